// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L1's virtual CPU interface: L0's hardware list registers while L1 runs, through nvarm's
// vGIC CPU object of the vCPU (include/nvarm/vgic.h, the L1 side: nvarm_vgic_l1_inject,
// _retract, _deactivate, _irq_state, _would_signal, _flush). L1's emulated distributor
// (vgicd.c) decides what to present; the nested part (L1's virtual ICH_*_EL2 for L2) is
// nested_vgic.c, on the same object.
#include "l0.h"

#define L1_IRQ_PRIORITY 0x80 /* of the interrupts L0 injects into L1 */

void cpuif_fail(const char *what, int r)
{
	con_printf("l0: %s: %d\n", what, r);
	panic("nested vGIC call failed");
}

/*
 * nvarm: the ICV state a nested entry from L1 and every nested exit read (ICH_HCR_EL2,
 * ICH_VMCR_EL2, the first ICH_AP0R/AP1R), as direct MRS in one call instead of one hw_read
 * callback per register (nvarm_vgic_config::icv_read). @p napr (1, 2 or 4) is what the CPU
 * implements (ICH_VTR_EL2.PREbits): the registers beyond it are not read.
 */
static void cpuif_icv_read(void *ctx, struct nvarm_vgic_icv *s, unsigned napr)
{
	(void)ctx;
	s->hcr = read_sysreg_s(S3_4_C12_C11_0);
	s->vmcr = read_sysreg_s(S3_4_C12_C11_7);
	s->ap0r[0] = read_sysreg_s(S3_4_C12_C8_0);
	s->ap1r[0] = read_sysreg_s(S3_4_C12_C9_0);
	if (NVARM_UNLIKELY(napr > 1)) {
		s->ap0r[1] = read_sysreg_s(S3_4_C12_C8_1);
		s->ap1r[1] = read_sysreg_s(S3_4_C12_C9_1);
		if (napr > 2) {
			s->ap0r[2] = read_sysreg_s(S3_4_C12_C8_2);
			s->ap1r[2] = read_sysreg_s(S3_4_C12_C9_2);
			s->ap0r[3] = read_sysreg_s(S3_4_C12_C8_3);
			s->ap1r[3] = read_sysreg_s(S3_4_C12_C9_3);
		}
	}
}

/* nvarm: the vGIC of the vCPU (after the physical GIC is up: reads ICH_VTR_EL2). */
void cpuif_init(struct l0_vcpu *v)
{
	struct nvarm_vgic_config cfg = {
	    .maint_priority = L1_IRQ_PRIORITY,
	    .queue_len = VGIC_QUEUE_LEN,
	    .maint_intid = 0, /* L1's maintenance interrupt is a line into vgicd.c */
	    .queue = v->vgic.queue,
	    .icv_read = cpuif_icv_read,
	};
	/* the list registers L1 sees: the VM's (nvarm_vm_request::gic_lrs, vcpu.c) */
	int r = nvarm_vgic_config_from_vm(&cfg, &v->vm->cfg);

	if (r == 0)
		r = nvarm_vgic_cpu_init(&v->vgic.cpu, &v->vm->ops, &cfg);

	if (r == 0)
		r = nvarm_vgic_l1_flush(&v->vgic.cpu, NULL); /* L1's interface: empty LRs */
	if (r) {
		con_printf("l0: nvarm_vgic_cpu_init: %d\n", r);
		panic("nested vGIC setup");
	}
	/* The hardware maintenance interrupt comes to L0 (the same PPI number L1 sees). */
	gic_ppi_enable(v->vm->m->gic_maint_ppi);
}

/*
 * Make @p intid pending for L1 (vgicd.c: its priority and group in L1's distributor). An
 * interrupt backed by a real one (l1_intid_to_hw: the EL1 virtual timer PPI, which L0 has
 * taken and EOIed) goes in with HW=1: whoever deactivates it in the end (L1, or L2 through
 * an HW=1 list register of L1's) deactivates the physical interrupt. The physical one is
 * made active only while it backs L2's timer (vgic_vtimer_phys_l2, at each entry into L2):
 * L0 injects while L1 runs, and then the same physical timer backs L1's own EL2 virtual
 * timer, which must be able to fire.
 */
bool cpuif_inject(struct l0_vcpu *v, uint32_t intid, uint8_t priority, bool group1)
{
	const struct nvarm_platform_ops *ops = &v->vm->ops;
	struct nvarm_vgic_irq irq = {
	    .intid = intid,
	    .priority = priority,
	    .flags = group1 ? NVARM_VGIC_IRQ_GROUP1 : 0,
	};
	unsigned queued = nvarm_vgic_l1_queued(&v->vgic.cpu);
	int r;

	if (ops->l1_intid_to_hw && ops->l1_intid_to_hw(ops->ctx, intid, &irq.hw_intid) == 0)
		irq.flags |= NVARM_VGIC_IRQ_HW;
	r = nvarm_vgic_l1_inject(&v->vgic.cpu, &irq);
	if (r == 0 && nvarm_vgic_l1_queued(&v->vgic.cpu) > queued)
		v->vgic.st.overflow++; /* no free LR: waits in the queue */
	if (r == NVARM_ERR_NOMEM)
		v->vgic.st.dropped++;
	else if (r)
		cpuif_fail("nvarm_vgic_l1_inject", r);
	return r == 0;
}

/* The state of @p intid in L0's list registers for L1 (NVARM_VGIC_ST_*), or < 0 while L2
 * runs (they are put away). */
int cpuif_state(struct l0_vcpu *v, uint32_t intid)
{
	return nvarm_vgic_l1_irq_state(&v->vgic.cpu, intid);
}

void cpuif_retract(struct l0_vcpu *v, uint32_t intid)
{
	int r = nvarm_vgic_l1_retract(&v->vgic.cpu, intid);

	if (r && r != NVARM_ERR_NOENT)
		cpuif_fail("nvarm_vgic_l1_retract", r);
}

void cpuif_deactivate(struct l0_vcpu *v, uint32_t intid)
{
	int r = nvarm_vgic_l1_deactivate(&v->vgic.cpu, intid);

	if (r && r != NVARM_ERR_NOENT)
		cpuif_fail("nvarm_vgic_l1_deactivate", r);
}

/* Does a real interrupt back L1's @p intid (it goes into an HW=1 list register)? */
bool cpuif_hw_backed(struct l0_vcpu *v, uint32_t intid)
{
	const struct nvarm_platform_ops *ops = &v->vm->ops;
	uint32_t hw;

	return ops->l1_intid_to_hw && ops->l1_intid_to_hw(ops->ctx, intid, &hw) == 0;
}

/* Would L1's CPU interface signal an interrupt of @p priority and group now? */
bool cpuif_would_signal(struct l0_vcpu *v, uint8_t priority, bool group1)
{
	return nvarm_vgic_l1_would_signal(&v->vgic.cpu, priority, group1) == 1;
}
