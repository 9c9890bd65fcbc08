/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* System register access and barriers for the bare-metal examples. */
#ifndef EXAMPLES_ARM_H
#define EXAMPLES_ARM_H

#include <stdint.h>

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))
/* For registers the assembler may not know by name: S<op0>_<op1>_C<n>_C<m>_<op2>. */
#define read_sysreg_s(r)     read_sysreg(r)
#define write_sysreg_s(r, v) write_sysreg(r, v)

#define isb()		     __asm__ volatile("isb" ::: "memory")
#define dsb(opt)	     __asm__ volatile("dsb " #opt ::: "memory")
#define wfi()		     __asm__ volatile("wfi" ::: "memory")

#define FIELD(v, hi, lo)     (((uint64_t)(v) >> (lo)) & ((UINT64_C(1) << ((hi) - (lo) + 1)) - 1))

/* PSCI 0.2+ function IDs (Arm DEN 0022). */
#define PSCI_VERSION	   0x84000000u
#define PSCI_CPU_OFF	   0x84000002u
#define PSCI_SYSTEM_OFF	   0x84000008u
#define PSCI_SYSTEM_RESET  0x84000009u
#define PSCI_FEATURES	   0x8400000au
#define PSCI_NOT_SUPPORTED (-1)

static inline uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

static inline uint64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

/* PSCI SYSTEM_OFF through the DTB's conduit (Arm DEN 0022); the machine stops, never returns. */
static inline __attribute__((noreturn)) void psci_system_off(int hvc)
{
	if (hvc)
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	else
		smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

#endif
