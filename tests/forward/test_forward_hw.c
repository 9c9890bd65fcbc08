// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding, L0 side: nvarm_fwd_vstate_from_vel2() (L1's controls out of the
 * vEL2 register file) and nvarm_fwd_hw_traps() (L2's hardware controls = L0's ∪ L1's).
 * Register values are written with the Arm ARM bit positions, independently of the
 * tables; the merged hardware values are checked bit by bit.
 */
#include <nvarm/forward.h>
#include "test_rng.h"
#include "sysreg/forward_priv.h"
/* sysreg_test.h defines these too (same values). */
#undef HCR_E2H
#undef HCR_TGE
#include "sysreg/sysreg_test.h"

#define BIT(n) (UINT64_C(1) << (n))

/* HCR_EL2 (Arm ARM D19.2) */
#define H_FMO	 BIT(3)
#define H_IMO	 BIT(4)
#define H_VM	 BIT(0)
#define H_TWI	 BIT(13)
#define H_TWE	 BIT(14)
#define H_TID3	 BIT(18)
#define H_TSC	 BIT(19)
#define H_TVM	 BIT(26)
#define H_TLOR	 BIT(35)
#define H_TERR	 BIT(36)
#define H_APK	 BIT(40)
#define H_API	 BIT(41)
#define H_E2H	 BIT(34)
#define H_ENSCXT BIT(53)
/* MDCR_EL2 */
#define M_TPM  BIT(6)
#define M_TDA  BIT(9)
#define M_E2PB (UINT64_C(3) << 12)
/* CPTR_EL2, E2H = 0 layout: TZ [8], TFP [10], TTA [20]; E2H = 1: ZEN [17:16],
 * FPEN [21:20], TTA [28]. */
#define C0_TZ	BIT(8)
#define C0_TFP	BIT(10)
#define C0_TTA	BIT(20)
#define C1_ZEN	(UINT64_C(3) << 16)
#define C1_FPEN (UINT64_C(3) << 20)
#define C1_TTA	BIT(28)
#define C1_SMEN (UINT64_C(3) << 24)
/* HFGRTR_EL2: TPIDR_EL1 [33], nPIR_EL1 [58] */
#define FG_TPIDR1 BIT(33)
#define FG_NPIR	  BIT(58)

#define ALL_FEATS                                                                                  \
	(((UINT64_C(1) << NVARM_FWD_FEAT__COUNT) - 2) & ~NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY))

/* L1 controls that trap nothing (the 0-traps bits set). */
static void vs_quiet(struct nvarm_fwd_vstate *vs, uint64_t feats)
{
	memset(vs, 0, sizeof(*vs));
	vs->features = feats;
	vs->reg[NVARM_FWD_HCR_EL2] = H_APK | H_API | BIT(47) | H_ENSCXT;
	vs->reg[NVARM_FWD_MDCR_EL2] = M_E2PB | (UINT64_C(3) << 24) | 31;
	vs->reg[NVARM_FWD_HFGRTR_EL2] =
	    BIT(50) | BIT(54) | BIT(55) | BIT(57) | FG_NPIR | BIT(59) | BIT(60);
	vs->reg[NVARM_FWD_HFGWTR_EL2] = vs->reg[NVARM_FWD_HFGRTR_EL2];
	vs->reg[NVARM_FWD_HFGITR_EL2] = BIT(55) | BIT(56);
	vs->pmu_counters = 31;
}

static void merge(const struct nvarm_fwd_vstate *vs, unsigned flags, struct nvarm_fwd_hw *hw)
{
	struct nvarm_fwd_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(nvarm_fwd_load(&ctx, vs), NVARM_OK);
	assert_int_equal(nvarm_fwd_hw_traps(&ctx, flags, hw), NVARM_OK);
}

/* The example L0's own HCR_EL2 for L2 (VM, SWIO, FMO, IMO, AMO, TSC, RW, APK, API). */
#define L0_HCR (H_VM | BIT(1) | H_FMO | H_IMO | BIT(5) | H_TSC | BIT(31) | H_APK | H_API)

static void test_hw_hcr(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;

	(void)state;
	/* Nothing asked: L0's value unchanged. */
	vs_quiet(&vs, ALL_FEATS);
	memset(&hw, 0, sizeof(hw));
	hw.hcr = L0_HCR;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr, L0_HCR);

	/* TWI, TID3, TVM, TERR, TLOR asked: all set, L0's kept. */
	vs.reg[NVARM_FWD_HCR_EL2] |= H_TWI | H_TID3 | H_TVM | H_TERR | H_TLOR;
	hw.hcr = L0_HCR | H_TWE;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr, L0_HCR | H_TWE | H_TWI | H_TID3 | H_TVM | H_TERR | H_TLOR);

	/* L1 clears APK (key registers trap): the hardware must trap them too. */
	vs.reg[NVARM_FWD_HCR_EL2] &= ~H_APK;
	hw.hcr = L0_HCR;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr & H_APK, 0);
	assert_int_equal(hw.hcr & H_API, H_API);

	/* Features L1 lacks: their controls never reach the hardware (TERR without RAS,
	 * TLOR without LOR, APK without PAuth). */
	vs.features &= ~(NVARM_FWD_F(NVARM_FWD_FEAT_RAS) | NVARM_FWD_F(NVARM_FWD_FEAT_LOR) |
			 NVARM_FWD_F(NVARM_FWD_FEAT_PAUTH));
	hw.hcr = L0_HCR;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr, L0_HCR | H_TWI | H_TID3 | H_TVM);
}

/* HCR_EL2 controls that change how L2 runs (not traps) are L1's: DC, CD, ID, PTW, FB ORed;
 * BSU the stronger; VI/VF/VSE only while L1 routes that class to itself (IMO/FMO/AMO). */
static void test_hw_hcr_behaviour(void **state)
{
	const uint64_t DC = BIT(12), CD = BIT(32), ID = BIT(33), PTW = BIT(2), FB = BIT(9);
	const uint64_t VF = BIT(6), VI = BIT(7), VSE = BIT(8), AMO = BIT(5);
	const uint64_t BSU_IS = UINT64_C(1) << 10, BSU_FS = UINT64_C(3) << 10;
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;

	(void)state;
	vs_quiet(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HCR_EL2] |= DC | CD | ID | PTW | FB | BSU_FS;
	memset(&hw, 0, sizeof(hw));
	hw.hcr = L0_HCR | BSU_IS;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr,
			 (L0_HCR & ~(UINT64_C(3) << 10)) | DC | CD | ID | PTW | FB | BSU_FS);
	/* L0's stronger BSU stays */
	vs.reg[NVARM_FWD_HCR_EL2] = (vs.reg[NVARM_FWD_HCR_EL2] & ~BSU_FS) | BSU_IS;
	hw.hcr = L0_HCR | BSU_FS;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr & BSU_FS, BSU_FS);

	/* virtual exceptions pending without routing: not signalled, so not passed */
	vs_quiet(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HCR_EL2] |= VI | VF | VSE;
	hw.hcr = L0_HCR & ~(H_IMO | H_FMO | AMO);
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr & (VI | VF | VSE), 0);
	/* with L1's IMO, FMO, AMO each */
	vs.reg[NVARM_FWD_HCR_EL2] |= H_IMO;
	hw.hcr = L0_HCR;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr & (VI | VF | VSE), VI);
	vs.reg[NVARM_FWD_HCR_EL2] |= H_FMO | AMO;
	hw.hcr = L0_HCR;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.hcr & (VI | VF | VSE), VI | VF | VSE);
	/* a reload notices a change of VI alone (nvarm_fwd_load's reload check) */
	{
		struct nvarm_fwd_ctx ctx;

		memset(&ctx, 0, sizeof(ctx));
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		vs.reg[NVARM_FWD_HCR_EL2] &= ~VI;
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		hw.hcr = L0_HCR;
		assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, &hw), NVARM_OK);
		assert_int_equal(hw.hcr & VI, 0);
	}
}

static void test_hw_cptr_layouts(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;

	(void)state;
	/* VHE L1 (E2H = 1) with FPEN = 0b00, ZEN = SMEN = 0b11, TTA [28]. */
	vs_quiet(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HCR_EL2] |= H_E2H;
	vs.reg[NVARM_FWD_CPTR_EL2] = C1_ZEN | C1_SMEN | C1_TTA;
	memset(&hw, 0, sizeof(hw));
	merge(&vs, 0, &hw); /* non-VHE L0 */
	assert_int_equal(hw.cptr, C0_TFP | C0_TTA);
	hw.cptr = C1_FPEN | C1_ZEN; /* VHE L0: no traps */
	merge(&vs, NVARM_FWD_HW_E2H, &hw);
	assert_int_equal(hw.cptr, C1_ZEN | C1_TTA);

	/* Same L1 with FPEN = 0b11: nothing for FP; ZEN = 0b10 traps EL0 and EL1. */
	vs.reg[NVARM_FWD_CPTR_EL2] = C1_FPEN | C1_SMEN | BIT(17);
	hw.cptr = 0;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.cptr, C0_TZ);

	/* Non-VHE L1 (E2H = 0): TFP, TTA [20]; bit 28 is not TTA in this layout. */
	vs.reg[NVARM_FWD_HCR_EL2] &= ~H_E2H;
	vs.reg[NVARM_FWD_CPTR_EL2] = C0_TFP | C0_TTA;
	hw.cptr = C1_FPEN | C1_ZEN;
	merge(&vs, NVARM_FWD_HW_E2H, &hw);
	assert_int_equal(hw.cptr, C1_ZEN | C1_TTA);
	vs.reg[NVARM_FWD_CPTR_EL2] = BIT(28);
	hw.cptr = 0;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.cptr, 0);
}

static void test_hw_mdcr(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;

	(void)state;
	vs_quiet(&vs, ALL_FEATS);
	vs.pmu_counters = 8;
	vs.reg[NVARM_FWD_MDCR_EL2] = (vs.reg[NVARM_FWD_MDCR_EL2] & ~UINT64_C(31)) | 4 | M_TPM;
	memset(&hw, 0, sizeof(hw));
	hw.mdcr = M_E2PB | 8; /* L0: HPMN = 8, profiling buffer with EL1 */
	merge(&vs, 0, &hw);
	assert_int_equal(hw.mdcr, M_E2PB | 4 | M_TPM);

	/* L1 keeps the buffer at EL2 (E2PB = 0b00): EL1 accesses must trap. HPMN above
	 * L0's is not raised. */
	vs.reg[NVARM_FWD_MDCR_EL2] = (UINT64_C(3) << 24) | 31 | M_TDA;
	hw.mdcr = M_E2PB | 8;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.mdcr, 8 | M_TDA);

	/* Without FEAT_PMU for L1, neither TPM nor HPMN matter. */
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_PMU);
	vs.reg[NVARM_FWD_MDCR_EL2] = M_E2PB | (UINT64_C(3) << 24) | M_TPM | 1;
	hw.mdcr = 8;
	merge(&vs, 0, &hw);
	assert_int_equal(hw.mdcr, 8);
}

static void test_hw_fgt(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw, l0;

	(void)state;
	memset(&l0, 0, sizeof(l0));
	l0.hfgrtr = FG_NPIR; /* L0: no traps, nPIR_EL1 = 1 */
	l0.hfgwtr = FG_NPIR;
	vs_quiet(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HFGRTR_EL2] = (vs.reg[NVARM_FWD_HFGRTR_EL2] | FG_TPIDR1) & ~FG_NPIR;

	hw = l0;
	merge(&vs, NVARM_FWD_HW_FGT, &hw);
	assert_int_equal(hw.hfgrtr, FG_TPIDR1); /* TPIDR_EL1 reads trap, PIR_EL1 too */
	assert_int_equal(hw.hfgwtr, FG_NPIR);	/* writes not asked */
	assert_int_equal(hw.hfgitr, 0);

	/* The hardware has no FGT (flag clear) or L1 has no FEAT_FGT: untouched. */
	hw = l0;
	merge(&vs, 0, &hw);
	assert_memory_equal(&hw, &l0, sizeof(hw));
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_FGT);
	hw = l0;
	merge(&vs, NVARM_FWD_HW_FGT, &hw);
	assert_memory_equal(&hw, &l0, sizeof(hw));

	/* nPIR_EL1 is FEAT_S1PIE's: without it the bit is RES0 for L1, no trap added. */
	vs.features = ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_S1PIE);
	hw = l0;
	merge(&vs, NVARM_FWD_HW_FGT, &hw);
	assert_int_equal(hw.hfgrtr, FG_TPIDR1 | FG_NPIR);
}

/* Every line of the table: a known condition, a mask, no bit both set and cleared. */
static void test_hw_rule_table(void **state)
{
	(void)state;
	assert_true(nvarm__fwd_nr_hw_rules > 40);
	for (size_t i = 0; i < nvarm__fwd_nr_hw_rules; i++) {
		const struct fwd_hw_rule *r = &nvarm__fwd_hw_rules[i];

		if (!r->cgt || r->cgt >= C__END || !r->mask || r->reg >= FWD_HW__COUNT ||
		    r->layout > FWD_L_E2H1 || r->clear > 1)
			fail_msg("hw rule line %u malformed", r->line);
		for (size_t j = 0; j < i; j++) {
			const struct fwd_hw_rule *q = &nvarm__fwd_hw_rules[j];
			bool same_layout = q->layout == r->layout || !q->layout || !r->layout;

			if (q->reg == r->reg && same_layout && (q->mask & r->mask) &&
			    q->clear != r->clear)
				fail_msg("hw rule lines %u and %u set and clear one bit", q->line,
					 r->line);
			if (q->reg == r->reg && q->cgt == r->cgt && q->layout == r->layout)
				fail_msg("hw rule lines %u and %u repeat", q->line, r->line);
		}
	}
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	return test_rng(&rng_state);
}

/* Random L1 and L0 controls: L0's traps are never removed, unrelated bits never change. */
static void test_hw_never_removes_l0_traps(void **state)
{
	uint64_t seed = test_seed(UINT64_C(0x1f0c0ffee));
	uint64_t set[2][FWD_HW__COUNT], clr[2][FWD_HW__COUNT];

	(void)state;
	rng_state = seed;
	memset(set, 0, sizeof(set));
	memset(clr, 0, sizeof(clr));
	for (size_t i = 0; i < nvarm__fwd_nr_hw_rules; i++)
		for (unsigned lay = 0; lay < 2; lay++) {
			const struct fwd_hw_rule *r = &nvarm__fwd_hw_rules[i];

			if (r->layout == FWD_L_ANY || r->layout == (lay ? FWD_L_E2H1 : FWD_L_E2H0))
				(r->clear ? clr : set)[lay][r->reg] |= r->mask;
		}
	for (unsigned it = 0; it < 5000; it++) {
		struct nvarm_fwd_vstate vs;
		struct nvarm_fwd_ctx ctx;
		struct nvarm_fwd_hw in, out;
		unsigned lay = rng() & 1;
		uint64_t iv[FWD_HW__COUNT], ov[FWD_HW__COUNT];

		for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
			vs.reg[r] = rng();
		vs.features = rng();
		vs.pmu_counters = (uint8_t)rng();
		memset(&ctx, 0, sizeof(ctx));
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		in.hcr = rng();
		in.mdcr = rng();
		in.cptr = rng();
		in.hfgrtr = rng();
		in.hfgwtr = rng();
		in.hfgitr = rng();
		in.hdfgrtr = rng();
		in.hdfgwtr = rng();
		in.hafgrtr = rng();
		in.hcrx = rng();
		out = in;
		assert_int_equal(nvarm_fwd_hw_traps(&ctx, lay ? NVARM_FWD_HW_E2H : 0, &out),
				 NVARM_OK);
		iv[FWD_HW_HCR] = in.hcr, ov[FWD_HW_HCR] = out.hcr;
		iv[FWD_HW_MDCR] = in.mdcr, ov[FWD_HW_MDCR] = out.mdcr;
		iv[FWD_HW_CPTR] = in.cptr, ov[FWD_HW_CPTR] = out.cptr;
		/* (HCRX_EL2 was not asked for: NVARM_FWD_HW_HCX, so it must not change) */
		iv[FWD_HW_HCRX] = in.hcrx, ov[FWD_HW_HCRX] = out.hcrx;
		for (unsigned r = 0; r < FWD_HW__COUNT; r++) {
			uint64_t hpmn = r == FWD_HW_MDCR ? 31 : 0;
			/* HCR_EL2: L1's pass-through controls may be added (DC, CD, ID, PTW, FB,
			 * VI/VF/VSE, and NV/NV1/AT/NV2 for a guest hypervisor), BSU may only grow
			 */
			uint64_t pass = r == FWD_HW_HCR
					    ? (HCR_PASS_MASK | HCR_VI | HCR_VF | HCR_VSE | HCR_NV |
					       HCR_NV1 | HCR_AT_B | HCR_NV2)
					    : 0;
			uint64_t bsu = r == FWD_HW_HCR ? HCR_BSU : 0;
			uint64_t other = ~(set[lay][r] | clr[lay][r] | hpmn | pass | bsu);

			if ((ov[r] & pass & iv[r]) != (iv[r] & pass) ||
			    (ov[r] & bsu) < (iv[r] & bsu) ||
			    (ov[r] & set[lay][r] & iv[r]) != (iv[r] & set[lay][r]) ||
			    (ov[r] & clr[lay][r] & ~iv[r]) || ((ov[r] ^ iv[r]) & other) ||
			    (ov[r] & hpmn) > (iv[r] & hpmn))
				fail_msg("seed %#llx iter %u reg %u: 0x%llx -> 0x%llx",
					 (unsigned long long)seed, it, r, (unsigned long long)iv[r],
					 (unsigned long long)ov[r]);
		}
		/* The FGT registers were not asked for. */
		if (memcmp(&in.hfgrtr, &out.hfgrtr, 6 * sizeof(uint64_t)))
			fail_msg("seed %#llx iter %u: FGT changed without the flag",
				 (unsigned long long)seed, it);
	}
}

/*
 * nvarm_fwd_hw_traps() (L1's rules folded into masks at load: nvarm__fwd_hw_fold) against
 * the definition, applied here rule by rule in table order on the loaded context: every
 * hardware rule whose condition traps sets or clears its bits in its layout, HPMN clamped,
 * each FGT register gets L1's traps (negative bits cleared, the others set), L1's
 * pass-through HCR_EL2 controls. Random L1 controls and feature sets, random L0 values, all
 * four flag combinations; the same context reused (as an L0 does between loads).
 */
static void ref_hw_traps(const struct nvarm_fwd_ctx *ctx, unsigned flags, struct nvarm_fwd_hw *hw)
{
	static const struct {
		unsigned reg, slot;
		size_t off;
	} fgt[] = {
	    {NVARM_FWD_HFGRTR_EL2, G_HFGxTR * 2 + 1, offsetof(struct nvarm_fwd_hw, hfgrtr)},
	    {NVARM_FWD_HFGWTR_EL2, G_HFGxTR * 2, offsetof(struct nvarm_fwd_hw, hfgwtr)},
	    {NVARM_FWD_HFGITR_EL2, G_HFGITR * 2, offsetof(struct nvarm_fwd_hw, hfgitr)},
	    {NVARM_FWD_HDFGRTR_EL2, G_HDFGxTR * 2 + 1, offsetof(struct nvarm_fwd_hw, hdfgrtr)},
	    {NVARM_FWD_HDFGWTR_EL2, G_HDFGxTR * 2, offsetof(struct nvarm_fwd_hw, hdfgwtr)},
	    {NVARM_FWD_HAFGRTR_EL2, G_HAFGRTR * 2 + 1, offsetof(struct nvarm_fwd_hw, hafgrtr)},
	};
	uint64_t out[FWD_HW__COUNT] = {hw->hcr, hw->mdcr, hw->cptr};
	uint8_t layout = (flags & NVARM_FWD_HW_E2H) ? FWD_L_E2H1 : FWD_L_E2H0;
	uint64_t l1 = ctx->src.reg[NVARM_FWD_HCR_EL2];

	for (size_t i = 0; i < nvarm__fwd_nr_hw_rules; i++) {
		const struct fwd_hw_rule *r = &nvarm__fwd_hw_rules[i];

		if (!ctx->cgt[r->cgt] || (r->layout != FWD_L_ANY && r->layout != layout))
			continue;
		if (r->clear)
			out[r->reg] &= ~r->mask;
		else
			out[r->reg] |= r->mask;
	}
	if ((ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_PMU)) &&
	    ctx->hpmn < (out[FWD_HW_MDCR] & MDCR_HPMN_MASK))
		out[FWD_HW_MDCR] = (out[FWD_HW_MDCR] & ~MDCR_HPMN_MASK) | ctx->hpmn;
	if ((flags & NVARM_FWD_HW_FGT) && (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_FGT)))
		for (unsigned i = 0; i < 6; i++) {
			uint64_t n = 0, trap = ctx->fgt[fgt[i].slot];
			uint64_t *v = (uint64_t *)(void *)((char *)hw + fgt[i].off);

			for (size_t j = 0; j < nvarm__fwd_nr_fgt_bits; j++)
				if (nvarm__fwd_fgt_bits[j].negative &&
				    nvarm__fwd_fgt_bits[j].reg == fgt[i].reg)
					n |= nvarm__fwd_fgt_bits[j].mask;
			*v = (*v | (trap & ~n)) & ~(trap & n);
		}
	out[FWD_HW_HCR] |= l1 & HCR_PASS_MASK;
	if ((l1 & HCR_BSU) > (out[FWD_HW_HCR] & HCR_BSU))
		out[FWD_HW_HCR] = (out[FWD_HW_HCR] & ~HCR_BSU) | (l1 & HCR_BSU);
	if (l1 & HCR_IMO_B)
		out[FWD_HW_HCR] |= l1 & HCR_VI;
	if (l1 & HCR_FMO_B)
		out[FWD_HW_HCR] |= l1 & HCR_VF;
	if (l1 & HCR_AMO_B)
		out[FWD_HW_HCR] |= l1 & HCR_VSE;
	/* Recursive nesting (Arm ARM EffectiveHCR_EL2_NVx()): with FEAT_NV and NV set, NV, AT,
	 * NV1 (unless NV1 is RAZ: no FEAT_E2H0) and NV2 (with FEAT_NV2) as L1 set them; AT alone
	 * traps AT S1E1* even without NV. */
	if (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NV)) {
		out[FWD_HW_HCR] |= l1 & HCR_AT_B;
		if (l1 & HCR_NV) {
			out[FWD_HW_HCR] |= HCR_NV;
			if (!(ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY)))
				out[FWD_HW_HCR] |= l1 & HCR_NV1;
			if (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NV2))
				out[FWD_HW_HCR] |= l1 & HCR_NV2;
		}
	}
	hw->hcr = out[FWD_HW_HCR];
	hw->mdcr = out[FWD_HW_MDCR];
	hw->cptr = out[FWD_HW_CPTR];
}

static void test_hw_fold_matches_rules(void **state)
{
	uint64_t seed = test_seed(UINT64_C(0xf01dab1e));
	unsigned fgt_seen = 0;
	struct nvarm_fwd_ctx ctx;

	(void)state;
	rng_state = seed;
	memset(&ctx, 0, sizeof(ctx));
	for (unsigned it = 0; it < 4000; it++) {
		struct nvarm_fwd_vstate vs;

		for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
			vs.reg[r] = (rng() & 3) ? rng() & rng() : rng(); /* sparse or dense */
		vs.features = (rng() & 1) ? ~UINT64_C(0) : rng();
		vs.pmu_counters = (uint8_t)rng();
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		for (unsigned flags = 0; flags < 4; flags++) {
			struct nvarm_fwd_hw in, out, want;

			in.hcr = rng();
			in.mdcr = rng();
			in.cptr = rng();
			in.hfgrtr = rng();
			in.hfgwtr = rng();
			in.hfgitr = rng();
			in.hdfgrtr = rng();
			in.hdfgwtr = rng();
			in.hafgrtr = rng();
			out = want = in;
			assert_int_equal(nvarm_fwd_hw_traps(&ctx, flags, &out), NVARM_OK);
			ref_hw_traps(&ctx, flags, &want);
			if (memcmp(&out, &want, sizeof(out)))
				fail_msg(
				    "seed %#llx iter %u flags %u: HCR 0x%llx/0x%llx MDCR "
				    "0x%llx/0x%llx CPTR 0x%llx/0x%llx HFGRTR 0x%llx/0x%llx",
				    (unsigned long long)seed, it, flags,
				    (unsigned long long)out.hcr, (unsigned long long)want.hcr,
				    (unsigned long long)out.mdcr, (unsigned long long)want.mdcr,
				    (unsigned long long)out.cptr, (unsigned long long)want.cptr,
				    (unsigned long long)out.hfgrtr,
				    (unsigned long long)want.hfgrtr);
			fgt_seen += (flags & NVARM_FWD_HW_FGT) &&
				    memcmp(&in.hfgrtr, &out.hfgrtr, 6 * sizeof(uint64_t));
		}
	}
	if (fgt_seen < 100)
		fail_msg("seed %#llx: the FGT merge changed something only %u times",
			 (unsigned long long)seed, fgt_seen);
}

static void test_hw_errors(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_hw hw, keep;

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	memset(&hw, 0x5a, sizeof(hw));
	keep = hw;
	assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, &hw), NVARM_ERR_INVAL); /* not loaded */
	vs_quiet(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HCR_EL2] |= H_TWI;
	assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
	assert_int_equal(nvarm_fwd_hw_traps(NULL, 0, &hw), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_hw_traps(&ctx, 8, &hw), NVARM_ERR_INVAL);
	assert_memory_equal(&hw, &keep, sizeof(hw));
	assert_int_equal(nvarm_fwd_vstate_from_vel2(NULL, 0, &vs), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_vstate_diff(NULL, 0, &vs, 0), NVARM_ERR_INVAL);
}

/* L1's controls out of the register file, features from what L1's ID registers say. */
static void test_vstate_from_vel2(void **state)
{
	struct vcpu_fix f;
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_hw hw;

	(void)state;
	/* The example L0's request: VHE, E2H0, GICv3 (no RAS, SVE, FGT for L1). */
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_HCR_EL2, HCR_RW | H_TWI | H_TID3 | H_TERR | H_TSC);
	wr(&f, NVARM_SR_MDCR_EL2, M_TDA);
	wr(&f, NVARM_SR_CPTR_EL2, C0_TFP);
	wr(&f, NVARM_SR_HSTR_EL2, BIT(15));
	assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, 40, &vs), NVARM_OK);
	assert_int_equal(vs.reg[NVARM_FWD_CPTR_EL2] & C0_TFP, C0_TFP);
	assert_int_equal(vs.reg[NVARM_FWD_HSTR_EL2], BIT(15));
	assert_int_equal(vs.reg[NVARM_FWD_HCR_EL2] & (H_TWI | H_TID3 | H_TSC),
			 H_TWI | H_TID3 | H_TSC);
	assert_int_equal(vs.reg[NVARM_FWD_MDCR_EL2] & M_TDA, M_TDA);
	assert_int_equal(vs.pmu_counters, 31);
	assert_true(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_VHE));
	assert_true(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_GICV3));
	assert_false(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY));
	/* The test host has RAS 2, SVE 1, FGT 1, NV2: hidden from this L1. */
	assert_false(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_RAS));
	assert_false(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_SVE));
	assert_false(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_FGT));
	assert_false(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_NV));

	/* End to end: an L2 WFI is L1's, an L2 read of ERRIDR_EL1 is UNDEFINED (RAS
	 * hidden), L1's TERR does not reach the hardware. */
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
	struct nvarm_fwd_result res;
	assert_int_equal(nvarm_fwd_route(&ctx, (UINT64_C(0x01) << 26) | NVARM_ESR_IL, 1, &res),
			 NVARM_FWD_FORWARD);
	assert_int_equal(nvarm_fwd_route(&ctx, sys_esr(3, 0, 5, 3, 0, 1, 1), 1, &res),
			 NVARM_FWD_UNDEF);
	assert_int_equal(res.target_el, 1);
	assert_int_equal(res.esr, NVARM_ESR_IL);
	memset(&hw, 0, sizeof(hw));
	assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, &hw), NVARM_OK);
	assert_int_equal(hw.hcr, H_TWI | H_TID3 | H_TSC);
	fix_fini(&f);

	/* A VHE-only VM (no FEAT_E2H0): E2H is RES1 for L1; with RAS and FGT requested. */
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_RAS | NVARM_VMF_FGT, NVARM_HOST_NV2);
	assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, 0, &vs), NVARM_OK);
	assert_true(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY));
	assert_true(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_RAS));
	assert_true(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_FGT));
	assert_int_equal(vs.reg[NVARM_FWD_HCR_EL2] & H_E2H, H_E2H);
	/* FGT registers come from the VNCR page (where an NV2 L1 writes them). */
	wr(&f, NVARM_SR_HFGRTR_EL2, FG_TPIDR1);
	wr(&f, NVARM_SR_HFGITR_EL2, BIT(54));
	assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, 0, &vs), NVARM_OK);
	assert_int_equal(vs.reg[NVARM_FWD_HFGRTR_EL2], FG_TPIDR1);
	assert_int_equal(vs.reg[NVARM_FWD_HFGITR_EL2], BIT(54));
	fix_fini(&f);
}

/*
 * nvarm_fwd_vstate_from_vel2() reads each control through the word index nvarm_vel2_init()
 * made; a copy of the structure (whose index names the original's storage) takes the lookup
 * by register instead. Both against the register file's own word (nvarm_vel2_reg_word) after
 * random values in every control's word, the page's ones as an NV2 L1 stores them (fixed
 * seed, NVARM_TEST_SEED overrides), for several VM configurations; and
 * nvarm_fwd_vstate_diff() against the build: no difference, then the one register changed.
 */
static void test_vstate_from_vel2_index(void **state)
{
	static const uint32_t feats[] = {
	    NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3,
	    NVARM_VMF_VHE | NVARM_VMF_RAS | NVARM_VMF_FGT | NVARM_VMF_GICV3,
	    NVARM_VMF_VHE,
	};
	static const unsigned ids[NVARM_FWD_NR_VREGS] = {
	    [NVARM_FWD_HCR_EL2] = NVARM_SR_HCR_EL2,
	    [NVARM_FWD_HCRX_EL2] = NVARM_SR_HCRX_EL2,
	    [NVARM_FWD_MDCR_EL2] = NVARM_SR_MDCR_EL2,
	    [NVARM_FWD_CPTR_EL2] = NVARM_SR_CPTR_EL2,
	    [NVARM_FWD_CNTHCTL_EL2] = NVARM_SR_CNTHCTL_EL2,
	    [NVARM_FWD_HSTR_EL2] = NVARM_SR_HSTR_EL2,
	    [NVARM_FWD_ICH_HCR_EL2] = NVARM_SR_ICH_HCR_EL2,
	    [NVARM_FWD_HFGRTR_EL2] = NVARM_SR_HFGRTR_EL2,
	    [NVARM_FWD_HFGWTR_EL2] = NVARM_SR_HFGWTR_EL2,
	    [NVARM_FWD_HFGITR_EL2] = NVARM_SR_HFGITR_EL2,
	    [NVARM_FWD_HDFGRTR_EL2] = NVARM_SR_HDFGRTR_EL2,
	    [NVARM_FWD_HDFGWTR_EL2] = NVARM_SR_HDFGWTR_EL2,
	    [NVARM_FWD_HAFGRTR_EL2] = NVARM_SR_HAFGRTR_EL2,
	};
	uint64_t rng = test_seed(0x5eed0f3d);
	struct nvarm_vel2 *copy = malloc(sizeof(*copy));

	(void)state;
	assert_non_null(copy);
	for (size_t c = 0; c < sizeof(feats) / sizeof(feats[0]); c++) {
		struct vcpu_fix f;
		unsigned words = 0;

		fix_init(&f, feats[c], NVARM_HOST_NV2);
		for (unsigned round = 0; round < 64; round++) {
			struct nvarm_fwd_vstate a, b;

			for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++) {
				uint64_t *w =
				    (uint64_t *)(uintptr_t)nvarm_vel2_reg_word(&f.v, ids[r]);

				if (w) /* (raw: as L1's page stores, no masks) */
					*w = test_rng(&rng);
			}
			memset(&a, 0x5a, sizeof(a));
			memset(&b, 0xa5, sizeof(b));
			assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, round % 40, &a),
					 NVARM_OK);
			memcpy(copy, &f.v, sizeof(*copy));
			assert_int_equal(nvarm_fwd_vstate_from_vel2(copy, round % 40, &b),
					 NVARM_OK);
			for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++) {
				const uint64_t *w = nvarm_vel2_reg_word(&f.v, ids[r]);

				words += w != NULL;
				assert_int_equal(a.reg[r], w ? *w : 0);
				assert_int_equal(b.reg[r], a.reg[r]);
			}
			assert_int_equal(a.features, b.features);
			assert_int_equal(a.pmu_counters, round % 40 > 31 ? 31 : round % 40);
			assert_int_equal(b.pmu_counters, a.pmu_counters);
			/* nvarm_fwd_vstate_diff: nothing against the build just made (indexed
			 * and by lookup), then exactly the register whose word changed, unless
			 * ignored; the PMU count by its clamped value */
			assert_int_equal(nvarm_fwd_vstate_diff(&f.v, round % 40, &a, 0), 0);
			assert_int_equal(nvarm_fwd_vstate_diff(copy, round % 40, &a, 0), 0);
			assert_int_equal(
			    nvarm_fwd_vstate_diff(&f.v, 31 + (round % 40 > 31) * 9, &a, 0),
			    round % 40 >= 31 ? 0 : (int)BIT(NVARM_FWD_NR_VREGS));
			unsigned k = (unsigned)(test_rng(&rng) % NVARM_FWD_NR_VREGS);
			uint64_t *w = (uint64_t *)(uintptr_t)nvarm_vel2_reg_word(&f.v, ids[k]);

			if (w) {
				*w ^= BIT(test_rng(&rng) % 64);
				assert_int_equal(nvarm_fwd_vstate_diff(&f.v, round % 40, &a, 0),
						 (int)BIT(k));
				memcpy(copy, &f.v, sizeof(*copy));
				assert_int_equal(nvarm_fwd_vstate_diff(copy, round % 40, &a, 0),
						 (int)BIT(k));
				assert_int_equal(
				    nvarm_fwd_vstate_diff(&f.v, round % 40, &a, (uint32_t)BIT(k)),
				    0);
			}
		}
		assert_true(words > 0);
		fix_fini(&f);
	}
	free(copy);
}

/* HCRX_EL2 (Arm ARM D24.2): EnAS0 [0], EnALS [1], EnASR [2], FnXS [3], FGTnXS [4], CMOW [9],
 * MSCEn [11], TCR2En [14], SCTLR2En [15]. */
#define X_ENAS0	   BIT(0)
#define X_ENALS	   BIT(1)
#define X_ENASR	   BIT(2)
#define X_FNXS	   BIT(3)
#define X_FGTNXS   BIT(4)
#define X_CMOW	   BIT(9)
#define X_MSCEN	   BIT(11)
#define X_TCR2EN   BIT(14)
#define X_SCTLR2EN BIT(15)
#define X_ENABLES  (X_ENAS0 | X_ENALS | X_ENASR | X_FGTNXS | X_MSCEN | X_TCR2EN | X_SCTLR2EN)

/*
 * HCRX_EL2 for L2 with ::NVARM_FWD_HW_HCX: the enables are L0's AND L1's, FnXS and CMOW are
 * L1's; an L1 without FEAT_HCX is taken as HCRX_EL2 = 0; without the flag the field is
 * untouched. Random L0 and L1 values against that rule, written here bit by bit.
 */
static void test_hw_hcrx(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw, l0;
	uint64_t seed = test_seed(0x4843525855ull), rng = seed;

	(void)state;
	for (unsigned i = 0; i < 2000; i++) {
		uint64_t l0x = test_rng(&rng) & (X_ENABLES | X_FNXS | X_CMOW);
		uint64_t l1x = test_rng(&rng) & (X_ENABLES | X_FNXS | X_CMOW);
		bool hcx = i & 1;
		uint64_t want;

		memset(&l0, 0, sizeof(l0));
		l0.hcrx = l0x;
		vs_quiet(&vs, hcx ? ALL_FEATS : ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_HCX));
		vs.reg[NVARM_FWD_HCRX_EL2] = l1x;
		hw = l0;
		merge(&vs, NVARM_FWD_HW_HCX, &hw);
		want = hcx ? (l0x & l1x & X_ENABLES) | (l1x & (X_FNXS | X_CMOW)) : 0;
		if (hw.hcrx != want)
			fail_msg("seed %#llx iter %u hcx %d L0 %#llx L1 %#llx: %#llx, want %#llx",
				 (unsigned long long)seed, i, hcx, (unsigned long long)l0x,
				 (unsigned long long)l1x, (unsigned long long)hw.hcrx,
				 (unsigned long long)want);
		hw = l0;
		merge(&vs, 0, &hw);
		assert_int_equal(hw.hcrx, l0x);
	}
	/* A reload whose routing is unchanged (same_input) still follows L1's new pass-through
	 * and enable bits: MSCEn, FnXS and CMOW do not change any routing decision. */
	{
		struct nvarm_fwd_ctx ctx;

		memset(&ctx, 0, sizeof(ctx));
		memset(&l0, 0, sizeof(l0));
		l0.hcrx = X_MSCEN;
		vs_quiet(&vs, ALL_FEATS);
		vs.reg[NVARM_FWD_HCRX_EL2] = 0;
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		vs.reg[NVARM_FWD_HCRX_EL2] = X_MSCEN | X_FNXS | X_CMOW;
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		hw = l0;
		assert_int_equal(nvarm_fwd_hw_traps(&ctx, NVARM_FWD_HW_HCX, &hw), NVARM_OK);
		assert_int_equal(hw.hcrx, X_MSCEN | X_FNXS | X_CMOW);
	}
}

/*
 * HCRX_EL2.FGTnXS = 1: L1's HFGITR_EL2 TLBI bits do not trap the nXS forms (the hardware may
 * still trap them for L0: handled in L0); the base forms stay trapped. TLBI VAE1ISNXS is
 * op0 1, op1 0, CRn 9, CRm 3, op2 1 (HFGITR_EL2.TLBIVAE1IS [29]); TLBI VAE1IS is CRn 8.
 */
static void test_route_fgtnxs(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;
	const uint64_t nxs = sys_esr(1, 0, 9, 3, 1, 2, 0), base = sys_esr(1, 0, 8, 3, 1, 2, 0);

	(void)state;
	for (unsigned k = 0; k < 3; k++) {
		vs_quiet(&vs, k == 2 ? ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_XS) : ALL_FEATS);
		vs.reg[NVARM_FWD_HFGITR_EL2] |= BIT(29);
		vs.reg[NVARM_FWD_HCRX_EL2] = k ? X_FGTNXS : 0;
		memset(&ctx, 0, sizeof(ctx));
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		assert_int_equal(nvarm_fwd_route(&ctx, base, 1, &res), NVARM_FWD_FORWARD);
		/* k 0: FGTnXS 0, forwarded; k 1: 1, L0's; k 2: no FEAT_XS, the nXS form is
		 * UNDEFINED whatever HCRX says */
		assert_int_equal(nvarm_fwd_route(&ctx, nxs, 1, &res), k == 0 ? NVARM_FWD_FORWARD
								      : k == 1
									  ? NVARM_FWD_HANDLE_IN_L0
									  : NVARM_FWD_UNDEF);
	}
}

/* HCRX_EL2 FEAT_NMI controls: TALLINT [6], VINMI [7], VFNMI [8] */
#define X_TALLINT BIT(6)
#define X_VINMI	  BIT(7)
#define X_VFNMI	  BIT(8)

/*
 * FEAT_NMI for L2 (Arm ARM D24.2 "HCRX_EL2"): L1's TALLINT is a trap, ORed into L0's; VINMI and
 * VFNMI give the virtual IRQ/FIQ L1 makes pending with HCR_EL2.VI/VF Superpriority, so they
 * are L1's exactly when its VI/VF reach the hardware (IMO/FMO routing that class to L1),
 * else clear. An L1 without FEAT_NMI has none of them (L0's TALLINT stays).
 */
static void test_hw_hcrx_nmi(void **state)
{
	static const struct {
		bool nmi;
		uint64_t l1hcr, l1x, l0x, want;
	} cases[] = {
	    {true, 0, 0, 0, 0},
	    {true, 0, X_TALLINT, 0, X_TALLINT},
	    {true, 0, 0, X_TALLINT, X_TALLINT}, /* L0's own trap stays */
	    {true, H_IMO | H_FMO, X_VINMI | X_VFNMI, 0, X_VINMI | X_VFNMI},
	    {true, H_IMO, X_VINMI | X_VFNMI, 0, X_VINMI},
	    {true, H_FMO, X_VINMI | X_VFNMI, X_VINMI, X_VFNMI}, /* L0's VINMI is not L1's */
	    {true, 0, X_VINMI | X_VFNMI | X_TALLINT, X_VINMI | X_VFNMI, X_TALLINT},
	    {false, H_IMO | H_FMO, X_VINMI | X_VFNMI | X_TALLINT, 0, 0},
	    {false, H_IMO, X_TALLINT, X_TALLINT, X_TALLINT},
	};
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vs_quiet(&vs,
			 cases[i].nmi ? ALL_FEATS : ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_NMI));
		vs.reg[NVARM_FWD_HCR_EL2] |= cases[i].l1hcr;
		vs.reg[NVARM_FWD_HCRX_EL2] = cases[i].l1x;
		memset(&hw, 0, sizeof(hw));
		hw.hcrx = cases[i].l0x;
		merge(&vs, NVARM_FWD_HW_HCX, &hw);
		if (hw.hcrx != cases[i].want)
			fail_msg("case %u: HCRX_EL2 %#llx, want %#llx", i,
				 (unsigned long long)hw.hcrx, (unsigned long long)cases[i].want);
	}
}

/*
 * HCRX_EL2.TALLINT forwards L2's EL1 writes of ALLINT: MSR ALLINT, Xt (op0 3, op1 0, CRn 4, CRm
 * 3, op2 0) and MSR ALLINT, #1 (reported with op0 0, op1 1, CRn 4, CRm 1, op2 0, Rt 31), not
 * reads, not EL0 (where ALLINT is UNDEFINED), not with TALLINT 0; an L1 without FEAT_NMI never
 * gets them.
 */
static void test_route_tallint(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;
	const uint64_t msr_reg = sys_esr(3, 0, 4, 3, 0, 5, 0), mrs = sys_esr(3, 0, 4, 3, 0, 5, 1);
	const uint64_t msr_imm = sys_esr(0, 1, 4, 1, 0, 31, 0);

	(void)state;
	for (unsigned k = 0; k < 3; k++) {
		int want = k == 1 ? NVARM_FWD_FORWARD : NVARM_FWD_HANDLE_IN_L0;

		/* k 0: TALLINT 0; 1: TALLINT 1; 2: TALLINT 1, no FEAT_NMI for L1 */
		vs_quiet(&vs, k == 2 ? ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_NMI) : ALL_FEATS);
		vs.reg[NVARM_FWD_HCRX_EL2] = k ? X_TALLINT : 0;
		memset(&ctx, 0, sizeof(ctx));
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		if (k == 2) {
			assert_int_not_equal(nvarm_fwd_route(&ctx, msr_reg, 1, &res),
					     NVARM_FWD_FORWARD);
			assert_int_not_equal(nvarm_fwd_route(&ctx, msr_imm, 1, &res),
					     NVARM_FWD_FORWARD);
			continue;
		}
		assert_int_equal(nvarm_fwd_route(&ctx, msr_reg, 1, &res), want);
		if (want == NVARM_FWD_FORWARD)
			assert_int_equal(res.esr, msr_reg); /* the syndrome L1 sees: unchanged */
		assert_int_equal(nvarm_fwd_route(&ctx, msr_imm, 1, &res), want);
		assert_int_equal(nvarm_fwd_route(&ctx, mrs, 1, &res), NVARM_FWD_HANDLE_IN_L0);
		assert_int_not_equal(nvarm_fwd_route(&ctx, msr_reg, 0, &res), NVARM_FWD_FORWARD);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vstate_from_vel2_index),
	    cmocka_unit_test(test_hw_hcrx),
	    cmocka_unit_test(test_route_fgtnxs),
	    cmocka_unit_test(test_hw_hcrx_nmi),
	    cmocka_unit_test(test_route_tallint),
	    cmocka_unit_test(test_hw_hcr),
	    cmocka_unit_test(test_hw_hcr_behaviour),
	    cmocka_unit_test(test_hw_cptr_layouts),
	    cmocka_unit_test(test_hw_mdcr),
	    cmocka_unit_test(test_hw_fgt),
	    cmocka_unit_test(test_hw_rule_table),
	    cmocka_unit_test(test_hw_never_removes_l0_traps),
	    cmocka_unit_test(test_hw_fold_matches_rules),
	    cmocka_unit_test(test_hw_errors),
	    cmocka_unit_test(test_vstate_from_vel2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
