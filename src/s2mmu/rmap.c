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
 * Lanes (s2mmu_internal.h, struct s2_lane): a lane holds a reserve of free nodes and the
 * nodes of the leaves installed under its lock alone (key set, on no chain yet); a holder of
 * the context lock that takes every lane drains them before anything else (lanes_lock()), so
 * every function here but the lane ones sees the invariant above. The lane ones serve the
 * holders that take some lanes undrained: a refill (nvarm_s2_lane_refill()) and a TLBI by
 * range (nvarm_s2_lanes_pend_remove() in inval.c: a pending leaf it removes gives its node back to
 * the lane's reserve, never reaching the map).
 *
 * Locking: with the context's lock held (and every lane's, or the lanes named).
 */
#include "s2mmu_internal.h"

/* Context lock holders in a row that find a lane with no new install close it. */
#define LANE_IDLE 4u

/*
 * A refill leaves rmap_entries / LANE_FLOOR_DIV nodes on the free list (for the installs
 * that need the context lock anyway: new tables, blocks, other MMUs). Small: an L0 that keeps
 * L2 fully resident sizes the map to its leaves (NVARM_S2MMU_RMAP_ENTRIES(100, ...)), so the
 * free list runs near empty once L2 has touched its memory, and every node held back sends a
 * fault through the context lock (with a sixteenth, bench_s2mmu_smp sent 5.5% of its faults
 * there: 55 of its 59 context lock acquisitions per 1000 faults).
 */
#define LANE_FLOOR_DIV 256u

/* Context lock held, lane @l locked and drained: its reserve back to the free list, closed. */
static void lane_close(struct nvarm_s2mmu *s, struct s2_lane *l, unsigned k)
{
	const uint32_t *res = lane_res(s, l);

	for (uint32_t i = 0; i < l->nres; i++) {
		rn_set_inext(rn(s, res[i]), s->rmap_free);
		s->rmap_free = res[i];
	}
	s->lane_nodes -= l->nres;
	l->nres = 0;
	l->idle = 0;
	__atomic_store_n(&l->open, 0, __ATOMIC_RELAXED);
	s->lanes_open &= ~(1u << k);
}

/* Context lock held, lane @k locked: file its pending installs in the reverse map. */
static void lane_drain(struct nvarm_s2mmu *s, struct s2_lane *l)
{
	unsigned l3 = s->slots_shift;
	const struct s2_pend *pe = lane_pend(s, l);
	/* leaves installed under the lane lock, in install order: as rmap_add_inline() */
	uint32_t run = 0, owner = 0;

	for (uint32_t i = 0; i < l->npend; i++) {
		uint32_t n = pe[i].node, b = bucket_of(s, pe[i].frame, 3);
		struct rnode *node = rn(s, n);
		struct pmeta *p = pm(s, (pe[i].slot1 - 1) >> l3);

		rn_file(node, pe[i].frame, pe[i].slot1, rn_bhead(rn(s, b)), p->rhead);
		rn_set_bhead(rn(s, b), n);
		p->rhead = n;
		p->live++;
		/* (the MMU's count once per run of one owner: faults elsewhere read its line) */
		if (run && p->owner != owner) {
			mmus(s)[owner].leaves += run;
			run = 0;
		}
		owner = p->owner;
		run++;
	}
	if (run)
		mmus(s)[owner].leaves += run;
	s->rmap_used += l->npend;
	s->lane_nodes -= l->npend;
	l->npend = 0;
}

void nvarm_s2_lanes_drain(struct nvarm_s2mmu *s)
{
	for (uint32_t held = s->lanes_held; held; held &= held - 1) {
		unsigned k = (unsigned)__builtin_ctz(held);
		struct s2_lane *l = lane_at(s, k);

		if (!l->npend) {
			/* no install since the last LANE_IDLE holders: idle, so its nodes go back
			 * (one lock fewer for the next holders; its next fault reopens it) */
			if (++l->idle >= LANE_IDLE)
				lane_close(s, l, k);
			continue;
		}
		l->idle = 0;
		lane_drain(s, l);
	}
}

void nvarm_s2_lanes_close(struct nvarm_s2mmu *s)
{
	for (uint32_t open = s->lanes_open; open; open &= open - 1) {
		unsigned k = (unsigned)__builtin_ctz(open);
		lane_close(s, lane_at(s, k), k);
	}
}

void nvarm_s2_lane_refill(struct nvarm_s2mmu *s, unsigned k)
{
	struct s2_lane *l = lane_at(s, k);
	uint32_t free = s->cfg.rmap_entries - 1 - s->rmap_used - s->lane_nodes;
	uint32_t floor = s->cfg.rmap_entries / LANE_FLOOR_DIV, *res = lane_res(s, l);

	if (free <= floor || !s->rmap_free) {
		if (s->lanes_held & (1u << k))
			l->starved = 1; /* (an open lane is held by every caller) */
		return;
	}
	if (!(s->lanes_held & (1u << k))) {
		lane_lock(s, l);
		s->lanes_held |= 1u << k;
	}
	l->starved = 0;
	/*
	 * A lane keeps its pending installs across a refill (a TLBI by range may yet remove them,
	 * their nodes then going back to the reserve without ever touching the reverse map):
	 * filed here only when they leave the reserve less than half the lane's room.
	 */
	if (l->npend > NVARM_S2MMU_LANE_NODES / 2)
		lane_drain(s, l);
	while (l->nres + l->npend < NVARM_S2MMU_LANE_NODES && free > floor && s->rmap_free) {
		uint32_t n = s->rmap_free;
		s->rmap_free = rn_inext(rn(s, n));
		res[l->nres++] = n;
		s->lane_nodes++;
		free--;
	}
	__atomic_store_n(&l->open, 1, __ATOMIC_RELAXED);
	s->lanes_open |= 1u << k;
}

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

/* Unlink node @cur (after @prev, NIL for the head) from @page's list, then from the hash. */
static void page_unlink(struct nvarm_s2mmu *s, struct pmeta *p, uint32_t prev, uint32_t cur)
{
	if (prev)
		rn_set_pnext(rn(s, prev), rn_pnext(rn(s, cur)));
	else
		p->rhead = rn_pnext(rn(s, cur));
	nvarm_s2_rmap_unhash_free(s, cur, p->level);
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
	if (cur)
		page_unlink(s, p, prev, cur);
}

/*
 * Remove node @n from the list of @page and the hash: the page list is singly linked, so
 * this still looks for its predecessor, but by node index (one load and compare a step,
 * where nvarm_s2_rmap_del_slot() also decodes each node's slot).
 */
void nvarm_s2_rmap_del_node(struct nvarm_s2mmu *s, uint32_t page, uint32_t n)
{
	struct pmeta *p = pm(s, page);
	uint32_t cur = p->rhead, prev = NIL;

	while (cur && cur != n) {
		prev = cur;
		cur = rn_pnext(rn(s, cur));
	}
	NVARM_ASSERT(cur == n);
	if (cur)
		page_unlink(s, p, prev, cur);
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
