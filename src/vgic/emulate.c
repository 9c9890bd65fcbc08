// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * A trapped access to L1's virtual ICH_*_EL2 registers with the one emulate-result type of
 * every register owner (enum nvarm_emul): the trap as nvarm_trap_decode() gave it in, OK /
 * NOT_MINE / UNDEF out.
 */
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>

int nvarm_vgic_emulate(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
		       const struct nvarm_trap *t, uint64_t *gpr)
{
	uint64_t val;
	int r;

	if (!cpu || !v || !t || !gpr)
		return NVARM_ERR_INVAL;
	if (t->is_read) {
		r = nvarm_vgic_vreg_read(cpu, v, t->enc, &val);
		if (r == 0)
			*gpr = val;
	} else {
		r = nvarm_vgic_vreg_write(cpu, v, t->enc, t->rt == 31 ? 0 : *gpr);
	}
	if (r == NVARM_ERR_NOENT)
		return NVARM_EMUL_NOT_MINE;
	/* an LR/APR beyond the advertised count, a write to a read-only register: natively
	 * UNDEFINED (IHI 0069 12.4: ICH_LR<n>_EL2 for n >= ListRegs + 1) */
	return r ? NVARM_EMUL_UNDEF : NVARM_EMUL_OK;
}
