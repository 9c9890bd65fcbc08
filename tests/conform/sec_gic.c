// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The vGIC as a guest hypervisor uses it (IHI 0069 GICv3, chapter 6 "Virtual interrupt
// handling and prioritization"): this image's own GIC (gic.c), a HW=0 interrupt injected
// into L2 through ICH_LR0_EL2 with EOI maintenance, the maintenance interrupt as this
// image's redistributor shows it and taken as an IRQ at EL2, the ICH_HCR_EL2 maintenance
// conditions in ICH_MISR_EL2, active priorities (ICH_AP1R0_EL2) with nested
// acknowledges, EOImode=1 with ICC_DIR_EL1, EOIcount, and the EL1 virtual timer PPI
// forwarded to L2 with an HW=1 list register.
#include "gic.h"
#include "regs.h"

#define HCR_IMO	     BIT(4)
#define ICH_EN	     BIT(0)
#define ICH_UIE	     BIT(1)
#define ICH_LRENPIE  BIT(2)
#define ICH_NPIE     BIT(3)
#define VMCR_VENG0   BIT(0)
#define VMCR_VENG1   BIT(1)
#define VMCR_VEOIM   BIT(9)
#define VMCR_VPMR(p) ((u64)(p) << 24)
#define NO_INTID     0xffffffffu

static volatile u64 l2buf[8];
static unsigned maint; /* the maintenance interrupt's INTID (DT) */

static u64 lr_rd(unsigned n)
{
	switch (n) {
	case 0:
		return rd(s3_4_c12_c12_0);
	case 1:
		return rd(s3_4_c12_c12_1);
	case 2:
		return rd(s3_4_c12_c12_2);
	default:
		return rd(s3_4_c12_c12_3);
	}
}

static void lr_wr(unsigned n, u64 v)
{
	switch (n) {
	case 0:
		wr(s3_4_c12_c12_0, v);
		break;
	case 1:
		wr(s3_4_c12_c12_1, v);
		break;
	case 2:
		wr(s3_4_c12_c12_2, v);
		break;
	default:
		wr(s3_4_c12_c12_3, v);
		break;
	}
	isb();
}

static void lrs_clear(void)
{
	for (unsigned n = 0; n < 4; n++)
		lr_wr(n, 0);
}

static void ich_set(u64 hcr, u64 vmcr)
{
	wr(R_ICH_VMCR_EL2, vmcr);
	wr(R_ICH_HCR_EL2, hcr);
	isb();
}

#define l2_hvc(n) __asm__ volatile("hvc #" #n ::: "memory")

/* L2: system register interface on, acknowledge one interrupt, EOI it, acknowledge again
 * (nothing left: 1023). */
static u64 l2_ack_eoi(u64 a)
{
	(void)a;
	wr(R_ICC_SRE_EL1, rd(R_ICC_SRE_EL1) | 1);
	isb();
	l2buf[0] = rd(R_ICC_SRE_EL1);
	u64 iar = rd(R_ICC_IAR1_EL1);
	l2buf[1] = iar;
	wr(R_ICC_EOIR1_EL1, iar);
	isb();
	l2buf[2] = rd(R_ICC_IAR1_EL1);
	return iar & 0xffffff;
}

/* The same, waiting (bounded) after its EOI until L1 sets l2buf[3] (at an exit): an
 * interrupt the EOI raises is taken by then, wherever exactly it arrives. */
static u64 l2_ack_eoi_wait(u64 a)
{
	(void)a;
	u64 iar = rd(R_ICC_IAR1_EL1);
	l2buf[1] = iar;
	wr(R_ICC_EOIR1_EL1, iar);
	isb();
	for (unsigned i = 0; i < 2000000u && !l2buf[3]; i++)
		__asm__ volatile("" ::: "memory");
	l2buf[2] = rd(R_ICC_IAR1_EL1);
	return iar & 0xffffff;
}

static const struct l2_config cfg_imo = {.granule_shift = 12, .e2h = 0, .hcr_extra = HCR_IMO};

/* An exit of L2 that is not its return. For an IRQ, ESR_EL2 is UNKNOWN and where L2
 * was interrupted is not architecturally fixed: the vector only (DDI 0487 D1.x ESR_ELx
 * is written by synchronous exceptions and SError only). */
static void t_l2exit(const char *what, const struct l2_exit *e)
{
	if (e->vector != 0)
		t_line("%s: L2 exit vector %d (%s)", what, e->vector,
		       e->vector == 1	? "IRQ"
		       : e->vector == 2 ? "FIQ"
					: "SError");
	else
		t_exit(what, e, c_base());
}

/* Run fn in L2; an exit other than its return is printed once and L2 resumed (bounded). */
static int run_to_end(const char *what, u64 (*fn)(u64), struct l2_exit *e)
{
	int rc = run_l2(&cfg_imo, fn, 0, e);
	for (int i = 0; rc == 1 && i < 3; i++) {
		if (i == 0)
			t_l2exit(what, e);
		rc = l2_resume(&cfg_imo, 0, e);
	}
	if (rc != 0)
		t_line("%s: L2 did not return (rc %d)", what, rc);
	return rc;
}

static void show_ich(const char *what)
{
	u64 lr0 = lr_rd(0), elrsr = rd(R_ICH_ELRSR_EL2), eisr = rd(R_ICH_EISR_EL2);
	u64 misr = rd(R_ICH_MISR_EL2);
	t_line("%s: ICH_LR0_EL2=0x%lx ICH_ELRSR_EL2[3:0]=0x%lx ICH_EISR_EL2=0x%lx "
	       "ICH_MISR_EL2=0x%lx",
	       what, (unsigned long)lr0, (unsigned long)(elrsr & 0xf), (unsigned long)eisr,
	       (unsigned long)misr);
}

static void clear_lr0(u32 id)
{
	(void)id;
	lr_wr(0, 0);
}

/* The same with the maintenance PPI enabled while L2 runs (HCR_EL2.IMO=1): L2's EOI
 * raises it and L2 exits with an IRQ; this image acknowledges it at EL2 with PSTATE.I
 * still masked (ICC_IAR1_EL1 reads the highest priority pending interrupt whatever
 * PSTATE.I is), looks at the list registers, clears LR0, EOIs and resumes L2. */
static void hw0_exit(void)
{
	struct l2_exit e;
	ich_set(ICH_EN, VMCR_VPMR(0xff) | VMCR_VENG1);
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | LR_EOI | 40);
	gic_ppi_enable(maint, 1);
	l2buf[3] = 0;
	int rc = run_l2(&cfg_imo, l2_ack_eoi_wait, 0, &e);
	if (rc == 1 && e.vector == 1) {
		u64 iar = rd(R_ICC_IAR1_EL1);
		u64 misr = rd(R_ICH_MISR_EL2), eisr = rd(R_ICH_EISR_EL2), lr0 = lr_rd(0);
		u32 id = (u32)iar & 0xffffff;
		lr_wr(0, 0);
		if (id < 1020)
			wr(R_ICC_EOIR1_EL1, iar);
		isb();
		t_line("hw0 maintenance enabled: L2 exit vector 1 (IRQ), ICC_IAR1_EL1 at EL2: %s",
		       id == maint  ? "maintenance PPI"
		       : id == 1023 ? "1023 (spurious)"
				    : "other");
		t_line("hw0 maintenance enabled: ICH_MISR_EL2=0x%lx ICH_EISR_EL2=0x%lx "
		       "ICH_LR0_EL2=0x%lx",
		       (unsigned long)misr, (unsigned long)eisr, (unsigned long)lr0);
		l2buf[3] = 1;
		rc = l2_resume(&cfg_imo, 0, &e);
	}
	gic_ppi_enable(maint, 0);
	if (rc == 0)
		t_line("hw0 maintenance enabled: L2 acknowledged INTID %lu, then IAR=%lu",
		       (unsigned long)e.ret, (unsigned long)(l2buf[2] & 0xffffff));
	else
		t_l2exit("hw0 maintenance enabled", &e);
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, maint, 0);
	u32 act = gic_ppi_bit(GICR_ISACTIVER0, maint);
	t_line("hw0 maintenance enabled: after L2: maintenance PPI pending %u active %u", p, act);
	ich_set(ICH_EN, VMCR_VPMR(0xff) | VMCR_VENG1);
	lrs_clear();
}

/* HW=0: a virtual interrupt with EOI maintenance; the maintenance interrupt (a level
 * PPI, IHI 0069 6.x "Maintenance interrupts": asserted while ICH_HCR_EL2.En == 1 and
 * ICH_MISR_EL2 != 0) watched in GICR_ISPENDR0 while disabled, then taken at EL2. */
static void hw0(void)
{
	struct l2_exit e;
	lrs_clear();
	ich_set(ICH_EN, VMCR_VPMR(0xff) | VMCR_VENG1);
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | LR_EOI | 40);
	if (run_to_end("hw0", l2_ack_eoi, &e) == 0) {
		t_line("hw0: L2 ICC_SRE_EL1.SRE=%u acknowledged INTID %lu, then IAR=%lu",
		       (unsigned)l2buf[0] & 1, (unsigned long)e.ret,
		       (unsigned long)(l2buf[2] & 0xffffff));
	}
	show_ich("hw0 after L2's EOI");
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, maint, 1);
	t_line("hw0: maintenance PPI (disabled) pending in GICR_ISPENDR0: %u", p);
	lr_wr(0, 0);
	show_ich("hw0 LR0 cleared");
	p = gic_ppi_settle(GICR_ISPENDR0, maint, 0);
	t_line("hw0: maintenance PPI pending after LR0 cleared: %u", p);
	/* The EOI condition again (State invalid, HW=0, EOI=1), then the PPI enabled and
	 * taken at EL2; the handler removes the condition before its EOI. */
	lr_wr(0, LR_EOI | 40);
	show_ich("hw0 EOI condition again");
	p = gic_ppi_settle(GICR_ISPENDR0, maint, 1);
	t_line("hw0: maintenance PPI pending: %u", p);
	gic_ppi_enable(maint, 1);
	u32 id = gic_take_irq(clear_lr0, 1);
	gic_ppi_enable(maint, 0);
	if (id == NO_INTID)
		t_line("hw0: no IRQ at EL2 within the bound");
	else
		t_line("hw0: IRQ at EL2: INTID %s", id == maint ? "= maintenance PPI" : "other");
	if (id != NO_INTID && id != maint)
		t_line("hw0: IRQ at EL2: INTID %u", id);
	p = gic_ppi_settle(GICR_ISPENDR0, maint, 0);
	u32 act = gic_ppi_bit(GICR_ISACTIVER0, maint);
	t_line("hw0: after the handler: maintenance PPI pending %u active %u", p, act);
	lrs_clear();
	hw0_exit();
}

/* One maintenance condition: ICH_HCR_EL2, ICH_VMCR_EL2, LR0/LR1 -> ICH_MISR_EL2 and
 * the maintenance PPI's pending state (disabled, so never taken). */
static void misr_case(const char *what, u64 hcr, u64 vmcr, u64 lr0, u64 lr1)
{
	lr_wr(0, lr0);
	lr_wr(1, lr1);
	ich_set(hcr, vmcr);
	u64 misr = rd(R_ICH_MISR_EL2);
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, maint, (misr && (hcr & ICH_EN)) ? 1 : 0);
	t_line("misr %s: ICH_MISR_EL2=0x%lx", what, (unsigned long)misr);
	t_line("misr %s: maintenance PPI pending %u", what, p);
	ich_set(0, 0);
	lrs_clear();
	gic_ppi_settle(GICR_ISPENDR0, maint, 0);
}

static void misr(void)
{
	const u64 pend = LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | 40;
	const u64 pend2 = LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | 41;
	const u64 act = LR_ACTIVE | LR_GROUP1 | LR_PRIO(0xa0) | 42;
	const u64 vmcr = VMCR_VPMR(0xff) | VMCR_VENG1;
	/* Underflow: UIE and zero or one valid (State != Invalid) list register. */
	misr_case("UIE, no valid LR", ICH_EN | ICH_UIE, vmcr, 0, 0);
	misr_case("UIE, one valid LR", ICH_EN | ICH_UIE, vmcr, pend, 0);
	misr_case("UIE, two valid LRs", ICH_EN | ICH_UIE, vmcr, pend, act);
	misr_case("UIE=0, no valid LR", ICH_EN, vmcr, 0, 0);
	/* No pending: NPIE and no list register in the Pending state. */
	misr_case("NPIE, one active LR", ICH_EN | ICH_NPIE, vmcr, act, 0);
	misr_case("NPIE, one pending LR", ICH_EN | ICH_NPIE, vmcr, pend, 0);
	misr_case("NPIE, two pending LRs", ICH_EN | ICH_NPIE, vmcr, pend, pend2);
	/* List register entry not present: LRENPIE and EOIcount != 0. */
	misr_case("LRENPIE, EOIcount=0", ICH_EN | ICH_LRENPIE, vmcr, 0, 0);
	misr_case("LRENPIE, EOIcount=1", ICH_EN | ICH_LRENPIE | (1ULL << 27), vmcr, 0, 0);
	misr_case("EOIcount=1, LRENPIE=0", ICH_EN | (1ULL << 27), vmcr, 0, 0);
	/* EOI: an LR with State Invalid, HW=0 and EOI=1 (ICH_EISR_EL2); not with HW=1. */
	misr_case("LR0 invalid EOI=1", ICH_EN, vmcr, LR_EOI | 40, 0);
	misr_case("LR1 invalid EOI=1", ICH_EN, vmcr, 0, LR_EOI | 41);
	misr_case("LR0 invalid HW=1 pINTID bit 9", ICH_EN, vmcr, LR_HW | LR_EOI | 40, 0);
	misr_case("LR0 pending EOI=1", ICH_EN, vmcr, pend | LR_EOI, 0);
	/* VGrp{0,1}{E,D}IE with ICH_VMCR_EL2.VENG0/VENG1 (IHI 0069 ICH_MISR_EL2): the known
	 * QEMU departure (VGrp0D from VENG1) shows here natively. */
	const u64 grp = 0xf0 | ICH_EN;
	misr_case("VGrp*IE, VENG0=0 VENG1=0", grp, VMCR_VPMR(0xff), 0, 0);
	misr_case("VGrp*IE, VENG0=1 VENG1=0", grp, VMCR_VPMR(0xff) | VMCR_VENG0, 0, 0);
	misr_case("VGrp*IE, VENG0=0 VENG1=1", grp, VMCR_VPMR(0xff) | VMCR_VENG1, 0, 0);
	misr_case("VGrp*IE, VENG0=1 VENG1=1", grp, VMCR_VPMR(0xff) | VMCR_VENG0 | VMCR_VENG1, 0, 0);
	misr_case("VGrp0EIE, VENG0=1", ICH_EN | BIT(4), VMCR_VPMR(0xff) | VMCR_VENG0, 0, 0);
	misr_case("VGrp0DIE, VENG0=0 VENG1=1", ICH_EN | BIT(5), VMCR_VPMR(0xff) | VMCR_VENG1, 0, 0);
	misr_case("VGrp1EIE, VENG1=1", ICH_EN | BIT(6), VMCR_VPMR(0xff) | VMCR_VENG1, 0, 0);
	misr_case("VGrp1DIE, VENG1=0", ICH_EN | BIT(7), VMCR_VPMR(0xff), 0, 0);
	/* En=0: the conditions still show in ICH_MISR_EL2; the interrupt is not asserted. */
	misr_case("En=0, UIE, no valid LR", ICH_UIE, vmcr, 0, 0);
}

/* L2: two nested acknowledges (L1 adds a higher-priority interrupt between them), EOIs
 * in reverse order; HVC #n after each step for L1 to look. */
static u64 l2_nested(u64 a)
{
	(void)a;
	u64 i1 = rd(R_ICC_IAR1_EL1);
	l2_hvc(1);
	u64 i2 = rd(R_ICC_IAR1_EL1);
	l2_hvc(2);
	wr(R_ICC_EOIR1_EL1, i2);
	isb();
	l2_hvc(3);
	wr(R_ICC_EOIR1_EL1, i1);
	isb();
	l2_hvc(4);
	return (i1 & 0xffffff) | (i2 & 0xffffff) << 16;
}

/* L2 with EOImode=1: acknowledge, EOI (priority drop only), HVC, DIR (deactivate). */
static u64 l2_eoimode1(u64 a)
{
	(void)a;
	u64 i = rd(R_ICC_IAR1_EL1);
	wr(R_ICC_EOIR1_EL1, i);
	isb();
	l2_hvc(1);
	wr(R_ICC_DIR_EL1, i);
	isb();
	l2_hvc(2);
	return i & 0xffffff;
}

/* L2: EOI of an INTID in no list register (with an active priority L1 set): priority
 * drop and ICH_HCR_EL2.EOIcount + 1 (IHI 0069 "EOIcount"). */
static u64 l2_eoi_absent(u64 a)
{
	(void)a;
	wr(R_ICC_EOIR1_EL1, 50);
	isb();
	return 0;
}

static int step(const char *what, struct l2_exit *e, int rc)
{
	if (rc == 0) {
		t_line("%s: L2 returned 0x%lx", what, (unsigned long)e->ret);
		return 0;
	}
	if (rc == 1 && e->vector == 0 && (e->esr >> 26) == 0x16)
		return (int)(e->esr & 0xffff);
	t_l2exit(what, e);
	return -1;
}

static void prio(void)
{
	struct l2_exit e;
	const u64 vmcr = VMCR_VPMR(0xff) | VMCR_VENG1;
	lrs_clear();
	wr(R_ICH_AP1R0_EL2, 0);
	ich_set(ICH_EN, vmcr);
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 40);
	int k = step("prio", &e, run_l2(&cfg_imo, l2_nested, 0, &e));
	for (int n = 0; n < 6 && k > 0; n++) {
		u64 ap = rd(R_ICH_AP1R0_EL2), l0 = lr_rd(0), l1 = lr_rd(1);
		t_line("prio step %d: ICH_AP1R0_EL2=0x%lx ICH_LR0_EL2=0x%lx ICH_LR1_EL2=0x%lx", k,
		       (unsigned long)ap, (unsigned long)l0, (unsigned long)l1);
		if (k == 1) /* a higher priority one: pre-empts the active 0x80 */
			lr_wr(1, LR_PENDING | LR_GROUP1 | LR_PRIO(0x40) | 41);
		k = step("prio", &e, l2_resume(&cfg_imo, 0, &e));
	}
	lrs_clear();
	wr(R_ICH_AP1R0_EL2, 0);

	/* EOImode=1 (ICH_VMCR_EL2.VEOIM): EOI drops the priority, DIR deactivates. */
	ich_set(ICH_EN, vmcr | VMCR_VEOIM);
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 40);
	k = step("eoimode1", &e, run_l2(&cfg_imo, l2_eoimode1, 0, &e));
	for (int n = 0; n < 4 && k > 0; n++) {
		u64 ap = rd(R_ICH_AP1R0_EL2), l0 = lr_rd(0), el = rd(R_ICH_ELRSR_EL2) & 0xf;
		t_line("eoimode1 step %d: ICH_AP1R0_EL2=0x%lx ICH_LR0_EL2=0x%lx "
		       "ICH_ELRSR_EL2[3:0]=0x%lx",
		       k, (unsigned long)ap, (unsigned long)l0, (unsigned long)el);
		k = step("eoimode1", &e, l2_resume(&cfg_imo, 0, &e));
	}
	lrs_clear();

	/* EOI of an absent INTID with an active priority: EOIcount, LRENP. */
	ich_set(ICH_EN | ICH_LRENPIE, vmcr);
	wr(R_ICH_AP1R0_EL2, BIT(16)); /* priority 0x80 active (5 priority bits) */
	isb();
	k = step("eoi absent", &e, run_l2(&cfg_imo, l2_eoi_absent, 0, &e));
	u64 hcr = rd(R_ICH_HCR_EL2), ap = rd(R_ICH_AP1R0_EL2), mi = rd(R_ICH_MISR_EL2);
	t_line("eoi absent: ICH_HCR_EL2.EOIcount=%lu ICH_AP1R0_EL2=0x%lx ICH_MISR_EL2=0x%lx",
	       (unsigned long)(hcr >> 27), (unsigned long)ap, (unsigned long)mi);
	wr(R_ICH_AP1R0_EL2, 0);
	ich_set(0, 0);
	lrs_clear();
}

/* The EL1 virtual timer PPI: fires, L1 takes it at EL2 (EOImode=1: priority drop only,
 * it stays active), forwards it to L2 with an HW=1 list register; L2's EOI deactivates
 * the physical interrupt (IHI 0069 "Hardware interrupts", ICH_LR<n>_EL2.HW). */
static void vtimer_mask(u32 id)
{
	(void)id;
	wr(cntv_ctl_el0, 3); /* ENABLE, IMASK: the timer's output drops */
	isb();
}

static void hw1(void)
{
	struct l2_exit e;
	u32 vt = plat.timer_ppi[2];
	if (!vt) {
		t_line("hw1: no virtual timer PPI in the DT");
		return;
	}
	u64 ctlr = rd(R_ICC_CTLR_EL1), voff = rd(s3_4_c14_c0_3);
	u64 vcval = rd(cntv_cval_el0), vctl = rd(cntv_ctl_el0);
	wr(R_ICC_CTLR_EL1, ctlr | BIT(1)); /* EOImode: EOIR drops priority only */
	wr(s3_4_c14_c0_3, 0);		   /* CNTVOFF_EL2 (see qemu-nv-facts: keep it small) */
	isb();
	gic_ppi_config(vt, 0x80);
	gic_ppi_enable(vt, 1);
	wr(cntv_cval_el0, 0);
	wr(cntv_ctl_el0, 1);
	isb();
	u32 id = gic_take_irq(vtimer_mask, 1);
	gic_ppi_enable(vt, 0);
	u64 ictlr = rd(R_ICC_CTLR_EL1);
	if (id == NO_INTID)
		t_line("hw1: no IRQ at EL2 within the bound");
	else
		t_line("hw1: IRQ at EL2: INTID %s", id == vt ? "= virtual timer PPI" : "other");
	t_line("hw1: ICC_CTLR_EL1.EOImode=%u", (unsigned)(ictlr >> 1) & 1);
	unsigned a = gic_ppi_settle(GICR_ISACTIVER0, vt, 1);
	unsigned p = gic_ppi_bit(GICR_ISPENDR0, vt);
	t_line("hw1: after L1's EOI (priority drop): PPI active %u pending %u", a, p);
	lrs_clear();
	ich_set(ICH_EN, VMCR_VPMR(0xff) | VMCR_VENG1);
	lr_wr(0, LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) | LR_PINTID(vt) | vt);
	if (run_to_end("hw1", l2_ack_eoi, &e) == 0)
		t_line("hw1: L2 acknowledged INTID %s, then IAR=%lu",
		       e.ret == vt ? "= virtual timer PPI" : "other",
		       (unsigned long)(l2buf[2] & 0xffffff));
	show_ich("hw1 after L2's EOI");
	a = gic_ppi_settle(GICR_ISACTIVER0, vt, 0);
	t_line("hw1: after L2's EOI (HW=1): PPI active %u", a);
	wr(cntv_ctl_el0, 0);
	isb();
	gic_ppi_config(vt, 0);
	ich_set(0, 0);
	lrs_clear();
	wr(R_ICC_CTLR_EL1, ctlr);
	wr(s3_4_c14_c0_3, voff);
	wr(cntv_cval_el0, vcval);
	wr(cntv_ctl_el0, vctl);
	isb();
}

/* L2 arms its virtual timer (CVAL in the past) and spins (bounded): the timer PPI makes
 * it exit to EL2 (HCR_EL2.IMO=1). Resumed, it acknowledges and EOIs what L1 put in its
 * list registers. Value: the INTID acknowledged, or 0xfffff if no exit came. */
static u64 l2_vt_fire(u64 a)
{
	(void)a;
	wr(cntv_cval_el0, 0);
	wr(cntv_ctl_el0, 1); /* ENABLE */
	isb();
	for (unsigned i = 0; i < 2000000u && !l2buf[3]; i++)
		__asm__ volatile("" ::: "memory");
	if (!l2buf[3])
		return 0xfffff;
	return l2_ack_eoi(0);
}

/* The real flow: L2's own virtual timer fires while L2 runs, L1 takes the physical PPI
 * (EOImode=1: it stays active), masks L2's timer in L2's context, and forwards it with an
 * HW=1 list register; L2's EOI deactivates the physical PPI. */
static void hw1_l2(void)
{
	struct l2_exit e;
	u32 vt = plat.timer_ppi[2];
	if (!vt)
		return;
	u64 ctlr = rd(R_ICC_CTLR_EL1), voff = rd(s3_4_c14_c0_3);
	u64 vcval = rd(cntv_cval_el0), vctl = rd(cntv_ctl_el0);
	wr(R_ICC_CTLR_EL1, ctlr | BIT(1));
	wr(s3_4_c14_c0_3, 0);
	isb();
	lrs_clear();
	ich_set(ICH_EN, VMCR_VPMR(0xff) | VMCR_VENG1);
	gic_ppi_config(vt, 0x80);
	gic_ppi_enable(vt, 1);
	l2buf[3] = 0;
	int rc = run_l2(&cfg_imo, l2_vt_fire, 0, &e);
	if (rc == 1 && e.vector == 1) {
		u64 iar = rd(R_ICC_IAR1_EL1);
		u32 id = (u32)iar & 0xffffff;
		wr(cntv_ctl_el0, 3); /* ENABLE, IMASK in L2's timer: its output drops */
		isb();
		if (id < 1020)
			wr(R_ICC_EOIR1_EL1, iar); /* EOImode=1: priority drop only */
		isb();
		unsigned a = gic_ppi_settle(GICR_ISACTIVER0, vt, 1);
		t_line("hw1 from L2: L2 exit vector 1 (IRQ), ICC_IAR1_EL1 at EL2: %s",
		       id == vt	    ? "virtual timer PPI"
		       : id == 1023 ? "1023 (spurious)"
				    : "other");
		t_line("hw1 from L2: PPI active after L1's priority drop: %u", a);
		if (id < 1020)
			lr_wr(0,
			      LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) | LR_PINTID(id) | id);
		l2buf[3] = 1;
		rc = l2_resume(&cfg_imo, 0, &e);
	}
	gic_ppi_enable(vt, 0);
	if (rc == 0)
		t_line("hw1 from L2: L2 acknowledged INTID %s, then IAR=%lu",
		       e.ret == vt	  ? "= virtual timer PPI"
		       : e.ret == 0xfffff ? "none (no exit)"
					  : "other",
		       (unsigned long)(l2buf[2] & 0xffffff));
	else
		t_l2exit("hw1 from L2", &e);
	show_ich("hw1 from L2 after L2's EOI");
	unsigned a = gic_ppi_settle(GICR_ISACTIVER0, vt, 0);
	t_line("hw1 from L2: after L2's EOI (HW=1): PPI active %u", a);
	wr(cntv_ctl_el0, 0);
	isb();
	gic_ppi_config(vt, 0);
	ich_set(0, 0);
	lrs_clear();
	wr(R_ICC_CTLR_EL1, ctlr);
	wr(s3_4_c14_c0_3, voff);
	wr(cntv_cval_el0, vcval);
	wr(cntv_ctl_el0, vctl);
	isb();
}

/* L2 writes its virtual CPU interface controls: ICC_PMR_EL1, ICC_BPR1_EL1,
 * ICC_CTLR_EL1.EOImode, ICC_IGRPEN1_EL1 = 0; they are ICH_VMCR_EL2's VPMR, VBPR1, VEOIM,
 * VENG1 (IHI 0069 ICH_VMCR_EL2), and VENG1 = 0 raises VGrp1D when VGrp1DIE is set. */
static u64 l2_vmcr(u64 a)
{
	(void)a;
	wr(R_ICC_PMR_EL1, 0xa0);
	wr(R_ICC_BPR1_EL1, 4);
	wr(R_ICC_CTLR_EL1, rd(R_ICC_CTLR_EL1) | BIT(1));
	wr(R_ICC_IGRPEN1, 0);
	isb();
	l2buf[0] = rd(R_ICC_PMR_EL1);
	l2buf[1] = rd(R_ICC_BPR1_EL1);
	l2buf[2] = rd(R_ICC_CTLR_EL1);
	l2buf[3] = rd(R_ICC_IGRPEN1);
	return 0;
}

static void vmcr_from_l2(void)
{
	struct l2_exit e;
	lrs_clear();
	/* VGrp1DIE, VENG1 = 1 to start: no VGrp1D yet. */
	ich_set(ICH_EN | BIT(7), VMCR_VPMR(0xf8) | VMCR_VENG1 | (3ULL << 18));
	u64 misr0 = rd(R_ICH_MISR_EL2);
	int rc = run_to_end("vmcr", l2_vmcr, &e);
	u64 vmcr = rd(R_ICH_VMCR_EL2), misr = rd(R_ICH_MISR_EL2);
	t_line("vmcr: ICH_MISR_EL2 before L2=0x%lx", (unsigned long)misr0);
	if (rc == 0)
		/* ICC_PMR_EL1 and ICC_BPR1_EL1: as many priority bits as implemented (the top
		 * one printed); ICC_CTLR_EL1.EOImode [1]. */
		t_line("vmcr: L2 reads ICC_PMR_EL1[7:5]=0x%lx ICC_BPR1_EL1=%lu EOImode=%lu "
		       "ICC_IGRPEN1_EL1=%lu",
		       (unsigned long)(l2buf[0] >> 5) & 7, (unsigned long)l2buf[1] & 7,
		       (unsigned long)(l2buf[2] >> 1) & 1, (unsigned long)l2buf[3] & 1);
	t_line("vmcr: ICH_VMCR_EL2 VPMR[7:5]=0x%lx VBPR1=%lu VEOIM=%lu VENG1=%lu",
	       (unsigned long)(vmcr >> 29) & 7, (unsigned long)(vmcr >> 18) & 7,
	       (unsigned long)(vmcr >> 9) & 1, (unsigned long)(vmcr >> 1) & 1);
	t_line("vmcr: ICH_MISR_EL2 after L2=0x%lx", (unsigned long)misr);
	ich_set(0, 0);
}

/* Underflow as L2 sees it: two pending interrupts, UIE; L2 acknowledges and EOIs one
 * (one valid LR left: U), with the maintenance PPI enabled: L2 exits with an IRQ. */
static void underflow_exit(void)
{
	struct l2_exit e;
	lrs_clear();
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 40);
	lr_wr(1, LR_PENDING | LR_GROUP1 | LR_PRIO(0x90) | 41);
	ich_set(ICH_EN | ICH_UIE, VMCR_VPMR(0xff) | VMCR_VENG1);
	gic_ppi_enable(maint, 1);
	l2buf[3] = 0;
	int rc = run_l2(&cfg_imo, l2_ack_eoi_wait, 0, &e);
	if (rc == 1 && e.vector == 1) {
		u64 iar = rd(R_ICC_IAR1_EL1);
		u64 misr = rd(R_ICH_MISR_EL2), lr0 = lr_rd(0), lr1 = lr_rd(1);
		u32 id = (u32)iar & 0xffffff;
		wr(R_ICH_HCR_EL2, ICH_EN); /* UIE off: the condition goes away */
		isb();
		if (id < 1020)
			wr(R_ICC_EOIR1_EL1, iar);
		isb();
		t_line("underflow: L2 exit vector 1 (IRQ), ICC_IAR1_EL1 at EL2: %s",
		       id == maint  ? "maintenance PPI"
		       : id == 1023 ? "1023 (spurious)"
				    : "other");
		t_line("underflow: ICH_MISR_EL2=0x%lx ICH_LR0_EL2=0x%lx ICH_LR1_EL2=0x%lx",
		       (unsigned long)misr, (unsigned long)lr0, (unsigned long)lr1);
		l2buf[3] = 1;
		rc = l2_resume(&cfg_imo, 0, &e);
	}
	gic_ppi_enable(maint, 0);
	if (rc == 0)
		t_line("underflow: L2 acknowledged INTID %lu, then IAR=%lu", (unsigned long)e.ret,
		       (unsigned long)(l2buf[2] & 0xffffff));
	else
		t_l2exit("underflow", &e);
	u64 lr1 = lr_rd(1), misr = rd(R_ICH_MISR_EL2);
	t_line("underflow: after L2: ICH_LR1_EL2=0x%lx ICH_MISR_EL2=0x%lx", (unsigned long)lr1,
	       (unsigned long)misr);
	gic_ppi_settle(GICR_ISPENDR0, maint, 0);
	ich_set(0, 0);
	lrs_clear();
}

/* The maintenance interrupt already asserted when L2 is entered (UIE with one valid LR) and
 * its PPI disabled: L1 never takes it, L2 runs, acknowledges and EOIs its interrupt (EOI
 * maintenance on top) and returns (IHI 0069: only an enabled interrupt is signalled). */
static void parked(void)
{
	struct l2_exit e;
	lrs_clear();
	wr(R_ICH_AP1R0_EL2, 0); /* no active priority left by the cases before */
	lr_wr(0, LR_PENDING | LR_GROUP1 | LR_PRIO(0xa0) | LR_EOI | 40);
	ich_set(ICH_EN | ICH_UIE, VMCR_VPMR(0xff) | VMCR_VENG1);
	u64 misr0 = rd(R_ICH_MISR_EL2);
	unsigned p = gic_ppi_settle(GICR_ISPENDR0, maint, 1);
	t_line("asserted at entry: ICH_MISR_EL2=0x%lx, maintenance PPI (disabled) pending %u",
	       (unsigned long)misr0, p);
	if (run_to_end("asserted at entry", l2_ack_eoi, &e) == 0)
		t_line("asserted at entry: L2 acknowledged INTID %lu, then IAR=%lu",
		       (unsigned long)e.ret, (unsigned long)(l2buf[2] & 0xffffff));
	u64 misr = rd(R_ICH_MISR_EL2), eisr = rd(R_ICH_EISR_EL2);
	p = gic_ppi_settle(GICR_ISPENDR0, maint, 1);
	t_line("asserted at entry: after L2: ICH_MISR_EL2=0x%lx ICH_EISR_EL2=0x%lx pending %u",
	       (unsigned long)misr, (unsigned long)eisr, p);
	ich_set(0, 0);
	lrs_clear();
	p = gic_ppi_settle(GICR_ISPENDR0, maint, 0);
	t_line("asserted at entry: En=0, LRs cleared: maintenance PPI pending %u", p);
}

void sec_gic(void)
{
	if (!plat.gicd || !plat.gicr) {
		t_line("no GICv3 in the DT");
		return;
	}
	maint = plat.gic_maint;
	t_line("DT: maintenance interrupt INTID %u, timer PPIs %u %u %u %u %u", maint,
	       plat.timer_ppi[0], plat.timer_ppi[1], plat.timer_ppi[2], plat.timer_ppi[3],
	       plat.timer_ppi[4]);
	if (maint < 16 || maint >= 32) {
		t_line("no maintenance PPI");
		return;
	}
	u64 hcr = rd(R_ICH_HCR_EL2), vmcr = rd(R_ICH_VMCR_EL2), ap1 = rd(R_ICH_AP1R0_EL2);
	u64 lr[4];
	for (unsigned n = 0; n < 4; n++)
		lr[n] = lr_rd(n);
	gic_up();
	gic_ppi_config(maint, 0x80);
	hw0();
	misr();
	underflow_exit();
	parked();
	vmcr_from_l2();
	prio();
	hw1();
	hw1_l2();
	gic_ppi_config(maint, 0);
	gic_down();
	for (unsigned n = 0; n < 4; n++)
		lr_wr(n, lr[n]);
	wr(R_ICH_AP1R0_EL2, ap1);
	ich_set(hcr, vmcr);
}
