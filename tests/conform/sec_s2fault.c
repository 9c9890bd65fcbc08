// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Stage-2 faults at each lookup level, for each granule and several start levels:
// translation faults (an invalid descriptor at every level of the walk), access flag
// faults (pages and blocks, VTCR_EL2.HA = 0; with HA = 1 if FEAT_HAFDBS: no fault, the
// descriptor's AF set by hardware), permission faults (S2AP read-only written, no
// access read, XN executed) and address size faults (output address, table address
// and VTTBR_EL2.BADDR above VTCR_EL2.PS). L2 runs with its MMU off (VA = IPA, S1PTW
// always 0) and loads, stores or branches to a test IPA W = 2^(ia-1) whose walk shares
// no table with the identity map of the image. Each exit is printed with the full ESR
// (ISS decoded), FAR relative to the accessed VA's base, HPFAR_EL2.FIPA relative to the
// IPA's base (DDI 0487 D8 "The AArch64 Virtual Memory System Architecture", D24 ESR_EL2).
#include "sec_s2.h"

/* "<a><level><b>" into w (no snprintf in this image). */
static const char *lv(char *w, const char *a, int level, const char *b)
{
	char *p = w;
	while (*a)
		*p++ = *a++;
	*p++ = (char)('0' + level);
	while (*b)
		*p++ = *b++;
	*p = 0;
	return w;
}

static u64 l2f_load(u64 a)
{
	return *(volatile u64 *)a;
}

static u64 l2f_store(u64 a)
{
	*(volatile u64 *)a = 0x600d;
	return 1;
}

static u64 l2f_exec(u64 a)
{
	return ((u64(*)(u64))a)(3);
}

/* VTCR_EL2.PS for an IPA size: the smallest output size that holds it (an IPA larger
 * than the configured output size is CONSTRAINED UNPREDICTABLE: avoided). */
static unsigned ps_for(unsigned ia)
{
	static const unsigned char bits[] = {32, 36, 40, 42, 44, 48};
	for (unsigned i = 0; i < sizeof(bits); i++)
		if (ia <= bits[i])
			return i;
	return 5;
}

/* FEAT_HAFDBS: ID_AA64MMFR1_EL1.HAFDBS [3:0] != 0 (hardware AF update). */
static int have_ha(void)
{
	return (rd(s3_0_c0_c7_1) & 0xf) != 0;
}

/* Levels with block descriptors (AArch64.BlockDescSupported, DDI 0487 D8.3): 4K levels 1
 * and 2, 16K level 2 (levels 0 / 1 only with VTCR_EL2.DS, not used here), 64K level 2 and
 * level 1 if the implemented PA size is 52 bits (ID_AA64MMFR0_EL1.PARange = 6). */
static int block_ok(unsigned gs, int level)
{
	if (gs == 12)
		return level == 1 || level == 2;
	if (gs == 16 && level == 1)
		return (rd(s3_0_c0_c7_0) & 0xf) == 6;
	return level == 2;
}

static void run_show(const char *what, const struct s2t *t, u64 (*fn)(u64), u64 va, u64 ipa)
{
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(t, &cfg, 0);
	int rc = run_l2(&cfg, fn, va, &e);
	if (rc < 0) {
		t_line("%s: setup failed", what);
		return;
	}
	t_s2exit(what, &e, va & ~0xfffULL, ipa);
}

static void one(unsigned gs, int start, unsigned ia)
{
	struct s2t t;
	char w[64];
	/* "<granule> level " for the block lines (they differ per granule) */
	char g[16];
	const char *gn = s2_granule_name(gs);
	{
		unsigned i = 0;
		for (const char *q = gn; *q;)
			g[i++] = *q++;
		for (const char *q = " level "; *q;)
			g[i++] = *q++;
		g[i] = 0;
	}
	u64 W = 1ULL << (ia - 1);
	u64 P = s2_data() + 0x10000; /* data unit 0x10, aligned to every granule */
	if (s2t_init(&t, gs, start, ia, ps_for(ia)) || s2t_map_image(&t) ||
	    s2t_map(&t, W, P, 3, S2D_NORMAL)) {
		t_line("%s start level %d IPA %u bits: cannot build the tables", gn, start, ia);
		return;
	}
	dsb_ish();
	t_line("%s granule, start level %d, %u-bit IPA, VTCR_EL2.PS=%u", gn, start, ia, t.ps);
	run_show("load W (mapped)", &t, l2f_load, W, W);

	/* Translation fault at each level: the descriptor of W's walk at that level 0. */
	for (int l = start; l <= 3; l++) {
		u64 *d = s2t_slot(&t, W, l), save = *d;
		*d = 0;
		dsb_ish();
		run_show(lv(w, "invalid at level ", l, ", load W+0x28"), &t, l2f_load, W + 0x28, W);
		*d = save;
		dsb_ish();
	}
	/* Level 3 with bits[1:0] = 0b01: reserved, a translation fault (D8.3). */
	u64 *leaf = s2t_slot(&t, W, 3), page = *leaf;
	*leaf = page & ~S2D_TABLE;
	dsb_ish();
	run_show("level 3 descriptor 0b01, load W+0x28", &t, l2f_load, W + 0x28, W);

	*leaf = page & ~S2D_AF;
	dsb_ish();
	run_show("AF=0, HA=0, load W+0x30", &t, l2f_load, W + 0x30, W);
	run_show("AF=0, HA=0, store W+0x30", &t, l2f_store, W + 0x30, W);
	/* AF=0 and no access: the Access flag fault comes first (AArch64.S2Translate checks
	 * the AF before AArch64.S2CheckPermission). */
	*leaf = page & ~(S2D_AF | S2D_S2AP_R | S2D_S2AP_W);
	dsb_ish();
	run_show("AF=0 and S2AP=none, load W+0x30", &t, l2f_load, W + 0x30, W);
	*leaf = page & ~S2D_AF;
	dsb_ish();
	if (have_ha()) {
		struct l2_config cfg;
		struct l2_exit e;
		s2t_cfg(&t, &cfg, 0);
		cfg.vtcr |= BIT(21); /* VTCR_EL2.HA */
		run_l2(&cfg, l2f_load, W, &e);
		u64 now = *leaf;
		t_s2exit("AF=0, HA=1, load W", &e, W, W);
		t_line("AF=0, HA=1: descriptor AF after the load: %u, other bits unchanged: %s",
		       (unsigned)(now >> 10) & 1,
		       (now & ~S2D_AF) == (page & ~S2D_AF) ? "yes" : "no");
		/* Dirty state (HAFDBS >= 2): DBM=1 with S2AP read-only, HA=HD=1: the store
		 * sets S2AP[1] instead of a Permission fault (D8.4 "Hardware management of
		 * the dirty state"). */
		if ((rd(s3_0_c0_c7_1) & 0xf) >= 2) {
			*leaf = (page & ~S2D_S2AP_W) | BIT(51);
			dsb_ish();
			cfg.vtcr |= BIT(22); /* VTCR_EL2.HD */
			run_l2(&cfg, l2f_store, W + 0x38, &e);
			now = *leaf;
			t_s2exit("DBM=1 S2AP=RO, HA=HD=1, store W+0x38", &e, W, W);
			t_line("DBM=1, HD=1: descriptor S2AP[1] after the store: %u, stored: %s",
			       (unsigned)(now >> 7) & 1,
			       *(volatile u64 *)(P + 0x38) == 0x600d ? "yes" : "no");
			*(volatile u64 *)(P + 0x38) = 0;
		}
	} else {
		t_line("FEAT_HAFDBS not implemented: no HA=1 case");
	}

	*leaf = page & ~S2D_S2AP_W;
	dsb_ish();
	run_show("S2AP=RO, store W+0x40", &t, l2f_store, W + 0x40, W);
	run_show("S2AP=RO, load W", &t, l2f_load, W, W);
	*leaf = page & ~(S2D_S2AP_W | S2D_S2AP_R);
	dsb_ish();
	run_show("S2AP=none, load W+0x48", &t, l2f_load, W + 0x48, W);
	run_show("S2AP=none, store W+0x48", &t, l2f_store, W + 0x48, W);
	*leaf = page & ~S2D_S2AP_R;
	dsb_ish();
	run_show("S2AP=WO, load W+0x48", &t, l2f_load, W + 0x48, W);
	run_show("S2AP=WO, store W+0x48", &t, l2f_store, W + 0x48, W);
	*(volatile u64 *)(P + 0x48) = 0;

	/* Execute: "add x0, x0, #0x40; ret" at W + 0x100. */
	volatile u32 *code = (volatile u32 *)(P + 0x100);
	code[0] = 0x91010000, code[1] = 0xd65f03c0;
	*leaf = page;
	dsb_ish();
	__asm__ volatile("ic iallu\n\tdsb ish\n\tisb" ::: "memory");
	run_show("XN=0, execute W+0x100", &t, l2f_exec, W + 0x100, W);
	*leaf = page | S2D_XN(2);
	dsb_ish();
	run_show("XN=2, execute W+0x100", &t, l2f_exec, W + 0x100, W);
	/* FEAT_XNX (ID_AA64MMFR1_EL1.XNX [31:28]): XN 0b01 = not at EL1, 0b11 = not at EL0
	 * (D8.4 "Stage 2 execute-never"); L2 executes at EL1. */
	if ((rd(s3_0_c0_c7_1) >> 28) & 0xf) {
		*leaf = page | S2D_XN(1);
		dsb_ish();
		run_show("XN=1 (FEAT_XNX), execute W+0x100", &t, l2f_exec, W + 0x100, W);
		*leaf = page | S2D_XN(3);
		dsb_ish();
		run_show("XN=3 (FEAT_XNX), execute W+0x100", &t, l2f_exec, W + 0x100, W);
	}
	*leaf = 0;
	dsb_ish();
	run_show("invalid at level 3, execute W+0x100", &t, l2f_exec, W + 0x100, W);
	*leaf = page;
	dsb_ish();

	/* A block descriptor where the granule has no blocks: a translation fault. */
	for (int l = start; l < 3; l++) {
		if (block_ok(gs, l))
			continue;
		u64 *d = s2t_slot(&t, W, l), save = *d;
		*d = (P & ~(s2t_lsize(&t, l) - 1)) | S2D_NORMAL | S2D_VALID;
		dsb_ish();
		run_show(lv(w, "block descriptor at level ", l, " (no blocks there), load W+0x28"),
			 &t, l2f_load, W + 0x28, W);
		*d = save;
		dsb_ish();
	}

	/* Blocks: at W + 2^(ia-2), the block holding P; AF=0 then AF=1. */
	for (int l = start; l < 3; l++) {
		if (!block_ok(gs, l))
			continue;
		u64 bs = s2t_lsize(&t, l);
		u64 wb = W + (1ULL << (ia - 2)) + (u64)(l - start) * (1ULL << (ia - 4));
		if (wb & (bs - 1) || s2t_map(&t, wb, P & ~(bs - 1), l, S2D_NORMAL & ~S2D_AF)) {
			t_line("block at level %d: cannot map", l);
			continue;
		}
		dsb_ish();
		/* FAR and HPFAR relative to the accessed page (its offset in the block
		 * depends on where the image was loaded). */
		u64 va = wb + (P & (bs - 1));
		run_show(lv(w, g, l, " block AF=0, load"), &t, l2f_load, va, va);
		*s2t_slot(&t, wb, l) |= S2D_AF;
		dsb_ish();
		run_show(lv(w, g, l, " block AF=1, load"), &t, l2f_load, va, va);
	}
}

/* Address size faults: 32-bit IPA and VTCR_EL2.PS = 0 (32-bit output). */
static void addr_size(unsigned gs)
{
	struct s2t t;
	char w[64];
	int start = gs == 12 ? 1 : 2;
	u64 W = 1ULL << 31, P = s2_data() + 0x10000;
	if (s2t_init(&t, gs, start, 32, 0) || s2t_map_image(&t) ||
	    s2t_map(&t, W, P, 3, S2D_NORMAL) || (P >> 32) || (c_base() >> 32)) {
		t_line("%s PS=32 bits: cannot build the tables", s2_granule_name(gs));
		return;
	}
	t_line("%s granule, start level %d, 32-bit IPA, VTCR_EL2.PS=0 (32 bits)",
	       s2_granule_name(gs), start);
	run_show("load W (mapped)", &t, l2f_load, W, W);
	u64 *leaf = s2t_slot(&t, W, 3), page = *leaf;
	*leaf = page | BIT(32);
	dsb_ish();
	run_show("page output address bit 32, load W+0x50", &t, l2f_load, W + 0x50, W);
	*leaf = page;
	for (int l = start; l < 3; l++) {
		u64 *d = s2t_slot(&t, W, l), save = *d;
		*d = save | BIT(33);
		dsb_ish();
		run_show(lv(w, "level ", l, " table address bit 33, load W+0x58"), &t, l2f_load,
			 W + 0x58, W);
		*d = save;
	}
	dsb_ish();
	/* VTTBR_EL2.BADDR above PS: a level 0 address size fault on L2's first fetch. */
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(&t, &cfg, 0);
	cfg.vttbr |= BIT(33);
	if (run_l2(&cfg, l2f_load, W, &e) >= 0)
		t_s2exit("VTTBR_EL2.BADDR bit 33", &e, c_base(), c_base());
}

/*
 * Synchronous external abort on a stage-2 walk: a table (or VTTBR_EL2.BADDR) pointing at
 * an address inside VTCR_EL2.PS where there is no memory (4 GiB, above the RAM the DTB
 * describes). What such an access returns is IMPLEMENTATION DEFINED (an external abort or
 * not); QEMU aborts, DFSC 0b0101LL with the level of the descriptor read.
 */
static void ext_walk(void)
{
	struct s2t t;
	u64 W = 1ULL << 31, P = s2_data() + 0x10000, hole = 1ULL << 32;
	if (plat.mem_base + plat.mem_size > hole || s2t_init(&t, 12, 1, 32, 2) ||
	    s2t_map_image(&t) || s2t_map(&t, W, P, 3, S2D_NORMAL)) {
		t_line("external abort on walk: RAM reaches 4 GiB or cannot build the tables");
		return;
	}
	t_line("4K granule, start level 1, 32-bit IPA, VTCR_EL2.PS=2, no memory at 4 GiB");
	u64 *d = s2t_slot(&t, W, 2), save = *d;
	*d = hole | 3;
	dsb_ish();
	run_show("level 2 table at 4 GiB, load W+0x60", &t, l2f_load, W + 0x60, W);
	*d = save;
	dsb_ish();
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(&t, &cfg, 0);
	cfg.vttbr = hole | (t.vttbr & ~(BIT(48) - 1));
	if (run_l2(&cfg, l2f_load, W, &e) >= 0)
		t_s2exit("VTTBR_EL2.BADDR at 4 GiB", &e, c_base(), c_base());
}

/*
 * FEAT_LPA2 at stage 2 with the 4K granule (ID_AA64MMFR0_EL1.TGran4_2 = 3): VTCR_EL2.DS=1
 * with a 48-bit IPA, start level 0. Descriptor bits [9:8] are OA[51:50] (shareability comes
 * from VTCR_EL2.SH0) and level 0 may hold a 512 GiB block (AArch64.BlockDescSupported).
 */
static void lpa2_4k(void)
{
	struct s2t t;
	u64 W = 1ULL << 47, P = s2_data() + 0x10000;
	if (((rd(s3_0_c0_c7_0) >> 40) & 0xf) != 3) {
		t_line("4K granule with VTCR_EL2.DS=1: not supported");
		return;
	}
	if (s2t_init(&t, 12, 0, 48, 5)) {
		t_line("4K granule, DS=1: cannot build the tables");
		return;
	}
	t.ds = 1;
	t.vtcr |= BIT(32);
	if (s2t_map_image(&t) || s2t_map(&t, W, P, 3, S2D_NORMAL)) {
		t_line("4K granule, DS=1: cannot build the tables");
		return;
	}
	dsb_ish();
	t_line("4K granule, VTCR_EL2.DS=1, start level 0, 48-bit IPA, VTCR_EL2.PS=5");
	run_show("DS=1: load W", &t, l2f_load, W, W);
	u64 wb = (1ULL << 46) + (1ULL << 39); /* a level-0 entry of its own */
	if (s2t_map(&t, wb, P & ~((1ULL << 39) - 1), 0, S2D_NORMAL & ~S2D_AF)) {
		t_line("DS=1: cannot map the level 0 block");
		return;
	}
	dsb_ish();
	u64 va = wb + (P & ((1ULL << 39) - 1));
	run_show("DS=1: level 0 block AF=0, load", &t, l2f_load, va, va);
	*s2t_slot(&t, wb, 0) |= S2D_AF;
	dsb_ish();
	run_show("DS=1: level 0 block AF=1, load", &t, l2f_load, va, va);
}

/*
 * A 52-bit IPA with the 64K granule (FEAT_LPA: ID_AA64MMFR0_EL1.PARange = 6; T0SZ = 12,
 * start level 1 with 1024 entries, VTCR_EL2.PS = 6; D8.2 "52-bit addressing"): L2 loads
 * from W = 2^51, and faults at levels 1 and 3.
 */
static void ipa52(void)
{
	struct s2t t;
	u64 W = 1ULL << 51, P = s2_data() + 0x10000;
	if ((rd(s3_0_c0_c7_0) & 0xf) != 6 || !s2t_granule_ok(16)) {
		t_line("64K granule with a 52-bit IPA: not supported");
		return;
	}
	if (s2t_init(&t, 16, 1, 52, 6) || s2t_map_image(&t) || s2t_map(&t, W, P, 3, S2D_NORMAL)) {
		t_line("64K granule, 52-bit IPA: cannot build the tables");
		return;
	}
	dsb_ish();
	t_line("64K granule, start level 1, 52-bit IPA, VTCR_EL2.PS=6");
	run_show("52-bit IPA: load W=2^51", &t, l2f_load, W, W);
	for (int l = 1; l <= 3; l += 2) {
		char w[64];
		u64 *d = s2t_slot(&t, W, l), save = *d;
		*d = 0;
		dsb_ish();
		run_show(lv(w, "52-bit IPA: invalid at level ", l, ", load W+0x28"), &t, l2f_load,
			 W + 0x28, W);
		*d = save;
		dsb_ish();
	}
}

void sec_s2fault(void)
{
	static const unsigned char cfgs[][3] = {
	    {12, 0, 48}, {12, 1, 39}, {12, 2, 34}, {14, 1, 47},
	    {14, 2, 36}, {16, 1, 48}, {16, 2, 42},
	};
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	if (!s2_scratch()) {
		t_line("no scratch memory after the image: skipped");
		return;
	}
	s2_data_reset();
	for (unsigned i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		if (!s2t_granule_ok(cfgs[i][0])) {
			t_line("%s granule not supported at stage 2", s2_granule_name(cfgs[i][0]));
			continue;
		}
		one(cfgs[i][0], cfgs[i][1], cfgs[i][2]);
	}
	for (unsigned gs = 12; gs <= 16; gs += 2)
		if (s2t_granule_ok(gs))
			addr_size(gs);
	ext_walk();
	lpa2_4k();
	ipa52();
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
