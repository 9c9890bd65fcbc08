/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Which bits of an EL2 register are defined for *this* image, derived at run time from
 * the ID registers it reads (like a real hypervisor does), for printing read-back values.
 *
 * DDI 0487 Glossary: a RES0 bit reads as 0 or as the last value written to it, a RES1
 * bit as 1 or as the last value written; a test written to the Arm ARM must not depend on
 * either. So read-backs are printed ANDed with the defined bits (def_*()): the RES0 and
 * RES1 bits of the layout in use and the fields of features the ID registers say are
 * absent are left out; a field defined for the features seen is never masked.
 *
 * Field positions: DDI 0487 D24.2 (register descriptions) and the ID registers
 * ID_AA64PFR0/PFR1/ISAR0/ISAR1/DFR0/MMFR0/MMFR1/MMFR2 (D24.2.6x).
 */
#ifndef CONFORM_MASKS_H
#define CONFORM_MASKS_H
#include "conform.h"

#define GENMASK(h, l) ((~0ULL >> (63 - (h))) & ~((1ULL << (l)) - 1))

static inline unsigned idf(u64 v, unsigned lo)
{
	return (unsigned)(v >> lo) & 0xf;
}

/* The ID registers this image sees (MRS at EL2: never trapped to itself). */
struct idv {
	u64 pfr0, pfr1, pfr2, dfr0, isar0, isar1, isar2, mmfr0, mmfr1, mmfr2, mmfr3, mmfr4;
};
static inline void id_read(struct idv *i)
{
	i->pfr0 = rd(s3_0_c0_c4_0), i->pfr1 = rd(s3_0_c0_c4_1), i->dfr0 = rd(s3_0_c0_c5_0);
	i->isar0 = rd(s3_0_c0_c6_0), i->isar1 = rd(s3_0_c0_c6_1), i->isar2 = rd(s3_0_c0_c6_2);
	i->mmfr0 = rd(s3_0_c0_c7_0), i->mmfr1 = rd(s3_0_c0_c7_1), i->mmfr2 = rd(s3_0_c0_c7_2);
	i->mmfr3 = rd(s3_0_c0_c7_3), i->mmfr4 = rd(s3_0_c0_c7_4), i->pfr2 = rd(s3_0_c0_c4_2);
}

/* Feature tests (DDI 0487 A2 / D24.2 ID register field values). */
static inline int f_pauth(const struct idv *i)
{
	return idf(i->isar1, 4) || idf(i->isar1, 8) || idf(i->isar2, 8) || idf(i->isar2, 12);
}
static inline int f_ras(const struct idv *i)
{
	return idf(i->pfr0, 28) >= 1;
}
static inline int f_rasv1p1(const struct idv *i)
{
	return idf(i->pfr0, 28) >= 2 || (idf(i->pfr0, 28) == 1 && idf(i->pfr1, 12) >= 1);
}
/* SCXTNUM_ELx and HCR_EL2.EnSCXT: FEAT_CSV2_2 (CSV2 >= 2) or FEAT_CSV2_1p2 (CSV2 == 1,
 * CSV2_frac >= 2) (D24.2 ID_AA64PFR0_EL1.CSV2, ID_AA64PFR1_EL1.CSV2_frac, SCXTNUM_EL1) */
static inline int f_scxt(const struct idv *i)
{
	return idf(i->pfr0, 56) >= 2 || (idf(i->pfr0, 56) == 1 && idf(i->pfr1, 32) >= 2);
}
static inline int f_sve(const struct idv *i)
{
	return idf(i->pfr0, 32) >= 1;
}
static inline int f_sme(const struct idv *i)
{
	return idf(i->pfr1, 24) >= 1;
}
static inline int f_amu(const struct idv *i)
{
	return idf(i->pfr0, 44) >= 1;
}
static inline int f_mte2(const struct idv *i)
{
	return idf(i->pfr1, 8) >= 2;
}
static inline int f_mte(const struct idv *i)
{
	return idf(i->pfr1, 8) >= 1;
}
/* PMUVer: 0 none, 0xf IMPLEMENTATION DEFINED (not the Arm PMU) */
static inline int f_pmu(const struct idv *i)
{
	return idf(i->dfr0, 8) >= 1 && idf(i->dfr0, 8) != 0xf;
}
static inline int f_nv(const struct idv *i)
{
	return idf(i->mmfr2, 24) >= 1;
}
static inline int f_vmid16(const struct idv *i)
{
	return idf(i->mmfr1, 4) == 2;
}
static inline int f_ecv(const struct idv *i)
{
	return idf(i->mmfr0, 60) >= 1;
}
static inline int f_vhe(const struct idv *i)
{
	return idf(i->mmfr1, 8) >= 1;
}
/* HCR_EL2.E2H can be 0 or 1: FEAT_VHE (MMFR1.VH) and ID_AA64MMFR4_EL1.E2H0 [27:24] = 0
 * (a signed field: negative values mean E2H is RES1; DDI 0487 D24.2 ID_AA64MMFR4_EL1). */
static inline int e2h_switchable(const struct idv *i)
{
	return f_vhe(i) && idf(i->mmfr4, 24) == 0;
}

/* HCR_EL2 (D24.2 HCR_EL2). MIOCNCE (38) may be RAZ/WI (IMPLEMENTATION DEFINED whether
 * it is writable): left out. HCD (29) is RES0 when EL3 is implemented. */
static inline u64 def_hcr(const struct idv *i)
{
	u64 d = GENMASK(33, 0);
	if (idf(i->pfr0, 12))
		d &= ~BIT(29);
	if (f_vhe(i))
		d |= BIT(34);
	if (idf(i->mmfr1, 16)) /* LO */
		d |= BIT(35);
	if (f_ras(i))
		d |= BIT(36) | BIT(37);
	if (idf(i->isar0, 24)) /* TME */
		d |= BIT(39);
	if (f_pauth(i))
		d |= BIT(40) | BIT(41);
	if (f_nv(i))
		d |= BIT(42) | BIT(43) | BIT(44);
	if (idf(i->mmfr2, 24) >= 2)
		d |= BIT(45);
	if (idf(i->mmfr2, 40)) /* FWB */
		d |= BIT(46);
	if (f_rasv1p1(i))
		d |= BIT(47);
	if (idf(i->pfr0, 52)) /* RME: GPF */
		d |= BIT(48);
	if (idf(i->mmfr2, 56) >= 1) /* EVT: TID4 TICAB TOCU */
		d |= BIT(49) | BIT(50) | BIT(52);
	if (idf(i->mmfr2, 56) >= 2) /* TTLBIS TTLBOS */
		d |= BIT(54) | BIT(55);
	if (idf(i->pfr0, 44) >= 2) /* AMUv1p1: AMVOFFEN */
		d |= BIT(51);
	if (f_scxt(i)) /* EnSCXT */
		d |= BIT(53);
	if (f_mte2(i)) /* ATA DCT TID5 */
		d |= BIT(56) | BIT(57) | BIT(58);
	if (idf(i->mmfr1, 32)) /* TWED: TWEDEn TWEDEL */
		d |= GENMASK(63, 59);
	return d;
}

/* HCRX_EL2 (D24.2 HCRX_EL2): each control exists with its feature. EnAS0 [0] LS64_ACCDATA,
 * EnALS [1] LS64, EnASR [2] LS64_V, FnXS/FGTnXS [4:3] XS, SMPME [5] SME with SMPS,
 * TALLINT/VINMI/VFNMI [8:6] NMI, CMOW [9], MCE2/MSCEn [11:10] MOPS, TCR2En [14] TCR2, SCTLR2En [15]
 * SCTLR2, PTTWI [16] THE, D128En [17] D128, EnSNERR [18] ANERR, TMEA [19] DoubleFault2, EnSDERR
 * [20] ADERR, EnIDCP128 [21] SYSREG128, GCSEn [22] GCS, EnFPM [23] FPMR, PACMEn [24] PAuth_LR,
 * SRMASKEn [26] SRMASK; the rest RES0. */
static inline u64 def_hcrx(const struct idv *i)
{
	unsigned ls64 = idf(i->isar1, 60), apa = idf(i->isar1, 4), api = idf(i->isar1, 8);
	u64 d = 0;
	if (ls64 >= 3)
		d |= BIT(0);
	if (ls64 >= 1)
		d |= BIT(1);
	if (ls64 >= 2)
		d |= BIT(2);
	if (idf(i->isar1, 56)) /* XS */
		d |= BIT(3) | BIT(4);
	/* SMPME: streaming execution priorities, FEAT_SME with SMIDR_EL1.SMPS [15] (a note in
	 * D24.2 HCRX_EL2; SMIDR_EL1 is read only with FEAT_SME, UNDEFINED without) */
	if (f_sme(i) && ((rd(s3_1_c0_c0_6) >> 15) & 1))
		d |= BIT(5);
	if (idf(i->pfr1, 36)) /* NMI */
		d |= BIT(6) | BIT(7) | BIT(8);
	if (idf(i->mmfr1, 56)) /* CMOW */
		d |= BIT(9);
	if (idf(i->isar2, 16)) /* MOPS */
		d |= BIT(10) | BIT(11);
	if (idf(i->mmfr3, 0)) /* TCRX */
		d |= BIT(14);
	if (idf(i->mmfr3, 4)) /* SCTLRX */
		d |= BIT(15);
	if (idf(i->pfr1, 48)) /* THE */
		d |= BIT(16);
	if (idf(i->mmfr3, 32)) /* D128 */
		d |= BIT(17);
	if (idf(i->mmfr3, 40)) /* SNERR */
		d |= BIT(18);
	if (idf(i->pfr1, 56)) /* DF2 */
		d |= BIT(19);
	if (idf(i->mmfr3, 52)) /* SDERR */
		d |= BIT(20);
	if (idf(i->isar2, 32)) /* SYSREG_128 */
		d |= BIT(21);
	if (idf(i->pfr1, 44)) /* GCS */
		d |= BIT(22);
	if (idf(i->pfr2, 32)) /* FPMR */
		d |= BIT(23);
	if (apa == 6 || api == 6 || idf(i->isar2, 12) == 6) /* PAuth_LR */
		d |= BIT(24);
	if (idf(i->mmfr4, 44)) /* SRMASK */
		d |= BIT(26);
	return d;
}

/* SCTLR_EL2 when HCR_EL2.{E2H,TGE} != {1,1} (this image never sets TGE): M A C SA I WXN
 * EE defined; nAA (LSE2), EOS/EIS (ExS, else RES1), EnDB/EnDA/EnIB/EnIA (PAuth), IESB,
 * BT (bit 36, BTI), ITFSB/TCF/ATA (MTE2), DSSBS (SSBS2), TMT/TME (TME), NMI/SPINTMASK
 * (NMI); everything else RES0 or RES1 in this layout. */
static inline u64 def_sctlr2(const struct idv *i)
{
	u64 d = BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(12) | BIT(19) | BIT(25);
	if (idf(i->mmfr2, 32))
		d |= BIT(6);
	if (idf(i->mmfr0, 44))
		d |= BIT(11) | BIT(22);
	if (f_pauth(i))
		d |= BIT(13) | BIT(27) | BIT(30) | BIT(31);
	if (idf(i->mmfr2, 12))
		d |= BIT(21);
	if (idf(i->pfr1, 0))
		d |= BIT(36);
	if (f_mte2(i))
		d |= BIT(37) | GENMASK(41, 40) | BIT(43);
	if (idf(i->pfr1, 4) >= 2)
		d |= BIT(44);
	if (idf(i->isar0, 24))
		d |= BIT(51) | BIT(53);
	if (idf(i->pfr1, 36))
		d |= BIT(61) | BIT(62);
	return d;
}

/* CPTR_EL2. E2H=0: TZ(8, SVE) TFP(10) TSM(12, SME) TTA(20) TAM(30, AMU) TCPAC(31).
 * E2H=1 (CPACR_EL1 layout): ZEN(17:16, SVE) FPEN(21:20) SMEN(25:24, SME) TTA(28)
 * TAM(30, AMU) TCPAC(31). */
static inline u64 def_cptr(const struct idv *i, int e2h)
{
	u64 d = e2h ? GENMASK(21, 20) | BIT(28) | BIT(31) : BIT(10) | BIT(20) | BIT(31);
	if (f_sve(i))
		d |= e2h ? GENMASK(17, 16) : BIT(8);
	if (f_sme(i))
		d |= e2h ? GENMASK(25, 24) : BIT(12);
	if (f_amu(i))
		d |= BIT(30);
	return d;
}

/* CNTHCTL_EL2. E2H=0: EL1PCTEN EL1PCEN EVNTEN EVNTDIR EVNTI[7:4]; E2H=1 adds
 * EL0VCTEN/EL0PCTEN (0,1 become EL0 controls) EL0VTEN(8) EL0PTEN(9) EL1PCTEN(10)
 * EL1PTEN(11); FEAT_ECV: ECV EL1TVT EL1TVCT EL1NVPCT EL1NVVCT EVNTIS [17:12]. */
static inline u64 def_cnthctl(const struct idv *i, int e2h)
{
	u64 d = GENMASK(7, 0) | (e2h ? GENMASK(11, 8) : 0);
	if (f_ecv(i))
		d |= GENMASK(17, 12);
	return d;
}

/* MDCR_EL2 (HPMN [4:0] is masked by the caller as IMPLEMENTATION DEFINED):
 * TPMCR TPM HPME (PMU) TDE TDA TDOSA TDRA; E2PB/TPMS (SPE, PMSVer) HPMD (PMUv3p1)
 * TTRF (TraceFilt) TDCC (FGT, bit 27). */
static inline u64 def_mdcr(const struct idv *i)
{
	u64 d = GENMASK(11, 8);
	if (f_pmu(i))
		d |= GENMASK(7, 5) | GENMASK(4, 0);
	if (idf(i->dfr0, 32))
		d |= GENMASK(14, 12);
	if (f_pmu(i) && idf(i->dfr0, 8) >= 4)
		d |= BIT(17);
	if (idf(i->dfr0, 40))
		d |= BIT(19);
	if (idf(i->mmfr0, 56))
		d |= BIT(27);
	return d;
}

/* ESR_EL2: ISS2 [55:32] only with FEAT_LS64 (ISAR1 [63:60]), FEAT_GCS (PFR1 [47:44]) or
 * FEAT_THE (PFR1 [51:48]) among the features that define it; [63:56] RES0. */
static inline u64 def_esr(const struct idv *i)
{
	u64 d = GENMASK(31, 0);
	if (idf(i->isar1, 60) || idf(i->pfr1, 44) || idf(i->pfr1, 48))
		d |= GENMASK(55, 32);
	return d;
}

/* HPFAR_EL2: FIPA [43:4], [47:44] with a 52-bit PA range (FEAT_LPA/LPA2), NS (63) with
 * FEAT_SEL2. */
static inline u64 def_hpfar(const struct idv *i)
{
	u64 d = GENMASK(43, 4);
	if (idf(i->mmfr0, 0) >= 6)
		d |= GENMASK(47, 44);
	if (idf(i->pfr0, 36))
		d |= BIT(63);
	return d;
}

/* VTTBR_EL2: VMID [63:48] (only [55:48] with 8-bit VMIDs), BADDR [47:1], CnP (FEAT_TTCNP,
 * ID_AA64MMFR2_EL1.CnP). */
static inline u64 def_vttbr(const struct idv *i)
{
	u64 d = GENMASK(55, 1);
	if (f_vmid16(i))
		d |= GENMASK(63, 56);
	if (idf(i->mmfr2, 0))
		d |= BIT(0);
	return d;
}

/* VTCR_EL2: T0SZ SL0 IRGN0 ORGN0 SH0 TG0 PS [19:0]; VS (19) with 16-bit VMIDs;
 * HA (21) and HD (22) with FEAT_HAFDBS (MMFR1.HAFDBS >= 1 / 2); NSW (29) and NSA (30)
 * with FEAT_SEL2 (PFR0.SEL2, DDI 0487 D24.2 VTCR_EL2: defined, stored, acting on the Secure
 * EL1&0 regime only); RES1 31 left out. */
static inline u64 def_vtcr(const struct idv *i)
{
	u64 d = GENMASK(18, 0);
	if (f_vmid16(i))
		d |= BIT(19);
	if (idf(i->mmfr1, 0) >= 1)
		d |= BIT(21);
	if (idf(i->mmfr1, 0) >= 2)
		d |= BIT(22);
	if (idf(i->pfr0, 36) >= 1)
		d |= BIT(29) | BIT(30);
	return d;
}

/* ICH_HCR_EL2 (GIC IHI 0069 ICH_HCR_EL2): En UIE LRENPIE NPIE VGrp0/1 E/D IE [7:0],
 * TC TALL0 TALL1 [12:10], TSEI (13) if ICH_VTR_EL2.SEIS, TDIR (14) if ICH_VTR_EL2.TDS,
 * EOIcount [31:27]. */
static inline u64 def_ich_hcr(u64 vtr)
{
	u64 d = GENMASK(7, 0) | GENMASK(12, 10) | GENMASK(31, 27);
	if (vtr & BIT(22))
		d |= BIT(13);
	if (vtr & BIT(19))
		d |= BIT(14);
	return d;
}

/* SPSR_EL2 for an exception from AArch64: NZCV, TCO (25, MTE), DIT (24, ISAR? PFR0.DIT),
 * UAO (23, MMFR2.UAO), PAN (22, MMFR1.PAN), SS IL, ALLINT (13, NMI), SSBS (12, PFR1.SSBS),
 * BTYPE [11:10] (BTI), DAIF, M[4:0]. */
static inline u64 def_spsr(const struct idv *i)
{
	u64 d = GENMASK(31, 28) | BIT(21) | BIT(20) | GENMASK(9, 6) | GENMASK(4, 0);
	if (f_mte(i))
		d |= BIT(25);
	if (idf(i->pfr0, 48))
		d |= BIT(24);
	if (idf(i->mmfr2, 4))
		d |= BIT(23);
	if (idf(i->mmfr1, 20))
		d |= BIT(22);
	if (idf(i->pfr1, 36))
		d |= BIT(13);
	if (idf(i->pfr1, 4))
		d |= BIT(12);
	if (idf(i->pfr1, 0))
		d |= GENMASK(11, 10);
	return d;
}

#endif
