// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// FEAT_SVE and FEAT_SME for L1 (NVARM_VMF_SVE, NVARM_VMF_SME, as the host has them;
// nvarm.sve=off / nvarm.sme=off hide them, and nvarm offers them under FEAT_NV alone only to
// an L1 whose E2H cannot be 0: src/sysreg/features.c).
//
// The vector length (DDI 0487 "Effective SVE vector length"): at EL2 ZCR_EL2.LEN alone, at
// EL1 the smaller of ZCR_EL1.LEN and ZCR_EL2.LEN, rounded down to an implemented length. L1's
// vEL2 runs at EL1 with its vZCR_EL2 in the hardware ZCR_EL1 (nvarm's vEL2 shadow), so while
// L1 runs the hardware ZCR_EL2 is this L0's limit, L0_ZCR_LEN (none: the host's lengths);
// while L2 runs it is the smaller of that and L1's vZCR_EL2 (nvarm_shadow_zcr_hw), L2's own
// ZCR_EL1 being the hardware ZCR_EL1. Written only when the value changes (it changes with
// L1's ZCR_EL2 alone).
//
// L1's CPTR_EL2.TZ/ZEN and L2's CPACR_EL1.ZEN: nvarm's vEL2 shadow turns L1's controls for
// itself into CPACR_EL1 enables, and forwarding puts those for L2 into the hardware CPTR_EL2
// and routes the traps (EC 0x19 before 0x07: CheckSVEEnabled()); L1's trapped ZCR_EL2
// accesses under its own controls are NVARM_EMUL_EXC, taken at vEL2 (trap.c).
//
// The Z, P and FFR registers are L1's and L2's alone: this L0 is built without FP/SIMD
// (-mgeneral-regs-only) and runs one vCPU per physical CPU, so it never saves them.
//
// SME the same way, with SMCR_EL2 for ZCR_EL2 (nvarm_shadow_smcr_hw: the streaming vector
// length, and FA64/EZT0, which apply at EL1 only where SMCR_EL2 has them too): L0's limit
// while L1 runs, the smaller of that and L1's vSMCR_EL2 while L2 runs. L1's CPTR_EL2.TSM/SMEN
// and L2's CPACR_EL1.SMEN as TZ/ZEN (EC 0x1D); L1's trapped SMCR_EL2 accesses under its own
// controls are NVARM_EMUL_EXC too. ZA, ZT0 and the streaming Z/P registers are shared by EL2
// and EL1 natively as the Z registers are, and PSTATE.SM/ZA (SVCR) are L1's and L2's own:
// nothing of them is saved here either.
#include "l0.h"

/* (ZCR_EL2 accesses at EL2 obey CPTR_EL2.TZ and then TFP: written while the hardware holds
 * L0's own CPTR_EL2 for L1, before L2's is loaded and after L0's is back.) */
#define L0_ZCR_LEN NVARM_ZCR_EL2_LEN_MASK

static inline bool sve_on(const struct l0_vcpu *v)
{
	return (v->vm->cfg.features & NVARM_VMF_SVE) != 0;
}

static inline bool sme_on(const struct l0_vcpu *v)
{
	return (v->vm->cfg.features & NVARM_VMF_SME) != 0;
}

static void smcr_el2_set(struct l0_vcpu *v, uint64_t val)
{
	if (v->smcr_el2 != val) {
		write_sysreg(s3_4_c1_c2_6, /* SMCR_EL2 */ val);
		v->smcr_el2 = val;
	}
}

static void zcr_el2_set(struct l0_vcpu *v, uint64_t val)
{
	if (v->zcr_el2 != val) {
		write_sysreg(s3_4_c1_c2_0, /* ZCR_EL2 */ val);
		v->zcr_el2 = val;
	}
}

/* Before L1's first entry, on its CPU: whatever the reset left there, L0's limit. */
void sve_l1_init(struct l0_vcpu *v)
{
	if (sme_on(v)) {
		uint64_t res0 = 0, res1 = 0;

		/* L0's limit: no length limit; FA64 and EZT0 where the VM's SMCR_EL2 defines them
		 * (nvarm's masks, from the VM's ID registers, the host's with SME offered: FA64
		 * with ID_AA64SMFR0_EL1.FA64, EZT0 with SME2). Also its value while L1 runs. */
		(void)nvarm_vel2_masks(&v->v2, NVARM_SR_SMCR_EL2, &res0, &res1);
		v->smcr_el2_l1 = nvarm_shadow_smcr_hw(
		    &v->v2, false,
		    (NVARM_SMCR_EL2_LEN_MASK | NVARM_SMCR_EL2_FA64 | NVARM_SMCR_EL2_EZT0) & ~res0);
		write_sysreg(s3_4_c1_c2_6, /* SMCR_EL2 */ v->smcr_el2_l1);
		v->smcr_el2 = v->smcr_el2_l1;
	}
	if (!sve_on(v))
		return;
	/* (L1's value depends on the VM alone: taken once, for every L2 exit) */
	v->zcr_el2_l1 = nvarm_shadow_zcr_hw(&v->v2, false, L0_ZCR_LEN);
	write_sysreg(s3_4_c1_c2_0, /* ZCR_EL2 */ v->zcr_el2_l1);
	v->zcr_el2 = v->zcr_el2_l1;
}

/* World switch L1 -> L2 (L1's vEL2 registers folded back into the file). */
void sve_l2_enter(struct l0_vcpu *v)
{
	if (sve_on(v))
		zcr_el2_set(v, nvarm_shadow_zcr_hw(&v->v2, true, L0_ZCR_LEN));
	if (sme_on(v))
		smcr_el2_set(v, nvarm_shadow_smcr_hw(&v->v2, true, v->smcr_el2_l1));
}

/* World switch L2 -> L1, after L0's own CPTR_EL2 is back (route_exit_l2). */
void sve_l2_exit(struct l0_vcpu *v)
{
	if (sve_on(v))
		zcr_el2_set(v, v->zcr_el2_l1);
	if (sme_on(v))
		smcr_el2_set(v, v->smcr_el2_l1);
}
