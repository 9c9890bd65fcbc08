// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm_s2mmu_translate(): L1's stage-2 answer for one L2 IPA, without the shadow tables.
 *
 * Owns nothing: a read-only use of the context's configuration (guest features, platform
 * ops), which never changes after nvarm_s2mmu_init(), so no lock is taken. The walk is
 * nvarm_s2_guest_walk() without hardware updates (bounded to five descriptor reads); the
 * fault is reported in the syndrome encodings nvarm_s2mmu_handle_fault() injects, so an
 * AT S12E* emulation and the abort path tell L1 the same thing.
 */
#include "s2mmu_internal.h"

#include <nvarm/arm/esr.h>

/* FSC (ESR_ELx.ISS.xFSC, PAR_EL1.FST) at level 0 per fault type (Arm ARM D24 ESR_EL2). */
static const uint8_t fsc_l0[] = {
    [NVARM_S2_FAULT_NONE] = 0,
    [NVARM_S2_FAULT_TRANSLATION] = NVARM_FSC_TRANS_L0,
    [NVARM_S2_FAULT_ADDR_SIZE] = NVARM_FSC_ADDR_SIZE_L0,
    [NVARM_S2_FAULT_ACCESS] = NVARM_FSC_ACCESS_L0,
    [NVARM_S2_FAULT_PERMISSION] = NVARM_FSC_PERM_L0,
    [NVARM_S2_FAULT_EXT_WALK] = NVARM_FSC_SEA_WALK_L0,
};

uint32_t nvarm_s2_fault_fsc(unsigned type, int level)
{
	if (type == NVARM_S2_FAULT_NONE || type >= NVARM_ARRAY_SIZE(fsc_l0))
		return 0;
	/* Level -1 (FEAT_LPA2, 4K granule): its own encodings; only walk faults occur there. */
	if (level < 0) {
		if (type == NVARM_S2_FAULT_TRANSLATION)
			return NVARM_FSC_TRANS_LM1;
		if (type == NVARM_S2_FAULT_ADDR_SIZE)
			return NVARM_FSC_ADDR_SIZE_LM1;
		return NVARM_FSC_SEA_WALK_L0 - 1; /* 0x13: SEA on a walk, level -1 */
	}
	return (uint32_t)fsc_l0[type] + (uint32_t)(level & 3);
}

int nvarm_s2mmu_translate(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
			  nvarm_ipa2_t ipa, unsigned access, struct nvarm_s2mmu_translation *out)
{
	if (s && !s->mmus)
		return NVARM_ERR_STATE; /* never initialised (or init failed) */
	struct nvarm_s2_walk w;
	int rc;

	if (!s || !l1 || !out || !s->cfg.ops || !s->cfg.ops->read_l1 ||
	    (access &
	     ~(unsigned)(NVARM_S2_ACC_R | NVARM_S2_ACC_W | NVARM_S2_ACC_XP | NVARM_S2_ACC_XU)))
		return NVARM_ERR_INVAL;
	rc = nvarm_s2_guest_walk(&s->cfg.guest, l1, s->cfg.ops, ipa, access, false, &w);
	if (rc)
		return rc;
	out->ipa2 = ipa;
	out->fault = w.fault;
	out->level = w.level;
	out->perm = w.perm;
	if (w.fault) {
		out->ipa1 = nvarm_ipa1(0);
		out->fsc = (uint8_t)nvarm_s2_fault_fsc(w.fault, w.level);
		out->memattr = 0;
		out->sh = 0;
		out->leaf_shift = 0;
		/* HPFAR_EL2.FIPA, bits [43:4] (+ NS 63 = 0): the faulting IPA's page number. */
		out->hpfar_el2 = (ipa.v >> 12) << 4;
		return 0;
	}
	out->ipa1 = w.oa;
	out->fsc = 0;
	out->memattr = w.memattr;
	out->sh = w.sh;
	out->leaf_shift = w.leaf_shift;
	out->hpfar_el2 = 0;
	return 0;
}
