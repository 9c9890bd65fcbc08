// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Exceptions into virtual EL2 (AArch64.TakeException with target EL2), into L2's EL1 (target
 * EL1: what an L0 injects for L2, e.g. UNDEFINED) and ERET from virtual EL2
 * (AArch64.ExceptionReturn / IllegalExceptionReturn).
 *
 * Vector offsets (D1.x "Exception vectors"): current EL with SP_EL0 0x000, current EL with
 * SP_ELx 0x200, lower EL using AArch64 0x400, lower EL using AArch32 0x600; plus 0x80 x kind
 * (synchronous, IRQ, FIQ, SError).
 *
 * The vCPU's PC/PSTATE are passed in and out (the library never touches hardware); the
 * virtual ELR/SPSR/ESR/FAR/HPFAR_EL2 are written to the register file. Locking: one vCPU,
 * caller-serialised.
 */
#include "sysreg_priv.h"
#include <nvarm/arm/sysreg_fields.h>

#define HCR_E2H		NVARM_BIT(34)
#define HCR_TGE		NVARM_BIT(27)
#define SCTLR_SPAN	NVARM_BIT(23)
#define SCTLR_DSSBS	NVARM_BIT(44)
#define SCTLR_SPINTMASK NVARM_SCTLR_EL1_SPINTMASK /* SCTLR_EL1 and SCTLR_EL2 alike */
#define PSR_DAIF	(NVARM_PSR_D | NVARM_PSR_A | NVARM_PSR_I | NVARM_PSR_F)
/* The SPSR bits ERET restores (AArch64 PSTATE fields; the rest is RES0 here) */
#define PSR_RESTORE_MASK                                                                           \
	(NVARM_PSR_M_MASK | PSR_DAIF | NVARM_PSR_BTYPE | NVARM_PSR_SSBS | NVARM_PSR_IL |           \
	 NVARM_PSR_SS | NVARM_PSR_PAN | NVARM_PSR_UAO | NVARM_BIT(24) /* DIT */ | NVARM_PSR_NZCV)

/* Does L1's virtual CPU have FEAT_MTE (PSTATE.TCO)? ID_AA64PFR1_EL1.MTE >= 1, as L1 reads it. */
static bool vm_has_mte(const struct nvarm_vel2 *v)
{
	return ((v->cfg->id.pfr1 >> NVARM_ID_AA64PFR1_EL1_MTE_SHIFT) & 0xf) != 0;
}

/* Does L1's virtual CPU have FEAT_NMI (PSTATE.ALLINT)? Its ID register, as L1 reads it. */
static bool vm_has_nmi(const struct nvarm_vel2 *v)
{
	return ((v->cfg->id.pfr1 >> NVARM_ID_AA64PFR1_EL1_NMI_SHIFT) & 0xf) != 0;
}

/* PSTATE.ALLINT on taking an exception to ELx with FEAT_NMI: NOT SCTLR_ELx.SPINTMASK, whatever
 * SCTLR_ELx.NMI is (Arm ARM D1.4 "Exception entry"; AArch64.TakeException). */
static uint64_t allint_on_entry(uint64_t sctlr)
{
	return (sctlr & SCTLR_SPINTMASK) ? 0 : NVARM_PSR_ALLINT;
}

/* Is this PSTATE a valid AArch64 EL0t/EL1t/EL1h/EL2t/EL2h state? (M[1] reserved, EL3 absent) */
static bool psr_valid_a64(uint64_t psr)
{
	unsigned m = psr & NVARM_PSR_M_MASK;

	return m == NVARM_PSR_M_EL0T || m == NVARM_PSR_M_EL1T || m == NVARM_PSR_M_EL1H ||
	       m == NVARM_PSR_M_EL2T || m == NVARM_PSR_M_EL2H;
}

/*
 * AArch32 User mode (M = 0b10000): the only AArch32 state a guest can reach here. HCR_EL2.RW
 * is RES1 for L1's guest (EL1 is AArch64), but L2's EL1 may ERET to AArch32 EL0 without any
 * trap when the hardware has it, so exceptions from there must be taken (DDI 0487 D1.x: the
 * vector offset depends on the state of the EL immediately below the target).
 */
static bool psr_a32_usr(uint64_t psr)
{
	return (psr & NVARM_PSR_M_MASK) == (NVARM_PSR_NRW | 0x0);
}

/* PSTATE.{NZCV, DIT, PAN} kept on exception entry, from an SPSR of either layout (the AArch32
 * SPSR has DIT at bit 21; NZCV and PAN are where AArch64 has them). */
static uint64_t psr_kept(uint64_t old)
{
	if (old & NVARM_PSR_NRW)
		return (old & (NVARM_PSR_NZCV | NVARM_PSR_PAN)) | (((old >> 21) & 1) << 24);
	return old & (NVARM_PSR_NZCV | NVARM_BIT(24) | NVARM_PSR_PAN);
}

/* nvarm__vel2_set() with the effective E2H already known (@p e2h: the same for the five
 * registers an exception writes, none of which is HCR_EL2): the indexed masks at once. */
static inline void inject_set(struct nvarm_vel2 *v, unsigned id, uint64_t val, unsigned e2h)
{
	uint64_t *p;
	unsigned k;

	if (NVARM_UNLIKELY(!v->masks_indexed)) {
		nvarm__vel2_set(v, id, val);
		return;
	}
	p = nvarm__vel2_slot(v, id);
	NVARM_ASSERT(p != NULL);
	if (!p)
		return;
	k = v->mask_slot[id];
	*p = k ? (val & ~v->mask_res[e2h][0][k - 1]) | v->mask_res[e2h][1][k - 1] : val;
}

/* The vector offset (from VBAR_EL2) and the new PSTATE of an exception of @p kind taken to
 * vEL2 from @p ps; @p ps->pstate already checked. Reads HCR_EL2 and SCTLR_EL2. */
static inline __attribute__((__always_inline__)) void vel2_entry(const struct nvarm_vel2 *v,
								 enum nvarm_exc_kind kind,
								 uint64_t old, uint64_t *off,
								 uint64_t *psr_out)
{
	uint64_t psr, hcr, sctlr, o;
	unsigned from_el = psr_a32_usr(old) ? 0 : (old >> 2) & 3;

	/* AArch32 lower ELs are not offered to L1 (HCR_EL2.RW is RES1) */
	if (from_el == 2)
		o = (old & 1) ? 0x200 : 0x000;
	else
		o = 0x400;
	*off = o + (uint64_t)kind * 0x80;

	hcr = nvarm__vel2_get(v, NVARM_SR_HCR_EL2);
	sctlr = nvarm__vel2_get(v, NVARM_SR_SCTLR_EL2);
	/* New PSTATE: EL2h, DAIF set, IL/SS/BTYPE/UAO cleared, NZCV/DIT kept */
	psr = psr_kept(old) | NVARM_PSR_M_EL2H | PSR_DAIF;
	/* PSTATE.PAN is set on entry to EL2 when E2H=TGE=1 and SCTLR_EL2.SPAN == 0 */
	if ((hcr & (HCR_E2H | HCR_TGE)) == (HCR_E2H | HCR_TGE) && !(sctlr & SCTLR_SPAN))
		psr |= NVARM_PSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		psr |= NVARM_PSR_SSBS;
	if (vm_has_nmi(v))
		psr |= allint_on_entry(sctlr);
	/* FEAT_MTE: PSTATE.TCO = 1 on exception entry (AArch64.TakeException) */
	if (vm_has_mte(v))
		psr |= NVARM_PSR_TCO;
	*psr_out = psr;
}

/* The checks nvarm_vel2_inject() and nvarm_vel2_entry() share. */
static int entry_args_ok(const void *v, enum nvarm_exc_kind kind,
			 const struct nvarm_vcpu_pstate *ps)
{
	if (!v || !ps || (unsigned)kind > NVARM_EXC_SERROR)
		return NVARM_ERR_INVAL;
	if (!psr_valid_a64(ps->pstate) && !psr_a32_usr(ps->pstate))
		return NVARM_ERR_INVAL;
	return 0;
}

int nvarm_vel2_inject(struct nvarm_vel2 *v, enum nvarm_exc_kind kind,
		      const struct nvarm_vel2_exc *exc, struct nvarm_vcpu_pstate *ps)
{
	uint64_t old, psr, off;
	unsigned e2h;
	int r = entry_args_ok(v, kind, ps);

	if (r)
		return r;
	if ((kind == NVARM_EXC_SYNC || kind == NVARM_EXC_SERROR) && !exc)
		return NVARM_ERR_INVAL;
	old = ps->pstate;
	vel2_entry(v, kind, old, &off, &psr);
	e2h = nvarm__vel2_vhe(v);
	inject_set(v, NVARM_SR_ELR_EL2, ps->pc, e2h);
	inject_set(v, NVARM_SR_SPSR_EL2, old, e2h);
	if (kind == NVARM_EXC_SYNC || kind == NVARM_EXC_SERROR)
		inject_set(v, NVARM_SR_ESR_EL2, exc->esr, e2h);
	if (exc && (exc->flags & NVARM_EXCF_FAR))
		inject_set(v, NVARM_SR_FAR_EL2, exc->far, e2h);
	if (exc && (exc->flags & NVARM_EXCF_HPFAR)) /* HPFAR_EL2.FIPA = IPA[51:12] at [43:4] */
		inject_set(v, NVARM_SR_HPFAR_EL2, (exc->fault_ipa.v & NVARM_GENMASK(51, 12)) >> 8,
			   e2h);
	ps->pstate = psr;
	ps->pc = (nvarm__vel2_get(v, NVARM_SR_VBAR_EL2) & ~UINT64_C(0x7ff)) + off;
	return 0;
}

int nvarm_vel2_entry(const struct nvarm_vel2 *v, enum nvarm_exc_kind kind,
		     struct nvarm_vcpu_pstate *ps)
{
	uint64_t psr, off;
	int r = entry_args_ok(v, kind, ps);

	if (r)
		return r;
	vel2_entry(v, kind, ps->pstate, &off, &psr);
	ps->pstate = psr;
	ps->pc = (nvarm__vel2_get(v, NVARM_SR_VBAR_EL2) & ~UINT64_C(0x7ff)) + off;
	return 0;
}

/* nvarm_vel2_eret() from the given SPSR_EL2 and ELR_EL2, @p cur the current PSTATE (at EL2). */
static inline __attribute__((__always_inline__)) int vel2_eret(const struct nvarm_vel2 *v,
							       uint64_t spsr, uint64_t elr,
							       uint64_t cur,
							       struct nvarm_vcpu_pstate *ps)
{
	uint64_t hcr, restore = PSR_RESTORE_MASK;
	unsigned target, m;
	bool illegal, a32;

	hcr = nvarm__vel2_get(v, NVARM_SR_HCR_EL2);
	m = spsr & NVARM_PSR_M_MASK;
	target = (m >> 2) & 3;

	/* IllegalExceptionReturn(): AArch32 (no AArch32 ELs here), M[1] set, EL3 (not
	 * implemented), EL0 with SP_ELx, EL1 while HCR_EL2.TGE == 1 whatever E2H is (the
	 * pseudocode tests TGE alone: a non-VHE L1 with TGE set cannot enter its guest's EL1) */
	/* AArch32 User mode is a legal EL0 target when L1's ID_AA64PFR0_EL1.EL0 says AArch32
	 * EL0 is implemented (the hardware's, see nvarm_vm_config_init) */
	a32 =
	    psr_a32_usr(spsr) && ((v->cfg->id.pfr0 >> NVARM_ID_AA64PFR0_EL1_EL0_SHIFT) & 0xf) == 2;
	illegal = (!psr_valid_a64(spsr) && !a32) || (target == 1 && (hcr & HCR_TGE));
	/* FEAT_NMI: PSTATE.ALLINT from SPSR_EL2.ALLINT (Arm ARM D1.4 "Exception return") */
	if (vm_has_nmi(v))
		restore |= NVARM_PSR_ALLINT;
	/* FEAT_MTE: PSTATE.TCO from SPSR_EL2.TCO */
	if (vm_has_mte(v))
		restore |= NVARM_PSR_TCO;

	if (illegal) {
		/* PSTATE.{EL, nRW, SP} unchanged, IL set, the rest from SPSR_EL2 */
		ps->pstate = (spsr & restore & ~(uint64_t)NVARM_PSR_M_MASK) |
			     (cur & NVARM_PSR_M_MASK) | NVARM_PSR_IL;
		ps->pc = elr;
		return NVARM_ERET_EL2;
	}
	/* AArch32: the whole 32-bit SPSR (IT, T, E, GE, Q...) is PSTATE again */
	ps->pstate = a32 ? spsr & UINT64_C(0xffffffff) : spsr & restore;
	ps->pc = a32 ? elr & UINT64_C(0xffffffff) : elr;
	/* EL0 while HCR_EL2.{E2H,TGE} == {1,1} is the EL0 of the EL2&0 regime (Arm ARM
	 * "Virtualization Host Extensions"): L1's own user space, not its guest */
	if (target == 0 && (hcr & (HCR_E2H | HCR_TGE)) == (HCR_E2H | HCR_TGE))
		return NVARM_ERET_HOST_EL0;
	return (int)target;
}

/* nvarm_vel2_eret()'s and nvarm_vel2_eret_regs()'s check of the current PSTATE: at EL2. */
static bool at_el2(uint64_t cur)
{
	return !(cur & NVARM_PSR_NRW) && ((cur >> 2) & 3) == 2;
}

int nvarm_vel2_eret(struct nvarm_vel2 *v, unsigned sub, const uint64_t *auth_elr,
		    struct nvarm_vcpu_pstate *ps)
{
	if (!v || !ps || sub > 2)
		return NVARM_ERR_INVAL;
	if (!at_el2(ps->pstate))
		return NVARM_ERR_STATE;
	if (sub != 0 && !auth_elr)
		return NVARM_ERR_UNSUPPORTED;
	return vel2_eret(v, nvarm__vel2_get(v, NVARM_SR_SPSR_EL2),
			 sub ? *auth_elr : nvarm__vel2_get(v, NVARM_SR_ELR_EL2), ps->pstate, ps);
}

int nvarm_vel2_eret_regs(const struct nvarm_vel2 *v, uint64_t spsr, uint64_t elr,
			 struct nvarm_vcpu_pstate *ps)
{
	if (!v || !ps)
		return NVARM_ERR_INVAL;
	if (!at_el2(ps->pstate))
		return NVARM_ERR_STATE;
	return vel2_eret(v, spsr, elr, ps->pstate, ps);
}

int nvarm_el1_inject(struct nvarm_el1_regs *el1, enum nvarm_exc_kind kind,
		     const struct nvarm_vel2_exc *exc, struct nvarm_vcpu_pstate *ps)
{
	uint64_t old, psr, sctlr, off;
	unsigned m;

	if (!el1 || !ps || (unsigned)kind > NVARM_EXC_SERROR)
		return NVARM_ERR_INVAL;
	if ((kind == NVARM_EXC_SYNC || kind == NVARM_EXC_SERROR) && !exc)
		return NVARM_ERR_INVAL;
	if (exc && (exc->flags & NVARM_EXCF_HPFAR))
		return NVARM_ERR_INVAL;
	old = ps->pstate;
	m = old & NVARM_PSR_M_MASK;
	if (m != NVARM_PSR_M_EL0T && m != NVARM_PSR_M_EL1T && m != NVARM_PSR_M_EL1H &&
	    !psr_a32_usr(old))
		return NVARM_ERR_INVAL;
	/* Vector offset: current EL with SP_EL0 / SP_ELx, or lower EL using AArch64 / AArch32 */
	off = m == NVARM_PSR_M_EL0T   ? 0x400
	      : m == NVARM_PSR_M_EL1H ? 0x200
	      : psr_a32_usr(old)      ? 0x600
				      : 0x000;
	off += (uint64_t)kind * 0x80;

	sctlr = el1->r[NVARM_EL1_SCTLR_EL1];
	el1->r[NVARM_EL1_ELR_EL1] = ps->pc;
	/* from EL1 under L1's FEAT_NV ({NV2, NV1, NV} x01 or 111): SPSR says EL2 (M[3:2] 0b10) */
	el1->r[NVARM_EL1_SPSR_EL1] =
	    ((el1->flags & NVARM_EL1F_NV_EL2) && (m == NVARM_PSR_M_EL1T || m == NVARM_PSR_M_EL1H))
		? old + NVARM_PSR_M_EL1T
		: old;
	el1->valid |= NVARM_BIT(NVARM_EL1_ELR_EL1) | NVARM_BIT(NVARM_EL1_SPSR_EL1);
	if (kind == NVARM_EXC_SYNC || kind == NVARM_EXC_SERROR) {
		el1->r[NVARM_EL1_ESR_EL1] = exc->esr;
		el1->valid |= NVARM_BIT(NVARM_EL1_ESR_EL1);
	}
	if (exc && (exc->flags & NVARM_EXCF_FAR)) {
		el1->r[NVARM_EL1_FAR_EL1] = exc->far;
		el1->valid |= NVARM_BIT(NVARM_EL1_FAR_EL1);
	}
	/* New PSTATE: EL1h, DAIF set, IL/SS/BTYPE/UAO cleared, NZCV/DIT/PAN kept; PAN set on
	 * entry to EL1 when SCTLR_EL1.SPAN is 0; SSBS from SCTLR_EL1.DSSBS; ALLINT from
	 * SCTLR_EL1.SPINTMASK on a PE with FEAT_NMI */
	psr = psr_kept(old) | NVARM_PSR_M_EL1H | PSR_DAIF;
	if (!(sctlr & SCTLR_SPAN))
		psr |= NVARM_PSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		psr |= NVARM_PSR_SSBS;
	if (el1->flags & NVARM_EL1F_NMI)
		psr |= allint_on_entry(sctlr);
	if (el1->flags & NVARM_EL1F_MTE)
		psr |= NVARM_PSR_TCO;
	ps->pstate = psr;
	ps->pc = (el1->r[NVARM_EL1_VBAR_EL1] & ~UINT64_C(0x7ff)) + off;
	return 0;
}

/* vEL2 runs at hardware EL1: M[3:2] (the EL) differs by one between the two views; M[0] (SP
 * select), AArch32 states and every other bit are the same. */
uint64_t nvarm_vel2_psr_to_hw(uint64_t vpsr)
{
	if (!(vpsr & NVARM_PSR_NRW) && ((vpsr >> 2) & 3) == 2)
		return vpsr - NVARM_PSR_M_EL1T;
	return vpsr;
}

uint64_t nvarm_vel2_psr_from_hw(uint64_t hwpsr)
{
	if (!(hwpsr & NVARM_PSR_NRW) && ((hwpsr >> 2) & 3) == 1)
		return hwpsr + NVARM_PSR_M_EL1T;
	return hwpsr;
}
