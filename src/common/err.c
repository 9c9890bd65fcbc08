// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Error strings. One line per code; tests check every code in the enum has a
 * string and that the table has no holes.
 */
#include <nvarm/err.h>

static const char *const nvarm_err_str[] = {
	[-NVARM_OK] = "success",
	[-NVARM_ERR_INVAL] = "invalid argument",
	[-NVARM_ERR_NOMEM] = "out of caller-provided memory",
	[-NVARM_ERR_RANGE] = "value out of range",
	[-NVARM_ERR_UNSUPPORTED] = "not supported",
	[-NVARM_ERR_BAD_ENCODING] = "reserved or unallocated encoding",
	[-NVARM_ERR_GUEST_MEM] = "guest memory not accessible",
	[-NVARM_ERR_LOOP] = "walk bound exceeded",
	[-NVARM_ERR_NOENT] = "no such entry",
	[-NVARM_ERR_STATE] = "invalid state for this call",
	[-NVARM_ERR_AGAIN] = "try again",
	[-NVARM_ERR_PLATFORM] = "platform operation failed",
};

NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(nvarm_err_str) == 1 - NVARM_ERR__MIN,
		    "every error code needs a string");

const char *nvarm_strerror(int err)
{
	if (err > 0 || err < NVARM_ERR__MIN || !nvarm_err_str[-err])
		return "unknown error";
	return nvarm_err_str[-err];
}
