// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding, the L0 side: the input of nvarm_fwd_load() from L1's vEL2 register
 * file, and the hardware trap controls L0 runs L2 with (L0's own ∪ L1's).
 *
 * Design: the hardware merge is driven by the conditions nvarm_fwd_load() already
 * evaluated (features, E2H layout and TGE folded in), one table line per hardware
 * control: "condition X traps some access class => set (or clear) bits M of hardware
 * register R in layout L". So a control of a feature L1 lacks, or of the other CPTR_EL2
 * layout, never reaches the hardware, and L1's E2H = 1 CPTR_EL2 is translated to L0's
 * layout for free. Bits are only ever added to L0's traps (or, for controls that trap
 * when 0, cleared), never removed: L0 keeps its own traps.
 *
 * The feature bits L1 has come from the VM configuration's sanitised ID registers, one
 * table line per (feature, ID field, minimum value); several lines for one feature OR.
 *
 * Locking: none; the context is only read.
 */
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/forward.h>
#include "forward_priv.h"
#include "shadow_rows.h"

#define B(n)	 NVARM_BIT(n)
#define GM(h, l) NVARM_GENMASK(h, l)

/* ------------------------------------------------------------ hardware controls */

#define HW(c, r, m, lay, clr)                                                                      \
	{                                                                                          \
		(m), (c), FWD_HW_##r, FWD_L_##lay, (clr), __LINE__                                 \
	}

/* Arm ARM D19.2 "HCR_EL2", "MDCR_EL2", "CPTR_EL2" (bit positions of L0's hardware). */
const struct fwd_hw_rule nvarm__fwd_hw_rules[] = {
    /* HCR_EL2: the trap bits, one per condition. */
    HW(C_HCR_TID1, HCR, B(16), ANY, 0),
    HW(C_HCR_TID2, HCR, B(17), ANY, 0),
    HW(C_HCR_TID3, HCR, B(18), ANY, 0),
    HW(C_HCR_TID4, HCR, B(49), ANY, 0),
    HW(C_HCR_TID5, HCR, B(58), ANY, 0),
    HW(C_HCR_TIDCP, HCR, B(20), ANY, 0),
    HW(C_HCR_TACR, HCR, B(21), ANY, 0),
    HW(C_HCR_TSW, HCR, B(22), ANY, 0),
    HW(C_HCR_TPC, HCR, B(23), ANY, 0),
    HW(C_HCR_TPU, HCR, B(24), ANY, 0),
    HW(C_HCR_TICAB, HCR, B(50), ANY, 0),
    HW(C_HCR_TOCU, HCR, B(52), ANY, 0),
    HW(C_HCR_TTLB, HCR, B(25), ANY, 0),
    HW(C_HCR_TTLBIS, HCR, B(54), ANY, 0),
    HW(C_HCR_TTLBOS, HCR, B(55), ANY, 0),
    HW(C_HCR_TVM, HCR, B(26), ANY, 0),
    HW(C_HCR_TRVM, HCR, B(30), ANY, 0),
    HW(C_HCR_TDZ, HCR, B(28), ANY, 0),
    HW(C_HCR_TLOR, HCR, B(35), ANY, 0),
    HW(C_HCR_TERR, HCR, B(36), ANY, 0),
    HW(C_HCR_TWI, HCR, B(13), ANY, 0),
    HW(C_HCR_TWE, HCR, B(14), ANY, 0),
    HW(C_HCR_TSC, HCR, B(19), ANY, 0),
    HW(C_HCR_IMO, HCR, B(4), ANY, 0), /* ICC_SGI*R_EL1 etc. trap with IMO/FMO */
    HW(C_HCR_FMO, HCR, B(3), ANY, 0),
    /* HCR_EL2 controls that trap when 0. */
    HW(C_HCR_nFIEN, HCR, B(47), ANY, 1),
    HW(C_HCR_nAPK, HCR, B(40), ANY, 1),
    HW(C_HCR_nAPI, HCR, B(41), ANY, 1),
    HW(C_HCR_nENSCXT, HCR, B(53), ANY, 1),
    /* MDCR_EL2 (TDE includes L1's HCR_EL2.TGE, folded at load). */
    HW(C_MDCR_TPMCR, MDCR, B(5), ANY, 0),
    HW(C_MDCR_TPM, MDCR, B(6), ANY, 0),
    HW(C_MDCR_TDE, MDCR, B(8), ANY, 0),
    HW(C_MDCR_TDA, MDCR, B(9), ANY, 0),
    HW(C_MDCR_TDOSA, MDCR, B(10), ANY, 0),
    HW(C_MDCR_TDRA, MDCR, B(11), ANY, 0),
    HW(C_MDCR_TPMS, MDCR, B(14), ANY, 0),
    HW(C_MDCR_TTRF, MDCR, B(19), ANY, 0),
    HW(C_MDCR_TDCC, MDCR, B(27), ANY, 0),
    HW(C_MDCR_nE2PB, MDCR, GM(13, 12), ANY, 1), /* E2PB = 0b00: buffer owned by EL2 */
    HW(C_MDCR_nE2TB, MDCR, GM(25, 24), ANY, 1), /* E2TB = 0b00: likewise */
    /* CPTR_EL2 in L0's E2H = 0 layout: TZ [8], TFP [10], TSM [12], TTA [20]. */
    HW(X_CPTR_FP, CPTR, B(10), E2H0, 0),
    HW(X_CPTR_SVE, CPTR, B(8), E2H0, 0),
    HW(X_CPTR_SME, CPTR, B(12), E2H0, 0),
    HW(X_CPTR_TTA, CPTR, B(20), E2H0, 0),
    /* CPTR_EL2 in L0's E2H = 1 layout: ZEN [17:16], FPEN [21:20], SMEN [25:24] = 0b00
     * trap EL0 and EL1; TTA [28]. */
    HW(X_CPTR_FP, CPTR, GM(21, 20), E2H1, 1),
    HW(X_CPTR_SVE, CPTR, GM(17, 16), E2H1, 1),
    HW(X_CPTR_SME, CPTR, GM(25, 24), E2H1, 1),
    HW(X_CPTR_TTA, CPTR, B(28), E2H1, 0),
    /* Both layouts: TAM [30], TCPAC [31]. */
    HW(C_CPTR_TAM, CPTR, B(30), ANY, 0),
    HW(C_CPTR_TCPAC, CPTR, B(31), ANY, 0),
    /* HCRX_EL2 enables (trap when 0): EnAS0 [0], EnALS [1], EnASR [2], TCR2En [14],
     * SCTLR2En [15]. */
    HW(X_HCRX_nENAS0, HCRX, B(0), ANY, 1),
    HW(X_HCRX_nENALS, HCRX, B(1), ANY, 1),
    HW(X_HCRX_nENASR, HCRX, B(2), ANY, 1),
    HW(C_HCRX_nTCR2EN, HCRX, B(14), ANY, 1),
    HW(C_HCRX_nSCTLR2EN, HCRX, B(15), ANY, 1),
    /* HCRX_EL2.MCE2 [10]: L1's guest's EL1 MOPS exceptions to EL2 */
    HW(X_HCRX_MCE2, HCRX, B(10), ANY, 0),
    /* HCRX_EL2.TALLINT [6]: L1's guest's EL1 MSR ALLINT writes trap */
    HW(C_HCRX_TALLINT, HCRX, B(6), ANY, 0),
};
const size_t nvarm__fwd_nr_hw_rules = sizeof(nvarm__fwd_hw_rules) / sizeof(nvarm__fwd_hw_rules[0]);

/* The FGT registers: where each is in struct nvarm_fwd_hw, and its ctx->fgt slot. */
#define HWF(r, field, slot)                                                                        \
	{                                                                                          \
		NVARM_FWD_##r, (slot), offsetof(struct nvarm_fwd_hw, field)                        \
	}
static const struct {
	uint8_t reg;  /* enum nvarm_fwd_vreg */
	uint8_t slot; /* group * 2 + is_read */
	uint16_t off; /* byte offset in struct nvarm_fwd_hw */
} fwd_hw_fgt[] = {
    HWF(HFGRTR_EL2, hfgrtr, G_HFGxTR * 2 + 1), HWF(HFGWTR_EL2, hfgwtr, G_HFGxTR * 2),
    HWF(HFGITR_EL2, hfgitr, G_HFGITR * 2),     HWF(HDFGRTR_EL2, hdfgrtr, G_HDFGxTR * 2 + 1),
    HWF(HDFGWTR_EL2, hdfgwtr, G_HDFGxTR * 2),  HWF(HAFGRTR_EL2, hafgrtr, G_HAFGRTR * 2 + 1),
};

NVARM_STATIC_ASSERT(FWD_HW__COUNT == 4, "nvarm_fwd_ctx::hw_keep/hw_set");
NVARM_STATIC_ASSERT(sizeof(fwd_hw_fgt) / sizeof(fwd_hw_fgt[0]) == 6,
		    "nvarm_fwd_ctx::fgt_keep/fgt_set");

/*
 * Every hardware rule sets or clears constant bits, so applying them in order is
 * x -> (x & keep) | set, with set the result for x = 0 and keep the result for x = ~0 (a bit
 * ends either constant or L0's own). One pass over the rules for both L0 layouts. Likewise
 * each FGT register: L1's positive traps set, its negative ones (nXXX, trap when 0) cleared
 * (ctx->fgt holds only bits of features L1 has: @neg needs no others).
 */
void nvarm__fwd_hw_fold(struct nvarm_fwd_ctx *ctx, const uint64_t neg[NVARM_FWD_NR_VREGS])
{
	for (unsigned r = 0; r < FWD_HW__COUNT; r++)
		for (unsigned l = 0; l < 2; l++) {
			ctx->hw_keep[l][r] = ~UINT64_C(0);
			ctx->hw_set[l][r] = 0;
		}
	for (size_t i = 0; i < nvarm__fwd_nr_hw_rules; i++) {
		const struct fwd_hw_rule *r = &nvarm__fwd_hw_rules[i];

		if (!ctx->cgt[r->cgt])
			continue;
		for (unsigned l = 0; l < 2; l++) {
			if (r->layout != FWD_L_ANY && r->layout != (l ? FWD_L_E2H1 : FWD_L_E2H0))
				continue;
			if (r->clear) {
				ctx->hw_keep[l][r->reg] &= ~r->mask;
				ctx->hw_set[l][r->reg] &= ~r->mask;
			} else {
				ctx->hw_keep[l][r->reg] |= r->mask;
				ctx->hw_set[l][r->reg] |= r->mask;
			}
		}
	}
	for (unsigned i = 0; i < sizeof(fwd_hw_fgt) / sizeof(fwd_hw_fgt[0]); i++) {
		uint64_t trap = ctx->fgt[fwd_hw_fgt[i].slot], n = neg[fwd_hw_fgt[i].reg];

		/* (x | (trap & ~n)) & ~(trap & n) */
		ctx->fgt_keep[i] = ~(trap & n);
		ctx->fgt_set[i] = trap & ~n;
	}
}

int nvarm_fwd_hw_traps(const struct nvarm_fwd_ctx *ctx, unsigned int flags, struct nvarm_fwd_hw *hw)
{
	uint64_t out[FWD_HW__COUNT];
	unsigned l = (flags & NVARM_FWD_HW_E2H) ? 1 : 0;

	if (!ctx || !hw || ctx->magic != FWD_MAGIC ||
	    (flags & ~(NVARM_FWD_HW_E2H | NVARM_FWD_HW_FGT | NVARM_FWD_HW_HCX)))
		return NVARM_ERR_INVAL;
	/* L1's trap rules, folded at load (nvarm__fwd_hw_fold) */
	out[FWD_HW_HCR] = (hw->hcr & ctx->hw_keep[l][FWD_HW_HCR]) | ctx->hw_set[l][FWD_HW_HCR];
	out[FWD_HW_MDCR] = (hw->mdcr & ctx->hw_keep[l][FWD_HW_MDCR]) | ctx->hw_set[l][FWD_HW_MDCR];
	out[FWD_HW_CPTR] = (hw->cptr & ctx->hw_keep[l][FWD_HW_CPTR]) | ctx->hw_set[l][FWD_HW_CPTR];
	/* "PMEVCNTR<n>_EL0": counters n >= HPMN are UNDEFINED below EL2; the hardware
	 * gives that exactly when its HPMN is no larger than L1's. */
	if ((ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_PMU)) &&
	    ctx->hpmn < (out[FWD_HW_MDCR] & MDCR_HPMN_MASK))
		out[FWD_HW_MDCR] = (out[FWD_HW_MDCR] & ~MDCR_HPMN_MASK) | ctx->hpmn;

	if ((flags & NVARM_FWD_HW_FGT) && (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_FGT))) {
		/* L1's FGT traps (the nXXX bits of each register trap when 0 in the hardware
		 * too), folded at load */
		for (unsigned int i = 0; i < sizeof(fwd_hw_fgt) / sizeof(fwd_hw_fgt[0]); i++) {
			uint64_t *v = (uint64_t *)(void *)((char *)hw + fwd_hw_fgt[i].off);

			*v = (*v & ctx->fgt_keep[i]) | ctx->fgt_set[i];
		}
	}
	/*
	 * L1's HCR_EL2 controls that change how its guest runs rather than what traps
	 * (Arm ARM D24.2 HCR_EL2): DC, CD, ID, PTW and FB as L1 set them (L0's own stay),
	 * BSU the stronger of the two, and the virtual SError/IRQ/FIQ L1 makes pending for
	 * L2 (VSE/VI/VF take effect only while L1 routes that class to EL2: AMO/IMO/FMO).
	 */
	{
		uint64_t l1 = ctx->src.reg[NVARM_FWD_HCR_EL2];

		out[FWD_HW_HCR] |= l1 & HCR_PASS_MASK;
		if ((l1 & HCR_BSU) > (out[FWD_HW_HCR] & HCR_BSU))
			out[FWD_HW_HCR] = (out[FWD_HW_HCR] & ~HCR_BSU) | (l1 & HCR_BSU);
		if (l1 & HCR_IMO_B)
			out[FWD_HW_HCR] |= l1 & HCR_VI;
		if (l1 & HCR_FMO_B)
			out[FWD_HW_HCR] |= l1 & HCR_VF;
		if (l1 & HCR_AMO_B)
			out[FWD_HW_HCR] |= l1 & HCR_VSE;
		/* Recursive nesting: L1's NV, NV1, AT, NV2 for its guest hypervisor (which
		 * then runs at L1's virtual EL2) are the hardware's too, so that its EL2
		 * accesses, ERET and EL12 accesses trap or go to the VNCR page as L1 chose
		 * (nvarm_fwd_route() forwards them). With NV2 the L0 points the hardware's
		 * VNCR_EL2 at its own mapping of the page L1's VNCR_EL2 names. NV1 without NV
		 * and the bits of features L1 lacks stay L0's. */
		if ((ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NV)) && (l1 & HCR_NV)) {
			uint64_t nv = HCR_NV | HCR_AT_B;

			if (!(ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY)))
				nv |= HCR_NV1;
			if (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NV2))
				nv |= HCR_NV2;
			out[FWD_HW_HCR] |= l1 & nv;
		} else if (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NV)) {
			out[FWD_HW_HCR] |= l1 & HCR_AT_B; /* AT traps on its own */
		}
	}
	hw->hcr = out[FWD_HW_HCR];
	hw->mdcr = out[FWD_HW_MDCR];
	hw->cptr = out[FWD_HW_CPTR];
	if (flags & NVARM_FWD_HW_HCX) {
		/* The enables with trap conditions are folded (L1's 0 clears them); MSCEn
		 * (0: UNDEFINED at EL1/EL0, no trap) and FGTnXS (1: fewer FGT traps) are L0's AND
		 * L1's; FnXS and CMOW L1's. An L1 without FEAT_HCX is as if its HCRX_EL2 were 0
		 * (as its trap conditions take it). */
		uint64_t l1 = (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_HCX))
				  ? ctx->src.reg[NVARM_FWD_HCRX_EL2]
				  : 0;
		uint64_t x =
		    (hw->hcrx & ctx->hw_keep[l][FWD_HW_HCRX]) | ctx->hw_set[l][FWD_HW_HCRX];

		x &= ~HCRX_PASS_MASK & (l1 | ~(HCRX_MSCEN | HCRX_FGTNXS));
		x |= l1 & HCRX_PASS_MASK;
		/* VINMI/VFNMI give the virtual IRQ/FIQ that L1's HCR_EL2.VI/VF make pending
		 * Superpriority: L1's, with VI/VF (passed above while IMO/FMO route the class
		 * to L1) */
		x &= ~(HCRX_VINMI | HCRX_VFNMI);
		if (ctx->features & NVARM_FWD_F(NVARM_FWD_FEAT_NMI)) {
			if (ctx->src.reg[NVARM_FWD_HCR_EL2] & HCR_IMO_B)
				x |= l1 & HCRX_VINMI;
			if (ctx->src.reg[NVARM_FWD_HCR_EL2] & HCR_FMO_B)
				x |= l1 & HCRX_VFNMI;
		}
		hw->hcrx = x;
	}
	return NVARM_OK;
}

/* ------------------------------------------------------------ L1's controls */

/* One line per (feature, ID register field >= min and <= max); lines of a feature OR. */
struct fwd_id_feat {
	uint8_t feat; /* enum nvarm_fwd_feature */
	uint8_t reg;  /* index into struct nvarm_id_regs viewed as an array */
	uint8_t lo;   /* field [lo + 3 : lo] */
	uint8_t min, max;
};

#define IDX(m) ((uint8_t)(offsetof(struct nvarm_id_regs, m) / sizeof(uint64_t)))
#define IDF(f, r, lo, min, max)                                                                    \
	{                                                                                          \
		NVARM_FWD_FEAT_##f, IDX(r), (lo), (min), (max)                                     \
	}

/* One line per feature field: ID_AA64<R>_EL1.<F> within [min, max], the positions from the
 * register database. */
#define IDS(f, r, F, min, max) IDF(f, r, NVARM_ID_AA64##F##_SHIFT, min, max)
static const struct fwd_id_feat fwd_id_feats[] = {
    IDS(FGT, mmfr0, MMFR0_EL1_FGT, 1, 15),
    IDS(ECV, mmfr0, MMFR0_EL1_ECV, 1, 15),
    IDS(SVE, pfr0, PFR0_EL1_SVE, 1, 15),
    IDS(SME, pfr1, PFR1_EL1_SME, 1, 15),
    IDS(VHE, mmfr1, MMFR1_EL1_VH, 1, 15),
    IDS(NV, mmfr2, MMFR2_EL1_NV, 1, 15), /* ::NVARM_VMF_L1NV */
    IDS(NV2, mmfr2, MMFR2_EL1_NV, 2, 15),
    IDS(PAUTH, isar1, ISAR1_EL1_APA, 1, 15),
    IDS(PAUTH, isar1, ISAR1_EL1_API, 1, 15),
    IDS(PAUTH, isar1, ISAR1_EL1_GPA, 1, 15),
    IDS(PAUTH, isar1, ISAR1_EL1_GPI, 1, 15),
    IDS(PAUTH, isar2, ISAR2_EL1_GPA3, 1, 15),
    IDS(PAUTH, isar2, ISAR2_EL1_APA3, 1, 15),
    IDS(WFXT, isar2, ISAR2_EL1_WFxT, 2, 15), /* 0b0010: WFIT/WFET */
    IDS(RAS, pfr0, PFR0_EL1_RAS, 1, 15),
    /* FEAT_RASv1p1: RAS 2 and up, or RAS 1 with RAS_frac 1 (RAS_frac is defined only with RAS
     * 1, so alone it says RAS 1) */
    IDS(RASV1P1, pfr0, PFR0_EL1_RAS, 2, 15),
    IDS(RASV1P1, pfr1, PFR1_EL1_RAS_frac, 1, 15),
    IDS(LOR, mmfr1, MMFR1_EL1_LO, 1, 15),
    IDS(PMU, dfr0, DFR0_EL1_PMUVer, 1, 14), /* 0xf: IMPLEMENTATION DEFINED PMU */
    IDS(PMUV3P1, dfr0, DFR0_EL1_PMUVer, 4, 14),
    IDS(PMUV3P5, dfr0, DFR0_EL1_PMUVer, 6, 14),
    IDS(SPE, dfr0, DFR0_EL1_PMSVer, 1, 15),
    IDS(TRF, dfr0, DFR0_EL1_TraceFilt, 1, 15),
    IDS(TRBE, dfr0, DFR0_EL1_TraceBuffer, 1, 15),
    IDS(AMU, pfr0, PFR0_EL1_AMU, 1, 15),
    IDS(GICV3, pfr0, PFR0_EL1_GIC, 1, 15),
    IDS(MTE2, pfr1, PFR1_EL1_MTE, 2, 15),
    IDS(HCX, mmfr1, MMFR1_EL1_HCX, 1, 15),
    IDS(EVT, mmfr2, MMFR2_EL1_EVT, 1, 15),
    IDS(TLBIOS, isar0, ISAR0_EL1_TLB, 1, 15),
    IDS(TLBIRANGE, isar0, ISAR0_EL1_TLB, 2, 15),
    IDS(DPB, isar1, ISAR1_EL1_DPB, 1, 15),
    IDS(DPB2, isar1, ISAR1_EL1_DPB, 2, 15),
    IDS(CSV2_SCXT, pfr0, PFR0_EL1_CSV2, 2, 15),
    /* FEAT_CSV2_1p2: CSV2_frac 2 (defined only with CSV2 1, so alone it says CSV2 1) */
    IDS(CSV2_SCXT, pfr1, PFR1_EL1_CSV2_frac, 2, 15),
    IDS(LS64, isar1, ISAR1_EL1_LS64, 1, 15),
    IDS(LS64_V, isar1, ISAR1_EL1_LS64, 2, 15),
    IDS(LS64_ACCDATA, isar1, ISAR1_EL1_LS64, 3, 15),
    IDS(CMOW, mmfr1, MMFR1_EL1_CMOW, 1, 15),
    IDS(TCR2, mmfr3, MMFR3_EL1_TCRX, 1, 15),
    IDS(SCTLR2, mmfr3, MMFR3_EL1_SCTLRX, 1, 15),
    IDS(S1PIE, mmfr3, MMFR3_EL1_S1PIE, 1, 15),
    IDS(S1POE, mmfr3, MMFR3_EL1_S1POE, 1, 15),
    IDS(BRBE, dfr0, DFR0_EL1_BRBE, 1, 15),
    IDS(SPECRES, isar1, ISAR1_EL1_SPECRES, 1, 15),
    IDS(XS, isar1, ISAR1_EL1_XS, 1, 15),
    IDS(AA32EL1, pfr0, PFR0_EL1_EL1, 2, 15), /* AArch32 too */
    IDS(TRACE, dfr0, DFR0_EL1_TraceVer, 1, 15),
    IDS(MOPS, isar2, ISAR2_EL1_MOPS, 1, 15),
    IDS(NMI, pfr1, PFR1_EL1_NMI, 1, 15),
};
#undef IDS

/* L1's controls, each from its file register (no alias: EL2 ids only): enum nvarm_fwd_vreg
 * NVARM_FWD_<name> is register NVARM_SR_<name>. */
#define FWD_VREG_LIST(X)                                                                           \
	X(HCR_EL2)                                                                                 \
	X(HCRX_EL2)                                                                                \
	X(MDCR_EL2)                                                                                \
	X(CPTR_EL2)                                                                                \
	X(CNTHCTL_EL2)                                                                             \
	X(HSTR_EL2)                                                                                \
	X(ICH_HCR_EL2)                                                                             \
	X(HFGRTR_EL2)                                                                              \
	X(HFGWTR_EL2)                                                                              \
	X(HFGITR_EL2)                                                                              \
	X(HDFGRTR_EL2)                                                                             \
	X(HDFGWTR_EL2)                                                                             \
	X(HAFGRTR_EL2)

static const uint16_t fwd_vreg_id[NVARM_FWD_NR_VREGS] = {
#define FWD_VREG_ID(n) [NVARM_FWD_##n] = NVARM_SR_##n,
    FWD_VREG_LIST(FWD_VREG_ID)
#undef FWD_VREG_ID
};

NVARM_STATIC_ASSERT(NVARM_FWD_NR_VREGS <= NVARM_VEL2_FWD_MAX, "nvarm_vel2::fwd_src holds them");
#define FWD_VREG_ONE(n) +1
NVARM_STATIC_ASSERT(0 FWD_VREG_LIST(FWD_VREG_ONE) == NVARM_FWD_NR_VREGS,
		    "FWD_VREG_LIST names every enum nvarm_fwd_vreg register");
#undef FWD_VREG_ONE

void nvarm__fwd_vel2_index(struct nvarm_vel2 *v)
{
	static const uint64_t zero_word;

	v->fwd_direct = 1;
	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++) {
		const uint64_t *p = nvarm__vel2_slot(v, fwd_vreg_id[r]);

		v->fwd_src[r] = p ? p : &zero_word;
		v->fwd_direct &= p != NULL;
	}
}

uint64_t nvarm__fwd_features_of_ids(const struct nvarm_id_regs *ids)
{
	const uint64_t *id = (const uint64_t *)(const void *)ids;
	uint64_t feats = 0;

	for (size_t i = 0; i < sizeof(fwd_id_feats) / sizeof(fwd_id_feats[0]); i++) {
		const struct fwd_id_feat *f = &fwd_id_feats[i];
		unsigned int val = (unsigned int)(id[f->reg] >> f->lo) & 0xf;

		if (val >= f->min && val <= f->max)
			feats |= NVARM_FWD_F(f->feat);
	}
	return feats;
}

uint64_t nvarm__fwd_features_of(const struct nvarm_vm_config *cfg)
{
	uint64_t feats = nvarm__fwd_features_of_ids(&cfg->id);

	/* A VM without FEAT_E2H0 has HCR_EL2.E2H RES1. */
	if (!(cfg->features & NVARM_VMF_E2H0))
		feats |= NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY);
	return feats;
}

int nvarm_fwd_vstate_from_vel2(const struct nvarm_vel2 *v, unsigned int pmu_counters,
			       struct nvarm_fwd_vstate *vs)
{
	if (!v || !v->cfg || !vs)
		return NVARM_ERR_INVAL;
	/* every field is written below (no memset: this runs at every entry into L2) */
	if (v->fwd_src[0] && nvarm__shadow_sw_ok(v)) {
		for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
			vs->reg[r] = *v->fwd_src[r];
	} else {
		for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
			vs->reg[r] = nvarm__vel2_get(v, fwd_vreg_id[r]);
	}
	/* the configuration's features (computed once by nvarm_vel2_init()) */
	vs->features = v->fwd_feats_valid ? v->fwd_feats : nvarm__fwd_features_of(v->cfg);
	vs->pmu_counters = (uint8_t)(pmu_counters > 31 ? 31 : pmu_counters);
	return NVARM_OK;
}

/* nvarm_fwd_vstate_diff()'s mask once something differs (out of line: the usual pass keeps
 * no value for it). */
static __attribute__((__noinline__)) uint32_t vstate_diff_mask(const struct nvarm_vel2 *v,
							       const struct nvarm_fwd_vstate *last)
{
	uint32_t d = 0;

	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		d |= (uint32_t)(*v->fwd_src[r] != last->reg[r]) << r;
	return d;
}

int nvarm_fwd_vstate_diff(const struct nvarm_vel2 *v, unsigned int pmu_counters,
			  const struct nvarm_fwd_vstate *last, uint32_t ignore)
{
	uint32_t d = 0;

	if (!v || !v->cfg || !last)
		return NVARM_ERR_INVAL;
	if (v->fwd_src[0] && nvarm__shadow_sw_ok(v)) {
		uint64_t any = 0;

		/* (the usual answer, nothing differs, from one OR of differences; with every
		 * register's own slot, each word's place resolved at compile time) */
		if (NVARM_LIKELY(v->fwd_direct)) {
#define FWD_VREG_XOR(n) any |= *nvarm__vel2_slot(v, NVARM_SR_##n) ^ last->reg[NVARM_FWD_##n];
			FWD_VREG_LIST(FWD_VREG_XOR)
#undef FWD_VREG_XOR
		} else {
#pragma GCC unroll 16
			for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
				any |= *v->fwd_src[r] ^ last->reg[r];
		}
		if (any)
			d = vstate_diff_mask(v, last);
	} else {
		for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
			d |= (uint32_t)(nvarm__vel2_get(v, fwd_vreg_id[r]) != last->reg[r]) << r;
	}
	d &= ~ignore;
	if ((v->fwd_feats_valid ? v->fwd_feats : nvarm__fwd_features_of(v->cfg)) !=
		last->features ||
	    (pmu_counters > 31 ? 31 : pmu_counters) != last->pmu_counters)
		d |= UINT32_C(1) << NVARM_FWD_NR_VREGS;
	return (int)d;
}
