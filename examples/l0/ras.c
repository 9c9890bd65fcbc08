// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// FEAT_RAS for L1 (NVARM_VMF_RAS): the deferred-SError registers across the world switch.
// nvarm says which values VDISR_EL2 and VSESR_EL2 hold while L2 runs and again once L1 runs
// (nvarm_ras_l2_enter/exit; the why is in nvarm/sysreg.h at struct nvarm_ras_switch); the L0
// reads and writes the hardware, never a value a register already holds (switch.c).
#include "l0.h"

#define VDISR_EL2 S3_4_C12_C1_1
#define VSESR_EL2 S3_4_C5_C2_3

/* The registers exist only with FEAT_RAS, which the VM has only when the host does. */
static bool ras_on(const struct l0_vcpu *v)
{
	return (v->vm->cfg.features & NVARM_VMF_RAS) != 0;
}

/*
 * HCR_EL2.FIEN for either world: 1 when the VM has FEAT_RASv1p1, which nvarm's ID policy
 * shows as ID_AA64PFR0_EL1.RAS = 2 (never as RAS_frac: src/sysreg/features.c). FIEN = 0 traps
 * EL1's ERXPFGF/CTL/CDN_EL1 accesses (D24.2 HCR_EL2.FIEN); it never applies to EL2, so L1, at
 * EL1 here, runs with it set, and for L2 it is an enable that nvarm_fwd_hw_traps() clears
 * where L1's own FIEN is 0. Without the feature the registers are UNDEFINED for the VM: L0
 * keeps FIEN = 0 and nvarm, asked about the trap, finds no such register.
 */
uint64_t ras_hcr_fien(const struct l0_vm *vm)
{
	if (!(vm->cfg.features & NVARM_VMF_RAS))
		return 0;
	return ID_FIELD(vm->cfg.id.pfr0, PFR0, RAS) >= 2 ? HCR_FIEN : 0;
}

/* World switch L1 -> L2 (L1's vEL2 registers in the file). */
void ras_l2_enter(struct l0_vcpu *v)
{
	uint64_t hw, vdisr, vsesr;

	if (!ras_on(v))
		return;
	hw = read_sysreg_s(VDISR_EL2);
	if (nvarm_ras_l2_enter(&v->v2, hw, &v->ras, &vdisr, &vsesr) != 1)
		return;
	if (vdisr != hw)
		write_sysreg_s(VDISR_EL2, vdisr);
	if (vsesr != read_sysreg_s(VSESR_EL2))
		write_sysreg_s(VSESR_EL2, vsesr);
}

/* World switch L2 -> L1: L2's ESB results back to L1's VDISR_EL2 or its DISR_EL1. */
void ras_l2_exit(struct l0_vcpu *v)
{
	uint64_t hw, vdisr;

	if (!ras_on(v) || !nvarm_ras_l2_exit_needed(&v->ras))
		return;
	hw = read_sysreg_s(VDISR_EL2);
	if (nvarm_ras_l2_exit(&v->v2, hw, &v->ras, &vdisr) == 1 && vdisr != hw)
		write_sysreg_s(VDISR_EL2, vdisr);
}
