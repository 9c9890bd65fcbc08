// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The EL2 exception probe on instructions whose outcome the Arm ARM fixes.
#include "conform.h"
#include "regs.h"

void sec_probe(void)
{
	struct probe r;
	(void)PROBE_X0(&r, 0, "mrs x0, hcr_el2");
	t_probe("mrs HCR_EL2", &r);
	/* UDF: permanently UNDEFINED, EC=0x00, ELR = the UDF (DDI 0487 C6.2 UDF) */
	(void)PROBE_X0(&r, 0, "udf #0x4e56");
	t_probe("udf #0x4e56", &r);
	/* BRK at EL2: EC=0x3c, ISS = the immediate, ELR = the BRK */
	(void)PROBE_X0(&r, 0, "brk #0x12");
	t_probe("brk #0x12", &r);
	/* HVC at EL2: taken to EL2, EC=0x16, ELR = the next instruction */
	(void)PROBE_X0(&r, 0, "hvc #0x34");
	t_probe("hvc #0x34", &r);
	/* ICH_LR<n>_EL2 with n > ICH_VTR_EL2.ListRegs: UNDEFINED (GIC IHI 0069 ICH_LR<n>_EL2) */
	unsigned lr = (unsigned)(rd(R_ICH_VTR_EL2) & 0x1f);
	if (lr == 3) {
		(void)PROBE_X0(&r, 0, "mrs x0, s3_4_c12_c12_4");
		t_probe("mrs ICH_LR4_EL2 (4 list registers)", &r);
	} else {
		t_line("ICH_LR<ListRegs+1> not probed: ListRegs=%u", lr);
	}
}
