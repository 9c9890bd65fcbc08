// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Shadow stage-2 test fixture (see fixture.h). */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

uint64_t fx_rand(struct fx *f)
{
	uint64_t x = f->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	f->rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

uint64_t fx_seed(uint64_t dflt)
{
	const char *e = getenv("NVARM_SEED");
	return e ? strtoull(e, NULL, 0) : dflt;
}

int fx_host_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	struct fx *f = user;
	uint64_t r = ipa.v >> FX_HREG_SHIFT;

	f->host_lookups++;
	if (r >= FX_HREG_N || !f->hr[r].mapped)
		return NVARM_ERR_NOENT;
	out->pa = nvarm_pa(f->hr[r].pa + (ipa.v & ((1ull << FX_HREG_SHIFT) - 1)));
	out->block_shift = f->hr[r].shift;
	out->perm = f->hr[r].perm;
	out->memattr = f->hr[r].memattr;
	out->sh = f->hr[r].sh;
	out->flags = (f->hr[r].mmio ? NVARM_HOST_S2_MMIO : 0) |
		     (f->hr[r].dirty ? NVARM_HOST_S2_DIRTY_LOG : 0);
	return 0;
}

void fx_init(struct fx *f, unsigned hgbits, uint32_t pool_pages, uint32_t rmap, unsigned mmus)
{
	memset(f, 0, sizeof(*f));
	f->rng = 0x1234567;
	f->l1mem = aligned_alloc(1 << 16, FX_L1_SIZE);
	memset(f->l1mem, 0, FX_L1_SIZE);
	nvarm_host_model_init(&f->hm, f->l1mem, FX_L1_BASE, FX_L1_SIZE);
	f->hm.s2_lookup = fx_host_lookup;
	f->hm.s2_user = f;
	nvarm_host_model_ops(&f->hm, &f->ops);
	f->l1_next = FX_L1_BASE;
	f->pool_pages = pool_pages;
	/* 1 MB: a concatenated root of 16 64K pages is aligned to its size */
	f->pool =
	    aligned_alloc(1 << 20, (((size_t)pool_pages << hgbits) + 0xfffff) & ~(size_t)0xfffff);
	f->cfg.ops = &f->ops;
	f->cfg.guest.pa_bits = 48;
	f->cfg.guest.granules = 7;
	f->cfg.guest.hafdbs = true;
	f->cfg.guest.xnx = true;
	f->cfg.host_granule_shift = (uint8_t)hgbits;
	f->cfg.host_ia_bits = hgbits == 14 ? 47 : 48;
	f->cfg.host_pa_bits = 48;
	f->cfg.host_xnx = true;
	f->cfg.hw_vmid_base = 8;
	f->cfg.max_mmus = (uint16_t)mmus;
	f->cfg.max_pool_pages = pool_pages + 64;
	f->cfg.rmap_entries = rmap;
	f->cfg.mem_size = nvarm_s2mmu_mem_bytes(mmus, f->cfg.max_pool_pages, rmap);
	f->state = aligned_alloc(64, (f->cfg.mem_size + 63) & ~(size_t)63);
	f->cfg.mem = f->state;
	f->ref.mem = f->l1mem;
	f->ref.mem_base = FX_L1_BASE;
	f->ref.mem_size = FX_L1_SIZE;
}

void fx_fini(struct fx *f)
{
	free(f->l1mem);
	free(f->pool);
	free(f->state);
}

void fx_host_random(struct fx *f, bool plain)
{
	static const uint8_t shifts[] = {12, 14, 16, 21, 25, 25};
	static const uint8_t attrs[] = {0xf, 0xf, 0xf, 0x5, 0xa, 0x1, 0x0, 0xe};

	for (unsigned r = 0; r < FX_HREG_N; r++) {
		struct fx_hreg *h = &f->hr[r];
		uint64_t x = fx_rand(f);
		memset(h, 0, sizeof(*h));
		h->mapped = plain || (x % 100) < 88;
		h->mmio = !plain && (x >> 8) % 100 < 3;
		h->dirty = !plain && (x >> 16) % 100 < 5;
		h->shift = plain ? 25 : shifts[(x >> 24) % sizeof(shifts)];
		h->perm = plain || (x >> 32) % 4 ? NVARM_PERM_RWX : (uint8_t)((x >> 40) & 0xf);
		h->memattr = plain ? 0xf : attrs[(x >> 44) % sizeof(attrs)];
		h->sh = plain ? 3 : (uint8_t)((x >> 48) & 3);
		h->pa = (0x8000000000ull + (fx_rand(f) % 0x10000) * (1ull << FX_HREG_SHIFT));
		if (!plain && (x >> 52) % 4 == 0)
			h->pa += ((x >> 56) % 16) * 4096; /* PA not aligned to the block */
	}
}

uint64_t fx_l1_alloc(struct fx *f, uint64_t size)
{
	uint64_t a = (f->l1_next + size - 1) & ~(size - 1);
	if (a + size > FX_L1_BASE + FX_L1_SIZE)
		return 0;
	f->l1_next = a + size;
	memset(f->l1mem + (a - FX_L1_BASE), 0, size);
	return a;
}

void fx_wr(struct fx *f, uint64_t ipa1, uint64_t v)
{
	if (f->l1.big_endian)
		v = __builtin_bswap64(v);
	memcpy(f->l1mem + (ipa1 - FX_L1_BASE), &v, 8);
}

uint64_t fx_rd(struct fx *f, uint64_t ipa1)
{
	uint64_t v;
	memcpy(&v, f->l1mem + (ipa1 - FX_L1_BASE), 8);
	return f->l1.big_endian ? __builtin_bswap64(v) : v;
}

static unsigned tg0_of(unsigned gbits)
{
	return gbits == 12 ? 0 : gbits == 14 ? 2 : 1;
}

static unsigned ps_enc(unsigned bits)
{
	static const unsigned t[] = {32, 36, 40, 42, 44, 48, 52};
	for (unsigned i = 0; i < 7; i++)
		if (t[i] == bits)
			return i;
	return 2;
}

static void set_regs(struct fx *f, unsigned sl0, bool be)
{
	f->l1.vtcr = (uint64_t)(64 - f->iasize) | (uint64_t)sl0 << 6 |
		     (uint64_t)tg0_of(f->gbits) << 14 | (uint64_t)ps_enc(f->oasize) << 16 |
		     1ull << 21 | 1ull << 22 | 3ull << 12;
	f->l1.vttbr = f->root | (uint64_t)(fx_rand(f) & 0xff) << 48;
	f->l1.big_endian = be;
	f->l1.fwb = false;
	f->l1.vm = true;
	f->ref.pa_bits = f->cfg.guest.pa_bits;
	f->ref.granules = f->cfg.guest.granules;
	f->ref.lpa = f->cfg.guest.lpa;
	f->ref.lpa2 = f->cfg.guest.lpa2;
	f->ref.ttst = f->cfg.guest.ttst;
	f->ref.hafdbs = f->cfg.guest.hafdbs;
	f->ref.xnx = f->cfg.guest.xnx;
	f->ref.vttbr = f->l1.vttbr;
	f->ref.vtcr = f->l1.vtcr;
	f->ref.be = be;
	f->ref.fwb = false;
}

static unsigned sl0_for(unsigned gbits, int start)
{
	if (gbits == 12)
		return start == 3 ? 3 : (unsigned)(2 - start);
	return (unsigned)(3 - start);
}

void fx_guest_wide(struct fx *f, unsigned gbits)
{
	unsigned st = gbits - 3;

	f->cfg.guest.pa_bits = 52;
	f->cfg.guest.lpa = f->cfg.guest.lpa2 = true;
	for (;;) {
		unsigned ia = 49 + (unsigned)(fx_rand(f) % 4);
		/* 4K: level 0 or 1; 16K: level 0 (SL0 0b11, DS=1) or 1; 64K: level 1 */
		int start = gbits == 16 ? 1 : (int)(fx_rand(f) % 2);
		int first = (int)ia - (int)(gbits + (unsigned)(3 - start) * st);
		if (first < 1 || first > (int)st + 4)
			continue;
		f->gbits = gbits;
		f->stride = st;
		f->iasize = ia;
		f->start = start;
		f->first = first;
		break;
	}
	f->oasize = 52;
	f->wide = true;
	f->ds = gbits != 16;
	f->root = fx_l1_alloc(f, 8ull << (f->first > 3 ? f->first : 3));
	set_regs(f, sl0_for(gbits, f->start), fx_rand(f) % 4 == 0);
	if (f->ds)
		f->l1.vtcr |= 1ull << 32;
	f->ref.vtcr = f->l1.vtcr;
}

void fx_guest_fixed(struct fx *f, unsigned gbits, unsigned iasize, int start)
{
	f->wide = f->ds = false;
	f->gbits = gbits;
	f->stride = gbits - 3;
	f->iasize = iasize;
	f->oasize = 40;
	f->start = start;
	f->first = (int)iasize - (int)(gbits + (unsigned)(3 - start) * f->stride);
	f->root = fx_l1_alloc(f, 8ull << (f->first > 3 ? f->first : 3));
	set_regs(f, sl0_for(gbits, start), false);
}

void fx_guest_config(struct fx *f, unsigned gbits, bool allow_bad)
{
	/* A valid (iasize, start level) pair: first level resolves 1..stride+4 bits. */
	for (;;) {
		unsigned st = gbits - 3;
		unsigned ia = 32 + (unsigned)(fx_rand(f) % 9); /* 32..40 (pa_bits 40) */
		int start = (int)(fx_rand(f) % 3) + (gbits == 12 ? 0 : 1);
		int first = (int)ia - (int)(gbits + (unsigned)(3 - start) * st);
		if (first < 1 || first > (int)st + 4)
			continue;
		f->gbits = gbits;
		f->stride = st;
		f->iasize = ia;
		f->start = start;
		f->first = first;
		break;
	}
	f->oasize = 40;
	f->wide = f->ds = false;
	f->root = fx_l1_alloc(f, 8ull << (f->first > 3 ? f->first : 3));
	set_regs(f, sl0_for(gbits, f->start), fx_rand(f) % 4 == 0);
	if (allow_bad && fx_rand(f) % 16 == 0) {
		/* Inconsistent SL0 or T0SZ: every walk must fault at level 0. */
		f->l1.vtcr ^= (fx_rand(f) % 2) ? (1ull << 6) : 0x3full;
		f->ref.vtcr = f->l1.vtcr;
	}
	if (fx_rand(f) % 8 == 0) {
		f->l1.vtcr &= ~(1ull << 21 | 1ull << 22); /* no HAFDBS */
		f->ref.vtcr = f->l1.vtcr;
	}
}

void fx_get_mmu(struct fx *f)
{
	f->mmu = nvarm_s2mmu_get(&f->s, &f->l1, &f->hw);
}

static uint64_t idx_of(struct fx *f, uint64_t ipa, int level)
{
	unsigned lsb = f->gbits + (unsigned)(3 - level) * f->stride;
	unsigned n = level == f->start ? (unsigned)f->first : f->stride;
	return (ipa >> lsb) & ((1ull << n) - 1);
}

static bool block_ok(struct fx *f, int level)
{
	/* with 52-bit addresses also 4K level 0, 16K and 64K level 1 */
	if (f->wide)
		return f->gbits == 12 ? (level >= 0 && level <= 2) : (level == 1 || level == 2);
	return f->gbits == 12 ? (level == 1 || level == 2) : level == 2;
}

static uint64_t random_leaf_attrs(struct fx *f)
{
	uint64_t x = fx_rand(f), a = 0;
	static const uint8_t ma[] = {0xf, 0xf, 0xf, 0xf, 0x5, 0xa, 0x1, 0x0, 0xe, 0x7, 0xc, 0x3};
	a |= (uint64_t)ma[x % sizeof(ma)] << 2;
	a |= (x >> 8) % 8 ? (3ull << 6) : ((x >> 12) & 3) << 6; /* S2AP */
	if (!f->ds)
		a |= ((x >> 14) & 3) << 8; /* SH (with DS=1: OA[51:50], left 0) */
	if ((x >> 16) % 100 < 92)
		a |= 1ull << 10; /* AF */
	if ((x >> 24) % 100 < 20)
		a |= 1ull << 51; /* DBM */
	if ((x >> 32) % 100 < 10)
		a |= 1ull << 52; /* contiguous hint */
	if ((x >> 40) % 100 < 25)
		a |= ((x >> 48) & 3) << 53; /* XN */
	a |= ((x >> 50) & 0xf) << 55;	    /* software bits */
	return a;
}

static uint64_t random_oa(struct fx *f, unsigned lsb)
{
	uint64_t x = fx_rand(f);
	uint64_t oa;
	if (lsb <= FX_HREG_SHIFT) {
		/* mostly a few regions so that L1 pages are often contiguous */
		uint64_t r = (x % 8 == 0) ? (x >> 8) % FX_HREG_N : (x >> 8) % 24;
		oa = (r << FX_HREG_SHIFT) + (((x >> 20) % (1ull << (FX_HREG_SHIFT - lsb))) << lsb);
	} else if (lsb < 34) {
		oa = ((x >> 8) % (1ull << (34 - lsb))) << lsb;
	} else {
		oa = ((x >> 8) % 2) << lsb; /* 52-bit blocks (2^36..2^42): 0 is L0's */
	}
	if ((x >> 60) == 0)
		oa |= 1ull << 45; /* above the 40-bit output size: address size fault */
	return oa;
}

void fx_populate(struct fx *f, uint64_t ipa, bool hostile)
{
	uint64_t base = f->root;

	ipa &= (1ull << f->iasize) - 1;
	for (int level = f->start; level <= 3; level++) {
		uint64_t da = base + idx_of(f, ipa, level) * 8;
		uint64_t d = fx_rd(f, da);
		unsigned lsb = f->gbits + (unsigned)(3 - level) * f->stride;
		uint64_t x = fx_rand(f) % 1000;

		if (!(d & 1)) {
			if (hostile && x < 20) {
				d = 0; /* invalid */
			} else if (hostile && level < 3 && x < 30) {
				d = f->root | 3; /* cycle back to the root */
			} else if (hostile && level < 3 && x < 36) {
				d = (da & ~((1ull << f->gbits) - 1)) | 3; /* points at itself */
			} else if (hostile && level < 3 && x < 46) {
				d = 0x7f0000000ull | 3; /* outside L1 memory */
			} else if (hostile && x < 52) {
				d = 0x1ull | (1ull << 49) |
				    (1ull << 10); /* reserved bits + block/page */
			} else if (level == 3) {
				d = random_oa(f, lsb) | 3 | random_leaf_attrs(f);
			} else if (block_ok(f, level) && x < 250) {
				d = random_oa(f, lsb) | 1 | random_leaf_attrs(f);
			} else if (level == 3 - 0) {
				d = 0;
			} else {
				uint64_t t = fx_l1_alloc(f, 1ull << f->gbits);
				if (!t)
					return;
				d = t | 3;
			}
			fx_wr(f, da, d);
		}
		if (!(d & 1) || level == 3 || !(d & 2))
			return;
		base = d & 0x0000ffffffffffffull & ~((1ull << f->gbits) - 1);
		if (base < FX_L1_BASE || base >= FX_L1_BASE + FX_L1_SIZE)
			return;
	}
}

uint64_t fx_desc_addr(struct fx *f, uint64_t ipa, int level)
{
	uint64_t base = f->root;
	for (int l = f->start; l <= level; l++) {
		uint64_t da = base + idx_of(f, ipa, l) * 8;
		if (l == level)
			return da;
		uint64_t d = fx_rd(f, da);
		if ((d & 3) != 3)
			return 0;
		base = d & 0x0000ffffffffffffull & ~((1ull << f->gbits) - 1);
		if (base < FX_L1_BASE || base >= FX_L1_BASE + FX_L1_SIZE)
			return 0;
	}
	return 0;
}

void fx_map(struct fx *f, uint64_t ipa2, uint64_t oa, int level, uint64_t attrs)
{
	uint64_t base = f->root;
	for (int l = f->start; l <= level; l++) {
		uint64_t da = base + idx_of(f, ipa2, l) * 8;
		if (l == level) {
			fx_wr(f, da, oa | (level == 3 ? 3 : 1) | attrs);
			return;
		}
		uint64_t d = fx_rd(f, da);
		if ((d & 3) != 3) {
			uint64_t t = fx_l1_alloc(f, 1ull << f->gbits);
			d = t | 3;
			fx_wr(f, da, d);
		}
		base = d & 0x0000ffffffffffffull & ~((1ull << f->gbits) - 1);
	}
}

uint64_t fx_esr(unsigned acc, unsigned fsc)
{
	uint64_t esr = 1ull << 25 | fsc;
	if (acc & (RA_XP | RA_XU))
		return esr | (uint64_t)0x20 << 26;
	esr |= (uint64_t)0x24 << 26 | 1u << 24 | 3u << 22 | 5u << 16 | 1u << 15;
	if (acc & RA_W)
		esr |= 1u << 6;
	return esr;
}

static unsigned collapse_x(struct fx *f, unsigned p)
{
	if (!f->cfg.host_xnx && (p & (RA_XP | RA_XU)) != (RA_XP | RA_XU))
		p &= ~(RA_XP | RA_XU);
	return p;
}

void fx_expect(struct fx *f, uint64_t ipa, unsigned acc, struct fx_exp *e)
{
	struct nvarm_host_s2_map h;
	unsigned gh = f->cfg.host_granule_shift;

	memset(e, 0, sizeof(*e));
	ref_walk(&f->ref, ipa, acc, &e->w);
	if (e->w.fault) {
		e->action = NVARM_S2MMU_INJECT;
		e->fsc = ref_fsc(e->w.fault, e->w.level);
		return;
	}
	e->action = NVARM_S2MMU_L0;
	if (fx_host_lookup(f, nvarm_ipa1(e->w.oa), &h)) {
		e->l0_reason = NVARM_S2MMU_L0_UNMAPPED;
		return;
	}
	if (h.flags & NVARM_HOST_S2_MMIO) {
		e->l0_reason = NVARM_S2MMU_L0_MMIO;
		return;
	}
	unsigned hperm = h.perm;
	if (h.flags & NVARM_HOST_S2_DIRTY_LOG)
		hperm &= ~RA_W;
	if (acc & ~hperm) {
		e->l0_reason = NVARM_S2MMU_L0_PERM;
		return;
	}
	if (ipa >> f->cfg.host_ia_bits) {
		e->l0_reason = NVARM_S2MMU_L0_RANGE; /* beyond the shadow's input size */
		return;
	}
	e->pa = h.pa.v;
	e->memattr = ref_memattr(e->w.memattr, f->l1.fwb, h.memattr,
				 f->cfg.host_fwb_as_l1 ? f->l1.fwb : f->cfg.host_fwb);
	e->sh = ref_sh(e->w.sh, h.sh);
	unsigned perm = e->w.perm & hperm;
	unsigned smax = e->w.leaf_bits < h.block_shift ? e->w.leaf_bits : h.block_shift;
	uint64_t gmask = (1ull << gh) - 1;
	e->smax = smax;
	if (smax < gh || ((e->w.oa ^ h.pa.v) & gmask)) {
		/* Finer than the host granule: all L1 pages of the host page must agree. */
		e->l0_reason = NVARM_S2MMU_L0_GRANULE;
		if (h.block_shift < gh || ((e->w.oa ^ h.pa.v) & gmask) || ((e->w.oa ^ ipa) & gmask))
			return;
		uint64_t win = ipa & ~gmask;
		for (uint64_t a = win; a < win + (1ull << gh); a += 1ull << f->gbits) {
			struct ref_walk w;
			if ((a >> f->gbits) == (ipa >> f->gbits))
				continue;
			ref_walk(&f->ref, a, 0, &w);
			if (w.fault || !(w.desc & (1ull << 10)) || w.oa - a != e->w.oa - ipa ||
			    w.memattr != e->w.memattr || w.sh != e->w.sh)
				return;
			perm &= w.perm;
		}
		if (acc & ~perm)
			return;
		e->smax = gh;
	}
	e->action = NVARM_S2MMU_INSTALLED;
	e->l0_reason = 0;
	e->perm = collapse_x(f, perm);
}

/*
 * The shadow's descriptor layout, read from the VTCR_EL2 nvarm returned (Arm ARM D8.3): with
 * PS = 52 bits, DS=1 for 4K/16K (OA[51:50] in bits [9:8], no SH field) or FEAT_LPA's for 64K
 * (OA[51:48] in bits [15:12]); else OA[47:0].
 */
static bool hw_ds(const struct fx *f)
{
	return ((f->hw.vtcr >> 32) & 1) && ((f->hw.vtcr >> 14) & 3) != 1;
}

static bool hw_lpa64(const struct fx *f)
{
	return ((f->hw.vtcr >> 14) & 3) == 1 && ((f->hw.vtcr >> 16) & 7) == 6;
}

uint64_t fx_shadow_oa(const struct fx *f, uint64_t d, unsigned lsb)
{
	uint64_t lo = d & ~((1ull << lsb) - 1);

	if (hw_ds(f))
		return (lo & 0x0003ffffffffffffull) | ((d >> 8) & 3) << 50;
	if (hw_lpa64(f))
		return (lo & 0x0000ffffffffffffull) | ((d >> 12) & 15) << 48;
	return lo & 0x0000ffffffffffffull;
}

unsigned fx_shadow_sh(const struct fx *f, uint64_t d)
{
	return hw_ds(f) ? (unsigned)(f->hw.vtcr >> 12) & 3 : (unsigned)(d >> 8) & 3;
}

bool fx_shadow_sh_ok(const struct fx *f, unsigned got, unsigned ref)
{
	/* DS=1: the reference's (exact when all of L1's leaves share L1's VTCR_EL2.SH0 and L0
	 * maps Inner Shareable), else Inner Shareable, the one the shadow's walks use; the
	 * 48-bit format (on a 52-bit host too): exactly the reference's */
	return hw_ds(f) ? got == ref || got == 3 : got == ref;
}

/* VTTBR_EL2.BADDR: [47:1], and [51:48] from bits [5:2] with a 52-bit layout. */
static uint64_t hw_baddr(const struct fx *f)
{
	uint64_t b = f->hw.vttbr & 0x0000fffffffffffeull;

	if (hw_ds(f) || hw_lpa64(f))
		b = (b & ~0x3full) | ((f->hw.vttbr >> 2) & 15) << 48;
	return b;
}

static size_t leaves_rec(struct fx *f, uint64_t *tbl, int level, uint64_t base, unsigned nbits,
			 struct fx_leaf *out, size_t n, size_t max)
{
	unsigned gh = f->cfg.host_granule_shift, st = gh - 3;
	unsigned lsb = gh + (unsigned)(3 - level) * st;
	for (uint64_t i = 0; i < (1ull << nbits); i++) {
		uint64_t d = tbl[i];
		if (!(d & 1))
			continue;
		if (level < 3 && (d & 2)) {
			uint64_t *t = FX_VA_OF(fx_shadow_oa(f, d, gh));
			n = leaves_rec(f, t, level + 1, base + (i << lsb), st, out, n, max);
			continue;
		}
		if (n < max) {
			out[n].ipa2 = base + (i << lsb);
			out[n].shift = lsb;
			out[n].level = level;
			out[n].desc = d;
		}
		n++;
	}
	return n;
}

int fx_hw_geometry(const struct fx *f, int *level, unsigned *root_bits)
{
	/*
	 * What the hardware makes of the shadow's VTCR_EL2 (Arm ARM D8.2, VTCR_EL2.SL0/T0SZ;
	 * AArch64.S2InconsistentSL): TG0 0 4K, 1 64K, 2 16K; SL0 per granule (4K: 0 level 2,
	 * 1 level 1, 2 level 0; 16K/64K: 0 level 3, 1 level 2, 2 level 1); the start level
	 * resolves 1..stride+4 bits (up to 16 concatenated tables), with the root aligned to
	 * its size in VTTBR_EL2.
	 */
	uint64_t vtcr = f->hw.vtcr;
	unsigned tg0 = (vtcr >> 14) & 3, sl0 = (vtcr >> 6) & 3, ia = 64 - (unsigned)(vtcr & 63);
	unsigned gh = tg0 == 0 ? 12 : tg0 == 1 ? 16 : tg0 == 2 ? 14 : 0, st = gh - 3;
	int lv;

	/* the configured input, or on a 52-bit host that of a 48-bit-format MMU (PS below 52):
	 * at most 48 bits, 47 with 16K */
	unsigned ia48 = f->cfg.host_ia_bits > 48 ? 48 : f->cfg.host_ia_bits;
	if (gh == 14 && ia48 > 47)
		ia48 = 47;
	bool narrow = f->cfg.host_pa_bits == 52 && ((vtcr >> 16) & 7) != 6;
	if (!gh || gh != f->cfg.host_granule_shift || ia != (narrow ? ia48 : f->cfg.host_ia_bits))
		return -1;
	if (narrow && (((vtcr >> 32) & 1) || ((vtcr >> 16) & 7) != 5))
		return -1; /* the 48-bit format: DS=0, PS 48 */
	if ((f->hw.vtcr >> 33) & 1)
		return -1; /* SL2 (level -1): never used by the shadow */
	if (sl0 == 3 && !(gh == 14 && hw_ds(f)))
		return -1; /* 16K SL0 3 is level 0 with DS=1 only (4K level 3: FEAT_TTST) */
	lv = gh == 12 ? 2 - (int)sl0 : 3 - (int)sl0;
	if ((hw_ds(f) || hw_lpa64(f)) ? ia > 52 : ia > 48)
		return -1;
	if (ia > 48 && ((f->hw.vtcr >> 16) & 7) != 6)
		return -1; /* input wider than PS */
	int span = (int)ia - (int)(gh + (unsigned)(3 - lv) * st);
	if (span < 1 || span > (int)st + 4)
		return -1;
	if (hw_baddr(f) & ((8ull << span) - 1))
		return -1; /* root not aligned to its size */
	*level = lv;
	*root_bits = (unsigned)span;
	return 0;
}

void fx_hw_walk(struct fx *f, uint64_t ipa2, struct ref_walk *w)
{
	struct ref_l1 hw;

	memset(&hw, 0, sizeof(hw));
	hw.pa_bits = f->cfg.host_pa_bits;
	hw.granules = 7;
	hw.lpa = hw.lpa2 = f->cfg.host_pa_bits == 52; /* the CPU has them when PS may be 52 */
	hw.xnx = f->cfg.host_xnx;
	hw.vttbr = f->hw.vttbr;
	hw.vtcr = f->hw.vtcr;
	hw.mem = f->pool;
	hw.mem_base = FX_PA_OF(f->pool);
	hw.mem_size = (uint64_t)f->pool_pages << f->cfg.host_granule_shift;
	ref_walk(&hw, ipa2, 0, w);
}

size_t fx_leaves(struct fx *f, struct fx_leaf *out, size_t max)
{
	int level;
	unsigned nb;

	if (fx_hw_geometry(f, &level, &nb)) {
		/* no abort() in the kernel module's build: every caller's count check fails */
		printf("fx_leaves: shadow VTCR_EL2 %#llx / VTTBR_EL2 %#llx inconsistent\n",
		       (unsigned long long)f->hw.vtcr, (unsigned long long)f->hw.vttbr);
		return (size_t)-1;
	}
	uint64_t *root = FX_VA_OF(hw_baddr(f));
	return leaves_rec(f, root, level, 0, nb, out, 0, max);
}

int fx_check_leaf(struct fx *f, const struct fx_leaf *l, char *why, size_t whylen)
{
	uint64_t size = 1ull << l->shift;
	uint64_t samples[3] = {l->ipa2, l->ipa2 + size - 1, l->ipa2 + (fx_rand(f) % size)};
	unsigned gh = f->cfg.host_granule_shift;
	uint64_t lpa = fx_shadow_oa(f, l->desc, l->shift);
	unsigned lperm = 0;

	if (l->desc & (1ull << 6))
		lperm |= RA_R;
	if (l->desc & (1ull << 7))
		lperm |= RA_W;
	unsigned xn = (l->desc >> 53) & 3;
	lperm |= xn == 0 ? RA_XP | RA_XU : xn == 1 ? RA_XU : xn == 3 ? RA_XP : 0;
	if (!(l->desc & (1ull << 10))) {
		snprintf(why, whylen, "leaf without AF");
		return -1;
	}
	for (int k = 0; k < 3; k++) {
		uint64_t a = samples[k];
		struct ref_walk w;
		struct nvarm_host_s2_map h;
		ref_walk(&f->ref, a, 0, &w);
		if (w.fault) {
			snprintf(why, whylen, "ipa2 %#llx: L1 faults (%d@%d) but shadow maps it",
				 (unsigned long long)a, w.fault, w.level);
			return -1;
		}
		if (fx_host_lookup(f, nvarm_ipa1(w.oa), &h) || (h.flags & NVARM_HOST_S2_MMIO)) {
			snprintf(why, whylen, "ipa2 %#llx -> ipa1 %#llx: L0 does not map it",
				 (unsigned long long)a, (unsigned long long)w.oa);
			return -1;
		}
		unsigned hperm = h.perm;
		if (h.flags & NVARM_HOST_S2_DIRTY_LOG)
			hperm &= ~RA_W;
		if (h.pa.v != lpa + (a - l->ipa2)) {
			snprintf(why, whylen, "ipa2 %#llx: PA %#llx, reference %#llx",
				 (unsigned long long)a, (unsigned long long)(lpa + (a - l->ipa2)),
				 (unsigned long long)h.pa.v);
			return -1;
		}
		if (lperm & ~(w.perm & hperm)) {
			snprintf(why, whylen, "ipa2 %#llx: perm %#x beyond guest %#x & host %#x",
				 (unsigned long long)a, lperm, w.perm, hperm);
			return -1;
		}
		unsigned ma = ref_memattr(w.memattr, f->l1.fwb, h.memattr,
					  f->cfg.host_fwb_as_l1 ? f->l1.fwb : f->cfg.host_fwb);
		/* With DS=1 one SH for every leaf (VTCR_EL2.SH0): at least as shareable as the
		 * reference's (rank: Non < Inner < Outer, reserved 01 as Outer) */
		unsigned lsh = fx_shadow_sh(f, l->desc), rsh = ref_sh(w.sh, h.sh);
		if (((l->desc >> 2) & 15) != ma || !fx_shadow_sh_ok(f, lsh, rsh)) {
			snprintf(why, whylen, "ipa2 %#llx: attrs %#llx/%u, reference %#x/%u",
				 (unsigned long long)a, (unsigned long long)((l->desc >> 2) & 15),
				 lsh, ma, rsh);
			return -1;
		}
		if (l->shift > gh && l->shift > w.leaf_bits && l->shift <= h.block_shift &&
		    f->cfg.fault_around > 1) {
			/*
			 * A block over L1 pages (fault-around's promotion): every L1 leaf in it
			 * must map linearly with the same permissions and attributes.
			 */
			struct ref_walk w0;
			ref_walk(&f->ref, l->ipa2, 0, &w0);
			for (uint64_t o = 0; o < size; o += 1ull << w.leaf_bits) {
				struct ref_walk wo;
				ref_walk(&f->ref, l->ipa2 + o, 0, &wo);
				if (wo.fault || w0.fault || wo.af_update || wo.oa != w0.oa + o ||
				    wo.perm != w0.perm || wo.memattr != w0.memattr ||
				    wo.sh != w0.sh) {
					snprintf(
					    why, whylen,
					    "ipa2 %#llx: in a 2^%u leaf over L1 leaves of 2^%u, "
					    "not linear with the same attributes",
					    (unsigned long long)(l->ipa2 + o), l->shift,
					    w.leaf_bits);
					return -1;
				}
			}
		} else if (l->shift > gh && (l->shift > w.leaf_bits || l->shift > h.block_shift)) {
			snprintf(why, whylen,
				 "ipa2 %#llx: leaf 2^%u larger than guest 2^%u / host 2^%u",
				 (unsigned long long)a, l->shift, w.leaf_bits, h.block_shift);
			return -1;
		}
	}
	return 0;
}
