// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The emulator embedding's machine and run loop (see emu.h): Unicorn's arm64 "max" CPU kept at
// EL1 for both L1 (virtual EL2) and L2, L1's RAM, its PL011 and GIC as MMIO callbacks, a DTB
// built with libfdt, and the loop that runs Unicorn until a hook asks for something:
// exceptions into vEL2 or L2's EL1 (nvarm_vel2_inject / nvarm_el1_inject), L1's ERET
// (nvarm_vel2_eret, world switch with nvarm's shadow registers), interrupts, timers.
//
//   nvarm_emu [--mode nv|nv2] [--max-insns N] [--quiet] [--trace] [--expect-pass] IMAGE
// --expect-pass: exit 0 only when L1 and L2 both printed "verdict: PASS" (and powered off);
// --max-cpu-ms: and the run took at most that much CPU time.
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu.h"

struct emu E;

/* ------------------------------------------------------------ registers */

static int xreg_id(unsigned n)
{
	if (n <= 28)
		return UC_ARM64_REG_X0 + (int)n;
	return n == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30;
}

uint64_t reg_x(unsigned n)
{
	uint64_t v = 0;
	if (n < 31)
		uc_reg_read(E.uc, xreg_id(n), &v);
	return v;
}

void set_x(unsigned n, uint64_t v)
{
	if (n < 31)
		uc_reg_write(E.uc, xreg_id(n), &v);
}

uint64_t reg_pc(void)
{
	uint64_t v = 0;
	uc_reg_read(E.uc, UC_ARM64_REG_PC, &v);
	return v;
}

void set_pc(uint64_t pc)
{
	uc_reg_write(E.uc, UC_ARM64_REG_PC, &pc);
}

uint64_t reg_pstate(void)
{
	uint32_t v = 0;
	uc_reg_read(E.uc, UC_ARM64_REG_PSTATE, &v);
	return v;
}

void set_pstate(uint64_t v)
{
	uint32_t p = (uint32_t)v;
	if ((v & 0xf) != 5)
		fatal("only EL1h is supported on the emulated CPU");
	uc_reg_write(E.uc, UC_ARM64_REG_PSTATE, &p);
}

static uc_arm64_cp_reg cp_of(uint32_t enc)
{
	uc_arm64_cp_reg c = {.op0 = NVARM_SYSREG_OP0(enc),
			     .op1 = NVARM_SYSREG_OP1(enc),
			     .crn = NVARM_SYSREG_CRN(enc),
			     .crm = NVARM_SYSREG_CRM(enc),
			     .op2 = NVARM_SYSREG_OP2(enc)};
	return c;
}

uint64_t cp_read(uint32_t enc)
{
	uc_arm64_cp_reg c = cp_of(enc);
	if (uc_reg_read(E.uc, UC_ARM64_REG_CP_REG, &c) != UC_ERR_OK)
		return 0;
	return c.val;
}

bool cp_write(uint32_t enc, uint64_t v)
{
	uc_arm64_cp_reg c = cp_of(enc);
	c.val = v;
	return uc_reg_write(E.uc, UC_ARM64_REG_CP_REG, &c) == UC_ERR_OK;
}

bool cp_exists(uint32_t enc)
{
	uc_arm64_cp_reg c = cp_of(enc);
	return uc_reg_read(E.uc, UC_ARM64_REG_CP_REG, &c) == UC_ERR_OK;
}

uint64_t vel2_get(uint32_t enc)
{
	uint64_t v = 0;
	nvarm_vel2_read(&E.v2, nvarm_sysreg_lookup(enc), &v);
	return v;
}

void vel2_set(uint32_t enc, uint64_t v)
{
	nvarm_vel2_write(&E.v2, nvarm_sysreg_lookup(enc), v);
}

/* ------------------------------------------------------------ hooks -> loop */

void pend_set(const struct pend *p)
{
	if (E.pend.kind != PEND_NONE && E.pend.kind != PEND_TIMER)
		return; /* the first one wins: Unicorn stops at it */
	E.pend = *p;
	E.stopping = true;
	uc_emu_stop(E.uc);
}

void fatal(const char *why)
{
	struct pend p = {.kind = PEND_FATAL, .why = why};
	E.pend.kind = PEND_NONE;
	pend_set(&p);
}

/* Guest memory through the current translation (L1's EL2 stage-1, or L2's two stages). */
bool guest_read(uint64_t va, void *buf, unsigned len, bool fetch)
{
	uc_tlb_entry e;
	struct pend saved = E.pend;
	bool ok, stopping = E.stopping;

	if ((va & 0x3ff) + len > 0x400)
		return false;
	ok = tlb_fill_cb(E.uc, va, fetch ? UC_MEM_FETCH : UC_MEM_READ, &e, (void *)1);
	E.pend = saved; /* a lookup, not an access: no fault is taken */
	E.stopping = stopping;
	if (!ok)
		return false;
	return uc_mem_read(E.uc, e.paddr, buf, len) == UC_ERR_OK;
}

uint32_t insn_at(uint64_t va)
{
	uint32_t insn = 0;
	if (!guest_read(va, &insn, 4, true))
		return 0;
	return insn;
}

static void code_cb(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	(void)uc;
	(void)addr;
	(void)size;
	(void)user;
	if (E.stopping)
		return;
	if (E.pc_written) {
		E.pc_written = false;
		if (addr == E.last_pc)
			return;
	}
	E.last_pc = addr;
	E.icount++;
	if (E.icount >= E.max_insns) {
		fatal("instruction limit reached");
		return;
	}
	/* an interrupt waits for PSTATE.I (MSR DAIFClr is not hooked): look every 64 */
	if (now() >= E.next_event || (E.irq_poll && !(E.icount & 63))) {
		struct pend p = {.kind = PEND_TIMER};
		pend_set(&p);
	}
}

static void intr_cb(uc_engine *uc, uint32_t intno, void *user)
{
	(void)uc;
	(void)user;
	struct pend p = {.kind = PEND_INTR, .intno = intno, .pc = reg_pc()};
	pend_set(&p);
}

/* ------------------------------------------------------------ console, PL011 */

static void console_line(void)
{
	E.line[E.linelen] = 0;
	if (!E.quiet)
		printf("%s\n", E.line);
	if (!strcmp(E.line, "l1: verdict: PASS"))
		E.l1_verdict = 1;
	else if (!strcmp(E.line, "l1: verdict: FAIL"))
		E.l1_verdict = 0;
	else if (!strcmp(E.line, "l2: verdict: PASS"))
		E.l2_verdict = 1;
	else if (!strcmp(E.line, "l2: verdict: FAIL"))
		E.l2_verdict = 0;
	if (E.quiet && !E.silent && (strstr(E.line, "FAIL") || strstr(E.line, "verdict")))
		printf("%s\n", E.line);
	E.linelen = 0;
}

static uint64_t uart_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
	(void)uc;
	(void)size;
	(void)user;
	(void)off;
	return 0; /* FR: transmit FIFO never full; DR: nothing received */
}

static void uart_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
	(void)uc;
	(void)size;
	(void)user;
	E.st.mmio++;
	if (off != 0)
		return;
	char c = (char)v;
	if (c == '\r')
		return;
	if (c == '\n' || E.linelen == sizeof(E.line) - 1) {
		console_line();
		if (c == '\n')
			return;
	}
	E.line[E.linelen++] = c;
}

/* ------------------------------------------------------------ world switch */

static void el1_regs_write(const struct nvarm_el1_regs *hw)
{
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		if (!((hw->valid >> i) & 1) || i == NVARM_EL1_SP_EL1)
			continue;
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_el1_reg_id(i));
		if (d)
			cp_write(d->enc, hw->r[i]);
	}
}

static void el1_regs_read(struct nvarm_el1_regs *hw)
{
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		if (!((hw->valid >> i) & 1) || i == NVARM_EL1_SP_EL1)
			continue;
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_el1_reg_id(i));
		if (d)
			hw->r[i] = cp_read(d->enc);
	}
}

/* nvarm: the hardware EL1 registers for "L1 runs in vEL2" (nvarm_shadow_vel2_load), with the
 * ERET sentinel in ELR_EL1 (L1's ELR_EL2 stays in the vEL2 file: every access to it traps). */
void l1_shadow_load(void)
{
	struct nvarm_el1_regs hw;
	memset(&hw, 0, sizeof(hw));
	if (nvarm_shadow_vel2_load(&E.v2, &hw))
		fatal("nvarm_shadow_vel2_load");
	el1_regs_write(&hw);
	cp_write(NVARM_ENC_ELR_EL1, ERET_SENTINEL);
	cp_write(NVARM_ENC_SPSR_EL1, 0x3c5);
}

/* L2 -> L1: L2's EL1 registers into nvarm's file (nvarm_shadow_vel1_save), its list registers
 * folded back (nvarm_vgic_nested_exit). */
static void world_l2_to_l1(void)
{
	struct nvarm_el1_regs hw;
	memset(&hw, 0, sizeof(hw));
	nvarm_shadow_vel1_load(&E.v2, &hw); /* which registers the hardware holds */
	el1_regs_read(&hw);
	uc_reg_read(E.uc, UC_ARM64_REG_SP, &hw.r[NVARM_EL1_SP_EL1]);
	if (E.trace)
		EMU_LOG("trace: L2 exit: VBAR_EL1 0x%lx valid 0x%x\n",
			(unsigned long)hw.r[NVARM_EL1_VBAR_EL1], hw.valid);
	if (nvarm_shadow_vel1_save(&E.v2, &hw))
		fatal("nvarm_shadow_vel1_save");
	gic_l2_exit();
	timer_switch(false);
	uc_reg_write(E.uc, UC_ARM64_REG_SP, &E.l1_sp);
	E.in_l2 = false;
	E.st.l2_exits++;
}

/* Take an exception into L1's vEL2 (from L2, or from vEL2 itself). */
static void vel2_take(enum nvarm_exc_kind kind, uint64_t esr, uint64_t far, bool has_far,
		      uint64_t ipa, bool has_ipa, uint64_t ret_pc)
{
	struct nvarm_vel2_exc e = {.esr = esr,
				   .far = far,
				   .fault_ipa = nvarm_ipa2(ipa),
				   .flags = (has_far ? NVARM_EXCF_FAR : 0) |
					    (has_ipa ? NVARM_EXCF_HPFAR : 0)};
	uint64_t hw_ps = reg_pstate();
	struct nvarm_vcpu_pstate ps = {.pc = ret_pc};

	if (E.trace)
		EMU_LOG("trace: vEL2 exc kind %d esr 0x%lx far 0x%lx ret 0x%lx from %s\n", kind,
			(unsigned long)esr, (unsigned long)far, (unsigned long)ret_pc,
			E.in_l2 ? "L2" : "L1");
	if (E.in_l2) {
		ps.pstate = hw_ps;
		world_l2_to_l1();
	} else {
		ps.pstate = nvarm_vel2_psr_from_hw(hw_ps);
	}
	int r = nvarm_vel2_inject(&E.v2, kind, &e, &ps);
	if (r) {
		EMU_LOG("emu: nvarm_vel2_inject(%d) = %d\n", kind, r);
		fatal("exception injection into vEL2 failed");
		return;
	}
	l1_shadow_load();
	set_pstate(nvarm_vel2_psr_to_hw(ps.pstate));
	set_pc(ps.pc);
	tlb_flush();
	E.st.l1_traps++;
}

/* A synchronous exception or IRQ into L2's own EL1 (nvarm_el1_inject). */
static void l2_el1_take(enum nvarm_exc_kind kind, uint64_t esr, uint64_t far, bool has_far,
			uint64_t pc)
{
	struct nvarm_el1_regs el1;
	struct nvarm_vel2_exc e = {.esr = esr, .far = far, .flags = has_far ? NVARM_EXCF_FAR : 0};
	struct nvarm_vcpu_pstate ps = {.pc = pc, .pstate = reg_pstate()};

	memset(&el1, 0, sizeof(el1));
	el1.r[NVARM_EL1_VBAR_EL1] = cp_read(NVARM_ENC_VBAR_EL1);
	if (E.trace)
		EMU_LOG("trace: L2 EL1 exc kind %d esr 0x%lx pc 0x%lx vbar 0x%lx\n", kind,
			(unsigned long)esr, (unsigned long)pc,
			(unsigned long)el1.r[NVARM_EL1_VBAR_EL1]);
	el1.r[NVARM_EL1_SCTLR_EL1] = cp_read(NVARM_ENC_SCTLR_EL1);
	if (nvarm_el1_inject(&el1, kind, &e, &ps)) {
		fatal("nvarm_el1_inject failed");
		return;
	}
	cp_write(NVARM_ENC_ELR_EL1, el1.r[NVARM_EL1_ELR_EL1]);
	cp_write(NVARM_ENC_SPSR_EL1, el1.r[NVARM_EL1_SPSR_EL1]);
	if (kind == NVARM_EXC_SYNC) {
		cp_write(NVARM_ENC_ESR_EL1, el1.r[NVARM_EL1_ESR_EL1]);
		if (has_far)
			cp_write(NVARM_ENC_FAR_EL1, el1.r[NVARM_EL1_FAR_EL1]);
	}
	set_pstate(ps.pstate);
	set_pc(ps.pc);
}

/* nvarm: L1 -> L2 on L1's ERET to EL1 (the shadow stage-2 of its VTTBR_EL2, L2's EL1
 * registers from the file, L1's list registers for L2, L1's trap controls for routing). */
static void enter_l2(uint64_t pc, uint64_t pstate)
{
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw;
	struct nvarm_el1_regs el1;

	uc_reg_read(E.uc, UC_ARM64_REG_SP, &E.l1_sp);
	l1_s2_regs(&l1);
	E.mmu_id = nvarm_s2mmu_get(&E.s2, &l1, &hw);
	if (E.mmu_id < 0) {
		EMU_LOG("emu: nvarm_s2mmu_get = %d\n", E.mmu_id);
		fatal("no shadow stage-2 for L2");
		return;
	}
	memset(&el1, 0, sizeof(el1));
	nvarm_shadow_vel1_load(&E.v2, &el1);
	el1_regs_write(&el1);
	uc_reg_write(E.uc, UC_ARM64_REG_SP, &el1.r[NVARM_EL1_SP_EL1]);
	if (E.trace)
		EMU_LOG("trace: L2 entry: VBAR_EL1 0x%lx (hw 0x%lx) hw HCR_EL2 0x%lx\n",
			(unsigned long)el1.r[NVARM_EL1_VBAR_EL1],
			(unsigned long)cp_read(NVARM_ENC_VBAR_EL1),
			(unsigned long)cp_read(NVARM_ENC_HCR_EL2));
	timer_switch(true);
	fwd_load_l2();
	gic_l2_enter();
	E.in_l2 = true;
	set_pstate(pstate);
	set_pc(pc);
	tlb_flush();
	E.st.l2_entries++;
}

static void do_eret(void)
{
	/* in: vEL2 (Unicorn's ERET went to the sentinel at EL1h); out: ELR/SPSR_EL2's target */
	struct nvarm_vcpu_pstate ps = {.pc = ERET_SENTINEL,
				       .pstate = nvarm_vel2_psr_from_hw(reg_pstate())};
	if (E.mode == MODE_NV2)
		nvarm_vel2_sanitise(&E.v2);
	int r = nvarm_vel2_eret(&E.v2, 0, NULL, &ps);

	E.st.erets++;
	if (r < 0) {
		fatal("nvarm_vel2_eret failed");
		return;
	}
	if (r == NVARM_ERET_EL2 && (ps.pstate & NVARM_BIT(20))) {
		/* An illegal return (PSTATE.IL, which Unicorn's CPU does not implement): the
		 * next instruction takes the Illegal Execution state exception, EC 0x0e, with
		 * SPSR_EL2.IL = 1 and ELR_EL2 at it. */
		struct nvarm_vel2_exc e = {.esr = (0x0eull << 26) | (1ull << 25)};
		if (nvarm_vel2_inject(&E.v2, NVARM_EXC_SYNC, &e, &ps)) {
			fatal("exception injection into vEL2 failed");
			return;
		}
		l1_shadow_load();
	}
	if (r == NVARM_ERET_EL2 || r == NVARM_ERET_HOST_EL0) {
		set_pstate(nvarm_vel2_psr_to_hw(ps.pstate));
		set_pc(ps.pc);
		return;
	}
	if (E.trace)
		EMU_LOG("trace: ERET to L2 pc 0x%lx pstate 0x%lx\n", (unsigned long)ps.pc,
			(unsigned long)ps.pstate);
	enter_l2(ps.pc, ps.pstate);
}

/* ------------------------------------------------------------ PSCI, exceptions */

#define PSCI_VERSION	0x84000000u
#define PSCI_FEATURES	0x8400000au
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RST 0x84000009u

static void psci(void)
{
	uint32_t fn = (uint32_t)reg_x(0);
	uint64_t r = (uint64_t)(int64_t)-1;

	if (fn == PSCI_VERSION)
		r = 0x10001;
	else if (fn == PSCI_FEATURES) {
		uint32_t q = (uint32_t)reg_x(1);
		r = (q == PSCI_VERSION || q == PSCI_FEATURES || q == PSCI_SYSTEM_OFF ||
		     q == PSCI_SYSTEM_RST)
			? 0
			: (uint64_t)(int64_t)-1;
	} else if (fn == PSCI_SYSTEM_OFF || fn == PSCI_SYSTEM_RST) {
		E.off = true;
		return;
	}
	set_x(0, r);
}

#define EC_SHIFT 26
#define ESR_IL	 (1ull << 25)

/* L2's trap with syndrome @p esr (taken at @p pc, resuming at @p ret_pc when L0 handles it):
 * nvarm_fwd_route says L1's (forward), UNDEFINED, or L0's own. @return true when done. */
static bool l2_route(uint64_t esr, uint64_t elr)
{
	struct nvarm_fwd_result res;
	int r = nvarm_fwd_route(&E.fwd, esr, 1, &res);

	if (r == NVARM_FWD_FORWARD) {
		vel2_take(NVARM_EXC_SYNC, res.esr, 0, false, 0, false, elr);
		return true;
	}
	if (r == NVARM_FWD_UNDEF) {
		if (res.target_el == 2)
			vel2_take(NVARM_EXC_SYNC, res.esr, 0, false, 0, false, elr);
		else
			l2_el1_take(NVARM_EXC_SYNC, res.esr, 0, false, elr);
		return true;
	}
	return false;
}

static void wait_for_interrupt(void)
{
	if (gic_l1_irq_pending() || gic_l2_virq_pending())
		return;
	uint64_t d = timer_next_deadline(), t = now();
	if (d == UINT64_MAX) {
		fatal("WFI with no timer armed and no interrupt pending");
		return;
	}
	if (d > t) {
		E.skipped += d - t;
		E.st.wfi_skips++;
	}
	if (E.trace) {
		timer_update();
		gic_dump();
	}
}

static void handle_intr(uint32_t intno, uint64_t pc)
{
	if (E.trace)
		EMU_LOG("trace: intr %u pc 0x%lx %s\n", intno, (unsigned long)pc,
			E.in_l2 ? "L2" : "L1");
	switch (intno) {
	case 1: { /* EXCP_UDEF: a WFx trapped by our HCR_EL2.TWI/TWE, PC alignment, or UNDEFINED */
		if (pc & 3) { /* PC alignment fault: EC 0x22, FAR = ELR = the PC */
			uint64_t esr = (0x22ull << EC_SHIFT) | ESR_IL;
			if (E.in_l2)
				l2_el1_take(NVARM_EXC_SYNC, esr, pc, true, pc);
			else
				vel2_take(NVARM_EXC_SYNC, esr, pc, true, 0, false, pc);
			return;
		}
		if (reg_pstate() & (1u << 20)) { /* PSTATE.IL: Illegal Execution state, EC 0x0e */
			uint64_t esr = (0x0eull << EC_SHIFT) | ESR_IL;
			if (E.in_l2)
				l2_el1_take(NVARM_EXC_SYNC, esr, 0, false, pc);
			else
				vel2_take(NVARM_EXC_SYNC, esr, 0, false, 0, false, pc);
			return;
		}
		uint32_t insn = insn_at(pc);
		if ((insn & 0xffffff9fu) == 0xd503201fu && (insn & 0x60) >= 0x40) {
			unsigned ti =
			    (insn >> 5) & 1 ? 0 : 1; /* 0x7f WFI (TI 0), 0x5f WFE (TI 1) */
			uint64_t esr =
			    (0x01ull << EC_SHIFT) | ESR_IL | (1ull << 24) | (0xeull << 20) | ti;
			if (E.in_l2 && l2_route(esr, pc))
				return;
			if (ti == 0)
				wait_for_interrupt();
			set_pc(pc + 4);
			return;
		}
		if (E.in_l2)
			l2_el1_take(NVARM_EXC_SYNC, ESR_IL, 0, false, pc);
		else
			vel2_take(NVARM_EXC_SYNC, ESR_IL, 0, false, 0, false, pc);
		return;
	}
	case 11: { /* EXCP_HVC: PC is past the HVC */
		uint32_t insn = insn_at(pc - 4);
		uint64_t esr = (0x16ull << EC_SHIFT) | ESR_IL | ((insn >> 5) & 0xffff);
		if (E.in_l2) {
			if (!l2_route(esr, pc))
				l2_el1_take(NVARM_EXC_SYNC, ESR_IL, 0, false, pc - 4);
			return;
		}
		/* An HVC at EL2 is taken to EL2: L1's own vector */
		vel2_take(NVARM_EXC_SYNC, esr, 0, false, 0, false, pc);
		return;
	}
	case 13: { /* EXCP_SMC: PC is past the SMC */
		uint32_t insn = insn_at(pc - 4);
		uint64_t esr = (0x17ull << EC_SHIFT) | ESR_IL | ((insn >> 5) & 0xffff);
		/* trapped by L1's HCR_EL2.TSC: ELR_EL2 is the SMC itself */
		if (E.in_l2 && l2_route(esr, pc - 4))
			return;
		psci();
		set_pc(pc);
		return;
	}
	case 2: { /* EXCP_SWI: SVC, PC past it; taken to the current EL (EL1 for L2: TGE = 0) */
		uint32_t insn = insn_at(pc - 4);
		uint64_t esr = (0x15ull << EC_SHIFT) | ESR_IL | ((insn >> 5) & 0xffff);
		if (E.in_l2) {
			if (!l2_route(esr, pc))
				l2_el1_take(NVARM_EXC_SYNC, esr, 0, false, pc);
			return;
		}
		vel2_take(NVARM_EXC_SYNC, esr, 0, false, 0, false, pc);
		return;
	}
	case 7: { /* EXCP_BKPT: BRK, PC at it; taken to the current EL (L2: MDCR_EL2.TDE = 0) */
		uint32_t insn = insn_at(pc);
		uint64_t esr = (0x3cull << EC_SHIFT) | ESR_IL | ((insn >> 5) & 0xffff);
		if (E.in_l2) {
			if (!l2_route(esr, pc))
				l2_el1_take(NVARM_EXC_SYNC, esr, 0, false, pc);
			return;
		}
		vel2_take(NVARM_EXC_SYNC, esr, 0, false, 0, false, pc);
		return;
	}
	case 4: { /* EXCP_DATA_ABORT: with the virtual TLB only an Alignment fault (DFSC 0x21) */
		uint32_t insn = insn_at(pc);
		uint64_t far = pc, iss = 0;
		bool w = false;
		if (!ls_decode(insn, &far, &iss, &w)) {
			if ((insn & 0x3f000000u) == 0x08000000u) { /* load/store exclusive */
				unsigned rn = (insn >> 5) & 31;
				if (rn == 31)
					uc_reg_read(E.uc, UC_ARM64_REG_SP, &far);
				else
					far = reg_x(rn);
				w = !((insn >> 22) & 1);
			}
			iss = w ? 1ull << 6 : 0;
		}
		iss &= ~(1ull << 24); /* no ISV for an alignment fault taken to the same EL */
		if (E.in_l2) {
			l2_el1_take(NVARM_EXC_SYNC, (0x25ull << EC_SHIFT) | ESR_IL | iss | 0x21,
				    far, true, pc);
			return;
		}
		vel2_take(NVARM_EXC_SYNC, (0x25ull << EC_SHIFT) | ESR_IL | iss | 0x21, far, true, 0,
			  false, pc);
		return;
	}
	default:
		EMU_LOG("emu: exception %u at PC 0x%lx (%s)\n", intno, (unsigned long)pc,
			E.in_l2 ? "L2" : "L1");
		fatal("unexpected exception");
	}
}

/* Interrupts that can be taken now: L1's (to vEL2; from L2 when L1 routes IRQs to itself)
 * and L2's virtual ones (to its EL1, from the list registers). */
static void deliver_interrupts(void)
{
	uint64_t ps = reg_pstate();
	bool masked = (ps >> 7) & 1;

	E.irq_poll = masked && (E.in_l2 ? gic_l2_virq_pending() : gic_l1_irq_pending());

	if (!E.in_l2) {
		gic_l1_maint_sync();
		if (!masked && gic_l1_irq_pending()) {
			vel2_take(NVARM_EXC_IRQ, 0, 0, false, 0, false, reg_pc());
			E.st.irqs_l1++;
		}
		return;
	}
	bool imo = (vel2_get(NVARM_ENC_HCR_EL2) & NVARM_HCR_EL2_IMO) != 0;
	if (imo && (gic_l1_irq_pending() || gic_l2_maint_check())) {
		vel2_take(NVARM_EXC_IRQ, 0, 0, false, 0, false, reg_pc());
		E.st.irqs_l1++;
		return;
	}
	if (!masked && gic_l2_virq_pending()) {
		l2_el1_take(NVARM_EXC_IRQ, 0, 0, false, reg_pc());
		E.st.irqs_l2++;
	}
}

/* ------------------------------------------------------------ setup */

static void *dtb_build(void)
{
	static char buf[4096];
	uint64_t mem[2] = {cpu_to_fdt64(RAM_BASE), cpu_to_fdt64(RAM_SIZE)};
	uint64_t uart[2] = {cpu_to_fdt64(UART_BASE), cpu_to_fdt64(0x1000)};
	uint64_t gic[4] = {cpu_to_fdt64(GICD_BASE), cpu_to_fdt64(GICD_SIZE),
			   cpu_to_fdt64(GICR_BASE), cpu_to_fdt64(GICR_SIZE)};
	int r = fdt_create(buf, sizeof(buf));

	r |= fdt_finish_reservemap(buf);
	r |= fdt_begin_node(buf, "");
	r |= fdt_property_u32(buf, "#address-cells", 2);
	r |= fdt_property_u32(buf, "#size-cells", 2);
	r |= fdt_property_string(buf, "compatible", "nvarm,emu");
	r |= fdt_begin_node(buf, "memory@40000000");
	r |= fdt_property_string(buf, "device_type", "memory");
	r |= fdt_property(buf, "reg", mem, sizeof(mem));
	r |= fdt_end_node(buf);
	r |= fdt_begin_node(buf, "pl011@9000000");
	r |= fdt_property_string(buf, "compatible", "arm,pl011");
	r |= fdt_property(buf, "reg", uart, sizeof(uart));
	r |= fdt_end_node(buf);
	r |= fdt_begin_node(buf, "intc@8000000");
	r |= fdt_property_string(buf, "compatible", "arm,gic-v3");
	r |= fdt_property(buf, "reg", gic, sizeof(gic));
	/* the maintenance interrupt: PPI 9 (INTID 25), level */
	uint32_t maint[3] = {cpu_to_fdt32(1), cpu_to_fdt32(PPI_MAINT - 16), cpu_to_fdt32(4)};
	r |= fdt_property(buf, "interrupts", maint, sizeof(maint));
	r |= fdt_end_node(buf);
	/* the generic timer: secure and non-secure EL1 physical, EL1 virtual, EL2 physical, EL2
	 * virtual (PPIs 13 14 11 10 12: INTIDs 29 30 27 26 28), level */
	static const unsigned tppi[5] = {29, PPI_PTIMER, PPI_VTIMER, PPI_HTIMER, PPI_HVTIMER};
	uint32_t tint[15];
	for (unsigned i = 0; i < 5; i++) {
		tint[3 * i] = cpu_to_fdt32(1);
		tint[3 * i + 1] = cpu_to_fdt32(tppi[i] - 16);
		tint[3 * i + 2] = cpu_to_fdt32(4);
	}
	r |= fdt_begin_node(buf, "timer");
	r |= fdt_property_string(buf, "compatible", "arm,armv8-timer");
	r |= fdt_property(buf, "interrupts", tint, sizeof(tint));
	r |= fdt_end_node(buf);
	r |= fdt_begin_node(buf, "psci");
	r |= fdt_property_string(buf, "compatible", "arm,psci-0.2");
	r |= fdt_property_string(buf, "method", "smc");
	r |= fdt_end_node(buf);
	r |= fdt_begin_node(buf, "chosen");
	r |= fdt_end_node(buf);
	r |= fdt_end_node(buf);
	r |= fdt_finish(buf);
	if (r) {
		EMU_LOG("emu: building the DTB failed\n");
		exit(2);
	}
	return buf;
}

static void nvarm_setup(void)
{
	struct nvarm_id_regs host = {
	    .midr = cp_read(NVARM_ENC_MIDR_EL1),
	    .pfr0 = cp_read(NVARM_ENC_ID_AA64PFR0_EL1),
	    .pfr1 = cp_read(NVARM_ENC_ID_AA64PFR1_EL1),
	    .dfr0 = cp_read(NVARM_ENC_ID_AA64DFR0_EL1),
	    .isar0 = cp_read(NVARM_ENC_ID_AA64ISAR0_EL1),
	    .isar1 = cp_read(NVARM_ENC_ID_AA64ISAR1_EL1),
	    .mmfr0 = cp_read(NVARM_ENC_ID_AA64MMFR0_EL1),
	    .mmfr1 = cp_read(NVARM_ENC_ID_AA64MMFR1_EL1),
	    .mmfr2 = cp_read(NVARM_ENC_ID_AA64MMFR2_EL1),
	};
	/*
	 * The "host" L1 runs on is this emulator: Unicorn's CPU plus what the hooks provide.
	 * They give FEAT_NV/NV2 (the vEL2), a GICv3 CPU interface (gic.c), FEAT_FGT (every
	 * system instruction of L2 is routed by nvarm_fwd_route, which applies L1's fine-grained
	 * traps) and FEAT_TLBIRANGE (L1's TLBIs are nvarm's). 48-bit PAs, 4K/16K/64K granules.
	 */
	host.mmfr2 = (host.mmfr2 & ~(0xfull << 24)) | (2ull << 24); /* NV: NV2 */
	host.pfr0 = (host.pfr0 & ~(0xfull << 24)) | (1ull << 24);   /* GIC: v3 */
	host.mmfr0 = (host.mmfr0 & ~(0xfull << 56)) | (1ull << 56); /* FGT */
	host.isar0 = (host.isar0 & ~(0xfull << 56)) | (2ull << 56); /* TLB: OS + range */
	host.mmfr0 = (host.mmfr0 & ~0xfull) | 5;		    /* PARange 48 bits */
	/* the translation is this emulator's (virtual TLB): 4K, 16K and 64K granules at both
	 * stages (TGran16 [23:20] = 1, TGran*_2 [43:32] = 0: as stage 1) */
	host.mmfr0 = (host.mmfr0 & ~(0xfull << 20) & ~(0xfffull << 32)) | (1ull << 20);
	host.pfr0 &= ~(0xfull << 28); /* no RAS */
	/* no SVE or SME: Unicorn 2.1.1's CPU lists them but has no vector length to enable
	 * (opening CPACR_EL1.ZEN trips an assertion in its sve_zcr_get_valid_len), so for
	 * nvarm they are not in this host (nvarm_vm_config::hidden_fp stays 0) */
	host.pfr0 &= ~(0xfull << 32);
	host.pfr1 &= ~(0xfull << 24);
	/* the shadow stage-2 gives L1's stage-2 hardware Access flag and dirty state
	 * (FEAT_HAFDBS: nvarm updates L1's descriptors) and XN[0] (FEAT_XNX: the TLB-fill hook
	 * checks EL0 and EL1 execution apart); the routing gives FEAT_EVT's traps */
	host.mmfr1 = (host.mmfr1 & ~0xfull) | 2;
	host.mmfr1 = (host.mmfr1 & ~(0xfull << 28)) | (1ull << 28);
	host.mmfr2 = (host.mmfr2 & ~(0xfull << 56)) | (2ull << 56);
	struct nvarm_vm_request req = {
	    .features = NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3 | NVARM_VMF_FGT |
			NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_VMID16 | NVARM_VMF_EVT,
	    .host_nv = E.mode == MODE_NV2 ? NVARM_HOST_NV2 : NVARM_HOST_NV,
	    .pa_range = 5,
	    .granules = NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K,
	    .gic_lrs = 4,
	};
	int r = nvarm_vm_config_init(&E.cfg, &host, &req);
	if (!r)
		r = nvarm_vel2_init(&E.v2, &E.cfg, E.vncr);
	if (!r)
		r = nvarm_shadow_set_mpidr(&E.v2, 0);
	if (!r)
		r = nvarm_vel2_write(&E.v2, NVARM_SR_VPIDR_EL2, E.cfg.id.midr);
	if (!r)
		r = nvarm_vel2_write(&E.v2, NVARM_SR_VMPIDR_EL2, 0x80000000ull);
	if (r) {
		EMU_LOG("emu: nvarm vEL2 setup failed: %d\n", r);
		exit(2);
	}
	nvarm_host_model_init(&E.hm, E.ram, RAM_BASE, RAM_SIZE);
	E.hm.pa_offset = (uint64_t)(uintptr_t)E.ram - RAM_BASE; /* nvarm's PAs: host pointers */
	nvarm_host_model_ops(&E.hm, &E.ops);
	mmu_init();
	gic_init();
	timer_init();
}

static void load_image(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		EMU_LOG("emu: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t n = fread(E.ram + (L1_LOAD - RAM_BASE), 1, RAM_SIZE - (L1_LOAD - RAM_BASE), f);
	fclose(f);
	if (n < 64 || memcmp(E.ram + (L1_LOAD - RAM_BASE) + 56, "ARM\x64", 4)) {
		EMU_LOG("emu: %s is not an arm64 Image\n", path);
		exit(2);
	}
}

static void cpu_setup(void)
{
	uc_err err = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &E.uc);
	if (err) {
		EMU_LOG("emu: uc_open: %s\n", uc_strerror(err));
		exit(2);
	}
	/* a 32 MB translation cache: enough for these guests, and a flush (the fuzzer's
	 * restore) clears it in well under a millisecond */
	uc_ctl_set_tcg_buffer_size(E.uc, 32u << 20);
	uc_ctl_set_cpu_model(E.uc, UC_CPU_ARM64_MAX);
	uc_ctl_tlb_mode(E.uc, UC_TLB_VIRTUAL);
	E.ram = aligned_alloc(1 << 21, RAM_SIZE);
	memset(E.ram, 0, RAM_SIZE);
	uc_mem_map_ptr(E.uc, RAM_BASE, RAM_SIZE, UC_PROT_ALL, E.ram);
	uc_mmio_map(E.uc, UART_BASE, 0x1000, uart_read, NULL, uart_write, NULL);
	uc_mmio_map(E.uc, GICD_BASE, GICD_SIZE, gicd_read, NULL, gicd_write, NULL);
	uc_mmio_map(E.uc, GICR_BASE, GICR_SIZE, gicr_read, NULL, gicr_write, NULL);

	/* Non-secure, EL2 enabled (HVC), AArch64 below EL3; SMC reaches "EL3" (our PSCI). */
	cp_write(NVARM_SYSREG_ENC(3, 6, 1, 1, 0), (1ull << 0) | (1ull << 8) | (1ull << 10));
	/* The real EL2 (ours): AArch64 EL1, WFI/WFE trap to it (TWI, TWE: hooks see them). */
	cp_write(NVARM_ENC_HCR_EL2, NVARM_HCR_EL2_RW | NVARM_HCR_EL2_TWI | NVARM_HCR_EL2_TWE);
	set_pstate(0x3c5);
	cp_write(NVARM_ENC_CNTKCTL_EL1, 0); /* any write rebuilds Unicorn's cached flags */
}

static void hooks_install(void)
{
	uc_hook h;
	uc_hook_add(E.uc, &h, UC_HOOK_CODE, (void *)code_cb, NULL, 1, 0);
	uc_hook_add(E.uc, &h, UC_HOOK_INTR, (void *)intr_cb, NULL, 1, 0);
	uc_hook_add(E.uc, &h, UC_HOOK_TLB_FILL, (void *)tlb_fill_cb, NULL, 1, 0);
	sysreg_hooks_install();
}

#ifndef EMU_NO_MAIN
static void stats_print(double secs, double cpu_ms)
{
	struct nvarm_s2mmu_stats ss = {0};
	nvarm_s2mmu_stats(&E.s2, &ss);
	printf("emu-stats: mode=%s insns=%llu counter=%llu wall_ms=%.1f cpu_ms=%.1f "
	       "sysreg_l1=%llu "
	       "sysreg_l2=%llu l1_traps=%llu erets=%llu l2_entries=%llu l2_exits=%llu "
	       "shadow_installs=%llu shadow_injects=%llu shadow_leaves=%u tlbi=%llu "
	       "irqs_l1=%llu irqs_l2=%llu wfi_skips=%llu mmio=%llu vncr_accesses=%llu",
	       E.mode == MODE_NV2 ? "nv2" : "nv", (unsigned long long)E.icount,
	       (unsigned long long)now(), secs * 1e3, cpu_ms, (unsigned long long)E.st.sysreg_l1,
	       (unsigned long long)E.st.sysreg_l2, (unsigned long long)E.st.l1_traps,
	       (unsigned long long)E.st.erets, (unsigned long long)E.st.l2_entries,
	       (unsigned long long)E.st.l2_exits, (unsigned long long)E.st.shadow_installs,
	       (unsigned long long)E.st.shadow_injects, ss.leaves, (unsigned long long)E.st.tlbi,
	       (unsigned long long)E.st.irqs_l1, (unsigned long long)E.st.irqs_l2,
	       (unsigned long long)E.st.wfi_skips, (unsigned long long)E.st.mmio,
	       (unsigned long long)E.st.vncr);
	gic_stats();
	printf("\n");
}
#endif

/* The machine with L1 loaded, entered at vEL2 as a boot loader enters a kernel at EL2: x0 =
 * DTB, MMU off, DAIF masked (nvarm's vEL2 PSTATE EL2h is the hardware's EL1h). */
void emu_setup(const char *image)
{
	E.l1_verdict = E.l2_verdict = -1;
	E.vncr = aligned_alloc(4096, 4096);
	memset(E.vncr, 0, 4096);
	cpu_setup();
	nvarm_setup();
	hooks_install();
	load_image(image);
	void *dtb = dtb_build();
	memcpy(E.ram + (DTB_ADDR - RAM_BASE), dtb, fdt_totalsize(dtb));
	l1_shadow_load();
	set_x(0, DTB_ADDR);
	E.resume_pc = L1_LOAD;
}

/* Run until the guest powers off (NULL), stops (the reason), or, with @p stop_at_l2, L1
 * first enters L2 (NULL, E.in_l2). */
const char *emu_run(bool stop_at_l2)
{
	uint64_t pc = E.resume_pc;
	const char *why = NULL;

	while (!E.off && !why) {
		E.pend.kind = PEND_NONE;
		E.stopping = false;
		E.next_event = timer_next_deadline();
		uc_err err = uc_emu_start(E.uc, pc, UNTIL_SENTINEL, 0, 0);
		struct pend p = E.pend;
		E.pend.kind = PEND_NONE;
		if (err != UC_ERR_OK && p.kind == PEND_NONE) {
			if (!E.silent)
				EMU_LOG("emu: Unicorn: %s at PC 0x%lx (%s)\n", uc_strerror(err),
					(unsigned long)reg_pc(), E.in_l2 ? "L2" : "L1");
			why = "Unicorn error";
			break;
		}
		switch (p.kind) {
		case PEND_NONE:
		case PEND_TIMER:
			break;
		case PEND_RESUME:
			set_pc(p.pc);
			break;
		case PEND_EXC_L1:
			vel2_take(NVARM_EXC_SYNC, p.esr, p.far, p.has_far, p.ipa, p.has_ipa, p.pc);
			break;
		case PEND_EXC_L2:
			l2_el1_take(NVARM_EXC_SYNC, p.esr, p.far, p.has_far, p.pc);
			break;
		case PEND_ERET:
			do_eret();
			break;
		case PEND_INTR:
			handle_intr(p.intno, p.pc);
			break;
		case PEND_OFF:
			E.off = true;
			break;
		case PEND_FATAL:
			why = p.why;
			break;
		}
		if (E.pend.kind == PEND_FATAL) /* from the handling above */
			why = E.pend.why;
		if (why || E.off)
			break;
		timer_update();
		deliver_interrupts();
		if (E.pend.kind == PEND_FATAL)
			why = E.pend.why;
		pc = reg_pc();
		if (stop_at_l2 && E.in_l2)
			break;
	}
	E.resume_pc = pc;
	if (E.linelen)
		console_line();
	return why;
}

#ifndef EMU_NO_MAIN
int main(int argc, char **argv)
{
	const char *image = NULL;
	bool expect_pass = false;
	double max_cpu_ms = 0;

	E.mode = MODE_NV2;
	E.max_insns = 200000000ull;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
			i++;
			E.mode = !strcmp(argv[i], "nv") ? MODE_NV : MODE_NV2;
		} else if (!strcmp(argv[i], "--max-insns") && i + 1 < argc) {
			E.max_insns = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--max-cpu-ms") && i + 1 < argc) {
			max_cpu_ms = strtod(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--expect-pass")) {
			expect_pass = true;
		} else if (!strcmp(argv[i], "--trace")) {
			E.trace = true;
		} else if (!strcmp(argv[i], "--quiet")) {
			E.quiet = true;
		} else if (argv[i][0] != '-') {
			image = argv[i];
		} else {
			image = NULL;
			break;
		}
	}
	if (!image) {
		fprintf(stderr,
			"usage: nvarm_emu [--mode nv|nv2] [--max-insns N] [--max-cpu-ms MS] "
			"[--quiet] [--trace] [--expect-pass] IMAGE\n");
		return 2;
	}

	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	emu_setup(image);
	const char *why = emu_run(false);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double cpu_ms =
	    (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6;
	if (why)
		printf("emu: stopped: %s (PC 0x%lx, %s)\n", why, (unsigned long)reg_pc(),
		       E.in_l2 ? "L2" : "L1");
	else
		printf("emu: guest powered off through PSCI SYSTEM_OFF\n");
	stats_print((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		    cpu_ms);
	uc_close(E.uc);
	if (why)
		return 1;
	if (max_cpu_ms > 0 && cpu_ms > max_cpu_ms) {
		printf("emu: expected at most %.0f ms of CPU time, took %.1f\n", max_cpu_ms,
		       cpu_ms);
		return 1;
	}
	if (expect_pass && (E.l1_verdict != 1 || E.l2_verdict != 1)) {
		printf("emu: expected both verdicts PASS (l1 %d, l2 %d)\n", E.l1_verdict,
		       E.l2_verdict);
		return 1;
	}
	return 0;
}
#endif
