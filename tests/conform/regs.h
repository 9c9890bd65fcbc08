/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* Encodings (op0_op1_CRn_CRm_op2, DDI 0487 D23/D24) of EL2 registers not every
 * assembler knows by name. */
#ifndef CONFORM_REGS_H
#define CONFORM_REGS_H
#define R_TTBR1_EL2	   s3_4_c2_c0_1
#define R_CONTEXTIDR_EL2   s3_4_c13_c0_1
#define R_SCXTNUM_EL2	   s3_4_c13_c0_7
#define R_SCXTNUM_EL1	   s3_0_c13_c0_7
#define R_SCXTNUM_EL12	   s3_5_c13_c0_7
#define R_SCXTNUM_EL0	   s3_3_c13_c0_7
#define R_HSTR_EL2	   s3_4_c1_c1_3
#define R_HACR_EL2	   s3_4_c1_c1_7
#define R_HFGRTR_EL2	   s3_4_c1_c1_4
#define R_HFGWTR_EL2	   s3_4_c1_c1_5
#define R_HFGITR_EL2	   s3_4_c1_c1_6
#define R_HDFGRTR_EL2	   s3_4_c3_c1_4
#define R_HDFGWTR_EL2	   s3_4_c3_c1_5
#define R_HCRX_EL2	   s3_4_c1_c2_2
#define R_HPFAR_EL2	   s3_4_c6_c0_4
#define R_CNTHP_CTL_EL2	   s3_4_c14_c2_1
#define R_CNTHP_CVAL_EL2   s3_4_c14_c2_2
#define R_CNTHV_CTL_EL2	   s3_4_c14_c3_1
#define R_CNTHV_CVAL_EL2   s3_4_c14_c3_2
#define R_ICH_AP0R0_EL2	   s3_4_c12_c8_0
#define R_ICH_AP1R0_EL2	   s3_4_c12_c9_0
#define R_ICH_HCR_EL2	   s3_4_c12_c11_0
#define R_ICH_VTR_EL2	   s3_4_c12_c11_1
#define R_ICH_MISR_EL2	   s3_4_c12_c11_2
#define R_ICH_EISR_EL2	   s3_4_c12_c11_3
#define R_ICH_ELRSR_EL2	   s3_4_c12_c11_5
#define R_ICH_VMCR_EL2	   s3_4_c12_c11_7
#define R_ID_AA64MMFR0_EL1 s3_0_c0_c7_0
#define R_ID_AA64MMFR1_EL1 s3_0_c0_c7_1
/* ICH_LR<n>_EL2: n = 0..7 s3_4_c12_c12_n, 8..15 s3_4_c12_c13_(n-8) */
// clang-format off
#define ICH_LR_CASES(X)                                                                            \
	X(0, s3_4_c12_c12_0) X(1, s3_4_c12_c12_1) X(2, s3_4_c12_c12_2) X(3, s3_4_c12_c12_3)         \
	X(4, s3_4_c12_c12_4) X(5, s3_4_c12_c12_5) X(6, s3_4_c12_c12_6) X(7, s3_4_c12_c12_7)         \
	X(8, s3_4_c12_c13_0) X(9, s3_4_c12_c13_1) X(10, s3_4_c12_c13_2) X(11, s3_4_c12_c13_3)       \
	X(12, s3_4_c12_c13_4) X(13, s3_4_c12_c13_5) X(14, s3_4_c12_c13_6) X(15, s3_4_c12_c13_7)
// clang-format on
#endif
