// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vtimer benchmarks (callgrind instructions per operation).
 *
 * The library works on computed values (struct nvarm_vtimer_hw); the figure is
 * nvarm's own work. The L0's MRS of the five guest-writable registers before and
 * MSR of the dirty ones after are hardware accesses it does in any design and
 * are not part of the measurement.
 *
 * Each switch op alternates L1->L2 and L2->L1; the figure is the mean of both.
 * The setups are the realistic worst cases: L1 gives L2 a non-zero CNTVOFF (so
 * the hardware CNTVOFF changes on every switch), and with E2H=1 CNTKCTL_EL1 is
 * swapped too.
 */
#include "bench/bench.h"

#include <nvarm/vtimer.h>

struct bench_vt {
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	_Alignas(8) uint64_t vncr[512];
	uint64_t now;
};

static struct bench_vt *make(uint32_t flags, bool vncr, bool e2h)
{
	struct bench_vt *b = calloc(1, sizeof(*b));
	struct nvarm_vtimer_config cfg;

	if (!b)
		abort();
	nvarm_vtimer_config_default(&cfg);
	cfg.flags = flags;
	cfg.vncr = vncr ? b->vncr : NULL;
	if (flags & NVARM_VTIMER_F_HOST_VHE)
		cfg.host_cnthctl = NVARM_CNTHCTL_E2H1_EL1PCTEN | NVARM_CNTHCTL_E2H1_EL1PTEN;
	b->now = 1000000;
	if (nvarm_vtimer_init(&b->vt, &cfg) || nvarm_vtimer_set_e2h(&b->vt, NULL, e2h))
		abort();
	/* L1 gives its L2 a virtual offset (as KVM does): CNTVOFF differs per context. */
	if (nvarm_vtimer_sysreg_write(&b->vt, NULL, NVARM_ENC_CNTVOFF_EL2, b->now, 123456))
		abort();
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r = {.cval = b->now + 1000 * (t + 1),
					      .ctl = NVARM_CNT_CTL_ENABLE};
		if (nvarm_vtimer_set(&b->vt, NULL, t, &r))
			abort();
	}
	if (nvarm_vtimer_activate(&b->vt, &b->hw, b->now))
		abort();
	b->hw.dirty = 0;
	return b;
}

static void *setup_vhe_nv2(void)
{
	return make(NVARM_VTIMER_F_HOST_VHE | NVARM_VTIMER_F_HW_ECV | NVARM_VTIMER_F_ECV, true,
		    true);
}

static void *setup_nvhe_nv1(void)
{
	return make(0, false, false);
}

static void op_switch(void *state, unsigned i)
{
	struct bench_vt *b = state;

	nvarm_vtimer_switch(&b->vt, &b->hw, (i & 1) ? NVARM_VTIMER_CTX_L1 : NVARM_VTIMER_CTX_L2,
			    b->now + i);
	b->hw.dirty = 0; /* the L0 wrote them */
}

static void op_deadline(void *state, unsigned i)
{
	struct bench_vt *b = state;
	struct nvarm_vtimer_deadline d;

	nvarm_vtimer_next_deadline(&b->vt, b->now + i, &d);
}

static void op_pending(void *state, unsigned i)
{
	struct bench_vt *b = state;

	(void)nvarm_vtimer_pending(&b->vt, b->now + i);
}

static void op_trap_cnthp_tval(void *state, unsigned i)
{
	struct bench_vt *b = state;

	nvarm_vtimer_sysreg_write(&b->vt, &b->hw, NVARM_ENC_CNTHP_TVAL_EL2, b->now + i, 5000);
}

/* vtimer_switch: 145 before the switch compared the incoming timers with the hardware (+22:
 * the four compares; each spares the L0 a timer register write, which QEMU pays for with a
 * timer re-evaluation: an L2 hypercall under NV2 went from 80-82 to 76-77 us) */
static const struct nvarm_bench table[] = {
    {"vtimer_switch_vhe_e2h1_nv2", 10000, 175, setup_vhe_nv2, op_switch},
    {"vtimer_switch_nvhe_e2h0", 10000, 150, setup_nvhe_nv1, op_switch},
    {"vtimer_deadline_l1_nv2", 10000, 120, setup_vhe_nv2, op_deadline},
    {"vtimer_pending_l1_nv2", 10000, 120, setup_vhe_nv2, op_pending},
    {"vtimer_trap_cnthp_tval", 10000, 250, setup_vhe_nv2, op_trap_cnthp_tval},
};

NVARM_BENCH_MAIN(table)
