// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Differential test: the library's fault resolution against the reference model (ref.c) on
 * randomized, partly hostile L1 stage-2 tables and random L0 maps, for all 9 guest x host
 * granule pairs, then invalidation rounds (TLBI by IPA, range TLBI, host changes, VMALLS12E1)
 * checked by re-walking every shadow leaf against the reference and by checking that exactly
 * the affected leaves disappeared. Seed: NVARM_SEED (default fixed); printed on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/arm/sysreg_enc.h>

#include "fixture.h"

#define ADDRS_PER_PAIR 12000 /* x 9 pairs = 108,000 random addresses per run */
#define MAX_LEAVES     (1u << 16)

static uint64_t g_seed;
static unsigned g_fa;	/* nvarm_s2mmu_config::fault_around of the next run_geom() */
static unsigned g_wide; /* the next run_geom(): 1 52-bit shadow (host_pa_bits 52), 2 and guest */
static unsigned long g_fa_leaves; /* leaves fault-around installed, summed over runs */
static unsigned long g_promoted;  /* faults that installed a leaf larger than L1's */
static char g_where[128] = "fill";
static unsigned long g_total, g_installed, g_inject, g_l0, g_granule, g_hw_walks, g_range;
static unsigned long g_high; /* installed leaves for L2 IPAs at or above 2^48 */
/*
 * Mixed mode (run_mixed()): one 52-bit shadow context serving several L1 stage-2
 * configurations, each a view of the fixture (its registers, generator geometry, MMU and the
 * VTTBR_EL2/VTCR_EL2 the library returned for it); the other views' leaves count in audits.
 */
struct fx_view {
	struct ref_l1 ref;
	struct nvarm_s2mmu_l1_regs l1;
	unsigned gbits, stride, iasize, oasize;
	int start, first;
	bool wide, ds;
	uint64_t root;
	int mmu;
	struct nvarm_s2mmu_hw hw;
};
static struct fx_view g_views[2];
static int g_nviews, g_cur;
static unsigned long g_narrow_installed; /* installs into 48-bit-format MMUs (mixed mode) */
static unsigned long g_narrow_not_inner; /* ... whose shareability is not Inner */
static unsigned long g_wide_mixed;	 /* installs into 52-bit-format MMUs (mixed mode) */

#define FAILF(...)                                                                                 \
	do {                                                                                       \
		print_error("seed %#llx: ", (unsigned long long)g_seed);                           \
		print_error(__VA_ARGS__);                                                          \
		fail();                                                                            \
	} while (0)

static unsigned rand_access(struct fx *f)
{
	unsigned x = (unsigned)(fx_rand(f) % 10);
	return x < 5 ? RA_R : x < 8 ? RA_W : x < 9 ? RA_XP : RA_XU;
}

static void one_fault(struct fx *f, uint64_t ipa)
{
	unsigned acc = rand_access(f);
	struct nvarm_s2mmu_entry ent;
	struct fx_exp e;
	struct nvarm_s2mmu_fault in;
	struct nvarm_s2mmu_result r;
	unsigned fsc = 0x07;

	if (nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa), &ent) == 0) {
		if (!(acc & ~(unsigned)ent.perm))
			return; /* already mapped well enough: no fault would be taken */
		fsc = 0x0c + ent.level;
	}
	fx_expect(f, ipa, acc, &e);
	in.esr = fx_esr(acc, fsc);
	in.far = 0xffff800000000000ull | (fx_rand(f) & ~0xfffull) | (ipa & 0xfff);
	in.hpfar = (ipa >> 12) << 4;
	in.l2_el0 = acc == RA_XU;
	int rc = nvarm_s2mmu_handle_fault(&f->s, f->mmu, &in, &r);
	g_total++;
	if (rc) {
		struct nvarm_s2mmu_stats st;
		nvarm_s2mmu_stats(&f->s, &st);
		FAILF("ipa %#llx acc %u: rc %d (after %lu faults; %u table pages, %u free, %u "
		      "leaves)\n",
		      (unsigned long long)ipa, acc, rc, g_total, st.table_pages, st.free_pages,
		      st.leaves);
	}
	if (r.action != e.action || (e.action == NVARM_S2MMU_L0 && r.l0_reason != e.l0_reason))
		FAILF("ipa %#llx acc %u gran %u/%u: action %u/%u, reference %d/%d (ref fault %d@%d "
		      "oa %#llx leaf %u)\n",
		      (unsigned long long)ipa, acc, f->gbits, f->cfg.host_granule_shift, r.action,
		      r.l0_reason, e.action, e.l0_reason, e.w.fault, e.w.level,
		      (unsigned long long)e.w.oa, e.w.leaf_bits);
	if (e.action == NVARM_S2MMU_INJECT) {
		uint64_t want = (in.esr & ~0x3full & ~(1ull << 9) & ~(1ull << 13)) | e.fsc;
		if (r.esr_el2 != want || r.hpfar_el2 != in.hpfar || r.far_el2 != in.far)
			FAILF("ipa %#llx: inject esr %#llx hpfar %#llx far %#llx, want %#llx\n",
			      (unsigned long long)ipa, (unsigned long long)r.esr_el2,
			      (unsigned long long)r.hpfar_el2, (unsigned long long)r.far_el2,
			      (unsigned long long)want);
		g_inject++;
		return;
	}
	if (e.action == NVARM_S2MMU_L0) {
		g_l0++;
		g_range += e.l0_reason == NVARM_S2MMU_L0_RANGE;
		g_granule += e.l0_reason == NVARM_S2MMU_L0_GRANULE;
		return;
	}
	g_installed++;
	g_high += (ipa >> 48) != 0;
	if (nvarm_s2mmu_lookup(&f->s, f->mmu, nvarm_ipa2(ipa), &ent))
		FAILF("ipa %#llx: installed but not mapped\n", (unsigned long long)ipa);
	/* What the hardware walks with the returned VTTBR_EL2/VTCR_EL2 (reference walker). */
	struct ref_walk hw;
	fx_hw_walk(f, ipa, &hw);
	if (hw.fault || hw.oa != e.pa || !fx_shadow_sh_ok(f, hw.sh, e.sh))
		FAILF("ipa %#llx: hardware walk of the shadow (VTCR %#llx) fault %d@%d oa %#llx, "
		      "sh %u, reference pa %#llx sh %u\n",
		      (unsigned long long)ipa, (unsigned long long)f->hw.vtcr, hw.fault, hw.level,
		      (unsigned long long)hw.oa, hw.sh, (unsigned long long)e.pa, e.sh);
	g_hw_walks++;
	if (g_nviews && !((f->hw.vtcr >> 32) & 1) && ((f->hw.vtcr >> 16) & 7) == 5) {
		g_narrow_installed++;
		g_narrow_not_inner += hw.sh != 3;
	} else if (g_nviews) {
		g_wide_mixed++;
	}
	g_promoted += ent.shift > e.w.leaf_bits;
	unsigned smax = e.smax;
	if (g_fa && ent.shift > smax && ent.shift > e.w.leaf_bits) {
		/* a block over L1 leaves: each must map linearly, alike, in one L0 block */
		uint64_t b = ipa & ~((1ull << ent.shift) - 1);
		struct ref_walk w0;
		struct nvarm_host_s2_map h;
		ref_walk(&f->ref, b, 0, &w0);
		bool ok = !w0.fault && !fx_host_lookup(f, nvarm_ipa1(w0.oa), &h) &&
			  h.block_shift >= ent.shift;
		for (uint64_t o = 0; ok && o < (1ull << ent.shift); o += 1ull << e.w.leaf_bits) {
			struct ref_walk wo;
			ref_walk(&f->ref, b + o, 0, &wo);
			ok = !wo.fault && !wo.af_update && wo.oa == w0.oa + o &&
			     wo.perm == w0.perm && wo.memattr == w0.memattr && wo.sh == w0.sh;
		}
		if (ok)
			smax = ent.shift;
	}
	if (ent.pa.v != e.pa || r.pa.v != e.pa || ent.perm != e.perm || ent.memattr != e.memattr ||
	    !fx_shadow_sh_ok(f, ent.sh, e.sh) || ent.shift > smax)
		FAILF("ipa %#llx acc %u: pa %#llx perm %#x attr %#x sh %u shift %u; reference pa "
		      "%#llx perm %#x attr %#x sh %u max shift %u\n",
		      (unsigned long long)ipa, acc, (unsigned long long)ent.pa.v, ent.perm,
		      ent.memattr, ent.sh, ent.shift, (unsigned long long)e.pa, e.perm, e.memattr,
		      e.sh, e.smax);
}

static void view_save(const struct fx *f, struct fx_view *v);
static void view_load(struct fx *f, int k);

static void audit(struct fx *f, struct fx_leaf *lv, size_t *n)
{
	char why[256];
	*n = fx_leaves(f, lv, MAX_LEAVES);
	assert_true(*n <= MAX_LEAVES);
	for (size_t i = 0; i < *n; i++)
		if (fx_check_leaf(f, &lv[i], why, sizeof(why)))
			FAILF("%s: stale/wrong shadow leaf %#llx (2^%u): %s\n", g_where,
			      (unsigned long long)lv[i].ipa2, lv[i].shift, why);
	struct nvarm_s2mmu_stats st;
	nvarm_s2mmu_stats(&f->s, &st);
	size_t all = *n;
	/* Mixed mode: every other view's leaves too, each against its own reference (a change
	 * made for one view must leave the other's shadow exact) */
	for (int v = 0, cur = g_cur; v < g_nviews; v++) {
		if (v == cur)
			continue;
		struct fx_leaf *o = calloc(MAX_LEAVES, sizeof(*o));
		view_save(f, &g_views[cur]);
		view_load(f, v);
		size_t m = fx_leaves(f, o, MAX_LEAVES);
		assert_true(m <= MAX_LEAVES);
		for (size_t i = 0; i < m; i++)
			if (fx_check_leaf(f, &o[i], why, sizeof(why)))
				FAILF("%s: stale/wrong shadow leaf %#llx (2^%u) of view %d: %s\n",
				      g_where, (unsigned long long)o[i].ipa2, o[i].shift, v, why);
		all += m;
		free(o);
		view_load(f, cur);
	}
	if (st.leaves != all)
		FAILF("reverse map holds %u nodes for %zu leaves\n", st.leaves, all);
}

/*
 * Mixed mode: the leaves of the other views' MMUs an L0 change of L1 IPAs [lo, hi) removes
 * (write-protects, with @wp: those still writable), by the reference walk of each view.
 */
static size_t other_hits(struct fx *f, uint64_t lo, uint64_t hi, bool wp)
{
	size_t hits = 0;

	for (int v = 0; v < g_nviews; v++) {
		if (v == g_cur)
			continue;
		struct fx_leaf *lv = calloc(MAX_LEAVES, sizeof(*lv));
		struct nvarm_s2mmu_hw keep = f->hw;
		f->hw = g_views[v].hw;
		size_t n = fx_leaves(f, lv, MAX_LEAVES);
		f->hw = keep;
		assert_true(n <= MAX_LEAVES);
		for (size_t i = 0; i < n; i++) {
			struct ref_walk w;
			ref_walk(&g_views[v].ref, lv[i].ipa2, 0, &w);
			assert_false(w.fault); /* (audits check every leaf) */
			bool hit = w.oa < hi && lo < w.oa + (1ull << lv[i].shift);
			hits += hit && (!wp || (lv[i].desc & (1ull << 7)));
		}
		free(lv);
	}
	return hits;
}

static bool has_leaf(const struct fx_leaf *lv, size_t n, const struct fx_leaf *l)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lv[mid].ipa2 < l->ipa2)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && lv[lo].ipa2 == l->ipa2 && lv[lo].desc == l->desc;
}

struct snap {
	uint64_t ea, eb; /* L2 IPA range of the L1 translation it came from */
	uint64_t ia, ib; /* L1 IPA range it maps */
};

static void invalidation_rounds(struct fx *f, uint64_t *anchors, uint64_t window, int rounds)
{
	struct fx_leaf *a = calloc(MAX_LEAVES, sizeof(*a)), *b = calloc(MAX_LEAVES, sizeof(*b));
	struct snap *sn = calloc(MAX_LEAVES, sizeof(*sn));
	size_t na, nb;

	for (int round = 0; round < rounds; round++) {
		audit(f, a, &na);
		if (!na)
			goto refill;
		for (size_t i = 0; i < na; i++) {
			struct ref_walk w;
			ref_walk(&f->ref, a[i].ipa2, 0, &w);
			unsigned e = w.leaf_bits > a[i].shift ? w.leaf_bits : a[i].shift;
			sn[i].ea = a[i].ipa2 & ~((1ull << e) - 1);
			sn[i].eb = sn[i].ea + (1ull << e);
			sn[i].ia = w.oa;
			sn[i].ib = w.oa + (1ull << a[i].shift);
		}
		unsigned op = (unsigned)(fx_rand(f) % 20);
		size_t pick = fx_rand(f) % na;
		bool by_ipa1 = false, wp = false;
		uint64_t lo = 0, hi = 0;
		uint32_t enc;
		uint64_t xt;
		if (op < 8) {
			/* L1 changes the leaf of a mapped address, then TLBI IPAS2E1IS. */
			struct ref_walk w;
			uint64_t x = a[pick].ipa2 + fx_rand(f) % (1ull << a[pick].shift);
			ref_walk(&f->ref, x, 0, &w);
			uint64_t da = w.fault ? 0 : w.desc_addr;
			lo = x & ~((1ull << w.leaf_bits) - 1);
			hi = lo + (1ull << w.leaf_bits);
			/*
			 * Hostile tables alias: other shadowed IPAs may use the same descriptor. A
			 * correct L1 would invalidate those too; keep the test about this TLBI and
			 * only change descriptors no other live leaf depends on.
			 */
			for (size_t i = 0; da && i < na; i++) {
				if (sn[i].ea < hi && lo < sn[i].eb)
					continue;
				uint64_t end = a[i].ipa2 + (1ull << a[i].shift);
				for (uint64_t y = a[i].ipa2; y < end;) {
					struct ref_walk wy;
					ref_walk(&f->ref, y, 0, &wy);
					for (int k = 0; k < wy.npath; k++)
						if (wy.path[k] == da)
							da = 0;
					if (!da)
						break;
					y += 1ull << (wy.fault || wy.leaf_bits > a[i].shift
							  ? a[i].shift
							  : wy.leaf_bits);
				}
			}
			if (da)
				fx_wr(f, da, fx_rand(f) % 2 ? 0 : fx_rd(f, da) ^ (3ull << 6));
			enc = NVARM_SYSREG_ENC(1, 4, 8, 0, 1);
			xt = x >> 12;
		} else if (op < 13) {
			/* RIPAS2E1 over a random 4K-granule range around the pick. */
			unsigned scale = (unsigned)(fx_rand(f) % 2),
				 num = (unsigned)(fx_rand(f) % 32);
			/*
			 * BaseADDR [36:0] counts granules (TG), or 64K units with VTCR_EL2.DS=1
			 * (D8.17.6): a 52-bit IPA needs DS=1 or TG 64K (a 64K guest with
			 * FEAT_LPA), and the base is then 64K aligned.
			 */
			unsigned tgs = f->wide && !f->ds ? 16 : 12;
			unsigned bsh = f->ds ? 16 : tgs;
			uint64_t base =
			    (a[pick].ipa2 - (fx_rand(f) % (1ull << 20))) & ~((1ull << bsh) - 1);
			if (base > a[pick].ipa2)
				base = 0;
			lo = base;
			hi = base + ((uint64_t)(num + 1) << (5 * scale + 1) << tgs);
			enc = NVARM_SYSREG_ENC(1, 4, 8, 4, 2);
			xt = (tgs == 16 ? 3ull : 1ull) << 46 | (uint64_t)scale << 44 |
			     (uint64_t)num << 39 | base >> bsh;
		} else if (op < 19) {
			/* L0 changes its stage-2 for the region behind the pick. */
			uint64_t r = sn[pick].ia >> FX_HREG_SHIFT;
			struct fx_hreg *h = &f->hr[r];
			unsigned k = (unsigned)(fx_rand(f) % 3);
			if (k == 0)
				h->mapped = false;
			else if (k == 1)
				h->perm &= (uint8_t)~NVARM_PERM_W, wp = fx_rand(f) % 2;
			else
				h->pa += 1ull << 30; /* migrated */
			lo = r << FX_HREG_SHIFT;
			hi = lo + (1ull << FX_HREG_SHIFT);
			by_ipa1 = true;
			enc = 0;
			xt = 0;
		} else {
			lo = 0;
			hi = ~0ull;
			enc = NVARM_SYSREG_ENC(1, 4, 8, 3, 6); /* VMALLS12E1IS */
			xt = 0;
		}
		int removed;
		snprintf(g_where, sizeof(g_where), "round %d op %u [%#llx,%#llx)", round, op,
			 (unsigned long long)lo, (unsigned long long)hi);
		/* L0's changes reach every MMU (L1 TLBIs only their VMID's) */
		size_t expect_removed = by_ipa1 ? other_hits(f, lo, hi, wp) : 0;
		if (wp)
			removed = nvarm_s2mmu_host_wrprotect(&f->s, nvarm_ipa1(lo), hi - lo);
		else if (by_ipa1)
			removed = nvarm_s2mmu_host_unmap(&f->s, nvarm_ipa1(lo), hi - lo);
		else
			removed = nvarm_s2mmu_tlbi(&f->s, enc, xt, &f->l1);
		assert_true(removed >= 0);
		audit(f, b, &nb);
		for (size_t i = 0; i < na; i++) {
			bool hit = by_ipa1 ? (sn[i].ia < hi && lo < sn[i].ib)
					   : (sn[i].ea < hi && lo < sn[i].eb);
			if (wp) {
				/* Write-protect: every leaf stays, hit ones lose S2AP[1] only. */
				struct fx_leaf want = a[i];
				if (hit && (want.desc & (1ull << 7))) {
					want.desc &= ~(1ull << 7);
					expect_removed++;
				}
				if (!has_leaf(b, nb, &want))
					FAILF("round %d: leaf %#llx wrong after write-protect\n",
					      round, (unsigned long long)a[i].ipa2);
				continue;
			}
			bool present = has_leaf(b, nb, &a[i]);
			expect_removed += hit;
			if (hit && present)
				FAILF("round %d op %u: leaf %#llx survived invalidation of "
				      "[%#llx,%#llx)\n",
				      round, op, (unsigned long long)a[i].ipa2,
				      (unsigned long long)lo, (unsigned long long)hi);
			if (!hit && !present)
				FAILF("round %d op %u: untouched leaf %#llx removed "
				      "([%#llx,%#llx))\n",
				      round, op, (unsigned long long)a[i].ipa2,
				      (unsigned long long)lo, (unsigned long long)hi);
		}
		if ((size_t)removed != expect_removed)
			FAILF("round %d: removed %d, expected %zu\n", round, removed,
			      expect_removed);
	refill:
		snprintf(g_where, sizeof(g_where), "refill after round %d", round);
		for (int i = 0; i < 300; i++) {
			uint64_t anchor = anchors[fx_rand(f) % 32]; /* drawn first */
			uint64_t ipa = (anchor + fx_rand(f) % window) & ((1ull << f->iasize) - 1);
			one_fault(f, ipa);
		}
	}
	free(a);
	free(b);
	free(sn);
}

/*
 * One guest granule x host granule pair: @host_ia shadow input bits (0: the fixture's 48/47),
 * @pages pool pages (0: plenty), @addrs random faults before the invalidation rounds.
 */
static void run_geom(unsigned gg, unsigned hg, unsigned host_ia, uint32_t pages, int addrs,
		     int rounds, uint64_t seed)
{
	struct fx *f = calloc(1, sizeof(*f));
	uint64_t anchors[32];

	if (!pages)
		pages = hg == 12 ? 8192 : hg == 14 ? 2048 : 512;
	fx_init(f, hg, pages, 1u << 16, 4);
	if (g_wide) {
		f->cfg.host_pa_bits = 52; /* 52-bit shadow descriptors (DS=1 or FEAT_LPA) */
		f->cfg.host_ia_bits = 52;
	}
	if (host_ia)
		f->cfg.host_ia_bits = (uint8_t)host_ia;
	f->rng = seed;
	fx_host_random(f, false);
	/* Vary the attribute/permission encodings: FWB on either side (or the host's following
	 * L1's), FEAT_XNX on either side. */
	uint64_t v = fx_rand(f);
	f->cfg.host_fwb = v & 1;
	f->cfg.host_fwb_as_l1 = (v >> 4) & 1; /* the hardware's FWB follows L1's */
	f->cfg.host_xnx = (v >> 1) & 1;
	f->cfg.guest.xnx = (v >> 2) & 1;
	if (g_wide == 2)
		fx_guest_wide(f, gg);
	else
		do /* L2 IPAs mostly within the shadow's input size (the rest: L0_RANGE); a
		    * valid L1 configuration where fault-around's block must be shown (below) */
			fx_guest_config(f, gg, !(g_fa && gg == 12 && hg == 12));
		while (f->iasize > f->cfg.host_ia_bits + 1u);
	f->l1.fwb = (v >> 3) & 1;
	f->ref.fwb = f->l1.fwb;
	f->cfg.fault_around = (uint16_t)g_fa;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa(FX_PA_OF(f->pool)), pages), 0);
	fx_get_mmu(f);
	assert_true(f->mmu >= 0);
	uint64_t window = 1ull << (gg + 9 + 2);
	for (int i = 0; i < 32; i++)
		anchors[i] = fx_rand(f) & ((1ull << f->iasize) - 1);
	if (g_fa && gg == 12 && hg == 12) {
		/*
		 * Two L1 tables mapping 2M linearly: fault-around may map them with one block.
		 * L0 backs each with a plain block (mapped RWX, Normal WB, aligned, not logged),
		 * and L2 touches each once: a block over L1's pages must come out of every seed.
		 */
		for (int k = 0; k < 2; k++) {
			uint64_t b2 = anchors[k] & ~0x1fffffull;
			uint64_t oa = (fx_rand(f) % (1ull << 13)) << 21; /* L0's map: [0, 2^34) */
			for (unsigned i = 0; i < 512; i++)
				fx_map(f, b2 + i * 0x1000ull, oa + i * 0x1000ull, 3,
				       1ull << 10 | 3ull << 6 | 0xfull << 2 | 3ull << 8);
			struct fx_hreg *h = &f->hr[oa >> FX_HREG_SHIFT];
			h->mapped = true;
			h->mmio = h->dirty = false;
			h->shift = FX_HREG_SHIFT;
			h->perm = NVARM_PERM_RWX;
			h->memattr = 0xf;
			h->sh = 3;
			h->pa &= ~((1ull << FX_HREG_SHIFT) - 1);
			one_fault(f, b2 + (fx_rand(f) % 512) * 0x1000ull);
		}
	}
	for (int i = 0; i < addrs; i++) {
		/* One draw per statement: a seed gives the same run with any compiler. */
		uint64_t anchor = anchors[fx_rand(f) % 32];
		uint64_t ipa = (anchor + fx_rand(f) % window) & ((1ull << f->iasize) - 1);
		if (fx_rand(f) % 100 < 1)
			ipa = fx_rand(f) &
			      ((1ull << 52) - 1); /* anywhere, often beyond the input size */
		else if (fx_rand(f) % 10 < 8)
			fx_populate(f, ipa, true);
		one_fault(f, ipa);
	}
	invalidation_rounds(f, anchors, window, rounds);
	struct nvarm_s2mmu_stats st;
	assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
	if (!g_fa)
		assert_int_equal(st.fault_around_leaves, 0);
	g_fa_leaves += st.fault_around_leaves;
	fx_fini(f);
	free(f);
}

static void view_save(const struct fx *f, struct fx_view *v)
{
	v->ref = f->ref;
	v->l1 = f->l1;
	v->gbits = f->gbits;
	v->stride = f->stride;
	v->iasize = f->iasize;
	v->oasize = f->oasize;
	v->start = f->start;
	v->first = f->first;
	v->wide = f->wide;
	v->ds = f->ds;
	v->root = f->root;
	v->mmu = f->mmu;
	v->hw = f->hw;
}

static void view_load(struct fx *f, int k)
{
	const struct fx_view *v = &g_views[k];

	f->ref = v->ref;
	f->l1 = v->l1;
	f->gbits = v->gbits;
	f->stride = v->stride;
	f->iasize = v->iasize;
	f->oasize = v->oasize;
	f->start = v->start;
	f->first = v->first;
	f->wide = v->wide;
	f->ds = v->ds;
	f->root = v->root;
	f->mmu = v->mmu;
	f->hw = v->hw;
	g_cur = k;
}

/*
 * Issue #12: one 52-bit shadow context (host_pa_bits 52, input 52, host granule @hg) serving
 * two L1 stage-2 configurations at once: a 52-bit one (guest granule @gw: DS=1, or FEAT_LPA
 * with 64K; 49..52-bit IPAs) and a 48-bit one (guest granule @gn, 32..40-bit IPAs, no DS).
 * Each gets its own MMU with its own format: the 52-bit one DS=1 / PS 52, the 48-bit one
 * DS=0 / PS 48, with a leaf SH exactly the reference's combination of L1's and L0's. Faults
 * alternate at random between them; the invalidation rounds run for each in turn (host
 * unmaps reach both), every audit counting the other MMU's leaves too.
 */
static void run_mixed(unsigned gw, unsigned gn, unsigned hg, int addrs, int rounds, uint64_t seed)
{
	struct fx *f = calloc(1, sizeof(*f));
	uint64_t anchors[2][32], window[2];
	uint32_t pages = hg == 12 ? 8192 : hg == 14 ? 2048 : 512;

	fx_init(f, hg, pages, 1u << 16, 4);
	f->cfg.host_pa_bits = 52;
	f->cfg.host_ia_bits = 52;
	f->rng = seed;
	fx_host_random(f, false);
	uint64_t v = fx_rand(f);
	f->cfg.host_fwb = v & 1;
	f->cfg.host_fwb_as_l1 = (v >> 4) & 1;
	f->cfg.host_xnx = (v >> 1) & 1;
	f->cfg.guest.xnx = (v >> 2) & 1;
	fx_guest_wide(f, gw); /* (sets what L1 is offered: PARange 52, LPA, LPA2) */
	/*
	 * The views' tables never share a page of L1's memory: a root smaller than its granule,
	 * walked as a full table (the hostile "back to the root" descriptors), would otherwise
	 * reach the next allocation, the other view's root. L1 changing a descriptor another
	 * VMID walks without invalidating that VMID leaves its entries stale, as the Arm ARM
	 * allows; and with the views' endianness apart, a valid descriptor of one is an
	 * invalid one that fx_populate() fills for the other.
	 */
	f->l1_next = (f->l1_next + 0xffff) & ~0xffffull;
	f->l1.fwb = f->ref.fwb = (v >> 3) & 1;
	view_save(f, &g_views[0]);
	do
		fx_guest_config(f, gn, true);
	while (f->iasize > 40);
	f->l1_next = (f->l1_next + 0xffff) & ~0xffffull;
	/* its own VMID (a VMID-wide TLBI of one view must not reach the other's MMU) */
	f->l1.vttbr = (f->l1.vttbr & ~(0xffull << 48)) |
		      ((((g_views[0].l1.vttbr >> 48) & 0xff) ^ 0x80) << 48);
	f->ref.vttbr = f->l1.vttbr;
	f->l1.fwb = f->ref.fwb = (v >> 5) & 1;
	view_save(f, &g_views[1]);
	g_nviews = 2;
	assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
	assert_int_equal(nvarm_s2mmu_pool_add(&f->s, nvarm_pa(FX_PA_OF(f->pool)), pages), 0);
	for (int k = 0; k < 2; k++) {
		view_load(f, k);
		fx_get_mmu(f);
		assert_true(f->mmu >= 0);
		/* VTCR_EL2.PS [18:16], DS [32]: 52 and DS with 4K/16K; 48 and DS=0 */
		assert_int_equal((f->hw.vtcr >> 16) & 7, k ? 5 : 6);
		assert_int_equal((f->hw.vtcr >> 32) & 1, k == 0 && hg != 16);
		view_save(f, &g_views[k]);
		window[k] = 1ull << (f->gbits + 9 + 2);
		for (int i = 0; i < 32; i++)
			anchors[k][i] = fx_rand(f) & ((1ull << f->iasize) - 1);
	}
	assert_true(g_views[0].mmu != g_views[1].mmu);
	for (int i = 0; i < addrs; i++) {
		int k = (int)(fx_rand(f) % 2);
		view_load(f, k);
		uint64_t anchor = anchors[k][fx_rand(f) % 32];
		uint64_t ipa = (anchor + fx_rand(f) % window[k]) & ((1ull << f->iasize) - 1);
		if (fx_rand(f) % 100 < 1)
			ipa = fx_rand(f) & ((1ull << 52) - 1);
		else if (fx_rand(f) % 10 < 8)
			fx_populate(f, ipa, true);
		one_fault(f, ipa);
	}
	for (int k = 0; k < 2; k++) {
		view_load(f, k);
		invalidation_rounds(f, anchors[k], window[k], rounds);
	}
	struct fx_leaf *lv = calloc(MAX_LEAVES, sizeof(*lv));
	size_t n;
	view_load(f, 0);
	audit(f, lv, &n); /* after the 48-bit view's rounds (host changes reach it too) */
	free(lv);
	g_nviews = 0;
	fx_fini(f);
	free(f);
}

static void run_pair(unsigned gg, unsigned hg, uint64_t seed)
{
	run_geom(gg, hg, 0, 0, ADDRS_PER_PAIR, 40, seed);
}

static void test_differential_all_granule_pairs(void **state)
{
	(void)state;
	static const unsigned g[3] = {12, 14, 16};
	g_seed = fx_seed(0x5eed0001);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			run_pair(g[i], g[j],
				 g_seed + (uint64_t)(i * 3 + j) * 0x9e3779b97f4a7c15ull);
	print_message("s2mmu diff: %lu faults (%lu installed, %lu injected, %lu to L0 of which %lu "
		      "granule), seed %#llx\n",
		      g_total, g_installed, g_inject, g_l0, g_granule, (unsigned long long)g_seed);
	assert_true(g_total >= 100000);
	/* Every outcome must be well exercised, or the test proves little. */
	assert_true(g_installed > g_total / 10);
	assert_true(g_inject > g_total / 20);
	assert_true(g_l0 > g_total / 50);
}

/*
 * The same with fault-around on (a window of 2..64 pages drawn per pair): every leaf the
 * audits find, faulted or prefetched, must equal the reference for its IPA with permissions
 * within L1's ∩ L0's, and every invalidation must remove exactly the leaves it covers,
 * prefetched ones included.
 */
static void test_differential_fault_around(void **state)
{
	(void)state;
	static const unsigned g[3] = {12, 14, 16};
	g_seed = fx_seed(0x5eed0fa0);
	g_total = g_installed = g_inject = g_l0 = g_granule = g_hw_walks = g_range = 0;
	g_fa_leaves = g_promoted = 0;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			uint64_t seed = g_seed + (uint64_t)(i * 3 + j) * 0x9e3779b97f4a7c15ull;
			g_fa = 2u << (unsigned)((seed >> 17) % 6); /* 2..64 */
			snprintf(g_where, sizeof(g_where), "fill");
			run_geom(g[i], g[j], 0, 0, ADDRS_PER_PAIR / 2, 30, seed);
		}
	g_fa = 0;
	print_message("s2mmu diff (fault-around): %lu faults (%lu installed, %lu injected, %lu to "
		      "L0), %lu leaves prefetched, %lu faults mapped a block over L1 pages, seed "
		      "%#llx\n",
		      g_total, g_installed, g_inject, g_l0, g_fa_leaves, g_promoted,
		      (unsigned long long)g_seed);
	assert_true(g_promoted > 0);
	/* (fewer installs than without fault-around: its prefetched leaves take the faults their
	 * pages would have taken; 8.5-14% over seeds 1-20) */
	assert_true(g_installed > g_total / 20);
	/* the prefetch must really happen, or the audits above proved nothing about it */
	assert_true(g_fa_leaves > g_installed / 4);
}

/*
 * The shadow geometry the architecture allows for a host granule and input size, worked out
 * here from the Arm ARM rules (D8.2: the initial level resolves 1..stride+4 bits, i.e. up
 * to 16 concatenated tables; 4K cannot start at level 3 without FEAT_TTST, 16K not at level
 * 0 without DS, 64K never at level 0), taking the level with the fewest walk levels.
 */
static int fewest_levels(unsigned hg, unsigned ia, unsigned *pages)
{
	unsigned st = hg - 3;

	for (int lv = 3; lv >= 0; lv--) {
		int span = (int)ia - (int)(hg + (unsigned)(3 - lv) * st);
		if ((hg == 12 && lv == 3) || (hg != 12 && lv == 0))
			continue;
		if (span >= 1 && span <= (int)st + 4) {
			*pages = span > (int)st ? 1u << (span - (int)st) : 1u;
			return lv;
		}
	}
	return -1;
}

/*
 * Every host granule x input size whose shadow root is concatenated (4K: 32..34 and 40..43
 * bits; 16K: 37..40; 64K: 32..33 (a single level) and 43..46), the guest granules in turn:
 * geometry, hardware walk of the shadow against the reference, and invalidation rounds;
 * every other combination on a small pool, so that reclaim evicts tables hanging off
 * several root pages.
 */
static void test_differential_concatenated_roots(void **state)
{
	(void)state;
	static const unsigned g[3] = {12, 14, 16};
	unsigned combos = 0, runs = 0;

	g_seed = fx_seed(0x5eed00c0);
	g_total = g_installed = g_inject = g_l0 = g_granule = g_hw_walks = g_range = 0;
	for (int i = 0; i < 3; i++) {
		unsigned hg = g[i];
		for (unsigned ia = 32; ia <= (hg == 14 ? 47u : 48u); ia++) {
			unsigned pages = 0;
			int lv = fewest_levels(hg, ia, &pages);
			assert_true(lv >= 0);
			/* the header's compile-time figure agrees */
			assert_int_equal(NVARM_S2MMU_ROOT_PAGES(hg, ia), pages);
			if (pages == 1)
				continue;
			combos++;
			/* the guest granules in turn (the kernel module runs this test too) */
			{
				int j = (int)combos % 3;
				struct fx *f = calloc(1, sizeof(*f));
				struct nvarm_s2mmu_stats st;
				int hl;
				unsigned hb;
				/* geometry: stats and the VTCR_EL2/VTTBR_EL2 the hardware gets */
				fx_init(f, hg, 64, 256, 2);
				f->cfg.host_ia_bits = (uint8_t)ia;
				fx_host_random(f, true);
				fx_guest_fixed(f, 12, 40, 1);
				assert_int_equal(nvarm_s2mmu_init(&f->s, &f->cfg), 0);
				assert_int_equal(
				    nvarm_s2mmu_pool_add(&f->s, nvarm_pa(FX_PA_OF(f->pool)), 64),
				    0);
				assert_int_equal(nvarm_s2mmu_stats(&f->s, &st), 0);
				assert_int_equal(st.root_pages, pages);
				assert_int_equal(st.levels, 4 - lv);
				assert_int_equal(st.min_pool_pages, pages + 3 - lv);
				fx_get_mmu(f);
				assert_true(f->mmu >= 0);
				assert_int_equal(fx_hw_geometry(f, &hl, &hb), 0);
				assert_int_equal(hl, lv);
				assert_true(hb >
					    hg - 3u); /* more than one page's worth: concatenated */
				fx_fini(f);
				free(f);
				uint32_t pool = (runs & 1) ? pages + 24 : 0;
				snprintf(g_where, sizeof(g_where), "fill");
				run_geom(g[j], hg, ia, pool, 3000, 10,
					 g_seed + (uint64_t)(runs++) * 0x9e3779b97f4a7c15ull);
			}
		}
	}
	print_message("s2mmu diff (concatenated roots): %u granule x input size combinations, "
		      "%lu faults (%lu installed and walked as the hardware would, %lu injected, "
		      "%lu to L0 of which %lu out of range), seed %#llx\n",
		      combos, g_total, g_installed, g_inject, g_l0, g_range,
		      (unsigned long long)g_seed);
	assert_int_equal(combos, 17);
	assert_true(g_hw_walks == g_installed && g_installed > g_total / 20);
	assert_true(g_inject > g_total / 20);
}

/*
 * 52-bit addresses (issue #12): L1 offered PARange 52 with FEAT_LPA/LPA2 runs 49..52-bit IPA
 * spaces (DS=1 with 4K/16K, FEAT_LPA's layout with 64K; blocks at 4K level 0 and 16K/64K
 * level 1), and the shadow runs with 52-bit descriptors and a 52-bit input (VTCR_EL2.DS=1 or
 * 64K with PS 52), every guest x host granule pair: each installed leaf is walked as the
 * hardware walks the shadow (the reference walker reading the shadow's own layout) and
 * must give the reference's PA; the invalidation rounds must remove exactly what they
 * cover. Then the same shadow under 48-bit guests (the usual configurations).
 */
static void test_differential_52bit(void **state)
{
	(void)state;
	static const unsigned g[3] = {12, 14, 16};
	unsigned long wide_installed = 0;

	g_seed = fx_seed(0x5eed0052);
	g_total = g_installed = g_inject = g_l0 = g_granule = g_hw_walks = g_range = g_high = 0;
	for (g_wide = 2; g_wide >= 1; g_wide--) {
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				uint64_t seed = g_seed + (uint64_t)(g_wide * 9 + i * 3 + j) *
							     0x9e3779b97f4a7c15ull;
				snprintf(g_where, sizeof(g_where), "fill");
				run_geom(g[i], g[j], 0, 0, ADDRS_PER_PAIR / 4, 20, seed);
			}
		if (g_wide == 2)
			wide_installed = g_installed;
	}
	print_message(
	    "s2mmu diff (52-bit): %lu faults (%lu installed and walked as the hardware "
	    "would, %lu of them 52-bit guests', %lu at L2 IPAs >= 2^48; %lu injected, %lu "
	    "to L0), seed %#llx\n",
	    g_total, g_installed, wide_installed, g_high, g_inject, g_l0,
	    (unsigned long long)g_seed);
	assert_true(g_hw_walks == g_installed && wide_installed > g_total / 40);
	assert_true(g_high > wide_installed / 4);
	assert_true(g_inject > g_total / 20);
	assert_true(g_l0 > g_total / 50);

	/* both formats in one context: every 52-bit x 48-bit guest granule pair per host one */
	g_total = g_installed = g_inject = g_l0 = g_granule = g_hw_walks = g_range = g_high = 0;
	g_narrow_installed = g_narrow_not_inner = g_wide_mixed = 0;
	for (int h = 0; h < 3; h++)
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				uint64_t seed = g_seed + (uint64_t)(27 + h * 9 + i * 3 + j) *
							     0x9e3779b97f4a7c15ull;
				snprintf(g_where, sizeof(g_where), "mixed");
				run_mixed(g[i], g[j], g[h], ADDRS_PER_PAIR / 6, 8, seed);
			}
	print_message("s2mmu diff (52-bit host, 48- and 52-bit guests in one context): %lu faults "
		      "(%lu installed and walked as the hardware would: %lu in 48-bit-format "
		      "MMUs, %lu of them not Inner Shareable, %lu in 52-bit ones; %lu injected, "
		      "%lu to L0), seed %#llx\n",
		      g_total, g_installed, g_narrow_installed, g_narrow_not_inner, g_wide_mixed,
		      g_inject, g_l0, (unsigned long long)g_seed);
	assert_true(g_hw_walks == g_installed);
	assert_true(g_narrow_installed > g_installed / 5 && g_wide_mixed > g_installed / 5);
	assert_true(g_narrow_not_inner > g_narrow_installed / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_differential_all_granule_pairs),
	    cmocka_unit_test(test_differential_concatenated_roots),
	    cmocka_unit_test(test_differential_fault_around),
	    cmocka_unit_test(test_differential_52bit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
