/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The part of Linux's KVM user interface (linux/kvm.h, arm64) that the libc-free programs of
 * a Linux L1's initramfs use (kvm-mini.c, vmm.c): ioctl numbers, exit reasons and the
 * argument structures, written once for both.
 */
#ifndef EXAMPLES_LINUX_L1_KVM_ABI_H
#define EXAMPLES_LINUX_L1_KVM_ABI_H

#include <stdint.h>

#include "sys.h"

#define IO(n)			 (0xAE00u | (n))
#define IOW(n, sz)		 (0x40000000u | ((sz) << 16) | 0xAE00u | (n))
#define IOR(n, sz)		 (0x80000000u | ((sz) << 16) | 0xAE00u | (n))
#define IOWR(n, sz)		 (0xC0000000u | ((sz) << 16) | 0xAE00u | (n))
#define KVM_CREATE_VM		 IO(0x01)
#define KVM_GET_VCPU_MMAP_SIZE	 IO(0x04)
#define KVM_CREATE_VCPU		 IO(0x41)
#define KVM_SET_USER_MEMORY_REG	 IOW(0x46, 32)
#define KVM_IRQ_LINE		 IOW(0x61, 8)
#define KVM_RUN			 IO(0x80)
#define KVM_GET_ONE_REG		 IOW(0xab, 16)
#define KVM_SET_ONE_REG		 IOW(0xac, 16)
#define KVM_ARM_VCPU_INIT	 IOW(0xae, 32)
#define KVM_ARM_PREFERRED_TARGET IOR(0xaf, 32)
#define KVM_CREATE_DEVICE	 IOWR(0xe0, 12)
#define KVM_SET_DEVICE_ATTR	 IOW(0xe1, 24)

#define EXIT_MMIO		 6
#define EXIT_SYSTEM_EVENT	 24

struct mem_region {
	uint32_t slot, flags;
	uint64_t gpa, size, uaddr;
};
struct vcpu_init {
	uint32_t target, features[7];
};
struct one_reg {
	uint64_t id, addr;
};
struct create_device {
	uint32_t type, fd, flags;
};
struct device_attr {
	uint32_t flags, group;
	uint64_t attr, addr;
};
struct irq_level {
	uint32_t irq, level;
};

/* KVM_ARM_VCPU_INIT features[0] bits */
#define KVM_ARM_VCPU_POWER_OFF 0
#define KVM_ARM_VCPU_PSCI_0_2  2
#define KVM_ARM_VCPU_HAS_EL2   7

/* The in-kernel GICv3 (KVM_CREATE_DEVICE) and its attribute groups */
#define KVM_DEV_TYPE_ARM_VGIC_V3     7
#define KVM_DEV_ARM_VGIC_GRP_ADDR    0
#define KVM_VGIC_V3_ADDR_TYPE_DIST   2
#define KVM_VGIC_V3_ADDR_TYPE_REDIST 3
#define KVM_DEV_ARM_VGIC_GRP_NR_IRQS 3
#define KVM_DEV_ARM_VGIC_GRP_CTRL    4
#define KVM_DEV_ARM_VGIC_CTRL_INIT   0
/* The PPI of the GIC maintenance interrupt a guest hypervisor (KVM_ARM_VCPU_HAS_EL2) gets */
#define KVM_DEV_ARM_VGIC_GRP_MAINT_IRQ 9

/*
 * The in-kernel GICv3 of the VM VM (a KVM_CREATE_VM fd), after all its vCPUs were created:
 * the distributor at DIST, the redistributors from REDIST (one 128K frame pair per vCPU),
 * NIRQS interrupts (the 32 private ones included), for a guest hypervisor's vCPUs
 * (KVM_ARM_VCPU_HAS_EL2) the INTID MAINT of its GIC maintenance interrupt (0: not set), then
 * initialised. Returns 0, or the failing ioctl's negative errno with *WHAT naming the step.
 */
static inline long kvm_vgic_v3(long vm, uint64_t dist, uint64_t redist, uint32_t nirqs,
			       uint32_t maint, const char **what)
{
	struct create_device cd = {KVM_DEV_TYPE_ARM_VGIC_V3, 0, 0};
	struct device_attr a[] = {
	    {0, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, (uint64_t)&dist},
	    {0, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, (uint64_t)&redist},
	    {0, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, (uint64_t)&nirqs},
	    {0, KVM_DEV_ARM_VGIC_GRP_MAINT_IRQ, 0, (uint64_t)&maint},
	    {0, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0},
	};
	static const char *const step[] = {"vgic distributor address", "vgic redistributor address",
					   "vgic nr irqs", "vgic maintenance irq", "vgic init"};
	long e = sc6(SYS_ioctl, vm, KVM_CREATE_DEVICE, (long)&cd, 0, 0, 0);

	*what = "KVM_CREATE_DEVICE vgic-v3";
	if (e < 0)
		return e;
	for (unsigned i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		if (i == 3 && !maint)
			continue;
		*what = step[i];
		e = sc6(SYS_ioctl, cd.fd, KVM_SET_DEVICE_ATTR, (long)&a[i], 0, 0, 0);
		if (e < 0)
			return e;
	}
	return 0;
}

#endif
