// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's nested vGIC: nvarm's (include/nvarm/vgic.h) struct nvarm_vgic_cpu of
// each vCPU (v->vgic; its L1 side, L0's list registers for L1, is cpuif.c), with L1's
// virtual ICH_*_EL2 registers kept in nvarm's vstate.
//
// Where L1's virtual ICH state lives: struct nvarm_vgic_vstate overlays the VNCR page at
// 0x400-0x4cf. Under FEAT_NV2 L1's MSR/MRS of ICH_LR<n>, ICH_AP{0,1}R<n>, ICH_HCR and
// ICH_VMCR go there without trapping (unmasked: nvarm masks them again on every use);
// under FEAT_NV they trap and L0 applies them with nvarm_vgic_vreg_write/read. ICH_VTR,
// ICH_MISR, ICH_EISR and ICH_ELRSR always trap and are computed by nvarm from the vstate.
//
// Where the calls are (the porting reference):
//   L1 -> L2 (switch.c l2_enter)          vgic_l1_irq_pending, nvarm_vgic_maint_pending,
//                                         nvarm_vgic_nested_entry, vgic_l2_entered
//   L2 -> L1 (switch.c l2_leave)          nvarm_vgic_nested_exit, vgic_l2_exited
//   raised lines while L2 runs (l0_resume) vgic_l2_should_exit (exit, ask, entry again)
//   before every entry into L1            vgic_l1_flush (nvarm_vgic_l1_flush)
//   L1's emulated distributor (vgicd.c)   cpuif.c (nvarm_vgic_l1_inject, _retract,
//                                         _deactivate, _irq_state, _would_signal)
// L1's maintenance interrupt is a level into L1's emulated redistributor like any other of
// its interrupts (vgicd_line): asserted while nvarm_vgic_maint_pending() (ICH_HCR_EL2.En and
// ICH_MISR_EL2 != 0, IHI 0069 "Maintenance interrupts"), forwarded only if L1 enabled it
// there. When L2 runs and that level is high but L1 would not take it (disabled, masked),
// the physical maintenance interrupt, which follows the same condition in the hardware, is
// held active in L0's GIC (parked) so that it does not fire on every L2 entry. Shadow
// stage-2 faults that L0 resolves itself touch none of this: the hardware keeps L2's
// interface meanwhile.
#include "l0.h"

#include <nvarm/vgic.h>

/* L1's virtual ICH_*_EL2 at reset (nvarm_vel2_init cleared the VNCR page). */
void vgic_l1_reset(struct l0_vcpu *v)
{
	uint64_t vtr = 0;

	nvarm_vgic_vstate_reset(&v->vgic.cpu, l0_vgic_vstate(v));
	nvarm_vgic_vreg_read(&v->vgic.cpu, l0_vgic_vstate(v), NVARM_ENC_ICH_VTR, &vtr);
	if (v->id == 0) /* once (secondary vCPUs: the console is L1's by then) */
		con_printf("l0: nvarm vGIC: L1 sees ICH_VTR_EL2 0x%lx (%lu list registers)\n", vtr,
			   (vtr & 0x1f) + 1);
}

/*
 * A trapped MRS/MSR of an ICH_*_EL2 register by L1 (all of them under FEAT_NV; the
 * computed VTR/MISR/EISR/ELRSR under NV2): nvarm_vgic_emulate()'s verdict.
 */
int vgic_sysreg(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t *val)
{
	int r = nvarm_vgic_emulate(&v->vgic.cpu, l0_vgic_vstate(v), t, val);

	if (r < 0)
		cpuif_fail("nvarm_vgic_emulate", r);
	return r;
}

/* ---------------------------------------------------------------- running L1 */

/* L1's maintenance interrupt as a level into its redistributor. This file is the line's one
 * writer: a low line that is low already needs no call (and no lock). */
static void maint_line(struct l0_vcpu *v, bool level)
{
	if (!level && !v->vgic.maint_line)
		return;
	v->vgic.maint_line = level;
	vgicd_line(v, v->vm->m->gic_maint_ppi, level);
}

/* Count the rising edges of L1's (level-sensitive) maintenance interrupt. */
static void vgic_maint_seen(struct l0_vcpu *v, bool level)
{
	if (level && !v->vgic.maint_level)
		v->vgic.st.maint++;
	v->vgic.maint_level = level;
}

/* L1's maintenance interrupt from its virtual ICH registers (L1 runs: under NV2 it changes
 * them without trapping), into its emulated redistributor. */
void vgic_maint_refresh(struct l0_vcpu *v)
{
	bool level;

	if (v->vgic.in_l2)
		return;
	level = nvarm_vgic_maint_pending(&v->vgic.cpu, l0_vgic_vstate(v));
	vgic_maint_seen(v, level);
	maint_line(v, level);
}

/*
 * nvarm: before every entry into L1. L1's maintenance level, what L1's emulated
 * distributor forwards (vgicd_present: nvarm_vgic_l1_inject / _retract), then nvarm reads
 * back what L1 did to L0's list registers and refills free ones from the overflow queue.
 */
void vgic_l1_flush(struct l0_vcpu *v)
{
	int r;

	vgic_maint_refresh(v);
	if (!vgicd_idle(v)) /* (else nothing to present) */
		vgicd_present(v);
	r = nvarm_vgic_l1_flush(&v->vgic.cpu, NULL);
	if (r)
		cpuif_fail("nvarm_vgic_l1_flush", r);
}

/*
 * Would vgic_l1_flush() change nothing (a trap of L1 that touched no interrupt state)? Its
 * maintenance level low (under NV2 L1 may have changed its ICH registers in the VNCR page
 * since the last flush), L1's redistributor idle (nothing latched, asserted or in flight:
 * vgicd_idle) and nvarm's interface for L1 idle (no list register in use, nothing queued:
 * nvarm_vgic_l1_idle).
 */
bool vgic_l1_quiet(struct l0_vcpu *v)
{
	return !v->vgic.in_l2 && !v->vgic.maint_level && nvarm_vgic_l1_idle(&v->vgic.cpu) == 1 &&
	       vgicd_idle(v) && !nvarm_vgic_maint_pending(&v->vgic.cpu, l0_vgic_vstate(v));
}

/* L1's maintenance condition from its virtual ICH registers as they are now. */
bool vgic_l1_maint_pending(struct l0_vcpu *v)
{
	return nvarm_vgic_maint_pending(&v->vgic.cpu, l0_vgic_vstate(v));
}

/* Would L1 take an interrupt as soon as it ERETs into L2 (its IRQs route to vEL2, and its
 * CPU interface signals one)? */
bool vgic_l1_irq_pending(struct l0_vcpu *v)
{
	/* Quiet at the last trap that asked (v->vgic_quiet, l0_resume_l1_quiet: no list register
	 * in use, nothing latched, nothing queued) and no trap ended otherwise since: only what
	 * others can change is asked again, as there (the usual L1 ERETs to its guest right
	 * after register traps only) */
	if (v->vgic_quiet && !v->in_l2 && vgicd_idle(v) &&
	    (v->vm->mode != MODE_NV2 || !vgic_l1_maint_pending(v)))
		return false;
	if (vgic_l1_quiet(v)) /* nothing pending anywhere, nothing to flush */
		return false;
	vgic_l1_flush(v);
	return vgicd_l1_signalled(v);
}

/* ---------------------------------------------------------------- running L2 */

/* L2 runs (or is about to): the timers whose interrupt waits for L1 behind an active state
 * that only L2's HW=1 deactivation ends go unmasked, so that their line brings L0 back then
 * (vgicd.c held, timer.c l0_vtimer_unmask_ppi). */
static void vgic_unmask_held(struct l0_vcpu *v)
{
	for (uint32_t m = vgicd_held_ppis(v); m; m &= m - 1)
		l0_vtimer_unmask_ppi(v, (uint32_t)__builtin_ctz(m));
}

/* vgic_l2_entered's work on the lines (out of line: the usual entry has none). */
static __attribute__((__noinline__)) void vgic_l2_entered_lines(struct l0_vcpu *v, bool maint)
{
	uint32_t ppi = v->vm->m->gic_maint_ppi;

	maint_line(v, maint);
	vgic_unmask_held(v);
	if (maint && !v->vgic.maint_parked && !vgicd_would_take(v, ppi)) {
		gic_ppi_activate(ppi);
		v->vgic.maint_parked = true;
	}
}

/* After nvarm_vgic_nested_entry() (switch.c, or vgic_l2_enter): L2's interface is in the
 * hardware, which raises the maintenance interrupt from L1's list registers now (@p maint:
 * nvarm_vgic_maint_pending() before the entry); if L1 would not take it, hold it active so
 * that L2 runs undisturbed (as on hardware). */
void vgic_l2_entered(struct l0_vcpu *v, bool maint)
{
	v->vgic.in_l2 = true;
	/* (the usual entry: no maintenance level, none to drop, no L1 running guest
	 * hypervisors whose timers vgicd_held_ppis could hold: nothing to do on the lines) */
	if (maint || v->vgic.maint_line || __atomic_load_n(&v->vm->l1_nests, __ATOMIC_RELAXED))
		vgic_l2_entered_lines(v, maint);
}

/* vgic_l2_exited's work on the lines (out of line: the usual exit has none). */
static __attribute__((__noinline__)) void vgic_l2_exited_lines(struct l0_vcpu *v)
{
	struct l0_vgic *g = &v->vgic;

	if (g->maint_parked) {
		gic_ppi_deactivate(v->vm->m->gic_maint_ppi);
		g->maint_parked = false;
	}
	g->st.deact += g->exit.ndeact;
	/* L1's interrupts that L2 deactivated through an HW=1 list register of L1 whose pINTID
	 * no real interrupt backs (it ran with EOI maintenance): inactive in L1's distributor
	 * now, as nvarm_vgic_nested_exit() asks (those in L0's list registers for L1 it already
	 * cleared; this is for the ones L1 made active through GICR_ISACTIVER0) */
	for (unsigned i = 0; i < g->exit.ndeact; i++)
		vgicd_hw_deactivated(v, g->exit.deact[i]);
	vgic_maint_seen(v, g->exit.maint);
	maint_line(v, g->exit.maint);
}

/* After nvarm_vgic_nested_exit() (switch.c, or vgic_l2_exit): L2's interrupt state is in
 * L1's virtual ICH registers; the maintenance level goes to L1's redistributor. */
void vgic_l2_exited(struct l0_vcpu *v)
{
	struct l0_vgic *g = &v->vgic;

	g->in_l2 = false;
	/* (the usual exit: nothing deactivated, no maintenance level before or after, none
	 * parked: nothing on the lines would change) */
	if (g->maint_parked | g->exit.ndeact | g->exit.maint | g->maint_level | g->maint_line)
		vgic_l2_exited_lines(v);
}

/*
 * The physical EL1 virtual timer PPI backs L2's CNTV while L2 runs and L1's EL2 virtual
 * timer (CNTHV) while L1 runs (timer.c). Its active state belongs to the timer it backs,
 * as in KVM's vcpu load: while L2 runs it is held active exactly while L1's interrupt for
 * L2's timer is active in L1's view (in a list register, or set through GICx_ISACTIVER as
 * Linux KVM and an L0 running as L1 do), so L2's timer does not fire again until L1 or L2
 * (through an HW=1 list register) deactivates it; while L1 runs it is inactive, since L1's
 * CNTHV fires on it. (A pending interrupt is not held: the L0 masks a delivered timer itself,
 * nvarm_vtimer_ack, and holding it would keep an L0 running as L1 from being interrupted.) Called
 * after each nvarm_vtimer_switch (switch.c). (Holding it active also while L1 runs hid L1's CNTHV:
 * a Linux L1 whose own clock event is CNTHV, 6.13 and later, waited forever once its KVM kept the
 * guest's timer active.)
 */
/* vgic_vtimer_phys_l2 when L1's interrupt for L2's timer may be active (out of line: the
 * usual entry into L2 stops at the byte). */
static __attribute__((__noinline__)) void vgic_vtimer_hold(struct l0_vcpu *v, uint32_t ppi)
{
	if (cpuif_hw_backed(v, ppi) && vgicd_active(v, ppi)) {
		gic_ppi_activate(ppi);
		v->vgic.vtimer_held = true;
	}
}

void vgic_vtimer_phys_l2(struct l0_vcpu *v)
{
	uint32_t ppi = v->vm->m->timer_ppi[2];

	if (__atomic_load_n(&v->vm->l1_nests, __ATOMIC_RELAXED)) /* vgicd.c: the real PPI follows
								  * L1's GICR_ISACTIVER0 writes */
		return;
	/* (the usual case, the interrupt inactive for L1, told by its byte without the VM's GIC
	 * lock and the platform hook: every entry into L2 asks; vgicd_active confirms) */
	if (v->vgic.vtimer_held || ppi >= VGICD_NR_IRQS ||
	    !__atomic_load_n(&v->vgicd.active[ppi], __ATOMIC_RELAXED))
		return;
	vgic_vtimer_hold(v, ppi);
}

void vgic_vtimer_phys_l1(struct l0_vcpu *v)
{
	uint32_t ppi = v->vm->m->timer_ppi[2];

	if (!v->vgic.vtimer_held)
		return;
	v->vgic.vtimer_held = false;
	if (gic_ppi_active(ppi))
		gic_ppi_deactivate(ppi);
	else /* L2 deactivated it through an HW=1 list register: L1's interrupt is inactive */
		vgicd_hw_deactivated(v, ppi);
}

/* L2's interface in again (nvarm_vgic_nested_entry, which rewrites only what changed). */
static void vgic_l2_enter(struct l0_vcpu *v)
{
	bool maint = nvarm_vgic_maint_pending(&v->vgic.cpu, l0_vgic_vstate(v));
	int r = nvarm_vgic_nested_entry(&v->vgic.cpu, l0_vgic_vstate(v));

	if (r)
		cpuif_fail("nvarm_vgic_nested_entry", r);
	vgic_l2_entered(v, maint);
}

/* L2's interrupt state back into L1's virtual ICH registers (no-op when already out). */
static void vgic_l2_exit(struct l0_vcpu *v)
{
	int r;

	if (!v->vgic.in_l2)
		return;
	r = nvarm_vgic_nested_exit(&v->vgic.cpu, l0_vgic_vstate(v), &v->vgic.exit);
	if (r)
		cpuif_fail("nvarm_vgic_nested_exit", r);
	vgic_l2_exited(v);
}

/*
 * L2 runs and one of L1's interrupts may have become deliverable: fold L2's interrupt state
 * back (nvarm_vgic_nested_exit: L2's deactivations, L1's maintenance level) and ask L1's
 * emulated GIC whether L1 takes an interrupt now. If not, L2's interface goes back in
 * (nvarm_vgic_nested_entry, which rewrites only what changed) and L2 resumes.
 */
bool vgic_l2_should_exit(struct l0_vcpu *v)
{
	vgic_l2_exit(v);
	if (vgicd_l2_wants_exit(v))
		return true;
	vgic_l2_enter(v);
	return false;
}

/*
 * The physical maintenance interrupt (@p iar acknowledged by L0). While L2 runs it comes
 * from L1's list registers (EOI maintenance, underflow, ...): the run loop decides whether
 * L2 exits to L1 for it (IRQ_REQ_MAINT; switch.c l0_resume: if L1 would take it, or
 * another of its interrupts; otherwise L2 resumes, the physical one parked if the condition
 * holds). While L1 runs it comes from L0's own list registers for L1 (an interrupt waits
 * in the overflow queue): the flush before L1 runs refills them.
 */
void vgic_maint_irq(struct l0_vcpu *v, uint64_t iar)
{
	v->vgic.st.hw_maint++;
	hw_set(ENC_ICC_EOIR1, iar);
	isb();
	if (v->in_l2)
		v->irq_req |= IRQ_REQ_MAINT;
}

/* The vGIC part of the nvarm-stats line. */
void vgic_stats_print(struct l0_vcpu *v)
{
	const struct l0_stats *st = &v->st;
	const struct vgic_stats *vs = &v->vgic.st;
	uint64_t n = st->kind_exits[EXIT_MAINT], q = n ? st->kind_traps[EXIT_MAINT] * 100 / n : 0;

	con_printf(" vgic_maint=%lu vgic_hw_maint=%lu l2_maint=%lu", vs->maint, vs->hw_maint, n);
	if (n)
		con_printf(" l0_traps_per_l2_maint=%lu.%02lu", q / 100, q % 100);
	else
		con_puts(" l0_traps_per_l2_maint=na");
	con_printf(" vgic_deact=%lu vgic_lr_overflow=%lu vgic_dropped=%lu", vs->deact, vs->overflow,
		   vs->dropped);
	/* Is the EL1 virtual timer PPI still active in L0's GIC (GICR_ISACTIVER0)? It should
	 * not be: L2's last deactivation went through an HW=1 list register to it. */
	con_printf(" vgic_vtimer_active=%u", gic_ppi_active(v->vm->m->timer_ppi[2]));
}
