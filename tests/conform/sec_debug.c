// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Debug exceptions of L2 that L1 takes, as a hypervisor debugs its guest (DDI 0487 D2
// "AArch64 Self-hosted Debug"; D24.2 MDCR_EL2.TDE, MDSCR_EL1, DBGBCR<n>_EL1, DBGWCR<n>_EL1,
// OSLAR_EL1, OSLSR_EL1). With MDCR_EL2.TDE = 1 the debug exceptions of EL1 and EL0 are taken
// to EL2, which is then the debug target: they are not masked by L2's PSTATE.D (a higher
// target), and MDSCR_EL1.MDE enables the breakpoints and watchpoints.
// - a breakpoint on an instruction of L2 (DBGBCR0_EL1: EL1 and EL0, address match): EC 0x30,
//   ELR at the instruction;
// - software step from there (MDSCR_EL1.SS and SPSR_EL2.SS on the return to L2): L2 runs the
//   instruction, then EC 0x32 with ISS.ISV, ELR after it (D2.12 "Software Step exceptions").
//   Stepped: a plain ADD; MRS ACTLR_EL1, which a hypervisor below may trap and emulate for
//   itself (then it must leave the step machine as if the instruction ran: the step exception
//   right after it); MRS ID_AA64PFR0_EL1 under L1's own HCR_EL2.TID3, which L1 emulates and
//   resumes past with its SPSR_EL2.SS as the trap left it (1, the step not completed: L2 runs
//   one more instruction before the step exception); and MRS ACTLR_EL1 again stepped by L2's
//   own EL1 (TDE = 0, MDSCR_EL1.KDE = 1, PSTATE.D = 0: EC 0x33 at L2's EL1, ELR_EL1 after it);
// - a watchpoint on a doubleword L2 loads (DBGWCR0_EL1: EL1 and EL0, loads and stores):
//   EC 0x34, FAR the address, ELR at the load.
#include "conform.h"

#define R_OSLAR	  s2_0_c1_c0_4
#define R_OSLSR	  s2_0_c1_c1_4
#define R_MDSCR	  s2_0_c0_c2_2
#define R_DBGBVR0 s2_0_c0_c0_4
#define R_DBGBCR0 s2_0_c0_c0_5
#define R_DBGWVR0 s2_0_c0_c0_6
#define R_DBGWCR0 s2_0_c0_c0_7
#define MDSCR_SS  BIT(0)
#define MDSCR_KDE BIT(13)
#define MDSCR_MDE BIT(15)
#define SPSR_D	  BIT(9)
#define MDCR_TDE  BIT(8)
#define SPSR_SS	  BIT(21)
#define HCR_TID3  BIT(18)
/* DBGBCR: E, PMC 0b11 (EL1 and EL0), BAS 0b1111 (an A64 instruction); HMC 0, SSC 0, BT 0 */
#define BCR_EXEC (BIT(0) | (3ULL << 1) | (0xfULL << 5))
/* DBGWCR: E, PAC 0b11 (EL1 and EL0), LSC 0b11 (loads and stores), BAS 0xff (8 bytes) */
#define WCR_LDST (BIT(0) | (3ULL << 1) | (3ULL << 3) | (0xffULL << 5))

/* L2 functions; the *_at labels are the instructions the breakpoint names. */
u64 l2dbg_add(u64 a);
u64 l2dbg_actlr(u64 a);
u64 l2dbg_pfr0(u64 a);
u64 l2dbg_load(u64 a);
extern char l2dbg_add_at[], l2dbg_actlr_at[], l2dbg_pfr0_at[];
__asm__(".text\n"
	".balign 4\n"
	".global l2dbg_add\n"
	"l2dbg_add:\n"
	"	nop\n"
	".global l2dbg_add_at\n"
	"l2dbg_add_at:\n"
	"	add x0, x0, #1\n"
	"	add x0, x0, #2\n"
	"	ret\n"
	".global l2dbg_actlr\n"
	"l2dbg_actlr:\n"
	"	nop\n"
	".global l2dbg_actlr_at\n"
	"l2dbg_actlr_at:\n"
	"	mrs x0, s3_0_c1_c0_1\n"
	"	add x0, x0, #2\n"
	"	ret\n"
	".global l2dbg_pfr0\n"
	"l2dbg_pfr0:\n"
	"	nop\n"
	".global l2dbg_pfr0_at\n"
	"l2dbg_pfr0_at:\n"
	"	mrs x0, s3_0_c0_c4_0\n"
	"	add x0, x0, #2\n"
	"	ret\n"
	".global l2dbg_load\n"
	"l2dbg_load:\n"
	"	ldr x0, [x0]\n"
	"	ret\n");

static u64 wp_word[2] __attribute__((aligned(16)));

/* A breakpoint at @p at in @p fn, then software step from it: every exit printed (at most
 * four: a trap L1 set is emulated with x0 = 0xc0ffee00 and resumed past). With @p el1 the step
 * is L2's own: TDE cleared, MDSCR_EL1.KDE set and PSTATE.D clear for the resume. */
static void step_case(const char *what, u64 (*fn)(u64), const char *at, u64 hcr, int el1)
{
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = hcr, .keep_el1 = 1};
	struct l2_exit e;
	u64 mdcr = rd(mdcr_el2);
	int rc;

	wr(R_DBGBVR0, (u64)at);
	wr(R_DBGBCR0, BCR_EXEC);
	isb();
	rc = run_l2(&cfg, fn, 0, &e);
	wr(R_DBGBCR0, 0);
	isb();
	if (rc != 1) {
		t_line("%s: breakpoint not taken (%s)", what, rc ? "setup failed" : "L2 returned");
		return;
	}
	t_exit(what, &e, c_base());
	if ((e.esr >> 26) != 0x30 || e.vector != 0)
		return;
	wr(R_MDSCR, rd(R_MDSCR) | MDSCR_SS | (el1 ? MDSCR_KDE : 0));
	if (el1)
		wr(mdcr_el2, mdcr & ~MDCR_TDE);
	isb();
	l2_spsr_bits(SPSR_SS, el1 ? SPSR_D : 0);
	for (int n = 0; n < 4; n++) {
		rc = l2_resume(&cfg, n > 0, &e);
		if (rc != 1) {
			t_line("%s: %s", what,
			       rc ? "resume failed" : "L2 returned (no step exception)");
			break;
		}
		t_exit(what, &e, c_base());
		if (e.vector == 0 && l2_exit_in_vectors(&e)) {
			t_line("%s: L2's EL1 took ESR_EL1=0x%lx ELR_EL1=fn+0x%lx", what,
			       (unsigned long)rd(esr_el1),
			       (unsigned long)(c_off(rd(elr_el1)) - e.fn_off));
			break;
		}
		if ((e.esr >> 26) != 0x18 || e.vector != 0)
			break;
		l2_set_x(0, 0xc0ffee00ULL); /* an emulated MRS */
	}
	wr(R_MDSCR, rd(R_MDSCR) & ~(MDSCR_SS | MDSCR_KDE));
	wr(mdcr_el2, mdcr);
	isb();
}

static void watch_case(void)
{
	struct l2_config cfg = {.granule_shift = 12, .keep_el1 = 1};
	struct l2_exit e;
	int rc;

	wr(R_DBGWVR0, (u64)wp_word);
	wr(R_DBGWCR0, WCR_LDST);
	isb();
	rc = run_l2(&cfg, l2dbg_load, (u64)wp_word, &e);
	wr(R_DBGWCR0, 0);
	isb();
	if (rc != 1)
		t_line("watchpoint, L2 loads the word: not taken (%s)",
		       rc ? "setup failed" : "L2 returned");
	else
		t_exit("watchpoint, L2 loads the word; FAR from it", &e, (u64)wp_word);
}

void sec_debug(void)
{
	struct l2_el1ctx s;
	u64 mdcr = rd(mdcr_el2), mdscr = rd(R_MDSCR);
	u64 locked = (rd(R_OSLSR) >> 1) & 1; /* OSLK */

	/* debug exceptions need the OS lock clear (D2.4 "The OS Lock") */
	wr(R_OSLAR, 0);
	wr(R_MDSCR, (mdscr & ~MDSCR_SS) | MDSCR_MDE);
	wr(mdcr_el2, mdcr | MDCR_TDE);
	isb();
	t_line("MDCR_EL2.TDE=1, MDSCR_EL1.MDE=1, OS lock clear (OSLSR_EL1.OSLK now %d)",
	       (int)((rd(R_OSLSR) >> 1) & 1));
	l2_el1_enter(0, &s, 0);
	step_case("breakpoint, then step over add", l2dbg_add, l2dbg_add_at, 0, 0);
	step_case("breakpoint, then step over mrs ACTLR_EL1", l2dbg_actlr, l2dbg_actlr_at, 0, 0);
	step_case("breakpoint, then step over mrs ID_AA64PFR0_EL1 (TID3)", l2dbg_pfr0,
		  l2dbg_pfr0_at, HCR_TID3, 0);
	step_case("breakpoint, then L2's own step over mrs ACTLR_EL1", l2dbg_actlr, l2dbg_actlr_at,
		  0, 1);
	step_case("breakpoint, then L2's own step over add", l2dbg_add, l2dbg_add_at, 0, 1);
	watch_case();
	l2_el1_leave(0, &s);
	wr(R_DBGBVR0, 0);
	wr(R_DBGWVR0, 0);
	wr(mdcr_el2, mdcr);
	wr(R_MDSCR, mdscr);
	wr(R_OSLAR, locked);
	isb();
	t_line("MDCR_EL2, MDSCR_EL1 and the OS lock restored: %s",
	       rd(mdcr_el2) == mdcr && rd(R_MDSCR) == mdscr && ((rd(R_OSLSR) >> 1) & 1) == locked
		   ? "yes"
		   : "no");
}
