// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Features the ID registers say are absent: their registers are UNDEFINED (DDI 0487 D24.2,
// each register's accessibility pseudocode: "if !IsFeatureImplemented(FEAT_x) then
// UNDEFINED"). For every feature below, absent: one of its EL2 registers (or one at EL1/EL0
// read at EL2) probed with an MRS at EL2, whose outcome is printed; present: one line saying
// so. A guest hypervisor that reads an ID register and trusts it depends on exactly this: a
// hidden feature must look to it as an absent one, not half there. Then the same for L2's
// EL1 with the PMU registers (no trap set by this image: MDCR_EL2 = 0 while L2 runs).
#include "conform.h"
#include "masks.h"

struct feat_probe {
	const char *feat, *reg;
	int present;
	void (*probe)(struct probe *r);
};

#define PROBE_FN(id, enc)                                                                          \
	static void probe_##id(struct probe *r)                                                    \
	{                                                                                          \
		(void)PROBE_X0(r, 0, "mrs x0, " #enc);                                             \
	}
PROBE_FN(pmcr, s3_3_c9_c12_0)	 /* PMCR_EL0 */
PROBE_FN(zcr2, s3_4_c1_c2_0)	 /* ZCR_EL2 */
PROBE_FN(smcr2, s3_4_c1_c2_6)	 /* SMCR_EL2 */
PROBE_FN(tfsr2, s3_4_c5_c6_0)	 /* TFSR_EL2 */
PROBE_FN(amcr, s3_3_c13_c2_0)	 /* AMCR_EL0 */
PROBE_FN(mpam2, s3_4_c10_c5_0)	 /* MPAM2_EL2 */
PROBE_FN(pmsidr, s3_0_c9_c9_7)	 /* PMSIDR_EL1 */
PROBE_FN(trbidr, s3_0_c9_c11_7)	 /* TRBIDR_EL1 */
PROBE_FN(trfcr2, s3_4_c1_c2_1)	 /* TRFCR_EL2 */
PROBE_FN(erridr, s3_0_c5_c3_0)	 /* ERRIDR_EL1 */
PROBE_FN(gcscr2, s3_4_c2_c5_0)	 /* GCSCR_EL2 */
PROBE_FN(brbcr2, s2_4_c9_c0_0)	 /* BRBCR_EL2 */
PROBE_FN(lorid, s3_0_c10_c4_7)	 /* LORID_EL1 */
PROBE_FN(scxt2, s3_4_c13_c0_7)	 /* SCXTNUM_EL2 */
PROBE_FN(allint, s3_0_c4_c3_0)	 /* ALLINT */
PROBE_FN(hfgrtr, s3_4_c1_c1_4)	 /* HFGRTR_EL2 */
PROBE_FN(hcrx, s3_4_c1_c2_2)	 /* HCRX_EL2 */
PROBE_FN(cntpoff, s3_4_c14_c0_6) /* CNTPOFF_EL2 */
PROBE_FN(tcr2, s3_4_c2_c0_3)	 /* TCR2_EL2 */
PROBE_FN(sctlr2, s3_4_c1_c0_3)	 /* SCTLR2_EL2 */
PROBE_FN(pir2, s3_4_c10_c2_3)	 /* PIR_EL2 */
PROBE_FN(por2, s3_4_c10_c2_4)	 /* POR_EL2 */
PROBE_FN(vncr, s3_4_c2_c2_0)	 /* VNCR_EL2 */
#undef PROBE_FN
/* the instructions of a feature: RDVL X0, #1 (FEAT_SVE, 0x04bf5020), RDSVL X0, #1 (FEAT_SME,
 * 0x04bf5820) */
static void probe_rdvl(struct probe *r)
{
	(void)PROBE_X0(r, 0, ".inst 0x04bf5020");
}
static void probe_rdsvl(struct probe *r)
{
	(void)PROBE_X0(r, 0, ".inst 0x04bf5820");
}

/* L2: read PMCR_EL0 / PMCCNTR_EL0 (at L2's EL1) */
static u64 l2_pmcr(u64 a)
{
	u64 v = a;
	__asm__ volatile("mrs %0, s3_3_c9_c12_0" : "=r"(v)::"memory");
	return 0;
}
static u64 l2_pmccntr(u64 a)
{
	u64 v = a;
	__asm__ volatile("mrs %0, s3_3_c9_c13_0" : "=r"(v)::"memory");
	return 0;
}

static void l2_probe(const char *what, u64 (*fn)(u64))
{
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	int rc = run_l2(&cfg, fn, 0, &e);

	if (rc == 0) {
		t_line("L2: %s: no exception", what);
		return;
	}
	t_exit(what, &e, c_base());
	if (e.vector == 0 && l2_exit_in_vectors(&e))
		t_line("L2: %s: L2's EL1 took ESR_EL1=0x%lx", what, (unsigned long)rd(esr_el1));
}

void sec_absent(void)
{
	struct idv I;
	id_read(&I);
	const struct feat_probe fp[] = {
	    {"FEAT_PMUv3", "PMCR_EL0", f_pmu(&I), probe_pmcr},
	    {"FEAT_SVE", "ZCR_EL2", f_sve(&I), probe_zcr2},
	    {"FEAT_SVE", "RDVL", f_sve(&I), probe_rdvl},
	    {"FEAT_SME", "SMCR_EL2", f_sme(&I), probe_smcr2},
	    {"FEAT_SME", "RDSVL", f_sme(&I), probe_rdsvl},
	    {"FEAT_MTE2", "TFSR_EL2", f_mte2(&I), probe_tfsr2},
	    {"FEAT_AMUv1", "AMCR_EL0", f_amu(&I), probe_amcr},
	    {"FEAT_MPAM", "MPAM2_EL2", idf(I.pfr0, 40) || idf(I.pfr1, 16), probe_mpam2},
	    {"FEAT_SPE", "PMSIDR_EL1", idf(I.dfr0, 32) != 0, probe_pmsidr},
	    {"FEAT_TRBE", "TRBIDR_EL1", idf(I.dfr0, 44) != 0, probe_trbidr},
	    {"FEAT_TRF", "TRFCR_EL2", idf(I.dfr0, 40) != 0, probe_trfcr2},
	    {"FEAT_RAS", "ERRIDR_EL1", f_ras(&I), probe_erridr},
	    {"FEAT_GCS", "GCSCR_EL2", idf(I.pfr1, 44) != 0, probe_gcscr2},
	    {"FEAT_BRBE", "BRBCR_EL2", idf(I.dfr0, 52) != 0, probe_brbcr2},
	    {"FEAT_LOR", "LORID_EL1", idf(I.mmfr1, 16) != 0, probe_lorid},
	    {"FEAT_CSV2_2", "SCXTNUM_EL2", f_scxt(&I), probe_scxt2},
	    {"FEAT_NMI", "ALLINT", idf(I.pfr1, 36) != 0, probe_allint},
	    {"FEAT_FGT", "HFGRTR_EL2", idf(I.mmfr0, 56) != 0, probe_hfgrtr},
	    {"FEAT_HCX", "HCRX_EL2", idf(I.mmfr1, 40) != 0, probe_hcrx},
	    {"FEAT_ECV (CNTPOFF)", "CNTPOFF_EL2", idf(I.mmfr0, 60) >= 2, probe_cntpoff},
	    {"FEAT_TCR2", "TCR2_EL2", idf(I.mmfr3, 0) != 0, probe_tcr2},
	    {"FEAT_SCTLR2", "SCTLR2_EL2", idf(I.mmfr3, 4) != 0, probe_sctlr2},
	    {"FEAT_S1PIE", "PIR_EL2", idf(I.mmfr3, 8) != 0, probe_pir2},
	    {"FEAT_S1POE", "POR_EL2", idf(I.mmfr3, 16) != 0, probe_por2},
	    {"FEAT_NV2", "VNCR_EL2", idf(I.mmfr2, 24) >= 2, probe_vncr},
	};
	for (unsigned i = 0; i < sizeof(fp) / sizeof(fp[0]); i++) {
		struct probe r;
		if (fp[i].present) {
			t_line("%s present: %s not probed", fp[i].feat, fp[i].reg);
			continue;
		}
		fp[i].probe(&r);
		t_line("%s absent: %s%s:", fp[i].feat,
		       fp[i].reg[0] == 'R' && fp[i].reg[1] == 'D' ? "" : "mrs ", fp[i].reg);
		t_probe(fp[i].reg, &r);
	}
	if (f_pmu(&I)) {
		t_line("FEAT_PMUv3 present: L2 not probed");
	} else {
		/* an exit from L2 sets PSTATE.ALLINT (FEAT_NMI, SCTLR_EL2.SPINTMASK 0) and the
		 * runner returns without an ERET: keep it as it was, so that the sections after
		 * this one see the same PSTATE whether or not these probes ran */
		int nmi = idf(I.pfr1, 36) != 0;
		u64 mdcr = rd(mdcr_el2), allint = nmi ? rd(s3_0_c4_c3_0) : 0;
		wr(mdcr_el2, 0);
		isb();
		l2_probe("mrs PMCR_EL0", l2_pmcr);
		l2_probe("mrs PMCCNTR_EL0", l2_pmccntr);
		wr(mdcr_el2, mdcr);
		if (nmi)
			wr(s3_0_c4_c3_0, allint);
		isb();
	}
}
