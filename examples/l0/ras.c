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
