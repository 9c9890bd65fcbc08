// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vGIC benchmarks (callgrind instructions per operation).
 *
 * The hardware register access is a direct-indexed array (what a bare-metal L0's
 * MRS/MSR costs relative to the host model's table search), so the figures measure
 * nvarm's own work plus one indirect call per register access.
 */
#include "bench.h"

#include <nvarm/vgic.h>

struct bench_hw {
	uint64_t regs[128]; /* ICH_*: op0 3, op1 4, CRn 12 -> index CRm:op2 */
	struct nvarm_platform_ops ops;
	struct nvarm_vgic_cpu cpu;
	struct nvarm_vgic_vstate v;
	struct nvarm_vgic_irq queue[8];
	struct nvarm_vgic_exit res;
};

static uint64_t fast_read(void *ctx, uint32_t enc)
{
	return ((struct bench_hw *)ctx)->regs[(enc >> 5) & 0x7f];
}

static void fast_write(void *ctx, uint32_t enc, uint64_t val)
{
	((struct bench_hw *)ctx)->regs[(enc >> 5) & 0x7f] = val;
}

static int xlate(void *ctx, uint32_t l1, uint32_t *hw)
{
	(void)ctx;
	if (l1 >= 32 && l1 < 48) {
		*hw = l1 + 100;
		return NVARM_OK;
	}
	return NVARM_ERR_NOENT;
}

static struct bench_hw g_hw;

static void *setup_nested(void)
{
	struct bench_hw *b = &g_hw;
	struct nvarm_vgic_config cfg = {0};
	struct nvarm_vgic_irq l1a = {64, 0, 0x40, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq l1b = {65, 0, 0x50, NVARM_VGIC_IRQ_GROUP1};

	memset(b, 0, sizeof(*b));
	b->ops.ctx = b;
	b->ops.hw_read = fast_read;
	b->ops.hw_write = fast_write;
	b->ops.l1_intid_to_hw = xlate;
	b->regs[(NVARM_ENC_ICH_VTR >> 5) & 0x7f] = 0x90b80003; /* QEMU: 4 LRs, 5 bits */
	cfg.maint_intid = 25;
	cfg.maint_priority = 0x80;
	cfg.queue = b->queue;
	cfg.queue_len = 8;
	if (nvarm_vgic_cpu_init(&b->cpu, &b->ops, &cfg))
		abort();
	nvarm_vgic_vstate_reset(&b->cpu, &b->v);
	/* L1 has two interrupts of its own in hardware LRs. */
	nvarm_vgic_l1_inject(&b->cpu, &l1a);
	nvarm_vgic_l1_inject(&b->cpu, &l1b);
	/* L1's four LRs for L2: three plain, one HW = 1 backed by a real INTID. */
	b->v.lr[0] = (1ull << 62) | (1ull << 60) | (0xa0ull << 48) | 27;
	b->v.lr[1] = (1ull << 62) | (1ull << 60) | (0x80ull << 48) | 40;
	b->v.lr[2] = (2ull << 62) | (1ull << 60) | (0x60ull << 48) | 41;
	b->v.lr[3] =
	    (1ull << 62) | (1ull << 61) | (1ull << 60) | (33ull << 32) | (0x90ull << 48) | 42;
	b->v.hcr = NVARM_ICH_HCR_EN;
	b->v.vmcr = NVARM_ICH_VMCR_VENG1 | (0xffull << 24);
	if (nvarm_vgic_l1_flush(&b->cpu, &b->v))
		abort();
	return b;
}

/* L2 entry + exit with 4 valid LRs, L0's 2 LRs for L1 saved and restored. */
static void op_nested(void *state, unsigned i)
{
	struct bench_hw *b = state;

	(void)i;
	nvarm_vgic_nested_entry(&b->cpu, &b->v);
	nvarm_vgic_nested_exit(&b->cpu, &b->v, &b->res);
}

/* The same after L1 rewrote one of its LRs: the full reprogramming path. */
static void op_nested_changed(void *state, unsigned i)
{
	struct bench_hw *b = state;

	b->v.lr[1] ^= 0x10ull << 48; /* L1 changed a priority (as on re-injection) */
	nvarm_vgic_nested_entry(&b->cpu, &b->v);
	nvarm_vgic_nested_exit(&b->cpu, &b->v, &b->res);
	(void)i;
}

/* L2 -> L1 -> L2: exit, restore L0's LRs and ICV state for L1, then enter again
 * (save L1's state, program L2's four LRs). */
static void op_nested_via_l1(void *state, unsigned i)
{
	struct bench_hw *b = state;

	(void)i;
	nvarm_vgic_nested_entry(&b->cpu, &b->v);
	nvarm_vgic_nested_exit(&b->cpu, &b->v, &b->res);
	nvarm_vgic_l1_flush(&b->cpu, &b->v);
}

/* One L1 round trip: flush before entering L1 (sync of 2 LRs after L1 ran). */
static void op_l1_flush(void *state, unsigned i)
{
	struct bench_hw *b = state;

	(void)i;
	nvarm_vgic_l1_flush(&b->cpu, &b->v);
}

/* ICH_MISR_EL2 read trapped from L1 (NV/NV2). */
static void op_misr(void *state, unsigned i)
{
	struct bench_hw *b = state;
	uint64_t v;

	(void)i;
	nvarm_vgic_vreg_read(&b->cpu, &b->v, NVARM_ENC_ICH_MISR, &v);
	__asm__ volatile("" ::"r"(v));
}

static const struct nvarm_bench table[] = {
    /* L0 handles the L2 exit itself and re-enters L2 (the common nested exit). */
    {"vgic_nested_entry_exit_4lr", 2000, 500, setup_nested, op_nested},
    {"vgic_nested_entry_exit_4lr_changed", 2000, 800, setup_nested, op_nested_changed},
    {"vgic_nested_entry_exit_flush_4lr", 2000, 1300, setup_nested, op_nested_via_l1},
    {"vgic_l1_flush", 2000, 250, setup_nested, op_l1_flush},
    {"vgic_misr_read", 2000, 150, setup_nested, op_misr},
};

NVARM_BENCH_MAIN(table)
