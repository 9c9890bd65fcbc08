// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 tables: finding a leaf, removing one, emptying and destroying a whole MMU's
 * tables, and nvarm_s2mmu_lookup(). The primitives fault.c, inval.c and reclaim.c build on.
 *
 * Shadow tables use the host granule and the descriptor format of nvarm_s2mmu::oa_fmt (desc_pa(),
 * shadow_oa(): 48-bit, or 52-bit with DS=1 / FEAT_LPA when host_pa_bits is 52). Every MMU's
 * root is root_pages pages (1..16 concatenated tables, Arm ARM D8.2 "Translation tables"),
 * contiguous and aligned to their size, with consecutive page indices: each has its own
 * pmeta (base = the first L2 IPA it maps, parent 0, PG_ROOT), so everything below the root
 * level sees an ordinary table page; walks index the root as one table and root_ref()
 * gives the page of a root slot where one is recorded.
 * Invariants (kept by every caller):
 * - a leaf maps [ipa2, ipa2 + 2^s) to PA with permissions guest & host and s no larger than
 *   L1's leaf or L0's block; leaf software bits [58:55] hold the index of L1's leaf size
 *   (nvarm_s2_g_shift_tab) so TLBIs by IPA can find every shadow leaf made from one L1 block;
 * - descriptors are cleared (and the hardware TLB invalidated by IPA) before any replacement
 *   (break-before-make);
 * - pmeta.parent names the page holding the table descriptor to a page, pmeta.live counts
 *   its valid descriptors and pmeta.ntables the table descriptors among them.
 *
 * Locking: with the context's lock held (nvarm_s2mmu_lookup() takes it).
 */
#include "s2mmu_internal.h"

/* Index of an L1 leaf size in descriptor bits [58:55]; one line per possible size. */
const uint8_t nvarm_s2_g_shift_tab[16] = {0, 12, 14, 16, 21, 25, 29, 30, 36, 39, 42, 0, 0, 0, 0, 0};
/* Its inverse, by shift (0: not an L1 leaf size). */
const uint8_t nvarm_s2_g_shift_idx[64] = {[12] = 1, [14] = 2, [16] = 3, [21] = 4, [25] = 5,
					  [29] = 6, [30] = 7, [36] = 8, [39] = 9, [42] = 10};

static void mmu_unhash(struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &mmus(s)[i];
	uint16_t *head = &mmu_heads(s)[mmu_hash(s, m->baddr, m->vmid, m->vtcr)];

	while (*head && *head != i + 1)
		head = &mmus(s)[*head - 1].hnext;
	if (*head)
		*head = m->hnext;
	m->hnext = 0;
}

/* Free every table page of MMU i except the root's, and empty the root's pages. */
void nvarm_s2_mmu_flush(struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &mmus(s)[i];

	if (!m->root)
		return;
	for (int k = 0; k < 2; k++) {
		struct s2_plist *l = k ? &m->inner : &m->lru;
		uint32_t pg = l->head;
		while (pg) {
			uint32_t next = pm(s, pg - 1)->next;
			nvarm_s2_rmap_prune_page(s, pg - 1, NULL);
			nvarm_s2_page_free(s, pg - 1);
			pg = next;
		}
		l->head = l->tail = 0;
	}
	for (uint32_t k = 0; k < mmu_geo(s, m)->root_pages; k++) {
		nvarm_s2_rmap_prune_page(s, m->root - 1 + k, NULL);
		nvarm_memset(page_va(s, m->root - 1 + k), 0, (size_t)1 << gshift(s));
		pm(s, m->root - 1 + k)->live = 0;
		pm(s, m->root - 1 + k)->ntables = 0;
	}
	m->leaves = 0;
	m->max_g = 0;
	scache_drop(m);
	gh_drop(m);
	gen_bump(&m->gen);
	tlbi_all(s, i);
}

bool nvarm_s2_mmu_destroy(struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &mmus(s)[i];

	if (!m->root)
		return true;
	if (!mmu_claim(s, i))
		return false; /* a fault walks L1 for it without the lock: keep it */
	nvarm_s2_mmu_flush(s, i);
	for (uint32_t k = 0; k < mmu_geo(s, m)->root_pages; k++)
		nvarm_s2_page_free(s, m->root - 1 + k);
	mmu_unhash(s, i);
	m->root = 0;
	gen_bump(&s->inval_gen); /* a fault in flight on it must not install into its successor */
	return true;
}

/* Recycle the least recently used live MMU other than @keep; false if there is none. */

/* Find the leaf slot mapping ipa2 (or the empty slot where the walk stops). */
bool nvarm_s2_shadow_find(struct nvarm_s2mmu *s, struct mmu_rec *m, uint64_t ipa2,
			  struct slot_ref *r)
{
	const struct nvarm_s2mmu_geo *gm = mmu_geo(s, m);
	uint32_t page = m->root - 1;
	int level = gm->root_level;

	/*
	 * The shadow table cache (the tables the last leaves went into, see install()) names
	 * tables of this MMU reached through table descriptors for every ipa2 with their key:
	 * start at the deepest that matches (eviction and flushes drop it).
	 */
	scache_find(s, m, ipa2, 3, &page, &level);
	for (;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned sh = level_shift(s, level);
		unsigned slot =
		    (unsigned)(ipa2 >> sh) & ((1u << level_slots_bits(s, gm, level)) - 1);
		uint64_t d = tbl[slot];

		if (!(d & 1) || !is_table(d, level)) {
			if (level == gm->root_level)
				root_ref(s, &page, &slot, &tbl);
			r->page = page;
			r->slot = slot;
			r->level = level;
			r->tbl = tbl;
			return (d & 1) != 0;
		}
		uint32_t p1 = page_of_pa(s, desc_pa(s, d));
		NVARM_ASSERT(p1 != 0);
		if (!p1)
			return false;
		page = p1 - 1;
	}
}

int nvarm_s2mmu_lookup(struct nvarm_s2mmu *s, int mmu, nvarm_ipa2_t ipa,
		       struct nvarm_s2mmu_entry *out)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	struct slot_ref r;
	int rc = NVARM_ERR_NOENT;

	if (!s || !out || mmu < 0 || mmu >= (int)s->cfg.max_mmus)
		return NVARM_ERR_INVAL;
	lock(s);
	struct mmu_rec *m = &mmus(s)[mmu];
	if (!m->root) {
		rc = NVARM_ERR_INVAL;
	} else if (!(ipa.v >> mmu_geo(s, m)->ia_bits) && nvarm_s2_shadow_find(s, m, ipa.v, &r)) {
		uint64_t d = r.tbl[r.slot];
		unsigned sh = level_shift(s, r.level);
		out->shift = (uint8_t)sh;
		out->level = (uint8_t)r.level;
		out->pa =
		    nvarm_pa(leaf_pa(s, mmu_geo(s, m), d) + (ipa.v & ((UINT64_C(1) << sh) - 1)));
		out->perm = desc_perm(d, s->cfg.host_xnx);
		out->memattr = (uint8_t)NVARM_FIELD_GET(d, 5, 2);
		out->sh = desc_sh(s, m, d);
		rc = 0;
	}
	unlock(s);
	return rc;
}

/* Clear one leaf (descriptor, TLB, reverse map). */
void nvarm_s2_slot_remove_node(struct nvarm_s2mmu *s, unsigned mmu, const struct slot_ref *r,
			       uint32_t n)
{
	struct pmeta *p = pm(s, r->page);

	r->tbl[r->slot] = 0;
	p->live--;
	mmus(s)[mmu].leaves--;
	tlbi_ipa(s, mmu, p->base + ((uint64_t)r->slot << level_shift(s, r->level)), r->level);
	if (n)
		nvarm_s2_rmap_del_node(s, r->page, n);
	else
		nvarm_s2_rmap_del_slot(s, r->page, r->slot);
}

void nvarm_s2_slot_remove(struct nvarm_s2mmu *s, unsigned mmu, const struct slot_ref *r)
{
	nvarm_s2_slot_remove_node(s, mmu, r, NIL);
}

void nvarm_s2_leaf_remove(struct nvarm_s2mmu *s, uint32_t page, unsigned slot)
{
	struct pmeta *p = pm(s, page);
	struct slot_ref r = {page, slot, p->level, page_va(s, page)};

	nvarm_s2_slot_remove(s, p->owner, &r);
}
