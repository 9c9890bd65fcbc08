// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's struct nvarm_platform_ops: the bare-metal shim
// (include/nvarm/platform_baremetal.h) provides the hardware side (MRS/MSR by
// encoding, TLBI, identity PA->VA); L0 provides what only it knows: how L1's memory
// is reached (read_l1) and what its own stage-2 grants L1 (host_s2_lookup). nvarm's
// subsystems are initialised with these ops: the shadow stage-2 (mmu.c, shadow_init)
// walks L1's stage-2 through read_l1 and L0's through host_s2_lookup.
#include <string.h>

#include "l0.h"

struct nvarm_platform_ops l0_ops;
static struct nvarm_bm_platform l0_bm;

static void hook_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	(void)ctx;
	con_printf("l0: nvarm[%d]: %s\n", (int)level, msg);
}

/* L1 IPA -> bytes: L1's RAM is mapped IPA == PA (== L0 VA) by l1_stage2_build. */
static int hook_read_l1(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	(void)ctx;
	if (!l1_ram(ipa.v, len))
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
	uint64_t found = old;

	(void)ctx;
	if ((ipa.v & 7) || !l1_ram(ipa.v, 8))
		return NVARM_ERR_GUEST_MEM;
	__atomic_compare_exchange_n((uint64_t *)(uintptr_t)ipa.v, &found, new_val, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	*cur = found; /* old when the swap happened, else what was there */
	return 0;
}

/* What L0's stage-2 for L1 says about an L1 IPA (must agree with l1_stage2_build). */
static int hook_host_s2_lookup(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	(void)ctx;
	memset(out, 0, sizeof(*out));
	if (l1_ram(ipa.v, 1)) {
		out->pa = nvarm_pa(ipa.v);
		out->block_shift = 21; /* 2M blocks (L1's RAM is 2M aligned) */
		out->perm = NVARM_PERM_RWX;
		out->memattr = 0xf; /* Normal, inner/outer write-back */
		out->sh = 3;
		return 0;
	}
	if ((ipa.v & ~0xfffull) == (m.pl011 & ~0xfffull)) {
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
	(void)ctx;
	if (l1_intid != m.timer_ppi[2])
		return NVARM_ERR_NOENT;
	*hw_intid = l1_intid;
	return 0;
}

void l0_platform_init(void)
{
	const struct nvarm_bm_hooks hooks = {
	    .log = hook_log,
	    .read_l1 = hook_read_l1,
	    .cmpxchg_l1 = hook_cmpxchg_l1,
	    .host_s2_lookup = hook_host_s2_lookup,
	    .l1_intid_to_hw = hook_l1_intid_to_hw,
	};
	if (nvarm_bm_platform_init(&l0_bm, &hooks, &l0_ops))
		panic("nvarm_bm_platform_init");
	/*
	 * nvarm: the subsystems are set up here with &l0_ops and memory L0 hands them,
	 * e.g. the sysreg register file for vEL2, the nested vGIC and the timers (see
	 * their headers for sizes and error codes). The shadow stage-2 is set up by
	 * shadow_init() (mmu.c) once L1's RAM is known.
	 */
}
