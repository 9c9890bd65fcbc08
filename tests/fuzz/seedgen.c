// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Seed generator for the libFuzzer targets: writes representative inputs, in each target's
 * input format, to <outdir>/<target>/seed-NNNN. The checked-in tests/fuzz/corpus is its output
 * (scripts/fuzz-campaign --regen-seeds); the ctest fuzz_seeds_fresh checks it is up to date.
 *
 *   forward:         an MSR and an MRS ESR for every register of the database (the library's
 *                    own table, generated from tools/sysreg.db), every trap-forwarding rule
 *                    (sysreg and exception class) with its condition or FGT bit met or not,
 *                    altered ESRs and table mutations, over L1 trap controls as the unit
 *                    tests set them (nothing trapped, all trapped, E2H/TGE host mode);
 *   sysreg:          an MSR and an MRS ESR for every register of the database;
 *   vgic:            L1's ICH_* programming, list registers in every state (pending, active,
 *                    both, HW = 1 backed by a host INTID), nested entry/exit, injection;
 *   vtimer:          every timer register read and written with the values a guest uses
 *                    (enable, IMASK, CVAL around "now", TVAL), switches, acks, time jumps;
 *   s2mmu:           well-formed stage-2 tables for 4K, 16K and 64K granules (table, block
 *                    and page descriptors, access flag and dirty state, invalid entries),
 *                    VTCRs with every start level the granule allows.
 *
 * Usage: fuzz_seedgen <outdir>. Deterministic: same library, same bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/forward.h>
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>
#include <nvarm/vtimer.h>

#include "sysreg/forward_priv.h"

static const char *outdir;
static unsigned nseed;
static char curdir[512];

struct buf {
	uint8_t b[8192];
	size_t n;
};

static void put_le(struct buf *b, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		b->b[b->n++] = (uint8_t)(v >> (8 * i));
}

static void put_be(struct buf *b, uint64_t v, unsigned bytes)
{
	for (unsigned i = bytes; i-- > 0;)
		b->b[b->n++] = (uint8_t)(v >> (8 * i));
}

static void begin(const char *target)
{
	snprintf(curdir, sizeof(curdir), "%s/%s", outdir, target);
	if (mkdir(curdir, 0755) && errno != EEXIST) {
		perror(curdir);
		exit(1);
	}
	nseed = 0;
}

static void emit(const struct buf *b)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%04u", curdir, nseed++);
	f = fopen(path, "wb");
	if (!f || fwrite(b->b, 1, b->n, f) != b->n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* ESR_EL2 of a trapped MSR/MRS/SYS (EC 0x18, IL = 1): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read). Arm ARM D24.2 ESR_EL2. */
static uint64_t esr_sys(uint32_t enc, unsigned rt, int read)
{
	return (UINT64_C(0x18) << 26) | (UINT64_C(1) << 25) |
	       ((uint64_t)NVARM_SYSREG_OP0(enc) << 20) | ((uint64_t)NVARM_SYSREG_OP2(enc) << 17) |
	       ((uint64_t)NVARM_SYSREG_OP1(enc) << 14) | ((uint64_t)NVARM_SYSREG_CRN(enc) << 10) |
	       ((uint64_t)rt << 5) | ((uint64_t)NVARM_SYSREG_CRM(enc) << 1) | (read ? 1 : 0);
}

/* Exception classes other than EC 0x18 that reach the forwarding and decode code. */
static const uint8_t other_ecs[] = {0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0c, 0x0e, 0x11, 0x12,
				    0x13, 0x15, 0x16, 0x17, 0x19, 0x1a, 0x1d, 0x20, 0x21, 0x22,
				    0x24, 0x25, 0x26, 0x2c, 0x2f, 0x30, 0x32, 0x34, 0x3c};

/* ------------------------------------------------------------------ forward */

#define B(n) (UINT64_C(1) << (n))

/* L1's trap controls: 0 = nothing trapped (the unit tests' defaults), 1 = everything trapped,
 * 2 = host mode (E2H, TGE) with nothing else trapped. */
static void fwd_regs(uint64_t *reg, unsigned mode)
{
	memset(reg, 0, NVARM_FWD_NR_VREGS * sizeof(reg[0]));
	if (mode == 1) {
		for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
			reg[r] = ~UINT64_C(0);
		/* FGT "n" bits clear: those trap too. */
		reg[NVARM_FWD_HFGRTR_EL2] = reg[NVARM_FWD_HFGWTR_EL2] =
		    ~(B(50) | B(54) | B(55) | B(57) | B(58) | B(59) | B(60));
		reg[NVARM_FWD_HFGITR_EL2] = ~(B(55) | B(56));
		reg[NVARM_FWD_HDFGRTR_EL2] = reg[NVARM_FWD_HDFGWTR_EL2] = ~B(62);
		return;
	}
	/* HCR_EL2.APK/API/FIEN/EnSCXT, MDCR_EL2.E2PB/E2TB/HPMN, CNTHCTL EL1PCTEN/EL1PCEN..,
	 * HCRX_EL2 enables and the FGT "n" bits: the values where nothing traps. */
	reg[NVARM_FWD_HCR_EL2] = B(40) | B(41) | B(47) | B(53);
	reg[NVARM_FWD_MDCR_EL2] = (UINT64_C(3) << 12) | (UINT64_C(3) << 24) | 31;
	reg[NVARM_FWD_CNTHCTL_EL2] = 0x3 | (0x3 << 8) | (0x3 << 10);
	reg[NVARM_FWD_HCRX_EL2] = B(0) | B(1) | B(2) | B(14) | B(15);
	reg[NVARM_FWD_HFGRTR_EL2] = reg[NVARM_FWD_HFGWTR_EL2] =
	    B(50) | B(54) | B(55) | B(57) | B(58) | B(59) | B(60);
	reg[NVARM_FWD_HFGITR_EL2] = B(55) | B(56);
	reg[NVARM_FWD_HDFGRTR_EL2] = reg[NVARM_FWD_HDFGWTR_EL2] = B(62);
	if (mode == 2)
		reg[NVARM_FWD_HCR_EL2] |= B(34) | B(27); /* E2H, TGE */
}

/* One fuzz_forward input (its header layout is documented in fuzz_forward.c): ctl, recipe,
 * rule pick, offset/ISS or raw ESR, Rt, direction, table mutation, E2H/TGE, features, L1's
 * controls as fwd_regs(@mode) sets them, PMCR_EL0.N = 31. */
struct fwd_seed {
	uint8_t ctl, hit;
	uint16_t pick;
	uint64_t esr_or_off; /* raw ESR (kind 0), else the offset (low 32 bits) */
	uint8_t rt, dir;
	uint8_t mut[6];
	uint8_t e2h_tge;
	unsigned mode;
};

static void fwd_emit(const struct fwd_seed *f)
{
	uint64_t reg[NVARM_FWD_NR_VREGS];
	/* every feature; "E2H RES1" only in host mode */
	uint64_t feats = ((UINT64_C(1) << NVARM_FWD_FEAT__COUNT) - 2) &
			 ~(f->mode == 2 ? 0 : NVARM_FWD_F(NVARM_FWD_FEAT_E2H1_ONLY));
	struct buf b = {.n = 0};

	fwd_regs(reg, f->mode);
	b.b[b.n++] = f->ctl;
	b.b[b.n++] = f->hit;
	put_le(&b, f->pick, 2);
	if ((f->ctl >> 6) == 0) {
		put_le(&b, f->esr_or_off, 4);
		put_le(&b, f->esr_or_off >> 32, 4);
	} else {
		put_le(&b, f->esr_or_off, 4);
		b.b[b.n++] = f->rt;
		b.b[b.n++] = f->dir;
		b.b[b.n++] = 0;
		b.b[b.n++] = 0;
	}
	for (unsigned i = 0; i < 6; i++)
		b.b[b.n++] = f->mut[i];
	b.b[b.n++] = f->e2h_tge;
	put_le(&b, 0, 7);
	put_le(&b, feats, 8);
	for (unsigned r = 0; r < NVARM_FWD_NR_VREGS; r++)
		put_le(&b, reg[r], 8);
	b.b[b.n++] = 31;
	emit(&b);
}

static void gen_forward(void)
{
	/* recipes: meet the condition with the feature, set the FGT bit, the condition without
	 * the feature, nothing, host mode (E2H, TGE) with the condition */
	static const uint8_t hits[] = {0x21, 0x28, 0x41, 0x00, 0xa1, 0x33};

	begin("forward");
	/* raw: an MSR and an MRS of every register of the database */
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
		struct fwd_seed f = {.ctl = (uint8_t)(((id >> 1) & 1) | (id % 7 == 0 ? 0x0c : 0)),
				     .esr_or_off = esr_sys(d->enc, 3, id & 1),
				     .mode = id % 3};

		fwd_emit(&f);
	}
	/* every sysreg rule, a recipe each (cycled), both source ELs and directions */
	for (unsigned i = 0; i < nvarm__fwd_nr_rules; i++) {
		struct fwd_seed f = {.ctl = (uint8_t)(0x40 | (i & 1)),
				     .hit = hits[i % sizeof(hits)],
				     .pick = (uint16_t)i,
				     .esr_or_off = i * 7u,
				     .rt = (uint8_t)(i % 31),
				     .dir = (uint8_t)((i >> 1) & 1),
				     .e2h_tge = 3,
				     .mode = (i / sizeof(hits)) % 2};

		fwd_emit(&f);
	}
	/* every EC rule: the condition met, not met, the FGT bit, from EL0 and EL1 */
	for (unsigned ec = 0; ec < 64; ec++)
		for (unsigned k = 0; k < 3; k++) {
			struct fwd_seed f = {.ctl = (uint8_t)(0x80 | (k & 1)),
					     .hit = k == 0   ? 0x21
						    : k == 1 ? 0x00
							     : 0x2f,
					     .pick = (uint16_t)ec,
					     .esr_or_off = ec * 0x1111u + k,
					     .mode = k % 2};

			if (nvarm__fwd_ec_rules[ec].kind == K_NONE && k)
				continue;
			fwd_emit(&f);
		}
	/* altered sysreg ESRs: IL 0, ISS RES0 bits, ISS2 bits, bits [63:56] */
	for (unsigned k = 0; k < 4; k++) {
		struct fwd_seed f = {
		    .ctl = 0xc1, .hit = 0x21, .pick = (uint16_t)(k * 37), .dir = (uint8_t)(k << 1)};

		fwd_emit(&f);
	}
	/* table checks: a mutation of each table's fields; unloaded context; bad source EL */
	for (unsigned k = 0; k < 30; k++) {
		struct fwd_seed f = {
		    .ctl = (uint8_t)(0x20 | (k == 0 ? 0x10 : 0) | (k == 1 ? 2 : 0)),
		    .esr_or_off = esr_sys(NVARM_SYSREG_ENC(3, 4, 1, 1, 0), k, k & 1),
		    .pick = (uint16_t)k,
		    .mut = {(uint8_t)(k % 3), (uint8_t)(k * 11), 0, (uint8_t)(k / 3 | (k & 1) << 4),
			    (uint8_t)(k * 5), 0}};

		fwd_emit(&f);
	}
}

/* ------------------------------------------------------------------- sysreg */

static void sys_rec(struct buf *b, unsigned op, unsigned arg, uint64_t val)
{
	b->b[b->n++] = (uint8_t)op;
	b->b[b->n++] = (uint8_t)arg;
	put_le(b, val, 8);
}

static void gen_sysreg(void)
{
	static const uint64_t vals[] = {0, ~UINT64_C(0), UINT64_C(0x5555555555555555),
					UINT64_C(0x80000000), UINT64_C(0x0000ffff00000000)};
	unsigned cfgn = 0;

	begin("sysreg");
	for (unsigned first = 0; first < NVARM_SR__COUNT; first += 8, cfgn++) {
		struct buf b = {.n = 0};

		/* features (4 sets), NV or NV2, PA range, LR count */
		b.b[b.n++] = (uint8_t)((cfgn & 3) | ((cfgn >> 2 & 1) << 2) | ((cfgn % 6) << 3) |
				       ((cfgn >> 3 & 3) << 6));
		for (unsigned id = first; id < first + 8 && id < NVARM_SR__COUNT; id++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
			uint64_t v = vals[id % 5];

			/* raw write by id: id = arg | (val & 1) << 8 */
			sys_rec(&b, 2, id & 0xff, (v & ~UINT64_C(1)) | (id >> 8 & 1));
			sys_rec(&b, 0, 0, esr_sys(d->enc, 1, 0)); /* trapped MSR */
			sys_rec(&b, 1, 0, esr_sys(d->enc, 2, 1)); /* trapped MRS */
		}
		/* an exception into vEL2, an ERET back, and the shadow round trips */
		sys_rec(&b, 3, cfgn & 7, (UINT64_C(0x24) << 26) | B(25) | 0x47);
		sys_rec(&b, 4, cfgn & 7, 0x3c5);
		sys_rec(&b, 5, 1, UINT64_C(0x1000));
		sys_rec(&b, 6, cfgn, ~UINT64_C(0));
		emit(&b);
	}
	for (unsigned i = 0; i < sizeof(other_ecs); i++) {
		struct buf b = {.n = 0};

		b.b[b.n++] = (uint8_t)(i & 7);
		sys_rec(&b, 0, 0, ((uint64_t)other_ecs[i] << 26) | B(25) | (i * 0x1111u));
		sys_rec(&b, 3, i & 7, ((uint64_t)other_ecs[i] << 26) | B(25));
		sys_rec(&b, 4, i, 0x5);
		emit(&b);
	}
}

/* --------------------------------------------------------------------- vgic */

/* ICH_LR<n>_EL2 (GICv3 IHI 0069 12.4.6): State [63:62], HW [61], Group [60],
 * Priority [55:48], pINTID [44:32], vINTID [31:0]. */
static uint64_t lr(unsigned state, int hw, unsigned prio, uint32_t pintid, uint32_t vintid)
{
	return ((uint64_t)state << 62) | ((uint64_t)(hw ? 1 : 0) << 61) | B(60) |
	       ((uint64_t)prio << 48) | ((uint64_t)pintid << 32) | vintid;
}

/* index of an encoding in fuzz_vgic.c's encs[] */
enum { V_LR0 = 0, V_LR3 = 1, V_LR7 = 2, V_AP0R0 = 4, V_AP1R1 = 6, V_HCR = 7, V_VMCR = 8 };

static void vg_write(struct buf *b, unsigned idx, uint64_t v)
{
	b->b[b->n++] = 0;
	put_le(b, (uint64_t)idx << 3, 8);
	put_le(b, v, 8);
}

static void vg_op(struct buf *b, unsigned op, uint64_t v)
{
	b->b[b->n++] = (uint8_t)op;
	put_le(b, v, 8);
}

static void gen_vgic(void)
{
	begin("vgic");
	for (unsigned s = 0; s < 24; s++) {
		struct buf b = {.n = 0};
		unsigned hw_nr = 4 + (s % 3) * 6, state = 1 + s % 3, hw = s & 4;
		uint32_t vint = 32 + s;

		/* header: hw LRs, priority/preemption bits, VTR, L1's LR count, maintenance
		 * INTID/priority, queue length, L2 HCR bits */
		b.b[b.n++] = (uint8_t)(hw_nr - 1);
		b.b[b.n++] = (uint8_t)(s % 4);
		b.b[b.n++] = (uint8_t)(s % 3);
		b.b[b.n++] = 0;
		b.b[b.n++] = (uint8_t)(s % 2 ? hw_nr : hw_nr / 2);
		b.b[b.n++] = (uint8_t)(s & 8 ? 0 : 1);
		b.b[b.n++] = 0xa0;
		b.b[b.n++] = (uint8_t)(s % 9);
		put_le(&b, s & 16 ? 1 : 0, 8);
		/* L1 programs its interface: En (+UIE/NPIE when s odd), VMCR VENG1 with PMR */
		vg_write(&b, V_HCR, 1 | (s & 1 ? 0x6 : 0));
		vg_write(&b, V_VMCR, B(1) | (UINT64_C(0xf8) << 24));
		vg_write(&b, V_LR0, lr(state, hw, 0xa0, hw ? vint : 0, vint));
		vg_write(&b, V_LR3, lr(3 - (state == 3), 0, 0x80, 0, 27));
		vg_write(&b, V_LR7, lr(1, 1, 0x10, 40, 40));
		vg_write(&b, V_AP1R1, s & 2 ? 1 : 0);
		vg_write(&b, V_AP0R0, 0);
		/* an L1 interrupt queued for L1 itself, then run L2 */
		vg_op(&b, 6,
		      0x8000 | (33 + s % 8) | (UINT64_C(0x90) << 16) |
			  ((uint64_t)(200 + s % 8) << 32));
		vg_op(&b, 3, 0);
		/* hardware: L2 acknowledged LR0, HCR/VMCR/APR read back */
		vg_op(&b, 4, (UINT64_C(2) << 62) | 0xe00);
		put_le(&b, 1 | (s & 1 ? 0x6 : 0), 8);
		put_le(&b, B(1) | (UINT64_C(0xf8) << 24), 8);
		put_le(&b, 1, 8);
		vg_op(&b, 11, 0);
		vg_op(&b, 5, 1);
		/* back in L1: acknowledge + deactivate, retract, flush, sync */
		vg_op(&b, 10, 0x100);
		vg_op(&b, 10, 0);
		vg_op(&b, 8, 33 + s % 8);
		vg_op(&b, 7, 34);
		vg_op(&b, 9, s & 1);
		vg_op(&b, 2, s * 3);
		put_le(&b, lr(1, 0, 0x20, 0, 50), 8);
		vg_op(&b, 3, 0);
		vg_op(&b, 5, 1);
		vg_op(&b, 11, 0);
		emit(&b);
	}
}

/* ------------------------------------------------------------------- vtimer */

static void vt_op(struct buf *b, unsigned op, uint64_t v)
{
	b->b[b->n++] = (uint8_t)op;
	put_le(b, v, 8);
}

/* v for the encoding at index i of fuzz_vtimer.c's encs[] (28 entries), low bits val32 */
#define VT_ENC(i) ((uint64_t)(i) << 40)

static void gen_vtimer(void)
{
	begin("vtimer");
	for (unsigned i = 0; i < 28; i++) {
		for (unsigned fl = 0; fl < 2; fl++) {
			struct buf b = {.n = 0};
			unsigned cfgb = (i + fl * 3) % 8 | (fl ? 8 : 0) | (i & 1 ? 16 : 0);
			uint64_t now = UINT64_C(1000000) + i * UINT64_C(77777);

			b.b[b.n++] = (uint8_t)cfgb;
			if (cfgb & 8)
				put_le(&b, UINT64_C(0x100000), 8);
			put_le(&b, now, 8);
			/* read it, write enable / a deadline a little ahead / a TVAL */
			vt_op(&b, 0, VT_ENC(i));
			vt_op(&b, 2, VT_ENC(i) | 1);
			vt_op(&b, 2, VT_ENC(i) | 5000);
			vt_op(&b, 1, VT_ENC(i));
			/* the vEL2 timers too: CNTHCTL with EL1PCTEN/EL1PCEN, the EL2 phys timer */
			vt_op(&b, 2, VT_ENC(21) | 3);
			vt_op(&b, 2, VT_ENC(24) | 4000);
			vt_op(&b, 2, VT_ENC(23) | 1);
			vt_op(&b, 5, fl);
			/* to L2 and back, time passes, the L0 acks and syncs */
			vt_op(&b, 4, 1);
			vt_op(&b, 9, 6000);
			vt_op(&b, 14, 0);
			vt_op(&b, 13, (uint64_t)(i & 3) << 8);
			vt_op(&b, 4, 0);
			vt_op(&b, 7, ((uint64_t)(i * 4) << 56) | 0x77);
			vt_op(&b, 10, 0);
			vt_op(&b, 11, 0);
			vt_op(&b, 8, (uint64_t)(i % 5) << 61 | 1);
			vt_op(&b, 12, VT_ENC(i));
			vt_op(&b, 6, 0);
			vt_op(&b, 15, (UINT64_C(1) << 60) | ((uint64_t)(i & 3) << 8) | 0x100000);
			vt_op(&b, 6, 0);
			vt_op(&b, 0x80, (uint64_t)(i * 0x1234) << 32);
			emit(&b);
		}
	}
}

/* -------------------------------------------------------------------- s2mmu */

/* Stage-2 VMSAv8-64 descriptors (Arm ARM D8.3): bits [1:0] 11 table / page, 01 block, 00
 * invalid; MemAttr [5:2], S2AP [7:6], SH [9:8], AF [10], DBM [51], XN [54:53]. */
#define S2_AF	  B(10)
#define S2_AP_RW  (UINT64_C(3) << 6)
#define S2_AP_RO  (UINT64_C(1) << 6)
#define S2_SH_IS  (UINT64_C(3) << 8)
#define S2_NORMAL (UINT64_C(0xf) << 2)
#define S2_DEV	  (UINT64_C(0x1) << 2)
#define S2_DBM	  B(51)
#define S2_XN	  (UINT64_C(2) << 53)

/* The fuzz_s2mmu.c header (big endian): features, VTCR, VTTBR offset, VMID, FWB, host block
 * shift, host perm, host memattr/sh, host PA offset, pool/rmap sizes; then L1 memory at 0x10000
 * (the body is tiled over 128 KiB, so each table page is the same page: a table descriptor pointing
 * at 0x10000 + k * page leads to the same entries one level down). */
static void s2_header(struct buf *b, unsigned fl, uint64_t vtcr, unsigned vmid, unsigned host)
{
	put_be(b, fl, 2);
	put_be(b, vtcr, 5);
	put_be(b, 0, 3);
	put_be(b, vmid, 1);
	put_be(b, host & 1, 1);
	put_be(b, host & 2 ? 9 : 18, 1); /* 2M or 1G host blocks (12 + n % 20) */
	put_be(b, 0xf, 1);		 /* R W XP XU */
	put_be(b, 0x3f, 1);
	put_be(b, host, 2);
	/* pool pages 1 + [5:0] (raised to the minimum), reverse map 32 << [7:6] entries */
	put_be(b, (host & 1) ? 63 | (3u << 6) : (host * 2) | ((host & 3u) << 6), 1);
}

static void s2_body(struct buf *b, unsigned page, unsigned variant)
{
	size_t n = 4096 / 8;

	for (size_t i = 0; i < n; i++) {
		uint64_t next = 0x10000 + ((i * page) % (64u << 10) & ~(uint64_t)(page - 1));
		uint64_t d;

		switch ((i + variant) % 8) {
		case 0:
		case 1:
		case 2: /* table (page at the last level) */
			d = next | S2_AF | S2_AP_RW | S2_SH_IS | S2_NORMAL | 3;
			break;
		case 3: /* read-only, no AF: AF fault or hardware update */
			d = next | S2_AP_RO | S2_SH_IS | S2_NORMAL | S2_DBM | 3;
			break;
		case 4: /* block */
			d = (i << 30 & 0xffc0000000ull) | S2_AF | S2_AP_RW | S2_SH_IS | S2_NORMAL |
			    1;
			break;
		case 5: /* device, XN */
			d = next | S2_AF | S2_AP_RW | S2_DEV | S2_XN | 3;
			break;
		case 6: /* outside L1's memory */
			d = (UINT64_C(0x40000000) + i * page) | S2_AF | S2_AP_RW | 3;
			break;
		default:
			d = 0;
			break;
		}
		put_le(b, d, 8);
	}
}

static void gen_s2mmu(void)
{
	/* granule: TG0 code, page size, VTCR T0SZ/SL0 pairs valid for it (D8.2 start level) */
	static const struct {
		unsigned tg0, page, gran;
		unsigned t0sz[3], sl0[3];
	} g[] = {
	    {0, 4096, 1, {32, 24, 16}, {1, 1, 2}},  /* 4K: 32-bit L1, 40-bit L1, 48-bit L0 */
	    {2, 16384, 2, {28, 22, 17}, {1, 2, 2}}, /* 16K: 36-bit L2, 42-bit L1, 47-bit L1 */
	    {1, 65536, 4, {32, 22, 16}, {1, 1, 2}}, /* 64K: 32-bit L2, 42-bit L2, 48-bit L1 */
	};

	begin("s2mmu");
	for (unsigned gi = 0; gi < 3; gi++) {
		for (unsigned k = 0; k < 3; k++) {
			for (unsigned v = 0; v < 2; v++) {
				struct buf b = {.n = 0};
				/* pa_bits 40 or 48, all granules, HAFDBS when v, host granule */
				unsigned fl = (v ? 5 : 2) | (7u << 3) | (v << 9) | (v << 10) |
					      ((gi % 3) << 11) | (v << 13);
				uint64_t vtcr = g[gi].t0sz[k] | (uint64_t)g[gi].sl0[k] << 6 |
						(UINT64_C(1) << 8) | (UINT64_C(1) << 10) |
						(UINT64_C(3) << 12) | (uint64_t)g[gi].tg0 << 14 |
						(uint64_t)(v ? 5 : 2) << 16 | (uint64_t)v << 21 |
						(uint64_t)v << 22 | B(31);

				s2_header(&b, fl, vtcr, 1 + k, v * 3 + k);
				s2_body(&b, g[gi].page, k + v * 3);
				emit(&b);
			}
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s <outdir>\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	gen_forward();
	gen_sysreg();
	gen_vgic();
	gen_vtimer();
	gen_s2mmu();
	return 0;
}
