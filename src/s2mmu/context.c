// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 context: nvarm_s2mmu_init() (checks the configuration, lays out the state
 * buffer: MMU records, page metadata, reverse-map nodes, fault lanes), nvarm_s2mmu_mem_bytes() and
 * nvarm_s2mmu_stats().
 *
 * Owns: the geometry fixed at init (slots_shift, lshift, leaf_levels, the two MMU geometries
 * geo[]: root level, bits and pages, descriptor format; narrow_ok's initial value)
 * and the layout of the state buffer; nothing here changes after init.
 */
#include "s2mmu_internal.h"

size_t nvarm_s2mmu_mem_bytes(unsigned max_mmus, uint32_t max_pool_pages, uint32_t rmap_entries)
{
	return NVARM_S2MMU_MEM_BYTES(max_mmus, max_pool_pages, rmap_entries);
}

/*
 * The geometry of MMUs with @ia input and @pa output bits (52: the 52-bit format of granule
 * @g). Start level: the one with the fewest levels whose root resolves 1..stride + c bits,
 * c = log2 of the most concatenated root pages allowed (@max_root; Arm ARM D8.2 "Translation
 * tables": up to 16 tables concatenated at the stage-2 initial lookup level; the
 * AArch64.S2InconsistentSL rule), and that VTCR_EL2.SL0 encodes without a feature, or with
 * DS=1 (4K level 0 with 16 tables covers 52 bits: SL2 and level -1 are not used). False when
 * no level fits.
 */
static bool geo_init(const struct nvarm_s2mmu *s, const struct s2_granule *g, unsigned ia,
		     unsigned pa, unsigned max_root, struct nvarm_s2mmu_geo *gm)
{
	unsigned st = s->slots_shift, cbits = 0;

	gm->oa_fmt = pa != 52 ? NVARM_S2_OA_48 : g->shift == 16 ? NVARM_S2_OA_LPA : NVARM_S2_OA_DS;
	gm->oa_mask = NVARM_GENMASK(gm->oa_fmt == NVARM_S2_OA_DS ? 49 : 47, g->shift);
	gm->ia_bits = (uint8_t)ia;
	gm->pa_bits = (uint8_t)pa;
	while (cbits < 4 && (1u << cbits) < max_root)
		cbits++;
	for (int level = 3; level >= 0; level--) {
		int span = (int)ia - (int)(g->shift + (unsigned)(3 - level) * st);
		bool sl0_ok = false;

		for (unsigned k = 0; k < 4; k++)
			sl0_ok |= g->sl0_level[k] == level &&
				  (!g->sl0_feat[k] || (g->sl0_feat[k] == S2_SL0_FEAT_DS &&
						       gm->oa_fmt == NVARM_S2_OA_DS));
		if (sl0_ok && span >= 1 && span <= (int)(st + cbits)) {
			gm->root_level = (int8_t)level;
			gm->root_bits = (uint8_t)span;
			gm->root_pages =
			    (uint8_t)(span > (int)st ? 1u << ((unsigned)span - st) : 1u);
			return true;
		}
	}
	return false;
}

int nvarm_s2mmu_init(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_config *cfg)
{
	const struct nvarm_platform_ops *ops;
	const struct s2_granule *g;
	unsigned st, max_root;
	int level;

	if (!s || !cfg || !cfg->ops)
		return NVARM_ERR_INVAL;
	ops = cfg->ops;
	if (!cfg->mem || ((uintptr_t)cfg->mem & 7))
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: mem (NULL or not 8-aligned)");
	if (!ops->read_l1)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: ops->read_l1 missing");
	if (!ops->host_s2_lookup)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: ops->host_s2_lookup missing");
	if (!ops->pa_to_va)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: ops->pa_to_va missing");
	if (!ops->tlbi)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: ops->tlbi missing");
	g = nvarm_s2_granule_by_shift(cfg->host_granule_shift);
	if (!g)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: host_granule_shift (12, 14 or 16)");
	if (cfg->max_mmus < 1 || cfg->max_mmus > NVARM_S2MMU_MAX_MMUS)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: max_mmus out of range");
	if (cfg->rmap_entries < 2 || cfg->rmap_entries > NVARM_S2MMU_MAX_RMAP)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: rmap_entries out of range");
	/*
	 * A 52-bit PS means 52-bit descriptors (VTCR_EL2.DS=1 with 4K/16K, FEAT_LPA's layout with
	 * 64K) and allows inputs up to 52 bits; else 48 (47 with 16K: no start level 0 without
	 * DS). An input wider than the output is refused: the IPA size may not exceed PS (QEMU
	 * faults every walk then; Arm ARM D8.1.3: CONSTRAINED UNPREDICTABLE).
	 */
	bool wide = cfg->host_pa_bits == 52;
	if (cfg->host_ia_bits < 32 || cfg->host_ia_bits > (wide ? 52 : 48) ||
	    (!wide && g->shift == 14 && cfg->host_ia_bits > 47) ||
	    (cfg->host_ia_bits > 48 && cfg->host_ia_bits > cfg->host_pa_bits))
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: host_ia_bits out of range");
	if (cfg->host_pa_bits < 32 || (cfg->host_pa_bits > 48 && !wide))
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: host_pa_bits out of range");
	max_root = cfg->max_root_pages ? cfg->max_root_pages : 16;
	if (max_root > 16 || (max_root & (max_root - 1)))
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: max_root_pages (0, 1, 2, 4, 8 or 16)");
	if (cfg->fault_around > NVARM_S2MMU_MAX_FAULT_AROUND ||
	    (cfg->fault_around & (cfg->fault_around - 1)))
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_INVAL,
		    "nvarm_s2mmu_init: fault_around (0 or a power of two up to 64)");
	if ((unsigned)cfg->hw_vmid_base + cfg->max_mmus > 65536)
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_INVAL,
		    "nvarm_s2mmu_init: hw_vmid_base + max_mmus beyond 16 bits");
	if ((uint64_t)cfg->max_pool_pages << (g->shift - 3) >= (UINT64_C(1) << 28) - 1)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: max_pool_pages too large");
	if (cfg->mem_size <
	    nvarm_s2mmu_mem_bytes(cfg->max_mmus, cfg->max_pool_pages, cfg->rmap_entries))
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_NOMEM,
		    "nvarm_s2mmu_init: mem_size below nvarm_s2mmu_mem_bytes()");
	bool ps_ok = false, gps_ok = false;
	for (unsigned k = 0; k < 7; k++) {
		ps_ok |= nvarm_s2_ps_bits(k) == cfg->host_pa_bits;
		gps_ok |= nvarm_s2_ps_bits(k) == cfg->guest.pa_bits;
	}
	if (!ps_ok)
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_INVAL,
					  "nvarm_s2mmu_init: host_pa_bits not a PARange size");
	/* what L1 was told (its ID_AA64MMFR0_EL1): required, no silent default */
	if (!gps_ok)
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_INVAL,
		    "nvarm_s2mmu_init: guest.pa_bits not a PARange size (32..52)");
	if (!(cfg->guest.granules & (NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K)) ||
	    (cfg->guest.granules & ~(NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K)))
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_INVAL,
		    "nvarm_s2mmu_init: guest.granules (NVARM_S2MMU_G* flags, not 0)");

	nvarm_memset(s, 0, sizeof(*s));
	nvarm_memcpy(&s->cfg, cfg, sizeof(*cfg)); /* (an assignment may call memcpy) */
	st = g->shift - 3;
	s->slots_shift = (uint8_t)st;
	for (level = 0; level < 4; level++)
		s->lshift[level] = (uint8_t)(g->shift + (unsigned)(3 - level) * st);
	/* blocks (those of the 48-bit format; never larger than L0's 2M-or-so ones anyway) and
	 * pages */
	s->leaf_levels = (uint8_t)(g->block_levels | (1u << 4));
	if (!geo_init(s, g, cfg->host_ia_bits, cfg->host_pa_bits, max_root, &s->geo[0])) {
		s->mmus = NULL;
		return nvarm_s2_cfg_error(
		    cfg, NVARM_ERR_INVAL,
		    "nvarm_s2mmu_init: host_ia_bits needs more root pages than max_root_pages");
	}
	/*
	 * A 52-bit host also has the 48-bit format, for the MMUs whose L1 stage 2 needs no 52-bit
	 * address (mmu.c, mmu_pick_geo()): its descriptors carry each leaf's shareability, which
	 * DS=1 descriptors cannot. Inputs up to 48 bits (47 with 16K: no level-0 start without
	 * DS), 1 root page with 4K where 52 bits take 16.
	 */
	s->geo[1] = s->geo[0];
	if (wide) {
		unsigned ia = cfg->host_ia_bits > 48 ? 48 : cfg->host_ia_bits;
		if (g->shift == 14 && ia > 47)
			ia = 47;
		s->narrow_ok = geo_init(s, g, ia, 48, max_root, &s->geo[1]);
		if (!s->narrow_ok)
			s->geo[1] = s->geo[0];
	}
	/* A fault must be able to hold its whole walk: the root and one table per level. */
	if (cfg->max_pool_pages < nvarm_s2_min_pool_pages(s)) {
		s->mmus = NULL;
		return nvarm_s2_cfg_error(cfg, NVARM_ERR_NOMEM,
					  "nvarm_s2mmu_init: max_pool_pages below the minimum "
					  "(root pages + lower levels)");
	}
	s->mmus = cfg->mem;
	s->pages = (uint8_t *)cfg->mem + (size_t)cfg->max_mmus * NVARM_S2MMU_MMU_BYTES;
	s->rmap = (uint8_t *)s->pages + (size_t)cfg->max_pool_pages * NVARM_S2MMU_PAGE_META_BYTES;
	nvarm_memset(cfg->mem, 0,
		     nvarm_s2mmu_mem_bytes(cfg->max_mmus, cfg->max_pool_pages, cfg->rmap_entries));
	/* the lanes last, each on its own cache lines (the slack in the size allows for it) */
	uintptr_t la = (uintptr_t)((uint8_t *)s->rmap +
				   (size_t)cfg->rmap_entries * NVARM_S2MMU_RMAP_BYTES_PER_ENTRY);
	la = (la + NVARM_S2MMU_LANE_ALIGN - 1) & ~(uintptr_t)(NVARM_S2MMU_LANE_ALIGN - 1);
	s->lanes = (void *)la;
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
	/* (the lock drains the lanes: the one write a report makes, to state it does not own) */
	struct nvarm_s2mmu *w = (struct nvarm_s2mmu *)(uintptr_t)s;
	lock(w);
	for (unsigned k = 0; k < NVARM_S2MMU_LANES; k++)
		st->lane_installs += lane_at(s, k)->installs;
	for (unsigned i = 0; i < s->cfg.max_mmus; i++)
		if (((const struct mmu_rec *)s->mmus)[i].root)
			st->mmus++;
	st->table_pages = s->table_pages;
	st->free_pages = s->free_pages;
	st->leaves = s->rmap_used;
	st->rmap_bytes = NVARM_S2MMU_RMAP_BYTES_PER_ENTRY;
	st->min_pool_pages = nvarm_s2_min_pool_pages(s);
	st->root_pages = s->geo[0].root_pages;
	st->levels = (uint32_t)(4 - s->geo[0].root_level);
	st->reclaim_passes = s->reclaim_passes;
	st->reclaim_pages = s->reclaim_pages;
	st->reclaim_leaves = s->reclaim_leaves;
	st->fault_retries = s->fault_retries;
	st->fault_around_leaves = s->fault_around_leaves;
	unlock(w);
	return NVARM_OK;
}
