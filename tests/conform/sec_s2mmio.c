// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// MMIO emulation from the ESR: L2 loads and stores of 1, 2, 4 and 8 bytes to an IPA its
// stage-2 leaves unmapped (a "device"); this image emulates each access from the Data
// Abort ISS alone (ISV = 1: SAS access size, SSE sign extension, SRT register, SF 64-bit
// register, WnR; the address from HPFAR_EL2.FIPA and FAR_EL2[11:0]) and resumes L2 past
// the instruction, then prints what L2 got. Loads with writeback and load pairs give
// ISV = 0 (DDI 0487 D24 ESR_EL2, ISS encoding for a Data Abort, ISV: "0 for ... a load
// or store with writeback, ... instructions that access more than one register"): the
// ESR is printed and the instruction skipped.
#include "sec_s2.h"

#define DEV_IPA	  0x90000000ULL /* unmapped in this section's stage-2 (32-bit IPA) */
#define DEV_REG	  0x10		/* one 64-bit register at DEV_IPA + 0x10 */
#define DEV_VALUE 0x7f82838485868788ULL
#define SENTINEL  0xa5a5a5a5a5a5a5a5ULL

/* L2: one access with x1 = address, x5 = SENTINEL before (loads) or the value to
 * store, x6 = second register of a pair; returns x5. */
#define MM_FN(name, insn)                                                                          \
	static u64 name(u64 a)                                                                     \
	{                                                                                          \
		register u64 x1 __asm__("x1") = a;                                                 \
		register u64 x5 __asm__("x5") = SENTINEL;                                          \
		register u64 x6 __asm__("x6") = 0;                                                 \
		__asm__ volatile(insn : "+r"(x5), "+r"(x1), "+r"(x6)::"memory");                   \
		return x5;                                                                         \
	}
#define MM_ST(name, insn)                                                                          \
	static u64 name(u64 a)                                                                     \
	{                                                                                          \
		register u64 x1 __asm__("x1") = a;                                                 \
		register u64 x5 __asm__("x5") = 0xf1e2d3c4b5a69788ULL;                             \
		__asm__ volatile(insn : "+r"(x5), "+r"(x1)::"memory");                             \
		return x5;                                                                         \
	}
MM_FN(ld_b, "ldrb w5, [x1]")
MM_FN(ld_h, "ldrh w5, [x1]")
MM_FN(ld_w, "ldr w5, [x1]")
MM_FN(ld_x, "ldr x5, [x1]")
MM_FN(ld_sbw, "ldrsb w5, [x1]")
MM_FN(ld_sbx, "ldrsb x5, [x1]")
MM_FN(ld_shw, "ldrsh w5, [x1]")
MM_FN(ld_shx, "ldrsh x5, [x1]")
MM_FN(ld_swx, "ldrsw x5, [x1]")
MM_FN(ld_arw, "ldar w5, [x1]")
MM_FN(ld_p, "ldp x5, x6, [x1]")
MM_FN(ld_post, "ldr x5, [x1], #8")
MM_FN(ld_pre, "ldr x5, [x1, #8]!")
MM_ST(st_b, "strb w5, [x1]")
MM_ST(st_h, "strh w5, [x1]")
MM_ST(st_w, "str w5, [x1]")
MM_ST(st_x, "str x5, [x1]")
MM_ST(st_xzr, "str xzr, [x1]")
MM_ST(st_lrw, "stlr w5, [x1]")

static u64 dev_written;

/* Emulate one ISV = 1 access from the ISS; returns 0, or -1 if it cannot. */
static int emulate(const struct l2_exit *e, const char *what)
{
	u64 esr = e->esr, *x = l2_regs();
	if ((esr >> 26) != 0x24 || !((esr >> 24) & 1))
		return -1;
	unsigned sas = (unsigned)(esr >> 22) & 3, srt = (unsigned)(esr >> 16) & 31;
	int sse = (esr >> 21) & 1, sf = (esr >> 15) & 1, wnr = (esr >> 6) & 1;
	u64 ipa = ((e->hpfar >> 4) & (BIT(44) - 1)) << 12 | (e->far & 0xfff);
	u64 off = ipa - DEV_IPA, bits = 8ULL << sas;
	u64 mask = bits == 64 ? ~0ULL : BIT(bits) - 1;
	if (off < DEV_REG || off + (1ULL << sas) > DEV_REG + 8) {
		t_line("%s: outside the device register (offset 0x%lx)", what, (unsigned long)off);
		return -1;
	}
	unsigned sh = (unsigned)(off - DEV_REG) * 8;
	if (wnr) {
		u64 v = srt == 31 ? 0 : x[srt] & mask; /* SRT 31: the zero register */
		dev_written = v;
		t_line("%s: device write of %u bytes at +0x%lx: 0x%lx", what, 1u << sas,
		       (unsigned long)off, (unsigned long)v);
		return 0;
	}
	u64 v = (DEV_VALUE >> sh) & mask;
	if (sse && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~mask;
	if (!sf)
		v &= 0xffffffffULL; /* a W register: bits [63:32] of X become 0 */
	if (srt != 31)
		x[srt] = v;
	t_line("%s: device read of %u bytes at +0x%lx -> x%u = 0x%lx", what, 1u << sas,
	       (unsigned long)off, srt, (unsigned long)v);
	return 0;
}

static void access(const struct s2t *t, const char *what, u64 (*fn)(u64), u64 off)
{
	struct l2_config cfg;
	struct l2_exit e;
	s2t_cfg(t, &cfg, 0);
	int rc = run_l2(&cfg, fn, DEV_IPA + off, &e);
	if (rc != 1) {
		t_exit(what, &e, DEV_IPA);
		return;
	}
	t_s2abort(what, &e, DEV_IPA, DEV_IPA);
	if (emulate(&e, what))
		t_line("%s: not emulated (ISV=0): instruction skipped", what);
	rc = l2_resume(&cfg, 1, &e);
	if (rc == 0)
		t_line("%s: L2 sees x5 = 0x%lx", what, (unsigned long)e.ret);
	else
		t_s2exit(what, &e, DEV_IPA, DEV_IPA);
}

static u64 l2_ld32(u64 a)
{
	return *(volatile u32 *)a;
}

/*
 * L2 reads the GIC distributor through a stage-2 page mapping it (Device-nGnRE, MemAttr
 * 0b0001): the same device this image reads at EL2, so the same values (GICD_CTLR,
 * GICD_TYPER, GICD_IIDR: read-only or not changed here).
 */
static void gicd(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	static const unsigned short offs[] = {0x0, 0x4, 0x8};
	const u64 dev = 0xa0000000ULL; /* L2 IPA of the GICD page */
	if (!plat.gicd || s2t_init(&t, 12, 1, 32, 2) || s2t_map_image(&t) ||
	    s2t_map(&t, dev, plat.gicd, 3,
		    S2D_AF | S2D_S2AP_R | S2D_S2AP_W | (1ULL << 2) /* Device-nGnRE */)) {
		t_line("GICD through stage 2: no GICD or cannot map");
		return;
	}
	dsb_ish();
	s2t_cfg(&t, &cfg, 0);
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		u64 l1v = *(volatile u32 *)(plat.gicd + offs[i]);
		int rc = run_l2(&cfg, l2_ld32, dev + offs[i], &e);
		if (rc != 0) {
			t_s2exit("GICD through stage 2", &e, dev, dev);
			return;
		}
		t_line("L2 reads GICD+0x%x through stage 2: same as this image reads: %s", offs[i],
		       e.ret == l1v ? "yes" : "no");
	}
}

/*
 * This image's own load from an address with no memory or device (4 GiB, above the RAM the
 * DTB describes; inside the PA size): what it returns is IMPLEMENTATION DEFINED, QEMU gives
 * a synchronous External abort (DFSC 0x10) taken to EL2 itself (EC 0x25). The same has to
 * happen under an L0 (where the address is outside the L1's stage-2).
 */
static void own_sea(void)
{
	struct probe r;
	const u64 a = 1ULL << 32;
	if (plat.mem_base + plat.mem_size > a) {
		t_line("own load from 4 GiB: RAM reaches 4 GiB, skipped");
		return;
	}
	PROBE_X0(&r, a + 0x18, "ldr x0, [x0]");
	t_probe("own load from 4 GiB (no memory)", &r);
	if (r.taken && ((r.esr >> 26) == 0x25 || (r.esr >> 26) == 0x24))
		t_line("own load from 4 GiB: DFSC=0x%lx WnR=%lu FnV=%lu FAR_EL2=4GiB+0x%lx",
		       (unsigned long)(r.esr & 0x3f), (unsigned long)(r.esr >> 6) & 1,
		       (unsigned long)(r.esr >> 10) & 1, (unsigned long)(r.far - a));
}

/*
 * L2's load from an IPA this image's stage 2 maps to 4 GiB (no memory there): the
 * synchronous External abort is taken to L2's own EL1 (HCR_EL2.TEA=0, DDI 0487 D1
 * "External aborts"; EC 0x25, DFSC 0x10); L2's vectors turn it into an exit and L2's
 * ESR_EL1 / FAR_EL1 are read here.
 */
static void l2_sea(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	const u64 ipa = 0xa0001000ULL, a = 1ULL << 32;
	if (plat.mem_base + plat.mem_size > a || s2t_init(&t, 12, 1, 32, 2) || s2t_map_image(&t) ||
	    s2t_map(&t, ipa, a, 3, S2D_NORMAL)) {
		t_line("L2 load from 4 GiB: RAM reaches 4 GiB or cannot map");
		return;
	}
	dsb_ish();
	s2t_cfg(&t, &cfg, 0);
	run_l2(&cfg, l2_ld32, ipa + 0x24, &e);
	u64 esr1 = rd(esr_el1), far1 = rd(far_el1);
	t_exit("L2 load from an IPA mapped to 4 GiB", &e, ipa);
	t_line("L2 load from an IPA mapped to 4 GiB: L2's ESR_EL1=0x%lx FAR_EL1=ipa+0x%lx",
	       (unsigned long)esr1, (unsigned long)(far1 - ipa));
}

void sec_s2mmio(void)
{
	struct s2t t;
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	if (!s2t_granule_ok(12) || s2t_init(&t, 12, 1, 32, 0) || s2t_map_image(&t) ||
	    (c_base() >> 32)) {
		t_line("cannot build a 4K stage-2 with a 32-bit IPA: skipped");
		return;
	}
	t_line("device at an unmapped IPA, register value 0x%lx", (unsigned long)DEV_VALUE);
	access(&t, "ldrb w5", ld_b, DEV_REG);
	access(&t, "ldrb w5 (+3)", ld_b, DEV_REG + 3);
	access(&t, "ldrh w5", ld_h, DEV_REG);
	access(&t, "ldrh w5 (+6)", ld_h, DEV_REG + 6);
	access(&t, "ldr w5", ld_w, DEV_REG);
	access(&t, "ldr x5", ld_x, DEV_REG);
	access(&t, "ldrsb w5", ld_sbw, DEV_REG);
	access(&t, "ldrsb x5", ld_sbx, DEV_REG);
	access(&t, "ldrsb w5 (+7, positive)", ld_sbw, DEV_REG + 7);
	access(&t, "ldrsh w5", ld_shw, DEV_REG);
	access(&t, "ldrsh x5", ld_shx, DEV_REG);
	access(&t, "ldrsw x5", ld_swx, DEV_REG);
	access(&t, "ldrsw x5 (+4)", ld_swx, DEV_REG + 4);
	access(&t, "ldar w5", ld_arw, DEV_REG);
	access(&t, "strb w5", st_b, DEV_REG);
	access(&t, "strh w5", st_h, DEV_REG);
	access(&t, "str w5", st_w, DEV_REG);
	access(&t, "str x5", st_x, DEV_REG);
	access(&t, "str xzr", st_xzr, DEV_REG);
	access(&t, "stlr w5", st_lrw, DEV_REG);
	access(&t, "ldp x5, x6", ld_p, DEV_REG);
	access(&t, "ldr x5 post-index", ld_post, DEV_REG);
	access(&t, "ldr x5 pre-index", ld_pre, DEV_REG - 8);
	t_line("last device write 0x%lx", (unsigned long)dev_written);
	gicd();
	own_sea();
	l2_sea();
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}
