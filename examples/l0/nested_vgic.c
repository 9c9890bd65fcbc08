// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's nested vGIC: nvarm's (include/nvarm/vgic.h) one struct nvarm_vgic_cpu
// for L1's one vCPU, with L1's virtual ICH_*_EL2 registers kept in nvarm's vstate.
//
// Where L1's virtual ICH state lives: struct nvarm_vgic_vstate overlays the VNCR page at
// 0x400-0x4cf. Under FEAT_NV2 L1's MSR/MRS of ICH_LR<n>, ICH_AP{0,1}R<n>, ICH_HCR and
// ICH_VMCR go there without trapping (unmasked: nvarm masks them again on every use);
// under FEAT_NV they trap and L0 applies them with nvarm_vgic_vreg_write/read. ICH_VTR,
// ICH_MISR, ICH_EISR and ICH_ELRSR always trap and are computed by nvarm from the vstate.
//
// Where the calls are (the porting reference):
//   L1 -> L2 (trap.c enter_l2)            vgic_l1_irq_pending, then vgic_l2_enter
//                                         (nvarm_vgic_l1_pending, nvarm_vgic_nested_entry)
//   L2 -> L0 (forward_to_l1_vec, the maintenance IRQ)  vgic_l2_exit (nvarm_vgic_nested_exit)
//   before every entry into L1            vgic_l1_flush (nvarm_vgic_l1_flush)
//   L1's emulated distributor (vgicd.c)   vgic_l1_inject/retract/deactivate/state
//                                         (nvarm_vgic_l1_inject, _retract, _deactivate,
//                                         _irq_state), vgic_would_signal
//                                         (nvarm_vgic_l1_would_signal)
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

#define VGIC_QUEUE_LEN	8
#define L1_IRQ_PRIORITY 0x80 /* of the interrupts L0 injects into L1 */

static struct nvarm_vgic_cpu vgic;
static struct nvarm_vgic_irq vgic_queue[VGIC_QUEUE_LEN]; /* L1's interrupts waiting for an LR */
static struct nvarm_vgic_exit vgic_exit;		 /* of the last nvarm_vgic_nested_exit */
static bool vgic_in_l2;	       /* between nvarm_vgic_nested_entry and _exit */
static bool vgic_maint_level;  /* L1's maintenance interrupt, as last seen */
static bool vgic_maint_parked; /* the physical maintenance PPI held active while L2 runs */
struct vgic_stats vgic_st;

static struct nvarm_vgic_vstate *vgic_vstate(void)
{
	return (struct nvarm_vgic_vstate *)(void *)(vncr_page + NVARM_VGIC_VNCR_OFFSET);
}

/* nvarm: the vGIC of L1's vCPU (after the physical GIC is up: reads ICH_VTR_EL2). */
void vgic_nested_init(void)
{
	const struct nvarm_vgic_config cfg = {
	    .nr_lr = 0, /* advertise every hardware list register to L1 */
	    .maint_priority = L1_IRQ_PRIORITY,
	    .queue_len = VGIC_QUEUE_LEN,
	    .maint_intid = 0, /* L1's maintenance interrupt is a line into vgicd.c */
	    .queue = vgic_queue,
	};
	int r = nvarm_vgic_cpu_init(&vgic, &l0_ops, &cfg);

	if (r == 0)
		r = nvarm_vgic_l1_flush(&vgic, NULL); /* L1's interface: empty LRs, En */
	if (r) {
		con_printf("l0: nvarm_vgic_cpu_init: %d\n", r);
		panic("nested vGIC setup");
	}
	/* The hardware maintenance interrupt comes to L0 (the same PPI number L1 sees). */
	gic_ppi_enable(m.gic_maint_ppi);
	uint64_t vtr = 0;
	nvarm_vgic_vreg_read(&vgic, vgic_vstate(), NVARM_ENC_ICH_VTR, &vtr);
	con_printf("l0: nvarm vGIC: L1 sees ICH_VTR_EL2 0x%lx (%lu list registers)\n", vtr,
		   (vtr & 0x1f) + 1);
}

/* L1's virtual ICH_*_EL2 at reset (nvarm_vel2_init cleared the VNCR page). */
void vgic_l1_reset(void)
{
	nvarm_vgic_vstate_reset(&vgic, vgic_vstate());
}

/*
 * A trapped MRS/MSR of an ICH_*_EL2 register by L1 (all of them under FEAT_NV; the
 * computed VTR/MISR/EISR/ELRSR under NV2). Returns an nvarm_emul value:
 * NVARM_EMUL_FORWARD when @p enc is not one of them.
 */
int vgic_sysreg(uint32_t enc, bool read, uint64_t *val)
{
	int r = read ? nvarm_vgic_vreg_read(&vgic, vgic_vstate(), enc, val)
		     : nvarm_vgic_vreg_write(&vgic, vgic_vstate(), enc, *val);

	if (r == NVARM_ERR_NOENT)
		return NVARM_EMUL_FORWARD;
	/* An LR/APR beyond the advertised count, or a write to a read-only one. */
	return r ? NVARM_EMUL_UNDEF : NVARM_EMUL_OK;
}

/* ---------------------------------------------------------------- running L1 */

static void vgic_fail(const char *what, int r)
{
	con_printf("l0: %s: %d\n", what, r);
	l0_shutdown("nested vGIC call failed");
}

/* Count the rising edges of L1's (level-sensitive) maintenance interrupt. */
static void vgic_maint_seen(bool level)
{
	if (level && !vgic_maint_level)
		vgic_st.maint++;
	vgic_maint_level = level;
}

/* L1's maintenance interrupt from its virtual ICH registers (L1 runs: under NV2 it changes
 * them without trapping), into its emulated redistributor. */
void vgic_maint_refresh(void)
{
	bool level;

	if (vgic_in_l2)
		return;
	level = nvarm_vgic_maint_pending(&vgic, vgic_vstate());
	vgic_maint_seen(level);
	vgicd_line(m.gic_maint_ppi, level);
}

/*
 * nvarm: before every entry into L1. L1's maintenance level, what L1's emulated
 * distributor forwards (vgicd_present: nvarm_vgic_l1_inject / _retract), then nvarm reads
 * back what L1 did to L0's list registers and refills free ones from the overflow queue.
 */
void vgic_l1_flush(void)
{
	int r;

	vgic_maint_refresh();
	vgicd_present();
	r = nvarm_vgic_l1_flush(&vgic, NULL);
	if (r)
		vgic_fail("nvarm_vgic_l1_flush", r);
}

/* Would L1 take an interrupt as soon as it ERETs into L2 (its IRQs route to vEL2, and its
 * CPU interface signals one)? */
bool vgic_l1_irq_pending(void)
{
	vgic_l1_flush();
	return vgicd_l1_signalled();
}

/*
 * Make @p intid pending for L1 (vgicd.c: its priority and group in L1's distributor). An
 * interrupt backed by a real one (l1_intid_to_hw: the EL1 virtual timer PPI, which L0 has
 * taken and EOIed) goes in with HW=1 and the physical interrupt is made active again:
 * whoever deactivates it in the end (L1, or L2 through an HW=1 list register of L1's)
 * deactivates the physical interrupt, and until then it cannot fire again.
 */
bool vgic_l1_inject(uint32_t intid, uint8_t priority, bool group1)
{
	struct nvarm_vgic_irq irq = {
	    .intid = intid,
	    .priority = priority,
	    .flags = group1 ? NVARM_VGIC_IRQ_GROUP1 : 0,
	};
	unsigned queued = nvarm_vgic_l1_queued(&vgic);
	int r;

	if (l0_ops.l1_intid_to_hw && l0_ops.l1_intid_to_hw(l0_ops.ctx, intid, &irq.hw_intid) == 0)
		irq.flags |= NVARM_VGIC_IRQ_HW;
	r = nvarm_vgic_l1_inject(&vgic, &irq);
	if (r == 0 && nvarm_vgic_l1_queued(&vgic) > queued)
		vgic_st.overflow++; /* no free LR: waits in the queue */
	if (r == 0 && (irq.flags & NVARM_VGIC_IRQ_HW) && irq.hw_intid < 32)
		gic_ppi_activate(irq.hw_intid); /* (an SPI would be GICD_ISACTIVER) */
	if (r == NVARM_ERR_NOMEM)
		vgic_st.dropped++;
	else if (r)
		vgic_fail("nvarm_vgic_l1_inject", r);
	return r == 0;
}

/* The rest of vgicd.c's view of L1's virtual CPU interface. */
int vgic_l1_state(uint32_t intid)
{
	return nvarm_vgic_l1_irq_state(&vgic, intid);
}

void vgic_l1_retract(uint32_t intid)
{
	int r = nvarm_vgic_l1_retract(&vgic, intid);

	if (r && r != NVARM_ERR_NOENT)
		vgic_fail("nvarm_vgic_l1_retract", r);
}

void vgic_l1_deactivate(uint32_t intid)
{
	int r = nvarm_vgic_l1_deactivate(&vgic, intid);

	if (r && r != NVARM_ERR_NOENT)
		vgic_fail("nvarm_vgic_l1_deactivate", r);
}

/* Does a real interrupt back L1's @p intid (it goes into an HW=1 list register)? */
bool vgic_l1_hw_backed(uint32_t intid)
{
	uint32_t hw;

	return l0_ops.l1_intid_to_hw && l0_ops.l1_intid_to_hw(l0_ops.ctx, intid, &hw) == 0;
}

bool vgic_would_signal(uint8_t priority, bool group1)
{
	return nvarm_vgic_l1_would_signal(&vgic, priority, group1) == 1;
}

/* ---------------------------------------------------------------- running L2 */

/* nvarm: world switch L1 -> L2: L1's virtual LRs, ICH_HCR/VMCR/APRs into the hardware. */
void vgic_l2_enter(void)
{
	bool level = nvarm_vgic_maint_pending(&vgic, vgic_vstate());
	int r = nvarm_vgic_nested_entry(&vgic, vgic_vstate());

	if (r)
		vgic_fail("nvarm_vgic_nested_entry", r);
	vgic_in_l2 = true;
	/* The hardware raises the maintenance interrupt from L1's list registers now; if L1
	 * would not take it, hold it active so that L2 runs undisturbed (as on hardware). */
	vgicd_line(m.gic_maint_ppi, level);
	if (level && !vgic_maint_parked && !vgicd_would_take(m.gic_maint_ppi)) {
		gic_ppi_activate(m.gic_maint_ppi);
		vgic_maint_parked = true;
	}
}

/*
 * nvarm: L2 exited to L0: fold L2's interrupt state into L1's virtual ICH registers.
 * Returns whether L1's maintenance interrupt is asserted (nvarm has then made it pending
 * in L0's list registers for L1). Repeated calls before the next entry are no-ops.
 */
bool vgic_l2_exit(void)
{
	int r;

	if (!vgic_in_l2)
		return vgic_exit.maint;
	r = nvarm_vgic_nested_exit(&vgic, vgic_vstate(), &vgic_exit);
	if (r)
		vgic_fail("nvarm_vgic_nested_exit", r);
	vgic_in_l2 = false;
	if (vgic_maint_parked) {
		gic_ppi_deactivate(m.gic_maint_ppi);
		vgic_maint_parked = false;
	}
	vgic_st.deact += vgic_exit.ndeact;
	vgic_maint_seen(vgic_exit.maint);
	vgicd_line(m.gic_maint_ppi, vgic_exit.maint);
	return vgic_exit.maint;
}

/*
 * L2 runs and one of L1's interrupts may have become deliverable: fold L2's interrupt state
 * back (nvarm_vgic_nested_exit: L2's deactivations, L1's maintenance level) and ask L1's
 * emulated GIC whether L1 takes an interrupt now. If not, L2's interface goes back in
 * (nvarm_vgic_nested_entry, which rewrites only what changed) and L2 resumes.
 */
bool vgic_l2_should_exit(void)
{
	vgic_l2_exit();
	if (vgicd_l2_wants_exit())
		return true;
	vgic_l2_enter();
	return false;
}

/*
 * The physical maintenance interrupt (@p iar acknowledged by L0). While L2 runs it comes
 * from L1's list registers (EOI maintenance, underflow, ...): the level goes to L1's
 * emulated redistributor; L2 exits to L1 if L1 would take it (or another of its
 * interrupts), otherwise L2 resumes (and the physical one is parked if the condition
 * holds). While L1 runs it comes from L0's own list registers for L1 (an interrupt waits
 * in the overflow queue): the flush refills them.
 */
void vgic_maint_irq(uint64_t iar)
{
	vgic_st.hw_maint++;
	hw_set(ENC_ICC_EOIR1, iar);
	isb();
	if (vcpu.in_l2) {
		l2_exit(EXIT_MAINT);
		if (vgic_l2_should_exit())
			forward_to_l1_vec(VEC_LOWER_IRQ, 0, 0, 0, 0);
		else
			st.cur = EXIT_NONE;
	} else {
		vgic_l1_flush();
	}
}

/* The vGIC part of the nvarm-stats line. */
void vgic_stats_print(void)
{
	uint64_t n = st.kind_exits[EXIT_MAINT], q = n ? st.kind_traps[EXIT_MAINT] * 100 / n : 0;

	con_printf(" vgic_maint=%lu vgic_hw_maint=%lu l2_maint=%lu", vgic_st.maint,
		   vgic_st.hw_maint, n);
	if (n)
		con_printf(" l0_traps_per_l2_maint=%lu.%02lu", q / 100, q % 100);
	else
		con_puts(" l0_traps_per_l2_maint=na");
	con_printf(" vgic_deact=%lu vgic_lr_overflow=%lu vgic_dropped=%lu", vgic_st.deact,
		   vgic_st.overflow, vgic_st.dropped);
	/* Is the EL1 virtual timer PPI still active in L0's GIC (GICR_ISACTIVER0)? It should
	 * not be: L2's last deactivation went through an HW=1 list register to it. */
	con_printf(" vgic_vtimer_active=%u", gic_ppi_active(m.timer_ppi[2]));
}
