/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* Shared fixtures of the sysreg tests: a QEMU-max-like host and ESR builders. */
#ifndef NVARM_TESTS_SYSREG_TEST_H
#define NVARM_TESTS_SYSREG_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/sysreg.h>

/* ID registers of a host like QEMU 10 `-cpu max` (fields per the Arm ARM layouts). */
static inline struct nvarm_id_regs test_host_ids(void)
{
	struct nvarm_id_regs h;

	memset(&h, 0, sizeof(h));
	h.midr = 0x000f0510;
	/* PFR0: EL0..EL2 AArch64 (1), EL3 1, FP 0, AdvSIMD 0, GIC 1, RAS 2, SVE 1 */
	h.pfr0 = 0x1ull << 32 | 0x2ull << 28 | 0x1ull << 24 | 0x1ull << 12 | 0x1ull << 8 |
		 0x1ull << 4 | 0x1ull;
	/* MMFR0: PARange 5 (48 bits), ASIDBits 2, TGran16 1, TGran64 0, TGran4 0, the _2 fields 0
	 * (as stage 1), FGT 1, ECV 2 */
	h.mmfr0 = 0x2ull << 60 | 0x1ull << 56 | 0x1ull << 20 | 0x2ull << 4 | 0x5ull;
	/* MMFR1: VMIDBits 2 (16), VH 1, HCX 1 */
	h.mmfr1 = 0x1ull << 40 | 0x1ull << 8 | 0x2ull << 4;
	/* MMFR2: NV 2 (FEAT_NV2) */
	h.mmfr2 = 0x2ull << 24;
	/* MMFR4: E2H0 0 (E2H may be 0) */
	h.mmfr4 = 0;
	return h;
}

static inline struct nvarm_vm_request test_request(uint32_t features, unsigned host_nv)
{
	struct nvarm_vm_request r;

	memset(&r, 0, sizeof(r));
	r.features = features;
	r.host_nv = (uint8_t)host_nv;
	r.pa_range = 5;
	r.granules = NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K;
	r.gic_lrs = 4;
	return r;
}

#define TEST_ALL_FEATS                                                                             \
	(NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_SVE | NVARM_VMF_FGT | NVARM_VMF_HCRX |         \
	 NVARM_VMF_ECV | NVARM_VMF_RAS | NVARM_VMF_VMID16 | NVARM_VMF_GICV3)

/* ESR_EL2 of a trapped MSR/MRS/SYS (EC 0x18), built from the ISS field layout in esr.h. */
static inline uint64_t sys_esr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
			       unsigned rt, int read)
{
	return ((uint64_t)NVARM_EC_SYS64 << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL |
	       ((uint64_t)op0 << NVARM_ISS_SYS_OP0_SHIFT) |
	       ((uint64_t)op2 << NVARM_ISS_SYS_OP2_SHIFT) |
	       ((uint64_t)op1 << NVARM_ISS_SYS_OP1_SHIFT) |
	       ((uint64_t)crn << NVARM_ISS_SYS_CRN_SHIFT) |
	       ((uint64_t)rt << NVARM_ISS_SYS_RT_SHIFT) |
	       ((uint64_t)crm << NVARM_ISS_SYS_CRM_SHIFT) | (read ? NVARM_ISS_SYS_READ : 0);
}

/* A vCPU fixture: config + vEL2 state + an aligned VNCR page. */
struct vcpu_fix {
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v;
	uint64_t *page;
};

static inline void fix_init(struct vcpu_fix *f, uint32_t feats, unsigned host_nv)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(feats, host_nv);

	assert_int_equal(nvarm_vm_config_init(&f->cfg, &h, &r), 0);
	f->page = aligned_alloc(4096, 4096);
	assert_non_null(f->page);
	memset(f->page, 0xa5, 4096);
	assert_int_equal(nvarm_vel2_init(&f->v, &f->cfg, f->page), 0);
}

/* The same from given host ID registers and request. */
static inline void fix_init_with(struct vcpu_fix *f, const struct nvarm_id_regs *h,
				 const struct nvarm_vm_request *r)
{
	assert_int_equal(nvarm_vm_config_init(&f->cfg, h, r), 0);
	f->page = aligned_alloc(4096, 4096);
	assert_non_null(f->page);
	memset(f->page, 0xa5, 4096);
	assert_int_equal(nvarm_vel2_init(&f->v, &f->cfg, f->page), 0);
}

/* The same from given host ID registers and the usual request (every feature, FEAT_NV2). */
static inline void fix_init_host(struct vcpu_fix *f, const struct nvarm_id_regs *h)
{
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);

	fix_init_with(f, h, &r);
}

static inline void fix_fini(struct vcpu_fix *f)
{
	free(f->page);
}

/* Decode + emulate one access; returns the nvarm_emul value. */
static inline int emul(struct vcpu_fix *f, uint64_t esr, uint64_t *x)
{
	struct nvarm_trap t;

	assert_int_equal(nvarm_trap_decode(esr, &t), 0);
	return nvarm_sysreg_emulate(&f->v, &t, x);
}

static inline uint64_t rd(struct vcpu_fix *f, unsigned id)
{
	uint64_t v = 0;

	assert_int_equal(nvarm_vel2_read(&f->v, id, &v), 0);
	return v;
}

static inline void wr(struct vcpu_fix *f, unsigned id, uint64_t val)
{
	assert_int_equal(nvarm_vel2_write(&f->v, id, val), 0);
}

/* (a test that also includes the library's forward_priv.h gets its spelling of the first two) */
#ifndef HCR_E2H
#define HCR_E2H (1ull << 34)
#endif
#ifndef HCR_TGE
#define HCR_TGE (1ull << 27)
#endif
#define HCR_RW (1ull << 31)

#endif
