// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* VM configuration, sanitised ID registers, the vEL2 register file and MRS/MSR emulation. */
#include "sysreg/sysreg_priv.h"
#include "sysreg/forward_priv.h"
#include "sysreg_test.h"
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/forward.h>

#define FLD(v, lo) (((v) >> (lo)) & 0xf)

static void test_config_intersection(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS | NVARM_VMF_FGT2, NVARM_HOST_NV2);
	struct nvarm_vm_config c;

	(void)state;
	r.pa_range = 6; /* more than the host's 48 bits */
	r.granules = NVARM_GRAN_4K | NVARM_GRAN_64K;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	/* the host has FGT=1: FGT2 dropped, FGT kept */
	assert_false(c.features & NVARM_VMF_FGT2);
	assert_true(c.features & NVARM_VMF_FGT);
	assert_int_equal(c.pa_range, 5);
	assert_int_equal(FLD(c.id.mmfr0, 0), 5);
	/* 16K removed: TGran16 = 0 (absent), TGran16_2 = 1 (absent at stage 2) */
	assert_int_equal(FLD(c.id.mmfr0, 20), 0);
	assert_int_equal(FLD(c.id.mmfr0, 32), 1);
	assert_int_equal(FLD(c.id.mmfr0, 28), 0); /* 4K present */
	assert_int_equal(FLD(c.id.mmfr0, 56), 1); /* FGT */
	assert_int_equal(FLD(c.id.mmfr0, 60), 2); /* ECV */
	assert_int_equal(FLD(c.id.mmfr2, 24), 0); /* L1 does not see NV */
	assert_int_equal(FLD(c.id.mmfr1, 8), 1);  /* VH */
	assert_int_equal(FLD(c.id.mmfr1, 4), 2);  /* 16-bit VMID */
	assert_int_equal(FLD(c.id.pfr0, 12), 0);  /* no EL3 */
	assert_int_equal(FLD(c.id.pfr0, 8), 1);	  /* EL2 AArch64 */
	assert_int_equal(c.id.midr, h.midr);

	/* a smaller VM: no ECV, no SVE, no VHE */
	r = test_request(NVARM_VMF_E2H0, NVARM_HOST_NV);
	r.pa_range = 2;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	assert_int_equal(c.features, NVARM_VMF_E2H0);
	assert_int_equal(FLD(c.id.mmfr0, 0), 2);
	assert_int_equal(FLD(c.id.mmfr0, 60), 0);
	assert_int_equal(FLD(c.id.mmfr0, 56), 0);
	assert_int_equal(FLD(c.id.pfr0, 32), 0);
	assert_int_equal(FLD(c.id.pfr0, 24), 0);
	assert_int_equal(FLD(c.id.mmfr1, 8), 0);
	assert_int_equal(FLD(c.id.mmfr4, 24), 0);
	/* VHE-only: E2H0 field reads as "E2H RES1" (0b1111) */
	r = test_request(NVARM_VMF_VHE, NVARM_HOST_NV2);
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	assert_int_equal(FLD(c.id.mmfr4, 24), 0xf);
}

/* Features nvarm has no EL2 model for are hidden whatever the host has, and the fields of
 * features it keeps stay the host's (ID_AA64PFR1_EL1.SME [27:24] = 2 is SME2, BT [3:0]). */
static void test_config_hides_unmodelled(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
	struct nvarm_vm_config c;
	static const struct {
		unsigned reg, lo;
	} hidden[] = {
	    /* index from pfr0, low bit */
	    {1, 24}, /* PFR1.SME */
	    {1, 8},  /* PFR1.MTE */
	    {1, 44}, /* PFR1.GCS */
	    {1, 36}, /* PFR1.NMI */
	    {0, 40}, /* PFR0.MPAM */
	    {0, 44}, /* PFR0.AMU */
	    {2, 8},  /* DFR0.PMUVer */
	    {2, 32}, /* DFR0.PMSVer */
	    {2, 40}, /* DFR0.TraceFilt */
	    {2, 44}, /* DFR0.TraceBuffer */
	    {2, 52}, /* DFR0.BRBE */
	    {6, 32}, /* MMFR1.TWED */
	    {7, 40}, /* MMFR2.FWB */
	    {7, 56}, /* MMFR2.EVT */
	    {3, 24}, /* ISAR0.TME */
	};
	uint64_t *hr = &h.pfr0;

	(void)state;
	assert_ptr_equal(&h.pfr1, hr + 1);
	assert_ptr_equal(&h.dfr0, hr + 2);
	assert_ptr_equal(&h.isar0, hr + 3);
	assert_ptr_equal(&h.mmfr1, hr + 6);
	assert_ptr_equal(&h.mmfr2, hr + 7);
	for (unsigned i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		hr[hidden[i].reg] |= UINT64_C(1) << hidden[i].lo;
	h.pfr1 |= UINT64_C(2) << 24;		/* SME2 */
	h.pfr1 = (h.pfr1 & ~UINT64_C(0xf)) | 1; /* BT */
	h.dfr0 = (h.dfr0 & ~UINT64_C(0xf)) | 9; /* DebugVer v8.4 */
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	uint64_t *cr = &c.id.pfr0;
	for (unsigned i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		assert_int_equal(FLD(cr[hidden[i].reg], hidden[i].lo), 0);
	assert_int_equal(FLD(c.id.pfr1, 0), 1); /* BT stays */
	assert_int_equal(FLD(c.id.dfr0, 0), 9); /* DebugVer stays */
	assert_int_equal(c.id.isar1, h.isar1);	/* EL0/EL1 instruction sets stay */
}

/*
 * FEAT_SEL2 reaches L1 as the host has it (ID_AA64PFR0_EL1.SEL2 [39:36]). What it defines for
 * a hypervisor at Non-secure EL2 (DDI 0487 D24.2 VTCR_EL2, HPFAR_EL2): VTCR_EL2.NSW/NSA
 * [29]/[30] and HPFAR_EL2.NS [63] read back as written, through the trap path and (VTCR_EL2)
 * after an NV2 page store is sanitised; a stage-2 abort taken to L1's EL2, Non-secure, writes
 * HPFAR_EL2.NS 0 ("RES0 for aborts taken to Non-secure EL2").
 */
static void test_sel2_follows_host(void **state)
{
	const uint64_t vtcr = UINT64_C(0x80023558) | UINT64_C(3) << 29; /* + NSW, NSA */
	const uint64_t hpfar = UINT64_C(1) << 63 | UINT64_C(0x1234560);

	(void)state;
	for (unsigned sel2 = 0; sel2 < 2; sel2++) {
		struct nvarm_id_regs h = test_host_ids();
		struct vcpu_fix f;

		h.pfr0 |= (uint64_t)sel2 << NVARM_ID_AA64PFR0_EL1_SEL2_SHIFT;
		fix_init_host(&f, &h);
		assert_int_equal(FLD(f.cfg.id.pfr0, 36), sel2);
		assert_int_equal(f.cfg.id.pfr0 & NVARM_ID_AA64PFR0_EL1_SEL2_MASK,
				 h.pfr0 & NVARM_ID_AA64PFR0_EL1_SEL2_MASK);
		if (!sel2) {
			fix_fini(&f);
			continue;
		}
		wr(&f, NVARM_SR_VTCR_EL2, vtcr);
		assert_int_equal(rd(&f, NVARM_SR_VTCR_EL2), vtcr);
		wr(&f, NVARM_SR_VTCR_EL2, 0);
		assert_int_equal(rd(&f, NVARM_SR_VTCR_EL2), UINT64_C(1) << 31);
		f.page[0x40 / 8] = vtcr; /* an NV2 store to VTCR_EL2's VNCR slot */
		assert_int_equal(nvarm_vel2_sanitise(&f.v), 0);
		assert_int_equal(rd(&f, NVARM_SR_VTCR_EL2), vtcr);
		wr(&f, NVARM_SR_HPFAR_EL2, hpfar);
		assert_int_equal(rd(&f, NVARM_SR_HPFAR_EL2), hpfar);

		struct nvarm_vel2_exc e = {.esr = 0x92000046,
					   .far = 0x1008,
					   .fault_ipa = nvarm_ipa2(0x40001008ull),
					   .flags = NVARM_EXCF_FAR | NVARM_EXCF_HPFAR};
		struct nvarm_vcpu_pstate ps = {.pc = 0x4000, .pstate = NVARM_PSR_M_EL1H};

		wr(&f, NVARM_SR_VBAR_EL2, 0x10000);
		assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &ps), 0);
		assert_int_equal(rd(&f, NVARM_SR_HPFAR_EL2), (0x40001008ull >> 12) << 4);
		fix_fini(&f);
	}
}

static void test_config_errors(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
	struct nvarm_vm_config c;

	(void)state;
	assert_int_equal(nvarm_vm_config_init(NULL, &h, &r), NVARM_ERR_INVAL);
	h.mmfr2 = 1ull << 24; /* host has only FEAT_NV */
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_UNSUPPORTED);
	r.host_nv = NVARM_HOST_NV;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	r.host_nv = 3;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
	/* a host with FEAT_NV only: L1 can get FEAT_NV, not FEAT_NV2 (dropped like any
	 * feature the host lacks) */
	r = test_request(TEST_ALL_FEATS | NVARM_VMF_L1NV2, NVARM_HOST_NV);
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	assert_int_equal(c.features & (NVARM_VMF_L1NV | NVARM_VMF_L1NV2), NVARM_VMF_L1NV);
	assert_int_equal((c.id.mmfr2 >> 24) & 0xf, 1);
	r = test_request(NVARM_VMF_SVE, NVARM_HOST_NV); /* neither VHE nor E2H0 */
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
	h = test_host_ids();
	h.mmfr1 &= ~(0xfull << 8); /* host without VHE: a VHE-only request is empty */
	r = test_request(NVARM_VMF_VHE, NVARM_HOST_NV);
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
	r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV);
	r.pa_range = 7;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
	r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV);
	r.gic_lrs = 17;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
	r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV);
	r.granules = 0;
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), NVARM_ERR_INVAL);
}

static void test_init_and_layout(void **state)
{
	struct vcpu_fix f;
	struct nvarm_vel2 v2;
	uint64_t x;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	assert_int_equal(nvarm_vel2_init(&v2, &f.cfg, (char *)f.page + 8), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vel2_init(NULL, &f.cfg, f.page), NVARM_ERR_INVAL);
	/* reset: the page was 0xa5-filled; now zero except RES1 bits */
	assert_int_equal(f.page[0x78 / 8], HCR_RW);	/* HCR_EL2.RW RES1 */
	assert_int_equal(f.page[0x40 / 8], 1ull << 31); /* VTCR_EL2[31] RES1 */
	assert_int_equal(f.page[0x110 / 8], 0);		/* SCTLR_EL1 */
	assert_int_equal(f.page[0x800 / 8], 0);
	/* E2H=0 at reset: SCTLR_EL2 has its RES1 bits */
	assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2), 0x30c50830);
	/* registers land at their VNCR offsets (what an NV2 host reads directly) */
	wr(&f, NVARM_SR_VTTBR_EL2, 0x00ab000012345000ull);
	assert_int_equal(f.page[0x20 / 8], 0x00ab000012345000ull);
	wr(&f, NVARM_SR_ICH_LR3_EL2, 0x5000000000000020ull);
	assert_int_equal(f.page[0x418 / 8], 0x5000000000000020ull);
	wr(&f, NVARM_SR_TPIDR_EL2, 0xfeedull);
	assert_int_equal(f.page[0x90 / 8], 0xfeedull);
	/* an EL12 alias writes the EL1 slot */
	wr(&f, NVARM_SR_TCR_EL12, 0x1234);
	assert_int_equal(f.page[0x120 / 8], 0x1234);
	assert_int_equal(rd(&f, NVARM_SR_TCR_EL1), 0x1234);
	/* no storage: instructions, computed, hardware registers */
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_TLBI_ALLE2, &x), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_ICH_MISR_EL2, &x), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_TPIDR_EL1, &x), NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR__COUNT, &x), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_ID_AA64MMFR0_EL1, 0), NVARM_ERR_RANGE);
	assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_ID_AA64MMFR2_EL1, &x), 0);
	assert_int_equal(FLD(x, 24), 0);
	/* every register with storage reads back what was written modulo its masks */
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		uint64_t r0, r1, val = 0x0123456789abcdefull ^ ((uint64_t)id << 40);

		if (nvarm_vel2_write(&f.v, id, val) != 0)
			continue;
		assert_int_equal(nvarm_vel2_masks(&f.v,
						  nvarm_sysreg_desc(id)->flags & NVARM_SRF_ALIAS
						      ? nvarm_sysreg_desc(id)->link
						      : id,
						  &r0, &r1),
				 0);
		assert_int_equal(rd(&f, id), (val & ~r0) | r1);
	}
	fix_fini(&f);
}

/* ID fields whose features have controls nvarm does not model are capped, not cleared:
 * EnSCXT (FEAT_CSV2_2 / CSV2_1p2 without NVARM_VMF_CSV2_2), FEAT_RASv2 (RAS 3 -> 2, RASv1p1;
 * RAS_frac never shown). A lower host value stays (CSV2 = 0 is not raised to 1). */
static void test_config_caps_hcr_features(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
	struct nvarm_vm_config c;

	(void)state;
	h.pfr0 = (h.pfr0 & ~(UINT64_C(0xf) << 56) & ~(UINT64_C(0xf) << 28)) | UINT64_C(3) << 56 |
		 UINT64_C(3) << 28;			 /* CSV2_3, RASv2 */
	h.pfr1 |= UINT64_C(2) << 32 | UINT64_C(1) << 12; /* CSV2_frac 2, RAS_frac 1 */
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	assert_int_equal(FLD(c.id.pfr0, 56), 1);
	assert_int_equal(FLD(c.id.pfr1, 32), 1);
	assert_int_equal(FLD(c.id.pfr0, 28), 2);
	assert_int_equal(FLD(c.id.pfr1, 12), 0);
	h.pfr0 &= ~(UINT64_C(0xf) << 56); /* no CSV2 on the host: stays 0 */
	assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
	assert_int_equal(FLD(c.id.pfr0, 56), 0);
}

/* HCR_EL2.FIEN [47] (D24.2 HCR_EL2, FEAT_RASv1p1): writable for a VM whose ID registers
 * say FEAT_RASv1p1 (PFR0.RAS 2), RES0 with RAS 1 (FEAT_RAS only) or without NVARM_VMF_RAS;
 * TERR/TEA follow FEAT_RAS alone. */
static void test_hcr_fien_mask(void **state)
{
	static const struct {
		unsigned host_ras, host_frac;
		uint32_t feats;
		unsigned vm_ras;
		int fien, terr;
	} cases[] = {
	    {2, 0, TEST_ALL_FEATS, 2, 1, 1},		      /* RASv1p1 */
	    {1, 1, TEST_ALL_FEATS, 1, 0, 1},		      /* v1p1 as RAS_frac: offered as v1 */
	    {1, 0, TEST_ALL_FEATS, 1, 0, 1},		      /* RAS v1 */
	    {2, 0, TEST_ALL_FEATS & ~NVARM_VMF_RAS, 0, 0, 0}, /* not requested */
	};
	struct vcpu_fix f;

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(cases[i].feats, NVARM_HOST_NV2);

		h.pfr0 = (h.pfr0 & ~(UINT64_C(0xf) << 28)) | (uint64_t)cases[i].host_ras << 28;
		h.pfr1 |= (uint64_t)cases[i].host_frac << 12;
		fix_init_with(&f, &h, &r);
		assert_int_equal(FLD(f.cfg.id.pfr0, 28), cases[i].vm_ras);
		wr(&f, NVARM_SR_HCR_EL2, ~0ull);
		assert_int_equal((rd(&f, NVARM_SR_HCR_EL2) >> 47) & 1, cases[i].fien);
		assert_int_equal((rd(&f, NVARM_SR_HCR_EL2) >> 36) & 3, cases[i].terr ? 3 : 0);
		fix_fini(&f);
	}
}

static void test_res_masks(void **state)
{
	struct vcpu_fix f;

	(void)state;
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2); /* no RAS, no VMID16 */
	wr(&f, NVARM_SR_HCR_EL2, ~0ull);
	/* [63:42] and TME RES0 (no recursive NV, ...), TEA/TERR RES0 without RAS, TLOR without
	 * FEAT_LOR, APK/API without PAuth (the test host has neither), RW RES1 */
	assert_int_equal(rd(&f, NVARM_SR_HCR_EL2),
			 ((1ull << 40) - 1) & ~(1ull << 39) & ~(3ull << 36) & ~(1ull << 35));
	wr(&f, NVARM_SR_HCR_EL2, 0);
	assert_int_equal(rd(&f, NVARM_SR_HCR_EL2), HCR_RW);
	wr(&f, NVARM_SR_VTTBR_EL2, ~0ull); /* VMID[15:8] RES0 with 8-bit VMIDs */
	assert_int_equal(rd(&f, NVARM_SR_VTTBR_EL2), 0x00ffffffffffffffull);
	wr(&f, NVARM_SR_CNTHCTL_EL2, ~0ull); /* ECV controls RES0 without ECV */
	assert_int_equal(rd(&f, NVARM_SR_CNTHCTL_EL2) & (0x3full << 12), 0);
	/* CPTR_EL2 (E2H=0): RES1 13, 12 (TSM, no SME), 9, 8 (TZ, no SVE), 7:0 */
	wr(&f, NVARM_SR_CPTR_EL2, 0);
	assert_int_equal(rd(&f, NVARM_SR_CPTR_EL2), 0x33ff);
	wr(&f, NVARM_SR_CPTR_EL2, ~0ull); /* + TFP, TTA, TCPAC */
	assert_int_equal(rd(&f, NVARM_SR_CPTR_EL2), 0x801037ffull);
	/* E2H=1: CPTR_EL2 takes the CPACR layout: FPEN, TTA, TCPAC (no SVE: ZEN RES0) */
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	assert_true(nvarm_vel2_is_vhe(&f.v));
	wr(&f, NVARM_SR_CPTR_EL2, ~0ull);
	assert_int_equal(rd(&f, NVARM_SR_CPTR_EL2), 0x90300000ull);
	wr(&f, NVARM_SR_SCTLR_EL2, 0); /* no RES1 bits in the E2H=1 format */
	assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2), 0);
	fix_fini(&f);

	/* VHE-only VM: E2H is RES1 */
	fix_init(&f, NVARM_VMF_VHE, NVARM_HOST_NV2);
	assert_true(nvarm_vel2_is_vhe(&f.v));
	wr(&f, NVARM_SR_HCR_EL2, 0);
	assert_int_equal(rd(&f, NVARM_SR_HCR_EL2), HCR_RW | HCR_E2H);
	fix_fini(&f);
	/* non-VHE-only VM: E2H is RES0 */
	fix_init(&f, NVARM_VMF_E2H0, NVARM_HOST_NV);
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	assert_false(nvarm_vel2_is_vhe(&f.v));
	fix_fini(&f);

	/* NV2: L1 stores HCR_EL2 straight into the VNCR page (no masks applied yet): with E2H
	 * fixed by the VM configuration, the Effective value is the fixed one */
	unsigned hcr_slot = nvarm_sysreg_desc(NVARM_SR_HCR_EL2)->vncr / 8;
	fix_init(&f, NVARM_VMF_E2H0, NVARM_HOST_NV2);
	((uint64_t *)f.page)[hcr_slot] |= HCR_E2H;
	assert_false(nvarm_vel2_is_vhe(&f.v));
	fix_fini(&f);
	fix_init(&f, NVARM_VMF_VHE, NVARM_HOST_NV2);
	((uint64_t *)f.page)[hcr_slot] &= ~HCR_E2H;
	assert_true(nvarm_vel2_is_vhe(&f.v));
	fix_fini(&f);
	/* both allowed: the stored bit */
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2);
	((uint64_t *)f.page)[hcr_slot] |= HCR_E2H;
	assert_true(nvarm_vel2_is_vhe(&f.v));
	((uint64_t *)f.page)[hcr_slot] &= ~HCR_E2H;
	assert_false(nvarm_vel2_is_vhe(&f.v));
	fix_fini(&f);
}

/*
 * Recursive nesting (issue #19): what L1 reads and may write when it is offered FEAT_NV or
 * FEAT_NV2. ID_AA64MMFR2_EL1.NV [27:24]: 0 none, 1 FEAT_NV, 2 FEAT_NV2;
 * ID_AA64MMFR4_EL1.E2H0 [27:24]: 0 FEAT_E2H0, 0b1110 none and HCR_EL2.NV1 RES0, 0b1111 none;
 * NV_frac [23:20] 0 (DDI 0487 D24.2). HCR_EL2: NV [42], NV1 [43], AT [44], NV2 [45].
 */
static void test_config_l1nv(void **state)
{
	static const struct {
		uint32_t feats;
		unsigned nv, e2h0, hcr_rw; /* MMFR2.NV, MMFR4.E2H0, writable NV bits (>> 42) */
		bool vncr;		   /* VNCR_EL2 exists */
	} cases[] = {
	    {NVARM_VMF_VHE | NVARM_VMF_E2H0, 0, 0x0, 0x0, false},
	    {NVARM_VMF_VHE, 0, 0xf, 0x0, false},
	    {NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_L1NV, 1, 0x0, 0x7, false},
	    {NVARM_VMF_E2H0 | NVARM_VMF_L1NV, 1, 0x0, 0x7, false},
	    {NVARM_VMF_VHE | NVARM_VMF_L1NV, 1, 0xe, 0x5, false},
	    {NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_L1NV2, 2, 0x0, 0xf, true},
	    {NVARM_VMF_E2H0 | NVARM_VMF_L1NV2, 2, 0x0, 0xf, true},
	    {NVARM_VMF_VHE | NVARM_VMF_L1NV2, 2, 0xe, 0xd, true},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcpu_fix f;
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(cases[i].feats, NVARM_HOST_NV2);
		uint64_t x = 0;
		int rc;

		h.mmfr4 |= 0x2ull << 20; /* a host with NV_frac 2 (FEAT_NV2p1): not passed on */
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal((f.cfg.id.mmfr2 >> 24) & 0xf, cases[i].nv);
		assert_int_equal((f.cfg.id.mmfr4 >> 24) & 0xf, cases[i].e2h0);
		assert_int_equal((f.cfg.id.mmfr4 >> 20) & 0xf, 0);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_L1NV), cases[i].nv >= 1);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		memset(f.page, 0, 4096);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		/* HCR_EL2: the NV controls stick exactly when the feature is offered */
		wr(&f, NVARM_SR_HCR_EL2, 0xfull << 42);
		assert_int_equal((rd(&f, NVARM_SR_HCR_EL2) >> 42) & 0xf, cases[i].hcr_rw);
		/* ... also when L1 stored them in the VNCR page without trapping (NV2) */
		f.page[0x78 / 8] = ~0ull;
		nvarm_vel2_sanitise(&f.v);
		assert_int_equal((f.page[0x78 / 8] >> 42) & 0xf, cases[i].hcr_rw);
		/* the ID register L1 reads through the trap (HCR_EL2.TID3) */
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 7, 2, 1, 1), &x), NVARM_EMUL_OK);
		assert_int_equal((x >> 24) & 0xf, cases[i].nv);
		/* VNCR_EL2: a register of FEAT_NV2 only; BADDR [56:12], [11:0] RES0 */
		x = 0x0000ffffc0de1fffull;
		rc = emul(&f, sys_esr(3, 4, 2, 2, 0, 1, 0), &x);
		if (cases[i].vncr) {
			assert_int_equal(rc, NVARM_EMUL_OK);
			assert_int_equal(rd(&f, NVARM_SR_VNCR_EL2), 0x0000ffffc0de1000ull);
		} else {
			assert_int_equal(rc, NVARM_EMUL_UNDEF);
		}
		fix_fini(&f);
	}
}

/* NV2: L1 stores straight into the page; sanitise restores the masks. */
static void test_sanitise_nv2_page(void **state)
{
	struct vcpu_fix f;

	(void)state;
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2);
	assert_int_equal(nvarm_vel2_sanitise(&f.v), 0); /* clean after init */
	f.page[0x78 / 8] = ~0ull;			/* HCR_EL2 with every bit set */
	f.page[0x40 / 8] = 0;				/* VTCR_EL2 without its RES1 bit */
	f.page[0x250 / 8] = 0xffff000000000fffull;	/* VBAR_EL1 low bits */
	f.page[0x118 / 8] = 0x1234;			/* ACTLR_EL1: no mask, unchanged */
	assert_int_equal(nvarm_vel2_sanitise(&f.v), 3);
	assert_int_equal(f.page[0x78 / 8],
			 ((1ull << 40) - 1) & ~(1ull << 39) & ~(3ull << 36) & ~(1ull << 35));
	assert_int_equal(f.page[0x40 / 8], 1ull << 31);
	assert_int_equal(f.page[0x250 / 8], 0xffff000000000800ull);
	assert_int_equal(f.page[0x118 / 8], 0x1234);
	assert_int_equal(nvarm_vel2_sanitise(NULL), NVARM_ERR_INVAL);
	fix_fini(&f);
}

/* The ID space outside the database reads as zero (TID3 traps it all); nothing else does. */
static void test_emulate_id_space_raz(void **state)
{
	struct vcpu_fix f;
	uint64_t x;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	/* mrs x3, id_aa64isar3_el1 / id_aa64smfr0_el1 / id_pfr0_el1 (AArch32) */
	x = 0x5555;
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 6, 3, 3, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0);
	x = 0x5555;
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 4, 5, 3, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0);
	x = 0x5555;
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 1, 0, 3, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0);
	/* mrs xzr: the gpr is not touched */
	x = 0x77;
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 6, 3, 31, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0x77);
	/* a write there, and reads just outside (CRm=0 op2=1, CRm=8, op1=1), are UNDEFINED */
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 6, 3, 3, 0), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 0, 1, 3, 1), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 8, 0, 3, 1), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 1, 0, 6, 2, 3, 1), &x), NVARM_EMUL_UNDEF);
	/* registers in the database keep their sanitised value (MMFR2.NV hidden) */
	x = 0;
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 7, 2, 3, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, f.cfg.id.mmfr2);
	assert_int_equal((x >> 24) & 0xf, 0);
	fix_fini(&f);
}

/* FEAT_RAS's error records (NVARM_SRF_ZERO): the VM has none (ERRIDR_EL1.NUM = 0) and the RES0
 * choice for ERRSELR_EL1 and the ERX registers (DDI 0487 D24.2 ERRSELR_EL1): L1's accesses
 * (nvarm_sysreg_emulate) and an L0's for L2 (nvarm_sysreg_zero_access) read 0 and ignore writes,
 * MSR to the read-only ones UNDEFINED; the FEAT_RASv1p1 ones (ERXPFG, ERXMISC2/3) exist with
 * RAS 2 only, none without RAS. */
static void test_ras_records_zero(void **state)
{
	static const struct {
		unsigned crm, op2;
		int ro, v1p1;
	} regs[] = {
	    {3, 0, 1, 0}, /* ERRIDR_EL1 */ {3, 1, 0, 0},    /* ERRSELR_EL1 */
	    {4, 0, 1, 0}, /* ERXFR_EL1 */ {4, 1, 0, 0},	    /* ERXCTLR_EL1 */
	    {4, 2, 0, 0}, /* ERXSTATUS_EL1 */ {4, 3, 0, 0}, /* ERXADDR_EL1 */
	    {4, 4, 1, 1}, /* ERXPFGF_EL1 */ {4, 5, 0, 1},   /* ERXPFGCTL_EL1 */
	    {4, 6, 0, 1}, /* ERXPFGCDN_EL1 */ {5, 0, 0, 0}, /* ERXMISC0_EL1 */
	    {5, 1, 0, 0}, /* ERXMISC1_EL1 */ {5, 2, 0, 1},  /* ERXMISC2_EL1 */
	    {5, 3, 0, 1},				    /* ERXMISC3_EL1 */
	};
	static const struct {
		unsigned host_ras;
		uint32_t feats;
	} vms[] = {
	    {2, TEST_ALL_FEATS},		  /* RASv1p1 */
	    {1, TEST_ALL_FEATS},		  /* RAS v1 */
	    {2, TEST_ALL_FEATS & ~NVARM_VMF_RAS}, /* no RAS */
	};
	struct vcpu_fix f;
	struct nvarm_trap t;
	uint64_t x;

	(void)state;
	for (unsigned k = 0; k < sizeof(vms) / sizeof(vms[0]); k++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(vms[k].feats, NVARM_HOST_NV2);

		h.pfr0 = (h.pfr0 & ~(UINT64_C(0xf) << 28)) | (uint64_t)vms[k].host_ras << 28;
		fix_init_with(&f, &h, &r);
		for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
			int exists = (vms[k].feats & NVARM_VMF_RAS) && (!regs[i].v1p1 || k == 0);

			for (int rd_ = 0; rd_ < 2; rd_++) {
				int want = !exists		  ? NVARM_EMUL_UNDEF
					   : (!rd_ && regs[i].ro) ? NVARM_EMUL_UNDEF
								  : NVARM_EMUL_OK;

				assert_int_equal(
				    nvarm_trap_decode(
					sys_esr(3, 0, 5, regs[i].crm, regs[i].op2, 2, rd_), &t),
				    0);
				x = 0x5555;
				assert_int_equal(nvarm_sysreg_zero_access(&f.v, &t, &x), want);
				if (want == NVARM_EMUL_OK && rd_)
					assert_int_equal(x, 0);
				x = 0x5555;
				assert_int_equal(nvarm_sysreg_emulate(&f.v, &t, &x), want);
				if (want == NVARM_EMUL_OK && rd_)
					assert_int_equal(x, 0);
			}
		}
		/* any other register: not one of these */
		assert_int_equal(nvarm_trap_decode(sys_esr(3, 4, 1, 1, 0, 2, 1), &t), 0);
		assert_int_equal(nvarm_sysreg_zero_access(&f.v, &t, &x), NVARM_ERR_NOENT);
		fix_fini(&f);
	}
}

/* ACTLR_EL2 and ACTLR_EL1: IMPLEMENTATION DEFINED controls, none for the VM (NVARM_SRF_ZERO):
 * L1's MSR is ignored and its MRS reads 0 in either layout, and an L0 answers L2's ACTLR_EL1
 * (HCR_EL2.TACR its own) the same way; nothing reaches the file or the VNCR page. */
static void test_actlr_zero(void **state)
{
	struct vcpu_fix f;
	struct nvarm_trap t;
	uint64_t x, before[512];

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	for (unsigned e2h = 0; e2h < 2; e2h++) {
		wr(&f, NVARM_SR_HCR_EL2, HCR_RW | (e2h ? HCR_E2H : 0));
		memcpy(before, f.page, sizeof(before));
		for (unsigned el2 = 0; el2 < 2; el2++) {
			x = 0x42;
			assert_int_equal(emul(&f, sys_esr(3, el2 ? 4 : 0, 1, 0, 1, 3, 0), &x),
					 NVARM_EMUL_OK);
			x = 0x5555;
			assert_int_equal(emul(&f, sys_esr(3, el2 ? 4 : 0, 1, 0, 1, 3, 1), &x),
					 NVARM_EMUL_OK);
			assert_int_equal(x, 0);
		}
		assert_memory_equal(before, f.page, sizeof(before));
		assert_int_equal(nvarm_trap_decode(sys_esr(3, 0, 1, 0, 1, 3, 1), &t), 0);
		x = 0x5555;
		assert_int_equal(nvarm_sysreg_zero_access(&f.v, &t, &x), NVARM_EMUL_OK);
		assert_int_equal(x, 0);
	}
	fix_fini(&f);
}

static void test_emulate_basic(void **state)
{
	struct vcpu_fix f;
	struct nvarm_trap t;
	uint64_t x;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	/* msr hcr_el2, x3 ; mrs x4, hcr_el2 (TGE and VM: no shadow change, no reload) */
	x = HCR_TGE | 1; /* TGE | VM */
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 0, 3, 0), &x), NVARM_EMUL_OK);
	x = 0;
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 0, 4, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, HCR_TGE | HCR_RW | 1);
	/* mrs xzr, hcr_el2: gpr untouched */
	x = 0x77;
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 0, 31, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0x77);
	/* msr vttbr_el2, xzr: writes zero whatever the gpr value */
	wr(&f, NVARM_SR_VTTBR_EL2, 0x1000);
	x = 0x5555000;
	assert_int_equal(emul(&f, sys_esr(3, 4, 2, 1, 0, 31, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(f.page[0x20 / 8], 0);
	/* msr sctlr_el2 is mirrored in the EL1 shadow: reload; hpfar_el2 is not */
	x = 1;
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 0, 0, 0, 0), &x), NVARM_EMUL_RELOAD);
	x = 0x10;
	assert_int_equal(emul(&f, sys_esr(3, 4, 6, 0, 4, 0, 0), &x), NVARM_EMUL_OK);
	/* instructions and computed registers go elsewhere */
	assert_int_equal(emul(&f, sys_esr(1, 4, 8, 7, 0, 31, 0), &x), NVARM_EMUL_FORWARD);
	assert_int_equal(emul(&f, sys_esr(3, 4, 12, 11, 1, 0, 1), &x), NVARM_EMUL_FORWARD);
	assert_int_equal(emul(&f, sys_esr(3, 4, 14, 2, 0, 0, 1), &x), NVARM_EMUL_FORWARD);
	/* writes to read-only registers, unknown encodings: UNDEF */
	assert_int_equal(emul(&f, sys_esr(3, 4, 12, 11, 1, 0, 0), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 7, 0, 0, 0), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 4, 15, 15, 7, 0, 1), &x), NVARM_EMUL_UNDEF);
	/* ID register read: sanitised */
	assert_int_equal(emul(&f, sys_esr(3, 0, 0, 7, 2, 0, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, f.cfg.id.mmfr2);
	assert_int_equal(FLD(x, 24), 0);
	/* GIC: LR3 exists with 4 LRs, LR4 does not */
	x = 0x40000000000000aaull;
	assert_int_equal(emul(&f, sys_esr(3, 4, 12, 12, 3, 0, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(f.page[0x418 / 8], 0x40000000000000aaull);
	assert_int_equal(emul(&f, sys_esr(3, 4, 12, 12, 4, 0, 0), &x), NVARM_EMUL_UNDEF);
	/* bad arguments */
	assert_int_equal(nvarm_trap_decode(0x6a000000, &t), 0); /* an ERET trap */
	assert_int_equal(nvarm_sysreg_emulate(&f.v, &t, &x), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_sysreg_emulate(NULL, &t, &x), NVARM_ERR_INVAL);
	fix_fini(&f);
}

static void test_emulate_features(void **state)
{
	struct vcpu_fix f;
	uint64_t x = 1;

	(void)state;
	fix_init(&f, NVARM_VMF_E2H0, NVARM_HOST_NV); /* nothing optional */
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 2, 0, 0), &x), NVARM_EMUL_UNDEF); /* HCRX */
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 4, 0, 1), &x), NVARM_EMUL_UNDEF); /* HFGRTR */
	assert_int_equal(emul(&f, sys_esr(3, 4, 14, 0, 6, 0, 1), &x),
			 NVARM_EMUL_UNDEF); /* CNTPOFF */
	assert_int_equal(emul(&f, sys_esr(3, 4, 2, 0, 1, 0, 1), &x),
			 NVARM_EMUL_UNDEF); /* TTBR1_EL2 */
	assert_int_equal(emul(&f, sys_esr(3, 4, 12, 12, 0, 0, 1), &x),
			 NVARM_EMUL_UNDEF); /* no GIC */
	assert_int_equal(emul(&f, sys_esr(3, 4, 2, 2, 0, 0, 1), &x),
			 NVARM_EMUL_UNDEF); /* VNCR_EL2 */
	fix_fini(&f);
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 2, 0, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 1, 4, 0, 1), &x), NVARM_EMUL_OK);
	fix_fini(&f);
}

/*
 * The GICv3 SGI generation registers (IHI 0069 12.2: ICC_SGI1R_EL1 S3_0_C12_C11_5,
 * ICC_ASGI1R_EL1 S3_0_C12_C11_6, ICC_SGI0R_EL1 S3_0_C12_C11_7, write-only) that L1 executes
 * with its HCR_EL2.IMO/FMO trapping them: a write goes to the GIC owner (FORWARD) with the
 * register named, in both E2H layouts, and leaves the vEL2 file alone; a read is UNDEFINED, as
 * is every access for a VM without GICv3.
 */
static void test_emulate_sgi_registers(void **state)
{
	static const unsigned op2s[] = {5, 6, 7};
	static const char *const names[] = {"ICC_SGI1R_EL1", "ICC_ASGI1R_EL1", "ICC_SGI0R_EL1"};
	/* SGI 3 to affinity 0.0.0, target list {0}: INTID [27:24], TargetList [15:0] */
	const uint64_t sgi = (3ull << 24) | 1;
	struct vcpu_fix f;
	struct nvarm_trap t;
	uint64_t x;

	(void)state;
	for (int vhe = 0; vhe < 2; vhe++) {
		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
		wr(&f, NVARM_SR_HCR_EL2, (vhe ? HCR_E2H : 0) | (1ull << 4) | (1ull << 3));
		for (size_t i = 0; i < sizeof(op2s) / sizeof(op2s[0]); i++) {
			uint64_t before = rd(&f, NVARM_SR_HCR_EL2);

			assert_int_equal(
			    nvarm_trap_decode(sys_esr(3, 0, 12, 11, op2s[i], 2, 0), &t), 0);
			assert_int_not_equal(t.reg, NVARM_SR_NONE);
			assert_string_equal(nvarm_sysreg_desc(t.reg)->name, names[i]);
			assert_int_equal(t.cls, NVARM_TC_GIC);
			x = sgi;
			assert_int_equal(nvarm_sysreg_emulate(&f.v, &t, &x), NVARM_EMUL_FORWARD);
			assert_int_equal(x, sgi);
			assert_int_equal(rd(&f, NVARM_SR_HCR_EL2), before);
			/* no storage: the write is the GIC owner's */
			assert_int_equal(nvarm_vel2_read(&f.v, t.reg, &x), NVARM_ERR_NOENT);
			/* MRS of a write-only register */
			assert_int_equal(
			    nvarm_trap_decode(sys_esr(3, 0, 12, 11, op2s[i], 2, 1), &t), 0);
			assert_int_equal(t.cls, NVARM_TC_UNDEF);
			x = 0x55;
			assert_int_equal(nvarm_sysreg_emulate(&f.v, &t, &x), NVARM_EMUL_UNDEF);
			assert_int_equal(x, 0x55);
		}
		fix_fini(&f);
	}
	/* no GICv3 system registers for this VM */
	fix_init(&f, NVARM_VMF_E2H0, NVARM_HOST_NV);
	x = sgi;
	assert_int_equal(emul(&f, sys_esr(3, 0, 12, 11, 5, 2, 0), &x), NVARM_EMUL_UNDEF);
	fix_fini(&f);
}

/* E2H redirection and the EL12/EL02 accessors (FEAT_VHE). */
static void test_emulate_vhe_aliases(void **state)
{
	struct vcpu_fix f;
	uint64_t x;

	(void)state;
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV);
	wr(&f, NVARM_SR_SCTLR_EL2, 0x30c50831);
	wr(&f, NVARM_SR_SCTLR_EL1, 0x00c50838);
	/* E2H=0: SCTLR_EL12 UNDEFINED; SCTLR_EL1 names the vEL1 register */
	x = 0;
	assert_int_equal(emul(&f, sys_esr(3, 5, 1, 0, 0, 0, 1), &x), NVARM_EMUL_UNDEF);
	assert_int_equal(emul(&f, sys_esr(3, 0, 1, 0, 0, 0, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0x00c50838);
	assert_int_equal(emul(&f, sys_esr(3, 5, 14, 3, 1, 0, 1), &x), NVARM_EMUL_UNDEF);

	/* E2H=1 */
	wr(&f, NVARM_SR_HCR_EL2, HCR_E2H);
	wr(&f, NVARM_SR_SCTLR_EL2, 0x30c50831);
	assert_int_equal(emul(&f, sys_esr(3, 0, 1, 0, 0, 0, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0x30c50831); /* SCTLR_EL1 -> SCTLR_EL2 */
	assert_int_equal(emul(&f, sys_esr(3, 5, 1, 0, 0, 0, 1), &x), NVARM_EMUL_OK);
	assert_int_equal(x, 0x00c50838); /* SCTLR_EL12 -> SCTLR_EL1 */
	x = 0x1005;
	assert_int_equal(emul(&f, sys_esr(3, 5, 1, 0, 0, 7, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(f.page[0x110 / 8], 0x1005);
	/* timers: CNTV_CTL_EL0 -> CNTHV_CTL_EL2; CNTV_CTL_EL02 -> the EL0 register's VNCR slot */
	x = 1;
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 3, 1, 2, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(rd(&f, NVARM_SR_CNTHV_CTL_EL2), 1);
	assert_int_equal(f.page[0x170 / 8], 0);
	x = 3;
	assert_int_equal(emul(&f, sys_esr(3, 5, 14, 3, 1, 2, 0), &x), NVARM_EMUL_OK);
	assert_int_equal(f.page[0x170 / 8], 3);
	assert_int_equal(rd(&f, NVARM_SR_CNTHV_CTL_EL2), 1);
	/* TVAL through the redirect is computed elsewhere */
	assert_int_equal(emul(&f, sys_esr(3, 3, 14, 3, 0, 2, 1), &x), NVARM_EMUL_FORWARD);
	assert_int_equal(emul(&f, sys_esr(3, 5, 14, 3, 0, 2, 1), &x), NVARM_EMUL_FORWARD);
	/* ELR_EL1 -> ELR_EL2 (written to the file; an RELOAD since it is shadowed) */
	x = 0xffff800012345678ull;
	assert_int_equal(emul(&f, sys_esr(3, 0, 4, 0, 1, 9, 0), &x), NVARM_EMUL_RELOAD);
	assert_int_equal(rd(&f, NVARM_SR_ELR_EL2), 0xffff800012345678ull);
	assert_int_equal(f.page[0x230 / 8], 0);
	/* ACTLR_EL1 has no EL2 redirect: stays EL1, whose IMPLEMENTATION DEFINED controls are
	 * RES0 for the VM (NVARM_SRF_ZERO): the write is ignored, its VNCR slot untouched */
	{
		uint64_t slot = f.page[0x118 / 8];

		x = 0x42;
		assert_int_equal(emul(&f, sys_esr(3, 0, 1, 0, 1, 9, 0), &x), NVARM_EMUL_OK);
		assert_int_equal(f.page[0x118 / 8], slot);
		assert_int_equal(emul(&f, sys_esr(3, 0, 1, 0, 1, 9, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, 0);
	}
	fix_fini(&f);
}

/* msr <reg>, x<rt> from vEL2 through decode + emulate. */
static int msr(struct vcpu_fix *f, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
	       unsigned op2, uint64_t val)
{
	return emul(f, sys_esr(op0, op1, crn, crm, op2, 5, 0), &val);
}

#define MSR_HCR(f, v)	    msr(f, 3, 4, 1, 1, 0, v)
#define MSR_SCTLR_EL2(f, v) msr(f, 3, 4, 1, 0, 0, v)
#define MSR_VBAR_EL2(f, v)  msr(f, 3, 4, 12, 0, 0, v)
#define MSR_ELR_EL2(f, v)   msr(f, 3, 4, 4, 0, 1, v)
#define MSR_CPTR_EL2(f, v)  msr(f, 3, 4, 1, 1, 2, v)
#define HCR_VM		    (1ull << 0)
#define HCR_FMO		    (1ull << 3)
#define HCR_IMO		    (1ull << 4)

/*
 * NVARM_EMUL_RELOAD only when the hardware EL1 shadow would change: a mirrored register whose
 * stored value changes (not one written with the value it holds), HCR_EL2.E2H (the layout),
 * and not HCR_EL2.TGE/VM/IMO/FMO, which no shadow row or nesting bit reads.
 */
static void test_emulate_reload_only_on_change(void **state)
{
	struct vcpu_fix f;

	(void)state;
	for (unsigned mode = NVARM_HOST_NV; mode <= NVARM_HOST_NV2; mode++) {
		fix_init(&f, TEST_ALL_FEATS, mode);
		/* mirrored registers: changed -> RELOAD, the same value again -> OK */
		assert_int_equal(MSR_SCTLR_EL2(&f, 0x30c50831), NVARM_EMUL_RELOAD);
		assert_int_equal(MSR_SCTLR_EL2(&f, 0x30c50831), NVARM_EMUL_OK);
		assert_int_equal(MSR_SCTLR_EL2(&f, 0x30c50830), NVARM_EMUL_RELOAD); /* M off */
		assert_int_equal(MSR_VBAR_EL2(&f, 0x40201000), NVARM_EMUL_RELOAD);
		assert_int_equal(MSR_VBAR_EL2(&f, 0x40201000), NVARM_EMUL_OK);
		assert_int_equal(MSR_ELR_EL2(&f, 0x80000000), NVARM_EMUL_RELOAD);
		assert_int_equal(MSR_ELR_EL2(&f, 0x80000000), NVARM_EMUL_OK);
		/* msr far_el2, xzr on a zero FAR_EL2: nothing changes */
		assert_int_equal(rd(&f, NVARM_SR_FAR_EL2), 0);
		assert_int_equal(emul(&f, sys_esr(3, 4, 6, 0, 0, 31, 0), &(uint64_t){7}),
				 NVARM_EMUL_OK);
		/* CPTR_EL2 (E2H=0): TFP -> CPACR_EL1.FPEN is mirrored, TCPAC [31] is not */
		assert_int_equal(MSR_CPTR_EL2(&f, rd(&f, NVARM_SR_CPTR_EL2) | (1ull << 10)),
				 NVARM_EMUL_RELOAD);
		assert_int_equal(MSR_CPTR_EL2(&f, rd(&f, NVARM_SR_CPTR_EL2) | (1ull << 31)),
				 NVARM_EMUL_OK);
		assert_true(rd(&f, NVARM_SR_CPTR_EL2) & (1ull << 31));

		/* HCR_EL2: TGE, VM, IMO, FMO on and off -> OK, the value stored */
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_TGE), NVARM_EMUL_OK);
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_VM | HCR_IMO | HCR_FMO), NVARM_EMUL_OK);
		assert_int_equal(rd(&f, NVARM_SR_HCR_EL2), HCR_RW | HCR_VM | HCR_IMO | HCR_FMO);
		assert_int_equal(MSR_HCR(&f, HCR_RW), NVARM_EMUL_OK);
		/* E2H 0 -> 1: RELOAD (new layout, NV1 off); TGE and VM under E2H=1: OK */
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_E2H), NVARM_EMUL_RELOAD);
		assert_true(nvarm_vel2_is_vhe(&f.v));
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_E2H | HCR_TGE), NVARM_EMUL_OK);
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_E2H | HCR_VM | HCR_IMO), NVARM_EMUL_OK);
		/* under E2H=1 an EL1 name writing the same value to its EL2 register: OK */
		assert_int_equal(msr(&f, 3, 0, 1, 0, 0, rd(&f, NVARM_SR_SCTLR_EL2)), NVARM_EMUL_OK);
		assert_int_equal(msr(&f, 3, 0, 12, 0, 0, 0x40202000), NVARM_EMUL_RELOAD);
		/* E2H 1 -> 0 together with TGE: RELOAD */
		assert_int_equal(MSR_HCR(&f, HCR_RW | HCR_VM), NVARM_EMUL_RELOAD);
		assert_false(nvarm_vel2_is_vhe(&f.v));
		fix_fini(&f);
	}
}

/*
 * The property behind it, over random MSRs to every EL2 and EL1 register with storage (fixed
 * seed; NVARM_SEED overrides): whenever emulation says NVARM_EMUL_OK, a fresh
 * nvarm_shadow_vel2_load() and the nesting bits equal the ones from before the write, so an L0
 * that skips the reload never runs L1 on a stale shadow.
 */
static void test_emulate_ok_keeps_shadow(void **state)
{
	unsigned seed = 0x0e1a0ad5u;
	const char *env = getenv("NVARM_SEED");
	struct vcpu_fix f;
	unsigned ids[NVARM_SR__COUNT], n = 0, oks = 0, reloads = 0;

	(void)state;
	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	srand(seed);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);

		if ((d->flags & (NVARM_SRF_EL2 | NVARM_SRF_EL1 | NVARM_SRF_ALIAS)) &&
		    !(d->flags & (NVARM_SRF_RO | NVARM_SRF_GIC)) && NVARM_SYSREG_OP0(d->enc) == 3)
			ids[n++] = id;
	}
	assert_true(n > 40);
	for (unsigned mode = NVARM_HOST_NV; mode <= NVARM_HOST_NV2; mode++) {
		fix_init(&f, TEST_ALL_FEATS, mode);
		for (unsigned round = 0; round < 20000; round++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(ids[rand() % n]);
			struct nvarm_el1_regs a, b;
			uint64_t hcr_a, cptr_a, x;
			int r;

			/* a random value, often the current one, or one with a bit flipped */
			x = ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 11) ^ (uint64_t)rand();
			if (rand() % 3 != 0 &&
			    nvarm_vel2_read(&f.v, nvarm_sysreg_lookup(d->enc), &x) == 0 &&
			    rand() % 2)
				x ^= 1ull << (rand() % 64);
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &a), 0);
			hcr_a = nvarm_shadow_hcr_bits(&f.v);
			cptr_a = nvarm_shadow_cptr_bits(&f.v);
			r = emul(&f,
				 sys_esr(3, NVARM_SYSREG_OP1(d->enc), NVARM_SYSREG_CRN(d->enc),
					 NVARM_SYSREG_CRM(d->enc), NVARM_SYSREG_OP2(d->enc), 1, 0),
				 &x);
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &b), 0);
			if (r == NVARM_EMUL_RELOAD)
				reloads++;
			if (r != NVARM_EMUL_OK)
				continue;
			oks++;
			if (memcmp(&a, &b, sizeof(a)) || hcr_a != nvarm_shadow_hcr_bits(&f.v) ||
			    cptr_a != nvarm_shadow_cptr_bits(&f.v))
				fail_msg("seed %#x mode %u round %u: msr %s, %#llx said OK but the "
					 "shadow changed",
					 seed, mode, round, d->name, (unsigned long long)x);
		}
		fix_fini(&f);
	}
	/* both outcomes seen many times (the property is not vacuous) */
	if (oks < 1000 || reloads < 1000)
		fail_msg("seed %#x: %u OK, %u RELOAD", seed, oks, reloads);
}

/* The VM lacks register @id: a feature it is not given. (List registers past gic_lrs are the
 * vGIC's to ignore: test_vgic.) */
static bool vm_lacks(const struct vcpu_fix *f, unsigned id)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);

	return (d->feat & f->cfg.features) != d->feat;
}

/*
 * NV2 (issue #21): L1's MRS/MSR of a register the VM lacks but the PE has are VNCR page
 * accesses no trap makes UNDEFINED. What L1 stored there is zeroed by the sanitise, so it
 * reaches nothing the library reads (file reads, forwarding, shadow, timers); the slots of
 * registers the VM has are kept. Named by hand: HCRX (no HCRX), CNTPOFF (no ECV), VSESR and
 * VDISR (no RAS), VNCR_EL2 (no L1NV2), HFGRTR (no FGT), ZCR_EL1 (no SVE).
 */
/*
 * nvarm_sysreg_emulate's plain-register path (the common trap, kept lean) against its general
 * path: two identical files, every database register read and written (Rt a register and
 * XZR) under E2H 0 and 1 and with features hidden; the second access is the same trap with
 * another non-UNDEF class, which only the general path takes (it reads the class for UNDEF
 * alone). The result, the GPR and the whole file must agree.
 */
/* Two identical vCPUs (features @p feat, FEAT_NV2 host, HCR_EL2.E2H = @p e2h): one per path
 * of a comparison. */
static void twin_init(struct vcpu_fix *a, struct vcpu_fix *b, uint32_t feat, unsigned e2h)
{
	fix_init(a, feat, NVARM_HOST_NV2);
	fix_init(b, feat, NVARM_HOST_NV2);
	wr(a, NVARM_SR_HCR_EL2, HCR_RW | (e2h ? HCR_E2H : 0));
	wr(b, NVARM_SR_HCR_EL2, HCR_RW | (e2h ? HCR_E2H : 0));
}

static void test_emulate_plain_path_matches_general(void **state)
{
	static const uint32_t feats[] = {TEST_ALL_FEATS,
					 NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3};
	unsigned plain = 0;
	uint64_t rnd = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (unsigned c = 0; c < NVARM_ARRAY_SIZE(feats); c++) {
		for (unsigned e2h = 0; e2h < 2; e2h++) {
			struct vcpu_fix a, b;

			twin_init(&a, &b, feats[c], e2h);
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				uint32_t enc = nvarm__sysreg_tab[id].enc;

				if (id == NVARM_SR_HCR_EL2)
					continue; /* (E2H stays as chosen) */
				for (unsigned k = 0; k < 4; k++) {
					struct nvarm_trap ta, tb;
					uint64_t xa, xb;
					int ra, rb;

					rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
					xa = xb = rnd;
					assert_int_equal(
					    nvarm_trap_decode(
						sys_esr(
						    NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
						    NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
						    NVARM_SYSREG_OP2(enc), k & 2 ? 31 : 5, k & 1),
						&ta),
					    0);
					tb = ta;
					if (tb.cls != NVARM_TC_UNDEF)
						tb.cls = NVARM_TC_CMO;
					ra = nvarm_sysreg_emulate(&a.v, &ta, &xa);
					rb = nvarm_sysreg_emulate(&b.v, &tb, &xb);
					assert_int_equal(ra, rb);
					assert_int_equal(xa, xb);
					assert_memory_equal(a.page, b.page, 4096);
					assert_memory_equal(a.v.regs, b.v.regs, sizeof(a.v.regs));
					plain += ta.cls == NVARM_TC_SYSREG &&
						 (ra == NVARM_EMUL_OK || ra == NVARM_EMUL_RELOAD);
				}
			}
			fix_fini(&a);
			fix_fini(&b);
		}
	}
	/* the plain path was taken: (most of) the EL2 registers, in every run */
	assert_true(plain > 4 * 4 * 40);
}

/*
 * nvarm_sysreg_plain_decode() and nvarm_sysreg_plain_emulate() against nvarm_trap_decode() and
 * nvarm_sysreg_emulate(): over every database register, read and written, under E2H 0 and 1
 * and with features hidden, a plain access is exactly one of class NVARM_TC_SYSREG that
 * emulates with OK or RELOAD, with the same result, GPR and file; the lean decode takes the
 * plain EL2 registers and leaves every other kind to the general path.
 */
static void test_plain_access_matches_emulate(void **state)
{
	static const uint32_t feats[] = {TEST_ALL_FEATS,
					 NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3};
	unsigned plain = 0, general = 0;
	uint64_t rnd = 0x2545f4914f6cdd1dull;
	struct nvarm_sysreg_plain p;

	(void)state;
	for (unsigned c = 0; c < NVARM_ARRAY_SIZE(feats); c++) {
		for (unsigned e2h = 0; e2h < 2; e2h++) {
			struct vcpu_fix a, b;

			twin_init(&a, &b, feats[c], e2h);
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				uint32_t enc = nvarm__sysreg_tab[id].enc;

				for (unsigned k = 0; k < 4; k++) {
					uint64_t esr =
					    sys_esr(NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
						    NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc),
						    NVARM_SYSREG_OP2(enc), k & 2 ? 31 : 7, k & 1);
					struct nvarm_trap t;
					uint64_t xa, xb;
					int rb;

					/* (HCR_EL2 read only: its E2H stays as chosen) */
					if (id == NVARM_SR_HCR_EL2 && !(k & 1))
						continue;
					rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
					xa = xb = rnd;
					assert_int_equal(nvarm_trap_decode(esr, &t), 0);
					rb = nvarm_sysreg_emulate(&b.v, &t, &xb);
					if (nvarm_sysreg_plain_decode(&a.v, esr, &p) != 0) {
						/* not plain: the general path (a.v unchanged) */
						assert_int_equal(
						    nvarm_sysreg_plain_decode(&a.v, esr, &p),
						    NVARM_EMUL_NOT_MINE);
						assert_int_equal(
						    nvarm_sysreg_emulate(&a.v, &t, &xa), rb);
						general++;
					} else {
						assert_int_equal(t.cls, NVARM_TC_SYSREG);
						assert_int_equal(p.reg, t.reg);
						assert_int_equal(p.rt, t.rt);
						assert_int_equal(p.is_read, t.is_read);
						assert_int_equal(
						    nvarm_sysreg_plain_emulate(&a.v, &p, &xa), rb);
						assert_true(rb == NVARM_EMUL_OK ||
							    rb == NVARM_EMUL_RELOAD);
						plain++;
					}
					assert_int_equal(xa, xb);
					assert_memory_equal(a.page, b.page, 4096);
					assert_memory_equal(a.v.regs, b.v.regs, sizeof(a.v.regs));
				}
			}
			fix_fini(&a);
			fix_fini(&b);
		}
	}
	/* both paths taken in every run: the plain EL2 registers, everything else */
	assert_true(plain > 4 * 4 * 25);
	assert_true(general > 4 * 4 * 100);
	/* other classes, a malformed syndrome, NULL */
	struct vcpu_fix f;
	uint64_t x = 0;

	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	assert_int_equal(nvarm_sysreg_plain_decode(&f.v, 0x5a000000 /* HVC */, &p),
			 NVARM_EMUL_NOT_MINE);
	assert_int_equal(
	    nvarm_sysreg_plain_decode(&f.v, sys_esr(3, 4, 1, 0, 0, 0, 1) | (1ull << 22), &p),
	    NVARM_EMUL_NOT_MINE); /* ISS[22]: RES0 */
	assert_int_equal(nvarm_sysreg_plain_decode(&f.v, sys_esr(3, 4, 1, 0, 0, 0, 1), &p), 0);
	assert_int_equal(p.reg, NVARM_SR_SCTLR_EL2);
	assert_int_equal(nvarm_sysreg_plain_decode(NULL, sys_esr(3, 4, 1, 0, 0, 0, 1), &p),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_sysreg_plain_decode(&f.v, sys_esr(3, 4, 1, 0, 0, 0, 1), NULL),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_sysreg_plain_emulate(NULL, &p, &x), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_sysreg_plain_emulate(&f.v, NULL, &x), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_sysreg_plain_emulate(&f.v, &p, NULL), NVARM_ERR_INVAL);
	fix_fini(&f);
}

static void test_sanitise_hidden(void **state)
{
	static const struct {
		unsigned id, off;
	} hid[] = {{NVARM_SR_HCRX_EL2, 0xa0},	{NVARM_SR_CNTPOFF_EL2, 0x1a8},
		   {NVARM_SR_VSESR_EL2, 0x508}, {NVARM_SR_VDISR_EL2, 0x500},
		   {NVARM_SR_VNCR_EL2, 0xb0},	{NVARM_SR_HFGRTR_EL2, 0x1b8},
		   {NVARM_SR_ZCR_EL1, 0x1e0}};
	static const unsigned kept[] = {0x90 /* TPIDR_EL2 */, 0x400 /* ICH_LR0 */,
					0x428 /* ICH_LR5: the vGIC's */, 0x60 /* CNTVOFF_EL2 */};
	const unsigned nhid = sizeof(hid) / sizeof(hid[0]);
	struct nvarm_fwd_vstate vs;
	struct vcpu_fix f;
	uint64_t x;

	(void)state;
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3, NVARM_HOST_NV2);
	/* incremental, the full pass, the bitmap path (more words than the quick check lists) */
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < nhid; i++) {
			assert_int_equal(nvarm_sysreg_desc(hid[i].id)->vncr, hid[i].off);
			assert_true(vm_lacks(&f, hid[i].id));
			f.page[hid[i].off / 8] = 0xdead0000beef0000ull | i;
		}
		for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
			f.page[kept[i] / 8] = 0x1234500 + i;
		f.v.san_valid = round != 1;
		if (round == 2)
			f.v.hidden_nwords = NVARM_VEL2_HIDDEN_WORDS + 1;
		/* each register counted once (ZCR_EL1 also has masks) */
		assert_int_equal(nvarm_vel2_sanitise(&f.v), (int)nhid);
		for (unsigned i = 0; i < nhid; i++) {
			assert_int_equal(f.page[hid[i].off / 8], 0);
			assert_int_equal(nvarm_vel2_read(&f.v, hid[i].id, &x), 0);
			assert_int_equal(x, 0);
		}
		for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
			assert_int_equal(f.page[kept[i] / 8], 0x1234500 + i);
	}
	/* the forwarding state sees no HCRX_EL2 / FGT value */
	f.page[0xa0 / 8] = ~0ull;
	f.page[0x1b8 / 8] = ~0ull;
	assert_int_equal(nvarm_vel2_sanitise(&f.v), 2);
	assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, 0, &vs), 0);
	assert_int_equal(vs.reg[NVARM_FWD_HCRX_EL2], 0);
	assert_int_equal(vs.reg[NVARM_FWD_HFGRTR_EL2], 0);
	/* under FEAT_NV the same MRS UNDEFs: the file never holds a value there */
	assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 2, 0, 1), &x), NVARM_EMUL_UNDEF);
	fix_fini(&f);
	/* a VM with the features: its values are kept (HCRX_EL2.EnAS0 is RES0 without
	 * FEAT_LS64_ACCDATA, which this host lacks: test_hcrx_masks) */
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	f.page[0xa0 / 8] = 0x1;
	f.page[0x508 / 8] = 0x1234;
	f.page[0x1a8 / 8] = 0x5678;
	assert_int_equal(nvarm_vel2_sanitise(&f.v), 1);
	assert_int_equal(f.page[0xa0 / 8], 0);
	assert_int_equal(f.page[0x508 / 8], 0x1234);
	assert_int_equal(f.page[0x1a8 / 8], 0x5678);
	fix_fini(&f);
}

/* RVBAR_EL2 (issue #21): L1's EL2 is its highest Exception level (the VM has no EL3), so the
 * register exists, read-only: an MRS reads the reset address 0 (as natively on QEMU virt), an
 * MSR is UNDEFINED, in both NV modes (it is not in the VNCR page). */
static void test_rvbar_el2(void **state)
{
	static const unsigned modes[2] = {NVARM_HOST_NV, NVARM_HOST_NV2};

	(void)state;
	assert_int_equal(nvarm_sysreg_desc(NVARM_SR_RVBAR_EL2)->vncr, NVARM_VNCR_NONE);
	for (unsigned k = 0; k < 2; k++) {
		struct vcpu_fix f;
		uint64_t x = 0x5555;

		fix_init(&f, TEST_ALL_FEATS, modes[k]);
		assert_int_equal(emul(&f, sys_esr(3, 4, 12, 0, 1, 2, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, 0);
		x = 0x40080000;
		assert_int_equal(emul(&f, sys_esr(3, 4, 12, 0, 1, 2, 0), &x), NVARM_EMUL_UNDEF);
		assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_RVBAR_EL2, x), NVARM_ERR_RANGE);
		assert_int_equal(rd(&f, NVARM_SR_RVBAR_EL2), 0);
		fix_fini(&f);
	}
}

/*
 * nvarm_vel2_sanitise() against the definition: a page of random values (fixed seed; NVARM_SEED
 * overrides) sanitised equals the same page with every VNCR register written back through
 * nvarm_vel2_write() (HCR_EL2 first), which applies every register's masks.
 */
static void test_sanitise_random_pages(void **state)
{
	unsigned seed = 0x5a417153u;
	const char *env = getenv("NVARM_SEED");
	struct vcpu_fix a, b;

	(void)state;
	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	srand(seed);
	fix_init(&a, TEST_ALL_FEATS, NVARM_HOST_NV2);
	fix_init(&b, TEST_ALL_FEATS, NVARM_HOST_NV2);
	for (int round = 0; round < 64; round++) {
		for (unsigned w = 0; w < 512; w++)
			a.page[w] = b.page[w] =
			    ((uint64_t)rand() << 34) ^ ((uint64_t)rand() << 13) ^ (uint64_t)rand();
		assert_true(nvarm_vel2_sanitise(&a.v) >= 0);
		for (unsigned pass = 0; pass < 2; pass++)
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
				uint64_t val;

				if (d->vncr == NVARM_VNCR_NONE || (d->flags & NVARM_SRF_ALIAS) ||
				    (pass == 0) != (id == NVARM_SR_HCR_EL2))
					continue;
				val = b.page[d->vncr / 8];
				assert_int_equal(nvarm_vel2_write(&b.v, id, val), 0);
				if (vm_lacks(&b, id)) /* a register the VM lacks: zeroed */
					b.page[d->vncr / 8] = 0;
			}
		for (unsigned w = 0; w < 512; w++)
			if (a.page[w] != b.page[w])
				fail_msg("seed %#x round %d: VNCR offset %#x: %#llx != %#llx", seed,
					 round, w * 8, (unsigned long long)a.page[w],
					 (unsigned long long)b.page[w]);
	}
	fix_fini(&a);
	fix_fini(&b);
}

/*
 * The incremental nvarm_vel2_sanitise() (only page values that differ from what the last one
 * left, every one after an effective E2H change) against the full pass over every register
 * with rules (the reference: a twin file with no index, masks_indexed = 0, which re-masks
 * everything by a scan of the rules). Both files get the same sparse changes between
 * sanitises, as L1 makes them under FEAT_NV2: page stores of random or unchanged values,
 * HCR_EL2.E2H flips through the page or nvarm_vel2_write(), writes through the file. Same
 * page, same count of changed registers, every round; for several feature sets.
 */
static void test_sanitise_incremental(void **state)
{
	static const uint32_t feats[] = {TEST_ALL_FEATS, NVARM_VMF_VHE, NVARM_VMF_E2H0,
					 NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3};
	unsigned seed = 0x1c0ffee5u, vncr_ids[NVARM_SR__COUNT], n = 0, flips = 0, nonzero = 0;
	const char *env = getenv("NVARM_SEED");
	const unsigned hcr_w = nvarm_sysreg_desc(NVARM_SR_HCR_EL2)->vncr / 8;

	(void)state;
	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	srand(seed);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);

		if (d->vncr != NVARM_VNCR_NONE && !(d->flags & NVARM_SRF_ALIAS))
			vncr_ids[n++] = id;
	}
	assert_true(n > 16);
	for (unsigned k = 0; k < sizeof(feats) / sizeof(feats[0]); k++) {
		struct vcpu_fix a, b;

		fix_init(&a, feats[k], NVARM_HOST_NV2);
		fix_init(&b, feats[k], NVARM_HOST_NV2);
		b.v.masks_indexed = 0;
		for (int round = 0; round < 4000; round++) {
			unsigned changes = (unsigned)rand() % 4;
			bool was_vhe = nvarm_vel2_is_vhe(&a.v);
			int ra, rb;

			for (unsigned c = 0; c < changes; c++) {
				unsigned id = vncr_ids[(unsigned)rand() % n];
				unsigned w = nvarm_sysreg_desc(id)->vncr / 8;
				uint64_t val = ((uint64_t)rand() << 34) ^ ((uint64_t)rand() << 13) ^
					       (uint64_t)rand();

				switch (rand() % 5) {
				case 0: /* a store of a random value */
					a.page[w] = b.page[w] = val;
					break;
				case 1: /* a store of the value already there */
					b.page[w] = a.page[w];
					break;
				case 2: /* L1 flips E2H in the page */
					a.page[hcr_w] ^= HCR_E2H;
					b.page[hcr_w] = a.page[hcr_w];
					break;
				case 3: /* a write through the file (emulated MSR, inject) */
					if (nvarm_sysreg_desc(id)->flags & NVARM_SRF_RO)
						break;
					assert_int_equal(nvarm_vel2_write(&a.v, id, val), 0);
					assert_int_equal(nvarm_vel2_write(&b.v, id, val), 0);
					break;
				default: /* E2H through the file */
					val = a.page[hcr_w] ^ HCR_E2H;
					assert_int_equal(
					    nvarm_vel2_write(&a.v, NVARM_SR_HCR_EL2, val), 0);
					assert_int_equal(
					    nvarm_vel2_write(&b.v, NVARM_SR_HCR_EL2, val), 0);
					break;
				}
			}
			ra = nvarm_vel2_sanitise(&a.v);
			rb = nvarm_vel2_sanitise(&b.v);
			if (ra != rb || memcmp(a.page, b.page, 4096))
				fail_msg(
				    "seed %#x features %#x round %d: %d changed, reference %d%s",
				    seed, feats[k], round, ra, rb,
				    memcmp(a.page, b.page, 4096) ? ", pages differ" : "");
			flips += was_vhe != nvarm_vel2_is_vhe(&a.v);
			nonzero += ra > 0;
		}
		fix_fini(&a);
		fix_fini(&b);
	}
	/* the interesting cases happened (the property is not vacuous) */
	if (flips < 100 || nonzero < 1000)
		fail_msg("seed %#x: %u E2H flips, %u sanitises that changed something", seed, flips,
			 nonzero);
}

/* The RES0/RES1 rules are grouped per register, and the per-register index nvarm_vel2_init
 * builds gives the masks a scan of every rule gives: every register, both E2H values,
 * several feature sets (the unindexed scan is the reference). */
static void test_mask_index(void **state)
{
	static const uint32_t feats[] = {TEST_ALL_FEATS, NVARM_VMF_VHE, NVARM_VMF_E2H0,
					 NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3};
	unsigned bad = 0;

	(void)state;
	assert_int_equal(nvarm__mask_rules_check(&bad), 0);
	for (unsigned k = 0; k < sizeof(feats) / sizeof(feats[0]); k++)
		for (unsigned e2h = 0; e2h < 2; e2h++) {
			struct vcpu_fix f;
			static struct nvarm_vel2 scan;

			fix_init(&f, feats[k], NVARM_HOST_NV2);
			wr(&f, NVARM_SR_HCR_EL2, e2h ? HCR_E2H : 0);
			assert_true(f.v.masks_indexed);
			scan = f.v;
			scan.masks_indexed = 0;
			for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
				uint64_t a0, a1, b0, b1;
				assert_int_equal(nvarm_vel2_masks(&f.v, id, &a0, &a1), 0);
				assert_int_equal(nvarm_vel2_masks(&scan, id, &b0, &b1), 0);
				if (a0 != b0 || a1 != b1)
					fail_msg("%s: indexed %#llx/%#llx, scan %#llx/%#llx",
						 nvarm_sysreg_desc(id)->name,
						 (unsigned long long)a0, (unsigned long long)a1,
						 (unsigned long long)b0, (unsigned long long)b1);
			}
			fix_fini(&f);
		}
}

/* A VM with a PA range below 52 bits is not offered FEAT_LPA2's 52-bit granule values. */
static void test_config_no_lpa2_below_52(void **state)
{
	struct nvarm_id_regs h = test_host_ids();
	struct nvarm_vm_config cfg;
	struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);

	(void)state;
	/* host: PARange 6, TGran4 1, TGran16 2, TGran4_2 3, TGran16_2 3, TGran64_2 2 */
	h.mmfr0 = (h.mmfr0 & ~(0xfull | 0xfull << 28 | 0xfull << 20 | 0xfull << 40 | 0xfull << 32 |
			       0xfull << 36)) |
		  6 | 1ull << 28 | 2ull << 20 | 3ull << 40 | 3ull << 32 | 2ull << 36;
	r.pa_range = 6;
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &r), 0);
	assert_int_equal(FLD(cfg.id.mmfr0, 28), 1);
	assert_int_equal(FLD(cfg.id.mmfr0, 40), 3);
	r.pa_range = 5;
	assert_int_equal(nvarm_vm_config_init(&cfg, &h, &r), 0);
	assert_int_equal(FLD(cfg.id.mmfr0, 0), 5);
	assert_int_equal(FLD(cfg.id.mmfr0, 28), 0);
	assert_int_equal(FLD(cfg.id.mmfr0, 20), 1);
	assert_int_equal(FLD(cfg.id.mmfr0, 40), 2);
	assert_int_equal(FLD(cfg.id.mmfr0, 32), 2);
	assert_int_equal(FLD(cfg.id.mmfr0, 36), 2);
}

/* FEAT_EVT offered (NVARM_VMF_EVT, host EVT = 2): L1 sees EVT = 2 and its HCR_EL2 TID4, TICAB,
 * TOCU, TTLBIS, TTLBOS stick; not offered: EVT = 0 and those bits are RES0. */
static void test_config_evt(void **state)
{
	const uint64_t evt_bits =
	    (1ull << 49) | (1ull << 50) | (1ull << 52) | (1ull << 54) | (1ull << 55);

	(void)state;
	for (int on = 0; on < 2; on++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | (on ? NVARM_VMF_EVT : 0), NVARM_HOST_NV2);
		struct nvarm_vm_config cfg;
		struct nvarm_vel2 v;
		static uint64_t page[512] __attribute__((aligned(4096)));
		uint64_t x = 0;

		h.mmfr2 |= 2ull << 56; /* host EVT = 2 */
		assert_int_equal(nvarm_vm_config_init(&cfg, &h, &r), 0);
		assert_int_equal(FLD(cfg.id.mmfr2, 56), on ? 2 : 0);
		assert_int_equal(!!(cfg.features & NVARM_VMF_EVT), on);
		assert_int_equal(nvarm_vel2_init(&v, &cfg, page), 0);
		assert_int_equal(nvarm_vel2_write(&v, NVARM_SR_HCR_EL2, evt_bits), 0);
		assert_int_equal(nvarm_vel2_read(&v, NVARM_SR_HCR_EL2, &x), 0);
		assert_int_equal(x & evt_bits, on ? evt_bits : 0);
	}
}

/*
 * FEAT_SVE for L1: ID_AA64PFR0_EL1.SVE and ID_AA64ZFR0_EL1 (the SVE instruction features) as
 * the host has them when offered, zero otherwise; under FEAT_NV alone only for an L1 whose E2H
 * cannot be 0 (a non-VHE L1's ZCR_EL1 accesses would reach the hardware register holding its
 * own vector length: features.c).
 */
static void test_config_sve(void **state)
{
	const uint64_t zfr0 = 0x0110110100210021ull, sve = 0xfull << 32;
	static const struct {
		uint32_t want; /* requested besides TEST_ALL_FEATS' other features */
		unsigned host_nv;
		int offered;
	} cases[] = {
	    {NVARM_VMF_SVE | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 1},
	    {NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 0},
	    {NVARM_VMF_SVE | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV, 0},
	    {NVARM_VMF_SVE | NVARM_VMF_VHE, NVARM_HOST_NV, 1}, /* E2H RES1 for L1 */
	    {NVARM_VMF_SVE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 1},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids(); /* PFR0.SVE 1 */
		struct nvarm_vm_request r = test_request(
		    (TEST_ALL_FEATS & ~(NVARM_VMF_SVE | NVARM_VMF_VHE | NVARM_VMF_E2H0)) |
			cases[i].want,
		    cases[i].host_nv);
		struct vcpu_fix f;
		uint64_t x = 0x5555;

		h.zfr0 = zfr0;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_SVE), cases[i].offered);
		assert_int_equal(f.cfg.id.pfr0 & sve, cases[i].offered ? 1ull << 32 : 0);
		assert_int_equal(f.cfg.id.zfr0, cases[i].offered ? zfr0 : 0);
		/* what the host has and L1 lacks is trapped by L0 (hidden_fp bit 0) */
		assert_int_equal(f.cfg.hidden_fp & 1, !cases[i].offered);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		/* mrs x3, id_aa64zfr0_el1 */
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 4, 4, 3, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, cases[i].offered ? zfr0 : 0);
		/* msr zcr_el2, x3: the register exists exactly with the feature */
		x = 3;
		assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 0, 3, 0), &x) == NVARM_EMUL_UNDEF,
				 !cases[i].offered);
		free(f.page);
	}
}

/*
 * FEAT_SME for L1: ID_AA64PFR1_EL1.SME and ID_AA64SMFR0_EL1 as the host has them when offered,
 * zero otherwise; under FEAT_NV alone only for an L1 whose E2H cannot be 0 (SMCR_EL1, as
 * ZCR_EL1: features.c). With it CPTR_EL2.TSM (E2H=0) is a control, CPTR_EL2.SMEN (E2H=1),
 * CPACR_EL1.SMEN are stored, SMCR_EL2 keeps LEN and, by the ID fields, EZT0 (SME2) and FA64;
 * SMPRIMAP_EL2 and HCRX_EL2.SMPME are RES0 (no streaming priorities).
 */
static void test_config_sme(void **state)
{
	const uint64_t smfr0 = 0x80f100fd00000000ull, sme = 0xfull << 24;
	static const struct {
		uint32_t want; /* requested besides TEST_ALL_FEATS' other features */
		unsigned host_nv;
		unsigned host_sme; /* ID_AA64PFR1_EL1.SME */
		int offered;
	} cases[] = {
	    {NVARM_VMF_SME | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 1, 1},
	    {NVARM_VMF_SME | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 2, 1},
	    {NVARM_VMF_SME | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 0, 0},
	    {NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV2, 1, 0},
	    {NVARM_VMF_SME | NVARM_VMF_VHE | NVARM_VMF_E2H0, NVARM_HOST_NV, 1, 0},
	    {NVARM_VMF_SME | NVARM_VMF_VHE, NVARM_HOST_NV, 1, 1}, /* E2H RES1 for L1 */
	    {NVARM_VMF_SME | NVARM_VMF_E2H0, NVARM_HOST_NV2, 1, 1},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(
		    (TEST_ALL_FEATS & ~(NVARM_VMF_VHE | NVARM_VMF_E2H0)) | cases[i].want,
		    cases[i].host_nv);
		struct vcpu_fix f;
		uint64_t x = 0x5555, want_smcr;
		int vhe = !(cases[i].want & NVARM_VMF_E2H0);

		h.pfr1 |= (uint64_t)cases[i].host_sme << 24;
		h.smfr0 = cases[i].host_sme ? smfr0 : 0;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_SME), cases[i].offered);
		assert_int_equal(f.cfg.id.pfr1 & sme,
				 cases[i].offered ? (uint64_t)cases[i].host_sme << 24 : 0);
		assert_int_equal(f.cfg.id.smfr0, cases[i].offered ? smfr0 : 0);
		/* what the host has and L1 lacks is trapped by L0 (hidden_fp bit 1) */
		assert_int_equal((f.cfg.hidden_fp >> 1) & 1,
				 cases[i].host_sme && !cases[i].offered);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		memset(f.page, 0xa5, 4096);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		/* mrs x3, id_aa64smfr0_el1 */
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 4, 5, 3, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, cases[i].offered ? smfr0 : 0);
		/* msr smcr_el2, x3: the register exists exactly with the feature; LEN, FA64 (the
		 * host's SMFR0 has it) and EZT0 with SME2 stick, [29:4] and [63:32] are RES0 */
		x = ~0ull;
		assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 6, 3, 0), &x) == NVARM_EMUL_UNDEF,
				 !cases[i].offered);
		/* msr smprimap_el2, x3 */
		x = ~0ull;
		assert_int_equal(emul(&f, sys_esr(3, 4, 1, 2, 5, 3, 0), &x) == NVARM_EMUL_UNDEF,
				 !cases[i].offered);
		if (cases[i].offered) {
			uint64_t v;

			want_smcr = 0xf | (1ull << 31) | (cases[i].host_sme >= 2 ? 1ull << 30 : 0);
			/* (the MSR above may have been L1's own CPTR_EL2 trap: its reset value) */
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_SMCR_EL2, ~0ull), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_SMCR_EL2, &v), 0);
			assert_int_equal(v, want_smcr);
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_SMCR_EL1, ~0ull), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_SMCR_EL1, &v), 0);
			assert_int_equal(v, want_smcr);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_SMPRIMAP_EL2, &v), 0);
			assert_int_equal(v, 0);
			/* CPTR_EL2.TSM (E2H=0) a control, SMEN (E2H=1) stored */
			if (vhe) {
				assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_CPTR_EL2, 0), 0);
				assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPTR_EL2, &v), 0);
				assert_int_equal(v & (3ull << 24), 0);
				assert_int_equal(
				    nvarm_vel2_write(&f.v, NVARM_SR_CPTR_EL2, 3ull << 24), 0);
				assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPTR_EL2, &v), 0);
				assert_int_equal(v & (3ull << 24), 3ull << 24);
			} else {
				assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_CPTR_EL2, 0), 0);
				assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPTR_EL2, &v), 0);
				assert_int_equal(v & (1ull << 12), 0);
			}
			/* CPACR_EL1.SMEN stored; HCRX_EL2.SMPME RES0 (no streaming priorities,
			 * SMIDR_EL1.SMPS 0) */
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_CPACR_EL1, 3ull << 24), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPACR_EL1, &v), 0);
			assert_int_equal(v, 3ull << 24);
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCRX_EL2, 1ull << 5), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCRX_EL2, &v), 0);
			assert_int_equal(v & (1ull << 5), 0);
		} else {
			uint64_t v;

			/* without SME: TSM RES1 (E2H=0), SMEN/SMPME/CPACR SMEN RES0 */
			if (!vhe) {
				assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_CPTR_EL2, 0), 0);
				assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPTR_EL2, &v), 0);
				assert_int_equal(v & (1ull << 12), 1ull << 12);
			}
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_CPACR_EL1, 3ull << 24), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_CPACR_EL1, &v), 0);
			assert_int_equal(v & (3ull << 24), 0);
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCRX_EL2, 1ull << 5), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCRX_EL2, &v), 0);
			assert_int_equal(v & (1ull << 5), 0);
		}
		free(f.page);
	}
}

/*
 * ID_AA64ISAR2_EL1 and ID_AA64MMFR3_EL1 (held since they are in the database): the fields with
 * no EL2 control pass, those whose EL2 controls nvarm does not model read 0 (MOPS, the 128-bit
 * system registers and instructions, ATS1A; all of MMFR3 but Spec_FPACC), and the fields
 * trap forwarding depends on turn its features on: WFxT (WFIT/WFET, 0b0010) and the QARMA3
 * PAuth algorithms (HCR_EL2.APK/API traps).
 */
static void test_config_isar2_mmfr3(void **state)
{
	const uint64_t hidden2 =
	    NVARM_ID_AA64ISAR2_EL1_MOPS_MASK | NVARM_ID_AA64ISAR2_EL1_SYSREG_128_MASK |
	    NVARM_ID_AA64ISAR2_EL1_SYSINSTR_128_MASK | NVARM_ID_AA64ISAR2_EL1_ATS1A_MASK;
	(void)state;
	for (int k = 0; k < 3; k++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
		struct nvarm_fwd_vstate vs;
		struct vcpu_fix f;
		uint64_t x = 0;

		/* k 0: every field 1, WFxT 2; k 1: WFxT 0; k 2: a host without either */
		h.isar2 = k == 2 ? 0 : (0x1111111111111110ull | (k == 0 ? 2 : 0));
		h.mmfr3 = k == 2 ? 0 : 0x1110111111111111ull;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal(f.cfg.id.isar2, h.isar2 & ~hidden2);
		assert_int_equal(f.cfg.id.mmfr3, h.mmfr3 & NVARM_ID_AA64MMFR3_EL1_Spec_FPACC_MASK);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		/* mrs x3, id_aa64isar2_el1 / id_aa64mmfr3_el1: the sanitised values */
		x = 0x5555;
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 6, 2, 3, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, f.cfg.id.isar2);
		x = 0x5555;
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 7, 3, 3, 1), &x), NVARM_EMUL_OK);
		assert_int_equal(x, f.cfg.id.mmfr3);
		/* read-only */
		assert_int_equal(emul(&f, sys_esr(3, 0, 0, 6, 2, 3, 0), &x), NVARM_EMUL_UNDEF);
		assert_int_equal(nvarm_fwd_vstate_from_vel2(&f.v, 0, &vs), 0);
		assert_int_equal(!!(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_WFXT)), k == 0);
		assert_int_equal(!!(vs.features & NVARM_FWD_F(NVARM_FWD_FEAT_PAUTH)), k != 2);
		/* the host has no ISAR1 PAuth fields: APA3/GPA3 alone make the key and
		 * instruction traps (HCR_EL2.APK/API) L1's to forward */
		free(f.page);
	}
}

/*
 * HCRX_EL2's defined bits follow the features L1's ID registers show (D24.2 "HCRX_EL2"):
 * EnAS0 [0] with LS64_ACCDATA (ID_AA64ISAR1_EL1.LS64 >= 3), EnALS [1] with LS64 (>= 1), EnASR
 * [2] with LS64_V (>= 2),
 * FnXS/FGTnXS [4:3] with FEAT_XS, CMOW [9] (ID_AA64MMFR1_EL1.CMOW), MCE2/MSCEn [11:10] with
 * FEAT_MOPS (NVARM_VMF_MOPS), TALLINT/VINMI/VFNMI [8:6] with FEAT_NMI (NVARM_VMF_NMI), nothing
 * else (SMPME, TCR2En/SCTLR2En without ID_AA64MMFR3_EL1.TCRX/SCTLRX).
 */
static void test_hcrx_masks(void **state)
{
	static const struct {
		uint64_t isar1, mmfr1, isar2, pfr1;
		uint32_t feats;
		uint64_t want;
	} cases[] = {
	    {0, 0, 0, 0, 0, 0},
	    {1ull << 56, 0, 0, 0, NVARM_VMF_XS, 0x18}, /* XS */
	    {1ull << 56, 0, 0, 0, 0, 0},	       /* XS not asked */
	    {1ull << 60, 1ull << 56, 0, 0, 0, 0x202},  /* LS64, CMOW */
	    {2ull << 60, 0, 0, 0, 0, 0x6},	       /* LS64_V */
	    {(3ull << 60) | (1ull << 56), 1ull << 56, 1ull << 16, 0, NVARM_VMF_XS,
	     0x21f},					  /* MOPS not asked */
	    {0, 0, 1ull << 16, 0, NVARM_VMF_MOPS, 0xc00}, /* MOPS */
	    {0, 0, 0, 1ull << 36, 0, 0},		  /* NMI not asked */
	    {0, 0, 0, 1ull << 36, NVARM_VMF_NMI, 0x1c0},  /* NMI: TALLINT, VINMI, VFNMI */
	    {0, 0, 0, 0, NVARM_VMF_NMI, 0},		  /* NMI asked, host without */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | NVARM_VMF_HCRX | cases[i].feats, NVARM_HOST_NV2);
		struct vcpu_fix f;
		uint64_t x = 0;

		h.isar1 |= cases[i].isar1;
		h.mmfr1 |= cases[i].mmfr1;
		h.isar2 = cases[i].isar2;
		h.pfr1 = cases[i].pfr1;
		h.mmfr3 = 0x1111ull; /* TCRX, SCTLRX, S1PIE, S2PIE: hidden from L1 */
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCRX_EL2, ~0ull), 0);
		assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCRX_EL2, &x), 0);
		if (x != cases[i].want)
			fail_msg("case %u: HCRX_EL2 <- ~0 reads %#llx, want %#llx", i,
				 (unsigned long long)x, (unsigned long long)cases[i].want);
		/* under NV2 the page takes any store: sanitise gives the same bits */
		f.page[0xa0 / 8] = ~0ull;
		(void)nvarm_vel2_sanitise(&f.v);
		assert_int_equal(f.page[0xa0 / 8], cases[i].want);
		free(f.page);
	}
}

/* HCR_EL2.APK/API (40, 41) exist with FEAT_PAuth, which any one of ID_AA64ISAR1_EL1's APA, API,
 * GPA, GPI or ID_AA64ISAR2_EL1's APA3, GPA3 announces; TLOR (35) with FEAT_LOR (MMFR1.LO). */
static void test_hcr_pauth_lor_masks(void **state)
{
	static const struct {
		uint64_t isar1, isar2, mmfr1;
		uint64_t want; /* of bits 35, 40, 41 */
	} cases[] = {
	    {0, 0, 0, 0},
	    {1ull << 4, 0, 0, 3ull << 40},  /* APA */
	    {1ull << 8, 0, 0, 3ull << 40},  /* API */
	    {1ull << 24, 0, 0, 3ull << 40}, /* GPA */
	    {1ull << 28, 0, 0, 3ull << 40}, /* GPI */
	    {0, 1ull << 8, 0, 3ull << 40},  /* GPA3 */
	    {0, 1ull << 12, 0, 3ull << 40}, /* APA3 */
	    {0, 0, 1ull << 16, 1ull << 35}, /* LO */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct vcpu_fix f;
		uint64_t x = 0;

		h.isar1 = cases[i].isar1;
		h.isar2 = cases[i].isar2;
		h.mmfr1 |= cases[i].mmfr1;
		fix_init_host(&f, &h);
		assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2, ~0ull), 0);
		assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCR_EL2, &x), 0);
		x &= (1ull << 35) | (3ull << 40);
		if (x != cases[i].want)
			fail_msg("case %u: HCR_EL2 <- ~0 keeps %#llx of TLOR/APK/API, want %#llx",
				 i, (unsigned long long)x, (unsigned long long)cases[i].want);
		free(f.page);
	}
}

static uint64_t xs64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * The vEL2 register file and the forwarding layer agree on which control bits exist: a bit
 * that a forwarding field line gives to a feature L1 lacks (so trap routing ignores it) is
 * RES0 in L1's register too, so L1 never reads back a control that does nothing. Random
 * host ID registers (fixed seed), every feature asked, both E2H layouts; HCR_EL2, HCRX_EL2,
 * MDCR_EL2, CPTR_EL2, CNTHCTL_EL2.
 */
static void test_masks_follow_fwd_fields(void **state)
{
	static const struct {
		unsigned fwd, sr;
	} regs[] = {
	    {NVARM_FWD_HCR_EL2, NVARM_SR_HCR_EL2},	   {NVARM_FWD_HCRX_EL2, NVARM_SR_HCRX_EL2},
	    {NVARM_FWD_MDCR_EL2, NVARM_SR_MDCR_EL2},	   {NVARM_FWD_CPTR_EL2, NVARM_SR_CPTR_EL2},
	    {NVARM_FWD_CNTHCTL_EL2, NVARM_SR_CNTHCTL_EL2},
	};
	uint64_t seed = 0x5eedf00dull;

	(void)state;
	for (unsigned it = 0; it < 200; it++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | NVARM_VMF_XS | NVARM_VMF_EVT | NVARM_VMF_FWB |
				     NVARM_VMF_MOPS | NVARM_VMF_NMI,
				 NVARM_HOST_NV2);
		struct vcpu_fix f;

		h.isar1 = xs64(&seed);
		h.isar2 = xs64(&seed);
		h.mmfr1 = (h.mmfr1 & 0xffffff0ull) | (xs64(&seed) & ~0xffffff0ull);
		h.mmfr3 = xs64(&seed);
		h.dfr0 = xs64(&seed);
		h.pfr1 = xs64(&seed);
		if (nvarm_vm_config_init(&f.cfg, &h, &r) != 0)
			continue;
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		for (unsigned e2h = 0; e2h < 2; e2h++) {
			uint64_t feats = f.v.fwd_feats | 1;

			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2,
							  HCR_RW | (e2h ? 1ull << 34 : 0)),
					 0);
			if (nvarm_vel2_is_vhe(&f.v) != e2h)
				continue;
			for (unsigned k = 0; k < sizeof(regs) / sizeof(regs[0]); k++) {
				uint64_t declared = 0, valid = 0, x, r0, r1;
				uint8_t lay = e2h ? FWD_L_E2H1 : FWD_L_E2H0;

				for (size_t i = 0; i < nvarm__fwd_nr_fields; i++) {
					const struct fwd_field *fl = &nvarm__fwd_fields[i];

					if (fl->reg != regs[k].fwd ||
					    (fl->layout != FWD_L_ANY && fl->layout != lay))
						continue;
					declared |= fl->mask;
					if ((feats >> fl->feat) & 1)
						valid |= fl->mask;
				}
				assert_int_equal(nvarm_vel2_masks(&f.v, regs[k].sr, &r0, &r1), 0);
				x = ~r0 & ~r1; /* the bits L1 controls */
				if (x & declared & ~valid)
					fail_msg(
					    "iteration %u, E2H=%u, %s: L1 can set %#llx, which "
					    "forwarding gives to features it lacks",
					    it, e2h, nvarm_sysreg_desc(regs[k].sr)->name,
					    (unsigned long long)(x & declared & ~valid));
			}
		}
		free(f.page);
	}
}

/*
 * FEAT_NMI for L1 (NVARM_VMF_NMI): ID_AA64PFR1_EL1.NMI only when asked, the host has it and L1
 * has FEAT_HCX (TALLINT/VINMI/VFNMI are HCRX_EL2 controls); SCTLR_EL2.NMI [61] and SPINTMASK
 * [62] are RES0 without it (D24.2 "SCTLR_EL2"), in both E2H layouts, through the MSR
 * emulation and the NV2 sanitise; the other PFR1 fields are unaffected.
 */
static void test_config_nmi(void **state)
{
	const uint64_t nmi_bits = NVARM_SCTLR_EL1_NMI | NVARM_SCTLR_EL1_SPINTMASK;

	(void)state;
	for (int k = 0; k < 4; k++) {
		struct nvarm_id_regs h = test_host_ids();
		uint32_t feats = (TEST_ALL_FEATS & ~(uint32_t)(k == 3 ? NVARM_VMF_HCRX : 0)) |
				 (k ? NVARM_VMF_NMI : 0);
		struct nvarm_vm_request r = test_request(feats, NVARM_HOST_NV);
		struct vcpu_fix f;
		uint64_t x = 0;
		int on = k == 1;

		/* k 0: not asked; 1: offered; 2: host without; 3: L1 without FEAT_HCX */
		h.pfr1 = (k == 2 ? 0 : 1ull << NVARM_ID_AA64PFR1_EL1_NMI_SHIFT) | 0x1ull /* BT */;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_NMI), on);
		assert_int_equal(f.cfg.id.pfr1,
				 0x1ull | (on ? 1ull << NVARM_ID_AA64PFR1_EL1_NMI_SHIFT : 0));
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		memset(f.page, 0, 4096);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		for (int vhe = 0; vhe < 2; vhe++) {
			wr(&f, NVARM_SR_HCR_EL2, HCR_RW | (vhe ? HCR_E2H : 0));
			/* msr sctlr_el2, x2 (trapped under NV) */
			x = nmi_bits;
			(void)emul(&f, sys_esr(3, 4, 1, 0, 0, 2, 0), &x);
			assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2) & nmi_bits, on ? nmi_bits : 0);
		}
		free(f.page);
	}
}

/* FEAT_S2FWB for L1 (NVARM_VMF_FWB): ID_AA64MMFR2_EL1.FWB and HCR_EL2.FWB (46) only when asked
 * and the host has it. */
static void test_config_fwb(void **state)
{
	(void)state;
	for (int k = 0; k < 3; k++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS | (k ? NVARM_VMF_FWB : 0), NVARM_HOST_NV2);
		struct vcpu_fix f;
		uint64_t x = 0;
		int on = k == 1;

		if (k < 2)
			h.mmfr2 |= 1ull << 40; /* host FWB; k 2: a host without it */
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		assert_int_equal(FLD(f.cfg.id.mmfr2, 40), on);
		assert_int_equal(!!(f.cfg.features & NVARM_VMF_FWB), on);
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2, 1ull << 46), 0);
		assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCR_EL2, &x), 0);
		assert_int_equal(x & (1ull << 46), on ? 1ull << 46 : 0);
		free(f.page);
	}
}

/* FEAT_CSV2_2 for L1 (NVARM_VMF_CSV2_2): kept on a host with CSV2 >= 2 or FEAT_CSV2_1p2 (CSV2 1,
 * CSV2_frac >= 2); then L1 sees the host's fields, HCR_EL2.EnSCXT (53) is writable and the vEL2
 * SCXTNUM_EL2 goes through the hardware SCXTNUM_EL1 in both E2H layouts; otherwise at most
 * CSV2 1, CSV2_frac 1 and EnSCXT RES0 (DDI 0487 D24.2 ID_AA64PFR0_EL1.CSV2, HCR_EL2.EnSCXT). */
static void test_config_csv2_2(void **state)
{
	static const struct {
		unsigned csv2, frac, ask, on, l1csv2, l1frac;
	} cases[] = {
	    {3, 0, 1, 1, 3, 0}, {3, 0, 0, 0, 1, 0}, {2, 0, 1, 1, 2, 0}, {1, 2, 1, 1, 1, 2},
	    {1, 2, 0, 0, 1, 1}, {1, 1, 1, 0, 1, 1}, {0, 0, 1, 0, 0, 0},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(
		    TEST_ALL_FEATS | (cases[i].ask ? NVARM_VMF_CSV2_2 : 0), NVARM_HOST_NV2);
		struct vcpu_fix f;
		uint64_t x = 0;

		h.pfr0 = (h.pfr0 & ~(0xfull << 56)) | (uint64_t)cases[i].csv2 << 56;
		h.pfr1 = (h.pfr1 & ~(0xfull << 32)) | (uint64_t)cases[i].frac << 32;
		assert_int_equal(nvarm_vm_config_init(&f.cfg, &h, &r), 0);
		if (!!(f.cfg.features & NVARM_VMF_CSV2_2) != cases[i].on ||
		    FLD(f.cfg.id.pfr0, 56) != cases[i].l1csv2 ||
		    FLD(f.cfg.id.pfr1, 32) != cases[i].l1frac)
			fail_msg("case %u: feature %d CSV2 %llu CSV2_frac %llu", i,
				 !!(f.cfg.features & NVARM_VMF_CSV2_2),
				 (unsigned long long)FLD(f.cfg.id.pfr0, 56),
				 (unsigned long long)FLD(f.cfg.id.pfr1, 32));
		f.page = aligned_alloc(4096, 4096);
		assert_non_null(f.page);
		assert_int_equal(nvarm_vel2_init(&f.v, &f.cfg, f.page), 0);
		assert_int_equal(
		    nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2, HCR_RW | NVARM_HCR_EL2_EnSCXT), 0);
		assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_HCR_EL2, &x), 0);
		assert_int_equal(!!(x & NVARM_HCR_EL2_EnSCXT), cases[i].on);
		for (unsigned vhe = 0; cases[i].on && vhe < 2; vhe++) {
			struct nvarm_el1_regs hw;
			uint64_t y = 0;

			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_HCR_EL2,
							  HCR_RW | (vhe ? NVARM_HCR_E2H : 0)),
					 0);
			assert_int_equal(nvarm_vel2_write(&f.v, NVARM_SR_SCXTNUM_EL2, 0x5c0 + vhe),
					 0);
			assert_int_equal(nvarm_shadow_vel2_load(&f.v, &hw), 0);
			assert_true(hw.valid & (1u << NVARM_EL1_SCXTNUM_EL1));
			assert_int_equal(hw.r[NVARM_EL1_SCXTNUM_EL1], 0x5c0 + vhe);
			/* L1 changes it in the hardware (no trap): the save brings it back */
			hw.r[NVARM_EL1_SCXTNUM_EL1] = 0xabc0 + vhe;
			assert_int_equal(nvarm_shadow_vel2_save(&f.v, &hw), 0);
			assert_int_equal(nvarm_vel2_read(&f.v, NVARM_SR_SCXTNUM_EL2, &y), 0);
			assert_int_equal(y, 0xabc0 + vhe);
		}
		free(f.page);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_fwb),
	    cmocka_unit_test(test_config_csv2_2),
	    cmocka_unit_test(test_hcrx_masks),
	    cmocka_unit_test(test_hcr_pauth_lor_masks),
	    cmocka_unit_test(test_masks_follow_fwd_fields),
	    cmocka_unit_test(test_config_nmi),
	    cmocka_unit_test(test_config_isar2_mmfr3),
	    cmocka_unit_test(test_config_sve),
	    cmocka_unit_test(test_config_sme),
	    cmocka_unit_test(test_config_evt),
	    cmocka_unit_test(test_config_no_lpa2_below_52),
	    cmocka_unit_test(test_mask_index),
	    cmocka_unit_test(test_config_intersection),
	    cmocka_unit_test(test_config_hides_unmodelled),
	    cmocka_unit_test(test_sel2_follows_host),
	    cmocka_unit_test(test_config_caps_hcr_features),
	    cmocka_unit_test(test_hcr_fien_mask),
	    cmocka_unit_test(test_ras_records_zero),
	    cmocka_unit_test(test_actlr_zero),
	    cmocka_unit_test(test_config_errors),
	    cmocka_unit_test(test_config_l1nv),
	    cmocka_unit_test(test_init_and_layout),
	    cmocka_unit_test(test_res_masks),
	    cmocka_unit_test(test_emulate_basic),
	    cmocka_unit_test(test_emulate_id_space_raz),
	    cmocka_unit_test(test_emulate_features),
	    cmocka_unit_test(test_emulate_sgi_registers),
	    cmocka_unit_test(test_emulate_vhe_aliases),
	    cmocka_unit_test(test_emulate_reload_only_on_change),
	    cmocka_unit_test(test_emulate_ok_keeps_shadow),
	    cmocka_unit_test(test_emulate_plain_path_matches_general),
	    cmocka_unit_test(test_plain_access_matches_emulate),
	    cmocka_unit_test(test_sanitise_nv2_page),
	    cmocka_unit_test(test_sanitise_random_pages),
	    cmocka_unit_test(test_sanitise_hidden),
	    cmocka_unit_test(test_rvbar_el2),
	    cmocka_unit_test(test_sanitise_incremental),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
