// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The L2 runner itself: a call that returns, an HVC resumed, a stage-2 fault on the
// hole, an UNDEF at L2's EL1 (through L2's own vectors) and a WFI trapped by HCR_EL2.TWI,
// with E2H=0 (here) and E2H=1, TGE=0 (sec_l2vhe.c); then 16K and 64K stage-2 granules.
#include "conform.h"

static u64 l2_add(u64 a)
{
	return a * 3 + 1;
}

static u64 l2_hvc(u64 a)
{
	register u64 x0 __asm__("x0") = a;
	__asm__ volatile("hvc #0x77" : "+r"(x0)::"memory");
	return x0 + 1;
}

static u64 l2_load(u64 addr)
{
	return *(volatile u64 *)addr;
}

static u64 l2_ldxr(u64 addr)
{
	u64 v;
	__asm__ volatile("ldxr %0, [%1]\n\tclrex" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static u64 l2_undef(u64 a)
{
	(void)a;
	return rd(hcr_el2); /* EL2 register at EL1 without NV: UNDEFINED, to L2's EL1 */
}

static u64 l2_wfi(u64 a)
{
	__asm__ volatile("wfi" ::: "memory");
	return a;
}

static void one(int e2h)
{
	struct l2_config cfg = {.granule_shift = 12, .e2h = e2h};
	struct l2_exit e;
	u64 base = c_base();
	t_line("E2H=%d", e2h);
	int rc = run_l2(&cfg, l2_add, 5, &e);
	t_line("fn(5) -> rc %d", rc);
	t_exit("fn(5)", &e, base);
	rc = run_l2(&cfg, l2_hvc, 0x10, &e);
	t_exit("hvc #0x77", &e, base);
	if (rc == 1) {
		rc = l2_resume(&cfg, 0, &e);
		t_exit("hvc #0x77 resumed", &e, base);
	}
	rc = run_l2(&cfg, l2_load, l2_hole() + 0x18, &e);
	t_exit("load from the stage-2 hole", &e, l2_hole());
	/* The Image header's magic "ARM\x64" and the reserved word after it */
	rc = run_l2(&cfg, l2_load, base + 0x38, &e);
	t_exit("load from the image", &e, base);
	if (e.done)
		t_line("load from the image: %s", e.ret == *(volatile u64 *)(base + 0x38)
						      ? "same value as at EL2"
						      : "differs");
	/* Unaligned load with L2's stage 1 off: Device-nGnRnE at stage 1 (HCR_EL2.DC=0),
	 * combined with stage 2 Normal is Device, so an Alignment fault at stage 1 taken to
	 * L2's EL1 (DDI 0487 D8.2 "The effects of disabling an address translation stage",
	 * B2.x alignment of Device accesses): an exit through L2's vectors. */
	rc = run_l2(&cfg, l2_load, base + 0x39, &e);
	t_exit("unaligned load, stage 1 off", &e, base);
	/* An unaligned Load-Exclusive faults whatever the memory type (DDI 0487 B2.x) */
	rc = run_l2(&cfg, l2_ldxr, base + 0x3c, &e);
	t_exit("unaligned ldxr, stage 1 off", &e, base);
	/* The same with HCR_EL2.DC=1: stage 1 off is Normal Write-Back memory for L2 (DDI
	 * 0487 D24.2 HCR_EL2.DC): the plain load may be unaligned, the LDXR still faults. */
	cfg.hcr_extra = BIT(12);
	rc = run_l2(&cfg, l2_load, base + 0x39, &e);
	t_exit("unaligned load, HCR_EL2.DC=1", &e, base);
	rc = run_l2(&cfg, l2_ldxr, base + 0x3c, &e);
	t_exit("unaligned ldxr, HCR_EL2.DC=1", &e, base);
	cfg.hcr_extra = 0;
	rc = run_l2(&cfg, l2_undef, 0, &e);
	t_exit("mrs HCR_EL2 at EL1", &e, base);
	cfg.hcr_extra = BIT(13); /* TWI */
	rc = run_l2(&cfg, l2_wfi, 7, &e);
	t_exit("wfi with TWI", &e, base);
	if (rc == 1) {
		rc = l2_resume(&cfg, 1, &e);
		t_exit("wfi skipped", &e, base);
	}
	(void)rc;
}

/* Stage-2 granules other than 4K, if ID_AA64MMFR0_EL1 says stage 2 supports them
 * (TGran16_2 [35:32], TGran64_2 [39:36]: 0 = as the stage-1 field, 1 = no, 2 = yes). */
static int s2_granule_ok(unsigned gs)
{
	u64 m = rd(s3_0_c0_c7_0);
	unsigned f2 = (unsigned)(m >> (gs == 14 ? 32 : 36)) & 0xf;
	unsigned f1 = (unsigned)(m >> (gs == 14 ? 20 : 24)) & 0xf;
	if (f2 == 0)
		return gs == 14 ? f1 != 0 : f1 == 0;
	return f2 >= 2;
}

static void granules(int e2h)
{
	for (unsigned gs = 14; gs <= 16; gs += 2) {
		struct l2_config cfg = {.granule_shift = gs, .e2h = e2h};
		struct l2_exit e;
		const char *g = gs == 14 ? "16K" : "64K";
		if (!s2_granule_ok(gs)) {
			t_line("stage-2 %s granule: not supported (ID_AA64MMFR0_EL1)", g);
			continue;
		}
		int rc = run_l2(&cfg, l2_add, 7, &e);
		t_line("stage-2 %s: fn(7) -> rc %d", g, rc);
		t_exit("fn(7)", &e, c_base());
		rc = run_l2(&cfg, l2_load, l2_hole() + 0x10008, &e);
		t_line("stage-2 %s: load from the hole -> rc %d", g, rc);
		t_exit("load from the stage-2 hole", &e, l2_hole());
	}
}

void l2basic_run(int e2h)
{
	u64 hcr = rd(hcr_el2), vttbr = rd(vttbr_el2), vtcr = rd(vtcr_el2);
	one(e2h);
	granules(e2h);
	t_line("HCR_EL2, VTTBR_EL2 and VTCR_EL2 unchanged: %s",
	       rd(hcr_el2) == hcr && rd(vttbr_el2) == vttbr && rd(vtcr_el2) == vtcr ? "yes" : "no");
}

void sec_l2basic(void)
{
	l2basic_run(0);
}
