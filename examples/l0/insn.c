// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L1's loads and stores to a device L0 emulates (its GIC, vgicd.c) whose data abort has no
// valid instruction syndrome (ESR_EL2.ISV = 0: DDI 0487 D24.2 "ISS encoding for an exception
// from a Data Abort" gives ISV=1 only for single general-register loads/stores without
// writeback). The L0 reads the instruction at L1's PC and, for the forms it can split into
// single accesses of the ISV=1 shape, emulates each through the device with a syndrome as the
// architecture would have given it, then does the base register writeback:
//   - LDP/STP/LDNP/STNP/LDPSW (general registers; post-index, signed offset, pre-index);
//   - LDR/STR/LDRB/LDRH/LDRS*/STRB/STRH, immediate pre- and post-index.
// Exclusives and atomics to the device (issue #21) are answered with the data abort for an
// Unsupported Exclusive or Atomic access (DFSC 0x35, l1_excl_abort): emulating them is not
// possible. Measured on QEMU: after L0 emulates an LDXR and returns (ERET clears the local
// monitor; DDI 0487 B2.9), L1's STXR fails on its own monitor without accessing the device,
// so it never traps, and an LDXR..STXR retry loop would spin forever; the architecture lets
// Device memory not support exclusives and names this fault for it (B2.9, D24.2 DFSC).
// Anything else (SIMD&FP registers, a PC that does not translate) is left to the caller,
// which answers with an External abort (what L1 sees for a device that cannot take the
// access). A pair is not single-copy atomic as a whole (DDI 0487 B2.2: an LDP
// is two accesses), so two device accesses are what the architecture allows.
#include "l0.h"

/* ISS of a data abort: ISV [24], SAS [23:22], SSE [21], SRT [20:16], SF [15], WnR [6] */
#define ISS_ISV	 (1ull << 24)
#define ISS_SSE	 (1ull << 21)
#define ISS_SF	 (1ull << 15)
#define ISS_WNR	 (1ull << 6)
#define ISS_MASK ((1ull << 25) - 1)

struct ls_insn {
	unsigned n;	     /* accesses: 1 or 2 */
	unsigned size;	     /* bytes per access */
	unsigned rt[2];	     /* transfer registers */
	unsigned rn;	     /* base (31: SP) */
	bool load, sext, sf; /* sext: sign-extend to 64 bits (sf) or 32 */
	bool wback, post;
	int64_t imm; /* byte offset */
};

static int64_t sext64(uint64_t v, unsigned bits)
{
	uint64_t sb = 1ull << (bits - 1);
	v &= bits == 64 ? ~0ull : (1ull << bits) - 1;
	return (int64_t)((v ^ sb) - sb);
}

/* A64 encodings (DDI 0487 C4.1 "Loads and Stores"): general-register pair and immediate
 * pre/post-index forms only. */
static bool decode(uint32_t i, struct ls_insn *d)
{
	if (((i >> 27) & 7) == 5 && !((i >> 26) & 1) && ((i >> 23) & 7) <= 3) {
		unsigned opc = i >> 30, idx = (i >> 23) & 7;
		d->load = (i >> 22) & 1;
		if (opc == 0)
			d->size = 4, d->sext = false, d->sf = false;
		else if (opc == 2)
			d->size = 8, d->sext = false, d->sf = true;
		else if (opc == 1 && d->load && idx != 0)
			d->size = 4, d->sext = true, d->sf = true; /* LDPSW */
		else
			return false;
		d->n = 2;
		d->rt[0] = i & 31, d->rt[1] = (i >> 10) & 31, d->rn = (i >> 5) & 31;
		d->imm = sext64(FIELD(i, 21, 15), 7) * (int64_t)d->size;
		d->wback = idx == 1 || idx == 3;
		d->post = idx == 1;
		return true;
	}
	if ((i & 0x3b200000u) == 0x38000000u && (((i >> 10) & 3) == 1 || ((i >> 10) & 3) == 3)) {
		unsigned size = 1u << (i >> 30), opc = (i >> 22) & 3;
		d->size = size;
		d->load = opc != 0;
		if (opc == 2 && size == 8)
			return false; /* PRFM-like space: not a load */
		if (opc == 3 && size >= 4)
			return false;
		d->sext = opc >= 2;
		d->sf = size == 8 || opc == 2;
		d->n = 1;
		d->rt[0] = d->rt[1] = i & 31, d->rn = (i >> 5) & 31;
		d->imm = sext64(FIELD(i, 20, 12), 9);
		d->wback = true;
		d->post = ((i >> 10) & 3) == 1;
		return true;
	}
	return false;
}

static uint64_t base_get(struct l0_frame *f, unsigned rn)
{
	if (rn != 31)
		return f->x[rn];
	return (read_sysreg(spsr_el2) & 1) ? read_sysreg(sp_el1) : read_sysreg(sp_el0);
}

static void base_set(struct l0_frame *f, unsigned rn, uint64_t v)
{
	if (rn != 31)
		f->x[rn] = v;
	else if (read_sysreg(spsr_el2) & 1)
		write_sysreg(sp_el1, v);
	else
		write_sysreg(sp_el0, v);
}

/* The instruction at L1's PC (a vEL2 VA, through L1's own stage 1 in the hardware EL1&0
 * regime; L0's stage 2 for L1's RAM is the identity). PAR_EL1 is L1's: kept. */
static bool fetch_l1(const struct l0_vm *vm, uint64_t pc, uint32_t *insn)
{
	uint64_t par0 = read_sysreg(par_el1), par;
	__asm__ volatile("at s1e1r, %0" ::"r"(pc) : "memory");
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, par0);
	if ((par & 1) || (pc & 3))
		return false;
	uint64_t pa = (FIELD(par, 47, 12) << 12) | (pc & 0xfff);
	if (!l1_ram(vm, pa, 4))
		return false;
	*insn = *(volatile uint32_t *)(uintptr_t)pa;
	return true;
}

/* The load/store exclusive family (LDXR/STXR/LDXP/STXP and acquire/release forms, CAS,
 * CASP: op0 [29:24] = 001000) and the LSE atomic memory operations (LDADD..., SWP: [29:24] =
 * 111000, [21] = 1, [11:10] = 00): DDI 0487 C4.1 "Loads and Stores". */
static bool excl_or_atomic(uint32_t i)
{
	return (i & 0x3f000000u) == 0x08000000u || (i & 0x3f200c00u) == 0x38200000u;
}

bool insn_mmio_l1(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t far, uint64_t ipa)
{
	struct ls_insn d;
	uint32_t i;
	uint64_t pc = read_sysreg(elr_el2);

	if (FIELD(esr, 31, 26) != EC_DABT_LOW || (esr & ISS_ISV) || (esr & ESR_S1PTW))
		return false;
	if (!fetch_l1(v->vm, pc, &i))
		return false;
	if (excl_or_atomic(i) && vgicd_owns(v->vm, ipa)) {
		l1_excl_abort(v, esr, far);
		return true;
	}
	if (!decode(i, &d))
		return false;
	if (!d.load && d.rt[0] == d.rn && d.wback && d.rn != 31)
		return false; /* CONSTRAINED UNPREDICTABLE store of the base: not emulated */
	uint64_t base = base_get(f, d.rn);
	uint64_t ea = d.post ? base : base + (uint64_t)d.imm;
	unsigned sas = d.size == 1 ? 0 : d.size == 2 ? 1 : d.size == 4 ? 2 : 3;
	for (unsigned k = 0; k < d.n; k++) {
		uint64_t a = ea + k * d.size;
		uint64_t e = (esr & ~ISS_MASK) | ISS_ISV | ((uint64_t)sas << 22) |
			     (d.sext ? ISS_SSE : 0) | ((uint64_t)d.rt[k] << 16) |
			     (d.sf || d.size == 8 ? ISS_SF : 0) | (d.load ? 0 : ISS_WNR) |
			     (esr & 0x3f);
		if (!vgicd_mmio(v, f, e, ipa + (a - far))) {
			if (k == 0)
				return false;
			break; /* the second half left the device: as far as it went */
		}
		if (d.load && d.sext && d.rt[k] != 31) {
			int64_t sv = sext64(f->x[d.rt[k]], d.size * 8);
			f->x[d.rt[k]] = d.sf ? (uint64_t)sv : (uint64_t)sv & 0xffffffffull;
		}
	}
	if (d.wback)
		base_set(f, d.rn, base + (uint64_t)d.imm);
	write_sysreg(elr_el2, pc + 4); /* vgicd_mmio advanced it once per access */
	return true;
}
