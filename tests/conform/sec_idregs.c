// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The ID registers a guest hypervisor reads to decide what it may use (DDI 0487 D23.2,
// "Identification registers"). Read through the probe: an ID register access never
// traps or UNDEFs at EL2 (the unallocated ID space, op0=3 op1=0 CRn=0 CRm=1..7, reads
// as zero), so any exception is itself a finding. MIDR_EL1/REVIDR_EL1/AIDR_EL1 and
// ID_AA64AFR0/1_EL1 are IMPLEMENTATION DEFINED and left out.
#include "conform.h"

#define ID(name, enc)                                                                              \
	do {                                                                                       \
		struct probe r_;                                                                   \
		u64 v_ = PROBE_X0(&r_, 0, "mrs x0, " #enc);                                        \
		if (r_.taken)                                                                      \
			t_probe(name, &r_);                                                        \
		else                                                                               \
			t_reg(name, v_);                                                           \
	} while (0)

void sec_idregs(void)
{
	ID("ID_AA64PFR0_EL1", s3_0_c0_c4_0);
	ID("ID_AA64PFR1_EL1", s3_0_c0_c4_1);
	ID("ID_AA64PFR2_EL1", s3_0_c0_c4_2);
	ID("ID_AA64ZFR0_EL1", s3_0_c0_c4_4);
	ID("ID_AA64SMFR0_EL1", s3_0_c0_c4_5);
	ID("ID_AA64DFR0_EL1", s3_0_c0_c5_0);
	ID("ID_AA64DFR1_EL1", s3_0_c0_c5_1);
	ID("ID_AA64ISAR0_EL1", s3_0_c0_c6_0);
	ID("ID_AA64ISAR1_EL1", s3_0_c0_c6_1);
	ID("ID_AA64ISAR2_EL1", s3_0_c0_c6_2);
	ID("ID_AA64ISAR3_EL1", s3_0_c0_c6_3);
	ID("ID_AA64MMFR0_EL1", s3_0_c0_c7_0);
	ID("ID_AA64MMFR1_EL1", s3_0_c0_c7_1);
	ID("ID_AA64MMFR2_EL1", s3_0_c0_c7_2);
	ID("ID_AA64MMFR3_EL1", s3_0_c0_c7_3);
	ID("ID_AA64MMFR4_EL1", s3_0_c0_c7_4);
	ID("ID_AA64(unallocated c0_c7_7)", s3_0_c0_c7_7);
}
