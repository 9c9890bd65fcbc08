// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Every trap a guest hypervisor can set for its guest, one instruction at L2 each: the
// exit (or "not trapped"), ESR_EL2 (EC and ISS) and the preferred return address as an
// offset in L2's function (DDI 0487 D1.x: the trapped instruction itself for system
// register, WFx, SMC and FP traps), then L2 resumed past it: a trapped MRS with x0 set by
// L1 (L2 sees the emulated value). Controls: HCR_EL2 (TWI TWE TID1 TID2 TID3 TSC TACR
// TIDCP TVM TRVM TTLB TPU TPCP TOCU TSW TDZ, and TID4 TICAB TTLBIS TTLBOS API APK), CPTR_EL2 (TFP /
// FPEN, TCPAC), MDCR_EL2 (TDA TDE TDOSA TDRA, TPM/TPMCR with a PMU), CNTHCTL_EL2 (EL1PCTEN/EL1PCEN,
// or EL1PCTEN/EL1PTEN with E2H=1), the fine-grained traps with FEAT_FGT. HSTR_EL2 only traps
// AArch32 EL1 (not offered here). Each control is set only for the one run and restored.
#include "conform.h"
#include "masks.h"

static u64 zbuf[512] __attribute__((aligned(4096)));

/* L2 functions: x0 in and out; MRS/MSR/SYS with Rt = x0 (ESR_EL2.ISS.Rt = 0). */
#define L2INSN(id, insn)                                                                           \
	static u64 l2t_##id(u64 a)                                                                 \
	{                                                                                          \
		register u64 x0_ __asm__("x0") = a;                                                \
		__asm__ volatile(insn : "+r"(x0_)::"memory");                                      \
		return x0_;                                                                        \
	}
L2INSN(wfi, "wfi")
L2INSN(wfe, "wfe")
/* WFIT/WFET x0 (FEAT_WFxT, encodings D5031020|Rd and D5031000|Rd: no assembler support needed) */
L2INSN(wfit, ".inst 0xd5031020")
L2INSN(wfet, ".inst 0xd5031000")
/* the same with the timeout x0 ticks of L2's virtual count from now */
L2INSN(wfit_later, "mrs x1, cntvct_el0\n\tadd x0, x0, x1\n\t.inst 0xd5031020")
L2INSN(wfet_later, "mrs x1, cntvct_el0\n\tadd x0, x0, x1\n\t.inst 0xd5031000")
L2INSN(revidr, "mrs x0, s3_0_c0_c0_6")
L2INSN(aidr, "mrs x0, s3_1_c0_c0_7")
L2INSN(ctr, "mrs x0, s3_3_c0_c0_1")
L2INSN(ccsidr, "mrs x0, s3_1_c0_c0_0")
L2INSN(clidr, "mrs x0, s3_1_c0_c0_1")
L2INSN(csselr_r, "mrs x0, s3_2_c0_c0_0")
L2INSN(csselr_w, "msr s3_2_c0_c0_0, x0")
L2INSN(pfr0, "mrs x0, s3_0_c0_c4_0")
L2INSN(mmfr0, "mrs x0, s3_0_c0_c7_0")
L2INSN(idres, "mrs x0, s3_0_c0_c7_7")
L2INSN(smc, "smc #0")
L2INSN(actlr, "mrs x0, s3_0_c1_c0_1")
L2INSN(impdef, "mrs x0, s3_0_c15_c0_0")
L2INSN(ttbr0_w, "msr s3_0_c2_c0_0, x0")
L2INSN(contextidr_w, "msr s3_0_c13_c0_1, x0")
L2INSN(sctlr_r, "mrs x0, s3_0_c1_c0_0")
L2INSN(tlbi_vmalle1, "tlbi vmalle1")
L2INSN(tlbi_vmalle1nxs, "sys #0, c9, c7, #0") /* TLBI VMALLE1NXS (FEAT_XS) */
/* FEAT_MOPS: SETP/SETM/SETE [x0]!, x1!, x2 (0x19c00400 | Rs << 16 | Rn << 5 | Rd, + 0x4000
 * for SETM, + 0x8000 for SETE): 64 zero bytes at x0; and a SETM alone of 0 bytes (nothing is
 * stored in either algorithm option) with NZCV = 0 or with C = 1, one of which is not the
 * implementation's option (a Memory Copy and Memory Set exception, EC 0x27). */
L2INSN(mops_set, "mov x1, #64\n\tmov x2, xzr\n\t.inst 0x19c20420\n\t.inst 0x19c24420\n\t"
		 ".inst 0x19c28420")
L2INSN(mops_setm_c0, "mov x1, xzr\n\tmov x2, xzr\n\tmsr nzcv, xzr\n\t.inst 0x19c24420")
L2INSN(mops_setm_c1, "mov x1, xzr\n\tmov x2, xzr\n\tmov x3, #0x20000000\n\tmsr nzcv, x3\n\t"
		     ".inst 0x19c24420")
/* FEAT_NMI: MSR ALLINT, x0 (S3_0_C4_C3_0), MRS ALLINT, MSR ALLINT, #1 and #0 (MSR immediate,
 * op1 1, CRn 4, CRm 0b000:imm, op2 0: 0xd501401f | imm << 8; #1 then #0 leaves ALLINT clear) */
L2INSN(allint_w, "msr s3_0_c4_c3_0, x0")
L2INSN(allint_r, "mrs x0, s3_0_c4_c3_0")
L2INSN(allint_imm1, ".inst 0xd501411f\n\t.inst 0xd501401f")
L2INSN(allint_imm0, ".inst 0xd501401f")
L2INSN(tlbi_vae1, "tlbi vae1, x0")
L2INSN(scxt1_r, "mrs x0, s3_0_c13_c0_7")
L2INSN(scxt1_w, "msr s3_0_c13_c0_7, x0")
L2INSN(scxt0_r, "mrs x0, s3_3_c13_c0_7")
L2INSN(scxt0_w, "msr s3_3_c13_c0_7, x0")
L2INSN(ic_ivau, "ic ivau, x0")
L2INSN(dc_cvau, "dc cvau, x0")
L2INSN(dc_civac, "dc civac, x0")
L2INSN(dc_cvac, "dc cvac, x0")
L2INSN(ic_iallu, "ic iallu")
L2INSN(dc_isw, "dc isw, x0")
L2INSN(dc_zva, "dc zva, x0")
L2INSN(dczid, "mrs x0, s3_3_c0_c0_7")
L2INSN(fmov, "fmov d0, xzr")
L2INSN(cpacr_r, "mrs x0, s3_0_c1_c0_2")
L2INSN(mdscr_r, "mrs x0, s2_0_c0_c2_2")
L2INSN(dbgbcr0_r, "mrs x0, s2_0_c0_c0_5")
L2INSN(oslsr_r, "mrs x0, s2_0_c1_c1_4")
L2INSN(mdrar_r, "mrs x0, s2_0_c1_c0_0")
L2INSN(pmcr_r, "mrs x0, s3_3_c9_c12_0")
L2INSN(cntpct_r, "mrs x0, s3_3_c14_c0_1")
L2INSN(cntp_ctl_r, "mrs x0, s3_3_c14_c2_1")
L2INSN(tpidr1_r, "mrs x0, s3_0_c13_c0_4")
L2INSN(tpidr1_w, "msr s3_0_c13_c0_4, x0")
L2INSN(ic_ialluis, "ic ialluis")
L2INSN(tlbi_vmalle1is, "tlbi vmalle1is")
L2INSN(tlbi_vmalle1os, "sys #0, c8, c1, #0") /* TLBI VMALLE1OS (FEAT_TLBIOS) */
/* PACGA x0, x0, x1 (FEAT_PAuth: 0x9ac03000 | Rm << 16 | Rn << 5 | Rd): no SCTLR_EL1 enable
 * gates it, so HCR_EL2.API alone decides; APIAKeyLo_EL1 is S3_0_C2_C1_0 */
L2INSN(pacga, "mov x1, #5\n\t.inst 0x9ac13000")
L2INSN(apiakeylo_r, "mrs x0, s3_0_c2_c1_0")
/* ISR_EL1 (S3_0_C12_C1_0) with DAIF masked; then the I or F mask cleared */
L2INSN(brk, "brk #0x77")
L2INSN(isr_r, "mrs x0, s3_0_c12_c1_0")
L2INSN(irq_unmask, "msr daifclr, #2\n\tisb\n\tnop")
L2INSN(fiq_unmask, "msr daifclr, #1\n\tisb\n\tnop")
#undef L2INSN

#define EMUL_VALUE 0xc0ffee00ULL

/*
 * Run fn(arg) at L2 with HCR_EL2 |= hcr. mrs: the instruction is an MRS into x0, so a
 * trapped one is resumed with x0 = EMUL_VALUE. A value read without a trap is not printed
 * (IMPLEMENTATION DEFINED or counter values), nor is the result of other instructions.
 */
static void tcase(int e2h, u64 hcr, const char *what, u64 (*fn)(u64), u64 arg, int mrs)
{
	struct l2_config cfg = {.granule_shift = 12, .e2h = e2h, .hcr_extra = hcr, .keep_el1 = 1};
	struct l2_exit e;
	int rc = run_l2_case(&cfg, what, fn, arg, &e);
	if (rc < 0)
		return;
	if (rc == 0) {
		t_line("%s: not trapped", what);
		return;
	}
	t_exit(what, &e, c_base());
	/* An exception to L2's own EL1 ends in its vectors: not resumable from here. */
	if (e.vector != 0 || l2_exit_in_vectors(&e))
		return;
	if (mrs)
		l2_set_x(0, EMUL_VALUE);
	rc = l2_resume(&cfg, 1, &e);
	if (rc == 0 && mrs)
		t_line("%s: resumed with x0=0x%lx: L2 returned 0x%lx", what,
		       (unsigned long)EMUL_VALUE, (unsigned long)e.ret);
	else if (rc == 0)
		t_line("%s: resumed after it: L2 returned", what);
	else
		t_exit("resumed", &e, c_base());
}

static void hcr_traps(int e2h, const struct idv *I)
{
	u64 img = c_base();
	tcase(e2h, BIT(13), "TWI: wfi", l2t_wfi, 0, 0);
	/* TWE: QEMU's own WFE is not trapped natively either (see qemu-nv-facts.md): the
	 * native transcript decides */
	tcase(e2h, BIT(14), "TWE: wfe", l2t_wfe, 0, 0);
	/* FEAT_WFxT (ID_AA64ISAR2_EL1.WFxT = 0b0010): TWI traps WFIT, TWE WFET, EC=0x01 with
	 * ISS.TI = 0b10/0b11, RV = 1 and Rv = the timeout's register (DDI 0487 D24.2
	 * HCR_EL2.TWI/TWE, ESR_ELx ISS encoding for WFx). A timeout of 0 has expired already:
	 * not trapped, the instruction completes at once. */
	if (idf(I->isar2, 0) >= 2) {
		tcase(e2h, BIT(13), "TWI: wfit x0=0", l2t_wfit, 0, 0);
		tcase(e2h, BIT(14), "TWE: wfet x0=0", l2t_wfet, 0, 0);
		tcase(e2h, BIT(13), "TWI: wfit x0=now+2^26", l2t_wfit_later, 1ULL << 26, 0);
		tcase(e2h, BIT(14), "TWE: wfet x0=now+2^26", l2t_wfet_later, 1ULL << 26, 0);
	} else {
		t_line("WFIT/WFET: no FEAT_WFxT (ID_AA64ISAR2_EL1.WFxT)");
	}
	tcase(e2h, BIT(16), "TID1: mrs REVIDR_EL1", l2t_revidr, 0, 1);
	tcase(e2h, BIT(16), "TID1: mrs AIDR_EL1", l2t_aidr, 0, 1);
	tcase(e2h, BIT(17), "TID2: mrs CTR_EL0", l2t_ctr, 0, 1);
	tcase(e2h, BIT(17), "TID2: mrs CCSIDR_EL1", l2t_ccsidr, 0, 1);
	tcase(e2h, BIT(17), "TID2: mrs CLIDR_EL1", l2t_clidr, 0, 1);
	tcase(e2h, BIT(17), "TID2: mrs CSSELR_EL1", l2t_csselr_r, 0, 1);
	tcase(e2h, BIT(17), "TID2: msr CSSELR_EL1", l2t_csselr_w, 0, 0);
	tcase(e2h, BIT(18), "TID3: mrs ID_AA64PFR0_EL1", l2t_pfr0, 0, 1);
	tcase(e2h, BIT(18), "TID3: mrs ID_AA64MMFR0_EL1", l2t_mmfr0, 0, 1);
	tcase(e2h, BIT(18), "TID3: mrs s3_0_c0_c7_7 (unallocated ID)", l2t_idres, 0, 1);
	/* TSC: SMC from EL1 trapped, EC=0x17, preferred return = the SMC itself */
	tcase(e2h, BIT(19), "TSC: smc #0", l2t_smc, 0x84000000ULL, 0);
	tcase(e2h, BIT(21), "TACR: mrs ACTLR_EL1", l2t_actlr, 0, 1);
	tcase(e2h, BIT(20), "TIDCP: mrs s3_0_c15_c0_0", l2t_impdef, 0, 1);
	/* without them: what L2 then reads is the PE's (IMPLEMENTATION DEFINED: tcase prints no
	 * value of an access that was not trapped), or UNDEFINED at its EL1 */
	tcase(e2h, 0, "TACR=0: mrs ACTLR_EL1", l2t_actlr, 0, 1);
	tcase(e2h, 0, "TIDCP=0: mrs s3_0_c15_c0_0", l2t_impdef, 0, 1);
	tcase(e2h, BIT(26), "TVM: msr TTBR0_EL1", l2t_ttbr0_w, 0x1000, 0);
	tcase(e2h, BIT(26), "TVM: msr CONTEXTIDR_EL1", l2t_contextidr_w, 0x42, 0);
	tcase(e2h, BIT(26), "TVM: mrs SCTLR_EL1", l2t_sctlr_r, 0, 1);
	tcase(e2h, BIT(30), "TRVM: mrs SCTLR_EL1", l2t_sctlr_r, 0, 1);
	tcase(e2h, BIT(25), "TTLB: tlbi vmalle1", l2t_tlbi_vmalle1, 0, 0);
	tcase(e2h, BIT(25), "TTLB: tlbi vae1", l2t_tlbi_vae1, 0x1234, 0);
	tcase(e2h, BIT(24), "TPU: ic ivau", l2t_ic_ivau, img, 0);
	tcase(e2h, BIT(24), "TPU: dc cvau", l2t_dc_cvau, img, 0);
	tcase(e2h, BIT(23), "TPCP: dc civac", l2t_dc_civac, img, 0);
	tcase(e2h, BIT(23), "TPCP: dc cvac", l2t_dc_cvac, img, 0);
	if (idf(I->mmfr2, 56) >= 1) /* FEAT_EVT: HCR_EL2.TOCU */
		tcase(e2h, BIT(52), "TOCU: ic iallu", l2t_ic_iallu, 0, 0);
	else
		t_line("TOCU: no FEAT_EVT (ID_AA64MMFR2_EL1.EVT=0)");
	/* FEAT_EVT (D24.2 HCR_EL2.TID4, TICAB, TTLBIS, TTLBOS): TID4 traps the cache ID
	 * registers TID2 traps, without CTR_EL0; TICAB the IC IALLUIS, TTLBIS the Inner
	 * Shareable TLBIs, TTLBOS the Outer Shareable ones (those with FEAT_TLBIOS,
	 * ID_AA64ISAR0_EL1.TLB >= 1). EC 0x18, the instruction's own return address. */
	if (idf(I->mmfr2, 56) >= 1) {
		tcase(e2h, BIT(49), "TID4: mrs CCSIDR_EL1", l2t_ccsidr, 0, 1);
		tcase(e2h, BIT(49), "TID4: mrs CLIDR_EL1", l2t_clidr, 0, 1);
		tcase(e2h, BIT(49), "TID4: msr CSSELR_EL1", l2t_csselr_w, 0, 0);
		tcase(e2h, BIT(49), "TID4: mrs CTR_EL0 (not trapped)", l2t_ctr, 0, 1);
		tcase(e2h, BIT(50), "TICAB: ic ialluis", l2t_ic_ialluis, 0, 0);
		tcase(e2h, BIT(50), "TICAB: ic iallu (not trapped)", l2t_ic_iallu, 0, 0);
		tcase(e2h, BIT(54), "TTLBIS: tlbi vmalle1is", l2t_tlbi_vmalle1is, 0, 0);
		tcase(e2h, BIT(54), "TTLBIS: tlbi vmalle1 (not trapped)", l2t_tlbi_vmalle1, 0, 0);
		if (idf(I->isar0, 56) >= 1)
			tcase(e2h, BIT(55), "TTLBOS: tlbi vmalle1os", l2t_tlbi_vmalle1os, 0, 0);
		else
			t_line("TTLBOS: no FEAT_TLBIOS (ID_AA64ISAR0_EL1.TLB=0)");
	} else {
		t_line("TID4/TICAB/TTLBIS/TTLBOS: no FEAT_EVT (ID_AA64MMFR2_EL1.EVT=0)");
	}
	/* FEAT_PAuth (D24.2 HCR_EL2.API, APK): API=0 traps the PAC instructions (EC 0x09, ISS 0,
	 * the instruction's own return address), APK=0 the key registers (EC 0x18). */
	if (f_pauth(I)) {
		tcase(e2h, 0, "API=0: pacga", l2t_pacga, 0, 0);
		tcase(e2h, BIT(41), "API=1: pacga", l2t_pacga, 0, 0);
		tcase(e2h, 0, "APK=0: mrs APIAKeyLo_EL1", l2t_apiakeylo_r, 0, 1);
		tcase(e2h, BIT(40), "APK=1: mrs APIAKeyLo_EL1", l2t_apiakeylo_r, 0, 1);
	} else {
		t_line("HCR_EL2.API/APK: no FEAT_PAuth");
	}
	/* Virtual interrupts without the GIC (D24.2 HCR_EL2.VI, VF; D1.3.x): VI/VF make a
	 * virtual IRQ/FIQ pending for EL1 only while IMO/FMO route the class to EL2; L2
	 * sees it in ISR_EL1.I (7) / F (6) while masked, and takes it at its EL1 vector
	 * (current EL with SP_ELx: IRQ 5, FIQ 6) once unmasked. */
	/* (no table of strings: this image runs where it is loaded, without relocations) */
	for (unsigned k = 0; k < 4; k++) {
		int fiq = k >= 2, route = !(k & 1);
		u64 hcr = (fiq ? BIT(6) : BIT(7)) | (route ? (fiq ? BIT(3) : BIT(4)) : 0);
		char what[16] = "VI=1 IMO=0";
		struct l2_config vc = {
		    .granule_shift = 12, .e2h = e2h, .hcr_extra = hcr, .keep_el1 = 1};
		struct l2_exit ve;
		int vr;
		if (fiq)
			what[1] = 'F', what[5] = 'F';
		if (route)
			what[9] = '1';
		vr = run_l2(&vc, l2t_isr_r, 0, &ve);
		if (vr == 0)
			t_line("%s: ISR_EL1.I=%lu F=%lu", what, (unsigned long)((ve.ret >> 7) & 1),
			       (unsigned long)((ve.ret >> 6) & 1));
		else
			t_exit(what, &ve, img);
		vr = run_l2(&vc, fiq ? l2t_fiq_unmask : l2t_irq_unmask, 0, &ve);
		if (vr >= 0)
			t_exit(what, &ve, img);
	}
	tcase(e2h, BIT(22), "TSW: dc isw", l2t_dc_isw, 0, 0);
	tcase(e2h, BIT(28), "TDZ: dc zva", l2t_dc_zva, (u64)zbuf, 0);
	/* TDZ=1: DCZID_EL0.DZP reads 1 (DC ZVA prohibited), not trapped */
	struct l2_config cfg = {
	    .granule_shift = 12, .e2h = e2h, .hcr_extra = BIT(28), .keep_el1 = 1};
	struct l2_exit e;
	int rc = run_l2(&cfg, l2t_dczid, 0, &e);
	if (rc == 0)
		t_line("TDZ: DCZID_EL0.DZP=%lu", (unsigned long)((e.ret >> 4) & 1));
	else
		t_exit("TDZ: mrs DCZID_EL0", &e, c_base());
}

static void el2_ctl_traps(int e2h, const struct idv *I)
{
	u64 s = rd(cptr_el2);
	/* CPTR_EL2: E2H=0 TFP (10); E2H=1 FPEN [21:20] = 0b00 traps EL1 (TGE=0) */
	wr(cptr_el2, e2h ? s & ~(3ULL << 20) : s | BIT(10));
	isb();
	tcase(e2h, 0, e2h ? "CPTR_EL2.FPEN=0: fmov d0, xzr" : "CPTR_EL2.TFP: fmov d0, xzr",
	      l2t_fmov, 0, 0);
	wr(cptr_el2, s | BIT(31));
	isb();
	tcase(e2h, 0, "CPTR_EL2.TCPAC: mrs CPACR_EL1", l2t_cpacr_r, 0, 1);
	wr(cptr_el2, s);
	isb();
	/* TTA traps the trace unit's System registers (ID_AA64DFR0_EL1.TraceVer), TAM the
	 * activity monitors (ID_AA64PFR0_EL1.AMU): only with those features */
	if (idf(I->dfr0, 4) || f_amu(I))
		t_line("CPTR_EL2.TTA/TAM: trace unit or AMU present, not probed");
	else
		t_line("CPTR_EL2.TTA/TAM: no trace System registers, no AMU");

	s = rd(mdcr_el2);
	wr(mdcr_el2, s | BIT(9));
	isb();
	tcase(e2h, 0, "MDCR_EL2.TDA: mrs MDSCR_EL1", l2t_mdscr_r, 0, 1);
	tcase(e2h, 0, "MDCR_EL2.TDA: mrs DBGBCR0_EL1", l2t_dbgbcr0_r, 0, 1);
	/* TDE (8) routes EL1's and EL0's debug exceptions to EL2 (BRK: EC 0x3c, the BRK's
	 * own address) and makes TDA, TDOSA and TDRA behave as 1 (D24.2 MDCR_EL2.TDE); with
	 * TDE=0 the BRK is taken at L2's own EL1 (its vector 4). */
	wr(mdcr_el2, s & ~BIT(8));
	isb();
	tcase(e2h, 0, "MDCR_EL2.TDE=0: brk #0x77", l2t_brk, 0, 0);
	wr(mdcr_el2, s | BIT(8));
	isb();
	tcase(e2h, 0, "MDCR_EL2.TDE=1: brk #0x77", l2t_brk, 0, 0);
	tcase(e2h, 0, "MDCR_EL2.TDE=1: mrs MDSCR_EL1", l2t_mdscr_r, 0, 1);
	tcase(e2h, 0, "MDCR_EL2.TDE=1: mrs OSLSR_EL1", l2t_oslsr_r, 0, 1);
	tcase(e2h, 0, "MDCR_EL2.TDE=1: mrs MDRAR_EL1", l2t_mdrar_r, 0, 1);
	wr(mdcr_el2, s | BIT(10));
	isb();
	tcase(e2h, 0, "MDCR_EL2.TDOSA: mrs OSLSR_EL1", l2t_oslsr_r, 0, 1);
	wr(mdcr_el2, s | BIT(11));
	isb();
	tcase(e2h, 0, "MDCR_EL2.TDRA: mrs MDRAR_EL1", l2t_mdrar_r, 0, 1);
	if (f_pmu(I)) {
		wr(mdcr_el2, s | BIT(6));
		isb();
		tcase(e2h, 0, "MDCR_EL2.TPM: mrs PMCR_EL0", l2t_pmcr_r, 0, 1);
		wr(mdcr_el2, s | BIT(5));
		isb();
		tcase(e2h, 0, "MDCR_EL2.TPMCR: mrs PMCR_EL0", l2t_pmcr_r, 0, 1);
	} else {
		t_line("MDCR_EL2.TPM/TPMCR: no PMU (ID_AA64DFR0_EL1.PMUVer)");
	}
	wr(mdcr_el2, s);
	isb();

	if (idf(I->mmfr0, 56)) {
		/* FEAT_FGT: HFGRTR_EL2/HFGWTR_EL2 bit 33 TPIDR_EL1, bit 29 SCTLR_EL1; HFGITR_EL2
		 * bit 42 TLBI VMALLE1 (DDI 0487 D24.2 HFGRTR_EL2, HFGITR_EL2). Positive
		 * polarity: 1 traps. */
		u64 r = rd(s3_4_c1_c1_4), w = rd(s3_4_c1_c1_5), i = rd(s3_4_c1_c1_6);
		wr(s3_4_c1_c1_4, r | BIT(33) | BIT(29));
		isb();
		tcase(e2h, 0, "HFGRTR_EL2.TPIDR_EL1: mrs TPIDR_EL1", l2t_tpidr1_r, 0, 1);
		tcase(e2h, 0, "HFGRTR_EL2.SCTLR_EL1: mrs SCTLR_EL1", l2t_sctlr_r, 0, 1);
		tcase(e2h, 0, "HFGRTR_EL2.TPIDR_EL1: msr TPIDR_EL1 (not trapped)", l2t_tpidr1_w, 7,
		      0);
		wr(s3_4_c1_c1_4, r);
		wr(s3_4_c1_c1_5, w | BIT(33));
		isb();
		tcase(e2h, 0, "HFGWTR_EL2.TPIDR_EL1: msr TPIDR_EL1", l2t_tpidr1_w, 7, 0);
		wr(s3_4_c1_c1_5, w);
		wr(s3_4_c1_c1_6, i | BIT(42));
		isb();
		tcase(e2h, 0, "HFGITR_EL2.TLBIVMALLE1: tlbi vmalle1", l2t_tlbi_vmalle1, 0, 0);
		/* FEAT_XS with FEAT_HCX: the nXS form is trapped by the same bit while
		 * HCRX_EL2.FGTnXS (4) is 0, not while it is 1 (D24.2 HCRX_EL2.FGTnXS) */
		if (idf(I->isar1, 56) && idf(I->mmfr1, 40)) {
			u64 x = rd(s3_4_c1_c2_2);
			wr(s3_4_c1_c2_2, x & ~BIT(4));
			isb();
			tcase(e2h, 0, "HFGITR_EL2.TLBIVMALLE1, FGTnXS=0: tlbi vmalle1nxs",
			      l2t_tlbi_vmalle1nxs, 0, 0);
			wr(s3_4_c1_c2_2, x | BIT(4));
			isb();
			tcase(e2h, 0, "HFGITR_EL2.TLBIVMALLE1, FGTnXS=1: tlbi vmalle1nxs",
			      l2t_tlbi_vmalle1nxs, 0, 0);
			wr(s3_4_c1_c2_2, x);
		} else {
			t_line("HCRX_EL2.FGTnXS: no FEAT_XS or FEAT_HCX");
		}
		wr(s3_4_c1_c1_6, i);
		isb();
	} else {
		t_line("FGT: not implemented (ID_AA64MMFR0_EL1.FGT=0)");
	}
	/* FEAT_MOPS with FEAT_HCX: HCRX_EL2.MSCEn (11) = 0 makes the CPY and SET instructions
	 * UNDEFINED at EL1 (an exception to L2's own EL1, no trap), MCE2 (10) = 1 takes L2's
	 * Memory Copy and Memory Set exceptions to EL2 (D24.2 HCRX_EL2). L2 at EL1 with
	 * HCR_EL2.DC (Normal memory: its stage 1 is off). */
	if (idf(I->isar2, 16) && idf(I->mmfr1, 40)) {
		u64 x = rd(s3_4_c1_c2_2), buf = (u64)zbuf;
		wr(s3_4_c1_c2_2, x & ~(BIT(11) | BIT(10)));
		isb();
		tcase(e2h, BIT(12), "HCRX_EL2.MSCEn=0: setp/setm/sete", l2t_mops_set, buf, 0);
		wr(s3_4_c1_c2_2, (x | BIT(11)) & ~BIT(10));
		isb();
		tcase(e2h, BIT(12), "HCRX_EL2.MSCEn=1: setp/setm/sete", l2t_mops_set, buf, 0);
		tcase(e2h, BIT(12), "HCRX_EL2.MSCEn=1 MCE2=0: setm, C=0", l2t_mops_setm_c0, buf, 0);
		wr(s3_4_c1_c2_2, x | BIT(11) | BIT(10));
		isb();
		tcase(e2h, BIT(12), "HCRX_EL2.MCE2=1: setm, C=0", l2t_mops_setm_c0, buf, 0);
		tcase(e2h, BIT(12), "HCRX_EL2.MCE2=1: setm, C=1", l2t_mops_setm_c1, buf, 0);
		wr(s3_4_c1_c2_2, x);
		isb();
	} else {
		t_line("HCRX_EL2.MSCEn/MCE2: no FEAT_MOPS or FEAT_HCX");
	}
	/* FEAT_NMI with FEAT_HCX: HCRX_EL2.TALLINT (6) traps EL1's MSR ALLINT, Xt and MSR ALLINT,
	 * #1, not #0 nor reads (D24.2 HCRX_EL2.TALLINT; EC 0x18, the MSR immediate reported with
	 * op0 0, op1 1, CRn 4, CRm 1, Rt 31). */
	if (idf(I->pfr1, 36) && idf(I->mmfr1, 40)) {
		u64 x = rd(s3_4_c1_c2_2);
		wr(s3_4_c1_c2_2, x & ~BIT(6));
		isb();
		tcase(e2h, 0, "HCRX_EL2.TALLINT=0: msr ALLINT, x0", l2t_allint_w, 0, 0);
		tcase(e2h, 0, "HCRX_EL2.TALLINT=0: msr ALLINT, #1", l2t_allint_imm1, 0, 0);
		wr(s3_4_c1_c2_2, x | BIT(6));
		isb();
		tcase(e2h, 0, "HCRX_EL2.TALLINT=1: msr ALLINT, x0", l2t_allint_w, 0, 0);
		tcase(e2h, 0, "HCRX_EL2.TALLINT=1: msr ALLINT, #1", l2t_allint_imm1, 0, 0);
		tcase(e2h, 0, "HCRX_EL2.TALLINT=1: msr ALLINT, #0", l2t_allint_imm0, 0, 0);
		tcase(e2h, 0, "HCRX_EL2.TALLINT=1: mrs ALLINT", l2t_allint_r, 0, 0);
		wr(s3_4_c1_c2_2, x);
		isb();
	} else {
		t_line("HCRX_EL2.TALLINT: no FEAT_NMI or FEAT_HCX");
	}
}

/* CNTHCTL_EL2 traps of the EL1 physical counter and timer, kept apart (sec_l2cnt.c runs
 * them last: a nested run may stop on them). */
void cnt_traps_run(int e2h)
{
	u64 s, hcr = rd(hcr_el2);
	struct l2_el1ctx es;
	t_line("HCR_EL2.E2H=%d TGE=0 while L1 sets the controls", e2h);
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	l2_el1_enter(e2h, &es, 1);
	/* CNTHCTL_EL2: E2H=0 EL1PCTEN (0) EL1PCEN (1); E2H=1, TGE=0: EL1PCTEN (10), EL1PTEN
	 * (11). 0 traps the EL1 physical counter / timer accesses. */
	s = rd(cnthctl_el2);
	wr(cnthctl_el2, e2h ? s & ~(3ULL << 10) : s & ~3ULL);
	isb();
	tcase(e2h, 0, "CNTHCTL_EL2 EL1PCTEN=0: mrs CNTPCT_EL0", l2t_cntpct_r, 0, 1);
	tcase(e2h, 0, "CNTHCTL_EL2 EL1PCEN/EL1PTEN=0: mrs CNTP_CTL_EL0", l2t_cntp_ctl_r, 0, 1);
	wr(cnthctl_el2, s);
	isb();

	l2_el1_leave(e2h, &es);
	wr(hcr_el2, hcr);
	isb();
}

/* FEAT_CSV2_2: HCR_EL2.EnSCXT (53) = 0 traps EL1 and EL0 accesses to SCXTNUM_EL1 and
 * SCXTNUM_EL0 (D24.2 SCXTNUM_EL1, SCXTNUM_EL0: "HCR_EL2.EnSCXT == '0' then
 * AArch64.SystemAccessTrap(EL2, 0x18)"); with it 1, FEAT_FGT's HFGRTR_EL2.SCXTNUM_EL1 (30) and
 * HFGWTR_EL2.SCXTNUM_EL0 (31) trap them one by one. */
static void scxt_traps(int e2h, const struct idv *I)
{
	if (!f_scxt(I)) {
		t_line("HCR_EL2.EnSCXT: no FEAT_CSV2_2");
		return;
	}
	tcase(e2h, 0, "EnSCXT=0: mrs SCXTNUM_EL1", l2t_scxt1_r, 0, 1);
	tcase(e2h, 0, "EnSCXT=0: msr SCXTNUM_EL1", l2t_scxt1_w, 5, 0);
	tcase(e2h, 0, "EnSCXT=0: mrs SCXTNUM_EL0", l2t_scxt0_r, 0, 1);
	tcase(e2h, 0, "EnSCXT=0: msr SCXTNUM_EL0", l2t_scxt0_w, 6, 0);
	tcase(e2h, BIT(53), "EnSCXT=1: mrs SCXTNUM_EL1", l2t_scxt1_r, 0, 1);
	tcase(e2h, BIT(53), "EnSCXT=1: msr SCXTNUM_EL0", l2t_scxt0_w, 6, 0);
	if (idf(I->mmfr0, 56)) {
		u64 r = rd(s3_4_c1_c1_4), w = rd(s3_4_c1_c1_5);
		wr(s3_4_c1_c1_4, r | BIT(30));
		isb();
		tcase(e2h, BIT(53), "EnSCXT=1, HFGRTR_EL2.SCXTNUM_EL1: mrs SCXTNUM_EL1",
		      l2t_scxt1_r, 0, 1);
		tcase(e2h, BIT(53), "EnSCXT=1, HFGRTR_EL2.SCXTNUM_EL1: msr SCXTNUM_EL1",
		      l2t_scxt1_w, 5, 0);
		wr(s3_4_c1_c1_4, r);
		wr(s3_4_c1_c1_5, w | BIT(31));
		isb();
		tcase(e2h, BIT(53), "EnSCXT=1, HFGWTR_EL2.SCXTNUM_EL0: msr SCXTNUM_EL0",
		      l2t_scxt0_w, 6, 0);
		tcase(e2h, BIT(53), "EnSCXT=1, HFGWTR_EL2.SCXTNUM_EL0: mrs SCXTNUM_EL0",
		      l2t_scxt0_r, 0, 1);
		wr(s3_4_c1_c1_5, w);
		isb();
	}
}

/* L1's own IMPLEMENTATION DEFINED registers at EL2 (D24.2 ACTLR_EL2, ACTLR_EL1, and the
 * encodings reserved for IMPLEMENTATION DEFINED registers, op0 3 CRn 15): present or not as
 * the PE has them, their contents IMPLEMENTATION DEFINED, so only whether an exception is
 * taken is printed, and each write puts back the value just read. HCR_EL2.TACR and TIDCP trap
 * EL1's accesses only; ACTLR_EL1 has no E2H redirection (it stays EL1's with E2H = 1). */
static void el2_impdef(void)
{
	struct probe r;
	u64 v;

	v = PROBE_X0(&r, 0, "mrs x0, s3_4_c1_c0_1");
	t_probe("EL2: mrs ACTLR_EL2", &r);
	(void)PROBE_X0(&r, v, "msr s3_4_c1_c0_1, x0");
	t_probe("EL2: msr ACTLR_EL2 (the value read)", &r);
	v = PROBE_X0(&r, 0, "mrs x0, s3_0_c1_c0_1");
	t_probe("EL2: mrs ACTLR_EL1", &r);
	(void)PROBE_X0(&r, v, "msr s3_0_c1_c0_1, x0");
	t_probe("EL2: msr ACTLR_EL1 (the value read)", &r);
	(void)PROBE_X0(&r, 0, "mrs x0, s3_0_c15_c0_0");
	t_probe("EL2: mrs s3_0_c15_c0_0 (IMPLEMENTATION DEFINED encoding)", &r);
}

void traps_run(int e2h)
{
	struct idv I;
	struct l2_el1ctx s;
	u64 hcr = rd(hcr_el2);
	id_read(&I);
	t_line("HCR_EL2.E2H=%d TGE=0 while L1 sets the controls", e2h);
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	l2_el1_enter(e2h, &s, 1);
	hcr_traps(e2h, &I);
	el2_impdef();
	el2_ctl_traps(e2h, &I);
	scxt_traps(e2h, &I);
	l2_el1_leave(e2h, &s);
	wr(hcr_el2, hcr);
	isb();
	t_line("HCR_EL2 restored: %s", rd(hcr_el2) == hcr ? "yes" : "no");
}

void sec_l2traps(void)
{
	traps_run(0);
}
