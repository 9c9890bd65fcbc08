// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Stage-2 table builder and abort printer shared by the sec_s2* sections (sec_s2.h).
// No section of its own.
#include "sec_s2.h"

u64 s2_scratch(void)
{
	u64 s = (c_base() & ~0x1fffffULL) + 0x400000;
	if (!plat.mem_size || s < plat.mem_base || s + 0x400000 > plat.mem_base + plat.mem_size)
		return 0;
	return s;
}

u64 s2_data(void)
{
	return s2_scratch() + S2_DATA_OFF;
}

u64 s2_tag(u64 unit)
{
	return 0x5332000000000000ULL | unit;
}

long s2_untag(u64 v)
{
	if ((v & ~0xffffULL) != 0x5332000000000000ULL)
		return -1;
	return (long)(v & 0xffff);
}

void s2_data_reset(void)
{
	u64 d = s2_data();
	for (u64 u = 0; u < S2_DATA_SIZE >> 12; u++) {
		volatile u64 *p = (volatile u64 *)(d + (u << 12));
		p[0] = s2_tag(u);
		p[1] = 0;
	}
	dsb_ish();
}

static u64 s2t_alloc(struct s2t *t, u64 bytes)
{
	u64 a = (t->next + bytes - 1) & ~(bytes - 1);
	if (a + bytes > t->end)
		return 0;
	t->next = a + bytes;
	for (u64 i = 0; i < bytes; i += 8)
		*(volatile u64 *)(a + i) = 0;
	return a;
}

/*
 * VTCR_EL2 (DDI 0487 D24 VTCR_EL2): T0SZ = 64 - ia_bits; SL0 from the start level (4K:
 * level 2/1/0 = 0/1/2; 16K and 64K: level 3/2/1 = 0/1/2, D8.2 tables of SL0 meanings);
 * IRGN0 = ORGN0 = 0 (Non-cacheable walks: this image writes the tables with its MMU
 * off), SH0 = Inner, TG0 (4K 0, 64K 1, 16K 2), PS, bit 31 RES1. The start level
 * resolves ia_bits - (gs + (3 - start) * stride) bits: more than stride means
 * concatenated tables (at most 16), aligned to their total size (D8.2 "Concatenated
 * translation tables for the initial stage 2 lookup").
 */
int s2t_init(struct s2t *t, unsigned gs, int start, unsigned ia_bits, unsigned ps)
{
	return s2t_init_at(t, gs, start, ia_bits, ps, 0);
}

int s2t_init_at(struct s2t *t, unsigned gs, int start, unsigned ia_bits, unsigned ps, unsigned half)
{
	u64 tg0, sl0;
	t->gs = gs, t->stride = gs - 3, t->start = start, t->ia_bits = ia_bits, t->ps = ps;
	if (gs == 12)
		tg0 = 0, sl0 = (u64)(2 - start);
	else
		tg0 = gs == 16 ? 1 : 2, sl0 = (u64)(3 - start);
	int sb = (int)ia_bits - (int)(gs + (unsigned)(3 - start) * t->stride);
	if (sb < 1 || sb > (int)t->stride + 4 || sl0 > 2 || !s2_scratch())
		return -1;
	t->start_bits = (unsigned)sb;
	t->ds = 0;
	t->next = s2_scratch() + (half ? S2_DATA_OFF / 2 : 0);
	t->end = t->next + S2_DATA_OFF / 2;
	u64 rsize = 8ULL << sb;
	t->root = s2t_alloc(t, rsize < (1ULL << gs) ? 1ULL << gs : rsize);
	if (!t->root)
		return -1;
	t->vtcr =
	    (64 - ia_bits) | (sl0 << 6) | (3ULL << 12) | (tg0 << 14) | ((u64)ps << 16) | BIT(31);
	t->vttbr = t->root | ((S2_VMID + half) << 48);
	return 0;
}

u64 *s2t_slot(struct s2t *t, u64 ipa, int level)
{
	u64 tab = t->root;
	for (int l = t->start;; l++) {
		unsigned bits = l == t->start ? t->start_bits : t->stride;
		unsigned shift = t->gs + (unsigned)(3 - l) * t->stride;
		u64 *d = (u64 *)(tab + ((ipa >> shift) & ((1ULL << bits) - 1)) * 8);
		if (l == level)
			return d;
		if (!(*d & S2D_VALID)) {
			u64 n = s2t_alloc(t, 1ULL << t->gs);
			if (!n)
				return 0;
			*d = n | S2D_VALID | S2D_TABLE;
		} else if (!(*d & S2D_TABLE)) {
			return 0;
		}
		tab = *d & S2D_OA_MASK & ~((1ULL << t->gs) - 1);
	}
}

int s2t_map(struct s2t *t, u64 ipa, u64 oa, int level, u64 attr)
{
	u64 *d = s2t_slot(t, ipa, level);
	if (!d)
		return -1;
	if (t->ds)
		attr &= ~(3ULL << 8); /* DS=1: OA[51:50], shareability from VTCR_EL2.SH0 */
	*d = oa | attr | S2D_VALID | (level == 3 ? S2D_TABLE : 0);
	return 0;
}

int s2t_map_image(struct s2t *t)
{
	u64 blk = c_base() & ~0x1fffffULL;
	for (u64 a = blk; a < blk + 0x200000; a += 1ULL << t->gs)
		if (s2t_map(t, a, a, 3, S2D_NORMAL))
			return -1;
	dsb_ish();
	return 0;
}

void s2t_cfg(const struct s2t *t, struct l2_config *cfg, int keep_tlb)
{
	*cfg = (struct l2_config){0}; /* fields this file does not know stay off */
	cfg->granule_shift = t->gs, cfg->e2h = 0, cfg->hcr_extra = 0;
	cfg->vttbr = t->vttbr, cfg->vtcr = t->vtcr, cfg->keep_tlb = keep_tlb;
}

u64 s2t_vttbr_enter(const struct s2t *t)
{
	u64 old = rd(vttbr_el2);
	wr(vttbr_el2, t->vttbr);
	isb();
	return old;
}

void s2t_vttbr_leave(u64 old)
{
	wr(vttbr_el2, old);
	isb();
}

/*
 * TLB maintenance after a stage-2 descriptor change (DDI 0487 D8.16 "TLB maintenance":
 * an IPA-based stage-2 invalidation does not remove combined stage 1+2 entries, so it
 * is followed by a stage-1 invalidation of the VMID). The VMID is VTTBR_EL2's.
 */
void s2t_tlbi(const struct s2t *t, enum s2_tlbi op, u64 ipa)
{
	u64 old = s2t_vttbr_enter(t);
	dsb_ishst();
	if (op == S2_TLBI_IPA_IS)
		__asm__ volatile(
		    "tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::"r"(ipa >>
											      12)
		    : "memory");
	else
		__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
	s2t_vttbr_leave(old);
}

const char *s2_granule_name(unsigned gs)
{
	return gs == 12 ? "4K" : gs == 14 ? "16K" : "64K";
}

int s2t_granule_ok(unsigned gs)
{
	u64 m = rd(s3_0_c0_c7_0);
	if (gs == 12) {
		unsigned f2 = (unsigned)(m >> 40) & 0xf, f1 = (unsigned)(m >> 28) & 0xf;
		return f2 == 0 ? f1 != 0xf : f2 >= 2;
	}
	unsigned f2 = (unsigned)(m >> (gs == 14 ? 32 : 36)) & 0xf;
	unsigned f1 = (unsigned)(m >> (gs == 14 ? 20 : 24)) & 0xf;
	if (f2 == 0)
		return gs == 14 ? f1 != 0 : f1 == 0;
	return f2 >= 2;
}

/* DFSC names (DDI 0487 D24 ESR_EL2, ISS encoding for a Data Abort, DFSC). */
static const char *fsc_name(unsigned fsc)
{
	switch (fsc >> 2) {
	case 0:
		return "address size";
	case 1:
		return "translation";
	case 2:
		return "access flag";
	case 3:
		return "permission";
	case 5:
		return "external abort on walk";
	}
	switch (fsc) {
	case 0x10:
		return "external abort";
	case 0x21:
		return "alignment";
	case 0x29:
		return "address size L-1";
	case 0x2b:
		return "translation L-1";
	}
	return "other";
}

/*
 * ESR_EL2 for an abort from a lower EL (EC 0x24 data, 0x20 instruction), DDI 0487 D24
 * ESR_EL2 ISS encoding for a Data Abort: ISV [24], SAS [23:22], SSE [21], SRT [20:16],
 * SF [15], AR [14] (these six valid only with ISV = 1, else RES0), VNCR [13], FnV [10],
 * EA [9], CM [8], S1PTW [7], WnR [6], DFSC [5:0]. HPFAR_EL2 holds the faulting IPA for
 * stage-2 Translation, Access flag and Permission faults (D24 HPFAR_EL2); for other
 * aborts it is UNKNOWN here and not printed. FAR_EL2 is valid unless FnV.
 */
void t_s2abort(const char *what, const struct l2_exit *e, u64 va_base, u64 ipa_base)
{
	u64 esr = e->esr, ec = esr >> 26;
	unsigned fsc = (unsigned)esr & 0x3f;
	/* EA [9] for external aborts (DFSC 0x10, 0x11, 0x13..0x17) is IMPLEMENTATION DEFINED
	 * (D24 ESR_EL2.EA): printed as 0. */
	if (fsc == 0x10 || fsc == 0x11 || (fsc >= 0x13 && fsc <= 0x17))
		esr &= ~BIT(9);
	/* ELR: relative to the accessed VA's base for a fetch there, else to L2's fn. */
	u64 elr = e->elr_off + c_base();
	if (elr - va_base < 0x10000)
		t_line("%s: ESR_EL2=0x%lx EC=0x%lx ELR=va+0x%lx", what, (unsigned long)esr,
		       (unsigned long)ec, (unsigned long)(elr - va_base));
	else if (e->elr_off >= e->fn_off)
		t_line("%s: ESR_EL2=0x%lx EC=0x%lx ELR=fn+0x%lx", what, (unsigned long)esr,
		       (unsigned long)ec, (unsigned long)(e->elr_off - e->fn_off));
	else /* before fn: L2's entry stub (start.S, stable offset in the image) */
		t_line("%s: ESR_EL2=0x%lx EC=0x%lx ELR=image+0x%lx", what, (unsigned long)esr,
		       (unsigned long)ec, (unsigned long)e->elr_off);
	if (ec == 0x24)
		t_line("%s: ISV=%u SAS=%u SSE=%u SRT=%u SF=%u AR=%u VNCR=%u FnV=%u EA=%u CM=%u "
		       "S1PTW=%u WnR=%u DFSC=0x%x (%s, level %u)",
		       what, (unsigned)(esr >> 24) & 1, (unsigned)(esr >> 22) & 3,
		       (unsigned)(esr >> 21) & 1, (unsigned)(esr >> 16) & 31,
		       (unsigned)(esr >> 15) & 1, (unsigned)(esr >> 14) & 1,
		       (unsigned)(esr >> 13) & 1, (unsigned)(esr >> 10) & 1,
		       (unsigned)(esr >> 9) & 1, (unsigned)(esr >> 8) & 1, (unsigned)(esr >> 7) & 1,
		       (unsigned)(esr >> 6) & 1, fsc, fsc_name(fsc), fsc & 3);
	else
		t_line("%s: FnV=%u EA=%u S1PTW=%u IFSC=0x%x (%s, level %u)", what,
		       (unsigned)(esr >> 10) & 1, (unsigned)(esr >> 9) & 1,
		       (unsigned)(esr >> 7) & 1, fsc, fsc_name(fsc), fsc & 3);
	/* FAR and FIPA relative to the accessed VA/IPA, or (a fetch of L2's code) to the
	 * image: never absolute. */
	if (!((esr >> 10) & 1)) {
		if (e->far - va_base < 0x10000)
			t_line("%s: FAR_EL2=va+0x%lx", what, (unsigned long)(e->far - va_base));
		else
			t_line("%s: FAR_EL2=image+0x%lx", what, (unsigned long)c_off(e->far));
	}
	if (fsc >= 4 && fsc <= 0xf) {
		u64 fipa = (e->hpfar >> 4) & (BIT(44) - 1);
		if (fipa - (ipa_base >> 12) < 0x10)
			t_line("%s: HPFAR_EL2.FIPA=(ipa>>12)+0x%lx NS=%u", what,
			       (unsigned long)(fipa - (ipa_base >> 12)),
			       (unsigned)(e->hpfar >> 63));
		else
			t_line("%s: HPFAR_EL2.FIPA=(image>>12)+0x%lx NS=%u", what,
			       (unsigned long)(fipa - (c_base() >> 12)),
			       (unsigned)(e->hpfar >> 63));
	} else {
		t_line("%s: HPFAR_EL2: not printed (UNKNOWN for this fault)", what);
	}
}

void t_s2exit(const char *what, const struct l2_exit *e, u64 va_base, u64 ipa_base)
{
	u64 ec = e->esr >> 26;
	if (!e->done && e->vector == 0 && (ec == 0x24 || ec == 0x20))
		t_s2abort(what, e, va_base, ipa_base);
	else
		t_exit(what, e, va_base);
}

u64 l2_mmu_load(u64 va)
{
	u64 v;
	__asm__ volatile("mrs x9, sctlr_el1\n\torr x9, x9, #1\n\tmsr sctlr_el1, x9\n\tisb\n\t"
			 "ldr %0, [%1]"
			 : "=r"(v)
			 : "r"(va)
			 : "x9", "memory");
	return v;
}

u64 s2_unit_pa(u64 u)
{
	return s2_data() + (u << 12);
}

volatile u64 *s2s1_build(struct s2t *t)
{
	u64 img = c_base() & ~((1ULL << 30) - 1);
	volatile u64 *l1 = (volatile u64 *)s2_unit_pa(0x1f0),
		     *l2 = (volatile u64 *)s2_unit_pa(0x1f1);

	s2t_map(t, S2S1_T, s2_unit_pa(0x1f0), 3, S2D_NORMAL);
	s2t_map(t, S2S1_T2, s2_unit_pa(0x1f1), 3, S2D_NORMAL);
	for (int i = 0; i < 512; i++)
		l1[i] = 0, l2[i] = 0;
	l1[img >> 30] = img | S2S1_BLOCK;
	l1[2] = S2S1_T2 | 3;
	l2[0] = S2S1_W | S2S1_BLOCK;
	l2[1] = S2S1_IB | S2S1_BLOCK;
	dsb_ish();
	wr(mair_el1, 0xff);
	wr(tcr_el1, 32 | (1ULL << 8) | (1ULL << 10) | (3ULL << 12) | BIT(23));
	wr(ttbr0_el1, S2S1_T);
	return l2;
}
