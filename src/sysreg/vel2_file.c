// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The vEL2 register file's storage: where each register lives, its raw value (inline in
 * sysreg_priv.h: nvarm__vel2_slot, nvarm__vel2_get) and the effective HCR_EL2.E2H that picks
 * the register layouts. The bottom of src/sysreg: the RES0/RES1 masks (features.c), the
 * file's writes and emulation (vel2.c) and the shadow (shadow.c) build on it.
 */
#include "sysreg_priv.h"

bool nvarm_vel2_is_vhe(const struct nvarm_vel2 *v)
{
	/* The Effective value of HCR_EL2.E2H: RES0 without FEAT_VHE, RES1 when E2H=0 is not
	 * allowed (ID_AA64MMFR4_EL1.E2H0 negative), the stored bit otherwise. The stored bit
	 * can hold either under NV2 (L1 stores the VNCR page directly until it is sanitised). */
	return v && nvarm__vel2_vhe(v);
}

const uint64_t *nvarm_vel2_reg_word(const struct nvarm_vel2 *v, unsigned id)
{
	const struct nvarm_sysreg_desc *d;

	if (!v || id >= NVARM_SR__COUNT)
		return NULL;
	d = &nvarm__sysreg_tab[id];
	if (d->flags & NVARM_SRF_ALIAS) { /* (vel2.c resolve(): one level) */
		id = d->link;
		d = &nvarm__sysreg_tab[id];
	}
	if (d->flags & NVARM_SRF_ID)
		return NULL;
	return nvarm__vel2_slot(v, id);
}
