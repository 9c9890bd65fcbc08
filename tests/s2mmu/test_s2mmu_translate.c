// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm_s2mmu_translate(): L1's stage-2 answer for one L2 IPA. Hand-built descriptors for the
 * 4K/16K/64K granules (pages and blocks, permissions, XN, Access flag, output size, external
 * abort on the walk) with expected values written from the Arm ARM (D8 stage-2 descriptors,
 * ESR_EL2 FSC encodings), then a differential run against the reference walker (ref.c) on
 * random, partly hostile tables, which also checks that the syndrome matches what
 * nvarm_s2mmu_handle_fault() injects. Seed: NVARM_SEED (default fixed); printed on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/arm/esr.h>

#include "fixture.h"

#define AF	  (1ull << 10)
#define RW	  (3ull << 6)
#define RO	  (1ull << 6)
#define WB	  (0xfull << 2)
#define DEV	  (0x1ull << 2) /* Device-nGnRE */
#define ISH	  (3ull << 8)
#define XN_NONE	  (2ull << 53) /* XN[1:0] = 10: no execution at any EL */
#define XN_UXN	  (3ull << 53) /* XN[1:0] = 11: EL1 only (FEAT_XNX) */
#define NORMAL_RW (AF | RW | WB | ISH)

static struct fx *setup_fx(unsigned gg, unsigned ia, int start)
{
	struct fx *f = calloc(1, sizeof(*f));
	fx_init(f, 12, 64, 4096, 2);
	fx_host_random(f, true);
	fx_guest_fixed(f, gg, ia, start);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 64), 0);
	return f;
}

static void teardown_fx(struct fx *f)
{
	fx_fini(f);
	free(f);
}

static struct nvarm_s2mmu_translation xl(struct fx *f, uint64_t ipa, unsigned acc)
{
	struct nvarm_s2mmu_translation t;
	memset(&t, 0xa5, sizeof(t));
	assert_int_equal(nvarm_s2mmu_translate(&f->s, &f->l1, nvarm_ipa2(ipa), acc, &t), 0);
	assert_int_equal(t.ipa2.v, ipa);
	return t;
}

static void expect_fault(struct fx *f, uint64_t ipa, unsigned acc, unsigned type, int level,
			 unsigned fsc)
{
	struct nvarm_s2mmu_translation t = xl(f, ipa, acc);
	assert_int_equal(t.fault, type);
	assert_int_equal(t.level, level);
	assert_int_equal(t.fsc, fsc);
	assert_int_equal(t.hpfar_el2, (ipa >> 12) << 4);
	assert_int_equal(t.ipa1.v, 0);
}

/* Per granule: a page, a block, read-only, XN, device memory, AF, output size, misses. */
static void check_granule(unsigned g)
{
	/* 40-bit input. 4K: start level 1 resolves bits [39:30] (2 concatenated tables);
	 * 16K: start level 1 resolves [39:36]; 64K: start level 2 resolves [39:29] (2
	 * concatenated tables). */
	int start = g == 16 ? 2 : 1;
	struct fx *f = setup_fx(g, 40, start);
	uint64_t gsz = 1ull << g, blk = 1ull << (g + (g - 3)); /* level-2 block */
	uint64_t pg = 0x12ull << g, pgoa = 0x345ull << g;
	uint64_t ro = 0x13ull << g, xnpg = 0x14ull << g, dev = 0x15ull << g, noaf = 0x16ull << g;
	uint64_t big = 0x17ull << g, uxn = 0x18ull << g;
	uint64_t bl = 5 * blk, bloa = 9 * blk;
	struct nvarm_s2mmu_translation t;

	fx_map(f, pg, pgoa, 3, NORMAL_RW);
	fx_map(f, ro, pgoa + gsz, 3, AF | RO | WB | ISH);
	fx_map(f, xnpg, pgoa + 2 * gsz, 3, NORMAL_RW | XN_NONE);
	fx_map(f, dev, pgoa + 3 * gsz, 3, AF | RW | DEV);
	fx_map(f, noaf, pgoa + 4 * gsz, 3, RW | WB | ISH);
	fx_map(f, big, 1ull << 41, 3, NORMAL_RW); /* beyond VTCR_EL2.PS = 40 bits */
	fx_map(f, uxn, pgoa + 5 * gsz, 3, NORMAL_RW | XN_UXN);
	fx_map(f, bl, bloa, 2, NORMAL_RW);

	/* Page: OA | offset, every permission, Normal WB inner shareable. */
	t = xl(f, pg + 0x123, NVARM_S2_ACC_R);
	assert_int_equal(t.fault, NVARM_S2_FAULT_NONE);
	assert_int_equal(t.ipa1.v, pgoa + 0x123);
	assert_int_equal(t.level, 3);
	assert_int_equal(t.leaf_shift, g);
	assert_int_equal(t.perm, NVARM_PERM_RWX);
	assert_int_equal(t.memattr, 0xf);
	assert_int_equal(t.sh, 3);
	assert_int_equal(t.fsc, 0);
	assert_int_equal(t.hpfar_el2, 0);
	/* Translate only (no permission check) and every access kind the descriptor allows. */
	assert_int_equal(xl(f, pg + gsz - 8, 0).ipa1.v, pgoa + gsz - 8);
	assert_int_equal(xl(f, pg, NVARM_S2_ACC_W | NVARM_S2_ACC_XP | NVARM_S2_ACC_XU).fault, 0);

	/* Block at level 2: offset within the block kept. */
	t = xl(f, bl + blk - gsz + 0x10, NVARM_S2_ACC_W);
	assert_int_equal(t.fault, NVARM_S2_FAULT_NONE);
	assert_int_equal(t.ipa1.v, bloa + blk - gsz + 0x10);
	assert_int_equal(t.level, 2);
	assert_int_equal(t.leaf_shift, g + g - 3);

	/* Read-only: reads pass, writes take a level-3 permission fault (FSC 0x0f). */
	t = xl(f, ro + 8, NVARM_S2_ACC_R);
	assert_int_equal(t.fault, 0);
	assert_int_equal(t.perm, NVARM_PERM_R | NVARM_PERM_XP | NVARM_PERM_XU);
	expect_fault(f, ro + 8, NVARM_S2_ACC_W, NVARM_S2_FAULT_PERMISSION, 3, 0x0f);
	t = xl(f, ro, NVARM_S2_ACC_W);
	assert_int_equal(t.perm, NVARM_PERM_R | NVARM_PERM_XP | NVARM_PERM_XU);

	/* XN[1:0] = 10: data fine, fetches at either EL fault. */
	assert_int_equal(xl(f, xnpg, NVARM_S2_ACC_W).perm, NVARM_PERM_R | NVARM_PERM_W);
	expect_fault(f, xnpg, NVARM_S2_ACC_XP, NVARM_S2_FAULT_PERMISSION, 3, 0x0f);
	expect_fault(f, xnpg, NVARM_S2_ACC_XU, NVARM_S2_FAULT_PERMISSION, 3, 0x0f);
	/* XN[1:0] = 11 with FEAT_XNX: EL1 may fetch, EL0 may not. */
	assert_int_equal(xl(f, uxn, NVARM_S2_ACC_XP).fault, 0);
	expect_fault(f, uxn, NVARM_S2_ACC_XU, NVARM_S2_FAULT_PERMISSION, 3, 0x0f);

	/* Device memory and no shareability as written. */
	t = xl(f, dev, NVARM_S2_ACC_R);
	assert_int_equal(t.memattr, 0x1);
	assert_int_equal(t.sh, 0);

	/* AF = 0: with VTCR_EL2.HA (the fixture sets HA/HD) the access sees AF = 1 and nothing
	 * is written back; without HA it is a level-3 Access flag fault (FSC 0x0b). */
	uint64_t da = fx_desc_addr(f, noaf, 3), d0 = fx_rd(f, da);
	assert_int_equal(xl(f, noaf, NVARM_S2_ACC_W).fault, 0);
	assert_int_equal(fx_rd(f, da), d0);
	f->l1.vtcr &= ~(uint64_t)(NVARM_VTCR_HA | NVARM_VTCR_HD);
	expect_fault(f, noaf, NVARM_S2_ACC_R, NVARM_S2_FAULT_ACCESS, 3, 0x0b);
	/* Access flag fault before permission fault (AArch64.S2Translate order). */
	fx_wr(f, da, d0 & ~RW);
	expect_fault(f, noaf, NVARM_S2_ACC_W, NVARM_S2_FAULT_ACCESS, 3, 0x0b);
	fx_wr(f, da, d0);
	assert_int_equal(fx_rd(f, da), d0);

	/* Output address above VTCR_EL2.PS: level-3 Address size fault (FSC 0x03). */
	expect_fault(f, big, NVARM_S2_ACC_R, NVARM_S2_FAULT_ADDR_SIZE, 3, 0x03);
	/* Table descriptor with RES0 OA bits [51:48] set: Address size fault at that level. */
	uint64_t tda = fx_desc_addr(f, pg, 2), td = fx_rd(f, tda);
	fx_wr(f, tda, td | (1ull << 48));
	expect_fault(f, pg, NVARM_S2_ACC_R, NVARM_S2_FAULT_ADDR_SIZE, 2, 0x02);
	fx_wr(f, tda, td);

	/* Misses: an empty level-3 slot next to a page, an empty level-2 slot, input beyond
	 * T0SZ (level-0 translation fault, FSC 0x04), a page descriptor at level 3 written
	 * as a block (reserved: translation fault). */
	expect_fault(f, pg + 7 * gsz, NVARM_S2_ACC_R, NVARM_S2_FAULT_TRANSLATION, 3, 0x07);
	expect_fault(f, bl + 3 * blk, NVARM_S2_ACC_R, NVARM_S2_FAULT_TRANSLATION, 2, 0x06);
	expect_fault(f, 1ull << 40, NVARM_S2_ACC_R, NVARM_S2_FAULT_TRANSLATION, 0, 0x04);
	uint64_t pda = fx_desc_addr(f, pg, 3);
	fx_wr(f, pda, (fx_rd(f, pda) & ~2ull));
	expect_fault(f, pg, NVARM_S2_ACC_R, NVARM_S2_FAULT_TRANSLATION, 3, 0x07);

	/* VTTBR_EL2 outside L1 memory: synchronous external abort on the walk at the start
	 * level (FSC 0x14 + level); the platform's GUEST_MEM error is not returned. */
	f->l1.vttbr = 0x8000000000ull;
	expect_fault(f, pg, NVARM_S2_ACC_R, NVARM_S2_FAULT_EXT_WALK, start,
		     0x14u + (unsigned)start);
	teardown_fx(f);
}

static void test_translate_4k(void **state)
{
	(void)state;
	check_granule(12);
}

static void test_translate_16k(void **state)
{
	(void)state;
	check_granule(14);
}

static void test_translate_64k(void **state)
{
	(void)state;
	check_granule(16);
}

/* Big-endian tables (SCTLR_EL2.EE) are byte-swapped by the walk; the shadow is untouched. */
static void test_translate_big_endian_no_shadow(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 40, 1);
	struct nvarm_s2mmu_stats st;

	f->l1.big_endian = true;
	f->ref.be = true;
	fx_map(f, 0x40001000, 0x7000, 3, NORMAL_RW);
	assert_int_equal(xl(f, 0x40001234, NVARM_S2_ACC_R).ipa1.v, 0x7234);
	f->l1.big_endian = false; /* the same bytes read little-endian: table bit 1 is clear */
	assert_int_not_equal(xl(f, 0x40001234, NVARM_S2_ACC_R).fault, 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.mmus, 0);
	assert_int_equal(st.leaves, 0);
	teardown_fx(f);
}

/*
 * HCR_EL2.VM = 0 (nvarm_s2mmu_l1_regs::vm false): L1's stage 2 is off whatever VTTBR_EL2 and
 * VTCR_EL2 hold. Translate is the identity with every permission and attributes that leave
 * stage 1's (MemAttr 0b1111, or 0b0111 "as stage 1" in the FWB layout; SH 00). A shadow MMU
 * for it is distinct from the VM=1 one with the same VTTBR_EL2 and maps L2 IPA -> L0's
 * stage-2 of the same L1 IPA (the fixture's host map), where the VM=1 MMU over empty
 * tables injects a translation fault.
 */
static void test_stage2_off(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 40, 1);
	struct nvarm_s2mmu_translation t;
	struct nvarm_s2mmu_result r;
	struct nvarm_host_s2_map h;
	struct nvarm_s2mmu_entry ent;
	uint64_t ipa = 0x40123456;
	int on, off;

	fx_get_mmu(f);
	on = f->mmu;
	f->l1.vm = false;
	f->l1.vtcr = 0; /* T0SZ = 0: an invalid configuration, ignored with VM = 0 */
	t = xl(f, ipa, NVARM_S2_ACC_W | NVARM_S2_ACC_XP | NVARM_S2_ACC_XU);
	assert_int_equal(t.fault, NVARM_S2_FAULT_NONE);
	assert_int_equal(t.ipa1.v, ipa);
	assert_int_equal(t.perm, NVARM_PERM_RWX);
	assert_int_equal(t.memattr, 0xf);
	assert_int_equal(t.sh, 0);
	assert_int_equal(t.hpfar_el2, 0);
	/* Beyond any stage-2 input size: still the identity (no stage-2 fault exists). */
	assert_int_equal(xl(f, 1ull << 45, NVARM_S2_ACC_R).ipa1.v, 1ull << 45);
	f->l1.fwb = true;
	assert_int_equal(xl(f, ipa, NVARM_S2_ACC_R).memattr, 0x7);
	f->l1.fwb = false;

	/* Shadow: a separate MMU, filled from L0's stage-2 at the same address. */
	f->l1.vtcr = f->ref.vtcr;
	fx_get_mmu(f);
	off = f->mmu;
	assert_true(off >= 0);
	assert_int_not_equal(off, on);
	struct nvarm_s2mmu_fault in = {fx_esr(RA_W, 0x07), 0x1000 | (ipa & 0xfff), (ipa >> 12) << 4,
				       false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, off, &in, &r), 0);
	assert_int_equal(fx_host_lookup(f, nvarm_ipa1(ipa), &h), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.ipa1.v, ipa);
	assert_int_equal(r.pa.v, h.pa.v); /* the host model's PA for that very L1 IPA */
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, off, nvarm_ipa2(ipa), &ent), 0);
	assert_int_equal(ent.pa.v, r.pa.v);
	/* The VM = 1 MMU walks L1's (empty) tables: translation fault for L1. */
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, on, &in, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(r.esr_el2 & NVARM_ISS_FSC_MASK, 0x05);
	teardown_fx(f);
}

static void test_translate_errors(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 40, 1);
	struct nvarm_s2mmu_translation t;

	assert_int_equal(nvarm_s2mmu_translate(NULL, &f->l1, nvarm_ipa2(0), 0, &t),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_translate(&f->s, NULL, nvarm_ipa2(0), 0, &t), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_translate(&f->s, &f->l1, nvarm_ipa2(0), 0, NULL),
			 NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_translate(&f->s, &f->l1, nvarm_ipa2(0), 0x10, &t),
			 NVARM_ERR_INVAL);
	teardown_fx(f);
}

/* Random hostile tables: translate == reference walk, and == what handle_fault injects. */
static void test_translate_differential(void **state)
{
	(void)state;
	static const unsigned gs[3] = {12, 14, 16};
	uint64_t seed = fx_seed(0x5eed7a11);
	unsigned long n = 0, faults = 0, ok = 0;

	for (int gi = 0; gi < 3; gi++) {
		struct fx *f = calloc(1, sizeof(*f));
		fx_init(f, 12, 2048, 1u << 14, 2);
		f->rng = seed + (uint64_t)gi * 0x9e3779b97f4a7c15ull;
		fx_host_random(f, true);
		fx_guest_config(f, gs[gi], true);
		assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
		assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 2048),
				 0);
		fx_get_mmu(f);
		assert_true(f->mmu >= 0);
		for (int i = 0; i < 4000; i++) {
			uint64_t ipa = fx_rand(f) & ((1ull << (f->iasize + 1)) - 1);
			unsigned acc = (unsigned)(fx_rand(f) % 16);
			struct nvarm_s2mmu_translation t;
			struct ref_walk w;

			if (fx_rand(f) % 4)
				fx_populate(f, ipa, true);
			ref_walk(&f->ref, ipa, acc, &w);
			assert_int_equal(
			    nvarm_s2mmu_translate(&f->s, &f->l1, nvarm_ipa2(ipa), acc, &t), 0);
			n++;
			if (t.fault != (unsigned)w.fault || t.level != w.level ||
			    (w.fault && t.fsc != ref_fsc(w.fault, w.level)) ||
			    (!w.fault &&
			     (t.ipa1.v != w.oa || t.leaf_shift != w.leaf_bits || t.perm != w.perm ||
			      t.memattr != w.memattr || t.sh != w.sh))) {
				print_error("seed %#llx gran %u ipa %#llx acc %u: fault %u@%d fsc "
					    "%#x oa %#llx perm %#x; ref %d@%d oa %#llx perm %#x\n",
					    (unsigned long long)seed, gs[gi],
					    (unsigned long long)ipa, acc, t.fault, t.level, t.fsc,
					    (unsigned long long)t.ipa1.v, t.perm, w.fault, w.level,
					    (unsigned long long)w.oa, w.perm);
				fail();
			}
			if (!t.fault) {
				ok++;
				continue;
			}
			faults++;
			/* The abort path tells L1 the same (acc 0 is not an abort). */
			unsigned a = acc & NVARM_S2_ACC_W    ? RA_W
				     : acc & NVARM_S2_ACC_R  ? RA_R
				     : acc & NVARM_S2_ACC_XP ? RA_XP
				     : acc & NVARM_S2_ACC_XU ? RA_XU
							     : 0;
			if (a != acc)
				continue;
			struct nvarm_s2mmu_fault in = {fx_esr(a, 0x07), 0x1000 | (ipa & 0xfff),
						       (ipa >> 12) << 4, a == RA_XU};
			struct nvarm_s2mmu_result r;
			assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
			if ((ipa >> 12) >> 40)
				continue; /* HPFAR_EL2.FIPA holds IPA bits [51:12] */
			if (r.action != NVARM_S2MMU_INJECT ||
			    (r.esr_el2 & NVARM_ISS_FSC_MASK) != t.fsc ||
			    r.hpfar_el2 != t.hpfar_el2) {
				print_error(
				    "seed %#llx ipa %#llx: inject %u esr %#llx hpfar %#llx, "
				    "translate fsc %#x hpfar %#llx\n",
				    (unsigned long long)seed, (unsigned long long)ipa, r.action,
				    (unsigned long long)r.esr_el2, (unsigned long long)r.hpfar_el2,
				    t.fsc, (unsigned long long)t.hpfar_el2);
				fail();
			}
		}
		fx_fini(f);
		free(f);
	}
	print_message("s2mmu translate diff: %lu walks, %lu translated, %lu faults, seed %#llx\n",
		      n, ok, faults, (unsigned long long)seed);
	assert_true(ok > n / 10);
	assert_true(faults > n / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_translate_4k),
	    cmocka_unit_test(test_translate_16k),
	    cmocka_unit_test(test_translate_64k),
	    cmocka_unit_test(test_translate_big_endian_no_shadow),
	    cmocka_unit_test(test_stage2_off),
	    cmocka_unit_test(test_translate_errors),
	    cmocka_unit_test(test_translate_differential),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
