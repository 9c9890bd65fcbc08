/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * FEAT_RAS and hidden debug features: where L2's synchronous External aborts go
 * (nvarm_l2_sea_route), VDISR_EL2/VSESR_EL2 across the world switch (nvarm_ras_l2_enter/exit),
 * and the MDCR_EL2 traps of the debug features a VM lacks (nvarm_vm_config::l0_mdcr).
 */
#include "sysreg_test.h"

#define HCR_AMO (1ull << 5)
#define HCR_TEA (1ull << 37)
/* MDCR_EL2 (DDI 0487 D24.2): TPMCR [5], TPM [6], TPMS [14], TTRF [19] */
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM   (1ull << 6)
#define MDCR_TPMS  (1ull << 14)
#define MDCR_TTRF  (1ull << 19)

/* Expected syndromes, from ESR_EL2's layout: EC [31:26], IL [25], CM [8], WnR [6], DFSC
 * 0x10 (synchronous External abort, not on a walk). */
#define DABT_LOW     0x24ull
#define DABT_CUR     0x25ull
#define IABT_LOW     0x20ull
#define IABT_CUR     0x21ull
#define ESR(ec, iss) (((ec) << 26) | (1ull << 25) | (iss))

static void test_sea_route(void **state)
{
	static const struct {
		int ras;       /* the VM has FEAT_RAS */
		uint64_t hcr;  /* L1's HCR_EL2 (besides RW) */
		uint64_t esr;  /* the L0's syndrome */
		unsigned el;   /* L2's EL */
		int to_el2;    /* expected route */
		uint64_t vesr; /* expected syndrome */
	} cases[] = {
	    /* no TEA: L2's own EL1; from EL1 the "current EL" class, from EL0 the lower one */
	    {1, 0, ESR(DABT_LOW, 0x40 | 0x7), 1, 0, ESR(DABT_CUR, 0x40 | 0x10)},
	    {1, 0, ESR(DABT_LOW, 0x100 | 0x1000000), 0, 0, ESR(DABT_LOW, 0x100 | 0x10)},
	    {1, 0, ESR(IABT_LOW, 0x40 | 0x7), 1, 0, ESR(IABT_CUR, 0x10)},
	    {1, 0, ESR(IABT_LOW, 0x7), 0, 0, ESR(IABT_LOW, 0x10)},
	    /* TEA with FEAT_RAS: L1's EL2, always from a lower Exception level */
	    {1, HCR_TEA, ESR(DABT_LOW, 0x40 | 0x7), 1, 1, ESR(DABT_LOW, 0x40 | 0x10)},
	    {1, HCR_TEA, ESR(DABT_LOW, 0x0), 0, 1, ESR(DABT_LOW, 0x10)},
	    {1, HCR_TEA, ESR(IABT_LOW, 0x7), 1, 1, ESR(IABT_LOW, 0x10)},
	    /* TEA is RES0 without FEAT_RAS: L2's EL1 */
	    {0, HCR_TEA, ESR(DABT_LOW, 0x40), 1, 0, ESR(DABT_CUR, 0x40 | 0x10)},
	    /* TGE (an EL0 access): EL2 with or without RAS */
	    {0, HCR_TGE | HCR_E2H, ESR(DABT_LOW, 0x40), 0, 1, ESR(DABT_LOW, 0x40 | 0x10)},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcpu_fix f;
		struct nvarm_vel2_exc e;

		fix_init(&f, TEST_ALL_FEATS & ~(cases[i].ras ? 0u : (uint32_t)NVARM_VMF_RAS),
			 NVARM_HOST_NV2);
		wr(&f, NVARM_SR_HCR_EL2, HCR_RW | cases[i].hcr);
		memset(&e, 0xa5, sizeof(e));
		int r = nvarm_l2_sea_route(&f.v, cases[i].esr, cases[i].el, 0x1234000, &e);
		if (r != cases[i].to_el2 || e.esr != cases[i].vesr)
			fail_msg("case %u: route %d esr 0x%llx, want %d 0x%llx", i, r,
				 (unsigned long long)e.esr, cases[i].to_el2,
				 (unsigned long long)cases[i].vesr);
		assert_int_equal(e.far, 0x1234000);
		assert_int_equal(e.flags, NVARM_EXCF_FAR);
		/* not an abort syndrome, a bad EL, NULL */
		assert_int_equal(nvarm_l2_sea_route(&f.v, ESR(0x18ull, 0), 1, 0, &e),
				 NVARM_ERR_INVAL);
		assert_int_equal(nvarm_l2_sea_route(&f.v, ESR(DABT_CUR, 0), 1, 0, &e),
				 NVARM_ERR_INVAL);
		assert_int_equal(nvarm_l2_sea_route(&f.v, cases[i].esr, 2, 0, &e), NVARM_ERR_INVAL);
		assert_int_equal(nvarm_l2_sea_route(NULL, cases[i].esr, 1, 0, &e), NVARM_ERR_INVAL);
		assert_int_equal(nvarm_l2_sea_route(&f.v, cases[i].esr, 1, 0, NULL),
				 NVARM_ERR_INVAL);
		fix_fini(&f);
	}
}

/* VDISR_EL2 / VSESR_EL2 values: A [31] and an ISS in [23:0] (both defined fields). */
#define L1_DISR	 0x80000011ull
#define L1_VDISR 0x80000022ull
#define L1_VSESR 0x1a5ull
#define L2_ESB	 0x80000033ull

static void test_ras_switch(void **state)
{
	struct nvarm_ras_switch s;
	uint64_t vdisr, vsesr;
	struct vcpu_fix f;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	wr(&f, NVARM_SR_VDISR_EL2, L1_VDISR);
	wr(&f, NVARM_SR_VSESR_EL2, L1_VSESR);
	assert_int_equal(rd(&f, NVARM_SR_VDISR_EL2), L1_VDISR);

	/* L1's AMO = 1: L2's DISR_EL1 is L1's VDISR_EL2; its ESB result goes there, and the
	 * hardware gets L1's DISR_EL1 back */
	wr(&f, NVARM_SR_HCR_EL2, HCR_RW | HCR_AMO);
	assert_int_equal(nvarm_ras_l2_enter(&f.v, L1_DISR, &s, &vdisr, &vsesr), 1);
	assert_int_equal(vdisr, L1_VDISR);
	assert_int_equal(vsesr, L1_VSESR);
	assert_true(nvarm_ras_l2_exit_needed(&s));
	assert_int_equal(nvarm_ras_l2_exit(&f.v, L2_ESB, &s, &vdisr), 1);
	assert_int_equal(vdisr, L1_DISR);
	assert_int_equal(rd(&f, NVARM_SR_VDISR_EL2), L2_ESB);

	/* AMO = 0: L2's DISR_EL1 is L1's own (already in the hardware), and stays there */
	wr(&f, NVARM_SR_VDISR_EL2, L1_VDISR);
	wr(&f, NVARM_SR_HCR_EL2, HCR_RW);
	assert_int_equal(nvarm_ras_l2_enter(&f.v, L1_DISR, &s, &vdisr, &vsesr), 1);
	assert_int_equal(vdisr, L1_DISR);
	assert_int_equal(vsesr, L1_VSESR);
	/* (the exit gives the hardware value back and leaves the file: skippable) */
	assert_false(nvarm_ras_l2_exit_needed(&s));
	assert_int_equal(nvarm_ras_l2_exit(&f.v, L2_ESB, &s, &vdisr), 1);
	assert_int_equal(vdisr, L2_ESB);
	assert_int_equal(rd(&f, NVARM_SR_VDISR_EL2), L1_VDISR);

	assert_int_equal(nvarm_ras_l2_enter(NULL, 0, &s, &vdisr, &vsesr), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_ras_l2_enter(&f.v, 0, NULL, &vdisr, &vsesr), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_ras_l2_exit(&f.v, 0, &s, NULL), NVARM_ERR_INVAL);
	fix_fini(&f);

	/* no FEAT_RAS for the VM: nothing to switch, outputs untouched */
	fix_init(&f, TEST_ALL_FEATS & ~(uint32_t)NVARM_VMF_RAS, NVARM_HOST_NV2);
	vdisr = vsesr = 7;
	assert_int_equal(nvarm_ras_l2_enter(&f.v, L1_DISR, &s, &vdisr, &vsesr), 0);
	assert_int_equal(nvarm_ras_l2_exit(&f.v, L2_ESB, &s, &vdisr), 0);
	assert_int_equal(vdisr, 7);
	assert_int_equal(vsesr, 7);
	fix_fini(&f);
}

/* ID_AA64DFR0_EL1 (D24.2): PMUVer [11:8] (1..14 PMUv3, 15 IMPLEMENTATION DEFINED), PMSVer
 * [35:32] (SPE), TraceFilt [43:40] (FEAT_TRF). */
#define DFR0_PMUVER(x) ((uint64_t)(x) << 8)
#define DFR0_PMSVER(x) ((uint64_t)(x) << 32)
#define DFR0_TRF(x)    ((uint64_t)(x) << 40)

static void test_l0_mdcr_hidden_debug(void **state)
{
	/* The three registers of the features (DDI 0487 D24.3): PMCR_EL0, PMSCR_EL1, TRFCR_EL1;
	 * a VM without the feature finds them UNDEFINED once the L0 traps them. */
	static const struct {
		uint64_t dfr0;
		uint64_t want;
	} cases[] = {
	    {0, 0},
	    {DFR0_PMUVER(6), MDCR_TPM | MDCR_TPMCR},
	    {DFR0_PMUVER(15), 0}, /* an IMPLEMENTATION DEFINED PMU: no PMUv3 registers */
	    {DFR0_PMSVER(1), MDCR_TPMS},
	    {DFR0_TRF(1), MDCR_TTRF},
	    {DFR0_PMUVER(1) | DFR0_PMSVER(3) | DFR0_TRF(1),
	     MDCR_TPM | MDCR_TPMCR | MDCR_TPMS | MDCR_TTRF},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct vcpu_fix f;
		uint64_t x = 0;

		h.dfr0 = cases[i].dfr0;
		fix_init_host(&f, &h);
		if (f.cfg.l0_mdcr != cases[i].want)
			fail_msg("case %u: l0_mdcr 0x%llx, want 0x%llx", i,
				 (unsigned long long)f.cfg.l0_mdcr,
				 (unsigned long long)cases[i].want);
		/* the VM lacks each feature whose traps are set, and its registers are
		 * UNDEFINED at its vEL2 */
		if (cases[i].want & MDCR_TPM) {
			assert_int_equal((f.cfg.id.dfr0 >> 8) & 0xf, 0);
			assert_int_equal(emul(&f, sys_esr(3, 3, 9, 12, 0, 1, 1), &x),
					 NVARM_EMUL_UNDEF);
		}
		if (cases[i].want & MDCR_TPMS) {
			assert_int_equal((f.cfg.id.dfr0 >> 32) & 0xf, 0);
			assert_int_equal(emul(&f, sys_esr(3, 0, 9, 9, 0, 1, 1), &x),
					 NVARM_EMUL_UNDEF);
		}
		if (cases[i].want & MDCR_TTRF) {
			assert_int_equal((f.cfg.id.dfr0 >> 40) & 0xf, 0);
			assert_int_equal(emul(&f, sys_esr(3, 0, 1, 2, 1, 1, 1), &x),
					 NVARM_EMUL_UNDEF);
		}
		fix_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sea_route),
	    cmocka_unit_test(test_ras_switch),
	    cmocka_unit_test(test_l0_mdcr_hidden_debug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
