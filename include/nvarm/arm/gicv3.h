/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file gicv3.h
 * @brief GICv3 virtualization register encodings and fields (ICH_*_EL2), usable from C and
 *        assembly.
 *
 * Source: GICv3/v4 architecture specification (IHI 0069), chapter 12 "ICH_* register
 * descriptions". Only constants live here; the vGIC subsystem (nvarm/vgic.h) holds the
 * declarative field table built from them and the logic.
 *
 * Field values are written without C suffixes so that `.S` files can include this header;
 * C users get 64-bit constants through NVARM_GIC_ULL().
 */
#ifndef NVARM_ARM_GICV3_H
#define NVARM_ARM_GICV3_H

#include "sysreg_encs.h"
#include "vncr.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __ASSEMBLER__
#define NVARM_GIC_ULL(x) x
#else
/** @brief A 64-bit constant in C, the bare number in assembly. */
#define NVARM_GIC_ULL(x) x##ULL
#endif

/** @name Packed encodings (op0=3, op1=4, CRn=12; the values are the register database's) */
/**@{*/
#define NVARM_ENC_ICH_AP0R(n) (NVARM_ENC_ICH_AP0R0_EL2 + ((n) << 5)) /**< ICH_AP0R<n>_EL2, n < 4.  \
								      */
#define NVARM_ENC_ICH_AP1R(n) (NVARM_ENC_ICH_AP1R0_EL2 + ((n) << 5)) /**< ICH_AP1R<n>_EL2, n < 4.  \
								      */
#define NVARM_ENC_ICH_HCR   NVARM_ENC_ICH_HCR_EL2		     /**< ICH_HCR_EL2. */
#define NVARM_ENC_ICH_VTR   NVARM_ENC_ICH_VTR_EL2		     /**< ICH_VTR_EL2 (RO). */
#define NVARM_ENC_ICH_MISR  NVARM_ENC_ICH_MISR_EL2		     /**< ICH_MISR_EL2 (RO). */
#define NVARM_ENC_ICH_EISR  NVARM_ENC_ICH_EISR_EL2		     /**< ICH_EISR_EL2 (RO). */
#define NVARM_ENC_ICH_ELRSR NVARM_ENC_ICH_ELRSR_EL2		     /**< ICH_ELRSR_EL2 (RO). */
#define NVARM_ENC_ICH_VMCR  NVARM_ENC_ICH_VMCR_EL2		     /**< ICH_VMCR_EL2. */
/** ICH_LR<n>_EL2, n < 16: CRm = 12 + n/8, op2 = n%8, i.e. consecutive op2/CRm steps. */
#define NVARM_ENC_ICH_LR(n) NVARM_SYSREG_ENC(3, 4, 12, 12 + ((n) >> 3), ((n)&7))
/**@}*/

/** @name VNCR_EL2 page offsets under FEAT_NV2 (from the register database, arm/vncr.h) */
/**@{*/
#define NVARM_VNCR_ICH_LR(n)   (NVARM_VNCR_ICH_LR0_EL2 + 8 * (n))   /**< ICH_LR<n>_EL2. */
#define NVARM_VNCR_ICH_AP0R(n) (NVARM_VNCR_ICH_AP0R0_EL2 + 8 * (n)) /**< ICH_AP0R<n>_EL2. */
#define NVARM_VNCR_ICH_AP1R(n) (NVARM_VNCR_ICH_AP1R0_EL2 + 8 * (n)) /**< ICH_AP1R<n>_EL2. */
#define NVARM_VNCR_ICH_HCR     NVARM_VNCR_ICH_HCR_EL2		    /**< ICH_HCR_EL2. */
#define NVARM_VNCR_ICH_VMCR    NVARM_VNCR_ICH_VMCR_EL2		    /**< ICH_VMCR_EL2. */
/**@}*/

/** @name ICH_LR<n>_EL2 fields */
/**@{*/
#define NVARM_ICH_LR_VINTID_MASK  NVARM_GIC_ULL(0xffffffff)	    /**< vINTID, [31:0]. */
#define NVARM_ICH_LR_PINTID_SHIFT 32				    /**< pINTID, [44:32] (HW=1). */
#define NVARM_ICH_LR_PINTID_MASK  NVARM_GIC_ULL(0x1fff00000000)	    /**< pINTID field. */
#define NVARM_ICH_LR_EOI	  NVARM_GIC_ULL(0x20000000000)	    /**< EOI, bit 41 (HW=0). */
#define NVARM_ICH_LR_PRIO_SHIFT	  48				    /**< Priority, [55:48]. */
#define NVARM_ICH_LR_PRIO_MASK	  NVARM_GIC_ULL(0xff000000000000)   /**< Priority field. */
#define NVARM_ICH_LR_GROUP	  NVARM_GIC_ULL(0x1000000000000000) /**< Group, bit 60. */
#define NVARM_ICH_LR_HW		  NVARM_GIC_ULL(0x2000000000000000) /**< HW, bit 61. */
#define NVARM_ICH_LR_PENDING	  NVARM_GIC_ULL(0x4000000000000000) /**< State[0], bit 62. */
#define NVARM_ICH_LR_ACTIVE	  NVARM_GIC_ULL(0x8000000000000000) /**< State[1], bit 63. */
#define NVARM_ICH_LR_STATE_MASK	  NVARM_GIC_ULL(0xc000000000000000) /**< State, [63:62]. */
/**@}*/

/** @name ICH_HCR_EL2 fields */
/**@{*/
#define NVARM_ICH_HCR_EN	     (1 << 0)	/**< En: enable the virtual CPU interface. */
#define NVARM_ICH_HCR_UIE	     (1 << 1)	/**< Underflow maintenance enable. */
#define NVARM_ICH_HCR_LRENPIE	     (1 << 2)	/**< LR Entry Not Present maintenance enable. */
#define NVARM_ICH_HCR_NPIE	     (1 << 3)	/**< No Pending maintenance enable. */
#define NVARM_ICH_HCR_VGRP0EIE	     (1 << 4)	/**< vGroup 0 enabled maintenance enable. */
#define NVARM_ICH_HCR_VGRP0DIE	     (1 << 5)	/**< vGroup 0 disabled maintenance enable. */
#define NVARM_ICH_HCR_VGRP1EIE	     (1 << 6)	/**< vGroup 1 enabled maintenance enable. */
#define NVARM_ICH_HCR_VGRP1DIE	     (1 << 7)	/**< vGroup 1 disabled maintenance enable. */
#define NVARM_ICH_HCR_VSGIEOICOUNT   (1 << 8)	/**< GICv4.1 vSGI EOIcount behaviour. */
#define NVARM_ICH_HCR_TC	     (1 << 10)	/**< Trap common ICV_* accesses. */
#define NVARM_ICH_HCR_TALL0	     (1 << 11)	/**< Trap Group 0 ICV_* accesses. */
#define NVARM_ICH_HCR_TALL1	     (1 << 12)	/**< Trap Group 1 ICV_* accesses. */
#define NVARM_ICH_HCR_TSEI	     (1 << 13)	/**< Trap locally generated SEIs. */
#define NVARM_ICH_HCR_TDIR	     (1 << 14)	/**< Trap ICV_DIR_EL1 (needs VTR.TDS). */
#define NVARM_ICH_HCR_DVIM	     (1 << 15)	/**< Directly-injected vINTID mask. */
#define NVARM_ICH_HCR_EOICOUNT_SHIFT 27		/**< EOIcount, [31:27]. */
#define NVARM_ICH_HCR_EOICOUNT_MASK  0xf8000000 /**< EOIcount field. */
/**@}*/

/** @name ICH_VMCR_EL2 fields */
/**@{*/
#define NVARM_ICH_VMCR_VENG0	   (1 << 0)   /**< Virtual Group 0 enable. */
#define NVARM_ICH_VMCR_VENG1	   (1 << 1)   /**< Virtual Group 1 enable. */
#define NVARM_ICH_VMCR_VACKCTL	   (1 << 2)   /**< Legacy AckCtl: RES0 with system registers. */
#define NVARM_ICH_VMCR_VFIQEN	   (1 << 3)   /**< Legacy FIQEn: RES1 with system registers. */
#define NVARM_ICH_VMCR_VCBPR	   (1 << 4)   /**< Common binary point. */
#define NVARM_ICH_VMCR_VEOIM	   (1 << 9)   /**< EOI mode (split drop/deactivate). */
#define NVARM_ICH_VMCR_VBPR1_SHIFT 18	      /**< VBPR1, [20:18]. */
#define NVARM_ICH_VMCR_VBPR1_MASK  0x1c0000   /**< VBPR1 field. */
#define NVARM_ICH_VMCR_VBPR0_SHIFT 21	      /**< VBPR0, [23:21]. */
#define NVARM_ICH_VMCR_VBPR0_MASK  0xe00000   /**< VBPR0 field. */
#define NVARM_ICH_VMCR_VPMR_SHIFT  24	      /**< VPMR, [31:24]. */
#define NVARM_ICH_VMCR_VPMR_MASK   0xff000000 /**< VPMR field. */
/**@}*/

/** @name ICH_VTR_EL2 fields */
/**@{*/
#define NVARM_ICH_VTR_LISTREGS_MASK 0x1f       /**< ListRegs, [4:0]: LR count minus one. */
#define NVARM_ICH_VTR_DVIM	    (1 << 18)  /**< DVIM supported. */
#define NVARM_ICH_VTR_TDS	    (1 << 19)  /**< ICH_HCR_EL2.TDIR supported. */
#define NVARM_ICH_VTR_NV4	    (1 << 20)  /**< 1 = no direct vLPI injection (GICv4). */
#define NVARM_ICH_VTR_A3V	    (1 << 21)  /**< Non-zero Aff3 supported. */
#define NVARM_ICH_VTR_SEIS	    (1 << 22)  /**< Locally generated SEIs supported. */
#define NVARM_ICH_VTR_IDBITS_SHIFT  23	       /**< IDbits, [25:23]: 0 = 16 bits, 1 = 24. */
#define NVARM_ICH_VTR_IDBITS_MASK   0x3800000  /**< IDbits field. */
#define NVARM_ICH_VTR_PREBITS_SHIFT 26	       /**< PREbits, [28:26]: preemption bits - 1. */
#define NVARM_ICH_VTR_PREBITS_MASK  0x1c000000 /**< PREbits field. */
#define NVARM_ICH_VTR_PRIBITS_SHIFT 29	       /**< PRIbits, [31:29]: priority bits - 1. */
#define NVARM_ICH_VTR_PRIBITS_MASK  0xe0000000 /**< PRIbits field. */
/**@}*/

/** @name ICH_MISR_EL2 fields (maintenance interrupt causes) */
/**@{*/
#define NVARM_ICH_MISR_EOI    (1 << 0) /**< An LR is invalid with HW=0 and EOI=1. */
#define NVARM_ICH_MISR_U      (1 << 1) /**< Underflow: UIE and at most one valid LR. */
#define NVARM_ICH_MISR_LRENP  (1 << 2) /**< LRENPIE and EOIcount non-zero. */
#define NVARM_ICH_MISR_NP     (1 << 3) /**< NPIE and no LR in the pending state. */
#define NVARM_ICH_MISR_VGRP0E (1 << 4) /**< VGrp0EIE and VENG0 = 1. */
#define NVARM_ICH_MISR_VGRP0D (1 << 5) /**< VGrp0DIE and VENG0 = 0. */
#define NVARM_ICH_MISR_VGRP1E (1 << 6) /**< VGrp1EIE and VENG1 = 1. */
#define NVARM_ICH_MISR_VGRP1D (1 << 7) /**< VGrp1DIE and VENG1 = 0. */
/**@}*/

/** @name INTID ranges */
/**@{*/
#define NVARM_GIC_INTID_SGI_END	  16   /**< SGIs are INTIDs 0-15. */
#define NVARM_GIC_INTID_SPI_END	  1020 /**< PPIs 16-31, SPIs 32-1019. */
#define NVARM_GIC_INTID_EPPI_BASE 1056 /**< Extended PPIs 1056-1119 (GICv3.1). */
#define NVARM_GIC_INTID_EPPI_END  1120 /**< End of the extended PPI range. */
#define NVARM_GIC_INTID_ESPI_BASE 4096 /**< Extended SPIs 4096-5119 (GICv3.1). */
#define NVARM_GIC_INTID_ESPI_END  5120 /**< End of the extended SPI range. */
#define NVARM_GIC_INTID_LPI_BASE  8192 /**< LPIs start here. */
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ARM_GICV3_H */
