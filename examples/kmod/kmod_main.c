// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm as a Linux kernel module: the library built by Kbuild through the kernel shim
 * (src/platform/kernel/), an nvarm_platform_ops backed by kernel primitives, and nvarm's
 * own host tests run in kernel context at module load:
 *
 *   - the shadow stage-2 differential test against the reference walker
 *     (tests/s2mmu/test_s2mmu_diff.c with fixture.c and ref.c: seeded random, partly
 *     hostile L1 tables, all 9 guest x host granule pairs, invalidation rounds),
 *   - the forwarding-table checks (tests/forward/test_forward.c),
 *   - the vGIC model tests (tests/vgic/test_vgic_{regs,l1,nested}.c, gic_model.c),
 *   - the vtimer model tests (tests/vtimer/test_vtimer{,_prop}.c).
 *
 * Each group prints "nvarm-kmod: <group>: P passed, F failed"; the last line is the
 * verdict "nvarm-kmod: N passed, F failed". Loading never fails because of a test: the
 * verdict line is the result (a failed assertion prints its file, line and values).
 *
 * Platform: ops->lock/unlock take a spinlock (and give the CPU back after unlocking,
 * like KVM's cond_resched_lock, since the differential test runs for a while); ops->log
 * goes to pr_err/pr_warn/pr_info (rate-limited: hostile tables make nvarm log) and
 * pr_debug; L1 descriptors are read with READ_ONCE and updated with cmpxchg64; the L1
 * memories, the page pools and nvarm's state memory the tests hand to nvarm are
 * kvmalloc'd (vmalloc for the large ones; see kmod_libc.c). Where the L1 memory is, L0's
 * stage-2 and the fake hardware registers stay the host model's (src/platform/host/host.c):
 * there is no L1 guest here, as in the host tests.
 */
#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "kmod_test.h"

#include <nvarm/platform_host.h>

static char *seed;
module_param(seed, charp, 0444);
MODULE_PARM_DESC(seed, "Seed for the randomised tests (NVARM_SEED/NVARM_TEST_SEED of the host "
		       "tests); default: each test's fixed seed");

static DEFINE_SPINLOCK(nvarm_kmod_lock);

static void kmod_lock(void *user)
{
	spin_lock(user);
}

static void kmod_unlock(void *user)
{
	spin_unlock(user);
	cond_resched();
}

static void kmod_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	struct nvarm_host_model *m = ctx;

	/* The tests check what nvarm logged, as with the host model's own log. */
	m->log_count++;
	m->last_log = msg;
	switch (level) {
	case NVARM_LOG_ERROR:
		pr_err_ratelimited("nvarm: %s\n", msg);
		break;
	case NVARM_LOG_WARN:
		pr_warn_ratelimited("nvarm: %s\n", msg);
		break;
	case NVARM_LOG_INFO:
		pr_info_ratelimited("nvarm: %s\n", msg);
		break;
	default:
		pr_debug("nvarm: %s\n", msg);
		break;
	}
}

/* L1 memory: descriptors read single-copy atomic (READ_ONCE), updated with cmpxchg64. */
static int kmod_read_l1(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	void *p = nvarm_host_model_l1_ptr(ctx, ipa, len);

	if (!p)
		return NVARM_ERR_GUEST_MEM;
	if (len == 8 && IS_ALIGNED(ipa.v, 8)) {
		u64 v = READ_ONCE(*(u64 *)p);

		memcpy(buf, &v, 8);
	} else {
		memcpy(buf, p, len);
	}
	return NVARM_OK;
}

static int kmod_cmpxchg_l1(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			   uint64_t *cur)
{
	u64 *p = nvarm_host_model_l1_ptr(ctx, ipa, 8);

	if (!p || !IS_ALIGNED(ipa.v, 8))
		return NVARM_ERR_GUEST_MEM;
	*cur = cmpxchg64(p, old, new_val);
	return NVARM_OK;
}

/* The fixture's page pools: see FX_PA_OF in kmod_test.h. */
static void *kmod_pa_to_va(void *ctx, nvarm_pa_t pa)
{
	return FX_VA_OF(pa.v);
}

void nvarm_kmod_host_model_ops(struct nvarm_host_model *m, struct nvarm_platform_ops *ops)
{
	nvarm_host_model_ops(m, ops);
	m->lock_fn = kmod_lock;
	m->unlock_fn = kmod_unlock;
	m->lock_user = &nvarm_kmod_lock;
	ops->log = kmod_log;
	ops->read_l1 = kmod_read_l1;
	ops->cmpxchg_l1 = kmod_cmpxchg_l1;
	ops->pa_to_va = kmod_pa_to_va;
}

char *getenv(const char *name)
{
	if (!strcmp(name, "NVARM_SEED") || !strcmp(name, "NVARM_TEST_SEED"))
		return seed;
	return NULL;
}

/* Failures of the test running now, and totals. Tests run one at a time, at init. */
static unsigned long kmod_fails, kmod_printed;
static unsigned int kmod_passed, kmod_failed;

void nvarm_kmod_fail(const char *file, int line, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	kmod_fails++;
	if (kmod_printed++ >= 32)
		return;
	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_err("nvarm-kmod: FAIL %s:%d: %pV\n", file, line, &vaf);
	va_end(ap);
}

void nvarm_kmod_print_error(const char *fmt, ...)
{
	static char line[256];
	static size_t used;
	va_list ap;

	va_start(ap, fmt);
	used += vscnprintf(line + used, sizeof(line) - used, fmt, ap);
	va_end(ap);
	if (used && line[used - 1] != '\n' && used < sizeof(line) - 1)
		return; /* a line in pieces: printed when complete */
	if (kmod_printed < 32)
		pr_err("nvarm-kmod: %s%s", line, used && line[used - 1] == '\n' ? "" : "\n");
	used = 0;
}

int nvarm_kmod_run_group(const char *group, const struct CMUnitTest *tests, size_t n)
{
	unsigned int passed = 0, failed = 0;
	ktime_t t0 = ktime_get();

	for (size_t i = 0; i < n; i++) {
		unsigned long before = kmod_fails;
		void *state = NULL;

		tests[i].test_func(&state);
		if (kmod_fails != before) {
			failed++;
			pr_err("nvarm-kmod: %s: %s failed (%lu assertions)\n", group, tests[i].name,
			       kmod_fails - before);
		} else {
			passed++;
		}
		cond_resched();
	}
	pr_info("nvarm-kmod: %s: %u passed, %u failed (%lld ms)\n", group, passed, failed,
		ktime_ms_delta(ktime_get(), t0));
	kmod_passed += passed;
	kmod_failed += failed;
	return failed ? 1 : 0;
}

static int __init nvarm_kmod_init(void)
{
	ktime_t t0 = ktime_get();

	pr_info("nvarm-kmod: self-test in kernel context (seed %s)\n", seed ? seed : "default");
#define NVARM_KMOD_RUN(g) nvarm_kmod_main_##g();
	NVARM_KMOD_GROUPS(NVARM_KMOD_RUN)
#undef NVARM_KMOD_RUN
	pr_info("nvarm-kmod: %lld ms\n", ktime_ms_delta(ktime_get(), t0));
	/* The verdict, alone on its line. */
	pr_info("nvarm-kmod: %u passed, %u failed\n", kmod_passed, kmod_failed);
	return 0;
}

static void __exit nvarm_kmod_exit(void)
{
}

module_init(nvarm_kmod_init);
module_exit(nvarm_kmod_exit);

MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("nvarm nested-virtualization primitives built by Kbuild, with their self-test "
		   "(shadow stage-2 differential, forwarding, vGIC, vtimer) run at load");
MODULE_VERSION("0.1");
