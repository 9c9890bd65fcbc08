// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * A trapped timer or counter register access with the one emulate-result type of every
 * register owner (enum nvarm_emul): OK / NOT_MINE / UNDEF, and TO_L1 for an access of L2
 * that L1's own CNTHCTL_EL2 traps.
 */
#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/sysreg.h>
#include <nvarm/vtimer.h>

int nvarm_vtimer_emulate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			 const struct nvarm_trap *t, bool from_l2, uint64_t hw_now, uint64_t *gpr)
{
	uint64_t val = 0;
	int r;

	if (!vt || !hw || !t || !gpr)
		return NVARM_ERR_INVAL;
	/* every timer and counter register has op0 = 3, CRn = 14 (Arm ARM D24.9) */
	if (NVARM_SYSREG_OP0(t->enc) != 3 || NVARM_SYSREG_CRN(t->enc) != 14)
		return NVARM_EMUL_NOT_MINE;
	if (from_l2 && nvarm_vtimer_l2_trap_to_l1(vt, t->enc) == 1)
		return NVARM_EMUL_TO_L1;
	if (t->is_read) {
		r = nvarm_vtimer_sysreg_read(vt, hw, t->enc, hw_now, &val);
		if (r == 0)
			*gpr = val;
	} else {
		r = nvarm_vtimer_sysreg_write(vt, hw, t->enc, hw_now, t->rt == 31 ? 0 : *gpr);
	}
	if (r == NVARM_ERR_NOENT)
		return NVARM_EMUL_NOT_MINE;
	if (r == NVARM_ERR_BAD_ENCODING)
		return NVARM_EMUL_UNDEF; /* e.g. an EL02 name with E2H = 0 */
	return r < 0 ? r : NVARM_EMUL_OK;
}
