// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 reclaim: the pool and the reverse map are a cache of L1's stage-2 ∩ L0's
 * stage-2, so running out of either evicts shadow tables instead of failing the fault.
 *
 * Owns: the two page lists of every MMU (mmu_rec.lru, mmu_rec.inner) and the eviction of
 * table pages. Every non-root table page of an MMU is on exactly one list: lru when it holds
 * no table descriptor (only leaves, or nothing), in the order it became so (install order
 * for new pages; a page emptied by a TLBI or an L0 unmap goes to the head: it costs no
 * working set), inner otherwise. Only lru pages are evicted, so an eviction removes one
 * page, its leaves and the table descriptor to it, never a subtree walk.
 *
 * Policy (nvarm_s2_reclaim()), one victim page at a time:
 *  1. MMUs no CPU runs (mmu_busy() false) other than the faulting one, least recently
 *     used first: their oldest lru page; an idle MMU reduced to its root is destroyed;
 *  2. the faulting MMU: its oldest lru page not pinned by the fault's own path (PG_PIN);
 *  3. MMUs running on other CPUs, least recently used first: their oldest lru page;
 *  4. when only a reverse-map node is wanted and every page left is pinned: one leaf of the
 *     pinned path (or of another MMU's root), never the slot the fault writes.
 * A parent left with no descriptor at all is freed in the same step (cascade up to a pinned
 * page or the root); one left with leaves but no tables joins the tail of lru.
 *
 * Cost: O(1) per page evicted plus O(leaves in it) for the reverse map (each node is freed
 * through its hash chain), plus one scan of the MMU records (max_mmus) per pass to pick a
 * victim MMU. Never a walk over the pool or the reverse map.
 *
 * Break-before-make (Arm ARM D8.16.1 "Using break-before-make when updating translation
 * table entries"): the parent's table descriptor is cleared first, then the TLB is
 * invalidated for every leaf of the page by IPA (TLBI IPAS2E1 is not last-level only, so the
 * walk-cache entries for that IPA, which cover the page's whole span, go too; an empty page
 * gets one TLBI at its base), or by VMID when the page held more than RECLAIM_TLBI_MAX
 * leaves; only then does the page return to the free list, where page_alloc() zeroes it.
 *
 * Minimum: one MMU's fault needs its root (its geometry's root_pages pages) and one table per
 * lower level (nvarm_s2_min_pool_pages(), the larger of the two geometries) and one
 * reverse-map node; with fewer pages, or no aligned run for a root, nvarm_s2mmu_init() /
 * nvarm_s2mmu_pool_add() refuse the configuration. Every other MMU running L2 at the same
 * time on another CPU holds its root's pages more.
 *
 * Roots (nvarm_s2_root_reclaim(), for nvarm_s2mmu_get() only): a root of several
 * concatenated pages needs a free aligned run, which scattered free pages may not give;
 * then the least recently used idle MMU is destroyed (its root is such a run), or, with
 * every MMU busy, the MMUs owning the tables in one run without a root are flushed.
 *
 * Locking: called with the context's lock held (from nvarm_s2mmu_handle_fault() and
 * nvarm_s2mmu_get()).
 */
#include "s2mmu_internal.h"

/* An evicted page with more leaves than this is invalidated by VMID, not leaf by leaf. */
#define RECLAIM_TLBI_MAX 4

void nvarm_s2_plist_push(struct nvarm_s2mmu *s, struct s2_plist *l, uint32_t idx)
{
	struct pmeta *p = pm(s, idx);

	p->next = 0;
	p->prev = l->tail;
	if (l->tail)
		pm(s, l->tail - 1)->next = idx + 1;
	else
		l->head = idx + 1;
	l->tail = idx + 1;
}

void nvarm_s2_plist_unlink(struct nvarm_s2mmu *s, struct s2_plist *l, uint32_t idx)
{
	struct pmeta *p = pm(s, idx);

	if (p->prev)
		pm(s, p->prev - 1)->next = p->next;
	else
		l->head = p->next;
	if (p->next)
		pm(s, p->next - 1)->prev = p->prev;
	else
		l->tail = p->prev;
	p->next = 0;
	p->prev = 0;
}

void nvarm_s2_page_emptied(struct nvarm_s2mmu *s, uint32_t idx)
{
	struct pmeta *p = pm(s, idx);
	struct s2_plist *l = &mmus(s)[p->owner].lru;

	if (p->live || p->ntables || !p->parent || l->head == idx + 1)
		return;
	nvarm_s2_plist_unlink(s, l, idx);
	p->prev = 0;
	p->next = l->head;
	if (l->head)
		pm(s, l->head - 1)->prev = idx + 1;
	else
		l->tail = idx + 1;
	l->head = idx + 1;
}

void nvarm_s2_table_added(struct nvarm_s2mmu *s, uint32_t idx)
{
	struct pmeta *p = pm(s, idx);
	struct mmu_rec *m = &mmus(s)[p->owner];

	if (p->ntables++ == 0 && p->parent) {
		nvarm_s2_plist_unlink(s, &m->lru, idx);
		nvarm_s2_plist_push(s, &m->inner, idx);
	}
}

/* TLB maintenance for a page whose table descriptor was just cleared. */
static void evict_tlbi(struct nvarm_s2mmu *s, const struct pmeta *p)
{
	unsigned sh = level_shift(s, p->level), mask = (1u << s->slots_shift) - 1;

	if (!p->live) {
		tlbi_ipa(s, p->owner, p->base, -1);
		return;
	}
	if (p->live > RECLAIM_TLBI_MAX) {
		tlbi_all(s, p->owner);
		return;
	}
	for (uint32_t n = p->rhead; n; n = rn_pnext(rn(s, n))) {
		unsigned slot = (rn_slot1(rn(s, n)) - 1) & mask;
		tlbi_ipa(s, p->owner, p->base + ((uint64_t)slot << sh), -1);
	}
}

void nvarm_s2_evict_page(struct nvarm_s2mmu *s, uint32_t idx)
{
	for (;;) {
		struct pmeta *p = pm(s, idx);
		struct mmu_rec *m = &mmus(s)[p->owner];
		uint32_t par = p->parent - 1;
		struct pmeta *pp = pm(s, par);
		unsigned pslot = (unsigned)(p->base >> level_shift(s, pp->level)) &
				 ((1u << page_slots_bits(s, mmu_geo(s, m), pp->level)) - 1);
		uint64_t *ptbl = page_va(s, par);

		NVARM_ASSERT(p->parent && !p->ntables && !(p->flags & PG_PIN));
		NVARM_ASSERT(desc_pa(s, ptbl[pslot]) == page_pa(s, idx));
		/* Break: the table descriptor goes first, then the TLB, then the page. */
		ptbl[pslot] = 0;
		pp->live--;
		pp->ntables--;
		evict_tlbi(s, p);
		s->reclaim_leaves += p->live;
		m->leaves -= p->live;
		for (uint32_t n = p->rhead; n;) {
			uint32_t next = rn_pnext(rn(s, n));
			rn_set_pnext(rn(s, n), 0);
			nvarm_s2_rmap_unhash_free(s, n, p->level);
			n = next;
		}
		p->rhead = NIL;
		p->live = 0;
		nvarm_s2_plist_unlink(s, &m->lru, idx);
		nvarm_s2_page_free(s, idx);
		s->reclaim_pages++;
		scache_drop(m); /* the shadow table cache may name this page */
		if (!pp->parent || pp->ntables)
			return;
		/* The parent points to no table now: a reclaim candidate, or free if empty. */
		nvarm_s2_plist_unlink(s, &m->inner, par);
		nvarm_s2_plist_push(s, &m->lru, par);
		if (pp->live || (pp->flags & PG_PIN))
			return;
		idx = par;
	}
}

/* Oldest lru page of MMU i that is not pinned (at most one path is pinned), or 0. */
static uint32_t oldest_unpinned(struct nvarm_s2mmu *s, unsigned i)
{
	uint32_t pg = mmus(s)[i].lru.head;

	while (pg && (pm(s, pg - 1)->flags & PG_PIN))
		pg = pm(s, pg - 1)->next;
	return pg;
}

/* Least recently used live MMU other than @mmu that is idle (@running false) or not. */
static int lru_mmu(struct nvarm_s2mmu *s, int mmu, bool running)
{
	int best = -1;

	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		const struct mmu_rec *m = &mmus(s)[i];
		if (!m->root || (int)i == mmu || mmu_busy(s, m) != running)
			continue;
		if (running && !m->lru.head)
			continue;
		if (best < 0 || (int32_t)(m->stamp - mmus(s)[best].stamp) < 0)
			best = (int)i;
	}
	return best;
}

static bool satisfied(const struct nvarm_s2mmu *s, uint32_t pages, bool node)
{
	return s->free_pages >= pages && (!node || s->rmap_free);
}

/* Give up one leaf of page @pg other than the kept slot; false if it has none. */
static bool drop_one_leaf(struct nvarm_s2mmu *s, uint32_t pg, const struct s2_path *path)
{
	unsigned mask = (1u << s->slots_shift) - 1;

	for (uint32_t n = pm(s, pg)->rhead; n; n = rn_pnext(rn(s, n))) {
		unsigned slot = (rn_slot1(rn(s, n)) - 1) & mask;
		if (path && pg == path->keep_page && slot == path->keep_slot)
			continue;
		nvarm_s2_leaf_remove(s, pg, slot);
		s->reclaim_leaves++;
		return true;
	}
	return false;
}

int nvarm_s2_reclaim(struct nvarm_s2mmu *s, int mmu, uint32_t pages, bool node,
		     const struct s2_path *path)
{
	int victim;

	if (satisfied(s, pages, node))
		return 0;
	s->reclaim_passes++;
	/* 1. Idle MMUs, least recently used first. */
	while (!satisfied(s, pages, node) && (victim = lru_mmu(s, mmu, false)) >= 0) {
		while (!satisfied(s, pages, node)) {
			uint32_t pg = mmus(s)[victim].lru.head;
			if (!pg) {
				/* Only the root is left (an lru page exists under any inner one).
				 */
				uint32_t leaves = mmus(s)[victim].leaves;
				unsigned rp = mmu_geo(s, &mmus(s)[victim])->root_pages;
				if (nvarm_s2_mmu_destroy(s, (unsigned)victim)) {
					s->reclaim_leaves += leaves;
					s->reclaim_pages += rp;
				}
				break; /* (not destroyed: a fault pinned it, now busy) */
			}
			nvarm_s2_evict_page(s, pg - 1);
		}
	}
	/* 2. The faulting MMU, oldest tables first, never its pinned path. */
	if (mmu >= 0) {
		uint32_t pg;
		while (!satisfied(s, pages, node) && (pg = oldest_unpinned(s, (unsigned)mmu)))
			nvarm_s2_evict_page(s, pg - 1);
	}
	/* 3. MMUs other CPUs run, least recently used first. */
	while (!satisfied(s, pages, node) && (victim = lru_mmu(s, mmu, true)) >= 0) {
		uint32_t pg;
		while (!satisfied(s, pages, node) && (pg = mmus(s)[victim].lru.head))
			nvarm_s2_evict_page(s, pg - 1);
	}
	if (s->free_pages < pages)
		return NVARM_ERR_AGAIN;
	if (!node || s->rmap_free)
		return 0;
	/* 4. Only pinned pages and roots hold leaves: give up one of them. */
	for (unsigned k = 0; path && k < path->n; k++)
		if (drop_one_leaf(s, path->page[k], path))
			return 0;
	for (unsigned i = 0; i < s->cfg.max_mmus; i++)
		for (uint32_t k = 0;
		     mmus(s)[i].root && (int)i != mmu && k < mmu_geo(s, &mmus(s)[i])->root_pages;
		     k++)
			if (drop_one_leaf(s, mmus(s)[i].root - 1 + k, NULL))
				return 0;
	return NVARM_ERR_NOMEM;
}

int nvarm_s2_root_reclaim(struct nvarm_s2mmu *s, int keep, const struct nvarm_s2mmu_geo *gm)
{
	int victim = lru_mmu(s, keep, false);
	uint32_t run;

	/*
	 * 1. An idle MMU's root is an aligned run of its size: destroy the oldest; done when
	 * that run is at least as large as the new root's (roots of 1 or 2^k pages, aligned).
	 */
	if (victim >= 0) {
		uint32_t leaves = mmus(s)[victim].leaves;
		unsigned rp = mmu_geo(s, &mmus(s)[victim])->root_pages;
		if (nvarm_s2_mmu_destroy(s, (unsigned)victim)) {
			s->reclaim_passes++;
			s->reclaim_leaves += leaves;
			s->reclaim_pages += rp;
			if (rp >= gm->root_pages)
				return 0;
		}
	}
	/*
	 * 2. The free pages are scattered: take a run holding no root and empty the MMUs whose
	 * tables are in it (a flush frees every page below an MMU's root; no fault is in
	 * progress, so nothing is pinned). At most root_pages MMUs are flushed. Smaller roots
	 * (48-bit-format MMUs' single pages on a 52-bit host) may sit in every run: destroy
	 * idle MMUs, oldest first, until a run holds none.
	 */
	while (!(run = nvarm_s2_root_candidate(s, gm))) {
		victim = lru_mmu(s, keep, false);
		if (victim < 0)
			return NVARM_ERR_AGAIN;
		uint32_t leaves = mmus(s)[victim].leaves;
		unsigned rp = mmu_geo(s, &mmus(s)[victim])->root_pages;
		if (!nvarm_s2_mmu_destroy(s, (unsigned)victim))
			return NVARM_ERR_AGAIN; /* (pinned by a fault: busy now) */
		s->reclaim_passes++;
		s->reclaim_leaves += leaves;
		s->reclaim_pages += rp;
	}
	s->reclaim_passes++;
	for (uint32_t k = 0; k < gm->root_pages; k++) {
		const struct pmeta *p = pm(s, run - 1 + k);
		if (p->flags & PG_INUSE) {
			unsigned owner = p->owner;
			s->reclaim_leaves += mmus(s)[owner].leaves;
			s->reclaim_pages += s->table_pages;
			nvarm_s2_mmu_flush(s, owner);
			s->reclaim_pages -= s->table_pages;
		}
	}
	return 0;
}
