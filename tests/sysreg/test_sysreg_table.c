// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* The register database: self-checks, round trips, and spot checks against the Arm ARM. */
#include "sysreg_test.h"
#include "sysreg/sysreg_priv.h"
#include <nvarm/arm/vncr.h>

static void test_table_check_passes(void **state)
{
	unsigned bad = 12345;

	(void)state;
	assert_int_equal(nvarm_sysreg_table_check(&bad), 0);
	assert_int_equal(bad, 12345);
	assert_int_equal(nvarm_sysreg_table_check(NULL), 0);
}

/* The checker must catch broken tables (so the passing check above means something). */
static void test_table_check_rejects(void **state)
{
	static struct nvarm_sysreg_desc tab[NVARM_SR__COUNT];
	static uint32_t keys[NVARM_SR__COUNT];
	unsigned bad;

	(void)state;
#define RESET()                                                                                    \
	do {                                                                                       \
		memcpy(tab, nvarm__sysreg_tab, sizeof(tab));                                       \
		memcpy(keys, nvarm__sysreg_keys, sizeof(keys));                                    \
	} while (0)
	RESET();
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), 0);

	/* duplicate encoding: VMPIDR_EL2 gets VPIDR_EL2's encoding */
	RESET();
	tab[NVARM_SR_VMPIDR_EL2].enc = keys[NVARM_SR_VMPIDR_EL2] = keys[NVARM_SR_VPIDR_EL2];
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_VMPIDR_EL2);

	/* out of order */
	RESET();
	tab[NVARM_SR_HCR_EL2].enc = keys[NVARM_SR_HCR_EL2] = NVARM_SYSREG_ENC(3, 4, 15, 0, 0);
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_HCR_EL2 + 1);

	/* overlapping VNCR offsets: VTCR_EL2 in VTTBR_EL2's slot */
	RESET();
	tab[NVARM_SR_VTCR_EL2].vncr = 0x20;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_VTCR_EL2);

	/* misaligned and out-of-page offsets */
	RESET();
	tab[NVARM_SR_HCR_EL2].vncr = 0x7c;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	RESET();
	tab[NVARM_SR_HCR_EL2].vncr = 0x1000;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);

	/* an alias pointing at an EL2 register, an alias with no target */
	RESET();
	tab[NVARM_SR_SCTLR_EL12].link = NVARM_SR_SCTLR_EL2;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_SCTLR_EL12);
	RESET();
	tab[NVARM_SR_TCR_EL12].link = NVARM_SR_NONE;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);

	/* a "register" with op0=1 but not flagged as an instruction */
	RESET();
	tab[NVARM_SR_TLBI_ALLE2].flags = NVARM_SRF_EL2;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_TLBI_ALLE2);

	/* an instruction that is not write-only */
	RESET();
	tab[NVARM_SR_TLBI_ALLE2].flags &= ~NVARM_SRF_WO;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_TLBI_ALLE2);

	/* a TLBI without a kind, a kind on a non-TLBI line, flag bits above the kind */
	RESET();
	tab[NVARM_SR_TLBI_RIPAS2E1IS].flags &= ~NVARM_SRF_TLBI_KIND(7);
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_TLBI_RIPAS2E1IS);
	RESET();
	tab[NVARM_SR_AT_S1E2R].flags |= NVARM_SRF_TLBI_KIND(NVARM_TLBI_EL2);
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_AT_S1E2R);
	RESET();
	tab[NVARM_SR_CNTVCT_EL0].flags |= 1u << 20;
	assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad), NVARM_ERR_STATE);
	assert_int_equal(bad, NVARM_SR_CNTVCT_EL0);

	/* a register both read-only and write-only (ICC_SGI1R_EL1 is write-only) */
	RESET();
	{
		unsigned sgi = nvarm_sysreg_lookup(NVARM_SYSREG_ENC(3, 0, 12, 11, 5));

		assert_true(sgi < NVARM_SR__COUNT);
		assert_true(tab[sgi].flags & NVARM_SRF_WO);
		tab[sgi].flags |= NVARM_SRF_RO;
		assert_int_equal(nvarm__sysreg_check(tab, keys, NVARM_SR__COUNT, &bad),
				 NVARM_ERR_STATE);
		assert_int_equal(bad, sgi);
	}
#undef RESET
}

/* Every entry: lookup by encoding finds it; an MRS/MSR/SYS ESR built from its fields decodes
 * back to it, with Rt and direction. */
static void test_every_register_round_trips(void **state)
{
	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		unsigned op0 = NVARM_SYSREG_OP0(d->enc), op1 = NVARM_SYSREG_OP1(d->enc);
		unsigned crn = NVARM_SYSREG_CRN(d->enc), crm = NVARM_SYSREG_CRM(d->enc);
		unsigned op2 = NVARM_SYSREG_OP2(d->enc);
		struct nvarm_trap t;

		assert_int_equal(nvarm_sysreg_lookup(d->enc), id);
		/* bits outside the encoding mask (an Rt) are ignored by lookup */
		assert_int_equal(nvarm_sysreg_lookup(d->enc | 7), id);
		for (int read = 0; read < 2; read++) {
			unsigned rt = (id * 7 + (unsigned)read) % 32;

			assert_int_equal(
			    nvarm_trap_decode(sys_esr(op0, op1, crn, crm, op2, rt, read), &t), 0);
			assert_int_equal(t.kind, NVARM_TRAP_SYSREG);
			assert_int_equal(t.reg, id);
			assert_int_equal(t.enc, d->enc);
			assert_int_equal(t.rt, rt);
			assert_int_equal(t.is_read, read);
			if ((read && (d->flags & NVARM_SRF_WO)) ||
			    (!read && (d->flags & NVARM_SRF_RO)))
				assert_int_equal(t.cls, NVARM_TC_UNDEF);
			else
				assert_int_equal(t.cls, d->cls);
		}
	}
	assert_null(nvarm_sysreg_desc(NVARM_SR__COUNT));
	assert_int_equal(nvarm_sysreg_lookup(NVARM_SYSREG_ENC(3, 4, 15, 15, 7)), NVARM_SR_NONE);
	assert_int_equal(nvarm_sysreg_lookup(0), NVARM_SR_NONE);
}

/* Spot checks against the Arm ARM encodings and the VNCR_EL2 offset table (values typed
 * from the architecture / QEMU notes, not from the implementation). */
static void test_known_encodings_and_offsets(void **state)
{
	static const struct {
		const char *name;
		unsigned op0, op1, crn, crm, op2;
		unsigned vncr;
	} known[] = {
	    {"HCR_EL2", 3, 4, 1, 1, 0, 0x078},
	    {"VTTBR_EL2", 3, 4, 2, 1, 0, 0x020},
	    {"VTCR_EL2", 3, 4, 2, 1, 2, 0x040},
	    {"VMPIDR_EL2", 3, 4, 0, 0, 5, 0x050},
	    {"CNTVOFF_EL2", 3, 4, 14, 0, 3, 0x060},
	    {"HSTR_EL2", 3, 4, 1, 1, 3, 0x080},
	    {"VPIDR_EL2", 3, 4, 0, 0, 0, 0x088},
	    {"TPIDR_EL2", 3, 4, 13, 0, 2, 0x090},
	    {"HCRX_EL2", 3, 4, 1, 2, 2, 0x0a0},
	    {"VNCR_EL2", 3, 4, 2, 2, 0, 0x0b0},
	    {"MDSCR_EL1", 2, 0, 0, 2, 2, 0x158},
	    {"CNTPOFF_EL2", 3, 4, 14, 0, 6, 0x1a8},
	    {"HFGRTR_EL2", 3, 4, 1, 1, 4, 0x1b8},
	    {"HFGWTR_EL2", 3, 4, 1, 1, 5, 0x1c0},
	    {"HFGITR_EL2", 3, 4, 1, 1, 6, 0x1c8},
	    {"HDFGRTR_EL2", 3, 4, 3, 1, 4, 0x1d0},
	    {"HDFGWTR_EL2", 3, 4, 3, 1, 5, 0x1d8},
	    {"SP_EL1", 3, 4, 4, 1, 0, 0x240},
	    {"ICH_LR0_EL2", 3, 4, 12, 12, 0, 0x400},
	    {"ICH_LR15_EL2", 3, 4, 12, 13, 7, 0x478},
	    {"ICH_AP0R0_EL2", 3, 4, 12, 8, 0, 0x480},
	    {"ICH_AP1R0_EL2", 3, 4, 12, 9, 0, 0x4a0},
	    {"ICH_HCR_EL2", 3, 4, 12, 11, 0, 0x4c0},
	    {"ICH_VMCR_EL2", 3, 4, 12, 11, 7, 0x4c8},
	    {"VDISR_EL2", 3, 4, 12, 1, 1, 0x500},
	    {"VSESR_EL2", 3, 4, 5, 2, 3, 0x508},
	    {"CPACR_EL1", 3, 0, 1, 0, 2, 0x100},
	    {"CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 0x108},
	    {"SCTLR_EL1", 3, 0, 1, 0, 0, 0x110},
	    {"TCR_EL1", 3, 0, 2, 0, 2, 0x120},
	    {"AFSR0_EL1", 3, 0, 5, 1, 0, 0x128},
	    {"ESR_EL1", 3, 0, 5, 2, 0, 0x138},
	    {"MAIR_EL1", 3, 0, 10, 2, 0, 0x140},
	    {"AMAIR_EL1", 3, 0, 10, 3, 0, 0x148},
	    {"SPSR_EL1", 3, 0, 4, 0, 0, 0x160},
	    {"CNTV_CVAL_EL0", 3, 3, 14, 3, 2, 0x168},
	    {"CNTV_CTL_EL0", 3, 3, 14, 3, 1, 0x170},
	    {"CNTP_CVAL_EL0", 3, 3, 14, 2, 2, 0x178},
	    {"CNTP_CTL_EL0", 3, 3, 14, 2, 1, 0x180},
	    {"TTBR0_EL1", 3, 0, 2, 0, 0, 0x200},
	    {"TTBR1_EL1", 3, 0, 2, 0, 1, 0x210},
	    {"FAR_EL1", 3, 0, 6, 0, 0, 0x220},
	    {"ELR_EL1", 3, 0, 4, 0, 1, 0x230},
	    {"VBAR_EL1", 3, 0, 12, 0, 0, 0x250},
	    /* no VNCR slot: these still trap under NV2 or are redirected to EL1 registers */
	    {"SCTLR_EL2", 3, 4, 1, 0, 0, NVARM_VNCR_NONE},
	    {"TCR_EL2", 3, 4, 2, 0, 2, NVARM_VNCR_NONE},
	    {"ELR_EL2", 3, 4, 4, 0, 1, NVARM_VNCR_NONE},
	    {"SPSR_EL2", 3, 4, 4, 0, 0, NVARM_VNCR_NONE},
	    {"ESR_EL2", 3, 4, 5, 2, 0, NVARM_VNCR_NONE},
	    {"FAR_EL2", 3, 4, 6, 0, 0, NVARM_VNCR_NONE},
	    {"VBAR_EL2", 3, 4, 12, 0, 0, NVARM_VNCR_NONE},
	    {"CNTHCTL_EL2", 3, 4, 14, 1, 0, NVARM_VNCR_NONE},
	    {"SCTLR_EL12", 3, 5, 1, 0, 0, NVARM_VNCR_NONE},
	    {"CNTV_CTL_EL02", 3, 5, 14, 3, 1, NVARM_VNCR_NONE},
	    {"TLBI_ALLE2", 1, 4, 8, 7, 0, NVARM_VNCR_NONE},
	    {"TLBI_VMALLS12E1", 1, 4, 8, 7, 6, NVARM_VNCR_NONE},
	    {"AT_S12E1R", 1, 4, 7, 8, 4, NVARM_VNCR_NONE},
	    {"DC_CIVAC", 1, 3, 7, 14, 1, NVARM_VNCR_NONE},
	    /* GICv3 SGI generation (IHI 0069 12.2) */
	    {"ICC_SGI1R_EL1", 3, 0, 12, 11, 5, NVARM_VNCR_NONE},
	    {"ICC_ASGI1R_EL1", 3, 0, 12, 11, 6, NVARM_VNCR_NONE},
	    {"ICC_SGI0R_EL1", 3, 0, 12, 11, 7, NVARM_VNCR_NONE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		unsigned id = nvarm_sysreg_lookup(NVARM_SYSREG_ENC(
		    known[i].op0, known[i].op1, known[i].crn, known[i].crm, known[i].op2));
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);

		if (!d || strcmp(d->name, known[i].name) || d->vncr != known[i].vncr)
			fail_msg("%s: found %s vncr %#x", known[i].name, d ? d->name : "nothing",
				 d ? d->vncr : 0);
	}
}

/* The generated direct index (src/sysreg/sysreg_index.h) agrees with a binary search over the
 * list for all 65536 encodings, through both the public lookup and the ESR decoder. */
static void test_index_matches_list(void **state)
{
	(void)state;
	for (uint32_t k = 0; k < 0x10000; k++) {
		uint32_t enc = k << 5;
		unsigned want = nvarm__sysreg_find(enc);
		struct nvarm_trap t;

		if (nvarm_sysreg_lookup(enc) != want)
			fail_msg("index stale at S%u_%u_C%u_C%u_%u: run tools/gen-sysreg.py",
				 NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
				 NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
				 NVARM_SYSREG_OP2(enc));
		assert_int_equal(
		    nvarm_trap_decode(sys_esr(NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
					      NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
					      NVARM_SYSREG_OP2(enc), k & 31, k & 1),
				      &t),
		    0);
		assert_int_equal(t.reg, want);
		assert_int_equal(t.enc, enc);
	}
}

/* The generated arm/vncr.h constants agree with the table. */
static void test_vncr_header(void **state)
{
	unsigned n = 0;

	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
		n += nvarm_sysreg_desc(id)->vncr != NVARM_VNCR_NONE;
	assert_int_equal(n, NVARM_VNCR_COUNT);
	assert_int_equal(NVARM_VNCR_HCR_EL2, nvarm_sysreg_desc(NVARM_SR_HCR_EL2)->vncr);
	assert_int_equal(NVARM_VNCR_VTTBR_EL2, nvarm_sysreg_desc(NVARM_SR_VTTBR_EL2)->vncr);
	assert_int_equal(NVARM_VNCR_SCTLR_EL1, nvarm_sysreg_desc(NVARM_SR_SCTLR_EL1)->vncr);
	assert_int_equal(NVARM_VNCR_ICH_LR15_EL2, nvarm_sysreg_desc(NVARM_SR_ICH_LR15_EL2)->vncr);
	assert_int_equal(NVARM_VNCR_VSESR_EL2, nvarm_sysreg_desc(NVARM_SR_VSESR_EL2)->vncr);
}

/* Properties the trap rules rely on. */
static void test_flags_consistent(void **state)
{
	unsigned nvncr = 0;

	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		unsigned op1 = NVARM_SYSREG_OP1(d->enc);

		if (d->vncr != NVARM_VNCR_NONE)
			nvncr++;
		/* op1=5 in op0=3 space is exactly the EL12/EL02 accessor set */
		if (NVARM_SYSREG_OP0(d->enc) == 3)
			assert_int_equal(op1 == 5, !!(d->flags & NVARM_SRF_ALIAS));
		/* op1=4 registers are EL2 state */
		if (NVARM_SYSREG_OP0(d->enc) == 3 && op1 == 4)
			assert_true(d->flags & NVARM_SRF_EL2);
		/* NV2 redirects exactly ELR/SPSR/ESR/FAR_EL2 to EL1 registers */
		if (d->flags & NVARM_SRF_NV2EL1)
			assert_true(id == NVARM_SR_ELR_EL2 || id == NVARM_SR_SPSR_EL2 ||
				    id == NVARM_SR_ESR_EL2 || id == NVARM_SR_FAR_EL2);
	}
	assert_true(nvncr >= 60);
}

/* nvarm_sysreg_plain_decode checks the VM's features only for the plain registers
 * NVARM__PLAIN_FEAT marks: exactly those the database gives a feature (any other would be
 * plain for a VM that hides it). */
static void test_plain_feat_marks(void **state)
{
	unsigned marked = 0, plain = 0;

	(void)state;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		unsigned pl = nvarm__sysreg_plain[id];

		assert_int_equal(!!(pl & NVARM__PLAIN_FEAT), d->feat != 0);
		if (pl & (NVARM__PLAIN_R | NVARM__PLAIN_W)) {
			plain++;
			marked += (pl & NVARM__PLAIN_FEAT) != 0;
		}
	}
	/* both kinds among the plain registers (e.g. SCTLR_EL2: none; VNCR_EL2: FEAT_NV2) */
	assert_true(marked > 0 && marked < plain);
	assert_int_equal(nvarm__sysreg_plain[NVARM_SR_SCTLR_EL2] & NVARM__PLAIN_FEAT, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_check_passes),
	    cmocka_unit_test(test_table_check_rejects),
	    cmocka_unit_test(test_every_register_round_trips),
	    cmocka_unit_test(test_known_encodings_and_offsets),
	    cmocka_unit_test(test_flags_consistent),
	    cmocka_unit_test(test_plain_feat_marks),
	    cmocka_unit_test(test_index_matches_list),
	    cmocka_unit_test(test_vncr_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
