// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Nested entry/exit: running L1's virtual list registers on the hardware for L2.
 *
 * Design: virtual LR n of L1 always runs in hardware LR n (nr_lr <= hardware LRs, checked
 * at init). With that identity mapping the hardware applies to L2's acknowledges, EOIs
 * and deactivations exactly the rules L1 would see: the same LR matches an EOI, the same
 * "no LR found" increments EOIcount, and the APRs/VMCR are L1's own values. Only the
 * State field can change while L2 runs, so exit copies State back and keeps every other
 * field exactly as L1 wrote it (the HW/pINTID translation below never leaks into L1's
 * view).
 *
 * HW = 1 translation (IHI 0069 ICH_LR<n>_EL2.HW): L1's pINTID is an interrupt of L1's
 * world. Backed by real INTID R (nvarm_platform_ops::l1_intid_to_hw) -> hardware HW = 1,
 * pINTID = R, and L2's deactivation reaches R directly. Not backed -> HW = 0 with EOI = 1:
 * the deactivation shows up as an invalid LR (plus a maintenance interrupt that makes L2
 * exit) and exit reports it so L0 deactivates the interrupt in L1's distributor state.
 * A pINTID outside the physical ranges never reaches the callback and runs as a plain
 * HW = 0 interrupt: nothing outside L1's own LR is touched.
 *
 * Invariants: between entry and exit cpu->where == VGIC_HW_L2, l2_orig[n] holds the masked
 * value of L1's LR n for every bit n of l2_loaded, and hw_used covers every hardware LR
 * that may be non-zero.
 *
 * Locking: none (per-vCPU).
 */
#include "vgic_internal.h"

/* The hardware LR value that runs L1's (masked, valid) LR @lr for L2 (kept out of line:
 * it is the rare path, and inlining it costs the hot loop registers). */
__attribute__((__noinline__)) static uint64_t vgic_translate(const struct nvarm_vgic_cpu *cpu,
							     uint64_t lr, bool *fwd)
{
	const struct nvarm_platform_ops *ops = cpu->ops;
	uint32_t pint, real;
	uint64_t hw;

	*fwd = false;
	if (!(lr & NVARM_ICH_LR_HW))
		return lr;
	pint = (uint32_t)NVARM_FIELD_GET(lr, 44, 32);
	hw = lr & ~(NVARM_ICH_LR_HW | NVARM_ICH_LR_PINTID_MASK);
	if (!nvarm__vgic_intid_is_phys(pint))
		return hw; /* SGI/special/out of range: UNPREDICTABLE for L1, inert here */
	*fwd = true;
	if (ops->l1_intid_to_hw && ops->l1_intid_to_hw(ops->ctx, pint, &real) == NVARM_OK &&
	    nvarm__vgic_intid_is_phys(real))
		return hw | NVARM_ICH_LR_HW | ((uint64_t)real << NVARM_ICH_LR_PINTID_SHIFT);
	return hw | NVARM_ICH_LR_EOI;
}

/* Are L1's registers exactly what the last exit left (so the hardware still matches)? */
static bool vgic_l2_unchanged(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	uint64_t diff = (v->hcr ^ cpu->l2_vhcr) | (v->vmcr ^ cpu->l2_hw_vmcr_v);

	for (unsigned n = 0; n < cpu->nr_lr; n++)
		diff |= v->lr[n] ^ cpu->l2_orig[n];
	for (unsigned n = 0; n < cpu->nr_apr; n++)
		diff |= (v->ap0r[n] ^ cpu->l2_icv.ap0r[n]) | (v->ap1r[n] ^ cpu->l2_icv.ap1r[n]);
	return diff == 0;
}

/* The writes vgic_entry_icv() found necessary: @w bit n ICH_AP0R<n>_EL2, bit 4 + n
 * ICH_AP1R<n>_EL2 (values in @v), bit 8 ICH_VMCR_EL2 (@v), bit 9 ICH_HCR_EL2 (@hcr). */
static inline __attribute__((__always_inline__)) void
vgic_entry_icv_write(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v,
		     uint32_t w, uint64_t hcr)
{
	void (*wr)(void *, uint32_t, uint64_t) = cpu->ops->hw_write;
	void *ctx = cpu->ops->ctx;

	for (uint32_t m = w & 0xffu; m; m &= m - 1) {
		unsigned n = (unsigned)__builtin_ctz(m);

		if (n < 4)
			wr(ctx, NVARM_ENC_ICH_AP0R(n), v->ap0r[n]);
		else
			wr(ctx, NVARM_ENC_ICH_AP1R(n - 4), v->ap1r[n - 4]);
	}
	if (w & 0x100u)
		wr(ctx, NVARM_ENC_ICH_VMCR, v->vmcr);
	if (w & 0x200u)
		wr(ctx, NVARM_ENC_ICH_HCR, hcr);
}

/* The same out of line (the fast path: its common case writes nothing but ICH_HCR_EL2). */
__attribute__((__noinline__)) static void
vgic_entry_icv_write_ool(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v,
			 uint32_t w, uint64_t hcr)
{
	vgic_entry_icv_write(cpu, v, w, hcr);
}

/*
 * The rest of an entry once the list registers are in: L1's APRs, ICH_VMCR_EL2 and ICH_HCR_EL2
 * (masked in @v) for L2, each written only when it differs from what the hardware holds: L1's
 * ICV values read at this entry, or (@parked) L2's read at the last exit with ICH_HCR_EL2 0. An
 * emulator re-evaluates the virtual interface on every ICH_* write, and L1 and L2 often run
 * with the same VMCR and no active priorities; from L1, the hardware ICH_HCR_EL2 is L1's with
 * its own EOIcount (read at this entry), so a write of the same value is left out too. The
 * VMCR is sanitised again only when L1 changed it: the sanitising is idempotent, so a value
 * equal to the last result (l2_vmcr) is its own result.
 */
static inline __attribute__((__always_inline__)) void
vgic_entry_icv(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v, bool parked, bool ool)
{
	const struct nvarm_vgic_icv *hw = parked ? &cpu->l2_icv : &cpu->l1_icv;
	const uint64_t am = cpu->apr_mask;
	unsigned napr = cpu->nr_apr;
	uint64_t hcr, vmcr = v->vmcr;
	uint32_t w;

	/* (the first pair apart: every CPU interface has it, most have no other) */
	v->ap0r[0] &= am;
	v->ap1r[0] &= am;
	w = (uint32_t)(v->ap0r[0] != hw->ap0r[0]) | (uint32_t)(v->ap1r[0] != hw->ap1r[0]) << 4;
	for (unsigned n = 1; n < napr; n++) {
		uint64_t a0 = v->ap0r[n] & am, a1 = v->ap1r[n] & am;

		v->ap0r[n] = a0;
		v->ap1r[n] = a1;
		w |= (uint32_t)(a0 != hw->ap0r[n]) << n | (uint32_t)(a1 != hw->ap1r[n]) << (n + 4);
	}
	if (NVARM_UNLIKELY(vmcr != cpu->l2_vmcr))
		cpu->l2_vmcr = vmcr = vgic_sanitize_vmcr(cpu, vmcr);
	hcr = v->hcr & cpu->hcr_mask;
	v->vmcr = vmcr;
	v->hcr = hcr;
	w |= (uint32_t)(vmcr != hw->vmcr) << 8;
	hcr |= cpu->l2_hcr_set;
	w |= (uint32_t)(hcr != (parked ? 0 : hw->hcr)) << 9;
	cpu->where = VGIC_HW_L2;
	if (!ool) {
		if (w)
			vgic_entry_icv_write(cpu, v, w, hcr);
		return;
	}
	/* (the fast path: ICH_HCR_EL2, the one write it usually has, here; the others apart) */
	if (w & ~0x200u)
		vgic_entry_icv_write_ool(cpu, v, w & ~0x200u, hcr);
	if (w & 0x200u)
		cpu->ops->hw_write(cpu->ops->ctx, NVARM_ENC_ICH_HCR, hcr);
}

__attribute__((__noinline__)) int nvarm__vgic_nested_entry_general(struct nvarm_vgic_cpu *cpu,
								   struct nvarm_vgic_vstate *v)
{
	void (*wr)(void *, uint32_t, uint64_t) = cpu->ops->hw_write;
	void *ctx = cpu->ops->ctx;
	const uint64_t m0 = cpu->lr_mask_hw0, m1 = cpu->lr_mask_hw1;
	unsigned nr = cpu->nr_lr;
	uint32_t loaded = 0, fwd = 0, eoim = 0, set = 0, clear;
	bool parked;

	if (cpu->where == VGIC_HW_L2)
		return NVARM_ERR_STATE;
	/*
	 * Parked (L0 handled an L2 exit itself): the hardware holds exactly l2_hw[] and the
	 * ICV values read at exit. If L1's registers are still what exit left, only
	 * ICH_HCR_EL2 needs switching back on; otherwise only what changed is written.
	 * Not parked: save L0's LRs for L1 (only those in use) and L1's ICV state first.
	 */
	parked = cpu->where == VGIC_HW_PARKED;
	if (parked && vgic_l2_unchanged(cpu, v)) {
		uint64_t hcr = cpu->l2_vhcr | cpu->l2_hcr_set;

		cpu->l2_loaded = cpu->l2_valid;
		cpu->l2_fwd &= cpu->l2_valid;
		if (hcr)
			wr(ctx, NVARM_ENC_ICH_HCR, hcr);
		cpu->where = VGIC_HW_L2;
		return NVARM_OK;
	}
	if (!parked) {
		if (cpu->where == VGIC_HW_L1_LIVE)
			nvarm__vgic_l1_sync_hw(cpu);
		vgic_icv_read(cpu, &cpu->l1_icv);
	}

	for (unsigned n = 0; n < nr; n++) {
		uint64_t raw = v->lr[n];

		if (!raw) { /* (the usual case: an empty LR, 0 in hardware too) */
			cpu->l2_orig[n] = 0;
			if (parked ? cpu->l2_hw[n] != 0 : (cpu->hw_used >> n) & 1)
				wr(ctx, VGIC_ENC_LR(n), 0);
			cpu->l2_hw[n] = 0;
			continue;
		}
		uint64_t lr = raw & ((raw & NVARM_ICH_LR_HW) ? m1 : m0), want = 0;

		set |= 1u << n;
		v->lr[n] = lr;
		cpu->l2_orig[n] = lr;
		eoim |= (uint32_t)((lr & (NVARM_ICH_LR_HW | NVARM_ICH_LR_EOI)) == NVARM_ICH_LR_EOI)
			<< n;
		/* An invalid LR gives L2 nothing to act on: it stays 0 in hardware. */
		if (lr & NVARM_ICH_LR_STATE_MASK) {
			want = lr;
			if (lr & NVARM_ICH_LR_HW) {
				bool f;

				want = vgic_translate(cpu, lr, &f);
				fwd |= (uint32_t)f << n;
			}
			loaded |= 1u << n;
		}
		if (parked ? want != cpu->l2_hw[n] : (want || ((cpu->hw_used >> n) & 1)))
			wr(ctx, VGIC_ENC_LR(n), want);
		cpu->l2_hw[n] = want;
	}
	/* Hardware LRs beyond L1's count still holding L0's interrupts for L1 must go. */
	for (clear = cpu->hw_used & ~((1u << nr) - 1); clear; clear &= clear - 1)
		wr(ctx, VGIC_ENC_LR(__builtin_ctz(clear)), 0);

	cpu->hw_used = (uint16_t)loaded;
	cpu->l2_loaded = (uint16_t)loaded;
	cpu->l2_fwd = (uint16_t)fwd;
	cpu->l2_eoi = (uint16_t)eoim;
	cpu->l2_set = (uint16_t)set;
	vgic_entry_icv(cpu, v, parked, false);
	return NVARM_OK;
}

/* vgic_icv_read() without the embedder's icv_read, out of line (for the fast path). */
__attribute__((__noinline__)) static void vgic_icv_read_ool(const struct nvarm_vgic_cpu *cpu,
							    struct nvarm_vgic_icv *s)
{
	vgic_icv_read(cpu, s);
}

/*
 * The usual entry from L1 with nothing in any list register: none of L0's in use for L1
 * (nothing to save; every hardware LR 0: hw_used), none left from L2's last run (l2_set)
 * and, checked here, every one of L1's virtual LRs 0 (nothing to load). Then only L1's ICV
 * state goes aside and L2's comes in; everything else is what the general path would leave
 * (tests/vgic: both over random states).
 */
__attribute__((__noinline__)) static int vgic_entry_empty(struct nvarm_vgic_cpu *cpu,
							  struct nvarm_vgic_vstate *v)
{
	uint64_t any = 0;

	for (unsigned n = 0; n < cpu->nr_lr; n++)
		any |= v->lr[n];
	if (any)
		return nvarm__vgic_nested_entry_general(cpu, v);
	/* (l2_loaded is 0 since the last exit; l2_fwd and l2_eoi have no bit outside l2_set) */
	if (cpu->icv_read)
		cpu->icv_read(cpu->ops->ctx, &cpu->l1_icv, cpu->nr_apr);
	else
		vgic_icv_read_ool(cpu, &cpu->l1_icv);
	vgic_entry_icv(cpu, v, false, true);
	return NVARM_OK;
}

int nvarm_vgic_nested_entry(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v)
{
	if ((cpu->where == VGIC_HW_L1_CLEAN || cpu->where == VGIC_HW_L1_LIVE) &&
	    !(cpu->hw_used | cpu->l1_used | cpu->l2_set))
		return vgic_entry_empty(cpu, v);
	return nvarm__vgic_nested_entry_general(cpu, v);
}

/* Did L2 deactivate an interrupt whose State went from @ost to @st? */
static inline bool vgic_deactivated(uint64_t ost, uint64_t st)
{
	/* Active bit cleared, or pending-only came back invalid (acknowledged + deactivated). */
	return ((ost & NVARM_ICH_LR_ACTIVE) && !(st & NVARM_ICH_LR_ACTIVE)) ||
	       (ost == NVARM_ICH_LR_PENDING && !st);
}

int nvarm_vgic_nested_exit(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
			   struct nvarm_vgic_exit *res)
{
	uint64_t (*rd)(void *, uint32_t) = cpu->ops->hw_read;
	void *ctx = cpu->ops->ctx;
	unsigned napr = cpu->nr_apr, ndeact = 0;
	uint32_t fwd = cpu->l2_fwd, valid = 0;
	uint64_t hw_hcr;
	bool maint;

	if (cpu->where != VGIC_HW_L2)
		return NVARM_ERR_STATE;
	/*
	 * L1 cannot touch @v while L2 runs (it is L1's own register state); still, every
	 * value is rebuilt from l2_orig (what was loaded) plus the hardware State.
	 */
	for (uint32_t m = cpu->l2_loaded; m; m &= m - 1) {
		unsigned n = (unsigned)__builtin_ctz(m);
		uint64_t st = rd(ctx, VGIC_ENC_LR(n)) & NVARM_ICH_LR_STATE_MASK;
		uint64_t orig = cpu->l2_orig[n], lr = (orig & ~NVARM_ICH_LR_STATE_MASK) | st;
		/* Only State changes in hardware (IHI 0069 ICH_LR<n>_EL2). */
		uint64_t hw = (cpu->l2_hw[n] & ~NVARM_ICH_LR_STATE_MASK) | st;

		v->lr[n] = lr;
		cpu->l2_orig[n] = lr;
		valid |= (uint32_t)(st != 0) << n;
		if (NVARM_UNLIKELY(!st && (hw & (NVARM_ICH_LR_HW | NVARM_ICH_LR_EOI)) ==
					      NVARM_ICH_LR_EOI)) {
			/* Retired with EOI maintenance: clear it so it cannot fire again. */
			cpu->ops->hw_write(ctx, VGIC_ENC_LR(n), 0);
			hw = 0;
		}
		cpu->l2_hw[n] = hw;
		/* Forwarded HW = 1 interrupts L2 deactivated go to L1's distributor state. */
		if (NVARM_UNLIKELY((fwd >> n) & 1) &&
		    vgic_deactivated(orig & NVARM_ICH_LR_STATE_MASK, st)) {
			uint32_t pint = (uint32_t)NVARM_FIELD_GET(orig, 44, 32);

			if (res)
				res->deact[ndeact] = pint;
			ndeact++;
			nvarm__vgic_l1_deactivate_image(cpu, pint);
		}
	}
	/* L2's ICV state: in one call of the embedder's reader, or register by register */
	if (cpu->icv_read) {
		cpu->icv_read(ctx, &cpu->l2_icv, napr);
		for (unsigned n = 0; n < napr; n++) {
			v->ap0r[n] = cpu->l2_icv.ap0r[n];
			v->ap1r[n] = cpu->l2_icv.ap1r[n];
		}
		hw_hcr = cpu->l2_icv.hcr;
	} else {
		cpu->l2_icv.hcr = hw_hcr = rd(ctx, NVARM_ENC_ICH_HCR);
		cpu->l2_icv.vmcr = rd(ctx, NVARM_ENC_ICH_VMCR);
		for (unsigned n = 0; n < napr; n++) {
			v->ap0r[n] = cpu->l2_icv.ap0r[n] = rd(ctx, NVARM_ENC_ICH_AP0R(n));
			v->ap1r[n] = cpu->l2_icv.ap1r[n] = rd(ctx, NVARM_ENC_ICH_AP1R(n));
		}
	}
	v->hcr = (v->hcr & ~(uint64_t)NVARM_ICH_HCR_EOICOUNT_MASK) |
		 (hw_hcr & NVARM_ICH_HCR_EOICOUNT_MASK);
	/* Same fields as L1 sees (binary points already legal); VFIQEn may read as 0. */
	v->vmcr = cpu->l2_hw_vmcr_v = (cpu->l2_icv.vmcr & cpu->vmcr_mask) | cpu->vmcr_res1;
	/*
	 * Park: switch the virtual interface off (no maintenance interrupts for L2's state
	 * while L0 runs). L1's LRs and ICV state go back at the next flush; a direct
	 * re-entry into L2 skips both.
	 */
	if (hw_hcr) /* (L1 may run L2 with its interface off: ICH_HCR_EL2 0 already) */
		cpu->ops->hw_write(ctx, NVARM_ENC_ICH_HCR, 0);
	cpu->l2_vhcr = v->hcr;
	cpu->l2_valid = (uint16_t)valid;
	cpu->l2_loaded = 0;
	cpu->where = VGIC_HW_PARKED;
	/*
	 * Maintenance: with no UIE/LRENPIE/NPIE/VGrp* enable only MISR.EOI can assert, and
	 * EISR is the HW = 0, EOI = 1 LRs that are now invalid (all others: full MISR).
	 */
	if (!(v->hcr & NVARM_ICH_HCR_EN))
		maint = false;
	else if (!(v->hcr & 0xfe))
		maint = (cpu->l2_eoi & ~valid) != 0;
	else
		maint = nvarm_vgic_misr(cpu, v) != 0;
	if (cpu->maint_intid && (maint || cpu->maint_level))
		(void)nvarm__vgic_l1_set_maint(cpu, maint); /* never fails */
	if (res) {
		res->maint = maint;
		res->ndeact = (uint8_t)ndeact;
	}
	return NVARM_OK;
}
