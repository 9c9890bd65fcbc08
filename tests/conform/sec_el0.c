// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// EL0 under this image's EL2 with HCR_EL2.{E2H,TGE} = {1,1}: how a VHE hypervisor runs its
// own user space. Every exception from EL0 is taken to EL2 (DDI 0487 D1.3 "Routing
// exceptions": TGE routes what would go to EL1 to EL2), with the syndrome, the preferred
// return address and SPSR_EL2 of an exception from EL0; the EL0 controls are the EL2&0
// regime's: SCTLR_EL2.{UCT, DZE, UMA, nTWI} (D24.2 SCTLR_EL2 with E2H=1 TGE=1),
// CNTHCTL_EL2.{EL0PCTEN, EL0VCTEN, EL0VTEN, EL0PTEN} in the VHE layout, CPTR_EL2.FPEN
// (0b01 traps EL0 only while TGE=1), and CNTVOFF_EL2 is not applied to EL0's virtual count
// (D12.1.x "The virtual counter": the offset is 0 when E2H and TGE are both 1). Its own
// section right after the VHE pass (sections.h), when E2H can be switched. Each EL0 function runs
// from el0_stub, which ends with SVC #0xe0e0; a trap is resumed past the trapped instruction with
// x0 = EMUL (an emulated MRS) so that the transcript shows EL0 getting the emulated value.
#include "conform.h"
#include "masks.h"

int l2_enter(u64 *gpr);
void el0_stub(void);

__asm__(".text\n"
	".balign 4\n"
	".global el0_stub\n"
	"el0_stub:\n"
	"	mov x2, x0\n"
	"	mov x0, x1\n"
	"	blr x2\n"
	"	svc #0xe0e0\n"
	"	b .\n");

#define EMUL	 0x5eed0000ULL
#define HCR_HOST (BIT(34) | BIT(31) | BIT(27)) /* E2H RW TGE */

static u64 el0_stack[256] __attribute__((aligned(16)));

struct el0_exit {
	int kind, done;
	u64 esr, elr_off, spsr, far, ret;
};

static u64 el0_fn, el0_elr, el0_spsr;

static int el0_go(struct el0_exit *e)
{
	u64 *gpr = l2_regs(), hcr = rd(hcr_el2);
	wr(hcr_el2, HCR_HOST);
	isb();
	wr(elr_el2, el0_elr);
	wr(spsr_el2, el0_spsr);
	int kind = l2_enter(gpr);
	u64 esr = rd(esr_el2), elr = rd(elr_el2), spsr = rd(spsr_el2), far = rd(far_el2);
	wr(hcr_el2, hcr);
	isb();
	el0_elr = elr, el0_spsr = spsr;
	e->kind = kind, e->esr = esr, e->spsr = spsr, e->far = far;
	e->elr_off = c_off(elr) - c_off(el0_fn);
	e->done = kind == 0 && (esr >> 26) == 0x15 && (esr & 0xffff) == 0xe0e0;
	e->ret = gpr[0];
	return e->done ? 0 : 1;
}

static int el0_run(u64 (*fn)(u64), u64 arg, u64 nzcv, struct el0_exit *e)
{
	u64 *gpr = l2_regs();
	for (int i = 0; i < 31; i++)
		gpr[i] = 0;
	gpr[0] = (u64)fn, gpr[1] = arg;
	el0_fn = (u64)fn;
	wr(sp_el0, (u64)(el0_stack + 256));
	el0_elr = (u64)el0_stub;
	el0_spsr = nzcv | 0x3c0; /* EL0t, DAIF masked */
	return el0_go(e);
}

/* "WHAT: EC ISS ELR SPSR" of an exception from EL0; ELR relative to the EL0 function. */
static void el0_line(const char *what, const struct el0_exit *e)
{
	if (e->done) {
		t_line("%s: EL0 returned 0x%lx", what, (unsigned long)e->ret);
		return;
	}
	t_line("%s: vector %d ESR_EL2=0x%lx ELR=fn+0x%lx SPSR_EL2=0x%lx", what, e->kind,
	       (unsigned long)e->esr, (unsigned long)e->elr_off, (unsigned long)e->spsr);
}

/* Run fn at EL0; a trap is printed and resumed past the instruction with x0 = EMUL. */
static void ecase(const char *what, u64 (*fn)(u64), u64 arg)
{
	struct el0_exit e;
	if (el0_run(fn, arg, 0, &e) == 0) {
		t_line("%s: not trapped", what);
		return;
	}
	el0_line(what, &e);
	l2_regs()[0] = EMUL;
	el0_elr += 4;
	if (el0_go(&e) == 0)
		t_line("%s: resumed: EL0 returned 0x%lx", what, (unsigned long)e.ret);
	else
		el0_line("resumed", &e);
}

#define EL0INSN(id, insn)                                                                          \
	static u64 e0_##id(u64 a)                                                                  \
	{                                                                                          \
		register u64 x0_ __asm__("x0") = a;                                                \
		__asm__ volatile(insn : "+r"(x0_)::"x1", "x2", "memory");                          \
		return x0_;                                                                        \
	}
EL0INSN(svc, "svc #0x12")
EL0INSN(udf, "udf #0x5")
EL0INSN(brk, "brk #0x33")
EL0INSN(hvc, "hvc #0x4")
EL0INSN(sctlr, "mrs x0, s3_0_c1_c0_0")
EL0INSN(ctr, "mrs x0, s3_3_c0_c0_1")
EL0INSN(dczva, "dc zva, x0")
EL0INSN(daifset, "msr daifset, #2")
EL0INSN(cntvct, "mrs x0, cntvct_el0")
EL0INSN(cntpct, "mrs x0, cntpct_el0")
EL0INSN(cntv_ctl, "mrs x0, cntv_ctl_el0")
EL0INSN(cntp_ctl, "mrs x0, cntp_ctl_el0")
EL0INSN(wfi, "wfi")
EL0INSN(fmov, "fmov d0, xzr")
EL0INSN(tpidrro, "mrs x0, tpidrro_el0")
EL0INSN(tpidr_w, "msr tpidr_el0, x0")
/* the virtual count minus the physical one, read back to back */
EL0INSN(vminusp, "isb\n\tmrs x1, cntvct_el0\n\tmrs x2, cntpct_el0\n\tsub x0, x1, x2")
#undef EL0INSN

static u64 zb[64] __attribute__((aligned(512)));

void sec_el0(void)
{
	struct idv I;
	id_read(&I);
	if (!e2h_switchable(&I)) {
		t_line("E2H not switchable: no EL0 with E2H=1 TGE=1");
		return;
	}
	u64 hcr = rd(hcr_el2);
	struct el0_exit e;
	u64 dz = BIT(14), uct = BIT(15), uma = BIT(9), ntwi = BIT(16);

	/* E2H=1 first: the EL2 registers below are read and written in their VHE layout */
	wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
	isb();
	u64 sctlr = rd(sctlr_el2), cnthctl = rd(cnthctl_el2), cptr = rd(cptr_el2);
	u64 cntvoff = rd(cntvoff_el2), tpidrro = rd(tpidrro_el0), tpidr = rd(tpidr_el0);
	t_line("EL0 with HCR_EL2.E2H=1 TGE=1");
	/* SCTLR_EL2 (E2H=1 layout): MMU off, EL0 may read CTR and use DC ZVA, WFI, DAIF */
	wr(sctlr_el2, (sctlr & ~BIT(0)) | dz | uct | uma | ntwi);
	/* CNTHCTL_EL2 (E2H=1): EL0PCTEN EL0VCTEN EL0VTEN EL0PTEN all 1 */
	wr(cnthctl_el2, cnthctl | BIT(0) | BIT(1) | BIT(8) | BIT(9));
	/* CPTR_EL2 (E2H=1): FPEN = 0b11 */
	wr(cptr_el2, cptr | (3ULL << 20));
	isb();

	/* Exceptions from EL0: SVC (ELR past it), UDF, BRK, HVC (UNDEFINED at EL0) and an EL1
	 * register (UNDEFINED at EL0), ELR at the instruction; NZCV kept in SPSR_EL2. */
	el0_run(e0_svc, 0, 0x60000000ULL, &e);
	el0_line("svc #0x12 (NZCV=0110)", &e);
	el0_run(e0_udf, 0, 0, &e);
	el0_line("udf #5", &e);
	el0_run(e0_brk, 0, 0, &e);
	el0_line("brk #0x33", &e);
	el0_run(e0_hvc, 0, 0, &e);
	el0_line("hvc #4", &e);
	el0_run(e0_sctlr, 0, 0, &e);
	el0_line("mrs SCTLR_EL1", &e);

	/* SCTLR_EL2's EL0 controls, each 1 then 0 (0 traps to EL2: EC 0x18 or 0x01) */
	ecase("SCTLR_EL2.UCT=1: mrs CTR_EL0", e0_ctr, 0);
	ecase("SCTLR_EL2.DZE=1: dc zva", e0_dczva, (u64)zb);
	ecase("SCTLR_EL2.UMA=1: msr daifset, #2", e0_daifset, 0);
	wr(sctlr_el2, rd(sctlr_el2) & ~(dz | uct | uma | ntwi));
	isb();
	ecase("SCTLR_EL2.UCT=0: mrs CTR_EL0", e0_ctr, 0);
	ecase("SCTLR_EL2.DZE=0: dc zva", e0_dczva, (u64)zb);
	ecase("SCTLR_EL2.UMA=0: msr daifset, #2", e0_daifset, 0);
	ecase("SCTLR_EL2.nTWI=0: wfi", e0_wfi, 0);
	wr(sctlr_el2, rd(sctlr_el2) | dz | uct | uma | ntwi);
	isb();

	/* CNTHCTL_EL2 EL0 controls: 1 lets EL0 read, 0 traps (EC 0x18) */
	ecase("CNTHCTL_EL2.EL0VTEN=1: mrs CNTV_CTL_EL0", e0_cntv_ctl, 0);
	wr(cnthctl_el2, rd(cnthctl_el2) & ~(BIT(0) | BIT(1) | BIT(8) | BIT(9)));
	isb();
	ecase("CNTHCTL_EL2.EL0VCTEN=0: mrs CNTVCT_EL0", e0_cntvct, 0);
	ecase("CNTHCTL_EL2.EL0PCTEN=0: mrs CNTPCT_EL0", e0_cntpct, 0);
	ecase("CNTHCTL_EL2.EL0VTEN=0: mrs CNTV_CTL_EL0", e0_cntv_ctl, 0);
	ecase("CNTHCTL_EL2.EL0PTEN=0: mrs CNTP_CTL_EL0", e0_cntp_ctl, 0);
	wr(cnthctl_el2, rd(cnthctl_el2) | BIT(0) | BIT(1) | BIT(8) | BIT(9));
	isb();

	/* CNTVOFF_EL2 is not applied at EL0 with E2H=TGE=1: CNTVCT - CNTPCT stays small
	 * (a few ticks) although the offset is 2^40. */
	wr(cntvoff_el2, BIT(40));
	isb();
	if (el0_run(e0_vminusp, 0, 0, &e) == 0)
		t_line("CNTVOFF_EL2=2^40: EL0 CNTVCT - CNTPCT %s",
		       (e.ret < (1ULL << 20) || e.ret > ~(1ULL << 20))
			   ? "within 2^20 (offset 0)"
			   : "far apart (offset applied)");
	else
		el0_line("CNTVOFF_EL2=2^40: CNTVCT - CNTPCT", &e);
	wr(cntvoff_el2, cntvoff);
	isb();

	/* CPTR_EL2.FPEN (E2H=1): 0b01 traps EL0 (TGE=1) only: EC 0x07 */
	wr(cptr_el2, (rd(cptr_el2) & ~(3ULL << 20)) | (1ULL << 20));
	isb();
	ecase("CPTR_EL2.FPEN=01: fmov d0, xzr", e0_fmov, 0);
	wr(cptr_el2, rd(cptr_el2) | (3ULL << 20));
	isb();
	ecase("CPTR_EL2.FPEN=11: fmov d0, xzr", e0_fmov, 0);

	/* TPIDRRO_EL0 set at EL2 reads back at EL0; TPIDR_EL0 written at EL0 reads at EL2 */
	wr(tpidrro_el0, 0x7e57ULL);
	isb();
	if (el0_run(e0_tpidrro, 0, 0, &e) == 0)
		t_line("TPIDRRO_EL0 <- 0x7e57 at EL2: EL0 reads 0x%lx", (unsigned long)e.ret);
	else
		el0_line("mrs TPIDRRO_EL0", &e);
	if (el0_run(e0_tpidr_w, 0xabcULL, 0, &e) == 0)
		t_line("EL0 TPIDR_EL0 <- 0xabc: EL2 reads 0x%lx", (unsigned long)rd(tpidr_el0));
	else
		el0_line("msr TPIDR_EL0", &e);

	wr(tpidrro_el0, tpidrro);
	wr(tpidr_el0, tpidr);
	wr(cptr_el2, cptr);
	wr(cnthctl_el2, cnthctl);
	wr(sctlr_el2, sctlr);
	isb();
	wr(hcr_el2, hcr);
	isb();
	t_line("EL0 with HCR_EL2.E2H=1 TGE=1: done");
}
