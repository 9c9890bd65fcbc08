// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Shadow stage-2 benchmarks (callgrind instructions per operation):
 *   fault_4level      - stage-2 fault from L2 resolved: 4-level 4K L1 walk + L0 lookup +
 *                       shadow install, faults in address order so the walk caches hit
 *                       (target <= 1000)
 *   fault_4level_cold - the same with both walk caches missing every time (full 4-level L1
 *                       walk and full shadow descent; target <= 1600)
 *   fault_2streams    - two vCPUs each touching its own memory in address order (16 MB
 *                       apart), their faults interleaved: what one vCPU's fault costs when
 *                       another vCPU's fault came in between (the shared-MMU case of the
 *                       SMP throughput benchmark; target <= 1200)
 *   host_unmap_1e3    - L0 unmaps one L1 page with 10^3 shadow entries live
 *   host_unmap_1e6    - the same with 10^6 entries (target: <= 1.5x the 1e3 figure)
 *   fault_newtable    - faults 2 MB apart, pool with free pages: each installs a new level-3
 *                       shadow table (the free-space baseline of the next one; target <= 2810:
 *                       2,690 before the fault lanes, whose bookkeeping costs the context-lock
 *                       path ~55 instructions, issue #17; 2,763 before the shadow learnt
 *                       52-bit descriptors, whose format check costs ~26, issue #12)
 *   fault_reclaim     - the same stream on a full 64-page pool: every fault reclaims (evicts
 *                       the oldest level-3 table, break-before-make, TLBI, reverse map) and
 *                       reuses it (target: <= 2x the fault_newtable target)
 *   fault_4level_rmap_full - fault_4level with the reverse map full (1,024 entries): whole
 *                       leaf tables are evicted, amortised over the faults that refill them
 *                       (target: <= 2x the fault_4level target)
 *   fault_cold_ia40_4level / fault_cold_ia40_concat - fault_4level_cold with a 40-bit shadow
 *                       input: one root page (4 shadow levels, the geometry before
 *                       concatenation) / a 2-page concatenated root (3 levels)
 *   fault_newtable_ia40_4level / fault_newtable_ia40_concat - fault_newtable on the same two
 *                       geometries
 *   fault_around64    - fault_4level with fault_around = 64: each fault maps a whole 64-page
 *                       window, L0 mapping L1 with 4K pages (a host lookup per page; target
 *                       <= 22000 per fault, i.e. per 64 pages)
 *   fault_around64_hblock - the same with L0 mapping L1 with 2M blocks (one host lookup per
 *                       fault; target <= 13500); L1 maps pairs of pages swapped (no 2M
 *                       region linear)
 *   fault_around_2m_block - fault_around with L1 mapping 2M linearly, L0 with 2M blocks: each
 *                       fault compares 512 L1 descriptors and installs a 2M shadow block
 *   memory_report     - prints table pages vs the minimum and reverse-map bytes per entry and
 *                       aborts when above 1.1x / 16 bytes (the op itself is empty)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>

#include "bench/bench.h"

#define L1_BASE	    0x80000000ull
#define GUEST_IPA2  0x40000000ull
#define DATA_IPA1   0x4000000000ull
#define HOST_PA_OFF 0x100000000000ull

struct bs {
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	struct nvarm_s2mmu s;
	struct nvarm_s2mmu_config cfg;
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw;
	int mmu;
	uint8_t *l1mem;
	uint64_t l1_size, l1_next;
	uint64_t root;
	uint32_t npages;
	uint32_t stride; /* 4K pages between two mapped pages (1: contiguous) */
	uint8_t hblock;	 /* block_shift L0's stage-2 reports (0: 12, 4K pages) */
	uint32_t oa_xor; /* page i maps L1 page i ^ oa_xor (1: not linear, no 2M promotion) */
};

static int bench_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	const struct bs *b = user;
	out->pa = nvarm_pa(ipa.v + HOST_PA_OFF);
	out->block_shift = b && b->hblock ? b->hblock : 12;
	out->perm = NVARM_PERM_RWX;
	out->memattr = 0xf;
	out->sh = 3;
	out->flags = 0;
	return 0;
}

static uint64_t l1_alloc(struct bs *b)
{
	uint64_t a = b->l1_next;
	b->l1_next += 4096;
	if (b->l1_next > L1_BASE + b->l1_size)
		abort();
	return a;
}

static uint64_t *l1p(struct bs *b, uint64_t ipa1)
{
	return (uint64_t *)(void *)(b->l1mem + (ipa1 - L1_BASE));
}

/*
 * Map npages 4K pages, one every b->stride pages from GUEST_IPA2, -> DATA_IPA1 with a 4-level
 * 4K table (T0SZ=16, SL0=2).
 */
static void build_guest(struct bs *b, uint32_t npages)
{
	b->root = l1_alloc(b);
	for (uint32_t i = 0; i < npages; i++) {
		uint64_t ipa = GUEST_IPA2 + ((uint64_t)i * b->stride << 12), t = b->root;
		for (int level = 0; level < 3; level++) {
			uint64_t *d = l1p(b, t) + ((ipa >> (39 - 9 * level)) & 511);
			if (!(*d & 1))
				*d = l1_alloc(b) | 3;
			t = *d & 0xfffffffff000ull;
		}
		*(l1p(b, t) + ((ipa >> 12) & 511)) =
		    (DATA_IPA1 + ((uint64_t)(i ^ b->oa_xor) << 12)) | 3 | 0xf << 2 | 3 << 6 |
		    3 << 8 | 1 << 10;
	}
}

/*
 * The shadow with @ia input bits and at most @max_root concatenated root pages
 * (nvarm_s2mmu_config::max_root_pages; 0: up to 16).
 */
static struct bs *make_geom_fa(uint32_t npages, uint32_t stride, uint32_t pool, uint32_t rmap,
			       unsigned ia, unsigned max_root, unsigned fault_around,
			       unsigned hblock, uint32_t oa_xor)
{
	struct bs *b = calloc(1, sizeof(*b));

	b->npages = npages;
	b->stride = stride;
	b->l1_size = ((uint64_t)npages * stride / 512 + npages / 512 + 16) * 4096;
	b->l1mem = aligned_alloc(4096, b->l1_size);
	memset(b->l1mem, 0, b->l1_size);
	b->l1_next = L1_BASE;
	nvarm_host_model_init(&b->hm, b->l1mem, L1_BASE, b->l1_size);
	b->hm.s2_lookup = bench_lookup;
	b->hm.s2_user = b;
	b->hblock = (uint8_t)hblock;
	b->oa_xor = oa_xor;
	nvarm_host_model_ops(&b->hm, &b->ops);
	b->cfg.ops = &b->ops;
	b->cfg.guest.pa_bits = 48;
	b->cfg.guest.granules = 7;
	b->cfg.guest.hafdbs = true;
	b->cfg.guest.xnx = true;
	b->cfg.host_granule_shift = 12;
	b->cfg.host_ia_bits = (uint8_t)ia;
	b->cfg.max_root_pages = (uint8_t)max_root;
	b->cfg.fault_around = (uint16_t)fault_around;
	b->cfg.host_pa_bits = 48;
	b->cfg.host_xnx = true;
	b->cfg.hw_vmid_base = 1;
	b->cfg.max_mmus = 4;
	b->cfg.max_pool_pages = pool;
	b->cfg.rmap_entries = rmap;
	b->cfg.mem_size = nvarm_s2mmu_mem_bytes(4, pool, rmap);
	b->cfg.mem = aligned_alloc(64, (b->cfg.mem_size + 63) & ~(size_t)63);
	if (nvarm_s2mmu_init(&b->s, &b->cfg))
		abort();
	void *pages = aligned_alloc(4096, (size_t)pool * 4096);
	if (nvarm_s2mmu_pool_add(&b->s, nvarm_pa((uintptr_t)pages), pool))
		abort();
	build_guest(b, npages);
	b->l1.vttbr = b->root | 5ull << 48;
	b->l1.vm = true;
	b->l1.vtcr = 16 | 2u << 6 | 3u << 12 | 5u << 16 | 1u << 21 | 1u << 22;
	b->mmu = nvarm_s2mmu_get(&b->s, &b->l1, &b->hw);
	if (b->mmu < 0)
		abort();
	return b;
}

static struct bs *make_geom(uint32_t npages, uint32_t stride, uint32_t pool, uint32_t rmap,
			    unsigned ia, unsigned max_root)
{
	return make_geom_fa(npages, stride, pool, rmap, ia, max_root, 0, 0, 0);
}

static struct bs *make_pool(uint32_t npages, uint32_t stride, uint32_t pool, uint32_t rmap)
{
	return make_geom(npages, stride, pool, rmap, 48, 0);
}

static struct bs *make(uint32_t npages, uint32_t rmap)
{
	return make_pool(npages, 1, npages / 512 + 16, rmap);
}

static void do_fault(struct bs *b, uint32_t i)
{
	uint64_t ipa = GUEST_IPA2 + ((uint64_t)i * b->stride << 12);
	struct nvarm_s2mmu_fault f = {(uint64_t)0x24 << 26 | 1u << 25 | 0x07, 0x1000,
				      (ipa >> 12) << 4, false};
	struct nvarm_s2mmu_result r;

	if (nvarm_s2mmu_handle_fault(&b->s, b->mmu, &f, &r) || r.action != NVARM_S2MMU_INSTALLED)
		abort();
}

#define FAULT_ITERS 4096

static void *setup_fault(void)
{
	return make(FAULT_ITERS, 8192);
}

static void op_fault(void *st, unsigned i)
{
	do_fault(st, i);
}

/*
 * Walk-cache-cold variant: consecutive faults rotate among three L1 tables 1GB apart, so
 * neither the L1 walk cache (one entry) nor the shadow table cache (two) hits: a full
 * 4-level L1 walk and a full shadow descent every time.
 */
static void *setup_fault_cold(void)
{
	return make(FAULT_ITERS / 3 + 1 + (2u << 18), 16384);
}

static void op_fault_cold(void *st, unsigned i)
{
	do_fault(st, (i % 3) * (1u << 18) + i / 3);
}

/* Two streams 16 MB (4096 pages) apart, interleaved. */
#define STREAM_GAP 4096u

static void *setup_fault_2streams(void)
{
	return make(STREAM_GAP + FAULT_ITERS, 16384);
}

static void op_fault_2streams(void *st, unsigned i)
{
	do_fault(st, (i & 1) ? STREAM_GAP + i / 2 : i / 2);
}

/*
 * Fault-around (nvarm_s2mmu_config::fault_around = 64): L2 touching its memory in order
 * faults on the first page of each 64-page window; the fault maps all 64 (one read of 64 L1
 * descriptors, 63 extra leaves and reverse-map nodes). Per fault, i.e. per 64 pages: with L0
 * mapping L1 with 4K pages (a host_s2_lookup per page) and with 2M blocks (one per fault).
 */
#define FA_PAGES 64u

static void *setup_fault_around(unsigned hblock)
{
	uint32_t n = (FAULT_ITERS + 1) * FA_PAGES;
	/* pairs of pages swapped in L1: no 2M region is linear, fault-around maps pages */
	struct bs *b = make_geom_fa(n, 1, n / 512 + 16, n + 64, 48, 0, FA_PAGES, hblock, 1);
	/* the last window (no op touches it): check the fault-around really happens */
	do_fault(b, FAULT_ITERS * FA_PAGES);
	struct nvarm_s2mmu_stats st;
	if (nvarm_s2mmu_stats(&b->s, &st) || st.leaves != FA_PAGES ||
	    st.fault_around_leaves != FA_PAGES - 1)
		abort();
	return b;
}

static void *setup_fault_around64(void)
{
	return setup_fault_around(12);
}

static void *setup_fault_around64_hblock(void)
{
	return setup_fault_around(21);
}

static void op_fault_around(void *st, unsigned i)
{
	do_fault(st, i * FA_PAGES);
}

/*
 * The same with L1 mapping linearly and L0 with 2M blocks: each fault (one per 2M, i.e. per
 * 512 pages) compares the 512 L1 descriptors of its region and installs one 2M shadow block.
 */
static void *setup_fault_promote(void)
{
	uint32_t n = (FAULT_ITERS + 1) * 512;
	struct bs *b = make_geom_fa(n, 1, 64, 8192, 48, 0, FA_PAGES, 21, 0);
	do_fault(b, FAULT_ITERS * 512 + 5);
	struct nvarm_s2mmu_stats st;
	struct nvarm_s2mmu_entry e;
	if (nvarm_s2mmu_stats(&b->s, &st) || st.leaves != 1 ||
	    nvarm_s2mmu_lookup(&b->s, b->mmu, nvarm_ipa2(GUEST_IPA2 + (FAULT_ITERS * 512ull << 12)),
			       &e) ||
	    e.shift != 21)
		abort();
	return b;
}

static void op_fault_promote(void *st, unsigned i)
{
	do_fault(st, i * 512 + 3);
}

static void *setup_filled(uint32_t n)
{
	uint32_t rmap = n + n / 16 + 2;
	struct bs *b = make(n, rmap < NVARM_S2MMU_MAX_RMAP ? rmap : NVARM_S2MMU_MAX_RMAP);
	for (uint32_t i = 0; i < n; i++)
		do_fault(b, i);
	return b;
}

#define UNMAP_ITERS 512

static void *setup_1e3(void)
{
	return setup_filled(1000);
}

static void *setup_1e6(void)
{
	return setup_filled(1000000);
}

static void op_unmap(void *st, unsigned i)
{
	struct bs *b = st;
	/* Spread over the whole mapped set: page (i * stride) of n. */
	uint64_t page = ((uint64_t)i * 7919) % b->npages;

	if (nvarm_s2mmu_host_unmap(&b->s, nvarm_ipa1(DATA_IPA1 + (page << 12)), 4096) != 1)
		abort();
}

static void *setup_memory(void)
{
	struct bs *b = setup_filled(100000);
	struct nvarm_s2mmu_stats st;
	nvarm_s2mmu_stats(&b->s, &st);
	/* Minimum for 100000 contiguous 4K pages: L3 tables + L2 + L1 + root. */
	uint32_t l3 = (100000 + 511) / 512, l2 = (l3 + 511) / 512, min = l3 + l2 + 1 + 1;
	double ratio = (double)st.table_pages / min;
	printf("s2mmu memory: %u leaves, %u shadow table pages (minimum %u, ratio %.3f), "
	       "reverse map %u bytes/entry, page metadata %u bytes/page\n",
	       st.leaves, st.table_pages, min, ratio, st.rmap_bytes, NVARM_S2MMU_PAGE_META_BYTES);
	if (st.leaves != 100000 || ratio > 1.1 || st.rmap_bytes > 16)
		abort();
	return b;
}

static void op_empty(void *st, unsigned i)
{
	(void)st;
	(void)i;
}

/* Faults 2 MB apart (a new level-3 shadow table each), after @warm such faults. */
static struct bs *setup_newtable_pool(uint32_t pool, uint32_t warm)
{
	struct bs *b = make_pool(warm + FAULT_ITERS, 512, pool, 8192);
	for (uint32_t i = 0; i < warm; i++)
		do_fault(b, i);
	b->npages = warm; /* op i faults page warm + i */
	return b;
}

static void *setup_newtable(void)
{
	return setup_newtable_pool(FAULT_ITERS + 64, 0);
}

#define RECLAIM_POOL 64

static void *setup_reclaim(void)
{
	struct nvarm_s2mmu_stats st;
	struct bs *b = setup_newtable_pool(RECLAIM_POOL, 2 * RECLAIM_POOL);

	/* Steady state: the pool is full and the last fault had to reclaim. */
	nvarm_s2mmu_stats(&b->s, &st);
	if (st.free_pages > 1 || st.reclaim_passes < RECLAIM_POOL / 2)
		abort();
	return b;
}

static void op_newtable(void *st, unsigned i)
{
	struct bs *b = st;
	do_fault(b, b->npages + i);
}

static void *setup_rmap_full(void)
{
	struct nvarm_s2mmu_stats st;
	struct bs *b = make(FAULT_ITERS + 2048, 1024);

	for (uint32_t i = 0; i < 2048; i++)
		do_fault(b, i);
	nvarm_s2mmu_stats(&b->s, &st);
	if (st.reclaim_passes == 0)
		abort();
	b->npages = 2048;
	return b;
}

/*
 * A 40-bit shadow input with the 4K granule: one root page means a 4-level shadow (start
 * level 0), a 2-page concatenated root a 3-level one (start level 1). The same fault stream
 * as fault_4level_cold (every fault descends the whole shadow) and as fault_newtable (every
 * fault adds a level-3 table, every 512th a level-2 one), on both geometries.
 */
static void check_levels(struct bs *b, uint32_t levels)
{
	struct nvarm_s2mmu_stats st;

	nvarm_s2mmu_stats(&b->s, &st);
	if (st.levels != levels)
		abort();
}

static void *setup_cold_ia40(unsigned max_root, uint32_t levels)
{
	struct bs *b =
	    make_geom(FAULT_ITERS / 3 + 1 + (2u << 18), 1,
		      (FAULT_ITERS / 3 + 1 + (2u << 18)) / 512 + 16, 16384, 40, max_root);
	check_levels(b, levels);
	return b;
}

static void *setup_cold_ia40_4level(void)
{
	return setup_cold_ia40(1, 4);
}

static void *setup_cold_ia40_concat(void)
{
	return setup_cold_ia40(0, 3);
}

static void *setup_newtable_ia40(unsigned max_root, uint32_t levels)
{
	struct bs *b = make_geom(FAULT_ITERS, 512, 2 * FAULT_ITERS + 64, 8192, 40, max_root);
	check_levels(b, levels);
	b->npages = 0;
	return b;
}

static void *setup_newtable_ia40_4level(void)
{
	return setup_newtable_ia40(1, 4);
}

static void *setup_newtable_ia40_concat(void)
{
	return setup_newtable_ia40(0, 3);
}

static const struct nvarm_bench table[] = {
    {"fault_4level", FAULT_ITERS, 1000, setup_fault, op_fault},
    {"fault_4level_cold", FAULT_ITERS, 1600, setup_fault_cold, op_fault_cold},
    {"fault_2streams", FAULT_ITERS, 1200, setup_fault_2streams, op_fault_2streams},
    /* 1e6 target = 1.5 x the 1e3 target: the cost must not grow with the mapped set. */
    {"host_unmap_1e3", UNMAP_ITERS, 3000, setup_1e3, op_unmap},
    {"host_unmap_1e6", UNMAP_ITERS, 4500, setup_1e6, op_unmap},
    {"memory_report", 1, 10, setup_memory, op_empty},
    /* Mostly zeroing the new 4K table page. */
    {"fault_newtable", FAULT_ITERS, 2810, setup_newtable, op_newtable},
    /* Targets: 2 x the free-space figures' targets (as they were before the fault lanes). */
    {"fault_reclaim", FAULT_ITERS, 5400, setup_reclaim, op_newtable},
    {"fault_4level_rmap_full", FAULT_ITERS, 2000, setup_rmap_full, op_newtable},
    /*
     * Concatenated root: the 3-level targets sit below what the same stream measures on the
     * 4-level geometry (1,512 and 2,681 when added; 3-level: 1,436 and 2,605).
     */
    {"fault_cold_ia40_4level", FAULT_ITERS, 1600, setup_cold_ia40_4level, op_fault_cold},
    {"fault_cold_ia40_concat", FAULT_ITERS, 1480, setup_cold_ia40_concat, op_fault_cold},
    /* (the fault lanes added ~55 to both, as to fault_newtable: 2,690 and 2,614 before) */
    {"fault_newtable_ia40_4level", FAULT_ITERS, 2810, setup_newtable_ia40_4level, op_newtable},
    {"fault_newtable_ia40_concat", FAULT_ITERS, 2730, setup_newtable_ia40_concat, op_newtable},
    /*
     * Per fault of 64 pages (a fault and 63 prefetched leaves); when added: 20,734 and 12,563,
     * i.e. (figure - fault_4level) / 63 = 313 and 184 instructions per extra page with a host
     * lookup per page and one per 2M block.
     */
    {"fault_around64", FAULT_ITERS, 22000, setup_fault_around64, op_fault_around},
    {"fault_around64_hblock", FAULT_ITERS, 13500, setup_fault_around64_hblock, op_fault_around},
    /* Per fault of 512 pages (one 2M block): 12,132 when added, ~22 per L1 descriptor. */
    {"fault_around_2m_block", FAULT_ITERS, 13000, setup_fault_promote, op_fault_promote},
};

NVARM_BENCH_MAIN(table)
