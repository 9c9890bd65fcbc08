// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Every table that names registers agrees with the register database (tools/sysreg.db, through
 * the generated NVARM_SYSREG_LIST / NVARM_SYSREG_OTHER_LIST / NVARM_SYSREG_FIELD_LIST):
 * - trap forwarding (src/sysreg/forward_rules.c): every single-encoding rule names a database
 *   encoding; instruction rules name instructions of the same kind (TLBI/AT/DC-IC); a rule's
 *   TLBI/ECV/VHE/SVE/RAS/FGT/HCX feature is the database line's; timer rules name timer lines;
 *   every range rule covers only database lines or unnamed encodings;
 * - vtimer (src/vtimer/vtimer_tables.c): every register is a timer line with the same name,
 *   read-only-ness, EL2/alias scope and ECV gate, and every timer line of the database (but
 *   CNTFRQ_EL0, the hardware's) is in vtimer's table; its CNTHCTL_EL2 fields are the
 *   database's fields of the same layouts;
 * - the bare-metal shim's list: every line is a database register of the same name, the
 *   read-only ones read-only there;
 * - the s2mmu TLBI path: every TLBI line's kind is what nvarm_s2mmu_tlbi uses;
 * - hand-written field macros (nvarm/sysreg.h HCR bits, arm/timer.h, arm/gicv3.h) equal the
 *   generated ones.
 * Each failure names the table line and the register.
 */
#include "sysreg_test.h"
/* forward_priv.h has its own HCR_EL2 bit names */
#undef HCR_E2H
#undef HCR_TGE
#undef HCR_RW

#include <nvarm/arm/gicv3.h>
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/arm/timer.h>
#include <nvarm/forward.h>

#include "platform/baremetal/sysreg_list.h"
#include "s2mmu/s2mmu_internal.h"
#include "sysreg/forward_priv.h"
#include "vtimer/vtimer_tables.h"

struct known {
	const char *name;
	uint32_t enc;
	bool listed; /* in NVARM_SYSREG_LIST */
};

#define K_LISTED(n, op0, op1, crn, crm, op2, vn, lk, ft, fl)                                       \
	{#n, NVARM_SYSREG_ENC(op0, op1, crn, crm, op2), true},
#define K_OTHER(n, op0, op1, crn, crm, op2) {#n, NVARM_SYSREG_ENC(op0, op1, crn, crm, op2), false},
static const struct known known[] = {NVARM_SYSREG_LIST(K_LISTED) NVARM_SYSREG_OTHER_LIST(K_OTHER)};
#define NKNOWN (sizeof(known) / sizeof(known[0]))

static const struct known *find_enc(uint32_t enc)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (known[i].enc == enc)
			return &known[i];
	return NULL;
}

static bool prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void test_known_unique(void **state)
{
	(void)state;
	assert_int_equal(NKNOWN, NVARM_SR__COUNT +
				     (sizeof((struct known[]){NVARM_SYSREG_OTHER_LIST(K_OTHER)}) /
				      sizeof(struct known)));
	for (size_t i = 0; i < NKNOWN; i++)
		for (size_t j = i + 1; j < NKNOWN; j++)
			if (known[i].enc == known[j].enc || !strcmp(known[i].name, known[j].name))
				fail_msg("%s and %s collide", known[i].name, known[j].name);
	/* the other lines are really not decoded as library registers */
	for (size_t i = 0; i < NKNOWN; i++)
		assert_int_equal(nvarm_sysreg_lookup(known[i].enc) != NVARM_SR_NONE,
				 known[i].listed);
}

/* Forwarding features that are also VM features of the database. */
static uint32_t fwd_feat_to_vmf(unsigned f)
{
	switch (f) {
	case NVARM_FWD_FEAT_TLBIOS:
		return NVARM_VMF_TLBIOS;
	case NVARM_FWD_FEAT_TLBIRANGE:
		return NVARM_VMF_TLBIRANGE;
	case NVARM_FWD_FEAT_XS:
		return NVARM_VMF_XS;
	case NVARM_FWD_FEAT_ECV:
		return NVARM_VMF_ECV;
	case NVARM_FWD_FEAT_VHE:
		return NVARM_VMF_VHE;
	case NVARM_FWD_FEAT_SVE:
		return NVARM_VMF_SVE;
	case NVARM_FWD_FEAT_RAS:
		return NVARM_VMF_RAS;
	case NVARM_FWD_FEAT_FGT:
		return NVARM_VMF_FGT;
	case NVARM_FWD_FEAT_HCX:
		return NVARM_VMF_HCRX;
	default:
		return 0;
	}
}

/* forward_priv.h packs encodings its own way (FWD_KEY, ordered for its ISS lookup). */
static uint32_t fwd_key_to_enc(uint32_t k)
{
	return NVARM_SYSREG_ENC((k >> 23) & 3, (k >> 17) & 7, (k >> 13) & 15, (k >> 4) & 15, k & 7);
}

static void test_forward_rules(void **state)
{
	unsigned single = 0, listed = 0, ranges_insn = 0;

	(void)state;
	for (size_t i = 0; i < nvarm__fwd_nr_rules; i++) {
		const struct fwd_rule *r = &nvarm__fwd_rules[i];
		uint32_t enc = fwd_key_to_enc(r->lo);
		assert_int_equal(FWD_KEY(NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
					 NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
					 NVARM_SYSREG_OP2(enc)),
				 r->lo);
		if (r->lo != r->hi) {
			/* a range of instructions covers one kind of them only (AT, TLBI or
			 * DC/IC): the database lines inside it say which */
			unsigned kinds = 0;
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
				uint32_t k =
				    FWD_KEY(NVARM_SYSREG_OP0(d->enc), NVARM_SYSREG_OP1(d->enc),
					    NVARM_SYSREG_CRN(d->enc), NVARM_SYSREG_CRM(d->enc),
					    NVARM_SYSREG_OP2(d->enc));
				if (k >= r->lo && k <= r->hi && (d->flags & NVARM_SRF_INSN))
					kinds |= d->flags &
						 (NVARM_SRF_TLBI | NVARM_SRF_AT | NVARM_SRF_CMO);
			}
			if (kinds & (kinds - 1))
				fail_msg("forward_rules.c:%u: a range over different instructions",
					 r->line);
			if (NVARM_SYSREG_OP0(enc) == 1)
				ranges_insn++;
			continue;
		}
		single++;
		const struct known *k = find_enc(enc);
		if (!k)
			fail_msg("forward_rules.c:%u: S%u_%u_C%u_C%u_%u is not in tools/sysreg.db",
				 r->line, NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
				 NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
				 NVARM_SYSREG_OP2(enc));
		if (!k->listed)
			continue;
		listed++;
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_sysreg_lookup(enc));
		bool tlbi = prefix(d->name, "TLBI_"), at = prefix(d->name, "AT_"),
		     cmo = prefix(d->name, "DC_") || prefix(d->name, "IC_");
		if (tlbi != !!(d->flags & NVARM_SRF_TLBI) || at != !!(d->flags & NVARM_SRF_AT) ||
		    cmo != !!(d->flags & NVARM_SRF_CMO))
			fail_msg("forward_rules.c:%u: %s: instruction kind differs", r->line,
				 d->name);
		uint32_t vmf = fwd_feat_to_vmf(r->feat);
		/* the rule's feature is one the database line needs (nXS lines also need XS) */
		if (vmf && !(d->feat & vmf))
			fail_msg("forward_rules.c:%u: %s: feature %u, database %#x", r->line,
				 d->name, r->feat, d->feat);
		if (!vmf && r->feat == FEAT_BASE &&
		    (d->feat & (NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS)))
			fail_msg("forward_rules.c:%u: %s: always there, database says %#x", r->line,
				 d->name, d->feat);
		if (r->cgt >= X_CNT_PCT && r->cgt <= X_CNT_NVVCT && !(d->flags & NVARM_SRF_TIMER))
			fail_msg("forward_rules.c:%u: %s: a timer rule on a non-timer line",
				 r->line, d->name);
	}
	/* most rules name registers only forwarding knows; the database still has them all */
	assert_true(single > 300);
	assert_true(listed > 50);
	assert_true(ranges_insn >= 2); /* EL2 AT and TLBI groups */
}

static void test_vtimer_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < nvarm__vt_nregs; i++) {
		const struct vt_reg_desc *v = &nvarm__vt_regs[i];
		unsigned id = nvarm_sysreg_lookup(v->enc);
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		if (!d)
			fail_msg("vtimer %s: not a database register", v->name);
		if (strcmp(d->name, v->name) || !(d->flags & NVARM_SRF_TIMER))
			fail_msg("vtimer %s: database says %s (flags %#x)", v->name, d->name,
				 d->flags);
		if (!!(v->flags & VT_R_RO) != !!(d->flags & NVARM_SRF_RO) ||
		    !!(v->flags & VT_R_E2H) != !!(d->flags & NVARM_SRF_ALIAS) ||
		    !!(v->flags & VT_R_EL2) != !!(d->flags & (NVARM_SRF_EL2 | NVARM_SRF_ALIAS)) ||
		    !!(v->flags & VT_R_ECV) != !!(d->feat & NVARM_VMF_ECV))
			fail_msg("vtimer %s: flags %#x, database flags %#x feat %#x", v->name,
				 v->flags, d->flags, d->feat);
	}
	/* and the other way round: vtimer owns every timer line but the hardware's CNTFRQ */
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		if (!(d->flags & NVARM_SRF_TIMER) || (d->flags & NVARM_SRF_HW))
			continue;
		if (!nvarm__vt_reg_lookup(d->enc))
			fail_msg("%s: a timer line vtimer does not know", d->name);
		assert_int_equal(d->cls, NVARM_TC_TIMER);
	}
}

struct dbfield {
	const char *reg, *layout, *name;
	unsigned hi, lo;
};
#define F_ROW(r, l, n, h, lo) {#r, #l, #n, h, lo},
static const struct dbfield dbfields[] = {NVARM_SYSREG_FIELD_LIST(F_ROW)};

static const struct dbfield *find_field(const char *reg, const char *layout, const char *name)
{
	for (size_t i = 0; i < sizeof(dbfields) / sizeof(dbfields[0]); i++)
		if (!strcmp(dbfields[i].reg, reg) && !strcmp(dbfields[i].layout, layout) &&
		    !strcmp(dbfields[i].name, name))
			return &dbfields[i];
	return NULL;
}

static void test_vtimer_cnthctl_fields(void **state)
{
	unsigned n[2] = {0, 0};

	(void)state;
	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *v = &nvarm__vt_cnthctl_fields[i];
		for (unsigned l = 0; l < 2; l++) {
			if (!(v->layouts & (l ? VT_L_E2H1 : VT_L_E2H0)))
				continue;
			const struct dbfield *f =
			    find_field("CNTHCTL_EL2", l ? "E2H1" : "E2H0", v->name);
			if (!f || f->lo != v->lsb || f->hi - f->lo + 1 != v->width)
				fail_msg("vtimer CNTHCTL_EL2.%s (E2H%u): [%u+%u], database %s",
					 v->name, l, v->lsb, v->width,
					 f ? "differs" : "has no such field");
			n[l]++;
		}
	}
	/* every named field of both layouts is in vtimer's table */
	unsigned want[2] = {0, 0};
	for (size_t i = 0; i < sizeof(dbfields) / sizeof(dbfields[0]); i++)
		if (!strcmp(dbfields[i].reg, "CNTHCTL_EL2") && strcmp(dbfields[i].name, "RES0"))
			want[!strcmp(dbfields[i].layout, "E2H1")]++;
	assert_int_equal(n[0], want[0]);
	assert_int_equal(n[1], want[1]);
}

static void test_vtimer_cntkctl_fields(void **state)
{
	unsigned want = 0;

	(void)state;
	for (size_t i = 0; i < nvarm__vt_ncntkctl_fields; i++) {
		const struct vt_cntkctl_field *v = &nvarm__vt_cntkctl_fields[i];
		const struct dbfield *f = find_field("CNTKCTL_EL1", "ANY", v->name);
		if (!f || f->lo != v->lsb || f->hi - f->lo + 1 != v->width)
			fail_msg("vtimer CNTKCTL_EL1.%s: [%u+%u], database %s", v->name, v->lsb,
				 v->width, f ? "differs" : "has no such field");
		/* CNTHCTL_EL2 with E2H=1 has the same field there */
		const struct dbfield *h = find_field("CNTHCTL_EL2", "E2H1", v->name);
		assert_non_null(h);
		assert_int_equal(h->lo, f->lo);
		assert_int_equal(h->hi, f->hi);
	}
	for (size_t i = 0; i < sizeof(dbfields) / sizeof(dbfields[0]); i++)
		want += !strcmp(dbfields[i].reg, "CNTKCTL_EL1") && strcmp(dbfields[i].name, "RES0");
	assert_int_equal(nvarm__vt_ncntkctl_fields, want);
	/* arm/timer.h */
	assert_int_equal(NVARM_CNTKCTL_EL0PCTEN, NVARM_CNTKCTL_EL1_EL0PCTEN);
	assert_int_equal(NVARM_CNTKCTL_EL0VCTEN, NVARM_CNTKCTL_EL1_EL0VCTEN);
	assert_int_equal(NVARM_CNTKCTL_EVNTEN, NVARM_CNTKCTL_EL1_EVNTEN);
	assert_int_equal(NVARM_CNTKCTL_EVNTDIR, NVARM_CNTKCTL_EL1_EVNTDIR);
	assert_int_equal(NVARM_CNTKCTL_EVNTI, NVARM_CNTKCTL_EL1_EVNTI_MASK);
	assert_int_equal(NVARM_CNTKCTL_EL0VTEN, NVARM_CNTKCTL_EL1_EL0VTEN);
	assert_int_equal(NVARM_CNTKCTL_EL0PTEN, NVARM_CNTKCTL_EL1_EL0PTEN);
	assert_int_equal(NVARM_CNTKCTL_EVNTIS, NVARM_CNTKCTL_EL1_EVNTIS);
}

enum acc { A_RW, A_RO, A_WO, A_RS };
struct bmrow {
	const char *name;
	uint32_t enc;
	enum acc acc;
};
#define BM(a, n, o0, o1, cn, cm, o2, g, arg) {#n, NVARM_SYSREG_ENC(o0, o1, cn, cm, o2), a},
#define BM_RW(...)			     BM(A_RW, __VA_ARGS__)
#define BM_RO(...)			     BM(A_RO, __VA_ARGS__)
#define BM_WO(...)			     BM(A_WO, __VA_ARGS__)
#define BM_RS(...)			     BM(A_RS, __VA_ARGS__)
static const struct bmrow bmrows[] = {NVARM_BM_SYSREGS(BM_RW, BM_RO, BM_WO, BM_RS)};

static void test_baremetal_list(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bmrows) / sizeof(bmrows[0]); i++) {
		const struct known *k = find_enc(bmrows[i].enc);
		if (!k || strcmp(k->name, bmrows[i].name))
			fail_msg("shim %s: database says %s", bmrows[i].name,
				 k ? k->name : "nothing");
		if (!k->listed)
			continue;
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_sysreg_lookup(k->enc));
		if ((bmrows[i].acc == A_RO) != !!(d->flags & NVARM_SRF_RO))
			fail_msg("shim %s: read-only %d, database flags %#x", d->name,
				 bmrows[i].acc == A_RO, d->flags);
	}
}

static void test_s2mmu_tlbi(void **state)
{
	unsigned n = 0;

	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		if (!(d->flags & NVARM_SRF_TLBI))
			continue;
		assert_int_equal(nvarm_s2_tlbi_kind(d->enc), NVARM_SRF_TLBI_KIND_OF(d->flags));
		n++;
	}
	assert_int_equal(n, 126);
}

#define DBF(reg, layout, name) find_field(#reg, #layout, #name)
static uint64_t mask_of(const struct dbfield *f)
{
	assert_non_null(f);
	return (~0ull >> (63 - f->hi)) & ~((1ull << f->lo) - 1);
}

static void test_hand_macros(void **state)
{
	(void)state;
	/* nvarm/sysreg.h */
	assert_int_equal(NVARM_HCR_TVM, NVARM_HCR_EL2_TVM);
	assert_int_equal(NVARM_HCR_TRVM, NVARM_HCR_EL2_TRVM);
	assert_int_equal(NVARM_HCR_E2H, NVARM_HCR_EL2_E2H);
	assert_int_equal(NVARM_HCR_TGE, NVARM_HCR_EL2_TGE);
	assert_int_equal(NVARM_HCR_NV, NVARM_HCR_EL2_NV);
	assert_int_equal(NVARM_HCR_NV1, NVARM_HCR_EL2_NV1);
	assert_int_equal(NVARM_HCR_NV2, NVARM_HCR_EL2_NV2);
	/* the generated macros are the field list */
	assert_int_equal(NVARM_HCR_EL2_TWEDEL_MASK, mask_of(DBF(HCR_EL2, ANY, TWEDEL)));
	assert_int_equal(NVARM_HCR_EL2_BSU_SHIFT, 10);
	/* arm/timer.h */
	assert_int_equal(NVARM_CNTHCTL_E2H0_EL1PCTEN, NVARM_CNTHCTL_EL2_E2H0_EL1PCTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H0_EL1PCEN, NVARM_CNTHCTL_EL2_E2H0_EL1PCEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL0PCTEN, NVARM_CNTHCTL_EL2_E2H1_EL0PCTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL0VCTEN, NVARM_CNTHCTL_EL2_E2H1_EL0VCTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL0VTEN, NVARM_CNTHCTL_EL2_E2H1_EL0VTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL0PTEN, NVARM_CNTHCTL_EL2_E2H1_EL0PTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL1PCTEN, NVARM_CNTHCTL_EL2_E2H1_EL1PCTEN);
	assert_int_equal(NVARM_CNTHCTL_E2H1_EL1PTEN, NVARM_CNTHCTL_EL2_E2H1_EL1PTEN);
	assert_int_equal(NVARM_CNTHCTL_EVNTEN, NVARM_CNTHCTL_EL2_E2H0_EVNTEN);
	assert_int_equal(NVARM_CNTHCTL_EVNTDIR, NVARM_CNTHCTL_EL2_E2H1_EVNTDIR);
	assert_int_equal(NVARM_CNTHCTL_EVNTI_MASK, NVARM_CNTHCTL_EL2_E2H0_EVNTI_MASK);
	assert_int_equal(NVARM_CNTHCTL_EVNTI_SHIFT, NVARM_CNTHCTL_EL2_E2H1_EVNTI_SHIFT);
	assert_int_equal(NVARM_CNTHCTL_ECV, NVARM_CNTHCTL_EL2_E2H0_ECV);
	assert_int_equal(NVARM_CNTHCTL_EL1TVT, NVARM_CNTHCTL_EL2_E2H0_EL1TVT);
	assert_int_equal(NVARM_CNTHCTL_EL1TVCT, NVARM_CNTHCTL_EL2_E2H1_EL1TVCT);
	assert_int_equal(NVARM_CNTHCTL_EL1NVPCT, NVARM_CNTHCTL_EL2_E2H0_EL1NVPCT);
	assert_int_equal(NVARM_CNTHCTL_EL1NVVCT, NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT);
	assert_int_equal(NVARM_CNTHCTL_EVNTIS, NVARM_CNTHCTL_EL2_E2H0_EVNTIS);
	assert_int_equal(NVARM_CNTHCTL_CNTVMASK, NVARM_CNTHCTL_EL2_E2H1_CNTVMASK);
	assert_int_equal(NVARM_CNTHCTL_CNTPMASK, NVARM_CNTHCTL_EL2_E2H0_CNTPMASK);
	/* arm/gicv3.h */
	assert_int_equal(NVARM_ICH_HCR_EN, NVARM_ICH_HCR_EL2_En);
	assert_int_equal(NVARM_ICH_HCR_UIE, NVARM_ICH_HCR_EL2_UIE);
	assert_int_equal(NVARM_ICH_HCR_LRENPIE, NVARM_ICH_HCR_EL2_LRENPIE);
	assert_int_equal(NVARM_ICH_HCR_NPIE, NVARM_ICH_HCR_EL2_NPIE);
	assert_int_equal(NVARM_ICH_HCR_VGRP0EIE, NVARM_ICH_HCR_EL2_VGrp0EIE);
	assert_int_equal(NVARM_ICH_HCR_VGRP0DIE, NVARM_ICH_HCR_EL2_VGrp0DIE);
	assert_int_equal(NVARM_ICH_HCR_VGRP1EIE, NVARM_ICH_HCR_EL2_VGrp1EIE);
	assert_int_equal(NVARM_ICH_HCR_VGRP1DIE, NVARM_ICH_HCR_EL2_VGrp1DIE);
	assert_int_equal(NVARM_ICH_HCR_VSGIEOICOUNT, NVARM_ICH_HCR_EL2_vSGIEOICount);
	assert_int_equal(NVARM_ICH_HCR_TC, NVARM_ICH_HCR_EL2_TC);
	assert_int_equal(NVARM_ICH_HCR_TALL0, NVARM_ICH_HCR_EL2_TALL0);
	assert_int_equal(NVARM_ICH_HCR_TALL1, NVARM_ICH_HCR_EL2_TALL1);
	assert_int_equal(NVARM_ICH_HCR_TSEI, NVARM_ICH_HCR_EL2_TSEI);
	assert_int_equal(NVARM_ICH_HCR_TDIR, NVARM_ICH_HCR_EL2_TDIR);
	assert_int_equal(NVARM_ICH_HCR_DVIM, NVARM_ICH_HCR_EL2_DVIM);
	assert_int_equal(NVARM_ICH_HCR_EOICOUNT_SHIFT, NVARM_ICH_HCR_EL2_EOIcount_SHIFT);
	assert_int_equal(NVARM_ICH_HCR_EOICOUNT_MASK, NVARM_ICH_HCR_EL2_EOIcount_MASK);
	assert_int_equal(NVARM_ICH_VTR_LISTREGS_MASK, NVARM_ICH_VTR_EL2_ListRegs_MASK);
	assert_int_equal(NVARM_ICH_VTR_DVIM, NVARM_ICH_VTR_EL2_DVIM);
	assert_int_equal(NVARM_ICH_VTR_TDS, NVARM_ICH_VTR_EL2_TDS);
	assert_int_equal(NVARM_ICH_VTR_NV4, NVARM_ICH_VTR_EL2_nV4);
	assert_int_equal(NVARM_ICH_VTR_A3V, NVARM_ICH_VTR_EL2_A3V);
	assert_int_equal(NVARM_ICH_VTR_SEIS, NVARM_ICH_VTR_EL2_SEIS);
	assert_int_equal(NVARM_ICH_VTR_IDBITS_MASK, NVARM_ICH_VTR_EL2_IDbits_MASK);
	assert_int_equal(NVARM_ICH_VTR_PREBITS_MASK, NVARM_ICH_VTR_EL2_PREbits_MASK);
	assert_int_equal(NVARM_ICH_VTR_PRIBITS_SHIFT, NVARM_ICH_VTR_EL2_PRIbits_SHIFT);
	assert_int_equal(NVARM_ICH_MISR_EOI, NVARM_ICH_MISR_EL2_EOI);
	assert_int_equal(NVARM_ICH_MISR_U, NVARM_ICH_MISR_EL2_U);
	assert_int_equal(NVARM_ICH_MISR_LRENP, NVARM_ICH_MISR_EL2_LRENP);
	assert_int_equal(NVARM_ICH_MISR_NP, NVARM_ICH_MISR_EL2_NP);
	assert_int_equal(NVARM_ICH_MISR_VGRP0E, NVARM_ICH_MISR_EL2_VGrp0E);
	assert_int_equal(NVARM_ICH_MISR_VGRP0D, NVARM_ICH_MISR_EL2_VGrp0D);
	assert_int_equal(NVARM_ICH_MISR_VGRP1E, NVARM_ICH_MISR_EL2_VGrp1E);
	assert_int_equal(NVARM_ICH_MISR_VGRP1D, NVARM_ICH_MISR_EL2_VGrp1D);
	assert_int_equal(NVARM_ICH_VMCR_VENG0, NVARM_ICH_VMCR_EL2_VENG0);
	assert_int_equal(NVARM_ICH_VMCR_VENG1, NVARM_ICH_VMCR_EL2_VENG1);
	assert_int_equal(NVARM_ICH_VMCR_VACKCTL, NVARM_ICH_VMCR_EL2_VAckCtl);
	assert_int_equal(NVARM_ICH_VMCR_VFIQEN, NVARM_ICH_VMCR_EL2_VFIQEn);
	assert_int_equal(NVARM_ICH_VMCR_VCBPR, NVARM_ICH_VMCR_EL2_VCBPR);
	assert_int_equal(NVARM_ICH_VMCR_VEOIM, NVARM_ICH_VMCR_EL2_VEOIM);
	assert_int_equal(NVARM_ICH_VMCR_VBPR1_MASK, NVARM_ICH_VMCR_EL2_VBPR1_MASK);
	assert_int_equal(NVARM_ICH_VMCR_VBPR0_MASK, NVARM_ICH_VMCR_EL2_VBPR0_MASK);
	assert_int_equal(NVARM_ICH_VMCR_VPMR_MASK, NVARM_ICH_VMCR_EL2_VPMR_MASK);
	assert_int_equal(NVARM_ICH_VMCR_VPMR_SHIFT, NVARM_ICH_VMCR_EL2_VPMR_SHIFT);
}

/* features.c reads the ID fields at the database's positions (4-bit fields). */
static void test_id_fields(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request rq = test_request(
	    TEST_ALL_FEATS | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS, NVARM_HOST_NV2);
	struct nvarm_vm_config cfg;

	(void)state;
	h.isar0 |= 2ull << NVARM_ID_AA64ISAR0_EL1_TLB_SHIFT;
	h.isar1 |= 1ull << NVARM_ID_AA64ISAR1_EL1_XS_SHIFT;
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
	assert_true(cfg.features & NVARM_VMF_TLBIRANGE);
	assert_true(cfg.features & NVARM_VMF_XS);
	/* what L1 reads: no EL3, EL2 AArch64, no NV itself, FGT/ECV/VH as the host has them */
	assert_int_equal(cfg.id.pfr0 & NVARM_ID_AA64PFR0_EL1_EL3_MASK, 0);
	assert_int_equal(
	    (cfg.id.pfr0 & NVARM_ID_AA64PFR0_EL1_EL2_MASK) >> NVARM_ID_AA64PFR0_EL1_EL2_SHIFT, 1);
	assert_int_equal(cfg.id.mmfr2 & NVARM_ID_AA64MMFR2_EL1_NV_MASK, 0);
	assert_int_equal(cfg.id.mmfr0 & NVARM_ID_AA64MMFR0_EL1_FGT_MASK,
			 h.mmfr0 & NVARM_ID_AA64MMFR0_EL1_FGT_MASK);
	assert_int_equal(cfg.id.mmfr0 & NVARM_ID_AA64MMFR0_EL1_ECV_MASK,
			 h.mmfr0 & NVARM_ID_AA64MMFR0_EL1_ECV_MASK);
	assert_int_equal(cfg.id.mmfr1 & NVARM_ID_AA64MMFR1_EL1_VH_MASK,
			 h.mmfr1 & NVARM_ID_AA64MMFR1_EL1_VH_MASK);
	assert_int_equal(cfg.id.isar0 & NVARM_ID_AA64ISAR0_EL1_TLB_MASK,
			 2ull << NVARM_ID_AA64ISAR0_EL1_TLB_SHIFT);
	/* every ID field is 4 bits wide (but ID_AA64SMFR0_EL1's: FA64 [63], the instruction
	 * bits; features.c reads FA64 as the 4 bits from 63) */
	for (size_t i = 0; i < sizeof(dbfields) / sizeof(dbfields[0]); i++)
		if (prefix(dbfields[i].reg, "ID_AA64") && strcmp(dbfields[i].name, "RES0") &&
		    strcmp(dbfields[i].reg, "ID_AA64SMFR0_EL1") &&
		    dbfields[i].hi - dbfields[i].lo != 3)
			fail_msg("%s.%s is not a 4-bit ID field", dbfields[i].reg,
				 dbfields[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_unique),
	    cmocka_unit_test(test_forward_rules),
	    cmocka_unit_test(test_vtimer_tables),
	    cmocka_unit_test(test_vtimer_cnthctl_fields),
	    cmocka_unit_test(test_vtimer_cntkctl_fields),
	    cmocka_unit_test(test_baremetal_list),
	    cmocka_unit_test(test_s2mmu_tlbi),
	    cmocka_unit_test(test_hand_macros),
	    cmocka_unit_test(test_id_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
