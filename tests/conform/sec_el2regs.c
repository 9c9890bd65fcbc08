// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Every EL2 register a guest hypervisor writes: architecturally meaningful values
// written, then read back, in the non-VHE layout (HCR_EL2.E2H=0), the VHE one (E2H=1,
// TGE=0), and non-VHE again. The transcript shows what the hardware kept (RES0/RES1,
// unimplemented fields). The MMU stays off (SCTLR_EL2.M=0), little-endian (EE=0), and
// every register is restored to what it held before this section.
#include "conform.h"
#include "masks.h"
#include "regs.h"

/* Write V to REG, print "NAME <- V: readback". */
#define WRT(name, reg, v)                                                                          \
	do {                                                                                       \
		u64 v_ = (v);                                                                      \
		wr(reg, v_);                                                                       \
		isb();                                                                             \
		u64 r_ = rd(reg);                                                                  \
		t_line("%s <- 0x%lx: 0x%lx", name, (unsigned long)v_, (unsigned long)r_);          \
	} while (0)
/* Same, masking bits of the value written and read back (cite why at the call). */
#define WRTM(name, reg, v, mask)                                                                   \
	do {                                                                                       \
		u64 v_ = (v);                                                                      \
		wr(reg, v_);                                                                       \
		isb();                                                                             \
		u64 r_ = rd(reg);                                                                  \
		t_line("%s <- 0x%lx: 0x%lx (masked 0x%lx)", name,                                  \
		       (unsigned long)(v_ & ~(u64)(mask)), (unsigned long)(r_ & ~(u64)(mask)),     \
		       (unsigned long)(mask));                                                     \
	} while (0)

/* Same, printing the read-back ANDed with DEF, the bits defined for the features this
 * image sees (masks.h: RES0/RES1 read-back is not architecturally fixed). */
#define WRTD(name, reg, v, def)                                                                    \
	do {                                                                                       \
		u64 v_ = (v);                                                                      \
		wr(reg, v_);                                                                       \
		isb();                                                                             \
		u64 r_ = rd(reg);                                                                  \
		t_line("%s <- 0x%lx: 0x%lx (RES0/RES1 masked)", name, (unsigned long)v_,           \
		       (unsigned long)(r_ & (u64)(def)));                                          \
	} while (0)

#define HCR_RW	BIT(31)
#define HCR_E2H BIT(34)
#define HCR_TGE BIT(27)

static void set_hcr(u64 v)
{
	wr(hcr_el2, v);
	isb();
}

static void lr_write(unsigned n, u64 v)
{
	switch (n) {
#define X(i, enc)                                                                                  \
	case i:                                                                                    \
		wr(enc, v);                                                                        \
		break;
		ICH_LR_CASES(X)
#undef X
	}
}

static u64 lr_read(unsigned n)
{
	switch (n) {
#define X(i, enc)                                                                                  \
	case i:                                                                                    \
		return rd(enc);
		ICH_LR_CASES(X)
#undef X
	}
	return 0;
}

/* Registers whose layout does not depend on E2H. */
static void common_regs(void)
{
	u64 s;
	struct idv I;
	id_read(&I);
	/* MAIR_EL2: valid attribute encodings only (Device nGnRnE/nGnRE/nGRE/GRE, Normal NC,
	 * WT RA, WB RWA, WB RA): other inner/outer combinations are UNPREDICTABLE. */
	s = rd(mair_el2);
	WRT("MAIR_EL2", mair_el2, 0xeeffaa440c080400ULL);
	WRT("MAIR_EL2", mair_el2, 0);
	wr(mair_el2, s);
	/* AMAIR_EL2: IMPLEMENTATION DEFINED contents (DDI 0487 D24.2 AMAIR_EL2): masked. */
	s = rd(amair_el2);
	WRTM("AMAIR_EL2", amair_el2, 0, ~0ULL);
	wr(amair_el2, s);
	/* VBAR_EL2: bits [10:0] RES0; printed relative to the value written. */
	s = rd(vbar_el2);
	wr(vbar_el2, s | 0x7ff);
	isb();
	/* [10:0] RES0: masked */
	t_line("VBAR_EL2 <- vectors|0x7ff: vectors+0x%lx (RES0/RES1 masked)",
	       (unsigned long)((rd(vbar_el2) - s) & ~0x7ffULL));
	wr(vbar_el2, s);
	isb();
	/* MDCR_EL2: HPMN [4:0] resets to PMCR_EL0.N, the IMPLEMENTATION DEFINED number of
	 * event counters; kept as found (a value > N is CONSTRAINED UNPREDICTABLE) and masked;
	 * the PMU, SPE, trace filter and FGT controls only if the ID registers show them. */
	s = rd(mdcr_el2);
	wr(mdcr_el2, (s & 0x1f) | 0xfe0);
	isb();
	t_line("MDCR_EL2 <- HPMN|0xfe0: 0x%lx (RES0/RES1 masked, HPMN masked)",
	       (unsigned long)(rd(mdcr_el2) & def_mdcr(&I) & ~0x1fULL));
	wr(mdcr_el2, (s & 0x1f) | BIT(14) | BIT(17) | BIT(19) | BIT(27));
	isb();
	t_line("MDCR_EL2 <- HPMN|0x80a4000: 0x%lx (RES0/RES1 masked, HPMN masked)",
	       (unsigned long)(rd(mdcr_el2) & def_mdcr(&I) & ~0x1fULL));
	wr(mdcr_el2, s);
	/* CNTVOFF_EL2 */
	s = rd(cntvoff_el2);
	WRT("CNTVOFF_EL2", cntvoff_el2, 0x123456789aULL);
	WRT("CNTVOFF_EL2", cntvoff_el2, 0);
	wr(cntvoff_el2, s);
	/* VTCR_EL2: 4K (T0SZ=32 SL0=1 WBWA Inner PS=40b), 16K (T0SZ=24 SL0=1 PS=48b VS HA HD). */
	s = rd(vtcr_el2);
	WRT("VTCR_EL2", vtcr_el2, 0x80023560ULL);
	WRTD("VTCR_EL2", vtcr_el2,
	     0x80000000ULL | 24 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 14) |
		 (5 << 16) | BIT(19) | BIT(21) | BIT(22),
	     def_vtcr(&I));
	wr(vtcr_el2, s);
	/* VTTBR_EL2: VMID [63:48] (8 or 16 bits), BADDR, CnP bit 0. */
	s = rd(vttbr_el2);
	WRT("VTTBR_EL2", vttbr_el2, 0x00ab000040001000ULL);
	WRTD("VTTBR_EL2", vttbr_el2, 0xabcd000080000001ULL, def_vttbr(&I));
	wr(vttbr_el2, s);
	/* VPIDR_EL2, VMPIDR_EL2 (bit 31 RES1) */
	s = rd(vpidr_el2);
	WRT("VPIDR_EL2", vpidr_el2, 0x410fd4f2);
	WRTD("VPIDR_EL2", vpidr_el2, 0xffffffffffffffffULL, 0xffffffffULL); /* [63:32] RES0 */
	wr(vpidr_el2, s);
	s = rd(vmpidr_el2);
	/* Defined: Aff3 [39:32], U [30], MT [24], Aff2..Aff0 [23:0]; bit 31 RES1 and the rest
	 * RES0 read back either way (Glossary RES0/RES1; QEMU keeps a written 0 in bit 31). */
	WRTD("VMPIDR_EL2", vmpidr_el2, 0x12c1000102ULL, 0xff41ffffffULL);
	WRTD("VMPIDR_EL2", vmpidr_el2, 0, 0xff41ffffffULL);
	wr(vmpidr_el2, s);
	s = rd(tpidr_el2);
	WRT("TPIDR_EL2", tpidr_el2, 0x0123456789abcdefULL);
	wr(tpidr_el2, s);
	/* SCXTNUM_EL2 (FEAT_CSV2_2): a 64-bit software context number */
	if (f_scxt(&I)) {
		s = rd(R_SCXTNUM_EL2);
		WRT("SCXTNUM_EL2", R_SCXTNUM_EL2, 0xfedcba9876543210ULL);
		wr(R_SCXTNUM_EL2, s);
	} else {
		t_line("SCXTNUM_EL2: no FEAT_CSV2_2");
	}
	/* Exception state registers: nothing is taken between the write and the read. */
	s = rd(elr_el2);
	WRT("ELR_EL2", elr_el2, 0xffff800012345678ULL);
	WRT("ELR_EL2", elr_el2, 0x0000000040080004ULL);
	wr(elr_el2, s);
	s = rd(spsr_el2);
	/* EL2h/EL1h with NZCV, PAN, SS, IL, SSBS, BTYPE, UAO, DIT, TCO, DAIF */
	WRTD("SPSR_EL2", spsr_el2, 0xf3f01fc9ULL, def_spsr(&I));
	WRT("SPSR_EL2", spsr_el2, 0x3c5);
	wr(spsr_el2, s);
	s = rd(esr_el2);
	WRTD("ESR_EL2", esr_el2, 0x000000ff92000047ULL, def_esr(&I));
	WRTD("ESR_EL2", esr_el2, ~0ULL, def_esr(&I));
	wr(esr_el2, s);
	s = rd(far_el2);
	WRT("FAR_EL2", far_el2, 0x0000123456789abcULL);
	WRT("FAR_EL2", far_el2, ~0ULL);
	wr(far_el2, s);
	s = rd(R_HPFAR_EL2);
	WRTD("HPFAR_EL2", R_HPFAR_EL2, 0x8000000001234560ULL, def_hpfar(&I));
	WRTD("HPFAR_EL2", R_HPFAR_EL2, ~0ULL, def_hpfar(&I));
	wr(R_HPFAR_EL2, s);
	/* HSTR_EL2: T4 and T14 RES0 */
	s = rd(R_HSTR_EL2);
	WRTD("HSTR_EL2", R_HSTR_EL2, 0xffffffffULL, 0xbfefULL); /* T4, T14, [63:16] RES0 */
	WRT("HSTR_EL2", R_HSTR_EL2, 0x8001);
	wr(R_HSTR_EL2, s);
	/* HACR_EL2: IMPLEMENTATION DEFINED (DDI 0487 D24.2 HACR_EL2): masked. */
	s = rd(R_HACR_EL2);
	WRTM("HACR_EL2", R_HACR_EL2, 0, ~0ULL);
	wr(R_HACR_EL2, s);

	u64 mmfr0 = rd(R_ID_AA64MMFR0_EL1), mmfr1 = rd(R_ID_AA64MMFR1_EL1);
	t_line("ID_AA64MMFR0_EL1.FGT=%lu ID_AA64MMFR1_EL1.HCX=%lu",
	       (unsigned long)((mmfr0 >> 56) & 0xf), (unsigned long)((mmfr1 >> 40) & 0xf));
	if ((mmfr0 >> 56) & 0xf) {
#define FGT(name, reg)                                                                             \
	s = rd(reg);                                                                               \
	WRT(name, reg, ~0ULL);                                                                     \
	WRT(name, reg, 0x5555555555555555ULL);                                                     \
	WRT(name, reg, 0);                                                                         \
	wr(reg, s);
		FGT("HFGRTR_EL2", R_HFGRTR_EL2)
		FGT("HFGWTR_EL2", R_HFGWTR_EL2)
		FGT("HFGITR_EL2", R_HFGITR_EL2)
		FGT("HDFGRTR_EL2", R_HDFGRTR_EL2)
		FGT("HDFGWTR_EL2", R_HDFGWTR_EL2)
#undef FGT
		isb();
	}
	if ((mmfr1 >> 40) & 0xf) {
		s = rd(R_HCRX_EL2);
		WRTD("HCRX_EL2", R_HCRX_EL2, ~0ULL, def_hcrx(&I));
		WRT("HCRX_EL2", R_HCRX_EL2, 0);
		wr(R_HCRX_EL2, s);
		isb();
	}
}

/* EL2 timers: CTL shows ENABLE and IMASK; ISTATUS (bit 2) depends on the count and is
 * masked. CVAL: only the value written is read back (far in the future). */
static void timer_regs(void)
{
	u64 c = rd(R_CNTHP_CTL_EL2), v = rd(R_CNTHP_CVAL_EL2);
	WRT("CNTHP_CVAL_EL2", R_CNTHP_CVAL_EL2, 0x0fffffffffff0000ULL);
	WRTM("CNTHP_CTL_EL2", R_CNTHP_CTL_EL2, 3, BIT(2));
	WRTM("CNTHP_CTL_EL2", R_CNTHP_CTL_EL2, 1, BIT(2));
	WRTM("CNTHP_CTL_EL2", R_CNTHP_CTL_EL2, 0, BIT(2));
	wr(R_CNTHP_CVAL_EL2, v);
	wr(R_CNTHP_CTL_EL2, c);
	c = rd(R_CNTHV_CTL_EL2), v = rd(R_CNTHV_CVAL_EL2);
	WRT("CNTHV_CVAL_EL2", R_CNTHV_CVAL_EL2, 0x0ffffffffffe0000ULL);
	WRTM("CNTHV_CTL_EL2", R_CNTHV_CTL_EL2, 3, BIT(2));
	WRTM("CNTHV_CTL_EL2", R_CNTHV_CTL_EL2, 0, BIT(2));
	wr(R_CNTHV_CVAL_EL2, v);
	wr(R_CNTHV_CTL_EL2, c);
	isb();
}

/* A switch, not a table of pointers: the image is linked at 0 (see conform.h). */
static const char *state_name(unsigned st)
{
	switch (st) {
	case 0:
		return "invalid";
	case 1:
		return "pending";
	case 2:
		return "active";
	case 3:
		return "pending+active";
	case 4:
		return "HW=1 pending";
	default:
		return "invalid EOI=1";
	}
}

/* The GICv3 virtual CPU interface control registers (GIC architecture IHI 0069). */
static void gic_regs(void)
{
	u64 vtr = rd(R_ICH_VTR_EL2);
	unsigned nlr = (unsigned)(vtr & 0x1f) + 1;
	t_reg("ICH_VTR_EL2", vtr);
	t_line("ICH_VTR_EL2.ListRegs=%u (%u list registers)", nlr - 1, nlr);
	u64 hcr = rd(R_ICH_HCR_EL2), vmcr = rd(R_ICH_VMCR_EL2);
	u64 ap0 = rd(R_ICH_AP0R0_EL2), ap1 = rd(R_ICH_AP1R0_EL2);
	/* ICH_HCR_EL2: En, UIE, LRENPIE, NPIE, VGrp{0,1}{E,D}IE, TC, TALL0, TALL1, TSEI, TDIR,
	 * EOIcount = 5 */
	WRTD("ICH_HCR_EL2", R_ICH_HCR_EL2, (5ULL << 27) | 0x7cff, def_ich_hcr(vtr));
	WRT("ICH_HCR_EL2", R_ICH_HCR_EL2, 0);
	/* ICH_VMCR_EL2: VPMR, VBPR0=2, VBPR1=3, VEOIM, VFIQEn, VAckCtl, VENG1, VENG0; then 0
	 * (the BPR minimum follows ICH_VTR_EL2.PREbits) */
	/* VFIQEn (3) is RES1 and VAckCtl (2) RES0 without legacy operation (IHI 0069
	 * ICH_VMCR_EL2): masked. */
	WRTD("ICH_VMCR_EL2", R_ICH_VMCR_EL2, 0xf8000000ULL | (2 << 21) | (3 << 18) | BIT(9) | 0xf,
	     ~0xcULL);
	WRTD("ICH_VMCR_EL2", R_ICH_VMCR_EL2, 0, ~0xcULL);
	WRT("ICH_AP0R0_EL2", R_ICH_AP0R0_EL2, 0x80000001ULL);
	WRT("ICH_AP0R0_EL2", R_ICH_AP0R0_EL2, 0);
	WRT("ICH_AP1R0_EL2", R_ICH_AP1R0_EL2, 0x80000001ULL);
	WRT("ICH_AP1R0_EL2", R_ICH_AP1R0_EL2, 0);
	if (nlr > 16)
		nlr = 16;
	u64 save[16];
	for (unsigned n = 0; n < nlr; n++)
		save[n] = lr_read(n);
	/* Maintenance conditions enabled, both groups enabled in the virtual CPU interface. */
	wr(R_ICH_VMCR_EL2, 0x3);
	wr(R_ICH_HCR_EL2, 0xff);
	isb();
	for (unsigned st = 0; st < 6; st++) {
		for (unsigned n = 0; n < nlr; n++) {
			/* Group 1, priority 0xa0, vINTID 32+n */
			u64 v = BIT(60) | (0xa0ULL << 48) | (32 + n);
			switch (st) {
			case 1:
				v |= 1ULL << 62;
				break;
			case 2:
				v |= 2ULL << 62;
				break;
			case 3:
				v |= 3ULL << 62;
				break;
			case 4:
				v |= (1ULL << 62) | BIT(61) | ((u64)(48 + n) << 32);
				break;
			case 5:
				v |= BIT(41);
				break;
			}
			lr_write(n, v);
		}
		isb();
		for (unsigned n = 0; n < nlr; n++)
			t_line("%s: ICH_LR%u_EL2=0x%lx", state_name(st), n,
			       (unsigned long)lr_read(n));
		t_line("%s: ICH_ELRSR_EL2=0x%lx", state_name(st),
		       (unsigned long)rd(R_ICH_ELRSR_EL2));
		t_line("%s: ICH_EISR_EL2=0x%lx", state_name(st), (unsigned long)rd(R_ICH_EISR_EL2));
		t_line("%s: ICH_MISR_EL2=0x%lx", state_name(st), (unsigned long)rd(R_ICH_MISR_EL2));
	}
	for (unsigned n = 0; n < nlr; n++)
		lr_write(n, save[n]);
	wr(R_ICH_HCR_EL2, hcr);
	wr(R_ICH_VMCR_EL2, vmcr);
	wr(R_ICH_AP0R0_EL2, ap0);
	wr(R_ICH_AP1R0_EL2, ap1);
	isb();
}

static void layout_e2h0(void)
{
	u64 s;
	struct idv I;
	id_read(&I);
	/* HCR_EL2: a KVM-like trap set, then every bit but E2H and TGE. */
	set_hcr(HCR_RW);
	WRT("HCR_EL2", hcr_el2,
	    HCR_RW | BIT(0) | BIT(3) | BIT(4) | BIT(5) | BIT(13) | BIT(14) | BIT(18) | BIT(19) |
		BIT(21) | BIT(26) | BIT(30));
	WRTD("HCR_EL2", hcr_el2, ~(HCR_E2H | HCR_TGE), def_hcr(&I));
	set_hcr(HCR_RW);
	/* SCTLR_EL2 (non-VHE layout): RES1 only; + C, SA, I, WXN; then every bit except M,
	 * A, EE, pointer authentication, BT, NMI and SPINTMASK (those change how this code runs).
	 */
	s = rd(sctlr_el2);
	WRT("SCTLR_EL2", sctlr_el2, 0x30c50830ULL);
	WRT("SCTLR_EL2", sctlr_el2, 0x30c50830ULL | BIT(2) | BIT(3) | BIT(12) | BIT(19));
	WRTD("SCTLR_EL2", sctlr_el2,
	     ~(BIT(0) | BIT(1) | BIT(25) | BIT(31) | BIT(30) | BIT(27) | BIT(13) | BIT(36) |
	       BIT(61) | BIT(62)),
	     def_sctlr2(&I));
	wr(sctlr_el2, s);
	isb();
	/* TCR_EL2 (non-VHE layout, RES1 bits 31 and 23): only valid TG0/PS/T0SZ values. */
	s = rd(tcr_el2);
	WRT("TCR_EL2", tcr_el2,
	    0x80800000ULL | 25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 16) | BIT(20) | BIT(24));
	WRT("TCR_EL2", tcr_el2, 0x80800000ULL | 16 | (2 << 14) | (5 << 16) | BIT(21) | BIT(22));
	wr(tcr_el2, s);
	s = rd(ttbr0_el2);
	WRT("TTBR0_EL2", ttbr0_el2, 0x0000123456789000ULL);
	WRT("TTBR0_EL2", ttbr0_el2, 0x0000000040000001ULL);
	wr(ttbr0_el2, s);
	/* CPTR_EL2 (non-VHE): TCPAC TAM TTA TSM TFP TZ, then RES1 only */
	s = rd(cptr_el2);
	WRTD("CPTR_EL2", cptr_el2, BIT(31) | BIT(30) | BIT(20) | BIT(12) | BIT(10) | BIT(8),
	     def_cptr(&I, 0));
	WRTD("CPTR_EL2", cptr_el2, 0, def_cptr(&I, 0));
	wr(cptr_el2, s);
	/* CNTHCTL_EL2 (non-VHE): EL1PCTEN EL1PCEN; then EVNTEN EVNTDIR EVNTI=10 and the
	 * FEAT_ECV controls */
	s = rd(cnthctl_el2);
	WRTD("CNTHCTL_EL2", cnthctl_el2, 3, def_cnthctl(&I, 0));
	WRTD("CNTHCTL_EL2", cnthctl_el2, 0xfULL | (10 << 4) | (0x1fULL << 13), def_cnthctl(&I, 0));
	wr(cnthctl_el2, s);
	isb();
}

static void layout_e2h1(void)
{
	u64 s;
	struct idv I;
	id_read(&I);
	/* HCR_EL2 with E2H=1, TGE=0 */
	WRT("HCR_EL2", hcr_el2, HCR_RW | HCR_E2H | BIT(0) | BIT(3) | BIT(4) | BIT(5) | BIT(13));
	WRTD("HCR_EL2", hcr_el2, ~HCR_TGE, def_hcr(&I));
	set_hcr(HCR_RW | HCR_E2H);
	s = rd(sctlr_el2);
	WRT("SCTLR_EL2", sctlr_el2, 0x30c50830ULL | BIT(2) | BIT(12));
	wr(sctlr_el2, s);
	isb();
	/* TCR_EL2 in the TCR_EL1 layout: 4K/4K with T0SZ=T1SZ=25, IPS=40b, AS, TBI0; then
	 * 64K/64K, IPS=48b, TBI1, HA, HD, HPD0, HPD1, EPD1 */
	s = rd(tcr_el2);
	WRT("TCR_EL2", tcr_el2,
	    25 | (1 << 8) | (1 << 10) | (3 << 12) | (25ULL << 16) | (1ULL << 24) | (1ULL << 26) |
		(3ULL << 28) | (2ULL << 30) | (2ULL << 32) | BIT(36) | BIT(37));
	WRT("TCR_EL2", tcr_el2,
	    16 | (1 << 14) | (16ULL << 16) | BIT(23) | (3ULL << 30) | (5ULL << 32) | BIT(38) |
		BIT(39) | BIT(40) | BIT(41) | BIT(42));
	wr(tcr_el2, s);
	/* TTBR0/1_EL2 with an ASID in [63:48] */
	s = rd(ttbr0_el2);
	WRT("TTBR0_EL2", ttbr0_el2, 0xabcd123456789000ULL);
	wr(ttbr0_el2, s);
	s = rd(R_TTBR1_EL2);
	WRT("TTBR1_EL2", R_TTBR1_EL2, 0x00ef000040002000ULL);
	WRT("TTBR1_EL2", R_TTBR1_EL2, 0);
	wr(R_TTBR1_EL2, s);
	s = rd(R_CONTEXTIDR_EL2);
	WRT("CONTEXTIDR_EL2", R_CONTEXTIDR_EL2, 0x1234abcdULL);
	WRTD("CONTEXTIDR_EL2", R_CONTEXTIDR_EL2, ~0ULL, 0xffffffffULL); /* [63:32] RES0 */
	wr(R_CONTEXTIDR_EL2, s);
	/* With E2H=1 at EL2 the SCXTNUM_EL1 name accesses SCXTNUM_EL2 and SCXTNUM_EL12 the EL1
	 * register (D24.2 SCXTNUM_EL1: "ELIsInHost(EL2)") */
	if (f_scxt(&I)) {
		u64 s1 = rd(R_SCXTNUM_EL12);
		s = rd(R_SCXTNUM_EL2);
		wr(R_SCXTNUM_EL12, 0x1111);
		wr(R_SCXTNUM_EL1, 0x2222);
		isb();
		t_line("E2H=1: SCXTNUM_EL12 <- 0x1111, SCXTNUM_EL1 <- 0x2222: SCXTNUM_EL2 0x%lx, "
		       "SCXTNUM_EL12 0x%lx",
		       (unsigned long)rd(R_SCXTNUM_EL2), (unsigned long)rd(R_SCXTNUM_EL12));
		wr(R_SCXTNUM_EL12, s1);
		wr(R_SCXTNUM_EL2, s);
	}
	/* CPTR_EL2 in the CPACR_EL1 layout: ZEN FPEN SMEN = 0b11, then TCPAC TAM TTA, traps */
	s = rd(cptr_el2);
	WRTD("CPTR_EL2", cptr_el2, (3ULL << 16) | (3ULL << 20) | (3ULL << 24), def_cptr(&I, 1));
	WRTD("CPTR_EL2", cptr_el2, BIT(31) | BIT(30) | BIT(28) | (1ULL << 16) | (1ULL << 20),
	     def_cptr(&I, 1));
	wr(cptr_el2, s);
	/* CNTHCTL_EL2 in the VHE layout: EL0PCTEN EL0VCTEN EL0VTEN EL0PTEN EL1PCTEN EL1PTEN;
	 * then EVNTEN EVNTDIR EVNTI=5 */
	s = rd(cnthctl_el2);
	WRTD("CNTHCTL_EL2", cnthctl_el2, 0xf03, def_cnthctl(&I, 1));
	WRTD("CNTHCTL_EL2", cnthctl_el2, 0xcULL | (5 << 4), def_cnthctl(&I, 1));
	wr(cnthctl_el2, s);
	isb();
}

void sec_el2regs(void)
{
	u64 hcr = rd(hcr_el2);
	t_line("layout E2H=0");
	layout_e2h0();
	common_regs();
	timer_regs();
	gic_regs();
	struct idv I;
	id_read(&I);
	if (!e2h_switchable(&I)) { /* masks.h: VH and ID_AA64MMFR4_EL1.E2H0 */
		t_line("E2H not switchable: no E2H=1 layout");
	} else {
		t_line("layout E2H=1 TGE=0");
		set_hcr(HCR_RW | HCR_E2H);
		layout_e2h1();
		common_regs();
		timer_regs();
		set_hcr(HCR_RW);
		t_line("layout E2H=0 again");
		layout_e2h0();
	}
	set_hcr(hcr);
	t_line("HCR_EL2 restored: %s", rd(hcr_el2) == hcr ? "yes" : "no");
}
