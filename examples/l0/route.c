// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L2's traps through nvarm's forwarding (include/nvarm/forward.h):
//  - on every entry to L2 (switch.c l2_enter), L1's virtual EL2 trap controls (HCR, MDCR,
//    CPTR, HSTR, HCRX, ICH_HCR, FGT) and feature set come out of its vEL2 register file
//    (nvarm_fwd_vstate_from_vel2), CNTHCTL from its owner, the vtimer (timer.c), into
//    the routing context (nvarm_fwd_load), and the hardware runs L2 with L0's own traps
//    (route_l0_traps) plus every one L1 asked for (nvarm_fwd_hw_traps, route_hw_load), so
//    the hardware traps whenever L1 would have;
//  - every synchronous trap from L2 asks nvarm_fwd_route() first; the verdict goes back to
//    the trap dispatch (trap.c), which acts on it: FORWARD to L1's vEL2 with the ESR nvarm
//    returns, UNDEF at L2's EL1 or L1's vEL2, HANDLE_IN_L0 (and the aborts, which belong
//    to the shadow stage-2) to L0's own handlers.
// L0's own traps while L2 runs: stage-2 and interrupts (VM, IMO/FMO/AMO), SMC (L0 is the
// VM's firmware: TSC), ACTLR_EL1 (IMPLEMENTATION DEFINED controls stay the host's: TACR,
// RAZ/WI for the VM), the other IMPLEMENTATION DEFINED registers (TIDCP: UNDEFINED for the
// VM, as in L1's world, unless L1 asked for the trap) and the RAS error record registers
// (TERR, FIEN 0: the VM has no error records, nvarm_sysreg_zero_access, or no FEAT_RAS at
// all); pointer authentication is left to the guest (APK/API); and the EL1 timer registers
// while nvarm's vtimer masks a hardware timer that L2 (or L1) programmed (timer.c: CNTHCTL_EL2
// traps, handled there).
#include <string.h>

#include "l0.h"

#define L0_HCR_FOR_L2                                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW | HCR_APK | HCR_API |  \
	 HCR_TACR | HCR_TIDCP)

#define HFGRTR_EL2  S3_4_C1_C1_4
#define HFGWTR_EL2  S3_4_C1_C1_5
#define HFGITR_EL2  S3_4_C1_C1_6
#define HDFGRTR_EL2 S3_4_C3_C1_4
#define HDFGWTR_EL2 S3_4_C3_C1_5
#define HAFGRTR_EL2 S3_4_C3_C1_6
#define HCRX_EL2    S3_4_C1_C2_2

static void hw_traps_save(const struct l0_route *rt, struct nvarm_fwd_hw *hw)
{
	hw->mdcr = read_sysreg(mdcr_el2);
	hw->cptr = read_sysreg(cptr_el2);
	if (rt->hw_fgt) {
		hw->hfgrtr = read_sysreg_s(HFGRTR_EL2);
		hw->hfgwtr = read_sysreg_s(HFGWTR_EL2);
		hw->hfgitr = read_sysreg_s(HFGITR_EL2);
		hw->hdfgrtr = read_sysreg_s(HDFGRTR_EL2);
		hw->hdfgwtr = read_sysreg_s(HDFGWTR_EL2);
	}
	if (rt->hw_fgt && rt->hw_amu)
		hw->hafgrtr = read_sysreg_s(HAFGRTR_EL2);
	if (rt->hw_hcx)
		hw->hcrx = read_sysreg_s(HCRX_EL2);
}

/*
 * MDCR/CPTR/FGT registers (HCR_EL2 is the caller's), each only when it changes: an emulator
 * does work on every system register write (QEMU ends its translation block and rebuilds its
 * cached state), and L2's values are mostly L0's own (L1 asks for few traps). rt->hw holds
 * what the hardware holds of the registers only this file writes (no guest can write an
 * EL2 register: L1's accesses trap or go to its VNCR page); CPTR_EL2, which world.c writes
 * too, is compared with the hardware.
 */
#define LOAD_IF_CHANGED(reg, field)                                                                \
	do {                                                                                       \
		if (rt->hw.field != hw->field) {                                                   \
			write_sysreg_s(reg, hw->field);                                            \
			rt->hw.field = hw->field;                                                  \
		}                                                                                  \
	} while (0)

static void hw_traps_load(struct l0_route *rt, const struct nvarm_fwd_hw *hw, uint64_t mdcr,
			  uint64_t cptr)
{
	if (rt->hw.mdcr != mdcr) {
		write_sysreg(mdcr_el2, mdcr);
		rt->hw.mdcr = mdcr;
	}
	if (read_sysreg(cptr_el2) != cptr)
		write_sysreg(cptr_el2, cptr);
	if (rt->hw_fgt) {
		LOAD_IF_CHANGED(HFGRTR_EL2, hfgrtr);
		LOAD_IF_CHANGED(HFGWTR_EL2, hfgwtr);
		LOAD_IF_CHANGED(HFGITR_EL2, hfgitr);
		LOAD_IF_CHANGED(HDFGRTR_EL2, hdfgrtr);
		LOAD_IF_CHANGED(HDFGWTR_EL2, hdfgwtr);
	}
	if (rt->hw_fgt && rt->hw_amu)
		LOAD_IF_CHANGED(HAFGRTR_EL2, hafgrtr);
	if (rt->hw_hcx)
		LOAD_IF_CHANGED(HCRX_EL2, hcrx);
}
#undef LOAD_IF_CHANGED

static void hstr_load(struct l0_route *rt, uint64_t hstr)
{
	if (rt->hstr != hstr) {
		write_sysreg(hstr_el2, hstr);
		rt->hstr = hstr;
	}
}

/* PMCR_EL0.N for nvarm_fwd_vstate_from_vel2(): the hardware's counters when the VM has the
 * PMU (L0 does not virtualise it; ID_AA64DFR0_EL1.PMUVer 1..14: PMUv3), none without. */
unsigned route_pmu_counters(const struct l0_vcpu *v)
{
	uint64_t pmuver = FIELD(v->vm->cfg.id.dfr0, 11, 8);

	return pmuver && pmuver < 15 ? (unsigned)FIELD(read_sysreg(pmcr_el0), 15, 11) : 0;
}

#define MDCR_PMU_FIELDS                                                                            \
	(NVARM_MDCR_EL2_HPMN_MASK | NVARM_MDCR_EL2_HPME | NVARM_MDCR_EL2_HPMD |                    \
	 NVARM_MDCR_EL2_HCCD | NVARM_MDCR_EL2_HLP)

/*
 * L0's MDCR_EL2 while L1 runs (and the base of L2's): with the traps nvarm gives for the
 * debug features the VM lacks (nvarm_vm_config::l0_mdcr). With the PMU hidden, TPM and TPMCR
 * trap every PMU register to L0, where nvarm finds no PMU for the VM: UNDEFINED for L1 at its
 * virtual EL2 and for its guest, as on a CPU without one. With the PMU offered
 * (NVARM_VMF_PMU), L1 uses it directly as at EL2: HPMN = PMCR_EL0.N, and HPMD/HCCD keep the
 * VM's counters off the L0's own EL2 (nvarm_pmu_hw_mdcr). (QEMU's own -cpu max,pmu=off keeps
 * PMCR_EL0 and PMCCNTR_EL0: tests/conform known-diffs.txt.)
 */
void route_l1_init(struct l0_vcpu *v)
{
	uint64_t mdcr = read_sysreg(mdcr_el2) | v->vm->cfg.l0_mdcr;

	if (v->vm->cfg.features & NVARM_VMF_PMU) {
		struct nvarm_pmu_state p;

		v->route.pmu_n = (uint8_t)route_pmu_counters(v);
		v->route.pmu_key = ~0ull; /* never an MDCR_EL2 value (RES0 bits) */
		/* L1's MDCR_EL2.HPMN resets to PMCR_EL0.N (D24.3 MDCR_EL2) */
		nvarm_vel2_write(&v->v2, NVARM_SR_MDCR_EL2,
				 (vel2_get_id(v, NVARM_SR_MDCR_EL2) & ~NVARM_MDCR_EL2_HPMN_MASK) |
				     v->route.pmu_n);
		l0_pmu_state(v, &p);
		mdcr = (mdcr & ~MDCR_PMU_FIELDS) | nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L1);
	}
	write_sysreg(mdcr_el2, mdcr);
	l0_pmu_l1_init(v); /* L1's event filter accesses trap (pmu.c) */
	/* the FGT bits of L1's SCTLR_EL1 writes [0] and reads [1], from nvarm's rules (used once
	 * L0's own traps are saved, route_l0_traps: route_l1_sctlr_sync) */
	struct l0_route *rt = &v->route;

	rt->sctlr_fgt = ID_FIELD(read_sysreg(id_aa64mmfr0_el1), MMFR0, FGT) != 0;
	for (int rd = 0; rd < 2 && rt->sctlr_fgt; rd++) {
		unsigned reg, bit;
		bool neg;

		if (nvarm_fwd_fgt_bit(NVARM_ENC_SCTLR_EL1, rd != 0, &reg, &bit, &neg) ||
		    reg != (rd ? NVARM_FWD_HFGRTR_EL2 : NVARM_FWD_HFGWTR_EL2)) {
			rt->sctlr_fgt = false;
			break;
		}
		rt->sctlr_set[rd] = neg ? 0 : NVARM_BIT(bit);
		rt->sctlr_clr[rd] = neg ? NVARM_BIT(bit) : 0;
	}
}

/*
 * FEAT_SME offered: the fine-grained traps of TPIDR2_EL0 and SMPRI_EL1 (HFGRTR/HFGWTR_EL2
 * nTPIDR2_EL0, nSMPRI_EL1: negative, trapping at their reset value 0) off in L0's own
 * controls, with which L1 runs: L1's EL0 and vEL2 reach its registers, as at EL2, and L2's
 * traps are L1's (nvarm_fwd_hw_traps ANDs the negative bits). The bits from nvarm's rules.
 * (Without SME the traps stay: the registers are UNDEFINED for L1 then.) nSMPRI_EL1 only
 * matters with streaming priorities (SMIDR_EL1.SMPS), which nvarm does not offer: SMPRI_EL1
 * is RAZ/WI for L1 and QEMU 10 answers it so, but traps it by nSMPRI_EL1 = 0 all the same.
 */
static void fgt_open_sme(void)
{
	static const uint32_t encs[] = {NVARM_ENC_TPIDR2_EL0, NVARM_ENC_SMPRI_EL1};
	uint64_t r = read_sysreg_s(HFGRTR_EL2), w = read_sysreg_s(HFGWTR_EL2);

	for (unsigned i = 0; i < sizeof(encs) / sizeof(encs[0]); i++)
		for (int rd = 0; rd < 2; rd++) {
			unsigned reg, bit;
			bool neg;

			if (nvarm_fwd_fgt_bit(encs[i], rd != 0, &reg, &bit, &neg) || !neg)
				continue;
			if (reg == NVARM_FWD_HFGRTR_EL2)
				r |= NVARM_BIT(bit);
			else if (reg == NVARM_FWD_HFGWTR_EL2)
				w |= NVARM_BIT(bit);
		}
	write_sysreg_s(HFGRTR_EL2, r);
	write_sysreg_s(HFGWTR_EL2, w);
}

/* route_l0_traps()'s HCR_EL2: the one part of L0's input that can change once the rest is
 * saved (L1's HCR_EL2.FWB with the host's; the VM's features never change). */
static uint64_t route_l0_hcr(struct l0_vcpu *v)
{
	uint64_t hcr =
	    L0_HCR_FOR_L2 | (v->vm->host_fwb ? vel2_get_id(v, NVARM_SR_HCR_EL2) & HCR_FWB : 0);

	/* TERR, and FIEN 0: the host's error records (ERR*_EL1, ERX*_EL1, the FEAT_RASv1p1
	 * fault-injection ERXPFG*_EL1) are never the guest's. L2's accesses go to L1 where its
	 * TERR/FIEN ask (nvarm_fwd_route), else nvarm_sysreg_zero_access() answers them as the
	 * VM's (no records: l2_sysreg_for_l0), or they are UNDEFINED without FEAT_RAS.
	 * EnSCXT: an enable nvarm_fwd_hw_traps() ANDs with L1's (SCXTNUM_EL1/EL0 at L2) */
	hcr |= HCR_TERR;
	if (v->vm->cfg.features & NVARM_VMF_CSV2_2)
		hcr |= HCR_ENSCXT;
	return hcr;
}

/* L0's own trap controls for L2 (the input of nvarm_fwd_hw_traps): MDCR/CPTR/FGT as L0 runs
 * L1 with them, HCR_EL2 as L0 needs it for any guest; and nvarm_fwd_hw_traps()'s flags. */
unsigned route_l0_traps(struct l0_vcpu *v, struct nvarm_fwd_hw *hw)
{
	struct l0_route *rt = &v->route;

	if (!rt->l0_own_saved) {
		/* ID_AA64MMFR0_EL1.FGT, ID_AA64PFR0_EL1.AMU */
		rt->hw_fgt = ID_FIELD(read_sysreg(id_aa64mmfr0_el1), MMFR0, FGT) != 0;
		rt->hw_amu = ID_FIELD(read_sysreg(id_aa64pfr0_el1), PFR0, AMU) != 0;
		/* ID_AA64MMFR1_EL1.HCX: HCRX_EL2 (L1's FnXS/CMOW and enables for L2;
		 * L0's own value, with which L1 runs: every control off, as at EL2 none applies,
		 * but FGTnXS: L0 traps no nXS TLBI, so that the hardware's FGTnXS for L2 is
		 * L1's (nvarm_fwd_hw_traps ANDs them); ID_AA64ISAR1_EL1.XS) */
		rt->hw_hcx = ID_FIELD(read_sysreg(id_aa64mmfr1_el1), MMFR1, HCX) != 0;
		/* ... and MSCEn [11]: L1 runs at EL1, where the CPY and SET instructions are
		 * UNDEFINED without it, at its virtual EL2, where they never are
		 * (ID_AA64ISAR2_EL1.MOPS) */
		uint64_t own =
		    (ID_FIELD(read_sysreg(id_aa64isar1_el1), ISAR1, XS) ? NVARM_HCRX_EL2_FGTnXS
									: 0) |
		    (ID_FIELD(read_sysreg_s(S3_0_C0_C6_2), ISAR2, MOPS) ? NVARM_HCRX_EL2_MSCEn : 0);
		if (rt->hw_hcx)
			write_sysreg_s(HCRX_EL2, own);
		if (rt->hw_fgt && (v->vm->cfg.features & NVARM_VMF_SME))
			fgt_open_sme();
		hw_traps_save(rt, &rt->l0_own);
		rt->hw = rt->l0_own; /* what the hardware holds now */
		/* CPTR_EL2.TCPAC is the vEL2 shadow's (world.c: CPACR_EL1 of a non-VHE L1 under
		 * FEAT_NV); L0's own for L2 only where route_hw_load() says */
		rt->l0_own.cptr &= ~NVARM_CPTR_TCPAC;
		rt->l1_own =
		    rt->l0_own; /* (L1's SCTLR_EL1 trap from now on: route_l1_sctlr_sync) */
		rt->hstr = read_sysreg(hstr_el2);
		rt->l0_own_saved = true;
	}
	/* (field by field: the struct assignment became a memcpy call, at every L2 entry) */
	hw->mdcr = rt->l0_own.mdcr;
	hw->cptr = rt->l0_own.cptr;
	hw->hfgrtr = rt->l0_own.hfgrtr;
	hw->hfgwtr = rt->l0_own.hfgwtr;
	hw->hfgitr = rt->l0_own.hfgitr;
	hw->hdfgrtr = rt->l0_own.hdfgrtr;
	hw->hdfgwtr = rt->l0_own.hdfgwtr;
	hw->hafgrtr = rt->l0_own.hafgrtr;
	hw->hcrx = rt->l0_own.hcrx;
	hw->hcr = route_l0_hcr(v);
	return (rt->hw_fgt ? NVARM_FWD_HW_FGT : 0) | (rt->hw_hcx ? NVARM_FWD_HW_HCX : 0);
}

/* World switch L1 -> L2, after nvarm_fwd_hw_traps(): L2's MDCR_EL2, CPTR_EL2, fine-grained
 * traps and HSTR_EL2 into the hardware; returns L2's HCR_EL2. */
uint64_t route_hw_load(struct l0_vcpu *v, const struct nvarm_fwd_hw *hw)
{
	uint64_t mdcr = hw->mdcr;

	if (v->route.pmu_n) {
		/* L1's HPMN/HPME/HLP for L2 (nvarm_fwd_hw_traps() gave TPM/TPMCR), computed when
		 * L1's MDCR_EL2 changes */
		uint64_t l1_mdcr = vel2_get_id(v, NVARM_SR_MDCR_EL2);

		if (l1_mdcr != v->route.pmu_key) {
			uint64_t dfr0 = v->vm->cfg.id.dfr0;
			struct nvarm_pmu_state p = {
			    .l1_mdcr = l1_mdcr,
			    .n = v->route.pmu_n,
			    .pmuver = (uint8_t)FIELD(dfr0, 11, 8),
			    .hpmn0 = (uint8_t)(FIELD(dfr0, 63, 60) != 0),
			};

			v->route.pmu_key = l1_mdcr;
			v->route.pmu_l2 = nvarm_pmu_hw_mdcr(&p, NVARM_PMU_WORLD_L2);
		}
		mdcr = (mdcr & ~MDCR_PMU_FIELDS) | v->route.pmu_l2;
		l0_pmu_l2_enter(v); /* L2's event filters, once the L0 moves them (pmu.c) */
	}
	/* L0's own TCPAC for L2's CPACR_EL1 (l2_sysreg_for_l0), where its accesses reach the
	 * hardware register (not L1's VNCR page for a guest hypervisor under L1's NV2) */
	hw_traps_load(&v->route, hw, mdcr, hw->cptr | nvarm_shadow_cptr_l2_bits(&v->v2, hw->hcr));
	/* HSTR_EL2 (CP15 traps of an AArch32 L2; not in nvarm_fwd_hw_traps): the L0 traps none
	 * itself, so the hardware takes L1's T<n> bits as they are (T4/T14 RES0) and
	 * nvarm_fwd_route() forwards what they trap (its hstr from L1's vEL2 file). */
	hstr_load(&v->route, vel2_get_id(v, NVARM_SR_HSTR_EL2) & 0xbfefull);
	/* L1's own EL1 with its stage-2 off (switch.c l2_enter): its ID reads are sanitised as
	 * at vEL2 (l2_sysreg_for_l0). */
	return hw->hcr | (v->l2_flat ? HCR_TID3 : 0) | (v->host_el0 ? HCR_TGE : 0);
}

/* World switch L2 -> L1: L0's own controls again (HCR_EL2 is v->hcr). */
void route_exit_l2(struct l0_vcpu *v)
{
	hw_traps_load(&v->route, &v->route.l1_own, v->route.l1_own.mdcr, v->route.l1_own.cptr);
	hstr_load(&v->route, 0);
	l0_pmu_l2_exit(v); /* L1's event filters (pmu.c) */
}

static bool l2_sysreg_for_l0(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t)
{
	uint64_t val = 0, set, open;

	/* L2's CPACR_EL1 while the VM lacks SVE/SME the hardware has (CPTR_EL2.TCPAC from L0,
	 * route_hw_load): the hardware register holds their enables open (nvarm's vEL1 load,
	 * so that their instructions reach L0's TZ/TSM trap and are UNDEFINED for L2); L2 reads
	 * and writes the rest, as on a CPU without them (those fields RES0). */
	if (t->enc == NVARM_ENC_CPACR_EL1 && v->vm->cfg.hidden_fp &&
	    nvarm_shadow_cptr_hidden(&v->v2, true, &set, &open) == 0) {
		if (t->is_read) {
			if (t->rt != 31)
				f->x[t->rt] = read_sysreg(cpacr_el1) & ~open;
		} else {
			write_sysreg(cpacr_el1, ((t->rt != 31 ? f->x[t->rt] : 0) & ~open) | open);
		}
		l0_skip_insn(v);
		v->st.handled++;
		return true;
	}

	/* L2 at L1's virtual EL2 under L1's HCR_EL2.{NV2,NV1,NV} = {1,0,1}: an *_EL12/_EL02
	 * access is a VNCR page access (DDI 0487: SCTLR_EL12's accessor has no fine-grained trap
	 * at EL1), but QEMU 10 traps it by the EL1 register's FGT bit, which L1 may have set for
	 * its own reasons (e.g. this L0's SCTLR_EL1 trap, route_l1_sctlr_sync): complete it on
	 * L1's page, where the hardware would have */
	if (v->l2_vncr && t->reg != NVARM_SR_NONE &&
	    (vel2_get_id(v, NVARM_SR_HCR_EL2) &
	     (NVARM_HCR_EL2_NV2 | NVARM_HCR_EL2_NV1 | NVARM_HCR_EL2_NV)) ==
		(NVARM_HCR_EL2_NV2 | NVARM_HCR_EL2_NV)) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(t->reg), *e = NULL;

		if (d && (d->flags & NVARM_SRF_ALIAS) && d->link != NVARM_SR_NONE)
			e = nvarm_sysreg_desc(d->link);
		if (e && e->vncr != NVARM_VNCR_NONE) {
			uint64_t *page = (uint64_t *)(uintptr_t)read_sysreg(S3_4_C2_C2_0);

			if (t->is_read) {
				if (t->rt != 31)
					f->x[t->rt] = page[e->vncr / 8];
			} else {
				page[e->vncr / 8] = t->rt != 31 ? f->x[t->rt] : 0;
			}
			l0_skip_insn(v);
			v->st.handled++;
			return true;
		}
	}
	/* L2's PMU event filters (the L0's filter traps stay while L2 runs, so that the FGT
	 * registers need no switch; pmu.c) */
	if (l0_pmu_filter_acc(t) && l0_pmu_filter_trap(v, f, t))
		return true;
	/* L1's own EL1 (flat, HCR_EL2.TID3 from L0): the ID registers nvarm gives the VM. */
	if (v->l2_flat && t->cls == NVARM_TC_ID && t->is_read &&
	    nvarm_sysreg_emulate(&v->v2, t, &val) == NVARM_EMUL_OK) {
		if (t->rt != 31)
			f->x[t->rt] = val;
		l0_skip_insn(v);
		v->st.handled++;
		return true;
	}
	/* Registers RES0 for the VM (nvarm_sysreg_zero_access): ACTLR_EL1 (HCR_EL2.TACR) and
	 * FEAT_RAS's error records, of which it has none (HCR_EL2.TERR, FIEN 0): L0 keeps those
	 * traps while L2 runs (route_l0_hcr); UNDEFINED ones fall to the caller */
	if (nvarm_sysreg_zero_access(&v->v2, t, &val) == NVARM_EMUL_OK) {
		if (t->is_read && t->rt != 31)
			f->x[t->rt] = val;
		l0_skip_insn(v);
		v->st.handled++;
		return true;
	}
	return false;
}

/*
 * A synchronous trap from L2: nvarm's verdict. ROUTE_FORWARD and ROUTE_UNDEF_L2 carry the
 * ESR in *@p out_esr for the exception the caller then takes into L1's vEL2 or L2's EL1;
 * ROUTE_DONE: emulated here; ROUTE_L0: L0's own and not a system register (the caller's
 * handlers take it: firmware SMC, aborts).
 */
enum route_verdict route_l2_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
				 uint64_t esr, uint64_t *out_esr)
{
	struct nvarm_fwd_result res;
	unsigned el = (unsigned)FIELD(read_sysreg(spsr_el2), 3, 2);
	int r = nvarm_fwd_route(&v->route.fwd, esr, el, &res);

	if (r == NVARM_ERR_UNSUPPORTED)
		return ROUTE_L0; /* aborts: the shadow stage-2 code */
	if (r < 0) {
		/* nvarm decodes every ESR an L2 can cause; anything else is an L0 bug */
		con_printf("l0: nvarm_fwd_route(ESR_EL2=0x%lx, EL%u): %d\n", esr, el, r);
		panic("L2 trap nvarm cannot route");
	}
	if (r == NVARM_FWD_FORWARD) {
		v->st.l2_fwd++;
		if (t->kind == NVARM_TRAP_HVC) {
			v->st.l2_hvc++;
			stats_l2_exit(&v->st, EXIT_HVC);
		} else if (t->kind == NVARM_TRAP_SMC) {
			stats_l2_exit(&v->st, EXIT_SMC);
		}
		*out_esr = res.esr;
		return ROUTE_FORWARD;
	}
	if (r == NVARM_FWD_UNDEF) {
		v->st.l2_undef++;
		*out_esr = res.esr;
		return res.target_el == 2 ? ROUTE_FORWARD : ROUTE_UNDEF_L2;
	}
	/* L2's timer registers L0 traps for itself (nvarm's vtimer: a hardware timer it masked
	 * after a delivery, so that L2 sees its own CTL and its re-arm lifts the mask at once;
	 * L1 did not ask for the trap, nvarm_fwd_route says so). Counted by timer.c. */
	if (t->kind == NVARM_TRAP_SYSREG && l0_vtimer_l2_trap(v, f, t))
		return ROUTE_DONE;
	v->st.l2_l0++;
	if (t->kind == NVARM_TRAP_SYSREG) {
		if (l2_sysreg_for_l0(v, f, t))
			return ROUTE_DONE;
		/* nothing here emulates it: UNDEFINED for L2, as on a PE without it */
		if (guest_msg(v))
			con_printf(
			    "l0: L2 system register trap for L0 (ESR_EL2=0x%lx, rule line %u): "
			    "UNDEFINED for L2\n",
			    esr, res.line);
		*out_esr = NVARM_BIT(25);
		v->st.l2_undef++;
		return ROUTE_UNDEF_L2;
	}
	return ROUTE_L0;
}

/*
 * L1's own EL0 with its HCR_EL2.{E2H,TGE} = {0,1} runs in L2's world with the hardware's TGE
 * set too (the L0 is non-VHE: E2H = 0), so the hardware takes every exception from it to the
 * L0 with the syndrome the architecture gives: with TGE = 1 those that would go to EL1 go to
 * EL2 (DDI 0487 D1.3 "Routing exceptions"; a CPACR_EL1 FP trap as UNDEFINED, EC 0x00), and
 * SCTLR_EL1, CNTKCTL_EL1 and CPACR_EL1 (L1's vEL1 registers, loaded for that world) control
 * EL0. Each is L1's, but for what the L0 itself trapped: aborts (the shadow stage-2 decides),
 * a timer the vtimer masked, the PMU filters, and a WFx that the EL1 controls let execute
 * (SCTLR_EL1.nTWI/nTWE = 1 and L1's TWI/TWE clear: the L0's own wait).
 */
/*
 * Did CNTKCTL_EL1 (L1's, the hardware's in that world) trap this EL0 counter or timer access?
 * Under TGE its EL0PCTEN, EL0VCTEN, EL0VTEN and EL0PTEN do what CNTHCTL_EL2 [9:0], the same
 * layout, does with E2H = TGE = 1 (DDI 0487 D24.2 CNTKCTL_EL1, CNTHCTL_EL2): nvarm's rules know
 * which register each gates, so ask them with L1's controls in that form (a rare path).
 */
static bool host_el0_cntkctl_off(struct l0_vcpu *v, uint64_t esr)
{
	struct nvarm_fwd_vstate vs = v->fwd_vs;
	struct nvarm_fwd_ctx ctx;
	struct nvarm_fwd_result res;

	vs.reg[NVARM_FWD_HCR_EL2] |= HCR_E2H | HCR_TGE;
	vs.reg[NVARM_FWD_CNTHCTL_EL2] = read_sysreg(cntkctl_el1) & 0x3ffull;
	memset(&ctx, 0, sizeof(ctx));
	return nvarm_fwd_load(&ctx, &vs) == 0 &&
	       nvarm_fwd_route(&ctx, esr, 0, &res) == NVARM_FWD_FORWARD;
}

enum route_verdict route_host_el0(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr,
				  uint64_t *out_esr)
{
	unsigned ec = (unsigned)FIELD(esr, 31, 26);
	struct nvarm_fwd_result res;
	struct nvarm_trap t;

	if (ec == NVARM_EC_IABT_LOW || ec == NVARM_EC_DABT_LOW)
		return ROUTE_L0;
	if (nvarm_trap_decode(esr, &t) == 0) {
		int r = nvarm_fwd_route(&v->route.fwd, esr, 0, &res);

		if (r == NVARM_FWD_FORWARD || r == NVARM_FWD_UNDEF) {
			v->st.l2_fwd++;
			*out_esr = res.esr;
			return ROUTE_FORWARD;
		}
		/* EL0's counter and timer accesses that CNTKCTL_EL1 disables trapped for L1;
		 * the others for the vtimer's own reasons (a timer it masked) */
		if (t.kind == NVARM_TRAP_SYSREG && !host_el0_cntkctl_off(v, esr) &&
		    l0_vtimer_l2_trap(v, f, &t))
			return ROUTE_DONE;
		if (l0_pmu_filter_acc(&t) && l0_pmu_filter_trap(v, f, &t))
			return ROUTE_DONE;
		/* an IMPLEMENTATION DEFINED encoding (op0 3, CRn 11 or 15: DDI 0487 "Reserved
		 * encodings for IMPLEMENTATION DEFINED registers") that L0's TIDCP trapped, not
		 * L1's: UNDEFINED, as the VM has none, which L1's TGE takes to its EL2 */
		if (t.kind == NVARM_TRAP_SYSREG && r == NVARM_FWD_HANDLE_IN_L0 &&
		    NVARM_SYSREG_OP0(t.enc) == 3 && (NVARM_SYSREG_CRN(t.enc) & 0xb) == 0xb) {
			v->st.l2_fwd++;
			*out_esr = NVARM_BIT(25); /* EC 0x00, IL */
			return ROUTE_FORWARD;
		}
		if (ec == NVARM_EC_WFX) {
			uint64_t sctlr = vel2_get_id(v, NVARM_SR_SCTLR_EL1);
			uint64_t ctl = (esr & 1) ? NVARM_SCTLR_EL1_nTWE : NVARM_SCTLR_EL1_nTWI;

			if (sctlr & ctl)
				return ROUTE_L0;
		}
	}
	v->st.l2_fwd++;
	*out_esr = esr;
	return ROUTE_FORWARD;
}

/*
 * A VHE L1 with HCR_EL2.TGE=0 runs with the hardware SCTLR_EL1.SPAN=1 whatever its own SPAN
 * (an exception to EL2 keeps PSTATE.PAN then, DDI 0487 AArch64.TakeException; nvarm's loads,
 * nvarm_shadow_vel2_sctlr_trap()). Its SCTLR_EL1 accesses, which name its SCTLR_EL2 and do
 * not trap in that layout, are trapped meanwhile (HFGRTR/HFGWTR_EL2.SCTLR_EL1): it reads its
 * own value and its writes go to the file (trap.c, as any vEL2 register). Without FEAT_FGT:
 * not trapped (nvarm_shadow_vel2_sctlr_trap() says what L1 sees then).
 */
void route_l1_sctlr_sync(struct l0_vcpu *v)
{
	struct l0_route *rt = &v->route;
	bool on = rt->sctlr_fgt && rt->l0_own_saved && nvarm_shadow_vel2_sctlr_trap(&v->v2);

	if (on == rt->sctlr_trapped)
		return;
	rt->sctlr_trapped = on;
	rt->l1_own.hfgwtr =
	    on ? (rt->l0_own.hfgwtr & ~rt->sctlr_clr[0]) | rt->sctlr_set[0] : rt->l0_own.hfgwtr;
	rt->l1_own.hfgrtr =
	    on ? (rt->l0_own.hfgrtr & ~rt->sctlr_clr[1]) | rt->sctlr_set[1] : rt->l0_own.hfgrtr;
	if (!v->in_l2)
		hw_traps_load(rt, &rt->l1_own, rt->l1_own.mdcr, read_sysreg(cptr_el2));
}
