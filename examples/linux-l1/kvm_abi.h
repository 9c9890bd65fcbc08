/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The part of Linux's KVM user interface (linux/kvm.h, arm64) that the libc-free programs of
 * a Linux L1's initramfs use (kvm-mini.c, vmm.c): ioctl numbers, exit reasons and the
 * argument structures, written once for both.
 */
#ifndef EXAMPLES_LINUX_L1_KVM_ABI_H
#define EXAMPLES_LINUX_L1_KVM_ABI_H

#include <stdint.h>

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

#endif
