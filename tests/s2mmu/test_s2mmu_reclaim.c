// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Reclaim: the shadow stage-2 is a cache, running out of pool pages or reverse-map nodes
 * evicts and never fails the fault (issue #14).
 *
 * test_stream: L2 touches NVARM_RECLAIM_PAGES (default 10^6) distinct 4K pages of an 8 GB
 * L2 IPA space through L1's 4K stage-2 (7/8 of it mapped with pages, 1/8 with 2 MB blocks;
 * L0 backs L1 with 32 MB blocks, 2 MB blocks or 4K pages by region, so shadow leaves are
 * blocks or split pages) on a 64-page pool with 1,024 reverse-map entries, while L1 remaps
 * pages with TLBI IPAS2E1IS, sometimes VMALLS12E1IS, and L0 unmaps 32 MB regions (and maps
 * them back, at a new PA, when L2 faults there). Every fault must resolve (after L0 maps
 * the region back, for the ones that hit an unmapped region). After every reclaim the
 * shadow tables are read back independently of the library: the number of leaves must be
 * the reverse map's (exact), and a sample of leaves is checked against the reference walker
 * (ref.c); every NVARM_RECLAIM_FULL (default 16) reclaims every leaf is checked, every
 * leaf must be found by the reverse map through its own L1 IPA, and the TLB model must hold
 * nothing stale. The exhaustive check is sampled because it costs ~4,000 reference walks
 * (1.3 ms under ASan, 2.5 ms with coverage too) and there are ~21,000 reclaims in a run;
 * NVARM_RECLAIM_FULL=1 checks after every one (~4 s in a Release build, ~27 s under ASan).
 * The per-reclaim leaf count catches a lost or extra reverse-map node at the reclaim that
 * causes it.
 *
 * test_policy: idle MMUs are reclaimed before the running one, a running MMU on "another
 * CPU" is not destroyed, and the smallest pool/reverse map still resolve every fault.
 * test_granule_pairs_pressure: the 9 guest x host granule pairs on the minimum pool + 2 pages
 * and 32 reverse-map entries: every fault answers what the reference says, every reclaim is
 * followed by the exhaustive check and the TLB model check.
 * test_concat_root_reclaim: a concatenated root (2 pages) comes from an aligned run of the
 * pool; reclaim makes one when the free pages are scattered, and never takes a root.
 * test_resident_sizing: NVARM_S2MMU_POOL_PAGES_FOR()/NVARM_S2MMU_RMAP_FOR() at 100% keep an
 * L2's memory resident (no reclaim) for the 4K, 16K and 64K granules, with L1 and L0 blocks
 * giving shadow blocks and L0 pages splitting them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <nvarm/arm/sysreg_enc.h>

#include "fixture.h"

#define NORMAL_RW  ((1ull << 10) | (3ull << 6) | (0xfull << 2) | (3ull << 8))
#define L2_PAGES   (1u << 21) /* 8 GB of L2 IPA space */
#define MAX_LEAVES (1u << 16)

static uint64_t g_seed;

#define FAILF(...)                                                                                 \
	do {                                                                                       \
		print_error("seed %#llx: ", (unsigned long long)g_seed);                           \
		print_error(__VA_ARGS__);                                                          \
		fail();                                                                            \
	} while (0)

static unsigned long env_ul(const char *name, unsigned long dflt)
{
	const char *e = getenv(name);
	return e ? strtoul(e, NULL, 0) : dflt;
}

/* L1 IPA chunk (2 MB) an L2 chunk maps to: a bijection of the 4096 chunks of 8 GB. */
static uint64_t chunk_oa(uint64_t c)
{
	return ((c * 2654435761u + 977) & 4095) << 21;
}

static bool chunk_is_block(uint64_t c)
{
	return ((c * 0x9e3779b97f4a7c15ull) >> 61) == 0; /* 1 in 8 */
}

struct stream {
	struct fx *f;
	struct fx_leaf *lv;
	uint64_t faults, refaults_l0, tlbis, vmalls, unmaps, checks_full, checks_sample;
	uint64_t passes_seen;
	uint64_t ring[64];
	unsigned ring_n;
};

/*
 * A model of the hardware TLB (test_stream, test_granule_pairs_pressure): every installed
 * translation is cached
 * (direct-mapped by 2 MB region, as a real TLB may drop entries at any time) until a TLBI
 * through nvarm_platform_ops::tlbi removes it. At each full check every cached entry must
 * still be in the shadow tables: a leaf removed without TLB maintenance leaves a stale one.
 */
#define TLB_N 1024
struct tlb_ent {
	uint64_t ipa, pa; /* leaf base */
	unsigned shift;	  /* 0: empty */
};
static struct tlb_ent g_tlb[TLB_N];
static void (*g_real_tlbi)(void *, enum nvarm_tlbi_kind, uint16_t, nvarm_ipa2_t, int);
static uint64_t g_tlbi_calls;

static void model_tlbi(void *ctx, enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa,
		       int level)
{
	g_tlbi_calls++;
	g_real_tlbi(ctx, kind, vmid, ipa, level);
	if (kind != NVARM_TLBI_S2_IPA) {
		memset(g_tlb, 0, sizeof(g_tlb));
		return;
	}
	struct tlb_ent *e = &g_tlb[(ipa.v >> 21) % TLB_N];
	if (e->shift && ipa.v >= e->ipa && ipa.v - e->ipa < (1ull << e->shift))
		e->shift = 0;
}

/* Cached by the leaf's base (the library invalidates leaves at their base IPA). */
static void tlb_fill(uint64_t ipa, const struct nvarm_s2mmu_result *r)
{
	uint64_t base = ipa & ~((1ull << r->map_shift) - 1);
	struct tlb_ent *e = &g_tlb[(base >> 21) % TLB_N];

	e->shift = r->map_shift;
	e->ipa = base;
	e->pa = r->pa.v & ~((1ull << r->map_shift) - 1);
}

static void tlb_model_on(struct fx *f)
{
	memset(g_tlb, 0, sizeof(g_tlb));
	g_tlbi_calls = 0;
	g_real_tlbi = f->ops.tlbi;
	f->ops.tlbi = model_tlbi;
}

static void tlb_check(struct fx *f)
{
	for (unsigned i = 0; i < TLB_N; i++) {
		struct nvarm_s2mmu_entry ent;
		const struct tlb_ent *e = &g_tlb[i];
		if (!e->shift)
			continue;
		if (nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(e->ipa), &ent) ||
		    ent.pa.v != e->pa || ent.shift != e->shift)
			FAILF("TLB still holds %#llx -> %#llx (2^%u), shadow no longer maps it: "
			      "removed without a TLBI\n",
			      (unsigned long long)e->ipa, (unsigned long long)e->pa, e->shift);
	}
}

static int do_fault(struct fx *f, uint64_t ipa, unsigned acc, struct nvarm_s2mmu_result *r)
{
	struct nvarm_s2mmu_fault in = {fx_esr(acc, 0x07), 0xffff000000000000ull | (ipa & 0xfff),
				       (ipa >> 12) << 4, false};
	return nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, r);
}

/* Shadow leaves read from the real tables; their number must be the reverse map's. */
static size_t read_leaves(struct stream *st)
{
	struct nvarm_s2mmu_stats ss;
	size_t n = fx_leaves(st->f, st->lv, MAX_LEAVES);

	nvarm_s2mmu_stats(&st->f->s, &ss);
	if (n > MAX_LEAVES || n != ss.leaves)
		FAILF("%zu leaves in the shadow tables, reverse map holds %u\n", n, ss.leaves);
	if (ss.table_pages + ss.free_pages != st->f->pool_pages)
		FAILF("pool: %u table + %u free pages of %u\n", ss.table_pages, ss.free_pages,
		      st->f->pool_pages);
	return n;
}

static void check_leaf(struct stream *st, const struct fx_leaf *l, bool rmap)
{
	char why[256];
	struct ref_walk w;

	if (fx_check_leaf(st->f, l, why, sizeof(why)))
		FAILF("after %llu faults: shadow leaf %#llx (2^%u) beyond L1 and L0: %s\n",
		      (unsigned long long)st->faults, (unsigned long long)l->ipa2, l->shift, why);
	if (!rmap)
		return;
	/* The reverse map must find the leaf through its L1 IPA. */
	ref_walk(&st->f->ref, l->ipa2, 0, &w);
	if (nvarm_s2mmu_host_age(&st->f->s, nvarm_ipa1(w.oa), 1, false) < 1)
		FAILF("leaf %#llx -> ipa1 %#llx not in the reverse map\n",
		      (unsigned long long)l->ipa2, (unsigned long long)w.oa);
}

static void after_reclaim(struct stream *st, unsigned full_every)
{
	size_t n = read_leaves(st);

	if (full_every && st->passes_seen % full_every == 0) {
		for (size_t i = 0; i < n; i++)
			check_leaf(st, &st->lv[i], true);
		tlb_check(st->f);
		st->checks_full++;
		return;
	}
	for (int k = 0; k < 4 && n; k++)
		check_leaf(st, &st->lv[fx_rand(st->f) % n], false);
	st->checks_sample++;
}

/* L0 maps a region back (possibly elsewhere) after unmapping it. */
static void host_remap(struct fx *f, unsigned r)
{
	f->hr[r].mapped = true;
	f->hr[r].pa = 0x8000000000ull + (fx_rand(f) % 0x10000) * (1ull << FX_HREG_SHIFT);
}

static void host_layout(struct fx *f)
{
	fx_host_random(f, true);
	for (unsigned r = 0; r < FX_HREG_N; r++)
		f->hr[r].shift = r % 4 == 1 ? 12 : r % 4 == 2 ? 21 : 25;
}

/* One L2 access: fault only when the shadow does not already allow it. */
static void touch(struct stream *st, uint64_t ipa, unsigned acc)
{
	struct fx *f = st->f;
	struct nvarm_s2mmu_entry ent;
	struct nvarm_s2mmu_result r;
	struct fx_exp e;
	struct nvarm_s2mmu_stats ss;

	if (nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa), &ent) == 0 &&
	    !(acc & ~(unsigned)ent.perm))
		return;
	for (int tries = 0;; tries++) {
		fx_expect(f, ipa, acc, &e);
		int rc = do_fault(f, ipa, acc, &r);
		st->faults++;
		if (rc)
			FAILF("fault %llu at %#llx: rc %d\n", (unsigned long long)st->faults,
			      (unsigned long long)ipa, rc);
		if (r.action == NVARM_S2MMU_L0 && r.l0_reason == NVARM_S2MMU_L0_UNMAPPED &&
		    e.l0_reason == NVARM_S2MMU_L0_UNMAPPED && tries == 0) {
			host_remap(f, (unsigned)(e.w.oa >> FX_HREG_SHIFT));
			st->refaults_l0++;
			continue;
		}
		if (r.action != NVARM_S2MMU_INSTALLED || e.action != NVARM_S2MMU_INSTALLED)
			FAILF("fault at %#llx: action %u/%u, reference %d/%d\n",
			      (unsigned long long)ipa, r.action, r.l0_reason, e.action,
			      e.l0_reason);
		if (r.pa.v != e.pa || r.map_shift > e.smax)
			FAILF("fault at %#llx: pa %#llx shift %u, reference %#llx max %u\n",
			      (unsigned long long)ipa, (unsigned long long)r.pa.v, r.map_shift,
			      (unsigned long long)e.pa, e.smax);
		tlb_fill(ipa, &r);
		break;
	}
	nvarm_s2mmu_stats(&f->s, &ss);
	if (ss.reclaim_passes != st->passes_seen) {
		st->passes_seen = ss.reclaim_passes;
		after_reclaim(st, (unsigned)env_ul("NVARM_RECLAIM_FULL", 16));
	}
	st->ring[st->ring_n++ % 64] = ipa;
}

/* L1 remaps a recently touched page (page-mapped chunks only) and invalidates it. */
static void l1_remap(struct stream *st)
{
	struct fx *f = st->f;
	uint64_t ipa = st->ring[fx_rand(f) % 64] & ~0xfffull;
	uint64_t c = ipa >> 21;

	if (chunk_is_block(c) || !ipa)
		return;
	uint64_t chunk = fx_rand(f) % 4096; /* drawn first: no unspecified evaluation order */
	uint64_t oa = chunk_oa(chunk) + ((fx_rand(f) % 512) << 12);
	fx_map(f, ipa, oa, 3, NORMAL_RW);
	if (nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1), ipa >> 12, &f->l1) < 0)
		fail();
	st->tlbis++;
}

static void test_stream(void **state)
{
	(void)state;
	struct stream st;
	struct fx *f = calloc(1, sizeof(*f));
	uint8_t *seen = calloc(L2_PAGES / 8, 1);
	unsigned long want = env_ul("NVARM_RECLAIM_PAGES", 1000000);
	unsigned long distinct = 0;
	clock_t t0 = clock();

	memset(&st, 0, sizeof(st));
	st.f = f;
	st.lv = calloc(MAX_LEAVES, sizeof(*st.lv));
	g_seed = fx_seed(0x5eedec1a);
	fx_init(f, 12, 64, 1024, 2);
	tlb_model_on(f);
	f->rng = g_seed;
	host_layout(f);
	fx_guest_fixed(f, 12, 40, 1);
	for (uint64_t c = 0; c < L2_PAGES / 512; c++) {
		if (chunk_is_block(c)) {
			fx_map(f, c << 21, chunk_oa(c), 2, NORMAL_RW);
			continue;
		}
		for (uint64_t p = 0; p < 512; p++)
			fx_map(f, (c << 21) | (p << 12), chunk_oa(c) | (p << 12), 3, NORMAL_RW);
	}
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 64), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);

	while (distinct < want) {
		/* Runs of consecutive pages at random places: mostly short, some long. */
		uint64_t x = fx_rand(f);
		uint64_t p0 = (x >> 8) % L2_PAGES;
		unsigned len =
		    (x & 7) ? 1 + (unsigned)((x >> 40) % 24) : 1 + (unsigned)((x >> 40) % 600);
		for (unsigned k = 0; k < len && distinct < want; k++) {
			uint64_t p = (p0 + k) % L2_PAGES;
			if (seen[p / 8] & (1u << (p % 8)))
				continue;
			seen[p / 8] |= (uint8_t)(1u << (p % 8));
			distinct++;
			uint64_t y = fx_rand(f);
			touch(&st, (p << 12) | (y & 0xff8), (y >> 20) % 4 ? RA_R : RA_W);
			if ((y >> 32) % 2000 == 0)
				l1_remap(&st);
			if ((y >> 32) % 50000 == 1) {
				assert_true(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 3, 6),
							     0, &f->l1) >= 0);
				st.vmalls++;
			}
			if ((y >> 32) % 3000 == 2) {
				unsigned r = (unsigned)((y >> 8) % 256);
				f->hr[r].mapped = false;
				assert_true(nvarm_s2mmu_host_unmap(&f->s,
								   nvarm_ipa1((uint64_t)r << 25),
								   1ull << 25) >= 0);
				st.unmaps++;
			}
		}
	}
	/* A last exhaustive check. */
	size_t n = read_leaves(&st);
	for (size_t i = 0; i < n; i++)
		check_leaf(&st, &st.lv[i], true);
	tlb_check(f);
	struct nvarm_s2mmu_stats ss;
	nvarm_s2mmu_stats(&f->s, &ss);
	print_message("s2mmu reclaim: %lu distinct pages, %llu faults (%llu after an L0 unmap), "
		      "%llu reclaims evicting %llu pages / %llu leaves, %llu TLBI IPA, %llu "
		      "VMALLS12, %llu host unmaps, %llu full + %llu sampled checks, %llu TLBIs "
		      "made, %.1f s, seed %#llx\n",
		      distinct, (unsigned long long)st.faults, (unsigned long long)st.refaults_l0,
		      (unsigned long long)ss.reclaim_passes, (unsigned long long)ss.reclaim_pages,
		      (unsigned long long)ss.reclaim_leaves, (unsigned long long)st.tlbis,
		      (unsigned long long)st.vmalls, (unsigned long long)st.unmaps,
		      (unsigned long long)st.checks_full, (unsigned long long)st.checks_sample,
		      (unsigned long long)g_tlbi_calls, (double)(clock() - t0) / CLOCKS_PER_SEC,
		      (unsigned long long)g_seed);
	/* The run must really be under pressure from both the pool and the reverse map (a
	 * shortened run, NVARM_RECLAIM_PAGES < 10^5, only has to pass). */
	if (want >= 100000) {
		assert_true(ss.reclaim_passes > want / 64);
		assert_true(ss.reclaim_leaves > want / 2);
		assert_true(st.checks_full > 0 && st.tlbis > 0 && st.unmaps > 0);
	}
	assert_int_equal(f->hm.lock_depth, 0);
	free(st.lv);
	free(seen);
	fx_fini(f);
	free(f);
}

static void expect_mapped(struct fx *f, int mmu, uint64_t ipa, bool mapped)
{
	struct nvarm_s2mmu_entry ent;
	int rc = nvarm_s2mmu_lookup(&f->s, mmu, nvarm_ipa2(ipa), &ent);

	if (mapped ? rc != 0 : rc != NVARM_ERR_NOENT)
		FAILF("MMU %d ipa %#llx: lookup %d, want %s\n", mmu, (unsigned long long)ipa, rc,
		      mapped ? "mapped" : "not mapped");
}

static void fault_ok(struct fx *f, int mmu, uint64_t ipa)
{
	struct nvarm_s2mmu_result r;

	f->mmu = mmu;
	assert_int_equal(do_fault(f, ipa, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(r.map_shift, 21);
}

static uint64_t reclaimed_pages(struct fx *f)
{
	struct nvarm_s2mmu_stats ss;

	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	return ss.reclaim_pages;
}

/*
 * Three MMUs (L1 VMIDs 1-3) share a 16-page pool; every fault installs a 2 MB shadow block,
 * one level-2 table per GB touched. a is idle, b and c run (nvarm_s2mmu_set_running()).
 */
static void test_policy(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_stats ss;

	g_seed = 0;
	fx_init(f, 12, 16, 64, 3);
	host_layout(f);
	for (unsigned i = 0; i < FX_HREG_N; i++)
		f->hr[i].shift = 25;
	fx_guest_fixed(f, 12, 40, 1);
	for (uint64_t p = 0; p < 8192; p++)
		fx_map(f, p << 21, p << 21, 2, NORMAL_RW); /* 16 GB of 2 MB blocks */
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 16), 0);
	struct nvarm_s2mmu_l1_regs la = f->l1, lb = f->l1, lc = f->l1;
	la.vttbr = (la.vttbr & ~(0xffull << 48)) | 1ull << 48;
	lb.vttbr = (lb.vttbr & ~(0xffull << 48)) | 2ull << 48;
	lc.vttbr = (lc.vttbr & ~(0xffull << 48)) | 3ull << 48;
	int a = nvarm_s2mmu_get(&f->s, &la, &f->hw);
	int b = nvarm_s2mmu_get(&f->s, &lb, &f->hw);
	int c = nvarm_s2mmu_get(&f->s, &lc, &f->hw);
	assert_true(a >= 0 && b >= 0 && c >= 0 && a != b && b != c && a != c);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, true), 0);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, c, true), 0);
	/* a: root + L1 + 8 L2 tables; b: root + L1 + L2; c: root. 2 pages free. */
	for (uint64_t g = 0; g < 8; g++)
		fault_ok(f, a, g << 30);
	fault_ok(f, b, 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.free_pages, 2);
	assert_int_equal(ss.reclaim_passes, 0);
	/* c, GB 0-7: 2 pages free, then the idle MMU's oldest tables go, one per fault. */
	for (uint64_t g = 0; g < 8; g++)
		for (uint64_t k = 0; k < 3; k++)
			fault_ok(f, c, (g << 30) + (k << 21));
	assert_int_equal(reclaimed_pages(f), 7);
	expect_mapped(f, a, 6ull << 30, false);
	expect_mapped(f, a, 7ull << 30, true);
	expect_mapped(f, b, 0, true); /* running elsewhere: untouched */
	/* c, GB 8-11: a's last L2 table goes with its then empty L1 table, then a itself (its
	 * root), then c's own oldest table (GB 0); b is still untouched. */
	for (uint64_t g = 8; g < 12; g++)
		fault_ok(f, c, g << 30);
	assert_int_equal(reclaimed_pages(f), 11);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.mmus, 2);
	expect_mapped(f, c, 0, false);
	expect_mapped(f, c, 1ull << 30, true);
	expect_mapped(f, c, 11ull << 30, true);
	expect_mapped(f, b, 0, true);
	/* b loses its tables (L1's TLBI), c takes the 2 pages; b's next fault has no idle MMU
	 * and nothing of its own: the running c gives its two oldest tables (GB 1, 2). */
	assert_int_equal(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 3, 6), 0, &lb), 1);
	fault_ok(f, c, 12ull << 30);
	fault_ok(f, c, 13ull << 30);
	assert_int_equal(reclaimed_pages(f), 11);
	fault_ok(f, b, 5ull << 30);
	assert_int_equal(reclaimed_pages(f), 13);
	expect_mapped(f, c, 2ull << 30, false);
	expect_mapped(f, c, 3ull << 30, true);
	expect_mapped(f, b, 5ull << 30, true);
	assert_int_equal(f->hm.lock_depth, 0);
	fx_fini(f);
	free(f);

	/* The minimum: 4 pages (root + 3 tables) and 1 usable node, 4K leaves far apart. */
	f = calloc(1, sizeof(*f));
	fx_init(f, 12, 4, 2, 1);
	host_layout(f);
	for (unsigned i = 0; i < FX_HREG_N; i++)
		f->hr[i].shift = 12;
	fx_guest_fixed(f, 12, 40, 1);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 4), 0);
	fx_get_mmu(f);
	for (uint64_t i = 0; i < 64; i++) {
		uint64_t ipa = ((i * 0x9e3779b9ull) % (1ull << 28)) << 12;
		uint64_t oa = ((i * 7919) % (1ull << 21)) << 12;
		fx_map(f, ipa, oa, 3, NORMAL_RW);
		assert_int_equal(do_fault(f, ipa, RA_W, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		expect_mapped(f, f->mmu, ipa, true);
		assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
		assert_int_equal(ss.leaves, 1);
		/* Two leaves in one table with one node: the other leaf gives way. */
		fx_map(f, ipa ^ 0x1000, oa ^ 0x1000, 3, NORMAL_RW);
		assert_int_equal(do_fault(f, ipa ^ 0x1000, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		expect_mapped(f, f->mmu, ipa, false);
		expect_mapped(f, f->mmu, ipa ^ 0x1000, true);
	}
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_true(ss.reclaim_passes >= 127);
	fx_fini(f);
	free(f);

	/*
	 * An emptied table is the first victim: 6 pages = root + L1 + L2 + level-3 tables A
	 * (oldest), B, C; L0 unmaps B's only page; the next new table takes B's page, A stays.
	 */
	f = calloc(1, sizeof(*f));
	fx_init(f, 12, 6, 64, 1);
	host_layout(f);
	fx_guest_fixed(f, 12, 40, 1);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 6), 0);
	fx_get_mmu(f);
	for (uint64_t i = 0; i < 4; i++) {
		fx_map(f, i << 21, (i << 21) | 0x1000, 3, NORMAL_RW);
		if (i < 3)
			assert_int_equal(do_fault(f, i << 21, RA_R, &r), 0);
	}
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.free_pages, 0);
	assert_int_equal(nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1((1ull << 21) | 0x1000), 4096), 1);
	assert_int_equal(do_fault(f, 3ull << 21, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	expect_mapped(f, f->mmu, 0, true);
	expect_mapped(f, f->mmu, 2ull << 21, true);
	expect_mapped(f, f->mmu, 3ull << 21, true);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.reclaim_pages, 1);
	assert_int_equal(ss.reclaim_leaves, 0);
	/* The same after an L1 TLBI empties C: the next table takes C's page, A stays. */
	fx_map(f, 4ull << 21, (4ull << 21) | 0x1000, 3, NORMAL_RW);
	assert_int_equal(
	    nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1), (2ull << 21) >> 12, &f->l1),
	    1);
	assert_int_equal(do_fault(f, 4ull << 21, RA_R, &r), 0);
	expect_mapped(f, f->mmu, 0, true);
	expect_mapped(f, f->mmu, 3ull << 21, true);
	expect_mapped(f, f->mmu, 4ull << 21, true);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.reclaim_pages, 2);
	assert_int_equal(ss.reclaim_leaves, 0);
	fx_fini(f);
	free(f);
}

/* L0's stage-2 for test_resident_sizing: PA = L1 IPA + RES_PA, blocks of 2^res_shift. */
#define RES_PA 0x8000000000ull
static unsigned res_shift;

static int res_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	(void)user;
	out->pa = nvarm_pa(ipa.v + RES_PA);
	out->block_shift = (uint8_t)res_shift;
	out->perm = NVARM_PERM_RWX;
	out->memattr = 0xf;
	out->sh = 3;
	out->flags = 0;
	return 0;
}

/*
 * An L2 of @l2 bytes mapped by L1 at @l1_level on L0 blocks of 2^@host_shift, with the
 * pool and reverse map sized for it fully resident: every host page faults in once, with
 * shadow leaves of 2^@want_shift, and nothing is reclaimed.
 */
static void resident_one(unsigned gbits, unsigned hbits, unsigned host_shift, int l1_level,
			 uint64_t l2, unsigned want_shift)
{
	struct fx *f = calloc(1, sizeof(*f));
	uint32_t pool = NVARM_S2MMU_POOL_PAGES_FOR(l2, hbits, 1, 100);
	uint32_t rmap = NVARM_S2MMU_RMAP_FOR(l2, hbits, 100);
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_stats ss;

	fx_init(f, hbits, pool, rmap, 1);
	f->hm.s2_lookup = res_lookup;
	res_shift = host_shift;
	fx_guest_fixed(f, gbits, 42, gbits == 16 ? 2 : 1);
	uint64_t lsz = 1ull << (gbits + (unsigned)(3 - l1_level) * (gbits - 3));
	uint64_t base2 = 1ull << 36; /* L2 RAM at 64 GB, L1 IPA at 1 GB */
	for (uint64_t a = 0; a < l2; a += lsz)
		fx_map(f, base2 + a, (1ull << 30) + a, l1_level, NORMAL_RW);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), pool), 0);
	fx_get_mmu(f);
	unsigned installs = 0;
	for (uint64_t a = 0; a < l2; a += 1ull << hbits) {
		struct nvarm_s2mmu_entry ent;
		if (!nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(base2 + a), &ent))
			continue;
		assert_int_equal(do_fault(f, base2 + a, RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		assert_int_equal(r.map_shift, want_shift);
		assert_int_equal(r.pa.v, RES_PA + (1ull << 30) + a);
		installs++;
	}
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	print_message("resident %uK on %uK, L1 level %d, L0 2^%u: %u installs of 2^%u, %u/%u "
		      "pages, %u/%u leaves, %llu reclaims\n",
		      1u << (gbits - 10), 1u << (hbits - 10), l1_level, host_shift, installs,
		      want_shift, ss.table_pages, pool, ss.leaves, rmap,
		      (unsigned long long)ss.reclaim_passes);
	assert_int_equal(ss.reclaim_passes, 0);
	assert_int_equal(installs, l2 >> want_shift);
	assert_true(ss.min_pool_pages >= 3 && ss.min_pool_pages <= NVARM_S2MMU_MIN_POOL_PAGES);
	assert_true(pool >= ss.min_pool_pages + 1);
	fx_fini(f);
	free(f);
}

/*
 * Every guest x host granule pair under pressure: random L1 tables (fx_populate) and L0
 * maps as in test_s2mmu_diff, half of the faults in host-granule windows L1 maps linearly
 * (so that a guest granule finer than the host's still installs), on a pool of the
 * minimum + 2 pages and 32 reverse-map entries.
 * Each fault's outcome must be the reference's (reclaim never changes what a fault
 * answers), and after each reclaim every leaf is checked and counted.
 */
static void granule_pair_pressure(unsigned gg, unsigned hg, uint64_t seed, uint64_t *passes)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct stream st;
	struct nvarm_s2mmu_stats ss;
	uint64_t anchors[16];

	memset(&st, 0, sizeof(st));
	st.f = f;
	st.lv = calloc(MAX_LEAVES, sizeof(*st.lv));
	fx_init(f, hg, 8, 32, 2);
	tlb_model_on(f);
	f->rng = seed;
	fx_host_random(f, false);
	fx_guest_config(f, gg, false);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	uint32_t pool = ss.min_pool_pages + 2;
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), pool), 0);
	f->pool_pages = pool;
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	for (int i = 0; i < 16; i++)
		anchors[i] = fx_rand(f) & ((1ull << f->iasize) - 1);
	uint64_t window = 1ull << (gg + 9 + 2);
	for (int i = 0; i < 2000; i++) {
		uint64_t anchor = anchors[fx_rand(f) % 16]; /* drawn first */
		uint64_t ipa = (anchor + fx_rand(f) % window) & ((1ull << f->iasize) - 1);
		unsigned acc = (unsigned)(fx_rand(f) % 4) == 0 ? RA_W : RA_R;
		struct nvarm_s2mmu_entry ent;
		struct nvarm_s2mmu_result r;
		struct fx_exp e;
		if (fx_rand(f) % 2) {
			fx_populate(f, ipa, false);
		} else {
			uint64_t span = 1ull << (gg > hg ? gg : hg), w = ipa & ~(span - 1);
			uint64_t oa = (fx_rand(f) % 24) << FX_HREG_SHIFT |
				      ((ipa >> (gg > hg ? gg : hg)) % 64) * span;
			/* L1 changes live mappings: TLBI IPAS2E1IS after each, as it must. */
			for (uint64_t a = w; a < w + span; a += 1ull << gg) {
				fx_map(f, a, oa + (a - w), 3, NORMAL_RW);
				assert_true(nvarm_s2mmu_tlbi(&f->s, NVARM_SYSREG_ENC(1, 4, 8, 0, 1),
							     a >> 12, &f->l1) >= 0);
			}
		}
		if (nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa), &ent) == 0 &&
		    !(acc & ~(unsigned)ent.perm))
			continue;
		fx_expect(f, ipa, acc, &e);
		int rc = do_fault(f, ipa, acc, &r);
		if (rc || r.action != e.action ||
		    (e.action == NVARM_S2MMU_L0 && r.l0_reason != e.l0_reason))
			FAILF("%u/%u ipa %#llx: rc %d action %u/%u, reference %d/%d\n", gg, hg,
			      (unsigned long long)ipa, rc, r.action, r.l0_reason, e.action,
			      e.l0_reason);
		if (e.action == NVARM_S2MMU_INSTALLED &&
		    (r.pa.v != e.pa || r.map_shift > e.smax || r.perm != e.perm))
			FAILF("%u/%u ipa %#llx: pa %#llx shift %u perm %#x, reference %#llx max %u "
			      "perm %#x\n",
			      gg, hg, (unsigned long long)ipa, (unsigned long long)r.pa.v,
			      r.map_shift, r.perm, (unsigned long long)e.pa, e.smax, e.perm);
		if (e.action == NVARM_S2MMU_INSTALLED)
			tlb_fill(ipa, &r);
		nvarm_s2mmu_stats(&f->s, &ss);
		if (ss.reclaim_passes != st.passes_seen) {
			st.passes_seen = ss.reclaim_passes;
			after_reclaim(&st, 1);
		}
	}
	*passes += st.passes_seen;
	free(st.lv);
	fx_fini(f);
	free(f);
}

/*
 * What another CPU holds: a shadow starting at level 1 (39-bit input, 3-page minimum) with
 * the pool at that minimum. MMU b runs on "another CPU" with only its root: MMU a's fault
 * needs 2 tables, 1 page is free and nothing can be evicted: NVARM_ERR_AGAIN (as
 * documented). Once b stops running it is reclaimed. With one reverse-map node held by a
 * 1 GB block in the root of a running b, a's fault takes that leaf.
 */
static void test_other_cpus(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_stats ss;

	fx_init(f, 12, 3, 2, 2);
	f->hm.s2_lookup = res_lookup;
	res_shift = 30;
	f->cfg.host_ia_bits = 39;
	fx_guest_fixed(f, 12, 39, 1);
	fx_map(f, 0, 1ull << 30, 1, NORMAL_RW);		 /* 1 GB block */
	fx_map(f, 1ull << 30, 2ull << 30, 3, NORMAL_RW); /* a 4K page */
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.min_pool_pages, 3);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 3), 0);
	struct nvarm_s2mmu_l1_regs la = f->l1, lb = f->l1;
	la.vttbr = (la.vttbr & ~(0xffull << 48)) | 1ull << 48;
	lb.vttbr = (lb.vttbr & ~(0xffull << 48)) | 2ull << 48;
	int a = nvarm_s2mmu_get(&f->s, &la, &f->hw);
	int b = nvarm_s2mmu_get(&f->s, &lb, &f->hw);
	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, true), 0);
	f->mmu = a;
	assert_int_equal(do_fault(f, 1ull << 30, RA_R, &r), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, false), 0);
	assert_int_equal(do_fault(f, 1ull << 30, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.mmus, 1);
	fx_fini(f);
	free(f);

	/* One usable reverse-map node, held by the 1 GB block in the running b's root. */
	f = calloc(1, sizeof(*f));
	fx_init(f, 12, 8, 2, 2);
	f->hm.s2_lookup = res_lookup;
	res_shift = 30;
	f->cfg.host_ia_bits = 39;
	fx_guest_fixed(f, 12, 39, 1);
	fx_map(f, 0, 1ull << 30, 1, NORMAL_RW);
	fx_map(f, 1ull << 30, 2ull << 30, 3, NORMAL_RW);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 8), 0);
	a = nvarm_s2mmu_get(&f->s, &la, &f->hw);
	b = nvarm_s2mmu_get(&f->s, &lb, &f->hw);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, true), 0);
	f->mmu = b;
	assert_int_equal(do_fault(f, 0x1234000, RA_R, &r), 0);
	assert_int_equal(r.map_shift, 30);
	expect_mapped(f, b, 0x1234000, true);
	f->mmu = a;
	assert_int_equal(do_fault(f, 1ull << 30, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	expect_mapped(f, a, 1ull << 30, true);
	expect_mapped(f, b, 0x1234000, false);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.leaves, 1);
	assert_int_equal(ss.reclaim_leaves, 1);
	fx_fini(f);
	free(f);
}

static void test_granule_pairs_pressure(void **state)
{
	(void)state;
	static const unsigned g[3] = {12, 14, 16};
	uint64_t passes = 0;

	g_seed = fx_seed(0x5eed9a17);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			uint64_t before = passes;
			granule_pair_pressure(
			    g[i], g[j], g_seed + (uint64_t)(i * 3 + j) * 0x9e3779b97f4a7c15ull,
			    &passes);
			print_message("pressure %uK guest on %uK host: %llu reclaims\n",
				      1u << (g[i] - 10), 1u << (g[j] - 10),
				      (unsigned long long)(passes - before));
			assert_true(passes - before > 10);
		}
}

static void test_resident_sizing(void **state)
{
	(void)state;
	/* L1 pages, L0 32 MB blocks: shadow pages, fully resident. */
	resident_one(12, 12, 25, 3, 64ull << 20, 12);
	resident_one(14, 14, 25, 3, 128ull << 20, 14);
	resident_one(16, 16, 25, 3, 256ull << 20, 16);
	/* L1 blocks + L0 blocks: shadow blocks, every block level of every granule. */
	resident_one(12, 12, 30, 2, 256ull << 20, 21);
	resident_one(12, 12, 30, 1, 2ull << 30, 30);
	resident_one(14, 14, 30, 2, 256ull << 20, 25);
	resident_one(16, 16, 30, 2, 2ull << 30, 29);
	/* L1 blocks, L0 blocks smaller: the shadow uses L0's size where the granule has it. */
	resident_one(12, 12, 21, 1, 1ull << 30, 21);
	/* L1 blocks on L0 pages: the shadow splits to host pages. */
	resident_one(12, 12, 12, 2, 16ull << 20, 12);
	resident_one(16, 16, 16, 2, 1ull << 29, 16);
}

/* Root PA of the MMU f->hw was last filled for, and that it is aligned to @pages pages. */
static uint64_t hw_root(const struct fx *f, unsigned pages)
{
	uint64_t pa = f->hw.vttbr & 0x0000fffffffffffeull;

	if (pa & (((uint64_t)pages << 12) - 1))
		FAILF("shadow root %#llx not aligned to its %u pages\n", (unsigned long long)pa,
		      pages);
	return pa;
}

/*
 * Reclaim with a concatenated root (4K granule, 40-bit shadow input: 2 root pages, 3 levels)
 * on a pool of 8 pages (4 aligned runs of 2):
 * - faults under both root pages (L2 IPA 0 and 512 GB) fill the pool; their reclaim evicts
 *   tables hanging off either root page;
 * - a new MMU needs a run of 2 free pages, but reclaim frees two pages of different runs
 *   (leaf tables whose parents stay): with the only other MMU running, the MMU with tables
 *   in a root-free run is emptied and the root takes the run;
 * - with every run holding the root of a running MMU, a new MMU gets NVARM_ERR_AGAIN; once
 *   one stops running its root is reused (an idle MMU's root is such a run).
 */
static void test_concat_root_reclaim(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_result r;
	struct nvarm_s2mmu_stats ss;
	struct fx_leaf lv[64];
	char why[256];
	const uint64_t far = 512ull << 30; /* under the second root page */
	const uint64_t addrs[4] = {0, far, 2ull << 20, far + (2ull << 20)};

	g_seed = 0;
	fx_init(f, 12, 8, 64, 3);
	fx_host_random(f, true);
	f->cfg.host_ia_bits = 40;
	fx_guest_fixed(f, 12, 40, 1);
	for (int i = 0; i < 4; i++)
		fx_map(f, addrs[i], (1ull << 30) + ((uint64_t)i << 12), 3, NORMAL_RW);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.root_pages, 2);
	assert_int_equal(ss.levels, 3);
	assert_int_equal(ss.min_pool_pages, 4);
	/* A region with no aligned run of 2 pages cannot hold a root: refused, nothing added. */
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool + 4096), 1),
			 NVARM_ERR_NOMEM);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 8), 0);
	struct nvarm_s2mmu_l1_regs la = f->l1, lb = f->l1, lc = f->l1;
	la.vttbr = (la.vttbr & ~(0xffull << 48)) | 1ull << 48;
	lb.vttbr = (lb.vttbr & ~(0xffull << 48)) | 2ull << 48;
	lc.vttbr = (lc.vttbr & ~(0xffull << 48)) | 3ull << 48;

	int a = nvarm_s2mmu_get_running(&f->s, &la, &f->hw);
	assert_true(a >= 0);
	uint64_t root_a = hw_root(f, 2);
	f->mmu = a;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(do_fault(f, addrs[i], RA_R, &r), 0);
		assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
		struct nvarm_host_s2_map h;
		assert_int_equal(
		    fx_host_lookup(f, nvarm_ipa1((1ull << 30) + ((uint64_t)i << 12)), &h), 0);
		assert_int_equal(r.pa.v, h.pa.v);
	}
	/* root (2) + two level-2 tables + four level-3 tables would be 8: all fit */
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.table_pages, 8);
	assert_int_equal(ss.free_pages, 0);
	assert_int_equal(ss.leaves, 4);
	size_t n = fx_leaves(f, lv, 64);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		if (fx_check_leaf(f, &lv[i], why, sizeof(why)))
			FAILF("leaf %#llx: %s\n", (unsigned long long)lv[i].ipa2, why);

	/* A second MMU: its root needs an aligned run; a runs, so its tables make way. */
	uint64_t passes = ss.reclaim_passes;
	int b = nvarm_s2mmu_get(&f->s, &lb, &f->hw);
	assert_true(b >= 0 && b != a);
	uint64_t root_b = hw_root(f, 2);
	assert_true(root_b != root_a);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_true(ss.reclaim_passes >= passes + 1);
	assert_int_equal(ss.mmus, 2);
	assert_int_equal(ss.leaves, 0); /* a's leaves went with its tables */
	for (int i = 0; i < 4; i++)
		expect_mapped(f, a, addrs[i], false);
	/* a is still live and running, with its root where it was: it faults back in. */
	struct nvarm_s2mmu_hw hwa;
	assert_int_equal(nvarm_s2mmu_get(&f->s, &la, &hwa), a);
	assert_int_equal(hwa.vttbr & 0x0000fffffffffffeull, root_a);
	assert_int_equal(do_fault(f, far, RA_R, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	expect_mapped(f, a, far, true);

	/* b's root uses the second run; a's tables the others. b runs too: a third MMU finds
	 * the 2 free pages, or reclaims a's and b's tables for a run (never their roots). */
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, true), 0);
	int c = nvarm_s2mmu_get(&f->s, &lc, &f->hw);
	assert_true(c >= 0 && c != a && c != b);
	uint64_t root_c = hw_root(f, 2);
	assert_true(root_c != root_a && root_c != root_b);
	assert_int_equal(nvarm_s2mmu_get(&f->s, &lb, &f->hw), b);
	assert_int_equal(f->hw.vttbr & 0x0000fffffffffffeull, root_b);
	fx_fini(f);
	free(f);

	/* The minimum pool (4 pages: 2 runs), two running MMUs hold both runs. */
	f = calloc(1, sizeof(*f));
	fx_init(f, 12, 4, 64, 3);
	f->hm.s2_lookup = res_lookup;
	res_shift = 12;
	f->cfg.host_ia_bits = 40;
	fx_guest_fixed(f, 12, 40, 1);
	fx_map(f, far, 1ull << 30, 3, NORMAL_RW);
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa((uintptr_t)f->pool), 4), 0);
	a = nvarm_s2mmu_get_running(&f->s, &la, &f->hw);
	b = nvarm_s2mmu_get_running(&f->s, &lb, &f->hw);
	root_b = hw_root(f, 2);
	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(nvarm_s2mmu_get(&f->s, &lc, &f->hw), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, b, false), 0);
	c = nvarm_s2mmu_get(&f->s, &lc, &f->hw);
	assert_true(c >= 0);
	assert_int_equal(hw_root(f, 2), root_b); /* the idle b's run */
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.mmus, 2);
	f->mmu = c;
	f->l1 = lc;
	/* c's walk needs 2 tables: only the running a's root is left, then a idle gives it. */
	assert_int_equal(do_fault(f, far, RA_W, &r), NVARM_ERR_AGAIN);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, a, false), 0);
	assert_int_equal(do_fault(f, far, RA_W, &r), 0);
	assert_int_equal(r.action, NVARM_S2MMU_INSTALLED);
	n = fx_leaves(f, lv, 64);
	assert_int_equal(n, 1);
	assert_int_equal(lv[0].ipa2, far);
	fx_fini(f);
	free(f);
}

/*
 * Roots of both formats in one 52-bit context (4K, input 52: a 52-bit-format MMU's root is 16
 * concatenated pages, a 48-bit-format MMU's one page) on a pool of 64 pages (4 aligned runs
 * of 16, added as 32 + 16 + 16 pages so that single-page roots land in runs 0, 0, 2 and 3):
 * a running 52-bit MMU takes run 1; a second 52-bit MMU finds every run holding a root with
 * 45 pages free, so reclaim destroys idle MMUs, oldest first, until a run holds none (the
 * first destroyed leaves run 0 still holding the second's root), and the new root takes
 * run 0 with the running MMU untouched.
 */
static void test_mixed_root_reclaim(void **state)
{
	(void)state;
	struct fx *f = calloc(1, sizeof(*f));
	struct nvarm_s2mmu_stats ss;
	struct nvarm_s2mmu_hw hw;

	g_seed = 0;
	fx_init(f, 12, 64, 64, 6);
	uintptr_t pool = (uintptr_t)f->pool;
	fx_host_random(f, true);
	f->cfg.host_pa_bits = 52;
	f->cfg.host_ia_bits = 52;
	f->cfg.guest.pa_bits = 52;
	f->cfg.guest.lpa = f->cfg.guest.lpa2 = true;
	fx_guest_fixed(f, 12, 40, 1);
	struct nvarm_s2mmu_l1_regs n[4], w[2];
	for (int i = 0; i < 4; i++) {
		n[i] = f->l1;
		n[i].vttbr = (n[i].vttbr & ~(0xffull << 48)) | (uint64_t)(i + 1) << 48;
	}
	fx_guest_fixed(f, 12, 52, 0);
	for (int i = 0; i < 2; i++) {
		w[i] = f->l1;
		w[i].vtcr = 12 | 2ull << 6 | 3ull << 12 | 6ull << 16 | 1ull << 32; /* DS=1 */
		w[i].vttbr = (w[i].vttbr & ~(0xffull << 48)) | (uint64_t)(i + 8) << 48;
	}
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.root_pages, 16);
	assert_int_equal(ss.min_pool_pages, 19);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa(pool), 32), 0);
	static const unsigned run_of[4] = {0, 0, 2, 3};
	for (int i = 0; i < 4; i++) {
		if (i >= 2) /* (the pages added last are handed out first) */
			assert_int_equal(
			    nvarm_s2mmu_pool_add(&f->s, nvarm_pa(pool + (uintptr_t)(16 * i) * 4096),
						 16),
			    0);
		assert_true(nvarm_s2mmu_get(&f->s, &n[i], &hw) >= 0);
		assert_int_equal((hw.vtcr >> 32) & 1, 0); /* the 48-bit format */
		assert_int_equal(((hw.vttbr & 0x0000fffffffff000ull) - pool) >> 16, run_of[i]);
	}
	int a = nvarm_s2mmu_get_running(&f->s, &w[0], &hw);
	assert_true(a >= 0);
	assert_int_equal((hw.vtcr >> 32) & 1, 1);
	f->hw = hw;
	uint64_t root_a = hw_root(f, 16);
	assert_int_equal(root_a - pool, 16 * 4096);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.free_pages, 64 - 16 - 4);
	int b = nvarm_s2mmu_get(&f->s, &w[1], &hw);
	assert_true(b >= 0 && b != a);
	f->hw = hw;
	assert_int_equal(hw_root(f, 16), pool);
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &ss), 0);
	assert_int_equal(ss.mmus, 4); /* the two oldest 48-bit MMUs went */
	assert_int_equal(nvarm_s2mmu_get(&f->s, &w[0], &hw), a);
	f->hw = hw;
	assert_int_equal(hw_root(f, 16), root_a);
	assert_int_equal(nvarm_s2mmu_set_running(&f->s, a, false), 0);
	fx_fini(f);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_resident_sizing),
	    cmocka_unit_test(test_granule_pairs_pressure),
	    cmocka_unit_test(test_other_cpus),
	    cmocka_unit_test(test_concat_root_reclaim),
	    cmocka_unit_test(test_mixed_root_reclaim),
	    cmocka_unit_test(test_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
