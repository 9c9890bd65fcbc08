// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// CNTHCTL_EL2 traps of L2's EL1 physical counter and timer accesses, E2H=0 then E2H=1 (if
// switchable). Last in sections.h: a nested run that mishandles them may stop there.
#include "conform.h"
#include "masks.h"

void sec_l2cnt(void)
{
	struct idv I;
	id_read(&I);
	cnt_traps_run(0);
	if (e2h_switchable(&I))
		cnt_traps_run(1);
}
