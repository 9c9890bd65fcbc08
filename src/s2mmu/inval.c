// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 invalidation: L1's TLB maintenance (nvarm_s2mmu_tlbi(): by IPA, by IPA
 * range, VMID-wide, all VMIDs) walks the shadow tables of the MMUs the TLBI reaches and
 * removes the leaves made from the invalidated L1 translations; L0's stage-2 changes
 * (nvarm_s2mmu_host_unmap(), _age(), _wrprotect()) find their leaves through the reverse map.
 * Every removal clears the descriptor and invalidates the hardware TLB (ops->tlbi) before
 * the call returns, and bumps the generation a racing fault checks (see fault.c).
 *
 * Locking: every entry point holds the context's lock around its whole work, with the lanes
 * (s2mmu_internal.h): all the open ones, drained, but for a TLBI by IPA or range, which holds
 * only the lanes of the windows it removes leaves in (tlbi_lanes(), lanes_lock_some()) and
 * touches nothing else a lane install reads or writes; by range (valid TG) it does not drain
 * them (their pending leaves in the range go back to their reserves:
 * nvarm_s2_lanes_pend_remove()), and over several lane units it takes the context lock once
 * per unit, with that unit's lane (tlbi_pieces()).
 */
#include "s2mmu_internal.h"
#include <nvarm/sysreg.h>

/*
 * Remove the leaves of MMU @mmu in [lo, hi) under root page @page whose L1 translation range
 * (the L1 leaf they came from, or the shadow leaf if larger) intersects [a, b), hi no larger
 * than 2^ia_bits of the MMU's geometry. Iterative walk with an explicit
 * stack (depth <= 4); pages whose leaves were cleared get their reverse-map list pruned when
 * the walk leaves them, so the cost is linear in the populated part of the window.
 */
static int page_remove(struct nvarm_s2mmu *s, unsigned mmu, uint32_t page, uint64_t lo, uint64_t hi,
		       uint64_t a, uint64_t b, int from)
{
	uint32_t pg[5];
	unsigned idx[5];
	bool dirty[5];
	uint64_t *tb[5];
	int depth = 0, removed = 0;
	uint64_t base = pm(s, page)->base;
	const struct nvarm_s2mmu_geo *gm = mmu_geo(s, &mmus(s)[mmu]);

	pg[0] = page;
	tb[0] = page_va(s, pg[0]);
	idx[0] = lo > base ? (unsigned)((lo - base) >> level_shift(s, gm->root_level)) : 0;
	dirty[0] = false;
	while (depth >= 0) {
		int level = gm->root_level + depth;
		unsigned sh = level_shift(s, level);
		struct pmeta *p = pm(s, pg[depth]);
		uint64_t va = p->base + ((uint64_t)idx[depth] << sh);

		if (idx[depth] >= (1u << page_slots_bits(s, gm, level)) || va >= hi) {
			if (dirty[depth]) {
				nvarm_s2_rmap_prune_page(s, pg[depth], tb[depth]);
				if (!p->live)
					nvarm_s2_page_emptied(s,
							      pg[depth]); /* after TLBI removals */
			}
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
			/*
			 * (a leaf table with no leaf on the reverse map: its leaves, if any, are
			 * pending in its lane, which nvarm_s2_lanes_pend_remove() has dealt with)
			 */
			if (!np || (level + 1 == 3 && !pm(s, np - 1)->live)) {
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
		unsigned g = nvarm_s2_g_shift_tab[NVARM_FIELD_GET(d, 58, 55)];
		unsigned e = g > sh ? g : sh;
		uint64_t ea = va & ~((UINT64_C(1) << e) - 1), eb = ea + (UINT64_C(1) << e);
		if (ea < b && a < eb && level >= from) {
			tb[depth][idx[depth]] = 0;
			p->live--;
			tlbi_ipa(s, mmu, va, level);
			dirty[depth] = true;
			removed++;
		}
		idx[depth]++;
	}
	return removed;
}

/* page_remove() over the root pages (1..16 concatenated) that [lo, hi) reaches. */
static int range_remove(struct nvarm_s2mmu *s, unsigned mmu, uint64_t lo, uint64_t hi, uint64_t a,
			uint64_t b, int from)
{
	const struct nvarm_s2mmu_geo *gm = mmu_geo(s, &mmus(s)[mmu]);
	uint64_t top = UINT64_C(1) << gm->ia_bits;
	unsigned psh = level_shift(s, gm->root_level) + s->slots_shift;
	uint32_t root = mmus(s)[mmu].root - 1;
	int removed = 0;

	if (hi > top)
		hi = top;
	if (lo >= hi)
		return 0;
	for (uint64_t k = lo >> psh; k <= (hi - 1) >> psh && k < gm->root_pages; k++)
		removed += page_remove(s, mmu, root + (uint32_t)k, lo, hi, a, b, from);
	/* once, not per leaf: faults on other lanes read the record's line meanwhile */
	mmus(s)[mmu].leaves -= (uint32_t)removed;
	return removed;
}

/*
 * The L2 IPAs whose leaves a TLBI of [a, b) in MMU @m may remove: [a, b) widened to the largest
 * leaf the MMU has held (L1's or the shadow's, max_g), so every leaf meeting [a, b) lies
 * inside whole.
 */
static void inval_window(const struct nvarm_s2mmu *s, const struct mmu_rec *m, uint64_t a,
			 uint64_t b, uint64_t *lo, uint64_t *hi)
{
	uint64_t w = UINT64_C(1) << (m->max_g ? m->max_g : gshift(s));

	*lo = a & ~(w - 1);
	*hi = (b + w - 1) & ~(w - 1);
}

/* Invalidate L2 IPA range [a, b) in MMU mmu (TLBI by IPA semantics). */
static int mmu_inval_range(struct nvarm_s2mmu *s, unsigned mmu, uint64_t a, uint64_t b)
{
	struct mmu_rec *m = &mmus(s)[mmu];
	uint64_t lo, hi;

	if (!m->root || !m->leaves)
		return 0;
	inval_window(s, m, a, b, &lo, &hi);
	return range_remove(s, mmu, lo, hi, a, b, mmu_geo(s, m)->root_level);
}

/* Lane units (leaf tables' spans) a TLBI by range may take in pieces (tlbi_pieces()). */
#define TLBI_PIECES_MAX 256

/* The pending lane installs of @mmu in [a, b): removed under the lane locks held (moved here
 * from rmap.c: it needs the tables and reclaim, which rmap.c must not). */
int nvarm_s2_lanes_pend_remove(struct nvarm_s2mmu *s, unsigned mmu, uint64_t a, uint64_t b)
{
	unsigned g = gshift(s), l3 = s->slots_shift;
	int removed = 0;

	for (uint32_t held = s->lanes_held; held; held &= held - 1) {
		struct s2_lane *l = lane_at(s, (unsigned)__builtin_ctz(held));
		struct s2_pend *pe = lane_pend(s, l);
		uint32_t *res = lane_res(s, l), j = 0, last = ~(uint32_t)0;
		uint32_t emptied[4];
		unsigned ne = 0;
		/* the table of the entry before (a lane's installs come in runs of one table) */
		uint32_t tpage = ~(uint32_t)0;
		uint64_t *tbl = NULL, base = 0;
		bool other = true, inside = false;

		for (uint32_t i = 0; i < l->npend; i++) {
			uint32_t page = (pe[i].slot1 - 1) >> l3;
			unsigned slot = (pe[i].slot1 - 1) & ((1u << l3) - 1);
			if (page != tpage) {
				const struct pmeta *p = pm(s, page);
				tpage = page;
				tbl = page_va(s, page);
				base = p->base;
				other = p->owner != mmu;
				/* the whole table in [a, b): so is every leaf in it */
				inside = base >= a && base + (UINT64_C(1) << (l3 + g)) <= b;
			}
			if (other) {
				pe[j++] = pe[i];
				continue;
			}
			uint64_t va = base + ((uint64_t)slot << g);
			NVARM_ASSERT(tbl[slot] & 1);
			if (!inside) {
				uint64_t d = tbl[slot];
				unsigned e = nvarm_s2_g_shift_tab[NVARM_FIELD_GET(d, 58, 55)];
				if (e < g)
					e = g;
				uint64_t ea = va & ~((UINT64_C(1) << e) - 1),
					 eb = ea + (UINT64_C(1) << e);
				if (!(ea < b && a < eb)) {
					pe[j++] = pe[i];
					continue;
				}
			}
			/* made and unmade under lane locks: the node never reaches the map */
			tbl[slot] = 0;
			tlbi_ipa(s, mmu, va, 3);
			res[l->nres++] = pe[i].node;
			removed++;
			if (page != last && ne < 4)
				emptied[ne++] = page;
			last = page;
		}
		l->npend = j;
		/* a table left without a leaf is the first to go when the pool runs short */
		for (unsigned k = 0; k < ne; k++) {
			bool left = false;
			for (uint32_t i = 0; i < j && !left; i++)
				left = (pe[i].slot1 - 1) >> l3 == emptied[k];
			if (!left && !pm(s, emptied[k])->live)
				nvarm_s2_page_emptied(s, emptied[k]);
		}
	}
	return removed;
}

/*
 * A TLBI by range (valid TG) over two to TLBI_PIECES_MAX lane units, when no MMU it reaches
 * has held a leaf larger than one unit (mmu_rec.max_g): remove its leaves one lane unit at a
 * time, each piece holding the context lock and that unit's lane (not drained: its pending
 * installs in the range go back to its reserve), so that the refills, faults and TLBIs of
 * other CPUs wait for one piece, not for the whole range. Called with the context lock alone;
 * returns with nothing held and the leaves removed, or -1 (and the lock still held) when the
 * TLBI does not qualify.
 *
 * Why pieces lose nothing: the first piece bumps the generation of every lane of the range
 * (and drops the reached MMUs' walk caches) before it removes anything. A fault that walked
 * L1 before the bump and installs after it: through the context lock it sees the bump and
 * redoes its walk; through its lane's lock it either installs before the piece of its unit
 * takes that lock (and the piece removes the leaf, pending or filed) or after that piece has
 * released it, and then sees the bump (the piece's release orders it). Leaves installed
 * after the bump come from L1's tables as they are now: a later piece may remove them too
 * (more than required), but never one above level 2 (any such leaf is new: max_g said none
 * was there), which would span other lanes' units. Every leaf is removed and its TLB entry
 * invalidated (ops->tlbi, with the context lock held) before the call returns.
 */

static int tlbi_pieces(struct nvarm_s2mmu *s, uint64_t xt, uint16_t vmid)
{
	unsigned sh2 = level_shift(s, 2);
	/* (geo[0]: the larger input and the lower start level of the two geometries) */
	uint64_t lo = UINT64_MAX, hi = 0, top = UINT64_C(1) << s->geo[0].ia_bits;
	int removed = 0;

	if (s->geo[0].root_level > 2 || s->geo[1].root_level > 2)
		return -1;
	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		const struct mmu_rec *m = &mmus(s)[i];
		uint64_t a, b, l, h;
		if (!m->root || m->vmid != vmid)
			continue;
		if (m->max_g > sh2 || !nvarm_s2_ripa_range(xt, m->wp.ds, &a, &b))
			return -1;
		inval_window(s, m, a, b, &l, &h);
		lo = l < lo ? l : lo;
		hi = h > hi ? h : hi;
	}
	if (hi > top)
		hi = top;
	if (lo >= hi || ((hi - 1) >> sh2) == (lo >> sh2) ||
	    ((hi - 1) >> sh2) - (lo >> sh2) >= TLBI_PIECES_MAX)
		return -1;
	for (uint32_t w = lanes_cover(s, lo, hi); w; w &= w - 1)
		gen_bump(&lane_at(s, (unsigned)__builtin_ctz(w))->gen);
	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		struct mmu_rec *m = &mmus(s)[i];
		if (m->root && m->vmid == vmid)
			gh_drop(m); /* L1 may have changed table descriptors */
	}
	for (uint64_t u = lo >> sh2; u <= (hi - 1) >> sh2; u++) {
		uint64_t c0 = u << sh2, c1 = c0 + (UINT64_C(1) << sh2);
		if (u != lo >> sh2)
			ctx_lock(s);
		lanes_lock_some(s, 1u << (u & (NVARM_S2MMU_LANES - 1)), false);
		for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
			struct mmu_rec *m = &mmus(s)[i];
			uint64_t a, b, l, h;
			if (!m->root || m->vmid != vmid ||
			    !nvarm_s2_ripa_range(xt, m->wp.ds, &a, &b))
				continue;
			inval_window(s, m, a, b, &l, &h);
			l = l > c0 ? l : c0;
			h = h < c1 ? h : c1;
			if (l >= h)
				continue;
			/* (the lane's pending installs elsewhere in the range go now: early) */
			removed += nvarm_s2_lanes_pend_remove(s, i, a, b);
			if (m->leaves)
				removed += range_remove(s, i, l, h, a, b, 2);
		}
		unlock(s);
	}
	return removed;
}

/*
 * The lanes a TLBI must hold (lanes_lock_some()): those of the windows it removes leaves in,
 * for every MMU it reaches; all of them for one that flushes a whole MMU. Context lock held
 * (max_g and the MMU records change only with it).
 */
static uint32_t tlbi_lanes(const struct nvarm_s2mmu *s, unsigned op, uint64_t xt, uint16_t vmid)
{
	uint32_t want = 0;

	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		const struct mmu_rec *m = &((const struct mmu_rec *)s->mmus)[i];
		uint64_t a, b, lo, hi;
		if (!m->root || (op != NVARM_TLBI_ALL1 && m->vmid != vmid))
			continue;
		if (op == NVARM_TLBI_IPA) {
			a = NVARM_FIELD_GET(xt, 39, 0) << 12;
			b = a + 1;
		} else if (op != NVARM_TLBI_RIPA || !nvarm_s2_ripa_range(xt, m->wp.ds, &a, &b)) {
			return (1u << NVARM_S2MMU_LANES) - 1;
		}
		inval_window(s, m, a, b, &lo, &hi);
		want |= lanes_cover(s, lo, hi);
	}
	return want;
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
	/*
	 * A TLBI by IPA or range takes the context lock and the lanes of what it removes: faults
	 * elsewhere keep installing under their lane locks meanwhile (lanes_lock_some()). The
	 * generation bump below still makes any fault that sees it redo its walk; one in a lane
	 * not held that does not see it is outside the invalidated range, which L1's TLBI leaves
	 * alone (L1 must TLBI whatever its change affects: a changed table descriptor included).
	 */
	ctx_lock(s);
	if (op == NVARM_TLBI_RIPA && NVARM_FIELD_GET(xt, 47, 46) &&
	    (removed = tlbi_pieces(s, xt, vmid)) >= 0)
		return removed; /* (the lock is dropped) */
	removed = 0;
	uint32_t want = tlbi_lanes(s, op, xt, vmid);
	bool ranged =
	    want != (1u << NVARM_S2MMU_LANES) - 1 || op == NVARM_TLBI_IPA || op == NVARM_TLBI_RIPA;
	/*
	 * By range with a valid TG (nothing flushed whole): the lanes keep their pending
	 * installs, and those the TLBI removes never reach the reverse map (their nodes go back
	 * to the lane's reserve), so a leaf that lives from one TLBI to the next in a lane costs
	 * no reverse-map work at all. (By IPA: the lane is drained, as a run of them, one per
	 * page, would otherwise each look through its pending installs.)
	 */
	bool keep = op == NVARM_TLBI_RIPA && NVARM_FIELD_GET(xt, 47, 46);
	lanes_lock_some(s, want, !keep);
	/*
	 * A TLBI by IPA or range makes redo only the faults in flight on the lanes of its windows
	 * (their lane's gen): a fault elsewhere is outside every range it invalidates. The
	 * others bump the MMU's gen (below, or in nvarm_s2_mmu_flush()).
	 */
	for (uint32_t w = ranged ? want : 0; w; w &= w - 1)
		gen_bump(&lane_at(s, (unsigned)__builtin_ctz(w))->gen);
	for (unsigned i = 0; i < s->cfg.max_mmus; i++) {
		struct mmu_rec *m = &mmus(s)[i];
		uint64_t a, b;
		if (!m->root || (op != NVARM_TLBI_ALL1 && m->vmid != vmid))
			continue;
		gh_drop(m); /* L1 may have changed table descriptors */
		if (!ranged)
			gen_bump(&m->gen); /* faults in flight on it redo their walk */
		switch (op) {
		case NVARM_TLBI_IPA:
			/* Xt[39:36] = IPA[51:48], Xt[35:0] = IPA[47:12]; TTL [47:44] only a hint.
			 */
			a = NVARM_FIELD_GET(xt, 39, 0) << 12;
			removed += nvarm_s2_lanes_pend_remove(s, i, a, a + 1);
			removed += mmu_inval_range(s, i, a, a + 1);
			break;
		case NVARM_TLBI_RIPA:
			if (nvarm_s2_ripa_range(xt, m->wp.ds, &a, &b)) {
				removed += nvarm_s2_lanes_pend_remove(s, i, a, b);
				removed += mmu_inval_range(s, i, a, b);
				break;
			}
			NVARM_ASSERT(!keep); /* (keep: a valid TG) */
			/* reserved TG: the whole VMID */
			__attribute__((__fallthrough__));
		case NVARM_TLBI_S12:
		case NVARM_TLBI_ALL1:
			removed += (int)m->leaves;
			nvarm_s2_mmu_flush(s, i);
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

/* Apply @act to one matched leaf, whose reverse-map node is @n; returns 1 when it counts. */
static int host_leaf(struct nvarm_s2mmu *s, uint32_t page, unsigned slot, int lv, int act,
		     uint32_t n)
{
	struct slot_ref r = {page, slot, lv, page_va(s, page)};
	struct pmeta *p = pm(s, page);

	if (act == H_REMOVE) {
		nvarm_s2_slot_remove_node(s, p->owner, &r, n);
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

	for (int lv = s->geo[0].root_level; lv <= 3; lv++) {
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
						   lv, act, n);
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
							   lv, act, cur);
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
	gen_bump(&s->inval_gen); /* faults in flight may hold L0's old answer: they redo it */
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
