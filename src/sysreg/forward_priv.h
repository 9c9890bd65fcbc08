/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Trap forwarding: private table types shared by forward.c and forward_rules.c.
 *
 * Vocabulary (after KVM's emulate-nested.c, re-derived from the Arm ARM):
 * - a *field* line names bits of one of L1's vEL2 registers that exist, the feature
 *   that makes them exist and the HCR_EL2.E2H layout they belong to. The union of
 *   field lines is the register's non-RES0 mask; nvarm_fwd_load() clears the rest.
 * - a *condition* (coarse-grained trap, "CGT") is one test on L1's registers:
 *   (reg & mask) == val, optionally ANDed with a second such term (used for E2H/TGE
 *   layout selection and NV/NV2 combinations), restricted to reads and/or writes and
 *   to accesses from EL0 and/or EL1.
 * - a *composite* is the OR of up to four simple conditions (never of composites).
 * - a *sysreg rule* maps an inclusive range of packed encodings (sysreg_enc.h) to a
 *   condition or composite, an optional fine-grained trap bit, the feature that
 *   makes the encodings exist and fallback flags.
 * - an *EC rule* does the same for a non-0x18 exception class.
 */
#ifndef NVARM_SYSREG_FORWARD_PRIV_H
#define NVARM_SYSREG_FORWARD_PRIV_H

#include <nvarm/env.h>
#include <nvarm/types.h>
#include <nvarm/forward.h>
#include <nvarm/arm/sysreg_fields.h>

/* Access classes: bit 0 = read (MRS/SYSL), bit 1 = from EL1 (so cls = el << 1 | rd). */
#define FWD_CLS_READ 1u
#define FWD_CLS_EL1  2u

/* Condition access filter bits. */
#define FWD_R	   (1u << 0) /* applies to reads (MRS, SYSL) */
#define FWD_W	   (1u << 1) /* applies to writes (MSR, SYS) */
#define FWD_E0	   (1u << 2) /* applies to accesses from EL0 */
#define FWD_E1	   (1u << 3) /* applies to accesses from EL1 */
#define FWD_RW	   (FWD_R | FWD_W)
#define FWD_ANY_EL (FWD_E0 | FWD_E1)

/* Register layouts of a field line (CPTR_EL2 and CNTHCTL_EL2 depend on E2H). */
#define FWD_L_ANY  0
#define FWD_L_E2H0 1
#define FWD_L_E2H1 2

/* Condition ids. Simple conditions first, then composites. 0 = no condition. */
enum fwd_cgt {
	C_NONE = 0,
	/* HCR_EL2 */
	C_HCR_TID1,
	C_HCR_TID2,
	C_HCR_TID3,
	C_HCR_TID4,
	C_HCR_TID5,
	C_HCR_TIDCP,
	C_HCR_TACR,
	C_HCR_TSW,
	C_HCR_TPC,
	C_HCR_TPU,
	C_HCR_TICAB,
	C_HCR_TOCU,
	C_HCR_TTLB,
	C_HCR_TTLBIS,
	C_HCR_TTLBOS,
	C_HCR_TVM,
	C_HCR_TRVM,
	C_HCR_TDZ,
	C_HCR_TLOR,
	C_HCR_TERR,
	C_HCR_nFIEN,
	C_HCR_nAPK,
	C_HCR_nAPI,
	C_HCR_IMO,
	C_HCR_FMO,
	C_HCR_NV,
	C_HCR_NV_nNV2,
	C_HCR_NV1_nNV2,
	C_HCR_NV_NV1,
	C_HCR_AT,
	C_HCR_nENSCXT,
	C_HCR_TWI,
	C_HCR_TWE,
	C_HCR_TSC,
	C_HCR_HCD,
	/* MDCR_EL2 */
	C_MDCR_TPMCR,
	C_MDCR_TPM,
	C_MDCR_TDE,
	C_MDCR_TDA,
	C_MDCR_TDOSA,
	C_MDCR_TDRA,
	C_MDCR_TDCC,
	C_MDCR_nE2PB,
	C_MDCR_TPMS,
	C_MDCR_TTRF,
	C_MDCR_nE2TB,
	/* CPTR_EL2, both layouts */
	C_CPTR0_TTA,
	C_CPTR1_TTA,
	C_CPTR_TCPAC,
	C_CPTR_TAM,
	C_CPTR0_TFP,
	C_CPTR1_FPEN0,
	C_CPTR1_FPEN01,
	C_CPTR0_TZ,
	C_CPTR1_ZEN0,
	C_CPTR1_ZEN01,
	C_CPTR0_TSM,
	C_CPTR1_SMEN0,
	C_CPTR1_SMEN01,
	/* CNTHCTL_EL2, both layouts */
	C_CNT0_nEL1PCTEN,
	C_CNT1_nEL1PCTEN,
	C_CNT1_nEL0PCTEN,
	C_CNT0_nEL1PCEN,
	C_CNT1_nEL1PTEN,
	C_CNT1_nEL0PTEN,
	C_CNT1_nEL0VCTEN,
	C_CNT1_nEL0VTEN,
	C_CNT1_nEL0CTEN,   /* EL0PCTEN and EL0VCTEN both 0: CNTFRQ_EL0 */
	C_CNT_EL1TVT,	   /* with E2H == 0 */
	C_CNT_EL1TVT_TGE0, /* with TGE == 0 */
	C_CNT_EL1TVCT,
	C_CNT_EL1TVCT_TGE0,
	C_CNT_EL1NVPCT,
	C_CNT_EL1NVVCT,
	/* HCRX_EL2 */
	C_HCRX_nTCR2EN,
	C_HCRX_nSCTLR2EN,
	C_HCRX_nENALS, /* with E2H == 0 */
	C_HCRX_nENALS_TGE0,
	C_HCRX_nENAS0,
	C_HCRX_nENAS0_TGE0,
	C_HCRX_nENASR,
	C_HCRX_nENASR_TGE0,
	C_HCRX_MCE2, /* with E2H == 0 */
	C_HCRX_MCE2_TGE0,
	C_HCRX_TALLINT,
	/* ICH_HCR_EL2 */
	C_ICH_TC,
	C_ICH_TALL0,
	C_ICH_TALL1,
	C_ICH_TDIR,
	C__SIMPLE_END,

	/* Composites (OR of simple conditions). */
	X_TID2_TID4 = C__SIMPLE_END,
	X_TTLB_TTLBIS,
	X_TTLB_TTLBOS,
	X_TVM_TRVM,
	X_TVM_TRVM_TCR2,
	X_TVM_TRVM_SCTLR2,
	X_TPU_TICAB,
	X_TPU_TOCU,
	X_NV1_nNV2_ENSCXT,
	X_NV_nNV2_NV1,
	X_TPM_TPMCR,
	X_TDE_TDA,
	X_TDE_TDOSA,
	X_TDE_TDRA,
	X_TDCC_TDE_TDA,
	X_IMO_FMO_TC,
	X_TC_TDIR,
	X_CPTR_TTA,
	X_CPTR_FP,
	X_CPTR_SVE,
	X_CPTR_SME,
	X_CNT_PCT,
	X_CNT_PT,
	X_CNT_VCT,
	X_CNT_VT,
	X_CNT_NVPCT,
	X_CNT_NVVCT,
	X_HCRX_nENALS,
	X_HCRX_nENAS0,
	X_HCRX_nENASR,
	X_HCRX_MCE2,
	C__END
};

NVARM_STATIC_ASSERT(C__END <= NVARM_FWD_CGT_IDS, "condition ids must fit the ctx table");
NVARM_STATIC_ASSERT(C__END <= 256, "condition ids are stored in a uint8_t");

/* Fine-grained trap groups; slot in ctx->fgt is group * 2 + is_read. */
enum fwd_fgt_group {
	G_NONE = 0,
	G_HFGxTR,  /* read: HFGRTR_EL2, write: HFGWTR_EL2 */
	G_HFGITR,  /* both: HFGITR_EL2 */
	G_HDFGxTR, /* read: HDFGRTR_EL2, write: HDFGWTR_EL2 */
	G_HAFGRTR, /* read: HAFGRTR_EL2, write: none */
	G__END
};
NVARM_STATIC_ASSERT(G__END * 2 == NVARM_FWD_FGT_SLOTS, "FGT slot count");

/* Feature index 0: always present. */
#define FEAT_BASE 0

/* One line per field (or group of fields) of an L1 vEL2 register. */
struct fwd_field {
	uint64_t mask;
	uint8_t reg;	/* enum nvarm_fwd_vreg */
	uint8_t feat;	/* enum nvarm_fwd_feature, or FEAT_BASE */
	uint8_t layout; /* FWD_L_* */
	uint16_t line;
};

/* One simple trap condition. */
struct fwd_cond {
	uint64_t mask, val;   /* term 1 on reg */
	uint64_t mask2, val2; /* term 2 on reg2 (mask2 == 0: always true) */
	uint8_t id;	      /* enum fwd_cgt, for the id check */
	uint8_t reg, reg2;
	uint8_t acc;	/* FWD_R/W/E0/E1 */
	uint8_t layout; /* FWD_L_* of term 1 (for the RES0 check) */
	uint8_t feat;	/* feature that makes term 1's bits exist */
	uint16_t line;
};

/* One composite: OR of up to four simple conditions (0-terminated). */
struct fwd_combo {
	uint8_t id;
	uint8_t member[4];
	uint16_t line;
};

/* Fine-grained trap bits of one FGT register: existence, polarity, feature. */
struct fwd_fgt_bit {
	uint64_t mask;	  /* the bits this line declares */
	uint8_t reg;	  /* NVARM_FWD_HFGRTR_EL2 ... NVARM_FWD_HAFGRTR_EL2 */
	uint8_t negative; /* 1: nXXX bits, trap when 0 */
	uint8_t feat;
	uint16_t line;
};

/* Sysreg rule flags. */
/* Sysreg rule flags; each is the verdict bit of nvarm_fwd_ctx::rule[] it sets (FWD_V_*). */
#define FWD_F_UNDEF   0x10u /* not trapped by L1 => UNDEFINED for L1's VM */
#define FWD_F_PMU_IDX 0x20u /* PMEVCNTR<n>/PMEVTYPER<n>: n >= HPMN => UNDEFINED */
/* With L1's HCR_EL2.{NV, NV2} = {1, 1} an EL1 access not forwarded is L0's (VNCR page or EL1
 * register), not UNDEFINED. */
#define FWD_F_NV2MEM 0x40u

/*
 * Rule keys. A key orders encodings exactly like (op0, op1, CRn, CRm, op2), but is
 * cheaper to derive from an EC 0x18 ISS than the packed encoding of sysreg_enc.h:
 * drop Rt/direction and move op2 (ISS[19:17]) to the bottom, the rest shifted by 3:
 *   key[24:23] = op0, [19:17] = op1, [16:13] = CRn, [7:4] = CRm, [2:0] = op2.
 */
#define FWD_KEY(op0, op1, crn, crm, op2)                                                           \
	(((uint32_t)(op0) << 23) | ((uint32_t)(op1) << 17) | ((uint32_t)(crn) << 13) |             \
	 ((uint32_t)(crm) << 4) | (uint32_t)(op2))
#define FWD_KEY_MASK	FWD_KEY(3, 7, 15, 15, 7)
#define FWD_ISS_KEYBITS 0x31fc1eu /* op0, op1, CRn, CRm in the ISS */

static inline uint32_t fwd_iss_key(uint32_t iss)
{
	return ((iss & FWD_ISS_KEYBITS) << 3) | ((iss >> 17) & 7);
}

/* One sysreg rule: keys lo..hi inclusive. 16 bytes. */
struct fwd_rule {
	uint32_t lo, hi;
	uint8_t cgt;	 /* enum fwd_cgt */
	uint8_t fgt;	 /* enum fwd_fgt_group */
	uint8_t fgt_bit; /* bit in the group's register(s) */
	uint8_t feat;	 /* feature for the encodings to exist */
	uint8_t flags;	 /* FWD_F_* */
	uint8_t pad;
	uint16_t line;
};

/* Kinds of EC handling (non-0x18 traps). */
enum fwd_ec_kind {
	K_NONE = 0, /* not routed here: NVARM_ERR_UNSUPPORTED */
	K_SYSREG,   /* EC 0x18 */
	K_COND,	    /* forward iff cgt (or FGT) */
	K_WFX,	    /* per TI sub-table */
	K_LS64,	    /* per ISS sub-table */
	K_SVC,	    /* FGT SVC_EL0/SVC_EL1 */
	K_HVC,	    /* always to vEL2 from EL1 unless HCR_EL2.HCD */
	K_SMC,	    /* HCR_EL2.TSC from EL1 */
	K_FPLIKE,   /* SVE/SME: own control first, then FP (rewrite EC) */
	K_CP15,	    /* HSTR_EL2 */
	K_DEBUG,    /* MDCR_EL2.TDE (TGE folded in) */
};

/* EC rule flags. */
#define FWD_EC_NOFEAT_L0 1u /* feature absent: L0 decides (e.g. PAC hints are NOPs) */

struct fwd_ec_rule {
	uint8_t ec;
	uint8_t kind;
	uint8_t cgt;
	uint8_t feat;
	uint8_t fgt, fgt_bit; /* optional FGT (ERET) */
	uint8_t flags;	      /* FWD_EC_* */
	uint8_t sub, nsub;    /* K_WFX/K_LS64/K_SVC: nvarm__fwd_sub_rules[sub + key], key < nsub */
	uint16_t line;
};

/* WFx / LS64 / SVC sub-rules keyed by a small ISS value. */
struct fwd_sub_rule {
	uint8_t ec;
	uint8_t key;
	uint8_t cgt;
	uint8_t feat;
	uint8_t fgt, fgt_bit;
	uint16_t line;
};

/* Tables (forward_rules.c). */
/* The bits of forwarding register @reg (enum nvarm_fwd_vreg) in the E2H layout @e2h that its
 * field lines (forward_rules.c) give only to features missing from @features: RES0 for such
 * an L1 (forward.c; the vEL2 masks add them, features.c). */
uint64_t nvarm__fwd_absent_bits(uint64_t features, unsigned int reg, bool e2h);
/* Whether the register with packed encoding @p enc exists for a VM with these feature bits:
 * the feature of its forwarding rule (the one statement of which feature each trapped
 * register needs); true for a register no rule names. */
bool nvarm__fwd_enc_exists(uint64_t features, uint32_t enc);
extern const struct fwd_field nvarm__fwd_fields[];
extern const size_t nvarm__fwd_nr_fields;
extern const struct fwd_cond nvarm__fwd_conds[C__SIMPLE_END];
extern const size_t fwd_nr_conds;
extern const struct fwd_combo nvarm__fwd_combos[C__END - C__SIMPLE_END];
extern const size_t fwd_nr_combos;
extern const struct fwd_fgt_bit nvarm__fwd_fgt_bits[];
extern const size_t nvarm__fwd_nr_fgt_bits;
/*
 * Number of sysreg rules. Kept here so that the lookup, inlined into the routing
 * function, has a compile-time trip count; forward_rules.c asserts it matches.
 */
#define FWD_NR_RULES 518
extern const struct fwd_rule nvarm__fwd_rules[FWD_NR_RULES];
NVARM_STATIC_ASSERT(FWD_NR_RULES <= NVARM_FWD_RULE_SLOTS, "grow NVARM_FWD_RULE_SLOTS");

/* Verdict bits of nvarm_fwd_ctx::rule[] beyond the four access-class bits. */
#define FWD_V_UNDEF 0x10u /* not forwarded => UNDEFINED (feature absent, EL2/EL3 space) */
#define FWD_V_PMU   0x20u /* not forwarded => UNDEFINED if n >= HPMN */
#define FWD_V_NV2L0 0x40u /* not forwarded from EL1 => L0's (FWD_F_NV2MEM under NV2) */
NVARM_STATIC_ASSERT(FWD_F_UNDEF == FWD_V_UNDEF && FWD_F_PMU_IDX == FWD_V_PMU &&
			FWD_F_NV2MEM == FWD_V_NV2L0,
		    "nvarm_fwd_load() copies the rule flags into the verdicts");
extern const size_t nvarm__fwd_nr_rules;
extern const struct fwd_ec_rule nvarm__fwd_ec_rules[64];
extern const struct fwd_sub_rule nvarm__fwd_sub_rules[];
extern const size_t nvarm__fwd_nr_sub_rules;

/*
 * Rule covering @enc, or NULL: the last rule whose first encoding is <= enc, if it
 * also covers enc. The trip count is a compile-time constant (ceil(log2(N)) steps)
 * and each step is a compare and a conditional move: fully unrolled, no data-
 * dependent branch, about three instructions per step.
 */
/* Step sizes of the search, all compile-time constants (enough for 1024 rules). */
enum {
	FWD_S_N0 = FWD_NR_RULES,
	FWD_S_H1 = FWD_S_N0 / 2,
	FWD_S_N1 = FWD_S_N0 - FWD_S_H1,
	FWD_S_H2 = FWD_S_N1 / 2,
	FWD_S_N2 = FWD_S_N1 - FWD_S_H2,
	FWD_S_H3 = FWD_S_N2 / 2,
	FWD_S_N3 = FWD_S_N2 - FWD_S_H3,
	FWD_S_H4 = FWD_S_N3 / 2,
	FWD_S_N4 = FWD_S_N3 - FWD_S_H4,
	FWD_S_H5 = FWD_S_N4 / 2,
	FWD_S_N5 = FWD_S_N4 - FWD_S_H5,
	FWD_S_H6 = FWD_S_N5 / 2,
	FWD_S_N6 = FWD_S_N5 - FWD_S_H6,
	FWD_S_H7 = FWD_S_N6 / 2,
	FWD_S_N7 = FWD_S_N6 - FWD_S_H7,
	FWD_S_H8 = FWD_S_N7 / 2,
	FWD_S_N8 = FWD_S_N7 - FWD_S_H8,
	FWD_S_H9 = FWD_S_N8 / 2,
	FWD_S_N9 = FWD_S_N8 - FWD_S_H9,
	FWD_S_H10 = FWD_S_N9 / 2,
	FWD_S_N10 = FWD_S_N9 - FWD_S_H10,
};
NVARM_STATIC_ASSERT(FWD_S_N10 == 1, "binary search needs more steps");

#define FWD_SEARCH_STEP(base, enc, h)                                                              \
	do {                                                                                       \
		if (h) {                                                                           \
			const struct fwd_rule *c_ = (base) + (h);                                  \
			(base) = (c_->lo <= (enc)) ? c_ : (base);                                  \
		}                                                                                  \
	} while (0)

static inline const struct fwd_rule *fwd_lookup(uint32_t enc)
{
	const struct fwd_rule *base = nvarm__fwd_rules;

	FWD_SEARCH_STEP(base, enc, FWD_S_H1);
	FWD_SEARCH_STEP(base, enc, FWD_S_H2);
	FWD_SEARCH_STEP(base, enc, FWD_S_H3);
	FWD_SEARCH_STEP(base, enc, FWD_S_H4);
	FWD_SEARCH_STEP(base, enc, FWD_S_H5);
	FWD_SEARCH_STEP(base, enc, FWD_S_H6);
	FWD_SEARCH_STEP(base, enc, FWD_S_H7);
	FWD_SEARCH_STEP(base, enc, FWD_S_H8);
	FWD_SEARCH_STEP(base, enc, FWD_S_H9);
	FWD_SEARCH_STEP(base, enc, FWD_S_H10);
	if (base->lo <= enc && enc <= base->hi)
		return base;
	return NULL;
}

/*
 * Table checks, one per table kind, on any table of that kind (the unit tests feed
 * them broken tables to prove they fail). Return NVARM_OK or NVARM_ERR_STATE with
 * @err (may be NULL) describing the first problem. @conds is indexed by id (entry 0
 * unused, n = number of ids); @combos[i] must have id C__SIMPLE_END + i.
 */
int nvarm__fwd_check_conds(const struct fwd_cond *conds, size_t n,
			   struct nvarm_fwd_table_error *err);
int nvarm__fwd_check_combos(const struct fwd_combo *combos, size_t n,
			    struct nvarm_fwd_table_error *err);
int nvarm__fwd_check_rules(const struct fwd_rule *rules, size_t n,
			   struct nvarm_fwd_table_error *err);

/* nvarm_fwd_ctx::magic once loaded. */
#define FWD_MAGIC 0x6e76666du /* "nvfm" */

/*
 * Hardware trap rules (forward_hw.c): when condition @cgt traps any access class for
 * L1, L0's hardware register @reg (in layout @layout of L0's own HCR_EL2.E2H) gets
 * @mask set (@clear = 0) or cleared (@clear = 1, for controls that trap when 0).
 */
enum fwd_hw_reg { FWD_HW_HCR = 0, FWD_HW_MDCR, FWD_HW_CPTR, FWD_HW_HCRX, FWD_HW__COUNT };

struct fwd_hw_rule {
	uint64_t mask;
	uint8_t cgt;	/* enum fwd_cgt (simple or composite) */
	uint8_t reg;	/* enum fwd_hw_reg */
	uint8_t layout; /* FWD_L_* of L0's hardware layout */
	uint8_t clear;
	uint16_t line;
};
extern const struct fwd_hw_rule nvarm__fwd_hw_rules[];
extern const size_t nvarm__fwd_nr_hw_rules;
/* nvarm_fwd_load(): fold the hardware rules and FGT polarities into ctx->hw_keep/hw_set and
 * ctx->fgt_keep/fgt_set, so that nvarm_fwd_hw_traps() is a few masks (forward_hw.c). @neg: the
 * negative (nXXX) bits of each FGT register, of the features L1 has. */
void nvarm__fwd_hw_fold(struct nvarm_fwd_ctx *ctx, const uint64_t neg[NVARM_FWD_NR_VREGS]);

/* HCR_EL2 bits used by the code (not only by tables). */
#define HCR_TGE NVARM_BIT(27)
/* HCR_EL2 controls that change how L2 runs, not what traps (nvarm_fwd_hw_traps passes L1's
 * values through): PTW [2], VF [6], VI [7], VSE [8], FB [9], BSU [11:10], DC [12],
 * CD [32], ID [33]; and the routing bits the virtual exceptions depend on. */
/* HCRX_EL2 (Arm ARM D24.2 "HCRX_EL2"): FGTnXS [4] (1: the HFGITR_EL2 TLBI bits do not trap
 * the nXS forms), MSCEn [11] (0: the CPY and SET instructions UNDEFINED at EL1/EL0), and the
 * controls that change how L2 runs rather than what traps: FnXS [3], CMOW [9]. */
#define HCRX_FGTNXS    NVARM_HCRX_EL2_FGTnXS
#define HCRX_MSCEN     NVARM_HCRX_EL2_MSCEn
#define HCRX_PASS_MASK (NVARM_HCRX_EL2_FnXS | NVARM_HCRX_EL2_CMOW)
#define HCRX_VINMI     NVARM_HCRX_EL2_VINMI
#define HCRX_VFNMI     NVARM_HCRX_EL2_VFNMI
#define HCR_PASS_MASK  (NVARM_BIT(2) | NVARM_BIT(9) | NVARM_BIT(12) | NVARM_BIT(32) | NVARM_BIT(33))
#define HCR_VF	       NVARM_BIT(6)
#define HCR_VI	       NVARM_BIT(7)
#define HCR_VSE	       NVARM_BIT(8)
#define HCR_FMO_B      NVARM_BIT(3)
#define HCR_IMO_B      NVARM_BIT(4)
#define HCR_AMO_B      NVARM_BIT(5)
#define HCR_BSU	       NVARM_GENMASK(11, 10)
#define HCR_E2H	       NVARM_BIT(34)
#define HCR_NV	       NVARM_BIT(42)
#define HCR_NV1	       NVARM_BIT(43)
#define HCR_NV2	       NVARM_BIT(45)
#define HCR_AT_B       NVARM_BIT(44)
#define MDCR_TDE       NVARM_BIT(8)
#define MDCR_HPMN_MASK NVARM_GENMASK(4, 0)

#endif /* NVARM_SYSREG_FORWARD_PRIV_H */
