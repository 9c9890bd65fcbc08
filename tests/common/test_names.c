// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* The *_name() functions of the public result enums: every value named, names distinct within
 * an enum, "?" past the last value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <nvarm/forward.h>
#include <nvarm/s2mmu.h>
#include <nvarm/sysreg.h>
#include <nvarm/vtimer.h>

struct named_enum {
	const char *(*name)(unsigned v);
	unsigned first, end; /* values first..end-1 are allocated */
	unsigned sample;
	const char *sample_name;
};

static const struct named_enum enums[] = {
    {nvarm_trap_kind_name, NVARM_TRAP_SYSREG, NVARM_TRAP_OTHER + 1, NVARM_TRAP_DABT, "data-abort"},
    {nvarm_trap_class_name, 0, NVARM_TC__COUNT, NVARM_TC_TLBI, "tlbi"},
    {nvarm_fsc_kind_name, 0, NVARM_FSC_KIND__COUNT, NVARM_FSC_KIND_PERMISSION, "permission"},
    {nvarm_emul_name, 0, NVARM_EMUL_EXC + 1, NVARM_EMUL_NOT_MINE, "not-mine"},
    {nvarm_exc_kind_name, 0, NVARM_EXC_SERROR + 1, NVARM_EXC_FIQ, "fiq"},
    {nvarm_eret_target_name, 0, NVARM_ERET_HOST_EL0 + 1, NVARM_ERET_HOST_EL0, "host-el0"},
    {nvarm_fwd_action_name, 0, NVARM_FWD_UNDEF + 1, NVARM_FWD_HANDLE_IN_L0, "handle-in-l0"},
    {nvarm_fwd_check_kind_name, 0, NVARM_FWD_CHECK_FGT_CONFLICT + 1, NVARM_FWD_CHECK_RES0_BIT,
     "res0-bit"},
    {nvarm_s2_fault_name, 0, NVARM_S2_FAULT_EXT_WALK + 1, NVARM_S2_FAULT_ACCESS, "access-flag"},
    {nvarm_s2mmu_action_name, 0, NVARM_S2MMU_L0 + 1, NVARM_S2MMU_INSTALLED, "installed"},
    {nvarm_s2mmu_l0_reason_name, 0, NVARM_S2MMU_L0_RANGE + 1, NVARM_S2MMU_L0_GRANULE, "granule"},
    {nvarm_vtimer_id_name, 0, NVARM_VTIMER_COUNT, NVARM_VTIMER_EL1_VIRT, "el1-virt"},
};

static void test_every_value_named(void **state)
{
	(void)state;
	for (size_t e = 0; e < sizeof(enums) / sizeof(enums[0]); e++) {
		const struct named_enum *n = &enums[e];

		assert_string_equal(n->name(n->sample), n->sample_name);
		assert_string_equal(n->name(n->end), "?");
		assert_string_equal(n->name(~0u), "?");
		if (n->first > 0)
			assert_string_equal(n->name(n->first - 1), "?");
		for (unsigned v = n->first; v < n->end; v++) {
			assert_non_null(n->name(v));
			assert_string_not_equal(n->name(v), "?");
			for (unsigned w = n->first; w < v; w++)
				assert_string_not_equal(n->name(v), n->name(w));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_value_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
