// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// System instructions (MRS, MSR, SYS, SYSL) through Unicorn's instruction hooks, which fire
// before Unicorn's own access checks. Each access is turned into the ESR_EL2 a trap would
// have (EC 0x18) and decoded by nvarm_trap_decode():
//  - from L1 (vEL2 at hardware EL1): the accesses FEAT_NV would trap (EL2 and EL12 names, the
//    EL1 registers that hold vEL2 or vEL1 state, CurrentEL, TLBI/AT, ID registers) go through
//    nvarm_sysreg_emulate() on the vEL2 file, L1's ICH_* through nvarm's nested vGIC, the
//    timers and the GIC CPU interface to their models; everything else runs natively.
//    Under --mode nv2 the registers with a VNCR_EL2 page offset are loads and stores to that
//    page, as FEAT_NV2 hardware does (no emulation; nvarm_vel2_sanitise() at the next trap).
//  - from L2: nvarm_fwd_route() with L1's trap controls: forwarded to L1, UNDEFINED, or
//    the L0's (ACTLR_EL1, counter/timers, the virtual GIC CPU interface; the rest natively).
// A skipped instruction the CPU model does not know must move the PC itself (Unicorn would
// otherwise restart at it); a redirection (exception) is left to the run loop.
#include <string.h>

#include "emu.h"

static unsigned rt_of(uc_arm64_reg reg)
{
	if (reg == UC_ARM64_REG_XZR)
		return 31;
	if (reg == UC_ARM64_REG_X29)
		return 29;
	if (reg == UC_ARM64_REG_X30)
		return 30;
	return (unsigned)(reg - UC_ARM64_REG_X0);
}

/* ISS of EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0] (1 = read). */
uint64_t sysreg_esr(uint32_t enc, bool read, unsigned rt)
{
	uint64_t iss =
	    ((uint64_t)NVARM_SYSREG_OP0(enc) << 20) | ((uint64_t)NVARM_SYSREG_OP2(enc) << 17) |
	    ((uint64_t)NVARM_SYSREG_OP1(enc) << 14) | ((uint64_t)NVARM_SYSREG_CRN(enc) << 10) |
	    ((uint64_t)rt << 5) | ((uint64_t)NVARM_SYSREG_CRM(enc) << 1) | (read ? 1 : 0);
	return (0x18ull << 26) | (1ull << 25) | iss;
}

/* Done with an access the CPU does not execute. Unicorn continues after a skipped
 * instruction only when the register is accessible at EL1; otherwise it restarts at the
 * instruction unless the hook moved the PC: move it always (the code hook does not count
 * the next instruction twice: E.pc_written). */
static uint32_t skip(uint32_t enc, uint64_t pc)
{
	(void)enc;
	set_pc(pc + 4);
	E.pc_written = true;
	return 1;
}

static uint32_t done_read(uint32_t enc, uint64_t pc, unsigned rt, uint64_t v)
{
	if (rt != 31)
		set_x(rt, v);
	return skip(enc, pc);
}

static uint32_t redirect(const struct pend *p)
{
	pend_set(p);
	return 1;
}

/* ------------------------------------------------------------ L1 (vEL2) */

/* Is @p enc one of the EL1 registers that carry vEL2/vEL1 state (nvarm's shadow list)? */
static bool shadow_enc(uint32_t enc)
{
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_el1_reg_id(i));
		if (d && d->enc == enc)
			return true;
	}
	return false;
}

static bool is_timer(uint32_t enc)
{
	return NVARM_SYSREG_OP0(enc) == 3 && NVARM_SYSREG_CRN(enc) == 14 &&
	       enc != NVARM_ENC_CNTFRQ_EL0;
}

static bool is_icc(uint32_t enc)
{
	return NVARM_SYSREG_OP0(enc) == 3 && NVARM_SYSREG_OP1(enc) == 0 &&
	       ((NVARM_SYSREG_CRN(enc) == 12 && NVARM_SYSREG_CRM(enc) >= 8) ||
		enc == NVARM_ENC_ICC_PMR_EL1);
}

static bool is_ich(uint32_t enc)
{
	return NVARM_SYSREG_OP0(enc) == 3 && NVARM_SYSREG_OP1(enc) == 4 &&
	       NVARM_SYSREG_CRN(enc) == 12 && NVARM_SYSREG_CRM(enc) >= 8;
}

/* Would FEAT_NV hardware trap this access from vEL2 (or does the emulator own it)? */
static bool l1_trapped(uint32_t enc)
{
	unsigned op0 = NVARM_SYSREG_OP0(enc), op1 = NVARM_SYSREG_OP1(enc);

	if (op0 == 1) /* TLBI, AT: L0's business; DC/IC run natively */
		return NVARM_SYSREG_CRN(enc) == 8 || NVARM_SYSREG_CRN(enc) == 9 ||
		       (NVARM_SYSREG_CRN(enc) == 7 &&
			(NVARM_SYSREG_CRM(enc) == 8 || NVARM_SYSREG_CRM(enc) == 9));
	if (op1 == 4 || op1 == 5)
		return true;
	if (enc == NVARM_ENC_CURRENTEL || shadow_enc(enc) || is_timer(enc) || is_icc(enc))
		return true;
	/* the ID registers as nvarm gives them to the VM (MIDR/MPIDR come from the shadow) */
	return op0 == 3 && op1 == 0 && NVARM_SYSREG_CRN(enc) == 0 && NVARM_SYSREG_CRM(enc) != 0;
}

#define PAR_F (1ull << 0)
#define PAR_S (1ull << 9)

/* L1's AT S1E2R/W (its own EL2 stage-1, from the vEL2 file) and S12E1R/W, S12E0R/W (L2's
 * stage 1 as L2 has it, then nvarm_s2mmu_translate() over L1's stage-2). PAR_EL1 is the
 * hardware's: L1 reads it natively. */
static void at_emulate(uint32_t enc, uint64_t va)
{
	unsigned op2 = NVARM_SYSREG_OP2(enc);
	uint64_t par;

	if (NVARM_SYSREG_OP1(enc) == 4 && op2 <= 1) {
		bool vhe = nvarm_vel2_is_vhe(&E.v2);
		uint64_t pa;
		unsigned lvl;
		if (s1_walk(vhe, vel2_get(NVARM_ENC_SCTLR_EL2), vel2_get(NVARM_ENC_TCR_EL2),
			    vel2_get(NVARM_ENC_TTBR0_EL2), va, &pa, &lvl))
			par = (pa & 0x0000fffffffff000ull) | (0xffull << 56) | (3ull << 7);
		else
			par = PAR_F | ((0x04ull + lvl) << 1);
		cp_write(NVARM_ENC_PAR_EL1, par);
		return;
	}
	if (NVARM_SYSREG_OP1(enc) == 4 && op2 >= 4) {
		/* L2's stage 1: its SCTLR_EL1.M (from the vEL1 file); this example's L2s run with
		 * it off, so the L2 IPA is the VA. */
		struct nvarm_s2mmu_l1_regs l1;
		struct nvarm_s2mmu_translation tr;
		bool write = op2 & 1;
		if (vel2_get(NVARM_ENC_SCTLR_EL1) & 1) {
			cp_write(NVARM_ENC_PAR_EL1, PAR_F | (0x04ull << 1));
			return;
		}
		l1_s2_regs(&l1);
		if (nvarm_s2mmu_translate(&E.s2, &l1, nvarm_ipa2(va),
					  write ? NVARM_S2_ACC_W : NVARM_S2_ACC_R, &tr)) {
			fatal("nvarm_s2mmu_translate failed");
			return;
		}
		/* L2's stage 1 off: with HCR_EL2.DC = 0 its data accesses are Device-nGnRnE,
		 * which any stage-2 type keeps (ATTR 0x00, SH Outer Shareable); with DC = 1 they
		 * are Normal Write-Back, combined with stage 2's MemAttr (the weaker wins). */
		uint64_t attr = 0, sh = 2;
		if (vel2_get(NVARM_ENC_HCR_EL2) & NVARM_HCR_EL2_DC) {
			unsigned m = tr.memattr & 0xf;
			static const uint8_t cache[4] = {0, 0x4, 0xb, 0xf}; /* NC, WT, WB */
			if ((m >> 2) == 0) {
				attr = (uint64_t)(m & 3) << 2; /* Device-nGnRnE..GRE */
			} else if ((m & 3) == 0) {
				attr = 0x44; /* inner UNPREDICTABLE: treated as Non-cacheable */
			} else {
				attr = (uint64_t)cache[m >> 2] << 4 | cache[m & 3];
				sh = attr == 0x44 ? 2 : 3;
			}
		}
		if (tr.fault == NVARM_S2_FAULT_NONE)
			par = (tr.ipa1.v & 0x0000fffffffff000ull) | (attr << 56) | (sh << 7);
		else
			par = PAR_F | PAR_S | ((uint64_t)tr.fsc << 1);
		cp_write(NVARM_ENC_PAR_EL1, par);
		return;
	}
	cp_write(NVARM_ENC_PAR_EL1, PAR_F);
}

/* FEAT_NV2: the access goes to the VNCR page (EL2 registers and the vEL1 registers by the
 * names that mean them), a plain load or store. */
static bool nv2_vncr(const struct nvarm_trap *t, bool read, unsigned rt, uint64_t x)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(t->reg);
	unsigned op1 = NVARM_SYSREG_OP1(t->enc);
	bool vhe = nvarm_vel2_is_vhe(&E.v2);

	if (E.mode != MODE_NV2 || !d || d->vncr == NVARM_VNCR_NONE || d->enc != t->enc)
		return false;
	uint64_t tmp;
	if (is_ich(t->enc) &&
	    nvarm_vgic_vreg_read(&E.vgic, E.vgic_v, t->enc, &tmp) == NVARM_ERR_BAD_ENCODING)
		return false; /* a list register the hardware does not have: UNDEFINED */
	/* EL2 names, EL12 names (VHE), EL1 names that mean the vEL1 register (non-VHE) */
	if (!(op1 == 4 || (op1 == 5 && vhe) || (op1 == 0 && !vhe)))
		return false;
	uint64_t *slot = (uint64_t *)(void *)(E.vncr + d->vncr);
	E.st.vncr++;
	if (read) {
		if (rt != 31)
			set_x(rt, *slot);
	} else {
		*slot = x;
	}
	return true;
}

/* An ICC_* access served by the emulated GIC (result @p r): UNDEFINED (an exception of kind
 * @p exc_kind) when it refused, else done, and the run loop looks at interrupts again (the
 * CPU interface changed). */
static uint32_t icc_done(int r, enum pend_kind exc_kind, uint32_t enc, uint64_t pc, unsigned rt,
			 bool read, uint64_t v)
{
	if (r < 0) {
		struct pend p = {.kind = exc_kind, .esr = 1ull << 25, .pc = pc};
		return redirect(&p);
	}
	if (read)
		done_read(enc, pc, rt, v);
	else
		skip(enc, pc);
	struct pend p = {.kind = PEND_RESUME, .pc = pc + 4};
	return redirect(&p);
}

/*
 * A guest's write of DBGBCR<n>_EL1: Unicorn 2.1.1's CPU crashes
 * (SEGV in the engine, seen with the conformance image's debug section) when one arms a
 * hardware breakpoint (E = 1), so the emulator models none: the write goes to the CPU with E
 * clear, and no breakpoint is ever taken (documented in examples/README.md).
 */
static uint32_t dbgbcr_write(uint32_t enc, unsigned rt, uint64_t x, uint64_t pc)
{
	(void)rt;
	cp_write(enc, x & ~1ull);
	return skip(enc, pc);
}

/* DBGBCR<n>_EL1: the database's DBGBCR0_EL1 with CRm = n */
static bool is_dbgbcr(uint32_t enc)
{
	return (enc & ~NVARM_SYSREG_ENC(0, 0, 0, 15, 0)) == NVARM_ENC_DBGBCR0_EL1;
}

static uint32_t sys_l1(uint32_t enc, bool read, unsigned rt, uint64_t x, uint64_t pc)
{
	struct nvarm_trap t;
	uint64_t v = x;
	int r;

	if (!read && is_dbgbcr(enc))
		return dbgbcr_write(enc, rt, x, pc);
	if (!l1_trapped(enc))
		return 0;
	E.st.sysreg_l1++;
	if (enc == NVARM_ENC_CURRENTEL)
		return done_read(enc, pc, rt, 2ull << 2);
	if (nvarm_trap_decode(sysreg_esr(enc, read, rt), &t) < 0) {
		struct pend p = {.kind = PEND_EXC_L1, .esr = 1ull << 25, .pc = pc};
		return redirect(&p);
	}
	if (nv2_vncr(&t, read, rt, x))
		return skip(enc, pc);
	if (E.mode == MODE_NV2)
		nvarm_vel2_sanitise(&E.v2); /* what L1 stored in the page, before nvarm reads it */
	if (NVARM_SYSREG_OP0(enc) == 1) {
		uint64_t x0 = 0;
		r = nvarm_sysreg_emulate(&E.v2, &t, &x0);
		if (r == NVARM_EMUL_UNDEF || t.cls == NVARM_TC_UNDEF) {
			struct pend p = {.kind = PEND_EXC_L1, .esr = 1ull << 25, .pc = pc};
			return redirect(&p);
		}
		if (t.cls == NVARM_TC_TLBI) {
			struct nvarm_s2mmu_l1_regs l1;
			l1_s2_regs(&l1);
			if (nvarm_s2mmu_tlbi(&E.s2, enc, x, &l1) < 0)
				fatal("nvarm_s2mmu_tlbi failed");
			E.st.tlbi++;
			tlb_flush();
		} else if (t.cls == NVARM_TC_AT) {
			at_emulate(enc, x);
		}
		return skip(enc, pc);
	}
	r = timer_sysreg(enc, read, &v);
	if (r < 0) {
		struct pend p = {.kind = PEND_EXC_L1, .esr = 1ull << 25, .pc = pc};
		return redirect(&p);
	}
	if (r > 0)
		return read ? done_read(enc, pc, rt, v) : skip(enc, pc);
	if (is_icc(enc)) {
		r = gic_icc_l1(enc, read, &v); /* before v is passed on */
		return icc_done(r, PEND_EXC_L1, enc, pc, rt, read, v);
	}
	if (is_ich(enc) || enc == NVARM_ENC_ICH_HCR_EL2 || enc == NVARM_ENC_ICH_VMCR_EL2 ||
	    enc == NVARM_ENC_ICH_VTR_EL2 || enc == NVARM_ENC_ICH_MISR_EL2 ||
	    enc == NVARM_ENC_ICH_EISR_EL2 || enc == NVARM_ENC_ICH_ELRSR_EL2 ||
	    (NVARM_SYSREG_OP1(enc) == 4 && NVARM_SYSREG_CRN(enc) == 12 &&
	     (NVARM_SYSREG_CRM(enc) == 8 || NVARM_SYSREG_CRM(enc) == 9))) {
		r = read ? nvarm_vgic_vreg_read(&E.vgic, E.vgic_v, enc, &v)
			 : nvarm_vgic_vreg_write(&E.vgic, E.vgic_v, enc, v);
		if (r == NVARM_ERR_NOENT) /* not an ICH_* register (ICC_SRE_EL2): the file's */
			goto file;
		if (r < 0) {
			struct pend p = {.kind = PEND_EXC_L1, .esr = 1ull << 25, .pc = pc};
			return redirect(&p);
		}
		/* L1's maintenance interrupt follows its virtual ICH_* state */
		gic_ppi_level(PPI_MAINT, nvarm_vgic_maint_pending(&E.vgic, E.vgic_v));
		if (read)
			return done_read(enc, pc, rt, v);
		struct pend p = {.kind = PEND_RESUME, .pc = pc + 4};
		skip(enc, pc);
		return redirect(&p);
	}
file:
	r = nvarm_sysreg_emulate(&E.v2, &t, &v);
	if (r == NVARM_EMUL_FORWARD) {
		/* registers nvarm leaves to their owner and this emulator has no model for:
		 * plain storage in the file, else the CPU's own */
		int s =
		    read ? nvarm_vel2_read(&E.v2, t.reg, &v) : nvarm_vel2_write(&E.v2, t.reg, v);
		if (s != 0)
			return 0;
		r = NVARM_EMUL_OK;
	}
	if (r == NVARM_EMUL_UNDEF || r < 0) {
		struct pend p = {.kind = PEND_EXC_L1, .esr = 1ull << 25, .pc = pc};
		return redirect(&p);
	}
	if (r == NVARM_EMUL_RELOAD) {
		l1_shadow_load();
		tlb_flush();
	}
	if (read)
		return done_read(enc, pc, rt, v);
	if (NVARM_SYSREG_OP1(enc) == 4 && NVARM_SYSREG_CRN(enc) <= 2)
		tlb_flush(); /* SCTLR/TCR/TTBR of L1's EL2 regime: the TLB-fill hook walks them */
	return skip(enc, pc);
}

/* ------------------------------------------------------------ L2 */

static void l2_fwd_load(void);

void fwd_load_l2(void)
{
	l2_fwd_load();
}

static void l2_fwd_load(void)
{
	struct nvarm_fwd_vstate vs;
	int r = nvarm_fwd_vstate_from_vel2(&E.v2, 0, &vs);
	if (!r) /* CNTHCTL_EL2 has one owner, nvarm's vtimer (timer.c) */
		vs.reg[NVARM_FWD_CNTHCTL_EL2] = timer_l1_cnthctl();
	if (!r)
		r = nvarm_fwd_load(&E.fwd, &vs);
	if (r)
		fatal("nvarm_fwd_vstate_from_vel2/nvarm_fwd_load failed");
}

static uint32_t sys_l2(uint32_t enc, bool read, unsigned rt, uint64_t x, uint64_t pc)
{
	uint64_t esr = sysreg_esr(enc, read, rt);
	struct nvarm_fwd_result res;
	uint64_t v = x;
	int r;

	E.st.sysreg_l2++;
	r = nvarm_fwd_route(&E.fwd, esr, 1, &res);
	if (r != NVARM_FWD_FORWARD && r != NVARM_FWD_UNDEF && !read && is_dbgbcr(enc))
		return dbgbcr_write(enc, rt, x, pc);
	if (E.trace)
		EMU_LOG("trace: L2 sysreg S%u_%u_C%u_C%u_%u %s x%u=0x%lx pc 0x%lx route %d\n",
			NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc), NVARM_SYSREG_CRN(enc),
			NVARM_SYSREG_CRM(enc), NVARM_SYSREG_OP2(enc), read ? "read" : "write", rt,
			(unsigned long)x, (unsigned long)pc, r);
	if (r == NVARM_FWD_FORWARD) {
		struct pend p = {.kind = PEND_EXC_L1, .esr = res.esr, .pc = pc};
		return redirect(&p);
	}
	if (r == NVARM_FWD_UNDEF) {
		struct pend p = {.kind = res.target_el == 2 ? PEND_EXC_L1 : PEND_EXC_L2,
				 .esr = res.esr,
				 .pc = pc};
		return redirect(&p);
	}
	/* DCZID_EL0.DZP reads 1 when DC ZVA traps (L1's HCR_EL2.TDZ [28]) */
	if (enc == NVARM_ENC_DCZID_EL0 && read)
		return done_read(enc, pc, rt,
				 cp_read(enc) | ((vel2_get(NVARM_ENC_HCR_EL2) >> 28) & 1) << 4);
	/* L0's own: IMPLEMENTATION DEFINED controls stay the host's (RAZ/WI, HCR_EL2.TACR) */
	if (enc == NVARM_ENC_ACTLR_EL1)
		return read ? done_read(enc, pc, rt, 0) : skip(enc, pc);
	if (is_timer(enc) || enc == NVARM_ENC_CNTKCTL_EL1) {
		r = timer_sysreg(enc, read, &v);
		if (r > 0)
			return read ? done_read(enc, pc, rt, v) : skip(enc, pc);
		if (r < 0) {
			struct pend p = {.kind = PEND_EXC_L2, .esr = 1ull << 25, .pc = pc};
			return redirect(&p);
		}
		return 0;
	}
	if (is_icc(enc)) {
		r = gic_icv_l2(enc, read, &v); /* before v is passed on */
		return icc_done(r, PEND_EXC_L2, enc, pc, rt, read, v);
	}
	return 0; /* not trapped: the CPU runs it */
}

/* ------------------------------------------------------------ hooks */

static uint32_t sys_any(const uc_arm64_cp_reg *cp, uc_arm64_reg reg, bool read)
{
	uint32_t enc = NVARM_SYSREG_ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2);
	unsigned rt = rt_of(reg);
	uint64_t pc = reg_pc();
	uint64_t x = rt == 31 ? 0 : cp->val;

	if (E.stopping)
		return 1; /* a redirection is pending: nothing more runs */
	if (!read)
		E.irq_poll = true; /* a write may unmask or raise an interrupt: the loop looks */
	return E.in_l2 ? sys_l2(enc, read, rt, x, pc) : sys_l1(enc, read, rt, x, pc);
}

static uint32_t hook_mrs(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *u)
{
	(void)uc;
	(void)u;
	return sys_any(cp, reg, true);
}

static uint32_t hook_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *u)
{
	(void)uc;
	(void)u;
	return sys_any(cp, reg, false);
}

void sysreg_hooks_install(void)
{
	uc_hook h;
	uc_hook_add(E.uc, &h, UC_HOOK_INSN, (void *)hook_mrs, NULL, 1, 0, UC_ARM64_INS_MRS);
	uc_hook_add(E.uc, &h, UC_HOOK_INSN, (void *)hook_msr, NULL, 1, 0, UC_ARM64_INS_MSR);
	uc_hook_add(E.uc, &h, UC_HOOK_INSN, (void *)hook_msr, NULL, 1, 0, UC_ARM64_INS_SYS);
	uc_hook_add(E.uc, &h, UC_HOOK_INSN, (void *)hook_mrs, NULL, 1, 0, UC_ARM64_INS_SYSL);
}
