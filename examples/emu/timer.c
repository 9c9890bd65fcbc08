// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The generic timer of the emulator embedding. Unicorn's counter follows the host clock, so
// every counter and timer register access is hooked: the count is the number of instructions
// executed plus the time WFI skipped (deterministic: the same run gives the same numbers).
// Four timers: EL1 physical (PPI 30), EL1 virtual (PPI 27, counts minus L1's CNTVOFF_EL2),
// EL2 physical (PPI 26) and EL2 virtual (PPI 28), reached by the names the accessor's
// context gives them (L2 at EL1; L1 at vEL2 with E2H = 0: the EL0 names are the EL1 timers;
// with E2H = 1: the EL0 names are the EL2 timers and the EL02 names the EL1 ones). Their
// output levels drive L1's GIC PPIs.
#include "emu.h"

enum { T_P, T_V, T_HP, T_HV, T_N };

static struct {
	uint64_t ctl[T_N], cval[T_N];
	uint64_t cnthctl, l2_cntkctl;
} t;

static const unsigned ppi[T_N] = {PPI_PTIMER, PPI_VTIMER, PPI_HTIMER, PPI_HVTIMER};

/* The count at reset: a machine that has been up a while (a guest's virtual count, the
 * physical one minus its CNTVOFF_EL2, must not start negative). */
#define COUNT_BASE 0x100000000ull

uint64_t now(void)
{
	return COUNT_BASE + E.icount + E.skipped;
}

/* CNTVOFF_EL2 as it applies to the virtual count L1 reads at vEL2: none with E2H = 1 (the EL2
 * virtual count is the physical one, as the native run of the conformance image shows) */
static uint64_t voff(void)
{
	if (!E.in_l2 && nvarm_vel2_is_vhe(&E.v2))
		return 0;
	return vel2_get(NVARM_ENC_CNTVOFF_EL2);
}

static uint64_t count(unsigned i)
{
	/* the EL1 virtual timer counts minus L1's CNTVOFF_EL2; the EL2 ones count the physical
	 * count (the EL2 virtual timer: no offset, like the EL2 virtual count with E2H = 1) */
	return i == T_V ? now() - vel2_get(NVARM_ENC_CNTVOFF_EL2) : now();
}

static bool fired(unsigned i)
{
	return (t.ctl[i] & 1) && count(i) >= t.cval[i];
}

void timer_update(void)
{
	for (unsigned i = 0; i < T_N; i++)
		gic_ppi_level(ppi[i], fired(i) && !(t.ctl[i] & 2));
}

uint64_t timer_next_deadline(void)
{
	uint64_t best = UINT64_MAX;
	for (unsigned i = 0; i < T_N; i++) {
		if (!(t.ctl[i] & 1) || (t.ctl[i] & 2) || fired(i))
			continue;
		uint64_t at = now() + (t.cval[i] - count(i));
		if (at < best)
			best = at;
	}
	return best;
}

void timer_init(void)
{
	t.cnthctl = 3;
}

/* 1: handled (*v for reads), 0: not a timer register this model owns, -1: UNDEFINED. */
int timer_sysreg(uint32_t enc, bool read, uint64_t *v)
{
	unsigned op1 = NVARM_SYSREG_OP1(enc), crm = NVARM_SYSREG_CRM(enc),
		 op2 = NVARM_SYSREG_OP2(enc);
	bool vhe = !E.in_l2 && nvarm_vel2_is_vhe(&E.v2);
	int i = -1;

	if (NVARM_SYSREG_OP0(enc) != 3 || NVARM_SYSREG_CRN(enc) != 14)
		return 0;
	if (enc == NVARM_ENC_CNTPCT_EL0 || enc == NVARM_SYSREG_ENC(3, 3, 14, 0, 5)) {
		if (read)
			*v = now();
		return 1;
	}
	if (enc == NVARM_ENC_CNTVCT_EL0 || enc == NVARM_SYSREG_ENC(3, 3, 14, 0, 6)) {
		if (read)
			*v = E.in_l2 ? now() - vel2_get(NVARM_ENC_CNTVOFF_EL2) : now() - voff();
		return 1;
	}
	if (crm == 1 && op2 == 0) { /* CNTKCTL_EL1 / CNTHCTL_EL2 / CNTKCTL_EL12 */
		uint64_t *r;
		if (op1 == 4 || (op1 == 0 && vhe))
			r = &t.cnthctl;
		else if (op1 == 0 || (op1 == 5 && vhe))
			r = &t.l2_cntkctl;
		else
			return -1;
		if (read)
			*v = *r;
		else
			*r = *v;
		return 1;
	}
	if (crm != 2 && crm != 3)
		return 0; /* CNTFRQ, CNTVOFF...: not here */
	if (E.in_l2)
		i = op1 == 3 ? (crm == 2 ? T_P : T_V) : -1;
	else if (op1 == 3)
		i = vhe ? (crm == 2 ? T_HP : T_HV) : (crm == 2 ? T_P : T_V);
	else if (op1 == 4)
		i = crm == 2 ? T_HP : T_HV;
	else if (op1 == 5 && vhe)
		i = crm == 2 ? T_P : T_V;
	if (i < 0)
		return -1;
	unsigned k = (unsigned)i;
	if (op2 == 1) { /* CTL: ENABLE, IMASK; ISTATUS read-only */
		if (read)
			*v = (t.ctl[k] & 3) | (fired(k) ? 4 : 0);
		else
			t.ctl[k] = *v & 3;
	} else if (op2 == 2) { /* CVAL */
		if (read)
			*v = t.cval[k];
		else
			t.cval[k] = *v;
	} else if (op2 == 0) { /* TVAL: signed 32 bits */
		if (read)
			*v = (uint32_t)(t.cval[k] - count(k));
		else
			t.cval[k] = count(k) + (uint64_t)(int64_t)(int32_t)(uint32_t)*v;
	} else {
		return 0;
	}
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
