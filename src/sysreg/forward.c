// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding: context loading, the routing decision and the table checks.
 *
 * Design: all of L1's virtual EL2 controls are constant while L2 runs (L1 cannot run
 * while L2 does), so nvarm_fwd_load() evaluates every condition of nvarm__fwd_conds once,
 * for the four access classes {read, write} x {EL0, EL1}, ORs the composites,
 * normalises the FGT registers so that 1 always means "trap", and folds feature,
 * FGT bit and condition of every sysreg rule into one verdict byte per rule. A
 * routing decision is then one fixed-depth binary search and one byte test. Nothing
 * loops over rules per trap.
 *
 * Architectural interactions handled at load time (Arm ARM DDI 0487 references):
 * - E2H: effective HCR_EL2.E2H is 0 without FEAT_VHE and 1 without FEAT_E2H0
 *   ("HCR_EL2.E2H", RES0/RES1 cases). It selects the CPTR_EL2 and CNTHCTL_EL2
 *   layouts; fields of the other layout are discarded (nvarm__fwd_fields).
 * - TGE: "MDCR_EL2.TDE": when HCR_EL2.TGE is 1 the PE behaves as if TDE were 1.
 *   FGT traps are not applied when {E2H, TGE} = {1, 1} (the host-EL0 case;
 *   "HFGRTR_EL2": "...when EL2 is enabled and HCR_EL2.{E2H,TGE} != {1,1}").
 *   UNDEFINED exceptions from EL0 with TGE = 1 go to EL2 (to L1).
 * - NV/NV1/NV2 (L1 nesting its own guest): conditions C_HCR_NV* match the
 *   combinations of HCR_EL2.{NV,NV1,NV2} that trap (see forward.h about NV2).
 * - HPMN: "PMEVCNTR<n>_EL0": n >= HPMN is UNDEFINED at EL0/EL1, but only after the
 *   TPM/FGT traps, which take priority; HPMN is clamped to the counters L1 has.
 *
 * Locking: none. nvarm_fwd_route() reads its context only.
 */
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>
#include "forward_priv.h"

/* ESR bits [63:22] of a well-formed EC 0x18 trap: EC 0x18, IL 1, ISS[24:22] 0. */
#define FWD_ESR_SYS64_TOP ((NVARM_EC_SYS64 << 4) | 0x8)

/* FGT register of each slot (group * 2 + is_read); NR_VREGS = none. */
static const uint8_t fwd_fgt_slot_reg[NVARM_FWD_FGT_SLOTS] = {
    NVARM_FWD_NR_VREGS,	   NVARM_FWD_NR_VREGS,	  /* G_NONE */
    NVARM_FWD_HFGWTR_EL2,  NVARM_FWD_HFGRTR_EL2,  /* G_HFGxTR */
    NVARM_FWD_HFGITR_EL2,  NVARM_FWD_HFGITR_EL2,  /* G_HFGITR */
    NVARM_FWD_HDFGWTR_EL2, NVARM_FWD_HDFGRTR_EL2, /* G_HDFGxTR */
    NVARM_FWD_NR_VREGS,	   NVARM_FWD_HAFGRTR_EL2, /* G_HAFGRTR */
};

/* f < NVARM_FWD_FEAT__COUNT for every table entry (nvarm_fwd_check_tables()). */
static inline bool feat_has(uint64_t features, unsigned int f)
{
	return (features >> (f & 63)) & 1;
}

/*
 * Non-RES0 bits of every register for L1: the fields whose feature L1 has, in the
 * layout selected by E2H (fields of the other layout are dropped).
 */
static void valid_masks(uint64_t features, bool e2h, uint64_t valid[NVARM_FWD_NR_VREGS])
{
	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		valid[r] = 0;
	for (size_t i = 0; i < nvarm__fwd_nr_fields; i++) {
		const struct fwd_field *f = &nvarm__fwd_fields[i];

		if (feat_has(features, f->feat) && f->layout != (e2h ? FWD_L_E2H0 : FWD_L_E2H1))
			valid[f->reg] |= f->mask;
	}
}

/*
 * Bits of each register that can change a routing decision: every bit a condition
 * tests, HPMN, HSTR_EL2 and the FGT registers. Bits such as HCR_EL2.VI/VF/VSE, which
 * L1 flips to inject virtual interrupts, are not in it.
 */
static void relevant_masks(uint64_t rel[NVARM_FWD_NR_VREGS])
{
	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		rel[r] = 0;
	for (unsigned int id = 1; id < C__SIMPLE_END; id++) {
		rel[nvarm__fwd_conds[id].reg] |= nvarm__fwd_conds[id].mask;
		rel[nvarm__fwd_conds[id].reg2] |= nvarm__fwd_conds[id].mask2;
	}
	rel[NVARM_FWD_HCR_EL2] |= HCR_E2H | HCR_TGE | HCR_FMO_B | HCR_IMO_B | HCR_AMO_B;
	rel[NVARM_FWD_MDCR_EL2] |= MDCR_HPMN_MASK;
	rel[NVARM_FWD_HCRX_EL2] |= HCRX_FGTNXS;
	rel[NVARM_FWD_HSTR_EL2] = ~UINT64_C(0);
	for (unsigned int r = NVARM_FWD_HFGRTR_EL2; r <= NVARM_FWD_HAFGRTR_EL2; r++)
		rel[r] = ~UINT64_C(0);
}

/* The nXS forms of TLBI (FEAT_XS): op0 = 1, CRn = 9 (their base forms have CRn = 8), by
 * rule key (FWD_KEY). */
static inline bool is_nxs_tlbi(uint32_t key)
{
	return (key & FWD_KEY(3, 0, 15, 0, 0)) == FWD_KEY(1, 0, 9, 0, 0);
}

/* Same decision-relevant inputs as the last successful load. */
static bool same_input(const struct nvarm_fwd_ctx *ctx, const struct nvarm_fwd_vstate *vs)
{
	uint64_t diff = (ctx->src.features ^ vs->features) |
			(uint64_t)(ctx->src.pmu_counters ^ vs->pmu_counters);

	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		diff |= (ctx->src.reg[r] ^ vs->reg[r]) & ctx->relevant[r];
	return ctx->magic == FWD_MAGIC && diff == 0;
}

static int fwd_load_full(struct nvarm_fwd_ctx *ctx, const struct nvarm_fwd_vstate *vs);

int nvarm_fwd_load(struct nvarm_fwd_ctx *ctx, const struct nvarm_fwd_vstate *vs)
{
	if (!ctx || !vs)
		return NVARM_ERR_INVAL;
	/* L0 may call this on every entry to L2: unchanged controls cost a compare (here,
	 * without the frame of the full load). */
	if (same_input(ctx, vs)) {
		/* routing unchanged; the controls nvarm_fwd_hw_traps() passes through to L2
		 * (DC, VI, ..., HCRX_EL2's FnXS, CMOW, MSCEn) follow L1's registers as they
		 * are now */
		ctx->src.reg[NVARM_FWD_HCR_EL2] = vs->reg[NVARM_FWD_HCR_EL2];
		ctx->src.reg[NVARM_FWD_HCRX_EL2] = vs->reg[NVARM_FWD_HCRX_EL2];
		return NVARM_OK;
	}
	return fwd_load_full(ctx, vs);
}

/* nvarm_fwd_load() of new controls: every verdict computed again. */
static __attribute__((__noinline__)) int fwd_load_full(struct nvarm_fwd_ctx *ctx,
						       const struct nvarm_fwd_vstate *vs)
{
	uint64_t eff[NVARM_FWD_NR_VREGS];
	uint64_t neg[NVARM_FWD_NR_VREGS];
	uint64_t feats, hcr;
	bool e2h, tge;

	nvarm_memset(ctx, 0, sizeof(*ctx));
	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		neg[r] = 0;

	feats = vs->features | NVARM_FWD_F(FEAT_BASE);
	feats &= (NVARM_FWD_F(NVARM_FWD_FEAT__COUNT) - 1);
	if (!(feats & NVARM_FWD_F(NVARM_FWD_FEAT_VHE)))
		feats &= ~NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY);
	if (!(feats & NVARM_FWD_F(NVARM_FWD_FEAT_NV)))
		feats &= ~NVARM_FWD_F(NVARM_FWD_FEAT_NV2);

	/* HCR_EL2 first (its fields have no layout): its E2H picks the layout of others. */
	valid_masks(feats, false, eff);
	hcr = eff[NVARM_FWD_HCR_EL2] & vs->reg[NVARM_FWD_HCR_EL2];
	/* Without FEAT_E2H0, E2H is RES1 and (ID_AA64MMFR4_EL1.E2H0 = 0b1110) NV1 RES0. */
	if (feats & NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY))
		hcr = (hcr | HCR_E2H) & ~HCR_NV1;
	e2h = hcr & HCR_E2H;
	tge = hcr & HCR_TGE;
	/* eff[] holds the E2H = 0 masks; redo them for the E2H = 1 layout if needed. */
	if (e2h)
		valid_masks(feats, true, eff);
	eff[NVARM_FWD_HCR_EL2] = hcr;
	for (unsigned int r = NVARM_FWD_HCR_EL2 + 1; r < NVARM_FWD_NR_VREGS; r++)
		eff[r] &= vs->reg[r];
	if (!(feats & NVARM_FWD_F(NVARM_FWD_FEAT_HCX)))
		eff[NVARM_FWD_HCRX_EL2] = 0;
	if (tge)
		eff[NVARM_FWD_MDCR_EL2] |= MDCR_TDE;

	/* Fine-grained traps, normalised to 1 = trap; absent when FGT is off. */
	if ((feats & NVARM_FWD_F(NVARM_FWD_FEAT_FGT)) && !(e2h && tge)) {
		for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++) {
			const struct fwd_fgt_bit *b = &nvarm__fwd_fgt_bits[i];
			uint64_t v = vs->reg[b->reg];

			if (!feat_has(feats, b->feat))
				continue;
			eff[b->reg] |= (b->negative ? ~v : v) & b->mask;
			neg[b->reg] |= b->negative ? b->mask : 0;
		}
		for (unsigned int s = 0; s < NVARM_FWD_FGT_SLOTS; s++)
			if (fwd_fgt_slot_reg[s] < NVARM_FWD_NR_VREGS)
				ctx->fgt[s] = eff[fwd_fgt_slot_reg[s]];
	}

	/* Simple conditions, per access class. */
	for (unsigned int id = 1; id < C__SIMPLE_END; id++) {
		const struct fwd_cond *c = &nvarm__fwd_conds[id];
		bool hit;

		if (!feat_has(feats, c->feat))
			continue;
		hit = (eff[c->reg] & c->mask) == c->val;
		if (c->mask2)
			hit = hit && (eff[c->reg2] & c->mask2) == c->val2;
		if (!hit)
			continue;
		for (unsigned int cls = 0; cls < 4; cls++) {
			uint8_t need = ((cls & FWD_CLS_READ) ? FWD_R : FWD_W) |
				       ((cls & FWD_CLS_EL1) ? FWD_E1 : FWD_E0);

			if ((c->acc & need) == need)
				ctx->cgt[id] |= (uint8_t)(1u << cls);
		}
	}
	/* Composites: OR of their members. */
	for (unsigned int i = 0; i < C__END - C__SIMPLE_END; i++) {
		const struct fwd_combo *x = &nvarm__fwd_combos[i];

		for (unsigned int m = 0; m < 4 && x->member[m]; m++)
			ctx->cgt[x->id] |= ctx->cgt[x->member[m]];
	}

	ctx->features = feats;
	ctx->hstr = (uint16_t)eff[NVARM_FWD_HSTR_EL2];
	if (feats & NVARM_FWD_F(NVARM_FWD_FEAT_PMU)) {
		uint8_t n = vs->pmu_counters > 31 ? 31 : vs->pmu_counters;
		uint8_t hpmn = (uint8_t)(eff[NVARM_FWD_MDCR_EL2] & MDCR_HPMN_MASK);

		/* HPMN > N is CONSTRAINED UNPREDICTABLE; we behave as if HPMN == N. */
		ctx->hpmn = hpmn > n ? n : hpmn;
	}
	/* Per-rule verdicts: the whole sysreg decision but the table search. The rule flags are
	 * their verdict bits (forward_priv.h); FWD_F_NV2MEM counts only under L1's NV2. */
	uint8_t fmask = FWD_V_UNDEF | FWD_V_PMU |
			((hcr & (HCR_NV | HCR_NV2)) == (HCR_NV | HCR_NV2) ? FWD_V_NV2L0 : 0);
	/* HCRX_EL2.FGTnXS = 1: HFGITR_EL2's TLBI bits do not trap the nXS forms (Arm ARM
	 * D24.2 "HCRX_EL2", FGTnXS) */
	bool nxs_no_fgt = (feats & NVARM_FWD_F(NVARM_FWD_FEAT_HCX)) &&
			  (eff[NVARM_FWD_HCRX_EL2] & HCRX_FGTNXS) != 0;
	for (size_t i = 0; i < FWD_NR_RULES; i++) {
		const struct fwd_rule *r = &nvarm__fwd_rules[i];
		/* FGT: write classes (0, 2) use slot 2g, read classes (1, 3) slot 2g + 1. */
		unsigned int fw = (ctx->fgt[r->fgt * 2] >> r->fgt_bit) & 1;
		unsigned int fr = (ctx->fgt[r->fgt * 2 + 1] >> r->fgt_bit) & 1;
		uint8_t v = (uint8_t)(r->flags & fmask);

		if (nxs_no_fgt && r->fgt == G_HFGITR && is_nxs_tlbi(r->lo))
			fw = fr = 0;

		if (feat_has(feats, r->feat))
			v |= (uint8_t)((fw * 0x5u) | (fr * 0xau) | ctx->cgt[r->cgt]);
		else
			v |= FWD_V_UNDEF;
		ctx->rule[i] = v;
	}
	ctx->tge = tge;
	nvarm_memcpy(&ctx->src, vs, sizeof(ctx->src));
	relevant_masks(ctx->relevant);
	nvarm__fwd_hw_fold(ctx, neg);
	ctx->magic = FWD_MAGIC;
	return NVARM_OK;
}

/* ------------------------------------------------------------- routing */

static inline bool cgt_hit(const struct nvarm_fwd_ctx *ctx, unsigned int cls, unsigned int id)
{
	return (ctx->cgt[id] >> cls) & 1;
}

static inline bool fgt_hit(const struct nvarm_fwd_ctx *ctx, unsigned int g, unsigned int rd,
			   unsigned int bit)
{
	return (ctx->fgt[g * 2 + rd] >> bit) & 1;
}

static inline int decide(struct nvarm_fwd_result *res, uint64_t esr, unsigned int action,
			 unsigned int src_el, const struct nvarm_fwd_ctx *ctx, uint16_t line)
{
	res->line = line;
	res->action = (uint8_t)action;
	switch (action) {
	case NVARM_FWD_FORWARD:
		res->esr = esr;
		res->target_el = 2;
		break;
	case NVARM_FWD_UNDEF:
		/* EC 0x00 (Unknown reason), IL as for the trapped instruction. */
		res->esr = esr & NVARM_ESR_IL;
		/* Arm ARM "Routing of synchronous exceptions": EL0 with TGE = 1 -> EL2. */
		res->target_el = (src_el == 0 && ctx->tge) ? 2 : 1;
		break;
	default:
		res->esr = esr;
		res->target_el = 0;
		break;
	}
	return (int)action;
}

static inline const struct fwd_sub_rule *sub_lookup(const struct fwd_ec_rule *er, unsigned int key)
{
	return key < er->nsub ? &nvarm__fwd_sub_rules[er->sub + key] : NULL;
}

/* The EC 0x18 cases that are neither forwarded nor plainly L0's: out of line. */
__attribute__((__noinline__)) static int sysreg_slow(const struct nvarm_fwd_ctx *ctx,
						     const struct fwd_rule *r, uint32_t key,
						     uint64_t esr, unsigned int src_el,
						     struct nvarm_fwd_result *res)
{
	uint8_t v = ctx->rule[r - nvarm__fwd_rules];

	/* Unimplemented for L1's VM or EL2/EL3 space without NV: UNDEFINED; but with NV2 an
	 * EL1 access to a VNCR-backed register is a memory (or EL1 register) access, L0's. */
	if ((v & FWD_V_UNDEF) && !((v & FWD_V_NV2L0) && src_el == 1))
		return decide(res, esr, NVARM_FWD_UNDEF, src_el, ctx, r->line);
	if (v & FWD_V_PMU) {
		/* n = CRm[1:0]:op2 (key bits [5:4] and [2:0]). */
		unsigned int n = ((key >> 1) & 0x18) | (key & 7);

		if (n >= ctx->hpmn)
			return decide(res, esr, NVARM_FWD_UNDEF, src_el, ctx, r->line);
	}
	return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, r->line);
}

/* EC 0x18 with the checks the hot path skips done: same decision, not inlined. */
static int sysreg_decide(const struct nvarm_fwd_ctx *ctx, uint64_t esr, unsigned int src_el,
			 struct nvarm_fwd_result *res)
{
	unsigned int cls = (src_el << 1) | ((uint32_t)esr & NVARM_ISS_SYS_READ);
	uint32_t key = fwd_iss_key((uint32_t)esr);
	const struct fwd_rule *r = fwd_lookup(key);

	if (!r)
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, 0);
	if ((ctx->rule[r - nvarm__fwd_rules] >> cls) & 1)
		return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, r->line);
	return sysreg_slow(ctx, r, key, esr, src_el, res);
}

/* Every exception class but 0x18 (kept out of line so the sysreg path stays lean). */
__attribute__((__noinline__)) static int route_other(const struct nvarm_fwd_ctx *ctx, uint64_t esr,
						     unsigned int src_el,
						     struct nvarm_fwd_result *res)
{
	unsigned int ec = (esr >> NVARM_ESR_EC_SHIFT) & NVARM_ESR_EC_MASK;
	uint32_t iss = (uint32_t)esr & NVARM_ESR_ISS_MASK;
	const struct fwd_ec_rule *er = &nvarm__fwd_ec_rules[ec];
	const struct fwd_sub_rule *sr;
	unsigned int cls;

	cls = src_el << 1; /* FWD_CLS_EL1 for EL1; the direction bit is not used here */
	if (er->kind == K_NONE)
		return NVARM_ERR_UNSUPPORTED;
	if (!feat_has(ctx->features, er->feat)) {
		unsigned int a =
		    (er->flags & FWD_EC_NOFEAT_L0) ? NVARM_FWD_HANDLE_IN_L0 : NVARM_FWD_UNDEF;
		return decide(res, esr, a, src_el, ctx, er->line);
	}

	switch (er->kind) {
	case K_SYSREG: /* EC 0x18 off the hot path (IL 0, ISS2 or RES0 bits set) */
		if (iss & NVARM_GENMASK(24, 22))
			return NVARM_ERR_BAD_ENCODING;
		return sysreg_decide(ctx, esr, src_el, res);
	case K_COND:
	case K_DEBUG:
		if (cgt_hit(ctx, cls, er->cgt) || fgt_hit(ctx, er->fgt, 0, er->fgt_bit))
			return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, er->line);
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, er->line);
	case K_WFX:
	case K_LS64:
	case K_SVC:
		/* WFx: ISS.TI [1:0]; LD64B/ST64B: ISS is the instruction code; SVC: source EL. */
		sr = sub_lookup(er, er->kind == K_SVC	? src_el
				    : er->kind == K_WFX ? (iss & 3)
							: iss);
		if (!sr)
			return NVARM_ERR_BAD_ENCODING;
		if (!feat_has(ctx->features, sr->feat))
			return decide(res, esr, NVARM_FWD_UNDEF, src_el, ctx, sr->line);
		if (cgt_hit(ctx, cls, sr->cgt) || fgt_hit(ctx, sr->fgt, 0, sr->fgt_bit))
			return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, sr->line);
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, sr->line);
	case K_HVC:
		/* HVC is UNDEFINED at EL0: the hardware never reports it to EL2. */
		if (src_el == 0)
			return NVARM_ERR_BAD_ENCODING;
		if (cgt_hit(ctx, cls, er->cgt)) /* HCR_EL2.HCD */
			return decide(res, esr, NVARM_FWD_UNDEF, src_el, ctx, er->line);
		return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, er->line);
	case K_SMC:
		/* SMC at EL0 is UNDEFINED; from EL1, HCR_EL2.TSC traps it to EL2. Otherwise
		 * it targets (virtual) EL3, which is L0's business (firmware emulation). */
		if (src_el == 0)
			return NVARM_ERR_BAD_ENCODING;
		if (cgt_hit(ctx, cls, er->cgt))
			return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, er->line);
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, er->line);
	case K_FPLIKE:
		/* SME: only SMTC == 0 (access trap by SMEN/TSM) can be a trap to EL2. */
		if (ec == NVARM_EC_SME && (iss & 7) != 0)
			return NVARM_ERR_BAD_ENCODING;
		/* CheckSVEEnabled / CheckSMEEnabled: the EL2 SVE/SME control is tested
		 * before the EL2 FP control, so L1 sees EC 0x19/0x1D if its own ZEN/SMEN
		 * traps, else EC 0x07 if its FPEN/TFP traps (L0 may have taken the trap
		 * because of its own ZEN: the ESR is rewritten). */
		if (cgt_hit(ctx, cls, er->cgt))
			return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, er->line);
		if (cgt_hit(ctx, cls, X_CPTR_FP)) {
			/* EC 0x07 from AArch64: CV = 1, COND = 0b1110 (ESR_EL2 ISS encoding). */
			uint64_t fp = ((uint64_t)NVARM_EC_FP_ASIMD << NVARM_ESR_EC_SHIFT) |
				      (esr & NVARM_ESR_IL) | NVARM_BIT(24) | (UINT64_C(0xe) << 20);

			return decide(res, fp, NVARM_FWD_FORWARD, src_el, ctx, er->line);
		}
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, er->line);
	case K_CP15: {
		/* HSTR_EL2.T<n>: n = CRn for MCR/MRC, CRm for MCRR/MRRC. */
		unsigned int n = ec == NVARM_EC_CP15_32 ? (iss >> 10) & 0xf : (iss >> 1) & 0xf;

		if ((ctx->hstr >> n) & 1)
			return decide(res, esr, NVARM_FWD_FORWARD, src_el, ctx, er->line);
		return decide(res, esr, NVARM_FWD_HANDLE_IN_L0, src_el, ctx, er->line);
	}
	default:
		return NVARM_ERR_UNSUPPORTED;
	}
}

/*
 * The hot path: a well-formed EC 0x18 trap. The rule's verdict byte says whether
 * this access class is forwarded (feature present and FGT bit or coarse condition
 * set) or UNDEFINED; otherwise it is L0's, except the HPMN check (sysreg_slow()).
 */
int nvarm_fwd_route(const struct nvarm_fwd_ctx *ctx, uint64_t esr, unsigned int src_el,
		    struct nvarm_fwd_result *res)
{
	unsigned int cls;
	uint32_t key;
	const struct fwd_rule *r;

	if (NVARM_UNLIKELY(!ctx || !res || ctx->magic != FWD_MAGIC))
		return NVARM_ERR_INVAL;
	/*
	 * One compare for: EC 0x18, IL 1, ISS[24:22] (RES0) and bits [63:32] clear, and
	 * src_el <= 1. Anything else, including malformed values, takes the checked path.
	 */
	if (NVARM_UNLIKELY((((esr >> 22) ^ FWD_ESR_SYS64_TOP) | (src_el >> 1)) != 0)) {
		if (src_el > 1)
			return NVARM_ERR_INVAL;
		if (esr >> 56)
			return NVARM_ERR_BAD_ENCODING;
		return route_other(ctx, esr, src_el, res);
	}

	cls = (src_el << 1) | ((uint32_t)esr & NVARM_ISS_SYS_READ); /* FWD_CLS_EL1 | READ */
	key = fwd_iss_key((uint32_t)esr);
	r = fwd_lookup(key);
	if (NVARM_LIKELY(r != NULL)) {
		unsigned int v = ctx->rule[r - nvarm__fwd_rules];

		if ((v >> cls) & 1) {
			res->esr = esr;
			res->action = NVARM_FWD_FORWARD;
			res->target_el = 2;
			res->line = r->line;
			return NVARM_FWD_FORWARD;
		}
		if (NVARM_UNLIKELY(v & (FWD_V_UNDEF | FWD_V_PMU)))
			return sysreg_slow(ctx, r, key, esr, src_el, res);
	}
	res->esr = esr;
	res->action = NVARM_FWD_HANDLE_IN_L0;
	res->target_el = 0;
	res->line = r ? r->line : 0;
	return NVARM_FWD_HANDLE_IN_L0;
}

/* The rule of the register with packed encoding @p enc: the key of an access to it (Rt 0, a
 * write). */
static const struct fwd_rule *enc_rule(uint32_t enc)
{
	uint32_t iss = ((uint32_t)NVARM_SYSREG_OP0(enc) << NVARM_ISS_SYS_OP0_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_OP2(enc) << NVARM_ISS_SYS_OP2_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_OP1(enc) << NVARM_ISS_SYS_OP1_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_CRN(enc) << NVARM_ISS_SYS_CRN_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_CRM(enc) << NVARM_ISS_SYS_CRM_SHIFT);

	return fwd_lookup(fwd_iss_key(iss));
}

bool nvarm__fwd_enc_exists(uint64_t features, uint32_t enc)
{
	const struct fwd_rule *r = enc_rule(enc);

	return !r || feat_has(features | 1u, r->feat);
}

int nvarm_fwd_fgt_bit(uint32_t enc, bool is_read, unsigned int *reg, unsigned int *bit,
		      bool *negative)
{
	const struct fwd_rule *r;
	unsigned int slot;

	if (!reg || !bit || !negative)
		return NVARM_ERR_INVAL;
	r = enc_rule(enc);
	if (!r || r->fgt == G_NONE || r->fgt >= G__END)
		return NVARM_ERR_NOENT;
	slot = fwd_fgt_slot_reg[r->fgt * 2 + (is_read ? 1u : 0u)];
	if (slot >= NVARM_FWD_NR_VREGS)
		return NVARM_ERR_NOENT;
	/* the bit as the FGT register declares it (a read-only register's write slot has none) */
	for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++) {
		const struct fwd_fgt_bit *b = &nvarm__fwd_fgt_bits[i];

		if (b->reg == slot && ((b->mask >> r->fgt_bit) & 1)) {
			*reg = slot;
			*bit = r->fgt_bit;
			*negative = b->negative;
			return 0;
		}
	}
	return NVARM_ERR_NOENT;
}

unsigned int nvarm_fwd_rule_count(void)
{
	return (unsigned int)nvarm__fwd_nr_rules;
}

/* ---------------------------------------------------------- table checks */

enum { T_FIELDS = 1, T_CONDS, T_COMBOS, T_FGT, T_RULES, T_EC, T_SUB };

static int check_fail(struct nvarm_fwd_table_error *err, unsigned int kind, unsigned int table,
		      size_t index, unsigned int line)
{
	if (err) {
		err->kind = (uint8_t)kind;
		err->table = (uint8_t)table;
		err->index = (uint32_t)index;
		err->line = (uint16_t)line;
	}
	return NVARM_ERR_STATE;
}

/* Every bit of @reg declared by some field line of a compatible layout. */
static uint64_t declared_bits(unsigned int reg, uint8_t layout)
{
	uint64_t m = 0;

	for (size_t i = 0; i < nvarm__fwd_nr_fields; i++) {
		const struct fwd_field *f = &nvarm__fwd_fields[i];

		if (f->reg == reg &&
		    (layout == FWD_L_ANY || f->layout == FWD_L_ANY || f->layout == layout))
			m |= f->mask;
	}
	return m;
}

uint64_t nvarm__fwd_absent_bits(uint64_t features, unsigned int reg, bool e2h)
{
	uint64_t valid[NVARM_FWD_NR_VREGS];

	if (reg >= NVARM_FWD_NR_VREGS)
		return 0;
	valid_masks(features | 1 /* FEAT_BASE */, e2h, valid);
	return declared_bits(reg, e2h ? FWD_L_E2H1 : FWD_L_E2H0) & ~valid[reg];
}

static uint64_t fgt_declared(unsigned int reg)
{
	uint64_t m = 0;

	for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++)
		if (nvarm__fwd_fgt_bits[i].reg == reg)
			m |= nvarm__fwd_fgt_bits[i].mask;
	return m;
}

static bool fgt_ref_ok(unsigned int g, unsigned int bit)
{
	uint64_t m = 0;

	if (g == G_NONE)
		return bit == 0;
	if (g >= G__END || bit > 63)
		return false;
	for (unsigned int rd = 0; rd < 2; rd++)
		if (fwd_fgt_slot_reg[g * 2 + rd] < NVARM_FWD_NR_VREGS)
			m |= fgt_declared(fwd_fgt_slot_reg[g * 2 + rd]);
	return (m >> bit) & 1;
}

static bool is_fgt_reg(unsigned int reg)
{
	return reg >= NVARM_FWD_HFGRTR_EL2 && reg <= NVARM_FWD_HAFGRTR_EL2;
}

int nvarm__fwd_check_conds(const struct fwd_cond *conds, size_t n,
			   struct nvarm_fwd_table_error *err)
{
	/* Simple conditions: indexed by id, valid masks, no RES0 bit named. */
	for (unsigned int id = 1; id < n; id++) {
		const struct fwd_cond *c = &conds[id];

		if (c->id != id || c->reg >= NVARM_FWD_NR_VREGS || is_fgt_reg(c->reg) ||
		    c->reg2 >= NVARM_FWD_NR_VREGS || c->feat >= NVARM_FWD_FEAT__COUNT || !c->mask ||
		    (c->val & ~c->mask) || (c->val2 & ~c->mask2) || !(c->acc & FWD_RW) ||
		    !(c->acc & FWD_ANY_EL) || c->layout > FWD_L_E2H1)
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_CONDS, id, c->line);
		if ((c->mask & ~declared_bits(c->reg, c->layout)) ||
		    (c->mask2 & ~declared_bits(c->reg2, FWD_L_ANY)))
			return check_fail(err, NVARM_FWD_CHECK_RES0_BIT, T_CONDS, id, c->line);
	}

	return NVARM_OK;
}

int nvarm__fwd_check_combos(const struct fwd_combo *combos, size_t n,
			    struct nvarm_fwd_table_error *err)
{
	/* Composites: indexed by id, 1..4 members, all simple. */
	for (unsigned int i = 0; i < n; i++) {
		const struct fwd_combo *x = &combos[i];

		if (x->id != C__SIMPLE_END + i || !x->member[0])
			return check_fail(err, NVARM_FWD_CHECK_BAD_COMPOSITE, T_COMBOS, i, x->line);
		for (unsigned int m = 0; m < 4; m++) {
			if (!x->member[m]) {
				for (; m < 4; m++) /* no member after the terminator */
					if (x->member[m])
						return check_fail(err,
								  NVARM_FWD_CHECK_BAD_COMPOSITE,
								  T_COMBOS, i, x->line);
				break;
			}
			if (x->member[m] >= C__SIMPLE_END)
				return check_fail(err, NVARM_FWD_CHECK_BAD_COMPOSITE, T_COMBOS, i,
						  x->line);
		}
	}

	return NVARM_OK;
}

int nvarm__fwd_check_rules(const struct fwd_rule *rules, size_t n,
			   struct nvarm_fwd_table_error *err)
{
	/* Sysreg rules: well-formed, sorted, non-overlapping, valid references. */
	for (size_t i = 0; i < n; i++) {
		const struct fwd_rule *r = &rules[i];

		if (r->lo > r->hi || ((r->lo | r->hi) & ~(uint32_t)FWD_KEY_MASK))
			return check_fail(err, NVARM_FWD_CHECK_BAD_RANGE, T_RULES, i, r->line);
		if (i > 0) {
			const struct fwd_rule *p = &rules[i - 1];

			if (r->lo < p->lo)
				return check_fail(err, NVARM_FWD_CHECK_UNSORTED, T_RULES, i,
						  r->line);
			if (r->lo <= p->hi)
				return check_fail(err, NVARM_FWD_CHECK_OVERLAP, T_RULES, i,
						  r->line);
		}
		if (r->cgt >= C__END || r->feat >= NVARM_FWD_FEAT__COUNT ||
		    (r->flags & ~(FWD_F_UNDEF | FWD_F_PMU_IDX | FWD_F_NV2MEM)))
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_RULES, i, r->line);
		if (!fgt_ref_ok(r->fgt, r->fgt_bit))
			return check_fail(err, NVARM_FWD_CHECK_RES0_BIT, T_RULES, i, r->line);
	}

	return NVARM_OK;
}

int nvarm_fwd_check_tables(struct nvarm_fwd_table_error *err)
{
	if (err)
		nvarm_memset(err, 0, sizeof(*err));

	/* Field lines: valid, and no two overlapping lines in one register layout. */
	for (size_t i = 0; i < nvarm__fwd_nr_fields; i++) {
		const struct fwd_field *f = &nvarm__fwd_fields[i];

		if (f->reg >= NVARM_FWD_NR_VREGS || is_fgt_reg(f->reg) || !f->mask ||
		    f->feat >= NVARM_FWD_FEAT__COUNT || f->layout > FWD_L_E2H1)
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_FIELDS, i, f->line);
		for (size_t j = 0; j < i; j++) {
			const struct fwd_field *g = &nvarm__fwd_fields[j];

			if (g->reg == f->reg && (g->mask & f->mask) &&
			    (g->layout == f->layout || !g->layout || !f->layout))
				return check_fail(err, NVARM_FWD_CHECK_FIELD_OVERLAP, T_FIELDS, i,
						  f->line);
		}
	}

	if (nvarm__fwd_check_conds(nvarm__fwd_conds, C__SIMPLE_END, err) ||
	    nvarm__fwd_check_combos(nvarm__fwd_combos, C__END - C__SIMPLE_END, err))
		return NVARM_ERR_STATE;

	/* FGT declarations: FGT registers only, each bit declared once (one polarity). */
	for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++) {
		const struct fwd_fgt_bit *b = &nvarm__fwd_fgt_bits[i];

		if (!is_fgt_reg(b->reg) || !b->mask || b->negative > 1 ||
		    b->feat >= NVARM_FWD_FEAT__COUNT)
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_FGT, i, b->line);
		for (size_t j = 0; j < i; j++)
			if (nvarm__fwd_fgt_bits[j].reg == b->reg &&
			    (nvarm__fwd_fgt_bits[j].mask & b->mask))
				return check_fail(err, NVARM_FWD_CHECK_FGT_CONFLICT, T_FGT, i,
						  b->line);
	}
	/* One bit, one polarity across the read/write pair of a group. */
	for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++)
		for (size_t j = 0; j < nvarm__fwd_nr_fgt_bits; j++) {
			const struct fwd_fgt_bit *a = &nvarm__fwd_fgt_bits[i],
						 *b = &nvarm__fwd_fgt_bits[j];
			bool pair =
			    (a->reg == NVARM_FWD_HFGRTR_EL2 && b->reg == NVARM_FWD_HFGWTR_EL2) ||
			    (a->reg == NVARM_FWD_HDFGRTR_EL2 && b->reg == NVARM_FWD_HDFGWTR_EL2);

			if (pair && (a->mask & b->mask) && a->negative != b->negative)
				return check_fail(err, NVARM_FWD_CHECK_FGT_CONFLICT, T_FGT, j,
						  b->line);
		}

	if (nvarm__fwd_check_rules(nvarm__fwd_rules, nvarm__fwd_nr_rules, err))
		return NVARM_ERR_STATE;

	/* EC rules: indexed by EC, valid references. */
	for (unsigned int e = 0; e < 64; e++) {
		const struct fwd_ec_rule *er = &nvarm__fwd_ec_rules[e];

		if (er->kind == K_NONE)
			continue;
		if (er->ec != e || er->kind > K_DEBUG || er->cgt >= C__END ||
		    er->feat >= NVARM_FWD_FEAT__COUNT ||
		    (size_t)er->sub + er->nsub > nvarm__fwd_nr_sub_rules)
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_EC, e, er->line);
		/* Sub-rules are direct-indexed: entry sub + k must be (ec, k). */
		for (unsigned int k = 0; k < er->nsub; k++)
			if (nvarm__fwd_sub_rules[er->sub + k].ec != e ||
			    nvarm__fwd_sub_rules[er->sub + k].key != k)
				return check_fail(err, NVARM_FWD_CHECK_BAD_COMPOSITE, T_EC, e,
						  er->line);
		if ((er->kind == K_WFX || er->kind == K_LS64 || er->kind == K_SVC) !=
		    (er->nsub > 0))
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_EC, e, er->line);
		if (!fgt_ref_ok(er->fgt, er->fgt_bit))
			return check_fail(err, NVARM_FWD_CHECK_RES0_BIT, T_EC, e, er->line);
	}
	for (size_t i = 0; i < nvarm__fwd_nr_sub_rules; i++) {
		const struct fwd_sub_rule *s = &nvarm__fwd_sub_rules[i];

		if (s->ec > 63 || s->cgt >= C__END || s->feat >= NVARM_FWD_FEAT__COUNT)
			return check_fail(err, NVARM_FWD_CHECK_BAD_ID, T_SUB, i, s->line);
		if (!fgt_ref_ok(s->fgt, s->fgt_bit))
			return check_fail(err, NVARM_FWD_CHECK_RES0_BIT, T_SUB, i, s->line);
		for (size_t j = 0; j < i; j++)
			if (nvarm__fwd_sub_rules[j].ec == s->ec &&
			    nvarm__fwd_sub_rules[j].key == s->key)
				return check_fail(err, NVARM_FWD_CHECK_OVERLAP, T_SUB, i, s->line);
	}
	return NVARM_OK;
}
