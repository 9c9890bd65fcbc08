// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Timers of the example L0: nvarm's vtimer gives L1's vCPU the four Generic Timers of
// an EL2 CPU (include/nvarm/vtimer.h). The hardware EL1 physical/virtual timers back
// L1's EL2 physical/virtual timers (CNTHP/CNTHV) while L1 runs and L2's EL1 timers
// (CNTP/CNTV) while L2 runs; the other two are emulated, and L0 arms its own EL2
// physical timer (CNTHP_EL2, PPI 26 in L0's world) for the earliest emulated deadline.
//
// The contract with nvarm (computed values, no callbacks): before a call that takes the
// hardware mirror, L0 reads the guest-writable timer registers into it (pull); after
// it, L0 writes the registers nvarm flagged dirty (push).
//
// Delivery: each timer is a level into L1's emulated redistributor (vgicd_line), asserted
// while ENABLE && !IMASK && ISTATUS as the guest sees its timer; vgicd.c forwards it to L1
// if L1's GIC lets it through (and makes L2 exit for it only then). Once L0 has seen a
// timer assert (its PPI, or an emulated deadline), nvarm_vtimer_ack() masks it for L0 (the
// hardware line, L0's deadline) until the guest re-arms it: a CTL, CVAL or TVAL write, seen
// when it traps or by nvarm_vtimer_sync() after an exit. The guest's CTL is not changed: while
// a hardware timer is masked (IMASK in it), nvarm's CNTHCTL_EL2 for the hardware traps the
// guest's accesses to it (route.c hands L2's to l0_vtimer_sysreg), so neither L2 nor an E2H=1
// L1 reads the L0's IMASK, and their first write re-arms at once. The level L1's GIC sees
// drops when the re-arm moves the condition into the future or masks the timer.
#include <nvarm/vtimer.h>

#include "l0.h"

#define ENC_CNTPCT     ENC(3, 3, 14, 0, 1)
#define ENC_CNTHP_CTL  ENC(3, 4, 14, 2, 1) /* L0's own EL2 physical timer (E2H=0 host) */
#define ENC_CNTHP_CVAL ENC(3, 4, 14, 2, 2)

static void drop_l2_timer_window(void);

static struct nvarm_vtimer vt;
static struct nvarm_vtimer_hw vt_hw;

static struct {
	uint64_t delivered[NVARM_VTIMER_COUNT]; /* interrupts delivered per vCPU timer */
	uint64_t emulated; /* ... of which by an emulated timer (the others: hardware-backed) */
	uint64_t hw_irqs, deadline_irqs, spurious;
	uint64_t win_traps, windows_dropped; /* see deliver() */
	uint64_t masked_traps; /* L2's accesses to a timer L0 masked (l0_vtimer_l2_trap) */
} ts;

/* Write order for the dirty slots: CNTHCTL and the offsets before the timers, CVAL before
 * CTL (nvarm's "offsets first" rule: a timer never runs in the wrong frame). */
static const uint8_t push_order[NVARM_VTIMER_HWREG_COUNT] = {
    NVARM_VTIMER_HWREG_CNTHCTL, NVARM_VTIMER_HWREG_CNTVOFF, NVARM_VTIMER_HWREG_CNTPOFF,
    NVARM_VTIMER_HWREG_CNTKCTL, NVARM_VTIMER_HWREG_P_CVAL,  NVARM_VTIMER_HWREG_V_CVAL,
    NVARM_VTIMER_HWREG_P_CTL,	NVARM_VTIMER_HWREG_V_CTL,
};

static uint64_t hw_now(void)
{
	return read_sysreg(cntpct_el0); /* at EL2: the hardware count, no offset */
}

/*
 * L0's own deadline timer (CNTHP) as last programmed. Reprogramming a timer is costly in
 * an emulator (QEMU re-arms a host timer and kicks its main loop, several microseconds)
 * and most traps leave the next deadline where it was: write it only when it moves.
 */
static struct {
	bool on;
	uint64_t cval;
} l0_deadline;

static void l0_deadline_set(bool on, uint64_t cval)
{
	if (on == l0_deadline.on && (!on || cval == l0_deadline.cval))
		return;
	if (on) {
		hw_set(ENC_CNTHP_CVAL, cval);
		hw_set(ENC_CNTHP_CTL, NVARM_CNT_CTL_ENABLE);
	} else {
		hw_set(ENC_CNTHP_CTL, 0);
	}
	isb();
	l0_deadline.on = on, l0_deadline.cval = cval;
}

/* After an exit: the registers the guest changes without trapping, into the mirror. */
/*
 * The timer registers by encoding with direct MRS/MSR (the world switch and every trap
 * move several of them; the bare-metal shim's table lookup costs tens of instructions
 * each); anything else through the shim.
 */
static uint64_t timer_hw_get(uint32_t enc)
{
	switch (enc) {
	case NVARM_ENC_CNTP_CTL_EL0:
		return read_sysreg(cntp_ctl_el0);
	case NVARM_ENC_CNTP_CVAL_EL0:
		return read_sysreg(cntp_cval_el0);
	case NVARM_ENC_CNTV_CTL_EL0:
		return read_sysreg(cntv_ctl_el0);
	case NVARM_ENC_CNTV_CVAL_EL0:
		return read_sysreg(cntv_cval_el0);
	case NVARM_ENC_CNTKCTL_EL1:
		return read_sysreg(cntkctl_el1);
	case NVARM_ENC_CNTP_CTL_EL02:
		return read_sysreg(s3_5_c14_c2_1);
	case NVARM_ENC_CNTP_CVAL_EL02:
		return read_sysreg(s3_5_c14_c2_2);
	case NVARM_ENC_CNTV_CTL_EL02:
		return read_sysreg(s3_5_c14_c3_1);
	case NVARM_ENC_CNTV_CVAL_EL02:
		return read_sysreg(s3_5_c14_c3_2);
	case NVARM_ENC_CNTKCTL_EL12:
		return read_sysreg(s3_5_c14_c1_0);
	default:
		return hw_get(enc);
	}
}

static void pull(void)
{
	for (unsigned n = 0; n < NVARM_VTIMER_HWREG_COUNT; n++)
		if (NVARM_VTIMER_HW_GUEST_MASK & (1u << n))
			vt_hw.reg[n] = timer_hw_get(nvarm_vtimer_hw_reg_enc(&vt, n));
}

/* Before the entry: what nvarm changed, into the hardware. */
static void push(void)
{
	if (!vt_hw.dirty)
		return;
	for (unsigned i = 0; i < NVARM_VTIMER_HWREG_COUNT; i++) {
		unsigned n = push_order[i];
		if (vt_hw.dirty & (1u << n))
			hw_set(nvarm_vtimer_hw_reg_enc(&vt, n), vt_hw.reg[n]);
	}
	vt_hw.dirty = 0;
	isb();
}

static void check(int r, const char *what)
{
	if (r < 0) {
		con_printf("l0: %s: %d\n", what, r);
		l0_shutdown("nvarm vtimer call failed");
	}
}

/* vCPU creation and load: PPIs from the DT timer node, the VM's E2H and ECV. */
static bool vt_ready; /* l0_vtimer_init done */

void l0_vtimer_init(void)
{
	struct nvarm_vtimer_config c;

	nvarm_vtimer_config_default(&c);
	c.ppi[NVARM_VTIMER_EL1_PHYS] = m.timer_ppi[1]; /* non-secure physical */
	c.ppi[NVARM_VTIMER_EL1_VIRT] = m.timer_ppi[2];
	c.ppi[NVARM_VTIMER_EL2_PHYS] = m.timer_ppi[3]; /* hypervisor physical */
	/* The EL2 virtual timer keeps nvarm's default (28): QEMU's DT lists four PPIs. */
	c.host_cnthctl = NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN;
	c.vncr = vcpu.mode == MODE_NV2 ? vncr_page : NULL;
	if (FIELD(read_sysreg(id_aa64mmfr0_el1), 63, 60) >= 2)
		c.flags |= NVARM_VTIMER_F_HW_ECV; /* CNTPOFF_EL2, CNTHCTL_EL2.EL1TVT/EL1TVCT */
	/*
	 * L0's offset: L1's physical count is the hardware's minus this. Non-zero needs a
	 * working CNTPOFF_EL2, which QEMU's virt machine without EL3 does not give (observed:
	 * with half the uptime as offset, L1 and L2 still read the raw physical count while
	 * nvarm computes in the offset frame; the architecture applies CNTPOFF_EL2 only with
	 * SCR_EL3.ECVEn=1, and no firmware sets it here).
	 */
	c.l0_offset = 0;
	if (vcpu.cfg.features & NVARM_VMF_ECV)
		c.flags |= NVARM_VTIMER_F_ECV;
	check(nvarm_vtimer_init(&vt, &c), "nvarm_vtimer_init");
	check(nvarm_vtimer_set_e2h(&vt, NULL, vcpu.vhe), "nvarm_vtimer_set_e2h");
	check(nvarm_vtimer_activate(&vt, &vt_hw, hw_now()), "nvarm_vtimer_activate");
	push();
	vt_ready = true;
	hw_set(ENC_CNTHP_CTL, 0);
	l0_deadline.on = false;
	con_printf("l0: vtimer: PPIs CNTP %u CNTV %u CNTHP %u CNTHV %u, L1 offset 0x%lx, hardware "
		   "CNTHCTL_EL2=0x%lx\n",
		   c.ppi[0], c.ppi[1], c.ppi[2], c.ppi[3], c.l0_offset,
		   nvarm_vtimer_hw_cnthctl(&vt));
}

/* L1 changed its HCR_EL2.E2H (world_l1_load; before l0_vtimer_init, init reads vcpu.vhe). */
void l0_vtimer_set_e2h(bool e2h)
{
	if (!vt_ready)
		return;
	pull();
	check(nvarm_vtimer_set_e2h(&vt, &vt_hw, e2h), "nvarm_vtimer_set_e2h");
	push();
}

/* World switch: the hardware timers now back the timers of the context that runs. */
void l0_vtimer_switch(bool to_l2)
{
	pull();
	check(nvarm_vtimer_switch(&vt, &vt_hw, to_l2 ? NVARM_VTIMER_CTX_L2 : NVARM_VTIMER_CTX_L1,
				  hw_now()),
	      "nvarm_vtimer_switch");
	push();
}

/*
 * A trapped timer or counter register access. Returns L0_VT_NONE when @p t is not one
 * (the caller goes on), L0_VT_DONE (read value in *val), L0_VT_UNDEF, or L0_VT_TO_L1
 * when an access from L2 belongs to L1 (L1's CNTHCTL_EL2 traps it).
 */
int l0_vtimer_sysreg(const struct nvarm_trap *t, uint64_t *val)
{
	int r;

	if (NVARM_SYSREG_OP0(t->enc) != 3 || NVARM_SYSREG_CRN(t->enc) != 14)
		return L0_VT_NONE; /* every timer and counter register has CRn = 14 */
	if (vcpu.in_l2 && nvarm_vtimer_l2_trap_to_l1(&vt, t->enc) == 1)
		return L0_VT_TO_L1;
	pull();
	r = t->is_read ? nvarm_vtimer_sysreg_read(&vt, &vt_hw, t->enc, hw_now(), val)
		       : nvarm_vtimer_sysreg_write(&vt, &vt_hw, t->enc, hw_now(), *val);
	push();
	if (r == NVARM_ERR_NOENT)
		return L0_VT_NONE;
	if (!vcpu.in_l2)
		drop_l2_timer_window(); /* L1 programs a timer */
	if (r == NVARM_ERR_BAD_ENCODING)
		return L0_VT_UNDEF;
	check(r, "nvarm_vtimer_sysreg_read/write");
	return L0_VT_DONE;
}

/*
 * A trap from L2 that nvarm's routing leaves to L0 (L1 did not ask for it): true when it is
 * a timer register access L0 trapped for itself (a masked hardware timer), now done.
 */
bool l0_vtimer_l2_trap(struct l0_frame *f, const struct nvarm_trap *t)
{
	uint64_t v = t->is_read || t->rt == 31 ? 0 : f->x[t->rt];

	if (l0_vtimer_sysreg(t, &v) != L0_VT_DONE)
		return false;
	if (t->is_read && t->rt != 31)
		f->x[t->rt] = v;
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
	ts.masked_traps++;
	st.handled++;
	return true;
}

/*
 * L1's CNTHCTL_EL2 as L1 reads it. Its one owner is nvarm's vtimer (L1's MRS/MSR of it trap
 * to l0_vtimer_sysreg, never into the vEL2 register file); the trap forwarding for L2
 * (route.c) takes it from here.
 */
uint64_t l0_vtimer_l1_cnthctl(void)
{
	uint64_t v = 0;

	pull();
	check(nvarm_vtimer_l1_cnthctl(&vt, &vt_hw, &v), "nvarm_vtimer_l1_cnthctl");
	return v;
}

/*
 * l0_traps_per_l2_timer_irq charges every trap from L2's timer exit to the next L2 entry.
 * When L1 also works on its own timers inside that window (one fires, or L1 programs
 * one), the window measures both: it is dropped from the ratio (and counted).
 */
static void drop_l2_timer_window(void)
{
	if (st.cur != EXIT_IRQ)
		return;
	st.kind_traps[EXIT_IRQ] = ts.win_traps;
	st.kind_exits[EXIT_IRQ]--;
	st.cur = EXIT_NONE;
	ts.windows_dropped++;
}

/* Timer @p timer asserts its interrupt: a level into L1's emulated redistributor. While L2
 * runs, L2 exits to L1 (an IRQ exception into its vEL2) only if L1's GIC would take it. */
static void deliver(unsigned timer, uint32_t ppi)
{
	bool l2_timer = timer == NVARM_VTIMER_EL1_VIRT || timer == NVARM_VTIMER_EL1_PHYS;

	ts.delivered[timer]++;
	if (timer == NVARM_VTIMER_EL1_VIRT)
		st.timer_irqs++;
	if (!l2_timer)
		drop_l2_timer_window();
	vgicd_line(ppi, true);
	if (!vcpu.in_l2 || !vgic_l2_should_exit())
		return; /* L1 runs: vgic_l1_flush forwards it before L1 runs again */
	if (l2_timer) {
		ts.win_traps = st.kind_traps[EXIT_IRQ];
		l2_exit(EXIT_IRQ);
	}
	forward_to_l1_vec(VEC_LOWER_IRQ, 0, 0, 0, ppi);
}

/* The level of each timer as its guest sees it (ENABLE, !IMASK, ISTATUS; nvarm's view,
 * without L0's mask): drops reach L1's emulated redistributor (a re-armed or disabled
 * timer's pending state is withdrawn), and so does an assertion L0 has not taken yet. */
static void levels(void)
{
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r;

		check(nvarm_vtimer_get(&vt, &vt_hw, t, hw_now(), &r), "nvarm_vtimer_get");
		if ((r.ctl & 7) != (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_ISTATUS))
			vgicd_line((uint32_t)nvarm_vtimer_ppi(&vt, t), false);
	}
}

/* An emulated timer asserts its interrupt: mask it (nvarm_vtimer_ack) and deliver it. */
static void deliver_emulated(unsigned timer)
{
	int r = nvarm_vtimer_ack(&vt, &vt_hw, timer, hw_now());

	check(r, "nvarm_vtimer_ack");
	if (r == 1) {
		ts.emulated++;
		deliver(timer, (uint32_t)nvarm_vtimer_ppi(&vt, timer));
	}
}

/*
 * A physical interrupt: the hardware EL1 physical/virtual timer (backing a vCPU timer)
 * or L0's own EL2 physical timer (an emulated deadline). Returns false for other INTIDs.
 */
bool l0_vtimer_irq(uint32_t intid, uint64_t iar)
{
	int hwt = intid == m.timer_ppi[1]   ? NVARM_VTIMER_HW_PHYS
		  : intid == m.timer_ppi[2] ? NVARM_VTIMER_HW_VIRT
					    : -1;

	if (intid == m.timer_ppi[3]) {
		/* L0's deadline timer: quiet it; l0_vtimer_resume() delivers and re-arms. */
		hw_set(ENC_CNTHP_CTL, 0);
		l0_deadline.on = false;
		hw_set(ENC_ICC_EOIR1, iar);
		isb();
		ts.deadline_irqs++;
		return true;
	}
	if (hwt < 0)
		return false;
	/* Whose timer fired, and quiet its level-sensitive line (IMASK, in the hardware)
	 * before the EOI; 0: the line dropped before L0 looked (reprogrammed, switched). */
	unsigned timer = (unsigned)nvarm_vtimer_hw_backing(&vt, (unsigned)hwt);
	pull();
	int r = nvarm_vtimer_ack(&vt, &vt_hw, timer, hw_now());
	check(r, "nvarm_vtimer_ack");
	push();
	hw_set(ENC_ICC_EOIR1, iar);
	isb();
	if (r == 0) {
		ts.spurious++;
		return true;
	}
	ts.hw_irqs++;
	deliver(timer, (uint32_t)nvarm_vtimer_hw_ppi(&vt, (unsigned)hwt));
	return true;
}

/*
 * Before resuming a guest (end of every exit): deliver the emulated timers that assert
 * their interrupt, then arm L0's EL2 physical timer for the earliest emulated deadline.
 */
void l0_vtimer_resume(void)
{
	struct nvarm_vtimer_deadline d;
	uint32_t pend;

	/* Re-arms the guest made without trapping (hardware CVAL/CTL, the VNCR page), then
	 * the timer levels L1's GIC sees. */
	uint64_t now = hw_now();

	pull();
	check(nvarm_vtimer_sync(&vt, &vt_hw, now), "nvarm_vtimer_sync");
	push();
	levels();
	/* Each delivery masks that timer (and may switch worlds): at most one per timer. */
	for (unsigned guard = 0; guard < NVARM_VTIMER_COUNT; guard++) {
		pend = nvarm_vtimer_pending(&vt, now);
		if (!pend)
			break;
		deliver_emulated((unsigned)__builtin_ctz(pend));
		now = hw_now();
	}
	if (nvarm_vtimer_next_deadline(&vt, now, &d) == 0)
		l0_deadline_set(true, d.hw_cval);
	else
		l0_deadline_set(false, 0);
}

void l0_vtimer_stats_print(void)
{
	/* per timer: the interrupts L1 acknowledged from its emulated GIC (vgicd.c) */
	con_printf(" l2_vtimer_irqs=%lu l2_ptimer_irqs=%lu l1_el2_ptimer_irqs=%lu "
		   "l1_el2_vtimer_irqs=%lu vtimer_hw_irqs=%lu vtimer_emulated_irqs=%lu "
		   "vtimer_deadline_irqs=%lu vtimer_spurious=%lu l2_timer_windows_dropped=%lu "
		   "l2_masked_timer_traps=%lu",
		   vgicd_taken((uint32_t)nvarm_vtimer_ppi(&vt, NVARM_VTIMER_EL1_VIRT)),
		   vgicd_taken((uint32_t)nvarm_vtimer_ppi(&vt, NVARM_VTIMER_EL1_PHYS)),
		   vgicd_taken((uint32_t)nvarm_vtimer_ppi(&vt, NVARM_VTIMER_EL2_PHYS)),
		   vgicd_taken((uint32_t)nvarm_vtimer_ppi(&vt, NVARM_VTIMER_EL2_VIRT)), ts.hw_irqs,
		   ts.emulated, ts.deadline_irqs, ts.spurious, ts.windows_dropped, ts.masked_traps);
}
