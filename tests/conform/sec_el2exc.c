// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Synchronous exceptions taken at EL2 from EL2 (for L1: at virtual EL2), each with the
// whole syndrome: ESR_EL2, ELR_EL2 as an offset from the probed code, SPSR_EL2 (every PSTATE
// bit defined for the features the image sees: NZCV set by the probe itself, DAIF, M, IL,
// SS, PAN, UAO, DIT, SSBS, BTYPE, TCO), and FAR_EL2 where the EC defines it (relative to
// the buffer accessed). DDI 0487 D1.x (AArch64.TakeException), D24.2 ESR_EL2.
// el2exc_run(e2h) is also run with HCR_EL2.E2H=1 (TGE=0) from the VHE sections at the end.
#include "conform.h"
#include "masks.h"

static u64 buf[4] __attribute__((aligned(64)));

/* NZCV = N, C before the probed instruction (x0 carries the flags in and is reused): the
 * saved SPSR's NZCV is then fixed by this code, not by whatever ran before. */
#define NZCV_IN 0xa0000000ULL

/* far_name: FAR_EL2 is printed relative to far_base as "far_name+0x.." (0: not printed) */
static void show(const char *what, const struct probe *r, const char *far_name, u64 far_base)
{
	struct idv I;
	id_read(&I);
	if (!r->taken) {
		t_line("%s: no exception", what);
		return;
	}
	/* SPSR_EL2: PSTATE as it was (DDI 0487 D1.x "Saved Program Status Registers"); only
	 * the bits defined for the features seen are printed (masks.h def_spsr). */
	u64 spsr = r->spsr & def_spsr(&I);
	if ((r->esr >> 26) == 0x21) /* instruction abort: ELR is the fixed target address */
		t_line("%s: ESR_EL2=0x%lx ELR=0x%lx SPSR_EL2=0x%lx", what, (unsigned long)r->esr,
		       (unsigned long)(r->elr + probe_pc), (unsigned long)spsr);
	else
		t_line("%s: ESR_EL2=0x%lx ELR=probe+0x%lx SPSR_EL2=0x%lx", what,
		       (unsigned long)r->esr, (unsigned long)r->elr, (unsigned long)spsr);
	if (far_name)
		t_line("%s: FAR_EL2=%s+0x%lx", what, far_name, (unsigned long)(r->far - far_base));
}

void el2exc_run(int e2h)
{
	struct probe r;
	u64 hcr = rd(hcr_el2), base = (u64)buf;
	u64 v;
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	t_line("HCR_EL2.E2H=%d TGE=0", e2h);

	/* UDF: permanently UNDEFINED, EC=0x00, IL=1, ISS.imm16 (DDI 0487 C6.2 UDF, ESR_ELx
	 * EC 0b000000 with FEAT... ISS = imm16 since Armv8.8 else 0: printed as read) */
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\tudf #0x1234");
	show("udf #0x1234", &r, 0, 0);
	/* BRK: EC=0x3c, ISS.Comment = imm16, ELR = the BRK */
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\tbrk #0x55");
	show("brk #0x55", &r, 0, 0);
	/* SVC at EL2 with TGE=0: taken to EL2 (the current EL), EC=0x15, ELR = next */
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\tsvc #0x66");
	show("svc #0x66", &r, 0, 0);
	/* HVC at EL2: EC=0x16, ISS = imm16, ELR = next (HCR_EL2.HCD=0) */
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\thvc #0x77");
	show("hvc #0x77", &r, 0, 0);
	/* HCR_EL2.HCD=1 (EL3 not implemented: the bit is not RES0) makes HVC UNDEFINED at EL2
	 * too: EC=0x00, ELR = the HVC (DDI 0487 D24.2 HCR_EL2.HCD, C6.2 HVC) */
	wr(hcr_el2, rd(hcr_el2) | BIT(29));
	isb();
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\thvc #0x78");
	wr(hcr_el2, rd(hcr_el2) & ~BIT(29));
	isb();
	show("HCR_EL2.HCD=1: hvc #0x78", &r, 0, 0);
	/* SMC with PSCI_VERSION (0x84000000) through the DTB conduit only: with EL3 absent
	 * the SMC is the platform's PSCI (HCR_EL2.TSC=0); the version is printed, nothing
	 * beyond it is called. */
	if (!plat.psci_hvc) {
		v = PROBE_X0(&r, 0x84000000ULL, "smc #0");
		if (r.taken)
			show("smc #0 PSCI_VERSION", &r, 0, 0);
		else
			t_line("smc #0 PSCI_VERSION: no exception, x0=0x%lx", (unsigned long)v);
	} else {
		t_line("smc: PSCI conduit is hvc, not probed");
	}
	/* MSR to a read-only register (MIDR_EL1): an unallocated encoding, UNDEFINED: EC=0 */
	(void)PROBE_X0(&r, NZCV_IN, "msr nzcv, x0\n\tmsr s3_0_c0_c0_0, x0");
	show("msr MIDR_EL1 (read-only)", &r, 0, 0);

	/* Data abort at EL2 with the EL2 MMU off: every data access is Device-nGnRnE (DDI 0487
	 * D8.2.x "Behavior of the stage 1 translation when the translation is disabled"),
	 * and an unaligned access to Device memory generates an Alignment fault (B2.x
	 * "Alignment of data accesses"): EC=0x25, DFSC=0x21, FAR = the address accessed,
	 * ELR = the access. A load (WnR=0) and a store (WnR=1). */
	u64 sctlr = rd(sctlr_el2);
	t_line("SCTLR_EL2.M=%lu A=%lu", (unsigned long)(sctlr & 1),
	       (unsigned long)((sctlr >> 1) & 1));
	(void)PROBE_X0(&r, base + 1, "ldr x0, [x0]");
	show("ldr x0, [buf+1]", &r, "buf", base);
	(void)PROBE_X0(&r, base + 2, "str w0, [x0]");
	show("str w0, [buf+2]", &r, "buf", base);
	/* An aligned access to the same Device memory: no exception */
	(void)PROBE_X0(&r, base + 8, "ldr x0, [x0]");
	show("ldr x0, [buf+8]", &r, "buf", base);
	/* Exclusive load, unaligned: Alignment fault whatever the memory type */
	(void)PROBE_X0(&r, base + 4, "ldxr x0, [x0]");
	show("ldxr x0, [buf+4]", &r, "buf", base);
	/* SCTLR_EL2.A=1: alignment checking on every data access (DDI 0487 B2.x) */
	wr(sctlr_el2, sctlr | BIT(1));
	isb();
	(void)PROBE_X0(&r, base + 1, "ldr x0, [x0]");
	wr(sctlr_el2, sctlr);
	isb();
	show("SCTLR_EL2.A=1: ldr x0, [buf+1]", &r, "buf", base);

	/* PC alignment fault (DDI 0487 D1.x "PC alignment checking"): a branch to an address
	 * with bits [1:0] != 0 faults at the target: EC=0x22, ELR = FAR = the target */
	(void)PROBE_X0(&r, 0, "adr x17, 2f\n\tadd x0, x17, #2\n\tbr x0\n2:\tnop");
	show("br to probe+0xe", &r, "probe", probe_pc);
	/* An access beyond the implemented PA range with the MMU off: Address size fault,
	 * level 0, DFSC=0x00 (DDI 0487 D8.2 "The effects of disabling an address translation
	 * stage": output address bits above the PA size not zero). */
	(void)PROBE_X0(&r, 1ULL << 56, "ldr x0, [x0]");
	show("ldr x0, [1<<56]", &r, "0", 0);
	/* The same for an instruction fetch: BLR to 1<<56, Instruction Abort taken from the
	 * current EL, EC=0x21, IFSC=0x00, ELR = FAR = the target (resumed at the link) */
	(void)PROBE_X0(&r, 1ULL << 56, "mov x17, x30\n\tblr x0\n\tmov x30, x17");
	show("blr to 1<<56", &r, "0", 0);

	/* Illegal exception return (DDI 0487 D1.x "Illegal return events from AArch64
	 * state"): ERET with SPSR_EL2.M a reserved mode (0b0010) or EL3 (not implemented):
	 * PSTATE.{EL, nRW, SP} unchanged, PSTATE.IL=1, PC = ELR_EL2, NZCV/DAIF from SPSR;
	 * the next instruction takes an Illegal Execution state exception, EC=0x0e, with
	 * SPSR_EL2.IL=1 (exc.c clears it before returning). */
	(void)PROBE_X0(&r, 0x600003c2ULL,
		       "adr x17, 2f\n\tmsr elr_el2, x17\n\tmsr spsr_el2, x0\n\teret\n2:\tnop");
	show("eret to SPSR.M=0b0010", &r, 0, 0);
	(void)PROBE_X0(&r, 0x900003cdULL,
		       "adr x17, 2f\n\tmsr elr_el2, x17\n\tmsr spsr_el2, x0\n\teret\n2:\tnop");
	show("eret to SPSR.M=EL3h", &r, 0, 0);
	/* ERET with SPSR_EL2.IL=1 and a valid mode (EL2h): legal return with PSTATE.IL=1,
	 * then an Illegal Execution state exception at the target */
	(void)PROBE_X0(&r, 0x301003c9ULL,
		       "adr x17, 2f\n\tmsr elr_el2, x17\n\tmsr spsr_el2, x0\n\teret\n2:\tnop");
	show("eret to EL2h with SPSR.IL=1", &r, 0, 0);
	/* A legal ERET to EL2h (nothing taken) */
	(void)PROBE_X0(&r, 0x200003c9ULL,
		       "adr x17, 2f\n\tmsr elr_el2, x17\n\tmsr spsr_el2, x0\n\teret\n2:\tnop");
	show("eret to EL2h", &r, 0, 0);

	if (e2h) {
		wr(hcr_el2, hcr);
		isb();
	}
}

void sec_el2exc(void)
{
	el2exc_run(0);
}
