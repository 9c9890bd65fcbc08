// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// kvm-mini: the smallest KVM user, run by the Linux L1 initramfs (scripts/get-linux-l1) to
// show the L1 kernel's KVM running an L2 guest under the example L0. No libc (raw
// syscalls, static, -nostdlib): one vCPU, 64K of guest RAM at IPA 0x80000000, and a guest
// of 14 instructions: an MMIO write, an MMIO read (answered 0x1234) and a write of it back,
// CurrentEL written to MMIO (0x4 at EL1), PSCI_VERSION through HVC (answered by KVM; SMCCC
// clears x1, so the next store goes to 0x10), and PSCI SYSTEM_OFF (a KVM_EXIT_SYSTEM_EVENT).
// `kvm-mini el2`: the vCPU has KVM_ARM_VCPU_HAS_EL2 (a Linux L1 with kvm-arm.mode=nested, on
// an L0 that offers it FEAT_NV) and KVM's in-kernel vGICv3, which nesting needs: the guest
// starts at virtual EL2 (CurrentEL 0x8), where an HVC would be taken by its own (absent) EL2
// vectors, so its PSCI calls are SMCs, which KVM answers.
#include <stdint.h>

#include "kvm_abi.h"
#include "sys.h"

static void puts_(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	sc6(SYS_write, 1, (long)s, n, 0, 0, 0);
}

static void putx(const char *pre, uint64_t v)
{
	char b[19] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	puts_(pre);
	puts_(b);
	puts_("\n");
}

static void die(const char *what, long r)
{
	puts_("kvm-mini: FAIL: ");
	putx(what, (uint64_t)r);
	sc6(SYS_exit, 1, 0, 0, 0, 0, 0);
}

/* KVM's nested virtualization needs the in-kernel vGICv3 (its guest hypervisor gets the
 * ICH_* registers): distributor at 0x8000000, the one redistributor at 0x80a0000, outside
 * the guest's RAM and MMIO page; 64 interrupts (kvm_abi.h). */
static void make_vgic(long vm)
{
	const char *what;
	long e = kvm_vgic_v3(vm, 0x8000000, 0x80a0000, 64, 0, &what);
	if (e < 0) {
		puts_("kvm-mini: ");
		puts_(what);
		puts_("\n");
		die("vgic-v3 setup ", e);
	}
}

static const uint32_t guest[] = {
    0xd2a20001, /* movz x1, #0x1000, lsl #16  : x1 = 0x10000000 (MMIO) */
    0xd2800842, /* mov  x2, #0x42 */
    0xf9000022, /* str  x2, [x1] */
    0xf9400023, /* ldr  x3, [x1] */
    0xf9000423, /* str  x3, [x1, #8] */
    0xd5384244, /* mrs  x4, CurrentEL */
    0xf9000c24, /* str  x4, [x1, #24] : 0x4 at EL1, 0x8 at (virtual) EL2 */
    0xd2b08000, /* movz x0, #0x8400, lsl #16 : PSCI_VERSION */
    0xd4000002, /* hvc  #0 */
    0xf9000820, /* str  x0, [x1, #16] (x1 = 0 after the SMCCC call) */
    0xd2b08000, /* movz x0, #0x8400, lsl #16 */
    0xf2800100, /* movk x0, #8 : PSCI_SYSTEM_OFF */
    0xd4000002, /* hvc  #0 */
    0x14000000, /* b . */
};

#define INSN_HVC0 0xd4000002u
#define INSN_SMC0 0xd4000003u

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void __attribute__((noreturn)) kmain(long *sp)
{
	int el2 = sp[0] > 1 && streq((const char *)sp[2], "el2");
	long kvm = sc6(SYS_openat, -100, (long)"/dev/kvm", 2, 0, 0, 0);
	if (kvm < 0)
		die("open /dev/kvm ", kvm);
	long vm = sc6(SYS_ioctl, kvm, KVM_CREATE_VM, 0, 0, 0, 0);
	if (vm < 0)
		die("KVM_CREATE_VM ", vm);
	long mem = sc6(SYS_mmap, 0, 0x10000, 3, 0x22, -1, 0);
	if (mem < 0 && mem > -4096)
		die("mmap ", mem);
	uint32_t *g = (uint32_t *)mem;
	for (unsigned i = 0; i < sizeof(guest) / 4; i++)
		g[i] = el2 && guest[i] == INSN_HVC0 ? INSN_SMC0 : guest[i];
	struct mem_region r = {0, 0, 0x80000000ull, 0x10000, (uint64_t)mem};
	long e = sc6(SYS_ioctl, vm, KVM_SET_USER_MEMORY_REG, (long)&r, 0, 0, 0);
	if (e < 0)
		die("KVM_SET_USER_MEMORY_REGION ", e);
	long cpu = sc6(SYS_ioctl, vm, KVM_CREATE_VCPU, 0, 0, 0, 0);
	if (cpu < 0)
		die("KVM_CREATE_VCPU ", cpu);
	struct vcpu_init init = {0};
	e = sc6(SYS_ioctl, vm, KVM_ARM_PREFERRED_TARGET, (long)&init, 0, 0, 0);
	if (e < 0)
		die("KVM_ARM_PREFERRED_TARGET ", e);
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (el2)
		init.features[0] |= 1u << KVM_ARM_VCPU_HAS_EL2;
	e = sc6(SYS_ioctl, cpu, KVM_ARM_VCPU_INIT, (long)&init, 0, 0, 0);
	if (e < 0)
		die("KVM_ARM_VCPU_INIT ", e);
	if (el2)
		make_vgic(vm);
	uint64_t pc = 0x80000000ull;
	/* KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | regs.pc (offset 32 * 2) */
	struct one_reg reg = {0x6030000000100040ull, (uint64_t)&pc};
	e = sc6(SYS_ioctl, cpu, KVM_SET_ONE_REG, (long)&reg, 0, 0, 0);
	if (e < 0)
		die("KVM_SET_ONE_REG pc ", e);
	long sz = sc6(SYS_ioctl, kvm, KVM_GET_VCPU_MMAP_SIZE, 0, 0, 0, 0);
	long run = sc6(SYS_mmap, 0, sz, 3, 1, cpu, 0);
	if (run < 0 && run > -4096)
		die("mmap run ", run);
	volatile uint8_t *k = (volatile uint8_t *)run;
	puts_(el2 ? "kvm-mini: running the L2 guest at virtual EL2\n"
		  : "kvm-mini: running the L2 guest\n");
	for (int n = 0; n < 16; n++) {
		e = sc6(SYS_ioctl, cpu, KVM_RUN, 0, 0, 0, 0);
		if (e < 0)
			die("KVM_RUN ", e);
		uint32_t reason = *(volatile uint32_t *)(k + 8);
		if (reason == EXIT_MMIO) {
			uint64_t addr = *(volatile uint64_t *)(k + 32);
			volatile uint64_t *data = (volatile uint64_t *)(k + 40);
			uint8_t wr = k[52];
			if (wr) {
				putx("kvm-mini: guest MMIO write at ", addr);
				putx("kvm-mini:   value ", *data);
			} else {
				putx("kvm-mini: guest MMIO read at ", addr);
				*data = 0x1234;
			}
			continue;
		}
		if (reason == EXIT_SYSTEM_EVENT) {
			putx("kvm-mini: guest system event ", *(volatile uint32_t *)(k + 32));
			puts_("kvm-mini: L2 guest done\n");
			sc6(SYS_exit, 0, 0, 0, 0, 0, 0);
		}
		die("unexpected exit reason ", reason);
	}
	die("too many exits ", 16);
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl kmain\n"); /* sp: argc, argv[] */
