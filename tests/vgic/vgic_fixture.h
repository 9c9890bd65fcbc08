/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* Shared set-up for the vGIC tests: a host model with a GICv3 virtual interface. */
#ifndef NVARM_TESTS_VGIC_FIXTURE_H
#define NVARM_TESTS_VGIC_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/platform_host.h>
#include <nvarm/vgic.h>

#include "gic_model.h"

/* QEMU's ICH_VTR_EL2 (4 LRs, 5 priority and preemption bits, 24 ID bits, A3V, nV4, TDS). */
#define VTR_QEMU 0x90b80003ull

/* Build an ICH_VTR_EL2 value. */
static inline uint64_t mk_vtr(unsigned nlr, unsigned pri, unsigned pre, unsigned id24, bool seis,
			      bool tds)
{
	return (uint64_t)(pri - 1) << 29 | (uint64_t)(pre - 1) << 26 | (uint64_t)id24 << 23 |
	       (seis ? 1ull << 22 : 0) | (1ull << 21) | (tds ? 1ull << 19 : 0) | (nlr - 1);
}

struct vfix {
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	struct nvarm_vgic_cpu cpu;
	struct nvarm_vgic_vstate v;
	struct nvarm_vgic_irq queue[64];
	/* l1_intid_to_hw: L1 INTIDs [back_lo, back_hi) are backed by INTID + back_off. */
	uint32_t back_lo, back_hi, back_off;
	unsigned xlate_calls;
	uint32_t last_xlate;
};

static int vfix_xlate(void *ctx, uint32_t l1, uint32_t *hw)
{
	struct vfix *f = (struct vfix *)((char *)ctx - offsetof(struct vfix, hm));

	f->xlate_calls++;
	f->last_xlate = l1;
	if (l1 >= f->back_lo && l1 < f->back_hi) {
		*hw = l1 + f->back_off;
		return NVARM_OK;
	}
	return NVARM_ERR_NOENT;
}

static inline int vfix_init(struct vfix *f, uint64_t vtr, unsigned nr_lr, uint32_t maint,
			    unsigned qlen)
{
	struct nvarm_vgic_config cfg = {0};

	memset(f, 0, sizeof(*f));
	nvarm_host_model_init(&f->hm, NULL, 0, 0);
	nvarm_host_model_ops(&f->hm, &f->ops);
	f->ops.l1_intid_to_hw = vfix_xlate;
	f->back_lo = 32;
	f->back_hi = 48;
	f->back_off = 100;
	nvarm_host_model_set_reg(&f->hm, NVARM_ENC_ICH_VTR, vtr);
	cfg.nr_lr = (uint8_t)nr_lr;
	cfg.maint_intid = maint;
	cfg.maint_priority = 0x80;
	cfg.queue = qlen ? f->queue : NULL;
	cfg.queue_len = (uint16_t)qlen;
	return nvarm_vgic_cpu_init(&f->cpu, &f->ops, &cfg);
}

/* Seed: fixed default, NVARM_SEED overrides; printed on failure by the caller. */
static inline uint64_t test_seed(uint64_t def)
{
	const char *s = getenv("NVARM_SEED");
	return s ? strtoull(s, NULL, 0) : def;
}

static inline uint64_t xrand(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

#endif
