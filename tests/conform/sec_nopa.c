// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// A load from a physical address with nothing behind it (inside the PA range, outside
// every DTB region) with the EL2 MMU off: the platform answers with an external abort,
// a synchronous Data Abort, EC=0x25, DFSC=0x10, FAR = the address (DDI 0487 D24.2 ESR_EL2
// DFSC, "Synchronous External abort, not on translation table walk"), and the same for an
// instruction fetch (EC=0x21). Last in sections.h:
// a nested run that cannot answer it stops here.
#include "conform.h"

void sec_nopa(void)
{
	struct probe r;
	/* 0x700000000000: below 2^48, above the virt machine's RAM and MMIO (the DTB has
	 * nothing there) */
	(void)PROBE_X0(&r, 0x700000000000ULL, "ldr x0, [x0]");
	if (!r.taken) {
		t_line("ldr x0, [0x700000000000]: no exception");
		return;
	}
	t_line("ldr x0, [0x700000000000]: ESR_EL2=0x%lx ELR=probe+0x%lx FAR_EL2=0x%lx",
	       (unsigned long)r.esr, (unsigned long)r.elr, (unsigned long)r.far);
	/* An instruction fetch there: Instruction Abort, EC=0x21, IFSC=0x10 */
	(void)PROBE_X0(&r, 0x700000000000ULL, "mov x17, x30\n\tblr x0\n\tmov x30, x17");
	if (!r.taken)
		t_line("blr to 0x700000000000: no exception");
	else
		t_line("blr to 0x700000000000: ESR_EL2=0x%lx ELR=0x%lx FAR_EL2=0x%lx",
		       (unsigned long)r.esr, (unsigned long)(r.elr + probe_pc),
		       (unsigned long)r.far);
}
