// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// What the SVE and SME sections (sec_sve.c, sec_sme.c) share: L2's CPACR_EL1 and ESR_EL1 by
// the E2H layout's names, CPTR_EL2 with an extension's control and the FP one open or
// trapping (DDI 0487 D24.2 CPTR_EL2: E2H=0 TZ [8] / TSM [12] and TFP [10] set to trap; E2H=1
// ZEN [17:16] / SMEN [25:24] and FPEN [21:20] 0b11 to open), the EL2 trap cases of an
// instruction and a register access, and one L2 run with its exit.
#ifndef NVARM_CONFORM_SEC_FPX_H
#define NVARM_CONFORM_SEC_FPX_H

#include "conform.h"

/* An L2 function of one asm string run with x0 = its argument, returning x0 */
#define FPX_L2_FN(name, insn)                                                                      \
	static u64 name(u64 a)                                                                     \
	{                                                                                          \
		register u64 x0_ __asm__("x0") = a;                                                \
		__asm__ volatile(insn : "+r"(x0_)::"memory");                                      \
		return x0_;                                                                        \
	}

/* A vector length register's accessors (its encoding @p enc, e.g. c1_c2_0 for ZCR_ELx):
 * <p>2_set, the EL2 register through the name of the current E2H (the EL1 name is the EL2
 * register at EL2 when E2H=1); <p>1_set and <p>1_get, L2's EL1 register (the _EL12 name with
 * E2H=1) */
#define FPX_LEN_REGS(p, enc)                                                                       \
	static void p##2_set(int e2h, u64 v)                                                       \
	{                                                                                          \
		if (e2h)                                                                           \
			wr(s3_0_##enc, v);                                                         \
		else                                                                               \
			wr(s3_4_##enc, v);                                                         \
		isb();                                                                             \
	}                                                                                          \
	static void p##1_set(int e2h, u64 v)                                                       \
	{                                                                                          \
		if (e2h)                                                                           \
			wr(s3_5_##enc, v);                                                         \
		else                                                                               \
			wr(s3_0_##enc, v);                                                         \
		isb();                                                                             \
	}                                                                                          \
	static u64 p##1_get(int e2h)                                                               \
	{                                                                                          \
		return e2h ? rd(s3_5_##enc) : rd(s3_0_##enc);                                      \
	}

/* An extension's CPTR_EL2 control: its trap bit with E2H=0, its enable field with E2H=1 */
struct fpx_ctl {
	unsigned t_bit, en_lo;
};

/* L2's CPACR_EL1 (CPACR_EL12 with E2H=1) */
static inline void fpx_cpacr1_set(int e2h, u64 v)
{
	if (e2h)
		wr(s3_5_c1_c0_2, v);
	else
		wr(s3_0_c1_c0_2, v);
	isb();
}

/* L2's ESR_EL1 (ESR_EL12 with E2H=1) */
static inline u64 fpx_esr1_get(int e2h)
{
	return e2h ? rd(s3_5_c5_c2_0) : rd(s3_0_c5_c2_0);
}

/* CPTR_EL2 @p c with the extension and FP enabled at EL2 and below */
static inline u64 fpx_cptr_open(const struct fpx_ctl *x, int e2h, u64 c)
{
	return e2h ? c | (3ULL << x->en_lo) | (3ULL << 20) : c & ~(BIT(x->t_bit) | BIT(10));
}

/* ... with the extension's control (@p ext) and/or the FP control (@p fp) trapping */
static inline u64 fpx_cptr_trap(const struct fpx_ctl *x, int e2h, u64 c, int ext, int fp)
{
	u64 o = fpx_cptr_open(x, e2h, c);
	if (e2h)
		return o & ~((ext ? 3ULL << x->en_lo : 0) | (fp ? 3ULL << 20 : 0));
	return o | (ext ? BIT(x->t_bit) : 0) | (fp ? BIT(10) : 0);
}

/* The EL2 trap cases: the extension's control, the FP one, both (case i = 0, 1, 2), each for
 * the instruction @p insn and the register access @p acc (string literals of asm), named by
 * @p name(e2h, i, 0 or 1) */
#define FPX_EL2_TRAPS(x, e2h, cptr, insn, acc, name)                                               \
	do {                                                                                       \
		struct probe r_;                                                                   \
		for (unsigned i_ = 0; i_ < 3; i_++) {                                              \
			int ext_ = i_ != 1, fp_ = i_ != 0;                                         \
			wr(cptr_el2, fpx_cptr_trap(x, e2h, cptr, ext_, fp_));                      \
			isb();                                                                     \
			(void)PROBE_X0(&r_, 0, insn);                                              \
			wr(cptr_el2, fpx_cptr_open(x, e2h, cptr));                                 \
			isb();                                                                     \
			t_probe(name(e2h, i_, 0), &r_);                                            \
			wr(cptr_el2, fpx_cptr_trap(x, e2h, cptr, ext_, fp_));                      \
			isb();                                                                     \
			(void)PROBE_X0(&r_, 0, acc);                                               \
			wr(cptr_el2, fpx_cptr_open(x, e2h, cptr));                                 \
			isb();                                                                     \
			t_probe(name(e2h, i_, 1), &r_);                                            \
		}                                                                                  \
	} while (0)

/* One L2 run of fn(arg): its return value (in hex with @p hex), or the exit (ESR_EL1 too when
 * L2 took the exception itself: its vectors turn it into an HVC exit) */
static inline void fpx_l2_case(int e2h, const char *what, u64 (*fn)(u64), u64 arg, int print_ret,
			       int hex)
{
	struct l2_config cfg = {.granule_shift = 12, .e2h = e2h, .keep_el1 = 1};
	struct l2_exit e;
	int rc = run_l2_case(&cfg, what, fn, arg, &e);
	if (rc < 0)
		return;
	if (rc == 0) {
		if (print_ret && hex)
			t_line("%s: 0x%lx", what, (unsigned long)e.ret);
		else if (print_ret)
			t_line("%s: %lu", what, (unsigned long)e.ret);
		else
			t_line("%s: not trapped", what);
		return;
	}
	t_exit(what, &e, c_base());
	if (e.vector == 0 && l2_exit_in_vectors(&e)) {
		u64 esr = fpx_esr1_get(e2h);
		t_line("%s: L2's ESR_EL1=0x%lx", what, (unsigned long)esr);
	}
}

#endif
