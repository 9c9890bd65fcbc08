/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file platform_host.h
 * @brief Host model of the platform: a fake machine for tests and emulators.
 *
 * Fakes only what a host cannot do — system register access, TLB maintenance and
 * guest memory — and keeps every architectural encoding real (the style of
 * Hafnium's fake arch, but with real descriptors). Tests build real stage-2 tables in
 * the model's L1 memory and real register values in its register file.
 *
 * - Hardware system registers: a small table keyed by packed encoding
 *   (arm/sysreg_enc.h); unknown registers read as 0 and are created on write.
 * - L1 memory: one flat buffer the caller owns, at L1 IPAs [l1_base, l1_base+size).
 * - L0's stage-2: by default L1 RAM maps to PA = IPA + pa_offset with full
 *   permissions in 4K pages, Normal WB memory; a test can install its own lookup.
 * - PA to VA: host pointers are used as PAs (page pools are host memory).
 * - TLB invalidations and log messages are counted and the last one remembered.
 * - Locking: nvarm_platform_ops::lock / nvarm_platform_ops::unlock count the nesting depth
 *   (tests check balance) and, when nvarm_host_model::lock_fn is set, also call the
 *   embedder's real lock (a pthread mutex in the threaded stress test): the model itself
 *   stays freestanding.
 * - Threads: L1 memory is read (read_l1) with one relaxed atomic 64-bit load per aligned
 *   word and compare-and-swapped (cmpxchg_l1) atomically, so threads standing for vCPUs
 *   may walk L1 tables while another writes them (with atomic stores). The counters and
 *   the register file are plain fields: the library calls tlbi and log with the lock held;
 *   hw_read/hw_write belong to one vCPU (its vGIC or timers) and need no lock.
 */
#ifndef NVARM_PLATFORM_HOST_H
#define NVARM_PLATFORM_HOST_H

#include "platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Capacity of the fake register file. */
#define NVARM_HOST_MAX_REGS 256

/** @brief One fake hardware register. */
struct nvarm_host_reg {
	uint32_t enc; /**< Packed encoding (0 = free slot; no real register encodes as 0). */
	uint64_t val; /**< Current value. */
};

/** @brief The host model's state (caller-owned). */
struct nvarm_host_model {
	struct nvarm_host_reg regs[NVARM_HOST_MAX_REGS]; /**< Fake hardware registers. */
	unsigned nregs;                                  /**< Slots in use. */

	uint8_t *l1_mem;    /**< Backing store of L1 RAM. */
	uint64_t l1_base;   /**< L1 IPA of l1_mem[0]. */
	uint64_t l1_size;   /**< Bytes of L1 RAM. */
	uint64_t pa_offset; /**< Default host stage-2: PA = L1 IPA + pa_offset. */

	/** Optional replacement for the default host stage-2 lookup. */
	int (*s2_lookup)(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out);
	void *s2_user; /**< Handed to @ref s2_lookup. */
	/**
	 * Keeps the fields above, which read_l1 and host_s2_lookup read on every CPU, off the
	 * cache lines of the counters below, which every tlbi and lock call writes.
	 */
	uint8_t line_gap[128];

	unsigned tlbi_count;               /**< TLB invalidations requested so far. */
	enum nvarm_tlbi_kind last_tlbi;    /**< Kind of the last one. */
	uint16_t last_tlbi_vmid;           /**< VMID of the last one. */
	uint64_t last_tlbi_ipa;            /**< IPA of the last one. */
	unsigned log_count;                /**< Log messages received. */
	const char *last_log;              /**< Last log message. */
	unsigned lock_depth;               /**< Current lock nesting (tests check balance). */
	/** Optional: the embedder's real lock, taken by nvarm_platform_ops::lock. */
	void (*lock_fn)(void *user);
	/** Optional: releases the lock of @ref lock_fn. */
	void (*unlock_fn)(void *user);
	void *lock_user; /**< Handed to @ref lock_fn and @ref unlock_fn. */
	unsigned hw_reads;                 /**< hw_read calls. */
	unsigned hw_writes;                /**< hw_write calls. */
};

/**
 * @brief Initialise a host model.
 * @param m Model to initialise (all fields reset).
 * @param l1_mem Buffer backing L1 RAM (may be NULL with @p l1_size 0).
 * @param l1_base L1 IPA where that RAM starts.
 * @param l1_size Size of the RAM in bytes.
 */
void nvarm_host_model_init(struct nvarm_host_model *m, void *l1_mem, uint64_t l1_base,
			   uint64_t l1_size);

/**
 * @brief Fill @p ops with callbacks backed by @p m (ctx = @p m).
 * @param m The model.
 * @param ops Receives the ops.
 */
void nvarm_host_model_ops(struct nvarm_host_model *m, struct nvarm_platform_ops *ops);

/**
 * @brief Set a fake hardware register directly (as the "hardware" would).
 * @return 0, or ::NVARM_ERR_NOMEM when the register table is full.
 */
int nvarm_host_model_set_reg(struct nvarm_host_model *m, uint32_t enc, uint64_t val);

/** @brief Read a fake hardware register directly (0 if never written). */
uint64_t nvarm_host_model_get_reg(const struct nvarm_host_model *m, uint32_t enc);

/**
 * @brief Pointer into L1 RAM for an L1 IPA range, or NULL if not entirely inside it.
 */
void *nvarm_host_model_l1_ptr(struct nvarm_host_model *m, nvarm_ipa1_t ipa, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_PLATFORM_HOST_H */
