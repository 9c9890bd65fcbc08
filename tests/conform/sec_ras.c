// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// FEAT_RAS at EL2 (DDI 0487 A2 "FEAT_RAS", D24.2 VSESR_EL2, VDISR_EL2, DISR_EL1, HCR_EL2.
// TERR/TEA/VSE, D1.x "Virtual SError exceptions", C6.2 ESB):
// - VSESR_EL2, VDISR_EL2 and DISR_EL1 written and read back at EL2;
// - a virtual SError L1 makes pending for L2 (HCR_EL2.AMO = 1, VSE = 1) with the syndrome of
//   VSESR_EL2: taken by L2 with PSTATE.A clear (ESR_EL1 = VSESR_EL2's ISS with EC 0x2f), and
//   with PSTATE.A set deferred by L2's ESB into VDISR_EL2 (which L2's DISR_EL1 reads), VSE
//   cleared either way;
// - HCR_EL2.TERR traps L2's ERR* accesses (EC 0x18), HCR_EL2.TEA routes L2's synchronous
//   External abort (a load from a PA with nothing behind it, as sec_s2nopa.c) to EL2;
// - with FEAT_RASv1p1 (D24.2 HCR_EL2.FIEN, ERXPFGF_EL1, ERXPFGCTL_EL1, ERXPFGCDN_EL1,
//   ERXMISC2/3_EL1): FIEN = 0 traps L2's fault-injection register accesses (EC 0x18), FIEN = 1
//   lets them through (what they then do is the PE's: printed as taken); TERR traps L2's
//   ERXMISC2/3_EL1; neither control applies to EL2's own accesses.
#include "conform.h"
#include "masks.h"
#include "sec_s2.h"

#define R_VSESR_EL2 s3_4_c5_c2_3
#define R_VDISR_EL2 s3_4_c12_c1_1
#define R_DISR_EL1  s3_0_c12_c1_1
#define R_ERRIDR    s3_0_c5_c3_0
#define R_ERRSELR   s3_0_c5_c3_1
#define HCR_AMO	    BIT(5)
#define HCR_VSE	    BIT(8)
#define HCR_TERR    BIT(36)
#define HCR_TEA	    BIT(37)

/* VSESR_EL2: IDS [24], ISS [23:0]; VDISR_EL2/DISR_EL1: A [31], IDS [24], ISS [23:0]; the rest
 * RES0 (D24.2). */
#define VSESR_DEF GENMASK(24, 0)
#define DISR_DEF  (BIT(31) | GENMASK(24, 0))

/* L2: unmask SError and wait for it (taken at once if pending) */
static u64 l2_unmask_a(u64 a)
{
	__asm__ volatile("msr daifclr, #4\n\tisb\n\tnop" ::: "memory");
	return a;
}

/* L2: SError masked, ESB (defers a pending one into DISR_EL1, VDISR_EL2 with AMO), read it */
static u64 l2_esb(u64 a)
{
	u64 d;
	(void)a;
	__asm__ volatile("msr daifset, #4\n\tisb\n\thint #16\n\tmrs %0, s3_0_c12_c1_1"
			 : "=r"(d)::"memory");
	return d;
}

/* L2 functions (Rt = x0): an MRS returning what it read, an MSR of the argument returning 0. */
#define L2_MRS(fn, reg)                                                                            \
	static u64 fn(u64 a)                                                                       \
	{                                                                                          \
		u64 v = a;                                                                         \
		__asm__ volatile("mrs %0, " #reg : "=r"(v)::"memory");                             \
		return v;                                                                          \
	}
#define L2_MSR(fn, reg)                                                                            \
	static u64 fn(u64 a)                                                                       \
	{                                                                                          \
		__asm__ volatile("msr " #reg ", %0" ::"r"(a) : "memory");                          \
		return 0;                                                                          \
	}
L2_MRS(l2_erridr, s3_0_c5_c3_0)
L2_MSR(l2_errselr_w, s3_0_c5_c3_1)
/* FEAT_RASv1p1 registers (D24.2; op0 3, op1 0, CRn 5): ERXPFGF_EL1 c4 4 (RO), ERXPFGCTL_EL1
 * c4 5, ERXPFGCDN_EL1 c4 6, ERXMISC2_EL1 c5 2, ERXMISC3_EL1 c5 3. */
L2_MRS(l2_erxpfgf, s3_0_c5_c4_4)
L2_MSR(l2_erxpfgctl_w, s3_0_c5_c4_5)
L2_MSR(l2_erxpfgcdn_w, s3_0_c5_c4_6)
L2_MRS(l2_erxmisc2, s3_0_c5_c5_2)
L2_MSR(l2_erxmisc3_w, s3_0_c5_c5_3)

/* An exit (FAR printed relative to @base); for one through L2's own vectors (an exception
 * L2's EL1 took), its ESR_EL1 too. */
static void exit_el1(const char *what, const struct l2_exit *e, u64 base)
{
	t_exit(what, e, base);
	if (e->vector == 0 && l2_exit_in_vectors(e))
		t_line("%s: L2's EL1 took ESR_EL1=0x%lx", what, (unsigned long)rd(esr_el1));
}

#define WRM(name, reg, v, def)                                                                     \
	do {                                                                                       \
		u64 v_ = (v);                                                                      \
		wr(reg, v_);                                                                       \
		isb();                                                                             \
		t_line("%s <- 0x%lx: 0x%lx (RES0 masked)", name, (unsigned long)v_,                \
		       (unsigned long)(rd(reg) & (u64)(def)));                                     \
	} while (0)

static void ras_regs(void)
{
	u64 s = rd(R_VSESR_EL2), d = rd(R_VDISR_EL2), e = rd(R_DISR_EL1);
	WRM("VSESR_EL2", R_VSESR_EL2, 0x1abcdefULL, VSESR_DEF);
	WRM("VSESR_EL2", R_VSESR_EL2, ~0ULL, VSESR_DEF);
	WRM("VDISR_EL2", R_VDISR_EL2, 0x80c0ffeeULL, DISR_DEF);
	WRM("VDISR_EL2", R_VDISR_EL2, ~0ULL, DISR_DEF);
	WRM("DISR_EL1", R_DISR_EL1, 0x81123456ULL, DISR_DEF);
	WRM("DISR_EL1", R_DISR_EL1, 0, DISR_DEF);
	wr(R_VSESR_EL2, s);
	wr(R_VDISR_EL2, d);
	wr(R_DISR_EL1, e);
	isb();
}

/* L2 runs l2_esb with these HCR_EL2 bits and VDISR_EL2 = @vdisr first: what L2's DISR_EL1 and
 * L1's VDISR_EL2 hold after */
static void esb_case(const char *what, u64 hcr, u64 vdisr)
{
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = hcr};
	struct l2_exit e;

	wr(R_VDISR_EL2, vdisr);
	isb();
	if (run_l2(&cfg, l2_esb, 0, &e) == 0)
		t_line("%s: L2's DISR_EL1=0x%lx, VDISR_EL2=0x%lx", what,
		       (unsigned long)(e.ret & DISR_DEF),
		       (unsigned long)(rd(R_VDISR_EL2) & DISR_DEF));
	else
		t_exit(what, &e, c_base());
}

static void ras_vserror(void)
{
	struct l2_config cfg = {.granule_shift = 12, .keep_el1 = 0};
	struct l2_exit e;
	u64 vsesr = rd(R_VSESR_EL2), vdisr = rd(R_VDISR_EL2);
	int rc;

	/* taken: the virtual SError with VSESR_EL2's syndrome at L2's EL1 */
	wr(R_VSESR_EL2, 0x1234ULL);
	isb();
	cfg.hcr_extra = HCR_AMO | HCR_VSE;
	rc = run_l2(&cfg, l2_unmask_a, 7, &e);
	if (rc == 0) {
		t_line("vSError, L2 unmasks SError: not taken (L2 returned 0x%lx)",
		       (unsigned long)e.ret);
	} else {
		u64 esr1 = rd(esr_el1);
		t_exit("vSError, L2 unmasks SError", &e, c_base());
		t_line("vSError, L2 unmasks SError: L2's EL1 took ESR_EL1=0x%lx; HCR_EL2.VSE=%d",
		       (unsigned long)esr1, (int)((rd(hcr_el2) >> 8) & 1));
	}
	/* deferred: L2's ESB with SError masked; then nothing pending: ESB leaves VDISR_EL2 */
	wr(R_VSESR_EL2, BIT(24) | 0x5678ULL);
	esb_case("vSError, L2's ESB with SError masked", HCR_AMO | HCR_VSE, 0);
	esb_case("no vSError, L2's ESB", HCR_AMO, 0x12ULL);
	wr(R_VSESR_EL2, vsesr);
	wr(R_VDISR_EL2, vdisr);
	isb();
}

static void ras_traps(void)
{
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = HCR_TERR};
	struct l2_exit e;
	int rc = run_l2(&cfg, l2_erridr, 0, &e);
	if (rc == 0)
		t_line("TERR: mrs ERRIDR_EL1: not trapped");
	else
		t_exit("TERR: mrs ERRIDR_EL1", &e, c_base());
	rc = run_l2(&cfg, l2_errselr_w, 0, &e);
	if (rc == 0)
		t_line("TERR: msr ERRSELR_EL1: not trapped");
	else
		exit_el1("TERR: msr ERRSELR_EL1", &e, c_base());
	cfg.hcr_extra = 0;
	rc = run_l2(&cfg, l2_erridr, 0, &e);
	t_line("TERR=0: mrs ERRIDR_EL1: %s", rc == 0 ? "not trapped" : "trapped");
}

/* L2 runs @fn with HCR_EL2 bits @hcr: returned (the value is the PE's: the register file
 * of an error record; with ERRIDR_EL1.NUM = 0 the selected record does not exist and what
 * it reads is UNKNOWN, so only that it returned is printed), trapped to EL2, or taken at
 * L2's EL1. */
static void l2_case(const char *what, u64 hcr, u64 (*fn)(u64))
{
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = hcr};
	struct l2_exit e;
	int rc = run_l2_case(&cfg, what, fn, 0, &e);
	if (rc == 0)
		t_line("%s: returned", what);
	else if (rc > 0)
		exit_el1(what, &e, c_base());
}

#define HCR_FIEN BIT(47)

static void ras_v1p1(void)
{
	struct probe r;
	u64 hcr = rd(hcr_el2);

	l2_case("FIEN=0: mrs ERXPFGF_EL1", 0, l2_erxpfgf);
	l2_case("FIEN=0: msr ERXPFGCTL_EL1", 0, l2_erxpfgctl_w);
	l2_case("FIEN=0: msr ERXPFGCDN_EL1", 0, l2_erxpfgcdn_w);
	l2_case("FIEN=1: mrs ERXPFGF_EL1", HCR_FIEN, l2_erxpfgf);
	l2_case("FIEN=1: msr ERXPFGCTL_EL1", HCR_FIEN, l2_erxpfgctl_w);
	l2_case("FIEN=1 TERR=1: mrs ERXPFGF_EL1", HCR_FIEN | HCR_TERR, l2_erxpfgf);
	l2_case("TERR=1: mrs ERXMISC2_EL1", HCR_FIEN | HCR_TERR, l2_erxmisc2);
	l2_case("TERR=1: msr ERXMISC3_EL1", HCR_FIEN | HCR_TERR, l2_erxmisc3_w);
	l2_case("TERR=0: mrs ERXMISC2_EL1", HCR_FIEN, l2_erxmisc2);
	/* EL2's own accesses: FIEN and TERR trap EL1 and EL0 only */
	wr(hcr_el2, (hcr & ~HCR_FIEN) | HCR_TERR);
	isb();
	(void)PROBE_X0(&r, 0, "mrs x0, s3_0_c5_c4_4");
	t_probe("EL2, FIEN=0 TERR=1: mrs ERXPFGF_EL1", &r);
	(void)PROBE_X0(&r, 0, "msr s3_0_c5_c4_5, x0");
	t_probe("EL2, FIEN=0 TERR=1: msr ERXPFGCTL_EL1", &r);
	(void)PROBE_X0(&r, 0, "mrs x0, s3_0_c5_c5_2");
	t_probe("EL2, FIEN=0 TERR=1: mrs ERXMISC2_EL1", &r);
	wr(hcr_el2, hcr);
	isb();
}

static void ras_tea(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	u64 W;

	if (s2nopa_setup(&t, &cfg, &W)) {
		t_line("TEA: RAM reaches 4 GiB or cannot build the tables");
		return;
	}
	cfg.hcr_extra = HCR_TEA;
	int rc = run_l2(&cfg, s2nopa_load, W + 0x40, &e);
	if (rc < 0) {
		t_line("TEA: setup failed");
		return;
	}
	exit_el1("TEA: L2 load from W, L1 maps it to 4 GiB (no memory); FAR from W", &e, W);
}

void sec_ras(void)
{
	struct idv I;
	id_read(&I);
	if (!f_ras(&I)) {
		t_line("no FEAT_RAS (ID_AA64PFR0_EL1.RAS = 0)");
		return;
	}
	ras_regs();
	ras_vserror();
	ras_traps();
	if (f_rasv1p1(&I))
		ras_v1p1();
	else
		t_line("no FEAT_RASv1p1");
	ras_tea();
}
