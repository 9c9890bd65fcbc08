// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Exception entry into vEL2 (vector offsets, syndrome registers, PSTATE) and ERET legality. */
#include "sysreg_test.h"
#include <nvarm/arm/sysreg_fields.h>

#define VBAR	    0xffff000010000800ull
#define DAIF	    (NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F)
#define SCTLR_SPAN  (1ull << 23)
#define SCTLR_DSSBS (1ull << 44)

static void test_vector_offsets(void **state)
{
	/* source PSTATE.M -> base offset (Arm ARM D1 "Exception vectors") */
	static const struct {
		unsigned m;
		uint64_t base;
	} src[] = {
	    {NVARM_PSR_M_EL2T, 0x000}, {NVARM_PSR_M_EL2H, 0x200}, {NVARM_PSR_M_EL1T, 0x400},
	    {NVARM_PSR_M_EL1H, 0x400}, {NVARM_PSR_M_EL0T, 0x400},
	};
	struct vcpu_fix f;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_VBAR_EL2, VBAR);
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		for (unsigned k = NVARM_EXC_SYNC; k <= NVARM_EXC_SERROR; k++) {
			struct nvarm_vel2_exc e = {.esr = 0x5a000000};
			struct nvarm_vcpu_pstate ps = {.pc = 0x1000 + i, .pstate = src[i].m};

			assert_int_equal(nvarm_vel2_inject(&f.v, (enum nvarm_exc_kind)k, &e, &ps),
					 0);
			assert_int_equal(ps.pc, VBAR + src[i].base + k * 0x80);
			assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF);
			assert_int_equal(rd(&f, NVARM_SR_ELR_EL2), 0x1000 + i);
			assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), src[i].m);
		}
	}
	fix_fini(&f);
}

static void test_syndrome_and_pstate(void **state)
{
	struct vcpu_fix f;
	struct nvarm_vel2_exc e;
	struct nvarm_vcpu_pstate ps;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_VBAR_EL2, VBAR);
	wr(&f, NVARM_SR_ESR_EL2, 0x1111);
	wr(&f, NVARM_SR_FAR_EL2, 0x2222);
	/* stage-2 data abort from L2 at EL1h: ESR, FAR, HPFAR; NZCV kept, IL/SS cleared */
	e = (struct nvarm_vel2_exc){.esr = 0x92000046,
				    .far = 0xffff000012345678ull,
				    .fault_ipa = nvarm_ipa2(0x8123456789ull),
				    .flags = NVARM_EXCF_FAR | NVARM_EXCF_HPFAR};
	ps = (struct nvarm_vcpu_pstate){.pc = 0xffff000000100004ull,
					.pstate = NVARM_PSR_M_EL1H | (0x9u << 28) | NVARM_PSR_IL |
						  NVARM_PSR_SS | NVARM_PSR_I};
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), 0);
	assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), NVARM_PSR_M_EL1H | (0x9u << 28) | NVARM_PSR_IL |
							NVARM_PSR_SS | NVARM_PSR_I);
	assert_int_equal(rd(&f, NVARM_SR_ELR_EL2), 0xffff000000100004ull);
	assert_int_equal(rd(&f, NVARM_SR_ESR_EL2), 0x92000046);
	assert_int_equal(rd(&f, NVARM_SR_FAR_EL2), 0xffff000012345678ull);
	/* HPFAR_EL2.FIPA[43:4] = IPA[51:12] */
	assert_int_equal(rd(&f, NVARM_SR_HPFAR_EL2), (0x8123456789ull >> 12) << 4);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF | (0x9u << 28));
	assert_int_equal(ps.pc, VBAR + 0x400);

	/* IRQ: ESR/FAR untouched */
	wr(&f, NVARM_SR_ESR_EL2, 0x1111);
	wr(&f, NVARM_SR_FAR_EL2, 0x2222);
	ps = (struct nvarm_vcpu_pstate){.pc = 0x4000, .pstate = NVARM_PSR_M_EL0T};
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
	assert_int_equal(rd(&f, NVARM_SR_ESR_EL2), 0x1111);
	assert_int_equal(rd(&f, NVARM_SR_FAR_EL2), 0x2222);
	assert_int_equal(ps.pc, VBAR + 0x480);

	/* E2H=TGE=1, SPAN=0: PAN set on entry; SPAN=1: PAN kept (clear) */
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
	wr(&f, NVARM_SR_SCTLR_EL2, SCTLR_DSSBS);
	ps = (struct nvarm_vcpu_pstate){.pc = 0x4000, .pstate = NVARM_PSR_M_EL0T};
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF | NVARM_PSR_PAN | NVARM_PSR_SSBS);
	wr(&f, NVARM_SR_SCTLR_EL2, SCTLR_SPAN);
	ps = (struct nvarm_vcpu_pstate){.pc = 0x4000, .pstate = NVARM_PSR_M_EL0T};
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF);

	/* invalid inputs */
	ps = (struct nvarm_vcpu_pstate){.pc = 0, .pstate = NVARM_PSR_M_EL2H};
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, NULL, &ps), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vel2_inject(&f.v, (enum nvarm_exc_kind)4, &e, &ps), NVARM_ERR_INVAL);
	ps.pstate = 0xd; /* EL3h */
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), NVARM_ERR_INVAL);
	ps.pstate = 0x13; /* AArch32 SVC (AArch32 User is accepted: test_inject_from_a32_user) */
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), NVARM_ERR_INVAL);
	ps.pstate = 0x6; /* M[1] set */
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), NVARM_ERR_INVAL);
	fix_fini(&f);
}

/* ERET with a given SPSR_EL2; returns the target EL and leaves the result in *ps. */
static int eret_with(struct vcpu_fix *f, uint64_t spsr, uint64_t elr, struct nvarm_vcpu_pstate *ps)
{
	wr(f, NVARM_SR_SPSR_EL2, spsr);
	wr(f, NVARM_SR_ELR_EL2, elr);
	ps->pc = 0xffff000010000abcull;
	ps->pstate = NVARM_PSR_M_EL2H | DAIF;
	return nvarm_vel2_eret(&f->v, 0, NULL, ps);
}

static void test_eret_legal(void **state)
{
	struct vcpu_fix f;
	struct nvarm_vcpu_pstate ps;
	const uint64_t nzcv = 0x6ull << 28;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H | nzcv | NVARM_PSR_A, 0x40080000, &ps), 1);
	assert_int_equal(ps.pc, 0x40080000);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | nzcv | NVARM_PSR_A);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL0T, 0x400000, &ps), 0);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL0T);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1T, 0x1000, &ps), 1);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL2H | DAIF, 0x2000, &ps), 2);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL2T, 0x2000, &ps), 2);
	fix_fini(&f);
}

/*
 * EL0 under HCR_EL2.{E2H,TGE} = {1,1} is the EL2&0 regime's EL0: a VHE L1 returning to its own
 * user space (no world switch), reported apart from L2's EL0. Any other E2H/TGE pair: L2's EL0.
 */
static void test_eret_host_el0(void **state)
{
	static const struct {
		uint64_t hcr;
		int want;
	} cases[] = {
	    {0, NVARM_ERET_EL0},
	    {HCR_E2H, NVARM_ERET_EL0}, /* a VHE L1 entering its guest's EL0 */
	    {HCR_TGE, NVARM_ERET_EL0}, /* non-VHE: TGE alone does not make an EL2&0 regime */
	    {HCR_E2H | HCR_TGE, NVARM_ERET_HOST_EL0},
	};
	struct vcpu_fix f;
	struct nvarm_vcpu_pstate ps;
	const uint64_t nzcv = 0x9ull << 28;

	(void)state;
	assert_int_equal(NVARM_ERET_EL0, 0);
	assert_int_equal(NVARM_ERET_EL1, 1);
	assert_int_equal(NVARM_ERET_EL2, 2);
	for (unsigned mode = NVARM_HOST_NV; mode <= NVARM_HOST_NV2; mode++) {
		fix_init(&f, TEST_ALL_FEATS, mode);
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			wr(&f, NVARM_SR_HCR_EL2, cases[i].hcr);
			assert_int_equal(eret_with(&f, NVARM_PSR_M_EL0T | nzcv, 0x400000, &ps),
					 cases[i].want);
			/* legal either way: PC = ELR_EL2, PSTATE = SPSR_EL2 (EL0t) */
			assert_int_equal(ps.pc, 0x400000);
			assert_int_equal(ps.pstate, NVARM_PSR_M_EL0T | nzcv);
		}
		/* E2H=TGE=1: vEL2 targets stay NVARM_ERET_EL2, EL1 is an illegal return */
		wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL2H, 0x2000, &ps), NVARM_ERET_EL2);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H, 0x2000, &ps), NVARM_ERET_EL2);
		assert_true(ps.pstate & NVARM_PSR_IL);
		/* EL0 with SP_EL1 is illegal also here: stays in vEL2 */
		assert_int_equal(eret_with(&f, 0x1, 0x2000, &ps), NVARM_ERET_EL2);
		/* TGE=1 without E2H: EL1 is an illegal return too (IllegalExceptionReturn tests
		 * HCR_EL2.TGE alone; issue #21: the L0 entered L2 instead) */
		wr(&f, NVARM_SR_HCR_EL2, HCR_TGE);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H, 0x2000, &ps), NVARM_ERET_EL2);
		assert_true(ps.pstate & NVARM_PSR_IL);
		assert_int_equal(ps.pstate & NVARM_PSR_M_MASK, NVARM_PSR_M_EL2H);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1T, 0x2000, &ps), NVARM_ERET_EL2);
		assert_true(ps.pstate & NVARM_PSR_IL);
		fix_fini(&f);
	}
}

static void test_eret_illegal(void **state)
{
	/* AArch64.IllegalExceptionReturn cases */
	static const uint64_t bad_m[] = {
	    0xd,  /* EL3h: EL3 not implemented */
	    0xc,  /* EL3t */
	    0x6,  /* M[1] set (reserved) */
	    0x7,  /* reserved */
	    0x1,  /* EL0 with SP_EL1 */
	    0x10, /* AArch32 User: no AArch32 here */
	    0x13, /* AArch32 SVC */
	};
	struct vcpu_fix f;
	struct nvarm_vcpu_pstate ps;
	const uint64_t keep = (0xaull << 28) | NVARM_PSR_F;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	for (size_t i = 0; i < sizeof(bad_m) / sizeof(bad_m[0]); i++) {
		int r = eret_with(&f, bad_m[i] | keep, 0x7000, &ps);

		if (r != 2)
			fail_msg("M=%#llx returned %d", (unsigned long long)bad_m[i], r);
		/* EL and SP unchanged (EL2h), IL set, other fields from SPSR, PC = ELR */
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | NVARM_PSR_IL | keep);
		assert_int_equal(ps.pc, 0x7000);
	}
	/* EL1 while E2H=TGE=1 */
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H | HCR_TGE);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H, 0x7000, &ps), 2);
	assert_true(ps.pstate & NVARM_PSR_IL);
	/* only TGE (E2H=0): illegal too (IllegalExceptionReturn tests HCR_EL2.TGE alone for
	 * an EL1 target; QEMU at EL2 agrees: tests/hostile erets), EL0 stays legal */
	wr(&f, NVARM_SR_HCR_EL2, HCR_TGE);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H, 0x7000, &ps), 2);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | NVARM_PSR_IL);
	assert_int_equal(eret_with(&f, NVARM_PSR_M_EL0T, 0x7000, &ps), 0);
	fix_fini(&f);
}

/* A host with AArch32 EL0 (ID_AA64PFR0_EL1.EL0 = 2): L1 sees it, and an ERET to AArch32
 * User mode is a legal return to L2's EL0 with the 32-bit SPSR as PSTATE; AArch32
 * privileged modes stay illegal (EL1 is AArch64 only). */
static void test_eret_a32_user(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request req = test_request(TEST_ALL_FEATS, NVARM_HOST_NV);
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v;
	static uint8_t page[4096] __attribute__((aligned(4096)));
	struct nvarm_vcpu_pstate ps;
	const uint64_t usr = (0x8ull << 28) | (1ull << 5) | NVARM_PSR_NRW | 0x1c0; /* T=1 */

	(void)state;
	h.pfr0 = (h.pfr0 & ~UINT64_C(0xf)) | 2;
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &req), 0);
	assert_int_equal(cfg.id.pfr0 & 0xf, 2);
	assert_int_equal(nvarm_vel2_init(&v, &cfg, page), 0);
	assert_int_equal(nvarm_vel2_write(&v, NVARM_SR_SPSR_EL2, usr), 0);
	assert_int_equal(nvarm_vel2_write(&v, NVARM_SR_ELR_EL2, 0xffffffff00008001ull), 0);
	ps.pc = 0x1000;
	ps.pstate = NVARM_PSR_M_EL2H | DAIF;
	assert_int_equal(nvarm_vel2_eret(&v, 0, NULL, &ps), NVARM_ERET_EL0);
	assert_int_equal(ps.pstate, usr);
	assert_int_equal(ps.pc, 0x8001);
	/* AArch32 SVC: still illegal */
	assert_int_equal(nvarm_vel2_write(&v, NVARM_SR_SPSR_EL2, NVARM_PSR_NRW | 0x3), 0);
	ps.pstate = NVARM_PSR_M_EL2H | DAIF;
	assert_int_equal(nvarm_vel2_eret(&v, 0, NULL, &ps), NVARM_ERET_EL2);
	assert_true(ps.pstate & NVARM_PSR_IL);
	/* the default host (EL0 AArch64 only): AArch32 User is an illegal return */
	h = test_host_ids();
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &req), 0);
	assert_int_equal(cfg.id.pfr0 & 0xf, 1);
}

static void test_eret_pauth_and_state(void **state)
{
	struct vcpu_fix f;
	struct nvarm_vcpu_pstate ps = {.pc = 0, .pstate = NVARM_PSR_M_EL2H};
	uint64_t auth = 0xffff000010203040ull;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_SPSR_EL2, NVARM_PSR_M_EL1H);
	wr(&f, NVARM_SR_ELR_EL2, 0x1234);
	assert_int_equal(nvarm_vel2_eret(&f.v, 1, NULL, &ps), NVARM_ERR_UNSUPPORTED);
	assert_int_equal(nvarm_vel2_eret(&f.v, 2, &auth, &ps), 1);
	assert_int_equal(ps.pc, auth);
	ps.pstate = NVARM_PSR_M_EL1H; /* ERET emulation only from vEL2 */
	assert_int_equal(nvarm_vel2_eret(&f.v, 0, NULL, &ps), NVARM_ERR_STATE);
	ps.pstate = NVARM_PSR_M_EL2H;
	assert_int_equal(nvarm_vel2_eret(&f.v, 3, NULL, &ps), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vel2_eret(NULL, 0, NULL, &ps), NVARM_ERR_INVAL);
	fix_fini(&f);
}

/* inject from L2 then ERET back: the interrupted context comes back exactly */
/* An exception from L2 at AArch32 User mode into vEL2 (an IRQ or a trap L1 asked for while
 * L2 runs there): lower-EL AArch64 vector (L2's EL1 is AArch64), SPSR_EL2 as it was. */
static void test_inject_from_a32_user(void **state)
{
	struct vcpu_fix f;
	const uint64_t a32 = (0x6ull << 28) | NVARM_PSR_NRW | 0x1d0;
	struct nvarm_vcpu_pstate ps = {.pc = 0x10000, .pstate = a32};
	uint64_t v = 0;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_VBAR_EL2, 0x40000800);
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
	assert_int_equal(ps.pc, 0x40000800 + 0x480);
	assert_int_equal(ps.pstate, (0x6ull << 28) | NVARM_PSR_M_EL2H | DAIF);
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_SPSR_EL2, &v), 0);
	assert_int_equal(v, a32);
	/* AArch32 privileged modes cannot be L2's: refused */
	ps.pstate = NVARM_PSR_NRW | 0x3;
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), NVARM_ERR_INVAL);
	fix_fini(&f);
}

static void test_inject_eret_round_trip(void **state)
{
	struct vcpu_fix f;
	struct nvarm_vel2_exc e = {.esr = 0x5a000000};
	const struct nvarm_vcpu_pstate orig = {
	    .pc = 0xffff800010abc000ull, .pstate = NVARM_PSR_M_EL1H | (0x5ull << 28) | NVARM_PSR_D};
	struct nvarm_vcpu_pstate ps = orig;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_VBAR_EL2, VBAR);
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), 0);
	assert_int_equal(ps.pc, VBAR + 0x400);
	assert_int_equal(nvarm_vel2_eret(&f.v, 0, NULL, &ps), 1);
	assert_int_equal(ps.pc, orig.pc);
	assert_int_equal(ps.pstate, orig.pstate);
	fix_fini(&f);
}

/* PSTATE.M between vEL2 and the hardware EL1 it runs on (SPSR encodings, Arm ARM C5.2.18) */
static void test_psr_hw_translation(void **state)
{
	static const struct {
		uint64_t v, hw;
	} map[] = {
	    {0x3c9, 0x3c5},					/* EL2h, DAIF -> EL1h, DAIF */
	    {0x8, 0x4},						/* EL2t -> EL1t */
	    {0xf0000009 | (1u << 21), 0xf0000005 | (1u << 21)}, /* NZCV and SS kept */
	};
	static const uint64_t same[] = {
	    0x0,	/* EL0t: not vEL2 */
	    0x10,	/* AArch32 User */
	    0x13 | 0x4, /* AArch32 mode with M[3:2] = 1: not translated */
	    0x1a,	/* AArch32 Hyp */
	    0xd,	/* EL3h: not a vEL2 state, left alone */
	};

	(void)state;
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(map); i++) {
		assert_int_equal(nvarm_vel2_psr_to_hw(map[i].v), map[i].hw);
		assert_int_equal(nvarm_vel2_psr_from_hw(map[i].hw), map[i].v);
	}
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(same); i++) {
		assert_int_equal(nvarm_vel2_psr_to_hw(same[i]), same[i]);
		if (((same[i] >> 2) & 3) != 1 || (same[i] & NVARM_PSR_NRW))
			assert_int_equal(nvarm_vel2_psr_from_hw(same[i]), same[i]);
	}
	/* an EL1 state in the virtual view is hardware EL1 as well (L2 runs there) */
	assert_int_equal(nvarm_vel2_psr_to_hw(0x3c5), 0x3c5);
}

/* Exceptions into L2's EL1 (nvarm_el1_inject): vectors, syndrome registers, PSTATE. */
static void test_el1_inject(void **state)
{
	static const struct {
		unsigned m;
		uint64_t base;
	} src[] = {
	    {NVARM_PSR_M_EL1T, 0x000},
	    {NVARM_PSR_M_EL1H, 0x200},
	    {NVARM_PSR_M_EL0T, 0x400},
	};
	/* EC 0x00 (Unknown reason), IL = 1: what nvarm_fwd_route() returns for UNDEF. */
	const struct nvarm_vel2_exc undef = {.esr = 1ull << 25};

	(void)state;
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		for (unsigned k = NVARM_EXC_SYNC; k <= NVARM_EXC_SERROR; k++) {
			struct nvarm_el1_regs el1;
			struct nvarm_vcpu_pstate ps = {.pc = 0x40001000 + 4 * i,
						       .pstate = src[i].m | NVARM_PSR_NZCV |
								 NVARM_PSR_SS | NVARM_PSR_IL};

			memset(&el1, 0, sizeof(el1));
			el1.r[NVARM_EL1_VBAR_EL1] = VBAR | 0x7f0; /* low bits ignored */
			el1.r[NVARM_EL1_SCTLR_EL1] = SCTLR_SPAN;
			assert_int_equal(
			    nvarm_el1_inject(&el1, (enum nvarm_exc_kind)k, &undef, &ps), 0);
			assert_int_equal(ps.pc, VBAR + src[i].base + k * 0x80);
			/* SPAN = 1: PAN unchanged (0); SS and IL cleared, NZCV kept */
			assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | DAIF | NVARM_PSR_NZCV);
			assert_int_equal(el1.r[NVARM_EL1_ELR_EL1], 0x40001000 + 4 * i);
			assert_int_equal(el1.r[NVARM_EL1_SPSR_EL1],
					 src[i].m | NVARM_PSR_NZCV | NVARM_PSR_SS | NVARM_PSR_IL);
			if (k == NVARM_EXC_SYNC || k == NVARM_EXC_SERROR) {
				assert_int_equal(el1.r[NVARM_EL1_ESR_EL1], 1ull << 25);
				assert_true(el1.valid & (1u << NVARM_EL1_ESR_EL1));
			} else {
				assert_int_equal(el1.r[NVARM_EL1_ESR_EL1], 0);
			}
			assert_false(el1.valid & (1u << NVARM_EL1_FAR_EL1));
			assert_true(el1.valid & (1u << NVARM_EL1_ELR_EL1));
		}

	/* SPAN = 0 sets PAN; DSSBS gives SSBS; FAR with the flag. */
	struct nvarm_el1_regs el1;
	struct nvarm_vcpu_pstate ps = {.pc = 0x1234, .pstate = NVARM_PSR_M_EL0T};
	const struct nvarm_vel2_exc dabt = {
	    .esr = 0x92000046, .far = 0xdead000, .flags = NVARM_EXCF_FAR};
	memset(&el1, 0, sizeof(el1));
	el1.r[NVARM_EL1_VBAR_EL1] = VBAR;
	el1.r[NVARM_EL1_SCTLR_EL1] = SCTLR_DSSBS;
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &dabt, &ps), 0);
	assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | DAIF | NVARM_PSR_PAN | NVARM_PSR_SSBS);
	assert_int_equal(el1.r[NVARM_EL1_FAR_EL1], 0xdead000);
	assert_int_equal(el1.r[NVARM_EL1_ESR_EL1], 0x92000046);

	/* From AArch32 User mode (L2's EL1 may ERET there untrapped, issue #21): the lower-EL
	 * AArch32 vector, SPSR in the AArch32 layout, NZCV and DIT (AArch32 bit 21) kept. */
	ps.pc = 0x8000;
	ps.pstate = (0x9ull << 28) | NVARM_BIT(21) | NVARM_PSR_NRW | 0x1c0;
	el1.r[NVARM_EL1_SCTLR_EL1] = SCTLR_SPAN;
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), 0);
	assert_int_equal(ps.pc, VBAR + 0x600);
	assert_int_equal(ps.pstate, (0x9ull << 28) | NVARM_BIT(24) | NVARM_PSR_M_EL1H | DAIF);
	assert_int_equal(el1.r[NVARM_EL1_SPSR_EL1],
			 (0x9ull << 28) | NVARM_BIT(21) | NVARM_PSR_NRW | 0x1c0);
	assert_int_equal(el1.r[NVARM_EL1_ELR_EL1], 0x8000);

	/* Errors: EL2 or AArch32 privileged source, HPFAR (no EL1 equivalent), missing syndrome. */
	const struct nvarm_vel2_exc hp = {.esr = 0, .flags = NVARM_EXCF_HPFAR};
	ps.pstate = NVARM_PSR_M_EL2H;
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), NVARM_ERR_INVAL);
	ps.pstate = NVARM_PSR_NRW | 0x3; /* AArch32 SVC */
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), NVARM_ERR_INVAL);
	ps.pstate = NVARM_PSR_M_EL1H;
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &hp, &ps), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, NULL, &ps), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_el1_inject(&el1, (enum nvarm_exc_kind)4, &undef, &ps),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_el1_inject(NULL, NVARM_EXC_SYNC, &undef, &ps), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_IRQ, NULL, &ps), 0);
	assert_int_equal(ps.pc, VBAR + 0x280);
}

/* A vCPU fixture whose host has FEAT_NMI (ID_AA64PFR1_EL1.NMI = 1), L1 offered it or not. */
static void fix_init_nmi(struct vcpu_fix *f, bool offer)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r =
	    test_request(TEST_ALL_FEATS | (offer ? NVARM_VMF_NMI : 0), NVARM_HOST_NV2);

	h.pfr1 = 1ull << NVARM_ID_AA64PFR1_EL1_NMI_SHIFT;
	assert_int_equal(nvarm_vm_config_init(&f->cfg, &h, &r), 0);
	assert_int_equal((f->cfg.id.pfr1 >> NVARM_ID_AA64PFR1_EL1_NMI_SHIFT) & 0xf, offer ? 1 : 0);
	f->page = aligned_alloc(4096, 4096);
	assert_non_null(f->page);
	memset(f->page, 0, 4096);
	assert_int_equal(nvarm_vel2_init(&f->v, &f->cfg, f->page), 0);
}

/*
 * FEAT_NMI: exception entry to vEL2 sets PSTATE.ALLINT to NOT SCTLR_EL2.SPINTMASK whatever
 * SCTLR_EL2.NMI is, and keeps the interrupted ALLINT in SPSR_EL2 (Arm ARM D1.4 "Exception
 * entry"); ERET restores it from SPSR_EL2.ALLINT [13], legal or illegal return (D1.4
 * "Exception return"). Without FEAT_NMI for L1 the bit is RES0: never set on entry, not
 * restored.
 */
static void test_nmi_allint(void **state)
{
	const uint64_t spintmask = NVARM_SCTLR_EL1_SPINTMASK, nmi = NVARM_SCTLR_EL1_NMI;

	(void)state;
	for (int offer = 0; offer < 2; offer++) {
		struct vcpu_fix f;
		struct nvarm_vcpu_pstate ps;
		const uint64_t allint = offer ? NVARM_PSR_ALLINT : 0;

		fix_init_nmi(&f, offer);
		wr(&f, NVARM_SR_VBAR_EL2, VBAR);
		/* SPINTMASK 0 (NMI 0 or 1): ALLINT set on entry; the old one in SPSR_EL2 */
		for (int n = 0; n < 2; n++) {
			wr(&f, NVARM_SR_SCTLR_EL2, n ? nmi : 0);
			ps = (struct nvarm_vcpu_pstate){.pc = 0x4000, .pstate = NVARM_PSR_M_EL1H};
			assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
			assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF | allint);
			assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), NVARM_PSR_M_EL1H);
		}
		/* SPINTMASK 1: ALLINT clear on entry, also from an ALLINT = 1 state */
		wr(&f, NVARM_SR_SCTLR_EL2, nmi | spintmask);
		ps = (struct nvarm_vcpu_pstate){.pc = 0x4000,
						.pstate = NVARM_PSR_M_EL2H | NVARM_PSR_ALLINT};
		assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC,
						   &(struct nvarm_vel2_exc){.esr = 0x5a000000},
						   &ps),
				 0);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF);
		assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), NVARM_PSR_M_EL2H | NVARM_PSR_ALLINT);
		/* SCTLR_EL2.NMI/SPINTMASK exist only with FEAT_NMI */
		assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2) & (nmi | spintmask),
				 offer ? nmi | spintmask : 0);

		/* ERET: ALLINT from SPSR_EL2 to EL1, EL2 and on an illegal return */
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H | NVARM_PSR_ALLINT, 0x1000, &ps),
				 1);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | allint);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL2H | NVARM_PSR_ALLINT, 0x1000, &ps),
				 2);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | allint);
		assert_int_equal(eret_with(&f, 0xd | NVARM_PSR_ALLINT /* EL3h */, 0x1000, &ps),
				 NVARM_ERET_EL2);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | NVARM_PSR_IL | allint);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H, 0x1000, &ps), 1);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H);
		fix_fini(&f);
	}
}

/* FEAT_NMI at L2's EL1 (nvarm_el1_inject with NVARM_EL1F_NMI): ALLINT = NOT
 * SCTLR_EL1.SPINTMASK on entry; without the flag (a PE without FEAT_NMI) never set. */
static void test_el1_inject_nmi(void **state)
{
	const struct nvarm_vel2_exc undef = {.esr = 1ull << 25};

	(void)state;
	for (int k = 0; k < 4; k++) {
		struct nvarm_el1_regs el1;
		struct nvarm_vcpu_pstate ps = {.pc = 0x1234,
					       .pstate = NVARM_PSR_M_EL0T | NVARM_PSR_ALLINT};
		bool flag = k & 1, spintmask = k & 2;

		memset(&el1, 0, sizeof(el1));
		el1.r[NVARM_EL1_VBAR_EL1] = VBAR;
		el1.r[NVARM_EL1_SCTLR_EL1] =
		    SCTLR_SPAN | NVARM_SCTLR_EL1_NMI | (spintmask ? NVARM_SCTLR_EL1_SPINTMASK : 0);
		el1.flags = flag ? NVARM_EL1F_NMI : 0;
		assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), 0);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | DAIF |
						(flag && !spintmask ? NVARM_PSR_ALLINT : 0));
		assert_int_equal(el1.r[NVARM_EL1_SPSR_EL1], NVARM_PSR_M_EL0T | NVARM_PSR_ALLINT);
	}
}

/* Recursive nesting: an exception into L2's EL1 while L2 runs under L1's FEAT_NV (L1's
 * HCR_EL2.{NV2, NV1, NV} in {x01, 111}) records EL2 in SPSR_EL1.M[3:2] when it comes from EL1
 * (AArch64.TakeException), and only then; EL0 sources and the other NV combinations keep the
 * SPSR as it is. */
static void test_el1_inject_nv_el2(void **state)
{
	static const uint64_t srcs[] = {NVARM_PSR_M_EL1H | 0x3c0, NVARM_PSR_M_EL1T, 0 /* EL0t */};
	(void)state;
	for (unsigned nvx = 0; nvx < 8; nvx++) {
		uint64_t hcr = (uint64_t)(nvx & 1) << 42 | (uint64_t)((nvx >> 1) & 1) << 43 |
			       (uint64_t)((nvx >> 2) & 1) << 45 | (1ull << 31);
		int el2 = nvx == 1 || nvx == 5 || nvx == 7; /* x01, 111 */

		assert_int_equal(nvarm_el1f_nv_el2(hcr), el2 ? NVARM_EL1F_NV_EL2 : 0);
		for (unsigned k = 0; k < sizeof(srcs) / sizeof(srcs[0]); k++) {
			struct nvarm_el1_regs el1;
			struct nvarm_vcpu_pstate ps = {.pc = 0x1000,
						       .pstate = srcs[k] | (1ull << 29)};
			const struct nvarm_vel2_exc undef = {.esr = 1ull << 25};
			unsigned m = (unsigned)(srcs[k] & 0xf);
			uint64_t want = ps.pstate;

			memset(&el1, 0, sizeof(el1));
			el1.r[NVARM_EL1_VBAR_EL1] = 0x8000;
			el1.flags = nvarm_el1f_nv_el2(hcr);
			if (el2 && (m == NVARM_PSR_M_EL1H || m == NVARM_PSR_M_EL1T))
				want += 4; /* M[3:2] 0b01 -> 0b10 */
			assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), 0);
			if (el1.r[NVARM_EL1_SPSR_EL1] != want)
				fail_msg("NVx %u source M %#x: SPSR_EL1 %#llx, want %#llx", nvx, m,
					 (unsigned long long)el1.r[NVARM_EL1_SPSR_EL1],
					 (unsigned long long)want);
			/* the vector and the new PSTATE do not depend on it */
			assert_int_equal(ps.pc, 0x8000 + (m == NVARM_PSR_M_EL1H	  ? 0x200
							  : m == NVARM_PSR_M_EL1T ? 0
										  : 0x400));
			assert_int_equal(ps.pstate & 0xf, NVARM_PSR_M_EL1H);
		}
	}
}

/*
 * FEAT_MTE (instructions only) for L1 (NVARM_VMF_MTE): L1's ID_AA64PFR1_EL1.MTE is 1 on a host
 * with MTE 1..3 when asked, 0 otherwise (never MTE2: no tag storage is modelled); exception
 * entry to vEL2 sets PSTATE.TCO and keeps the interrupted one in SPSR_EL2, ERET restores it
 * (AArch64.TakeException, AArch64.ExceptionReturn); into L2's EL1 with NVARM_EL1F_MTE too.
 * Without the feature TCO is neither set nor restored.
 */
static void test_mte_tco(void **state)
{
	static const struct {
		unsigned host, ask, l1;
	} ids[] = {{0, 1, 0}, {1, 1, 1}, {2, 1, 1}, {3, 1, 1}, {2, 0, 0}};

	(void)state;
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct vcpu_fix f;
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | (ids[i].ask ? NVARM_VMF_MTE : 0), NVARM_HOST_NV2);
		struct nvarm_vcpu_pstate ps;
		const uint64_t tco = ids[i].l1 ? NVARM_PSR_TCO : 0;

		h.pfr1 = (uint64_t)ids[i].host << NVARM_ID_AA64PFR1_EL1_MTE_SHIFT;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal((f.cfg.id.pfr1 >> NVARM_ID_AA64PFR1_EL1_MTE_SHIFT) & 0xf,
				 ids[i].l1);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_MTE), ids[i].l1);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		memset(f.page, 0, 4096);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		wr(&f, NVARM_SR_VBAR_EL2, VBAR);
		ps = (struct nvarm_vcpu_pstate){.pc = 0x4000, .pstate = NVARM_PSR_M_EL1H};
		assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_IRQ, NULL, &ps), 0);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | DAIF | tco);
		assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), NVARM_PSR_M_EL1H);
		assert_int_equal(eret_with(&f, NVARM_PSR_M_EL1H | NVARM_PSR_TCO, 0x1000, &ps), 1);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL1H | tco);
		assert_int_equal(eret_with(&f, 0xd | NVARM_PSR_TCO /* EL3h */, 0x1000, &ps),
				 NVARM_ERET_EL2);
		assert_int_equal(ps.pstate, NVARM_PSR_M_EL2H | NVARM_PSR_IL | tco);
		free(f.page);
	}
	/* into L2's EL1: TCO with the flag only */
	for (int fl = 0; fl < 2; fl++) {
		struct nvarm_el1_regs el1;
		struct nvarm_vcpu_pstate ps = {.pc = 0x1000, .pstate = NVARM_PSR_M_EL0T};
		const struct nvarm_vel2_exc undef = {.esr = 1ull << 25};

		memset(&el1, 0, sizeof(el1));
		el1.flags = fl ? NVARM_EL1F_MTE : 0;
		assert_int_equal(nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &undef, &ps), 0);
		assert_int_equal(ps.pstate & NVARM_PSR_TCO, fl ? NVARM_PSR_TCO : 0);
	}
}

/*
 * nvarm_vel2_entry: the vector and PSTATE of nvarm_vel2_inject for every source state, kind
 * and PSTATE-affecting control (HCR_EL2.{E2H,TGE}, SCTLR_EL2.{SPAN,DSSBS,SPINTMASK}, FEAT_NMI,
 * FEAT_MTE), and not one register of the file written (an L0's HVC at vEL2 writes ELR/SPSR/
 * ESR_EL2 where L1 reads them, the hardware EL1 registers).
 */
static void test_entry_no_writes(void **state)
{
	static const uint64_t src[] = {
	    NVARM_PSR_M_EL2T, NVARM_PSR_M_EL2H | NVARM_PSR_PAN | (0x5ull << 28),
	    NVARM_PSR_M_EL1T, NVARM_PSR_M_EL1H | NVARM_PSR_SS | NVARM_BIT(24) /* DIT */,
	    NVARM_PSR_M_EL0T, NVARM_PSR_NRW | 0x0 /* AArch32 User */,
	};
	static const uint64_t hcrs[] = {0, HCR_E2H, HCR_TGE, HCR_E2H | HCR_TGE};
	static const uint64_t sctlrs[] = {0, SCTLR_SPAN, SCTLR_DSSBS,
					  SCTLR_SPAN | SCTLR_DSSBS | NVARM_SCTLR_EL1_SPINTMASK};
	static const uint32_t feats[] = {TEST_ALL_FEATS,
					 TEST_ALL_FEATS & ~(NVARM_VMF_NMI | NVARM_VMF_MTE)};
	static const unsigned watched[] = {NVARM_SR_ELR_EL2, NVARM_SR_SPSR_EL2, NVARM_SR_ESR_EL2,
					   NVARM_SR_FAR_EL2, NVARM_SR_HPFAR_EL2};
	unsigned n = 0, pan = 0;

	(void)state;
	for (size_t fi = 0; fi < sizeof(feats) / sizeof(feats[0]); fi++) {
		for (unsigned mode = NVARM_HOST_NV; mode <= NVARM_HOST_NV2; mode++) {
			struct vcpu_fix f;

			fix_init(&f, feats[fi], mode);
			wr(&f, NVARM_SR_VBAR_EL2, VBAR);
			for (size_t h = 0; h < sizeof(hcrs) / sizeof(hcrs[0]); h++)
				for (size_t c = 0; c < sizeof(sctlrs) / sizeof(sctlrs[0]); c++)
					for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++)
						for (unsigned k = NVARM_EXC_SYNC;
						     k <= NVARM_EXC_SERROR; k++) {
							struct nvarm_vel2_exc e = {.esr =
										       0x5a000051};
							struct nvarm_vcpu_pstate a = {
							    .pc = 0x1234 + i, .pstate = src[i]};
							struct nvarm_vcpu_pstate b = a;
							uint64_t before[5];

							wr(&f, NVARM_SR_HCR_EL2, hcrs[h]);
							wr(&f, NVARM_SR_SCTLR_EL2, sctlrs[c]);
							for (unsigned w = 0; w < 5; w++)
								before[w] = rd(&f, watched[w]);
							assert_int_equal(
							    nvarm_vel2_entry(
								&f.v, (enum nvarm_exc_kind)k, &b),
							    0);
							for (unsigned w = 0; w < 5; w++)
								assert_int_equal(rd(&f, watched[w]),
										 before[w]);
							assert_int_equal(nvarm_vel2_inject(
									     &f.v,
									     (enum nvarm_exc_kind)k,
									     &e, &a),
									 0);
							assert_int_equal(b.pc, a.pc);
							assert_int_equal(b.pstate, a.pstate);
							assert_int_equal(
							    b.pc & 0x7ff,
							    (i < 2 ? i * 0x200 : 0x400) + k * 0x80);
							pan += (b.pstate & NVARM_PSR_PAN) != 0;
							n++;
						}
			fix_fini(&f);
		}
	}
	assert_int_equal(n, 2 * 2 * 4 * 4 * 6 * 4);
	assert_true(pan > 0 && pan < n); /* the controls made a difference */
	/* the same refusals as nvarm_vel2_inject (a NULL syndrome is fine: nothing written) */
	{
		struct vcpu_fix f;
		struct nvarm_vcpu_pstate ps = {.pc = 0, .pstate = 0xd /* EL3h */};

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		assert_int_equal(nvarm_vel2_entry(&f.v, NVARM_EXC_SYNC, &ps), NVARM_ERR_INVAL);
		ps.pstate = NVARM_PSR_M_EL2H;
		assert_int_equal(nvarm_vel2_entry(&f.v, (enum nvarm_exc_kind)4, &ps),
				 NVARM_ERR_INVAL);
		assert_int_equal(nvarm_vel2_entry(NULL, NVARM_EXC_SYNC, &ps), NVARM_ERR_INVAL);
		assert_int_equal(nvarm_vel2_entry(&f.v, NVARM_EXC_SYNC, NULL), NVARM_ERR_INVAL);
		assert_int_equal(nvarm_vel2_entry(&f.v, NVARM_EXC_SYNC, &ps), 0);
		fix_fini(&f);
	}
}

/*
 * nvarm_vel2_eret_regs: the ERET of the SPSR_EL2/ELR_EL2 given, whatever the file holds (an
 * L0 reads them from the hardware EL1 registers carrying them), with the file's HCR_EL2; the
 * same answer as nvarm_vel2_eret once the file holds them too.
 */
static void test_eret_regs(void **state)
{
	static const uint64_t spsrs[] = {
	    NVARM_PSR_M_EL2H | DAIF | (0x6ull << 28),
	    NVARM_PSR_M_EL2T | NVARM_PSR_PAN,
	    NVARM_PSR_M_EL1H | NVARM_PSR_A,
	    NVARM_PSR_M_EL0T,
	    0xd, /* EL3h: illegal */
	    0x1, /* EL0 with SP_EL1: illegal */
	    NVARM_PSR_M_EL2H | NVARM_PSR_SS | NVARM_PSR_IL | NVARM_PSR_SSBS,
	};
	static const uint64_t hcrs[] = {0, HCR_TGE, HCR_E2H | HCR_TGE};
	struct vcpu_fix f;

	(void)state;
	for (unsigned mode = NVARM_HOST_NV; mode <= NVARM_HOST_NV2; mode++) {
		fix_init(&f, TEST_ALL_FEATS, mode);
		for (size_t h = 0; h < sizeof(hcrs) / sizeof(hcrs[0]); h++) {
			wr(&f, NVARM_SR_HCR_EL2, hcrs[h]);
			for (size_t i = 0; i < sizeof(spsrs) / sizeof(spsrs[0]); i++) {
				struct nvarm_vcpu_pstate a,
				    b = {.pc = 0x99, .pstate = NVARM_PSR_M_EL2H | DAIF};
				/* the file holds something else: not what the call uses */
				wr(&f, NVARM_SR_SPSR_EL2, NVARM_PSR_M_EL1H);
				wr(&f, NVARM_SR_ELR_EL2, 0x5000);
				int rb = nvarm_vel2_eret_regs(&f.v, spsrs[i], 0x8000 + i, &b);
				assert_int_equal(rd(&f, NVARM_SR_SPSR_EL2), NVARM_PSR_M_EL1H);
				assert_int_equal(rd(&f, NVARM_SR_ELR_EL2), 0x5000);
				int ra = eret_with(&f, spsrs[i], 0x8000 + i, &a);
				assert_int_equal(rb, ra);
				assert_int_equal(b.pc, 0x8000 + i);
				assert_int_equal(b.pc, a.pc);
				assert_int_equal(b.pstate, a.pstate);
			}
		}
		/* within vEL2: EL2h with NZCV and DAIF as SPSR_EL2 says */
		{
			struct nvarm_vcpu_pstate ps = {.pc = 0x99,
						       .pstate = NVARM_PSR_M_EL2H | DAIF};
			wr(&f, NVARM_SR_HCR_EL2, 0);
			assert_int_equal(nvarm_vel2_eret_regs(&f.v, spsrs[0], 0x4242, &ps),
					 NVARM_ERET_EL2);
			assert_int_equal(ps.pc, 0x4242);
			assert_int_equal(ps.pstate, spsrs[0]);
			ps.pstate = NVARM_PSR_M_EL1H; /* not at EL2 */
			assert_int_equal(nvarm_vel2_eret_regs(&f.v, spsrs[0], 0x4242, &ps),
					 NVARM_ERR_STATE);
			assert_int_equal(nvarm_vel2_eret_regs(NULL, spsrs[0], 0, &ps),
					 NVARM_ERR_INVAL);
			assert_int_equal(nvarm_vel2_eret_regs(&f.v, spsrs[0], 0, NULL),
					 NVARM_ERR_INVAL);
		}
		fix_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vector_offsets),
	    cmocka_unit_test(test_el1_inject_nv_el2),
	    cmocka_unit_test(test_syndrome_and_pstate),
	    cmocka_unit_test(test_eret_legal),
	    cmocka_unit_test(test_eret_host_el0),
	    cmocka_unit_test(test_eret_illegal),
	    cmocka_unit_test(test_eret_a32_user),
	    cmocka_unit_test(test_eret_pauth_and_state),
	    cmocka_unit_test(test_inject_from_a32_user),
	    cmocka_unit_test(test_inject_eret_round_trip),
	    cmocka_unit_test(test_psr_hw_translation),
	    cmocka_unit_test(test_el1_inject),
	    cmocka_unit_test(test_nmi_allint),
	    cmocka_unit_test(test_mte_tco),
	    cmocka_unit_test(test_el1_inject_nmi),
	    cmocka_unit_test(test_entry_no_writes),
	    cmocka_unit_test(test_eret_regs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
