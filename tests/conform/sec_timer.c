// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Timers as a guest hypervisor uses them (DDI 0487 D12 "The Generic Timer in AArch64
// state"): L2's virtual and physical timers behind CNTVOFF_EL2 and CNTHCTL_EL2, this
// image's own EL2 timers (CNTHP_*, CNTHV_*) through the E2H=0 names and the E2H=1
// redirections (CNTP_*_EL0 -> CNTHP, CNTV_*_EL0 -> CNTHV, *_EL02 -> the EL1 timers), each
// timer's interrupt as this image's redistributor shows it, and re-arming through CVAL
// alone and TVAL alone after a delivery. Lines are states at points where the
// architecture fixes them (CVAL far in the past or far in the future, after bounded waits).
#include "gic.h"
#include "regs.h"

#define HCR_RW	      BIT(31)
#define HCR_E2H	      BIT(34)
#define CTL_ENABLE    1
#define CTL_IMASK     2
#define CTL_ISTAT     4
#define FUTURE	      0x7fffffffffffffffULL /* no count reaches it in a run */
#define NO_INTID      0xffffffffu

#define R_CNTVOFF_EL2 s3_4_c14_c0_3
#define R_CNTHCTL_EL2 s3_4_c14_c1_0

/* The timers by name: T_HP CNTHP_*_EL2, T_HV CNTHV_*_EL2, T_P CNTP_*_EL0, T_V CNTV_*_EL0,
 * T_P02 CNTP_*_EL02, T_V02 CNTV_*_EL02. Register 0 CTL, 1 CVAL, 2 TVAL. */
enum { T_HP, T_HV, T_P, T_V, T_P02, T_V02 };

#define TM_CASE(t, c, m)                                                                           \
	case t:                                                                                    \
		if (r == 0)                                                                        \
			X(c##_c14_c##m##_1);                                                       \
		else if (r == 1)                                                                   \
			X(c##_c14_c##m##_2);                                                       \
		else                                                                               \
			X(c##_c14_c##m##_0);                                                       \
		break;
#define TM_SWITCH                                                                                  \
	switch (t) {                                                                               \
		TM_CASE(T_HP, s3_4, 2)                                                             \
		TM_CASE(T_HV, s3_4, 3)                                                             \
		TM_CASE(T_P, s3_3, 2)                                                              \
		TM_CASE(T_V, s3_3, 3)                                                              \
		TM_CASE(T_P02, s3_5, 2)                                                            \
	default:                                                                                   \
		if (r == 0)                                                                        \
			X(s3_5_c14_c3_1);                                                          \
		else if (r == 1)                                                                   \
			X(s3_5_c14_c3_2);                                                          \
		else                                                                               \
			X(s3_5_c14_c3_0);                                                          \
		break;                                                                             \
	}

static u64 tm_rd(int t, int r)
{
	u64 v = 0;
#define X(reg) v = rd(reg)
	TM_SWITCH
#undef X
	return v;
}

static void tm_wr(int t, int r, u64 v)
{
#define X(reg) wr(reg, v)
	TM_SWITCH
#undef X
	isb();
}

/* CTL with ISTATUS printed only when ENABLE is 1 (DDI 0487 D12: ISTATUS is UNKNOWN while
 * the timer is disabled). */
static void t_ctl(const char *what, u64 ctl)
{
	if (ctl & CTL_ENABLE)
		t_line("%s: CTL ENABLE=1 IMASK=%u ISTATUS=%u", what, (unsigned)(ctl >> 1) & 1,
		       (unsigned)(ctl >> 2) & 1);
	else
		t_line("%s: CTL ENABLE=0 IMASK=%u", what, (unsigned)(ctl >> 1) & 1);
}

/* ---------------------------------------------------------------- L2's timers */

static volatile u64 l2buf[8];

static u64 l2_counts(u64 a)
{
	(void)a;
	isb();
	u64 p1 = rd(cntpct_el0);
	isb();
	u64 v = rd(cntvct_el0);
	isb();
	u64 p2 = rd(cntpct_el0);
	l2buf[0] = p1, l2buf[1] = v, l2buf[2] = p2;
	return 0;
}

/* L2 programs a timer (a = 0: virtual, 1: physical): CVAL in the past, far future, past
 * with IMASK; CTL read back after each; leaves it ENABLE with CVAL past. */
static u64 l2_timer(u64 a)
{
	if (a) {
		wr(cntp_cval_el0, 0);
		wr(cntp_ctl_el0, CTL_ENABLE);
		isb();
		l2buf[0] = rd(cntp_ctl_el0);
		wr(cntp_cval_el0, FUTURE);
		isb();
		l2buf[1] = rd(cntp_ctl_el0);
		wr(cntp_cval_el0, 0);
		wr(cntp_ctl_el0, CTL_ENABLE | CTL_IMASK);
		isb();
		l2buf[2] = rd(cntp_ctl_el0);
		wr(cntp_ctl_el0, CTL_ENABLE);
		isb();
	} else {
		wr(cntv_cval_el0, 0);
		wr(cntv_ctl_el0, CTL_ENABLE);
		isb();
		l2buf[0] = rd(cntv_ctl_el0);
		wr(cntv_cval_el0, FUTURE);
		isb();
		l2buf[1] = rd(cntv_ctl_el0);
		wr(cntv_cval_el0, 0);
		wr(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
		isb();
		l2buf[2] = rd(cntv_ctl_el0);
		wr(cntv_ctl_el0, CTL_ENABLE);
		isb();
	}
	return 0;
}

static u64 l2_cntp_ctl(u64 a)
{
	(void)a;
	return rd(cntp_ctl_el0);
}

static void l2_timers(void)
{
	const struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	u64 voff = rd(R_CNTVOFF_EL2), cnthctl = rd(R_CNTHCTL_EL2);
	u64 vctl = rd(cntv_ctl_el0), vcval = rd(cntv_cval_el0);
	u64 pctl = rd(cntp_ctl_el0), pcval = rd(cntp_cval_el0);
	/* CNTHCTL_EL2 (E2H=0): EL1PCTEN [0], EL1PCEN [1]: L2 reads CNTPCT_EL0 and uses its
	 * physical timer without trapping. */
	wr(R_CNTHCTL_EL2, (cnthctl & ~3ULL) | 3);
	for (int k = 0; k < 2; k++) {
		/* CNTVOFF_EL2: 0, then half the count (below it: see qemu-nv-facts.md). */
		u64 off = k ? rd(cntpct_el0) / 2 : 0;
		wr(R_CNTVOFF_EL2, off);
		isb();
		int rc = run_l2(&cfg, l2_counts, 0, &e);
		u64 p1 = l2buf[0], v = l2buf[1], p2 = l2buf[2];
		/* CNTVCT = CNTPCT - CNTVOFF (DDI 0487 D12.1.x): the virtual read lies between
		 * the two physical reads once the offset is added back. */
		t_line("CNTVOFF_EL2 %s: L2 %s: CNTPCT - CNTVCT == CNTVOFF: %s",
		       k ? "= count/2" : "= 0", rc == 0 ? "returned" : "did not return",
		       rc == 0 && p1 <= v + off && v + off <= p2 ? "yes" : "no");
	}
	unsigned vt = plat.timer_ppi[2], pt = plat.timer_ppi[1];
	for (u64 phys = 0; phys < 2; phys++) {
		const char *n = phys ? "L2 CNTP" : "L2 CNTV";
		unsigned ppi = phys ? pt : vt;
		gic_ppi_config(ppi, 0x80); /* disabled: watched, never taken */
		int rc = run_l2(&cfg, l2_timer, phys, &e);
		if (rc) {
			t_exit(n, &e, c_base());
			continue;
		}
		u64 c0 = l2buf[0], c1 = l2buf[1], c2 = l2buf[2];
		t_ctl(phys ? "L2 CNTP CVAL past" : "L2 CNTV CVAL past", c0);
		t_ctl(phys ? "L2 CNTP CVAL future" : "L2 CNTV CVAL future", c1);
		t_ctl(phys ? "L2 CNTP CVAL past, IMASK" : "L2 CNTV CVAL past, IMASK", c2);
		/* L2 left the timer enabled, CVAL past, unmasked: its interrupt is asserted and
		 * shows pending in this image's redistributor (the timer is the same one at
		 * EL2 with E2H=0); IMASK drops it. */
		unsigned p = gic_ppi_settle(GICR_ISPENDR0, ppi, 1);
		t_line("%s left firing: PPI pending %u", n, p);
		if (phys)
			wr(cntp_ctl_el0, CTL_ENABLE | CTL_IMASK);
		else
			wr(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
		isb();
		p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
		t_line("%s masked by L1: PPI pending %u", n, p);
		wr(cntp_ctl_el0, 0);
		wr(cntv_ctl_el0, 0);
		isb();
		gic_ppi_config(ppi, 0);
	}
	wr(R_CNTHCTL_EL2, cnthctl);
	wr(R_CNTVOFF_EL2, voff);
	wr(cntv_cval_el0, vcval);
	wr(cntv_ctl_el0, vctl);
	wr(cntp_cval_el0, pcval);
	wr(cntp_ctl_el0, pctl);
	isb();
}

/* CNTHCTL_EL2.EL1PCEN = 0 (E2H=0): L2's physical timer registers trap to EL2 (EC 0x18,
 * DDI 0487 D19 CNTHCTL_EL2.EL1PCEN). */
static void l2_ptimer_trap(void)
{
	const struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	u64 cnthctl = rd(R_CNTHCTL_EL2);
	wr(R_CNTHCTL_EL2, (cnthctl & ~3ULL) | 1);
	isb();
	int rc = run_l2(&cfg, l2_cntp_ctl, 0, &e);
	t_line("CNTHCTL_EL2.EL1PCEN=0: L2 mrs CNTP_CTL_EL0: %s", rc ? "exit" : "no exit");
	if (rc == 1)
		t_line("CNTHCTL_EL2.EL1PCEN=0: exit vector %d EC=0x%lx", e.vector,
		       (unsigned long)(e.esr >> 26));
	wr(R_CNTHCTL_EL2, cnthctl);
	isb();
}

/* ---------------------------------------------------------------- EL2's own timers */

/* Program timer t: CVAL past + ENABLE (asserted), IMASK (dropped), CVAL future (not
 * asserted). ppi: its interrupt, disabled in GICR, watched in GICR_ISPENDR0. */
static void el2_timer(const char *what, int t, unsigned ppi)
{
	gic_ppi_config(ppi, 0x80);
	tm_wr(t, 1, 0);
	tm_wr(t, 0, CTL_ENABLE);
	u64 c = tm_rd(t, 0);
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, ppi, 1);
	t_ctl(what, c);
	t_line("%s: CVAL past: PPI pending %u", what, p);
	tm_wr(t, 0, CTL_ENABLE | CTL_IMASK);
	c = tm_rd(t, 0);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_ctl(what, c);
	t_line("%s: IMASK: PPI pending %u", what, p);
	tm_wr(t, 0, CTL_ENABLE);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 1);
	t_line("%s: IMASK cleared: PPI pending %u", what, p);
	tm_wr(t, 1, FUTURE);
	c = tm_rd(t, 0);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_ctl(what, c);
	t_line("%s: CVAL future: PPI pending %u", what, p);
	tm_wr(t, 1, 0); /* CVAL alone back in the past: asserted again */
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 1);
	t_line("%s: CVAL past again: PPI pending %u", what, p);
	tm_wr(t, 0, 0);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_line("%s: ENABLE=0: PPI pending %u", what, p);
	gic_ppi_config(ppi, 0);
}

static int has_vhe(void)
{
	return ((rd(R_ID_AA64MMFR1_EL1) >> 8) & 0xf) != 0; /* VH [11:8] */
}

/* CNTVCT_EL0 read at EL2 against CNTPCT_EL0 with CNTVOFF_EL2 = count/2, E2H = 0 and 1
 * (DDI 0487 D12: the virtual offset; with E2H=1 the EL2 virtual count: the native run
 * says which). Reads arranged p1 <= v + off <= p2 and p1 <= v <= p2. */
static void el2_counts(void)
{
	u64 voff = rd(R_CNTVOFF_EL2), hcr = rd(hcr_el2);
	u64 off = rd(cntpct_el0) / 2;
	wr(R_CNTVOFF_EL2, off);
	isb();
	for (int e2h = 0; e2h < 2; e2h++) {
		if (e2h) {
			wr(hcr_el2, HCR_RW | HCR_E2H);
			isb();
		}
		u64 p1 = rd(cntpct_el0);
		isb();
		u64 v = rd(cntvct_el0);
		isb();
		u64 p2 = rd(cntpct_el0);
		wr(hcr_el2, hcr);
		isb();
		t_line("EL2 E2H=%d: CNTPCT - CNTVCT == CNTVOFF: %s; CNTVCT == CNTPCT: %s", e2h,
		       p1 <= v + off && v + off <= p2 ? "yes" : "no",
		       p1 <= v && v <= p2 ? "yes" : "no");
	}
	wr(R_CNTVOFF_EL2, voff);
	isb();
}

static void el2_timers(void)
{
	unsigned hp = plat.timer_ppi[3], hv = plat.timer_ppi[4];
	u64 hpctl = tm_rd(T_HP, 0), hpcval = tm_rd(T_HP, 1);
	int vhe = has_vhe();
	u64 hvctl = vhe ? tm_rd(T_HV, 0) : 0, hvcval = vhe ? tm_rd(T_HV, 1) : 0;
	t_line("E2H=0");
	el2_timer("CNTHP_CTL_EL2", T_HP, hp);
	if (vhe && hv)
		el2_timer("CNTHV_CTL_EL2", T_HV, hv);
	if (!vhe) {
		t_line("no FEAT_VHE: no CNTHV, no E2H=1 layout");
		return;
	}
	u64 vcval = rd(cntv_cval_el0), pcval = rd(cntp_cval_el0);
	u64 vctl = rd(cntv_ctl_el0), pctl = rd(cntp_ctl_el0);
	u64 hcr = rd(hcr_el2);
	/* E2H=1, TGE=0 (DDI 0487 D12.x, "Accessing the timers when E2H is 1"). */
	wr(hcr_el2, HCR_RW | HCR_E2H);
	isb();
	t_line("E2H=1");
	el2_timer("CNTP_CTL_EL0 at E2H=1", T_P, hp);
	el2_timer("CNTV_CTL_EL0 at E2H=1", T_V, hv);
	/* *_EL02 at EL2 with E2H=1 reach the EL1 physical and virtual timers. */
	el2_timer("CNTP_CTL_EL02", T_P02, plat.timer_ppi[1]);
	el2_timer("CNTV_CTL_EL02", T_V02, plat.timer_ppi[2]);
	/* The names reach the same registers: write through one, read through the other. */
	tm_wr(T_P, 1, 0x1234500);
	tm_wr(T_V, 1, 0x2234500);
	tm_wr(T_P02, 1, 0x3234500);
	tm_wr(T_V02, 1, 0x4234500);
	u64 a = tm_rd(T_HP, 1), b = tm_rd(T_HV, 1), c = tm_rd(T_P02, 1), d = tm_rd(T_V02, 1);
	wr(hcr_el2, hcr);
	isb();
	u64 e = rd(cntp_cval_el0), f = rd(cntv_cval_el0);
	t_line("E2H=1: CNTP_CVAL_EL0 -> CNTHP_CVAL_EL2: %s", a == 0x1234500 ? "yes" : "no");
	t_line("E2H=1: CNTV_CVAL_EL0 -> CNTHV_CVAL_EL2: %s", b == 0x2234500 ? "yes" : "no");
	t_line("E2H=1: CNTP_CVAL_EL02 reads back: %s", c == 0x3234500 ? "yes" : "no");
	t_line("E2H=1: CNTV_CVAL_EL02 reads back: %s", d == 0x4234500 ? "yes" : "no");
	t_line("CNTP_CVAL_EL02 -> CNTP_CVAL_EL0 at E2H=0: %s", e == 0x3234500 ? "yes" : "no");
	t_line("CNTV_CVAL_EL02 -> CNTV_CVAL_EL0 at E2H=0: %s", f == 0x4234500 ? "yes" : "no");
	wr(cntv_cval_el0, vcval);
	wr(cntp_cval_el0, pcval);
	wr(cntv_ctl_el0, vctl);
	wr(cntp_ctl_el0, pctl);
	tm_wr(T_HP, 1, hpcval);
	tm_wr(T_HP, 0, hpctl);
	tm_wr(T_HV, 1, hvcval);
	tm_wr(T_HV, 0, hvctl);
}

/* ---------------------------------------------------------------- re-arm */

static int rearm_t;

static void rearm_hook(u32 id)
{
	(void)id;
	tm_wr(rearm_t, 1, FUTURE); /* the handler moves the deadline away, CTL unchanged */
}

static const char *took(u32 id, unsigned ppi)
{
	return id == NO_INTID ? "no IRQ within the bound" : id == ppi ? "IRQ taken" : "other IRQ";
}

static void rearm(const char *what, int t, unsigned ppi)
{
	u64 ctl = tm_rd(t, 0), cval = tm_rd(t, 1);
	rearm_t = t;
	gic_ppi_config(ppi, 0x80);
	gic_ppi_enable(ppi, 1);
	tm_wr(t, 1, 0);
	tm_wr(t, 0, CTL_ENABLE);
	u32 id = gic_take_irq(rearm_hook, 1);
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_line("%s: first delivery: %s; then pending %u", what, took(id, ppi), p);
	tm_wr(t, 1, 0); /* CVAL alone */
	id = gic_take_irq(rearm_hook, 1);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_line("%s: re-armed through CVAL: %s; then pending %u", what, took(id, ppi), p);
	tm_wr(t, 2, 0); /* TVAL alone: CVAL = count + 0 */
	id = gic_take_irq(rearm_hook, 1);
	p = gic_ppi_settle(GICR_ISPENDR0, ppi, 0);
	t_line("%s: re-armed through TVAL: %s; then pending %u", what, took(id, ppi), p);
	u64 c = tm_rd(t, 0);
	t_ctl(what, c);
	tm_wr(t, 0, 0);
	gic_ppi_config(ppi, 0);
	tm_wr(t, 1, cval);
	tm_wr(t, 0, ctl);
}

/*
 * A hypervisor that keeps its EL1 virtual timer's PPI active while its guest handles that
 * timer (Linux KVM does, through the HW=1 list register or GICR_ISACTIVER0) still takes
 * its own EL2 virtual timer (CNTHV, a different PPI) meanwhile: the two timers are
 * independent (DDI 0487 D12.x; IHI 0069: an active interrupt blocks only itself and,
 * until its priority drop, lower priorities). Here the EL1 virtual timer's PPI is taken
 * and left active without EOI (running priority 0x80), then CNTHV fires at priority 0x40.
 */
static void hook_v_future(u32 id)
{
	(void)id;
	wr(cntv_cval_el0, FUTURE); /* its cause removed; the PPI stays active */
	isb();
}

static void hook_hv_future(u32 id)
{
	(void)id;
	tm_wr(T_HV, 1, FUTURE);
}

static void hv_beside_active_vtimer(void)
{
	unsigned vt = plat.timer_ppi[2], hv = plat.timer_ppi[4];
	u64 vctl = rd(cntv_ctl_el0), vcval = rd(cntv_cval_el0);
	u64 hvctl = tm_rd(T_HV, 0), hvcval = tm_rd(T_HV, 1);

	gic_ppi_config(vt, 0x80);
	gic_ppi_config(hv, 0x40);
	gic_ppi_enable(vt, 1);
	gic_ppi_enable(hv, 1);
	wr(cntv_cval_el0, 0); /* E2H=0: CNTV_*_EL0 is the EL1 virtual timer */
	wr(cntv_ctl_el0, CTL_ENABLE);
	isb();
	u32 id = gic_take_irq(hook_v_future, 0);
	t_line("EL1 virtual timer PPI taken, no EOI: %s; active %u", took(id, vt),
	       gic_ppi_bit(GICR_ISACTIVER0, vt));
	tm_wr(T_HV, 1, 0);
	tm_wr(T_HV, 0, CTL_ENABLE);
	id = gic_take_irq(hook_hv_future, 1);
	t_line("CNTHV meanwhile: %s; EL1 virtual timer PPI still active %u", took(id, hv),
	       gic_ppi_bit(GICR_ISACTIVER0, vt));
	if (id != vt) { /* the priority drop and deactivation of the PPI left active */
		wr(R_ICC_EOIR1_EL1, vt);
		isb();
	}
	t_line("EL1 virtual timer PPI after its EOI: active %u",
	       gic_ppi_settle(GICR_ISACTIVER0, vt, 0));
	tm_wr(T_HV, 0, 0);
	wr(cntv_ctl_el0, 0);
	isb();
	gic_ppi_config(vt, 0);
	gic_ppi_config(hv, 0);
	tm_wr(T_HV, 1, hvcval);
	tm_wr(T_HV, 0, hvctl);
	wr(cntv_cval_el0, vcval);
	wr(cntv_ctl_el0, vctl);
	isb();
}

void sec_timer(void)
{
	if (!plat.gicd || !plat.gicr || !plat.timer_ppi[1] || !plat.timer_ppi[2] ||
	    !plat.timer_ppi[3]) {
		t_line("no GICv3 or no timer PPIs in the DT");
		return;
	}
	gic_up();
	/* First: L2's trapped physical timer before any other timer access of this section
	 * (an L0 whose routing read a stale copy of CNTHCTL_EL2 stopped here). */
	l2_ptimer_trap();
	l2_timers();
	if (has_vhe())
		el2_counts();
	el2_timers();
	u64 voff = rd(R_CNTVOFF_EL2);
	wr(R_CNTVOFF_EL2, 0);
	isb();
	rearm("CNTHP_EL2", T_HP, plat.timer_ppi[3]);
	if (has_vhe() && plat.timer_ppi[4])
		rearm("CNTHV_EL2", T_HV, plat.timer_ppi[4]);
	rearm("CNTV_EL0", T_V, plat.timer_ppi[2]);
	rearm("CNTP_EL0", T_P, plat.timer_ppi[1]);
	if (has_vhe() && plat.timer_ppi[4])
		hv_beside_active_vtimer();
	wr(R_CNTVOFF_EL2, voff);
	isb();
	l2_ptimer_trap();
	gic_down();
}
