// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The EL0 runs of sec_el0.c with HCR_EL2.E2H=0 TGE=1: EL0 of the EL1&0 regime with its stage 1
// off, every exception taken to EL2, the EL0 controls of SCTLR_EL1, CNTKCTL_EL1 and CPACR_EL1
// trapping to EL2. The last section (sections.h): a nested run that gets it wrong may not
// come back from it.
#include "conform.h"

void sec_el0nvhe(void)
{
	el0_pass(0);
}
