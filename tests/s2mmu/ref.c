// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Reference stage-2 walker and attribute rules, transcribed step by step from the Arm ARM
 * (AArch64.S2Walk, S2StartLevel, S2InconsistentSL, OAOutOfRange, S2CheckPermission,
 * "Combining stage 1 and stage 2 memory attributes", FEAT_S2FWB). Independent of the library:
 * it reads L1 memory by pointer and uses its own if/else formulation.
 */
#include <string.h>

#include "ref.h"

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((hi - lo == 63) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

static bool rd64(const struct ref_l1 *l1, uint64_t addr, uint64_t *v)
{
	if (addr < l1->mem_base || addr + 8 > l1->mem_base + l1->mem_size)
		return false;
	uint64_t x;
	memcpy(&x, l1->mem + (addr - l1->mem_base), 8);
	if (l1->be)
		x = __builtin_bswap64(x);
	*v = x;
	return true;
}

static void fault(struct ref_walk *w, int t, int level)
{
	w->fault = t;
	w->level = level;
}

void ref_walk(const struct ref_l1 *l1, uint64_t ipa, unsigned acc, struct ref_walk *w)
{
	memset(w, 0, sizeof(*w));
	uint64_t vtcr = l1->vtcr;

	/* Granule from TG0; fall back to the first offered one. */
	unsigned tg0 = bits(vtcr, 15, 14);
	unsigned gbits = 0;
	if (tg0 == 0 && (l1->granules & 1))
		gbits = 12;
	else if (tg0 == 2 && (l1->granules & 2))
		gbits = 14;
	else if (tg0 == 1 && (l1->granules & 4))
		gbits = 16;
	else if (l1->granules & 1)
		gbits = 12;
	else if (l1->granules & 2)
		gbits = 14;
	else
		gbits = 16;
	unsigned stride = gbits - 3;

	bool ds = l1->lpa2 && gbits != 16 && bits(vtcr, 32, 32);

	unsigned pamax = l1->pa_bits;
	if (pamax < 32 || pamax > 52)
		pamax = 48;
	if (pamax == 52 && !(ds || (gbits == 16 && l1->lpa)))
		pamax = 48;
	unsigned ps = bits(vtcr, 18, 16);
	unsigned oasize;
	switch (ps) {
	case 0:
		oasize = 32;
		break;
	case 1:
		oasize = 36;
		break;
	case 2:
		oasize = 40;
		break;
	case 3:
		oasize = 42;
		break;
	case 4:
		oasize = 44;
		break;
	case 5:
		oasize = 48;
		break;
	default:
		oasize = 52;
		break;
	}
	if (oasize > pamax)
		oasize = pamax;
	bool lpa64 = gbits == 16 && l1->lpa && oasize == 52;
	bool ha = l1->hafdbs && bits(vtcr, 21, 21);
	bool hd = ha && bits(vtcr, 22, 22);

	unsigned iasize = 64 - (unsigned)bits(vtcr, 5, 0);
	unsigned maxia = (ds || lpa64) ? 52 : 48;
	unsigned minia = 25;
	if (l1->ttst)
		minia = gbits == 16 ? 17 : 16;
	if (iasize > maxia || iasize < minia || iasize > pamax)
		return fault(w, RF_TRANS, 0);

	/* Start level. */
	unsigned sl0 = bits(vtcr, 7, 6);
	int start;
	if (gbits == 12) {
		if (ds && bits(vtcr, 33, 33)) {
			if (sl0 != 0)
				return fault(w, RF_TRANS, 0);
			start = -1;
		} else if (sl0 == 0) {
			start = 2;
		} else if (sl0 == 1) {
			start = 1;
		} else if (sl0 == 2) {
			start = 0;
		} else {
			if (!l1->ttst)
				return fault(w, RF_TRANS, 0);
			start = 3;
		}
	} else {
		if (sl0 == 3) {
			if (gbits == 16 || !ds)
				return fault(w, RF_TRANS, 0);
			start = 0;
		} else {
			start = 3 - (int)sl0;
		}
	}
	/* Bits left for the first level; 1 .. stride+4 (up to 16 concatenated tables). */
	int lowbits = (int)gbits + (3 - start) * (int)stride;
	int first = (int)iasize - lowbits;
	if (first < 1 || first > (int)stride + 4)
		return fault(w, RF_TRANS, 0);

	if (iasize < 64 && (ipa >> iasize) != 0)
		return fault(w, RF_TRANS, 0);

	uint64_t base = l1->vttbr & 0x0000fffffffffffeull;
	if (ds || lpa64)
		base = (base & 0x0000ffffffffffc0ull) | (bits(l1->vttbr, 5, 2) << 48);
	base &= ~((8ull << first) - 1);
	if (oasize < 52 && (base >> oasize))
		return fault(w, RF_ADDRSIZE, 0);

	int level = start;
	uint64_t desc = 0;
	unsigned lsb = 0;
	while (1) {
		lsb = gbits + (unsigned)(3 - level) * stride;
		unsigned n = level == start ? (unsigned)first : stride;
		uint64_t index = (ipa >> lsb) & ((1ull << n) - 1);
		w->desc_addr = base + index * 8;
		if (w->npath < 5)
			w->path[w->npath++] = w->desc_addr;
		if (!rd64(l1, base + index * 8, &desc))
			return fault(w, RF_EXT, level);
		if ((desc & 1) == 0)
			return fault(w, RF_TRANS, level);
		bool bit1 = desc & 2;
		uint64_t addr;
		bool bad = false;
		if (ds) {
			addr = (desc & ((1ull << 50) - 1) & ~((1ull << gbits) - 1)) |
			       (bits(desc, 9, 8) << 50);
		} else if (lpa64) {
			addr = (desc & 0x0000ffffffff0000ull) | (bits(desc, 15, 12) << 48);
		} else {
			addr = desc & 0x0000ffffffffffffull & ~((1ull << gbits) - 1);
			/* RES0 OA bits: [51:48] in tables, [50:48] in leaves (51 is DBM). */
			bool leaf = level == 3 || !bit1;
			if (bits(desc, leaf ? 50 : 51, 48))
				bad = true;
		}
		if (oasize < 52 && (addr >> oasize))
			bad = true;
		if (level == 3) {
			if (!bit1)
				return fault(w, RF_TRANS, level);
			if (bad)
				return fault(w, RF_ADDRSIZE, level);
			desc = desc;
			base = addr;
			break;
		}
		if (!bit1) {
			/* Block: where allowed. */
			bool ok;
			if (gbits == 12)
				ok = level == 1 || level == 2 || (level == 0 && ds);
			else if (gbits == 14)
				ok = level == 2 || (level == 1 && ds);
			else
				ok = level == 2 || (level == 1 && pamax == 52); /* PAMax, not PS */
			if (!ok)
				return fault(w, RF_TRANS, level);
			if (bad)
				return fault(w, RF_ADDRSIZE, level);
			base = addr & ~((1ull << lsb) - 1);
			break;
		}
		if (bad)
			return fault(w, RF_ADDRSIZE, level);
		base = addr;
		level++;
	}

	w->level = level;
	w->leaf_bits = lsb;
	w->oa = base | (ipa & ((1ull << lsb) - 1));
	w->desc = desc;
	w->memattr = bits(desc, 5, 2);
	w->sh = ds ? bits(vtcr, 13, 12) : bits(desc, 9, 8);

	unsigned p = 0;
	if (desc & (1ull << 6))
		p |= RA_R;
	if (desc & (1ull << 7))
		p |= RA_W;
	unsigned xn1 = bits(desc, 54, 54), xn0 = l1->xnx ? bits(desc, 53, 53) : 0;
	if (!xn1 && !xn0)
		p |= RA_XP | RA_XU;
	else if (!xn1 && xn0)
		p |= RA_XU;
	else if (xn1 && xn0)
		p |= RA_XP;

	if ((acc & RA_W) && !(p & RA_W) && bits(desc, 51, 51) && hd) {
		p |= RA_W;
		w->dirty_update = true;
	}
	if (!(desc & (1ull << 10))) {
		if (!ha)
			return fault(w, RF_ACCESS, level);
		w->af_update = true;
	}
	w->perm = p;
	if (acc & ~p)
		return fault(w, RF_PERM, level);
}

unsigned ref_fsc(int type, int level)
{
	if (level == -1) {
		if (type == RF_TRANS)
			return 0x2b;
		if (type == RF_ADDRSIZE)
			return 0x29;
		return 0x13;
	}
	switch (type) {
	case RF_ADDRSIZE:
		return 0x00 + (unsigned)level;
	case RF_TRANS:
		return 0x04 + (unsigned)level;
	case RF_ACCESS:
		return 0x08 + (unsigned)level;
	case RF_PERM:
		return 0x0c + (unsigned)level;
	default:
		return 0x14 + (unsigned)level;
	}
}

/*
 * Attributes as (device?, device type, inner, outer, forced): cacheability 1 NC, 2 WT, 3 WB.
 */
struct rattr {
	bool dev;
	unsigned dtype, in, out;
	bool force;
};

static struct rattr dec_plain(unsigned m)
{
	struct rattr a = {0};
	if ((m >> 2) == 0) {
		a.dev = true;
		a.dtype = m & 3;
	} else {
		a.out = m >> 2;
		a.in = (m & 3) ? (m & 3) : 1;
	}
	return a;
}

static struct rattr dec_fwb(unsigned m)
{
	struct rattr a = {0};
	m &= 7;
	if (m < 4) {
		a.dev = true;
		a.dtype = m;
	} else if (m == 6) {
		a.in = a.out = 3;
		a.force = true;
	} else if (m == 7) {
		a.in = a.out = 3;
	} else {
		a.in = a.out = 1;
	}
	return a;
}

unsigned ref_memattr(unsigned guest, bool guest_fwb, unsigned host, bool host_fwb)
{
	struct rattr g = guest_fwb ? dec_fwb(guest) : dec_plain(guest & 15);
	struct rattr h = dec_plain(host & 15);
	if (g.dev && h.dev)
		return g.dtype < h.dtype ? g.dtype : h.dtype;
	if (g.dev)
		return g.dtype;
	if (h.dev)
		return h.dtype;
	unsigned in = g.in < h.in ? g.in : h.in;
	unsigned out = g.out < h.out ? g.out : h.out;
	if (!host_fwb)
		return out << 2 | in;
	if (in == 3 && out == 3)
		return g.force ? 6 : 7;
	return 5;
}

unsigned ref_sh(unsigned a, unsigned b)
{
	/* Outer (10, and reserved 01) > Inner (11) > Non (00). */
	if (a == 2 || a == 1 || b == 2 || b == 1)
		return 2;
	if (a == 3 || b == 3)
		return 3;
	return 0;
}
