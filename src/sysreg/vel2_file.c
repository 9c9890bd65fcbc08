// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The vEL2 register file's storage: where each register lives (a register with a VNCR offset
 * at that offset of the caller's VNCR page, every other file register in nvarm_vel2::regs[id];
 * aliases, instructions, ID, hardware-only and computed registers have no slot), its raw value,
 * and the effective HCR_EL2.E2H that picks the register layouts. The bottom of src/sysreg: the
 * RES0/RES1 masks (features.c), the file's writes and emulation (vel2.c) and the shadow
 * (shadow.c) build on it.
 */
#include "sysreg_priv.h"

#define HCR_E2H NVARM_BIT(34)

static bool has_storage(const struct nvarm_sysreg_desc *d)
{
	if (d->vncr != NVARM_VNCR_NONE)
		return true;
	return (d->flags & (NVARM_SRF_EL2 | NVARM_SRF_EL1)) &&
	       !(d->flags &
		 (NVARM_SRF_FWD | NVARM_SRF_HW | NVARM_SRF_INSN | NVARM_SRF_ALIAS | NVARM_SRF_ID));
}

uint64_t *nvarm__vel2_slot(const struct nvarm_vel2 *v, unsigned id)
{
	const struct nvarm_sysreg_desc *d = &nvarm__sysreg_tab[id];

	if (d->vncr != NVARM_VNCR_NONE)
		return &v->vncr[d->vncr / 8];
	if (!has_storage(d))
		return NULL;
	return (uint64_t *)&v->regs[id];
}

uint64_t nvarm__vel2_get(const struct nvarm_vel2 *v, unsigned id)
{
	uint64_t *p = nvarm__vel2_slot(v, id);

	return p ? *p : 0;
}

bool nvarm_vel2_is_vhe(const struct nvarm_vel2 *v)
{
	if (!v)
		return false;
	/* The Effective value of HCR_EL2.E2H: RES0 without FEAT_VHE, RES1 when E2H=0 is not
	 * allowed (ID_AA64MMFR4_EL1.E2H0 negative), the stored bit otherwise. The stored bit
	 * can hold either under NV2 (L1 stores the VNCR page directly until it is sanitised). */
	if (!(v->cfg->features & NVARM_VMF_VHE))
		return false;
	if (!(v->cfg->features & NVARM_VMF_E2H0))
		return true;
	return (v->vncr[nvarm__sysreg_tab[NVARM_SR_HCR_EL2].vncr / 8] & HCR_E2H) != 0;
}
