/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * vtimer test fixture: the host model as the "hardware", plus an independent
 * model of what the hardware EL1 timers do with the values nvarm leaves in the
 * fake registers (real encodings, real CTL bits, real CNTHCTL_EL2.ECV).
 */
#ifndef NVARM_TESTS_VT_FIXTURE_H
#define NVARM_TESTS_VT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <nvarm/vtimer.h>

/*
 * The hardware is `real[]` (one value per nvarm_vtimer_hwreg slot). The L0's
 * side of the computed-values contract is played by vt_fx_hw(): before handing
 * `hw` to the library it first writes back what the previous call flagged dirty,
 * then reads the guest-writable registers from the hardware. Every access the
 * tests make to the hardware (vt_fx_reg/vt_fx_set_reg) also flushes first, so
 * the library only ever sees and changes the hardware through that protocol.
 */
struct vt_fx {
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	uint64_t real[NVARM_VTIMER_HWREG_COUNT];
	struct nvarm_vtimer_config cfg;
	_Alignas(8) uint64_t vncr[512];
	bool vhe;
};

/* L0 writes what the last call flagged. */
static inline void vt_fx_flush(struct vt_fx *f)
{
	for (unsigned r = 0; r < NVARM_VTIMER_HWREG_COUNT; r++)
		if (f->hw.dirty & (1u << r))
			f->real[r] = f->hw.reg[r];
	f->hw.dirty = 0;
}

/* L0 after an exit: flush, then read the registers the guest may have changed. */
static inline struct nvarm_vtimer_hw *vt_fx_hw(struct vt_fx *f)
{
	vt_fx_flush(f);
	for (unsigned r = 0; r < NVARM_VTIMER_HWREG_COUNT; r++)
		if (NVARM_VTIMER_HW_GUEST_MASK & (1u << r))
			f->hw.reg[r] = f->real[r];
	return &f->hw;
}

/* Fixture with the given flags; VNCR page on request; returns nvarm_vtimer_init's result. */
static inline int vt_fx_init(struct vt_fx *f, uint32_t flags, bool with_vncr, uint64_t l0_offset)
{
	memset(f, 0, sizeof(*f));
	/* Junk in the hardware and the save area: activate must set every slot. */
	for (unsigned r = 0; r < NVARM_VTIMER_HWREG_COUNT; r++)
		f->real[r] = f->hw.reg[r] = 0xbad0bad0bad0bad0ull + r;
	nvarm_vtimer_config_default(&f->cfg);
	f->cfg.flags = flags;
	f->cfg.l0_offset = l0_offset;
	f->cfg.vncr = with_vncr ? f->vncr : NULL;
	f->vhe = (flags & NVARM_VTIMER_F_HOST_VHE) != 0;
	if (f->vhe)
		f->cfg.host_cnthctl = NVARM_CNTHCTL_E2H1_EL1PCTEN | NVARM_CNTHCTL_E2H1_EL1PTEN;
	return nvarm_vtimer_init(&f->vt, &f->cfg);
}

/* The slot of hardware timer @hw's CTL / CVAL. */
static inline unsigned vt_fx_ctl(unsigned hw)
{
	return hw == NVARM_VTIMER_HW_PHYS ? NVARM_VTIMER_HWREG_P_CTL : NVARM_VTIMER_HWREG_V_CTL;
}

static inline unsigned vt_fx_cval(unsigned hw)
{
	return hw == NVARM_VTIMER_HW_PHYS ? NVARM_VTIMER_HWREG_P_CVAL : NVARM_VTIMER_HWREG_V_CVAL;
}

/* Read / write the hardware (as the hardware or the guest would). */
static inline uint64_t vt_fx_reg(struct vt_fx *f, unsigned reg)
{
	vt_fx_flush(f);
	return f->real[reg];
}

static inline void vt_fx_set_reg(struct vt_fx *f, unsigned reg, uint64_t v)
{
	vt_fx_flush(f);
	f->real[reg] = v;
}

/* The count a hardware EL1 timer compares against at hardware count H. */
static inline uint64_t vt_fx_hw_count(struct vt_fx *f, unsigned hw, uint64_t h)
{
	if (hw == NVARM_VTIMER_HW_VIRT)
		return h - vt_fx_reg(f, NVARM_VTIMER_HWREG_CNTVOFF);
	if (vt_fx_reg(f, NVARM_VTIMER_HWREG_CNTHCTL) & NVARM_CNTHCTL_ECV)
		return h - vt_fx_reg(f, NVARM_VTIMER_HWREG_CNTPOFF);
	return h;
}

/* Hardware timer condition (ISTATUS when enabled). */
static inline bool vt_fx_hw_met(struct vt_fx *f, unsigned hw, uint64_t h)
{
	uint64_t ctl = vt_fx_reg(f, vt_fx_ctl(hw));
	return (ctl & NVARM_CNT_CTL_ENABLE) &&
	       vt_fx_hw_count(f, hw, h) >= vt_fx_reg(f, vt_fx_cval(hw));
}

/* Hardware timer interrupt output. */
static inline bool vt_fx_hw_fires(struct vt_fx *f, unsigned hw, uint64_t h)
{
	uint64_t ctl = vt_fx_reg(f, vt_fx_ctl(hw));
	return vt_fx_hw_met(f, hw, h) && !(ctl & NVARM_CNT_CTL_IMASK);
}

/* Set of PPIs the vCPU sees asserted at H: hardware timers (mapped) plus emulated ones. */
static inline uint32_t vt_fx_ppis(struct vt_fx *f, uint64_t h)
{
	uint32_t set = 0;
	uint32_t pend;

	if (f->vt.loaded) {
		for (unsigned hw = 0; hw < 2; hw++)
			if (vt_fx_hw_fires(f, hw, h))
				set |= 1u << nvarm_vtimer_hw_ppi(&f->vt, hw);
	}
	pend = nvarm_vtimer_pending(&f->vt, h);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		if (pend & (1u << t))
			set |= 1u << nvarm_vtimer_ppi(&f->vt, t);
	return set;
}

/* A copy of fixture @p src whose VNCR pointers name the copy's own page. */
static inline void vt_fx_copy(struct vt_fx *dst, const struct vt_fx *src)
{
	*dst = *src;
	if (src->vt.vncr)
		dst->vt.vncr = dst->vncr;
	if (src->cfg.vncr)
		dst->cfg.vncr = dst->vncr;
}

#endif /* NVARM_TESTS_VT_FIXTURE_H */
