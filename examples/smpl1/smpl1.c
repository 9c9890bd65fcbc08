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
// of them run on. HVC #3: done; vCPU 0 prints the verdict and powers off.
//
// L1 runs with its EL2 MMU off (Device memory: no exclusives), so the vCPUs coordinate with
// plain single-writer words and DSBs.
#include <stdbool.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "fdt_mini.h"

#define MAX_CPUS       4
#define SHARED_IPA     UINT64_C(0x100000000)
#define PAGE	       UINT64_C(4096)
#define VALUE_A	       UINT64_C(0x5a5a0000aaaaaaaa)
#define VALUE_B	       UINT64_C(0x5a5a0000bbbbbbbb)
#define PSCI_CPU_ON    0xc4000003u
#define S2_TABLE       3ull
#define S2_PAGE_NORMAL (3ull | (0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10))
#define SPSR_EL1H_DAIF 0x3c5ull
#define SCTLR_EL1_RES1 0x30d00800ull

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
static unsigned s2_used;
static uint64_t *s2_root, *s2_leaf_table;
static struct dt_info dt;
static unsigned ncpus;
/* single-writer words: seen[i][p] by vCPU i, phase and the rest by vCPU 0 */
volatile uint64_t smp_seen[MAX_CPUS][2], smp_done[MAX_CPUS], smp_phase, smp_up[MAX_CPUS];

static unsigned this_cpu(void)
{
	return (unsigned)(read_sysreg(mpidr_el1) & 0xff);
}

static void __attribute__((noreturn)) power_off(void)
{
	if (dt.psci_hvc)
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	else
		smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

static void __attribute__((noreturn)) fail(const char *why)
{
	con_printf("smpl1: %s\nsmpl1: verdict: FAIL\n", why);
	power_off();
}

static uint64_t *s2_alloc(void)
{
	if (s2_used == sizeof(s2_pool) / sizeof(s2_pool[0]))
		fail("stage-2 table pool exhausted");
	return s2_pool[s2_used++];
}

/* Map one 4K page of L2 IPA space (levels 1-3); returns the level-3 table. */
static uint64_t *s2_map_page(uint64_t ipa, uint64_t pa)
{
	uint64_t *t = s2_root;
	for (int level = 1; level < 3; level++) {
		unsigned idx = (unsigned)(ipa >> (12 + 9 * (3 - level))) & 511;
		if (!(t[idx] & 1))
			t[idx] = (uint64_t)(uintptr_t)s2_alloc() | S2_TABLE;
		t = (uint64_t *)(uintptr_t)(t[idx] & 0x0000fffffffff000ull);
	}
	t[(ipa >> 12) & 511] = pa | S2_PAGE_NORMAL;
	return t;
}

/* L2 vCPU @p cpu: read the shared page in each phase and report it. */
void smp_l2_main(uint64_t cpu, uint64_t shared)
{
	smp_hvc1(*(volatile uint64_t *)(uintptr_t)shared);
	while (!smp_phase)
		;
	smp_hvc2(*(volatile uint64_t *)(uintptr_t)shared);
	smp_hvc3(cpu);
	for (;;)
		;
}

/* This vCPU's virtual EL2 for L2 and into it: stage 2 on (one VTTBR for all, VMID 1,
 * 39-bit IPA, 4K, start level 1, 40-bit PA), HCR_EL2.VM|RW, L2's MMU off. */
static void __attribute__((noreturn)) enter_l2(unsigned cpu)
{
	write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)s2_root | (1ull << 48));
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (3ull << 12) | (1ull << 10) |
				   (1ull << 8) | (1ull << 6) | 25);
	write_sysreg(hcr_el2, (1ull << 31) | (1ull << 0));
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
	s2_leaf_table[idx] = (uint64_t)(uintptr_t)pages[1] | S2_PAGE_NORMAL;
	dsb(ish);
	isb();
}

void smp_exit(uint64_t idx, uint64_t esr, uint64_t *frame)
{
	unsigned cpu = this_cpu(), imm = (unsigned)(esr & 0xffff);

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
	s2_root = s2_alloc();
	for (uint64_t a = img; a < img_end; a += PAGE)
		s2_map_page(a, a);
	s2_leaf_table = s2_map_page(SHARED_IPA, (uint64_t)(uintptr_t)pages[0]);
	for (unsigned t = 0; t < s2_used; t++)
		for (unsigned b = 0; b < PAGE; b += 64)
			__asm__ volatile("dc civac, %0" ::"r"((uintptr_t)s2_pool[t] + b)
					 : "memory");
	dsb(ish);
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
