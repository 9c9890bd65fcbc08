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

/* ------------------------------------------------- L1's VNCR page for its guest */

#define HCR_NV_BIT	 (1ull << 42)
#define HCR_NV2_BIT	 (1ull << 45)
#define PAR_F		 1ull	     /* PAR_EL1.F: the translation failed */
#define PAR_S		 (1ull << 9) /* PAR_EL1.S: at stage 2 */
#define FSC_SEA		 0x10	     /* synchronous External abort, not on a walk */
#define FSC_SEA_WALK	 0x14	     /* ... on a translation table walk, + level */

#define FSC_ADDR_SIZE_L0 0x00 /* Address size fault, level 0 */

/* The PA size L1 is offered (its ID_AA64MMFR0_EL1.PARange), in bits. */
static unsigned l1_pa_bits(const struct l0_vm *vm)
{
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};
	uint64_t r = FIELD(vm->cfg.id.mmfr0, 3, 0);

	return r < sizeof(bits) ? bits[r] : 48;
}

/* AT S1E1R or S1E1W of @p va in L1's EL2 regime (the hardware EL1&0 one while L1's state
 * is loaded): PAR_EL1, L1's own PAR_EL1 kept. */
static uint64_t l1_el2_at(uint64_t va, bool write)
{
	uint64_t saved = read_sysreg(par_el1), par;

	if (write)
		__asm__ volatile("at s1e1w, %0" ::"r"(va));
	else
		__asm__ volatile("at s1e1r, %0" ::"r"(va));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	return par;
}

/*
 * The data abort status L1's PE would report for a failed AT: PAR_EL1.FST [6:1] is the
 * stage-1 fault of L1's EL2 regime as it is. A stage-2 fault (PAR_EL1.S) is L0's stage-2
 * refusing an IPA L1 has no memory at, met on L1's table walk: natively a walk reaching a
 * PA without memory, a synchronous External abort on the walk (DFSC 0b0101LL). The level
 * PAR_EL1 gives is the stage-2 one (the stage-1 level of the walk is not reported): an
 * approximation of LL.
 */
uint8_t l1_el2_fsc(uint64_t par)
{
	uint8_t fst = (uint8_t)FIELD(par, 6, 1);

	return (par & PAR_S) ? (uint8_t)(FSC_SEA_WALK | (fst & 3)) : fst;
}

/* The per-vCPU slots of l1_vncr_hw in L0's EL2 space: the read-only alias mapped once here
 * (to the vCPU's own page until used), so that later remaps only rewrite its level-3
 * descriptor (no table allocation at run time); the poison page is never mapped. */
void l1_vncr_slots(struct l0_vcpu *v)
{
	pt_map(el2_root_get(), VNCR_L1RO_ALIAS(v), (uint64_t)(uintptr_t)v->vncr_page, 4096,
	       S1_NORMAL | (1ull << 7) /* AP[2]: read-only */);
	v->l2vncr.ro_pa = (uint64_t)(uintptr_t)v->vncr_page;
	dsb(ish);
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
}

/*
 * Recursive nesting with FEAT_NV2 (nvarm.l1nv=nv2): L1 runs its own guest hypervisor with
 * HCR_EL2.{NV, NV2} and its VNCR_EL2 naming a page by an address of L1's EL2 translation
 * regime. The hardware takes L1's NV2 (nvarm_fwd_hw_traps), so the hardware VNCR_EL2 must
 * name that page in L0's EL2 space. L1's EL2 regime is the hardware EL1&0 one until L2's EL1
 * registers are loaded, so AT S1E1R/W give the IPA and the permissions; L1's RAM is IPA =
 * PA and L0's EL2 map the identity. Called at every entry into L2 (L1 may move or remap the
 * page meanwhile). Returns the hardware VNCR_EL2, or 0 when L1's guest does not use NV2.
 *
 * Where L1's PE would fault on the page (FEAT_NV2: the access is made in the EL2 regime,
 * and its Data Abort is taken to EL2 with ISS.VNCR = 1, FAR_EL2 = the address; DDI 0487
 * D24.2 ESR_EL2, "VNCR"), L0 records the fault status and gives the hardware an address
 * that faults the same way in its own EL2 regime, only when L2 makes the access, as
 * natively: a page L0 never maps (a read L1's regime refuses, or an IPA without L1's
 * memory: QEMU answers a PA without memory with a synchronous External abort), or a
 * read-only alias of the page (L1 maps it read-only: writes fault). trap.c
 * (l2_vncr_abort) turns the hardware fault into L1's.
 */
uint64_t l1_vncr_hw(struct l0_vcpu *v)
{
	uint64_t hcr, pr, pw, pa;

	/* (every L2 entry: the VM's question first, L1's HCR_EL2 only if it can say yes) */
	if (!(v->vm->cfg.features & NVARM_VMF_L1NV2))
		return 0;
	hcr = vel2_get_id(v, NVARM_SR_HCR_EL2);
	if ((hcr & (HCR_NV_BIT | HCR_NV2_BIT)) != (HCR_NV_BIT | HCR_NV2_BIT))
		return 0;
	v->l2vncr.va = vel2_get_id(v, NVARM_SR_VNCR_EL2) & ~0xfffull;
	pr = l1_el2_at(v->l2vncr.va, false);
	pw = l1_el2_at(v->l2vncr.va, true);
	pa = pr & 0x000ffffffffff000ull; /* PAR_EL1.PA[51:12] (52-bit with FEAT_LPA) */
	v->l2vncr.fsc_r = (pr & PAR_F) ? L0_VNCR_FAULT | l1_el2_fsc(pr) : 0;
	v->l2vncr.fsc_w = (pw & PAR_F) ? L0_VNCR_FAULT | l1_el2_fsc(pw) : 0;
	/* L1's EL2 stage-1 off (SCTLR_EL2.M = 0): the VA is the PA, and one beyond the PA
	 * range L1 is offered is an Address size fault at level 0 (DDI 0487 D8.x, "Stage 1
	 * translation disabled"); the hardware AT checks its own, larger, range only */
	if (!(vel2_get_id(v, NVARM_SR_SCTLR_EL2) & 1) && (v->l2vncr.va >> l1_pa_bits(v->vm)) != 0)
		v->l2vncr.fsc_r = v->l2vncr.fsc_w = L0_VNCR_FAULT | FSC_ADDR_SIZE_L0;
	if (!v->l2vncr.fsc_r && !l1_ram(v->vm, pa, 4096))
		v->l2vncr.fsc_r = v->l2vncr.fsc_w = L0_VNCR_FAULT | FSC_SEA;
	if (v->l2vncr.fsc_r) {
		v->l2vncr.hw = VNCR_L1_POISON(v);
	} else if (v->l2vncr.fsc_w) {
		if (v->l2vncr.ro_pa != pa) {
			pt_map(el2_root_get(), VNCR_L1RO_ALIAS(v), pa, 4096,
			       S1_NORMAL | (1ull << 7) /* AP[2]: read-only */);
			v->l2vncr.ro_pa = pa;
			dsb(ishst);
			__asm__ volatile("tlbi vae2is, %0" ::"r"(VNCR_L1RO_ALIAS(v) >> 12)
					 : "memory");
			dsb(ish);
			isb();
		}
		v->l2vncr.hw = VNCR_L1RO_ALIAS(v);
	} else {
		v->l2vncr.hw = pa;
	}
	return v->l2vncr.hw;
}
