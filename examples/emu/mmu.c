// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Address translation of the emulator embedding: Unicorn runs with its virtual TLB
// (UC_TLB_VIRTUAL), so every TLB miss asks tlb_fill_cb() for the page:
//  - L1 (vEL2): L1's own EL2 stage-1, walked from the vEL2 file (SCTLR/TCR/TTBR0_EL2); L1's
//    IPAs are the machine's addresses. The ERET sentinel page is L1's ERET (emu.h).
//  - L2: L2's stage 1 (off in this example's L2), then nvarm's shadow stage-2: the leaf
//    nvarm_s2mmu_lookup() finds, or nvarm_s2mmu_handle_fault() with the syndrome the
//    hardware would give (a data abort's ISS decoded from the instruction: ls_decode):
//    installed (map it), inject (L1's stage-2 faults: the exception into vEL2 is left to the
//    run loop, Unicorn's access fails), or L0's (an L1 address this machine emulates).
// L1's TLBIs reach nvarm_s2mmu_tlbi() (sysreg.c) and flush Unicorn's TLB; so does every
// world switch (both worlds run at EL1, in the same Unicorn translation regime).
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define S2_MMUS	 4
#define S2_POOL	 1024
#define S2_RMAP	 8192
#define ADDR_MSK 0x0000fffffffff000ull

void tlb_flush(void)
{
	uc_ctl_flush_tlb(E.uc);
}

void l1_s2_regs(struct nvarm_s2mmu_l1_regs *l1)
{
	l1->vttbr = vel2_get(NVARM_ENC_VTTBR_EL2);
	l1->vtcr = vel2_get(NVARM_ENC_VTCR_EL2);
	l1->big_endian = (vel2_get(NVARM_ENC_SCTLR_EL2) >> 25) & 1;
	l1->fwb = (vel2_get(NVARM_ENC_HCR_EL2) & NVARM_HCR_EL2_FWB) != 0;
	l1->vm = (vel2_get(NVARM_ENC_HCR_EL2) & NVARM_HCR_EL2_VM) != 0;
}

static struct nvarm_s2mmu_config s2cfg;
static void *s2pool;

void mmu_init(void)
{
	size_t bytes = NVARM_S2MMU_MEM_BYTES(S2_MMUS, S2_POOL, S2_RMAP);
	void *mem = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
	void *pool = aligned_alloc(4096, (size_t)S2_POOL * 4096);
	s2pool = pool;
	struct nvarm_s2mmu_config cfg = {
	    .ops = &E.ops,
	    .guest = {.pa_bits = 48,
		      .granules = NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K,
		      .hafdbs = true,
		      .xnx = true},
	    .host_xnx = true,
	    .host_granule_shift = 12,
	    .host_ia_bits = 48,
	    .host_pa_bits = 48,
	    .hw_vmid_base = 2,
	    .max_mmus = S2_MMUS,
	    .max_pool_pages = S2_POOL,
	    .rmap_entries = S2_RMAP,
	    .mem = mem,
	    .mem_size = bytes,
	};
	s2cfg = cfg;
	int r = nvarm_s2mmu_init(&E.s2, &cfg);
	if (!r)
		r = nvarm_s2mmu_pool_add(&E.s2, nvarm_pa((uintptr_t)pool), S2_POOL);
	if (r) {
		EMU_LOG("emu: nvarm_s2mmu_init/pool_add: %d\n", r);
		exit(2);
	}
}

/* A fresh shadow stage-2 (the fuzzer's restore), with the shadow MMU of L1's current
 * VTTBR_EL2/VTCR_EL2 when L2 runs. */
void mmu_reset(void)
{
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw;
	int r = nvarm_s2mmu_init(&E.s2, &s2cfg);
	if (!r)
		r = nvarm_s2mmu_pool_add(&E.s2, nvarm_pa((uintptr_t)s2pool), S2_POOL);
	if (r) {
		fatal("nvarm_s2mmu_init/pool_add failed");
		return;
	}
	if (E.in_l2) {
		l1_s2_regs(&l1);
		E.mmu_id = nvarm_s2mmu_get(&E.s2, &l1, &hw);
		if (E.mmu_id < 0)
			fatal("nvarm_s2mmu_get failed");
	}
}

/* L1's RAM by machine address (a table walk's reads). */
static bool ram_read64(uint64_t pa, uint64_t *v)
{
	if (pa < RAM_BASE || pa + 8 > RAM_BASE + RAM_SIZE || (pa & 7))
		return false;
	memcpy(v, E.ram + (pa - RAM_BASE), 8);
	return true;
}

/*
 * A VMSAv8-64 stage-1 walk of the TTBR0 range (TCR.T0SZ, TG0: 4K, 16K or 64K granule; the
 * same fields in the EL2 and EL1 formats), no permission checks: @return true with @p pa,
 * or false with the level of the translation fault.
 */
/* Stage-1 table reads: machine addresses (L1's EL2 regime) or, for L2, L2 IPAs through the
 * shadow stage-2 (l2_table_read; a stage-2 fault on the walk is handled there). */
static bool (*table_read)(uint64_t addr, uint64_t *v) = ram_read64;
static bool ptw_aborted;

static bool s1_walk_ex(uint64_t sctlr, uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1, bool el1,
		       uint64_t va, uint64_t *pa, unsigned *fault_level)
{
	*fault_level = 0;
	if (!(sctlr & 1)) {
		*pa = va;
		return true;
	}
	/* EL1&0 format: bit 55 selects TTBR1 (T1SZ [21:16], TG1 [31:30]: 1 16K, 2 4K, 3 64K) */
	bool upper = el1 && ((va >> 55) & 1);
	unsigned tsz = upper ? (unsigned)((tcr >> 16) & 0x3f) : (unsigned)(tcr & 0x3f);
	unsigned tg = upper ? (unsigned)((tcr >> 30) & 3) : (unsigned)((tcr >> 14) & 3);
	unsigned g = upper ? (tg == 1	? 14
			      : tg == 3 ? 16
					: 12)
			   : (tg == 1	? 16
			      : tg == 2 ? 14
					: 12);
	unsigned stride = g - 3;
	unsigned ia = 64 - tsz;
	uint64_t ttbr0_ = upper ? ttbr1 : ttbr0;
	if (upper && (tcr & (1ull << 23)))
		return false; /* EPD1 */
	if (!upper && el1 && (tcr & (1ull << 7)))
		return false; /* EPD0 */
	if (tsz < 16 || tsz > 39)
		return false;
	if (upper ? (~va >> ia) != 0 : (ia < 64 && (va >> ia)))
		return false;
	unsigned levels = (ia - g + stride - 1) / stride;
	int start = 4 - (int)levels;
	uint64_t table = ttbr0_ & 0x0000fffffffffffeull;
	for (int level = start; level <= 3; level++) {
		unsigned shift = g + stride * (unsigned)(3 - level);
		unsigned bits = level == start ? ia - shift : stride;
		uint64_t idx = (va >> shift) & ((1ull << bits) - 1), d;
		*fault_level = (unsigned)level;
		if (!table_read((table & ~7ull) + idx * 8, &d) || !(d & 1))
			return false;
		uint64_t oa = d & 0x0000ffffffffffffull;
		if (level < 3 && (d & 3) == 1) {
			*pa = (oa & ~((1ull << shift) - 1)) | (va & ((1ull << shift) - 1));
			return true;
		}
		if (level == 3) {
			if ((d & 3) != 3)
				return false;
			*pa = (oa & ~((1ull << g) - 1)) | (va & ((1ull << g) - 1));
			return true;
		}
		if ((d & 3) != 3)
			return false;
		table = oa & ~((1ull << g) - 1);
	}
	return false;
}

bool s1_walk(bool vhe, uint64_t sctlr, uint64_t tcr, uint64_t ttbr0, uint64_t va, uint64_t *pa,
	     unsigned *fault_level)
{
	table_read = ram_read64;
	/* VHE: TCR_EL2 has the EL1 format (TTBR1_EL2 not used by these guests) */
	return s1_walk_ex(sctlr, tcr, ttbr0, 0, vhe, va, pa, fault_level);
}

static uint64_t xn_or_sp(unsigned n)
{
	uint64_t v = 0;
	if (n == 31)
		uc_reg_read(E.uc, UC_ARM64_REG_SP, &v);
	else
		v = reg_x(n);
	return v;
}

/*
 * Loads and stores of one general-purpose register (unsigned offset, unscaled, pre/post
 * index, register offset): the address, and the data abort ISS (ISV, SAS, SSE, SRT, SF, WnR;
 * ISV only without writeback). @return false for other instructions.
 */
bool ls_decode(uint32_t insn, uint64_t *addr, uint64_t *iss, bool *write)
{
	unsigned size = insn >> 30, opc = (insn >> 22) & 3, rn = (insn >> 5) & 31, rt = insn & 31;
	bool isv = true;

	if (insn & (1u << 26))
		return false; /* SIMD&FP */
	if ((insn & 0x3fa00000u) == 0x08800000u) {
		/* load-acquire / store-release (LDAR, STLR, LDLAR, STLLR): ISV with AR */
		bool w = !((insn >> 22) & 1);
		*addr = xn_or_sp(rn);
		*write = w;
		*iss = (1ull << 24) | ((uint64_t)size << 22) | ((uint64_t)rt << 16) |
		       ((uint64_t)(size == 3) << 15) | (1ull << 14) | (w ? 1ull << 6 : 0);
		return true;
	}
	if ((insn & 0x3a000000u) == 0x28000000u) {
		/* LDP/STP (signed offset, pre/post index): the first address, no ISV */
		unsigned opc2 = insn >> 30, kind = (insn >> 23) & 3;
		int64_t imm7 = (int64_t)((insn >> 15) & 0x7f);
		if (imm7 & 0x40)
			imm7 -= 0x80;
		unsigned scale = 2 + (opc2 >> 1);
		*addr = xn_or_sp(rn) + (kind == 1 ? 0 : (uint64_t)(imm7 * (1 << scale)));
		*write = !((insn >> 22) & 1);
		*iss = *write ? 1ull << 6 : 0;
		return true;
	}
	if ((insn & 0x3b000000u) == 0x39000000u) {
		*addr = xn_or_sp(rn) + (((insn >> 10) & 0xfffull) << size);
	} else if ((insn & 0x3b200c00u) == 0x38200800u) {
		uint64_t m = reg_x((insn >> 16) & 31);
		unsigned option = (insn >> 13) & 7;
		if (option == 2)
			m = (uint32_t)m;
		else if (option == 6)
			m = (uint64_t)(int64_t)(int32_t)m;
		*addr = xn_or_sp(rn) + (m << (((insn >> 12) & 1) ? size : 0));
	} else if ((insn & 0x3b200000u) == 0x38000000u) {
		int64_t imm9 = (int64_t)((insn >> 12) & 0x1ff);
		unsigned kind = (insn >> 10) & 3;
		if (imm9 & 0x100)
			imm9 -= 0x200;
		*addr = xn_or_sp(rn) + (kind == 1 ? 0 : (uint64_t)imm9);
		isv = kind == 0 || kind == 2;
	} else {
		return false;
	}
	if (size == 3 && opc >= 2)
		return false; /* PRFM */
	*write = opc == 0;
	bool sse = opc >= 2, sf = size == 3 || opc == 2;
	*iss = (isv ? (1ull << 24) | ((uint64_t)size << 22) | ((uint64_t)sse << 21) |
			  ((uint64_t)rt << 16) | ((uint64_t)sf << 15)
		    : 0) |
	       (*write ? 1ull << 6 : 0);
	return true;
}

static bool mmio_addr(uint64_t pa)
{
	return (pa >= UART_BASE && pa < UART_BASE + 0x1000) ||
	       (pa >= GICD_BASE && pa < GICD_BASE + GICD_SIZE) ||
	       (pa >= GICR_BASE && pa < GICR_BASE + GICR_SIZE);
}

/* Unicorn permissions of a shadow entry for the current EL (XN[0]: EL1 and EL0 apart) */
static int perms_of(unsigned p)
{
	unsigned x = ((reg_pstate() >> 2) & 3) == 0 ? NVARM_PERM_XU : NVARM_PERM_XP;
	return ((p & NVARM_PERM_R) ? UC_PROT_READ : 0) | ((p & NVARM_PERM_W) ? UC_PROT_WRITE : 0) |
	       ((p & x) ? UC_PROT_EXEC : 0);
}

static bool allowed(int perms, uc_mem_type type)
{
	if (type == UC_MEM_FETCH)
		return perms & UC_PROT_EXEC;
	if (type == UC_MEM_WRITE)
		return perms & UC_PROT_WRITE;
	return perms & UC_PROT_READ;
}

/* The faulting address of an access to the 1K page @p va (FAR: the decoded load/store, or the
 * PC for a fetch) and its ISS (WnR, and ISV/SRT... for loads and stores). */
static uint64_t fault_far(uc_mem_type type, uint64_t va, uint64_t *iss)
{
	uint64_t pc = reg_pc(), addr;
	bool w = type == UC_MEM_WRITE;

	*iss = 0;
	if (type == UC_MEM_FETCH)
		return (pc & ~0x3ffull) == va ? pc : va;
	if (ls_decode(insn_at(pc), &addr, iss, &w) && (addr & ~0x3ffull) == va)
		return addr;
	*iss = w ? 1ull << 6 : 0;
	return va;
}

static uint64_t walk_va;
static bool walk_probe;

/* A descriptor of L2's stage-1 tables at L2 IPA @p ipa: through the shadow stage-2 (a miss is a
 * stage-2 fault on the walk, ISS.S1PTW, resolved or injected into L1 like any other). */
static bool l2_table_read(uint64_t ipa, uint64_t *v)
{
	struct nvarm_s2mmu_entry ent;

	for (int tries = 0; tries < 2; tries++) {
		if (nvarm_s2mmu_lookup(&E.s2, E.mmu_id, nvarm_ipa2(ipa), &ent) == 0 &&
		    (ent.perm & NVARM_PERM_R))
			return ram_read64(ent.pa.v - E.hm.pa_offset, v);
		struct nvarm_s2mmu_fault f = {
		    .esr = (0x24ull << 26) | (1ull << 25) | (1ull << 7) | 0x07,
		    .far = walk_va,
		    .hpfar = (ipa >> 12) << 4,
		};
		struct nvarm_s2mmu_result res;
		if (nvarm_s2mmu_handle_fault(&E.s2, E.mmu_id, &f, &res) < 0)
			break;
		if (res.action == NVARM_S2MMU_INSTALLED)
			continue;
		ptw_aborted = true;
		if (walk_probe)
			return false;
		struct pend p = {.pc = reg_pc(), .far = walk_va, .has_far = true};
		if (res.action == NVARM_S2MMU_INJECT) {
			p.kind = PEND_EXC_L1;
			p.esr = res.esr_el2;
			p.far = res.far_el2;
			p.ipa = ((res.hpfar_el2 >> 4) & 0xffffffffffull) << 12;
			p.has_ipa = true;
		} else { /* synchronous External abort on the walk (DFSC 0x14 + level: 0x17) */
			p.kind = PEND_EXC_L2;
			p.esr = (0x25ull << 26) | (1ull << 25) | 0x17;
		}
		pend_set(&p);
		return false;
	}
	ptw_aborted = true;
	if (!walk_probe)
		fatal("nvarm_s2mmu_handle_fault failed on L2's stage-1 walk");
	return false;
}

/* L2 VA -> L2 IPA (its stage 1, when on) -> machine address through the shadow stage-2
 * (faulting it in if need be). */
static bool l2_fill(uint64_t va, uc_mem_type type, uc_tlb_entry *e, void *user)
{
	struct nvarm_s2mmu_entry ent;
	uint64_t ipa = va, sctlr = cp_read(NVARM_ENC_SCTLR_EL1);

	if (sctlr & 1) {
		unsigned lvl;
		uint64_t iss0;
		walk_va = fault_far(type, va, &iss0); /* FAR of a fault on the walk */
		walk_probe = user == (void *)1;
		ptw_aborted = false;
		table_read = l2_table_read;
		bool ok =
		    s1_walk_ex(sctlr, cp_read(NVARM_ENC_TCR_EL1), cp_read(NVARM_ENC_TTBR0_EL1),
			       cp_read(NVARM_ENC_TTBR1_EL1), true, va, &ipa, &lvl);
		table_read = ram_read64;
		if (!ok) {
			if (ptw_aborted || walk_probe)
				return false;
			/* a stage-1 translation fault: L2's own, to its EL1 (EC 0x24/0x20 from
			 * EL0, 0x25/0x21 from EL1) */
			uint64_t iss, far = fault_far(type, va, &iss);
			bool el0 = ((reg_pstate() >> 2) & 3) == 0;
			uint64_t ec = (type == UC_MEM_FETCH ? 0x20 : 0x24) + (el0 ? 0 : 1);
			struct pend p = {.kind = PEND_EXC_L2,
					 .esr = (ec << 26) | (1ull << 25) | (iss & (1ull << 6)) |
						(0x04 + lvl),
					 .far = far,
					 .has_far = true,
					 .pc = type == UC_MEM_FETCH ? far : reg_pc()};
			pend_set(&p);
			return false;
		}
	}
	for (int tries = 0; tries < 2; tries++) {
		int r = nvarm_s2mmu_lookup(&E.s2, E.mmu_id, nvarm_ipa2(ipa), &ent);
		if (r == 0 && allowed(perms_of(ent.perm), type)) {
			e->paddr = ent.pa.v - E.hm.pa_offset; /* Unicorn's pages are 1K */
			e->perms = (uc_prot)perms_of(ent.perm);
			return true;
		}
		/* the abort the hardware would take to EL2 */
		uint64_t pc = reg_pc(), far = va, iss = 0, ec = 0x20;
		bool perm = r == 0;
		if (type != UC_MEM_FETCH) {
			uint32_t insn = insn_at(pc);
			bool w = type == UC_MEM_WRITE;
			uint64_t addr;
			ec = 0x24;
			if (ls_decode(insn, &addr, &iss, &w) &&
			    (addr & ~0x3ffull) == (va & ~0x3ffull))
				far = addr;
			else
				iss = w ? 1ull << 6 : 0;
		} else {
			far = pc;
		}
		uint64_t esr = (ec << 26) | (1ull << 25) | iss | (perm ? 0x0f : 0x07);
		struct nvarm_s2mmu_fault f = {
		    .esr = esr, .far = far, .hpfar = (ipa >> 12) << 4, .l2_el0 = false};
		struct nvarm_s2mmu_result res;
		r = nvarm_s2mmu_handle_fault(&E.s2, E.mmu_id, &f, &res);
		if (r < 0) {
			fatal("nvarm_s2mmu_handle_fault failed");
			return false;
		}
		if (res.action == NVARM_S2MMU_INSTALLED) {
			E.st.shadow_installs++;
			continue;
		}
		if (res.action == NVARM_S2MMU_INJECT) {
			struct pend p = {.kind = PEND_EXC_L1,
					 .esr = res.esr_el2,
					 .far = res.far_el2,
					 .has_far = true,
					 .ipa = ((res.hpfar_el2 >> 4) & 0xffffffffffull) << 12,
					 .has_ipa = true,
					 .pc = pc};
			E.st.shadow_injects++;
			pend_set(&p);
			return false;
		}
		if (res.l0_reason == NVARM_S2MMU_L0_UNMAPPED && mmio_addr(res.ipa1.v)) {
			e->paddr = res.ipa1.v; /* L1's device, passed through */
			e->perms = UC_PROT_READ | UC_PROT_WRITE;
			return true;
		}
		/* An L1 address nothing backs (or L0 refuses): on L1's machine a synchronous
		 * External abort, taken to L2's own EL1 (EC 0x25 data / 0x21 fetch from EL1,
		 * DFSC 0x10, no ISV), as the bare-metal L0 does. */
		if (user == (void *)1)
			return false;
		struct pend p = {.kind = PEND_EXC_L2,
				 .esr =
				     ((ec + 1) << 26) | (1ull << 25) | (iss & (1ull << 6)) | 0x10,
				 .far = far,
				 .has_far = true,
				 .pc = type == UC_MEM_FETCH ? far : pc};
		pend_set(&p);
		return false;
	}
	fatal("shadow stage-2 entry installed but not found");
	return false;
}

bool tlb_fill_cb(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e, void *user)
{
	(void)uc;
	(void)user;
	E.st.tlb_fills++;
	if ((va & ~0xffffull) ==
	    (UNTIL_SENTINEL & ~0xffffull)) { /* uc_emu_start's "until" page: looked up, never run */
		e->paddr = RAM_BASE;
		e->perms = UC_PROT_READ;
		return true;
	}
	if (E.in_l2)
		return l2_fill(va, type, e, user);
	if (va == ERET_SENTINEL) {
		if (type == UC_MEM_FETCH && user != (void *)1) {
			struct pend p = {.kind = PEND_ERET};
			pend_set(&p);
		}
		return false;
	}
	uint64_t pa;
	unsigned lvl, fsc;
	if (!s1_walk(nvarm_vel2_is_vhe(&E.v2), vel2_get(NVARM_ENC_SCTLR_EL2),
		     vel2_get(NVARM_ENC_TCR_EL2), vel2_get(NVARM_ENC_TTBR0_EL2), va, &pa, &lvl))
		fsc = 0x04 + lvl; /* translation fault */
	else if (pa >> 48)
		fsc = 0x00; /* address size fault, level 0 */
	else if (!mmio_addr(pa) && (pa < RAM_BASE || pa >= RAM_BASE + RAM_SIZE))
		fsc = 0x10; /* nothing there: synchronous External abort */
	else {
		e->paddr = pa; /* the exact address: Unicorn's pages are 1K */
		e->perms = UC_PROT_ALL;
		return true;
	}
	if (user == (void *)1)
		return false; /* a lookup by the emulator itself */
	/* an abort taken to vEL2 from vEL2 (EC 0x25 data, 0x21 instruction) */
	uint64_t pc = reg_pc(), far = va, iss = 0, ec = 0x21;
	if (type != UC_MEM_FETCH) {
		bool w = type == UC_MEM_WRITE;
		uint64_t addr;
		ec = 0x25;
		if (ls_decode(insn_at(pc), &addr, &iss, &w) && (addr & ~0x3ffull) == va)
			far = addr;
		iss = w ? 1ull << 6 : 0; /* ISV only for stage-2 aborts */
	} else if ((pc & ~0x3ffull) == va) {
		far = pc;
	}
	struct pend p = {.kind = PEND_EXC_L1,
			 .esr = (ec << 26) | (1ull << 25) | iss | fsc,
			 .far = far,
			 .has_far = true,
			 .pc = type == UC_MEM_FETCH ? far : pc};
	pend_set(&p);
	return false;
}
