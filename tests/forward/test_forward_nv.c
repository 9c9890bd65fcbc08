// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Recursive nesting: L1 sets HCR_EL2.{NV, NV1, NV2, AT} for its own guest (a guest hypervisor
 * running at L1's virtual EL2). Every NV-governed access of the register database is routed by
 * nvarm_fwd_route() and compared with a reference model written here from the Arm ARM's
 * pseudocode (DDI 0487, the MRS/MSR/SYS accessibility pseudocode of each register, and the
 * shared functions EffectiveHCR_EL2_NVx() and AArch64.CheckForERetTrap()):
 *
 *  - EffectiveHCR_EL2_NVx() is {NV2, NV1, NV}: '000' without FEAT_NV or with NV = 0 (NV = 0,
 *    NV1 = 1 is CONSTRAINED UNPREDICTABLE; nvarm takes the '000' choice), NV2 reads 0 without
 *    FEAT_NV2, NV1 reads 0 without FEAT_E2H0 (the IMPLEMENTATION DEFINED "NV1 is RAZ" that
 *    ID_AA64MMFR4_EL1.E2H0 = 0b1110 announces).
 *  - EL2 registers (op0 3, op1 4) from EL1: '1x1' -> memory (VNCR_EL2 page) or, for ELR, SPSR,
 *    ESR, FAR_EL2, the EL1 register; else 'xx1' -> trap to EL2 (EC 0x18); else UNDEFINED.
 *  - *_EL12 / *_EL02 (op1 5) from EL1: '101' -> memory when the EL1/EL0 register has a VNCR
 *    page slot (the EL02 timer controls trap instead when CNTHCTL_EL2.EL1NVPCT / EL1NVVCT is
 *    set and EL0 is not in host), trap otherwise; 'xx1' -> trap; else UNDEFINED.
 *  - ELR_EL1, SPSR_EL1, VBAR_EL1 from EL1: '011' -> trap; otherwise not an NV trap.
 *  - TLBI / AT with op1 4 from EL1: 'xx1' -> trap, else UNDEFINED.
 *  - AT S1E1{R,W,0R,0W,RP,WP} from EL1: HCR_EL2.AT -> trap.
 *  - ERET, ERETAA, ERETAB from EL1: NVx<0> -> trap (EC 0x1A, ISS as executed).
 *  - Every EL2 or EL12 access from EL0: UNDEFINED.
 *
 * Outcome "memory"/"not trapped" is what L0 must do itself (NVARM_FWD_HANDLE_IN_L0); "trap" is
 * NVARM_FWD_FORWARD with the ESR unchanged (what L1's hardware would have reported).
 * The model takes the facts of each register (VNCR offset, EL12 link, NV2EL1 flag) from the
 * register database and nothing from the routing tables.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/forward.h>
#include <nvarm/sysreg.h>
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>

#undef BIT
#define BIT(n) (UINT64_C(1) << (n))
#define IL     ((uint64_t)NVARM_ESR_IL)

/* HCR_EL2 (Arm ARM D24.2 "HCR_EL2"), written out independently of the library. */
#define H_TGE	 BIT(27)
#define H_E2H	 BIT(34)
#define H_APK	 BIT(40)
#define H_API	 BIT(41)
#define H_NV	 BIT(42)
#define H_NV1	 BIT(43)
#define H_AT	 BIT(44)
#define H_NV2	 BIT(45)
#define H_FIEN	 BIT(47)
#define H_ENSCXT BIT(53)
/* CNTHCTL_EL2.EL1NVPCT [15], EL1NVVCT [16] (FEAT_ECV). */
#define CNT_NVPCT BIT(15)
#define CNT_NVVCT BIT(16)

enum outcome { O_L0 = NVARM_FWD_HANDLE_IN_L0, O_FWD = NVARM_FWD_FORWARD, O_UD = NVARM_FWD_UNDEF };

/* L1's features: every one but the NV ones and "E2H RES1", which each case chooses. */
#define BASE_FEATS                                                                                 \
	(((UINT64_C(1) << NVARM_FWD_FEAT__COUNT) - 2) &                                            \
	 ~(NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY) | NVARM_FWD_F(NVARM_FWD_FEAT_NV) |                \
	   NVARM_FWD_F(NVARM_FWD_FEAT_NV2)))

struct world {
	uint64_t hcr, cnthctl;
	unsigned nv;	/* 0: no FEAT_NV, 1: FEAT_NV, 2: FEAT_NV2 */
	bool e2h1_only; /* no FEAT_E2H0 */
};

/* EffectiveHCR_EL2_NVx(): bit 2 NV2, bit 1 NV1, bit 0 NV. */
static unsigned nvx(const struct world *w)
{
	unsigned nv1;

	if (w->nv == 0 || !(w->hcr & H_NV))
		return 0;
	nv1 = (!w->e2h1_only && (w->hcr & H_NV1)) ? 2 : 0;
	if (w->nv < 2)
		return nv1 | 1;
	return ((w->hcr & H_NV2) ? 4 : 0) | nv1 | 1;
}

/* The model's answer for one access, or -1 when the access is not an NV case. */
static int model(const struct world *w, const struct nvarm_sysreg_desc *d, unsigned el)
{
	unsigned op0 = NVARM_SYSREG_OP0(d->enc), op1 = NVARM_SYSREG_OP1(d->enc);
	unsigned crn = NVARM_SYSREG_CRN(d->enc), n = nvx(w);
	bool insn = d->flags & NVARM_SRF_INSN;

	if (op0 == 3 && op1 == 4) { /* EL2 registers (and SP_EL1) */
		if (el == 0)
			return O_UD;
		if ((n & 5) == 5 && (d->vncr != NVARM_VNCR_NONE || (d->flags & NVARM_SRF_NV2EL1)))
			return O_L0;
		return (n & 1) ? O_FWD : O_UD;
	}
	if (op0 == 3 && op1 == 5 && d->link != NVARM_SR_NONE) { /* *_EL12, *_EL02 */
		const struct nvarm_sysreg_desc *l = nvarm_sysreg_desc(d->link);
		bool in_host = (w->hcr & (H_E2H | H_TGE)) == (H_E2H | H_TGE);

		if (el == 0)
			return O_UD;
		if (n == 5) {
			if (!strcmp(d->name, "CNTP_CTL_EL02") || !strcmp(d->name, "CNTP_CVAL_EL02"))
				return (!in_host && (w->cnthctl & CNT_NVPCT)) ? O_FWD : O_L0;
			if (!strcmp(d->name, "CNTV_CTL_EL02") || !strcmp(d->name, "CNTV_CVAL_EL02"))
				return (!in_host && (w->cnthctl & CNT_NVVCT)) ? O_FWD : O_L0;
			return l->vncr != NVARM_VNCR_NONE ? O_L0 : O_FWD;
		}
		return (n & 1) ? O_FWD : O_UD;
	}
	if (op0 == 3 && el == 1 &&
	    (!strcmp(d->name, "ELR_EL1") || !strcmp(d->name, "SPSR_EL1") ||
	     !strcmp(d->name, "VBAR_EL1")))
		return n == 3 ? O_FWD : O_L0;
	if (op0 == 1 && op1 == 4 && insn) /* TLBI/AT at EL2 */
		return (el == 1 && (n & 1)) ? O_FWD : O_UD;
	if (op0 == 1 && op1 == 0 && crn == 7 && (d->flags & NVARM_SRF_AT) && el == 1)
		return (w->nv && (w->hcr & H_AT)) ? O_FWD : O_L0; /* AT S1E1* */
	return -1;
}

static uint64_t esr_of(uint32_t enc, bool read)
{
	return ((uint64_t)NVARM_EC_SYS64 << NVARM_ESR_EC_SHIFT) | IL |
	       ((uint64_t)NVARM_SYSREG_OP0(enc) << 20) | ((uint64_t)NVARM_SYSREG_OP2(enc) << 17) |
	       ((uint64_t)NVARM_SYSREG_OP1(enc) << 14) | ((uint64_t)NVARM_SYSREG_CRN(enc) << 10) |
	       (UINT64_C(7) << 5) | ((uint64_t)NVARM_SYSREG_CRM(enc) << 1) | (read ? 1 : 0);
}

static void load(struct nvarm_fwd_ctx *ctx, const struct world *w)
{
	struct nvarm_fwd_vstate vs;

	memset(&vs, 0, sizeof(vs));
	vs.features = BASE_FEATS | (w->nv ? NVARM_FWD_F(NVARM_FWD_FEAT_NV) : 0) |
		      (w->nv > 1 ? NVARM_FWD_F(NVARM_FWD_FEAT_NV2) : 0) |
		      (w->e2h1_only ? NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY) : 0);
	/* Controls that trap when 0 set to "no trap"; everything else but the NV bits clear. */
	vs.reg[NVARM_FWD_HCR_EL2] = w->hcr | H_APK | H_API | H_FIEN | H_ENSCXT;
	vs.reg[NVARM_FWD_CNTHCTL_EL2] = w->cnthctl | 0x3 | (0x3 << 8) | (0x3 << 10);
	vs.reg[NVARM_FWD_MDCR_EL2] = (UINT64_C(3) << 12) | (UINT64_C(3) << 24) | 31;
	vs.reg[NVARM_FWD_HCRX_EL2] = BIT(0) | BIT(1) | BIT(2) | BIT(14) | BIT(15);
	vs.reg[NVARM_FWD_HFGRTR_EL2] =
	    BIT(50) | BIT(54) | BIT(55) | BIT(57) | BIT(58) | BIT(59) | BIT(60);
	vs.reg[NVARM_FWD_HFGWTR_EL2] = vs.reg[NVARM_FWD_HFGRTR_EL2];
	vs.reg[NVARM_FWD_HFGITR_EL2] = BIT(55) | BIT(56);
	vs.reg[NVARM_FWD_HDFGRTR_EL2] = BIT(62);
	vs.reg[NVARM_FWD_HDFGWTR_EL2] = BIT(62);
	vs.pmu_counters = 31;
	memset(ctx, 0, sizeof(*ctx));
	assert_int_equal(nvarm_fwd_load(ctx, &vs), NVARM_OK);
}

/* Every (feature set, HCR_EL2 NV/NV1/NV2/AT/E2H/TGE, CNTHCTL_EL2 NVPCT/NVVCT) world. */
#define NWORLDS (3 * 2 * 64 * 4)

static void world_of(unsigned k, struct world *w)
{
	static const uint64_t hbits[6] = {H_NV, H_NV1, H_NV2, H_AT, H_E2H, H_TGE};

	memset(w, 0, sizeof(*w));
	w->nv = k % 3;
	w->e2h1_only = (k / 3) % 2;
	for (unsigned b = 0; b < 6; b++)
		if ((k / 6) >> b & 1)
			w->hcr |= hbits[b];
	if (w->e2h1_only)
		w->hcr |= H_E2H; /* RES1 */
	w->cnthctl = (((k / 384) & 1) ? CNT_NVPCT : 0) | (((k / 384) & 2) ? CNT_NVVCT : 0);
}

/* Registers a feature set of BASE_FEATS has (the database's VM features, nvarm_vm_feature). */
static bool exists(const struct nvarm_sysreg_desc *d, const struct world *w)
{
	if (d->feat & NVARM_VMF_FGT2)
		return false; /* no forwarding feature bit: not part of this model */
	if ((d->feat & NVARM_VMF_L1NV2) && w->nv < 2)
		return false;
	return true;
}

static void test_nv_model(void **state)
{
	unsigned checked = 0, fwd = 0, l0 = 0, ud = 0;

	(void)state;
	for (unsigned k = 0; k < NWORLDS; k++) {
		struct world w;
		struct nvarm_fwd_ctx ctx;

		world_of(k, &w);
		load(&ctx, &w);
		for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);

			if (!exists(d, &w))
				continue;
			for (unsigned el = 0; el < 2; el++) {
				/* L2 runs at EL1 only while L1's TGE is 0 (an ERET to EL1 with
				 * TGE = 1 is an illegal exception return). */
				if (el == 1 && (w.hcr & H_TGE))
					continue;
				for (unsigned rd = 0; rd < 2; rd++) {
					struct nvarm_fwd_result res;
					int want, got;

					if ((d->flags & NVARM_SRF_RO) && !rd)
						continue;
					if ((d->flags & (NVARM_SRF_INSN | NVARM_SRF_WO)) && rd)
						continue;
					want = model(&w, d, el);
					if (want < 0)
						continue;
					got = nvarm_fwd_route(&ctx, esr_of(d->enc, rd), el, &res);
					if (got != want)
						fail_msg("%s %s EL%u: nv %u e2h1only %d hcr %#llx "
							 "cnthctl "
							 "%#llx: got %d, the Arm ARM says %d (rule "
							 "line %u)",
							 d->name, rd ? "read" : "write", el, w.nv,
							 w.e2h1_only, (unsigned long long)w.hcr,
							 (unsigned long long)w.cnthctl, got, want,
							 res.line);
					if (got == O_FWD)
						assert_int_equal(res.esr, esr_of(d->enc, rd));
					checked++;
					fwd += got == O_FWD;
					l0 += got == O_L0;
					ud += got == O_UD;
				}
			}
		}
	}
	print_message("NV model: %u accesses checked (%u forwarded, %u L0, %u UNDEFINED)\n",
		      checked, fwd, l0, ud);
	/* The sweep reaches every outcome, and many times. */
	assert_true(fwd > 10000 && l0 > 10000 && ud > 10000);
}

/* ERET, ERETAA, ERETAB: trapped by the Effective NV (AArch64.CheckForERetTrap). */
static void test_nv_eret_model(void **state)
{
	static const uint32_t iss[] = {0, 2, 3};

	(void)state;
	for (unsigned k = 0; k < NWORLDS; k++) {
		struct world w;
		struct nvarm_fwd_ctx ctx;

		world_of(k, &w);
		if (w.hcr & H_TGE)
			continue;
		load(&ctx, &w);
		for (unsigned i = 0; i < 3; i++) {
			struct nvarm_fwd_result res;
			uint64_t esr =
			    ((uint64_t)NVARM_EC_ERET << NVARM_ESR_EC_SHIFT) | IL | iss[i];
			int want = (nvx(&w) & 1) ? O_FWD : O_L0;

			assert_int_equal(nvarm_fwd_route(&ctx, esr, 1, &res), want);
			if (want == O_FWD)
				assert_int_equal(res.esr, esr);
		}
	}
}

/* The measured QEMU syndromes of qemu-nv-facts.md, each routed to L1 unchanged. */
static void test_nv_qemu_syndromes(void **state)
{
	struct world w = {.hcr = H_NV, .nv = 2};
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;

	(void)state;
	load(&ctx, &w);
	/* mrs x1, hcr_el2 at EL1 with NV: ESR_EL2 = 0x62310423 */
	assert_int_equal(nvarm_fwd_route(&ctx, 0x62310423, 1, &res), O_FWD);
	assert_int_equal(res.esr, 0x62310423);
	/* eret with NV: EC 0x1A, ISS 0 */
	assert_int_equal(nvarm_fwd_route(&ctx, UINT64_C(0x6a000000), 1, &res), O_FWD);
	assert_int_equal(res.esr, UINT64_C(0x6a000000));
	/* the same HCR_EL2 read with NV2 goes to the VNCR page: not a trap for L1 */
	w.hcr |= H_NV2;
	load(&ctx, &w);
	assert_int_equal(nvarm_fwd_route(&ctx, 0x62310423, 1, &res), O_L0);
}

/* nvarm_fwd_hw_traps(): L1's NV controls reach the hardware while its guest runs, so that the
 * guest's EL2 accesses, ERET and EL12 accesses trap (or go to the VNCR page) as L1 set them. */
static void test_nv_hw_traps(void **state)
{
	(void)state;
	for (unsigned k = 0; k < NWORLDS; k++) {
		struct world w;
		struct nvarm_fwd_ctx ctx;
		struct nvarm_fwd_hw hw;
		uint64_t want = 0;
		unsigned n;

		world_of(k, &w);
		load(&ctx, &w);
		n = nvx(&w);
		if (n & 1)
			want |= H_NV;
		if (n & 2)
			want |= H_NV1;
		if (n & 4)
			want |= H_NV2;
		if (w.nv && (w.hcr & H_AT))
			want |= H_AT;
		memset(&hw, 0, sizeof(hw));
		assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, &hw), NVARM_OK);
		assert_int_equal(hw.hcr & (H_NV | H_NV1 | H_NV2 | H_AT), want);
		/* L0's own NV bits are never removed */
		memset(&hw, 0, sizeof(hw));
		hw.hcr = H_NV | H_NV1 | H_NV2 | H_AT;
		assert_int_equal(nvarm_fwd_hw_traps(&ctx, 0, &hw), NVARM_OK);
		assert_int_equal(hw.hcr & (H_NV | H_NV1 | H_NV2 | H_AT),
				 H_NV | H_NV1 | H_NV2 | H_AT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nv_model),
	    cmocka_unit_test(test_nv_eret_model),
	    cmocka_unit_test(test_nv_qemu_syndromes),
	    cmocka_unit_test(test_nv_hw_traps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
