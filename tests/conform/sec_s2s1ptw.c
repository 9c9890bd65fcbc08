// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Stage-2 faults with L2's own stage 1 on: L2 (EL1) turns SCTLR_EL1.M on with tables this
// image wrote into L2's IPA space (TTBR0_EL1, 4K granule, 32-bit VA: a 1 GiB block
// identity-mapping the image, and a level-2 table for VA 0x80000000 in its own page).
// Faults on the stage-2 translation of a stage-1 descriptor's address are S1PTW = 1 with
// HPFAR_EL2 holding the descriptor's IPA (DDI 0487 D8 "Stage 2 fault on a stage 1
// translation table walk", D24 ESR_EL2.S1PTW, HPFAR_EL2); a fault on the data itself has
// S1PTW = 0 and HPFAR_EL2 the data IPA, which differs from the VA (FAR_EL2) here. A stage-1
// fault goes to L2's own EL1 (its vectors turn it into an HVC exit).
#include "sec_s2.h"

/* L2's stage 1 is s2s1_build's (sec_s2.h): VA = IPA for the 2 MiB block W (stage 2 maps 4
 * pages of it), VB a 2 MiB block to IPA IB (unmapped at stage 2), VU unmapped at stage 1. */
#define W	 S2S1_W
#define VB	 0x80200000ULL
#define IB	 S2S1_IB
#define VU	 0x80400000ULL
#define S1T2	 S2S1_T2
#define S1_BLOCK S2S1_BLOCK

/* The same with a cache maintenance or DC ZVA instruction instead of the load. */
#define MMU_OP(name, insn)                                                                         \
	static u64 name(u64 va)                                                                    \
	{                                                                                          \
		__asm__ volatile("mrs x9, sctlr_el1\n\torr x9, x9, #1\n\tmsr sctlr_el1, x9\n\t"    \
				 "isb\n\t" insn ::"r"(va)                                          \
				 : "x9", "memory");                                                \
		return 0;                                                                          \
	}
MMU_OP(l2_dczva, "dc zva, %0")
MMU_OP(l2_dccivac, "dc civac, %0")
MMU_OP(l2_dcivac, "dc ivac, %0")

static void run_fn(const struct s2t *t, const char *what, u64 (*fn)(u64), u64 va, u64 ipa)
{
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(t, &cfg, 0);
	int rc = run_l2(&cfg, fn, va, &e);
	if (rc < 0) {
		t_line("%s: setup failed", what);
		return;
	}
	if (e.done && fn != l2_mmu_load)
		t_line("%s: completed without an exit", what);
	else if (e.done)
		t_line("%s: L2 returned unit 0x%lx", what, s2_untag(e.ret));
	else
		t_s2exit(what, &e, va & ~0xfffULL, ipa);
}

static void run(const struct s2t *t, const char *what, u64 va, u64 ipa)
{
	run_fn(t, what, l2_mmu_load, va, ipa);
}

void sec_s2s1ptw(void)
{
	struct s2t t;
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	u64 mair = rd(mair_el1), tcr = rd(tcr_el1), ttbr = rd(ttbr0_el1);
	if (!s2t_granule_ok(12) || (c_base() >> 31) || s2t_init(&t, 12, 1, 32, 2) ||
	    s2t_map_image(&t)) {
		t_line("cannot build the tables (image above 2 GiB?): skipped");
		return;
	}
	s2_data_reset();
	for (u64 i = 0; i < 4; i++)
		s2t_map(&t, W + (i << 12), s2_unit_pa(0x20 + i), 3, S2D_NORMAL);
	volatile u64 *l2 = s2s1_build(&t);
	u64 *s2d = s2t_slot(&t, S1T2, 3), s2v = *s2d;
	isb();

	run(&t, "stage 1 on, load VA W+0x1000", W + 0x1000, W);
	*s2d = 0;
	dsb_ish();
	run(&t, "stage-1 table page unmapped at stage 2, load VA W+0x2010", W + 0x2010, S1T2);
	*s2d = s2v & ~S2D_AF;
	dsb_ish();
	run(&t, "stage-1 table page AF=0 at stage 2, load VA W+0x2010", W + 0x2010, S1T2);
	*s2d = s2v & ~(S2D_S2AP_R | S2D_S2AP_W);
	dsb_ish();
	run(&t, "stage-1 table page S2AP=none, load VA W+0x2010", W + 0x2010, S1T2);
	*s2d = s2v & ~S2D_S2AP_W;
	dsb_ish();
	run(&t, "stage-1 table page S2AP=RO, load VA W+0x3000", W + 0x3000, S1T2);
	*s2d = s2v;
	dsb_ish();
	run(&t, "VA VB -> IPA IB unmapped at stage 2, load VA VB+0x1018", VB + 0x1018, IB);
	run(&t, "VA unmapped at stage 1, load VA VU", VU, VU);

	/* DC ZVA (a write: WnR=1, ISV=0) and data cache maintenance by VA (CM=1, WnR=1;
	 * DDI 0487 D24 ESR_EL2.CM) on a page read-only at stage 2 and on one unmapped there. */
	u64 *s2w = s2t_slot(&t, W + 0x3000, 3), s2wv = *s2w;
	*s2w = s2wv & ~S2D_S2AP_W;
	dsb_ish();
	run_fn(&t, "DC ZVA VA W+0x3000 (S2AP=RO)", l2_dczva, W + 0x3000, W + 0x3000);
	run_fn(&t, "DC CIVAC VA W+0x3000 (S2AP=RO)", l2_dccivac, W + 0x3000, W + 0x3000);
	run_fn(&t, "DC IVAC VA W+0x3000 (S2AP=RO)", l2_dcivac, W + 0x3000, W + 0x3000);
	*s2w = 0;
	dsb_ish();
	run_fn(&t, "DC ZVA VA W+0x3000 (unmapped at stage 2)", l2_dczva, W + 0x3000, W + 0x3000);
	run_fn(&t, "DC CIVAC VA W+0x3000 (unmapped at stage 2)", l2_dccivac, W + 0x3000,
	       W + 0x3000);
	*s2w = s2wv;
	dsb_ish();

	/* Stage-1 hardware Access flag (TCR_EL1.HA, FEAT_HAFDBS): L2's walk writes AF into
	 * its block descriptor, a write through stage 2 to the table page (D8.4 "Hardware
	 * management of the Access flag"; a stage-2 fault on it is S1PTW=1). */
	if (rd(s3_0_c0_c7_1) & 0xf) {
		wr(tcr_el1, rd(tcr_el1) | BIT(39));
		isb();
		l2[0] = (W | S1_BLOCK) & ~BIT(10);
		dsb_ish();
		run(&t, "stage-1 HA, block AF=0, load VA W+0x1000", W + 0x1000, W);
		t_line("stage-1 HA: block descriptor AF after the load: %lu",
		       (unsigned long)(l2[0] >> 10) & 1);
		/*
		 * The table page read-only at stage 2: the AF update is a write, a stage-2
		 * Permission fault with S1PTW=1 (QEMU reports WnR=0 for it). nvarm's shadow
		 * once took it for a read and resumed L2 into the same fault forever
		 * (src/s2mmu/shadow.c fault_access: an S1PTW Permission fault is the write).
		 */
		l2[0] = (W | S1_BLOCK) & ~BIT(10);
		*s2d = s2v & ~S2D_S2AP_W;
		dsb_ish();
		run(&t, "stage-1 HA, block AF=0, table page S2AP=RO, load VA W+0x2010", W + 0x2010,
		    S1T2);
		t_line("stage-1 HA, table page read-only: block descriptor AF after the load: %lu",
		       (unsigned long)(l2[0] >> 10) & 1);
		*s2d = s2v;
		l2[0] = W | S1_BLOCK;
		dsb_ish();
	}

	wr(mair_el1, mair);
	wr(tcr_el1, tcr);
	wr(ttbr0_el1, ttbr);
	wr(sctlr_el1, 0x30d00800);
	isb();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
