// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The L2 runner: this image's own stage-2 (identity map of its 2 MiB block and a few
// after it, with a hole) and a world switch to EL1h (MMU off) that captures every exit.
#include "conform.h"

int l2_enter(u64 *gpr);
void l2_stub(void);
extern char l2_vectors[];

static u64 s2_l1[512] __attribute__((aligned(4096)));
static u64 s2_l2[512] __attribute__((aligned(4096)));
static u64 l2_stack[512] __attribute__((aligned(16)));
static u64 gpr[31];
static u64 l2_elr, l2_spsr, l2_fn;
static int s2_built;

#define S2_BLOCK                                                                                   \
	(BIT(10) | (3ULL << 8) | (3ULL << 6) | (0xfULL << 2) | 1) /* AF SH=IS S2AP=RW Normal WB */
/* VTCR_EL2 (4K): T0SZ=32 (4 GiB IPA), SL0=1 (start at level 1), IRGN0=ORGN0=WBWA,
 * SH0=Inner, TG0=4K, PS=40 bits, RES1 bit 31. */
#define VTCR_4K                                                                                    \
	(32ULL | (1ULL << 6) | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (2ULL << 16) | BIT(31))

u64 l2_hole(void)
{
	return (c_base() & ~0x1fffffULL) + 0x200000;
}

static int s2_build(unsigned gshift)
{
	if (gshift != 12)
		return -1; /* 16K/64K: to do (parameter kept for the sections that need them) */
	if (s2_built)
		return 0;
	u64 blk = c_base() >> 21;
	u64 lo = blk - L2_MAP_BELOW, hi = blk + L2_MAP_ABOVE;
	if ((lo >> 9) != (hi >> 9) || (hi << 21) >= BIT(32))
		return -1;
	for (u64 b = lo; b <= hi; b++)
		if (b != blk + 1) /* the hole */
			s2_l2[b & 511] = (b << 21) | S2_BLOCK;
	s2_l1[blk >> 9] = (u64)s2_l2 | 3; /* table descriptor */
	__asm__ volatile("dsb ishst" ::: "memory");
	s2_built = 1;
	return 0;
}

static int go(const struct l2_config *cfg, struct l2_exit *e)
{
	u64 hcr = rd(hcr_el2), vtcr = rd(vtcr_el2), vttbr = rd(vttbr_el2);
	wr(vtcr_el2, VTCR_4K);
	wr(vttbr_el2, (u64)s2_l1 | (1ULL << 48));				   /* VMID 1 */
	wr(hcr_el2, BIT(31) | BIT(0) | (cfg->e2h ? BIT(34) : 0) | cfg->hcr_extra); /* RW VM E2H */
	isb();
	__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	wr(elr_el2, l2_elr);
	wr(spsr_el2, l2_spsr);
	int kind = l2_enter(gpr);
	u64 esr = rd(esr_el2), far = rd(far_el2), hpfar = rd(hpfar_el2);
	u64 elr = rd(elr_el2), spsr = rd(spsr_el2);
	wr(hcr_el2, hcr);
	isb();
	wr(vtcr_el2, vtcr);
	wr(vttbr_el2, vttbr);
	isb();
	l2_elr = elr, l2_spsr = spsr;
	e->vector = kind, e->esr = esr, e->far = far, e->hpfar = hpfar, e->spsr = spsr;
	e->elr_off = c_off(elr);
	e->fn_off = c_off(l2_fn);
	e->done = kind == 0 && (esr >> 26) == 0x16 && (esr & 0xffff) == 0;
	e->ret = e->done ? gpr[0] : 0;
	return e->done ? 0 : 1;
}

int run_l2(const struct l2_config *cfg, u64 (*fn)(u64), u64 arg, struct l2_exit *e)
{
	if (s2_build(cfg->granule_shift))
		return -1;
	for (int i = 0; i < 31; i++)
		gpr[i] = 0;
	gpr[0] = (u64)fn, gpr[1] = arg;
	l2_fn = (u64)fn;
	/* L2's EL1 state, written while E2H is still this image's (0 between sections). */
	wr(sctlr_el1, 0x30d00800); /* MMU, caches off; RES1 bits of the Armv8.0 layout */
	wr(vbar_el1, (u64)l2_vectors);
	wr(sp_el1, (u64)(l2_stack + 512));
	isb();
	l2_elr = (u64)l2_stub;
	l2_spsr = 0x3c5; /* EL1h, DAIF masked */
	return go(cfg, e);
}

int l2_resume(const struct l2_config *cfg, int skip, struct l2_exit *e)
{
	if (skip)
		l2_elr += 4;
	return go(cfg, e);
}

void t_exit(const char *what, const struct l2_exit *e, u64 base)
{
	u64 ec = e->esr >> 26;
	if (e->done) {
		t_line("%s: L2 returned 0x%lx", what, (unsigned long)e->ret);
		return;
	}
	/* ELR relative to L2's function, or to L2's EL1 vectors when an exception to L2's
	 * EL1 became the exit (their HVC #0xe1xx): never to the load address. */
	u64 vec = c_off((u64)l2_vectors);
	if (e->elr_off >= vec && e->elr_off < vec + 0x800)
		t_line("%s: exit vector %d ESR_EL2=0x%lx ELR=l2_vectors+0x%lx SPSR_EL2.M=0x%lx",
		       what, e->vector, (unsigned long)e->esr, (unsigned long)(e->elr_off - vec),
		       (unsigned long)(e->spsr & 0x1f));
	else
		t_line("%s: exit vector %d ESR_EL2=0x%lx ELR=fn+0x%lx SPSR_EL2.M=0x%lx", what,
		       e->vector, (unsigned long)e->esr, (unsigned long)(e->elr_off - e->fn_off),
		       (unsigned long)(e->spsr & 0x1f));
	if (e->vector == 0 && (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25)) {
		/* FAR_EL2 is valid for these ECs; HPFAR_EL2 for stage-2 translation, access
		 * flag and permission faults (DDI 0487 D24.2.x HPFAR_EL2) */
		u64 fsc = e->esr & 0x3f;
		t_line("%s: FAR_EL2=base+0x%lx", what, (unsigned long)(e->far - base));
		if (fsc >= 4 && fsc <= 0xf) {
			u64 ipa = ((e->hpfar >> 4) & (BIT(44) - 1)) << 12;
			t_line("%s: HPFAR_EL2 IPA=base+0x%lx NS=%d", what,
			       (unsigned long)(ipa - base), (int)(e->hpfar >> 63));
		}
	}
}
