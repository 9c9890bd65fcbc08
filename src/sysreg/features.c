// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Per-VM feature configuration (request ∩ host), the sanitised ID registers L1 reads, and the
 * RES0/RES1 rules of the vEL2 register file.
 *
 * ID register field positions come from the register database (tools/sysreg.db, generated
 * into nvarm/arm/sysreg_fields.h: SH(MMFR1, VH) is ID_AA64MMFR1_EL1.VH's low bit). The
 * fields of features nvarm does not model are in hide_rules[] (PFR0, PFR1, DFR0, MMFR1,
 * MMFR2).
 * Nothing here is chosen at build time; the config is read-only once built.
 */
#include "sysreg_priv.h"
#include "forward_priv.h"
#include <nvarm/arm/sysreg_fields.h>

static inline unsigned fld(uint64_t v, unsigned lo)
{
	return (unsigned)(v >> lo) & 0xfu;
}

static inline uint64_t set_fld(uint64_t v, unsigned lo, unsigned val)
{
	return (v & ~(UINT64_C(0xf) << lo)) | ((uint64_t)(val & 0xfu) << lo);
}

/* One line per feature: which host ID field must reach which value. */
struct feat_rule {
	uint32_t feat;
	uint8_t reg; /* index into struct nvarm_id_regs viewed as an array */
	uint8_t lo;
	uint8_t min;
	uint8_t eq; /* 1: field must equal min (signed fields, VMIDBits) */
};

#define IDX(m) ((uint8_t)(offsetof(struct nvarm_id_regs, m) / sizeof(uint64_t)))
/* A field's low bit, from the register database (arm/sysreg_fields.h). */
#define SH(R, F) NVARM_ID_AA64##R##_EL1_##F##_SHIFT
/* The nvarm_id_regs slot and low bit of ID_AA64<R>_EL1.<F>. */
#define IDF(R, F) IDX(R_##R), SH(R, F)
#define R_PFR0	  pfr0
#define R_PFR1	  pfr1
#define R_DFR0	  dfr0
#define R_ISAR0	  isar0
#define R_ISAR1	  isar1
#define R_MMFR0	  mmfr0
#define R_MMFR1	  mmfr1
#define R_MMFR2	  mmfr2
#define R_MMFR4	  mmfr4
#define R_ISAR2	  isar2
#define R_MMFR3	  mmfr3
#define R_SMFR0	  smfr0

static const struct feat_rule feat_rules[] = {
    {NVARM_VMF_VHE, IDF(MMFR1, VH), 1, 0},	    /* VH */
    {NVARM_VMF_E2H0, IDF(MMFR4, E2H0), 0, 1},	    /* E2H0 == 0: E2H may be 0 */
    {NVARM_VMF_SVE, IDF(PFR0, SVE), 1, 0},	    /* SVE */
    {NVARM_VMF_FGT, IDF(MMFR0, FGT), 1, 0},	    /* FGT */
    {NVARM_VMF_FGT2, IDF(MMFR0, FGT), 2, 0},	    /* FGT2 */
    {NVARM_VMF_HCRX, IDF(MMFR1, HCX), 1, 0},	    /* HCX */
    {NVARM_VMF_ECV, IDF(MMFR0, ECV), 2, 0},	    /* ECV with CNTPOFF */
    {NVARM_VMF_RAS, IDF(PFR0, RAS), 1, 0},	    /* RAS */
    {NVARM_VMF_VMID16, IDF(MMFR1, VMIDBits), 2, 1}, /* VMIDBits == 16 */
    {NVARM_VMF_GICV3, IDF(PFR0, GIC), 1, 0},	    /* GIC system registers */
    {NVARM_VMF_TLBIOS, IDF(ISAR0, TLB), 1, 0},	    /* TLB: Outer Shareable TLBIs */
    {NVARM_VMF_TLBIRANGE, IDF(ISAR0, TLB), 2, 0},   /* TLB: range TLBIs (and OS) */
    {NVARM_VMF_XS, IDF(ISAR1, XS), 1, 0},	    /* XS: nXS TLBI/DSB forms */
    {NVARM_VMF_EVT, IDF(MMFR2, EVT), 2, 0},	    /* EVT 2: TID4 TICAB TOCU TTLBIS TTLBOS */
    {NVARM_VMF_L1NV, IDF(MMFR2, NV), 1, 0},	    /* NV: HCR_EL2.{NV, NV1, AT} */
    {NVARM_VMF_L1NV2, IDF(MMFR2, NV), 2, 0},	    /* NV2: HCR_EL2.NV2, VNCR_EL2 */
    {NVARM_VMF_FWB, IDF(MMFR2, FWB), 1, 0},	    /* S2FWB: HCR_EL2.FWB */
    {NVARM_VMF_MOPS, IDF(ISAR2, MOPS), 1, 0},	    /* MOPS: CPY, SET (needs HCRX) */
    {NVARM_VMF_MTE, IDF(PFR1, MTE), 1, 0},	    /* MTE: PSTATE.TCO (MTE 1: instructions) */
    {NVARM_VMF_NMI, IDF(PFR1, NMI), 1, 0},	    /* NMI: PSTATE.ALLINT (needs HCRX) */
    {NVARM_VMF_PMU, IDF(DFR0, PMUVer), 1, 0},	    /* PMUv3 (0xf: IMP DEF, below) */
    {NVARM_VMF_SME, IDF(PFR1, SME), 1, 0},	    /* SME */
};

/* ID_AA64DFR0_EL1.PMUVer: the highest PMU version nvarm offers, FEAT_PMUv3p5 (0b0110):
 * MDCR_EL2.HCCD and HLP are its last EL2 controls nvarm stores; PMUv3p7 adds HPMFZO,
 * PMUv3p9 EnSTEPOP... (DDI 0487 D24.3 "MDCR_EL2"). 0xf: an IMPLEMENTATION DEFINED PMU. */
#define PMUVER_MAX  6u
#define PMUVER_IMPL 0xfu

/*
 * ID fields of features whose EL2 controls nvarm does not model (no ::nvarm_vm_feature flag,
 * no vEL2 registers in the database): L1 must not see them, or it programs EL2 registers
 * that are UNDEFINED for it (a Linux guest hypervisor writes SMCR_EL2 when it sees SME,
 * PMSCR_EL2 with SPE, TRFCR_EL2 with self-hosted trace, MPAM2_EL2 with MPAM, ...).
 * One line per field: register, low bit, the highest value L1 reads (0: "not implemented";
 * the host's value if lower). A feature whose EL2 control bits are RES0 in the vEL2 register
 * file must be hidden here too, or L1 reads a defined control that does not stick.
 */
struct hide_rule {
	uint8_t reg;
	uint8_t lo;
	uint8_t val;
};

/*
 * ID_AA64PFR0_EL1.SEL2 is not here: L1 sees FEAT_SEL2 as the host has it, exactly (DDI 0487
 * D24.2). What FEAT_SEL2 gives a hypervisor at Non-secure EL2 is two stored fields and some
 * registers it cannot reach. VTCR_EL2.NSW/NSA [29]/[30] act only on the Secure EL1&0 regime,
 * and HPFAR_EL2.NS [63] is RES0 for aborts taken to Non-secure EL2 (nvarm_vel2_exc() writes
 * it 0); the vEL2 register file keeps all three as written (mask_rules). VSTTBR_EL2,
 * VSTCR_EL2 and CNTHPS_*_EL2/CNTHVS_*_EL2 are UNDEFINED at EL2 and at EL1 in Non-secure
 * state, the EL1 check coming before the HCR_EL2.NV trap and the NV2 redirection in their
 * accessibility pseudocode, so the hardware makes them UNDEFINED for L1 with no L0 help, as
 * at Non-secure EL2. The TLBI IPAS2* NS bit [63] is RES0 in Non-secure state.
 */
static const struct hide_rule hide_rules[] = {
    {IDF(PFR0, MPAM), 0},      /* MPAM (MPAM2_EL2, MPAMHCR_EL2) */
    {IDF(PFR0, AMU), 0},       /* AMU (AMCR/AMEVCNTVOFF*_EL2) */
    {IDF(PFR0, RME), 0},       /* RME */
    {IDF(PFR1, MPAM_frac), 0}, /* MPAM_frac */
    /* PFR1.SME with NVARM_VMF_SME (feat_rules) */
    {IDF(PFR1, RNDR_trap), 0}, /* RNDR_trap (SCR_EL3.TRNDR) */
    /* PFR1.NMI with NVARM_VMF_NMI (feat_rules) */
    {IDF(PFR1, MTE_frac), 0}, /* MTE_frac */
    {IDF(PFR1, GCS), 0},      /* GCS (GCSCR_EL2) */
    {IDF(PFR1, THE), 0},      /* THE (RCWMASK/RCWSMASK) */
    {IDF(PFR1, MTEX), 0},     /* MTEX */
    {IDF(PFR1, DF2), 0},      /* DF2 */
    {IDF(PFR1, PFAR), 0},     /* PFAR (PFAR_EL2) */
    {IDF(DFR0, TraceVer), 0}, /* TraceVer: no external trace */
    /* DFR0.PMUVer and HPMN0 with NVARM_VMF_PMU (below) */
    {IDF(DFR0, PMSVer), 0},	 /* PMSVer: no SPE (PMSCR_EL2) */
    {IDF(DFR0, TraceFilt), 0},	 /* TraceFilt (TRFCR_EL2) */
    {IDF(DFR0, TraceBuffer), 0}, /* TraceBuffer (TRBE, MDCR_EL2.E2TB) */
    {IDF(DFR0, MTPMU), 0},	 /* MTPMU */
    {IDF(DFR0, BRBE), 0},	 /* BRBE (BRBCR_EL2) */
    {IDF(DFR0, ExtTrcBuff), 0},	 /* ExtTrcBuff */
    {IDF(MMFR1, TWED), 0},	 /* TWED (HCR_EL2.TWEDEn is RES0 for L1) */
    {IDF(ISAR0, TME), 0},	 /* TME (HCR_EL2.TME is RES0 for L1) */
    /* ID_AA64ISAR2_EL1: WFxT (the WFIT/WFET traps are forwarded), RPRES, BC, CLRBHB, CSSC,
     * RPRFM, PRFMSLC, PCDPHINT, LUT (instructions with no EL2 control) and the PAuth
     * algorithm fields GPA3/APA3/PAC_frac (HCR_EL2.APK/API, as ID_AA64ISAR1_EL1's) pass;
     * MOPS with NVARM_VMF_MOPS (feat_rules). */
    {IDF(ISAR2, SYSREG_128), 0},   /* MRRS/MSRR (HCRX_EL2.EnIDCP128, FEAT_D128) */
    {IDF(ISAR2, SYSINSTR_128), 0}, /* SYSP (FEAT_SYSINSTR128) */
    {IDF(ISAR2, ATS1A), 0},	   /* AT S1E1A/S1E2A (L0 emulates L1's AT S1E2R/W only) */
    /* ID_AA64MMFR3_EL1: only Spec_FPACC (how FPAC faults speculate) passes; every other
     * field names EL2 controls or registers nvarm does not model (TCR2_EL2, SCTLR2_EL2,
     * PIR_EL2/S2PIR_EL2, POR_EL2, AMAIR2/MAIR2_EL2, MECID_*_EL2, 128-bit tables, the RAS
     * SError/abort extensions with their HCRX_EL2 controls). */
    {IDF(MMFR3, TCRX), 0},
    {IDF(MMFR3, SCTLRX), 0},
    {IDF(MMFR3, S1PIE), 0},
    {IDF(MMFR3, S2PIE), 0},
    {IDF(MMFR3, S1POE), 0},
    {IDF(MMFR3, S2POE), 0},
    {IDF(MMFR3, AIE), 0},
    {IDF(MMFR3, MEC), 0},
    {IDF(MMFR3, D128), 0},
    {IDF(MMFR3, D128_2), 0},
    {IDF(MMFR3, SNERR), 0},
    {IDF(MMFR3, ANERR), 0},
    {IDF(MMFR3, SDERR), 0},
    {IDF(MMFR3, ADERR), 0},
    /* RAS: at most FEAT_RASv1p1 (RAS 2: HCR_EL2.FIEN, ERXPFG*_EL1, ERXMISC2/3_EL1; FEAT_
     * DoubleFault, which RAS 2 also names, concerns EL3 only). FEAT_RASv2 (3) adds ERXGSR_EL1
     * and the SCR_EL3/HCRX_EL2 SError controls nvarm does not model. RAS_frac (v1p1 said
     * with RAS 1) is not shown: L1 sees RASv1p1 as RAS 2 or not at all. */
    {IDF(PFR0, RAS), 2},
    {IDF(PFR1, RAS_frac), 0},
};

/* nvarm_vm_config::l0_mdcr: a debug feature's MDCR_EL2 trap controls, set when the host has
 * the feature and the VM does not (whether either has it: forwarding's ID table). */
static const struct {
	uint8_t feat; /* enum nvarm_fwd_feature */
	uint64_t bits;
} mdcr_hide[] = {
    {NVARM_FWD_FEAT_PMU, NVARM_MDCR_EL2_TPM | NVARM_MDCR_EL2_TPMCR},
    {NVARM_FWD_FEAT_SPE, NVARM_MDCR_EL2_TPMS},
    {NVARM_FWD_FEAT_TRF, NVARM_MDCR_EL2_TTRF},
};

int nvarm_vm_config_init(struct nvarm_vm_config *cfg, const struct nvarm_id_regs *host,
			 const struct nvarm_vm_request *req)
{
	const uint64_t *h = (const uint64_t *)(const void *)host;
	struct nvarm_id_regs *id;
	uint32_t feats;
	uint64_t host_feats, vm_feats;
	unsigned host_nv, pa, gran = 0;

	if (!cfg || !host || !req)
		return NVARM_ERR_INVAL;
	nvarm_memset(cfg, 0, sizeof(*cfg));
	host_nv = fld(host->mmfr2, SH(MMFR2, NV));
	if (req->host_nv != NVARM_HOST_NV && req->host_nv != NVARM_HOST_NV2)
		return NVARM_ERR_INVAL;
	if (host_nv < req->host_nv)
		return NVARM_ERR_UNSUPPORTED;
	if (req->pa_range > 6)
		return NVARM_ERR_INVAL;

	feats = req->features;
	if (feats & NVARM_VMF_L1NV2)
		feats |= NVARM_VMF_L1NV; /* FEAT_NV2 is FEAT_NV plus NV2 */
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(feat_rules); i++) {
		const struct feat_rule *r = &feat_rules[i];
		unsigned f = fld(h[r->reg], r->lo);

		if (r->eq ? f != r->min : f < r->min)
			feats &= ~r->feat;
	}
	if (!(feats & (NVARM_VMF_VHE | NVARM_VMF_E2H0)))
		return NVARM_ERR_INVAL;
	if (feats & NVARM_VMF_FGT2)
		feats |= NVARM_VMF_FGT;
	/* FEAT_SVE under FEAT_NV alone only for an L1 whose E2H cannot be 0. A non-VHE L1's
	 * ZCR_EL1 accesses (its guest's register; with NV2 and NV1 they go to the VNCR page,
	 * NVMem[0x1E0]) reach the hardware ZCR_EL1 under plain NV, which holds L1's own vector
	 * length (its vZCR_EL2: the vEL2 shadow) while it runs, and no EL2 control traps them but
	 * CPTR_EL2.TZ, which traps every SVE instruction as well (DDI 0487 D24.2 ZCR_EL1,
	 * CPTR_EL2.TZ; HCR_EL2.TVM/TRVM do not cover it). */
	if (req->host_nv == NVARM_HOST_NV && (feats & NVARM_VMF_E2H0))
		feats &= ~(uint32_t)NVARM_VMF_SVE;
	/* FEAT_SME likewise: a non-VHE L1's SMCR_EL1 accesses (NVMem[0x1F0] with NV2 and NV1)
	 * reach the hardware SMCR_EL1 under plain NV, holding its own vSMCR_EL2 while it runs;
	 * only CPTR_EL2.TSM, which traps every SME instruction too, could stop them (DDI 0487
	 * D24.2 SMCR_EL1, CPTR_EL2.TSM). */
	if (req->host_nv == NVARM_HOST_NV && (feats & NVARM_VMF_E2H0))
		feats &= ~(uint32_t)NVARM_VMF_SME;
	if (!(feats & NVARM_VMF_HCRX)) /* their controls are in HCRX_EL2 */
		feats &= ~(uint32_t)(NVARM_VMF_MOPS | NVARM_VMF_NMI);
	/* SCXTNUM_ELx: FEAT_CSV2_2 or FEAT_CSV2_1p2, by forwarding's ID table (DDI 0487 D24.2
	 * SCXTNUM_EL1) */
	host_feats = nvarm__fwd_features_of_ids(host);
	if (!(host_feats & NVARM_FWD_F(NVARM_FWD_FEAT_CSV2_SCXT)))
		feats &= ~(uint32_t)NVARM_VMF_CSV2_2;
	if (!(feats & NVARM_VMF_TLBIOS))
		feats &= ~(uint32_t)NVARM_VMF_TLBIRANGE; /* ISAR0.TLB 2 means both */
	if (fld(host->dfr0, SH(DFR0, PMUVer)) == PMUVER_IMPL)
		feats &= ~(uint32_t)NVARM_VMF_PMU; /* not the Arm PMU: nothing to offer */

	/* granules: TGran4/64 are 0 (or 1 with 52-bit) when present and 0xf when absent;
	 * TGran16 is 0 when absent */
	if (fld(host->mmfr0, 28) != 0xf)
		gran |= NVARM_GRAN_4K;
	if (fld(host->mmfr0, 20) != 0)
		gran |= NVARM_GRAN_16K;
	if (fld(host->mmfr0, 24) != 0xf)
		gran |= NVARM_GRAN_64K;
	gran &= req->granules;
	if (!gran)
		return NVARM_ERR_INVAL;
	if ((feats & NVARM_VMF_GICV3) && (req->gic_lrs < 1 || req->gic_lrs > 16))
		return NVARM_ERR_INVAL;

	pa = fld(host->mmfr0, 0);
	if (req->pa_range < pa)
		pa = req->pa_range;

	cfg->features = feats;
	cfg->host_nv = req->host_nv;
	cfg->pa_range = (uint8_t)pa;
	cfg->granules = (uint8_t)gran;
	cfg->gic_lrs = (feats & NVARM_VMF_GICV3) ? req->gic_lrs : 0;

	id = &cfg->id;
	nvarm_memcpy(id, host, sizeof(*id));
	id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, PARange), pa);
	if (!(gran & NVARM_GRAN_4K)) {
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran4), 0xf);
		id->mmfr0 =
		    set_fld(id->mmfr0, SH(MMFR0, TGran4_2), 1); /* TGran4_2: not at stage 2 */
	}
	if (!(gran & NVARM_GRAN_16K)) {
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran16), 0);
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran16_2), 1);
	}
	if (!(gran & NVARM_GRAN_64K)) {
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran64), 0xf);
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran64_2), 1);
	}
	/* Below a 52-bit PA range, no 52-bit translation either (FEAT_LPA2): TGran4 0b0001 ->
	 * 0b0000, TGran16 0b0010 -> 0b0001, TGran4_2/TGran16_2 0b0011 -> 0b0010 (DDI 0487
	 * D24.2 ID_AA64MMFR0_EL1: the "52-bit" values are the FEAT_LPA2 ones). */
	if (pa < 6) {
		if (fld(id->mmfr0, SH(MMFR0, TGran4)) == 1)
			id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran4), 0);
		if (fld(id->mmfr0, SH(MMFR0, TGran16)) == 2)
			id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran16), 1);
		if (fld(id->mmfr0, SH(MMFR0, TGran4_2)) == 3)
			id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran4_2), 2);
		if (fld(id->mmfr0, SH(MMFR0, TGran16_2)) == 3)
			id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, TGran16_2), 2);
	}
	id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, FGT),
			    (feats & NVARM_VMF_FGT2)  ? 2
			    : (feats & NVARM_VMF_FGT) ? 1
						      : 0);
	if (!(feats & NVARM_VMF_ECV))
		id->mmfr0 = set_fld(id->mmfr0, SH(MMFR0, ECV), 0);
	id->mmfr1 = set_fld(id->mmfr1, SH(MMFR1, VH), (feats & NVARM_VMF_VHE) ? 1 : 0);
	id->mmfr1 = set_fld(id->mmfr1, SH(MMFR1, HCX), (feats & NVARM_VMF_HCRX) ? 1 : 0);
	id->mmfr1 = set_fld(id->mmfr1, SH(MMFR1, VMIDBits), (feats & NVARM_VMF_VMID16) ? 2 : 0);
	/* FEAT_NV / FEAT_NV2 for L1 itself (recursive nesting), described by MMFR2.NV alone
	 * (MMFR4.NV_frac 0: not the NV2-only subset of FEAT_NV2p1). */
	id->mmfr2 = set_fld(id->mmfr2, SH(MMFR2, NV),
			    (feats & NVARM_VMF_L1NV2)  ? 2
			    : (feats & NVARM_VMF_L1NV) ? 1
						       : 0);
	id->mmfr4 = set_fld(id->mmfr4, SH(MMFR4, NV_frac), 0);
	id->mmfr2 = set_fld(id->mmfr2, SH(MMFR2, EVT), (feats & NVARM_VMF_EVT) ? 2 : 0);
	id->mmfr2 = set_fld(id->mmfr2, SH(MMFR2, FWB), (feats & NVARM_VMF_FWB) ? 1 : 0);
	if (!(feats & NVARM_VMF_MOPS))
		id->isar2 = set_fld(id->isar2, SH(ISAR2, MOPS), 0);
	if (!(feats & NVARM_VMF_NMI))
		id->pfr1 = set_fld(id->pfr1, SH(PFR1, NMI), 0);
	/* E2H0 (signed): 0 FEAT_E2H0; without it 0b1111, or 0b1110 when L1 has FEAT_NV (then
	 * HCR_EL2.NV1 is RES0 for it: DDI 0487 D24.2 "ID_AA64MMFR4_EL1.E2H0"). */
	id->mmfr4 = set_fld(id->mmfr4, SH(MMFR4, E2H0),
			    (feats & NVARM_VMF_E2H0)   ? 0
			    : (feats & NVARM_VMF_L1NV) ? 0xe
						       : 0xf);
	/* EL0: AArch64, and AArch32 when the hardware has it. L2's EL1 can ERET to AArch32 EL0
	 * without any trap whenever the PE supports it, so hiding it would leave L1 holding an
	 * L2 state (an AArch32 SPSR at its next exit) that its ID registers say cannot exist,
	 * and its ERET back there an illegal return (issue #21, tests/hostile aarch32). */
	id->pfr0 =
	    set_fld(id->pfr0, SH(PFR0, EL0), ((id->pfr0 >> SH(PFR0, EL0)) & 0xf) == 2 ? 2 : 1);
	id->pfr0 = set_fld(id->pfr0, SH(PFR0, EL1), 1); /* EL1: AArch64 only (HCR_EL2.RW is RES1) */
	id->pfr0 = set_fld(id->pfr0, SH(PFR0, EL2), 1); /* EL2: AArch64 only */
	id->pfr0 = set_fld(id->pfr0, SH(PFR0, EL3), 0); /* no EL3 */
	id->pfr0 = set_fld(id->pfr0, SH(PFR0, GIC), (feats & NVARM_VMF_GICV3) ? 1 : 0);
	if (!(feats & NVARM_VMF_RAS))
		id->pfr0 = set_fld(id->pfr0, SH(PFR0, RAS), 0);
	/* FEAT_MTE, instructions only: PFR1.MTE 1 with NVARM_VMF_MTE, else 0; never FEAT_MTE2
	 * and up (tag storage, HCR_EL2.ATA/DCT/TID5, TFSR_EL2, SCTLR_EL2.TCF: not modelled) */
	if (fld(id->pfr1, SH(PFR1, MTE)) > ((feats & NVARM_VMF_MTE) ? 1u : 0u))
		id->pfr1 = set_fld(id->pfr1, SH(PFR1, MTE), (feats & NVARM_VMF_MTE) ? 1 : 0);
	/* Without NVARM_VMF_CSV2_2 no SCXTNUM_ELx and HCR_EL2.EnSCXT is RES0: at most FEAT_CSV2 /
	 * FEAT_CSV2_1p1 (DDI 0487 D24.2 HCR_EL2.EnSCXT, ID_AA64PFR0_EL1.CSV2, PFR1.CSV2_frac);
	 * with it the host's values (FEAT_CSV2_3 adds no EL2 control). */
	if (!(feats & NVARM_VMF_CSV2_2)) {
		if (fld(id->pfr0, SH(PFR0, CSV2)) > 1)
			id->pfr0 = set_fld(id->pfr0, SH(PFR0, CSV2), 1);
		if (fld(id->pfr1, SH(PFR1, CSV2_frac)) > 1)
			id->pfr1 = set_fld(id->pfr1, SH(PFR1, CSV2_frac), 1);
	}
	if (!(feats & NVARM_VMF_SVE)) {
		id->pfr0 = set_fld(id->pfr0, SH(PFR0, SVE), 0);
		id->zfr0 = 0; /* the SVE instruction features: zero without FEAT_SVE */
	}
	if (!(feats & NVARM_VMF_SME)) {
		id->pfr1 = set_fld(id->pfr1, SH(PFR1, SME), 0);
		id->smfr0 = 0; /* the SME instruction features: zero without FEAT_SME */
	}
	/* ID_AA64ISAR0_EL1.TLB [59:56]: 1 OS, 2 OS + range; ID_AA64ISAR1_EL1.XS [59:56]. The
	 * database gates the matching TLBI lines by the same flags. */
	id->isar0 = set_fld(id->isar0, SH(ISAR0, TLB),
			    (feats & NVARM_VMF_TLBIRANGE) ? 2
			    : (feats & NVARM_VMF_TLBIOS)  ? 1
							  : 0);
	id->isar1 = set_fld(id->isar1, SH(ISAR1, XS), (feats & NVARM_VMF_XS) ? 1 : 0);
	/* PMUv3 as the host has it up to PMUVER_MAX; HPMN0 (MDCR_EL2.HPMN may be 0) with it,
	 * as the host has it (L1's HPMN reaches the hardware while L2 runs) */
	if (!(feats & NVARM_VMF_PMU)) {
		id->dfr0 = set_fld(id->dfr0, SH(DFR0, PMUVer), 0);
		id->dfr0 = set_fld(id->dfr0, SH(DFR0, HPMN0), 0);
	} else if (fld(id->dfr0, SH(DFR0, PMUVer)) > PMUVER_MAX) {
		id->dfr0 = set_fld(id->dfr0, SH(DFR0, PMUVer), PMUVER_MAX);
	}
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(hide_rules); i++) {
		uint64_t *r = (uint64_t *)(void *)id + hide_rules[i].reg;

		if (fld(*r, hide_rules[i].lo) > hide_rules[i].val)
			*r = set_fld(*r, hide_rules[i].lo, hide_rules[i].val);
	}
	/* What the host has and the VM does not (whether either has it: forwarding's ID table)
	 * must trap: SVE/SME instructions (nvarm_shadow_cptr_hidden), the registers of debug
	 * features (MDCR_EL2.TPM/TPMCR, TPMS, TTRF; D24.2 MDCR_EL2). */
	vm_feats = nvarm__fwd_features_of_ids(id);
	cfg->hidden_fp =
	    (uint8_t)(((host_feats & ~vm_feats & NVARM_FWD_F(NVARM_FWD_FEAT_SVE)) ? 1u : 0u) |
		      ((host_feats & ~vm_feats & NVARM_FWD_F(NVARM_FWD_FEAT_SME)) ? 2u : 0u));
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(mdcr_hide); i++) {
		uint64_t f = NVARM_FWD_F(mdcr_hide[i].feat);

		if ((host_feats & f) && !(vm_feats & f))
			cfg->l0_mdcr |= mdcr_hide[i].bits;
	}
	return 0;
}

/* ------------------------------------------------------------------ RES0 / RES1 rules */

enum { E2H_ANY = 0, E2H_0 = 1, E2H_1 = 2 };

/*
 * One line per rule: while the VM lacks all of `absent` (0: always) and the current virtual
 * E2H matches, the register has these RES0/RES1 bits. The rules of one register are OR-ed.
 * A rule with `fwd` (FWD(r): forwarding register r) also makes RES0 the bits that the
 * forwarding layer's field lines (forward_rules.c) give to features L1 lacks, in the E2H
 * layout: which control bit exists with which feature is written once, there, and whether
 * L1 has a feature follows from its ID registers by forward_hw.c's one ID-field table. RES1
 * wins over such a RES0 (CPTR_EL2.TZ is RES1 without SVE).
 */
struct mask_rule {
	uint16_t reg;
	uint8_t e2h;
	uint32_t absent;
	uint64_t res0;
	uint64_t res1;
	uint8_t fwd; /* enum nvarm_fwd_vreg + 1; 0: none */
};

/* RES0 bits of a register while the VM's ID field (nvarm_vm_config::id slot, 4 bits from lo)
 * is below min: the controls of features no ::nvarm_vm_feature names. Each register here has
 * mask_rules too (they give it its mask slot). */
struct id_mask_rule {
	uint16_t reg;
	uint8_t id_reg, id_lo, id_min;
	uint64_t res0;
};

#define FWD(r) (NVARM_FWD_##r##_EL2 + 1)
/* the ID condition of a rule: ID_AA64<R>_EL1.<F> below v */
#define IDBELOW(R, F, v) IDF(R, F), (v)

/* SMCR_ELx (D24.2 SMCR_EL2): EZT0 [30] with FEAT_SME2 (ID_AA64PFR1_EL1.SME >= 2), FA64 [31]
 * with FEAT_SME_FA64 (ID_AA64SMFR0_EL1.FA64) */
static const struct id_mask_rule id_mask_rules[] = {
    {NVARM_SR_SMCR_EL2, IDBELOW(PFR1, SME, 2), NVARM_SMCR_EL2_EZT0},
    {NVARM_SR_SMCR_EL2, IDBELOW(SMFR0, FA64, 1), NVARM_SMCR_EL2_FA64},
    {NVARM_SR_SMCR_EL1, IDBELOW(PFR1, SME, 2), NVARM_SMCR_EL2_EZT0},
    {NVARM_SR_SMCR_EL1, IDBELOW(SMFR0, FA64, 1), NVARM_SMCR_EL2_FA64},
};
#define B(n)	  NVARM_BIT(n)
#define M(hi, lo) NVARM_GENMASK(hi, lo)

/* clang-format off */
static const struct mask_rule mask_rules[] = {
	/* HCR_EL2 (D24.2.x): RW RES1 (AArch64-only EL1); FWB 46 with NVARM_VMF_FWB; no TME,
	 * GPF, MTE, AMUv1p1, TWED for L1; NV1 43 also needs FEAT_E2H0 (MMFR4.E2H0 = 0b1110
	 * without it); E2H with VHE, RES1 without E2H0. The feature controls (TLOR, TERR/TEA,
	 * FIEN, APK/API, NV/NV1/AT, NV2, the FEAT_EVT traps, EnSCXT ...) by the field lines. */
	{NVARM_SR_HCR_EL2, E2H_ANY, 0,
	 B(39) | (M(63, 48) & ~(B(49) | B(50) | B(52) | B(53) | B(54) | B(55))), B(31), FWD(HCR)},
	{NVARM_SR_HCR_EL2, E2H_ANY, NVARM_VMF_FWB, B(46), 0, 0},
	{NVARM_SR_HCR_EL2, E2H_ANY, NVARM_VMF_E2H0, B(43), 0, 0},
	{NVARM_SR_HCR_EL2, E2H_ANY, NVARM_VMF_VHE, B(34), 0, 0}, /* E2H RES0 without VHE */
	{NVARM_SR_HCR_EL2, E2H_ANY, NVARM_VMF_E2H0, 0, B(34), 0}, /* E2H RES1 if VHE-only */
	/* SCTLR_EL2 with E2H=0: the EL0 controls are RES1 (4,5,11,16,18,22,23,28,29) */
	{NVARM_SR_SCTLR_EL2, E2H_0, 0, 0,
	 B(4) | B(5) | B(11) | B(16) | B(18) | B(22) | B(23) | B(28) | B(29), 0},
	/* SCTLR_EL2.NMI [61], SPINTMASK [62] (both layouts) with FEAT_NMI */
	{NVARM_SR_SCTLR_EL2, E2H_ANY, NVARM_VMF_NMI, B(61) | B(62), 0, 0},
	/* CPTR_EL2, E2H=0 layout: RES1 [13], [9], [7:0]; TZ RES1 without SVE; TSM RES1 (no SME);
	 * RES0 [11], [19:14], [29:21], TAM (no AMU), [63:32] */
	{NVARM_SR_CPTR_EL2, E2H_0, 0, B(11) | M(19, 14) | M(30, 21) | M(63, 32),
	 B(13) | B(9) | M(7, 0), FWD(CPTR)},
	{NVARM_SR_CPTR_EL2, E2H_0, NVARM_VMF_SVE, 0, B(8), 0},
	{NVARM_SR_CPTR_EL2, E2H_0, NVARM_VMF_SME, 0, B(12), 0}, /* TSM RES1 without SME */
	/* CPTR_EL2, E2H=1 (CPACR layout): ZEN[17:16] FPEN[21:20] SMEN[25:24] (FEAT_SME, by
	 * the field lines) TTA[28] TCPAC[31] */
	{NVARM_SR_CPTR_EL2, E2H_1, 0, M(15, 0) | M(19, 18) | M(23, 22) | M(27, 26) | M(30, 29) |
	 M(63, 32), 0, FWD(CPTR)},
	/* CPACR_EL1: ZEN[17:16] FPEN[21:20] SMEN[25:24] TTA[28] */
	{NVARM_SR_CPACR_EL1, E2H_ANY, 0, M(15, 0) | M(19, 18) | M(23, 22) | M(27, 26) | M(63, 29),
	 0, 0},
	{NVARM_SR_CPACR_EL1, E2H_ANY, NVARM_VMF_SVE, M(17, 16), 0, 0},
	{NVARM_SR_CPACR_EL1, E2H_ANY, NVARM_VMF_SME, M(25, 24), 0, 0},
	/* TCR_EL2 with E2H=0: RES1 [31], [23] */
	{NVARM_SR_TCR_EL2, E2H_0, 0, 0, B(31) | B(23), 0},
	/* VTCR_EL2: RES1 [31]; NSW/NSA [30:29] (FEAT_SEL2, as the host has it) stored */
	{NVARM_SR_VTCR_EL2, E2H_ANY, 0, 0, B(31), 0},
	/* VTTBR_EL2.VMID[15:8] RES0 with 8-bit VMIDs */
	{NVARM_SR_VTTBR_EL2, E2H_ANY, NVARM_VMF_VMID16, M(63, 56), 0, 0},
	/* CNTHCTL_EL2: ECV, EL1TVT, EL1TVCT, EL1NVPCT, EL1NVVCT, EVNTIS need FEAT_ECV */
	{NVARM_SR_CNTHCTL_EL2, E2H_ANY, NVARM_VMF_ECV, M(17, 12), 0, FWD(CNTHCTL)},
	/* ZCR_ELx: LEN[3:0] only */
	{NVARM_SR_ZCR_EL2, E2H_ANY, 0, M(63, 4), 0, 0},
	{NVARM_SR_ZCR_EL1, E2H_ANY, 0, M(63, 4), 0, 0},
	/* SMCR_ELx (D24.2 SMCR_EL2): LEN [3:0] ([8:4] RAZ/WI), EZT0 [30] and FA64 [31] by
	 * their ID fields (id_mask_rules) */
	{NVARM_SR_SMCR_EL2, E2H_ANY, 0, NVARM_SMCR_EL2_RES0, 0, 0},
	{NVARM_SR_SMCR_EL1, E2H_ANY, 0, NVARM_SMCR_EL2_RES0, 0, 0},
	/* SMPRIMAP_EL2: every field RES0 while SMIDR_EL1.SMPS is 0 (no streaming priorities;
	 * QEMU's SME has none); nvarm models none (a host with SMPS = 1: not handled) */
	{NVARM_SR_SMPRIMAP_EL2, E2H_ANY, 0, ~UINT64_C(0), 0, 0},
	/* HSTR_EL2: T<n> for n in 0-15 except 4 and 14 */
	{NVARM_SR_HSTR_EL2, E2H_ANY, 0, M(63, 16) | B(14) | B(4), 0, 0},
	/* VBAR_ELx: bits [10:0] RES0 */
	{NVARM_SR_VBAR_EL2, E2H_ANY, 0, M(10, 0), 0, 0},
	{NVARM_SR_VBAR_EL1, E2H_ANY, 0, M(10, 0), 0, 0},
	/* ESR_EL2: [63:56] RES0 */
	{NVARM_SR_ESR_EL2, E2H_ANY, 0, M(63, 56), 0, 0},
	/* VPIDR_EL2: MIDR_EL1 layout, [63:32] RES0 */
	{NVARM_SR_VPIDR_EL2, E2H_ANY, 0, M(63, 32), 0, 0},
	/* VMPIDR_EL2: MPIDR_EL1 layout, Aff3 [39:32], RES1 [31], U [30], RES0 [29:25], MT [24],
	 * Aff2..Aff0 [23:0]; [63:40] RES0 */
	{NVARM_SR_VMPIDR_EL2, E2H_ANY, 0, M(63, 40) | M(29, 25), B(31), 0},
	/* VNCR_EL2 (FEAT_NV2): BADDR [56:12], [11:0] RES0 (RESS [63:57] is not a mask) */
	{NVARM_SR_VNCR_EL2, E2H_ANY, 0, M(11, 0), 0, 0},
	/* HPFAR_EL2: FIPA at [47:4] (LPA2 layout), [3:0] and [62:48] RES0; NS [63]
	 * (FEAT_SEL2, as the host has it) stored */
	{NVARM_SR_HPFAR_EL2, E2H_ANY, 0, M(3, 0) | M(62, 48), 0, 0},
	/* HCRX_EL2 (D24.2 "HCRX_EL2"): EnAS0 [0], EnALS [1], EnASR [2], FnXS [3], FGTnXS [4],
	 * TALLINT [6], VINMI [7], VFNMI [8], CMOW [9], MCE2 [10], MSCEn [11], TCR2En [14],
	 * SCTLR2En [15], each with its feature by the field lines; the others name features L1
	 * never sees: [63:16], and SMPME [5], which needs FEAT_SME with SMIDR_EL1.SMPS = 1
	 * (streaming priorities; a note in D24.2 HCRX_EL2, as KVM's feat_sme_smps reads it):
	 * nvarm offers SME without them (SMPRIMAP_EL2 RES0) */
	{NVARM_SR_HCRX_EL2, E2H_ANY, 0, ~(M(4, 0) | M(11, 6) | M(15, 14)), 0, FWD(HCRX)},
	/* MDCR_EL2: the PMU, SPE, TRF, TRBE and FGT controls by the field lines; RES0 [16],
	 * [18], [22:20], and the controls of features nvarm never offers: EnSPM [15]
	 * (FEAT_SPMU), MTPME [28] (MTPMU), HPMFZO [29] (PMUv3p7), PMSSE [31:30], HPMFZS [36],
	 * PMEE [41:40] (PMUv3_SS, SEBEP), EBWE [43] (Debugv8p9), EnSTEPOP [50] (STEP2), [63:32] */
	{NVARM_SR_MDCR_EL2, E2H_ANY, 0, B(15) | B(16) | B(18) | M(22, 20) | M(63, 28), 0,
	 FWD(MDCR)},
};
/* clang-format on */

unsigned nvarm__mask_rule_reg(size_t i)
{
	return i < NVARM_ARRAY_SIZE(mask_rules) ? mask_rules[i].reg : NVARM_SR_NONE;
}

NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(mask_rules) < 255, "mask_first holds a rule index + 1");
/* each register has at least one rule: the rules bound the slots */
NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(mask_rules) <= NVARM_VEL2_MASKED_MAX,
		    "struct nvarm_vel2 has a mask slot for every register with rules");

int nvarm__mask_rules_check(unsigned *bad)
{
	for (unsigned i = 1; i < NVARM_ARRAY_SIZE(mask_rules); i++)
		for (unsigned k = 0; k + 1 < i; k++)
			if (mask_rules[k].reg == mask_rules[i].reg &&
			    mask_rules[i - 1].reg != mask_rules[i].reg) {
				if (bad)
					*bad = i;
				return NVARM_ERR_STATE;
			}
	return 0;
}

/* The masks of register @id from rule @i on (its run of adjacent rules, or every rule after
 * it when @all), for the features and the E2H value given. */
static void rule_masks(const struct nvarm_vm_config *cfg, uint64_t fwd_feats, size_t i, unsigned id,
		       unsigned e2h, bool all, uint64_t *res0, uint64_t *res1)
{
	uint32_t features = cfg->features;

	uint64_t r0 = 0, r1 = 0, fwd0 = 0;

	for (; i < NVARM_ARRAY_SIZE(mask_rules); i++) {
		const struct mask_rule *r = &mask_rules[i];

		if (r->reg != id) {
			if (!all)
				break;
			continue;
		}
		if ((r->e2h != E2H_ANY && r->e2h != e2h) || (r->absent && (features & r->absent)))
			continue;
		r0 |= r->res0;
		r1 |= r->res1;
		if (r->fwd)
			fwd0 |= nvarm__fwd_absent_bits(fwd_feats, r->fwd - 1u, e2h == E2H_1);
	}
	for (size_t k = 0; k < NVARM_ARRAY_SIZE(id_mask_rules); k++) {
		const struct id_mask_rule *q = &id_mask_rules[k];

		if (q->reg == id && fld(((const uint64_t *)(const void *)&cfg->id)[q->id_reg],
					q->id_lo) < q->id_min)
			r0 |= q->res0;
	}
	*res0 = r0 | (fwd0 & ~r1);
	*res1 = r1;
}

void nvarm__mask_index(struct nvarm_vel2 *v)
{
	unsigned k = 0;

	nvarm_memset(v->mask_first, 0, sizeof(v->mask_first));
	nvarm_memset(v->mask_slot, 0, sizeof(v->mask_slot));
	for (unsigned i = NVARM_ARRAY_SIZE(mask_rules); i-- > 0;)
		v->mask_first[mask_rules[i].reg] = (uint8_t)(i + 1);
	/* One slot per register, at its first rule (the rules of one register are adjacent:
	 * nvarm__mask_rules_check), in rule order: HCR_EL2 first; those in the VNCR page (what
	 * nvarm_vel2_sanitise() walks) before the others. The masks for both E2H values once:
	 * they depend on nothing else (the VM's features are fixed). */
	for (unsigned pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < NVARM_ARRAY_SIZE(mask_rules); i++) {
			unsigned id = mask_rules[i].reg;
			uint16_t vncr = nvarm__sysreg_tab[id].vncr;

			if (v->mask_slot[id] || (pass == 0) != (vncr != NVARM_VNCR_NONE))
				continue;
			v->mask_slot[id] = (uint8_t)(k + 1);
			v->mask_vncr[k] =
			    vncr == NVARM_VNCR_NONE ? (uint16_t)0xffff : (uint16_t)(vncr / 8);
			for (unsigned e = 0; e < 2; e++)
				rule_masks(v->cfg, v->fwd_feats, i, id, e ? E2H_1 : E2H_0, false,
					   &v->mask_res[e][0][k], &v->mask_res[e][1][k]);
			k++;
		}
		if (pass == 0)
			v->mask_count_vncr = (uint8_t)k;
	}
	/* HCR_EL2 (in the page) is slot 0 and its masks do not depend on E2H (sanitise) */
	NVARM_ASSERT(v->mask_slot[NVARM_SR_HCR_EL2] == 1);
	NVARM_ASSERT(v->mask_res[0][0][0] == v->mask_res[1][0][0] &&
		     v->mask_res[0][1][0] == v->mask_res[1][1][0]);
	v->mask_count = (uint8_t)k;
	v->masks_indexed = 1;
}

int nvarm_vel2_masks(const struct nvarm_vel2 *v, unsigned id, uint64_t *res0, uint64_t *res1)
{
	if (!v || !res0 || !res1 || id >= NVARM_SR__COUNT)
		return NVARM_ERR_INVAL;
	/* Indexed at init: the register's slot (a register without rules has none). */
	if (v->masks_indexed) {
		nvarm__vel2_masks_of(v, id, res0, res1);
		return 0;
	}
	rule_masks(v->cfg, v->fwd_feats_valid ? v->fwd_feats : nvarm__fwd_features_of(v->cfg), 0,
		   id, nvarm_vel2_is_vhe(v) ? E2H_1 : E2H_0, true, res0, res1);
	return 0;
}
