// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Memory attribute combination for shadow entries (Arm ARM D8.6 "Memory region attributes",
 * "Combining the stage 1 and stage 2 attributes", FEAT_S2FWB rules R_VRJSW / R_RHWZM).
 *
 * Stage-2 attributes act as limits on stage 1 ("the more restrictive wins"), and limits
 * compose: limit(L0) o limit(L1) = limit(min(L0, L1)). So the shadow MemAttr is the minimum
 * of L1's and L0's, encoded in the layout the real HCR_EL2.FWB selects. With FWB, L1 may
 * also *force* Write-Back (0b0110); that survives only where L0 allows Write-Back.
 *
 * One approximation: when L1 uses FWB's "force Write-Back" but the host runs without FWB,
 * no FWB=0 encoding can force it, so the shadow uses "Write-Back limit" (stage 1 decides),
 * which is never more permissive than what L1 asked for. With host FWB, Write-Through
 * limits have no encoding and become Non-cacheable (more restrictive).
 */
#include "s2mmu_internal.h"

enum { A_DEVICE, A_NORMAL, A_FORCE_WB };

struct s2_attr {
	uint8_t kind;
	uint8_t dev;   /* device type 0 (nGnRnE) .. 3 (GRE), A_DEVICE */
	uint8_t inner; /* 1 NC, 2 WT, 3 WB, A_NORMAL */
	uint8_t outer;
};

/* FWB=0 MemAttr[3:0] decode (D8.6.5 "Stage 2 memory region type and Cacheability"). */
static void decode_fwb0(uint8_t m, struct s2_attr *a)
{
	unsigned hi = (m >> 2) & 3, lo = m & 3;

	if (hi == 0) {
		a->kind = A_DEVICE;
		a->dev = (uint8_t)lo;
		return;
	}
	a->kind = A_NORMAL;
	a->outer = (uint8_t)hi;
	a->inner = (uint8_t)(lo ? lo : 1); /* inner 00 with Normal outer: reserved, take NC */
}

/* One line per FWB=1 MemAttr[2:0] value (MemAttr[3] reserved, ignored). */
static const struct s2_attr fwb1_table[8] = {
    {A_DEVICE, 0, 0, 0},   {A_DEVICE, 1, 0, 0}, {A_DEVICE, 2, 0, 0},
    {A_DEVICE, 3, 0, 0},   {A_NORMAL, 0, 1, 1}, /* 0b100 reserved: take Non-cacheable */
    {A_NORMAL, 0, 1, 1},			/* 0b101 Normal Non-cacheable */
    {A_FORCE_WB, 0, 3, 3},			/* 0b110 force Write-Back */
    {A_NORMAL, 0, 3, 3},			/* 0b111 stage 1 attributes (= Write-Back limit) */
};

static uint8_t min8(uint8_t a, uint8_t b)
{
	return a < b ? a : b;
}

uint8_t nvarm_s2_combine_memattr(uint8_t guest, bool guest_fwb, uint8_t host, bool host_fwb)
{
	struct s2_attr g, h, r;

	if (guest_fwb)
		g = fwb1_table[guest & 7];
	else
		decode_fwb0(guest & 0xf, &g);
	decode_fwb0(host & 0xf, &h);

	if (g.kind == A_DEVICE || h.kind == A_DEVICE) {
		r.kind = A_DEVICE;
		r.dev = g.kind == A_DEVICE ? g.dev : 3;
		if (h.kind == A_DEVICE)
			r.dev = min8(r.dev, h.dev);
		return r.dev; /* same encoding in both layouts */
	}
	r.inner = min8(g.inner, h.inner);
	r.outer = min8(g.outer, h.outer);
	if (!host_fwb)
		return (uint8_t)((r.outer << 2) | r.inner);
	if (r.inner == 3 && r.outer == 3)
		return g.kind == A_FORCE_WB ? NVARM_S2_FWB_FORCE_WB : NVARM_S2_FWB_AS_S1;
	return NVARM_S2_FWB_NORMAL_NC;
}

/* Rank of an SH encoding: Non < Inner < Outer; reserved 0b01 ranks as Outer. */
static const uint8_t sh_rank[4] = {0, 2, 2, 1};
static const uint8_t sh_of_rank[3] = {0, 3, 2};

uint8_t nvarm_s2_combine_sh(uint8_t a, uint8_t b)
{
	uint8_t ra = sh_rank[a & 3], rb = sh_rank[b & 3];

	return sh_of_rank[ra > rb ? ra : rb];
}
