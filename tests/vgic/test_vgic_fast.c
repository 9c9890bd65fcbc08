// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The vGIC's fast paths against its general paths (differential).
 *
 * nvarm_vgic_nested_entry() and nvarm_vgic_l1_flush() take a short path when no list
 * register is in use anywhere (the usual L2 hypercall); nvarm_vgic_config::icv_read replaces
 * the per-register hw_read calls of entry and exit. Two vCPUs A and B start identical and get
 * the same random history (L1 writes its virtual ICH registers, interrupts injected for L1,
 * L1 and L2 changing the hardware interface while they run, nested entries, exits and
 * flushes). A calls the public functions with an icv_read hook; B calls the general paths
 * (nvarm__vgic_nested_entry_general, nvarm__vgic_l1_flush_general) through hw_read only.
 * After every step both must hold the same hardware ICH_* registers, the same L1 view and the
 * same nvarm state. The histories are biased towards the empty state so that the fast paths
 * run often (counted: the test fails if they do not).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vgic_fixture.h"
#include "vgic/vgic_internal.h"

static uint64_t g_seed;
static unsigned g_step;

#define ENC_LR(n)    (NVARM_ENC_ICH_LR(0) + ((uint32_t)(n) << 5))
#define ENC_AP(g, n) ((g) ? NVARM_ENC_ICH_AP1R(n) : NVARM_ENC_ICH_AP0R(n))

/* icv_read of fixture A: the host model's registers, read as hw_read would (counted). */
static unsigned g_icv_calls;

static void icv_read_model(void *ctx, struct nvarm_vgic_icv *out, unsigned napr)
{
	const struct nvarm_host_model *hm = ctx;

	g_icv_calls++;
	assert_true(napr == 1 || napr == 2 || napr == 4);
	out->hcr = nvarm_host_model_get_reg(hm, NVARM_ENC_ICH_HCR);
	out->vmcr = nvarm_host_model_get_reg(hm, NVARM_ENC_ICH_VMCR);
	for (unsigned n = 0; n < napr; n++) {
		out->ap0r[n] = nvarm_host_model_get_reg(hm, NVARM_ENC_ICH_AP0R(n));
		out->ap1r[n] = nvarm_host_model_get_reg(hm, NVARM_ENC_ICH_AP1R(n));
	}
}

/* Both fixtures' hardware: set one register on each. */
static void hw_set(struct vfix *a, struct vfix *b, uint32_t enc, uint64_t val)
{
	nvarm_host_model_set_reg(&a->hm, enc, val);
	nvarm_host_model_set_reg(&b->hm, enc, val);
}

static void fail_at(const char *what)
{
	print_error("seed %#llx step %u: A and B differ: %s\n", (unsigned long long)g_seed, g_step,
		    what);
	fail();
}

/* Same hardware, same L1 view, same nvarm state (pointers aside: each fixture has its own). */
static void compare(struct vfix *a, struct vfix *b)
{
	struct nvarm_vgic_cpu ca = a->cpu, cb = b->cpu;

	for (unsigned n = 0; n < 16; n++)
		if (nvarm_host_model_get_reg(&a->hm, ENC_LR(n)) !=
		    nvarm_host_model_get_reg(&b->hm, ENC_LR(n)))
			fail_at("hardware ICH_LR");
	for (unsigned n = 0; n < 4; n++)
		for (unsigned g = 0; g < 2; g++)
			if (nvarm_host_model_get_reg(&a->hm, ENC_AP(g, n)) !=
			    nvarm_host_model_get_reg(&b->hm, ENC_AP(g, n)))
				fail_at("hardware ICH_APxR");
	if (nvarm_host_model_get_reg(&a->hm, NVARM_ENC_ICH_HCR) !=
	    nvarm_host_model_get_reg(&b->hm, NVARM_ENC_ICH_HCR))
		fail_at("hardware ICH_HCR");
	if (nvarm_host_model_get_reg(&a->hm, NVARM_ENC_ICH_VMCR) !=
	    nvarm_host_model_get_reg(&b->hm, NVARM_ENC_ICH_VMCR))
		fail_at("hardware ICH_VMCR");
	if (memcmp(&a->v, &b->v, sizeof(a->v)))
		fail_at("L1's virtual ICH registers");
	ca.ops = cb.ops = NULL;
	ca.queue = cb.queue = NULL;
	ca.icv_read = cb.icv_read = NULL;
	if (memcmp(&ca, &cb, sizeof(ca)))
		fail_at("struct nvarm_vgic_cpu");
	if (memcmp(a->queue, b->queue, sizeof(a->queue)))
		fail_at("overflow queue");
}

/* A value for one of L1's virtual LRs: mostly 0 (the empty state), else any bits. */
static uint64_t rand_lr(uint64_t *s)
{
	uint64_t r = xrand(s);

	switch (r % 8) {
	case 0:
		return xrand(s); /* anything, RES0 bits too (NV2: L1 writes memory) */
	case 1:
		return (1ull << 62) | (1ull << 60) | (0xa0ull << 48) | (64 + (r >> 8) % 8);
	case 2: /* HW = 1, backed or not */
		return (2ull << 62) | (1ull << 61) | ((uint64_t)(30 + (r >> 8) % 20) << 32) |
		       (80 + (r >> 16) % 8);
	case 3: /* invalid, EOI maintenance */
		return (1ull << 41) | (90 + (r >> 8) % 4);
	default:
		return 0;
	}
}

/* Someone (L1 or L2) ran: the hardware interface changed as they could change it. */
static void hw_ran(uint64_t *s, struct vfix *a, struct vfix *b)
{
	uint64_t r = xrand(s);

	if (r & 1) /* a new VMCR (PMR, BPRs, enables), sometimes below the binary point minimum */
		hw_set(a, b, NVARM_ENC_ICH_VMCR,
		       xrand(s) & (0xffull << 24 | 0x3full << 18 | 0x21full));
	if (r & 2) /* active priorities (acknowledges, drops) */
		hw_set(a, b, ENC_AP((r >> 8) & 1, (r >> 9) % a->cpu.nr_apr),
		       (r & 4) ? 0 : (xrand(s) & 0xffffffffu));
	if (r & 8) { /* EOIcount counts */
		uint64_t h = nvarm_host_model_get_reg(&a->hm, NVARM_ENC_ICH_HCR);

		hw_set(a, b, NVARM_ENC_ICH_HCR, h + (1ull << 27));
	}
	if (r & 16) { /* an interrupt in a hardware LR moves on (retired or acknowledged) */
		unsigned n = (unsigned)(r >> 12) % a->cpu.hw_nr_lr;
		uint64_t lr = nvarm_host_model_get_reg(&a->hm, ENC_LR(n));

		if (lr)
			hw_set(a, b, ENC_LR(n),
			       (lr & ~(3ull << 62)) | ((uint64_t)((r >> 20) & 3) << 62));
	}
}

static unsigned g_fast_entry, g_fast_flush;

static void run_config(uint64_t *s, unsigned steps)
{
	struct vfix *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	unsigned hwn = (unsigned[]){1, 2, 4, 4, 8, 16}[xrand(s) % 6];
	unsigned pri = 5 + (unsigned)(xrand(s) % 4);
	unsigned pre = 5 + (unsigned)(xrand(s) % (pri >= 7 ? 3 : pri - 4));
	uint64_t vtr = mk_vtr(hwn, pri, pre, (unsigned)(xrand(s) & 1), xrand(s) & 1, xrand(s) & 1);
	unsigned nr = 1 + (unsigned)(xrand(s) % hwn);
	uint32_t maint = (xrand(s) & 1) ? 25 : 0;
	bool in_l2 = false;

	assert_int_equal(vfix_init(a, vtr, nr, maint, 8), 0);
	assert_int_equal(vfix_init(b, vtr, nr, maint, 8), 0);
	a->cpu.icv_read = icv_read_model; /* as nvarm_vgic_config::icv_read would set it */
	nvarm_vgic_vstate_reset(&a->cpu, &a->v);
	nvarm_vgic_vstate_reset(&b->cpu, &b->v);
	assert_int_equal(nvarm_vgic_l1_flush(&a->cpu, &a->v), 0);
	assert_int_equal(nvarm__vgic_l1_flush_general(&b->cpu, &b->v), 0);
	compare(a, b);

	for (unsigned k = 0; k < steps; k++, g_step++) {
		uint64_t r = xrand(s);

		if (!in_l2) {
			switch (r % 16) {
			case 0: /* L1 writes one of its virtual registers (NV2: memory) */
			case 1: {
				unsigned n = (unsigned)(r >> 8) % nr;
				uint64_t lr = (r & (1u << 20)) ? rand_lr(s) : 0;

				a->v.lr[n] = b->v.lr[n] = lr;
				break;
			}
			case 2: {
				uint64_t h = (r & (1u << 20)) ? xrand(s) : (xrand(s) & 1);

				a->v.hcr = b->v.hcr = h;
				if (r & (1u << 21)) /* an APR or the VMCR too */
					a->v.vmcr = b->v.vmcr = xrand(s);
				if (r & (1u << 22)) {
					unsigned n = (unsigned)(r >> 24) % 4;

					a->v.ap1r[n] = b->v.ap1r[n] =
					    (r & (1u << 23)) ? xrand(s) : 0;
				}
				break;
			}
			case 3:
			case 10:
			case 11:
				if (r % 16 != 3 || ((r >> 40) & 3)) {
					/* L1 handled everything: its LRs for L2 empty, L0's for
					 * it retired by L1 (the state the fast paths are for) */
					for (unsigned n = 0; n < 16; n++) {
						a->v.lr[n] = b->v.lr[n] = 0;
						if (a->cpu.where <= 1)
							hw_set(a, b, ENC_LR(n),
							       nvarm_host_model_get_reg(&a->hm,
											ENC_LR(n)) &
								   ~(3ull << 62));
					}
					break;
				}
				{ /* an interrupt for L1 (some of them backed by real ones) */
					struct nvarm_vgic_irq irq = {
					    .intid = 60 + (unsigned)(r >> 8) % 12,
					    .hw_intid = 200,
					    .priority = (uint8_t)(r >> 16),
					    .flags = (uint8_t)((r >> 24) & 3),
					};
					int ra = nvarm_vgic_l1_inject(&a->cpu, &irq);
					int rb = nvarm_vgic_l1_inject(&b->cpu, &irq);

					assert_int_equal(ra, rb);
					break;
				}
			case 4: /* L1 ran */
			case 5:
				hw_ran(s, a, b);
				break;
			case 6: { /* an interrupt of L1 deactivated or retracted elsewhere */
				uint32_t id = 60 + (unsigned)(r >> 8) % 12;

				if (r & (1u << 20))
					assert_int_equal(nvarm_vgic_l1_deactivate(&a->cpu, id),
							 nvarm_vgic_l1_deactivate(&b->cpu, id));
				else
					assert_int_equal(nvarm_vgic_l1_retract(&a->cpu, id),
							 nvarm_vgic_l1_retract(&b->cpu, id));
				break;
			}
			case 7:
			case 8:
			case 9: { /* a flush (before L1 runs) */
				const struct nvarm_vgic_vstate *va =
				    (r & (1u << 20)) ? &a->v : NULL;
				const struct nvarm_vgic_vstate *vb = va ? &b->v : NULL;
				bool fast =
				    a->cpu.where == 3 /* parked */ && !(va && maint) &&
				    !(a->cpu.l1_used | a->cpu.hw_used | a->cpu.queue_count) &&
				    !a->cpu.maint_owed;

				g_fast_flush += fast;
				assert_int_equal(nvarm_vgic_l1_flush(&a->cpu, va),
						 nvarm__vgic_l1_flush_general(&b->cpu, vb));
				break;
			}
			default: { /* the nested entry (L1's ERET to L2) */
				bool fast = a->cpu.where <= 1 &&
					    !(a->cpu.hw_used | a->cpu.l1_used | a->cpu.l2_set);

				for (unsigned n = 0; n < nr; n++)
					fast = fast && !a->v.lr[n];
				g_fast_entry += fast;
				assert_int_equal(nvarm_vgic_nested_entry(&a->cpu, &a->v),
						 nvarm__vgic_nested_entry_general(&b->cpu, &b->v));
				in_l2 = true;
				break;
			}
			}
		} else {
			struct nvarm_vgic_exit ea, eb;

			if (r & 1) /* L2 ran */
				hw_ran(s, a, b);
			memset(&ea, 0, sizeof(ea));
			memset(&eb, 0, sizeof(eb));
			assert_int_equal(nvarm_vgic_nested_exit(&a->cpu, &a->v, &ea), 0);
			assert_int_equal(nvarm_vgic_nested_exit(&b->cpu, &b->v, &eb), 0);
			if (memcmp(&ea, &eb, sizeof(ea)))
				fail_at("struct nvarm_vgic_exit");
			in_l2 = false;
		}
		compare(a, b);
	}
	free(a);
	free(b);
}

static void test_fast_vs_general(void **state)
{
	uint64_t s;
	unsigned configs = 40, steps = 2500;

	(void)state;
	g_seed = test_seed(0xfa57ca11);
	s = g_seed;
	g_step = 0;
	g_fast_entry = g_fast_flush = g_icv_calls = 0;
	print_message("seed %#llx (NVARM_SEED overrides), %u steps\n", (unsigned long long)g_seed,
		      configs * steps);
	for (unsigned c = 0; c < configs; c++)
		run_config(&s, steps);
	print_message("fast entries %u, fast flushes %u, icv_read calls %u\n", g_fast_entry,
		      g_fast_flush, g_icv_calls);
	/* the fast paths and the hook ran, not only the general paths */
	assert_true(g_fast_entry > 1000);
	assert_true(g_fast_flush > 1000);
	assert_true(g_icv_calls > 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fast_vs_general),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
