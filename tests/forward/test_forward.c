// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Trap forwarding tests. Every case builds a real ESR_EL2 value (EC/IL/ISS layout of
 * the Arm ARM, checked against an ESR measured on QEMU) and real vEL2 register values
 * (architectural bit positions written out here, independently of the tables), then
 * checks the routing decision with the control set and clear.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/forward.h>
#include <nvarm/sysreg_regs.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>
#include "test_rng.h"
#include "sysreg/forward_priv.h"

#undef BIT /* the kernel (examples/kmod) has its own, unsigned long */
#define BIT(n) (UINT64_C(1) << (n))
#define IL     ((uint64_t)NVARM_ESR_IL)

/* Architectural bit positions (Arm ARM D19), written independently of the tables. */
#define HCR_TWI	   BIT(13)
#define HCR_TWE	   BIT(14)
#define HCR_TID1   BIT(16)
#define HCR_TID2   BIT(17)
#define HCR_TID3   BIT(18)
#define HCR_TSC	   BIT(19)
#define HCR_TIDCP  BIT(20)
#define HCR_TACR   BIT(21)
#define HCR_TSW	   BIT(22)
#define HCR_TPC	   BIT(23)
#define HCR_TPU	   BIT(24)
#define HCR_TTLB   BIT(25)
#define HCR_TVM	   BIT(26)
#define HCR_TGE_   BIT(27)
#define HCR_TDZ	   BIT(28)
#define HCR_HCD	   BIT(29)
#define HCR_TRVM   BIT(30)
#define HCR_E2H_   BIT(34)
#define HCR_TLOR   BIT(35)
#define HCR_TERR   BIT(36)
#define HCR_APK	   BIT(40)
#define HCR_API	   BIT(41)
#define HCR_NV_	   BIT(42)
#define HCR_NV1_   BIT(43)
#define HCR_AT	   BIT(44)
#define HCR_NV2_   BIT(45)
#define HCR_FIEN   BIT(47)
#define HCR_TID4   BIT(49)
#define HCR_TICAB  BIT(50)
#define HCR_TOCU   BIT(52)
#define HCR_ENSCXT BIT(53)
#define HCR_TTLBIS BIT(54)
#define HCR_TTLBOS BIT(55)
#define HCR_TID5   BIT(58)

#define MDCR_TPMCR BIT(5)
#define MDCR_TPM   BIT(6)
#define MDCR_TDE_  BIT(8)
#define MDCR_TDA   BIT(9)
#define MDCR_TDOSA BIT(10)
#define MDCR_TDRA  BIT(11)
#define MDCR_E2PB0 BIT(12)
#define MDCR_TPMS  BIT(14)
#define MDCR_TTRF  BIT(19)
#define MDCR_E2TB0 BIT(24)
#define MDCR_TDCC  BIT(27)

/* Every feature except "E2H is RES1" (tests choose the layout through HCR_EL2.E2H). */
#define ALL_FEATS                                                                                  \
	(((UINT64_C(1) << NVARM_FWD_FEAT__COUNT) - 2) & ~NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY))

/* ESR_EL2 for EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5] = x3,
 * CRm [4:1], Direction [0] (1 = read). */
#define esr_sys(op0, op1, crn, crm, op2, read)                                                     \
	(((uint64_t)NVARM_EC_SYS64 << NVARM_ESR_EC_SHIFT) | IL | ((uint64_t)(op0) << 20) |         \
	 ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | ((uint64_t)(crn) << 10) |             \
	 (UINT64_C(3) << 5) | ((uint64_t)(crm) << 1) | ((read) ? 1 : 0))
#define esr_ec(ec, iss) (((uint64_t)(ec) << NVARM_ESR_EC_SHIFT) | IL | (uint64_t)(iss))

static void vs_init(struct nvarm_fwd_vstate *vs, uint64_t feats)
{
	memset(vs, 0, sizeof(*vs));
	vs->features = feats;
	/* Bits whose 0 value traps, set to "don't trap" by default. */
	vs->reg[NVARM_FWD_HCR_EL2] = HCR_APK | HCR_API | HCR_FIEN | HCR_ENSCXT;
	vs->reg[NVARM_FWD_MDCR_EL2] = MDCR_E2PB0 | (UINT64_C(3) << 12) | (UINT64_C(3) << 24) | 31;
	vs->reg[NVARM_FWD_CNTHCTL_EL2] = 0x3 | (0x3 << 8) | (0x3 << 10);
	vs->reg[NVARM_FWD_CPTR_EL2] = 0;
	vs->reg[NVARM_FWD_HCRX_EL2] = BIT(0) | BIT(1) | BIT(2) | BIT(14) | BIT(15);
	/* nXXX FGT bits set: no trap. */
	vs->reg[NVARM_FWD_HFGRTR_EL2] =
	    BIT(50) | BIT(54) | BIT(55) | BIT(57) | BIT(58) | BIT(59) | BIT(60);
	vs->reg[NVARM_FWD_HFGWTR_EL2] = vs->reg[NVARM_FWD_HFGRTR_EL2];
	vs->reg[NVARM_FWD_HFGITR_EL2] = BIT(55) | BIT(56);
	vs->reg[NVARM_FWD_HDFGRTR_EL2] = BIT(62); /* nPMSNEVFR_EL1 */
	vs->reg[NVARM_FWD_HDFGWTR_EL2] = BIT(62);
	vs->pmu_counters = 31;
}

static int route(const struct nvarm_fwd_vstate *vs, uint64_t esr, unsigned el,
		 struct nvarm_fwd_result *res)
{
	struct nvarm_fwd_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(nvarm_fwd_load(&ctx, vs), NVARM_OK);
	return nvarm_fwd_route(&ctx, esr, el, res);
}

/* ------------------------------------------------------------ nvarm_fwd_fgt_bit */

/*
 * nvarm_fwd_fgt_bit() against the routing itself, over every register and instruction of the
 * database: where it names an FGT bit, L1 setting that bit to its trapping value (1, or 0 for
 * an nXXX bit) makes nvarm_fwd_route() forward that access from EL1, and the baseline (every
 * FGT bit at "no trap") does not. SCTLR_EL1 (HFGRTR/HFGWTR_EL2 bit 29, DDI 0487 D24.2) by name.
 */
#define FGT_ENC(n, op0, op1, crn, crm, op2, ...) NVARM_SYSREG_ENC(op0, op1, crn, crm, op2),
static const uint32_t fgt_encs[] = {NVARM_SYSREG_LIST(FGT_ENC) NVARM_SYSREG_OTHER_LIST(FGT_ENC)};
#undef FGT_ENC

static void test_fgt_bit(void **state)
{
	struct nvarm_fwd_vstate base, vs;
	struct nvarm_fwd_result res;
	unsigned reg, bit, found = 0;
	bool neg;

	(void)state;
	vs_init(&base, ALL_FEATS);
	for (size_t i = 0; i < sizeof(fgt_encs) / sizeof(fgt_encs[0]); i++) {
		uint32_t e = fgt_encs[i];

		for (int rd = 0; rd < 2; rd++) {
			uint64_t esr =
			    esr_sys(NVARM_SYSREG_OP0(e), NVARM_SYSREG_OP1(e), NVARM_SYSREG_CRN(e),
				    NVARM_SYSREG_CRM(e), NVARM_SYSREG_OP2(e), rd);

			if (nvarm_fwd_fgt_bit(e, rd != 0, &reg, &bit, &neg) != 0)
				continue;
			found++;
			vs = base;
			vs.reg[reg] = neg ? vs.reg[reg] & ~BIT(bit) : vs.reg[reg] | BIT(bit);
			if (route(&vs, esr, 1, &res) != NVARM_FWD_FORWARD)
				fail_msg("enc %#x %s: FGT reg %u bit %u (neg %d) does not forward",
					 e, rd ? "read" : "write", reg, bit, neg);
			if (route(&base, esr, 1, &res) == NVARM_FWD_FORWARD)
				fail_msg("enc %#x %s: forwarded without its FGT bit", e,
					 rd ? "read" : "write");
		}
	}
	assert_true(found > 100);
	assert_int_equal(nvarm_fwd_fgt_bit(NVARM_ENC_SCTLR_EL1, true, &reg, &bit, &neg), 0);
	assert_int_equal(reg, NVARM_FWD_HFGRTR_EL2);
	assert_int_equal(bit, 29);
	assert_false(neg);
	assert_int_equal(nvarm_fwd_fgt_bit(NVARM_ENC_SCTLR_EL1, false, &reg, &bit, &neg), 0);
	assert_int_equal(reg, NVARM_FWD_HFGWTR_EL2);
	assert_int_equal(bit, 29);
	/* EL2 registers have no FGT bit; NULL outputs */
	assert_int_equal(nvarm_fwd_fgt_bit(NVARM_ENC_HCR_EL2, true, &reg, &bit, &neg),
			 NVARM_ERR_NOENT);
	assert_int_equal(nvarm_fwd_fgt_bit(NVARM_ENC_SCTLR_EL1, true, NULL, &bit, &neg),
			 NVARM_ERR_INVAL);
}

/* ------------------------------------------------------------ table checks */

static void test_tables_consistent(void **state)
{
	struct nvarm_fwd_table_error err;
	int rc = nvarm_fwd_check_tables(&err);

	(void)state;
	if (rc)
		fail_msg("table check kind %u table %u index %u line %u", err.kind, err.table,
			 err.index, err.line);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_OK);
	/* "Several hundred rules". */
	assert_true(nvarm_fwd_rule_count() >= 300);
	print_message("forward: %u sysreg rules\n", nvarm_fwd_rule_count());
}

/* The checks reject broken tables: each synthetic table has exactly one defect. */
static void test_checks_reject_broken_tables(void **state)
{
	struct nvarm_fwd_table_error err;
	const uint32_t k1 = FWD_KEY(3, 0, 1, 0, 0), k2 = FWD_KEY(3, 0, 2, 0, 0);
	const uint32_t k3 = FWD_KEY(3, 0, 2, 0, 2);
	/* {lo, hi, cgt, fgt group, fgt bit, feature, flags, pad, line} */
	const struct fwd_rule ok[] = {
	    {k1, k1, C_HCR_TVM, G_HFGxTR, 29, 0, 0, 0, 1},
	    {k2, k3, C_HCR_TRVM, G_NONE, 0, 0, 0, 0, 2},
	};
	const struct fwd_rule unsorted[] = {
	    {k2, k2, C_HCR_TVM, G_NONE, 0, 0, 0, 0, 10},
	    {k1, k1, C_HCR_TVM, G_NONE, 0, 0, 0, 0, 11},
	};
	const struct fwd_rule dup[] = {
	    {k1, k1, C_HCR_TVM, G_NONE, 0, 0, 0, 0, 20},
	    {k1, k1, C_HCR_TRVM, G_NONE, 0, 0, 0, 0, 21},
	};
	const struct fwd_rule overlap[] = {
	    {k1, k3, C_HCR_TVM, G_NONE, 0, 0, 0, 0, 30},
	    {k2, k2, C_HCR_TVM, G_NONE, 0, 0, 0, 0, 31},
	};
	/* HFGITR_EL2 bit 63 is RES0 (not declared): a rule may not name it. */
	const struct fwd_rule res0_fgt[] = {
	    {k1, k1, C_NONE, G_HFGITR, 63, 0, 0, 0, 40},
	};
	const struct fwd_rule bad_range[] = {
	    {k2, k1, C_NONE, G_NONE, 0, 0, 0, 0, 50},
	};
	struct fwd_cond conds[3];
	struct fwd_combo combos[2];

	(void)state;
	assert_int_equal(nvarm__fwd_check_rules(ok, 2, &err), NVARM_OK);
	assert_int_equal(nvarm__fwd_check_rules(unsorted, 2, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_UNSORTED);
	assert_int_equal(err.line, 11);
	assert_int_equal(nvarm__fwd_check_rules(dup, 2, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_OVERLAP);
	assert_int_equal(err.line, 21);
	assert_int_equal(nvarm__fwd_check_rules(overlap, 2, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_OVERLAP);
	assert_int_equal(nvarm__fwd_check_rules(res0_fgt, 1, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_RES0_BIT);
	assert_int_equal(nvarm__fwd_check_rules(bad_range, 1, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_BAD_RANGE);

	/* A condition naming HCR_EL2 bit 39 (TME, not declared for L1): RES0. */
	memset(conds, 0, sizeof(conds));
	conds[1] = nvarm__fwd_conds[C_HCR_TVM];
	conds[1].id = 1;
	conds[2] = nvarm__fwd_conds[C_HCR_TVM];
	conds[2].id = 2;
	assert_int_equal(nvarm__fwd_check_conds(conds, 3, &err), NVARM_OK);
	conds[2].mask = conds[2].val = BIT(39);
	conds[2].line = 77;
	assert_int_equal(nvarm__fwd_check_conds(conds, 3, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_RES0_BIT);
	assert_int_equal(err.line, 77);
	/* CPTR_EL2 bit 13 is not a trap control in either layout. */
	conds[2] = nvarm__fwd_conds[C_CPTR0_TFP];
	conds[2].id = 2;
	conds[2].mask = conds[2].val = BIT(13);
	assert_int_equal(nvarm__fwd_check_conds(conds, 3, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_RES0_BIT);

	/* Composites: one naming a composite, one empty. */
	combos[0] = nvarm__fwd_combos[0];
	combos[1] = nvarm__fwd_combos[1];
	assert_int_equal(nvarm__fwd_check_combos(combos, 2, &err), NVARM_OK);
	combos[1].member[1] = X_TID2_TID4;
	assert_int_equal(nvarm__fwd_check_combos(combos, 2, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_BAD_COMPOSITE);
	combos[1] = nvarm__fwd_combos[1];
	memset(combos[1].member, 0, sizeof(combos[1].member));
	assert_int_equal(nvarm__fwd_check_combos(combos, 2, &err), NVARM_ERR_STATE);
	assert_int_equal(err.kind, NVARM_FWD_CHECK_BAD_COMPOSITE);
}

/* The binary search agrees with a linear scan, for every encoding of the space. */
static void test_lookup_matches_linear_scan(void **state)
{
	(void)state;
	for (uint32_t k = 0; k <= NVARM_SYSREG_ENC_MASK >> 5; k++) {
		uint32_t e = k << 5;
		uint32_t enc =
		    FWD_KEY(NVARM_SYSREG_OP0(e), NVARM_SYSREG_OP1(e), NVARM_SYSREG_CRN(e),
			    NVARM_SYSREG_CRM(e), NVARM_SYSREG_OP2(e));
		const struct fwd_rule *want = NULL;
		uint64_t esr =
		    esr_sys(NVARM_SYSREG_OP0(e), NVARM_SYSREG_OP1(e), NVARM_SYSREG_CRN(e),
			    NVARM_SYSREG_CRM(e), NVARM_SYSREG_OP2(e), k & 1);

		/* The ISS-derived key is the tuple's key (Rt and direction ignored). */
		if (fwd_iss_key((uint32_t)esr & NVARM_ESR_ISS_MASK) != enc)
			fail_msg("ISS key mismatch for encoding %#x", e);
		if (k && enc <= FWD_KEY(NVARM_SYSREG_OP0(e - 32), NVARM_SYSREG_OP1(e - 32),
					NVARM_SYSREG_CRN(e - 32), NVARM_SYSREG_CRM(e - 32),
					NVARM_SYSREG_OP2(e - 32)))
			fail_msg("key order differs from encoding order at %#x", e);
		for (size_t i = 0; i < nvarm__fwd_nr_rules; i++)
			if (nvarm__fwd_rules[i].lo <= enc && enc <= nvarm__fwd_rules[i].hi)
				want = &nvarm__fwd_rules[i];
		if (fwd_lookup(enc) != want)
			fail_msg("lookup mismatch for encoding %#x", enc);
	}
}

/* ------------------------------------------ one control bit set vs clear */

struct bit_case {
	const char *name;
	unsigned reg;	    /* vEL2 register holding the control */
	uint64_t trap_val;  /* bits ORed in to trap */
	uint64_t clear_val; /* bits cleared to not trap */
	uint64_t hcr_extra; /* e.g. E2H for the E2H=1 layouts */
	uint64_t esr;
	unsigned el;
	int notrap; /* expected action without the control */
};

#define SYSR(a, b, c, d, e) esr_sys(a, b, c, d, e, true)
#define SYSW(a, b, c, d, e) esr_sys(a, b, c, d, e, false)
#define H		    NVARM_FWD_HCR_EL2
#define M		    NVARM_FWD_MDCR_EL2
#define C		    NVARM_FWD_CPTR_EL2
#define T		    NVARM_FWD_CNTHCTL_EL2
#define X		    NVARM_FWD_HCRX_EL2
#define I		    NVARM_FWD_ICH_HCR_EL2
#define L0		    NVARM_FWD_HANDLE_IN_L0
#define UD		    NVARM_FWD_UNDEF

static const struct bit_case bit_cases[] = {
    {"TID1 REVIDR", H, HCR_TID1, 0, 0, SYSR(3, 0, 0, 0, 6), 1, L0},
    {"TID2 CTR_EL0 (EL0)", H, HCR_TID2, 0, 0, SYSR(3, 3, 0, 0, 1), 0, L0},
    {"TID3 ID_AA64PFR0", H, HCR_TID3, 0, 0, SYSR(3, 0, 0, 4, 0), 1, L0},
    {"TID4 CCSIDR", H, HCR_TID4, 0, 0, SYSR(3, 1, 0, 0, 0), 1, L0},
    {"TID2 CSSELR write", H, HCR_TID2, 0, 0, SYSW(3, 2, 0, 0, 0), 1, L0},
    {"TID5 GMID", H, HCR_TID5, 0, 0, SYSR(3, 1, 0, 0, 4), 1, L0},
    {"TIDCP IMPDEF", H, HCR_TIDCP, 0, 0, SYSR(3, 0, 15, 2, 0), 1, L0},
    {"TACR ACTLR", H, HCR_TACR, 0, 0, SYSW(3, 0, 1, 0, 1), 1, L0},
    {"TSW DC ISW", H, HCR_TSW, 0, 0, SYSW(1, 0, 7, 6, 2), 1, L0},
    {"TPC DC CIVAC", H, HCR_TPC, 0, 0, SYSW(1, 3, 7, 14, 1), 1, L0},
    {"TPU IC IVAU", H, HCR_TPU, 0, 0, SYSW(1, 3, 7, 5, 1), 0, L0},
    {"TOCU DC CVAU", H, HCR_TOCU, 0, 0, SYSW(1, 3, 7, 11, 1), 0, L0},
    {"TICAB IC IALLUIS", H, HCR_TICAB, 0, 0, SYSW(1, 0, 7, 1, 0), 1, L0},
    {"TTLB TLBI VMALLE1", H, HCR_TTLB, 0, 0, SYSW(1, 0, 8, 7, 0), 1, L0},
    {"TTLB TLBI VAE1IS", H, HCR_TTLB, 0, 0, SYSW(1, 0, 8, 3, 1), 1, L0},
    {"TTLBIS TLBI VAE1IS", H, HCR_TTLBIS, 0, 0, SYSW(1, 0, 8, 3, 1), 1, L0},
    {"TTLBOS TLBI VMALLE1OS", H, HCR_TTLBOS, 0, 0, SYSW(1, 0, 8, 1, 0), 1, L0},
    {"TTLB TLBI RVAE1NXS", H, HCR_TTLB, 0, 0, SYSW(1, 0, 9, 6, 1), 1, L0},
    {"TVM SCTLR write", H, HCR_TVM, 0, 0, SYSW(3, 0, 1, 0, 0), 1, L0},
    {"TRVM SCTLR read", H, HCR_TRVM, 0, 0, SYSR(3, 0, 1, 0, 0), 1, L0},
    {"TVM TTBR0 write", H, HCR_TVM, 0, 0, SYSW(3, 0, 2, 0, 0), 1, L0},
    {"TDZ DC ZVA", H, HCR_TDZ, 0, 0, SYSW(1, 3, 7, 4, 1), 0, L0},
    {"TLOR LORC", H, HCR_TLOR, 0, 0, SYSR(3, 0, 10, 4, 3), 1, L0},
    {"TERR ERXSTATUS", H, HCR_TERR, 0, 0, SYSR(3, 0, 5, 4, 2), 1, L0},
    {"nFIEN ERXPFGF", H, 0, HCR_FIEN, 0, SYSR(3, 0, 5, 4, 4), 1, L0},
    {"nFIEN ERXPFGCTL write", H, 0, HCR_FIEN, 0, SYSW(3, 0, 5, 4, 5), 1, L0},
    {"TERR ERXMISC3 write", H, HCR_TERR, 0, 0, SYSW(3, 0, 5, 5, 3), 1, L0},
    {"nAPK APIAKEYLO", H, 0, HCR_APK, 0, SYSW(3, 0, 2, 1, 0), 1, L0},
    {"nENSCXT SCXTNUM_EL0", H, 0, HCR_ENSCXT, 0, SYSR(3, 3, 13, 0, 7), 0, L0},
    {"AT AT S1E1R", H, HCR_AT, 0, 0, SYSW(1, 0, 7, 8, 0), 1, L0},
    {"NV HCR_EL2", H, HCR_NV_, 0, 0, SYSR(3, 4, 1, 1, 0), 1, UD},
    {"NV SCTLR_EL12", H, HCR_NV_, 0, 0, SYSW(3, 5, 1, 0, 0), 1, UD},
    {"NV TLBI ALLE2", H, HCR_NV_, 0, 0, SYSW(1, 4, 8, 7, 0), 1, UD},
    {"NV AT S12E1R", H, HCR_NV_, 0, 0, SYSW(1, 4, 7, 8, 4), 1, UD},
    {"NV+NV1 VBAR_EL1", H, HCR_NV_ | HCR_NV1_, 0, 0, SYSR(3, 0, 12, 0, 0), 1, L0},
    {"NV+NV1 ELR_EL1", H, HCR_NV_ | HCR_NV1_, 0, 0, SYSW(3, 0, 4, 0, 1), 1, L0},
    {"IMO ICC_SGI1R", H, BIT(4), 0, 0, SYSW(3, 0, 12, 11, 5), 1, L0},
    {"TPM PMCNTENSET", M, MDCR_TPM, 0, 0, SYSR(3, 3, 9, 12, 1), 0, L0},
    {"TPMCR PMCR", M, MDCR_TPMCR, 0, 0, SYSW(3, 3, 9, 12, 0), 1, L0},
    {"TDA MDSCR", M, MDCR_TDA, 0, 0, SYSR(2, 0, 0, 2, 2), 1, L0},
    {"TDA DBGBVR5", M, MDCR_TDA, 0, 0, SYSW(2, 0, 0, 5, 4), 1, L0},
    {"TDE DBGWCR15", M, MDCR_TDE_, 0, 0, SYSW(2, 0, 0, 15, 7), 1, L0},
    {"TDOSA OSLSR", M, MDCR_TDOSA, 0, 0, SYSR(2, 0, 1, 1, 4), 1, L0},
    {"TDRA MDRAR", M, MDCR_TDRA, 0, 0, SYSR(2, 0, 1, 0, 0), 1, L0},
    {"TDCC MDCCSR_EL0", M, MDCR_TDCC, 0, 0, SYSR(2, 3, 0, 1, 0), 0, L0},
    {"E2PB=0b00 PMBPTR", M, 0, UINT64_C(3) << 12, 0, SYSR(3, 0, 9, 10, 1), 1, L0},
    {"TPMS PMSCR", M, MDCR_TPMS, 0, 0, SYSW(3, 0, 9, 9, 0), 1, L0},
    {"TTRF TRFCR", M, MDCR_TTRF, 0, 0, SYSW(3, 0, 1, 2, 1), 1, L0},
    {"E2TB=0b00 TRBPTR", M, 0, UINT64_C(3) << 24, 0, SYSR(3, 0, 9, 11, 1), 1, L0},
    /* CPTR_EL2, E2H = 0 layout */
    {"CPTR TCPAC CPACR_EL1", C, BIT(31), 0, 0, SYSW(3, 0, 1, 0, 2), 1, L0},
    {"CPTR TAM AMCR", C, BIT(30), 0, 0, SYSR(3, 3, 13, 2, 0), 0, L0},
    {"CPTR(E2H0) TTA TRC", C, BIT(20), 0, 0, SYSR(2, 1, 0, 8, 0), 1, L0},
    {"CPTR(E2H1) TTA TRC", C, BIT(28), 0, HCR_E2H_, SYSR(2, 1, 0, 8, 0), 1, L0},
    {"CPTR(E2H1) bit20 is not TTA", C, BIT(20), 0, HCR_E2H_, SYSR(2, 1, 0, 8, 0), 1, -1},
    /* CNTHCTL_EL2: E2H = 0, bits [1:0] = EL1PCEN:EL1PCTEN */
    {"CNTHCTL(E2H0) EL1PCTEN CNTPCT", T, 0, BIT(0), 0, SYSR(3, 3, 14, 0, 1), 1, L0},
    {"CNTHCTL(E2H0) EL1PCEN CNTP_CTL", T, 0, BIT(1), 0, SYSW(3, 3, 14, 2, 1), 1, L0},
    {"CNTHCTL(E2H0) EL1PCTEN from EL0", T, 0, BIT(0), 0, SYSR(3, 3, 14, 0, 1), 0, L0},
    /* E2H = 1: bits [11:10] = EL1PTEN:EL1PCTEN */
    {"CNTHCTL(E2H1) EL1PCTEN CNTPCT", T, 0, BIT(10), HCR_E2H_, SYSR(3, 3, 14, 0, 1), 1, L0},
    {"CNTHCTL(E2H1) EL1PTEN CNTP_CVAL", T, 0, BIT(11), HCR_E2H_, SYSR(3, 3, 14, 2, 2), 1, L0},
    {"CNTHCTL(E2H1) EL0PCTEN (TGE)", T, 0, BIT(0), HCR_E2H_ | HCR_TGE_, SYSR(3, 3, 14, 0, 1), 0,
     L0},
    {"CNTHCTL(E2H1) EL0VTEN (TGE)", T, 0, BIT(8), HCR_E2H_ | HCR_TGE_, SYSR(3, 3, 14, 3, 1), 0, L0},
    /* CNTFRQ_EL0 at EL0: trapped with EL0PCTEN and EL0VCTEN both 0, not with either one */
    {"CNTHCTL(E2H1) EL0PCTEN=EL0VCTEN=0 CNTFRQ (TGE)", T, 0, BIT(0) | BIT(1), HCR_E2H_ | HCR_TGE_,
     SYSR(3, 3, 14, 0, 0), 0, L0},
    {"CNTHCTL(E2H1) EL0VCTEN=1 CNTFRQ (TGE)", T, BIT(1), BIT(0), HCR_E2H_ | HCR_TGE_,
     SYSR(3, 3, 14, 0, 0), 0, -1},
    {"CNTHCTL(E2H1) EL0PCTEN=1 CNTFRQ (TGE)", T, BIT(0), BIT(1), HCR_E2H_ | HCR_TGE_,
     SYSR(3, 3, 14, 0, 0), 0, -1},
    {"CNTHCTL(E2H1) CNTFRQ from EL1", T, 0, BIT(0) | BIT(1) | BIT(10), HCR_E2H_,
     SYSR(3, 3, 14, 0, 0), 1, -1},
    {"CNTHCTL ECV EL1TVT CNTV_CTL", T, BIT(13), 0, 0, SYSW(3, 3, 14, 3, 1), 1, L0},
    {"CNTHCTL ECV EL1TVCT CNTVCT", T, BIT(14), 0, 0, SYSR(3, 3, 14, 0, 2), 1, L0},
    /* {NV2, NV1, NV} = '101' without EL1NVPCT: CNTP_CTL_EL02 is the VNCR page's (L0's) */
    {"CNTHCTL EL1NVPCT CNTP_CTL_EL02", T, BIT(15), 0, HCR_E2H_ | HCR_NV_ | HCR_NV2_,
     SYSR(3, 5, 14, 2, 1), 1, L0},
    {"HCRX TCR2En=0 TCR2_EL1", X, 0, BIT(14), 0, SYSW(3, 0, 2, 0, 3), 1, L0},
    {"HCRX SCTLR2En=0 SCTLR2_EL1", X, 0, BIT(15), 0, SYSR(3, 0, 1, 0, 3), 1, L0},
    {"ICH TC ICC_RPR", I, BIT(10), 0, 0, SYSR(3, 0, 12, 11, 3), 1, L0},
    {"ICH TALL0 ICC_IAR0", I, BIT(11), 0, 0, SYSR(3, 0, 12, 8, 0), 1, L0},
    {"ICH TALL1 ICC_EOIR1", I, BIT(12), 0, 0, SYSW(3, 0, 12, 12, 1), 1, L0},
    {"ICH TDIR ICC_DIR", I, BIT(14), 0, 0, SYSW(3, 0, 12, 11, 1), 1, L0},
    /* Non-0x18 exception classes */
    {"TWI WFI", H, HCR_TWI, 0, 0, esr_ec(NVARM_EC_WFX, 0x1e00000), 1, L0},
    {"TWE WFE", H, HCR_TWE, 0, 0, esr_ec(NVARM_EC_WFX, 0x1e00001), 0, L0},
    {"TWI WFIT", H, HCR_TWI, 0, 0, esr_ec(NVARM_EC_WFX, 0x1e00002 | (4 << 5)), 1, L0},
    {"TSC SMC", H, HCR_TSC, 0, 0, esr_ec(NVARM_EC_SMC64, 0), 1, L0},
    {"NV ERET", H, HCR_NV_, 0, 0, esr_ec(NVARM_EC_ERET, 0), 1, L0},
    {"NV ERETAB", H, HCR_NV_, 0, 0, esr_ec(NVARM_EC_ERET, 3), 1, L0},
    {"API=0 PAC", H, 0, HCR_API, 0, esr_ec(NVARM_EC_PAC, 0), 1, L0},
    {"TDE BRK", M, MDCR_TDE_, 0, 0, esr_ec(NVARM_EC_BRK64, 0x1234), 1, L0},
    {"TDE watchpoint", M, MDCR_TDE_, 0, 0, esr_ec(NVARM_EC_WATCHPT_LOW, 0x22), 0, L0},
    {"TDE software step", M, MDCR_TDE_, 0, 0, esr_ec(NVARM_EC_SOFTSTP_LOW, 0x1000022), 1, L0},
    {"TFP(E2H0) FP", C, BIT(10), 0, 0, esr_ec(NVARM_EC_FP_ASIMD, 0x1e00000), 1, L0},
    {"FPEN(E2H1)=00 FP", C, 0, UINT64_C(3) << 20, HCR_E2H_, esr_ec(NVARM_EC_FP_ASIMD, 0x1e00000), 0,
     L0},
    {"TZ(E2H0) SVE", C, BIT(8), 0, 0, esr_ec(NVARM_EC_SVE, 0), 1, L0},
    {"ZEN(E2H1)=00 SVE", C, 0, UINT64_C(3) << 16, HCR_E2H_ | (UINT64_C(3) << 20),
     esr_ec(NVARM_EC_SVE, 0), 1, L0},
    {"TSM(E2H0) SME", C, BIT(12), 0, 0, esr_ec(NVARM_EC_SME, 0), 1, L0},
    {"HSTR T15 MRC p15 c15", NVARM_FWD_HSTR_EL2, BIT(15), 0, 0,
     esr_ec(NVARM_EC_CP15_32, (15u << 10) | 1), 1, L0},
    {"HSTR T2 MCRR p15 c2", NVARM_FWD_HSTR_EL2, BIT(2), 0, 0, esr_ec(NVARM_EC_CP15_64, (2u << 1)),
     0, L0},
    {"HCRX EnALS=0 LD64B", X, 0, BIT(1), 0, esr_ec(NVARM_EC_LS64, 2), 0, L0},
    {"HCRX EnAS0=0 ST64BV0", X, 0, BIT(0), 0, esr_ec(NVARM_EC_LS64, 1), 0, L0},
};

static void test_each_control_bit(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bit_cases) / sizeof(bit_cases[0]); i++) {
		const struct bit_case *c = &bit_cases[i];
		struct nvarm_fwd_vstate vs;
		struct nvarm_fwd_result res;
		uint64_t hcr_extra = c->hcr_extra;
		int rc;

		/* Register layouts that depend on E2H also need the E2H-1 feature. */
		vs_init(&vs, ALL_FEATS);
		if (c->reg == C && (hcr_extra & (UINT64_C(3) << 20))) {
			/* ZEN case: FPEN = 11 so that only the SVE control traps. */
			vs.reg[C] |= UINT64_C(3) << 20;
			hcr_extra &= ~(UINT64_C(3) << 20);
		}
		vs.reg[H] |= hcr_extra;
		vs.reg[c->reg] &= ~c->clear_val;
		vs.reg[c->reg] |= c->trap_val;
		rc = route(&vs, c->esr, c->el, &res);
		if (c->notrap == -1) {
			/* A bit of the other layout: must not trap. */
			if (rc == NVARM_FWD_FORWARD)
				fail_msg("%s: forwarded", c->name);
			continue;
		}
		if (rc != NVARM_FWD_FORWARD)
			fail_msg("%s: control set, got %d instead of FORWARD", c->name, rc);
		assert_int_equal(res.target_el, 2);
		if (res.esr != c->esr)
			fail_msg("%s: forwarded ESR %#llx, expected %#llx", c->name,
				 (unsigned long long)res.esr, (unsigned long long)c->esr);

		vs.reg[c->reg] &= ~c->trap_val;
		vs.reg[c->reg] |= c->clear_val;
		rc = route(&vs, c->esr, c->el, &res);
		if (rc != c->notrap)
			fail_msg("%s: control clear, got %d instead of %d", c->name, rc, c->notrap);
	}
}

/* ESR measured on QEMU 10 (FEAT_NV): `mrs x1, hcr_el2` at EL1 -> 0x62310423. */
static void test_qemu_measured_esr(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;

	(void)state;
	vs_init(&vs, ALL_FEATS);
	vs.reg[H] |= HCR_NV_;
	assert_int_equal(route(&vs, 0x62310423, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, 0x62310423);
	/* Same access with L1 not using NV: EL2 registers are UNDEFINED at EL1. */
	vs.reg[H] &= ~HCR_NV_;
	assert_int_equal(route(&vs, 0x62310423, 1, &res), NVARM_FWD_UNDEF);
	assert_int_equal(res.esr, IL); /* EC 0x00, IL = 1 */
	assert_int_equal(res.target_el, 1);
	/* L1 without FEAT_NV: HCR_EL2.NV is RES0 and does not trap. */
	vs.reg[H] |= HCR_NV_;
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_NV);
	assert_int_equal(route(&vs, 0x62310423, 1, &res), NVARM_FWD_UNDEF);
}

/* Direction matters: TVM traps writes only, TRVM reads only. */
static void test_direction(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;

	(void)state;
	vs_init(&vs, ALL_FEATS);
	vs.reg[H] |= HCR_TVM;
	assert_int_equal(route(&vs, SYSR(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, SYSW(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_FORWARD);
	vs.reg[H] ^= HCR_TVM | HCR_TRVM;
	assert_int_equal(route(&vs, SYSR(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, SYSW(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* TCPAC traps EL1 accesses to CPACR_EL1 only. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[C] |= BIT(31);
	assert_int_equal(route(&vs, SYSR(3, 0, 1, 0, 2), 0, &res), NVARM_FWD_HANDLE_IN_L0);
}

/* NV/NV1/NV2 combinations for registers that NV2 would send to memory. */
static void test_nv_combinations(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	const uint64_t vbar = SYSR(3, 0, 12, 0, 0), sp_el1 = SYSR(3, 4, 4, 1, 0);

	(void)state;
	vs_init(&vs, ALL_FEATS);
	vs.reg[H] |= HCR_NV_;
	assert_int_equal(route(&vs, vbar, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, sp_el1, 1, &res), NVARM_FWD_FORWARD);
	vs.reg[H] |= HCR_NV1_;
	assert_int_equal(route(&vs, vbar, 1, &res), NVARM_FWD_FORWARD);
	vs.reg[H] |= HCR_NV2_;
	assert_int_equal(route(&vs, vbar, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* SP_EL1 with '1x1' is NVMem[0x240] (Arm ARM "SP_EL1"): not a trap, L0's */
	assert_int_equal(route(&vs, sp_el1, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* Without FEAT_NV2 the NV2 bit is RES0: VBAR_EL1 traps again. */
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_NV2);
	assert_int_equal(route(&vs, vbar, 1, &res), NVARM_FWD_FORWARD);
	/* NV only affects EL1: EL2 registers from EL0 are always UNDEFINED. */
	assert_int_equal(route(&vs, SYSR(3, 4, 1, 1, 0), 0, &res), NVARM_FWD_UNDEF);
}

/* ------------------------------------------------------------ FGT polarity */

static void test_fgt_polarity(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	const uint64_t tpidr2_r = SYSR(3, 3, 13, 0, 5), sctlr_r = SYSR(3, 0, 1, 0, 0);

	(void)state;
	/* Positive bit: HFGRTR_EL2.SCTLR_EL1 (bit 29) traps reads when 1. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HFGRTR_EL2] |= BIT(29);
	assert_int_equal(route(&vs, sctlr_r, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, SYSW(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[NVARM_FWD_HFGWTR_EL2] |= BIT(29);
	assert_int_equal(route(&vs, SYSW(3, 0, 1, 0, 0), 1, &res), NVARM_FWD_FORWARD);
	/* FGT not implemented for L1: the registers are ignored. */
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_FGT);
	assert_int_equal(route(&vs, sctlr_r, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* {E2H, TGE} = {1, 1}: FGT not applied. */
	vs.features |= NVARM_FWD_F(NVARM_FWD_FEAT_FGT);
	vs.reg[H] |= HCR_E2H_ | HCR_TGE_;
	assert_int_equal(route(&vs, sctlr_r, 0, &res), NVARM_FWD_HANDLE_IN_L0);

	/* Negative bit: HFGRTR_EL2.nTPIDR2_EL0 (bit 55) traps when 0. */
	vs_init(&vs, ALL_FEATS);
	assert_int_equal(route(&vs, tpidr2_r, 0, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[NVARM_FWD_HFGRTR_EL2] &= ~BIT(55);
	assert_int_equal(route(&vs, tpidr2_r, 0, &res), NVARM_FWD_FORWARD);
	/* Without SME TPIDR2_EL0 does not exist: UNDEF whatever the FGT bit says. */
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_SME);
	assert_int_equal(route(&vs, tpidr2_r, 0, &res), NVARM_FWD_UNDEF);
	vs.reg[NVARM_FWD_HFGRTR_EL2] |= BIT(55);
	assert_int_equal(route(&vs, tpidr2_r, 0, &res), NVARM_FWD_UNDEF);

	/* HFGITR_EL2: TLBIVAE1 (bit 43) positive; nBRBIALL (bit 56) negative. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HFGITR_EL2] |= BIT(43);
	assert_int_equal(route(&vs, SYSW(1, 0, 8, 7, 1), 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, SYSW(1, 0, 8, 7, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, SYSW(1, 1, 7, 2, 4), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[NVARM_FWD_HFGITR_EL2] &= ~BIT(56);
	assert_int_equal(route(&vs, SYSW(1, 1, 7, 2, 4), 1, &res), NVARM_FWD_FORWARD);
	/* HFGITR_EL2.ERET (bit 51) and SVC_EL0 (bit 52). */
	vs.reg[NVARM_FWD_HFGITR_EL2] |= BIT(51) | BIT(52);
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_ERET, 0), 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_SVC64, 0x42), 0, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_SVC64, 0x42), 1, &res), NVARM_FWD_HANDLE_IN_L0);

	/* HDFGRTR_EL2.PMEVCNTRn_EL0 (bit 12) / HDFGWTR_EL2.OSLAR_EL1 (bit 8, write-only). */
	vs_init(&vs, ALL_FEATS);
	vs.reg[NVARM_FWD_HDFGRTR_EL2] |= BIT(12);
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 8, 2), 0, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, SYSW(3, 3, 14, 8, 2), 0, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[NVARM_FWD_HDFGWTR_EL2] |= BIT(8);
	assert_int_equal(route(&vs, SYSW(2, 0, 1, 0, 4), 1, &res), NVARM_FWD_FORWARD);
	/* HAFGRTR_EL2.AMEVCNTR0<1> (bit 2), needs FEAT_AMU. */
	vs.reg[NVARM_FWD_HAFGRTR_EL2] |= BIT(2);
	assert_int_equal(route(&vs, SYSR(3, 3, 13, 4, 1), 0, &res), NVARM_FWD_FORWARD);
	assert_int_equal(route(&vs, SYSR(3, 3, 13, 4, 0), 0, &res), NVARM_FWD_HANDLE_IN_L0);
}

/*
 * HDFGRTR_EL2 / HDFGWTR_EL2 bit positions of the PMU and SPE registers, written down
 * here from the Arm ARM register descriptions (DDI 0487, "HDFGRTR_EL2", "HDFGWTR_EL2"),
 * independently of forward_rules.c: each bit set alone traps exactly its register in
 * the directions where the architecture defines it. -1: no bit in that register.
 */
static const struct {
	const char *name;
	unsigned op0, op1, crn, crm, op2;
	int rbit, wbit;
} hdfg_pmu_spe[] = {
    {"PMCCNTR_EL0", 3, 3, 9, 13, 0, 15, 15},
    {"PMCNTENSET_EL0", 3, 3, 9, 12, 1, 16, 16},
    {"PMCNTENCLR_EL0", 3, 3, 9, 12, 2, 16, 16},
    {"PMINTENSET_EL1", 3, 0, 9, 14, 1, 17, 17},
    {"PMINTENCLR_EL1", 3, 0, 9, 14, 2, 17, 17},
    {"PMOVSCLR_EL0", 3, 3, 9, 12, 3, 18, 18},
    {"PMOVSSET_EL0", 3, 3, 9, 14, 3, 18, 18},
    {"PMSELR_EL0", 3, 3, 9, 12, 5, 19, 19},
    {"PMSWINC_EL0", 3, 3, 9, 12, 4, -1, 20},
    {"PMCR_EL0", 3, 3, 9, 12, 0, -1, 21},
    {"PMMIR_EL1", 3, 0, 9, 14, 6, 22, -1},
    {"PMBLIMITR_EL1", 3, 0, 9, 10, 0, 23, 23},
    {"PMBPTR_EL1", 3, 0, 9, 10, 1, 24, 24},
    {"PMBSR_EL1", 3, 0, 9, 10, 3, 25, 25},
    {"PMSCR_EL1", 3, 0, 9, 9, 0, 26, 26},
    {"PMSEVFR_EL1", 3, 0, 9, 9, 5, 27, 27},
    {"PMSFCR_EL1", 3, 0, 9, 9, 4, 28, 28},
    {"PMSICR_EL1", 3, 0, 9, 9, 2, 29, 29},
    {"PMSIDR_EL1", 3, 0, 9, 9, 7, 30, -1},
    {"PMSIRR_EL1", 3, 0, 9, 9, 3, 31, 31},
    {"PMSLATFR_EL1", 3, 0, 9, 9, 6, 32, 32},
    /* PMUv3 registers of the upper half; read-only ones have no write bit. */
    {"PMUSERENR_EL0", 3, 3, 9, 14, 0, 57, 57},
    {"PMCEID0_EL0", 3, 3, 9, 12, 6, 58, -1},
    {"PMCEID1_EL0", 3, 3, 9, 12, 7, 58, -1},
    {"PMBIDR_EL1", 3, 0, 9, 10, 7, 63, -1},
    /* Self-hosted trace and TRBE: TRFCR_EL1 has a write bit only (HDFGRTR[49] RES0). */
    {"TRFCR_EL1", 3, 0, 1, 2, 1, -1, 49},
    {"TRBBASER_EL1", 3, 0, 9, 11, 2, 50, 50},
    {"TRBIDR_EL1", 3, 0, 9, 11, 7, 51, -1},
    {"TRBLIMITR_EL1", 3, 0, 9, 11, 0, 52, 52},
    {"TRBMAR_EL1", 3, 0, 9, 11, 4, 53, 53},
    {"TRBPTR_EL1", 3, 0, 9, 11, 1, 54, 54},
    {"TRBSR_EL1", 3, 0, 9, 11, 3, 55, 55},
    {"TRBTRG_EL1", 3, 0, 9, 11, 6, 56, 56},
    /* Trace unit registers (FEAT_TRC_SR), op0 = 2, op1 = 1. */
    {"TRCVICTLR", 2, 1, 0, 0, 2, 48, 48},
    {"TRCSTATR", 2, 1, 0, 3, 0, 47, -1},
    {"TRCSSCSR0", 2, 1, 1, 8, 2, 46, 46},
    {"TRCSSCSR7", 2, 1, 1, 15, 2, 46, 46},
    {"TRCSEQSTR", 2, 1, 0, 7, 4, 45, 45},
    {"TRCPRGCTLR", 2, 1, 0, 1, 0, 44, 44},
    {"TRCOSLSR", 2, 1, 1, 1, 4, 43, -1},
    {"TRCOSLAR", 2, 1, 1, 0, 4, -1, 42},
    {"TRCIMSPEC3", 2, 1, 0, 3, 7, 41, 41},
    {"TRCIDR0", 2, 1, 0, 8, 7, 40, -1},
    {"TRCIDR9", 2, 1, 0, 1, 6, 40, -1},
    {"TRCDEVARCH", 2, 1, 7, 15, 6, 40, -1},
    {"TRCDEVID", 2, 1, 7, 2, 7, 40, -1},
    {"TRCCNTVR1", 2, 1, 0, 9, 5, 37, 37},
    {"TRCCLAIMSET", 2, 1, 7, 8, 6, 36, 36},
    {"TRCCLAIMCLR", 2, 1, 7, 9, 6, 36, 36},
    {"TRCAUXCTLR", 2, 1, 0, 6, 0, 35, 35},
    {"TRCAUTHSTATUS", 2, 1, 7, 14, 6, 34, -1},
    {"TRCCONFIGR", 2, 1, 0, 4, 0, 33, 33},
    {"TRCTRACEIDR", 2, 1, 0, 0, 1, 33, 33},
    {"TRCACVR0", 2, 1, 2, 0, 0, 33, 33},
    {"TRCACATR15", 2, 1, 2, 14, 3, 33, 33},
    {"TRCRSCTLR31", 2, 1, 1, 15, 1, 33, 33},
    {"TRCVMIDCCTLR1", 2, 1, 3, 3, 2, 33, 33},
};

static void test_fgt_pmu_spe_bits(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	(void)state;

	for (size_t i = 0; i < sizeof(hdfg_pmu_spe) / sizeof(hdfg_pmu_spe[0]); i++) {
		for (int w = 0; w <= 1; w++) {
			int bit = w ? hdfg_pmu_spe[i].wbit : hdfg_pmu_spe[i].rbit;
			unsigned reg = w ? NVARM_FWD_HDFGWTR_EL2 : NVARM_FWD_HDFGRTR_EL2;
			uint64_t esr =
			    esr_sys(hdfg_pmu_spe[i].op0, hdfg_pmu_spe[i].op1, hdfg_pmu_spe[i].crn,
				    hdfg_pmu_spe[i].crm, hdfg_pmu_spe[i].op2, !w);

			vs_init(&vs, ALL_FEATS);
			if (bit < 0) {
				/* No bit for this direction: no fine-grained trap at all. */
				vs.reg[reg] = ~0ull;
				int r = route(&vs, esr, 1, &res);
				if (r == NVARM_FWD_FORWARD)
					print_error(
					    "%s %s: forwarded by a bit that does not exist\n",
					    hdfg_pmu_spe[i].name, w ? "write" : "read");
				assert_int_not_equal(r, NVARM_FWD_FORWARD);
				continue;
			}
			int clear = route(&vs, esr, 1, &res);
			vs.reg[reg] |= BIT(bit);
			int set = route(&vs, esr, 1, &res);
			if (clear != NVARM_FWD_HANDLE_IN_L0 || set != NVARM_FWD_FORWARD)
				print_error("%s %s bit %d: clear %d set %d\n", hdfg_pmu_spe[i].name,
					    w ? "write" : "read", bit, clear, set);
			assert_int_equal(clear, NVARM_FWD_HANDLE_IN_L0);
			assert_int_equal(set, NVARM_FWD_FORWARD);
			/* The neighbouring bits do not trap it. */
			vs.reg[reg] = BIT(bit - 1) | (bit < 63 ? BIT(bit + 1) : 0);
			int r = route(&vs, esr, 1, &res);
			if (r == NVARM_FWD_FORWARD)
				print_error("%s %s: trapped by bit %d or %d\n",
					    hdfg_pmu_spe[i].name, w ? "write" : "read", bit - 1,
					    bit + 1);
			assert_int_not_equal(r, NVARM_FWD_FORWARD);
		}
	}
}

/*
 * HDFGRTR_EL2/HDFGWTR_EL2.nPMSNEVFR_EL1 (bit 62 of both, Arm ARM): a negative bit,
 * PMSNEVFR_EL1 reads/writes trap when it is 0 (FEAT_SPE_FnE; modelled as FEAT_SPE).
 */
static void test_fgt_npmsnevfr(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;

	(void)state;
	for (int w = 0; w <= 1; w++) {
		unsigned reg = w ? NVARM_FWD_HDFGWTR_EL2 : NVARM_FWD_HDFGRTR_EL2;
		unsigned other = w ? NVARM_FWD_HDFGRTR_EL2 : NVARM_FWD_HDFGWTR_EL2;
		uint64_t esr = esr_sys(3, 0, 9, 9, 1, !w);

		vs_init(&vs, ALL_FEATS);
		vs.reg[reg] = BIT(62);
		assert_int_equal(route(&vs, esr, 1, &res), NVARM_FWD_HANDLE_IN_L0);
		vs.reg[reg] = 0;
		assert_int_equal(route(&vs, esr, 1, &res), NVARM_FWD_FORWARD);
		/* Only this direction's register counts. */
		vs.reg[reg] = BIT(62);
		vs.reg[other] = 0;
		assert_int_equal(route(&vs, esr, 1, &res), NVARM_FWD_HANDLE_IN_L0);
		/* Every other bit set: PMSNEVFR_EL1 is not trapped by them. */
		vs.reg[reg] = ~0ull;
		vs.reg[other] = ~0ull;
		assert_int_equal(route(&vs, esr, 1, &res), NVARM_FWD_HANDLE_IN_L0);
		/* Bit 62 clear traps nothing else of the SPE block (PMSCR_EL1). */
		vs.reg[reg] = 0;
		assert_int_equal(route(&vs, esr_sys(3, 0, 9, 9, 0, !w), 1, &res),
				 NVARM_FWD_HANDLE_IN_L0);
		/* Without SPE the register does not exist. */
		vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_SPE);
		assert_int_equal(route(&vs, esr, 1, &res), NVARM_FWD_UNDEF);
	}
}

/* ----------------------------------------------------- hidden features */

struct undef_case {
	const char *name;
	unsigned feat;
	uint64_t esr;
	unsigned el;
};

static const struct undef_case undef_cases[] = {
    {"SVE instruction", NVARM_FWD_FEAT_SVE, esr_ec(NVARM_EC_SVE, 0), 1},
    {"SME instruction", NVARM_FWD_FEAT_SME, esr_ec(NVARM_EC_SME, 0), 0},
    {"LORC_EL1", NVARM_FWD_FEAT_LOR, SYSR(3, 0, 10, 4, 3), 1},
    {"PMCR_EL0", NVARM_FWD_FEAT_PMU, SYSR(3, 3, 9, 12, 0), 0},
    {"GMID_EL1", NVARM_FWD_FEAT_MTE2, SYSR(3, 1, 0, 0, 4), 1},
    {"ERXSTATUS_EL1", NVARM_FWD_FEAT_RAS, SYSR(3, 0, 5, 4, 2), 1},
    /* FEAT_RASv1p1's registers with FEAT_RAS (v1) alone: UNDEFINED whatever TERR/FIEN say */
    {"ERXPFGF_EL1", NVARM_FWD_FEAT_RASV1P1, SYSR(3, 0, 5, 4, 4), 1},
    {"ERXPFGCDN_EL1", NVARM_FWD_FEAT_RASV1P1, SYSW(3, 0, 5, 4, 6), 1},
    {"ERXMISC2_EL1", NVARM_FWD_FEAT_RASV1P1, SYSR(3, 0, 5, 5, 2), 1},
    {"ERXMISC3_EL1", NVARM_FWD_FEAT_RASV1P1, SYSW(3, 0, 5, 5, 3), 1},
    {"APIAKEYLO_EL1", NVARM_FWD_FEAT_PAUTH, SYSW(3, 0, 2, 1, 0), 1},
    {"PMSCR_EL1", NVARM_FWD_FEAT_SPE, SYSR(3, 0, 9, 9, 0), 1},
    {"TLBI VAE1OS", NVARM_FWD_FEAT_TLBIOS, SYSW(1, 0, 8, 1, 1), 1},
    {"WFIT", NVARM_FWD_FEAT_WFXT, esr_ec(NVARM_EC_WFX, 0x1e00002), 1},
    {"ICC_IAR1_EL1", NVARM_FWD_FEAT_GICV3, SYSR(3, 0, 12, 12, 0), 1},
    {"CNTPCTSS_EL0", NVARM_FWD_FEAT_ECV, SYSR(3, 3, 14, 0, 5), 0},
    {"LD64B", NVARM_FWD_FEAT_LS64, esr_ec(NVARM_EC_LS64, 2), 0},
};

static void test_hidden_features_undef(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(undef_cases) / sizeof(undef_cases[0]); i++) {
		const struct undef_case *c = &undef_cases[i];
		struct nvarm_fwd_vstate vs;
		struct nvarm_fwd_result res;
		uint64_t esr = c->esr;
		int rc;

		/* With the feature and every trap enabled: forwarded or L0, never UNDEF. */
		vs_init(&vs, ALL_FEATS);
		rc = route(&vs, esr, c->el, &res);
		if (rc == NVARM_FWD_UNDEF || rc < 0)
			fail_msg("%s: with the feature got %d", c->name, rc);
		/* Without it: UNDEFINED, to L2's EL1, even with L1's traps set. */
		vs.features &= ~NVARM_FWD_F(c->feat);
		vs.reg[H] |= HCR_TID3 | HCR_TVM | HCR_TRVM | HCR_TTLB | HCR_TLOR | HCR_TERR |
			     HCR_TID5 | HCR_TWI;
		vs.reg[H] &= ~HCR_APK;
		vs.reg[M] |= MDCR_TPM | MDCR_TPMCR | MDCR_TPMS;
		vs.reg[C] |= BIT(8) | BIT(12) | BIT(10);
		vs.reg[I] |= BIT(12);
		rc = route(&vs, esr, c->el, &res);
		if (rc != NVARM_FWD_UNDEF)
			fail_msg("%s: without the feature got %d instead of UNDEF", c->name, rc);
		assert_int_equal(res.esr, esr & IL);
		assert_int_equal(res.target_el, 1);
	}
}

/* UNDEFINED from EL0 with HCR_EL2.TGE = 1 is taken to EL2 (L1). */
static void test_undef_target_tge(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;

	(void)state;
	vs_init(&vs, ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_PMU));
	vs.reg[H] |= HCR_TGE_;
	assert_int_equal(route(&vs, SYSR(3, 3, 9, 12, 0), 0, &res), NVARM_FWD_UNDEF);
	assert_int_equal(res.target_el, 2);
	assert_int_equal(route(&vs, SYSR(3, 3, 9, 12, 0), 1, &res), NVARM_FWD_UNDEF);
	assert_int_equal(res.target_el, 1);
}

/* ------------------------------------------------------- CPTR, SVE priority */

static void test_fp_layouts_and_sve_priority(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	const uint64_t fp = esr_ec(NVARM_EC_FP_ASIMD, 0x1e00000);
	const uint64_t sve = esr_ec(NVARM_EC_SVE, 0);

	(void)state;
	/* E2H = 1, FPEN: 0b11 no trap, 0b01 traps EL0 only with TGE, 0b00/0b10 trap. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[H] |= HCR_E2H_;
	vs.reg[C] = (UINT64_C(3) << 20) | (UINT64_C(3) << 16);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[C] = (UINT64_C(1) << 20) | (UINT64_C(3) << 16);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, fp, 0, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[H] |= HCR_TGE_;
	assert_int_equal(route(&vs, fp, 0, &res), NVARM_FWD_FORWARD);
	vs.reg[H] &= ~HCR_TGE_;
	vs.reg[C] = (UINT64_C(2) << 20) | (UINT64_C(3) << 16);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_FORWARD);
	/* The E2H = 0 TFP bit (10) means nothing in the E2H = 1 layout. */
	vs.reg[C] = (UINT64_C(3) << 20) | (UINT64_C(3) << 16) | BIT(10);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* And FPEN = 00 means nothing in the E2H = 0 layout (only TFP). */
	vs.reg[H] &= ~HCR_E2H_;
	vs.reg[C] = 0;
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* Without FEAT_VHE, E2H is RES0: the E2H = 0 layout applies. */
	vs.features &= ~NVARM_FWD_F(NVARM_FWD_FEAT_VHE);
	vs.reg[H] |= HCR_E2H_;
	vs.reg[C] = BIT(10);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_FORWARD);
	/* Without FEAT_E2H0, E2H is RES1: the E2H = 1 layout applies. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[C] = BIT(10) | (UINT64_C(3) << 20) | (UINT64_C(3) << 16);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_FORWARD);
	vs.features |= NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY);
	assert_int_equal(route(&vs, fp, 1, &res), NVARM_FWD_HANDLE_IN_L0);

	/* SVE instruction: L1 traps SVE -> EC 0x19 as is. */
	vs_init(&vs, ALL_FEATS);
	vs.reg[C] = BIT(8) | BIT(10);
	assert_int_equal(route(&vs, sve, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, sve);
	/* L1 traps FP only -> L1 must see an FP trap (EC 0x07, CV = 1, COND = 0xe). */
	vs.reg[C] = BIT(10);
	assert_int_equal(route(&vs, sve, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, UINT64_C(0x1fe00000));
	/* Same in the E2H = 1 layout: ZEN = 11, FPEN = 00. */
	vs.reg[H] |= HCR_E2H_;
	vs.reg[C] = UINT64_C(3) << 16;
	assert_int_equal(route(&vs, sve, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, UINT64_C(0x1fe00000));
	/* Neither -> L0. */
	vs.reg[C] = (UINT64_C(3) << 16) | (UINT64_C(3) << 20);
	assert_int_equal(route(&vs, sve, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* Reserved SME trap code. */
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_SME, 5), 1, &res), NVARM_ERR_BAD_ENCODING);
}

/* CNTHCTL_EL2 EL1PCTEN moves from bit 0 (E2H = 0) to bit 10 (E2H = 1). */
static void test_cnthctl_layouts(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	const uint64_t cntpct = SYSR(3, 3, 14, 0, 1);

	(void)state;
	vs_init(&vs, ALL_FEATS);
	vs.reg[T] = BIT(10); /* E2H = 0: bit 0 clear -> trap, bit 10 meaningless */
	assert_int_equal(route(&vs, cntpct, 1, &res), NVARM_FWD_FORWARD);
	vs.reg[H] |= HCR_E2H_; /* E2H = 1: bit 10 set -> no trap */
	assert_int_equal(route(&vs, cntpct, 1, &res), NVARM_FWD_HANDLE_IN_L0);
	vs.reg[T] = BIT(0); /* E2H = 1: bit 10 clear -> trap */
	assert_int_equal(route(&vs, cntpct, 1, &res), NVARM_FWD_FORWARD);
	vs.reg[H] &= ~HCR_E2H_; /* E2H = 0: bit 0 set -> no trap */
	assert_int_equal(route(&vs, cntpct, 1, &res), NVARM_FWD_HANDLE_IN_L0);
}

/*
 * CNTHCTL_EL2.EL1TVT/EL1TVCT and HCRX_EL2.EnALS/EnAS0/EnASR apply only when
 * HCR_EL2.{E2H, TGE} != {1, 1} (Arm ARM "CNTHCTL_EL2", "HCRX_EL2"). Each control is
 * put in its trapping state and the four {E2H, TGE} combinations are tried from EL0
 * (and from EL1 where TGE == 0): forwarded in three of them, never with {1, 1}.
 */
static const struct {
	const char *name;
	unsigned reg;
	uint64_t set, clear; /* trapping state: bits set, bits cleared */
	uint64_t esr;
} e2h_tge_cases[] = {
    {"EL1TVT CNTV_CTL_EL0 write", T, BIT(13), 0, SYSW(3, 3, 14, 3, 1)},
    {"EL1TVT CNTV_CVAL_EL0 read", T, BIT(13), 0, SYSR(3, 3, 14, 3, 2)},
    {"EL1TVCT CNTVCT_EL0", T, BIT(14), 0, SYSR(3, 3, 14, 0, 2)},
    {"EL1TVCT CNTVCTSS_EL0", T, BIT(14), 0, SYSR(3, 3, 14, 0, 6)},
    {"EnASR=0 ST64BV", X, 0, BIT(2), esr_ec(NVARM_EC_LS64, 0)},
    {"EnAS0=0 ST64BV0", X, 0, BIT(0), esr_ec(NVARM_EC_LS64, 1)},
    {"EnALS=0 LD64B", X, 0, BIT(1), esr_ec(NVARM_EC_LS64, 2)},
};

static void test_e2h_tge_qualifier(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(e2h_tge_cases) / sizeof(e2h_tge_cases[0]); i++) {
		for (unsigned hv = 0; hv < 4; hv++) {
			bool e2h = hv & 1, tge = hv & 2;
			for (unsigned el = 0; el <= (tge ? 0u : 1u); el++) {
				struct nvarm_fwd_vstate vs;
				struct nvarm_fwd_result res;
				int rc;

				vs_init(&vs, ALL_FEATS);
				vs.reg[H] |= (e2h ? HCR_E2H_ : 0) | (tge ? HCR_TGE_ : 0);
				vs.reg[e2h_tge_cases[i].reg] &= ~e2h_tge_cases[i].clear;
				vs.reg[e2h_tge_cases[i].reg] |= e2h_tge_cases[i].set;
				rc = route(&vs, e2h_tge_cases[i].esr, el, &res);
				if (e2h && tge) {
					if (rc == NVARM_FWD_FORWARD)
						fail_msg("%s: forwarded with {E2H, TGE} = {1, 1}",
							 e2h_tge_cases[i].name);
				} else if (rc != NVARM_FWD_FORWARD) {
					fail_msg("%s: E2H %d TGE %d EL%u: got %d, not FORWARD",
						 e2h_tge_cases[i].name, e2h, tge, el, rc);
				}
				/* Control in its non-trapping state: never forwarded. */
				vs.reg[e2h_tge_cases[i].reg] &= ~e2h_tge_cases[i].set;
				vs.reg[e2h_tge_cases[i].reg] |= e2h_tge_cases[i].clear;
				rc = route(&vs, e2h_tge_cases[i].esr, el, &res);
				if (rc == NVARM_FWD_FORWARD)
					fail_msg("%s: E2H %d TGE %d EL%u: forwarded, control off",
						 e2h_tge_cases[i].name, e2h, tge, el);
			}
		}
	}
}

/* --------------------------------------------------------- HVC/SMC/debug/HPMN */

static void test_hvc_smc_debug(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;
	const uint64_t hvc = esr_ec(NVARM_EC_HVC64, 0x4711);

	(void)state;
	vs_init(&vs, ALL_FEATS);
	/* HVC from vEL1 always goes to vEL2. */
	assert_int_equal(route(&vs, hvc, 1, &res), NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, hvc);
	assert_int_equal(route(&vs, hvc, 0, &res), NVARM_ERR_BAD_ENCODING);
	vs.reg[H] |= HCR_HCD;
	assert_int_equal(route(&vs, hvc, 1, &res), NVARM_FWD_UNDEF);
	/* SMC from EL1 without TSC: L0's (virtual EL3). */
	vs_init(&vs, ALL_FEATS);
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_SMC64, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_SMC64, 0), 0, &res), NVARM_ERR_BAD_ENCODING);
	/* Debug exceptions: TGE implies TDE. */
	vs.reg[H] |= HCR_TGE_;
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_BRK64, 1), 0, &res), NVARM_FWD_FORWARD);
	vs.reg[H] &= ~HCR_TGE_;
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_BRK64, 1), 0, &res), NVARM_FWD_HANDLE_IN_L0);
	/* TGE also makes TDE-gated debug registers trap. */
	vs.reg[H] |= HCR_TGE_;
	assert_int_equal(route(&vs, SYSR(2, 0, 0, 2, 2), 0, &res), NVARM_FWD_FORWARD);
	/* PAC without FEAT_PAuth: L0 decides (HINT-space forms are NOPs). */
	vs_init(&vs, ALL_FEATS & ~NVARM_FWD_F(NVARM_FWD_FEAT_PAUTH));
	assert_int_equal(route(&vs, esr_ec(NVARM_EC_PAC, 0), 1, &res), NVARM_FWD_HANDLE_IN_L0);
}

static void test_hpmn(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_result res;

	(void)state;
	vs_init(&vs, ALL_FEATS);
	vs.pmu_counters = 8;
	vs.reg[M] = (vs.reg[M] & ~UINT64_C(0x1f)) | 4; /* HPMN = 4 */
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 8, 3), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 8, 4), 1, &res), NVARM_FWD_UNDEF);
	assert_int_equal(route(&vs, SYSW(3, 3, 14, 12, 5), 0, &res), NVARM_FWD_UNDEF);
	/* PMCCFILTR_EL0 (n = 31 slot) is not an event counter. */
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 15, 7), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	/* TPM traps take priority over the HPMN UNDEF. */
	vs.reg[M] |= MDCR_TPM;
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 8, 6), 1, &res), NVARM_FWD_FORWARD);
	/* HPMN above N is clamped to N. */
	vs.reg[M] = (vs.reg[M] & ~(UINT64_C(0x1f) | MDCR_TPM)) | 20;
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 8, 7), 1, &res), NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(route(&vs, SYSR(3, 3, 14, 9, 0), 1, &res), NVARM_FWD_UNDEF);
}

/* A reload with other inputs equals a fresh load; an unchanged reload changes nothing. */
static void test_reload(void **state)
{
	struct nvarm_fwd_vstate a, b;
	static struct nvarm_fwd_ctx c1, c2; /* off the stack (kernel module) */

	(void)state;
	vs_init(&a, ALL_FEATS);
	vs_init(&b, ALL_FEATS);
	b.reg[H] |= HCR_TVM;
	memset(&c1, 0, sizeof(c1));
	memset(&c2, 0, sizeof(c2));
	assert_int_equal(nvarm_fwd_load(&c1, &a), NVARM_OK);
	assert_int_equal(nvarm_fwd_load(&c1, &b), NVARM_OK);
	assert_int_equal(nvarm_fwd_load(&c2, &b), NVARM_OK);
	assert_memory_equal(&c1, &c2, sizeof(c1));
	assert_int_equal(nvarm_fwd_load(&c1, &b), NVARM_OK);
	assert_memory_equal(&c1, &c2, sizeof(c1));
	/* HCR_EL2.VI (virtual IRQ pending) does not affect routing: no re-evaluation, but the
	 * stored HCR_EL2 follows (nvarm_fwd_hw_traps passes VI to L2). */
	b.reg[H] |= BIT(7);
	assert_int_equal(nvarm_fwd_load(&c1, &b), NVARM_OK);
	assert_memory_equal(c1.rule, c2.rule, sizeof(c1.rule));
	assert_memory_equal(c1.cgt, c2.cgt, sizeof(c1.cgt));
	assert_true(c1.src.reg[H] == b.reg[H]);
	b.reg[H] &= ~BIT(7);
	/* Each relevant input invalidates: features, PMU counters, every register. */
	b.pmu_counters = 3;
	assert_int_equal(nvarm_fwd_load(&c1, &b), NVARM_OK);
	assert_memory_not_equal(&c1, &c2, sizeof(c1));
	for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++) {
		struct nvarm_fwd_vstate v = a;

		v.reg[r] ^= r == H ? HCR_TVM : ~UINT64_C(0);
		assert_int_equal(nvarm_fwd_load(&c1, &a), NVARM_OK);
		assert_int_equal(nvarm_fwd_load(&c1, &v), NVARM_OK);
		assert_true(c1.src.reg[r] == v.reg[r]);
	}
}

static void test_errors(void **state)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;

	(void)state;
	vs_init(&vs, ALL_FEATS);
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(nvarm_fwd_load(NULL, &vs), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_load(&ctx, NULL), NVARM_ERR_INVAL);
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0), 1, &res), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0), 2, &res), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0), 1, NULL), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_route(NULL, SYSR(3, 0, 1, 0, 0), 1, &res), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0) | BIT(60), 1, &res),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0) | BIT(23), 1, &res),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_fwd_route(&ctx, esr_ec(NVARM_EC_DABT_LOW, 0x7), 1, &res),
			 NVARM_ERR_UNSUPPORTED);
	/* EC 0x18 off the hot path (IL = 0, or ISS2 set): same decision, IL kept. */
	vs.reg[H] |= HCR_TVM;
	assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSW(3, 0, 1, 0, 0) & ~IL, 1, &res),
			 NVARM_FWD_FORWARD);
	assert_int_equal(res.esr, SYSW(3, 0, 1, 0, 0) & ~IL);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSW(3, 0, 1, 0, 0) | BIT(40), 1, &res),
			 NVARM_FWD_FORWARD);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 4, 1, 1, 0) & ~IL, 1, &res),
			 NVARM_FWD_UNDEF);
	assert_int_equal(res.esr, 0);
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 1, 0, 0) & ~IL, 1, &res),
			 NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(nvarm_fwd_route(&ctx, (SYSR(3, 0, 1, 0, 0) & ~IL) | BIT(22), 1, &res),
			 NVARM_ERR_BAD_ENCODING);
	/* An encoding no rule knows about (MDSCR-adjacent unallocated): L0's trap. */
	assert_int_equal(nvarm_fwd_route(&ctx, SYSR(3, 0, 4, 2, 2), 1, &res),
			 NVARM_FWD_HANDLE_IN_L0);
	assert_int_equal(res.target_el, 0);
	assert_int_equal(res.line, 0);
}

/*
 * Randomised: random vEL2 state, random ESR. Invariants: route() never crashes, its
 * result is consistent (FORWARD keeps the ESR for EC 0x18 and targets EL2, UNDEF has
 * EC 0), and it is a pure function of (ctx, esr, el). Seed: NVARM_TEST_SEED.
 */
static uint64_t rng_state;

static uint64_t rng(void)
{
	return test_rng(&rng_state);
}

static void test_random_invariants(void **state)
{
	uint64_t seed = test_seed(UINT64_C(0x5eed0f0f4a4d));

	(void)state;
	rng_state = seed;
	for (unsigned it = 0; it < 20000; it++) {
		struct nvarm_fwd_vstate vs;
		struct nvarm_fwd_ctx ctx;
		struct nvarm_fwd_result a, b;
		uint64_t esr;
		unsigned el = rng() & 1;
		int rc, rc2;

		for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
			vs.reg[r] = rng();
		vs.features = rng();
		vs.pmu_counters = (uint8_t)rng();
		memset(&ctx, 0, sizeof(ctx));
		assert_int_equal(nvarm_fwd_load(&ctx, &vs), NVARM_OK);
		esr = rng() & UINT64_C(0x00000000ffffffff);
		if (rng() & 1) /* bias towards real sysreg traps */
			esr = (esr & ~(UINT64_C(0x3f) << 26) & ~(UINT64_C(7) << 22)) |
			      ((uint64_t)NVARM_EC_SYS64 << 26);
		rc = nvarm_fwd_route(&ctx, esr, el, &a);
		rc2 = nvarm_fwd_route(&ctx, esr, el, &b);
		if (rc != rc2 || (rc >= 0 && (a.esr != b.esr || a.target_el != b.target_el)))
			fail_msg("seed %#llx iter %u: not deterministic", (unsigned long long)seed,
				 it);
		if (rc == NVARM_FWD_FORWARD &&
		    (a.target_el != 2 || (((esr >> 26) & 0x3f) == 0x18 && a.esr != esr)))
			fail_msg("seed %#llx iter %u: bad FORWARD result", (unsigned long long)seed,
				 it);
		if (rc == NVARM_FWD_UNDEF && ((a.esr >> 26) != 0 || a.target_el == 0))
			fail_msg("seed %#llx iter %u: bad UNDEF result", (unsigned long long)seed,
				 it);
		if (rc < NVARM_ERR__MIN || rc > NVARM_FWD_UNDEF)
			fail_msg("seed %#llx iter %u: bad return %d", (unsigned long long)seed, it,
				 rc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables_consistent),
	    cmocka_unit_test(test_checks_reject_broken_tables),
	    cmocka_unit_test(test_lookup_matches_linear_scan),
	    cmocka_unit_test(test_each_control_bit),
	    cmocka_unit_test(test_qemu_measured_esr),
	    cmocka_unit_test(test_direction),
	    cmocka_unit_test(test_nv_combinations),
	    cmocka_unit_test(test_fgt_polarity),
	    cmocka_unit_test(test_fgt_pmu_spe_bits),
	    cmocka_unit_test(test_fgt_npmsnevfr),
	    cmocka_unit_test(test_hidden_features_undef),
	    cmocka_unit_test(test_undef_target_tge),
	    cmocka_unit_test(test_fp_layouts_and_sve_priority),
	    cmocka_unit_test(test_cnthctl_layouts),
	    cmocka_unit_test(test_e2h_tge_qualifier),
	    cmocka_unit_test(test_hvc_smc_debug),
	    cmocka_unit_test(test_hpmn),
	    cmocka_unit_test(test_reload),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_random_invariants),
	    cmocka_unit_test(test_fgt_bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
