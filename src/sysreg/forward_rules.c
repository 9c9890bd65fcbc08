// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding: the declarative tables.
 *
 * Owns: which of L1's vEL2 control bits exist (nvarm__fwd_fields), which tests on them trap
 * (nvarm__fwd_conds, nvarm__fwd_combos), which FGT bits exist with which polarity
 * (nvarm__fwd_fgt_bits), and which encodings each rule covers (nvarm__fwd_rules, sorted,
 * non-overlapping), plus the per exception class rules (nvarm__fwd_ec_rules, nvarm__fwd_sub_rules).
 *
 * Invariants (checked by nvarm_fwd_check_tables(), run by the unit tests, and where
 * possible by the compiler): nvarm__fwd_rules sorted by first encoding with no overlap;
 * no condition or FGT reference names a RES0 bit; composites only name simple
 * conditions. Designated initialisers index nvarm__fwd_conds, nvarm__fwd_combos and
 * nvarm__fwd_ec_rules by id, so a duplicate id is a build error (-Woverride-init is part of
 * -Wextra).
 *
 * Facts come from the Arm ARM (DDI 0487, D19 "HCR_EL2", "MDCR_EL2", "CPTR_EL2",
 * "CNTHCTL_EL2", "HFGRTR_EL2", "HFGITR_EL2", "HDFGRTR_EL2", "HCRX_EL2", and GICv3 IHI 0069
 * "ICH_HCR_EL2"); KVM's emulate-nested.c was read as a cross-check of which control
 * traps which register. The nvarm__fwd_rules block is kept sorted by encoding.
 *
 * No state: every table is const. No locking needed.
 */
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>
#include "forward_priv.h"

#define F(x)		    NVARM_FWD_FEAT_##x
#define NVARM_FWD_FEAT_BASE FEAT_BASE
#define B(n)		    NVARM_BIT(n)
#define GM(h, l)	    NVARM_GENMASK(h, l)

#define HCR		    NVARM_FWD_HCR_EL2
#define HCRX		    NVARM_FWD_HCRX_EL2
#define MDCR		    NVARM_FWD_MDCR_EL2
#define CPTR		    NVARM_FWD_CPTR_EL2
#define CNTHCTL		    NVARM_FWD_CNTHCTL_EL2
#define HSTR		    NVARM_FWD_HSTR_EL2
#define ICH		    NVARM_FWD_ICH_HCR_EL2

/* ------------------------------------------------------------------ fields */
#define FLD(r, m, f, l)                                                                            \
	{                                                                                          \
		(m), (r), F(f), (l), __LINE__                                                      \
	}

const struct fwd_field nvarm__fwd_fields[] = {
    /* HCR_EL2: VM..ID (bits 33:0), always present in an EL2 implementation. */
    FLD(HCR, GM(33, 0), BASE, FWD_L_ANY),
    FLD(HCR, B(34), VHE, FWD_L_ANY),				     /* E2H */
    FLD(HCR, B(35), LOR, FWD_L_ANY),				     /* TLOR */
    FLD(HCR, B(36) | B(37), RAS, FWD_L_ANY),			     /* TERR, TEA */
    FLD(HCR, B(38), BASE, FWD_L_ANY),				     /* MIOCNCE */
    FLD(HCR, B(40) | B(41), PAUTH, FWD_L_ANY),			     /* APK, API */
    FLD(HCR, B(42) | B(43) | B(44), NV, FWD_L_ANY),		     /* NV, NV1, AT */
    FLD(HCR, B(45), NV2, FWD_L_ANY),				     /* NV2 */
    FLD(HCR, B(47), RASV1P1, FWD_L_ANY),			     /* FIEN */
    FLD(HCR, B(49) | B(50) | B(52) | B(54) | B(55), EVT, FWD_L_ANY), /* TID4 TICAB TOCU TTLBIS/OS */
    FLD(HCR, B(51), AMU, FWD_L_ANY),				     /* AMVOFFEN */
    FLD(HCR, B(53), CSV2_SCXT, FWD_L_ANY),			     /* EnSCXT */
    FLD(HCR, B(56) | B(57) | B(58), MTE2, FWD_L_ANY),		     /* ATA, DCT, TID5 */
    /* HCRX_EL2 */
    FLD(HCRX, B(0), LS64_ACCDATA, FWD_L_ANY),  /* EnAS0 */
    FLD(HCRX, B(1), LS64, FWD_L_ANY),	       /* EnALS */
    FLD(HCRX, B(2), LS64_V, FWD_L_ANY),	       /* EnASR */
    FLD(HCRX, B(3) | B(4), XS, FWD_L_ANY),     /* FnXS, FGTnXS */
    FLD(HCRX, B(9), CMOW, FWD_L_ANY),	       /* CMOW */
    FLD(HCRX, GM(8, 6), NMI, FWD_L_ANY),       /* TALLINT, VINMI, VFNMI */
    FLD(HCRX, B(10) | B(11), MOPS, FWD_L_ANY), /* MCE2, MSCEn */
    FLD(HCRX, B(14), TCR2, FWD_L_ANY),	       /* TCR2En */
    FLD(HCRX, B(15), SCTLR2, FWD_L_ANY),       /* SCTLR2En */
    /* MDCR_EL2 */
    FLD(MDCR, GM(7, 0), PMU, FWD_L_ANY),	  /* HPMN, TPMCR, TPM, HPME */
    FLD(MDCR, GM(11, 8), BASE, FWD_L_ANY),	  /* TDE, TDA, TDOSA, TDRA */
    FLD(MDCR, GM(14, 12), SPE, FWD_L_ANY),	  /* E2PB, TPMS */
    FLD(MDCR, B(17), PMUV3P1, FWD_L_ANY),	  /* HPMD */
    FLD(MDCR, B(23) | B(26), PMUV3P5, FWD_L_ANY), /* HCCD, HLP */
    FLD(MDCR, B(19), TRF, FWD_L_ANY),		  /* TTRF */
    FLD(MDCR, GM(25, 24), TRBE, FWD_L_ANY),	  /* E2TB */
    FLD(MDCR, B(27), FGT, FWD_L_ANY),		  /* TDCC */
    /* CPTR_EL2, E2H == 0 layout (Arm ARM D19.2 "CPTR_EL2", When E2H == 0) */
    FLD(CPTR, B(8), SVE, FWD_L_E2H0),	/* TZ */
    FLD(CPTR, B(10), BASE, FWD_L_E2H0), /* TFP */
    FLD(CPTR, B(12), SME, FWD_L_E2H0),	/* TSM */
    FLD(CPTR, B(20), BASE, FWD_L_E2H0), /* TTA */
    FLD(CPTR, B(30), AMU, FWD_L_E2H0),	/* TAM */
    FLD(CPTR, B(31), BASE, FWD_L_E2H0), /* TCPAC */
    /* CPTR_EL2, E2H == 1 layout (CPACR_EL1-like) */
    FLD(CPTR, GM(17, 16), SVE, FWD_L_E2H1),  /* ZEN */
    FLD(CPTR, GM(21, 20), BASE, FWD_L_E2H1), /* FPEN */
    FLD(CPTR, GM(25, 24), SME, FWD_L_E2H1),  /* SMEN */
    FLD(CPTR, B(28), BASE, FWD_L_E2H1),	     /* TTA */
    FLD(CPTR, B(30), AMU, FWD_L_E2H1),	     /* TAM */
    FLD(CPTR, B(31), BASE, FWD_L_E2H1),	     /* TCPAC */
    /* CNTHCTL_EL2, E2H == 0: EL1PCTEN, EL1PCEN, EVNTEN, EVNTDIR, EVNTI */
    FLD(CNTHCTL, GM(7, 0), BASE, FWD_L_E2H0),
    FLD(CNTHCTL, GM(17, 12), ECV, FWD_L_E2H0), /* ECV EL1TVT EL1TVCT EL1NVPCT EL1NVVCT EVNTIS */
    /* CNTHCTL_EL2, E2H == 1: EL0PCTEN EL0VCTEN EVNT* EL0VTEN EL0PTEN EL1PCTEN EL1PTEN */
    FLD(CNTHCTL, GM(11, 0), BASE, FWD_L_E2H1),
    FLD(CNTHCTL, GM(17, 12), ECV, FWD_L_E2H1),
    /* HSTR_EL2: T0-T3, T5-T13, T15 (T4, T14 RES0) */
    FLD(HSTR, GM(3, 0) | GM(13, 5) | B(15), AA32EL1, FWD_L_ANY),
    /* ICH_HCR_EL2: En..vSGIEOICount, TC TALL0 TALL1 TSEI TDIR DVIM, EOIcount */
    FLD(ICH, GM(8, 0) | GM(15, 10) | GM(31, 27), GICV3, FWD_L_ANY),
};
const size_t nvarm__fwd_nr_fields = NVARM_ARRAY_SIZE(nvarm__fwd_fields);

/* -------------------------------------------------------------- conditions */
/* Trap when (reg & m) == v [and (reg2 & m2) == v2], for accesses matching acc. */
#define COND(id, r, m, v, acc, f, lay)                                                             \
	[id] = {(m), (v), 0, 0, (id), (r), 0, (acc), (lay), F(f), __LINE__}
/* COND2 goes through a variadic wrapper so that E2H_0 etc. expand to three arguments. */
#define COND2(...) COND2_(__VA_ARGS__)
#define COND2_(id, r, m, v, r2, m2, v2, acc, f, lay)                                               \
	[id] = {(m), (v), (m2), (v2), (id), (r), (r2), (acc), (lay), F(f), __LINE__}
#define ALL	    (FWD_RW | FWD_ANY_EL)
#define E2H	    B(34)
#define TGE	    B(27)
#define E2H_0	    HCR, E2H, 0
#define E2H_1	    HCR, E2H, E2H
#define E2H_1_TGE_0 HCR, E2H | TGE, E2H
#define TGE_0	    HCR, TGE, 0
#define E2H_TGE_11  HCR, E2H | TGE, E2H | TGE
#define NV_BITS	    (B(42) | B(43) | B(45))
/* {NV2, NV1, NV} == '101' and TGE == 0 (the Arm ARM's "!ELIsInHost(EL0)" for an access from
 * EL1: TGE is 0 whenever L2 runs at EL1, an ERET to EL1 with TGE = 1 being illegal). */
#define NV2_VHE_GUEST HCR, TGE | NV_BITS, B(45) | B(42)

const struct fwd_cond nvarm__fwd_conds[C__SIMPLE_END] = {
    COND(C_HCR_TID1, HCR, B(16), B(16), FWD_R | FWD_ANY_EL, BASE, FWD_L_ANY),
    COND(C_HCR_TID2, HCR, B(17), B(17), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TID3, HCR, B(18), B(18), FWD_R | FWD_ANY_EL, BASE, FWD_L_ANY),
    COND(C_HCR_TID4, HCR, B(49), B(49), ALL, EVT, FWD_L_ANY),
    COND(C_HCR_TID5, HCR, B(58), B(58), FWD_R | FWD_ANY_EL, MTE2, FWD_L_ANY),
    COND(C_HCR_TIDCP, HCR, B(20), B(20), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TACR, HCR, B(21), B(21), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TSW, HCR, B(22), B(22), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TPC, HCR, B(23), B(23), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TPU, HCR, B(24), B(24), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TICAB, HCR, B(50), B(50), ALL, EVT, FWD_L_ANY),
    COND(C_HCR_TOCU, HCR, B(52), B(52), ALL, EVT, FWD_L_ANY),
    COND(C_HCR_TTLB, HCR, B(25), B(25), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TTLBIS, HCR, B(54), B(54), ALL, EVT, FWD_L_ANY),
    COND(C_HCR_TTLBOS, HCR, B(55), B(55), ALL, EVT, FWD_L_ANY),
    COND(C_HCR_TVM, HCR, B(26), B(26), FWD_W | FWD_ANY_EL, BASE, FWD_L_ANY),
    COND(C_HCR_TRVM, HCR, B(30), B(30), FWD_R | FWD_ANY_EL, BASE, FWD_L_ANY),
    COND(C_HCR_TDZ, HCR, B(28), B(28), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TLOR, HCR, B(35), B(35), ALL, LOR, FWD_L_ANY),
    COND(C_HCR_TERR, HCR, B(36), B(36), ALL, RAS, FWD_L_ANY),
    COND(C_HCR_nFIEN, HCR, B(47), 0, ALL, RASV1P1, FWD_L_ANY),
    COND(C_HCR_nAPK, HCR, B(40), 0, ALL, PAUTH, FWD_L_ANY),
    COND(C_HCR_nAPI, HCR, B(41), 0, ALL, PAUTH, FWD_L_ANY),
    COND(C_HCR_IMO, HCR, B(4), B(4), FWD_W | FWD_ANY_EL, BASE, FWD_L_ANY),
    COND(C_HCR_FMO, HCR, B(3), B(3), FWD_W | FWD_ANY_EL, BASE, FWD_L_ANY),
    /* HCR_EL2.NV: EL1 accesses to EL2 state trap (Arm ARM D8.x "Nested virtualization"). */
    COND(C_HCR_NV, HCR, B(42), B(42), FWD_RW | FWD_E1, NV, FWD_L_ANY),
    COND(C_HCR_NV_nNV2, HCR, B(42) | B(45), B(42), FWD_RW | FWD_E1, NV, FWD_L_ANY),
    COND(C_HCR_NV1_nNV2, HCR, NV_BITS, B(42) | B(43), FWD_RW | FWD_E1, NV, FWD_L_ANY),
    /* {NV1, NV} = {1, 1}: the EL12 and EL02 accessors trap even with NV2 ('111'). */
    COND(C_HCR_NV_NV1, HCR, B(42) | B(43), B(42) | B(43), FWD_RW | FWD_E1, NV, FWD_L_ANY),
    COND(C_HCR_AT, HCR, B(44), B(44), FWD_RW | FWD_E1, NV, FWD_L_ANY),
    COND(C_HCR_nENSCXT, HCR, B(53), 0, ALL, CSV2_SCXT, FWD_L_ANY),
    COND(C_HCR_TWI, HCR, B(13), B(13), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TWE, HCR, B(14), B(14), ALL, BASE, FWD_L_ANY),
    COND(C_HCR_TSC, HCR, B(19), B(19), FWD_RW | FWD_E1, BASE, FWD_L_ANY),
    /* HCD: HVC UNDEFINED at EL1 (L1's VM has no EL3, so the bit is not RES0). */
    COND(C_HCR_HCD, HCR, B(29), B(29), FWD_RW | FWD_E1, BASE, FWD_L_ANY),

    COND(C_MDCR_TPMCR, MDCR, B(5), B(5), ALL, PMU, FWD_L_ANY),
    COND(C_MDCR_TPM, MDCR, B(6), B(6), ALL, PMU, FWD_L_ANY),
    /* TDE as loaded is already ORed with HCR_EL2.TGE (Arm ARM: "MDCR_EL2.TDE"). */
    COND(C_MDCR_TDE, MDCR, B(8), B(8), ALL, BASE, FWD_L_ANY),
    COND(C_MDCR_TDA, MDCR, B(9), B(9), ALL, BASE, FWD_L_ANY),
    COND(C_MDCR_TDOSA, MDCR, B(10), B(10), ALL, BASE, FWD_L_ANY),
    COND(C_MDCR_TDRA, MDCR, B(11), B(11), ALL, BASE, FWD_L_ANY),
    COND(C_MDCR_TDCC, MDCR, B(27), B(27), ALL, FGT, FWD_L_ANY),
    /* E2PB/E2TB: 0bx0 gives the buffer to EL2, EL1 accesses trap. */
    COND(C_MDCR_nE2PB, MDCR, B(12), 0, ALL, SPE, FWD_L_ANY),
    COND(C_MDCR_TPMS, MDCR, B(14), B(14), ALL, SPE, FWD_L_ANY),
    COND(C_MDCR_TTRF, MDCR, B(19), B(19), ALL, TRF, FWD_L_ANY),
    COND(C_MDCR_nE2TB, MDCR, B(24), 0, ALL, TRBE, FWD_L_ANY),

    /* CPTR_EL2 (Arm ARM D19.2 "CPTR_EL2": two layouts selected by HCR_EL2.E2H). */
    COND2(C_CPTR0_TTA, CPTR, B(20), B(20), E2H_0, ALL, BASE, FWD_L_E2H0),
    COND2(C_CPTR1_TTA, CPTR, B(28), B(28), E2H_1, ALL, BASE, FWD_L_E2H1),
    COND(C_CPTR_TCPAC, CPTR, B(31), B(31), FWD_RW | FWD_E1, BASE, FWD_L_ANY),
    COND(C_CPTR_TAM, CPTR, B(30), B(30), ALL, AMU, FWD_L_ANY),
    COND2(C_CPTR0_TFP, CPTR, B(10), B(10), E2H_0, ALL, BASE, FWD_L_E2H0),
    /* FPEN/ZEN/SMEN 0bx0 trap EL0 and EL1; 0b01 traps EL0 only when TGE is 1. */
    COND2(C_CPTR1_FPEN0, CPTR, B(20), 0, E2H_1, ALL, BASE, FWD_L_E2H1),
    COND2(C_CPTR1_FPEN01, CPTR, GM(21, 20), B(20), E2H_TGE_11, FWD_RW | FWD_E0, BASE, FWD_L_E2H1),
    COND2(C_CPTR0_TZ, CPTR, B(8), B(8), E2H_0, ALL, SVE, FWD_L_E2H0),
    COND2(C_CPTR1_ZEN0, CPTR, B(16), 0, E2H_1, ALL, SVE, FWD_L_E2H1),
    COND2(C_CPTR1_ZEN01, CPTR, GM(17, 16), B(16), E2H_TGE_11, FWD_RW | FWD_E0, SVE, FWD_L_E2H1),
    COND2(C_CPTR0_TSM, CPTR, B(12), B(12), E2H_0, ALL, SME, FWD_L_E2H0),
    COND2(C_CPTR1_SMEN0, CPTR, B(24), 0, E2H_1, ALL, SME, FWD_L_E2H1),
    COND2(C_CPTR1_SMEN01, CPTR, GM(25, 24), B(24), E2H_TGE_11, FWD_RW | FWD_E0, SME, FWD_L_E2H1),

    /*
     * CNTHCTL_EL2 (Arm ARM D19.x "CNTHCTL_EL2"): with E2H == 0, bits [1:0] are
     * EL1PCEN:EL1PCTEN; with E2H == 1 the same controls move to [11:10] and [1:0],
     * [9:8] become the EL0 controls, which only apply when TGE == 1 (with TGE == 0,
     * EL0 is governed by L2's own CNTKCTL_EL1, a trap to EL1 the hardware takes).
     */
    COND2(C_CNT0_nEL1PCTEN, CNTHCTL, B(0), 0, E2H_0, ALL, BASE, FWD_L_E2H0),
    COND2(C_CNT1_nEL1PCTEN, CNTHCTL, B(10), 0, E2H_1_TGE_0, ALL, BASE, FWD_L_E2H1),
    COND2(C_CNT1_nEL0PCTEN, CNTHCTL, B(0), 0, E2H_TGE_11, FWD_RW | FWD_E0, BASE, FWD_L_E2H1),
    COND2(C_CNT0_nEL1PCEN, CNTHCTL, B(1), 0, E2H_0, ALL, BASE, FWD_L_E2H0),
    COND2(C_CNT1_nEL1PTEN, CNTHCTL, B(11), 0, E2H_1_TGE_0, ALL, BASE, FWD_L_E2H1),
    COND2(C_CNT1_nEL0PTEN, CNTHCTL, B(9), 0, E2H_TGE_11, FWD_RW | FWD_E0, BASE, FWD_L_E2H1),
    COND2(C_CNT1_nEL0VCTEN, CNTHCTL, B(1), 0, E2H_TGE_11, FWD_RW | FWD_E0, BASE, FWD_L_E2H1),
    COND2(C_CNT1_nEL0VTEN, CNTHCTL, B(8), 0, E2H_TGE_11, FWD_RW | FWD_E0, BASE, FWD_L_E2H1),
    /* CNTFRQ_EL0 from EL0 in the EL2&0 regime: trapped only when neither counter is
     * enabled, EL0PCTEN == EL0VCTEN == 0 (Arm ARM "CNTFRQ_EL0", its MRS pseudocode) */
    COND2(C_CNT1_nEL0CTEN, CNTHCTL, GM(1, 0), 0, E2H_TGE_11, FWD_R | FWD_E0, BASE, FWD_L_E2H1),
    /*
     * FEAT_ECV controls: same bit positions in both layouts. EL1TVT and EL1TVCT trap
     * nothing when HCR_EL2.{E2H, TGE} == {1, 1} (Arm ARM "CNTHCTL_EL2"); the qualifier
     * {E2H, TGE} != {1, 1} is E2H == 0 OR TGE == 0, one simple condition per term,
     * ORed by X_CNT_VT / X_CNT_VCT.
     */
    COND2(C_CNT_EL1TVT, CNTHCTL, B(13), B(13), E2H_0, ALL, ECV, FWD_L_ANY),
    COND2(C_CNT_EL1TVT_TGE0, CNTHCTL, B(13), B(13), TGE_0, ALL, ECV, FWD_L_ANY),
    COND2(C_CNT_EL1TVCT, CNTHCTL, B(14), B(14), E2H_0, FWD_R | FWD_ANY_EL, ECV, FWD_L_ANY),
    COND2(C_CNT_EL1TVCT_TGE0, CNTHCTL, B(14), B(14), TGE_0, FWD_R | FWD_ANY_EL, ECV, FWD_L_ANY),
    COND2(C_CNT_EL1NVPCT, CNTHCTL, B(15), B(15), NV2_VHE_GUEST, FWD_RW | FWD_E1, ECV, FWD_L_ANY),
    COND2(C_CNT_EL1NVVCT, CNTHCTL, B(16), B(16), NV2_VHE_GUEST, FWD_RW | FWD_E1, ECV, FWD_L_ANY),

    COND(C_HCRX_nTCR2EN, HCRX, B(14), 0, ALL, TCR2, FWD_L_ANY),
    COND(C_HCRX_nSCTLR2EN, HCRX, B(15), 0, ALL, SCTLR2, FWD_L_ANY),
    /*
     * HCRX_EL2.EnALS/EnAS0/EnASR trap only when HCR_EL2.{E2H, TGE} != {1, 1} (Arm ARM
     * "HCRX_EL2"): E2H == 0 OR TGE == 0, ORed by X_HCRX_nEN*.
     */
    COND2(C_HCRX_nENALS, HCRX, B(1), 0, E2H_0, ALL, LS64, FWD_L_ANY),
    COND2(C_HCRX_nENALS_TGE0, HCRX, B(1), 0, TGE_0, ALL, LS64, FWD_L_ANY),
    COND2(C_HCRX_nENAS0, HCRX, B(0), 0, E2H_0, ALL, LS64_ACCDATA, FWD_L_ANY),
    COND2(C_HCRX_nENAS0_TGE0, HCRX, B(0), 0, TGE_0, ALL, LS64_ACCDATA, FWD_L_ANY),
    COND2(C_HCRX_nENASR, HCRX, B(2), 0, E2H_0, ALL, LS64_V, FWD_L_ANY),
    COND2(C_HCRX_nENASR_TGE0, HCRX, B(2), 0, TGE_0, ALL, LS64_V, FWD_L_ANY),
    /* HCRX_EL2.MCE2: the Memory Copy and Memory Set exceptions of EL1 go to EL2, while
     * HCR_EL2.{E2H, TGE} != {1, 1} (Arm ARM "HCRX_EL2", MCE2). */
    COND2(C_HCRX_MCE2, HCRX, B(10), B(10), E2H_0, ALL, MOPS, FWD_L_ANY),
    COND2(C_HCRX_MCE2_TGE0, HCRX, B(10), B(10), TGE_0, ALL, MOPS, FWD_L_ANY),
    /* HCRX_EL2.TALLINT: EL1's MSR ALLINT, Xt and MSR ALLINT, #1 (writes only; Arm ARM
     * "HCRX_EL2", TALLINT). */
    COND(C_HCRX_TALLINT, HCRX, B(6), B(6), FWD_W | FWD_E1, NMI, FWD_L_ANY),

    /* ICH_HCR_EL2 (IHI 0069 "ICH_HCR_EL2"): TC, TALL0, TALL1, TDIR. */
    COND(C_ICH_TC, ICH, B(10), B(10), ALL, GICV3, FWD_L_ANY),
    COND(C_ICH_TALL0, ICH, B(11), B(11), ALL, GICV3, FWD_L_ANY),
    COND(C_ICH_TALL1, ICH, B(12), B(12), ALL, GICV3, FWD_L_ANY),
    COND(C_ICH_TDIR, ICH, B(14), B(14), ALL, GICV3, FWD_L_ANY),
};

/* -------------------------------------------------------------- composites */
#define MCB(id, ...) [(id)-C__SIMPLE_END] = {(id), {__VA_ARGS__}, __LINE__}

const struct fwd_combo nvarm__fwd_combos[C__END - C__SIMPLE_END] = {
    MCB(X_TID2_TID4, C_HCR_TID2, C_HCR_TID4),
    MCB(X_TTLB_TTLBIS, C_HCR_TTLB, C_HCR_TTLBIS),
    MCB(X_TTLB_TTLBOS, C_HCR_TTLB, C_HCR_TTLBOS),
    MCB(X_TVM_TRVM, C_HCR_TVM, C_HCR_TRVM),
    MCB(X_TVM_TRVM_TCR2, C_HCR_TVM, C_HCR_TRVM, C_HCRX_nTCR2EN),
    MCB(X_TVM_TRVM_SCTLR2, C_HCR_TVM, C_HCR_TRVM, C_HCRX_nSCTLR2EN),
    MCB(X_TPU_TICAB, C_HCR_TPU, C_HCR_TICAB),
    MCB(X_TPU_TOCU, C_HCR_TPU, C_HCR_TOCU),
    MCB(X_NV1_nNV2_ENSCXT, C_HCR_NV1_nNV2, C_HCR_nENSCXT),
    MCB(X_TPM_TPMCR, C_MDCR_TPM, C_MDCR_TPMCR),
    MCB(X_TDE_TDA, C_MDCR_TDE, C_MDCR_TDA),
    MCB(X_TDE_TDOSA, C_MDCR_TDE, C_MDCR_TDOSA),
    MCB(X_TDE_TDRA, C_MDCR_TDE, C_MDCR_TDRA),
    MCB(X_TDCC_TDE_TDA, C_MDCR_TDCC, C_MDCR_TDE, C_MDCR_TDA),
    MCB(X_IMO_FMO_TC, C_HCR_IMO, C_HCR_FMO, C_ICH_TC),
    MCB(X_TC_TDIR, C_ICH_TC, C_ICH_TDIR),
    MCB(X_CPTR_TTA, C_CPTR0_TTA, C_CPTR1_TTA),
    MCB(X_CPTR_FP, C_CPTR0_TFP, C_CPTR1_FPEN0, C_CPTR1_FPEN01),
    MCB(X_CPTR_SVE, C_CPTR0_TZ, C_CPTR1_ZEN0, C_CPTR1_ZEN01),
    MCB(X_CPTR_SME, C_CPTR0_TSM, C_CPTR1_SMEN0, C_CPTR1_SMEN01),
    MCB(X_CNT_PCT, C_CNT0_nEL1PCTEN, C_CNT1_nEL1PCTEN, C_CNT1_nEL0PCTEN),
    MCB(X_CNT_PT, C_CNT0_nEL1PCEN, C_CNT1_nEL1PTEN, C_CNT1_nEL0PTEN),
    MCB(X_CNT_VCT, C_CNT_EL1TVCT, C_CNT_EL1TVCT_TGE0, C_CNT1_nEL0VCTEN),
    MCB(X_CNT_VT, C_CNT_EL1TVT, C_CNT_EL1TVT_TGE0, C_CNT1_nEL0VTEN),
    /* EL12 and EL02 accessors: trapped with NV unless {NV2, NV1} = {1, 0} (then VNCR page) */
    MCB(X_NV_nNV2_NV1, C_HCR_NV_nNV2, C_HCR_NV_NV1),
    /* *_EL02 timer registers: as X_NV_nNV2_NV1, or by EL1NV*CT with '101'. */
    MCB(X_CNT_NVPCT, C_HCR_NV_nNV2, C_HCR_NV_NV1, C_CNT_EL1NVPCT),
    MCB(X_CNT_NVVCT, C_HCR_NV_nNV2, C_HCR_NV_NV1, C_CNT_EL1NVVCT),
    /* LS64 traps: {E2H, TGE} != {1, 1}. */
    MCB(X_HCRX_nENALS, C_HCRX_nENALS, C_HCRX_nENALS_TGE0),
    MCB(X_HCRX_nENAS0, C_HCRX_nENAS0, C_HCRX_nENAS0_TGE0),
    MCB(X_HCRX_nENASR, C_HCRX_nENASR, C_HCRX_nENASR_TGE0),
    MCB(X_HCRX_MCE2, C_HCRX_MCE2, C_HCRX_MCE2_TGE0),
};

/* ------------------------------------------------------------- FGT bits */
#define FGB(r, m, neg, f)                                                                          \
	{                                                                                          \
		(m), NVARM_FWD_##r, (neg), F(f), __LINE__                                          \
	}
/* HFGRTR/HFGWTR bits that exist without any extra feature. */
#define HFG_BASE (GM(3, 0) | GM(18, 9) | GM(29, 24) | GM(38, 32))

const struct fwd_fgt_bit nvarm__fwd_fgt_bits[] = {
    /* HFGRTR_EL2 (Arm ARM D19.2 "HFGRTR_EL2") */
    FGB(HFGRTR_EL2, HFG_BASE, 0, FGT),
    FGB(HFGRTR_EL2, GM(8, 4), 0, PAUTH),       /* APDAKey APDBKey APGAKey APIAKey APIBKey */
    FGB(HFGRTR_EL2, GM(23, 19), 0, LOR),       /* LORC LOREA LORID LORN LORSA */
    FGB(HFGRTR_EL2, GM(31, 30), 0, CSV2_SCXT), /* SCXTNUM_EL1, SCXTNUM_EL0 */
    FGB(HFGRTR_EL2, B(39), 0, GICV3),	       /* ICC_IGRPENn_EL1 */
    FGB(HFGRTR_EL2, GM(49, 40), 0, RAS),       /* ERRIDR .. ERXADDR */
    FGB(HFGRTR_EL2, B(50), 1, LS64_ACCDATA),   /* nACCDATA_EL1 */
    FGB(HFGRTR_EL2, GM(55, 54), 1, SME),       /* nSMPRI_EL1, nTPIDR2_EL0 */
    FGB(HFGRTR_EL2, GM(58, 57), 1, S1PIE),     /* nPIRE0_EL1, nPIR_EL1 */
    FGB(HFGRTR_EL2, GM(60, 59), 1, S1POE),     /* nPOR_EL0, nPOR_EL1 */
    /* HFGWTR_EL2: same layout, read-only registers' bits are RES0. */
    FGB(HFGWTR_EL2,
	B(0) | B(1) | B(3) | B(11) | B(12) | B(13) | B(16) | B(17) | B(24) | B(27) | B(29) |
	    GM(38, 32),
	0, FGT),
    FGB(HFGWTR_EL2, GM(8, 4), 0, PAUTH),
    FGB(HFGWTR_EL2, B(19) | B(20) | B(22) | B(23), 0, LOR),
    FGB(HFGWTR_EL2, GM(31, 30), 0, CSV2_SCXT),
    FGB(HFGWTR_EL2, B(39), 0, GICV3),
    FGB(HFGWTR_EL2, B(41) | B(43) | B(44) | B(45) | B(47) | B(48) | B(49), 0, RAS),
    FGB(HFGWTR_EL2, B(50), 1, LS64_ACCDATA),
    FGB(HFGWTR_EL2, GM(55, 54), 1, SME),
    FGB(HFGWTR_EL2, GM(58, 57), 1, S1PIE),
    FGB(HFGWTR_EL2, GM(60, 59), 1, S1POE),
    /* HFGITR_EL2 (Arm ARM D19.2 "HFGITR_EL2") */
    FGB(HFGITR_EL2, GM(17, 0) | GM(23, 18) | GM(33, 28) | GM(47, 42) | B(54), 0, FGT),
    FGB(HFGITR_EL2, GM(27, 24) | GM(41, 34), 0, TLBIRANGE),
    FGB(HFGITR_EL2, GM(50, 48), 0, SPECRES), /* CFPRCTX DVPRCTX CPPRCTX */
    FGB(HFGITR_EL2, GM(53, 51), 0, FGT),     /* ERET SVC_EL0 SVC_EL1 */
    FGB(HFGITR_EL2, GM(56, 55), 1, BRBE),    /* nBRBINJ, nBRBIALL */
    /* HDFGRTR_EL2 / HDFGWTR_EL2 (Arm ARM D19.3) */
    FGB(HDFGRTR_EL2, GM(7, 0) | GM(11, 9), 0, FGT), /* DBG*, MDSCR, OSLSR, OSECCR, OSDLR */
    /* PMEVCNTRn .. PMSELR, PMMIR, PMUSERENR_EL0 (57), PMCEIDn_EL0 (58) */
    FGB(HDFGRTR_EL2, GM(19, 12) | B(22) | GM(58, 57), 0, PMU),
    FGB(HDFGRTR_EL2, GM(32, 23) | B(63), 0, SPE), /* PMBLIMITR .. PMSLATFR, PMBIDR_EL1 */
    /* nPMSNEVFR_EL1: FEAT_SPE_FnE, not modelled apart from FEAT_SPE. */
    FGB(HDFGRTR_EL2, B(62), 1, SPE),
    /*
     * TRBBASER (50), TRBIDR (51), TRBLIMITR, TRBMAR, TRBPTR, TRBSR, TRBTRG (56); bit 49
     * RES0. The read-only ID registers TRBIDR_EL1 and PMBIDR_EL1 are not trapped by
     * MDCR_EL2.E2TB/E2PB (KVM's emulate-nested.c agrees): their rules have FGT only.
     */
    FGB(HDFGRTR_EL2, GM(56, 50), 0, TRBE),
    FGB(HDFGWTR_EL2, GM(5, 0) | B(7) | B(8) | B(10) | B(11), 0, FGT), /* .., OSLAR */
    FGB(HDFGWTR_EL2, GM(21, 12) | B(57), 0, PMU),      /* PMEVCNTRn .. PMCR_EL0, PMUSERENR_EL0 */
    FGB(HDFGWTR_EL2, GM(29, 23) | GM(32, 31), 0, SPE), /* no PMSIDR (30): read-only */
    FGB(HDFGWTR_EL2, B(62), 1, SPE),		       /* nPMSNEVFR_EL1 */
    FGB(HDFGWTR_EL2, B(50) | GM(56, 52), 0, TRBE),     /* no TRBIDR (51): read-only */
    FGB(HDFGWTR_EL2, B(49), 0, TRF), /* TRFCR_EL1 (write only: HDFGRTR[49] RES0) */
    /*
     * Trace unit (FEAT_TRC_SR): TRC (33, the registers without their own bit),
     * TRCAUTHSTATUS (34, RO), TRCAUXCTLR, TRCCLAIM, TRCCNTVRn (37), TRCID (40, RO),
     * TRCIMSPECn, TRCOSLAR (42, WO), TRCOSLSR (43, RO), TRCPRGCTLR, TRCSEQSTR,
     * TRCSSCSRn, TRCSTATR (47, RO), TRCVICTLR (48).
     */
    FGB(HDFGRTR_EL2, GM(37, 33) | GM(41, 40) | GM(48, 43), 0, TRACE),
    FGB(HDFGWTR_EL2, B(33) | GM(37, 35) | GM(42, 41) | GM(46, 44) | B(48), 0, TRACE),
    /* HAFGRTR_EL2: AMCNTEN0, AMEVCNTR0<0..3>, AMCNTEN1 */
    FGB(HAFGRTR_EL2, GM(4, 0) | B(17), 0, AMU),
};
const size_t nvarm__fwd_nr_fgt_bits = NVARM_ARRAY_SIZE(nvarm__fwd_fgt_bits);

/* ----------------------------------------------------------- sysreg rules */
#define E FWD_KEY
/* One encoding: cgt, FGT group and bit, feature, flags. */
#define R1(...) R1_(__VA_ARGS__)
#define R1_(a, b, c, d, e, cgt, g, bit, f, fl)                                                     \
	{                                                                                          \
		E(a, b, c, d, e), E(a, b, c, d, e), (cgt), (g), (bit), F(f), (fl), 0, __LINE__     \
	}
/* An inclusive range of encodings. */
#define RN(...) RN_(__VA_ARGS__)
#define RN_(a, b, c, d, e, p, q, r, s, t, cgt, g, bit, f, fl)                                      \
	{                                                                                          \
		E(a, b, c, d, e), E(p, q, r, s, t), (cgt), (g), (bit), F(f), (fl), 0, __LINE__     \
	}
#define NOF G_NONE, 0
#define U   FWD_F_UNDEF
#define PI  FWD_F_PMU_IDX
#define NM  FWD_F_NV2MEM
/* The four breakpoint/watchpoint registers of one index n (DBG[BW][VC]R<n>_EL1). */
#define DBGBW(n)                                                                                   \
	R1(2, 0, 0, n, 4, X_TDE_TDA, G_HDFGxTR, 1, BASE, 0),                                       \
	    R1(2, 0, 0, n, 5, X_TDE_TDA, G_HDFGxTR, 0, BASE, 0),                                   \
	    R1(2, 0, 0, n, 6, X_TDE_TDA, G_HDFGxTR, 3, BASE, 0),                                   \
	    R1(2, 0, 0, n, 7, X_TDE_TDA, G_HDFGxTR, 2, BASE, 0)

const struct fwd_rule nvarm__fwd_rules[] = {
    /* BEGIN SORTED RULES */
    /* MSR ALLINT, #1 (MSR immediate: op0 0, op1 1, CRn 4, CRm 0b000:imm, op2 0; TALLINT
     * does not trap MSR ALLINT, #0), reported with these fields in the EC 0x18 ISS */
    R1(0, 1, 4, 1, 0, C_HCRX_TALLINT, NOF, NMI, 0),
    R1(1, 0, 7, 1, 0, X_TPU_TICAB, G_HFGITR, 0, BASE, 0),	  /* IC IALLUIS */
    R1(1, 0, 7, 5, 0, X_TPU_TOCU, G_HFGITR, 1, BASE, 0),	  /* IC IALLU */
    R1(1, 0, 7, 6, 1, C_HCR_TPC, G_HFGITR, 3, BASE, 0),		  /* DC IVAC */
    R1(1, 0, 7, 6, 2, C_HCR_TSW, G_HFGITR, 4, BASE, 0),		  /* DC ISW */
    R1(1, 0, 7, 6, 3, C_HCR_TPC, G_HFGITR, 3, MTE2, 0),		  /* DC IGVAC */
    R1(1, 0, 7, 6, 4, C_HCR_TSW, G_HFGITR, 4, MTE2, 0),		  /* DC IGSW */
    R1(1, 0, 7, 6, 5, C_HCR_TPC, G_HFGITR, 3, MTE2, 0),		  /* DC IGDVAC */
    R1(1, 0, 7, 6, 6, C_HCR_TSW, G_HFGITR, 4, MTE2, 0),		  /* DC IGDSW */
    R1(1, 0, 7, 8, 0, C_HCR_AT, G_HFGITR, 12, BASE, 0),		  /* AT S1E1R */
    R1(1, 0, 7, 8, 1, C_HCR_AT, G_HFGITR, 13, BASE, 0),		  /* AT S1E1W */
    R1(1, 0, 7, 8, 2, C_HCR_AT, G_HFGITR, 14, BASE, 0),		  /* AT S1E0R */
    R1(1, 0, 7, 8, 3, C_HCR_AT, G_HFGITR, 15, BASE, 0),		  /* AT S1E0W */
    R1(1, 0, 7, 9, 0, C_HCR_AT, G_HFGITR, 16, BASE, 0),		  /* AT S1E1RP */
    R1(1, 0, 7, 9, 1, C_HCR_AT, G_HFGITR, 17, BASE, 0),		  /* AT S1E1WP */
    R1(1, 0, 7, 10, 2, C_HCR_TSW, G_HFGITR, 5, BASE, 0),	  /* DC CSW */
    R1(1, 0, 7, 10, 4, C_HCR_TSW, G_HFGITR, 5, MTE2, 0),	  /* DC CGSW */
    R1(1, 0, 7, 10, 6, C_HCR_TSW, G_HFGITR, 5, MTE2, 0),	  /* DC CGDSW */
    R1(1, 0, 7, 14, 2, C_HCR_TSW, G_HFGITR, 6, BASE, 0),	  /* DC CISW */
    R1(1, 0, 7, 14, 4, C_HCR_TSW, G_HFGITR, 6, MTE2, 0),	  /* DC CIGSW */
    R1(1, 0, 7, 14, 6, C_HCR_TSW, G_HFGITR, 6, MTE2, 0),	  /* DC CIGDSW */
    R1(1, 0, 8, 1, 0, X_TTLB_TTLBOS, G_HFGITR, 18, TLBIOS, 0),	  /* TLBI VMALLE1OS */
    R1(1, 0, 8, 1, 1, X_TTLB_TTLBOS, G_HFGITR, 19, TLBIOS, 0),	  /* TLBI VAE1OS */
    R1(1, 0, 8, 1, 2, X_TTLB_TTLBOS, G_HFGITR, 20, TLBIOS, 0),	  /* TLBI ASIDE1OS */
    R1(1, 0, 8, 1, 3, X_TTLB_TTLBOS, G_HFGITR, 21, TLBIOS, 0),	  /* TLBI VAAE1OS */
    R1(1, 0, 8, 1, 5, X_TTLB_TTLBOS, G_HFGITR, 22, TLBIOS, 0),	  /* TLBI VALE1OS */
    R1(1, 0, 8, 1, 7, X_TTLB_TTLBOS, G_HFGITR, 23, TLBIOS, 0),	  /* TLBI VAALE1OS */
    R1(1, 0, 8, 2, 1, X_TTLB_TTLBIS, G_HFGITR, 34, TLBIRANGE, 0), /* TLBI RVAE1IS */
    R1(1, 0, 8, 2, 3, X_TTLB_TTLBIS, G_HFGITR, 35, TLBIRANGE, 0), /* TLBI RVAAE1IS */
    R1(1, 0, 8, 2, 5, X_TTLB_TTLBIS, G_HFGITR, 36, TLBIRANGE, 0), /* TLBI RVALE1IS */
    R1(1, 0, 8, 2, 7, X_TTLB_TTLBIS, G_HFGITR, 37, TLBIRANGE, 0), /* TLBI RVAALE1IS */
    R1(1, 0, 8, 3, 0, X_TTLB_TTLBIS, G_HFGITR, 28, BASE, 0),	  /* TLBI VMALLE1IS */
    R1(1, 0, 8, 3, 1, X_TTLB_TTLBIS, G_HFGITR, 29, BASE, 0),	  /* TLBI VAE1IS */
    R1(1, 0, 8, 3, 2, X_TTLB_TTLBIS, G_HFGITR, 30, BASE, 0),	  /* TLBI ASIDE1IS */
    R1(1, 0, 8, 3, 3, X_TTLB_TTLBIS, G_HFGITR, 31, BASE, 0),	  /* TLBI VAAE1IS */
    R1(1, 0, 8, 3, 5, X_TTLB_TTLBIS, G_HFGITR, 32, BASE, 0),	  /* TLBI VALE1IS */
    R1(1, 0, 8, 3, 7, X_TTLB_TTLBIS, G_HFGITR, 33, BASE, 0),	  /* TLBI VAALE1IS */
    R1(1, 0, 8, 5, 1, X_TTLB_TTLBOS, G_HFGITR, 24, TLBIRANGE, 0), /* TLBI RVAE1OS */
    R1(1, 0, 8, 5, 3, X_TTLB_TTLBOS, G_HFGITR, 25, TLBIRANGE, 0), /* TLBI RVAAE1OS */
    R1(1, 0, 8, 5, 5, X_TTLB_TTLBOS, G_HFGITR, 26, TLBIRANGE, 0), /* TLBI RVALE1OS */
    R1(1, 0, 8, 5, 7, X_TTLB_TTLBOS, G_HFGITR, 27, TLBIRANGE, 0), /* TLBI RVAALE1OS */
    R1(1, 0, 8, 6, 1, C_HCR_TTLB, G_HFGITR, 38, TLBIRANGE, 0),	  /* TLBI RVAE1 */
    R1(1, 0, 8, 6, 3, C_HCR_TTLB, G_HFGITR, 39, TLBIRANGE, 0),	  /* TLBI RVAAE1 */
    R1(1, 0, 8, 6, 5, C_HCR_TTLB, G_HFGITR, 40, TLBIRANGE, 0),	  /* TLBI RVALE1 */
    R1(1, 0, 8, 6, 7, C_HCR_TTLB, G_HFGITR, 41, TLBIRANGE, 0),	  /* TLBI RVAALE1 */
    R1(1, 0, 8, 7, 0, C_HCR_TTLB, G_HFGITR, 42, BASE, 0),	  /* TLBI VMALLE1 */
    R1(1, 0, 8, 7, 1, C_HCR_TTLB, G_HFGITR, 43, BASE, 0),	  /* TLBI VAE1 */
    R1(1, 0, 8, 7, 2, C_HCR_TTLB, G_HFGITR, 44, BASE, 0),	  /* TLBI ASIDE1 */
    R1(1, 0, 8, 7, 3, C_HCR_TTLB, G_HFGITR, 45, BASE, 0),	  /* TLBI VAAE1 */
    R1(1, 0, 8, 7, 5, C_HCR_TTLB, G_HFGITR, 46, BASE, 0),	  /* TLBI VALE1 */
    R1(1, 0, 8, 7, 7, C_HCR_TTLB, G_HFGITR, 47, BASE, 0),	  /* TLBI VAALE1 */
    /* nXS variants (FEAT_XS): same controls and FGT bits, which do not trap them while
     * HCRX_EL2.FGTnXS is 1 (nvarm_fwd_load, is_nxs_tlbi). */
    R1(1, 0, 9, 1, 0, X_TTLB_TTLBOS, G_HFGITR, 18, XS, 0), /* TLBI VMALLE1OSNXS */
    R1(1, 0, 9, 1, 1, X_TTLB_TTLBOS, G_HFGITR, 19, XS, 0), /* TLBI VAE1OSNXS */
    R1(1, 0, 9, 1, 2, X_TTLB_TTLBOS, G_HFGITR, 20, XS, 0), /* TLBI ASIDE1OSNXS */
    R1(1, 0, 9, 1, 3, X_TTLB_TTLBOS, G_HFGITR, 21, XS, 0), /* TLBI VAAE1OSNXS */
    R1(1, 0, 9, 1, 5, X_TTLB_TTLBOS, G_HFGITR, 22, XS, 0), /* TLBI VALE1OSNXS */
    R1(1, 0, 9, 1, 7, X_TTLB_TTLBOS, G_HFGITR, 23, XS, 0), /* TLBI VAALE1OSNXS */
    R1(1, 0, 9, 2, 1, X_TTLB_TTLBIS, G_HFGITR, 34, XS, 0), /* TLBI RVAE1ISNXS */
    R1(1, 0, 9, 2, 3, X_TTLB_TTLBIS, G_HFGITR, 35, XS, 0), /* TLBI RVAAE1ISNXS */
    R1(1, 0, 9, 2, 5, X_TTLB_TTLBIS, G_HFGITR, 36, XS, 0), /* TLBI RVALE1ISNXS */
    R1(1, 0, 9, 2, 7, X_TTLB_TTLBIS, G_HFGITR, 37, XS, 0), /* TLBI RVAALE1ISNXS */
    R1(1, 0, 9, 3, 0, X_TTLB_TTLBIS, G_HFGITR, 28, XS, 0), /* TLBI VMALLE1ISNXS */
    R1(1, 0, 9, 3, 1, X_TTLB_TTLBIS, G_HFGITR, 29, XS, 0), /* TLBI VAE1ISNXS */
    R1(1, 0, 9, 3, 2, X_TTLB_TTLBIS, G_HFGITR, 30, XS, 0), /* TLBI ASIDE1ISNXS */
    R1(1, 0, 9, 3, 3, X_TTLB_TTLBIS, G_HFGITR, 31, XS, 0), /* TLBI VAAE1ISNXS */
    R1(1, 0, 9, 3, 5, X_TTLB_TTLBIS, G_HFGITR, 32, XS, 0), /* TLBI VALE1ISNXS */
    R1(1, 0, 9, 3, 7, X_TTLB_TTLBIS, G_HFGITR, 33, XS, 0), /* TLBI VAALE1ISNXS */
    R1(1, 0, 9, 5, 1, X_TTLB_TTLBOS, G_HFGITR, 24, XS, 0), /* TLBI RVAE1OSNXS */
    R1(1, 0, 9, 5, 3, X_TTLB_TTLBOS, G_HFGITR, 25, XS, 0), /* TLBI RVAAE1OSNXS */
    R1(1, 0, 9, 5, 5, X_TTLB_TTLBOS, G_HFGITR, 26, XS, 0), /* TLBI RVALE1OSNXS */
    R1(1, 0, 9, 5, 7, X_TTLB_TTLBOS, G_HFGITR, 27, XS, 0), /* TLBI RVAALE1OSNXS */
    R1(1, 0, 9, 6, 1, C_HCR_TTLB, G_HFGITR, 38, XS, 0),	   /* TLBI RVAE1NXS */
    R1(1, 0, 9, 6, 3, C_HCR_TTLB, G_HFGITR, 39, XS, 0),	   /* TLBI RVAAE1NXS */
    R1(1, 0, 9, 6, 5, C_HCR_TTLB, G_HFGITR, 40, XS, 0),	   /* TLBI RVALE1NXS */
    R1(1, 0, 9, 6, 7, C_HCR_TTLB, G_HFGITR, 41, XS, 0),	   /* TLBI RVAALE1NXS */
    R1(1, 0, 9, 7, 0, C_HCR_TTLB, G_HFGITR, 42, XS, 0),	   /* TLBI VMALLE1NXS */
    R1(1, 0, 9, 7, 1, C_HCR_TTLB, G_HFGITR, 43, XS, 0),	   /* TLBI VAE1NXS */
    R1(1, 0, 9, 7, 2, C_HCR_TTLB, G_HFGITR, 44, XS, 0),	   /* TLBI ASIDE1NXS */
    R1(1, 0, 9, 7, 3, C_HCR_TTLB, G_HFGITR, 45, XS, 0),	   /* TLBI VAAE1NXS */
    R1(1, 0, 9, 7, 5, C_HCR_TTLB, G_HFGITR, 46, XS, 0),	   /* TLBI VALE1NXS */
    R1(1, 0, 9, 7, 7, C_HCR_TTLB, G_HFGITR, 47, XS, 0),	   /* TLBI VAALE1NXS */
    R1(1, 1, 7, 2, 4, C_NONE, G_HFGITR, 56, BRBE, 0),	   /* BRB IALL */
    R1(1, 1, 7, 2, 5, C_NONE, G_HFGITR, 55, BRBE, 0),	   /* BRB INJ */
    R1(1, 3, 7, 3, 4, C_HCR_NV, G_HFGITR, 48, SPECRES, 0), /* CFP RCTX */
    R1(1, 3, 7, 3, 5, C_HCR_NV, G_HFGITR, 49, SPECRES, 0), /* DVP RCTX */
    R1(1, 3, 7, 3, 7, C_HCR_NV, G_HFGITR, 50, SPECRES, 0), /* CPP RCTX */
    R1(1, 3, 7, 4, 1, C_HCR_TDZ, G_HFGITR, 11, BASE, 0),   /* DC ZVA */
    R1(1, 3, 7, 4, 3, C_HCR_TDZ, G_HFGITR, 11, MTE2, 0),   /* DC GVA */
    R1(1, 3, 7, 4, 4, C_HCR_TDZ, G_HFGITR, 11, MTE2, 0),   /* DC GZVA */
    R1(1, 3, 7, 5, 1, X_TPU_TOCU, G_HFGITR, 2, BASE, 0),   /* IC IVAU */
    R1(1, 3, 7, 10, 1, C_HCR_TPC, G_HFGITR, 54, BASE, 0),  /* DC CVAC */
    R1(1, 3, 7, 10, 3, C_HCR_TPC, G_HFGITR, 54, MTE2, 0),  /* DC CGVAC */
    R1(1, 3, 7, 10, 5, C_HCR_TPC, G_HFGITR, 54, MTE2, 0),  /* DC CGDVAC */
    R1(1, 3, 7, 11, 1, X_TPU_TOCU, G_HFGITR, 7, BASE, 0),  /* DC CVAU */
    R1(1, 3, 7, 12, 1, C_HCR_TPC, G_HFGITR, 8, DPB, 0),	   /* DC CVAP */
    R1(1, 3, 7, 12, 3, C_HCR_TPC, G_HFGITR, 8, MTE2, 0),   /* DC CGVAP */
    R1(1, 3, 7, 12, 5, C_HCR_TPC, G_HFGITR, 8, MTE2, 0),   /* DC CGDVAP */
    R1(1, 3, 7, 13, 1, C_HCR_TPC, G_HFGITR, 9, DPB2, 0),   /* DC CVADP */
    R1(1, 3, 7, 13, 3, C_HCR_TPC, G_HFGITR, 9, MTE2, 0),   /* DC CGVADP */
    R1(1, 3, 7, 13, 5, C_HCR_TPC, G_HFGITR, 9, MTE2, 0),   /* DC CGDVADP */
    R1(1, 3, 7, 14, 1, C_HCR_TPC, G_HFGITR, 10, BASE, 0),  /* DC CIVAC */
    R1(1, 3, 7, 14, 3, C_HCR_TPC, G_HFGITR, 10, MTE2, 0),  /* DC CIGVAC */
    R1(1, 3, 7, 14, 5, C_HCR_TPC, G_HFGITR, 10, MTE2, 0),  /* DC CIGDVAC */
    /* EL2 maintenance (op1 = 4): AT S1E2*, S12E*; every TLBI *E2, *E1 from EL2. */
    RN(1, 4, 7, 8, 0, 1, 4, 7, 8, 7, C_HCR_NV, NOF, BASE, U),  /* AT S1E2R .. S12E0W */
    RN(1, 4, 8, 0, 0, 1, 4, 9, 15, 7, C_HCR_NV, NOF, BASE, U), /* TLBI ..E2, ..S12E1, IPAS2 */
    RN(1, 6, 7, 8, 0, 1, 6, 9, 15, 7, C_NONE, NOF, BASE, U),   /* AT S1E3*, TLBI *E3 */
    /* Debug (op0 = 2) */
    R1(2, 0, 0, 0, 2, X_TDCC_TDE_TDA, NOF, BASE, 0),			 /* OSDTRRX_EL1 */
    DBGBW(0), DBGBW(1), R1(2, 0, 0, 2, 0, X_TDCC_TDE_TDA, NOF, BASE, 0), /* MDCCINT_EL1 */
    R1(2, 0, 0, 2, 2, X_TDE_TDA, G_HDFGxTR, 4, BASE, 0),		 /* MDSCR_EL1 */
    DBGBW(2), R1(2, 0, 0, 3, 2, X_TDCC_TDE_TDA, NOF, BASE, 0),		 /* OSDTRTX_EL1 */
    DBGBW(3), DBGBW(4), DBGBW(5),
    R1(2, 0, 0, 6, 2, X_TDE_TDA, G_HDFGxTR, 10, BASE, 0), /* OSECCR_EL1 */
    DBGBW(6), DBGBW(7), DBGBW(8), DBGBW(9), DBGBW(10), DBGBW(11), DBGBW(12), DBGBW(13), DBGBW(14),
    DBGBW(15), R1(2, 0, 1, 0, 0, X_TDE_TDRA, NOF, BASE, 0), /* MDRAR_EL1 */
    R1(2, 0, 1, 0, 4, X_TDE_TDOSA, G_HDFGxTR, 8, BASE, 0),  /* OSLAR_EL1 */
    R1(2, 0, 1, 1, 4, X_TDE_TDOSA, G_HDFGxTR, 9, BASE, 0),  /* OSLSR_EL1 */
    R1(2, 0, 1, 3, 4, X_TDE_TDOSA, G_HDFGxTR, 11, BASE, 0), /* OSDLR_EL1 */
    R1(2, 0, 1, 4, 4, X_TDE_TDOSA, G_HDFGxTR, 7, BASE, 0),  /* DBGPRCR_EL1 */
    R1(2, 0, 7, 8, 6, X_TDE_TDA, G_HDFGxTR, 5, BASE, 0),    /* DBGCLAIMSET_EL1 */
    R1(2, 0, 7, 9, 6, X_TDE_TDA, G_HDFGxTR, 5, BASE, 0),    /* DBGCLAIMCLR_EL1 */
    R1(2, 0, 7, 14, 6, X_TDE_TDA, G_HDFGxTR, 6, BASE, 0),   /* DBGAUTHSTATUS_EL1 */
    /*
     * Trace unit (op0 = 2, op1 = 1, CRn < 8): CPTR_EL2.TTA for all, HDFGxTR bit per
     * register. Unallocated encodings share the bit of the register before them (they
     * were already TTA-forwarded): fewer rules, and the hardware UNDEFs them first.
     */
    R1(2, 1, 0, 0, 0, X_CPTR_TTA, NOF, TRACE, 0),			   /* unallocated */
    R1(2, 1, 0, 0, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0),		   /* TRCTRACEIDR */
    RN(2, 1, 0, 0, 2, 2, 1, 0, 0, 3, X_CPTR_TTA, G_HDFGxTR, 48, TRACE, 0), /* TRCVICTLR */
    RN(2, 1, 0, 0, 4, 2, 1, 0, 0, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0),						    /* TRCSEQEVR0 .. TRCCNTRLDVR0 */
    R1(2, 1, 0, 0, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCIDR8 */
    R1(2, 1, 0, 0, 7, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC0 */
    R1(2, 1, 0, 1, 0, X_CPTR_TTA, G_HDFGxTR, 44, TRACE, 0), /* TRCPRGCTLR */
    RN(2, 1, 0, 1, 1, 2, 1, 0, 1, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0),						    /* TRCQCTLR .. TRCCNTRLDVR1 */
    R1(2, 1, 0, 1, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCIDR9 */
    RN(2, 1, 0, 1, 7, 2, 1, 0, 2, 1, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC1 */
    RN(2, 1, 0, 2, 2, 2, 1, 0, 2, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0),						    /* TRCVISSCTLR .. TRCCNTRLDVR2 */
    R1(2, 1, 0, 2, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCIDR10 */
    R1(2, 1, 0, 2, 7, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC2 */
    RN(2, 1, 0, 3, 0, 2, 1, 0, 3, 1, X_CPTR_TTA, G_HDFGxTR, 47, TRACE, 0), /* TRCSTATR */
    RN(2, 1, 0, 3, 2, 2, 1, 0, 3, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0),						    /* TRCVIPCSSCTLR .. TRCCNTRLDVR3 */
    R1(2, 1, 0, 3, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCIDR11 */
    R1(2, 1, 0, 3, 7, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC3 */
    RN(2, 1, 0, 4, 0, 2, 1, 0, 4, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0),						    /* TRCCONFIGR .. TRCCNTCTLR0 */
    R1(2, 1, 0, 4, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCIDR12 */
    RN(2, 1, 0, 4, 7, 2, 1, 0, 5, 4, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC4 */
    R1(2, 1, 0, 5, 5, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0),		   /* TRCCNTCTLR1 */
    R1(2, 1, 0, 5, 6, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		   /* TRCIDR13 */
    R1(2, 1, 0, 5, 7, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0),		   /* TRCIMSPEC5 */
    RN(2, 1, 0, 6, 0, 2, 1, 0, 6, 3, X_CPTR_TTA, G_HDFGxTR, 35, TRACE, 0), /* TRCAUXCTLR */
    RN(2, 1, 0, 6, 4, 2, 1, 0, 6, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCSEQRSTEVR .. TRCCNTCTLR2 */
    RN(2, 1, 0, 6, 7, 2, 1, 0, 7, 3, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0), /* TRCIMSPEC6 */
    R1(2, 1, 0, 7, 4, X_CPTR_TTA, G_HDFGxTR, 45, TRACE, 0),		   /* TRCSEQSTR */
    RN(2, 1, 0, 7, 5, 2, 1, 0, 7, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0), /* TRCCNTCTLR3 */
    R1(2, 1, 0, 7, 7, X_CPTR_TTA, G_HDFGxTR, 41, TRACE, 0),		   /* TRCIMSPEC7 */
    RN(2, 1, 0, 8, 0, 2, 1, 0, 8, 4, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCEVENTCTL0R .. TRCEXTINSELR0 */
    RN(2, 1, 0, 8, 5, 2, 1, 0, 8, 6, X_CPTR_TTA, G_HDFGxTR, 37, TRACE, 0), /* TRCCNTVR0 */
    R1(2, 1, 0, 8, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		   /* TRCIDR0 */
    RN(2, 1, 0, 9, 0, 2, 1, 0, 9, 4, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCEVENTCTL1R .. TRCEXTINSELR1 */
    RN(2, 1, 0, 9, 5, 2, 1, 0, 9, 6, X_CPTR_TTA, G_HDFGxTR, 37, TRACE, 0), /* TRCCNTVR1 */
    R1(2, 1, 0, 9, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		   /* TRCIDR1 */
    RN(2, 1, 0, 10, 0, 2, 1, 0, 10, 4, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSR .. TRCEXTINSELR2 */
    RN(2, 1, 0, 10, 5, 2, 1, 0, 10, 6, X_CPTR_TTA, G_HDFGxTR, 37, TRACE, 0), /* TRCCNTVR2 */
    R1(2, 1, 0, 10, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		     /* TRCIDR2 */
    RN(2, 1, 0, 11, 0, 2, 1, 0, 11, 4, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCSTALLCTLR .. TRCEXTINSELR3 */
    RN(2, 1, 0, 11, 5, 2, 1, 0, 11, 6, X_CPTR_TTA, G_HDFGxTR, 37, TRACE, 0), /* TRCCNTVR3 */
    R1(2, 1, 0, 11, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		     /* TRCIDR3 */
    RN(2, 1, 0, 12, 0, 2, 1, 0, 12, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0), /* TRCTSCTLR */
    R1(2, 1, 0, 12, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		     /* TRCIDR4 */
    RN(2, 1, 0, 13, 0, 2, 1, 0, 13, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0), /* TRCSYNCPR */
    R1(2, 1, 0, 13, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		     /* TRCIDR5 */
    RN(2, 1, 0, 14, 0, 2, 1, 0, 14, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0), /* TRCCCCTLR */
    R1(2, 1, 0, 14, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),		     /* TRCIDR6 */
    RN(2, 1, 0, 15, 0, 2, 1, 0, 15, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE, 0), /* TRCBBCTLR */
    RN(2, 1, 0, 15, 7, 2, 1, 1, 0, 0, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0),  /* TRCIDR7 */
    RN(2, 1, 1, 0, 1, 2, 1, 1, 0, 3, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR16 .. TRCSSPCICR0 */
    RN(2, 1, 1, 0, 4, 2, 1, 1, 1, 0, X_CPTR_TTA, G_HDFGxTR, 42, TRACE, 0), /* TRCOSLAR */
    RN(2, 1, 1, 1, 1, 2, 1, 1, 1, 3, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR17 .. TRCSSPCICR1 */
    RN(2, 1, 1, 1, 4, 2, 1, 1, 1, 7, X_CPTR_TTA, G_HDFGxTR, 43, TRACE, 0), /* TRCOSLSR */
    RN(2, 1, 1, 2, 0, 2, 1, 1, 8, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR2 .. TRCRSCTLR24 */
    RN(2, 1, 1, 8, 2, 2, 1, 1, 8, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR0 */
    RN(2, 1, 1, 9, 0, 2, 1, 1, 9, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR9 .. TRCRSCTLR25 */
    RN(2, 1, 1, 9, 2, 2, 1, 1, 9, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR1 */
    RN(2, 1, 1, 10, 0, 2, 1, 1, 10, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR10 .. TRCRSCTLR26 */
    RN(2, 1, 1, 10, 2, 2, 1, 1, 10, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR2 */
    RN(2, 1, 1, 11, 0, 2, 1, 1, 11, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR11 .. TRCRSCTLR27 */
    RN(2, 1, 1, 11, 2, 2, 1, 1, 11, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR3 */
    RN(2, 1, 1, 12, 0, 2, 1, 1, 12, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR12 .. TRCRSCTLR28 */
    RN(2, 1, 1, 12, 2, 2, 1, 1, 12, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR4 */
    RN(2, 1, 1, 13, 0, 2, 1, 1, 13, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR13 .. TRCRSCTLR29 */
    RN(2, 1, 1, 13, 2, 2, 1, 1, 13, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR5 */
    RN(2, 1, 1, 14, 0, 2, 1, 1, 14, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR14 .. TRCRSCTLR30 */
    RN(2, 1, 1, 14, 2, 2, 1, 1, 14, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR6 */
    RN(2, 1, 1, 15, 0, 2, 1, 1, 15, 1, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCRSCTLR15 .. TRCRSCTLR31 */
    RN(2, 1, 1, 15, 2, 2, 1, 1, 15, 7, X_CPTR_TTA, G_HDFGxTR, 46, TRACE, 0), /* TRCSSCSR7 */
    RN(2, 1, 2, 0, 0, 2, 1, 7, 2, 6, X_CPTR_TTA, G_HDFGxTR, 33, TRACE,
       0), /* TRCACVR0 .. TRCVMIDCVR7 */
    RN(2, 1, 7, 2, 7, 2, 1, 7, 8, 5, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCDEVID */
    RN(2, 1, 7, 8, 6, 2, 1, 7, 14, 5, X_CPTR_TTA, G_HDFGxTR, 36, TRACE,
       0), /* TRCCLAIMSET .. TRCCLAIMCLR */
    RN(2, 1, 7, 14, 6, 2, 1, 7, 15, 5, X_CPTR_TTA, G_HDFGxTR, 34, TRACE, 0), /* TRCAUTHSTATUS */
    RN(2, 1, 7, 15, 6, 2, 1, 7, 15, 7, X_CPTR_TTA, G_HDFGxTR, 40, TRACE, 0), /* TRCDEVARCH */
    R1(2, 3, 0, 1, 0, X_TDCC_TDE_TDA, NOF, BASE, 0),			     /* MDCCSR_EL0 */
    R1(2, 3, 0, 4, 0, X_TDCC_TDE_TDA, NOF, BASE, 0),			     /* DBGDTR_EL0 */
    R1(2, 3, 0, 5, 0, X_TDCC_TDE_TDA, NOF, BASE, 0),			     /* DBGDTRRX/TX_EL0 */
    /* System registers (op0 = 3), op1 = 0 */
    R1(3, 0, 0, 0, 0, C_NONE, G_HFGxTR, 25, BASE, 0),		       /* MIDR_EL1 */
    R1(3, 0, 0, 0, 5, C_NONE, G_HFGxTR, 26, BASE, 0),		       /* MPIDR_EL1 */
    R1(3, 0, 0, 0, 6, C_HCR_TID1, G_HFGxTR, 28, BASE, 0),	       /* REVIDR_EL1 */
    RN(3, 0, 0, 1, 0, 3, 0, 0, 7, 7, C_HCR_TID3, NOF, BASE, 0),	       /* ID space (ID_*_EL1) */
    R1(3, 0, 1, 0, 0, X_TVM_TRVM, G_HFGxTR, 29, BASE, 0),	       /* SCTLR_EL1 */
    R1(3, 0, 1, 0, 1, C_HCR_TACR, NOF, BASE, 0),		       /* ACTLR_EL1 */
    R1(3, 0, 1, 0, 2, C_CPTR_TCPAC, G_HFGxTR, 12, BASE, 0),	       /* CPACR_EL1 */
    R1(3, 0, 1, 0, 3, X_TVM_TRVM_SCTLR2, G_HFGxTR, 29, SCTLR2, 0),     /* SCTLR2_EL1 */
    R1(3, 0, 1, 2, 1, C_MDCR_TTRF, G_HDFGxTR, 49, TRF, 0),	       /* TRFCR_EL1 */
    R1(3, 0, 1, 2, 4, C_NONE, G_HFGxTR, 54, SME, 0),		       /* SMPRI_EL1 */
    R1(3, 0, 2, 0, 0, X_TVM_TRVM, G_HFGxTR, 36, BASE, 0),	       /* TTBR0_EL1 */
    R1(3, 0, 2, 0, 1, X_TVM_TRVM, G_HFGxTR, 37, BASE, 0),	       /* TTBR1_EL1 */
    R1(3, 0, 2, 0, 2, X_TVM_TRVM, G_HFGxTR, 32, BASE, 0),	       /* TCR_EL1 */
    R1(3, 0, 2, 0, 3, X_TVM_TRVM_TCR2, G_HFGxTR, 32, TCR2, 0),	       /* TCR2_EL1 */
    R1(3, 0, 2, 1, 0, C_HCR_nAPK, G_HFGxTR, 7, PAUTH, 0),	       /* APIAKEYLO_EL1 */
    R1(3, 0, 2, 1, 1, C_HCR_nAPK, G_HFGxTR, 7, PAUTH, 0),	       /* APIAKEYHI_EL1 */
    R1(3, 0, 2, 1, 2, C_HCR_nAPK, G_HFGxTR, 8, PAUTH, 0),	       /* APIBKEYLO_EL1 */
    R1(3, 0, 2, 1, 3, C_HCR_nAPK, G_HFGxTR, 8, PAUTH, 0),	       /* APIBKEYHI_EL1 */
    R1(3, 0, 2, 2, 0, C_HCR_nAPK, G_HFGxTR, 4, PAUTH, 0),	       /* APDAKEYLO_EL1 */
    R1(3, 0, 2, 2, 1, C_HCR_nAPK, G_HFGxTR, 4, PAUTH, 0),	       /* APDAKEYHI_EL1 */
    R1(3, 0, 2, 2, 2, C_HCR_nAPK, G_HFGxTR, 5, PAUTH, 0),	       /* APDBKEYLO_EL1 */
    R1(3, 0, 2, 2, 3, C_HCR_nAPK, G_HFGxTR, 5, PAUTH, 0),	       /* APDBKEYHI_EL1 */
    R1(3, 0, 2, 3, 0, C_HCR_nAPK, G_HFGxTR, 6, PAUTH, 0),	       /* APGAKEYLO_EL1 */
    R1(3, 0, 2, 3, 1, C_HCR_nAPK, G_HFGxTR, 6, PAUTH, 0),	       /* APGAKEYHI_EL1 */
    R1(3, 0, 4, 0, 0, C_HCR_NV1_nNV2, NOF, BASE, 0),		       /* SPSR_EL1 */
    R1(3, 0, 4, 0, 1, C_HCR_NV1_nNV2, NOF, BASE, 0),		       /* ELR_EL1 */
    R1(3, 0, 4, 3, 0, C_HCRX_TALLINT, NOF, NMI, 0),		       /* ALLINT */
    R1(3, 0, 4, 6, 0, C_ICH_TC, NOF, GICV3, 0),			       /* ICC_PMR_EL1 */
    R1(3, 0, 5, 1, 0, X_TVM_TRVM, G_HFGxTR, 0, BASE, 0),	       /* AFSR0_EL1 */
    R1(3, 0, 5, 1, 1, X_TVM_TRVM, G_HFGxTR, 1, BASE, 0),	       /* AFSR1_EL1 */
    R1(3, 0, 5, 2, 0, X_TVM_TRVM, G_HFGxTR, 16, BASE, 0),	       /* ESR_EL1 */
    R1(3, 0, 5, 3, 0, C_HCR_TERR, G_HFGxTR, 40, RAS, 0),	       /* ERRIDR_EL1 */
    R1(3, 0, 5, 3, 1, C_HCR_TERR, G_HFGxTR, 41, RAS, 0),	       /* ERRSELR_EL1 */
    R1(3, 0, 5, 4, 0, C_HCR_TERR, G_HFGxTR, 42, RAS, 0),	       /* ERXFR_EL1 */
    R1(3, 0, 5, 4, 1, C_HCR_TERR, G_HFGxTR, 43, RAS, 0),	       /* ERXCTLR_EL1 */
    R1(3, 0, 5, 4, 2, C_HCR_TERR, G_HFGxTR, 44, RAS, 0),	       /* ERXSTATUS_EL1 */
    R1(3, 0, 5, 4, 3, C_HCR_TERR, G_HFGxTR, 49, RAS, 0),	       /* ERXADDR_EL1 */
    R1(3, 0, 5, 4, 4, C_HCR_nFIEN, G_HFGxTR, 46, RASV1P1, 0),	       /* ERXPFGF_EL1 */
    R1(3, 0, 5, 4, 5, C_HCR_nFIEN, G_HFGxTR, 47, RASV1P1, 0),	       /* ERXPFGCTL_EL1 */
    R1(3, 0, 5, 4, 6, C_HCR_nFIEN, G_HFGxTR, 48, RASV1P1, 0),	       /* ERXPFGCDN_EL1 */
    R1(3, 0, 5, 5, 0, C_HCR_TERR, G_HFGxTR, 45, RAS, 0),	       /* ERXMISC0_EL1 */
    R1(3, 0, 5, 5, 1, C_HCR_TERR, G_HFGxTR, 45, RAS, 0),	       /* ERXMISC1_EL1 */
    R1(3, 0, 5, 5, 2, C_HCR_TERR, G_HFGxTR, 45, RASV1P1, 0),	       /* ERXMISC2_EL1 */
    R1(3, 0, 5, 5, 3, C_HCR_TERR, G_HFGxTR, 45, RASV1P1, 0),	       /* ERXMISC3_EL1 */
    R1(3, 0, 6, 0, 0, X_TVM_TRVM, G_HFGxTR, 17, BASE, 0),	       /* FAR_EL1 */
    R1(3, 0, 7, 4, 0, C_NONE, G_HFGxTR, 27, BASE, 0),		       /* PAR_EL1 */
    R1(3, 0, 9, 9, 0, C_MDCR_TPMS, G_HDFGxTR, 26, SPE, 0),	       /* PMSCR_EL1 */
    R1(3, 0, 9, 9, 1, C_MDCR_TPMS, G_HDFGxTR, 62, SPE, 0),	       /* PMSNEVFR_EL1 */
    R1(3, 0, 9, 9, 2, C_MDCR_TPMS, G_HDFGxTR, 29, SPE, 0),	       /* PMSICR_EL1 */
    R1(3, 0, 9, 9, 3, C_MDCR_TPMS, G_HDFGxTR, 31, SPE, 0),	       /* PMSIRR_EL1 */
    R1(3, 0, 9, 9, 4, C_MDCR_TPMS, G_HDFGxTR, 28, SPE, 0),	       /* PMSFCR_EL1 */
    R1(3, 0, 9, 9, 5, C_MDCR_TPMS, G_HDFGxTR, 27, SPE, 0),	       /* PMSEVFR_EL1 */
    R1(3, 0, 9, 9, 6, C_MDCR_TPMS, G_HDFGxTR, 32, SPE, 0),	       /* PMSLATFR_EL1 */
    R1(3, 0, 9, 9, 7, C_MDCR_TPMS, G_HDFGxTR, 30, SPE, 0),	       /* PMSIDR_EL1 */
    R1(3, 0, 9, 10, 0, C_MDCR_nE2PB, G_HDFGxTR, 23, SPE, 0),	       /* PMBLIMITR_EL1 */
    R1(3, 0, 9, 10, 1, C_MDCR_nE2PB, G_HDFGxTR, 24, SPE, 0),	       /* PMBPTR_EL1 */
    R1(3, 0, 9, 10, 3, C_MDCR_nE2PB, G_HDFGxTR, 25, SPE, 0),	       /* PMBSR_EL1 */
    R1(3, 0, 9, 10, 7, C_NONE, G_HDFGxTR, 63, SPE, 0),		       /* PMBIDR_EL1 */
    R1(3, 0, 9, 11, 0, C_MDCR_nE2TB, G_HDFGxTR, 52, TRBE, 0),	       /* TRBLIMITR_EL1 */
    R1(3, 0, 9, 11, 1, C_MDCR_nE2TB, G_HDFGxTR, 54, TRBE, 0),	       /* TRBPTR_EL1 */
    R1(3, 0, 9, 11, 2, C_MDCR_nE2TB, G_HDFGxTR, 50, TRBE, 0),	       /* TRBBASER_EL1 */
    R1(3, 0, 9, 11, 3, C_MDCR_nE2TB, G_HDFGxTR, 55, TRBE, 0),	       /* TRBSR_EL1 */
    R1(3, 0, 9, 11, 4, C_MDCR_nE2TB, G_HDFGxTR, 53, TRBE, 0),	       /* TRBMAR_EL1 */
    R1(3, 0, 9, 11, 6, C_MDCR_nE2TB, G_HDFGxTR, 56, TRBE, 0),	       /* TRBTRG_EL1 */
    R1(3, 0, 9, 11, 7, C_NONE, G_HDFGxTR, 51, TRBE, 0),		       /* TRBIDR_EL1 */
    R1(3, 0, 9, 14, 1, C_MDCR_TPM, G_HDFGxTR, 17, PMU, 0),	       /* PMINTENSET_EL1 */
    R1(3, 0, 9, 14, 2, C_MDCR_TPM, G_HDFGxTR, 17, PMU, 0),	       /* PMINTENCLR_EL1 */
    R1(3, 0, 9, 14, 6, C_MDCR_TPM, G_HDFGxTR, 22, PMU, 0),	       /* PMMIR_EL1 */
    R1(3, 0, 10, 2, 0, X_TVM_TRVM, G_HFGxTR, 24, BASE, 0),	       /* MAIR_EL1 */
    R1(3, 0, 10, 2, 2, X_TVM_TRVM, G_HFGxTR, 57, S1PIE, 0),	       /* PIRE0_EL1 */
    R1(3, 0, 10, 2, 3, X_TVM_TRVM, G_HFGxTR, 58, S1PIE, 0),	       /* PIR_EL1 */
    R1(3, 0, 10, 2, 4, X_TVM_TRVM, G_HFGxTR, 60, S1POE, 0),	       /* POR_EL1 */
    R1(3, 0, 10, 3, 0, X_TVM_TRVM, G_HFGxTR, 3, BASE, 0),	       /* AMAIR_EL1 */
    R1(3, 0, 10, 4, 0, C_HCR_TLOR, G_HFGxTR, 23, LOR, 0),	       /* LORSA_EL1 */
    R1(3, 0, 10, 4, 1, C_HCR_TLOR, G_HFGxTR, 20, LOR, 0),	       /* LOREA_EL1 */
    R1(3, 0, 10, 4, 2, C_HCR_TLOR, G_HFGxTR, 22, LOR, 0),	       /* LORN_EL1 */
    R1(3, 0, 10, 4, 3, C_HCR_TLOR, G_HFGxTR, 19, LOR, 0),	       /* LORC_EL1 */
    R1(3, 0, 10, 4, 7, C_HCR_TLOR, G_HFGxTR, 21, LOR, 0),	       /* LORID_EL1 */
    RN(3, 0, 11, 0, 0, 3, 0, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, 0),    /* IMPDEF */
    R1(3, 0, 12, 0, 0, C_HCR_NV1_nNV2, G_HFGxTR, 38, BASE, 0),	       /* VBAR_EL1 */
    R1(3, 0, 12, 1, 0, C_NONE, G_HFGxTR, 18, BASE, 0),		       /* ISR_EL1 */
    R1(3, 0, 12, 8, 0, C_ICH_TALL0, NOF, GICV3, 0),		       /* ICC_IAR0_EL1 */
    R1(3, 0, 12, 8, 1, C_ICH_TALL0, NOF, GICV3, 0),		       /* ICC_EOIR0_EL1 */
    R1(3, 0, 12, 8, 2, C_ICH_TALL0, NOF, GICV3, 0),		       /* ICC_HPPIR0_EL1 */
    R1(3, 0, 12, 8, 3, C_ICH_TALL0, NOF, GICV3, 0),		       /* ICC_BPR0_EL1 */
    RN(3, 0, 12, 8, 4, 3, 0, 12, 8, 7, C_ICH_TALL0, NOF, GICV3, 0),    /* ICC_AP0R<n>_EL1 */
    RN(3, 0, 12, 9, 0, 3, 0, 12, 9, 3, C_ICH_TALL1, NOF, GICV3, 0),    /* ICC_AP1R<n>_EL1 */
    R1(3, 0, 12, 11, 1, X_TC_TDIR, NOF, GICV3, 0),		       /* ICC_DIR_EL1 */
    R1(3, 0, 12, 11, 3, C_ICH_TC, NOF, GICV3, 0),		       /* ICC_RPR_EL1 */
    R1(3, 0, 12, 11, 5, X_IMO_FMO_TC, NOF, GICV3, 0),		       /* ICC_SGI1R_EL1 */
    R1(3, 0, 12, 11, 6, X_IMO_FMO_TC, NOF, GICV3, 0),		       /* ICC_ASGI1R_EL1 */
    R1(3, 0, 12, 11, 7, X_IMO_FMO_TC, NOF, GICV3, 0),		       /* ICC_SGI0R_EL1 */
    R1(3, 0, 12, 12, 0, C_ICH_TALL1, NOF, GICV3, 0),		       /* ICC_IAR1_EL1 */
    R1(3, 0, 12, 12, 1, C_ICH_TALL1, NOF, GICV3, 0),		       /* ICC_EOIR1_EL1 */
    R1(3, 0, 12, 12, 2, C_ICH_TALL1, NOF, GICV3, 0),		       /* ICC_HPPIR1_EL1 */
    R1(3, 0, 12, 12, 3, C_ICH_TALL1, NOF, GICV3, 0),		       /* ICC_BPR1_EL1 */
    R1(3, 0, 12, 12, 4, C_ICH_TC, NOF, GICV3, 0),		       /* ICC_CTLR_EL1 */
    R1(3, 0, 12, 12, 6, C_ICH_TALL0, G_HFGxTR, 39, GICV3, 0),	       /* ICC_IGRPEN0_EL1 */
    R1(3, 0, 12, 12, 7, C_ICH_TALL1, G_HFGxTR, 39, GICV3, 0),	       /* ICC_IGRPEN1_EL1 */
    R1(3, 0, 13, 0, 1, X_TVM_TRVM, G_HFGxTR, 11, BASE, 0),	       /* CONTEXTIDR_EL1 */
    R1(3, 0, 13, 0, 4, C_NONE, G_HFGxTR, 33, BASE, 0),		       /* TPIDR_EL1 */
    R1(3, 0, 13, 0, 5, C_NONE, G_HFGxTR, 50, LS64_ACCDATA, 0),	       /* ACCDATA_EL1 */
    R1(3, 0, 13, 0, 7, X_NV1_nNV2_ENSCXT, G_HFGxTR, 30, CSV2_SCXT, 0), /* SCXTNUM_EL1 */
    RN(3, 0, 15, 0, 0, 3, 0, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, 0),    /* IMPDEF */
    /* op1 = 1 */
    R1(3, 1, 0, 0, 0, X_TID2_TID4, G_HFGxTR, 9, BASE, 0),	    /* CCSIDR_EL1 */
    R1(3, 1, 0, 0, 1, X_TID2_TID4, G_HFGxTR, 10, BASE, 0),	    /* CLIDR_EL1 */
    R1(3, 1, 0, 0, 2, X_TID2_TID4, NOF, BASE, 0),		    /* CCSIDR2_EL1 */
    R1(3, 1, 0, 0, 4, C_HCR_TID5, NOF, MTE2, 0),		    /* GMID_EL1 */
    R1(3, 1, 0, 0, 6, C_HCR_TID1, NOF, SME, 0),			    /* SMIDR_EL1 */
    R1(3, 1, 0, 0, 7, C_HCR_TID1, G_HFGxTR, 2, BASE, 0),	    /* AIDR_EL1 */
    RN(3, 1, 11, 0, 0, 3, 1, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    RN(3, 1, 15, 0, 0, 3, 1, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    /* op1 = 2 */
    R1(3, 2, 0, 0, 0, X_TID2_TID4, G_HFGxTR, 13, BASE, 0),	    /* CSSELR_EL1 */
    RN(3, 2, 11, 0, 0, 3, 2, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    RN(3, 2, 15, 0, 0, 3, 2, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    /* op1 = 3: EL0-accessible registers */
    R1(3, 3, 0, 0, 1, C_HCR_TID2, G_HFGxTR, 14, BASE, 0),	    /* CTR_EL0 */
    R1(3, 3, 0, 0, 7, C_NONE, G_HFGxTR, 15, BASE, 0),		    /* DCZID_EL0 */
    R1(3, 3, 9, 12, 0, X_TPM_TPMCR, G_HDFGxTR, 21, PMU, 0),	    /* PMCR_EL0 */
    R1(3, 3, 9, 12, 1, C_MDCR_TPM, G_HDFGxTR, 16, PMU, 0),	    /* PMCNTENSET_EL0 */
    R1(3, 3, 9, 12, 2, C_MDCR_TPM, G_HDFGxTR, 16, PMU, 0),	    /* PMCNTENCLR_EL0 */
    R1(3, 3, 9, 12, 3, C_MDCR_TPM, G_HDFGxTR, 18, PMU, 0),	    /* PMOVSCLR_EL0 */
    R1(3, 3, 9, 12, 4, C_MDCR_TPM, G_HDFGxTR, 20, PMU, 0),	    /* PMSWINC_EL0 */
    R1(3, 3, 9, 12, 5, C_MDCR_TPM, G_HDFGxTR, 19, PMU, 0),	    /* PMSELR_EL0 */
    R1(3, 3, 9, 12, 6, C_MDCR_TPM, G_HDFGxTR, 58, PMU, 0),	    /* PMCEID0_EL0 */
    R1(3, 3, 9, 12, 7, C_MDCR_TPM, G_HDFGxTR, 58, PMU, 0),	    /* PMCEID1_EL0 */
    R1(3, 3, 9, 13, 0, C_MDCR_TPM, G_HDFGxTR, 15, PMU, 0),	    /* PMCCNTR_EL0 */
    R1(3, 3, 9, 13, 1, C_MDCR_TPM, G_HDFGxTR, 13, PMU, 0),	    /* PMXEVTYPER_EL0 */
    R1(3, 3, 9, 13, 2, C_MDCR_TPM, G_HDFGxTR, 12, PMU, 0),	    /* PMXEVCNTR_EL0 */
    R1(3, 3, 9, 14, 0, C_MDCR_TPM, G_HDFGxTR, 57, PMU, 0),	    /* PMUSERENR_EL0 */
    R1(3, 3, 9, 14, 3, C_MDCR_TPM, G_HDFGxTR, 18, PMU, 0),	    /* PMOVSSET_EL0 */
    R1(3, 3, 10, 2, 4, X_TVM_TRVM, G_HFGxTR, 59, S1POE, 0),	    /* POR_EL0 */
    RN(3, 3, 11, 0, 0, 3, 3, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    R1(3, 3, 13, 0, 2, C_NONE, G_HFGxTR, 35, BASE, 0),		    /* TPIDR_EL0 */
    R1(3, 3, 13, 0, 3, C_NONE, G_HFGxTR, 34, BASE, 0),		    /* TPIDRRO_EL0 */
    R1(3, 3, 13, 0, 5, C_NONE, G_HFGxTR, 55, SME, 0),		    /* TPIDR2_EL0 */
    R1(3, 3, 13, 0, 7, C_HCR_nENSCXT, G_HFGxTR, 31, CSV2_SCXT, 0),  /* SCXTNUM_EL0 */
    RN(3, 3, 13, 2, 0, 3, 3, 13, 2, 3, C_CPTR_TAM, NOF, AMU, 0), /* AMCR AMCFGR AMCGCR AMUSERENR */
    R1(3, 3, 13, 2, 4, C_CPTR_TAM, G_HAFGRTR, 0, AMU, 0),	 /* AMCNTENCLR0_EL0 */
    R1(3, 3, 13, 2, 5, C_CPTR_TAM, G_HAFGRTR, 0, AMU, 0),	 /* AMCNTENSET0_EL0 */
    RN(3, 3, 13, 2, 6, 3, 3, 13, 2, 7, C_CPTR_TAM, NOF, AMU, 0),
    R1(3, 3, 13, 3, 0, C_CPTR_TAM, G_HAFGRTR, 17, AMU, 0), /* AMCNTENCLR1_EL0 */
    R1(3, 3, 13, 3, 1, C_CPTR_TAM, G_HAFGRTR, 17, AMU, 0), /* AMCNTENSET1_EL0 */
    RN(3, 3, 13, 3, 2, 3, 3, 13, 3, 7, C_CPTR_TAM, NOF, AMU, 0),
    R1(3, 3, 13, 4, 0, C_CPTR_TAM, G_HAFGRTR, 1, AMU, 0),	  /* AMEVCNTR00_EL0 */
    R1(3, 3, 13, 4, 1, C_CPTR_TAM, G_HAFGRTR, 2, AMU, 0),	  /* AMEVCNTR01_EL0 */
    R1(3, 3, 13, 4, 2, C_CPTR_TAM, G_HAFGRTR, 3, AMU, 0),	  /* AMEVCNTR02_EL0 */
    R1(3, 3, 13, 4, 3, C_CPTR_TAM, G_HAFGRTR, 4, AMU, 0),	  /* AMEVCNTR03_EL0 */
    RN(3, 3, 13, 4, 4, 3, 3, 13, 15, 7, C_CPTR_TAM, NOF, AMU, 0), /* other AMEV* */
    R1(3, 3, 14, 0, 0, C_CNT1_nEL0CTEN, NOF, BASE, 0),		  /* CNTFRQ_EL0 */
    R1(3, 3, 14, 0, 1, X_CNT_PCT, NOF, BASE, 0),		  /* CNTPCT_EL0 */
    R1(3, 3, 14, 0, 2, X_CNT_VCT, NOF, BASE, 0),		  /* CNTVCT_EL0 */
    R1(3, 3, 14, 0, 5, X_CNT_PCT, NOF, ECV, 0),			  /* CNTPCTSS_EL0 */
    R1(3, 3, 14, 0, 6, X_CNT_VCT, NOF, ECV, 0),			  /* CNTVCTSS_EL0 */
    R1(3, 3, 14, 2, 0, X_CNT_PT, NOF, BASE, 0),			  /* CNTP_TVAL_EL0 */
    R1(3, 3, 14, 2, 1, X_CNT_PT, NOF, BASE, 0),			  /* CNTP_CTL_EL0 */
    R1(3, 3, 14, 2, 2, X_CNT_PT, NOF, BASE, 0),			  /* CNTP_CVAL_EL0 */
    R1(3, 3, 14, 3, 0, X_CNT_VT, NOF, BASE, 0),			  /* CNTV_TVAL_EL0 */
    R1(3, 3, 14, 3, 1, X_CNT_VT, NOF, BASE, 0),			  /* CNTV_CTL_EL0 */
    R1(3, 3, 14, 3, 2, X_CNT_VT, NOF, BASE, 0),			  /* CNTV_CVAL_EL0 */
    /* PMEVCNTR<n>_EL0: n = CRm[1:0]:op2; PMEVTYPER<n>_EL0 likewise, n = 31 is PMCCFILTR. */
    RN(3, 3, 14, 8, 0, 3, 3, 14, 8, 7, C_MDCR_TPM, G_HDFGxTR, 12, PMU, PI),
    RN(3, 3, 14, 9, 0, 3, 3, 14, 9, 7, C_MDCR_TPM, G_HDFGxTR, 12, PMU, PI),
    RN(3, 3, 14, 10, 0, 3, 3, 14, 10, 7, C_MDCR_TPM, G_HDFGxTR, 12, PMU, PI),
    RN(3, 3, 14, 11, 0, 3, 3, 14, 11, 7, C_MDCR_TPM, G_HDFGxTR, 12, PMU, PI),
    RN(3, 3, 14, 12, 0, 3, 3, 14, 12, 7, C_MDCR_TPM, G_HDFGxTR, 13, PMU, PI),
    RN(3, 3, 14, 13, 0, 3, 3, 14, 13, 7, C_MDCR_TPM, G_HDFGxTR, 13, PMU, PI),
    RN(3, 3, 14, 14, 0, 3, 3, 14, 14, 7, C_MDCR_TPM, G_HDFGxTR, 13, PMU, PI),
    RN(3, 3, 14, 15, 0, 3, 3, 14, 15, 6, C_MDCR_TPM, G_HDFGxTR, 13, PMU, PI),
    R1(3, 3, 14, 15, 7, C_MDCR_TPM, G_HDFGxTR, 14, PMU, 0),	    /* PMCCFILTR_EL0 */
    RN(3, 3, 15, 0, 0, 3, 3, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    /*
     * op1 = 4: EL2 registers, UNDEFINED at EL1 unless L1 sets HCR_EL2.NV (the Arm ARM's
     * EffectiveHCR_EL2_NVx() 'xx1' traps). With NV2 ('1x1') the registers that have a VNCR_EL2
     * page offset go to memory and ELR/SPSR/ESR/FAR_EL2 to their EL1 registers, so they do
     * not trap: NM (not forwarded from EL1 under NV2 = L0's). One line per run of such
     * registers, from the register database (tools/sysreg.db vncr= and NV2EL1).
     */
    R1(3, 4, 0, 0, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* VPIDR_EL2 */
    RN(3, 4, 0, 0, 1, 3, 4, 0, 0, 4, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 0, 0, 5, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* VMPIDR_EL2 */
    RN(3, 4, 0, 0, 6, 3, 4, 1, 0, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 1, 1, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* HCR_EL2 */
    RN(3, 4, 1, 1, 1, 3, 4, 1, 1, 2, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 1, 1, 3, 3, 4, 1, 1, 6, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* HSTR_EL2 .. HFGITR_EL2 */
    RN(3, 4, 1, 1, 7, 3, 4, 1, 2, 1, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 1, 2, 2, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* HCRX_EL2 */
    RN(3, 4, 1, 2, 3, 3, 4, 1, 2, 4, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 1, 2, 5, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* SMPRIMAP_EL2 (NVMem[0x1F8]) */
    RN(3, 4, 1, 2, 6, 3, 4, 2, 0, 7, C_HCR_NV, NOF, BASE, U),
    /* VTTBR_EL2, (2, 1, 1) unallocated, VTCR_EL2 */
    RN(3, 4, 2, 1, 0, 3, 4, 2, 1, 2, C_HCR_NV_nNV2, NOF, BASE, U | NM),
    RN(3, 4, 2, 1, 3, 3, 4, 2, 1, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 2, 2, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* VNCR_EL2 */
    RN(3, 4, 2, 2, 1, 3, 4, 3, 0, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 3, 1, 0, 3, 4, 3, 1, 1, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* HDFG[RW]TR2 */
    RN(3, 4, 3, 1, 2, 3, 4, 3, 1, 3, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 3, 1, 4, 3, 4, 3, 1, 6, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* HDFG[RW]TR HAFGRTR */
    RN(3, 4, 3, 1, 7, 3, 4, 3, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 4, 0, 0, 3, 4, 4, 0, 1, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* SPSR_EL2 .. ELR_EL2 */
    RN(3, 4, 4, 0, 2, 3, 4, 4, 0, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 4, 1, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* SP_EL1 */
    RN(3, 4, 4, 1, 1, 3, 4, 5, 1, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 5, 2, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* ESR_EL2 */
    RN(3, 4, 5, 2, 1, 3, 4, 5, 2, 2, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 5, 2, 3, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* VSESR_EL2 */
    RN(3, 4, 5, 2, 4, 3, 4, 5, 15, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 6, 0, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* FAR_EL2 */
    RN(3, 4, 6, 0, 1, 3, 4, 10, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 11, 0, 0, 3, 4, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, U), /* IMPDEF */
    RN(3, 4, 12, 0, 0, 3, 4, 12, 1, 0, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 12, 1, 1, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* VDISR_EL2 */
    RN(3, 4, 12, 1, 2, 3, 4, 12, 7, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 12, 8, 0, 3, 4, 12, 8, 3, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* ICH_AP0R<n> */
    RN(3, 4, 12, 8, 4, 3, 4, 12, 8, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 12, 9, 0, 3, 4, 12, 9, 3, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* ICH_AP1R<n> */
    RN(3, 4, 12, 9, 4, 3, 4, 12, 10, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 12, 11, 0, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* ICH_HCR_EL2 */
    RN(3, 4, 12, 11, 1, 3, 4, 12, 11, 6, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 12, 11, 7, 3, 4, 12, 13, 7, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* ICH_VMCR, LR<n> */
    RN(3, 4, 12, 14, 0, 3, 4, 13, 0, 1, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 13, 0, 2, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* TPIDR_EL2 */
    RN(3, 4, 13, 0, 3, 3, 4, 13, 0, 6, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 13, 0, 7, C_HCR_NV, NOF, CSV2_SCXT, U), /* SCXTNUM_EL2 */
    RN(3, 4, 13, 1, 0, 3, 4, 14, 0, 2, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 14, 0, 3, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* CNTVOFF_EL2 */
    RN(3, 4, 14, 0, 4, 3, 4, 14, 0, 5, C_HCR_NV, NOF, BASE, U),
    R1(3, 4, 14, 0, 6, C_HCR_NV_nNV2, NOF, BASE, U | NM), /* CNTPOFF_EL2 */
    RN(3, 4, 14, 0, 7, 3, 4, 14, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 4, 15, 0, 0, 3, 4, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, U), /* IMPDEF */
    /*
     * op1 = 5: *_EL12 and *_EL02, trapped whenever NV is set except with {NV2, NV1, NV} =
     * '101', where those whose EL1/EL0 register has a VNCR_EL2 page offset go to memory (NM),
     * and the EL02 timer controls trap by CNTHCTL_EL2.EL1NVPCT / EL1NVVCT instead.
     */
    RN(3, 5, 0, 0, 0, 3, 5, 0, 15, 7, C_HCR_NV, NOF, BASE, U),
    /* SCTLR_EL12, (1, 0, 1) not in the database, CPACR_EL12 */
    RN(3, 5, 1, 0, 0, 3, 5, 1, 0, 2, X_NV_nNV2_NV1, NOF, BASE, U | NM),
    RN(3, 5, 1, 0, 3, 3, 5, 1, 1, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 1, 2, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* ZCR_EL12 */
    RN(3, 5, 1, 2, 1, 3, 5, 1, 2, 5, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 1, 2, 6, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* SMCR_EL12 (NVMem[0x1F0]) */
    RN(3, 5, 1, 2, 7, 3, 5, 1, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 2, 0, 0, 3, 5, 2, 0, 2, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* TTBR0_EL12 .. TCR_EL12 */
    RN(3, 5, 2, 0, 3, 3, 5, 3, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 4, 0, 0, 3, 5, 4, 0, 1, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* SPSR_EL12 .. ELR_EL12 */
    RN(3, 5, 4, 0, 2, 3, 5, 5, 0, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 5, 1, 0, 3, 5, 5, 1, 1, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* AFSR[01]_EL12 */
    RN(3, 5, 5, 1, 2, 3, 5, 5, 1, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 5, 2, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* ESR_EL12 */
    RN(3, 5, 5, 2, 1, 3, 5, 5, 15, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 6, 0, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* FAR_EL12 */
    RN(3, 5, 6, 0, 1, 3, 5, 10, 1, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 10, 2, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* MAIR_EL12 */
    RN(3, 5, 10, 2, 1, 3, 5, 10, 2, 7, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 10, 3, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* AMAIR_EL12 */
    RN(3, 5, 10, 3, 1, 3, 5, 10, 15, 7, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 11, 0, 0, 3, 5, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, U), /* IMPDEF */
    R1(3, 5, 12, 0, 0, X_NV_nNV2_NV1, NOF, BASE, U | NM),	    /* VBAR_EL12 */
    RN(3, 5, 12, 0, 1, 3, 5, 13, 0, 0, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 13, 0, 1, X_NV_nNV2_NV1, NOF, BASE, U | NM), /* CONTEXTIDR_EL12 */
    RN(3, 5, 13, 0, 2, 3, 5, 13, 0, 6, C_HCR_NV, NOF, BASE, U),
    R1(3, 5, 13, 0, 7, X_NV_nNV2_NV1, NOF, CSV2_SCXT, U | NM), /* SCXTNUM_EL12 */
    RN(3, 5, 13, 1, 0, 3, 5, 14, 2, 0, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 14, 2, 1, 3, 5, 14, 2, 2, X_CNT_NVPCT, NOF, BASE,
       U | NM), /* CNTP_CTL_EL02 .. CNTP_CVAL_EL02 */
    RN(3, 5, 14, 2, 3, 3, 5, 14, 3, 0, C_HCR_NV, NOF, BASE, U),
    RN(3, 5, 14, 3, 1, 3, 5, 14, 3, 2, X_CNT_NVVCT, NOF, BASE,
       U | NM), /* CNTV_CTL_EL02 .. CNTV_CVAL_EL02 */
    RN(3, 5, 14, 3, 3, 3, 5, 14, 15, 7, C_HCR_NV, NOF, BASE, U),
    /* op1 = 6: EL3 registers; L1's VM has no EL3. */
    RN(3, 6, 0, 0, 0, 3, 6, 10, 15, 7, C_NONE, NOF, BASE, U),
    RN(3, 6, 11, 0, 0, 3, 6, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, U), /* IMPDEF */
    RN(3, 6, 12, 0, 0, 3, 6, 14, 15, 7, C_NONE, NOF, BASE, U),
    RN(3, 6, 15, 0, 0, 3, 6, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, U), /* IMPDEF */
    /* op1 = 7 */
    RN(3, 7, 11, 0, 0, 3, 7, 11, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
    RN(3, 7, 15, 0, 0, 3, 7, 15, 15, 7, C_HCR_TIDCP, NOF, BASE, 0), /* IMPDEF */
								    /* END SORTED RULES */
};
const size_t nvarm__fwd_nr_rules = NVARM_ARRAY_SIZE(nvarm__fwd_rules);

NVARM_STATIC_ASSERT(sizeof(struct fwd_rule) == 16, "rule layout");
/* The header's FWD_NR_RULES must match the table (the declarations would conflict too). */
NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(nvarm__fwd_rules) == FWD_NR_RULES, "update FWD_NR_RULES");
NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(nvarm__fwd_rules) >= 256, "several hundred rules expected");
NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(nvarm__fwd_rules) < 65536, "rule index fits 16 bits");

/* --------------------------------------------------------- EC-level rules */
#define EC(...) EC_(__VA_ARGS__)
#define EC_(e, k, cgt, f, g, bit, fl)                                                              \
	[e] = {(e), (k), (cgt), F(f), (g), (bit), (fl), 0, 0, __LINE__}
/* Same, with sub-rules nvarm__fwd_sub_rules[first .. first + n - 1] keyed 0 .. n - 1. */
#define ECS(...)		ECS_(__VA_ARGS__)
#define ECS_(e, k, f, first, n) [e] = {(e), (k), C_NONE, F(f), G_NONE, 0, 0, (first), (n), __LINE__}

const struct fwd_ec_rule nvarm__fwd_ec_rules[64] = {
    ECS(NVARM_EC_WFX, K_WFX, BASE, 0, 4),
    EC(NVARM_EC_CP15_32, K_CP15, C_NONE, AA32EL1, NOF, 0),
    EC(NVARM_EC_CP15_64, K_CP15, C_NONE, AA32EL1, NOF, 0),
    /* FP/SIMD: CPTR_EL2.TFP (E2H = 0) or FPEN (E2H = 1); AArch64.CheckFPAdvSIMDTrap. */
    EC(NVARM_EC_FP_ASIMD, K_COND, X_CPTR_FP, BASE, NOF, 0),
    /* PAC: HCR_EL2.API == 0. Without FEAT_PAuth the HINT-space forms are NOPs: L0. */
    EC(NVARM_EC_PAC, K_COND, C_HCR_nAPI, PAUTH, NOF, FWD_EC_NOFEAT_L0),
    ECS(NVARM_EC_LS64, K_LS64, LS64, 4, 3),
    EC(NVARM_EC_HVC32, K_HVC, C_HCR_HCD, AA32EL1, NOF, 0),
    EC(NVARM_EC_SMC32, K_SMC, C_HCR_TSC, AA32EL1, NOF, 0),
    ECS(NVARM_EC_SVC64, K_SVC, BASE, 7, 2),
    EC(NVARM_EC_HVC64, K_HVC, C_HCR_HCD, BASE, NOF, 0),
    EC(NVARM_EC_SMC64, K_SMC, C_HCR_TSC, BASE, NOF, 0),
    EC(NVARM_EC_SYS64, K_SYSREG, C_NONE, BASE, NOF, 0),
    /* SVE: CheckSVEEnabled tests ZEN/TZ before FPEN/TFP at EL2. */
    EC(NVARM_EC_SVE, K_FPLIKE, X_CPTR_SVE, SVE, NOF, 0),
    /* FEAT_MOPS: an EL1 Memory Copy/Set exception reaches EL2 only through HCRX_EL2.MCE2. */
    EC(NVARM_EC_MOPS, K_COND, X_HCRX_MCE2, MOPS, NOF, 0),
    /* ERET/ERETAA/ERETAB: HCR_EL2.NV (recursive nesting) or HFGITR_EL2.ERET. */
    EC(NVARM_EC_ERET, K_COND, C_HCR_NV, BASE, G_HFGITR, 51, 0),
    EC(NVARM_EC_SME, K_FPLIKE, X_CPTR_SME, SME, NOF, 0),
    /* Debug exceptions from a lower EL: routed to EL2 by MDCR_EL2.TDE or HCR_EL2.TGE. */
    EC(NVARM_EC_BREAKPT_LOW, K_DEBUG, C_MDCR_TDE, BASE, NOF, 0),
    EC(NVARM_EC_SOFTSTP_LOW, K_DEBUG, C_MDCR_TDE, BASE, NOF, 0),
    EC(NVARM_EC_WATCHPT_LOW, K_DEBUG, C_MDCR_TDE, BASE, NOF, 0),
    EC(NVARM_EC_BKPT32, K_DEBUG, C_MDCR_TDE, AA32EL1, NOF, 0),
    EC(NVARM_EC_BRK64, K_DEBUG, C_MDCR_TDE, BASE, NOF, 0),
};

/* Sub-rules keyed by ESR.ISS.TI (WFx), by the LS64 ISS code, by source EL (SVC). */
#define SUB(...) SUB_(__VA_ARGS__)
#define SUB_(e, k, cgt, f, g, bit)                                                                 \
	{                                                                                          \
		(e), (k), (cgt), F(f), (g), (bit), __LINE__                                        \
	}

const struct fwd_sub_rule nvarm__fwd_sub_rules[] = {
    SUB(NVARM_EC_WFX, 0, C_HCR_TWI, BASE, NOF),		     /* WFI */
    SUB(NVARM_EC_WFX, 1, C_HCR_TWE, BASE, NOF),		     /* WFE */
    SUB(NVARM_EC_WFX, 2, C_HCR_TWI, WFXT, NOF),		     /* WFIT */
    SUB(NVARM_EC_WFX, 3, C_HCR_TWE, WFXT, NOF),		     /* WFET */
    SUB(NVARM_EC_LS64, 0, X_HCRX_nENASR, LS64_V, NOF),	     /* ST64BV */
    SUB(NVARM_EC_LS64, 1, X_HCRX_nENAS0, LS64_ACCDATA, NOF), /* ST64BV0 */
    SUB(NVARM_EC_LS64, 2, X_HCRX_nENALS, LS64, NOF),	     /* LD64B / ST64B */
    SUB(NVARM_EC_SVC64, 0, C_NONE, BASE, G_HFGITR, 52),	     /* SVC from EL0 */
    SUB(NVARM_EC_SVC64, 1, C_NONE, BASE, G_HFGITR, 53),	     /* SVC from EL1 */
};
const size_t nvarm__fwd_nr_sub_rules = NVARM_ARRAY_SIZE(nvarm__fwd_sub_rules);
