/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Raw Linux arm64 system calls for the libc-free programs of a Linux L1's initramfs
 * (kvm-mini.c, vmm.c): the call numbers they use (asm-generic/unistd.h) and the six-argument
 * SVC. No libc: static, -nostdlib.
 */
#ifndef EXAMPLES_LINUX_L1_SYS_H
#define EXAMPLES_LINUX_L1_SYS_H

#define SYS_openat	 56
#define SYS_close	 57
#define SYS_lseek	 62
#define SYS_read	 63
#define SYS_write	 64
#define SYS_exit	 93
#define SYS_exit_group	 94
#define SYS_nanosleep	 101
#define SYS_setitimer	 103
#define SYS_sched_yield	 124
#define SYS_rt_sigaction 134
#define SYS_ioctl	 29
#define SYS_munmap	 215
#define SYS_clone	 220
#define SYS_execve	 221
#define SYS_mmap	 222
#define SYS_wait4	 260

static inline long sc6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b,
			 x2 __asm__("x2") = c, x3 __asm__("x3") = d, x4 __asm__("x4") = e,
			 x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

#endif
