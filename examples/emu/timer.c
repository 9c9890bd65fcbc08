// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The generic timer of the emulator embedding: nvarm's vtimer (include/nvarm/vtimer.h) gives
// L1's vCPU the four timers of an EL2 CPU, as in the bare-metal L0 (examples/l0/timer.c).
// The "hardware" is this emulator's: its two EL1 timers (physical, PPI 30; virtual, PPI 27)
// are the registers of nvarm's hardware mirror itself (struct nvarm_vtimer_hw: nothing to
// pull or push), and they fire when ENABLE, !IMASK and their count (the hardware count minus
// the hardware CNTVOFF_EL2 for the virtual one) reaches CVAL. nvarm decides which vCPU timer
// each backs (world switch: nvarm_vtimer_switch), emulates the other two
// (nvarm_vtimer_pending / _next_deadline), masks delivered ones (nvarm_vtimer_ack) and owns
// every timer register: Unicorn's own timers follow the host clock, so all counter and timer
// accesses are hooked and go to nvarm_vtimer_sysreg_read/_write. The hardware count is the
// number of instructions executed plus what WFI skipped (deterministic).
#include <nvarm/vtimer.h>

#include "emu.h"

/* The count at reset: a machine that has been up a while (a guest's virtual count, the
 * physical one minus its CNTVOFF_EL2, must not start negative). */
#define COUNT_BASE 0x100000000ull

static struct {
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	bool e2h;
	uint64_t delivered[NVARM_VTIMER_COUNT];
} t;

uint64_t now(void)
{
	return COUNT_BASE + E.icount + E.skipped;
}

static void check(int r, const char *what)
{
	if (r < 0) {
		EMU_LOG("emu: %s: %d\n", what, r);
		fatal("nvarm vtimer call failed");
	}
}

/* The hardware EL1 timer @p hwt (NVARM_VTIMER_HW_PHYS/VIRT): its CTL, CVAL and count. */
static void hw_timer(unsigned hwt, uint64_t *ctl, uint64_t *cval, uint64_t *count)
{
	bool v = hwt == NVARM_VTIMER_HW_VIRT;
	uint64_t poff = (t.hw.reg[NVARM_VTIMER_HWREG_CNTHCTL] >> 12) & 1 /* ECV */
			    ? t.hw.reg[NVARM_VTIMER_HWREG_CNTPOFF]
			    : 0;
	*ctl = t.hw.reg[v ? NVARM_VTIMER_HWREG_V_CTL : NVARM_VTIMER_HWREG_P_CTL];
	*cval = t.hw.reg[v ? NVARM_VTIMER_HWREG_V_CVAL : NVARM_VTIMER_HWREG_P_CVAL];
	*count = now() - (v ? t.hw.reg[NVARM_VTIMER_HWREG_CNTVOFF] : poff);
}

/* L1 changed its HCR_EL2.E2H (the timer names and CNTHCTL_EL2 layout follow it): before any
 * use of the timers (under FEAT_NV2 the change is seen at the next trap). */
static void e2h_sync(void)
{
	if (!E.in_l2 && nvarm_vel2_is_vhe(&E.v2) != t.e2h) {
		t.e2h = !t.e2h;
		check(nvarm_vtimer_set_e2h(&t.vt, &t.hw, t.e2h), "nvarm_vtimer_set_e2h");
		t.hw.dirty = 0;
	}
}

static void deliver(unsigned timer)
{
	t.delivered[timer]++;
	gic_ppi_level((unsigned)nvarm_vtimer_ppi(&t.vt, timer), true);
}

/* The timer levels into L1's GIC: drops as the guest sees its timer (re-armed, masked,
 * disabled), assertions of the hardware timers (an interrupt the L0 takes:
 * nvarm_vtimer_ack, deliver) and of the emulated ones (nvarm_vtimer_pending). */
void timer_update(void)
{
	uint64_t n = now();

	e2h_sync();
	check(nvarm_vtimer_sync(&t.vt, &t.hw, n), "nvarm_vtimer_sync");
	for (unsigned i = 0; i < NVARM_VTIMER_COUNT; i++) {
		struct nvarm_vtimer_regs r;
		check(nvarm_vtimer_get(&t.vt, &t.hw, i, n, &r), "nvarm_vtimer_get");
		if ((r.ctl & 7) != (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_ISTATUS))
			gic_ppi_level((unsigned)nvarm_vtimer_ppi(&t.vt, i), false);
	}
	for (unsigned hwt = 0; hwt < 2; hwt++) {
		uint64_t ctl, cval, count;
		hw_timer(hwt, &ctl, &cval, &count);
		if ((ctl & 3) != 1 || count < cval)
			continue;
		unsigned timer = (unsigned)nvarm_vtimer_hw_backing(&t.vt, hwt);
		int r = nvarm_vtimer_ack(&t.vt, &t.hw, timer, n);
		check(r, "nvarm_vtimer_ack");
		if (r == 1)
			deliver(timer);
	}
	for (unsigned guard = 0; guard < NVARM_VTIMER_COUNT; guard++) {
		uint32_t pend = nvarm_vtimer_pending(&t.vt, n);
		if (!pend)
			break;
		unsigned timer = (unsigned)__builtin_ctz(pend);
		int r = nvarm_vtimer_ack(&t.vt, &t.hw, timer, n);
		check(r, "nvarm_vtimer_ack");
		if (r != 1)
			break;
		deliver(timer);
	}
	t.hw.dirty = 0; /* the mirror is the hardware */
}

/* When the run loop must look again: the earliest hardware timer or emulated deadline. */
uint64_t timer_next_deadline(void)
{
	uint64_t n = now(), best = UINT64_MAX;
	struct nvarm_vtimer_deadline d;

	for (unsigned hwt = 0; hwt < 2; hwt++) {
		uint64_t ctl, cval, count;
		hw_timer(hwt, &ctl, &cval, &count);
		if ((ctl & 3) == 1 && count < cval && n + (cval - count) < best)
			best = n + (cval - count);
	}
	if (nvarm_vtimer_next_deadline(&t.vt, n, &d) == 0 && d.delta && d.hw_cval < best)
		best = d.hw_cval;
	return best;
}

void timer_init(void)
{
	struct nvarm_vtimer_config c;

	nvarm_vtimer_config_default(&c);
	c.ppi[NVARM_VTIMER_EL1_PHYS] = PPI_PTIMER;
	c.ppi[NVARM_VTIMER_EL1_VIRT] = PPI_VTIMER;
	c.ppi[NVARM_VTIMER_EL2_PHYS] = PPI_HTIMER;
	c.ppi[NVARM_VTIMER_EL2_VIRT] = PPI_HVTIMER;
	c.host_cnthctl = NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN;
	c.vncr = E.mode == MODE_NV2 ? E.vncr : NULL;
	c.flags = NVARM_VTIMER_F_HW_ECV; /* every timer access is hooked: all can "trap" */
	c.l0_offset = 0;
	check(nvarm_vtimer_init(&t.vt, &c), "nvarm_vtimer_init");
	t.e2h = nvarm_vel2_is_vhe(&E.v2);
	check(nvarm_vtimer_set_e2h(&t.vt, NULL, t.e2h), "nvarm_vtimer_set_e2h");
	check(nvarm_vtimer_activate(&t.vt, &t.hw, now()), "nvarm_vtimer_activate");
	t.hw.dirty = 0;
}

/* World switch: the hardware timers back the timers of the context that runs next. */
void timer_switch(bool to_l2)
{
	check(nvarm_vtimer_switch(&t.vt, &t.hw, to_l2 ? NVARM_VTIMER_CTX_L2 : NVARM_VTIMER_CTX_L1,
				  now()),
	      "nvarm_vtimer_switch");
	t.hw.dirty = 0;
}

/* L1's CNTHCTL_EL2 as L1 has it (its one owner is the vtimer): L2's trap routing. */
uint64_t timer_l1_cnthctl(void)
{
	uint64_t v = 0;
	check(nvarm_vtimer_l1_cnthctl(&t.vt, &t.hw, &v), "nvarm_vtimer_l1_cnthctl");
	return v;
}

/* 1: handled (*v for reads), 0: not a timer register nvarm's vtimer owns (the CPU's own,
 * CNTFRQ_EL0), -1: UNDEFINED in this context. */
int timer_sysreg(uint32_t enc, bool read, uint64_t *v)
{
	if (NVARM_SYSREG_OP0(enc) != 3 || NVARM_SYSREG_CRN(enc) != 14)
		return 0;
	e2h_sync();
	int r = read ? nvarm_vtimer_sysreg_read(&t.vt, &t.hw, enc, now(), v)
		     : nvarm_vtimer_sysreg_write(&t.vt, &t.hw, enc, now(), *v);
	t.hw.dirty = 0;
	if (r == NVARM_ERR_NOENT)
		return 0;
	if (r == NVARM_ERR_BAD_ENCODING)
		return -1;
	check(r, read ? "nvarm_vtimer_sysreg_read" : "nvarm_vtimer_sysreg_write");
	if (!read) {
		timer_update();
		E.next_event = timer_next_deadline();
	}
	return 1;
}

void *timer_state(size_t *n)
{
	*n = sizeof(t);
	return &t;
}
