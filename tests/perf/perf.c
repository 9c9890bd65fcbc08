// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The benchmark guest hypervisor (issue #15): the same image is timed natively at EL2
// and as L1 under an L0, in one QEMU run each, with the guest's own counter. Each
// operation prints "P: <op>: <ns>.<2 digits> ns/op (<n> ops)"; scripts/bench puts the
// native and nested figures side by side. The runtime (boot, vectors, the L2 runner)
// is the conformance image's (tests/conform); only the measurements are here.
//
// What is measured (everything a guest hypervisor does often):
//   l1_trap_sctlr_el2   L1 `mrs SCTLR_EL2` (traps to the L0 under NV and NV2)
//   l1_vncr_tpidr_el2   L1 `mrs TPIDR_EL2` (VNCR page under NV2, a trap under NV)
//   l1_hvc_own_vector   L1 `hvc` at vEL2, taken to its own EL2 vector and back
//   l1_smc_psci_version L1 `smc` PSCI_VERSION (QEMU's PSCI natively, the L0's nested)
//   l2_hvc              L2 `hvc` -> L1's EL2 vector -> L1 resumes L2 (`eret`)
//   l2_mmio_read        L2 load from an IPA L1 leaves unmapped (L1 emulates: skips it)
//   l2_idreg_trap       L2 `mrs ID_AA64PFR0_EL1` trapped by L1's HCR_EL2.TID3
//   l2_first_touch      L2's first access to each page L1 mapped (L2-timed, per page)
//   l2_retouch          the same pages again
#include "conform.h"

/* The operations; the profiling images (CMakeLists.txt: perf_only_<op>, scripts/bench
 * --profile) are built with PERF_ONLY = one of them, or OP_NONE for the baseline. */
enum perf_op {
	OP_NONE,
	OP_L1_SCTLR,
	OP_L1_TPIDR,
	OP_L1_HVC,
	OP_L1_SMC,
	OP_L2_HVC,
	OP_L2_MMIO,
	OP_L2_IDREG,
	OP_L2_TOUCH,
};
#ifdef PERF_ONLY
#define RUN(op) ((op) == PERF_ONLY)
#else
#define RUN(op) ((op) != OP_NONE)
#endif

#define N_L1 1000
#define N_L2 500
/* Each figure is the best of ROUNDS rounds: the host running QEMU can preempt it, never
 * make it faster. */
#define ROUNDS 5

static u64 now(void)
{
	isb();
	return rd(cntpct_el0);
}

/* ticks / n in ns with two decimals, from CNTFRQ_EL0. */
static void report(const char *op, u64 ticks, u64 n, u64 freq)
{
	unsigned __int128 c = (unsigned __int128)ticks * 100000000000ULL;
	u64 x100 = (u64)(c / ((unsigned __int128)freq * n));
	c_printf("P: %s: %lu.%02lu ns/op (%lu ops)\n", op, (unsigned long)(x100 / 100),
		 (unsigned long)(x100 % 100), (unsigned long)n);
}

static void fail(const char *op, const char *why, const struct l2_exit *e)
{
	c_printf("P: %s: FAILED: %s (vector %d ESR_EL2=0x%lx)\n", op, why, e->vector,
		 (unsigned long)e->esr);
}

/* One L1 operation, ROUNDS x N_L1 times; 0 if it did not behave. */
enum l1_op { L1_SCTLR, L1_TPIDR, L1_HVC, L1_SMC };

static u64 l1_round(enum l1_op op)
{
	u64 v = 0, s = now();
	struct probe r = {0};
	for (int i = 0; i < N_L1; i++) {
		switch (op) {
		case L1_SCTLR:
			__asm__ volatile("mrs %0, sctlr_el2" : "=r"(v));
			break;
		case L1_TPIDR:
			__asm__ volatile("mrs %0, tpidr_el2" : "=r"(v));
			break;
		case L1_HVC:
			PROBE_X0(&r, 0, "hvc #0x51");
			if (!r.taken || (r.esr >> 26) != 0x16)
				return 0;
			break;
		case L1_SMC: {
			register u64 x0 __asm__("x0") = 0x84000000; /* PSCI_VERSION */
			__asm__ volatile("smc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
			if (x0 >> 31)
				return 0;
			break;
		}
		}
	}
	(void)v;
	return now() - s;
}

static void l1_op(const char *name, enum l1_op op, u64 freq)
{
	u64 best = ~0ULL;
	for (int k = 0; k < ROUNDS; k++) {
		u64 t = l1_round(op);
		if (!t) {
			c_printf("P: %s: FAILED: the instruction did not do what it should\n",
				 name);
			return;
		}
		best = t < best ? t : best;
	}
	report(name, best, N_L1, freq);
}

static u64 l2_hvc_loop(u64 n)
{
	for (u64 i = 0; i < n; i++)
		__asm__ volatile("hvc #1" ::: "memory");
	return n;
}

static u64 l2_load_loop(u64 n)
{
	u64 a = l2_hole() + 0x40, v = 0;
	for (u64 i = 0; i < n; i++)
		v += *(volatile u64 *)a;
	return v;
}

static u64 l2_idreg_loop(u64 n)
{
	u64 v = 0;
	for (u64 i = 0; i < n; i++)
		v += rd(id_aa64pfr0_el1);
	return v;
}

/* The pages above the hole: [image block + 4 MiB, image block + (L2_MAP_ABOVE+1) * 2 MiB). */
#define TOUCH_LO (2 * 0x200000ULL)
#define TOUCH_HI ((L2_MAP_ABOVE + 1) * 0x200000ULL)

/* L2 times itself (its virtual count: the same rate as the physical one). */
static u64 l2_touch(u64 first)
{
	u64 s, e, sum = 0;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(s));
	for (u64 a = first + TOUCH_LO; a < first + TOUCH_HI; a += 4096)
		sum += *(volatile u64 *)a;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(e)::"memory");
	(void)sum;
	return e - s;
}

/* Run fn(n) in L2, resuming it after every exit of the expected class (EC) until it
 * returns; the time covers L1's handling of every exit, as a hypervisor's run loop. */
static void l2_op(const char *op, u64 (*fn)(u64), u64 hcr, unsigned ec, int skip, u64 freq)
{
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = hcr, .fast = 1};
	struct l2_exit e;
	/* Warm up: one call builds what the first entry needs (L1's tables, L0's shadow). */
	int rc = run_l2(&cfg, fn, 1, &e);
	while (rc == 1 && (e.esr >> 26) == ec && e.vector == 0)
		rc = l2_resume(&cfg, skip, &e);
	if (rc != 0) {
		l2_unload();
		return fail(op, "warm-up did not return", &e);
	}
	u64 best = ~0ULL;
	for (int k = 0; k < ROUNDS; k++) {
		u64 exits = 0, s = now();
		rc = run_l2(&cfg, fn, N_L2, &e);
		while (rc == 1 && (e.esr >> 26) == ec && e.vector == 0) {
			exits++;
			rc = l2_resume(&cfg, skip, &e);
		}
		u64 t = now() - s;
		if (rc != 0 || exits != N_L2) {
			l2_unload();
			return fail(op, rc ? "L2 stopped" : "wrong number of exits", &e);
		}
		best = t < best ? t : best;
	}
	l2_unload();
	u64 t = best;
	report(op, t, N_L2, freq);
}

void sec_perf(void)
{
	u64 freq = rd(cntfrq_el0);
	if (!freq)
		freq = 1000000000ULL;
	if (RUN(OP_L1_SCTLR))
		l1_op("l1_trap_sctlr_el2", L1_SCTLR, freq);
	if (RUN(OP_L1_TPIDR))
		l1_op("l1_vncr_tpidr_el2", L1_TPIDR, freq);
	if (RUN(OP_L1_HVC))
		l1_op("l1_hvc_own_vector", L1_HVC, freq);
	if (RUN(OP_L1_SMC) && !plat.psci_hvc)
		l1_op("l1_smc_psci_version", L1_SMC, freq);
	if (RUN(OP_L2_HVC))
		l2_op("l2_hvc", l2_hvc_loop, 0, 0x16, 0, freq);
	if (RUN(OP_L2_MMIO))
		l2_op("l2_mmio_read", l2_load_loop, 0, 0x24, 1, freq);
	if (RUN(OP_L2_IDREG))
		l2_op("l2_idreg_trap", l2_idreg_loop, BIT(18) /* TID3 */, 0x18, 1, freq);
	if (!RUN(OP_L2_TOUCH))
		return;

	struct l2_config cfg = {.granule_shift = 12, .fast = 1};
	struct l2_exit e;
	u64 first = c_base() & ~0x1fffffULL, pages = (TOUCH_HI - TOUCH_LO) / 4096;
	for (int pass = 0; pass < 2; pass++) {
		const char *op = pass ? "l2_retouch" : "l2_first_touch";
		if (run_l2(&cfg, l2_touch, first, &e) != 0)
			fail(op, "L2 stopped", &e);
		else
			report(op, e.ret, pages, freq);
	}
	l2_unload();
}
