/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file platform_baremetal.h
 * @brief Bare-metal AArch64 platform shim: nvarm's platform ops for code running at EL2.
 *
 * Built as its own library (`nvarm_platform_baremetal`, aarch64 trees only), so the
 * core archive stays the same for every embedder. It provides what the hardware does
 * itself and forwards what only the embedder knows:
 *
 * - hw_read / hw_write: real MRS/MSR by packed encoding (arm/sysreg_enc.h), through a
 *   declarative table of registers (src/platform/baremetal/sysreg_list.h). An encoding
 *   that is not in the table, or a register this CPU lacks (e.g. ICH_LR7_EL2 with four
 *   list registers), is never executed: it is an error, recorded in the shim and logged.
 * - tlbi: real TLBI instructions (inner shareable) with DSB/ISB; the VMID is selected by
 *   temporarily switching VTTBR_EL2.VMID.
 * - pa_to_va: identity (the embedder runs with an identity EL2 stage-1 or the MMU off).
 * - read_l1, cmpxchg_l1, host_s2_lookup, l1_intid_to_hw, log, lock, unlock: the
 *   embedder's, handed over in ::nvarm_bm_hooks and forwarded with the embedder's
 *   own context pointer.
 *
 * Must run at EL2 (with HCR_EL2.E2H either way). No global state: everything hangs off
 * the caller-owned ::nvarm_bm_platform.
 */
#ifndef NVARM_PLATFORM_BAREMETAL_H
#define NVARM_PLATFORM_BAREMETAL_H

#include "platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The embedder's callbacks the shim forwards (any may be NULL). */
struct nvarm_bm_hooks {
	void *ctx; /**< Handed to every hook below. */
	/** See nvarm_platform_ops::log. */
	void (*log)(void *ctx, enum nvarm_log_level level, const char *msg);
	/** See nvarm_platform_ops::lock. */
	void (*lock)(void *ctx);
	/** See nvarm_platform_ops::unlock. */
	void (*unlock)(void *ctx);
	/** See nvarm_platform_ops::read_l1. */
	int (*read_l1)(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len);
	/** See nvarm_platform_ops::cmpxchg_l1. */
	int (*cmpxchg_l1)(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			  uint64_t *cur);
	/** See nvarm_platform_ops::host_s2_lookup. */
	int (*host_s2_lookup)(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out);
	/** See nvarm_platform_ops::l1_intid_to_hw. */
	int (*l1_intid_to_hw)(void *ctx, uint32_t l1_intid, uint32_t *hw_intid);
};

/** @brief State of the bare-metal shim (caller-owned; the ops' context). */
struct nvarm_bm_platform {
	struct nvarm_bm_hooks hooks; /**< The embedder's hooks (copied at init). */
	int last_err;		     /**< Last hw_read/hw_write error (0 = none so far). */
	uint32_t last_err_enc;	     /**< Encoding of that access. */
	uint32_t sysreg_errors;	     /**< Number of failed hw_read/hw_write calls. */
	uint32_t tlbi_count;	     /**< Number of tlbi callbacks served. */
};

/**
 * @brief Initialise the shim and fill @p ops (ctx = @p bm).
 *
 * Callbacks whose hook is NULL are left NULL in @p ops (so a subsystem needing them
 * refuses to initialise, as documented in platform.h).
 * @param bm Shim state to initialise.
 * @param hooks The embedder's hooks (copied), or NULL for none.
 * @param ops Receives the platform ops.
 * @return 0, or ::NVARM_ERR_INVAL when @p bm or @p ops is NULL.
 */
int nvarm_bm_platform_init(struct nvarm_bm_platform *bm, const struct nvarm_bm_hooks *hooks,
			   struct nvarm_platform_ops *ops);

/**
 * @brief Read a system register of this CPU by packed encoding.
 * @param enc Packed encoding (NVARM_SYSREG_ENC()).
 * @param val Receives the value (0 on error).
 * @return 0; ::NVARM_ERR_NOENT when the encoding is not in the shim's table;
 *         ::NVARM_ERR_INVAL when the register is write-only or @p val is NULL;
 *         ::NVARM_ERR_UNSUPPORTED when this CPU does not implement it.
 */
int nvarm_bm_sysreg_read(uint32_t enc, uint64_t *val);

/**
 * @brief Write a system register of this CPU by packed encoding.
 * @param enc Packed encoding.
 * @param val Value to write.
 * @return 0; ::NVARM_ERR_NOENT when the encoding is not in the shim's table;
 *         ::NVARM_ERR_INVAL when the register is read-only;
 *         ::NVARM_ERR_UNSUPPORTED when this CPU does not implement it.
 */
int nvarm_bm_sysreg_write(uint32_t enc, uint64_t val);

/**
 * @brief Architectural name of a register in the shim's table.
 * @param enc Packed encoding.
 * @return The name (e.g. "ICH_LR0_EL2"), or NULL when the encoding is not in the table.
 */
const char *nvarm_bm_sysreg_name(uint32_t enc);

/**
 * @brief Invalidate stage-2 (and combined stage-1+2) TLB entries of one VMID,
 *        inner shareable, completed with DSB ISH and ISB.
 *
 * Selects @p vmid by writing VTTBR_EL2.VMID for the duration of the invalidation and
 * restores VTTBR_EL2 afterwards. When @p vmid does not fit the VMID size in use
 * (VTCR_EL2.VS = 0: 8 bits), it invalidates all EL1&0 entries of every VMID instead
 * (a superset). The level hint is not passed to the hardware (no FEAT_TTL use).
 * @param kind ::NVARM_TLBI_S2_IPA (one IPA page, then all stage-1 entries of the
 *        VMID, as the Arm ARM requires after TLBI IPAS2E1) or ::NVARM_TLBI_S2_VMALL.
 * @param vmid VMID to invalidate.
 * @param ipa L2 IPA for ::NVARM_TLBI_S2_IPA.
 * @param level Ignored (hint).
 */
void nvarm_bm_tlbi(enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa, int level);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_PLATFORM_BAREMETAL_H */
