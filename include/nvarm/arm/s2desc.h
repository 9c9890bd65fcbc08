/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file s2desc.h
 * @brief Stage-2 (VMSAv8-64) descriptor and VTCR_EL2/VTTBR_EL2 field constants, usable from C
 *        and assembly (Arm ARM D8.3 "Translation table descriptor formats", D24.2 "VTCR_EL2").
 *
 * Only constants: the walker that interprets them lives in src/s2mmu/.
 */
#ifndef NVARM_ARM_S2DESC_H
#define NVARM_ARM_S2DESC_H

#ifdef __cplusplus
extern "C" {
#endif

/** @name VTCR_EL2 fields */
/**@{*/
#define NVARM_VTCR_T0SZ_SHIFT  0	 /**< T0SZ, bits [5:0]: input size = 64 - T0SZ. */
#define NVARM_VTCR_T0SZ_MASK   0x3f	 /**< T0SZ width mask. */
#define NVARM_VTCR_SL0_SHIFT   6	 /**< SL0, bits [7:6]: start level (granule dependent). */
#define NVARM_VTCR_IRGN0_SHIFT 8	 /**< IRGN0, bits [9:8]. */
#define NVARM_VTCR_ORGN0_SHIFT 10	 /**< ORGN0, bits [11:10]. */
#define NVARM_VTCR_SH0_SHIFT   12	 /**< SH0, bits [13:12] (also the leaf SH when DS=1). */
#define NVARM_VTCR_TG0_SHIFT   14	 /**< TG0, bits [15:14]: 00 4K, 01 64K, 10 16K. */
#define NVARM_VTCR_PS_SHIFT    16	 /**< PS, bits [18:16]: output (L1 IPA) size. */
#define NVARM_VTCR_VS	       (1 << 19) /**< VS: 16-bit VMID. */
#define NVARM_VTCR_HA	       (1 << 21) /**< HA: hardware Access flag update (FEAT_HAFDBS). */
#define NVARM_VTCR_HD	       (1 << 22) /**< HD: hardware dirty state update (FEAT_HAFDBS). */
#define NVARM_VTCR_DS_SHIFT    32	 /**< DS, bit [32]: 52-bit descriptors (FEAT_LPA2). */
#define NVARM_VTCR_SL2_SHIFT   33	 /**< SL2, bit [33]: with DS=1 and 4K, start level -1. */
#define NVARM_VTCR_TG0_4K      0	 /**< TG0 encoding of the 4KB granule. */
#define NVARM_VTCR_TG0_64K     1	 /**< TG0 encoding of the 64KB granule. */
#define NVARM_VTCR_TG0_16K     2	 /**< TG0 encoding of the 16KB granule. */
/**@}*/

/** @name VTTBR_EL2 fields */
/**@{*/
#define NVARM_VTTBR_VMID_SHIFT 48 /**< VMID, bits [63:48] (bits [55:48] when VTCR_EL2.VS=0). */
#define NVARM_VTTBR_CNP	       1  /**< CnP, bit [0]. */
/**@}*/

/** @name Stage-2 descriptor fields */
/**@{*/
#define NVARM_S2D_VALID		(1 << 0)  /**< Bit [0]: valid. */
#define NVARM_S2D_TABLE		(1 << 1)  /**< Bit [1]: table (levels < 3) or page (level 3). */
#define NVARM_S2D_MEMATTR_SHIFT 2	  /**< MemAttr, bits [5:2]. */
#define NVARM_S2D_S2AP_SHIFT	6	  /**< S2AP, bits [7:6]: bit 6 read, bit 7 write. */
#define NVARM_S2D_S2AP_R	(1 << 6)  /**< S2AP[0]: read permitted. */
#define NVARM_S2D_S2AP_W	(1 << 7)  /**< S2AP[1]: write permitted. */
#define NVARM_S2D_SH_SHIFT	8	  /**< SH, bits [9:8] (OA[51:50] when DS=1). */
#define NVARM_S2D_AF		(1 << 10) /**< Access flag. */
#define NVARM_S2D_DBM_SHIFT	51	  /**< DBM, bit [51]: dirty bit modifier. */
#define NVARM_S2D_CONT_SHIFT	52	  /**< Contiguous hint, bit [52]. */
#define NVARM_S2D_XN_SHIFT	53	  /**< XN[1:0], bits [54:53] (XN[0] with FEAT_XNX). */
#define NVARM_S2D_SW_SHIFT	55	  /**< Bits [58:55]: reserved for software use. */
/**@}*/

/** @name Stage-2 MemAttr[3:0] values (HCR_EL2.FWB = 0 layout) */
/**@{*/
#define NVARM_S2_MEMATTR_DEV_nGnRnE 0x0 /**< Device-nGnRnE. */
#define NVARM_S2_MEMATTR_DEV_nGnRE  0x1 /**< Device-nGnRE. */
#define NVARM_S2_MEMATTR_NORMAL_NC  0x5 /**< Normal, inner and outer Non-cacheable. */
#define NVARM_S2_MEMATTR_NORMAL_WB  0xf /**< Normal, inner and outer Write-Back. */
/**@}*/

/** @name Stage-2 MemAttr[3:0] values when HCR_EL2.FWB = 1 (R_VRJSW, R_RHWZM) */
/**@{*/
#define NVARM_S2_FWB_NORMAL_NC 0x5 /**< Normal Non-cacheable (Device at stage 1 stays Device). */
#define NVARM_S2_FWB_FORCE_WB  0x6 /**< Normal Write-Back, whatever stage 1 says. */
#define NVARM_S2_FWB_AS_S1     0x7 /**< Stage 1 attributes are used as they are. */
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ARM_S2DESC_H */
