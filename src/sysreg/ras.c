// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * FEAT_RAS for the VM: where L2's synchronous External aborts are taken, and the
 * deferred-SError registers (VDISR_EL2, VSESR_EL2) across the L1 <-> L2 world switch.
 *
 * Pure functions of the vEL2 file and the values the L0 passes in: the L0 reads and writes
 * the hardware registers itself (it skips writes of the value already there). Locking: one
 * vCPU, caller-serialised.
 */
#include "sysreg_priv.h"
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_fields.h>

static bool vm_has_ras(const struct nvarm_vel2 *v)
{
	return (v->cfg->features & NVARM_VMF_RAS) != 0;
}

int nvarm_l2_sea_route(const struct nvarm_vel2 *v, uint64_t esr, unsigned int l2_el, uint64_t far,
		       struct nvarm_vel2_exc *e)
{
	unsigned int ec;
	uint64_t hcr, iss = 0;
	bool to_el2;

	if (!v || !v->cfg || !e || l2_el > 1)
		return NVARM_ERR_INVAL;
	ec = (unsigned int)(esr >> NVARM_ESR_EC_SHIFT) & NVARM_ESR_EC_MASK;
	if (ec != NVARM_EC_DABT_LOW && ec != NVARM_EC_IABT_LOW)
		return NVARM_ERR_INVAL;
	hcr = nvarm__vel2_get(v, NVARM_SR_HCR_EL2);
	/* AArch64.Abort: route_to_el2 = EL2Enabled() && PSTATE.EL IN {EL0, EL1} &&
	 * (HCR_EL2.TGE == '1' || (IsFeatureImplemented(FEAT_RAS) && HCR_EL2.TEA == '1' &&
	 * IsExternalAbort(fault)) || ...). (TGE is only ever 1 here for an EL0 access.) */
	to_el2 = (hcr & NVARM_HCR_EL2_TGE) || (vm_has_ras(v) && (hcr & NVARM_HCR_EL2_TEA));
	/* ISS of a Data Abort: WnR and CM describe the access (a fetch has neither); ISV = 0,
	 * EA = 0 (IMPLEMENTATION DEFINED classification, 0 as QEMU reports it), FnV = 0. */
	if (ec == NVARM_EC_DABT_LOW)
		iss = esr & (NVARM_ISS_DABT_CM | NVARM_ISS_DABT_WNR);
	/* The "same Exception level" class only for L2's EL1 taking it at its EL1. */
	if (!to_el2 && l2_el == 1)
		ec = ec == NVARM_EC_DABT_LOW ? NVARM_EC_DABT_CUR : NVARM_EC_IABT_CUR;
	e->esr = ((uint64_t)ec << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL | iss | NVARM_FSC_SEA;
	e->far = far;
	e->fault_ipa = nvarm_ipa2(0);
	e->flags = NVARM_EXCF_FAR;
	return to_el2 ? 1 : 0;
}

int nvarm_ras_l2_enter(const struct nvarm_vel2 *v, uint64_t hw_vdisr, struct nvarm_ras_switch *s,
		       uint64_t *vdisr, uint64_t *vsesr)
{
	if (!v || !v->cfg || !s || !vdisr || !vsesr)
		return NVARM_ERR_INVAL;
	if (!vm_has_ras(v))
		return 0;
	s->l1_disr = hw_vdisr;
	s->l2_amo = (nvarm__vel2_get(v, NVARM_SR_HCR_EL2) & NVARM_HCR_EL2_AMO) != 0;
	/* L2's DISR_EL1 with L1's AMO = 1 is L1's VDISR_EL2; with AMO = 0 it is L1's own
	 * DISR_EL1, which the hardware already holds. */
	*vdisr = s->l2_amo ? nvarm__vel2_get(v, NVARM_SR_VDISR_EL2) : hw_vdisr;
	/* An ESB of L2 (or L2 taking the virtual SError of L1's HCR_EL2.VSE) reports L1's
	 * VSESR_EL2 (D24.2 VSESR_EL2). */
	*vsesr = nvarm__vel2_get(v, NVARM_SR_VSESR_EL2);
	return 1;
}

int nvarm_ras_l2_exit(struct nvarm_vel2 *v, uint64_t hw_vdisr, const struct nvarm_ras_switch *s,
		      uint64_t *vdisr)
{
	if (!v || !v->cfg || !s || !vdisr)
		return NVARM_ERR_INVAL;
	if (!vm_has_ras(v))
		return 0;
	if (s->l2_amo) {
		nvarm__vel2_set(v, NVARM_SR_VDISR_EL2, hw_vdisr);
		*vdisr = s->l1_disr;
	} else {
		*vdisr = hw_vdisr; /* L1's DISR_EL1, as L2's ESB left it */
	}
	return 1;
}
