// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * L1's virtual ICH_*_EL2 registers.
 *
 * Owns: the declarative field table (one line per architectural field of ICH_LR<n>,
 * ICH_HCR, ICH_VMCR, ICH_AP{0,1}R<n>, ICH_VTR and ICH_MISR; IHI 0069 12.4/12.5), the
 * masks derived from it at init, the trapped-access table (one line per register), and
 * the computed registers ICH_VTR/MISR/EISR/ELRSR.
 *
 * Invariants: the masks in struct nvarm_vgic_cpu are derived only from the table and the
 * hardware ICH_VTR_EL2; every value read from struct nvarm_vgic_vstate is masked before it
 * is used (under NV2 L1 writes that memory directly, without masking).
 *
 * Locking: none (per-vCPU state, see vgic.h).
 */
#include "vgic_internal.h"

NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, lr) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_LR(0),
		    "ICH_LR0_EL2 VNCR offset");
NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, lr[15]) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_LR(15),
		    "ICH_LR15_EL2 VNCR offset");
NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, ap0r) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_AP0R(0),
		    "ICH_AP0R0_EL2 VNCR offset");
NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, ap1r) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_AP1R(0),
		    "ICH_AP1R0_EL2 VNCR offset");
NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, hcr) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_HCR,
		    "ICH_HCR_EL2 VNCR offset");
NVARM_STATIC_ASSERT(__builtin_offsetof(struct nvarm_vgic_vstate, vmcr) + NVARM_VGIC_VNCR_OFFSET ==
			NVARM_VNCR_ICH_VMCR,
		    "ICH_VMCR_EL2 VNCR offset");
NVARM_STATIC_ASSERT(sizeof(struct nvarm_vgic_vstate) == 0xd0, "vstate covers 0x400-0x4cf");
NVARM_STATIC_ASSERT(VGIC_ENC_LR(15) == NVARM_ENC_ICH_LR(15) &&
			VGIC_ENC_LR(8) == NVARM_ENC_ICH_LR(8),
		    "ICH_LR<n>_EL2 encodings are consecutive");

/* clang-format off */
const struct vgic_field nvarm__vgic_fields[] = {
	/* ICH_LR<n>_EL2 */
	{ VGIC_REG_LR,   31,  0, VGIC_F_IDBITS,     "vINTID" },
	{ VGIC_REG_LR,   44, 32, VGIC_F_HW1,        "pINTID" },
	{ VGIC_REG_LR,   41, 41, VGIC_F_HW0,        "EOI" },       /* shares bits with pINTID */
	{ VGIC_REG_LR,   55, 48, VGIC_F_PRIO,       "Priority" },
	{ VGIC_REG_LR,   59, 59, VGIC_F_NOTOFFERED, "NMI" },       /* FEAT_GICv3_NMI */
	{ VGIC_REG_LR,   60, 60, VGIC_F_PLAIN,      "Group" },
	{ VGIC_REG_LR,   61, 61, VGIC_F_PLAIN,      "HW" },
	{ VGIC_REG_LR,   63, 62, VGIC_F_PLAIN,      "State" },
	/* ICH_HCR_EL2 */
	{ VGIC_REG_HCR,   0,  0, VGIC_F_PLAIN,      "En" },
	{ VGIC_REG_HCR,   1,  1, VGIC_F_PLAIN,      "UIE" },
	{ VGIC_REG_HCR,   2,  2, VGIC_F_PLAIN,      "LRENPIE" },
	{ VGIC_REG_HCR,   3,  3, VGIC_F_PLAIN,      "NPIE" },
	{ VGIC_REG_HCR,   4,  4, VGIC_F_PLAIN,      "VGrp0EIE" },
	{ VGIC_REG_HCR,   5,  5, VGIC_F_PLAIN,      "VGrp0DIE" },
	{ VGIC_REG_HCR,   6,  6, VGIC_F_PLAIN,      "VGrp1EIE" },
	{ VGIC_REG_HCR,   7,  7, VGIC_F_PLAIN,      "VGrp1DIE" },
	{ VGIC_REG_HCR,   8,  8, VGIC_F_NOTOFFERED, "vSGIEOICount" }, /* GICv4.1, nV4 = 1 */
	{ VGIC_REG_HCR,  10, 10, VGIC_F_PLAIN,      "TC" },
	{ VGIC_REG_HCR,  11, 11, VGIC_F_PLAIN,      "TALL0" },
	{ VGIC_REG_HCR,  12, 12, VGIC_F_PLAIN,      "TALL1" },
	{ VGIC_REG_HCR,  13, 13, VGIC_F_SEIS,       "TSEI" },
	{ VGIC_REG_HCR,  14, 14, VGIC_F_TDS,        "TDIR" },
	{ VGIC_REG_HCR,  15, 15, VGIC_F_NOTOFFERED, "DVIM" },         /* VTR.DVIM = 0 */
	{ VGIC_REG_HCR,  31, 27, VGIC_F_PLAIN,      "EOIcount" },
	/* ICH_VMCR_EL2 */
	{ VGIC_REG_VMCR,  0,  0, VGIC_F_PLAIN,      "VENG0" },
	{ VGIC_REG_VMCR,  1,  1, VGIC_F_PLAIN,      "VENG1" },
	{ VGIC_REG_VMCR,  2,  2, VGIC_F_NOTOFFERED, "VAckCtl" },      /* legacy only */
	{ VGIC_REG_VMCR,  3,  3, VGIC_F_RES1,       "VFIQEn" },       /* legacy only */
	{ VGIC_REG_VMCR,  4,  4, VGIC_F_PLAIN,      "VCBPR" },
	{ VGIC_REG_VMCR,  9,  9, VGIC_F_PLAIN,      "VEOIM" },
	{ VGIC_REG_VMCR, 20, 18, VGIC_F_PLAIN,      "VBPR1" },
	{ VGIC_REG_VMCR, 23, 21, VGIC_F_PLAIN,      "VBPR0" },
	{ VGIC_REG_VMCR, 31, 24, VGIC_F_PRIO,       "VPMR" },
	/* ICH_AP0R<n>_EL2 / ICH_AP1R<n>_EL2 */
	{ VGIC_REG_APR,  31,  0, VGIC_F_PLAIN,      "P" },
	{ VGIC_REG_APR,  63, 63, VGIC_F_NOTOFFERED, "NMI" },          /* AP1R0, FEAT_GICv3_NMI */
	/* ICH_VTR_EL2 (read-only: documents the layout nvarm builds) */
	{ VGIC_REG_VTR,   4,  0, VGIC_F_PLAIN,      "ListRegs" },
	{ VGIC_REG_VTR,  18, 18, VGIC_F_NOTOFFERED, "DVIM" },
	{ VGIC_REG_VTR,  19, 19, VGIC_F_PLAIN,      "TDS" },
	{ VGIC_REG_VTR,  20, 20, VGIC_F_PLAIN,      "nV4" },
	{ VGIC_REG_VTR,  21, 21, VGIC_F_PLAIN,      "A3V" },
	{ VGIC_REG_VTR,  22, 22, VGIC_F_PLAIN,      "SEIS" },
	{ VGIC_REG_VTR,  25, 23, VGIC_F_PLAIN,      "IDbits" },
	{ VGIC_REG_VTR,  28, 26, VGIC_F_PLAIN,      "PREbits" },
	{ VGIC_REG_VTR,  31, 29, VGIC_F_PLAIN,      "PRIbits" },
	/* ICH_MISR_EL2 (read-only, computed) */
	{ VGIC_REG_MISR,  0,  0, VGIC_F_PLAIN,      "EOI" },
	{ VGIC_REG_MISR,  1,  1, VGIC_F_PLAIN,      "U" },
	{ VGIC_REG_MISR,  2,  2, VGIC_F_PLAIN,      "LRENP" },
	{ VGIC_REG_MISR,  3,  3, VGIC_F_PLAIN,      "NP" },
	{ VGIC_REG_MISR,  4,  4, VGIC_F_PLAIN,      "VGrp0E" },
	{ VGIC_REG_MISR,  5,  5, VGIC_F_PLAIN,      "VGrp0D" },
	{ VGIC_REG_MISR,  6,  6, VGIC_F_PLAIN,      "VGrp1E" },
	{ VGIC_REG_MISR,  7,  7, VGIC_F_PLAIN,      "VGrp1D" },
};
const unsigned nvarm__vgic_nfields = NVARM_ARRAY_SIZE(nvarm__vgic_fields);

/* Physical INTIDs an HW = 1 list register may name: PPI/SPI, extended PPI, extended SPI. */
const struct vgic_intid_range nvarm__vgic_phys_ranges[] = {
	{ NVARM_GIC_INTID_SGI_END,   NVARM_GIC_INTID_SPI_END },
	{ NVARM_GIC_INTID_EPPI_BASE, NVARM_GIC_INTID_EPPI_END },
	{ NVARM_GIC_INTID_ESPI_BASE, NVARM_GIC_INTID_ESPI_END },
};
const unsigned nvarm__vgic_nphys_ranges = NVARM_ARRAY_SIZE(nvarm__vgic_phys_ranges);
/* clang-format on */

bool nvarm__vgic_intid_is_phys(uint32_t intid)
{
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(nvarm__vgic_phys_ranges); i++)
		if (intid >= nvarm__vgic_phys_ranges[i].lo &&
		    intid < nvarm__vgic_phys_ranges[i].end)
			return true;
	return false;
}

/* The bits of one field that L1 can set, given what the hardware implements. */
static uint64_t field_bits(const struct vgic_field *f, uint64_t hw_vtr, unsigned pri_bits)
{
	uint64_t bits = NVARM_GENMASK(f->hi, f->lo);

	switch (f->kind) {
	case VGIC_F_IDBITS:
		/* IDbits 0 = 16 bits, 1 = 24 bits (other values reserved: treat as 16). */
		return bits & (NVARM_FIELD_GET(hw_vtr, 25, 23) == 1 ? 0xffffffu : 0xffffu);
	case VGIC_F_PRIO:
		/* Unimplemented low-order priority bits are RAZ/WI (IHI 0069 4.8). */
		return bits & ((uint64_t)((0xffu << (8 - pri_bits)) & 0xffu) << f->lo);
	case VGIC_F_SEIS:
		return (hw_vtr & NVARM_ICH_VTR_SEIS) ? bits : 0;
	case VGIC_F_TDS:
		return (hw_vtr & NVARM_ICH_VTR_TDS) ? bits : 0;
	case VGIC_F_RES1:
	case VGIC_F_NOTOFFERED:
		return 0;
	default:
		return bits;
	}
}

int nvarm_vgic_cpu_init(struct nvarm_vgic_cpu *cpu, const struct nvarm_platform_ops *ops,
			const struct nvarm_vgic_config *cfg)
{
	uint64_t hw_vtr;
	unsigned hw_nr, nr, pri, pre;

	if (!cpu || !ops || !cfg || !ops->hw_read || !ops->hw_write)
		return NVARM_ERR_INVAL;
	if (cfg->queue_len && !cfg->queue)
		return NVARM_ERR_INVAL;
	/* The maintenance interrupt is a PPI of L1 (IHI 0069: 25 recommended). */
	if (cfg->maint_intid && (cfg->maint_intid < 16 || cfg->maint_intid >= 32))
		return NVARM_ERR_INVAL;
	hw_vtr = ops->hw_read(ops->ctx, NVARM_ENC_ICH_VTR);
	hw_nr = (unsigned)(hw_vtr & NVARM_ICH_VTR_LISTREGS_MASK) + 1;
	pri = (unsigned)NVARM_FIELD_GET(hw_vtr, 31, 29) + 1;
	pre = (unsigned)NVARM_FIELD_GET(hw_vtr, 28, 26) + 1;
	nr = cfg->nr_lr ? cfg->nr_lr : hw_nr;
	/* GICv3 requires 5..8 priority bits and PREbits <= PRIbits (ICH_VTR_EL2). */
	if (nr > hw_nr || pri < 5 || pre < 5 || pre > pri)
		return NVARM_ERR_INVAL;

	nvarm_memset(cpu, 0, sizeof(*cpu));
	cpu->ops = ops;
	cpu->queue = cfg->queue;
	cpu->queue_len = cfg->queue_len;
	cpu->maint_intid = cfg->maint_intid;
	cpu->maint_priority = cfg->maint_priority;
	cpu->icv_read = cfg->icv_read;
	cpu->l2_hcr_set =
	    cfg->l2_hcr_set & (NVARM_ICH_HCR_TC | NVARM_ICH_HCR_TALL0 | NVARM_ICH_HCR_TALL1 |
			       NVARM_ICH_HCR_TSEI | NVARM_ICH_HCR_TDIR);
	cpu->hw_nr_lr = (uint8_t)hw_nr;
	cpu->nr_lr = (uint8_t)nr;
	cpu->pri_bits = (uint8_t)pri;
	cpu->pre_bits = (uint8_t)pre;
	cpu->nr_apr = (uint8_t)(1u << (pre - 5));

	for (unsigned i = 0; i < nvarm__vgic_nfields; i++) {
		const struct vgic_field *f = &nvarm__vgic_fields[i];
		uint64_t b = field_bits(f, hw_vtr, pri);

		switch (f->reg) {
		case VGIC_REG_LR:
			if (f->kind != VGIC_F_HW0)
				cpu->lr_mask_hw1 |= b;
			if (f->kind != VGIC_F_HW1)
				cpu->lr_mask_hw0 |= b;
			break;
		case VGIC_REG_HCR:
			cpu->hcr_mask |= b;
			break;
		case VGIC_REG_VMCR:
			cpu->vmcr_mask |= b;
			if (f->kind == VGIC_F_RES1)
				cpu->vmcr_res1 |= NVARM_GENMASK(f->hi, f->lo);
			break;
		case VGIC_REG_APR:
			cpu->apr_mask |= b;
			break;
		default:
			break;
		}
	}
	cpu->vtr = (hw_vtr & (NVARM_ICH_VTR_PRIBITS_MASK | NVARM_ICH_VTR_PREBITS_MASK |
			      NVARM_ICH_VTR_IDBITS_MASK | NVARM_ICH_VTR_SEIS | NVARM_ICH_VTR_A3V |
			      NVARM_ICH_VTR_TDS)) |
		   NVARM_ICH_VTR_NV4 | (nr - 1);
	cpu->l1_hcr = NVARM_ICH_HCR_EN;
	cpu->hw_used = (uint16_t)((1u << hw_nr) - 1); /* unknown contents: clear on first load */
	cpu->l1_dirty = true;
	cpu->where = VGIC_HW_L1_LIVE;
	cpu->l1_icv.vmcr = vgic_sanitize_vmcr(cpu, 0);
	cpu->l2_vmcr = cpu->l1_icv.vmcr;
	return NVARM_OK;
}

static uint64_t vgic_sanitize_hcr(const struct nvarm_vgic_cpu *cpu, uint64_t v)
{
	return v & cpu->hcr_mask;
}

uint64_t nvarm_vgic_lr_sanitize(const struct nvarm_vgic_cpu *cpu, uint64_t lr)
{
	return vgic_lr_mask(cpu, lr);
}

void nvarm_vgic_vstate_sanitize(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v)
{
	for (unsigned i = 0; i < NVARM_VGIC_MAX_LR; i++)
		v->lr[i] = i < cpu->nr_lr ? vgic_lr_mask(cpu, v->lr[i]) : 0;
	for (unsigned i = 0; i < NVARM_VGIC_MAX_APR; i++) {
		v->ap0r[i] = i < cpu->nr_apr ? v->ap0r[i] & cpu->apr_mask : 0;
		v->ap1r[i] = i < cpu->nr_apr ? v->ap1r[i] & cpu->apr_mask : 0;
	}
	v->hcr = vgic_sanitize_hcr(cpu, v->hcr);
	v->vmcr = vgic_sanitize_vmcr(cpu, v->vmcr);
}

void nvarm_vgic_vstate_reset(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v)
{
	nvarm_memset(v, 0, sizeof(*v));
	v->vmcr = vgic_sanitize_vmcr(cpu, 0);
}

/*
 * The status registers only look at State, HW and EOI, which are implemented in every
 * configuration (EOI is bit 41 only when HW == 0, and HW is tested first), so raw NV2
 * values need no masking here.
 */
#define LR_EISR_BITS (NVARM_ICH_LR_STATE_MASK | NVARM_ICH_LR_HW | NVARM_ICH_LR_EOI)

uint32_t nvarm_vgic_eisr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	uint32_t r = 0;

	/* ICH_EISR_EL2.Status<n>: State == 0b00 && HW == 0 && EOI == 1. */
	for (unsigned i = 0; i < cpu->nr_lr; i++)
		r |= (uint32_t)((v->lr[i] & LR_EISR_BITS) == NVARM_ICH_LR_EOI) << i;
	return r;
}

uint32_t nvarm_vgic_elrsr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	uint32_t r = 0;

	/* ICH_ELRSR_EL2.Status<n>: State == 0b00 && (HW == 1 || EOI == 0). */
	for (unsigned i = 0; i < cpu->nr_lr; i++) {
		uint64_t lr = v->lr[i];

		r |= (uint32_t)(!(lr & NVARM_ICH_LR_STATE_MASK) &&
				(lr & LR_EISR_BITS) != NVARM_ICH_LR_EOI)
		     << i;
	}
	return r;
}

static uint32_t vgic_misr_bits(const struct nvarm_vgic_cpu *cpu, uint64_t hcr, uint64_t vmcr,
			       unsigned valid, bool pending, bool eoi)
{
	uint32_t r = eoi ? NVARM_ICH_MISR_EOI : 0;

	hcr &= cpu->hcr_mask;
	if (!(hcr & 0xfe)) /* no maintenance enable besides En: only EOI can be set */
		return r;
	/* U: zero or one LR holds a valid interrupt. */
	if ((hcr & NVARM_ICH_HCR_UIE) && valid <= 1)
		r |= NVARM_ICH_MISR_U;
	if ((hcr & NVARM_ICH_HCR_LRENPIE) && (hcr & NVARM_ICH_HCR_EOICOUNT_MASK))
		r |= NVARM_ICH_MISR_LRENP;
	/* NP: no LR in the pending state (State == 0b01; pending+active does not count). */
	if ((hcr & NVARM_ICH_HCR_NPIE) && !pending)
		r |= NVARM_ICH_MISR_NP;
	/* VGrp{0,1}{E,D}: HCR bits 4-7 against VENG0 (bit 0) and VENG1 (bit 1). */
	if ((hcr & NVARM_ICH_HCR_VGRP0EIE) && (vmcr & NVARM_ICH_VMCR_VENG0))
		r |= NVARM_ICH_MISR_VGRP0E;
	if ((hcr & NVARM_ICH_HCR_VGRP0DIE) && !(vmcr & NVARM_ICH_VMCR_VENG0))
		r |= NVARM_ICH_MISR_VGRP0D;
	if ((hcr & NVARM_ICH_HCR_VGRP1EIE) && (vmcr & NVARM_ICH_VMCR_VENG1))
		r |= NVARM_ICH_MISR_VGRP1E;
	if ((hcr & NVARM_ICH_HCR_VGRP1DIE) && !(vmcr & NVARM_ICH_VMCR_VENG1))
		r |= NVARM_ICH_MISR_VGRP1D;
	return r;
}

uint32_t nvarm_vgic_misr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	unsigned valid = 0;
	bool pending = false, eoi = false;

	for (unsigned i = 0; i < cpu->nr_lr; i++) {
		uint64_t lr = v->lr[i], st = lr & NVARM_ICH_LR_STATE_MASK;

		valid += st != 0;
		pending |= st == NVARM_ICH_LR_PENDING;
		eoi |= (lr & LR_EISR_BITS) == NVARM_ICH_LR_EOI;
	}
	return vgic_misr_bits(cpu, v->hcr, v->vmcr, valid, pending, eoi);
}

bool nvarm_vgic_maint_pending(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	if (!(v->hcr & NVARM_ICH_HCR_EN))
		return false;
	/* Without UIE/LRENPIE/NPIE/VGrp* enables only MISR.EOI (= EISR != 0) can assert. */
	if (!(v->hcr & cpu->hcr_mask & 0xfe))
		return nvarm_vgic_eisr(cpu, v) != 0;
	return nvarm_vgic_misr(cpu, v) != 0;
}

/* ------------------------------------------------------------ trapped accesses */

enum vgic_limit { VGIC_LIM_ONE = 0, VGIC_LIM_LR, VGIC_LIM_APR };

struct vgic_access {
	uint32_t enc;  /* first instance; instance n is enc + (n << 5) */
	uint8_t count; /* architectural instances */
	uint8_t limit; /* enum vgic_limit: instances actually offered to L1 */
	uint64_t (*read)(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v,
			 unsigned n);
	void (*write)(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v, unsigned n,
		      uint64_t val); /* NULL: read-only */
};

static uint64_t rd_lr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v, unsigned n)
{
	return vgic_lr_mask(c, v->lr[n]);
}
static void wr_lr(const struct nvarm_vgic_cpu *c, struct nvarm_vgic_vstate *v, unsigned n,
		  uint64_t val)
{
	v->lr[n] = vgic_lr_mask(c, val);
}
static uint64_t rd_ap0r(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			unsigned n)
{
	return v->ap0r[n] & c->apr_mask;
}
static void wr_ap0r(const struct nvarm_vgic_cpu *c, struct nvarm_vgic_vstate *v, unsigned n,
		    uint64_t val)
{
	v->ap0r[n] = val & c->apr_mask;
}
static uint64_t rd_ap1r(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			unsigned n)
{
	return v->ap1r[n] & c->apr_mask;
}
static void wr_ap1r(const struct nvarm_vgic_cpu *c, struct nvarm_vgic_vstate *v, unsigned n,
		    uint64_t val)
{
	v->ap1r[n] = val & c->apr_mask;
}
static uint64_t rd_hcr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
		       unsigned n)
{
	(void)n;
	return vgic_sanitize_hcr(c, v->hcr);
}
static void wr_hcr(const struct nvarm_vgic_cpu *c, struct nvarm_vgic_vstate *v, unsigned n,
		   uint64_t val)
{
	(void)n;
	v->hcr = vgic_sanitize_hcr(c, val);
}
static uint64_t rd_vmcr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			unsigned n)
{
	(void)n;
	return vgic_sanitize_vmcr(c, v->vmcr);
}
static void wr_vmcr(const struct nvarm_vgic_cpu *c, struct nvarm_vgic_vstate *v, unsigned n,
		    uint64_t val)
{
	(void)n;
	v->vmcr = vgic_sanitize_vmcr(c, val);
}
static uint64_t rd_vtr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
		       unsigned n)
{
	(void)v;
	(void)n;
	return c->vtr;
}
static uint64_t rd_misr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			unsigned n)
{
	(void)n;
	return nvarm_vgic_misr(c, v);
}
static uint64_t rd_eisr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			unsigned n)
{
	(void)n;
	return nvarm_vgic_eisr(c, v);
}
static uint64_t rd_elrsr(const struct nvarm_vgic_cpu *c, const struct nvarm_vgic_vstate *v,
			 unsigned n)
{
	(void)n;
	return nvarm_vgic_elrsr(c, v);
}

/* clang-format off */
static const struct vgic_access vgic_access[] = {
	{ NVARM_ENC_ICH_LR(0),   16, VGIC_LIM_LR,  rd_lr,    wr_lr },
	{ NVARM_ENC_ICH_AP0R(0),  4, VGIC_LIM_APR, rd_ap0r,  wr_ap0r },
	{ NVARM_ENC_ICH_AP1R(0),  4, VGIC_LIM_APR, rd_ap1r,  wr_ap1r },
	{ NVARM_ENC_ICH_HCR,      1, VGIC_LIM_ONE, rd_hcr,   wr_hcr },
	{ NVARM_ENC_ICH_VTR,      1, VGIC_LIM_ONE, rd_vtr,   NULL },
	{ NVARM_ENC_ICH_MISR,     1, VGIC_LIM_ONE, rd_misr,  NULL },
	{ NVARM_ENC_ICH_EISR,     1, VGIC_LIM_ONE, rd_eisr,  NULL },
	{ NVARM_ENC_ICH_ELRSR,    1, VGIC_LIM_ONE, rd_elrsr, NULL },
	{ NVARM_ENC_ICH_VMCR,     1, VGIC_LIM_ONE, rd_vmcr,  wr_vmcr },
};
/* clang-format on */

/* Find the access line and instance for @enc; -NOENT / -BAD_ENCODING as documented. */
static int vgic_lookup(const struct nvarm_vgic_cpu *cpu, uint32_t enc,
		       const struct vgic_access **out, unsigned *n)
{
	if (enc & ~(uint32_t)NVARM_SYSREG_ENC_MASK)
		return NVARM_ERR_NOENT;
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(vgic_access); i++) {
		const struct vgic_access *a = &vgic_access[i];
		uint32_t idx;
		unsigned lim;

		if (enc < a->enc)
			continue;
		idx = (enc - a->enc) >> 5;
		if (idx >= a->count)
			continue;
		lim = a->limit == VGIC_LIM_LR	 ? cpu->nr_lr
		      : a->limit == VGIC_LIM_APR ? cpu->nr_apr
						 : 1;
		/* An unimplemented LR/APR instance is UNDEFINED (IHI 0069 ICH_LR<n>_EL2). */
		if (idx >= lim)
			return NVARM_ERR_BAD_ENCODING;
		*out = a;
		*n = idx;
		return NVARM_OK;
	}
	return NVARM_ERR_NOENT;
}

int nvarm_vgic_vreg_read(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v,
			 uint32_t enc, uint64_t *val)
{
	const struct vgic_access *a;
	unsigned n;
	int rc = vgic_lookup(cpu, enc, &a, &n);

	if (rc)
		return rc;
	*val = a->read(cpu, v, n);
	return NVARM_OK;
}

int nvarm_vgic_vreg_write(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
			  uint32_t enc, uint64_t val)
{
	const struct vgic_access *a;
	unsigned n;
	int rc = vgic_lookup(cpu, enc, &a, &n);

	if (rc)
		return rc;
	if (!a->write)
		return NVARM_ERR_BAD_ENCODING;
	a->write(cpu, v, n, val);
	return NVARM_OK;
}
