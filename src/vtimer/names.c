// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Names of the timer enums (nvarm/vtimer.h). */
#include <nvarm/vtimer.h>

const char *nvarm_vtimer_id_name(unsigned v)
{
	switch ((enum nvarm_vtimer_id)v) {
	case NVARM_VTIMER_EL1_PHYS:
		return "el1-phys";
	case NVARM_VTIMER_EL1_VIRT:
		return "el1-virt";
	case NVARM_VTIMER_EL2_PHYS:
		return "el2-phys";
	case NVARM_VTIMER_EL2_VIRT:
		return "el2-virt";
	case NVARM_VTIMER_COUNT:
		break;
	}
	return "?";
}
