// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 MMU cache: one shadow MMU per L1 stage-2 configuration (VTTBR_EL2 BADDR and
 * VMID, VTCR_EL2, endianness, FWB, HCR_EL2.VM), found through a hash of those, created on
 * first use with a root (1..16 concatenated pages, by the geometry mmu_pick_geo() gives it:
 * the format its L1 stage 2 needs), recycled least recently
 * used when every record is in use, and marked running on the CPUs that run L2 on it
 * (nvarm_s2mmu_get_running(), nvarm_s2mmu_set_running()): a running MMU is never recycled.
 *
 * Owns: the MMU records' identity (baddr, vmid, vtcr, flags), their hash chains
 * (mmu_heads(), mmu_rec.hnext), the running counts and the LRU stamps. Emptying and
 * destroying an MMU's tables is table.c's; finding a root page when the pool is empty is
 * reclaim.c's.
 *
 * Locking: every entry point holds the context lock (ops->lock) around its whole work; one
 * that creates or recycles an MMU also takes the lanes (lanes_lock()): it changes tables.
 */
#include "s2mmu_internal.h"

static bool mmu_recycle_lru(struct nvarm_s2mmu *s, int keep)
{
	/* a fault that pinned the victim without the lock meanwhile makes it busy: next one */
	for (unsigned tries = 0; tries <= s->cfg.max_mmus; tries++) {
		int best = -1;

		for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
			struct mmu_rec *m = &mmus(s)[i];
			if (!m->root || (int)i == keep || mmu_busy(s, m))
				continue;
			if (best < 0 || (int32_t)(m->stamp - mmus(s)[best].stamp) < 0)
				best = (int)i;
		}
		if (best < 0)
			return false;
		if (nvarm_s2_mmu_destroy(s, (unsigned)best))
			return true;
	}
	return false;
}

static void fill_hw(const struct nvarm_s2mmu *s, unsigned i, struct nvarm_s2mmu_hw *hw)
{
	const struct s2_granule *g = nvarm_s2_granule_by_shift(gshift(s));
	const struct mmu_rec *m = &((const struct mmu_rec *)s->mmus)[i];
	unsigned sl0 = 0, ps = 0;

	const struct nvarm_s2mmu_geo *gm = mmu_geo(s, m);
	bool ds = gm->oa_fmt == NVARM_S2_OA_DS;
	uint64_t root = page_pa(s, m->root - 1);

	for (unsigned k = 0; k < 4; k++)
		if (g->sl0_level[k] == gm->root_level &&
		    (!g->sl0_feat[k] || (ds && g->sl0_feat[k] == S2_SL0_FEAT_DS)))
			sl0 = k;
	for (unsigned k = 0; k < 7; k++)
		if (nvarm_s2_ps_bits(k) == gm->pa_bits)
			ps = k;
	/* VTTBR_EL2.BADDR: [47:1], and with 52-bit descriptors BADDR[51:48] in bits [5:2] (the
	 * root is page aligned, so bits [5:2] are free; Arm ARM D24.2 VTTBR_EL2) */
	if (gm->oa_fmt != NVARM_S2_OA_48)
		root = (root & NVARM_GENMASK(47, 6)) | (NVARM_FIELD_GET(root, 51, 48) << 2);
	hw->vttbr = root | ((uint64_t)hw_vmid(s, i) << NVARM_VTTBR_VMID_SHIFT);
	hw->vtcr = (uint64_t)(64 - gm->ia_bits) | (uint64_t)sl0 << NVARM_VTCR_SL0_SHIFT |
		   (uint64_t)1 << NVARM_VTCR_IRGN0_SHIFT | (uint64_t)1 << NVARM_VTCR_ORGN0_SHIFT |
		   (uint64_t)mmu_sh0(s, m) << NVARM_VTCR_SH0_SHIFT |
		   (uint64_t)g->tg0 << NVARM_VTCR_TG0_SHIFT | (uint64_t)ps << NVARM_VTCR_PS_SHIFT |
		   (uint64_t)(ds ? 1 : 0) << NVARM_VTCR_DS_SHIFT;
	if ((unsigned)s->cfg.hw_vmid_base + s->cfg.max_mmus > 256)
		hw->vtcr |= NVARM_VTCR_VS;
}

/*
 * The geometry (nvarm_s2mmu::geo index) of a new MMU for L1's stage 2 @wp: on a 52-bit host
 * the 48-bit format (geo[1]: per-leaf shareability, VTCR_EL2.DS=0) unless L1's stage 2 needs
 * 52-bit addresses: L1 runs VTCR_EL2.DS=1, or 64K pages with a 52-bit PS (FEAT_LPA), or an
 * IPA size above 48 bits (with L1's stage 2 off, L1's PA range), or wider than geo[1] takes
 * where geo[0] takes more (48-bit IPAs on a 16K host: 47 bits without DS). Also geo[0] when
 * the pool reaches above 2^48 (narrow_ok clear). An invalid configuration faults every
 * walk: either serves.
 */
static uint8_t mmu_pick_geo(const struct nvarm_s2mmu *s, const struct s2_walk_prep *wp)
{
	unsigned ia;

	if (!s->narrow_ok)
		return 0;
	if (wp->off) {
		ia = s->cfg.guest.pa_bits; /* (VTCR_EL2 unused: whatever it holds) */
	} else {
		if (!wp->ok)
			return 1;
		if (wp->ds || wp->lpa64k)
			return 0;
		ia = wp->ia_bits;
	}
	if (ia > 48)
		return 0;
	return ia <= s->geo[1].ia_bits || s->geo[1].ia_bits == s->geo[0].ia_bits;
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
	/*
	 * The context lock alone finds an MMU and marks it (hash, running count, LRU stamp: no
	 * lane install reads those); creating one (root pages, reclaim, recycling) needs the whole
	 * state, so the lanes are taken (and drained) only then.
	 */
	ctx_lock(s);
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
		lanes_lock(s);
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
		struct s2_walk_prep wp;
		nvarm_s2_walk_prepare(&s->cfg.guest, l1, &wp);
		uint8_t gi = mmu_pick_geo(s, &wp);
		const struct nvarm_s2mmu_geo *gm = &s->geo[gi];
		/*
		 * A root (the geometry's root_pages contiguous pages): reclaim from idle MMUs
		 * first, then from running ones; when the free pages are not contiguous, make a
		 * run free.
		 */
		if (s->free_pages < gm->root_pages && s->npages)
			nvarm_s2_reclaim(s, -1, gm->root_pages, false, NULL);
		uint32_t root = nvarm_s2_root_alloc(s, i, gm);
		if (!root && s->npages && !nvarm_s2_root_reclaim(s, (int)i, gm))
			root = nvarm_s2_root_alloc(s, i, gm);
		if (!root) {
			unlock(s);
			return NVARM_ERR_AGAIN;
		}
		struct mmu_rec *m = &mmus(s)[i];
		/* not inflight / live: lock-free faults may touch those of a free record */
		nvarm_memset(m, 0, offsetof(struct mmu_rec, live));
		m->baddr = baddr;
		m->vmid = vmid;
		m->vtcr = l1->vtcr;
		m->flags = flags;
		m->root = root;
		m->gi = gi;
		nvarm_memcpy(&m->wp, &wp, sizeof(wp));
		scache_drop(m);
		head = &mmu_heads(s)[mmu_hash(s, baddr, vmid, l1->vtcr)];
		m->hnext = *head;
		*head = (uint16_t)(i + 1);
		/* last: a fault that pins it from now on reads everything above */
		__atomic_store_n(&m->live, 1, __ATOMIC_RELEASE);
		found = (int)i;
		lanes_unlock(s);
	}
	if (run) {
		/* In the same critical section: no other CPU can recycle it in between. */
		if (mmus(s)[found].running == 0xff) {
			ctx_unlock(s);
			return NVARM_ERR_STATE;
		}
		mmus(s)[found].running++;
	}
	mmus(s)[found].stamp = ++s->stamp;
	fill_hw(s, (unsigned)found, hw);
	ctx_unlock(s);
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

int nvarm_s2mmu_set_running(struct nvarm_s2mmu *s, int mmu, bool running)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	int rc = NVARM_OK;

	if (!s || mmu < 0 || mmu >= (int)s->cfg.max_mmus)
		return NVARM_ERR_INVAL;
	ctx_lock(s); /* the running count is the context lock's (no lane install reads it) */
	struct mmu_rec *m = &mmus(s)[mmu];
	if (!m->root || (running ? m->running == 0xff : m->running == 0))
		rc = NVARM_ERR_STATE;
	else
		m->running = (uint8_t)(running ? m->running + 1 : m->running - 1);
	ctx_unlock(s);
	return rc;
}
