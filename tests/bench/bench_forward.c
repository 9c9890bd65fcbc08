// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding benchmarks: instructions per routing decision (callgrind), on the
 * full rule table (several hundred rules). Target: <= 80 instructions per decision.
 */
#include "bench/bench.h"
#include <nvarm/forward.h>
#include <nvarm/arm/esr.h>

#define IL ((uint64_t)NVARM_ESR_IL)
#define SYS(op0, op1, crn, crm, op2, rd)                                                           \
	(((uint64_t)NVARM_EC_SYS64 << 26) | IL | ((uint64_t)(op0) << 20) |                         \
	 ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | ((uint64_t)(crn) << 10) |             \
	 ((uint64_t)(crm) << 1) | (rd))

static struct nvarm_fwd_ctx bench_ctx;

/* A mix of real traps: VM registers, TLBI, EL2 registers under NV, PMU, timers, ICC,
 * an encoding without a rule, and WFI. */
static const uint64_t bench_esrs[16] = {
    SYS(3, 0, 1, 0, 0, 0),   SYS(3, 0, 2, 0, 0, 1),
    SYS(1, 0, 8, 3, 1, 0),   SYS(3, 4, 1, 1, 0, 1),
    SYS(3, 3, 9, 12, 1, 1),  SYS(3, 3, 14, 0, 1, 1),
    SYS(3, 0, 12, 11, 5, 0), SYS(2, 0, 0, 7, 5, 0),
    SYS(3, 3, 14, 9, 3, 1),  SYS(3, 0, 10, 2, 0, 0),
    SYS(3, 0, 4, 2, 2, 1),   SYS(1, 3, 7, 14, 1, 0),
    SYS(3, 5, 1, 0, 0, 0),   SYS(3, 0, 0, 4, 0, 1),
    SYS(3, 0, 5, 2, 0, 0),   ((uint64_t)NVARM_EC_WFX << 26) | IL,
};

static struct nvarm_fwd_vstate bench_vs[2];

static void *setup(void)
{
	struct nvarm_fwd_vstate vs = {0};

	vs.features = ~UINT64_C(0) & ~NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY);
	/* A typical KVM-like L1: VHE, NV for its guest, TVM/TWI, FGT on a few registers. */
	vs.reg[NVARM_FWD_HCR_EL2] = (UINT64_C(1) << 34) | (UINT64_C(1) << 42) |
				    (UINT64_C(1) << 26) | (UINT64_C(1) << 13) |
				    (UINT64_C(1) << 40) | (UINT64_C(1) << 41);
	vs.reg[NVARM_FWD_MDCR_EL2] = (UINT64_C(1) << 6) | 6;
	vs.reg[NVARM_FWD_CPTR_EL2] = UINT64_C(3) << 20;
	vs.reg[NVARM_FWD_CNTHCTL_EL2] = UINT64_C(3) << 10;
	vs.reg[NVARM_FWD_HFGRTR_EL2] = UINT64_C(1) << 29;
	vs.pmu_counters = 6;
	bench_vs[0] = vs;
	/* The same L1 with one more trap bit (HCR_EL2.TSC): forces a full reload. */
	bench_vs[1] = vs;
	bench_vs[1].reg[NVARM_FWD_HCR_EL2] |= UINT64_C(1) << 19;
	if (nvarm_fwd_load(&bench_ctx, &vs) != NVARM_OK)
		abort();
	return &bench_ctx;
}

/* The result goes to a static buffer so that each op is little more than the call. */
static struct nvarm_fwd_result bench_res;

static void op_route_mix(void *st, unsigned i)
{
	(void)nvarm_fwd_route(st, bench_esrs[i & 15], i & 1, &bench_res);
}

static void op_route_sctlr(void *st, unsigned i)
{
	(void)i;
	(void)nvarm_fwd_route(st, SYS(3, 0, 1, 0, 0, 0), 1, &bench_res);
}

/* L1 changed its controls since the last entry to L2: full evaluation. */
static void op_load_changed(void *st, unsigned i)
{
	(void)nvarm_fwd_load(st, &bench_vs[i & 1]);
}

/* Unchanged controls: the reload is a compare. */
static void op_load_same(void *st, unsigned i)
{
	(void)i;
	(void)nvarm_fwd_load(st, &bench_vs[0]);
}

/* L2's hardware trap controls from the loaded context (once per L2 entry), FGT merged. */
static struct nvarm_fwd_hw bench_hw;

static void op_hw_traps(void *st, unsigned i)
{
	bench_hw.hcr = UINT64_C(0x80000003b) | i;
	(void)nvarm_fwd_hw_traps(st, NVARM_FWD_HW_FGT, &bench_hw);
}

static const struct nvarm_bench benches[] = {
    {"fwd_route_mix", 16000, 80, setup, op_route_mix},
    {"fwd_route_sctlr", 10000, 80, setup, op_route_sctlr},
    /* Once per L2 entry, not per trap (518 rules with FEAT_SME's SMCR_EL12 and SMPRIMAP_EL2:
       25,046). */
    {"fwd_load_changed", 2000, 25500, setup, op_load_changed},
    {"fwd_load_same", 10000, 150, setup, op_load_same},
    {"fwd_hw_traps", 4000, 150, setup, op_hw_traps},
};

NVARM_BENCH_MAIN(benches)
