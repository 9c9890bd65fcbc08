// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Property test: random schedules of arm / disarm / reprogram / offset changes /
 * E2H changes / world switches / vCPU put+load / advancing time, run against
 * nvarm with the host model as the hardware, and against a reference model
 * that is just the architecture's four timers (no map, no hardware, no VNCR).
 *
 * After every step the set of timer PPIs the vCPU sees (hardware timers through
 * nvarm_vtimer_hw_ppi, emulated ones through nvarm_vtimer_pending) must equal
 * the reference's, and the emulated deadline must be exact: nothing fires
 * before it, the reported timer fires at it.
 *
 * Seed: fixed default; override with NVARM_VTIMER_SEED=<n> (and the number of
 * schedules with NVARM_VTIMER_RUNS=<n>). The seed is printed on any failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vt_fixture.h"

#define EN  NVARM_CNT_CTL_ENABLE
#define MSK NVARM_CNT_CTL_IMASK
#define IST NVARM_CNT_CTL_ISTATUS

static uint64_t rng_state;
static uint64_t run_seed;
static unsigned cur_run, cur_step;
static const char *cur_op = "";
/* Coverage of the schedule (printed, and checked to be non-trivial). */
static unsigned long n_fire_hw, n_fire_emul, n_switch, n_exact;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			print_error("property failed: %s\n  seed=0x%llx run=%u step=%u op=%s\n"    \
				    "  rerun: NVARM_VTIMER_SEED=0x%llx\n",                         \
				    #cond, (unsigned long long)run_seed, cur_run, cur_step,        \
				    cur_op, (unsigned long long)run_seed);                         \
			fail();                                                                    \
		}                                                                                  \
	} while (0)

/* ------------------------------------------------------- reference model */

struct ref {
	uint64_t l0, cntvoff, cntpoff;
	bool ecv_en; /* FEAT_ECV in the VM and CNTHCTL_EL2.ECV */
	uint64_t cval[4], ctl[4];
	uint32_t ppi[4];
};

static uint64_t ref_count(const struct ref *r, unsigned t, uint64_t h)
{
	uint64_t c = h - r->l0;

	if (t == NVARM_VTIMER_EL1_VIRT)
		c -= r->cntvoff;
	else if (t == NVARM_VTIMER_EL1_PHYS && r->ecv_en)
		c -= r->cntpoff;
	return c;
}

static bool ref_met(const struct ref *r, unsigned t, uint64_t h)
{
	return (r->ctl[t] & EN) && ref_count(r, t, h) >= r->cval[t];
}

static bool ref_fires(const struct ref *r, unsigned t, uint64_t h)
{
	return ref_met(r, t, h) && !(r->ctl[t] & MSK);
}

static uint32_t ref_ppis(const struct ref *r, uint64_t h)
{
	uint32_t s = 0;
	for (unsigned t = 0; t < 4; t++)
		if (ref_fires(r, t, h))
			s |= 1u << r->ppi[t];
	return s;
}

static uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(v & 0xffffffffu);
}

/* --------------------------------------------------------------- world */

struct world {
	struct vt_fx f;
	struct ref r;
	uint64_t h;
	unsigned ctx;
	bool e2h, nv2, ecv, parked;
};

/* Which hardware timer backs t while @ctx runs (the map), or -1. */
static int map_hw(unsigned t, unsigned ctx)
{
	bool el2 = t >= NVARM_VTIMER_EL2_PHYS;
	if (el2 != (ctx == NVARM_VTIMER_CTX_L1))
		return -1;
	return (t == NVARM_VTIMER_EL1_PHYS || t == NVARM_VTIMER_EL2_PHYS) ? 0 : 1;
}

static const uint32_t enc_el0[2][3] = {
    /* [virt][0 CTL, 1 CVAL, 2 TVAL] */
    {NVARM_ENC_CNTP_CTL_EL0, NVARM_ENC_CNTP_CVAL_EL0, NVARM_ENC_CNTP_TVAL_EL0},
    {NVARM_ENC_CNTV_CTL_EL0, NVARM_ENC_CNTV_CVAL_EL0, NVARM_ENC_CNTV_TVAL_EL0},
};
static const uint32_t enc_el02[2][3] = {
    {NVARM_ENC_CNTP_CTL_EL02, NVARM_ENC_CNTP_CVAL_EL02, NVARM_ENC_CNTP_TVAL_EL02},
    {NVARM_ENC_CNTV_CTL_EL02, NVARM_ENC_CNTV_CVAL_EL02, NVARM_ENC_CNTV_TVAL_EL02},
};
static const uint32_t enc_el2[2][3] = {
    {NVARM_ENC_CNTHP_CTL_EL2, NVARM_ENC_CNTHP_CVAL_EL2, NVARM_ENC_CNTHP_TVAL_EL2},
    {NVARM_ENC_CNTHV_CTL_EL2, NVARM_ENC_CNTHV_CVAL_EL2, NVARM_ENC_CNTHV_TVAL_EL2},
};

/* The guest (whoever runs) writes field @what (0 CTL, 1 CVAL, 2 TVAL) of timer t. */
static void guest_write(struct world *w, unsigned t, unsigned what, uint64_t val)
{
	unsigned virt = t & 1u;
	int hw = map_hw(t, w->ctx);
	unsigned path;

	/* Reference: the architecture. */
	if (what == 0)
		w->r.ctl[t] = val & (EN | MSK);
	else if (what == 1)
		w->r.cval[t] = val;
	else
		w->r.cval[t] = ref_count(&w->r, t, w->h) + sext32(val);

	if (w->ctx == NVARM_VTIMER_CTX_L2) {
		CHECK(hw >= 0);
		path = rnd_below(4); /* 0-2: straight to the hardware, 3: trapped by L0 */
		if (path < 3) {
			cur_op = "L2 direct hw write";
			if (what == 0)
				vt_fx_set_reg(&w->f, vt_fx_ctl((unsigned)hw), val & 3);
			else if (what == 1)
				vt_fx_set_reg(&w->f, vt_fx_cval((unsigned)hw), val);
			else
				vt_fx_set_reg(&w->f, vt_fx_cval((unsigned)hw),
					      vt_fx_hw_count(&w->f, (unsigned)hw, w->h) +
						  sext32(val));
		} else {
			cur_op = "L2 trapped write";
			CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
							enc_el0[virt][what], w->h, val) == 0);
		}
		return;
	}
	if (hw >= 0) {
		/* L1's own EL2 timer: CNTHP/CNTHV trap; with E2H=1 the EL0 names hit the hw. */
		unsigned k = rnd_below(3);
		if (w->e2h && k == 2) {
			cur_op = "L1 redirected EL0 name, trapped by L0";
			CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
							enc_el0[virt][what], w->h, val) == 0);
		} else if (w->e2h && k == 1) {
			cur_op = "L1 redirected direct hw write";
			if (what == 0)
				vt_fx_set_reg(&w->f, vt_fx_ctl((unsigned)hw), val & 3);
			else if (what == 1)
				vt_fx_set_reg(&w->f, vt_fx_cval((unsigned)hw), val);
			else
				vt_fx_set_reg(&w->f, vt_fx_cval((unsigned)hw),
					      vt_fx_hw_count(&w->f, (unsigned)hw, w->h) +
						  sext32(val));
		} else {
			cur_op = "L1 trapped CNTH* write";
			CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
							enc_el2[virt][what], w->h, val) == 0);
		}
		return;
	}
	/* L1 programs L2's timer: VNCR page (no trap) for CTL/CVAL, else a trap. */
	if (w->nv2 && what != 2 && rnd_below(3)) {
		cur_op = "L1 VNCR page write";
		uint16_t off =
		    virt ? (what == 0 ? NVARM_VNCR_CNTV_CTL_EL0 : NVARM_VNCR_CNTV_CVAL_EL0)
			 : (what == 0 ? NVARM_VNCR_CNTP_CTL_EL0 : NVARM_VNCR_CNTP_CVAL_EL0);
		w->f.vncr[off / 8] = val;
		return;
	}
	cur_op = "L1 trapped EL1-timer write";
	CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
					w->e2h ? enc_el02[virt][what] : enc_el0[virt][what], w->h,
					val) == 0);
}

/* L1 writes an offset or CNTHCTL_EL2. */
static void l1_write_offsets(struct world *w)
{
	uint64_t v = rnd_below(2) ? rnd() : (w->h - w->r.l0 - rnd_below(4096) + 2048);
	unsigned which = rnd_below(w->ecv ? 3 : 1);

	if (which == 0) {
		w->r.cntvoff = v;
		if (w->nv2 && rnd_below(2)) {
			cur_op = "CNTVOFF via VNCR";
			w->f.vncr[NVARM_VNCR_CNTVOFF_EL2 / 8] = v;
		} else {
			cur_op = "CNTVOFF trapped";
			CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
							NVARM_ENC_CNTVOFF_EL2, w->h, v) == 0);
		}
	} else if (which == 1) {
		w->r.cntpoff = v;
		if (w->nv2 && rnd_below(2)) {
			cur_op = "CNTPOFF via VNCR";
			w->f.vncr[NVARM_VNCR_CNTPOFF_EL2 / 8] = v;
		} else {
			cur_op = "CNTPOFF trapped";
			CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f),
							NVARM_ENC_CNTPOFF_EL2, w->h, v) == 0);
		}
	} else {
		/* L2 gets every access (no forwarding in this test); ECV at random. */
		uint64_t c = w->e2h ? 0xc00 : 0x3;
		w->r.ecv_en = rnd_below(2);
		if (w->r.ecv_en)
			c |= NVARM_CNTHCTL_ECV;
		cur_op = "CNTHCTL trapped";
		CHECK(nvarm_vtimer_sysreg_write(&w->f.vt, vt_fx_hw(&w->f), NVARM_ENC_CNTHCTL_EL2,
						w->h, c) == 0);
	}
}

/* PPIs of the timers emulated right now. */
static uint32_t ref_ppis_emul_mask(const struct world *w)
{
	uint32_t m = 0;
	for (unsigned t = 0; t < 4; t++)
		if (w->parked || map_hw(t, w->ctx) < 0)
			m |= 1u << w->r.ppi[t];
	return m;
}

/* Compare everything observable at the current time. */
static void check_world(struct world *w)
{
	struct nvarm_vtimer_deadline d;
	uint32_t got, want;
	int rc;

	cur_op = "check ppis";
	got = vt_fx_ppis(&w->f, w->h);
	want = ref_ppis(&w->r, w->h);
	if (nvarm_vtimer_pending(&w->f.vt, w->h))
		n_fire_emul++;
	if (got & ~ref_ppis_emul_mask(w))
		n_fire_hw++;
	if (got != want)
		print_error("ppis got 0x%x want 0x%x ctx=%u e2h=%d h=0x%llx\n", got, want, w->ctx,
			    w->e2h, (unsigned long long)w->h);
	CHECK(got == want);

	/* Every timer's CTL (with ISTATUS) and CVAL, wherever it lives. */
	cur_op = "check state";
	for (unsigned t = 0; t < 4; t++) {
		struct nvarm_vtimer_regs s;
		CHECK(nvarm_vtimer_get(&w->f.vt, vt_fx_hw(&w->f), t, w->h, &s) == 0);
		CHECK(s.cval == w->r.cval[t]);
		CHECK(s.ctl == (w->r.ctl[t] | (ref_met(&w->r, t, w->h) ? IST : 0)));
		CHECK(nvarm_vtimer_count(&w->f.vt, t, w->h) == ref_count(&w->r, t, w->h));
	}

	/* The emulated deadline: exact, no early or lost interrupt. */
	cur_op = "check deadline";
	rc = nvarm_vtimer_next_deadline(&w->f.vt, w->h, &d);
	bool any = false;
	for (unsigned t = 0; t < 4; t++) {
		bool emulated = w->parked || map_hw(t, w->ctx) < 0;
		if (!emulated)
			continue;
		if ((w->r.ctl[t] & (EN | MSK)) == EN)
			any = true;
		if (rc == 0 && d.delta > 0) {
			CHECK(!ref_fires(&w->r, t, w->h));
			CHECK(!ref_fires(&w->r, t, w->h + d.delta - 1));
		}
	}
	if (!any) {
		CHECK(rc == NVARM_ERR_NOENT);
		return;
	}
	CHECK(rc == 0);
	CHECK(w->parked || map_hw(d.timer, w->ctx) < 0);
	CHECK(ref_fires(&w->r, d.timer, w->h + d.delta));
	CHECK(d.ppi == w->r.ppi[d.timer]);
}

static void advance(struct world *w)
{
	struct nvarm_vtimer_deadline d;
	unsigned k = rnd_below(8);

	cur_op = "advance";
	if (k < 3) {
		w->h += rnd_below(64);
	} else if (k < 6 && nvarm_vtimer_next_deadline(&w->f.vt, w->h, &d) == 0) {
		/* Land exactly on (or one before) the deadline. */
		w->h += d.delta - (k == 5 && d.delta > 0);
		n_exact++;
	} else if (k == 6) {
		w->h += rnd() & 0xffffffffu;
	} else {
		w->h += 1;
	}
}

static void one_run(unsigned steps)
{
	static struct world w; /* off the stack (kernel module) */
	uint32_t flags = 0;

	memset(&w, 0, sizeof(w));
	w.ecv = rnd_below(2);
	w.nv2 = rnd_below(2);
	if (rnd_below(2))
		flags |= NVARM_VTIMER_F_HOST_VHE;
	if (w.ecv)
		flags |= NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV;
	else if (rnd_below(2))
		flags |= NVARM_VTIMER_F_HW_ECV;
	w.r.l0 = (flags & NVARM_VTIMER_F_HW_ECV) && rnd_below(2) ? rnd() : 0;
	w.h = rnd_below(4) ? rnd() : rnd_below(1000); /* sometimes near 0: offsets wrap */
	CHECK(vt_fx_init(&w.f, flags, w.nv2, w.r.l0) == 0);
	for (unsigned t = 0; t < 4; t++)
		w.r.ppi[t] = (uint32_t)nvarm_vtimer_ppi(&w.f.vt, t);
	w.e2h = rnd_below(2);
	CHECK(nvarm_vtimer_set_e2h(&w.f.vt, NULL, w.e2h) == 0);
	w.r.ecv_en = false;
	CHECK(nvarm_vtimer_sysreg_write(&w.f.vt, vt_fx_hw(&w.f), NVARM_ENC_CNTHCTL_EL2, w.h,
					w.e2h ? 0xc00 : 0x3) == 0);
	CHECK(nvarm_vtimer_activate(&w.f.vt, vt_fx_hw(&w.f), w.h) == 0);

	for (cur_step = 0; cur_step < steps; cur_step++) {
		unsigned op = rnd_below(20);

		if (w.parked) {
			if (op < 4) {
				cur_op = "activate";
				CHECK(nvarm_vtimer_activate(&w.f.vt, vt_fx_hw(&w.f), w.h) == 0);
				w.parked = false;
			} else {
				advance(&w);
			}
		} else if (op < 8) {
			/* Program a timer the running context can reach. */
			unsigned t = w.ctx == NVARM_VTIMER_CTX_L2 ? rnd_below(2) : rnd_below(4);
			unsigned what = rnd_below(3);
			uint64_t val;

			if (what == 0)
				val = rnd_below(4) | (rnd_below(4) ? 0 : (rnd() & ~7ull)) |
				      (rnd_below(2) ? IST : 0);
			else if (what == 1)
				val = ref_count(&w.r, t, w.h) + rnd_below(400) - 100;
			else
				val = (rnd_below(8) ? (uint64_t)(rnd_below(400) - 100)
						    : rnd()); /* TVAL, junk upper bits at times */
			guest_write(&w, t, what, val);
		} else if (op < 11) {
			cur_op = "switch";
			n_switch++;
			w.ctx ^= 1u;
			CHECK(nvarm_vtimer_switch(&w.f.vt, vt_fx_hw(&w.f), w.ctx, w.h) == 0);
		} else if (op < 12 && w.ctx == NVARM_VTIMER_CTX_L1) {
			l1_write_offsets(&w);
		} else if (op < 13 && w.ctx == NVARM_VTIMER_CTX_L1) {
			cur_op = "set_e2h";
			w.e2h = !w.e2h;
			CHECK(nvarm_vtimer_set_e2h(&w.f.vt, vt_fx_hw(&w.f), w.e2h) == 0);
			/* Re-state CNTHCTL in the new layout (as L1 would after changing E2H). */
			CHECK(nvarm_vtimer_sysreg_write(
				  &w.f.vt, vt_fx_hw(&w.f), NVARM_ENC_CNTHCTL_EL2, w.h,
				  (w.e2h ? 0xc00 : 0x3) | (w.r.ecv_en ? NVARM_CNTHCTL_ECV : 0)) ==
			      0);
		} else if (op < 14) {
			cur_op = "deactivate";
			CHECK(nvarm_vtimer_deactivate(&w.f.vt, vt_fx_hw(&w.f)) == 0);
			w.parked = true;
		} else {
			advance(&w);
		}
		check_world(&w);
	}
}

static void test_random_schedules(void **state)
{
	(void)state;
	const char *s = getenv("NVARM_VTIMER_SEED");
	const char *n = getenv("NVARM_VTIMER_RUNS");
	uint64_t seed = s ? strtoull(s, NULL, 0) : 0x7173e5eedull;
	unsigned runs = n ? (unsigned)strtoul(n, NULL, 0) : 400;

	print_message("vtimer property test: seed=0x%llx runs=%u\n", (unsigned long long)seed,
		      runs);
	for (cur_run = 0; cur_run < runs; cur_run++) {
		/* One derived seed per run, so a failing run replays on its own. */
		run_seed = seed + cur_run * 0x9e3779b97f4a7c15ull;
		rng_state = run_seed ? run_seed : 1;
		one_run(400);
	}
	print_message("steps with hw timers firing %lu, emulated firing %lu, switches %lu, "
		      "exact deadline landings %lu\n",
		      n_fire_hw, n_fire_emul, n_switch, n_exact);
	/* The schedule must exercise both kinds of firing, or it proves little. */
	assert_true(n_fire_hw > runs && n_fire_emul > runs && n_exact > runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_schedules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
