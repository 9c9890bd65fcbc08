/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file sysreg_regs.h
 * @brief The register database as an X-macro: one line per system register or instruction.
 *
 * Each line is `X(name, op0, op1, CRn, CRm, op2, vncr, link, feat, flags)`:
 * - the encoding fields of the MRS/MSR/SYS instruction (Arm ARM C5.3 / D-chapter register
 *   descriptions);
 * - `vncr`: byte offset of the register in the VNCR_EL2 page when FEAT_NV2 redirects it to
 *   memory (Arm ARM D8.x "VNCR_EL2" offset table), or NVARM_VNCR_NONE;
 * - `link`: for an EL12/EL02 accessor alias, the EL1/EL0 register it names; for an EL1/EL0
 *   register, the EL2 register that HCR_EL2.E2H=1 redirects it to when accessed from EL2;
 *   NONE otherwise;
 * - `feat`: the ::nvarm_vm_feature flags the VM must have for the register to exist (0: always);
 * - `flags`: NVARM_SRF_* properties.
 *
 * Lines are sorted by encoding: the enum ::nvarm_sysreg_id order *is* the sorted order (a
 * binary search over the table returns the id; the decoder uses a direct index generated from
 * this list by tools/gen-sysreg-index.py, which also writes nvarm/arm/vncr.h). The self-check
 * nvarm_sysreg_table_check() (run by the unit tests) rejects any line out of order, a
 * duplicate encoding and overlapping VNCR offsets; after editing the list, run
 * `python3 tools/gen-sysreg-index.py` (a unit test fails on a stale index).
 */
#ifndef NVARM_SYSREG_REGS_H
#define NVARM_SYSREG_REGS_H

/** @brief VNCR column value: not redirected to the VNCR_EL2 page. */
#define NVARM_VNCR_NONE 0xffffu

/** @name Register flags (the `flags` column) */
/**@{*/
#define NVARM_SRF_RO 0x0001u /**< Read-only: MSR is UNDEFINED. */
#define NVARM_SRF_WO                                                                               \
	0x0002u /**< Write-only (every system instruction, and write-only registers such as        \
		     ICC_SGI1R_EL1): SYSL/MRS is UNDEFINED. */
#define NVARM_SRF_INSN	0x0004u /**< A system instruction (op0=1: TLBI, AT, DC, IC). */
#define NVARM_SRF_EL2	0x0008u /**< An EL2 register (state of virtual EL2). */
#define NVARM_SRF_ALIAS 0x0010u /**< An EL12/EL02 accessor accessor (UNDEFINED unless E2H=1). */
#define NVARM_SRF_EL1	0x0020u /**< An EL1/EL0 register that is part of the vEL1 context. */
#define NVARM_SRF_NV2EL1                                                                           \
	0x0040u /**< NV2 redirects it to the hardware EL1 register of the same                     \
		     name (ELR/SPSR/ESR/FAR_EL2). */
#define NVARM_SRF_HW                                                                               \
	0x0080u /**< Always the hardware register (never trapped, never in the                     \
		     register file): SP_EL0, PAR_EL1, TPIDR_EL1, CurrentEL. */
#define NVARM_SRF_FWD                                                                              \
	0x0100u			/**< Not kept in the register file: the value is computed by       \
				     another subsystem or by L0 (status registers, TVAL). */
#define NVARM_SRF_GIC	0x0200u /**< GICv3 CPU interface / virtualization register. */
#define NVARM_SRF_TIMER 0x0400u /**< Generic timer register. */
#define NVARM_SRF_TLBI	0x0800u /**< TLB maintenance instruction. */
#define NVARM_SRF_AT	0x1000u /**< Address translation instruction. */
#define NVARM_SRF_CMO	0x2000u /**< Cache maintenance instruction (DC/IC). */
#define NVARM_SRF_ID	0x4000u /**< ID register: reads return the VM's sanitised value. */
/**@}*/

/**
 * @name TLB maintenance kinds (bits [18:16] of the `flags` column of a TLBI line)
 *
 * What a TLBI invalidates, which is what an L0 must mirror in its shadow structures (Arm ARM
 * D8.17 "TLB maintenance instructions", C5.5 "A64 system instructions for TLB maintenance").
 * The IS/OS/plain and the nXS (FEAT_XS, CRn=9) forms of one operation have the same kind:
 * shareability and the nXS qualifier do not change what is invalidated.
 */
/**@{*/
#define NVARM_TLBI_VA1	  1u /**< EL1&0 stage 1 by VA/ASID (VAE1, ASIDE1, VAAE1, VALE1, VAALE1, RVA*E1). */
#define NVARM_TLBI_VMALL1 2u /**< All EL1&0 stage-1 entries of the current VMID (VMALLE1). */
#define NVARM_TLBI_IPA	  3u /**< Stage 2 by IPA (IPAS2E1, IPAS2LE1). */
#define NVARM_TLBI_RIPA	  4u /**< Stage 2 by IPA range (RIPAS2E1, RIPAS2LE1; FEAT_TLBIRANGE). */
#define NVARM_TLBI_S12	  5u /**< Both stages of the current VMID (VMALLS12E1). */
#define NVARM_TLBI_ALL1	  6u /**< Both stages of every VMID (ALLE1). */
#define NVARM_TLBI_EL2	  7u /**< The EL2 (or EL2&0) regime (ALLE2, VAE2, VALE2, RVAE2, RVALE2). */
/** @brief The `flags` bits of a TLBI line holding its kind. */
#define NVARM_SRF_TLBI_KIND(k) ((uint32_t)(k) << 16)
/** @brief The TLBI kind (NVARM_TLBI_*) of a `flags` value; 0 for anything but a TLBI. */
#define NVARM_SRF_TLBI_KIND_OF(fl) (((fl) >> 16) & 7u)
/**@}*/

/* Shorthands for the list below only. */
/** @cond NVARM_INTERNAL */
#define NVARM_SRF__TLBI (NVARM_SRF_INSN | NVARM_SRF_WO | NVARM_SRF_TLBI)
#define NVARM_SRF__AT	(NVARM_SRF_INSN | NVARM_SRF_WO | NVARM_SRF_AT)
#define NVARM_SRF_TK_VA1    NVARM_SRF_TLBI_KIND(NVARM_TLBI_VA1)
#define NVARM_SRF_TK_VMALL1 NVARM_SRF_TLBI_KIND(NVARM_TLBI_VMALL1)
#define NVARM_SRF_TK_IPA    NVARM_SRF_TLBI_KIND(NVARM_TLBI_IPA)
#define NVARM_SRF_TK_RIPA   NVARM_SRF_TLBI_KIND(NVARM_TLBI_RIPA)
#define NVARM_SRF_TK_S12    NVARM_SRF_TLBI_KIND(NVARM_TLBI_S12)
#define NVARM_SRF_TK_ALL1   NVARM_SRF_TLBI_KIND(NVARM_TLBI_ALL1)
#define NVARM_SRF_TK_EL2    NVARM_SRF_TLBI_KIND(NVARM_TLBI_EL2)
#define NVARM_SRF__CNT	    (NVARM_SRF_TIMER | NVARM_SRF_RO | NVARM_SRF_FWD)
#define NVARM_SRF__CMO	(NVARM_SRF_INSN | NVARM_SRF_WO | NVARM_SRF_CMO)
#define NVARM_SRF__ID	(NVARM_SRF_ID | NVARM_SRF_RO)
#define NVARM_SRF__GIC	(NVARM_SRF_EL2 | NVARM_SRF_GIC)
#define NVARM_SRF__GICS (NVARM_SRF_EL2 | NVARM_SRF_GIC | NVARM_SRF_RO | NVARM_SRF_FWD)
#define NVARM_SRF__SGI	(NVARM_SRF_GIC | NVARM_SRF_WO | NVARM_SRF_FWD)
#define NVARM_SRF__TMR2 (NVARM_SRF_EL2 | NVARM_SRF_TIMER)
#define NVARM_SRF__TMR0 (NVARM_SRF_EL1 | NVARM_SRF_TIMER)
#define NVARM_SRF__A	(NVARM_SRF_ALIAS)
#define NVARM_SRF__AT0	(NVARM_SRF_ALIAS | NVARM_SRF_TIMER)
#define NVARM_SRF__ATV	(NVARM_SRF_ALIAS | NVARM_SRF_TIMER | NVARM_SRF_FWD)
/** @endcond */

/* clang-format off */
/**
 * @brief The register list (see the file comment for the columns). Sorted by encoding.
 *
 * Feature names in the `feat` column are ::nvarm_vm_feature flags without the NVARM_VMF_ prefix
 * and are pasted by the consumer of the list (VHE, SVE, FGT, FGT2, HCRX, ECV, RAS, TLBIOS,
 * TLBIRANGE, XS, L1NV2; 0 for none). Every TLBI L1 can issue is listed, by the features its ID
 * registers show: base forms, the FEAT_TLBIOS Outer Shareable forms, the FEAT_TLBIRANGE range
 * forms and (CRn=9) the FEAT_XS nXS forms of all of them.
 */
#define NVARM_SYSREG_LIST(X)                                                                        \
	/* ---- op0=1: system instructions ---------------------------------------------- */   \
	X(IC_IALLUIS,      1, 0, 7, 1, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(IC_IALLU,        1, 0, 7, 5, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_IVAC,         1, 0, 7, 6, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_ISW,          1, 0, 7, 6, 2,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(AT_S1E1R,        1, 0, 7, 8, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S1E1W,        1, 0, 7, 8, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S1E0R,        1, 0, 7, 8, 2,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S1E0W,        1, 0, 7, 8, 3,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(DC_CSW,          1, 0, 7, 10, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_CISW,         1, 0, 7, 14, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(TLBI_VMALLE1OS, 1, 0, 8, 1, 0, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1OS, 1, 0, 8, 1, 1, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1OS, 1, 0, 8, 1, 2, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1OS, 1, 0, 8, 1, 3, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1OS, 1, 0, 8, 1, 5, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1OS, 1, 0, 8, 1, 7, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1IS, 1, 0, 8, 2, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1IS, 1, 0, 8, 2, 3, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1IS, 1, 0, 8, 2, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1IS, 1, 0, 8, 2, 7, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VMALLE1IS, 1, 0, 8, 3, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1IS, 1, 0, 8, 3, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1IS, 1, 0, 8, 3, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1IS, 1, 0, 8, 3, 3, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1IS, 1, 0, 8, 3, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1IS, 1, 0, 8, 3, 7, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1OS, 1, 0, 8, 5, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1OS, 1, 0, 8, 5, 3, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1OS, 1, 0, 8, 5, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1OS, 1, 0, 8, 5, 7, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1, 1, 0, 8, 6, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1, 1, 0, 8, 6, 3, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1, 1, 0, 8, 6, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1, 1, 0, 8, 6, 7, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VMALLE1, 1, 0, 8, 7, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1, 1, 0, 8, 7, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1, 1, 0, 8, 7, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1, 1, 0, 8, 7, 3, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1, 1, 0, 8, 7, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1, 1, 0, 8, 7, 7, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VMALLE1OSNXS, 1, 0, 9, 1, 0, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1OSNXS, 1, 0, 9, 1, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1OSNXS, 1, 0, 9, 1, 2, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1OSNXS, 1, 0, 9, 1, 3, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1OSNXS, 1, 0, 9, 1, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1OSNXS, 1, 0, 9, 1, 7, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1ISNXS, 1, 0, 9, 2, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1ISNXS, 1, 0, 9, 2, 3, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1ISNXS, 1, 0, 9, 2, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1ISNXS, 1, 0, 9, 2, 7, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VMALLE1ISNXS, 1, 0, 9, 3, 0, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1ISNXS, 1, 0, 9, 3, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1ISNXS, 1, 0, 9, 3, 2, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1ISNXS, 1, 0, 9, 3, 3, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1ISNXS, 1, 0, 9, 3, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1ISNXS, 1, 0, 9, 3, 7, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1OSNXS, 1, 0, 9, 5, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1OSNXS, 1, 0, 9, 5, 3, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1OSNXS, 1, 0, 9, 5, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1OSNXS, 1, 0, 9, 5, 7, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAE1NXS, 1, 0, 9, 6, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAAE1NXS, 1, 0, 9, 6, 3, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVALE1NXS, 1, 0, 9, 6, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_RVAALE1NXS, 1, 0, 9, 6, 7, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VMALLE1NXS, 1, 0, 9, 7, 0, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VMALL1) \
	X(TLBI_VAE1NXS, 1, 0, 9, 7, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_ASIDE1NXS, 1, 0, 9, 7, 2, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAAE1NXS, 1, 0, 9, 7, 3, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VALE1NXS, 1, 0, 9, 7, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(TLBI_VAALE1NXS, 1, 0, 9, 7, 7, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_VA1) \
	X(DC_ZVA,          1, 3, 7, 4, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(IC_IVAU,         1, 3, 7, 5, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_CVAC,         1, 3, 7, 10, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_CVAU,         1, 3, 7, 11, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(DC_CIVAC,        1, 3, 7, 14, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CMO)                \
	X(AT_S1E2R,        1, 4, 7, 8, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S1E2W,        1, 4, 7, 8, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S12E1R,       1, 4, 7, 8, 4,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S12E1W,       1, 4, 7, 8, 5,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S12E0R,       1, 4, 7, 8, 6,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(AT_S12E0W,       1, 4, 7, 8, 7,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__AT)                 \
	X(TLBI_IPAS2E1IS, 1, 4, 8, 0, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2E1IS, 1, 4, 8, 0, 2, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_IPAS2LE1IS, 1, 4, 8, 0, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2LE1IS, 1, 4, 8, 0, 6, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_ALLE2OS, 1, 4, 8, 1, 0, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2OS, 1, 4, 8, 1, 1, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1OS, 1, 4, 8, 1, 4, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2OS, 1, 4, 8, 1, 5, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1OS, 1, 4, 8, 1, 6, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	X(TLBI_RVAE2IS, 1, 4, 8, 2, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2IS, 1, 4, 8, 2, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE2IS, 1, 4, 8, 3, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2IS, 1, 4, 8, 3, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1IS, 1, 4, 8, 3, 4, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2IS, 1, 4, 8, 3, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1IS, 1, 4, 8, 3, 6, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	X(TLBI_IPAS2E1OS, 1, 4, 8, 4, 0, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_IPAS2E1, 1, 4, 8, 4, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2E1, 1, 4, 8, 4, 2, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RIPAS2E1OS, 1, 4, 8, 4, 3, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_IPAS2LE1OS, 1, 4, 8, 4, 4, NVARM_VNCR_NONE, NONE, TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_IPAS2LE1, 1, 4, 8, 4, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2LE1, 1, 4, 8, 4, 6, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RIPAS2LE1OS, 1, 4, 8, 4, 7, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RVAE2OS, 1, 4, 8, 5, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2OS, 1, 4, 8, 5, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVAE2, 1, 4, 8, 6, 1, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2, 1, 4, 8, 6, 5, NVARM_VNCR_NONE, NONE, TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE2, 1, 4, 8, 7, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2, 1, 4, 8, 7, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1, 1, 4, 8, 7, 4, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2, 1, 4, 8, 7, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1, 1, 4, 8, 7, 6, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	X(TLBI_IPAS2E1ISNXS, 1, 4, 9, 0, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2E1ISNXS, 1, 4, 9, 0, 2, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_IPAS2LE1ISNXS, 1, 4, 9, 0, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2LE1ISNXS, 1, 4, 9, 0, 6, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_ALLE2OSNXS, 1, 4, 9, 1, 0, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2OSNXS, 1, 4, 9, 1, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1OSNXS, 1, 4, 9, 1, 4, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2OSNXS, 1, 4, 9, 1, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1OSNXS, 1, 4, 9, 1, 6, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	X(TLBI_RVAE2ISNXS, 1, 4, 9, 2, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2ISNXS, 1, 4, 9, 2, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE2ISNXS, 1, 4, 9, 3, 0, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2ISNXS, 1, 4, 9, 3, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1ISNXS, 1, 4, 9, 3, 4, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2ISNXS, 1, 4, 9, 3, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1ISNXS, 1, 4, 9, 3, 6, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	X(TLBI_IPAS2E1OSNXS, 1, 4, 9, 4, 0, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_IPAS2E1NXS, 1, 4, 9, 4, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2E1NXS, 1, 4, 9, 4, 2, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RIPAS2E1OSNXS, 1, 4, 9, 4, 3, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_IPAS2LE1OSNXS, 1, 4, 9, 4, 4, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIOS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_IPAS2LE1NXS, 1, 4, 9, 4, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_IPA) \
	X(TLBI_RIPAS2LE1NXS, 1, 4, 9, 4, 6, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RIPAS2LE1OSNXS, 1, 4, 9, 4, 7, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_RIPA) \
	X(TLBI_RVAE2OSNXS, 1, 4, 9, 5, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2OSNXS, 1, 4, 9, 5, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVAE2NXS, 1, 4, 9, 6, 1, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_RVALE2NXS, 1, 4, 9, 6, 5, NVARM_VNCR_NONE, NONE, XS | NVARM_VMF_TLBIRANGE, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE2NXS, 1, 4, 9, 7, 0, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VAE2NXS, 1, 4, 9, 7, 1, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_ALLE1NXS, 1, 4, 9, 7, 4, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_ALL1) \
	X(TLBI_VALE2NXS, 1, 4, 9, 7, 5, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_EL2) \
	X(TLBI_VMALLS12E1NXS, 1, 4, 9, 7, 6, NVARM_VNCR_NONE, NONE, XS, NVARM_SRF__TLBI | NVARM_SRF_TK_S12) \
	/* ---- op0=2: debug --------------------------------------------------------------- */ \
	X(MDSCR_EL1,       2, 0, 0, 2, 2,  0x158, NONE, 0, NVARM_SRF_EL1)                           \
	/* ---- op0=3, op1=0: EL1 ---------------------------------------------------------- */ \
	X(MIDR_EL1,        3, 0, 0, 0, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(MPIDR_EL1,       3, 0, 0, 0, 5,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID | NVARM_SRF_FWD)                 \
	X(ID_AA64PFR0_EL1, 3, 0, 0, 4, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64PFR1_EL1, 3, 0, 0, 4, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64DFR0_EL1, 3, 0, 0, 5, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64ISAR0_EL1, 3, 0, 0, 6, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64ISAR1_EL1, 3, 0, 0, 6, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64MMFR0_EL1, 3, 0, 0, 7, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64MMFR1_EL1, 3, 0, 0, 7, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64MMFR2_EL1, 3, 0, 0, 7, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(ID_AA64MMFR4_EL1, 3, 0, 0, 7, 4, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__ID)                 \
	X(SCTLR_EL1,       3, 0, 1, 0, 0,  0x110, SCTLR_EL2, 0, NVARM_SRF_EL1)                      \
	X(ACTLR_EL1,       3, 0, 1, 0, 1,  0x118, NONE, 0, NVARM_SRF_EL1)                           \
	X(CPACR_EL1,       3, 0, 1, 0, 2,  0x100, CPTR_EL2, 0, NVARM_SRF_EL1)                       \
	X(ZCR_EL1,         3, 0, 1, 2, 0,  0x1e0, ZCR_EL2, SVE, NVARM_SRF_EL1)                      \
	X(TTBR0_EL1,       3, 0, 2, 0, 0,  0x200, TTBR0_EL2, 0, NVARM_SRF_EL1)                      \
	X(TTBR1_EL1,       3, 0, 2, 0, 1,  0x210, TTBR1_EL2, 0, NVARM_SRF_EL1)                      \
	X(TCR_EL1,         3, 0, 2, 0, 2,  0x120, TCR_EL2, 0, NVARM_SRF_EL1)                        \
	X(SPSR_EL1,        3, 0, 4, 0, 0,  0x160, SPSR_EL2, 0, NVARM_SRF_EL1)                       \
	X(ELR_EL1,         3, 0, 4, 0, 1,  0x230, ELR_EL2, 0, NVARM_SRF_EL1)                        \
	X(SP_EL0,          3, 0, 4, 1, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_HW)                  \
	X(CURRENTEL,       3, 0, 4, 2, 2,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_HW | NVARM_SRF_RO)   \
	X(AFSR0_EL1,       3, 0, 5, 1, 0,  0x128, AFSR0_EL2, 0, NVARM_SRF_EL1)                      \
	X(AFSR1_EL1,       3, 0, 5, 1, 1,  0x130, AFSR1_EL2, 0, NVARM_SRF_EL1)                      \
	X(ESR_EL1,         3, 0, 5, 2, 0,  0x138, ESR_EL2, 0, NVARM_SRF_EL1)                        \
	X(FAR_EL1,         3, 0, 6, 0, 0,  0x220, FAR_EL2, 0, NVARM_SRF_EL1)                        \
	X(PAR_EL1,         3, 0, 7, 4, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_HW)                  \
	X(MAIR_EL1,        3, 0, 10, 2, 0, 0x140, MAIR_EL2, 0, NVARM_SRF_EL1)                       \
	X(AMAIR_EL1,       3, 0, 10, 3, 0, 0x148, AMAIR_EL2, 0, NVARM_SRF_EL1)                      \
	X(VBAR_EL1,        3, 0, 12, 0, 0, 0x250, VBAR_EL2, 0, NVARM_SRF_EL1)                       \
	/* SGI generation (GICv3 IHI 0069 12.2, write-only): HCR_EL2.IMO/FMO trap them to the  \
	 * GIC owner, who delivers the SGI; no vEL1/vEL2 state */                              \
	X(ICC_SGI1R_EL1,   3, 0, 12, 11, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__SGI)               \
	X(ICC_ASGI1R_EL1,  3, 0, 12, 11, 6, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__SGI)               \
	X(ICC_SGI0R_EL1,   3, 0, 12, 11, 7, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__SGI)               \
	X(CONTEXTIDR_EL1,  3, 0, 13, 0, 1, 0x108, CONTEXTIDR_EL2, 0, NVARM_SRF_EL1)                 \
	X(TPIDR_EL1,       3, 0, 13, 0, 4, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_HW)                  \
	X(CNTKCTL_EL1,     3, 0, 14, 1, 0, NVARM_VNCR_NONE, CNTHCTL_EL2, 0, NVARM_SRF__TMR0)        \
	/* ---- op0=3, op1=3: EL0 timers ------------------------------------------------- */  \
	/* Counters (D12.x): CNTFRQ_EL0 reads the hardware register (writable only at the highest \
	 * EL, never from EL1); CNTPCT/CNTVCT(SS) trap by CNTHCTL_EL2 and are computed by the   \
	 * timer owner (vtimer) from L0's count and the virtual offsets */                         \
	X(CNTFRQ_EL0, 3, 3, 14, 0, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_HW | NVARM_SRF_TIMER | NVARM_SRF_RO) \
	X(CNTPCT_EL0, 3, 3, 14, 0, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CNT) \
	X(CNTVCT_EL0, 3, 3, 14, 0, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__CNT) \
	X(CNTPCTSS_EL0, 3, 3, 14, 0, 5, NVARM_VNCR_NONE, NONE, ECV, NVARM_SRF__CNT) \
	X(CNTVCTSS_EL0, 3, 3, 14, 0, 6, NVARM_VNCR_NONE, NONE, ECV, NVARM_SRF__CNT) \
	X(CNTP_TVAL_EL0,   3, 3, 14, 2, 0, NVARM_VNCR_NONE, CNTHP_TVAL_EL2, 0,                      \
	  NVARM_SRF__TMR0 | NVARM_SRF_FWD)                                                          \
	X(CNTP_CTL_EL0,    3, 3, 14, 2, 1, 0x180, CNTHP_CTL_EL2, 0, NVARM_SRF__TMR0)                \
	X(CNTP_CVAL_EL0,   3, 3, 14, 2, 2, 0x178, CNTHP_CVAL_EL2, 0, NVARM_SRF__TMR0)               \
	X(CNTV_TVAL_EL0,   3, 3, 14, 3, 0, NVARM_VNCR_NONE, CNTHV_TVAL_EL2, 0,                      \
	  NVARM_SRF__TMR0 | NVARM_SRF_FWD)                                                          \
	X(CNTV_CTL_EL0,    3, 3, 14, 3, 1, 0x170, CNTHV_CTL_EL2, 0, NVARM_SRF__TMR0)                \
	X(CNTV_CVAL_EL0,   3, 3, 14, 3, 2, 0x168, CNTHV_CVAL_EL2, 0, NVARM_SRF__TMR0)               \
	/* ---- op0=3, op1=4: EL2 ---------------------------------------------------------- */ \
	X(VPIDR_EL2,       3, 4, 0, 0, 0,  0x088, NONE, 0, NVARM_SRF_EL2)                           \
	X(VMPIDR_EL2,      3, 4, 0, 0, 5,  0x050, NONE, 0, NVARM_SRF_EL2)                           \
	X(SCTLR_EL2,       3, 4, 1, 0, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(ACTLR_EL2,       3, 4, 1, 0, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(HCR_EL2,         3, 4, 1, 1, 0,  0x078, NONE, 0, NVARM_SRF_EL2)                           \
	X(MDCR_EL2,        3, 4, 1, 1, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(CPTR_EL2,        3, 4, 1, 1, 2,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(HSTR_EL2,        3, 4, 1, 1, 3,  0x080, NONE, 0, NVARM_SRF_EL2)                           \
	X(HFGRTR_EL2,      3, 4, 1, 1, 4,  0x1b8, NONE, FGT, NVARM_SRF_EL2)                         \
	X(HFGWTR_EL2,      3, 4, 1, 1, 5,  0x1c0, NONE, FGT, NVARM_SRF_EL2)                         \
	X(HFGITR_EL2,      3, 4, 1, 1, 6,  0x1c8, NONE, FGT, NVARM_SRF_EL2)                         \
	X(HACR_EL2,        3, 4, 1, 1, 7,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(ZCR_EL2,         3, 4, 1, 2, 0,  NVARM_VNCR_NONE, NONE, SVE, NVARM_SRF_EL2)               \
	X(HCRX_EL2,        3, 4, 1, 2, 2,  0x0a0, NONE, HCRX, NVARM_SRF_EL2)                        \
	X(TTBR0_EL2,       3, 4, 2, 0, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(TTBR1_EL2,       3, 4, 2, 0, 1,  NVARM_VNCR_NONE, NONE, VHE, NVARM_SRF_EL2)               \
	X(TCR_EL2,         3, 4, 2, 0, 2,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(VTTBR_EL2,       3, 4, 2, 1, 0,  0x020, NONE, 0, NVARM_SRF_EL2)                           \
	X(VTCR_EL2,        3, 4, 2, 1, 2,  0x040, NONE, 0, NVARM_SRF_EL2)                           \
	X(VNCR_EL2,        3, 4, 2, 2, 0,  0x0b0, NONE, L1NV2, NVARM_SRF_EL2)                       \
	X(HDFGRTR2_EL2,    3, 4, 3, 1, 0,  0x1a0, NONE, FGT2, NVARM_SRF_EL2)                        \
	X(HDFGWTR2_EL2,    3, 4, 3, 1, 1,  0x1b0, NONE, FGT2, NVARM_SRF_EL2)                        \
	X(HDFGRTR_EL2,     3, 4, 3, 1, 4,  0x1d0, NONE, FGT, NVARM_SRF_EL2)                         \
	X(HDFGWTR_EL2,     3, 4, 3, 1, 5,  0x1d8, NONE, FGT, NVARM_SRF_EL2)                         \
	X(HAFGRTR_EL2,     3, 4, 3, 1, 6,  0x1e8, NONE, FGT, NVARM_SRF_EL2)                         \
	X(SPSR_EL2,        3, 4, 4, 0, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2 | NVARM_SRF_NV2EL1) \
	X(ELR_EL2,         3, 4, 4, 0, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2 | NVARM_SRF_NV2EL1) \
	X(SP_EL1,          3, 4, 4, 1, 0,  0x240, NONE, 0, NVARM_SRF_EL2)                           \
	X(AFSR0_EL2,       3, 4, 5, 1, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(AFSR1_EL2,       3, 4, 5, 1, 1,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(ESR_EL2,         3, 4, 5, 2, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2 | NVARM_SRF_NV2EL1) \
	X(VSESR_EL2,       3, 4, 5, 2, 3,  0x508, NONE, RAS, NVARM_SRF_EL2)                         \
	X(FAR_EL2,         3, 4, 6, 0, 0,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2 | NVARM_SRF_NV2EL1) \
	X(HPFAR_EL2,       3, 4, 6, 0, 4,  NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(MAIR_EL2,        3, 4, 10, 2, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(AMAIR_EL2,       3, 4, 10, 3, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(VBAR_EL2,        3, 4, 12, 0, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF_EL2)                 \
	X(VDISR_EL2,       3, 4, 12, 1, 1, 0x500, NONE, RAS, NVARM_SRF_EL2)                         \
	X(ICH_AP0R0_EL2,   3, 4, 12, 8, 0, 0x480, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP0R1_EL2,   3, 4, 12, 8, 1, 0x488, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP0R2_EL2,   3, 4, 12, 8, 2, 0x490, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP0R3_EL2,   3, 4, 12, 8, 3, 0x498, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP1R0_EL2,   3, 4, 12, 9, 0, 0x4a0, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP1R1_EL2,   3, 4, 12, 9, 1, 0x4a8, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP1R2_EL2,   3, 4, 12, 9, 2, 0x4b0, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICH_AP1R3_EL2,   3, 4, 12, 9, 3, 0x4b8, NONE, 0, NVARM_SRF__GIC)                          \
	X(ICC_SRE_EL2,     3, 4, 12, 9, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__GIC)                \
	X(ICH_HCR_EL2,     3, 4, 12, 11, 0, 0x4c0, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_VTR_EL2,     3, 4, 12, 11, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__GICS)              \
	X(ICH_MISR_EL2,    3, 4, 12, 11, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__GICS)              \
	X(ICH_EISR_EL2,    3, 4, 12, 11, 3, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__GICS)              \
	X(ICH_ELRSR_EL2,   3, 4, 12, 11, 5, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__GICS)              \
	X(ICH_VMCR_EL2,    3, 4, 12, 11, 7, 0x4c8, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR0_EL2,     3, 4, 12, 12, 0, 0x400, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR1_EL2,     3, 4, 12, 12, 1, 0x408, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR2_EL2,     3, 4, 12, 12, 2, 0x410, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR3_EL2,     3, 4, 12, 12, 3, 0x418, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR4_EL2,     3, 4, 12, 12, 4, 0x420, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR5_EL2,     3, 4, 12, 12, 5, 0x428, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR6_EL2,     3, 4, 12, 12, 6, 0x430, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR7_EL2,     3, 4, 12, 12, 7, 0x438, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR8_EL2,     3, 4, 12, 13, 0, 0x440, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR9_EL2,     3, 4, 12, 13, 1, 0x448, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR10_EL2,    3, 4, 12, 13, 2, 0x450, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR11_EL2,    3, 4, 12, 13, 3, 0x458, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR12_EL2,    3, 4, 12, 13, 4, 0x460, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR13_EL2,    3, 4, 12, 13, 5, 0x468, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR14_EL2,    3, 4, 12, 13, 6, 0x470, NONE, 0, NVARM_SRF__GIC)                         \
	X(ICH_LR15_EL2,    3, 4, 12, 13, 7, 0x478, NONE, 0, NVARM_SRF__GIC)                         \
	X(CONTEXTIDR_EL2,  3, 4, 13, 0, 1, NVARM_VNCR_NONE, NONE, VHE, NVARM_SRF_EL2)               \
	X(TPIDR_EL2,       3, 4, 13, 0, 2, 0x090, NONE, 0, NVARM_SRF_EL2)                           \
	X(CNTVOFF_EL2,     3, 4, 14, 0, 3, 0x060, NONE, 0, NVARM_SRF__TMR2)                         \
	X(CNTPOFF_EL2,     3, 4, 14, 0, 6, 0x1a8, NONE, ECV, NVARM_SRF__TMR2)                       \
	X(CNTHCTL_EL2,     3, 4, 14, 1, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TMR2)               \
	X(CNTHP_TVAL_EL2,  3, 4, 14, 2, 0, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TMR2 | NVARM_SRF_FWD) \
	X(CNTHP_CTL_EL2,   3, 4, 14, 2, 1, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TMR2)               \
	X(CNTHP_CVAL_EL2,  3, 4, 14, 2, 2, NVARM_VNCR_NONE, NONE, 0, NVARM_SRF__TMR2)               \
	X(CNTHV_TVAL_EL2,  3, 4, 14, 3, 0, NVARM_VNCR_NONE, NONE, VHE,                              \
	  NVARM_SRF__TMR2 | NVARM_SRF_FWD)                                                          \
	X(CNTHV_CTL_EL2,   3, 4, 14, 3, 1, NVARM_VNCR_NONE, NONE, VHE, NVARM_SRF__TMR2)             \
	X(CNTHV_CVAL_EL2,  3, 4, 14, 3, 2, NVARM_VNCR_NONE, NONE, VHE, NVARM_SRF__TMR2)             \
	/* ---- op0=3, op1=5: EL12/EL02 accessor accessors (FEAT_VHE) ------------------------ */ \
	X(SCTLR_EL12,      3, 5, 1, 0, 0,  NVARM_VNCR_NONE, SCTLR_EL1, VHE, NVARM_SRF__A)           \
	X(CPACR_EL12,      3, 5, 1, 0, 2,  NVARM_VNCR_NONE, CPACR_EL1, VHE, NVARM_SRF__A)           \
	X(ZCR_EL12,        3, 5, 1, 2, 0,  NVARM_VNCR_NONE, ZCR_EL1, VHE | NVARM_VMF_SVE, NVARM_SRF__A) \
	X(TTBR0_EL12,      3, 5, 2, 0, 0,  NVARM_VNCR_NONE, TTBR0_EL1, VHE, NVARM_SRF__A)           \
	X(TTBR1_EL12,      3, 5, 2, 0, 1,  NVARM_VNCR_NONE, TTBR1_EL1, VHE, NVARM_SRF__A)           \
	X(TCR_EL12,        3, 5, 2, 0, 2,  NVARM_VNCR_NONE, TCR_EL1, VHE, NVARM_SRF__A)             \
	X(SPSR_EL12,       3, 5, 4, 0, 0,  NVARM_VNCR_NONE, SPSR_EL1, VHE, NVARM_SRF__A)            \
	X(ELR_EL12,        3, 5, 4, 0, 1,  NVARM_VNCR_NONE, ELR_EL1, VHE, NVARM_SRF__A)             \
	X(AFSR0_EL12,      3, 5, 5, 1, 0,  NVARM_VNCR_NONE, AFSR0_EL1, VHE, NVARM_SRF__A)           \
	X(AFSR1_EL12,      3, 5, 5, 1, 1,  NVARM_VNCR_NONE, AFSR1_EL1, VHE, NVARM_SRF__A)           \
	X(ESR_EL12,        3, 5, 5, 2, 0,  NVARM_VNCR_NONE, ESR_EL1, VHE, NVARM_SRF__A)             \
	X(FAR_EL12,        3, 5, 6, 0, 0,  NVARM_VNCR_NONE, FAR_EL1, VHE, NVARM_SRF__A)             \
	X(MAIR_EL12,       3, 5, 10, 2, 0, NVARM_VNCR_NONE, MAIR_EL1, VHE, NVARM_SRF__A)            \
	X(AMAIR_EL12,      3, 5, 10, 3, 0, NVARM_VNCR_NONE, AMAIR_EL1, VHE, NVARM_SRF__A)           \
	X(VBAR_EL12,       3, 5, 12, 0, 0, NVARM_VNCR_NONE, VBAR_EL1, VHE, NVARM_SRF__A)            \
	X(CONTEXTIDR_EL12, 3, 5, 13, 0, 1, NVARM_VNCR_NONE, CONTEXTIDR_EL1, VHE, NVARM_SRF__A)      \
	X(CNTKCTL_EL12,    3, 5, 14, 1, 0, NVARM_VNCR_NONE, CNTKCTL_EL1, VHE, NVARM_SRF__AT0)       \
	X(CNTP_TVAL_EL02,  3, 5, 14, 2, 0, NVARM_VNCR_NONE, CNTP_TVAL_EL0, VHE, NVARM_SRF__ATV)     \
	X(CNTP_CTL_EL02,   3, 5, 14, 2, 1, NVARM_VNCR_NONE, CNTP_CTL_EL0, VHE, NVARM_SRF__AT0)      \
	X(CNTP_CVAL_EL02,  3, 5, 14, 2, 2, NVARM_VNCR_NONE, CNTP_CVAL_EL0, VHE, NVARM_SRF__AT0)     \
	X(CNTV_TVAL_EL02,  3, 5, 14, 3, 0, NVARM_VNCR_NONE, CNTV_TVAL_EL0, VHE, NVARM_SRF__ATV)     \
	X(CNTV_CTL_EL02,   3, 5, 14, 3, 1, NVARM_VNCR_NONE, CNTV_CTL_EL0, VHE, NVARM_SRF__AT0)      \
	X(CNTV_CVAL_EL02,  3, 5, 14, 3, 2, NVARM_VNCR_NONE, CNTV_CVAL_EL0, VHE, NVARM_SRF__AT0)
/* clang-format on */

#endif /* NVARM_SYSREG_REGS_H */
