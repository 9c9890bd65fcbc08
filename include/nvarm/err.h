/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file err.h
 * @brief Error codes returned by every nvarm function.
 *
 * Functions return 0 (::NVARM_OK) or a positive count on success, and one of the
 * negative ::nvarm_err values on failure. Each function's documentation lists the
 * codes it can return. The library never halts on an error.
 */
#ifndef NVARM_ERR_H
#define NVARM_ERR_H

#include "env.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Error codes; all failures are negative. */
enum nvarm_err {
	NVARM_OK = 0,                 /**< Success. */
	NVARM_ERR_INVAL = -1,         /**< A caller-supplied argument or configuration is invalid. */
	NVARM_ERR_NOMEM = -2,         /**< Caller-provided memory (a buffer, a page pool) is exhausted. */
	NVARM_ERR_RANGE = -3,         /**< An address, index or value is outside what is allowed. */
	NVARM_ERR_UNSUPPORTED = -4,   /**< The feature is not implemented or not enabled for this VM. */
	NVARM_ERR_BAD_ENCODING = -5,  /**< A guest-supplied encoding is reserved or unallocated. */
	NVARM_ERR_GUEST_MEM = -6,     /**< A read or write of guest memory failed (not backed by L0). */
	NVARM_ERR_LOOP = -7,          /**< A walk or loop exceeded its bound (e.g. cyclic guest tables). */
	NVARM_ERR_NOENT = -8,         /**< The object looked up does not exist. */
	NVARM_ERR_STATE = -9,         /**< The call is not valid in the object's current state. */
	NVARM_ERR_AGAIN = -10,        /**< Transient condition; retry after the caller acts (e.g. refill). */
	NVARM_ERR_PLATFORM = -11,     /**< A platform operation reported failure. */
	NVARM_ERR__MIN = -11          /**< The most negative error code (for table checks). */
};

/**
 * @brief A short English description of an error code.
 * @param err A value returned by an nvarm function (0 or a negative ::nvarm_err).
 * @return A static string; "unknown error" for values outside the enum. Never NULL.
 */
const char *nvarm_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ERR_H */
