// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Per-vCPU state is per vCPU (issue #17): N threads stand for N vCPUs of one VM that share
 * one read-only ::nvarm_vm_config, each with its own vEL2 register file and VNCR page, its
 * own timers and its own vGIC CPU interface (on its own "hardware": one host model per
 * thread, as each physical CPU has its own ICH_* and timer registers). Every thread runs a
 * deterministic sequence of register writes and reads through the library; the checksum of
 * what it reads back must equal the one the same sequence gives run alone, and under
 * ThreadSanitizer (the NVARM_TSAN tree) no access may race: nothing is shared by accident.
 *
 *   test_vcpus_smp [--threads N] [--iters I]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/arm/gicv3.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/platform_host.h>
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>
#include <nvarm/vtimer.h>

#include "sysreg/sysreg_test.h" /* test_host_ids(), test_request() */

#define MAX_THREADS 8
#define VTR_QEMU    0x90b80003ull /* 4 LRs, 5 priority bits, as QEMU's ICH_VTR_EL2 */

struct vcpu {
	unsigned id, iters;
	const struct nvarm_vm_config *cfg; /* shared, read-only */
	uint64_t *page;
	struct nvarm_vel2 v;
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	struct nvarm_vgic_cpu gic;
	struct nvarm_vgic_vstate gv;
	uint64_t sum;
	int err;
	pthread_t th;
};

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static void mix(uint64_t *sum, uint64_t v)
{
	*sum = (*sum ^ v) * 0x100000001b3ull;
}

static void *vcpu_run(void *arg)
{
	struct vcpu *c = arg;
	struct nvarm_vtimer_config tc;
	struct nvarm_vgic_config gc = {0};
	uint64_t s = 0x9e3779b97f4a7c15ull * (c->id + 1), val, now = 1000;

	c->sum = 0;
	c->err = 0;
	memset(c->page, 0, 4096);
	nvarm_host_model_init(&c->hm, NULL, 0, 0);
	nvarm_host_model_ops(&c->hm, &c->ops);
	nvarm_host_model_set_reg(&c->hm, NVARM_ENC_ICH_VTR, VTR_QEMU);
	gc.maint_priority = 0x80;
	nvarm_vtimer_config_default(&tc);
	memset(&c->hw, 0, sizeof(c->hw));
	memset(&c->gv, 0, sizeof(c->gv));
	if (nvarm_vel2_init(&c->v, c->cfg, c->page) || nvarm_vtimer_init(&c->vt, &tc) ||
	    nvarm_vtimer_activate(&c->vt, &c->hw, now) ||
	    nvarm_vgic_cpu_init(&c->gic, &c->ops, &gc)) {
		c->err = 1;
		return NULL;
	}
	for (unsigned it = 0; it < c->iters; it++) {
		/* vEL2 register file: every register of the database, masked as the VM says. */
		for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
			if (nvarm_vel2_write(&c->v, id, rnd(&s)) == 0 &&
			    nvarm_vel2_read(&c->v, id, &val) == 0)
				mix(&c->sum, val);
		}
		/* Timers: L1's EL2 physical timer armed and read back, what is pending. */
		now += 100 + rnd(&s) % 1000;
		if (nvarm_vtimer_sysreg_write(&c->vt, &c->hw, NVARM_ENC_CNTHP_CVAL_EL2, now,
					      now + rnd(&s) % 2000) ||
		    nvarm_vtimer_sysreg_write(&c->vt, &c->hw, NVARM_ENC_CNTHP_CTL_EL2, now, 1) ||
		    nvarm_vtimer_sysreg_read(&c->vt, &c->hw, NVARM_ENC_CNTHP_CVAL_EL2, now, &val))
			c->err = 1;
		mix(&c->sum, val);
		mix(&c->sum, nvarm_vtimer_pending(&c->vt, now + 1500));
		c->hw.dirty = 0;
		/* vGIC: L1's virtual ICH_VMCR_EL2 and a list register, masked per its VTR. */
		if (nvarm_vgic_vreg_write(&c->gic, &c->gv, NVARM_ENC_ICH_VMCR_EL2, rnd(&s)) ||
		    nvarm_vgic_vreg_read(&c->gic, &c->gv, NVARM_ENC_ICH_VMCR_EL2, &val))
			c->err = 1;
		mix(&c->sum, val);
		if (nvarm_vgic_vreg_write(&c->gic, &c->gv, NVARM_ENC_ICH_LR0_EL2, rnd(&s)) ||
		    nvarm_vgic_vreg_read(&c->gic, &c->gv, NVARM_ENC_ICH_LR0_EL2, &val))
			c->err = 1;
		mix(&c->sum, val);
		mix(&c->sum, nvarm_vgic_elrsr(&c->gic, &c->gv));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned threads = 4, iters = 200;
	struct nvarm_vm_config cfg;
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
	static struct vcpu c[MAX_THREADS];
	uint64_t want[MAX_THREADS];
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--iters") && i + 1 < argc)
			iters = (unsigned)atoi(argv[++i]);
		else
			return 2;
	}
	if (threads < 2 || threads > MAX_THREADS || nvarm_vm_config_init(&cfg, &h, &r))
		return 2;
	for (unsigned t = 0; t < threads; t++) {
		c[t].id = t;
		c[t].iters = iters;
		c[t].cfg = &cfg;
		c[t].page = aligned_alloc(4096, 4096);
	}
	/* Alone, one after the other: the reference. */
	for (unsigned t = 0; t < threads; t++) {
		vcpu_run(&c[t]);
		want[t] = c[t].sum;
		bad |= c[t].err;
	}
	/* All at once on the shared configuration. */
	for (unsigned t = 0; t < threads; t++)
		pthread_create(&c[t].th, NULL, vcpu_run, &c[t]);
	for (unsigned t = 0; t < threads; t++)
		pthread_join(c[t].th, NULL);
	for (unsigned t = 0; t < threads; t++) {
		if (c[t].err || c[t].sum != want[t]) {
			fprintf(stderr, "vCPU %u: checksum %#llx, alone %#llx%s\n", t,
				(unsigned long long)c[t].sum, (unsigned long long)want[t],
				c[t].err ? " (a call failed)" : "");
			bad = 1;
		}
		free(c[t].page);
	}
	if (want[0] == want[1]) {
		fprintf(stderr,
			"vCPUs 0 and 1 ran the same sequence: the test cannot tell them apart\n");
		bad = 1;
	}
	printf("vcpus: %u threads x %u iterations (%u vEL2 registers, timers, vGIC each): %s\n",
	       threads, iters, (unsigned)NVARM_SR__COUNT,
	       bad ? "FAILED" : "each vCPU's state independent of the others");
	return bad;
}
