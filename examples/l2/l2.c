// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The L2 test payload, run by the example guest hypervisor (L1) at EL1 under L1's
// stage-2 (itself shadowed by L0). Checks, and prints what it checked:
//  - N hypercalls (HVC #0, function 0x4b00000n): L1 answers 2n+1;
//  - MMIO to L1's emulated device (not mapped in L1's stage-2: each access is a
//    stage-2 fault L0 forwards to L1, which emulates it): scratch register write/read
//    back, identification register;
//  - memory across many pages (each first touch is a shadow stage-2 fault in L0);
//  - two pages L1 remaps (SMC REMAP: L1 changes its stage-2 and issues TLBI IPAS2E1IS, then
//    the range form RIPAS2E1IS when it has FEAT_TLBIRANGE)
//    reads its new contents, so L0 dropped its shadow of the old mapping;
//  - its virtual count trails the physical one by L1's CNTVOFF_EL2;
//  - a periodic virtual timer, delivered by L1 through its list registers;
//  - a periodic virtual timer (forwarded by L1 with HW=1) and software interrupts from
//    L1 (sent with EOI maintenance), all acknowledged and EOIed;
//  - traps routed by L0 with nvarm: a WFI, an ID register read and REVIDR_EL1 L1 asked
//    for (TWI, TID3, FGT), an ACTLR_EL1 access L0 keeps, a hidden feature's register that is
//    UNDEFINED (traps_test);
// then powers off with PSCI SYSTEM_OFF (HVC) through L1. Any mismatch prints FAIL.
#include <stdint.h>

#include "arm.h"
#include "console.h"

#define L2_HVCS	     64
#define L2_PAGES     64
#define DEV_ID	     0x0
#define DEV_SCRATCH  0x8
#define DEV_ID_VALUE 0x6e76726d /* "nvrm" */

void l2_main(uint64_t pl011, uint64_t dev, uint64_t ram, uint64_t ram_size);
void l2_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);
void l2_irq(void);
void l2_sync(uint64_t esr, uint64_t elr, uint64_t far);

static unsigned failures;

static void off(void)
{
	hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void l2_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far)
{
	con_printf("l2: unexpected exception vector=%lu ESR_EL1=0x%lx ELR=0x%lx FAR=0x%lx\n", idx,
		   esr, elr, far);
	con_puts("l2: verdict: FAIL\n");
	off();
}

#define CHECK_EQ(what, got, want)                                                                  \
	do {                                                                                       \
		uint64_t g_ = (got), w_ = (want);                                                  \
		if (g_ != w_) {                                                                    \
			failures++;                                                                \
			con_printf("l2: FAILED %s: 0x%lx != 0x%lx\n", what, g_, w_);               \
		}                                                                                  \
	} while (0)

/*
 * Traps of L1's and L0's making (the L0 routes each with nvarm_fwd_route):
 *  - WFI: L1 set HCR_EL2.TWI, so it reaches L1, which steps over it (and stops trapping);
 *  - ID_AA64PFR0_EL1: L1 set HCR_EL2.TID3 and emulates it: EL0/EL1 AArch64 only, no EL2
 *    or EL3 (on the hardware EL2 reads 1);
 *  - REVIDR_EL1: with FEAT_FGT L1 traps this one register (HFGRTR_EL2) and shows its
 *    own value 0x4c31 (printed; tests/qemu checks it: QEMU has FEAT_FGT);
 *  - ACTLR_EL1: L1 did not set TACR; L0 traps it for itself (RAZ/WI for the VM) and
 *    keeps it (L1 fails on any system register trap but an ID register);
 *  - PMCR_EL0: with a PMU in the VM (the example L0 offers FEAT_PMUv3) and no trap of L1's
 *    (MDCR_EL2.TPM/TPMCR 0) it reads here at EL1, N being L1's MDCR_EL2.HPMN; a VM without
 *    one (a middle hypervisor that gives its guest none: Linux KVM without a vPMU) makes it
 *    UNDEFINED, taken here with EC 0x00 (Unknown reason), IL 1, ELR_EL1 at the MRS. Which
 *    one is printed (tests/qemu expects the read under the example L0).
 */
static volatile unsigned expect_undef, undefs;
static volatile uint64_t undef_esr, undef_elr;

void l2_sync(uint64_t esr, uint64_t elr, uint64_t far)
{
	if (!expect_undef || FIELD(esr, 31, 26) != 0)
		l2_exception(4, esr, elr, far);
	undefs++;
	undef_esr = esr;
	undef_elr = elr;
	write_sysreg(elr_el1, elr + 4);
}

static void traps_test(void)
{
	wfi();
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	CHECK_EQ("ID_AA64PFR0_EL1[15:0] as L1 emulates it", pfr0 & 0xffff, 0x0011);
	uint64_t revidr = read_sysreg(revidr_el1);
	write_sysreg_s(S3_0_C1_C0_1, 0x5a); /* ACTLR_EL1 */
	uint64_t actlr = read_sysreg_s(S3_0_C1_C0_1);
	CHECK_EQ("ACTLR_EL1 (RAZ/WI by L0)", actlr, 0);
	uint64_t pmcr = 0, at;
	expect_undef = 1;
	__asm__ volatile("adr %0, 1f\n1: mrs %1, S3_3_C9_C12_0"
			 : "=r"(at), "+r"(pmcr)::"memory"); /* PMCR_EL0 */
	expect_undef = 0;
	if (undefs) {
		CHECK_EQ("UNDEFINED exceptions", undefs, 1);
		CHECK_EQ("UNDEFINED ESR_EL1 (EC 0x00, IL 1)", undef_esr, 1ull << 25);
		CHECK_EQ("UNDEFINED ELR_EL1 (the MRS)", undef_elr, at);
		con_printf("l2: traps checked: WFI to L1, ID_AA64PFR0_EL1=0x%lx from L1, "
			   "REVIDR_EL1=0x%lx, ACTLR_EL1 kept by L0, PMCR_EL0 UNDEFINED "
			   "(ESR_EL1=0x%lx)\n",
			   pfr0, revidr, undef_esr);
	} else {
		con_printf("l2: traps checked: WFI to L1, ID_AA64PFR0_EL1=0x%lx from L1, "
			   "REVIDR_EL1=0x%lx, ACTLR_EL1 kept by L0, PMCR_EL0 read (N=%lu)\n",
			   pfr0, revidr, (unsigned long)FIELD(pmcr, 15, 11));
	}
}

#define L2_TICKS	8
#define TICK_NS		200000 /* 200 us of the 1 GHz counter (QEMU); read from CNTFRQ below */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define VTIMER_INTID	27

#define L2_SWIS		4
#define SWI_INTID	1 /* an SGI number, sent by L1 through a list register */
#define HVC_SWI		0x4c000000u

static volatile unsigned ticks, spurious, swis;
static uint64_t tick_len;

/* Virtual timer interrupt: acknowledge, re-arm one tick later (which also unmasks it),
 * end of interrupt. */
void l2_irq(void)
{
	uint64_t iar = read_sysreg_s(ICC_IAR1_EL1);
	if ((iar & 0xffffff) == SWI_INTID) {
		swis++;
		write_sysreg_s(ICC_EOIR1_EL1, iar);
		return;
	}
	if ((iar & 0xffffff) != VTIMER_INTID) {
		spurious++;
		if ((iar & 0xffffff) < 1020)
			write_sysreg_s(ICC_EOIR1_EL1, iar);
		return;
	}
	ticks++;
	if (ticks < L2_TICKS) {
		write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + tick_len);
		write_sysreg(cntv_ctl_el0, 1); /* ENABLE, IMASK=0 */
	} else {
		write_sysreg(cntv_ctl_el0, 0);
	}
	isb();
	write_sysreg_s(ICC_EOIR1_EL1, iar);
}

/*
 * L1 runs us with CNTVOFF_EL2 = L2_CNTVOFF (L0 composes it with its own offset): the
 * virtual count, read first, trails the physical count by that much plus the time
 * between the two reads (well under 10 ms).
 */
#define L2_CNTVOFF 0x40000ull
static void cntvoff_test(void)
{
	uint64_t v = read_sysreg(cntvct_el0);
	isb();
	uint64_t p = read_sysreg(cntpct_el0), d = p - v;
	if (d < L2_CNTVOFF || d - L2_CNTVOFF > read_sysreg(cntfrq_el0) / 100)
		CHECK_EQ("CNTPCT_EL0 - CNTVCT_EL0", d, L2_CNTVOFF);
	con_printf("l2: virtual count = physical count - 0x%llx (L1's CNTVOFF_EL2) checked\n",
		   L2_CNTVOFF);
}

/* A periodic virtual timer, delivered by L1 through its list registers. */
static void timer_test(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	tick_len = freq / (1000000000ull / TICK_NS);
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
	uint64_t start = read_sysreg(cntvct_el0), limit = start + freq * 5; /* 5 s */
	write_sysreg(cntv_cval_el0, start + tick_len);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	/*
	 * Test the condition with IRQs masked and wait with them masked: WFI wakes on a
	 * pending IRQ whatever PSTATE.I (DDI 0487 D1.7.2.1 WFI wakeup events, R_NLVGY),
	 * which is then taken in the window that unmasks it. Waiting with IRQs unmasked
	 * would lose a wake-up: the last tick, taken between the test and the WFI, leaves
	 * nothing to wake it.
	 */
	while (ticks < L2_TICKS && read_sysreg(cntvct_el0) < limit) {
		wfi();
		__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
	}
	write_sysreg(cntv_ctl_el0, 0);
	CHECK_EQ("timer ticks", ticks, L2_TICKS);
	CHECK_EQ("spurious interrupts", spurious, 0);
	con_printf("l2: %u virtual timer interrupts taken and EOIed (period %lu ticks)\n", ticks,
		   tick_len);
}

/* Software interrupts from L1: it sends one with each of its first L2_SWIS timer
 * injections (through another list register, asking for EOI maintenance, which it
 * checks); taken and EOIed by l2_irq during the timer test. */
static void swi_check(void)
{
	CHECK_EQ("software interrupts", swis, L2_SWIS);
	con_printf("l2: %u software interrupts from L1 taken and EOIed\n", swis);
}

/*
 * L1 moves one of our pages to new backing memory (SMC REMAP: L1 traps our SMCs) while we have it
 * mapped (so L0 holds a shadow stage-2 entry for it): afterwards every word must come
 * from the new page, also through the shadow stage-2 the L0 rebuilds after L1's TLBI.
 */
#define L2_SMC_REMAP 0xc6000001u /* SMCCC vendor hypervisor service range */
#define REMAP_OFF    0x180000	 /* above the 64 test pages, in every granule's own page */
#define REMAP2_OFF   0x1a0000	 /* the range-TLBI remap: two 64K granules further */
static void remap_test(uint64_t ram, uint64_t off, unsigned range)
{
	volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)(ram + off);
	w[0] = 0x1111;
	w[1] = 0x2222;
	CHECK_EQ("page before remap", w[0] + w[1], 0x3333);
	/* x2 = 1: L1 invalidates with TLBI RIPAS2E1IS if it has FEAT_TLBIRANGE (returns 1) */
	uint64_t how = smc_call(L2_SMC_REMAP, ram + off, range, 0);
	if (how > range)
		CHECK_EQ("remap hypercall", how, range);
	unsigned bad = 512;
	for (unsigned i = 0; i < 512 && bad == 512; i++)
		if (w[i] != (0x5a5a000000000000ull | i))
			bad = i;
	if (bad < 512)
		CHECK_EQ("remapped page (first wrong word)", w[bad], 0x5a5a000000000000ull | bad);
	w[3] = 0x3333;
	CHECK_EQ("remapped page write", w[3], 0x3333);
	con_printf("l2: page remapped by L1 (TLBI %s) reads its new contents\n",
		   how ? "RIPAS2E1IS" : "IPAS2E1IS");
}

void l2_main(uint64_t pl011, uint64_t dev, uint64_t ram, uint64_t ram_size)
{
	con_init(pl011);
	con_printf("l2: payload at EL%lu, device 0x%lx, RAM 0x%lx+0x%lx\n",
		   FIELD(read_sysreg(CurrentEL), 3, 2), dev, ram, ram_size);
	CHECK_EQ("CurrentEL", FIELD(read_sysreg(CurrentEL), 3, 2), 1);
	/* L1 set it before its first ERET (through L0's EL1 shadow of L1's vEL1 registers) */
	CHECK_EQ("CONTEXTIDR_EL1 set by L1", read_sysreg(contextidr_el1), 0x4c32);
	CHECK_EQ("CPACR_EL1 set by L1", read_sysreg(cpacr_el1), 0x100000);
	con_printf("l2: CONTEXTIDR_EL1=0x%lx CPACR_EL1=0x%lx (set by L1)\n",
		   read_sysreg(contextidr_el1), read_sysreg(cpacr_el1));
	/* CNTKCTL_EL1 as L1 set it; ours, read back by L1 when we are done */
	CHECK_EQ("CNTKCTL_EL1 set by L1", read_sysreg(cntkctl_el1), 0x2a6);
	con_printf("l2: CNTKCTL_EL1=0x%lx (set by L1)\n", read_sysreg(cntkctl_el1));
	write_sysreg(cntkctl_el1, 0x103);
	isb();
	CHECK_EQ("CNTKCTL_EL1 written", read_sysreg(cntkctl_el1), 0x103);
	/* MIDR_EL1/MPIDR_EL1 at EL1 return L1's VPIDR_EL2/VMPIDR_EL2 */
	CHECK_EQ("MIDR_EL1 from L1's VPIDR_EL2", read_sysreg(midr_el1), 0x4e0fd4c2);
	CHECK_EQ("MPIDR_EL1 from L1's VMPIDR_EL2", read_sysreg(mpidr_el1), 0x80010203);
	con_printf("l2: MIDR_EL1=0x%lx MPIDR_EL1=0x%lx (L1's VPIDR_EL2/VMPIDR_EL2)\n",
		   read_sysreg(midr_el1), read_sysreg(mpidr_el1));

	for (uint64_t i = 0; i < L2_HVCS; i++)
		CHECK_EQ("hypercall", hvc_call(0x4b000000u + i, i, 0, 0), 2 * i + 1);
	con_printf("l2: %u hypercalls checked\n", L2_HVCS);
	traps_test();

	volatile uint32_t *d = (volatile uint32_t *)(uintptr_t)dev;
	CHECK_EQ("device id", d[DEV_ID / 4], DEV_ID_VALUE);
	for (uint32_t i = 0; i < 4; i++) {
		d[DEV_SCRATCH / 4] = 0x1000 + i;
		CHECK_EQ("device scratch", d[DEV_SCRATCH / 4], 0x1000 + i);
	}
	con_puts("l2: 9 MMIO accesses to L1's device checked\n");

	/* Pages from 1M into RAM (above this image), each written then read back. */
	uint64_t base = ram + 0x100000;
	if (base + L2_PAGES * 4096ull > ram + ram_size)
		CHECK_EQ("RAM large enough", 0, 1);
	else {
		for (uint64_t p = 0; p < L2_PAGES; p++)
			*(volatile uint64_t *)(uintptr_t)(base + p * 4096) = 0xa5a5000000000000 | p;
		for (uint64_t p = 0; p < L2_PAGES; p++)
			CHECK_EQ("page", *(volatile uint64_t *)(uintptr_t)(base + p * 4096),
				 0xa5a5000000000000 | p);
		con_printf("l2: %u pages written and read back\n", L2_PAGES);
	}
	remap_test(ram, REMAP_OFF, 0);
	remap_test(ram, REMAP2_OFF, 1);
	cntvoff_test();
	timer_test();
	swi_check();
	con_printf("l2: verdict: %s\n", failures ? "FAIL" : "PASS");
	off();
}
