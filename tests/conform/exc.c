// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Exceptions taken to EL2 from EL2: the probe (PROBE_X0) and the unexpected ones.
#include "conform.h"

struct probe *probe_cur;
volatile u64 probe_pc;
u64 probe_pstate_read;
static unsigned unexpected;
void (*c_irq_hook)(void);

void c_exc_el2(u64 *frame, u64 kind);

void probe_arm(struct probe *r)
{
	r->taken = 0, r->esr = r->elr = r->spsr = r->far = r->pstate = 0;
	probe_cur = r;
	__asm__ volatile("" ::: "memory");
}

void probe_disarm(void)
{
	__asm__ volatile("" ::: "memory");
	probe_cur = 0;
}

/* PSTATE fields as the exception entry left them (nothing before this changes them). */
static u64 pstate_now(u64 want)
{
	u64 p = 0;
	if (want & BIT(12))
		p |= rd(s3_3_c4_c2_6) & BIT(12); /* SSBS */
	if (want & BIT(22))
		p |= rd(s3_0_c4_c2_3) & BIT(22); /* PAN */
	if (want & BIT(23))
		p |= rd(s3_0_c4_c2_4) & BIT(23); /* UAO */
	if (want & BIT(24))
		p |= rd(s3_3_c4_c2_5) & BIT(24); /* DIT */
	if (want & BIT(25))
		p |= rd(s3_3_c4_c2_7) & BIT(25); /* TCO */
	return p;
}

void c_exc_el2(u64 *frame, u64 kind)
{
	u64 ps = probe_pstate_read ? pstate_now(probe_pstate_read) : 0;
	u64 esr = rd(esr_el2), elr = rd(elr_el2), spsr = rd(spsr_el2), far = rd(far_el2);
	if (kind == 0 && probe_cur && !probe_cur->taken) {
		struct probe *r = probe_cur;
		r->taken = 1, r->esr = esr, r->elr = elr - probe_pc, r->spsr = spsr, r->far = far;
		r->pstate = ps;
		/* Resume after the probed instruction: ELR_EL2 is the instruction itself for
		 * faults, already the next one for HVC/SVC/SMC-like exceptions (DDI 0487 D1.x
		 * preferred return address). */
		u64 ec = esr >> 26;
		if (ec == 0x22) /* PC alignment fault: resume at the aligned address below */
			wr(elr_el2, elr & ~3ULL);
		else if (ec == 0x21) /* instruction abort after a BLR: resume at the link */
			wr(elr_el2, frame[30]);
		else if (elr == probe_pc || (ec != 0x15 && ec != 0x16 && ec != 0x17))
			wr(elr_el2, elr + 4); /* also a fault later in a multi-instruction probe */
		/* Illegal Execution state (EC 0x0e): SPSR_EL2.IL=1 would be restored by the
		 * ERET and fault again: clear it (DDI 0487 D1.x "The Illegal Execution state
		 * exception") */
		if (ec == 0x0e)
			wr(spsr_el2, spsr & ~BIT(20));
		return;
	}
	if ((kind == 1 || kind == 0x11) && c_irq_hook) {
		c_irq_hook();
		return;
	}
	/* Never hang: report, skip a synchronous one, give up after a few. */
	c_printf("T: unexpected: exception kind 0x%lx ESR_EL2=0x%lx ELR=+0x%lx SPSR_EL2=0x%lx\n",
		 (unsigned long)kind, (unsigned long)esr, (unsigned long)c_off(elr),
		 (unsigned long)spsr);
	if (++unexpected > 4 || (kind & 3) != 0) {
		c_printf("T: end: stopped after unexpected exceptions\n");
		c_poweroff();
	}
	if ((esr >> 26) != 0x15 && (esr >> 26) != 0x16) /* SVC/HVC: ELR is already past it */
		wr(elr_el2, elr + 4);
}

void c_l2v_at_el2(u64 idx);
void c_l2v_at_el2(u64 idx)
{
	c_printf("T: unexpected: exception at EL2 through L2's EL1 vectors (entry %lu): VBAR_EL2 "
		 "points at them\n",
		 (unsigned long)idx);
	c_printf("T: end: stopped after unexpected exceptions\n");
	c_poweroff();
}

void t_probe(const char *what, const struct probe *r)
{
	if (!r->taken) {
		t_line("%s: no exception", what);
		return;
	}
	/* SPSR_EL2: NZCV, DAIF and M; the rest depends on features in use (masked to the
	 * fields this image controls). ESR_EL2.ISS2 [55:32] printed as read. */
	t_line("%s: exception ESR_EL2=0x%lx ELR=probe+0x%lx SPSR_EL2.M=0x%lx DAIF=0x%lx", what,
	       (unsigned long)r->esr, (unsigned long)r->elr, (unsigned long)(r->spsr & 0x1f),
	       (unsigned long)((r->spsr >> 6) & 0xf));
}
