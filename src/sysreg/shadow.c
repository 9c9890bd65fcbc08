// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * EL2-to-EL1 shadow mapping, the functions: the vEL2 file into the hardware EL1 registers
 * (while L1 runs at vEL2) and back, L2's EL1 context, the nesting bits of HCR_EL2/CPTR_EL2.
 * The row tables and their meaning are shadow_rows.c's.
 */
#include "shadow_rows.h"
#include <nvarm/arm/sysreg_fields.h>

static const uint16_t el1_ids[NVARM_EL1__COUNT] = {
#define NVARM_X_(n) NVARM_SR_##n,
    NVARM_EL1_REG_LIST(NVARM_X_)
#undef NVARM_X_
};

unsigned nvarm_el1_reg_id(unsigned idx)
{
	return idx < NVARM_EL1__COUNT ? el1_ids[idx] : NVARM_SR_NONE;
}
static void rows_of(bool vhe, const struct xrow **rows, size_t *n)
{
	*rows = nvarm__shadow_rows(vhe, n);
}

/*
 * The identification registers of the EL1 context (Arm ARM D23.2 VPIDR_EL2/VMPIDR_EL2: MIDR_EL1
 * and MPIDR_EL1 read at EL1 return them). L1 at vEL2 runs at EL1 too, so it reads the VM's
 * MIDR_EL1 and its vCPU's MPIDR_EL1 (kept, masked, in the file's otherwise unused MPIDR_EL1
 * slot: a forwarded register; nvarm_shadow_set_mpidr()); L2 reads what L1 wrote to its virtual
 * VPIDR/VMPIDR_EL2 (the file applies their RES0/RES1 bits; under NV2 nvarm_vel2_sanitise()
 * re-applies them to the page after L1 ran, before the L0 loads L2's context).
 */
static void load_ids(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw, bool vel2)
{
	hw->r[NVARM_EL1_VPIDR_EL2] =
	    vel2 ? v->cfg->id.midr : nvarm__vel2_get(v, NVARM_SR_VPIDR_EL2);
	hw->r[NVARM_EL1_VMPIDR_EL2] =
	    vel2 ? v->regs[NVARM_SR_MPIDR_EL1] : nvarm__vel2_get(v, NVARM_SR_VMPIDR_EL2);
}

int nvarm_shadow_set_mpidr(struct nvarm_vel2 *v, uint64_t mpidr)
{
	uint64_t r0 = 0, r1 = 0;

	if (!v)
		return NVARM_ERR_INVAL;
	/* MPIDR_EL1 has VMPIDR_EL2's layout (RES1 bit 31, RES0 [63:40] and [29:25]) */
	nvarm_vel2_masks(v, NVARM_SR_VMPIDR_EL2, &r0, &r1);
	v->regs[NVARM_SR_MPIDR_EL1] = (mpidr & ~r0) | r1;
	return 0;
}

/* CPACR_EL1 enables (ZEN [17:16], SMEN [25:24]) of the FP-class features the host has and L1's
 * CPU lacks: 0b11 in the vEL2 shadow, so that no EL1 check takes their instructions to L1's own
 * vector as a trap of a feature it does not have (DDI 0487 CheckSVEEnabled(): the CPACR_EL1
 * test comes before CPTR_EL2's); L0's CPTR_EL2 traps them instead (nvarm_shadow_cptr_hidden()).
 * On a host without the feature the field is RES0 there and stays 0. Left open: a VHE L1's
 * CPACR_EL1 is its CPTR_EL2 in this very register, untrapped (nvarm_shadow_cptr_bits()), so it
 * reads ZEN/SMEN as 0b11 (RES0 for it) and a write of 0b00 holds until the next shadow load,
 * meanwhile its RDVL/RDSVL trap to its own vector (EC 0x19/0x1d, not 0x00). Trapping those
 * accesses (TCPAC) would close that at a trap per access: a Linux L1 writes its CPTR_EL2 on
 * every guest entry and exit (qemu_nested_linux_l2: +15k of 86k L0 traps). */
static uint64_t cpacr_absent(const struct nvarm_vel2 *v)
{
	return nvarm__shadow_cpacr_absent(v);
}

/* The rows of each EL1 register in layout @vhe (init's index, or made now), which EL1
 * registers have rows, and in *simple those whose masks (shadow_keep/_set) do all their rows
 * (none without init's index). */
static uint32_t runs_of(const struct nvarm_vel2 *v, bool vhe, uint8_t local[][2],
			const uint8_t (**run)[2], uint32_t *simple)
{
	if (v->shadow_indexed) {
		*run = (const uint8_t(*)[2])v->shadow_run[vhe];
		*simple = v->shadow_simple[vhe];
		return v->shadow_idx[vhe];
	}
	*run = (const uint8_t(*)[2])local;
	*simple = 0;
	return nvarm__shadow_runs(vhe, (uint8_t(*)[2])local);
}

/* The storage of the EL2 register that EL1 register @idx carries in layout @vhe (init's
 * index, or the register file's lookup). */
static inline uint64_t *src_slot(const struct nvarm_vel2 *v, bool vhe, unsigned idx, unsigned el2)
{
	if (v->shadow_indexed)
		return nvarm__vel2_code_slot(v, v->shadow_src[vhe][idx]);
	return nvarm__vel2_slot(v, el2);
}

/*
 * SCTLR_EL1.SPAN beyond the rows. An exception taken to EL2 sets PSTATE.PAN (with
 * SCTLR_EL2.SPAN = 0) only when ELIsInHost(EL0), HCR_EL2.{E2H, TGE} = {1, 1} (DDI 0487
 * AArch64.TakeException); L1's vEL2 is EL1, where SCTLR_EL1.SPAN = 0 always sets it. So a VHE
 * L1 with TGE = 0 gets SPAN = 1 in the hardware, whatever its SCTLR_EL2.SPAN (the E2H = 0
 * layout has SPAN RES1: a SET row). The bit the loads add: 0 or SPAN.
 */
static inline uint64_t vhe_span(const struct nvarm_vel2 *v, bool vhe)
{
	return vhe && !(nvarm__vel2_get(v, NVARM_SR_HCR_EL2) & NVARM_HCR_EL2_TGE)
		   ? NVARM_SCTLR_EL1_SPAN
		   : 0;
}

/* NVARM_EL1F_SPAN1 when the loads' SPAN is not L1's (vhe_span over SCTLR_EL2.SPAN = 0) */
static inline uint32_t span1_flag(const struct nvarm_vel2 *v, bool vhe)
{
	return (vhe_span(v, vhe) & ~nvarm__vel2_get(v, NVARM_SR_SCTLR_EL2)) ? NVARM_EL1F_SPAN1 : 0;
}

bool nvarm_shadow_vel2_sctlr_trap(const struct nvarm_vel2 *v)
{
	return v && vhe_span(v, nvarm__vel2_vhe(v)) != 0;
}

/* One EL1 register from its rows [first, end), which all read the EL2 value @p src. */
static uint64_t rows_apply(const struct xrow *rows, unsigned first, unsigned end, uint64_t src)
{
	uint64_t dst = 0;

	for (unsigned i = first; i < end; i++) {
		const struct xrow *r = &rows[i];

		if (r->op == COPY)
			dst |= ((src >> r->src_lo) & r->bits) << r->dst_lo;
		else if (r->op == SET)
			dst |= r->bits;
		else /* INV2 */
			dst |= ((src >> r->src_lo) & 1) ? 0 : (UINT64_C(3) << r->dst_lo);
	}
	return dst;
}

/*
 * The registers of @p todo from init's index (the world switch's path): the storage of each
 * one's EL2 register, its in-place masks or its rows; with @p memo (nvarm_shadow_vel2_load_memo),
 * the rows' result for an EL2 value seen before (the memo of @p v: memo == v).
 */
static inline __attribute__((__always_inline__)) void
vel2_load_indexed(const struct nvarm_vel2 *v, struct nvarm_vel2 *memo, bool vhe,
		  const struct xrow *rows, uint32_t todo, struct nvarm_el1_regs *hw)
{
	const uint16_t *code = v->shadow_src[vhe];
	const uint64_t *keep = v->shadow_keep[vhe], *set = v->shadow_set[vhe];
	const uint8_t(*run)[2] = (const uint8_t(*)[2])v->shadow_run[vhe];
	const uint64_t *vncr = v->vncr, *regs = v->regs;
	uint32_t simple = v->shadow_simple[vhe];

	for (; todo; todo &= todo - 1) {
		unsigned idx = (unsigned)__builtin_ctz(todo);
		uint16_t c = code[idx];
		uint64_t src = c == 0xffff ? 0 : (c & 0x8000) ? vncr[c & 0x7fff] : regs[c], dst;

		if ((simple >> idx) & 1) {
			dst = (src & keep[idx]) | set[idx];
		} else if (memo && ((memo->shadow_mvalid[vhe] >> idx) & 1) &&
			   memo->shadow_msrc[vhe][idx] == src) {
			dst = memo->shadow_mout[vhe][idx];
		} else {
			dst = rows_apply(rows, run[idx][0], run[idx][1], src);
			if (memo) {
				memo->shadow_msrc[vhe][idx] = src;
				memo->shadow_mout[vhe][idx] = dst;
				memo->shadow_mvalid[vhe] |= UINT32_C(1) << idx;
			}
		}
		hw->r[idx] = dst;
	}
}

/* The registers of @p want (all of them for the full load); the others are not touched.
 * Inlined into each entry point, so that the one without a memo carries none of its tests. */
static inline __attribute__((__always_inline__)) void vel2_load(const struct nvarm_vel2 *v,
								struct nvarm_vel2 *memo,
								uint32_t want,
								struct nvarm_el1_regs *hw)
{
	uint8_t local[NVARM_VEL2_SHADOW_MAX][2];
	const uint8_t(*run)[2];
	const struct xrow *rows;
	uint32_t todo, simple, have;
	size_t n;
	bool vhe;

	vhe = nvarm__vel2_vhe(v);
	rows_of(vhe, &rows, &n);
	have = runs_of(v, vhe, local, &run, &simple);
	/* registers with no rows read 0 (the full load's starting value) */
	for (todo = want & ~have & ((UINT32_C(1) << NVARM_EL1__COUNT) - 1); todo; todo &= todo - 1)
		hw->r[__builtin_ctz(todo)] = 0;
	/* Each EL1 register from its rows, which all read one EL2 register */
	if (v->shadow_indexed) {
		vel2_load_indexed(v, memo, vhe, rows, have & want, hw);
	} else {
		for (todo = have & want; todo; todo &= todo - 1) {
			unsigned idx = (unsigned)__builtin_ctz(todo);
			const uint64_t *p = src_slot(v, vhe, idx, rows[run[idx][0]].el2);

			hw->r[idx] = rows_apply(rows, run[idx][0], run[idx][1], p ? *p : 0);
		}
	}
	if (want & ((UINT32_C(1) << NVARM_EL1_VPIDR_EL2) | (UINT32_C(1) << NVARM_EL1_VMPIDR_EL2))) {
		uint64_t vpidr = hw->r[NVARM_EL1_VPIDR_EL2], vmpidr = hw->r[NVARM_EL1_VMPIDR_EL2];

		load_ids(v, hw, true);
		if (!((want >> NVARM_EL1_VPIDR_EL2) & 1))
			hw->r[NVARM_EL1_VPIDR_EL2] = vpidr;
		if (!((want >> NVARM_EL1_VMPIDR_EL2) & 1))
			hw->r[NVARM_EL1_VMPIDR_EL2] = vmpidr;
	}
	if ((want >> NVARM_EL1_CPACR_EL1) & 1)
		hw->r[NVARM_EL1_CPACR_EL1] |= cpacr_absent(v);
	/* MDSCR_EL1 is one register for EL2 and EL1 (no EL12 alias, DDI 0487 D24.3 MDSCR_EL1):
	 * L1 at vEL2 and L2 share it, so it holds the file's (L2's) value in both contexts. */
	if ((want >> NVARM_EL1_MDSCR_EL1) & 1)
		hw->r[NVARM_EL1_MDSCR_EL1] = nvarm__vel2_get(v, NVARM_SR_MDSCR_EL1);
	if ((want >> NVARM_EL1_SCTLR_EL1) & 1)
		hw->r[NVARM_EL1_SCTLR_EL1] |= vhe_span(v, vhe);
	hw->valid = nvarm__shadow_valid_mask(v, true) & want;
	hw->flags = NVARM_EL1F_VEL2 | (vhe ? NVARM_EL1F_VHE : 0) | span1_flag(v, vhe);
}

/* A register of the vEL2 load that rows translate field by field (sw_rows) whose word holds
 * a value sw_set was not computed for: the rows' value, kept in sw_set. */
static __attribute__((__noinline__)) void vel2_sw_refresh(struct nvarm_vel2 *v, bool vhe,
							  unsigned idx, uint64_t s)
{
	const struct xrow *rows;
	size_t n;

	rows_of(vhe, &rows, &n);
	v->sw_set[vhe][idx] =
	    rows_apply(rows, v->shadow_run[vhe][idx][0], v->shadow_run[vhe][idx][1], s) |
	    v->sw_xset[vhe][idx];
	v->sw_msrc[vhe][idx] = s;
	v->sw_mvalid[vhe] |= UINT32_C(1) << idx;
}

/*
 * The world switch's vEL2 load (the sw_* tables, shadow_rows.c): each EL1 register from one
 * word as (word & keep) | set, one straight line. The few that rows translate field by field
 * (a non-VHE L1's CPACR_EL1 and TCR_EL1) have keep 0 and their rows' value in set, made
 * again first when their word changed (a memo keyed by the value: any write is seen).
 * Compared with @p hr (what the hardware holds) on the way: the registers that differ.
 */
static inline __attribute__((__always_inline__)) uint32_t
vel2_load_sw(struct nvarm_vel2 *v, bool vhe, const uint64_t *hr, struct nvarm_el1_regs *hw)
{
	const uint64_t *const *src = v->sw_src[vhe];
	const uint64_t *keep = v->sw_keep[vhe], *set = v->sw_set[vhe];
	const uint64_t span = vhe_span(v, vhe);
	uint32_t d = 0;

	for (uint32_t m = v->sw_rows[vhe]; m; m &= m - 1) {
		unsigned idx = (unsigned)__builtin_ctz(m);
		uint64_t s = *src[idx];

		if (NVARM_UNLIKELY(!((v->sw_mvalid[vhe] >> idx) & 1) || v->sw_msrc[vhe][idx] != s))
			vel2_sw_refresh(v, vhe, idx, s);
	}
#pragma GCC unroll 32
	for (unsigned idx = 0; idx < NVARM_EL1__COUNT; idx++) {
		uint64_t x = (*src[idx] & keep[idx]) | set[idx];

		if (idx == NVARM_EL1_SCTLR_EL1) /* (unrolled: a constant test) */
			x |= span;
		d |= (uint32_t)(x != hr[idx]) << idx;
		hw->r[idx] = x;
	}
	return d;
}

int nvarm_shadow_vel2_load_diff(struct nvarm_vel2 *v, const struct nvarm_el1_regs *held,
				struct nvarm_el1_regs *hw, uint32_t *diff)
{
	uint32_t valid, d;
	bool vhe;

	if (!v || !hw || !diff)
		return NVARM_ERR_INVAL;
	if (NVARM_UNLIKELY(!v->shadow_indexed || !nvarm__shadow_sw_ok(v))) {
		struct nvarm_el1_regs old;

		valid = nvarm__shadow_valid_mask(v, true);
		if (held)
			nvarm_memcpy(&old, held, sizeof(old));
		vel2_load(v, v, ~UINT32_C(0), hw);
		d = 0;
		for (unsigned i = 0; held && i < NVARM_EL1__COUNT; i++)
			d |= (uint32_t)(hw->r[i] != old.r[i]) << i;
		*diff = (d | ~(held ? old.valid : 0)) & valid;
		return 0;
	}
	valid = v->sw_valid[1];
	vhe = nvarm__vel2_vhe(v);
	/* (no held: compared with the new values themselves, then all taken as changed) */
	d = vel2_load_sw(v, vhe, held ? held->r : hw->r, hw);
	*diff = (d | ~(held ? held->valid : 0)) & valid;
	hw->valid = valid;
	hw->flags = NVARM_EL1F_VEL2 | (vhe ? NVARM_EL1F_VHE : 0) | span1_flag(v, vhe);
	return 0;
}

int nvarm_shadow_vel2_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	if (!v || !hw)
		return NVARM_ERR_INVAL;
	vel2_load(v, NULL, ~UINT32_C(0), hw);
	return 0;
}

int nvarm_shadow_vel2_load_memo(struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	uint32_t d;

	return nvarm_shadow_vel2_load_diff(v, NULL, hw, &d);
}

/* nvarm_shadow_vel2_load_some() without init's world-switch tables (kept out of its loop). */
static __attribute__((__noinline__)) void
vel2_load_some_slow(const struct nvarm_vel2 *v, uint32_t want, struct nvarm_el1_regs *hw)
{
	vel2_load(v, NULL, want, hw);
}

/* The rows' value of field-translated register @p idx for word @p w (its memo is for another
 * word: rare, out of the loop). */
static __attribute__((__noinline__)) uint64_t sw_rows_value(const struct nvarm_vel2 *v, bool vhe,
							    unsigned idx, uint64_t w)
{
	const struct xrow *rows;
	size_t n;

	rows_of(vhe, &rows, &n);
	return rows_apply(rows, v->shadow_run[vhe][idx][0], v->shadow_run[vhe][idx][1], w) |
	       v->sw_xset[vhe][idx];
}

int nvarm_shadow_vel2_load_some(const struct nvarm_vel2 *v, uint32_t want,
				struct nvarm_el1_regs *hw)
{
	if (!v || !hw)
		return NVARM_ERR_INVAL;
	if (NVARM_UNLIKELY(!v->shadow_indexed || !nvarm__shadow_sw_ok(v))) {
		vel2_load_some_slow(v, want, hw);
		return 0;
	}
	/* the world switch's tables (vel2_load_sw), for the wanted registers only; a register
	 * rows translate field by field takes the value its memo holds for the same word, or its
	 * rows' (the memo is the full load's: not written here) */
	bool vhe = nvarm__vel2_vhe(v);
	const uint64_t *const *src = v->sw_src[vhe];
	const uint64_t *keep = v->sw_keep[vhe], *set = v->sw_set[vhe];
	uint32_t rows_m = v->sw_rows[vhe];

	for (uint32_t m = want & ((UINT32_C(1) << NVARM_EL1__COUNT) - 1); m; m &= m - 1) {
		unsigned idx = (unsigned)__builtin_ctz(m);
		uint64_t w = *src[idx];

		if (NVARM_UNLIKELY((rows_m >> idx) & 1) &&
		    (!((v->sw_mvalid[vhe] >> idx) & 1) || v->sw_msrc[vhe][idx] != w))
			hw->r[idx] = sw_rows_value(v, vhe, idx, w);
		else
			hw->r[idx] = (w & keep[idx]) | set[idx];
	}
	if ((want >> NVARM_EL1_SCTLR_EL1) & 1)
		hw->r[NVARM_EL1_SCTLR_EL1] |= vhe_span(v, vhe);
	hw->valid = v->sw_valid[1] & want;
	hw->flags = NVARM_EL1F_VEL2 | (vhe ? NVARM_EL1F_VHE : 0) | span1_flag(v, vhe);
	return 0;
}

uint32_t nvarm_shadow_vel2_hw_volatile(const struct nvarm_vel2 *v, bool vhe)
{
	const uint32_t all = (UINT32_C(1) << NVARM_EL1__COUNT) - 1;
	const uint32_t el2_hw =
	    (UINT32_C(1) << NVARM_EL1_VPIDR_EL2) | (UINT32_C(1) << NVARM_EL1_VMPIDR_EL2);
	/* (written by an exception taken to the hardware EL1: L1's at vEL2) */
	uint32_t m = (UINT32_C(1) << NVARM_EL1_ELR_EL1) | (UINT32_C(1) << NVARM_EL1_SPSR_EL1) |
		     (UINT32_C(1) << NVARM_EL1_ESR_EL1) | (UINT32_C(1) << NVARM_EL1_FAR_EL1) |
		     (UINT32_C(1) << NVARM_EL1_AFSR0_EL1) | (UINT32_C(1) << NVARM_EL1_AFSR1_EL1);

	if (!v || vhe || v->cfg->host_nv != NVARM_HOST_NV2)
		return v ? all & ~el2_hw : all;
	for (unsigned r = 0; r < NVARM_SR__COUNT; r++)
		if (nvarm__sysreg_tab[r].flags & NVARM_SRF_NV2EL1)
			m |= nvarm_shadow_vel2_sources(false, r);
	return m & ~el2_hw;
}

uint32_t nvarm_shadow_vel2_volatile(const struct nvarm_vel2 *v, bool vhe)
{
	const uint32_t all = (UINT32_C(1) << NVARM_EL1__COUNT) - 1;
	uint32_t m = 0;

	if (!v || !v->shadow_indexed || !nvarm__shadow_sw_ok(v))
		return all;
	/* (addresses compared as integers: the words are of different objects) */
	uintptr_t page = (uintptr_t)v->vncr, end = page + NVARM_VNCR_PAGE_SIZE;
	for (unsigned idx = 0; idx < NVARM_EL1__COUNT; idx++) {
		uintptr_t p = (uintptr_t)v->sw_src[vhe][idx];
		bool vol = page && p >= page && p < end;

		for (unsigned i = 0; i < NVARM_EL1__COUNT && !vol; i++)
			vol = !((v->sw_vel1_none >> i) & 1) && p == (uintptr_t)v->sw_vel1[i];
		m |= (uint32_t)vol << idx;
	}
	/* a VHE SCTLR_EL1 depends on HCR_EL2.TGE too (vhe_span): volatile with HCR_EL2's word */
	if (vhe) {
		uintptr_t h = (uintptr_t)nvarm__vel2_slot(v, NVARM_SR_HCR_EL2);

		if (page && h >= page && h < end)
			m |= UINT32_C(1) << NVARM_EL1_SCTLR_EL1;
	}
	return m;
}

int nvarm_shadow_vel2_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw)
{
	uint8_t local[NVARM_VEL2_SHADOW_MAX][2];
	const uint8_t(*run)[2];
	const struct xrow *rows;
	uint32_t todo, simple;
	size_t n;
	bool vhe;

	if (!v || !hw || !(hw->flags & NVARM_EL1F_VEL2))
		return NVARM_ERR_INVAL;
	/* the layout the hardware holds: the load's, whatever E2H is now (NV2: not trapped) */
	vhe = (hw->flags & NVARM_EL1F_VHE) != 0;
	rows_of(vhe, &rows, &n);
	/* Each valid EL1 register (its rows all carry one EL2 register: nvarm__shadow_rows_check):
	 * start from the EL2 register's stored value, replace the covered fields. */
	/* (only registers of this VM's features: a caller's partial hw->valid may name others) */
	for (todo = runs_of(v, vhe, local, &run, &simple) & hw->valid &
		    nvarm__shadow_valid_mask(v, true);
	     todo; todo &= todo - 1) {
		unsigned idx = (unsigned)__builtin_ctz(todo);
		unsigned el2 = rows[run[idx][0]].el2;
		uint64_t *slot = src_slot(v, vhe, idx, el2), f = hw->r[idx], old, val;

		if (!slot)
			continue;
		old = val = *slot;
		if ((simple >> idx) & 1)
			val = (old & ~v->shadow_keep[vhe][idx]) | (f & v->shadow_keep[vhe][idx]);
		else
			for (unsigned k = run[idx][0]; k < run[idx][1]; k++) {
				const struct xrow *r = &rows[k];

				if (r->op == COPY) {
					val = (val & ~(r->bits << r->src_lo)) |
					      (((f >> r->dst_lo) & r->bits) << r->src_lo);
				} else if (r->op == INV2) {
					uint64_t trap = ((f >> r->dst_lo) & 3) != 3;
					val = (val & ~NVARM_BIT(r->src_lo)) | (trap << r->src_lo);
				}
			}
		/* FEAT_NV with NV1=1 and no NV2: the hardware recorded exceptions L1 took in vEL2
		 * as taken from EL1 (SPSR_EL1.M = EL1t/EL1h); L1 must see EL2t/EL2h. L1 cannot
		 * write SPSR_EL1 without trapping in that mode, so a value that differs from the
		 * one loaded (the file's) was written by such an exception. */
		if (el2 == NVARM_SR_SPSR_EL2 && !vhe && v->cfg->host_nv == NVARM_HOST_NV &&
		    val != old && !(val & NVARM_PSR_NRW) && ((val >> 2) & 3) == 1)
			val = (val & ~UINT64_C(0xc)) | (2u << 2);
		/* SPAN the load forced (vhe_span) is not L1's: the file keeps its own */
		if (idx == NVARM_EL1_SCTLR_EL1 && (hw->flags & NVARM_EL1F_SPAN1))
			val = (val & ~NVARM_SCTLR_EL1_SPAN) | (old & NVARM_SCTLR_EL1_SPAN);
		/* stored values already have their RES0/RES1 bits: only changes need the masks */
		if (val != old)
			nvarm__vel2_set(v, el2, val);
	}
	/* MDSCR_EL1 (shared, see the load): under FEAT_NV alone L1 writes the hardware register
	 * without a trap (unless MDCR_EL2.TDA); under NV2 its accesses go to the VNCR page and
	 * the hardware still holds the loaded value, which must not overwrite the page. */
	if (v->cfg->host_nv == NVARM_HOST_NV && ((hw->valid >> NVARM_EL1_MDSCR_EL1) & 1) &&
	    hw->r[NVARM_EL1_MDSCR_EL1] != nvarm__vel2_get(v, NVARM_SR_MDSCR_EL1))
		nvarm__vel2_set(v, NVARM_SR_MDSCR_EL1, hw->r[NVARM_EL1_MDSCR_EL1]);
	return 0;
}

/* The storage of L1's virtual EL1 register @i (init's index, or the file's lookup). */
static inline uint64_t *vel1_slot(const struct nvarm_vel2 *v, unsigned i)
{
	if (v->shadow_indexed)
		return nvarm__vel2_code_slot(v, v->vel1_src[i]);
	return nvarm__vel2_slot(v, el1_ids[i]);
}

/* nvarm_shadow_vel1_load_diff()'s values into @p out, compared with @p held (distinct arrays):
 * the registers that differ ORed into *@p d. */
static inline __attribute__((__always_inline__)) void vel1_load_cmp(const struct nvarm_vel2 *v,
								    const uint64_t *restrict held,
								    uint64_t *restrict out,
								    uint64_t absent, uint32_t *d)
{
	const uint64_t *const *src = v->sw_vel1;
	uint32_t m = 0;

	/* Every register has its word (sw_vel1_none 0: the usual VM): each sw_vel1[i] is the
	 * slot of NVARM_SR_<its name>, resolved at compile time (a VNCR page or regs[] offset),
	 * one load fewer per register than through the pointers. */
	if (NVARM_LIKELY(!v->sw_vel1_none)) {
#define VEL1_CMP(n)                                                                                \
	{                                                                                          \
		uint64_t x = *nvarm__vel2_slot(v, NVARM_SR_##n) |                                  \
			     (NVARM_EL1_##n == NVARM_EL1_CPACR_EL1 ? absent : 0);                  \
                                                                                                   \
		m |= (uint32_t)(x != held[NVARM_EL1_##n]) << NVARM_EL1_##n;                        \
		out[NVARM_EL1_##n] = x;                                                            \
	}
		NVARM_EL1_REG_LIST(VEL1_CMP)
#undef VEL1_CMP
		*d |= m;
		return;
	}
#pragma GCC unroll 32
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		uint64_t x = *src[i] | (i == NVARM_EL1_CPACR_EL1 ? absent : 0);

		m |= (uint32_t)(x != held[i]) << i;
		out[i] = x;
	}
	*d |= m;
}

int nvarm_shadow_vel1_load_diff(const struct nvarm_vel2 *v, const struct nvarm_el1_regs *held,
				struct nvarm_el1_regs *hw, uint32_t *diff)
{
	uint32_t valid, d = 0;

	if (!v || !hw || !diff)
		return NVARM_ERR_INVAL;
	if (NVARM_UNLIKELY(!v->shadow_indexed || !nvarm__shadow_sw_ok(v))) {
		struct nvarm_el1_regs old;

		valid = nvarm__shadow_valid_mask(v, false);
		if (held)
			nvarm_memcpy(&old, held, sizeof(old));
		(void)nvarm_shadow_vel1_load(v, hw);
		for (unsigned i = 0; held && i < NVARM_EL1__COUNT; i++)
			d |= (uint32_t)(hw->r[i] != old.r[i]) << i;
		*diff = (d | ~(held ? old.valid : 0)) & valid;
		return 0;
	}
	/* the world switch's path: one word per register (the VPIDR_EL2/VMPIDR_EL2 slots are
	 * L1's virtual VPIDR_EL2/VMPIDR_EL2 themselves); compared with held on the way */
	const uint64_t absent = cpacr_absent(v);

	valid = v->sw_valid[0];
	if (held && held != hw) {
		/* (the usual world switch: two distinct sets, so no store can change a value
		 * still to be compared, and each compare needs no value kept aside) */
		vel1_load_cmp(v, held->r, hw->r, absent, &d);
	} else {
		const uint64_t *hr = held ? held->r : hw->r;

#pragma GCC unroll 32
		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
			uint64_t x = *v->sw_vel1[i] | (i == NVARM_EL1_CPACR_EL1 ? absent : 0);

			d |= (uint32_t)(x != hr[i]) << i;
			hw->r[i] = x;
		}
	}
	*diff = (d | ~(held ? held->valid : 0)) & valid;
	hw->valid = valid;
	hw->flags = 0;
	return 0;
}

int nvarm_shadow_vel1_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	if (!v || !hw)
		return NVARM_ERR_INVAL;
	if (v->shadow_indexed && nvarm__shadow_sw_ok(v)) {
		uint32_t d;

		return nvarm_shadow_vel1_load_diff(v, NULL, hw, &d);
	}
	if (v->shadow_indexed) { /* the world switch's path: init's index, no lookups */
		const uint64_t *vncr = v->vncr, *regs = v->regs;

		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
			uint16_t c = v->vel1_src[i];

			hw->r[i] = c == 0xffff ? 0 : (c & 0x8000) ? vncr[c & 0x7fff] : regs[c];
		}
	} else {
		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
			const uint64_t *p = vel1_slot(v, i);

			hw->r[i] = p ? *p : 0;
		}
	}
	load_ids(v, hw, false);
	/* L2's CPACR_EL1: the enables of what its CPU lacks open too (its SVE/SME instructions
	 * reach L0's CPTR_EL2 trap, then UNDEFINED, not L2's own EL1 as a trap); the save takes
	 * them out again */
	hw->r[NVARM_EL1_CPACR_EL1] |= cpacr_absent(v);
	hw->valid = nvarm__shadow_valid_mask(v, false);
	hw->flags = 0;
	return 0;
}

int nvarm_shadow_vel1_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw)
{
	const uint32_t ids =
	    (UINT32_C(1) << NVARM_EL1_VPIDR_EL2) | (UINT32_C(1) << NVARM_EL1_VMPIDR_EL2);
	uint32_t todo, diff = 0;
	uint64_t cpacr_open;

	if (!v || !hw)
		return NVARM_ERR_INVAL;
	todo = hw->valid & ~ids & ((UINT32_C(1) << NVARM_EL1__COUNT) - 1);
	cpacr_open = cpacr_absent(v);
	/* which registers L2 changed (a loop without calls, init's index decoded inline on the
	 * world switch's path), then the file's writes (masks) for those only */
	if (v->shadow_indexed && nvarm__shadow_sw_ok(v)) {
		/* the world switch's path: one word per register */
		todo &= ~v->sw_vel1_none;
		for (uint32_t m = todo; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);
			uint64_t x = hw->r[i] & ~(i == NVARM_EL1_CPACR_EL1 ? cpacr_open : 0);

			diff |= (uint32_t)(x != *v->sw_vel1[i]) << i;
		}
	} else if (v->shadow_indexed) {
		const uint64_t *vncr = v->vncr, *regs = v->regs;

		for (uint32_t m = todo; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);
			uint16_t c = v->vel1_src[i];

			uint64_t x = hw->r[i] & ~(i == NVARM_EL1_CPACR_EL1 ? cpacr_open : 0);

			if (c != 0xffff && x != ((c & 0x8000) ? vncr[c & 0x7fff] : regs[c]))
				diff |= UINT32_C(1) << i;
		}
	} else {
		for (uint32_t m = todo; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);
			const uint64_t *p = vel1_slot(v, i);

			uint64_t x = hw->r[i] & ~(i == NVARM_EL1_CPACR_EL1 ? cpacr_open : 0);

			if (p && x != *p)
				diff |= UINT32_C(1) << i;
		}
	}
	for (; diff; diff &= diff - 1) {
		unsigned i = (unsigned)__builtin_ctz(diff);

		nvarm__vel2_set(v, el1_ids[i],
				hw->r[i] & ~(i == NVARM_EL1_CPACR_EL1 ? cpacr_open : 0));
	}
	return 0;
}

uint64_t nvarm_shadow_hcr_bits(const struct nvarm_vel2 *v)
{
	uint64_t b;

	if (!v)
		return 0;
	b = NVARM_HCR_NV;
	if (v->cfg->host_nv == NVARM_HOST_NV2)
		b |= NVARM_HCR_NV2;
	if (!nvarm__vel2_vhe(v)) {
		b |= NVARM_HCR_NV1;
		if (v->cfg->host_nv == NVARM_HOST_NV)
			b |= NVARM_HCR_TVM | NVARM_HCR_TRVM;
	}
	return b;
}

uint64_t nvarm_shadow_cptr_bits(const struct nvarm_vel2 *v)
{
	/* the same condition as TVM/TRVM: EL1-named accesses that must not reach the shadow */
	return (nvarm_shadow_hcr_bits(v) & NVARM_HCR_TVM) ? NVARM_CPTR_TCPAC : 0;
}

int nvarm_shadow_cptr_hidden(const struct nvarm_vel2 *v, bool l0_e2h, uint64_t *set,
			     uint64_t *clear)
{
	uint64_t m;

	if (!v || !set || !clear)
		return NVARM_ERR_INVAL;
	m = cpacr_absent(v);
	/* E2H=0 layout: TZ [8], TSM [12] trap when 1; E2H=1 (CPACR layout): ZEN [17:16],
	 * SMEN [25:24] trap when 0b00 */
	if (l0_e2h) {
		*set = 0;
		*clear = m;
	} else {
		*set = ((m & NVARM_CPTR_EL2_E2H1_ZEN_MASK) ? NVARM_CPTR_EL2_E2H0_TZ : 0) |
		       ((m & NVARM_CPTR_EL2_E2H1_SMEN_MASK) ? NVARM_CPTR_EL2_E2H0_TSM : 0);
		*clear = 0;
	}
	return 0;
}

uint64_t nvarm_shadow_cptr_l2_bits(const struct nvarm_vel2 *v, uint64_t hw_hcr)
{
	const uint64_t nvx = NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_NV2;

	/* EffectiveHCR_EL2_NVx() is {NV2,NV1,NV} once NV is 1 (HCR_EL2.E2H and TGE do not enter
	 * it; NV=0 makes it 0b000): 0b111 is the one value whose CPACR_EL1 is memory */
	if (!v || !cpacr_absent(v) || (hw_hcr & nvx) == nvx)
		return 0;
	return NVARM_CPTR_TCPAC;
}

uint64_t nvarm_shadow_zcr_hw(const struct nvarm_vel2 *v, bool l2, uint64_t l0_len)
{
	uint64_t len = l0_len & NVARM_ZCR_EL2_LEN_MASK, vlen;

	if (!v || !(v->cfg->features & NVARM_VMF_SVE))
		return len;
	/* L1 at vEL2: its vZCR_EL2 is the hardware ZCR_EL1 (the vEL2 shadow), ZCR_EL2 only L0's
	 * limit. L2 at EL1: bounded by its ZCR_EL1 and L1's ZCR_EL2, the smaller LEN (the
	 * rounding down to an implemented length is the hardware's, after the minimum). */
	if (!l2)
		return len;
	vlen = *nvarm__vel2_slot(v, NVARM_SR_ZCR_EL2) & NVARM_ZCR_EL2_LEN_MASK;
	return vlen < len ? vlen : len;
}

uint64_t nvarm_shadow_smcr_hw(const struct nvarm_vel2 *v, bool l2, uint64_t l0_lim)
{
	const uint64_t keep = NVARM_SMCR_EL2_LEN_MASK | NVARM_SMCR_EL2_EZT0 | NVARM_SMCR_EL2_FA64;
	uint64_t lim = l0_lim & keep, vs, len;

	if (!v || !(v->cfg->features & NVARM_VMF_SME) || !l2)
		return lim;
	/* L2 at EL1: LEN the smaller of L0's limit and L1's vSMCR_EL2 (its SMCR_EL1 is the
	 * hardware's; rounding down to an implemented length is the hardware's, after the
	 * minimum); FA64 and EZT0 apply at EL1 only where SMCR_EL2's are set too (DDI 0487 D24.2
	 * SMCR_EL1.FA64, EZT0), so both L0's and L1's */
	vs = *nvarm__vel2_slot(v, NVARM_SR_SMCR_EL2);
	len = vs & NVARM_SMCR_EL2_LEN_MASK;
	if (len > (lim & NVARM_SMCR_EL2_LEN_MASK))
		len = lim & NVARM_SMCR_EL2_LEN_MASK;
	return (lim & vs & (NVARM_SMCR_EL2_EZT0 | NVARM_SMCR_EL2_FA64)) | len;
}
