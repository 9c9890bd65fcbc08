// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for trap forwarding, structure-aware: the input is decoded against the
 * library's own rule tables (src/sysreg/forward_priv.h), so most inputs are a well-formed
 * trap that some rule covers, with L1's controls set so that rule's condition and FGT bit
 * are met or not. Raw random ESRs and register values still get through (the decoder only
 * overrides what the recipe names). Input layout (little-endian; short inputs read zeros):
 *
 *   [0]      ctl: [1:0] source EL (2, 3: must be NVARM_ERR_INVAL), [2] reload check,
 *            [3] hardware-controls merge check, [4] route with an unloaded context,
 *            [5] table-check mutation (with ESR source 0), [7:6] ESR source: 0 raw, 1 a sysreg rule
 * (EC 0x18), 2 an EC rule (other classes), 3 a sysreg rule altered (IL 0, ISS RES0 bits, ISS2 bits,
 * bits [63:56]) [1]      hit: [0] meet the rule's condition, [2:1] which composite member, [3] set
 * its FGT bit (trap polarity), [4] clear it, [5] give the rule's feature, [6] take it away, [7]
 * HCR_EL2.{E2H, TGE} from [16] [3:2]    rule (sysreg rules mod their count; EC rules mod 64) [7:4]
 * offset in the rule's key range; for EC rules the ISS [8]      Rt, [9] direction (bit 0: read)
 *   [15:10]  table mutation: table, index (2), field, value (2)
 *   [16]     E2H/TGE: [0] E2H, [1] TGE
 *   [23:17]  reserved
 *   [31:24]  features (NVARM_FWD_F bits)
 *   [..]     the NVARM_FWD_NR_VREGS registers, 8 bytes each; then PMCR_EL0.N (1 byte)
 *
 * Invariants checked (no sanitizer finding and no __builtin_trap expected): FORWARD targets
 * EL2 and keeps an EC 0x18 ESR unchanged, UNDEF carries EC 0x00 and targets EL1 or EL2,
 * HANDLE_IN_L0 targets 0, the return value is an action or an nvarm error code, a
 * malformed ESR is never forwarded; reloading the same input changes nothing; merging L1's
 * controls into L2's hardware controls (nvarm_fwd_hw_traps) is idempotent; the table checks
 * accept the built-in tables and answer 0 or NVARM_ERR_STATE for a mutated copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvarm/arm/esr.h>
#include <nvarm/forward.h>

#include "sysreg/forward_priv.h"

#define HDR 32

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

/* The ISS of an EC 0x18 trap for a rule key: op0 [21:20], op2 [19:17], op1 [16:14], CRn
 * [13:10], Rt [9:5], CRm [4:1], direction [0] (the inverse of fwd_iss_key). */
static uint32_t key_iss(uint32_t key, unsigned rt, unsigned rd)
{
	return (((key >> 3) & FWD_ISS_KEYBITS) | ((key & 7) << 17) | ((rt & 31) << 5) | (rd & 1));
}

/* Meet condition @id (a composite: its member @m) in @vs. */
static void meet(struct nvarm_fwd_vstate *vs, unsigned id, unsigned m)
{
	const struct fwd_cond *c;

	if (id == C_NONE || id >= C__END)
		return;
	if (id >= C__SIMPLE_END) {
		const struct fwd_combo *x = &nvarm__fwd_combos[id - C__SIMPLE_END];

		id = x->member[m & 3] ? x->member[m & 3] : x->member[0];
		if (id == C_NONE || id >= C__SIMPLE_END)
			return;
	}
	c = &nvarm__fwd_conds[id];
	vs->reg[c->reg] = (vs->reg[c->reg] & ~c->mask) | c->val;
	if (c->mask2)
		vs->reg[c->reg2] = (vs->reg[c->reg2] & ~c->mask2) | c->val2;
	vs->features |= NVARM_FWD_F(c->feat);
}

/* Set (trap) or clear (no trap) FGT bit @bit of group @g, with the declared polarity. */
static void fgt_set(struct nvarm_fwd_vstate *vs, unsigned g, unsigned bit, bool trap)
{
	for (size_t i = 0; i < nvarm__fwd_nr_fgt_bits; i++) {
		const struct fwd_fgt_bit *b = &nvarm__fwd_fgt_bits[i];
		bool in = (g == G_HFGxTR &&
			   (b->reg == NVARM_FWD_HFGRTR_EL2 || b->reg == NVARM_FWD_HFGWTR_EL2)) ||
			  (g == G_HFGITR && b->reg == NVARM_FWD_HFGITR_EL2) ||
			  (g == G_HDFGxTR &&
			   (b->reg == NVARM_FWD_HDFGRTR_EL2 || b->reg == NVARM_FWD_HDFGWTR_EL2)) ||
			  (g == G_HAFGRTR && b->reg == NVARM_FWD_HAFGRTR_EL2);

		if (!in || bit > 63 || !((b->mask >> bit) & 1))
			continue;
		if (trap != (bool)b->negative)
			vs->reg[b->reg] |= UINT64_C(1) << bit;
		else
			vs->reg[b->reg] &= ~(UINT64_C(1) << bit);
		vs->features |= NVARM_FWD_F(b->feat) | NVARM_FWD_F(NVARM_FWD_FEAT_FGT);
	}
}

/* The recipe's feature, FGT and condition choices for one rule. */
static void drive(struct nvarm_fwd_vstate *vs, unsigned hit, unsigned cgt, unsigned feat,
		  unsigned g, unsigned bit)
{
	if (hit & 1)
		meet(vs, cgt, hit >> 1);
	if (hit & 8)
		fgt_set(vs, g, bit, true);
	if (hit & 16)
		fgt_set(vs, g, bit, false);
	if (hit & 32)
		vs->features |= NVARM_FWD_F(feat);
	if ((hit & 64) && feat != FEAT_BASE)
		vs->features &= ~NVARM_FWD_F(feat);
}

/* Table checks: the built-in tables pass; a copy with one field changed is accepted or
 * refused (NVARM_ERR_STATE), never anything else. */
static void tables(const uint8_t *m)
{
	static struct fwd_cond conds[C__SIMPLE_END];
	static struct fwd_combo combos[C__END - C__SIMPLE_END];
	static struct fwd_rule rules[FWD_NR_RULES];
	static int checked;
	struct nvarm_fwd_table_error err;
	unsigned idx = (unsigned)le(m + 1, 2), f = m[3];
	uint64_t val = le(m + 4, 2);
	int rc;

	/* the whole check is quadratic in the tables and its answer fixed: once per process */
	if (!checked) {
		if (nvarm_fwd_check_tables(&err) != NVARM_OK ||
		    nvarm_fwd_check_tables(NULL) != NVARM_OK)
			__builtin_trap();
		checked = 1;
	}
	switch (m[0] % 3) {
	case 0: {
		struct fwd_cond *c = &conds[1 + idx % (C__SIMPLE_END - 1)];

		memcpy(conds, nvarm__fwd_conds, sizeof(conds));
		switch (f % 10) {
		case 0:
			c->id = (uint8_t)val;
			break;
		case 1:
			c->reg = (uint8_t)val;
			break;
		case 2:
			c->reg2 = (uint8_t)val;
			break;
		case 3:
			c->feat = (uint8_t)val;
			break;
		case 4:
			c->mask = val ? c->mask ^ (UINT64_C(1) << (val & 63)) : 0;
			break;
		case 5:
			c->val ^= UINT64_C(1) << (val & 63);
			break;
		case 6:
			c->val2 ^= UINT64_C(1) << (val & 63);
			break;
		case 7:
			c->acc = (uint8_t)val;
			break;
		case 8:
			c->layout = (uint8_t)val;
			break;
		default:
			c->mask2 ^= UINT64_C(1) << (val & 63);
			break;
		}
		rc = nvarm__fwd_check_conds(conds, C__SIMPLE_END, f & 16 ? &err : NULL);
		break;
	}
	case 1: {
		struct fwd_combo *x = &combos[idx % (C__END - C__SIMPLE_END)];

		memcpy(combos, nvarm__fwd_combos, sizeof(combos));
		if (f % 5 == 4)
			x->id = (uint8_t)val;
		else
			x->member[f % 5] = (uint8_t)val;
		rc = nvarm__fwd_check_combos(combos, C__END - C__SIMPLE_END, f & 16 ? &err : NULL);
		break;
	}
	default: {
		struct fwd_rule *r = &rules[idx % FWD_NR_RULES];

		memcpy(rules, nvarm__fwd_rules, sizeof(rules));
		switch (f % 8) {
		case 0:
			r->lo = (uint32_t)le(m + 4, 2) << 9 | (r->lo & 0x1ff);
			break;
		case 1:
			r->hi = r->lo - 1 + (uint32_t)(val & 1);
			break;
		case 2:
			r->hi = (uint32_t)val << 10;
			break;
		case 3:
			r->cgt = (uint8_t)val;
			break;
		case 4:
			r->feat = (uint8_t)val;
			break;
		case 5:
			r->flags = (uint8_t)val;
			break;
		case 6:
			r->fgt = (uint8_t)val;
			break;
		default:
			r->fgt_bit = (uint8_t)val;
			break;
		}
		rc = nvarm__fwd_check_rules(rules, FWD_NR_RULES, f & 16 ? &err : NULL);
		break;
	}
	}
	if (rc != NVARM_OK && rc != NVARM_ERR_STATE)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t h[HDR + 8 * NVARM_FWD_NR_VREGS + 1];
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;
	unsigned ctl, hit, src, kind, pick;
	uint64_t esr;
	bool malformed = false;
	int rc;

	memset(h, 0, sizeof(h));
	memcpy(h, data, size < sizeof(h) ? size : sizeof(h));
	memset(&vs, 0, sizeof(vs));
	memset(&ctx, 0, sizeof(ctx));
	ctl = h[0], hit = h[1], src = ctl & 3, kind = ctl >> 6;
	pick = (unsigned)le(h + 2, 2);
	vs.features = le(h + 24, 8);
	for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
		vs.reg[r] = le(h + HDR + 8 * r, 8);
	vs.pmu_counters = h[HDR + 8 * NVARM_FWD_NR_VREGS];
	if (hit & 128) {
		uint64_t e = (h[16] & 1 ? HCR_E2H : 0) | (h[16] & 2 ? HCR_TGE : 0);

		vs.reg[NVARM_FWD_HCR_EL2] = (vs.reg[NVARM_FWD_HCR_EL2] & ~(HCR_E2H | HCR_TGE)) | e;
	}

	if (kind == 0) {
		esr = le(h + 4, 4) | le(h + 8, 4) << 32;
	} else if (kind == 2) {
		unsigned ec = pick & 63;
		const struct fwd_ec_rule *er = &nvarm__fwd_ec_rules[ec];
		uint32_t iss = (uint32_t)le(h + 4, 4) & NVARM_ESR_ISS_MASK;

		if (er->nsub && er->kind != K_SVC) {
			const struct fwd_sub_rule *s =
			    &nvarm__fwd_sub_rules[er->sub + iss % er->nsub];

			iss = (er->kind == K_WFX ? iss & ~3u : 0) | s->key;
			drive(&vs, hit, s->cgt, s->feat, s->fgt, s->fgt_bit);
		} else if (er->kind == K_SVC && src < er->nsub) {
			const struct fwd_sub_rule *s = &nvarm__fwd_sub_rules[er->sub + src];

			drive(&vs, hit, s->cgt, s->feat, s->fgt, s->fgt_bit);
		}
		drive(&vs, hit, er->cgt, er->feat, er->fgt, er->fgt_bit);
		if (er->kind == K_FPLIKE && (hit & 6) == 6)
			meet(&vs, X_CPTR_FP, h[9]);
		esr = ((uint64_t)ec << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL | iss;
	} else {
		const struct fwd_rule *r = &nvarm__fwd_rules[pick % nvarm__fwd_nr_rules];
		uint32_t span = r->hi - r->lo + 1, key;

		key = (r->lo + (uint32_t)(le(h + 4, 4) % span)) & FWD_KEY_MASK;
		drive(&vs, hit, r->cgt, r->feat, r->fgt, r->fgt_bit);
		if ((r->flags & FWD_F_PMU_IDX) && (hit & 6))
			vs.reg[NVARM_FWD_MDCR_EL2] =
			    (vs.reg[NVARM_FWD_MDCR_EL2] & ~MDCR_HPMN_MASK) | (h[9] & 31);
		esr = ((uint64_t)NVARM_EC_SYS64 << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL |
		      key_iss(key, h[8], h[9]);
		if (kind == 3) {
			static const uint64_t bad[4] = {NVARM_ESR_IL, UINT64_C(7) << 22,
							UINT64_C(1) << 32, UINT64_C(1) << 60};
			/* IL 0 and ISS2 bits are routed as usual; RES0 ISS bits and bits [63:56]
			 * are NVARM_ERR_BAD_ENCODING */
			esr ^= bad[h[9] >> 1 & 3];
			malformed = (h[9] >> 1 & 1) != 0;
		}
	}

	if (ctl & 16) {
		if (nvarm_fwd_route(&ctx, esr, src, &res) != NVARM_ERR_INVAL ||
		    nvarm_fwd_route(NULL, esr, src, &res) != NVARM_ERR_INVAL ||
		    nvarm_fwd_load(NULL, &vs) != NVARM_ERR_INVAL ||
		    nvarm_fwd_load(&ctx, NULL) != NVARM_ERR_INVAL)
			__builtin_trap();
	}
	/* table mutations: only with a raw ESR (kind 0), so they do not slow the routing inputs */
	if ((ctl & 32) && kind == 0)
		tables(h + 10);
	if (nvarm_fwd_load(&ctx, &vs) != NVARM_OK)
		__builtin_trap();
	if (nvarm_fwd_rule_count() != nvarm__fwd_nr_rules)
		__builtin_trap();
	/* Reloading the same input keeps the context as it is. */
	if (ctl & 4) {
		struct nvarm_fwd_ctx again = ctx;

		if (nvarm_fwd_load(&again, &vs) != NVARM_OK || memcmp(&again, &ctx, sizeof(ctx)))
			__builtin_trap();
	}
	/* L2's hardware controls: merging L1's twice changes nothing more. */
	if (ctl & 8) {
		struct nvarm_fwd_hw hw, twice;
		unsigned int fl = (unsigned int)(hit >> 4) & 3;

		hw.hcr = esr;
		hw.mdcr = vs.reg[NVARM_FWD_MDCR_EL2];
		hw.cptr = ~esr;
		hw.hfgrtr = hw.hfgwtr = hw.hfgitr = vs.reg[0];
		hw.hdfgrtr = hw.hdfgwtr = hw.hafgrtr = ~vs.reg[0];
		if (nvarm_fwd_hw_traps(&ctx, fl, &hw) != NVARM_OK)
			__builtin_trap();
		twice = hw;
		if (nvarm_fwd_hw_traps(&ctx, fl, &twice) != NVARM_OK ||
		    memcmp(&twice, &hw, sizeof(hw)))
			__builtin_trap();
	}
	rc = nvarm_fwd_route(&ctx, esr, src, &res);
	if (src > 1) {
		if (rc != NVARM_ERR_INVAL)
			__builtin_trap();
		return 0;
	}
	if (rc < NVARM_ERR__MIN || rc > NVARM_FWD_UNDEF)
		__builtin_trap();
	if (malformed && rc == NVARM_FWD_FORWARD)
		__builtin_trap();
	if (rc == NVARM_FWD_FORWARD &&
	    (res.target_el != 2 || (((esr >> 26) & 0x3f) == 0x18 && res.esr != esr)))
		__builtin_trap();
	if (rc == NVARM_FWD_UNDEF && ((res.esr >> 26) != 0 || res.target_el == 0))
		__builtin_trap();
	if (rc == NVARM_FWD_HANDLE_IN_L0 && res.target_el != 0)
		__builtin_trap();
	return 0;
}
