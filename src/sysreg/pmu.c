// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * FEAT_PMUv3 for the VM: the hardware MDCR_EL2 PMU controls and event filters that make the
 * PMU count for L1 as at EL2 and for L2 as L1 set it up.
 *
 * L1 uses the hardware PMU directly (no trap on its counters). Two facts of the nesting
 * break the Arm ARM's counting rules (DDI 0487 D13 "The Performance Monitors Extension",
 * the pseudocode CountEvents / PMUCountEvent) unless the L0 adjusts the hardware:
 *  - L1's virtual EL2 runs at EL1: a counter L1 filters to count at EL2 (PMEVTYPER<n>_EL0.NSH,
 *    PMCCFILTR_EL0.NSH) and not at EL1 (P) would count L1's code the other way round, and
 *    L1's MDCR_EL2.HPMD/HCCD (counting prohibited at EL2) would not apply to it;
 *  - the real EL2 is the L0's: no counter of the VM may count there.
 * So while L1 runs: HPMN = PMCR_EL0.N (EL2 sees all counters, and L1 must reach them from
 * EL1), HPMD (and HCCD with PMUv3p5) set so that nothing counts at the real EL2, and each
 * filter's EL1 bit from L1's EL2 rules (nvarm_pmu_hw_filter()). While L2 runs: HPMN is
 * L1's (bounded by N), HPME and HLP are L1's, HPMD/HCCD again the L0's; L2's own counters
 * (below HPMN) and the cycle counter keep the raw filters (HPMD/HCCD keep them off the
 * real EL2), L1's (HPMN and up) lose NSH.
 *
 * Pure functions of the values the caller passes: the L0 reads and writes the hardware.
 * No state; any value is accepted (guest-controlled), out-of-range indexes are errors.
 */
#include "sysreg_priv.h"
#include <nvarm/arm/sysreg_fields.h>

#define F_P   NVARM_PMCCFILTR_EL0_P
#define F_U   NVARM_PMCCFILTR_EL0_U
#define F_NSK NVARM_PMCCFILTR_EL0_NSK
#define F_NSU NVARM_PMCCFILTR_EL0_NSU
#define F_NSH NVARM_PMCCFILTR_EL0_NSH

/* PMUVer values (ID_AA64DFR0_EL1): FEAT_PMUv3p1 4 (MDCR_EL2.HPMD), FEAT_PMUv3p5 6 (HCCD, HLP) */
#define PMUVER_V3P1 4u
#define PMUVER_V3P5 6u

unsigned int nvarm_pmu_hpmn(const struct nvarm_pmu_state *p)
{
	unsigned int hpmn, n;

	if (!p)
		return 0;
	n = p->n > 31 ? 31u : p->n;
	hpmn = (unsigned int)(p->l1_mdcr & NVARM_MDCR_EL2_HPMN_MASK);
	/* MDCR_EL2.HPMN > PMCR_EL0.N, or 0 without FEAT_HPMN0: CONSTRAINED UNPREDICTABLE, the PE
	 * behaves as if HPMN were an UNKNOWN value in 1..N (D24.3 "MDCR_EL2.HPMN"); nvarm's
	 * choice is N, every counter L1's guest may use (as KVM's and nvarm_fwd_load()'s). */
	if (hpmn > n || (hpmn == 0 && !p->hpmn0))
		hpmn = n;
	return hpmn;
}

uint64_t nvarm_pmu_hw_mdcr(const struct nvarm_pmu_state *p, enum nvarm_pmu_world world)
{
	uint64_t m = 0;

	if (!p || !p->pmuver)
		return 0;
	if (p->pmuver >= PMUVER_V3P1)
		m |= NVARM_MDCR_EL2_HPMD;
	if (p->pmuver >= PMUVER_V3P5)
		m |= NVARM_MDCR_EL2_HCCD;
	if (world != NVARM_PMU_WORLD_L2)
		return m | (p->n > 31 ? 31u : p->n);
	m |= nvarm_pmu_hpmn(p);
	m |= p->l1_mdcr & NVARM_MDCR_EL2_HPME;
	if (p->pmuver >= PMUVER_V3P5)
		m |= p->l1_mdcr & NVARM_MDCR_EL2_HLP;
	return m;
}

/* Does L1's counter @idx (31: the cycle counter) count at L1's EL2, as the Arm ARM's
 * CountEvents decides it at EL2 (apart from the global enables)? */
static bool counts_at_el2(const struct nvarm_pmu_state *p, unsigned int idx, uint64_t filter)
{
	bool el1_range = idx == NVARM_PMU_CYCLE || idx < nvarm_pmu_hpmn(p);
	bool prohibited = false;

	/* MDCR_EL2.HPMD (FEAT_PMUv3p1): counters in the EL1 range (and the cycle counter) do
	 * not count at EL2 */
	if (el1_range && p->pmuver >= PMUVER_V3P1)
		prohibited = (p->l1_mdcr & NVARM_MDCR_EL2_HPMD) != 0;
	if (idx == NVARM_PMU_CYCLE) {
		/* the cycle counter stops where counting is prohibited only with PMCR_EL0.DP;
		 * MDCR_EL2.HCCD (FEAT_PMUv3p5) stops it at EL2 regardless */
		prohibited = prohibited && (p->pmcr & NVARM_PMCR_EL0_DP);
		if (p->pmuver >= PMUVER_V3P5 && (p->l1_mdcr & NVARM_MDCR_EL2_HCCD))
			prohibited = true;
	}
	/* filtering at Non-secure EL2: counted only with NSH */
	return !prohibited && (filter & F_NSH);
}

int nvarm_pmu_hw_filter(const struct nvarm_pmu_state *p, enum nvarm_pmu_world world,
			unsigned int idx, uint64_t filter, uint64_t *hw)
{
	unsigned int n;
	uint64_t out;

	if (!p || !hw || (world != NVARM_PMU_WORLD_L1 && world != NVARM_PMU_WORLD_L2))
		return NVARM_ERR_INVAL;
	n = p->n > 31 ? 31u : p->n;
	if (idx != NVARM_PMU_CYCLE && idx >= n)
		return NVARM_ERR_RANGE;
	if (world == NVARM_PMU_WORLD_L2) {
		/* L2 at EL1/EL0 reads and writes its counters' filters itself: raw. L1's own
		 * counters (HPMN and up) count at EL1/EL0 by P/U as natively; the real EL2 is
		 * the L0's (their HPMD does not cover them): no NSH. */
		out = filter;
		if (idx != NVARM_PMU_CYCLE && idx >= nvarm_pmu_hpmn(p))
			out &= ~F_NSH;
		*hw = out;
		return 0;
	}
	/* L1 runs at EL1 for its EL2: the EL1 filter bit says whether it counts at EL2. Its
	 * EL0 is the real EL0 (U as written). No NSH (the real EL2 is the L0's), and NSK/NSU 0
	 * so that on a host with EL3 Non-secure EL1/EL0 filter by P/U alone (L1 has no EL3:
	 * for it they are RES0). */
	out = filter & ~(F_P | F_NSK | F_NSU | F_NSH);
	if (!counts_at_el2(p, idx, filter))
		out |= F_P;
	/* The counters HPMN and up are enabled by MDCR_EL2.HPME at EL2 natively, by PMCR_EL0.E
	 * at EL1, where L1 runs with the hardware's HPMN = N: without HPME they count nowhere.
	 * (With HPME but PMCR_EL0.E = 0 they stop while natively they count: the one case a
	 * filter cannot express.) */
	if (idx != NVARM_PMU_CYCLE && idx >= nvarm_pmu_hpmn(p) &&
	    !(p->l1_mdcr & NVARM_MDCR_EL2_HPME))
		out |= F_P | F_U;
	*hw = out;
	return 0;
}
