// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The VHE pass (HCR_EL2.E2H=1, TGE=0) of the exception, handover and trap sections, run
// once the E2H=0 ones are done, if the image sees that E2H may be switched
// (ID_AA64MMFR1_EL1.VH and ID_AA64MMFR4_EL1.E2H0 = 0). Near the end of sections.h: under
// FEAT_NV2 the example L0 does not see this image's writes of HCR_EL2.E2H (HCR_EL2 is in the
// VNCR page), see known-diffs.txt.
#include "conform.h"
#include "masks.h"

void sec_vhe(void)
{
	struct idv I;
	id_read(&I);
	if (!e2h_switchable(&I)) {
		t_line("E2H not switchable (VH=%u E2H0=0x%x): no VHE pass", idf(I.mmfr1, 8),
		       idf(I.mmfr4, 24));
		return;
	}
	el2exc_run(1);
	handover_run(1);
	traps_run(1);
	s2at_vhe_run();
	sve_run(1);
	sme_run(1);
}
