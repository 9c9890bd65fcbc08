// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// FEAT_RAS for L1 (NVARM_VMF_RAS): the deferred-SError registers across the world switch.
//
// The hardware runs both L1 and L2 with L0's HCR_EL2.AMO = 1, so an EL1 access to DISR_EL1
// reaches the hardware VDISR_EL2, and an ESB at EL1 defers a pending virtual SError
// (HCR_EL2.VSE) into it with the syndrome of VSESR_EL2 (DDI 0487 D24.2 DISR_EL1: "when
// EL2Enabled() && HCR_EL2.AMO == 1, accesses VDISR_EL2"; C6.2 ESB). What the two levels must
// see instead:
//   - L1 at its virtual EL2: its own DISR_EL1 (AMO does not apply at EL2). That register is
//     also L2's when L1's own AMO is 0 (one physical DISR_EL1, natively shared).
//   - L2 with L1's AMO = 1: L1's virtual VDISR_EL2, and its virtual SError (L1's VSE, passed
//     by nvarm_fwd_hw_traps) carries L1's VSESR_EL2.
// So the hardware VDISR_EL2 holds L1's DISR_EL1 (l1_disr) while L1 runs and while L2 runs with
// L1's AMO = 0, and L1's VDISR_EL2 while L2 runs with AMO = 1; the hardware VSESR_EL2 holds
// L1's VSESR_EL2 while L2 runs. L2's ESB may write the hardware VDISR_EL2: at L2's exit it
// goes back where it came from. (Physical SErrors: none reach L1 from this L0.)
#include "l0.h"

#define VDISR_EL2 S3_4_C12_C1_1
#define VSESR_EL2 S3_4_C5_C2_3

static bool ras_on(const struct l0_vcpu *v)
{
	return (v->vm->cfg.features & NVARM_VMF_RAS) != 0;
}

/* World switch L1 -> L2 (with L1's virtual HCR_EL2 @p l1_hcr). */
void ras_l2_enter(struct l0_vcpu *v, uint64_t l1_hcr)
{
	if (!ras_on(v))
		return;
	uint64_t vsesr = vel2_get_id(v, NVARM_SR_VSESR_EL2);

	v->ras.l1_disr = read_sysreg_s(VDISR_EL2);
	v->ras.l2_amo = (l1_hcr & HCR_AMO) != 0;
	if (v->ras.l2_amo) {
		uint64_t x = vel2_get_id(v, NVARM_SR_VDISR_EL2);

		if (x != v->ras.l1_disr)
			write_sysreg_s(VDISR_EL2, x);
	}
	/* (no write of the value the hardware holds: the world switch never does, switch.c) */
	if (vsesr != read_sysreg_s(VSESR_EL2))
		write_sysreg_s(VSESR_EL2, vsesr);
}

/* World switch L2 -> L1: L2's ESB results back to L1's VDISR_EL2 or its DISR_EL1. */
void ras_l2_exit(struct l0_vcpu *v)
{
	if (!ras_on(v))
		return;
	if (v->ras.l2_amo) {
		uint64_t x = read_sysreg_s(VDISR_EL2);

		if (x != vel2_get_id(v, NVARM_SR_VDISR_EL2))
			(void)nvarm_vel2_write(&v->v2, NVARM_SR_VDISR_EL2, x);
		if (x != v->ras.l1_disr)
			write_sysreg_s(VDISR_EL2, v->ras.l1_disr);
	}
}
