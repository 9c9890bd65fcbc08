// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// PSTATE at an exception taken to EL2 from EL2, and after the ERET back (DDI 0487 D1.x,
// pseudocode AArch64.TakeException and AArch64.ExceptionReturn): SSBS becomes
// SCTLR_EL2.DSSBS; PAN becomes 1 only when SCTLR_EL2.SPAN is 0 and EL2 is in host mode
// (HCR_EL2.E2H and TGE both 1: ELIsInHost(EL0)), otherwise it is kept; UAO becomes 0; TCO
// becomes 1; DIT is kept. The ERET restores each from SPSR_EL2. A guest hypervisor runs at
// EL1 under FEAT_NV, where the hardware applies EL1's rules (SCTLR_EL1.SPAN always counts):
// the L0's view of SCTLR_EL2 must give the EL2 result. Run with E2H=0, E2H=1 TGE=0 and
// E2H=1 TGE=1 (the last two when E2H can be switched), each with SPAN/DSSBS 0/1 and 1/0.
#include "conform.h"
#include "masks.h"

/* PSTATE fields this CPU has (SPSR bit positions, probe_pstate_read) */
static u64 pstate_fields(const struct idv *I)
{
	u64 m = 0;
	if (idf(I->pfr1, 4) >= 2) /* FEAT_SSBS2: MRS/MSR SSBS */
		m |= BIT(12);
	if (idf(I->mmfr1, 20) >= 1) /* FEAT_PAN */
		m |= BIT(22);
	if (idf(I->mmfr2, 4) >= 1) /* FEAT_UAO */
		m |= BIT(23);
	if (idf(I->pfr0, 48) >= 1) /* FEAT_DIT */
		m |= BIT(24);
	if (f_mte(I)) /* FEAT_MTE: TCO */
		m |= BIT(25);
	return m;
}

/* Set the fields in m to the values in v (MSR <field>, Xt: the value in its SPSR position) */
static void pstate_set(u64 m, u64 v)
{
	if (m & BIT(12))
		wr(s3_3_c4_c2_6, v & BIT(12));
	if (m & BIT(22))
		wr(s3_0_c4_c2_3, v & BIT(22));
	if (m & BIT(23))
		wr(s3_0_c4_c2_4, v & BIT(23));
	if (m & BIT(24))
		wr(s3_3_c4_c2_5, v & BIT(24));
	if (m & BIT(25))
		wr(s3_3_c4_c2_7, v & BIT(25));
}

static u64 pstate_get(u64 m)
{
	u64 p = 0;
	if (m & BIT(12))
		p |= rd(s3_3_c4_c2_6) & BIT(12);
	if (m & BIT(22))
		p |= rd(s3_0_c4_c2_3) & BIT(22);
	if (m & BIT(23))
		p |= rd(s3_0_c4_c2_4) & BIT(23);
	if (m & BIT(24))
		p |= rd(s3_3_c4_c2_5) & BIT(24);
	if (m & BIT(25))
		p |= rd(s3_3_c4_c2_7) & BIT(25);
	return p;
}

static void one(const char *mode, u64 m, u64 before, int span, int dssbs)
{
	struct probe r;
	u64 s = rd(sctlr_el2), after;
	wr(sctlr_el2, (s & ~(BIT(23) | BIT(44))) | (span ? BIT(23) : 0) | (dssbs ? BIT(44) : 0));
	isb();
	probe_pstate_read = m;
	pstate_set(m, before);
	(void)PROBE_X0(&r, 0, "brk #0x5");
	after = pstate_get(m);
	probe_pstate_read = 0;
	pstate_set(m, 0);
	wr(sctlr_el2, s);
	isb();
	if (!r.taken) {
		t_line("%s: SPAN=%d DSSBS=%d, PSTATE 0x%lx: brk not taken", mode, span, dssbs,
		       (unsigned long)before);
		return;
	}
	t_line("%s: SPAN=%d DSSBS=%d, PSTATE 0x%lx: at the vector 0x%lx, SPSR_EL2 0x%lx, "
	       "after ERET 0x%lx",
	       mode, span, dssbs, (unsigned long)before, (unsigned long)r.pstate,
	       (unsigned long)(r.spsr & m), (unsigned long)after);
}

/* With E2H=1, SCTLR_EL1 names SCTLR_EL2 at EL2: SPAN written 0 through it reads back 0,
 * and the next exception at EL2 follows it (as with the EL2 name) */
static void span_by_el1_name(const char *mode, u64 m)
{
	struct probe r;
	u64 s = rd(sctlr_el2), back;
	wr(s3_0_c1_c0_0, s & ~BIT(23));
	isb();
	back = rd(s3_0_c1_c0_0);
	probe_pstate_read = m;
	pstate_set(m, 0);
	(void)PROBE_X0(&r, 0, "brk #0x6");
	probe_pstate_read = 0;
	wr(s3_0_c1_c0_0, s);
	isb();
	t_line("%s: SCTLR_EL1 <- SPAN=0: reads SPAN=%lu, PAN at the vector %lu", mode,
	       (unsigned long)((back >> 23) & 1), (unsigned long)((r.pstate >> 22) & 1));
}

static void pass(const char *mode, u64 m)
{
	/* PAN 0, UAO 1, DIT 1, SSBS 0, TCO 0 before; then PAN 1, UAO 0, DIT 0, SSBS 1 */
	u64 a = (BIT(23) | BIT(24)) & m, b = (BIT(22) | BIT(12)) & m;
	one(mode, m, a, 0, 1);
	one(mode, m, a, 1, 0);
	one(mode, m, b, 0, 0);
	one(mode, m, b, 1, 1);
}

void sec_pstate(void)
{
	struct idv I;
	id_read(&I);
	u64 m = pstate_fields(&I), hcr = rd(hcr_el2);
	t_line("PSTATE fields (SPSR positions) 0x%lx", (unsigned long)m);
	pass("E2H=0", m);
	if (!e2h_switchable(&I)) {
		t_line("E2H not switchable: E2H=0 only");
		return;
	}
	wr(hcr_el2, (hcr & ~BIT(27)) | BIT(34));
	isb();
	pass("E2H=1 TGE=0", m);
	span_by_el1_name("E2H=1 TGE=0", m);
	wr(hcr_el2, hcr | BIT(27) | BIT(34));
	isb();
	pass("E2H=1 TGE=1", m);
	span_by_el1_name("E2H=1 TGE=1", m);
	wr(hcr_el2, hcr);
	isb();
}
