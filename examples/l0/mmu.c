// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Translation tables of the example L0: its own EL2 stage-1 (identity), L1's stage-2
// (L1's RAM and the PL011 page only); the shadow stage-2 is platform.c's.
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

/* A zeroed table page from the pool (a stage-2 root, or a next-level table). */
uint64_t *pt_alloc(void)
{
	if (pt_used == PT_POOL)
		panic("page-table pool exhausted");
	uint64_t *t = pt_pool[pt_used++];
	memset(t, 0, sizeof(pt_pool[0]));
	return t;
}

static uint64_t *pt_next(uint64_t *table, unsigned idx)
{
	if (!(table[idx] & DESC_VALID)) {
		uint64_t *t = pt_alloc();
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

/* This CPU's EL2 stage-1 on, with the tables el2_mmu_on built (secondary CPUs: the same
 * MAIR/TCR/TTBR0/SCTLR_EL2 as the boot CPU). */
void el2_mmu_enable(void)
{
	write_sysreg(mair_el2, MAIR_VALUE);
	/* TCR_EL2 (E2H=0 layout): RES1 bits 31 and 23, PS, TG0=4K, SH0 inner, WB WA
	 * walks, T0SZ=25 (39-bit VA: the tables start at level 1). */
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
}

void el2_mmu_on(const struct machine *m)
{
	/* MMIO below RAM (QEMU virt: the first GB) as Device; RAM as Normal WB. */
	pt_map(el2_root, 0, 0, m->ram_base & ~((1ull << 30) - 1), S1_DEVICE);
	pt_map(el2_root, m->ram_base, m->ram_base, m->ram_size, S1_NORMAL);
	el2_mmu_enable();
	con_puts("l0: EL2 stage-1 on (identity, caches on)\n");
}

/* ------------------------------------------------------------- L1's stage-2 */

bool l1_ram(const struct l0_vm *vm, uint64_t ipa1, uint64_t len)
{
	return ipa1 >= vm->l1_base && ipa1 + len <= vm->l1_base + vm->l1_size && ipa1 + len >= ipa1;
}

/* VTCR_EL2 L0 runs L1 with: RES1 bit 31, PS, TG0=4K, SH0 inner, WB walks, SL0=1 (start at
 * level 1), T0SZ=25 (39-bit IPA), 8-bit VMID. */
uint64_t l0_vtcr(void)
{
	return (1ull << 31) | ((uint64_t)pa_range_bits() << 16) | (3ull << 12) | (1ull << 10) |
	       (1ull << 8) | (1ull << 6) | 25;
}

/* VTTBR_EL2 while L1 runs: its stage-2 under VMID 1. */
uint64_t l1_vttbr(const struct l0_vm *vm)
{
	return (uint64_t)(uintptr_t)vm->s2_root | (1ull << 48);
}
