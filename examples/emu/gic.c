// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Interrupts of the emulator embedding. Unicorn has no GIC, so this file is one:
//  - L1's GICv3, one CPU: distributor and redistributor (MMIO callbacks; SGIs and PPIs), and
//    the CPU interface L1 reaches with the ICC_* registers (acknowledge, priority drop,
//    deactivation, EOImode). PPIs are level-sensitive: the timers (timer.c) and L1's
//    maintenance interrupt drive their lines.
//  - the "hardware" of the nested vGIC: list registers, ICH_HCR/VMCR/AP1R in the host model's
//    register file, which nvarm's nested vGIC programs for L2 (nvarm_vgic_nested_entry) and
//    folds back for L1 (nvarm_vgic_nested_exit), and the virtual CPU interface L2 reaches
//    with the same ICC_* names (ICV: acknowledge, EOI, deactivation through HW=1 list
//    registers into L1's distributor, EOI maintenance, EOIcount).
//  - the hardware maintenance condition while L2 runs: the L0 exits L2, nvarm decides L1's
//    maintenance interrupt (PPI 25) and the L0 goes back to L2 unless L1 must take an IRQ.
#include <string.h>

#include "emu.h"

#define NLR	   4
#define LR_PENDING (1ull << 62)
#define LR_ACTIVE  (1ull << 63)
#define LR_HW	   (1ull << 61)
#define LR_GROUP1  (1ull << 60)
#define LR_EOI	   (1ull << 41)

static struct {
	uint32_t group, enable, latch, level, active;
	uint8_t prio[32];
	uint32_t gicd_ctlr, waker;
	/* L1's CPU interface */
	uint64_t pmr, igrpen1, ctlr;
	uint8_t running[16]; /* stack of active priorities (priority drop pops) */
	unsigned nrunning;
	bool l2_entered;
	uint64_t maint_exits, deact, l2_acks, l1_acks;
} g;

/* ------------------------------------------------------------ L1's GIC */

void gic_ppi_level(unsigned ppi, bool level)
{
	if (level)
		g.level |= 1u << ppi;
	else
		g.level &= ~(1u << ppi);
}

static uint32_t pending(void)
{
	return g.latch | g.level;
}

static unsigned running_prio(void)
{
	return g.nrunning ? g.running[g.nrunning - 1] : 0x100;
}

/* The highest-priority interrupt L1's CPU interface would signal, or 1023. */
static unsigned l1_hppi(void)
{
	unsigned best = 1023, bp = 0x100;
	uint32_t cand = pending() & g.enable & ~g.active & g.group;

	if (!(g.gicd_ctlr & 2) || !(g.igrpen1 & 1))
		return 1023;
	for (unsigned i = 0; i < 32; i++)
		if (((cand >> i) & 1) && g.prio[i] < bp) {
			best = i;
			bp = g.prio[i];
		}
	if (best == 1023 || bp >= g.pmr || bp >= running_prio())
		return 1023;
	return best;
}

bool gic_l1_irq_pending(void)
{
	return l1_hppi() != 1023;
}

static void l1_deactivate(unsigned intid)
{
	if (intid < 32)
		g.active &= ~(1u << intid);
}

int gic_icc_l1(uint32_t enc, bool read, uint64_t *v)
{
	if (enc == NVARM_ENC_ICC_IAR1_EL1 && read) {
		unsigned i = l1_hppi();
		if (i != 1023) {
			g.active |= 1u << i;
			g.latch &= ~(1u << i);
			if (g.nrunning < 16)
				g.running[g.nrunning++] = g.prio[i];
			g.l1_acks++;
		}
		*v = i;
	} else if (enc == NVARM_ENC_ICC_EOIR1_EL1 && !read) {
		if (g.nrunning)
			g.nrunning--;
		if (!(g.ctlr & 2))
			l1_deactivate((unsigned)(*v & 0xffffff));
	} else if (enc == NVARM_ENC_ICC_DIR_EL1 && !read) {
		l1_deactivate((unsigned)(*v & 0xffffff));
	} else if (enc == NVARM_ENC_ICC_PMR_EL1) {
		if (read)
			*v = g.pmr;
		else
			g.pmr = *v & 0xf8;
	} else if (enc == NVARM_ENC_ICC_IGRPEN1_EL1) {
		if (read)
			*v = g.igrpen1;
		else
			g.igrpen1 = *v & 1;
	} else if (enc == NVARM_ENC_ICC_CTLR_EL1) {
		/* PRIbits 5 (4 << 8), IDbits 16, EOImode [1] writable */
		if (read)
			*v = g.ctlr | (4u << 8);
		else
			g.ctlr = *v & 2;
	} else if (enc == NVARM_ENC_ICC_SRE_EL1) {
		if (read)
			*v = 7;
	} else if (enc == NVARM_ENC_ICC_HPPIR1_EL1 && read) {
		*v = l1_hppi();
	} else if (enc == NVARM_ENC_ICC_SGI1R_EL1 && !read) {
		/* TargetList [15:0] with Aff1-3 = 0 or IRM: our one CPU */
		if ((*v & 1) || ((*v >> 40) & 1))
			g.latch |= 1u << ((*v >> 24) & 0xf);
	} else if (read) {
		*v = 0; /* BPR, APRs, RPR...: not modelled */
	}
	return 0;
}

/* L1's maintenance interrupt from its virtual ICH_* state. Under FEAT_NV2 L1 writes most of
 * them to the VNCR page without a trap: an access to its GIC (an MMIO trap on hardware) and
 * every return to the run loop look again. */
void gic_l1_maint_sync(void)
{
	if (E.in_l2 || g.l2_entered)
		return;
	if (E.mode == MODE_NV2)
		nvarm_vgic_vstate_sanitize(&E.vgic, E.vgic_v);
	gic_ppi_level(PPI_MAINT, nvarm_vgic_maint_pending(&E.vgic, E.vgic_v));
}

uint64_t gicd_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
	(void)uc;
	(void)size;
	(void)user;
	E.st.mmio++;
	switch (off) {
	case 0x0:
		return g.gicd_ctlr | (1u << 6); /* DS: one Security state */
	case 0x4:
		return 0; /* TYPER: 32 INTIDs */
	case 0xffe8:
		return 0x3b; /* PIDR2: GICv3 */
	default:
		return 0;
	}
}

void gicd_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
	(void)uc;
	(void)size;
	(void)user;
	E.st.mmio++;
	E.irq_poll = true;
	if (off == 0)
		g.gicd_ctlr = (uint32_t)v & 0x13;
}

uint64_t gicr_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
	(void)uc;
	(void)user;
	E.st.mmio++;
	gic_l1_maint_sync();
	if (off >= 0x10400 && off < 0x10420) {
		uint64_t r = 0;
		for (unsigned i = 0; i < size; i++)
			r |= (uint64_t)g.prio[off - 0x10400 + i] << (8 * i);
		return r;
	}
	switch (off) {
	case 0x0008:
		return 1u << 4; /* TYPER.Last */
	case 0x0014:
		return g.waker;
	case 0xffe8:
		return 0x3b;
	case 0x10080:
		return g.group;
	case 0x10100:
	case 0x10180:
		return g.enable;
	case 0x10200:
	case 0x10280:
		return pending();
	case 0x10300:
	case 0x10380:
		return g.active;
	case 0x10c04:
		return 0; /* PPIs level-sensitive */
	default:
		return 0;
	}
}

void gicr_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
	(void)uc;
	(void)user;
	E.st.mmio++;
	if (off >= 0x10400 && off < 0x10420) {
		for (unsigned i = 0; i < size; i++)
			g.prio[off - 0x10400 + i] = (uint8_t)((v >> (8 * i)) & 0xf8);
		return;
	}
	uint32_t w = (uint32_t)v;
	E.irq_poll = true;
	switch (off) {
	case 0x0014: /* ProcessorSleep [1]; ChildrenAsleep [2] follows it */
		g.waker = (w & 2) | ((w & 2) << 1);
		break;
	case 0x10080:
		g.group = w;
		break;
	case 0x10100:
		g.enable |= w;
		break;
	case 0x10180:
		g.enable &= ~w;
		break;
	case 0x10200:
		g.latch |= w;
		break;
	case 0x10280:
		g.latch &= ~w;
		break;
	case 0x10300:
		g.active |= w;
		break;
	case 0x10380:
		g.active &= ~w;
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ L2's virtual CPU interface */

static uint64_t hw_get(uint32_t enc)
{
	return nvarm_host_model_get_reg(&E.hm, enc);
}

static void hw_set(uint32_t enc, uint64_t v)
{
	nvarm_host_model_set_reg(&E.hm, enc, v);
}

static uint32_t lr_enc(unsigned n)
{
	return NVARM_SYSREG_ENC(3, 4, 12, 12 + (n >> 3), n & 7);
}

static unsigned vprio(uint64_t lr)
{
	return (unsigned)((lr >> 48) & 0xf8);
}

static unsigned v_running(void)
{
	uint64_t ap = hw_get(NVARM_ENC_ICH_AP1R0_EL2);
	return ap ? (unsigned)__builtin_ctzll(ap) << 3 : 0x100;
}

/* The list register L2's virtual CPU interface would signal, or -1. */
static int v_hppi(void)
{
	uint64_t hcr = hw_get(NVARM_ENC_ICH_HCR_EL2), vmcr = hw_get(NVARM_ENC_ICH_VMCR_EL2);
	unsigned vpmr = (unsigned)(vmcr >> 24) & 0xff, bp = 0x100;
	int best = -1;

	if (!(hcr & 1) || !(vmcr & 2))
		return -1;
	for (unsigned n = 0; n < NLR; n++) {
		uint64_t lr = hw_get(lr_enc(n));
		if ((lr & (LR_PENDING | LR_ACTIVE)) != LR_PENDING || !(lr & LR_GROUP1))
			continue;
		if (vprio(lr) < bp) {
			bp = vprio(lr);
			best = (int)n;
		}
	}
	if (best < 0 || bp >= vpmr || bp >= v_running())
		return -1;
	return best;
}

bool gic_l2_virq_pending(void)
{
	return g.l2_entered && v_hppi() >= 0;
}

static void v_deactivate(uint32_t intid)
{
	for (unsigned n = 0; n < NLR; n++) {
		uint64_t lr = hw_get(lr_enc(n));
		if (!(lr & LR_ACTIVE) || (uint32_t)lr != intid)
			continue;
		lr &= ~LR_ACTIVE;
		if (lr & LR_HW) {
			/* HW = 1: the physical interrupt (L1's, in this machine) is deactivated */
			l1_deactivate((unsigned)((lr >> 32) & 0x1fff));
			g.deact++;
		}
		hw_set(lr_enc(n), lr);
		return;
	}
	/* no list register holds it: ICH_HCR_EL2.EOIcount [31:27] counts it */
	uint64_t hcr = hw_get(NVARM_ENC_ICH_HCR_EL2);
	hw_set(NVARM_ENC_ICH_HCR_EL2,
	       (hcr & ~(0x1full << 27)) | ((((hcr >> 27) + 1) & 0x1f) << 27));
}

int gic_icv_l2(uint32_t enc, bool read, uint64_t *v)
{
	uint64_t vmcr = hw_get(NVARM_ENC_ICH_VMCR_EL2);

	if (enc == NVARM_ENC_ICC_IAR1_EL1 && read) {
		int n = v_hppi();
		if (n < 0) {
			*v = 1023;
			return 0;
		}
		uint64_t lr = hw_get(lr_enc((unsigned)n));
		hw_set(lr_enc((unsigned)n), (lr & ~LR_PENDING) | LR_ACTIVE);
		hw_set(NVARM_ENC_ICH_AP1R0_EL2,
		       hw_get(NVARM_ENC_ICH_AP1R0_EL2) | (1ull << (vprio(lr) >> 3)));
		*v = (uint32_t)lr;
		g.l2_acks++;
	} else if (enc == NVARM_ENC_ICC_EOIR1_EL1 && !read) {
		uint64_t ap = hw_get(NVARM_ENC_ICH_AP1R0_EL2);
		if (ap)
			hw_set(NVARM_ENC_ICH_AP1R0_EL2, ap & (ap - 1)); /* priority drop */
		if (!(vmcr & (1u << 9))) /* VEOIM = 0: deactivate too */
			v_deactivate((uint32_t)(*v & 0xffffff));
	} else if (enc == NVARM_ENC_ICC_DIR_EL1 && !read) {
		v_deactivate((uint32_t)(*v & 0xffffff));
	} else if (enc == NVARM_ENC_ICC_PMR_EL1) {
		if (read)
			*v = (vmcr >> 24) & 0xff;
		else
			hw_set(NVARM_ENC_ICH_VMCR_EL2,
			       (vmcr & ~(0xffull << 24)) | ((*v & 0xf8) << 24));
	} else if (enc == NVARM_ENC_ICC_IGRPEN1_EL1) {
		if (read)
			*v = (vmcr >> 1) & 1;
		else
			hw_set(NVARM_ENC_ICH_VMCR_EL2, (vmcr & ~2ull) | ((*v & 1) << 1));
	} else if (enc == NVARM_ENC_ICC_CTLR_EL1) {
		if (read)
			*v = (4u << 8) | (((vmcr >> 9) & 1) << 1);
		else
			hw_set(NVARM_ENC_ICH_VMCR_EL2,
			       (vmcr & ~(1ull << 9)) | (((*v >> 1) & 1) << 9));
	} else if (enc == NVARM_ENC_ICC_SRE_EL1) {
		if (read)
			*v = 7;
	} else if (enc == NVARM_ENC_ICC_BPR1_EL1) { /* ICH_VMCR_EL2.VBPR1 [20:18] */
		if (read)
			*v = (vmcr >> 18) & 7;
		else
			hw_set(NVARM_ENC_ICH_VMCR_EL2, (vmcr & ~(7ull << 18)) | ((*v & 7) << 18));
	} else if (read) {
		*v = 0;
	}
	return 0;
}

/* The hardware maintenance condition of the list registers loaded for L2 (EOI, underflow,
 * no pending, EOIcount): the physical maintenance interrupt of an L0 on real hardware. */
static bool hw_maint(void)
{
	uint64_t hcr = hw_get(NVARM_ENC_ICH_HCR_EL2);
	unsigned valid = 0, pend = 0;
	bool eoi = false;

	if (!(hcr & 1))
		return false;
	for (unsigned n = 0; n < NLR; n++) {
		uint64_t lr = hw_get(lr_enc(n));
		if (lr >> 62)
			valid++;
		if (lr & LR_PENDING)
			pend++;
		if (!(lr >> 62) && !(lr & LR_HW) && (lr & LR_EOI))
			eoi = true;
	}
	return eoi || ((hcr & 2) && valid <= 1) || ((hcr & 4) && (hcr >> 27)) ||
	       ((hcr & 8) && !pend);
}

void gic_l2_enter(void)
{
	if (g.l2_entered)
		return;
	if (nvarm_vgic_nested_entry(&E.vgic, E.vgic_v))
		fatal("nvarm_vgic_nested_entry failed");
	g.l2_entered = true;
}

void gic_l2_exit(void)
{
	struct nvarm_vgic_exit res;

	if (!g.l2_entered)
		return;
	if (nvarm_vgic_nested_exit(&E.vgic, E.vgic_v, &res))
		fatal("nvarm_vgic_nested_exit failed");
	g.l2_entered = false;
	for (unsigned i = 0; i < res.ndeact; i++)
		l1_deactivate(res.deact[i]);
	gic_ppi_level(PPI_MAINT, res.maint);
}

/* While L2 runs: the hardware maintenance interrupt makes the L0 look (exit, nvarm decides
 * L1's maintenance level, enter again). @return true when L1 must now take an IRQ. */
bool gic_l2_maint_check(void)
{
	if (!g.l2_entered || !hw_maint())
		return false;
	g.maint_exits++;
	gic_l2_exit();
	if (gic_l1_irq_pending())
		return true; /* the caller takes L1's IRQ (world switch) */
	gic_l2_enter();
	return false;
}

static int intid_to_hw(void *ctx, uint32_t l1_intid, uint32_t *hw_intid)
{
	(void)ctx;
	if (l1_intid < 16 || l1_intid > 31)
		return NVARM_ERR_NOENT;
	*hw_intid = l1_intid; /* L1's PPIs are this machine's: the same INTIDs */
	return 0;
}

void gic_init(void)
{
	/* ICH_VTR_EL2 of the "hardware": 5 priority and preemption bits, 24-bit IDs, A3V, nV4,
	 * TDS, 4 list registers (QEMU's GICv3 CPU interface) */
	hw_set(NVARM_ENC_ICH_VTR_EL2, (4ull << 29) | (4ull << 26) | (1ull << 23) | (1ull << 21) |
					  (1ull << 20) | (1ull << 19) | (NLR - 1));
	E.ops.l1_intid_to_hw = intid_to_hw;
	const struct nvarm_vgic_config cfg = {.nr_lr = NLR, .maint_priority = 0xa0};
	if (nvarm_vgic_cpu_init(&E.vgic, &E.ops, &cfg)) {
		EMU_LOG("emu: nvarm_vgic_cpu_init failed\n");
		fatal("vgic");
	}
	E.vgic_v = (struct nvarm_vgic_vstate *)(void *)(E.vncr + NVARM_VGIC_VNCR_OFFSET);
	nvarm_vgic_vstate_reset(&E.vgic, E.vgic_v);
	g.waker = 6;
	g.pmr = 0;
}

void gic_stats(void)
{
	printf(" gic_l1_acks=%llu gic_l2_acks=%llu hw_deactivations=%llu maint_exits=%llu",
	       (unsigned long long)g.l1_acks, (unsigned long long)g.l2_acks,
	       (unsigned long long)g.deact, (unsigned long long)g.maint_exits);
}

void gic_dump(void)
{
	EMU_LOG("gic: ctlr 0x%x group 0x%x enable 0x%x latch 0x%x level 0x%x active 0x%x pmr 0x%lx "
		"igrpen1 %lu prio27 0x%x running 0x%x hppi %u\n",
		g.gicd_ctlr, g.group, g.enable, g.latch, g.level, g.active, (unsigned long)g.pmr,
		(unsigned long)g.igrpen1, g.prio[27], running_prio(), l1_hppi());
}

void *gic_state(size_t *n)
{
	*n = sizeof(g);
	return &g;
}
