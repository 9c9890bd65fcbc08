// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// FEAT_PMUv3 at EL2 and for L2 (DDI 0487 D13 "The Performance Monitors Extension": enabling
// counters, "Prohibiting event and cycle counting", "Filtering by Exception level"; D24.3
// MDCR_EL2, PMEVTYPER<n>_EL0, PMSWINC_EL0). Deterministic through the software increment
// event (SW_INCR, 0x00): a write of PMSWINC_EL0 increments each enabled counter that counts
// SW_INCR where the write is made, so the count says whether the counter counts at that
// Exception level:
// - MDCR_EL2.HPMN still at its reset value, PMCR_EL0.N;
// - at EL2: PMEVTYPER0_EL0 with NSH/P/U combinations (EL2 counts with NSH only), MDCR_EL2.HPMD
//   (counters below HPMN do not count at EL2), counter 1 at or above HPMN enabled by
//   MDCR_EL2.HPME (and not prohibited by HPMD), the filter read back;
// - at L2's EL1 with MDCR_EL2.HPMN = 2: P filters, NSH does not; L2's own filter write read
//   back by L1 after the exit.
// - the overflow interrupt (the DT's arm,armv8-pmuv3 PPI) in this image's redistributor
//   (GICR_ISPENDR0, the PPI disabled: watched, never taken): pending exactly while
//   PMCR_EL0.E and PMOVSSET_EL0 & PMINTENSET_EL1 (D13 "Generating overflow interrupt
//   requests"; the counter is below HPMN: PMCR_EL0.E enables it).
// Counter values (cycle counter, events) are never printed; N (PMCR_EL0.N) only as >= 2.
#include "conform.h"
#include "masks.h"
#include "gic.h"

#define R_PMCR	     s3_3_c9_c12_0
#define R_PMCNTENSET s3_3_c9_c12_1
#define R_PMCNTENCLR s3_3_c9_c12_2
#define R_PMOVSCLR   s3_3_c9_c12_3
#define R_PMSWINC    s3_3_c9_c12_4
#define R_PMEVCNTR0  s3_3_c14_c8_0
#define R_PMEVCNTR1  s3_3_c14_c8_1
#define R_PMEVTYPER0 s3_3_c14_c12_0
#define R_PMEVTYPER1 s3_3_c14_c12_1
#define R_PMINTENCLR s3_0_c9_c14_2
#define R_PMINTENSET s3_0_c9_c14_1
#define R_PMOVSSET   s3_3_c9_c14_3

#define PMCR_E	     BIT(0)
#define PMCR_P	     BIT(1)
#define F_P	     BIT(31)
#define F_U	     BIT(30)
#define F_NSH	     BIT(27)
#define SW_INCR	     0x00
/* PMEVTYPER<n>_EL0 bits printed: P, U, NSH, evtCount[9:0] (NSK/NSU/M name EL3, MT
 * FEAT_MTPMU, the rest later extensions: not the image's to print) */
#define TYPER_DEF (F_P | F_U | F_NSH | GENMASK(9, 0))

#define MDCR_HPME BIT(7)
#define MDCR_HPMD BIT(17)

/* three software increments of the counters in @mask */
static void swinc3(u64 mask)
{
	for (int i = 0; i < 3; i++)
		wr(R_PMSWINC, mask);
	isb();
}

/* counter 0 (or 1) at EL2 with this filter and MDCR_EL2: set up, increment, count */
static void el2_case(const char *what, int ctr, u64 mdcr, u64 typer)
{
	u64 cnt, back;

	wr(mdcr_el2, mdcr);
	isb();
	if (ctr == 0) {
		wr(R_PMEVTYPER0, typer | SW_INCR);
		wr(R_PMEVCNTR0, 0);
	} else {
		wr(R_PMEVTYPER1, typer | SW_INCR);
		wr(R_PMEVCNTR1, 0);
	}
	wr(R_PMCNTENSET, BIT(ctr));
	isb();
	swinc3(BIT(ctr));
	cnt = ctr == 0 ? rd(R_PMEVCNTR0) : rd(R_PMEVCNTR1);
	back = ctr == 0 ? rd(R_PMEVTYPER0) : rd(R_PMEVTYPER1);
	wr(R_PMCNTENCLR, BIT(ctr));
	isb();
	t_line("EL2: %s: PMEVTYPER%d_EL0=0x%lx, 3 PMSWINC: counted %lu", what, ctr,
	       (unsigned long)(back & TYPER_DEF), (unsigned long)cnt);
}

/* L2: three software increments of counter 0, then its count */
static u64 l2_swinc(u64 a)
{
	u64 v;
	(void)a;
	for (int i = 0; i < 3; i++)
		__asm__ volatile("msr s3_3_c9_c12_4, %0" ::"r"(1ULL) : "memory");
	__asm__ volatile("isb\n\tmrs %0, s3_3_c14_c8_0" : "=r"(v)::"memory");
	return v;
}

/* L2: its counter 0's filter, read */
static u64 l2_typer_r(u64 a)
{
	u64 v = a;
	__asm__ volatile("mrs %0, s3_3_c14_c12_0" : "=r"(v)::"memory");
	return v;
}

/* L2: its counter 0's filter, written */
static u64 l2_typer_w(u64 a)
{
	__asm__ volatile("msr s3_3_c14_c12_0, %0\n\tisb" ::"r"(a) : "memory");
	return 0;
}

static void l2_case(const char *what, u64 typer)
{
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;

	wr(R_PMEVTYPER0, typer | SW_INCR);
	wr(R_PMEVCNTR0, 0);
	wr(R_PMCNTENSET, BIT(0));
	isb();
	if (run_l2(&cfg, l2_swinc, 0, &e) == 0)
		t_line("L2: %s: 3 PMSWINC at EL1: counted %lu, L1 reads %lu", what,
		       (unsigned long)e.ret, (unsigned long)rd(R_PMEVCNTR0));
	else
		t_exit(what, &e, c_base());
	if (run_l2(&cfg, l2_typer_r, 0, &e) == 0)
		t_line("L2: %s: L2 reads PMEVTYPER0_EL0=0x%lx", what,
		       (unsigned long)(e.ret & TYPER_DEF));
	else
		t_exit(what, &e, c_base());
	wr(R_PMCNTENCLR, BIT(0));
	isb();
}

static void irq_line(const char *what, u32 ppi, unsigned want)
{
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, ppi, want);
	t_line("IRQ: %s: PMOVSSET_EL0=0x%lx PMINTENSET_EL1=0x%lx: PPI pending %u", what,
	       (unsigned long)(rd(R_PMOVSSET) & 1), (unsigned long)(rd(R_PMINTENSET) & 1), p);
}

/* counter 0 overflows (32 bits) on one software increment at EL2 */
static void pmu_irq(u64 base, u64 n)
{
	u32 ppi = plat.pmu_ppi;

	if (!ppi) {
		t_line("IRQ: no arm,armv8-pmuv3 interrupt in the DT");
		return;
	}
	gic_up();
	gic_ppi_config(ppi, 0x80);
	wr(mdcr_el2, base | n);
	wr(R_PMEVTYPER0, F_NSH | SW_INCR);
	wr(R_PMEVCNTR0, 0xffffffffULL);
	wr(R_PMCNTENSET, BIT(0));
	wr(R_PMINTENSET, BIT(0));
	isb();
	irq_line("enabled, before the overflow", ppi, 0);
	wr(R_PMSWINC, 1);
	isb();
	irq_line("counter 0 overflowed", ppi, 1);
	wr(R_PMINTENCLR, BIT(0));
	isb();
	irq_line("PMINTENCLR_EL1", ppi, 0);
	wr(R_PMINTENSET, BIT(0));
	isb();
	irq_line("PMINTENSET_EL1 again", ppi, 1);
	/* (not PMCR_EL0.E = 0: QEMU 10 keeps the request it last computed until an overflow
	 * or a PMINTEN/PMOVS write, where the Arm ARM drops it) */
	wr(R_PMOVSCLR, BIT(0));
	isb();
	irq_line("PMOVSCLR_EL0", ppi, 0);
	wr(R_PMINTENCLR, ~0ULL);
	wr(R_PMCNTENCLR, ~0ULL);
	isb();
	gic_ppi_config(ppi, 0);
	gic_down();
}

void sec_pmu(void)
{
	struct idv I;
	id_read(&I);
	if (!f_pmu(&I)) {
		t_line("no FEAT_PMUv3 (ID_AA64DFR0_EL1.PMUVer)");
		return;
	}
	u64 pmcr = rd(R_PMCR), mdcr = rd(mdcr_el2), t0 = rd(R_PMEVTYPER0), t1 = rd(R_PMEVTYPER1);
	u64 en = rd(R_PMCNTENSET), n = (pmcr >> 11) & 0x1f;
	int v3p1 = idf(I.dfr0, 8) >= 4;
	/* HPMN resets to N (D24.3 MDCR_EL2.HPMN); el2regs put the value back */
	t_line("MDCR_EL2.HPMN == PMCR_EL0.N (its reset value): %s",
	       (mdcr & 0x1f) == n ? "yes" : "no");
	if (n < 2) {
		t_line("PMCR_EL0.N < 2");
		return;
	}
	u64 base = mdcr & ~(GENMASK(4, 0) | MDCR_HPME | MDCR_HPMD);
	wr(R_PMCNTENCLR, ~0ULL);
	wr(R_PMINTENCLR, ~0ULL);
	wr(R_PMOVSCLR, ~0ULL);
	wr(R_PMCR, (pmcr & ~0xffULL) | PMCR_E | PMCR_P);
	isb();

	/* counter 0 below HPMN = N: EL2 counts with NSH (P is EL1's, U EL0's) */
	el2_case("HPMN=N, filter 0", 0, base | n, 0);
	el2_case("HPMN=N, NSH", 0, base | n, F_NSH);
	el2_case("HPMN=N, NSH|P|U", 0, base | n, F_NSH | F_P | F_U);
	el2_case("HPMN=N, P", 0, base | n, F_P);
	if (v3p1) {
		el2_case("HPMN=N, HPMD, NSH", 0, base | n | MDCR_HPMD, F_NSH);
		/* counter 1 at HPMN = 1: enabled by HPME, not under HPMD */
		el2_case("HPMN=1, HPME=0, NSH", 1, base | 1, F_NSH);
		el2_case("HPMN=1, HPME=1, NSH", 1, base | 1 | MDCR_HPME, F_NSH);
		el2_case("HPMN=1, HPME=1, HPMD, NSH", 1, base | 1 | MDCR_HPME | MDCR_HPMD, F_NSH);
		el2_case("HPMN=1, HPME=1, HPMD, P", 1, base | 1 | MDCR_HPME | MDCR_HPMD, F_P);
	} else {
		t_line("EL2: no FEAT_PMUv3p1: HPMD cases not run");
	}

	/* L2 with HPMN = 2: counter 0 is its; EL1 counts unless P */
	wr(mdcr_el2, base | 2);
	isb();
	l2_case("filter 0", 0);
	l2_case("P", F_P);
	l2_case("NSH", F_NSH);
	l2_case("U", F_U);
	/* L2 writes its filter; L1 reads it after the exit */
	{
		struct l2_config cfg = {.granule_shift = 12};
		struct l2_exit e;
		if (run_l2(&cfg, l2_typer_w, F_P | F_NSH | SW_INCR, &e) == 0)
			t_line("L2 writes PMEVTYPER0_EL0 <- P|NSH: L1 reads 0x%lx",
			       (unsigned long)(rd(R_PMEVTYPER0) & TYPER_DEF));
		else
			t_exit("L2 writes PMEVTYPER0_EL0", &e, c_base());
	}

	pmu_irq(base, n);

	wr(R_PMCNTENCLR, ~0ULL);
	wr(R_PMEVTYPER0, t0);
	wr(R_PMEVTYPER1, t1);
	wr(mdcr_el2, mdcr);
	wr(R_PMCR, pmcr & ~(PMCR_P | BIT(2)));
	wr(R_PMCNTENSET, en);
	isb();
}
