/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file timer.h
 * @brief Generic Timer register fields, encodings and VNCR_EL2 page offsets (Arm ARM D12,
 *        D24.2 "CNT*" registers), usable from C and assembly.
 *
 * Only constants. All bit values fit in 32 bits and carry no C suffix, so the
 * file can be included from `.S` files.
 */
#ifndef NVARM_ARM_TIMER_H
#define NVARM_ARM_TIMER_H

#include "sysreg_encs.h"
#include "vncr.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name CNT{P,V,HP,HV}_CTL_EL* fields (identical for all timers) */
/**@{*/
#define NVARM_CNT_CTL_ENABLE  0x1 /**< ENABLE, bit [0]: the timer is enabled. */
#define NVARM_CNT_CTL_IMASK   0x2 /**< IMASK, bit [1]: the timer interrupt is masked. */
#define NVARM_CNT_CTL_ISTATUS 0x4 /**< ISTATUS, bit [2], read-only: the timer condition is met. */
/**@}*/

/** @name CNTHCTL_EL2 fields, layout with HCR_EL2.E2H == 0 */
/**@{*/
#define NVARM_CNTHCTL_E2H0_EL1PCTEN 0x1 /**< Bit [0]: EL0/EL1 access to the physical counter. */
#define NVARM_CNTHCTL_E2H0_EL1PCEN  0x2 /**< Bit [1]: EL0/EL1 access to the physical timer. */
/**@}*/

/** @name CNTHCTL_EL2 fields, layout with HCR_EL2.E2H == 1 (bits [9:0] as CNTKCTL_EL1) */
/**@{*/
#define NVARM_CNTHCTL_E2H1_EL0PCTEN 0x1	  /**< Bit [0]: EL0 access to the physical counter. */
#define NVARM_CNTHCTL_E2H1_EL0VCTEN 0x2	  /**< Bit [1]: EL0 access to the virtual counter. */
#define NVARM_CNTHCTL_E2H1_EL0VTEN  0x100 /**< Bit [8]: EL0 access to the virtual timer. */
#define NVARM_CNTHCTL_E2H1_EL0PTEN  0x200 /**< Bit [9]: EL0 access to the physical timer. */
#define NVARM_CNTHCTL_E2H1_EL1PCTEN                                                                \
	0x400				 /**< Bit [10]: EL0/EL1 access to the physical counter.    \
					  */
#define NVARM_CNTHCTL_E2H1_EL1PTEN 0x800 /**< Bit [11]: EL0/EL1 access to the physical timer. */
/**@}*/

/** @name CNTHCTL_EL2 fields common to both layouts */
/**@{*/
#define NVARM_CNTHCTL_EVNTEN	  0x4	  /**< Bit [2]: event stream enable. */
#define NVARM_CNTHCTL_EVNTDIR	  0x8	  /**< Bit [3]: event stream transition direction. */
#define NVARM_CNTHCTL_EVNTI_SHIFT 4	  /**< EVNTI, bits [7:4]: event stream counter bit. */
#define NVARM_CNTHCTL_EVNTI_MASK  0xf0	  /**< EVNTI mask (in place). */
#define NVARM_CNTHCTL_ECV	  0x1000  /**< Bit [12] (FEAT_ECV): enable CNTPOFF_EL2. */
#define NVARM_CNTHCTL_EL1TVT	  0x2000  /**< Bit [13] (FEAT_ECV): trap EL0/EL1 virtual timer. */
#define NVARM_CNTHCTL_EL1TVCT	  0x4000  /**< Bit [14] (FEAT_ECV): trap EL0/EL1 CNTVCT. */
#define NVARM_CNTHCTL_EL1NVPCT	  0x8000  /**< Bit [15] (FEAT_ECV): trap EL1 CNTP_* with NV. */
#define NVARM_CNTHCTL_EL1NVVCT	  0x10000 /**< Bit [16] (FEAT_ECV): trap EL1 CNTV_* with NV. */
#define NVARM_CNTHCTL_EVNTIS	  0x20000 /**< Bit [17] (FEAT_ECV): event stream scale. */
#define NVARM_CNTHCTL_CNTVMASK	  0x40000 /**< Bit [18] (FEAT_RME): mask the EL1 virtual timer. */
#define NVARM_CNTHCTL_CNTPMASK	  0x80000 /**< Bit [19] (FEAT_RME): mask the EL1 phys. timer. */
/**@}*/

/** @name CNTKCTL_EL1 fields */
/**@{*/
#define NVARM_CNTKCTL_EL0PCTEN 0x1     /**< Bit [0]: EL0 access to the physical counter. */
#define NVARM_CNTKCTL_EL0VCTEN 0x2     /**< Bit [1]: EL0 access to the virtual counter. */
#define NVARM_CNTKCTL_EVNTEN   0x4     /**< Bit [2]: event stream enable. */
#define NVARM_CNTKCTL_EVNTDIR  0x8     /**< Bit [3]: event stream transition direction. */
#define NVARM_CNTKCTL_EVNTI    0xf0    /**< Bits [7:4]: event stream counter bit. */
#define NVARM_CNTKCTL_EL0VTEN  0x100   /**< Bit [8]: EL0 access to the virtual timer. */
#define NVARM_CNTKCTL_EL0PTEN  0x200   /**< Bit [9]: EL0 access to the physical timer. */
#define NVARM_CNTKCTL_EVNTIS   0x20000 /**< Bit [17] (FEAT_ECV): event stream scale. */
/**@}*/

/* Counter and timer register encodings (NVARM_ENC_CNT*_EL0/EL02/EL2, NVARM_ENC_CNTKCTL_EL1/EL12)
 * come from the register database: arm/sysreg_encs.h. */

/* The timer slots of the FEAT_NV2 VNCR_EL2 page (NVARM_VNCR_CNTVOFF_EL2, _CNTV_CVAL_EL0,
 * _CNTV_CTL_EL0, _CNTP_CVAL_EL0, _CNTP_CTL_EL0, _CNTPOFF_EL2) come from vncr.h, the one
 * table of VNCR offsets. */

/** @name Default timer PPIs (SBSA / Arm Base System Architecture) */
/**@{*/
#define NVARM_PPI_CNTHP 26 /**< EL2 physical timer. */
#define NVARM_PPI_CNTV	27 /**< EL1 virtual timer. */
#define NVARM_PPI_CNTHV 28 /**< EL2 virtual timer. */
#define NVARM_PPI_CNTP	30 /**< EL1 physical timer. */
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ARM_TIMER_H */
