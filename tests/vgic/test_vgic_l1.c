// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The plain L1 helpers: injection into L0's hardware LRs for L1, overflow queue,
 * eviction by priority, retract/deactivate, and a random run in which L1 (the model,
 * acting on the hardware registers) acknowledges and EOIs: every injection is delivered
 * exactly once, nothing is lost or duplicated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vgic_fixture.h"

#define LR_P   (1ull << 62)
#define LR_A   (1ull << 63)
#define LR_HW  (1ull << 61)
#define LR_G1  (1ull << 60)
#define LR_EOI (1ull << 41)

static struct vfix *setup(uint64_t vtr, unsigned qlen, uint32_t maint)
{
	struct vfix *f = calloc(1, sizeof(*f));

	assert_int_equal(vfix_init(f, vtr, 0, maint, qlen), 0);
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR,
				 NVARM_ICH_VMCR_VENG0 | NVARM_ICH_VMCR_VENG1 | (0xffull << 24) |
				     (2ull << 21) | (3ull << 18));
	return f;
}

static uint64_t hwlr(struct vfix *f, unsigned n)
{
	return nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_LR(n));
}

static void test_inject_basics(void **state)
{
	struct vfix *f = setup(mk_vtr(2, 5, 5, 1, 0, 0), 2, 0);
	struct nvarm_vgic_irq a = {40, 0, 0x47, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq b = {41, 77, 0x20, NVARM_VGIC_IRQ_GROUP1 | NVARM_VGIC_IRQ_HW};
	struct nvarm_vgic_irq bad = {1021, 0, 0, 0};
	struct gicm L1;

	(void)state;
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &bad), NVARM_ERR_INVAL);
	bad.intid = 1u << 24; /* beyond 24 ID bits */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &bad), NVARM_ERR_INVAL);
	bad.intid = 50;
	bad.flags = NVARM_VGIC_IRQ_HW;
	bad.hw_intid = 3; /* an SGI cannot back an HW = 1 LR */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &bad), NVARM_ERR_INVAL);

	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0); /* merged */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &b), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	/* Real encodings: 5 priority bits keep 0x40 of 0x47; HW = 1 carries pINTID 77. */
	assert_int_equal(hwlr(f, 0), LR_P | LR_G1 | (0x40ull << 48) | 40);
	assert_int_equal(hwlr(f, 1), LR_P | LR_G1 | LR_HW | (77ull << 32) | (0x20ull << 48) | 41);
	assert_int_equal(nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_HCR), NVARM_ICH_HCR_EN);

	/* L1 (EOImode 1) acknowledges 41 (priority 0x20) and drops its priority: 41 stays
	 * active, as when a guest hypervisor forwards it to L2. 40 is still pending. */
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR,
				 nvarm_host_model_get_reg(&f->hm, NVARM_ENC_ICH_VMCR) |
				     NVARM_ICH_VMCR_VEOIM);
	gicm_init(&L1, mk_vtr(2, 5, 5, 1, 0, 0), 0);
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 41);
	gicm_eoir(&L1, 1, 41);
	assert_int_equal(L1.lr[1] >> 62, 2);
	gicm_store_hw(&L1, &f->hm);
	/* Injecting 41 again while its HW = 1 instance is active: it waits in the queue. */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &b), 0);
	assert_int_equal(f->cpu.queue_count, 1);
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 41), 0);
	assert_int_equal(f->cpu.queue_count, 0);
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 41), NVARM_ERR_NOENT);
	/* Deactivation of 41 from elsewhere (e.g. by L2) frees its LR. */
	assert_int_equal(nvarm_vgic_l1_deactivate(&f->cpu, 41), 0);
	assert_int_equal(nvarm_vgic_l1_deactivate(&f->cpu, 41), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	assert_int_equal(hwlr(f, 1), 0);
	/* HW = 0 active + inject -> pending and active. */
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	assert_int_equal(hwlr(f, 0) >> 62, 3);
	free(f);
}

/* nvarm_vgic_l1_pending: pending LR, queued, owed maintenance; active-only is not pending. */
static void test_pending(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 2, 25);
	struct nvarm_vgic_irq a = {40, 0, 0x40, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq b = {41, 0, 0x60, NVARM_VGIC_IRQ_GROUP1};
	struct gicm L1;

	struct nvarm_vgic_irq maint = {25, 0, 0x80, NVARM_VGIC_IRQ_GROUP1};

	(void)state;
	gicm_init(&L1, mk_vtr(1, 5, 5, 1, 0, 0), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 0);
	/* The maintenance interrupt is nvarm's own: not injectable from outside. */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &maint), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vgic_l1_queued(&f->cpu), 0);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 1); /* in the image, not yet loaded */
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	/* L1 acknowledges 40 in hardware: active only, nothing pending (read back). */
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 0);
	/* 41 waits in the queue behind the active 40 (one LR): pending. */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &b), 0);
	assert_int_equal(f->cpu.queue_count, 1);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 1);
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 41), 0);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 0);
	/* L1's maintenance condition with the only LR busy: owed, so pending; an outside
	 * injection of 25 now would have queued a second instance. */
	f->v.hcr = NVARM_ICH_HCR_EN | NVARM_ICH_HCR_UIE;
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_true(f->cpu.maint_owed);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 1);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &maint), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vgic_l1_queued(&f->cpu), 0);
	/* L1 runs (flush first) and EOIs 40: the next flush places 25 in the LR, pending. */
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	gicm_load_hw(&L1, &f->hm);
	gicm_eoir(&L1, 1, 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(hwlr(f, 0), LR_P | LR_G1 | (0x80ull << 48) | 25);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 1);
	/* While L2 is entered the question has no answer. */
	f->v.hcr = NVARM_ICH_HCR_EN;
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	/* The condition went away (UIE cleared): 25 is retracted, nothing pending. */
	assert_int_equal(nvarm_vgic_l1_pending(&f->cpu), 0);
	free(f);
}

/* nvarm_vgic_l1_idle: only with L1's interface live and no list register, queue entry or
 * owed maintenance interrupt, i.e. when a flush would change nothing. */
static void test_idle(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 2, 0);
	struct nvarm_vgic_irq a = {40, 0, 0x40, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq b = {41, 0, 0x60, NVARM_VGIC_IRQ_GROUP1};
	struct gicm L1;

	(void)state;
	assert_int_equal(nvarm_vgic_l1_idle(NULL), NVARM_ERR_INVAL);
	gicm_init(&L1, mk_vtr(1, 5, 5, 1, 0, 0), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 1);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 0); /* in the image */
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 0); /* in an LR */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &b), 0);
	assert_int_equal(f->cpu.queue_count, 1); /* one LR: 41 waits */
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 41), 0);
	/* L1 acknowledges 40 in hardware: still in the LR (active) after a flush */
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 0);
	/* ... and EOIs it: the next flush retires it */
	gicm_load_hw(&L1, &f->hm);
	gicm_eoir(&L1, 1, 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 1);
	/* L2 entered and left: not until the flush makes L1's interface live again */
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 0);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_idle(&f->cpu), 1);
	free(f);
}

static void test_overflow_and_eviction(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 2, 0);
	struct nvarm_vgic_irq lo = {40, 0, 0xc0, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq mid = {41, 0, 0x80, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq hi = {42, 0, 0x10, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq more = {43, 0, 0x10, NVARM_VGIC_IRQ_GROUP1};

	(void)state;
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &lo), 0);  /* takes the only LR */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &mid), 0); /* queued */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &hi), 0);  /* queued */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &more), NVARM_ERR_NOMEM);
	assert_int_equal(nvarm_vgic_l1_queued(&f->cpu), 2);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	/* The highest priority one runs; the evicted one waits; EOI maintenance requested. */
	assert_int_equal(hwlr(f, 0), LR_P | LR_G1 | LR_EOI | (0x10ull << 48) | 42);
	assert_int_equal(f->cpu.queue_count, 2);
	assert_int_equal(nvarm_vgic_l1_queued(&f->cpu), 2);
	free(f);
}

/*
 * nvarm_vgic_l1_irq_state: pending in an LR or the queue, active once L1 acknowledged it,
 * gone once it deactivated it (what an emulated GICR_ISPENDR0/ISACTIVER0 must read).
 */
static void test_irq_state(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 2, 0);
	struct nvarm_vgic_irq a = {40, 0, 0x40, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq b = {41, 0, 0x60, NVARM_VGIC_IRQ_GROUP1};
	struct gicm L1;

	(void)state;
	assert_int_equal(nvarm_vgic_l1_irq_state(NULL, 40), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40), 0);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &b), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40), NVARM_VGIC_ST_PENDING);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 41), NVARM_VGIC_ST_PENDING); /* queued */
	/* L1 runs (flush before every entry) and acknowledges 40: read back from the hardware */
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	gicm_init(&L1, mk_vtr(1, 5, 5, 1, 0, 0), 0);
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40), NVARM_VGIC_ST_ACTIVE);
	/* made pending again while active */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &a), 0);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40),
			 NVARM_VGIC_ST_PENDING | NVARM_VGIC_ST_ACTIVE);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	/* L1 EOIs (EOImode 0: priority drop and deactivation): pending only */
	gicm_load_hw(&L1, &f->hm);
	gicm_eoir(&L1, 1, 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40), NVARM_VGIC_ST_PENDING);
	assert_int_equal(nvarm_vgic_l1_retract(&f->cpu, 40), 0);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 40), 0);
	/* while L2 runs L0's LRs for L1 are not in the hardware */
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 41), NVARM_ERR_STATE);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), 0);
	assert_int_equal(nvarm_vgic_l1_irq_state(&f->cpu, 41), NVARM_VGIC_ST_PENDING);
	free(f);
}

/*
 * nvarm_vgic_l1_would_signal: L1's virtual CPU interface signals an interrupt only when its
 * group is enabled, its priority is above VPMR and its group priority above the running
 * priority (IHI 0069); from the hardware while L1 owns it, from the copy saved while L2 runs.
 */
static void test_would_signal(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 2, 0);
	const uint64_t base = NVARM_ICH_VMCR_VENG1 | (2ull << 21) | (3ull << 18);

	(void)state;
	assert_int_equal(nvarm_vgic_l1_would_signal(NULL, 0, true), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR, base | (0xffull << 24));
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x80, true), 1);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x80, false), 0); /* VENG0 = 0 */
	/* VPMR 0x80: only priorities numerically below it */
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR, base | (0x80ull << 24));
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x80, true), 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x78, true), 1);
	/* Group 1 disabled */
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR, (0xffull << 24) | (2ull << 21));
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x10, true), 0);
	/* running priority 0x40 (5 preemption bits: AP1R0 bit 8) */
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR, base | (0xffull << 24));
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_AP1R(0), 1u << 8);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x40, true), 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x47, true), 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x38, true), 1);
	/* L2 runs: L1's state is the copy taken at the entry, not the hardware (L2's) */
	assert_int_equal(nvarm_vgic_nested_entry(&f->cpu, &f->v), 0);
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_AP1R(0), 0);
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VMCR, 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x40, true), 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x38, true), 1);
	assert_int_equal(nvarm_vgic_nested_exit(&f->cpu, &f->v, NULL), 0);
	assert_int_equal(nvarm_vgic_l1_would_signal(&f->cpu, 0x38, true), 1);
	free(f);
}

static void test_maintenance_level(void **state)
{
	struct vfix *f = setup(mk_vtr(1, 5, 5, 1, 0, 0), 4, 25);
	struct nvarm_vgic_irq x = {40, 0, 0x10, NVARM_VGIC_IRQ_GROUP1};
	struct gicm L1;

	(void)state;
	f->v.hcr = NVARM_ICH_HCR_EN | NVARM_ICH_HCR_UIE; /* U: no valid LR -> asserted */
	assert_int_equal(nvarm_vgic_l1_inject(&f->cpu, &x), 0);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	/* One LR, taken by 40 (priority 0x10 beats 0x80): 25 is owed, not lost. */
	assert_int_equal((uint32_t)hwlr(f, 0), 40);
	assert_true(f->cpu.maint_owed);
	gicm_init(&L1, mk_vtr(1, 5, 5, 1, 0, 0), 0);
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 40);
	gicm_eoir(&L1, 1, 40);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(hwlr(f, 0), LR_P | LR_G1 | (0x80ull << 48) | 25);
	/* L1 acknowledges it; the condition still holds: pending and active. */
	gicm_load_hw(&L1, &f->hm);
	assert_int_equal(gicm_ack(&L1, 1), 25);
	gicm_store_hw(&L1, &f->hm);
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(hwlr(f, 0) >> 62, 3);
	/* L1 clears UIE: the pending part goes, the active one stays until EOI. */
	f->v.hcr = NVARM_ICH_HCR_EN;
	assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, &f->v), 0);
	assert_int_equal(hwlr(f, 0) >> 62, 2);
	free(f);
}

/* ------------------------------------------------------------- random run */

static void check_invariants(struct vfix *f, unsigned hwn, const bool *pending, uint64_t seed)
{
	unsigned freecnt = 0;
	uint8_t pmask = (uint8_t)(0xffu << (8 - f->cpu.pri_bits));

	for (unsigned n = 0; n < hwn; n++) {
		uint64_t lr = hwlr(f, n);
		if (!(lr >> 62)) {
			freecnt++;
			continue;
		}
		for (unsigned m = n + 1; m < hwn; m++) {
			uint64_t o = hwlr(f, m);
			if ((o >> 62) && (uint32_t)o == (uint32_t)lr) {
				print_error("seed %#llx: INTID %u in two LRs\n",
					    (unsigned long long)seed, (uint32_t)lr);
				fail();
			}
		}
		if (f->cpu.queue_count && !(lr & LR_HW))
			assert_true(lr & LR_EOI); /* EOI maintenance requested while waiting */
	}
	for (uint32_t id = 0; id < 128; id++) {
		bool in_lr = false, in_q = false;
		for (unsigned n = 0; n < hwn; n++)
			if ((hwlr(f, n) >> 62) && (uint32_t)hwlr(f, n) == id && (hwlr(f, n) & LR_P))
				in_lr = true;
		for (unsigned q = 0; q < f->cpu.queue_count; q++)
			if (f->queue[q].intid == id)
				in_q = true;
		if (pending[id] != (in_lr || in_q)) {
			print_error("seed %#llx: INTID %u pending %d, LR %d queue %d\n",
				    (unsigned long long)seed, id, pending[id], in_lr, in_q);
			fail();
		}
	}
	/* After a flush no queued interrupt could have used a free LR or a worse LR. */
	for (unsigned q = 0; q < f->cpu.queue_count; q++) {
		bool blocked = false;
		for (unsigned n = 0; n < hwn; n++)
			if ((hwlr(f, n) >> 62) && (uint32_t)hwlr(f, n) == f->queue[q].intid)
				blocked = true;
		if (blocked)
			continue;
		assert_int_equal(freecnt, 0);
		for (unsigned n = 0; n < hwn; n++) {
			uint64_t lr = hwlr(f, n);
			if ((lr >> 62) == 1)
				assert_true(((lr >> 48) & 0xff) <= (f->queue[q].priority & pmask));
		}
	}
}

static void test_random_no_loss(void **state)
{
	uint64_t seed = test_seed(0x11f1a5), s = seed;
	unsigned total_acks = 0;

	(void)state;
	print_message("seed %#llx (NVARM_SEED overrides)\n", (unsigned long long)seed);
	for (unsigned c = 0; c < 12; c++) {
		unsigned hwn = (unsigned[]){1, 2, 4, 16}[c % 4];
		uint64_t vtr = mk_vtr(hwn, 5 + (unsigned)(c % 3), 5, 1, 0, 0);
		struct vfix *f = setup(vtr, 16, 0);
		static struct gicm L1; /* off the stack (kernel module) */
		bool pending[128] = {0};
		unsigned expected[128] = {0}, acks[128] = {0};
		uint32_t stack[64];
		unsigned depth = 0;

		for (unsigned k = 0; k < 4000; k++) {
			unsigned act = (unsigned)(xrand(&s) % 10);
			uint32_t id = 40 + (uint32_t)(xrand(&s) % 48);

			if (act < 4) {
				struct nvarm_vgic_irq irq = {id, 0, (uint8_t)xrand(&s),
							     NVARM_VGIC_IRQ_GROUP1};
				int rc = nvarm_vgic_l1_inject(&f->cpu, &irq);
				if (rc == NVARM_OK) {
					if (!pending[id])
						expected[id]++;
					pending[id] = true;
				} else {
					assert_int_equal(rc, NVARM_ERR_NOMEM);
				}
			} else if (act < 5) {
				int rc = nvarm_vgic_l1_retract(&f->cpu, id);
				assert_int_equal(rc, pending[id] ? 0 : NVARM_ERR_NOENT);
				if (pending[id])
					expected[id]--;
				pending[id] = false;
			} else {
				/* L1 runs: acknowledge and/or EOI (EOImode 0). */
				assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
				check_invariants(f, hwn, pending, seed);
				gicm_init(&L1, vtr, 0);
				gicm_load_hw(&L1, &f->hm);
				if ((xrand(&s) & 1) && depth < 64) {
					uint32_t got = gicm_ack(&L1, 1);
					if (got != GICM_SPURIOUS) {
						assert_true(pending[got]);
						pending[got] = false;
						acks[got]++;
						stack[depth++] = got;
					}
				} else if (depth) {
					gicm_eoir(&L1, 1, stack[--depth]);
				}
				gicm_store_hw(&L1, &f->hm);
			}
		}
		/* Drain: L1 takes everything that is still pending. */
		for (unsigned k = 0; k < 100000; k++) {
			uint32_t got;
			assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
			gicm_init(&L1, vtr, 0);
			gicm_load_hw(&L1, &f->hm);
			got = gicm_ack(&L1, 1);
			if (got != GICM_SPURIOUS) {
				acks[got]++;
				pending[got] = false;
				gicm_eoir(&L1, 1, got);
			} else if (depth) {
				gicm_eoir(&L1, 1, stack[--depth]);
			} else {
				gicm_store_hw(&L1, &f->hm);
				break;
			}
			gicm_store_hw(&L1, &f->hm);
		}
		assert_int_equal(nvarm_vgic_l1_flush(&f->cpu, NULL), 0);
		assert_int_equal(f->cpu.queue_count, 0);
		for (unsigned i = 0; i < 128; i++) {
			if (acks[i] != expected[i]) {
				print_error(
				    "seed %#llx: INTID %u delivered %u times, injected %u\n",
				    (unsigned long long)seed, i, acks[i], expected[i]);
				fail();
			}
			total_acks += acks[i];
		}
		free(f);
	}
	assert_true(total_acks > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inject_basics),
	    cmocka_unit_test(test_pending),
	    cmocka_unit_test(test_idle),
	    cmocka_unit_test(test_overflow_and_eviction),
	    cmocka_unit_test(test_maintenance_level),
	    cmocka_unit_test(test_random_no_loss),
	    cmocka_unit_test(test_irq_state),
	    cmocka_unit_test(test_would_signal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
