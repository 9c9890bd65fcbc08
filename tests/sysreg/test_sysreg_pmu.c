/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * FEAT_PMUv3 for the VM (NVARM_VMF_PMU): the ID policy (PMUVer as the host has it, at most
 * PMUv3p5; HPMN0), L1's MDCR_EL2 PMU controls in the vEL2 file, and the PMU rules of
 * src/sysreg/pmu.c, checked against a model of the Arm ARM's counting rules (DDI 0487 D13
 * "The Performance Monitors Extension": enables, prohibition, filtering by Exception level):
 * for every control and filter value, a counter counts on the hardware, with the values
 * nvarm computes for the world, exactly where it counts natively; never at the L0's EL2.
 */
#include "sysreg_test.h"

/* ID_AA64DFR0_EL1: PMUVer [11:8], HPMN0 [63:60] */
#define DFR0_PMUVER(v) ((uint64_t)(v) << 8)
#define DFR0_HPMN0     (1ull << 60)
/* MDCR_EL2 (D24.3): HPMN [4:0], TPMCR [5], TPM [6], HPME [7], HPMD [17], HCCD [23], HLP [26] */
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM   (1ull << 6)
#define MDCR_HPME  (1ull << 7)
#define MDCR_HPMD  (1ull << 17)
#define MDCR_HCCD  (1ull << 23)
#define MDCR_HLP   (1ull << 26)
/* PMCR_EL0: E [0], DP [5] */
#define PMCR_E	(1ull << 0)
#define PMCR_DP (1ull << 5)
/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0: P [31], U [30], NSK [29], NSU [28], NSH [27] */
#define FLT_P	(1ull << 31)
#define FLT_U	(1ull << 30)
#define FLT_NSK (1ull << 29)
#define FLT_NSU (1ull << 28)
#define FLT_NSH (1ull << 27)
#define CYCLE	31u

static void test_pmu_id_policy(void **state)
{
	static const unsigned vers[] = {0, 1, 4, 5, 6, 7, 8, 15};

	(void)state;
	for (unsigned i = 0; i < sizeof(vers) / sizeof(vers[0]); i++)
		for (unsigned ask = 0; ask < 2; ask++)
			for (unsigned h0 = 0; h0 < 2; h0++) {
				struct nvarm_id_regs h = test_host_ids();
				struct nvarm_vm_request r = test_request(
				    TEST_ALL_FEATS | (ask ? NVARM_VMF_PMU : 0), NVARM_HOST_NV2);
				struct vcpu_fix f;
				unsigned host = vers[i];
				int pmu = ask && host >= 1 && host <= 14;
				unsigned want = pmu ? (host > 6 ? 6 : host) : 0;

				h.dfr0 = DFR0_PMUVER(host) | (h0 ? DFR0_HPMN0 : 0) | 0x6;
				fix_init_with(&f, &h, &r);
				assert_int_equal(!!(f.cfg.features & NVARM_VMF_PMU), pmu);
				assert_int_equal((f.cfg.id.dfr0 >> 8) & 0xf, want);
				assert_int_equal(f.cfg.id.dfr0 >> 60, pmu && h0);
				assert_int_equal(f.cfg.id.dfr0 & 0xf, 0x6); /* DebugVer passes */
				/* the L0 traps the PMU registers only when the host has the PMU
				 * and the VM does not */
				assert_int_equal(
				    f.cfg.l0_mdcr & (MDCR_TPM | MDCR_TPMCR),
				    host >= 1 && host <= 14 && !pmu ? MDCR_TPM | MDCR_TPMCR : 0);
				fix_fini(&f);
			}
}

/* L1's MDCR_EL2 in the vEL2 file: the PMU fields RW with the versions that define them
 * (HPMN TPMCR TPM HPME PMUv3, HPMD PMUv3p1, HCCD HLP PMUv3p5), RES0 without; the fields
 * of features nvarm never offers RES0. */
static void test_pmu_mdcr_fields(void **state)
{
	static const struct {
		unsigned host, ask;
		uint64_t rw; /* of the PMU fields */
	} cases[] = {
	    {6, 1, 0xff | MDCR_HPMD | MDCR_HCCD | MDCR_HLP},
	    {8, 1, 0xff | MDCR_HPMD | MDCR_HCCD | MDCR_HLP},
	    {4, 1, 0xff | MDCR_HPMD},
	    {1, 1, 0xff},
	    {6, 0, 0},
	    {0, 1, 0},
	};
	const uint64_t pmu_fields = 0xff | MDCR_HPMD | MDCR_HCCD | MDCR_HLP;
	/* EnSPM [15], [16], [18], [22:20], MTPME [28] and up */
	const uint64_t never =
	    (1ull << 15) | (1ull << 16) | (1ull << 18) | (7ull << 20) | ~((1ull << 28) - 1);

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(
		    TEST_ALL_FEATS | (cases[i].ask ? NVARM_VMF_PMU : 0), NVARM_HOST_NV2);
		struct vcpu_fix f;
		uint64_t r0, r1, x;

		h.dfr0 = DFR0_PMUVER(cases[i].host);
		fix_init_with(&f, &h, &r);
		assert_int_equal(nvarm_vel2_masks(&f.v, NVARM_SR_MDCR_EL2, &r0, &r1), 0);
		if ((~r0 & pmu_fields) != cases[i].rw)
			fail_msg("case %u: RW PMU fields 0x%llx, want 0x%llx", i,
				 (unsigned long long)(~r0 & pmu_fields),
				 (unsigned long long)cases[i].rw);
		assert_true((r0 & never) == never);
		assert_int_equal(r1, 0);
		/* L1 writes every bit and reads back the PMU fields it has (HPMN as
		 * written: nvarm keeps the value, the hardware gets it bounded) */
		x = ~0ull;
		assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 1, 1, 0), &x), NVARM_EMUL_OK);
		x = 0;
		assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 1, 1, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x & pmu_fields, cases[i].rw);
		assert_int_equal(x & never, 0);
		fix_fini(&f);
	}
}

static void test_pmu_hpmn(void **state)
{
	static const struct {
		uint64_t mdcr;
		uint8_t n, hpmn0;
		unsigned want;
	} cases[] = {
	    {3, 6, 0, 3},
	    {6, 6, 0, 6},
	    {7, 6, 0, 6}, /* above N: N */
	    {31, 6, 1, 6},
	    {0, 6, 0, 6},			 /* 0 without HPMN0: N */
	    {0, 6, 1, 0},			 /* 0 with HPMN0 */
	    {1 | MDCR_HPME | MDCR_TPM, 4, 0, 1}, /* the other fields do not matter */
	    {5, 0, 1, 0},			 /* no counters */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_pmu_state p = {.l1_mdcr = cases[i].mdcr,
					    .n = cases[i].n,
					    .pmuver = 6,
					    .hpmn0 = cases[i].hpmn0};

		assert_int_equal(nvarm_pmu_hpmn(&p), cases[i].want);
	}
	assert_int_equal(nvarm_pmu_hpmn(NULL), 0);
}

static void test_pmu_hw_mdcr(void **state)
{
	struct nvarm_pmu_state p = {
	    .l1_mdcr = 2 | MDCR_HPME | MDCR_HLP | MDCR_TPM, .n = 6, .pmuver = 6, .hpmn0 = 0};
	uint64_t hw;

	(void)state;
	/* L1: every counter below HPMN, none of the VM's counting at the real EL2 */
	assert_int_equal(nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L1), 6 | MDCR_HPMD | MDCR_HCCD);
	/* L2: L1's HPMN, HPME, HLP (TPM is forwarding's) */
	assert_int_equal(nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L2),
			 2 | MDCR_HPME | MDCR_HLP | MDCR_HPMD | MDCR_HCCD);
	/* PMUv3p1: no HCCD/HLP; PMUv3: no HPMD either */
	p.pmuver = 4;
	assert_int_equal(nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L2), 2 | MDCR_HPME | MDCR_HPMD);
	p.pmuver = 1;
	assert_int_equal(nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L1), 6);
	p.pmuver = 0;
	assert_int_equal(nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L1), 0);
	assert_int_equal(nvarm_pmu_hw_mdcr(NULL, NVARM_PMU_WORLD_L1), 0);
	/* errors */
	p.pmuver = 6;
	assert_int_equal(nvarm_pmu_hw_filter(NULL, NVARM_PMU_WORLD_L1, 0, 0, &hw), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L1, 0, 0, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_pmu_hw_filter(&p, (enum nvarm_pmu_world)0, 0, 0, &hw),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L1, 6, 0, &hw), NVARM_ERR_RANGE);
	assert_int_equal(nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L2, 30, 0, &hw), NVARM_ERR_RANGE);
	/* the event number and the fields the rules do not own pass unchanged */
	assert_int_equal(nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L1, 1, FLT_NSH | 0x2000011, &hw),
			 0);
	assert_int_equal(hw, 0x2000011);
	assert_int_equal(nvarm_pmu_hw_filter(&p, NVARM_PMU_WORLD_L2, 1, FLT_NSH | 0x11, &hw), 0);
	assert_int_equal(hw, FLT_NSH | 0x11); /* L2's counter: raw */
}

/*
 * The model: does counter idx count at Exception level el (Non-secure, no EL3), with these
 * MDCR_EL2, PMCR_EL0, PMCNTENSET_EL0 bit and filter values? From the Arm ARM's rules:
 * - enabled: counters below HPMN and the cycle counter by PMCR_EL0.E, the others by
 *   MDCR_EL2.HPME; and PMCNTENSET_EL0;
 * - prohibited at EL2: counters below HPMN and the cycle counter with MDCR_EL2.HPMD
 *   (PMUv3p1), the cycle counter then only with PMCR_EL0.DP; the cycle counter with
 *   MDCR_EL2.HCCD (PMUv3p5);
 * - filtered: EL0 by U, EL1 by P, EL2 unless NSH.
 */
struct model {
	uint64_t mdcr, pmcr, filter;
	unsigned hpmn, pmuver;
};

static int model_counts(const struct model *m, unsigned idx, unsigned el)
{
	int low = idx == CYCLE || idx < m->hpmn;
	int enabled = low ? !!(m->pmcr & PMCR_E) : !!(m->mdcr & MDCR_HPME);
	int prohibited = 0, filtered;

	if (el == 2 && low && m->pmuver >= 4)
		prohibited = !!(m->mdcr & MDCR_HPMD);
	if (idx == CYCLE) {
		prohibited = prohibited && (m->pmcr & PMCR_DP);
		if (el == 2 && m->pmuver >= 6 && (m->mdcr & MDCR_HCCD))
			prohibited = 1;
	}
	filtered = el == 0   ? !!(m->filter & FLT_U)
		   : el == 1 ? !!(m->filter & FLT_P)
			     : !(m->filter & FLT_NSH);
	return enabled && !prohibited && !filtered;
}

static void test_pmu_counting_model(void **state)
{
	static const unsigned idxs[] = {0, 1, 2, 3, CYCLE};
	static const unsigned vers[] = {1, 4, 6};
	static const uint64_t flts[] = {0,
					FLT_P,
					FLT_U,
					FLT_NSH,
					FLT_P | FLT_NSH,
					FLT_U | FLT_NSH,
					FLT_P | FLT_U,
					FLT_P | FLT_U | FLT_NSH,
					FLT_NSK | FLT_NSU | FLT_NSH};
	const unsigned n = 4;
	unsigned checked = 0;

	(void)state;
	for (unsigned vi = 0; vi < 3; vi++)
		for (unsigned hpmn = 0; hpmn <= n; hpmn++)
			for (unsigned ctl = 0; ctl < 16; ctl++)
				for (unsigned pm = 0; pm < 4; pm++)
					for (unsigned fi = 0; fi < 9; fi++)
						for (unsigned ii = 0; ii < 5; ii++) {
							unsigned ver = vers[vi], idx = idxs[ii];
							struct model nat = {
							    .mdcr = hpmn |
								    ((ctl & 1) ? MDCR_HPME : 0) |
								    ((ctl & 2) ? MDCR_HPMD : 0) |
								    ((ctl & 4) ? MDCR_HCCD : 0) |
								    ((ctl & 8) ? MDCR_HLP : 0),
							    .pmcr = ((pm & 1) ? PMCR_E : 0) |
								    ((pm & 2) ? PMCR_DP : 0),
							    .filter = flts[fi],
							    .hpmn = hpmn,
							    .pmuver = ver};
							struct nvarm_pmu_state p = {
							    .l1_mdcr = nat.mdcr,
							    .pmcr = nat.pmcr,
							    .n = (uint8_t)n,
							    .pmuver = (uint8_t)ver,
							    .hpmn0 = 1};
							/* natively the bits a version lacks are
							 * RES0 (the vEL2 file keeps them 0) */
							if (ver < 4 && (nat.mdcr & MDCR_HPMD))
								continue;
							if (ver < 6 &&
							    (nat.mdcr & (MDCR_HCCD | MDCR_HLP)))
								continue;
							/* L1 has no EL3: NSK/NSU mean nothing to
							 * it, natively filtered by P/U alone */
							for (unsigned w = NVARM_PMU_WORLD_L1;
							     w <= NVARM_PMU_WORLD_L2; w++) {
								uint64_t hmdcr = nvarm_pmu_hw_mdcr(
									     &p,
									     (enum nvarm_pmu_world)
										 w),
									 hflt;
								struct model hw = {
								    .mdcr = hmdcr,
								    .pmcr = nat.pmcr,
								    .hpmn =
									(unsigned)(hmdcr & 0x1f),
								    .pmuver = ver};

								assert_int_equal(
								    nvarm_pmu_hw_filter(
									&p, (enum nvarm_pmu_world)w,
									idx, nat.filter, &hflt),
								    0);
								hw.filter = hflt;
								if (w == NVARM_PMU_WORLD_L1) {
									/* L1's EL2 runs at EL1, its
									 * EL0 at EL0 (the one case
									 * a filter cannot express,
									 * HPME with PMCR_EL0.E = 0
									 * for a counter above HPMN,
									 * aside) */
									int departure =
									    idx != CYCLE &&
									    idx >= hpmn &&
									    (nat.mdcr &
									     MDCR_HPME) &&
									    !(nat.pmcr & PMCR_E);
									if (!departure) {
										if (model_counts(
											&hw, idx,
											1) !=
										    model_counts(
											&nat, idx,
											2))
											fail_msg(
											    "L1 "
											    "EL2: "
											    "v%u "
											    "hpmn "
											    "%u "
											    "mdcr "
											    "0x%"
											    "llx "
											    "pmcr "
											    "0x%"
											    "llx "
											    "idx "
											    "%u "
											    "filter"
											    " 0x%"
											    "llx "
											    "-> hw "
											    "0x%"
											    "llx",
											    ver,
											    hpmn,
											    (unsigned long long)
												nat.mdcr,
											    (unsigned long long)
												nat.pmcr,
											    idx,
											    (unsigned long long)
												nat.filter,
											    (unsigned long long)
												hflt);
										assert_int_equal(
										    model_counts(
											&hw, idx,
											0),
										    model_counts(
											&nat, idx,
											0));
									}
								} else {
									/* L2's EL1 and EL0 as
									 * natively; hardware HPMN
									 * is L1's */
									assert_int_equal(hw.hpmn,
											 hpmn);
									assert_int_equal(
									    model_counts(&hw, idx,
											 1),
									    model_counts(&nat, idx,
											 1));
									assert_int_equal(
									    model_counts(&hw, idx,
											 0),
									    model_counts(&nat, idx,
											 0));
									/* hardware NSH is only
									 * dropped for L1's own
									 * counters: L2's read back
									 */
									if (idx == CYCLE ||
									    idx < hpmn)
										assert_int_equal(
										    hflt,
										    nat.filter);
								}
								/* nothing of the VM counts at the
								 * L0's EL2 (with PMUv3p1 for the
								 * event counters, PMUv3p5 for the
								 * cycle counter: HPMD, HCCD;
								 * before, L2's raw filters can
								 * count there) */
								if (ver >= 6 ||
								    (ver >= 4 && idx != CYCLE) ||
								    w == NVARM_PMU_WORLD_L1)
									assert_int_equal(
									    model_counts(&hw, idx,
											 2),
									    0);
								checked++;
							}
						}
	assert_true(checked > 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pmu_id_policy),      cmocka_unit_test(test_pmu_mdcr_fields),
	    cmocka_unit_test(test_pmu_hpmn),	       cmocka_unit_test(test_pmu_hw_mdcr),
	    cmocka_unit_test(test_pmu_counting_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
