// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// EL0 under this image's EL2 with HCR_EL2.TGE=1: E2H=1, how a VHE hypervisor runs its own
// user space, and E2H=0. Every exception from EL0 is taken to EL2 (DDI 0487 D1.3 "Routing
// exceptions": TGE routes what would go to EL1 to EL2), with the syndrome, the preferred
// return address and SPSR_EL2 of an exception from EL0. The EL0 controls: with E2H=1 the
// EL2&0 regime's, SCTLR_EL2.{UCT, DZE, UMA, nTWI}, CNTHCTL_EL2.{EL0PCTEN, EL0VCTEN, EL0VTEN,
// EL0PTEN} and CPTR_EL2.FPEN (0b01 traps EL0 only); with E2H=0 SCTLR_EL1, CNTKCTL_EL1 and
// CPACR_EL1, whose traps TGE takes to EL2 (D24.2 SCTLR_EL1.UCT: "if HCR_EL2.TGE is 1, to EL2").
// CNTVOFF_EL2 is applied to EL0's virtual count unless E2H and TGE are both 1 (D12.1.x "The
// virtual counter"). E2H=1 is its own section after the VHE pass, E2H=0 (sec_el0nvhe.c) the
// last one (sections.h). Each EL0 function runs
// from el0_stub, which ends with SVC #0xe0e0; a trap is resumed past the trapped instruction
// with x0 = EMUL (an emulated MRS), so the transcript shows EL0 getting the emulated value.
#include "conform.h"
#include "masks.h"

int l2_enter(u64 *gpr);
void el0_stub(void);

__asm__(".text\n"
	".balign 4\n"
	".global el0_stub\n"
	"el0_stub:\n"
	"	mov x2, x0\n"
	"	mov x0, x1\n"
	"	blr x2\n"
	"	svc #0xe0e0\n"
	"	b .\n");

#define EMUL 0x5eed0000ULL

static u64 el0_stack[256] __attribute__((aligned(16)));

struct el0_exit {
	int kind, done;
	u64 esr, elr_off, spsr, far, ret;
};

static u64 el0_fn, el0_elr, el0_spsr, el0_hcr; /* el0_hcr: HCR_EL2 while EL0 runs */

static int el0_go(struct el0_exit *e)
{
	u64 *gpr = l2_regs(), hcr = rd(hcr_el2);
	wr(hcr_el2, el0_hcr);
	isb();
	wr(elr_el2, el0_elr);
	wr(spsr_el2, el0_spsr);
	int kind = l2_enter(gpr);
	u64 esr = rd(esr_el2), elr = rd(elr_el2), spsr = rd(spsr_el2), far = rd(far_el2);
	wr(hcr_el2, hcr);
	isb();
	el0_elr = elr, el0_spsr = spsr;
	e->kind = kind, e->esr = esr, e->spsr = spsr, e->far = far;
	e->elr_off = c_off(elr) - c_off(el0_fn);
	e->done = kind == 0 && (esr >> 26) == 0x15 && (esr & 0xffff) == 0xe0e0;
	e->ret = gpr[0];
	return e->done ? 0 : 1;
}

static int el0_run(u64 (*fn)(u64), u64 arg, u64 nzcv, struct el0_exit *e)
{
	u64 *gpr = l2_regs();
	for (int i = 0; i < 31; i++)
		gpr[i] = 0;
	gpr[0] = (u64)fn, gpr[1] = arg;
	el0_fn = (u64)fn;
	wr(sp_el0, (u64)(el0_stack + 256));
	el0_elr = (u64)el0_stub;
	el0_spsr = nzcv | 0x3c0; /* EL0t, DAIF masked */
	return el0_go(e);
}

/* "WHAT: EC ISS ELR SPSR" of an exception from EL0; ELR relative to the EL0 function. */
static void el0_line(const char *what, const struct el0_exit *e)
{
	if (e->done) {
		t_line("%s: EL0 returned 0x%lx", what, (unsigned long)e->ret);
		return;
	}
	t_line("%s: vector %d ESR_EL2=0x%lx ELR=fn+0x%lx SPSR_EL2=0x%lx", what, e->kind,
	       (unsigned long)e->esr, (unsigned long)e->elr_off, (unsigned long)e->spsr);
}

/* Run fn at EL0; a trap is printed and resumed past the instruction with x0 = EMUL. */
static void ecase(const char *what, u64 (*fn)(u64), u64 arg)
{
	struct el0_exit e;
	if (el0_run(fn, arg, 0, &e) == 0) {
		t_line("%s: not trapped", what);
		return;
	}
	el0_line(what, &e);
	l2_regs()[0] = EMUL;
	el0_elr += 4;
	if (el0_go(&e) == 0)
		t_line("%s: resumed: EL0 returned 0x%lx", what, (unsigned long)e.ret);
	else
		el0_line("resumed", &e);
}

#define EL0INSN(id, insn)                                                                          \
	static u64 e0_##id(u64 a)                                                                  \
	{                                                                                          \
		register u64 x0_ __asm__("x0") = a;                                                \
		__asm__ volatile(insn : "+r"(x0_)::"x1", "x2", "memory");                          \
		return x0_;                                                                        \
	}
EL0INSN(svc, "svc #0x12")
EL0INSN(udf, "udf #0x5")
EL0INSN(brk, "brk #0x33")
EL0INSN(hvc, "hvc #0x4")
EL0INSN(sctlr, "mrs x0, s3_0_c1_c0_0")
EL0INSN(impdef, "mrs x0, s3_0_c15_c0_0")
EL0INSN(ctr, "mrs x0, s3_3_c0_c0_1")
EL0INSN(dczva, "dc zva, x0")
EL0INSN(daifset, "msr daifset, #2")
EL0INSN(cntvct, "mrs x0, cntvct_el0")
EL0INSN(cntpct, "mrs x0, cntpct_el0")
EL0INSN(cntfrq, "mrs x0, cntfrq_el0")
EL0INSN(cntv_ctl, "mrs x0, cntv_ctl_el0")
EL0INSN(cntp_ctl, "mrs x0, cntp_ctl_el0")
EL0INSN(wfi, "wfi")
EL0INSN(fmov, "fmov d0, xzr")
EL0INSN(tpidrro, "mrs x0, tpidrro_el0")
EL0INSN(tpidr_w, "msr tpidr_el0, x0")
/* the virtual count minus the physical one, read back to back */
EL0INSN(vminusp, "isb\n\tmrs x1, cntvct_el0\n\tmrs x2, cntpct_el0\n\tsub x0, x1, x2")
#undef EL0INSN

static u64 zb[64] __attribute__((aligned(512)));

/* The EL0 controls of each layout: E2H=1, SCTLR_EL2, CNTHCTL_EL2 [9:0] and CPTR_EL2.FPEN (the
 * EL2&0 regime's); E2H=0, TGE=1: SCTLR_EL1, CNTKCTL_EL1 and CPACR_EL1 still control EL0 (the
 * traps they make go to EL2: D24.2 SCTLR_EL1.UCT etc. "when HCR_EL2.TGE is 1, to EL2"). */
static u64 ctl_rd(int e2h, int which)
{
	if (which == 0)
		return e2h ? rd(sctlr_el2) : rd(s3_0_c1_c0_0);
	if (which == 1)
		return e2h ? rd(cnthctl_el2) : rd(s3_0_c14_c1_0);
	return e2h ? rd(cptr_el2) : rd(s3_0_c1_c0_2);
}
static void ctl_wr(int e2h, int which, u64 v)
{
	if (which == 0) {
		if (e2h)
			wr(sctlr_el2, v);
		else
			wr(s3_0_c1_c0_0, v);
	} else if (which == 1) {
		if (e2h)
			wr(cnthctl_el2, v);
		else
			wr(s3_0_c14_c1_0, v);
	} else {
		if (e2h)
			wr(cptr_el2, v);
		else
			wr(s3_0_c1_c0_2, v);
	}
	isb();
}

void el0_pass(int e2h)
{
	struct el0_exit e;
	u64 dz = BIT(14), uct = BIT(15), uma = BIT(9), ntwi = BIT(16), tm = 0x303;
	u64 sctlr = ctl_rd(e2h, 0), tctl = ctl_rd(e2h, 1), fp = ctl_rd(e2h, 2);
	u64 cntvoff = rd(cntvoff_el2), tpidrro = rd(tpidrro_el0), tpidr = rd(tpidr_el0);
	const char *S = e2h ? "SCTLR_EL2" : "SCTLR_EL1";
	const char *C = e2h ? "CNTHCTL_EL2" : "CNTKCTL_EL1";
	const char *F = e2h ? "CPTR_EL2" : "CPACR_EL1";

	el0_hcr = e2h ? BIT(34) | BIT(31) | BIT(27) : BIT(31) | BIT(27);
	t_line("EL0 with HCR_EL2.E2H=%d TGE=1", e2h);
	/* MMU off; EL0 may read CTR and use DC ZVA, WFI, DAIF; the EL0 counter/timer
	 * enables EL0PCTEN EL0VCTEN EL0VTEN EL0PTEN all 1; FPEN = 0b11 */
	ctl_wr(e2h, 0, (sctlr & ~BIT(0)) | dz | uct | uma | ntwi);
	ctl_wr(e2h, 1, tctl | tm);
	ctl_wr(e2h, 2, fp | (3ULL << 20));

	/* Exceptions from EL0: SVC (ELR past it), UDF, BRK, HVC (UNDEFINED at EL0) and an EL1
	 * register (UNDEFINED at EL0), ELR at the instruction; NZCV kept in SPSR_EL2. */
	el0_run(e0_svc, 0, 0x60000000ULL, &e);
	el0_line("svc #0x12 (NZCV=0110)", &e);
	el0_run(e0_udf, 0, 0, &e);
	el0_line("udf #5", &e);
	el0_run(e0_brk, 0, 0, &e);
	el0_line("brk #0x33", &e);
	el0_run(e0_hvc, 0, 0, &e);
	el0_line("hvc #4", &e);
	el0_run(e0_sctlr, 0, 0, &e);
	el0_line("mrs SCTLR_EL1", &e);
	/* an encoding reserved for IMPLEMENTATION DEFINED registers: the PE's (HCR_EL2.TIDCP is
	 * 0 here; whether it would trap EL0 is IMPLEMENTATION DEFINED) */
	el0_run(e0_impdef, 0, 0, &e);
	el0_line("mrs s3_0_c15_c0_0", &e);

	/* the SCTLR EL0 controls, each 1 then 0 (0 traps to EL2: EC 0x18 or 0x01) */
	t_line("%s.UCT DZE UMA nTWI = 1:", S);
	ecase("UCT=1: mrs CTR_EL0", e0_ctr, 0);
	ecase("DZE=1: dc zva", e0_dczva, (u64)zb);
	ecase("UMA=1: msr daifset, #2", e0_daifset, 0);
	ctl_wr(e2h, 0, ctl_rd(e2h, 0) & ~(dz | uct | uma | ntwi));
	t_line("%s.UCT DZE UMA nTWI = 0:", S);
	ecase("UCT=0: mrs CTR_EL0", e0_ctr, 0);
	ecase("DZE=0: dc zva", e0_dczva, (u64)zb);
	ecase("UMA=0: msr daifset, #2", e0_daifset, 0);
	ecase("nTWI=0: wfi", e0_wfi, 0);
	ctl_wr(e2h, 0, ctl_rd(e2h, 0) | dz | uct | uma | ntwi);

	/* the EL0 counter/timer controls: 1 lets EL0 read, 0 traps (EC 0x18) */
	t_line("%s.EL0PCTEN EL0VCTEN EL0VTEN EL0PTEN = 1:", C);
	ecase("EL0VTEN=1: mrs CNTV_CTL_EL0", e0_cntv_ctl, 0);
	/* CNTFRQ_EL0 at EL0: trapped only while EL0PCTEN and EL0VCTEN are both 0 (D24.x
	 * CNTFRQ_EL0 accessibility); EL0VCTEN alone lets EL0 read it */
	ecase("EL0PCTEN=EL0VCTEN=1: mrs CNTFRQ_EL0", e0_cntfrq, 0);
	ctl_wr(e2h, 1, ctl_rd(e2h, 1) & ~BIT(0));
	ecase("EL0PCTEN=0 EL0VCTEN=1: mrs CNTFRQ_EL0", e0_cntfrq, 0);
	ctl_wr(e2h, 1, ctl_rd(e2h, 1) & ~tm);
	t_line("%s.EL0PCTEN EL0VCTEN EL0VTEN EL0PTEN = 0:", C);
	ecase("EL0VCTEN=0: mrs CNTVCT_EL0", e0_cntvct, 0);
	ecase("EL0PCTEN=0: mrs CNTPCT_EL0", e0_cntpct, 0);
	ecase("EL0VTEN=0: mrs CNTV_CTL_EL0", e0_cntv_ctl, 0);
	ecase("EL0PTEN=0: mrs CNTP_CTL_EL0", e0_cntp_ctl, 0);
	ecase("EL0PCTEN=EL0VCTEN=0: mrs CNTFRQ_EL0", e0_cntfrq, 0);
	ctl_wr(e2h, 1, ctl_rd(e2h, 1) | BIT(0));
	ecase("EL0PCTEN=1 EL0VCTEN=0: mrs CNTFRQ_EL0", e0_cntfrq, 0);
	ctl_wr(e2h, 1, ctl_rd(e2h, 1) | tm);

	/* CNTVOFF_EL2 applies to EL0's virtual count unless E2H and TGE are both 1 */
	wr(cntvoff_el2, BIT(40));
	isb();
	/* CNTVCT - CNTPCT is -CNTVOFF_EL2 or 0, plus the time between the two reads, which the
	 * host running QEMU can stretch past 2^20 ticks (a millisecond of QEMU's 1 GHz counter:
	 * the check once used that bound, and conform_nv2_smp4 failed on it under load): each
	 * class is judged within 2^39 ticks (minutes) */
	if (el0_run(e0_vminusp, 0, 0, &e) == 0)
		t_line("CNTVOFF_EL2=2^40: EL0 CNTVCT - CNTPCT %s",
		       e.ret + (1ULL << 39) < (1ULL << 40) ? "near 0 (offset 0)"
		       : e.ret + (1ULL << 40) + (1ULL << 39) < (1ULL << 40)
			   ? "near -2^40 (offset applied)"
			   : "neither 0 nor -2^40");
	else
		el0_line("CNTVOFF_EL2=2^40: CNTVCT - CNTPCT", &e);
	wr(cntvoff_el2, cntvoff);
	isb();

	/* FPEN = 0b01 traps EL0 only (EC 0x07 to EL2 with TGE=1), 0b11 nothing */
	ctl_wr(e2h, 2, (ctl_rd(e2h, 2) & ~(3ULL << 20)) | (1ULL << 20));
	t_line("%s.FPEN=01:", F);
	ecase("FPEN=01: fmov d0, xzr", e0_fmov, 0);
	ctl_wr(e2h, 2, ctl_rd(e2h, 2) | (3ULL << 20));
	ecase("FPEN=11: fmov d0, xzr", e0_fmov, 0);

	/* TPIDRRO_EL0 set at EL2 reads back at EL0; TPIDR_EL0 written at EL0 reads at EL2 */
	wr(tpidrro_el0, 0x7e57ULL);
	isb();
	if (el0_run(e0_tpidrro, 0, 0, &e) == 0)
		t_line("TPIDRRO_EL0 <- 0x7e57 at EL2: EL0 reads 0x%lx", (unsigned long)e.ret);
	else
		el0_line("mrs TPIDRRO_EL0", &e);
	if (el0_run(e0_tpidr_w, 0xabcULL, 0, &e) == 0)
		t_line("EL0 TPIDR_EL0 <- 0xabc: EL2 reads 0x%lx", (unsigned long)rd(tpidr_el0));
	else
		el0_line("msr TPIDR_EL0", &e);

	wr(tpidrro_el0, tpidrro);
	wr(tpidr_el0, tpidr);
	ctl_wr(e2h, 2, fp);
	ctl_wr(e2h, 1, tctl);
	ctl_wr(e2h, 0, sctlr);
	t_line("EL0 with HCR_EL2.E2H=%d TGE=1: done", e2h);
}

void sec_el0(void)
{
	struct idv I;
	id_read(&I);
	if (!e2h_switchable(&I)) {
		t_line("E2H not switchable: no EL0 with E2H=1 TGE=1");
		return;
	}
	u64 hcr = rd(hcr_el2);
	/* E2H=1 first: the EL2 registers are read and written in their VHE layout */
	wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
	isb();
	el0_pass(1);
	wr(hcr_el2, hcr);
	isb();
}
