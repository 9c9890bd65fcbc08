// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L2's traps through nvarm's forwarding (include/nvarm/forward.h):
//  - on every entry to L2, L1's virtual EL2 trap controls (HCR, MDCR, CPTR, CNTHCTL,
//    HSTR, HCRX, ICH_HCR, FGT) and feature set come out of its vEL2 register file
//    (nvarm_fwd_vstate_from_vel2) into the routing context (nvarm_fwd_load), and the
//    hardware runs L2 with L0's own traps plus every one L1 asked for
//    (nvarm_fwd_hw_traps), so the hardware traps whenever L1 would have;
//  - every synchronous trap from L2 asks nvarm_fwd_route() first: FORWARD goes to L1's
//    vEL2 with the ESR nvarm returns, UNDEF becomes an UNDEFINED exception at L2's EL1
//    (nvarm_el1_inject) or L1's vEL2, HANDLE_IN_L0 (and the aborts, which belong to the
//    shadow stage-2) fall through to L0's own handlers in trap.c.
// L0's own traps while L2 runs: stage-2 and interrupts (VM, IMO/FMO/AMO), SMC (L0 is the
// VM's firmware: TSC), ACTLR_EL1 (IMPLEMENTATION DEFINED controls stay the host's: TACR,
// RAZ/WI for the VM) and the RAS error record registers (FEAT_RAS is hidden from the VM:
// TERR makes them UNDEFINED for L2, as they are for L1); pointer authentication is left
// to the guest (APK/API).
#include <string.h>

#include <nvarm/forward.h>

#include "l0.h"

#define HCR_TACR (1ull << 21)
#define HCR_TERR (1ull << 36)
#define L0_HCR_FOR_L2                                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW | HCR_APK | HCR_API |  \
	 HCR_TACR | HCR_TERR)

static struct nvarm_fwd_ctx fwd; /* one vCPU */
static struct {
	bool saved;
	uint64_t mdcr, cptr; /* L0's own values (while L1 runs) */
} l0_own;

/* World switch L1 -> L2: route for L1's current controls; returns L2's HCR_EL2 and
 * programs MDCR_EL2/CPTR_EL2 (FGT stays L0's: FEAT_FGT is not offered to L1). */
uint64_t route_enter_l2(void)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw hw;
	int r;

	if (!l0_own.saved) {
		l0_own.mdcr = read_sysreg(mdcr_el2);
		l0_own.cptr = read_sysreg(cptr_el2);
		l0_own.saved = true;
	}
	/* PMCR_EL0.N: L1 sees the hardware's counters (L0 does not virtualise the PMU);
	 * ID_AA64DFR0_EL1.PMUVer 1..14: PMUv3 present. */
	uint64_t pmuver = FIELD(read_sysreg(id_aa64dfr0_el1), 11, 8);
	unsigned n = pmuver && pmuver < 15 ? (unsigned)FIELD(read_sysreg(pmcr_el0), 15, 11) : 0;
	r = nvarm_fwd_vstate_from_vel2(&vcpu.v2, n, &vs);
	if (r == 0)
		r = nvarm_fwd_load(&fwd, &vs);
	memset(&hw, 0, sizeof(hw));
	hw.hcr = L0_HCR_FOR_L2;
	hw.mdcr = l0_own.mdcr;
	hw.cptr = l0_own.cptr;
	if (r == 0)
		r = nvarm_fwd_hw_traps(&fwd, 0, &hw);
	if (r) {
		con_printf("l0: nvarm trap forwarding setup failed: %d\n", r);
		l0_shutdown("nvarm_fwd_load/nvarm_fwd_hw_traps");
	}
	write_sysreg(mdcr_el2, hw.mdcr);
	write_sysreg(cptr_el2, hw.cptr);
	return hw.hcr;
}

/* World switch L2 -> L1: L0's own MDCR_EL2/CPTR_EL2 again (HCR_EL2 is vcpu.hcr). */
void route_exit_l2(void)
{
	write_sysreg(mdcr_el2, l0_own.mdcr);
	write_sysreg(cptr_el2, l0_own.cptr);
}

/* An UNDEFINED exception at L2's EL1, whose context is live in the hardware EL1 registers. */
static void l2_el1_undef(uint64_t esr)
{
	struct nvarm_el1_regs el1;
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2), .pstate = read_sysreg(spsr_el2)};
	const struct nvarm_vel2_exc e = {.esr = esr};

	memset(&el1, 0, sizeof(el1));
	el1.r[NVARM_EL1_VBAR_EL1] = read_sysreg(vbar_el1);
	el1.r[NVARM_EL1_SCTLR_EL1] = read_sysreg(sctlr_el1);
	if (nvarm_el1_inject(&el1, NVARM_EXC_SYNC, &e, &ps)) {
		con_printf("l0: nvarm_el1_inject failed (PSTATE 0x%lx)\n", ps.pstate);
		l0_shutdown("UNDEFINED exception into L2 failed");
	}
	write_sysreg(elr_el1, el1.r[NVARM_EL1_ELR_EL1]);
	write_sysreg(spsr_el1, el1.r[NVARM_EL1_SPSR_EL1]);
	write_sysreg(esr_el1, el1.r[NVARM_EL1_ESR_EL1]);
	write_sysreg(elr_el2, ps.pc);
	write_sysreg(spsr_el2, ps.pstate);
}

/* System registers L0 traps for itself while L2 runs and emulates as RAZ/WI. */
static const uint32_t l0_raz_wi[] = {
    ENC(3, 0, 1, 0, 1), /* ACTLR_EL1 (HCR_EL2.TACR) */
};

static bool l2_sysreg_for_l0(struct l0_frame *f, const struct nvarm_trap *t)
{
	for (unsigned i = 0; i < sizeof(l0_raz_wi) / sizeof(l0_raz_wi[0]); i++)
		if (t->enc == l0_raz_wi[i]) {
			if (t->is_read && t->rt != 31)
				f->x[t->rt] = 0;
			write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
			st.handled++;
			return true;
		}
	return false;
}

/*
 * A synchronous trap from L2: true when done here (forwarded to L1, or UNDEFINED), false
 * when it is L0's own and not a system register (the caller's handlers take it: firmware
 * SMC, aborts).
 */
bool route_l2_trap(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	struct nvarm_fwd_result res;
	unsigned el = (unsigned)FIELD(read_sysreg(spsr_el2), 3, 2);
	int r = nvarm_fwd_route(&fwd, esr, el, &res);

	if (r == NVARM_ERR_UNSUPPORTED)
		return false; /* aborts: the shadow stage-2 code */
	if (r < 0) {
		con_printf("l0: nvarm_fwd_route(ESR_EL2=0x%lx, EL%u): %d\n", esr, el, r);
		l0_shutdown("L2 trap nvarm cannot route");
	}
	if (r == NVARM_FWD_FORWARD) {
		st.l2_fwd++;
		if (t->kind == NVARM_TRAP_HVC) {
			st.l2_hvc++;
			l2_exit(EXIT_HVC);
		} else if (t->kind == NVARM_TRAP_SMC) {
			l2_exit(EXIT_SMC);
		}
		forward_to_l1_vec(VEC_LOWER_SYNC, res.esr, 0, 0, 0);
		return true;
	}
	if (r == NVARM_FWD_UNDEF) {
		st.l2_undef++;
		if (res.target_el == 2)
			forward_to_l1_vec(VEC_LOWER_SYNC, res.esr, 0, 0, 0);
		else
			l2_el1_undef(res.esr);
		return true;
	}
	st.l2_l0++;
	if (t->kind == NVARM_TRAP_SYSREG) {
		if (l2_sysreg_for_l0(f, t))
			return true;
		con_printf("l0: L2 system register trap for L0 (ESR_EL2=0x%lx, rule line %u)\n",
			   esr, res.line);
		l0_shutdown("unhandled L2 system register trap");
	}
	return false;
}
