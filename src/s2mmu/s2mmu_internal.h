/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Private declarations shared by the shadow stage-2 sources: the granule geometry table, the
 * attribute combination helpers, the L1 walker, and the shadow state (MMU records, page
 * metadata, reverse-map nodes and their accessors) with the functions each component
 * exports to the others.
 *
 * Components (one file each) and who calls whom, lowest first; no file calls a file above
 * it, so there is no cycle:
 *   context.c  init, mem_bytes, stats                  (calls nothing of these)
 *   pool.c     page allocator, nvarm_s2mmu_pool_add()  (nothing)
 *   rmap.c     reverse map                             (nothing)
 *   table.c    shadow table primitives: find, remove a leaf, flush/destroy an MMU's tables,
 *              nvarm_s2mmu_lookup()                    (pool, rmap)
 *   reclaim.c  MMU page lists, eviction                (pool, rmap, table)
 *   mmu.c      MMU cache: get, get_running, set_running, recycle   (pool, table, reclaim)
 *   fault.c    nvarm_s2mmu_handle_fault()              (pool, rmap, table, reclaim)
 *   inval.c    nvarm_s2mmu_tlbi(), nvarm_s2mmu_host_*() (rmap, table, reclaim)
 * plus walk.c (L1's stage-2 walker), attr.c (attribute combination), translate.c and
 * names.c, which use none of the shadow state.
 */
#ifndef NVARM_S2MMU_INTERNAL_H
#define NVARM_S2MMU_INTERNAL_H

#include <nvarm/s2mmu.h>

/* One line per translation granule (Arm ARM D8.2 "Translation table walks"). */
struct s2_granule {
	uint8_t shift;	      /* log2 of the granule: 12, 14, 16 */
	uint8_t tg0;	      /* VTCR_EL2.TG0 encoding */
	uint8_t feat_bit;     /* enum nvarm_granule */
	int8_t sl0_level[4];  /* start level per VTCR_EL2.SL0 (DS=0, SL2=0); -9: needs a feature */
	uint8_t sl0_feat[4];  /* feature gating that SL0 value: 0 none, 1 TTST, 2 DS */
	uint8_t block_levels; /* bit (level+1): blocks allowed without DS/LPA */
	uint8_t block_levels_52; /* bit (level+1): blocks allowed with DS (4K/16K) or LPA (64K) */
	uint8_t min_ia_ttst;	 /* smallest input size with FEAT_TTST */
};

/* VTCR_EL2.SH0 of a shadow MMU (Inner Shareable) but for mmu_sh0()'s DS=1 case. */
#define NVARM_S2_SHADOW_SH0 3

#define S2_SL0_FEAT_TTST    1
#define S2_SL0_FEAT_DS	    2

/* The granule for a TG0 encoding, or NULL for the reserved value. */
const struct s2_granule *nvarm_s2_granule_by_tg0(unsigned tg0);
/* The granule for a size shift (12, 14, 16), or NULL. */
const struct s2_granule *nvarm_s2_granule_by_shift(unsigned shift);
/* Output size in bits for VTCR_EL2.PS / ID_AA64MMFR0_EL1.PARange encodings (0 = reserved). */
unsigned nvarm_s2_ps_bits(unsigned ps);

/*
 * Combine L1's stage-2 MemAttr (in L1's FWB layout when @guest_fwb) with L0's (FWB=0 layout),
 * producing the shadow MemAttr in the host's layout (FWB layout when @host_fwb). The result is
 * never less restrictive than either input (see attr.c for the one approximation).
 */
uint8_t nvarm_s2_combine_memattr(uint8_t guest, bool guest_fwb, uint8_t host, bool host_fwb);
/* Combine two stage-2 SH fields: the more shareable wins (reserved 01 counts as Outer). */
uint8_t nvarm_s2_combine_sh(uint8_t a, uint8_t b);

/*
 * Walk cache entry (like a hardware stage-2 walk cache): the L1 IPA of the table used at
 * @level for every L2 IPA whose bits above that table's span equal @key. Only valid table
 * descriptors are cached; the owner drops it on every TLBI that reaches the MMU.
 */
struct s2_walk_hint {
	uint64_t key;
	uint64_t table;
	int8_t level; /* S2_HINT_NONE: empty (a start-level table is never cached) */
};

#define S2_HINT_NONE (-9)

/* Parsed VTCR_EL2/VTTBR_EL2 of one L1 configuration (AArch64.S2StartLevel etc.). */
struct s2_walk_prep {
	bool ok;     /* configuration valid; otherwise every walk faults at level 0 */
	bool be;     /* tables big-endian */
	uint8_t sh0; /* VTCR_EL2.SH0 (leaf SH when DS=1) */
	bool xnx;
	const struct s2_granule *g;
	unsigned stride;
	unsigned ia_bits;
	unsigned oa_bits;
	int start;
	unsigned start_bits;
	bool ds;	/* VTCR_EL2.DS in effect (4K/16K, 52-bit format) */
	bool lpa64k;	/* 64K granule with 52-bit OA (FEAT_LPA, PS = 52) */
	uint8_t blocks; /* bit (level+1): block descriptors allowed (AArch64.BlockDescSupported) */
	bool ha, hd;
	uint64_t base;
	uint64_t gmask;	     /* ~(granule - 1) */
	bool off;	     /* HCR_EL2.VM = 0: identity, no tables read */
	uint8_t off_shift;   /* stage 2 off: "leaf" size = L1's PA size */
	uint8_t off_memattr; /* stage 2 off: MemAttr meaning "stage 1 decides" */
};

/* Parse L1's registers once (per shadow MMU). */
void nvarm_s2_walk_prepare(const struct nvarm_s2mmu_features *feat,
			   const struct nvarm_s2mmu_l1_regs *regs, struct s2_walk_prep *p);
/*
 * Walk with prepared parameters; see nvarm_s2_guest_walk(). A @hint with a level is used
 * as it is: the caller passes one whose key matches @ipa (gh_pick()); the walk leaves in it
 * the last table it went through.
 */
int nvarm_s2_walk_prepared(const struct s2_walk_prep *p, const struct nvarm_platform_ops *ops,
			   nvarm_ipa2_t ipa, unsigned access, bool update,
			   struct nvarm_s2_walk *out, struct s2_walk_hint *hint);

/*
 * Judge one descriptor of L1's stage-2 read at @level of a walk for @ipa, as the walk judges
 * the descriptor it ends on (without Access flag or permission checks, and without hardware
 * updates): NVARM_S2_FAULT_NONE for a leaf, with @out filled (permissions as granted now),
 * else the fault (an invalid descriptor, a table, a reserved or out-of-range leaf).
 */
enum nvarm_s2_fault nvarm_s2_leaf_decode(const struct s2_walk_prep *p, uint64_t desc, int level,
					 uint64_t ipa, struct nvarm_s2_walk *out);

/* FSC (arm/esr.h) of a stage-2 fault (enum nvarm_s2_fault) at a level; 0 for none. */
uint32_t nvarm_s2_fault_fsc(unsigned type, int level);

/* The NVARM_TLBI_* kind of a TLBI encoding from the register database (0: not a TLBI). */
unsigned nvarm_s2_tlbi_kind(uint32_t enc);

/* [a, b) of an RIPAS2E1 operand (ds: VTCR_EL2.DS in effect); false for a reserved TG. */
bool nvarm_s2_ripa_range(uint64_t xt, bool ds, uint64_t *a, uint64_t *b);

/* ------------------------------------------------------------------- shadow state */

/* A doubly linked list of pool pages (page index + 1; 0: none), chained by pmeta next/prev. */
struct s2_plist {
	uint32_t head, tail;
};

/* One shadow MMU record (in the state buffer). */
struct mmu_rec {
	uint64_t baddr;
	uint64_t vtcr;
	uint32_t root; /* page index + 1; 0: MMU not live */
	/*
	 * Non-root table pages, on exactly one of two lists: lru holds the pages with no table
	 * descriptor (the reclaim candidates) in the order they became such (oldest first);
	 * inner the pages that point to lower tables.
	 */
	struct s2_plist lru;
	struct s2_plist inner;
	uint32_t stamp;
	uint32_t leaves;
	uint16_t vmid;
	uint16_t hnext;		/* hash chain, MMU index + 1 */
	uint8_t flags;		/* bit 0 EE, bit 1 FWB */
	uint8_t max_g;		/* largest shift of an L1 leaf (or shadow leaf) installed */
	int8_t slevel[2];	/* shadow table cache: level of spage[e], S2_HINT_NONE if empty */
	uint8_t slast;		/* cache entry used last (the other one is replaced) */
	uint8_t running;	/* CPUs running L2 on it (never recycled while > 0) */
	uint32_t gen;		/* bumped by every TLBI reaching it (gen_bump(); read lock-free) */
	uint32_t spage[2];	/* shadow tables a leaf was last put in (scache_*()) */
	uint32_t skey[2];	/* ipa2 >> (span of spage[e]): ipa2 < 2^48, span >= 2^21 */
	uint32_t ghseq;		/* sequence count of the L1 walk cache: odd while rewritten */
	struct s2_walk_prep wp; /* L1's registers, parsed once (never change while live) */
	uint64_t gtl[2];	/* L1 walk cache (gh_*()): table | shift << 3 | (level + 2) */
	uint32_t gkey[2];	/* its key: L2 IPA >> span of the table (< 2^31) */
	uint8_t glast;		/* L1 walk cache entry used last (the other is replaced) */
	uint8_t gi;		/* its geometry and format: nvarm_s2mmu::geo[gi] (mmu_geo()) */
	/*
	 * Not cleared when the record is reused (mmu_get() clears up to here): a lock-free fault
	 * may have counted itself in flight (its lane's lane_inflight()) on a record that is not
	 * live (it then backs off).
	 */
	uint8_t live; /* 1: faults may pin it without the lock (atomic; mmu_pin()) */
};
NVARM_STATIC_ASSERT(sizeof(struct mmu_rec) + sizeof(uint16_t) <= NVARM_S2MMU_MMU_BYTES,
		    "MMU record too large");

/* pmeta.flags */
#define PG_INUSE 1u /* a table page (not on the free list) */
#define PG_PIN	 2u /* on the path of the fault being resolved: never reclaimed */
#define PG_ROOT	 4u /* one of the pages of an MMU's (possibly concatenated) root */

/* Page metadata, one per pool page. */
struct pmeta {
	uint64_t base;	  /* first L2 IPA this table covers */
	uint32_t next;	  /* MMU list (lru/inner) or free list, page index + 1 */
	uint32_t prev;	  /* MMU list, page index + 1 */
	uint32_t rhead;	  /* reverse-map nodes of leaves in this page */
	uint32_t parent;  /* page holding the table descriptor to it, index + 1 (0: a root) */
	uint16_t owner;	  /* MMU index */
	int8_t level;	  /* translation level of the table */
	uint8_t flags;	  /* PG_* */
	uint16_t live;	  /* valid descriptors (leaves + tables) */
	uint16_t ntables; /* valid table descriptors */
};
NVARM_STATIC_ASSERT(sizeof(struct pmeta) == NVARM_S2MMU_PAGE_META_BYTES, "page meta size");

/*
 * Reverse-map node (rmap.c; 16 bytes, two words):
 *   w0 = frame[39:0] | inext[59:40] | bhead[3:0] << 60
 *   w1 = (slot id + 1)[27:0] | pnext[47:28] | bhead[19:4] << 48
 * bhead is the head of hash bucket N stored in node N (buckets = nodes), so the map costs
 * exactly 16 bytes per trackable leaf.
 */
struct rnode {
	uint64_t w0, w1;
};
NVARM_STATIC_ASSERT(sizeof(struct rnode) == NVARM_S2MMU_RMAP_BYTES_PER_ENTRY, "rmap node size");

#define NIL 0u
#define M20 0xfffffu

static inline struct mmu_rec *mmus(struct nvarm_s2mmu *s)
{
	return s->mmus;
}

/* The geometry and descriptor format of shadow MMU @m. */
static inline const struct nvarm_s2mmu_geo *mmu_geo(const struct nvarm_s2mmu *s,
						    const struct mmu_rec *m)
{
	return &s->geo[m->gi];
}

/* The geometry of the MMU owning pool page @idx. */
static inline const struct nvarm_s2mmu_geo *page_geo(const struct nvarm_s2mmu *s, uint32_t idx)
{
	const struct pmeta *p = (const struct pmeta *)s->pages + idx;

	return mmu_geo(s, (const struct mmu_rec *)s->mmus + p->owner);
}

static inline uint16_t *mmu_heads(struct nvarm_s2mmu *s)
{
	return (uint16_t *)(void *)((struct mmu_rec *)s->mmus + s->cfg.max_mmus);
}

static inline struct pmeta *pm(struct nvarm_s2mmu *s, uint32_t idx)
{
	return (struct pmeta *)s->pages + idx;
}

static inline struct rnode *rn(struct nvarm_s2mmu *s, uint32_t i)
{
	return (struct rnode *)s->rmap + i;
}

static inline uint64_t rn_frame(const struct rnode *n)
{
	return n->w0 & NVARM_GENMASK(39, 0);
}
static inline uint32_t rn_inext(const struct rnode *n)
{
	return (uint32_t)(n->w0 >> 40) & M20;
}
static inline uint32_t rn_slot1(const struct rnode *n)
{
	return (uint32_t)(n->w1 & 0xfffffffu);
}
static inline uint32_t rn_pnext(const struct rnode *n)
{
	return (uint32_t)(n->w1 >> 28) & M20;
}
static inline uint32_t rn_bhead(const struct rnode *n)
{
	return (uint32_t)(n->w0 >> 60) | ((uint32_t)(n->w1 >> 48) << 4);
}
static inline void rn_set_inext(struct rnode *n, uint32_t v)
{
	n->w0 = (n->w0 & ~NVARM_GENMASK(59, 40)) | ((uint64_t)v << 40);
}
static inline void rn_set_pnext(struct rnode *n, uint32_t v)
{
	n->w1 = (n->w1 & ~NVARM_GENMASK(47, 28)) | ((uint64_t)v << 28);
}
static inline void rn_set_bhead(struct rnode *n, uint32_t v)
{
	n->w0 = (n->w0 & NVARM_GENMASK(59, 0)) | ((uint64_t)(v & 0xf) << 60);
	n->w1 = (n->w1 & NVARM_GENMASK(47, 0)) | ((uint64_t)(v >> 4) << 48);
}
/*
 * File node @n: frame, slot, hash-chain and page-list links at once (two read-modify-writes,
 * not four), keeping the bucket head bits that belong to bucket n.
 */
static inline void rn_file(struct rnode *n, uint64_t frame, uint32_t slot1, uint32_t inext,
			   uint32_t pnext)
{
	n->w0 = (n->w0 & NVARM_GENMASK(63, 60)) | (frame & NVARM_GENMASK(39, 0)) |
		((uint64_t)inext << 40);
	n->w1 = (n->w1 & NVARM_GENMASK(63, 48)) | ((uint64_t)pnext << 28) | slot1;
}
/* Set frame and slot, keeping the bucket head bits that belong to bucket n. */
static inline void rn_set_key(struct rnode *n, uint64_t frame, uint32_t slot1)
{
	n->w0 = (n->w0 & NVARM_GENMASK(63, 40)) | (frame & NVARM_GENMASK(39, 0));
	n->w1 = (n->w1 & ~NVARM_GENMASK(27, 0)) | slot1;
}

static inline unsigned gshift(const struct nvarm_s2mmu *s)
{
	return s->cfg.host_granule_shift;
}

static inline unsigned level_shift(const struct nvarm_s2mmu *s, int level)
{
	return s->lshift[level];
}

/*
 * Index bits resolved at @level: at the root, root_bits, which with a concatenated root
 * (Arm ARM D8.2 "Translation tables": up to 16 tables at the initial lookup level) spans
 * root_pages pages. The root's pages are physically and virtually contiguous (one pool
 * region, aligned to their size: nvarm_s2_root_alloc()) with consecutive page indices, so a
 * walk indexes the first root page's VA with the whole root index, exactly as it indexes
 * any table; only what is recorded per page (pmeta, reverse map, slot_ref) needs the page
 * that holds the slot: root_ref().
 */
static inline unsigned level_slots_bits(const struct nvarm_s2mmu *s,
					const struct nvarm_s2mmu_geo *gm, int level)
{
	return level == gm->root_level ? gm->root_bits : s->slots_shift;
}

/* Index bits of one table page at @level (a root page holds at most a page's worth). */
static inline unsigned page_slots_bits(const struct nvarm_s2mmu *s,
				       const struct nvarm_s2mmu_geo *gm, int level)
{
	return level == gm->root_level && gm->root_bits < s->slots_shift ? gm->root_bits
									 : s->slots_shift;
}

/*
 * A root-level (page, slot) with the slot indexing the whole concatenated root: the root
 * page that holds it and the slot in that page (@tbl, when given, follows the page).
 */
static inline void root_ref(const struct nvarm_s2mmu *s, uint32_t *page, unsigned *slot,
			    uint64_t **tbl)
{
	unsigned k = *slot >> s->slots_shift;

	*page += k;
	*slot &= (1u << s->slots_shift) - 1;
	if (tbl)
		*tbl += (size_t)k << s->slots_shift;
}

/*
 * Fault lanes (NVARM_S2MMU_LANES, s2mmu.h). The L2 IPA space is dealt out to lanes by the span
 * of one level-3 shadow table (lane_of()), so a level-3 table page and every leaf in it belong
 * to exactly one lane. Each lane has a lock and what a translation fault needs to install a
 * page leaf into an existing level-3 table holding only that lock (fault.c, lane_install()):
 *  - a reserve of free reverse-map nodes (lane_res(), indices) handed to it by a
 *    context lock holder (nvarm_s2_lane_refill(), after a fault that found the reserve empty
 *    or the lane closed installed a page into an existing table), so that the fault needs no
 *    shared free list. A lane with a reserve is *open* (it may install); the reserves stay
 *    out of the free list (nvarm_s2mmu.lane_nodes counts them) until a context lock holder
 *    finds the free list empty and takes them all back, closing the lanes
 *    (nvarm_s2_lanes_close(), before any reclaim);
 *  - the leaves it installed (lane_pend(): node, frame and slot; the node itself untouched,
 *    on no bucket chain or page list, not counted in pmeta.live, mmu_rec.leaves or
 *    rmap_used). A holder of the context lock first takes the lock of every open lane and
 *    files its pending nodes in the reverse map (lanes_lock(), nvarm_s2_lanes_drain()), and
 *    keeps those locks (and the lock of any lane it opens) to the end (lanes_unlock()):
 *    it sees exactly the state the installs would have left had they held it (but for the
 *    reserves' nodes being off the free list), so nothing it calls knows lanes exist. The
 *    exceptions take some lanes only, undrained (lanes_lock_some() without drain), and know:
 *    a TLBI by range (inval.c: a pending leaf it removes gives its node back to the
 *    reserve, nvarm_s2_lanes_pend_remove(), and a leaf table with pmeta.live == 0 holds no
 *    filed leaf), the refill of one lane (nvarm_s2_lane_refill(): files the lane's pending
 *    nodes only when they fill more than half of it) and a fault installing a page into an
 *    empty slot of its own lane's tables (fault.c, lane_alone()). A lane that installed
 *    nothing while a few context lock holders came and went is closed (idle: its reserve goes
 *    back). A closed lane installs nothing and reads no shared state (faults check open
 *    first, an atomic), so a context lock holder takes only the open lanes' locks (none
 *    while no lane has a reserve);
 *  - a one-entry L1 walk cache (gtl/gkey, under the sequence count gseq: written with the
 *    lane lock, read without it), tagged with the MMU and the two invalidation generations
 *    it was noted under (a TLBI reaching the MMU, an L0 change or an MMU destruction leaves
 *    it stale: no TLBI has to visit the lanes);
 *  - a one-entry shadow table cache (spage: the level-3 table of MMU smmu - 1 for L2 IPAs
 *    with key skey), valid while table_epoch is what it was (a freed table page bumps it);
 *  - the in-flight counts of faults pinned on each MMU without a lock (lane_inflight()):
 *    per lane, so that faults on different lanes never write one line.
 * A lane is NVARM_S2MMU_LANE_BYTES() long and aligned to NVARM_S2MMU_LANE_ALIGN.
 */
struct s2_lane {
	uint32_t lock;	   /* 0 free, 1 held (lane_lock()) */
	uint32_t open;	   /* 1: it may install (set by nvarm_s2_lane_refill(), cleared when its
			      reserve goes back; written with the context lock and this lane's
			      lock, atomic: faults read it first without either) */
	uint32_t npend;	   /* pending installs (lane_pend()[0, npend)) */
	uint32_t nres;	   /* nodes in the reserve (lane_res()[0, nres)) */
	uint32_t idle;	   /* context lock holders in a row that found no new install */
	uint32_t starved;  /* 1: the last refill found no node to give (free list at its floor):
			      an empty reserve then sends faults to the context lock's path, whose
			      refill after the install tries again (not a refill of its own first) */
	uint32_t gseq;	   /* sequence count of the walk cache: odd while rewritten */
	uint32_t gkey;	   /* walk cache: key (L2 IPA >> span of the table) */
	uint64_t gtl;	   /* walk cache: table | shift << 3 | (level + 2), as mmu_rec.gtl */
	uint32_t ggen;	   /* walk cache: mmu_rec.gen it was noted under */
	uint32_t ghgen;	   /* walk cache: nvarm_s2mmu.inval_gen it was noted under */
	uint32_t glgen;	   /* walk cache: this lane's gen it was noted under */
	uint32_t gen;	   /* bumped by every TLBI by IPA or range whose window meets the lane
			      (instead of the MMU's gen: faults on other lanes need not redo) */
	uint16_t gmmu;	   /* walk cache: MMU index + 1 (0: empty) */
	uint16_t smmu;	   /* shadow table cache: MMU index + 1 (0: empty) */
	uint32_t spage;	   /* shadow table cache: level-3 table page index */
	uint32_t skey;	   /* shadow table cache: L2 IPA >> level_shift(s, 2) */
	uint32_t sepoch;   /* shadow table cache: table_epoch when noted */
	uint64_t installs; /* leaves installed under the lane lock (stats) */
};
NVARM_STATIC_ASSERT(sizeof(struct s2_lane) <= NVARM_S2MMU_LANE_ALIGN, "lane header too large");

static inline struct s2_lane *lane_at(const struct nvarm_s2mmu *s, unsigned k)
{
	return (struct s2_lane *)(void *)((uint8_t *)s->lanes +
					  k * NVARM_S2MMU_LANE_BYTES(s->cfg.max_mmus));
}

/* The lane of an L2 IPA: by the span of a level-3 table (its index in the level-2 table). */
static inline unsigned lane_of(const struct nvarm_s2mmu *s, uint64_t ipa2)
{
	return (unsigned)(ipa2 >> s->lshift[2]) & (NVARM_S2MMU_LANES - 1);
}

/* In-flight counts of lane @l, one per MMU record (after the lane's header). */
static inline uint16_t *lane_inflight(struct s2_lane *l)
{
	return (uint16_t *)(void *)((uint8_t *)l + NVARM_S2MMU_LANE_ALIGN);
}

/*
 * A leaf installed under the lane lock, to be filed in the reverse map (its node's key and
 * links are written only then, by a context lock holder: a lane install writes no node, so
 * it never shares a word with the bucket heads other holders write into nodes).
 */
struct s2_pend {
	uint64_t frame; /* L1 IPA >> 12 */
	uint32_t node;	/* the node (from the reserve) */
	uint32_t slot1; /* (page index << slots_shift | slot) + 1 */
};

/* The pending installs of lane @l (after the in-flight counts, 8-aligned). */
static inline struct s2_pend *lane_pend(const struct nvarm_s2mmu *s, struct s2_lane *l)
{
	size_t off = (NVARM_S2MMU_LANE_ALIGN + 2 * (size_t)s->cfg.max_mmus + 7) & ~(size_t)7;

	return (struct s2_pend *)(void *)((uint8_t *)l + off);
}

/* The reserve of lane @l: free node indices only it takes (after the pending installs). */
static inline uint32_t *lane_res(const struct nvarm_s2mmu *s, struct s2_lane *l)
{
	return (uint32_t *)(void *)(lane_pend(s, l) + NVARM_S2MMU_LANE_NODES);
}

static inline void cpu_relax(void)
{
#if defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#elif defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/*
 * Lane lock: a test-and-test-and-set spinlock (acquire on taking, release on dropping), held
 * by a fault for one install (no callback), or by a context lock holder for its whole critical
 * section. A context lock holder waits for it here; a fault only tries (lane_trylock()).
 * Without ops->lock (one CPU at a time) there is nothing to exclude: no atomic at all.
 */
static inline void lane_lock(const struct nvarm_s2mmu *s, struct s2_lane *l)
{
	if (!s->cfg.ops->lock)
		return;
	while (__atomic_exchange_n(&l->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->lock, __ATOMIC_RELAXED))
			cpu_relax();
}

/*
 * A fault's attempt at its lane lock: false after a short spin. The lock is held briefly by
 * another fault's install, or for a whole critical section by a context lock holder (which
 * may call back into the embedder meanwhile: a lookup, a TLBI, even a yield); the fault then
 * takes the context lock path instead, waiting the way the embedder's lock waits.
 */
static inline bool lane_trylock(const struct nvarm_s2mmu *s, struct s2_lane *l)
{
	if (!s->cfg.ops->lock)
		return true;
	for (unsigned k = 0; k < 256; k++) {
		if (!__atomic_load_n(&l->lock, __ATOMIC_RELAXED) &&
		    !__atomic_exchange_n(&l->lock, 1, __ATOMIC_ACQUIRE))
			return true;
		cpu_relax();
	}
	return false;
}

static inline void lane_unlock(const struct nvarm_s2mmu *s, struct s2_lane *l)
{
	if (s->cfg.ops->lock)
		__atomic_store_n(&l->lock, 0, __ATOMIC_RELEASE);
}

/* rmap.c: context lock held, the lanes of lanes_held locked: put their pending leaves on the
 * reverse map; close those that had none for a few holders in a row (their reserve back). */
void nvarm_s2_lanes_drain(struct nvarm_s2mmu *s);
/* rmap.c: context lock held, drained: return every reserve to the free list, close the lanes. */
void nvarm_s2_lanes_close(struct nvarm_s2mmu *s);
/* rmap.c: context lock held, drained: lock lane @k (kept to lanes_unlock()), give it up to a
 * batch of free nodes, leaving rmap_entries / LANE_FLOOR_DIV on the free list, and open it. */
void nvarm_s2_lane_refill(struct nvarm_s2mmu *s, unsigned k);
/*
 * rmap.c: context lock held, the lanes of lanes_held locked (not drained): remove the pending
 * installs of MMU @mmu whose L1 translation range (as page_remove() in inval.c judges it)
 * meets L2 IPA [a, b): descriptor cleared, TLB invalidated, node back to the lane's reserve,
 * the reverse map untouched. Returns how many.
 */
int nvarm_s2_lanes_pend_remove(struct nvarm_s2mmu *s, unsigned mmu, uint64_t a, uint64_t b);

/* Context lock alone (ops->lock): MMU identity, running counts, LRU stamps (mmu.c). */
static inline void ctx_lock(const struct nvarm_s2mmu *s)
{
	if (s->cfg.ops->lock)
		s->cfg.ops->lock(s->cfg.ops->ctx);
}

static inline void ctx_unlock(const struct nvarm_s2mmu *s)
{
	if (s->cfg.ops->unlock)
		s->cfg.ops->unlock(s->cfg.ops->ctx);
}

/*
 * With the context lock held: the lock of every open lane (lanes_open), then the drain. Only a
 * context lock holder ever holds more than one lane lock (a fault holds its own and takes
 * nothing else while it does), and context lock holders are one at a time: no cycle, in any
 * order.
 */
static inline void lanes_lock(struct nvarm_s2mmu *s)
{
	uint32_t open = s->lanes_open;

	s->lanes_held = open;
	if (!open)
		return;
	for (; open; open &= open - 1)
		lane_lock(s, lane_at(s, (unsigned)__builtin_ctz(open)));
	nvarm_s2_lanes_drain(s);
}

/*
 * With the context lock held, for a holder that changes only leaves in L2 IPA ranges and
 * state no lane install touches (a TLBI by IPA or range: nvarm_s2mmu_tlbi(); the refill of one
 * lane's reserve): the lock of the open lanes among @want (the lanes of those ranges,
 * lanes_cover()), then, with @drain, their drain. Faults in the other lanes keep installing
 * meanwhile: they write only their own lanes' tables and lines, and read the tables above
 * level 3, which such a holder only reads (a leaf it removes above level 3 spans whole lane
 * units, all of them in @want). Without @drain the held lanes keep their pending installs:
 * the holder must then deal with them itself (nvarm_s2_lanes_pend_remove()) and read nothing
 * they are missing from (the reverse map, pmeta.live, mmu_rec.leaves, rmap_used: a leaf
 * table with live == 0 may hold pending leaves).
 */
static inline void lanes_lock_some(struct nvarm_s2mmu *s, uint32_t want, bool drain)
{
	uint32_t open = s->lanes_open & want;

	s->lanes_held = open;
	if (!open)
		return;
	for (; open; open &= open - 1)
		lane_lock(s, lane_at(s, (unsigned)__builtin_ctz(open)));
	if (drain)
		nvarm_s2_lanes_drain(s);
}

/*
 * With the context lock and the lanes of lanes_held (lanes_lock_some()) held: the rest of the
 * open lanes too, then the drain of all: as lock().
 */
static inline void lanes_lock_rest(struct nvarm_s2mmu *s)
{
	uint32_t more = s->lanes_open & ~s->lanes_held;

	for (; more; more &= more - 1)
		lane_lock(s, lane_at(s, (unsigned)__builtin_ctz(more)));
	s->lanes_held |= s->lanes_open;
	if (s->lanes_held)
		nvarm_s2_lanes_drain(s);
}

/* The lanes whose L2 IPAs [lo, hi) meets (a bit per lane). */
static inline uint32_t lanes_cover(const struct nvarm_s2mmu *s, uint64_t lo, uint64_t hi)
{
	unsigned sh = s->lshift[2];
	uint32_t mask = 0;

	if (hi <= lo)
		return 0;
	if (((hi - 1) >> sh) - (lo >> sh) >= NVARM_S2MMU_LANES - 1)
		return (1u << NVARM_S2MMU_LANES) - 1;
	for (uint64_t u = lo >> sh; u <= (hi - 1) >> sh; u++)
		mask |= 1u << (u & (NVARM_S2MMU_LANES - 1));
	return mask;
}

static inline void lanes_unlock(struct nvarm_s2mmu *s)
{
	for (uint32_t held = s->lanes_held; held; held &= held - 1)
		lane_unlock(s, lane_at(s, (unsigned)__builtin_ctz(held)));
	s->lanes_held = 0;
}

/*
 * The whole state (what every entry point but a lane install needs): the context lock, then
 * the open lanes' locks, drained.
 */
static inline void lock(struct nvarm_s2mmu *s)
{
	ctx_lock(s);
	lanes_lock(s);
}

static inline void unlock(struct nvarm_s2mmu *s)
{
	lanes_unlock(s);
	ctx_unlock(s);
}

/*
 * An MMU in use: CPUs run L2 on it, or a fault on it is walking L1's tables without the lock
 * (it reads the record's parsed registers then; counted in its lane). Never destroyed.
 */
static inline bool mmu_busy(const struct nvarm_s2mmu *s, const struct mmu_rec *m)
{
	unsigned i = (unsigned)(m - (const struct mmu_rec *)s->mmus);

	if (m->running)
		return true;
	for (unsigned k = 0; k < NVARM_S2MMU_LANES; k++)
		if (__atomic_load_n(&lane_inflight(lane_at(s, k))[i], __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * Change the in-flight count of MMU @i in lane @l: an atomic read-modify-write when the
 * context has a lock (several CPUs may call in), a plain one otherwise (one CPU at a time:
 * the library then issues no exclusive or atomic read-modify-write at all).
 */
static inline void inflight_add(const struct nvarm_s2mmu *s, struct s2_lane *l, unsigned i, int d)
{
	uint16_t *c = &lane_inflight(l)[i];

	if (s->cfg.ops->lock)
		__atomic_fetch_add(c, (uint16_t)d, __ATOMIC_SEQ_CST);
	else
		__atomic_store_n(c, (uint16_t)(__atomic_load_n(c, __ATOMIC_RELAXED) + d),
				 __ATOMIC_RELAXED);
}

/*
 * Lock-free side of the pin handshake (fault.c): count a fault in flight on MMU @i in its lane
 * @l, then check that the record is live. Paired with mmu_claim() (lock held), sequentially
 * consistent on both sides, so that either the fault sees live == 0 (and backs off: it must
 * then not read the record) or the claim sees its count != 0 (and leaves the record alone):
 * never both pass (the claim reads every lane's count after clearing live).
 */
static inline bool mmu_pin(const struct nvarm_s2mmu *s, struct s2_lane *l, unsigned i)
{
	inflight_add(s, l, i, 1);
	if (__atomic_load_n(&((struct mmu_rec *)s->mmus)[i].live, __ATOMIC_SEQ_CST))
		return true;
	inflight_add(s, l, i, -1);
	return false;
}

static inline void mmu_unpin(const struct nvarm_s2mmu *s, struct s2_lane *l, unsigned i)
{
	inflight_add(s, l, i, -1);
}

/* Lock held: take MMU @i away from lock-free faults before destroying it; false if one holds it. */
static inline bool mmu_claim(const struct nvarm_s2mmu *s, unsigned i)
{
	struct mmu_rec *m = &((struct mmu_rec *)s->mmus)[i];

	__atomic_store_n(&m->live, 0, __ATOMIC_SEQ_CST);
	for (unsigned k = 0; k < NVARM_S2MMU_LANES; k++)
		if (__atomic_load_n(&lane_inflight(lane_at(s, k))[i], __ATOMIC_SEQ_CST)) {
			__atomic_store_n(&m->live, 1, __ATOMIC_RELEASE);
			return false;
		}
	return true;
}

/*
 * The invalidation generations (mmu_rec.gen, nvarm_s2mmu.inval_gen) are bumped with the lock
 * held and read by faults without it (acquire: a fault that reads the new value also sees
 * L1's or L0's table change that came before the invalidation).
 */
static inline void gen_bump(uint32_t *g)
{
	__atomic_store_n(g, *g + 1, __ATOMIC_RELEASE);
}

static inline uint32_t gen_read(const uint32_t *g)
{
	return __atomic_load_n(g, __ATOMIC_ACQUIRE);
}

/*
 * L1 walk cache (like a hardware stage-2 walk cache), two entries so that two vCPUs faulting
 * in turn on one MMU both hit: entry e is the L1 table (IPA, level) used for every L2 IPA
 * with its key. Written with the lock held under a sequence count (gh_store()); faults read
 * it without the lock (gh_load()) and pick the entry for their address (gh_pick()).
 */
struct s2_gh_raw {
	uint64_t tl[2];
	uint32_t key[2];
};

/*
 * Lock held: set entry @e. No fence (ThreadSanitizer knows none): the release stores of the
 * entry order the odd count before them, the reader's acquire loads order its second count
 * read after them.
 */
static inline void gh_store(struct mmu_rec *m, int e, uint64_t tl, uint32_t key)
{
	uint32_t q = m->ghseq;

	__atomic_store_n(&m->ghseq, q + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&m->gtl[e], tl, __ATOMIC_RELEASE);
	__atomic_store_n(&m->gkey[e], key, __ATOMIC_RELEASE);
	__atomic_store_n(&m->ghseq, q + 2, __ATOMIC_RELEASE);
}

static inline void gh_drop(struct mmu_rec *m)
{
	if (m->gtl[0])
		gh_store(m, 0, 0, 0);
	if (m->gtl[1])
		gh_store(m, 1, 0, 0);
}

/* Lock held: both entries. */
static inline void gh_get(const struct mmu_rec *m, struct s2_gh_raw *g)
{
	g->tl[0] = m->gtl[0];
	g->tl[1] = m->gtl[1];
	g->key[0] = m->gkey[0];
	g->key[1] = m->gkey[1];
}

/* Without the lock: a consistent copy of both entries, or two empty ones. */
static inline void gh_load(const struct mmu_rec *m, struct s2_gh_raw *g)
{
	uint32_t q = __atomic_load_n(&m->ghseq, __ATOMIC_ACQUIRE);

	g->tl[0] = __atomic_load_n(&m->gtl[0], __ATOMIC_ACQUIRE);
	g->tl[1] = __atomic_load_n(&m->gtl[1], __ATOMIC_ACQUIRE);
	g->key[0] = __atomic_load_n(&m->gkey[0], __ATOMIC_ACQUIRE);
	g->key[1] = __atomic_load_n(&m->gkey[1], __ATOMIC_ACQUIRE);
	if ((q & 1) || __atomic_load_n(&m->ghseq, __ATOMIC_RELAXED) != q)
		g->tl[0] = g->tl[1] = 0;
}

/*
 * The entry whose table the walk of @ipa2 can start from, copied to @h; -1 (and @h empty)
 * when none. An entry packs table | shift << 3 | (level + 2): tables are aligned to the
 * granule, the key is ipa2 >> shift (the span of the table: 21..48 bits, so ipa2 < 2^52 gives
 * a key below 2^31).
 */
static inline int gh_pick(const struct s2_gh_raw *g, uint64_t ipa2, struct s2_walk_hint *h)
{
	h->level = S2_HINT_NONE;
	for (int e = 0; e < 2; e++) {
		uint64_t tl = g->tl[e];
		if (tl && g->key[e] == (uint32_t)(ipa2 >> ((tl >> 3) & 63))) {
			h->level = (int8_t)((int)(tl & 7) - 2);
			h->table = tl & ~(uint64_t)0x1ff;
			h->key = g->key[e];
			return e;
		}
	}
	return -1;
}

/*
 * Lock held, no TLBI since the snapshot: a walk (with the MMU's parsed registers @wp) that
 * started from entry @e (-1: none) left @h: keep it, in @e or else in the entry not used
 * last.
 */
/* The walk cache word of hint @h (table | shift << 3 | (level + 2)), or 0 when @h cannot be
 * kept (no level, an unaligned table, a key wider than 32 bits). */
static inline uint64_t gh_word(const struct s2_walk_prep *wp, const struct s2_walk_hint *h)
{
	unsigned sh;

	if (h->level < 0 || h->level > 3 || (h->table & 0x1ff) || (h->key >> 32) || !wp->g)
		return 0;
	sh = wp->g->shift + (unsigned)(4 - h->level) * wp->stride;
	return h->table | (uint64_t)sh << 3 | (uint64_t)(h->level + 2);
}

static inline void gh_note(struct mmu_rec *m, const struct s2_walk_prep *wp, int e,
			   const struct s2_walk_hint *h)
{
	uint64_t tl = gh_word(wp, h);

	if (!tl)
		return;
	if (e < 0)
		e = m->glast ^ 1;
	if (m->gtl[e] != tl || m->gkey[e] != (uint32_t)h->key)
		gh_store(m, e, tl, (uint32_t)h->key);
	if (m->glast != e)
		m->glast = (uint8_t)e;
}

/*
 * Lane walk cache, without any lock: entry 0 of @g gets the lane's entry when it was noted for
 * MMU @mmu under the generations @gen / @hgen / @lgen (the lane's) the fault snapshotted (else
 * nothing); entry 1
 * stays empty. A consistent copy, or none (sequence count, as gh_load()).
 */
static inline void lane_gh_load(const struct s2_lane *l, unsigned mmu, uint32_t gen, uint32_t hgen,
				uint32_t lgen, struct s2_gh_raw *g)
{
	uint32_t q = __atomic_load_n(&l->gseq, __ATOMIC_ACQUIRE);
	uint64_t tl = __atomic_load_n(&l->gtl, __ATOMIC_ACQUIRE);
	uint32_t key = __atomic_load_n(&l->gkey, __ATOMIC_ACQUIRE);
	bool mine = __atomic_load_n(&l->gmmu, __ATOMIC_ACQUIRE) == mmu + 1 &&
		    __atomic_load_n(&l->ggen, __ATOMIC_ACQUIRE) == gen &&
		    __atomic_load_n(&l->ghgen, __ATOMIC_ACQUIRE) == hgen &&
		    __atomic_load_n(&l->glgen, __ATOMIC_ACQUIRE) == lgen;

	g->tl[1] = 0;
	g->key[1] = 0;
	g->key[0] = key;
	g->tl[0] = mine && !(q & 1) && __atomic_load_n(&l->gseq, __ATOMIC_RELAXED) == q ? tl : 0;
}

/*
 * Lane lock held, neither generation moved since the fault's snapshot (@gen, @hgen): the walk
 * left @h; keep it in the lane's entry (written only when it changes).
 */
static inline void lane_gh_note(struct s2_lane *l, const struct s2_walk_prep *wp, unsigned mmu,
				uint32_t gen, uint32_t hgen, uint32_t lgen,
				const struct s2_walk_hint *h)
{
	uint64_t tl = gh_word(wp, h);

	if (!tl)
		return;
	if (l->gtl == tl && l->gkey == (uint32_t)h->key && l->gmmu == mmu + 1 && l->ggen == gen &&
	    l->ghgen == hgen && l->glgen == lgen)
		return;
	uint32_t q = l->gseq;
	__atomic_store_n(&l->gseq, q + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&l->gtl, tl, __ATOMIC_RELEASE);
	__atomic_store_n(&l->gkey, (uint32_t)h->key, __ATOMIC_RELEASE);
	__atomic_store_n(&l->gmmu, (uint16_t)(mmu + 1), __ATOMIC_RELEASE);
	__atomic_store_n(&l->ggen, gen, __ATOMIC_RELEASE);
	__atomic_store_n(&l->ghgen, hgen, __ATOMIC_RELEASE);
	__atomic_store_n(&l->glgen, lgen, __ATOMIC_RELEASE);
	__atomic_store_n(&l->gseq, q + 2, __ATOMIC_RELEASE);
}

/*
 * Shadow table cache (lock held): the tables the last leaves were put in, two entries so
 * that two vCPUs faulting in turn on one MMU (each in its own memory) both hit. An entry
 * names a table of the MMU reached through table descriptors for every ipa2 with its key;
 * eviction and flushes drop the cache (scache_drop()).
 */
static inline void scache_drop(struct mmu_rec *m)
{
	m->slevel[0] = m->slevel[1] = S2_HINT_NONE;
}

/* A cached table for @ipa2 at level <= @want (the entry used last first): false if none. */
static inline bool scache_find(const struct nvarm_s2mmu *s, struct mmu_rec *m, uint64_t ipa2,
			       int want, uint32_t *page, int *level)
{
	int e = m->slast;

	for (int k = 0; k < 2; k++, e ^= 1) {
		int lv = m->slevel[e];
		/* (an entry names a table below the root: scache_note() for level > root) */
		if (lv >= 0 && lv <= want &&
		    m->skey[e] == (uint32_t)(ipa2 >> level_shift(s, lv - 1))) {
			if (m->slast != e)
				m->slast = (uint8_t)e;
			*page = m->spage[e];
			*level = lv;
			return true;
		}
	}
	return false;
}

/* A leaf went into table @page at @level (not the root): remember it, replacing the LRU. */
static inline void scache_note(const struct nvarm_s2mmu *s, struct mmu_rec *m, uint32_t page,
			       int level, uint64_t ipa2)
{
	uint32_t key = (uint32_t)(ipa2 >> level_shift(s, level - 1));
	int e = m->slast;

	if (m->slevel[e] == level && m->skey[e] == key && m->spage[e] == page)
		return;
	e ^= 1;
	m->spage[e] = page;
	m->slevel[e] = (int8_t)level;
	m->skey[e] = key;
	m->slast = (uint8_t)e;
}

/* Lock held: LRU stamp, written only when another MMU was stamped since (lazy). */
static inline void mmu_touch(struct nvarm_s2mmu *s, struct mmu_rec *m)
{
	if (m->stamp != s->stamp)
		m->stamp = ++s->stamp;
}

static inline uint64_t page_pa(const struct nvarm_s2mmu *s, uint32_t idx)
{
	for (unsigned i = 0; i < s->nregions; i++) {
		const struct nvarm_s2mmu_region *r = &s->regions[i];
		if (idx - r->first < r->count)
			return r->pa + ((uint64_t)(idx - r->first) << gshift(s));
	}
	return 0;
}

/* Page index + 1 of a table PA, 0 if it is not a pool page. */
static inline uint32_t page_of_pa(const struct nvarm_s2mmu *s, uint64_t pa)
{
	for (unsigned i = 0; i < s->nregions; i++) {
		const struct nvarm_s2mmu_region *r = &s->regions[i];
		uint64_t off = pa - r->pa;
		if (pa >= r->pa && (off >> gshift(s)) < r->count)
			return r->first + (uint32_t)(off >> gshift(s)) + 1;
	}
	return 0;
}

/* Regions are virtually contiguous under pa_to_va (see nvarm_s2mmu_pool_add()). */
static inline uint64_t *page_va(struct nvarm_s2mmu *s, uint32_t idx)
{
	for (unsigned i = 0; i < s->nregions; i++) {
		const struct nvarm_s2mmu_region *r = &s->regions[i];
		if (idx - r->first < r->count)
			return (uint64_t *)(void *)((uint8_t *)r->va +
						    ((size_t)(idx - r->first) << gshift(s)));
	}
	return NULL;
}

static inline uint16_t hw_vmid(const struct nvarm_s2mmu *s, unsigned mmu)
{
	return (uint16_t)(s->cfg.hw_vmid_base + mmu);
}

static inline void tlbi_ipa(struct nvarm_s2mmu *s, unsigned mmu, uint64_t ipa2, int level)
{
	s->cfg.ops->tlbi(s->cfg.ops->ctx, NVARM_TLBI_S2_IPA, hw_vmid(s, mmu), nvarm_ipa2(ipa2),
			 level);
}

static inline void tlbi_all(struct nvarm_s2mmu *s, unsigned mmu)
{
	s->cfg.ops->tlbi(s->cfg.ops->ctx, NVARM_TLBI_S2_VMALL, hw_vmid(s, mmu), nvarm_ipa2(0), -1);
}

static inline bool is_table(uint64_t d, int level)
{
	return (d & 3) == 3 && level < 3;
}

/*
 * Shadow descriptor formats (nvarm_s2mmu_geo::oa_fmt, per MMU; Arm ARM D8.3 "Translation
 * table descriptor formats"): the 48-bit one, OA[47:g], SH in bits [9:8]; with VTCR_EL2.DS=1
 * (FEAT_LPA2, 4K/16K) OA[49:g] in place and OA[51:50] in bits [9:8] of table and leaf
 * descriptors alike (no SH field: shareability is VTCR_EL2.SH0's); with the 64K granule and a
 * 52-bit PS (FEAT_LPA) OA[47:16] in place and OA[51:48] in bits [15:12].
 *
 * On a 52-bit host each MMU has the format its L1 stage 2 needs (mmu.c): geo[0]'s (52-bit)
 * or geo[1]'s (48-bit). MMUs of the 48-bit format exist only while every pool page lies
 * below 2^48 (nvarm_s2mmu::narrow_ok), and their leaves map only PAs below 2^48 (fault.c),
 * so a table descriptor, which holds a pool page's PA and nothing in bits [9:8], has the
 * same bits in every format of the context: desc_pa() and shadow_oa() read and write table
 * descriptors of any MMU, and the OA bits of any leaf (then ORed with leaf_sh_bits()); the
 * OA of a leaf is read by leaf_pa().
 */
#define NVARM_S2_OA_48	0
#define NVARM_S2_OA_DS	1
#define NVARM_S2_OA_LPA 2

/* Output address of table descriptor @d (any MMU) or of a leaf of a geo[0] MMU. */
static inline uint64_t desc_pa(const struct nvarm_s2mmu *s, uint64_t d)
{
	uint64_t pa = d & s->geo[0].oa_mask;

	if (NVARM_LIKELY(s->geo[0].oa_fmt == NVARM_S2_OA_48))
		return pa;
	return s->geo[0].oa_fmt == NVARM_S2_OA_DS ? pa | (NVARM_FIELD_GET(d, 9, 8) << 50)
						  : pa | (NVARM_FIELD_GET(d, 15, 12) << 48);
}

/* Output address of leaf descriptor @d of an MMU with geometry @gm, granule aligned. */
static inline uint64_t leaf_pa(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_geo *gm,
			       uint64_t d)
{
	if (gm->oa_fmt == NVARM_S2_OA_48)
		return d & gm->oa_mask;
	return desc_pa(s, d);
}

/* The OA bits of a shadow descriptor for @pa (granule aligned, below 2^pa_bits of the MMU). */
static inline uint64_t shadow_oa(const struct nvarm_s2mmu *s, uint64_t pa)
{
	uint64_t d = pa & s->geo[0].oa_mask;

	if (NVARM_LIKELY(s->geo[0].oa_fmt == NVARM_S2_OA_48))
		return d;
	return s->geo[0].oa_fmt == NVARM_S2_OA_DS ? d | (NVARM_FIELD_GET(pa, 51, 50) << 8)
						  : d | (NVARM_FIELD_GET(pa, 51, 48) << 12);
}

/*
 * VTCR_EL2.SH0 of shadow MMU @m: Inner Shareable (its walks). With DS=1 the descriptors have
 * no SH field and SH0 is every leaf's shareability too: L1's own VTCR_EL2.SH0 combined with
 * Inner Shareable (what L0 maps RAM with), exact when L1 runs DS=1 itself (all of L1's leaves
 * have that shareability). A DS=1 MMU whose L1 does not run DS=1 exists only where the
 * 48-bit format cannot serve it (stage 2 off with a 52-bit PA range, 16K host beyond 47-bit
 * IPAs, or a pool above 2^48): Inner Shareable then (Arm ARM D8.6: the stage-2 shareability
 * combines with stage 1's, the more shareable winning).
 */
static inline uint8_t mmu_sh0(const struct nvarm_s2mmu *s, const struct mmu_rec *m)
{
	if (mmu_geo(s, m)->oa_fmt == NVARM_S2_OA_DS && m->wp.ok && m->wp.ds && !m->wp.off)
		return nvarm_s2_combine_sh(m->wp.sh0, NVARM_S2_SHADOW_SH0);
	return NVARM_S2_SHADOW_SH0;
}

/* Shareability of a leaf of shadow MMU @m: its SH field, or with DS=1 the MMU's SH0. */
static inline uint8_t desc_sh(const struct nvarm_s2mmu *s, const struct mmu_rec *m, uint64_t d)
{
	return mmu_geo(s, m)->oa_fmt == NVARM_S2_OA_DS ? mmu_sh0(s, m)
						       : (uint8_t)NVARM_FIELD_GET(d, 9, 8);
}

/* A configuration mistake: say which field through ops->log (the code alone cannot). */
static inline int nvarm_s2_cfg_error(const struct nvarm_s2mmu_config *cfg, int err,
				     const char *field)
{
	if (cfg && cfg->ops && cfg->ops->log)
		cfg->ops->log(cfg->ops->ctx, NVARM_LOG_ERROR, field);
	return err;
}

/* Pool pages one fault of an MMU of geometry @gm needs: its root and a table per level. */
static inline uint32_t geo_min_pages(const struct nvarm_s2mmu_geo *gm)
{
	return (uint32_t)(gm->root_pages + 3 - gm->root_level);
}

/* Smallest pool for one MMU's fault, whichever geometry it has. */
static inline uint32_t nvarm_s2_min_pool_pages(const struct nvarm_s2mmu *s)
{
	uint32_t a = geo_min_pages(&s->geo[0]), b = geo_min_pages(&s->geo[1]);

	return a > b ? a : b;
}

/* Page @idx is one of the pages of an MMU's root (the root's pages have no parent). */
static inline bool page_is_root(const struct nvarm_s2mmu *s, uint32_t idx)
{
	const struct pmeta *p = (const struct pmeta *)s->pages + idx;

	return (p->flags & PG_ROOT) != 0;
}

/* Shadow leaves may be placed at @level (a block size of the host granule, or a page). */
static inline bool host_allows_leaf(const struct nvarm_s2mmu *s, int level)
{
	return (s->leaf_levels >> (level + 1)) & 1;
}

/* Permissions (enum nvarm_perm) a stage-2 descriptor grants: S2AP, and XN[1:0] with FEAT_XNX
 * (@p xnx; without it XN[0] is RES0), Arm ARM D8.4.2 "Stage 2 execute-never". Used for L1's
 * descriptors (walk.c) and the shadow's alike. */
static inline uint8_t desc_perm(uint64_t d, bool xnx)
{
	static const uint8_t xnp[4] = {
	    NVARM_PERM_XP | NVARM_PERM_XU, /* 00: EL1 and EL0 may execute */
	    NVARM_PERM_XU,		   /* 01: PXN - EL0 only */
	    0,				   /* 10: neither */
	    NVARM_PERM_XP,		   /* 11: UXN - EL1 only */
	};
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

/* L1's VMID (8 or 16 bits per VTCR_EL2.VS), table base and MMU-selecting flags. */
static inline uint16_t l1_vmid(const struct nvarm_s2mmu_l1_regs *l1)
{
	uint64_t v = l1->vttbr >> NVARM_VTTBR_VMID_SHIFT;

	return (uint16_t)((l1->vtcr & NVARM_VTCR_VS) ? (v & 0xffff) : (v & 0xff));
}

static inline uint64_t l1_baddr(const struct nvarm_s2mmu_l1_regs *l1)
{
	return l1->vttbr & NVARM_GENMASK(47, 1);
}

static inline uint8_t l1_flags(const struct nvarm_s2mmu_l1_regs *l1)
{
	return (uint8_t)((l1->big_endian ? 1 : 0) | (l1->fwb ? 2 : 0) | (l1->vm ? 0 : 4));
}

/* Hash bucket of an MMU record (mmu.c, table.c). */
static inline uint32_t mmu_hash(const struct nvarm_s2mmu *s, uint64_t baddr, uint16_t vmid,
				uint64_t vtcr)
{
	uint64_t h = ((baddr >> 12) ^ ((uint64_t)vmid << 40) ^ vtcr) * UINT64_C(0x9e3779b97f4a7c15);

	return (uint32_t)((h >> 32) % s->cfg.max_mmus);
}

/* Reverse-map hash bucket of an L1 IPA frame (4K units) at a leaf level (rmap.c, inval.c). */
static inline uint32_t bucket_of(const struct nvarm_s2mmu *s, uint64_t frame, int level)
{
	uint64_t h = (frame ^ ((uint64_t)(level + 1) << 44)) * UINT64_C(0x9e3779b97f4a7c15);

	return (uint32_t)((h >> 32) % s->cfg.rmap_entries);
}

/*
 * Track the new leaf at (@page, @slot), made from L1 IPA @ipa1, in reverse-map bucket @b
 * (bucket_of()): a node on the page's list and the bucket's chain. NVARM_ERR_NOMEM when no
 * node is free. Lock held. (nvarm_s2_rmap_add(); inline for fault-around's batches.)
 */
static inline int rmap_add_inline(struct nvarm_s2mmu *s, uint32_t page, unsigned slot,
				  uint64_t ipa1, uint32_t b)
{
	uint32_t n = s->rmap_free;
	struct pmeta *p = (struct pmeta *)s->pages + page;
	struct rnode *node = rn(s, n), *bn = rn(s, b);

	if (!n)
		return NVARM_ERR_NOMEM;
	s->rmap_free = rn_inext(node);
	s->rmap_used++;
	rn_file(node, ipa1 >> 12, ((page << s->slots_shift) | slot) + 1, rn_bhead(bn), p->rhead);
	rn_set_bhead(bn, n);
	p->rhead = n;
	return 0;
}

/* One shadow descriptor slot. */
struct slot_ref {
	uint32_t page; /* page index */
	unsigned slot;
	int level;
	uint64_t *tbl;
};

/* table.c: index of an L1 leaf size in descriptor bits [58:55], and its inverse by shift. */
extern const uint8_t nvarm_s2_g_shift_tab[16];
extern const uint8_t nvarm_s2_g_shift_idx[64];

/* pool.c: a zeroed table page for MMU @owner (index + 1), or 0 when the pool is empty. */
uint32_t nvarm_s2_page_alloc(struct nvarm_s2mmu *s, unsigned owner, int level, uint64_t base);
void nvarm_s2_page_free(struct nvarm_s2mmu *s, uint32_t idx);
/*
 * pool.c: the zeroed root_pages pages of a root for MMU @owner, physically contiguous and
 * aligned to their size, with consecutive indices (the first index + 1), or 0 when no free
 * run of them exists. Scans the pool (O(pages)): only a new MMU needs one.
 */
uint32_t nvarm_s2_root_alloc(struct nvarm_s2mmu *s, unsigned owner,
			     const struct nvarm_s2mmu_geo *gm);
/* pool.c: first page index + 1 of an aligned root-sized run of pool pages none of which is a
 * root or pinned, or 0 (the run reclaim empties when no root fits: nvarm_s2_root_reclaim()). */
uint32_t nvarm_s2_root_candidate(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_geo *gm);

/*
 * rmap.c: track the leaf in (page, slot) made from L1 IPA @ipa1, whose bucket is @b
 * (bucket_of() of its frame at the page's level); NVARM_ERR_NOMEM: no node.
 */
int nvarm_s2_rmap_add(struct nvarm_s2mmu *s, uint32_t page, unsigned slot, uint64_t ipa1,
		      uint32_t b);
/* Unlink node @n from its hash chain and free it (its page list is the caller's). */
void nvarm_s2_rmap_unhash_free(struct nvarm_s2mmu *s, uint32_t n, int level);
/* Remove the node of (page, slot) from the page list and the hash. */
void nvarm_s2_rmap_del_slot(struct nvarm_s2mmu *s, uint32_t page, unsigned slot);
/* Remove node @n, known to be on @page's list, from that list and the hash. */
void nvarm_s2_rmap_del_node(struct nvarm_s2mmu *s, uint32_t page, uint32_t n);
/* Drop every node of @page whose descriptor in @tbl is no longer valid (all with NULL). */
void nvarm_s2_rmap_prune_page(struct nvarm_s2mmu *s, uint32_t page, const uint64_t *tbl);

/* table.c: find the leaf slot mapping @ipa2 (or the empty slot where the walk stops). */
bool nvarm_s2_shadow_find(struct nvarm_s2mmu *s, struct mmu_rec *m, uint64_t ipa2,
			  struct slot_ref *r);
/* Clear one leaf of MMU @mmu (descriptor, TLB, reverse map). */
void nvarm_s2_slot_remove(struct nvarm_s2mmu *s, unsigned mmu, const struct slot_ref *r);
/* The same for a leaf whose reverse-map node @n the caller has found (its bucket chain;
 * NIL: look it up by slot). */
void nvarm_s2_slot_remove_node(struct nvarm_s2mmu *s, unsigned mmu, const struct slot_ref *r,
			       uint32_t n);
/* Free every table page of MMU @i except the root, and empty the root (TLBI by VMID). */
void nvarm_s2_mmu_flush(struct nvarm_s2mmu *s, unsigned i);
/*
 * Flush MMU @i, free its root and unhash it: the record is free again. False (nothing done)
 * when a fault walking without the lock holds it (mmu_claim()).
 */
bool nvarm_s2_mmu_destroy(struct nvarm_s2mmu *s, unsigned i);

/* reclaim.c: the MMU page lists. */
void nvarm_s2_plist_push(struct nvarm_s2mmu *s, struct s2_plist *l, uint32_t idx);
void nvarm_s2_plist_unlink(struct nvarm_s2mmu *s, struct s2_plist *l, uint32_t idx);
/*
 * Page @idx may have lost its last descriptor (TLBI, L0 unmap or aging): if so it goes to
 * the head of its MMU's lru list, the first victim (it costs no working set).
 */
void nvarm_s2_page_emptied(struct nvarm_s2mmu *s, uint32_t idx);
/* A table descriptor was written into page @idx (first one moves it from lru to inner). */
void nvarm_s2_table_added(struct nvarm_s2mmu *s, uint32_t idx);

/* The shadow table pages a fault walks through (pinned while it reclaims). */
struct s2_path {
	uint32_t page[5];   /* page indices, root first */
	unsigned n;	    /* pages in page[] */
	uint32_t keep_page; /* the slot the fault writes its leaf (or first table) into */
	unsigned keep_slot;
};

/*
 * Make room for one fault in MMU @mmu (-1: no fault, e.g. a root for nvarm_s2mmu_get()):
 * evict shadow tables until @pages pool pages are free and, with @node, one reverse-map node.
 * Pages flagged PG_PIN survive; when only a single leaf can be given up, the leaf in the
 * slot @path names is never chosen. Returns 0, or NVARM_ERR_AGAIN (pages) /
 * NVARM_ERR_NOMEM (node) when nothing evictable is left.
 */
int nvarm_s2_reclaim(struct nvarm_s2mmu *s, int mmu, uint32_t pages, bool node,
		     const struct s2_path *path);
/*
 * Make an aligned run of root_pages pool pages free for a new MMU's root (lock held, no
 * fault in progress): destroy the least recently used idle MMU (its root is such a run),
 * else empty the MMUs whose tables sit in a run holding no root. NVARM_ERR_AGAIN when every
 * run holds a root of a busy MMU.
 */
int nvarm_s2_root_reclaim(struct nvarm_s2mmu *s, int keep, const struct nvarm_s2mmu_geo *gm);
/* Evict the shadow tables of page @idx of an MMU (it has no table descriptors). */
void nvarm_s2_evict_page(struct nvarm_s2mmu *s, uint32_t idx);
/* table.c: remove one leaf given by its page and slot (descriptor, TLB, reverse map). */
void nvarm_s2_leaf_remove(struct nvarm_s2mmu *s, uint32_t page, unsigned slot);

#endif
