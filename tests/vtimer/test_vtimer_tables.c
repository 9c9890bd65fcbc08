// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Checks of the vtimer tables: no duplicates, no overlapping fields, reserved
 * bits where the Arm ARM has them, encodings consistent with their names.
 * Failures name the offending line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vtimer/vtimer_tables.h"

static void test_regs(void **state)
{
	(void)state;
	for (size_t i = 0; i < nvarm__vt_nregs; i++) {
		const struct vt_reg_desc *r = &nvarm__vt_regs[i];
		unsigned op1 = NVARM_SYSREG_OP1(r->enc), crm = NVARM_SYSREG_CRM(r->enc);
		unsigned op2 = NVARM_SYSREG_OP2(r->enc);
		bool timer = r->kind == VT_K_CTL || r->kind == VT_K_CVAL || r->kind == VT_K_TVAL;

		print_message("%s\n", r->name);
		/* Strictly increasing: sorted for the bisection, no duplicates. */
		if (i > 0)
			assert_true(nvarm__vt_regs[i - 1].enc < r->enc);
		assert_int_equal(r->enc & ~(uint32_t)NVARM_SYSREG_ENC_MASK, 0);
		/* All generic timer registers: op0=3, CRn=14. */
		assert_int_equal(NVARM_SYSREG_OP0(r->enc), 3);
		assert_int_equal(NVARM_SYSREG_CRN(r->enc), 14);
		assert_ptr_equal(nvarm__vt_reg_lookup(r->enc), r);
		/* op1: 0 EL1, 3 EL0, 4 EL2, 5 EL12/EL02. */
		assert_true(op1 == 0 || op1 == 3 || op1 == 4 || op1 == 5);
		assert_int_equal(!!(r->flags & VT_R_EL2), op1 == 4 || op1 == 5);
		assert_int_equal(!!(r->flags & VT_R_E2H), op1 == 5);
		/* Timer registers: CRm 2 physical, 3 virtual; op2 0 TVAL, 1 CTL, 2 CVAL. */
		assert_int_equal(timer, r->sel != VT_SEL_NONE);
		if (timer) {
			bool phys = r->sel == VT_SEL_EL0_P || r->sel == VT_SEL_EL02_P ||
				    r->sel == VT_SEL_EL2_P;
			assert_int_equal(crm, phys ? 2 : 3);
			assert_int_equal(op2, r->kind == VT_K_TVAL  ? 0
					      : r->kind == VT_K_CTL ? 1
								    : 2);
			assert_int_equal(op1 == 3,
					 r->sel == VT_SEL_EL0_P || r->sel == VT_SEL_EL0_V);
			assert_int_equal(op1 == 5,
					 r->sel == VT_SEL_EL02_P || r->sel == VT_SEL_EL02_V);
			assert_int_equal(op1 == 4,
					 r->sel == VT_SEL_EL2_P || r->sel == VT_SEL_EL2_V);
			/* L2 trap classes only on the EL0 names. */
			if (op1 == 3)
				assert_int_equal(r->trap, phys ? VT_TRAP_PTIMER : VT_TRAP_VTIMER);
			else
				assert_int_equal(r->trap, 0);
		}
		assert_int_equal(!!(r->flags & VT_R_RO),
				 r->kind == VT_K_CNTPCT || r->kind == VT_K_CNTVCT);
	}
	/* Every CTL/CVAL/TVAL of all four timers has an EL2-side name. */
	const uint32_t must[] = {NVARM_ENC_CNTHP_CTL_EL2,  NVARM_ENC_CNTHV_TVAL_EL2,
				 NVARM_ENC_CNTP_CVAL_EL02, NVARM_ENC_CNTV_CTL_EL02,
				 NVARM_ENC_CNTKCTL_EL12,   NVARM_ENC_CNTPOFF_EL2};
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
		assert_non_null(nvarm__vt_reg_lookup(must[i]));
	assert_null(nvarm__vt_reg_lookup(NVARM_ENC_CNTFRQ_EL0));
}

static void check_no_overlap(unsigned layout)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < nvarm__vt_ncnthctl_fields; i++) {
		const struct vt_cnthctl_field *f = &nvarm__vt_cnthctl_fields[i];
		uint64_t m = nvarm__vt_field_mask(f->lsb, f->width);

		if (!(f->layouts & layout))
			continue;
		print_message("CNTHCTL_EL2.%s (layout %u)\n", f->name, layout);
		assert_int_not_equal(m, 0);
		assert_int_equal(seen & m, 0);
		seen |= m;
		if (f->trap)
			assert_true(f->trap_val <= 1 && f->width == 1);
	}
}

static void test_cnthctl_fields(void **state)
{
	(void)state;
	const unsigned all = (1u << VT_F_ECV) | (1u << VT_F_RME);

	check_no_overlap(VT_L_E2H0);
	check_no_overlap(VT_L_E2H1);
	/* Reserved bits: E2H=0 [11:8] and [63:20]; E2H=1 [63:20]. */
	assert_int_equal(nvarm__vt_cnthctl_writable(VT_L_E2H0, all), 0xff0ffull);
	assert_int_equal(nvarm__vt_cnthctl_writable(VT_L_E2H1, all), 0xfffffull);
	assert_int_equal(nvarm__vt_cnthctl_writable(VT_L_E2H0, 0), 0xffull);
	assert_int_equal(nvarm__vt_cnthctl_writable(VT_L_E2H1, 0), 0xfffull);
	/* The CNTKCTL-shared bits are exactly CNTKCTL_EL1's fields (E2H=1 layout). */
	assert_int_equal(nvarm__vt_cnthctl_kshared(1u << VT_F_ECV),
			 nvarm__vt_cntkctl_writable(1u << VT_F_ECV));
	assert_int_equal(nvarm__vt_cnthctl_kshared(0), nvarm__vt_cntkctl_writable(0));
	assert_int_equal(nvarm__vt_cntkctl_writable(1u << VT_F_ECV), 0x203ffull);
	/* The header's constants agree with the table. */
	assert_int_equal(nvarm__vt_cnthctl_traps(0, VT_L_E2H0, 0), VT_TRAP_PCOUNT | VT_TRAP_PTIMER);
	assert_int_equal(
	    nvarm__vt_cnthctl_traps(NVARM_CNTHCTL_E2H0_EL1PCTEN | NVARM_CNTHCTL_E2H0_EL1PCEN,
				    VT_L_E2H0, 0),
	    0);
	assert_int_equal(
	    nvarm__vt_cnthctl_traps(NVARM_CNTHCTL_E2H1_EL1PCTEN | NVARM_CNTHCTL_E2H1_EL1PTEN,
				    VT_L_E2H1, 0),
	    0);
	assert_int_equal(
	    nvarm__vt_cnthctl_traps(0xc00 | NVARM_CNTHCTL_EL1TVT | NVARM_CNTHCTL_EL1TVCT, VT_L_E2H1,
				    1u << VT_F_ECV),
	    VT_TRAP_VTIMER | VT_TRAP_VCOUNT);
	/* Applying traps and decoding them round-trips in both layouts. */
	for (unsigned traps = 0; traps < 16; traps++) {
		uint64_t v0 = nvarm__vt_cnthctl_apply_traps(0x3, traps, VT_L_E2H0, 1u << VT_F_ECV);
		uint64_t v1 =
		    nvarm__vt_cnthctl_apply_traps(0xc00, traps, VT_L_E2H1, 1u << VT_F_ECV);
		assert_int_equal(nvarm__vt_cnthctl_traps(v0, VT_L_E2H0, 1u << VT_F_ECV), traps);
		assert_int_equal(nvarm__vt_cnthctl_traps(v1, VT_L_E2H1, 1u << VT_F_ECV), traps);
	}
	assert_int_equal(nvarm__vt_field_mask(0, 0), 0);
	assert_int_equal(nvarm__vt_field_mask(63, 2), 0);
	assert_int_equal(nvarm__vt_field_mask(60, 4), 0xf000000000000000ull);
}

static void test_cntkctl_fields(void **state)
{
	(void)state;
	uint64_t seen = 0;

	for (size_t i = 0; i < nvarm__vt_ncntkctl_fields; i++) {
		uint64_t m = nvarm__vt_field_mask(nvarm__vt_cntkctl_fields[i].lsb,
						  nvarm__vt_cntkctl_fields[i].width);
		print_message("CNTKCTL_EL1.%s\n", nvarm__vt_cntkctl_fields[i].name);
		assert_int_not_equal(m, 0);
		assert_int_equal(seen & m, 0);
		seen |= m;
	}
}

static void test_vncr_slots(void **state)
{
	(void)state;
	unsigned cval_seen = 0, ctl_seen = 0, off_seen = 0;

	for (size_t i = 0; i < nvarm__vt_nvncr_slots; i++) {
		const struct vt_vncr_slot *s = &nvarm__vt_vncr_slots[i];
		print_message("VNCR %s\n", s->name);
		assert_int_equal(s->offset & 7, 0);
		assert_true(s->offset < 4096);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(nvarm__vt_vncr_slots[j].offset, s->offset);
		if (s->item == VT_V_CVAL || s->item == VT_V_CTL) {
			assert_true(s->timer == NVARM_VTIMER_EL1_PHYS ||
				    s->timer == NVARM_VTIMER_EL1_VIRT);
			if (s->item == VT_V_CVAL)
				cval_seen |= 1u << s->timer;
			else
				ctl_seen |= 1u << s->timer;
		} else {
			off_seen |= 1u << s->item;
		}
	}
	assert_int_equal(cval_seen, 3);
	assert_int_equal(ctl_seen, 3);
	assert_int_equal(off_seen, (1u << VT_V_CNTVOFF) | (1u << VT_V_CNTPOFF));
	/* Offsets as QEMU 10 and the Arm ARM place them. */
	assert_int_equal(NVARM_VNCR_CNTVOFF_EL2, 0x60);
	assert_int_equal(NVARM_VNCR_CNTPOFF_EL2, 0x1a8);
	assert_int_equal(NVARM_VNCR_CNTV_CVAL_EL0, 0x168);
	assert_int_equal(NVARM_VNCR_CNTV_CTL_EL0, 0x170);
	assert_int_equal(NVARM_VNCR_CNTP_CVAL_EL0, 0x178);
	assert_int_equal(NVARM_VNCR_CNTP_CTL_EL0, 0x180);
}

static void test_map(void **state)
{
	(void)state;
	unsigned seen = 0;

	for (unsigned ctx = 0; ctx < 2; ctx++)
		for (unsigned hw = 0; hw < 2; hw++) {
			unsigned t = nvarm__vt_backing[ctx][hw];
			assert_true(t < NVARM_VTIMER_COUNT);
			assert_int_equal(seen & (1u << t), 0);
			seen |= 1u << t;
			assert_int_equal(nvarm__vt_timers[t].ctx_backed, ctx);
			assert_int_equal(nvarm__vt_timers[t].hw, hw);
		}
	assert_int_equal(seen, 0xf);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++)
		for (unsigned u = 0; u < t; u++)
			assert_int_not_equal(nvarm__vt_timers[t].default_ppi,
					     nvarm__vt_timers[u].default_ppi);
	/* Hardware encodings: distinct per host mode; VHE names the EL1 timers via op1=5. */
	for (unsigned vhe = 0; vhe < 2; vhe++)
		for (unsigned r = 0; r < VT_HW__COUNT; r++) {
			for (unsigned q = 0; q < r; q++)
				assert_int_not_equal(nvarm__vt_hw_enc[vhe][r],
						     nvarm__vt_hw_enc[vhe][q]);
			if (r <= VT_HW_CNTKCTL)
				assert_int_equal(NVARM_SYSREG_OP1(nvarm__vt_hw_enc[vhe][r]),
						 vhe ? 5 : (r == VT_HW_CNTKCTL ? 0 : 3));
			else
				assert_int_equal(NVARM_SYSREG_OP1(nvarm__vt_hw_enc[vhe][r]), 4);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regs),
	    cmocka_unit_test(test_cnthctl_fields),
	    cmocka_unit_test(test_cntkctl_fields),
	    cmocka_unit_test(test_vncr_slots),
	    cmocka_unit_test(test_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
