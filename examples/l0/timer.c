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
#include "l0.h"

#define ENC_CNTPCT     ENC(3, 3, 14, 0, 1)
#define ENC_CNTHP_CTL  ENC(3, 4, 14, 2, 1) /* L0's own EL2 physical timer (E2H=0 host) */
#define ENC_CNTHP_CVAL ENC(3, 4, 14, 2, 2)

static void drop_l2_timer_window(struct l0_vcpu *v);

static uint64_t hw_now(void)
{
	return read_sysreg(cntpct_el0); /* at EL2: the hardware count, no offset */
}

/*
 * L0's own deadline timer (CNTHP) as last programmed. Reprogramming a timer is costly in
 * an emulator (QEMU re-arms a host timer and kicks its main loop, several microseconds)
 * and most traps leave the next deadline where it was: write it only when it moves.
 */
static void l0_deadline_set(bool on, uint64_t cval)
{
	struct l0_deadline *dl = &l0_this_cpu()->deadline;

	if (on == dl->on && (!on || cval == dl->cval))
		return;
	if (on) {
		hw_set(ENC_CNTHP_CVAL, cval);
		hw_set(ENC_CNTHP_CTL, NVARM_CNT_CTL_ENABLE);
	} else {
		hw_set(ENC_CNTHP_CTL, 0);
	}
	isb();
	dl->on = on, dl->cval = cval;
}

/*
 * The mirror's slots (enum nvarm_vtimer_hwreg) with direct MRS/MSR: pull and push run on
 * every trap. This L0 runs with E2H=0 and so without NVARM_VTIMER_F_HOST_VHE, for which
 * nvarm_vtimer_hw_reg_enc() names the plain registers (the EL02/EL12 ones with it).
 */
static void pull(struct l0_timer *t)
{
	_Static_assert(NVARM_VTIMER_HW_GUEST_MASK == 0x1f, "the guest-writable slots are 0-4");
	/* no guest ran since the last pull or push of this trap (world_trap_entry clears it):
	 * the mirror holds what the hardware holds */
	if (t->fresh)
		return;
	t->fresh = L0_TIMER_FRESH; /* (not _IDLE: a guest ran since the last switch's answer) */
	t->hw.reg[NVARM_VTIMER_HWREG_P_CTL] = read_sysreg(cntp_ctl_el0);
	t->hw.reg[NVARM_VTIMER_HWREG_P_CVAL] = read_sysreg(cntp_cval_el0);
	t->hw.reg[NVARM_VTIMER_HWREG_V_CTL] = read_sysreg(cntv_ctl_el0);
	t->hw.reg[NVARM_VTIMER_HWREG_V_CVAL] = read_sysreg(cntv_cval_el0);
	t->hw.reg[NVARM_VTIMER_HWREG_CNTKCTL] = read_sysreg(cntkctl_el1);
}

/*
 * Before the entry: what nvarm changed, into the hardware, in nvarm's order (CNTHCTL and the
 * offsets before the timers, CVAL before CTL: a timer never runs in the wrong frame). One
 * straight line of tests, not a loop through a switch.
 */
static __attribute__((__noinline__)) void push_rest(struct l0_timer *t, uint32_t d)
{
	const uint64_t *r = t->hw.reg;

	if (d & (1u << NVARM_VTIMER_HWREG_CNTVOFF))
		write_sysreg(cntvoff_el2, r[NVARM_VTIMER_HWREG_CNTVOFF]);
	if (d & (1u << NVARM_VTIMER_HWREG_CNTPOFF)) /* FEAT_ECV: the shim checks it */
		hw_set(nvarm_vtimer_hw_reg_enc(&t->vt, NVARM_VTIMER_HWREG_CNTPOFF),
		       r[NVARM_VTIMER_HWREG_CNTPOFF]);
	if (d & (1u << NVARM_VTIMER_HWREG_CNTKCTL))
		write_sysreg(cntkctl_el1, r[NVARM_VTIMER_HWREG_CNTKCTL]);
	if (d & (1u << NVARM_VTIMER_HWREG_P_CVAL))
		write_sysreg(cntp_cval_el0, r[NVARM_VTIMER_HWREG_P_CVAL]);
	if (d & (1u << NVARM_VTIMER_HWREG_V_CVAL))
		write_sysreg(cntv_cval_el0, r[NVARM_VTIMER_HWREG_V_CVAL]);
	if (d & (1u << NVARM_VTIMER_HWREG_P_CTL))
		write_sysreg(cntp_ctl_el0, r[NVARM_VTIMER_HWREG_P_CTL]);
	if (d & (1u << NVARM_VTIMER_HWREG_V_CTL))
		write_sysreg(cntv_ctl_el0, r[NVARM_VTIMER_HWREG_V_CTL]);
	_Static_assert(NVARM_VTIMER_HWREG_COUNT == 8, "push writes every slot");
}

/* (Most traps leave every slot clean, and a world switch of an E2H=0 L1 changes CNTHCTL_EL2
 * alone: those inline, the rest out of line.) */
static inline void push_hw(struct l0_timer *t)
{
	uint32_t d = t->hw.dirty;

	if (!d)
		return;
	if (d & (1u << NVARM_VTIMER_HWREG_CNTHCTL))
		write_sysreg(cnthctl_el2, t->hw.reg[NVARM_VTIMER_HWREG_CNTHCTL]);
	if (d & ~(1u << NVARM_VTIMER_HWREG_CNTHCTL))
		push_rest(t, d);
	t->hw.dirty = 0;
	isb();
}

/* push_hw, and the end of what the last switch said of the timers (L0_TIMER_FRESH_IDLE): what
 * is pushed came from a call that may have changed them. */
static inline void push(struct l0_timer *t)
{
	if (t->fresh)
		t->fresh = L0_TIMER_FRESH;
	push_hw(t);
}

static void check(int r, const char *what)
{
	if (r < 0) {
		con_printf("l0: %s: %d\n", what, r);
		panic("nvarm vtimer call failed");
	}
}

/* vCPU creation and load: PPIs from the DT timer node, the VM's E2H and ECV. */
void l0_vtimer_init(struct l0_vcpu *v)
{
	const struct machine *m = v->vm->m;
	struct l0_timer *t = &v->timer;
	struct nvarm_vtimer_config c;

	nvarm_vtimer_config_default(&c);
	c.ppi[NVARM_VTIMER_EL1_PHYS] = m->timer_ppi[1]; /* non-secure physical */
	c.ppi[NVARM_VTIMER_EL1_VIRT] = m->timer_ppi[2];
	c.ppi[NVARM_VTIMER_EL2_PHYS] = m->timer_ppi[3]; /* hypervisor physical */
	/* The EL2 virtual timer keeps nvarm's default (28): QEMU's DT lists four PPIs. */
	c.host_cnthctl = NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN;
	c.vncr = v->vm->mode == MODE_NV2 ? v->vncr_page : NULL;
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
	check(nvarm_vtimer_config_from_vm(&c, &v->vm->cfg), "nvarm_vtimer_config_from_vm");
	check(nvarm_vtimer_init(&t->vt, &c), "nvarm_vtimer_init");
	check(nvarm_vtimer_set_e2h(&t->vt, NULL, v->vhe), "nvarm_vtimer_set_e2h");
	check(nvarm_vtimer_activate(&t->vt, &t->hw, hw_now()), "nvarm_vtimer_activate");
	push(t);
	t->ready = true;
	hw_set(ENC_CNTHP_CTL, 0);
	l0_this_cpu()->deadline.on = false;
	if (v->id == 0) /* once (secondary vCPUs: the console is L1's by then) */
		con_printf(
		    "l0: vtimer: PPIs CNTP %u CNTV %u CNTHP %u CNTHV %u, L1 offset 0x%lx, hardware "
		    "CNTHCTL_EL2=0x%lx\n",
		    c.ppi[0], c.ppi[1], c.ppi[2], c.ppi[3], c.l0_offset,
		    nvarm_vtimer_hw_cnthctl(&t->vt));
}

/* L1 changed its HCR_EL2.E2H (switch.c; before l0_vtimer_init, init reads v->vhe). */
void l0_vtimer_set_e2h(struct l0_vcpu *v, bool e2h)
{
	struct l0_timer *t = &v->timer;

	if (!t->ready)
		return;
	pull(t);
	check(nvarm_vtimer_set_e2h(&t->vt, &t->hw, e2h), "nvarm_vtimer_set_e2h");
	push(t);
}

/*
 * The world switch's timers (switch.c l2_enter, l2_leave): the guest-writable registers in,
 * nvarm_vtimer_switch_idle, nvarm's dirty ones out. Its answer (no timer live, none
 * acknowledged: L0_TIMER_FRESH_IDLE) stands for nvarm_vtimer_idle until the next call that may
 * change the timers (push) or the next trap (world_trap_entry clears t->fresh):
 * l0_vtimer_resume takes it instead of asking again.
 */
void l0_vtimer_switch(struct l0_vcpu *v, enum nvarm_vtimer_ctx to)
{
	struct l0_timer *t = &v->timer;
	int r;

	pull(t);
	r = nvarm_vtimer_switch_idle(&t->vt, &t->hw, to, hw_now());
	check(r, "nvarm_vtimer_switch_idle");
	t->fresh = r == 1 ? L0_TIMER_FRESH_IDLE : L0_TIMER_FRESH;
	push_hw(t);
}

/*
 * A trapped timer or counter register access: nvarm_vtimer_emulate()'s verdict (enum
 * nvarm_emul: OK with a read's value in *val, NOT_MINE, UNDEF, TO_L1 for an access of L2
 * that L1's CNTHCTL_EL2 traps).
 */
int l0_vtimer_sysreg(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t *val)
{
	struct l0_timer *tm = &v->timer;
	int r;

	if (NVARM_SYSREG_OP0(t->enc) != 3 || NVARM_SYSREG_CRN(t->enc) != 14)
		return NVARM_EMUL_NOT_MINE; /* not a timer: no mirror traffic */
	pull(tm);
	r = nvarm_vtimer_emulate(&tm->vt, &tm->hw, t, v->in_l2, hw_now(), val);
	push(tm);
	check(r, "nvarm_vtimer_emulate");
	if (r != NVARM_EMUL_NOT_MINE && r != NVARM_EMUL_TO_L1 && !v->in_l2)
		drop_l2_timer_window(v); /* L1 programs a timer */
	return r;
}

/*
 * A trap from L2 that nvarm's routing leaves to L0 (L1 did not ask for it): true when it is
 * a timer register access L0 trapped for itself (a masked hardware timer), now done.
 */
bool l0_vtimer_l2_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t)
{
	uint64_t val = t->is_read || t->rt == 31 ? 0 : f->x[t->rt];

	if (l0_vtimer_sysreg(v, t, &val) != NVARM_EMUL_OK)
		return false;
	if (t->is_read && t->rt != 31)
		f->x[t->rt] = val;
	l0_skip_insn(v);
	v->timer.masked_traps++;
	v->st.handled++;
	return true;
}

/*
 * L1's CNTHCTL_EL2 as L1 reads it. Its one owner is nvarm's vtimer (L1's MRS/MSR of it trap
 * to l0_vtimer_sysreg, never into the vEL2 register file); the trap forwarding for L2
 * (route.c) takes it from here.
 */
uint64_t l0_vtimer_l1_cnthctl(struct l0_vcpu *v)
{
	uint64_t val = 0;

	pull(&v->timer); /* (a test after a world switch: its pull) */
	/* (the arguments are this vCPU's: the call cannot fail, nothing to check) */
	(void)nvarm_vtimer_l1_cnthctl(&v->timer.vt, &v->timer.hw, &val);
	return val;
}

/*
 * l0_traps_per_l2_timer_irq charges every trap from L2's timer exit to the next L2 entry.
 * When L1 also works on its own timers inside that window (one fires, or L1 programs
 * one), the window measures both: it is dropped from the ratio (and counted).
 */
static void drop_l2_timer_window(struct l0_vcpu *v)
{
	struct l0_stats *st = &v->st;

	if (st->cur != EXIT_IRQ)
		return;
	st->kind_traps[EXIT_IRQ] = st->win_traps;
	st->kind_exits[EXIT_IRQ]--;
	st->cur = EXIT_NONE;
	st->windows_dropped++;
}

/* Timer @p timer asserts its interrupt: a level into L1's emulated redistributor. While L2
 * runs, the run loop then asks whether L2 exits to L1 for it (switch.c l0_resume: only if
 * L1's GIC would take it). */
static void deliver(struct l0_vcpu *v, unsigned timer, uint32_t ppi)
{
	bool l2_timer = timer == NVARM_VTIMER_EL1_VIRT || timer == NVARM_VTIMER_EL1_PHYS;

	v->timer.delivered[timer]++;
	if (timer == NVARM_VTIMER_EL1_VIRT)
		v->st.timer_irqs++;
	if (!l2_timer)
		drop_l2_timer_window(v);
	v->timer.up |= 1u << timer;
	vgicd_line(v, ppi, true);
	if (v->in_l2)
		v->irq_req |= l2_timer ? IRQ_REQ_L2_TIMER : IRQ_REQ_OTHER;
}

/* An emulated timer asserted its interrupt and nvarm acknowledged (masked) it: deliver it. */
static void deliver_emulated(struct l0_vcpu *v, unsigned timer)
{
	struct l0_timer *tm = &v->timer;

	tm->emulated++;
	deliver(v, timer, (uint32_t)nvarm_vtimer_ppi(&tm->vt, timer));
}

/*
 * A physical interrupt: the hardware EL1 physical/virtual timer (backing a vCPU timer)
 * or L0's own EL2 physical timer (an emulated deadline). Returns false for other INTIDs.
 */
bool l0_vtimer_irq(struct l0_vcpu *v, uint32_t intid, uint64_t iar)
{
	const struct machine *m = v->vm->m;
	struct l0_timer *tm = &v->timer;
	int hwt = intid == m->timer_ppi[1]   ? NVARM_VTIMER_HW_PHYS
		  : intid == m->timer_ppi[2] ? NVARM_VTIMER_HW_VIRT
					     : -1;

	if (intid == m->timer_ppi[3]) {
		/* L0's deadline timer: quiet it; l0_vtimer_resume() delivers and re-arms. */
		hw_set(ENC_CNTHP_CTL, 0);
		l0_this_cpu()->deadline.on = false;
		hw_set(ENC_ICC_EOIR1, iar);
		isb();
		tm->deadline_irqs++;
		return true;
	}
	if (hwt < 0)
		return false;
	/* Whose timer fired, and quiet its level-sensitive line (IMASK, in the hardware)
	 * before the EOI; 0: the line dropped before L0 looked (reprogrammed, switched). */
	unsigned timer = (unsigned)nvarm_vtimer_hw_backing(&tm->vt, (unsigned)hwt);
	pull(tm);
	int r = nvarm_vtimer_ack(&tm->vt, &tm->hw, timer, hw_now());
	check(r, "nvarm_vtimer_ack");
	push(tm);
	hw_set(ENC_ICC_EOIR1, iar);
	isb();
	if (r == 0) {
		tm->spurious++;
		return true;
	}
	tm->hw_irqs++;
	deliver(v, timer, (uint32_t)nvarm_vtimer_hw_ppi(&tm->vt, (unsigned)hwt));
	return true;
}

/*
 * Before resuming a guest (end of every exit), one nvarm call (nvarm_vtimer_resume: the
 * re-arms the guest made without trapping, in the hardware or the VNCR page; each timer's
 * level as its guest sees it; the emulated timers that assert now, acknowledged): withdraw
 * the lines of timers no longer asserting (re-armed or disabled), deliver the emulated ones
 * that fired, then arm L0's EL2 physical timer for the earliest emulated deadline.
 */
static __attribute__((__noinline__)) void resume_full(struct l0_vcpu *v)
{
	struct l0_timer *tm = &v->timer;
	struct nvarm_vtimer_resume res;
	uint32_t drop;

	check(nvarm_vtimer_resume(&tm->vt, &tm->hw, hw_now(), &res), "nvarm_vtimer_resume");
	push(tm);
	/* Only lines this file raised can need withdrawing (timer PPIs have no other source). */
	drop = tm->up & ~res.level;
	tm->up &= ~drop;
	while (drop) {
		unsigned t = (unsigned)__builtin_ctz(drop);

		drop &= drop - 1;
		vgicd_line(v, (uint32_t)nvarm_vtimer_ppi(&tm->vt, t), false);
	}
	while (res.fired) {
		unsigned t = (unsigned)__builtin_ctz(res.fired);

		res.fired &= res.fired - 1;
		deliver_emulated(v, t);
	}
	l0_deadline_set(res.has_deadline != 0, res.has_deadline ? res.deadline.hw_cval : 0);
}

void l0_vtimer_resume_slow(struct l0_vcpu *v)
{
	struct l0_timer *tm = &v->timer;

	pull(tm);
	/* The usual trap of a guest that arms no timer: nothing for nvarm to do
	 * (nvarm_vtimer_idle; l0_vtimer_resume took what a world switch said of it) and nothing
	 * of L0's own (no line this file raised still up, L0's deadline timer off): the resume
	 * would change nothing. (The rest out of line.) */
	if (!tm->up && !l0_this_cpu()->deadline.on && nvarm_vtimer_idle(&tm->vt, &tm->hw) == 1)
		return;
	resume_full(v);
}

void l0_vtimer_stats_print(struct l0_vcpu *v)
{
	const struct l0_timer *tm = &v->timer;

	/* per timer: the interrupts L1 acknowledged from its emulated GIC (vgicd.c) */
	con_printf(" l2_vtimer_irqs=%lu l2_ptimer_irqs=%lu l1_el2_ptimer_irqs=%lu "
		   "l1_el2_vtimer_irqs=%lu vtimer_hw_irqs=%lu vtimer_emulated_irqs=%lu "
		   "vtimer_deadline_irqs=%lu vtimer_spurious=%lu l2_timer_windows_dropped=%lu "
		   "l2_masked_timer_traps=%lu l2_timer_unmasked_held=%lu",
		   vgicd_taken(v, (uint32_t)nvarm_vtimer_ppi(&tm->vt, NVARM_VTIMER_EL1_VIRT)),
		   vgicd_taken(v, (uint32_t)nvarm_vtimer_ppi(&tm->vt, NVARM_VTIMER_EL1_PHYS)),
		   vgicd_taken(v, (uint32_t)nvarm_vtimer_ppi(&tm->vt, NVARM_VTIMER_EL2_PHYS)),
		   vgicd_taken(v, (uint32_t)nvarm_vtimer_ppi(&tm->vt, NVARM_VTIMER_EL2_VIRT)),
		   tm->hw_irqs, tm->emulated, tm->deadline_irqs, tm->spurious,
		   v->st.windows_dropped, tm->masked_traps, tm->unmasked_held);
}

/*
 * The interrupt of the timer behind @p ppi waits for L1 behind an active state that only
 * L2's deactivation through an HW=1 list register ends (vgicd.c held_check): drop L0's mask
 * of that timer, so that its physical line interrupts L0 once the real PPI is inactive. (A
 * CTL write of the guest's own value is a re-arm for nvarm: nvarm_vtimer_set.)
 */
void l0_vtimer_unmask_ppi(struct l0_vcpu *v, uint32_t ppi)
{
	struct l0_timer *tm = &v->timer;

	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r;

		if ((uint32_t)nvarm_vtimer_ppi(&tm->vt, t) != ppi)
			continue;
		pull(tm);
		check(nvarm_vtimer_get(&tm->vt, &tm->hw, t, hw_now(), &r), "nvarm_vtimer_get");
		check(nvarm_vtimer_set(&tm->vt, &tm->hw, t, &r), "nvarm_vtimer_set");
		push(tm);
		tm->unmasked_held++;
	}
}
