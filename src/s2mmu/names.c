// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Names of the shadow stage-2 result enums (nvarm/s2mmu.h). */
#include <nvarm/s2mmu.h>

const char *nvarm_s2_fault_name(unsigned v)
{
	switch ((enum nvarm_s2_fault)v) {
	case NVARM_S2_FAULT_NONE:
		return "none";
	case NVARM_S2_FAULT_TRANSLATION:
		return "translation";
	case NVARM_S2_FAULT_ADDR_SIZE:
		return "address-size";
	case NVARM_S2_FAULT_ACCESS:
		return "access-flag";
	case NVARM_S2_FAULT_PERMISSION:
		return "permission";
	case NVARM_S2_FAULT_EXT_WALK:
		return "external-abort-on-walk";
	}
	return "?";
}

const char *nvarm_s2mmu_action_name(unsigned v)
{
	switch ((enum nvarm_s2mmu_action)v) {
	case NVARM_S2MMU_INSTALLED:
		return "installed";
	case NVARM_S2MMU_INJECT:
		return "inject";
	case NVARM_S2MMU_L0:
		return "l0";
	}
	return "?";
}

const char *nvarm_s2mmu_l0_reason_name(unsigned v)
{
	switch ((enum nvarm_s2mmu_l0_reason)v) {
	case NVARM_S2MMU_L0_NOT_ABORT:
		return "not-abort";
	case NVARM_S2MMU_L0_UNMAPPED:
		return "unmapped";
	case NVARM_S2MMU_L0_MMIO:
		return "mmio";
	case NVARM_S2MMU_L0_PERM:
		return "perm";
	case NVARM_S2MMU_L0_GRANULE:
		return "granule";
	case NVARM_S2MMU_L0_RANGE:
		return "range";
	}
	return "?";
}
