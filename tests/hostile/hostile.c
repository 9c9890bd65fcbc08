// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The adversarial guest hypervisor (issue #21): a bare-metal arm64 Image on the conformance
 * image's runtime (tests/conform: start.S, main.c, exc.c, l2.c, gic.c), run as L1 under the
 * example L0. Every section attacks the host with something a guest hypervisor may do at EL2
 * (DDI 0487 allows it, or says what the guest sees), bounded in count and time, restores what
 * it changed, and prints `H: <attack>: survived`; what the guest observed is printed where it
 * is deterministic. The last section, sanity, must print `H: sanity: PASS`: an L2 hypercall
 * returns, L2's memory reads back, L1's own EL2 timer interrupt is taken.
 *
 * Isolation (never weakened): QEMU virt RAM starts at 0x40000000; under the L0, L1's RAM is
 * the top part of it, so anything in [0x40000000, L1's /memory base) is the host's. A load
 * there that does not fault, or a store / DC ZVA / instruction fetch that does not fault,
 * prints `H: <attack>: LEAK ...` (the ctest fails on it). Natively that range is empty.
 */
#include "conform.h"
#include "gic.h"
#include "regs.h"

#define H(fmt, ...) c_printf("H: " fmt "\n", ##__VA_ARGS__)
#define RAM0	    0x40000000ULL /* QEMU virt: start of RAM */

static u64 rng = 0x9e3779b97f4a7c15ULL;
static u64 rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static void survived(const char *what)
{
	H("%s: survived", what);
}

/* ---- generated instructions: any encoding (reserved ones included) run under the probe */
static u32 ibuf[16] __attribute__((aligned(64)));
#define I_RET 0xd65f03c0u
#define I_ISB 0xd5033fdfu
#define I_SYSREG(L, op0, op1, crn, crm, op2, rt)                                                   \
	(0xd5000000u | (u32)(L) << 21 | (u32)(op0) << 19 | (u32)(op1) << 16 | (u32)(crn) << 12 |   \
	 (u32)(crm) << 8 | (u32)(op2) << 5 | (u32)(rt))
#define ENC(op0, op1, crn, crm, op2)                                                               \
	((u32)(op0) << 14 | (u32)(op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
#define I_MRS(e, rt)                                                                               \
	I_SYSREG(1, (e) >> 14, ((e) >> 11) & 7, ((e) >> 7) & 15, ((e) >> 3) & 15, (e)&7, rt)
#define I_MSR(e, rt)                                                                               \
	I_SYSREG(0, (e) >> 14, ((e) >> 11) & 7, ((e) >> 7) & 15, ((e) >> 3) & 15, (e)&7, rt)

static void ibuf_load(const u32 *insn, unsigned n)
{
	volatile u32 *b = ibuf;
	for (unsigned i = 0; i < n; i++)
		b[i] = insn[i];
	b[n] = I_RET;
	__asm__ volatile(
	    "dsb ish\n\tdc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" ::"r"(ibuf)
	    : "memory");
}

/* Run ibuf with x0 = a, x1 = b; a synchronous exception in it is recorded in *r (the first)
 * and execution continues with the next instruction. Value: x0 at the end. */
static u64 ibuf_run(struct probe *r, u64 a, u64 b)
{
	probe_arm(r);
	register u64 x0 __asm__("x0") = a;
	register u64 x1 __asm__("x1") = b;
	register u64 x2 __asm__("x2") = (u64)ibuf;
	__asm__ volatile("adr x17, 1f\n\tstr x17, [%3]\n1:\tblr x2\n"
			 : "+r"(x0), "+r"(x1), "+r"(x2)
			 : "r"(&probe_pc)
			 : "x17", "x30", "memory");
	u64 out = x0; /* before the call: x0 is the register variable's home */
	probe_disarm();
	return out;
}

static u64 ibuf1(struct probe *r, u32 insn, u64 a)
{
	ibuf_load(&insn, 1);
	return ibuf_run(r, a, 0);
}

/* Outcome counters for a class of probes: no exception, or the EC of the exception. */
struct tally {
	unsigned ok, undef, trap, other;
};
static void tally(struct tally *t, const struct probe *r)
{
	if (!r->taken)
		t->ok++;
	else if ((r->esr >> 26) == 0)
		t->undef++;
	else if ((r->esr >> 26) == 0x18)
		t->trap++;
	else
		t->other++;
}

/* ===================================================================== boot */
void sec_start(void)
{
	u64 el = rd(CurrentEL);
	H("start: CurrentEL=EL%u, RAM %s", (unsigned)(el >> 2) & 3,
	  plat.mem_base > RAM0 ? "above the host's (nested)" : "at the RAM base");
}

/* ===================================================================== el2regs */
/*
 * Every EL2 register (op0=3, op1=4: all 2048 encodings): those that read without an
 * exception get all-ones, all-zeros and random values, each written, read back and at once
 * restored in one generated sequence (MSR R, x0; MRS x0, R; MSR R, x1; ISB), so this image
 * never runs on a hostile value. Bits that would stop this image itself before the restore
 * (SCTLR_EL2.M/A/SA/C/I/WXN/EE: its MMU is off; ICC_SRE_EL2.SRE/Enable) keep their value;
 * RMR_EL2 (a warm reset request) is left alone.
 */
static u64 keep_mask(u32 e)
{
	if (e == ENC(3, 4, 1, 0, 0)) /* SCTLR_EL2: M A C SA I WXN EE */
		return BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(12) | BIT(19) | BIT(25);
	if (e == ENC(3, 4, 12, 9, 5)) /* ICC_SRE_EL2: SRE, Enable */
		return BIT(0) | BIT(3);
	return 0;
}

void sec_el2regs(void)
{
	struct probe r;
	struct tally rdt = {0}, wrt = {0};
	unsigned regs = 0;
	static u32 readable[2048 / 32];
	for (u32 crn = 0; crn < 16; crn++)
		for (u32 crm = 0; crm < 16; crm++)
			for (u32 op2 = 0; op2 < 8; op2++) {
				u32 e = ENC(3, 4, crn, crm, op2);
				if (e == ENC(3, 4, 12, 0, 2)) /* RMR_EL2 */
					continue;
				u64 orig = ibuf1(&r, I_MRS(e, 0), 0);
				tally(&rdt, &r);
				if (r.taken)
					continue;
				regs++;
				readable[(e & 2047) / 32] |= 1u << (e & 31);
				/* read-only ones (a write of the value read UNDEFs) are done */
				ibuf1(&r, I_MSR(e, 0), orig);
				tally(&wrt, &r);
				if (r.taken)
					continue;
				u64 keep = keep_mask(e);
				u32 seq[4] = {I_MSR(e, 0), I_MRS(e, 0), I_MSR(e, 1), I_ISB};
				ibuf_load(seq, 4);
				u64 vals[4] = {~0ULL, 0, rnd(), rnd() | 0xffff000000000000ULL};
				for (unsigned i = 0; i < 4; i++) {
					u64 v = (vals[i] & ~keep) | (orig & keep);
					ibuf_run(&r, v, orig);
					tally(&wrt, &r);
				}
			}
	H("el2regs: %u of 2048 EL2 encodings read (%u UNDEFINED, %u other exceptions)", regs,
	  rdt.undef, rdt.trap + rdt.other);
	/* Which EL2 encodings read (op1=4 implied): CRn CRm op2 as 3 hex digits, in order (a
	 * register of a feature the ID registers hide must not be here) */
	c_printf("H: el2regs: readable:");
	for (u32 e = 0; e < 2048; e++)
		if (readable[e / 32] >> (e & 31) & 1)
			c_printf(" %x%x%x", (e >> 7) & 15, (e >> 3) & 15, e & 7);
	c_printf("\n");
	H("el2regs: hostile writes: %u without exception, %u UNDEFINED, %u other", wrt.ok,
	  wrt.undef, wrt.trap + wrt.other);
	survived("el2regs");
}

/* ===================================================================== sysregs */
/*
 * Reserved and IMPLEMENTATION DEFINED encodings, raw: the IMPDEF spaces (op0=3, CRn=11 and
 * 15, every op1), the reserved ID space (op0=3 op1=0 CRn=0 CRm=0..7, RAZ when unallocated),
 * the EL12/EL02 (op1=5, E2H=0: UNDEFINED) and EL3 (op1=6: UNDEFINED at EL2) spaces, and every
 * SYSL (op0=1, L=1: no allocated encoding, UNDEFINED; e.g. SYSL #4, C7, C8, #0 is not AT).
 * Readable IMPDEF registers are written back with the value read.
 */
void sec_sysregs(void)
{
	struct probe r;
	struct tally imp = {0}, impw = {0}, id = {0}, el12 = {0}, el3 = {0}, sysl = {0};
	for (u32 op1 = 0; op1 < 8; op1++)
		for (u32 n = 0; n < 2; n++)
			for (u32 crm = 0; crm < 16; crm++)
				for (u32 op2 = 0; op2 < 8; op2++) {
					u32 e = ENC(3, op1, n ? 15 : 11, crm, op2);
					u64 v = ibuf1(&r, I_MRS(e, 0), 0);
					tally(&imp, &r);
					if (!r.taken && op1 != 4) {
						ibuf1(&r, I_MSR(e, 0), v);
						tally(&impw, &r);
					}
				}
	unsigned nonzero = 0;
	for (u32 crm = 0; crm < 8; crm++)
		for (u32 op2 = 0; op2 < 8; op2++) {
			u64 v = ibuf1(&r, I_MRS(ENC(3, 0, 0, crm, op2), 0), 0);
			tally(&id, &r);
			ibuf1(&r, I_MSR(ENC(3, 0, 0, crm, op2), 0), v); /* read-only: UNDEFINED */
			tally(&id, &r);
			nonzero += !r.taken && v;
		}
	for (u32 crn = 0; crn < 16; crn++)
		for (u32 crm = 0; crm < 16; crm++)
			for (u32 op2 = 0; op2 < 8; op2++) {
				ibuf1(&r, I_MRS(ENC(3, 5, crn, crm, op2), 0), 0);
				tally(&el12, &r);
				ibuf1(&r, I_MRS(ENC(3, 6, crn, crm, op2), 0), 0);
				tally(&el3, &r);
			}
	for (u32 op1 = 0; op1 < 8; op1++)
		for (u32 crn = 0; crn < 16; crn++)
			for (u32 crm = 0; crm < 16; crm += 1)
				for (u32 op2 = 0; op2 < 8; op2 += (crn == 7 || crn == 8) ? 1 : 7) {
					ibuf1(&r, I_SYSREG(1, 1, op1, crn, crm, op2, 0), rnd());
					tally(&sysl, &r);
				}
	struct probe at;
	ibuf1(&at, I_SYSREG(1, 1, 4, 7, 8, 0, 0), 0); /* SYSL x0, #4, C7, C8, #0 */
	t_probe("SYSL #4, C7, C8, #0", &at);
	H("sysregs: IMPDEF reads: %u ok, %u UNDEFINED, %u other; writes back: %u ok, %u "
	  "UNDEFINED, %u other",
	  imp.ok, imp.undef, imp.trap + imp.other, impw.ok, impw.undef, impw.trap + impw.other);
	H("sysregs: reserved ID space: %u ok, %u UNDEFINED, %u other", id.ok, id.undef,
	  id.trap + id.other);
	H("sysregs: op1=5 (E2H=0): %u ok, %u UNDEFINED; op1=6 (EL3): %u ok, %u UNDEFINED", el12.ok,
	  el12.undef + el12.trap + el12.other, el3.ok, el3.undef + el3.trap + el3.other);
	H("sysregs: SYSL: %u ok, %u UNDEFINED, %u other", sysl.ok, sysl.undef,
	  sysl.trap + sysl.other);
	H("sysregs: SYSL #4, C7, C8, #0: %s",
	  at.taken && (at.esr >> 26) == 0 ? "UNDEFINED" : "NOT UNDEFINED");
	survived("sysregs");
}

/* ===================================================================== erets */
/*
 * Illegal exception returns from EL2 (DDI 0487 D1.x "Illegal return events from AArch64
 * state", pseudocode IllegalExceptionReturn): SPSR_EL2.M reserved (M[1] set, EL0 with
 * SP_ELx), EL3, AArch32 modes with HCR_EL2.RW=1 or an AArch32 EL2, and EL1 while
 * HCR_EL2.TGE=1 (with E2H 0 and 1). Each one stays at EL2 with PSTATE.IL=1: the next
 * instruction takes an Illegal Execution state exception (EC 0x0e) at EL2.
 */
static u64 eret_probe(struct probe *r, u64 spsr)
{
	return PROBE_X0(r, spsr,
			"adr x17, 2f\n\tmsr elr_el2, x17\n\tmsr spsr_el2, x0\n\teret\n2:\tnop");
}

void sec_erets(void)
{
	static const unsigned short modes[] = {0x2,  0x3,  0x1,	 0x6,  0x7,  0xa,  0xb,
					       0xc,  0xd,  0xe,	 0xf,  0x13, 0x1a, 0x16,
					       0x1f, 0x17, 0x1b, 0x11, 0x12};
	struct probe r;
	unsigned illegal = 0, n = 0;
	u64 hcr0 = rd(hcr_el2);
	wr(hcr_el2, BIT(31)); /* RW: EL1 is AArch64, so AArch32 EL1 targets are illegal */
	isb();
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		eret_probe(&r, 0x3c0 | modes[i]);
		n++;
		if (r.taken && (r.esr >> 26) == 0x0e)
			illegal++;
		else
			H("erets: SPSR_EL2.M=0x%x: %s ESR_EL2=0x%lx", modes[i],
			  r.taken ? "exception" : "no exception", (unsigned long)r.esr);
	}
	wr(hcr_el2, hcr0);
	isb();
	u64 hcr = rd(hcr_el2), mmfr1 = rd(R_ID_AA64MMFR1_EL1);
	u64 tge[2] = {BIT(27) | BIT(31), BIT(27) | BIT(34) | BIT(31)};
	for (unsigned i = 0; i < 2; i++) {
		if (i == 1 && !((mmfr1 >> 8) & 0xf))
			continue; /* no FEAT_VHE */
		wr(hcr_el2, tge[i]);
		isb();
		eret_probe(&r, 0x3c5); /* EL1h */
		wr(hcr_el2, hcr);
		isb();
		n++;
		if (r.taken && (r.esr >> 26) == 0x0e)
			illegal++;
		H("erets: EL1h with HCR_EL2.TGE=1 E2H=%u: %s", i,
		  r.taken && (r.esr >> 26) == 0x0e ? "illegal return" : "NOT an illegal return");
	}
	H("erets: %u of %u illegal returns stayed at EL2 with PSTATE.IL", illegal, n);
	survived("erets");
}

/* ===================================================================== calls */
/* PSCI function ids that do not stop, suspend or reset this CPU or the machine. */
static int psci_safe(u32 f)
{
	u32 n = f & 0x1f;
	return !(n == 1 || n == 2 || n == 8 || n == 9 || n == 0xb || n == 0xc || n == 0xe ||
		 n == 0xf || n == 0x12 || n == 0x13 || n == 0x15);
}

static u64 l2_smc(u64 fid)
{
	register u64 x0 __asm__("x0") = fid;
	__asm__ volatile("smc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	return x0;
}
static u64 l2_hvc_garbage(u64 x)
{
	register u64 x0 __asm__("x0") = x;
	__asm__ volatile("hvc #0xffff\n\thvc #0x8000\n\thvc #0x1" : "+r"(x0)::"memory");
	return 0x600d;
}

void sec_calls(void)
{
	struct probe r;
	struct tally smc = {0}, hvc = {0};
	unsigned smc_ret = 0;
	/* PSCI 0.2+ ids (32/64-bit) and random ones, through the DTB's conduit (SMC for L1) */
	for (u32 base = 0; base < 2; base++)
		for (u32 n = 0; n < 32; n++) {
			u32 f = (base ? 0xc4000000u : 0x84000000u) | n;
			if (!psci_safe(f))
				continue;
			u64 x =
			    PROBE_X0(&r, f, "mov x1, xzr\n\tmov x2, xzr\n\tmov x3, xzr\n\tsmc #0");
			tally(&smc, &r);
			smc_ret += !r.taken && x != f;
		}
	for (unsigned i = 0; i < 200; i++) {
		u64 f = rnd();
		if ((f & 0xbfffffe0ULL) == 0x84000000ULL) /* leave PSCI itself alone */
			f ^= 0x100;
		if (i & 1)
			f &= 0xffffffffULL;
		u32 insn = 0xd4000003u | (u32)(rnd() & 0xffff) << 5; /* SMC #imm */
		if (i & 2)
			insn = 0xd4000003u;
		ibuf1(&r, insn, f);
		tally(&smc, &r);
	}
	/* HVC #imm at EL2: taken to this image's own vector (DDI 0487 D1.x: target EL2) */
	for (unsigned i = 0; i < 200; i++) {
		ibuf1(&r, 0xd4000002u | (u32)(rnd() & 0xffff) << 5,
		      i < 100 ? 0x84000008ULL : rnd());
		hvc.ok += r.taken && (r.esr >> 26) == 0x16;
		hvc.other += !(r.taken && (r.esr >> 26) == 0x16);
	}
	u64 ver = PROBE_X0(&r, 0x84000000ULL, "smc #0");
	H("calls: PSCI_VERSION after the storm: 0x%lx", (unsigned long)ver);
	H("calls: %u SMCs: %u returned, %u UNDEFINED, %u other; HVC at EL2: %u to own vector, %u "
	  "otherwise",
	  smc.ok + smc.undef + smc.trap + smc.other, smc.ok, smc.undef, smc.trap + smc.other,
	  hvc.ok, hvc.other);
	(void)smc_ret;
	/* L2's SMCs with HCR_EL2.TSC (SYSTEM_OFF and SYSTEM_RESET among them: they belong to
	 * L1, never to the host) and garbage HVC immediates. */
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = BIT(19)};
	struct l2_exit e;
	static const u32 fids[] = {0x84000008u, 0x84000009u, 0x84000002u, 0xc4000003u, 0xdeadbeefu};
	unsigned to_l1 = 0;
	for (unsigned i = 0; i < 5; i++) {
		int rc = run_l2(&cfg, l2_smc, fids[i], &e);
		to_l1 += rc == 1 && e.vector == 0 && (e.esr >> 26) == 0x17;
	}
	H("calls: L2 SMCs with TSC (SYSTEM_OFF, SYSTEM_RESET, CPU_OFF, CPU_ON, garbage): %u of 5 "
	  "trapped to L1",
	  to_l1);
	cfg.hcr_extra = 0;
	int rc = run_l2(&cfg, l2_hvc_garbage, rnd(), &e);
	unsigned hv = 0;
	for (unsigned i = 0; i < 4 && rc == 1 && e.vector == 0 && (e.esr >> 26) == 0x16; i++) {
		hv++;
		rc = l2_resume(&cfg, 0, &e);
	}
	H("calls: L2 HVC #0xffff/#0x8000/#0x1: %u exits to L1, then L2 %s", hv,
	  rc == 0 && e.ret == 0x600d ? "returned" : "did not return");
	survived("calls");
}

/* ===================================================================== isolation */
/* Addresses outside this image's RAM: the host's RAM when nested, past the end of /memory,
 * PA space at and beyond the PA range. */
static unsigned wild_addrs(u64 *a)
{
	unsigned n = 0;
	u64 end = plat.mem_base + plat.mem_size;
	if (plat.mem_base > RAM0) {
		u64 span = plat.mem_base - RAM0;
		a[n++] = RAM0, a[n++] = RAM0 + 0x80000, a[n++] = RAM0 + span / 2;
		a[n++] = RAM0 + span / 4 + 0x1230, a[n++] = plat.mem_base - 0x1000;
		a[n++] = plat.mem_base - 0x200000;
		for (unsigned i = 0; i < 8; i++)
			a[n++] = RAM0 + ((rnd() % span) & ~7ULL);
	}
	a[n++] = end, a[n++] = end + 0x1000, a[n++] = end + 0x10000000;
	a[n++] = BIT(44) - 0x1000, a[n++] = BIT(48) - 0x1000, a[n++] = BIT(52) + 0x1000;
	return n;
}
static int host_ram(u64 a)
{
	return a >= RAM0 && a < plat.mem_base;
}

void sec_isolation(void)
{
	u64 a[32];
	unsigned n = wild_addrs(a), leaks = 0, loads = 0, stores = 0, zvas = 0, fetches = 0;
	struct probe r;
	for (unsigned i = 0; i < n; i++) {
		u64 v = PROBE_X0(&r, a[i], "ldr x0, [x0]");
		loads += r.taken;
		if (!r.taken) {
			if (host_ram(a[i]))
				leaks++, H("isolation: LEAK: load from host RAM +0x%lx read 0x%lx",
					   (unsigned long)(a[i] - RAM0), (unsigned long)v);
			continue; /* something answers here: no store, ZVA or fetch */
		}
		PROBE_X0(&r, a[i], "str x0, [x0]");
		stores += r.taken;
		if (!r.taken && host_ram(a[i]))
			leaks++, H("isolation: LEAK: store to host RAM +0x%lx",
				   (unsigned long)(a[i] - RAM0));
		PROBE_X0(&r, a[i] & ~63ULL, "dc zva, x0");
		zvas += r.taken;
		if (!r.taken && host_ram(a[i]))
			leaks++, H("isolation: LEAK: DC ZVA at host RAM +0x%lx",
				   (unsigned long)(a[i] - RAM0));
		PROBE_X0(&r, a[i] & ~3ULL, "blr x0");
		fetches += r.taken;
		if (!r.taken)
			leaks++, H("isolation: LEAK: instruction fetch at 0x%lx returned",
				   (unsigned long)a[i]);
	}
	H("isolation: %u addresses: %u loads, %u stores, %u DC ZVA, %u fetches faulted; %u leaks",
	  n, loads, stores, zvas, fetches, leaks);
	survived("isolation");
}

/* ===================================================================== atdcic */
/* An AT probe's outcome into @p t; an exception at an address outside the host's RAM
 * printed (the first 8; natively the same addresses, the lines compare). */
static void at_note(struct tally *t, const struct probe *r, const char *op, u64 x)
{
	static unsigned printed;

	tally(t, r);
	if (r->taken && !host_ram(x) && ++printed <= 8)
		H("atdcic: AT %s at 0x%lx: exception ESR_EL2=0x%lx PAR_EL1=0x%lx", op,
		  (unsigned long)x, (unsigned long)r->esr, (unsigned long)rd(par_el1));
}

void sec_atdcic(void)
{
	u64 a[40];
	unsigned n = wild_addrs(a);
	for (unsigned i = 0; i < 8; i++)
		a[n++] = rnd();
	struct probe r;
	struct tally at = {0}, dc = {0};
	u64 par = rd(par_el1);
	for (unsigned i = 0; i < n; i++) {
		u64 x = a[i];
		PROBE_X0(&r, x, "at s1e2r, x0"), at_note(&at, &r, "S1E2R", x);
		PROBE_X0(&r, x, "at s1e2w, x0"), at_note(&at, &r, "S1E2W", x);
		PROBE_X0(&r, x, "at s1e1r, x0"), at_note(&at, &r, "S1E1R", x);
		PROBE_X0(&r, x, "at s1e1w, x0"), at_note(&at, &r, "S1E1W", x);
		PROBE_X0(&r, x, "at s1e0r, x0"), at_note(&at, &r, "S1E0R", x);
		PROBE_X0(&r, x, "at s12e1r, x0"), at_note(&at, &r, "S12E1R", x);
		PROBE_X0(&r, x, "at s12e1w, x0"), at_note(&at, &r, "S12E1W", x);
		PROBE_X0(&r, x, "at s12e0r, x0"), at_note(&at, &r, "S12E0R", x);
		PROBE_X0(&r, x, "at s12e0w, x0"), at_note(&at, &r, "S12E0W", x);
		PROBE_X0(&r, x, "dc civac, x0"), tally(&dc, &r);
		PROBE_X0(&r, x, "dc cvac, x0"), tally(&dc, &r);
		PROBE_X0(&r, x, "dc cvau, x0"), tally(&dc, &r);
		PROBE_X0(&r, x, "dc ivac, x0"), tally(&dc, &r);
		PROBE_X0(&r, x, "ic ivau, x0"), tally(&dc, &r);
		if (!host_ram(x) && x >= plat.mem_base)
			PROBE_X0(&r, x & ~63ULL, "dc zva, x0"), tally(&dc, &r);
	}
	/* AT S12E1* with VM=1 and L1's stage-2 off-range (VTTBR_EL2 beyond its RAM) */
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	wr(vtcr_el2, 32 | (1ULL << 6) | (2ULL << 16) | BIT(31));
	for (unsigned i = 0; i < n; i++) {
		wr(vttbr_el2, (a[i] & (BIT(48) - 1) & ~0xfffULL) | (7ULL << 48));
		wr(hcr_el2, BIT(31) | BIT(0));
		isb();
		PROBE_X0(&r, a[i] & 0xffffffffULL, "at s12e1r, x0");
		at_note(&at, &r, "S12E1R, VTTBR_EL2 there,", a[i]);
		PROBE_X0(&r, a[i] & 0xffffffffULL, "at s12e0w, x0");
		at_note(&at, &r, "S12E0W, VTTBR_EL2 there,", a[i]);
		wr(hcr_el2, hcr);
		isb();
	}
	wr(vttbr_el2, vttbr);
	wr(vtcr_el2, vtcr);
	__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	wr(par_el1, par);
	H("atdcic: AT at %u wild addresses: %u without exception, %u with", n, at.ok,
	  at.undef + at.trap + at.other);
	H("atdcic: DC/IC: %u without exception, %u with", dc.ok, dc.undef + dc.trap + dc.other);
	survived("atdcic");
}

/* ===================================================================== tlbi */
static u64 l2_ret(u64 x)
{
	return x + 1;
}

void sec_tlbi(void)
{
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	struct probe r;
	struct tally t = {0};
	int ok = run_l2(&cfg, l2_ret, 1, &e) == 0; /* a shadow stage-2 to invalidate */
	/* Every TLBI encoding (op0=1, CRn 8 and 9, op1 0/4/6: EL1, EL2, EL3) with random x0 */
	static const unsigned char op1s[] = {0, 4, 6};
	for (unsigned k = 0; k < 3; k++)
		for (u32 crn = 8; crn < 10; crn++)
			for (u32 crm = 0; crm < 16; crm++)
				for (u32 op2 = 0; op2 < 8; op2++) {
					ibuf1(&r, I_SYSREG(0, 1, op1s[k], crn, crm, op2, 0), rnd());
					tally(&t, &r);
				}
	for (unsigned i = 0; i < 3000; i++) {
		u64 x = rnd();
		PROBE_X0(&r, x, "tlbi ipas2e1is, x0");
		PROBE_X0(&r, x, "sys #4, c8, c0, #2, x0"); /* TLBI RIPAS2E1IS */
		if (!(i & 63))
			PROBE_X0(&r, x, "tlbi vmalls12e1is");
	}
	ok &= run_l2(&cfg, l2_ret, 41, &e) == 0 && e.ret == 42;
	H("tlbi: %u TLBI encodings: %u ok, %u UNDEFINED, %u other; 9000 by-IPA/range/VMID; L2 "
	  "%s",
	  t.ok + t.undef + t.trap + t.other, t.ok, t.undef, t.trap + t.other,
	  ok ? "runs before and after" : "BROKEN");
	survived("tlbi");
}

/* ===================================================================== s2garbage */
/* Stage-2 tables for L2 built here (4K granule, 40-bit IPA/PA, start level 1 unless the
 * attack says otherwise), in this image's RAM. */
static u64 tab[6][512] __attribute__((aligned(65536)));
static u64 marker[512] __attribute__((aligned(4096)));
#define S2_TABLE(pa) ((u64)(pa) | 3)
#define S2_PAGE(pa)  ((u64)(pa) | BIT(10) | (3ULL << 8) | (3ULL << 6) | (0xfULL << 2) | 3)
#define S2_BLOCK(pa) ((u64)(pa) | BIT(10) | (3ULL << 8) | (3ULL << 6) | (0xfULL << 2) | 1)

static u64 l2_load(u64 a)
{
	return *(volatile u64 *)a;
}

static void tab_clear(void)
{
	for (unsigned i = 0; i < 6; i++)
		for (unsigned j = 0; j < 512; j++)
			tab[i][j] = 0;
}

/* Run L2 reading ipa behind (vttbr, vtcr): the exit, with a line. Map the stub and
 * L2's code/stack/vectors: a 1 GiB block at level 1 for the image's own GiB. */
static void s2_try(const char *what, u64 vtcr, u64 root, u64 ipa)
{
	struct l2_config cfg = {.granule_shift = 12, .vttbr = root | (5ULL << 48), .vtcr = vtcr};
	struct l2_exit e;
	__asm__ volatile("dsb ish" ::: "memory");
	int rc = run_l2(&cfg, l2_load, ipa, &e);
	if (rc == 0)
		H("s2garbage: %s: L2 read %s", what,
		  e.ret == marker[0] ? "the marker: output address TRUNCATED to its low bits"
				     : "something");
	else if (rc == 1)
		H("s2garbage: %s: exit vector %d EC 0x%lx FSC 0x%lx", what, e.vector,
		  (unsigned long)(e.esr >> 26), (unsigned long)(e.esr & 0x3f));
	else
		H("s2garbage: %s: setup failed", what);
}

void sec_s2garbage(void)
{
	u64 img = c_base() & ~0x3fffffffULL; /* the image's GiB (4K: a level-1 block) */
	u64 vtcr4k = 24 | (1ULL << 6) | (2ULL << 16) | BIT(31); /* T0SZ 24: 40-bit IPA, SL0 1 */
	u64 probe_ipa = 0x8000000000ULL - 0x200000;		/* high in the IPA space */
	unsigned slot = (unsigned)(probe_ipa >> 30) & 511;
	marker[0] = 0x6d61726b6572ULL;
	/* 1: self-referencing tables: level-1 entry -> root, level 2 -> root, level 3 -> root */
	tab_clear();
	tab[0][img >> 30 & 511] = S2_BLOCK(img);
	tab[0][slot] = S2_TABLE(tab[0]);
	for (unsigned j = 0; j < 512; j++)
		if (j != (img >> 30 & 511))
			tab[0][j] = S2_TABLE(tab[0]);
	s2_try("self-referencing table", vtcr4k, (u64)tab[0], probe_ipa);
	/* 2: two tables pointing at each other */
	tab_clear();
	tab[0][img >> 30 & 511] = S2_BLOCK(img);
	tab[0][slot] = S2_TABLE(tab[1]);
	for (unsigned j = 0; j < 512; j++)
		tab[1][j] = S2_TABLE(tab[0]);
	s2_try("table cycle of two", vtcr4k, (u64)tab[0], probe_ipa);
	/* 3: output address with bit 47 set (PS = 40 bits: address size fault), table address
	 * with bit 47 set, and a page beyond the PA range with the marker's low bits */
	tab_clear();
	tab[0][img >> 30 & 511] = S2_BLOCK(img);
	tab[0][slot] = S2_TABLE(tab[1]);
	tab[1][(probe_ipa >> 21) & 511] = S2_TABLE(tab[2]);
	tab[1][((probe_ipa >> 21) + 1) & 511] = S2_TABLE(BIT(47) | (u64)tab[2]);
	tab[2][(probe_ipa >> 12) & 511] = S2_PAGE(BIT(47) | (u64)marker);
	s2_try("page with output bit 47", vtcr4k, (u64)tab[0], probe_ipa);
	s2_try("table with address bit 47", vtcr4k, (u64)tab[0], probe_ipa + 0x200000);
	/* 4: outputs outside L1's RAM: the host's RAM (nested), past /memory, flash at 0,
	 * the top of the 40-bit PA space */
	u64 outs[6];
	unsigned no = 0;
	if (plat.mem_base > RAM0)
		outs[no++] = RAM0, outs[no++] = plat.mem_base - 0x1000;
	outs[no++] = plat.mem_base + plat.mem_size;
	outs[no++] = plat.mem_base + plat.mem_size + 0x3000000;
	outs[no++] = BIT(40) - 0x1000;
	for (unsigned i = 0; i < no; i++) {
		tab[2][(probe_ipa >> 12) & 511] = S2_PAGE(outs[i] & ~0xfffULL);
		__asm__ volatile("dsb ish\n\ttlbi vmalls12e1\n\tdsb ish" ::: "memory");
		struct l2_config cfg = {
		    .granule_shift = 12, .vttbr = (u64)tab[0] | (5ULL << 48), .vtcr = vtcr4k};
		struct l2_exit e;
		int rc = run_l2(&cfg, l2_load, probe_ipa, &e);
		if (rc == 0 && host_ram(outs[i]))
			H("s2garbage: LEAK: L2 read host RAM +0x%lx through L1's stage-2: 0x%lx",
			  (unsigned long)(outs[i] - RAM0), (unsigned long)e.ret);
		else
			H("s2garbage: output %s: %s",
			  host_ram(outs[i]) ? "in host RAM" : "outside RAM",
			  rc == 0   ? "read"
			  : rc == 1 ? "exit"
				    : "setup failed");
	}
	/* 5: random garbage in every table (read-only accesses; 8 random IPAs) */
	for (unsigned i = 0; i < 6; i++)
		for (unsigned j = 0; j < 512; j++)
			tab[i][j] =
			    rnd() & ~(3ULL << 52); /* keep the contiguous hint out: spares QEMU */
	tab[0][img >> 30 & 511] = S2_BLOCK(img);
	unsigned exits = 0, reads = 0;
	for (unsigned i = 0; i < 8; i++) {
		struct l2_config cfg = {
		    .granule_shift = 12, .vttbr = (u64)tab[0] | (5ULL << 48), .vtcr = vtcr4k};
		struct l2_exit e;
		u64 ipa = (rnd() & (BIT(40) - 1) & ~7ULL);
		if ((ipa >> 30) == (img >> 30))
			ipa ^= BIT(38);
		int rc = run_l2(&cfg, l2_load, ipa, &e);
		exits += rc == 1, reads += rc == 0;
	}
	H("s2garbage: random tables: 8 L2 reads, %u exits, %u completed", exits, reads);
	/* 6: reserved VTCR_EL2 forms: SL0 reserved, T0SZ out of range, TG0 reserved, PS 52
	 * bits with a 4K granule and no DS */
	u64 vtcrs[5] = {24 | (3ULL << 6) | (2ULL << 16) | BIT(31), 0 | (1ULL << 6) | BIT(31),
			63 | (1ULL << 6) | BIT(31), 24 | (1ULL << 6) | (3ULL << 14) | BIT(31),
			24 | (1ULL << 6) | (6ULL << 16) | BIT(31)};
	tab_clear();
	tab[0][img >> 30 & 511] = S2_BLOCK(img);
	for (unsigned i = 0; i < 5; i++)
		s2_try("reserved VTCR_EL2", vtcrs[i], (u64)tab[0], probe_ipa);
	/* 7: 52-bit output addresses (FEAT_LPA, 64K granule: OA[51:48] in bits [15:12]) when the
	 * PA range is 52 bits: a page at PA BIT(51) | the marker. Nothing is there: an External
	 * abort (or an address size fault); never the marker (that would be a truncated OA). */
	u64 pa_range = rd(R_ID_AA64MMFR0_EL1) & 0xf;
	if (pa_range == 6) {
		/* 64K granule, T0SZ 22 (42-bit IPA), SL0 1 (start level 2: 8192-entry root needs
		 * 64K alignment), PS 6 */
		static u64 t64[2][8192] __attribute__((aligned(65536)));
		for (unsigned j = 0; j < 8192; j++)
			t64[0][j] = t64[1][j] = 0;
		u64 vtcr64 = 22 | (1ULL << 6) | (1ULL << 14) | (6ULL << 16) | BIT(31);
		/* level 2 entries cover 512 MiB: the image's, and one table for probe_ipa */
		u64 ipa = 0x20000000000ULL - 0x20000000; /* last 512 MiB of 2^41 */
		t64[0][(c_base() >> 29) & 8191] = S2_BLOCK(c_base() & ~0x1fffffffULL);
		t64[0][(ipa >> 29) & 8191] = S2_TABLE(t64[1]);
		u64 oa = BIT(51) | ((u64)marker & ~0xffffULL);
		t64[1][(ipa >> 16) & 8191] =
		    S2_PAGE((oa & (BIT(48) - 1)) | ((oa >> 48) & 0xf) << 12);
		s2_try("52-bit output (64K, FEAT_LPA)", vtcr64, (u64)t64[0],
		       ipa + ((u64)marker & 0xffffULL));
	} else {
		H("s2garbage: 52-bit output: PA range %lu, not 52 bits", (unsigned long)pa_range);
	}
	__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	survived("s2garbage");
}

/* ===================================================================== aarch32 */
/* L2 at AArch32 EL0 (if the ID registers allow it; else the ERET is an illegal return at
 * L2's EL1): a loop long enough for the host's timer interrupts to land while L2 is AArch32,
 * CP15 accesses trapped to L1 by HSTR_EL2, then UDF (UNDEFINED to L2's EL1). */
static const u32 a32_code[] __attribute__((aligned(64))) = {
    0xe3a00401u, /* mov r0, #0x1000000 */
    0xe2500001u, /* subs r0, r0, #1 */
    0x1afffffdu, /* bne .-4 */
    0xec510f1eu, /* mrrc p15, 1, r0, r1, c14 (CNTVCT: HSTR_EL2.T14) */
    0xee1d0f50u, /* mrc p15, 0, r0, c13, c0, 2 (TPIDRURW: HSTR_EL2.T13) */
    0xe7f000f0u, /* udf #0 */
};
static u64 l2_to_a32(u64 pc)
{
	__asm__ volatile("msr spsr_el1, %0\n\tmsr elr_el1, %1\n\tisb\n\teret" ::"r"(0x1d0ULL),
			 "r"(pc)
			 : "memory");
	return 0;
}

void sec_aarch32(void)
{
	u64 el0 = rd(id_aa64pfr0_el1) & 0xf;
	u64 hstr = rd(R_HSTR_EL2), cntk = rd(cntkctl_el1);
	wr(R_HSTR_EL2, BIT(13) | BIT(14));
	wr(cntkctl_el1, cntk | 3); /* EL0PCTEN, EL0VCTEN: the HSTR_EL2 trap comes first */
	/* L1's EL2 physical timer armed to fire while L2 loops (PSTATE.I masked here: it
	 * stays pending; under a host the host sees it while L2 runs) */
	u64 ctl = rd(R_CNTHP_CTL_EL2);
	u32 ppi = plat.timer_ppi[3] ? plat.timer_ppi[3] : 26;
	gic_up(); /* the timer's PPI enabled: a physical IRQ while L2 is at AArch32 EL0 */
	gic_ppi_config(ppi, 0x80);
	gic_ppi_enable(ppi, 1);
	wr(R_CNTHP_CVAL_EL2, rd(cntpct_el0) + 2000000);
	wr(R_CNTHP_CTL_EL2, 1);
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = BIT(4)}; /* IMO */
	struct l2_exit e;
	int rc = run_l2(&cfg, l2_to_a32, (u64)a32_code, &e);
	unsigned n = 0, a32 = 0, irq = 0;
	while (rc == 1 && n < 12) {
		n++;
		int from_a32 = (e.spsr >> 4) & 1; /* SPSR_EL2.M[4]: from AArch32 */
		a32 += from_a32;
		if ((e.vector & 3) == 1) {
			irq++;
			wr(R_CNTHP_CTL_EL2, 0);
		}
		int sync = (e.vector & 3) == 0;
		u64 ec = e.esr >> 26;
		if (sync && from_a32 && (ec == 3 || ec == 4)) {
			H("aarch32: L2 AArch32 EL0 CP15 access trapped to L1: EC 0x%lx",
			  (unsigned long)ec);
			rc = l2_resume(&cfg, 1, &e);
			continue;
		}
		if (sync && e.elr_off >= c_off((u64)l2_vectors) &&
		    e.elr_off < c_off((u64)l2_vectors) + 0x800) {
			u64 esr1 = rd(esr_el1);
			H("aarch32: exception to L2's EL1 (vector +0x%lx) ESR_EL1.EC=0x%lx",
			  (unsigned long)(e.elr_off - c_off((u64)l2_vectors) - 4) & ~0x7fUL,
			  (unsigned long)(esr1 >> 26));
			break;
		}
		if (!sync)
			rc = l2_resume(&cfg, 0, &e);
		else {
			t_exit("aarch32 other exit", &e, c_base());
			break;
		}
	}
	wr(R_CNTHP_CTL_EL2, ctl);
	gic_ppi_enable(ppi, 0);
	gic_down();
	wr(R_HSTR_EL2, hstr);
	wr(cntkctl_el1, cntk);
	isb();
	H("aarch32: ID_AA64PFR0_EL1.EL0=%lu; %u exits (%u from AArch32, %u IRQ)",
	  (unsigned long)el0, n, a32, irq);
	survived("aarch32");
}

/* ===================================================================== lrflood */
/* Each L2 run: L2 acknowledges and EOIs what its virtual CPU interface gives (EOImode 0:
 * with HW=1 the EOI deactivates the physical INTID named in the LR, IHI 0069 4.x). */
#define R_ICC_SGI1R s3_0_c12_c11_5
static u64 l2_ack(u64 max)
{
	u64 n = 0;
	for (u64 i = 0; i < max; i++) {
		u64 iar = rd(s3_0_c12_c12_0);
		if ((iar & 0xffffff) >= 1020)
			break;
		wr(s3_0_c12_c12_1, iar);
		n++;
	}
	return n;
}

static void lr_write(unsigned i, u64 v)
{
	switch (i) {
#define X(n, enc)                                                                                  \
	case n:                                                                                    \
		wr(enc, v);                                                                        \
		break;
		ICH_LR_CASES(X)
#undef X
	}
}

void sec_lrflood(void)
{
	unsigned lrs = (unsigned)(rd(R_ICH_VTR_EL2) & 0x1f) + 1;
	if (lrs > 16)
		lrs = 16;
	u64 hcr = rd(R_ICH_HCR_EL2), vmcr = rd(R_ICH_VMCR_EL2);
	wr(R_ICH_VMCR_EL2, (0xffULL << 24) | BIT(1)); /* VPMR 0xff, VENG1 */
	wr(R_ICH_HCR_EL2, 1);			      /* En */
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = BIT(4) | BIT(3)}; /* IMO FMO */
	struct l2_exit e;
	unsigned acked = 0, runs = 0, bad = 0;
	for (u32 p = 0; p < 1020; p += lrs) {
		for (unsigned i = 0; i < lrs; i++) {
			u32 pint = p + i < 1020 ? p + i : 1019;
			lr_write(i, LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) |
					LR_PINTID(pint) | (64 + i));
		}
		isb();
		int rc = run_l2(&cfg, l2_ack, lrs, &e);
		runs++;
		if (rc == 0)
			acked += (unsigned)e.ret;
		else
			bad++;
		for (unsigned i = 0; i < lrs; i++)
			lr_write(i, 0);
		wr(R_ICH_AP1R0_EL2, 0);
		wr(R_ICH_AP0R0_EL2, 0);
		isb();
	}
	/* Also HW=1 with the pending+active state and pINTIDs in the reserved range */
	for (unsigned i = 0; i < lrs; i++)
		lr_write(i, (3ULL << 62) | LR_HW | LR_GROUP1 | LR_PRIO(0x80) | LR_PINTID(1020 + i) |
				(200 + i));
	isb();
	int rc = run_l2(&cfg, l2_ack, lrs, &e);
	for (unsigned i = 0; i < lrs; i++)
		lr_write(i, 0);
	wr(R_ICH_AP1R0_EL2, 0);
	wr(R_ICH_HCR_EL2, hcr);
	wr(R_ICH_VMCR_EL2, vmcr);
	isb();
	H("lrflood: pINTIDs 0..1019 with HW=1 in %u list registers: %u L2 runs, %u acknowledged "
	  "and EOIed by L2, %u runs with other exits; reserved pINTIDs: L2 %s",
	  lrs, runs, acked, bad, rc == 0 ? "returned" : "exited");
	survived("lrflood");
}

/* ===================================================================== timers */
static u64 l2_timer_storm(u64 arg)
{
	(void)arg;
	u64 fired = 0;
	/* CVAL in the past (fires at once and stays), then 1 us periods through TVAL (1 GHz
	 * counter on QEMU virt; any frequency: TVAL=1000 ticks is short) */
	wr(cntv_cval_el0, 0);
	wr(cntv_ctl_el0, 1);
	wr(cntp_cval_el0, 0);
	wr(cntp_ctl_el0, 1);
	for (volatile unsigned i = 0; i < 20000; i++)
		;
	for (unsigned k = 0; k < 200; k++) {
		wr(cntv_tval_el0, 1000);
		wr(cntp_tval_el0, 1000);
		isb();
		for (unsigned i = 0; i < 100000; i++)
			if (rd(cntv_ctl_el0) & 4) {
				fired++;
				break;
			}
	}
	/* leave both firing: L1 finds them pending when L2 exits */
	wr(cntv_cval_el0, 0);
	wr(cntp_cval_el0, 0);
	return fired;
}

static unsigned el2_storm(int virt)
{
	unsigned fired = 0;
	if (virt) {
		wr(R_CNTHV_CVAL_EL2, 0);
		wr(R_CNTHV_CTL_EL2, 1);
	} else {
		wr(R_CNTHP_CVAL_EL2, 0);
		wr(R_CNTHP_CTL_EL2, 1);
	}
	for (volatile unsigned i = 0; i < 20000; i++)
		;
	for (unsigned k = 0; k < 200; k++) {
		u64 c = rd(cntpct_el0) + 1000;
		if (virt)
			wr(R_CNTHV_CVAL_EL2, c);
		else
			wr(R_CNTHP_CVAL_EL2, c);
		isb();
		for (unsigned i = 0; i < 100000; i++)
			if ((virt ? rd(R_CNTHV_CTL_EL2) : rd(R_CNTHP_CTL_EL2)) & 4) {
				fired++;
				break;
			}
	}
	if (virt)
		wr(R_CNTHV_CTL_EL2, 0);
	else
		wr(R_CNTHP_CTL_EL2, 0);
	return fired;
}

void sec_timers(void)
{
	unsigned hp = el2_storm(0), hv = 0;
	int vh = (rd(R_ID_AA64MMFR1_EL1) >> 8) & 0xf;
	if (vh)
		hv = el2_storm(1);
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = BIT(4)};
	struct l2_exit e;
	unsigned irqs = 0;
	int rc = run_l2(&cfg, l2_timer_storm, 0, &e);
	for (unsigned i = 0; i < 50 && rc == 1 && e.vector == 1; i++)
		irqs++, rc = l2_resume(&cfg, 0, &e);
	wr(cntv_ctl_el0, 0);
	wr(cntp_ctl_el0, 0);
	isb();
	H("timers: EL2 physical timer 1us periods: %u of 200 fired within bound", hp);
	if (vh)
		H("timers: EL2 virtual timer 1us periods: %u of 200 fired within bound", hv);
	H("timers: L2 storm: %s (%u IRQ exits on the way)",
	  rc == 0 ? "L2 returned" : "L2 did not return", irqs);
	survived("timers");
}

/* ===================================================================== sgis */
static u64 l2_sgis(u64 n)
{
	for (u64 i = 0; i < n; i++)
		wr(R_ICC_SGI1R, (i & 15) << 24 | 1 | (i & 1 ? BIT(40) : 0));
	return n;
}

void sec_sgis(void)
{
	struct probe r;
	struct tally s1 = {0}, s0 = {0}, as = {0};
	for (unsigned i = 0; i < 3000; i++) {
		u64 v = rnd() & ~(0xffULL << 56);
		PROBE_X0(&r, v, "msr s3_0_c12_c11_5, x0"), tally(&s1, &r); /* ICC_SGI1R_EL1 */
		if (i < 300) {
			PROBE_X0(&r, v, "msr s3_0_c12_c11_7, x0"),
			    tally(&s0, &r); /* ICC_SGI0R_EL1 */
			PROBE_X0(&r, v, "msr s3_0_c12_c11_6, x0"),
			    tally(&as, &r); /* ICC_ASGI1R_EL1 */
		}
	}
	gicr_wr(GICR_ICPENDR0, 0xffff);
	struct l2_config cfg = {.granule_shift = 12, .hcr_extra = BIT(4) | BIT(3)};
	struct l2_exit e;
	unsigned traps = 0;
	int rc = run_l2(&cfg, l2_sgis, 50, &e);
	for (unsigned i = 0; i < 60 && rc == 1; i++) {
		traps += e.vector == 0 && (e.esr >> 26) == 0x18;
		rc = l2_resume(&cfg, e.vector == 0 && (e.esr >> 26) == 0x18, &e);
	}
	gicr_wr(GICR_ICPENDR0, 0xffff);
	H("sgis: ICC_SGI1R_EL1 x3000: %u ok, %u UNDEFINED, %u other", s1.ok, s1.undef,
	  s1.trap + s1.other);
	H("sgis: ICC_SGI0R_EL1 x300: %u ok, %u UNDEFINED; ICC_ASGI1R_EL1 x300: %u ok, %u "
	  "UNDEFINED",
	  s0.ok, s0.undef + s0.trap + s0.other, as.ok, as.undef + as.trap + as.other);
	H("sgis: L2 ICC_SGI1R_EL1 x50 with IMO: %u trapped to L1, L2 %s", traps,
	  rc == 0 ? "returned" : "did not return");
	survived("sgis");
}

/* ===================================================================== sanity */
static u64 l2_sanity(u64 buf)
{
	volatile u64 *p = (volatile u64 *)buf;
	for (unsigned i = 0; i < 64; i++)
		p[i * 512] = 0x5a5a000000000000ULL | i; /* 64 pages */
	register u64 x0 __asm__("x0") = 7;
	__asm__ volatile("hvc #0x1234" : "+r"(x0)::"memory");
	return x0 + 1;
}

static void timer_off(u32 intid)
{
	(void)intid;
	wr(R_CNTHP_CTL_EL2, 0);
}

static u64 sane_buf[64 * 512] __attribute__((aligned(4096)));

void sec_sanity(void)
{
	int pass = 1;
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	unsigned spurious = 0;
	int rc = run_l2(&cfg, l2_sanity, (u64)sane_buf, &e);
	while (rc == 1 && e.vector == 1 && spurious < 10)
		spurious++, rc = l2_resume(&cfg, 0, &e);
	int hvc = rc == 1 && e.vector == 0 && e.esr == ((0x16ULL << 26) | BIT(25) | 0x1234) &&
		  l2_regs()[0] == 7;
	H("sanity: L2 hypercall #0x1234 with x0=7: %s", hvc ? "taken by L1" : "NOT SEEN");
	pass &= hvc;
	if (hvc) {
		l2_set_x(0, 41);
		rc = l2_resume(&cfg, 0, &e);
		while (rc == 1 && e.vector == 1 && spurious < 20)
			spurious++, rc = l2_resume(&cfg, 0, &e);
	}
	int ret = rc == 0 && e.ret == 42;
	H("sanity: L2 resumed with L1's x0 and returned: %s", ret ? "yes" : "NO");
	pass &= ret;
	unsigned bad = 0;
	for (unsigned i = 0; i < 64; i++)
		bad += sane_buf[i * 512] != (0x5a5a000000000000ULL | i);
	H("sanity: 64 pages written by L2 read back by L1: %u mismatches", bad);
	pass &= bad == 0;
	unsigned runs = 0;
	for (unsigned i = 0; i < 20; i++)
		runs += run_l2(&cfg, l2_ret, i, &e) == 0 && e.ret == i + 1;
	H("sanity: 20 more L2 runs returned: %u", runs);
	pass &= runs == 20;
	H("sanity: spurious IRQ exits: %u", spurious);
	/* L1's own EL2 physical timer, taken as an IRQ at EL2 */
	u32 ppi = plat.timer_ppi[3] ? plat.timer_ppi[3] : 26;
	gic_up();
	gic_ppi_config(ppi, 0x80);
	gic_ppi_enable(ppi, 1);
	wr(R_CNTHP_CVAL_EL2, rd(cntpct_el0) + 100000);
	wr(R_CNTHP_CTL_EL2, 1);
	isb();
	/* the timer condition first (bounded), then the IRQ (bounded) */
	for (unsigned i = 0; i < 10000000 && !(rd(R_CNTHP_CTL_EL2) & 4); i++)
		;
	u64 istatus = (rd(R_CNTHP_CTL_EL2) >> 2) & 1;
	/* The wait is bounded in instructions, the timer's interrupt in host time: on a loaded
	 * host the emulator may raise the line after one bounded wait, so up to 5 of them (a
	 * lost interrupt still fails) */
	u32 got = gic_take_irq(timer_off, 1);
	for (unsigned w = 1; got != ppi && w < 5; w++) {
		unsigned pend = gic_ppi_bit(GICR_ISPENDR0, ppi);
		got = gic_take_irq(timer_off, 1);
		H("sanity: EL2 timer IRQ not taken within wait %u: ISTATUS=%lu, pending in "
		  "GICR_ISPENDR0=%u, the next wait %s",
		  w, (unsigned long)istatus, pend, got == ppi ? "took it" : "did not take it");
	}
	wr(R_CNTHP_CTL_EL2, 0);
	gic_ppi_enable(ppi, 0);
	gic_down();
	H("sanity: L1's EL2 physical timer interrupt: %s", got == ppi ? "taken" : "NOT TAKEN");
	pass &= got == ppi;
	H("sanity: %s", pass ? "PASS" : "FAIL");
}

/* ===================================================================== mmio */
/*
 * L1's own loads and stores to its GIC distributor in forms whose data abort has no valid
 * instruction syndrome (ISV=0: LDP/STP, pre/post-index writeback; DDI 0487 D24.2 ESR_ELx
 * ISS for a data abort): a host emulating the device must decode the instruction or answer
 * with an abort, never stop. Writes only write zeros to set/clear-enable registers (no
 * effect). Printed: exception or not, and whether the value and the writeback are right.
 */
void sec_mmio(void)
{
	u64 d = plat.gicd;
	struct probe r;
	u64 ctlr = PROBE_X0(&r, d, "ldr w0, [x0]");
	u64 typer = PROBE_X0(&r, d + 4, "ldr w0, [x0]");
	u64 irouter = PROBE_X0(&r, d + 0x6108, "ldr x0, [x0]");
	u64 v;
#define MMIO_LINE(what, ok)                                                                        \
	H("mmio: %s: %s%s", what, r.taken ? "exception, " : "", ok ? "right" : "WRONG")
	/* A 32-bit pair may reach the device as one 64-bit access (QEMU's GICv3 then answers
	 * what a 64-bit GICD_CTLR read gives; the GIC only defines 32-bit accesses there,
	 * IHI 0069 12.1.x): only "exception or not" is printed for it. */
	PROBE_X0(&r, d, "ldp w17, w0, [x0]");
	H("mmio: LDP w (GICD_CTLR, GICD_TYPER): %s", r.taken ? "exception" : "no exception");
	v = PROBE_X0(&r, d + 0x6100, "ldp x17, x0, [x0]");
	MMIO_LINE("LDP x (GICD_IROUTER32/33)", !r.taken && v == irouter);
	v = PROBE_X0(&r, d, "ldr w17, [x0, #4]!\n\tmov x0, x17");
	MMIO_LINE("LDR pre-index value", !r.taken && v == typer);
	v = PROBE_X0(&r, d, "ldr w17, [x0, #4]!");
	MMIO_LINE("LDR pre-index writeback", !r.taken && v == d + 4);
	v = PROBE_X0(&r, d, "ldr w17, [x0], #4\n\tmov x0, x17");
	MMIO_LINE("LDR post-index value", !r.taken && v == ctlr);
	v = PROBE_X0(&r, d, "ldr w17, [x0], #4");
	MMIO_LINE("LDR post-index writeback", !r.taken && v == d + 4);
	v = PROBE_X0(&r, d + 0x180, "stp wzr, wzr, [x0]\n\tmov x0, #1");
	MMIO_LINE("STP wzr (GICD_ICENABLER0/1)", !r.taken && v == 1);
	v = PROBE_X0(&r, d + 0xfc, "str wzr, [x0, #4]!");
	MMIO_LINE("STR pre-index (GICD_ISENABLER1)", !r.taken && v == d + 0x100);
	/* Exclusives and atomics (ISV=0 too). Natively (QEMU) they complete; DDI 0487 B2.9 lets
	 * Device memory not support them, with the data abort DFSC 0x35 (Unsupported Exclusive
	 * or Atomic access) taken where the access was made. Either is right; anything else (an
	 * External abort, a wrong value) is WRONG. LDADD adds zero to GICD_ISENABLER0 (a write of
	 * the bits read: no change). */
	for (unsigned k = 0; k < 3; k++) {
		/* (names by ?: : this image has no relocations for tables of pointers) */
		const char *xname = k == 0   ? "LDXR (GICD_TYPER)"
				    : k == 1 ? "LDAXR (GICD_TYPER)"
					     : "LDADD wzr (GICD_ISENABLER0)";
		u64 isen = PROBE_X0(&r, d + 0x100, "ldr w0, [x0]");
		v = k == 0 ? PROBE_X0(&r, d + 4, "ldxr w0, [x0]")
		    : k == 1
			? PROBE_X0(&r, d + 4, "ldaxr w0, [x0]\n\tclrex")
			: PROBE_X0(&r, d + 0x100,
				   "mov x17, x0\n\t.inst 0xb83f0220 /* ldadd wzr, w0, [x17] */");
		u64 want = k < 2 ? typer : isen;
		int unsup = r.taken && (r.esr >> 26) == 0x25 && (r.esr & 0x3f) == 0x35;
		H("mmio: %s: %s", xname,
		  !r.taken ? (v == want ? "completed, right" : "completed, WRONG value")
		  : unsup  ? "Unsupported Exclusive or Atomic access abort"
			   : "other exception, WRONG");
		if (r.taken && !unsup)
			H("mmio: %s: ESR 0x%lx", xname, (unsigned long)r.esr);
	}
	survived("mmio");
}

/* ===================================================================== cntpct */
/* L1 clears CNTHCTL_EL2.EL1PCTEN and EL1PCEN (E2H=0 layout, as KVM does for its guests):
 * L2's CNTPCT_EL0 and CNTP_CTL_EL0 accesses trap to L1 (EC 0x18; DDI 0487 D12 CNTHCTL_EL2). */
static u64 l2_cntpct(u64 x)
{
	(void)x;
	u64 a = rd(cntpct_el0);
	u64 b = rd(cntp_ctl_el0);
	return a + b;
}

void sec_cntpct(void)
{
	u64 cnthctl = rd(cnthctl_el2);
	wr(cnthctl_el2, cnthctl & ~3ULL);
	isb();
	struct l2_config cfg = {.granule_shift = 12};
	struct l2_exit e;
	unsigned traps = 0;
	int rc = run_l2(&cfg, l2_cntpct, 0, &e);
	for (unsigned i = 0; i < 4 && rc == 1 && e.vector == 0 && (e.esr >> 26) == 0x18; i++) {
		traps++;
		l2_set_x((e.esr >> 5) & 31, 0x100);
		rc = l2_resume(&cfg, 1, &e);
	}
	wr(cnthctl_el2, cnthctl);
	isb();
	H("cntpct: L2 CNTPCT_EL0/CNTP_CTL_EL0 with EL1PCTEN=EL1PCEN=0: %u traps to L1, L2 %s",
	  traps, rc == 0 && e.ret == 0x200 ? "returned L1's values" : "did not return L1's values");
	survived("cntpct");
}

/* ===================================================================== virq */
/* L1 asks for a virtual SError, IRQ and FIQ for L2 through HCR_EL2.VSE/VI/VF (with AMO, IMO,
 * FMO; DDI 0487 D1.x "Virtual interrupts"): L2 unmasks PSTATE.A/I/F and must take each at its
 * EL1 (L2's vectors turn it into an exit: SError entry 7, IRQ 5, FIQ 6 for EL1h). */
static u64 l2_unmask(u64 x)
{
	(void)x;
	__asm__ volatile("msr daifclr, #0x7\n\tisb\n\tnop\n\tnop\n\tmsr daifset, #0x7" ::
			     : "memory");
	return 0x600d;
}

void sec_virq(void)
{
	static const struct {
		u64 bits;
		unsigned vec;
	} v[3] = {{BIT(8) | BIT(5), 7}, {BIT(7) | BIT(4), 5}, {BIT(6) | BIT(3), 6}};
	unsigned taken = 0;
	for (unsigned i = 0; i < 3; i++) {
		struct l2_config cfg = {.granule_shift = 12, .hcr_extra = v[i].bits, .fast = 1};
		struct l2_exit e;
		int rc = run_l2(&cfg, l2_unmask, 0, &e);
		u64 hcr_after = rd(hcr_el2);
		l2_unload();
		u64 off = e.elr_off - c_off((u64)l2_vectors);
		int ok = rc == 1 && e.vector == 0 && (e.esr >> 26) == 0x16 &&
			 (e.esr & 0xffff) == 0xe100 + v[i].vec && off < 0x800;
		taken += ok;
		H("virq: HCR_EL2.%s: %s",
		  i == 0   ? "VSE"
		  : i == 1 ? "VI"
			   : "VF",
		  ok	    ? "taken by L2"
		  : rc == 0 ? "NOT TAKEN (L2 returned)"
			    : "other exit");
		/* HCR_EL2.VSE is cleared when the virtual SError is taken (DDI 0487 D1.x
		 * "Virtual SError exceptions"): read while L2's HCR_EL2 is still loaded */
		if (i == 0)
			H("virq: HCR_EL2.VSE after the virtual SError was taken: %u",
			  (unsigned)(hcr_after >> 8) & 1);
	}
	H("virq: %u of 3 virtual exceptions reached L2", taken);
	survived("virq");
}

/* ===================================================================== idcheck */
/* EL2 registers of optional features against the ID registers this image reads (DDI 0487:
 * a register of an unimplemented feature is UNDEFINED): HCRX_EL2 (MMFR1.HCX), VNCR_EL2
 * (MMFR2.NV >= 2), CNTPOFF_EL2 (MMFR0.ECV >= 2), VSESR_EL2 and VDISR_EL2 (PFR0.RAS),
 * SCXTNUM_EL2 (PFR0.CSV2 >= 2). */
void sec_idcheck(void)
{
	u64 mmfr0 = rd(R_ID_AA64MMFR0_EL1), mmfr1 = rd(R_ID_AA64MMFR1_EL1);
	u64 mmfr2 = rd(s3_0_c0_c7_2), pfr0 = rd(id_aa64pfr0_el1);
	struct {
		u32 e;
		int present;
	} regs[6] = {
	    {ENC(3, 4, 1, 2, 2), ((mmfr1 >> 40) & 0xf) >= 1},
	    {ENC(3, 4, 2, 2, 0), ((mmfr2 >> 24) & 0xf) >= 2},
	    {ENC(3, 4, 14, 0, 6), ((mmfr0 >> 60) & 0xf) >= 2},
	    {ENC(3, 4, 5, 2, 3), ((pfr0 >> 28) & 0xf) >= 1},
	    {ENC(3, 4, 12, 1, 1), ((pfr0 >> 28) & 0xf) >= 1},
	    {ENC(3, 4, 13, 0, 7), ((pfr0 >> 56) & 0xf) >= 2},
	};
	unsigned bad = 0;
	for (unsigned i = 0; i < 6; i++) {
		struct probe r;
		ibuf1(&r, I_MRS(regs[i].e, 0), 0);
		int ok = !r.taken ? regs[i].present : (r.esr >> 26) == 0 && !regs[i].present;
		bad += !ok;
		H("idcheck: %s: ID registers say %s, MRS %s%s",
		  i == 0   ? "HCRX_EL2"
		  : i == 1 ? "VNCR_EL2"
		  : i == 2 ? "CNTPOFF_EL2"
		  : i == 3 ? "VSESR_EL2"
		  : i == 4 ? "VDISR_EL2"
			   : "SCXTNUM_EL2",
		  regs[i].present ? "present" : "absent", r.taken ? "UNDEFINED" : "reads",
		  ok ? "" : ": INCONSISTENT");
	}
	/* RVBAR_EL2: present when EL2 is the highest Exception level (no EL3, as for L1 on QEMU
	 * virt without secure=on), read-only, the IMPLEMENTATION DEFINED reset address */
	{
		struct probe r;
		u64 v = ibuf1(&r, I_MRS(ENC(3, 4, 12, 0, 1), 0), 0);

		H("idcheck: RVBAR_EL2 (EL3 %s): %s 0x%lx",
		  (pfr0 >> 12) & 0xf ? "present" : "absent", r.taken ? "UNDEFINED" : "reads",
		  (unsigned long)v);
		ibuf1(&r, I_MSR(ENC(3, 4, 12, 0, 1), 0), v);
		H("idcheck: RVBAR_EL2 write: %s", r.taken ? "UNDEFINED" : "no exception");
	}
	H("idcheck: %u inconsistencies", bad);
	survived("idcheck");
}
