// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The PMU (FEAT_PMUv3) for the VM: L1 and L2 use the hardware counters directly; the L0 owns
// only what the nesting changes (nvarm's PMU rules, include/nvarm/sysreg.h nvarm_pmu_*):
//  - MDCR_EL2's PMU fields per world (route.c: route_l1_init, route_hw_load);
//  - the event filters (PMEVTYPER<n>_EL0, PMCCFILTR_EL0): L1 runs its EL2 at EL1, so while
//    it runs the hardware filters are nvarm_pmu_hw_filter(L1) of the values L1 wrote, kept
//    here (pmu.flt); L1's own accesses to them trap (HDFGRTR_EL2/HDFGWTR_EL2
//    PMEVTYPERn_EL0 [13], PMCCFILTR_EL0 [14], FEAT_FGT) and read and write those values.
//    While L2 runs the hardware holds nvarm_pmu_hw_filter(L2) (L2's own counters raw); the
//    trap bits stay (no FGT register write at a world switch): L2's accesses L1 did not
//    ask to trap reach the hardware through here (route.c l2_sysreg_for_l0).
// Cost on the L2 hypercall path (scripts/bench --icount, perf.bin): L1's MDCR_EL2 read and
// compared at each L2 entry (L2's MDCR_EL2 fields recomputed only when it changed), one
// PMCNTENSET_EL0 read at each exit, a flag test per trap.
// Lazily: the filters stay L1's raw values in the hardware (pmu.shadow = false, nothing
// more at any world switch) until L1 writes a filter or a counter is found enabled when L2
// exits; from then on the world switch moves them (N + 1 registers each way).
// Departures: a counter L1 enables (PMCNTENSET_EL0, not trapped) with filters it never
// wrote counts by their raw EL1 bit until the next L2 exit; MDCR_EL2 changes L1 makes
// without a trap (FEAT_NV2: its VNCR page) reach the filters at the next filter write or
// world switch. Without FEAT_FGT the filters are not switched at all.
// The overflow interrupt (the DT's arm,armv8-pmuv3 PPI, L1's too: the L0 gives L1 QEMU's
// node) is L1's: the L0 takes the physical PPI, holds it active and raises the line in
// L1's GIC; the line follows PMCR_EL0.E && (PMOVSSET_EL0 & PMINTENSET_EL1) (QEMU's
// request; the Arm ARM also gates counters HPMN and up by MDCR_EL2.HPME), checked at the end
// of every trap while it is up (l0_pmu_resume): when it drops, the line is withdrawn and the
// physical PPI deactivated (so that it can interrupt again).
#include "l0.h"

/* HDFGRTR_EL2/HDFGWTR_EL2: PMEVTYPERn_EL0 (and PMXEVTYPER_EL0) [13], PMCCFILTR_EL0 [14] */
#define FGT_PMU_FILTERS ((1ull << 13) | (1ull << 14))

/* The PMU rules' input (nvarm_pmu_hw_mdcr/filter): L1's MDCR_EL2 and PMCR_EL0, the VM's PMU. */
void l0_pmu_state(struct l0_vcpu *v, struct nvarm_pmu_state *p)
{
	uint64_t dfr0 = v->vm->cfg.id.dfr0;

	p->l1_mdcr = vel2_get_id(v, NVARM_SR_MDCR_EL2);
	p->pmcr = read_sysreg(pmcr_el0);
	p->n = v->route.pmu_n;
	p->pmuver = (uint8_t)FIELD(dfr0, 11, 8);
	p->hpmn0 = (uint8_t)(FIELD(dfr0, 63, 60) != 0);
}

/* The hardware filter of counter @i (31: PMCCFILTR_EL0) through PMSELR_EL0.SEL, which the
 * caller saves and restores (it is the guest's). */
static uint64_t flt_get(unsigned i)
{
	write_sysreg(pmselr_el0, i);
	__asm__ volatile("isb");
	return read_sysreg(pmxevtyper_el0);
}

static void flt_set(unsigned i, uint64_t val)
{
	write_sysreg(pmselr_el0, i);
	__asm__ volatile("isb");
	write_sysreg(pmxevtyper_el0, val);
}

/* Each counter's filter in the hardware: nvarm's value of the world for pmu.flt. */
static void flt_load(struct l0_vcpu *v, const struct nvarm_pmu_state *p, enum nvarm_pmu_world w)
{
	uint64_t sel = read_sysreg(pmselr_el0), hw;

	for (unsigned i = 0; i <= NVARM_PMU_CYCLE; i++) {
		if (i == p->n)
			i = NVARM_PMU_CYCLE;
		if (nvarm_pmu_hw_filter(p, w, i, v->pmu.flt[i], &hw) == 0)
			flt_set(i, hw);
	}
	write_sysreg(pmselr_el0, sel);
}

/* L1's filters from the hardware (raw there) into pmu.flt: @upto counters and the cycle
 * counter. */
static void flt_save(struct l0_vcpu *v, unsigned upto)
{
	uint64_t sel = read_sysreg(pmselr_el0);

	for (unsigned i = 0; i < upto; i++)
		v->pmu.flt[i] = flt_get(i);
	v->pmu.flt[NVARM_PMU_CYCLE] = flt_get(NVARM_PMU_CYCLE);
	write_sysreg(pmselr_el0, sel);
}

/* From raw filters in the hardware to L1's world values, while L1 runs (or about to). */
static void shadow_on(struct l0_vcpu *v)
{
	struct nvarm_pmu_state p;

	l0_pmu_state(v, &p);
	flt_save(v, p.n);
	v->pmu.shadow = true;
	flt_load(v, &p, NVARM_PMU_WORLD_L1);
}

/* route_l1_init: trap the VM's filter accesses (FEAT_FGT). The bits are the L0's own in
 * both worlds (one value: no FGT register write at a world switch); L2's accesses that L1
 * did not ask to trap come back here through route.c l2_sysreg_for_l0. */
void l0_pmu_l1_init(struct l0_vcpu *v)
{
	v->pmu.shadow = false;
	v->pmu.up = false;
	if ((v->vm->cfg.features & NVARM_VMF_PMU) && v->vm->m->pmu_ppi)
		gic_ppi_enable(v->vm->m->pmu_ppi); /* this CPU's: l0_pmu_irq */
	v->pmu.fgt = ID_FIELD(read_sysreg(id_aa64mmfr0_el1), MMFR0, FGT) != 0;
	if (!(v->vm->cfg.features & NVARM_VMF_PMU) || !v->pmu.fgt) {
		v->pmu.fgt = false;
		return;
	}
	write_sysreg_s(S3_4_C3_C1_4, read_sysreg_s(S3_4_C3_C1_4) | FGT_PMU_FILTERS); /* HDFGRTR */
	write_sysreg_s(S3_4_C3_C1_5, read_sysreg_s(S3_4_C3_C1_5) | FGT_PMU_FILTERS); /* HDFGWTR */
}

/*
 * A trapped MRS/MSR of PMEVTYPER<n>_EL0, PMXEVTYPER_EL0 (the counter PMSELR_EL0.SEL selects)
 * or PMCCFILTR_EL0 (the FGT bits above). From L1: its values; a write goes to the hardware
 * first so that the hardware says which bits exist (RES0 fields, the counter's event
 * number), then in L1's world form; a counter at or above N is RAZ/WI (CONSTRAINED
 * UNPREDICTABLE for PMXEVTYPER_EL0; PMEVTYPER<n>_EL0 of such n is UNDEFINED by the
 * hardware). From L2 (L1 did not ask for the trap): its own counters (below the HPMN it
 * runs with) and the cycle counter reach the hardware, which holds their raw values; a
 * counter at or above HPMN returns false (UNDEFINED for L2, route.c). Returns false for
 * other registers too.
 */
bool l0_pmu_filter_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t)
{
	uint32_t enc = t->enc, base = NVARM_ENC_PMEVTYPER0_EL0; /* n = CRm[1:0]:op2 from there */
	unsigned idx, n = v->route.pmu_n;
	struct nvarm_pmu_state p;
	uint64_t hw, sel;

	if (!v->pmu.fgt || !l0_pmu_filter_acc(t))
		return false;
	sel = read_sysreg(pmselr_el0);
	if (enc == NVARM_ENC_PMXEVTYPER_EL0)
		idx = (unsigned)FIELD(sel, 4, 0);
	else
		idx = (NVARM_SYSREG_CRM(enc) - NVARM_SYSREG_CRM(base)) << 3 | NVARM_SYSREG_OP2(enc);
	if (v->in_l2) {
		if (idx != NVARM_PMU_CYCLE && idx >= FIELD(v->route.hw.mdcr, 4, 0))
			return false;
		if (t->is_read) {
			hw = flt_get(idx);
			if (t->rt != 31)
				f->x[t->rt] = hw;
		} else {
			flt_set(idx, t->rt != 31 ? f->x[t->rt] : 0);
		}
		write_sysreg(pmselr_el0, sel);
	} else {
		if (!v->pmu.shadow)
			shadow_on(v);
		if (idx < n || idx == NVARM_PMU_CYCLE) {
			if (t->is_read) {
				if (t->rt != 31)
					f->x[t->rt] = v->pmu.flt[idx];
			} else {
				flt_set(idx, t->rt != 31 ? f->x[t->rt] : 0);
				v->pmu.flt[idx] = flt_get(idx);
				l0_pmu_state(v, &p);
				if (nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L1, idx,
							v->pmu.flt[idx], &hw) == 0)
					flt_set(idx, hw);
			}
			write_sysreg(pmselr_el0, sel);
		} else if (t->is_read && t->rt != 31) {
			f->x[t->rt] = 0;
		}
	}
	l0_skip_insn(v);
	v->st.handled++;
	return true;
}

/* World switch L1 -> L2 (l0.h l0_pmu_l2_enter, while the L0 moves the filters). */
void l0_pmu_l2_enter_slow(struct l0_vcpu *v)
{
	struct nvarm_pmu_state p;

	l0_pmu_state(v, &p);
	flt_load(v, &p, NVARM_PMU_WORLD_L2);
}

/*
 * World switch L2 -> L1 (l0.h l0_pmu_l2_exit: while the L0 moves the filters, or a counter
 * is enabled): what L2 wrote of its own counters' filters (below its HPMN, and the cycle
 * counter) is L1's value now; then L1's world filters. Until then the filters are raw in
 * the hardware: a counter found enabled starts the moving.
 */
void l0_pmu_l2_exit_slow(struct l0_vcpu *v)
{
	struct nvarm_pmu_state p;

	if (!v->pmu.shadow) {
		shadow_on(v);
		return;
	}
	l0_pmu_state(v, &p);
	flt_save(v, nvarm_pmu_hpmn(&p));
	flt_load(v, &p, NVARM_PMU_WORLD_L1);
}

/* The physical PMU PPI (l0_trap_irq): L1's line up, the PPI held active until it drops. */
bool l0_pmu_irq(struct l0_vcpu *v, uint32_t intid, uint64_t iar)
{
	uint32_t ppi = v->vm->m->pmu_ppi;

	if (!ppi || intid != ppi)
		return false;
	hw_set(ENC_ICC_EOIR1, iar);
	isb();
	gic_ppi_activate(ppi);
	v->pmu.irqs++;
	if (!v->pmu.up) {
		v->pmu.up = true;
		vgicd_line(v, ppi, true);
	}
	if (v->in_l2)
		v->irq_req |= IRQ_REQ_OTHER;
	return true;
}

/* The end of every trap (switch.c l0_resume, l0.h l0_pmu_resume) with the line up: has the
 * overflow request dropped (the guest cleared PMOVSSET_EL0 or PMINTENSET_EL1, or PMCR_EL0.E)?
 * Returns true when it withdrew the line. */
bool l0_pmu_resume_slow(struct l0_vcpu *v)
{
	uint32_t ppi = v->vm->m->pmu_ppi;

	if ((read_sysreg(pmcr_el0) & 1) &&
	    (read_sysreg(pmovsset_el0) & read_sysreg(pmintenset_el1)))
		return false;
	v->pmu.up = false;
	vgicd_line(v, ppi, false);
	gic_ppi_deactivate(ppi);
	return true;
}
