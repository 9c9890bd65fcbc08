// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 page pool: the pages the embedder hands in with nvarm_s2mmu_pool_add(),
 * one free list, and the page allocator every shadow table page comes from.
 *
 * Owns: nvarm_s2mmu.regions, npages, free_head, free_pages, table_pages and, for a free
 * page, its pmeta (flags 0, next = free-list link). A page handed out is zeroed and its
 * pmeta initialised for the given owner, level and base; a root takes its MMU geometry's
 * root_pages contiguous pages aligned to their size (nvarm_s2_root_alloc(): a scan of the pool and
 * one pass over the free list, only when a new MMU needs a root); what it holds from then on is the
 * business of the shadow tables (table.c, fault.c) and of reclaim (reclaim.c).
 *
 * Locking: with the context's lock held (nvarm_s2mmu_pool_add() takes it).
 */
#include "s2mmu_internal.h"

uint32_t nvarm_s2_page_alloc(struct nvarm_s2mmu *s, unsigned owner, int level, uint64_t base)
{
	uint32_t idx1 = s->free_head;
	struct pmeta *p;
	uint64_t *va;

	if (!idx1)
		return 0;
	p = pm(s, idx1 - 1);
	s->free_head = p->next;
	s->free_pages--;
	s->table_pages++;
	va = page_va(s, idx1 - 1);
	nvarm_memset(va, 0, (size_t)1 << gshift(s));
	p->base = base;
	p->next = 0;
	p->prev = 0;
	p->rhead = NIL;
	p->parent = 0;
	p->owner = (uint16_t)owner;
	p->level = (int8_t)level;
	p->flags = PG_INUSE;
	p->live = 0;
	p->ntables = 0;
	return idx1;
}

void nvarm_s2_page_free(struct nvarm_s2mmu *s, uint32_t idx)
{
	struct pmeta *p = pm(s, idx);

	NVARM_ASSERT(p->flags & PG_INUSE);
	p->flags = 0;
	s->table_epoch++; /* the lanes' shadow table caches may name it (lane lock excluded) */
	p->next = s->free_head;
	s->free_head = idx + 1;
	s->free_pages++;
	s->table_pages--;
}

/*
 * First page index of each root-sized run of region @r aligned to the run's size in PA, and
 * how many such runs it holds.
 */
static uint32_t region_runs(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_region *r,
			    unsigned rp, uint32_t *first)
{
	uint64_t rsz = (uint64_t)rp << gshift(s);
	uint64_t a = (r->pa + rsz - 1) & ~(rsz - 1);
	uint32_t skip = (uint32_t)((a - r->pa) >> gshift(s));

	*first = r->first + skip;
	return skip >= r->count ? 0 : (r->count - skip) / rp;
}

/* Run of @n pages from @idx: every page passes (@mask clear in flags). */
static bool run_clear(const struct nvarm_s2mmu *s, uint32_t idx, unsigned n, uint8_t mask)
{
	for (unsigned k = 0; k < n; k++)
		if (((const struct pmeta *)s->pages)[idx + k].flags & mask)
			return false;
	return true;
}

uint32_t nvarm_s2_root_candidate(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_geo *gm)
{
	unsigned rp = gm->root_pages;

	for (unsigned i = 0; i < s->nregions; i++) {
		uint32_t first, n = region_runs(s, &s->regions[i], rp, &first);
		for (uint32_t k = 0; k < n; k++) {
			uint32_t idx = first + k * rp;
			if (run_clear(s, idx, rp, PG_ROOT | PG_PIN))
				return idx + 1;
		}
	}
	return 0;
}

uint32_t nvarm_s2_root_alloc(struct nvarm_s2mmu *s, unsigned owner,
			     const struct nvarm_s2mmu_geo *gm)
{
	unsigned rp = gm->root_pages;
	uint32_t idx = 0;

	if (rp == 1) {
		idx = nvarm_s2_page_alloc(s, owner, gm->root_level, 0);
		if (idx)
			pm(s, idx - 1)->flags |= PG_ROOT;
		return idx;
	}
	if (s->free_pages < rp)
		return 0;
	for (unsigned i = 0; i < s->nregions && !idx; i++) {
		uint32_t first, n = region_runs(s, &s->regions[i], rp, &first);
		for (uint32_t k = 0; k < n; k++) {
			if (run_clear(s, first + k * rp, rp, PG_INUSE)) {
				idx = first + k * rp + 1;
				break;
			}
		}
	}
	if (!idx)
		return 0;
	/* the run's pages off the free list: one pass over it (singly linked: page_alloc() and
	 * page_free(), on every fault's path, pay nothing for this rare case) */
	for (uint32_t *link = &s->free_head; *link;) {
		if (*link - idx < rp)
			*link = pm(s, *link - 1)->next;
		else
			link = &pm(s, *link - 1)->next;
	}
	s->free_pages -= rp;
	s->table_pages += rp;
	for (unsigned k = 0; k < rp; k++) {
		uint32_t j = idx - 1 + k;
		struct pmeta *p = pm(s, j);

		nvarm_memset(page_va(s, j), 0, (size_t)1 << gshift(s));
		p->base = (uint64_t)k << (level_shift(s, gm->root_level) + s->slots_shift);
		p->next = 0;
		p->prev = 0;
		p->rhead = NIL;
		p->parent = 0;
		p->owner = (uint16_t)owner;
		p->level = (int8_t)gm->root_level;
		p->flags = PG_INUSE | PG_ROOT;
		p->live = 0;
		p->ntables = 0;
	}
	return idx;
}

/* Aligned root-sized runs in the regions, plus @extra's (a region about to be added). */
static uint32_t root_runs(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_region *extra)
{
	unsigned rp = s->geo[0].root_pages; /* (geo[1]'s is never larger) */
	uint32_t first, n = extra ? region_runs(s, extra, rp, &first) : 0;

	for (unsigned i = 0; i < s->nregions; i++)
		n += region_runs(s, &s->regions[i], rp, &first);
	return n;
}

int nvarm_s2mmu_pool_add(struct nvarm_s2mmu *s, nvarm_pa_t pa, uint32_t npages)
{
	int rc = NVARM_OK;

	if (!s)
		return NVARM_ERR_INVAL;
	if (!s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	if (!npages || (pa.v & (((uint64_t)1 << gshift(s)) - 1)))
		return NVARM_ERR_INVAL;
	lock(s);
	/* the same page twice would be handed out twice: refuse any overlap */
	for (unsigned i = 0; i < s->nregions; i++) {
		uint64_t lo = s->regions[i].pa,
			 hi = lo + ((uint64_t)s->regions[i].count << gshift(s));

		if (pa.v < hi && lo < pa.v + ((uint64_t)npages << gshift(s))) {
			rc = nvarm_s2_cfg_error(
			    &s->cfg, NVARM_ERR_INVAL,
			    "nvarm_s2mmu_pool_add: pages overlap a region already added");
			goto out;
		}
	}
	if (s->nregions >= NVARM_S2MMU_MAX_REGIONS || npages > s->cfg.max_pool_pages - s->npages) {
		rc = NVARM_ERR_RANGE;
		goto out;
	}
	struct nvarm_s2mmu_region nr = {pa.v, NULL, s->npages, npages};
	if (s->npages + npages < nvarm_s2_min_pool_pages(s) || !root_runs(s, &nr)) {
		/* below one walk's tables, or no place for a (concatenated) root */
		rc = NVARM_ERR_NOMEM;
		goto out;
	}
	/*
	 * Pages at or above 2^48 cannot be tables of 48-bit-format MMUs (geo[1]): from now on
	 * every new MMU takes the 52-bit format; refused while a 48-bit one lives (its tables
	 * could be given such pages).
	 */
	if (s->narrow_ok && (pa.v + ((uint64_t)npages << gshift(s)) - 1) >> 48) {
		for (unsigned i = 0; i < s->cfg.max_mmus; i++)
			if (mmus(s)[i].root && mmus(s)[i].gi) {
				rc = NVARM_ERR_RANGE;
				goto out;
			}
		s->narrow_ok = 0;
	}
	s->regions[s->nregions].va = s->cfg.ops->pa_to_va(s->cfg.ops->ctx, pa);
	if (!s->regions[s->nregions].va) {
		rc = NVARM_ERR_INVAL;
		goto out;
	}
	s->regions[s->nregions].pa = pa.v;
	s->regions[s->nregions].first = s->npages;
	s->regions[s->nregions].count = npages;
	s->nregions++;
	for (uint32_t i = npages; i-- > 0;) {
		struct pmeta *p = pm(s, s->npages + i);
		p->flags = PG_INUSE;
		s->table_pages++;
		nvarm_s2_page_free(s, s->npages + i);
	}
	s->npages += npages;
out:
	unlock(s);
	return rc;
}
