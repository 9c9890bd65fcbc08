// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The hardware EL1 registers of the example L0's world switch, through nvarm's EL2->EL1
// shadow (nvarm/sysreg.h, src/sysreg/shadow.c).
//
// L1 runs its virtual EL2 at hardware EL1, so the EL1 registers hold either L1's vEL2
// context or L2's EL1 context:
//  - while L1 runs: nvarm_shadow_vel2_load() values. A non-VHE L1's SCTLR_EL2, TCR_EL2,
//    TTBR0_EL2, MAIR_EL2, CPTR_EL2, ... are translated into the EL1 formats (so L1's own
//    EL2 stage-1 really translates), a VHE L1's are copied; L0 runs L1 with the HCR_EL2
//    nesting bits of nvarm_shadow_hcr_bits() (NV, NV1 for non-VHE, NV2, and TVM/TRVM for a
//    non-VHE L1 under FEAT_NV only, whose EL1-named accesses mean L2's registers and must
//    trap instead of reaching the shadow) and CPTR_EL2.TCPAC from nvarm_shadow_cptr_bits()
//    (CPACR_EL1, which TVM does not cover);
//  - while L2 runs: nvarm_shadow_vel1_load() values, L1's virtual EL1 registers (under NV2
//    the VNCR page copies L1 wrote without trapping).
// nvarm's vEL2 file (v->v2) is the reference. The hardware runs ahead of it while L1 runs
// (L1 takes no trap for ELR/SPSR/ESR/FAR_EL2 under NV2, nor for its EL1-named registers when
// VHE), so world_l1_sync() folds the hardware back (nvarm_shadow_vel2_save) before anything
// reads the file; after L1 changed a mirrored register or E2H (NVARM_EMUL_RELOAD), an
// exception was injected into vEL2, or L1 flipped HCR_EL2.E2H without trapping (NV2),
// world_l1_load() writes the shadow again.
//
// L1's own EL2 stage-1 lives in the hardware EL1&0 regime under L1's VMID, so L0 also
// carries out L1's TLBI *E2 (world_l1_tlbi) and AT S1E2R/W (world_l1_at) there; L1's AT
// S12E* for its guest run on L2's context and the shadow stage-2 (world_l1_at_s12).
//
// State: v->world (l0.h, struct l0_world: the last vEL2 load, L1's SP_EL2 while L2 runs).
#include "l0.h"

#define ENC_SP_EL1 ENC(3, 4, 4, 1, 0)

/* The HCR_EL2 bits nvarm_shadow_hcr_bits() owns. */
#define HCR_NEST_BITS                                                                              \
	(NVARM_HCR_NV | NVARM_HCR_NV1 | NVARM_HCR_NV2 | NVARM_HCR_TVM | NVARM_HCR_TRVM)
#define HCR_AT_BIT (1ull << 44) /* HCR_EL2.AT: AT S1E1* and S1E0* trap from EL1 */

/*
 * The hardware EL1 registers, with direct MRS/MSR: the world switch moves up to 19 of them
 * each way, and a lookup through the bare-metal shim's table costs tens of instructions
 * each. Each function below is one straight line over NVARM_EL1_REG_LIST (a register test, the
 * MRS or MSR, a store), not a loop through a switch: the world switch is the L0's hottest
 * path. A register added to NVARM_EL1_REG_LIST is added here by the list itself.
 */
#define ZCR_EL1	    s3_0_c1_c2_0  /* FEAT_SVE's name: assemblers want +sve for it */
#define SCXTNUM_EL1 s3_0_c13_c0_7 /* FEAT_CSV2_2's: +v8.5 */
#define SMCR_EL1    s3_0_c1_c2_6  /* FEAT_SME's: +sme */

/* Is register @p i in @p valid, a load's (nvarm_el1_regs::valid): a constant for those every load
 * gives (NVARM_EL1_VALID_ALWAYS), no test in the straight lines below. */
#define EL1_VALID(valid, i)                                                                        \
	(((NVARM_EL1_VALID_ALWAYS >> (i)) & 1) || ((valid) & (UINT32_C(1) << (i))))

/* (Set bits of hw->valid only: a one-register fold-back reads one.) */
static void hw_read(struct nvarm_el1_regs *hw)
{
	uint32_t m = hw->valid;

#define EL1_RD(n)                                                                                  \
	if (m & (UINT32_C(1) << NVARM_EL1_##n))                                                    \
		hw->r[NVARM_EL1_##n] = read_sysreg(n);
	NVARM_EL1_REG_LIST(EL1_RD)
#undef EL1_RD
}

/* One register (a trapped L1 access folds back the one EL1 register carrying it): a jump
 * on its index instead of hw_read's line of tests. */
static uint64_t hw_read_one(unsigned i)
{
	switch (i) {
#define EL1_RD1(n)                                                                                 \
	case NVARM_EL1_##n:                                                                        \
		return read_sysreg(n);
		NVARM_EL1_REG_LIST(EL1_RD1)
#undef EL1_RD1
	default:
		return 0;
	}
}

/* The EL1 registers whose write makes QEMU flush its whole TLB (SCTLR_EL1 when it changes,
 * TCR_EL1 always, TTBRn_EL1 when the ASID changes), the L0's own EL2 entries too. */
#define EL1_TLB_MASK                                                                               \
	((UINT32_C(1) << NVARM_EL1_SCTLR_EL1) | (UINT32_C(1) << NVARM_EL1_TCR_EL1) |               \
	 (UINT32_C(1) << NVARM_EL1_TTBR0_EL1) | (UINT32_C(1) << NVARM_EL1_TTBR1_EL1))

/*
 * Write the registers of @p d (a *_diff load's: those whose value changed) from @p src into
 * the hardware. Several of these registers make an emulator flush its TLB on any write (QEMU:
 * TCR_EL1), and each write costs it more than the comparison. Those of EL1_TLB_MASK come
 * last, one after the other, for the caller's HCR_EL2 to follow at once: after each flush
 * the L0 walks its own tables again for every page it touches.
 */
static void hw_write_diff(const struct nvarm_el1_regs *src, uint32_t d)
{
#define EL1_WR(n)                                                                                  \
	if (!(EL1_TLB_MASK & (UINT32_C(1) << NVARM_EL1_##n)) &&                                    \
	    (d & (UINT32_C(1) << NVARM_EL1_##n)))                                                  \
		write_sysreg(n, src->r[NVARM_EL1_##n]);
	NVARM_EL1_REG_LIST(EL1_WR)
#undef EL1_WR
	if (!(d & EL1_TLB_MASK))
		return;
	if (d & (UINT32_C(1) << NVARM_EL1_TTBR0_EL1))
		write_sysreg(ttbr0_el1, src->r[NVARM_EL1_TTBR0_EL1]);
	if (d & (UINT32_C(1) << NVARM_EL1_TTBR1_EL1))
		write_sysreg(ttbr1_el1, src->r[NVARM_EL1_TTBR1_EL1]);
	if (d & (UINT32_C(1) << NVARM_EL1_TCR_EL1))
		write_sysreg(tcr_el1, src->r[NVARM_EL1_TCR_EL1]);
	if (d & (UINT32_C(1) << NVARM_EL1_SCTLR_EL1))
		write_sysreg(sctlr_el1, src->r[NVARM_EL1_SCTLR_EL1]);
}

static void hw_write(const struct nvarm_el1_regs *hw)
{
	uint32_t m = hw->valid;

#define EL1_WR(n)                                                                                  \
	if (m & (UINT32_C(1) << NVARM_EL1_##n))                                                    \
		write_sysreg(n, hw->r[NVARM_EL1_##n]);
	NVARM_EL1_REG_LIST(EL1_WR)
#undef EL1_WR
}

/* hw_write, comparing each register with the hardware first (for registers L1 may have
 * changed without a trap since l1_hw was taken: a read costs an emulator less than a write). */
static void hw_write_changed(const struct nvarm_el1_regs *hw)
{
	uint32_t m = hw->valid;

#define EL1_WR(n)                                                                                  \
	if (m & (UINT32_C(1) << NVARM_EL1_##n))                                                    \
		write_sysreg_changed(n, hw->r[NVARM_EL1_##n]);
	NVARM_EL1_REG_LIST(EL1_WR)
#undef EL1_WR
}
#undef ZCR_EL1
#undef SCXTNUM_EL1
#undef SMCR_EL1

/* A trap began: L1 may have changed hardware EL1 registers since l1_hw was taken. */
void world_trap_entry(struct l0_vcpu *v)
{
	v->world.l1_hw_current = false;
	v->world.l2_hw_current = false;
	v->timer.fresh = false; /* (timer.c pull: the guest may have changed its timers) */
	v->world.e2h_followed = false;
}

static bool l1_load_hw(struct l0_vcpu *v, uint32_t d);

/* nvarm: the vEL2 shadow into the hardware, and L1's HCR_EL2. True when the shadow's
 * layout changed (L1's HCR_EL2.E2H: v->vhe follows; the caller tells the timers). */
bool world_l1_load(struct l0_vcpu *v)
{
	struct l0_world *w = &v->world;
	uint32_t d;

	/* Compared with what the hardware holds: L1's registers as last loaded or folded back
	 * (w->l1_hw is updated in place), or L2's as read at its exit (the
	 * world switch L2 -> L1: many are the same, e.g. MAIR, CONTEXTIDR, VPIDR for the usual
	 * L1). SP_EL1 is never in the vEL2 load (L1's own stack pointer, world_l1_sp_restore).
	 * Written below, before HCR_EL2: only those that changed. (After an E2H flip w->l1_hw
	 * holds the old layout's values: still what the hardware holds.) */
	if (nvarm_shadow_vel2_load_diff(&v->v2,
					w->l1_hw_current   ? &w->l1_hw
					: w->l2_hw_current ? &w->l2_hw
							   : NULL,
					&w->l1_hw, &d))
		panic("nvarm_shadow_vel2_load_diff");
	w->l1_exact = w->l1_hw.valid;
	w->l12_ok = false;
	return l1_load_hw(v, d);
}

/*
 * The rest of a vEL2 load, with w->l1_hw L1's registers and @p d those of them the hardware
 * does not hold: those written, the nesting bits of HCR_EL2 and CPTR_EL2, HCR_EL2.
 */
static bool l1_load_hw(struct l0_vcpu *v, uint32_t d)
{
	struct l0_world *w = &v->world;
	bool vhe;

	/* (the nesting bits follow the layout just loaded and the VM: computed once each) */
	unsigned l = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0;
	if (!((w->nest_ok >> l) & 1)) {
		uint64_t hid_set, hid_clr;

		(void)nvarm_shadow_cptr_hidden(&v->v2, false, &hid_set, &hid_clr);
		w->nest_hcr[l] = nvarm_shadow_hcr_bits(&v->v2);
		/* (L0 runs with E2H=0: its CPTR_EL2 in that layout; TZ/TSM for what L1 lacks) */
		w->nest_cptr_set[l] = hid_set | nvarm_shadow_cptr_bits(&v->v2);
		w->nest_cptr_clr[l] = NVARM_CPTR_TCPAC | hid_clr;
		w->nest_ok |= (uint8_t)(1u << l);
	}
	v->hcr = (v->hcr & ~HCR_NEST_BITS) | w->nest_hcr[l];
	/* L1's AT S1E1* and S1E0* at vEL2 translate its guest's EL1&0 regime unless its
	 * HCR_EL2.{E2H,TGE} is {1,1} (DDI 0487 C5.4.8-11), not the EL2 shadow the hardware
	 * holds (an L1 running guest hypervisors, nvarm.l1nv, also emulates their AT S1E2*
	 * with them): HCR_EL2.AT traps them to world_l1_at_s12. Under FEAT_NV2 L1 changes TGE
	 * without a trap, so they trap whatever its TGE, and world_l1_at_s12 looks. */
	v->hcr |= HCR_AT_BIT;
	uint64_t cptr = read_sysreg(cptr_el2),
		 cptr_l1 = (cptr & ~w->nest_cptr_clr[l]) | w->nest_cptr_set[l];
	if (cptr != cptr_l1)
		write_sysreg(cptr_el2, cptr_l1);
	hw_write_diff(&w->l1_hw, d);
	/* HCR_EL2 (computed above: nothing between the TLB-flushing writes) compared with the
	 * hardware too (QEMU takes its big lock and re-evaluates the virtual interrupt lines on
	 * every HCR_EL2 write; the hardware clears HCR_EL2.VSE itself: no copy of it is kept) */
	if (read_sysreg(hcr_el2) != v->hcr)
		write_sysreg(hcr_el2, v->hcr);
	w->l1_hw_current = true;
	w->l2_hw_current = false;
	w->e2h_followed = true;
	vhe = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0;
	isb();
	if (vhe == v->vhe)
		return false;
	con_printf("l0: L1 switched its vEL2 to %s (its HCR_EL2=0x%lx): HCR_EL2=0x%lx\n",
		   vhe ? "VHE" : "non-VHE", vel2_get(v, ENC_HCR_EL2), v->hcr);
	v->vhe = vhe;
	return true;
}

/*
 * world_l1_load() at the world switch from L2 (l2_leave, after nvarm_vel2_inject), from what
 * w->l1_hw kept of L1's registers while L2 ran: nvarm's file changed since L1's last load only
 * where the L0 saw it (the fold-backs, clearing w->l1_exact bits; the exception) or where
 * nvarm_shadow_vel2_volatile() says it may have (the VNCR page, L1's vEL1 registers L2's exit
 * saved). Those are loaded again (nvarm_shadow_vel2_load_some), the others kept: the same
 * values as the full load (tests/sysreg test_vel2_volatile), which recomputes all of them.
 * Compared with L2's registers, which the hardware holds. Anything else (another layout, no
 * L2 registers read) is world_l1_load().
 */
bool world_l1_load_kept(struct l0_vcpu *v, bool addr)
{
	/* (FAR_EL2 and HPFAR_EL2, the last two, only when the injection wrote them: @p addr) */
	static const unsigned written[] = {NVARM_SR_ELR_EL2, NVARM_SR_SPSR_EL2, NVARM_SR_ESR_EL2,
					   NVARM_SR_HCR_EL2, NVARM_SR_FAR_EL2,	NVARM_SR_HPFAR_EL2};
	struct l0_world *w = &v->world;
	unsigned l = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0, k = l * 2 + addr;
	struct nvarm_el1_regs hw; /* the registers of want only */
	uint32_t want, d = 0;

	if (!w->l2_hw_current)
		return world_l1_load(v);
	if (!((w->kept_ok >> k) & 1)) {
		uint32_t m = nvarm_shadow_vel2_volatile(&v->v2, l);

		for (unsigned i = 0; i < sizeof(written) / sizeof(written[0]) - (addr ? 0 : 2); i++)
			m |= nvarm_shadow_vel2_sources(l, written[i]);
		w->kept_reload[k] = m;
		w->kept_ok |= (uint8_t)(1u << k);
	}
	want = (~w->l1_exact | w->kept_reload[k]) & w->l1_hw.valid;
	if (nvarm_shadow_vel2_load_some(&v->v2, want, &hw))
		panic("nvarm_shadow_vel2_load_some");
	if (hw.flags != w->l1_hw.flags) /* L1 changed E2H (NV2: without a trap) */
		return world_l1_load(v);
	/* (compared with L2's on the way: world_l2_load's compare holds for the others) */
	const uint64_t *a = w->l1_hw.r, *b = w->l2_hw.r;
	for (uint32_t m = want; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);
		uint64_t x = hw.r[i];

		w->l1_hw.r[i] = x;
		d |= (uint32_t)(x != b[i]) << i;
	}
#ifdef L0_CHECK_KEPT
	{
		struct nvarm_el1_regs full;

		if (nvarm_shadow_vel2_load(&v->v2, &full))
			panic("nvarm_shadow_vel2_load");
		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
			if (((full.valid >> i) & 1) && full.r[i] != w->l1_hw.r[i]) {
				con_printf("l0: kept vEL2 load: EL1 register %u 0x%lx, load 0x%lx "
					   "(want 0x%x exact 0x%x)\n",
					   i, w->l1_hw.r[i], full.r[i], want, w->l1_exact);
				panic("world_l1_load_kept");
			}
	}
#endif
	/* the registers that differ from L2's in the hardware: those world_l2_load found
	 * differing, compared again only where L1's value was reloaded or L2's changed */
	if (w->l12_ok) {
		d |= w->l12_neq & ~(want | w->l2_chg);
		for (uint32_t m = w->l2_chg & ~want; m; m &= m - 1) {
			unsigned i = (unsigned)__builtin_ctz(m);

			d |= (uint32_t)(a[i] != b[i]) << i;
		}
	} else {
		d = 0;
#pragma GCC unroll 32
		for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
			d |= (uint32_t)(a[i] != b[i]) << i;
	}
#ifdef L0_CHECK_KEPT
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if (((w->l1_hw.valid & w->l2_hw.valid) >> i) & 1 &&
		    ((d >> i) & 1) != (a[i] != b[i]))
			panic("world_l1_load_kept: kept compare");
#endif
	w->l12_ok = false;
	d = (d | ~w->l2_hw.valid) & w->l1_hw.valid;
	w->l1_exact = w->l1_hw.valid;
	return l1_load_hw(v, d);
}

/* nvarm_shadow_vel2_hw_volatile()'s two usual answers, world_l1_sync's constant lines (any
 * other mask takes the general one): a non-VHE L1 under FEAT_NV2, the registers an exception
 * taken at its vEL2 writes; a VHE L1 or FEAT_NV alone, all but the hardware EL2 ones */
#define SYNC_EXC_ONLY                                                                              \
	((UINT32_C(1) << NVARM_EL1_ELR_EL1) | (UINT32_C(1) << NVARM_EL1_SPSR_EL1) |                \
	 (UINT32_C(1) << NVARM_EL1_ESR_EL1) | (UINT32_C(1) << NVARM_EL1_FAR_EL1) |                 \
	 (UINT32_C(1) << NVARM_EL1_AFSR0_EL1) | (UINT32_C(1) << NVARM_EL1_AFSR1_EL1))
#define SYNC_ALL_EL1                                                                               \
	(((UINT32_C(1) << NVARM_EL1__COUNT) - 1) & ~(UINT32_C(1) << NVARM_EL1_VPIDR_EL2) &         \
	 ~(UINT32_C(1) << NVARM_EL1_VMPIDR_EL2))

/*
 * nvarm: fold what L1 changed in the hardware EL1 registers back into the vEL2 file. Only
 * the registers that differ from w->l1_hw: it holds what the hardware held at the last load
 * or fold-back, and the file matches it then (nvarm_shadow_vel2_save of an unchanged value
 * changes nothing; L0's own writes of a mirrored register are followed by a load), as in
 * world_l1_sync_reg.
 */
void world_l1_sync(struct l0_vcpu *v)
{
	struct l0_world *w = &v->world;
	struct nvarm_el1_regs hw; /* the flags and the registers of hw.valid only */
	uint32_t changed = 0;

	/* NV2: L1's stores to the VNCR page bypassed nvarm's RES0/RES1 masks (E2H among them:
	 * follow_e2h looks again) */
	if (v->vm->mode == MODE_NV2 && nvarm_vel2_sanitise(&v->v2) < 0)
		panic("nvarm_vel2_sanitise");
	w->e2h_followed = false;
	w->l12_ok = false;
	hw.flags = w->l1_hw.flags;
	/* Only the registers L1 can change without a trap (nvarm_shadow_vel2_hw_volatile: the
	 * others hold what w->l1_hw says); a constant per layout. One straight line, as hw_read:
	 * each such valid register read, compared and kept; for a non-VHE L1 under NV2 (the
	 * exception registers alone) a line of constant tests. */
	unsigned l = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0;
	uint32_t vol = w->sync_vol[l];

	if (NVARM_UNLIKELY(!vol))
		vol = w->sync_vol[l] = nvarm_shadow_vel2_hw_volatile(&v->v2, l);
#define ZCR_EL1	    s3_0_c1_c2_0
#define SCXTNUM_EL1 s3_0_c13_c0_7
#define SMCR_EL1    s3_0_c1_c2_6
#define EL1_CMP(n)                                                                                 \
	if (((SYNC_MASK) >> NVARM_EL1_##n & 1) && EL1_VALID(w->l1_hw.valid, NVARM_EL1_##n)) {      \
		uint64_t x = read_sysreg(n);                                                       \
                                                                                                   \
		if (x != w->l1_hw.r[NVARM_EL1_##n]) {                                              \
			changed |= UINT32_C(1) << NVARM_EL1_##n;                                   \
			hw.r[NVARM_EL1_##n] = w->l1_hw.r[NVARM_EL1_##n] = x;                       \
		}                                                                                  \
	}
	if (vol == SYNC_EXC_ONLY) {
#define SYNC_MASK SYNC_EXC_ONLY
		NVARM_EL1_REG_LIST(EL1_CMP)
#undef SYNC_MASK
	} else if (vol == SYNC_ALL_EL1) {
#define SYNC_MASK SYNC_ALL_EL1
		NVARM_EL1_REG_LIST(EL1_CMP)
#undef SYNC_MASK
	} else {
#define SYNC_MASK vol
		NVARM_EL1_REG_LIST(EL1_CMP)
#undef SYNC_MASK
	}
#undef EL1_CMP
#undef ZCR_EL1
#undef SCXTNUM_EL1
#undef SMCR_EL1
	hw.valid = changed;
	w->l1_exact &= ~changed;
	if (changed && nvarm_shadow_vel2_save(&v->v2, &hw))
		panic("nvarm_shadow_vel2_save");
	w->l1_hw_current = true;
}

/* Load into the hardware only the EL1 registers carrying the given EL2 registers (after
 * nvarm changed just those in the file, e.g. nvarm_vel2_inject() within vEL2). @p src_cache
 * (two words, zero at first) keeps their EL1 registers per layout (nvarm_shadow_vel2_sources
 * is a search; the list is the caller's constant). True, as for world_l1_load, when the
 * layout changed and everything was loaded. */
bool world_l1_load_regs(struct l0_vcpu *v, const unsigned *regs, unsigned n, uint32_t *src_cache)
{
	struct l0_world *w = &v->world;
	struct nvarm_el1_regs hw;
	bool vhe = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0;
	uint32_t src = src_cache[vhe];

	if (!src) {
		for (unsigned i = 0; i < n; i++)
			src |= nvarm_shadow_vel2_sources(vhe, regs[i]);
		src_cache[vhe] = src;
	}
	if (nvarm_shadow_vel2_load_some(&v->v2, src, &hw))
		panic("nvarm_shadow_vel2_load_some");
	if (hw.flags != w->l1_hw.flags) /* the layout changed (an E2H flip under NV2): all */
		return world_l1_load(v);
	hw_write_changed(&hw); /* e.g. an HVC at the same place as the last one: the same ELR */
	w->l2_hw_current = false;
	w->l12_ok = false;
	for (uint32_t m = hw.valid; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);

		w->l1_hw.r[i] = hw.r[i];
	}
	w->l1_exact |= hw.valid;
	return false;
}

/* nvarm_shadow_vel2_sources() (in the loaded layout) and nvarm_shadow_needs_sync() of @p reg,
 * remembered: both are searches, and L1 traps on the same few registers. */
static __attribute__((__noinline__)) void src_memo_fill(struct l0_src_memo *memo, unsigned reg,
							bool vhe)
{
	memo->reg = (uint16_t)(reg + 1);
	memo->vhe = vhe;
	memo->src = nvarm_shadow_vel2_sources(vhe, reg);
	memo->needs_sync = nvarm_shadow_needs_sync(reg);
	memo->one = memo->src && !(memo->src & (memo->src - 1)) && reg != NVARM_SR_HCR_EL2
			? (uint8_t)(__builtin_ctz(memo->src) + 1)
			: 0;
}

static inline const struct l0_src_memo *src_memo(struct l0_world *w, unsigned reg)
{
	bool vhe = (w->l1_hw.flags & NVARM_EL1F_VHE) != 0;
	struct l0_src_memo *memo = &w->src_memo[reg % L0_SRC_MEMO];

	if (NVARM_UNLIKELY(memo->reg != reg + 1 || memo->vhe != vhe))
		src_memo_fill(memo, reg, vhe);
	return memo;
}

/* sync_reg_src() of a register one EL1 register carries (memo->one): that register read,
 * and folded back only if L1 changed it. */
static inline bool sync_one(struct l0_vcpu *v, const struct l0_src_memo *m)
{
	struct l0_world *w = &v->world;
	unsigned i = m->one - 1u;
	uint64_t x;

	if (!((w->l1_hw.valid >> i) & 1))
		return false;
	x = hw_read_one(i);
	if (x != w->l1_hw.r[i]) {
		struct nvarm_el1_regs hw; /* the flags and register i only */

		hw.flags = w->l1_hw.flags;
		hw.valid = UINT32_C(1) << i;
		hw.r[i] = w->l1_hw.r[i] = x;
		w->l1_exact &= ~hw.valid;
		if (nvarm_shadow_vel2_save(&v->v2, &hw))
			panic("nvarm_shadow_vel2_save");
	}
	return true;
}

/*
 * Fast path for L1 reading one mirrored EL2 register: fold back only the hardware EL1
 * registers that carry it (nvarm_shadow_vel2_sources). False when that cannot stand for a
 * full world_l1_sync() (not an EL2 register with rows in the loaded layout).
 */
static bool sync_reg_src(struct l0_vcpu *v, unsigned reg, uint32_t src)
{
	struct l0_world *w = &v->world;
	struct nvarm_el1_regs hw; /* only the flags and the registers of src: no struct copy */
	bool same = true;

	if (!src || reg == NVARM_SR_HCR_EL2 || (src & ~w->l1_hw.valid))
		return false;
	hw.flags = w->l1_hw.flags;
	hw.valid = src;
	if (src & (src - 1))
		hw_read(&hw); /* nvarm_shadow_vel2_save reads r[i] of the valid registers only */
	else
		hw.r[__builtin_ctz(src)] = hw_read_one((unsigned)__builtin_ctz(src));
	/* w->l1_hw holds what the hardware held at the last load or fold-back, and the file
	 * matches it: registers L1 left as they were need no fold-back */
	for (uint32_t m = src; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);

		if (hw.r[i] != w->l1_hw.r[i]) {
			same = false;
			w->l1_exact &= ~(UINT32_C(1) << i);
		}
		w->l1_hw.r[i] = hw.r[i];
	}
	if (!same && nvarm_shadow_vel2_save(&v->v2, &hw))
		panic("nvarm_shadow_vel2_save");
	return true;
}

bool world_l1_sync_reg(struct l0_vcpu *v, unsigned reg)
{
	const struct l0_src_memo *m = src_memo(&v->world, reg);

	if (m->one)
		return sync_one(v, m);
	return sync_reg_src(v, reg, m->src);
}

/*
 * Before L1's trapped access to @p reg is emulated (trap.c): what L1 changed in the hardware
 * EL1 shadow, if the access needs it (nvarm_shadow_needs_sync). An access to a mirrored
 * register other than HCR_EL2 folds back its own rows only: a read needs no more, nor does a
 * write (nvarm_sysreg_emulate compares the register's old and new value) unless it makes the
 * shadow stale (NVARM_EMUL_RELOAD): true then, and the caller folds back the rest before it
 * loads the shadow again (world_l1_sync: the rows folded back here compare equal). One memo
 * lookup for both questions.
 */
bool world_l1_sync_for(struct l0_vcpu *v, unsigned reg)
{
	const struct l0_src_memo *m = src_memo(&v->world, reg);

	if (!m->needs_sync)
		return false;
	if (m->one ? sync_one(v, m) : sync_reg_src(v, reg, m->src))
		return true;
	world_l1_sync(v);
	return false;
}

/* L1 -> L2 (switch.c): L1's own stack pointer (its SP_EL2, the hardware SP_EL1) aside, L2's
 * EL1 registers (nvarm_shadow_vel1_load_diff: L1's virtual EL1 registers) into
 * v->world.l2_hw and the hardware. */
void world_l2_load(struct l0_vcpu *v)
{
	struct l0_world *w = &v->world;
	uint32_t d;

	w->l1_sp = read_sysreg(sp_el1); /* direct: the shim's lookup costs tens of instructions */
	/* (CPTR_EL2 is L2's from route_hw_load: no TCPAC of the vEL2 shadow stays) */
	/* only what differs from L1's registers, which the hardware holds after the fold-back
	 * of L1's ERET (l1_eret: world_l1_sync) */
	if (nvarm_shadow_vel1_load_diff(&v->v2, w->l1_hw_current ? &w->l1_hw : NULL, &w->l2_hw, &d))
		panic("nvarm_shadow_vel1_load_diff");
	hw_write_diff(&w->l2_hw, d);
	/* (d compared the registers valid in both with L1's: world_l1_load_kept's start) */
	w->l12_neq = d;
	w->l2_chg = 0;
	w->l12_ok = w->l1_hw_current;
	w->l1_hw_current = false;
	w->l2_hw_current = true;
}

/*
 * L2 -> L1: L2's EL1 registers from the hardware into v->world.l2_hw, and in *chg those L2
 * changed: those whose value differs from what world_l2_load() loaded (nvarm's vEL1 file
 * then, which nothing changes while L2 runs). nvarm_shadow_vel1_save() (switch.c) is given
 * only those: it would compare every register with the file otherwise. One straight line,
 * as hw_read.
 */
void world_l2_read(struct l0_vcpu *v, struct nvarm_el1_regs *chg)
{
	struct nvarm_el1_regs *h = &v->world.l2_hw;
	uint32_t m, c = 0;

	/* (h as an opaque base: otherwise the compiler may re-derive it from v in every line,
	 * an extra instruction per register at some offsets of l2_hw within struct l0_vcpu) */
	__asm__("" : "+r"(h));
	m = h->valid;

#define ZCR_EL1	    s3_0_c1_c2_0
#define SCXTNUM_EL1 s3_0_c13_c0_7
#define SMCR_EL1    s3_0_c1_c2_6
	/* (not VPIDR_EL2/VMPIDR_EL2: hardware EL2 registers, L2 cannot change them) */
#define EL1_RDC(n)                                                                                 \
	if ((SYNC_ALL_EL1 >> NVARM_EL1_##n & 1) && EL1_VALID(m, NVARM_EL1_##n)) {                  \
		uint64_t x = read_sysreg(n);                                                       \
                                                                                                   \
		if (x != h->r[NVARM_EL1_##n]) {                                                    \
			c |= UINT32_C(1) << NVARM_EL1_##n;                                         \
			chg->r[NVARM_EL1_##n] = h->r[NVARM_EL1_##n] = x;                           \
		}                                                                                  \
	}
	NVARM_EL1_REG_LIST(EL1_RDC)
#undef EL1_RDC
#undef ZCR_EL1
#undef SCXTNUM_EL1
#undef SMCR_EL1
	chg->valid = c;
	v->world.l2_chg |= c;
	chg->flags = h->flags;
	v->world.l2_hw_current = true;
}

/* L2 -> L1: L1's stack pointer back (after nvarm_shadow_vel1_save()). */
void world_l1_sp_restore(struct l0_vcpu *v)
{
	write_sysreg(sp_el1, v->world.l1_sp);
	/* the hardware no longer holds L2's SP_EL1 (world_l1_load compares with l2_hw) */
	v->world.l2_hw.valid &= ~(UINT32_C(1) << NVARM_EL1_SP_EL1);
}

/*
 * L1's TLB maintenance of its own EL2 stage-1 regime, which the hardware EL1&0 regime
 * holds under L1's VMID (VTTBR_EL2 while L1 runs). nvarm's shadow stage-2 ignores these
 * (nvarm_s2mmu_tlbi returns 0): L0 invalidates the hardware entries. Which TLBIs those are
 * (ALLE2, VAE2, VALE2, RVAE2, RVALE2 in all their IS/OS/nXS forms) is their kind in nvarm's
 * register database.
 */
void world_l1_tlbi(struct l0_vcpu *v, uint32_t enc)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_sysreg_lookup(enc));

	if (!d || NVARM_SRF_TLBI_KIND_OF(d->flags) != NVARM_TLBI_EL2)
		return;
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
	v->st.vel2_tlbi++;
}

/*
 * L1's AT S1E2R/S1E2W (op1=4, CRn=7, CRm=8, Op2 0/1; they trap under NV and NV2): its EL2
 * stage-1 is the hardware EL1&0 regime under L1's VMID, so AT S1E1R/W executed here gives
 * the architectural answer in PAR_EL1, which L1 reads without trapping (a hardware-only
 * register). AT S12E* (L2's two stages): world_l1_at_s12.
 */
bool world_l1_at(uint32_t enc, uint64_t va)
{
	if (NVARM_SYSREG_OP1(enc) != 4 || NVARM_SYSREG_CRN(enc) != 7 ||
	    NVARM_SYSREG_CRM(enc) != 8 || NVARM_SYSREG_OP2(enc) > 1)
		return false;
	if (NVARM_SYSREG_OP2(enc) == 0)
		__asm__ volatile("at s1e1r, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s1e1w, %0" ::"r"(va) : "memory");
	isb();
	return true;
}

/*
 * L1's AT S12E1R/W and S12E0R/W (op1=4, CRn=7, CRm=8, Op2 4..7; they trap under NV and
 * NV2): the two stages of L1's guest, as a hypervisor uses them to read its guest's
 * memory by virtual address (Xen's copy_from_guest). L0 loads L2's EL1 context (nvarm's
 * vEL1 file) and the shadow stage-2 of L1's VTTBR_EL2 into the hardware and executes the
 * same AT there: the PA it gives is the L1 IPA, L0's stage-2 for L1 being the identity. A
 * stage-2 fault there may only mean the shadow is not filled yet: then AT S1E1* gives L2's
 * IPA and nvarm_s2mmu_translate() L1's own stage-2 answer (its fault, reported with PAR_EL1.S
 * and the FSC nvarm would inject for an abort).
 * PAR_EL1 is a hardware-only register L1 reads without trapping.
 */
#define PAR_F	    1ull
#define PAR_S	    (1ull << 9)
#define PAR_PA(par) ((par)&0x0000fffffffff000ull)

static uint64_t at_s1(unsigned op2, uint64_t va)
{
	if (op2 == 4) /* S12E1R -> S1E1R */
		__asm__ volatile("at s1e1r, %0" ::"r"(va) : "memory");
	else if (op2 == 5)
		__asm__ volatile("at s1e1w, %0" ::"r"(va) : "memory");
	else if (op2 == 6)
		__asm__ volatile("at s1e0r, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s1e0w, %0" ::"r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

static uint64_t at_s12(unsigned op2, uint64_t va)
{
	if (op2 == 4)
		__asm__ volatile("at s12e1r, %0" ::"r"(va) : "memory");
	else if (op2 == 5)
		__asm__ volatile("at s12e1w, %0" ::"r"(va) : "memory");
	else if (op2 == 6)
		__asm__ volatile("at s12e0r, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s12e0w, %0" ::"r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

/*
 * L1's AT S12E* for L2 runs on the hardware through the shadow stage-2, which may not hold
 * L2's stage-1 table pages yet (L2 never walked them): the walk would then fail on the
 * shadow (PAR_EL1 S=1 PTW=1) where L1's stage 2 maps them. Put the table pages of @p va's
 * walk into the shadow first (nvarm_s2mmu_handle_fault with a stage-1-walk fault), reading
 * each descriptor through L1's stage 2 (nvarm_s2mmu_translate). AArch64.S1Walk: TTBR0/1 by
 * VA[55], TnSZ, TGn, start level from the input size (DDI 0487 D8.2), little-endian tables.
 * Returns 0, or the FST of L1's own stage-2 fault on a table page (the AT's answer then:
 * PAR_EL1 F=1 S=1 PTW=1 with that FST).
 */
static unsigned at_prefault_s1(struct l0_vm *vm, const struct nvarm_el1_regs *l2,
			       const struct nvarm_s2mmu_l1_regs *l1, int mmu, uint64_t va)
{
	uint64_t tcr = l2->r[NVARM_EL1_TCR_EL1];
	bool hi = (va >> 55) & 1;
	uint64_t ttbr = l2->r[hi ? NVARM_EL1_TTBR1_EL1 : NVARM_EL1_TTBR0_EL1];
	unsigned tsz = hi ? FIELD(tcr, 21, 16) : FIELD(tcr, 5, 0);
	unsigned tg = hi ? FIELD(tcr, 31, 30) : FIELD(tcr, 15, 14);
	/* TG0: 0 4K, 1 64K, 2 16K; TG1: 1 16K, 2 4K, 3 64K */
	unsigned gshift = hi ? (tg == 1	  ? 14
				: tg == 3 ? 16
					  : 12)
			     : (tg == 1	  ? 16
				: tg == 2 ? 14
					  : 12);
	unsigned stride = gshift - 3, ia = 64 - tsz;
	uint64_t table;
	int level;

	if (!(l2->r[NVARM_EL1_SCTLR_EL1] & 1) || ia <= gshift || ia > 48)
		return 0; /* stage 1 off (no walk), or a size this L0 does not model */
	level = 4 - (int)((ia - gshift + stride - 1) / stride);
	table = ttbr & 0x0000fffffffffffeull & ~((1ull << 6) - 1);
	for (int n = 0; level <= 3 && n < 4; level++, n++) {
		unsigned shift = gshift + (unsigned)(3 - level) * stride;
		unsigned bits = ia - shift < stride ? ia - shift : stride;
		uint64_t dipa = table + ((va >> shift) & ((1ull << bits) - 1)) * 8, desc;
		struct nvarm_s2mmu_fault in = {
		    .esr = (0x24ull << 26) | (1ull << 25) | NVARM_ISS_DABT_S1PTW | 0x07,
		    .far = va,
		    .hpfar = (dipa >> 12) << 4,
		};
		struct nvarm_s2mmu_result r;
		struct nvarm_s2mmu_translation t;

		if (nvarm_s2mmu_handle_fault(&vm->s2mmu, mmu, &in, &r) < 0)
			return 0;
		if (r.action == NVARM_S2MMU_INJECT)
			return (unsigned)(r.esr_el2 & 0x3f);
		if (nvarm_s2mmu_translate(&vm->s2mmu, l1, nvarm_ipa2(dipa), NVARM_S2_ACC_R, &t) ||
		    t.fault || !l1_ram(vm, t.ipa1.v, 8))
			return 0;
		desc = *(volatile uint64_t *)(uintptr_t)t.ipa1.v;
		if ((desc & 3) != 3 || level == 3)
			return 0; /* invalid, block or page: the walk ends here */
		table = desc & 0x0000fffffffff000ull & ~((1ull << gshift) - 1);
	}
	return 0;
}

bool world_l1_at_s12(struct l0_vcpu *v, uint32_t enc, uint64_t va)
{
	struct l0_vm *vm = v->vm;
	unsigned op2 = NVARM_SYSREG_OP2(enc);
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw;
	struct nvarm_el1_regs l2;
	uint64_t par, sp;
	int mmu = -1;
	unsigned walk_fst = 0;
	bool s2;

	/* L1's own AT S1E1{R,W}, S1E0{R,W} (op1 0, CRm 8; trapped by HCR_EL2.AT) and S1E1RP/WP
	 * (CRm 9, PAN not modelled: as S1E1R/W): stage 1 of its guest's regime only, whose table
	 * walks go through L1's stage 2 (the shadow here, prefaulted), its output an L2 IPA. */
	bool s1_only =
	    NVARM_SYSREG_OP1(enc) == 0 && NVARM_SYSREG_CRN(enc) == 7 &&
	    ((NVARM_SYSREG_CRM(enc) == 8 && op2 < 4) || (NVARM_SYSREG_CRM(enc) == 9 && op2 < 2));

	uint64_t vh = vel2_get(v, ENC_HCR_EL2);
	bool tge = (vh & NVARM_HCR_EL2_TGE) != 0, host = tge && (vh & NVARM_HCR_EL2_E2H);

	if (s1_only)
		op2 += 4; /* the S12E* numbering at_s1 takes */
	else if (NVARM_SYSREG_OP1(enc) != 4 || NVARM_SYSREG_CRN(enc) != 7 ||
		 NVARM_SYSREG_CRM(enc) != 8 || op2 < 4)
		return false;
	v->st.at_s12++;
	/* {E2H,TGE} = {1,1}: S1E1*, S1E0* and S12E0* (ELIsInHost(EL0): stage 1 only) name L1's
	 * own EL2&0 regime (DDI 0487 C5.4), which is the hardware EL1&0 regime under L1's
	 * shadow (as loaded, or as L1 changed it since): the hardware answers as it is */
	if (host && (s1_only || op2 >= 6)) {
		(void)at_s1(op2, va);
		return true;
	}
	world_l1_sync(v);
	l1_s2_regs(v, &l1);
	/* S12E1* with {E2H,TGE} = {1,1}: the Effective HCR_EL2.VM and DC are 0 (D24.2) */
	s2 = l1.vm && !host;
	if (nvarm_bm_sysreg_read(ENC_SP_EL1, &sp) || nvarm_shadow_vel1_load(&v->v2, &l2))
		panic("nvarm_shadow_vel1_load");
	/* HCR_EL2.TGE=1: SCTLR_EL1.M is treated as 0 for all purposes but a direct read (D24.2
	 * HCR_EL2.TGE): L2's stage 1 is off for the AT */
	if (tge)
		l2.r[NVARM_EL1_SCTLR_EL1] &= ~(uint64_t)1;
	hw_write(&l2);
	v->world.l1_hw_current = false;
	v->world.l2_hw_current = false;
	/* both stages off: the VA itself, with the attributes of stage 1 off; the hardware's
	 * stage 2 (L1's IPA space) off too for the AT, which reads no table */
	if (host) {
		write_sysreg(hcr_el2, v->hcr & ~HCR_NEST_BITS & ~HCR_DC & ~HCR_VM);
		isb();
		par = at_s12(op2, va);
		goto done;
	}
	/* the translation regime L1 asks about: its guest's, with L1's HCR_EL2.DC (stage 1
	 * off = Normal write-back) */
	write_sysreg(hcr_el2, (v->hcr & ~HCR_NEST_BITS & ~HCR_DC) |
				  (vel2_get(v, ENC_HCR_EL2) & HCR_DC) |
				  (vm->host_fwb ? vel2_get(v, ENC_HCR_EL2) & HCR_FWB
						: 0)); /* shadow layout */
	if (s2 && (mmu = nvarm_s2mmu_get_running(&vm->s2mmu, &l1, &hw)) >= 0) {
		write_sysreg(vtcr_el2, hw.vtcr);
		write_sysreg(vttbr_el2, hw.vttbr);
		walk_fst = at_prefault_s1(vm, &l2, &l1, mmu, va);
	}
	isb();
	par = s1_only ? at_s1(op2, va) : at_s12(op2, va);
	if (walk_fst) /* L1's stage 2 faults on a stage-1 table page */
		par = PAR_F | PAR_S | (1ull << 8) /* PTW */ | (uint64_t)walk_fst << 1;
	if (s1_only) {
		/* stage 1 only: the answer as it is */
	} else if (!walk_fst && (par & PAR_F) && (par & PAR_S) && mmu >= 0) {
		/* The final L2 IPA is not in the shadow yet: fault it in (as L2's access would)
		 * and let the hardware translate again, combining the attributes of both stages
		 * itself; L1's own stage-2 fault is the answer otherwise. */
		uint64_t p1 = at_s1(op2, va);

		if (!(p1 & PAR_F)) {
			uint64_t ipa2 = PAR_PA(p1) | (va & 0xfff);
			struct nvarm_s2mmu_fault in = {
			    .esr =
				(0x24ull << 26) | (1ull << 25) | ((op2 & 1) ? 1ull << 6 : 0) | 0x07,
			    .far = va,
			    .hpfar = (ipa2 >> 12) << 4,
			    .l2_el0 = op2 >= 6,
			};
			struct nvarm_s2mmu_result r;

			v->st.at_s12_walks++;
			if (nvarm_s2mmu_handle_fault(&vm->s2mmu, mmu, &in, &r) == 0) {
				if (r.action == NVARM_S2MMU_INSTALLED)
					par = at_s12(op2, va);
				else if (r.action == NVARM_S2MMU_INJECT)
					par = PAR_F | PAR_S | (r.esr_el2 & 0x3f) << 1;
			}
		} else {
			par = p1; /* L2's own stage-1 fault */
		}
	} else if (!walk_fst && (par & PAR_F) && (par & PAR_S)) {
		par = at_s1(op2, va);
		if (!(par & PAR_F) && s2) {
			struct nvarm_s2mmu_translation t;
			unsigned acc = (op2 & 1) ? NVARM_S2_ACC_W : NVARM_S2_ACC_R;
			uint64_t ipa2 = PAR_PA(par) | (va & 0xfff);

			if (nvarm_s2mmu_translate(&vm->s2mmu, &l1, nvarm_ipa2(ipa2), acc, &t))
				panic("nvarm_s2mmu_translate failed");
			v->st.at_s12_walks++;
			if (t.fault) /* L1's own stage-2 fault: PAR_EL1.FST = the ISS FSC */
				par = PAR_F | PAR_S | (uint64_t)t.fsc << 1;
			else
				par = (par & ~PAR_PA(~0ull)) | PAR_PA(t.ipa1.v);
		}
	}
	if (mmu >= 0)
		nvarm_s2mmu_set_running(&vm->s2mmu, mmu, false);
done:
	write_sysreg(vtcr_el2, v->vm->vtcr);
	write_sysreg(vttbr_el2, l1_vttbr(vm));
	world_l1_load(v); /* L1's vEL2 shadow and HCR_EL2 again (layout unchanged), its SP */
	if (nvarm_bm_sysreg_write(ENC_SP_EL1, sp))
		panic("SP_EL1");
	write_sysreg(par_el1, par);
	isb();
	return true;
}
