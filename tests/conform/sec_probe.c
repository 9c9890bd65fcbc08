// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The EL2 exception probe on instructions whose outcome the Arm ARM fixes.
#include "conform.h"
#include "regs.h"
#include "masks.h"

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
	/* FEAT_SEL2 at Non-secure EL2 (DDI 0487 D24.2 VSTTBR_EL2, VSTCR_EL2, D24.10
	 * CNTHPS_CTL_EL2, CNTHVS_CTL_EL2 accessibility): UNDEFINED in Non-secure state, and
	 * when FEAT_SEL2 is absent; VTCR_EL2.NSW/NSA [29]/[30] are stored fields with
	 * FEAT_SEL2 (D24.2 VTCR_EL2; masks.h def_vtcr). */
	(void)PROBE_X0(&r, 0, "mrs x0, s3_4_c2_c6_0");
	t_probe("mrs VSTTBR_EL2", &r);
	(void)PROBE_X0(&r, 0, "msr s3_4_c2_c6_0, x0");
	t_probe("msr VSTTBR_EL2", &r);
	(void)PROBE_X0(&r, 0, "mrs x0, s3_4_c2_c6_2");
	t_probe("mrs VSTCR_EL2", &r);
	(void)PROBE_X0(&r, 0, "msr s3_4_c2_c6_2, x0");
	t_probe("msr VSTCR_EL2", &r);
	(void)PROBE_X0(&r, 0, "mrs x0, s3_4_c14_c5_1");
	t_probe("mrs CNTHPS_CTL_EL2", &r);
	(void)PROBE_X0(&r, 0, "mrs x0, s3_4_c14_c4_1");
	t_probe("mrs CNTHVS_CTL_EL2", &r);
	struct idv I;
	id_read(&I);
	u64 s = rd(vtcr_el2), w = 0x80023558ULL | BIT(29) | BIT(30);
	wr(vtcr_el2, w);
	isb();
	t_line("VTCR_EL2 <- 0x%lx: 0x%lx (RES0/RES1 masked)", (unsigned long)w,
	       (unsigned long)(rd(vtcr_el2) & def_vtcr(&I)));
	wr(vtcr_el2, s);
	isb();
}
