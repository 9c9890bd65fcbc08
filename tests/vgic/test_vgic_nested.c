// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Nested entry/exit against the reference model.
 *
 * Two instances of the model run side by side: H is the "hardware" virtual CPU interface
 * (its state lives in the host model's fake ICH_* registers, programmed by nvarm), R is
 * what the architecture says L1 must see (updated directly from L1's writes). L2's
 * acknowledges, EOIs and deactivations are applied to both; after every step L1's view
 * through nvarm (LRs, HCR with EOIcount, VMCR, APRs, MISR/EISR/ELRSR, maintenance,
 * reported deactivations) must equal R, every acknowledge must return the same INTID on
 * H and R (nothing lost or duplicated), and H may only deactivate real INTIDs that back
 * L1's own interrupts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vgic_fixture.h"

#define LR_P	(1ull << 62)
#define LR_A	(1ull << 63)
#define LR_HW	(1ull << 61)
#define LR_G1	(1ull << 60)
#define LR_EOI	(1ull << 41)
#define PRIO(p) ((uint64_t)(p) << 48)
#define PINT(x) ((uint64_t)(x) << 32)

static uint64_t g_seed;
static unsigned g_step;

#define CHECK_EQ(a, b, what)                                                                       \
	do {                                                                                       \
		uint64_t a_ = (a), b_ = (b);                                                       \
		if (a_ != b_) {                                                                    \
			print_error("seed %#llx step %u: %s: nvarm %#llx, model %#llx\n",          \
				    (unsigned long long)g_seed, g_step, what,                      \
				    (unsigned long long)a_, (unsigned long long)b_);               \
			fail();                                                                    \
		}                                                                                  \
	} while (0)

static void compare_view(struct vfix *f, const struct gicm *R)
{
	uint64_t got;

	for (unsigned i = 0; i < R->nlr; i++) {
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_LR(i), &got),
				 0);
		CHECK_EQ(got, R->lr[i], "ICH_LR");
	}
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_HCR, &got), 0);
	CHECK_EQ(got, R->hcr, "ICH_HCR");
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, &got), 0);
	CHECK_EQ(got, R->vmcr, "ICH_VMCR");
	for (unsigned n = 0; n < gicm_napr(R); n++) {
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_AP0R(n), &got),
				 0);
		CHECK_EQ(got, R->ap[0][n], "ICH_AP0R");
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_AP1R(n), &got),
				 0);
		CHECK_EQ(got, R->ap[1][n], "ICH_AP1R");
	}
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_MISR, &got), 0);
	CHECK_EQ(got, gicm_misr(R), "ICH_MISR");
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_EISR, &got), 0);
	CHECK_EQ(got, gicm_eisr(R), "ICH_EISR");
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_ELRSR, &got), 0);
	CHECK_EQ(got, gicm_elrsr(R), "ICH_ELRSR");
}

/* An architecturally meaningful LR value for slot @i (no UNPREDICTABLE combinations). */
static uint64_t gen_lr(uint64_t *s, const struct gicm *R, unsigned i)
{
	for (int tries = 0; tries < 8; tries++) {
		uint64_t r = xrand(s), st = (r & 3) << 62, lr;
		unsigned cat = (unsigned)(r >> 2) % 10;
		uint32_t vint;
		bool clash = false;

		if (cat < 1)
			vint = (uint32_t)(r >> 8) % 16; /* SGI */
		else if (cat < 3)
			vint = 16 + (uint32_t)(r >> 8) % 16; /* PPI */
		else if (cat < 9)
			vint = 32 + (uint32_t)(r >> 8) % 40; /* SPI */
		else
			vint = 8192 + (uint32_t)(r >> 8) % 8; /* LPI: pending only */
		if (vint >= 8192 && st)
			st = LR_P;
		lr = st | vint | PRIO((r >> 20) & 0xff) | ((r >> 28) & 1 ? LR_G1 : 0);
		if (vint < 8192 && ((r >> 29) % 10) < 3) {
			/* HW = 1 naming an L1 interrupt: 32-47 backed, 48-63 not. */
			lr |= LR_HW | PINT(32 + (r >> 33) % 32);
			if (st == (LR_P | LR_A))
				st = LR_A;
			lr = (lr & ~(LR_P | LR_A)) | st;
		} else if (((r >> 40) % 10) < 3) {
			lr |= LR_EOI;
		}
		if (st)
			for (unsigned j = 0; j < R->nlr; j++)
				if (j != i && (R->lr[j] >> 62) &&
				    (uint32_t)(R->lr[j] & 0xffffffff) == vint)
					clash = true;
		if (!clash)
			return lr;
	}
	return 0;
}

struct l2sw {
	uint32_t stack[64];
	int grp[64];
	unsigned depth;
	uint32_t todir[64];
	unsigned ndir;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void run_config(uint64_t *s, unsigned steps)
{
	struct vfix *f = calloc(1, sizeof(*f));
	struct gicm *R = calloc(1, sizeof(*R)), *H = calloc(1, sizeof(*H)),
		    *L1 = calloc(1, sizeof(*L1));
	struct l2sw sw = {0};
	unsigned hwn = (unsigned[]){1, 2, 3, 4, 4, 8, 16}[xrand(s) % 7];
	unsigned pri = 5 + (unsigned)(xrand(s) % 4);
	unsigned pre = 5 + (unsigned)(xrand(s) % (pri >= 7 ? 3 : pri - 4));
	uint64_t vtr = mk_vtr(hwn, pri, pre, (unsigned)(xrand(s) & 1), xrand(s) & 1, xrand(s) & 1);
	unsigned nr = 1 + (unsigned)(xrand(s) % hwn);
	uint32_t maint = (xrand(s) & 1) ? 25 : 0;
	uint32_t next_l1 = 64;
	uint64_t snap_lr[16] = {0}, snap_vmcr = 0, snap_ap[2][4] = {{0}};
	bool parked = false;

	assert_int_equal(vfix_init(f, vtr, nr, maint, 8), 0);
	gicm_init(R, vtr, nr);
	nvarm_vgic_vstate_reset(&f->cpu, &f->v);
	R->hcr = 0;
	/* L1's own ICV configuration (what L1 runs with). */
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR,
				 gicm_vmcr_value(R, NVARM_ICH_VMCR_VENG1 | (0xffull << 24)));
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);

	for (unsigned k = 0; k < steps; k++, g_step++) {
		unsigned act = (unsigned)(xrand(s) % 100);

		if (act < 30) {
			unsigned i = (unsigned)(xrand(s) % nr);
			uint64_t val = gen_lr(s, R, i);
			uint64_t junk =
			    (xrand(s) & 1) ? (xrand(s) & ((7ull << 56) | (7ull << 45))) : 0;

			if (!(val & LR_HW))
				junk &= ~(0x1fffull << 32);
			if (xrand(s) & 1)
				assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v,
								       NVARM_ENC_ICH_LR(i),
								       val | junk),
						 0);
			else
				f->v.lr[i] = val | junk; /* NV2: straight to memory */
			R->lr[i] = gicm_lr_value(R, val | junk);
		} else if (act < 38) {
			uint64_t val = ((xrand(s) % 10) ? NVARM_ICH_HCR_EN : 0) |
				       (xrand(s) & 0xfe) |
				       ((xrand(s) % 5) ? 0 : (xrand(s) & (0x1full << 27)));
			if (xrand(s) & 1)
				val |= xrand(s) & ~0xffffffffull; /* RES0 garbage */
			if (xrand(s) & 1)
				assert_int_equal(
				    nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_HCR, val),
				    0);
			else
				f->v.hcr = val;
			R->hcr = gicm_hcr_value(R, val);
		} else if (act < 43) {
			uint64_t val = ((xrand(s) % 5) ? 3 : xrand(s) & 3) | (xrand(s) & 0x210) |
				       ((xrand(s) & 0x3f) << 18) |
				       ((xrand(s) % 3) ? 0xffull << 24 : (xrand(s) & 0xff) << 24);
			if (xrand(s) & 1)
				assert_int_equal(
				    nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, val),
				    0);
			else
				f->v.vmcr = val;
			R->vmcr = gicm_vmcr_value(R, val);
		} else {
			struct nvarm_vgic_exit res;
			unsigned nact = (unsigned)(xrand(s) % 7);

			/* L1 runs a little (L0 injects, L1 acknowledges some of its own), or L0
			 * re-enters L2 straight from its own exit handling (parked). */
			if (!parked || (xrand(s) & 1)) {
				if (xrand(s) & 1) {
					struct nvarm_vgic_irq irq = {next_l1, 0, (uint8_t)xrand(s),
								     NVARM_VGIC_IRQ_GROUP1};
					int rc;

					next_l1 = next_l1 == 95 ? 64 : next_l1 + 1;
					rc = nvarm_vgic_l1_inject(&f->cpu, &irq);
					assert_true(rc == 0 || rc == NVARM_ERR_NOMEM);
				}
				assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
				gicm_init(L1, vtr, hwn);
				gicm_load_hw(L1, &f->hm);
				if (xrand(s) & 1) {
					uint32_t id = gicm_ack(L1, 1);
					if (id != GICM_SPURIOUS && (xrand(s) & 3))
						gicm_eoir(L1, 1, id);
				}
				gicm_store_hw(L1, &f->hm);
				parked = false;
			}
			if (!parked) {
				for (unsigned n = 0; n < hwn; n++)
					snap_lr[n] =
					    nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
				snap_vmcr = nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_VMCR);
				for (unsigned n = 0; n < 4; n++) {
					snap_ap[0][n] =
					    nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_AP0R(n));
					snap_ap[1][n] =
					    nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_AP1R(n));
				}
			}

			/* L2 runs. */
			assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
			gicm_init(H, vtr, hwn);
			gicm_load_hw(H, &f->hm);
			for (unsigned n = nr; n < hwn; n++)
				CHECK_EQ(H->lr[n], 0, "hardware LR beyond L1's count");
			R->nphys = 0;
			for (unsigned a = 0; a < nact; a++) {
				unsigned what = (unsigned)(xrand(s) % 10);

				if (what < 4) {
					int g = (int)(xrand(s) & 1);
					uint32_t hid = gicm_ack(H, g), rid = gicm_ack(R, g);

					CHECK_EQ(hid, rid, "acknowledged INTID");
					if (rid != GICM_SPURIOUS && sw.depth < 64) {
						sw.stack[sw.depth] = rid;
						sw.grp[sw.depth++] = g;
					}
				} else if (what < 8 && sw.depth) {
					uint32_t id = sw.stack[--sw.depth];
					int g = sw.grp[sw.depth];
					bool split = (R->vmcr >> 9) & 1;

					gicm_eoir(H, g, id);
					gicm_eoir(R, g, id);
					if (split && sw.ndir < 64)
						sw.todir[sw.ndir++] = id;
				} else if (what == 8 && sw.ndir) {
					unsigned j = (unsigned)(xrand(s) % sw.ndir);
					uint32_t id = sw.todir[j];

					sw.todir[j] = sw.todir[--sw.ndir];
					gicm_dir(H, id);
					gicm_dir(R, id);
				} else {
					/* A stray EOI/DIR of something not in any LR. */
					uint32_t id = 900 + (uint32_t)(xrand(s) % 50);
					int g = (int)(xrand(s) & 1);
					if (xrand(s) & 1) {
						gicm_eoir(H, g, id);
						gicm_eoir(R, g, id);
					} else {
						gicm_dir(H, id);
						gicm_dir(R, id);
					}
				}
			}
			gicm_store_hw(H, &f->hm);
			memset(&res, 0xa5, sizeof(res));
			assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);

			/* Deactivations: reported = R's; hardware only touched backed INTIDs. */
			CHECK_EQ(res.ndeact, R->nphys, "number of deactivations");
			qsort(res.deact, res.ndeact, sizeof(uint32_t), cmp_u32);
			qsort(R->phys_deact, R->nphys, sizeof(uint32_t), cmp_u32);
			for (unsigned j = 0; j < R->nphys; j++)
				CHECK_EQ(res.deact[j], R->phys_deact[j], "deactivated L1 INTID");
			{
				unsigned nb = 0;
				for (unsigned j = 0; j < R->nphys; j++)
					if (R->phys_deact[j] >= f->back_lo &&
					    R->phys_deact[j] < f->back_hi)
						nb++;
				CHECK_EQ(H->nphys, nb, "hardware deactivations");
				for (unsigned j = 0; j < H->nphys; j++)
					assert_true(H->phys_deact[j] >= f->back_lo + f->back_off &&
						    H->phys_deact[j] < f->back_hi + f->back_off);
			}
			CHECK_EQ(res.maint, gicm_maint(R), "maintenance decision");

			/* Parked: the virtual interface is off until L1's state is back. */
			CHECK_EQ(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_HCR), 0,
				 "parked HCR");
			parked = true;
			if (xrand(s) & 1)
				goto step_done; /* L0 will re-enter L2 without running L1 */
			parked = false;
			assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
			/* L1's own state is back: ICV registers exactly, LRs without loss. */
			CHECK_EQ(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_VMCR), snap_vmcr,
				 "L1 VMCR restored");
			for (unsigned n = 0; n < 4; n++) {
				CHECK_EQ(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_AP0R(n)),
					 snap_ap[0][n], "L1 AP0R restored");
				CHECK_EQ(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_AP1R(n)),
					 snap_ap[1][n], "L1 AP1R restored");
			}
			/* L1's interface on whenever a list register holds an interrupt for it
			 * (with none, nvarm leaves En 0: nothing to signal) */
			{
				bool any = false;

				for (unsigned n = 0; n < hwn; n++)
					any |= (nvarm_host_model_get_reg(&f->hm,
									 NVARM_ENC_ICH_LR(n)) >>
						62) != 0;
				CHECK_EQ(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_HCR) &
					     NVARM_ICH_HCR_EN,
					 any ? NVARM_ICH_HCR_EN : 0, "L1 HCR restored");
			}
			for (unsigned n = 0; n < hwn; n++) {
				uint32_t id = (uint32_t)snap_lr[n];
				bool found = false;

				if (!(snap_lr[n] >> 62) || (maint && id == maint))
					continue;
				for (unsigned m = 0; m < hwn; m++) {
					uint64_t now =
					    nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(m));
					if ((now >> 62) && (uint32_t)now == id) {
						CHECK_EQ(now & ~LR_EOI, snap_lr[n] & ~LR_EOI,
							 "L1 LR restored");
						found = true;
					}
				}
				for (unsigned q = 0; q < f->cpu.queue_count; q++)
					if (f->queue[q].intid == id && (snap_lr[n] >> 62) == 1)
						found = true; /* evicted pending-only: queued */
				if (!found) {
					print_error("seed %#llx step %u: L1 INTID %u lost\n",
						    (unsigned long long)g_seed, g_step, id);
					fail();
				}
			}
			if (maint) {
				bool pend = f->cpu.maint_owed;
				for (unsigned n = 0; n < hwn; n++) {
					uint64_t now =
					    nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
					if ((uint32_t)now == maint && (now & LR_P))
						pend = true;
				}
				for (unsigned q = 0; q < f->cpu.queue_count; q++)
					CHECK_EQ(f->queue[q].intid == maint, 0,
						 "maintenance PPI queued");
				CHECK_EQ(pend, res.maint, "L1 maintenance PPI pending");
			}
		}
	step_done:
		compare_view(f, R);
	}
	free(f);
	free(R);
	free(H);
	free(L1);
}

static void test_random_vs_model(void **state)
{
	uint64_t s;
	unsigned configs = 20, steps = 5000; /* 10^5 steps */

	(void)state;
	g_seed = test_seed(0x1e5ca1ab);
	s = g_seed;
	g_step = 0;
	print_message("seed %#llx (NVARM_SEED overrides), %u steps\n", (unsigned long long)g_seed,
		      configs * steps);
	for (unsigned c = 0; c < configs; c++)
		run_config(&s, steps);
}

/* ---------------------------------------------------------- directed cases */

static struct vfix *setup_l2(unsigned maint)
{
	struct vfix *f = calloc(1, sizeof(*f));

	assert_int_equal(vfix_init(f, VTR_QEMU, 0, maint, 8), 0);
	nvarm_vgic_vstate_reset(&f->cpu, &f->v);
	f->v.hcr = NVARM_ICH_HCR_EN;
	f->v.vmcr = NVARM_ICH_VMCR_VENG1 | (0xffull << 24);
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR,
				 NVARM_ICH_VMCR_VENG1 | (0xffull << 24) | (2ull << 21) |
				     (3ull << 18));
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	return f;
}

/* L2 acknowledges one Group 1 interrupt and EOIs it (EOImode 0) on the hardware. */
static uint32_t l2_ack_eoi(struct vfix *f, struct gicm *H)
{
	uint32_t id;

	gicm_init(H, VTR_QEMU, 0);
	gicm_load_hw(H, &f->hm);
	id = gicm_ack(H, 1);
	if (id != GICM_SPURIOUS)
		gicm_eoir(H, 1, id);
	gicm_store_hw(H, &f->hm);
	return id;
}

static void test_hw_backed(void **state)
{
	struct vfix *f = setup_l2(0);
	struct gicm H;
	struct nvarm_vgic_exit res;
	uint64_t hw;

	(void)state;
	f->v.lr[0] = LR_P | LR_G1 | LR_HW | PINT(33) | PRIO(0xa0) | 27;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	hw = nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(0));
	assert_int_equal(hw, LR_P | LR_G1 | LR_HW | PINT(133) | PRIO(0xa0) | 27);
	assert_int_equal(f->last_xlate, 33);
	assert_int_equal(l2_ack_eoi(f, &H), 27);
	assert_int_equal(H.nphys, 1);
	assert_int_equal(H.phys_deact[0], 133); /* the real interrupt is deactivated */
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	assert_int_equal(res.ndeact, 1);
	assert_int_equal(res.deact[0], 33);
	/* L1 still sees its own pINTID; the LR is now invalid and empty. */
	assert_int_equal(f->v.lr[0], LR_G1 | LR_HW | PINT(33) | PRIO(0xa0) | 27);
	assert_int_equal(nvarm_vgic_elrsr(&f->cpu, &f->v) & 1, 1);
	assert_int_equal(nvarm_vgic_eisr(&f->cpu, &f->v), 0);
	free(f);
}

static void test_hw_not_backed(void **state)
{
	struct vfix *f = setup_l2(0);
	struct gicm H;
	struct nvarm_vgic_exit res;

	(void)state;
	f->v.lr[1] = LR_P | LR_G1 | LR_HW | PINT(50) | PRIO(0x40) | 30;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	/* Runs as HW = 0 with EOI maintenance, no pINTID. */
	assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(1)),
			 LR_P | LR_G1 | LR_EOI | PRIO(0x40) | 30);
	assert_int_equal(l2_ack_eoi(f, &H), 30);
	assert_int_equal(H.nphys, 0);		  /* no physical interrupt touched */
	assert_int_equal(gicm_eisr(&H), 1u << 1); /* hardware maintenance makes L2 exit */
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	assert_int_equal(res.ndeact, 1);
	assert_int_equal(res.deact[0], 50);
	assert_int_equal(f->v.lr[1], LR_G1 | LR_HW | PINT(50) | PRIO(0x40) | 30);
	assert_int_equal(nvarm_vgic_eisr(&f->cpu, &f->v), 0); /* HW = 1 in L1's view */
	/* Without a callback at all: the same (not backed). */
	f->ops.l1_intid_to_hw = NULL;
	f->v.lr[1] = LR_P | LR_G1 | LR_HW | PINT(33) | PRIO(0x40) | 30;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(1)),
			 LR_P | LR_G1 | LR_EOI | PRIO(0x40) | 30);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	assert_int_equal(res.ndeact, 0);
	free(f);
}

static void test_hw_lying_pintid(void **state)
{
	static const uint32_t bad[] = {0, 5, 15, 1020, 1021, 1023, 1024, 2000, 5120, 8191};
	struct vfix *f = setup_l2(0);
	struct gicm H;
	struct nvarm_vgic_exit res;

	(void)state;
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(bad); i++) {
		f->xlate_calls = 0;
		f->v.lr[2] = LR_P | LR_G1 | LR_HW | PINT(bad[i]) | PRIO(0x40) | 31;
		assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
		assert_int_equal(f->xlate_calls, 0); /* never asked about it */
		assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(2)),
				 LR_P | LR_G1 | PRIO(0x40) | 31);
		assert_int_equal(l2_ack_eoi(f, &H), 31);
		assert_int_equal(H.nphys, 0);
		assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
		assert_int_equal(res.ndeact, 0);
		assert_int_equal(f->v.lr[2], LR_G1 | LR_HW | PINT(bad[i]) | PRIO(0x40) | 31);
	}
	/* A host callback answering with a non-physical INTID is not trusted either. */
	f->back_off = 1020 - 40; /* 40 -> 1020 */
	f->v.lr[2] = LR_P | LR_G1 | LR_HW | PINT(40) | PRIO(0x40) | 31;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(2)),
			 LR_P | LR_G1 | LR_EOI | PRIO(0x40) | 31);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	free(f);
}

static void test_l1_lrs_hidden_and_deactivation_reaches_l1(void **state)
{
	struct vfix *f = setup_l2(0);
	static struct gicm H, L1; /* off the stack (kernel module) */
	struct nvarm_vgic_irq irq33 = {33, 0, 0x20, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq irq70 = {70, 0, 0x30, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_exit res;
	uint64_t lr33 = 0;

	(void)state;
	/* L0 gives L1 interrupts 33 and 70; L1 acknowledges 33 (highest priority). */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &irq33), 0);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &irq70), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	gicm_init(&L1, VTR_QEMU, 0);
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 33);
	gicm_store_hw(&L1, &f->hm);
	/* L1 forwards 33 to L2 with HW = 1 (as KVM does for a passthrough interrupt). */
	f->v.lr[3] = LR_P | LR_G1 | LR_HW | PINT(33) | PRIO(0x80) | 44;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	for (unsigned n = 0; n < 3; n++) /* L1's LRs are not visible to L2 */
		assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n)), 0);
	assert_int_equal(l2_ack_eoi(f, &H), 44);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	assert_int_equal(res.ndeact, 1);
	assert_int_equal(res.deact[0], 33);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	/* 33 is no longer active in L0's LRs for L1; 70 is still pending there. */
	for (unsigned n = 0; n < 4; n++) {
		uint64_t lr = nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
		if ((uint32_t)lr == 33)
			lr33 = lr;
		if ((uint32_t)lr == 70)
			assert_int_equal(lr >> 62, 1);
	}
	assert_int_equal(lr33 >> 62, 0);
	free(f);
}

static void test_state_errors(void **state)
{
	struct vfix *f = setup_l2(0);
	struct nvarm_vgic_irq irq = {40, 0, 0, 0};

	(void)state;
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &irq), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 40), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_l1_deactivate(&f->cpu, 40), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_l1_sync(&f->cpu), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), 0);
	free(f);
}

static void test_eoicount_and_maintenance(void **state)
{
	struct vfix *f = setup_l2(25);
	struct gicm H;
	struct nvarm_vgic_exit res;
	bool found = false;

	(void)state;
	/* L1 left an active interrupt's priority in AP1R0 but reused its LR (evicted). */
	f->v.ap1r[0] = 1u << (0x40 >> 3);
	f->v.hcr = NVARM_ICH_HCR_EN | NVARM_ICH_HCR_LRENPIE;
	f->v.lr[0] = LR_P | LR_G1 | PRIO(0x80) | 50;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	gicm_init(&H, VTR_QEMU, 0);
	gicm_load_hw(&H, &f->hm);
	gicm_eoir(&H, 1, 77); /* L2 EOIs the evicted interrupt: no LR -> EOIcount */
	gicm_store_hw(&H, &f->hm);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, &res), 0);
	assert_int_equal((f->v.hcr >> 27) & 0x1f, 1);
	assert_int_equal(f->v.ap1r[0], 0); /* priority dropped */
	assert_int_equal(nvarm_vgic_misr(&f->cpu, &f->v), NVARM_ICH_MISR_LRENP);
	assert_true(res.maint);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	/* nvarm made L1's maintenance PPI 25 pending in L0's LRs for L1. */
	for (unsigned n = 0; n < 4; n++) {
		uint64_t lr = nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
		if ((uint32_t)lr == 25 && (lr & LR_P) && (lr & LR_G1))
			found = true;
	}
	assert_true(found);
	/* L1 handles it (clears EOIcount and LRENPIE); the next flush retracts the PPI. */
	f->v.hcr = NVARM_ICH_HCR_EN;
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	for (unsigned n = 0; n < 4; n++) {
		uint64_t lr = nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
		assert_false((uint32_t)lr == 25 && (lr & LR_P));
	}
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hw_backed),
	    cmocka_unit_test(test_hw_not_backed),
	    cmocka_unit_test(test_hw_lying_pintid),
	    cmocka_unit_test(test_l1_lrs_hidden_and_deactivation_reaches_l1),
	    cmocka_unit_test(test_state_errors),
	    cmocka_unit_test(test_eoicount_and_maintenance),
	    cmocka_unit_test(test_random_vs_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
