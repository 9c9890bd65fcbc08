// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The physical GICv3 of the example L0 (its distributor, this CPU's redistributor, the EL2
// CPU interface), and system-register access by encoding through the bare-metal shim.
#include <string.h>

#include "l0.h"

/* ------------------------------------------------------------------ GIC */
/*
 * Interrupts. L0 owns the physical GICv3 (distributor, this CPU's redistributor, the
 * EL2 CPU interface). L1's virtual CPU interface (L0's list registers for L1) and the
 * interface L1 gives L2 (L1's virtual ICH_*_EL2, loaded into the hardware while L2
 * runs) are nvarm's nested vGIC: see nested_vgic.c.
 * The timer PPIs (the hardware EL1 timers and L0's own EL2 physical timer) are taken
 * by L0 and handed to nvarm's vtimer (timer.c), which says whose timer fired.
 */
#define GICD_CTLR	0x0000
#define GICD_CTLR_RWP	(1u << 31)
#define GICR_WAKER	0x0014
#define GICR_SGI	0x10000
#define GICR_IGROUPR0	(GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

static void mmio_w32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static uint32_t mmio_r32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

uint64_t hw_get(uint32_t enc)
{
	uint64_t v = 0;
	nvarm_bm_sysreg_read(enc, &v);
	return v;
}

void hw_set(uint32_t enc, uint64_t v)
{
	nvarm_bm_sysreg_write(enc, v);
}

void gic_init(struct l0_pcpu *c, const struct machine *m)
{
	uint32_t ppi;
	unsigned spins = 0;

	c->nlr = (unsigned)FIELD(hw_get(ENC(3, 4, 12, 11, 1)), 4, 0) + 1; /* ICH_VTR_EL2 */
	c->gicr = m->gicr; /* the first redistributor: this CPU (one CPU) */
	mmio_w32(m->gicd + GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0)); /* ARE, Grp1, Grp0 */
	while ((mmio_r32(m->gicd + GICD_CTLR) & GICD_CTLR_RWP) && ++spins < 1000000)
		;
	mmio_w32(c->gicr + GICR_WAKER, mmio_r32(c->gicr + GICR_WAKER) & ~(1u << 1));
	for (spins = 0; (mmio_r32(c->gicr + GICR_WAKER) & (1u << 2)) && spins < 1000000; spins++)
		;
	/* The hardware EL1 physical and virtual timers (backing the vCPU's timers, timer.c)
	 * and L0's own EL2 physical timer (deadlines of the emulated ones). */
	for (unsigned i = 1; i < 4; i++) {
		ppi = m->timer_ppi[i];
		mmio_w32(c->gicr + GICR_IGROUPR0, mmio_r32(c->gicr + GICR_IGROUPR0) | (1u << ppi));
		*(volatile uint8_t *)(uintptr_t)(c->gicr + GICR_IPRIORITYR + ppi) = 0x80;
		mmio_w32(c->gicr + GICR_ISENABLER0, 1u << ppi);
	}
	hw_set(ENC(3, 4, 12, 9, 5), hw_get(ENC(3, 4, 12, 9, 5)) | 0x9); /* ICC_SRE_EL2 SRE|En */
	isb();
	hw_set(ENC(3, 0, 4, 6, 0), 0xff); /* ICC_PMR_EL1 */
	hw_set(ENC(3, 0, 12, 12, 7), 1);  /* ICC_IGRPEN1_EL1 */
	isb();
	con_printf("l0: GICv3 up, %u list registers, timer PPIs %u %u %u routed to L0\n", c->nlr,
		   m->timer_ppi[1], m->timer_ppi[2], m->timer_ppi[3]);
}

/* Is @p ppi active in this CPU's redistributor (GICR_ISACTIVER0)? */
unsigned gic_ppi_active(uint32_t ppi)
{
	return (mmio_r32(l0_this_cpu()->gicr + GICR_SGI + 0x300) >> ppi) & 1;
}

/* Make @p ppi active (GICR_ISACTIVER0): an interrupt L0 took and hands on with HW=1. */
void gic_ppi_activate(uint32_t ppi)
{
	mmio_w32(l0_this_cpu()->gicr + GICR_SGI + 0x300, 1u << ppi);
	dsb(sy);
}

/* Clear @p ppi's active state (GICR_ICACTIVER0). */
void gic_ppi_deactivate(uint32_t ppi)
{
	mmio_w32(l0_this_cpu()->gicr + GICR_SGI + 0x380, 1u << ppi);
	dsb(sy);
}

/* Group 1, priority 0x80, enabled: a PPI that L0 takes (this CPU's redistributor). */
void gic_ppi_enable(uint32_t ppi)
{
	mmio_w32(l0_this_cpu()->gicr + GICR_IGROUPR0,
		 mmio_r32(l0_this_cpu()->gicr + GICR_IGROUPR0) | (1u << ppi));
	*(volatile uint8_t *)(uintptr_t)(l0_this_cpu()->gicr + GICR_IPRIORITYR + ppi) = 0x80;
	mmio_w32(l0_this_cpu()->gicr + GICR_ISENABLER0, 1u << ppi);
}
