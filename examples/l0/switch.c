// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The world switch of the example L0, in one place: each function below is the ordered
// list of nvarm calls (and the hardware writes between them) for one transition of a vCPU.
//
//   l1_first_entry   reset vEL2 state -> hardware, timers, VNCR_EL2: L1 starts at vEL2
//   vel2_take        an exception into L1's vEL2 while L1 runs (nvarm_vel2_inject)
//   vel2_hvc         L1's HVC at vEL2, to its own vector: only what the injection touches
//   l1_eret          L1's ERET: within vEL2, or the world switch L1 -> L2 (l2_enter)
//   l2_leave         the world switch L2 -> L1 with an exception into L1's vEL2
//   l0_resume        the end of every trap: L1's E2H, the timers, raised interrupt lines
//                    (does L2 exit to L1 for them?), L1's list registers
//
// Entering L2 (l2_enter), in order:
//   1. nvarm_vgic_l1_pending (vgic_l1_irq_pending): would L1 take an interrupt at once?
//   2. nvarm_s2mmu_get_running: the shadow stage-2 for L1's VTTBR_EL2/VTCR_EL2 (held
//      running across L1's runs while those stay the same: l2_mmu)
//   3. nvarm_shadow_vel1_load_diff: L2's EL1 registers (world_l2_load, with HCR_EL2, step 6)
//   4. nvarm_vgic_maint_pending, nvarm_vgic_nested_entry: L1's virtual list registers for L2
//   5. nvarm_vtimer_switch: the hardware timers now back L2's (and the physical timer
//      PPI's active state follows: vgic_vtimer_phys_l2)
//   6. nvarm_fwd_vstate_from_vel2, nvarm_fwd_load, nvarm_fwd_hw_traps: L0's traps plus every
//      one L1 asked for; HCR_EL2, VTCR/VTTBR_EL2, ELR/SPSR_EL2
// Leaving L2 (l2_leave), in order:
//   1. nvarm_shadow_vel1_save: L2's EL1 registers into L1's vEL1 state
//   2. L0's own trap controls (route_exit_l2)
//   3. nvarm_vgic_nested_exit: L2's interrupt state into L1's ICH_*_EL2
//   4. nvarm_vtimer_switch: the hardware timers back L1's EL2 timers again (the physical
//      timer PPI inactive: vgic_vtimer_phys_l1)
//   5. nvarm_vel2_inject + nvarm_shadow_vel2_load_some (vel2_take_load, world_l1_load_kept):
//      the exception, L1's vEL2 shadow in the hardware (the registers kept while L2 ran, those
//      nvarm_shadow_vel2_volatile names or the L0 saw change loaded again); L1's HCR_EL2,
//      VTCR/VTTBR_EL2
// (nvarm_vgic_l1_flush follows before L1 runs: l0_resume.) The nvarm calls of these two
// switches are made here and nowhere else; the helpers of the other files do the hardware
// writes around them and L0's own bookkeeping.
#include "l0.h"

#define HCR_NV2_B (1ull << 45)

/* L1's virtual HCR_EL2 (read on every entry and exit: by id, vel2_get_id) */
static uint64_t vel2_hcr(struct l0_vcpu *v)
{
	return vel2_get_id(v, NVARM_SR_HCR_EL2);
}
/* -------------------------------------------------------- L1 within vEL2 */

/* The shadow's layout changed (L1's HCR_EL2.E2H): the timers' register redirection too. */
static void vel2_loaded(struct l0_vcpu *v, bool layout_changed)
{
	if (layout_changed)
		l0_vtimer_set_e2h(v, v->vhe);
	/* the HCR_EL2 bits this load followed; L1's SCTLR_EL1 trap as they say (route.c) */
	if (v->world.e2h_word)
		v->world.hcr_seen = *v->world.e2h_word;
	if (v->vhe ? v->route.sctlr_fgt : v->route.sctlr_trapped)
		route_l1_sctlr_sync(v);
}

/*
 * Take an exception into L1's vEL2 (nvarm_vel2_inject): from @p pc/@p pstate (L1's own, L2's,
 * or the ERET target L1 was about to enter). nvarm writes ELR/SPSR/ESR/FAR/HPFAR_EL2 into
 * the vEL2 file and computes the vector and PSTATE; the vEL2 shadow then puts
 * ELR/SPSR/ESR/FAR_EL2 and the rest into the hardware EL1 registers.
 */
static void vel2_take_load(struct l0_vcpu *v, enum nvarm_exc_kind kind, uint64_t pc,
			   uint64_t pstate, const struct nvarm_vel2_exc *e, bool from_l2)
{
	struct nvarm_vcpu_pstate ps = {.pc = pc, .pstate = pstate};
	int r = nvarm_vel2_inject(&v->v2, kind, e, &ps);

	if (r) {
		/* PSTATE comes from the hardware SPSR of a trap: always a legal source */
		con_printf("l0: nvarm_vel2_inject(%d) failed: %d (PSTATE 0x%lx)\n", kind, r,
			   pstate);
		panic("exception injection into vEL2 failed");
	}
	/* (from L2: L1's registers as kept while L2 ran, those that may have changed loaded
	 * again, world_l1_load_kept) */
	bool addr = e && (e->flags & (NVARM_EXCF_FAR | NVARM_EXCF_HPFAR));

	vel2_loaded(v, from_l2 ? world_l1_load_kept(v, addr) : world_l1_load(v));
	write_sysreg(elr_el2, ps.pc);
	write_sysreg_changed(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
}

void vel2_take(struct l0_vcpu *v, enum nvarm_exc_kind kind, uint64_t pc, uint64_t pstate,
	       const struct nvarm_vel2_exc *e)
{
	vel2_take_load(v, kind, pc, pstate, e, false);
}

/* A synchronous exception into L1's vEL2 from where L1 trapped (ELR_EL2/SPSR_EL2). */
void vel2_take_here(struct l0_vcpu *v, const struct nvarm_vel2_exc *e)
{
	world_l1_sync(v);
	vel2_take(v, NVARM_EXC_SYNC, read_sysreg(elr_el2),
		  nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2)), e);
}

/*
 * L1's HVC at vEL2. An HVC at EL2 is taken to EL2 itself (Arm ARM D1.3, "HVC": from EL2 the
 * target is EL2), so it goes to L1's own vector for the current EL, with the same syndrome;
 * ELR_EL2 already points past it. L1 stays in vEL2: fold back and load only what
 * nvarm_vel2_inject() reads and writes (its documented contract), not the whole shadow.
 */
void vel2_hvc(struct l0_vcpu *v, uint64_t esr)
{
	static const unsigned written[] = {NVARM_SR_ELR_EL2, NVARM_SR_SPSR_EL2, NVARM_SR_ESR_EL2,
					   NVARM_SR_FAR_EL2, NVARM_SR_HPFAR_EL2};
	struct nvarm_vel2_exc e = {.esr = esr};
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2),
				       .pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2))};

	if (!world_l1_sync_reg(v, NVARM_SR_SCTLR_EL2) || !world_l1_sync_reg(v, NVARM_SR_VBAR_EL2)) {
		world_l1_sync(v);
		vel2_take(v, NVARM_EXC_SYNC, ps.pc, ps.pstate, &e);
		return;
	}
	if (nvarm_vel2_inject(&v->v2, NVARM_EXC_SYNC, &e, &ps))
		panic("exception injection into vEL2 failed");
	vel2_loaded(v, world_l1_load_regs(v, written, sizeof(written) / sizeof(written[0]),
					  v->world.hvc_src));
	write_sysreg(elr_el2, ps.pc);
	write_sysreg_changed(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
}

/* A mirrored vEL2 register or HCR_EL2.E2H changed (NVARM_EMUL_RELOAD: nvarm reports only
 * writes that make the shadow stale), or L1 flipped E2H without trapping (NV2). */
static void vel2_reload(struct l0_vcpu *v)
{
	v->st.vel2_reloads++;
	vel2_loaded(v, world_l1_load(v));
}

void vel2_reload_after_write(struct l0_vcpu *v)
{
	vel2_reload(v);
}

/*
 * L1 chooses VHE or not by writing HCR_EL2.E2H (its vEL2 behaves like a CPU with
 * FEAT_E2H0). Under NV that write traps (RELOAD: the shadow changes layout there); under
 * NV2 it goes to the VNCR page without trapping, so L0 compares after every trap from vEL2
 * and reloads the shadow in the new layout (NV1 = !E2H from then on).
 */
/* follow_e2h's question (inline: every quiet trap of L1 under NV2 asks it): has L1's
 * HCR_EL2.E2H left the layout the shadow holds? (A vEL2 load of this trap made v->vhe the
 * file's E2H, and L1 has not run since; the word of L1's HCR_EL2 or a fixed E2H answer
 * nvarm_vel2_is_vhe without the call.) */
static inline bool e2h_moved(struct l0_vcpu *v)
{
	const struct l0_world *w = &v->world;

	if (w->e2h_followed)
		return false;
	return w->e2h_word ? ((*w->e2h_word ^ w->hcr_seen) & w->hcr_watch) != 0
			   : !w->e2h_fixed && nvarm_vel2_is_vhe(&v->v2) != v->vhe;
}

void follow_e2h(struct l0_vcpu *v)
{
	if (!e2h_moved(v))
		return;
	/* HCR_EL2.TGE alone: only a VHE L1's SCTLR_EL1 depends on it (nvarm gives the hardware
	 * SPAN=1 while TGE=0, NVARM_EL1F_SPAN1), and only while L1's SCTLR_EL2.SPAN is 0, folded
	 * back first (L1 may have written it untrapped); else the trap of its SCTLR_EL1 only */
	if (v->world.e2h_word && ((*v->world.e2h_word >> 34) & 1) == v->vhe) {
		v->world.hcr_seen = *v->world.e2h_word;
		if (!v->vhe)
			return;
		if (!world_l1_sync_reg(v, NVARM_SR_SCTLR_EL2))
			world_l1_sync(v);
		if (vel2_get_id(v, NVARM_SR_SCTLR_EL2) & NVARM_SCTLR_EL1_SPAN) {
			route_l1_sctlr_sync(v);
			return;
		}
		world_l1_sync(v);
		vel2_reload(v);
		return;
	}
	/* Under FEAT_NV2 L1's HCR_EL2 write went to the VNCR page: between it and this trap
	 * L1 ran with the old layout (its EL1-named accesses meant the other registers). */
	if (v->vm->mode == MODE_NV2 && !v->e2h_late) {
		v->e2h_late = true;
		con_printf("l0: L1 changed HCR_EL2.E2H under FEAT_NV2: followed at its next trap "
			   "only (nvarm.e2h=0|1 fixes E2H, as FEAT_E2H0/FEAT_VHE allow)\n");
	}
	world_l1_sync(v); /* in the layout the hardware still holds */
	vel2_reload(v);
}

/* ----------------------------------------------------------- L1 <-> L2 */

/*
 * nvarm_s2mmu_get_running: the shadow MMU for L1's stage-2 registers @p l1, and in @p hw its
 * hardware VTTBR/VTCR_EL2. Counted running (no CPU recycles it, its root stays), and held so
 * across L1's runs while L1 keeps the same registers (v->s2_held): the usual L1 enters the
 * same guest again and again, and then finds it here without the library's lookup, lock and
 * register computation. A change of L1's registers gives the held one back first (at most one
 * MMU per vCPU is held, as while L2 runs).
 */
static int l2_mmu(struct l0_vcpu *v, const struct nvarm_s2mmu_l1_regs *l1,
		  struct nvarm_s2mmu_hw *hw)
{
	struct nvarm_s2mmu *s = &v->vm->s2mmu;
	const struct nvarm_s2mmu_l1_regs *h = &v->s2_l1;

	if (v->s2_held && h->vttbr == l1->vttbr && h->vtcr == l1->vtcr &&
	    h->big_endian == l1->big_endian && h->fwb == l1->fwb && h->vm == l1->vm) {
		hw->vttbr = v->s2_hw.vttbr;
		hw->vtcr = v->s2_hw.vtcr;
		return v->s2mmu_id;
	}
	l2_mmu_release(v);
	int id = nvarm_s2mmu_get_running(s, l1, hw);
	if (id >= 0) {
		v->s2_held = true;
		v->s2_l1 = *l1;
		v->s2_hw = *hw;
	}
	return id;
}

/* (struct nvarm_fwd_hw as words: copied without a memcpy call) */
#define FWD_HW_WORDS (sizeof(struct nvarm_fwd_hw) / sizeof(uint64_t))
_Static_assert(sizeof(struct nvarm_fwd_hw) == FWD_HW_WORDS * sizeof(uint64_t), "words only");

static void fwd_hw_copy(struct nvarm_fwd_hw *dst, const struct nvarm_fwd_hw *src)
{
	uint64_t *x = (uint64_t *)(void *)dst;
	const uint64_t *y = (const uint64_t *)(const void *)src;

#pragma GCC unroll 16
	for (unsigned i = 0; i < FWD_HW_WORDS; i++)
		x[i] = y[i];
}

/*
 * Step 6 of l2_enter: L1's trap controls into the routing context (nvarm_fwd_vstate_from_vel2,
 * nvarm_fwd_load), and the hardware's for L2 (returned): L0's own (route_l0_traps) plus every
 * one L1 asked for (nvarm_fwd_hw_traps). Both calls are functions of their inputs (the context
 * changes only by nvarm_fwd_load): while L1's controls and L0's are those of the last entry
 * (the usual L1 changes none between two entries of its guest), the last result is taken
 * again. Of L0's input only HCR_EL2 can change once route_l0_traps saved the rest (the first
 * entry: before any memo), and only by L1's HCR_EL2.FWB (route_l0_hcr), which the vstate
 * compared holds: an unchanged vstate is an unchanged input. CNTHCTL_EL2 has
 * one owner, the vtimer: the vEL2 file never sees L1's writes of it (e.g. EL1PCEN=1 from reset
 * while L1 traps L2's physical timer would keep for L0 a trap that is L1's).
 */
static const struct nvarm_fwd_hw *l2_traps(struct l0_vcpu *v)
{
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw traps;
	unsigned pmu = route_pmu_counters(v);
	uint64_t cnthctl = l0_vtimer_l1_cnthctl(v);

	/* (compared in place first, with the file's own CNTHCTL_EL2 word: the usual entry
	 * builds nothing) */
	if (v->fwd_memo && v->fwd_cnthctl == cnthctl &&
	    nvarm_fwd_vstate_diff(&v->v2, pmu, &v->fwd_vs, 0) == 0)
		return &v->fwd_out;
	int r = nvarm_fwd_vstate_from_vel2(&v->v2, pmu, &vs);

	v->fwd_vs = vs;
	v->fwd_cnthctl = cnthctl;
	vs.reg[NVARM_FWD_CNTHCTL_EL2] = cnthctl;
	if (r == 0)
		r = nvarm_fwd_load(&v->route.fwd, &vs);
	unsigned flags = route_l0_traps(v, &traps);
	v->fwd_memo = false;
	if (r == 0)
		r = nvarm_fwd_hw_traps(&v->route.fwd, flags, &traps);
	if (r) {
		con_printf("l0: nvarm trap forwarding setup failed: %d\n", r);
		panic("nvarm_fwd_load/nvarm_fwd_hw_traps");
	}
	fwd_hw_copy(&v->fwd_out, &traps);
	v->fwd_memo = true;
	return &v->fwd_out;
}

/* nvarm: world switch L1 -> L2 (L1's ERET to EL1/EL0, its vEL2 file current). */
static void l2_enter(struct l0_vcpu *v, uint64_t pc, uint64_t pstate)
{
	struct l0_vm *vm = v->vm;

	/* 1. L1 (HCR_EL2.IMO=1 for its guest) would take its pending physical IRQ the moment
	 *    it ERETs: deliver it now, as from L2 at the ERET target. */
	if (vgic_l1_irq_pending(v)) {
		vel2_take(v, NVARM_EXC_IRQ, pc, pstate, NULL);
		isb();
		v->st.irq_at_eret++;
		return;
	}
	/* 2. The shadow stage-2 for L1's current VTTBR_EL2/VTCR_EL2 (found or created); L1's
	 *    stage-2 off (its HCR_EL2.VM=0): its EL1 sees L1's IPA space as it is. */
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw = {
	    .vttbr = (uint64_t)(uintptr_t)vm->s2_root | (FLAT_VMID << 48),
	    .vtcr = vm->vtcr,
	};
	l1_s2_regs(v, &l1);
	v->l2_flat = !l1.vm;
	/* (L1 runs a guest hypervisor: l0_vm::l1_nests, once) */
	if (NVARM_UNLIKELY(vm->l1nv && !vm->l1_nests) &&
	    (vel2_get_id(v, NVARM_SR_HCR_EL2) & NVARM_HCR_EL2_NV))
		__atomic_store_n(&vm->l1_nests, true, __ATOMIC_RELAXED);
	if (!v->l2_flat)
		v->s2mmu_id = l2_mmu(v, &l1, &hw);
	else
		l2_mmu_release(v);
	if (!v->l2_flat && v->s2mmu_id < 0) {
		/* nvarm reclaims an MMU when all are in use; only a bug leaves none */
		con_printf("l0: nvarm_s2mmu_get: %d\n", v->s2mmu_id);
		panic("no shadow stage-2 for L2");
	}
	/*    With L1's NV2 for its guest hypervisor: where L1's VNCR page is (L1's EL2 regime,
	 *    still in the hardware; mmu.c: the page, or an address faulting as L1's would) */
	uint64_t vncr_pa = l1_vncr_hw(v);
	/* 3. nvarm_shadow_vel1_load_diff: L2's EL1 registers (L1's vEL1 state), in step 6
	 *    (world_l2_load), written into the hardware with HCR_EL2 */
	/* 4. nvarm_vgic_nested_entry: L1's virtual list registers, ICH_HCR/VMCR/APRs for L2 */
	bool maint = nvarm_vgic_maint_pending(&v->vgic.cpu, l0_vgic_vstate(v));
	int r = nvarm_vgic_nested_entry(&v->vgic.cpu, l0_vgic_vstate(v));
	if (r)
		cpuif_fail("nvarm_vgic_nested_entry", r);
	vgic_l2_entered(v, maint);
	/* 5. nvarm_vtimer_switch: the hardware EL1 timers back L2's */
	l0_vtimer_switch(v, NVARM_VTIMER_CTX_L2); /* (timer.c: its mirror in and out) */
	vgic_vtimer_phys_l2(v); /* the physical timer PPI's active state is L2's timer's now */
	/* 6. nvarm_fwd_vstate_from_vel2, nvarm_fwd_load, nvarm_fwd_hw_traps (l2_traps): L1's
	 *    trap controls into the routing context; the hardware runs L2 with L0's own traps
	 *    plus every one L1 asked for (the last entry's while none changed) */
	const struct nvarm_fwd_hw *traps = l2_traps(v);
	/*    L1's VDISR_EL2/VSESR_EL2 for L2 (FEAT_RAS: ras.c) */
	ras_l2_enter(v);
	sve_l2_enter(v); /* L2's vector length bounded by L1's ZCR_EL2 (sve.c) */
	/*    then L2's EL1 registers and HCR_EL2 (with MDCR/CPTR/FGT/HSTR), the stage-2 and
	 *    the entry. The EL1 registers here, not at step 3: QEMU flushes its whole TLB
	 *    (the L0's own EL2 entries too) on a change of SCTLR_EL1, any TCR_EL1 write and a
	 *    change of HCR_EL2.NV/NV1, and the L0 code between the flushes would walk its own
	 *    tables again for every page it touches. */
	world_l2_load(v); /* (before L1's CPTR_EL2.TFP/TZ for L2: they trap EL2's ZCR_EL1 too) */
	uint64_t hcr = route_hw_load(v, traps);
	write_sysreg(hcr_el2, hcr);
	v->l2_vncr = (traps->hcr & HCR_NV2_B) && vncr_pa;
	if (v->l2_vncr)
		write_sysreg(S3_4_C2_C2_0, vncr_pa); /* VNCR_EL2 */
	write_sysreg(vtcr_el2, hw.vtcr);
	write_sysreg(vttbr_el2, hw.vttbr);
	write_sysreg(elr_el2, pc);
	write_sysreg_changed(spsr_el2, pstate); /* often L1's own at vEL2 (EL1h, DAIF) */
	isb();
	v->in_l2 = true;
	v->st.l2_entries++;
	v->st.flat_entries += v->l2_flat;
	v->st.cur = EXIT_NONE;
}

/*
 * L1 returns from vEL2 with its ELR_EL2/SPSR_EL2 (held in the hardware EL1 registers).
 * nvarm_vel2_eret() checks the SPSR (IllegalExceptionReturn) and says where to: vEL2
 * itself (stay in L1, EL2 modes map to hardware EL1), L1's own EL0 under VHE, or L1's
 * guest (world switch to L2). It reads ELR_EL2, SPSR_EL2 and HCR_EL2 only: fold back those
 * two; the whole shadow only when the ERET is a world switch. False for an ERET form L0
 * cannot emulate (the caller makes it UNDEFINED).
 */
bool l1_eret(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t esr)
{
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2),
				       .pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2))};
	/* L1's SPSR_EL2 is the hardware SPSR_EL1 (both layouts): an ERET to EL1 or EL0 (or to
	 * AArch32) will most likely be the world switch, which folds back everything: then at
	 * once, not two registers first (a guess only: the full fold-back is always right) */
	uint64_t target = read_sysreg(spsr_el1);
	bool partial = !(target & NVARM_PSR_NRW) && ((target >> 2) & 3) == 2 &&
		       world_l1_sync_reg(v, NVARM_SR_ELR_EL2) &&
		       world_l1_sync_reg(v, NVARM_SR_SPSR_EL2);

	if (!partial)
		world_l1_sync(v);
	int r = nvarm_vel2_eret(&v->v2, t->sub, NULL, &ps);
	if (r < 0) {
		/* ERETAA/ERETAB: this L0 holds no pointer-authentication keys to check ELR_EL2
		 * with, so L1 gets them as UNDEFINED (as on a PE without FEAT_PAuth) */
		con_printf("l0: ERET form nvarm cannot emulate here (%d, ESR_EL2=0x%lx): UNDEFINED "
			   "for L1\n",
			   r, esr);
		return false;
	}
	v->st.handled++;
	/* NVARM_ERET_HOST_EL0: L1's own EL0 (host userspace of a VHE L1) runs in its EL2&0
	 * regime, which is the hardware EL1&0 one already loaded: no world switch. */
	if (r == NVARM_ERET_EL2 || r == NVARM_ERET_HOST_EL0) {
		write_sysreg(elr_el2, ps.pc);
		write_sysreg_changed(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
		return true;
	}
	if (partial)
		world_l1_sync(v);
	/* EL0 under L1's HCR_EL2.{E2H,TGE} = {0,1}: the EL1&0 regime's EL0 with its stage 1 off
	 * and every exception taken to EL2 (DDI 0487 D1.3 "Routing exceptions"): L2's world,
	 * which route_hw_load runs with the hardware's own TGE */
	v->host_el0 = r == 0 && (vel2_hcr(v) & (HCR_E2H | HCR_TGE)) == HCR_TGE;
	l2_enter(v, ps.pc, ps.pstate);
	return true;
}

/*
 * L1's virtual HCR_EL2.{VF, VI, VSE} (bits 6, 7, 8), a virtual FIQ, IRQ or SError for L2
 * (effective only with the matching FMO/IMO/AMO, DDI 0487 D1.x "Virtual interrupts"), reach
 * the hardware through nvarm_fwd_hw_traps() (route.c). Taking the virtual SError clears
 * HCR_EL2.VSE (the hardware one, while L2 runs): at L2's exit L1's copy follows.
 */
#define HCR_VSE (1ull << 8)

static void l2_virq_exit(struct l0_vcpu *v, uint64_t hw_hcr)
{
	uint64_t h = vel2_hcr(v);
	if ((h & HCR_VSE) && (h & HCR_AMO) && !(hw_hcr & HCR_VSE))
		vel2_set(v, ENC_HCR_EL2, h & ~HCR_VSE);
}

/*
 * nvarm: world switch L2 -> L1, then a synchronous exception (@p vec == VEC_LOWER_SYNC, with
 * @p esr, @p far, @p hpfar) or an IRQ (an interrupt L1's emulated GIC presents; it reaches
 * L1's list registers at vgic_l1_flush before L1 runs) into L1's vEL2.
 */
void l2_leave(struct l0_vcpu *v, uint64_t vec, uint64_t esr, uint64_t far, uint64_t hpfar)
{
	uint64_t l2_pc = read_sysreg(elr_el2), l2_pstate = read_sysreg(spsr_el2);

	v->host_el0 = false;

	l2_virq_exit(v, read_sysreg(hcr_el2));
	ras_l2_exit(v);
	route_exit_l2(v); /* step 2 first: L1's CPTR_EL2.TFP/TZ for L2 trap EL2's ZCR_EL1 too */
	/* 1. nvarm_shadow_vel1_save: L2's EL1 registers into L1's vEL1 state (under NV2 the VNCR
	 *    page, where L1 reads them without trapping); L1's stack pointer back */
	struct nvarm_el1_regs chg; /* (only the registers L2 changed: chg.valid) */
	world_l2_read(v, &chg);
	if (chg.valid && nvarm_shadow_vel1_save(&v->v2, &chg))
		panic("nvarm_shadow_vel1_save");
	world_l1_sp_restore(v);
	/* 2. L0's own MDCR/CPTR/FGT traps, before the vEL2 load adds L1's (the shadow MMU
	 *    stays held running: l2_mmu): above */
	sve_l2_exit(v);	  /* (after: ZCR_EL2 accesses obey CPTR_EL2.TFP, L1's for L2) */
	if (v->l2_vncr) { /* L1's own VNCR page again (l1_first_entry) */
		v->l2_vncr = false;
		if (v->vm->mode == MODE_NV2)
			write_sysreg(S3_4_C2_C2_0, v->vm->vncr_ro
						       ? vncr_alias(v)
						       : (uint64_t)(uintptr_t)v->vncr_page);
	}
	/* 3. nvarm_vgic_nested_exit: L2's interrupt state into L1's virtual ICH registers */
	if (v->vgic.in_l2) {
		int r = nvarm_vgic_nested_exit(&v->vgic.cpu, l0_vgic_vstate(v), &v->vgic.exit);
		if (r)
			cpuif_fail("nvarm_vgic_nested_exit", r);
		vgic_l2_exited(v);
	}
	/* 4. nvarm_vtimer_switch: the hardware EL1 timers back L1's EL2 timers again */
	l0_vtimer_switch(v, NVARM_VTIMER_CTX_L1);
	vgic_vtimer_phys_l1(v); /* ... and L1's CNTHV's again: inactive */
	/* 5. the exception into vEL2 and L1's shadow, HCR_EL2, L1's stage-2 */
	if (vec == VEC_LOWER_SYNC) {
		/* HPFAR_EL2.FIPA [43:4] is IPA[51:12]. An HVC, SMC or MSR/MRS/SYS exit leaves L1's
		 * FAR_EL2 and HPFAR_EL2 as they were, as the PE does (UNKNOWN for those classes,
		 * DDI 0487 D24.2 FAR_EL2, HPFAR_EL2; QEMU writes neither): not the hardware's,
		 * which hold whatever the L0's last abort left there. */
		unsigned ec = (unsigned)FIELD(esr, 31, 26);
		bool no_addr = ec == NVARM_EC_HVC64 || ec == NVARM_EC_SMC64 || ec == NVARM_EC_SYS64;
		struct nvarm_vel2_exc e = {
		    .esr = esr,
		    .far = far,
		    .fault_ipa = nvarm_ipa2(FIELD(hpfar, 43, 4) << 12),
		    .flags = no_addr ? 0 : NVARM_EXCF_FAR | NVARM_EXCF_HPFAR,
		};
		vel2_take_load(v, NVARM_EXC_SYNC, l2_pc, l2_pstate, &e, true);
	} else {
		vel2_take_load(v, NVARM_EXC_IRQ, l2_pc, l2_pstate, NULL, true);
	}
	/* (vel2_take's world_l1_load_kept wrote L1's HCR_EL2, v->hcr) */
	write_sysreg(vtcr_el2, v->vm->vtcr);
	write_sysreg(vttbr_el2, l1_vttbr(v->vm));
	isb();
	v->in_l2 = false;
	v->st.forwarded++;
}

/* ------------------------------------------------------- back to a guest */

/*
 * Lines the timer and GIC models raised while L2 ran (v->irq_req): L2 exits to L1 only if
 * L1's GIC would take one of its interrupts now (vgic_l2_should_exit); otherwise L2's
 * interface goes back in and L2 runs on.
 */
static void l2_irq_decide(struct l0_vcpu *v)
{
	unsigned req = v->irq_req;

	v->irq_req = 0;
	if (!v->in_l2)
		return;
	if (req & IRQ_REQ_MAINT)
		stats_l2_exit(&v->st, EXIT_MAINT);
	if (!vgic_l2_should_exit(v)) {
		if (req & IRQ_REQ_MAINT)
			v->st.cur = EXIT_NONE;
		return;
	}
	if ((req & IRQ_REQ_L2_TIMER) && !(req & IRQ_REQ_MAINT)) {
		v->st.win_traps = v->st.kind_traps[EXIT_IRQ];
		stats_l2_exit(&v->st, EXIT_IRQ);
	}
	l2_leave(v, VEC_LOWER_IRQ, 0, 0, 0);
}

/*
 * The end of every trap, before the ERET to the guest: L1's vEL2 flavour, the timers (levels,
 * deliveries, L0's deadline), the lines they raised, and L1's list registers (after the
 * timers: a timer level that dropped is withdrawn first).
 */
void l0_resume(struct l0_vcpu *v)
{
	v->vgic_quiet = false; /* (this trap may have changed anything: l0_resume_l1_quiet) */
	if (!v->in_l2)
		follow_e2h(v);
	if (!v->fast_resume)
		l0_vtimer_resume(v); /* nvarm_vtimer_sync, _pending, _next_deadline */
	l0_pmu_resume(v);	     /* the PMU overflow line, while up (pmu.c) */
	v->fast_resume = false;
	if (v->irq_req)
		l2_irq_decide(v);
	if (!v->in_l2)
		vgic_l1_flush(v); /* nvarm_vgic_l1_flush: before every entry into L1 */
}

/*
 * The end of a trap of L1 that only read or wrote a register of its vEL2 file (trap.c,
 * trap_sysreg: v->quiet_resume): l0_resume's work where it can have any. E2H under NV2
 * (under NV its write traps with RELOAD, not here); the timers and L1's list registers only
 * if something changed that no interrupt brings (l0_vtimer_quiet, vgic_l1_quiet). Once
 * vgic_l1_quiet said so, nvarm's side of it holds until a trap ends in l0_resume (any trap of
 * this vCPU that can inject or retire an interrupt for L1 does): v->vgic_quiet. What others
 * can change is asked again: L1's redistributor (another vCPU's access to this one's frame
 * makes an interrupt busy here, vgicd_idle) and, under NV2, L1's maintenance condition (its
 * ICH registers in the VNCR page).
 */
void l0_resume_l1_quiet(struct l0_vcpu *v)
{
	/* (follow_e2h's question here, its call only when E2H moved) */
	if (v->vm->mode == MODE_NV2 && e2h_moved(v))
		follow_e2h(v);
	if (!l0_vtimer_quiet(v))
		l0_vtimer_resume(v);
	if (l0_pmu_resume(v)) /* the PMU overflow line dropped (pmu.c) */
		v->vgic_quiet = false;
	v->fast_resume = false;
	v->irq_req = 0; /* (in L1: nothing to decide) */
	if (v->vgic_quiet && !v->in_l2 && vgicd_idle(v) &&
	    (v->vm->mode != MODE_NV2 || !vgic_l1_maint_pending(v)))
		return;
	v->vgic_quiet = !v->in_l2 && vgic_l1_quiet(v);
	if (!v->vgic_quiet)
		vgic_l1_flush(v);
}

/*
 * nvarm: the first entry into L1, at vEL2h with x0 = its DTB (the caller's frame): L1's
 * reset vEL2 state (vcpu_init made the file), its virtual ICH registers, L0's HCR_EL2 bits
 * for L1, the VNCR page, then the vEL2 shadow into the hardware and the timers.
 */
void l1_first_entry(struct l0_vcpu *v, uint64_t entry)
{
	struct l0_vm *vm = v->vm;

	vgic_l1_reset(v); /* L1's virtual ICH_*_EL2 (nvarm vGIC vstate in the VNCR page) */
	route_l1_init(v); /* L0's MDCR_EL2 for L1 */
	sve_l1_init(v);	  /* the hardware ZCR_EL2 while L1 runs */
	/* L0's own bits; the nesting ones (NV, NV1, NV2, TVM/TRVM) come from
	 * nvarm_shadow_hcr_bits() in world_l1_load(). HCR_EL2.TID3: L1's ID reads are answered
	 * by nvarm (the VM's sanitised features). */
	v->hcr = HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TID3 | HCR_TSC | HCR_RW |
		 HCR_APK | HCR_API;
	/* The host's IMPLEMENTATION DEFINED controls are not L1's: its ACTLR_EL1 (L2's, a vEL1
	 * register in nvarm's file, its VNCR slot under FEAT_NV2) traps (TACR) instead of
	 * reaching the hardware under FEAT_NV, and the IMPLEMENTATION DEFINED encodings
	 * (TIDCP) are UNDEFINED for it (nvarm has none for the VM). */
	v->hcr |= HCR_TACR | HCR_TIDCP;
	/* SCXTNUM_EL1/EL0 are L1's own (and, by its EnSCXT, L2's): no trap to L0 */
	if (vm->cfg.features & NVARM_VMF_CSV2_2)
		v->hcr |= HCR_ENSCXT;
	/* L1's error-record registers trap (HCR_EL2.TERR; FIEN stays 0 for the ERXPFG*_EL1 ones):
	 * the host's records are never the guest's. nvarm answers them as the VM's (no records:
	 * nvarm_sysreg_zero_access), or UNDEFINED without FEAT_RAS. */
	v->hcr |= HCR_TERR;
	if (vm->mode == MODE_NV2)
		write_sysreg(S3_4_C2_C2_0,
			     vm->vncr_ro ? vncr_alias(v) : (uint64_t)(uintptr_t)v->vncr_page);
	vel2_set(v, ENC(3, 0, 1, 0, 0), SCTLR_EL1_RES1); /* L2's SCTLR_EL1 at reset: MMU off */
	if (v->vhe) {
		/* L1's virtual HCR_EL2 resets with E2H=1 (as on CPUs where E2H is RES1). */
		vel2_set(v, ENC_HCR_EL2, HCR_E2H);
		if (v->id == 0)
			con_puts("l0: L1's vEL2 is VHE (HCR_EL2.E2H=1, run with NV1=0)\n");
	}
	write_sysreg(cnthctl_el2, read_sysreg(cnthctl_el2) | 3); /* EL1PCTEN, EL1PCEN */
	write_sysreg(cntvoff_el2, 0);
	/* L0's stage-2 for L1 on this CPU (the same tables and VMID on every CPU) */
	write_sysreg(vtcr_el2, v->vm->vtcr);
	write_sysreg(vttbr_el2, l1_vttbr(vm));
	isb();
	world_l1_load(v); /* nvarm: L1's reset vEL2 state into the hardware EL1 registers */
	/* follow_e2h's quick look: where L1's E2H is, or that it cannot change (v->vhe is the
	 * effective E2H after that load) */
	bool e2h_var = (vm->cfg.features & NVARM_VMF_VHE) && (vm->cfg.features & NVARM_VMF_E2H0);
	/* TGE too when L1 can be VHE and its SCTLR_EL1 trap follows TGE (route.c) */
	v->world.hcr_watch =
	    (e2h_var ? HCR_E2H : 0) |
	    ((vm->cfg.features & NVARM_VMF_VHE) && v->route.sctlr_fgt ? HCR_TGE : 0);
	v->world.e2h_word =
	    v->world.hcr_watch ? nvarm_vel2_reg_word(&v->v2, NVARM_SR_HCR_EL2) : NULL;
	v->world.hcr_seen = v->world.e2h_word ? *v->world.e2h_word : 0;
	v->world.e2h_fixed = !e2h_var;
	l0_vtimer_init(v); /* nvarm's vtimer loads L1's timers (CNTHCTL/CNTVOFF/CNTPOFF) */
	write_sysreg(elr_el2, entry);
	write_sysreg(spsr_el2, SPSR_EL1H_DAIF);
	isb();
	/* vCPU 0 only: L1 owns the console (the PL011 is passed through) once it runs, and the
	 * L0's lines from other CPUs would cut through L1's */
	if (v->id == 0)
		con_printf("l0: entering L1 at vEL2 (%s, HCR_EL2=0x%lx) at 0x%lx\n",
			   vm->mode == MODE_NV2 ? "FEAT_NV2" : "FEAT_NV", v->hcr, entry);
}
