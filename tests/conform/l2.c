// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The L2 runner: this image's own stage-2 (4K, 16K or 64K pages: identity map of its
// 2 MiB block and a few after it, with a hole) and a world switch to EL1h (MMU off) that captures
// every exit.
#include "conform.h"

int l2_enter(u64 *gpr);
void l2_stub(void);
extern char l2_vectors[];

/* Stage-2 tables, any granule: up to three 64K tables (4K: 1 + 1 + 5, 16K and 64K:
 * 1 + 2), taken in order from this pool and rebuilt when the granule changes. */
static u64 s2_pool[3 * 8192] __attribute__((aligned(65536)));
static unsigned s2_tables, s2_gshift;
static u64 *s2_root;
static u64 s2_vtcr;
static int s2_fresh; /* tables (re)built since the last entry: TLBI before entering */
static u64 l2_stack[512] __attribute__((aligned(16)));
static u64 gpr[31];
static u64 l2_elr, l2_spsr, l2_fn;

/* Page descriptor: AF, SH=Inner, S2AP=RW, MemAttr=Normal WB, bits[1:0]=0b11 */
#define S2_PAGE (BIT(10) | (3ULL << 8) | (3ULL << 6) | (0xfULL << 2) | 3)

u64 l2_hole(void)
{
	return (c_base() & ~0x1fffffULL) + 0x200000;
}

static u64 *s2_alloc(unsigned gshift)
{
	u64 n = 1ULL << (gshift - 3);
	if ((s2_tables + 1) * n > sizeof(s2_pool) / 8)
		return 0;
	u64 *t = &s2_pool[s2_tables++ * n];
	for (u64 i = 0; i < n; i++)
		t[i] = 0;
	return t;
}

/* Identity-map the page at ipa: levels from the start level down to 3 (DDI 0487
 * D8.2: each level resolves gshift - 3 bits; level 3 maps one granule). */
static int s2_map(unsigned gshift, int start_level, u64 ipa)
{
	u64 *t = s2_root, n = 1ULL << (gshift - 3);
	for (int lvl = start_level; lvl < 3; lvl++) {
		unsigned shift = gshift + (unsigned)(3 - lvl) * (gshift - 3);
		u64 idx = (ipa >> shift) & (n - 1);
		if (!(t[idx] & 1)) {
			u64 *next = s2_alloc(gshift);
			if (!next)
				return -1;
			t[idx] = (u64)next | 3; /* table descriptor */
		}
		t = (u64 *)(t[idx] & (BIT(48) - 1) & ~((1ULL << gshift) - 1));
	}
	t[(ipa >> gshift) & (n - 1)] = ipa | S2_PAGE;
	return 0;
}

/*
 * VTCR_EL2: T0SZ=32 (4 GiB IPA), SL0=1 (start at level 1 with 4K, level 2 with 16K and
 * 64K: DDI 0487 D8.2 VTCR_EL2.SL0), IRGN0=ORGN0=WBWA, SH0=Inner, TG0, PS=40 bits, RES1
 * bit 31. The map: every page of [image 2 MiB block - L2_MAP_BELOW blocks, + L2_MAP_ABOVE
 * blocks] except the hole (l2_hole(), one 2 MiB block).
 */
static int s2_build(unsigned gshift)
{
	u64 tg0;
	int start;
	switch (gshift) {
	case 12:
		tg0 = 0, start = 1;
		break;
	case 14:
		tg0 = 2, start = 2;
		break;
	case 16:
		tg0 = 1, start = 2;
		break;
	default:
		return -1;
	}
	if (s2_root && s2_gshift == gshift)
		return 0;
	s2_tables = 0;
	s2_root = s2_alloc(gshift);
	u64 blk = c_base() & ~0x1fffffULL, hole = l2_hole();
	u64 lo = blk - L2_MAP_BELOW * 0x200000ULL, hi = blk + (L2_MAP_ABOVE + 1) * 0x200000ULL;
	if (hi > BIT(32))
		return s2_root = 0, -1;
	for (u64 a = lo; a < hi; a += 1ULL << gshift)
		if ((a < hole || a >= hole + 0x200000) && s2_map(gshift, start, a))
			return s2_root = 0, -1;
	__asm__ volatile("dsb ishst" ::: "memory");
	s2_vtcr = 32 | (1ULL << 6) | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | (tg0 << 14) |
		  (2ULL << 16) | BIT(31);
	s2_gshift = gshift;
	s2_fresh = 1;
	return 0;
}

/* Values of HCR_EL2, VTCR_EL2, VTTBR_EL2 to restore while L2's are loaded (fast). */
static int loaded;
static u64 saved_hcr, saved_vtcr, saved_vttbr;

void l2_unload(void)
{
	if (!loaded)
		return;
	wr(hcr_el2, saved_hcr);
	isb();
	wr(vtcr_el2, saved_vtcr);
	wr(vttbr_el2, saved_vttbr);
	isb();
	loaded = 0;
}

static int go(const struct l2_config *cfg, struct l2_exit *e)
{
	if (!loaded) {
		saved_hcr = rd(hcr_el2), saved_vtcr = rd(vtcr_el2), saved_vttbr = rd(vttbr_el2);
		wr(vtcr_el2, cfg->vttbr ? cfg->vtcr : s2_vtcr);
		wr(vttbr_el2, cfg->vttbr ? cfg->vttbr : (u64)s2_root | (1ULL << 48)); /* VMID 1 */
		wr(hcr_el2,
		   BIT(31) | BIT(0) | (cfg->e2h ? BIT(34) : 0) | cfg->hcr_extra); /* RW VM E2H */
		isb();
		loaded = 1;
	}
	if (!cfg->keep_tlb && (!cfg->fast || s2_fresh))
		__asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
	s2_fresh = 0;
	wr(elr_el2, l2_elr);
	wr(spsr_el2, l2_spsr);
	int kind = l2_enter(gpr);
	u64 esr = rd(esr_el2), far = rd(far_el2), ec = esr >> 26;
	/* HPFAR_EL2 is meaningful for instruction and data aborts only (DDI 0487 D24.2
	 * HPFAR_EL2), and every reader of e->hpfar looks at those: read it there only, as a
	 * hypervisor does (under FEAT_NV2 it has no VNCR slot and each read traps to L0) */
	u64 hpfar = (ec & ~5ULL) == 0x20 ? rd(hpfar_el2) : 0;
	u64 elr = rd(elr_el2), spsr = rd(spsr_el2);
	if (!cfg->fast)
		l2_unload();
	l2_elr = elr, l2_spsr = spsr;
	e->vector = kind, e->esr = esr, e->far = far, e->hpfar = hpfar, e->spsr = spsr;
	e->elr_off = c_off(elr);
	e->fn_off = c_off(l2_fn);
	e->done = kind == 0 && (esr >> 26) == 0x16 && (esr & 0xffff) == 0;
	e->ret = e->done ? gpr[0] : 0;
	return e->done ? 0 : 1;
}

u64 *l2_regs(void)
{
	return gpr;
}

int run_l2(const struct l2_config *cfg, u64 (*fn)(u64), u64 arg, struct l2_exit *e)
{
	if (!cfg->vttbr && s2_build(cfg->granule_shift))
		return -1;
	for (int i = 0; i < 31; i++)
		gpr[i] = 0;
	gpr[0] = (u64)fn, gpr[1] = arg;
	l2_fn = (u64)fn;
	/* L2's EL1 state, written while E2H is still this image's (0 between sections). */
	if (!cfg->keep_el1) {
		wr(sctlr_el1, 0x30d00800); /* MMU, caches off; RES1 bits of the Armv8.0 layout */
		wr(vbar_el1, (u64)l2_vectors);
	}
	wr(sp_el1, (u64)(l2_stack + 512));
	isb();
	l2_elr = (u64)l2_stub;
	l2_spsr = 0x3c5 | cfg->spsr_extra; /* EL1h, DAIF masked */
	return go(cfg, e);
}

int run_l2_case(const struct l2_config *cfg, const char *what, u64 (*fn)(u64), u64 arg,
		struct l2_exit *e)
{
	int rc = run_l2(cfg, fn, arg, e);

	if (rc < 0)
		t_line("%s: L2 setup failed", what);
	return rc;
}

int l2_resume(const struct l2_config *cfg, int skip, struct l2_exit *e)
{
	if (!cfg->vttbr && s2_build(cfg->granule_shift))
		return -1;
	if (skip)
		l2_elr += 4;
	return go(cfg, e);
}

void l2_spsr_bits(u64 set, u64 clear)
{
	l2_spsr = (l2_spsr & ~clear) | set;
}

void l2_set_x(unsigned n, u64 v)
{
	if (n < 31)
		gpr[n] = v;
}

void l2_el1_enter(int e2h, struct l2_el1ctx *c, int fp_on)
{
	if (e2h) {
		c->sctlr = rd(s3_5_c1_c0_0), c->vbar = rd(s3_5_c12_c0_0),
		c->cpacr = rd(s3_5_c1_c0_2);
		wr(s3_5_c1_c0_0, 0x30d00800ULL);
		wr(s3_5_c12_c0_0, (u64)l2_vectors);
		if (fp_on)
			wr(s3_5_c1_c0_2, 3ULL << 20);
	} else {
		c->sctlr = rd(s3_0_c1_c0_0), c->vbar = rd(s3_0_c12_c0_0),
		c->cpacr = rd(s3_0_c1_c0_2);
		wr(s3_0_c1_c0_0, 0x30d00800ULL);
		wr(s3_0_c12_c0_0, (u64)l2_vectors);
		if (fp_on)
			wr(s3_0_c1_c0_2, 3ULL << 20);
	}
	isb();
}

void l2_el1_leave(int e2h, const struct l2_el1ctx *c)
{
	if (e2h) {
		wr(s3_5_c1_c0_0, c->sctlr);
		wr(s3_5_c12_c0_0, c->vbar);
		wr(s3_5_c1_c0_2, c->cpacr);
	} else {
		wr(s3_0_c1_c0_0, c->sctlr);
		wr(s3_0_c12_c0_0, c->vbar);
		wr(s3_0_c1_c0_2, c->cpacr);
	}
	isb();
}

int l2_exit_in_vectors(const struct l2_exit *e)
{
	u64 vec = c_off((u64)l2_vectors);

	return e->elr_off >= vec && e->elr_off < vec + 0x800;
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
	if (l2_exit_in_vectors(e))
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
