// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm_vtimer_resume() against the calls it combines (include/nvarm/vtimer.h): on random
 * vCPU timer states (context, E2H, VNCR page or not, ECV, offsets, timers armed around
 * `now`, some acknowledged, some of those re-armed behind the library's back in the
 * hardware or the page), one copy of the state runs what an L0 did before the combined
 * call existed -- nvarm_vtimer_sync(), nvarm_vtimer_get() of each timer for the line
 * levels, nvarm_vtimer_pending() with nvarm_vtimer_ack() of each, then
 * nvarm_vtimer_next_deadline() -- and the other runs nvarm_vtimer_resume(). Results and
 * every byte of the resulting state (timers, masks, hardware mirror and dirty set) must
 * be equal. The separate calls are checked against a model of the architecture's timers
 * in test_vtimer_prop.c.
 *
 * Seed: fixed default; NVARM_TEST_SEED=<n> (tests/test_rng.h) and NVARM_VTIMER_RUNS=<n>
 * override.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_rng.h"
#include "vt_fixture.h"

#define EN  NVARM_CNT_CTL_ENABLE
#define MSK NVARM_CNT_CTL_IMASK

static uint64_t rng;

#define rnd()	 test_rng(&rng)
#define below(n) test_below(&rng, (n))

static void fx_assert_same(struct vt_fx *a, struct vt_fx *b)
{
	struct nvarm_vtimer va = a->vt, vb = b->vt;

	va.vncr = vb.vncr = NULL;
	assert_memory_equal(&va, &vb, sizeof(va));
	assert_memory_equal(&a->hw, &b->hw, sizeof(a->hw));
	assert_memory_equal(a->real, b->real, sizeof(a->real));
	assert_memory_equal(a->vncr, b->vncr, sizeof(a->vncr));
}

/* A value near @p count: a little before or after it, or far away. */
static uint64_t near(uint64_t count)
{
	switch (below(4)) {
	case 0:
		return count - below(200);
	case 1:
		return count + 1 + below(200);
	case 2:
		return count;
	default:
		return rnd();
	}
}

/* Random state at hardware time @p h; returns the number of acknowledged timers. */
static unsigned make_state(struct vt_fx *f, uint64_t h)
{
	uint32_t flags = below(2) ? NVARM_VTIMER_F_HOST_VHE : 0;
	bool ecv = below(2), nv2 = below(2), e2h = below(2);
	unsigned ctx = below(2) ? NVARM_VTIMER_CTX_L2 : NVARM_VTIMER_CTX_L1, acked = 0;
	/* a quarter of the states arm no timer (none ENABLE without IMASK): resume's shortcut,
	 * unless a guest's untrapped re-arm below makes one live */
	bool quiet = !below(4);
	static const uint64_t idle_ctl[] = {0, MSK, EN | MSK};

	if (ecv)
		flags |= NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV;
	assert_int_equal(vt_fx_init(f, flags, nv2, 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f->vt, NULL, e2h), 0);
	assert_int_equal(nvarm_vtimer_activate(&f->vt, vt_fx_hw(f), h), 0);
	if (ecv && below(2))
		assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
							   NVARM_ENC_CNTHCTL_EL2, h,
							   (e2h ? 0xc00 : 0x3) | NVARM_CNTHCTL_ECV),
				 0);
	/* L1 writes the offsets and programs all four timers, then the vCPU maybe enters L2. */
	assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f), NVARM_ENC_CNTVOFF_EL2, h,
						   below(2) ? below(5000) : rnd()),
			 0);
	if (ecv)
		assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
							   NVARM_ENC_CNTPOFF_EL2, h, below(5000)),
				 0);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r = {
		    .cval = near(nvarm_vtimer_count(&f->vt, t, h)),
		    .ctl = quiet      ? idle_ctl[below(3)]
			   : below(4) ? EN
				      : (uint64_t)below(4),
		};
		assert_int_equal(nvarm_vtimer_set(&f->vt, vt_fx_hw(f), t, &r), 0);
	}
	if (ctx == NVARM_VTIMER_CTX_L2)
		assert_int_equal(nvarm_vtimer_switch(&f->vt, vt_fx_hw(f), ctx, h), 0);
	/* The L0 acknowledged some deliveries, at this time or earlier. */
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		if (below(2) && nvarm_vtimer_ack(&f->vt, vt_fx_hw(f), t, h - below(3)) == 1)
			acked++;
	/* Guests re-arm without trapping: the hardware registers, or L2's timers in the page. */
	for (unsigned hw = 0; hw < 2; hw++)
		if (!below(4))
			vt_fx_set_reg(f, below(2) ? vt_fx_cval(hw) : vt_fx_ctl(hw),
				      below(2) ? near(h) : (uint64_t)below(4));
	if (f->vt.vncr && ctx == NVARM_VTIMER_CTX_L1 && !below(3)) {
		static const uint16_t slots[] = {NVARM_VNCR_CNTV_CVAL_EL0, NVARM_VNCR_CNTV_CTL_EL0,
						 NVARM_VNCR_CNTP_CVAL_EL0, NVARM_VNCR_CNTP_CTL_EL0};
		unsigned k = below(4);
		f->vncr[slots[k] / 8] = (k & 1) ? (uint64_t)below(4) : near(h);
	}
	return acked;
}

/* What an L0 did at the end of every exit before nvarm_vtimer_resume(). */
static void separate_calls(struct vt_fx *f, uint64_t h, struct nvarm_vtimer_resume *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = nvarm_vtimer_sync(&f->vt, vt_fx_hw(f), h);
	assert_true(rc >= 0);
	out->rearmed = (uint32_t)rc;
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r;
		assert_int_equal(nvarm_vtimer_get(&f->vt, vt_fx_hw(f), t, h, &r), 0);
		if ((r.ctl & 7) == (EN | NVARM_CNT_CTL_ISTATUS))
			out->level |= 1u << t;
	}
	for (unsigned guard = 0; guard < NVARM_VTIMER_COUNT; guard++) {
		uint32_t pend = nvarm_vtimer_pending(&f->vt, h);
		unsigned t;

		if (!pend)
			break;
		t = (unsigned)__builtin_ctz(pend);
		assert_int_equal(nvarm_vtimer_ack(&f->vt, vt_fx_hw(f), t, h), 1);
		out->fired |= 1u << t;
	}
	rc = nvarm_vtimer_next_deadline(&f->vt, h, &out->deadline);
	assert_true(rc == 0 || rc == NVARM_ERR_NOENT);
	out->has_deadline = rc == 0;
	vt_fx_flush(f);
}

/*
 * nvarm_vtimer_idle() on a copy of @p f at time @p h: it reads only (the copy unchanged), and
 * says 1 exactly when no timer is acknowledged and none is live as nvarm_vtimer_get() (which
 * reads the page while L1 runs with one) shows its guest's CTL: ENABLE set, IMASK clear.
 */
static int check_idle(const struct vt_fx *f, uint64_t h)
{
	static struct vt_fx c, before, g;
	bool live = false;
	int idle;

	vt_fx_copy(&c, f);
	struct nvarm_vtimer_hw *hw = vt_fx_hw(&c); /* (the L0's pull after the exit) */
	vt_fx_copy(&before, &c);
	idle = nvarm_vtimer_idle(&c.vt, hw);
	assert_true(idle == 0 || idle == 1);
	fx_assert_same(&c, &before);
	vt_fx_copy(&g, f);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r;

		assert_int_equal(nvarm_vtimer_get(&g.vt, vt_fx_hw(&g), t, h, &r), 0);
		live |= (r.ctl & (EN | MSK)) == EN;
	}
	assert_int_equal(idle, !f->vt.acked && !live);
	return idle;
}

static void test_resume_equals_calls(void **state)
{
	(void)state;
	static struct vt_fx a, b;
	const char *n = getenv("NVARM_VTIMER_RUNS");
	uint64_t seed = test_seed(0x5e5e7e5ull);
	unsigned runs = n ? (unsigned)strtoul(n, NULL, 0) : 20000;
	unsigned long with_acked = 0, with_fired = 0, with_rearm = 0, with_deadline = 0,
		      with_nothing = 0, with_idle = 0;

	for (unsigned run = 0; run < runs; run++) {
		struct nvarm_vtimer_resume want, got;
		uint64_t h;

		rng = (seed + run * 0x9e3779b97f4a7c15ull) | 1;
		h = below(4) ? rnd() : below(1000);
		with_acked += make_state(&a, h) > 0;
		vt_fx_copy(&b, &a);
		h += below(3); /* time passes between the exit and the resume */
		int idle = check_idle(&a, h);
		with_idle += idle;
		separate_calls(&a, h, &want);
		memset(&got, 0xa5, sizeof(got));
		assert_int_equal(nvarm_vtimer_resume(&b.vt, vt_fx_hw(&b), h, &got), 0);
		vt_fx_flush(&b);
		if (want.level != got.level || want.fired != got.fired ||
		    want.rearmed != got.rearmed || want.has_deadline != got.has_deadline)
			print_error("run %u (seed 0x%llx): level %x/%x fired %x/%x rearmed %u/%u "
				    "deadline %u/%u\n",
				    run, (unsigned long long)seed, want.level, got.level,
				    want.fired, got.fired, want.rearmed, got.rearmed,
				    want.has_deadline, got.has_deadline);
		assert_int_equal(got.level, want.level);
		assert_int_equal(got.fired, want.fired);
		assert_int_equal(got.rearmed, want.rearmed);
		assert_int_equal(got.has_deadline, want.has_deadline);
		if (want.has_deadline) {
			assert_int_equal(got.deadline.delta, want.deadline.delta);
			assert_int_equal(got.deadline.hw_cval, want.deadline.hw_cval);
			assert_int_equal(got.deadline.timer, want.deadline.timer);
			assert_int_equal(got.deadline.ppi, want.deadline.ppi);
		}
		fx_assert_same(&a, &b);
		/* nothing to do said beforehand: the resume found nothing */
		if (idle)
			assert_int_equal(want.level | want.fired | want.rearmed | want.has_deadline,
					 0);
		with_fired += want.fired != 0;
		with_rearm += want.rearmed != 0;
		with_deadline += want.has_deadline;
		with_nothing += !(want.level | want.fired | want.rearmed | want.has_deadline);
	}
	print_message("resume: %u states, %lu with acknowledged timers, %lu re-armed, %lu "
		      "delivering, %lu with a deadline, %lu with nothing, %lu idle\n",
		      runs, with_acked, with_rearm, with_fired, with_deadline, with_nothing,
		      with_idle);
	/* Every branch of the combined call must have been compared, or this proves little. */
	assert_true(with_acked > runs / 8 && with_rearm > runs / 50 && with_fired > runs / 8 &&
		    with_deadline > runs / 8 && with_nothing > runs / 8 && with_idle > runs / 8 &&
		    with_idle < with_nothing);
}

static void test_resume_errors(void **state)
{
	(void)state;
	static struct vt_fx f;
	struct nvarm_vtimer_resume r;

	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	assert_int_equal(nvarm_vtimer_resume(NULL, NULL, 0, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_resume(&f.vt, NULL, 0, NULL), NVARM_ERR_INVAL);
	/* Not loaded: no hardware needed; nothing armed, nothing found. */
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(nvarm_vtimer_resume(&f.vt, NULL, 5, &r), 0);
	assert_int_equal(r.level | r.fired | r.rearmed | r.has_deadline, 0);
	assert_int_equal(nvarm_vtimer_idle(NULL, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_idle(&f.vt, NULL), 1); /* not loaded, nothing armed */
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 5), 0);
	assert_int_equal(nvarm_vtimer_resume(&f.vt, NULL, 5, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_idle(&f.vt, NULL), NVARM_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resume_equals_calls),
	    cmocka_unit_test(test_resume_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
