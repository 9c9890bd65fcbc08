// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// A vCPU of L1 and its virtual EL2 register file (nvarm/sysreg.h).
//
// Where L1's virtual EL2 registers live, as L0 sees them:
//  - FEAT_NV2: most in the VNCR page (v->vncr_page; offsets from the Arm ARM's VNCR_EL2
//    layout, also in /work/shared/notes/qemu-nv-facts.md); ELR/SPSR/ESR/FAR_EL2 in the
//    hardware EL1 registers (NV2 redirects them) while L1 runs; the rest trap and go
//    through nvarm_sysreg_emulate() into nvarm's vEL2 file (v->v2).
//  - FEAT_NV: all trap; the same file, whose VNCR-offset registers live at the same
//    offsets of the page (so both modes share one layout).
// nvarm's VM configuration (the features every vCPU of the VM sees) is made once per VM
// from the host's ID registers and L0's request (vm_config_init).
#include <string.h>

#include "l0.h"

/* nvarm: the VM's features from the host's ID registers and what this L0 offers. */
void vm_config_init(struct l0_vm *vm)
{
	struct nvarm_id_regs host = {
	    .midr = read_sysreg(midr_el1),
	    .pfr0 = read_sysreg(id_aa64pfr0_el1),
	    .pfr1 = read_sysreg(id_aa64pfr1_el1),
	    .dfr0 = read_sysreg(id_aa64dfr0_el1),
	    .isar0 = read_sysreg(id_aa64isar0_el1),
	    .isar1 = read_sysreg(id_aa64isar1_el1),
	    .mmfr0 = read_sysreg(id_aa64mmfr0_el1),
	    .mmfr1 = read_sysreg(id_aa64mmfr1_el1),
	    .mmfr2 = read_sysreg(id_aa64mmfr2_el1),
	    .mmfr4 = read_sysreg(S3_0_C0_C7_4), /* ID_AA64MMFR4_EL1 */
	    .isar2 = read_sysreg(S3_0_C0_C6_2), /* ID_AA64ISAR2_EL1 */
	    .mmfr3 = read_sysreg(S3_0_C0_C7_3), /* ID_AA64MMFR3_EL1 */
	    .zfr0 = read_sysreg(S3_0_C0_C4_4),	/* ID_AA64ZFR0_EL1 */
	    .smfr0 = read_sysreg(S3_0_C0_C4_5), /* ID_AA64SMFR0_EL1 */
	};
	struct nvarm_vm_request req = {
	    /* TLBIOS/TLBIRANGE/XS: L1 sees (and may use) the TLBI forms the host has */
	    .features = (vm->e2h_fixed == 0 ? 0 : NVARM_VMF_VHE) |
			(vm->e2h_fixed == 1 ? 0 : NVARM_VMF_E2H0) | NVARM_VMF_GICV3 |
			NVARM_VMF_FGT | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS |
			NVARM_VMF_VMID16 | NVARM_VMF_ECV | NVARM_VMF_EVT | NVARM_VMF_HCRX |
			NVARM_VMF_FWB | NVARM_VMF_MOPS | NVARM_VMF_CSV2_2 | NVARM_VMF_RAS |
			NVARM_VMF_NMI | NVARM_VMF_MTE | NVARM_VMF_PMU |
			(vm->sve_off ? 0 : NVARM_VMF_SVE) | /* as the host has it (sve.c) */
			(vm->sme_off ? 0 : NVARM_VMF_SME) | /* likewise */
			(vm->l1nv == 1	 ? NVARM_VMF_L1NV
			 : vm->l1nv == 2 ? NVARM_VMF_L1NV2
					 : 0),
	    .host_nv = vm->mode == MODE_NV2 ? NVARM_HOST_NV2 : NVARM_HOST_NV,
	    /* what the shadow stage-2 (4K pages, platform.c shadow_init) translates: the
	     * host's range, 52 bits only with FEAT_LPA2 at stage 2 (VTCR_EL2.DS=1) */
	    .pa_range = (uint8_t)nvarm_s2mmu_host_pa_range(host.mmfr0, 12),
	    .granules = NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K,
	    /* ICH_VTR_EL2.ListRegs + 1 */
	    .gic_lrs = (uint8_t)(FIELD(hw_get(ENC(3, 4, 12, 11, 1)), 4, 0) + 1),
	};
	int r = nvarm_vm_config_init(&vm->cfg, &host, &req);

	if (r) {
		con_printf("l0: nvarm VM configuration failed: %d\n", r);
		panic("nvarm_vm_config_init");
	}
	if (vm->l1nv)
		con_printf("l0: L1 sees %s (ID_AA64MMFR2_EL1.NV=%lu): recursive nesting\n",
			   (vm->cfg.features & NVARM_VMF_L1NV2) ? "FEAT_NV2" : "FEAT_NV",
			   FIELD(vm->cfg.id.mmfr2, 27, 24));
	if (vm->l1nv == 2 && !(vm->cfg.features & NVARM_VMF_L1NV2))
		panic("nvarm.l1nv=nv2 on a CPU without FEAT_NV2");
	if (vm->e2h_fixed >= 0)
		con_printf("l0: L1's HCR_EL2.E2H is RES%d (ID_AA64MMFR1_EL1.VH=%lu "
			   "ID_AA64MMFR4_EL1.E2H0=0x%lx)\n",
			   vm->e2h_fixed, FIELD(vm->cfg.id.mmfr1, 11, 8),
			   FIELD(vm->cfg.id.mmfr4, 27, 24));
}

/*
 * nvarm: vCPU @p id of @p vm, reading @p mpidr as its MPIDR_EL1: its vEL2 register file over
 * its VNCR page (the page VNCR_EL2 points at under NV2; plain memory under NV) at reset.
 */
void vcpu_init(struct l0_vcpu *v, struct l0_vm *vm, unsigned id, uint64_t mpidr)
{
	bool vhe = v->vhe;

	/* out of power-down (smp.c CPU_ON): the shadow MMU L2 last ran on is no longer held */
	l2_mmu_release(v);
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->mpidr = mpidr;
	v->vhe = vhe;
	v->s2mmu_id = -1;
	int r = nvarm_vel2_init(&v->v2, &vm->cfg, v->vncr_page);
	/* nvarm: the MPIDR_EL1 L1 reads at vEL2 (the vEL2 shadow loads it into VMPIDR_EL2);
	 * L1's own VPIDR/VMPIDR_EL2 start as QEMU resets them at EL2: MIDR_EL1, MPIDR_EL1. */
	if (r == 0)
		r = nvarm_shadow_set_mpidr(&v->v2, mpidr);
	if (r == 0)
		r = nvarm_vel2_write(&v->v2, NVARM_SR_VPIDR_EL2, vm->cfg.id.midr);
	if (r == 0)
		r = nvarm_vel2_write(&v->v2, NVARM_SR_VMPIDR_EL2, mpidr);
	/* L1's ZCR_EL2 and its guest's ZCR_EL1 reset UNKNOWN (DDI 0487 D24.2): the largest LEN,
	 * so that an L1 that never writes them leaves its guest the vector lengths it would
	 * have, and the world switch moves neither (sve.c: the hardware ZCR_EL2 stays L0's
	 * limit; ZCR_EL1 holds the same value in both worlds) */
	if (r == 0 && (vm->cfg.features & NVARM_VMF_SVE))
		r = nvarm_vel2_write(&v->v2, NVARM_SR_ZCR_EL2, NVARM_ZCR_EL2_LEN_MASK);
	if (r == 0 && (vm->cfg.features & NVARM_VMF_SVE))
		r = nvarm_vel2_write(&v->v2, NVARM_SR_ZCR_EL1, NVARM_ZCR_EL2_LEN_MASK);
	/* SMCR_EL2 and SMCR_EL1 likewise (UNKNOWN at reset): the largest LEN, FA64 and EZT0 as
	 * the VM has them (the file keeps what its ID registers define) */
	if (r == 0 && (vm->cfg.features & NVARM_VMF_SME))
		r = nvarm_vel2_write(&v->v2, NVARM_SR_SMCR_EL2,
				     NVARM_SMCR_EL2_LEN_MASK | NVARM_SMCR_EL2_FA64 |
					 NVARM_SMCR_EL2_EZT0);
	if (r == 0 && (vm->cfg.features & NVARM_VMF_SME))
		r = nvarm_vel2_write(&v->v2, NVARM_SR_SMCR_EL1,
				     NVARM_SMCR_EL2_LEN_MASK | NVARM_SMCR_EL2_FA64 |
					 NVARM_SMCR_EL2_EZT0);
	if (r) {
		con_printf("l0: nvarm vEL2 setup failed: %d\n", r);
		panic("nvarm_vel2_init");
	}
	if (v->vhe && !(vm->cfg.features & NVARM_VMF_VHE))
		panic("nvarm.l1=vhe on a CPU without FEAT_VHE");
	if (!v->vhe && !(vm->cfg.features & NVARM_VMF_E2H0))
		panic("non-VHE L1 on a CPU without FEAT_E2H0");
}

uint64_t vel2_get_id_fill(struct l0_vcpu *v, unsigned id)
{
	/* (the world switch reads HCR_EL2, VTTBR/VTCR_EL2, SCTLR_EL2, ... on every entry: the
	 * file's word directly, remembered in v->regw; ID registers through the read) */
	const uint64_t *p;
	uint64_t val = 0;

	if (id >= NVARM_SR__COUNT)
		return 0;
	p = nvarm_vel2_reg_word(&v->v2, id);
	if (p) {
		v->regw[id] = p;
		return *p;
	}
	(void)nvarm_vel2_read(&v->v2, id, &val);
	return val;
}

uint64_t vel2_get(struct l0_vcpu *v, uint32_t enc)
{
	return vel2_get_id(v, nvarm_sysreg_lookup(enc));
}

void vel2_set(struct l0_vcpu *v, uint32_t enc, uint64_t val)
{
	nvarm_vel2_write(&v->v2, nvarm_sysreg_lookup(enc), val);
}

/* L1's stage-2 configuration (its virtual VTTBR_EL2/VTCR_EL2/HCR_EL2) for nvarm_s2mmu. */
void l1_s2_regs(struct l0_vcpu *v, struct nvarm_s2mmu_l1_regs *l1)
{
	/* (by id: every L2 entry and TLBI comes here, the encoding lookup would be paid 4 times) */
	uint64_t hcr = vel2_get_id(v, NVARM_SR_HCR_EL2);

	l1->vttbr = vel2_get_id(v, NVARM_SR_VTTBR_EL2);
	l1->vtcr = vel2_get_id(v, NVARM_SR_VTCR_EL2);
	/* SCTLR_EL2.EE [25] (both layouts) gives the byte order of L1's stage-2 tables */
	l1->big_endian = (vel2_get_id(v, NVARM_SR_SCTLR_EL2) >> 25) & 1;
	l1->fwb = (hcr & HCR_FWB) != 0;
	l1->vm = (hcr & HCR_VM) != 0;
}
