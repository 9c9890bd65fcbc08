// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// FEAT_SME as a guest hypervisor uses it (DDI 0487 D24.2 SMCR_EL2, SMCR_EL1, SVCR, CPTR_EL2,
// CPACR_EL1; pseudocode CheckSMEAccess(), CheckSMEEnabled(); "Effective Streaming SVE vector
// length"):
//  - its own streaming vector length: RDSVL at EL2 after SMCR_EL2 writes of several LEN values
//    (the largest implemented length not above the request, or the smallest implemented one);
//    SMSTART/SMSTOP and SVCR at EL2, RDVL in Streaming SVE mode;
//  - its guest's: RDSVL at L2 with L2's SMCR_EL1 and its SMCR_EL2 each the smaller one, L2's
//    SMCR_EL1 written by L2 and read back by L1 (SMCR_EL12 with E2H=1), L2's SMSTART/SMSTOP,
//    and L2's PSTATE.SM/ZA seen by L1 in SVCR at an exit (the PE's, not saved by anyone);
//  - TPIDR2_EL0 and SMPRI_EL1 (RES0 without streaming priorities) at EL2, and at L2 under L1's
//    HFGRTR/HFGWTR_EL2 nTPIDR2_EL0 / nSMPRI_EL1 (FEAT_FGT);
//  - the traps: CPTR_EL2.TSM (E2H=0) or SMEN (E2H=1) for RDSVL and an SMCR_ELx access at EL2
//    and at L2 (EC 0x1D, SMTC 0); TFP/FPEN alone for them; L2's CPACR_EL1.SMEN, which
//    CheckSMEEnabled() tests before L1's controls (EL1 before EL2).
// sme_run(0) here, sme_run(1) from the VHE pass (sec_vhe.c). Without FEAT_SME one line.
#include "conform.h"
#include "masks.h"
#include "sec_fpx.h"

/* RDSVL X0, #1: the streaming vector length in bytes (0x04bf5820); RDVL X0, #1 (0x04bf5020) */
#define RDSVL_X0 ".inst 0x04bf5820"
#define RDVL_X0	 ".inst 0x04bf5020"
/* SMSTART (MSR SVCRSMZA, #1) and SMSTOP (MSR SVCRSMZA, #0) */
#define SMSTART ".inst 0xd503477f"
#define SMSTOP	".inst 0xd503467f"
/* SVCR (S3_3_C4_C2_2), SMCR_EL1 (S3_0_C1_C2_6), SMCR_EL2 (S3_4_C1_C2_6), SMCR_EL12
 * (S3_5_C1_C2_6), SMIDR_EL1 (S3_1_C0_C0_6) */

/* CPTR_EL2: TSM (E2H=0) at [12], SMEN (E2H=1) at [25:24] */
static const struct fpx_ctl ctl_sme = {12, 24};

FPX_L2_FN(l2_rdsvl, RDSVL_X0)
/* L2 writes its SMCR_EL1 (x0), then reads its streaming vector length */
FPX_L2_FN(l2_smcr_w, "msr s3_0_c1_c2_6, x0\n\tisb\n\t" RDSVL_X0)
FPX_L2_FN(l2_smcr_r, "mrs x0, s3_0_c1_c2_6")
/* L2 writes TPIDR2_EL0 (x0) and reads it back; reads SMPRI_EL1 */
FPX_L2_FN(l2_tpidr2, "msr s3_3_c13_c0_5, x0\n\tmrs x0, s3_3_c13_c0_5")
FPX_L2_FN(l2_tpidr2_r, "mrs x0, s3_3_c13_c0_5")
FPX_L2_FN(l2_smpri, "mrs x0, s3_0_c1_c2_4")

/* L2 enters Streaming SVE mode and calls L1 (HVC #0x5): PSTATE.SM/ZA are the PE's, L1 sees
 * them in SVCR at its exit; back in L2, SVCR again, then SMSTOP */
FPX_L2_FN(l2_sm_hvc, SMSTART "\n\thvc #0x5\n\tmrs x0, s3_3_c4_c2_2\n\t" SMSTOP)

/* SMSTART, SVCR, RDVL #1 in Streaming SVE mode (the streaming length), SMSTOP, SVCR: packed
 * as SVCR after SMSTART << 32 | SVCR after SMSTOP << 24 | RDVL bytes. Integer instructions
 * only while PSTATE.SM is 1 (legal without FEAT_SME_FA64). */
static u64 sm_cycle(u64 a)
{
	register u64 x0_ __asm__("x0") = a;
	u64 s1, s2, vl;
	__asm__ volatile(SMSTART "\n\tmrs %0, s3_3_c4_c2_2\n\t" RDVL_X0 "\n\tmov %2, x0\n\t" SMSTOP
				 "\n\tmrs %1, s3_3_c4_c2_2"
			 : "=&r"(s1), "=&r"(s2), "=&r"(vl), "+r"(x0_)::"memory");
	return (s1 << 32) | (s2 << 24) | vl;
}

/* SMCR_EL2 by the current E2H's name, L2's SMCR_EL1 (smcr2_set, smcr1_set, smcr1_get) */
FPX_LEN_REGS(smcr, c1_c2_6)

/* SMCR_ELx bits defined for the features the image sees: LEN [3:0], EZT0 [30] (SME2), FA64
 * [31] (FEAT_SME_FA64, ID_AA64SMFR0_EL1 [63]) */
static u64 def_smcr(const struct idv *i)
{
	u64 smfr0 = rd(s3_0_c0_c4_5);
	return 0xfULL | (idf(i->pfr1, 24) >= 2 ? BIT(30) : 0) | ((smfr0 >> 63) ? BIT(31) : 0);
}

/* The EL2 trap cases' names (string literals: no pointers in initialised data) */
static const char *trap_name(int e2h, unsigned i, int smcr)
{
	switch (i * 4 + (unsigned)e2h * 2 + (unsigned)smcr) {
	case 0:
		return "CPTR_EL2.TSM=1: rdsvl";
	case 1:
		return "CPTR_EL2.TSM=1: mrs SMCR_EL2";
	case 2:
		return "CPTR_EL2.SMEN=0: rdsvl";
	case 3:
		return "CPTR_EL2.SMEN=0: mrs SMCR_EL2";
	case 4:
		return "CPTR_EL2.TFP=1: rdsvl";
	case 5:
		return "CPTR_EL2.TFP=1: mrs SMCR_EL2";
	case 6:
		return "CPTR_EL2.FPEN=0: rdsvl";
	case 7:
		return "CPTR_EL2.FPEN=0: mrs SMCR_EL2";
	case 8:
		return "CPTR_EL2.TSM=1 TFP=1: rdsvl";
	case 9:
		return "CPTR_EL2.TSM=1 TFP=1: mrs SMCR_EL2";
	case 10:
		return "CPTR_EL2.SMEN=0 FPEN=0: rdsvl";
	default:
		return "CPTR_EL2.SMEN=0 FPEN=0: mrs SMCR_EL2";
	}
}

static void el2_part(int e2h, u64 cptr, u64 def)
{
	/* LEN values: the smallest, powers of two, others, the largest encodable */
	static const unsigned char lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 11, 15};
	struct probe r;
	u64 vl, back, s;

	wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr));
	isb();
	for (unsigned i = 0; i < sizeof(lens); i++) {
		smcr2_set(e2h, lens[i] | (def & ~0xfULL));
		vl = PROBE_X0(&r, 0, RDSVL_X0);
		back = rd(s3_4_c1_c2_6) & def;
		if (r.taken)
			t_probe("rdsvl", &r);
		else
			t_line("SMCR_EL2.LEN <- %u: SMCR_EL2=0x%lx, RDSVL #1 = %lu bytes", lens[i],
			       (unsigned long)back, (unsigned long)vl);
	}
	/* every bit written: LEN, FA64/EZT0 as defined ([8:4] RAZ/WI, the rest RES0) */
	smcr2_set(e2h, ~0ULL);
	back = rd(s3_4_c1_c2_6) & def;
	t_line("SMCR_EL2 <- ~0: 0x%lx (defined bits)", (unsigned long)back);
	/* Streaming SVE mode at EL2 with LEN 1 */
	smcr2_set(e2h, 1 | (def & ~0xfULL));
	s = sm_cycle(0);
	t_line("SMSTART: SVCR=0x%lx, RDVL #1 = %lu bytes; SMSTOP: SVCR=0x%lx",
	       (unsigned long)(s >> 32), (unsigned long)(s & 0xffffff),
	       (unsigned long)((s >> 24) & 0xff));

	/* TPIDR2_EL0 and SMPRI_EL1 at EL2 (SMPRI_EL1: RES0 without streaming priorities,
	 * SMIDR_EL1.SMPS 0) */
	u64 t2 = rd(s3_3_c13_c0_5);
	wr(s3_3_c13_c0_5, 0x5a5a0000c3c3ULL);
	back = rd(s3_3_c13_c0_5);
	wr(s3_3_c13_c0_5, t2);
	t_line("TPIDR2_EL0 <- 0x5a5a0000c3c3: 0x%lx", (unsigned long)back);
	vl = PROBE_X0(&r, 0, "mrs x0, s3_0_c1_c2_4");
	if (r.taken)
		t_probe("mrs SMPRI_EL1", &r);
	else
		t_line("SMIDR_EL1.SMPS=%lu, SMPRI_EL1=0x%lx",
		       (unsigned long)((rd(s3_1_c0_c0_6) >> 15) & 1), (unsigned long)vl);

	/* Traps at EL2: the SME control; the FP one alone (RDSVL: CheckSMEEnabled tests it
	 * after the SME control; SMCR_EL2: CheckSMEAccess, the SME control only) */
	FPX_EL2_TRAPS(&ctl_sme, e2h, cptr, RDSVL_X0, "mrs x0, s3_4_c1_c2_6", trap_name);
	if (e2h) {
		/* SMEN = 0b01 traps EL0 only, with TGE=1 (EL2 and EL1 untrapped) */
		wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr) & ~(2ULL << 24));
		isb();
		(void)PROBE_X0(&r, 0, RDSVL_X0);
		wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr));
		isb();
		t_probe("CPTR_EL2.SMEN=1: rdsvl", &r);
	}
}

static void l2_part(int e2h, u64 cptr, u64 def)
{
	/* {SMCR_EL2.LEN, L2's SMCR_EL1.LEN}: each one the smaller, equal, above the largest */
	static const unsigned char vl[][2] = {{1, 3}, {3, 1}, {7, 15}, {15, 7}, {4, 4}, {0, 15}};
	u64 hi = def & ~0xfULL;

	wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr));
	isb();
	fpx_cpacr1_set(e2h, (3ULL << 24) | (3ULL << 20)); /* L2: SMEN, FPEN 0b11 */
	for (unsigned i = 0; i < sizeof(vl) / sizeof(vl[0]); i++) {
		smcr2_set(e2h, vl[i][0] | hi);
		smcr1_set(e2h, vl[i][1] | hi);
		t_line("SMCR_EL2.LEN=%u, L2's SMCR_EL1.LEN=%u:", vl[i][0], vl[i][1]);
		fpx_l2_case(e2h, "L2 RDSVL #1 bytes", l2_rdsvl, 0, 1, 1);
	}
	/* L2 changes its SMCR_EL1; L1 reads it back (SMCR_EL2.LEN 3) */
	smcr2_set(e2h, 3 | hi);
	fpx_l2_case(e2h, "L2 SMCR_EL1 <- 0x5, RDSVL #1 bytes", l2_smcr_w, 5, 1, 1);
	t_line("L1 reads L2's SMCR_EL1=0x%lx", (unsigned long)(smcr1_get(e2h) & def));
	fpx_l2_case(e2h, "L2 reads SMCR_EL1", l2_smcr_r, 0, 1, 1);
	/* L2's Streaming SVE mode: SVCR, its streaming length (SMCR_EL2.LEN 1 is the smaller) */
	smcr2_set(e2h, 1 | hi);
	fpx_l2_case(e2h, "L2 SMSTART/SMSTOP (SVCR << 32 | SVCR << 24 | RDVL)", sm_cycle, 0, 1, 1);
	t_line("L1's SVCR after L2's SMSTOP=0x%lx", (unsigned long)rd(s3_3_c4_c2_2));
	{
		struct l2_config cfg = {.granule_shift = 12, .e2h = e2h, .keep_el1 = 1};
		struct l2_exit e;
		int rc = run_l2(&cfg, l2_sm_hvc, 0, &e);
		u64 svcr = rd(s3_3_c4_c2_2); /* (integer code only while PSTATE.SM may be 1) */
		if (rc == 1) {
			t_exit("L2 SMSTART, hvc #0x5", &e, c_base());
			t_line("L1's SVCR at L2's HVC=0x%lx", (unsigned long)svcr);
			rc = l2_resume(&cfg, 0, &e);
		}
		svcr = rd(s3_3_c4_c2_2);
		if (rc == 0)
			t_line("L2's SVCR after the HVC: 0x%lx; L1's after L2's SMSTOP: 0x%lx",
			       (unsigned long)e.ret, (unsigned long)svcr);
		else
			t_exit("L2 SMSTART, hvc #0x5 resumed", &e, c_base());
	}

	/* L2's TPIDR2_EL0 and SMPRI_EL1 under L1's fine-grained traps (FEAT_FGT: HFGRTR_EL2 /
	 * HFGWTR_EL2 nTPIDR2_EL0 [55], nSMPRI_EL1 [54], negative: 0 traps) */
	struct idv I;
	id_read(&I);
	if (idf(I.mmfr0, 56)) {
		u64 fr = rd(s3_4_c1_c1_4), fw = rd(s3_4_c1_c1_5), t2 = rd(s3_3_c13_c0_5);
		const u64 nb = BIT(55) | BIT(54);
		for (int open = 0; open < 2; open++) {
			wr(s3_4_c1_c1_4, open ? fr | nb : fr & ~nb);
			wr(s3_4_c1_c1_5, open ? fw | nb : fw & ~nb);
			isb();
			t_line("HFGRTR/HFGWTR_EL2 nTPIDR2_EL0, nSMPRI_EL1 = %d:", open);
			fpx_l2_case(e2h, "L2 TPIDR2_EL0 <- 0x77, read back", l2_tpidr2, 0x77, 1, 1);
			fpx_l2_case(e2h, "L2 reads TPIDR2_EL0", l2_tpidr2_r, 0, 1, 1);
			fpx_l2_case(e2h, "L2 reads SMPRI_EL1", l2_smpri, 0, 1, 1);
		}
		t_line("L1 reads TPIDR2_EL0=0x%lx", (unsigned long)rd(s3_3_c13_c0_5));
		wr(s3_3_c13_c0_5, t2);
		wr(s3_4_c1_c1_4, fr);
		wr(s3_4_c1_c1_5, fw);
		isb();
	}

	/* L1's traps for L2: its CPTR_EL2 SME and FP controls */
	wr(cptr_el2, fpx_cptr_trap(&ctl_sme, e2h, cptr, 1, 0));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.SMEN=0: rdsvl" : "CPTR_EL2.TSM=1: rdsvl", l2_rdsvl, 0, 0,
		    1);
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.SMEN=0: mrs SMCR_EL1" : "CPTR_EL2.TSM=1: mrs SMCR_EL1",
		    l2_smcr_r, 0, 0, 1);
	wr(cptr_el2, fpx_cptr_trap(&ctl_sme, e2h, cptr, 0, 1));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.FPEN=0: rdsvl" : "CPTR_EL2.TFP=1: rdsvl", l2_rdsvl, 0, 0,
		    1);
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.FPEN=0: mrs SMCR_EL1" : "CPTR_EL2.TFP=1: mrs SMCR_EL1",
		    l2_smcr_r, 0, 0, 1);
	wr(cptr_el2, fpx_cptr_trap(&ctl_sme, e2h, cptr, 1, 1));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.SMEN=0 FPEN=0: rdsvl" : "CPTR_EL2.TSM=1 TFP=1: rdsvl",
		    l2_rdsvl, 0, 0, 1);
	/* L2's own CPACR_EL1 first (to L2's EL1), even with L1's SME trap set */
	wr(cptr_el2, fpx_cptr_trap(&ctl_sme, e2h, cptr, 1, 0));
	isb();
	fpx_cpacr1_set(e2h, 3ULL << 20); /* SMEN 0b00 */
	fpx_l2_case(e2h, "L2's CPACR_EL1.SMEN=0, L1's SME trap: rdsvl", l2_rdsvl, 0, 0, 1);
	fpx_l2_case(e2h, "L2's CPACR_EL1.SMEN=0, L1's SME trap: mrs SMCR_EL1", l2_smcr_r, 0, 0, 1);
	wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr));
	isb();
	fpx_cpacr1_set(e2h, 1ULL << 24 | 3ULL << 20); /* SMEN 0b01: EL0 only */
	fpx_l2_case(e2h, "L2's CPACR_EL1.SMEN=1: rdsvl at EL1 bytes", l2_rdsvl, 0, 1, 1);
}

void sme_run(int e2h)
{
	struct idv I;
	id_read(&I);
	if (!f_sme(&I)) {
		t_line("no FEAT_SME (ID_AA64PFR1_EL1.SME=0)");
		return;
	}
	u64 def = def_smcr(&I);
	u64 hcr = rd(hcr_el2), smcr2 = rd(s3_4_c1_c2_6);
	struct l2_el1ctx l2c;
	u64 smcr1;
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	u64 cptr = rd(cptr_el2); /* (in the layout of this E2H) */
	t_line("HCR_EL2.E2H=%d TGE=0; SMCR_ELx defined bits 0x%lx", e2h, (unsigned long)def);
	el2_part(e2h, cptr, def);
	l2_el1_enter(e2h, &l2c, 0);
	wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr));
	isb();
	smcr1 = smcr1_get(e2h);
	l2_part(e2h, cptr, def);
	wr(cptr_el2, fpx_cptr_open(&ctl_sme, e2h, cptr)); /* (SMCR_ELx accesses obey it) */
	isb();
	smcr1_set(e2h, smcr1);
	l2_el1_leave(e2h, &l2c);
	smcr2_set(e2h, smcr2); /* (before CPTR_EL2, which may trap it) */
	wr(cptr_el2, cptr);
	isb();
	wr(hcr_el2, hcr);
	isb();
}

void sec_sme(void)
{
	sme_run(0);
}
