// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vtimer tables: one line per register, field, slot or timer. Sources: Arm ARM
 * D12 "The Generic Timer in AArch64 state", D24.2 CNTHCTL_EL2 / CNTKCTL_EL1 /
 * CNT*_CTL / CNT*_CVAL / CNT*_TVAL, D8 "Nested virtualization" (FEAT_NV2
 * VNCR_EL2 page offsets), and the register redirection rules for HCR_EL2.E2H==1
 * (accesses to CNTP_*_EL0 / CNTV_*_EL0 at EL2 reach CNTHP_* / CNTHV_*, and
 * CNTKCTL_EL1 reaches CNTHCTL_EL2).
 *
 * Nothing here holds state; everything is `static const` or `const`.
 */
#include "vtimer_tables.h"

#define ENC NVARM_SYSREG_ENC

/* clang-format off */
const struct vt_reg_desc nvarm__vt_regs[] = {
	/* Sorted by encoding (nvarm__vt_reg_lookup bisects; the tables test checks the order). */
	/* name              encoding           kind           selector        L2 trap class   flags */
	{"CNTKCTL_EL1",     ENC(3, 0, 14, 1, 0), VT_K_CNTKCTL,  VT_SEL_NONE,    0,              0},
	{"CNTPCT_EL0",      ENC(3, 3, 14, 0, 1), VT_K_CNTPCT,   VT_SEL_NONE,    VT_TRAP_PCOUNT, VT_R_RO},
	{"CNTVCT_EL0",      ENC(3, 3, 14, 0, 2), VT_K_CNTVCT,   VT_SEL_NONE,    VT_TRAP_VCOUNT, VT_R_RO},
	{"CNTPCTSS_EL0",    ENC(3, 3, 14, 0, 5), VT_K_CNTPCT,   VT_SEL_NONE,    VT_TRAP_PCOUNT, VT_R_RO | VT_R_ECV},
	{"CNTVCTSS_EL0",    ENC(3, 3, 14, 0, 6), VT_K_CNTVCT,   VT_SEL_NONE,    VT_TRAP_VCOUNT, VT_R_RO | VT_R_ECV},
	{"CNTP_TVAL_EL0",   ENC(3, 3, 14, 2, 0), VT_K_TVAL,     VT_SEL_EL0_P,   VT_TRAP_PTIMER, 0},
	{"CNTP_CTL_EL0",    ENC(3, 3, 14, 2, 1), VT_K_CTL,      VT_SEL_EL0_P,   VT_TRAP_PTIMER, 0},
	{"CNTP_CVAL_EL0",   ENC(3, 3, 14, 2, 2), VT_K_CVAL,     VT_SEL_EL0_P,   VT_TRAP_PTIMER, 0},
	{"CNTV_TVAL_EL0",   ENC(3, 3, 14, 3, 0), VT_K_TVAL,     VT_SEL_EL0_V,   VT_TRAP_VTIMER, 0},
	{"CNTV_CTL_EL0",    ENC(3, 3, 14, 3, 1), VT_K_CTL,      VT_SEL_EL0_V,   VT_TRAP_VTIMER, 0},
	{"CNTV_CVAL_EL0",   ENC(3, 3, 14, 3, 2), VT_K_CVAL,     VT_SEL_EL0_V,   VT_TRAP_VTIMER, 0},
	{"CNTVOFF_EL2",     ENC(3, 4, 14, 0, 3), VT_K_CNTVOFF,  VT_SEL_NONE,    0,              VT_R_EL2},
	{"CNTPOFF_EL2",     ENC(3, 4, 14, 0, 6), VT_K_CNTPOFF,  VT_SEL_NONE,    0,              VT_R_EL2 | VT_R_ECV},
	{"CNTHCTL_EL2",     ENC(3, 4, 14, 1, 0), VT_K_CNTHCTL,  VT_SEL_NONE,    0,              VT_R_EL2},
	{"CNTHP_TVAL_EL2",  ENC(3, 4, 14, 2, 0), VT_K_TVAL,     VT_SEL_EL2_P,   0,              VT_R_EL2},
	{"CNTHP_CTL_EL2",   ENC(3, 4, 14, 2, 1), VT_K_CTL,      VT_SEL_EL2_P,   0,              VT_R_EL2},
	{"CNTHP_CVAL_EL2",  ENC(3, 4, 14, 2, 2), VT_K_CVAL,     VT_SEL_EL2_P,   0,              VT_R_EL2},
	{"CNTHV_TVAL_EL2",  ENC(3, 4, 14, 3, 0), VT_K_TVAL,     VT_SEL_EL2_V,   0,              VT_R_EL2},
	{"CNTHV_CTL_EL2",   ENC(3, 4, 14, 3, 1), VT_K_CTL,      VT_SEL_EL2_V,   0,              VT_R_EL2},
	{"CNTHV_CVAL_EL2",  ENC(3, 4, 14, 3, 2), VT_K_CVAL,     VT_SEL_EL2_V,   0,              VT_R_EL2},
	{"CNTKCTL_EL12",    ENC(3, 5, 14, 1, 0), VT_K_CNTKCTL12, VT_SEL_NONE,   0,              VT_R_EL2 | VT_R_E2H},
	{"CNTP_TVAL_EL02",  ENC(3, 5, 14, 2, 0), VT_K_TVAL,     VT_SEL_EL02_P,  0,              VT_R_EL2 | VT_R_E2H},
	{"CNTP_CTL_EL02",   ENC(3, 5, 14, 2, 1), VT_K_CTL,      VT_SEL_EL02_P,  0,              VT_R_EL2 | VT_R_E2H},
	{"CNTP_CVAL_EL02",  ENC(3, 5, 14, 2, 2), VT_K_CVAL,     VT_SEL_EL02_P,  0,              VT_R_EL2 | VT_R_E2H},
	{"CNTV_TVAL_EL02",  ENC(3, 5, 14, 3, 0), VT_K_TVAL,     VT_SEL_EL02_V,  0,              VT_R_EL2 | VT_R_E2H},
	{"CNTV_CTL_EL02",   ENC(3, 5, 14, 3, 1), VT_K_CTL,      VT_SEL_EL02_V,  0,              VT_R_EL2 | VT_R_E2H},
	{"CNTV_CVAL_EL02",  ENC(3, 5, 14, 3, 2), VT_K_CVAL,     VT_SEL_EL02_V,  0,              VT_R_EL2 | VT_R_E2H},
};
const size_t nvarm__vt_nregs = NVARM_ARRAY_SIZE(nvarm__vt_regs);

/*
 * CNTHCTL_EL2. The E2H=0 layout puts EL1PCTEN/EL1PCEN at bits [1:0]; the E2H=1
 * layout puts the CNTKCTL_EL1-compatible EL0 controls at [9:0] and EL1PCTEN /
 * EL1PTEN at [11:10]. trap: which EL0/EL1 access a field controls when L2 runs
 * (EL0 controls of the E2H=1 layout apply to L1's own EL0 with TGE=1: none).
 */
const struct vt_cnthctl_field nvarm__vt_cnthctl_fields[] = {
	/* name        lsb wid layouts                feature    trap class      trap_val kshared */
	{"EL1PCTEN",    0, 1, VT_L_E2H0,             VT_F_NONE, VT_TRAP_PCOUNT, 0, 0},
	{"EL1PCEN",     1, 1, VT_L_E2H0,             VT_F_NONE, VT_TRAP_PTIMER, 0, 0},
	{"EL0PCTEN",    0, 1, VT_L_E2H1,             VT_F_NONE, 0,              0, 1},
	{"EL0VCTEN",    1, 1, VT_L_E2H1,             VT_F_NONE, 0,              0, 1},
	{"EVNTEN",      2, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_NONE, 0,              0, 1},
	{"EVNTDIR",     3, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_NONE, 0,              0, 1},
	{"EVNTI",       4, 4, VT_L_E2H0 | VT_L_E2H1, VT_F_NONE, 0,              0, 1},
	{"EL0VTEN",     8, 1, VT_L_E2H1,             VT_F_NONE, 0,              0, 1},
	{"EL0PTEN",     9, 1, VT_L_E2H1,             VT_F_NONE, 0,              0, 1},
	{"EL1PCTEN",   10, 1, VT_L_E2H1,             VT_F_NONE, VT_TRAP_PCOUNT, 0, 0},
	{"EL1PTEN",    11, 1, VT_L_E2H1,             VT_F_NONE, VT_TRAP_PTIMER, 0, 0},
	{"ECV",        12, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  0,              0, 0},
	{"EL1TVT",     13, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  VT_TRAP_VTIMER, 1, 0},
	{"EL1TVCT",    14, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  VT_TRAP_VCOUNT, 1, 0},
	{"EL1NVPCT",   15, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  0,              0, 0},
	{"EL1NVVCT",   16, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  0,              0, 0},
	{"EVNTIS",     17, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_ECV,  0,              0, 1},
	{"CNTVMASK",   18, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_RME,  0,              0, 0},
	{"CNTPMASK",   19, 1, VT_L_E2H0 | VT_L_E2H1, VT_F_RME,  0,              0, 0},
};
const size_t nvarm__vt_ncnthctl_fields = NVARM_ARRAY_SIZE(nvarm__vt_cnthctl_fields);

const struct vt_cntkctl_field nvarm__vt_cntkctl_fields[] = {
	{"EL0PCTEN",  0, 1, VT_F_NONE},
	{"EL0VCTEN",  1, 1, VT_F_NONE},
	{"EVNTEN",    2, 1, VT_F_NONE},
	{"EVNTDIR",   3, 1, VT_F_NONE},
	{"EVNTI",     4, 4, VT_F_NONE},
	{"EL0VTEN",   8, 1, VT_F_NONE},
	{"EL0PTEN",   9, 1, VT_F_NONE},
	{"EVNTIS",   17, 1, VT_F_ECV},
};
const size_t nvarm__vt_ncntkctl_fields = NVARM_ARRAY_SIZE(nvarm__vt_cntkctl_fields);

/* clang-format on */

const struct vt_reg_desc *nvarm__vt_reg_lookup(uint32_t enc)
{
	size_t lo = 0, hi = nvarm__vt_nregs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nvarm__vt_regs[mid].enc == enc)
			return &nvarm__vt_regs[mid];
		if (nvarm__vt_regs[mid].enc < enc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint64_t nvarm__vt_field_mask(uint8_t lsb, uint8_t width)
{
	if (width == 0 || lsb >= 64 || width > 64 - lsb)
		return 0;
	return NVARM_GENMASK(lsb + width - 1, lsb);
}

static bool feat_ok(uint8_t feat, unsigned feats)
{
	return feat == VT_F_NONE || ((feats >> feat) & 1u);
}

uint64_t nvarm__vt_cnthctl_writable(unsigned layout, unsigned feats)
{
	uint64_t m = 0;

	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *f = &nvarm__vt_cnthctl_fields[i];
		if ((f->layouts & layout) && feat_ok(f->feat, feats))
			m |= nvarm__vt_field_mask(f->lsb, f->width);
	}
	return m;
}

uint64_t nvarm__vt_cnthctl_kshared(unsigned feats)
{
	uint64_t m = 0;

	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *f = &nvarm__vt_cnthctl_fields[i];
		if ((f->layouts & VT_L_E2H1) && f->kshared && feat_ok(f->feat, feats))
			m |= nvarm__vt_field_mask(f->lsb, f->width);
	}
	return m;
}

uint64_t nvarm__vt_cntkctl_writable(unsigned feats)
{
	uint64_t m = 0;

	for (size_t i = 0; i < nvarm__vt_ncntkctl_fields; i++)
		if (feat_ok(nvarm__vt_cntkctl_fields[i].feat, feats))
			m |= nvarm__vt_field_mask(nvarm__vt_cntkctl_fields[i].lsb,
						  nvarm__vt_cntkctl_fields[i].width);
	return m;
}

unsigned nvarm__vt_cnthctl_traps(uint64_t val, unsigned layout, unsigned feats)
{
	unsigned traps = 0;

	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *f = &nvarm__vt_cnthctl_fields[i];
		if (!f->trap || !(f->layouts & layout) || !feat_ok(f->feat, feats))
			continue;
		if (NVARM_FIELD_GET(val, f->lsb + f->width - 1, f->lsb) == f->trap_val)
			traps |= f->trap;
	}
	return traps;
}

uint64_t nvarm__vt_cnthctl_apply_traps(uint64_t val, unsigned traps, unsigned layout,
				       unsigned feats)
{
	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *f = &nvarm__vt_cnthctl_fields[i];
		uint64_t m = nvarm__vt_field_mask(f->lsb, f->width);
		if (!(f->trap & traps) || !(f->layouts & layout) || !feat_ok(f->feat, feats))
			continue;
		val = (val & ~m) | (((uint64_t)f->trap_val << f->lsb) & m);
	}
	return val;
}
