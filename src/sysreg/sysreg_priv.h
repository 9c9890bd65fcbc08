/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* Private helpers shared by the files of src/sysreg/. */
#ifndef NVARM_SRC_SYSREG_PRIV_H
#define NVARM_SRC_SYSREG_PRIV_H

#include <nvarm/sysreg.h>

/* Classification of a trapped access, from the flags (a constant expression). */
#define NVARM_CLS_OF(f)                                                                            \
	(((f)&NVARM_SRF_INSN)	 ? (((f)&NVARM_SRF_TLBI) ? NVARM_TC_TLBI                           \
				    : ((f)&NVARM_SRF_AT) ? NVARM_TC_AT                             \
							 : NVARM_TC_CMO)                           \
	 : ((f)&NVARM_SRF_ID)	 ? NVARM_TC_ID                                                     \
	 : ((f)&NVARM_SRF_HW)	 ? NVARM_TC_HW                                                     \
	 : ((f)&NVARM_SRF_GIC)	 ? NVARM_TC_GIC                                                    \
	 : ((f)&NVARM_SRF_TIMER) ? NVARM_TC_TIMER                                                  \
				 : NVARM_TC_SYSREG)

/* The database and its sorted key column (same order, same length). */
extern const struct nvarm_sysreg_desc nvarm__sysreg_tab[NVARM_SR__COUNT];
extern const uint32_t nvarm__sysreg_keys[NVARM_SR__COUNT];

/*
 * The plain registers of the vEL2 file (struct nvarm_sysreg_plain), per register id, from the
 * database's flags: an access is its own storage slot (nvarm__vel2_has_storage) and nothing
 * else. Not plain: aliases and EL1/EL0 names E2H redirects to a link, computed, hardware-only,
 * instructions, ID, GIC (present by the list registers), timer and RES0-for-the-VM (ZERO)
 * registers. PLAIN_R: an MRS
 * is plain; PLAIN_W: an MSR too (not read-only). Presence by the VM's features is checked at
 * the access, for registers PLAIN_FEAT marks (those the database gives a feature).
 */
#define NVARM__PLAIN_R	  1u
#define NVARM__PLAIN_W	  2u
#define NVARM__PLAIN_FEAT 4u
#define NVARM__PLAIN_EXCL                                                                          \
	(NVARM_SRF_ALIAS | NVARM_SRF_FWD | NVARM_SRF_HW | NVARM_SRF_INSN | NVARM_SRF_ID |          \
	 NVARM_SRF_GIC | NVARM_SRF_TIMER | NVARM_SRF_ZERO)
#define NVARM__PLAIN_OF(vn, lk, fl)                                                                \
	((!((fl)&NVARM__PLAIN_EXCL) && (!((fl)&NVARM_SRF_EL1) || (lk) == NVARM_SR_NONE) &&         \
	  ((vn) != NVARM_VNCR_NONE || ((fl) & (NVARM_SRF_EL1 | NVARM_SRF_EL2))))                   \
	     ? (((fl)&NVARM_SRF_RO) ? NVARM__PLAIN_R : NVARM__PLAIN_R | NVARM__PLAIN_W)            \
	     : 0u)
extern const uint8_t nvarm__sysreg_plain[NVARM_SR__COUNT];

/* Binary search without bounds checks on the id (the id is always < NVARM_SR__COUNT). */
/*
 * The AArch64 ID register space: op0=3, op1=0, CRn=0, CRm=1..7 (Arm ARM D23.3, "Identification
 * registers"; TID3 traps it). Reads of encodings the database does not hold (ID_AA64ISAR2_EL1,
 * ID_AA64ZFR0_EL1, AArch32 ID registers, unallocated ones) are RAZ for L1: a zero field is
 * "not implemented" there, so no feature nvarm has not vetted reaches L1.
 */
static inline bool nvarm__id_space(uint32_t enc)
{
	return NVARM_SYSREG_OP0(enc) == 3 && NVARM_SYSREG_OP1(enc) == 0 &&
	       NVARM_SYSREG_CRN(enc) == 0 && NVARM_SYSREG_CRM(enc) >= 1 &&
	       NVARM_SYSREG_CRM(enc) <= 7;
}

static inline unsigned nvarm__sysreg_find(uint32_t enc)
{
	const uint32_t *base = nvarm__sysreg_keys;
	unsigned n = NVARM_SR__COUNT;

	while (n > 1) {
		unsigned half = n / 2;
		base = (base[half] <= enc) ? base + half : base;
		n -= half;
	}
	return *base == enc ? (unsigned)(base - nvarm__sysreg_keys) : NVARM_SR_NONE;
}

/* The table self-check over any table (the unit tests feed it broken copies). */
int nvarm__sysreg_check(const struct nvarm_sysreg_desc *tab, const uint32_t *keys, unsigned n,
			unsigned *bad);

/*
 * The vEL2 file's storage (inline: every shadow row, forwarding input and emulated access
 * goes through it). A register with a VNCR offset lives at that offset of the VNCR page;
 * every other file register in nvarm_vel2::regs[id]; aliases, instructions, ID, hardware-only
 * and computed registers have no slot.
 */
static inline bool nvarm__vel2_has_storage(const struct nvarm_sysreg_desc *d)
{
	if (d->vncr != NVARM_VNCR_NONE)
		return true;
	return (d->flags & (NVARM_SRF_EL2 | NVARM_SRF_EL1)) &&
	       !(d->flags &
		 (NVARM_SRF_FWD | NVARM_SRF_HW | NVARM_SRF_INSN | NVARM_SRF_ALIAS | NVARM_SRF_ID));
}

/* nvarm__vel2_has_storage() of a register's list columns (constants: folded). */
#define NVARM__STORAGE_OF(vn, fl)                                                                  \
	((vn) != NVARM_VNCR_NONE || (((fl) & (NVARM_SRF_EL2 | NVARM_SRF_EL1)) &&                   \
				     !((fl) & (NVARM_SRF_FWD | NVARM_SRF_HW | NVARM_SRF_INSN |     \
					       NVARM_SRF_ALIAS | NVARM_SRF_ID))))

/* Storage slot of a (non-alias) register in the vEL2 file, or NULL. A constant @p id (most
 * callers: HCR_EL2, SPSR_EL2, ...) is resolved from the register list at compile time, with no
 * load from the descriptor table (the world switch reads a dozen of them). */
static inline __attribute__((__always_inline__)) uint64_t *
nvarm__vel2_slot(const struct nvarm_vel2 *v, unsigned id)
{
	if (__builtin_constant_p(id)) {
		switch (id) {
#define NVARM__SLOT_C(name, o0, o1, n, m, o2, vn, lk, ft, fl)                                      \
	case NVARM_SR_##name:                                                                      \
		return (vn) != NVARM_VNCR_NONE	   ? &v->vncr[(unsigned)(vn) / 8]                  \
		       : NVARM__STORAGE_OF(vn, fl) ? (uint64_t *)&v->regs[id]                      \
						   : (uint64_t *)0;
			NVARM_SYSREG_LIST(NVARM__SLOT_C)
#undef NVARM__SLOT_C
		default:
			break;
		}
	}
	const struct nvarm_sysreg_desc *d = &nvarm__sysreg_tab[id];

	if (d->vncr != NVARM_VNCR_NONE)
		return &v->vncr[d->vncr / 8];
	if (!nvarm__vel2_has_storage(d))
		return NULL;
	return (uint64_t *)&v->regs[id];
}

/* Where a register is stored, in 16 bits (the shadow index keeps it per EL1 register): its
 * VNCR page word | 0x8000, its regs[] index, or 0xffff without storage. */
static inline uint16_t nvarm__vel2_slot_code(const struct nvarm_vel2 *v, unsigned id)
{
	const uint64_t *p = nvarm__vel2_slot(v, id);

	if (!p)
		return 0xffff;
	if (nvarm__sysreg_tab[id].vncr != NVARM_VNCR_NONE)
		return (uint16_t)(0x8000u | (unsigned)(p - v->vncr));
	return (uint16_t)(p - v->regs);
}

/* The storage a slot code names (NULL for 0xffff). */
static inline uint64_t *nvarm__vel2_code_slot(const struct nvarm_vel2 *v, uint16_t code)
{
	if (code == 0xffff)
		return NULL;
	if (code & 0x8000)
		return &v->vncr[code & 0x7fff];
	return (uint64_t *)&v->regs[code];
}

/* Raw value of a file register (0 when it has no slot). Always inlined: an out-of-line copy
 * (link-time optimisation makes one) would lose nvarm__vel2_slot's compile-time slot. */
static inline __attribute__((__always_inline__)) uint64_t
nvarm__vel2_get(const struct nvarm_vel2 *v, unsigned id)
{
	const uint64_t *p = nvarm__vel2_slot(v, id);

	return p ? *p : 0;
}

/* Does an access to register @p id at EL2 check CPTR_EL2's SVE or SME control first (ZCR_ELx,
 * SMCR_ELx; not SMPRIMAP_EL2, which checks none: DDI 0487 D24.2 SMPRIMAP_EL2)? */
static inline bool nvarm__reg_under_cptr(unsigned id)
{
	uint32_t f = nvarm__sysreg_tab[id].feat;

	return (f & NVARM_VMF_SVE) || ((f & NVARM_VMF_SME) && id != NVARM_SR_SMPRIMAP_EL2);
}

/* The EL1 registers a shadow load gives (nvarm_el1_regs::valid) for the VM's features: of
 * the vEL2 shadow (@p vel2) or the vEL1 context. */
static inline uint32_t nvarm__shadow_valid_mask(const struct nvarm_vel2 *v, bool vel2)
{
	uint32_t m = NVARM_EL1_VALID_ALWAYS;

	/* (the hardware SP_EL1 is L1's own SP while it runs in vEL2) */
	if (!vel2)
		m |= UINT32_C(1) << NVARM_EL1_SP_EL1;
	if (v->cfg->features & NVARM_VMF_SVE)
		m |= UINT32_C(1) << NVARM_EL1_ZCR_EL1;
	if (v->cfg->features & NVARM_VMF_CSV2_2)
		m |= UINT32_C(1) << NVARM_EL1_SCXTNUM_EL1;
	if (v->cfg->features & NVARM_VMF_SME)
		m |= UINT32_C(1) << NVARM_EL1_SMCR_EL1;
	return m;
}

/* nvarm_vel2_is_vhe() of an initialised file (no NULL check). */
static inline bool nvarm__vel2_vhe(const struct nvarm_vel2 *v)
{
	if (!(v->cfg->features & NVARM_VMF_VHE))
		return false;
	if (!(v->cfg->features & NVARM_VMF_E2H0))
		return true;
	return (*nvarm__vel2_slot(v, NVARM_SR_HCR_EL2) >> 34) & 1;
}

/* The RES0/RES1 masks of register @id now: from the slots nvarm_vel2_init() filled, or
 * nvarm_vel2_masks()'s scan of the rules. */
static inline void nvarm__vel2_masks_of(const struct nvarm_vel2 *v, unsigned id, uint64_t *r0,
					uint64_t *r1)
{
	unsigned k, e2h;

	if (!v->masks_indexed) {
		(void)nvarm_vel2_masks(v, id, r0, r1);
		return;
	}
	k = v->mask_slot[id];
	if (!k) {
		*r0 = *r1 = 0;
		return;
	}
	e2h = nvarm__vel2_vhe(v);
	*r0 = v->mask_res[e2h][0][k - 1];
	*r1 = v->mask_res[e2h][1][k - 1];
}

/* Write with masks, no RO check. */
void nvarm__vel2_set(struct nvarm_vel2 *v, unsigned id, uint64_t val);
/* The forwarding feature bits (enum nvarm_fwd_feature) of a VM configuration: its sanitised
 * ID registers and features (forward_hw.c; nvarm_vel2_init() keeps them in the file). */
uint64_t nvarm__fwd_features_of(const struct nvarm_vm_config *cfg);
/* Where each of L1's trap controls is stored, into v->fwd_src (forward_hw.c; init, after the
 * shadow index: nvarm_fwd_vstate_from_vel2() trusts them while nvarm__shadow_sw_ok()). */
void nvarm__fwd_vel2_index(struct nvarm_vel2 *v);
/* The forwarding feature bits that a set of ID register values says (forward_hw.c's one
 * ID-field table): of the VM's, or of the host's. */
uint64_t nvarm__fwd_features_of_ids(const struct nvarm_id_regs *ids);
/* The register of RES0/RES1 rule i (features.c), NVARM_SR_NONE past the last rule: only these
 * registers have masks, so only they can change when re-sanitised. */
unsigned nvarm__mask_rule_reg(size_t i);
/* The RES0/RES1 rules of one register are adjacent (0), else NVARM_ERR_STATE and *bad the
 * first rule out of place. */
int nvarm__mask_rules_check(unsigned *bad);
/* Index each register's first RES0/RES1 rule in v and fill its mask slot (both E2H values),
 * nvarm_vel2_init(). */
void nvarm__mask_index(struct nvarm_vel2 *v);
/* The bits of an EL2 register that some shadow row (VHE or non-VHE layout) carries into the
 * hardware EL1 registers; 0 when no shadow slot mirrors it. */
uint64_t nvarm__shadow_mirror_bits(unsigned el2_id);
/* The HCR_EL2 bits the shadow depends on: E2H picks the layout (nvarm_vel2_is_vhe()) and the
 * nesting bits (nvarm_shadow_hcr_bits(), nvarm_shadow_cptr_bits()); TGE, in the VHE layout,
 * the hardware SCTLR_EL1.SPAN while L1's SCTLR_EL2.SPAN is 0 (shadow.c vhe_span: the emulated
 * MSR's RELOAD asks for it then only); no other HCR_EL2 bit is read by the shadow functions. */
#define NVARM__SHADOW_HCR_BITS NVARM_BIT(34)
#define NVARM__SHADOW_HCR_TGE  NVARM_BIT(27)
/* Check a shadow row table (VHE or not): valid slots and EL2 registers, fields inside 64 bits,
 * no two rows writing the same EL1 bits or reading the same EL2 bits, the rows of one EL2
 * register adjacent. 0, or NVARM_ERR_STATE with *bad = the first offending row. */
int nvarm__shadow_rows_check(bool vhe, unsigned *bad);

#endif
