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
unsigned pt_used;
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
 * nvarm: this whole section is what nvarm's shadow stage-2 does properly (any granule,
 * permissions and attributes intersected, TLBI tracking, bounded walks with the
 * read_l1/host_s2_lookup hooks). The example's stand-in: 4K granule only, L1's tables
 * read directly (L1 RAM is identity mapped), 4K shadow pages, whole-table invalidation.
 */
uint64_t shadow_root[PT_ENTRIES] __attribute__((aligned(4096)));
unsigned pt_used_l1; /* pool tables below this are L0's own and L1's stage-2 */

bool l1_ram(uint64_t ipa1, uint64_t len)
{
	return ipa1 >= vcpu.l1_base && ipa1 + len <= vcpu.l1_base + vcpu.l1_size;
}

/* VTCR_EL2.TG0 -> granule shift; VTCR_EL2.SL0 -> start level per granule (Arm ARM
 * D8.2, "Stage 2 translation: initial lookup level"). */
static const struct {
	uint8_t tg0, shift;
	int8_t start[4]; /* by SL0; -1 reserved (or needing FEAT_LPA2/SL2) */
} s2_granules[] = {
    {0, 12, {2, 1, 0, -1}}, /* 4K:  SL0=0 L2, 1 L1, 2 L0 */
    {2, 14, {3, 2, 1, -1}}, /* 16K: SL0=0 L3, 1 L2, 2 L1 */
    {1, 16, {3, 2, 1, -1}}, /* 64K: SL0=0 L3, 1 L2, 2 L1 */
};

/*
 * Walk L1's stage-2 (any granule) for an L2 IPA: 0 with *out = the L1 IPA it maps to
 * and *attrs = the descriptor's MemAttr/S2AP/SH/XN bits, or -1 (not mapped, or tables
 * outside L1's RAM). Bounded: at most four levels. nvarm: nvarm_s2_walk().
 */
int l1_s2_walk(uint64_t ipa2, uint64_t *out, uint64_t *attrs)
{
	uint64_t vtcr = vel2_get(ENC_VTCR_EL2), vttbr = vel2_get(ENC_VTTBR_EL2);
	unsigned t0sz = (unsigned)FIELD(vtcr, 5, 0), sl0 = (unsigned)FIELD(vtcr, 7, 6);
	unsigned tg0 = (unsigned)FIELD(vtcr, 15, 14), g = 0, ia_bits = 64 - t0sz;
	const uint64_t oa_mask = 0x0000ffffffffffffull;

	while (g < sizeof(s2_granules) / sizeof(s2_granules[0]) && s2_granules[g].tg0 != tg0)
		g++;
	if (g == sizeof(s2_granules) / sizeof(s2_granules[0]) || t0sz < 16 || t0sz > 39 ||
	    s2_granules[g].start[sl0] < 0 || ipa2 >> ia_bits)
		return -1;
	unsigned gs = s2_granules[g].shift, stride = gs - 3;
	int level = s2_granules[g].start[sl0];
	uint64_t table = vttbr & oa_mask & ~((1ull << gs) - 1);
	for (bool first = true; level <= 3; level++, first = false) {
		unsigned shift = gs + stride * (unsigned)(3 - level);
		/* The start level may use concatenated tables: all remaining IA bits. */
		unsigned bits = first ? ia_bits - shift : stride;
		if (shift >= ia_bits || bits > stride + 4)
			return -1;
		uint64_t idx = (ipa2 >> shift) & ((1ull << bits) - 1);
		uint64_t d;
		if (l0_ops.read_l1(l0_ops.ctx, nvarm_ipa1(table + idx * 8), &d, sizeof(d)))
			return -1; /* L1's tables must be in L1's RAM */
		if (!(d & 1))
			return -1;
		if (level == 3 || !(d & 2)) {
			if (level == 3 && !(d & 2))
				return -1; /* reserved at level 3 */
			uint64_t mask = (1ull << shift) - 1;
			*out = (d & oa_mask & ~mask) | (ipa2 & mask);
			*attrs = d & ((0xfull << 2) | (3ull << 6) | (3ull << 8) | (3ull << 53));
			return 0;
		}
		table = d & oa_mask & ~((1ull << gs) - 1);
	}
	return -1;
}

void shadow_invalidate_all(void)
{
	memset(shadow_root, 0, sizeof(shadow_root));
	pt_used = pt_used_l1;
	nvarm_bm_tlbi(NVARM_TLBI_S2_VMALL, (uint16_t)SHADOW_VMID, nvarm_ipa2(0), -1);
	st.shadow_inval++;
}
