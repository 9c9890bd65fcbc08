// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The E2H=0 pass again after the VHE ones (sec_vhe.c, sec_l2vhe.c): a guest hypervisor
// that switched E2H back must see its non-VHE layout again.
#include "conform.h"

void sec_nvhe2(void)
{
	el2exc_run(0);
	handover_run(0);
	traps_run(0);
}
