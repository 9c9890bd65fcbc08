// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Host checks of the bare-metal shim's register table (src/platform/baremetal/
 * sysreg_list.h): the shim runs only on aarch64 (tested for real in QEMU by
 * qemu_baremetal_shim), but its table is data and is checked here line by line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/arm/sysreg_enc.h>

#include "platform/baremetal/sysreg_list.h"

enum acc { RW_, RO_, WO_, RS_ };

struct row {
	const char *name;
	unsigned op0, op1, crn, crm, op2;
	enum acc acc;
	int guard;
	unsigned arg;
	uint32_t enc;
};

#define R(acc, name, o0, o1, n, m, o2, g, a)                                                       \
	{#name, o0, o1, n, m, o2, acc, NVARM_BM_GUARD_##g, a, NVARM_SYSREG_ENC(o0, o1, n, m, o2)},
#define T_RW(...) R(RW_, __VA_ARGS__)
#define T_RO(...) R(RO_, __VA_ARGS__)
#define T_WO(...) R(WO_, __VA_ARGS__)
#define T_RS(...) R(RS_, __VA_ARGS__)
static const struct row rows[] = {NVARM_BM_SYSREGS(T_RW, T_RO, T_WO, T_RS)};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static const struct row *find(const char *name)
{
	for (size_t i = 0; i < NROWS; i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

static void test_fields_in_range(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		if (r->op0 < 2 || r->op0 > 3 || r->op1 > 7 || r->crn > 15 || r->crm > 15 ||
		    r->op2 > 7)
			fail_msg("line %zu (%s): field out of range", i, r->name);
		if (r->enc & ~(uint32_t)NVARM_SYSREG_ENC_MASK)
			fail_msg("line %zu (%s): bits outside the encoding mask", i, r->name);
		if (r->guard < 0 || r->guard >= NVARM_BM_GUARD__COUNT)
			fail_msg("line %zu (%s): bad guard", i, r->name);
	}
}

static void test_sorted_no_duplicates(void **state)
{
	(void)state;
	for (size_t i = 1; i < NROWS; i++) {
		if (rows[i].enc == rows[i - 1].enc)
			fail_msg("line %zu (%s) duplicates %s", i, rows[i].name, rows[i - 1].name);
		if (rows[i].enc < rows[i - 1].enc)
			fail_msg("line %zu (%s) is out of order after %s", i, rows[i].name,
				 rows[i - 1].name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rows[i].name, rows[j].name))
				fail_msg("name %s appears twice", rows[i].name);
	}
}

/* The name's suffix agrees with op1: EL0 registers op1=3, EL1 op1=0, EL2 op1=4, except
 * the stack pointers, which are named for the EL that uses them but are accessed from
 * the EL above (SP_EL0 is op1=0, SP_EL1 is op1=4). */
static void test_suffix_matches_op1(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct row *r = &rows[i];
		const char *suf = strrchr(r->name, '_');
		assert_non_null(suf);
		unsigned want = !strcmp(suf, "_EL2") ? 4 : !strcmp(suf, "_EL1") ? 0 : 3;
		if (!strcmp(r->name, "SP_EL0"))
			want = 0;
		else if (!strcmp(r->name, "SP_EL1"))
			want = 4;
		assert_true(!strcmp(suf, "_EL2") || !strcmp(suf, "_EL1") || !strcmp(suf, "_EL0"));
		if (r->op1 != want)
			fail_msg("%s: op1=%u, its suffix says %u", r->name, r->op1, want);
		/* The ID space (op0=3 op1=0 CRn=0) is read-only. */
		if (r->op0 == 3 && r->op1 == 0 && r->crn == 0 && r->acc != RO_)
			fail_msg("%s: ID register not read-only", r->name);
	}
}

/* ICH_LR<n>_EL2 = S3_4_C12_C(12 + n/8)_(n%8), ICH_AP{0,1}R<n>_EL2 = S3_4_C12_C{8,9}_n
 * (GICv3 IHI 0069, 12.4): guards carry the right index. */
static void test_gic_banks(void **state)
{
	(void)state;
	char name[32];
	for (unsigned n = 0; n < 16; n++) {
		snprintf(name, sizeof(name), "ICH_LR%u_EL2", n);
		const struct row *r = find(name);
		assert_non_null(r);
		assert_int_equal(r->enc, NVARM_SYSREG_ENC(3, 4, 12, 12 + n / 8, n % 8));
		assert_int_equal(r->guard, NVARM_BM_GUARD_LR);
		assert_int_equal(r->arg, n);
		assert_int_equal(r->acc, RW_);
	}
	for (unsigned g = 0; g < 2; g++)
		for (unsigned n = 0; n < 4; n++) {
			snprintf(name, sizeof(name), "ICH_AP%uR%u_EL2", g, n);
			const struct row *r = find(name);
			assert_non_null(r);
			assert_int_equal(r->enc, NVARM_SYSREG_ENC(3, 4, 12, 8 + g, n));
			assert_int_equal(r->guard, NVARM_BM_GUARD_APR);
			assert_int_equal(r->arg, n);
		}
	for (size_t i = 0; i < NROWS; i++)
		if ((rows[i].guard == NVARM_BM_GUARD_LR || rows[i].guard == NVARM_BM_GUARD_APR) &&
		    strncmp(rows[i].name, "ICH_", 4))
			fail_msg("%s: GIC guard on a non-ICH register", rows[i].name);
}

/* Encodings as the hardware reports them: the ISS of an EC=0x18 trap (Arm ARM D24.2.39,
 * ISS for MSR/MRS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0]) converted to a packed encoding finds the right line. */
static uint32_t iss_to_enc(uint32_t iss)
{
	return NVARM_SYSREG_ENC((iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 15, (iss >> 1) & 15,
				(iss >> 17) & 7);
}

static void test_trap_iss_lookup(void **state)
{
	(void)state;
	/* `mrs x1, hcr_el2` at vEL2 under FEAT_NV, as measured on QEMU 10: ESR 0x62310423. */
	uint32_t esr = 0x62310423u;
	assert_int_equal(esr >> 26, 0x18);
	const struct row *hcr = find("HCR_EL2");
	assert_non_null(hcr);
	assert_int_equal(iss_to_enc(esr & 0x1ffffff), hcr->enc);
	/* And the MRS instruction word of the same register (`mrs x0, hcr_el2` = 0xd53c1100). */
	assert_int_equal(0xd5300000u | hcr->enc, 0xd53c1100u);
	/* `msr vttbr_el2, x0` = 0xd51c2100; `mrs x0, ich_vtr_el2` = 0xd53ccb20. */
	assert_int_equal(0xd5100000u | find("VTTBR_EL2")->enc, 0xd51c2100u);
	assert_int_equal(0xd5300000u | find("ICH_VTR_EL2")->enc, 0xd53ccb20u);
	assert_int_equal(find("ICH_VTR_EL2")->acc, RO_);
	assert_int_equal(find("ICC_EOIR1_EL1")->acc, WO_);
	assert_int_equal(find("ICC_IAR1_EL1")->acc, RS_);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields_in_range),    cmocka_unit_test(test_sorted_no_duplicates),
	    cmocka_unit_test(test_suffix_matches_op1), cmocka_unit_test(test_gic_banks),
	    cmocka_unit_test(test_trap_iss_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
