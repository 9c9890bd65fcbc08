// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vtimer: the four Generic Timers of a guest hypervisor's vCPU.
 *
 * Owns: struct nvarm_vtimer (one per vCPU, caller-owned) and, while the vCPU is
 * loaded, the values of its hardware EL1 physical/virtual timers, CNTVOFF_EL2,
 * CNTPOFF_EL2, CNTKCTL_EL1 and CNTHCTL_EL2 in the caller's struct
 * nvarm_vtimer_hw (computed values: the L0 reads the guest-writable slots
 * before a call and writes the dirty ones after; no register is touched here),
 * and the timer slots of the VNCR page.
 *
 * Invariants:
 *  - Timer t lives in the hardware (hw->reg) iff `loaded` and
 *    nvarm__vt_timers[t].ctx_backed == ctx; otherwise in vt->timer[t]. Saved CTL
 *    values hold ENABLE|IMASK only.
 *  - While loaded, hw->reg[CNTVOFF/CNTPOFF/CNTHCTL] equal the hardware (only
 *    the library changes them), so unchanged values are not flagged dirty.
 *  - The hardware offsets make each hardware timer count in the frame of the
 *    timer it backs (nvarm_vtimer_hw_offsets), so CVAL moves verbatim.
 *  - The CNTKCTL_EL1-shared bits of vt->cnthctl are stale iff loaded, L1 runs and
 *    E2H=1 (the hardware CNTKCTL_EL1 holds them); vt->cntkctl is stale iff
 *    loaded and not (L1 runs with E2H=1) (the hardware holds L2's CNTKCTL).
 *  - With a VNCR page, while L1 runs the page holds the live CNTVOFF/CNTPOFF
 *    and EL1 timers; sync_in() reads them before any use.
 *  - hw_cnthctl[] and l2_traps are recomputed whenever cnthctl or e2h change.
 *  - The L0's mask (nvarm_vtimer_ack) is vt->acked, never guest state: saved CTL
 *    values and the VNCR page hold the guest's CTL; a hardware-backed acked timer
 *    has CTL = ENABLE|IMASK in the hardware (its guest CTL is ENABLE). An acked
 *    timer stays masked only while its CTL is ENABLE, its CVAL the acknowledged
 *    one and its condition met (rearm_check); any library write of its CTL, CVAL
 *    or TVAL unmasks it. While loaded, the hardware CNTHCTL_EL2 traps the guest's
 *    accesses to each hardware timer that holds an acked timer (hw_cnthctl_ctx).
 *
 * Arithmetic: every count is `H - offset` modulo 2^64; the timer condition is
 * the unsigned comparison count >= CVAL (Arm ARM D12.1 "timer condition met",
 * pseudocode AArch64.CheckTimerConditions). TVAL reads `(CVAL - count)[31:0]`;
 * TVAL writes `CVAL = count + SignExtend(TVAL[31:0])`.
 *
 * Locking: none; one vCPU's state, serialised by the caller.
 */
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/vtimer.h>

#include "vtimer_tables.h"

/*
 * The tables the hot paths index live in this file so the compiler sees their
 * contents (and unrolls the VNCR copy); the rest are in vtimer_tables.c.
 */
/* clang-format off */
/* FEAT_NV2: the slots of the EL1 timers are reached through the *_EL02 names (NV1=0)
 * or the plain *_EL0 names (NV1=1); either way they hold L2's timers. */
#define VT_FIELD(m) ((uint16_t)offsetof(struct nvarm_vtimer, m))
const struct vt_vncr_slot nvarm__vt_vncr_slots[VT_NVNCR_SLOTS] = {
	/* name            page offset               item          timer                  field of nvarm_vtimer */
	{"CNTV_CVAL_EL0", NVARM_VNCR_CNTV_CVAL_EL0, VT_V_CVAL,    NVARM_VTIMER_EL1_VIRT, VT_FIELD(timer[NVARM_VTIMER_EL1_VIRT].cval)},
	{"CNTV_CTL_EL0",  NVARM_VNCR_CNTV_CTL_EL0,  VT_V_CTL,     NVARM_VTIMER_EL1_VIRT, VT_FIELD(timer[NVARM_VTIMER_EL1_VIRT].ctl)},
	{"CNTP_CVAL_EL0", NVARM_VNCR_CNTP_CVAL_EL0, VT_V_CVAL,    NVARM_VTIMER_EL1_PHYS, VT_FIELD(timer[NVARM_VTIMER_EL1_PHYS].cval)},
	{"CNTP_CTL_EL0",  NVARM_VNCR_CNTP_CTL_EL0,  VT_V_CTL,     NVARM_VTIMER_EL1_PHYS, VT_FIELD(timer[NVARM_VTIMER_EL1_PHYS].ctl)},
	{"CNTVOFF_EL2",   NVARM_VNCR_CNTVOFF_EL2,   VT_V_CNTVOFF, 0,                     VT_FIELD(cntvoff)},
	{"CNTPOFF_EL2",   NVARM_VNCR_CNTPOFF_EL2,   VT_V_CNTPOFF, 0,                     VT_FIELD(cntpoff)},
};
const size_t nvarm__vt_nvncr_slots = VT_NVNCR_SLOTS;

const struct vt_timer_info nvarm__vt_timers[NVARM_VTIMER_COUNT] = {
	[NVARM_VTIMER_EL1_PHYS] = {"EL1 physical (CNTP)", NVARM_PPI_CNTP, VT_OFF_CNTPOFF_ECV,  NVARM_VTIMER_CTX_L2, NVARM_VTIMER_HW_PHYS},
	[NVARM_VTIMER_EL1_VIRT] = {"EL1 virtual (CNTV)",  NVARM_PPI_CNTV, VT_OFF_CNTVOFF,  NVARM_VTIMER_CTX_L2, NVARM_VTIMER_HW_VIRT},
	[NVARM_VTIMER_EL2_PHYS] = {"EL2 physical (CNTHP)", NVARM_PPI_CNTHP, VT_OFF_NONE, NVARM_VTIMER_CTX_L1, NVARM_VTIMER_HW_PHYS},
	[NVARM_VTIMER_EL2_VIRT] = {"EL2 virtual (CNTHV)",  NVARM_PPI_CNTHV, VT_OFF_NONE, NVARM_VTIMER_CTX_L1, NVARM_VTIMER_HW_VIRT},
};

/* The timer map (see include/nvarm/vtimer.h): [context][hardware timer]. */
const uint8_t nvarm__vt_backing[2][2] = {
	[NVARM_VTIMER_CTX_L1] = {NVARM_VTIMER_EL2_PHYS, NVARM_VTIMER_EL2_VIRT},
	[NVARM_VTIMER_CTX_L2] = {NVARM_VTIMER_EL1_PHYS, NVARM_VTIMER_EL1_VIRT},
};

/* How L0 names the hardware EL1 timer registers: with E2H=1 at EL2 the plain EL0/EL1
 * names are redirected to L0's own EL2 timers / CNTHCTL, so the EL02/EL12 names are used. */
const uint32_t nvarm__vt_hw_enc[2][VT_HW__COUNT] = {
	[0] = {
		[VT_HW_P_CTL] = NVARM_ENC_CNTP_CTL_EL0,
		[VT_HW_P_CVAL] = NVARM_ENC_CNTP_CVAL_EL0,
		[VT_HW_V_CTL] = NVARM_ENC_CNTV_CTL_EL0,
		[VT_HW_V_CVAL] = NVARM_ENC_CNTV_CVAL_EL0,
		[VT_HW_CNTKCTL] = NVARM_ENC_CNTKCTL_EL1,
		[VT_HW_CNTVOFF] = NVARM_ENC_CNTVOFF_EL2,
		[VT_HW_CNTPOFF] = NVARM_ENC_CNTPOFF_EL2,
		[VT_HW_CNTHCTL] = NVARM_ENC_CNTHCTL_EL2,
	},
	[1] = {
		[VT_HW_P_CTL] = NVARM_ENC_CNTP_CTL_EL02,
		[VT_HW_P_CVAL] = NVARM_ENC_CNTP_CVAL_EL02,
		[VT_HW_V_CTL] = NVARM_ENC_CNTV_CTL_EL02,
		[VT_HW_V_CVAL] = NVARM_ENC_CNTV_CVAL_EL02,
		[VT_HW_CNTKCTL] = NVARM_ENC_CNTKCTL_EL12,
		[VT_HW_CNTVOFF] = NVARM_ENC_CNTVOFF_EL2,
		[VT_HW_CNTPOFF] = NVARM_ENC_CNTPOFF_EL2,
		[VT_HW_CNTHCTL] = NVARM_ENC_CNTHCTL_EL2,
	},
};
/* clang-format on */

#define CTL_RW (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_IMASK)
#define CTX_L1 NVARM_VTIMER_CTX_L1
#define CTX_L2 NVARM_VTIMER_CTX_L2

static unsigned vm_feats(const struct nvarm_vtimer *vt)
{
	return (vt->flags & NVARM_VTIMER_F_ECV) ? (1u << VT_F_ECV) : 0;
}

static unsigned hw_feats(const struct nvarm_vtimer *vt)
{
	return (vt->flags & NVARM_VTIMER_F_HW_ECV) ? (1u << VT_F_ECV) : 0;
}

static unsigned l1_layout(const struct nvarm_vtimer *vt)
{
	return vt->e2h ? VT_L_E2H1 : VT_L_E2H0;
}

static bool ecv_active(const struct nvarm_vtimer *vt)
{
	return (vt->flags & NVARM_VTIMER_F_ECV) && (vt->cnthctl & NVARM_CNTHCTL_ECV);
}

static bool cntkctl_in_hw(const struct nvarm_vtimer *vt)
{
	return vt->loaded && !(vt->ctx == CTX_L1 && vt->e2h);
}

static bool kshared_in_hw(const struct nvarm_vtimer *vt)
{
	return vt->loaded && vt->ctx == CTX_L1 && vt->e2h;
}

static bool timer_in_hw(const struct nvarm_vtimer *vt, unsigned t)
{
	return vt->loaded && nvarm__vt_timers[t].ctx_backed == vt->ctx;
}

static bool is_acked(const struct nvarm_vtimer *vt, unsigned t)
{
	return (vt->acked >> t) & 1u;
}

/* The guest's CTL from timer @t's hardware CTL: without the L0's IMASK when acked. */
static uint64_t guest_ctl(const struct nvarm_vtimer *vt, unsigned t, uint64_t raw)
{
	raw &= CTL_RW;
	return is_acked(vt, t) ? raw & ~NVARM_CNT_CTL_IMASK : raw;
}

/* The hardware CTL for timer @t's guest CTL: with the L0's IMASK when acked. */
static uint64_t hw_ctl_of(const struct nvarm_vtimer *vt, unsigned t, uint64_t ctl)
{
	return is_acked(vt, t) ? ctl | NVARM_CNT_CTL_IMASK : ctl;
}

/* Bit 0 of the result: ENABLE and not IMASK (bit 1) in timer control @p ctl. */
static inline uint64_t ctl_live(uint64_t ctl)
{
	_Static_assert(NVARM_CNT_CTL_ENABLE == 1 && NVARM_CNT_CTL_IMASK == 2, "CTL layout");
	return ctl & ~(ctl >> 1);
}

/* The hardware, as values (include/nvarm/vtimer.h: computed values). */
static uint64_t hwr(const struct nvarm_vtimer_hw *hw, enum vt_hwreg r)
{
	return hw->reg[r];
}

static void hww(struct nvarm_vtimer_hw *hw, enum vt_hwreg r, uint64_t v)
{
	hw->reg[r] = v;
	hw->dirty |= 1u << r;
}

/* Hardware CTL / CVAL register of hardware timer @hw. */
static enum vt_hwreg hw_ctl_reg(unsigned hw)
{
	return hw == NVARM_VTIMER_HW_PHYS ? VT_HW_P_CTL : VT_HW_V_CTL;
}

static enum vt_hwreg hw_cval_reg(unsigned hw)
{
	return hw == NVARM_VTIMER_HW_PHYS ? VT_HW_P_CVAL : VT_HW_V_CVAL;
}

/*
 * The hardware CNTHCTL_EL2 for context @ctx: hw_cnthctl[ctx] plus, for each hardware timer
 * that backs an acknowledged timer there, the trap of its registers (EL1PCEN/EL1PTEN for the
 * physical one, FEAT_ECV's EL1TVT for the virtual one when the hardware has it). The L0's
 * mask is IMASK in that hardware timer, which is not the guest's: a guest reading its CTL
 * without trapping would see it (IMASK is a software control, DDI 0487 D12 "CNTP_CTL_EL0",
 * "CNTV_CTL_EL0"), and a re-arm it made without trapping would not lift it. With the trap
 * its reads see its own CTL and its first write unmasks at once (tm_store_ctl/_cval).
 */
__attribute__((__noinline__)) static uint64_t hw_cnthctl_masked(const struct nvarm_vtimer *vt,
								unsigned ctx)
{
	unsigned host_layout = (vt->flags & NVARM_VTIMER_F_HOST_VHE) ? VT_L_E2H1 : VT_L_E2H0;
	unsigned traps = 0;

	if (is_acked(vt, nvarm__vt_backing[ctx][NVARM_VTIMER_HW_PHYS]))
		traps |= VT_TRAP_PTIMER;
	if (is_acked(vt, nvarm__vt_backing[ctx][NVARM_VTIMER_HW_VIRT]))
		traps |= VT_TRAP_VTIMER;
	return nvarm__vt_cnthctl_apply_traps(vt->hw_cnthctl[ctx], traps, host_layout, hw_feats(vt));
}

static inline uint64_t hw_cnthctl_ctx(const struct nvarm_vtimer *vt, unsigned ctx)
{
	return NVARM_LIKELY(!vt->acked) ? vt->hw_cnthctl[ctx] : hw_cnthctl_masked(vt, ctx);
}

/* After the acknowledged set changed: the hardware CNTHCTL_EL2 of the loaded context. */
static void hw_cnthctl_refresh(const struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw)
{
	uint64_t v;

	if (!vt->loaded || !hw)
		return;
	v = hw_cnthctl_ctx(vt, vt->ctx);
	if (v != hwr(hw, VT_HW_CNTHCTL))
		hww(hw, VT_HW_CNTHCTL, v);
}

uint64_t nvarm_vtimer_offset(const struct nvarm_vtimer *vt, unsigned timer)
{
	if (!vt || timer >= NVARM_VTIMER_COUNT)
		return 0;
	switch (nvarm__vt_timers[timer].offset) {
	case VT_OFF_CNTVOFF:
		return vt->l0_offset + vt->cntvoff;
	case VT_OFF_CNTPOFF_ECV:
		return vt->l0_offset + (ecv_active(vt) ? vt->cntpoff : 0);
	default:
		return vt->l0_offset;
	}
}

uint64_t nvarm_vtimer_count(const struct nvarm_vtimer *vt, unsigned timer, uint64_t hw_now)
{
	return hw_now - nvarm_vtimer_offset(vt, timer);
}

void nvarm_vtimer_hw_offsets(const struct nvarm_vtimer *vt, enum nvarm_vtimer_ctx ctx,
			     uint64_t *cntvoff, uint64_t *cntpoff)
{
	unsigned c = (unsigned)ctx & 1u;

	if (!vt)
		return;
	if (cntvoff)
		*cntvoff = nvarm_vtimer_offset(vt, nvarm__vt_backing[c][NVARM_VTIMER_HW_VIRT]);
	if (cntpoff)
		*cntpoff = (vt->flags & NVARM_VTIMER_F_HW_ECV)
			       ? nvarm_vtimer_offset(vt, nvarm__vt_backing[c][NVARM_VTIMER_HW_PHYS])
			       : 0;
}

/* Recompute what depends on cnthctl / e2h. */
static void recompute(struct nvarm_vtimer *vt)
{
	unsigned host_layout = (vt->flags & NVARM_VTIMER_F_HOST_VHE) ? VT_L_E2H1 : VT_L_E2H0;
	uint64_t base = vt->host_cnthctl;
	unsigned l1_traps;

	vt->cnthctl_mask = nvarm__vt_cnthctl_writable(l1_layout(vt), vm_feats(vt));
	vt->kshared_mask = nvarm__vt_cnthctl_kshared(vm_feats(vt));
	vt->cntkctl_mask = nvarm__vt_cntkctl_writable(vm_feats(vt));
	vt->l2_traps = (uint8_t)nvarm__vt_cnthctl_traps(vt->cnthctl, l1_layout(vt), vm_feats(vt));
	if (vt->flags & NVARM_VTIMER_F_HW_ECV)
		base |= NVARM_CNTHCTL_ECV;
	/*
	 * L1 in vEL2 with E2H=0: its CNTP_*_EL0 / CNTV_*_EL0 mean the EL1 timers, which
	 * are emulated while the hardware ones hold CNTHP/CNTHV, and its CNTVCT_EL0
	 * must include CNTVOFF_EL2 (offset applies at EL2 when E2H=0). Trap them, also
	 * with FEAT_NV2: there CTL and CVAL would go to the VNCR page, but TVAL (no slot)
	 * to the hardware timer, i.e. L1's CNTHP/CNTHV (measured on QEMU 10).
	 */
	l1_traps = vt->e2h ? 0 : (VT_TRAP_PTIMER | VT_TRAP_VTIMER | VT_TRAP_VCOUNT);
	vt->hw_cnthctl[CTX_L1] =
	    nvarm__vt_cnthctl_apply_traps(base, l1_traps, host_layout, hw_feats(vt));
	/*
	 * L1 in vEL2 with E2H=1 and FEAT_NV2 ({NV2,NV1,NV} = {1,0,1}): its CNTP/CNTV_CTL_EL02
	 * and _CVAL_EL02 go to the VNCR page with no trap, so it would read a stale ISTATUS
	 * (the timer is emulated while L1 runs: no hardware computes it) and a re-arm would
	 * stay unseen until its next trap. FEAT_ECV's EL1NVPCT/EL1NVVCT trap exactly those
	 * accesses, and only with that {NV2,NV1,NV} (DDI 0487 D24.10 CNTHCTL_EL2), as FEAT_NV
	 * traps them without NV2; the emulation keeps the page coherent.
	 */
	if (vt->e2h && vt->vncr && (vt->flags & NVARM_VTIMER_F_HW_ECV))
		vt->hw_cnthctl[CTX_L1] |=
		    NVARM_CNTHCTL_EL2_E2H1_EL1NVPCT | NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT;
	l1_traps = nvarm__vt_cnthctl_traps(vt->hw_cnthctl[CTX_L1], host_layout, hw_feats(vt));
	vt->l1_hw_trapped =
	    (l1_traps & (VT_TRAP_PTIMER | VT_TRAP_VTIMER)) == (VT_TRAP_PTIMER | VT_TRAP_VTIMER);
	vt->hw_cnthctl[CTX_L2] =
	    nvarm__vt_cnthctl_apply_traps(base, vt->l2_traps, host_layout, hw_feats(vt));
	/*
	 * L1's own EL1NVPCT/EL1NVVCT, for a guest hypervisor it runs with '101': the
	 * hardware traps them while L2 runs (the L0 gives L2 L1's {NV2,NV1,NV}) and trap
	 * forwarding hands them to L1 (forward_rules.c C_CNT_EL1NVPCT/EL1NVVCT).
	 */
	if (vt->flags & NVARM_VTIMER_F_HW_ECV)
		vt->hw_cnthctl[CTX_L2] |= vt->cnthctl & (NVARM_CNTHCTL_EL2_E2H1_EL1NVPCT |
							 NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT);
}

void nvarm_vtimer_config_default(struct nvarm_vtimer_config *cfg)
{
	if (!cfg)
		return;
	nvarm_memset(cfg, 0, sizeof(*cfg));
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		cfg->ppi[t] = nvarm__vt_timers[t].default_ppi;
	cfg->host_cnthctl = NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN;
}

int nvarm_vtimer_init(struct nvarm_vtimer *vt, const struct nvarm_vtimer_config *cfg)
{
	const uint32_t known = NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV | NVARM_VTIMER_F_HOST_VHE;

	if (!vt || !cfg || (cfg->flags & ~known) || ((uintptr_t)cfg->vncr & 7))
		return NVARM_ERR_INVAL;
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		if (cfg->ppi[t] < 16 || cfg->ppi[t] > 31)
			return NVARM_ERR_INVAL;
		for (unsigned u = 0; u < t; u++)
			if (cfg->ppi[u] == cfg->ppi[t])
				return NVARM_ERR_INVAL;
	}
	if (!(cfg->flags & NVARM_VTIMER_F_HW_ECV) &&
	    (cfg->l0_offset || (cfg->flags & NVARM_VTIMER_F_ECV)))
		return NVARM_ERR_UNSUPPORTED;
	nvarm_memset(vt, 0, sizeof(*vt));
	vt->l0_offset = cfg->l0_offset;
	vt->host_cnthctl = cfg->host_cnthctl;
	vt->vncr = cfg->vncr;
	vt->flags = cfg->flags;
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		vt->ppi[t] = cfg->ppi[t];
	vt->ctx = CTX_L1;
	/* Reset: L1's EL1 physical counter and timer accessible to L2. */
	vt->cnthctl = NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN;
	recompute(vt);
	return NVARM_OK;
}

/* ---------------------------------------------------------------- VNCR page */

static uint64_t *slot(void *page, uint16_t off)
{
	return (uint64_t *)(void *)((unsigned char *)page + off);
}

/* SignExtend(v[31:0], 64), without implementation-defined conversions. */
static uint64_t sext32(uint64_t v)
{
	return ((v & 0xffffffffu) ^ 0x80000000u) - 0x80000000u;
}

static bool met(uint64_t count, uint64_t cval)
{
	return count >= cval;
}

static uint64_t ctl_view(const struct nvarm_vtimer *vt, unsigned t, uint64_t ctl, uint64_t cval,
			 uint64_t hw_now)
{
	ctl &= CTL_RW;
	if ((ctl & NVARM_CNT_CTL_ENABLE) && met(nvarm_vtimer_count(vt, t, hw_now), cval))
		ctl |= NVARM_CNT_CTL_ISTATUS;
	return ctl;
}

static uint64_t *field(struct nvarm_vtimer *vt, uint16_t off)
{
	return (uint64_t *)(void *)((unsigned char *)vt + off);
}

/* Copy slots [0, n) of the page into @vt (guest values: CTL keeps ENABLE|IMASK). */
static void import_slots(struct nvarm_vtimer *vt, const void *page, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct vt_vncr_slot *s = &nvarm__vt_vncr_slots[i];
		uint64_t v = *slot((void *)(uintptr_t)page, s->offset);

		if (s->item == VT_V_CTL)
			v &= CTL_RW;
		else if (s->item == VT_V_CNTPOFF && !(vt->flags & NVARM_VTIMER_F_ECV))
			continue;
		*field(vt, s->field) = v;
	}
}

/* Copy slots [0, n) of @vt into the page (CTL with ISTATUS as of @hw_now). */
static void export_slots(const struct nvarm_vtimer *vt, void *page, size_t n, uint64_t hw_now)
{
	for (size_t i = 0; i < n; i++) {
		const struct vt_vncr_slot *s = &nvarm__vt_vncr_slots[i];
		uint64_t v = *field((struct nvarm_vtimer *)(uintptr_t)vt, s->field);

		if (s->item == VT_V_CTL)
			v = ctl_view(vt, s->timer, v, vt->timer[s->timer].cval, hw_now);
		*slot(page, s->offset) = v;
	}
}

/*
 * Import also into the copies of loaded timers: harmless, those copies are stale
 * by definition and overwritten when the hardware is saved.
 */
int nvarm_vtimer_vncr_import(struct nvarm_vtimer *vt, const void *page)
{
	if (!vt || !page || ((uintptr_t)page & 7))
		return NVARM_ERR_INVAL;
	vt->sw_memo = 0;
	import_slots(vt, page, VT_NVNCR_SLOTS);
	return NVARM_OK;
}

int nvarm_vtimer_vncr_dirty(const struct nvarm_vtimer *vt)
{
	if (!vt)
		return NVARM_ERR_INVAL;
	if (!vt->vncr || vt->ctx != CTX_L1)
		return 0;
	/* (every trap of L1 under NV2 asks: one pass of loads and XORs, no branch per slot;
	 * the slots' compared bits: CTL's RW ones, CNTPOFF only with FEAT_ECV) */
	uint64_t diff = 0, poff = (vt->flags & NVARM_VTIMER_F_ECV) ? ~UINT64_C(0) : 0;
	for (size_t i = 0; i < VT_NVNCR_SLOTS; i++) {
		const struct vt_vncr_slot *s = &nvarm__vt_vncr_slots[i];
		uint64_t m = s->item == VT_V_CTL       ? CTL_RW
			     : s->item == VT_V_CNTPOFF ? poff
						       : ~UINT64_C(0);

		diff |= (*slot(vt->vncr, s->offset) ^
			 *field((struct nvarm_vtimer *)(uintptr_t)vt, s->field)) &
			m;
	}
	return diff != 0;
}

int nvarm_vtimer_vncr_export(const struct nvarm_vtimer *vt, void *page, uint64_t hw_now)
{
	if (!vt || !page || ((uintptr_t)page & 7))
		return NVARM_ERR_INVAL;
	if (vt->loaded && vt->ctx == CTX_L2)
		return NVARM_ERR_STATE;
	export_slots(vt, page, VT_NVNCR_SLOTS, hw_now);
	return NVARM_OK;
}

/* With NV2, while L1 runs, the page is the live copy of what it holds. */
static void sync_in(struct nvarm_vtimer *vt)
{
	if (vt->vncr && vt->ctx == CTX_L1)
		(void)nvarm_vtimer_vncr_import(vt, vt->vncr);
}

static void sync_out(struct nvarm_vtimer *vt, uint64_t hw_now)
{
	if (vt->vncr && vt->ctx == CTX_L1)
		(void)nvarm_vtimer_vncr_export(vt, vt->vncr, hw_now);
}

/* ------------------------------------------------------ hardware save/load */

static void save_timers(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw)
{
	const uint8_t *map = nvarm__vt_backing[vt->ctx];
	struct nvarm_vtimer_regs *p = &vt->timer[map[NVARM_VTIMER_HW_PHYS]];
	struct nvarm_vtimer_regs *v = &vt->timer[map[NVARM_VTIMER_HW_VIRT]];

	p->ctl = guest_ctl(vt, map[NVARM_VTIMER_HW_PHYS], hwr(hw, VT_HW_P_CTL));
	p->cval = hwr(hw, VT_HW_P_CVAL);
	v->ctl = guest_ctl(vt, map[NVARM_VTIMER_HW_VIRT], hwr(hw, VT_HW_V_CTL));
	v->cval = hwr(hw, VT_HW_V_CVAL);
}

/*
 * Offsets and CNTHCTL first, so the timers never see the wrong frame enabled.
 * @force: write everything (vCPU load); otherwise skip values already there.
 */
static void load_context(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, bool force)
{
	const uint8_t *map = nvarm__vt_backing[vt->ctx];
	const struct nvarm_vtimer_regs *p = &vt->timer[map[NVARM_VTIMER_HW_PHYS]];
	const struct nvarm_vtimer_regs *v = &vt->timer[map[NVARM_VTIMER_HW_VIRT]];
	uint64_t voff, poff, cnthctl = hw_cnthctl_ctx(vt, vt->ctx);

	nvarm_vtimer_hw_offsets(vt, (enum nvarm_vtimer_ctx)vt->ctx, &voff, &poff);
	if (force || cnthctl != hw->reg[VT_HW_CNTHCTL])
		hww(hw, VT_HW_CNTHCTL, cnthctl);
	if (force || voff != hw->reg[VT_HW_CNTVOFF])
		hww(hw, VT_HW_CNTVOFF, voff);
	if ((vt->flags & NVARM_VTIMER_F_HW_ECV) && (force || poff != hw->reg[VT_HW_CNTPOFF]))
		hww(hw, VT_HW_CNTPOFF, poff);
	hww(hw, VT_HW_P_CVAL, p->cval);
	hww(hw, VT_HW_P_CTL, hw_ctl_of(vt, map[NVARM_VTIMER_HW_PHYS], p->ctl));
	hww(hw, VT_HW_V_CVAL, v->cval);
	hww(hw, VT_HW_V_CTL, hw_ctl_of(vt, map[NVARM_VTIMER_HW_VIRT], v->ctl));
}

static uint64_t kshared(const struct nvarm_vtimer *vt)
{
	return vt->kshared_mask;
}

/* The hardware CNTKCTL_EL1 value for the current context. */
static uint64_t cntkctl_for_ctx(const struct nvarm_vtimer *vt)
{
	if (vt->ctx == CTX_L1 && vt->e2h)
		return vt->cnthctl & kshared(vt);
	return vt->cntkctl;
}

/* Save the hardware CNTKCTL_EL1 to wherever it belongs in the current context. */
static void save_cntkctl(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw)
{
	uint64_t k = hwr(hw, VT_HW_CNTKCTL);

	if (vt->ctx == CTX_L1 && vt->e2h) {
		uint64_t m = kshared(vt);
		vt->cnthctl = (vt->cnthctl & ~m) | (k & m);
	} else {
		vt->cntkctl = k & vt->cntkctl_mask;
	}
}

int nvarm_vtimer_activate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now)
{
	if (!vt || !hw)
		return NVARM_ERR_INVAL;
	if (vt->loaded)
		return NVARM_ERR_STATE;
	vt->sw_memo = 0;
	load_context(vt, hw, true);
	hww(hw, VT_HW_CNTKCTL, cntkctl_for_ctx(vt));
	vt->loaded = 1;
	sync_out(vt, hw_now);
	return NVARM_OK;
}

int nvarm_vtimer_deactivate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw)
{
	if (!vt || !hw)
		return NVARM_ERR_INVAL;
	if (!vt->loaded)
		return NVARM_ERR_STATE;
	vt->sw_memo = 0;
	sync_in(vt);
	save_timers(vt, hw);
	save_cntkctl(vt, hw);
	/* Leave the hardware timers quiet for whoever runs next. */
	hww(hw, VT_HW_P_CTL, 0);
	hww(hw, VT_HW_V_CTL, 0);
	vt->loaded = 0;
	return NVARM_OK;
}

/* The switch of acknowledged timers (rare): the L0's IMASK is not the guest's CTL; the
 * incoming ones get it in the hardware and their registers trap. Returns the dirty bits. */
__attribute__((__noinline__)) static uint32_t switch_acked(struct nvarm_vtimer *vt, unsigned from,
							   unsigned to, uint64_t *r)
{
	uint32_t dirty = 0;

	for (unsigned h = 0; h < 2; h++) {
		unsigned ot = nvarm__vt_backing[from][h], nt = nvarm__vt_backing[to][h];
		enum vt_hwreg c = hw_ctl_reg(h);
		uint64_t ctl;

		vt->timer[ot].ctl = guest_ctl(vt, ot, vt->timer[ot].ctl);
		ctl = hw_ctl_of(vt, nt, vt->timer[nt].ctl);
		dirty |= (uint32_t)(ctl != r[c]) << c;
		r[c] = ctl;
	}
	/* The incoming masked timers' registers trap (hw_cnthctl_ctx). */
	uint64_t cnthctl = hw_cnthctl_masked(vt, to);
	if (cnthctl == r[VT_HW_CNTHCTL])
		return dirty;
	r[VT_HW_CNTHCTL] = cnthctl;
	return dirty | 1u << VT_HW_CNTHCTL;
}

/* The hardware timers' offsets for context @p to (= nvarm_vtimer_offset() of EL1 virtual / EL1
 * physical, open-coded for the world switch). */
static inline void hw_offsets(const struct nvarm_vtimer *vt, unsigned to, uint64_t *voff,
			      uint64_t *poff)
{
	*voff = *poff = vt->l0_offset;
	if (to == CTX_L2) {
		*voff += vt->cntvoff;
		if (ecv_active(vt))
			*poff += vt->cntpoff;
	}
}

/* The world switch with E2H = 1: CNTKCTL_EL1 holds L1's CNTHCTL_EL2 EL0 controls in vEL2, L2's
 * own in L2. Swapped in the hardware image @p r leaving @p from; its dirty bit. */
static inline uint32_t cntkctl_swap(struct nvarm_vtimer *vt, uint64_t *r, unsigned from)
{
	uint64_t k = r[VT_HW_CNTKCTL];

	if (from == CTX_L1) {
		vt->cnthctl = (vt->cnthctl & ~vt->kshared_mask) | (k & vt->kshared_mask);
		r[VT_HW_CNTKCTL] = vt->cntkctl;
	} else {
		vt->cntkctl = k & vt->cntkctl_mask;
		r[VT_HW_CNTKCTL] = vt->cnthctl & vt->kshared_mask;
	}
	return 1u << VT_HW_CNTKCTL;
}

/*
 * The world switch with the hardware loaded: the hot path the L0 runs on every
 * L1<->L2 transition. Straight-line; one dirty-mask update at the end.
 */
static inline __attribute__((__always_inline__)) void
switch_loaded(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, const unsigned from,
	      const unsigned to, uint64_t hw_now)
{
	struct nvarm_vtimer_regs *op = &vt->timer[nvarm__vt_backing[from][NVARM_VTIMER_HW_PHYS]];
	struct nvarm_vtimer_regs *ov = &vt->timer[nvarm__vt_backing[from][NVARM_VTIMER_HW_VIRT]];
	const struct nvarm_vtimer_regs *np =
	    &vt->timer[nvarm__vt_backing[to][NVARM_VTIMER_HW_PHYS]];
	const struct nvarm_vtimer_regs *nv =
	    &vt->timer[nvarm__vt_backing[to][NVARM_VTIMER_HW_VIRT]];
	uint64_t *r = hw->reg;
	uint32_t dirty = 0;
	uint64_t voff, poff, cnthctl;

	/* Leaving L1: the page holds what L1 wrote to L2's timers and the offsets. */
	if (vt->vncr && from == CTX_L1)
		import_slots(vt, vt->vncr, VT_NVNCR_SLOTS);
	op->ctl = r[VT_HW_P_CTL] & CTL_RW;
	op->cval = r[VT_HW_P_CVAL];
	ov->ctl = r[VT_HW_V_CTL] & CTL_RW;
	ov->cval = r[VT_HW_V_CVAL];
	if (vt->e2h)
		dirty |= cntkctl_swap(vt, r, from);
	vt->ctx = (uint8_t)to;
	/* Hardware offsets: each hardware timer counts in the frame of the one it backs. */
	hw_offsets(vt, to, &voff, &poff);
	cnthctl = vt->hw_cnthctl[to]; /* and the traps of masked timers: switch_acked */
	if (cnthctl != r[VT_HW_CNTHCTL]) {
		r[VT_HW_CNTHCTL] = cnthctl;
		dirty |= 1u << VT_HW_CNTHCTL;
	}
	if (voff != r[VT_HW_CNTVOFF]) {
		r[VT_HW_CNTVOFF] = voff;
		dirty |= 1u << VT_HW_CNTVOFF;
	}
	if ((vt->flags & NVARM_VTIMER_F_HW_ECV) && poff != r[VT_HW_CNTPOFF]) {
		r[VT_HW_CNTPOFF] = poff;
		dirty |= 1u << VT_HW_CNTPOFF;
	}
	/* The incoming timers: flagged only where the hardware holds something else (the slots
	 * are what the hardware holds: pulled before the call), since a timer register write
	 * can cost an emulator a re-evaluation of its timer. */
	dirty |= (uint32_t)(r[VT_HW_P_CVAL] != np->cval) << VT_HW_P_CVAL;
	dirty |= (uint32_t)((r[VT_HW_P_CTL] & CTL_RW) != np->ctl) << VT_HW_P_CTL;
	dirty |= (uint32_t)(r[VT_HW_V_CVAL] != nv->cval) << VT_HW_V_CVAL;
	dirty |= (uint32_t)((r[VT_HW_V_CTL] & CTL_RW) != nv->ctl) << VT_HW_V_CTL;
	r[VT_HW_P_CVAL] = np->cval;
	r[VT_HW_P_CTL] = np->ctl;
	r[VT_HW_V_CVAL] = nv->cval;
	r[VT_HW_V_CTL] = nv->ctl;
	if (NVARM_UNLIKELY(vt->acked))
		dirty |= switch_acked(vt, from, to, r);
	hw->dirty |= dirty;
	/* Entering L1: L2's timers as L2 left them; the offsets did not change. */
	if (vt->vncr && to == CTX_L1)
		export_slots(vt, vt->vncr, VT_NVNCR_TIMER_SLOTS, hw_now);
}

/* The general world switch: every state (not loaded, acknowledged timers, the no-op). */
int nvarm__vt_switch_ref(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned to,
			 uint64_t hw_now)
{
	if (!vt || (to != CTX_L1 && to != CTX_L2))
		return NVARM_ERR_INVAL;
	if (to == vt->ctx)
		return NVARM_OK;
	vt->sw_memo = 0;
	if (!vt->loaded) {
		sync_in(vt);
		vt->ctx = (uint8_t)to;
		sync_out(vt, hw_now);
		return NVARM_OK;
	}
	if (!hw)
		return NVARM_ERR_INVAL;
	/* (one copy per direction: the backing map's lookups become constants) */
	if (to == CTX_L2)
		switch_loaded(vt, hw, CTX_L1, CTX_L2, hw_now);
	else
		switch_loaded(vt, hw, CTX_L2, CTX_L1, hw_now);
	return NVARM_OK;
}

/*
 * Entering L1 with a VNCR page: L2's timers into the page's slots, CTL with ISTATUS as of
 * @p hw_now (export_slots of the four timer slots, with the values in registers; a disabled
 * timer's ISTATUS is 0, so only an enabled one needs its count).
 */
static inline void put_l2_timers(const struct nvarm_vtimer *vt, void *page, uint64_t pc,
				 uint64_t pv, uint64_t vc, uint64_t vv, uint64_t hw_now)
{
	if (NVARM_UNLIKELY((pc | vc) & NVARM_CNT_CTL_ENABLE)) {
		/* nvarm_vtimer_count() of the EL1 virtual and physical timers */
		uint64_t p1 = hw_now - vt->l0_offset;

		if ((vc & NVARM_CNT_CTL_ENABLE) && met(p1 - vt->cntvoff, vv))
			vc |= NVARM_CNT_CTL_ISTATUS;
		if ((pc & NVARM_CNT_CTL_ENABLE) && met(p1 - (ecv_active(vt) ? vt->cntpoff : 0), pv))
			pc |= NVARM_CNT_CTL_ISTATUS;
	}
	*slot(page, NVARM_VNCR_CNTV_CVAL_EL0) = vv;
	*slot(page, NVARM_VNCR_CNTV_CTL_EL0) = vc;
	*slot(page, NVARM_VNCR_CNTP_CVAL_EL0) = pv;
	*slot(page, NVARM_VNCR_CNTP_CTL_EL0) = pc;
}

/*
 * The world switch of the L0's every L1<->L2 transition: loaded, no timer acknowledged (the
 * L0's masks: switch_acked, in the general path). The same state and dirty set as
 * switch_loaded (tests/vtimer/test_vtimer_switch.c holds them equal over random states), with
 * what the general path looks up kept in registers: the outgoing timers read once from the
 * mirror, the incoming ones (L2's from the VNCR page when L1 leaves) compared with it there,
 * and the page's ISTATUS computed only for an enabled timer (put_l2_timers). Also answers
 * nvarm_vtimer_idle() for the new context from the four CTLs it holds: 1 when none is live (ENABLE
 * set, IMASK clear: CTL & 3 == 1).
 */
static inline __attribute__((__always_inline__)) int switch_fast(struct nvarm_vtimer *vt,
								 struct nvarm_vtimer_hw *hw,
								 const unsigned from,
								 const unsigned to, uint64_t hw_now)
{
	struct nvarm_vtimer_regs *op = &vt->timer[nvarm__vt_backing[from][NVARM_VTIMER_HW_PHYS]];
	struct nvarm_vtimer_regs *ov = &vt->timer[nvarm__vt_backing[from][NVARM_VTIMER_HW_VIRT]];
	struct nvarm_vtimer_regs *np = &vt->timer[nvarm__vt_backing[to][NVARM_VTIMER_HW_PHYS]];
	struct nvarm_vtimer_regs *nv = &vt->timer[nvarm__vt_backing[to][NVARM_VTIMER_HW_VIRT]];
	uint64_t *r = hw->reg;
	void *page = vt->vncr;
	/* the outgoing timers as their guest left them (no L0 mask: none is acknowledged) */
	const uint64_t opc = r[VT_HW_P_CTL] & CTL_RW, opv = r[VT_HW_P_CVAL];
	const uint64_t ovc = r[VT_HW_V_CTL] & CTL_RW, ovv = r[VT_HW_V_CVAL];
	uint64_t npc, npv, nvc, nvv, voff, poff, cnthctl;
	uint32_t dirty = 0;

	if (from == CTX_L1 && page) {
		/* Leaving L1: its guest's timers and the offsets as it left them in the page
		 * (import_slots, open-coded: the values stay in registers) */
		nvv = *slot(page, NVARM_VNCR_CNTV_CVAL_EL0);
		nvc = *slot(page, NVARM_VNCR_CNTV_CTL_EL0) & CTL_RW;
		npv = *slot(page, NVARM_VNCR_CNTP_CVAL_EL0);
		npc = *slot(page, NVARM_VNCR_CNTP_CTL_EL0) & CTL_RW;
		vt->cntvoff = *slot(page, NVARM_VNCR_CNTVOFF_EL2);
		if (vt->flags & NVARM_VTIMER_F_ECV)
			vt->cntpoff = *slot(page, NVARM_VNCR_CNTPOFF_EL2);
		np->cval = npv, np->ctl = npc, nv->cval = nvv, nv->ctl = nvc;
	} else {
		npc = np->ctl, npv = np->cval, nvc = nv->ctl, nvv = nv->cval;
	}
	op->ctl = opc, op->cval = opv, ov->ctl = ovc, ov->cval = ovv;
	if (NVARM_UNLIKELY(vt->e2h))
		dirty = cntkctl_swap(vt, r, from);
	vt->ctx = (uint8_t)to;
	hw_offsets(vt, to, &voff, &poff);
	cnthctl = vt->hw_cnthctl[to];
	dirty |= (uint32_t)(r[VT_HW_CNTHCTL] != cnthctl) << VT_HW_CNTHCTL;
	dirty |= (uint32_t)(r[VT_HW_CNTVOFF] != voff) << VT_HW_CNTVOFF;
	r[VT_HW_CNTHCTL] = cnthctl;
	r[VT_HW_CNTVOFF] = voff;
	if (vt->flags & NVARM_VTIMER_F_HW_ECV) {
		dirty |= (uint32_t)(r[VT_HW_CNTPOFF] != poff) << VT_HW_CNTPOFF;
		r[VT_HW_CNTPOFF] = poff;
	}
	/* The incoming timers, flagged only where the hardware holds something else (of CTL,
	 * what a write sets: ISTATUS is the hardware's view of the condition). */
	dirty |= (uint32_t)(opc != npc) << VT_HW_P_CTL | (uint32_t)(opv != npv) << VT_HW_P_CVAL |
		 (uint32_t)(ovc != nvc) << VT_HW_V_CTL | (uint32_t)(ovv != nvv) << VT_HW_V_CVAL;
	r[VT_HW_P_CTL] = npc, r[VT_HW_P_CVAL] = npv, r[VT_HW_V_CTL] = nvc, r[VT_HW_V_CVAL] = nvv;
	hw->dirty |= dirty;
	_Static_assert(NVARM_CNT_CTL_ENABLE == 1 && NVARM_CNT_CTL_IMASK == 2, "CTL layout");
	const int idle = opc != NVARM_CNT_CTL_ENABLE && ovc != NVARM_CNT_CTL_ENABLE &&
			 npc != NVARM_CNT_CTL_ENABLE && nvc != NVARM_CNT_CTL_ENABLE;
	/* The way back, while nothing changes, flags the same slots (switch_memo). */
	vt->sw_memo = 1;
	vt->sw_dirty = dirty;
	vt->sw_idle = (uint8_t)idle;
	if (to == CTX_L1 && page) /* entering L1: its guest's timers into the page */
		put_l2_timers(vt, page, opc, opv, ovc, ovv, hw_now);
	return idle;
}

/*
 * The world switch back, when nothing changed since the last one (vt->sw_memo: no other call
 * since; the hardware's timers, the CNTKCTL_EL1 the switch gave an E2H=1 L1 or its guest, and,
 * leaving L1 with a VNCR page, the page's timer slots and offsets, all as the last switch left
 * them, which it checks here). Then switch_fast would flag the slots the last switch flagged
 * (the two contexts' hardware values differ where they did) and find the same idle answer;
 * its stores of the outgoing timers and of the page's into the saved copies would store what
 * they hold. What is left: the incoming values into the mirror, the context, the page's slots
 * entering L1. Returns -1 when something changed (switch_fast then).
 */
static inline __attribute__((__always_inline__)) int switch_memo(struct nvarm_vtimer *vt,
								 struct nvarm_vtimer_hw *hw,
								 const unsigned from,
								 const unsigned to, uint64_t hw_now)
{
	struct nvarm_vtimer_regs *const tm = vt->timer;
	const unsigned op = nvarm__vt_backing[from][NVARM_VTIMER_HW_PHYS];
	const unsigned ov = nvarm__vt_backing[from][NVARM_VTIMER_HW_VIRT];
	const unsigned np = nvarm__vt_backing[to][NVARM_VTIMER_HW_PHYS];
	const unsigned nv = nvarm__vt_backing[to][NVARM_VTIMER_HW_VIRT];
	uint64_t *r = hw->reg;
	void *page = vt->vncr;
	/* everything loaded before anything is stored (the mirror, the state and the page are
	 * distinct objects, but the compiler cannot know it) */
	const uint64_t opc = tm[op].ctl, opv = tm[op].cval, ovc = tm[ov].ctl, ovv = tm[ov].cval;
	const uint64_t npc = tm[np].ctl, npv = tm[np].cval, nvc = tm[nv].ctl, nvv = tm[nv].cval;
	uint64_t d, voff, poff;

	/* The guest's hardware timers, unless it cannot write them (an E2H=0 L1: every access
	 * traps, and a trapped write drops the memo). Of CTL, the bits the guest writes:
	 * ISTATUS is the hardware's, or the page's copy of it, which the import drops. */
	d = 0;
	if (from != CTX_L1 || !vt->l1_hw_trapped)
		d = ((r[VT_HW_P_CTL] ^ opc) & ~NVARM_CNT_CTL_ISTATUS) | (r[VT_HW_P_CVAL] ^ opv) |
		    ((r[VT_HW_V_CTL] ^ ovc) & ~NVARM_CNT_CTL_ISTATUS) | (r[VT_HW_V_CVAL] ^ ovv);
	if (vt->e2h)
		d |= r[VT_HW_CNTKCTL] ^
		     (from == CTX_L1 ? vt->cnthctl & vt->kshared_mask : vt->cntkctl);
	if (from == CTX_L1 && page) {
		d |= (*slot(page, NVARM_VNCR_CNTV_CVAL_EL0) ^ nvv) |
		     ((*slot(page, NVARM_VNCR_CNTV_CTL_EL0) ^ nvc) & ~NVARM_CNT_CTL_ISTATUS) |
		     (*slot(page, NVARM_VNCR_CNTP_CVAL_EL0) ^ npv) |
		     ((*slot(page, NVARM_VNCR_CNTP_CTL_EL0) ^ npc) & ~NVARM_CNT_CTL_ISTATUS) |
		     (*slot(page, NVARM_VNCR_CNTVOFF_EL2) ^ vt->cntvoff);
		if (vt->flags & NVARM_VTIMER_F_ECV)
			d |= *slot(page, NVARM_VNCR_CNTPOFF_EL2) ^ vt->cntpoff;
	}
	if (d)
		return -1;
	hw_offsets(vt, to, &voff, &poff);
	const uint64_t cnthctl = vt->hw_cnthctl[to];
	const uint32_t dirty = vt->sw_dirty;
	const int idle = vt->sw_idle;

	r[VT_HW_P_CTL] = npc, r[VT_HW_P_CVAL] = npv, r[VT_HW_V_CTL] = nvc, r[VT_HW_V_CVAL] = nvv;
	if (vt->e2h)
		r[VT_HW_CNTKCTL] = to == CTX_L1 ? vt->cnthctl & vt->kshared_mask : vt->cntkctl;
	r[VT_HW_CNTVOFF] = voff;
	if (vt->flags & NVARM_VTIMER_F_HW_ECV)
		r[VT_HW_CNTPOFF] = poff;
	r[VT_HW_CNTHCTL] = cnthctl;
	hw->dirty |= dirty;
	vt->ctx = (uint8_t)to;
	if (to == CTX_L1 && page)
		put_l2_timers(vt, page, opc, opv, ovc, ovv, hw_now);
	return idle;
}

__attribute__((__noinline__)) static int
switch_slow(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned to, uint64_t hw_now)
{
	int r = nvarm__vt_switch_ref(vt, hw, to, hw_now);

	if (r < 0)
		return r;
	r = nvarm_vtimer_idle(vt, hw);
	return r == 1 ? 1 : 0; /* (loaded without @p hw: not known, so not idle) */
}

int nvarm_vtimer_switch_idle(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			     enum nvarm_vtimer_ctx to, uint64_t hw_now)
{
	int r;

	/* (the memo holds only while loaded with nothing acknowledged: every call that could
	 * change either drops it) */
	if (NVARM_LIKELY(vt && hw && vt->sw_memo)) {
		if (to == CTX_L2 && vt->ctx == CTX_L1) {
			r = switch_memo(vt, hw, CTX_L1, CTX_L2, hw_now);
			if (NVARM_LIKELY(r >= 0))
				return r;
		} else if (to == CTX_L1 && vt->ctx == CTX_L2) {
			r = switch_memo(vt, hw, CTX_L2, CTX_L1, hw_now);
			if (NVARM_LIKELY(r >= 0))
				return r;
		}
	}
	if (NVARM_LIKELY(vt && hw && vt->loaded && !vt->acked)) {
		if (to == CTX_L2 && vt->ctx == CTX_L1)
			return switch_fast(vt, hw, CTX_L1, CTX_L2, hw_now);
		if (to == CTX_L1 && vt->ctx == CTX_L2)
			return switch_fast(vt, hw, CTX_L2, CTX_L1, hw_now);
	}
	return switch_slow(vt, hw, (unsigned)to, hw_now);
}

int nvarm_vtimer_switch(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			enum nvarm_vtimer_ctx to, uint64_t hw_now)
{
	int r = nvarm_vtimer_switch_idle(vt, hw, to, hw_now);

	return r < 0 ? r : NVARM_OK;
}

int nvarm_vtimer_set_e2h(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, bool e2h)
{
	if (!vt)
		return NVARM_ERR_INVAL;
	vt->sw_memo = 0;
	if ((uint8_t)e2h == vt->e2h)
		return NVARM_OK;
	if (vt->loaded) {
		if (!hw)
			return NVARM_ERR_INVAL;
		save_cntkctl(vt, hw);
		vt->e2h = e2h;
		recompute(vt);
		hww(hw, VT_HW_CNTKCTL, cntkctl_for_ctx(vt));
		hww(hw, VT_HW_CNTHCTL, hw_cnthctl_ctx(vt, vt->ctx));
		return NVARM_OK;
	}
	vt->e2h = e2h;
	recompute(vt);
	return NVARM_OK;
}

uint32_t nvarm_vtimer_hw_reg_enc(const struct nvarm_vtimer *vt, unsigned reg)
{
	if (!vt || reg >= VT_HW__COUNT)
		return 0;
	return nvarm__vt_hw_enc[!!(vt->flags & NVARM_VTIMER_F_HOST_VHE)][reg];
}

uint64_t nvarm_vtimer_hw_cnthctl(const struct nvarm_vtimer *vt)
{
	return vt ? hw_cnthctl_ctx(vt, vt->ctx & 1u) : 0;
}

int nvarm_vtimer_hw_backing(const struct nvarm_vtimer *vt, unsigned hw)
{
	if (!vt || hw > NVARM_VTIMER_HW_VIRT)
		return NVARM_ERR_INVAL;
	return nvarm__vt_backing[vt->ctx & 1u][hw];
}

int nvarm_vtimer_hw_ppi(const struct nvarm_vtimer *vt, unsigned hw)
{
	int t = nvarm_vtimer_hw_backing(vt, hw);

	return t < 0 ? t : (int)vt->ppi[t];
}

int nvarm_vtimer_ppi(const struct nvarm_vtimer *vt, unsigned timer)
{
	if (!vt || timer >= NVARM_VTIMER_COUNT)
		return NVARM_ERR_INVAL;
	return (int)vt->ppi[timer];
}

int nvarm_vtimer_is_emulated(const struct nvarm_vtimer *vt, unsigned timer)
{
	if (!vt || timer >= NVARM_VTIMER_COUNT)
		return NVARM_ERR_INVAL;
	return !timer_in_hw(vt, timer);
}

/* ------------------------------------------------------------ timer access */

static void tm_load(const struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned t,
		    uint64_t *ctl, uint64_t *cval)
{
	if (timer_in_hw(vt, t)) {
		unsigned h = nvarm__vt_timers[t].hw;
		*ctl = guest_ctl(vt, t, hwr(hw, hw_ctl_reg(h)));
		*cval = hwr(hw, hw_cval_reg(h));
	} else {
		*ctl = vt->timer[t].ctl;
		*cval = vt->timer[t].cval;
	}
}

/* Drop the L0's mask of timer @t (a re-arm): a hardware-backed timer gets the guest's CTL
 * back in the hardware. */
static void unack(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned t)
{
	if (!is_acked(vt, t))
		return;
	vt->sw_memo = 0;
	if (timer_in_hw(vt, t)) {
		enum vt_hwreg c = hw_ctl_reg(nvarm__vt_timers[t].hw);
		uint64_t raw = hwr(hw, c) & CTL_RW;

		vt->acked &= (uint8_t) ~(1u << t);
		if (raw == (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_IMASK))
			hww(hw, c, NVARM_CNT_CTL_ENABLE);
		hw_cnthctl_refresh(vt, hw);
		return;
	}
	vt->acked &= (uint8_t) ~(1u << t);
}

/*
 * Is acknowledged timer @t still masked? Only while the guest left it as it was
 * acknowledged (CTL = ENABLE, the same CVAL; in the hardware the L0's IMASK still there)
 * and its condition still holds; otherwise unmask it. Returns true when it was unmasked.
 */
static bool rearm_check(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned t,
			uint64_t hw_now)
{
	uint64_t ctl, cval;

	if (!is_acked(vt, t))
		return false;
	if (timer_in_hw(vt, t)) {
		ctl = hwr(hw, hw_ctl_reg(nvarm__vt_timers[t].hw)) & CTL_RW;
		cval = hwr(hw, hw_cval_reg(nvarm__vt_timers[t].hw));
		if (ctl == (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_IMASK))
			ctl = NVARM_CNT_CTL_ENABLE;
		else
			ctl = NVARM_CNT_CTL_IMASK; /* the guest rewrote CTL */
	} else {
		ctl = vt->timer[t].ctl & CTL_RW;
		cval = vt->timer[t].cval;
	}
	if (ctl == NVARM_CNT_CTL_ENABLE && cval == vt->acked_cval[t] &&
	    met(nvarm_vtimer_count(vt, t, hw_now), cval))
		return false;
	unack(vt, hw, t);
	return true;
}

static void tm_store_ctl(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned t,
			 uint64_t ctl)
{
	ctl &= CTL_RW;
	if (timer_in_hw(vt, t)) {
		bool was = is_acked(vt, t);
		vt->acked &= (uint8_t) ~(1u << t); /* a CTL write re-arms */
		hww(hw, hw_ctl_reg(nvarm__vt_timers[t].hw), ctl);
		if (was)
			hw_cnthctl_refresh(vt, hw);
	} else {
		vt->acked &= (uint8_t) ~(1u << t);
		vt->timer[t].ctl = ctl;
	}
}

static void tm_store_cval(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned t,
			  uint64_t cval)
{
	unack(vt, hw, t); /* so does a CVAL (or TVAL) write */
	if (timer_in_hw(vt, t))
		hww(hw, hw_cval_reg(nvarm__vt_timers[t].hw), cval);
	else
		vt->timer[t].cval = cval;
}

int nvarm_vtimer_get(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     uint64_t hw_now, struct nvarm_vtimer_regs *out)
{
	uint64_t ctl, cval;

	if (!vt || !out || timer >= NVARM_VTIMER_COUNT || (timer_in_hw(vt, timer) && !hw))
		return NVARM_ERR_INVAL;
	sync_in(vt);
	tm_load(vt, hw, timer, &ctl, &cval);
	out->cval = cval;
	out->ctl = ctl_view(vt, timer, ctl, cval, hw_now);
	return NVARM_OK;
}

int nvarm_vtimer_set(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     const struct nvarm_vtimer_regs *in)
{
	if (!vt || !in || timer >= NVARM_VTIMER_COUNT || (timer_in_hw(vt, timer) && !hw))
		return NVARM_ERR_INVAL;
	vt->sw_memo = 0;
	sync_in(vt);
	tm_store_cval(vt, hw, timer, in->cval);
	tm_store_ctl(vt, hw, timer, in->ctl);
	if (vt->vncr && vt->ctx == CTX_L1) {
		/* Keep the page coherent: it is the live copy while L1 runs. */
		for (size_t i = 0; i < nvarm__vt_nvncr_slots; i++) {
			const struct vt_vncr_slot *s = &nvarm__vt_vncr_slots[i];
			if (s->item == VT_V_CVAL && s->timer == timer)
				*slot(vt->vncr, s->offset) = vt->timer[timer].cval;
			else if (s->item == VT_V_CTL && s->timer == timer)
				*slot(vt->vncr, s->offset) = vt->timer[timer].ctl;
		}
	}
	return NVARM_OK;
}

int nvarm_vtimer_ack(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     uint64_t hw_now)
{
	uint64_t ctl, cval;

	if (!vt || timer >= NVARM_VTIMER_COUNT || (timer_in_hw(vt, timer) && !hw))
		return NVARM_ERR_INVAL;
	sync_in(vt);
	(void)rearm_check(vt, hw, timer, hw_now);
	if (is_acked(vt, timer))
		return 0; /* masked already: nothing asserted */
	tm_load(vt, hw, timer, &ctl, &cval);
	if ((ctl & CTL_RW) != NVARM_CNT_CTL_ENABLE ||
	    !met(nvarm_vtimer_count(vt, timer, hw_now), cval))
		return 0;
	vt->acked |= (uint8_t)(1u << timer);
	vt->acked_cval[timer] = cval;
	vt->sw_memo = 0; /* (acknowledged timers: the world switch's general path) */
	/* The hardware line drops with IMASK; an emulated timer just leaves the pending set. The
	 * guest's CTL (saved copy, VNCR page) is not changed. */
	if (timer_in_hw(vt, timer)) {
		hww(hw, hw_ctl_reg(nvarm__vt_timers[timer].hw), ctl | NVARM_CNT_CTL_IMASK);
		hw_cnthctl_refresh(vt, hw); /* the guest's accesses trap while masked */
	}
	return 1;
}

int nvarm_vtimer_sync(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now)
{
	int n = 0;

	if (!vt || (vt->loaded && !hw))
		return NVARM_ERR_INVAL;
	sync_in(vt);
	for (unsigned t = 0; vt->acked && t < NVARM_VTIMER_COUNT; t++)
		n += rearm_check(vt, hw, t, hw_now) ? 1 : 0;
	return n;
}

/* Resolve a selector to a timer for the current context (E2H redirection). */
static unsigned resolve(const struct nvarm_vtimer *vt, uint8_t sel)
{
	bool redirect = vt->ctx == CTX_L1 && vt->e2h;

	switch (sel) {
	case VT_SEL_EL0_P:
		return redirect ? NVARM_VTIMER_EL2_PHYS : NVARM_VTIMER_EL1_PHYS;
	case VT_SEL_EL0_V:
		return redirect ? NVARM_VTIMER_EL2_VIRT : NVARM_VTIMER_EL1_VIRT;
	case VT_SEL_EL02_P:
		return NVARM_VTIMER_EL1_PHYS;
	case VT_SEL_EL02_V:
		return NVARM_VTIMER_EL1_VIRT;
	case VT_SEL_EL2_P:
		return NVARM_VTIMER_EL2_PHYS;
	default:
		return NVARM_VTIMER_EL2_VIRT;
	}
}

/* Look up and check that the access is defined in the current state. */
static int check_access(const struct nvarm_vtimer *vt, uint32_t enc, const struct vt_reg_desc **out)
{
	const struct vt_reg_desc *r = nvarm__vt_reg_lookup(enc);

	if (!r)
		return NVARM_ERR_NOENT;
	if ((r->flags & VT_R_EL2) && vt->ctx != CTX_L1)
		return NVARM_ERR_BAD_ENCODING;
	if ((r->flags & VT_R_E2H) && !vt->e2h)
		return NVARM_ERR_BAD_ENCODING;
	if ((r->flags & VT_R_ECV) && !(vt->flags & NVARM_VTIMER_F_ECV))
		return NVARM_ERR_BAD_ENCODING;
	*out = r;
	return NVARM_OK;
}

static bool needs_hw(const struct nvarm_vtimer *vt, const struct vt_reg_desc *r)
{
	switch (r->kind) {
	case VT_K_CTL:
	case VT_K_CVAL:
	case VT_K_TVAL:
		return timer_in_hw(vt, resolve(vt, r->sel));
	case VT_K_CNTHCTL:
		return kshared_in_hw(vt);
	case VT_K_CNTKCTL:
		return vt->loaded;
	case VT_K_CNTKCTL12:
		return cntkctl_in_hw(vt);
	default:
		return false;
	}
}

static uint64_t read_cnthctl(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw)
{
	uint64_t v = vt->cnthctl & vt->cnthctl_mask;

	if (kshared_in_hw(vt)) {
		uint64_t m = kshared(vt);
		v = (v & ~m) | (hwr(hw, VT_HW_CNTKCTL) & m);
	}
	return v;
}

int nvarm_vtimer_l1_cnthctl(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw,
			    uint64_t *val)
{
	if (!vt || !val || (kshared_in_hw(vt) && !hw))
		return NVARM_ERR_INVAL;
	*val = read_cnthctl(vt, hw);
	return NVARM_OK;
}

static void write_cnthctl(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t val)
{
	vt->cnthctl = val & vt->cnthctl_mask;
	if (kshared_in_hw(vt))
		hww(hw, VT_HW_CNTKCTL, vt->cnthctl & kshared(vt));
	recompute(vt);
}

static uint64_t read_cntkctl(const struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw)
{
	if (cntkctl_in_hw(vt))
		return hwr(hw, VT_HW_CNTKCTL) & vt->cntkctl_mask;
	return vt->cntkctl;
}

static void write_cntkctl(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t val)
{
	val &= vt->cntkctl_mask;
	if (cntkctl_in_hw(vt))
		hww(hw, VT_HW_CNTKCTL, val);
	else
		vt->cntkctl = val;
}

int nvarm_vtimer_sysreg_read(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint32_t enc,
			     uint64_t hw_now, uint64_t *val)
{
	const struct vt_reg_desc *r = NULL;
	uint64_t ctl, cval;
	unsigned t;
	int rc;

	if (!vt || !val)
		return NVARM_ERR_INVAL;
	rc = check_access(vt, enc, &r);
	if (rc)
		return rc;
	if (needs_hw(vt, r) && !hw)
		return NVARM_ERR_INVAL;
	sync_in(vt);
	switch (r->kind) {
	case VT_K_CTL:
	case VT_K_CVAL:
	case VT_K_TVAL:
		t = resolve(vt, r->sel);
		tm_load(vt, hw, t, &ctl, &cval);
		if (r->kind == VT_K_CTL)
			*val = ctl_view(vt, t, ctl, cval, hw_now);
		else if (r->kind == VT_K_CVAL)
			*val = cval;
		else
			*val = (cval - nvarm_vtimer_count(vt, t, hw_now)) & 0xffffffffu;
		break;
	case VT_K_CNTHCTL:
		*val = read_cnthctl(vt, hw);
		break;
	case VT_K_CNTKCTL:
		/* At EL2 with E2H=1, CNTKCTL_EL1 names CNTHCTL_EL2. */
		*val = (vt->ctx == CTX_L1 && vt->e2h) ? read_cnthctl(vt, hw) : read_cntkctl(vt, hw);
		break;
	case VT_K_CNTKCTL12:
		*val = read_cntkctl(vt, hw);
		break;
	case VT_K_CNTVOFF:
		*val = vt->cntvoff;
		break;
	case VT_K_CNTPOFF:
		*val = vt->cntpoff;
		break;
	case VT_K_CNTPCT:
		/* EL2 sees L1's physical count; EL1/EL0 the one minus CNTPOFF when enabled. */
		*val = nvarm_vtimer_count(
		    vt, vt->ctx == CTX_L1 ? NVARM_VTIMER_EL2_PHYS : NVARM_VTIMER_EL1_PHYS, hw_now);
		break;
	default: /* VT_K_CNTVCT: CNTVOFF_EL2 is treated as 0 at EL2 when E2H=1 */
		*val = nvarm_vtimer_count(vt,
					  (vt->ctx == CTX_L1 && vt->e2h) ? NVARM_VTIMER_EL2_VIRT
									 : NVARM_VTIMER_EL1_VIRT,
					  hw_now);
		break;
	}
	return NVARM_OK;
}

int nvarm_vtimer_sysreg_write(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint32_t enc,
			      uint64_t hw_now, uint64_t val)
{
	const struct vt_reg_desc *r = NULL;
	unsigned t;
	int rc;

	if (!vt)
		return NVARM_ERR_INVAL;
	rc = check_access(vt, enc, &r);
	if (rc)
		return rc;
	if (r->flags & VT_R_RO)
		return NVARM_ERR_BAD_ENCODING;
	if (needs_hw(vt, r) && !hw)
		return NVARM_ERR_INVAL;
	vt->sw_memo = 0;
	sync_in(vt);
	switch (r->kind) {
	case VT_K_CTL:
		tm_store_ctl(vt, hw, resolve(vt, r->sel), val);
		break;
	case VT_K_CVAL:
		tm_store_cval(vt, hw, resolve(vt, r->sel), val);
		break;
	case VT_K_TVAL:
		t = resolve(vt, r->sel);
		tm_store_cval(vt, hw, t, nvarm_vtimer_count(vt, t, hw_now) + sext32(val));
		break;
	case VT_K_CNTHCTL:
		write_cnthctl(vt, hw, val);
		break;
	case VT_K_CNTKCTL:
		/* At EL2 with E2H=1, CNTKCTL_EL1 names all of CNTHCTL_EL2. */
		if (vt->ctx == CTX_L1 && vt->e2h)
			write_cnthctl(vt, hw, val);
		else
			write_cntkctl(vt, hw, val);
		break;
	case VT_K_CNTKCTL12:
		write_cntkctl(vt, hw, val);
		break;
	case VT_K_CNTVOFF:
		vt->cntvoff = val;
		break;
	default: /* VT_K_CNTPOFF */
		vt->cntpoff = val;
		break;
	}
	/* Keep the page coherent when the write changed something it mirrors. */
	if (r->kind == VT_K_CNTVOFF || r->kind == VT_K_CNTPOFF ||
	    (r->sel != VT_SEL_NONE && nvarm__vt_timers[resolve(vt, r->sel)].ctx_backed == CTX_L2))
		sync_out(vt, hw_now);
	return NVARM_OK;
}

int nvarm_vtimer_l2_trap_to_l1(const struct nvarm_vtimer *vt, uint32_t enc)
{
	const struct vt_reg_desc *r;

	if (!vt)
		return NVARM_ERR_INVAL;
	r = nvarm__vt_reg_lookup(enc);
	if (!r || (r->flags & VT_R_EL2))
		return NVARM_ERR_NOENT;
	return (vt->l2_traps & r->trap) ? 1 : 0;
}

/* ------------------------------------------------------- emulated timers */

/* Unmask the acknowledged emulated timers the guest re-armed (rare: kept off the loops). */
__attribute__((__noinline__)) static void rearm_emulated(struct nvarm_vtimer *vt, uint64_t hw_now)
{
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		if (!timer_in_hw(vt, t))
			(void)rearm_check(vt, NULL, t, hw_now);
}

uint32_t nvarm_vtimer_pending(struct nvarm_vtimer *vt, uint64_t hw_now)
{
	uint32_t set = 0;

	if (!vt)
		return 0;
	sync_in(vt);
	if (NVARM_UNLIKELY(vt->acked))
		rearm_emulated(vt, hw_now);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		const struct nvarm_vtimer_regs *r = &vt->timer[t];
		if (timer_in_hw(vt, t) || (r->ctl & CTL_RW) != NVARM_CNT_CTL_ENABLE ||
		    is_acked(vt, t)) /* masked by the L0 until re-armed */
			continue;
		if (met(nvarm_vtimer_count(vt, t, hw_now), r->cval))
			set |= 1u << t;
	}
	return set;
}

/*
 * Is any timer live (the guest's CTL has ENABLE set and IMASK clear)? Only a live timer
 * asserts, fires or has a deadline: without one, and with none acknowledged, resume's answer
 * is all zero. Each timer's CTL where it lives now, nothing imported: a hardware-backed one
 * in the mirror (the guest's CTL while none is acknowledged: guest_ctl), an EL1 timer in the
 * VNCR page while L1 runs with one (what sync_in would import), else the saved copy. One pass
 * of loads and ORs, no branch per timer.
 */
static bool any_live(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw)
{
	const bool page = vt->vncr && vt->ctx == CTX_L1;
	uint64_t live = 0;

	if (NVARM_LIKELY(vt->loaded)) {
		/* (the L0's case: two in the mirror, the other context's two elsewhere) */
		live = ctl_live(hwr(hw, VT_HW_P_CTL)) | ctl_live(hwr(hw, VT_HW_V_CTL));
		if (page) /* the other two are L2's, in the page */
			live |= ctl_live(*slot(vt->vncr, NVARM_VNCR_CNTP_CTL_EL0)) |
				ctl_live(*slot(vt->vncr, NVARM_VNCR_CNTV_CTL_EL0));
		else if (vt->ctx == CTX_L1) /* (nvarm__vt_backing[CTX_L2]) */
			live |= ctl_live(vt->timer[NVARM_VTIMER_EL1_PHYS].ctl) |
				ctl_live(vt->timer[NVARM_VTIMER_EL1_VIRT].ctl);
		else /* (nvarm__vt_backing[CTX_L1]) */
			live |= ctl_live(vt->timer[NVARM_VTIMER_EL2_PHYS].ctl) |
				ctl_live(vt->timer[NVARM_VTIMER_EL2_VIRT].ctl);
		return (live & NVARM_CNT_CTL_ENABLE) != 0;
	}
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		live |= ctl_live(page && nvarm__vt_timers[t].ctx_backed == CTX_L2
				     ? *slot(vt->vncr, t == NVARM_VTIMER_EL1_VIRT
							   ? NVARM_VNCR_CNTV_CTL_EL0
							   : NVARM_VNCR_CNTP_CTL_EL0)
				     : vt->timer[t].ctl);
	return (live & NVARM_CNT_CTL_ENABLE) != 0;
}

int nvarm_vtimer_idle(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw)
{
	if (!vt || (vt->loaded && !hw))
		return NVARM_ERR_INVAL;
	return !vt->acked && !any_live(vt, hw);
}

int nvarm_vtimer_resume(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now,
			struct nvarm_vtimer_resume *out)
{
	bool found = false;

	if (!vt || !out || (vt->loaded && !hw))
		return NVARM_ERR_INVAL;
	out->level = out->fired = out->rearmed = out->has_deadline = 0;
	sync_in(vt); /* once: the page's slots do not change while the L0 runs */
	/* The usual exit of a guest that arms no timer: nothing to find (any_live) */
	if (NVARM_LIKELY(!vt->acked) && !any_live(vt, hw))
		return NVARM_OK;
	for (unsigned t = 0; vt->acked && t < NVARM_VTIMER_COUNT; t++)
		out->rearmed += rearm_check(vt, hw, t, hw_now) ? 1u : 0u;
	/* each timer's count (nvarm_vtimer_count) by its offset: three at most, once */
	uint64_t cnt[3];

	cnt[VT_OFF_NONE] = hw_now - vt->l0_offset;
	cnt[VT_OFF_CNTVOFF] = cnt[VT_OFF_NONE] - vt->cntvoff;
	cnt[VT_OFF_CNTPOFF_ECV] = cnt[VT_OFF_NONE] - (ecv_active(vt) ? vt->cntpoff : 0);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		const struct vt_timer_info *d = &nvarm__vt_timers[t];
		bool in_hw = vt->loaded && d->ctx_backed == vt->ctx; /* timer_in_hw */
		uint64_t ctl, cval, count;

		if (in_hw) { /* tm_load */
			ctl = guest_ctl(vt, t, hwr(hw, hw_ctl_reg(d->hw)));
			cval = hwr(hw, hw_cval_reg(d->hw));
		} else {
			ctl = vt->timer[t].ctl;
			cval = vt->timer[t].cval;
		}
		if ((ctl & CTL_RW) != NVARM_CNT_CTL_ENABLE)
			continue;
		count = cnt[d->offset <= VT_OFF_CNTPOFF_ECV ? d->offset : VT_OFF_NONE];
		if (met(count, cval))
			out->level |= 1u << t;
		if (in_hw || is_acked(vt, t))
			continue;
		if (met(count, cval)) {
			/* nvarm_vtimer_ack() of an emulated timer: masked until re-armed */
			vt->acked |= (uint8_t)(1u << t);
			vt->acked_cval[t] = cval;
			out->fired |= 1u << t;
			continue;
		}
		if (!found || cval - count < out->deadline.delta) {
			found = true;
			out->deadline.delta = cval - count;
			out->deadline.timer = t;
			out->deadline.ppi = vt->ppi[t];
		}
	}
	if (out->fired)
		vt->sw_memo = 0; /* (acknowledged timers: the world switch's general path) */
	if (found) {
		uint64_t d = out->deadline.delta;

		out->has_deadline = 1;
		out->deadline.hw_cval = (hw_now + d < hw_now) ? UINT64_MAX : hw_now + d;
	}
	return NVARM_OK;
}

int nvarm_vtimer_next_deadline(struct nvarm_vtimer *vt, uint64_t hw_now,
			       struct nvarm_vtimer_deadline *out)
{
	bool found = false;

	if (!vt || !out)
		return NVARM_ERR_INVAL;
	sync_in(vt);
	if (NVARM_UNLIKELY(vt->acked))
		rearm_emulated(vt, hw_now);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		const struct nvarm_vtimer_regs *r = &vt->timer[t];
		uint64_t count, delta;

		if (timer_in_hw(vt, t) || (r->ctl & CTL_RW) != NVARM_CNT_CTL_ENABLE ||
		    is_acked(vt, t))
			continue;
		/* The count climbs by one per tick and reaches CVAL before it wraps. */
		count = nvarm_vtimer_count(vt, t, hw_now);
		delta = met(count, r->cval) ? 0 : r->cval - count;
		if (!found || delta < out->delta) {
			found = true;
			out->delta = delta;
			out->timer = t;
			out->ppi = vt->ppi[t];
		}
	}
	if (!found)
		return NVARM_ERR_NOENT;
	out->hw_cval = (hw_now + out->delta < hw_now) ? UINT64_MAX : hw_now + out->delta;
	return NVARM_OK;
}
