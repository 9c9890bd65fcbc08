// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// This image's own GICv3: distributor, this CPU's redistributor, the EL2 CPU interface,
// IRQs at EL2 (see gic.h). Written from IHI 0069 (GICv3 architecture specification).
#include "gic.h"

#define BOUND 2000000u /* polls of an MMIO register or of a flag before giving up */

u32 gicd_rd(u32 off)
{
	return *(volatile u32 *)(plat.gicd + off);
}

void gicd_wr(u32 off, u32 v)
{
	*(volatile u32 *)(plat.gicd + off) = v;
	__asm__ volatile("dsb sy" ::: "memory");
}

u32 gicr_rd(u32 off)
{
	return *(volatile u32 *)(plat.gicr + off);
}

void gicr_wr(u32 off, u32 v)
{
	*(volatile u32 *)(plat.gicr + off) = v;
	__asm__ volatile("dsb sy" ::: "memory");
}

static struct {
	u64 sre, pmr, igrpen1;
	u32 ctlr, waker, enable, group;
	unsigned char prio[32];
} saved;

static volatile unsigned char *ppi_prio(u32 intid)
{
	return (volatile unsigned char *)(plat.gicr + GICR_IPRIORITYR + intid);
}

void gic_up(void)
{
	saved.sre = rd(R_ICC_SRE_EL2);
	/* ICC_SRE_EL2: SRE [0] (system register interface at EL2), Enable [3] (EL1 may use
	 * ICC_SRE_EL1); DIB/DFB [2:1] kept as found. */
	wr(R_ICC_SRE_EL2, saved.sre | 0x9);
	isb();
	u64 sre = rd(R_ICC_SRE_EL2);
	/* GICD_CTLR: RWP [31] is a status bit; EnableGrp0 [0], EnableGrp1(NS) [1], ARE [4]
	 * (ARE_NS [5] when DS=0), DS [6]. IHI 0069 12.9.4. */
	saved.ctlr = gicd_rd(0);
	u32 ds = saved.ctlr & BIT(6);
	gicd_wr(0, (saved.ctlr & 0x7fffffffu) | BIT(1) | (ds ? BIT(4) : BIT(5)));
	unsigned i;
	for (i = 0; i < BOUND && (gicd_rd(0) & BIT(31)); i++)
		;
	u32 ctlr = gicd_rd(0);
	/* GICR_WAKER: ProcessorSleep [1] = 0, then ChildrenAsleep [2] reads 0. */
	saved.waker = gicr_rd(0x14);
	gicr_wr(0x14, saved.waker & ~2u);
	for (i = 0; i < BOUND && (gicr_rd(0x14) & 4); i++)
		;
	u32 waker = gicr_rd(0x14);
	saved.pmr = rd(R_ICC_PMR_EL1);
	saved.igrpen1 = rd(R_ICC_IGRPEN1);
	wr(R_ICC_PMR_EL1, 0xff);
	wr(R_ICC_IGRPEN1, 1);
	isb();
	u64 pmr = rd(R_ICC_PMR_EL1), igrpen1 = rd(R_ICC_IGRPEN1);
	saved.enable = gicr_rd(GICR_ISENABLER0);
	saved.group = gicr_rd(GICR_IGROUPR0);
	gicr_wr(GICR_ICENABLER0, 0xffffffffu);
	for (u32 n = 0; n < 32; n++)
		saved.prio[n] = *ppi_prio(n);
	/* ICC_SRE_EL2: SRE, Enable; DIB/DFB may be RAO (IHI 0069 12.2.26 ICC_SRE_EL2). */
	t_line("ICC_SRE_EL2.SRE=%u Enable=%u", (unsigned)(sre & 1), (unsigned)(sre >> 3) & 1);
	t_line("GICD_CTLR EnableGrp1=%u ARE=%u", (unsigned)(ctlr >> 1) & 1,
	       (unsigned)((ctlr >> (ds ? 4 : 5)) & 1));
	t_line("GICR_WAKER ProcessorSleep=%u ChildrenAsleep=%u", (waker >> 1) & 1,
	       (waker >> 2) & 1);
	/* ICC_PMR_EL1: unimplemented low priority bits are RAZ (IHI 0069 12.2.x): as many
	 * as ICC_CTLR_EL1.PRIbits says; print the top bit only. */
	t_line("ICC_PMR_EL1[7]=%u ICC_IGRPEN1_EL1=%u", (unsigned)(pmr >> 7) & 1,
	       (unsigned)igrpen1 & 1);
}

void gic_down(void)
{
	gicr_wr(GICR_ICENABLER0, 0xffffffffu);
	gicr_wr(GICR_ICPENDR0, 0xffffffffu);
	gicr_wr(GICR_ICACTIVER0, 0xffffffffu);
	for (u32 n = 0; n < 32; n++)
		*ppi_prio(n) = saved.prio[n];
	gicr_wr(GICR_IGROUPR0, saved.group);
	gicr_wr(GICR_ISENABLER0, saved.enable);
	wr(R_ICC_IGRPEN1, saved.igrpen1);
	wr(R_ICC_PMR_EL1, saved.pmr);
	isb();
	gicr_wr(0x14, saved.waker);
	/* The group enables as found; ARE stays set (clearing it once set is UNPREDICTABLE:
	 * IHI 0069 12.9.4 GICD_CTLR.ARE). */
	gicd_wr(0, (gicd_rd(0) & 0x7ffffffcu) | (saved.ctlr & 3));
	for (unsigned i = 0; i < BOUND && (gicd_rd(0) & BIT(31)); i++)
		;
	wr(R_ICC_SRE_EL2, saved.sre);
	isb();
}

void gic_ppi_config(u32 intid, unsigned prio)
{
	u32 b = 1u << intid;
	gicr_wr(GICR_ICENABLER0, b);
	gicr_wr(GICR_IGROUPR0, gicr_rd(GICR_IGROUPR0) | b);
	*ppi_prio(intid) = (unsigned char)prio;
	__asm__ volatile("dsb sy" ::: "memory");
	gicr_wr(GICR_ICPENDR0, b);
	gicr_wr(GICR_ICACTIVER0, b);
}

void gic_ppi_enable(u32 intid, int on)
{
	gicr_wr(on ? GICR_ISENABLER0 : GICR_ICENABLER0, 1u << intid);
}

unsigned gic_ppi_bit(u32 off, u32 intid)
{
	return (gicr_rd(off) >> intid) & 1;
}

unsigned gic_ppi_settle(u32 off, u32 intid, unsigned want)
{
	unsigned v = gic_ppi_bit(off, intid);
	for (unsigned i = 0; i < BOUND / 100 && v != want; i++)
		v = gic_ppi_bit(off, intid);
	return v;
}

static volatile u32 irq_taken;
static volatile int irq_eoi;
static void (*volatile irq_fn)(u32);

static void irq_handler(void)
{
	u64 iar = rd(R_ICC_IAR1_EL1);
	u32 id = (u32)iar & 0xffffff;
	if (irq_fn)
		irq_fn(id);
	if (irq_eoi && id < 1020)
		wr(R_ICC_EOIR1_EL1, iar);
	isb();
	if (irq_taken == 0xffffffffu)
		irq_taken = id;
	/* Do not come back before gic_take_irq() masks again: a second IRQ (or a spurious
	 * one) would overwrite nothing; mask PSTATE.I on return (SPSR_EL2.I). */
	wr(spsr_el2, rd(spsr_el2) | BIT(7));
}

u32 gic_take_irq(void (*hook)(u32 intid), int eoi)
{
	u64 hcr = rd(hcr_el2);
	irq_taken = 0xffffffffu;
	irq_fn = hook;
	irq_eoi = eoi;
	c_irq_hook = irq_handler;
	wr(hcr_el2, hcr | BIT(4)); /* IMO: physical IRQs to EL2 (DDI 0487 D1.3.x routing) */
	isb();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned i = 0; i < BOUND && irq_taken == 0xffffffffu; i++)
		__asm__ volatile("nop" ::: "memory");
	__asm__ volatile("msr daifset, #2" ::: "memory");
	wr(hcr_el2, hcr);
	isb();
	c_irq_hook = 0;
	irq_fn = 0;
	return irq_taken;
}
