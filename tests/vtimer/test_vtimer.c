// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vtimer unit tests: the four timers x {L1 running, L2 running} x {E2H 0, 1} x
 * {host nVHE, VHE}, offsets with wrap-around, CTL/CVAL/TVAL semantics, both
 * CNTHCTL_EL2 layouts, CNTKCTL shadowing, the VNCR page, and error paths.
 * Expected values come from the architecture (written out here), never from
 * the library's own output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vt_fixture.h"

#include <nvarm/arm/sysreg_fields.h>

#define EN  NVARM_CNT_CTL_ENABLE
#define MSK NVARM_CNT_CTL_IMASK
#define IST NVARM_CNT_CTL_ISTATUS

static const unsigned all_timers[4] = {NVARM_VTIMER_EL1_PHYS, NVARM_VTIMER_EL1_VIRT,
				       NVARM_VTIMER_EL2_PHYS, NVARM_VTIMER_EL2_VIRT};
static const uint32_t default_ppi[4] = {30, 27, 26, 28};

/* Which hardware timer backs @t in @ctx per the issue: EL2 timers while L1 runs, EL1 timers
 * while L2 runs; physical on physical, virtual on virtual. -1: emulated. */
static int expected_hw(unsigned t, unsigned ctx)
{
	bool el2 = t == NVARM_VTIMER_EL2_PHYS || t == NVARM_VTIMER_EL2_VIRT;
	bool phys = t == NVARM_VTIMER_EL1_PHYS || t == NVARM_VTIMER_EL2_PHYS;

	if (el2 != (ctx == NVARM_VTIMER_CTX_L1))
		return -1;
	return phys ? NVARM_VTIMER_HW_PHYS : NVARM_VTIMER_HW_VIRT;
}

/* The architectural count of timer @t at hardware count h, given the offsets. */
static uint64_t arch_count(unsigned t, uint64_t h, uint64_t l0, uint64_t voff, uint64_t poff,
			   bool ecv)
{
	switch (t) {
	case NVARM_VTIMER_EL1_VIRT:
		return h - l0 - voff;
	case NVARM_VTIMER_EL1_PHYS:
		return h - l0 - (ecv ? poff : 0);
	default:
		return h - l0;
	}
}

/* Matrix: every timer in every context and E2H mode, for both host modes. */
static void test_matrix(void **state)
{
	(void)state;
	for (unsigned vhe = 0; vhe < 2; vhe++)
		for (unsigned e2h = 0; e2h < 2; e2h++)
			for (unsigned ctx = 0; ctx < 2; ctx++)
				for (unsigned ti = 0; ti < 4; ti++) {
					static struct vt_fx
					    f; /* 4.5K: off the stack (16K in the kernel module) */
					unsigned t = all_timers[ti];
					uint32_t flags = NVARM_VTIMER_F_HW_ECV |
							 NVARM_VTIMER_F_ECV |
							 (vhe ? NVARM_VTIMER_F_HOST_VHE : 0);
					uint64_t l0 = 0x1000, voff = 0x300, h = 0x100000;
					uint64_t cnt, other = ctx ^ 1u;
					struct nvarm_vtimer_regs r;
					struct nvarm_vtimer_deadline d;
					int hw = expected_hw(t, ctx);

					assert_int_equal(vt_fx_init(&f, flags, false, l0), 0);
					assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, e2h), 0);
					assert_int_equal(nvarm_vtimer_sysreg_write(
							     &f.vt, vt_fx_hw(&f),
							     NVARM_ENC_CNTVOFF_EL2, h, voff),
							 0);
					assert_int_equal(
					    nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
					assert_int_equal(
					    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), ctx, h), 0);
					assert_int_equal(nvarm_vtimer_is_emulated(&f.vt, t),
							 hw < 0);
					assert_int_equal(nvarm_vtimer_ppi(&f.vt, t),
							 default_ppi[t]);

					cnt = arch_count(t, h, l0, voff, 0, false);
					assert_int_equal(nvarm_vtimer_count(&f.vt, t, h), cnt);
					r.cval = cnt + 100;
					r.ctl = EN;
					assert_int_equal(
					    nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);

					/* Armed, not yet firing. */
					assert_int_equal(
					    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h + 99, &r),
					    0);
					assert_int_equal(r.ctl, EN);
					assert_int_equal(r.cval, cnt + 100);
					assert_int_equal(
					    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h + 100, &r),
					    0);
					assert_int_equal(r.ctl, EN | IST);
					if (hw >= 0) {
						/* In the hardware, counting in the right frame. */
						assert_int_equal(vt_fx_reg(&f, vt_fx_cval(hw)),
								 cnt + 100);
						assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(hw)), EN);
						assert_false(vt_fx_hw_fires(&f, hw, h + 99));
						assert_true(vt_fx_hw_fires(&f, hw, h + 100));
						assert_int_equal(nvarm_vtimer_hw_backing(&f.vt, hw),
								 t);
						assert_int_equal(nvarm_vtimer_hw_ppi(&f.vt, hw),
								 default_ppi[t]);
						assert_int_equal(
						    nvarm_vtimer_pending(&f.vt, h + 100), 0);
					} else {
						assert_int_equal(
						    nvarm_vtimer_pending(&f.vt, h + 99), 0);
						assert_int_equal(
						    nvarm_vtimer_pending(&f.vt, h + 100), 1u << t);
						assert_int_equal(
						    nvarm_vtimer_next_deadline(&f.vt, h, &d), 0);
						assert_int_equal(d.delta, 100);
						assert_int_equal(d.hw_cval, h + 100);
						assert_int_equal(d.timer, t);
						assert_int_equal(d.ppi, default_ppi[t]);
						assert_int_equal(
						    nvarm_vtimer_next_deadline(&f.vt, h + 150, &d),
						    0);
						assert_int_equal(d.delta, 0);
					}
					/* Masked: ISTATUS still computed, no interrupt. */
					r.ctl = EN | MSK;
					r.cval = cnt + 100;
					assert_int_equal(
					    nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
					assert_int_equal(
					    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h + 200, &r),
					    0);
					assert_int_equal(r.ctl, EN | MSK | IST);
					assert_int_equal(vt_fx_ppis(&f, h + 200), 0);
					assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h, &d),
							 NVARM_ERR_NOENT);
					/* Disabled: ISTATUS reads 0 (nvarm's choice for UNKNOWN).
					 */
					r.ctl = MSK;
					assert_int_equal(
					    nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
					assert_int_equal(
					    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h + 200, &r),
					    0);
					assert_int_equal(r.ctl, MSK);

					/* Firing, then back and forth: every value preserved. */
					r.ctl = EN;
					r.cval = cnt + 7;
					assert_int_equal(
					    nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
					assert_true(vt_fx_ppis(&f, h + 7) & (1u << default_ppi[t]));
					assert_false(vt_fx_ppis(&f, h + 6) &
						     (1u << default_ppi[t]));
					for (int k = 0; k < 3; k++) {
						assert_int_equal(nvarm_vtimer_switch(
								     &f.vt, vt_fx_hw(&f), other, h),
								 0);
						assert_int_equal(nvarm_vtimer_is_emulated(&f.vt, t),
								 expected_hw(t, other) < 0);
						assert_true(vt_fx_ppis(&f, h + 7) &
							    (1u << default_ppi[t]));
						assert_false(vt_fx_ppis(&f, h + 6) &
							     (1u << default_ppi[t]));
						assert_int_equal(nvarm_vtimer_switch(
								     &f.vt, vt_fx_hw(&f), ctx, h),
								 0);
					}
					assert_int_equal(
					    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h + 6, &r), 0);
					assert_int_equal(r.ctl, EN);
					assert_int_equal(r.cval, cnt + 7);
					/* vCPU put: everything emulated, still exact. */
					assert_int_equal(
					    nvarm_vtimer_deactivate(&f.vt, vt_fx_hw(&f)), 0);
					assert_int_equal(nvarm_vtimer_is_emulated(&f.vt, t), 1);
					assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 6), 0);
					assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 7),
							 1u << t);
					assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(0)), 0);
					assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(1)), 0);
				}
}

/* The other timers are untouched by programming one (no aliasing in the map). */
static void test_independence(void **state)
{
	(void)state;
	for (unsigned ctx = 0; ctx < 2; ctx++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		struct nvarm_vtimer_regs r;

		assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HOST_VHE, false, 0), 0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), ctx, 0), 0);
		for (unsigned t = 0; t < 4; t++) {
			r.cval = 1000 * (t + 1);
			r.ctl = (t & 1) ? EN : EN | MSK;
			assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
		}
		for (int k = 0; k < 2; k++) {
			assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), ctx ^ 1u, 0), 0);
			assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), ctx, 0), 0);
		}
		for (unsigned t = 0; t < 4; t++) {
			assert_int_equal(nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, 0, &r), 0);
			assert_int_equal(r.cval, 1000 * (t + 1));
			assert_int_equal(r.ctl, (t & 1) ? EN : EN | MSK);
		}
	}
}

/* Offsets: composition and hardware programming, with wrap-around. */
static void test_offsets_wrap(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	const uint64_t l0 = 0xfffffffffffff000ull; /* L1's count = H + 0x1000 */
	const uint64_t voff = 0x2000;		   /* L0 + CNTVOFF wraps past 2^64 */
	const uint64_t poff = 0x8000000000000000ull;
	uint64_t v, p, val;

	assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV | NVARM_VTIMER_F_ECV, false, l0), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, 0, voff), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPOFF_EL2, 0, poff), 0);
	/* CNTPOFF applies only once L1 sets CNTHCTL_EL2.ECV. */
	nvarm_vtimer_hw_offsets(&f.vt, NVARM_VTIMER_CTX_L2, &v, &p);
	assert_int_equal(v, 0x1000);		    /* 2^64 - 0x1000 + 0x2000 */
	assert_int_equal(p, 0xfffffffffffff000ull); /* L0's offset only */
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   NVARM_CNTHCTL_ECV | 3),
			 0);
	nvarm_vtimer_hw_offsets(&f.vt, NVARM_VTIMER_CTX_L2, &v, &p);
	assert_int_equal(v, 0x1000);
	assert_int_equal(p, 0x7ffffffffffff000ull);
	nvarm_vtimer_hw_offsets(&f.vt, NVARM_VTIMER_CTX_L1, &v, &p);
	assert_int_equal(v, l0);
	assert_int_equal(p, l0);

	/* Counters as each context reads them (H = 0x500). */
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPCT_EL0, 0x500, &val), 0);
	assert_int_equal(val, 0x1500);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVCT_EL0, 0x500, &val), 0);
	assert_int_equal(val, 0xfffffffffffff500ull); /* E2H=0 at EL2: CNTVOFF applies */
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0x500), 0);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTVOFF), l0);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTPOFF), l0);
	assert_true(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & NVARM_CNTHCTL_ECV);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0x500), 0);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTVOFF), 0x1000);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTPOFF), 0x7ffffffffffff000ull);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVCT_EL0, 0x500, &val), 0);
	assert_int_equal(val, 0xfffffffffffff500ull);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPCT_EL0, 0x500, &val), 0);
	assert_int_equal(val, 0x8000000000001500ull);
	/* The hardware counts what the architecture says L2 sees. */
	assert_int_equal(vt_fx_hw_count(&f, NVARM_VTIMER_HW_VIRT, 0x500), 0xfffffffffffff500ull);
	assert_int_equal(vt_fx_hw_count(&f, NVARM_VTIMER_HW_PHYS, 0x500), 0x8000000000001500ull);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0x500), 0);
	assert_int_equal(vt_fx_hw_count(&f, NVARM_VTIMER_HW_PHYS, 0x500), 0x1500);
	assert_int_equal(vt_fx_hw_count(&f, NVARM_VTIMER_HW_VIRT, 0x500), 0x1500);
}

/* A count that wraps: the timer condition is an unsigned compare, so the level drops
 * when the count wraps to 0 (and a wrapped count above CVAL fires at once). */
static void test_wrap_semantics(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	struct nvarm_vtimer_regs r;
	struct nvarm_vtimer_deadline d;
	const unsigned t = NVARM_VTIMER_EL1_VIRT; /* emulated while L1 runs */
	const uint64_t h = 100;

	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	/* CNTVOFF = 110 > H: virtual count = 2^64 - 10 (the QEMU-quirk case). */
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, h, 110), 0);
	assert_int_equal(nvarm_vtimer_count(&f.vt, t, h), UINT64_MAX - 9);
	r.ctl = EN;
	r.cval = 5;
	assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h), 1u << t); /* 2^64-10 >= 5 */
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 10), 0);  /* count 0 < 5 */
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 15), 1u << t);
	r.cval = UINT64_MAX - 2;
	assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
	assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h, &d), 0);
	assert_int_equal(d.delta, 7);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 6), 0);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 7), 1u << t);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 9), 1u << t);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 10), 0);
	/* After the wrap the next deadline is 2^64 - 3 ticks away. */
	assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h + 10, &d), 0);
	assert_int_equal(d.delta, UINT64_MAX - 2);
	assert_int_equal(d.hw_cval, UINT64_MAX); /* saturated */
}

/* TVAL: a signed 32-bit view of CVAL - count, through the real encodings of every timer. */
static void test_tval(void **state)
{
	(void)state;
	struct {
		unsigned ctx, e2h;
		uint32_t enc_tval, enc_ctl, enc_cval;
		unsigned timer;
	} cases[] = {
	    {0, 1, NVARM_ENC_CNTHP_TVAL_EL2, NVARM_ENC_CNTHP_CTL_EL2, NVARM_ENC_CNTHP_CVAL_EL2, 2},
	    {0, 1, NVARM_ENC_CNTHV_TVAL_EL2, NVARM_ENC_CNTHV_CTL_EL2, NVARM_ENC_CNTHV_CVAL_EL2, 3},
	    {0, 1, NVARM_ENC_CNTP_TVAL_EL0, NVARM_ENC_CNTP_CTL_EL0, NVARM_ENC_CNTP_CVAL_EL0, 2},
	    {0, 1, NVARM_ENC_CNTV_TVAL_EL0, NVARM_ENC_CNTV_CTL_EL0, NVARM_ENC_CNTV_CVAL_EL0, 3},
	    {0, 1, NVARM_ENC_CNTP_TVAL_EL02, NVARM_ENC_CNTP_CTL_EL02, NVARM_ENC_CNTP_CVAL_EL02, 0},
	    {0, 1, NVARM_ENC_CNTV_TVAL_EL02, NVARM_ENC_CNTV_CTL_EL02, NVARM_ENC_CNTV_CVAL_EL02, 1},
	    {0, 0, NVARM_ENC_CNTHP_TVAL_EL2, NVARM_ENC_CNTHP_CTL_EL2, NVARM_ENC_CNTHP_CVAL_EL2, 2},
	    {0, 0, NVARM_ENC_CNTHV_TVAL_EL2, NVARM_ENC_CNTHV_CTL_EL2, NVARM_ENC_CNTHV_CVAL_EL2, 3},
	    {0, 0, NVARM_ENC_CNTP_TVAL_EL0, NVARM_ENC_CNTP_CTL_EL0, NVARM_ENC_CNTP_CVAL_EL0, 0},
	    {0, 0, NVARM_ENC_CNTV_TVAL_EL0, NVARM_ENC_CNTV_CTL_EL0, NVARM_ENC_CNTV_CVAL_EL0, 1},
	    {1, 0, NVARM_ENC_CNTP_TVAL_EL0, NVARM_ENC_CNTP_CTL_EL0, NVARM_ENC_CNTP_CVAL_EL0, 0},
	    {1, 1, NVARM_ENC_CNTV_TVAL_EL0, NVARM_ENC_CNTV_CTL_EL0, NVARM_ENC_CNTV_CVAL_EL0, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		uint64_t h = 0x123456789ull, cnt, val;
		unsigned t = cases[i].timer;

		assert_int_equal(
		    vt_fx_init(&f, NVARM_VTIMER_F_HOST_VHE | NVARM_VTIMER_F_HW_ECV, false, 0x1000),
		    0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, cases[i].e2h), 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, h, 0x55),
		    0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), cases[i].ctx, h), 0);
		cnt = h - 0x1000 - (t == NVARM_VTIMER_EL1_VIRT ? 0x55 : 0);

		/* Write -5 with junk in bits [63:32]: CVAL = count - 5, fires at once. */
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), cases[i].enc_ctl, h, EN), 0);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), cases[i].enc_tval,
							   h, 0xdead0000fffffffbull),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_cval, h, &val), 0);
		assert_int_equal(val, cnt - 5);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_tval, h, &val), 0);
		assert_int_equal(val, 0xfffffffbull); /* bits [63:32] RES0 */
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_ctl, h, &val), 0);
		assert_int_equal(val, EN | IST);
		/* Ten ticks later it reads -15. */
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_tval, h + 10, &val),
		    0);
		assert_int_equal(val, 0xfffffff1ull);
		/* +0x7fffffff: the largest positive TVAL. */
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), cases[i].enc_tval,
							   h, 0x7fffffff),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_cval, h, &val), 0);
		assert_int_equal(val, cnt + 0x7fffffff);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_ctl, h, &val), 0);
		assert_int_equal(val, EN);
		/* CTL: ISTATUS and reserved bits are ignored on write. */
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), cases[i].enc_ctl, h,
							   ~(uint64_t)EN),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc_ctl, h, &val), 0);
		assert_int_equal(val, MSK);
		/* The value reached the right timer. */
		struct nvarm_vtimer_regs r;
		assert_int_equal(nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), t, h, &r), 0);
		assert_int_equal(r.cval, cnt + 0x7fffffff);
		assert_int_equal(r.ctl, MSK);
	}
}

/* Redirection: which timer each name reaches, per context and E2H. */
static void test_redirection(void **state)
{
	(void)state;
	struct {
		unsigned ctx, e2h;
		uint32_t enc;
		int timer; /* -1: UNDEFINED */
	} cases[] = {
	    {0, 1, NVARM_ENC_CNTP_CVAL_EL0, 2},	  {0, 1, NVARM_ENC_CNTV_CVAL_EL0, 3},
	    {0, 0, NVARM_ENC_CNTP_CVAL_EL0, 0},	  {0, 0, NVARM_ENC_CNTV_CVAL_EL0, 1},
	    {0, 1, NVARM_ENC_CNTP_CVAL_EL02, 0},  {0, 1, NVARM_ENC_CNTV_CVAL_EL02, 1},
	    {0, 0, NVARM_ENC_CNTP_CVAL_EL02, -1}, {0, 0, NVARM_ENC_CNTV_CVAL_EL02, -1},
	    {0, 0, NVARM_ENC_CNTHP_CVAL_EL2, 2},  {0, 0, NVARM_ENC_CNTHV_CVAL_EL2, 3},
	    {1, 1, NVARM_ENC_CNTP_CVAL_EL0, 0},	  {1, 1, NVARM_ENC_CNTV_CVAL_EL0, 1},
	    {1, 0, NVARM_ENC_CNTP_CVAL_EL0, 0},	  {1, 0, NVARM_ENC_CNTV_CVAL_EL0, 1},
	    {1, 1, NVARM_ENC_CNTHP_CVAL_EL2, -1}, {1, 1, NVARM_ENC_CNTP_CVAL_EL02, -1},
	    {1, 0, NVARM_ENC_CNTHV_CVAL_EL2, -1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		uint64_t val = 0;

		assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, cases[i].e2h), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), cases[i].ctx, 0), 0);
		for (unsigned t = 0; t < 4; t++) {
			struct nvarm_vtimer_regs r = {.cval = 0x100 + t, .ctl = 0};
			assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), t, &r), 0);
		}
		int rc = nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), cases[i].enc, 0, &val);
		if (cases[i].timer < 0) {
			assert_int_equal(rc, NVARM_ERR_BAD_ENCODING);
			assert_int_equal(
			    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), cases[i].enc, 0, 1),
			    NVARM_ERR_BAD_ENCODING);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(val, 0x100 + (unsigned)cases[i].timer);
		}
	}
}

/* CNTHCTL_EL2 in both layouts: writable bits, trap decisions for L2, hardware value. */
static void test_cnthctl_layouts(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	uint64_t val;

	/* Writable bits: E2H=0 [7:0], E2H=1 [11:0], plus [17:12] with FEAT_ECV. */
	for (unsigned ecv = 0; ecv < 2; ecv++)
		for (unsigned e2h = 0; e2h < 2; e2h++) {
			uint32_t fl = ecv ? NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV : 0;
			uint64_t want = (e2h ? 0xfffull : 0xffull) | (ecv ? 0x3f000ull : 0);

			assert_int_equal(vt_fx_init(&f, fl, false, 0), 0);
			assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, e2h), 0);
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
								   NVARM_ENC_CNTHCTL_EL2, 0, ~0ull),
					 0);
			assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f),
								  NVARM_ENC_CNTHCTL_EL2, 0, &val),
					 0);
			assert_int_equal(val, want);
		}

	/* E2H=0: EL1PCEN=0 traps L2's physical timer, EL1PCTEN=0 its physical counter. */
	assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HOST_VHE, false, 0), 0);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   0x1 /* EL1PCTEN */),
			 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTP_CTL_EL0), 1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTP_TVAL_EL0), 1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTPCT_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTV_CTL_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTVCT_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTHP_CTL_EL2),
			 NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTFRQ_EL0), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
	/* Host E2H=1 layout: EL1PTEN (bit 11) cleared, EL1PCTEN (bit 10) kept. */
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL), 0x400);
	assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt), 0x400);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   0), /* from L2 */
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0), 0);
	/* L1 with E2H=0 in vEL2: physical timer access trapped (bit 11 clear), counter not. */
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL), 0x400);

	/* E2H=1: bits 11/10; EL0 controls (bits 9:0) do not affect L2. */
	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, 0x800), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTP_CVAL_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTPCT_EL0), 1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTV_TVAL_EL0), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, 0xc00), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTP_CVAL_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTPCT_EL0), 0);
	/* Host E2H=0 layout: L2 context with everything allowed = EL1PCTEN|EL1PCEN. */
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt), 0x3);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, 0x0), 0);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt), 0x0);

	/* FEAT_ECV: EL1TVT / EL1TVCT trap L2's virtual timer / counter. */
	assert_int_equal(
	    vt_fx_init(&f, NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV | NVARM_VTIMER_F_HOST_VHE,
		       false, 0),
	    0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   0xc00 | NVARM_CNTHCTL_EL1TVT),
			 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTV_CTL_EL0), 1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTVCT_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTVCTSS_EL0), 0);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 0);
	/* host base 0xc00 | ECV (bit 12) | EL1TVT (bit 13) */
	assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt), 0xc00 | 0x1000 | 0x2000);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   0xc00 | NVARM_CNTHCTL_EL1TVCT),
			 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTV_CTL_EL0), 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTVCT_EL0), 1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTVCTSS_EL0), 1);
	/* L1 with E2H=0 in vEL2: EL1 timers trapped (bit 11 clear, EL1TVT set) and CNTVCT. */
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, false), 0);
	assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt), 0x400 | 0x1000 | 0x2000 | 0x4000);
	/* Without FEAT_ECV in the VM, those bits do not exist for L1. */
	assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV, false, 0), 0);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0,
						   0x3 | NVARM_CNTHCTL_EL1TVT),
			 0);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTV_CTL_EL0), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPOFF_EL2, 0, &val),
	    NVARM_ERR_BAD_ENCODING);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPCTSS_EL0, 0, &val),
	    NVARM_ERR_BAD_ENCODING);
}

/* CNTKCTL_EL1 shadowing: with E2H=1 it carries L1's CNTHCTL_EL2 EL0 controls in vEL2. */
static void test_cntkctl_shadow(void **state)
{
	(void)state;
	for (unsigned vhe = 0; vhe < 2; vhe++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		uint64_t val;
		uint32_t k;

		assert_int_equal(vt_fx_init(&f, vhe ? NVARM_VTIMER_F_HOST_VHE : 0, false, 0), 0);
		k = NVARM_VTIMER_HWREG_CNTKCTL;
		/* The L0 reaches L2's CNTKCTL_EL1 through CNTKCTL_EL12 when it runs with E2H=1. */
		assert_int_equal(nvarm_vtimer_hw_reg_enc(&f.vt, k),
				 vhe ? NVARM_ENC_CNTKCTL_EL12 : NVARM_ENC_CNTKCTL_EL1);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
		/* L1's CNTHCTL: EL1PCTEN|EL1PTEN|EL0PTEN|EL0PCTEN; L2's CNTKCTL via CNTKCTL_EL12.
		 */
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTHCTL_EL2, 0,
							   0xc00 | 0x200 | 0x1),
				 0);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTKCTL_EL12, 0,
							   0x102 | 0xffff0000ull),
				 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x201);
		/* L1 (vEL2) writes CNTKCTL_EL1 directly: it means CNTHCTL_EL2's low bits. */
		vt_fx_set_reg(&f, k, 0x2 | 0x4 | 0x30);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, &val),
		    0);
		assert_int_equal(val, 0xc00 | 0x36);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL12, 0, &val),
		    0);
		assert_int_equal(val, 0x102);
		/* L2 runs: the hardware holds L2's CNTKCTL. */
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0),
				 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x102);
		vt_fx_set_reg(&f, k, 0x303); /* L2 changes its own */
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0),
				 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x36);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL12, 0, &val),
		    0);
		assert_int_equal(val, 0x303);
		/* Trapped CNTHCTL write updates the hardware copy too. */
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTHCTL_EL2, 0, 0xc00 | 0x300),
				 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x300);
		/* CNTKCTL_EL1 trapped from vEL2 with E2H=1 names all of CNTHCTL_EL2. */
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL1, 0, 0x803),
		    0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, &val),
		    0);
		assert_int_equal(val, 0x803);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL1, 0, &val),
		    0);
		assert_int_equal(val, 0x803);
		assert_int_equal(vt_fx_reg(&f, k), 0x3);
		assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTPCT_EL0), 1);
		/* E2H flips to 0 while L1 runs: the hardware takes L2's CNTKCTL. */
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), false), 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x303);
		/* and with E2H=0 a switch leaves it alone. */
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0),
				 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x303);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL1, 0, &val),
		    0);
		assert_int_equal(val, 0x303);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), true), 0);
		assert_int_equal(vt_fx_reg(&f, k), 0x3);
		assert_int_equal(nvarm_vtimer_deactivate(&f.vt, vt_fx_hw(&f)), 0);
		assert_int_equal(f.vt.cntkctl, 0x303);
	}
}

/*
 * L1's CNTHCTL_EL2 has one owner, the vtimer: nvarm_vtimer_l1_cnthctl() gives the value L1
 * reads in every context, including the low bits an E2H=1 L1 changed through its untrapped
 * CNTKCTL_EL1 (held in the hardware while it runs) and after L2 took the hardware over:
 * what the trap forwarding for L2 must route with (a copy elsewhere goes stale).
 */
static void test_l1_cnthctl(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	uint64_t val = 0;

	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(NULL, NULL, &val), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, NULL, NULL), NVARM_ERR_INVAL);
	/* E2H=0, not loaded: EL1PCTEN only (EL1PCEN=0: L2's physical timer traps to L1). */
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, NULL, NVARM_ENC_CNTHCTL_EL2, 0, 0x1), 0);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, NULL, &val), 0);
	assert_int_equal(val, 0x1);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, NULL, &val), 0);
	assert_int_equal(val, 0x1);
	assert_int_equal(nvarm_vtimer_l2_trap_to_l1(&f.vt, NVARM_ENC_CNTP_CTL_EL0), 1);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, 0), 0);
	/* E2H=1: EL1PCTEN|EL1PTEN trapped; L1 then sets EL0PCTEN|EL0VCTEN untrapped. */
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), true), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, 0xc00), 0);
	vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_CNTKCTL, 0x3);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, NULL, &val), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, vt_fx_hw(&f), &val), 0);
	assert_int_equal(val, 0xc03);
	/* L2 runs: the hardware holds L2's CNTKCTL, L1's value is still the one it wrote. */
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, 0), 0);
	vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_CNTKCTL, 0x300);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, vt_fx_hw(&f), &val), 0);
	assert_int_equal(val, 0xc03);
	assert_int_equal(nvarm_vtimer_l1_cnthctl(&f.vt, NULL, &val), 0);
	assert_int_equal(val, 0xc03);
}

/*
 * The L0's mask of a hardware-backed timer (IMASK in the hardware timer) is not the guest's:
 * while it is there the guest's accesses to that timer trap (CNTHCTL_EL2), reads see the
 * guest's own CTL, and its first write of CTL or CVAL lifts the mask and the trap at once,
 * so that a re-arm made right after the delivery fires without waiting for an exit (DDI 0487
 * D12: IMASK is a software control; the interrupt is asserted while ENABLE && !IMASK &&
 * ISTATUS). Physical and virtual timer, L2's (context L2) and L1's (context L1, E2H=1).
 */
static void test_mask_traps(void **state)
{
	(void)state;
	const uint64_t h = 5000;

	for (unsigned l1 = 0; l1 < 2; l1++) {
		for (unsigned hwt = 0; hwt < 2; hwt++) {
			static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
			uint64_t val = 0;
			bool phys = hwt == NVARM_VTIMER_HW_PHYS;
			uint32_t ctl_enc = phys ? NVARM_ENC_CNTP_CTL_EL0 : NVARM_ENC_CNTV_CTL_EL0;
			uint32_t cval_enc =
			    phys ? NVARM_ENC_CNTP_CVAL_EL0 : NVARM_ENC_CNTV_CVAL_EL0;
			uint64_t trapbit =
			    phys ? NVARM_CNTHCTL_E2H0_EL1PCEN : NVARM_CNTHCTL_EL2_E2H0_EL1TVT;
			bool trapped_when = phys ? false : true; /* EL1PCEN=0 / EL1TVT=1 traps */
			unsigned timer;

			assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV, false, 0), 0);
			if (l1)
				assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
			/* L1 lets L2 use both timers without trapping. */
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, NULL,
								   NVARM_ENC_CNTHCTL_EL2, 0,
								   l1 ? 0xc03 : 0x3),
					 0);
			assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
			if (!l1)
				assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f),
								     NVARM_VTIMER_CTX_L2, h),
						 0);
			timer = (unsigned)nvarm_vtimer_hw_backing(&f.vt, hwt);
			/* Not masked: no trap of this timer. */
			assert_int_equal(!!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
					 !trapped_when);
			/* The guest programs its timer in the hardware (CVAL past, ENABLE). */
			vt_fx_set_reg(&f, vt_fx_cval(hwt), 10);
			vt_fx_set_reg(&f, vt_fx_ctl(hwt), EN);
			assert_true(vt_fx_hw_fires(&f, hwt, h));
			assert_int_equal(nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), timer, h), 1);
			assert_false(vt_fx_hw_fires(&f, hwt, h));
			assert_int_equal(!!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
					 trapped_when);
			assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt),
					 vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL));
			/* The trapped read: the guest's CTL (no IMASK), ISTATUS computed. */
			assert_int_equal(
			    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), ctl_enc, h, &val), 0);
			assert_int_equal(val, EN | IST);
			/* Still masked after an exit (nothing re-armed): the trap stays. */
			assert_int_equal(nvarm_vtimer_sync(&f.vt, vt_fx_hw(&f), h + 1), 0);
			assert_int_equal(!!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
					 trapped_when);
			/* A world switch takes the trap away with the timer and back with it. */
			enum nvarm_vtimer_ctx other =
			    l1 ? NVARM_VTIMER_CTX_L2 : NVARM_VTIMER_CTX_L1;
			enum nvarm_vtimer_ctx self = l1 ? NVARM_VTIMER_CTX_L1 : NVARM_VTIMER_CTX_L2;
			assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), other, h + 2), 0);
			if (l1) /* (an E2H=0 L1 has its EL1 timer accesses trapped anyway) */
				assert_int_equal(
				    !!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
				    !trapped_when);
			assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), self, h + 3), 0);
			assert_int_equal(!!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
					 trapped_when);
			assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(hwt)), EN | MSK);
			if (l1 || phys) {
				/* A trapped CTL write (IMASK) lifts the mask and the trap. */
				assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
									   ctl_enc, h, EN | MSK),
						 0);
				assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(hwt)), EN | MSK);
			} else {
				/* A trapped CVAL write (the future) does too. */
				assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
									   cval_enc, h, h + 100),
						 0);
				assert_int_equal(vt_fx_reg(&f, vt_fx_ctl(hwt)), EN);
				assert_false(vt_fx_hw_fires(&f, hwt, h + 99));
				assert_true(vt_fx_hw_fires(&f, hwt, h + 100));
			}
			assert_int_equal(!!(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & trapbit),
					 !trapped_when);
			assert_int_equal(f.vt.acked, 0);
		}
	}
}

/* The VNCR page: the L1-written slots drive the emulated timers and the L2 entry. */
static void test_vncr(void **state)
{
	(void)state;
	for (unsigned e2h = 0; e2h < 2; e2h++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		struct nvarm_vtimer_deadline d;
		uint64_t *pg;
		const uint64_t h = 50000;

		assert_int_equal(
		    vt_fx_init(&f, NVARM_VTIMER_F_ECV | NVARM_VTIMER_F_HW_ECV, true, 0), 0);
		pg = f.vncr;
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, e2h), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		/* L1 writes its L2's timers and CNTVOFF to the page, no trap. */
		pg[0x60 / 8] = 1000;	       /* CNTVOFF_EL2 */
		pg[0x168 / 8] = h - 1000 + 40; /* CNTV_CVAL */
		pg[0x170 / 8] = EN | 0xfff0;   /* CNTV_CTL (+junk) */
		pg[0x178 / 8] = h + 60;	       /* CNTP_CVAL */
		pg[0x180 / 8] = EN | MSK;      /* CNTP_CTL, masked */
		pg[0x1a8 / 8] = 77;	       /* CNTPOFF (ECV off) */
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 39), 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 40), 1u << NVARM_VTIMER_EL1_VIRT);
		assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h, &d), 0);
		assert_int_equal(d.delta, 40);
		assert_int_equal(d.ppi, 27);
		/* Enter L2: the hardware takes exactly those values. */
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h),
				 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTVOFF), 1000);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTPOFF), 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CVAL), h - 1000 + 40);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CTL), EN);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CVAL), h + 60);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CTL), EN | MSK);
		assert_int_equal(nvarm_vtimer_vncr_export(&f.vt, f.vncr, h), NVARM_ERR_STATE);
		/* L2 reprograms its virtual timer in hardware; back to L1. */
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_V_CVAL, h - 1000 + 10);
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h + 60), 0);
		assert_int_equal(pg[0x168 / 8], h - 1000 + 10);
		assert_int_equal(pg[0x170 / 8], EN | IST); /* ISTATUS as of h + 60 */
		assert_int_equal(pg[0x180 / 8], EN | MSK | IST);
		assert_int_equal(pg[0x60 / 8], 1000);
		/* A trapped write keeps the page coherent. */
		if (e2h) {
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
								   NVARM_ENC_CNTV_CTL_EL02, h, 0),
					 0);
		} else {
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
								   NVARM_ENC_CNTV_CTL_EL0, h, 0),
					 0);
		}
		assert_int_equal(pg[0x170 / 8], 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 100), 0);
		/* The switch itself reads the page (no query in between). */
		pg[0x178 / 8] = 0x4242;
		pg[0x60 / 8] = 0x99;
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h),
				 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CVAL), 0x4242);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTVOFF), 0x99);
		/* An import while L2 runs takes the offsets but not the loaded timers. */
		pg[0x178 / 8] = 0x5555;
		assert_int_equal(nvarm_vtimer_vncr_import(&f.vt, f.vncr), 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h),
				 0);
		assert_int_equal(pg[0x178 / 8], 0x4242);
		/* nvarm_vtimer_set (e.g. migration restore) while L1 runs writes through. */
		struct nvarm_vtimer_regs r = {.cval = 0x777, .ctl = EN | IST};
		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &r),
				 0);
		assert_int_equal(pg[0x168 / 8], 0x777);
		assert_int_equal(pg[0x170 / 8], EN);
		uint64_t v;
		pg[0x1a8 / 8] = 0x1234; /* CNTPOFF exists (FEAT_ECV in the VM) */
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPOFF_EL2, h, &v), 0);
		assert_int_equal(v, 0x1234);
	}
}

/* nvarm_vtimer_vncr_dirty: a store of L1 to a timer slot of the page, and only while the
 * page is live (L1's context); an import or export makes the page and nvarm agree again. */
static void test_vncr_dirty(void **state)
{
	static struct vt_fx f; /* off the stack */
	struct nvarm_vtimer_resume res;
	const uint64_t h = 50000;
	uint64_t *pg;

	(void)state;
	assert_int_equal(nvarm_vtimer_vncr_dirty(NULL), NVARM_ERR_INVAL);
	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0); /* no page (FEAT_NV) */
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);

	assert_int_equal(vt_fx_init(&f, 0, true, 0), 0);
	pg = f.vncr;
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
	assert_int_equal(nvarm_vtimer_resume(&f.vt, vt_fx_hw(&f), h, &res), 0);
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	pg[0x168 / 8] = h + 40; /* CNTV_CVAL */
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 1);
	assert_int_equal(nvarm_vtimer_resume(&f.vt, vt_fx_hw(&f), h, &res), 0);
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	pg[0x170 / 8] = EN; /* CNTV_CTL */
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 1);
	assert_int_equal(nvarm_vtimer_vncr_import(&f.vt, f.vncr), 0);
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	/* ISTATUS in an exported CTL is nvarm's own view, not a change */
	assert_int_equal(nvarm_vtimer_vncr_export(&f.vt, f.vncr, h + 100), 0);
	assert_int_equal(pg[0x170 / 8], EN | IST);
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	pg[0x60 / 8] = 5; /* CNTVOFF_EL2 */
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 1);
	pg[0x60 / 8] = 0;
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	/* CNTPOFF_EL2 is not a slot without FEAT_ECV in the VM */
	pg[0x1a8 / 8] = 77;
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
	/* L2's context: the page is not live */
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h), 0);
	pg[0x178 / 8] = 0x4242;
	assert_int_equal(nvarm_vtimer_vncr_dirty(&f.vt), 0);
}

/*
 * FEAT_NV2 with an E2H=1 L1: its CNTP/CNTV_{CTL,CVAL}_EL02 go to the VNCR page untrapped
 * unless CNTHCTL_EL2.EL1NVPCT/EL1NVVCT (FEAT_ECV) trap them, which nvarm sets while L1 runs
 * so that a read sees the live ISTATUS and a re-arm is seen at once. Only then: not for
 * L2, not for E2H=0, not without the page (FEAT_NV traps EL02 names anyway) or the
 * hardware's FEAT_ECV.
 */
static void test_vncr_el02_traps(void **state)
{
	static struct vt_fx f; /* off the stack */
	const uint64_t nvt = NVARM_CNTHCTL_EL2_E2H1_EL1NVPCT | NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT;
	const uint64_t h = 50000;
	uint64_t v;

	(void)state;
	for (unsigned m = 0; m < 8; m++) {
		bool page = m & 1, e2h = m & 2, ecv = m & 4;
		bool want = page && e2h && ecv;

		assert_int_equal(vt_fx_init(&f, ecv ? NVARM_VTIMER_F_HW_ECV : 0, page, 0), 0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, e2h), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt) & nvt, want ? nvt : 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt, want ? nvt : 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h),
				 0);
		assert_int_equal(nvarm_vtimer_hw_cnthctl(&f.vt) & nvt, 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt, 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h),
				 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt, want ? nvt : 0);
		/* an E2H flip seen by the L0 moves the traps with it */
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), !e2h), 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt,
				 page && !e2h && ecv ? nvt : 0);
		if (!want)
			continue;
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), true), 0);
		/* the trapped accesses: arm L2's virtual timer, read its CTL as it fires */
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTV_CVAL_EL02, h, h + 40),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTV_CTL_EL02, h, EN),
		    0);
		assert_int_equal(f.vncr[0x168 / 8], h + 40); /* the page stays coherent */
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f),
							  NVARM_ENC_CNTV_CTL_EL02, h + 39, &v),
				 0);
		assert_int_equal(v, EN);
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f),
							  NVARM_ENC_CNTV_CTL_EL02, h + 40, &v),
				 0);
		assert_int_equal(v, EN | IST);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 40), 1u << NVARM_VTIMER_EL1_VIRT);
	}
	/*
	 * L1's own EL1NVPCT/EL1NVVCT for the guest hypervisor it runs: in the hardware while
	 * L2 runs (with FEAT_ECV in the VM and the hardware), never while L1 runs.
	 */
	for (unsigned m = 0; m < 4; m++) {
		uint32_t fl =
		    ((m & 1) ? NVARM_VTIMER_F_ECV : 0) | ((m & 2) ? NVARM_VTIMER_F_HW_ECV : 0);
		uint64_t want = (m == 3) ? NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT : 0;

		if (m == 1)
			continue; /* FEAT_ECV in the VM needs it in the hardware */
		assert_int_equal(vt_fx_init(&f, fl, false, 0), 0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTHCTL_EL2, h,
							   NVARM_CNTHCTL_EL2_E2H1_EL1NVVCT),
				 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt, 0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h),
				 0);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) & nvt, want);
	}
}

static void test_init_errors(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_config c;

	nvarm_vtimer_config_default(&c);
	assert_int_equal(c.ppi[0], 30);
	assert_int_equal(c.ppi[1], 27);
	assert_int_equal(c.ppi[2], 26);
	assert_int_equal(c.ppi[3], 28);
	assert_int_equal(nvarm_vtimer_init(&vt, &c), 0);
	assert_int_equal(nvarm_vtimer_init(NULL, &c), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_init(&vt, NULL), NVARM_ERR_INVAL);
	c.ppi[2] = 30;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_INVAL);
	c.ppi[2] = 15;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_INVAL);
	c.ppi[2] = 32;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_INVAL);
	c.ppi[2] = 20; /* DT-provided, non-default */
	assert_int_equal(nvarm_vtimer_init(&vt, &c), 0);
	assert_int_equal(nvarm_vtimer_ppi(&vt, NVARM_VTIMER_EL2_PHYS), 20);
	assert_int_equal(nvarm_vtimer_ppi(&vt, 4), NVARM_ERR_INVAL);
	c.flags = 1u << 7;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_INVAL);
	c.flags = NVARM_VTIMER_F_ECV;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_UNSUPPORTED);
	c.flags = 0;
	c.l0_offset = 1;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_UNSUPPORTED);
	c.flags = NVARM_VTIMER_F_HW_ECV;
	assert_int_equal(nvarm_vtimer_init(&vt, &c), 0);
	c.vncr = (void *)((uintptr_t)f.vncr + 4);
	assert_int_equal(nvarm_vtimer_init(&vt, &c), NVARM_ERR_INVAL);

	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, NULL, 0), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_hw_reg_enc(&f.vt, NVARM_VTIMER_HWREG_COUNT), 0);
	assert_int_equal(nvarm_vtimer_hw_reg_enc(NULL, 0), 0);
	assert_int_equal(nvarm_vtimer_deactivate(&f.vt, vt_fx_hw(&f)), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), 0);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), 0), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), (enum nvarm_vtimer_ctx)2, 0),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L1, 0), 0); /* no-op */
	assert_int_equal(nvarm_vtimer_hw_backing(&f.vt, 2), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_hw_ppi(&f.vt, 2), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_is_emulated(&f.vt, 4), NVARM_ERR_INVAL);
	struct nvarm_vtimer_regs r;
	assert_int_equal(nvarm_vtimer_get(&f.vt, NULL, NVARM_VTIMER_EL2_PHYS, 0, &r),
			 NVARM_ERR_INVAL); /* in the hardware: needs ops */
	assert_int_equal(nvarm_vtimer_get(&f.vt, NULL, NVARM_VTIMER_EL1_PHYS, 0, &r), 0);
	assert_int_equal(nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), 4, 0, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), 4, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_pending(NULL, 0), 0);
	struct nvarm_vtimer_deadline d;
	assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, 0, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, 0, &d), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vtimer_vncr_import(&f.vt, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_vncr_export(&f.vt, (char *)f.vncr + 1, 0), NVARM_ERR_INVAL);
}

static void test_access_errors(void **state)
{
	(void)state;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	uint64_t val;

	assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTFRQ_EL0, 0, &val),
	    NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), 0x1fffe0, 0, 0),
			 NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPCT_EL0, 0, 0),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVCT_EL0, 0, 0),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTKCTL_EL12, 0, &val),
	    NVARM_ERR_BAD_ENCODING); /* E2H=0 */
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(NULL, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, &val),
	    NVARM_ERR_INVAL);
	assert_int_equal(
	    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, NULL),
	    NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 0);
	/* From L2 every EL2 and EL02 name is UNDEFINED. */
	const uint32_t el2_only[] = {NVARM_ENC_CNTHCTL_EL2,   NVARM_ENC_CNTVOFF_EL2,
				     NVARM_ENC_CNTHP_CTL_EL2, NVARM_ENC_CNTHV_CVAL_EL2,
				     NVARM_ENC_CNTP_CTL_EL02, NVARM_ENC_CNTKCTL_EL12};
	for (size_t i = 0; i < sizeof(el2_only) / sizeof(el2_only[0]); i++) {
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), el2_only[i], 0, &val),
		    NVARM_ERR_BAD_ENCODING);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), el2_only[i], 0, 0),
				 NVARM_ERR_BAD_ENCODING);
	}
	/* Not loaded: L2's own CNTKCTL_EL1 is in the saved state. */
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, NULL, NVARM_ENC_CNTKCTL_EL1, 0, ~0ull),
			 0);
	assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, NULL, NVARM_ENC_CNTKCTL_EL1, 0, &val), 0);
	assert_int_equal(val, 0x3ff); /* no FEAT_ECV: EVNTIS (bit 17) absent */
}

/* Counters per context and E2H (no ECV): CNTVCT at vEL2 ignores CNTVOFF only with E2H=1. */
static void test_counters(void **state)
{
	(void)state;
	for (unsigned e2h = 0; e2h < 2; e2h++) {
		static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
		uint64_t val;

		assert_int_equal(vt_fx_init(&f, 0, false, 0), 0);
		assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, e2h), 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, 0, 0x40),
		    0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, 0, &val),
		    0);
		assert_int_equal(val, 0x40);
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTPCT_EL0,
							  0x1000, &val),
				 0);
		assert_int_equal(val, 0x1000);
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVCT_EL0,
							  0x1000, &val),
				 0);
		assert_int_equal(val, e2h ? 0x1000 : 0xfc0);
		assert_int_equal(nvarm_vtimer_switch(&f.vt, NULL, NVARM_VTIMER_CTX_L2, 0), 0);
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVCT_EL0,
							  0x1000, &val),
				 0);
		assert_int_equal(val, 0xfc0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, 0, &val),
		    NVARM_ERR_BAD_ENCODING);
	}
}

/* The computed-values contract: exactly the registers that change are flagged. */
static void test_hw_protocol(void **state)
{
	(void)state;
	const uint32_t timers =
	    (1u << NVARM_VTIMER_HWREG_P_CTL) | (1u << NVARM_VTIMER_HWREG_P_CVAL) |
	    (1u << NVARM_VTIMER_HWREG_V_CTL) | (1u << NVARM_VTIMER_HWREG_V_CVAL);
	const uint32_t kctl = 1u << NVARM_VTIMER_HWREG_CNTKCTL;
	const uint32_t voff = 1u << NVARM_VTIMER_HWREG_CNTVOFF;
	const uint32_t hctl = 1u << NVARM_VTIMER_HWREG_CNTHCTL;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	struct nvarm_vtimer_hw *hw;

	assert_int_equal(NVARM_VTIMER_HW_GUEST_MASK, timers | kctl);
	for (unsigned ecv = 0; ecv < 2; ecv++) {
		assert_int_equal(vt_fx_init(&f, ecv ? NVARM_VTIMER_F_HW_ECV : 0, false, 0), 0);
		hw = vt_fx_hw(&f);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, hw, 0), 0);
		assert_int_equal(hw->dirty, ecv ? 0xffu : 0xbfu);
	}
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), true), 0);
	assert_int_equal(f.hw.dirty, kctl | hctl);
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHCTL_EL2, 0, 0xc00), 0);
	/* No L2 traps requested: same hardware CNTHCTL in both contexts. Every timer is
	 * disabled with CVAL 0 in both contexts: the hardware already holds the incoming
	 * timers, none is flagged (only CNTKCTL_EL1, which E2H=1 swaps). */
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(hw->dirty, kctl);
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(hw->dirty, kctl);
	/* L2's EL1 virtual timer armed (emulated while L1 runs): entering L2 flags the virtual
	 * hardware timer's CTL and CVAL, not the physical one's; leaving flags them again. */
	{
		struct nvarm_vtimer_regs v = {.ctl = EN, .cval = 77};

		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &v),
				 0);
	}
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(hw->dirty, kctl | (1u << NVARM_VTIMER_HWREG_V_CTL) |
					(1u << NVARM_VTIMER_HWREG_V_CVAL));
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CVAL), 77);
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(hw->dirty, kctl | (1u << NVARM_VTIMER_HWREG_V_CTL) |
					(1u << NVARM_VTIMER_HWREG_V_CVAL));
	{
		struct nvarm_vtimer_regs v = {.ctl = 0, .cval = 0};

		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &v),
				 0);
	}
	/* A CNTVOFF for L2: flagged on every switch; the CNTHP trap touches only its slot. */
	assert_int_equal(
	    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, 0, 5), 0);
	assert_int_equal(f.hw.dirty, 0);
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, hw, NVARM_ENC_CNTHP_CTL_EL2, 0, 1), 0);
	assert_int_equal(hw->dirty, 1u << NVARM_VTIMER_HWREG_P_CTL);
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L2, 0), 0);
	/* the physical hardware timer goes from L1's enabled CNTHP to L2's disabled CNTP: its
	 * CTL changes, its CVAL (0 in both) and the virtual one's do not */
	assert_int_equal(hw->dirty, (1u << NVARM_VTIMER_HWREG_P_CTL) | kctl | voff);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTVOFF), 5);
	/* E2H=0: CNTKCTL_EL1 stays L2's, not flagged. */
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L1, 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, vt_fx_hw(&f), false), 0);
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_switch(&f.vt, hw, NVARM_VTIMER_CTX_L2, 0), 0);
	assert_int_equal(hw->dirty & kctl, 0);
	/* vCPU put: both hardware timers disabled, nothing else. */
	hw = vt_fx_hw(&f);
	assert_int_equal(nvarm_vtimer_deactivate(&f.vt, hw), 0);
	assert_int_equal(hw->dirty,
			 (1u << NVARM_VTIMER_HWREG_P_CTL) | (1u << NVARM_VTIMER_HWREG_V_CTL));
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CTL), 0);
	struct nvarm_vtimer_regs r;
	assert_int_equal(nvarm_vtimer_get(&f.vt, NULL, NVARM_VTIMER_EL2_PHYS, 0, &r), 0);
	assert_int_equal(r.ctl, 1 | NVARM_CNT_CTL_ISTATUS); /* CVAL 0 <= count 0 */
}

/*
 * nvarm_vtimer_ack: masks a timer that asserts its interrupt, wherever it lives; the
 * expectation for hardware-backed timers comes from the fixture's model of the hardware
 * timer output, and for emulated ones from the architectural condition written out.
 */
static void test_ack(void **state)
{
	(void)state;
	const uint64_t h = 1000000;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	struct nvarm_vtimer_regs r;

	for (unsigned vhe = 0; vhe < 2; vhe++) {
		uint32_t fl = NVARM_VTIMER_F_HW_ECV | (vhe ? NVARM_VTIMER_F_HOST_VHE : 0);
		/* Emulated: L2's EL1 virtual timer while L1 runs, L1's CNTVOFF_EL2 = 100. */
		assert_int_equal(vt_fx_init(&f, fl, false, 0), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTVOFF_EL2, h, 100),
		    0);
		r.cval = h - 100 + 10; /* fires at hardware count h + 10 */
		r.ctl = EN;
		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &r),
				 0);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 9), 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 10), 1u << NVARM_VTIMER_EL1_VIRT);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 10), 1);
		assert_int_equal(f.hw.dirty, 0); /* nothing of the hardware changed */
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 10), 0);
		assert_int_equal(
		    nvarm_vtimer_get(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 10, &r), 0);
		assert_int_equal(r.ctl, EN | IST); /* the L0's mask is not the guest's CTL */
		assert_int_equal(r.cval, h - 100 + 10);
		/* Already masked: nothing to do. The guest's re-arm (a CTL write) unmasks it. */
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 11), 0);
		r.ctl = EN;
		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &r),
				 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 12), 1u << NVARM_VTIMER_EL1_VIRT);
		/* Disabled: never asserting. */
		r.ctl = 0;
		assert_int_equal(nvarm_vtimer_set(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, &r),
				 0);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 99), 0);

		/* Hardware-backed: L2 runs and programs its virtual timer in the hardware. */
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h + 20), 0);
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_V_CVAL, h - 100 + 30);
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_V_CTL, EN);
		for (uint64_t t = h + 28; t <= h + 31; t++) {
			bool fires = vt_fx_hw_fires(&f, NVARM_VTIMER_HW_VIRT, t);
			struct nvarm_vtimer_hw *hw = vt_fx_hw(&f);
			assert_int_equal(nvarm_vtimer_ack(&f.vt, hw, NVARM_VTIMER_EL1_VIRT, t),
					 fires ? 1 : 0);
			/* masked: IMASK in the hardware, and the guest's accesses trap (EL1TVT) */
			assert_int_equal(hw->dirty, fires ? (1u << NVARM_VTIMER_HWREG_V_CTL) |
								(1u << NVARM_VTIMER_HWREG_CNTHCTL)
							  : 0);
			assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_VIRT, t));
		}
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CTL), EN | MSK);
		assert_true(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) &
			    NVARM_CNTHCTL_EL2_E2H0_EL1TVT);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CVAL), h - 100 + 30);
		/* The physical one: its hardware timer is untouched. */
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_P_CVAL, h + 40);
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_P_CTL, EN);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_PHYS, h + 40), 1);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CTL), EN | MSK);
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_V_CTL), EN | MSK);
		/* EL1PCEN (E2H=0 host) / EL1PTEN (E2H=1 host) = 0: the physical timer traps. */
		assert_false(vt_fx_reg(&f, NVARM_VTIMER_HWREG_CNTHCTL) &
			     (vhe ? NVARM_CNTHCTL_E2H1_EL1PTEN : NVARM_CNTHCTL_E2H0_EL1PCEN));
		/* Leaving L2 saves the mask with the timer. */
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h + 50), 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 50), 0);
		/* Errors. */
		assert_int_equal(nvarm_vtimer_ack(NULL, vt_fx_hw(&f), 0, h), NVARM_ERR_INVAL);
		assert_int_equal(nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_COUNT, h),
				 NVARM_ERR_INVAL);
		assert_int_equal(nvarm_vtimer_ack(&f.vt, NULL, NVARM_VTIMER_EL2_PHYS, h),
				 NVARM_ERR_INVAL);
	}

	/* FEAT_NV2, E2H=1: L1 programs L2's timer in the VNCR page; the mask stays the L0's. */
	assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV, true, 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
	f.vncr[0x178 / 8] = h + 5; /* CNTP_CVAL_EL02 */
	f.vncr[0x180 / 8] = EN;	   /* CNTP_CTL_EL02 */
	assert_int_equal(nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_PHYS, h + 5), 1);
	assert_int_equal(f.vncr[0x180 / 8], EN); /* L1 reads its guest's CTL as it wrote it */
	assert_int_equal(f.vncr[0x178 / 8], h + 5);
	assert_int_equal(f.vncr[0x170 / 8], 0); /* the virtual timer's slot is untouched */
	assert_int_equal(nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h + 6), 0);
	assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CTL), EN | MSK);
	assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 6));
}

/*
 * Re-arm without a CTL write (Arm ARM D12 "timer condition met" is re-evaluated against the new
 * CVAL): CTL = ENABLE once, the timer fires, the L0 acknowledges it, the guest writes only CVAL
 * (or TVAL) in the future; when that time comes the timer must assert again. For an emulated
 * timer (trapped CVAL, CVAL in the VNCR page) and a hardware-backed one (CVAL written to the
 * hardware without trapping, seen by nvarm_vtimer_sync after an exit).
 */
static void test_rearm_cval(void **state)
{
	(void)state;
	const uint64_t h = 5000000;
	static struct vt_fx f; /* 4.5K: off the stack (16K in the kernel module) */
	struct nvarm_vtimer_deadline d;
	uint64_t val;

	for (unsigned tval = 0; tval < 2; tval++) {
		/* Emulated: L1's EL2 physical timer while L2 runs, CNTHP_CVAL_EL2/TVAL trap. */
		assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV, false, 0), 0);
		assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTHP_CVAL_EL2, h, h + 10),
				 0);
		assert_int_equal(
		    nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f), NVARM_ENC_CNTHP_CTL_EL2, h, EN),
		    0);
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h + 1), 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 10), 1u << NVARM_VTIMER_EL2_PHYS);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL2_PHYS, h + 10), 1);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 20), 0);
		assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h + 20, &d), NVARM_ERR_NOENT);
		/* back in L1: it reads CTL = ENABLE|ISTATUS (no IMASK), re-arms with CVAL/TVAL */
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h + 30), 0);
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f),
							  NVARM_ENC_CNTHP_CTL_EL2, h + 30, &val),
				 0);
		assert_int_equal(val, EN | IST);
		if (tval)
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
								   NVARM_ENC_CNTHP_TVAL_EL2, h + 30,
								   70),
					 0);
		else
			assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
								   NVARM_ENC_CNTHP_CVAL_EL2, h + 30,
								   h + 100),
					 0);
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L2, h + 31), 0);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 99), 0);
		assert_int_equal(nvarm_vtimer_next_deadline(&f.vt, h + 40, &d), 0);
		assert_int_equal(d.timer, NVARM_VTIMER_EL2_PHYS);
		assert_int_equal(d.hw_cval, h + 100);
		assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 100), 1u << NVARM_VTIMER_EL2_PHYS);
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL2_PHYS, h + 100), 1);

		/* Hardware-backed: the same timer while L1 runs (hardware EL1 physical timer). */
		assert_int_equal(
		    nvarm_vtimer_switch(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_CTX_L1, h + 110), 0);
		assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 110)); /* still masked */
		assert_int_equal(nvarm_vtimer_sysreg_read(&f.vt, vt_fx_hw(&f),
							  NVARM_ENC_CNTHP_CTL_EL2, h + 110, &val),
				 0);
		assert_int_equal(val, EN | IST);
		/* the guest writes CVAL (or TVAL) straight to the hardware, no trap */
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_P_CVAL, h + 200);
		assert_int_equal(nvarm_vtimer_sync(&f.vt, vt_fx_hw(&f), h + 120), 1);
		assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 199));
		assert_true(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 200));
		assert_int_equal(vt_fx_reg(&f, NVARM_VTIMER_HWREG_P_CTL), EN);
		/* fires, acknowledged in the hardware; a trapped CVAL write unmasks at once */
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL2_PHYS, h + 200), 1);
		assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 250));
		assert_int_equal(nvarm_vtimer_sync(&f.vt, vt_fx_hw(&f), h + 250), 0);
		assert_int_equal(nvarm_vtimer_sysreg_write(&f.vt, vt_fx_hw(&f),
							   NVARM_ENC_CNTHP_TVAL_EL2, h + 250, 50),
				 0);
		assert_false(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 299));
		assert_true(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 300));
		/* the guest rewrites CTL in the hardware itself: unmasked too */
		assert_int_equal(
		    nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL2_PHYS, h + 300), 1);
		vt_fx_set_reg(&f, NVARM_VTIMER_HWREG_P_CTL, EN);
		assert_int_equal(nvarm_vtimer_sync(&f.vt, vt_fx_hw(&f), h + 301), 1);
		assert_true(vt_fx_hw_fires(&f, NVARM_VTIMER_HW_PHYS, h + 301));
	}

	/* FEAT_NV2: L1 re-arms L2's timer by storing a new CVAL to the VNCR page (no trap). */
	assert_int_equal(vt_fx_init(&f, NVARM_VTIMER_F_HW_ECV, true, 0), 0);
	assert_int_equal(nvarm_vtimer_set_e2h(&f.vt, NULL, true), 0);
	assert_int_equal(nvarm_vtimer_activate(&f.vt, vt_fx_hw(&f), h), 0);
	f.vncr[0x168 / 8] = h + 5; /* CNTV_CVAL_EL02 (CNTVOFF_EL2 0) */
	f.vncr[0x170 / 8] = EN;	   /* CNTV_CTL_EL02 */
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 5), 1u << NVARM_VTIMER_EL1_VIRT);
	assert_int_equal(nvarm_vtimer_ack(&f.vt, vt_fx_hw(&f), NVARM_VTIMER_EL1_VIRT, h + 5), 1);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 6), 0);
	f.vncr[0x168 / 8] = h + 50;
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 49), 0);
	assert_int_equal(nvarm_vtimer_pending(&f.vt, h + 50), 1u << NVARM_VTIMER_EL1_VIRT);
	/* errors */
	assert_int_equal(nvarm_vtimer_sync(NULL, NULL, 0), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vtimer_sync(&f.vt, NULL, 0), NVARM_ERR_INVAL);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_matrix),
	    cmocka_unit_test(test_rearm_cval),
	    cmocka_unit_test(test_independence),
	    cmocka_unit_test(test_offsets_wrap),
	    cmocka_unit_test(test_wrap_semantics),
	    cmocka_unit_test(test_tval),
	    cmocka_unit_test(test_redirection),
	    cmocka_unit_test(test_cnthctl_layouts),
	    cmocka_unit_test(test_cntkctl_shadow),
	    cmocka_unit_test(test_l1_cnthctl),
	    cmocka_unit_test(test_vncr),
	    cmocka_unit_test(test_vncr_dirty),
	    cmocka_unit_test(test_vncr_el02_traps),
	    cmocka_unit_test(test_init_errors),
	    cmocka_unit_test(test_access_errors),
	    cmocka_unit_test(test_counters),
	    cmocka_unit_test(test_hw_protocol),
	    cmocka_unit_test(test_ack),
	    cmocka_unit_test(test_mask_traps),
	};
	/* clang-format on */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
