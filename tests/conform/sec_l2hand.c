// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The handover of L2's EL1/EL0 state: for each register, L1 writes a value, L2 reads it
// (and writes another), L1 reads L2's value back. With HCR_EL2.E2H=0 L1 uses the _EL1/_EL0
// names; with E2H=1 (TGE=0) the _EL12 names for the registers that have them (DDI 0487
// D5.x "Virtual Host Extensions": with E2H=1 at EL2, the _EL1 names of SCTLR, CPACR, TTBR0/1,
// TCR, AFSR0/1, ESR, FAR, MAIR, AMAIR, VBAR, CONTEXTIDR, CNTKCTL, ELR, SPSR access the EL2
// registers, and the _EL12 names the EL1 ones); TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0, PAR_EL1,
// MDSCR_EL1 and SP_EL0 have no alias and are the same in both modes. Plus MIDR_EL1 and
// MPIDR_EL1 as L2 reads them: VPIDR_EL2 and VMPIDR_EL2 (D24.2 MIDR_EL1: "reads from EL1 return
// VPIDR_EL2").
#include "conform.h"
#include "masks.h"

/* One line per register: id, the name printed, the EL1 encoding (what L2 and an E2H=0 L1
 * use), the E2H=1 L1 encoding, value L1 writes, value L2 writes, the bits printed. */
// clang-format off
#define HAND_REGS(X)                                                                               \
	X(sctlr, "SCTLR_EL1", s3_0_c1_c0_0, s3_5_c1_c0_0, 0x30d00800ULL | BIT(2) | BIT(12),    \
	  0x30d00800ULL | BIT(3) | BIT(4), ~0ULL)                                                  \
	X(tcr, "TCR_EL1", s3_0_c2_c0_2, s3_5_c2_c0_2,                                          \
	  25 | (1 << 8) | (1 << 10) | (3 << 12) | (25ULL << 16) | (2ULL << 30) | (2ULL << 32),     \
	  16 | (1 << 14) | (16ULL << 16) | (3ULL << 30) | (5ULL << 32) | BIT(37), ~0ULL)           \
	X(ttbr0, "TTBR0_EL1", s3_0_c2_c0_0, s3_5_c2_c0_0, 0x0001000040001000ULL,               \
	  0x0002000040002000ULL, ~0ULL)                                                            \
	X(ttbr1, "TTBR1_EL1", s3_0_c2_c0_1, s3_5_c2_c0_1, 0x0003000040003000ULL,               \
	  0x0004000040004000ULL, ~0ULL)                                                            \
	X(mair, "MAIR_EL1", s3_0_c10_c2_0, s3_5_c10_c2_0, 0xff440c0400ULL, 0x44ffULL, ~0ULL)    \
	X(amair, "AMAIR_EL1", s3_0_c10_c3_0, s3_5_c10_c3_0, 0, 0, 0 /* IMPLEMENTATION DEFINED */) \
	X(vbar, "VBAR_EL1", s3_0_c12_c0_0, s3_5_c12_c0_0, (u64)l2_vectors,                     \
	  (u64)l2_vectors + 0x800, ~0x7ffULL)                                                     \
	X(contextidr, "CONTEXTIDR_EL1", s3_0_c13_c0_1, s3_5_c13_c0_1, 0x1234, 0xabcd,          \
	  0xffffffffULL)                                                                           \
	X(cpacr, "CPACR_EL1", s3_0_c1_c0_2, s3_5_c1_c0_2, 3ULL << 20, (1ULL << 20) | BIT(28),  \
	  GENMASK(21, 20) | BIT(28))                                                               \
	X(esr, "ESR_EL1", s3_0_c5_c2_0, s3_5_c5_c2_0, 0x96000045ULL, 0x5600beefULL,            \
	  GENMASK(31, 0))                                                                          \
	X(far, "FAR_EL1", s3_0_c6_c0_0, s3_5_c6_c0_0, 0x1234567890ULL, 0xfedcba98ULL, ~0ULL)    \
	X(afsr0, "AFSR0_EL1", s3_0_c5_c1_0, s3_5_c5_c1_0, 0, 0, 0 /* IMPLEMENTATION DEFINED */) \
	X(afsr1, "AFSR1_EL1", s3_0_c5_c1_1, s3_5_c5_c1_1, 0, 0, 0 /* IMPLEMENTATION DEFINED */) \
	X(elr, "ELR_EL1", s3_0_c4_c0_1, s3_5_c4_c0_1, 0x40080000ULL, 0x12340000ULL, ~0ULL)      \
	X(spsr, "SPSR_EL1", s3_0_c4_c0_0, s3_5_c4_c0_0, 0x3c5ULL, 0x60000005ULL,                 \
	  GENMASK(31, 28) | GENMASK(9, 6) | GENMASK(4, 0))                                         \
	X(cntkctl, "CNTKCTL_EL1", s3_0_c14_c1_0, s3_5_c14_c1_0, 0x3ULL | (4 << 4) | BIT(2),     \
	  0x303ULL, GENMASK(9, 0))                                                                 \
	X(sp_el0, "SP_EL0", sp_el0, sp_el0, 0x1000ULL, 0x2000ULL, ~0ULL)                         \
	X(tpidr1, "TPIDR_EL1", s3_0_c13_c0_4, s3_0_c13_c0_4, 0x1111ULL, 0x2222ULL, ~0ULL)        \
	X(tpidr0, "TPIDR_EL0", s3_3_c13_c0_2, s3_3_c13_c0_2, 0x3333ULL, 0x4444ULL, ~0ULL)        \
	X(tpidrro, "TPIDRRO_EL0", s3_3_c13_c0_3, s3_3_c13_c0_3, 0x5555ULL, 0x6666ULL, ~0ULL)     \
	X(par, "PAR_EL1", s3_0_c7_c4_0, s3_0_c7_c4_0, 0xff00000040001980ULL,                    \
	  0x0400000040002b80ULL, GENMASK(63, 56) | GENMASK(47, 12) | BIT(9) | GENMASK(8, 7) | 1)  \
	X(mdscr, "MDSCR_EL1", s2_0_c0_c2_2, s2_0_c0_c2_2, BIT(12), BIT(13), GENMASK(15, 12))
// clang-format on

/* L2: return the register's value, write a. */
#define L2FN(id, nm, el1, el12, v1, v2, def)                                                       \
	static u64 l2h_##id(u64 a)                                                                 \
	{                                                                                          \
		u64 o = rd(el1);                                                                   \
		wr(el1, a);                                                                        \
		return o;                                                                          \
	}
HAND_REGS(L2FN)
#undef L2FN

/* FEAT_CSV2_2's context numbers (L2 reads, then writes a) */
static u64 l2h_scxt1(u64 a)
{
	u64 o = rd(s3_0_c13_c0_7);
	wr(s3_0_c13_c0_7, a);
	return o;
}
static u64 l2h_scxt0(u64 a)
{
	u64 o = rd(s3_3_c13_c0_7);
	wr(s3_3_c13_c0_7, a);
	return o;
}

static u64 l2_midr(u64 a)
{
	(void)a;
	return rd(midr_el1);
}

static u64 l2_sp(u64 a)
{
	u64 v;
	(void)a;
	__asm__ volatile("mov %0, sp" : "=r"(v));
	return v;
}

static u64 l2_mpidr(u64 a)
{
	(void)a;
	return rd(mpidr_el1);
}

/* A value printed relative to L2's vectors when it is an address (VBAR_EL1). */
static u64 shown(const char *nm, u64 v)
{
	if (nm[0] == 'V' && nm[1] == 'B')
		return v - (u64)l2_vectors;
	return v;
}

static void one(const char *nm, u64 (*fn)(u64), u64 v1, u64 v2, u64 def, u64 got, int rc,
		const struct l2_exit *e, u64 back)
{
	if (rc != 0) {
		t_exit(nm, e, c_base());
		return;
	}
	t_line("%s: L1 wrote 0x%lx, L2 read 0x%lx; L2 wrote 0x%lx, L1 read 0x%lx%s", nm,
	       (unsigned long)(shown(nm, v1) & def), (unsigned long)(shown(nm, got) & def),
	       (unsigned long)(shown(nm, v2) & def), (unsigned long)(shown(nm, back) & def),
	       def == ~0ULL ? "" : " (masked)");
	(void)fn;
}

void handover_run(int e2h)
{
	struct l2_config cfg = {.granule_shift = 12, .e2h = e2h, .keep_el1 = 1};
	struct l2_exit e;
	u64 hcr = rd(hcr_el2);
	int rc;
	t_line("L1 uses the %s names, HCR_EL2.E2H=%d", e2h ? "_EL12" : "_EL1", e2h);
	/* L1's accessors: the _EL12 encodings need HCR_EL2.E2H=1 at EL2 (TGE=0). */
	if (e2h) {
		wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
		isb();
	}
	/* Every register: save (L1 view), write v1, run L2, read back, restore. SCTLR_EL1
	 * and VBAR_EL1 are L2's own (keep_el1): set for L2 before each run. */
#define ONE(id, nm, el1, el12, v1, v2, def)                                                        \
	do {                                                                                       \
		u64 sv_ = e2h ? rd(el12) : rd(el1);                                                \
		u64 sct_ = e2h ? rd(s3_5_c1_c0_0) : rd(s3_0_c1_c0_0);                              \
		u64 vb_ = e2h ? rd(s3_5_c12_c0_0) : rd(s3_0_c12_c0_0);                             \
		if (e2h) {                                                                         \
			wr(s3_5_c1_c0_0, 0x30d00800ULL);                                           \
			wr(s3_5_c12_c0_0, (u64)l2_vectors);                                        \
			wr(el12, (v1));                                                            \
		} else {                                                                           \
			wr(s3_0_c1_c0_0, 0x30d00800ULL);                                           \
			wr(s3_0_c12_c0_0, (u64)l2_vectors);                                        \
			wr(el1, (v1));                                                             \
		}                                                                                  \
		isb();                                                                             \
		rc = run_l2(&cfg, l2h_##id, (v2), &e);                                             \
		u64 bk_ = e2h ? rd(el12) : rd(el1);                                                \
		one(nm, l2h_##id, (v1), (v2), (def), e.ret, rc, &e, bk_);                          \
		if (e2h) {                                                                         \
			wr(el12, sv_);                                                             \
			wr(s3_5_c1_c0_0, sct_);                                                    \
			wr(s3_5_c12_c0_0, vb_);                                                    \
		} else {                                                                           \
			wr(el1, sv_);                                                              \
			wr(s3_0_c1_c0_0, sct_);                                                    \
			wr(s3_0_c12_c0_0, vb_);                                                    \
		}                                                                                  \
		isb();                                                                             \
	} while (0);
	HAND_REGS(ONE)
#undef ONE

	/* MIDR_EL1 / MPIDR_EL1 at EL1 read VPIDR_EL2 / VMPIDR_EL2 */
	u64 vpidr = rd(vpidr_el2), vmpidr = rd(vmpidr_el2);
	wr(vpidr_el2, 0x410fd4f2ULL);
	wr(vmpidr_el2, 0x80000102ULL);
	isb();
	/* L2's SCTLR_EL1/VBAR_EL1 for the runs below, by the names of this E2H (no E2H flip
	 * in the middle of the pass: see sections.h) */
	u64 sct = e2h ? rd(s3_5_c1_c0_0) : rd(s3_0_c1_c0_0);
	u64 vb = e2h ? rd(s3_5_c12_c0_0) : rd(s3_0_c12_c0_0);
	if (e2h) {
		wr(s3_5_c1_c0_0, 0x30d00800ULL);
		wr(s3_5_c12_c0_0, (u64)l2_vectors);
	} else {
		wr(s3_0_c1_c0_0, 0x30d00800ULL);
		wr(s3_0_c12_c0_0, (u64)l2_vectors);
	}
	isb();
	rc = run_l2(&cfg, l2_midr, 0, &e);
	if (rc == 0)
		t_line("MIDR_EL1 at L2 with VPIDR_EL2=0x410fd4f2: 0x%lx", (unsigned long)e.ret);
	else
		t_exit("MIDR_EL1 at L2", &e, c_base());
	rc = run_l2(&cfg, l2_mpidr, 0, &e);
	if (rc == 0)
		t_line("MPIDR_EL1 at L2 with VMPIDR_EL2=0x80000102: 0x%lx", (unsigned long)e.ret);
	else
		t_exit("MPIDR_EL1 at L2", &e, c_base());
	/* FEAT_CSV2_2: SCXTNUM_EL1 (SCXTNUM_EL12 with E2H=1) and SCXTNUM_EL0 (no alias), L2
	 * allowed by HCR_EL2.EnSCXT = 1 */
	{
		struct idv I;
		id_read(&I);
		if (f_scxt(&I)) {
			struct l2_config c2 = cfg;
			u64 s1 = e2h ? rd(s3_5_c13_c0_7) : rd(s3_0_c13_c0_7),
			    s0 = rd(s3_3_c13_c0_7);
			c2.hcr_extra = BIT(53);
			if (e2h)
				wr(s3_5_c13_c0_7, 0x5c1);
			else
				wr(s3_0_c13_c0_7, 0x5c1);
			isb();
			rc = run_l2(&c2, l2h_scxt1, 0x5c2, &e);
			u64 b1 = e2h ? rd(s3_5_c13_c0_7) : rd(s3_0_c13_c0_7);
			one("SCXTNUM_EL1", l2h_scxt1, 0x5c1, 0x5c2, ~0ULL, e.ret, rc, &e, b1);
			wr(s3_3_c13_c0_7, 0x5c3);
			isb();
			rc = run_l2(&c2, l2h_scxt0, 0x5c4, &e);
			one("SCXTNUM_EL0", l2h_scxt0, 0x5c3, 0x5c4, ~0ULL, e.ret, rc, &e,
			    rd(s3_3_c13_c0_7));
			if (e2h)
				wr(s3_5_c13_c0_7, s1);
			else
				wr(s3_0_c13_c0_7, s1);
			wr(s3_3_c13_c0_7, s0);
			isb();
		} else {
			t_line("SCXTNUM_EL1, SCXTNUM_EL0: no FEAT_CSV2_2");
		}
	}
	/* SP_EL1: run_l2 sets it for L2 (L2 runs in EL1h on it); after L2's fn returned and
	 * the stub's HVC exited, L1 reads it back: the stack top, at or above the SP L2's
	 * function saw (the difference is that function's frame: same code, same value). */
	rc = run_l2(&cfg, l2_sp, 0, &e);
	if (rc == 0)
		t_line("SP_EL1 read by L1 after L2's exit - SP in L2's function: 0x%lx",
		       (unsigned long)(rd(sp_el1) - e.ret));
	else
		t_exit("SP_EL1 at L2", &e, c_base());
	if (e2h) {
		wr(s3_5_c1_c0_0, sct);
		wr(s3_5_c12_c0_0, vb);
	} else {
		wr(s3_0_c1_c0_0, sct);
		wr(s3_0_c12_c0_0, vb);
	}
	wr(vpidr_el2, vpidr);
	wr(vmpidr_el2, vmpidr);
	wr(hcr_el2, hcr);
	isb();
	t_line("HCR_EL2 restored: %s", rd(hcr_el2) == hcr ? "yes" : "no");
}

void sec_l2hand(void)
{
	handover_run(0);
}
