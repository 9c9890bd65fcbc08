// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Translation tables of the example L0: its own EL2 stage-1 (identity), L1's stage-2
// (L1's RAM and the PL011 page only) and the shadow stage-2 that L2 runs on.
#include <string.h>

#include "l0.h"

/* ---------------------------------------------------- translation tables */
/*
 * One 4K-granule, 3-level (39-bit) table builder for both L0's EL2 stage-1 and L1's
 * stage-2: the descriptors differ only in their attribute bits. Tables come from a
 * static pool; 1G and 2M blocks are used where alignment allows.
 */
#define PT_POOL 24

/* Stage-1 (EL2): AttrIndx into MAIR_EL2 below. */
/* Stage-2: MemAttr[5:2] (FWB=0), S2AP[7:6] = RW. */

static uint64_t pt_pool[PT_POOL][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned pt_used;
static uint64_t el2_root[PT_ENTRIES] __attribute__((aligned(4096)));
uint64_t s2_root[PT_ENTRIES] __attribute__((aligned(4096)));

static uint64_t *pt_next(uint64_t *table, unsigned idx)
{
	if (!(table[idx] & DESC_VALID)) {
		if (pt_used == PT_POOL)
			panic("page-table pool exhausted");
		uint64_t *t = pt_pool[pt_used++];
		memset(t, 0, sizeof(pt_pool[0]));
		table[idx] = (uint64_t)(uintptr_t)t | DESC_TABLE;
	} else if ((table[idx] & 3) != DESC_TABLE) {
		panic("mapping over a block");
	}
	return (uint64_t *)(uintptr_t)DESC_ADDR(table[idx]);
}

/* Map [va, va+size) to pa with attributes @p attr, 4K-aligned, levels 1-3. */
void pt_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attr)
{
	while (size) {
		uint64_t *t = root;
		for (int level = 1; level <= 3; level++) {
			unsigned shift = 39 - 9 * (unsigned)level;
			uint64_t blk = 1ull << shift;
			unsigned idx = (unsigned)(va >> shift) & (PT_ENTRIES - 1);
			if (level == 3 || (level >= 1 && !(va & (blk - 1)) && !(pa & (blk - 1)) &&
					   size >= blk && level > 0)) {
				t[idx] = pa | attr | (level == 3 ? DESC_TABLE : DESC_BLOCK);
				va += blk;
				pa += blk;
				size -= blk;
				break;
			}
			t = pt_next(t, idx);
		}
	}
}

uint64_t *el2_root_get(void)
{
	return el2_root;
}

unsigned pa_range_bits(void)
{
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};
	uint64_t r = FIELD(read_sysreg(id_aa64mmfr0_el1), 3, 0);
	return r < sizeof(bits) ? (unsigned)r : 5;
}

void el2_mmu_on(void)
{
	/* MMIO below RAM (QEMU virt: the first GB) as Device; RAM as Normal WB. */
	pt_map(el2_root, 0, 0, m.ram_base & ~((1ull << 30) - 1), S1_DEVICE);
	pt_map(el2_root, m.ram_base, m.ram_base, m.ram_size, S1_NORMAL);
	write_sysreg(mair_el2, MAIR_VALUE);
	/* TCR_EL2 (E2H=0 layout): RES1 bits 31 and 23, PS, TG0=4K, SH0 inner, WB WA
	 * walks, T0SZ=25 (39-bit VA: the tables above start at level 1). */
	write_sysreg(tcr_el2, (1ull << 31) | (1ull << 23) | ((uint64_t)pa_range_bits() << 16) |
				  (3ull << 12) | (1ull << 10) | (1ull << 8) | 25);
	write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)el2_root);
	dsb(ish);
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	/* SCTLR_EL2: RES1 bits (E2H=0) + M, C, I. */
	write_sysreg(sctlr_el2, 0x30c50830ull | (1 << 0) | (1 << 2) | (1 << 12));
	isb();
	con_puts("l0: EL2 stage-1 on (identity, caches on)\n");
}

/* ------------------------------------------------------------ shadow stage-2 */
/*
 * L2 runs on nvarm's shadow stage-2 (include/nvarm/s2mmu.h): L2 IPA -> PA tables built on
 * demand from L1's stage-2 (read through the read_l1 hook) and L0's own stage-2 for L1
 * (host_s2_lookup), kept coherent with L1's TLBIs. L0 owns the memory: the context's state
 * buffer and a pool of 4K pages for the shadow tables, both static here, sized for up to
 * S2MMU_MAX_L1_RAM of L2 memory fully resident. shadow_init() hands nvarm what L1's RAM
 * needs (NVARM_S2MMU_POOL_PAGES_FOR / NVARM_S2MMU_RMAP_FOR), or nvarm.s2pool=N pool pages
 * (with N * 512 reverse-map entries): the shadow tables are a cache, a smaller one only
 * costs refaults (nvarm reclaims), down to nvarm's minimum (init fails below it).
 */
#define S2MMU_MMUS	 4	      /* shadow MMUs kept at once (L1's VTTBR/VTCR combinations) */
#define S2MMU_MAX_L1_RAM (1ull << 30) /* L2 memory kept fully resident at most */
#define S2MMU_POOL_PAGES NVARM_S2MMU_POOL_PAGES_FOR(S2MMU_MAX_L1_RAM, 12, S2MMU_MMUS, 100)
#define S2MMU_RMAP	 NVARM_S2MMU_RMAP_FOR(S2MMU_MAX_L1_RAM, 12, 100)

struct nvarm_s2mmu l0_s2mmu;
static uint64_t
    s2mmu_mem[(NVARM_S2MMU_MEM_BYTES(S2MMU_MMUS, S2MMU_POOL_PAGES, S2MMU_RMAP) + 7) / 8];
static uint8_t s2mmu_pool[S2MMU_POOL_PAGES][4096] __attribute__((aligned(4096)));

bool l1_ram(uint64_t ipa1, uint64_t len)
{
	return ipa1 >= vcpu.l1_base && ipa1 + len <= vcpu.l1_base + vcpu.l1_size;
}

/* VTCR_EL2 L0 runs L1 with: RES1 bit 31, PS, TG0=4K, SH0 inner, WB walks, SL0=1 (start at
 * level 1), T0SZ=25 (39-bit IPA), 8-bit VMID. */
uint64_t l0_vtcr(void)
{
	return (1ull << 31) | ((uint64_t)pa_range_bits() << 16) | (3ull << 12) | (1ull << 10) |
	       (1ull << 8) | (1ull << 6) | 25;
}

void shadow_init(void)
{
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned pa_bits = bits[pa_range_bits()];
	bool xnx = FIELD(read_sysreg(id_aa64mmfr1_el1), 31, 28) != 0;
	/* L2 memory is at most L1's RAM: size the cache for all of it resident. */
	uint64_t l2 = vcpu.l1_size < S2MMU_MAX_L1_RAM ? vcpu.l1_size : S2MMU_MAX_L1_RAM;
	uint32_t pool = (uint32_t)NVARM_S2MMU_POOL_PAGES_FOR(l2, 12, S2MMU_MMUS, 100);
	uint32_t rmap = (uint32_t)NVARM_S2MMU_RMAP_FOR(l2, 12, 100);
	if (vcpu.s2pool) {
		pool = vcpu.s2pool < S2MMU_POOL_PAGES ? vcpu.s2pool : (uint32_t)S2MMU_POOL_PAGES;
		rmap = pool * 512 < S2MMU_RMAP ? pool * 512 : (uint32_t)S2MMU_RMAP;
	}
	struct nvarm_s2mmu_config cfg = {
	    .ops = &l0_ops,
	    /* L1 reads the real ID registers: it may use any granule this CPU has. */
	    .guest = {.pa_bits = (uint8_t)(pa_bits > 48 ? 48 : pa_bits),
		      .granules = NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K,
		      .xnx = xnx,
		      /* L1 sees the host's ID_AA64MMFR1_EL1.HAFDBS: honour its VTCR_EL2.HA/HD
		       * (platform.c's cmpxchg_l1 updates L1's descriptors) */
		      .hafdbs = FIELD(read_sysreg(id_aa64mmfr1_el1), 3, 0) >= 1},
	    .host_granule_shift = 12,
	    .host_ia_bits = (uint8_t)(pa_bits > 48 ? 48 : pa_bits),
	    .host_pa_bits = (uint8_t)(pa_bits > 48 ? 48 : pa_bits),
	    .host_xnx = xnx,
	    .hw_vmid_base = SHADOW_VMID,
	    .max_mmus = S2MMU_MMUS,
	    .max_pool_pages = pool,
	    .rmap_entries = rmap,
	    .mem = s2mmu_mem,
	    .mem_size = sizeof(s2mmu_mem),
	};
	int rc = nvarm_s2mmu_init(&l0_s2mmu, &cfg);
	if (!rc)
		rc = nvarm_s2mmu_pool_add(&l0_s2mmu, nvarm_pa((uintptr_t)s2mmu_pool), pool);
	con_printf("l0: shadow stage-2: %u pool pages, %u reverse-map entries (%s)\n", pool, rmap,
		   vcpu.s2pool ? "nvarm.s2pool" : "L1 RAM resident");
	if (rc) {
		con_printf("l0: shadow stage-2 init failed (%d)\n", rc);
		panic("nvarm_s2mmu_init");
	}
}
