/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Stage-2 tables built by the sec_s2* sections (sec_s2tab.c): any granule (4K, 16K,
 * 64K), any start level VTCR_EL2.SL0 allows, concatenated start tables, leaves at any
 * level, in a scratch area of RAM after the image (not in the image: tables and test
 * pages would make it large). Written from DDI 0487 D8.2 (translation table format and
 * lookup levels), D24 VTCR_EL2 / VTTBR_EL2.
 *
 * Scratch (s2_scratch(), 4 MiB, 2 MiB aligned, 4 MiB after the image's 2 MiB block):
 *   [0, 2 MiB)        translation tables: two halves (bump allocators, reset by s2t_init)
 *   [2 MiB, 4 MiB)    data pages: every 4K unit holds a tag naming itself (s2_tag)
 * L1 (this image) runs with SCTLR_EL2.M=0: its accesses are Non-cacheable, so the
 * walks are configured Non-cacheable too (IRGN0 = ORGN0 = 0).
 */
#ifndef SEC_S2_H
#define SEC_S2_H
#include "conform.h"

#define S2_DATA_OFF  0x200000ULL
#define S2_DATA_SIZE 0x200000ULL
#define S2_VMID	     2ULL

/* Stage-2 descriptor fields (DDI 0487 D8.3 "Stage 2 ... attribute fields"). */
#define S2D_VALID   BIT(0)
#define S2D_TABLE   BIT(1) /* table (levels < 3) / page (level 3) */
#define S2D_AF	    BIT(10)
#define S2D_S2AP_R  BIT(6)
#define S2D_S2AP_W  BIT(7)
#define S2D_SH_IN   (3ULL << 8)
#define S2D_MA_WB   (0xfULL << 2)
#define S2D_XN(v)   ((u64)(v) << 53)
#define S2D_NORMAL  (S2D_AF | S2D_SH_IN | S2D_S2AP_R | S2D_S2AP_W | S2D_MA_WB)
#define S2D_OA_MASK ((BIT(48) - 1) & ~0xfffULL)

struct s2t {
	unsigned gs, stride, ia_bits, ps, start_bits;
	int start;
	u64 root, next, end;
	u64 vtcr, vttbr;
	int ds; /* VTCR_EL2.DS=1 (FEAT_LPA2): s2t_map() leaves descriptor bits [9:8] (OA[51:50]) 0
		 */
};

/* Scratch base (0 if the DTB's /memory does not hold it). */
u64 s2_scratch(void);
/* PA of the data area and the tag stored at its 4K unit u (at offset 0 of the unit). */
u64 s2_data(void);
u64 s2_tag(u64 unit);
/* Write every unit's tag again (after tests stored into data pages). */
void s2_data_reset(void);
/* Decode a value read by L2: its unit number, or -1 if no tag. */
long s2_untag(u64 v);

/* Tables for granule 1 << gs, start level, IPA size, VTCR_EL2.PS; returns 0 or -1.
 * The tables use the first 1 MiB of the table area and VMID S2_VMID. */
int s2t_init(struct s2t *t, unsigned gs, int start, unsigned ia_bits, unsigned ps);
/* The same in the table area's half 0 or 1 (VMID S2_VMID + half): two sets at once. */
int s2t_init_at(struct s2t *t, unsigned gs, int start, unsigned ia_bits, unsigned ps,
		unsigned half);
/* Descriptor slot of ipa at level (tables created on the way; 0 if a leaf is in it). */
u64 *s2t_slot(struct s2t *t, u64 ipa, int level);
/* Leaf at level: oa | attr | (page or block). */
int s2t_map(struct s2t *t, u64 ipa, u64 oa, int level, u64 attr);
/* Identity map of the image's 2 MiB block (code, data, stacks) with granule pages. */
int s2t_map_image(struct s2t *t);
/* Bytes mapped by one entry at level. */
static inline u64 s2t_lsize(const struct s2t *t, int level)
{
	return 1ULL << (t->gs + (unsigned)(3 - level) * t->stride);
}
/* The L2 runner configuration for these tables. */
void s2t_cfg(const struct s2t *t, struct l2_config *cfg, int keep_tlb);
/* sec_s2nopa.c: 4K tables mapping the image and IPA W (*w: 2 GiB) to the PA 4 GiB, where
 * nothing is (0; -1 when RAM reaches 4 GiB or the tables fail), and L2's load from an
 * address. */
int s2nopa_setup(struct s2t *t, struct l2_config *cfg, u64 *w);
u64 s2nopa_load(u64 a);

/* TLB maintenance for these tables' VMID (VTTBR_EL2 is set to t->vttbr around it). */
enum s2_tlbi {
	S2_TLBI_IPA_IS,	     /* TLBI IPAS2E1IS ipa; DSB ISH; TLBI VMALLE1IS; DSB ISH */
	S2_TLBI_VMALLS12_IS, /* TLBI VMALLS12E1IS; DSB ISH */
};
void s2t_tlbi(const struct s2t *t, enum s2_tlbi op, u64 ipa);
/*
 * L2's own stage 1 used by the s2s1ptw and s2at sections (VA = IPA, 4K granule, 32-bit VA):
 * a level-1 table at IPA S2S1_T (data unit 0x1f0) with the image's 1 GiB block and, for VA
 * 0x80000000.., a level-2 table at S2S1_T2 (unit 0x1f1) holding two 2 MiB blocks: S2S1_W
 * (index 0) and S2S1_IB (index 1, an IPA stage 2 leaves unmapped).
 */
#define S2S1_W	0x80000000ULL
#define S2S1_IB 0x80a00000ULL
#define S2S1_T	0x80800000ULL
#define S2S1_T2 0x80801000ULL
/* Stage-1 block: AttrIndx 0 (MAIR_EL1 Attr0 = Normal WB), AP = EL1 RW, SH inner, AF. */
#define S2S1_BLOCK (1ULL | (3ULL << 8) | BIT(10))
/* PA of the data area's 4K unit u. */
u64 s2_unit_pa(u64 u);
/* Map both table pages at stage 2 (Normal RW), fill them as above, and set L2's MAIR_EL1
 * (Attr0 Normal WB), TCR_EL1 (T0SZ 32, WB walks, SH0 inner, TG0 4K, EPD1) and TTBR0_EL1.
 * Returns the level-2 table (the hypervisor's view). */
volatile u64 *s2s1_build(struct s2t *t);
/* L2 function: turn L2's stage 1 on (SCTLR_EL1.M, with the caller's TCR/TTBR/MAIR) and
 * load from va. */
u64 l2_mmu_load(u64 va);
/* Set VTTBR_EL2 to the tables' value for maintenance, returning the old one. */
u64 s2t_vttbr_enter(const struct s2t *t);
void s2t_vttbr_leave(u64 old);
static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}
static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

/* A stage-2 abort exit: ESR (full, with the ISS fields decoded), ELR relative to fn, FAR
 * relative to va_base, HPFAR_EL2.FIPA relative to ipa_base >> 12. */
void t_s2abort(const char *what, const struct l2_exit *e, u64 va_base, u64 ipa_base);
/* Any exit: t_s2abort for aborts, t_exit otherwise. */
void t_s2exit(const char *what, const struct l2_exit *e, u64 va_base, u64 ipa_base);
const char *s2_granule_name(unsigned gs);
/* Stage 2 supports granule 1 << gs (ID_AA64MMFR0_EL1 TGranX_2, TGranX). */
int s2t_granule_ok(unsigned gs);
#endif
