// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// AT S12E1R / AT S12E1W from this image (EL2, HCR_EL2.VM=1 around them, E2H=0): L2's two
// stages as PAR_EL1 reports them (DDI 0487 D8 "Address translation instructions", D24
// PAR_EL1), with L2's stage 1 off and on (its tables in L2's IPA space, as sec_s2s1ptw.c),
// before L2 ever ran with these tables: a stage-2 fault is F=1, S=1 (PTW=1 on a stage-1
// table access), FST the fault status; a success gives the PA, the combined attributes
// (ATTR, SH). PAR_EL1 bits left open are not printed: [55:52] and [10] IMPLEMENTATION
// DEFINED, [11] RES1, [63:56] IMPLEMENTATION DEFINED when F=1, and NS [9] (UNKNOWN for a
// result from a Non-secure translation regime).
#include "sec_s2.h"

#define W  S2S1_W
#define VB 0x80200000ULL /* VA: stage-1 block to IPA S2S1_IB (sec_s2.h) */
#define VU 0x80400000ULL /* unmapped at stage 1 */

/* L2's own AT S1E1R (stage 1 of EL1&0 only): PAR_EL1. */
static u64 l2_at(u64 va)
{
	u64 par;
	__asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(va) : "memory");
	return par;
}

static u64 at_dc;   /* HCR_EL2.DC for the AT: stage 1 off means Normal WB (D5 "HCR_EL2.DC") */
static int at_keep; /* 1: no TLBI VMALLS12E1 before the AT (the tables did not change) */
static u64 at_fwb;  /* HCR_EL2.FWB for the AT (FEAT_S2FWB): stage-2 MemAttr in the FWB layout */

/* The AT instruction @kind: AT_S12E1R/W (L2's two stages), AT_S1E1R/W, AT_S1E0R/W. */
enum { AT_S12E1R, AT_S12E1W, AT_S1E1R, AT_S1E1W, AT_S1E0R, AT_S1E0W };

static void at_insn(int kind, u64 va)
{
	switch (kind) {
	case AT_S12E1R:
		__asm__ volatile("at s12e1r, %0" ::"r"(va) : "memory");
		break;
	case AT_S12E1W:
		__asm__ volatile("at s12e1w, %0" ::"r"(va) : "memory");
		break;
	case AT_S1E1R:
		__asm__ volatile("at s1e1r, %0" ::"r"(va) : "memory");
		break;
	case AT_S1E1W:
		__asm__ volatile("at s1e1w, %0" ::"r"(va) : "memory");
		break;
	case AT_S1E0R:
		__asm__ volatile("at s1e0r, %0" ::"r"(va) : "memory");
		break;
	default:
		__asm__ volatile("at s1e0w, %0" ::"r"(va) : "memory");
		break;
	}
}

/* @kind at EL2 with @p t's stage 2 and HCR_EL2 = RW | VM | @p hcr_bits around it (TLBI
 * VMALLS12E1 first unless @p keep), everything restored after; PAR_EL1 as it gave. */
static u64 at_with(const struct s2t *t, u64 hcr_bits, int keep, int kind, u64 va)
{
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2), par0 = rd(par_el1);
	wr(vtcr_el2, t->vtcr);
	wr(vttbr_el2, t->vttbr);
	wr(hcr_el2, BIT(31) | BIT(0) | hcr_bits);
	isb();
	if (!keep)
		__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	at_insn(kind, va);
	isb();
	u64 par = rd(par_el1);
	wr(par_el1, par0);
	wr(hcr_el2, hcr);
	isb();
	wr(vtcr_el2, vtcr);
	wr(vttbr_el2, vttbr);
	isb();
	return par;
}

static u64 at(const struct s2t *t, int write, u64 va)
{
	/* RW, VM (, DC, FWB) */
	return at_with(t, at_dc | at_fwb, at_keep, write ? AT_S12E1W : AT_S12E1R, va);
}

static void show(const struct s2t *t, const char *what, int write, u64 va)
{
	u64 par = at(t, write, va);
	if (par & 1)
		t_line("%s: PAR_EL1.F=1 FST=0x%lx S=%lu PTW=%lu", what,
		       (unsigned long)(par >> 1) & 0x3f, (unsigned long)(par >> 9) & 1,
		       (unsigned long)(par >> 8) & 1);
	else
		t_line("%s: PAR_EL1.F=0 PA=data+0x%lx ATTR=0x%lx SH=%lu", what,
		       (unsigned long)((par & (BIT(48) - 1) & ~0xfffULL) - s2_data()),
		       (unsigned long)(par >> 56), (unsigned long)(par >> 7) & 3);
}

/*
 * This image's own AT S1E1R/W and S1E0R/W at EL2 for its guest (DDI 0487 C5.4.8-C5.4.11):
 * with HCR_EL2.{E2H, TGE} other than {1, 1} stage 1 of the EL1&0 regime (L2's, as this image
 * set its registers), accessed from EL1 or EL0, its table walks through stage 2 (VM=1);
 * with {1, 1} the EL2&0 regime, this image's own (MMU off: the VA, Device-nGnRnE). PAR_EL1
 * is stage 1's: the IPA, MAIR_EL1's attribute. @hcr_bits: E2H (34), TGE (27).
 */
static const char *at_name(int kind)
{
	switch (kind) {
	case AT_S12E1R:
		return "S12E1R";
	case AT_S12E1W:
		return "S12E1W";
	case AT_S1E1R:
		return "S1E1R";
	case AT_S1E1W:
		return "S1E1W";
	case AT_S1E0R:
		return "S1E0R";
	default:
		return "S1E0W";
	}
}

/* One line: "<pfx>, AT <op> <vname>: PAR_EL1..." (PA relative to W: VA = IPA at stage 1). */
static void l1_at_show(const struct s2t *t, const char *pfx, u64 hcr_bits, int op, u64 va,
		       const char *vname)
{
	u64 par = at_with(t, hcr_bits, 0, op, va);
	/* PA relative to W when it is an IPA or the VA (stage 1 only, or both stages off), to
	 * the data units when stage 2 translated it (the image's load address is not printed) */
	int s2pa = !(par & 1) && (op == AT_S12E1R || op == AT_S12E1W) &&
		   (hcr_bits & (BIT(34) | BIT(27))) != (BIT(34) | BIT(27));
	if (par & 1)
		t_line("%s, AT %s %s: PAR_EL1.F=1 FST=0x%lx S=%lu PTW=%lu", pfx, at_name(op), vname,
		       (unsigned long)(par >> 1) & 0x3f, (unsigned long)(par >> 9) & 1,
		       (unsigned long)(par >> 8) & 1);
	else
		t_line("%s, AT %s %s: PAR_EL1.F=0 PA=%s+0x%lx ATTR=0x%lx SH=%lu", pfx, at_name(op),
		       vname, s2pa ? "data" : "W",
		       (unsigned long)((par & (BIT(48) - 1) & ~0xfffULL) - (s2pa ? s2_data() : W)),
		       (unsigned long)(par >> 56), (unsigned long)(par >> 7) & 3);
}

/*
 * Stage-2 tables in big-endian byte order: stage-2 walks use the endianness of
 * SCTLR_EL2.EE (DDI 0487 D8 "Translation table walks": stage 2 walk endianness is
 * SCTLR_EL2.EE). EE=1 only around the AT, in one asm block without memory accesses (this
 * image's own data accesses are little-endian); stage 1 off.
 */
static u64 bswap64(u64 v)
{
	u64 r = 0;
	for (int i = 0; i < 8; i++, v >>= 8)
		r = r << 8 | (v & 0xff);
	return r;
}

static void at_big_endian(void)
{
	struct s2t t;
	if (s2t_init(&t, 12, 1, 32, 2) || s2t_map_image(&t) ||
	    s2t_map(&t, W, s2_unit_pa(0x20), 3, S2D_NORMAL)) {
		t_line("big-endian stage 2: cannot build the tables");
		return;
	}
	u64 first = t.root; /* the tables are t.root .. t.next (one bump allocator) */
	for (u64 a = first; a < t.next; a += 8)
		*(volatile u64 *)a = bswap64(*(volatile u64 *)a);
	dsb_ish();
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2), par0 = rd(par_el1);
	u64 sctlr2 = rd(sctlr_el2), sctlr1 = rd(sctlr_el1);
	wr(vtcr_el2, t.vtcr);
	wr(vttbr_el2, t.vttbr);
	wr(hcr_el2, BIT(31) | BIT(0));
	wr(sctlr_el1, 0x30d00800);
	isb();
	__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	u64 par, ee = sctlr2 | BIT(25);
	__asm__ volatile("msr sctlr_el2, %1\n\tisb\n\tat s12e1r, %2\n\tisb\n\t"
			 "msr sctlr_el2, %3\n\tisb\n\tmrs %0, par_el1"
			 : "=&r"(par)
			 : "r"(ee), "r"(W + 0x10), "r"(sctlr2)
			 : "memory");
	wr(par_el1, par0);
	wr(sctlr_el1, sctlr1);
	wr(hcr_el2, hcr);
	isb();
	wr(vtcr_el2, vtcr);
	wr(vttbr_el2, vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	if (par & 1)
		t_line("SCTLR_EL2.EE=1, big-endian stage-2 tables, S12E1R W: PAR_EL1.F=1 FST=0x%lx "
		       "S=%lu",
		       (unsigned long)(par >> 1) & 0x3f, (unsigned long)(par >> 9) & 1);
	else
		t_line("SCTLR_EL2.EE=1, big-endian stage-2 tables, S12E1R W: PAR_EL1.F=0 "
		       "PA=data+0x%lx",
		       (unsigned long)((par & (BIT(48) - 1) & ~0xfffULL) - s2_data()));
}

/*
 * The stage-1-only AT forms at EL2 for L2's regime (its stage 1 on, as sec_s2at set it):
 * with E2H=0, or (@vhe, from the VHE pass) E2H=1 with TGE=0 and, for this image's own
 * EL2&0 regime, TGE=1. HCR_EL2.E2H changes only around each AT: L2's EL1 registers keep
 * the _EL1 names here.
 */
static void s2at_l1_lines(const struct s2t *t, int vhe)
{
	const char *p = vhe ? "E2H=1 TGE=0" : "E2H=0";
	u64 b = vhe ? BIT(34) : 0;
	for (int op = AT_S1E1R; op <= AT_S1E0W; op++)
		l1_at_show(t, p, b, op, W + 0x10, "W");
	l1_at_show(t, p, b, AT_S1E1R, VU, "VU (unmapped at stage 1)");
	if (!vhe) {
		/* TGE=1 (E2H=0): still the EL1&0 regime, but SCTLR_EL1.M is treated as 0
		 * (D24.2 HCR_EL2.TGE): stage 1 off, the VA, Device-nGnRnE; stage 2 as set */
		l1_at_show(t, "E2H=0 TGE=1", BIT(27), AT_S1E1R, W + 0x10,
			   "W (stage 1 treated off)");
		l1_at_show(t, "E2H=0 TGE=1", BIT(27), AT_S12E1R, W + 0x10,
			   "W (stage 1 treated off)");
		return;
	}
	/* {E2H, TGE} = {1, 1}: S1E1* and S1E0* name this image's own EL2&0 regime (C5.4.8);
	 * S12E1* the EL1&0 regime with stage 1 treated off and the Effective HCR_EL2.VM 0
	 * (D24.2 HCR_EL2.VM): the VA, both stages off */
	for (int op = AT_S1E1R; op <= AT_S1E0W; op += 2)
		l1_at_show(t, "E2H=1 TGE=1", BIT(34) | BIT(27), op, VU,
			   "VU (EL2&0 regime, MMU off)");
	for (int op = AT_S12E1R; op <= AT_S12E1W; op++)
		l1_at_show(t, "E2H=1 TGE=1", BIT(34) | BIT(27), op, VU, "VU (both stages off)");
}

/* The VHE pass's part of this section (sec_vhe.c): the same tables and L2 stage 1. */
void s2at_vhe_run(void)
{
	struct s2t t;
	u64 mair = rd(mair_el1), tcr = rd(tcr_el1), ttbr = rd(ttbr0_el1), sctlr = rd(sctlr_el1);
	if (!s2t_granule_ok(12) || (c_base() >> 31) || s2t_init(&t, 12, 1, 32, 2) ||
	    s2t_map_image(&t)) {
		t_line("cannot build the tables: skipped");
		return;
	}
	s2_data_reset();
	s2t_map(&t, W, s2_unit_pa(0x20), 3, S2D_NORMAL);
	s2s1_build(&t);
	wr(sctlr_el1, 0x30d00801); /* L2's stage 1 on, caches off */
	isb();
	s2at_l1_lines(&t, 1);
	wr(mair_el1, mair);
	wr(tcr_el1, tcr);
	wr(ttbr0_el1, ttbr);
	wr(sctlr_el1, sctlr);
	isb();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
}

void sec_s2at(void)
{
	struct s2t t;
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	u64 mair = rd(mair_el1), tcr = rd(tcr_el1), ttbr = rd(ttbr0_el1), sctlr = rd(sctlr_el1);
	if (!s2t_granule_ok(12) || (c_base() >> 31) || s2t_init(&t, 12, 1, 32, 2) ||
	    s2t_map_image(&t)) {
		t_line("cannot build the tables: skipped");
		return;
	}
	s2_data_reset();
	s2t_map(&t, W, s2_unit_pa(0x20), 3, S2D_NORMAL);
	s2t_map(&t, W + 0x1000, s2_unit_pa(0x21), 3, S2D_NORMAL & ~S2D_S2AP_W);
	s2t_map(&t, W + 0x2000, s2_unit_pa(0x22), 3,
		S2D_AF | S2D_S2AP_R | S2D_S2AP_W | (1ULL << 2)); /* Device-nGnRE */
	s2t_map(&t, W + 0x3000, s2_unit_pa(0x23), 3, S2D_NORMAL & ~S2D_AF);
	s2s1_build(&t);
	wr(sctlr_el1, 0x30d00800); /* stage 1 off */
	isb();
	show(&t, "stage 1 off, S12E1R W", 0, W + 0x10);
	show(&t, "stage 1 off, S12E1W W", 1, W + 0x10);
	show(&t, "stage 1 off, S12E1W W+0x1000 (S2AP=RO)", 1, W + 0x1000);
	show(&t, "stage 1 off, S12E1R W+0x1000 (S2AP=RO)", 0, W + 0x1000);
	show(&t, "stage 1 off, S12E1R W+0x2000 (stage 2 Device-nGnRE)", 0, W + 0x2000);
	show(&t, "stage 1 off, S12E1R W+0x3000 (AF=0)", 0, W + 0x3000);
	show(&t, "stage 1 off, S12E1R W+0x4000 (unmapped)", 0, W + 0x4000);
	/* HCR_EL2.DC=1: stage 1 off gives Normal Write-Back (ATTR 0xff), so PAR_EL1.ATTR is
	 * stage 2's attribute combined with it (D8.6 "Combining the stage 1 and stage 2
	 * attributes"): Normal WB, Normal Non-cacheable, Normal Write-Through, Device. */
	s2t_map(&t, W + 0x5000, s2_unit_pa(0x25), 3, (S2D_NORMAL & ~S2D_MA_WB) | (0x5ULL << 2));
	s2t_map(&t, W + 0x6000, s2_unit_pa(0x26), 3, (S2D_NORMAL & ~S2D_MA_WB) | (0xaULL << 2));
	dsb_ish();
	at_dc = BIT(12);
	show(&t, "DC=1, S12E1R W (stage 2 Normal WB)", 0, W + 0x10);
	show(&t, "DC=1, S12E1R W+0x2000 (stage 2 Device-nGnRE)", 0, W + 0x2000);
	show(&t, "DC=1, S12E1R W+0x5000 (stage 2 Normal NC)", 0, W + 0x5000);
	show(&t, "DC=1, S12E1R W+0x6000 (stage 2 Normal WT)", 0, W + 0x6000);
	at_dc = 0;
	/* FEAT_S2FWB (ID_AA64MMFR2_EL1.FWB), HCR_EL2.FWB=1: stage-2 MemAttr[2:0] 0b110 forces
	 * Normal Write-Back whatever stage 1 says, 0b101 Normal Non-cacheable, 0b111 takes
	 * stage 1's attributes, 0b0xx Device (D8.6 "Stage 2 memory type and Cacheability
	 * attributes when FEAT_S2FWB is enabled"); stage 1 off (Device-nGnRnE, DC=0). */
	if ((rd(s3_0_c0_c7_2) >> 40) & 0xf) { /* ID_AA64MMFR2_EL1.FWB */
		s2t_map(&t, W + 0x7000, s2_unit_pa(0x27), 3,
			(S2D_NORMAL & ~S2D_MA_WB) | (0x6ULL << 2));
		s2t_map(&t, W + 0x8000, s2_unit_pa(0x28), 3,
			(S2D_NORMAL & ~S2D_MA_WB) | (0x5ULL << 2));
		s2t_map(&t, W + 0x9000, s2_unit_pa(0x29), 3,
			(S2D_NORMAL & ~S2D_MA_WB) | (0x7ULL << 2));
		dsb_ish();
		at_fwb = BIT(46);
		show(&t, "FWB=1, S12E1R W+0x7000 (stage 2 force WB)", 0, W + 0x7000);
		show(&t, "FWB=1, S12E1R W+0x8000 (stage 2 Normal NC)", 0, W + 0x8000);
		show(&t, "FWB=1, S12E1R W+0x9000 (stage 2 as stage 1)", 0, W + 0x9000);
		show(&t, "FWB=1, S12E1R W+0x2000 (stage 2 Device-nGnRE)", 0, W + 0x2000);
		at_dc = BIT(12);
		show(&t, "FWB=1 DC=1, S12E1R W+0x9000 (stage 2 as stage 1)", 0, W + 0x9000);
		at_dc = 0;
		at_fwb = 0;
	} else {
		t_line("FEAT_S2FWB: not implemented (ID_AA64MMFR2_EL1.FWB=0)");
	}
	/* L2 itself with HCR_EL2.DC=0 and 1, its stage 1 off: its AT S1E1R reports stage 1's
	 * attributes, Device-nGnRnE (ATTR 0x00) or, with DC, Normal WB (0xff). */
	{
		struct l2_config cfg;
		struct l2_exit e;
		s2t_cfg(&t, &cfg, 0);
		for (int dc = 0; dc < 2; dc++) {
			const char *what = dc ? "DC=1, L2's AT S1E1R W" : "DC=0, L2's AT S1E1R W";
			cfg.hcr_extra = dc ? BIT(12) : 0;
			int rc = run_l2(&cfg, l2_at, W + 0x10, &e);
			if (rc == 0 && !(e.ret & 1))
				t_line("%s: PAR_EL1.F=0 PA=W+0x%lx ATTR=0x%lx", what,
				       (unsigned long)((e.ret & (BIT(48) - 1) & ~0xfffULL) - W),
				       (unsigned long)(e.ret >> 56));
			else if (rc == 0)
				t_line("%s: PAR_EL1.F=1 FST=0x%lx", what,
				       (unsigned long)(e.ret >> 1) & 0x3f);
			else
				t_s2exit(what, &e, W, W);
		}
	}
	wr(sctlr_el1, 0x30d00801); /* stage 1 on, caches off */
	isb();
	show(&t, "stage 1 on, S12E1R W", 0, W + 0x10);
	show(&t, "stage 1 on, S12E1W W+0x1000 (S2AP=RO)", 1, W + 0x1000);
	show(&t, "stage 1 on, S12E1R W+0x2000 (stage 2 Device-nGnRE)", 0, W + 0x2000);
	show(&t, "stage 1 on, S12E1R W+0x3000 (AF=0)", 0, W + 0x3000);
	show(&t, "stage 1 on, S12E1R VB (IPA unmapped at stage 2)", 0, VB);
	show(&t, "stage 1 on, S12E1R VU (unmapped at stage 1)", 0, VU);
	/* A page mapped Outer Shareable at stage 2 (stage 1: Inner): PAR_EL1.SH is the more
	 * shareable of the two, Outer (D8.6 "Combining the shareability attributes") */
	s2t_map(&t, W + 0xa000, s2_unit_pa(0x2a), 3, (S2D_NORMAL & ~S2D_SH_IN) | (2ULL << 8));
	dsb_ish();
	show(&t, "stage 1 on, S12E1R W+0xa000 (stage 2 Outer Shareable)", 0, W + 0xa000);
	s2at_l1_lines(&t, 0);
	/* Again after L2 ran with its stage 1 on and read W (its stage-1 tables and W have
	 * been used for L2's accesses; the other pages not). */
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(&t, &cfg, 0);
	int rc = run_l2(&cfg, l2_mmu_load, W, &e);
	t_line("L2 with stage 1 on reads W: rc %d, unit 0x%lx", rc, s2_untag(e.ret));
	wr(sctlr_el1, 0x30d00801); /* run_l2 set L2's SCTLR_EL1 */
	isb();
	show(&t, "after L2 ran, S12E1R W", 0, W + 0x10);
	show(&t, "after L2 ran, S12E1W W+0x1000 (S2AP=RO)", 1, W + 0x1000);
	show(&t, "after L2 ran, S12E1R W+0x2000 (stage 2 Device-nGnRE)", 0, W + 0x2000);
	show(&t, "after L2 ran, S12E1R W+0x3000 (AF=0)", 0, W + 0x3000);
	show(&t, "after L2 ran, S12E1R VB (IPA unmapped at stage 2)", 0, VB);
	show(&t, "after L2 ran, S12E1R VU (unmapped at stage 1)", 0, VU);
	/* L2 (stage 1 on, Normal WB) reads pages whose stage-2 attributes differ, then the AT
	 * without TLB maintenance (nothing changed): PAR_EL1.ATTR is stage 1's Normal WB
	 * combined with stage 2's (D8.6 "Combining the stage 1 and stage 2 attributes"). */
	{
		static const unsigned short offs[] = {0, 0x2000, 0x5000, 0x6000};
		char w[80];
		s2t_cfg(&t, &cfg, 1);
		at_keep = 1;
		for (unsigned i = 0; i < 4; i++) {
			rc = run_l2(&cfg, l2_mmu_load, W + offs[i], &e);
			unsigned n = 0;
			for (const char *q = "L2 read W+0x"; *q;)
				w[n++] = *q++;
			w[n++] = (char)('0' + (offs[i] >> 12));
			for (const char *q = "000, then S12E1R there without TLBI"; *q;)
				w[n++] = *q++;
			w[n] = 0;
			if (rc != 0)
				t_s2exit(w, &e, W + offs[i], W + offs[i]);
			wr(sctlr_el1, 0x30d00801);
			isb();
			show(&t, w, 0, W + offs[i]);
		}
		at_keep = 0;
	}
	u64 *s2d = s2t_slot(&t, S2S1_T2, 3), s2v = *s2d;
	*s2d = 0;
	dsb_ish();
	show(&t, "stage 1 on, S12E1R W, stage-1 table page unmapped at stage 2", 0, W);
	*s2d = s2v & ~S2D_AF;
	dsb_ish();
	show(&t, "stage 1 on, S12E1R W, stage-1 table page AF=0 at stage 2", 0, W);
	*s2d = s2v;
	dsb_ish();

	wr(mair_el1, mair);
	wr(tcr_el1, tcr);
	wr(ttbr0_el1, ttbr);
	wr(sctlr_el1, sctlr);
	isb();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	at_big_endian();
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
