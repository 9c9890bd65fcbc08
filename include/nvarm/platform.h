/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file platform.h
 * @brief The one platform ops struct: everything that differs per embedder.
 *
 * In the style of littlefs's `struct lfs_config`: the embedder fills one
 * ::nvarm_platform_ops with a context pointer and callbacks, and every callback
 * receives that context. Nothing here is chosen at build time. Each subsystem's
 * init function checks that the callbacks it needs are present and returns
 * ::NVARM_ERR_INVAL otherwise (no weak defaults that fail at run time).
 *
 * Shims for three kinds of embedder live in `src/platform/`: bare-metal AArch64 at
 * EL2 (real MRS/MSR/TLBI), a host model for tests and emulators (a fake register
 * file and memory), and a kernel-style shim (locks and logging forwarded to the
 * embedding kernel).
 *
 * Callbacks that read or write guest memory take ::nvarm_ipa1_t addresses: L1's
 * memory as L1 sees it. The embedder translates through its own stage-2 and
 * returns ::NVARM_ERR_GUEST_MEM when the address is not backed by L1 RAM.
 */
#ifndef NVARM_PLATFORM_H
#define NVARM_PLATFORM_H

#include "env.h"
#include "err.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Severity of a log message. */
enum nvarm_log_level {
	NVARM_LOG_ERROR = 0, /**< Something failed that the embedder should know about. */
	NVARM_LOG_WARN = 1,  /**< A guest did something odd but handled (e.g. bad encoding). */
	NVARM_LOG_INFO = 2,  /**< Informational. */
	NVARM_LOG_DEBUG = 3  /**< Verbose tracing. */
};

/** @brief Permission bits used when describing mappings. */
enum nvarm_perm {
	NVARM_PERM_R = 1u << 0,  /**< Readable. */
	NVARM_PERM_W = 1u << 1,  /**< Writable. */
	NVARM_PERM_XP = 1u << 2, /**< Executable at EL1 (privileged). */
	NVARM_PERM_XU = 1u << 3, /**< Executable at EL0 (unprivileged). */
	NVARM_PERM_RWX = 0xfu    /**< All of the above. */
};

/**
 * @brief What L0's own stage-2 says about one L1 IPA (answer of
 *        nvarm_platform_ops::host_s2_lookup).
 */
struct nvarm_host_s2_map {
	nvarm_pa_t pa;       /**< PA that the looked-up L1 IPA maps to (not aligned down). */
	uint8_t block_shift; /**< log2 of the largest naturally aligned region around the IPA that
				  L0 maps contiguously with the same permissions and attributes
				  (12 for a 4K page, 21 for a 2M block, ...). */
	uint8_t perm;        /**< ::nvarm_perm bits L0 grants. */
	uint8_t memattr;     /**< Stage-2 MemAttr[3:0] encoding L0 uses (FWB=0 layout). */
	uint8_t sh;          /**< Stage-2 SH[1:0] shareability L0 uses. */
	uint8_t flags;       /**< ::nvarm_host_s2_flags. */
};

/** @brief Flags in nvarm_host_s2_map::flags. */
enum nvarm_host_s2_flags {
	NVARM_HOST_S2_MMIO = 1u << 0, /**< L0 emulates this range: never map it in a shadow table. */
	NVARM_HOST_S2_DIRTY_LOG = 1u << 1 /**< L0 tracks writes: map read-only until written. */
};

/** @brief Stage-2 TLB invalidation requests the library makes of the embedder. */
enum nvarm_tlbi_kind {
	NVARM_TLBI_S2_IPA = 0,  /**< Invalidate stage-2 entries for one IPA (level hint given). */
	NVARM_TLBI_S2_VMALL = 1 /**< Invalidate all stage-1 and stage-2 entries of one VMID. */
};

/**
 * @brief The platform operations. Unused callbacks may be NULL where documented.
 *
 * Threading: nvarm calls these from whatever context the embedder called nvarm
 * from. Where a subsystem's object is shared between physical CPUs (only the shadow
 * stage-2: one ::nvarm_s2mmu per VM), it brackets its updates with @ref lock / @ref unlock
 * when those are given, and then also uses small spinlocks of its own in that object's
 * state buffer (the shadow stage-2's fault lanes, see the concurrency contract in s2mmu.h:
 * a fault holding only a lane lock calls no callback; a holder of @ref lock may hold lane
 * locks across the callbacks it makes, so callbacks called with the lock held must not
 * sleep, as under any spinlock). One ops
 * struct may serve every CPU: hw_read / hw_write act on the calling CPU's registers;
 * read_l1, cmpxchg_l1, host_s2_lookup and l1_intid_to_hw may run on several CPUs at once
 * (the shadow stage-2 calls the first three with and without the lock: see the
 * concurrency contract in s2mmu.h); tlbi is called with the lock held and must reach
 * every CPU (broadcast) and complete before it returns.
 */
struct nvarm_platform_ops {
	/** Opaque pointer handed back to every callback. */
	void *ctx;

	/** Optional: log a NUL-terminated message. */
	void (*log)(void *ctx, enum nvarm_log_level level, const char *msg);

	/** Optional: take the embedder's lock protecting shared nvarm objects. */
	void (*lock)(void *ctx);
	/** Optional: release the lock taken by @ref lock. */
	void (*unlock)(void *ctx);

	/**
	 * Read @p len bytes of L1 memory at L1 IPA @p ipa into @p buf.
	 * Needed by the shadow stage-2 (guest table walks).
	 * @return 0, or ::NVARM_ERR_GUEST_MEM when the range is not L1 RAM.
	 */
	int (*read_l1)(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len);

	/**
	 * Atomically compare-and-swap a naturally aligned 64-bit word of L1 memory
	 * (hardware Access flag / dirty state updates in L1's tables, FEAT_HAFDBS).
	 * Optional: without it nvarm never updates L1 descriptors and reports Access
	 * flag faults to L1 instead.
	 * @param old Expected current value (in memory byte order as stored).
	 * @param new_val Value to store if the word equals @p old.
	 * @param cur Receives the value found.
	 * @return 0 (whether or not the swap happened), or ::NVARM_ERR_GUEST_MEM.
	 */
	int (*cmpxchg_l1)(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			  uint64_t *cur);

	/**
	 * Look up L0's own stage-2 for an L1 IPA. Needed by the shadow stage-2.
	 * @return 0 with @p out filled, ::NVARM_ERR_NOENT when L0 has no mapping (L0 must
	 *         handle the fault), or another negative code.
	 */
	int (*host_s2_lookup)(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out);

	/**
	 * Convert the PA of a page the embedder handed to nvarm (page pools) into a
	 * pointer nvarm can write through. Needed by the shadow stage-2.
	 */
	void *(*pa_to_va)(void *ctx, nvarm_pa_t pa);

	/**
	 * Invalidate hardware TLB entries for a shadow stage-2 (VMID @p vmid).
	 * @param kind What to invalidate.
	 * @param ipa  For ::NVARM_TLBI_S2_IPA, the L2 IPA; ignored otherwise.
	 * @param level Translation level hint (0-3), or -1 when unknown.
	 */
	void (*tlbi)(void *ctx, enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa,
		     int level);

	/**
	 * Read a hardware system register, by its packed encoding (see
	 * arm/sysreg_enc.h). Needed by subsystems that touch hardware state (vGIC list
	 * registers, timers); the host model backs it with a fake register file.
	 */
	uint64_t (*hw_read)(void *ctx, uint32_t enc);
	/** Write a hardware system register by packed encoding (see @ref hw_read). */
	void (*hw_write)(void *ctx, uint32_t enc, uint64_t val);

	/**
	 * Translate an INTID that L1 put in a virtual list register with HW=1 (an
	 * interrupt in L1's world) into a real hardware INTID, if L0 backs that L1
	 * interrupt with a hardware interrupt. Optional: without it every HW=1 LR is
	 * treated as not hardware-backed.
	 * @return 0 with @p hw_intid set, ::NVARM_ERR_NOENT when not backed or not L1's.
	 */
	int (*l1_intid_to_hw)(void *ctx, uint32_t l1_intid, uint32_t *hw_intid);
};

/**
 * @brief Log through the ops if a logger is present (internal convenience).
 * @param ops The embedder's ops (may be NULL).
 * @param level Severity.
 * @param msg Message.
 */
static inline void nvarm_log(const struct nvarm_platform_ops *ops, enum nvarm_log_level level,
			     const char *msg)
{
	if (ops && ops->log)
		ops->log(ops->ctx, level, msg);
}

#ifdef __cplusplus
}
#endif

#endif /* NVARM_PLATFORM_H */
