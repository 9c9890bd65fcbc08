// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 tables: pool, shadow MMUs, reverse map, fault resolution, invalidation.
 *
 * Owns: the caller's state buffer (MMU records, page metadata, reverse-map nodes) and the
 * pool pages handed in with nvarm_s2mmu_pool_add(). Shadow tables use the host granule and
 * the standard 48-bit descriptor format; every MMU has a single root page (no concatenation).
 *
 * Invariants:
 * - every valid shadow leaf has exactly one reverse-map node, on the list of its table page
 *   (pmeta.rhead, chained by pnext) and on the hash chain of its L1 IPA (frame at the leaf
 *   size, chained by inext); nodes carry the leaf's slot id (page index << slots_shift | slot);
 * - a leaf maps [ipa2, ipa2 + 2^s) to PA with permissions guest & host and s no larger than
 *   L1's leaf or L0's block; leaf software bits [58:55] hold the index of L1's leaf size
 *   (g_shift_tab) so TLBIs by IPA can find every shadow leaf made from one L1 block;
 * - descriptors are cleared (and the hardware TLB invalidated by IPA) before any replacement
 *   (break-before-make);
 * - every non-root table page is on one list of its MMU (lru: no table descriptor in it;
 *   inner: some), pmeta.parent names the page holding the descriptor to it, pmeta.live counts
 *   its valid descriptors and pmeta.ntables the table descriptors among them (reclaim.c).
 *
 * Reverse-map node (16 bytes, two words):
 *   w0 = frame[39:0] | inext[59:40] | bhead[3:0] << 60
 *   w1 = (slot id + 1)[27:0] | pnext[47:28] | bhead[19:4] << 48
 * bhead is the head of hash bucket N stored in node N (buckets = nodes), so the map costs
 * exactly 16 bytes per trackable leaf. Node 0 is never allocated (0 means "none").
 *
 * Caches (per MMU, like hardware walk caches): the L1 table used for the last leaf (gh) and
 * the last shadow table descended into (spage). gh is dropped on every TLBI reaching the
 * MMU (L1 must TLBI after changing a valid table descriptor); spage until the MMU is flushed
 * or reclaim evicts a page of it.
 *
 * Reclaim (reclaim.c): the pool and the reverse map are a cache. A fault that finds too few
 * free pages or no free node pins its shadow path (path_pin()) and evicts table pages,
 * those of MMUs no CPU runs (nvarm_s2mmu_set_running()) first; nvarm_s2mmu_get() does the
 * same for a root. When all MMU records are in use, nvarm_s2mmu_get() recycles the least
 * recently used idle MMU.
 *
 * Locking: public entry points take ops->lock for their whole duration; nothing here is
 * reentrant from the platform callbacks.
 */
#include "s2mmu_internal.h"
#include <nvarm/arm/esr.h>
#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/sysreg.h>

/* Index of an L1 leaf size in descriptor bits [58:55]; one line per possible size. */
static const uint8_t g_shift_tab[16] = {0, 12, 14, 16, 21, 25, 29, 30, 36, 39, 42, 0, 0, 0, 0, 0};
/* Its inverse, by shift (0: not an L1 leaf size). */
static const uint8_t g_shift_idx[64] = {[12] = 1, [14] = 2, [16] = 3, [21] = 4, [25] = 5,
					[29] = 6, [30] = 7, [36] = 8, [39] = 9, [42] = 10};

#define NIL 0u
#define M20 0xfffffu

/* ---------------------------------------------------------------------- pool */

static uint32_t page_alloc(struct nvarm_s2mmu *s, unsigned owner, int level, uint64_t base)
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

/*
 * A configuration mistake: say which field through ops->log when there is one (the error
 * code alone cannot), and return err.
 */
static int cfg_error(const struct nvarm_s2mmu_config *cfg, int err, const char *field)
{
	if (cfg && cfg->ops && cfg->ops->log)
		cfg->ops->log(cfg->ops->ctx, NVARM_LOG_ERROR, field);
	return err;
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
			rc =
			    cfg_error(&s->cfg, NVARM_ERR_INVAL,
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

/* --------------------------------------------------------------- reverse map */

static uint32_t bucket_of(const struct nvarm_s2mmu *s, uint64_t frame, int level)
{
	uint64_t h = (frame ^ ((uint64_t)(level + 1) << 44)) * UINT64_C(0x9e3779b97f4a7c15);

	return (uint32_t)((h >> 32) % s->cfg.rmap_entries);
}

static int rmap_add(struct nvarm_s2mmu *s, uint32_t page, unsigned slot, uint64_t ipa1)
{
	uint32_t n = s->rmap_free, b;
	struct pmeta *p = pm(s, page);
	uint64_t frame = ipa1 >> 12;

	if (!n)
		return NVARM_ERR_NOMEM;
	s->rmap_free = rn_inext(rn(s, n));
	s->rmap_used++;
	rn_set_key(rn(s, n), frame, ((page << s->slots_shift) | slot) + 1);
	b = bucket_of(s, frame, p->level);
	rn_set_inext(rn(s, n), rn_bhead(rn(s, b)));
	rn_set_bhead(rn(s, b), n);
	rn_set_pnext(rn(s, n), p->rhead);
	p->rhead = n;
	return 0;
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
static void rmap_del_slot(struct nvarm_s2mmu *s, uint32_t page, unsigned slot)
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
static void rmap_prune_page(struct nvarm_s2mmu *s, uint32_t page, const uint64_t *tbl)
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
	if (tbl && !p->live)
		nvarm_s2_page_emptied(s, page); /* after TLBI removals */
}

/* ---------------------------------------------------------------- MMU records */

static uint32_t mmu_hash(const struct nvarm_s2mmu *s, uint64_t baddr, uint16_t vmid, uint64_t vtcr)
{
	uint64_t h = ((baddr >> 12) ^ ((uint64_t)vmid << 40) ^ vtcr) * UINT64_C(0x9e3779b97f4a7c15);

	return (uint32_t)((h >> 32) % s->cfg.max_mmus);
}

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

/* Free every table page of MMU i except the root, and empty the root. */
static void mmu_flush(struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &mmus(s)[i];

	if (!m->root)
		return;
	for (int k = 0; k < 2; k++) {
		struct s2_plist *l = k ? &m->inner : &m->lru;
		uint32_t pg = l->head;
		while (pg) {
			uint32_t next = pm(s, pg - 1)->next;
			rmap_prune_page(s, pg - 1, NULL);
			nvarm_s2_page_free(s, pg - 1);
			pg = next;
		}
		l->head = l->tail = 0;
	}
	rmap_prune_page(s, m->root - 1, NULL);
	nvarm_memset(page_va(s, m->root - 1), 0, (size_t)1 << gshift(s));
	pm(s, m->root - 1)->live = 0;
	pm(s, m->root - 1)->ntables = 0;
	m->leaves = 0;
	m->max_g = 0;
	m->slevel = S2_HINT_NONE;
	m->gh.level = S2_HINT_NONE;
	m->gen++;
	tlbi_all(s, i);
}

void nvarm_s2_mmu_destroy(struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &mmus(s)[i];

	if (!m->root)
		return;
	mmu_flush(s, i);
	nvarm_s2_page_free(s, m->root - 1);
	mmu_unhash(s, i);
	m->root = 0;
	s->inval_gen++; /* a fault in flight on it must not install into its successor */
}

/* Recycle the least recently used live MMU other than @keep; false if there is none. */
static bool mmu_recycle_lru(struct nvarm_s2mmu *s, int keep)
{
	int best = -1;

	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		struct mmu_rec *m = &mmus(s)[i];
		if (!m->root || (int)i == keep || mmu_busy(m))
			continue;
		if (best < 0 || (int32_t)(m->stamp - mmus(s)[best].stamp) < 0)
			best = (int)i;
	}
	if (best < 0)
		return false;
	nvarm_s2_mmu_destroy(s, (unsigned)best);
	return true;
}

static uint16_t l1_vmid(const struct nvarm_s2mmu_l1_regs *l1)
{
	uint64_t v = l1->vttbr >> NVARM_VTTBR_VMID_SHIFT;

	return (uint16_t)((l1->vtcr & NVARM_VTCR_VS) ? (v & 0xffff) : (v & 0xff));
}

static uint64_t l1_baddr(const struct nvarm_s2mmu_l1_regs *l1)
{
	return l1->vttbr & NVARM_GENMASK(47, 1);
}

static uint8_t l1_flags(const struct nvarm_s2mmu_l1_regs *l1)
{
	return (uint8_t)((l1->big_endian ? 1 : 0) | (l1->fwb ? 2 : 0) | (l1->vm ? 0 : 4));
}

static void fill_hw(const struct nvarm_s2mmu *s, unsigned i, struct nvarm_s2mmu_hw *hw)
{
	const struct s2_granule *g = nvarm_s2_granule_by_shift(gshift(s));
	const struct mmu_rec *m = &((const struct mmu_rec *)s->mmus)[i];
	unsigned sl0 = 0, ps = 0;

	for (unsigned k = 0; k < 4; k++)
		if (g->sl0_level[k] == s->root_level && !g->sl0_feat[k])
			sl0 = k;
	for (unsigned k = 0; k < 7; k++)
		if (nvarm_s2_ps_bits(k) == s->cfg.host_pa_bits)
			ps = k;
	hw->vttbr = page_pa(s, m->root - 1) | ((uint64_t)hw_vmid(s, i) << NVARM_VTTBR_VMID_SHIFT);
	hw->vtcr = (uint64_t)(64 - s->cfg.host_ia_bits) | (uint64_t)sl0 << NVARM_VTCR_SL0_SHIFT |
		   (uint64_t)1 << NVARM_VTCR_IRGN0_SHIFT | (uint64_t)1 << NVARM_VTCR_ORGN0_SHIFT |
		   (uint64_t)3 << NVARM_VTCR_SH0_SHIFT | (uint64_t)g->tg0 << NVARM_VTCR_TG0_SHIFT |
		   (uint64_t)ps << NVARM_VTCR_PS_SHIFT;
	if ((unsigned)s->cfg.hw_vmid_base + s->cfg.max_mmus > 256)
		hw->vtcr |= NVARM_VTCR_VS;
}

static int mmu_get(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
		   struct nvarm_s2mmu_hw *hw, bool run)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	uint64_t baddr;
	uint16_t vmid;
	uint8_t flags;
	uint16_t *head;
	int found = -1;

	if (!s || !l1 || !hw)
		return NVARM_ERR_INVAL;
	baddr = l1_baddr(l1);
	vmid = l1_vmid(l1);
	flags = l1_flags(l1);
	lock(s);
	head = &mmu_heads(s)[mmu_hash(s, baddr, vmid, l1->vtcr)];
	for (uint16_t c = *head; c; c = mmus(s)[c - 1].hnext) {
		struct mmu_rec *m = &mmus(s)[c - 1];
		if (m->baddr == baddr && m->vmid == vmid && m->vtcr == l1->vtcr &&
		    m->flags == flags) {
			found = c - 1;
			break;
		}
	}
	if (found < 0) {
		unsigned i;
		for (i = 0; i < s->cfg.max_mmus; i++)
			if (!mmus(s)[i].root)
				break;
		if (i == s->cfg.max_mmus) {
			mmu_recycle_lru(s, -1);
			for (i = 0; i < s->cfg.max_mmus; i++)
				if (!mmus(s)[i].root)
					break;
		}
		if (i == s->cfg.max_mmus) {
			unlock(s);
			return NVARM_ERR_AGAIN;
		}
		/* A root page: reclaim from idle MMUs first, then from running ones. */
		if (!s->free_pages && s->npages)
			nvarm_s2_reclaim(s, -1, 1, false, NULL);
		uint32_t root = page_alloc(s, i, s->root_level, 0);
		if (!root) {
			unlock(s);
			return NVARM_ERR_AGAIN;
		}
		struct mmu_rec *m = &mmus(s)[i];
		nvarm_memset(m, 0, sizeof(*m));
		m->baddr = baddr;
		m->vmid = vmid;
		m->vtcr = l1->vtcr;
		m->flags = flags;
		m->root = root;
		nvarm_s2_walk_prepare(&s->cfg.guest, l1, &m->wp);
		m->slevel = S2_HINT_NONE;
		m->gh.level = S2_HINT_NONE;
		head = &mmu_heads(s)[mmu_hash(s, baddr, vmid, l1->vtcr)];
		m->hnext = *head;
		*head = (uint16_t)(i + 1);
		found = (int)i;
	}
	if (run) {
		/* In the same critical section: no other CPU can recycle it in between. */
		if (mmus(s)[found].running == 0xff) {
			unlock(s);
			return NVARM_ERR_STATE;
		}
		mmus(s)[found].running++;
	}
	mmus(s)[found].stamp = ++s->stamp;
	fill_hw(s, (unsigned)found, hw);
	unlock(s);
	return found;
}

int nvarm_s2mmu_get(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
		    struct nvarm_s2mmu_hw *hw)
{
	return mmu_get(s, l1, hw, false);
}

int nvarm_s2mmu_get_running(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
			    struct nvarm_s2mmu_hw *hw)
{
	return mmu_get(s, l1, hw, true);
}

/* ---------------------------------------------------------------------- init */

size_t nvarm_s2mmu_mem_bytes(unsigned max_mmus, uint32_t max_pool_pages, uint32_t rmap_entries)
{
	return NVARM_S2MMU_MEM_BYTES(max_mmus, max_pool_pages, rmap_entries);
}

int nvarm_s2mmu_init(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_config *cfg)
{
	const struct nvarm_platform_ops *ops;
	const struct s2_granule *g;
	unsigned st;
	int level;

	if (!s || !cfg || !cfg->ops)
		return NVARM_ERR_INVAL;
	ops = cfg->ops;
	if (!cfg->mem || ((uintptr_t)cfg->mem & 7))
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: mem (NULL or not 8-aligned)");
	if (!ops->read_l1)
		return cfg_error(cfg, NVARM_ERR_INVAL, "nvarm_s2mmu_init: ops->read_l1 missing");
	if (!ops->host_s2_lookup)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: ops->host_s2_lookup missing");
	if (!ops->pa_to_va)
		return cfg_error(cfg, NVARM_ERR_INVAL, "nvarm_s2mmu_init: ops->pa_to_va missing");
	if (!ops->tlbi)
		return cfg_error(cfg, NVARM_ERR_INVAL, "nvarm_s2mmu_init: ops->tlbi missing");
	g = nvarm_s2_granule_by_shift(cfg->host_granule_shift);
	if (!g)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: host_granule_shift (12, 14 or 16)");
	if (cfg->max_mmus < 1 || cfg->max_mmus > NVARM_S2MMU_MAX_MMUS)
		return cfg_error(cfg, NVARM_ERR_INVAL, "nvarm_s2mmu_init: max_mmus out of range");
	if (cfg->rmap_entries < 2 || cfg->rmap_entries > NVARM_S2MMU_MAX_RMAP)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: rmap_entries out of range");
	if (cfg->host_ia_bits < 32 || cfg->host_ia_bits > 48 ||
	    (g->shift == 14 && cfg->host_ia_bits > 47))
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: host_ia_bits out of range");
	if (cfg->host_pa_bits < 32 || cfg->host_pa_bits > 48)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: host_pa_bits out of range");
	if ((unsigned)cfg->hw_vmid_base + cfg->max_mmus > 65536)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: hw_vmid_base + max_mmus beyond 16 bits");
	if ((uint64_t)cfg->max_pool_pages << (g->shift - 3) >= (UINT64_C(1) << 28) - 1)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: max_pool_pages too large");
	if (cfg->mem_size <
	    nvarm_s2mmu_mem_bytes(cfg->max_mmus, cfg->max_pool_pages, cfg->rmap_entries))
		return cfg_error(cfg, NVARM_ERR_NOMEM,
				 "nvarm_s2mmu_init: mem_size below nvarm_s2mmu_mem_bytes()");
	bool ps_ok = false, gps_ok = false;
	for (unsigned k = 0; k < 7; k++) {
		ps_ok |= nvarm_s2_ps_bits(k) == cfg->host_pa_bits;
		gps_ok |= nvarm_s2_ps_bits(k) == cfg->guest.pa_bits;
	}
	if (!ps_ok)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: host_pa_bits not a PARange size");
	/* what L1 was told (its ID_AA64MMFR0_EL1): required, no silent default */
	if (!gps_ok)
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: guest.pa_bits not a PARange size (32..52)");
	if (!(cfg->guest.granules & (NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K)) ||
	    (cfg->guest.granules & ~(NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K)))
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: guest.granules (NVARM_S2MMU_G* flags, not 0)");

	nvarm_memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	st = g->shift - 3;
	s->slots_shift = (uint8_t)st;
	for (level = 0; level < 4; level++)
		s->lshift[level] = (uint8_t)(g->shift + (unsigned)(3 - level) * st);
	s->leaf_levels = (uint8_t)(g->block_levels | (1u << 4)); /* blocks (DS=0) and pages */
	/* Single root page: the start level resolves 1..stride bits. */
	for (level = 3; level >= 0; level--) {
		int span = (int)cfg->host_ia_bits - (int)(g->shift + (unsigned)(3 - level) * st);
		if (span >= 1 && span <= (int)st) {
			s->root_level = (int8_t)level;
			s->root_bits = (uint8_t)span;
			break;
		}
	}
	if (level < 0 || level < g->sl0_level[2] || (g->shift == 12 && level == 3)) {
		s->mmus = NULL;
		return cfg_error(cfg, NVARM_ERR_INVAL,
				 "nvarm_s2mmu_init: host_ia_bits needs more than one root page");
	}
	/* A fault must be able to hold its whole walk: the root and one table per level. */
	if (cfg->max_pool_pages < nvarm_s2_min_pool_pages(s)) {
		s->mmus = NULL;
		return cfg_error(
		    cfg, NVARM_ERR_NOMEM,
		    "nvarm_s2mmu_init: max_pool_pages below NVARM_S2MMU_MIN_POOL_PAGES");
	}
	s->mmus = cfg->mem;
	s->pages = (uint8_t *)cfg->mem + (size_t)cfg->max_mmus * NVARM_S2MMU_MMU_BYTES;
	s->rmap = (uint8_t *)s->pages + (size_t)cfg->max_pool_pages * NVARM_S2MMU_PAGE_META_BYTES;
	nvarm_memset(cfg->mem, 0,
		     nvarm_s2mmu_mem_bytes(cfg->max_mmus, cfg->max_pool_pages, cfg->rmap_entries));
	/* Free list of nodes 1..n-1 (node 0 is "none" but still holds bucket 0's head). */
	for (uint32_t i = cfg->rmap_entries - 1; i >= 1; i--) {
		rn_set_inext(rn(s, i), s->rmap_free);
		s->rmap_free = i;
	}
	return NVARM_OK;
}

int nvarm_s2mmu_stats(const struct nvarm_s2mmu *s, struct nvarm_s2mmu_stats *st)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	if (!s || !st)
		return NVARM_ERR_INVAL;
	nvarm_memset(st, 0, sizeof(*st));
	lock(s);
	for (unsigned i = 0; i < s->cfg.max_mmus; i++)
		if (((const struct mmu_rec *)s->mmus)[i].root)
			st->mmus++;
	st->table_pages = s->table_pages;
	st->free_pages = s->free_pages;
	st->leaves = s->rmap_used;
	st->rmap_bytes = NVARM_S2MMU_RMAP_BYTES_PER_ENTRY;
	st->min_pool_pages = nvarm_s2_min_pool_pages(s);
	st->reclaim_passes = s->reclaim_passes;
	st->reclaim_pages = s->reclaim_pages;
	st->reclaim_leaves = s->reclaim_leaves;
	st->fault_retries = s->fault_retries;
	unlock(s);
	return NVARM_OK;
}

/* ------------------------------------------------------------ shadow lookups */

struct slot_ref {
	uint32_t page; /* page index */
	unsigned slot;
	int level;
	uint64_t *tbl;
};

/* Find the leaf slot mapping ipa2 (or the empty slot where the walk stops). */
static bool shadow_find(struct nvarm_s2mmu *s, struct mmu_rec *m, uint64_t ipa2, struct slot_ref *r)
{
	uint32_t page = m->root - 1;
	int level = s->root_level;

	/*
	 * The shadow table cache (the last lower table descended into, see install()) names a
	 * table of this MMU reached through table descriptors for every ipa2 with its key: start
	 * there (eviction and flushes drop it).
	 */
	if (m->slevel > level && m->skey == ipa2 >> level_shift(s, m->slevel - 1)) {
		page = m->spage;
		level = m->slevel;
	}
	for (;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned sh = level_shift(s, level);
		unsigned slot = (unsigned)(ipa2 >> sh) & ((1u << level_slots_bits(s, level)) - 1);
		uint64_t d = tbl[slot];

		r->page = page;
		r->slot = slot;
		r->level = level;
		r->tbl = tbl;
		if (!(d & 1))
			return false;
		if (!is_table(d, level))
			return true;
		uint32_t p1 = page_of_pa(s, desc_pa(s, d));
		NVARM_ASSERT(p1 != 0);
		if (!p1)
			return false;
		page = p1 - 1;
	}
}

static uint8_t desc_perm(uint64_t d, bool xnx)
{
	static const uint8_t xnp[4] = {NVARM_PERM_XP | NVARM_PERM_XU, NVARM_PERM_XU, 0,
				       NVARM_PERM_XP};
	uint8_t p = 0;
	unsigned xn = (unsigned)NVARM_FIELD_GET(d, 54, 53);

	if (d & NVARM_S2D_S2AP_R)
		p |= NVARM_PERM_R;
	if (d & NVARM_S2D_S2AP_W)
		p |= NVARM_PERM_W;
	if (!xnx)
		xn &= 2;
	return (uint8_t)(p | xnp[xn]);
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
	} else if (!(ipa.v >> s->cfg.host_ia_bits) && shadow_find(s, m, ipa.v, &r)) {
		uint64_t d = r.tbl[r.slot];
		unsigned sh = level_shift(s, r.level);
		out->shift = (uint8_t)sh;
		out->level = (uint8_t)r.level;
		out->pa = nvarm_pa(desc_pa(s, d) + (ipa.v & ((UINT64_C(1) << sh) - 1)));
		out->perm = desc_perm(d, s->cfg.host_xnx);
		out->memattr = (uint8_t)NVARM_FIELD_GET(d, 5, 2);
		out->sh = (uint8_t)NVARM_FIELD_GET(d, 9, 8);
		rc = 0;
	}
	unlock(s);
	return rc;
}

/* Clear one leaf (descriptor, TLB, reverse map). */
static void leaf_remove(struct nvarm_s2mmu *s, unsigned mmu, const struct slot_ref *r)
{
	struct pmeta *p = pm(s, r->page);

	r->tbl[r->slot] = 0;
	p->live--;
	mmus(s)[mmu].leaves--;
	tlbi_ipa(s, mmu, p->base + ((uint64_t)r->slot << level_shift(s, r->level)), r->level);
	rmap_del_slot(s, r->page, r->slot);
}

void nvarm_s2_leaf_remove(struct nvarm_s2mmu *s, uint32_t page, unsigned slot)
{
	struct pmeta *p = pm(s, page);
	struct slot_ref r = {page, slot, p->level, page_va(s, page)};

	leaf_remove(s, p->owner, &r);
}

/* ------------------------------------------------------------ fault handling */

struct fault_ctx {
	unsigned access;
	uint64_t ipa2;
	struct nvarm_s2_walk w;
	struct nvarm_host_s2_map h;
	uint8_t perm;
	uint8_t memattr;
	uint8_t sh;
	unsigned shift; /* shadow leaf size */
	int level;	/* shadow leaf level */
	uint64_t pa;	/* PA of ipa2 */
};

static bool host_allows_leaf(const struct nvarm_s2mmu *s, int level)
{
	return (s->leaf_levels >> (level + 1)) & 1;
}

/*
 * L1 maps at a finer grain than the shadow granule: the shadow page can only be mapped when
 * every L1 page in it maps linearly, with the same attributes, no fault, AF set (R_xxx:
 * the smallest shadow mapping is one host granule).
 */
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
	uint32_t page = m->root - 1;
	int level = s->root_level;

	if (m->slevel > level && f->level >= m->slevel &&
	    m->skey == f->ipa2 >> level_shift(s, m->slevel - 1)) {
		page = m->spage; /* same lower table as last time */
		level = m->slevel;
	}
	for (;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned sh = level_shift(s, level);
		unsigned slot =
		    (unsigned)(f->ipa2 >> sh) & ((1u << level_slots_bits(s, level)) - 1);
		uint64_t d = tbl[slot];
		struct slot_ref r = {page, slot, level, tbl};

		if (level > s->root_level) {
			m->spage = page;
			m->slevel = (int8_t)level;
			m->skey = f->ipa2 >> level_shift(s, level - 1);
		}

		if (level >= f->level && !is_table(d, level)) {
			/* Leaf here (the wanted level, or deeper because tables exist). */
			uint64_t base_pa = f->pa & ~((UINT64_C(1) << sh) - 1);
			uint64_t ipa1 = f->w.oa.v & ~((UINT64_C(1) << sh) - 1);
			unsigned gi = 0;
			uint64_t nd;
			int rc;

			gi = f->w.leaf_shift < 64 ? g_shift_idx[f->w.leaf_shift] : 0;
			unsigned xn;
			bool xp = f->perm & NVARM_PERM_XP, xu = f->perm & NVARM_PERM_XU;
			if (!s->cfg.host_xnx)
				xn = (xp && xu) ? 0 : 2;
			else
				xn = xp ? (xu ? 0 : 3) : (xu ? 1 : 2);
			nd = base_pa | (level == 3 ? 3 : 1) | (uint64_t)f->memattr << 2 |
			     (f->perm & NVARM_PERM_R ? NVARM_S2D_S2AP_R : 0) |
			     (f->perm & NVARM_PERM_W ? NVARM_S2D_S2AP_W : 0) |
			     (uint64_t)f->sh << NVARM_S2D_SH_SHIFT | NVARM_S2D_AF |
			     (uint64_t)xn << NVARM_S2D_XN_SHIFT |
			     (uint64_t)gi << NVARM_S2D_SW_SHIFT;
			f->shift = sh;
			f->level = level;
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
				f->pa = desc_pa(s, d) + (f->ipa2 & ((UINT64_C(1) << sh) - 1));
				return 0;
			}
			if (d & 1)
				leaf_remove(s, mmu, &r);
			rc = rmap_add(s, page, slot, ipa1);
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
			if (d & 1)
				leaf_remove(s, mmu, &r);
			uint64_t base = f->ipa2 & ~((UINT64_C(1) << sh) - 1);
			uint32_t np = page_alloc(s, mmu, level + 1, base);
			if (!np)
				return NVARM_ERR_AGAIN;
			pm(s, np - 1)->parent = page + 1;
			nvarm_s2_plist_push(s, &m->lru, np - 1);
			tbl[slot] = page_pa(s, np - 1) | 3;
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
	uint32_t page = m->root - 1;

	path->n = 0;
	*missing = 0;
	for (int level = s->root_level;; level++) {
		uint64_t *tbl = page_va(s, page);
		unsigned slot = (unsigned)(f->ipa2 >> level_shift(s, level)) &
				((1u << level_slots_bits(s, level)) - 1);
		uint64_t d = tbl[slot];

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
	    !(f->ipa2 >> s->cfg.host_ia_bits) && shadow_find(s, m, f->ipa2, &sr) &&
	    !(f->access & ~(unsigned)desc_perm(sr.tbl[sr.slot], s->cfg.host_xnx) & 0xfu)) {
		uint64_t d = sr.tbl[sr.slot];
		unsigned sh = level_shift(s, sr.level);
		r->action = NVARM_S2MMU_INSTALLED;
		r->pa = nvarm_pa(desc_pa(s, d) + (f->ipa2 & ((UINT64_C(1) << sh) - 1)));
		r->map_shift = (uint8_t)sh;
		r->perm = desc_perm(d, s->cfg.host_xnx);
		return true;
	}
	return false;
}

/*
 * First half of a fault: L1's walk, L0's lookup and the choice of the shadow leaf. Reads only
 * L1 memory (read_l1), L0's stage-2 (host_s2_lookup), the configuration fixed at
 * nvarm_s2mmu_init() and the MMU's parsed registers @wp / @mflags, never the shadow state:
 * nvarm_s2mmu_handle_fault() runs it without the lock. Returns 1 when @f is to be installed,
 * 0 with @r final (inject or L0), or a negative error.
 */
static int classify(struct nvarm_s2mmu *s, const struct s2_walk_prep *wp, uint8_t mflags,
		    struct s2_walk_hint *hint, const struct nvarm_s2mmu_fault *in,
		    struct fault_ctx *f, struct nvarm_s2mmu_result *r)
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
	if ((f->ipa2 >> s->cfg.host_ia_bits) || (f->h.pa.v >> s->cfg.host_pa_bits))
		return 0;

	f->perm = f->w.perm & f->h.perm;
	f->memattr = nvarm_s2_combine_memattr(f->w.memattr, (mflags & 2) != 0, f->h.memattr,
					      s->cfg.host_fwb);
	f->sh = nvarm_s2_combine_sh(f->w.sh, f->h.sh);
	f->pa = f->h.pa.v;

	/* Largest shadow leaf both allow, with ipa2, ipa1 and PA congruent (aligned blocks). */
	unsigned smax = f->w.leaf_shift < f->h.block_shift ? f->w.leaf_shift : f->h.block_shift;
	f->level = -9;
	for (int lv = s->root_level; lv <= 3; lv++) {
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
	return 1;
}

/* Second half of a fault, lock held: make room (reclaim) and install the shadow leaf. */
static int commit(struct nvarm_s2mmu *s, unsigned mmu, struct fault_ctx *f,
		  struct nvarm_s2mmu_result *r)
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
	if (s->free_pages < (uint32_t)(f->level - s->root_level) || !s->rmap_free) {
		uint32_t missing;
		bool node;
		path_pin(s, m, f, &path, &missing, &node);
		rc = nvarm_s2_reclaim(s, (int)mmu, missing, node, &path);
	}
	if (!rc)
		rc = install(s, mmu, f);
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

/* The whole fault with the lock held (when an invalidation overtook the unlocked half). */
static int resolve_locked(struct nvarm_s2mmu *s, unsigned mmu, const struct nvarm_s2mmu_fault *in,
			  struct nvarm_s2mmu_result *r)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	struct fault_ctx f;
	int rc;

	fault_init(in, &f, r);
	if (spurious(s, m, in, &f, r))
		return 0;
	rc = classify(s, &m->wp, m->flags, &m->gh, in, &f, r);
	return rc == 1 ? commit(s, mmu, &f, r) : rc;
}

/*
 * Concurrency (the contract is in s2mmu.h): the fault runs in three steps so that faults on
 * several CPUs overlap in their longest part, L1's walk and L0's lookup.
 *  1. lock: check the MMU, the spurious-fault shortcut, count the fault in flight on the
 *     MMU (mmu_rec.inflight: the record is then never destroyed, so its parsed registers
 *     stay valid), snapshot its walk cache and the two invalidation generations
 *     (mmu_rec.gen, bumped by every TLBI that reaches the MMU; nvarm_s2mmu.inval_gen, bumped
 *     by every L0 stage-2 change and every MMU destruction); unlock;
 *  2. unlocked: classify() with the MMU's parsed registers and the walk-cache snapshot;
 *  3. lock: if neither generation moved, no invalidation that could make step 2's answer
 *     stale has run since step 1, so the answer stands (as if computed at step 1's lock):
 *     install it. Otherwise redo the whole fault under the lock (resolve_locked()): an
 *     invalidation completed between L1's walk and the install is never lost.
 * Both generations are only read and written with the lock held.
 */
int nvarm_s2mmu_handle_fault(struct nvarm_s2mmu *s, int mmu, const struct nvarm_s2mmu_fault *f,
			     struct nvarm_s2mmu_result *r)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	struct fault_ctx fc;
	struct s2_walk_hint hint;
	struct mmu_rec *m;
	uint32_t gen, hgen;
	int rc;

	if (!s || !f || !r || mmu < 0 || mmu >= (int)s->cfg.max_mmus)
		return NVARM_ERR_INVAL;
	result_clear(r);
	if (!is_s2_abort(f->esr)) {
		r->action = NVARM_S2MMU_L0;
		r->l0_reason = NVARM_S2MMU_L0_NOT_ABORT;
		return 0;
	}
	m = &mmus(s)[mmu];
	lock(s);
	if (!m->root) {
		unlock(s);
		return NVARM_ERR_INVAL;
	}
	m->stamp = ++s->stamp;
	fault_init(f, &fc, r);
	if (spurious(s, m, f, &fc, r)) {
		unlock(s);
		return 0;
	}
	/* m->wp and m->flags stay as they are while inflight holds the record (mmu_busy()). */
	m->inflight++;
	hint = m->gh;
	gen = m->gen;
	hgen = s->inval_gen;
	unlock(s);

	rc = classify(s, &m->wp, m->flags, &hint, f, &fc, r);

	lock(s);
	m->inflight--;
	if (rc < 0) {
		/* a platform failure: nothing to install */
	} else if (m->gen != gen || s->inval_gen != hgen) {
		result_clear(r);
		rc = resolve_locked(s, (unsigned)mmu, f, r);
		s->fault_retries++;
	} else {
		m->gh = hint; /* still valid: no TLBI reached the MMU since the snapshot */
		rc = rc == 1 ? commit(s, (unsigned)mmu, &fc, r) : 0;
	}
	unlock(s);
	return rc;
}

/* --------------------------------------------------------------- invalidation */

/*
 * Remove the leaves of MMU @mmu in [lo, hi) whose L1 translation range (the L1 leaf they came
 * from, or the shadow leaf if larger) intersects [a, b). Iterative walk with an explicit
 * stack (depth <= 4); pages whose leaves were cleared get their reverse-map list pruned when
 * the walk leaves them, so the cost is linear in the populated part of the window.
 */
static int range_remove(struct nvarm_s2mmu *s, unsigned mmu, uint64_t lo, uint64_t hi, uint64_t a,
			uint64_t b)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	uint32_t pg[5];
	unsigned idx[5];
	bool dirty[5];
	uint64_t *tb[5];
	int depth = 0, removed = 0;
	uint64_t top = UINT64_C(1) << s->cfg.host_ia_bits;

	if (hi > top)
		hi = top;
	if (lo >= hi)
		return 0;
	pg[0] = m->root - 1;
	tb[0] = page_va(s, pg[0]);
	idx[0] = (unsigned)(lo >> level_shift(s, s->root_level));
	dirty[0] = false;
	while (depth >= 0) {
		int level = s->root_level + depth;
		unsigned sh = level_shift(s, level);
		struct pmeta *p = pm(s, pg[depth]);
		uint64_t va = p->base + ((uint64_t)idx[depth] << sh);

		if (idx[depth] >= (1u << level_slots_bits(s, level)) || va >= hi) {
			if (dirty[depth])
				rmap_prune_page(s, pg[depth], tb[depth]);
			if (--depth >= 0)
				idx[depth]++;
			continue;
		}
		uint64_t d = tb[depth][idx[depth]];
		if (!(d & 1)) {
			idx[depth]++;
			continue;
		}
		if (is_table(d, level)) {
			uint32_t np = page_of_pa(s, desc_pa(s, d));
			NVARM_ASSERT(np != 0);
			if (!np) {
				idx[depth]++;
				continue;
			}
			depth++;
			pg[depth] = np - 1;
			tb[depth] = page_va(s, pg[depth]);
			dirty[depth] = false;
			idx[depth] =
			    va >= lo ? 0 : (unsigned)((lo - va) >> level_shift(s, level + 1));
			continue;
		}
		unsigned g = g_shift_tab[NVARM_FIELD_GET(d, 58, 55)];
		unsigned e = g > sh ? g : sh;
		uint64_t ea = va & ~((UINT64_C(1) << e) - 1), eb = ea + (UINT64_C(1) << e);
		if (ea < b && a < eb) {
			tb[depth][idx[depth]] = 0;
			p->live--;
			m->leaves--;
			tlbi_ipa(s, mmu, va, level);
			dirty[depth] = true;
			removed++;
		}
		idx[depth]++;
	}
	return removed;
}

/* Invalidate L2 IPA range [a, b) in MMU mmu (TLBI by IPA semantics). */
static int mmu_inval_range(struct nvarm_s2mmu *s, unsigned mmu, uint64_t a, uint64_t b)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	uint64_t w;

	if (!m->root || !m->leaves)
		return 0;
	w = UINT64_C(1) << (m->max_g ? m->max_g : gshift(s));
	return range_remove(s, mmu, a & ~(w - 1), (b + w - 1) & ~(w - 1), a, b);
}

/*
 * What a TLBI does comes from the register database (include/nvarm/sysreg_regs.h): its line
 * gives the kind (NVARM_TLBI_*), the same for the IS/OS/plain and the nXS (FEAT_XS, CRn=9)
 * forms. Stage-2-relevant kinds: IPA, RIPA, S12 (VMALLS12E1), ALL1 (ALLE1) and VMALL1
 * (VMALLE1: stage 1 only, but cached as combined entries under the shadow VMID). VA1 and EL2
 * leave the shadow stage-2 alone.
 */
unsigned nvarm_s2_tlbi_kind(uint32_t enc)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_sysreg_lookup(enc));

	return d && (d->flags & NVARM_SRF_TLBI) ? NVARM_SRF_TLBI_KIND_OF(d->flags) : 0;
}

/*
 * Range of an RIPAS2E1/RIPAS2LE1 operand (Arm ARM C5.5 "TLBI RIPAS2E1", D8.17.6 "TLB range
 * maintenance instructions"): TG [47:46] (00 reserved, 01 4K, 10 16K, 11 64K), SCALE [45:44],
 * NUM [43:39], TTL [38:37] (a level hint only), BaseADDR [36:0]. The range is
 * (NUM + 1) * 2^(5 * SCALE + 1) granules from BaseADDR, which counts granules, or 64K units
 * when VTCR_EL2.DS = 1 (FEAT_LPA2, 52-bit IPAs with the 4K/16K granules). Returns [a, b), or
 * false for a reserved TG (the caller then invalidates the whole VMID: more than required).
 */
bool nvarm_s2_ripa_range(uint64_t xt, bool ds, uint64_t *a, uint64_t *b)
{
	static const uint8_t tg_shift[4] = {0, 12, 14, 16};
	unsigned tg = (unsigned)NVARM_FIELD_GET(xt, 47, 46);
	unsigned scale = (unsigned)NVARM_FIELD_GET(xt, 45, 44);
	unsigned num = (unsigned)NVARM_FIELD_GET(xt, 43, 39);
	uint64_t pages;

	if (!tg)
		return false;
	/* at most 32 << 16 granules of 64K: 2^37 bytes; BaseADDR << 16 < 2^53: no overflow */
	pages = (uint64_t)(num + 1) << (5 * scale + 1);
	*a = NVARM_FIELD_GET(xt, 36, 0) << (ds ? 16 : tg_shift[tg]);
	*b = *a + (pages << tg_shift[tg]);
	return true;
}

int nvarm_s2mmu_tlbi(struct nvarm_s2mmu *s, uint32_t enc, uint64_t xt,
		     const struct nvarm_s2mmu_l1_regs *l1)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	unsigned op;
	int removed = 0;
	uint16_t vmid;

	if (!s || !l1)
		return NVARM_ERR_INVAL;
	op = nvarm_s2_tlbi_kind(enc);
	if (op != NVARM_TLBI_IPA && op != NVARM_TLBI_RIPA && op != NVARM_TLBI_S12 &&
	    op != NVARM_TLBI_ALL1 && op != NVARM_TLBI_VMALL1)
		return 0;
	vmid = l1_vmid(l1);
	lock(s);
	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		struct mmu_rec *m = &mmus(s)[i];
		uint64_t a, b;
		if (!m->root || (op != NVARM_TLBI_ALL1 && m->vmid != vmid))
			continue;
		m->gh.level = S2_HINT_NONE; /* L1 may have changed table descriptors */
		m->gen++;		    /* faults in flight on it redo their walk */
		switch (op) {
		case NVARM_TLBI_IPA:
			/* Xt[39:36] = IPA[51:48], Xt[35:0] = IPA[47:12]; TTL [47:44] only a hint.
			 */
			a = NVARM_FIELD_GET(xt, 39, 0) << 12;
			removed += mmu_inval_range(s, i, a, a + 1);
			break;
		case NVARM_TLBI_RIPA:
			if (nvarm_s2_ripa_range(xt, m->wp.ds, &a, &b)) {
				removed += mmu_inval_range(s, i, a, b);
				break;
			}
			/* reserved TG: the whole VMID */
			__attribute__((__fallthrough__));
		case NVARM_TLBI_S12:
		case NVARM_TLBI_ALL1:
			removed += (int)m->leaves;
			mmu_flush(s, i);
			break;
		default: /* VMALLE1: stage-1 only; the hardware TLB of the shadow VMID */
			tlbi_all(s, i);
			break;
		}
	}
	unlock(s);
	return removed;
}

/* ------------------------------------------------------- host-side changes */

/* Remove (or count) the leaves whose L1 IPA range intersects [a, b) via the reverse map. */
enum host_act { H_COUNT, H_REMOVE, H_WRPROTECT };

/* Apply @act to one matched leaf; returns 1 when it counts. */
static int host_leaf(struct nvarm_s2mmu *s, uint32_t page, unsigned slot, int lv, int act)
{
	struct slot_ref r = {page, slot, lv, page_va(s, page)};
	struct pmeta *p = pm(s, page);

	if (act == H_REMOVE) {
		leaf_remove(s, p->owner, &r);
		if (!p->live)
			nvarm_s2_page_emptied(s, page);
	} else if (act == H_WRPROTECT) {
		if (!(r.tbl[slot] & NVARM_S2D_S2AP_W))
			return 0;
		/* A permission reduction needs no break-before-make, only the TLBI. */
		r.tbl[slot] &= ~(uint64_t)NVARM_S2D_S2AP_W;
		tlbi_ipa(s, p->owner, p->base + ((uint64_t)slot << level_shift(s, lv)), lv);
	}
	return 1;
}

static int host_range(struct nvarm_s2mmu *s, uint64_t a, uint64_t b, int act)
{
	int count = 0;

	for (int lv = s->root_level; lv <= 3; lv++) {
		unsigned sh = level_shift(s, lv);
		uint64_t first, last;

		if (!host_allows_leaf(s, lv))
			continue;
		first = a >> sh;
		last = (b - 1) >> sh;
		if (last - first >= s->cfg.rmap_entries) {
			/* More blocks than nodes: scan the nodes instead. */
			for (uint32_t n = 1; n < s->cfg.rmap_entries; n++) {
				struct rnode *node = rn(s, n);
				uint32_t s1 = rn_slot1(node);
				if (!s1)
					continue;
				uint32_t page = (s1 - 1) >> s->slots_shift;
				if (pm(s, page)->level != lv)
					continue;
				uint64_t f = rn_frame(node) << 12;
				if (f + (UINT64_C(1) << sh) <= a || f >= b)
					continue;
				count += host_leaf(s, page, (s1 - 1) & ((1u << s->slots_shift) - 1),
						   lv, act);
			}
			continue;
		}
		for (uint64_t blk = first; blk <= last; blk++) {
			uint64_t frame = (blk << sh) >> 12;
			uint32_t bk = bucket_of(s, frame, lv), cur = rn_bhead(rn(s, bk));
			while (cur) {
				struct rnode *node = rn(s, cur);
				uint32_t next = rn_inext(node), s1 = rn_slot1(node);
				uint32_t page = (s1 - 1) >> s->slots_shift;
				if (rn_frame(node) == frame && pm(s, page)->level == lv) {
					count += host_leaf(s, page,
							   (s1 - 1) & ((1u << s->slots_shift) - 1),
							   lv, act);
				}
				cur = next;
			}
		}
	}
	return count;
}

static int host_op(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size, int act)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	int n;
	uint64_t end;

	if (!s || !size)
		return NVARM_ERR_INVAL;
	end = ipa.v + size;
	if (end < ipa.v || (end >> 52))
		end = UINT64_C(1) << 52;
	if (ipa.v >= end)
		return 0;
	lock(s);
	s->inval_gen++; /* faults in flight may hold L0's old answer: they redo it */
	n = host_range(s, ipa.v, end, act);
	unlock(s);
	return n;
}

int nvarm_s2mmu_host_unmap(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size)
{
	return host_op(s, ipa, size, H_REMOVE);
}

int nvarm_s2mmu_host_age(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size, bool clear)
{
	return host_op(s, ipa, size, clear ? H_REMOVE : H_COUNT);
}

int nvarm_s2mmu_host_wrprotect(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size)
{
	return host_op(s, ipa, size, H_WRPROTECT);
}

int nvarm_s2mmu_set_running(struct nvarm_s2mmu *s, int mmu, bool running)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	int rc = NVARM_OK;

	if (!s || mmu < 0 || mmu >= (int)s->cfg.max_mmus)
		return NVARM_ERR_INVAL;
	lock(s);
	struct mmu_rec *m = &mmus(s)[mmu];
	if (!m->root || (running ? m->running == 0xff : m->running == 0))
		rc = NVARM_ERR_STATE;
	else
		m->running = (uint8_t)(running ? m->running + 1 : m->running - 1);
	unlock(s);
	return rc;
}
