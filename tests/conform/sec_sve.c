// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// FEAT_SVE as a guest hypervisor uses it (DDI 0487 D24.2 ZCR_EL2, ZCR_EL1, CPTR_EL2,
// CPACR_EL1; pseudocode CheckSVEEnabled(); "Effective SVE vector length"):
//  - its own vector length: RDVL at EL2 after ZCR_EL2 writes of several LEN values, above
//    the largest implemented one too (the largest implemented length not above the request);
//  - its guest's: RDVL at L2 with L2's ZCR_EL1 and its ZCR_EL2 each the smaller one, L2's own
//    ZCR_EL1 write read back by L1;
//  - the traps: CPTR_EL2.TZ/TFP (E2H=0) or ZEN/FPEN (E2H=1) for an SVE instruction and a
//    ZCR_ELx access at EL2 and at L2, and L2's CPACR_EL1.ZEN/FPEN, which CheckSVEEnabled()
//    tests first (EC 0x19 before 0x07, EL1 before EL2).
// sve_run(0) here, sve_run(1) from the VHE pass (sec_vhe.c). Without FEAT_SVE one line.
#include "conform.h"
#include "masks.h"
#include "sec_fpx.h"

/* RDVL X0, #1: the current vector length in bytes (0x04bf5020) */
#define RDVL_X0 ".inst 0x04bf5020"

/* CPTR_EL2: TZ (E2H=0) at [8], ZEN (E2H=1) at [17:16] */
static const struct fpx_ctl ctl_sve = {8, 16};

FPX_L2_FN(l2_rdvl, RDVL_X0)
/* L2 writes its ZCR_EL1 (x0), then reads its vector length */
FPX_L2_FN(l2_zcr_w, "msr s3_0_c1_c2_0, x0\n\tisb\n\t" RDVL_X0)
FPX_L2_FN(l2_zcr_r, "mrs x0, s3_0_c1_c2_0")

/* ZCR_EL2 by the current E2H's name, L2's ZCR_EL1 (zcr2_set, zcr1_set, zcr1_get) */
FPX_LEN_REGS(zcr, c1_c2_0)

/* The EL2 trap cases' names (string literals: no pointers in initialised data) */
static const char *trap_name(int e2h, unsigned i, int zcr)
{
	switch (i * 4 + (unsigned)e2h * 2 + (unsigned)zcr) {
	case 0:
		return "CPTR_EL2.TZ=1: rdvl";
	case 1:
		return "CPTR_EL2.TZ=1: mrs ZCR_EL2";
	case 2:
		return "CPTR_EL2.ZEN=0: rdvl";
	case 3:
		return "CPTR_EL2.ZEN=0: mrs ZCR_EL2";
	case 4:
		return "CPTR_EL2.TFP=1: rdvl";
	case 5:
		return "CPTR_EL2.TFP=1: mrs ZCR_EL2";
	case 6:
		return "CPTR_EL2.FPEN=0: rdvl";
	case 7:
		return "CPTR_EL2.FPEN=0: mrs ZCR_EL2";
	case 8:
		return "CPTR_EL2.TZ=1 TFP=1: rdvl";
	case 9:
		return "CPTR_EL2.TZ=1 TFP=1: mrs ZCR_EL2";
	case 10:
		return "CPTR_EL2.ZEN=0 FPEN=0: rdvl";
	default:
		return "CPTR_EL2.ZEN=0 FPEN=0: mrs ZCR_EL2";
	}
}

static void el2_part(int e2h, u64 cptr)
{
	/* LEN values: the smallest, powers of two, others, the largest encodable (15: 2048
	 * bits, above what an implementation may have) */
	static const unsigned char lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 11, 15};
	struct probe r;
	u64 vl, back;

	wr(cptr_el2, fpx_cptr_open(&ctl_sve, e2h, cptr));
	isb();
	for (unsigned i = 0; i < sizeof(lens); i++) {
		zcr2_set(e2h, lens[i]);
		vl = PROBE_X0(&r, 0, RDVL_X0);
		back = rd(s3_4_c1_c2_0);
		if (r.taken)
			t_probe("rdvl", &r);
		else
			t_line("ZCR_EL2.LEN <- %u: ZCR_EL2=0x%lx, RDVL #1 = %lu bytes", lens[i],
			       (unsigned long)back, (unsigned long)vl);
	}
	/* RES0 bits [63:4] (bits [8:4] RAZ/WI: D24.2 ZCR_EL2) */
	zcr2_set(e2h, 0x1f3);
	back = rd(s3_4_c1_c2_0);
	t_line("ZCR_EL2 <- 0x1f3: 0x%lx", (unsigned long)back);

	/* Traps at EL2 (CheckSVEEnabled: the SVE control first, then the FP one) */
	FPX_EL2_TRAPS(&ctl_sve, e2h, cptr, RDVL_X0, "mrs x0, s3_4_c1_c2_0", trap_name);
	if (e2h) {
		/* ZEN = 0b01 traps EL0 only, with TGE=1 (EL2 and EL1 untrapped) */
		wr(cptr_el2, fpx_cptr_open(&ctl_sve, e2h, cptr) & ~(2ULL << 16));
		isb();
		(void)PROBE_X0(&r, 0, RDVL_X0);
		wr(cptr_el2, fpx_cptr_open(&ctl_sve, e2h, cptr));
		isb();
		t_probe("CPTR_EL2.ZEN=1: rdvl", &r);
	}
}

static void l2_part(int e2h, u64 cptr)
{
	/* {ZCR_EL2.LEN, L2's ZCR_EL1.LEN}: each one the smaller, equal, above the largest */
	static const unsigned char vl[][2] = {{1, 3}, {3, 1}, {7, 15}, {15, 7}, {4, 4}, {0, 15}};
	u64 zcr1 = zcr1_get(e2h);

	wr(cptr_el2, fpx_cptr_open(&ctl_sve, e2h, cptr));
	isb();
	fpx_cpacr1_set(e2h, (3ULL << 16) | (3ULL << 20)); /* L2: ZEN, FPEN 0b11 */
	for (unsigned i = 0; i < sizeof(vl) / sizeof(vl[0]); i++) {
		zcr2_set(e2h, vl[i][0]);
		zcr1_set(e2h, vl[i][1]);
		t_line("ZCR_EL2.LEN=%u, L2's ZCR_EL1.LEN=%u:", vl[i][0], vl[i][1]);
		fpx_l2_case(e2h, "L2 RDVL #1 bytes", l2_rdvl, 0, 1, 0);
	}
	/* L2 changes its ZCR_EL1; L1 reads it back (ZCR_EL2.LEN 3) */
	zcr2_set(e2h, 3);
	fpx_l2_case(e2h, "L2 ZCR_EL1 <- 0x5, RDVL #1 bytes", l2_zcr_w, 5, 1, 0);
	t_line("L1 reads L2's ZCR_EL1=0x%lx", (unsigned long)zcr1_get(e2h));
	fpx_l2_case(e2h, "L2 reads ZCR_EL1", l2_zcr_r, 0, 1, 0);

	/* L1's traps for L2: its CPTR_EL2 SVE and FP controls */
	wr(cptr_el2, fpx_cptr_trap(&ctl_sve, e2h, cptr, 1, 0));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.ZEN=0: rdvl" : "CPTR_EL2.TZ=1: rdvl", l2_rdvl, 0, 0, 0);
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.ZEN=0: mrs ZCR_EL1" : "CPTR_EL2.TZ=1: mrs ZCR_EL1",
		    l2_zcr_r, 0, 0, 0);
	wr(cptr_el2, fpx_cptr_trap(&ctl_sve, e2h, cptr, 0, 1));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.FPEN=0: rdvl" : "CPTR_EL2.TFP=1: rdvl", l2_rdvl, 0, 0, 0);
	wr(cptr_el2, fpx_cptr_trap(&ctl_sve, e2h, cptr, 1, 1));
	isb();
	fpx_l2_case(e2h, e2h ? "CPTR_EL2.ZEN=0 FPEN=0: rdvl" : "CPTR_EL2.TZ=1 TFP=1: rdvl", l2_rdvl,
		    0, 0, 0);
	/* L2's own CPACR_EL1 first (to L2's EL1), even with L1's SVE trap set */
	wr(cptr_el2, fpx_cptr_trap(&ctl_sve, e2h, cptr, 1, 0));
	isb();
	fpx_cpacr1_set(e2h, 3ULL << 20); /* ZEN 0b00 */
	fpx_l2_case(e2h, "L2's CPACR_EL1.ZEN=0, L1's SVE trap: rdvl", l2_rdvl, 0, 0, 0);
	fpx_cpacr1_set(e2h, 3ULL << 16); /* FPEN 0b00 */
	fpx_l2_case(e2h, "L2's CPACR_EL1.FPEN=0, L1's SVE trap: rdvl", l2_rdvl, 0, 0, 0);
	wr(cptr_el2, fpx_cptr_open(&ctl_sve, e2h, cptr));
	isb();
	fpx_cpacr1_set(e2h, 1ULL << 16 | 3ULL << 20); /* ZEN 0b01: EL0 only */
	fpx_l2_case(e2h, "L2's CPACR_EL1.ZEN=1: rdvl at EL1 bytes", l2_rdvl, 0, 1, 0);
	zcr1_set(e2h, zcr1);
}

void sve_run(int e2h)
{
	struct idv I;
	id_read(&I);
	if (!f_sve(&I)) {
		t_line("no FEAT_SVE (ID_AA64PFR0_EL1.SVE=0)");
		return;
	}
	u64 hcr = rd(hcr_el2), zcr2 = rd(s3_4_c1_c2_0);
	struct l2_el1ctx l2c;
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	u64 cptr = rd(cptr_el2); /* (in the layout of this E2H) */
	t_line("HCR_EL2.E2H=%d TGE=0", e2h);
	el2_part(e2h, cptr);
	l2_el1_enter(e2h, &l2c, 0);
	l2_part(e2h, cptr);
	l2_el1_leave(e2h, &l2c);
	zcr2_set(e2h, zcr2); /* (before CPTR_EL2, which may trap it) */
	wr(cptr_el2, cptr);
	isb();
	wr(hcr_el2, hcr);
	isb();
}

void sec_sve(void)
{
	sve_run(0);
}
