// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The per-vCPU contract across subsystems:
 *  - one feature set: the shadow stage-2's guest features, the vtimer flags and the vGIC's
 *    list-register count derived from the VM's configuration agree with the ID registers L1
 *    reads (decoded here independently, field by field, from the Arm ARM layouts) and with
 *    what the vGIC then advertises in ICH_VTR_EL2;
 *  - one emulate-result type: nvarm_vgic_emulate() and nvarm_vtimer_emulate() against the
 *    primitives they wrap, over every register of the database.
 */
#include "sysreg_test.h"

#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>
#include <nvarm/vgic.h>
#include <nvarm/vtimer.h>

#include "../vgic/vgic_fixture.h"
#include "../vtimer/vt_fixture.h"

static unsigned fld(uint64_t v, unsigned lo)
{
	return (unsigned)((v >> lo) & 0xf);
}

/* Host variants: HAFDBS 0/1/2, XNX 0/1, ST 0/1, and granule support removed or not. */
static struct nvarm_id_regs host_variant(unsigned k)
{
	struct nvarm_id_regs h = test_host_ids();

	h.mmfr1 |= (uint64_t)(k % 3) << 0;	  /* HAFDBS */
	h.mmfr1 |= (uint64_t)((k / 3) % 2) << 28; /* XNX */
	h.mmfr2 |= (uint64_t)((k / 6) % 2) << 28; /* ST */
	if ((k / 12) % 2)			  /* no 16K: TGran16 0 */
		h.mmfr0 &= ~(0xfull << 20);
	if ((k / 24) % 2) /* no 64K: TGran64 0xf */
		h.mmfr0 |= 0xfull << 24;
	return h;
}

static void test_s2mmu_guest_agrees_with_id_regs(void **state)
{
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned checked = 0;

	(void)state;
	for (unsigned k = 0; k < 48; k++)
		for (unsigned pa = 0; pa <= 5; pa++)
			for (unsigned g = 1; g < 8; g++) {
				struct nvarm_id_regs h = host_variant(k);
				struct nvarm_vm_request r =
				    test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
				struct nvarm_vm_config c;
				struct nvarm_s2mmu_features f;

				r.pa_range = (uint8_t)pa;
				r.granules = (uint8_t)g;
				if (nvarm_vm_config_init(&c, &h, &r))
					continue; /* e.g. no granule left */
				assert_int_equal(nvarm_s2mmu_guest_from_vm(&c, &f), 0);
				/* what L1 reads (ID_AA64MMFR0_EL1: PARange [3:0], TGran16 [23:20] 0
				 * = absent, TGran64 [27:24] and TGran4 [31:28] 0xf = absent) */
				assert_int_equal(f.pa_bits, bits[fld(c.id.mmfr0, 0)]);
				assert_int_equal((f.granules & NVARM_GRAN_4K) != 0,
						 fld(c.id.mmfr0, 28) != 0xf);
				assert_int_equal((f.granules & NVARM_GRAN_16K) != 0,
						 fld(c.id.mmfr0, 20) != 0);
				assert_int_equal((f.granules & NVARM_GRAN_64K) != 0,
						 fld(c.id.mmfr0, 24) != 0xf);
				/* ID_AA64MMFR1_EL1.HAFDBS [3:0], XNX [31:28]; MMFR2.ST [31:28] */
				assert_int_equal(f.hafdbs, fld(c.id.mmfr1, 0) != 0);
				assert_int_equal(f.xnx, fld(c.id.mmfr1, 28) != 0);
				assert_int_equal(f.ttst, fld(c.id.mmfr2, 28) != 0);
				assert_false(f.lpa || f.lpa2); /* no 52-bit range asked */
				checked++;
			}
	assert_true(checked > 1000);
	assert_int_equal(nvarm_s2mmu_guest_from_vm(NULL, NULL), NVARM_ERR_INVAL);
}

/*
 * 52-bit addresses (issue #12). nvarm_s2mmu_host_pa_range(): the PA range a shadow of each
 * granule translates on a host (52 bits only with 52-bit stage-2 descriptors for that
 * granule: FEAT_LPA2 at stage 2 for 4K/16K, FEAT_LPA for 64K). The ID policy: PARange 52
 * offered keeps the host's FEAT_LPA2 granule values (ID_AA64MMFR0_EL1 [43:20]), and the
 * shadow's guest features say LPA (64K) and LPA2 exactly when stage 2 has them (TGran4_2 /
 * TGran16_2, or their stage-1 fields when "as stage 1"); a 48-bit range takes them back to
 * the 48-bit values (TGran4 1 -> 0, TGran16 2 -> 1, TGran4_2 / TGran16_2 3 -> 2).
 */
static void test_52bit_policy(void **state)
{
	const uint64_t max = 0x2100032310201126ull;    /* QEMU 10 -cpu max ID_AA64MMFR0_EL1 */
	const uint64_t nolpa2 = 0x2100022200101126ull; /* -cpu max,lpa2=off */
	static const struct {
		uint64_t clear, set;
		int r12, r14, r16; /* nvarm_s2mmu_host_pa_range() for 4K, 16K, 64K */
		bool lpa2;	   /* L1 gets FEAT_LPA2 at stage 2 when offered 52 bits */
	} hosts[] = {
	    {0, 0, 6, 6, 6, true},
	    {~0ull, 0, 5, 5, 6, false},		  /* max,lpa2=off: nolpa2 below */
	    {0xfff00000000ull, 0, 6, 6, 6, true}, /* the _2 fields 0: "as stage 1" */
	    {0xf0f00000000ull, 0x20200000000ull, 5, 5, 6, false}, /* LPA2 at stage 1 only */
	    {0xf000000000ull, 0x1000000000ull, 6, 6, 5, true},	  /* no 64K at stage 2 */
	    {0xf, 5, 5, 5, 5, false},				  /* PARange 48 bits */
	    {0xf, 7, 6, 6, 6, true}, /* PARange 0b0111 (56 bits): 52 is what a shadow has */
	};
	static const uint16_t tgran_lpa2[] = {28, 20, 40, 32}; /* TGran4, 16, 4_2, 16_2 */
	static const unsigned v52[] = {1, 2, 3, 3};

	(void)state;
	for (unsigned i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct nvarm_id_regs h = test_host_ids();
		h.mmfr0 = hosts[i].clear == ~0ull ? nolpa2 : (max & ~hosts[i].clear) | hosts[i].set;
		assert_int_equal(nvarm_s2mmu_host_pa_range(h.mmfr0, 12), hosts[i].r12);
		assert_int_equal(nvarm_s2mmu_host_pa_range(h.mmfr0, 14), hosts[i].r14);
		assert_int_equal(nvarm_s2mmu_host_pa_range(h.mmfr0, 16), hosts[i].r16);
		assert_int_equal(nvarm_s2mmu_host_pa_range(h.mmfr0, 13), NVARM_ERR_INVAL);
		for (unsigned want = 5; want <= 6; want++) {
			struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
			struct nvarm_vm_config c;
			struct nvarm_s2mmu_features f;
			unsigned host_pa = fld(h.mmfr0, 0), pa = host_pa < want ? host_pa : want;

			r.pa_range = (uint8_t)want;
			assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
			assert_int_equal(nvarm_s2mmu_guest_from_vm(&c, &f), 0);
			assert_int_equal(fld(c.id.mmfr0, 0), pa);
			assert_int_equal(f.pa_bits, pa == 6 ? 52 : 48);
			assert_int_equal(f.lpa, pa == 6);
			assert_int_equal(f.lpa2, pa == 6 && hosts[i].lpa2);
			for (unsigned k = 0; k < 4; k++) {
				unsigned hv = fld(h.mmfr0, tgran_lpa2[k]);
				unsigned lv = fld(c.id.mmfr0, tgran_lpa2[k]);
				/* kept with 52 bits, one step down (the 48-bit value) without */
				assert_int_equal(lv, pa < 6 && hv == v52[k] ? hv - 1 : hv);
			}
		}
	}
}

static void test_vtimer_flags_follow_the_vm(void **state)
{
	(void)state;
	for (int ecv = 0; ecv < 2; ecv++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(ecv ? TEST_ALL_FEATS : TEST_ALL_FEATS & ~(uint32_t)NVARM_VMF_ECV,
				 NVARM_HOST_NV2);
		struct nvarm_vm_config c;
		struct nvarm_vtimer_config t;

		assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
		nvarm_vtimer_config_default(&t);
		t.flags = NVARM_VTIMER_F_HW_ECV | (ecv ? 0 : NVARM_VTIMER_F_ECV); /* stale */
		assert_int_equal(nvarm_vtimer_config_from_vm(&t, &c), 0);
		/* ID_AA64MMFR0_EL1.ECV [63:60] as L1 reads it */
		assert_int_equal((t.flags & NVARM_VTIMER_F_ECV) != 0, (c.id.mmfr0 >> 60) != 0);
		assert_true(t.flags & NVARM_VTIMER_F_HW_ECV); /* the host's flag kept */
	}
}

static void test_vgic_lrs_follow_the_vm(void **state)
{
	(void)state;
	for (unsigned lrs = 1; lrs <= 4; lrs++) {
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r = test_request(TEST_ALL_FEATS, NVARM_HOST_NV2);
		struct nvarm_vm_config c;
		struct nvarm_vgic_config g = {0};
		struct vfix f;
		uint64_t vtr = 0;
		struct nvarm_trap t = {.enc = NVARM_ENC_ICH_VTR, .is_read = 1, .rt = 0};

		r.gic_lrs = (uint8_t)lrs;
		assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
		assert_int_equal(nvarm_vgic_config_from_vm(&g, &c), 0);
		/* the vGIC built from it advertises exactly that many (ICH_VTR_EL2.ListRegs) */
		assert_int_equal(vfix_init(&f, VTR_QEMU, g.nr_lr, 0, 0), 0);
		assert_int_equal(nvarm_vgic_emulate(&f.cpu, &f.v, &t, &vtr), NVARM_EMUL_OK);
		assert_int_equal((vtr & 0x1f) + 1, lrs);
	}
	{
		struct nvarm_id_regs h = test_host_ids();
		struct nvarm_vm_request r =
		    test_request(TEST_ALL_FEATS & ~(uint32_t)NVARM_VMF_GICV3, NVARM_HOST_NV2);
		struct nvarm_vm_config c;
		struct nvarm_vgic_config g = {0};

		assert_int_equal(nvarm_vm_config_init(&c, &h, &r), 0);
		assert_int_equal(nvarm_vgic_config_from_vm(&g, &c), NVARM_ERR_INVAL);
	}
}

/* Every encoding of the database, MRS and MSR, through nvarm_vgic_emulate() and through the
 * primitives on an identical copy: the same result, value and state. */
static void test_vgic_emulate_matches_primitives(void **state)
{
	struct vfix a, b;
	unsigned mine = 0, undef = 0;

	(void)state;
	assert_int_equal(vfix_init(&a, VTR_QEMU, 4, 0, 0), 0);
	assert_int_equal(vfix_init(&b, VTR_QEMU, 4, 0, 0), 0);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
		for (int rd = 0; rd < 2; rd++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
			struct nvarm_trap t = {.enc = d->enc, .is_read = (uint8_t)rd, .rt = 3};
			uint64_t ga = 0x1234000000000000ull ^ id, gb = ga, vb = 0;
			int ra = nvarm_vgic_emulate(&a.cpu, &a.v, &t, &ga);
			int rb = rd ? nvarm_vgic_vreg_read(&b.cpu, &b.v, d->enc, &vb)
				    : nvarm_vgic_vreg_write(&b.cpu, &b.v, d->enc, gb);

			if (rb == NVARM_ERR_NOENT) {
				assert_int_equal(ra, NVARM_EMUL_NOT_MINE);
				continue;
			}
			assert_int_equal(ra, rb ? NVARM_EMUL_UNDEF : NVARM_EMUL_OK);
			if (!rb && rd)
				assert_int_equal(ga, vb);
			mine++;
			undef += rb != 0;
		}
	assert_memory_equal(&a.v, &b.v, sizeof(a.v));
	assert_true(mine >= 40); /* ICH_* registers in both directions */
	assert_true(undef > 0);	 /* writes to read-only ones, LRs beyond 4 */
}

static void test_vtimer_emulate_matches_primitives(void **state)
{
	unsigned mine = 0, to_l1 = 0;

	(void)state;
	for (int from_l2 = 0; from_l2 < 2; from_l2++) {
		struct vt_fx a, b;

		assert_int_equal(vt_fx_init(&a, 0, false, 0), 0);
		assert_int_equal(vt_fx_init(&b, 0, false, 0), 0);
		assert_int_equal(nvarm_vtimer_activate(&a.vt, vt_fx_hw(&a), 1000), 0);
		assert_int_equal(nvarm_vtimer_activate(&b.vt, vt_fx_hw(&b), 1000), 0);
		if (from_l2) { /* L1 traps L2's physical timer: CNTHCTL_EL2 EL1PCEN/EL1PCTEN 0 */
			struct nvarm_trap w = {.enc = NVARM_ENC_CNTHCTL_EL2, .rt = 1};
			uint64_t zero = 0;
			assert_int_equal(
			    nvarm_vtimer_emulate(&a.vt, vt_fx_hw(&a), &w, false, 2000, &zero),
			    NVARM_EMUL_OK);
			assert_int_equal(nvarm_vtimer_sysreg_write(&b.vt, vt_fx_hw(&b),
								   NVARM_ENC_CNTHCTL_EL2, 2000, 0),
					 0);
			assert_int_equal(
			    nvarm_vtimer_switch(&a.vt, vt_fx_hw(&a), NVARM_VTIMER_CTX_L2, 2100), 0);
			assert_int_equal(
			    nvarm_vtimer_switch(&b.vt, vt_fx_hw(&b), NVARM_VTIMER_CTX_L2, 2100), 0);
		}
		for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
			for (int rd = 1; rd >= 0; rd--) {
				const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
				struct nvarm_trap t = {
				    .enc = d->enc, .is_read = (uint8_t)rd, .rt = 2};
				uint64_t ga = 5000 + id, vb = 0, now = 3000 + id;
				int ra = nvarm_vtimer_emulate(&a.vt, vt_fx_hw(&a), &t, from_l2, now,
							      &ga);
				int rb;

				if (NVARM_SYSREG_OP0(d->enc) != 3 ||
				    NVARM_SYSREG_CRN(d->enc) != 14) {
					assert_int_equal(ra, NVARM_EMUL_NOT_MINE);
					continue;
				}
				if (from_l2 && nvarm_vtimer_l2_trap_to_l1(&b.vt, d->enc) == 1) {
					assert_int_equal(ra, NVARM_EMUL_TO_L1);
					to_l1++;
					continue;
				}
				rb = rd ? nvarm_vtimer_sysreg_read(&b.vt, vt_fx_hw(&b), d->enc, now,
								   &vb)
					: nvarm_vtimer_sysreg_write(&b.vt, vt_fx_hw(&b), d->enc,
								    now, 5000 + id);
				if (rb == NVARM_ERR_NOENT)
					assert_int_equal(ra, NVARM_EMUL_NOT_MINE);
				else if (rb == NVARM_ERR_BAD_ENCODING)
					assert_int_equal(ra, NVARM_EMUL_UNDEF);
				else {
					assert_int_equal(rb, 0);
					assert_int_equal(ra, NVARM_EMUL_OK);
					if (rd)
						assert_int_equal(ga, vb);
					mine++;
				}
			}
		vt_fx_flush(&a);
		vt_fx_flush(&b);
		assert_memory_equal(a.real, b.real, sizeof(a.real));
	}
	assert_true(mine >= 20);
	assert_true(to_l1 > 0);
}

/*
 * The plain registers (nvarm_sysreg_plain_decode) are none of the vGIC's and none of the
 * timers': an L0 that asks those owners first in its general path (the example L0's
 * trap_sysreg: CRn 14 to the vtimer, CRn 12 to the vGIC) may take a plain access on its lean
 * entry without asking them (examples/l0/trap.c, l0_trap_l1_sysreg).
 */
static void test_plain_not_vgic_vtimer(void **state)
{
	struct vfix g;
	struct vt_fx t;
	struct vcpu_fix f;
	unsigned plain = 0, crn12 = 0;

	(void)state;
	assert_int_equal(vfix_init(&g, VTR_QEMU, 4, 0, 0), 0);
	assert_int_equal(vt_fx_init(&t, 0, false, 0), 0);
	assert_int_equal(nvarm_vtimer_activate(&t.vt, vt_fx_hw(&t), 1000), 0);
	fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
		for (unsigned rd = 0; rd < 2; rd++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
			uint64_t esr = sys_esr(NVARM_SYSREG_OP0(d->enc), NVARM_SYSREG_OP1(d->enc),
					       NVARM_SYSREG_CRN(d->enc), NVARM_SYSREG_CRM(d->enc),
					       NVARM_SYSREG_OP2(d->enc), 3, rd);
			struct nvarm_trap tr;
			struct nvarm_sysreg_plain p;
			uint64_t x = 0x77;

			if (nvarm_sysreg_plain_decode(&f.v, esr, &p) != 0)
				continue;
			assert_int_equal(nvarm_trap_decode(esr, &tr), 0);
			assert_false(NVARM_SYSREG_OP0(d->enc) == 3 &&
				     NVARM_SYSREG_CRN(d->enc) == 14);
			assert_int_equal(nvarm_vgic_emulate(&g.cpu, &g.v, &tr, &x),
					 NVARM_EMUL_NOT_MINE);
			assert_int_equal(
			    nvarm_vtimer_emulate(&t.vt, vt_fx_hw(&t), &tr, false, 2000, &x),
			    NVARM_EMUL_NOT_MINE);
			assert_int_equal(x, 0x77);
			plain++;
			crn12 += NVARM_SYSREG_CRN(d->enc) == 12;
		}
	assert_true(plain > 50);
	assert_true(crn12 > 0); /* VBAR_EL2 among them */
	fix_fini(&f);
	vt_fx_flush(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_s2mmu_guest_agrees_with_id_regs),
	    cmocka_unit_test(test_52bit_policy),
	    cmocka_unit_test(test_vtimer_flags_follow_the_vm),
	    cmocka_unit_test(test_vgic_lrs_follow_the_vm),
	    cmocka_unit_test(test_vgic_emulate_matches_primitives),
	    cmocka_unit_test(test_vtimer_emulate_matches_primitives),
	    cmocka_unit_test(test_plain_not_vgic_vtimer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
