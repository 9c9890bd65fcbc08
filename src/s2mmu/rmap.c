// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 reverse map: from an L1 IPA to every shadow leaf made from it (for L0's
 * stage-2 changes, nvarm_s2mmu_host_unmap() and friends), and from a table page to the
 * leaves in it (for eviction and TLBI pruning).
 *
 * Owns: the reverse-map nodes (nvarm_s2mmu.rmap), their free list (rmap_free, rmap_used) and
 * the per-page node lists (pmeta.rhead). Layout of a node: see struct rnode in
 * s2mmu_internal.h. Every valid shadow leaf has exactly one node, on the list of its table
 * page (chained by pnext) and on the hash chain of its L1 IPA frame at the leaf size
 * (bucket_of(), chained by inext); a node carries the leaf's slot id
 * (page index << slots_shift | slot) + 1. Node 0 is never allocated (0 means "none").
 *
 * Locking: with the context's lock held.
 */
#include "s2mmu_internal.h"

int nvarm_s2_rmap_add(struct nvarm_s2mmu *s, uint32_t page, unsigned slot, uint64_t ipa1,
		      uint32_t b)
{
	return rmap_add_inline(s, page, slot, ipa1, b);
}

/* Unlink node n from its hash chain and free it (page list handled by the caller). */
void nvarm_s2_rmap_unhash_free(struct nvarm_s2mmu *s, uint32_t n, int level)
{
	struct rnode *node = rn(s, n);
	uint32_t b = bucket_of(s, rn_frame(node), level), cur = rn_bhead(rn(s, b)), prev = NIL;

	while (cur && cur != n) {
		prev = cur;
		cur = rn_inext(rn(s, cur));
	}
	NVARM_ASSERT(cur == n);
	if (prev)
		rn_set_inext(rn(s, prev), rn_inext(node));
	else
		rn_set_bhead(rn(s, b), rn_inext(node));
	rn_set_key(node, 0, 0);
	rn_set_pnext(node, 0);
	rn_set_inext(node, s->rmap_free);
	s->rmap_free = n;
	s->rmap_used--;
}

/* Remove the node of (page, slot) from the page list and the hash; bounded by slots/page. */
void nvarm_s2_rmap_del_slot(struct nvarm_s2mmu *s, uint32_t page, unsigned slot)
{
	struct pmeta *p = pm(s, page);
	uint32_t want = ((page << s->slots_shift) | slot) + 1, cur = p->rhead, prev = NIL;

	while (cur && rn_slot1(rn(s, cur)) != want) {
		prev = cur;
		cur = rn_pnext(rn(s, cur));
	}
	NVARM_ASSERT(cur != NIL);
	if (!cur)
		return;
	if (prev)
		rn_set_pnext(rn(s, prev), rn_pnext(rn(s, cur)));
	else
		p->rhead = rn_pnext(rn(s, cur));
	nvarm_s2_rmap_unhash_free(s, cur, p->level);
}

/* Drop every node of a page whose descriptor is no longer a valid leaf. */
void nvarm_s2_rmap_prune_page(struct nvarm_s2mmu *s, uint32_t page, const uint64_t *tbl)
{
	struct pmeta *p = pm(s, page);
	uint32_t cur = p->rhead, prev = NIL;

	while (cur) {
		struct rnode *node = rn(s, cur);
		uint32_t next = rn_pnext(node);
		unsigned slot = (rn_slot1(node) - 1) & ((1u << s->slots_shift) - 1);

		if (!tbl || !(tbl[slot] & 1)) {
			if (prev)
				rn_set_pnext(rn(s, prev), next);
			else
				p->rhead = next;
			nvarm_s2_rmap_unhash_free(s, cur, p->level);
		} else {
			prev = cur;
		}
		cur = next;
	}
}
