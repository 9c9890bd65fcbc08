// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Interrupts of the example L0: the physical GICv3, L1's virtual CPU interface through
// the hardware list registers, and L2's interface as L1 describes it in its virtual
// ICH_*_EL2 registers.
#include <string.h>

#include "l0.h"

/* ------------------------------------------------------------- GIC, timer */
/*
 * Interrupts. L0 owns the physical GICv3 (distributor, this CPU's redistributor, the
 * EL2 CPU interface) and gives L1 a virtual CPU interface through the hardware list
 * registers (ICH_*_EL2). L1's own virtual ICH_*_EL2 registers (the VNCR page under
 * NV2, the trapped register file under NV) describe the interface L1 gives L2: L0
 * loads them into the hardware while L2 runs and saves them back when L2 exits.
 * The EL1 virtual timer (L2's) fires as a physical PPI to L0, which masks it
 * (CNTV_CTL_EL0.IMASK; L2's re-arm unmasks it), and makes it pending for L1 in an LR.
 * nvarm: the nested vGIC (LR merging, HW=1 translation through l1_intid_to_hw,
 * maintenance interrupts) and the timers primitive replace this section.
 */
#define GICD_CTLR	0x0000
#define GICD_CTLR_RWP	(1u << 31)
#define GICR_WAKER	0x0014
#define GICR_SGI	0x10000
#define GICR_IGROUPR0	(GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

/* The per-context GIC registers swapped between L1 and L2 (VNCR offsets under NV2). */
static const struct {
	uint32_t enc;
	int16_t vncr;
} gic_regs[] = {
    {ENC_ICH_HCR, 0x4c0},
    {ENC_ICH_VMCR, 0x4c8},
    {ENC_ICH_AP0R0, 0x480},
    {ENC_ICH_AP1R0, 0x4a0},
};

static struct {
	unsigned nlr;	     /* hardware list registers */
	uint64_t l1_lr[16];  /* L1's virtual CPU interface, while L2 runs */
	uint64_t l1_regs[4]; /* ... and its gic_regs[] */
} gic;

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

void gic_init(void)
{
	uint32_t ppi = m.timer_ppi[2]; /* EL1 virtual timer */
	unsigned spins = 0;

	gic.nlr = (unsigned)FIELD(hw_get(ENC(3, 4, 12, 11, 1)), 4, 0) + 1; /* ICH_VTR_EL2 */
	mmio_w32(m.gicd + GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0));   /* ARE, Grp1, Grp0 */
	while ((mmio_r32(m.gicd + GICD_CTLR) & GICD_CTLR_RWP) && ++spins < 1000000)
		;
	mmio_w32(m.gicr + GICR_WAKER, mmio_r32(m.gicr + GICR_WAKER) & ~(1u << 1));
	for (spins = 0; (mmio_r32(m.gicr + GICR_WAKER) & (1u << 2)) && spins < 1000000; spins++)
		;
	/* The hardware EL1 physical and virtual timers (backing the vCPU's timers, timer.c)
	 * and L0's own EL2 physical timer (deadlines of the emulated ones). */
	for (unsigned i = 1; i < 4; i++) {
		ppi = m.timer_ppi[i];
		mmio_w32(m.gicr + GICR_IGROUPR0, mmio_r32(m.gicr + GICR_IGROUPR0) | (1u << ppi));
		*(volatile uint8_t *)(uintptr_t)(m.gicr + GICR_IPRIORITYR + ppi) = 0x80;
		mmio_w32(m.gicr + GICR_ISENABLER0, 1u << ppi);
	}
	hw_set(ENC(3, 4, 12, 9, 5), hw_get(ENC(3, 4, 12, 9, 5)) | 0x9); /* ICC_SRE_EL2 SRE|En */
	isb();
	hw_set(ENC(3, 0, 4, 6, 0), 0xff); /* ICC_PMR_EL1 */
	hw_set(ENC(3, 0, 12, 12, 7), 1);  /* ICC_IGRPEN1_EL1 */
	hw_set(ENC_ICH_HCR, 1);		  /* En: L1's virtual CPU interface on */
	gic.l1_regs[0] = 1;
	isb();
	con_printf("l0: GICv3 up, %u list registers, timer PPIs %u %u %u routed to L0\n", gic.nlr,
		   m.timer_ppi[1], m.timer_ppi[2], m.timer_ppi[3]);
}

/* L2's GIC context lives in L1's virtual ICH_*_EL2 registers. */
static uint64_t *vgic_l2_slot(uint32_t enc, int vncr)
{
	/* nvarm's vEL2 file keeps ICH_*_EL2 at their VNCR offsets in both modes. */
	(void)enc;
	return vncr_slot(vncr);
}

static void vgic_save_hw(uint64_t *lrs, uint64_t *regs)
{
	for (unsigned n = 0; n < gic.nlr; n++)
		lrs[n] = hw_get(ENC_ICH_LR(n));
	for (unsigned i = 0; i < sizeof(gic_regs) / sizeof(gic_regs[0]); i++)
		regs[i] = hw_get(gic_regs[i].enc);
}

static void vgic_load_hw(const uint64_t *lrs, const uint64_t *regs)
{
	for (unsigned n = 0; n < gic.nlr; n++)
		hw_set(ENC_ICH_LR(n), lrs[n]);
	for (unsigned i = 0; i < sizeof(gic_regs) / sizeof(gic_regs[0]); i++)
		hw_set(gic_regs[i].enc, regs[i]);
	isb();
}

void vgic_save_l1(void)
{
	vgic_save_hw(gic.l1_lr, gic.l1_regs);
}

void vgic_load_l1(void)
{
	vgic_load_hw(gic.l1_lr, gic.l1_regs);
}

void vgic_save_l2(void)
{
	uint64_t lrs[16], regs[4];
	vgic_save_hw(lrs, regs);
	for (unsigned n = 0; n < gic.nlr; n++) {
		uint64_t *p = vgic_l2_slot(ENC_ICH_LR(n), 0x400 + 8 * (int)n);
		if (p)
			*p = lrs[n];
	}
	for (unsigned i = 0; i < sizeof(gic_regs) / sizeof(gic_regs[0]); i++) {
		uint64_t *p = vgic_l2_slot(gic_regs[i].enc, gic_regs[i].vncr);
		if (p)
			*p = regs[i];
	}
}

void vgic_load_l2(void)
{
	uint64_t lrs[16] = {0}, regs[4] = {0};
	for (unsigned n = 0; n < gic.nlr; n++) {
		uint64_t *p = vgic_l2_slot(ENC_ICH_LR(n), 0x400 + 8 * (int)n);
		lrs[n] = p ? *p : 0;
	}
	for (unsigned i = 0; i < sizeof(gic_regs) / sizeof(gic_regs[0]); i++) {
		uint64_t *p = vgic_l2_slot(gic_regs[i].enc, gic_regs[i].vncr);
		regs[i] = p ? *p : 0;
	}
	vgic_load_hw(lrs, regs);
}

/* Is an interrupt pending for L1 in its list registers (hardware ones while L1 runs)? */
bool vgic_l1_irq_pending(void)
{
	for (unsigned n = 0; n < gic.nlr; n++)
		if ((hw_get(ENC_ICH_LR(n)) & ICH_LR_STATE_MASK) == ICH_LR_STATE_PENDING)
			return true;
	return false;
}

/* Make @p intid pending for L1 (L1's context must be in the hardware). */
bool vgic_l1_inject(uint32_t intid)
{
	for (unsigned n = 0; n < gic.nlr; n++) {
		uint64_t lr = hw_get(ENC_ICH_LR(n));
		if ((lr & ICH_LR_STATE_MASK) == 0) {
			hw_set(ENC_ICH_LR(n), ICH_LR_STATE_PENDING | ICH_LR_GROUP1 |
						  (0x80ull << ICH_LR_PRIO_SHIFT) | intid);
			isb();
			return true;
		}
		if ((lr & 0xffffffffull) == intid) {
			/* Already pending; or active (L1 has not EOIed it yet): a new assertion
			 * makes it active and pending (GICv3 interrupt states), as a physical GIC
			 * does. */
			if (lr & ICH_LR_STATE_MASK & ~ICH_LR_STATE_PENDING) {
				hw_set(ENC_ICH_LR(n), lr | ICH_LR_STATE_PENDING);
				isb();
			}
			return true;
		}
	}
	return false;
}
