// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// sec_l2basic's runs with E2H=1 (TGE=0) while L2 runs and E2H=0 in between. After the
// E2H=0 sections (see sections.h): under FEAT_NV2 the example L0 does not follow this
// image's flips of HCR_EL2.E2H today (written to the VNCR page, no trap), so its next
// VBAR_EL1 write lands in its own VBAR_EL2 and the run ends early (see known-diffs.txt).
#include "conform.h"

void sec_l2vhe(void)
{
	l2basic_run(1);
}
