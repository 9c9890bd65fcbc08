// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's nested vGIC: nvarm's (include/nvarm/vgic.h) one struct nvarm_vgic_cpu
// for L1's one vCPU, with L1's virtual ICH_*_EL2 registers kept in nvarm's vstate.
//
// Where L1's virtual ICH state lives: struct nvarm_vgic_vstate overlays the VNCR page at
// 0x400-0x4cf. Under FEAT_NV2 L1's MSR/MRS of ICH_LR<n>, ICH_AP{0,1}R<n>, ICH_HCR and
// ICH_VMCR go there without trapping (unmasked: nvarm masks them again on every use);
// under FEAT_NV they trap and L0 applies them with nvarm_vgic_vreg_write/read. ICH_VTR,
// ICH_MISR, ICH_EISR and ICH_ELRSR always trap and are computed by nvarm from the vstate.
#include "l0.h"

#include <nvarm/vgic.h>

static struct nvarm_vgic_cpu vgic;

static struct nvarm_vgic_vstate *vgic_vstate(void)
{
	return (struct nvarm_vgic_vstate *)(void *)(vncr_page + NVARM_VGIC_VNCR_OFFSET);
}

/* nvarm: the vGIC of L1's vCPU (after the physical GIC is up: reads ICH_VTR_EL2). */
void vgic_nested_init(void)
{
	const struct nvarm_vgic_config cfg = {
	    .nr_lr = 0, /* advertise every hardware list register to L1 */
	};
	int r = nvarm_vgic_cpu_init(&vgic, &l0_ops, &cfg);

	if (r) {
		con_printf("l0: nvarm_vgic_cpu_init: %d\n", r);
		panic("nested vGIC setup");
	}
	uint64_t vtr = 0;
	nvarm_vgic_vreg_read(&vgic, vgic_vstate(), NVARM_ENC_ICH_VTR, &vtr);
	con_printf("l0: nvarm vGIC: L1 sees ICH_VTR_EL2 0x%lx (%lu list registers)\n", vtr,
		   (vtr & 0x1f) + 1);
}

/* L1's virtual ICH_*_EL2 at reset (nvarm_vel2_init cleared the VNCR page). */
void vgic_l1_reset(void)
{
	nvarm_vgic_vstate_reset(&vgic, vgic_vstate());
}

/*
 * A trapped MRS/MSR of an ICH_*_EL2 register by L1 (all of them under FEAT_NV; the
 * computed VTR/MISR/EISR/ELRSR under NV2). Returns an nvarm_emul value:
 * NVARM_EMUL_FORWARD when @p enc is not one of them.
 */
int vgic_sysreg(uint32_t enc, bool read, uint64_t *val)
{
	int r = read ? nvarm_vgic_vreg_read(&vgic, vgic_vstate(), enc, val)
		     : nvarm_vgic_vreg_write(&vgic, vgic_vstate(), enc, *val);

	if (r == NVARM_ERR_NOENT)
		return NVARM_EMUL_FORWARD;
	/* An LR/APR beyond the advertised count, or a write to a read-only one. */
	return r ? NVARM_EMUL_UNDEF : NVARM_EMUL_OK;
}
