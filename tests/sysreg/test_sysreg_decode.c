// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* ESR_EL2 decoding: every exception class the L0 handles, reserved encodings, fuzz-like sweep. */
#include "sysreg_test.h"

#define EC(x) ((uint64_t)(x) << NVARM_ESR_EC_SHIFT)
#define IL    ((uint64_t)NVARM_ESR_IL)

static struct nvarm_trap dec_ok(uint64_t esr)
{
	struct nvarm_trap t;
	int r = nvarm_trap_decode(esr, &t);

	if (r != 0)
		fail_msg("ESR %#llx: %d", (unsigned long long)esr, r);
	return t;
}

static void dec_bad(uint64_t esr)
{
	struct nvarm_trap t;

	memset(&t, 0x5a, sizeof(t));
	if (nvarm_trap_decode(esr, &t) != NVARM_ERR_BAD_ENCODING)
		fail_msg("ESR %#llx should be rejected", (unsigned long long)esr);
	assert_int_equal(t.ec, (esr >> 26) & 0x3f); /* output still fully written */
}

static void test_sys64_real_qemu_esr(void **state)
{
	(void)state;
	/* `mrs x1, hcr_el2` at vEL2 under FEAT_NV on QEMU 10 */
	struct nvarm_trap t = dec_ok(0x62310423);

	assert_int_equal(t.ec, NVARM_EC_SYS64);
	assert_int_equal(t.kind, NVARM_TRAP_SYSREG);
	assert_int_equal(t.reg, NVARM_SR_HCR_EL2);
	assert_int_equal(t.rt, 1);
	assert_true(t.is_read);
	assert_int_equal(t.enc, NVARM_SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(t.cls, NVARM_TC_SYSREG);
	assert_string_equal(nvarm_trap_class_name(t.cls), "vel2-sysreg");
	assert_string_equal(nvarm_ec_name(t.ec), "SYS64");
}

static void test_sys64_classes(void **state)
{
	struct nvarm_trap t;

	(void)state;
	/* msr sctlr_el12, xzr */
	t = dec_ok(sys_esr(3, 5, 1, 0, 0, 31, 0));
	assert_int_equal(t.reg, NVARM_SR_SCTLR_EL12);
	assert_int_equal(t.rt, 31);
	assert_false(t.is_read);
	assert_int_equal(t.cls, NVARM_TC_SYSREG);
	/* tlbi alle2 / tlbi vmalls12e1is */
	t = dec_ok(sys_esr(1, 4, 8, 7, 0, 31, 0));
	assert_int_equal(t.reg, NVARM_SR_TLBI_ALLE2);
	assert_int_equal(t.cls, NVARM_TC_TLBI);
	t = dec_ok(sys_esr(1, 4, 8, 3, 6, 31, 0));
	assert_int_equal(t.reg, NVARM_SR_TLBI_VMALLS12E1IS);
	/* SYSL form of a TLBI (a read of a write-only op) is UNDEFINED */
	t = dec_ok(sys_esr(1, 4, 8, 7, 0, 3, 1));
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	/* at s12e1r x0 */
	t = dec_ok(sys_esr(1, 4, 7, 8, 4, 0, 0));
	assert_int_equal(t.cls, NVARM_TC_AT);
	/* dc civac */
	t = dec_ok(sys_esr(1, 3, 7, 14, 1, 2, 0));
	assert_int_equal(t.cls, NVARM_TC_CMO);
	/* mrs x5, ich_vtr_el2: GIC; msr ich_vtr_el2 (read-only): UNDEF */
	t = dec_ok(sys_esr(3, 4, 12, 11, 1, 5, 1));
	assert_int_equal(t.cls, NVARM_TC_GIC);
	t = dec_ok(sys_esr(3, 4, 12, 11, 1, 5, 0));
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	/* mrs x0, cnthctl_el2: timer; id_aa64mmfr2_el1: ID */
	t = dec_ok(sys_esr(3, 4, 14, 1, 0, 0, 1));
	assert_int_equal(t.cls, NVARM_TC_TIMER);
	t = dec_ok(sys_esr(3, 0, 0, 7, 2, 0, 1));
	assert_int_equal(t.cls, NVARM_TC_ID);
	/* ID space outside the database (mrs x3, id_aa64fpfr0_el1): ID class, no register; a
	 * write there, or a read just outside the space (CRm=0 op2=1, CRm=8), stays UNDEF */
	t = dec_ok(sys_esr(3, 0, 0, 4, 7, 3, 1));
	assert_int_equal(t.reg, NVARM_SR_NONE);
	assert_int_equal(t.cls, NVARM_TC_ID);
	t = dec_ok(sys_esr(3, 0, 0, 4, 7, 3, 0));
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	t = dec_ok(sys_esr(3, 0, 0, 0, 1, 3, 1));
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	t = dec_ok(sys_esr(3, 0, 0, 8, 0, 3, 1));
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	/* an unallocated encoding decodes (no error) to UNDEF with no register */
	t = dec_ok(sys_esr(3, 4, 15, 15, 7, 9, 1));
	assert_int_equal(t.reg, NVARM_SR_NONE);
	assert_int_equal(t.cls, NVARM_TC_UNDEF);
	assert_int_equal(t.enc, NVARM_SYSREG_ENC(3, 4, 15, 15, 7));
	/* RES0 ISS[24:22], IL=0, ISS2 non-zero, ESR[63:56] non-zero */
	dec_bad(0x62310423 | (1u << 22));
	dec_bad(0x62310423 & ~NVARM_ESR_IL);
	dec_bad(0x62310423 | (1ull << 32));
	dec_bad(0x62310423 | (1ull << 60));
}

static void test_eret(void **state)
{
	struct nvarm_trap t;

	(void)state;
	t = dec_ok(EC(0x1a) | IL); /* QEMU: eret traps with ISS=0 */
	assert_int_equal(t.kind, NVARM_TRAP_ERET);
	assert_int_equal(t.cls, NVARM_TC_ERET);
	assert_int_equal(t.sub, 0);
	assert_int_equal(dec_ok(EC(0x1a) | IL | 2).sub, 1); /* ERETAA */
	assert_int_equal(dec_ok(EC(0x1a) | IL | 3).sub, 2); /* ERETAB */
	dec_bad(EC(0x1a) | IL | 1);			    /* ERETA=1 without ERET=1 */
	dec_bad(EC(0x1a) | IL | 4);
	dec_bad(EC(0x1a));
}

static void test_hvc_smc(void **state)
{
	struct nvarm_trap t;

	(void)state;
	t = dec_ok(EC(0x16) | IL | 0x1234);
	assert_int_equal(t.kind, NVARM_TRAP_HVC);
	assert_int_equal(t.cls, NVARM_TC_HVC);
	assert_int_equal(t.imm, 0x1234);
	t = dec_ok(EC(0x17) | IL | 0xffff);
	assert_int_equal(t.kind, NVARM_TRAP_SMC);
	assert_int_equal(t.imm, 0xffff);
	dec_bad(EC(0x16) | IL | 0x10000);
	dec_bad(EC(0x17) | IL | 0x1000000);
	dec_bad(EC(0x16) | 0x1);
}

static void test_wfx(void **state)
{
	struct nvarm_trap t;
	/* AArch64 traps report CV=1 COND=0b1110 */
	const uint64_t base = EC(0x01) | IL | (1u << 24) | (0xeu << 20);

	(void)state;
	t = dec_ok(base);
	assert_int_equal(t.kind, NVARM_TRAP_WFX);
	assert_int_equal(t.cls, NVARM_TC_WFX);
	assert_int_equal(t.sub, 0);
	assert_int_equal(dec_ok(base | 1).sub, 1);
	t = dec_ok(base | 2 | 4 | (7u << 5)); /* WFIT x7 */
	assert_int_equal(t.sub, 2);
	assert_int_equal(t.rt, 7);
	assert_true(t.flags & NVARM_TRAPF_RV);
	t = dec_ok(base | 3 | 4 | (30u << 5)); /* WFET x30 */
	assert_int_equal(t.sub, 3);
	assert_int_equal(t.rt, 30);
	dec_bad(base | 4); /* WFI with a register */
	/* WFIT with RV = 0 ("Register field invalid"; QEMU 10 reports WFIT/WFET traps so):
	 * decoded, without a register */
	t = dec_ok(base | 2);
	assert_int_equal(t.sub, 2);
	assert_false(t.flags & NVARM_TRAPF_RV);
	dec_bad(base | (1u << 3));  /* RES0 [4:3] */
	dec_bad(base | (1u << 12)); /* RES0 [19:10] */
}

static void test_fp_sve_sme(void **state)
{
	struct nvarm_trap t;

	(void)state;
	t = dec_ok(EC(0x07) | IL | (1u << 24) | (0xeu << 20));
	assert_int_equal(t.kind, NVARM_TRAP_FPSIMD);
	assert_int_equal(t.cls, NVARM_TC_FP);
	dec_bad(EC(0x07) | IL | 1);
	t = dec_ok(EC(0x19) | IL);
	assert_int_equal(t.kind, NVARM_TRAP_SVE);
	dec_bad(EC(0x19) | IL | 0x100);
	dec_bad(EC(0x19));
	t = dec_ok(EC(0x1d) | IL | 1);
	assert_int_equal(t.kind, NVARM_TRAP_SME);
	assert_int_equal(t.sub, 1);
	assert_int_equal(dec_ok(EC(0x1d) | IL | 4).sub, 4);
	dec_bad(EC(0x1d) | IL | 5);
	dec_bad(EC(0x1d) | IL | 8);
}

static void test_aborts(void **state)
{
	struct nvarm_trap t;

	(void)state;
	/* VNCR page fault: data abort from EL1, VNCR=1, write, translation fault level 3 */
	t = dec_ok(EC(0x24) | IL | NVARM_ISS_DABT_VNCR | NVARM_ISS_DABT_WNR | 0x07);
	assert_int_equal(t.kind, NVARM_TRAP_DABT);
	assert_int_equal(t.cls, NVARM_TC_VNCR_ABT);
	assert_true(t.flags & NVARM_TRAPF_VNCR);
	assert_false(t.is_read);
	assert_int_equal(t.sub, 0x07);
	/* ordinary stage-2 abort with a valid syndrome: ldr x9 (SRT 9), read, permission L2 */
	t = dec_ok(EC(0x24) | IL | NVARM_ISS_DABT_ISV | (3u << 22) | (9u << 16) |
		   NVARM_ISS_DABT_SF | 0x0e);
	assert_int_equal(t.cls, NVARM_TC_ABORT);
	assert_true(t.flags & NVARM_TRAPF_ISV);
	assert_int_equal(t.rt, 9);
	assert_true(t.is_read);
	assert_int_equal(t.sub, 0x0e);
	/* FnV, S1PTW */
	t = dec_ok(EC(0x25) | IL | NVARM_ISS_DABT_FNV | NVARM_ISS_DABT_S1PTW | 0x05);
	assert_true(t.flags & NVARM_TRAPF_FNV);
	assert_true(t.flags & NVARM_TRAPF_S1PTW);
	/* FEAT_LS64 ISS2 allowed on data aborts */
	dec_ok(EC(0x24) | IL | (5ull << 32) | 0x07);
	/* reserved fault status codes */
	dec_bad(EC(0x24) | IL | 0x3f);
	dec_bad(EC(0x24) | IL | 0x1a);
	/* instruction abort: translation L1 ok; RES0 bit 6 / bit 8 / [24:13] rejected */
	t = dec_ok(EC(0x20) | IL | 0x05);
	assert_int_equal(t.kind, NVARM_TRAP_IABT);
	assert_int_equal(t.cls, NVARM_TC_ABORT);
	dec_bad(EC(0x20) | IL | 0x40 | 0x05);
	dec_bad(EC(0x20) | IL | 0x100 | 0x05);
	dec_bad(EC(0x21) | IL | (1u << 20) | 0x05);
	dec_bad(EC(0x20) | IL | (1ull << 32) | 0x05);
}

/* Fault status codes: kind and level (D24.2 DFSC), and the decoder accepts exactly the
 * allocated ones. */
static void test_fsc_kinds(void **state)
{
	static const struct {
		unsigned fsc;
		int kind, level;
	} cases[] = {
	    {NVARM_FSC_ADDR_SIZE_L0 + 2, NVARM_FSC_KIND_ADDR_SIZE, 2},
	    {NVARM_FSC_ADDR_SIZE_LM1, NVARM_FSC_KIND_ADDR_SIZE, -1},
	    {NVARM_FSC_TRANS_L0 + 3, NVARM_FSC_KIND_TRANSLATION, 3},
	    {NVARM_FSC_TRANS_LM1, NVARM_FSC_KIND_TRANSLATION, -1},
	    {NVARM_FSC_ACCESS_L0 + 1, NVARM_FSC_KIND_ACCESS, 1},
	    {NVARM_FSC_PERM_L0, NVARM_FSC_KIND_PERMISSION, 0},
	    {NVARM_FSC_SEA, NVARM_FSC_KIND_SEA, NVARM_FSC_NO_LEVEL},
	    {0x11, NVARM_FSC_KIND_TAG_CHECK, NVARM_FSC_NO_LEVEL},
	    {0x13, NVARM_FSC_KIND_SEA_WALK, -1},
	    {NVARM_FSC_SEA_WALK_L0 + 3, NVARM_FSC_KIND_SEA_WALK, 3},
	    {0x18, NVARM_FSC_KIND_ECC, NVARM_FSC_NO_LEVEL},
	    {0x1b, NVARM_FSC_KIND_ECC_WALK, -1},
	    {0x1e, NVARM_FSC_KIND_ECC_WALK, 2},
	    {NVARM_FSC_ALIGN, NVARM_FSC_KIND_ALIGNMENT, NVARM_FSC_NO_LEVEL},
	    {0x23, NVARM_FSC_KIND_GPF_WALK, -1},
	    {0x27, NVARM_FSC_KIND_GPF_WALK, 3},
	    {0x28, NVARM_FSC_KIND_GPF, NVARM_FSC_NO_LEVEL},
	    {NVARM_FSC_TLB_CONFLICT, NVARM_FSC_KIND_TLB_CONFLICT, NVARM_FSC_NO_LEVEL},
	    {0x31, NVARM_FSC_KIND_ATOMIC_UPDATE, NVARM_FSC_NO_LEVEL},
	    {0x34, NVARM_FSC_KIND_IMPDEF_LOCKDOWN, NVARM_FSC_NO_LEVEL},
	    {0x35, NVARM_FSC_KIND_IMPDEF_EXCLUSIVE, NVARM_FSC_NO_LEVEL},
	    {0x12, NVARM_FSC_KIND_RESERVED, NVARM_FSC_NO_LEVEL}, /* level -2: FEAT_D128 */
	    {0x2a, NVARM_FSC_KIND_RESERVED, NVARM_FSC_NO_LEVEL},
	    {0x3f, NVARM_FSC_KIND_RESERVED, NVARM_FSC_NO_LEVEL},
	};
	unsigned allocated = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int level = 99;
		assert_int_equal(nvarm_fsc_decode(cases[i].fsc, &level), cases[i].kind);
		assert_int_equal(level, cases[i].level);
	}
	for (unsigned fsc = 0; fsc < 64; fsc++) {
		struct nvarm_trap t;
		int kind = nvarm_fsc_decode(fsc, NULL);
		int r = nvarm_trap_decode(EC(NVARM_EC_DABT_LOW) | IL | fsc, &t);

		assert_int_equal(r, kind ? 0 : NVARM_ERR_BAD_ENCODING);
		assert_true(kind >= 0 && kind < NVARM_FSC_KIND__COUNT);
		allocated += kind != 0;
	}
	assert_int_equal(allocated, 42);
	assert_string_equal(nvarm_fsc_kind_name(NVARM_FSC_KIND_TRANSLATION), "translation");
	assert_string_equal(nvarm_fsc_kind_name(NVARM_FSC_KIND__COUNT), "?");
	for (unsigned k = 0; k < NVARM_FSC_KIND__COUNT; k++)
		assert_string_not_equal(nvarm_fsc_kind_name(k), "?");
}

static void test_reserved_ecs(void **state)
{
	static const unsigned reserved[] = {0x02, 0x0b, 0x0f, 0x10, 0x14, 0x1e, 0x23,
					    0x29, 0x2a, 0x2b, 0x2d, 0x2e, 0x36, 0x37,
					    0x39, 0x3a, 0x3b, 0x3d, 0x3e, 0x3f};

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		dec_bad(EC(reserved[i]) | IL);
		assert_string_equal(nvarm_ec_name(reserved[i]), "reserved");
	}
	assert_string_equal(nvarm_ec_name(64), "reserved");
	assert_string_equal(nvarm_trap_class_name(NVARM_TC__COUNT), "?");
	for (unsigned c = 0; c < NVARM_TC__COUNT; c++)
		assert_string_not_equal(nvarm_trap_class_name(c), "?");
	/* an allocated class we do not decode in detail */
	assert_int_equal(dec_ok(EC(NVARM_EC_BRK64) | IL | 0x800).kind, NVARM_TRAP_OTHER);
}

/*
 * The counters (issue #13): an L1 whose counter reads trap (CNTHCTL_EL2 EL1PCTEN/EL1TVCT, as
 * an L0 emulating CNTVOFF/CNTPOFF sets them) must see them go to the timer owner, not UNDEF.
 * CNTFRQ_EL0 is the hardware's (its writes are UNDEFINED below the highest EL).
 */
static void test_counters(void **state)
{
	static const struct {
		unsigned op2, id;
	} cnt[] = {{1, NVARM_SR_CNTPCT_EL0},
		   {2, NVARM_SR_CNTVCT_EL0},
		   {5, NVARM_SR_CNTPCTSS_EL0},
		   {6, NVARM_SR_CNTVCTSS_EL0}};
	struct nvarm_trap t;
	struct vcpu_fix f;
	uint64_t x = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cnt) / sizeof(cnt[0]); i++) {
		/* mrs x2, cnt*ct*_el0 */
		t = dec_ok(sys_esr(3, 3, 14, 0, cnt[i].op2, 2, 1));
		assert_int_equal(t.reg, cnt[i].id);
		assert_int_equal(t.cls, NVARM_TC_TIMER);
		assert_string_equal(nvarm_trap_class_name(t.cls), "timer");
		/* read-only: a write is UNDEFINED */
		t = dec_ok(sys_esr(3, 3, 14, 0, cnt[i].op2, 2, 0));
		assert_int_equal(t.cls, NVARM_TC_UNDEF);
	}
	t = dec_ok(sys_esr(3, 3, 14, 0, 0, 2, 1));
	assert_int_equal(t.reg, NVARM_SR_CNTFRQ_EL0);
	assert_int_equal(t.cls, NVARM_TC_HW);
	assert_int_equal(dec_ok(sys_esr(3, 3, 14, 0, 0, 2, 0)).cls, NVARM_TC_UNDEF);
	/* op2 = 3, 4, 7 stay unallocated */
	assert_int_equal(dec_ok(sys_esr(3, 3, 14, 0, 3, 2, 1)).cls, NVARM_TC_UNDEF);
	assert_int_equal(dec_ok(sys_esr(3, 3, 14, 0, 7, 2, 1)).cls, NVARM_TC_UNDEF);
	/* nvarm_sysreg_emulate leaves the value to the owner (FORWARD); the self-synchronised
	 * forms exist only with FEAT_ECV */
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 0, 2, 2, 1), &x), NVARM_EMUL_FORWARD);
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 0, 6, 2, 1), &x), NVARM_EMUL_FORWARD);
	fix_fini(&f);
	fix_init(&f, TEST_ALL_FEATS & ~NVARM_VMF_ECV, NVARM_HOST_NV2);
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 0, 2, 2, 1), &x), NVARM_EMUL_FORWARD);
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 0, 6, 2, 1), &x), NVARM_EMUL_UNDEF);
	fix_fini(&f);
}

/*
 * TLBIs an L1 can issue (issue #13): the Outer Shareable (FEAT_TLBIOS), range
 * (FEAT_TLBIRANGE) and nXS (FEAT_XS, CRn=9) forms decode to the TLBI class like the base
 * forms; nvarm_sysreg_emulate makes them UNDEFINED when L1's ID registers hide the feature.
 * Encodings from the Arm ARM C5.5 TLBI instruction pages (op0=1, op1, CRn, CRm, op2).
 */
static void test_tlbi_forms(void **state)
{
	static const struct {
		unsigned op1, crn, crm, op2, id;
		uint32_t feat;
	} tl[] = {
	    {4, 8, 0, 2, NVARM_SR_TLBI_RIPAS2E1IS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 0, 6, NVARM_SR_TLBI_RIPAS2LE1IS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 4, 2, NVARM_SR_TLBI_RIPAS2E1, NVARM_VMF_TLBIRANGE},
	    {4, 8, 4, 3, NVARM_SR_TLBI_RIPAS2E1OS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 4, 6, NVARM_SR_TLBI_RIPAS2LE1, NVARM_VMF_TLBIRANGE},
	    {4, 8, 4, 7, NVARM_SR_TLBI_RIPAS2LE1OS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 4, 0, NVARM_SR_TLBI_IPAS2E1OS, NVARM_VMF_TLBIOS},
	    {4, 8, 4, 4, NVARM_SR_TLBI_IPAS2LE1OS, NVARM_VMF_TLBIOS},
	    {4, 8, 1, 0, NVARM_SR_TLBI_ALLE2OS, NVARM_VMF_TLBIOS},
	    {4, 8, 1, 1, NVARM_SR_TLBI_VAE2OS, NVARM_VMF_TLBIOS},
	    {4, 8, 1, 4, NVARM_SR_TLBI_ALLE1OS, NVARM_VMF_TLBIOS},
	    {4, 8, 1, 5, NVARM_SR_TLBI_VALE2OS, NVARM_VMF_TLBIOS},
	    {4, 8, 1, 6, NVARM_SR_TLBI_VMALLS12E1OS, NVARM_VMF_TLBIOS},
	    {4, 8, 2, 1, NVARM_SR_TLBI_RVAE2IS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 5, 5, NVARM_SR_TLBI_RVALE2OS, NVARM_VMF_TLBIRANGE},
	    {4, 8, 6, 1, NVARM_SR_TLBI_RVAE2, NVARM_VMF_TLBIRANGE},
	    {0, 8, 1, 0, NVARM_SR_TLBI_VMALLE1OS, NVARM_VMF_TLBIOS},
	    {0, 8, 2, 1, NVARM_SR_TLBI_RVAE1IS, NVARM_VMF_TLBIRANGE},
	    {0, 8, 6, 7, NVARM_SR_TLBI_RVAALE1, NVARM_VMF_TLBIRANGE},
	    {4, 9, 0, 1, NVARM_SR_TLBI_IPAS2E1ISNXS, NVARM_VMF_XS},
	    {4, 9, 0, 2, NVARM_SR_TLBI_RIPAS2E1ISNXS, NVARM_VMF_XS | NVARM_VMF_TLBIRANGE},
	    {4, 9, 7, 0, NVARM_SR_TLBI_ALLE2NXS, NVARM_VMF_XS},
	    {4, 9, 7, 6, NVARM_SR_TLBI_VMALLS12E1NXS, NVARM_VMF_XS},
	    {4, 9, 4, 7, NVARM_SR_TLBI_RIPAS2LE1OSNXS, NVARM_VMF_XS | NVARM_VMF_TLBIRANGE},
	    {0, 9, 7, 0, NVARM_SR_TLBI_VMALLE1NXS, NVARM_VMF_XS},
	    {0, 9, 1, 7, NVARM_SR_TLBI_VAALE1OSNXS, NVARM_VMF_XS | NVARM_VMF_TLBIOS},
	    {4, 8, 7, 0, NVARM_SR_TLBI_ALLE2, 0},
	};
	static const uint32_t hidden[] = {NVARM_VMF_TLBIOS, NVARM_VMF_TLBIRANGE, NVARM_VMF_XS};
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request rq;
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v;
	uint64_t *page = aligned_alloc(4096, 4096);
	uint64_t x = 0x1234;

	(void)state;
	assert_non_null(page);
	h.isar0 |= 2ull << 56; /* TLB: OS and range */
	h.isar1 |= 1ull << 56; /* XS */
	for (size_t i = 0; i < sizeof(tl) / sizeof(tl[0]); i++) {
		struct nvarm_trap t =
		    dec_ok(sys_esr(1, tl[i].op1, tl[i].crn, tl[i].crm, tl[i].op2, 3, 0));
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(tl[i].id);

		if (t.reg != tl[i].id || t.cls != NVARM_TC_TLBI)
			fail_msg("%s: reg %u class %u", d->name, t.reg, t.cls);
		assert_int_equal(d->feat, tl[i].feat);
		assert_int_equal(t.rt, 3);
		/* SYSL (read) form: UNDEFINED */
		assert_int_equal(
		    dec_ok(sys_esr(1, tl[i].op1, tl[i].crn, tl[i].crm, tl[i].op2, 3, 1)).cls,
		    NVARM_TC_UNDEF);
		/* every feature shown: the owner handles it; any one needed feature hidden: UNDEF
		 */
		for (int k = -1; k < 3; k++) {
			uint32_t want =
			    TEST_ALL_FEATS | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS;
			if (k >= 0)
				want &= ~hidden[k];
			rq = test_request(want, NVARM_HOST_NV2);
			assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
			assert_int_equal(nvarm_vel2_init(&v, &cfg, page), 0);
			/* hiding FEAT_TLBIOS hides the range forms too (ISAR0.TLB = 0) */
			bool gone =
			    k >= 0 &&
			    ((tl[i].feat & hidden[k]) ||
			     (hidden[k] == NVARM_VMF_TLBIOS && (tl[i].feat & NVARM_VMF_TLBIRANGE)));
			assert_int_equal(nvarm_sysreg_emulate(&v, &t, &x),
					 gone ? NVARM_EMUL_UNDEF : NVARM_EMUL_FORWARD);
		}
	}
	/* what L1 reads: ISAR0.TLB and ISAR1.XS follow the features */
	rq = test_request(TEST_ALL_FEATS | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS,
			  NVARM_HOST_NV2);
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
	assert_int_equal((cfg.id.isar0 >> 56) & 0xf, 2);
	assert_int_equal((cfg.id.isar1 >> 56) & 0xf, 1);
	rq = test_request(TEST_ALL_FEATS | NVARM_VMF_TLBIOS, NVARM_HOST_NV2);
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
	assert_int_equal((cfg.id.isar0 >> 56) & 0xf, 1);
	assert_int_equal((cfg.id.isar1 >> 56) & 0xf, 0);
	rq = test_request(TEST_ALL_FEATS | NVARM_VMF_TLBIRANGE, NVARM_HOST_NV2);
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
	assert_int_equal((cfg.id.isar0 >> 56) & 0xf, 0); /* range needs OS */
	assert_false(cfg.features & NVARM_VMF_TLBIRANGE);
	/* a host without them: nothing, whatever is asked */
	h.isar0 &= ~(0xfull << 56);
	h.isar1 &= ~(0xfull << 56);
	rq = test_request(TEST_ALL_FEATS | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS,
			  NVARM_HOST_NV2);
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &rq), 0);
	assert_false(cfg.features & (NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS));
	free(page);
}

/* Random ESRs (fixed seed; NVARM_SEED overrides): only 0 or BAD_ENCODING, and a successful
 * SYS64 decode agrees with the database. */
static void test_random_sweep(void **state)
{
	unsigned seed = 0x5eed1234u;
	const char *env = getenv("NVARM_SEED");

	(void)state;
	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	srand(seed);
	for (int i = 0; i < 200000; i++) {
		uint64_t esr =
		    ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 11) ^ (uint64_t)rand();
		struct nvarm_trap t;
		int r;

		if (i & 1)
			esr &= 0xffffffffu; /* mostly well-formed top half */
		r = nvarm_trap_decode(esr, &t);
		if (r != 0 && r != NVARM_ERR_BAD_ENCODING)
			fail_msg("seed %#x: ESR %#llx returned %d", seed, (unsigned long long)esr,
				 r);
		if (r == 0 && t.kind == NVARM_TRAP_SYSREG && t.reg != nvarm_sysreg_lookup(t.enc))
			fail_msg("seed %#x: ESR %#llx inconsistent lookup", seed,
				 (unsigned long long)esr);
		if (r == 0 && t.cls >= NVARM_TC__COUNT)
			fail_msg("seed %#x: ESR %#llx bad class", seed, (unsigned long long)esr);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sys64_real_qemu_esr),
	    cmocka_unit_test(test_sys64_classes),
	    cmocka_unit_test(test_counters),
	    cmocka_unit_test(test_tlbi_forms),
	    cmocka_unit_test(test_eret),
	    cmocka_unit_test(test_hvc_smc),
	    cmocka_unit_test(test_wfx),
	    cmocka_unit_test(test_fp_sve_sme),
	    cmocka_unit_test(test_aborts),
	    cmocka_unit_test(test_fsc_kinds),
	    cmocka_unit_test(test_reserved_ecs),
	    cmocka_unit_test(test_random_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
