// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L1's GICv3 distributor and redistributor, emulated by L0 (IHI 0069). L1's stage-2 does
// not map the GIC's MMIO frames, so every access L1 makes there is a stage-2 data abort
// (trap_abort), decoded here from ESR_EL2's instruction syndrome (ISV, SAS, SRT, SF, WnR)
// and the faulting IPA. The state is the programmer's model of one CPU interface:
//
//   GICD  at QEMU's distributor address: CTLR (DS=1: one security state), TYPER, IIDR,
//         PIDR2, and per-INTID IGROUPR/ISENABLER/ICENABLER/ISPENDR/ICPENDR/ISACTIVER/
//         ICACTIVER/IPRIORITYR/ICFGR/IGRPMODR for the SPIs, IROUTER; no LPIs, no ITS.
//   GICR  the first redistributor of QEMU's region (RD frame: CTLR, IIDR, TYPER with Last,
//         WAKER, PIDR2; SGI frame: the same per-INTID registers for SGIs and PPIs).
//
// Every interrupt L0 presents to L1 is an input of this model, as on hardware: a level
// (L1's GIC maintenance interrupt, asserted while nvarm's ICH_MISR_EL2 for L1 is non-zero
// and ICH_HCR_EL2.En = 1, IHI 0069 "Maintenance interrupts"; the four timers of L1's vEL2
// CPU, asserted while ENABLE && !IMASK && ISTATUS) or an edge (SGIs). The pending state is
// the latch (edges, GICx_ISPENDR writes) or, for a level-sensitive interrupt, the level.
// An interrupt is forwarded to L1's virtual CPU interface (one of L0's list registers, nvarm's
// nvarm_vgic_l1_inject) only while it is pending, enabled (GICR_ISENABLER0 /
// GICD_ISENABLER<n>) and its group enabled (GICD_CTLR.EnableGrp0/1); the list register then
// does what the CPU interface does (priority mask, running priority, ICC_IGRPEN1: L1's
// ICV state). Its pending state is withdrawn when it stops being pending or forwardable (the
// level dropped, ICPENDR, ICENABLER). GICx_ISPENDR/ISACTIVER read the true state: the list
// registers are read back through nvarm_vgic_l1_irq_state() (an acknowledged interrupt is
// active and its latch consumed; a deactivated one is gone).
//
// While L2 runs, L0's list registers for L1 are put away (nvarm's nested vGIC): L2 exits to
// L1 for an interrupt only when L1's CPU interface would signal it
// (nvarm_vgic_l1_would_signal: group enable, priority mask, running priority); otherwise it
// stays pending here and L2 runs on. L1's ICC_SGI1R_EL1 writes (trapped by HCR_EL2.IMO)
// latch SGIs.
//
// Not done: SPI delivery from real devices (L1's SPIs never fire: L0 owns the physical
// distributor), LPIs/ITS, more than one CPU.
#include <string.h>

#include "l0.h"

#include <nvarm/vgic.h>

#define GICR_FRAMES 0x20000ull

/* GICD_CTLR (DS=1): EnableGrp0 [0], EnableGrp1 [1], ARE [4], DS [6]. */
#define CTLR_GRP0 (1u << 0)
#define CTLR_GRP1 (1u << 1)
#define CTLR_ARE  (1u << 4)
#define CTLR_DS	  (1u << 6)

/* ESR_EL2 ISS of a data abort (Arm ARM D24.2.39). */
#define ISS_ISV	       (1ull << 24)
#define ISS_SF	       (1ull << 15)
#define ISS_WNR	       (1ull << 6)
#define ISS_SAS(esr)   ((unsigned)FIELD(esr, 23, 22))
#define ISS_SRT(esr)   ((unsigned)FIELD(esr, 20, 16))

#define ENC_ICC_SGI1R  NVARM_ENC_ICC_SGI1R_EL1
#define ENC_ICC_ASGI1R NVARM_ENC_ICC_ASGI1R_EL1
#define ENC_ICC_SGI0R  NVARM_ENC_ICC_SGI0R_EL1

/* L1's redistributor of @p v at reset: GICR_WAKER ProcessorSleep, ChildrenAsleep set. */
void vgicd_init(struct l0_vcpu *v)
{
	memset(&v->vgicd, 0, sizeof(v->vgicd));
	v->vgicd.waker = 6;
}

static void mark_busy(struct l0_vgicd *vd, unsigned irq)
{
	vd->busy[irq / 64] |= 1ull << (irq % 64);
}

/* The next INTID >= from that may need attention, or VGICD_NR_IRQS (idle ones leave the set). */
static unsigned next_busy(struct l0_vgicd *vd, unsigned from)
{
	for (unsigned w = from / 64; w < VGICD_NR_IRQS / 64; w++) {
		uint64_t bits = vd->busy[w] & (w == from / 64 ? ~0ull << (from % 64) : ~0ull);

		while (bits) {
			unsigned irq = w * 64 + (unsigned)__builtin_ctzll(bits);

			if (vd->latch[irq] || vd->level[irq] || vd->inflight[irq] ||
			    vd->lr_pend[irq])
				return irq;
			vd->busy[w] &= ~(1ull << (irq % 64));
			bits &= bits - 1;
		}
	}
	return VGICD_NR_IRQS;
}

#define for_each_busy(irq)                                                                         \
	for (irq = next_busy(vd, 0); irq < VGICD_NR_IRQS; irq = next_busy(vd, irq + 1))

/* Edge-triggered: SGIs always, PPIs/SPIs per GICx_ICFGR (Int_config 0b10). */
static bool is_edge(const struct l0_vgicd *vd, unsigned irq)
{
	return irq < 16 || (vd->cfg[irq] & 2);
}

/* The pending state (IHI 0069 4.x: level-sensitive interrupts are pending while asserted,
 * or latched by a GICx_ISPENDR write). */
static bool is_pending(const struct l0_vgicd *vd, unsigned irq)
{
	return vd->latch[irq] || (vd->level[irq] && !is_edge(vd, irq));
}

/* Forwarded to the CPU interface: pending, enabled, its group enabled. */
static bool forwardable(const struct l0_vgicd *vd, uint32_t ctlr, unsigned irq)
{
	return is_pending(vd, irq) && vd->enabled[irq] &&
	       (ctlr & (vd->group[irq] ? CTLR_GRP1 : CTLR_GRP0));
}

/*
 * An L1 that itself runs guest hypervisors (nvarm.l1nv) is an L0 that forwards its timer PPI
 * with HW=1 after making it active through GICR_ISACTIVER0 (cpuif.c does so): as in a GIC, that
 * active state is the real PPI's (L0 activates and deactivates it with L1's writes), so that
 * the deactivation by L1's guest through the HW=1 list register L0 composes reaches it.
 * (For other L1s the real PPI's active state follows the context instead: nested_vgic.c,
 * vgic_vtimer_phys_l2/_l1. Merging the two rules is left: the three-level stack hangs with
 * the context rule alone.)
 */
static bool hw_active_follows(struct l0_vcpu *v, unsigned irq)
{
	return __atomic_load_n(&v->vm->l1_nests, __ATOMIC_RELAXED) && irq < 32 &&
	       v == l0_this_cpu()->vcpu && cpuif_hw_backed(v, irq);
}

/*
 * Fold what L1 did in its list registers back into the model (L1 runs or ran): an
 * acknowledged interrupt consumed its latch and is active; a deactivated one is gone.
 * False while L2 runs (L0's list registers for L1 are put away, nothing changed).
 */
static bool sync_irq(struct l0_vcpu *v, unsigned irq)
{
	struct l0_vgicd *vd = &v->vgicd;
	int lst;

	/* Active through GICR_ISACTIVER0 and backed by a real PPI (hw_active_follows): the real
	 * one says whether L1's guest deactivated it through an HW=1 list register. */
	if (!vd->inflight[irq] && vd->active[irq] && hw_active_follows(v, irq) &&
	    !gic_ppi_active(irq))
		vd->active[irq] = 0;
	/* L0's list registers for @p v are on the CPU that runs it: from another vCPU (its
	 * redistributor's SGI frame, or an SPI of vCPU 0's) the state as last read back */
	if (!vd->inflight[irq] || v != l0_this_cpu()->vcpu)
		return true;
	lst = cpuif_state(v, irq);
	if (lst < 0)
		return false;
	if (vd->lr_pend[irq] && !(lst & NVARM_VGIC_ST_PENDING)) {
		/* acknowledged: the edge that was injected is consumed; one that came after it
		 * (another vCPU's SGI since this vCPU last looked) stays pending */
		if (vd->edges[irq] == vd->edges_inj[irq])
			vd->latch[irq] = 0;
		vd->taken[irq]++;
	}
	vd->lr_pend[irq] = (lst & NVARM_VGIC_ST_PENDING) != 0;
	vd->active[irq] = (lst & NVARM_VGIC_ST_ACTIVE) != 0;
	if (!lst)
		vd->inflight[irq] = 0;
	return true;
}

/* Per-INTID registers, by their offset in the GICD (SPIs) or the GICR SGI frame (0-31). */
enum bitreg { BR_GROUP, BR_SENABLE, BR_CENABLE, BR_SPEND, BR_CPEND, BR_SACTIVE, BR_CACTIVE };

static const struct {
	uint16_t off; /* of the register for INTIDs 0-31 */
	uint8_t bits; /* per INTID */
	uint8_t kind; /* enum bitreg, or 0xff: byte/field arrays below */
} per_irq[] = {
    {0x080, 1, BR_GROUP}, {0x100, 1, BR_SENABLE}, {0x180, 1, BR_CENABLE}, {0x200, 1, BR_SPEND},
    {0x280, 1, BR_CPEND}, {0x300, 1, BR_SACTIVE}, {0x380, 1, BR_CACTIVE}, {0x400, 8, 0xff},
    {0xc00, 2, 0xfe},	  {0xd00, 1, 0xfd},
};

/* Read or write one INTID's field of a per-INTID register kind. */
static uint32_t irq_field(struct l0_vcpu *v, unsigned k, unsigned irq, bool wr, uint32_t fv)
{
	struct l0_vgicd *vd = &v->vgicd;
	uint8_t *a;
	switch (per_irq[k].kind) {
	case BR_GROUP:
		a = vd->group;
		break;
	case BR_SENABLE:
	case BR_CENABLE:
		if (wr && fv)
			vd->enabled[irq] = per_irq[k].kind == BR_SENABLE;
		return vd->enabled[irq];
	case BR_SPEND:
	case BR_CPEND:
		sync_irq(v, irq);
		if (wr && fv) /* ICPENDR clears the latch; a level still asserted stays pending */
			vd->latch[irq] = per_irq[k].kind == BR_SPEND;
		if (wr && fv && per_irq[k].kind == BR_SPEND)
			vd->edges[irq]++;
		if (vd->latch[irq])
			mark_busy(vd, irq);
		return is_pending(vd, irq);
	case BR_SACTIVE:
	case BR_CACTIVE:
		sync_irq(v, irq);
		if (wr && fv && per_irq[k].kind == BR_CACTIVE && vd->inflight[irq] &&
		    vd->active[irq])
			cpuif_deactivate(v, irq);
		/* Activated while it waits pending in a list register, not acknowledged (an L0
		 * running as L1 parks its maintenance interrupt so): a GIC no longer signals
		 * it until the deactivation, so it leaves the list register (present() lists
		 * it again once it is inactive and still pending). */
		if (wr && fv && per_irq[k].kind == BR_SACTIVE && vd->lr_pend[irq] &&
		    !vd->active[irq]) {
			cpuif_retract(v, irq);
			vd->retracted++;
			vd->lr_pend[irq] = 0;
			vd->inflight[irq] = 0;
		}
		if (wr && fv)
			vd->active[irq] = per_irq[k].kind == BR_SACTIVE;
		if (wr && fv && !vd->inflight[irq] && hw_active_follows(v, irq)) {
			if (vd->active[irq])
				gic_ppi_activate(irq);
			else
				gic_ppi_deactivate(irq);
		}
		return vd->active[irq];
	case 0xff:
		a = vd->prio;
		break;
	case 0xfe:
		if (irq < 16) /* SGIs are edge-triggered: ICFGR0 is read-only */
			return 2;
		a = vd->cfg;
		break;
	default:
		a = vd->grpmod;
		break;
	}
	if (wr)
		a[irq] = (uint8_t)fv;
	return a[irq];
}

/* An access of @p size bytes at offset @p off of the per-INTID area (INTIDs @p base..). */
static bool per_irq_access(struct l0_vcpu *v, uint64_t off, unsigned size, bool wr, uint64_t *val,
			   unsigned lo, unsigned hi)
{
	for (unsigned k = 0; k < sizeof(per_irq) / sizeof(per_irq[0]); k++) {
		unsigned bits = per_irq[k].bits, span = VGICD_NR_IRQS * bits / 8;
		if (off < per_irq[k].off || off + size > per_irq[k].off + span)
			continue;
		unsigned first = (unsigned)(off - per_irq[k].off) * 8 / bits;
		unsigned n = size * 8 / bits;
		uint64_t r = 0;
		for (unsigned i = 0; i < n; i++) {
			unsigned irq = first + i;
			uint32_t fv = (uint32_t)(*val >> (i * bits)) & ((1u << bits) - 1);
			if (irq < lo || irq >= hi) /* the other block's INTIDs: RAZ/WI */
				continue;
			r |= (uint64_t)irq_field(v, k, irq, wr, fv) << (i * bits);
		}
		if (!wr)
			*val = r;
		return true;
	}
	return false;
}

static const uint32_t PIDR2_GICV3 = 0x3b; /* ArchRev 3 (GICv3), JEP106 continuation */

static bool gicd_access(struct l0_vcpu *v, uint64_t off, unsigned size, bool wr, uint64_t *val)
{
	struct l0_vgicd *vd = &v->vgicd;
	if (off >= 0x6100 && off < 0x6000 + 8 * VGICD_NR_IRQS) { /* IROUTER<n>, n >= 32 */
		unsigned n = (unsigned)(off - 0x6000) / 8;
		if (wr)
			vd->irouter[n] = *val & 0xff00ffffffull;
		else
			*val = vd->irouter[n];
		return true;
	}
	if (off >= 0x80 && off < 0x1000) /* SPIs only (INTIDs 32..) */
		return per_irq_access(v, off, size, wr, val, 32, VGICD_NR_IRQS);
	switch (off) {
	case 0x0000: /* GICD_CTLR: RWP [31] reads 0, DS RES1 */
		if (wr)
			v->vm->gicd_ctlr =
			    ((uint32_t)*val & (CTLR_GRP0 | CTLR_GRP1)) | CTLR_ARE | CTLR_DS;
		else
			*val = v->vm->gicd_ctlr | CTLR_ARE | CTLR_DS;
		return true;
	case 0x0004: /* GICD_TYPER: ITLinesNumber, IDbits = 9 (10 bits), no LPIs */
		*val = wr ? *val : (9u << 19) | (VGICD_NR_IRQS / 32 - 1);
		return true;
	case 0x0008: /* GICD_IIDR: Arm, product 0 */
		*val = wr ? *val : 0x43b;
		return true;
	case 0xffe8:
		*val = wr ? *val : PIDR2_GICV3;
		return true;
	default: /* TYPER2, STATUSR, SETSPI, SGIR, ID registers, reserved: RAZ/WI */
		if (!wr)
			*val = 0;
		return true;
	}
}

/* GICR_TYPER of @p v's redistributor: its MPIDR's affinity as Aff3.Aff2.Aff1.Aff0, vCPU i is
 * processor i, the last frame says Last (IHI 0069 12.11.35). */
static uint64_t typer(const struct l0_vcpu *v)
{
	uint64_t mp = v->mpidr;
	uint64_t aff = (FIELD(mp, 39, 32) << 24) | (FIELD(mp, 23, 16) << 16) |
		       (FIELD(mp, 15, 8) << 8) | FIELD(mp, 7, 0);

	return (aff << 32) | ((uint64_t)v->id << 8) | (v->id + 1 == v->vm->nvcpus ? 1ull << 4 : 0);
}

/* An access at @p off of vCPU @p v's redistributor frames (RD, then SGI). */
static bool gicr_access(struct l0_vcpu *v, uint64_t off, unsigned size, bool wr, uint64_t *val)
{
	struct l0_vgicd *vd = &v->vgicd;

	if (off >= 0x10000) { /* SGI frame: INTIDs 0-31; the rest RAZ/WI */
		if (!per_irq_access(v, off - 0x10000, size, wr, val, 0, 32) && !wr)
			*val = 0;
		return true;
	}
	switch (off) {
	case 0x0004: /* GICR_IIDR */
		*val = wr ? *val : 0x43b;
		return true;
	case 0x0008: /* GICR_TYPER: Affinity [63:32], Processor_Number [23:8], Last [4] */
		if (!wr)
			*val = typer(v);
		return true;
	case 0x000c: /* upper half of GICR_TYPER */
		if (!wr)
			*val = typer(v) >> 32;
		return true;
	case 0x0014: /* GICR_WAKER: ChildrenAsleep [2] follows ProcessorSleep [1] */
		if (wr)
			vd->waker = ((uint32_t)*val & 2) ? 6 : 0;
		else
			*val = vd->waker;
		return true;
	case 0xffe8:
		*val = wr ? *val : PIDR2_GICV3;
		return true;
	default: /* CTLR (no LPIs), STATUSR, PROPBASER, PENDBASER, ...: RAZ/WI */
		if (!wr)
			*val = 0;
		return true;
	}
}

/*
 * L1 runs (before every entry into it): forward what is forwardable to L1's virtual CPU
 * interface, withdraw the pending state of what no longer is.
 */
static void present(struct l0_vcpu *v)
{
	struct l0_vgicd *vd = &v->vgicd;
	unsigned irq;

	if (v->in_l2)
		return;
	for_each_busy(irq)
	{
		bool want;

		if (!sync_irq(v, irq))
			return;
		want = forwardable(vd, v->vm->gicd_ctlr, irq);
		if (vd->lr_pend[irq] && !want) {
			cpuif_retract(v, irq);
			vd->retracted++;
			vd->lr_pend[irq] = 0;
			if (!vd->active[irq])
				vd->inflight[irq] = 0;
		} else if (want && !vd->lr_pend[irq] &&
			   !(vd->active[irq] && (!vd->inflight[irq] || cpuif_hw_backed(v, irq))) &&
			   cpuif_inject(v, irq, vd->prio[irq], vd->group[irq] != 0)) {
			/* Active and pending again: a pending and active list register when L1's
			 * active instance is in one with HW=0 (not signalled before the
			 * deactivation). Otherwise (active set through GICx_ISACTIVER, as Linux KVM
			 * does for its guest's timer PPI, or in an HW=1 list register, which cannot
			 * be both) it stays pending here until the deactivation. */
			vd->inflight[irq] = 1;
			vd->lr_pend[irq] = 1;
			vd->edges_inj[irq] = vd->edges[irq];
			mark_busy(vd, irq);
			vd->injected++;
		}
	}
}

/* Would L1's CPU interface signal @p irq now (forwardable, not active, and L1's priority
 * mask, running priority and group enable let it through)? */
static bool would_take(struct l0_vcpu *v, unsigned irq)
{
	struct l0_vgicd *vd = &v->vgicd;
	return forwardable(vd, v->vm->gicd_ctlr, irq) && !vd->active[irq] &&
	       cpuif_would_signal(v, vd->prio[irq], vd->group[irq] != 0);
}

/*
 * Pending for L1 behind an active state that follows the real PPI (hw_active_follows: L1
 * activated it through GICR_ISACTIVER0 and forwards it to L2 with HW=1): L2's deactivation
 * through that list register reaches the real PPI and gives L0 no exit, so nothing would
 * present the pending level to L1 again, and L2 would wait for its timer forever while L0
 * keeps the timer masked (nvarm_vtimer_ack). Such PPIs are reported (vgicd_held_ppis) for
 * L0 to unmask the timer behind them: its line stays unsignalled while the real PPI is
 * active and interrupts L0 right after L2's deactivation, when sync_irq() finds L1's
 * interrupt inactive and it goes to L1.
 */
static bool held(struct l0_vcpu *v, unsigned irq)
{
	struct l0_vgicd *vd = &v->vgicd;

	return irq < 32 && forwardable(vd, v->vm->gicd_ctlr, irq) && vd->active[irq] &&
	       !vd->inflight[irq] && hw_active_follows(v, irq) && gic_ppi_active(irq);
}

/* L2 runs (its interrupt state folded back: vgic_l2_should_exit): must it exit to L1 for
 * one of L1's interrupts? */
static bool l2_wants_exit(struct l0_vcpu *v)
{
	struct l0_vgicd *vd = &v->vgicd;
	unsigned irq;

	if (v->l2_flat) /* L1's own EL1 with its stage-2 off (early boot): not yet */
		return false;
	for_each_busy(irq)
	{
		sync_irq(v, irq); /* e.g. L2 deactivated it through an HW=1 list register of L1 */
		if (would_take(v, irq))
			return true;
	}
	return false;
}

uint32_t vgicd_held_ppis(struct l0_vcpu *v)
{
	struct l0_vgicd *vd = &v->vgicd;
	uint32_t m = 0;
	unsigned irq;

	if (!__atomic_load_n(&v->vm->l1_nests, __ATOMIC_RELAXED)) /* only an L1 running guest
								   * hypervisors makes the real
								   * PPI active */
		return 0;
	l0_lock(&v->vm->gic_lock);
	for_each_busy(irq)
	{
		if (held(v, irq))
			m |= 1u << irq;
	}
	l0_unlock(&v->vm->gic_lock);
	return m;
}

static bool would_take_intid(struct l0_vcpu *v, uint32_t intid)
{
	return intid < VGICD_NR_IRQS && would_take(v, intid);
}

/* L1 is about to return to L2: would it take an interrupt at once (pending in its list
 * registers and signalled by its CPU interface)? */
static bool l1_signalled(struct l0_vcpu *v)
{
	struct l0_vgicd *vd = &v->vgicd;
	unsigned irq;

	for_each_busy(irq)
	{
		if (!sync_irq(v, irq))
			return false;
		if (vd->lr_pend[irq] && !vd->active[irq] &&
		    cpuif_would_signal(v, vd->prio[irq], vd->group[irq] != 0))
			return true;
	}
	return false;
}

/* A level-sensitive source of @p intid (timer, maintenance) is now at @p level. */
static void line(struct l0_vcpu *v, uint32_t intid, bool level)
{
	struct l0_vgicd *vd = &v->vgicd;

	if (intid < VGICD_NR_IRQS) {
		vd->level[intid] = level;
		if (level)
			mark_busy(vd, intid);
	}
}

/* The IPA is in L1's distributor or redistributors (what mmio() emulates). */
bool vgicd_owns(const struct l0_vm *vm, uint64_t ipa)
{
	const struct machine *m = vm->m;

	return (ipa >= m->gicd && ipa < m->gicd + 0x10000) ||
	       (ipa >= m->gicr && ipa < m->gicr + m->gicr_size);
}

static bool mmio(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t ipa)
{
	struct l0_vm *vm = v->vm;
	const struct machine *m = vm->m;
	bool in_gicd = ipa >= m->gicd && ipa < m->gicd + 0x10000;

	bool in_gicr = !in_gicd;

	if (!vgicd_owns(vm, ipa))
		return false;
	if (!(esr & ISS_ISV)) {
		if (guest_msg(v))
			con_printf("l0: vgicd: access to 0x%lx without a valid syndrome "
				   "(ESR_EL2=0x%lx)\n",
				   ipa, esr);
		return false;
	}
	unsigned size = 1u << ISS_SAS(esr), rt = ISS_SRT(esr);
	bool wr = (esr & ISS_WNR) != 0;
	uint64_t val = wr && rt != 31 ? f->x[rt] : 0;
	uint64_t frame = in_gicr ? (ipa - m->gicr) / GICR_FRAMES : 0;
	if (size < 8)
		val &= (1ull << (size * 8)) - 1;
	/* the distributor's SPIs are vCPU 0's (they go to vCPU 0); redistributor frame i is
	 * vCPU i's (IHI 0069 12.10: each PE's RD_base then SGI_base, 64 KiB each) */
	if (in_gicd)
		gicd_access(vm->vcpus[0], ipa - m->gicd, size, wr, &val);
	else if (frame < vm->nvcpus)
		gicr_access(vm->vcpus[frame], ipa - m->gicr - frame * GICR_FRAMES, size, wr, &val);
	else if (!wr) /* beyond the last redistributor (TYPER.Last ended the scan) */
		val = 0;
	if (!wr && rt != 31) {
		if (size < 8)
			val &= (1ull << (size * 8)) - 1;
		if (!(esr & ISS_SF))
			val &= 0xffffffffull;
		f->x[rt] = val;
	}
	v->vgicd.mmio++;
	l0_skip_insn(v);
	return true; /* what changed reaches L1 at vgicd_present(), before it runs again */
}

/*
 * L1's ICC_SGI1R_EL1 write (trapped: HCR_EL2.IMO=1; nvarm_sysreg_emulate() forwards the
 * GIC-class SGI registers to their owner, trap.c): INTID [27:24], IRM [40], Aff1 [23:16],
 * TargetList [15:0]. One CPU (affinity 0.0.0.0): the SGI is for it when IRM=1 ("all but
 * self": not for it) is clear and bit 0 of the target list at Aff3.Aff2.Aff1 = 0 is set.
 */
/*
 * L1's ICC_SGI1R_EL1 write (trapped: HCR_EL2.IMO=1; nvarm_sysreg_emulate() forwards the
 * GIC-class SGI registers to their owner, trap.c): INTID [27:24], Aff3 [55:48], RS [47:44],
 * IRM [40], Aff2 [39:32], Aff1 [23:16], TargetList [15:0] (IHI 0069 12.2.21). The SGI is
 * latched in the redistributor of every vCPU it names: IRM = 1 all but the writer, else
 * those with Aff3.Aff2.Aff1 equal and Aff0 = RS * 16 + n for a set TargetList bit n. A vCPU
 * running on another CPU is kicked (a physical SGI makes it trap, and the flush before it
 * runs again presents the interrupt).
 */
static bool sysreg(struct l0_vcpu *v, uint32_t enc, bool read, uint64_t val)
{
	struct l0_vm *vm = v->vm;
	unsigned intid = (unsigned)FIELD(val, 27, 24);

	/* ICC_SGI1R_EL1, and with GICD_CTLR.DS = 1 (one Security state) ICC_SGI0R_EL1 and
	 * ICC_ASGI1R_EL1 (which then has no other group to name and acts as SGI0R): Group 0
	 * SGIs only (IHI 0069 12.2 ICC_SGI0R_EL1, ICC_ASGI1R_EL1). SGI1R is taken as before
	 * (an L1 configures its SGIs as Group 1). All are write-only: a read is UNDEFINED. */
	bool g0 = enc == ENC_ICC_SGI0R || enc == ENC_ICC_ASGI1R;
	if ((enc != ENC_ICC_SGI1R && !g0) || read)
		return false;
	bool irm = (val >> 40) & 1;
	uint64_t aff321 =
	    (FIELD(val, 55, 48) << 32) | (FIELD(val, 39, 32) << 16) | (FIELD(val, 23, 16) << 8);
	unsigned rs = (unsigned)FIELD(val, 47, 44);

	for (unsigned i = 0; i < vm->nvcpus; i++) {
		struct l0_vcpu *t = vm->vcpus[i];
		uint64_t mp = t->mpidr;
		uint64_t t321 =
		    (FIELD(mp, 39, 32) << 32) | (FIELD(mp, 23, 16) << 16) | (FIELD(mp, 15, 8) << 8);
		unsigned aff0 = (unsigned)FIELD(mp, 7, 0);
		bool named =
		    irm ? t != v : t321 == aff321 && aff0 / 16 == rs && ((val >> (aff0 % 16)) & 1);

		if (!named || (g0 && t->vgicd.group[intid]) || t->power != VCPU_ON)
			continue;
		t->vgicd.latch[intid] = 1; /* edge */
		t->vgicd.edges[intid]++;
		mark_busy(&t->vgicd, intid);
		v->vgicd.sgis++;
		if (t != v) {
			v->vgicd.kicks++;
			gic_kick(t->mpidr);
		}
	}
	return true;
}

uint64_t vgicd_taken(struct l0_vcpu *v, uint32_t intid)
{
	struct l0_vgicd *vd = &v->vgicd;
	return intid < VGICD_NR_IRQS ? vd->taken[intid] : 0;
}

/* ------------------------------------------------------- the interface: locked */
/*
 * Every vCPU's redistributor can be written from another CPU (an SGI, an access to its
 * frames, vCPU 0's SPIs from the distributor), so each entry point holds the VM's GIC lock.
 */

void vgicd_present(struct l0_vcpu *v)
{
	l0_lock(&v->vm->gic_lock);
	present(v);
	l0_unlock(&v->vm->gic_lock);
}

bool vgicd_l2_wants_exit(struct l0_vcpu *v)
{
	l0_lock(&v->vm->gic_lock);
	bool r = l2_wants_exit(v);
	l0_unlock(&v->vm->gic_lock);
	return r;
}

bool vgicd_would_take(struct l0_vcpu *v, uint32_t intid)
{
	l0_lock(&v->vm->gic_lock);
	bool r = would_take_intid(v, intid);
	l0_unlock(&v->vm->gic_lock);
	return r;
}

/* Is L1's @p intid active in L1's view (set through GICx_ISACTIVER, or in one of L0's list
 * registers for L1)? The state as last read back. */
bool vgicd_active(struct l0_vcpu *v, uint32_t intid)
{
	struct l0_vgicd *vd = &v->vgicd;
	bool r = false;

	if (intid >= VGICD_NR_IRQS)
		return false;
	l0_lock(&v->vm->gic_lock);
	r = vd->active[intid];
	l0_unlock(&v->vm->gic_lock);
	return r;
}

/*
 * L2 deactivated the real PPI behind L1's @p intid through an HW=1 list register while it ran
 * (nested_vgic.c, vgic_vtimer_phys_l1): as in a GIC, that is L1's interrupt deactivated. An
 * active state in one of L0's list registers for L1 is nvarm's (nvarm_vgic_nested_exit
 * reports it); here the one L1 set through GICx_ISACTIVER (Linux KVM does so for its guest's
 * timer PPI, and so does an L0 running as L1).
 */
void vgicd_hw_deactivated(struct l0_vcpu *v, uint32_t intid)
{
	struct l0_vgicd *vd = &v->vgicd;

	if (intid >= VGICD_NR_IRQS)
		return;
	l0_lock(&v->vm->gic_lock);
	if (!vd->inflight[intid])
		vd->active[intid] = 0;
	l0_unlock(&v->vm->gic_lock);
}

bool vgicd_l1_signalled(struct l0_vcpu *v)
{
	l0_lock(&v->vm->gic_lock);
	bool r = l1_signalled(v);
	l0_unlock(&v->vm->gic_lock);
	return r;
}

void vgicd_line(struct l0_vcpu *v, uint32_t intid, bool level)
{
	l0_lock(&v->vm->gic_lock);
	line(v, intid, level);
	l0_unlock(&v->vm->gic_lock);
}

bool vgicd_mmio(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t ipa)
{
	l0_lock(&v->vm->gic_lock);
	bool r = mmio(v, f, esr, ipa);
	l0_unlock(&v->vm->gic_lock);
	return r;
}

bool vgicd_sysreg(struct l0_vcpu *v, uint32_t enc, bool read, uint64_t val)
{
	l0_lock(&v->vm->gic_lock);
	bool r = sysreg(v, enc, read, val);
	l0_unlock(&v->vm->gic_lock);
	return r;
}

/* Totals over the VM's vCPUs. */
void vgicd_stats(struct l0_vcpu *v)
{
	uint64_t mmio_n = 0, sgis = 0, inj = 0, ret = 0, kicks = 0;

	for (unsigned i = 0; i < v->vm->nvcpus; i++) {
		const struct l0_vgicd *vd = &v->vm->vcpus[i]->vgicd;

		mmio_n += vd->mmio, sgis += vd->sgis, inj += vd->injected;
		ret += vd->retracted, kicks += vd->kicks;
	}
	con_printf("l0: vgicd: %lu MMIO accesses, %lu SGIs, %lu interrupts injected, %lu "
		   "withdrawn, %lu kicks\n",
		   mmio_n, sgis, inj, ret, kicks);
}
