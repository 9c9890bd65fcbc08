// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The nested vGIC's view of the VM: the list-register count L1 sees comes from the one
 * per-VM configuration (nvarm_vm_request::gic_lrs, checked against the host there), not
 * from a second knob.
 */
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>

int nvarm_vgic_config_from_vm(struct nvarm_vgic_config *cfg, const struct nvarm_vm_config *vm)
{
	if (!cfg || !vm || !(vm->features & NVARM_VMF_GICV3) || vm->gic_lrs == 0 ||
	    vm->gic_lrs > 16)
		return NVARM_ERR_INVAL;
	cfg->nr_lr = vm->gic_lrs;
	return 0;
}
