/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file esr.h
 * @brief ESR_ELx field definitions (Arm ARM D24.2.x "ESR_EL2"), usable from C and assembly.
 *
 * Only constants: decoding with validation lives in the sysreg subsystem.
 */
#ifndef NVARM_ARM_ESR_H
#define NVARM_ARM_ESR_H

#ifdef __cplusplus
extern "C" {
#endif

/** @name ESR_ELx top-level fields */
/**@{*/
#define NVARM_ESR_EC_SHIFT  26          /**< Exception Class, bits [31:26]. */
#define NVARM_ESR_EC_MASK   0x3f        /**< EC width mask (after shifting). */
#define NVARM_ESR_IL        (1u << 25)  /**< Instruction Length: 1 = 32-bit instruction. */
#define NVARM_ESR_ISS_MASK  0x1ffffffu  /**< ISS, bits [24:0]. */
#define NVARM_ESR_ISS2_SHIFT 32         /**< ISS2, bits [55:32] (FEAT_LS64 etc.). */
/**@}*/

/** @name Exception classes (ESR_ELx.EC) */
/**@{*/
#define NVARM_EC_UNKNOWN     0x00 /**< Unknown reason (also UNDEFINED instructions). */
#define NVARM_EC_WFX         0x01 /**< WFI/WFE/WFIT/WFET. */
#define NVARM_EC_CP15_32     0x03 /**< AArch32 MCR/MRC cp15. */
#define NVARM_EC_CP15_64     0x04 /**< AArch32 MCRR/MRRC cp15. */
#define NVARM_EC_CP14_MR     0x05 /**< AArch32 MCR/MRC cp14. */
#define NVARM_EC_CP14_LS     0x06 /**< AArch32 LDC/STC cp14. */
#define NVARM_EC_FP_ASIMD    0x07 /**< FP/SIMD access trapped by CPACR/CPTR. */
#define NVARM_EC_CP10_ID     0x08 /**< AArch32 VMRS ID access. */
#define NVARM_EC_PAC         0x09 /**< Pointer authentication instruction trapped. */
#define NVARM_EC_LS64        0x0a /**< LD64B/ST64B family. */
#define NVARM_EC_CP14_64     0x0c /**< AArch32 MRRC/MCRR cp14. */
#define NVARM_EC_BTI         0x0d /**< Branch Target Exception. */
#define NVARM_EC_ILL         0x0e /**< Illegal Execution state. */
#define NVARM_EC_SVC32       0x11 /**< AArch32 SVC. */
#define NVARM_EC_HVC32       0x12 /**< AArch32 HVC. */
#define NVARM_EC_SMC32       0x13 /**< AArch32 SMC. */
#define NVARM_EC_SVC64       0x15 /**< AArch64 SVC. */
#define NVARM_EC_HVC64       0x16 /**< AArch64 HVC. */
#define NVARM_EC_SMC64       0x17 /**< AArch64 SMC (trapped by HCR_EL2.TSC). */
#define NVARM_EC_SYS64       0x18 /**< MSR/MRS/SYS trapped. */
#define NVARM_EC_SVE         0x19 /**< SVE access trapped. */
#define NVARM_EC_ERET        0x1a /**< ERET/ERETAA/ERETAB trapped (HCR_EL2.NV). */
#define NVARM_EC_TSTART      0x1b /**< TME TSTART. */
#define NVARM_EC_FPAC        0x1c /**< PAC authentication failure. */
#define NVARM_EC_SME         0x1d /**< SME access trapped. */
#define NVARM_EC_IMP_DEF     0x1f /**< IMPLEMENTATION DEFINED to EL3. */
#define NVARM_EC_IABT_LOW    0x20 /**< Instruction Abort from a lower EL. */
#define NVARM_EC_IABT_CUR    0x21 /**< Instruction Abort, same EL. */
#define NVARM_EC_PC_ALIGN    0x22 /**< PC alignment fault. */
#define NVARM_EC_DABT_LOW    0x24 /**< Data Abort from a lower EL. */
#define NVARM_EC_DABT_CUR    0x25 /**< Data Abort, same EL. */
#define NVARM_EC_SP_ALIGN    0x26 /**< SP alignment fault. */
#define NVARM_EC_MOPS        0x27 /**< Memory Operation (FEAT_MOPS). */
#define NVARM_EC_FP_EXC32    0x28 /**< AArch32 FP exception. */
#define NVARM_EC_FP_EXC64    0x2c /**< AArch64 FP exception. */
#define NVARM_EC_SERROR      0x2f /**< SError. */
#define NVARM_EC_BREAKPT_LOW 0x30 /**< Breakpoint from a lower EL. */
#define NVARM_EC_BREAKPT_CUR 0x31 /**< Breakpoint, same EL. */
#define NVARM_EC_SOFTSTP_LOW 0x32 /**< Software step from a lower EL. */
#define NVARM_EC_SOFTSTP_CUR 0x33 /**< Software step, same EL. */
#define NVARM_EC_WATCHPT_LOW 0x34 /**< Watchpoint from a lower EL. */
#define NVARM_EC_WATCHPT_CUR 0x35 /**< Watchpoint, same EL. */
#define NVARM_EC_BKPT32      0x38 /**< AArch32 BKPT. */
#define NVARM_EC_BRK64       0x3c /**< AArch64 BRK. */
/**@}*/

/** @name ISS for EC 0x18 (MSR/MRS/SYS) */
/**@{*/
#define NVARM_ISS_SYS_OP0_SHIFT 20  /**< Op0, bits [21:20]. */
#define NVARM_ISS_SYS_OP2_SHIFT 17  /**< Op2, bits [19:17]. */
#define NVARM_ISS_SYS_OP1_SHIFT 14  /**< Op1, bits [16:14]. */
#define NVARM_ISS_SYS_CRN_SHIFT 10  /**< CRn, bits [13:10]. */
#define NVARM_ISS_SYS_RT_SHIFT  5   /**< Rt, bits [9:5]. */
#define NVARM_ISS_SYS_CRM_SHIFT 1   /**< CRm, bits [4:1]. */
#define NVARM_ISS_SYS_READ      1u  /**< Direction, bit [0]: 1 = read (MRS / SYSL). */
/**@}*/

/** @name ISS for data and instruction aborts (EC 0x20/0x21/0x24/0x25) */
/**@{*/
#define NVARM_ISS_DABT_ISV      (1u << 24) /**< Syndrome (SAS/SSE/SRT/SF/AR) valid. */
#define NVARM_ISS_DABT_SAS_SHIFT 22        /**< Access size, bits [23:22]. */
#define NVARM_ISS_DABT_SSE      (1u << 21) /**< Sign-extend. */
#define NVARM_ISS_DABT_SRT_SHIFT 16        /**< Register number, bits [20:16]. */
#define NVARM_ISS_DABT_SF       (1u << 15) /**< 64-bit register. */
#define NVARM_ISS_DABT_AR       (1u << 14) /**< Acquire/release. */
#define NVARM_ISS_DABT_VNCR     (1u << 13) /**< Fault on the VNCR_EL2 page (FEAT_NV2). */
#define NVARM_ISS_DABT_FNV      (1u << 10) /**< FAR not valid. */
#define NVARM_ISS_DABT_EA       (1u << 9)  /**< External abort type. */
#define NVARM_ISS_DABT_CM       (1u << 8)  /**< Cache maintenance. */
#define NVARM_ISS_DABT_S1PTW    (1u << 7)  /**< Stage-2 fault on a stage-1 table walk. */
#define NVARM_ISS_DABT_WNR      (1u << 6)  /**< Write, not read. */
#define NVARM_ISS_FSC_MASK      0x3fu      /**< Fault status code, bits [5:0]. */
/**@}*/

/** @name Fault status codes (DFSC/IFSC); add the level (0-3) to the *_L0 values */
/**@{*/
#define NVARM_FSC_ADDR_SIZE_L0 0x00 /**< Address size fault, level 0 (+level). */
#define NVARM_FSC_TRANS_L0     0x04 /**< Translation fault, level 0 (+level). */
#define NVARM_FSC_ACCESS_L0    0x08 /**< Access flag fault, level 0 (+level). */
#define NVARM_FSC_PERM_L0      0x0c /**< Permission fault, level 0 (+level). */
#define NVARM_FSC_SEA          0x10 /**< Synchronous external abort, not on a walk. */
#define NVARM_FSC_SEA_WALK_L0  0x14 /**< Synchronous external abort on a walk, level 0 (+level). */
#define NVARM_FSC_ALIGN        0x21 /**< Alignment fault. */
#define NVARM_FSC_TLB_CONFLICT 0x30 /**< TLB conflict abort. */
#define NVARM_FSC_ADDR_SIZE_LM1 0x29 /**< Address size fault, level -1 (FEAT_LPA2). */
#define NVARM_FSC_TRANS_LM1    0x2b /**< Translation fault, level -1 (FEAT_LPA2). */
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ARM_ESR_H */
