// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// A minimal guest hypervisor (L1), written as a normal EL2 program for real hardware:
// no paravirtual calls. Under the example L0 it runs at virtual EL2. It prints through
// the PL011 found in its DTB, checks that it believes it is at EL2, programs and reads
// back EL2 registers (under FEAT_NV2 these go to the VNCR page without trapping; under
// FEAT_NV each one traps to L0) and asks PSCI for its version.
//
// Then it runs the L2 payload (examples/l2, embedded) like any hypervisor would: its
// own stage-2 for L2 (L2 RAM, the PL011 page passed through, a small emulated device
// left unmapped), its own vectors (VBAR_EL2 + 0x400 takes L2's exits, + 0x480 its
// interrupts), HCR_EL2 for the guest (IMO/FMO: L2's interrupts come here), and ERET.
// It answers L2's hypercalls, emulates the device on stage-2 data aborts, injects the
// EL1 virtual timer interrupt into L2 through list register 0, runs L2 with a virtual
// offset (CNTVOFF_EL2) and a tick of its own on its EL2 physical timer while L2's timer
// runs, and powers off with PSCI SYSTEM_OFF (via its DTB's conduit) when L2 asks for it.
//
// Build variants (examples/l1/CMakeLists.txt): L1_VHE (HCR_EL2.E2H=1, exception
// registers by their EL1 names) and L1_S2_GRANULE (4K, 16K or 64K stage-2 for L2).
#include <stdbool.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "fdt_mini.h"

#define ROUNDS 100

/*
 * L1_VHE=1 builds the VHE variant: it sets HCR_EL2.E2H first thing and from then on
 * reaches its exception registers by their EL1 names (ESR_EL1 means ESR_EL2 at EL2 with
 * E2H=1), as a VHE host kernel does.
 */
#ifndef L1_VHE
#define L1_VHE 0
#endif
#define HCR_E2H (1ull << 34)
#if L1_VHE
#define HCR_BASE   HCR_E2H
#define EXC_REG(r) r##_el1
#define L1_KIND	   "VHE"
#else
#define HCR_BASE   0ull
#define EXC_REG(r) r##_el2
#define L1_KIND	   "non-VHE"
#endif

void l1_main(uint64_t dtb);
struct l1_frame {
	uint64_t x[31];
	uint64_t pad;
};
void l1_guest_sync(struct l1_frame *f);
void l1_guest_irq(struct l1_frame *f);
void l1_run_l2(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3) __attribute__((noreturn));
extern const char l2_blob[], l2_blob_end[], _head[], l1_vectors[];
void l1_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);

static struct dt_info dt;
static unsigned failures;

static uint64_t psci(uint64_t fn, uint64_t a1)
{
	return dt.psci_hvc ? hvc_call(fn, a1, 0, 0) : smc_call(fn, a1, 0, 0);
}

static void __attribute__((noreturn)) power_off(void)
{
	psci(PSCI_SYSTEM_OFF, 0);
	for (;;)
		wfi();
}

void l1_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far)
{
	con_printf("l1: unexpected exception vector=%lu ESR_EL2=0x%lx ELR=0x%lx FAR=0x%lx\n", idx,
		   esr, elr, far);
	con_puts("l1: verdict: FAIL\n");
	power_off();
}

#define CHECK_EQ(what, got, want)                                                                  \
	do {                                                                                       \
		uint64_t g_ = (got), w_ = (want);                                                  \
		if (g_ != w_) {                                                                    \
			failures++;                                                                \
			con_printf("l1: FAILED %s: 0x%lx != 0x%lx\n", what, g_, w_);               \
		}                                                                                  \
	} while (0)

/* EL2 configuration a hypervisor writes before running a guest, read back each round. */
static void el2_register_rounds(void)
{
	for (uint64_t i = 0; i < ROUNDS; i++) {
		/* RW, VM, and TGE on odd rounds (nothing runs meanwhile) */
		uint64_t hcr = HCR_BASE | (1ull << 31) | (1ull << 0) | (i & 1 ? 1ull << 27 : 0);
		uint64_t vttbr = (1ull << 48) | ((0x1000 + i) << 12);
		uint64_t vtcr = (1ull << 31) | (2ull << 16) | (1ull << 6) | (24 + (i & 3));
		write_sysreg(hcr_el2, hcr);
		write_sysreg(vttbr_el2, vttbr);
		write_sysreg(vtcr_el2, vtcr);
		write_sysreg(tpidr_el2, 0x7000 + i);
		write_sysreg(vmpidr_el2, 0x80000000 | i);
		write_sysreg(cntvoff_el2, i << 20);
		CHECK_EQ("HCR_EL2", read_sysreg(hcr_el2), hcr);
		CHECK_EQ("VTTBR_EL2", read_sysreg(vttbr_el2), vttbr);
		CHECK_EQ("VTCR_EL2", read_sysreg(vtcr_el2), vtcr);
		CHECK_EQ("TPIDR_EL2", read_sysreg(tpidr_el2), 0x7000 + i);
		CHECK_EQ("VMPIDR_EL2", read_sysreg(vmpidr_el2), 0x80000000 | i);
		CHECK_EQ("CNTVOFF_EL2", read_sysreg(cntvoff_el2), i << 20);
	}
	/* Leave a sane configuration: no guest, HCR_EL2.RW only, no virtual offset (L2's
	 * virtual count is the physical one minus CNTVOFF_EL2). */
	write_sysreg(hcr_el2, HCR_BASE | (1ull << 31));
	write_sysreg(cntvoff_el2, 0);
}

/* ------------------------------------------------------------------ L2 */

/* L2's physical map (L2 IPAs). */
#define L2_RAM	     0x40000000ull
#define L2_RAM_SIZE  (2ull << 20)
#define L2_UART	     0x09000000ull
#define L2_DEV	     0x0a000000ull /* emulated by L1: deliberately not mapped */
#define DEV_ID_VALUE 0x6e76726d
/* SMCCC vendor-specific hypervisor service (fast, SMC64) L2 calls through SMC, which
 * HCR_EL2.TSC traps here: x1 = L2 IPA, move that page (l2_remap). */
#define L2_SMC_REMAP 0xc6000001u

/*
 * L1's stage-2 for L2, 39-bit IPA, granule chosen at build time (L1_S2_GRANULE = 12,
 * 14 or 16 for 4K, 16K, 64K; one binary per variant). Descriptors: MemAttr[5:2],
 * S2AP[7:6], SH[9:8], AF[10], XN[54]; tables and level-3 pages have bits[1:0] = 3.
 */
#ifndef L1_S2_GRANULE
#define L1_S2_GRANULE 12
#endif
#define GRANULE	 (1ull << L1_S2_GRANULE)
#define STRIDE	 (L1_S2_GRANULE - 3)
#define ENTRIES	 (1u << STRIDE)
#define IPA_BITS 39
#if L1_S2_GRANULE == 12
#define START_LEVEL 1
#define VTCR_TG0    0ull
#define VTCR_SL0    1ull /* level 1 */
#elif L1_S2_GRANULE == 14
#define START_LEVEL 1
#define VTCR_TG0    2ull
#define VTCR_SL0    2ull /* level 1 */
#elif L1_S2_GRANULE == 16
#define START_LEVEL 2
#define VTCR_TG0    1ull
#define VTCR_SL0    1ull /* level 2 */
#else
#error "L1_S2_GRANULE must be 12, 14 or 16"
#endif
#define S2_TABLE       3ull
#define S2_PAGE_NORMAL (3ull | (0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10))
#define S2_PAGE_DEVICE (3ull | (0x1ull << 2) | (3ull << 6) | (1ull << 10) | (1ull << 54))
#define S2_POOL	       6

static uint64_t s2_pool[S2_POOL][ENTRIES] __attribute__((aligned(GRANULE)));
static unsigned s2_used;

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* MMU off: addresses are L1 IPAs */
}

static uint64_t *s2_alloc(void)
{
	if (s2_used == S2_POOL) {
		con_puts("l1: stage-2 table pool exhausted\n");
		l1_exception(0, 0, 0, 0);
	}
	return s2_pool[s2_used++];
}

/* Map one granule-sized page of L2 IPA space. */
static void s2_map_page(uint64_t *root, uint64_t ipa, uint64_t pa, uint64_t attrs)
{
	uint64_t *t = root;
	for (int level = START_LEVEL; level < 3; level++) {
		unsigned shift = L1_S2_GRANULE + STRIDE * (unsigned)(3 - level);
		unsigned idx = (unsigned)(ipa >> shift) & (ENTRIES - 1);
		if (!(t[idx] & 1)) {
			uint64_t *n = s2_alloc();
			t[idx] = pa_of(n) | S2_TABLE;
		}
		t = (uint64_t *)(uintptr_t)(t[idx] & 0x0000ffffffffffffull & ~(GRANULE - 1));
	}
	t[(ipa >> L1_S2_GRANULE) & (ENTRIES - 1)] = (pa & ~(GRANULE - 1)) | attrs;
}

static struct {
	unsigned hvc, mmio, irqs, timer, remaps;
	uint32_t scratch;
	uint64_t *root;	  /* L2's stage-2 root */
	uint64_t backing; /* L1 PA behind L2_RAM */
} l2st;

/* Find the last-level descriptor of @p ipa in L2's stage-2 (it must be mapped). */
static uint64_t *s2_leaf(uint64_t *root, uint64_t ipa)
{
	uint64_t *t = root;
	for (int level = START_LEVEL; level < 3; level++) {
		unsigned shift = L1_S2_GRANULE + STRIDE * (unsigned)(3 - level);
		uint64_t d = t[(ipa >> shift) & (ENTRIES - 1)];
		if ((d & 3) != S2_TABLE)
			return 0;
		t = (uint64_t *)(uintptr_t)(d & 0x0000ffffffffffffull & ~(GRANULE - 1));
	}
	return &t[(ipa >> L1_S2_GRANULE) & (ENTRIES - 1)];
}

/*
 * L2's SMC REMAP (function 0xc6000001, x1 = an L2 IPA in its RAM): move the
 * granule holding it to a fresh L1 page whose words read 0x5a5a0000_0000000i, as a
 * hypervisor does when it migrates or deduplicates guest memory. Break-before-make
 * (Arm ARM D8.16.1): invalidate the descriptor, TLBI IPAS2E1IS for the IPA (then
 * VMALLE1IS, since stage-1 walks may have cached combined entries), write the new
 * descriptor. The L0 sees the TLBIs and must drop its shadow of the old mapping:
 * otherwise L2 keeps reading the old page.
 */
static uint64_t l2_remap(uint64_t ipa)
{
	uint64_t page = ipa & ~(GRANULE - 1);
	uint64_t *leaf;

	if (ipa < L2_RAM || ipa >= L2_RAM + L2_RAM_SIZE || !(leaf = s2_leaf(l2st.root, page)))
		return (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	/* Fresh pages come from the 2M after L2's RAM, one granule per remap. */
	uint64_t pa = l2st.backing + L2_RAM_SIZE + GRANULE * l2st.remaps;
	volatile uint64_t *w = (volatile uint64_t *)(uintptr_t)pa;
	for (uint64_t i = 0; i < GRANULE / 8; i++)
		w[i] = 0x5a5a000000000000ull | i;
	dsb(ish);
	*leaf = 0;
	dsb(ish);
	__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(page >> 12) : "memory");
	dsb(ish);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	*leaf = pa | S2_PAGE_NORMAL;
	dsb(ish);
	isb();
	l2st.remaps++;
	return 0;
}

/* GICv3 CPU interface and list registers by their generic names (the assembler's
 * names for them vary between binutils versions). */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICH_VMCR_EL2	S3_4_C12_C11_7
#define ICH_LR0_EL2	S3_4_C12_C12_0
#define VTIMER_INTID	27 /* EL1 virtual timer PPI (QEMU virt; a real L1 reads its DTB) */
#define HTIMER_INTID	26 /* EL2 physical timer PPI (likewise) */
#define HVTIMER_INTID	28 /* EL2 virtual timer PPI (FEAT_VHE; likewise) */

/*
 * Our own ticks on our EL2 timers while L2 runs its virtual timer (as Xen's scheduler
 * tick does): from L2's first timer interrupt on, each timer gives `n` interrupts
 * `ns` apart, each re-armed at the next absolute compare value. The EL2 physical timer
 * is CNTHP_*_EL2 to a non-VHE hypervisor; with E2H=1 the EL0 physical timer names reach
 * it, and the EL0 virtual timer names reach the EL2 virtual timer (CNTHV, which counts
 * the physical count: CNTVOFF_EL2 is L2's). L0 backs each with a hardware EL1 timer
 * while we run and emulates it while L2 runs.
 */
#if L1_VHE
#define HTIMER_CTL  cntp_ctl_el0
#define HTIMER_CVAL cntp_cval_el0
#define HTIMER_NAME "CNTP_*_EL0 -> CNTHP"
#else
#define HTIMER_CTL  cnthp_ctl_el2
#define HTIMER_CVAL cnthp_cval_el2
#define HTIMER_NAME "CNTHP_*_EL2"
#endif
/* L2's virtual offset: L2 checks CNTPCT_EL0 - CNTVCT_EL0 against the same number. */
#define L2_CNTVOFF 0x40000ull

static struct l1_tick {
	char name[48]; /* not a pointer: this image runs unrelocated wherever it is loaded */
	unsigned intid, n, ns;
	unsigned ticks, early, during_l2;
	uint64_t period, start, next;
} l1_ticks[] = {
    {.name = "EL2 physical timer (" HTIMER_NAME ")", .intid = HTIMER_INTID, .n = 4, .ns = 300000},
#if L1_VHE
    {.name = "EL2 virtual timer (CNTV_*_EL0 -> CNTHV)",
     .intid = HVTIMER_INTID,
     .n = 3,
     .ns = 450000},
#endif
};
#define L1_NTICKS (sizeof(l1_ticks) / sizeof(l1_ticks[0]))

/* Timer @i's count, CTL and CVAL (0: EL2 physical, 1: EL2 virtual). */
static uint64_t tick_count(unsigned i)
{
	return i ? read_sysreg(cntvct_el0) : read_sysreg(cntpct_el0);
}

static uint64_t tick_ctl(unsigned i)
{
#if L1_VHE
	if (i)
		return read_sysreg(cntv_ctl_el0);
#endif
	(void)i;
	return read_sysreg_s(HTIMER_CTL);
}

static uint64_t tick_cval(unsigned i)
{
#if L1_VHE
	if (i)
		return read_sysreg(cntv_cval_el0);
#endif
	(void)i;
	return read_sysreg_s(HTIMER_CVAL);
}

static void tick_set(unsigned i, uint64_t cval, uint64_t ctl)
{
#if L1_VHE
	if (i) {
		write_sysreg(cntv_cval_el0, cval);
		write_sysreg(cntv_ctl_el0, ctl);
		isb();
		return;
	}
#endif
	(void)i;
	write_sysreg_s(HTIMER_CVAL, cval);
	write_sysreg_s(HTIMER_CTL, ctl);
	isb();
}

static void ticks_start(void)
{
	for (unsigned i = 0; i < L1_NTICKS; i++) {
		struct l1_tick *t = &l1_ticks[i];
		t->period = read_sysreg(cntfrq_el0) / 1000 * (t->ns / 1000) / 1000;
		t->start = tick_count(i);
		t->next = t->start + t->period;
		tick_set(i, t->next, 1); /* ENABLE, IMASK=0 */
		CHECK_EQ("EL2 timer CVAL", tick_cval(i), t->next);
	}
}

/*
 * L2's virtual timer as we see it while L2 is out: by the *_EL02 names with E2H=1 (under
 * FEAT_NV2 CTL and CVAL come from the VNCR page, TVAL traps), by the EL0 names with
 * E2H=0 (trapped: L0 emulates them). It fired: ENABLE and ISTATUS set, and TVAL is CVAL
 * minus L2's virtual count (our physical count minus L2_CNTVOFF) between two reads.
 */
#if L1_VHE
#define L2_CNTV_CTL  S3_5_C14_C3_1 /* CNTV_CTL_EL02 */
#define L2_CNTV_CVAL S3_5_C14_C3_2 /* CNTV_CVAL_EL02 */
#define L2_CNTV_TVAL S3_5_C14_C3_0 /* CNTV_TVAL_EL02 */
#else
#define L2_CNTV_CTL  cntv_ctl_el0
#define L2_CNTV_CVAL cntv_cval_el0
#define L2_CNTV_TVAL cntv_tval_el0
#endif
static unsigned l2_timer_checked;

static void l2_timer_check(void)
{
	uint64_t ctl = read_sysreg_s(L2_CNTV_CTL), cval = read_sysreg_s(L2_CNTV_CVAL);
	uint64_t c0 = read_sysreg(cntpct_el0) - L2_CNTVOFF;
	int64_t tval = (int32_t)(uint32_t)read_sysreg_s(L2_CNTV_TVAL);
	uint64_t c1 = read_sysreg(cntpct_el0) - L2_CNTVOFF;

	CHECK_EQ("L2's CNTV_CTL ENABLE|ISTATUS", ctl & 5, 5);
	if (tval > (int64_t)(cval - c0) || tval < (int64_t)(cval - c1) || tval > 0)
		CHECK_EQ("L2's CNTV_TVAL", (uint64_t)tval, cval - c0);
	l2_timer_checked++;
}

/* An interrupt of one of our timers: @return false for other INTIDs. */
static bool tick_irq(uint32_t intid)
{
	for (unsigned i = 0; i < L1_NTICKS; i++) {
		struct l1_tick *t = &l1_ticks[i];
		if (intid != t->intid)
			continue;
		/* Not before the compare value (timer condition met, ISTATUS). */
		if (tick_count(i) < t->next)
			t->early++;
		CHECK_EQ("EL2 timer ISTATUS|ENABLE", tick_ctl(i) & 5, 5);
		t->next += t->period;
		t->ticks++;
		tick_set(i, t->next, t->ticks < t->n ? 1 : 0);
		return true;
	}
	return false;
}

static void __attribute__((noreturn)) run_l2(void)
{
	/* L2's RAM: a 2M-aligned block 32M above L1's own image. */
	uint64_t backing = (pa_of(_head) + (32ull << 20)) & ~(L2_RAM_SIZE - 1);
	uint64_t len = (uint64_t)(l2_blob_end - l2_blob);
	volatile uint8_t *dst = (volatile uint8_t *)(uintptr_t)backing;
	for (uint64_t i = 0; i < len; i++)
		dst[i] = (uint8_t)l2_blob[i];

	uint64_t *root = s2_alloc();
	l2st.root = root;
	l2st.backing = backing;
	for (uint64_t off = 0; off < L2_RAM_SIZE; off += GRANULE)
		s2_map_page(root, L2_RAM + off, backing + off, S2_PAGE_NORMAL);
	s2_map_page(root, L2_UART, dt.pl011, S2_PAGE_DEVICE);

	/* VTCR_EL2: RES1 bit 31, PS=40 bits, TG0, SH0 inner, WB walks, SL0, T0SZ=25. */
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (VTCR_TG0 << 14) | (3ull << 12) |
				   (1ull << 10) | (1ull << 8) | (VTCR_SL0 << 6) | (64 - IPA_BITS));
	write_sysreg(vttbr_el2, pa_of(root) | (1ull << 48));
	/* HCR_EL2: RW (AArch64 guest), VM (stage-2 on), TSC (guest SMCs trap to us),
	 * IMO/FMO (the guest's physical interrupts come to us; it gets virtual ones). */
	write_sysreg(hcr_el2, HCR_BASE | (1ull << 31) | (1ull << 0) | (1ull << 19) | (1ull << 4) |
				  (1ull << 3));
	/* Our own CPU interface: all priorities, group 1 on. The guest's: list registers
	 * on (ICH_HCR_EL2.En), its VMCR as at reset. */
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	write_sysreg_s(ICH_VMCR_EL2, 0);
	write_sysreg_s(ICH_HCR_EL2, 1);
	dsb(ish);
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(ish);
	write_sysreg(elr_el2, L2_RAM);
	write_sysreg(spsr_el2, 0x3c5); /* EL1h, DAIF masked */
	write_sysreg(cntvoff_el2, L2_CNTVOFF);
	isb();
	con_printf("l1: running L2 (%lu bytes) at IPA 0x%llx, backed by 0x%lx, stage-2 granule "
		   "%lluK\n",
		   len, L2_RAM, backing, GRANULE >> 10);
	l1_run_l2(L2_UART | (dt.pl011 & 0xfff), L2_DEV, L2_RAM, L2_RAM_SIZE);
}

static void l2_mmio(struct l1_frame *f, uint64_t esr)
{
	uint64_t far = read_sysreg_s(EXC_REG(far)), hpfar = read_sysreg(hpfar_el2);
	uint64_t ipa = (FIELD(hpfar, 43, 4) << 12) | (far & 0xfff);
	unsigned srt = (unsigned)FIELD(esr, 20, 16);
	bool isv = FIELD(esr, 24, 24), wnr = FIELD(esr, 6, 6);

	if (!isv || ipa < L2_DEV || ipa >= L2_DEV + 0x1000) {
		con_printf("l1: L2 abort outside the device: ESR=0x%lx IPA=0x%lx\n", esr, ipa);
		l1_exception(8, esr, read_sysreg_s(EXC_REG(elr)), far);
	}
	uint64_t off = ipa - L2_DEV;
	if (wnr) {
		if (off == 0x8)
			l2st.scratch = (uint32_t)(srt == 31 ? 0 : f->x[srt]);
	} else if (srt != 31) {
		f->x[srt] = off == 0 ? DEV_ID_VALUE : off == 0x8 ? l2st.scratch : 0;
	}
	l2st.mmio++;
	write_sysreg_s(EXC_REG(elr), read_sysreg_s(EXC_REG(elr)) + 4);
}

/* L2 interrupted (VBAR_EL2 + 0x480): a physical interrupt for us. Its virtual timer
 * goes back to it through list register 0, as a pending group-1 virtual interrupt. */
void l1_guest_irq(struct l1_frame *f)
{
	uint64_t iar = read_sysreg_s(ICC_IAR1_EL1);
	uint32_t intid = (uint32_t)(iar & 0xffffff);
	(void)f;

	if (intid >= 1020)
		return;
	l2st.irqs++;
	if (intid == VTIMER_INTID) {
		write_sysreg_s(ICH_LR0_EL2, (1ull << 62) | (1ull << 60) | (0xa0ull << 48) | intid);
		l2st.timer++;
		if (!l1_ticks[0].period) {
			l2_timer_check();
			ticks_start(); /* L2's timer runs: start ours */
		}
	} else {
		tick_irq(intid);
	}
	write_sysreg_s(ICC_EOIR1_EL1, iar);
}

/*
 * L2 is done: take the ticks still to come (interrupts masked here: acknowledge them by
 * polling ICC_IAR1_EL1, for at most a second) and check them: all of them, none before
 * its compare value, some while L2 ran.
 */
static bool ticks_pending(void)
{
	for (unsigned i = 0; i < L1_NTICKS; i++)
		if (l1_ticks[i].ticks < l1_ticks[i].n)
			return true;
	return false;
}

static void ticks_finish(void)
{
	CHECK_EQ("L2's virtual timer checked", l2_timer_checked, 1);
	con_printf("l1: L2's virtual timer read back while L2 was out: fired, TVAL = CVAL - "
		   "(CNTPCT - CNTVOFF_EL2)\n");
	uint64_t limit = read_sysreg(cntpct_el0) + read_sysreg(cntfrq_el0);

	for (unsigned i = 0; i < L1_NTICKS; i++)
		l1_ticks[i].during_l2 = l1_ticks[i].ticks;
	CHECK_EQ("EL2 timers started", l1_ticks[0].period != 0, 1);
	while (l1_ticks[0].period && ticks_pending() && read_sysreg(cntpct_el0) < limit)
		l1_guest_irq(0);
	for (unsigned i = 0; i < L1_NTICKS; i++) {
		const struct l1_tick *t = &l1_ticks[i];
		CHECK_EQ(t->name, t->ticks, t->n);
		CHECK_EQ("EL2 timer interrupts before CVAL", t->early, 0);
		CHECK_EQ("EL2 timer interrupts while L2 ran", t->during_l2 > 0, 1);
		con_printf("l1: %u %s interrupts, %u while L2 ran its timer, period %lu ticks\n",
			   t->ticks, t->name, t->during_l2, t->period);
	}
}

/* L2 exit (VBAR_EL2 + 0x400). */
void l1_guest_sync(struct l1_frame *f)
{
	uint64_t esr = read_sysreg_s(EXC_REG(esr));
	unsigned ec = (unsigned)FIELD(esr, 31, 26);

	if (ec == 0x16 && f->x[0] == PSCI_SYSTEM_OFF) {
		ticks_finish();
		con_printf("l1: L2 asked for SYSTEM_OFF after %u hypercalls, %u MMIO accesses, "
			   "%u timer interrupts injected, %u page(s) remapped\n",
			   l2st.hvc, l2st.mmio, l2st.timer, l2st.remaps);
		con_printf("l1: verdict: %s\n", failures ? "FAIL" : "PASS");
		con_puts("l1: PSCI SYSTEM_OFF\n");
		power_off();
	} else if (ec == 0x17) {
		/* SMC trapped by TSC: ELR_EL2 is the SMC itself (Arm ARM D1.4.3). */
		f->x[0] = f->x[0] == L2_SMC_REMAP ? l2_remap(f->x[1])
						  : (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
		write_sysreg_s(EXC_REG(elr), read_sysreg_s(EXC_REG(elr)) + 4);
	} else if (ec == 0x16 && (f->x[0] & ~0xffull) == 0x4b000000u) {
		f->x[0] = 2 * f->x[1] + 1;
		l2st.hvc++;
	} else if (ec == 0x16) {
		f->x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	} else if (ec == 0x24) {
		l2_mmio(f, esr);
	} else {
		l1_exception(8, esr, read_sysreg(elr_el2), read_sysreg(far_el2));
	}
}

/* What the loader handed over besides the DTB: initrd and multiboot modules. */
static void print_modules(void)
{
	con_printf("l1: DTB /chosen: initrd 0x%lx-0x%lx, %u multiboot module(s)\n", dt.initrd_start,
		   dt.initrd_end, dt.nmodules);
	for (unsigned i = 0; i < dt.nmodules; i++) {
		const volatile char *p = (const volatile char *)(uintptr_t)dt.modules[i].addr;
		char head[17];
		unsigned n = 0;
		for (; n < 16 && n < dt.modules[i].size; n++)
			head[n] = p[n] >= 0x20 && p[n] < 0x7f ? p[n] : '.';
		head[n] = 0;
		con_printf("l1: module 0x%lx+0x%lx%s: \"%s\"\n", dt.modules[i].addr,
			   dt.modules[i].size, dt.modules[i].ramdisk ? " (ramdisk)" : "", head);
	}
}

void l1_main(uint64_t dtb)
{
	/* Choose the EL2 flavour before anything else (E2H is writable on this vEL2). */
	write_sysreg(hcr_el2, HCR_BASE | (1ull << 31));
	/* Guests may use the physical counter and timer: CNTHCTL_EL2.EL1PCTEN|EL1PCEN, at
	 * bits [11:10] with E2H=1. */
	write_sysreg(cnthctl_el2, L1_VHE ? 3ull << 10 : 3ull);
	isb();
	if (fdt_mini_valid(dtb))
		fdt_mini_scan((const uint8_t *)(uintptr_t)dtb, &dt);
	if (!dt.pl011)
		power_off(); /* nothing to print with */
	con_init(dt.pl011);
	uint64_t el = FIELD(read_sysreg(CurrentEL), 3, 2);
	con_printf("l1: guest hypervisor (" L1_KIND ") running, CurrentEL=EL%lu, DTB at 0x%lx, "
		   "PSCI via %s\n",
		   el, dtb, dt.psci_hvc ? "hvc" : "smc");
	CHECK_EQ("HCR_EL2.E2H", read_sysreg(hcr_el2) & HCR_E2H, HCR_BASE);
	print_modules();
	CHECK_EQ("CurrentEL", el, 2);
	uint64_t vbar = read_sysreg(vbar_el2);
	CHECK_EQ("VBAR_EL2", vbar, (uint64_t)(uintptr_t)l1_vectors);
	el2_register_rounds();
	con_printf("l1: %u rounds of 6 EL2 register writes + reads checked\n", ROUNDS);
	uint64_t v = psci(PSCI_VERSION, 0);
	con_printf("l1: PSCI version %lu.%lu\n", v >> 16, v & 0xffff);
	CHECK_EQ("PSCI_FEATURES(SYSTEM_OFF)", psci(PSCI_FEATURES, PSCI_SYSTEM_OFF), 0);
	run_l2();
}
