/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * This image's own GICv3 (IHI 0069): the distributor and this CPU's redistributor found
 * in the DTB (plat.gicd, plat.gicr: the first redistributor; one CPU), the EL2 CPU
 * interface (ICC_*), and IRQs taken at EL2 (HCR_EL2.IMO=1, PSTATE.I cleared only inside
 * gic_take_irq()).
 */
#ifndef CONFORM_GIC_H
#define CONFORM_GIC_H
#include "conform.h"

/* CPU interface registers (IHI 0069 12.1, DDI 0487 D24) by encoding. */
#define R_ICC_SRE_EL2	s3_4_c12_c9_5
#define R_ICC_SRE_EL1	s3_0_c12_c12_5
#define R_ICC_PMR_EL1	s3_0_c4_c6_0
#define R_ICC_IGRPEN1	s3_0_c12_c12_7
#define R_ICC_IAR1_EL1	s3_0_c12_c12_0
#define R_ICC_EOIR1_EL1 s3_0_c12_c12_1
#define R_ICC_HPPIR1	s3_0_c12_c12_2
#define R_ICC_BPR1_EL1	s3_0_c12_c12_3
#define R_ICC_CTLR_EL1	s3_0_c12_c12_4
#define R_ICC_DIR_EL1	s3_0_c12_c11_1
#define R_ICC_RPR_EL1	s3_0_c12_c11_3

/* ICH_LR<n>_EL2 fields (IHI 0069 12.4.6) */
#define LR_PENDING   (1ULL << 62)
#define LR_ACTIVE    (2ULL << 62)
#define LR_HW	     BIT(61)
#define LR_GROUP1    BIT(60)
#define LR_PRIO(p)   ((u64)(p) << 48)
#define LR_EOI	     BIT(41)	      /* HW=0 */
#define LR_PINTID(n) ((u64)(n) << 32) /* HW=1 */

/* GICR SGI-frame register offsets (from the RD base: + 0x10000) */
#define GICR_IGROUPR0	0x10080
#define GICR_ISENABLER0 0x10100
#define GICR_ICENABLER0 0x10180
#define GICR_ISPENDR0	0x10200
#define GICR_ICPENDR0	0x10280
#define GICR_ISACTIVER0 0x10300
#define GICR_ICACTIVER0 0x10380
#define GICR_IPRIORITYR 0x10400

u32 gicd_rd(u32 off);
void gicd_wr(u32 off, u32 v);
u32 gicr_rd(u32 off);
void gicr_wr(u32 off, u32 v);

/* Bring up this image's GIC for a section: ICC_SRE_EL2 (SRE, Enable), GICD_CTLR (ARE,
 * EnableGrp1), GICR_WAKER (wake), ICC_PMR_EL1 = 0xff, ICC_IGRPEN1_EL1 = 1; every PPI/SGI
 * disabled. Prints what it read back. gic_down() restores what gic_up() changed. */
void gic_up(void);
void gic_down(void);
/* A PPI: Group 1, priority prio, disabled, not pending, not active. */
void gic_ppi_config(u32 intid, unsigned prio);
void gic_ppi_enable(u32 intid, int on);
unsigned gic_ppi_bit(u32 off, u32 intid);
/* Poll GICR_ISPENDR0 (or ISACTIVER0) for intid until it reads want (bounded). Value:
 * the last state read (== want unless the bound ran out). */
unsigned gic_ppi_settle(u32 off, u32 intid, unsigned want);

/* Take one IRQ at EL2: HCR_EL2.IMO=1, PSTATE.I=0 for a bounded wait, then masked again.
 * The handler acknowledges (ICC_IAR1_EL1), calls hook(intid) (e.g. to remove the cause of
 * a level interrupt), then ICC_EOIR1_EL1 unless eoi == 0. Value: the INTID taken, or
 * 0xffffffff when none came within the bound. */
u32 gic_take_irq(void (*hook)(u32 intid), int eoi);
#endif
