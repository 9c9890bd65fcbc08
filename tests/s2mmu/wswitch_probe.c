// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * -Wswitch on nvarm's result fields (ctests wswitch_*): every switch below names every
 * value of its field's enum, so this file compiles with -Werror=switch; built with
 * -DMISS=<n> one switch leaves a value out, and the compiler must say which (which it can
 * only because the field has the enum type, not uint8_t).
 */
#include <nvarm/forward.h>
#include <nvarm/s2mmu.h>
#include <nvarm/sysreg.h>

#ifndef MISS
#define MISS 0
#endif

int probe_s2mmu(const struct nvarm_s2mmu_result *r);
int probe_s2mmu(const struct nvarm_s2mmu_result *r)
{
	switch (r->action) {
	case NVARM_S2MMU_INSTALLED:
		return 0;
#if MISS != 1
	case NVARM_S2MMU_INJECT:
		return 1;
#endif
	case NVARM_S2MMU_L0:
		break;
	}
	switch (r->l0_reason) {
	case NVARM_S2MMU_L0_NOT_ABORT:
	case NVARM_S2MMU_L0_UNMAPPED:
#if MISS != 2
	case NVARM_S2MMU_L0_MMIO:
#endif
	case NVARM_S2MMU_L0_PERM:
	case NVARM_S2MMU_L0_GRANULE:
	case NVARM_S2MMU_L0_RANGE:
		return 2;
	}
	return 3;
}

int probe_walk(const struct nvarm_s2_walk *w, const struct nvarm_s2mmu_translation *t);
int probe_walk(const struct nvarm_s2_walk *w, const struct nvarm_s2mmu_translation *t)
{
	int n = 0;

	switch (w->fault) {
	case NVARM_S2_FAULT_NONE:
	case NVARM_S2_FAULT_TRANSLATION:
	case NVARM_S2_FAULT_ADDR_SIZE:
	case NVARM_S2_FAULT_ACCESS:
	case NVARM_S2_FAULT_PERMISSION:
#if MISS != 3
	case NVARM_S2_FAULT_EXT_WALK:
#endif
		n++;
	}
	switch (t->fault) {
#if MISS != 4
	case NVARM_S2_FAULT_NONE:
#endif
	case NVARM_S2_FAULT_TRANSLATION:
	case NVARM_S2_FAULT_ADDR_SIZE:
	case NVARM_S2_FAULT_ACCESS:
	case NVARM_S2_FAULT_PERMISSION:
	case NVARM_S2_FAULT_EXT_WALK:
		n++;
	}
	return n;
}

int probe_fwd(const struct nvarm_fwd_result *r);
int probe_fwd(const struct nvarm_fwd_result *r)
{
	switch (r->action) {
	case NVARM_FWD_HANDLE_IN_L0:
	case NVARM_FWD_FORWARD:
#if MISS != 5
	case NVARM_FWD_UNDEF:
#endif
		return 1;
	}
	return 0;
}

int probe_trap(const struct nvarm_trap *t);
int probe_trap(const struct nvarm_trap *t)
{
	switch (t->kind) {
	case NVARM_TRAP_SYSREG:
	case NVARM_TRAP_ERET:
	case NVARM_TRAP_HVC:
	case NVARM_TRAP_SMC:
	case NVARM_TRAP_WFX:
	case NVARM_TRAP_FPSIMD:
	case NVARM_TRAP_SVE:
	case NVARM_TRAP_SME:
	case NVARM_TRAP_DABT:
#if MISS != 6
	case NVARM_TRAP_IABT:
#endif
	case NVARM_TRAP_OTHER:
		return 1;
	}
	return 0;
}

int probe_vm(const struct nvarm_vm_config *c);
int probe_vm(const struct nvarm_vm_config *c)
{
	switch (c->host_nv) {
	case NVARM_HOST_NV:
#if MISS != 7
	case NVARM_HOST_NV2:
#endif
		return 1;
	}
	return 0;
}
