// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Stage-2 changes while L2 runs, with the TLB maintenance the Arm ARM requires (DDI 0487
// D8.16 "TLB maintenance", D8.17 "Using break-before-make when updating translation table
// entries"): L2 reads four pages and exits with HVC #1; this image changes its stage-2
// and resumes L2, which reads again. The L2 runner does no TLB maintenance of its own
// here (keep_tlb): only the sequences below make the new mapping visible.
//   - remap a page: break-before-make, TLBI IPAS2E1IS, DSB ISH, TLBI VMALLE1IS, DSB ISH;
//   - remap a page: break-before-make, TLBI VMALLS12E1IS, DSB ISH;
//   - AF 0 -> 1 with no TLBI: an entry that gives an Access flag fault is never cached
//     in a TLB (D8.16: "translation table entries that generate a Translation fault,
//     an Address size fault or an Access flag fault are not cached"), so L2's retry
//     walks again;
//   - a 2 MiB block split into pages (break-before-make) with one page remapped;
//   - S2AP read-only -> read/write with TLBI: L2's retried store completes; without TLBI
//     the old permission may still be used (CONSTRAINED: a Permission fault entry may be
//     cached), so only the final result after a TLBI is printed.
#include "sec_s2.h"

#define W  0x80000000ULL /* four 4K pages read by L2 */
#define W2 0x80200000ULL /* a 2 MiB block */
#define WP 0x80400000ULL /* pages L2 stores to */

static u64 l2_reader(u64 a)
{
	register u64 x1 __asm__("x1") = a;
	__asm__ volatile("1:\tldr x2, [x1]\n\tldr x3, [x1, #0x1000]\n\tldr x4, [x1, #0x2000]\n\t"
			 "ldr x5, [x1, #0x3000]\n\thvc #1\n\tb 1b" ::"r"(x1)
			 : "x2", "x3", "x4", "x5", "memory");
	return 0;
}

static u64 l2_writer(u64 a)
{
	register u64 x1 __asm__("x1") = a;
	__asm__ volatile("mov x2, #0x77\n1:\tstr x2, [x1]\n\thvc #2\n\tb 1b" ::"r"(x1)
			 : "x2", "memory");
	return 0;
}

static void t_units(const char *what)
{
	const u64 *x = l2_regs();
	long u[4];
	for (int i = 0; i < 4; i++)
		u[i] = s2_untag(x[2 + i]);
	t_line("%s: L2 reads units 0x%lx 0x%lx 0x%lx 0x%lx", what, u[0], u[1], u[2], u[3]);
}

/* After an exit: expect HVC #imm; print the units (reader) or the abort. */
static int expect_hvc(const char *what, const struct l2_exit *e, int rc, unsigned imm, u64 va)
{
	if (rc == 1 && e->vector == 0 && (e->esr >> 26) == 0x16 && (e->esr & 0xffff) == imm) {
		if (imm == 1)
			t_units(what);
		return 0;
	}
	if (rc < 0)
		t_line("%s: setup failed", what);
	else
		t_s2exit(what, e, va, va);
	return -1;
}

static u64 unit_pa(u64 u)
{
	return s2_data() + (u << 12);
}

/* Break-before-make of one page descriptor with maintenance op; new = 0: just break. */
static void bbm(struct s2t *t, u64 *d, u64 ipa, enum s2_tlbi op, u64 newd)
{
	*d = 0;
	s2t_tlbi(t, op, ipa);
	*d = newd;
	dsb_ish();
	isb();
}

static void pages(struct s2t *t)
{
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(t, &cfg, 1);
	int rc = run_l2(&cfg, l2_reader, W, &e);
	if (expect_hvc("initial", &e, rc, 1, W))
		return;
	bbm(t, s2t_slot(t, W, 3), W, S2_TLBI_IPA_IS, unit_pa(0x24) | S2D_NORMAL | 3);
	rc = l2_resume(&cfg, 0, &e);
	if (expect_hvc("page 0 -> unit 0x24, BBM + TLBI IPAS2E1IS + TLBI VMALLE1IS", &e, rc, 1, W))
		return;
	bbm(t, s2t_slot(t, W + 0x1000, 3), W + 0x1000, S2_TLBI_VMALLS12_IS,
	    unit_pa(0x25) | S2D_NORMAL | 3);
	rc = l2_resume(&cfg, 0, &e);
	if (expect_hvc("page 1 -> unit 0x25, BBM + TLBI VMALLS12E1IS", &e, rc, 1, W))
		return;
	u64 *d2 = s2t_slot(t, W + 0x2000, 3);
	bbm(t, d2, W + 0x2000, S2_TLBI_IPA_IS, (unit_pa(0x26) | S2D_NORMAL | 3) & ~S2D_AF);
	rc = l2_resume(&cfg, 0, &e);
	if (rc != 1 || (e.esr >> 26) != 0x24) {
		expect_hvc("page 2 -> unit 0x26 with AF=0", &e, rc, 1, W);
		return;
	}
	t_s2abort("page 2 -> unit 0x26 with AF=0", &e, W + 0x2000, W + 0x2000);
	*d2 |= S2D_AF; /* no TLBI: the faulting entry was not cached */
	dsb_ish();
	isb();
	rc = l2_resume(&cfg, 0, &e);
	expect_hvc("page 2 AF=1 without TLBI, access retried", &e, rc, 1, W);
}

static void split(struct s2t *t)
{
	struct l2_config cfg;
	struct l2_exit e;
	u64 blk = s2_data(); /* 2 MiB aligned: units 0..0x1ff */
	s2t_cfg(t, &cfg, 1);
	if (s2t_map(t, W2, blk, 2, S2D_NORMAL)) {
		t_line("block: cannot map");
		return;
	}
	dsb_ish();
	s2t_tlbi(t, S2_TLBI_VMALLS12_IS, 0);
	int rc = run_l2(&cfg, l2_reader, W2, &e);
	if (expect_hvc("2 MiB block", &e, rc, 1, W2))
		return;
	/* The level-3 table: every page as the block mapped it, page 1 -> unit 0x40. */
	u64 *d = s2t_slot(t, W2, 2), save = *d;
	*d = 0;
	s2t_tlbi(t, S2_TLBI_IPA_IS, W2);
	u64 *p = s2t_slot(t, W2, 3); /* allocates the table into the (now invalid) slot */
	if (!p) {
		t_line("split: no table");
		*d = save;
		return;
	}
	u64 tab = *d;
	*d = 0;
	for (u64 i = 0; i < 512; i++)
		p[i] = (i == 1 ? unit_pa(0x40) : blk + (i << 12)) | S2D_NORMAL | 3;
	dsb_ish();
	*d = tab;
	dsb_ish();
	isb();
	rc = l2_resume(&cfg, 0, &e);
	expect_hvc("block split into pages (BBM + TLBI IPAS2E1IS), page 1 -> unit 0x40", &e, rc, 1,
		   W2);
}

/* RO -> RW; tlbi: with TLBI IPAS2E1IS + VMALLE1IS, else retried (bounded) then TLBI. */
static void upgrade(struct s2t *t, u64 va, u64 unit, int tlbi)
{
	struct l2_config cfg;
	struct l2_exit e;
	const char *what = tlbi ? "RO -> RW with TLBI" : "RO -> RW without TLBI";
	volatile u64 *mem = (volatile u64 *)unit_pa(unit);
	s2t_cfg(t, &cfg, 1);
	u64 *d = s2t_slot(t, va, 3);
	*d = unit_pa(unit) | (S2D_NORMAL & ~S2D_S2AP_W) | 3;
	dsb_ish();
	s2t_tlbi(t, S2_TLBI_IPA_IS, va);
	int rc = run_l2(&cfg, l2_writer, va, &e);
	if (rc != 1 || (e.esr >> 26) != 0x24) {
		expect_hvc(what, &e, rc, 2, va);
		return;
	}
	t_s2abort(what, &e, va, va);
	*d |= S2D_S2AP_W;
	dsb_ish();
	if (tlbi)
		s2t_tlbi(t, S2_TLBI_IPA_IS, va);
	rc = l2_resume(&cfg, 0, &e);
	if (!tlbi && rc == 1 && (e.esr >> 26) == 0x24) {
		/* The old permission was used (allowed): now with the TLBI. */
		s2t_tlbi(t, S2_TLBI_IPA_IS, va);
		rc = l2_resume(&cfg, 0, &e);
	}
	if (expect_hvc(what, &e, rc, 2, va))
		return;
	t_line("%s: the store reached memory: %s", what, *mem == 0x77 ? "yes" : "no");
}

/* A 64K page remapped with TLBI IPAS2E1IS naming an address inside it (the invalidation
 * covers every entry holding that address: the whole page, D8.16 "TLB maintenance
 * instructions", TLBI IPAS2E1IS). */
static void page64k(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	if (!s2t_granule_ok(16) || s2t_init(&t, 16, 2, 32, 2) || s2t_map_image(&t) ||
	    s2t_map(&t, W, unit_pa(0x100), 3, S2D_NORMAL)) {
		t_line("64K granule: not supported or cannot map");
		return;
	}
	dsb_ish();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	s2t_cfg(&t, &cfg, 1);
	int rc = run_l2(&cfg, l2_reader, W, &e);
	if (expect_hvc("64K page", &e, rc, 1, W))
		return;
	bbm(&t, s2t_slot(&t, W, 3), W + 0x3000, S2_TLBI_IPA_IS, unit_pa(0x110) | S2D_NORMAL | 3);
	rc = l2_resume(&cfg, 0, &e);
	expect_hvc("64K page -> units 0x110.., TLBI IPAS2E1IS of W+0x3000", &e, rc, 1, W);
}

/* A 2 MiB block replaced by pages (every page moved) with TLBI IPAS2E1IS naming an address
 * in the block's last page: L2's reads of its first pages must see the new mapping. */
static void block_inner(struct s2t *t)
{
	struct l2_config cfg;
	struct l2_exit e;
	u64 blk = s2_data(), w3 = W2 + 0x400000;
	s2t_cfg(t, &cfg, 1);
	if (s2t_map(t, w3, blk, 2, S2D_NORMAL)) {
		t_line("block: cannot map");
		return;
	}
	dsb_ish();
	s2t_tlbi(t, S2_TLBI_VMALLS12_IS, 0);
	int rc = run_l2(&cfg, l2_reader, w3, &e);
	if (expect_hvc("2 MiB block (2)", &e, rc, 1, w3))
		return;
	u64 *d = s2t_slot(t, w3, 2);
	*d = 0;
	s2t_tlbi(t, S2_TLBI_IPA_IS, w3 + 0x1ff000);
	u64 *p = s2t_slot(t, w3, 3);
	if (!p) {
		t_line("block (2): no table");
		return;
	}
	u64 tab = *d;
	*d = 0;
	for (u64 i = 0; i < 512; i++)
		p[i] = (blk + (((i + 0x100) & 0x1ff) << 12)) | S2D_NORMAL | 3;
	dsb_ish();
	*d = tab;
	dsb_ish();
	isb();
	rc = l2_resume(&cfg, 0, &e);
	expect_hvc("block -> pages of units 0x100.., TLBI IPAS2E1IS of the block's last page", &e,
		   rc, 1, w3);
}

/*
 * A level-2 table descriptor replaced (break-before-make) by one pointing at a new level-3
 * table, with TLBI IPAS2E1IS of one IPA only: that IPA must be walked again through the
 * new table (an IPA-based invalidation removes the entries of every level used for it,
 * walk caches included); the other pages may still use old entries (not printed).
 */
static void table_swap(struct s2t *t)
{
	struct l2_config cfg;
	struct l2_exit e;
	const u64 wt = 0x80800000ULL;
	for (u64 i = 0; i < 4; i++)
		s2t_map(t, wt + (i << 12), unit_pa(0x70 + i), 3, S2D_NORMAL);
	dsb_ish();
	s2t_tlbi(t, S2_TLBI_VMALLS12_IS, 0);
	s2t_cfg(t, &cfg, 1);
	int rc = run_l2(&cfg, l2_reader, wt, &e);
	if (expect_hvc("level-3 table A", &e, rc, 1, wt))
		return;
	u64 *d = s2t_slot(t, wt, 2), old = *d;
	*d = 0;
	s2t_tlbi(t, S2_TLBI_IPA_IS, wt);
	u64 *p = s2t_slot(t, wt, 3); /* a new, empty level-3 table (B) in the slot */
	if (!p) {
		t_line("table swap: no table");
		*d = old;
		return;
	}
	u64 tab = *d;
	*d = 0;
	for (u64 i = 0; i < 4; i++)
		p[i] = unit_pa(0x74 + i) | S2D_NORMAL | 3;
	dsb_ish();
	*d = tab;
	dsb_ish();
	isb();
	rc = l2_resume(&cfg, 0, &e);
	if (rc == 1 && e.vector == 0 && (e.esr >> 26) == 0x16 && (e.esr & 0xffff) == 1)
		t_line(
		    "level-2 descriptor -> table B, TLBI IPAS2E1IS of page 0: L2 reads unit 0x%lx "
		    "there",
		    s2_untag(l2_regs()[2]));
	else
		t_s2exit("table swap", &e, wt, wt);
	s2t_tlbi(t, S2_TLBI_VMALLS12_IS, 0);
}

/* Two stage-2 tables with VMIDs 2 and 3 mapping W differently, entered in turn without
 * TLB maintenance: each L2 sees its own (TLB entries are tagged with the VMID). */
static void vmids(struct s2t *t)
{
	struct s2t t3;
	struct l2_config cfg, cfg3;
	struct l2_exit e;
	if (s2t_init_at(&t3, 12, 1, 32, 2, 1) || s2t_map_image(&t3)) {
		t_line("VMID 3: cannot build the tables");
		return;
	}
	for (u64 i = 0; i < 4; i++)
		s2t_map(&t3, W + (i << 12), unit_pa(0x60 + i), 3, S2D_NORMAL);
	dsb_ish();
	s2t_tlbi(&t3, S2_TLBI_VMALLS12_IS, 0);
	s2t_cfg(t, &cfg, 1);
	s2t_cfg(&t3, &cfg3, 1);
	int rc = run_l2(&cfg, l2_reader, W, &e);
	expect_hvc("VMID 2", &e, rc, 1, W);
	rc = run_l2(&cfg3, l2_reader, W, &e);
	expect_hvc("VMID 3", &e, rc, 1, W);
	rc = run_l2(&cfg, l2_reader, W, &e);
	expect_hvc("VMID 2 again", &e, rc, 1, W);
	rc = l2_resume(&cfg3, 0, &e);
	expect_hvc("VMID 3 again", &e, rc, 1, W);
	s2t_tlbi(&t3, S2_TLBI_VMALLS12_IS, 0);
}

void sec_s2remap(void)
{
	struct s2t t;
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	if (!s2t_granule_ok(12) || s2t_init(&t, 12, 1, 32, 2) || s2t_map_image(&t)) {
		t_line("cannot build a 4K stage-2: skipped");
		return;
	}
	s2_data_reset();
	for (u64 i = 0; i < 4; i++)
		s2t_map(&t, W + (i << 12), unit_pa(0x20 + i), 3, S2D_NORMAL);
	dsb_ish();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	pages(&t);
	split(&t);
	upgrade(&t, WP, 0x50, 1);
	upgrade(&t, WP + 0x1000, 0x51, 0);
	block_inner(&t);
	table_swap(&t);
	vmids(&t);
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	page64k();
	s2t_tlbi(&t, S2_TLBI_VMALLS12_IS, 0);
	s2_data_reset();
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
