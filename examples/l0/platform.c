// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's struct nvarm_platform_ops: the bare-metal shim
// (include/nvarm/platform_baremetal.h) provides the hardware side (MRS/MSR by
// encoding, TLBI, identity PA->VA); L0 provides what only it knows: how L1's memory
// is reached (read_l1) and what its own stage-2 grants L1 (host_s2_lookup). nvarm's
// subsystems are initialised with these ops: the shadow stage-2 (shadow_init, below)
// walks L1's stage-2 through read_l1 and L0's through host_s2_lookup.
#include <string.h>

#include "l0.h"

/* ops->lock for the shadow stage-2 shared by the vCPUs (s2mmu.h's concurrency contract). */
static void hook_lock(void *ctx)
{
	l0_lock(&((struct l0_vm *)ctx)->s2mmu_lock);
}

static void hook_unlock(void *ctx)
{
	l0_unlock(&((struct l0_vm *)ctx)->s2mmu_lock);
}

static void hook_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	(void)ctx;
	con_printf("l0: nvarm[%d]: %s\n", (int)level, msg);
}

/* L1 IPA -> bytes: L1's RAM is mapped IPA == PA (== L0 VA) by l1_stage2_build. */
static int hook_read_l1(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	const struct l0_vm *vm = ctx;

	if (!l1_ram(vm, ipa.v, len))
		return NVARM_ERR_GUEST_MEM;
	memcpy(buf, (const void *)(uintptr_t)ipa.v, len);
	return 0;
}

/* FEAT_HAFDBS for L1's stage-2 (nvarm sets AF / dirty state in L1's descriptors when L1
 * enables VTCR_EL2.HA/HD): an atomic compare-and-swap on L1's RAM (identity-mapped at EL2,
 * Normal cacheable, so exclusives work). */
static int hook_cmpxchg_l1(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			   uint64_t *cur)
{
	const struct l0_vm *vm = ctx;
	uint64_t found = old;

	if ((ipa.v & 7) || !l1_ram(vm, ipa.v, 8))
		return NVARM_ERR_GUEST_MEM;
	__atomic_compare_exchange_n((uint64_t *)(uintptr_t)ipa.v, &found, new_val, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	*cur = found; /* old when the swap happened, else what was there */
	return 0;
}

/* What L0's stage-2 for L1 says about an L1 IPA (must agree with l1_stage2_build). */
static int hook_host_s2_lookup(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	const struct l0_vm *vm = ctx;

	memset(out, 0, sizeof(*out));
	if (l1_ram(vm, ipa.v, 1)) {
		out->pa = nvarm_pa(ipa.v);
		out->block_shift = 21; /* 2M blocks (L1's RAM is 2M aligned) */
		out->perm = NVARM_PERM_RWX;
		out->memattr = 0xf; /* Normal, inner/outer write-back */
		out->sh = 3;
		return 0;
	}
	if ((ipa.v & ~0xfffull) == (vm->m->pl011 & ~0xfffull)) {
		out->pa = nvarm_pa(ipa.v);
		out->block_shift = 12;
		out->perm = NVARM_PERM_R | NVARM_PERM_W;
		out->memattr = 0x1; /* Device-nGnRE */
		return 0;
	}
	return NVARM_ERR_NOENT;
}

/*
 * Which of L1's interrupts are real ones (for nvarm's nested vGIC: an L1 list register
 * with HW=1 naming such a pINTID runs for L2 with HW=1 and the real INTID, so L2's
 * deactivation reaches the physical interrupt). L2 runs on the hardware EL1 virtual
 * timer, so L1's EL1 virtual timer PPI is the physical one; nothing else is backed.
 */
static int hook_l1_intid_to_hw(void *ctx, uint32_t l1_intid, uint32_t *hw_intid)
{
	const struct l0_vm *vm = ctx;

	if (l1_intid != vm->m->timer_ppi[2])
		return NVARM_ERR_NOENT;
	*hw_intid = l1_intid;
	return 0;
}

/*
 * The ICH_*_EL2 registers nvarm's vGIC reads and writes on every world switch (L1's ICV
 * state aside and back: HCR, VMCR, the first active-priority registers) as direct MRS/MSR;
 * any other register through the shim's accessor (its lookup of the encoding, its check
 * that the CPU has the register: these four are there on every GICv3 CPU interface).
 */
static uint64_t (*shim_hw_read)(void *ctx, uint32_t enc);
static void (*shim_hw_write)(void *ctx, uint32_t enc, uint64_t val);

static uint64_t fast_hw_read(void *ctx, uint32_t enc)
{
	switch (enc) {
	case NVARM_ENC_ICH_HCR_EL2:
		return read_sysreg_s(S3_4_C12_C11_0);
	case NVARM_ENC_ICH_VMCR_EL2:
		return read_sysreg_s(S3_4_C12_C11_7);
	case NVARM_ENC_ICH_AP0R0_EL2:
		return read_sysreg_s(S3_4_C12_C8_0);
	case NVARM_ENC_ICH_AP1R0_EL2:
		return read_sysreg_s(S3_4_C12_C9_0);
	default:
		return shim_hw_read(ctx, enc);
	}
}

static void fast_hw_write(void *ctx, uint32_t enc, uint64_t val)
{
	switch (enc) {
	case NVARM_ENC_ICH_HCR_EL2:
		write_sysreg_s(S3_4_C12_C11_0, val);
		break;
	case NVARM_ENC_ICH_VMCR_EL2:
		write_sysreg_s(S3_4_C12_C11_7, val);
		break;
	case NVARM_ENC_ICH_AP0R0_EL2:
		write_sysreg_s(S3_4_C12_C8_0, val);
		break;
	case NVARM_ENC_ICH_AP1R0_EL2:
		write_sysreg_s(S3_4_C12_C9_0, val);
		break;
	default:
#ifdef L0_MSR_COUNT
		/* The counting build (msrcount.c): nvarm's other hardware writes (the vGIC's list
		 * registers) counted as the L0's are (the MSRs above count themselves). */
		l0_msr_note_enc(enc, val);
#endif
		shim_hw_write(ctx, enc, val);
	}
}

void l0_platform_init(struct l0_vm *vm)
{
	const struct nvarm_bm_hooks hooks = {
	    .ctx = vm,
	    .log = hook_log,
	    .lock = hook_lock,
	    .unlock = hook_unlock,
	    .read_l1 = hook_read_l1,
	    .cmpxchg_l1 = hook_cmpxchg_l1,
	    .host_s2_lookup = hook_host_s2_lookup,
	    .l1_intid_to_hw = hook_l1_intid_to_hw,
	};
	if (nvarm_bm_platform_init(&vm->bm, &hooks, &vm->ops))
		panic("nvarm_bm_platform_init");
	shim_hw_read = vm->ops.hw_read;
	shim_hw_write = vm->ops.hw_write;
	vm->ops.hw_read = fast_hw_read;
	vm->ops.hw_write = fast_hw_write;
	/* nvarm: the subsystems get these ops: the nested vGIC (cpuif.c) and the shadow
	 * stage-2 (shadow_init, below, once L1's RAM is known). */
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
 * nvarm.s2ia=N sets the shadow's input size (default: the PA size L1 is offered, 48 bits
 * with a pool too small for a 52-bit root); with
 * 40 bits, for one, nvarm concatenates a 2-page root and the MMU walks 3 levels, not 4.
 */
#define S2MMU_MMUS	 4	      /* shadow MMUs kept at once (L1's VTTBR/VTCR combinations) */
#define S2MMU_MAX_L1_RAM (1ull << 30) /* L2 memory kept fully resident at most */
#define S2MMU_POOL_PAGES NVARM_S2MMU_POOL_PAGES_FOR(S2MMU_MAX_L1_RAM, 12, S2MMU_MMUS, 100)
#define S2MMU_RMAP	 NVARM_S2MMU_RMAP_FOR(S2MMU_MAX_L1_RAM, 12, 100)
/*
 * Fault-around (nvarm_s2mmu_config::fault_around): a translation fault L0 resolves alone also
 * maps the rest of the aligned window of this many 4K pages that L1 maps and L0 backs (and a
 * whole 2M block when L1's table maps the 2M linearly: L0 maps L1's RAM with 2M blocks), so
 * an L2 touching its memory in order takes one stage-2 fault per window, not one per page
 * (each fault a full trap round trip through L0). An extra page costs ~160 L0 instructions
 * (under -icount: ~188 ns/page first touch with 64, against 1.31 us with none; 29 ns with
 * the 2M block); a page L2 never touches costs one reverse-map entry, which the sizing above
 * already counts (every page of L1's RAM resident).
 */
#define S2MMU_FAULT_AROUND 64

static uint64_t
    s2mmu_mem[(NVARM_S2MMU_MEM_BYTES(S2MMU_MMUS, S2MMU_POOL_PAGES, S2MMU_RMAP) + 7) / 8];
static uint8_t s2mmu_pool[S2MMU_POOL_PAGES][4096] __attribute__((aligned(4096)));

void shadow_init(struct l0_vm *vm)
{
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};
	/* the PA range L1 is offered (vcpu.c): 52 bits with FEAT_LPA2 at stage 2, then the
	 * shadow's PS and input are 52 bits (L2 IPAs as wide as L1's): a shadow MMU for an L1
	 * stage 2 with 52-bit addresses runs VTCR_EL2.DS=1, one for a 48-bit L1 stage 2 (DS=0,
	 * IPAs up to 48 bits: Linux, Xen, KVM) the 48-bit format, each leaf keeping L1's
	 * shareability (nvarm_s2mmu_hw.vtcr says which) */
	unsigned pa_bits = bits[vm->cfg.pa_range];
	bool xnx = FIELD(read_sysreg(id_aa64mmfr1_el1), 31, 28) != 0;
	/* FEAT_S2FWB (ID_AA64MMFR2_EL1.FWB): L2 runs with L1's HCR_EL2.FWB (L1 is
	 * offered FEAT_S2FWB) and each shadow MMU encodes MemAttr in that layout, so that both
	 * combine exactly: "force Write-Back" with FWB, Write-Through without (attr.c) */
	vm->host_fwb = ID_FIELD(read_sysreg(id_aa64mmfr2_el1), MMFR2, FWB) != 0;
	/* L2 memory is at most L1's RAM: size the cache for all of it resident. */
	uint64_t l2 = vm->l1_size < S2MMU_MAX_L1_RAM ? vm->l1_size : S2MMU_MAX_L1_RAM;
	uint32_t pool = (uint32_t)NVARM_S2MMU_POOL_PAGES_FOR(l2, 12, S2MMU_MMUS, 100);
	uint32_t rmap = (uint32_t)NVARM_S2MMU_RMAP_FOR(l2, 12, 100);
	if (vm->s2pool) {
		pool = vm->s2pool < S2MMU_POOL_PAGES ? vm->s2pool : (uint32_t)S2MMU_POOL_PAGES;
		rmap = pool * 512 < S2MMU_RMAP ? pool * 512 : (uint32_t)S2MMU_RMAP;
	}
	/* The shadow's input: as wide as L1's IPAs can be, but 48 bits when nvarm.s2pool leaves
	 * no room for the 16-page root a 52-bit input takes (L2 IPAs above 2^48 are then L0's
	 * to handle: NVARM_S2MMU_L0_RANGE) */
	unsigned ia_bits = pa_bits;
	if (ia_bits > 48 && pool < NVARM_S2MMU_ROOT_PAGES(12, ia_bits) + 3)
		ia_bits = 48;
	struct nvarm_s2mmu_config cfg = {
	    .ops = &vm->ops,
	    .host_granule_shift = 12,
	    .host_ia_bits = vm->s2ia ? vm->s2ia : (uint8_t)ia_bits,
	    .host_pa_bits = (uint8_t)pa_bits,
	    .host_xnx = xnx,
	    .host_fwb_as_l1 = vm->host_fwb,
	    .hw_vmid_base = SHADOW_VMID,
	    .max_mmus = S2MMU_MMUS,
	    .max_pool_pages = pool,
	    .rmap_entries = rmap,
	    /* nvarm.s2pool: a deliberately small cache, each page its own fault */
	    .fault_around = vm->s2pool ? 0 : S2MMU_FAULT_AROUND,
	    .mem = s2mmu_mem,
	    .mem_size = sizeof(s2mmu_mem),
	};
	/* What L1 is told (the VM's configuration: PA range, granules, HAFDBS, whose
	 * VTCR_EL2.HA/HD cmpxchg_l1 above serves, XNX, TTST) is what the shadow assumes. */
	int rc = nvarm_s2mmu_guest_from_vm(&vm->cfg, &cfg.guest);
	if (!rc)
		rc = nvarm_s2mmu_init(&vm->s2mmu, &cfg);
	if (!rc)
		rc = nvarm_s2mmu_pool_add(&vm->s2mmu, nvarm_pa((uintptr_t)s2mmu_pool), pool);
	con_printf("l0: shadow stage-2: %u pool pages, %u reverse-map entries (%s)\n", pool, rmap,
		   vm->s2pool ? "nvarm.s2pool" : "L1 RAM resident");
	if (rc) {
		con_printf("l0: shadow stage-2 init failed (%d)\n", rc);
		panic("nvarm_s2mmu_init");
	}
	/* The walk the MMU makes of the shadow (VTCR_EL2 from nvarm_s2mmu_get()): the fewest
	 * levels with up to 16 concatenated root tables for the input size. */
	struct nvarm_s2mmu_stats st;
	if (!nvarm_s2mmu_stats(&vm->s2mmu, &st))
		con_printf("l0: shadow stage-2: %u-bit input, %u levels, %u-page root\n",
			   cfg.host_ia_bits, st.levels, st.root_pages);
	con_printf("l0: shadow stage-2: fault-around %u pages\n", (unsigned)cfg.fault_around);
}
