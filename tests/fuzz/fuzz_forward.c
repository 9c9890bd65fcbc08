// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for trap forwarding: random L1 vEL2 state x random ESR x source EL.
 * Checks the result invariants (no sanitizer finding and no __builtin_trap expected):
 * FORWARD targets EL2 and keeps an EC 0x18 ESR unchanged, UNDEF carries EC 0x00 and
 * targets EL1 or EL2, the return value is an action or an nvarm error code; merging L1's
 * controls into L2's hardware controls (nvarm_fwd_hw_traps) is idempotent.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvarm/forward.h>

static uint64_t take64(const uint8_t **p, size_t *n)
{
	uint64_t v = 0;
	size_t k = *n < 8 ? *n : 8;

	memcpy(&v, *p, k);
	*p += k;
	*n -= k;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;
	uint64_t esr, ctl;
	int rc;

	memset(&vs, 0, sizeof(vs));
	memset(&ctx, 0, sizeof(ctx));
	ctl = take64(&data, &size);
	esr = take64(&data, &size);
	vs.features = take64(&data, &size);
	for (unsigned int r = 0; r < NVARM_FWD_NR_VREGS; r++)
		vs.reg[r] = take64(&data, &size);
	vs.pmu_counters = (uint8_t)(ctl >> 8);
	/* Mostly well-formed ESRs (bits 63:56 clear), sometimes anything. */
	if (!(ctl & 0x10000))
		esr &= UINT64_C(0x00ffffffffffffff);

	if (nvarm_fwd_load(&ctx, &vs) != NVARM_OK)
		__builtin_trap();
	/* Reloading the same input keeps the context as it is. */
	if (ctl & 0x20000) {
		struct nvarm_fwd_ctx again = ctx;

		if (nvarm_fwd_load(&again, &vs) != NVARM_OK || memcmp(&again, &ctx, sizeof(ctx)))
			__builtin_trap();
	}
	/* L2's hardware controls: merging L1's twice changes nothing more. */
	if (ctl & 0x40000) {
		struct nvarm_fwd_hw hw, twice;
		unsigned int fl = (unsigned int)(ctl >> 20) & 3;

		hw.hcr = esr;
		hw.mdcr = ctl;
		hw.cptr = ~esr;
		hw.hfgrtr = hw.hfgwtr = hw.hfgitr = vs.reg[0];
		hw.hdfgrtr = hw.hdfgwtr = hw.hafgrtr = ~vs.reg[0];
		if (nvarm_fwd_hw_traps(&ctx, fl, &hw) != NVARM_OK)
			__builtin_trap();
		twice = hw;
		if (nvarm_fwd_hw_traps(&ctx, fl, &twice) != NVARM_OK ||
		    memcmp(&twice, &hw, sizeof(hw)))
			__builtin_trap();
	}
	rc = nvarm_fwd_route(&ctx, esr, (unsigned int)(ctl & 3), &res);
	if ((ctl & 3) > 1) {
		if (rc != NVARM_ERR_INVAL)
			__builtin_trap();
		return 0;
	}
	if (rc < NVARM_ERR__MIN || rc > NVARM_FWD_UNDEF)
		__builtin_trap();
	if (rc == NVARM_FWD_FORWARD &&
	    (res.target_el != 2 || (((esr >> 26) & 0x3f) == 0x18 && res.esr != esr)))
		__builtin_trap();
	if (rc == NVARM_FWD_UNDEF && ((res.esr >> 26) != 0 || res.target_el == 0))
		__builtin_trap();
	if (rc == NVARM_FWD_HANDLE_IN_L0 && res.target_el != 0)
		__builtin_trap();
	return 0;
}
