// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 fault resolution: nvarm_s2mmu_handle_fault() walks L1's stage-2 for the
 * faulting L2 IPA (walk.c), looks up L0's stage-2 (ops->host_s2_lookup), combines the two
 * (attr.c) and installs the shadow leaf, or says what to inject into L1 or what L0 must do.
 *
 * Caches (per MMU, like hardware walk caches, two entries each so that two vCPUs faulting
 * in turn on one MMU both hit): the L1 tables used for the last leaves (mmu_rec.gtl, gh_*())
 * and the shadow tables the last leaves went into (mmu_rec.spage, scache_*()). The L1 walk
 * cache is dropped on every TLBI reaching the MMU (L1 must TLBI after changing a valid table
 * descriptor); the shadow table cache when the MMU is flushed or reclaim evicts a page.
 *
 * When the pool or the reverse map has too little free, the fault pins its shadow path
 * (path_pin()) and asks reclaim.c for exactly what is missing.
 *
 * Locking: see the comment above nvarm_s2mmu_handle_fault().
 */
#include "s2mmu_internal.h"
#include <nvarm/arm/esr.h>

struct fault_ctx {
	unsigned access;
	uint64_t ipa2;
	struct nvarm_s2_walk w;
	struct nvarm_host_s2_map h;
	uint8_t perm;
	uint8_t memattr;
	uint8_t sh;
	unsigned shift;			  /* shadow leaf size */
	int level;			  /* shadow leaf level */
	uint64_t pa;			  /* PA of ipa2 */
	const struct nvarm_s2mmu_geo *gm; /* the MMU's geometry and format (set by the caller) */
	/* worked out before the lock (classify()), for a leaf at @level: */
	uint64_t attrs;	 /* the leaf descriptor but its output address and type bits */
	uint32_t bucket; /* reverse-map bucket of its L1 IPA */
	int bucket_level;
	uint32_t leaf_page; /* set by install(): the table page the leaf went into */
	bool plain;	    /* set by commit(): installed without a new table */
	/*
	 * Fault-around (nvarm_s2mmu_config::fault_around), worked out by around_prepare() with
	 * the rest of classify(), installed by around_commit(): fa_n pages of the window at L2
	 * IPA fa_base; fa_desc[k] the shadow descriptor of one, fa_ipa1[k] its L1 IPA | its
	 * index in the window (bits [5:0]).
	 */
	unsigned fa_n;
	uint64_t fa_base;
	uint64_t fa_desc[NVARM_S2MMU_MAX_FAULT_AROUND];
	uint64_t fa_ipa1[NVARM_S2MMU_MAX_FAULT_AROUND];
};

/*
 * L1 maps at a finer grain than the shadow granule: the shadow page can only be mapped when
 * every L1 page in it maps linearly, with the same attributes, no fault, AF set (R_xxx:
 * the smallest shadow mapping is one host granule).
 */
/* The MemAttr layout of the shadow entries of an MMU whose L1 FWB is bit 1 of @p mflags: the
 * hardware HCR_EL2.FWB L0 runs L2 with (nvarm_s2mmu_config::host_fwb, or L1's). */
static inline bool host_fwb(const struct nvarm_s2mmu *s, uint8_t mflags)
{
	return s->cfg.host_fwb_as_l1 ? (mflags & 2) != 0 : s->cfg.host_fwb;
}

static bool coalesce(struct nvarm_s2mmu *s, const struct s2_walk_prep *wp, struct fault_ctx *f)
{
	uint64_t gsz = UINT64_C(1) << gshift(s), win = f->ipa2 & ~(gsz - 1);
	uint64_t step = UINT64_C(1) << f->w.leaf_shift;
	uint64_t delta = f->w.oa.v - f->ipa2;
	uint8_t perm = f->perm;

	if ((f->w.oa.v ^ f->ipa2) & (gsz - 1))
		return false;
	if (step < 4096)
		return false;
	for (uint64_t a = win; a < win + gsz; a += step) {
		struct nvarm_s2_walk w;
		if (a == (f->ipa2 & ~(step - 1)))
			continue;
		if (nvarm_s2_walk_prepared(wp, s->cfg.ops, nvarm_ipa2(a), 0, false, &w, NULL) ||
		    w.fault || !(w.desc & NVARM_S2D_AF) || w.oa.v - a != delta ||
		    w.memattr != f->w.memattr || w.sh != f->w.sh)
			return false;
		if (w.leaf_shift < f->w.leaf_shift)
			step = UINT64_C(1) << w.leaf_shift; /* never skip a finer L1 page */
		perm &= w.perm;
	}
	if (f->access & ~(unsigned)perm & 0xfu)
		return false;
	f->perm = perm;
	return true;
}

static int install(struct nvarm_s2mmu *s, unsigned mmu, struct fault_ctx *f)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	const struct nvarm_s2mmu_geo *gm = f->gm;
	uint32_t page = m->root - 1;
	int level = gm->root_level;

	scache_find(s, m, f->ipa2, f->level, &page, &level); /* a lower table as last time */
	for (;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned sh = level_shift(s, level);
		unsigned slot =
		    (unsigned)(f->ipa2 >> sh) & ((1u << level_slots_bits(s, gm, level)) - 1);
		uint64_t d = tbl[slot];

		if (level >= f->level && !is_table(d, level)) {
			/* Leaf here (the wanted level, or deeper because tables exist). */
			if (level == gm->root_level)
				root_ref(s, &page, &slot, &tbl); /* the root page holding it */
			struct slot_ref r = {page, slot, level, tbl};
			if (level > gm->root_level)
				scache_note(s, m, page, level, f->ipa2);
			uint64_t base_pa = f->pa & ~((UINT64_C(1) << sh) - 1);
			uint64_t ipa1 = f->w.oa.v & ~((UINT64_C(1) << sh) - 1);
			uint64_t nd;
			int rc;

			nd = shadow_oa(s, base_pa) | (level == 3 ? 3 : 1) | f->attrs;
			f->shift = sh;
			f->level = level;
			f->leaf_page = page;
			if ((d & 1) &&
			    !(f->access & ~(unsigned)desc_perm(d, s->cfg.host_xnx) & 0xfu)) {
				/*
				 * Another CPU installed an entry that already grants the access
				 * (the same one, usually) after this fault was taken: keep it,
				 * rather than break-before-make a live entry under the CPUs using
				 * it. It is current: every invalidation removes entries before it
				 * returns.
				 */
				f->perm = desc_perm(d, s->cfg.host_xnx);
				f->pa = leaf_pa(s, gm, d) + (f->ipa2 & ((UINT64_C(1) << sh) - 1));
				return 0;
			}
			if (d & 1)
				nvarm_s2_slot_remove(s, mmu, &r);
			rc = nvarm_s2_rmap_add(
			    s, page, slot, ipa1,
			    level == f->bucket_level ? f->bucket : bucket_of(s, ipa1 >> 12, level));
			if (rc)
				return rc;
			tbl[slot] = nd;
			pm(s, page)->live++;
			m->leaves++;
			/* (stage 2 off: no L1 leaf, L1's TLBIs need not see a bigger range) */
			unsigned eff = f->w.leaf_shift > sh && !m->wp.off ? f->w.leaf_shift : sh;
			if (eff > m->max_g)
				m->max_g = (uint8_t)eff;
			return 0;
		}
		if (!(d & 1) || !is_table(d, level)) {
			/* Need a table: an existing larger leaf must go first. */
			if (level == gm->root_level)
				root_ref(s, &page, &slot, &tbl); /* the root page holding it */
			struct slot_ref r = {page, slot, level, tbl};
			if (d & 1)
				nvarm_s2_slot_remove(s, mmu, &r);
			uint64_t base = f->ipa2 & ~((UINT64_C(1) << sh) - 1);
			uint32_t np = nvarm_s2_page_alloc(s, mmu, level + 1, base);
			if (!np)
				return NVARM_ERR_AGAIN;
			f->plain = false;
			pm(s, np - 1)->parent = page + 1;
			nvarm_s2_plist_push(s, &m->lru, np - 1);
			tbl[slot] = shadow_oa(s, page_pa(s, np - 1)) | 3;
			pm(s, page)->live++;
			nvarm_s2_table_added(s, page);
			page = np - 1;
			continue;
		}
		page = page_of_pa(s, desc_pa(s, d)) - 1;
	}
}

/*
 * Walk the shadow tables toward the leaf of @f exactly as install() will, without changing
 * them: pin every table page on the way (reclaim must not free the path this fault builds
 * on), count the tables install() will allocate and say whether it needs a new reverse-map
 * node (not when it replaces a valid leaf on the path).
 */
static void path_pin(struct nvarm_s2mmu *s, struct mmu_rec *m, const struct fault_ctx *f,
		     struct s2_path *path, uint32_t *missing, bool *node)
{
	const struct nvarm_s2mmu_geo *gm = f->gm;
	uint32_t page = m->root - 1;

	path->n = 0;
	*missing = 0;
	for (int level = gm->root_level;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned slot = (unsigned)(f->ipa2 >> level_shift(s, level)) &
				((1u << level_slots_bits(s, gm, level)) - 1);
		uint64_t d = tbl[slot];

		if (level == gm->root_level)
			root_ref(s, &page, &slot, NULL);
		pm(s, page)->flags |= PG_PIN;
		path->page[path->n++] = page;
		path->keep_page = page;
		path->keep_slot = slot;
		*node = !(d & 1);
		if (level >= f->level && !is_table(d, level))
			return;
		if (!(d & 1) || !is_table(d, level)) {
			*missing = (uint32_t)(f->level - level);
			return;
		}
		page = page_of_pa(s, desc_pa(s, d)) - 1;
	}
}

static void inject(const struct nvarm_s2mmu_fault *in, const struct fault_ctx *f,
		   struct nvarm_s2mmu_result *r)
{
	uint64_t esr = in->esr;

	esr &= ~(uint64_t)(NVARM_ISS_FSC_MASK | NVARM_ISS_DABT_EA | NVARM_ISS_DABT_VNCR);
	esr |= nvarm_s2_fault_fsc(f->w.fault, f->w.level);
	r->action = NVARM_S2MMU_INJECT;
	r->esr_el2 = esr;
	r->hpfar_el2 = (f->ipa2 >> 12) << 4;
	r->far_el2 = in->far;
}

static unsigned fault_access(const struct nvarm_s2mmu_fault *in)
{
	unsigned ec = (unsigned)(in->esr >> NVARM_ESR_EC_SHIFT) & NVARM_ESR_EC_MASK;

	/*
	 * A stage-2 fault on L2's stage-1 table walk (S1PTW, data or instruction side) is an
	 * access to a translation table: a read, or a write when the walk updates the
	 * descriptor (hardware Access flag / dirty state, FEAT_HAFDBS, DDI 0487 D8.4). A
	 * stage-2 *permission* fault on a walk is therefore for the write when the table is
	 * readable (the reported WnR is not reliable for walks), and treating it as a read
	 * would find the read-only entry good enough and resume L2 into the same fault.
	 */
	if (in->esr & NVARM_ISS_DABT_S1PTW) {
		unsigned fsc = (unsigned)in->esr & NVARM_ISS_FSC_MASK;

		return (fsc >= 0x0c && fsc <= 0x0f) || (in->esr & NVARM_ISS_DABT_WNR)
			   ? NVARM_S2_ACC_W
			   : NVARM_S2_ACC_R;
	}
	if (ec == NVARM_EC_IABT_LOW)
		return in->l2_el0 ? NVARM_S2_ACC_XU : NVARM_S2_ACC_XP;
	return (in->esr & NVARM_ISS_DABT_WNR) ? NVARM_S2_ACC_W : NVARM_S2_ACC_R;
}

static bool is_s2_abort(uint64_t esr)
{
	unsigned ec = (unsigned)(esr >> NVARM_ESR_EC_SHIFT) & NVARM_ESR_EC_MASK;
	unsigned fsc = (unsigned)esr & NVARM_ISS_FSC_MASK;

	if (ec != NVARM_EC_IABT_LOW && ec != NVARM_EC_DABT_LOW)
		return false;
	return (fsc >= NVARM_FSC_TRANS_L0 && fsc <= NVARM_FSC_PERM_L0 + 3) ||
	       fsc == NVARM_FSC_TRANS_LM1;
}

static void fault_init(const struct nvarm_s2mmu_fault *in, struct fault_ctx *f,
		       struct nvarm_s2mmu_result *r)
{
	f->access = fault_access(in);
	f->ipa2 = (NVARM_FIELD_GET(in->hpfar, 43, 4) << 12) |
		  ((in->esr & NVARM_ISS_DABT_FNV) ? 0 : (in->far & 0xfff));
	r->ipa2 = nvarm_ipa2(f->ipa2);
}

static void result_clear(struct nvarm_s2mmu_result *r)
{
	r->action = 0;
	r->l0_reason = 0;
	r->map_shift = 0;
	r->perm = 0;
	r->ipa2 = nvarm_ipa2(0);
	r->ipa1 = nvarm_ipa1(0);
	r->pa = nvarm_pa(0);
	r->esr_el2 = 0;
	r->hpfar_el2 = 0;
	r->far_el2 = 0;
}

/*
 * Spurious permission/access fault: the shadow already has a leaf for the address that grants
 * the access (another CPU widened it after this CPU's access faulted): resume without a walk.
 * A translation fault racing with another CPU's install of the same page is found by
 * install(), which keeps a present leaf that grants the access. Lock held.
 */
static bool spurious(struct nvarm_s2mmu *s, struct mmu_rec *m, const struct nvarm_s2mmu_fault *in,
		     const struct fault_ctx *f, struct nvarm_s2mmu_result *r)
{
	struct slot_ref sr;

	if ((in->esr & NVARM_ISS_FSC_MASK) >= NVARM_FSC_ACCESS_L0 &&
	    !(f->ipa2 >> mmu_geo(s, m)->ia_bits) && nvarm_s2_shadow_find(s, m, f->ipa2, &sr) &&
	    !(f->access & ~(unsigned)desc_perm(sr.tbl[sr.slot], s->cfg.host_xnx) & 0xfu)) {
		uint64_t d = sr.tbl[sr.slot];
		unsigned sh = level_shift(s, sr.level);
		r->action = NVARM_S2MMU_INSTALLED;
		r->pa =
		    nvarm_pa(leaf_pa(s, mmu_geo(s, m), d) + (f->ipa2 & ((UINT64_C(1) << sh) - 1)));
		r->map_shift = (uint8_t)sh;
		r->perm = desc_perm(d, s->cfg.host_xnx);
		return true;
	}
	return false;
}

/*
 * What install() writes, worked out before the lock: the leaf descriptor's attribute bits
 * (permissions in the host's XN encoding, MemAttr, SH, AF, L1's leaf size index in the
 * software bits) and the reverse-map bucket for a leaf at the chosen level.
 */
static inline __attribute__((__always_inline__)) uint64_t
leaf_attrs(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_geo *gm, unsigned perm,
	   unsigned memattr, unsigned shr, unsigned l1_shift)
{
	bool xp = perm & NVARM_PERM_XP, xu = perm & NVARM_PERM_XU;
	unsigned gi = l1_shift < 64 ? nvarm_s2_g_shift_idx[l1_shift] : 0, xn;

	if (gm->oa_fmt == NVARM_S2_OA_DS)
		shr = 0; /* bits [9:8] are OA[51:50]: the leaf is VTCR_EL2.SH0 shareable */
	if (!s->cfg.host_xnx)
		xn = (xp && xu) ? 0 : 2;
	else
		xn = xp ? (xu ? 0 : 3) : (xu ? 1 : 2);
	return (uint64_t)memattr << 2 | (perm & NVARM_PERM_R ? NVARM_S2D_S2AP_R : 0) |
	       (perm & NVARM_PERM_W ? NVARM_S2D_S2AP_W : 0) | (uint64_t)shr << NVARM_S2D_SH_SHIFT |
	       NVARM_S2D_AF | (uint64_t)xn << NVARM_S2D_XN_SHIFT |
	       (uint64_t)gi << NVARM_S2D_SW_SHIFT;
}

static void leaf_prepare(const struct nvarm_s2mmu *s, struct fault_ctx *f)
{
	uint64_t ipa1 = f->w.oa.v & ~((UINT64_C(1) << level_shift(s, f->level)) - 1);

	f->attrs = leaf_attrs(s, f->gm, f->perm, f->memattr, f->sh, f->w.leaf_shift);
	f->bucket = bucket_of(s, ipa1 >> 12, f->level);
	f->bucket_level = f->level;
}

/*
 * Fault-around (nvarm_s2mmu_config::fault_around), first half: without the lock, with the
 * rest of classify() (the same generation check makes the fault redo both when an
 * invalidation overtakes them). For a translation fault that installs one shadow page (a
 * leaf of the host granule, below the root level) from an L1 leaf at least that large: the
 * other pages of the aligned window of fault_around pages, clipped to the L1 table the walk
 * ended in (the shadow table always holds it: fault_around <= 64 < its 512 or more
 * entries). Their L1 descriptors come from one read_l1 of the window (none when the fault's
 * L1 leaf covers the window: its descriptor is theirs), and each page gets the checks a
 * fault on it would make: a leaf (nvarm_s2_leaf_decode(), the walk's own judgement) with AF
 * set (AF = 0 is left to its own fault, so that L1's Access flag handling sees it), L0
 * mapping its L1 IPA as RAM of at least the host granule, congruent and in range,
 * permissions L1 ∩ L0 (no dirty-state update: a write to a DBM-clean page still faults) and
 * the combined attributes. A page that fails a check is left to its own fault; nothing here
 * fails the fault.
 *
 * Per page, the work is kept to what changes: the last descriptor judged in full (dref, its
 * result wr) stands for a neighbour whose descriptor differs from it only in the output
 * address bits (48-bit descriptor format; the OA is range-checked as desc_oa() does), and the
 * last L0 lookup (h, at L1 IPA hoa) for every L1 IPA in the same L0 block of
 * 2^h.block_shift bytes (same permissions and attributes, contiguous:
 * nvarm_host_s2_map::block_shift); the leaf attributes are worked out again only when
 * either changes.
 */
static __attribute__((__noinline__)) void around_prepare(struct nvarm_s2mmu *s,
							 const struct s2_walk_prep *wp,
							 uint8_t mflags, struct fault_ctx *f)
{
	const struct nvarm_platform_ops *ops = s->cfg.ops;
	unsigned g = gshift(s), fa = s->cfg.fault_around, wsh = g, lsh = f->w.leaf_shift;
	uint64_t raw[NVARM_S2MMU_MAX_FAULT_AROUND];
	uint64_t lmask = (UINT64_C(1) << lsh) - 1, gmask = (UINT64_C(1) << g) - 1;
	bool same; /* the fault's L1 leaf covers the window */

	f->fa_n = 0;
	if (f->level != 3 || f->gm->root_level >= 3 || lsh < g)
		return;
	if (!wp->off && !(f->w.desc & NVARM_S2D_AF))
		return; /* the fault set AF (HA): leave its neighbours to L1's own AF state */
	while ((1u << (wsh - g)) < fa)
		wsh++;
	same = wp->off || lsh >= wsh;
	if (!same) {
		/* clip to the L1 table holding the fault's leaf */
		unsigned tsh = lsh + (f->w.level == wp->start ? wp->start_bits : wp->stride);
		if (wsh > tsh)
			wsh = tsh;
		if (wsh <= lsh)
			return;
	}

	struct nvarm_s2_walk wr;
	struct nvarm_host_s2_map h;
	uint64_t base = f->ipa2 & ~((UINT64_C(1) << wsh) - 1);
	uint64_t dref = f->w.desc, hoa = 0, attrs = 0, keep = ~NVARM_GENMASK(47, lsh);
	unsigned n = same ? 1 : 1u << (wsh - lsh);		 /* L1 descriptors */
	unsigned ppd = same ? 1u << (wsh - g) : 1u << (lsh - g); /* pages per descriptor */
	unsigned me = (unsigned)((f->ipa2 - base) >> g), k = 0, hbs = 64;
	bool fast = !wp->ds && !wp->lpa64k, hok = false, aok = false;

	if (!same) {
		uint64_t first = f->w.desc_ipa.v - ((f->ipa2 - base) >> lsh) * 8;
		if (ops->read_l1(ops->ctx, nvarm_ipa1(first), raw, (size_t)n * 8))
			return;
	}
	if (wp->off)
		wr = f->w; /* identity: every page as the fault's, RWX, no descriptor */
	else if (nvarm_s2_leaf_decode(wp, dref, f->w.level, f->ipa2, &wr))
		return; /* (cannot happen: the walk just used it) */
	f->fa_base = base;
	for (unsigned j = 0; j < n; j++) {
		uint64_t oal; /* L1 IPA of the leaf (aligned) */

		if (same) {
			oal = wr.oa.v & ~lmask;
		} else {
			uint64_t d = nvarm_guest64_to_cpu(raw[j], wp->be);
			if (fast && !((d ^ dref) & keep)) {
				oal = d & NVARM_GENMASK(47, lsh);
				if (oal >> wp->oa_bits)
					continue; /* Address size fault */
			} else {
				struct nvarm_s2_walk w;
				uint64_t a0 = base + ((uint64_t)j << lsh);
				if (nvarm_s2_leaf_decode(wp, d, f->w.level, a0, &w) ||
				    !(d & NVARM_S2D_AF))
					continue; /* faults, or AF = 0: its own fault decides */
				wr = w;
				dref = d;
				oal = w.oa.v & ~lmask;
				aok = false;
			}
		}
		for (unsigned p = 0; p < ppd; p++) {
			unsigned i = j * ppd + p;
			uint64_t oa = oal | ((base + ((uint64_t)i << g)) & lmask);

			if (i == me)
				continue;
			if (!hok || ((oa ^ hoa) >> hbs)) {
				aok = false;
				hok = !ops->host_s2_lookup(ops->ctx, nvarm_ipa1(oa), &h) &&
				      !(h.flags & NVARM_HOST_S2_MMIO) && h.block_shift >= g &&
				      h.block_shift < 64 && !((oa ^ h.pa.v) & gmask);
				if (!hok)
					continue; /* unmapped, MMIO, finer than a page: L0 decides
						   */
				hoa = oa;
				hbs = h.block_shift;
				if (h.flags & NVARM_HOST_S2_DIRTY_LOG)
					h.perm &= (uint8_t)~NVARM_PERM_W;
			}
			uint64_t pa = h.pa.v + (oa - hoa);
			if (pa >> f->gm->pa_bits)
				continue;
			if (!aok) {
				unsigned perm = wr.perm & h.perm;
				unsigned ma = nvarm_s2_combine_memattr(
				    wr.memattr, (mflags & 2) != 0, h.memattr, host_fwb(s, mflags));
				unsigned shr = nvarm_s2_combine_sh(wr.sh, h.sh);
				attrs = perm & 0xfu ? leaf_attrs(s, f->gm, perm, ma, shr, lsh) : 0;
				aok = true;
			}
			if (!attrs)
				continue; /* no permission at all: nothing a fault would install */
			f->fa_ipa1[k] = (oa & ~gmask) | i;
			f->fa_desc[k] = shadow_oa(s, pa) | 3 | attrs;
			k++;
		}
	}
	f->fa_n = k;
}

/*
 * Fault-around, second half: lock held, right after the fault's own leaf went into table
 * page f->leaf_page (the window's table). Installs the prepared pages that are still
 * absent, each with its reverse-map node, as install() does; stops when only a quarter of
 * the reverse map is free (what is left is for faults: a prefetch must never make the next
 * fault reclaim, nor reclaim itself) and needs no pool page.
 */
static __attribute__((__noinline__)) void around_commit(struct nvarm_s2mmu *s, unsigned mmu,
							struct fault_ctx *f)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	uint32_t page = f->leaf_page;
	uint64_t *tbl = page_va(s, page);
	unsigned g = gshift(s), smask = (1u << level_slots_bits(s, f->gm, 3)) - 1, done = 0;
	unsigned s0 = (unsigned)(f->fa_base >> g) & smask;
	/* nodes it may take: all but a quarter of the map (node 0 is never used) */
	uint32_t cap = s->cfg.rmap_entries - 1 - s->cfg.rmap_entries / 4;
	uint32_t room = s->rmap_used < cap ? cap - s->rmap_used : 0;

	if (f->level != 3)
		return;
	for (unsigned k = 0; k < f->fa_n && done < room; k++) {
		uint64_t ipa1 = f->fa_ipa1[k] & ~(uint64_t)63;
		unsigned slot = s0 + (unsigned)(f->fa_ipa1[k] & 63);

		if (tbl[slot] & 1)
			continue; /* present: faulted (or prefetched) meanwhile */
		if (rmap_add_inline(s, page, slot, ipa1, bucket_of(s, ipa1 >> 12, 3)))
			break; /* (not reached: room counts free nodes) */
		tbl[slot] = f->fa_desc[k];
		done++;
	}
	pm(s, page)->live += done;
	m->leaves += done;
	s->fault_around_leaves += done;
}

/*
 * Fault-around at its largest (with nvarm_s2mmu_config::fault_around on, translation faults):
 * when the L1 table the walk ended in maps the whole naturally aligned region of one shadow
 * level-2 block (2M with a 4K host granule) linearly, every descriptor a valid leaf with AF set
 * and the same attributes as the fault's own, and L0 maps the region as one block congruent
 * with it, one shadow block leaf maps the region: the translation of every page in it is the
 * one its own fault would install (identical L1 descriptors but for the output address, the
 * same L0 block), and L1's TLBIs and L0's unmaps remove a shadow leaf covering what they hit
 * (inval.c: the shadow leaf's range when larger than L1's leaf). L1's descriptors are read in
 * bounded chunks of 64 (read_l1 of 512 bytes), compared without decoding (48-bit descriptor
 * format only). Unlocked, with the rest of classify(). Anything else: no promotion.
 */
static __attribute__((__noinline__)) bool
promote(struct nvarm_s2mmu *s, const struct s2_walk_prep *wp, struct fault_ctx *f)
{
	const struct nvarm_platform_ops *ops = s->cfg.ops;
	unsigned sh2 = level_shift(s, 2), lsh = f->w.leaf_shift;
	uint64_t m2 = (UINT64_C(1) << sh2) - 1, d0 = f->w.desc, raw[64];
	uint64_t keep = ~NVARM_GENMASK(47, lsh);
	struct nvarm_s2_walk w0;

	if (wp->off || wp->ds || wp->lpa64k || !host_allows_leaf(s, 2) || f->gm->root_level > 2 ||
	    f->h.block_shift < sh2 || lsh >= sh2 ||
	    (((f->ipa2 ^ f->w.oa.v) | (f->w.oa.v ^ f->pa)) & m2))
		return false;
	/* the region's descriptors are in the walk's last table */
	unsigned tsh = lsh + (f->w.level == wp->start ? wp->start_bits : wp->stride);
	if (tsh < sh2 || !(d0 & NVARM_S2D_AF))
		return false;
	/* the fault's permissions are the descriptor's own (no dirty-state update made them) */
	if (nvarm_s2_leaf_decode(wp, d0, f->w.level, f->ipa2, &w0) || w0.perm != f->w.perm)
		return false;
	unsigned n = 1u << (sh2 - lsh);
	uint64_t first = f->w.desc_ipa.v - ((f->ipa2 & m2) >> lsh) * 8;
	uint64_t want = (d0 & keep) | (f->w.oa.v & ~m2); /* descriptor 0 of the region */
	for (unsigned j = 0; j < n; j++) {
		if (!(j & 63) && ops->read_l1(ops->ctx, nvarm_ipa1(first + (uint64_t)j * 8), raw,
					      (n - j < 64 ? n - j : 64) * 8))
			return false;
		if (nvarm_guest64_to_cpu(raw[j & 63], wp->be) != want + ((uint64_t)j << lsh))
			return false;
	}
	return true;
}

/*
 * First half of a fault: L1's walk, L0's lookup and the choice of the shadow leaf. Reads only
 * L1 memory (read_l1), L0's stage-2 (host_s2_lookup), the configuration fixed at
 * nvarm_s2mmu_init() and the MMU's parsed registers @wp / @mflags, never the shadow state:
 * nvarm_s2mmu_handle_fault() runs it without the lock. Returns 1 when @f is to be installed,
 * 0 with @r final (inject or L0), or a negative error.
 */
static inline __attribute__((__always_inline__)) int
classify(struct nvarm_s2mmu *s, const struct s2_walk_prep *wp, uint8_t mflags,
	 struct s2_walk_hint *hint, const struct nvarm_s2mmu_fault *in, struct fault_ctx *f,
	 struct nvarm_s2mmu_result *r)
{
	int rc;

	rc = nvarm_s2_walk_prepared(wp, s->cfg.ops, nvarm_ipa2(f->ipa2), f->access, true, &f->w,
				    hint);
	if (rc)
		return rc;
	if (f->w.fault) {
		inject(in, f, r);
		return 0;
	}
	r->ipa1 = f->w.oa;
	rc = s->cfg.ops->host_s2_lookup(s->cfg.ops->ctx, f->w.oa, &f->h);
	if (rc == NVARM_ERR_NOENT || (rc == 0 && (f->h.flags & NVARM_HOST_S2_MMIO))) {
		r->action = NVARM_S2MMU_L0;
		r->l0_reason = rc ? NVARM_S2MMU_L0_UNMAPPED : NVARM_S2MMU_L0_MMIO;
		return 0;
	}
	if (rc)
		return NVARM_ERR_PLATFORM;
	if (f->h.flags & NVARM_HOST_S2_DIRTY_LOG)
		f->h.perm &= (uint8_t)~NVARM_PERM_W;
	if (f->access & ~(unsigned)f->h.perm & 0xfu) {
		r->action = NVARM_S2MMU_L0;
		r->l0_reason = NVARM_S2MMU_L0_PERM;
		return 0;
	}
	r->action = NVARM_S2MMU_L0;
	r->l0_reason = NVARM_S2MMU_L0_RANGE;
	if ((f->ipa2 >> f->gm->ia_bits) || (f->h.pa.v >> f->gm->pa_bits))
		return 0;

	f->perm = f->w.perm & f->h.perm;
	f->memattr = nvarm_s2_combine_memattr(f->w.memattr, (mflags & 2) != 0, f->h.memattr,
					      host_fwb(s, mflags));
	f->sh = nvarm_s2_combine_sh(f->w.sh, f->h.sh);
	f->pa = f->h.pa.v;

	/* Largest shadow leaf both allow, with ipa2, ipa1 and PA congruent (aligned blocks). */
	unsigned smax = f->w.leaf_shift < f->h.block_shift ? f->w.leaf_shift : f->h.block_shift;
	f->level = -9;
	for (int lv = f->gm->root_level; lv <= 3; lv++) {
		unsigned sh = level_shift(s, lv);
		uint64_t msk = (UINT64_C(1) << sh) - 1;
		if (sh > smax || !host_allows_leaf(s, lv))
			continue;
		if (((f->ipa2 ^ f->w.oa.v) & msk) || ((f->w.oa.v ^ f->pa) & msk))
			continue;
		f->level = lv;
		break;
	}
	if (f->level < -1) {
		/* Finer than the host granule: try to map the whole host page. */
		r->l0_reason = NVARM_S2MMU_L0_GRANULE;
		if (f->h.block_shift < gshift(s) ||
		    ((f->w.oa.v ^ f->pa) & ((1u << gshift(s)) - 1)) || !coalesce(s, wp, f))
			return 0;
		f->level = 3;
	}
	if (s->cfg.fault_around > 1 && f->level == 3 &&
	    ((unsigned)in->esr & NVARM_ISS_FSC_MASK) < NVARM_FSC_ACCESS_L0 && promote(s, wp, f))
		f->level = 2;
	leaf_prepare(s, f);
	if (s->cfg.fault_around > 1) {
		f->fa_n = 0;
		if (((unsigned)in->esr & NVARM_ISS_FSC_MASK) < NVARM_FSC_ACCESS_L0)
			around_prepare(s, wp, mflags, f); /* translation faults only */
	}
	return 1;
}

/* Second half of a fault, lock held: make room (reclaim) and install the shadow leaf. */
static inline __attribute__((__always_inline__)) int
commit(struct nvarm_s2mmu *s, unsigned mmu, struct fault_ctx *f, struct nvarm_s2mmu_result *r)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	int rc = 0;

	/*
	 * The pool and the reverse map are a cache: when the tables install() may need (one per
	 * level below the root, at worst) or a reverse-map node are not free, pin the shadow
	 * path of this fault and reclaim elsewhere (reclaim.c) for exactly what is missing.
	 */
	struct s2_path path;
	path.n = 0;
	if (!s->rmap_free && s->lanes_open)
		nvarm_s2_lanes_close(s); /* the lanes' reserves first: free nodes, no eviction */
	if (s->free_pages < (uint32_t)(f->level - f->gm->root_level) || !s->rmap_free) {
		uint32_t missing;
		bool node;
		path_pin(s, m, f, &path, &missing, &node);
		rc = nvarm_s2_reclaim(s, (int)mmu, missing, node, &path);
	}
	f->plain = true;
	if (!rc)
		rc = install(s, mmu, f);
	if (!rc && s->cfg.fault_around > 1 && f->fa_n)
		around_commit(s, mmu, f);
	for (unsigned k = 0; k < path.n; k++)
		pm(s, path.page[k])->flags &= (uint8_t)~PG_PIN;
	if (rc)
		return rc;
	r->action = NVARM_S2MMU_INSTALLED;
	r->l0_reason = 0;
	r->map_shift = (uint8_t)f->shift;
	r->perm = f->perm;
	r->pa = nvarm_pa(f->pa);
	return 0;
}

/*
 * A translation fault's install holding only its lane's lock (the lane of f->ipa2; see struct
 * s2_lane): when the leaf is a page (level 3) and its level-3 table exists, the fault writes
 * the descriptor and takes a reverse-map node from the lane's reserve, its frame and slot set,
 * onto the lane's pending list; the next holder of the context lock puts it on the reverse map
 * before anything reads that (nvarm_s2_lanes_drain()). Everything else this fault might need
 * is left to the context lock's path (nothing changed): a new table, a block, a present leaf
 * to replace, fault-around, an L1 leaf larger than the MMU has seen (max_g, which TLBIs by
 * IPA read): LANE_NO; a closed lane or an empty reserve: LANE_NODES (the context lock's path
 * then refills the lane if the fault needed no new table).
 *
 * Why the lane lock is enough: every write to the shadow tables, the page metadata, the
 * reverse map, the pool and the MMU records other than this is made with the context lock,
 * whose holder also holds every lane lock; so while this runs they are all as some context
 * lock holder left them, and the tables above level 3 (which this only reads) cannot change.
 * The level-3 table and every slot in it belong to this lane alone (a lane is a whole number
 * of level-3 tables' spans), so two lanes never write one table, and the lane's own fields are
 * its lock holder's. The invalidation check is the caller's, under the same lock (below).
 */
enum { LANE_NO = 0, LANE_DONE = 1, LANE_NODES = 2, LANE_EMPTY = 3 };

/*
 * Give lane @k a reserve holding the context lock and that lane's lock alone (not the other
 * open lanes': their faults go on): what the refill touches (the free list, the counters, the
 * lane, and when it drains lane @k its nodes, its pages' metadata, bucket heads) no lane
 * install elsewhere reads or writes. The lane is not drained first (its pending installs stay
 * its own, unless they leave it too little room: nvarm_s2_lane_refill()).
 */
static __attribute__((__noinline__)) void lane_refill_alone(struct nvarm_s2mmu *s, unsigned k)
{
	ctx_lock(s);
	lanes_lock_some(s, 1u << k, false);
	nvarm_s2_lane_refill(s, k);
	lanes_unlock(s);
	ctx_unlock(s);
}

static int lane_install(struct nvarm_s2mmu *s, unsigned mmu, struct s2_lane *l, struct fault_ctx *f,
			struct nvarm_s2mmu_result *r)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	unsigned g = gshift(s), sh2 = level_shift(s, 2);
	uint32_t key = (uint32_t)(f->ipa2 >> sh2), page;
	uint64_t *tbl;

	if (f->level != 3 || f->gm->root_level >= 3 || (s->cfg.fault_around > 1 && f->fa_n))
		return LANE_NO;
	if (!__atomic_load_n(&l->open, __ATOMIC_RELAXED))
		return LANE_NODES; /* closed meanwhile: nothing but the lane itself may be read */
	if ((f->w.leaf_shift > g && !m->wp.off ? f->w.leaf_shift : g) > m->max_g)
		return LANE_NO;
	if (l->smmu == mmu + 1 && l->skey == key && l->sepoch == s->table_epoch) {
		page = l->spage; /* the level-3 table of the last install in this lane */
	} else {
		page = m->root - 1;
		for (int level = f->gm->root_level; level < 3; level++) {
			uint64_t d =
			    page_va(s, page)[(f->ipa2 >> level_shift(s, level)) &
					     ((1u << level_slots_bits(s, f->gm, level)) - 1)];
			uint32_t p1;
			if (!is_table(d, level) || !(p1 = page_of_pa(s, desc_pa(s, d))))
				return LANE_NO;
			page = p1 - 1;
		}
		l->smmu = (uint16_t)(mmu + 1);
		l->skey = key;
		l->spage = page;
		l->sepoch = s->table_epoch;
	}
	tbl = page_va(s, page);
	unsigned slot = (unsigned)(f->ipa2 >> g) & ((1u << s->slots_shift) - 1);
	uint64_t d = tbl[slot];
	if (d & 1) {
		unsigned perm = desc_perm(d, s->cfg.host_xnx);
		if (f->access & ~perm & 0xfu)
			return LANE_NO; /* to be replaced: break-before-make, the context's */
		/* another CPU's install of the same page: keep it (as install() does) */
		f->perm = (uint8_t)perm;
		f->pa = leaf_pa(s, f->gm, d) + (f->ipa2 & ((UINT64_C(1) << g) - 1));
	} else {
		if (!l->nres)
			return l->starved ? LANE_NODES : LANE_EMPTY;
		struct s2_pend *pe = &lane_pend(s, l)[l->npend++];
		pe->node = lane_res(s, l)[--l->nres];
		pe->frame = f->w.oa.v >> 12 & ~((UINT64_C(1) << (g - 12)) - 1);
		pe->slot1 = ((page << s->slots_shift) | slot) + 1;
		tbl[slot] = shadow_oa(s, f->pa) | 3 | f->attrs;
		l->installs++;
	}
	r->action = NVARM_S2MMU_INSTALLED;
	r->l0_reason = 0;
	r->map_shift = (uint8_t)g;
	r->perm = f->perm;
	r->pa = nvarm_pa(f->pa);
	return LANE_DONE;
}

/*
 * Context lock and the fault's own lane held (not drained), the fault's walk still valid: may
 * commit() install @f holding no other lane? Yes when what it writes belongs to its lane and
 * nothing it does reads the reverse map or another lane's state: a page leaf (level 3) into
 * an empty slot, in a leaf table that exists or is new (its table descriptor goes into the
 * level-2 table's slot of the fault's own lane unit, a word only its lane's faults read), with
 * a pool page and a reverse-map node free (no reclaim, no lane closing) and no larger L1 leaf
 * than the MMU has seen (mmu_rec.max_g, which lane installs read without the context lock).
 * Fault-around then writes only into the same leaf table (nodes from the free list).
 */
static bool lane_alone(struct nvarm_s2mmu *s, struct mmu_rec *m, const struct fault_ctx *f)
{
	unsigned g = gshift(s);
	const struct nvarm_s2mmu_geo *gm = f->gm;
	uint32_t page = m->root - 1;

	if (f->level != 3 || gm->root_level >= 3 || !s->rmap_free ||
	    s->free_pages < (uint32_t)(3 - gm->root_level) ||
	    (f->w.leaf_shift > g && !m->wp.off ? f->w.leaf_shift : g) > m->max_g)
		return false;
	for (int level = gm->root_level; level < 3; level++) {
		uint64_t d = page_va(s, page)[(f->ipa2 >> level_shift(s, level)) &
					      ((1u << level_slots_bits(s, gm, level)) - 1)];
		uint32_t p1;
		if (!is_table(d, level) || !(p1 = page_of_pa(s, desc_pa(s, d))))
			return level == 2 && !(d & 1);
		page = p1 - 1;
	}
	return !(page_va(s, page)[(f->ipa2 >> g) & ((1u << s->slots_shift) - 1)] & 1);
}

/* The whole fault with the lock held (when an invalidation overtook the unlocked half). */
static int resolve_locked(struct nvarm_s2mmu *s, unsigned mmu, const struct nvarm_s2mmu_fault *in,
			  struct fault_ctx *f, struct nvarm_s2mmu_result *r)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	struct s2_gh_raw g;
	struct s2_walk_hint hint;
	int rc, e;

	/* @f: the caller's, reused (its fault-around arrays make it large) */
	fault_init(in, f, r);
	if (spurious(s, m, in, f, r))
		return 0;
	gh_get(m, &g);
	e = gh_pick(&g, f->ipa2, &hint);
	f->gm = mmu_geo(s, m);
	rc = classify(s, &m->wp, m->flags, &hint, in, f, r);
	if (rc >= 0)
		gh_note(m, &m->wp, e, &hint); /* lock held: no TLBI in between */
	return rc == 1 ? commit(s, mmu, f, r) : rc;
}

/*
 * Concurrency (the contract is in s2mmu.h): the fault runs in three steps so that faults on
 * several CPUs overlap in everything but the install, and a translation fault (the common
 * kind) takes one lock: its lane's, or else the context lock.
 *  1. pin the MMU record and snapshot: a translation fault does it without any lock
 *     (mmu_pin(): count the fault in flight in its lane, lane_inflight(), then check
 *     mmu_rec.live; the record is then never destroyed, so its parsed registers stay valid),
 *     reads the two invalidation generations (mmu_rec.gen, bumped by every TLBI that reaches
 *     the MMU; nvarm_s2mmu.inval_gen, bumped by every L0 stage-2 change and every MMU
 *     destruction; acquire) and then its lane's L1 walk cache (lane_gh_load(), a sequence
 *     count). A permission or Access flag fault, or one whose MMU is not live (being created
 *     or destroyed), does it under the context lock, with the spurious-fault check that reads
 *     the shadow tables;
 *  2. unlocked: classify() with the MMU's parsed registers and the walk-cache snapshot;
 *  3. lock: if neither generation moved, no invalidation that could make step 2's answer
 *     stale has completed since step 1 (one that bumped the generation before step 1 read
 *     it also made its L1 or L0 change visible to step 2), so the answer stands: install
 *     it. Otherwise redo the whole fault under the context lock (resolve_locked()): an
 *     invalidation completed between L1's walk and the install is never lost.
 * Step 3 takes the fault's lane lock when step 1 was unlocked and the install is a page in an
 * existing table (lane_install()), else the context lock (with only its own lane when that is
 * all the install touches and another lane is open, lane_alone(); else every open lane).
 * Either way the argument above holds with that lock: the generations are bumped only by
 * context lock holders, which hold the lock of every lane the invalidation reaches (or, for a
 * TLBI in pieces, take it after the bump), so a bump either happens before the lane lock is
 * taken here (and is seen: redo) or after it is dropped (and the invalidation then finds and
 * removes this leaf: pending in the lane, or filed, its removals walk the tables).
 */
int nvarm_s2mmu_handle_fault(struct nvarm_s2mmu *s, int mmu, const struct nvarm_s2mmu_fault *f,
			     struct nvarm_s2mmu_result *r)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	struct fault_ctx fc;
	struct s2_gh_raw g;
	struct s2_walk_hint hint;
	struct mmu_rec *m;
	struct s2_lane *l;
	uint32_t gen, hgen, lgen;
	bool unlocked;
	unsigned lane_open = 0;
	int rc, e;

	if (!s || !f || !r || mmu < 0 || mmu >= (int)s->cfg.max_mmus)
		return NVARM_ERR_INVAL;
	result_clear(r);
	if (!is_s2_abort(f->esr)) {
		r->action = NVARM_S2MMU_L0;
		r->l0_reason = NVARM_S2MMU_L0_NOT_ABORT;
		return 0;
	}
	m = &mmus(s)[mmu];
	fault_init(f, &fc, r);
	l = lane_at(s, lane_of(s, fc.ipa2));
	unlocked =
	    (f->esr & NVARM_ISS_FSC_MASK) < NVARM_FSC_ACCESS_L0 && mmu_pin(s, l, (unsigned)mmu);
	if (!unlocked) {
		lock(s);
		if (!m->root) {
			unlock(s);
			return NVARM_ERR_INVAL;
		}
		if (spurious(s, m, f, &fc, r)) {
			mmu_touch(s, m);
			unlock(s);
			return 0;
		}
		inflight_add(s, l, (unsigned)mmu, 1);
		gh_get(m, &g);
		gen = m->gen;
		hgen = s->inval_gen;
		lgen = gen_read(&l->gen); /* (its lane may be closed: not held) */
		unlock(s);
		e = gh_pick(&g, fc.ipa2, &hint);
	} else {
		gen = gen_read(&m->gen);
		hgen = gen_read(&s->inval_gen);
		lgen = gen_read(&l->gen);
		/* (an open lane may install, so its walk cache is the one noted; else the MMU's) */
		lane_open = __atomic_load_n(&l->open, __ATOMIC_RELAXED);
		e = -1;
		if (lane_open) {
			lane_gh_load(l, (unsigned)mmu, gen, hgen, lgen, &g);
			if (gh_pick(&g, fc.ipa2, &hint) < 0)
				lane_open = 2; /* missed: the MMU's entries then */
		}
		if (lane_open != 1) {
			gh_load(m, &g); /* the MMU's own (noted by faults with the context lock) */
			e = gh_pick(&g, fc.ipa2, &hint);
		}
	}

	fc.gm = mmu_geo(s, m); /* (set before live: fixed while the MMU is pinned) */
	rc = classify(s, &m->wp, m->flags, &hint, f, &fc, r);

	int lr = LANE_NODES; /* (a closed lane: as good as an empty reserve) */
	for (int tries = 0; unlocked && rc >= 0 && lane_open && tries < 2; tries++) {
		if (!lane_trylock(s, l))
			break;
		/* (atomics: a context lock holder may bump them without this closed lane's lock) */
		if (gen_read(&m->gen) == gen && gen_read(&s->inval_gen) == hgen &&
		    gen_read(&l->gen) == lgen &&
		    (rc == 0 || (lr = lane_install(s, (unsigned)mmu, l, &fc, r)) == LANE_DONE)) {
			/* nothing overtook the walk, and its outcome is final or installed */
			lane_gh_note(l, &m->wp, (unsigned)mmu, gen, hgen, lgen, &hint);
			lane_unlock(s, l);
			mmu_unpin(s, l, (unsigned)mmu);
			return 0;
		}
		lane_unlock(s, l);
		if (lr != LANE_EMPTY || tries)
			break;
		/* only the reserve was missing: refill it alone, then once more */
		lane_refill_alone(s, lane_of(s, fc.ipa2));
	}
	/*
	 * The context lock, and of the lanes only this fault's when another is open and this
	 * installs a page that no other lane's faults can see change (lane_alone()); else every
	 * open lane, drained.
	 */
	ctx_lock(s);
	uint32_t own = 1u << lane_of(s, fc.ipa2);
	if ((s->lanes_open & ~own) && unlocked && rc == 1 && m->gen == gen &&
	    s->inval_gen == hgen && gen_read(&l->gen) == lgen) {
		lanes_lock_some(s, own, false);
		if (!lane_alone(s, m, &fc))
			lanes_lock_rest(s);
	} else {
		lanes_lock(s);
	}
	mmu_touch(s, m);
	if (rc < 0) {
		/* a platform failure: nothing to install */
	} else if (m->gen != gen || s->inval_gen != hgen || gen_read(&l->gen) != lgen) {
		result_clear(r);
		rc = resolve_locked(s, (unsigned)mmu, f, &fc, r);
		s->fault_retries++;
	} else {
		/* still valid: no TLBI reached the MMU since the snapshot */
		gh_note(m, &m->wp, e, &hint);
		if (rc == 1) {
			rc = commit(s, (unsigned)mmu, &fc, r);
			/*
			 * A page leaf into a table that was there, which the lane could have
			 * installed but for its nodes: give it some (if more than a 256th of the
			 * map is free), so that its next faults need only its lock.
			 */
			if (unlocked && (lr == LANE_NODES || lr == LANE_EMPTY) && !rc && fc.plain &&
			    fc.level == 3 && !(s->cfg.fault_around > 1 && fc.fa_n))
				nvarm_s2_lane_refill(s, lane_of(s, fc.ipa2));
		} else {
			rc = 0;
		}
	}
	unlock(s);
	mmu_unpin(s, l, (unsigned)mmu); /* after the unlock: a shorter critical section */
	return rc;
}
