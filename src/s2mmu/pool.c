// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 page pool: the pages the embedder hands in with nvarm_s2mmu_pool_add(),
 * one free list, and the page allocator every shadow table page comes from.
 *
 * Owns: nvarm_s2mmu.regions, npages, free_head, free_pages, table_pages and, for a free
 * page, its pmeta (flags 0, next = free-list link). A page handed out is zeroed and its
 * pmeta initialised for the given owner, level and base; what it holds from then on is the
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
	p->next = s->free_head;
	s->free_head = idx + 1;
	s->free_pages++;
	s->table_pages--;
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
	if (s->npages + npages < nvarm_s2_min_pool_pages(s)) {
		rc = NVARM_ERR_NOMEM; /* below one walk's tables: reclaim could never succeed */
		goto out;
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
