/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The EL2-to-EL1 shadow's row tables (shadow_rows.c) as the shadow functions (shadow.c) and
 * the register file's RELOAD rule (vel2.c) see them. Private to src/sysreg.
 */
#ifndef NVARM_SYSREG_SHADOW_ROWS_H
#define NVARM_SYSREG_SHADOW_ROWS_H

#include "sysreg_priv.h"
#include <nvarm/arm/sysreg_fields.h>

enum { COPY, INV2, SET };

struct xrow {
	uint8_t idx; /* enum nvarm_el1_idx */
	uint8_t op;
	uint8_t src_lo; /* COPY/INV2: bit in the EL2 register */
	uint8_t dst_lo; /* COPY/INV2: bit in the EL1 register */
	uint8_t width;	/* COPY: field width (64: whole register) */
	uint16_t el2;	/* the EL2 register (nvarm_sysreg_id) */
	uint64_t bits;	/* SET: constant bits; COPY: nvarm__wmask(width) */
};

static inline uint64_t nvarm__wmask(unsigned width)
{
	return width >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << width) - 1;
}
/* Bits a row writes in the EL1 register, and reads in the EL2 register. */
static inline uint64_t nvarm__row_dst(const struct xrow *r)
{
	if (r->op == SET)
		return r->bits;
	return (r->op == INV2 ? UINT64_C(3) : nvarm__wmask(r->width)) << r->dst_lo;
}

static inline uint64_t nvarm__row_src(const struct xrow *r)
{
	if (r->op == SET)
		return 0;
	return (r->op == INV2 ? UINT64_C(1) : nvarm__wmask(r->width)) << r->src_lo;
}

/* CPACR_EL1 enables (ZEN [17:16], SMEN [25:24]) of the FP-class features the host has and L1's
 * CPU lacks, open in both contexts (shadow.c: why). */
static inline uint64_t nvarm__shadow_cpacr_absent(const struct nvarm_vel2 *v)
{
	/* (CPTR_EL2's E2H=1 layout is CPACR_EL1's) */
	return ((v->cfg->hidden_fp & 1) ? NVARM_CPTR_EL2_E2H1_ZEN_MASK : 0) |
	       ((v->cfg->hidden_fp & 2) ? NVARM_CPTR_EL2_E2H1_SMEN_MASK : 0);
}

/* The world switch's pointer tables (sw_*) are usable: made for this structure, page and
 * configuration (a copy of the structure falls back to the slot codes). */
static inline bool nvarm__shadow_sw_ok(const struct nvarm_vel2 *v)
{
	return v->sw_self == v && v->sw_vncr == v->vncr && v->sw_cfg == v->cfg;
}

/* The rows of the VHE (E2H=1) or non-VHE layout, *n of them. */
const struct xrow *nvarm__shadow_rows(bool vhe, size_t *n);

/* The rows of each EL1 register in one layout: run[idx] = {first, end} (each EL1 register's
 * rows are adjacent and read one EL2 register: nvarm__shadow_rows_check); returns the EL1
 * registers that have rows. */
uint32_t nvarm__shadow_runs(bool vhe, uint8_t run[NVARM_VEL2_SHADOW_MAX][2]);
/* Both layouts' runs, and the in-place registers' masks, into v (nvarm_vel2_init). */
void nvarm__shadow_index(struct nvarm_vel2 *v);

#endif
