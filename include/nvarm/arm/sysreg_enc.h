/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file sysreg_enc.h
 * @brief System register / system instruction encodings, usable from C and assembly.
 *
 * An encoding is packed exactly as bits [20:5] of the MRS/MSR/SYS instruction
 * (Arm ARM C5.2/C6.2.x "MRS"): op0 in [20:19], op1 in [18:16], CRn in [15:12],
 * CRm in [11:8], op2 in [7:5]. So `0xd5300000 | NVARM_SYSREG_ENC(...) | Rt` is the
 * MRS instruction and `0xd5100000 | ...` the MSR instruction. Rt bits [4:0] are zero.
 */
#ifndef NVARM_ARM_SYSREG_ENC_H
#define NVARM_ARM_SYSREG_ENC_H

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Pack a system register encoding (see file comment). Assembly-safe. */
#define NVARM_SYSREG_ENC(op0, op1, crn, crm, op2)                                                  \
	(((op0) << 19) | ((op1) << 16) | ((crn) << 12) | ((crm) << 8) | ((op2) << 5))

/** @brief op0 field of a packed encoding. */
#define NVARM_SYSREG_OP0(enc) (((enc) >> 19) & 0x3)
/** @brief op1 field of a packed encoding. */
#define NVARM_SYSREG_OP1(enc) (((enc) >> 16) & 0x7)
/** @brief CRn field of a packed encoding. */
#define NVARM_SYSREG_CRN(enc) (((enc) >> 12) & 0xf)
/** @brief CRm field of a packed encoding. */
#define NVARM_SYSREG_CRM(enc) (((enc) >> 8) & 0xf)
/** @brief op2 field of a packed encoding. */
#define NVARM_SYSREG_OP2(enc) (((enc) >> 5) & 0x7)
/** @brief Mask of all bits a packed encoding can use. */
#define NVARM_SYSREG_ENC_MASK 0x1fffe0

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ARM_SYSREG_ENC_H */
