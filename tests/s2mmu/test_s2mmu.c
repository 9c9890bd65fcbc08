// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 unit tests: walker geometry (start levels, concatenation, T0SZ), hostile
 * tables, fault syndromes, HAFDBS, endianness, attribute and permission combination, block
 * sizes, granule mismatch, TLBI decoding, MMU keying/recycling, pool exhaustion, API errors.
 * Expected values are written from the Arm ARM, not from the library's output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/sysreg.h>

#include "fixture.h"
#include "s2mmu/s2mmu_internal.h"

#define AF	  (1ull << 10)
#define RW	  (3ull << 6)
#define RO	  (1ull << 6)
#define WB	  (0xfull << 2)
#define ISH	  (3ull << 8)
#define NORMAL_RW (AF | RW | WB | ISH)

static struct fx *setup_fx(unsigned hg, unsigned gg, unsigned ia, int start)
{
	struct fx *f = calloc(1, sizeof(*f));
	fx_init(f, hg, 512, 4096, 4);
	fx_host_random(f, true);
	fx_guest_fixed(f, gg, ia, start);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 512), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	return f;
}

static void teardown_fx(struct fx *f)
{
	fx_fini(f);
	free(f);
}

static int fault(struct fx *f, uint64_t ipa, unsigned acc, struct nvarm_s2mmu_result *r)
{
	struct nvarm_s2mmu_fault in = {fx_esr(acc, 0x07), 0x1000 | (ipa & 0xfff), (ipa >> 12) << 4,
				       acc == RA_XU};
	return nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, r);
}

/* What L1 does after rewriting valid table descriptors: TLBI VMALLS12E1IS. */
static void l1_tlbi_all(struct fx *f)
{
	assert_true(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 3, 6), 0, &f->l1) >= 0);
}

static unsigned fsc_of(const struct nvarm_s2mmu_result *r)
{
	return (unsigned)(r->esr_el2 & 0x3f);
}

static int gwalk(struct fx *f, uint64_t ipa, unsigned acc, struct nvarm_s2_walk *w)
{
	return nvarm_s2_guest_walk(&f->cfg.guest, &f->l1, &f->ops, nvarm_ipa2(ipa), acc, false, w);
}

/* ---------------------------------------------------------------- geometry */

struct geo {
	unsigned gbits, t0sz, sl0;
	int start; /* expected start level, or 9 when the configuration is invalid */
	unsigned nconcat;
};

/* Hand-derived from D8.2 (levels resolve granule-3 bits; start level holds the rest). */
static const struct geo geos[] = {
    {12, 16, 2, 0, 1},	/* 48-bit, level 0, 512 entries */
    {12, 24, 1, 1, 2},	/* 40-bit, level 1, 2 concatenated tables */
    {12, 22, 1, 1, 8},	/* 42-bit, level 1, 8 concatenated */
    {12, 20, 1, 9, 0},	/* 44-bit at level 1 needs 32 tables: invalid */
    {12, 25, 0, 9, 0},	/* 39-bit at level 2 needs 2^18 entries: invalid */
    {12, 25, 1, 1, 1},	/* 39-bit, level 1 */
    {12, 32, 0, 2, 4},	/* 32-bit, level 2, 4 concatenated */
    {12, 24, 3, 9, 0},	/* SL0=3 (level 3) needs FEAT_TTST */
    {12, 24, 2, 0, 1},	/* 40-bit from level 0: 1 bit, 2 entries */
    {14, 28, 1, 2, 1},	/* 16K 36-bit, level 2, 2048 entries */
    {14, 24, 1, 2, 16}, /* 16K 40-bit, level 2, 16 concatenated */
    {14, 23, 1, 9, 0},	/* 16K 41-bit at level 2: 32 tables, invalid */
    {14, 24, 3, 9, 0},	/* 16K SL0=3 needs DS */
    {16, 22, 1, 2, 1},	/* 64K 42-bit, level 2 */
    {16, 16, 2, 1, 1},	/* 64K 48-bit, level 1, 64 entries */
    {16, 24, 3, 9, 0},	/* 64K SL0=3 reserved */
    {16, 31, 0, 3, 16}, /* 64K 33-bit, level 3, 16 concatenated */
    {16, 30, 0, 9, 0},	/* 64K 34-bit at level 3: 32 tables, invalid */
};

static void test_start_levels_and_concatenation(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVARM_ARRAY_SIZE(geos); i++) {
		const struct geo *g = &geos[i];
		struct fx *f = setup_fx(12, g->gbits, 40, g->gbits == 12 ? 1 : 2);
		unsigned st = g->gbits - 3, tg = g->gbits == 12 ? 0 : g->gbits == 14 ? 2 : 1;
		struct nvarm_s2_walk w;
		uint64_t top = (1ull << (64 - g->t0sz)) - (1ull << g->gbits);

		f->cfg.guest.pa_bits = 48;
		f->l1.vtcr = g->t0sz | g->sl0 << 6 | (uint64_t)tg << 14 | 5ull << 16;
		if (g->start == 9) {
			assert_int_equal(gwalk(f, top, RA_R, &w), 0);
			assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
			assert_int_equal(w.level, 0);
			teardown_fx(f);
			continue;
		}
		f->start = g->start;
		f->stride = st;
		f->gbits = g->gbits;
		f->iasize = 64 - g->t0sz;
		f->first = (int)f->iasize - (int)(g->gbits + (unsigned)(3 - g->start) * st);
		uint64_t rsize = 8ull << f->first;
		assert_int_equal(rsize > (1ull << g->gbits) ? rsize >> g->gbits : 1, g->nconcat);
		f->root = fx_l1_alloc(f, rsize < 4096 ? 4096 : rsize);
		f->l1.vttbr = f->root;
		uint64_t oa = 0x3000000ull & ~((1ull << g->gbits) - 1);
		fx_map(f, top, oa, 3, NORMAL_RW);
		/* The topmost page lives in the last entry of the last concatenated table. */
		assert_int_equal(fx_desc_addr(f, top, g->start), f->root + rsize - 8);
		assert_int_equal(gwalk(f, top + 8, RA_R, &w), 0);
		assert_int_equal(w.fault, NVARM_S2_FAULT_NONE);
		assert_int_equal(w.level, 3);
		assert_int_equal(w.oa.v, oa + 8);
		/* One past the input size: translation fault at level 0. */
		if (g->t0sz > 16) {
			assert_int_equal(gwalk(f, 1ull << (64 - g->t0sz), RA_R, &w), 0);
			assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
			assert_int_equal(w.level, 0);
		}
		/* An empty root faults at the start level. */
		fx_wr(f, fx_desc_addr(f, top, g->start), 0);
		assert_int_equal(gwalk(f, top, RA_R, &w), 0);
		assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
		assert_int_equal(w.level, g->start);
		teardown_fx(f);
	}
}

/* ------------------------------------------------------------ hostile tables */

static unsigned reads;
static int (*real_read)(void *, nvarm_ipa1_t, void *, size_t);
static int counting_read(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	reads++;
	return real_read(ctx, ipa, buf, len);
}

static void test_hostile_tables_terminate(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 48, 0);
	struct nvarm_s2_walk w;
	struct ref_walk rw;
	real_read = f->ops.read_l1;
	f->ops.read_l1 = counting_read;
	f->l1.vtcr &= ~(NVARM_VTCR_HA | NVARM_VTCR_HD); /* AF=0 must fault */
	f->ref.vtcr = f->l1.vtcr;
	fx_get_mmu(f);

	/* Every root entry points back at the root: levels 0..2 are tables, level 3 a page. */
	for (int i = 0; i < 512; i++)
		fx_wr(f, f->root + 8 * i, f->root | 3);
	for (int k = 0; k < 200; k++) {
		uint64_t ipa = fx_rand(f) & ((1ull << 48) - 1);
		reads = 0;
		assert_int_equal(gwalk(f, ipa, RA_R, &w), 0);
		assert_true(reads <= 4);
		ref_walk(&f->ref, ipa, RA_R, &rw);
		/* Level 3 sees "11" = page with OA = root, AF clear: access flag fault at L3. */
		assert_int_equal(w.fault, NVARM_S2_FAULT_ACCESS);
		assert_int_equal(rw.fault, RF_ACCESS);
		assert_int_equal(w.level, 3);
	}
	/* With AF and S2AP set in the looping descriptor the walk maps onto the table itself. */
	for (int i = 0; i < 512; i++)
		fx_wr(f, f->root + 8 * i, f->root | 3 | AF | RW);
	assert_int_equal(gwalk(f, 0x123456789000ull, RA_R, &w), 0);
	assert_int_equal(w.fault, 0);
	assert_int_equal(w.oa.v, f->root);

	/* Table pointing outside L1 memory: synchronous external abort on the walk, level 1. */
	memset(f->l1mem + (f->root - FX_L1_BASE), 0, 4096);
	fx_wr(f, f->root, 0x7f0000000ull | 3);
	l1_tlbi_all(f);
	assert_int_equal(gwalk(f, 0x1000, RA_R, &w), 0);
	assert_int_equal(w.fault, NVARM_S2_FAULT_EXT_WALK);
	assert_int_equal(w.level, 1);
	struct nvarm_s2mmu_result r;
	assert_int_equal(fault(f, 0x1000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x15);

	/* Block at level 0 with the 4K granule (no DS): reserved -> translation fault L0. */
	fx_wr(f, f->root, 0x0 | 1 | NORMAL_RW);
	l1_tlbi_all(f);
	assert_int_equal(gwalk(f, 0x1000, RA_R, &w), 0);
	assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
	assert_int_equal(w.level, 0);
	assert_int_equal(fault(f, 0x1000, RA_R, &r), 0);
	assert_int_equal(fsc_of(&r), 0x04);

	/* Level 3 descriptor with bits[1:0] = 01: reserved -> translation fault L3. */
	memset(f->l1mem + (f->root - FX_L1_BASE), 0, 4096);
	fx_map(f, 0x5000, 0x200000, 3, NORMAL_RW);
	uint64_t da = fx_desc_addr(f, 0x5000, 3);
	fx_wr(f, da, fx_rd(f, da) & ~2ull);
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x07);

	/* RES0 OA bit 48 set in a page: address size fault L3; OA above PS (40 bits) too. */
	fx_wr(f, da, 0x200000 | 3 | NORMAL_RW | (1ull << 48));
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(fsc_of(&r), 0x03);
	fx_wr(f, da, (1ull << 41) | 3 | NORMAL_RW);
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(fsc_of(&r), 0x03);
	/* Table address above PS at level 1: address size fault at level 1. */
	uint64_t d1 = fx_desc_addr(f, 0x5000, 1);
	uint64_t old = fx_rd(f, d1);
	fx_wr(f, d1, old | (1ull << 44));
	l1_tlbi_all(f);
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(fsc_of(&r), 0x01);
	fx_wr(f, d1, old);
	l1_tlbi_all(f);
	teardown_fx(f);
}

/* -------------------------------------------------------- syndromes and AF/DBM */

static void test_inject_syndrome_and_hafdbs(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	uint64_t ipa = 0x40123000;

	/* Invalid entry: translation fault at level 3, ISS syndrome bits preserved. */
	fx_map(f, ipa, 0x600000, 3, 0);
	fx_wr(f, fx_desc_addr(f, ipa, 3), 0);
	struct nvarm_s2mmu_fault in = {fx_esr(RA_W, 0x07) | NVARM_ISS_DABT_EA,
				       0xffff000012345678ull, (ipa >> 12) << 4, false};
	in.far = (in.far & ~0xfffull) | 0x678;
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(r.esr_el2, (in.esr & ~0x3full & ~(uint64_t)NVARM_ISS_DABT_EA) | 0x07);
	assert_int_equal(r.hpfar_el2, (ipa >> 12) << 4);
	assert_int_equal(r.far_el2, in.far);
	assert_int_equal(r.ipa2.v, ipa | 0x678);

	/* AF clear, HA set: installed and L1's descriptor now has AF. */
	uint64_t da = fx_desc_addr(f, ipa, 3);
	fx_wr(f, da, 0x600000 | 3 | RW | WB | ISH);
	assert_int_equal(fault(f, ipa, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_true(fx_rd(f, da) & AF);

	/* AF clear, HA clear: access flag fault at level 3 (0x0b), descriptor untouched. */
	uint64_t ipa2 = ipa + 0x1000;
	fx_map(f, ipa2, 0x601000, 3, RW | WB | ISH);
	f->l1.vtcr &= ~(NVARM_VTCR_HA | NVARM_VTCR_HD);
	fx_get_mmu(f);
	assert_int_equal(fault(f, ipa2, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x0b);
	assert_false(fx_rd(f, fx_desc_addr(f, ipa2, 3)) & AF);

	/* DBM: read-only + DBM, HD on: a write makes it writable (dirty) and maps RW. */
	f->l1.vtcr |= NVARM_VTCR_HA | NVARM_VTCR_HD;
	fx_get_mmu(f);
	uint64_t ipa3 = ipa + 0x2000;
	fx_map(f, ipa3, 0x602000, 3, AF | RO | WB | ISH | (1ull << 51));
	assert_int_equal(fault(f, ipa3, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.perm & NVARM_PERM_W, 0); /* read first: stays clean */
	assert_false(fx_rd(f, fx_desc_addr(f, ipa3, 3)) & (1ull << 7));
	struct nvarm_s2mmu_fault pf = {fx_esr(RA_W, 0x0f), 0, (ipa3 >> 12) << 4, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &pf, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_true(r.perm & NVARM_PERM_W);
	assert_true(fx_rd(f, fx_desc_addr(f, ipa3, 3)) & (1ull << 7));
	/* Without HD the same write is a permission fault at level 3. */
	uint64_t ipa4 = ipa + 0x3000;
	fx_map(f, ipa4, 0x603000, 3, AF | RO | WB | ISH | (1ull << 51));
	f->l1.vtcr &= ~NVARM_VTCR_HD;
	fx_get_mmu(f);
	assert_int_equal(fault(f, ipa4, RA_W, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x0f);

	/* Without cmpxchg_l1 the platform cannot update AF: report the AF fault. */
	f->l1.vtcr |= NVARM_VTCR_HA;
	fx_get_mmu(f);
	uint64_t ipa5 = ipa + 0x4000;
	fx_map(f, ipa5, 0x604000, 3, RW | WB | ISH);
	f->ops.cmpxchg_l1 = NULL;
	assert_int_equal(fault(f, ipa5, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x0b);

	/* Not a stage-2 abort (alignment fault): L0's business. */
	struct nvarm_s2mmu_fault al = {fx_esr(RA_R, NVARM_FSC_ALIGN), 0, 0, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &al, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_L0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_NOT_ABORT);
	teardown_fx(f);
}

static void test_big_endian_tables(void **state)
{
	(void)state;
	for (int be = 0; be < 2; be++) {
		struct fx *f = setup_fx(12, 12, 40, 1);
		struct nvarm_s2mmu_result r;
		memset(f->l1mem + (f->root - FX_L1_BASE), 0, 8192);
		f->l1.big_endian = be;
		f->ref.be = be;
		fx_get_mmu(f);
		fx_map(f, 0x80000000, 0x700000, 3, NORMAL_RW);
		uint8_t raw[8];
		memcpy(raw, f->l1mem + (fx_desc_addr(f, 0x80000000, 3) - FX_L1_BASE), 8);
		assert_int_equal(raw[be ? 7 : 0] & 3, 3); /* valid/page bits in the right byte */
		assert_int_equal(fault(f, 0x80000000, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		assert_int_equal(r.ipa1.v, 0x700000);
		teardown_fx(f);
	}
}

/* ------------------------------------------------------ attributes and perms */

static void test_attribute_combination(void **state)
{
	(void)state;
	/* FWB=0 both: the more restrictive per inner/outer; Device beats Normal. */
	assert_int_equal(nvarm_s2_combine_memattr(0xf, false, 0x5, false), 0x5);
	assert_int_equal(nvarm_s2_combine_memattr(0xf, false, 0xa, false), 0xa);
	assert_int_equal(nvarm_s2_combine_memattr(0xe, false, 0xb, false), 0xa);
	assert_int_equal(nvarm_s2_combine_memattr(0x1, false, 0xf, false), 0x1);
	assert_int_equal(nvarm_s2_combine_memattr(0xf, false, 0x3, false), 0x3);
	assert_int_equal(nvarm_s2_combine_memattr(0x3, false, 0x0, false), 0x0);
	/* L1 uses FWB: 0b110 forces WB, kept only with host FWB and WB host memory. */
	assert_int_equal(nvarm_s2_combine_memattr(0x6, true, 0xf, true), NVARM_S2_FWB_FORCE_WB);
	assert_int_equal(nvarm_s2_combine_memattr(0x6, true, 0xf, false), 0xf);
	assert_int_equal(nvarm_s2_combine_memattr(0x6, true, 0x5, true), NVARM_S2_FWB_NORMAL_NC);
	assert_int_equal(nvarm_s2_combine_memattr(0x7, true, 0xf, true), NVARM_S2_FWB_AS_S1);
	assert_int_equal(nvarm_s2_combine_memattr(0x5, true, 0xf, false), 0x5);
	assert_int_equal(nvarm_s2_combine_memattr(0x1, true, 0xf, true), 0x1);
	/* Host FWB has no Write-Through: WT becomes NC (more restrictive). */
	assert_int_equal(nvarm_s2_combine_memattr(0xa, false, 0xf, true), NVARM_S2_FWB_NORMAL_NC);
	/* Every pair agrees with the reference model. */
	for (unsigned g = 0; g < 16; g++)
		for (unsigned h = 0; h < 16; h++)
			for (int k = 0; k < 4; k++)
				assert_int_equal(
				    nvarm_s2_combine_memattr((uint8_t)g, k & 1, (uint8_t)h, k & 2),
				    ref_memattr(g, k & 1, h, k & 2));
	/* Shareability: Outer > Inner > Non; reserved 01 treated as Outer. */
	assert_int_equal(nvarm_s2_combine_sh(0, 3), 3);
	assert_int_equal(nvarm_s2_combine_sh(3, 2), 2);
	assert_int_equal(nvarm_s2_combine_sh(0, 0), 0);
	assert_int_equal(nvarm_s2_combine_sh(1, 0), 2);
}

static void test_permission_intersection_xn(void **state)
{
	(void)state;
	for (int hx = 0; hx < 2; hx++) {
		struct fx *f = setup_fx(12, 12, 40, 1);
		f->cfg.host_xnx = hx;
		f->s.cfg.host_xnx = hx;
		struct nvarm_s2mmu_result r;
		struct nvarm_s2mmu_entry e;
		/* L1: RW + PXN (XN=01): EL0 may execute, EL1 not. L0: R + XP + XU (no W). */
		f->hr[0].perm = NVARM_PERM_R | NVARM_PERM_XP | NVARM_PERM_XU;
		fx_map(f, 0x10000, 0x20000, 3, NORMAL_RW | (1ull << 53));
		assert_int_equal(fault(f, 0x10000, RA_W, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_L0); /* L0 denies the write */
		assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_PERM);
		assert_int_equal(fault(f, 0x10000, RA_XP, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INJECT); /* L1 denies EL1 fetch */
		assert_int_equal(fsc_of(&r), 0x0f);
		assert_int_equal(fault(f, 0x10000, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x10000), &e), 0);
		/* R only, plus EL0 exec if the CPU can express PXN (FEAT_XNX). */
		assert_int_equal(e.perm, NVARM_PERM_R | (hx ? NVARM_PERM_XU : 0));
		teardown_fx(f);
	}
}

/*
 * Stage-2 faults on L2's stage-1 table walk (S1PTW): a translation fault is a read of the
 * table (also for an instruction fetch's walk); a permission fault on a readable table is
 * the walk's descriptor update (hardware AF/dirty), a write: with L1's page read-only it
 * goes to L1 as a permission fault instead of resuming L2 into the same fault forever.
 */
static void test_s1ptw_access(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	/* the table page: read-only for L2 in L1's stage 2 */
	fx_map(f, 0x30000, 0x40000, 3, AF | RO | WB | ISH);
	/* an instruction fetch's walk reading the table: installed read-only */
	struct nvarm_s2mmu_fault in = {fx_esr(RA_XP, 0x07) | NVARM_ISS_DABT_S1PTW, 0x1000,
				       (0x30000 >> 12) << 4, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x30000), &e), 0);
	assert_int_equal(e.perm & (NVARM_PERM_R | NVARM_PERM_W), NVARM_PERM_R);
	/* the walk's AF update: a permission fault with WnR = 0 (as QEMU reports it) */
	in.esr = fx_esr(RA_R, 0x0f) | NVARM_ISS_DABT_S1PTW;
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), 0x0f);
	assert_true(r.esr_el2 & NVARM_ISS_DABT_S1PTW);
	/* with the page writable in L1's stage 2 the update is allowed: installed RW */
	fx_map(f, 0x30000, 0x40000, 3, NORMAL_RW);
	l1_tlbi_all(f);
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x30000), &e), 0);
	assert_int_equal(e.perm & NVARM_PERM_W, NVARM_PERM_W);
	teardown_fx(f);
}

/* ------------------------------------------------------------- block sizes */

static void test_largest_common_block(void **state)
{
	(void)state;
	struct {
		unsigned hg, gg;
		int glevel;	  /* L1 leaf level */
		unsigned hshift;  /* L0 block */
		uint64_t pa_skew; /* PA misalignment */
		unsigned want;	  /* expected shadow leaf shift (0: L0 handles, granule) */
	} c[] = {
	    {12, 12, 2, 21, 0, 21},	 /* 2M + 2M -> 2M block */
	    {12, 12, 1, 25, 0, 21},	 /* 1G guest, 32M host -> 2M */
	    {12, 12, 2, 12, 0, 12},	 /* host 4K pages -> 4K */
	    {12, 12, 3, 25, 0, 12},	 /* guest 4K -> 4K */
	    {12, 12, 2, 21, 0x1000, 12}, /* PA not 2M aligned -> 4K */
	    {12, 16, 3, 25, 0, 12},	 /* guest 64K page, 4K host: 4K leaves */
	    {12, 16, 2, 25, 0, 21},	 /* guest 512M block, 4K host: 2M */
	    {16, 16, 3, 25, 0, 16},	 /* 64K/64K */
	    {16, 12, 2, 25, 0, 16},	 /* guest 2M block, 64K host: 64K (no 2M level) */
	    {14, 14, 2, 25, 0, 25},	 /* 16K: 32M block */
	    {16, 12, 3, 25, 0, 16}, /* guest 4K pages, 64K host: coalesced (all 16 consistent) */
	    {16, 12, 3, 12, 0, 0},  /* host reports 4K inside a 64K granule: cannot map */
	};
	for (size_t i = 0; i < NVARM_ARRAY_SIZE(c); i++) {
		struct fx *f = setup_fx(c[i].hg, c[i].gg, 40, c[i].gg == 12 ? 1 : 2);
		struct nvarm_s2mmu_result r;
		unsigned gb = c[i].gg, st = gb - 3;
		unsigned lshift = gb + (unsigned)(3 - c[i].glevel) * st;
		uint64_t ipa2 = 5ull << 30, oa = 1ull << 30;
		for (unsigned reg = 0; reg < FX_HREG_N; reg++) {
			f->hr[reg].shift = (uint8_t)c[i].hshift;
			f->hr[reg].pa += c[i].pa_skew;
		}
		if (c[i].glevel == 3) /* fill the whole 64K window with consistent pages */
			for (uint64_t k = 0; k < (1ull << 16); k += 1ull << gb)
				fx_map(f, ipa2 + k, oa + k, 3, NORMAL_RW);
		else
			fx_map(f, ipa2, oa, c[i].glevel, NORMAL_RW);
		(void)lshift;
		assert_int_equal(fault(f, ipa2 + 0x123, RA_R, &r), 0);
		if (!c[i].want) {
			assert_int_equal(r.action, NVARM_S2MMU_L0);
			assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_GRANULE);
		} else {
			assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
			assert_int_equal(r.map_shift, c[i].want);
			assert_int_equal(r.pa.v, f->hr[oa >> 25].pa + 0x123);
		}
		teardown_fx(f);
	}
	/* Granule mismatch with one inconsistent neighbour: L0 must handle. */
	struct fx *f = setup_fx(16, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	for (uint64_t k = 0; k < (1ull << 16); k += 4096)
		fx_map(f, (5ull << 30) + k, (1ull << 30) + k, 3, NORMAL_RW);
	fx_map(f, (5ull << 30) + 0x7000, (1ull << 30) + 0x9000, 3, NORMAL_RW);
	assert_int_equal(fault(f, 5ull << 30, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_L0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_GRANULE);
	teardown_fx(f);
}

/* ----------------------------------------------------------------- TLBI */

static void test_tlbi_encodings(void **state)
{
	(void)state;
	/* All VMALLS12E1/ALLE1 forms (plain, IS, OS; CRn 8 and nXS CRn 9) empty the MMU. */
	static const uint8_t all_forms[][3] = {{4, 7, 6}, {4, 3, 6}, {4, 1, 6},
					       {4, 7, 4}, {4, 3, 4}, {4, 1, 4}};
	static const uint8_t ipa_forms[][3] = {{4, 4, 1}, {4, 4, 5}, {4, 0, 1},
					       {4, 0, 5}, {4, 4, 0}, {4, 4, 4}};
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	for (uint64_t k = 0; k < 8; k++)
		fx_map(f, 0x200000 + k * 4096, 0x400000 + k * 4096, 3, NORMAL_RW);
	for (int crn = 8; crn <= 9; crn++) {
		for (size_t i = 0; i < NVARM_ARRAY_SIZE(all_forms); i++) {
			for (uint64_t k = 0; k < 8; k++)
				assert_int_equal(fault(f, 0x200000 + k * 4096, RA_R, &r), 0);
			uint32_t enc = NVARM_SYSREG_ENC(1u, all_forms[i][0], (unsigned)crn,
							all_forms[i][1], all_forms[i][2]);
			assert_int_equal(nvarm_s2mmu_tlbi(&f->s, enc, 0, &f->l1), 8);
			assert_int_equal(
			    nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x200000), &e),
			    NVARM_ERR_NOENT);
		}
		for (size_t i = 0; i < NVARM_ARRAY_SIZE(ipa_forms); i++) {
			assert_int_equal(fault(f, 0x203000, RA_R, &r), 0);
			assert_int_equal(fault(f, 0x204000, RA_R, &r), 0);
			uint32_t enc = NVARM_SYSREG_ENC(1u, ipa_forms[i][0], (unsigned)crn,
							ipa_forms[i][1], ipa_forms[i][2]);
			assert_int_equal(nvarm_s2mmu_tlbi(&f->s, enc, 0x203000 >> 12, &f->l1), 1);
			assert_int_equal(
			    nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x203000), &e),
			    NVARM_ERR_NOENT);
			assert_int_equal(
			    nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x204000), &e), 0);
		}
	}
	/* Other VMID: nothing removed. Stage-1-only and unrelated ops: nothing removed. */
	struct nvarm_s2mmu_l1_regs other = f->l1;
	other.vttbr ^= 1ull << 48;
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 7, 6), 0, &other), 0);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x204000), &e), 0);
	unsigned before = f->hm.tlbi_count;
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 0, 8, 7, 0), 0, &f->l1), 0);
	assert_int_equal(f->hm.tlbi_count, before + 1); /* VMALLE1: hardware TLB of the VMID */
	assert_int_equal(f->hm.last_tlbi, NVARM_TLBI_S2_VMALL);
	assert_int_equal(f->hm.last_tlbi_vmid, f->cfg.hw_vmid_base + f->mmu);
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 7, 1), 0, &f->l1), 0);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x204000), &e), 0);

	/* A 2M L1 block shadowed as 4K pages: TLBI of any IPA in it removes all of them. */
	f->hr[0].shift = 12;
	fx_map(f, 0x600000, 0xa00000, 2, NORMAL_RW);
	for (uint64_t k = 0; k < 5; k++)
		assert_int_equal(fault(f, 0x600000 + k * 0x10000, RA_R, &r), 0);
	assert_int_equal(
	    nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 4, 1), 0x7ff000 >> 12, &f->l1), 5);
	teardown_fx(f);
}

/* RIPAS2E1 operand: TG [47:46], SCALE [45:44], NUM [43:39], TTL [38:37], BaseADDR [36:0]. */
static uint64_t ripa_xt(unsigned tg, unsigned scale, unsigned num, unsigned ttl, uint64_t base)
{
	return (uint64_t)tg << 46 | (uint64_t)scale << 44 | (uint64_t)num << 39 |
	       (uint64_t)ttl << 37 | base;
}

static void test_tlbi_range_operand(void **state)
{
	(void)state;
	uint64_t a = 0, b = 0;
	/* Arm ARM: (NUM + 1) * 2^(5 * SCALE + 1) granules from BaseADDR (in granules). */
	assert_true(nvarm_s2_ripa_range(ripa_xt(1, 0, 0, 0, 0x203), false, &a, &b));
	assert_int_equal(a, 0x203000);
	assert_int_equal(b, 0x205000); /* 2 x 4K */
	assert_true(nvarm_s2_ripa_range(ripa_xt(2, 1, 3, 2, 0x10), false, &a, &b));
	assert_int_equal(a, 0x40000);		 /* 0x10 x 16K */
	assert_int_equal(b, 0x40000 + 0x400000); /* 4 << 6 = 256 x 16K */
	assert_true(nvarm_s2_ripa_range(ripa_xt(3, 3, 31, 3, 1), false, &a, &b));
	assert_int_equal(a, 0x10000);
	assert_int_equal(b, 0x10000 + (1ull << 37)); /* 32 << 16 x 64K: the largest range */
	/* the TTL hint and the NS bit [63] do not change the range */
	assert_true(nvarm_s2_ripa_range(ripa_xt(1, 0, 0, 3, 0x203) | 1ull << 63, false, &a, &b));
	assert_int_equal(a, 0x203000);
	assert_int_equal(b, 0x205000);
	/* VTCR_EL2.DS = 1 (FEAT_LPA2): BaseADDR counts 64K units whatever the granule */
	assert_true(nvarm_s2_ripa_range(ripa_xt(1, 0, 1, 0, 3), true, &a, &b));
	assert_int_equal(a, 0x30000);
	assert_int_equal(b, 0x30000 + 4 * 0x1000);
	/* BaseADDR uses all 37 bits */
	assert_true(nvarm_s2_ripa_range(ripa_xt(3, 0, 0, 0, (1ull << 37) - 1), false, &a, &b));
	assert_int_equal(a, ((1ull << 37) - 1) << 16);
	/* TG = 0 is reserved: no range (the caller invalidates the whole VMID) */
	assert_false(nvarm_s2_ripa_range(ripa_xt(0, 0, 0, 0, 0x203), false, &a, &b));
}

static void test_tlbi_range_forms(void **state)
{
	(void)state;
	/* RIPAS2E1IS, RIPAS2LE1IS, RIPAS2E1OS, RIPAS2E1, RIPAS2LE1, RIPAS2LE1OS; CRn 8 and 9 */
	static const uint8_t forms[][2] = {{0, 2}, {0, 6}, {4, 3}, {4, 2}, {4, 6}, {4, 7}};
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	for (uint64_t k = 0; k < 8; k++)
		fx_map(f, 0x200000 + k * 4096, 0x400000 + k * 4096, 3, NORMAL_RW);
	for (unsigned crn = 8; crn <= 9; crn++) {
		for (size_t i = 0; i < NVARM_ARRAY_SIZE(forms); i++) {
			uint32_t enc = NVARM_SYSREG_ENC(1, 4, crn, forms[i][0], forms[i][1]);
			for (uint64_t k = 0; k < 8; k++)
				assert_int_equal(fault(f, 0x200000 + k * 4096, RA_R, &r), 0);
			/* 4K granule, SCALE 0, NUM 1: 4 pages from 0x202000 */
			assert_int_equal(
			    nvarm_s2mmu_tlbi(&f->s, enc, ripa_xt(1, 0, 1, 3, 0x202), &f->l1), 4);
			for (uint64_t k = 0; k < 8; k++)
				assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu,
								    nvarm_ipa2(0x200000 + k * 4096),
								    &e),
						 k >= 2 && k < 6 ? NVARM_ERR_NOENT : 0);
			/* a range that covers nothing that is mapped */
			assert_int_equal(
			    nvarm_s2mmu_tlbi(&f->s, enc, ripa_xt(1, 0, 0, 0, 0x300), &f->l1), 0);
			/* reserved TG: the whole VMID (the 4 remaining entries) */
			assert_int_equal(
			    nvarm_s2mmu_tlbi(&f->s, enc, ripa_xt(0, 0, 0, 0, 0x202), &f->l1), 4);
		}
	}
	/* A range TLBI of another VMID removes nothing. */
	assert_int_equal(fault(f, 0x203000, RA_R, &r), 0);
	struct nvarm_s2mmu_l1_regs other = f->l1;
	other.vttbr ^= 1ull << 48;
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 2),
					  ripa_xt(1, 0, 1, 0, 0x200), &other),
			 0);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x203000), &e), 0);
	teardown_fx(f);
}

/* ------------------------------------------------------ MMUs, pool, host */

static void test_mmu_keying_recycling_and_pool(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	fx_init(f, 12, 8, 256, 2);
	fx_host_random(f, true);
	fx_guest_fixed(f, 12, 40, 1);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	/* No pool pages yet: the root cannot be allocated. */
	assert_int_equal(nvarm_s2mmu_get(&f->s, &f->l1, &f->hw), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 4), 0);
	int a = nvarm_s2mmu_get(&f->s, &f->l1, &f->hw);
	assert_true(a >= 0);
	assert_int_equal(nvarm_s2mmu_get(&f->s, &f->l1, &f->hw), a); /* same key, same MMU */
	/* Shadow VTCR: 48-bit input, 4K granule, start level 0 (SL0=2), PS 48-bit. */
	assert_int_equal(f->hw.vtcr & 0x3f, 16);
	assert_int_equal((f->hw.vtcr >> 6) & 3, 2);
	assert_int_equal((f->hw.vtcr >> 14) & 3, 0);
	assert_int_equal((f->hw.vtcr >> 16) & 7, 5);
	assert_int_equal(f->hw.vttbr >> 48, f->cfg.hw_vmid_base + a);
	struct nvarm_s2mmu_l1_regs l1b = f->l1;
	l1b.vttbr ^= 1ull << 48; /* other VMID */
	int b = nvarm_s2mmu_get(&f->s, &l1b, &f->hw);
	assert_true(b >= 0 && b != a);
	struct nvarm_s2mmu_l1_regs l1c = f->l1;
	l1c.vtcr ^= 1ull << 12; /* other VTCR: a third key recycles the LRU one (a) */
	assert_int_equal(nvarm_s2mmu_get(&f->s, &l1b, &f->hw), b);
	int c = nvarm_s2mmu_get(&f->s, &l1c, &f->hw);
	assert_int_equal(c, a);
	/* Pool pressure: 4 pages = 2 roots + 2; a 4K mapping needs 3 more tables. */
	f->mmu = c;
	f->l1 = l1c;
	fx_map(f, 0x40000000, 0x100000, 3, NORMAL_RW);
	assert_int_equal(fault(f, 0x40000000, RA_R, &r), 0); /* recycles MMU b for pages */
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	struct nvarm_s2mmu_stats st;
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.mmus, 1);
	assert_int_equal(st.leaves, 1);
	assert_int_equal(st.rmap_bytes, 16);
	/*
	 * Far away address needs 2 new tables, no page is free and nobody to recycle: the fault
	 * reclaims the other path's level-3 table, whose level-2 parent empties and goes too
	 * (the root and the level-1 table, on this fault's path, stay).
	 */
	assert_int_equal(st.reclaim_passes, 1); /* the fault above: MMU b (idle) destroyed */
	assert_int_equal(st.reclaim_pages, 1);
	assert_int_equal(st.reclaim_leaves, 0);
	assert_int_equal(st.min_pool_pages, 4);
	fx_map(f, 0x7f00000000ull >> 0 & ((1ull << 40) - 1), 0x200000, 3, NORMAL_RW);
	assert_int_equal(fault(f, 0x7f00000000ull & ((1ull << 40) - 1), RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.reclaim_passes, 2);
	assert_int_equal(st.reclaim_pages, 3);
	assert_int_equal(st.reclaim_leaves, 1);
	assert_int_equal(st.leaves, 1);
	assert_int_equal(st.table_pages, 4);
	struct nvarm_s2mmu_entry ent;
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, c, nvarm_ipa2(0x40000000), &ent),
			 NVARM_ERR_NOENT);
	/* More pool: the evicted address faults back in without reclaiming. */
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool + 4 * 4096), 4),
			 0);
	assert_int_equal(fault(f, 0x40000000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.reclaim_passes, 2);
	/* Host aging and unmap by L1 IPA. */
	assert_int_equal(nvarm_s2mmu_host_age(&f->s, nvarm_ipa1(0x100000), 4096, false), 1);
	assert_int_equal(nvarm_s2mmu_host_age(&f->s, nvarm_ipa1(0x0), 1ull << 30, false), 2);
	assert_int_equal(nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1(0x100fff), 1), 1);
	assert_int_equal(nvarm_s2mmu_host_age(&f->s, nvarm_ipa1(0x0), 1ull << 30, false), 1);
	assert_int_equal(f->hm.lock_depth, 0);
	fx_fini(f);
	free(f);
}

static void test_host_outcomes(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	fx_map(f, 0x1000, 1ull << 25, 3, NORMAL_RW); /* region 1 */
	fx_map(f, 0x2000, 2ull << 25, 3, NORMAL_RW); /* region 2 */
	fx_map(f, 0x3000, 3ull << 25, 3, NORMAL_RW); /* region 3 */
	f->hr[1].mapped = false;
	f->hr[2].mmio = true;
	f->hr[3].dirty = true;
	assert_int_equal(fault(f, 0x1000, RA_R, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_UNMAPPED);
	assert_int_equal(r.ipa1.v, 1ull << 25);
	assert_int_equal(fault(f, 0x2000, RA_R, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_MMIO);
	assert_int_equal(fault(f, 0x3000, RA_W, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_PERM); /* dirty logging: L0 marks, retries */
	assert_int_equal(fault(f, 0x3000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.perm & NVARM_PERM_W, 0);
	teardown_fx(f);
}

/*
 * An invalidation that completes while a fault is between its unlocked L1 walk / L0 lookup
 * and its install (what another CPU's TLBI or L0 unmap does on an SMP host). The host lookup
 * hook stands for "the other CPU": on the fault's first lookup (the unlocked half) it
 * changes L1's table or L0's stage-2 and issues the invalidation. The fault must not
 * install the stale translation (the invalidation would be lost) and must answer from the
 * new state; an invalidation of an unrelated VMID must not make it retry.
 */
enum race_mode { RACE_NONE, RACE_L1_TLBI, RACE_HOST_UNMAP, RACE_OTHER_VMID, RACE_SAME_FAULT };

struct race {
	struct fx *f;
	enum race_mode mode;
	uint64_t ipa2;
	unsigned calls;
	unsigned tlbis; /* RACE_SAME_FAULT: TLBIs after the other vCPU's install */
};

static int race_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	struct race *rc = user;
	struct fx *f = rc->f;

	if (rc->calls++ == 0) {
		/* TLBI IPAS2E1IS, Xt = IPA[47:12] (sys #4, C8, C0, #1) */
		const uint32_t ipas2e1is = NVARM_SYSREG_ENC(1, 4, 8, 0, 1);
		struct nvarm_s2mmu_l1_regs other = f->l1;
		switch (rc->mode) {
		case RACE_L1_TLBI:
			fx_wr(f, fx_desc_addr(f, rc->ipa2, 3), 0);
			assert_int_equal(nvarm_s2mmu_tlbi(&f->s, ipas2e1is, rc->ipa2 >> 12, &f->l1),
					 0);
			break;
		case RACE_HOST_UNMAP:
			f->hr[ipa.v >> FX_HREG_SHIFT].mapped = false;
			assert_int_equal(nvarm_s2mmu_host_unmap(&f->s, ipa, 4096), 0);
			break;
		case RACE_SAME_FAULT: {
			/* Another vCPU faults on the same page and installs it first. */
			struct nvarm_s2mmu_result r2;
			assert_int_equal(fault(f, rc->ipa2, RA_R, &r2), 0);
			assert_int_equal(r2.action, NVARM_S2MMU_INSTALLED);
			rc->tlbis = f->hm.tlbi_count;
			break;
		}
		case RACE_OTHER_VMID:
			other.vttbr ^= 1ull << 48;
			assert_int_equal(nvarm_s2mmu_tlbi(&f->s, ipas2e1is, rc->ipa2 >> 12, &other),
					 0);
			break;
		default:
			break;
		}
	}
	return fx_host_lookup(f, ipa, out);
}

static void test_invalidation_overtakes_fault(void **state)
{
	(void)state;
	for (int mode = RACE_NONE; mode <= RACE_SAME_FAULT; mode++) {
		struct fx *f = setup_fx(12, 12, 40, 1);
		struct race rc = {f, (enum race_mode)mode, 0x5000, 0, 0};
		struct nvarm_s2mmu_result r;
		struct nvarm_s2mmu_stats st;
		struct nvarm_s2mmu_entry e;
		bool stale = mode == RACE_L1_TLBI || mode == RACE_HOST_UNMAP;

		fx_map(f, rc.ipa2, 0x200000, 3, NORMAL_RW);
		f->hm.s2_lookup = race_lookup;
		f->hm.s2_user = &rc;
		assert_int_equal(fault(f, rc.ipa2, RA_R, &r), 0);
		assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
		assert_int_equal(st.fault_retries, stale ? 1 : 0);
		if (mode == RACE_L1_TLBI) {
			/* L1's descriptor is gone: translation fault at level 3 for L1. */
			assert_int_equal(r.action, NVARM_S2MMU_INJECT);
			assert_int_equal(fsc_of(&r), 0x07);
		} else if (mode == RACE_HOST_UNMAP) {
			assert_int_equal(r.action, NVARM_S2MMU_L0);
			assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_UNMAPPED);
		} else {
			assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
			assert_int_equal(r.pa.v, f->hr[0].pa + 0x200000);
		}
		assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(rc.ipa2), &e),
				 stale ? NVARM_ERR_NOENT : 0);
		if (mode == RACE_SAME_FAULT) {
			/* The same entry: kept, no break-before-make under the other vCPU. */
			assert_int_equal(f->hm.tlbi_count, rc.tlbis);
			assert_int_equal(e.pa.v, r.pa.v);
			assert_int_equal(st.leaves, 1);
			/* A later translation fault on it (a vCPU that faulted before the
			 * install) resumes on the same entry, nothing broken. */
			f->hm.s2_lookup = fx_host_lookup;
			f->hm.s2_user = f;
			assert_int_equal(fault(f, rc.ipa2, RA_R, &r), 0);
			assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
			assert_int_equal(r.pa.v, e.pa.v);
			assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
			assert_int_equal(st.leaves, 1);
			assert_int_equal(f->hm.tlbi_count, rc.tlbis);
		}
		assert_int_equal(f->hm.lock_depth, 0);
		teardown_fx(f);
	}
}

/*
 * A permission or Access flag fault on an address the shadow already maps with the access
 * allowed (another vCPU installed or widened it after this vCPU's access faulted) is
 * spurious: answered from the shadow entry under the lock, without walking L1. Shown by
 * L1's descriptor being gone (no TLBI yet): a walk would inject a translation fault.
 */
static void test_spurious_fault_from_shadow(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r, r2;
	struct nvarm_s2mmu_stats st;

	fx_map(f, 0x5000, 0x200000, 3, NORMAL_RW);
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	fx_wr(f, fx_desc_addr(f, 0x5000, 3), 0);
	unsigned t0 = f->hm.tlbi_count;
	struct nvarm_s2mmu_fault af = {fx_esr(RA_R, 0x0b), 0x5000, (0x5000ull >> 12) << 4, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &af, &r2), 0);
	assert_int_equal(r2.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r2.pa.v, r.pa.v);
	assert_int_equal(r2.perm, r.perm);
	assert_int_equal(f->hm.tlbi_count, t0);
	/* A translation fault does walk: L1 now says there is nothing. */
	assert_int_equal(fault(f, 0x5000, RA_R, &r2), 0);
	assert_int_equal(r2.action, NVARM_S2MMU_INJECT);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.leaves, 1);
	assert_int_equal(f->hm.lock_depth, 0);
	teardown_fx(f);
}

/*
 * A translation fault pins its MMU without the lock while it walks L1 and looks up L0 (the
 * record is idle: no CPU marked it running). Another CPU that needs records meanwhile
 * (nvarm_s2mmu_get() for new configurations, more than there are free records) recycles the
 * other idle MMUs, never the pinned one; the fault then installs into it as usual.
 */
struct pin_race {
	struct fx *f;
	unsigned calls;
	int ids[12];
	unsigned n;
};

static int pin_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	struct pin_race *pr = user;
	struct fx *f = pr->f;

	if (pr->calls++ == 0) {
		for (unsigned k = 0; k < 12; k++) {
			struct nvarm_s2mmu_l1_regs other = f->l1;
			struct nvarm_s2mmu_hw hw;
			other.vttbr ^= (uint64_t)(k + 1) << 48; /* another VMID each time */
			pr->ids[pr->n++] = nvarm_s2mmu_get(&f->s, &other, &hw);
		}
	}
	return fx_host_lookup(f, ipa, out);
}

static void test_fault_pins_idle_mmu(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1); /* 4 MMU records, f->mmu idle */
	struct pin_race pr = {f, 0, {0}, 0};
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_stats st;
	struct nvarm_s2mmu_entry e;

	fx_map(f, 0x5000, 0x200000, 3, NORMAL_RW);
	f->hm.s2_lookup = pin_lookup;
	f->hm.s2_user = &pr;
	assert_int_equal(fault(f, 0x5000, RA_R, &r), 0);
	assert_int_equal(pr.n, 12);
	for (unsigned k = 0; k < pr.n; k++) {
		assert_true(pr.ids[k] >= 0);		 /* records were recycled ... */
		assert_int_not_equal(pr.ids[k], f->mmu); /* ... never the pinned one */
	}
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.pa.v, f->hr[0].pa + 0x200000);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(0x5000), &e), 0);
	assert_int_equal(e.pa.v, r.pa.v);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.mmus, 4);
	assert_int_equal(st.fault_retries, 1); /* the recycling bumped the generation */
	/* Once the fault is over the MMU is idle again: the next new configuration may take it. */
	f->hm.s2_lookup = fx_host_lookup;
	f->hm.s2_user = f;
	bool taken = false;
	for (unsigned k = 0; k < 4; k++) {
		struct nvarm_s2mmu_l1_regs other = f->l1;
		struct nvarm_s2mmu_hw hw;
		other.vttbr ^= (uint64_t)(k + 20) << 48;
		taken |= nvarm_s2mmu_get(&f->s, &other, &hw) == f->mmu;
	}
	assert_true(taken);
	assert_int_equal(f->hm.lock_depth, 0);
	teardown_fx(f);
}

/*
 * nvarm_s2mmu_get_running() marks in the same critical section; a running MMU is never
 * recycled when another configuration needs a record, an idle one is.
 */
static void test_get_running_never_recycled(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_l1_regs a = f->l1, b;
	struct nvarm_s2mmu_hw hw, hw2;
	int ids[4], id;

	/* setup_fx took one MMU (idle); fill the 4 records, all running. */
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, f->mmu, true), 0);
	ids[0] = f->mmu;
	for (int k = 1; k < 4; k++) {
		b = a;
		b.vttbr = (a.vttbr & ~(0xffull << 48)) | (uint64_t)(0x40 + k) << 48;
		ids[k] = nvarm_s2mmu_get_running(&f->s, &b, &hw);
		assert_true(ids[k] >= 0);
		assert_int_equal(nvarm_s2mmu_get_running(&f->s, &b, &hw2), ids[k]);
		assert_int_equal(hw2.vttbr, hw.vttbr);
	}
	b = a;
	b.vttbr = (a.vttbr & ~(0xffull << 48)) | (uint64_t)0x77 << 48;
	assert_int_equal(nvarm_s2mmu_get(&f->s, &b, &hw), NVARM_ERR_AGAIN);
	/* Release MMU ids[2] twice (it was taken twice): now it is the one recycled. */
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, ids[2], false), 0);
	assert_int_equal(nvarm_s2mmu_get(&f->s, &b, &hw), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, ids[2], false), 0);
	id = nvarm_s2mmu_get(&f->s, &b, &hw);
	assert_int_equal(id, ids[2]);
	for (int k = 0; k < 4; k++)
		if (k != 2)
			assert_int_equal(nvarm_s2mmu_set_running(&f->s, ids[k], false), 0);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, ids[0], false), NVARM_ERR_STATE);
	teardown_fx(f);
}

static void test_api_errors(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	fx_init(f, 12, 4, 64, 1);
	struct nvarm_s2mmu_config c = f->cfg;
	c.ops = NULL;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), NVARM_ERR_INVAL);
	c = f->cfg;
	c.mem_size--;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), NVARM_ERR_NOMEM);
	c = f->cfg;
	c.host_granule_shift = 13;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), NVARM_ERR_INVAL);
	struct nvarm_platform_ops ops = f->ops;
	ops.host_s2_lookup = NULL;
	c = f->cfg;
	c.ops = &ops;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), NVARM_ERR_INVAL);
	/* Below one walk's tables (4K granule, 48-bit: root at level 0 + 3 tables). */
	c = f->cfg;
	c.max_pool_pages = 3;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), NVARM_ERR_NOMEM);
	c.max_pool_pages = 4;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), 0);
	c = f->cfg;
	c.host_ia_bits = 39; /* root at level 1: 3 pages */
	c.max_pool_pages = 3;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), 0);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa(0x123), 1), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 3),
			 NVARM_ERR_NOMEM);
	struct nvarm_s2mmu_stats st;
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.free_pages, 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 4), 0);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_fault in = {fx_esr(RA_R, 7), 0, 0, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, 0, &in, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, 5, &in, &r), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1(0), 0), NVARM_ERR_INVAL);
	assert_int_equal(nvarm_s2mmu_mem_bytes(3, 10, 100), NVARM_S2MMU_MEM_BYTES(3, 10, 100));
	fx_fini(f);
	free(f);
}

/* Diagnostics: a refused configuration names its field through ops->log; calls on a never
 * initialised (zeroed) context return NVARM_ERR_STATE; overlapping pool regions refused. */
static char last_log[160];
static void capture_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	(void)ctx;
	(void)level;
	snprintf(last_log, sizeof(last_log), "%s", msg);
}

/*
 * nvarm_s2mmu_config::max_root_pages caps the concatenation: 1 is the single-page geometry
 * (4K, 40 bits: 4 levels from level 0, SL0 = 2), 4 allows 41 bits at level 1 (4 pages, SL0 =
 * 1) but not 43 (16 pages: level 0 again), 0 and 16 the fewest levels.
 */
static void test_root_cap(void **state)
{
	(void)state;
	static const struct {
		uint8_t cap, ia;
		unsigned pages, levels, sl0;
	} cases[] = {
	    {1, 40, 1, 4, 2},  {0, 40, 2, 3, 1},  {16, 40, 2, 3, 1}, {4, 41, 4, 3, 1},
	    {4, 43, 1, 4, 2},  {0, 43, 16, 3, 1}, {2, 41, 1, 4, 2},  {8, 42, 8, 3, 1},
	    {0, 34, 16, 2, 0}, {1, 34, 1, 3, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx *f = calloc(1, sizeof(*f));
		struct nvarm_s2mmu_stats st;
		int lv;
		unsigned rb;
		fx_init(f, 12, 32, 64, 1);
		f->cfg.host_ia_bits = cases[i].ia;
		f->cfg.max_root_pages = cases[i].cap;
		fx_guest_fixed(f, 12, 40, 1);
		assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
		assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 32), 0);
		assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
		assert_int_equal(st.root_pages, cases[i].pages);
		assert_int_equal(st.levels, cases[i].levels);
		fx_get_mmu(f);
		assert_true(f->mmu >= 0);
		assert_int_equal((f->hw.vtcr >> 6) & 3, cases[i].sl0);
		assert_int_equal(f->hw.vtcr & 63, 64 - cases[i].ia);
		assert_int_equal(fx_hw_geometry(f, &lv, &rb), 0);
		assert_int_equal(4 - lv, (int)cases[i].levels);
		fx_fini(f);
		free(f);
	}
}

static void test_diagnostics(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	fx_init(f, 12, 8, 64, 1);
	struct nvarm_platform_ops ops = f->ops;
	ops.log = capture_log;
	struct nvarm_s2mmu_config c = f->cfg;
	c.ops = &ops;
	static const struct {
		int what;
		const char *field;
		int err;
	} cases[] = {
	    {0, "max_mmus", NVARM_ERR_INVAL},		{1, "rmap_entries", NVARM_ERR_INVAL},
	    {2, "host_ia_bits", NVARM_ERR_INVAL},	{3, "host_pa_bits", NVARM_ERR_INVAL},
	    {4, "host_granule_shift", NVARM_ERR_INVAL}, {5, "mem_size", NVARM_ERR_NOMEM},
	    {6, "ops->tlbi", NVARM_ERR_INVAL},		{7, "max_pool_pages", NVARM_ERR_NOMEM},
	    {8, "max_root_pages", NVARM_ERR_INVAL},	{9, "max_pool_pages", NVARM_ERR_NOMEM},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nvarm_s2mmu_config b = c;
		struct nvarm_platform_ops bops = ops;
		b.ops = &bops;
		switch (cases[i].what) {
		case 0:
			b.max_mmus = 0;
			break;
		case 1:
			b.rmap_entries = 1;
			break;
		case 2:
			b.host_ia_bits = 60;
			break;
		case 3:
			b.host_pa_bits = 41;
			break;
		case 4:
			b.host_granule_shift = 13;
			break;
		case 5:
			b.mem_size = 8;
			break;
		case 6:
			bops.tlbi = NULL;
			break;
		case 7:
			b.max_pool_pages = 1;
			break;
		case 8:
			b.max_root_pages = 3; /* not a power of two */
			break;
		case 9:
			/* 64K granule, 46 bits: a 16-page root and one level below it */
			b.host_granule_shift = 16;
			b.host_ia_bits = 46;
			b.max_pool_pages = 16;
			break;
		}
		last_log[0] = 0;
		assert_int_equal(nvarm_s2mmu_init(&f->s, &b), cases[i].err);
		if (!strstr(last_log, cases[i].field))
			fail_msg("case %zu: log \"%s\" does not name %s", i, last_log,
				 cases[i].field);
	}
	/* a zeroed context: every call says so instead of touching memory it does not have */
	struct nvarm_s2mmu z;
	struct nvarm_s2mmu_hw hw;
	struct nvarm_s2mmu_stats st;
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	struct nvarm_s2mmu_translation t;
	struct nvarm_s2mmu_fault in = {fx_esr(RA_R, 7), 0, 0, false};
	memset(&z, 0, sizeof(z));
	assert_int_equal(nvarm_s2mmu_pool_add(&z, nvarm_pa((uintptr_t)f->pool), 8),
			 NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_get(&z, &f->l1, &hw), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_stats(&z, &st), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_handle_fault(&z, 0, &in, &r), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_lookup(&z, 0, nvarm_ipa2(0), &e), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_tlbi(&z, NVARM_SYSREG_ENC(1, 4, 8, 3, 6), 0, &f->l1),
			 NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_host_unmap(&z, nvarm_ipa1(0), 4096), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_set_running(&z, 0, true), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_translate(&z, &f->l1, nvarm_ipa2(0), NVARM_S2_ACC_R, &t),
			 NVARM_ERR_STATE);
	/* the same pool pages twice, or overlapping: refused and logged */
	assert_int_equal(nvarm_s2mmu_init(&f->s, &c), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 4), 0);
	last_log[0] = 0;
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool + 3 * 4096), 4),
			 NVARM_ERR_INVAL);
	assert_non_null(strstr(last_log, "overlap"));
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool + 4 * 4096), 4),
			 0);
	fx_fini(f);
	free(f);
}

/* ------------------------------------------------------ 52-bit: LPA2 and LPA */

static void test_lpa2_level_minus1(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2_walk w;
	struct nvarm_s2mmu_result r;
	f->cfg.guest.lpa2 = true;
	f->cfg.guest.pa_bits = 52;
	f->s.cfg.guest = f->cfg.guest;
	/* 4K, DS=1, SL2=1, SL0=0: start level -1, T0SZ=12 (52-bit), 16-entry root; PS=52. */
	f->start = -1;
	f->iasize = 52;
	f->first = 4;
	f->root = fx_l1_alloc(f, 4096);
	f->l1.vttbr = f->root;
	f->l1.vtcr = 12 | 2ull << 12 | 6ull << 16 | 1ull << 32 | 1ull << 33;
	fx_get_mmu(f);
	uint64_t ipa = 0xf123456789000ull, oa = 0xc000012345000ull; /* OA[51:50] = 0b11 */
	uint64_t leaf = (oa & NVARM_GENMASK(49, 12)) | (oa >> 50) << 8;
	fx_map(f, ipa, 0, 3, AF | RW | WB);
	fx_wr(f, fx_desc_addr(f, ipa, 3), leaf | 3 | AF | RW | WB);
	assert_int_equal(fx_desc_addr(f, ipa, -1), f->root + 8 * 0xf);
	assert_int_equal(gwalk(f, ipa + 0x10, RA_R, &w), 0);
	assert_int_equal(w.fault, 0);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.oa.v, oa + 0x10);
	assert_int_equal(w.sh, 2); /* from VTCR_EL2.SH0 with DS=1 */
	/* The L1 IPA is beyond anything L0 maps: L0 must handle, with the L1 IPA reported. */
	assert_int_equal(fault(f, ipa, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_L0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_UNMAPPED);
	assert_int_equal(r.ipa1.v, oa);
	/* Empty level -1 entry: translation fault at level -1 reported as FSC 0x2b. */
	assert_int_equal(fault(f, 0x1000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INJECT);
	assert_int_equal(fsc_of(&r), NVARM_FSC_TRANS_LM1);
	/* Without FEAT_LPA2 offered, DS is ignored and T0SZ=12 is out of range: level 0. */
	f->cfg.guest.lpa2 = false;
	assert_int_equal(gwalk(f, ipa, RA_R, &w), 0);
	assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
	assert_int_equal(w.level, 0);
	teardown_fx(f);
}

static void test_lpa_64k(void **state)
{
	(void)state;
	struct fx *f = setup_fx(16, 16, 40, 2);
	struct nvarm_s2_walk w;
	f->cfg.guest.lpa = true;
	f->cfg.guest.pa_bits = 52;
	/* 64K, T0SZ=12, SL0=2 (level 1, 1024 entries), PS=52: OA[51:48] in desc[15:12]. */
	f->start = 1;
	f->iasize = 52;
	f->first = 10;
	f->root = fx_l1_alloc(f, 65536);
	f->l1.vttbr = f->root;
	f->l1.vtcr = 12 | 2ull << 6 | 1ull << 14 | 6ull << 16;
	uint64_t ipa = 0xabcde12340000ull, oa = 0x9000076540000ull;
	fx_map(f, ipa, 0, 3, 0);
	fx_wr(f, fx_desc_addr(f, ipa, 3),
	      (oa & NVARM_GENMASK(47, 16)) | (oa >> 48) << 12 | 3 | AF | RW | WB | ISH);
	assert_int_equal(gwalk(f, ipa + 0x123, RA_W, &w), 0);
	assert_int_equal(w.fault, 0);
	assert_int_equal(w.oa.v, oa + 0x123);
	assert_int_equal(w.leaf_shift, 16);
	/* A 4TB block at level 1 is allowed with 52-bit output... */
	uint64_t da = fx_desc_addr(f, ipa, 1);
	uint64_t old = fx_rd(f, da);
	fx_wr(f, da, (1ull << 12) | 1 | AF | RW | WB | ISH); /* OA[48] is desc[12] */
	l1_tlbi_all(f);
	assert_int_equal(gwalk(f, ipa, RA_R, &w), 0);
	assert_int_equal(w.fault, 0);
	assert_int_equal(w.leaf_shift, 42);
	assert_int_equal(w.oa.v, (1ull << 48) | (ipa & ((1ull << 42) - 1)));
	/* ...and with a 48-bit output size (PS=5) too: AArch64.BlockDescSupported asks for
	 * PAMax() == 52, not PS (QEMU agrees). */
	f->l1.vtcr = (f->l1.vtcr & ~(7ull << 16)) | 5ull << 16;
	f->l1.vtcr = (f->l1.vtcr & ~0x3full) | 16; /* 48-bit input, 64 entries at level 1 */
	uint64_t ipa48 = ipa & ((1ull << 48) - 1);
	fx_wr(f, da, old);
	da = f->root + 8 * (ipa48 >> 42); /* the level-1 (root) entry with 6 index bits */
	old = fx_rd(f, da);
	fx_wr(f, da, (5ull << 42) | 1 | AF | RW | WB | ISH);
	l1_tlbi_all(f);
	assert_int_equal(gwalk(f, ipa48 + 0x123, RA_R, &w), 0);
	assert_int_equal(w.fault, 0);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.leaf_shift, 42);
	assert_int_equal(w.oa.v, (5ull << 42) | ((ipa48 + 0x123) & ((1ull << 42) - 1)));
	/* Without a 52-bit PA (FEAT_LPA not offered), level 1 holds no blocks. */
	f->cfg.guest.lpa = false;
	f->cfg.guest.pa_bits = 48;
	assert_int_equal(gwalk(f, ipa48, RA_R, &w), 0);
	assert_int_equal(w.fault, NVARM_S2_FAULT_TRANSLATION);
	assert_int_equal(w.level, 1);
	fx_wr(f, da, old);
	teardown_fx(f);
}

/* The shadow's VTCR_EL2: T0SZ [5:0] for @ia input bits, SL0 [7:6], SH0 [13:12] Inner, PS
 * [18:16], DS and SL2 [33:32]. */
static void check_vtcr(uint64_t vtcr, unsigned ia, unsigned sl0, unsigned ps, unsigned ds_sl2)
{
	assert_int_equal(vtcr & 0x3f, 64 - ia);
	assert_int_equal((vtcr >> 6) & 3, sl0);
	assert_int_equal((vtcr >> 12) & 3, 3);
	assert_int_equal((vtcr >> 16) & 7, ps);
	assert_int_equal((vtcr >> 32) & 3, ds_sl2);
}

/*
 * The shadow with 52-bit descriptors (host_pa_bits 52, issue #12): the geometry and the
 * VTCR_EL2 it asks for per host granule and input size (DS=1 for 4K/16K, FEAT_LPA's layout
 * with 64K; PS 52), the configurations refused, then one L2 IPA
 * above 2^48 through L1's 4K DS=1 tables to a PA with bits [51:48] set: the shadow leaf holds
 * PA[51:50] in bits [9:8], the walk the hardware makes of the shadow finds the PA, lookup
 * reports it, and L1's TLBI IPAS2E1IS (Xt[39:36] = IPA[51:48]) removes it.
 */
static void test_shadow52(void **state)
{
	/* then the 48-bit format an L1 with 48-bit IPAs gets: input n_ia, n_levels, SL0 n_sl0,
	 * one root page but with 64K at 44 bits (4) */
	static const struct {
		uint8_t hg, ia;
		unsigned levels, root_pages, sl0, n_ia, n_levels, n_sl0;
	} geo[] = {
	    {12, 52, 4, 16, 2, 48, 4, 2}, /* level 0, 16 concatenated tables; 48-bit: 1 */
	    {14, 52, 4, 1, 3, 47, 3, 2},  /* level 0: SL0 0b11 with DS=1; 48-bit: level 1 */
	    {16, 52, 3, 1, 2, 48, 3, 2},  /* level 1 */
	    {12, 48, 4, 1, 2, 48, 4, 2},  {14, 48, 3, 2, 2, 47, 3, 2}, {16, 44, 2, 4, 1, 44, 2, 1},
	};
	(void)state;
	for (unsigned i = 0; i < sizeof(geo) / sizeof(geo[0]); i++) {
		struct fx *f = calloc(1, sizeof(*f));
		struct nvarm_s2mmu_stats st;
		int lv;
		unsigned rb;
		bool ds = geo[i].hg != 16;

		fx_init(f, geo[i].hg, 64, 256, 2);
		fx_host_random(f, true);
		f->cfg.host_pa_bits = 52;
		f->cfg.host_ia_bits = geo[i].ia;
		f->cfg.guest.pa_bits = 52;
		fx_guest_fixed(f, 12, 40, 1);
		assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
		assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 64), 0);
		assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
		assert_int_equal(st.levels, geo[i].levels);
		assert_int_equal(st.root_pages, geo[i].root_pages);
		assert_int_equal(NVARM_S2MMU_ROOT_PAGES((unsigned)geo[i].hg, (unsigned)geo[i].ia),
				 geo[i].root_pages);
		/* L1 with 48-bit IPAs (40 here): the 48-bit format, DS=0, PS 48 */
		fx_get_mmu(f);
		assert_true(f->mmu >= 0);
		check_vtcr(f->hw.vtcr, geo[i].n_ia, geo[i].n_sl0, 5, 0);
		assert_int_equal(f->hw.vttbr & 0x3e, 0);
		assert_int_equal(fx_hw_geometry(f, &lv, &rb), 0);
		assert_int_equal(4 - lv, (int)geo[i].n_levels);
		/* L1's stage 2 off with a 52-bit PA range: L2 IPAs up to 2^52, the 52-bit format */
		f->l1.vm = false;
		fx_get_mmu(f);
		assert_true(f->mmu >= 0);
		check_vtcr(f->hw.vtcr, geo[i].ia, geo[i].sl0, 6, ds ? 1 : 0);
		assert_int_equal(fx_hw_geometry(f, &lv, &rb), 0);
		assert_int_equal(4 - lv, (int)geo[i].levels);
		fx_fini(f);
		free(f);
	}

	/* refused: inputs beyond 48 bits without a 52-bit PS, or beyond 52; PS 50 (not a
	 * PARange size); 52 bits with 4K on a root of at most 8 pages (level -1 unused) */
	static const struct {
		uint8_t hg, ia, pa, max_root;
	} bad[] = {{12, 49, 48, 0}, {12, 53, 52, 0}, {16, 52, 48, 0},
		   {12, 48, 50, 0}, {12, 52, 52, 8}, {14, 48, 48, 0}};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx *f = calloc(1, sizeof(*f));
		fx_init(f, bad[i].hg, 64, 256, 2);
		f->cfg.host_ia_bits = bad[i].ia;
		f->cfg.host_pa_bits = bad[i].pa;
		f->cfg.max_root_pages = bad[i].max_root;
		assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), NVARM_ERR_INVAL);
		fx_fini(f);
		free(f);
	}

	/* L1: 4K, DS=1, T0SZ 12 (52-bit IPA) from level 0 (13 bits: 16 tables), PS 52 */
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry ent;
	struct ref_walk hw;
	struct fx_leaf leaves[8];
	fx_init(f, 12, 512, 4096, 4);
	fx_host_random(f, true);
	f->cfg.guest.pa_bits = 52;
	f->cfg.guest.lpa = f->cfg.guest.lpa2 = true;
	f->cfg.host_pa_bits = 52;
	f->cfg.host_ia_bits = 52;
	fx_guest_fixed(f, 12, 52, 0);
	f->l1.vtcr = 12 | 2ull << 6 | 3ull << 12 | 6ull << 16 | 1ull << 32;
	f->ref.vtcr = f->l1.vtcr;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 512), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	uint64_t ipa2 = (1ull << 51) | 0x123456000ull, ipa1 = (5ull << FX_HREG_SHIFT) | 0x7000;
	uint64_t pa = 0xd000000000000ull | 0x7000; /* PA[51:50] = 0b11, PA[48] = 1 */
	f->hr[5] = (struct fx_hreg){.mapped = true,
				    .shift = 21,
				    .perm = NVARM_PERM_RWX,
				    .memattr = 0xf,
				    .sh = 3,
				    .pa = 0xd000000000000ull};
	fx_map(f, ipa2, ipa1, 3, AF | RW | WB);
	assert_int_equal(fault(f, ipa2 + 0x10, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.pa.v, pa + 0x10);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa2 + 0x20), &ent), 0);
	assert_int_equal(ent.pa.v, pa + 0x20);
	assert_int_equal(ent.sh, 3); /* VTCR_EL2.SH0: L1's (DS=1) with Inner: Inner */
	assert_int_equal(fx_leaves(f, leaves, 8), 1);
	assert_int_equal(leaves[0].ipa2, ipa2);
	assert_int_equal((leaves[0].desc >> 8) & 3, 3); /* PA[51:50] */
	assert_int_equal(leaves[0].desc & NVARM_GENMASK(49, 12), pa & NVARM_GENMASK(49, 12));
	fx_hw_walk(f, ipa2 + 0x30, &hw);
	assert_int_equal(hw.fault, 0);
	assert_int_equal(hw.oa, pa + 0x30);
	/* TLBI IPAS2E1IS, Xt = IPA[51:12] */
	assert_int_equal(
	    nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1), ipa2 >> 12, &f->l1), 1);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa2), &ent),
			 NVARM_ERR_NOENT);
	/* L1 with VTCR_EL2.SH0 Outer Shareable (its DS=1 leaves all are): the shadow MMU for it
	 * runs Outer Shareable, the combination of L1's and L0's Inner */
	f->l1.vtcr = (f->l1.vtcr & ~(3ull << 12)) | 2ull << 12;
	f->ref.vtcr = f->l1.vtcr;
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	assert_int_equal((f->hw.vtcr >> 12) & 3, 2);
	assert_int_equal(fault(f, ipa2, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa2), &ent), 0);
	assert_int_equal(ent.sh, 2);
	fx_hw_walk(f, ipa2, &hw);
	assert_int_equal(hw.sh, 2);
	teardown_fx(f);
}

/*
 * Issue #12: a 52-bit shadow context (4K, host_pa_bits 52) serving an L1 whose own stage 2 is
 * the usual 48-bit one (no DS, 40-bit IPAs): its MMU uses the 48-bit format, so each shadow
 * leaf has its own SH field, the combination of L1's and L0's (Arm ARM D8.6: the more
 * shareable wins). L1 maps one page Outer Shareable and one Non-shareable, L0 maps both
 * Inner: the hardware walk of the MMU's own VTCR_EL2 (DS=0, PS 48) finds Outer for the first
 * and Inner for the second; an L1 with DS=1 in the same context still gets a DS=1 MMU.
 */
static void test_shadow52_sh_per_leaf(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry ent;
	struct ref_walk hw;
	struct fx_leaf leaves[4];
	uint64_t osh = 0x40201000, nsh = 0x40202000;

	fx_init(f, 12, 512, 4096, 4);
	fx_host_random(f, true); /* every L0 region Inner Shareable */
	f->cfg.host_pa_bits = 52;
	f->cfg.host_ia_bits = 52;
	f->cfg.guest.pa_bits = 52;
	f->cfg.guest.lpa = f->cfg.guest.lpa2 = true;
	fx_guest_fixed(f, 12, 40, 1);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 512), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	/* VTCR_EL2: T0SZ 16, SL0 level 0, SH0 Inner, PS 48, DS 0 */
	assert_int_equal(f->hw.vtcr & 0x3f, 16);
	assert_int_equal((f->hw.vtcr >> 6) & 3, 2);
	assert_int_equal((f->hw.vtcr >> 12) & 3, 3);
	assert_int_equal((f->hw.vtcr >> 16) & 7, 5);
	assert_int_equal((f->hw.vtcr >> 32) & 1, 0);
	fx_map(f, osh, 0x300000, 3, AF | RW | WB | 2ull << 8);
	fx_map(f, nsh, 0x301000, 3, AF | RW | WB);
	assert_int_equal(fault(f, osh, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(fault(f, nsh, RA_W, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(osh), &ent), 0);
	assert_int_equal(ent.sh, 2);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(nsh), &ent), 0);
	assert_int_equal(ent.sh, 3);
	assert_int_equal(fx_leaves(f, leaves, 4), 2);
	for (unsigned k = 0; k < 2; k++)
		assert_int_equal((leaves[k].desc >> 8) & 3, leaves[k].ipa2 == osh ? 2 : 3);
	fx_hw_walk(f, osh + 0x10, &hw);
	assert_int_equal(hw.fault, 0);
	assert_int_equal(hw.oa, f->hr[0].pa + 0x300010);
	assert_int_equal(hw.sh, 2);
	fx_hw_walk(f, nsh, &hw);
	assert_int_equal(hw.fault, 0);
	assert_int_equal(hw.sh, 3);
	/* pool pages at 2^48 could become tables of this 48-bit-format MMU: refused */
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa(1ull << 48), 16), NVARM_ERR_RANGE);
	/* the same context, an L1 with DS=1 (52-bit IPAs): its own MMU has DS=1, PS 52 */
	fx_guest_fixed(f, 12, 52, 0);
	f->l1.vtcr = 12 | 2ull << 6 | 3ull << 12 | 6ull << 16 | 1ull << 32;
	f->ref.vtcr = f->l1.vtcr;
	int narrow = f->mmu;
	fx_get_mmu(f);
	assert_true(f->mmu >= 0 && f->mmu != narrow);
	assert_int_equal(f->hw.vtcr & 0x3f, 12);
	assert_int_equal((f->hw.vtcr >> 16) & 7, 6);
	assert_int_equal((f->hw.vtcr >> 32) & 1, 1);
	struct nvarm_s2mmu_stats st;
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	assert_int_equal(st.table_pages, 1 + 3 + 16); /* 48-bit root + 3 tables, 16-page root */
	teardown_fx(f);
}

/* ---------------------------------------------------- walk cache vs TLBI */

static void test_walk_cache_dropped_by_tlbi(void **state)
{
	(void)state;
	struct fx *f = setup_fx(12, 12, 40, 1);
	struct nvarm_s2mmu_result r;
	uint64_t ipa = 0x40200000;
	fx_map(f, ipa, 0x100000, 3, NORMAL_RW);
	assert_int_equal(fault(f, ipa, RA_R, &r), 0);
	assert_int_equal(r.ipa1.v, 0x100000);
	/* L1 replaces the level-2 table descriptor with a new table mapping ipa elsewhere. */
	uint64_t t = fx_l1_alloc(f, 4096);
	fx_wr(f, t + ((ipa >> 12) & 511) * 8, 0x300000 | 3 | NORMAL_RW);
	fx_wr(f, fx_desc_addr(f, ipa, 2), t | 3);
	/* TLBI IPAS2E1 for ipa: the shadow leaf goes, and the next fault sees the new table. */
	assert_int_equal(
	    nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 4, 1), ipa >> 12, &f->l1), 1);
	assert_int_equal(fault(f, ipa, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.ipa1.v, 0x300000);
	assert_int_equal(r.pa.v, f->hr[0].pa + 0x300000);
	teardown_fx(f);
}

/* ------------------------------------------------------------ table checks */

static void test_tables_consistent(void **state)
{
	(void)state;
	/*
	 * Every TLBI line of the register database: an L1's trapped TLBI decodes to the TLBI
	 * class (the L0 hands exactly that class to nvarm_s2mmu_tlbi), the kind the s2mmu path
	 * uses is the line's, stage-2 kinds are EL2 instructions (op1=4) or VMALLE1*, and every
	 * nXS form (CRn=9) has its base form (CRn=8, same op1/CRm/op2) of the same kind.
	 */
	unsigned n = 0, s2 = 0;
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		if (!(d->flags & NVARM_SRF_TLBI))
			continue;
		unsigned op0 = NVARM_SYSREG_OP0(d->enc), op1 = NVARM_SYSREG_OP1(d->enc),
			 crn = NVARM_SYSREG_CRN(d->enc), crm = NVARM_SYSREG_CRM(d->enc),
			 op2 = NVARM_SYSREG_OP2(d->enc), kind = NVARM_SRF_TLBI_KIND_OF(d->flags);
		uint64_t esr = (0x18ull << 26) | (1ull << 25) | ((uint64_t)op0 << 20) |
			       ((uint64_t)op2 << 17) | ((uint64_t)op1 << 14) |
			       ((uint64_t)crn << 10) | (3ull << 5) | ((uint64_t)crm << 1);
		struct nvarm_trap t;
		n++;
		assert_int_equal(op0, 1);
		assert_true(crn == 8 || crn == 9);
		assert_int_equal(nvarm_trap_decode(esr, &t), 0);
		if (t.cls != NVARM_TC_TLBI || t.reg != id)
			fail_msg("%s decodes to class %u", d->name, t.cls);
		assert_int_equal(nvarm_s2_tlbi_kind(d->enc), kind);
		assert_true(kind >= NVARM_TLBI_VA1 && kind <= NVARM_TLBI_EL2);
		if (kind == NVARM_TLBI_IPA || kind == NVARM_TLBI_RIPA || kind == NVARM_TLBI_S12 ||
		    kind == NVARM_TLBI_ALL1) {
			assert_int_equal(op1, 4);
			s2++;
		}
		if (kind == NVARM_TLBI_VMALL1)
			assert_true(op1 == 0 && op2 == 0);
		if (kind == NVARM_TLBI_EL2 || kind == NVARM_TLBI_ALL1)
			assert_int_equal(op1, 4);
		if (kind == NVARM_TLBI_VA1)
			assert_int_equal(op1, 0);
		if (crn == 9) {
			const struct nvarm_sysreg_desc *b = nvarm_sysreg_desc(
			    nvarm_sysreg_lookup(NVARM_SYSREG_ENC(1, op1, 8, crm, op2)));
			char want[40];
			assert_non_null(b);
			snprintf(want, sizeof(want), "%sNXS", b->name);
			assert_string_equal(d->name, want);
			assert_int_equal(b->flags, d->flags);
			assert_int_equal(d->feat, b->feat | NVARM_VMF_XS);
		}
	}
	/* 30 EL1 and 33 EL2 operations (base, OS, range), each also as nXS */
	assert_int_equal(n, 126);
	assert_int_equal(s2, 2 * (6 + 6 + 3 + 3)); /* IPA, RIPA, VMALLS12E1, ALLE1 forms */
	assert_int_equal(nvarm_s2_tlbi_kind(NVARM_SYSREG_ENC(1, 4, 8, 0, 2)), NVARM_TLBI_RIPA);
	assert_int_equal(nvarm_s2_tlbi_kind(NVARM_SYSREG_ENC(1, 4, 9, 4, 7)), NVARM_TLBI_RIPA);
	assert_int_equal(nvarm_s2_tlbi_kind(NVARM_SYSREG_ENC(1, 0, 7, 6, 1)), 0); /* DC IVAC */
	assert_int_equal(nvarm_s2_tlbi_kind(NVARM_SYSREG_ENC(1, 4, 8, 0, 0)), 0); /* unallocated */
	/* Granules: distinct shifts/TG0 values; each SL0 maps to a distinct level. */
	const unsigned shifts[3] = {12, 14, 16};
	for (int i = 0; i < 3; i++) {
		const struct s2_granule *g = nvarm_s2_granule_by_shift(shifts[i]);
		assert_non_null(g);
		assert_ptr_equal(nvarm_s2_granule_by_tg0(g->tg0), g);
		for (int a = 0; a < 4; a++)
			for (int b = a + 1; b < 4; b++)
				assert_true(g->sl0_level[a] != g->sl0_level[b]);
		assert_int_equal(g->block_levels & 1, 0);	 /* never a block at level -1 */
		assert_int_equal(g->block_levels & (1 << 4), 0); /* level 3 holds pages */
	}
	assert_null(nvarm_s2_granule_by_tg0(3));
	/* PS encodings strictly increase; 7 is reserved. */
	for (unsigned k = 1; k < 7; k++)
		assert_true(nvarm_s2_ps_bits(k) > nvarm_s2_ps_bits(k - 1));
	assert_int_equal(nvarm_s2_ps_bits(7), 0);
}

static void test_running_and_wrprotect(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	fx_init(f, 12, 64, 256, 2);
	fx_host_random(f, true);
	fx_guest_fixed(f, 12, 40, 1);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 64), 0);
	struct nvarm_s2mmu_l1_regs l1b = f->l1, l1c = f->l1;
	l1b.vttbr ^= 1ull << 48;
	l1c.vttbr ^= 2ull << 48;
	int a = nvarm_s2mmu_get(&f->s, &f->l1, &f->hw);
	int b = nvarm_s2mmu_get(&f->s, &l1b, &f->hw);
	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, a, true), 0);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, true), 0);
	/* Both MMUs in use: a third configuration cannot take one of them. */
	assert_int_equal(nvarm_s2mmu_get(&f->s, &l1c, &f->hw), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, a, false), 0);
	assert_int_equal(nvarm_s2mmu_get(&f->s, &l1c, &f->hw), a); /* a was free to recycle */
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, a, false), NVARM_ERR_STATE);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, 7, true), NVARM_ERR_INVAL);

	/* Dirty tracking: write-protect by L1 IPA, then a write refaults and maps RW again. */
	f->l1 = l1c;
	f->mmu = a;
	fx_map(f, 0x40000000, 0x200000, 3, NORMAL_RW);
	assert_int_equal(fault(f, 0x40000000, RA_W, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	unsigned t0 = f->hm.tlbi_count;
	assert_int_equal(nvarm_s2mmu_host_wrprotect(&f->s, nvarm_ipa1(0x200000), 4096), 1);
	assert_int_equal(f->hm.tlbi_count, t0 + 1);
	assert_int_equal(f->hm.last_tlbi_ipa, 0x40000000);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, a, nvarm_ipa2(0x40000000), &e), 0);
	assert_int_equal(e.perm & NVARM_PERM_W, 0);
	assert_true(e.perm & NVARM_PERM_R);
	assert_int_equal(nvarm_s2mmu_host_wrprotect(&f->s, nvarm_ipa1(0x200000), 4096), 0);
	struct nvarm_s2mmu_fault pf = {fx_esr(RA_W, 0x0f), 0, (0x40000000ull >> 12) << 4, false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, a, &pf, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_lookup(&f->s, a, nvarm_ipa2(0x40000000), &e), 0);
	assert_true(e.perm & NVARM_PERM_W);
	struct nvarm_s2mmu_stats st;
	nvarm_s2mmu_stats(&f->s, &st);
	assert_int_equal(st.leaves, 1);
	fx_fini(f);
	free(f);
}

/* ------------------------------------------------------------ fault-around */

static struct fx *setup_fa(unsigned fa, uint32_t pool, uint32_t rmap)
{
	struct fx *f = calloc(1, sizeof(*f));
	fx_init(f, 12, pool, rmap, 4);
	fx_host_random(f, true);
	fx_guest_fixed(f, 12, 40, 1);
	f->cfg.fault_around = (uint16_t)fa;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), pool), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	return f;
}

/* Shadow entry of @ipa: its PA and permissions, or false when absent. */
static bool entry(struct fx *f, uint64_t ipa, struct nvarm_s2mmu_entry *e)
{
	return nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa), e) == 0;
}

static struct nvarm_s2mmu_stats stats(struct fx *f)
{
	struct nvarm_s2mmu_stats st;
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	return st;
}

#define FA_WIN 0x40000ull /* L2 IPA of a 16-page window (64K aligned) */

/*
 * A fault maps the other pages of its window that a fault of their own would map, as that
 * fault would (PA, permissions L1 ∩ L0), and leaves alone: AF = 0 (L1's Access flag logic
 * must see it), invalid, L0 not mapping the L1 IPA, MMIO, a PA beyond host_pa_bits, a page
 * already present (its entry untouched); dirty logging and read-only L1 pages lose W.
 */
static void test_fault_around_checks(void **state)
{
	(void)state;
	struct fx *f = setup_fa(16, 512, 4096);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e, e7;
	uint64_t reg = 1ull << 25; /* L1 IPA region 1, mapped RWX by L0 */

	f->hr[2].mapped = false;
	f->hr[3].pa = 1ull << 48; /* beyond host_pa_bits */
	f->hr[4].mmio = true;
	f->hr[5].dirty = true;
	for (unsigned i = 0; i < 16; i++) {
		uint64_t ipa = FA_WIN + i * 0x1000ull, oa = reg + i * 0x1000ull, at = NORMAL_RW;
		switch (i) {
		case 2:
			at &= ~AF;
			break;
		case 3:
			continue; /* invalid */
		case 4:
			oa = (2ull << 25) + i * 0x1000ull;
			break;
		case 5:
			oa = (3ull << 25) + i * 0x1000ull;
			break;
		case 6:
			oa = (4ull << 25) + i * 0x1000ull;
			break;
		case 8:
			at = AF | RO | WB | ISH;
			break;
		case 9:
			oa = (5ull << 25) + i * 0x1000ull;
			break;
		}
		fx_map(f, ipa, oa, 3, at);
	}
	/* page 7 first: present before the window's fault, with only R (a read-only L0 region) */
	f->hr[1].perm = NVARM_PERM_R;
	assert_int_equal(fault(f, FA_WIN + 7 * 0x1000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_true(entry(f, FA_WIN + 7 * 0x1000, &e7));
	assert_int_equal(e7.perm, NVARM_PERM_R);
	/* its own window was prefetched read-only too: drop all but page 7 */
	for (unsigned i = 0; i < 16; i++)
		if (i != 7 && entry(f, FA_WIN + i * 0x1000ull, &e))
			assert_true(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1),
						     (FA_WIN + i * 0x1000ull) >> 12, &f->l1) >= 0);
	assert_int_equal(stats(f).leaves, 1);
	f->hr[1].perm = NVARM_PERM_RWX;

	uint64_t before = stats(f).fault_around_leaves;
	assert_int_equal(fault(f, FA_WIN, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	for (unsigned i = 1; i < 16; i++) {
		uint64_t ipa = FA_WIN + i * 0x1000ull;
		bool want = i == 1 || i == 8 || i >= 9;
		bool have = entry(f, ipa, &e);
		if (i == 7) {
			assert_true(have); /* untouched: still the read-only entry */
			assert_int_equal(e.perm, e7.perm);
			assert_int_equal(e.pa.v, e7.pa.v);
			continue;
		}
		if (have != want)
			fail_msg("page %u: %s", i, have ? "prefetched" : "not prefetched");
		if (!want)
			continue;
		unsigned rg = i == 9 ? 5 : 1;
		assert_int_equal(e.pa.v, f->hr[rg].pa + i * 0x1000ull);
		assert_int_equal(e.shift, 12);
		unsigned perm = i == 8 || i == 9 ? NVARM_PERM_R | NVARM_PERM_XP | NVARM_PERM_XU
						 : NVARM_PERM_RWX;
		assert_int_equal(e.perm, perm);
	}
	struct nvarm_s2mmu_stats st = stats(f);
	assert_int_equal(st.fault_around_leaves - before, 9); /* 1, 8, 9..15 */
	assert_int_equal(st.leaves, 11);		      /* + the fault's page and page 7 */
	/* the skipped pages still fault as they would have: AF = 0 is L1's Access flag */
	assert_int_equal(fault(f, FA_WIN + 2 * 0x1000, RA_R, &r), 0);
	if (r.action == NVARM_S2MMU_INJECT)
		assert_int_equal(fsc_of(&r), 0x0b); /* Access flag, level 3 (no HA) */
	assert_int_equal(fault(f, FA_WIN + 4 * 0x1000, RA_R, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_UNMAPPED);
	assert_int_equal(fault(f, FA_WIN + 5 * 0x1000, RA_R, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_RANGE);
	assert_int_equal(fault(f, FA_WIN + 6 * 0x1000, RA_R, &r), 0);
	assert_int_equal(r.l0_reason, NVARM_S2MMU_L0_MMIO);
	/* a permission fault (write to the read-only page 8 in L1) prefetches nothing */
	before = stats(f).fault_around_leaves;
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1),
					  (FA_WIN + 1 * 0x1000ull) >> 12, &f->l1),
			 1);
	struct nvarm_s2mmu_fault in = {fx_esr(RA_W, 0x0f), 0x1000, ((FA_WIN + 0x9000) >> 12) << 4,
				       false};
	assert_int_equal(nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r), 0);
	assert_int_equal(stats(f).fault_around_leaves, before);
	assert_false(entry(f, FA_WIN + 0x1000, &e));
	teardown_fx(f);
}

/*
 * Prefetched entries are leaves like any other: L1's TLBI by IPA removes exactly its page,
 * L0's unmap of an L1 IPA range exactly the pages made from it, TLBI VMALLS12E1IS all; the
 * reverse map holds one node per entry throughout.
 */
static void test_fault_around_invalidation(void **state)
{
	(void)state;
	struct fx *f = setup_fa(16, 512, 4096);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;
	struct fx_leaf lv[64];

	for (unsigned i = 0; i < 32; i++)
		fx_map(f, FA_WIN + i * 0x1000ull, (1ull << 25) + i * 0x1000ull, 3, NORMAL_RW);
	assert_int_equal(fault(f, FA_WIN + 3 * 0x1000, RA_W, &r), 0); /* mid-window fault */
	assert_int_equal(fault(f, FA_WIN + 16 * 0x1000, RA_R, &r), 0);
	assert_int_equal(fx_leaves(f, lv, 64), 32);
	assert_int_equal(stats(f).leaves, 32);
	assert_int_equal(stats(f).fault_around_leaves, 30);
	for (size_t i = 0; i < 32; i++) {
		char why[200];
		if (fx_check_leaf(f, &lv[i], why, sizeof(why)))
			fail_msg("leaf %#llx: %s", (unsigned long long)lv[i].ipa2, why);
	}
	/* TLBI IPAS2E1IS of a prefetched page */
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1),
					  (FA_WIN + 0x5000) >> 12, &f->l1),
			 1);
	assert_false(entry(f, FA_WIN + 0x5000, &e));
	assert_true(entry(f, FA_WIN + 0x4000, &e) && entry(f, FA_WIN + 0x6000, &e));
	/* L0 unmaps the L1 IPAs behind pages 9 and 10 (prefetched) */
	assert_int_equal(
	    nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1((1ull << 25) + 9 * 0x1000), 0x2000), 2);
	assert_false(entry(f, FA_WIN + 0x9000, &e));
	assert_false(entry(f, FA_WIN + 0xa000, &e));
	assert_true(entry(f, FA_WIN + 0xb000, &e));
	assert_int_equal(stats(f).leaves, 29);
	assert_int_equal(fx_leaves(f, lv, 64), 29);
	/* TLBI VMALLS12E1IS: nothing left, every node back */
	l1_tlbi_all(f);
	assert_int_equal(fx_leaves(f, lv, 64), 0);
	assert_int_equal(stats(f).leaves, 0);
	teardown_fx(f);
}

/*
 * The reverse map running short stops the fault-around (a quarter of it is kept free for
 * faults; never a reclaim for it, never an error for the fault); the pool is not used (the window
 * is in the fault's table): a pool of the minimum size still lets the whole window in.
 */
static void test_fault_around_exhaustion(void **state)
{
	(void)state;
	struct fx *f = setup_fa(16, 512, 16); /* 15 usable reverse-map nodes, 4 kept free */
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_entry e;

	for (unsigned i = 0; i < 32; i++)
		fx_map(f, FA_WIN + i * 0x1000ull, (1ull << 25) + i * 0x1000ull, 3, NORMAL_RW);
	assert_int_equal(fault(f, FA_WIN, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	struct nvarm_s2mmu_stats st = stats(f);
	assert_int_equal(st.leaves, 11); /* the fault's + 10: 4 nodes stay free for faults */
	assert_int_equal(st.fault_around_leaves, 10);
	assert_int_equal(st.reclaim_passes, 0);
	for (unsigned i = 11; i < 16; i++) /* the window's tail: left to faults */
		assert_false(entry(f, FA_WIN + i * 0x1000ull, &e));
	/* below the reserve, a fault prefetches nothing (the window of page 16 is empty) */
	assert_int_equal(fault(f, FA_WIN + 0x11000, RA_R, &r), 0);
	assert_int_equal(fault(f, FA_WIN + 0x12000, RA_R, &r), 0);
	assert_int_equal(stats(f).fault_around_leaves, 10);
	assert_int_equal(stats(f).leaves, 13);
	assert_int_equal(stats(f).reclaim_passes, 0);
	/* faults go on until the map is full, then reclaim for themselves as usual */
	for (unsigned i = 0x13; i < 0x18; i++) {
		assert_int_equal(fault(f, FA_WIN + i * 0x1000ull, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		assert_true(entry(f, FA_WIN + i * 0x1000ull, &e));
	}
	assert_int_equal(stats(f).fault_around_leaves, 10);
	assert_true(stats(f).leaves <= 15);
	assert_true(stats(f).reclaim_passes > 0);
	teardown_fx(f);

	/* the smallest pool: root + 3 lower tables (40-bit input, start level 1: 2-page root) */
	f = calloc(1, sizeof(*f));
	fx_init(f, 12, 8, 4096, 1);
	fx_host_random(f, true);
	fx_guest_fixed(f, 12, 40, 1);
	f->cfg.fault_around = 16;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	st = stats(f);
	assert_int_equal(
	    nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), st.min_pool_pages), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	for (unsigned i = 0; i < 16; i++)
		fx_map(f, FA_WIN + i * 0x1000ull, (1ull << 25) + i * 0x1000ull, 3, NORMAL_RW);
	assert_int_equal(fault(f, FA_WIN + 0x2000, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(stats(f).leaves, 16);
	assert_int_equal(stats(f).reclaim_passes, 0);
	teardown_fx(f);
}

/* nvarm_s2mmu_config::fault_around: 0, 1 or a power of two up to 64, named when wrong. */
static void test_fault_around_config(void **state)
{
	(void)state;
	static const struct {
		uint16_t fa;
		int rc;
	} cases[] = {{0, 0},
		     {1, 0},
		     {2, 0},
		     {64, 0},
		     {3, NVARM_ERR_INVAL},
		     {128, NVARM_ERR_INVAL},
		     {48, NVARM_ERR_INVAL}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx *f = calloc(1, sizeof(*f));
		fx_init(f, 12, 32, 64, 1);
		f->ops.log = capture_log;
		last_log[0] = 0;
		f->cfg.fault_around = cases[i].fa;
		fx_guest_fixed(f, 12, 40, 1);
		assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), cases[i].rc);
		if (cases[i].rc)
			assert_non_null(strstr(last_log, "fault_around"));
		fx_fini(f);
		free(f);
	}
}

/*
 * Fault-around at its largest: when L1's last-level table maps a whole 2M region linearly
 * (every descriptor a valid page with AF set and the same attributes) inside one L0 block,
 * the fault installs one shadow 2M block; L1's TLBI of any page of it, L0's unmap of any L1
 * page of it remove the block; any one descriptor that differs (AF = 0, read-only, not
 * linear, invalid) or fault_around off gives pages again.
 */
static void test_fault_around_block(void **state)
{
	(void)state;
	const uint64_t l2 = 0x40000000ull, l1 = 2ull << 25; /* both 2M aligned, L0 region 2 */
	static const struct {
		unsigned fa;
		int page; /* descriptor changed, -1: none */
		uint64_t attrs;
		bool block;
	} cases[] = {
	    {16, -1, NORMAL_RW, true},
	    {0, -1, NORMAL_RW, false},
	    {16, 300, NORMAL_RW & ~AF, false},
	    {16, 511, AF | RO | WB | ISH, false},
	    {16, 0, 0, false},
	    {16, 77, ~0ull, false}, /* ~0: not linear */
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct fx *f = setup_fa(cases[c].fa, 512, 4096);
		struct nvarm_s2mmu_result r;
		struct nvarm_s2mmu_entry e;
		struct fx_leaf lv[64];
		char why[200];

		for (unsigned i = 0; i < 512; i++) {
			uint64_t oa = l1 + i * 0x1000ull, at = NORMAL_RW;
			if ((int)i == cases[c].page) {
				if (cases[c].attrs == ~0ull)
					oa = l1 + 0x200000;
				else if (!cases[c].attrs)
					continue;
				else
					at = cases[c].attrs;
			}
			fx_map(f, l2 + i * 0x1000ull, oa, 3, at);
		}
		assert_int_equal(fault(f, l2 + 0x123000, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		assert_true(entry(f, l2 + 0x123000, &e));
		assert_int_equal(e.pa.v, f->hr[2].pa + 0x123000);
		if (!cases[c].block) {
			assert_int_equal(e.shift, 12);
			assert_int_equal(r.map_shift, 12);
			teardown_fx(f);
			continue;
		}
		assert_int_equal(e.shift, 21);
		assert_int_equal(stats(f).leaves, 1);
		assert_int_equal(fx_leaves(f, lv, 64), 1);
		if (fx_check_leaf(f, &lv[0], why, sizeof(why)))
			fail_msg("block: %s", why);
		assert_true(entry(f, l2, &e) && entry(f, l2 + 0x1ff000, &e));
		/* L1: TLBI IPAS2E1IS of another page in the region */
		assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1),
						  (l2 + 0x7000) >> 12, &f->l1),
				 1);
		assert_false(entry(f, l2 + 0x123000, &e));
		assert_int_equal(stats(f).leaves, 0);
		/* L0: unmap one L1 page of the region */
		assert_int_equal(fault(f, l2 + 0x5000, RA_W, &r), 0);
		assert_int_equal(r.map_shift, 21);
		assert_int_equal(nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1(l1 + 0x1f0000), 0x1000),
				 1);
		assert_false(entry(f, l2 + 0x5000, &e));
		assert_int_equal(stats(f).leaves, 0);
		teardown_fx(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_start_levels_and_concatenation),
	    cmocka_unit_test(test_hostile_tables_terminate),
	    cmocka_unit_test(test_inject_syndrome_and_hafdbs),
	    cmocka_unit_test(test_big_endian_tables),
	    cmocka_unit_test(test_attribute_combination),
	    cmocka_unit_test(test_s1ptw_access),
	    cmocka_unit_test(test_permission_intersection_xn),
	    cmocka_unit_test(test_largest_common_block),
	    cmocka_unit_test(test_tlbi_encodings),
	    cmocka_unit_test(test_tlbi_range_operand),
	    cmocka_unit_test(test_tlbi_range_forms),
	    cmocka_unit_test(test_mmu_keying_recycling_and_pool),
	    cmocka_unit_test(test_host_outcomes),
	    cmocka_unit_test(test_invalidation_overtakes_fault),
	    cmocka_unit_test(test_get_running_never_recycled),
	    cmocka_unit_test(test_fault_pins_idle_mmu),
	    cmocka_unit_test(test_spurious_fault_from_shadow),
	    cmocka_unit_test(test_root_cap),
	    cmocka_unit_test(test_diagnostics),
	    cmocka_unit_test(test_api_errors),
	    cmocka_unit_test(test_lpa2_level_minus1),
	    cmocka_unit_test(test_lpa_64k),
	    cmocka_unit_test(test_shadow52),
	    cmocka_unit_test(test_shadow52_sh_per_leaf),
	    cmocka_unit_test(test_walk_cache_dropped_by_tlbi),
	    cmocka_unit_test(test_tables_consistent),
	    cmocka_unit_test(test_running_and_wrprotect),
	    cmocka_unit_test(test_fault_around_checks),
	    cmocka_unit_test(test_fault_around_invalidation),
	    cmocka_unit_test(test_fault_around_exhaustion),
	    cmocka_unit_test(test_fault_around_config),
	    cmocka_unit_test(test_fault_around_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
