/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * vGIC internals shared by vgic_regs.c (register model), vgic_nested.c (L2 world switch)
 * and vgic_l1.c (L0's list registers for L1). Also read by the tests (table checks).
 */
#ifndef NVARM_SRC_VGIC_INTERNAL_H
#define NVARM_SRC_VGIC_INTERNAL_H

#include <nvarm/vgic.h>

/* Registers described by the field table. */
enum vgic_reg {
	VGIC_REG_LR = 0,
	VGIC_REG_HCR,
	VGIC_REG_VMCR,
	VGIC_REG_APR,
	VGIC_REG_VTR,
	VGIC_REG_MISR,
	VGIC_REG__N
};

/* When a field is implemented (and so writable by L1). */
enum vgic_field_kind {
	VGIC_F_PLAIN = 0, /* always */
	VGIC_F_IDBITS,	  /* vINTID: 16 or 24 bits per ICH_VTR_EL2.IDbits */
	VGIC_F_PRIO,	  /* 8-bit priority: only the top PRIbits bits */
	VGIC_F_HW1,	  /* only in an LR with HW == 1 */
	VGIC_F_HW0,	  /* only in an LR with HW == 0 */
	VGIC_F_SEIS,	  /* only when ICH_VTR_EL2.SEIS == 1 */
	VGIC_F_TDS,	  /* only when ICH_VTR_EL2.TDS == 1 */
	VGIC_F_RES1,	  /* defined but fixed at 1 with system-register access */
	VGIC_F_NOTOFFERED /* defined by the architecture, not offered to L1: reads 0 */
};

/* One architectural field: one line of the table. */
struct vgic_field {
	uint8_t reg;  /* enum vgic_reg */
	uint8_t hi;   /* highest bit */
	uint8_t lo;   /* lowest bit */
	uint8_t kind; /* enum vgic_field_kind */
	const char *name;
};

extern const struct vgic_field nvarm__vgic_fields[];
extern const unsigned nvarm__vgic_nfields;

/* Physical INTID ranges a list register with HW == 1 may name (IHI 0069 2.2). */
struct vgic_intid_range {
	uint32_t lo, end; /* [lo, end) */
};
extern const struct vgic_intid_range nvarm__vgic_phys_ranges[];
extern const unsigned nvarm__vgic_nphys_ranges;
bool nvarm__vgic_intid_is_phys(uint32_t intid);

/* Where the hardware list registers' contents belong (nvarm_vgic_cpu::where). */
enum vgic_where {
	VGIC_HW_L1_CLEAN = 0, /* L1's set, identical to the image (read back since L1 ran) */
	VGIC_HW_L1_LIVE,      /* L1's set, L1 may have changed it since */
	VGIC_HW_L2,	      /* L2's set (between nested entry and exit) */
	VGIC_HW_PARKED	      /* after exit: L2's leftovers with ICH_HCR_EL2 = 0; the image
				 and l1_icv hold L1's state until the next flush */
};

/* ICH_LR<n>_EL2 encodings are consecutive op2/CRm steps (see arm/gicv3.h). */
#define VGIC_ENC_LR(n) (NVARM_ENC_ICH_LR(0) + ((uint32_t)(n) << 5))

static inline uint64_t vgic_lr_mask(const struct nvarm_vgic_cpu *cpu, uint64_t lr)
{
	return lr & ((lr & NVARM_ICH_LR_HW) ? cpu->lr_mask_hw1 : cpu->lr_mask_hw0);
}

/*
 * ICH_VMCR_EL2: a binary point below the minimum reads as the minimum (IHI 0069
 * ICV_BPR0_EL1: minimum is 7 - PREbits; ICV_BPR1_EL1: one more).
 */
static inline uint64_t vgic_sanitize_vmcr(const struct nvarm_vgic_cpu *cpu, uint64_t v)
{
	uint64_t min0 = 7u - cpu->pre_bits, min1 = min0 + 1;
	uint64_t r = (v & cpu->vmcr_mask) | cpu->vmcr_res1;

	if (NVARM_FIELD_GET(r, 23, 21) < min0)
		r = (r & ~(uint64_t)NVARM_ICH_VMCR_VBPR0_MASK) |
		    (min0 << NVARM_ICH_VMCR_VBPR0_SHIFT);
	if (NVARM_FIELD_GET(r, 20, 18) < min1)
		r = (r & ~(uint64_t)NVARM_ICH_VMCR_VBPR1_MASK) |
		    (min1 << NVARM_ICH_VMCR_VBPR1_SHIFT);
	return r;
}

/* The hardware's ICH_HCR_EL2, ICH_VMCR_EL2 and first nr_apr APRs of each group into @s: in one
 * call of the embedder's reader (nvarm_vgic_config::icv_read) when it gave one. */
static inline void vgic_icv_read(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_icv *s)
{
	/* (loaded once: the callbacks are opaque to the compiler) */
	uint64_t (*rd)(void *, uint32_t) = cpu->ops->hw_read;
	void *ctx = cpu->ops->ctx;
	unsigned napr = cpu->nr_apr;

	if (cpu->icv_read) {
		cpu->icv_read(ctx, s, napr);
		return;
	}
	s->hcr = rd(ctx, NVARM_ENC_ICH_HCR);
	s->vmcr = rd(ctx, NVARM_ENC_ICH_VMCR);
	for (unsigned n = 0; n < napr; n++) {
		s->ap0r[n] = rd(ctx, NVARM_ENC_ICH_AP0R(n));
		s->ap1r[n] = rd(ctx, NVARM_ENC_ICH_AP1R(n));
	}
}

/* vgic_nested.c: nvarm_vgic_nested_entry() without its fast path (the differential tests run
 * both over the same states). */
int nvarm__vgic_nested_entry_general(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v);

/* vgic_l1.c: nvarm_vgic_l1_flush() without its fast path (for the differential tests). */
int nvarm__vgic_l1_flush_general(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

/* vgic_l1.c: read L0's LRs for L1 back from hardware (where == VGIC_HW_L1_LIVE). */
void nvarm__vgic_l1_sync_hw(struct nvarm_vgic_cpu *cpu);
/* vgic_l1.c: clear the active state of @intid in the image; NOENT if not active there. */
int nvarm__vgic_l1_deactivate_image(struct nvarm_vgic_cpu *cpu, uint32_t intid);
int nvarm__vgic_l1_set_maint(struct nvarm_vgic_cpu *cpu, bool level);

#endif
