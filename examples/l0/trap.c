// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Trap entry and dispatch of the example L0: every exception from L1 or L2 lands in
// l0_trap_sync / l0_trap_irq (start.S), finds the vCPU loaded on this CPU, and is
// dispatched by its class in nvarm's register database (nvarm_trap_decode: enum
// nvarm_trap_class); L2's traps ask nvarm's forwarding first (route.c). What a handler
// decides is carried out by the world switch (switch.c) and the exceptions L0 makes for a
// guest (exc.c); every trap ends in l0_resume before the ERET.
#include "l0.h"

/* --------------------------------------------------------- system registers */

/*
 * Did L1's AT (its result @p par in PAR_EL1) meet a synchronous External abort on a
 * translation table walk, which the PE takes as a Data Abort rather than report in PAR_EL1
 * (exc.c, l1_at_abort)? The DFSC, or 0. For its own EL2 stage-1 (@p s1e2: the hardware AT
 * in L1's regime), a stage-2 fault on the walk is L0's stage-2 refusing an IPA L1 has no
 * memory at (mmu.c, l1_el2_fsc); for its guest's stages (world_l1_at_s12), nvarm's walk of
 * L1's stage-2 tables reports the External abort in the fault status itself (0x10, 0x13,
 * 0x14..0x17), anything else stays L1's PAR_EL1.
 */
static unsigned at_walk_abort(uint64_t par, bool s1e2)
{
	unsigned fst = (unsigned)FIELD(par, 6, 1);

	if (!(par & 1))
		return 0;
	if (s1e2)
		return (par & (1ull << 9)) ? l1_el2_fsc(par) : 0;
	return fst == 0x10 || (fst >= 0x13 && fst <= 0x17) ? fst : 0;
}

/*
 * EC 0x18: MSR/MRS/SYS trapped from vEL2 (or from L2 and left to L0 by the routing).
 * ISS (Arm ARM D24.2.39): Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0] (1=read). The register's owner handles it: system instructions
 * (TLBI: the shadow stage-2 and L1's own EL2 regime; AT), the timers (vtimer), the GIC
 * (nested vGIC: ICH_*_EL2; L1's emulated GIC: SGIs), the vEL2 register file.
 */
static void trap_sysreg(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
			uint64_t esr)
{
	uint32_t enc = t->enc;
	unsigned rt = t->rt;
	bool read = t->is_read;

	stats_sysreg(&v->st, t);
	if (l0_pmu_filter_acc(t) && l0_pmu_filter_trap(v, f, t)) /* PMU filters (pmu.c) */
		return;
	/* A system instruction the database knows (unknown ones, and ones of a feature L1's ID
	 * registers hide, are UNDEFINED for L1 below). TLBI from L1 may change what L2 sees
	 * through L1's stage-2: nvarm removes the shadow entries the TLBI covers. */
	uint64_t x0 = 0;
	if (NVARM_SYSREG_OP0(enc) == 1 && t->cls != NVARM_TC_UNDEF &&
	    nvarm_sysreg_emulate(&v->v2, t, &x0) == NVARM_EMUL_NOT_MINE) {
		if (t->cls == NVARM_TC_TLBI) {
			struct nvarm_s2mmu_l1_regs l1;
			l1_s2_regs(v, &l1);
			int n = nvarm_s2mmu_tlbi(&v->vm->s2mmu, enc, rt == 31 ? 0 : f->x[rt], &l1);
			if (n < 0) /* decoded by nvarm from a database TLBI: an L0 bug */
				panic("nvarm_s2mmu_tlbi failed");
			v->st.shadow_inval++;
			v->st.shadow_removed += (uint64_t)n;
			world_l1_tlbi(v, enc); /* and L1's own EL2 stage-1 */
		} else if (t->cls == NVARM_TC_AT && !v->in_l2) {
			uint64_t va = rt == 31 ? 0 : f->x[rt];
			/* L1's own EL2 stage-1, or its guest's two stages */
			bool s1e2 = world_l1_at(enc, va);
			if (!s1e2)
				world_l1_at_s12(v, enc, va);
			unsigned fsc = at_walk_abort(read_sysreg(par_el1), s1e2);
			if (fsc) { /* a Data Abort at the AT instead of a PAR_EL1 */
				l1_at_abort(v, va, fsc);
				v->st.handled++;
				return;
			}
		}
		v->st.handled++;
		l0_skip_insn(v);
		return;
	}
	uint64_t val = rt == 31 ? 0 : f->x[rt];
	/* What L1 changed in the hardware EL1 shadow (world.c); not needed for EL2 state the
	 * shadow does not carry (TPIDR_EL2: a VHE Linux's per-CPU base, trapped under NV). */
	bool partial = !v->in_l2 && world_l1_sync_for(v, t->reg);
	/*
	 * The register's owners in turn, each with the one emulate-result type (enum
	 * nvarm_emul), until one says other than NOT_MINE: the timers (nvarm_vtimer_emulate,
	 * timer.c), L1's virtual ICH_*_EL2 (nvarm_vgic_emulate: masked LRs/HCR/VMCR/APRs,
	 * computed VTR/MISR/EISR/ELRSR), the vEL2 register file (nvarm_sysreg_emulate: RES0/RES1,
	 * E2H redirection, EL12 aliases, feature checks; RELOAD: the hardware shadow is stale, a
	 * mirrored field or HCR_EL2.E2H changed), L1's emulated GIC for its SGIs (ICC_SGI1R_EL1 &
	 * co, trapped by HCR_EL2.IMO; vgicd.c), and last plain storage for computed registers
	 * nvarm leaves to their owner (this L0 has no model of L1's EL2 view of them).
	 */
	/* the timers' registers are op0 3, CRn 14 (l0_vtimer_sysreg) */
	int r = NVARM_SYSREG_OP0(enc) == 3 && NVARM_SYSREG_CRN(enc) == 14
		    ? l0_vtimer_sysreg(v, t, &val)
		    : NVARM_EMUL_NOT_MINE;
	if (r == NVARM_EMUL_TO_L1) {
		l2_leave(v, VEC_LOWER_SYNC, esr, 0, 0);
		return;
	}
	/* (ICH_*_EL2 are op0 3, op1 4, CRn 12: no other register pays for the vGIC's lookup) */
	if (r == NVARM_EMUL_NOT_MINE && NVARM_SYSREG_CRN(enc) == 12)
		r = vgic_sysreg(v, t, &val);
	if (r == NVARM_EMUL_NOT_MINE)
		r = nvarm_sysreg_emulate(&v->v2, t, &val);
	if (r == NVARM_EMUL_NOT_MINE && t->cls == NVARM_TC_GIC)
		r = vgicd_sysreg(v, enc, read, val) ? NVARM_EMUL_OK : NVARM_EMUL_UNDEF;
	if (r == NVARM_EMUL_NOT_MINE) {
		int id = t->reg;
		r = read ? nvarm_vel2_read(&v->v2, (unsigned)id, &val)
			 : nvarm_vel2_write(&v->v2, (unsigned)id, val);
		r = r == 0 ? NVARM_EMUL_OK : NVARM_EMUL_UNDEF;
	}
	if (r == NVARM_EMUL_EXC && !v->in_l2) { /* ZCR/SMCR_EL2 under L1's own CPTR_EL2 (sve.c) */
		const struct nvarm_vel2_exc e = {.esr = nvarm_vel2_exc_esr(&v->v2, t->reg)};
		v->st.handled++;
		vel2_take_here(v, &e); /* at the MRS/MSR, as natively at EL2 */
		return;
	}
	if (r != NVARM_EMUL_OK && r != NVARM_EMUL_RELOAD) {
		/* the first few on the console (a guest must not be able to flood it); all of
		 * them are counted in tc_undef / sr_<name> on the stats line */
		if (guest_msg(v)) {
			con_printf("l0: L1 %s ", read ? "read" : "wrote");
			print_sysreg_name(t->reg, enc);
			con_printf(": nvarm_sysreg_emulate says %d (UNDEFINED for L1)%s\n", r,
				   v->st.undef_logged == 8 ? "; further ones not printed" : "");
		}
		/* An Unknown-reason exception (EC 0x00, IL=1) taken where the access was made,
		 * at the instruction itself (ELR = the MRS/MSR, no PC advance): at vEL2, or at
		 * L2's EL1 for an L2 access routed to L0 that nothing here emulates. Whatever
		 * nvarm returned, the guest sees an UNDEFINED instruction, never a host stop. */
		guest_undef(v);
		return;
	}
	if (r == NVARM_EMUL_RELOAD) {
		if (partial) /* the rest of what L1 changed, before the shadow is loaded again */
			world_l1_sync(v);
		vel2_reload_after_write(v);
	}
	/* L1 read or wrote a plain register of its vEL2 file (no timer, no GIC register, no
	 * shadow reload): l0_resume_l1_quiet ends the trap */
	else if (!v->in_l2 && (t->cls == NVARM_TC_SYSREG || t->cls == NVARM_TC_ID) &&
		 NVARM_SYSREG_CRN(enc) != 12 && NVARM_SYSREG_CRN(enc) != 14)
		v->quiet_resume = true;
	if (read && rt != 31)
		f->x[rt] = val;
	v->st.handled++;
	l0_skip_insn(v);
}

/* ------------------------------------------------------------ HVC, SMC, ERET */

/* PSCI (Arm DEN 0022) answered by L0 for L1. */
static void psci_call(struct l0_vcpu *v, struct l0_frame *f)
{
	uint32_t fn = (uint32_t)f->x[0];

	if (smp_psci(v, f)) { /* CPU_ON, CPU_OFF, AFFINITY_INFO, CPU_SUSPEND (smp.c) */
		v->st.handled++;
		return;
	}
	switch (fn) {
	case PSCI_VERSION:
		f->x[0] = 0x10001; /* 1.1 */
		break;
	case PSCI_FEATURES: {
		uint32_t q = (uint32_t)f->x[1];
		f->x[0] =
		    (q == PSCI_VERSION || q == PSCI_FEATURES || q == PSCI_SYSTEM_OFF ||
		     q == PSCI_SYSTEM_RESET || q == PSCI_CPU_OFF || q == 0xc4000003u /* CPU_ON */ ||
		     q == 0xc4000004u /* AFFINITY_INFO */ || q == 0xc4000001u /* CPU_SUSPEND */)
			? 0
			: (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
		break;
	}
	case PSCI_SYSTEM_OFF:
		l0_shutdown(v, "L1 called PSCI SYSTEM_OFF");
	case PSCI_SYSTEM_RESET:
		l0_shutdown(v, "L1 called PSCI SYSTEM_RESET (powering off)");
	default:
		f->x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	}
	v->st.handled++;
}

static void trap_smc(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
		     uint64_t esr)
{
	(void)t; /* PSCI function id is in x0; imm16 is not used */
	(void)esr;
	/* SMC trapped by HCR_EL2.TSC: ELR_EL2 is the SMC itself. From L2 it is here only when
	 * L1 does not trap SMCs (route.c): then it reaches the VM's firmware, L0's PSCI. */
	l0_skip_insn(v);
	psci_call(v, f);
}

static void trap_hvc(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
		     uint64_t esr)
{
	(void)f;
	(void)t;
	/* An L2 hypercall belongs to L1: nvarm_fwd_route() always forwards it (route.c). */
	if (v->in_l2) {
		if (guest_msg(v))
			con_printf("l0: HVC from L2 not routed to L1: UNDEFINED for L2\n");
		write_sysreg(elr_el2, read_sysreg(elr_el2) - 4); /* HVC: ELR is the next one */
		l2_undef(v);
		return;
	}
	/* L1's HCR_EL2.HCD (its VM has no EL3, so the bit is not RES0) makes HVC UNDEFINED at
	 * its EL2 too (DDI 0487 D24.2 HCR_EL2.HCD): ELR at the HVC, not past it. */
	if (vel2_get_id(v, NVARM_SR_HCR_EL2) & NVARM_HCR_EL2_HCD) {
		write_sysreg(elr_el2, read_sysreg(elr_el2) - 4);
		vel2_undef(v);
		return;
	}
	/* L1's HVC at vEL2 goes to its own vector; PSCI for L1 is SMC (L1's DTB). */
	vel2_hvc(v, esr);
	v->st.forwarded++;
}

static void trap_eret(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
		      uint64_t esr)
{
	(void)f;
	if (!l1_eret(v, t, esr))
		vel2_undef(v);
}

static void trap_wfx(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
		     uint64_t esr)
{
	(void)f;
	(void)t;
	(void)esr;
	v->st.handled++;
	l0_skip_insn(v);
}

/* ------------------------------------------------------------------- aborts */

/*
 * L2 faulted in the shadow stage-2: nvarm walks L1's stage-2 and L0's, and either installs
 * a shadow entry (resume L2), or hands back the syndrome L1's stage-2 gives (inject into
 * L1's vEL2: L1's MMIO emulation), or leaves it to L0.
 */
static void shadow_fault(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t far,
			 uint64_t hpfar)
{
	struct l0_stats *st = &v->st;
	struct nvarm_s2mmu_fault in = {
	    .esr = esr,
	    .far = far,
	    .hpfar = hpfar,
	    .l2_el0 = (read_sysreg(spsr_el2) & SPSR_M_MASK) == 0,
	};
	struct nvarm_s2mmu_result r;
	unsigned fsc = (unsigned)(esr & 0x3f);

	if (fsc >= 0x0c && fsc <= 0x0f && !(esr & ESR_S1PTW)) {
		/* HPFAR_EL2 is not valid for a stage-2 permission fault outside a stage-1
		 * walk: resolve the faulting IPA with L2's stage-1 (PAR_EL1 is L2's). */
		uint64_t par_l2 = read_sysreg(par_el1), par;
		__asm__ volatile("at s1e1r, %0" ::"r"(far));
		isb();
		par = read_sysreg(par_el1);
		write_sysreg(par_el1, par_l2);
		if (!(par & 1))
			in.hpfar = FIELD(par, 47, 12) << 4;
	}
	int rc = nvarm_s2mmu_handle_fault(&v->vm->s2mmu, v->s2mmu_id, &in, &r);
	if (rc < 0) {
		/* nvarm could not resolve it (e.g. no shadow page left even after reclaiming):
		 * L2's access cannot complete; the host goes on and L2 sees an External abort */
		if (guest_msg(v))
			con_printf("l0: nvarm_s2mmu_handle_fault says %d: External abort to L2\n",
				   rc);
		stats_l2_exit(st, EXIT_SHADOW);
		l2_external_abort(v, esr, far);
		st->cur = EXIT_NONE;
		return;
	}
	st->shadow_faults++;
	if (r.action == NVARM_S2MMU_INSTALLED) {
		stats_l2_exit(st, EXIT_SHADOW);
		st->shadow_installs++;
		dsb(ishst); /* the new shadow descriptor before L2 walks it */
		st->cur = EXIT_NONE;
		/* L0 alone resolved it and resumes L2 at once: no timer work (an emulated
		 * deadline has L0's own timer armed; L2's timers are its hardware ones) */
		v->fast_resume = true;
		return;
	}
	if (r.action == NVARM_S2MMU_INJECT) {
		stats_l2_exit(st, EXIT_MMIO);
		st->shadow_injects++;
		l2_leave(v, VEC_LOWER_SYNC, r.esr_el2, r.far_el2, r.hpfar_el2);
		return;
	}
	st->shadow_l0++;
	/* L1 mapped the L2 IPA to its GIC distributor/redistributor, which L0 emulates for L1
	 * (vgicd.c): natively L2's access reaches that device, so it is L1's device access
	 * (r.ipa1 holds the L1 IPA with the page offset; the syndrome is L2's own). */
	if (r.l0_reason == NVARM_S2MMU_L0_UNMAPPED) {
		vgic_maint_refresh(v);
		if (vgicd_mmio(v, f, esr, r.ipa1.v))
			st->handled++;
		else
			l2_external_abort(v, esr, far); /* an L1 IPA nothing backs */
		stats_l2_exit(st, EXIT_SHADOW);
		st->cur = EXIT_NONE;
		return;
	}
	/* Anything else L0 cannot serve for L2 (an L1 IPA beyond the shadow's range, a
	 * permission L0 itself denies): as for an unbacked L1 IPA, an External abort to L2. */
	if (guest_msg(v))
		con_printf("l0: L2 stage-2 abort for L0 (reason %u): IPA2 0x%lx -> IPA1 0x%lx "
			   "ESR_EL2=0x%lx: External abort to L2\n",
			   r.l0_reason, r.ipa2.v, r.ipa1.v, esr);
	stats_l2_exit(st, EXIT_SHADOW);
	l2_external_abort(v, esr, far);
	st->cur = EXIT_NONE;
}

/*
 * nvarm.vncr=ro (boot.c): VNCR_EL2 points at a read-only alias of the VNCR page, so each
 * store L1 makes to a vEL2 register there faults (EC 0x25 with ISS.VNCR, a Permission fault,
 * FAR = the slot; FEAT_NV2 gives no syndrome register, ISV = 0). L0 completes the store as
 * the hardware would have (the MSR's Xt, read from L1's instruction) and so sees every write
 * at once, HCR_EL2.E2H included (follow_e2h at the end of this trap): exact E2H switches at
 * the cost of a trap per vEL2 register write.
 */
static void trap_vncr_write(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2), off = far - vncr_alias(v), elr = read_sysreg(elr_el2);
	uint64_t par_l1 = read_sysreg(par_el1), par, pa;
	uint32_t insn;

	if (off >= sizeof(v->vncr_page) || (off & 7) || !(esr & (1ull << 6)) ||
	    (esr & 0x3f) != 0x0f) {
		/* only L1's stores to the alias L0 maps read-only come here */
		con_printf("l0: VNCR abort ESR_EL2=0x%lx FAR_EL2=0x%lx\n", esr, far);
		panic("unexpected VNCR page abort");
	}
	/* the instruction: L1's EL2 regime is the hardware EL1&0 one while L1 runs */
	__asm__ volatile("at s1e1r, %0" ::"r"(elr));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, par_l1);
	pa = (par & 0x0000fffffffff000ull) | (elr & 0xfff);
	if ((par & 1) || !l1_ram(v->vm, pa, 4)) {
		/* L1 just executed it, so it is mapped; should L1 have remapped it meanwhile
		 * (another vCPU), the store cannot be completed: UNDEFINED */
		vel2_undef(v);
		return;
	}
	insn = *(volatile uint32_t *)(uintptr_t)pa;
	if ((insn & 0xfff00000u) != 0xd5100000u) { /* MSR <sysreg>, Xt (L = 0, op0 = 2/3) */
		/* only an MSR writes a vEL2 register in the page (STR to the page is L1's
		 * stage-1 business: the page is not in L1's address space) */
		vel2_undef(v);
		return;
	}
	/*
	 * Emulate it as the trapped MSR it would be under FEAT_NV alone: the ESR_EL2 of EC 0x18
	 * built from the instruction (MSR: o0 [19] (op0 = 2 + o0), op1 [18:16], CRn [15:12],
	 * CRm [11:8], op2 [7:5], Rt [4:0]; ISS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn
	 * [13:10], Rt [9:5], CRm [4:1], Direction 0 = write). nvarm then applies the register's
	 * RES0/RES1 bits, its owner (vGIC, timers) and any shadow reload, as for NV.
	 */
	uint64_t iss = ((2ull + ((insn >> 19) & 1)) << 20) | (((insn >> 5) & 7ull) << 17) |
		       (((insn >> 16) & 7ull) << 14) | (((insn >> 12) & 0xfull) << 10) |
		       ((insn & 31ull) << 5) | (((insn >> 8) & 0xfull) << 1);
	uint64_t sys_esr = (0x18ull << 26) | (1ull << 25) | iss;
	struct nvarm_trap t;

	if (nvarm_trap_decode(sys_esr, &t) < 0) {
		vel2_undef(v);
		return;
	}
	v->st.vncr_writes++;
	trap_sysreg(v, f, &t, sys_esr);
}

/*
 * L2 runs with L1's NV2 and its access to L1's VNCR page faulted in L0's EL2 regime (EC 0x25
 * with ISS.VNCR: an access made as at EL2; FAR_EL2 = the hardware VNCR_EL2 + offset). When
 * the hardware VNCR_EL2 is the poison page or the read-only alias l1_vncr_hw (mmu.c) chose,
 * L1's PE would have faulted the same access: the same Data Abort is taken into L1's vEL2
 * (ISS.VNCR = 1, WnR and CM as the hardware's, ISV = 0, DFSC L1's fault) with FAR_EL2 =
 * L1's VNCR_EL2 + offset; HPFAR_EL2 is UNKNOWN for it. Any other fault on the page (L0's
 * identity map of L1's RAM is read-write and never changes, so none is expected) is taken
 * to L1 as a synchronous External abort of the access: L0 never stops for it.
 */
static void l2_vncr_abort(struct l0_vcpu *v, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2), off = far & 0xfff;
	bool write = (esr & (1ull << 6)) != 0;
	unsigned fault = write ? v->l2vncr.fsc_w : v->l2vncr.fsc_r, fsc = fault & 0x3f;

	if (!v->l2_vncr || (far & ~0xfffull) != v->l2vncr.hw || !(fault & L0_VNCR_FAULT)) {
		if (guest_msg(v))
			con_printf("l0: L2's VNCR page access faulted unexpectedly (ESR_EL2=0x%lx "
				   "FAR_EL2=0x%lx): External abort to L1\n",
				   esr, far);
		fsc = 0x10;
	}
	esr = (esr & ((0x3full << 26) | (1ull << 25) | (1ull << 13) | (1ull << 8) | (1ull << 6))) |
	      fsc; /* EC IL VNCR CM WnR, DFSC */
	v->st.vncr_aborts++;
	l2_leave(v, VEC_LOWER_SYNC, esr, v->l2vncr.va | off, 0);
}

static void trap_abort(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
		       uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2), hpfar = read_sysreg(hpfar_el2);
	uint64_t ipa = (FIELD(hpfar, 43, 4) << 12) | (far & 0xfff);

	if (t->cls == NVARM_TC_VNCR_ABT) {
		if (v->in_l2)
			l2_vncr_abort(v, esr);
		else
			trap_vncr_write(v, f, esr);
		return;
	}
	v->st.s2_faults++;
	if (v->in_l2 && !v->l2_flat) {
		shadow_fault(v, f, esr, far, hpfar);
		return;
	}
	/* For L1 itself: its GIC distributor/redistributor (vgicd.c; under NV2 L1 changes its
	 * ICH state without trapping: its maintenance level first), or L0 paging. An access
	 * without a valid syndrome (LDP/STP, writeback forms) is decoded from the instruction
	 * first (insn.c), one device access per register. */
	vgic_maint_refresh(v);
	if (!v->in_l2 && insn_mmio_l1(v, f, esr, far, ipa)) {
		v->st.handled++;
		return;
	}
	if (vgicd_mmio(v, f, esr, ipa)) {
		v->st.handled++;
		return;
	}
	if (!v->in_l2) {
		l1_external_abort(v, esr, far);
		return;
	}
	/*
	 * L2 with L1's stage-2 off (its HCR_EL2.VM=0: L2's IPA is L1's IPA) reached an L1 IPA
	 * nothing backs: as for an L2 access L1's stage-2 maps there (shadow_fault), a
	 * synchronous External abort taken to L2's own EL1.
	 */
	l2_external_abort(v, esr, far);
}

/* --------------------------------------------------------------- dispatch */

typedef void (*trap_handler)(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
			     uint64_t esr);

/* The handler for each trap class of nvarm's register database (enum nvarm_trap_class);
 * NULL: none (UNDEFINED for the guest). Every system-register class goes to its owner
 * through trap_sysreg; UNDEF there too (an unknown or hidden register of EC 0x18). */
static const trap_handler by_class[NVARM_TC__COUNT] = {
    [NVARM_TC_UNDEF] = trap_sysreg, [NVARM_TC_SYSREG] = trap_sysreg,  [NVARM_TC_ID] = trap_sysreg,
    [NVARM_TC_GIC] = trap_sysreg,   [NVARM_TC_TIMER] = trap_sysreg,   [NVARM_TC_TLBI] = trap_sysreg,
    [NVARM_TC_AT] = trap_sysreg,    [NVARM_TC_CMO] = trap_sysreg,     [NVARM_TC_HW] = trap_sysreg,
    [NVARM_TC_ERET] = trap_eret,    [NVARM_TC_HVC] = trap_hvc,	      [NVARM_TC_SMC] = trap_smc,
    [NVARM_TC_WFX] = trap_wfx,	    [NVARM_TC_VNCR_ABT] = trap_abort, [NVARM_TC_ABORT] = trap_abort,
};

static trap_handler handler_of(const struct nvarm_trap *t)
{
	if (t->cls >= NVARM_TC__COUNT)
		return NULL;
	/* the system-register classes name EC 0x18 traps only */
	if (by_class[t->cls] == trap_sysreg && t->kind != NVARM_TRAP_SYSREG)
		return NULL;
	return by_class[t->cls];
}

/* L0's own time for one trap, charged to the L2 exit it belongs to (the kind when the trap
 * began, or the one it started), else to L1's own traps. */
static void account(struct l0_stats *st, uint64_t t0, enum exit_kind at_entry, bool l1_sysreg)
{
	uint64_t d = read_sysreg(cntpct_el0) - t0;
	enum exit_kind k = at_entry != EXIT_NONE ? at_entry : st->cur;

#ifdef L0_MSR_COUNT
	l0_msr_account(k);
#endif
	if (k != EXIT_NONE) {
		st->kind_ticks[k] += d;
	} else {
		st->l1_ticks += d;
		st->l1_traps++;
		if (l1_sysreg) { /* of those, L1's MRS/MSR (EC 0x18) */
			st->l1_sr_ticks += d;
			st->l1_sr_traps++;
		}
	}
}

/* An L2 trap: nvarm's routing first (forward to L1, UNDEFINED, or L0's own). True when
 * done. */
static bool l2_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	uint64_t out_esr = 0;

	/* An AArch32 L2's MCR/MRC (EC 0x03) or MCRR/MRRC (EC 0x04) to CP15 trapped by L1's
	 * HSTR_EL2.T<CRn> (the hardware runs L2 with L1's HSTR, route.c): L1's trap, with the
	 * same syndrome (DDI 0487 D24.2 HSTR_EL2; ISS CRn [13:10] for EC 0x03, CRm [4:1] for
	 * EC 0x04). nvarm's routing covers AArch64 accesses only. */
	if (t->ec == 0x03 || t->ec == 0x04) {
		unsigned crn =
		    t->ec == 0x03 ? (unsigned)FIELD(esr, 13, 10) : (unsigned)FIELD(esr, 4, 1);
		if ((vel2_get(v, NVARM_ENC_HSTR_EL2) >> crn) & 1) {
			v->st.l2_fwd++;
			l2_leave(v, VEC_LOWER_SYNC, esr, 0, 0);
			return true;
		}
	}
	switch (route_l2_trap(v, f, t, esr, &out_esr)) {
	case ROUTE_FORWARD:
		l2_leave(v, VEC_LOWER_SYNC, out_esr, 0, 0);
		return true;
	case ROUTE_UNDEF_L2:
		l2_el1_undef(v, out_esr);
		return true;
	case ROUTE_DONE:
		return true;
	case ROUTE_L0:
		break;
	}
	return false;
}

/* What l0_trap_sync counts for a trap of L1 a lean entry below handled: the trap, its EC
 * and class, and the L2 exit L1 is handling (if any). */
static inline void lean_count(struct l0_stats *st, unsigned ec, unsigned cls,
			      enum exit_kind at_entry)
{
	st->traps++;
	st->by_ec[ec]++;
	st->by_cls[cls]++;
	if (at_entry != EXIT_NONE)
		st->kind_traps[at_entry]++;
}

/*
 * nvarm: the lean trap entry (start.S: every EC 0x18 trap comes here first). The trap a guest
 * hypervisor makes most: L1 at vEL2 reads or writes a plain register of its vEL2 file (e.g.
 * SCTLR_EL2 under NV and NV2, every EL2 register under NV; struct nvarm_sysreg_plain). What
 * l0_trap_sync and trap_sysreg would do for it, without their dispatch: nvarm's decode of a
 * plain access, the fold-back of what L1 changed in the hardware EL1 shadow for this register
 * (world_l1_sync_for), nvarm's emulation, and l0_resume_l1_quiet. start.S saved only x0..x18
 * and x30 (the registers a C call may change), or the whole frame when @p full.
 *
 * L0_FAST_DONE: handled. L0_FAST_FULL (only when not @p full): Rt is one of x19..x29, nothing
 * done: call again with the whole frame. L0_FAST_NO, with nothing changed, for anything else
 * (L2's trap, any other register or instruction, the first EC 0x18 trap, which l0_trap_sync
 * traces): l0_trap_sync, with the whole frame.
 */
int l0_trap_l1_sysreg(struct l0_frame *f, uint64_t esr, bool full)
{
	unsigned rt = (unsigned)FIELD(esr, 9, 5), k;

	if (!full && rt >= 19 && rt <= 29)
		return L0_FAST_FULL;

	struct l0_vcpu *v = l0_this_cpu()->vcpu;
	uint64_t t0 = read_sysreg(cntpct_el0);
	struct l0_stats *st = &v->st;
	struct nvarm_sysreg_plain p;
	uint64_t val;

	/* (a plain register is none of the timers' or the vGIC's, which trap_sysreg asks first:
	 * tests/sysreg/test_sysreg_contract.c, test_plain_not_vgic_vtimer) */
	if (v->in_l2 || !st->by_ec[NVARM_EC_SYS64] ||
	    nvarm_sysreg_plain_decode(&v->v2, esr, &p) != 0)
		return L0_FAST_NO;
	enum exit_kind at_entry = st->cur;
	world_trap_entry(v);
	bool partial = world_l1_sync_for(v, p.reg);
	val = p.rt == 31 ? 0 : f->x[p.rt];
	int r = nvarm_sysreg_plain_emulate(&v->v2, &p, &val);
	k = st->sr_slot[p.reg];
	if (k) { /* stats_sysreg's usual case */
		st->sr[k - 1].n++;
	} else {
		struct nvarm_trap t = {.reg = p.reg, .enc = nvarm_sysreg_desc(p.reg)->enc};
		stats_sysreg(st, &t);
	}
	if (p.is_read && p.rt != 31)
		f->x[p.rt] = val;
	l0_skip_insn(v);
	if (r == NVARM_EMUL_RELOAD) {
		if (partial) /* as trap_sysreg: the rest of what L1 changed first */
			world_l1_sync(v);
		vel2_reload_after_write(v);
		l0_resume(v);
	} else {
		l0_resume_l1_quiet(v);
	}
	/* (a plain register's class; the trap, its EC and class, handled: st->lean_sr when L1
	 * handles no L2 exit, as account() would count it) */
	if (NVARM_LIKELY(at_entry == EXIT_NONE)) {
		st->lean_sr_ticks += read_sysreg(cntpct_el0) - t0;
		st->lean_sr++;
#ifdef L0_MSR_COUNT
		l0_msr_account(EXIT_NONE);
#endif
		return L0_FAST_DONE;
	}
	lean_count(st, NVARM_EC_SYS64, NVARM_TC_SYSREG, at_entry);
	st->handled++;
	account(st, t0, at_entry, true);
	return L0_FAST_DONE;
}

/*
 * nvarm: the lean entry for L1's HVC and ERET within vEL2 (start.S: EC 0x16 and 0x1a come here
 * first, with x0..x18 and x30 saved: neither instruction has a register operand). A guest
 * hypervisor's own hypercalls and its exception returns to itself: exactly what
 * trap_hvc/vel2_hvc and trap_eret/l1_eret do for them, without the decode and dispatch, and
 * with L1's ELR_EL2, SPSR_EL2 and ESR_EL2 where L1 keeps them while it runs, the hardware
 * ELR_EL1, SPSR_EL1 and ESR_EL1 (the same value in both shadow layouts: R_ALL rows). Nothing
 * of the vEL2 file is written and nothing loaded: a value L0 writes there is folded back like
 * one L1 wrote itself (world_l1_sync compares the hardware with v->world.l1_hw). Neither
 * touches L2's or the world switch's state; both end in l0_resume_l1_quiet (an exception
 * entry masks every interrupt; an exception return to vEL2 unmasks what SPSR_EL2 says, and
 * the hardware takes a virtual interrupt the list registers hold as it would without L0).
 *
 * HVC at vEL2 (Arm ARM D1.3: an HVC executed at EL2 is taken to EL2): ELR_EL2 = the return
 * address (the hardware ELR_EL2, past the HVC), SPSR_EL2 = PSTATE, ESR_EL2 = the trap's
 * syndrome (EC 0x16, IL, imm16), then VBAR_EL2 + 0x000/0x200 (SP_EL0/SP_EL2) with the
 * PSTATE of nvarm_vel2_entry (SCTLR_EL2 and VBAR_EL2 folded back first: L1 may change them
 * without a trap).
 * ERET (plain, ISS.{ERET, ERETA} = 0) with L1's SPSR_EL2.M = EL2t/EL2h: PC = ELR_EL2, PSTATE
 * from SPSR_EL2 (nvarm_vel2_eret_regs: an illegal return stays at vEL2 too).
 *
 * L0_FAST_NO, with nothing changed but a fold-back, for anything else (ERETAA/ERETAB, the
 * first trap of its EC, which l0_trap_sync traces): l0_trap_sync with the whole frame. L2's
 * HVC and an ERET to EL1/EL0 (entering L2, or a VHE L1's own EL0) are lean_switch's.
 */
static __attribute__((__noinline__)) int lean_exc(struct l0_vcpu *v, uint64_t esr, uint64_t hw_spsr,
						  uint64_t spsr)
{
	struct l0_stats *st = &v->st;
	unsigned ec = (unsigned)(esr >> 26);
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st->cur;
	struct nvarm_vcpu_pstate ps;

	world_trap_entry(v);
	ps.pc = read_sysreg(elr_el2);
	ps.pstate = nvarm_vel2_psr_from_hw(hw_spsr);
	if (ec == EC_HVC64) {
		uint64_t pc = ps.pc, pstate = ps.pstate;

		/* (L1's HCR_EL2.HCD: UNDEFINED, trap_hvc) */
		if ((vel2_get_id(v, NVARM_SR_HCR_EL2) & NVARM_HCR_EL2_HCD) ||
		    !world_l1_sync_reg(v, NVARM_SR_SCTLR_EL2) ||
		    !world_l1_sync_reg(v, NVARM_SR_VBAR_EL2) ||
		    nvarm_vel2_entry(&v->v2, NVARM_EXC_SYNC, &ps))
			return L0_FAST_NO;
		/* (compared first: a read costs an emulator less than a write, and an HVC at the
		 * place of the last one leaves all three as they are) */
		write_sysreg_changed(elr_el1, pc);
		write_sysreg_changed(spsr_el1, pstate);
		write_sysreg_changed(esr_el1, esr);
		lean_count(st, ec, NVARM_TC_HVC, at_entry);
		st->forwarded++;
	} else {
		if (nvarm_vel2_eret_regs(&v->v2, spsr, read_sysreg(elr_el1), &ps) != NVARM_ERET_EL2)
			return L0_FAST_NO;
		lean_count(st, ec, NVARM_TC_ERET, at_entry);
		st->handled++;
	}
	write_sysreg(elr_el2, ps.pc);
	write_sysreg_changed(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
	l0_resume_l1_quiet(v);
	account(st, t0, at_entry, false);
	return L0_FAST_DONE;
}

/*
 * The lean entries of the two world switches of a guest hypervisor's hypercall loop, with
 * the same partial frame: L2's HVC, forwarded to L1 (route_l2_trap's FORWARD: nvarm_fwd_route
 * decides, here before anything changes), and L1's plain ERET into its guest (trap_eret's
 * l1_eret). What l0_trap_sync does for them, without the decode, the dispatch and the rest of
 * the frame: neither reads or writes a general-purpose register of the guest (x19..x29 are
 * the callee-saved ones, which the C code keeps). The same counts (lean_count and the exit's),
 * l0_resume and account. L0_FAST_NO, with nothing changed, for anything else.
 */
static __attribute__((__noinline__)) int lean_switch(struct l0_vcpu *v, uint64_t esr, unsigned ec)
{
	struct l0_stats *st = &v->st;
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st->cur;
	struct nvarm_fwd_result res;

	if (ec == EC_HVC64 &&
	    nvarm_fwd_route(&v->route.fwd, esr, (unsigned)FIELD(read_sysreg(spsr_el2), 3, 2),
			    &res) != NVARM_FWD_FORWARD)
		return L0_FAST_NO;
	world_trap_entry(v);
	if (ec == EC_HVC64) {
		lean_count(st, EC_HVC64, NVARM_TC_HVC, at_entry);
		st->l2_fwd++;
		st->l2_hvc++;
		stats_l2_exit(st, EXIT_HVC);
		l2_leave(v, VEC_LOWER_SYNC, res.esr, 0, 0);
	} else {
		const struct nvarm_trap t = {.ec = EC_ERET, .kind = NVARM_TRAP_ERET, .sub = 0};

		lean_count(st, EC_ERET, NVARM_TC_ERET, at_entry);
		if (!l1_eret(v, &t, esr))
			vel2_undef(v);
	}
	l0_resume(v);
	account(st, t0, at_entry, false);
	return L0_FAST_DONE;
}

/* (the checks alone, without a frame: L2's HVC and L1's ERET into L2 pass here first) */
int l0_trap_l1_exc(struct l0_frame *f, uint64_t esr)
{
	struct l0_vcpu *v = l0_this_cpu()->vcpu;
	unsigned ec = (unsigned)(esr >> 26);
	uint64_t hw_spsr = read_sysreg(spsr_el2), spsr = 0;

	(void)f;
	/* (the first trap of its EC: l0_trap_sync traces it) */
	if (!v->st.by_ec[ec] || v->quiet_resume)
		return L0_FAST_NO;
	/* L2's HVC (not L1's own EL0 under E2H=0 TGE=1: route_host_el0) */
	if (v->in_l2)
		return ec == EC_HVC64 && !v->host_el0 ? lean_switch(v, esr, ec) : L0_FAST_NO;
	/* from L1 at vEL2: the hardware EL1, AArch64 */
	if ((hw_spsr & NVARM_PSR_NRW) || ((hw_spsr >> 2) & 3) != 1)
		return L0_FAST_NO;
	/* an ERET to EL1/EL0 (L1's SPSR_EL2, the hardware SPSR_EL1): the world switch's */
	if (ec == EC_ERET) {
		if (esr & 3) /* ERETAA/ERETAB */
			return L0_FAST_NO;
		spsr = read_sysreg(spsr_el1);
		if ((spsr & NVARM_PSR_NRW) || ((spsr >> 2) & 3) != 2)
			return lean_switch(v, esr, ec);
	}
	return lean_exc(v, esr, hw_spsr, spsr);
}

/* nvarm: trap entry. Every synchronous exception from L1 and L2 lands here. */
void l0_trap_sync(struct l0_frame *f)
{
	struct l0_vcpu *v = l0_this_cpu()->vcpu;
	struct l0_stats *st = &v->st;
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st->cur;
	uint64_t esr = read_sysreg(esr_el2);
	struct nvarm_trap t;
	int r = nvarm_trap_decode(esr, &t);
	bool l1_sysreg = r >= 0 && !v->in_l2 && t.kind == NVARM_TRAP_SYSREG;

	world_trap_entry(v);
	st->traps++;
	if (NVARM_UNLIKELY(v->host_el0)) { /* L1's own EL0 under E2H=0 TGE=1 (route.c) */
		uint64_t out_esr = 0;
		enum route_verdict rv = route_host_el0(v, f, esr, &out_esr);

		if (rv == ROUTE_FORWARD)
			l2_leave(v, VEC_LOWER_SYNC, out_esr, 0, 0);
		if (rv != ROUTE_L0)
			goto out;
	}
	if (r < 0) {
		/* An exception class nvarm does not decode: UNDEFINED for whoever caused it */
		if (guest_msg(v))
			con_printf(
			    "l0: undecodable trap ESR_EL2=0x%lx ELR_EL2=0x%lx (%d): UNDEFINED "
			    "for %s\n",
			    esr, read_sysreg(elr_el2), r, v->in_l2 ? "L2" : "L1");
		guest_undef(v);
		goto out;
	}
	if (!st->by_ec[t.ec]++ && v->vm->trace)
		con_printf("l0: trace: first EC 0x%02x (%s, class %s) trap from %s: ESR_EL2=0x%lx "
			   "ELR_EL2=0x%lx\n",
			   t.ec, nvarm_ec_name(t.ec), nvarm_trap_class_name(t.cls),
			   v->in_l2 ? "L2" : "L1", esr, read_sysreg(elr_el2));
	st->by_cls[t.cls < NVARM_TC__COUNT ? t.cls : NVARM_TC_OTHER]++;
	if (st->cur != EXIT_NONE)
		st->kind_traps[st->cur]++;
	if (!v->in_l2 || !l2_trap(v, f, &t, esr)) {
		trap_handler h = handler_of(&t);

		if (h) {
			h(v, f, &t, esr);
		} else {
			/* No handler for this class: UNDEFINED for the guest that caused it */
			con_printf(
			    "l0: trap EC=0x%x (%s) ESR_EL2=0x%lx ELR_EL2=0x%lx FAR_EL2=0x%lx "
			    "has no handler: UNDEFINED for %s\n",
			    t.ec, nvarm_ec_name(t.ec), esr, read_sysreg(elr_el2),
			    read_sysreg(far_el2), v->in_l2 ? "L2" : "L1");
			guest_undef(v);
		}
	}
out:
	if (NVARM_UNLIKELY(v->step_done))
		l2_step_done(v);
	if (v->quiet_resume) {
		v->quiet_resume = false;
		l0_resume_l1_quiet(v);
	} else {
		l0_resume(v);
	}
	account(st, t0, at_entry, l1_sysreg);
}

/* nvarm: an IRQ while L1 or L2 ran: the GIC maintenance interrupt (nested vGIC), a timer
 * (vtimer), or nothing of the guest's. The models raise lines; l0_resume decides. */
void l0_trap_irq(struct l0_frame *f)
{
	struct l0_vcpu *v = l0_this_cpu()->vcpu;
	struct l0_stats *st = &v->st;
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st->cur;
	uint64_t iar = hw_get(ENC_ICC_IAR1);
	uint32_t intid = (uint32_t)(iar & 0xffffff);

	(void)f;
	world_trap_entry(v);
	st->irqs++;
	if (intid < 1020) { /* else spurious */
		st->traps++;
		if (st->cur != EXIT_NONE)
			st->kind_traps[st->cur]++;
		if (intid == v->vm->m->gic_maint_ppi) {
			vgic_maint_irq(v, iar); /* EOIs it */
			l0_resume(v);
		} else if (l0_vtimer_irq(v, intid, iar)) {
			l0_resume(v); /* a timer: nvarm's vtimer says whose, L1's GIC gets it */
		} else if (l0_pmu_irq(v, intid, iar)) {
			l0_resume(v); /* the PMU's overflow: L1's (pmu.c) */
		} else if (intid == L0_KICK_SGI) {
			/* another vCPU latched an SGI for this one (vgicd.c): present it, and
			 * ask whether L2 exits for it */
			hw_set(ENC_ICC_EOIR1, iar);
			if (v->in_l2)
				v->irq_req |= IRQ_REQ_OTHER;
			l0_resume(v);
		} else {
			hw_set(ENC_ICC_EOIR1, iar);
			st->other_irqs++;
		}
	}
	account(st, t0, at_entry, false);
}
