// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// s2touch: a minimal guest hypervisor (L1) that puts the shadow stage-2 of the L0 under it
// under memory pressure (issue #14). It gives its L2 a 4K stage-2 (39-bit IPA, start level
// 1) that maps its own image at the same addresses (L2 runs code from it) and 256 MB of L2
// RAM at L2 IPA 4 GB, 65,536 pages backed by L1 RAM from 128 MB on. L2 (stage-1 MMU off)
// writes one word in each page, then reads every one back, and reports the mismatches
// with HVC #0; L1 prints the verdict and powers off through PSCI.
//
// Under the example L0 every first touch of a page is a shadow stage-2 fault. With the
// L0's default sizing (L1's RAM fully resident) the second pass faults no more; with a
// deliberately small cache (L0 command line nvarm.s2pool=N) nvarm reclaims while L2
// runs and the second pass refaults what was evicted: the words read back prove that
// every refault maps the same page again.
//
// Like any hypervisor on real hardware with its EL2 MMU off, L1 cleans its stage-2 tables
// to the point of coherency after writing them (the walker, or an L0 reading them through
// a cacheable mapping, must see them).
#include <stdbool.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "fdt_mini.h"
#include "s2tab.h"

#define PAGES	       65536u
#define TOUCH_IPA      UINT64_C(0x100000000) /* L2 IPA of the first page */
#define BACKING_OFF    (UINT64_C(128) << 20) /* L1 RAM offset of the backing */
#define PAGE	       UINT64_C(4096)
#define TABLES	       (PAGES / 512 + 8)
#define MAGIC	       0x5332544f00000000ull
#define SCTLR_EL1_RES1 0x30d00800ull
#define SPSR_EL1H_DAIF 0x3c5ull

void s2t_main(uint64_t dtb);
void s2t_exit(uint64_t idx, uint64_t esr, const uint64_t *frame);
uint64_t s2t_l2_touch(uint64_t base, uint64_t n);
void s2t_run_l2(uint64_t sp, uint64_t base, uint64_t n) __attribute__((noreturn));
extern const char __image_start[], __stack_top[], s2t_l2_entry[];

static uint64_t s2_pool[TABLES][512] __attribute__((aligned(4096)));
static struct s2tab s2;
static uint64_t l2_stack[1024] __attribute__((aligned(16)));
static struct dt_info dt;

static void __attribute__((noreturn)) power_off(void)
{
	psci_system_off(dt.psci_hvc);
}

static void __attribute__((noreturn)) fail(const char *why)
{
	con_printf("s2touch: %s\ns2touch: verdict: FAIL\n", why);
	power_off();
}

/* Map one 4K page of L2 IPA space (common/s2tab.h). */
static void s2_map_page(uint64_t ipa, uint64_t pa)
{
	if (!s2tab_map_page(&s2, ipa, pa))
		fail("stage-2 table pool exhausted");
}

/* L2: runs at EL1 from this image; only its stack and the pages are written. */
uint64_t s2t_l2_touch(uint64_t base, uint64_t n)
{
	uint64_t bad = 0;

	for (uint64_t i = 0; i < n; i++)
		*(volatile uint64_t *)(uintptr_t)(base + i * PAGE + (i % 512) * 8) = MAGIC ^ i;
	for (uint64_t i = 0; i < n; i++)
		if (*(volatile uint64_t *)(uintptr_t)(base + i * PAGE + (i % 512) * 8) !=
		    (MAGIC ^ i))
			bad++;
	return bad;
}

void s2t_exit(uint64_t idx, uint64_t esr, const uint64_t *frame)
{
	/* Vector 8: synchronous from a lower EL (L2), EC 0x16: HVC64. */
	if (idx != 8 || (esr >> 26) != 0x16) {
		con_printf("s2touch: unexpected exception vector=%lu ESR_EL2=0x%lx ELR_EL2=0x%lx "
			   "FAR_EL2=0x%lx\n",
			   idx, esr, read_sysreg(elr_el2), read_sysreg(far_el2));
		fail("unexpected exception");
	}
	con_printf("s2touch: L2 wrote and read back %u pages (%u MB) through L1's 4K stage-2: "
		   "%lu mismatches\n",
		   PAGES, (unsigned)(PAGES * PAGE >> 20), frame[0]);
	if (frame[0])
		fail("L2 read back wrong data");
	con_puts("s2touch: verdict: PASS\n");
	power_off();
}

void s2t_main(uint64_t dtb)
{
	fdt_mini_scan((const uint8_t *)(uintptr_t)dtb, &dt);
	con_init(dt.pl011);
	con_printf("s2touch: guest hypervisor at EL%lu, RAM 0x%lx+0x%lx\n",
		   (read_sysreg(CurrentEL) >> 2) & 3, dt.mem_base, dt.mem_size);
	uint64_t backing = dt.mem_base + BACKING_OFF;
	if (dt.mem_size < BACKING_OFF + PAGES * PAGE + (8ull << 20))
		fail("not enough RAM for 256 MB of L2 memory");
	uint64_t img = (uint64_t)(uintptr_t)__image_start & ~(PAGE - 1);
	uint64_t img_end = ((uint64_t)(uintptr_t)__stack_top + PAGE - 1) & ~(PAGE - 1);
	if (img_end > backing)
		fail("image overlaps the L2 backing");

	/* L2's stage-2: this image at the same addresses, then the 256 MB. */
	uint64_t *root = s2tab_init(&s2, s2_pool, TABLES);
	for (uint64_t a = img; a < img_end; a += PAGE)
		s2_map_page(a, a);
	for (uint64_t i = 0; i < PAGES; i++)
		s2_map_page(TOUCH_IPA + i * PAGE, backing + i * PAGE);
	s2tab_clean(&s2);
	con_printf("s2touch: L2 RAM 256 MB at IPA 0x%lx (L1 0x%lx), %u stage-2 tables\n", TOUCH_IPA,
		   backing, s2.used);

	/* Run L2: stage 2 on (VM, RW), VMID 1, 39-bit IPA, 4K, start level 1, 40-bit PA. */
	write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)root | (1ull << 48));
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (3ull << 12) | (1ull << 10) |
				   (1ull << 8) | (1ull << 6) | 25);
	write_sysreg(hcr_el2, (1ull << 31) | (1ull << 0));
	isb();
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish" ::: "memory");
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1); /* L2's: MMU off */
	write_sysreg(elr_el2, (uint64_t)(uintptr_t)s2t_l2_entry);
	write_sysreg(spsr_el2, SPSR_EL1H_DAIF);
	isb();
	s2t_run_l2((uint64_t)(uintptr_t)(l2_stack + 1024), TOUCH_IPA, PAGES);
}
