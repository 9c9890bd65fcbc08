// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Exceptions the example L0 makes for a guest: what a guest did that nothing here serves
// becomes what the hardware would give it (an UNDEFINED instruction, a synchronous External
// abort), taken where the hardware would take it (L2's own EL1, or L1's vEL2), never a
// stop of the host.
#include <string.h>

#include "l0.h"

/* A synchronous exception taken to L2's EL1 (its context live in the hardware EL1
 * registers), with nvarm_el1_inject; the caller has built the syndrome. FAR_EL1 is written
 * when @p far (nvarm's value: the fault address, or 0 for an UNDEFINED instruction, whose
 * FAR_EL1 is UNKNOWN). */
static void l2_el1_take(struct l0_vcpu *v, const struct nvarm_vel2_exc *e, bool far)
{
	struct nvarm_el1_regs el1;
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2), .pstate = read_sysreg(spsr_el2)};

	memset(&el1, 0, sizeof(el1));
	el1.r[NVARM_EL1_VBAR_EL1] = read_sysreg(vbar_el1);
	el1.r[NVARM_EL1_SCTLR_EL1] = read_sysreg(sctlr_el1);
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1);

	/* ID_AA64PFR1_EL1.NMI: this PE sets PSTATE.ALLINT on exception entry */
	if (ID_FIELD(pfr1, PFR1, NMI))
		el1.flags = NVARM_EL1F_NMI;
	/* ID_AA64PFR1_EL1.MTE: this PE sets PSTATE.TCO on exception entry */
	if (ID_FIELD(pfr1, PFR1, MTE))
		el1.flags |= NVARM_EL1F_MTE;
	/* L2 a guest hypervisor at L1's vEL2 (L1's NV bits apply): its SPSR says EL2 */
	el1.flags |= nvarm_el1f_nv_el2(vel2_get_id(v, NVARM_SR_HCR_EL2));
	if (nvarm_el1_inject(&el1, NVARM_EXC_SYNC, e, &ps)) {
		/* PSTATE is the hardware SPSR of L2's trap: always a legal source */
		con_printf("l0: nvarm_el1_inject failed (PSTATE 0x%lx)\n", ps.pstate);
		panic("exception into L2's EL1 failed");
	}
	write_sysreg(elr_el1, el1.r[NVARM_EL1_ELR_EL1]);
	write_sysreg(spsr_el1, el1.r[NVARM_EL1_SPSR_EL1]);
	write_sysreg(esr_el1, el1.r[NVARM_EL1_ESR_EL1]);
	if (far)
		write_sysreg(far_el1, el1.r[NVARM_EL1_FAR_EL1]);
	write_sysreg(elr_el2, ps.pc);
	write_sysreg(spsr_el2, ps.pstate);
}

/* An exception with syndrome @p esr at L2's EL1 (an UNDEFINED instruction nvarm's routing
 * gives L2 itself, ELR = the instruction). */
void l2_el1_undef(struct l0_vcpu *v, uint64_t esr)
{
	const struct nvarm_vel2_exc e = {.esr = esr};

	l2_el1_take(v, &e, false);
}

/* An UNDEFINED exception (EC 0x00, IL=1) at L2's EL1, at the instruction itself: for an L2
 * trap this L0 cannot serve and nvarm does not route (DDI 0487 D1.x: an instruction the
 * implementation does not provide is UNDEFINED). */
void l2_undef(struct l0_vcpu *v)
{
	const struct nvarm_vel2_exc e = {.esr = NVARM_BIT(25)};

	v->st.l2_undef++;
	v->st.handled++;
	l2_el1_take(v, &e, true);
}

/*
 * The Software Step exception after an L2 instruction L0 emulated under software step
 * (l0_skip_insn): what the PE takes once a stepped instruction completes (DDI 0487 D2.12),
 * ELR at the next instruction, syndrome ISV = 1 with EX = 0 (no Load-Exclusive), IFSC 0x22. To
 * the debug target: L1's EL2 when the hardware routes L2's debug exceptions there
 * (MDCR_EL2.TDE or HCR_EL2.TGE, from L1's own: route.c), else L2's EL1 (EC 0x33 from EL1,
 * 0x32 from EL0). Left alone for L1's own instructions (its EL2 stepping itself: not
 * modelled; SS is cleared, so the step exception comes right after the return, ISV = 0).
 */
void l2_step_done(struct l0_vcpu *v)
{
	uint64_t iss = NVARM_BIT(24) | 0x22, il = NVARM_BIT(25);
	bool from_el1 = ((read_sysreg(spsr_el2) >> 2) & 3) == 1;

	v->step_done = false;
	if (!v->in_l2)
		return;
	v->st.handled++;
	if ((read_sysreg(mdcr_el2) & NVARM_MDCR_EL2_TDE) || (read_sysreg(hcr_el2) & HCR_TGE)) {
		l2_leave(v, VEC_LOWER_SYNC, (0x32ull << 26) | il | iss, 0, 0);
		return;
	}
	const struct nvarm_vel2_exc e = {.esr = ((from_el1 ? 0x33ull : 0x32ull) << 26) | il | iss};
	l2_el1_take(v, &e, false);
}

/* The same at L1's vEL2 (taken to its own vector, ELR = the instruction). */
void vel2_undef(struct l0_vcpu *v)
{
	const struct nvarm_vel2_exc e = {.esr = NVARM_BIT(25)};

	vel2_take_here(v, &e);
}

/* UNDEFINED for whichever guest runs. */
void guest_undef(struct l0_vcpu *v)
{
	if (v->in_l2)
		l2_undef(v);
	else
		vel2_undef(v);
}

/*
 * L2's access reached an L1 IPA that L0 neither backs nor emulates: on L1's machine, a
 * physical address with no memory or device, a synchronous External abort (QEMU's answer;
 * IMPLEMENTATION DEFINED, Arm ARM D1 "External aborts"). nvarm says where it is taken (L2's
 * EL1, or L1's EL2 with its HCR_EL2.TEA and FEAT_RAS) and its syndrome. (QEMU 10 itself
 * ignores TEA natively: tests/conform/known-diffs.txt.)
 */
void l2_external_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far)
{
	unsigned l2_el = ((read_sysreg(spsr_el2) >> 2) & 3) == 1 ? 1 : 0;
	struct nvarm_vel2_exc e;
	int r = nvarm_l2_sea_route(&v->v2, esr, l2_el, far, &e);

	if (r == 1) {
		v->st.forwarded++;
		l2_leave(v, VEC_LOWER_SYNC, e.esr, e.far, 0);
		return;
	}
	if (r < 0) { /* not an abort syndrome: L0's own bug, never L2's doing */
		con_printf("l0: nvarm_l2_sea_route(esr 0x%lx) = %d\n", esr, r);
		panic("l2_external_abort");
	}
	v->st.l2_ext_aborts++;
	v->st.handled++;
	l2_el1_take(v, &e, true);
}

/* A data or instruction abort for L1 with fault status @fsc, taken at vEL2 (EC 0x25 / 0x21
 * from vEL2, 0x24 / 0x20 from L1's own EL0/EL1); IL=1, ISV=0, WnR and CM as L0's syndrome
 * says (none for a fetch), FAR_EL2 the faulting address. */
static void l1_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far, unsigned fsc)
{
	uint64_t pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2));
	bool iabt = (esr >> 26) == EC_IABT_LOW;
	bool same = ((pstate >> 2) & 3) == 2; /* from vEL2 */
	uint64_t ec = (iabt ? EC_IABT_LOW : EC_DABT_LOW) + (same ? 1 : 0);
	struct nvarm_vel2_exc e = {
	    .esr = (ec << 26) | (1ull << 25) | (esr & ((1ull << 8) | (1ull << 6))) | fsc,
	    .far = far,
	    .flags = NVARM_EXCF_FAR,
	};
	if (iabt)
		e.esr &= ~(uint64_t)((1ull << 8) | (1ull << 6)); /* no WnR/CM for fetches */
	vel2_take_here(v, &e);
	v->st.forwarded++;
}

/*
 * L1 itself accessed an IPA that L0 neither backs nor emulates: on the machine L1 is given
 * that is a physical address with no memory or device, which QEMU (like most hardware;
 * IMPLEMENTATION DEFINED, Arm ARM D1 "External aborts") answers with a synchronous External
 * abort (DFSC 0x10) taken to the Exception level of the access.
 */
void l1_external_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far)
{
	l1_abort(v, esr, far, 0x10);
	v->st.l1_ext_aborts++;
}

/*
 * An exclusive or atomic access by L1 to a device L0 emulates (insn.c): the data abort
 * "IMPLEMENTATION DEFINED fault (Unsupported Exclusive or Atomic access)", DFSC 0b110101
 * (DDI 0487 D24.2 ESR_ELx ISS for a data abort; B2.9: exclusives need not be supported on
 * Device memory), taken where the access was made.
 */
void l1_excl_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far)
{
	l1_abort(v, esr, far, 0x35);
	v->st.l1_excl_aborts++;
}

/*
 * An AT instruction of L1 whose translation table walk met a synchronous External abort:
 * not reported in PAR_EL1 (UNKNOWN then) but taken as a Data Abort where the AT was
 * executed, ESR CM = 1 and WnR = 1 (an AT is reported like a cache maintenance
 * instruction), DFSC the External abort on the walk, FAR = the AT's input address (DDI 0487
 * "External abort on a translation table walk" during an address translation instruction;
 * QEMU does so natively, ESR_EL2 0x96000155 for AT S12E1R with VTTBR_EL2 past /memory).
 */
void l1_at_abort(struct l0_vcpu *v, uint64_t va, unsigned fsc)
{
	l1_abort(v, (1ull << 8) | (1ull << 6), va, fsc);
	v->st.l1_ext_aborts++;
}
