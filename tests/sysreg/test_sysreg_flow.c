// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * End-to-end trap flow as a bare-metal L0 would drive it (FEAT_NV host, non-VHE L1; and a
 * FEAT_NV2 host with an L1 that switches itself to VHE and turns its MMU on), with a
 * fake hardware EL1 register bank: L1 programs its vEL2 through trapped MSRs, ERETs into L2,
 * L2's HVC is reflected into vEL2, L1 reads the syndrome and returns to L2.
 */
#include "sysreg_test.h"

struct fake_cpu {
	struct nvarm_el1_regs hw; /* the hardware EL1 registers */
	struct nvarm_vcpu_pstate ps;
	uint64_t x[31];
	int in_vel2; /* which context the hardware EL1 registers hold */
};

/* L0's trap entry for an MSR/MRS from vEL2: decode, sync, emulate, write back, advance. */
static int l0_sysreg_trap(struct vcpu_fix *f, struct fake_cpu *c, uint64_t esr)
{
	struct nvarm_trap t;
	uint64_t val;
	int r;

	assert_int_equal(nvarm_trap_decode(esr, &t), 0);
	assert_int_equal(t.kind, NVARM_TRAP_SYSREG);
	assert_int_equal(nvarm_shadow_vel2_save(&f->v, &c->hw), 0);
	val = t.rt == 31 ? 0 : c->x[t.rt];
	r = nvarm_sysreg_emulate(&f->v, &t, &val);
	if (r == NVARM_EMUL_OK || r == NVARM_EMUL_RELOAD) {
		if (t.is_read && t.rt != 31)
			c->x[t.rt] = val;
		c->ps.pc += 4;
		if (r == NVARM_EMUL_RELOAD)
			assert_int_equal(nvarm_shadow_vel2_load(&f->v, &c->hw), 0);
	}
	return r;
}

static void test_l1_to_l2_and_back(void **state)
{
	struct vcpu_fix f;
	struct fake_cpu c;
	struct nvarm_trap t;
	struct nvarm_vel2_exc e;
	const uint64_t vbar2 = 0x0000000040201000ull, l2_entry = 0x80000000ull;
	const uint64_t l2_sctlr = 0x30d00805ull; /* L1's choice for L2: M, C, I + RES1 */
	int r;

	(void)state;
	memset(&c, 0, sizeof(c));
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3, NVARM_HOST_NV);
	c.ps.pstate = NVARM_PSR_M_EL2H | NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F;
	c.ps.pc = 0x40200000;
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &c.hw), 0);
	c.in_vel2 = 1;
	/* non-VHE L1 on an NV-only host: NV, NV1 and TVM/TRVM while L1 runs */
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v),
			 NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_TVM | NVARM_HCR_TRVM);

	/* msr vbar_el2, x0 -> mirrored: hardware VBAR_EL1 follows */
	c.x[0] = vbar2;
	r = l0_sysreg_trap(&f, &c, sys_esr(3, 4, 12, 0, 0, 0, 0));
	assert_int_equal(r, NVARM_EMUL_RELOAD);
	assert_int_equal(c.hw.r[NVARM_EL1_VBAR_EL1], vbar2);
	/* msr hcr_el2, x1 (VM | IMO | FMO): E2H unchanged, the shadow stays as loaded */
	c.x[1] = 1 | (1u << 3) | (1u << 4);
	{
		struct nvarm_el1_regs before = c.hw;

		assert_int_equal(l0_sysreg_trap(&f, &c, sys_esr(3, 4, 1, 1, 0, 1, 0)),
				 NVARM_EMUL_OK);
		assert_int_equal(nvarm_shadow_vel2_load(&f.v, &c.hw), 0);
		assert_memory_equal(&before, &c.hw, sizeof(before));
	}
	/* msr sctlr_el1, x2 (trapped by TVM): vEL1 state for L2, not the hardware shadow */
	c.x[2] = l2_sctlr;
	assert_int_equal(l0_sysreg_trap(&f, &c, sys_esr(3, 0, 1, 0, 0, 2, 0)), NVARM_EMUL_OK);
	assert_int_not_equal(c.hw.r[NVARM_EL1_SCTLR_EL1], l2_sctlr);
	/* msr elr_el2, x3 ; msr spsr_el2, x4 */
	c.x[3] = l2_entry;
	c.x[4] = NVARM_PSR_M_EL1H | NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F;
	l0_sysreg_trap(&f, &c, sys_esr(3, 4, 4, 0, 1, 3, 0));
	l0_sysreg_trap(&f, &c, sys_esr(3, 4, 4, 0, 0, 4, 0));
	assert_int_equal(c.hw.r[NVARM_EL1_ELR_EL1], l2_entry);

	/* eret: traps (EC 0x1A), L0 emulates and switches the EL1 bank to L2's registers */
	assert_int_equal(nvarm_trap_decode(0x6a000000, &t), 0);
	assert_int_equal(t.cls, NVARM_TC_ERET);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &c.hw), 0);
	r = nvarm_vel2_eret(&f.v, t.sub, NULL, &c.ps);
	assert_int_equal(r, 1);
	assert_int_equal(c.ps.pc, l2_entry);
	assert_int_equal(nvarm_shadow_vel1_load(&f.v, &c.hw), 0);
	c.in_vel2 = 0;
	assert_int_equal(c.hw.r[NVARM_EL1_SCTLR_EL1], l2_sctlr);

	/* L2 runs, changes its own VBAR_EL1, then executes hvc #7 at pc+0x40 */
	c.hw.r[NVARM_EL1_VBAR_EL1] = 0xffff800010000000ull;
	c.ps.pc = l2_entry + 0x40;
	assert_int_equal(nvarm_trap_decode(0x5a000007, &t), 0);
	assert_int_equal(t.cls, NVARM_TC_HVC);
	/* reflect into vEL2: save L2's EL1 bank, inject (ELR = preferred return = next insn for
	 * HVC), load the vEL2 shadow */
	assert_int_equal(nvarm_shadow_vel1_save(&f.v, &c.hw), 0);
	e = (struct nvarm_vel2_exc){.esr = 0x5a000007};
	c.ps.pc += 4;
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC, &e, &c.ps), 0);
	assert_int_equal(c.ps.pc, vbar2 + 0x400);
	assert_int_equal(c.ps.pstate & NVARM_PSR_M_MASK, NVARM_PSR_M_EL2H);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &c.hw), 0);
	c.in_vel2 = 1;
	assert_int_equal(c.hw.r[NVARM_EL1_VBAR_EL1], vbar2);
	assert_int_equal(c.hw.r[NVARM_EL1_ESR_EL1], 0x5a000007);
	/* L2's VBAR_EL1 was saved as vEL1 state */
	assert_int_equal(rd(&f, NVARM_SR_VBAR_EL1), 0xffff800010000000ull);

	/* L1's handler: mrs x5, esr_el2 ; mrs x6, elr_el2 ; eret */
	l0_sysreg_trap(&f, &c, sys_esr(3, 4, 5, 2, 0, 5, 1));
	assert_int_equal(c.x[5], 0x5a000007);
	l0_sysreg_trap(&f, &c, sys_esr(3, 4, 4, 0, 1, 6, 1));
	assert_int_equal(c.x[6], l2_entry + 0x44);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &c.hw), 0);
	assert_int_equal(nvarm_vel2_eret(&f.v, 0, NULL, &c.ps), 1);
	assert_int_equal(c.ps.pc, l2_entry + 0x44);
	assert_int_equal(nvarm_shadow_vel1_load(&f.v, &c.hw), 0);
	assert_int_equal(c.hw.r[NVARM_EL1_VBAR_EL1], 0xffff800010000000ull);
	assert_int_equal(c.hw.r[NVARM_EL1_SCTLR_EL1], l2_sctlr);
	fix_fini(&f);
}

/*
 * FEAT_NV2 host, L1 switching itself to VHE as the example L1 does: its MSR HCR_EL2 (E2H=1) is a
 * store to the VNCR page, so L0 only sees it at the next trap, with the hardware still in the
 * non-VHE layout. Then L1 turns its EL2 MMU on through SCTLR_EL1 (E2H redirection: no trap),
 * sets L2's SCTLR_EL1 through SCTLR_EL12 (NV2, NV1=0: the VNCR page) and runs L2.
 */
static void test_nv2_vhe_switch_and_mmu(void **state)
{
	struct vcpu_fix f;
	struct fake_cpu c;
	struct nvarm_trap t;
	const uint64_t vbar2 = 0x0000000060001000ull, l2_entry = 0x40000000ull;
	const uint64_t l1_sctlr = 0x30d00800ull | 0x1005; /* EL1 layout, M C I */
	const uint64_t l2_sctlr = 0x30d00800ull;	  /* MMU off */

	(void)state;
	memset(&c, 0, sizeof(c));
	fix_init(&f, NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3, NVARM_HOST_NV2);
	c.ps.pstate = NVARM_PSR_M_EL2H | NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F;
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &c.hw), 0);
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v), NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_NV2);
	/* non-VHE layout: SCTLR_EL2's RES1 bits became EL1 controls (nTWE, SPAN...) */
	assert_int_equal(c.hw.r[NVARM_EL1_SCTLR_EL1] & (1u << 18), 1u << 18);

	/* msr hcr_el2 (E2H | RW): to the page; then msr vbar_el2, x0 traps */
	f.page[0x78 / 8] = HCR_E2H | (1ull << 31);
	assert_true(nvarm_vel2_sanitise(&f.v) >= 0);
	c.x[0] = vbar2;
	assert_int_equal(l0_sysreg_trap(&f, &c, sys_esr(3, 4, 12, 0, 0, 0, 0)), NVARM_EMUL_RELOAD);
	assert_int_equal(c.hw.flags, NVARM_EL1F_VEL2 | NVARM_EL1F_VHE);
	assert_int_equal(c.hw.r[NVARM_EL1_VBAR_EL1], vbar2);
	assert_int_equal(nvarm_shadow_hcr_bits(&f.v), NVARM_HCR_NV | NVARM_HCR_NV2);

	/* msr sctlr_el1 (MMU on): the hardware register itself; msr sctlr_el12: the page */
	c.hw.r[NVARM_EL1_SCTLR_EL1] = l1_sctlr;
	f.page[0x110 / 8] = l2_sctlr;
	/* msr elr_el2/spsr_el2 (redirected to the hardware EL1 registers under NV2), eret */
	c.hw.r[NVARM_EL1_ELR_EL1] = l2_entry;
	c.hw.r[NVARM_EL1_SPSR_EL1] =
	    NVARM_PSR_M_EL1H | NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F;
	assert_int_equal(nvarm_vel2_sanitise(&f.v), 0);
	assert_int_equal(nvarm_shadow_vel2_save(&f.v, &c.hw), 0);
	assert_int_equal(rd(&f, NVARM_SR_SCTLR_EL2), l1_sctlr);
	assert_int_equal(nvarm_vel2_eret(&f.v, 0, NULL, &c.ps), 1);
	assert_int_equal(c.ps.pc, l2_entry);
	assert_int_equal(nvarm_shadow_vel1_load(&f.v, &c.hw), 0);
	assert_int_equal(c.hw.r[NVARM_EL1_SCTLR_EL1], l2_sctlr);

	/* L2's hvc: back into vEL2 with L1's own SCTLR (MMU on) and vectors */
	assert_int_equal(nvarm_trap_decode(0x5a000000, &t), 0);
	assert_int_equal(nvarm_shadow_vel1_save(&f.v, &c.hw), 0);
	c.ps.pc += 4;
	assert_int_equal(nvarm_vel2_inject(&f.v, NVARM_EXC_SYNC,
					   &(struct nvarm_vel2_exc){.esr = 0x5a000000}, &c.ps),
			 0);
	assert_int_equal(c.ps.pc, vbar2 + 0x400);
	assert_int_equal(nvarm_shadow_vel2_load(&f.v, &c.hw), 0);
	assert_int_equal(c.hw.r[NVARM_EL1_SCTLR_EL1], l1_sctlr);
	assert_int_equal(c.hw.r[NVARM_EL1_ESR_EL1], 0x5a000000);
	assert_int_equal(c.hw.r[NVARM_EL1_ELR_EL1], l2_entry + 4);
	assert_int_equal(f.page[0x110 / 8], l2_sctlr);
	fix_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_l1_to_l2_and_back),
	    cmocka_unit_test(test_nv2_vhe_switch_and_mmu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
