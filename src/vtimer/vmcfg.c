// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The timers' view of the VM: the vtimer flags that follow from the one per-VM
 * configuration (nvarm_vm_config_init), so that the timers L1 gets match its ID registers.
 */
#include <nvarm/sysreg.h>
#include <nvarm/vtimer.h>

int nvarm_vtimer_config_from_vm(struct nvarm_vtimer_config *cfg, const struct nvarm_vm_config *vm)
{
	if (!cfg || !vm)
		return NVARM_ERR_INVAL;
	/* FEAT_ECV offered to L1 (ID_AA64MMFR0_EL1.ECV): CNTPOFF_EL2 and CNTHCTL_EL2.ECV & co */
	if (vm->features & NVARM_VMF_ECV)
		cfg->flags |= NVARM_VTIMER_F_ECV;
	else
		cfg->flags &= ~(uint32_t)NVARM_VTIMER_F_ECV;
	return 0;
}
