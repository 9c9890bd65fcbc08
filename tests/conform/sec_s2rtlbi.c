// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Stage-2 remaps made visible by the FEAT_TLBIRANGE and FEAT_TLBIOS invalidations and the
// Armv8.0 forms s2remap does not use (IPAS2LE1IS, IPAS2E1, VMALLS12E1)
// (ID_AA64ISAR0_EL1.TLB [59:56]: 1 = Outer Shareable forms, 2 = and range forms; DDI
// 0487 D8.16 "TLB maintenance instructions", C5.5 TLBI RIPAS2E1IS / IPAS2E1OS /
// RIPAS2E1OS / VMALLS12E1OS). L2 reads four pages and exits with HVC #1; this image
// remaps pages with break-before-make and one of these TLBIs (run through the probe:
// an exception would be printed), then L2 reads again; the pages are then mapped back
// (TLBI VMALLS12E1IS) so that each step depends on its own TLBI only. The L2 runner does no TLB
// maintenance of its own here, so a TLBI that is ignored leaves L2 reading old pages.
#include "sec_s2.h"

#define W 0x80000000ULL

static u64 l2_reader(u64 a)
{
	register u64 x1 __asm__("x1") = a;
	__asm__ volatile("1:\tldr x2, [x1]\n\tldr x3, [x1, #0x1000]\n\tldr x4, [x1, #0x2000]\n\t"
			 "ldr x5, [x1, #0x3000]\n\thvc #1\n\tb 1b" ::"r"(x1)
			 : "x2", "x3", "x4", "x5", "memory");
	return 0;
}

static u64 unit_pa(u64 u)
{
	return s2_data() + (u << 12);
}

enum op { RIPAS2E1IS, IPAS2E1OS, RIPAS2E1OS, VMALLS12E1OS, IPAS2LE1IS, IPAS2E1, VMALLS12E1 };

/*
 * The range operand (DDI 0487 "TLB range maintenance instructions"): TG [47:46] (01 = 4K),
 * SCALE [45:44], NUM [43:39], TTL [38:37] (0: any level), BaseADDR [36:0] = IPA >> 12 for
 * 4K; (NUM + 1) << (5 * SCALE + 1) pages from BaseADDR. SCALE = NUM = 0: two pages.
 */
static u64 range2(u64 ipa)
{
	return (1ULL << 46) | ((ipa >> 12) & (BIT(37) - 1));
}

/* The TLBI (through the probe), DSB ISH, then the stage-1 invalidation of the VMID in
 * the same shareability domain (VMALLE1IS / VMALLE1OS), DSB ISH. */
static void tlbi(const struct s2t *t, enum op op, u64 ipa, struct probe *r)
{
	u64 old = s2t_vttbr_enter(t);
	dsb_ish();
	switch (op) {
	case RIPAS2E1IS:
		PROBE_X0(r, range2(ipa), "sys #4, c8, c0, #2, x0");
		break;
	case IPAS2E1OS:
		PROBE_X0(r, ipa >> 12, "sys #4, c8, c4, #0, x0");
		break;
	case RIPAS2E1OS:
		PROBE_X0(r, range2(ipa), "sys #4, c8, c4, #3, x0");
		break;
	case VMALLS12E1OS:
		PROBE_X0(r, 0, "sys #4, c8, c1, #6, x0");
		break;
	case IPAS2LE1IS:
		PROBE_X0(r, ipa >> 12, "sys #4, c8, c0, #5, x0");
		break;
	case IPAS2E1:
		PROBE_X0(r, ipa >> 12, "sys #4, c8, c4, #1, x0");
		break;
	case VMALLS12E1:
		PROBE_X0(r, 0, "sys #4, c8, c7, #6, x0");
		break;
	}
	dsb_ish();
	if (op == RIPAS2E1IS || op == IPAS2LE1IS)
		__asm__ volatile("tlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
	else if (op == IPAS2E1 || op == VMALLS12E1)
		__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
	else
		__asm__ volatile("sys #0, c8, c1, #0\n\tdsb ish\n\tisb" ::
				     : "memory"); /* VMALLE1OS */
	s2t_vttbr_leave(old);
}

static int step(struct s2t *t, const struct l2_config *cfg, const char *what, enum op op, u64 page,
		unsigned n, u64 unit)
{
	struct probe r;
	struct l2_exit e;
	u64 *d[2];
	for (unsigned i = 0; i < n; i++) {
		d[i] = s2t_slot(t, W + ((page + i) << 12), 3);
		*d[i] = 0;
	}
	tlbi(t, op, W + (page << 12), &r);
	for (unsigned i = 0; i < n; i++)
		*d[i] = unit_pa(unit + i) | S2D_NORMAL | 3;
	dsb_ish();
	isb();
	t_probe(what, &r);
	int rc = l2_resume(cfg, 0, &e);
	if (rc != 1 || (e.esr >> 26) != 0x16 || (e.esr & 0xffff) != 1) {
		t_exit(what, &e, W);
		return -1;
	}
	const u64 *x = l2_regs();
	t_line("%s: L2 reads units 0x%lx 0x%lx 0x%lx 0x%lx", what, s2_untag(x[2]), s2_untag(x[3]),
	       s2_untag(x[4]), s2_untag(x[5]));
	/* Back to units 0x20-0x23 with TLBI VMALLS12E1IS (s2remap checks that one), so
	 * each step shows its own TLBI only. */
	for (u64 i = 0; i < 4; i++)
		*s2t_slot(t, W + (i << 12), 3) = 0;
	s2t_tlbi(t, S2_TLBI_VMALLS12_IS, 0);
	for (u64 i = 0; i < 4; i++)
		*s2t_slot(t, W + (i << 12), 3) = unit_pa(0x20 + i) | S2D_NORMAL | 3;
	dsb_ish();
	isb();
	/* L2 reads them again (any TLB may hold them before the next step). */
	rc = l2_resume(cfg, 0, &e);
	if (rc != 1 || (e.esr >> 26) != 0x16 || (e.esr & 0xffff) != 1) {
		t_exit(what, &e, W);
		return -1;
	}
	t_line("mapped back with TLBI VMALLS12E1IS: L2 reads units 0x%lx 0x%lx 0x%lx 0x%lx",
	       s2_untag(x[2]), s2_untag(x[3]), s2_untag(x[4]), s2_untag(x[5]));
	return 0;
}

void sec_s2rtlbi(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	unsigned tlb = (unsigned)(rd(s3_0_c0_c6_0) >> 56) & 0xf;
	t_line("ID_AA64ISAR0_EL1.TLB=%u", tlb);
	if (!s2t_granule_ok(12) || s2t_init(&t, 12, 1, 32, 2) || s2t_map_image(&t)) {
		t_line("cannot build a 4K stage-2: skipped");
		return;
	}
	s2_data_reset();
	for (u64 i = 0; i < 4; i++)
		s2t_map(&t, W + (i << 12), unit_pa(0x20 + i), 3, S2D_NORMAL);
	dsb_ish();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	s2t_cfg(&t, &cfg, 1);
	int rc = run_l2(&cfg, l2_reader, W, &e);
	if (rc != 1 || (e.esr >> 26) != 0x16) {
		t_exit("initial", &e, W);
		return;
	}
	if (!tlb)
		goto v80;
	if (tlb >= 2 && step(&t, &cfg, "pages 0-1 -> units 0x30-0x31, TLBI RIPAS2E1IS (2 pages)",
			     RIPAS2E1IS, 0, 2, 0x30))
		goto out;
	if (step(&t, &cfg, "page 2 -> unit 0x32, TLBI IPAS2E1OS", IPAS2E1OS, 2, 1, 0x32))
		goto out;
	if (tlb >= 2 && step(&t, &cfg, "page 3 -> unit 0x33, TLBI RIPAS2E1OS (2 pages)", RIPAS2E1OS,
			     3, 1, 0x33))
		goto out;
	if (step(&t, &cfg, "page 0 -> unit 0x34, TLBI VMALLS12E1OS", VMALLS12E1OS, 0, 1, 0x34))
		goto out;
v80:
	/* The Armv8.0 forms s2remap does not use (last level only, non-shareable). */
	if (step(&t, &cfg, "page 1 -> unit 0x35, TLBI IPAS2LE1IS", IPAS2LE1IS, 1, 1, 0x35) ||
	    step(&t, &cfg, "page 2 -> unit 0x36, TLBI IPAS2E1 + VMALLE1", IPAS2E1, 2, 1, 0x36))
		goto out;
	step(&t, &cfg, "page 3 -> unit 0x37, TLBI VMALLS12E1 + VMALLE1", VMALLS12E1, 3, 1, 0x37);
out:
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
