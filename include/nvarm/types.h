/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file types.h
 * @brief Distinct address types for the three address spaces of nested virtualization.
 *
 * With a guest hypervisor in play there are three kinds of "physical" address:
 *
 * - ::nvarm_ipa2_t  an L2 intermediate physical address: what L2 puts on its bus,
 *                   the input of L1's stage-2 and of the shadow stage-2;
 * - ::nvarm_ipa1_t  an L1 intermediate physical address: the output of L1's stage-2,
 *                   the input of L0's stage-2, the address space L1's memory lives in;
 * - ::nvarm_pa_t    a real physical address: the output of L0's stage-2.
 *
 * Each is a one-member struct, so passing one where another is expected is a
 * compile error. The wrappers cost nothing at -O1 and above.
 */
#ifndef NVARM_TYPES_H
#define NVARM_TYPES_H

#include "env.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An L2 IPA (input of L1's stage-2). */
typedef struct {
	uint64_t v; /**< The address bits. */
} nvarm_ipa2_t;

/** @brief An L1 IPA (output of L1's stage-2, input of L0's stage-2). */
typedef struct {
	uint64_t v; /**< The address bits. */
} nvarm_ipa1_t;

/** @brief A host physical address (output of L0's stage-2). */
typedef struct {
	uint64_t v; /**< The address bits. */
} nvarm_pa_t;

/** @brief Make an ::nvarm_ipa2_t from a raw value. */
static inline nvarm_ipa2_t nvarm_ipa2(uint64_t v)
{
	nvarm_ipa2_t a = {v};
	return a;
}

/** @brief Make an ::nvarm_ipa1_t from a raw value. */
static inline nvarm_ipa1_t nvarm_ipa1(uint64_t v)
{
	nvarm_ipa1_t a = {v};
	return a;
}

/** @brief Make an ::nvarm_pa_t from a raw value. */
static inline nvarm_pa_t nvarm_pa(uint64_t v)
{
	nvarm_pa_t a = {v};
	return a;
}

/** @brief Bit @p n as a 64-bit constant. */
#define NVARM_BIT(n) (UINT64_C(1) << (n))
/** @brief A mask of bits @p hi down to @p lo inclusive (hi >= lo, both < 64). */
#define NVARM_GENMASK(hi, lo) ((~UINT64_C(0) >> (63 - (hi))) & (~UINT64_C(0) << (lo)))
/** @brief Extract the field @p hi:@p lo of @p v, shifted down to bit 0. */
#define NVARM_FIELD_GET(v, hi, lo) (((uint64_t)(v) & NVARM_GENMASK(hi, lo)) >> (lo))

/**
 * @brief Translation granules, as a set of bits: the one granule vocabulary of the library
 *        (nvarm_vm_request::granules, nvarm_vm_config::granules,
 *        nvarm_s2mmu_features::granules).
 */
enum nvarm_granule {
	NVARM_GRAN_4K = 1u << 0,  /**< 4 KiB. */
	NVARM_GRAN_16K = 1u << 1, /**< 16 KiB. */
	NVARM_GRAN_64K = 1u << 2  /**< 64 KiB. */
};

#ifdef __cplusplus
}
#endif

#endif /* NVARM_TYPES_H */
