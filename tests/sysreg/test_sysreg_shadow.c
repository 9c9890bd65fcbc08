// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* EL2 -> EL1 shadow: non-VHE translations field by field, VHE direct mapping, sync back. */
#include "sysreg_test.h"
#include "sysreg/shadow_rows.h"
#include <nvarm/arm/vncr.h>

#define B(n)	    (1ull << (n))
#define HW(hw, reg) ((hw).r[NVARM_EL1_##reg])

static void test_nvhe_sctlr(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;
	/* SCTLR_EL1 bits forced to 1 for EL2-like behaviour: SA0 CP15BEN EOS nTWI nTWE EIS SPAN
	 * nTLSMD LSMAOE (the SCTLR_EL2 E2H=0 RES1 positions) */
	const uint64_t forced = B(4) | B(5) | B(11) | B(16) | B(18) | B(22) | B(23) | B(28) | B(29);

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	/* M, C, I, WXN, EE */
	wr(&f, NVARM_SR_SCTLR_EL2, B(0) | B(2) | B(12) | B(19) | B(25));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, SCTLR_EL1), B(0) | B(2) | B(12) | B(19) | B(25) | forced);
	/* A, SA, nAA, EnDB, IESB, EnDA, EnIB, EnIA, BT, DSSBS */
	wr(&f, NVARM_SR_SCTLR_EL2,
	   B(1) | B(3) | B(6) | B(13) | B(21) | B(27) | B(30) | B(31) | B(36) | B(44));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, SCTLR_EL1), B(1) | B(3) | B(6) | B(13) | B(21) | B(27) | B(30) |
						B(31) | B(36) | B(44) | forced);
	fix_fini(&f);
}

/*
 * FEAT_NMI: SCTLR_EL2.NMI [61] and SPINTMASK [62] are SCTLR_EL1's bits while L1 runs, in both
 * E2H layouts (the hardware EL1 then masks interrupts and sets PSTATE.ALLINT on exception
 * entry as L1's EL2 would), and L1's untrapped changes come back; SPSR_EL2.ALLINT [13] rides
 * in SPSR_EL1 both ways.
 */
static void test_sctlr_nmi_layouts(void **state)
{
	const uint64_t nmi = B(61) | B(62);

	(void)state;
	for (int vhe = 0; vhe < 2; vhe++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | NVARM_VMF_NMI, NVARM_HOST_NV);
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		h.pfr1 = 1ull << 36; /* ID_AA64PFR1_EL1.NMI */
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		memset(f.page, 0, 4096);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		wr(&f, NVARM_SR_HCR_EL2, HCR_RW | (vhe ? HCR_E2H : 0));
		wr(&f, NVARM_SR_SCTLR_EL2, rd(&f, NVARM_SR_SCTLR_EL2) | nmi);
		wr(&f, NVARM_SR_SPSR_EL2, 0x23c9); /* EL2h, DAIF, ALLINT */
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
		assert_int_equal(HW(hw, SCTLR_EL1) & nmi, nmi);
		assert_int_equal(HW(hw, SPSR_EL1) & B(13), B(13));
		HW(hw, SCTLR_EL1) &= ~B(62); /* L1 clears SPINTMASK (untrapped under NV2) */
		HW(hw, SPSR_EL1) &= ~B(13);
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2) & nmi, B(61));
		assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2) & B(13), 0);
		free(f.page);
	}
}

static void test_nvhe_tcr_ttbr(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;
	uint64_t tcr2;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	/* TCR_EL2: T0SZ=25 IRGN0=1 ORGN0=1 SH0=3 TG0=2(16K) PS=5 TBI HA HD HPD HWU60 TBID DS */
	tcr2 = 25 | (1u << 8) | (1u << 10) | (3u << 12) | (2u << 14) | (5u << 16) | B(20) | B(21) |
	       B(22) | B(24) | B(26) | B(29) | B(32);
	wr(&f, NVARM_SR_TCR_EL2, tcr2);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	/* TCR_EL1: same T0SZ/IRGN0/ORGN0/SH0/TG0, IPS=5, TBI0 37, HA 39, HD 40, HPD0 41, HWU060 44,
	 * TBID0 51, DS 59, EPD1 23 (no TTBR1 range at EL2) */
	assert_int_equal(HW(hw, TCR_EL1), 25 | (1u << 8) | (1u << 10) | (3u << 12) | (2u << 14) |
					      (5ull << 32) | B(37) | B(39) | B(40) | B(41) | B(44) |
					      B(51) | B(59) | B(23));
	/* TTBR0_EL2: BADDR + CnP; TTBR1_EL1 0 */
	wr(&f, NVARM_SR_TTBR0_EL2, 0x0000000081234001ull);
	wr(&f, NVARM_SR_TTBR1_EL2, 0x1111000022220000ull);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, TTBR0_EL1), 0x0000000081234001ull);
	assert_int_equal(HW(hw, TTBR1_EL1), 0);
	fix_fini(&f);
}

static void test_nvhe_cptr_cnthctl(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;

	(void)state;
	/* with SVE (under NV2: under NV alone only a VHE-only L1 gets it): TZ is a real control */
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	/* TFP=1 (trap FP), TZ=0, TTA=1 */
	wr(&f, NVARM_SR_CPTR_EL2, B(10) | B(20));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	/* FPEN=00 (trap), ZEN=11, TTA=1 at 28 */
	assert_int_equal(HW(hw, CPACR_EL1), (3u << 16) | B(28));
	/* TZ=1, TFP=0 */
	wr(&f, NVARM_SR_CPTR_EL2, B(8));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, CPACR_EL1), 3u << 20);
	/* direct ones */
	wr(&f, NVARM_SR_MAIR_EL2, 0x000000ff04440044ull);
	wr(&f, NVARM_SR_VBAR_EL2, 0xffff000040001800ull);
	wr(&f, NVARM_SR_ESR_EL2, 0x5a000000);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, MAIR_EL1), 0x000000ff04440044ull);
	assert_int_equal(HW(hw, VBAR_EL1), 0xffff000040001800ull);
	assert_int_equal(HW(hw, ESR_EL1), 0x5a000000);
	/* everything but SP_EL1 (L1's own stack pointer while it runs in vEL2), SCXTNUM_EL1 and
	 * SMCR_EL1 (the test host has no FEAT_CSV2_2, no FEAT_SME) */
	assert_int_equal(hw.valid, ((1u << NVARM_EL1__COUNT) - 1) & ~(1u << NVARM_EL1_SP_EL1) &
				       ~(1u << NVARM_EL1_SCXTNUM_EL1) &
				       ~(1u << NVARM_EL1_SMCR_EL1));
	fix_fini(&f);
}

static void test_nvhe_save(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;
	uint64_t before[NVARM_SR__COUNT];

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_SCTLR_EL2, 0x30c5083dull);
	wr(&f, NVARM_SR_TCR_EL2, 0x80823519ull);
	wr(&f, NVARM_SR_CPTR_EL2, B(10));
	wr(&f, NVARM_SR_TTBR0_EL2, 0x81234000ull);
	wr(&f, NVARM_SR_SPSR_EL2, 0x3c9);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
		nvarm_vel2_read(&f.v, id, &before[id]);
	/* load then save unchanged: the file is unchanged (round trip) */
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		uint64_t now = 0;

		if (nvarm_vel2_read(&f.v, id, &now) == 0 && now != before[id])
			fail_msg("%s changed: %#llx -> %#llx", nvarm_sysreg_desc(id)->name,
				 (unsigned long long)before[id], (unsigned long long)now);
	}
	/* L1 took an exception in vEL2 (hardware wrote ELR/ESR/FAR/SPSR_EL1) and enabled FP */
	HW(hw, FAR_EL1) = 0xdead000;
	HW(hw, ESR_EL1) = 0x96000045;
	HW(hw, ELR_EL1) = 0xffff000010002000ull;
	HW(hw, SPSR_EL1) = 0x3c5; /* FEAT_NV + NV1, no NV2: recorded as EL1h */
	HW(hw, CPACR_EL1) = 3u << 20;
	HW(hw, TCR_EL1) |= 7ull << 32; /* IPS */
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_FAR_EL2), 0xdead000);
	assert_int_equal(rd(&f, NVARM_SR_ESR_EL2), 0x96000045);
	assert_int_equal(rd(&f, NVARM_SR_ELR_EL2), 0xffff000010002000ull);
	assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), 0x3c9);	   /* EL2h for L1 */
	assert_int_equal(rd(&f, NVARM_SR_CPTR_EL2) & B(10), 0);	   /* TFP cleared */
	assert_int_equal((rd(&f, NVARM_SR_TCR_EL2) >> 16) & 7, 7); /* IPS -> PS */
	assert_int_equal(rd(&f, NVARM_SR_TCR_EL2) & (B(31) | B(23)), B(31) | B(23)); /* RES1 kept */
	fix_fini(&f);

	/* with NV2 the hardware already reports EL2h: an EL1h value is kept as is */
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	HW(hw, SPSR_EL1) = 0x3c5;
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), 0x3c5);
	fix_fini(&f);
}

static void test_vhe_direct(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
	wr(&f, NVARM_SR_SCTLR_EL2, 0x0000000034d5d91dull); /* an EL1-format value */
	wr(&f, NVARM_SR_TCR_EL2, 0x00000034b5193519ull);   /* TCR_EL1 format with TTBR1 */
	wr(&f, NVARM_SR_TTBR1_EL2, 0x0001000041230000ull);
	wr(&f, NVARM_SR_CPTR_EL2, (3u << 20) | (1u << 16) | B(28) | B(31));
	wr(&f, NVARM_SR_CNTHCTL_EL2, 0x303);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, SCTLR_EL1), 0x0000000034d5d91dull);
	assert_int_equal(HW(hw, TCR_EL1), 0x00000034b5193519ull);
	assert_int_equal(HW(hw, TTBR1_EL1), 0x0001000041230000ull);
	assert_int_equal(HW(hw, CPACR_EL1), (3u << 20) | (1u << 16) | B(28)); /* TCPAC EL2-only */
	/* L1 (VHE) writes SCTLR_EL1 without trapping: the save lands in SCTLR_EL2 */
	HW(hw, SCTLR_EL1) = 0x0000000034d5d91cull;
	HW(hw, CPACR_EL1) = 0;
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2), 0x0000000034d5d91cull);
	assert_int_equal(rd(&f, NVARM_SR_CPTR_EL2), B(31)); /* TCPAC kept */
	fix_fini(&f);
}

/*
 * SCTLR_EL2.SPAN of a VHE L1: an exception to EL2 sets PSTATE.PAN only when E2H = TGE = 1
 * (AArch64.TakeException), at EL1 whenever SCTLR_EL1.SPAN = 0. With TGE = 0 the hardware gets
 * SPAN = 1, the file keeps L1's, nvarm_shadow_vel2_sctlr_trap() asks for the trap, an HCR_EL2
 * TGE flip reloads the shadow only while it matters, and under NV2 (HCR_EL2 in the VNCR
 * page) SCTLR_EL1 is volatile.
 */
static void test_vhe_span(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw, some;
	uint32_t d;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	wr(&f, NVARM_SR_SCTLR_EL2, 0x0000000034d5d91dull & ~B(23));
	assert_true(nvarm_shadow_vel2_sctlr_trap(&f.v));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, SCTLR_EL1), 0x0000000034d5d91dull | B(23));
	assert_int_equal(nvarm_shadow_vel2_load_some(&f.v, 1u << NVARM_EL1_SCTLR_EL1, &some), 0);
	assert_int_equal(HW(some, SCTLR_EL1), HW(hw, SCTLR_EL1));
	assert_int_equal(nvarm_shadow_vel2_load_diff(&f.v, NULL, &some, &d), 0);
	assert_int_equal(HW(some, SCTLR_EL1), HW(hw, SCTLR_EL1));
	assert_true(hw.flags & NVARM_EL1F_SPAN1);
	/* the save of the forced value leaves L1's SPAN = 0; another bit L1 wrote is taken; so
	 * even when TGE changed since the load (NV2: a VNCR page store), by the load's flag */
	HW(hw, SCTLR_EL1) |= B(12);
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2), (0x0000000034d5d91dull & ~B(23)) | B(12));
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	/* NV2: SCTLR_EL1 follows HCR_EL2's VNCR word */
	assert_true(nvarm_shadow_vel2_volatile(&f.v, true) & (1u << NVARM_EL1_SCTLR_EL1));
	/* TGE = 1: L1's own SPAN, no trap */
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
	assert_false(nvarm_shadow_vel2_sctlr_trap(&f.v));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_false(HW(hw, SCTLR_EL1) & B(23));
	assert_false(hw.flags & NVARM_EL1F_SPAN1);
	/* an emulated HCR_EL2 write that flips TGE reloads while SPAN = 0 (the hardware SPAN
	 * changes), not once it is 1 */
	{
		uint64_t x = HCR_E2H, msr_hcr = sys_esr(3, 4, 1, 1, 0, 0, 0);

		assert_int_equal(emul(&f, msr_hcr, &x), NVARM_EMUL_RELOAD);
		assert_true(nvarm_shadow_vel2_sctlr_trap(&f.v));
		wr(&f, NVARM_SR_SCTLR_EL2, 0x0000000034d5d91dull | B(23));
		assert_true(nvarm_shadow_vel2_sctlr_trap(&f.v)); /* (a SPAN = 0 write must trap) */
		x = HCR_E2H | HCR_TGE;
		assert_int_equal(emul(&f, msr_hcr, &x), NVARM_EMUL_OK);
	}
	/* E2H = 0: SPAN is RES1 in SCTLR_EL2's layout (a SET row), never a trap */
	wr(&f, NVARM_SR_HCR_EL2, 0);
	assert_false(nvarm_shadow_vel2_sctlr_trap(&f.v));
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_true(HW(hw, SCTLR_EL1) & B(23));
	assert_false(nvarm_shadow_vel2_sctlr_trap(NULL));
	fix_fini(&f);
}

static void test_vel1_and_hcr_bits(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;

	(void)state;
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV); /* no SVE */
	wr(&f, NVARM_SR_SCTLR_EL1, 0x30d00805);
	wr(&f, NVARM_SR_VBAR_EL1, 0xffff800011000000ull);
	assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
	assert_int_equal(HW(hw, SCTLR_EL1), 0x30d00805);
	assert_int_equal(HW(hw, VBAR_EL1), 0xffff800011000000ull);
	assert_false(hw.valid & (1u << NVARM_EL1_ZCR_EL1));
	assert_true(hw.valid & (1u << NVARM_EL1_SP_EL1));
	HW(hw, SP_EL1) = 0xffff800012340000ull;
	HW(hw, MDSCR_EL1) = 0x8000; /* MDE */
	HW(hw, FAR_EL1) = 0x1234;
	HW(hw, VBAR_EL1) = 0xffff800011000fffull; /* RES0 [10:0] */
	assert_int_equal(nvarm_shadow_vel1_save(&f.v, &hw), 0);
	assert_int_equal(f.page[0x220 / 8], 0x1234);
	assert_int_equal(f.page[0x240 / 8], 0xffff800012340000ull); /* SP_EL1 slot */
	assert_int_equal(f.page[0x158 / 8], 0x8000);		    /* MDSCR_EL1 slot */
	assert_int_equal(f.page[0x250 / 8], 0xffff800011000800ull & ~0x7ffull);

	/* the HCR_EL2 bits L0 uses while L1 runs in vEL2 */
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v),
			 NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_TVM | NVARM_HCR_TRVM);
	/* and CPTR_EL2.TCPAC (bit 31): CPACR_EL1 is not a TVM register */
	assert_int_equal(nvarm_shadow_cptr_bits(&f.v), 1ull << 31);
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v), NVARM_HCR_NV);
	assert_int_equal(nvarm_shadow_cptr_bits(&f.v), 0);
	fix_fini(&f);
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2);
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v), NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_NV2);
	assert_int_equal(nvarm_shadow_cptr_bits(&f.v), 0); /* NV1 sends CPACR_EL1 to the page */
	assert_int_equal(nvarm_shadow_hcr_bits(NULL), 0);
	assert_int_equal(nvarm_shadow_cptr_bits(NULL), 0);
	assert_int_equal(nvarm_shadow_vel2_load(NULL, &hw), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_shadow_vel1_save(&f.v, NULL), NVARM_ERR_INVAL);
	/* slot ids and encodings for the L0 */
	assert_int_equal(nvarm_el1_reg_id(NVARM_EL1_SCTLR_EL1), NVARM_SR_SCTLR_EL1);
	assert_int_equal(nvarm_sysreg_desc(nvarm_el1_reg_id(NVARM_EL1_VBAR_EL1))->enc,
			 NVARM_SYSREG_ENC(3, 0, 12, 0, 0));
	assert_int_equal(nvarm_el1_reg_id(NVARM_EL1__COUNT), NVARM_SR_NONE);
	fix_fini(&f);
}

/*
 * CNTKCTL_EL1 has one owner, the vtimer: L1 reaches the hardware register without trapping and
 * it means L2's CNTKCTL_EL1 (E2H=0) or its own CNTHCTL_EL2 [9:0] (E2H=1), so no shadow load may
 * write it (it would replace what L1 or L2 wrote there) and no save may fold it into CNTHCTL_EL2.
 */
static void test_cntkctl_not_shadowed(void **state)
{
	static const uint64_t e2h[] = {HCR_RW, HCR_RW | HCR_E2H};
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;

	(void)state;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		assert_int_not_equal(nvarm_el1_reg_id(i), NVARM_SR_CNTKCTL_EL1);
	for (unsigned l = 0; l < 2; l++) {
		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		wr(&f, NVARM_SR_HCR_EL2, e2h[l]);
		wr(&f, NVARM_SR_CNTHCTL_EL2, 0x3 | B(2) | B(3) | (0xa << 4) | B(8) | B(9));
		/* no load writes a CNTKCTL_EL1 value */
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
			if ((hw.valid >> i) & 1)
				assert_int_not_equal(nvarm_sysreg_desc(nvarm_el1_reg_id(i))->enc,
						     NVARM_SYSREG_ENC(3, 0, 14, 1, 0));
		/* saving what L1 ran with leaves CNTHCTL_EL2 to the vtimer */
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_CNTHCTL_EL2),
				 0x3 | B(2) | B(3) | (0xa << 4) | B(8) | B(9));
		assert_false(nvarm_shadow_needs_sync(NVARM_SR_CNTHCTL_EL2));
		fix_fini(&f);
	}
}

/*
 * MIDR_EL1/MPIDR_EL1 read at EL1 return VPIDR_EL2/VMPIDR_EL2 (Arm ARM D23.2): while L2 runs the
 * hardware VPIDR/VMPIDR_EL2 must hold what L1 programmed, while L1 runs (at EL1 too) the values
 * L1 itself reads: the VM's MIDR and the vCPU's MPIDR.
 */
static void test_id_regs_follow_context(void **state)
{
	static const unsigned modes[] = {NVARM_HOST_NV, NVARM_HOST_NV2};
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;

	(void)state;
	for (unsigned m = 0; m < 2; m++) {
		fix_init(&f, TEST_ALL_FEATS, modes[m]);
		assert_int_equal(nvarm_shadow_set_mpidr(&f.v, 0x3ull), 0); /* RES1 bit 31 set */
		/* L1 programs its guest's identification (RES1 bit 31 of VMPIDR_EL2 left 0) */
		wr(&f, NVARM_SR_VPIDR_EL2, 0x410fd0c1ull);
		wr(&f, NVARM_SR_VMPIDR_EL2, 0x0102ull);
		/* what L1 reads back: what it wrote, RES1 applied */
		assert_int_equal(rd(&f, NVARM_SR_VPIDR_EL2), 0x410fd0c1ull);
		assert_int_equal(rd(&f, NVARM_SR_VMPIDR_EL2), 0x80000102ull);
		/* L2 runs: L1's values */
		assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
		assert_true(hw.valid & (1u << NVARM_EL1_VPIDR_EL2));
		assert_true(hw.valid & (1u << NVARM_EL1_VMPIDR_EL2));
		assert_int_equal(HW(hw, VPIDR_EL2), 0x410fd0c1ull);
		assert_int_equal(HW(hw, VMPIDR_EL2), 0x80000102ull);
		assert_int_equal(nvarm_sysreg_desc(nvarm_el1_reg_id(NVARM_EL1_VMPIDR_EL2))->enc,
				 NVARM_SYSREG_ENC(3, 4, 0, 0, 5));
		/* saving L2's context leaves L1's VPIDR/VMPIDR_EL2 alone */
		HW(hw, VPIDR_EL2) = 0;
		HW(hw, VMPIDR_EL2) = 0;
		assert_int_equal(nvarm_shadow_vel1_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_VPIDR_EL2), 0x410fd0c1ull);
		assert_int_equal(rd(&f, NVARM_SR_VMPIDR_EL2), 0x80000102ull);
		/* L1 runs: the VM's MIDR_EL1 and the vCPU's MPIDR_EL1 */
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
		assert_true(hw.valid & (1u << NVARM_EL1_VPIDR_EL2));
		assert_int_equal(HW(hw, VPIDR_EL2), f.cfg.id.midr);
		assert_int_equal(HW(hw, VPIDR_EL2), rd(&f, NVARM_SR_MIDR_EL1));
		assert_int_equal(HW(hw, VMPIDR_EL2), 0x80000003ull);
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_VMPIDR_EL2), 0x80000102ull);
		/* NV2: L1 stores to the VNCR page unchecked; L2 still gets a sanitised value */
		if (modes[m] == NVARM_HOST_NV2) {
			f.page[NVARM_VNCR_VMPIDR_EL2 / 8] = 0xff00000000000005ull;
			f.page[NVARM_VNCR_VPIDR_EL2 / 8] = 0xffffffff410fd0c2ull;
			assert_int_equal(nvarm_vel2_sanitise(&f.v), 2);
			assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
			assert_int_equal(HW(hw, VMPIDR_EL2), 0x80000005ull);
			assert_int_equal(HW(hw, VPIDR_EL2), 0x410fd0c2ull);
		}
		fix_fini(&f);
	}
	assert_int_equal(nvarm_shadow_set_mpidr(NULL, 0), NVARM_ERR_INVAL);
}

/*
 * FEAT_NV2: L1's MSR HCR_EL2 goes to the VNCR page without trapping, so L0 finds E2H flipped
 * while the hardware still holds the layout of the last load. The save must translate back with
 * that layout (flags), and the next load uses the new one.
 */
static void test_save_keeps_loaded_layout(void **state)
{
	struct vcpu_fix f;
	struct nvarm_el1_regs hw;
	/* TCR_EL2 (E2H=0): T0SZ=25, TG0=0, PS=2 (40 bits) at [18:16] */
	const uint64_t tcr2 = 25 | (2u << 16);

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_TCR_EL2, tcr2);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(hw.flags, NVARM_EL1F_VEL2);
	assert_int_equal(HW(hw, TCR_EL1), 25 | (2ull << 32) | B(23)); /* PS -> IPS, EPD1 */
	/* L1 sets E2H with a plain store to the page (NV2), then traps for something else */
	f.page[0x78 / 8] |= HCR_E2H;
	assert_true(nvarm_vel2_is_vhe(&f.v));
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	/* translated back with the non-VHE rows: PS at [18:16], nothing at IPS [34:32] */
	assert_int_equal((rd(&f, NVARM_SR_TCR_EL2) >> 16) & 7, 2);
	assert_int_equal((rd(&f, NVARM_SR_TCR_EL2) >> 32) & 7, 0);
	assert_int_equal(rd(&f, NVARM_SR_TCR_EL2) & 0x3f, 25);
	/* the next load has the VHE layout: TCR_EL2 copied whole */
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
	assert_int_equal(hw.flags, NVARM_EL1F_VEL2 | NVARM_EL1F_VHE);
	assert_int_equal(HW(hw, TCR_EL1), rd(&f, NVARM_SR_TCR_EL2));
	/* and back to non-VHE the same way */
	HW(hw, TCR_EL1) = 28 | (5ull << 32); /* VHE layout: T0SZ 28, IPS 5 */
	f.page[0x78 / 8] &= ~(uint64_t)HCR_E2H;
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_TCR_EL2) & 0x3f, 28);
	/* copied whole, as loaded: the non-VHE rows would have moved IPS 5 into PS [18:16] */
	assert_int_equal((rd(&f, NVARM_SR_TCR_EL2) >> 16) & 7, 0);
	/* a vEL1 structure is not a vEL2 shadow */
	assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
	assert_int_equal(hw.flags, 0);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), NVARM_ERR_INVAL);
	fix_fini(&f);
}

/* The translation tables themselves: no overlapping fields, one run of rows per EL2 register. */
static void test_rows_check(void **state)
{
	unsigned bad = 999;

	(void)state;
	if (nvarm__shadow_rows_check(false, &bad))
		fail_msg("non-VHE shadow row %u is bad", bad);
	if (nvarm__shadow_rows_check(true, &bad))
		fail_msg("VHE shadow row %u is bad", bad);
	assert_int_equal(bad, 999);
}

/*
 * nvarm_shadow_needs_sync(): the EL2 registers L1 runs on as their hardware EL1 counterparts
 * (listed here from the Arm ARM's EL1/EL2 pairs) and HCR_EL2 need the shadow folded back;
 * EL2-only state does not. Every EL2 register it calls plain really leaves the hardware
 * values of both layouts unchanged when written.
 */
static void test_needs_sync(void **state)
{
	static const unsigned mirrored[] = {
	    NVARM_SR_SCTLR_EL2, NVARM_SR_TCR_EL2,   NVARM_SR_TTBR0_EL2, NVARM_SR_TTBR1_EL2,
	    NVARM_SR_MAIR_EL2,	NVARM_SR_AMAIR_EL2, NVARM_SR_VBAR_EL2,	NVARM_SR_CONTEXTIDR_EL2,
	    NVARM_SR_ELR_EL2,	NVARM_SR_SPSR_EL2,  NVARM_SR_ESR_EL2,	NVARM_SR_FAR_EL2,
	    NVARM_SR_AFSR0_EL2, NVARM_SR_AFSR1_EL2, NVARM_SR_CPTR_EL2,	NVARM_SR_HCR_EL2,
	    NVARM_SR_ZCR_EL2,
	};
	static const unsigned plain[] = {
	    NVARM_SR_TPIDR_EL2,	  NVARM_SR_VTTBR_EL2, NVARM_SR_VTCR_EL2,  NVARM_SR_MDCR_EL2,
	    NVARM_SR_HPFAR_EL2,	  NVARM_SR_HSTR_EL2,  NVARM_SR_VPIDR_EL2, NVARM_SR_VMPIDR_EL2,
	    NVARM_SR_CNTHCTL_EL2, /* the vtimer's (with CNTKCTL_EL1) */
	};
	static const uint64_t e2h[] = {HCR_RW, HCR_RW | HCR_E2H};
	unsigned nplain = 0;

	(void)state;
	for (unsigned i = 0; i < sizeof(mirrored) / sizeof(mirrored[0]); i++)
		assert_true(nvarm_shadow_needs_sync(mirrored[i]));
	for (unsigned i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		assert_false(nvarm_shadow_needs_sync(plain[i]));
	/* EL1/EL12 names (a VHE L1's may be redirected), unknown ids */
	assert_true(nvarm_shadow_needs_sync(NVARM_SR_SCTLR_EL1));
	assert_true(nvarm_shadow_needs_sync(NVARM_SR_TPIDR_EL1));
	assert_true(nvarm_shadow_needs_sync(NVARM_SR_NONE));
	assert_true(nvarm_shadow_needs_sync(NVARM_SR__COUNT));
	for (unsigned l = 0; l < 2; l++) {
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
		wr(&f, NVARM_SR_HCR_EL2, e2h[l]);
		for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
			struct nvarm_el1_regs before, after;

			if (nvarm_shadow_needs_sync(id))
				continue;
			assert_true(nvarm_sysreg_desc(id)->flags & NVARM_SRF_EL2);
			nplain += l == 0;
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &before), 0);
			(void)nvarm_vel2_write(&f.v, id, 0x5a5a5a5a5a5a5a5aull);
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &after), 0);
			if (memcmp(before.r, after.r, sizeof(before.r)) != 0)
				fail_msg("%s (id %u, E2H=%u) changed the shadow",
					 nvarm_sysreg_desc(id)->name, id, l);
		}
		fix_fini(&f);
	}
	assert_true(nplain >= sizeof(plain) / sizeof(plain[0]));
}

/*
 * nvarm_shadow_vel2_sources(): the EL1 registers that carry an EL2 register, and the partial
 * fold-back it allows. Differential: for every EL2 register and both layouts, a save with
 * only the source registers valid gives that register the value a full save gives it, and
 * leaves every other register of the file as it was.
 */
static void test_vel2_sources_partial_save(void **state)
{
	(void)state;
	assert_int_equal(nvarm_shadow_vel2_sources(false, NVARM_SR_SCTLR_EL2),
			 1u << NVARM_EL1_SCTLR_EL1);
	assert_int_equal(nvarm_shadow_vel2_sources(false, NVARM_SR_CPTR_EL2),
			 1u << NVARM_EL1_CPACR_EL1);
	/* CNTHCTL_EL2 is the vtimer's alone (CNTKCTL_EL1 is not shadowed) */
	assert_int_equal(nvarm_shadow_vel2_sources(true, NVARM_SR_CNTHCTL_EL2), 0);
	/* TTBR1_EL2 has a row only in the VHE layout; TPIDR_EL2 and EL1 names have none */
	assert_int_equal(nvarm_shadow_vel2_sources(false, NVARM_SR_TTBR1_EL2), 0);
	assert_int_equal(nvarm_shadow_vel2_sources(true, NVARM_SR_TTBR1_EL2),
			 1u << NVARM_EL1_TTBR1_EL1);
	assert_int_equal(nvarm_shadow_vel2_sources(true, NVARM_SR_TPIDR_EL2), 0);
	assert_int_equal(nvarm_shadow_vel2_sources(true, NVARM_SR_SCTLR_EL1), 0);
	assert_int_equal(nvarm_shadow_vel2_sources(true, NVARM_SR__COUNT), 0);

	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (int vhe = 0; vhe < 2; vhe++)
		for (unsigned reg = 0; reg < NVARM_SR__COUNT; reg++) {
			uint32_t src = nvarm_shadow_vel2_sources(vhe, reg);
			struct vcpu_fix full, part;
			struct nvarm_el1_regs hw, hwp;
			uint64_t a = 0, b = 0;

			if (!src)
				continue;
			fix_init(&full, TEST_ALL_FEATS, NVARM_HOST_NV2);
			fix_init(&part, TEST_ALL_FEATS, NVARM_HOST_NV2);
			if (vhe) {
				wr(&full, NVARM_SR_HCR_EL2, NVARM_HCR_E2H);
				wr(&part, NVARM_SR_HCR_EL2, NVARM_HCR_E2H);
			}
			assert_int_equal(nvarm_shadow_vel2_load(&full.v, &hw), 0);
			/* L1 changed every hardware EL1 register without trapping */
			for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				hw.r[i] ^= seed;
			}
			hwp = hw;
			hwp.valid = src;
			assert_int_equal(nvarm_shadow_vel2_save(&full.v, &hw), 0);
			assert_int_equal(nvarm_shadow_vel2_save(&part.v, &hwp), 0);
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				struct vcpu_fix fresh;
				if (nvarm_vel2_read(&part.v, id, &b) != 0)
					continue;
				/* (an SVE register's sources include CPTR_EL2's: its accesses
				 * check L1's CPTR_EL2 first, nvarm_vel2_sve_trap_esr) */
				if (id == reg ||
				    (id == NVARM_SR_CPTR_EL2 &&
				     ((nvarm_sysreg_desc(reg)->feat & NVARM_VMF_SVE) ||
				      ((nvarm_sysreg_desc(reg)->feat & NVARM_VMF_SME) &&
				       reg != NVARM_SR_SMPRIMAP_EL2)))) {
					assert_int_equal(nvarm_vel2_read(&full.v, id, &a), 0);
					if (a != b)
						fail_msg("%s (vhe %d): partial %#llx, full %#llx",
							 nvarm_sysreg_desc(id)->name, vhe,
							 (unsigned long long)b,
							 (unsigned long long)a);
					continue;
				}
				fix_init(&fresh, TEST_ALL_FEATS, NVARM_HOST_NV2);
				if (vhe)
					wr(&fresh, NVARM_SR_HCR_EL2, NVARM_HCR_E2H);
				assert_int_equal(nvarm_vel2_read(&fresh.v, id, &a), 0);
				fix_fini(&fresh);
				if (a != b)
					fail_msg("%s changed by a partial save of %s",
						 nvarm_sysreg_desc(id)->name,
						 nvarm_sysreg_desc(reg)->name);
			}
			fix_fini(&full);
			fix_fini(&part);
		}
}

/*
 * The load and save against a reference walk of the row tables in their order, row by row (the
 * definition in shadow_rows.c: COPY, INV2, SET), on random files and random hardware values:
 * both layouts, FEAT_NV and NV2 hosts, with and without init's index (the per-register masks
 * of in-place rows, nvarm__shadow_index). Catches a fast path that differs from the rows.
 */
static uint64_t ref_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s ^ (*s >> 29);
}

static uint64_t ref_hcr(const struct nvarm_vel2 *v)
{
	uint64_t h = 0;

	assert_int_equal(nvarm_vel2_read(v, NVARM_SR_HCR_EL2, &h), 0);
	return h;
}

static void ref_load(const struct nvarm_vel2 *v, bool vhe, uint64_t out[NVARM_EL1__COUNT])
{
	const struct xrow *rows;
	size_t n;

	memset(out, 0, NVARM_EL1__COUNT * sizeof(out[0]));
	rows = nvarm__shadow_rows(vhe, &n);
	for (size_t i = 0; i < n; i++) {
		const struct xrow *r = &rows[i];
		uint64_t src = 0;

		assert_int_equal(nvarm_vel2_read(v, r->el2, &src), 0);
		if (r->op == SET)
			out[r->idx] |= r->bits;
		else if (r->op == INV2)
			out[r->idx] |= ((src >> r->src_lo) & 1) ? 0 : (3ull << r->dst_lo);
		else
			out[r->idx] |= ((src >> r->src_lo) & nvarm__wmask(r->width)) << r->dst_lo;
	}
	/* AArch64.TakeException: PAN set at EL2 only with E2H = TGE = 1, at EL1 by SPAN = 0 */
	if (vhe && !(ref_hcr(v) & HCR_TGE))
		out[NVARM_EL1_SCTLR_EL1] |= B(23);
}

static void ref_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw, bool nv1_host)
{
	const struct xrow *rows;
	bool vhe = (hw->flags & NVARM_EL1F_VHE) != 0;
	size_t n;

	rows = nvarm__shadow_rows(vhe, &n);
	for (size_t i = 0; i < n; i++) {
		const struct xrow *r = &rows[i];
		uint64_t val = 0, old, f = hw->r[r->idx];

		if (!((hw->valid >> r->idx) & 1) || r->op == SET)
			continue;
		assert_int_equal(nvarm_vel2_read(v, r->el2, &val), 0);
		old = val;
		if (r->op == INV2) {
			val = (val & ~(1ull << r->src_lo)) |
			      ((uint64_t)(((f >> r->dst_lo) & 3) != 3) << r->src_lo);
		} else {
			uint64_t m = nvarm__wmask(r->width);
			val = (val & ~(m << r->src_lo)) | (((f >> r->dst_lo) & m) << r->src_lo);
		}
		/* the SPAN a load forced (E2H = 1, TGE = 0, L1's SPAN 0: its flag) is not L1's */
		if (r->el2 == NVARM_SR_SCTLR_EL2 && (hw->flags & NVARM_EL1F_SPAN1))
			val = (val & ~B(23)) | (old & B(23));
		if (r->el2 == NVARM_SR_SPSR_EL2 && !vhe && nv1_host && val != old &&
		    !(val & NVARM_PSR_NRW) && ((val >> 2) & 3) == 1)
			val = (val & ~0xcull) | (2u << 2);
		if (val != old)
			assert_int_equal(nvarm_vel2_write(v, r->el2, val), 0);
	}
	if (nv1_host && ((hw->valid >> NVARM_EL1_MDSCR_EL1) & 1))
		assert_int_equal(
		    nvarm_vel2_write(v, NVARM_SR_MDSCR_EL1, hw->r[NVARM_EL1_MDSCR_EL1]), 0);
}

/* Fill the file of @p v (and of @p twin, when given, with the same values) with random values
 * for every register it accepts; HCR_EL2.E2H as @p vhe says. */
static void random_file(struct nvarm_vel2 *v, struct nvarm_vel2 *twin, bool vhe, uint64_t *seed)
{
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		uint64_t x = ref_rand(seed);

		if (id == NVARM_SR_HCR_EL2)
			x = vhe ? x | HCR_E2H : x & ~HCR_E2H;
		if (nvarm_vel2_write(v, id, x) == 0 && twin)
			assert_int_equal(nvarm_vel2_write(twin, id, x), 0);
	}
}

/* The files of @p a and @p b hold the same value for every register (@p what names the
 * step on failure). */
static void assert_files_equal(struct nvarm_vel2 *a, struct nvarm_vel2 *b, const char *what)
{
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		uint64_t x = 0, y = 0;

		if (nvarm_vel2_read(a, id, &x) != 0)
			continue;
		assert_int_equal(nvarm_vel2_read(b, id, &y), 0);
		if (x != y)
			fail_msg("%s %s: %#llx, expected %#llx", what, nvarm_sysreg_desc(id)->name,
				 (unsigned long long)x, (unsigned long long)y);
	}
}

static void test_index_matches_rows(void **state)
{
	uint64_t seed = 0x243f6a8885a308d3ull;

	(void)state;
	for (unsigned host = 0; host < 2; host++)
		for (unsigned vhe = 0; vhe < 2; vhe++)
			for (unsigned indexed = 0; indexed < 2; indexed++)
				for (int round = 0; round < 100; round++) {
					unsigned host_nv = host ? NVARM_HOST_NV2 : NVARM_HOST_NV;
					struct vcpu_fix f, g;
					struct nvarm_el1_regs hw;
					uint64_t want[NVARM_EL1__COUNT];
					char what[64];

					fix_init(&f, TEST_ALL_FEATS, host_nv);
					fix_init(&g, TEST_ALL_FEATS, host_nv);
					if (!indexed)
						f.v.shadow_indexed = 0;
					/* a random file, the same in both */
					random_file(&f.v, &g.v, vhe, &seed);
					assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
					ref_load(&g.v, vhe, want);
					/* (SVE hidden under NV: ZEN opened,
					 * nvarm_shadow_cptr_hidden) */
					want[NVARM_EL1_CPACR_EL1] |=
					    nvarm__shadow_cpacr_absent(&g.v);
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						if (i != NVARM_EL1_VPIDR_EL2 &&
						    i != NVARM_EL1_VMPIDR_EL2 &&
						    i != NVARM_EL1_MDSCR_EL1 && hw.r[i] != want[i])
							fail_msg(
							    "load (vhe %u, indexed %u) %s: %#llx, "
							    "rows give %#llx",
							    vhe, indexed,
							    nvarm_sysreg_desc(nvarm_el1_reg_id(i))
								->name,
							    (unsigned long long)hw.r[i],
							    (unsigned long long)want[i]);
					/* L1 changed the hardware: some registers, some bits */
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						if (ref_rand(&seed) & 1)
							hw.r[i] ^=
							    ref_rand(&seed) &
							    ((ref_rand(&seed) & 1)
								 ? ~0ull
								 : 0xfull
								       << (ref_rand(&seed) & 60));
					if (round & 1) /* a partial save: a few registers only */
						hw.valid &= (uint32_t)ref_rand(&seed);
					assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
					ref_save(&g.v, &hw, host_nv == NVARM_HOST_NV);
					snprintf(what, sizeof(what),
						 "save (vhe %u, indexed %u, host %u)", vhe, indexed,
						 host_nv);
					assert_files_equal(&f.v, &g.v, what);
					/* the vEL1 context: each slot is its register's value */
					assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
						uint64_t b = 0;

						if (i == NVARM_EL1_VPIDR_EL2 ||
						    i == NVARM_EL1_VMPIDR_EL2)
							continue;
						(void)nvarm_vel2_read(&g.v, nvarm_el1_reg_id(i),
								      &b);
						if (i == NVARM_EL1_CPACR_EL1) /* (hidden SVE) */
							b |= nvarm__shadow_cpacr_absent(&g.v);
						if (hw.r[i] != b)
							fail_msg(
							    "vel1 load (indexed %u) %s: %#llx, "
							    "file %#llx",
							    indexed,
							    nvarm_sysreg_desc(nvarm_el1_reg_id(i))
								->name,
							    (unsigned long long)hw.r[i],
							    (unsigned long long)b);
						hw.r[i] ^= ref_rand(&seed);
					}
					if (round & 2) /* a partial vEL1 save */
						hw.valid &= (uint32_t)ref_rand(&seed);
					assert_int_equal(nvarm_shadow_vel1_save(&f.v, &hw), 0);
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						if (((hw.valid >> i) & 1) &&
						    i != NVARM_EL1_VPIDR_EL2 &&
						    i != NVARM_EL1_VMPIDR_EL2)
							(void)nvarm_vel2_write(
							    &g.v, nvarm_el1_reg_id(i), hw.r[i]);
					snprintf(what, sizeof(what), "vel1 save (indexed %u)",
						 indexed);
					assert_files_equal(&f.v, &g.v, what);
					fix_fini(&f);
					fix_fini(&g);
				}
}

/* nvarm_shadow_vel2_load_some() is the full load restricted to the wanted registers: on random
 * files in both layouts, indexed (the world switch's tables, their memo of the field-translated
 * registers empty, current or stale) or not, for random and single-register masks, each wanted
 * register gets the full load's value, the others keep what the caller had there, valid is
 * the full load's masked by want and flags are the full load's. */
static void test_load_some_matches_load(void **state)
{
	uint64_t seed = 0x13198a2e03707344ull;

	(void)state;
	for (unsigned vhe = 0; vhe < 2; vhe++)
		for (unsigned indexed = 0; indexed < 2; indexed++)
			for (int round = 0; round < 200; round++) {
				struct vcpu_fix f;
				struct nvarm_el1_regs full, some, before;
				uint32_t want = round < NVARM_EL1__COUNT
						    ? UINT32_C(1) << round
						    : (uint32_t)ref_rand(&seed);

				fix_init(&f, TEST_ALL_FEATS,
					 (round & 1) ? NVARM_HOST_NV2 : NVARM_HOST_NV);
				if (!indexed)
					f.v.shadow_indexed = 0;
				random_file(&f.v, NULL, vhe, &seed);
				/* the world switch's memo of the field-translated registers: filled
				 * for this file, or for an older one (then stale), or empty */
				if (indexed && (round & 6)) {
					uint32_t d;

					assert_int_equal(
					    nvarm_shadow_vel2_load_diff(&f.v, NULL, &some, &d), 0);
					if (round & 4)
						random_file(&f.v, NULL, vhe, &seed);
				}
				assert_int_equal(nvarm_shadow_set_mpidr(&f.v, ref_rand(&seed)), 0);
				assert_int_equal(nvarm_shadow_vel2_load(&f.v, &full), 0);
				for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
					before.r[i] = ref_rand(&seed);
				some = before;
				assert_int_equal(nvarm_shadow_vel2_load_some(&f.v, want, &some), 0);
				for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
					uint64_t exp = ((want >> i) & 1) ? full.r[i] : before.r[i];

					if (some.r[i] != exp)
						fail_msg(
						    "load_some (vhe %u, indexed %u, want %#x) %s: "
						    "%#llx, expected %#llx",
						    vhe, indexed, want,
						    nvarm_sysreg_desc(nvarm_el1_reg_id(i))->name,
						    (unsigned long long)some.r[i],
						    (unsigned long long)exp);
				}
				assert_int_equal(some.valid, full.valid & want);
				assert_int_equal(some.flags, full.flags);
				fix_fini(&f);
			}
	assert_int_equal(nvarm_shadow_vel2_load_some(NULL, 1, &(struct nvarm_el1_regs){0}),
			 NVARM_ERR_INVAL);
}

/* nvarm_shadow_vel2_volatile() names every register a kept vEL2 load must load again: on random
 * files in both layouts and hosts, after what changes without an nvarm call the L0 sees (every
 * word of the VNCR page but HCR_EL2's, rewritten at random, as L1 under FEAT_NV2 may; a vEL1
 * save of random values, as the world switch from L2 makes), the kept load with
 * nvarm_shadow_vel2_load_some() of those registers over it (the fast path) equals a fresh full
 * load (the general one), register by register. The mask is never every register (the kept
 * values are used), and some registers of it did change (a mask missing one fails). */
static void test_vel2_volatile(void **state)
{
	const uint32_t all = (UINT32_C(1) << NVARM_EL1__COUNT) - 1;
	uint64_t seed = 0xa4093822299f31d0ull;
	uint32_t changed = 0;

	(void)state;
	for (unsigned host = 0; host < 2; host++)
		for (unsigned vhe = 0; vhe < 2; vhe++)
			for (int round = 0; round < 60; round++) {
				struct vcpu_fix f;
				struct nvarm_el1_regs kept, full, l2;
				uint32_t vol;

				fix_init(&f, TEST_ALL_FEATS, host ? NVARM_HOST_NV2 : NVARM_HOST_NV);
				random_file(&f.v, NULL, vhe, &seed);
				assert_int_equal(nvarm_shadow_set_mpidr(&f.v, ref_rand(&seed)), 0);
				vol = nvarm_shadow_vel2_volatile(&f.v, vhe);
				assert_int_not_equal(vol, all);
				assert_int_equal(nvarm_shadow_vel2_load(&f.v, &kept), 0);
				const uint64_t *hcr = nvarm_vel2_reg_word(&f.v, NVARM_SR_HCR_EL2);
				for (unsigned w = 0; w < NVARM_VNCR_PAGE_SIZE / 8; w++)
					if (&f.page[w] != hcr)
						f.page[w] ^= ref_rand(&seed);
				assert_int_equal(nvarm_shadow_vel1_load(&f.v, &l2), 0);
				for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
					l2.r[i] ^= ref_rand(&seed);
				assert_int_equal(nvarm_shadow_vel1_save(&f.v, &l2), 0);
				assert_int_equal(nvarm_shadow_vel2_load(&f.v, &full), 0);
				for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
					if (((full.valid >> i) & 1) && kept.r[i] != full.r[i])
						changed |= UINT32_C(1) << i;
				assert_int_equal(nvarm_shadow_vel2_load_some(&f.v, vol, &kept), 0);
				for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
					if (((full.valid >> i) & 1) && kept.r[i] != full.r[i])
						fail_msg(
						    "vel2 volatile (host %u vhe %u, mask %#x): %s "
						    "%#llx kept, %#llx loaded",
						    host, vhe, vol,
						    nvarm_sysreg_desc(nvarm_el1_reg_id(i))->name,
						    (unsigned long long)kept.r[i],
						    (unsigned long long)full.r[i]);
				assert_int_equal(kept.flags, full.flags);
				fix_fini(&f);
			}
	assert_int_not_equal(changed, 0);
	assert_int_equal(nvarm_shadow_vel2_volatile(NULL, false), all);
}

/* nvarm_shadow_vel2_hw_volatile(), from the Arm ARM: a non-VHE L1 under FEAT_NV2 changes
 * without a trap only the registers an exception taken at its vEL2 (hardware EL1) writes, ELR,
 * SPSR, ESR, FAR and AFSR0/1_EL1 (D1.x; AFSRn IMPLEMENTATION DEFINED), which are also where NV2
 * sends its ELR/SPSR/ESR/FAR_EL2 accesses (each such register's EL1 sources in the mask); its
 * EL1-named accesses go to the VNCR page (each EL1 register the mask leaves out has a VNCR
 * offset), its other EL2 registers trap. VHE, or FEAT_NV alone: every register but the
 * hardware EL2 ones, VPIDR_EL2 and VMPIDR_EL2. */
static void test_vel2_hw_volatile(void **state)
{
	const uint32_t all = (UINT32_C(1) << NVARM_EL1__COUNT) - 1;
	const uint32_t el2 =
	    (UINT32_C(1) << NVARM_EL1_VPIDR_EL2) | (UINT32_C(1) << NVARM_EL1_VMPIDR_EL2);
	const uint32_t exc =
	    (UINT32_C(1) << NVARM_EL1_ELR_EL1) | (UINT32_C(1) << NVARM_EL1_SPSR_EL1) |
	    (UINT32_C(1) << NVARM_EL1_ESR_EL1) | (UINT32_C(1) << NVARM_EL1_FAR_EL1) |
	    (UINT32_C(1) << NVARM_EL1_AFSR0_EL1) | (UINT32_C(1) << NVARM_EL1_AFSR1_EL1);

	(void)state;
	for (unsigned host = 0; host < 2; host++)
		for (unsigned vhe = 0; vhe < 2; vhe++) {
			struct vcpu_fix f;
			uint32_t m;

			fix_init(&f, TEST_ALL_FEATS, host ? NVARM_HOST_NV2 : NVARM_HOST_NV);
			m = nvarm_shadow_vel2_hw_volatile(&f.v, vhe);
			if (!host || vhe) {
				assert_int_equal(m, all & ~el2);
				fix_fini(&f);
				continue;
			}
			assert_int_equal(m, exc);
			for (unsigned r = 0; r < NVARM_SR__COUNT; r++)
				if (nvarm_sysreg_desc(r)->flags & NVARM_SRF_NV2EL1)
					assert_int_equal(nvarm_shadow_vel2_sources(false, r) & ~m,
							 0);
			for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
				const struct nvarm_sysreg_desc *d =
				    nvarm_sysreg_desc(nvarm_el1_reg_id(i));

				if (!((m | el2) >> i & 1) && i != NVARM_EL1_SP_EL1)
					assert_int_not_equal(d->vncr, NVARM_VNCR_NONE);
			}
			fix_fini(&f);
		}
	assert_int_equal(nvarm_shadow_vel2_hw_volatile(NULL, false), all);
}

/* nvarm__shadow_mirror_bits() (a binary search in each layout's rows) is the OR of the source
 * bits of every row of both tables that reads the register, for every register id and for ids
 * out of range: a row the search skipped (the first or the last of a run, a register in one
 * layout only) fails here. */
static void test_mirror_bits_match_rows(void **state)
{
	unsigned found = 0;

	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT + 4; id++) {
		uint64_t want = 0;

		for (unsigned vhe = 0; vhe < 2; vhe++) {
			size_t n;
			const struct xrow *rows = nvarm__shadow_rows(vhe != 0, &n);

			for (size_t i = 0; i < n; i++)
				if (rows[i].el2 == id)
					want |= nvarm__row_src(&rows[i]);
		}
		found += want != 0;
		if (nvarm__shadow_mirror_bits(id) != want)
			fail_msg("mirror bits of %u: %#llx, rows give %#llx", id,
				 (unsigned long long)nvarm__shadow_mirror_bits(id),
				 (unsigned long long)want);
	}
	assert_true(found >= 16); /* SCTLR, CPTR, ZCR, TTBR0/1, TCR, SPSR, ELR, ... */
}

/* The full load and the memo load of the same file give the same structure (@p what names
 * the step on failure). */
static void assert_memo_matches(struct vcpu_fix *f, const char *what, int step)
{
	struct nvarm_el1_regs full, memo;

	memset(&full, 0x5a, sizeof(full));
	memset(&memo, 0xa5, sizeof(memo));
	assert_int_equal(nvarm_shadow_vel2_load(&f->v, &full), 0);
	assert_int_equal(nvarm_shadow_vel2_load_memo(&f->v, &memo), 0);
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if (((full.valid >> i) & 1) && memo.r[i] != full.r[i])
			fail_msg("load_memo after %s (step %d) %s: %#llx, expected %#llx", what,
				 step, nvarm_sysreg_desc(nvarm_el1_reg_id(i))->name,
				 (unsigned long long)memo.r[i], (unsigned long long)full.r[i]);
	assert_int_equal(memo.valid, full.valid);
	assert_int_equal(memo.flags, full.flags);
}

/* nvarm_shadow_vel2_load_memo() is nvarm_shadow_vel2_load(): on random files in both layouts
 * and both hosts, indexed or not, after every change the file can see (a one-bit flip or a new
 * value of an EL2 register the rows read, through nvarm_vel2_write() or a raw store into its
 * storage as L1's VNCR stores are, a register set back to an older value, an E2H flip, a save of
 * changed hardware values), the two loads agree; a memo that missed any of them (a stale entry
 * kept) fails here. The memo is used: a non-VHE file fills it (TCR_EL1). */
static void test_load_memo_matches_load(void **state)
{
	static const unsigned srcs[] = {NVARM_SR_SCTLR_EL2, NVARM_SR_CPTR_EL2, NVARM_SR_TCR_EL2,
					NVARM_SR_TTBR0_EL2, NVARM_SR_ZCR_EL2,  NVARM_SR_SPSR_EL2,
					NVARM_SR_ELR_EL2,   NVARM_SR_ESR_EL2,  NVARM_SR_MDSCR_EL1};
	uint64_t seed = 0xa4093822299f31d0ull;

	(void)state;
	for (unsigned host = 0; host < 2; host++)
		for (unsigned vhe = 0; vhe < 2; vhe++)
			for (unsigned indexed = 0; indexed < 2; indexed++) {
				struct vcpu_fix f;
				uint64_t old[NVARM_ARRAY_SIZE(srcs)];

				fix_init(&f, TEST_ALL_FEATS, host ? NVARM_HOST_NV2 : NVARM_HOST_NV);
				if (!indexed)
					f.v.shadow_indexed = 0;
				random_file(&f.v, NULL, vhe, &seed);
				assert_memo_matches(&f, "random file", 0);
				if (indexed && !vhe) /* (the world switch's tables keep theirs) */
					assert_true(f.v.sw_mvalid[0] &
						    (UINT32_C(1) << NVARM_EL1_TCR_EL1));
				for (unsigned k = 0; k < NVARM_ARRAY_SIZE(srcs); k++)
					old[k] = rd(&f, srcs[k]);
				for (int step = 1; step <= 400; step++) {
					unsigned k =
					    (unsigned)(ref_rand(&seed) % NVARM_ARRAY_SIZE(srcs));
					unsigned id = srcs[k],
						 what = (unsigned)(ref_rand(&seed) % 6);
					uint64_t x = rd(&f, id), *slot = nvarm__vel2_slot(&f.v, id);
					const char *name = "";

					switch (what) {
					case 0: /* one field bit, through the file */
						x ^= UINT64_C(1) << (ref_rand(&seed) % 64);
						(void)nvarm_vel2_write(&f.v, id, x);
						name = "a one-bit write";
						break;
					case 1: /* a raw store, bypassing the masks */
						assert_non_null(slot);
						*slot ^= UINT64_C(1) << (ref_rand(&seed) % 64);
						name = "a raw one-bit store";
						break;
					case 2: /* back to an older value */
						(void)nvarm_vel2_write(&f.v, id, old[k]);
						name = "an older value";
						break;
					case 3: { /* the layout flips */
						uint64_t hcr = rd(&f, NVARM_SR_HCR_EL2) ^ HCR_E2H;

						(void)nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2, hcr);
						name = "an E2H flip";
						break;
					}
					case 4: { /* L1 changed the hardware; folded back */
						struct nvarm_el1_regs hw;

						assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw),
								 0);
						hw.r[ref_rand(&seed) % NVARM_EL1__COUNT] ^=
						    UINT64_C(1) << (ref_rand(&seed) % 64);
						assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw),
								 0);
						name = "a save";
						break;
					}
					default: /* a new value */
						old[k] = x;
						(void)nvarm_vel2_write(&f.v, id, ref_rand(&seed));
						name = "a new value";
						break;
					}
					assert_memo_matches(&f, name, step);
				}
				fix_fini(&f);
			}
	assert_int_equal(nvarm_shadow_vel2_load_memo(NULL, &(struct nvarm_el1_regs){0}),
			 NVARM_ERR_INVAL);
}

/* @p got (a *_diff load into a structure that held @p before) against @p ref (the plain load
 * of the same file): the same values, valid and flags, and @p diff exactly the registers of
 * ref.valid that @p held (NULL: none; it is @p before when the load was in place) does not
 * hold with ref's value. */
static void assert_diff_load(const struct nvarm_el1_regs *got, const struct nvarm_el1_regs *ref,
			     const struct nvarm_el1_regs *held, uint32_t diff, const char *what)
{
	uint32_t want = 0;

	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		if (!((ref->valid >> i) & 1))
			continue;
		if (got->r[i] != ref->r[i])
			fail_msg("%s %s: %#llx, expected %#llx", what,
				 nvarm_sysreg_desc(nvarm_el1_reg_id(i))->name,
				 (unsigned long long)got->r[i], (unsigned long long)ref->r[i]);
		if (!held || !((held->valid >> i) & 1) || held->r[i] != ref->r[i])
			want |= UINT32_C(1) << i;
	}
	assert_int_equal(got->valid, ref->valid);
	assert_int_equal(got->flags, ref->flags);
	if (diff != want)
		fail_msg("%s: diff %#x, expected %#x", what, diff, want);
}

/* nvarm_shadow_vel1_load() by the file's lookups (no init index): the reference. */
static void vel1_load_ref(struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	uint8_t ix = v->shadow_indexed;

	v->shadow_indexed = 0;
	assert_int_equal(nvarm_shadow_vel1_load(v, hw), 0);
	v->shadow_indexed = ix;
}

/* nvarm_shadow_vel2_load_diff() and nvarm_shadow_vel1_load_diff() are the plain loads plus the
 * registers that differ from what the hardware holds: on random files in both layouts and
 * hosts, indexed or not, with no held state, a random one (random values, some equal to the
 * load's, a random valid mask), or the structure itself (in place, the previous load with a
 * few registers changed, as a fold-back leaves it); the values, valid, flags and the diff
 * mask are checked register by register. A copy of the structure (whose init tables point
 * into the original) still loads its own file: the original is changed after the copy. */
static void test_load_diff(void **state)
{
	uint64_t seed = 0x452821e638d01377ull;

	(void)state;
	for (unsigned host = 0; host < 2; host++)
		for (unsigned vhe = 0; vhe < 2; vhe++)
			for (unsigned mode = 0; mode < 3; mode++) /* indexed, not, a copy */
				for (int round = 0; round < 60; round++) {
					struct vcpu_fix f;
					struct nvarm_vel2 *c = NULL, *v = &f.v;
					struct nvarm_el1_regs ref, got, held, before;
					uint32_t diff = 0xdeadbeef;
					char what[80];

					fix_init(&f, TEST_ALL_FEATS,
						 host ? NVARM_HOST_NV2 : NVARM_HOST_NV);
					if (mode == 1)
						f.v.shadow_indexed = 0;
					random_file(&f.v, NULL, vhe, &seed);
					assert_int_equal(
					    nvarm_shadow_set_mpidr(&f.v, ref_rand(&seed)), 0);
					if (mode == 2) {
						c = malloc(sizeof(*c));
						assert_non_null(c);
						memcpy(c, &f.v, sizeof(*c));
						v = c;
						/* the original moves on; the copy must not see it
						 */
						for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
							f.v.regs[id] ^= ref_rand(&seed);
					}
					/* the vEL2 shadow */
					assert_int_equal(nvarm_shadow_vel2_load(v, &ref), 0);
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						held.r[i] = (ref_rand(&seed) & 1) ? ref.r[i]
										  : ref_rand(&seed);
					held.valid = (uint32_t)ref_rand(&seed);
					held.flags = (uint32_t)ref_rand(&seed);
					snprintf(what, sizeof(what),
						 "vel2 load_diff (host %u vhe %u mode %u)", host,
						 vhe, mode);
					memset(&got, 0x5a, sizeof(got));
					assert_int_equal(
					    nvarm_shadow_vel2_load_diff(v, NULL, &got, &diff), 0);
					assert_diff_load(&got, &ref, NULL, diff, what);
					assert_int_equal(
					    nvarm_shadow_vel2_load_diff(v, &held, &got, &diff), 0);
					assert_diff_load(&got, &ref, &held, diff, what);
					/* in place: the previous load, a few registers changed */
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						if ((ref_rand(&seed) & 3) == 0)
							got.r[i] ^= ref_rand(&seed);
					before = got;
					assert_int_equal(
					    nvarm_shadow_vel2_load_diff(v, &got, &got, &diff), 0);
					assert_diff_load(&got, &ref, &before, diff, what);
					/* the vEL1 context */
					vel1_load_ref(v, &ref);
					snprintf(what, sizeof(what),
						 "vel1 load_diff (host %u vhe %u mode %u)", host,
						 vhe, mode);
					assert_int_equal(
					    nvarm_shadow_vel1_load_diff(v, NULL, &got, &diff), 0);
					assert_diff_load(&got, &ref, NULL, diff, what);
					assert_int_equal(
					    nvarm_shadow_vel1_load_diff(v, &held, &got, &diff), 0);
					assert_diff_load(&got, &ref, &held, diff, what);
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
						if ((ref_rand(&seed) & 3) == 0)
							got.r[i] ^= ref_rand(&seed);
					before = got;
					assert_int_equal(
					    nvarm_shadow_vel1_load_diff(v, &got, &got, &diff), 0);
					assert_diff_load(&got, &ref, &before, diff, what);
					/* the plain vEL1 load (init's tables) agrees too */
					assert_int_equal(nvarm_shadow_vel1_load(v, &got), 0);
					assert_diff_load(&got, &ref, NULL, got.valid, what);
					/* and the vEL1 save (init's tables) stores what changed,
					 * into this structure's file (a copy's too) */
					for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
						unsigned id = nvarm_el1_reg_id(i);
						uint64_t x = ref_rand(&seed), y = 0, m0 = 0, m1 = 0;

						if (i == NVARM_EL1_VPIDR_EL2 ||
						    i == NVARM_EL1_VMPIDR_EL2 ||
						    i == NVARM_EL1_CPACR_EL1 ||
						    (ref_rand(&seed) & 1) ||
						    nvarm_vel2_masks(v, id, &m0, &m1) != 0)
							continue;
						got.r[i] = (x & ~m0) | m1;
						got.valid = UINT32_C(1) << i;
						assert_int_equal(nvarm_shadow_vel1_save(v, &got),
								 0);
						assert_int_equal(nvarm_vel2_read(v, id, &y), 0);
						if (y != got.r[i])
							fail_msg("%s: vel1 save %s: %#llx, "
								 "expected %#llx",
								 what, nvarm_sysreg_desc(id)->name,
								 (unsigned long long)y,
								 (unsigned long long)got.r[i]);
					}
					free(c);
					fix_fini(&f);
				}
	assert_int_equal(
	    nvarm_shadow_vel2_load_diff(NULL, NULL, &(struct nvarm_el1_regs){0}, &(uint32_t){0}),
	    NVARM_ERR_INVAL);
	assert_int_equal(nvarm_shadow_vel2_load_diff(&(struct nvarm_vel2){0}, NULL,
						     &(struct nvarm_el1_regs){0}, NULL),
			 NVARM_ERR_INVAL);
	assert_int_equal(
	    nvarm_shadow_vel1_load_diff(NULL, NULL, &(struct nvarm_el1_regs){0}, &(uint32_t){0}),
	    NVARM_ERR_INVAL);
	assert_int_equal(
	    nvarm_shadow_vel1_load_diff(&(struct nvarm_vel2){0}, NULL, NULL, &(uint32_t){0}),
	    NVARM_ERR_INVAL);
}

/* MDSCR_EL1 is shared by EL2 and EL1: the vEL2 load carries the file's value; under FEAT_NV
 * L1's untrapped write to the hardware is taken back by the save, under NV2 (where L1's
 * accesses go to the VNCR page) it is not. */
static void test_mdscr_shared(void **state)
{
	(void)state;
	for (unsigned nv2 = 0; nv2 < 2; nv2++) {
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		fix_init(&f, TEST_ALL_FEATS, nv2 ? NVARM_HOST_NV2 : NVARM_HOST_NV);
		wr(&f, NVARM_SR_MDSCR_EL1, 0x1000);
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
		assert_true((hw.valid >> NVARM_EL1_MDSCR_EL1) & 1);
		assert_int_equal(HW(hw, MDSCR_EL1), 0x1000);
		HW(hw, MDSCR_EL1) = 0x2000; /* L1 wrote the hardware register */
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_MDSCR_EL1), nv2 ? 0x1000 : 0x2000);
		fix_fini(&f);
	}
}

/* SVE and SME the host has hidden from L1: its vEL2 shadow's CPACR_EL1 never traps them at EL1
 * (ZEN and SMEN 0b11, both layouts), and nvarm_shadow_cptr_hidden() tells L0 how its own
 * CPTR_EL2 takes them instead (E2H=0: TZ, TSM set; E2H=1: ZEN, SMEN cleared). With SVE offered,
 * ZEN follows L1's CPTR_EL2 as before; on a host without SME (or SVE) nothing is opened: the
 * field is RES0 there. */
static void test_cptr_hidden(void **state)
{
	(void)state;
	for (int host_sme = 0; host_sme < 2; host_sme++)
		for (int sve = 0; sve < 2; sve++)
			for (int vhe = 0; vhe < 2; vhe++) {
				struct nvarm_id_regs h = test_host_ids(); /* with SVE */
				struct nvarm_vm_request r = test_request(
				    (TEST_ALL_FEATS & ~NVARM_VMF_SVE) | (sve ? NVARM_VMF_SVE : 0),
				    NVARM_HOST_NV2);
				struct vcpu_fix f;
				struct nvarm_el1_regs hw;
				uint64_t set, clr, zen = sve ? 0 : 3ull << 16,
						   smen = host_sme ? 3ull << 24 : 0;

				h.pfr1 |= (uint64_t)host_sme << 24; /* ID_AA64PFR1_EL1.SME */
				assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
				f.page = aligned_alloc(4096, 4096);
				assert_non_null(f.page);
				assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
				if (vhe)
					wr(&f, NVARM_SR_HCR_EL2, NVARM_HCR_E2H);
				/* L1 traps SVE for itself: TZ=1 (E2H=0) / ZEN=0b00 (E2H=1), FP on
				 */
				wr(&f, NVARM_SR_CPTR_EL2, vhe ? 3u << 20 : B(8));
				assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
				assert_int_equal(HW(hw, CPACR_EL1) & ((3u << 16) | (3u << 24)),
						 zen | smen);
				assert_int_equal(nvarm_shadow_cptr_hidden(&f.v, false, &set, &clr),
						 0);
				assert_int_equal(set, (zen ? B(8) : 0) | (smen ? B(12) : 0));
				assert_int_equal(clr, 0);
				assert_int_equal(nvarm_shadow_cptr_hidden(&f.v, true, &set, &clr),
						 0);
				assert_int_equal(set, 0);
				assert_int_equal(clr, zen | smen);
				assert_int_equal(nvarm_shadow_cptr_hidden(NULL, true, &set, &clr),
						 NVARM_ERR_INVAL);
				fix_fini(&f);
			}
}

/*
 * The hardware ZCR_EL2 (nvarm_shadow_zcr_hw): while L1 runs L0's limit alone (L1's vector
 * length at vEL2 comes from its vZCR_EL2, the hardware ZCR_EL1 in both layouts); while L2 runs
 * the smaller LEN of L0's limit and L1's vZCR_EL2, including a vZCR_EL2 a VHE L1 wrote without
 * a trap (its ZCR_EL1 at vEL2, folded back). A VM without SVE, or no state: L0's limit.
 */
static void test_zcr_hw(void **state)
{
	(void)state;
	for (int vhe = 0; vhe < 2; vhe++) {
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		assert_true(f.cfg.features & NVARM_VMF_SVE);
		if (vhe)
			wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_RW);
		for (uint64_t len = 0; len < 16; len++) {
			wr(&f, NVARM_SR_ZCR_EL2, len | (1ull << 8)); /* [8:4] RES0 */
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
			assert_int_equal(HW(hw, ZCR_EL1), len);
			for (uint64_t l0 = 0; l0 < 16; l0 += 5) {
				assert_int_equal(nvarm_shadow_zcr_hw(&f.v, false, l0), l0);
				assert_int_equal(nvarm_shadow_zcr_hw(&f.v, true, l0),
						 len < l0 ? len : l0);
			}
			assert_int_equal(nvarm_shadow_zcr_hw(&f.v, true, 0xf | (1ull << 9)), len);
		}
		/* L1 changes its VL untrapped (VHE: ZCR_EL1 at vEL2 is its ZCR_EL2) */
		HW(hw, ZCR_EL1) = 2;
		hw.valid = 1u << NVARM_EL1_ZCR_EL1;
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(nvarm_shadow_zcr_hw(&f.v, true, 0xf), 2);
		fix_fini(&f);
	}
	{
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS & ~NVARM_VMF_SVE, NVARM_HOST_NV2);
		assert_int_equal(nvarm_shadow_zcr_hw(&f.v, true, 7), 7);
		fix_fini(&f);
	}
	assert_int_equal(nvarm_shadow_zcr_hw(NULL, true, 0xf), 0xf);
}

/* A vCPU fixture whose host and VM have FEAT_SME (SME2 with @p sme2, FA64). */
static void fix_init_sme(struct vcpu_fix *f, bool sme2)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS | NVARM_VMF_SME, NVARM_HOST_NV2);

	h.pfr1 |= (sme2 ? 2ull : 1ull) << 24;
	h.smfr0 = 1ull << 63;
	fix_init_with(f, &h, &r);
	assert_true(f->cfg.features & NVARM_VMF_SME);
}

/*
 * FEAT_SME: L1's vSMCR_EL2 is the hardware SMCR_EL1 while it runs (both layouts, and back on
 * the save); the hardware SMCR_EL2 is L0's limit while L1 runs and, while L2 runs, the smaller
 * LEN of that and L1's vSMCR_EL2 with the FA64/EZT0 both have (DDI 0487 "Effective Streaming
 * SVE vector length", SMCR_EL1.FA64/EZT0).
 */
static void test_smcr_hw(void **state)
{
	const uint64_t fa = 1ull << 31, ez = 1ull << 30;

	(void)state;
	for (int vhe = 0; vhe < 2; vhe++) {
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		fix_init_sme(&f, true);
		if (vhe)
			wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_RW);
		for (uint64_t len = 0; len < 16; len++) {
			uint64_t bits = (len & 1 ? fa : 0) | (len & 2 ? ez : 0);

			wr(&f, NVARM_SR_SMCR_EL2, len | bits | (1ull << 8)); /* [8:4] RAZ/WI */
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
			assert_true(hw.valid & (1u << NVARM_EL1_SMCR_EL1));
			assert_int_equal(HW(hw, SMCR_EL1), len | bits);
			for (uint64_t l0 = 0; l0 < 16; l0 += 5) {
				uint64_t lim = l0 | fa | ez;

				assert_int_equal(nvarm_shadow_smcr_hw(&f.v, false, lim), lim);
				assert_int_equal(nvarm_shadow_smcr_hw(&f.v, true, lim),
						 (len < l0 ? len : l0) | bits);
				assert_int_equal(nvarm_shadow_smcr_hw(&f.v, true, l0),
						 len < l0 ? len : l0);
			}
			assert_int_equal(nvarm_shadow_smcr_hw(&f.v, true, 0xf | (1ull << 9)), len);
		}
		/* L1 changes its streaming VL untrapped (VHE: SMCR_EL1 at vEL2 is its SMCR_EL2) */
		HW(hw, SMCR_EL1) = 2 | fa;
		hw.valid = 1u << NVARM_EL1_SMCR_EL1;
		assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
		assert_int_equal(nvarm_shadow_smcr_hw(&f.v, true, 0xf | fa | ez), 2 | fa);
		fix_fini(&f);
	}
	{
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2); /* no SME on the test host */
		assert_int_equal(nvarm_shadow_smcr_hw(&f.v, true, 7 | fa), 7 | fa);
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
		assert_false(hw.valid & (1u << NVARM_EL1_SMCR_EL1));
		fix_fini(&f);
	}
	assert_int_equal(nvarm_shadow_smcr_hw(NULL, true, 0xf), 0xf);
}

/* L1's four accesses @p esrs (MRS and MSR of the EL2 register @p reg, with E2H=1 its EL1 and
 * EL12 names too) emulated under its CPTR_EL2: ::NVARM_EMUL_EXC when @p want (the syndrome) is
 * not 0, the register left as it was (7); else done (the MSR reloads). Never a plain register. */
static void emul_under_cptr(struct vcpu_fix *f, unsigned reg, const uint64_t esrs[4], int vhe,
			    uint64_t want)
{
	struct nvarm_trap t;
	struct nvarm_sysreg_plain p;
	uint64_t x;

	for (unsigned k = 0; k < 4; k++) {
		if (k >= 2 && !vhe)
			break; /* the EL1 name from vEL2 with E2H=0 does not trap; EL12 UNDEF */
		assert_int_equal(nvarm_trap_decode(esrs[k], &t), 0);
		x = 3;
		int r = nvarm_sysreg_emulate(&f->v, &t, &x);
		assert_int_equal(r, want ? NVARM_EMUL_EXC
					 : (k == 1 ? NVARM_EMUL_RELOAD : NVARM_EMUL_OK));
		assert_int_equal(rd(f, reg), want || k != 1 ? 7 : 3);
		wr(f, reg, 7);
		assert_int_not_equal(nvarm_sysreg_plain_decode(&f->v, esrs[k], &p), 0);
	}
}

/*
 * L1's MRS/MSR of SMCR_EL2 (and SMCR_EL1 at E2H=1, SMCR_EL12) at vEL2 under its own CPTR_EL2:
 * E2H=0 TSM, E2H=1 SMEN 0bx0 give EC 0x1D with SMTC 0; no FP control is checked (D24.2
 * SMCR_EL2); SMPRIMAP_EL2 checks none. The register is left as it was; not plain registers.
 */
static void test_smcr_cptr_trap(void **state)
{
	const uint64_t sme = 0x76000000ull;
	static const struct {
		int vhe;
		uint64_t cptr;
		int trap;
	} cases[] = {
	    {0, 0, 0},
	    {0, 1ull << 12, 1},
	    {0, 1ull << 10, 0}, /* TFP: not for SMCR_EL2 */
	    {0, 1ull << 8, 0},
	    {1, (3ull << 24) | (3ull << 20), 0},
	    {1, 3ull << 20, 1},
	    {1, 2ull << 24 | 3ull << 20, 1},
	    {1, 1ull << 24 | 3ull << 20, 0},
	    {1, 3ull << 24, 0}, /* FPEN 0: not for SMCR_EL2 */
	    {1, 0, 1},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcpu_fix f;
		struct nvarm_trap t;
		uint64_t x, want = cases[i].trap ? sme : 0;
		/* mrs x2, SMCR_EL2 / msr SMCR_EL2, x2 / mrs x2, SMCR_EL1 (E2H=1) / SMCR_EL12 */
		const uint64_t esrs[] = {sys_esr(3, 4, 1, 2, 6, 2, 1), sys_esr(3, 4, 1, 2, 6, 2, 0),
					 sys_esr(3, 0, 1, 2, 6, 2, 1),
					 sys_esr(3, 5, 1, 2, 6, 2, 1)};

		fix_init_sme(&f, false);
		if (cases[i].vhe)
			wr(&f, NVARM_SR_HCR_EL2, NVARM_HCR_E2H | HCR_RW);
		wr(&f, NVARM_SR_CPTR_EL2, cases[i].cptr);
		wr(&f, NVARM_SR_SMCR_EL2, 7);
		assert_int_equal(nvarm_vel2_sme_trap_esr(&f.v), want);
		assert_int_equal(nvarm_vel2_exc_esr(&f.v, NVARM_SR_SMCR_EL2), want);
		assert_int_equal(nvarm_vel2_exc_esr(&f.v, NVARM_SR_SMCR_EL12), want);
		assert_int_equal(nvarm_vel2_exc_esr(&f.v, NVARM_SR_SMPRIMAP_EL2), 0);
		assert_int_equal(nvarm_vel2_exc_esr(&f.v, NVARM_SR_HCR_EL2), 0);
		emul_under_cptr(&f, NVARM_SR_SMCR_EL2, esrs, cases[i].vhe, want);
		/* msr smprimap_el2, x2: never under CPTR_EL2 */
		assert_int_equal(nvarm_trap_decode(sys_esr(3, 4, 1, 2, 5, 2, 0), &t), 0);
		x = 0;
		assert_int_not_equal(nvarm_sysreg_emulate(&f.v, &t, &x), NVARM_EMUL_EXC);
		for (int vhe = 0; vhe < 2; vhe++)
			assert_int_equal(nvarm_shadow_vel2_sources(vhe, NVARM_SR_SMCR_EL2),
					 (1u << NVARM_EL1_SMCR_EL1) | (1u << NVARM_EL1_CPACR_EL1));
		fix_fini(&f);
	}
	{
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		wr(&f, NVARM_SR_CPTR_EL2, 1ull << 12);
		assert_int_equal(nvarm_vel2_sme_trap_esr(&f.v), 0);
		fix_fini(&f);
	}
	assert_int_equal(nvarm_vel2_sme_trap_esr(NULL), 0);
	assert_int_equal(nvarm_vel2_exc_esr(NULL, NVARM_SR_SMCR_EL2), 0);
	assert_int_equal(nvarm_vel2_exc_esr(NULL, NVARM_SR__COUNT), 0);
}

/*
 * L1's MRS/MSR of ZCR_EL2 (and ZCR_EL1 at E2H=1, ZCR_EL12) at vEL2 under its own CPTR_EL2: the
 * SVE control first (E2H=0 TZ, E2H=1 ZEN 0bx0: EC 0x19), then the FP one (TFP, FPEN 0bx0: EC
 * 0x07 with CV=1 COND=0xe), as natively at EL2 (DDI 0487 D24.2 ZCR_EL2); the register is left
 * as it was. ZEN/FPEN 0b01 trap EL0 only. The fold-back before the emulation names CPTR_EL2's
 * hardware register (CPACR_EL1) for ZCR_EL2 too, and ZCR_EL2 is not a plain register (the
 * lean decode would skip the check).
 */
static void test_zcr_cptr_trap(void **state)
{
	const uint64_t sve = 0x66000000ull, fp = 0x1fe00000ull;
	static const struct {
		int vhe;
		uint64_t cptr, esr;
	} cases[] = {
	    {0, 0, 0},
	    {0, 1ull << 8, 1},
	    {0, 1ull << 10, 2},
	    {0, (1ull << 8) | (1ull << 10), 1},
	    {1, (3ull << 16) | (3ull << 20), 0},
	    {1, 3ull << 20, 1},
	    {1, 2ull << 16 | 3ull << 20, 1},
	    {1, 1ull << 16 | 3ull << 20, 0},
	    {1, 3ull << 16, 2},
	    {1, 3ull << 16 | 1ull << 20, 0},
	    {1, 0, 1},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcpu_fix f;
		uint64_t want = cases[i].esr == 1 ? sve : cases[i].esr == 2 ? fp : 0;
		/* mrs x2, ZCR_EL2 / msr ZCR_EL2, x2 / mrs x2, ZCR_EL1 (E2H=1: ZCR_EL2) */
		const uint64_t esrs[] = {sys_esr(3, 4, 1, 2, 0, 2, 1), sys_esr(3, 4, 1, 2, 0, 2, 0),
					 sys_esr(3, 0, 1, 2, 0, 2, 1),
					 sys_esr(3, 5, 1, 2, 0, 2, 1)};

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		if (cases[i].vhe)
			wr(&f, NVARM_SR_HCR_EL2, NVARM_HCR_E2H | HCR_RW);
		wr(&f, NVARM_SR_CPTR_EL2, cases[i].cptr);
		wr(&f, NVARM_SR_ZCR_EL2, 7);
		assert_int_equal(nvarm_vel2_sve_trap_esr(&f.v), want);
		emul_under_cptr(&f, NVARM_SR_ZCR_EL2, esrs, cases[i].vhe, want);
		for (int vhe = 0; vhe < 2; vhe++)
			assert_int_equal(nvarm_shadow_vel2_sources(vhe, NVARM_SR_ZCR_EL2),
					 (1u << NVARM_EL1_ZCR_EL1) | (1u << NVARM_EL1_CPACR_EL1));
		fix_fini(&f);
	}
	{
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS & ~NVARM_VMF_SVE, NVARM_HOST_NV2);
		wr(&f, NVARM_SR_CPTR_EL2, 1ull << 10);
		assert_int_equal(nvarm_vel2_sve_trap_esr(&f.v), 0);
		fix_fini(&f);
	}
	assert_int_equal(nvarm_vel2_sve_trap_esr(NULL), 0);
}

/* L2's EL1 context for a VM without the host's SVE and SME: CPACR_EL1.ZEN/SMEN load open (its
 * RDVL/RDSVL reach L0's TZ/TSM, then UNDEFINED, not its own EL1 vector), the save takes them
 * out again (L2's file value keeps what L2 wrote); and nvarm_shadow_cptr_l2_bits() asks L0 to
 * trap L2's CPACR_EL1 (TCPAC) exactly while the hardware register is what L2 accesses: not
 * for HCR_EL2.{NV2,NV1,NV} = 0b111, a guest hypervisor under L1's FEAT_NV2 (DDI 0487 D24.2
 * CPACR_EL1: NVMem[0x100], L1's VNCR page; a TCPAC of L0's there took the accesses and
 * emulated them on the hardware register: recursive nesting broke). */
static void test_cptr_l2_bits(void **state)
{
	const uint64_t open = (3ull << 16) | (3ull << 24), nv = NVARM_HCR_NV, nv1 = NVARM_HCR_NV1,
		       nv2 = NVARM_HCR_NV2;

	(void)state;
	for (int host_nv = 0; host_nv < 2; host_nv++) {
		struct nvarm_id_regs h = test_host_ids(); /* with SVE */
		struct nvarm_vm_request r = test_request(TEST_ALL_FEATS & ~NVARM_VMF_SVE,
							 host_nv ? NVARM_HOST_NV2 : NVARM_HOST_NV);
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		h.pfr1 |= 1ull << 24; /* ID_AA64PFR1_EL1.SME */
		fix_init_with(&f, &h, &r);
		wr(&f, NVARM_SR_CPACR_EL1, 1ull << 20); /* L2's FPEN = 0b01 */
		assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
		assert_int_equal(HW(hw, CPACR_EL1), (1ull << 20) | open);
		HW(hw, CPACR_EL1) = (3ull << 20) | open; /* L2 wrote FPEN = 0b11 (emulated) */
		assert_int_equal(nvarm_shadow_vel1_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_CPACR_EL1), 3ull << 20);
		/* an unchanged register is no write: the opened bits alone are no difference */
		HW(hw, CPACR_EL1) = (3ull << 20) | open;
		assert_int_equal(nvarm_shadow_vel1_save(&f.v, &hw), 0);
		assert_int_equal(rd(&f, NVARM_SR_CPACR_EL1), 3ull << 20);

		/* L0's TCPAC for L2: every {NV2,NV1,NV} but 0b111 (E2H and TGE do not matter) */
		for (unsigned x = 0; x < 8; x++) {
			uint64_t hcr =
			    ((x & 1) ? nv : 0) | ((x & 2) ? nv1 : 0) | ((x & 4) ? nv2 : 0);
			uint64_t want = x == 7 ? 0 : NVARM_CPTR_TCPAC;

			assert_int_equal(nvarm_shadow_cptr_l2_bits(&f.v, hcr), want);
			assert_int_equal(nvarm_shadow_cptr_l2_bits(&f.v, hcr | HCR_E2H | HCR_RW),
					 want);
		}
		assert_int_equal(nvarm_shadow_cptr_l2_bits(NULL, 0), 0);
		fix_fini(&f);
	}
	/* nothing opened (SVE offered, no SME on the host): no trap of L0's, the register is L2's
	 * as it is */
	{
		struct vcpu_fix f;
		struct nvarm_el1_regs hw;

		fix_init(&f, TEST_ALL_FEATS | NVARM_VMF_SVE, NVARM_HOST_NV2);
		wr(&f, NVARM_SR_CPACR_EL1, 1ull << 20);
		assert_int_equal(nvarm_shadow_vel1_load(&f.v, &hw), 0);
		assert_int_equal(HW(hw, CPACR_EL1), 1ull << 20);
		assert_int_equal(nvarm_shadow_cptr_l2_bits(&f.v, 0), 0);
		fix_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_zcr_hw),
	    cmocka_unit_test(test_zcr_cptr_trap),
	    cmocka_unit_test(test_smcr_hw),
	    cmocka_unit_test(test_smcr_cptr_trap),
	    cmocka_unit_test(test_cptr_hidden),
	    cmocka_unit_test(test_cptr_l2_bits),
	    cmocka_unit_test(test_nvhe_sctlr),
	    cmocka_unit_test(test_sctlr_nmi_layouts),
	    cmocka_unit_test(test_nvhe_tcr_ttbr),
	    cmocka_unit_test(test_nvhe_cptr_cnthctl),
	    cmocka_unit_test(test_nvhe_save),
	    cmocka_unit_test(test_vhe_direct),
	    cmocka_unit_test(test_vhe_span),
	    cmocka_unit_test(test_vel1_and_hcr_bits),
	    cmocka_unit_test(test_save_keeps_loaded_layout),
	    cmocka_unit_test(test_rows_check),
	    cmocka_unit_test(test_needs_sync),
	    cmocka_unit_test(test_vel2_sources_partial_save),
	    cmocka_unit_test(test_mdscr_shared),
	    cmocka_unit_test(test_index_matches_rows),
	    cmocka_unit_test(test_load_some_matches_load),
	    cmocka_unit_test(test_vel2_volatile),
	    cmocka_unit_test(test_vel2_hw_volatile),
	    cmocka_unit_test(test_load_memo_matches_load),
	    cmocka_unit_test(test_load_diff),
	    cmocka_unit_test(test_mirror_bits_match_rows),
	    cmocka_unit_test(test_id_regs_follow_context),
	    cmocka_unit_test(test_cntkctl_not_shadowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
