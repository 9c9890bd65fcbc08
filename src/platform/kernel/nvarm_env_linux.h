/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Kernel-style shim: an nvarm environment header for building the library inside
 * a Linux kernel tree (KVM/arm64), where <stdint.h> does not exist and the
 * kernel's own types, WARN_ON and byte-order helpers are used instead.
 *
 * Use: include Kbuild.example (beside this file) from your Kbuild file and add its
 * $(nvarm-objs) and $(nvarm-ccflags), which select this header with
 * -DNVARM_ENV_HEADER='"nvarm_env_linux.h"'. Everything nvarm needs from its
 * environment is here; compare with include/nvarm/env.h. Proven by examples/kmod
 * (scripts/kmod-build): the library builds against Debian's arm64 6.12 headers with
 * the kernel's own flags, W=1 included, without a warning.
 *
 * Locking and logging go through struct nvarm_platform_ops as for every embedder:
 * a KVM port points ops->lock/unlock at a spinlock of its own, taken inside kvm->mmu_lock
 * (not at kvm->mmu_lock itself: the MMU-notifier paths that call nvarm_s2mmu_host_unmap()
 * already hold it for write; docs/porting-kvm.md), and ops->log at kvm_debug/kvm_err.
 */
#ifndef NVARM_ENV_LINUX_H
#define NVARM_ENV_LINUX_H

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/swab.h>

/* An nvarm invariant broken is a kernel bug worth a splat, never a panic. */
#define NVARM_ASSERT(cond) WARN_ON_ONCE(!(cond))
#define NVARM_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#define NVARM_LIKELY(x) likely(x)
#define NVARM_UNLIKELY(x) unlikely(x)
#define NVARM_ARRAY_SIZE(a) ARRAY_SIZE(a)
#define NVARM_BSWAP64(x) swab64(x)
#define NVARM_BSWAP32(x) swab32(x)
/* <stdint.h> constant macros the library uses (the kernel has U64_MAX, ULL()). */
#ifndef UINT64_C
#define UINT64_C(c) c##ULL
#endif
#ifndef UINT32_C
#define UINT32_C(c) c##U
#endif
#ifndef UINT64_MAX
#define UINT64_MAX U64_MAX
#endif
#ifdef __LITTLE_ENDIAN
#define NVARM_LITTLE_ENDIAN 1
#else
#define NVARM_LITTLE_ENDIAN 0
#endif

#endif /* NVARM_ENV_LINUX_H */
