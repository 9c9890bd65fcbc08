// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// A minimal guest hypervisor (L1), written as a normal EL2 program for real hardware:
// no paravirtual calls. Under the example L0 it runs at virtual EL2. It prints through
// the PL011 found in its DTB, checks that it believes it is at EL2, programs and reads
// back EL2 registers (under FEAT_NV2 these go to the VNCR page without trapping; under
// FEAT_NV each one traps to L0) and asks PSCI for its version. It runs with its own
// EL2 stage-1 on (identity map, caches on, an alias mapping checked: el2_mmu_on).
//
// Then it runs the L2 payload (examples/l2, embedded) like any hypervisor would: its
// own stage-2 for L2 (L2 RAM, the PL011 page passed through, a small emulated device
// left unmapped), its own vectors (VBAR_EL2 + 0x400 takes L2's exits, + 0x480 its
// interrupts), HCR_EL2 for the guest (IMO/FMO: L2's interrupts come here), and ERET.
// It answers L2's hypercalls, emulates the device on stage-2 data aborts, forwards the
// EL1 virtual timer interrupt to L2 through list register 0 with HW=1 (EOImode 1: L2's
// EOI deactivates it), sends L2 software interrupts through list register 1 with EOI
// maintenance, takes and checks its GIC maintenance interrupts (underflow, EOI: ICH_MISR,
// ICH_EISR, ICH_ELRSR), runs L2 with a virtual offset (CNTVOFF_EL2) and a tick of its own
// on its EL2 physical timer (and EL2 virtual timer when VHE) while L2's timer runs, and
// powers off with PSCI SYSTEM_OFF (via its DTB's conduit) when L2 asks for it.
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
#define HCR_E2H	 (1ull << 34)
#define HCR_TWI	 (1ull << 13)
#define HCR_TID3 (1ull << 18)
/* FEAT_FGT: HFGRTR_EL2 bit 28 traps REVIDR_EL1 reads; what we tell the guest it reads. */
#define HFGRTR_EL2	  S3_4_C1_C1_4
#define HFGRTR_REVIDR_EL1 (1ull << 28)
#define L1_REVIDR	  0x4c31ull
#if L1_VHE
#define HCR_BASE   HCR_E2H
#define EXC_REG(r) r##_el1
#define L1_KIND	   "VHE"
#else
#define HCR_BASE   0ull
#define EXC_REG(r) r##_el2
#define L1_KIND	   "non-VHE"
#endif
/* The EL2 stage-1 registers, by the names the flavour uses (E2H=1: EL1 names). */
#define S1_REG(r) EXC_REG(r)

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
void l1_self_sync(struct l1_frame *f);

static struct dt_info dt;
static bool bootarg(const char *args, const char *word);
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
#define S2_POOL	       7

static uint64_t s2_pool[S2_POOL][ENTRIES] __attribute__((aligned(GRANULE)));
static unsigned s2_used;

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* MMU off or identity map: addresses are L1 IPAs */
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
	unsigned swi, maint_u, maint_eoi; /* software interrupts, maintenance interrupts */
	unsigned hw_deact;		  /* timer interrupts L2 deactivated through the HW=1 LR0 */
	bool swi_busy;			  /* list register 1 holds a software interrupt */
	unsigned wfi, idregs, revidr, other_traps; /* traps we asked for (TWI, TID3, FGT), others */
	/* The underflow maintenance interrupt with the maintenance PPI disabled in our
	 * redistributor: seen by polling GICR_ISPENDR0 (poll: 1 armed, 2 done), never as an IRQ. */
	unsigned maint_poll, maint_polled_irqs;
	bool fgt; /* FEAT_FGT: we trap REVIDR_EL1 reads */
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
 * otherwise L2 keeps reading the old page. With x2 = 1 L2 asks for the range form: if our
 * ID_AA64ISAR0_EL1.TLB [59:56] says FEAT_TLBIRANGE (2), we invalidate with TLBI RIPAS2E1IS
 * (2 granules from the page: SCALE 0, NUM 0; TTL 3: a level-3 leaf) and return 1.
 */
static uint64_t l2_remap(uint64_t ipa, uint64_t want_range)
{
	bool range = want_range == 1 && FIELD(read_sysreg(id_aa64isar0_el1), 59, 56) >= 2;
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
	if (range) {
		/* TG [47:46]: 1 4K, 2 16K, 3 64K; BaseADDR [36:0] in granules (VTCR_EL2.DS = 0) */
		uint64_t tg = L1_S2_GRANULE == 12 ? 1 : L1_S2_GRANULE == 14 ? 2 : 3;
		uint64_t xt = tg << 46 | 3ull << 37 | page >> L1_S2_GRANULE;
		/* TLBI RIPAS2E1IS (op1=4, CRn=8, CRm=0, op2=2), by its encoding for old assemblers
		 */
		__asm__ volatile("sys #4, c8, c0, #2, %0" ::"r"(xt) : "memory");
	} else {
		__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(page >> 12) : "memory");
	}
	dsb(ish);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	*leaf = pa | S2_PAGE_NORMAL;
	dsb(ish);
	isb();
	l2st.remaps++;
	return range ? 1 : 0;
}

/* GICv3 CPU interface and list registers by their generic names (the assembler's
 * names for them vary between binutils versions). */
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICH_VTR_EL2	S3_4_C12_C11_1
#define ICH_MISR_EL2	S3_4_C12_C11_2
#define ICH_EISR_EL2	S3_4_C12_C11_3
#define ICH_ELRSR_EL2	S3_4_C12_C11_5
#define ICH_VMCR_EL2	S3_4_C12_C11_7
#define ICH_LR0_EL2	S3_4_C12_C12_0
#define ICH_LR1_EL2	S3_4_C12_C12_1
#define ICH_HCR_EN	(1ull << 0)
#define ICH_HCR_UIE	(1ull << 1)
#define ICH_MISR_EOI	(1ull << 0)
#define ICH_MISR_U	(1ull << 1)
#define ICH_LR_EOI	(1ull << 41)
#define ICH_LR_HW	(1ull << 61)
#define VTIMER_INTID	27 /* EL1 virtual timer PPI (QEMU virt; a real L1 reads its DTB) */
#define MAINT_INTID	25 /* GIC maintenance interrupt PPI (likewise) */
/* With each of its first L2_SWIS timer interrupts L2 also gets a software interrupt
 * (vINTID SWI_INTID, an SGI number) through list register 1, with EOI maintenance. */
#define L2_SWIS	      4
#define SWI_INTID     1
#define HTIMER_INTID  26 /* EL2 physical timer PPI (likewise) */
#define HVTIMER_INTID 28 /* EL2 virtual timer PPI (FEAT_VHE; likewise) */

/*
 * Our GIC distributor and redistributor (the DTB's "arm,gic-v3" node; QEMU's or the one a
 * host hypervisor emulates for us): affinity routing and Group 1 on, our redistributor
 * awake, and the PPIs we use in Group 1 at priority 0xa0, enabled: the maintenance
 * interrupt, our EL2 physical and virtual timers, the EL1 virtual timer we hand to L2.
 */
#define GICD_CTLR	 0x0000
#define GICR_WAKER	 0x0014
#define GICR_SGI	 0x10000
#define GICR_IGROUPR0	 (GICR_SGI + 0x080)
#define GICR_ISENABLER0	 (GICR_SGI + 0x100)
#define GICR_ICENABLER0	 (GICR_SGI + 0x180)
#define GICR_ISPENDR0	 (GICR_SGI + 0x200)
#define GICR_IPRIORITYR0 (GICR_SGI + 0x400)
#define L1_PPIS		 ((1u << 25) | (1u << 26) | (1u << 27) | (1u << 28))
#define L1_PPI_PRIORITY	 0xa0

static uint32_t gic_r32(uint64_t a)
{
	return *(volatile uint32_t *)(uintptr_t)a;
}

static void gic_w32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)a = v;
	dsb(sy);
}

static void gic_init(void)
{
	unsigned spins = 0;

	if (!dt.gicd || !dt.gicr) {
		con_puts("l1: FAILED: no arm,gic-v3 node in the DTB\n");
		failures++;
		return;
	}
	gic_w32(dt.gicd + GICD_CTLR, (1u << 4) | (1u << 1)); /* ARE, EnableGrp1 (DS=1) */
	gic_w32(dt.gicr + GICR_WAKER, gic_r32(dt.gicr + GICR_WAKER) & ~(1u << 1));
	while ((gic_r32(dt.gicr + GICR_WAKER) & (1u << 2)) && ++spins < 1000000)
		;
	gic_w32(dt.gicr + GICR_IGROUPR0, gic_r32(dt.gicr + GICR_IGROUPR0) | L1_PPIS);
	for (unsigned n = 25; n <= 28; n++)
		*(volatile uint8_t *)(uintptr_t)(dt.gicr + GICR_IPRIORITYR0 + n) = L1_PPI_PRIORITY;
	gic_w32(dt.gicr + GICR_ISENABLER0, L1_PPIS);
	CHECK_EQ("GICR_ISENABLER0 (our PPIs)", gic_r32(dt.gicr + GICR_ISENABLER0) & L1_PPIS,
		 L1_PPIS);
}

/*
 * Our own ticks on our EL2 timers while L2 runs its virtual timer (as Xen's scheduler
 * tick does): from L2's first timer interrupt on, each timer gives `n` interrupts
 * `ns` apart, each re-armed at the next absolute compare value by a CVAL write alone. The EL2
 * physical timer is CNTHP_*_EL2 to a non-VHE hypervisor; with E2H=1 the EL0 physical timer names
 * reach it, and the EL0 virtual timer names reach the EL2 virtual timer (CNTHV, which counts the
 * physical count: CNTVOFF_EL2 is L2's). L0 backs each with a hardware EL1 timer while we run and
 * emulates it while L2 runs.
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

/* Re-arm timer @i with a new compare value only: the timer condition is evaluated against
 * the new CVAL (Arm ARM D12 "timer condition met"), no CTL write is needed. */
static void tick_rearm(unsigned i, uint64_t cval)
{
#if L1_VHE
	if (i) {
		write_sysreg(cntv_cval_el0, cval);
		isb();
		return;
	}
#endif
	(void)i;
	write_sysreg_s(HTIMER_CVAL, cval);
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
		if (t->ticks < t->n)
			tick_rearm(i, t->next); /* CVAL alone: CTL stays ENABLE */
		else
			tick_set(i, t->next, 0);
		return true;
	}
	return false;
}

/*
 * AT S12E1R/W on L2's addresses before L2 first runs, as a hypervisor reads its guest's
 * memory (Xen's copy_from_guest). L2's MMU is off (SCTLR_EL1 at reset), so stage 1 is the
 * identity and PAR_EL1 is our stage-2's answer: a mapped RAM address gives its backing,
 * a write to a read-only page a stage-2 permission fault at level 3 (PAR_EL1.S = 1, FST
 * 0b001111), L2_DEV (never mapped) a stage-2 translation fault at the first level whose
 * entry is empty: level 2 with 4K and 16K tables, level 3 with 64K (one level-2 entry
 * covers both the UART and L2_DEV). Under the example L0 these trap; L0's shadow stage-2
 * is still empty, so the answers come from nvarm_s2mmu_translate() over our tables.
 */
#define L2_AT_RO       (L2_RAM + L2_RAM_SIZE) /* read-only alias of L2's first page */
#define S2_PAGE_RO     (3ull | (0xfull << 2) | (1ull << 6) | (3ull << 8) | (1ull << 10))
#define DEV_FAULT_LVL  (L1_S2_GRANULE == 16 ? 3u : 2u)
#define PAR_FST(par)   FIELD(par, 6, 1)
#define PAR_S_PTW(par) FIELD(par, 9, 8) /* S [9], PTW [8] */

static uint64_t at_s12e1(bool write, uint64_t va)
{
	if (write)
		__asm__ volatile("at s12e1w, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s12e1r, %0" ::"r"(va) : "memory");
	isb();
	return read_sysreg(par_el1);
}

static void at_s12_check(uint64_t backing)
{
	uint64_t ok = at_s12e1(false, L2_RAM + 0x1234);
	uint64_t okw = at_s12e1(true, L2_AT_RO - GRANULE + 0x10);
	uint64_t ro = at_s12e1(true, L2_AT_RO + 8);
	uint64_t dev = at_s12e1(false, L2_DEV + 0x20);

	CHECK_EQ("AT S12E1R L2 RAM: PAR_EL1.F", ok & 1, 0);
	CHECK_EQ("AT S12E1R L2 RAM: PAR_EL1.PA", FIELD(ok, 47, 12) << 12,
		 (backing + 0x1234) & ~0xfffull);
	CHECK_EQ("AT S12E1W L2 RAM: PAR_EL1.F", okw & 1, 0);
	CHECK_EQ("AT S12E1W L2 RAM: PAR_EL1.PA", FIELD(okw, 47, 12) << 12,
		 (backing + L2_RAM_SIZE - GRANULE + 0x10) & ~0xfffull);
	CHECK_EQ("AT S12E1W read-only: PAR_EL1.F", ro & 1, 1);
	CHECK_EQ("AT S12E1W read-only: PAR_EL1.S/PTW", PAR_S_PTW(ro), 2);
	CHECK_EQ("AT S12E1W read-only: PAR_EL1.FST", PAR_FST(ro), 0x0c + 3);
	CHECK_EQ("AT S12E1R unmapped: PAR_EL1.F", dev & 1, 1);
	CHECK_EQ("AT S12E1R unmapped: PAR_EL1.S/PTW", PAR_S_PTW(dev), 2);
	CHECK_EQ("AT S12E1R unmapped: PAR_EL1.FST", PAR_FST(dev), 0x04 + DEV_FAULT_LVL);
	con_printf("l1: AT S12E1R/W checked: L2 RAM -> PAR_EL1 0x%lx, write to read-only -> "
		   "FST 0x%lx, L2_DEV -> FST 0x%lx (stage 2)\n",
		   ok, PAR_FST(ro), PAR_FST(dev));
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
	s2_map_page(root, L2_AT_RO, backing, S2_PAGE_RO);

	/* VTCR_EL2: RES1 bit 31, PS=40 bits, TG0, SH0 inner, WB walks, SL0, T0SZ=25. */
	write_sysreg(vtcr_el2, (1ull << 31) | (2ull << 16) | (VTCR_TG0 << 14) | (3ull << 12) |
				   (1ull << 10) | (1ull << 8) | (VTCR_SL0 << 6) | (64 - IPA_BITS));
	write_sysreg(vttbr_el2, pa_of(root) | (1ull << 48));
	/* HCR_EL2: RW (AArch64 guest), VM (stage-2 on), TSC (guest SMCs trap to us),
	 * IMO/FMO (the guest's physical interrupts come to us; it gets virtual ones),
	 * TID3 (we emulate the guest's ID registers), TWI (the guest's first WFI comes
	 * to us: l2_wfi). */
	write_sysreg(hcr_el2, HCR_BASE | (1ull << 31) | (1ull << 0) | (1ull << 19) | (1ull << 4) |
				  (1ull << 3) | HCR_TID3 | HCR_TWI);
	/* With FEAT_FGT (ID_AA64MMFR0_EL1.FGT [59:56]) we show the guest our own REVIDR_EL1:
	 * a fine-grained trap of that register alone. */
	l2st.fgt = FIELD(read_sysreg(id_aa64mmfr0_el1), 59, 56) != 0;
	if (l2st.fgt)
		write_sysreg_s(HFGRTR_EL2, HFGRTR_REVIDR_EL1);
	/* Our own CPU interface: all priorities, group 1 on. The guest's: list registers
	 * on (ICH_HCR_EL2.En), its VMCR as at reset. */
	gic_init();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	/* EOImode 1: EOIR drops the priority, DIR deactivates; the timer interrupt is not
	 * deactivated here but by L2, through an HW=1 list register. */
	write_sysreg_s(ICC_CTLR_EL1, read_sysreg_s(ICC_CTLR_EL1) | 2);
	write_sysreg_s(ICH_VMCR_EL2, 0);
	/* List register 1 must exist (L2's software interrupts). */
	uint64_t vtr = read_sysreg_s(ICH_VTR_EL2);
	con_printf("l1: ICH_VTR_EL2 0x%lx: %lu list registers, %lu priority bits\n", vtr,
		   (vtr & 0x1f) + 1, FIELD(vtr, 31, 29) + 1);
	CHECK_EQ("ICH_VTR_EL2.ListRegs >= 1", (vtr & 0x1f) >= 1, 1);
	/* UIE: the underflow maintenance condition as soon as L2 runs (at most one valid
	 * LR), with the maintenance PPI disabled (maint_poll: seen pending at L2's first
	 * WFI, then ICH_MISR_EL2.U checked and UIE turned off). */
	if (bootarg(dt.bootargs, "l1.maint_poll=off")) {
		/* a host whose vGIC cannot hold a disabled maintenance PPI pending (Linux KVM's
		 * nested vGIC re-raises it at each entry): the PPI stays enabled, UIE taken as
		 * an IRQ */
		l2st.maint_poll = 0;
		con_printf("l1: maintenance polling check off (l1.maint_poll=off)\n");
	} else {
		gic_w32(dt.gicr + GICR_ICENABLER0, 1u << MAINT_INTID);
		l2st.maint_poll = 1;
	}
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN | ICH_HCR_UIE);
	dsb(ish);
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(ish);
	isb();
	at_s12_check(backing);
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

/*
 * The GIC maintenance interrupt: why is in ICH_MISR_EL2. Underflow (UIE set at the first
 * entry into L2): switch UIE off. EOI (L2 deactivated a software interrupt sent with
 * LR.EOI = 1): ICH_EISR_EL2 names list register 1, which L1 then frees.
 */
static void maintenance(void)
{
	uint64_t misr = read_sysreg_s(ICH_MISR_EL2), hcr = read_sysreg_s(ICH_HCR_EL2);

	if (hcr & ICH_HCR_UIE) {
		CHECK_EQ("ICH_MISR_EL2 (underflow)", misr, ICH_MISR_U);
		write_sysreg_s(ICH_HCR_EL2, hcr & ~ICH_HCR_UIE);
		l2st.maint_u++;
		return;
	}
	CHECK_EQ("ICH_MISR_EL2 (EOI)", misr, ICH_MISR_EOI);
	CHECK_EQ("ICH_EISR_EL2", read_sysreg_s(ICH_EISR_EL2), 2);
	CHECK_EQ("ICH_ELRSR_EL2 bit 1 (LR1 waits for EOI maintenance)",
		 read_sysreg_s(ICH_ELRSR_EL2) & 2, 0);
	CHECK_EQ("ICH_LR1_EL2 (invalid, EOI)", read_sysreg_s(ICH_LR1_EL2) >> 62, 0);
	write_sysreg_s(ICH_LR1_EL2, 0);
	l2st.swi_busy = false;
	CHECK_EQ("ICH_EISR_EL2 after freeing LR1", read_sysreg_s(ICH_EISR_EL2), 0);
	CHECK_EQ("ICH_ELRSR_EL2 bit 1 after freeing LR1", read_sysreg_s(ICH_ELRSR_EL2) & 2, 2);
	l2st.maint_eoi++;
}

/*
 * L2 first runs with our maintenance PPI disabled in our redistributor (ICENABLER0) and the
 * underflow maintenance condition on (ICH_HCR_EL2.UIE, no valid list register): the
 * interrupt is pending but not forwarded, so no IRQ reaches us while L2 makes its 64
 * hypercalls. At L2's first WFI (trapped) we read GICR_ISPENDR0: the maintenance interrupt
 * is pending; we handle it as the interrupt handler would (UIE off), see the pending state
 * go (the level dropped with ICH_MISR_EL2.U) and enable the PPI again.
 */
static void maint_poll(void)
{
	uint32_t pend;

	if (l2st.maint_poll != 1)
		return;
	pend = gic_r32(dt.gicr + GICR_ISPENDR0);
	CHECK_EQ("GICR_ISPENDR0 maintenance bit (disabled, condition held)",
		 pend & (1u << MAINT_INTID), 1u << MAINT_INTID);
	maintenance();
	CHECK_EQ("GICR_ISPENDR0 maintenance bit after ICH_LR1_EL2 freed",
		 gic_r32(dt.gicr + GICR_ISPENDR0) & (1u << MAINT_INTID), 0);
	gic_w32(dt.gicr + GICR_ISENABLER0, 1u << MAINT_INTID);
	l2st.maint_poll = 2;
	con_printf("l1: maintenance interrupt with its PPI disabled: pending in GICR_ISPENDR0 "
		   "(0x%x), no IRQ (%u taken), handled by polling\n",
		   pend, l2st.maint_polled_irqs);
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
	if (intid == MAINT_INTID && l2st.maint_poll == 1)
		l2st.maint_polled_irqs++; /* must not happen: disabled in our redistributor */
	if (intid == MAINT_INTID)
		maintenance();
	if (intid == VTIMER_INTID) {
		/* The previous one: L2's deactivation through the HW=1 LR retired it. */
		if (l2st.timer) {
			CHECK_EQ("ICH_LR0_EL2 after L2's deactivation", read_sysreg_s(ICH_LR0_EL2),
				 ICH_LR_HW | (1ull << 60) | (0xa0ull << 48) |
				     ((uint64_t)intid << 32) | intid);
			l2st.hw_deact++;
		}
		/* Pending, HW=1 with pINTID = the timer (still active for us: EOImode 1),
		 * Group 1, priority 0xa0: L2's EOI deactivates it. */
		write_sysreg_s(ICH_LR0_EL2, (1ull << 62) | ICH_LR_HW | (1ull << 60) |
						(0xa0ull << 48) | ((uint64_t)intid << 32) | intid);
		l2st.timer++;
		if (l2st.swi < L2_SWIS && !l2st.swi_busy) {
			/* Pending, Group 1, priority 0x90, EOI maintenance. */
			write_sysreg_s(ICH_LR1_EL2, (1ull << 62) | (1ull << 60) | (0x90ull << 48) |
							ICH_LR_EOI | SWI_INTID);
			l2st.swi++;
			l2st.swi_busy = true;
		}
		if (!l1_ticks[0].period) {
			l2_timer_check();
			ticks_start(); /* L2's timer runs: start ours */
		}
	} else {
		tick_irq(intid);
	}
	write_sysreg_s(ICC_EOIR1_EL1, iar);
	if (intid != VTIMER_INTID)
		write_sysreg_s(ICC_DIR_EL1, iar);
}

static void l2_cntkctl_check(void);

/*
 * L2's WFI, trapped by our HCR_EL2.TWI: a real hypervisor would switch to another vCPU
 * until an interrupt is due; we count it, step over it and stop trapping WFI (so the
 * guest's timer wait really waits). A WFE (we never set TWE) must not come here.
 */
static void l2_wfx(uint64_t esr)
{
	if (FIELD(esr, 1, 0) != 0) {
		l2st.other_traps++;
		con_printf("l1: FAILED: L2 WFx trap we did not ask for (ESR_EL2=0x%lx)\n", esr);
		failures++;
	} else {
		l2st.wfi++;
		write_sysreg(hcr_el2, read_sysreg(hcr_el2) & ~HCR_TWI);
		l2_cntkctl_check(); /* L2 wrote it before its WFI */
		maint_poll();
	}
	write_sysreg_s(EXC_REG(elr), read_sysreg_s(EXC_REG(elr)) + 4);
}

/*
 * L2's ID register read, trapped by our HCR_EL2.TID3, or REVIDR_EL1 read, trapped by our
 * HFGRTR_EL2 (EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0] = read). We show the guest ID_AA64PFR0_EL1 with EL0/EL1
 * AArch64-only and no EL2/EL3 (the guest cannot nest), the rest of the feature fields as
 * our own; the other ID registers read as zero; REVIDR_EL1 as L1_REVIDR.
 */
static void l2_sysreg(struct l1_frame *f, uint64_t esr)
{
	unsigned op0 = (unsigned)FIELD(esr, 21, 20), op2 = (unsigned)FIELD(esr, 19, 17);
	unsigned op1 = (unsigned)FIELD(esr, 16, 14), crn = (unsigned)FIELD(esr, 13, 10);
	unsigned rt = (unsigned)FIELD(esr, 9, 5), crm = (unsigned)FIELD(esr, 4, 1);
	bool id_space = op0 == 3 && op1 == 0 && crn == 0 && FIELD(esr, 0, 0);
	bool revidr = id_space && crm == 0 && op2 == 6;
	uint64_t v = 0;

	if (!id_space || (crm == 0 && !(revidr && l2st.fgt))) {
		con_printf("l1: L2 system register trap we did not ask for: ESR=0x%lx\n", esr);
		l1_exception(8, esr, read_sysreg_s(EXC_REG(elr)), 0);
	}
	if (revidr) {
		v = L1_REVIDR;
		l2st.revidr++;
	} else {
		if (crm == 4 && op2 == 0) /* ID_AA64PFR0_EL1 */
			v = (read_sysreg(id_aa64pfr0_el1) & ~0xffffull) | 0x0011;
		l2st.idregs++;
	}
	if (rt != 31)
		f->x[rt] = v;
	write_sysreg_s(EXC_REG(elr), read_sysreg_s(EXC_REG(elr)) + 4);
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
		CHECK_EQ("underflow maintenance interrupts", l2st.maint_u, 1);
		CHECK_EQ("EOI maintenance interrupts", l2st.maint_eoi, l2st.swi);
		if (l2st.maint_poll) {
			CHECK_EQ("maintenance interrupt seen by polling", l2st.maint_poll, 2);
			CHECK_EQ("maintenance IRQs while disabled", l2st.maint_polled_irqs, 0);
		}
		CHECK_EQ("timer interrupts deactivated by L2 (HW=1)", l2st.hw_deact + 1,
			 l2st.timer);
		con_printf(
		    "l1: timer forwarded to L2 with HW=1 (pINTID %u): %u deactivations by L2 "
		    "seen in ICH_LR0_EL2\n",
		    VTIMER_INTID, l2st.hw_deact);
		con_printf("l1: maintenance interrupts checked: %u underflow (ICH_MISR_EL2.U), %u "
			   "EOI (ICH_MISR_EL2.EOI, ICH_EISR_EL2=0x2) for %u software interrupts\n",
			   l2st.maint_u, l2st.maint_eoi, l2st.swi);
		con_printf("l1: traps we asked for: %u WFI (TWI), %u ID register read(s) (TID3), "
			   "%u REVIDR_EL1 read(s) (FGT), %u we did not ask for\n",
			   l2st.wfi, l2st.idregs, l2st.revidr, l2st.other_traps);
		CHECK_EQ("L2 WFI traps (TWI, first WFI only)", l2st.wfi, 1);
		CHECK_EQ("L2 ID register traps (TID3)", l2st.idregs, 1);
		CHECK_EQ("L2 REVIDR_EL1 traps (FGT)", l2st.revidr, l2st.fgt ? 1 : 0);
		con_printf("l1: verdict: %s\n", failures ? "FAIL" : "PASS");
		con_puts("l1: PSCI SYSTEM_OFF\n");
		power_off();
	} else if (ec == 0x17) {
		/* SMC trapped by TSC: ELR_EL2 is the SMC itself (Arm ARM D1.4.3). */
		f->x[0] = f->x[0] == L2_SMC_REMAP ? l2_remap(f->x[1], f->x[2])
						  : (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
		write_sysreg_s(EXC_REG(elr), read_sysreg_s(EXC_REG(elr)) + 4);
	} else if (ec == 0x16 && (f->x[0] & ~0xffull) == 0x4b000000u) {
		f->x[0] = 2 * f->x[1] + 1;
		l2st.hvc++;
	} else if (ec == 0x16) {
		f->x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	} else if (ec == 0x24) {
		l2_mmio(f, esr);
	} else if (ec == 0x01) {
		l2_wfx(esr);
	} else if (ec == 0x18) {
		l2_sysreg(f, esr);
	} else {
		l1_exception(8, esr, read_sysreg(elr_el2), read_sysreg(far_el2));
	}
}

/* ------------------------------------------------------- L1's own EL2 stage-1 */

/*
 * L1 turns on its own EL2 stage-1 as a hypervisor on real hardware does: an identity map
 * of its RAM (the DTB memory node; Normal write-back) and the PL011 page (Device), in the
 * same granule as its stage-2 for L2, 39-bit VAs, caches on. Non-VHE: MAIR_EL2, TCR_EL2
 * (EL2 format: PS, one VA range), TTBR0_EL2, SCTLR_EL2. VHE: the same registers through
 * their EL1 names, which E2H=1 redirects (TCR in the EL1 format: IPS, EPD1 for no TTBR1).
 * Under the example L0 these become the hardware EL1 registers through nvarm's EL2->EL1
 * shadow (translated for non-VHE): an alias mapping, read and written, proves that
 * translation really runs (without it the alias VA is an unmapped IPA).
 */
#define S1_START_LEVEL START_LEVEL		     /* 39-bit VAs start where 39-bit IPAs do */
#define S1_POOL	       (L1_S2_GRANULE == 16 ? 4 : 8) /* 64K: ADR reaches 1M of image */
#define S1_BLOCK       (1ull << (L1_S2_GRANULE + STRIDE)) /* a level-2 block */
#define S1_TABLE       3ull
#define S1_PAGE	       3ull
#define S1_BLK	       1ull
#define S1_AF	       (1ull << 10)
#define S1_SH_INNER    (3ull << 8)
#define S1_NORMAL      ((1ull << 2) | S1_SH_INNER | S1_AF) /* AttrIndx 1 */
#if L1_VHE
#define S1_DEVICE (S1_AF | (1ull << 53) | (1ull << 54)) /* AttrIndx 0, PXN, UXN */
#else
#define S1_DEVICE (S1_AF | (1ull << 54)) /* AttrIndx 0, XN */
#endif
#define S1_MAIR	    0xff00ull	 /* attr0 Device-nGnRnE, attr1 Normal WB RAWA */
#define S1_ALIAS_VA (1ull << 38) /* an L1 VA that no IPA backs */
#define SCTLR_M_C_I ((1ull << 0) | (1ull << 2) | (1ull << 12))
#if L1_VHE
#define S1_SCTLR 0x30d00800ull /* SCTLR_EL1-format RES1 bits (E2H=1) */
/* IPS 40 bits, TG1 4K, EPD1, T1SZ 25, TG0, inner-shareable write-back walks, T0SZ 25 */
#define S1_TCR                                                                                     \
	((2ull << 32) | (2ull << 30) | (1ull << 23) | (25ull << 16) | (VTCR_TG0 << 14) |           \
	 (3ull << 12) | (1ull << 10) | (1ull << 8) | 25ull)
#else
#define S1_SCTLR 0x30c50830ull /* SCTLR_EL2 (E2H=0) RES1 bits */
/* RES1 31 and 23, PS 40 bits, TG0, inner-shareable write-back walks, T0SZ 25 */
#define S1_TCR                                                                                     \
	((1ull << 31) | (1ull << 23) | (2ull << 16) | (VTCR_TG0 << 14) | (3ull << 12) |            \
	 (1ull << 10) | (1ull << 8) | 25ull)
#endif

static uint64_t s1_pool[S1_POOL][ENTRIES] __attribute__((aligned(GRANULE)));
static uint64_t s1_alias_page[ENTRIES] __attribute__((aligned(GRANULE)));
static unsigned s1_used;

static uint64_t *s1_alloc(void)
{
	if (s1_used == S1_POOL) {
		con_puts("l1: stage-1 table pool exhausted\n");
		l1_exception(0, 0, 0, 0);
	}
	return s1_pool[s1_used++];
}

/* Map [va, va + size) to pa: level-2 blocks where both are aligned, granule pages else. */
static void s1_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	for (uint64_t end = va + size; va < end;) {
		bool block =
		    !(va & (S1_BLOCK - 1)) && !(pa & (S1_BLOCK - 1)) && end - va >= S1_BLOCK;
		int leaf = block ? 2 : 3;
		uint64_t *t = root;
		for (int level = S1_START_LEVEL; level < leaf; level++) {
			unsigned shift = L1_S2_GRANULE + STRIDE * (unsigned)(3 - level);
			unsigned idx = (unsigned)(va >> shift) & (ENTRIES - 1);
			if (!(t[idx] & 1))
				t[idx] = pa_of(s1_alloc()) | S1_TABLE;
			t = (uint64_t *)(uintptr_t)(t[idx] & 0x0000ffffffffffffull &
						    ~(GRANULE - 1));
		}
		unsigned shift = L1_S2_GRANULE + (block ? STRIDE : 0);
		t[(va >> shift) & (ENTRIES - 1)] = pa | attrs | (block ? S1_BLK : S1_PAGE);
		va += 1ull << shift;
		pa += 1ull << shift;
	}
}

/* The alias and the identity mapping reach the same page, both ways. */
static void s1_alias_check(uint64_t round)
{
	volatile uint64_t *direct = s1_alias_page, *alias = (volatile uint64_t *)S1_ALIAS_VA;
	const uint64_t tag = 0x6e76726d73316100ull | round << 4;

	direct[1] = tag | 1;
	CHECK_EQ("stage-1 alias read", alias[1], tag | 1);
	alias[2] = tag | 2;
	CHECK_EQ("stage-1 alias write", direct[2], tag | 2);
}

static void el2_mmu_on(void)
{
	uint64_t *root = s1_alloc();
	uint64_t ram = dt.mem_base & ~(GRANULE - 1);
	uint64_t ram_end = (dt.mem_base + dt.mem_size + GRANULE - 1) & ~(GRANULE - 1);

	if (!dt.mem_size || pa_of(_head) < ram || pa_of(_head) >= ram_end) {
		con_printf("l1: no usable memory node (0x%lx+0x%lx)\n", dt.mem_base, dt.mem_size);
		l1_exception(0, 0, 0, 0);
	}
	s1_map(root, ram, ram, ram_end - ram, S1_NORMAL);
	s1_map(root, dt.pl011 & ~(GRANULE - 1), dt.pl011 & ~(GRANULE - 1), GRANULE, S1_DEVICE);
	if (dt.gicd && dt.gicr) { /* GICD 64K, our redistributor's RD and SGI frames */
		s1_map(root, dt.gicd, dt.gicd, 0x10000, S1_DEVICE);
		s1_map(root, dt.gicr, dt.gicr, 0x20000, S1_DEVICE);
	}
	s1_map(root, S1_ALIAS_VA, pa_of(s1_alias_page), GRANULE, S1_NORMAL);
	/* the tables were written with the MMU off: clean them to the point of coherency */
	for (unsigned i = 0; i < s1_used; i++)
		for (uint64_t a = pa_of(s1_pool[i]); a < pa_of(s1_pool[i]) + GRANULE; a += 64)
			__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(ish);
	write_sysreg_s(S1_REG(mair), S1_MAIR);
	write_sysreg_s(S1_REG(tcr), S1_TCR);
	write_sysreg_s(S1_REG(ttbr0), pa_of(root));
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg_s(S1_REG(sctlr), S1_SCTLR | SCTLR_M_C_I);
	isb();

	uint64_t sctlr = read_sysreg_s(S1_REG(sctlr));
	CHECK_EQ("SCTLR_EL2.{M,C,I}", sctlr & SCTLR_M_C_I, SCTLR_M_C_I);
	CHECK_EQ("TTBR0_EL2", read_sysreg_s(S1_REG(ttbr0)), pa_of(root));
	s1_alias_check(1);
	/* AT S1E2R through our own stage-1: PAR_EL1.PA is the alias page */
	__asm__ volatile("at s1e2r, %0" ::"r"(S1_ALIAS_VA) : "memory");
	isb();
	uint64_t par = read_sysreg(par_el1);
	CHECK_EQ("AT S1E2R PAR_EL1.F", par & 1, 0);
	CHECK_EQ("AT S1E2R PAR_EL1.PA", FIELD(par, 47, 12) << 12, pa_of(s1_alias_page));
	con_printf("l1: AT S1E2R 0x%llx -> PAR_EL1 0x%lx\n", S1_ALIAS_VA, par);
	con_printf("l1: EL2 MMU on (%lluK granule, %u tables, RAM 0x%lx+0x%lx identity, caches "
		   "on, alias VA 0x%llx checked)\n",
		   GRANULE >> 10, s1_used, ram, ram_end - ram, S1_ALIAS_VA);
}

/*
 * L2's EL1 registers at reset, set before its first ERET as a hypervisor does: SCTLR_EL1
 * (MMU off), CONTEXTIDR_EL1 and CPACR_EL1 (L2 checks both). Non-VHE: their EL1 names, which at
 * EL2 mean the guest's registers; VHE: the EL12 names. Under the example L0 we really run
 * at EL1, where these names are the registers holding our own EL2 state: L0 must trap
 * them (FEAT_NV: HCR_EL2.TVM/TRVM from nvarm_shadow_hcr_bits, CPTR_EL2.TCPAC from
 * nvarm_shadow_cptr_bits; EL12: NV) or NV2 must send them to the VNCR page, else the SCTLR
 * write would turn our own MMU off (the alias check after it catches that) and the CPACR
 * write would become our own CPTR_EL2.
 */
#if L1_VHE
#define L2_CNTKCTL_EL1	  S3_5_C14_C1_0 /* CNTKCTL_EL12 */
#define L2_SCTLR_EL1	  S3_5_C1_C0_0	/* SCTLR_EL12 */
#define L2_CPACR_EL1	  S3_5_C1_C0_2	/* CPACR_EL12 */
#define L2_CONTEXTIDR_EL1 S3_5_C13_C0_1 /* CONTEXTIDR_EL12 */
#define OWN_CPTR	  cpacr_el1	/* CPTR_EL2 through its E2H=1 name */
#else
#define L2_CNTKCTL_EL1	  cntkctl_el1
#define L2_SCTLR_EL1	  sctlr_el1
#define L2_CPACR_EL1	  cpacr_el1
#define L2_CONTEXTIDR_EL1 contextidr_el1
#define OWN_CPTR	  cptr_el2
#endif
#define L2_SCTLR_RESET 0x30d00800ull
#define L2_CONTEXTID   0x4c32ull   /* checked by L2 */
#define L2_CPACR       0x100000ull /* FPEN=01: FP traps at EL0 only; checked by L2 */
/* L2's CNTKCTL_EL1: EL0PTEN, EVNTI=0xa, EVNTEN, EL0VCTEN (checked by L2, which then writes
 * L2_CNTKCTL_BY_L2: EL0VTEN, EL0VCTEN, EL0PCTEN, checked here when L2 is done) */
#define L2_CNTKCTL	 0x2a6ull
#define L2_CNTKCTL_BY_L2 0x103ull

/*
 * The identification L2 reads from MIDR_EL1/MPIDR_EL1: VPIDR_EL2/VMPIDR_EL2 (Arm ARM: at EL1
 * those reads return them). Our own reads at EL2 keep returning the real values. VMPIDR_EL2
 * bit 31 is RES1: written 0, read 1 (read back after an SCTLR_EL2 read, which traps to a
 * FEAT_NV2 L0 too: the register lives in the VNCR page there and its reserved bits are applied
 * when the L0 sees the page again).
 */
#define L2_MIDR	  0x4e0fd4c2ull /* checked by L2 */
#define L2_MPIDR  0x00010203ull /* L2 reads it with bit 31 set */
#define MPIDR_R31 0x80000000ull

static void l2_ids_set(void)
{
	uint64_t midr = read_sysreg(midr_el1), mpidr = read_sysreg(mpidr_el1);

	write_sysreg(vpidr_el2, L2_MIDR);
	write_sysreg(vmpidr_el2, L2_MPIDR);
	isb();
	CHECK_EQ("VPIDR_EL2 read back", read_sysreg(vpidr_el2), L2_MIDR);
	/* Bit 31 is RES1: it may read 1 or the 0 written (QEMU natively keeps the 0; under
	 * NV2 the VNCR page holds what was stored), so only the other bits are checked. */
	CHECK_EQ("VMPIDR_EL2 read back (bit 31 RES1)", read_sysreg(vmpidr_el2) | MPIDR_R31,
		 L2_MPIDR | MPIDR_R31);
	CHECK_EQ("own MIDR_EL1 after VPIDR_EL2", read_sysreg(midr_el1), midr);
	CHECK_EQ("own MPIDR_EL1 after VMPIDR_EL2", read_sysreg(mpidr_el1), mpidr);
	con_printf("l1: VPIDR_EL2/VMPIDR_EL2 set for L2 (read back 0x%lx/0x%lx), own MIDR_EL1 "
		   "0x%lx, MPIDR_EL1 0x%lx unchanged\n",
		   read_sysreg(vpidr_el2), (uint64_t)(read_sysreg(vmpidr_el2) | MPIDR_R31),
		   read_sysreg(midr_el1), read_sysreg(mpidr_el1));
}

static void l2_el1_reset(void)
{
	uint64_t own_cptr = read_sysreg_s(OWN_CPTR), own_cnthctl = read_sysreg(cnthctl_el2);

	/* With E2H=0 CNTKCTL_EL1 is L2's register; with E2H=1 it is our CNTHCTL_EL2 and L2's is
	 * CNTKCTL_EL12 (Arm ARM CNTKCTL_EL1 accessibility). */
	write_sysreg_s(L2_CNTKCTL_EL1, L2_CNTKCTL);
	write_sysreg_s(L2_SCTLR_EL1, L2_SCTLR_RESET);
	write_sysreg_s(L2_CONTEXTIDR_EL1, L2_CONTEXTID);
	write_sysreg_s(L2_CPACR_EL1, L2_CPACR);
	isb();
	CHECK_EQ("L2's SCTLR_EL1", read_sysreg_s(L2_SCTLR_EL1), L2_SCTLR_RESET);
	CHECK_EQ("L2's CONTEXTIDR_EL1", read_sysreg_s(L2_CONTEXTIDR_EL1), L2_CONTEXTID);
	CHECK_EQ("L2's CPACR_EL1", read_sysreg_s(L2_CPACR_EL1), L2_CPACR);
	CHECK_EQ("own CPTR_EL2 after L2's CPACR_EL1", read_sysreg_s(OWN_CPTR), own_cptr);
	CHECK_EQ("L2's CNTKCTL_EL1", read_sysreg_s(L2_CNTKCTL_EL1), L2_CNTKCTL);
	CHECK_EQ("own CNTHCTL_EL2 after L2's CNTKCTL_EL1", read_sysreg(cnthctl_el2), own_cnthctl);
	CHECK_EQ("SCTLR_EL2.{M,C,I} after L2's SCTLR_EL1",
		 read_sysreg_s(S1_REG(sctlr)) & SCTLR_M_C_I, SCTLR_M_C_I);
	s1_alias_check(2);
	con_printf("l1: L2's SCTLR_EL1/CONTEXTIDR_EL1/CPACR_EL1 set, own EL2 MMU and CPTR_EL2 "
		   "unchanged\n");
	l2_ids_set();
}

/* L2's CNTKCTL_EL1 as L2 last wrote it (at its first WFI, L2 wrote it before). */
static void l2_cntkctl_check(void)
{
	CHECK_EQ("L2's CNTKCTL_EL1 as L2 wrote it", read_sysreg_s(L2_CNTKCTL_EL1),
		 L2_CNTKCTL_BY_L2);
	con_printf("l1: L2's CNTKCTL_EL1 read back as L2 wrote it: 0x%lx\n",
		   read_sysreg_s(L2_CNTKCTL_EL1));
}

/* Is @p word one of the space-separated words of @p args (/chosen bootargs)? */
static bool bootarg(const char *args, const char *word)
{
	for (const char *p = args; *p;) {
		unsigned i = 0;

		while (word[i] && p[i] == word[i])
			i++;
		if (!word[i] && (p[i] == ' ' || !p[i]))
			return true;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return false;
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

/*
 * A synchronous exception from vEL2 itself (VBAR_EL2 + 0x200). The only one L1 takes is
 * its own HVC (self_hvc_check): an HVC at EL2 is taken to EL2, so it must arrive here with
 * EC 0x16 and its immediate, ELR_EL2 past it. Anything else is a failure.
 */
static unsigned self_hvcs;
#define SELF_HVC_IMM 0x4e56
#define STR_(x)	     #x
#define XSTR(x)	     STR_(x)

void l1_self_sync(struct l1_frame *f)
{
	uint64_t esr = read_sysreg_s(EXC_REG(esr));

	if (FIELD(esr, 31, 26) != 0x16 || (esr & 0xffff) != SELF_HVC_IMM)
		l1_exception(4, esr, read_sysreg_s(EXC_REG(elr)), read_sysreg_s(EXC_REG(far)));
	f->x[0] = 0x600d;
	self_hvcs++;
}

static void self_hvc_check(void)
{
	register uint64_t x0 __asm__("x0") = 0;
	__asm__ volatile("hvc #" XSTR(SELF_HVC_IMM) : "+r"(x0)::"memory");
	CHECK_EQ("HVC at EL2 taken to EL2 (x0 from our handler)", x0, 0x600d);
	CHECK_EQ("HVC at EL2: exceptions taken", self_hvcs, 1);
	con_printf("l1: HVC #0x%x at EL2 taken by our own EL2 vector\n", SELF_HVC_IMM);
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
	el2_mmu_on();
	el2_register_rounds();
	con_printf("l1: %u rounds of 6 EL2 register writes + reads checked\n", ROUNDS);
	uint64_t v = psci(PSCI_VERSION, 0);
	con_printf("l1: PSCI version %lu.%lu\n", v >> 16, v & 0xffff);
	CHECK_EQ("PSCI_FEATURES(SYSTEM_OFF)", psci(PSCI_FEATURES, PSCI_SYSTEM_OFF), 0);
	self_hvc_check();
	l2_el1_reset();
	run_l2();
}
