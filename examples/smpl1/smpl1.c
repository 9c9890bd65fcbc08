// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// smpl1: a minimal SMP guest hypervisor (L1) for the example L0's N vCPUs (issue #17). Its
// boot vCPU powers the others on with PSCI CPU_ON; every vCPU i runs vCPU i of one L2 VM,
// all on one stage-2 (one VTTBR_EL2, VMID 1) that maps this image at the same addresses and
// a shared page at L2 IPA 4 GB, first to L1 page A. Each L2 vCPU reads the shared page and
// reports the value with HVC #1; when all have, L1's vCPU 0 remaps the page to page B
// (break-before-make: invalid, DSB, TLBI IPAS2E1IS, DSB, TLBI VMALLE1IS, DSB, new entry)
// and opens the next phase; each L2 vCPU reads the page again and reports with HVC #2.
// Every L2 vCPU must have seen A, then B: the TLBI came from another vCPU than the ones
// that faulted the old page in, and under the L0 it must reach the one shadow stage-2 all
// of them run on. Then an IPI between L2 vCPUs through L1's list registers: L2 vCPU 1
// writes ICC_SGI1R_EL1 for L2 vCPU 2, which L1's HCR_EL2.IMO traps to L1's vCPU 1; that
// vCPU sends L1's own SGI to L1's vCPU 2, which takes it while L2 runs and puts the SGI
// into ICH_LR0_EL2; L2 vCPU 2 takes it at its EL1 IRQ vector. HVC #3: done; vCPU 0
// prints the verdict and powers off.
//
// L1 runs with its EL2 MMU off (Device memory: no exclusives), so the vCPUs coordinate with
// plain single-writer words and DSBs.
#include <stdbool.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "fdt_mini.h"
#include "s2tab.h"

#define MAX_CPUS       4
#define SHARED_IPA     UINT64_C(0x100000000)
#define PAGE	       UINT64_C(4096)
#define VALUE_A	       UINT64_C(0x5a5a0000aaaaaaaa)
#define VALUE_B	       UINT64_C(0x5a5a0000bbbbbbbb)
#define PSCI_CPU_ON    0xc4000003u
#define SPSR_EL1H_DAIF 0x3c5ull
#define SCTLR_EL1_RES1 0x30d00800ull
/* GICv3 system registers by encoding (IHI 0069 12) */
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICH_VMCR_EL2	S3_4_C12_C11_7
#define ICH_LR0_EL2	S3_4_C12_C12_0
#define L1_SGI		1 /* L1's own IPI between its vCPUs */
#define L2_SGI		5 /* the SGI one L2 vCPU sends another */

void smp_main(uint64_t dtb);
void smp_secondary_main(uint64_t cpu);
void smp_exit(uint64_t idx, uint64_t esr, uint64_t *frame);
void smp_l2_main(uint64_t cpu, uint64_t shared);
uint64_t smp_hvc1(uint64_t v);
uint64_t smp_hvc2(uint64_t v);
uint64_t smp_hvc3(uint64_t v);
void smp_run_l2(uint64_t cpu, uint64_t shared, uint64_t sp) __attribute__((noreturn));
void smp_secondary(void);
extern const char __image_start[], __stack_top[], smp_l2_entry[];

uint8_t smp_stacks[MAX_CPUS + 1][8192] __attribute__((aligned(16)));
static uint64_t l2_stacks[MAX_CPUS][1024] __attribute__((aligned(16)));
static uint64_t s2_pool[16][512] __attribute__((aligned(4096)));
static uint64_t pages[2][512] __attribute__((aligned(4096))); /* A, B */
static struct s2tab s2;
static uint64_t *s2_root, *s2_leaf_table;
static struct dt_info dt;
static unsigned ncpus;
/* single-writer words: seen[i][p] by vCPU i, phase and the rest by vCPU 0 */
volatile uint64_t smp_seen[MAX_CPUS][2], smp_done[MAX_CPUS], smp_phase, smp_up[MAX_CPUS];
/* the IPI between L2 vCPUs 1 -> 2: L2 vCPU 2 ready, the vINTID it took; L1 vCPU 1 -> 2 */
volatile uint64_t smp_l2_ready, smp_l2_got, smp_l2_mail[MAX_CPUS];
void smp_l2_irq(void);
extern const char smp_l2_vectors[];

static unsigned this_cpu(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xff);
}

static void __attribute__((noreturn)) power_off(void)
{
	psci_system_off(dt.psci_hvc);
}

static void __attribute__((noreturn)) fail(const char *why)
{
	con_printf("smpl1: %s\nsmpl1: verdict: FAIL\n", why);
	power_off();
}

/* Map one 4K page of L2 IPA space (common/s2tab.h); returns its level-3 table. */
static uint64_t *s2_map_page(uint64_t ipa, uint64_t pa)
{
	uint64_t *t = s2tab_map_page(&s2, ipa, pa);

	if (!t)
		fail("stage-2 table pool exhausted");
	return t;
}

/* L2's IRQ handler (EL1): acknowledge through its virtual CPU interface, note it, EOI. */
void smp_l2_irq(void)
{
	uint64_t iar = read_sysreg_s(ICC_IAR1_EL1);

	if ((iar & 0xffffff) < 1020)
		smp_l2_got = iar & 0xffffff;
	write_sysreg_s(ICC_EOIR1_EL1, iar);
	isb();
}

/* L2 vCPU @p cpu: read the shared page in each phase and report it; then L2 vCPU 1 sends
 * an SGI to L2 vCPU 2 (ICC_SGI1R_EL1, which L1's HCR_EL2.IMO traps to L1). */
void smp_l2_main(uint64_t cpu, uint64_t shared)
{
	smp_hvc1(*(volatile uint64_t *)(uintptr_t)shared);
	while (!smp_phase)
		;
	smp_hvc2(*(volatile uint64_t *)(uintptr_t)shared);
	if (cpu == 2) { /* the receiver: its virtual CPU interface on, IRQs unmasked */
		write_sysreg(vbar_el1, (uint64_t)(uintptr_t)smp_l2_vectors);
		write_sysreg_s(ICC_SRE_EL1, 1);
		isb();
		write_sysreg_s(ICC_PMR_EL1, 0xff);
		write_sysreg_s(ICC_IGRPEN1_EL1, 1);
		isb();
		__asm__ volatile("msr daifclr, #2" ::: "memory");
		smp_l2_ready = 1;
		dsb(sy);
		while (!smp_l2_got)
			;
	} else if (cpu == 1) { /* the sender: SGI L2_SGI to L2 vCPU 2 (Aff0 2, TargetList) */
		while (!smp_l2_ready)
			;
		write_sysreg_s(ICC_SGI1R_EL1, ((uint64_t)L2_SGI << 24) | (1u << 2));
		isb();
	}
	smp_hvc3(cpu);
	for (;;)
		;
}

/* This vCPU's virtual EL2 for L2 and into it: stage 2 on (one VTTBR for all, VMID 1,
 * 39-bit IPA, 4K, start level 1, 40-bit PA), HCR_EL2.VM|RW, L2's MMU off. */
static void gic_w32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
}

static uint32_t gic_r32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

/* This vCPU's part of L1's GIC: its redistributor (frame cpu) awake, SGI L1_SGI group 1,
 * priority 0x80, enabled; its CPU interface on. */
static void gic_cpu_on(unsigned cpu)
{
	uint64_t rd = dt.gicr + cpu * 0x20000ull, sgi = rd + 0x10000;
	unsigned spins = 0;

	gic_w32(rd + 0x14, gic_r32(rd + 0x14) & ~(1u << 1)); /* GICR_WAKER.ProcessorSleep */
	while ((gic_r32(rd + 0x14) & (1u << 2)) && ++spins < 1000000)
		;
	gic_w32(sgi + 0x80, gic_r32(sgi + 0x80) | (1u << L1_SGI));	   /* IGROUPR0 */
	gic_w32(sgi + 0x400, (gic_r32(sgi + 0x400) & ~0xff00u) | 0x8000u); /* IPRIORITYR0 */
	gic_w32(sgi + 0x100, 1u << L1_SGI);				   /* ISENABLER0 */
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
}

static void __attribute__((noreturn)) enter_l2(unsigned cpu)
{
	gic_cpu_on(cpu);
	/* L2's virtual CPU interface: ICH_HCR_EL2.En, ICH_VMCR_EL2 VPMR 0xff and VENG1 */
	write_sysreg_s(ICH_VMCR_EL2, (0xffull << 24) | (1u << 1));
	write_sysreg_s(ICH_HCR_EL2, 1);
	write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)s2_root | (1ull << 48));
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (3ull << 12) | (1ull << 10) |
				   (1ull << 8) | (1ull << 6) | 25);
	/* RW, IMO (L2's ICC_SGI1R_EL1 writes trap here; L1's interrupts end L2's run), VM */
	write_sysreg(hcr_el2, (1ull << 31) | (1ull << 4) | (1ull << 0));
	isb();
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(elr_el2, (uint64_t)(uintptr_t)smp_l2_entry);
	write_sysreg(spsr_el2, SPSR_EL1H_DAIF);
	isb();
	smp_up[cpu] = 1;
	dsb(sy);
	smp_run_l2(cpu, SHARED_IPA, (uint64_t)(uintptr_t)(l2_stacks[cpu] + 1024));
}

void smp_secondary_main(uint64_t cpu)
{
	enter_l2((unsigned)cpu);
}

/* vCPU 0 once every L2 vCPU saw page A: remap the shared page to B (break-before-make). */
static void remap(void)
{
	unsigned idx = (unsigned)(SHARED_IPA >> 12) & 511;

	s2_leaf_table[idx] = 0;
	dsb(ish);
	__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(SHARED_IPA >> 12) : "memory");
	dsb(ish);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	s2_leaf_table[idx] = (uint64_t)(uintptr_t)pages[1] | S2TAB_PAGE_NORMAL;
	dsb(ish);
	isb();
}

void smp_exit(uint64_t idx, uint64_t esr, uint64_t *frame)
{
	unsigned cpu = this_cpu(), imm = (unsigned)(esr & 0xffff);

	/* vector 9: an IRQ while L2 ran: L1's own SGI from the vCPU that took L2's SGI1R
	 * write; put the SGI it carries into L2's list register 0 */
	if (idx == 9 && cpu < MAX_CPUS) {
		uint64_t iar = read_sysreg_s(ICC_IAR1_EL1);

		write_sysreg_s(ICC_EOIR1_EL1, iar);
		isb();
		if ((iar & 0xffffff) == L1_SGI && smp_l2_mail[cpu]) {
			/* pending, group 1, priority 0xa0, vINTID */
			write_sysreg_s(ICH_LR0_EL2, (1ull << 62) | (1ull << 60) | (0xa0ull << 48) |
							smp_l2_mail[cpu]);
			smp_l2_mail[cpu] = 0;
			isb();
		}
		return;
	}
	/* EC 0x18: L2's ICC_SGI1R_EL1 write (MSR: Op0 3, Op1 0, CRn 12, CRm 11, Op2 5, ISS
	 * Direction 0), trapped by HCR_EL2.IMO: hand the SGI to the vCPU running each L2
	 * vCPU it names (TargetList, Aff0 = L2 vCPU = L1 vCPU here) with L1's own SGI */
	if (idx == 8 && (esr >> 26) == 0x18 && (esr & 0x3ffc1f) == 0x3a3016) {
		unsigned rt = (unsigned)((esr >> 5) & 31);
		uint64_t val = rt == 31 ? 0 : frame[rt];

		for (unsigned t = 0; t < ncpus; t++)
			if (((val >> t) & 1) && t != cpu) {
				smp_l2_mail[t] = (val >> 24) & 0xf;
				dsb(sy);
				write_sysreg_s(ICC_SGI1R_EL1, ((uint64_t)L1_SGI << 24) | (1u << t));
				isb();
			}
		write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
		return;
	}
	/* vector 8: synchronous from a lower EL (L2); EC 0x16: HVC64 */
	if (idx != 8 || (esr >> 26) != 0x16 || cpu >= MAX_CPUS) {
		con_printf("smpl1: cpu %u: unexpected exception vector=%lu ESR_EL2=0x%lx "
			   "ELR_EL2=0x%lx FAR_EL2=0x%lx\n",
			   cpu, idx, esr, read_sysreg(elr_el2), read_sysreg(far_el2));
		fail("unexpected exception");
	}
	if (imm == 1 || imm == 2) {
		smp_seen[cpu][imm - 1] = frame[0];
		dsb(sy);
		if (imm == 1 && cpu == 0) {
			/* wait for every L2 vCPU's first read, then remap from this vCPU */
			for (unsigned i = 0; i < ncpus; i++)
				while (!smp_seen[i][0])
					;
			remap();
			con_printf("smpl1: %u L2 vCPUs read page A; vCPU 0 remapped it to B "
				   "(TLBI IPAS2E1IS, VMALLE1IS)\n",
				   ncpus);
			smp_phase = 1;
			dsb(sy);
		}
		return;
	}
	/* HVC #3: this L2 vCPU is done */
	smp_done[cpu] = 1;
	dsb(sy);
	if (cpu != 0)
		for (;;)
			wfi();
	for (unsigned i = 0; i < ncpus; i++)
		while (!smp_done[i])
			;
	bool ok = true;
	for (unsigned i = 0; i < ncpus; i++) {
		con_printf("smpl1: L2 vCPU %u saw 0x%lx then 0x%lx\n", i, smp_seen[i][0],
			   smp_seen[i][1]);
		ok = ok && smp_seen[i][0] == VALUE_A && smp_seen[i][1] == VALUE_B;
	}
	if (!ok)
		fail("an L2 vCPU did not see the remapped page");
	con_printf("smpl1: %u vCPUs, one stage-2, remap seen by every L2 vCPU\n", ncpus);
	if (ncpus >= 3) {
		con_printf("smpl1: L2 vCPU 1 -> L2 vCPU 2: SGI %u taken as vINTID %lu\n", L2_SGI,
			   smp_l2_got);
		if (smp_l2_got != L2_SGI)
			fail("the SGI between L2 vCPUs was not taken");
	}
	con_puts("smpl1: verdict: PASS\n");
	power_off();
}

void smp_main(uint64_t dtb)
{
	fdt_mini_scan((const uint8_t *)(uintptr_t)dtb, &dt);
	con_init(dt.pl011);
	con_printf("smpl1: guest hypervisor at EL%lu, RAM 0x%lx+0x%lx\n",
		   (read_sysreg(CurrentEL) >> 2) & 3, dt.mem_base, dt.mem_size);
	pages[0][0] = VALUE_A;
	pages[1][0] = VALUE_B;
	/* L2's stage-2: this image at the same addresses, the shared page to A */
	uint64_t img = (uint64_t)(uintptr_t)__image_start & ~(PAGE - 1);
	uint64_t img_end = ((uint64_t)(uintptr_t)__stack_top + PAGE - 1) & ~(PAGE - 1);
	s2_root = s2tab_init(&s2, s2_pool, sizeof(s2_pool) / sizeof(s2_pool[0]));
	for (uint64_t a = img; a < img_end; a += PAGE)
		s2_map_page(a, a);
	s2_leaf_table = s2_map_page(SHARED_IPA, (uint64_t)(uintptr_t)pages[0]);
	gic_w32(dt.gicd, (1u << 4) | (1u << 1)); /* GICD_CTLR: ARE, EnableGrp1 (DS=1) */
	s2tab_clean(&s2);
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
	/* the other vCPUs: MPIDR Aff0 = 1.. (QEMU virt), as many as PSCI powers on */
	ncpus = 1;
	for (unsigned i = 1; i < MAX_CPUS; i++) {
		uint64_t r = dt.psci_hvc
				 ? hvc_call(PSCI_CPU_ON, i, (uint64_t)(uintptr_t)smp_secondary, i)
				 : smc_call(PSCI_CPU_ON, i, (uint64_t)(uintptr_t)smp_secondary, i);
		if (r != 0)
			break;
		ncpus++;
	}
	for (unsigned i = 1; i < ncpus; i++)
		while (!smp_up[i])
			;
	con_printf("smpl1: %u vCPUs up, each running one vCPU of the L2 VM\n", ncpus);
	if (ncpus < 2)
		fail("needs at least 2 CPUs (QEMU -smp)");
	enter_l2(0);
}
