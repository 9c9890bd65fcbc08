// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Independent reference model of the GICv3 virtual CPU interface (see gic_model.h).
 * Deliberately written bit-by-bit from the architecture text, not from src/vgic.
 */
#include "gic_model.h"

#include <nvarm/platform_host.h>
#include <nvarm/arm/sysreg_enc.h>

#define B(n)	     ((uint64_t)1 << (n))
#define F(v, hi, lo) (((v) >> (lo)) & ((B((hi) - (lo) + 1)) - 1))

/* Encodings written out again (ICH_*: op0 3, op1 4, CRn 12). */
#define E(crm, op2) NVARM_SYSREG_ENC(3, 4, 12, crm, op2)

void gicm_init(struct gicm *m, uint64_t vtr, unsigned nlr)
{
	*m = (struct gicm){0};
	m->nlr = nlr ? nlr : (unsigned)F(vtr, 4, 0) + 1;
	m->pribits = (unsigned)F(vtr, 31, 29) + 1;
	m->prebits = (unsigned)F(vtr, 28, 26) + 1;
	m->idbits = F(vtr, 25, 23) == 1 ? 24 : 16;
	m->seis = F(vtr, 22, 22);
	m->tds = F(vtr, 19, 19);
	m->vmcr = gicm_vmcr_value(m, 0);
}

unsigned gicm_napr(const struct gicm *m)
{
	return m->prebits == 7 ? 4 : m->prebits == 6 ? 2 : 1;
}

static uint64_t prio_keep(const struct gicm *m)
{
	/* The implemented priority bits are the top pribits of 8. */
	uint64_t k = 0;
	for (unsigned i = 0; i < m->pribits; i++)
		k |= B(7 - i);
	return k;
}

uint64_t gicm_lr_value(const struct gicm *m, uint64_t v)
{
	uint64_t r = 0;

	r |= v & (m->idbits == 24 ? 0xffffffull : 0xffffull); /* vINTID */
	r |= ((F(v, 55, 48) & prio_keep(m)) << 48);	      /* Priority */
	r |= v & (B(60) | B(61) | B(62) | B(63));	      /* Group, HW, State */
	if (v & B(61))
		r |= v & (0x1fffull << 32); /* pINTID[44:32] */
	else
		r |= v & B(41); /* EOI */
	return r;
}

uint64_t gicm_hcr_value(const struct gicm *m, uint64_t v)
{
	uint64_t keep = 0xff /* En..VGrp1DIE */ | B(10) | B(11) | B(12) | (0x1full << 27);

	if (m->seis)
		keep |= B(13);
	if (m->tds)
		keep |= B(14);
	return v & keep;
}

uint64_t gicm_vmcr_value(const struct gicm *m, uint64_t v)
{
	unsigned bpr0 = (unsigned)F(v, 23, 21), bpr1 = (unsigned)F(v, 20, 18);
	unsigned min0 = 7 - m->prebits;
	uint64_t r = 0;

	if (bpr0 < min0)
		bpr0 = min0;
	if (bpr1 < min0 + 1)
		bpr1 = min0 + 1;
	r |= v & (B(0) | B(1) | B(4) | B(9)); /* VENG0, VENG1, VCBPR, VEOIM */
	r |= B(3);			      /* VFIQEn: RES1 */
	r |= (uint64_t)bpr1 << 18;
	r |= (uint64_t)bpr0 << 21;
	r |= (F(v, 31, 24) & prio_keep(m)) << 24;
	return r;
}

static unsigned lr_state(uint64_t lr)
{
	return (unsigned)F(lr, 63, 62);
}

uint32_t gicm_eisr(const struct gicm *m)
{
	uint32_t r = 0;
	for (unsigned i = 0; i < m->nlr; i++) {
		uint64_t lr = m->lr[i];
		if (lr_state(lr) == 0 && !(lr & B(61)) && (lr & B(41)))
			r |= 1u << i;
	}
	return r;
}

uint32_t gicm_elrsr(const struct gicm *m)
{
	uint32_t r = 0;
	for (unsigned i = 0; i < m->nlr; i++) {
		uint64_t lr = m->lr[i];
		bool waits_for_eoi = !(lr & B(61)) && (lr & B(41));
		if (lr_state(lr) == 0 && !waits_for_eoi)
			r |= 1u << i;
	}
	return r;
}

uint32_t gicm_misr(const struct gicm *m)
{
	unsigned nvalid = 0, npending = 0;
	uint32_t r = 0;

	for (unsigned i = 0; i < m->nlr; i++) {
		if (lr_state(m->lr[i]) != 0)
			nvalid++;
		if (lr_state(m->lr[i]) == 1)
			npending++;
	}
	if (gicm_eisr(m) != 0)
		r |= 1;
	if (F(m->hcr, 1, 1) && nvalid < 2)
		r |= 2;
	if (F(m->hcr, 2, 2) && F(m->hcr, 31, 27) != 0)
		r |= 4;
	if (F(m->hcr, 3, 3) && npending == 0)
		r |= 8;
	if (F(m->hcr, 4, 4) && F(m->vmcr, 0, 0))
		r |= 16;
	if (F(m->hcr, 5, 5) && !F(m->vmcr, 0, 0))
		r |= 32;
	if (F(m->hcr, 6, 6) && F(m->vmcr, 1, 1))
		r |= 64;
	if (F(m->hcr, 7, 7) && !F(m->vmcr, 1, 1))
		r |= 128;
	return r;
}

bool gicm_maint(const struct gicm *m)
{
	return (m->hcr & 1) && gicm_misr(m) != 0;
}

/* Group priority mask (pseudocode: group 1 uses BPR1 - 1 unless VCBPR). */
static unsigned gprio_mask(const struct gicm *m, int grp)
{
	unsigned bpr;

	if (grp == 1 && !F(m->vmcr, 4, 4))
		bpr = (unsigned)F(m->vmcr, 20, 18) - 1;
	else
		bpr = (unsigned)F(m->vmcr, 23, 21);
	return (0xffu << (bpr + 1)) & 0xffu;
}

/* Highest active priority from the APRs (0xff when none). */
static unsigned running_prio(const struct gicm *m)
{
	unsigned n = gicm_napr(m);
	for (unsigned r = 0; r < n; r++) {
		uint64_t bits = (m->ap[0][r] | m->ap[1][r]) & 0xffffffffull;
		if (bits) {
			unsigned bit = (unsigned)__builtin_ctzll(bits) + 32 * r;
			return bit << (8 - m->prebits);
		}
	}
	return 0xff;
}

uint32_t gicm_ack(struct gicm *m, int grp)
{
	int best = -1;
	unsigned bestprio = 0x100;

	if (!(m->hcr & 1))
		return GICM_SPURIOUS;
	for (unsigned i = 0; i < m->nlr; i++) {
		uint64_t lr = m->lr[i];
		int g = (lr & B(60)) ? 1 : 0;
		unsigned p = (unsigned)F(lr, 55, 48);

		if (lr_state(lr) != 1)
			continue;
		if (!F(m->vmcr, g, g)) /* VENG0 bit 0, VENG1 bit 1 */
			continue;
		if (p < bestprio) {
			bestprio = p;
			best = (int)i;
		}
	}
	if (best < 0)
		return GICM_SPURIOUS;
	{
		uint64_t *lr = &m->lr[best];
		int g = (*lr & B(60)) ? 1 : 0;
		unsigned p = (unsigned)F(*lr, 55, 48), rp = running_prio(m),
			 mask = gprio_mask(m, g);
		uint32_t intid = (uint32_t)(*lr & 0xffffffffu);
		unsigned bit;

		if (g != grp)
			return GICM_SPURIOUS; /* highest pending is of the other group */
		if (p >= F(m->vmcr, 31, 24))
			return GICM_SPURIOUS; /* masked by VPMR */
		if (rp != 0xff && (p & mask) >= (rp & mask))
			return GICM_SPURIOUS; /* cannot preempt */
		*lr &= ~B(62);
		if (intid < 8192)
			*lr |= B(63); /* LPIs have no active state */
		bit = (p & mask) >> (8 - m->prebits);
		m->ap[g][bit / 32] |= B(bit % 32);
		return intid;
	}
}

static int find_active(const struct gicm *m, uint32_t intid)
{
	for (unsigned i = 0; i < m->nlr; i++)
		if ((m->lr[i] & B(63)) && (uint32_t)(m->lr[i] & 0xffffffffu) == intid)
			return (int)i;
	return -1;
}

static void deactivate(struct gicm *m, int i)
{
	if (m->lr[i] & B(61)) {
		if (m->nphys < 256)
			m->phys_deact[m->nphys++] = (uint32_t)F(m->lr[i], 44, 32);
	}
	m->lr[i] &= ~B(63);
}

static void eoicount_inc(struct gicm *m)
{
	uint64_t c = (F(m->hcr, 31, 27) + 1) & 0x1f;
	m->hcr = (m->hcr & ~(0x1full << 27)) | (c << 27);
}

/* Clear the highest active priority bit; returns that priority or 0xff. */
static unsigned drop_prio(struct gicm *m)
{
	unsigned n = gicm_napr(m);
	for (unsigned r = 0; r < n; r++) {
		for (unsigned b = 0; b < 32; b++) {
			for (int g = 0; g < 2; g++) {
				if (m->ap[g][r] & B(b)) {
					m->ap[g][r] &= ~B(b);
					return (32 * r + b) << (8 - m->prebits);
				}
			}
		}
	}
	return 0xff;
}

void gicm_eoir(struct gicm *m, int grp, uint32_t intid)
{
	unsigned dropped;
	int i;

	if (intid >= 1020 && intid < 1024)
		return;
	dropped = drop_prio(m);
	if (dropped == 0xff)
		return;
	i = find_active(m, intid);
	if (i < 0) {
		if (intid < 8192)
			eoicount_inc(m);
		return;
	}
	if (((m->lr[i] & B(60)) ? 1 : 0) != grp)
		return;
	if ((F(m->lr[i], 55, 48) & gprio_mask(m, grp)) != dropped)
		return;
	if (!F(m->vmcr, 9, 9))
		deactivate(m, i);
}

void gicm_dir(struct gicm *m, uint32_t intid)
{
	int i;

	if (!F(m->vmcr, 9, 9) || intid >= 1020)
		return;
	i = find_active(m, intid);
	if (i < 0)
		eoicount_inc(m);
	else
		deactivate(m, i);
}

void gicm_load_hw(struct gicm *m, const struct nvarm_host_model *hm)
{
	for (unsigned i = 0; i < m->nlr; i++)
		m->lr[i] = nvarm_host_model_get_reg(hm, E(12 + i / 8, i % 8));
	for (unsigned r = 0; r < 4; r++) {
		m->ap[0][r] = nvarm_host_model_get_reg(hm, E(8, r));
		m->ap[1][r] = nvarm_host_model_get_reg(hm, E(9, r));
	}
	m->hcr = nvarm_host_model_get_reg(hm, E(11, 0));
	m->vmcr = nvarm_host_model_get_reg(hm, E(11, 7));
}

void gicm_store_hw(const struct gicm *m, struct nvarm_host_model *hm)
{
	for (unsigned i = 0; i < m->nlr; i++)
		nvarm_host_model_set_reg(hm, E(12 + i / 8, i % 8), m->lr[i]);
	for (unsigned r = 0; r < 4; r++) {
		nvarm_host_model_set_reg(hm, E(8, r), m->ap[0][r]);
		nvarm_host_model_set_reg(hm, E(9, r), m->ap[1][r]);
	}
	nvarm_host_model_set_reg(hm, E(11, 0), m->hcr);
	nvarm_host_model_set_reg(hm, E(11, 7), m->vmcr);
}
