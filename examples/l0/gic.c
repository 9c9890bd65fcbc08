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
#ifdef L0_MSR_COUNT
	l0_msr_note_enc(enc, v);
#endif
	nvarm_bm_sysreg_write(enc, v);
}

/* This CPU's redistributor: the frame whose GICR_TYPER.Affinity is its MPIDR's (IHI 0069
 * 12.11.35; frames of 128 KiB, the last one says Last). */
static uint64_t gicr_of_this_cpu(const struct machine *m)
{
	uint64_t mp = read_sysreg(mpidr_el1);
	uint64_t aff = (FIELD(mp, 39, 32) << 24) | (FIELD(mp, 23, 16) << 16) |
		       (FIELD(mp, 15, 8) << 8) | FIELD(mp, 7, 0);

	for (uint64_t f = m->gicr; f + 0x20000 <= m->gicr + m->gicr_size; f += 0x20000) {
		uint64_t typer = *(volatile uint64_t *)(uintptr_t)(f + 0x8);

		if ((typer >> 32) == aff)
			return f;
		if (typer & (1u << 4))
			break;
	}
	panic("no redistributor for this CPU");
}

/* This CPU's part of the GIC: its redistributor awake, the timer PPIs and the kick SGI
 * (Group 1, priority 0x80, enabled), the EL2 CPU interface on. */
void gic_cpu_init(struct l0_pcpu *c, const struct machine *m)
{
	unsigned spins;

	c->nlr = (unsigned)FIELD(hw_get(ENC(3, 4, 12, 11, 1)), 4, 0) + 1; /* ICH_VTR_EL2 */
	c->gicr = gicr_of_this_cpu(m);
	mmio_w32(c->gicr + GICR_WAKER, mmio_r32(c->gicr + GICR_WAKER) & ~(1u << 1));
	for (spins = 0; (mmio_r32(c->gicr + GICR_WAKER) & (1u << 2)) && spins < 1000000; spins++)
		;
	/* The hardware EL1 physical and virtual timers (backing the vCPU's timers, timer.c)
	 * and L0's own EL2 physical timer (deadlines of the emulated ones). */
	for (unsigned i = 1; i < 4; i++)
		gic_ppi_enable(m->timer_ppi[i]);
	gic_ppi_enable(L0_KICK_SGI);
	hw_set(ENC(3, 4, 12, 9, 5), hw_get(ENC(3, 4, 12, 9, 5)) | 0x9); /* ICC_SRE_EL2 SRE|En */
	isb();
	hw_set(ENC(3, 0, 4, 6, 0), 0xff); /* ICC_PMR_EL1 */
	hw_set(ENC(3, 0, 12, 12, 7), 1);  /* ICC_IGRPEN1_EL1 */
	isb();
}

/* The distributor (once), then the boot CPU's part. */
void gic_init(struct l0_pcpu *c, const struct machine *m)
{
	unsigned spins = 0;

	mmio_w32(m->gicd + GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0)); /* ARE, Grp1, Grp0 */
	while ((mmio_r32(m->gicd + GICD_CTLR) & GICD_CTLR_RWP) && ++spins < 1000000)
		;
	gic_cpu_init(c, m);
	con_printf("l0: GICv3 up, %u list registers, timer PPIs %u %u %u routed to L0\n", c->nlr,
		   m->timer_ppi[1], m->timer_ppi[2], m->timer_ppi[3]);
}

/* Make the CPU with @p mpidr trap to L0: SGI L0_KICK_SGI to it alone (ICC_SGI1R_EL1: Aff3
 * [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16], RS [47:44], TargetList [15:0]). */
void gic_kick(uint64_t mpidr)
{
	unsigned aff0 = (unsigned)FIELD(mpidr, 7, 0);

	dsb(ishst); /* the state the kicked CPU will read, before the SGI */
	uint64_t sgi = (FIELD(mpidr, 39, 32) << 48) | (FIELD(mpidr, 23, 16) << 32) |
		       ((uint64_t)(aff0 / 16) << 44) | ((uint64_t)L0_KICK_SGI << 24) |
		       (FIELD(mpidr, 15, 8) << 16) | (1ull << (aff0 % 16));

	hw_set(NVARM_ENC_ICC_SGI1R_EL1, sgi);
	isb();
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
