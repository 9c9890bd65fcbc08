/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The conformance guest hypervisor (tests/conform): a bare-metal arm64 Image that runs
 * at EL2 natively and as L1 under the example L0, and prints a transcript of `T:` lines
 * that must be identical in both places (the native run is the truth).
 *
 * API for sections (see README.md):
 *   - a section is one file sec_<name>.c with `void sec_<name>(void)`, listed once in
 *     sections.h; sections run in that order.
 *   - t_line()/t_reg()/t_regm() print transcript lines ("T: <section>: ...").
 *   - PROBE_X0() runs one instruction at EL2 expecting a synchronous exception.
 *   - run_l2()/l2_resume() run code at EL1 (L2) behind this image's own stage-2.
 *   - every section leaves HCR_EL2, VTTBR_EL2, VTCR_EL2 ... as it found them.
 *
 * Rules: nothing printed may depend on the load address (print offsets: c_off()),
 * on timing or on counter values. Mask UNKNOWN / IMPLEMENTATION DEFINED bits with
 * t_regm() and say why (cite DDI 0487). No pointers in initialised data: the image
 * is linked at 0 and runs wherever it is loaded.
 */
#ifndef CONFORM_H
#define CONFORM_H

#include <stdarg.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;

#define BIT(n)	(1ULL << (n))
#define STR_(x) #x
#define STR(x)	STR_(x)

/* System register access by name or by s3_<op1>_c<n>_c<m>_<op2> encoding. */
#define rd(reg)	   rd_(reg)
#define wr(reg, v) wr_(reg, v)
#define rd_(reg)                                                                                   \
	({                                                                                         \
		u64 rv_;                                                                           \
		__asm__ volatile("mrs %0, " #reg : "=r"(rv_));                                     \
		rv_;                                                                               \
	})
#define wr_(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(v)) : "memory")
#define isb()	    __asm__ volatile("isb" ::: "memory")

/* ---- console and transcript (tprintf.c) */
void c_putc(char c);
void c_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void c_vprintf(const char *fmt, va_list ap);
/* One transcript line: "T: <current section>: <fmt>\n". */
void t_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "T: sec: NAME=0x<value>" */
void t_reg(const char *name, u64 v);
/* "T: sec: NAME=0x<value & ~mask> (masked 0x<mask>: WHY)"; WHY cites the Arm ARM. */
void t_regm(const char *name, u64 v, u64 mask, const char *why);
/* Transcript lines printed so far. */
unsigned t_count(void);
/* Name of the running section (set by the runner). */
void t_section(const char *name);

/* ---- image and platform (main.c) */
/* Runtime address of the image base (the Image header). */
u64 c_base(void);
/* Offset of a runtime address from the image base. */
static inline u64 c_off(u64 addr)
{
	return addr - c_base();
}
/* No pointers in initialised data: they would hold link-time (0-based) values. Use a
 * switch that returns string literals (the code takes their addresses PC-relative). */
struct platform {
	u64 uart, gicd, gicr, mem_base, mem_size;
	int psci_hvc; /* 1: PSCI through HVC, 0: SMC */
	/* INTIDs from the DT "interrupts" properties (0: absent): the GIC node's maintenance
	 * interrupt; the arm,armv8-timer node's secure phys, phys, virt, hyp phys, hyp virt;
	 * the arm,armv8-pmuv3 node's overflow interrupt */
	u32 gic_maint, timer_ppi[5], pmu_ppi;
};
extern struct platform plat;
void c_poweroff(void) __attribute__((noreturn));

/* ---- exception probe at EL2 (exc.c) */
struct probe {
	int taken;  /* 1 if a synchronous exception was taken to EL2 */
	u64 esr;    /* ESR_EL2 */
	u64 elr;    /* ELR_EL2 - address of the probed instruction */
	u64 spsr;   /* SPSR_EL2 */
	u64 far;    /* FAR_EL2 (UNKNOWN unless the EC defines it: print relative or masked) */
	u64 pstate; /* PSTATE.{SSBS, PAN, UAO, DIT, TCO} at the EL2 vector, in their SPSR bit
		       positions: only those in probe_pstate_read (0: none read) */
};
/* Which PSTATE fields c_exc_el2 reads at the vector (SPSR bit positions: SSBS 12, PAN 22,
 * UAO 23, DIT 24, TCO 25): set only to fields the CPU has (their MRS is UNDEFINED else). */
extern u64 probe_pstate_read;
/* The probe in progress (used by PROBE_X0 and the vector). */
extern struct probe *probe_cur;
extern volatile u64 probe_pc;
/*
 * Run one instruction string INSN at EL2 with x0 = V as input and output; a
 * synchronous exception to EL2 is recorded in *R and execution resumes after INSN.
 * Value: x0 after INSN. Example: PROBE_X0(&r, 0, "mrs x0, s3_4_c12_c12_7").
 */
/* (x0 is bound only around the asm: a register variable does not survive a call. x30 is
 * clobbered too, so INSN may be a BLR.) */
#define PROBE_X0(r, v, insn)                                                                       \
	({                                                                                         \
		u64 in_ = (v), out_;                                                               \
		probe_arm(r);                                                                      \
		{                                                                                  \
			register u64 x0_ __asm__("x0") = in_;                                      \
			__asm__ volatile("adr x17, 1f\n\tstr x17, [%1]\n1:\t" insn "\n"            \
					 : "+r"(x0_)                                               \
					 : "r"(&probe_pc)                                          \
					 : "x17", "x30", "memory");                                \
			out_ = x0_;                                                                \
		}                                                                                  \
		probe_disarm();                                                                    \
		out_;                                                                              \
	})
void probe_arm(struct probe *r);
void probe_disarm(void);
/* "T: sec: WHAT: no exception" or "T: sec: WHAT: exception ESR_EL2=.. ELR=+off SPSR=..". */
void t_probe(const char *what, const struct probe *r);
/* An IRQ taken at EL2 (current EL vectors) calls this when set (at run time: no pointer
 * in initialised data); unset, an IRQ at EL2 is unexpected and ends the run. */
extern void (*c_irq_hook)(void);

/* ---- the L2 runner (l2.c) */
struct l2_exit {
	int done; /* 1: L2's fn returned (HVC #0); ret holds its value */
	u64 ret;
	int vector; /* 0 sync, 1 IRQ, 2 FIQ, 3 SError (lower EL, AArch64) */
	u64 esr, far, hpfar, spsr;
	u64 elr_off; /* ELR_EL2 - image base */
	u64 fn_off;  /* L2's function - image base (t_exit prints ELR relative to it) */
};
struct l2_config {
	unsigned granule_shift; /* stage-2 granule: 12 (4K), 14 (16K) or 16 (64K) */
	int e2h;		/* HCR_EL2.E2H while L2 runs (TGE=0) */
	u64 hcr_extra;		/* more HCR_EL2 bits (traps) for this run */
	/* 1: a run loop's fast path: no TLBI VMALLS12E1 on entry unless the tables changed,
	 * and HCR_EL2/VTCR_EL2/VTTBR_EL2 stay L2's between exits (EL2 itself does not use
	 * them) until l2_unload(). */
	int fast;
	int keep_el1; /* 1: SCTLR_EL1/VBAR_EL1 already set by the caller (MMU off!) */
	/* The caller's own stage-2 (sec_s2*.c): when vttbr != 0, VTTBR_EL2/VTCR_EL2 take
	 * these values instead of the runner's identity map. */
	u64 vttbr, vtcr;
	int keep_tlb; /* 1: no TLBI VMALLS12E1 on entry (the caller maintains the TLBs) */
	/* more SPSR_EL2 bits [31:0] for L2's first entry (EL1h, DAIF masked); 32 bits: it
	 * fills the padding, so that copies of the struct stay inline (no memcpy here) */
	unsigned spsr_extra;
};
/*
 * Stage-2 map (identity, IPA = PA, level-3 pages of the granule, 32-bit IPA): the
 * 2 MiB blocks from L2_MAP_BELOW below the image's 2 MiB block up to L2_MAP_ABOVE above
 * it, except the hole, the first 2 MiB block after the image's block (l2_hole() gives
 * its address). Everything else unmapped.
 */
#define L2_MAP_BELOW 0
#define L2_MAP_ABOVE 4
u64 l2_hole(void);
/* Run fn(arg) at EL1h (MMU off, DAIF masked) behind the stage-2. Returns 0 if fn
 * returned (exit->done), 1 on any other exit, <0 on setup error. HCR_EL2, VTCR_EL2,
 * VTTBR_EL2 are restored before returning. */
int run_l2(const struct l2_config *cfg, u64 (*fn)(u64), u64 arg, struct l2_exit *exit);
/* run_l2() for one case of a section: "WHAT: L2 setup failed" printed when it could not set
 * up (the value is then < 0). */
int run_l2_case(const struct l2_config *cfg, const char *what, u64 (*fn)(u64), u64 arg,
		struct l2_exit *exit);
/* Continue L2 after a non-done exit, skipping the trapped instruction if skip. */
int l2_resume(const struct l2_config *cfg, int skip, struct l2_exit *exit);
/* Restore HCR_EL2, VTCR_EL2, VTTBR_EL2 after runs with l2_config.fast. */
void l2_unload(void);
/* Set or clear SPSR_EL2 bits for the next l2_resume() (e.g. SS for software step). */
void l2_spsr_bits(u64 set, u64 clear);
/* Set L2's x<n> for the next l2_resume() (the result of an emulated MRS). */
void l2_set_x(unsigned n, u64 v);
/* L2's general registers x0..x30 as saved at the last exit (restored on l2_resume):
 * an emulated load writes the destination register here. */
u64 *l2_regs(void);
/* Did the exit come through L2's own EL1 vectors (an exception L2's EL1 took, turned into an
 * HVC exit by them)? Their ELR is within l2_vectors' 2 KiB. */
int l2_exit_in_vectors(const struct l2_exit *e);
/* L2's EL1 state a section sets for its L2 runs (SCTLR_EL1, VBAR_EL1, CPACR_EL1), kept aside
 * by l2_el1_enter: MMU off, L2's vectors, with @p fp_on also FP enabled at EL1 (so that only
 * the EL2 controls can trap it), by the names of the current E2H (_EL12 with e2h); put back
 * by l2_el1_leave. */
struct l2_el1ctx {
	u64 sctlr, vbar, cpacr;
};
void l2_el1_enter(int e2h, struct l2_el1ctx *c, int fp_on);
void l2_el1_leave(int e2h, const struct l2_el1ctx *c);
/* "T: sec: WHAT: ESR_EL2=.. ELR=+off ..." for an exit (FAR/HPFAR printed relative to base). */
void t_exit(const char *what, const struct l2_exit *e, u64 base);

/* ---- sections */
/* sec_l2basic.c: the L2 runner's basic checks with HCR_EL2.E2H = e2h while L2 runs. */
void l2basic_run(int e2h);
/* sec_el2exc.c: exceptions taken at EL2 from EL2 with HCR_EL2.E2H = e2h (TGE=0). */
void el2exc_run(int e2h);
/* sec_l2hand.c: L1 -> L2 -> L1 handover of L2's EL1/EL0 state, L1 using the _EL1 names
 * (e2h=0) or the _EL12/_EL02 names with HCR_EL2.E2H=1 (e2h=1). */
void handover_run(int e2h);
/* sec_l2traps.c: every trap L1 can set for L2, with HCR_EL2.E2H = e2h (TGE=0). */
void traps_run(int e2h);
/* sec_l2traps.c: the CNTHCTL_EL2 counter/timer traps (run last, sec_l2cnt.c). */
void cnt_traps_run(int e2h);
/* sec_s2at.c: this image's AT S1E1R/W, S1E0R/W at EL2 with E2H=1 (TGE 0, then 1). */
void s2at_vhe_run(void);
/* sec_el0.c: EL0 run by this image with HCR_EL2.TGE=1 and E2H = e2h (sec_el0, sec_el0nvhe). */
void el0_pass(int e2h);
/* sec_sve.c: FEAT_SVE's vector lengths and traps with HCR_EL2.E2H = e2h (TGE=0). */
void sve_run(int e2h);
/* sec_sme.c: FEAT_SME's streaming vector lengths, SVCR and traps with HCR_EL2.E2H = e2h. */
void sme_run(int e2h);
extern char l2_vectors[];
#define SECTION(name) void sec_##name(void);
/* Another image built on this runtime (tests/perf) names its own section list. */
#ifdef CONFORM_SECTIONS_HEADER
#include CONFORM_SECTIONS_HEADER
#else
#include "sections.h"
#endif
CONFORM_SECTIONS(SECTION)
#undef SECTION

#endif
