// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The world switch's fast paths against its general path (src/vtimer/vtimer.c): on random
 * vCPU timer states and random sequences of what happens between two switches (nothing; the
 * guest rewriting its hardware timers or CNTKCTL_EL1 without trapping, or ISTATUS changing in
 * them; L1 storing into its guest's timer slots of the VNCR page, junk bits included; trapped
 * accesses, acknowledgements, nvarm_vtimer_set(), nvarm_vtimer_resume()), one copy of the
 * state switches with nvarm_vtimer_switch_idle() (its memo of the last switch, its
 * straight-line path, its general path for acknowledged timers), the other with
 * nvarm__vt_switch_ref() followed by nvarm_vtimer_idle(). Every byte of the resulting state
 * (timers, masks, hardware mirror and dirty set, the hardware the L0 wrote, the VNCR page)
 * must be equal but the memo's own fields, and so must the idle answer.
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
#include "vtimer/vtimer_tables.h"

#define EN  NVARM_CNT_CTL_ENABLE
#define MSK NVARM_CNT_CTL_IMASK
#define IST NVARM_CNT_CTL_ISTATUS

static uint64_t rng;

#define rnd()	 test_rng(&rng)
#define below(n) test_below(&rng, (n))

static void fx_assert_same(struct vt_fx *a, struct vt_fx *b, unsigned run, unsigned step)
{
	struct nvarm_vtimer va = a->vt, vb = b->vt;

	va.vncr = vb.vncr = NULL;
	va.sw_memo = vb.sw_memo = 0;
	va.sw_idle = vb.sw_idle = 0;
	va.sw_dirty = vb.sw_dirty = 0;
	if (memcmp(&va, &vb, sizeof(va)) || memcmp(&a->hw, &b->hw, sizeof(a->hw)) ||
	    memcmp(a->real, b->real, sizeof(a->real)) || memcmp(a->vncr, b->vncr, sizeof(a->vncr)))
		print_error("run %u step %u: states differ (dirty %x/%x)\n", run, step, a->hw.dirty,
			    b->hw.dirty);
	assert_memory_equal(&va, &vb, sizeof(va));
	assert_memory_equal(&a->hw, &b->hw, sizeof(a->hw));
	assert_memory_equal(a->real, b->real, sizeof(a->real));
	assert_memory_equal(a->vncr, b->vncr, sizeof(a->vncr));
}

/* A CVAL: mostly 0 (both contexts' timers alike: the switch's usual case), else near @p h. */
static uint64_t cval_near(uint64_t h)
{
	switch (below(4)) {
	case 0:
	case 1:
		return 0;
	case 2:
		return h - 100 + below(200);
	default:
		return rnd();
	}
}

/* A CTL as a guest writes it: mostly disabled (idle), sometimes armed or masked. */
static uint64_t ctl_any(void)
{
	static const uint64_t v[] = {0, 0, 0, MSK, EN | MSK, EN};
	return v[below(6)];
}

static void make_state(struct vt_fx *f, uint64_t h)
{
	uint32_t flags = below(2) ? NVARM_VTIMER_F_HOST_VHE : 0;
	bool ecv = below(2), nv2 = below(3) != 0, e2h = below(2);

	if (ecv)
		flags |= NVARM_VTIMER_F_HW_ECV | (below(2) ? NVARM_VTIMER_F_ECV : 0);
	assert_int_equal(vt_fx_init(f, flags, nv2, ecv && below(2) ? below(1000) : 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f->vt, NULL, e2h), 0);
	assert_int_equal(nvarm_vtimer_activate(&f->vt, vt_fx_hw(f), h), 0);
	if (below(2))
		assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
							   NVARM_ENC_CNTHCTL_EL2, h,
							   (e2h ? 0xc00 : 0x3) | NVARM_CNTHCTL_ECV |
							       (below(2) ? 0x303 : 0)),
				 0);
	if (below(2))
		assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
							   NVARM_ENC_CNTVOFF_EL2, h, below(5000)),
				 0);
	if (flags & NVARM_VTIMER_F_ECV)
		assert_int_equal(nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
							   NVARM_ENC_CNTPOFF_EL2, h, below(5000)),
				 0);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r = {.cval = cval_near(h), .ctl = ctl_any()};
		if (below(3))
			assert_int_equal(nvarm_vtimer_set(&f->vt, vt_fx_hw(f), t, &r), 0);
	}
	if (below(2))
		assert_int_equal(nvarm_vtimer_switch(&f->vt, vt_fx_hw(f), NVARM_VTIMER_CTX_L2, h),
				 0);
	vt_fx_flush(f);
}

/* What happens between two switches, the same on both copies. */
enum between {
	B_NOTHING,    /* the usual: the guest touched no timer */
	B_HW_WRITE,   /* the guest rewrites a hardware timer register (maybe the same value) */
	B_HW_ISTATUS, /* ISTATUS changes in a hardware CTL (the condition, not the guest) */
	B_PAGE_WRITE, /* L1 stores into the VNCR page's timer slots */
	B_TRAP,	      /* a trapped timer register access */
	B_ACK,	      /* the L0 acknowledges a timer */
	B_SET,	      /* nvarm_vtimer_set() */
	B_RESUME,     /* nvarm_vtimer_resume() */
	B_GET,	      /* nvarm_vtimer_get() (reads; with a page, imports it) */
	B__COUNT
};

static void between(struct vt_fx *f, enum between what, uint64_t p0, uint64_t p1, unsigned k,
		    uint64_t h)
{
	static const unsigned hw_slots[] = {NVARM_VTIMER_HWREG_P_CTL, NVARM_VTIMER_HWREG_P_CVAL,
					    NVARM_VTIMER_HWREG_V_CTL, NVARM_VTIMER_HWREG_V_CVAL,
					    NVARM_VTIMER_HWREG_CNTKCTL};
	static const uint16_t page_slots[] = {NVARM_VNCR_CNTV_CVAL_EL0, NVARM_VNCR_CNTV_CTL_EL0,
					      NVARM_VNCR_CNTP_CVAL_EL0, NVARM_VNCR_CNTP_CTL_EL0,
					      NVARM_VNCR_CNTVOFF_EL2,	NVARM_VNCR_CNTPOFF_EL2};
	static const uint32_t trap_regs[] = {NVARM_ENC_CNTV_CTL_EL0,  NVARM_ENC_CNTV_CVAL_EL0,
					     NVARM_ENC_CNTP_TVAL_EL0, NVARM_ENC_CNTKCTL_EL1,
					     NVARM_ENC_CNTHCTL_EL2,   NVARM_ENC_CNTVOFF_EL2,
					     NVARM_ENC_CNTHP_CTL_EL2, NVARM_ENC_CNTHV_CVAL_EL2};
	struct nvarm_vtimer_regs r;
	struct nvarm_vtimer_resume res;
	unsigned s;
	int rc;

	switch (what) {
	case B_NOTHING:
		break;
	case B_HW_WRITE:
		s = hw_slots[k % 5];
		/* An E2H=0 L1's accesses to the hardware timers trap (EL1PCEN and FEAT_ECV's
		 * EL1TVT in the hardware CNTHCTL_EL2): it writes them through the library. */
		if (f->vt.ctx == NVARM_VTIMER_CTX_L1 && !f->vt.e2h &&
		    (f->vt.flags & NVARM_VTIMER_F_HW_ECV) && s != NVARM_VTIMER_HWREG_CNTKCTL) {
			rc = nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f),
						       (k & 1) ? NVARM_ENC_CNTHP_CVAL_EL2
							       : NVARM_ENC_CNTHV_CTL_EL2,
						       h, p0 & 3);
			assert_int_equal(rc, 0);
			break;
		}
		if (s == NVARM_VTIMER_HWREG_P_CTL || s == NVARM_VTIMER_HWREG_V_CTL)
			vt_fx_set_reg(f, s, p0 & 3);
		else if (s == NVARM_VTIMER_HWREG_CNTKCTL)
			vt_fx_set_reg(f, s, (p0 & 1) ? vt_fx_reg(f, s) : p0 & 0x3ff);
		else
			vt_fx_set_reg(f, s, (p0 & 1) ? vt_fx_reg(f, s) : p1);
		break;
	case B_HW_ISTATUS:
		s = (k & 1) ? NVARM_VTIMER_HWREG_P_CTL : NVARM_VTIMER_HWREG_V_CTL;
		vt_fx_set_reg(f, s, vt_fx_reg(f, s) ^ IST);
		break;
	case B_PAGE_WRITE:
		if (!f->vt.vncr || f->vt.ctx != NVARM_VTIMER_CTX_L1)
			break;
		s = page_slots[k % 6] / 8;
		if (page_slots[k % 6] == NVARM_VNCR_CNTV_CTL_EL0 ||
		    page_slots[k % 6] == NVARM_VNCR_CNTP_CTL_EL0)
			f->vncr[s] = (p0 & 1) ? f->vncr[s] ^ IST : p1 & 0xf; /* junk too */
		else
			f->vncr[s] = (p0 & 1) ? f->vncr[s] : p1;
		break;
	case B_TRAP:
		rc = nvarm_vtimer_sysreg_write(&f->vt, vt_fx_hw(f), trap_regs[k % 8], h,
					       (k & 8) ? (p0 & 3) : p1);
		assert_true(rc == 0 || rc == NVARM_ERR_BAD_ENCODING);
		break;
	case B_ACK:
		rc = nvarm_vtimer_ack(&f->vt, vt_fx_hw(f), k % NVARM_VTIMER_COUNT, h);
		assert_true(rc == 0 || rc == 1);
		break;
	case B_SET:
		r.cval = p1;
		r.ctl = p0 & 3;
		assert_int_equal(nvarm_vtimer_set(&f->vt, vt_fx_hw(f), k % NVARM_VTIMER_COUNT, &r),
				 0);
		break;
	case B_RESUME:
		assert_int_equal(nvarm_vtimer_resume(&f->vt, vt_fx_hw(f), h, &res), 0);
		break;
	default:
		assert_int_equal(
		    nvarm_vtimer_get(&f->vt, vt_fx_hw(f), k % NVARM_VTIMER_COUNT, h, &r), 0);
		break;
	}
	vt_fx_flush(f);
}

static void test_switch_fast_equals_general(void **state)
{
	(void)state;
	static struct vt_fx a, b;
	const char *n = getenv("NVARM_VTIMER_RUNS");
	uint64_t seed = test_seed(0x5717c4ull);
	unsigned runs = n ? (unsigned)strtoul(n, NULL, 0) : 4000;
	unsigned long switches = 0, memo = 0, acked = 0, idle = 0, page = 0, dirty = 0;

	for (unsigned run = 0; run < runs; run++) {
		uint64_t h;

		rng = (seed + run * 0x9e3779b97f4a7c15ull) | 1;
		h = below(4) ? rnd() : 1000 + below(1000);
		make_state(&a, h);
		vt_fx_copy(&b, &a);
		for (unsigned step = 0; step < 24; step++) {
			/* mostly nothing between two switches: the memo's case */
			enum between what = below(2) ? B_NOTHING : (enum between)below(B__COUNT);
			uint64_t p0 = rnd(), p1 = below(2) ? 0 : h - 50 + below(100);
			unsigned k = below(64);
			unsigned to = a.vt.ctx ^ 1u;
			int ra, rb;

			h += below(40);
			between(&a, what, p0, p1, k, h);
			between(&b, what, p0, p1, k, h);
			fx_assert_same(&a, &b, run, step);
			/* the library's view of the hardware traps, as the architecture has them */
			assert_int_equal(a.vt.l1_hw_trapped,
					 !a.vt.e2h && (a.vt.flags & NVARM_VTIMER_F_HW_ECV));
			memo += a.vt.sw_memo;
			acked += a.vt.acked != 0;
			page += a.vt.vncr != NULL;
			ra = nvarm_vtimer_switch_idle(&a.vt, vt_fx_hw(&a),
						      (enum nvarm_vtimer_ctx)to, h);
			rb = nvarm__vt_switch_ref(&b.vt, vt_fx_hw(&b), to, h);
			assert_int_equal(rb, 0);
			rb = nvarm_vtimer_idle(&b.vt, &b.hw);
			if (ra != rb)
				print_error("run %u step %u: idle %d/%d\n", run, step, ra, rb);
			assert_int_equal(ra, rb);
			dirty += a.hw.dirty != 0;
			fx_assert_same(&a, &b, run, step);
			vt_fx_flush(&a);
			vt_fx_flush(&b);
			switches++;
			idle += ra == 1;
		}
	}
	print_message("switch: %lu switches, %lu with the memo held, %lu with acknowledged "
		      "timers, %lu with a VNCR page, %lu idle, %lu writing the hardware\n",
		      switches, memo, acked, page, idle, dirty);
	/* each path compared often enough to mean something */
	assert_true(memo > switches / 5 && memo < switches * 4 / 5 && acked > switches / 50 &&
		    page > switches / 2 && idle > switches / 10 && idle < switches * 9 / 10 &&
		    dirty > switches / 5);
}

/* The answer where the state is not loaded or the switch is a no-op; the errors. */
static void test_switch_idle_edges(void **state)
{
	(void)state;
	static struct vt_fx f;
	struct nvarm_vtimer_regs r = {.cval = 10, .ctl = EN};

	assert_int_equal(vt_fx_init(&f, 0, true, 0), 0);
	assert_int_equal(nvarm_vtimer_switch_idle(NULL, NULL, NVARM_VTIMER_CTX_L2, 0),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, NULL, (enum nvarm_vtimer_ctx)2, 0),
			 NVARM_ERR_INVAL);
	/* not loaded: the context changes, nothing armed */
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 1);
	assert_int_equal(f.vt.ctx, NVARM_VTIMER_CTX_L2);
	assert_int_equal(nvarm_vtimer_set(&f.vt, NULL, NVARM_VTIMER_EL2_PHYS, &r), 0);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, NULL, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
	/* loaded without the mirror: an error for a switch, "not known" for the no-op */
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, NULL, NVARM_VTIMER_CTX_L1, 0), 0);
	/* the armed timer in the hardware, then in the saved copy: never idle */
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0), 0);
	r.ctl = EN | MSK;
	assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL2_PHYS, &r), 0);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 1);
	/* the memo's switch back, then L1 arms its guest's timer in the page: not idle */
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0), 1);
	f.vncr[NVARM_VNCR_CNTV_CTL_EL0 / 8] = EN;
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(nvarm_vtimer_switch_idle(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_switch_fast_equals_general),
	    cmocka_unit_test(test_switch_idle_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
