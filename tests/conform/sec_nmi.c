// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// FEAT_NMI, the PE side (DDI 0487 D1.4 "Asynchronous exception masking", "Exception entry",
// "Exception return"; D24.2 SCTLR_EL2, HCRX_EL2): PSTATE.ALLINT at EL2 through MSR ALLINT
// (immediate and register) and MRS ALLINT; its value after an exception taken to EL2 (NOT
// SCTLR_EL2.SPINTMASK, whatever SCTLR_EL2.NMI is); restored by ERET from SPSR_EL2.ALLINT; and
// a virtual IRQ/FIQ made pending by HCR_EL2.VI/VF with Superpriority (HCRX_EL2.VINMI/VFNMI),
// which L2 takes with PSTATE.I/F set when SCTLR_EL1.NMI is 1 and AllIntMask is 0 (PSTATE.ALLINT
// clear, and not PSTATE.SP with SCTLR_EL1.SPINTMASK). Only with FEAT_NMI and FEAT_HCX.
// PSTATE.ALLINT is left as found (natively 1 after the earlier exits from L2).
#include "conform.h"
#include "masks.h"

#define ALLINT		BIT(13)
#define SCTLR_NMI	BIT(61)
#define SCTLR_SPINTMASK BIT(62)

static void allint_imm(int v)
{
	if (v)
		__asm__ volatile(".inst 0xd501411f" ::: "memory"); /* msr allint, #1 */
	else
		__asm__ volatile(".inst 0xd501401f" ::: "memory"); /* msr allint, #0 */
}

static int allint_now(void)
{
	return (rd(s3_0_c4_c3_0) & ALLINT) != 0;
}

static u64 l2_ret0(u64 a)
{
	(void)a;
	return 0;
}

static u64 l2_allint(u64 a)
{
	register u64 x0_ __asm__("x0") = a;
	__asm__ volatile("mrs x0, s3_0_c4_c3_0" : "+r"(x0_)::"memory");
	return x0_;
}

/* ALLINT at EL2: the immediate and register forms, then the value after an exit from L2
 * (an exception taken to EL2) with SCTLR_EL2.SPINTMASK 0 and 1. */
static void el2_allint(void)
{
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	u64 sctlr = rd(sctlr_el2);
	int a0, a1, a2, a3;

	allint_imm(0);
	a0 = allint_now();
	allint_imm(1);
	a1 = allint_now();
	wr(s3_0_c4_c3_0, 0);
	a2 = allint_now();
	wr(s3_0_c4_c3_0, ALLINT);
	a3 = allint_now();
	t_line("EL2: msr ALLINT, #0: %d; #1: %d; msr ALLINT, x (0): %d; (1 << 13): %d", a0, a1, a2,
	       a3);
	for (int sp = 0; sp < 2; sp++) {
		for (int nmi = 0; nmi < 2; nmi++) {
			u64 s = (sctlr & ~(SCTLR_NMI | SCTLR_SPINTMASK)) |
				(sp ? SCTLR_SPINTMASK : 0) | (nmi ? SCTLR_NMI : 0);
			int rc, after;

			wr(sctlr_el2, s);
			isb();
			allint_imm(!sp); /* the opposite of what the exception entry sets */
			rc = run_l2(&cfg, l2_ret0, 0, &e);
			after = allint_now();
			wr(sctlr_el2, sctlr);
			isb();
			t_line("SCTLR_EL2.NMI=%d SPINTMASK=%d: L2 %s; ALLINT after the exit: %d",
			       nmi, sp, rc == 0 ? "returned" : "exited otherwise", after);
		}
	}
}

/* ERET to L2 with SPSR_EL2.ALLINT 0 and 1: L2 reads PSTATE.ALLINT. */
static void eret_allint(void)
{
	for (int a = 0; a < 2; a++) {
		struct l2_config cfg = {.granule_shift = 12, .spsr_extra = a ? ALLINT : 0};
		struct l2_exit e;

		if (run_l2(&cfg, l2_allint, 0, &e) < 0) {
			t_line("ERET with SPSR_EL2.ALLINT=%d: L2 setup failed", a);
			continue;
		}
		t_exit(a ? "ERET with SPSR_EL2.ALLINT=1: mrs ALLINT"
			 : "ERET with SPSR_EL2.ALLINT=0: mrs ALLINT",
		       &e, c_base());
	}
}

/* A virtual IRQ (HCR_EL2.IMO + VI) or FIQ (FMO + VF) pending on L2's entry, L2 at EL1h with
 * PSTATE.DAIF masked; Superpriority from HCRX_EL2.VINMI/VFNMI. Taken: an exit through L2's
 * vectors (current EL with SP_ELx: IRQ 0x280, FIQ 0x300); masked: L2 returns. */
static void virq_case(const char *what, int fiq, int nmi_pri, u64 sctlr1, u64 spsr_extra)
{
	struct l2_config cfg = {.granule_shift = 12,
				.keep_el1 = 1,
				.hcr_extra = fiq ? BIT(3) | BIT(6) : BIT(4) | BIT(7),
				.spsr_extra = spsr_extra};
	struct l2_exit e;
	u64 hcrx = rd(s3_4_c1_c2_2), s1 = rd(sctlr_el1), v1 = rd(vbar_el1);
	int rc;

	wr(s3_4_c1_c2_2, (hcrx & ~(BIT(7) | BIT(8))) | (nmi_pri ? (fiq ? BIT(8) : BIT(7)) : 0));
	wr(sctlr_el1, 0x30d00800 | sctlr1);
	wr(vbar_el1, (u64)l2_vectors);
	isb();
	rc = run_l2(&cfg, l2_ret0, 0, &e);
	wr(s3_4_c1_c2_2, hcrx);
	wr(sctlr_el1, s1);
	wr(vbar_el1, v1);
	isb();
	if (rc < 0)
		t_line("%s: L2 setup failed", what);
	else
		t_exit(what, &e, c_base());
}

void sec_nmi(void)
{
	struct idv I;
	int saved;

	id_read(&I);
	if (!idf(I.pfr1, 36) || !idf(I.mmfr1, 40)) {
		t_line("no FEAT_NMI or FEAT_HCX (ID_AA64PFR1_EL1.NMI, ID_AA64MMFR1_EL1.HCX)");
		return;
	}
	saved = allint_now(); /* ALLINT is UNDEFINED without FEAT_NMI: only now */
	el2_allint();
	eret_allint();
	virq_case("vIRQ, VINMI=0, SCTLR_EL1.NMI=1, I=1", 0, 0, SCTLR_NMI, 0);
	virq_case("vIRQ, VINMI=1, SCTLR_EL1.NMI=1, I=1", 0, 1, SCTLR_NMI, 0);
	virq_case("vIRQ, VINMI=1, SCTLR_EL1.NMI=0, I=1", 0, 1, 0, 0);
	virq_case("vIRQ, VINMI=1, SCTLR_EL1.NMI=1, I=1, ALLINT=1", 0, 1, SCTLR_NMI, ALLINT);
	virq_case("vIRQ, VINMI=1, SCTLR_EL1.NMI=1 SPINTMASK=1, SP=1", 0, 1,
		  SCTLR_NMI | SCTLR_SPINTMASK, 0);
	virq_case("vFIQ, VFNMI=0, SCTLR_EL1.NMI=1, F=1", 1, 0, SCTLR_NMI, 0);
	virq_case("vFIQ, VFNMI=1, SCTLR_EL1.NMI=1, F=1", 1, 1, SCTLR_NMI, 0);
	allint_imm(saved);
}
