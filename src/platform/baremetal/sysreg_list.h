/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The system registers the bare-metal shim can reach by packed encoding: one line per
 * register, in strictly ascending encoding order (op0, op1, CRn, CRm, op2), which the
 * shim's binary search relies on and tests/qemu/test_baremetal_table.c checks (order,
 * duplicates, bits outside NVARM_SYSREG_ENC_MASK, guards).
 *
 * NVARM_BM_SYSREGS(RW, RO, WO, RS) calls one of the four macros per register:
 *   RW  readable and writable           RO  read-only (ID, status registers)
 *   WO  write-only (EOI, DIR)           RS  read-only, and the read has a side effect
 *                                           (acknowledges an interrupt)
 * with (NAME, op0, op1, CRn, CRm, op2, GUARD, ARG). NAME is the architectural name.
 * GUARD says when the register exists on this CPU (an access to one that does not is
 * UNDEFINED at EL2, so the shim checks first and returns NVARM_ERR_UNSUPPORTED):
 *   ALWAYS   Armv8.0 EL2 with GICv3 system registers
 *   VH       FEAT_VHE      (ID_AA64MMFR1_EL1.VH >= 1)
 *   NV2      FEAT_NV2      (ID_AA64MMFR2_EL1.NV >= 2)
 *   FGT      FEAT_FGT      (ID_AA64MMFR0_EL1.FGT >= 1)
 *   HCX      FEAT_HCX      (ID_AA64MMFR1_EL1.HCX >= 1)
 *   ECV      FEAT_ECV CNTPOFF (ID_AA64MMFR0_EL1.ECV >= 2)
 *   LR       ICH_LR<ARG>_EL2: ARG <= ICH_VTR_EL2.ListRegs
 *   APR      ICH_AP{0,1}R<ARG>_EL2: needs ICH_VTR_EL2.PREbits+1 >= 5 + ARG (ARG 0, 1),
 *            7 for ARG 2, 3 (GICv3 IHI 0069, ICH_AP0R<n>_EL2)
 * Only this file needs editing to add a register.
 */
#ifndef NVARM_BM_SYSREG_LIST_H
#define NVARM_BM_SYSREG_LIST_H

/* clang-format off */
#define NVARM_BM_SYSREGS(RW, RO, WO, RS)                                        \
	RW(MDSCR_EL1,        2, 0,  0,  2, 2, ALWAYS, 0)                       \
	RO(MIDR_EL1,         3, 0,  0,  0, 0, ALWAYS, 0)                       \
	RO(MPIDR_EL1,        3, 0,  0,  0, 5, ALWAYS, 0)                       \
	RO(ID_AA64PFR0_EL1,  3, 0,  0,  4, 0, ALWAYS, 0)                       \
	RO(ID_AA64PFR1_EL1,  3, 0,  0,  4, 1, ALWAYS, 0)                       \
	RO(ID_AA64DFR0_EL1,  3, 0,  0,  5, 0, ALWAYS, 0)                       \
	RO(ID_AA64ISAR0_EL1, 3, 0,  0,  6, 0, ALWAYS, 0)                       \
	RO(ID_AA64ISAR1_EL1, 3, 0,  0,  6, 1, ALWAYS, 0)                       \
	RO(ID_AA64MMFR0_EL1, 3, 0,  0,  7, 0, ALWAYS, 0)                       \
	RO(ID_AA64MMFR1_EL1, 3, 0,  0,  7, 1, ALWAYS, 0)                       \
	RO(ID_AA64MMFR2_EL1, 3, 0,  0,  7, 2, ALWAYS, 0)                       \
	RW(SCTLR_EL1,        3, 0,  1,  0, 0, ALWAYS, 0)                       \
	RW(CPACR_EL1,        3, 0,  1,  0, 2, ALWAYS, 0)                       \
	RW(TTBR0_EL1,        3, 0,  2,  0, 0, ALWAYS, 0)                       \
	RW(TTBR1_EL1,        3, 0,  2,  0, 1, ALWAYS, 0)                       \
	RW(TCR_EL1,          3, 0,  2,  0, 2, ALWAYS, 0)                       \
	RW(SPSR_EL1,         3, 0,  4,  0, 0, ALWAYS, 0)                       \
	RW(ELR_EL1,          3, 0,  4,  0, 1, ALWAYS, 0)                       \
	RW(SP_EL0,           3, 0,  4,  1, 0, ALWAYS, 0)                       \
	RW(ICC_PMR_EL1,      3, 0,  4,  6, 0, ALWAYS, 0)                       \
	RW(AFSR0_EL1,        3, 0,  5,  1, 0, ALWAYS, 0)                       \
	RW(AFSR1_EL1,        3, 0,  5,  1, 1, ALWAYS, 0)                       \
	RW(ESR_EL1,          3, 0,  5,  2, 0, ALWAYS, 0)                       \
	RW(FAR_EL1,          3, 0,  6,  0, 0, ALWAYS, 0)                       \
	RW(PAR_EL1,          3, 0,  7,  4, 0, ALWAYS, 0)                       \
	RW(MAIR_EL1,         3, 0, 10,  2, 0, ALWAYS, 0)                       \
	RW(AMAIR_EL1,        3, 0, 10,  3, 0, ALWAYS, 0)                       \
	RW(VBAR_EL1,         3, 0, 12,  0, 0, ALWAYS, 0)                       \
	WO(ICC_DIR_EL1,      3, 0, 12, 11, 1, ALWAYS, 0)                       \
	RS(ICC_IAR1_EL1,     3, 0, 12, 12, 0, ALWAYS, 0)                       \
	WO(ICC_EOIR1_EL1,    3, 0, 12, 12, 1, ALWAYS, 0)                       \
	RW(ICC_BPR1_EL1,     3, 0, 12, 12, 3, ALWAYS, 0)                       \
	RW(ICC_CTLR_EL1,     3, 0, 12, 12, 4, ALWAYS, 0)                       \
	RW(ICC_SRE_EL1,      3, 0, 12, 12, 5, ALWAYS, 0)                       \
	RW(ICC_IGRPEN1_EL1,  3, 0, 12, 12, 7, ALWAYS, 0)                       \
	RW(CONTEXTIDR_EL1,   3, 0, 13,  0, 1, ALWAYS, 0)                       \
	RW(TPIDR_EL1,        3, 0, 13,  0, 4, ALWAYS, 0)                       \
	RW(CNTKCTL_EL1,      3, 0, 14,  1, 0, ALWAYS, 0)                       \
	RW(TPIDR_EL0,        3, 3, 13,  0, 2, ALWAYS, 0)                       \
	RW(TPIDRRO_EL0,      3, 3, 13,  0, 3, ALWAYS, 0)                       \
	RO(CNTFRQ_EL0,       3, 3, 14,  0, 0, ALWAYS, 0)                       \
	RO(CNTPCT_EL0,       3, 3, 14,  0, 1, ALWAYS, 0)                       \
	RO(CNTVCT_EL0,       3, 3, 14,  0, 2, ALWAYS, 0)                       \
	RW(CNTP_TVAL_EL0,    3, 3, 14,  2, 0, ALWAYS, 0)                       \
	RW(CNTP_CTL_EL0,     3, 3, 14,  2, 1, ALWAYS, 0)                       \
	RW(CNTP_CVAL_EL0,    3, 3, 14,  2, 2, ALWAYS, 0)                       \
	RW(CNTV_TVAL_EL0,    3, 3, 14,  3, 0, ALWAYS, 0)                       \
	RW(CNTV_CTL_EL0,     3, 3, 14,  3, 1, ALWAYS, 0)                       \
	RW(CNTV_CVAL_EL0,    3, 3, 14,  3, 2, ALWAYS, 0)                       \
	RW(VPIDR_EL2,        3, 4,  0,  0, 0, ALWAYS, 0)                       \
	RW(VMPIDR_EL2,       3, 4,  0,  0, 5, ALWAYS, 0)                       \
	RW(SCTLR_EL2,        3, 4,  1,  0, 0, ALWAYS, 0)                       \
	RW(HCR_EL2,          3, 4,  1,  1, 0, ALWAYS, 0)                       \
	RW(MDCR_EL2,         3, 4,  1,  1, 1, ALWAYS, 0)                       \
	RW(CPTR_EL2,         3, 4,  1,  1, 2, ALWAYS, 0)                       \
	RW(HSTR_EL2,         3, 4,  1,  1, 3, ALWAYS, 0)                       \
	RW(HFGRTR_EL2,       3, 4,  1,  1, 4, FGT,    0)                       \
	RW(HFGWTR_EL2,       3, 4,  1,  1, 5, FGT,    0)                       \
	RW(HFGITR_EL2,       3, 4,  1,  1, 6, FGT,    0)                       \
	RW(HACR_EL2,         3, 4,  1,  1, 7, ALWAYS, 0)                       \
	RW(HCRX_EL2,         3, 4,  1,  2, 2, HCX,    0)                       \
	RW(TTBR0_EL2,        3, 4,  2,  0, 0, ALWAYS, 0)                       \
	RW(TTBR1_EL2,        3, 4,  2,  0, 1, VH,     0)                       \
	RW(TCR_EL2,          3, 4,  2,  0, 2, ALWAYS, 0)                       \
	RW(VTTBR_EL2,        3, 4,  2,  1, 0, ALWAYS, 0)                       \
	RW(VTCR_EL2,         3, 4,  2,  1, 2, ALWAYS, 0)                       \
	RW(VNCR_EL2,         3, 4,  2,  2, 0, NV2,    0)                       \
	RW(HDFGRTR_EL2,      3, 4,  3,  1, 4, FGT,    0)                       \
	RW(HDFGWTR_EL2,      3, 4,  3,  1, 5, FGT,    0)                       \
	RW(SPSR_EL2,         3, 4,  4,  0, 0, ALWAYS, 0)                       \
	RW(ELR_EL2,          3, 4,  4,  0, 1, ALWAYS, 0)                       \
	RW(SP_EL1,           3, 4,  4,  1, 0, ALWAYS, 0)                       \
	RW(AFSR0_EL2,        3, 4,  5,  1, 0, ALWAYS, 0)                       \
	RW(AFSR1_EL2,        3, 4,  5,  1, 1, ALWAYS, 0)                       \
	RW(ESR_EL2,          3, 4,  5,  2, 0, ALWAYS, 0)                       \
	RW(FAR_EL2,          3, 4,  6,  0, 0, ALWAYS, 0)                       \
	RW(HPFAR_EL2,        3, 4,  6,  0, 4, ALWAYS, 0)                       \
	RW(MAIR_EL2,         3, 4, 10,  2, 0, ALWAYS, 0)                       \
	RW(AMAIR_EL2,        3, 4, 10,  3, 0, ALWAYS, 0)                       \
	RW(VBAR_EL2,         3, 4, 12,  0, 0, ALWAYS, 0)                       \
	RW(ICH_AP0R0_EL2,    3, 4, 12,  8, 0, APR,    0)                       \
	RW(ICH_AP0R1_EL2,    3, 4, 12,  8, 1, APR,    1)                       \
	RW(ICH_AP0R2_EL2,    3, 4, 12,  8, 2, APR,    2)                       \
	RW(ICH_AP0R3_EL2,    3, 4, 12,  8, 3, APR,    3)                       \
	RW(ICH_AP1R0_EL2,    3, 4, 12,  9, 0, APR,    0)                       \
	RW(ICH_AP1R1_EL2,    3, 4, 12,  9, 1, APR,    1)                       \
	RW(ICH_AP1R2_EL2,    3, 4, 12,  9, 2, APR,    2)                       \
	RW(ICH_AP1R3_EL2,    3, 4, 12,  9, 3, APR,    3)                       \
	RW(ICC_SRE_EL2,      3, 4, 12,  9, 5, ALWAYS, 0)                       \
	RW(ICH_HCR_EL2,      3, 4, 12, 11, 0, ALWAYS, 0)                       \
	RO(ICH_VTR_EL2,      3, 4, 12, 11, 1, ALWAYS, 0)                       \
	RO(ICH_MISR_EL2,     3, 4, 12, 11, 2, ALWAYS, 0)                       \
	RO(ICH_EISR_EL2,     3, 4, 12, 11, 3, ALWAYS, 0)                       \
	RO(ICH_ELRSR_EL2,    3, 4, 12, 11, 5, ALWAYS, 0)                       \
	RW(ICH_VMCR_EL2,     3, 4, 12, 11, 7, ALWAYS, 0)                       \
	RW(ICH_LR0_EL2,      3, 4, 12, 12, 0, LR,     0)                       \
	RW(ICH_LR1_EL2,      3, 4, 12, 12, 1, LR,     1)                       \
	RW(ICH_LR2_EL2,      3, 4, 12, 12, 2, LR,     2)                       \
	RW(ICH_LR3_EL2,      3, 4, 12, 12, 3, LR,     3)                       \
	RW(ICH_LR4_EL2,      3, 4, 12, 12, 4, LR,     4)                       \
	RW(ICH_LR5_EL2,      3, 4, 12, 12, 5, LR,     5)                       \
	RW(ICH_LR6_EL2,      3, 4, 12, 12, 6, LR,     6)                       \
	RW(ICH_LR7_EL2,      3, 4, 12, 12, 7, LR,     7)                       \
	RW(ICH_LR8_EL2,      3, 4, 12, 13, 0, LR,     8)                       \
	RW(ICH_LR9_EL2,      3, 4, 12, 13, 1, LR,     9)                       \
	RW(ICH_LR10_EL2,     3, 4, 12, 13, 2, LR,    10)                       \
	RW(ICH_LR11_EL2,     3, 4, 12, 13, 3, LR,    11)                       \
	RW(ICH_LR12_EL2,     3, 4, 12, 13, 4, LR,    12)                       \
	RW(ICH_LR13_EL2,     3, 4, 12, 13, 5, LR,    13)                       \
	RW(ICH_LR14_EL2,     3, 4, 12, 13, 6, LR,    14)                       \
	RW(ICH_LR15_EL2,     3, 4, 12, 13, 7, LR,    15)                       \
	RW(CONTEXTIDR_EL2,   3, 4, 13,  0, 1, VH,     0)                       \
	RW(TPIDR_EL2,        3, 4, 13,  0, 2, ALWAYS, 0)                       \
	RW(CNTVOFF_EL2,      3, 4, 14,  0, 3, ALWAYS, 0)                       \
	RW(CNTPOFF_EL2,      3, 4, 14,  0, 6, ECV,    0)                       \
	RW(CNTHCTL_EL2,      3, 4, 14,  1, 0, ALWAYS, 0)                       \
	RW(CNTHP_TVAL_EL2,   3, 4, 14,  2, 0, ALWAYS, 0)                       \
	RW(CNTHP_CTL_EL2,    3, 4, 14,  2, 1, ALWAYS, 0)                       \
	RW(CNTHP_CVAL_EL2,   3, 4, 14,  2, 2, ALWAYS, 0)                       \
	RW(CNTHV_TVAL_EL2,   3, 4, 14,  3, 0, VH,     0)                       \
	RW(CNTHV_CTL_EL2,    3, 4, 14,  3, 1, VH,     0)                       \
	RW(CNTHV_CVAL_EL2,   3, 4, 14,  3, 2, VH,     0)
/* clang-format on */

/** Guards (see the file comment). */
enum nvarm_bm_guard {
	NVARM_BM_GUARD_ALWAYS = 0,
	NVARM_BM_GUARD_VH,
	NVARM_BM_GUARD_NV2,
	NVARM_BM_GUARD_FGT,
	NVARM_BM_GUARD_HCX,
	NVARM_BM_GUARD_ECV,
	NVARM_BM_GUARD_LR,
	NVARM_BM_GUARD_APR,
	NVARM_BM_GUARD__COUNT
};

#endif /* NVARM_BM_SYSREG_LIST_H */
