// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Worked example: the decoding loop at the top of an L0's synchronous-exception handler.
 * Each ESR_EL2 taken from a guest is decoded once with nvarm_trap_decode(); its class says
 * which nvarm call handles it. Here the "exceptions" are a recorded trace (what a guest
 * hypervisor at vEL2 typically traps with under FEAT_NV), each with the class it must get:
 * the program exits 1 when one is classified otherwise.
 *
 *   cc esr_loop.c $(pkg-config --cflags --libs nvarm) -o esr_loop
 */
#include <inttypes.h>
#include <stdio.h>

#include <nvarm/sysreg.h>

struct recorded {
	uint64_t esr;
	enum nvarm_trap_class expect;
};

static const struct recorded trace[] = {
    {0x62310423, NVARM_TC_SYSREG},   /* MRS x1, HCR_EL2: the vEL2 register file */
    {0x623147e0, NVARM_TC_SYSREG},   /* MSR SCTLR_EL12, xzr */
    {0x621123ee, NVARM_TC_TLBI},     /* TLBI ALLE2: shadow stage-2 / TLB maintenance */
    {0x6a000002, NVARM_TC_ERET},     /* ERETAA: nvarm_vel2_eret() */
    {0x5a001234, NVARM_TC_HVC},	     /* HVC #0x1234 */
    {0x92002007, NVARM_TC_VNCR_ABT}, /* data abort on the VNCR_EL2 page (FEAT_NV2) */
    {0x93c08046, NVARM_TC_ABORT},    /* ISV write abort: an MMIO access to emulate */
};

/* What an L0 does next for each class (the calls are nvarm's; see the main page). */
static const char *next_step(const struct nvarm_trap *t)
{
	switch (t->cls) {
	case NVARM_TC_SYSREG:
	case NVARM_TC_ID:
		return "nvarm_sysreg_emulate()";
	case NVARM_TC_TLBI:
		return "nvarm_sysreg_emulate(), then nvarm_s2mmu_tlbi()";
	case NVARM_TC_ERET:
		return "nvarm_vel2_eret(), then a world switch to the target";
	case NVARM_TC_HVC:
	case NVARM_TC_SMC:
		return "L0's hypercall/PSCI handling, or nvarm_vel2_inject() to vEL2";
	case NVARM_TC_VNCR_ABT:
		return "map the VNCR page, or nvarm_vel2_inject() the abort";
	case NVARM_TC_ABORT:
		return t->flags & NVARM_TRAPF_ISV ? "MMIO emulation (ISV: SAS/SRT decoded)"
						  : "nvarm_s2mmu_handle_fault()";
	default:
		return "nvarm_fwd_route() decides L1 or L0";
	}
}

int main(void)
{
	int bad = 0;

	for (unsigned i = 0; i < sizeof(trace) / sizeof(trace[0]); i++) {
		struct nvarm_trap t;
		int r = nvarm_trap_decode(trace[i].esr, &t);

		if (r < 0) {
			printf("0x%08" PRIx64 ": %s\n", trace[i].esr, nvarm_strerror(r));
			bad++;
			continue;
		}
		printf("0x%08" PRIx64 " %-8s class=%-11s -> %s\n", trace[i].esr,
		       nvarm_ec_name(t.ec), nvarm_trap_class_name(t.cls), next_step(&t));
		if (t.cls != (unsigned)trace[i].expect) {
			printf("  expected class %s\n", nvarm_trap_class_name(trace[i].expect));
			bad++;
		}
	}
	return bad ? 1 : 0;
}
