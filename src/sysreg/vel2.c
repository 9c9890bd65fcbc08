// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The vEL2 register file and the emulation of trapped MRS/MSR from virtual EL2.
 *
 * Storage: a register with a VNCR offset lives at that offset of the caller's VNCR page (so an
 * NV2 host points VNCR_EL2 at the page and the hardware reads/writes the same bytes); every
 * other file register lives in nvarm_vel2::regs[id]. Aliases (EL12/EL02 accessors) have no storage
 * of their own. Instructions, ID registers, hardware-only and computed (FWD) registers are not
 * in the file.
 *
 * Invariant: every stored value already has the register's RES0/RES1 bits applied (writes go
 * through nvarm__vel2_set()). Where each register's slot is, and the effective E2H: vel2_file.c.
 * Guest values are data only: no value read from the file is used as an index or a bound.
 *
 * Locking: one vCPU, caller-serialised.
 */
#include "forward_priv.h"
#include "shadow_rows.h"

#define HCR_E2H NVARM_BIT(34)
#define HCR_TGE NVARM_BIT(27)

void nvarm__vel2_set(struct nvarm_vel2 *v, unsigned id, uint64_t val)
{
	uint64_t *p = nvarm__vel2_slot(v, id);
	uint64_t r0, r1;

	NVARM_ASSERT(p != NULL);
	if (!p)
		return;
	nvarm__vel2_masks_of(v, id, &r0, &r1);
	*p = (val & ~r0) | r1;
}

/* san[]: the page values of the masked registers as the last sanitise left them. */
static void san_record(struct nvarm_vel2 *v)
{
	for (unsigned k = 0; k < v->mask_count; k++)
		v->san[k] = v->mask_vncr[k] == 0xffff ? 0 : v->vncr[v->mask_vncr[k]];
	v->san_vhe = nvarm__vel2_vhe(v);
	v->san_valid = 1;
}

/* ICH_LR<n>_EL2 beyond the VM's list registers UNDEF (ICH_VTR_EL2.ListRegs). */
static bool gic_reg_present(const struct nvarm_vel2 *v, unsigned id)
{
	if (!(v->cfg->features & NVARM_VMF_GICV3))
		return false;
	if (id >= NVARM_SR_ICH_LR0_EL2 && id <= NVARM_SR_ICH_LR15_EL2)
		return id - NVARM_SR_ICH_LR0_EL2 < v->cfg->gic_lrs;
	return true;
}

/* The VNCR page words of registers of features the VM lacks: under FEAT_NV2 L1's MRS/MSR of
 * them are page accesses whenever the PE has the feature (DDI 0487 D8.x "Enhanced support for
 * nested virtualization": no trap control makes them UNDEFINED), so the page may hold anything
 * there. (The GIC's words are the vGIC's: it imports the list registers L1 has, masked, and
 * none without GICv3.) Kept as a bitmap and, for the check on every sanitise, as a list. */
static void hidden_index(struct nvarm_vel2 *v)
{
	unsigned n = 0;

	for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
		const struct nvarm_sysreg_desc *d = &nvarm__sysreg_tab[id];
		unsigned w = d->vncr / 8u;

		if (d->vncr == NVARM_VNCR_NONE || (d->flags & NVARM_SRF_ALIAS))
			continue;
		if ((d->feat & v->cfg->features) != d->feat)
			v->hidden[w / 64] |= NVARM_BIT(w % 64);
	}
	for (unsigned w = 0; w < NVARM_VNCR_PAGE_SIZE / 8; w++) {
		if (!((v->hidden[w / 64] >> (w % 64)) & 1))
			continue;
		if (n < NVARM_VEL2_HIDDEN_WORDS)
			v->hidden_word[n] = (uint16_t)w;
		n += n <= NVARM_VEL2_HIDDEN_WORDS;
	}
	v->hidden_nwords = (uint8_t)n;
}

/* Zero the hidden words (nvarm_vel2_sanitise): how many held something. */
static int hidden_clear(struct nvarm_vel2 *v)
{
	int changed = 0;

	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(v->hidden); i++)
		for (uint64_t m = v->hidden[i]; m; m &= m - 1) {
			uint64_t *p = &v->vncr[i * 64 + (unsigned)__builtin_ctzll(m)];

			changed += *p != 0;
			*p = 0;
		}
	return changed;
}

int nvarm_vel2_init(struct nvarm_vel2 *v, const struct nvarm_vm_config *cfg, void *vncr_page)
{
	if (!v || !cfg || !vncr_page || ((uintptr_t)vncr_page & (NVARM_VNCR_PAGE_SIZE - 1)))
		return NVARM_ERR_INVAL;
	nvarm_memset(v, 0, sizeof(*v));
	nvarm_memset(vncr_page, 0, NVARM_VNCR_PAGE_SIZE);
	v->vncr = vncr_page;
	v->cfg = cfg;
	/* first: the mask rules' feature conditions read them */
	v->fwd_feats = nvarm__fwd_features_of(cfg);
	v->fwd_feats_valid = 1;
	nvarm__mask_index(v);
	nvarm__shadow_index(v);
	nvarm__fwd_vel2_index(v);
	hidden_index(v);
	/* HCR_EL2 first: other registers' masks depend on its E2H bit */
	nvarm__vel2_set(v, NVARM_SR_HCR_EL2, 0);
	for (unsigned id = 0; id < NVARM_SR__COUNT; id++)
		if (nvarm__vel2_slot(v, id))
			nvarm__vel2_set(v, id, 0);
	san_record(v);
	return 0;
}

/* Re-apply slot @k's masks (E2H @vhe) to its page value; 1 when that changed it. */
static int san_apply(struct nvarm_vel2 *v, unsigned k, unsigned vhe)
{
	uint64_t *p = &v->vncr[v->mask_vncr[k]], old = *p;
	uint64_t val = (old & ~v->mask_res[vhe][0][k]) | v->mask_res[vhe][1][k];

	*p = val;
	v->san[k] = val;
	return val != old;
}

/* Every masked register of the page, by the rules: a file nvarm_vel2_init() did not make. */
static int sanitise_all(struct nvarm_vel2 *v)
{
	int changed = hidden_clear(v);
	unsigned id;

	/* Only registers with mask rules can change (the others have no RES0/RES1 bits): walk
	 * the rules, each register once, HCR_EL2 first (its E2H bit selects other layouts). */
	for (unsigned pass = 0; pass < 2; pass++) {
		for (size_t i = 0; (id = nvarm__mask_rule_reg(i)) != NVARM_SR_NONE; i++) {
			const struct nvarm_sysreg_desc *d = &nvarm__sysreg_tab[id];
			uint64_t old;

			if (d->vncr == NVARM_VNCR_NONE || (pass == 0) != (id == NVARM_SR_HCR_EL2))
				continue;
			/* the rules of one register are adjacent: once per run (re-applying the
			 * masks is idempotent, so this only saves work) */
			if (i > 0 && nvarm__mask_rule_reg(i - 1) == id)
				continue;
			old = v->vncr[d->vncr / 8];
			nvarm__vel2_set(v, id, old);
			changed += v->vncr[d->vncr / 8] != old;
		}
	}
	if (v->masks_indexed)
		san_record(v);
	return changed;
}

/*
 * Incremental: a page value equal to san[k] (what the last sanitise left, or init wrote) is a
 * fixed point of the masks while the effective E2H is the one it was sanitised with (the
 * VM's features never change), so only values that differ need the masks, and every one
 * after an E2H change. The result is the full pass's: the same page, the same count. Both
 * zero the words of registers the VM lacks first (each counted once, by that).
 */
int nvarm_vel2_sanitise(struct nvarm_vel2 *v)
{
	unsigned hcr, vhe, n;
	const uint64_t *page, *san;
	uint64_t diff;
	const uint16_t *idx;
	int changed;

	if (!v)
		return NVARM_ERR_INVAL;
	if (!v->masks_indexed || !v->san_valid)
		return sanitise_all(v);
	/* The usual case, every trap of L1 under NV2: nothing differs from what the last
	 * sanitise left, the masked registers' words (HCR_EL2's among them: the effective E2H,
	 * hence the layouts, is the one they were sanitised with) and the hidden words, 0. One
	 * pass that only loads and compares, no branch per word (the slots of registers in the
	 * page come first, nvarm__mask_index). */
	page = v->vncr;
	idx = v->mask_vncr;
	san = v->san;
	n = v->mask_count_vncr;
	unsigned nh = v->hidden_nwords;

	diff = nh > NVARM_VEL2_HIDDEN_WORDS; /* (the bitmap's alone: the slow way) */
	nh = diff ? 0 : nh;
#pragma GCC unroll 4
	for (unsigned k = 0; k < n; k++)
		diff |= page[idx[k]] ^ san[k];
#pragma GCC unroll 2
	for (unsigned k = 0; k < nh; k++)
		diff |= page[v->hidden_word[k]];
	if (NVARM_LIKELY(!diff))
		return 0;
	changed = hidden_clear(v); /* first: a zeroed word is then a fixed point of its masks */
	/* HCR_EL2 first (its masks do not depend on E2H): its E2H picks the others' layouts */
	hcr = v->mask_slot[NVARM_SR_HCR_EL2] - 1u;
	if (page[idx[hcr]] != san[hcr])
		changed += san_apply(v, hcr, 0);
	vhe = nvarm__vel2_vhe(v);
	if (NVARM_UNLIKELY(vhe != v->san_vhe)) {
		for (unsigned k = 0; k < n; k++)
			if (k != hcr)
				changed += san_apply(v, k, vhe);
		v->san_vhe = (uint8_t)vhe;
		return changed;
	}
	for (unsigned k = 0; k < n; k++)
		if (page[idx[k]] != san[k])
			changed += san_apply(v, k, vhe);
	return changed;
}

/* Resolve an alias to the register it names. */
static unsigned resolve(unsigned id)
{
	const struct nvarm_sysreg_desc *d = &nvarm__sysreg_tab[id];

	return (d->flags & NVARM_SRF_ALIAS) ? d->link : id;
}

/* ID registers L1 reads and where their sanitised values live (one line per register). */
static const struct {
	uint16_t id;
	uint8_t idx; /* index into struct nvarm_id_regs viewed as an array */
} id_map[] = {
#define ID_(reg, m)                                                                                \
	{                                                                                          \
		NVARM_SR_##reg, offsetof(struct nvarm_id_regs, m) / sizeof(uint64_t)               \
	}
    ID_(MIDR_EL1, midr),	  ID_(ID_AA64PFR0_EL1, pfr0),	ID_(ID_AA64PFR1_EL1, pfr1),
    ID_(ID_AA64DFR0_EL1, dfr0),	  ID_(ID_AA64ISAR0_EL1, isar0), ID_(ID_AA64ISAR1_EL1, isar1),
    ID_(ID_AA64MMFR0_EL1, mmfr0), ID_(ID_AA64MMFR1_EL1, mmfr1), ID_(ID_AA64MMFR2_EL1, mmfr2),
    ID_(ID_AA64MMFR4_EL1, mmfr4), ID_(ID_AA64ISAR2_EL1, isar2), ID_(ID_AA64MMFR3_EL1, mmfr3),
    ID_(ID_AA64ZFR0_EL1, zfr0),	  ID_(ID_AA64SMFR0_EL1, smfr0),
#undef ID_
};

static const uint64_t *id_value(const struct nvarm_vel2 *v, unsigned id)
{
	const uint64_t *r = (const uint64_t *)(const void *)&v->cfg->id;

	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(id_map); i++)
		if (id_map[i].id == id)
			return &r[id_map[i].idx];
	return NULL;
}

int nvarm_vel2_read(const struct nvarm_vel2 *v, unsigned id, uint64_t *val)
{
	const uint64_t *p;

	if (!v || !val || id >= NVARM_SR__COUNT)
		return NVARM_ERR_INVAL;
	id = resolve(id);
	p = (nvarm__sysreg_tab[id].flags & NVARM_SRF_ID) ? id_value(v, id)
							 : nvarm__vel2_slot(v, id);
	if (!p)
		return NVARM_ERR_NOENT;
	*val = *p;
	return 0;
}

int nvarm_vel2_write(struct nvarm_vel2 *v, unsigned id, uint64_t val)
{
	if (!v || id >= NVARM_SR__COUNT)
		return NVARM_ERR_INVAL;
	id = resolve(id);
	if (nvarm__sysreg_tab[id].flags & NVARM_SRF_RO)
		return NVARM_ERR_RANGE;
	if (!nvarm__vel2_slot(v, id))
		return NVARM_ERR_NOENT;
	nvarm__vel2_set(v, id, val);
	return 0;
}

/* An MSR to the file register @p id at @p slot: its RES0/RES1 bits applied; RELOAD only when
 * the hardware shadow would change (a mirrored field of the stored, masked value, or an
 * HCR_EL2 bit the shadow depends on). */
static __attribute__((__noinline__)) int emulate_write(struct nvarm_vel2 *v, unsigned id,
						       uint64_t *slot, uint64_t val)
{
	uint64_t old = *slot, changed;

	nvarm__vel2_set(v, id, val);
	changed = old ^ *slot; /* (an unchanged value, e.g. ELR_EL2 written back: no search) */
	if (changed)
		changed &=
		    id == NVARM_SR_HCR_EL2
			? NVARM__SHADOW_HCR_BITS |
			      (nvarm__vel2_vhe(v) && !(nvarm__vel2_get(v, NVARM_SR_SCTLR_EL2) &
						       NVARM_SCTLR_EL1_SPAN)
				   ? NVARM__SHADOW_HCR_TGE
				   : 0)
			: nvarm__shadow_mirror_bits(id);
	return changed ? NVARM_EMUL_RELOAD : NVARM_EMUL_OK;
}

int nvarm_sysreg_zero_access(const struct nvarm_vel2 *v, const struct nvarm_trap *t, uint64_t *gpr)
{
	const struct nvarm_sysreg_desc *d;

	if (!v || !t || !gpr || t->kind != NVARM_TRAP_SYSREG)
		return NVARM_ERR_INVAL;
	if (t->reg >= NVARM_SR__COUNT || !(nvarm__sysreg_tab[t->reg].flags & NVARM_SRF_ZERO))
		return NVARM_ERR_NOENT;
	d = &nvarm__sysreg_tab[t->reg];
	/* the database's feature (FEAT_RAS), then the forwarding rule's (FEAT_RASv1p1 for the
	 * ERXPFG* and ERXMISC2/3 registers) */
	if ((d->feat & v->cfg->features) != d->feat ||
	    !nvarm__fwd_enc_exists(
		v->fwd_feats_valid ? v->fwd_feats : nvarm__fwd_features_of(v->cfg), t->enc))
		return NVARM_EMUL_UNDEF;
	if (t->is_read) {
		if (t->rt != 31)
			*gpr = 0;
		return NVARM_EMUL_OK;
	}
	return (d->flags & NVARM_SRF_RO) ? NVARM_EMUL_UNDEF : NVARM_EMUL_OK;
}

/* nvarm_sysreg_emulate() of any access (its arguments checked). */
static __attribute__((__noinline__)) int emulate_general(struct nvarm_vel2 *v,
							 const struct nvarm_trap *t, uint64_t *gpr)
{
	const struct nvarm_sysreg_desc *d;
	unsigned id = t->reg;
	uint64_t *slot;
	bool vhe;

	if (id == NVARM_SR_NONE && t->is_read && nvarm__id_space(t->enc)) {
		if (t->rt != 31)
			*gpr = 0; /* ID space outside the database: RAZ */
		return NVARM_EMUL_OK;
	}
	if (id >= NVARM_SR__COUNT || t->cls == NVARM_TC_UNDEF)
		return NVARM_EMUL_UNDEF;
	d = &nvarm__sysreg_tab[id];
	if ((d->feat & v->cfg->features) != d->feat)
		return NVARM_EMUL_UNDEF;
	if ((d->flags & NVARM_SRF_GIC) && !gic_reg_present(v, id))
		return NVARM_EMUL_UNDEF;
	if (d->flags & NVARM_SRF_ZERO)
		return nvarm_sysreg_zero_access(v, t, gpr);
	if (d->flags & (NVARM_SRF_INSN | NVARM_SRF_HW))
		return NVARM_EMUL_FORWARD;

	vhe = nvarm_vel2_is_vhe(v);
	if (d->flags & NVARM_SRF_ALIAS) {
		/* EL12/EL02 accessors are UNDEFINED at EL2 unless HCR_EL2.E2H == 1 */
		if (!vhe)
			return NVARM_EMUL_UNDEF;
		id = d->link;
	} else if ((d->flags & NVARM_SRF_EL1) && vhe && d->link != NVARM_SR_NONE) {
		/* E2H=1: EL1/EL0 names used at EL2 access the EL2 registers (D5.x "Virtualization
		 * Host Extensions", register redirection) */
		id = d->link;
	}
	d = &nvarm__sysreg_tab[id];
	if ((d->feat & v->cfg->features) != d->feat)
		return NVARM_EMUL_UNDEF;
	if (d->flags & NVARM_SRF_FWD)
		return NVARM_EMUL_FORWARD;
	/* ZCR_EL2, SMCR_EL2 (also as the _EL1 names with E2H=1) and their _EL12 names at EL2:
	 * L1's own CPTR_EL2 first (nvarm_vel2_exc_esr) */
	if (nvarm__reg_under_cptr(id) && nvarm_vel2_exc_esr(v, id))
		return NVARM_EMUL_EXC;

	if (t->is_read) {
		const uint64_t *p =
		    (d->flags & NVARM_SRF_ID) ? id_value(v, id) : nvarm__vel2_slot(v, id);
		if (!p)
			return NVARM_EMUL_FORWARD;
		if (t->rt != 31)
			*gpr = *p;
		return NVARM_EMUL_OK;
	}

	if (d->flags & NVARM_SRF_RO)
		return NVARM_EMUL_UNDEF;
	slot = nvarm__vel2_slot(v, id);
	if (!slot)
		return NVARM_EMUL_FORWARD;
	return emulate_write(v, id, slot, t->rt == 31 ? 0 : *gpr);
}

int nvarm_sysreg_emulate(struct nvarm_vel2 *v, const struct nvarm_trap *t, uint64_t *gpr)
{
	const struct nvarm_sysreg_desc *d;
	unsigned id;
	uint64_t *slot;

	if (!v || !t || !gpr || t->kind != NVARM_TRAP_SYSREG)
		return NVARM_ERR_INVAL;
	id = t->reg;
	/*
	 * The access a guest hypervisor traps most, kept lean (no frame): a register of the file
	 * that is only its own slot (present by the VM's features, no alias or E2H redirection,
	 * nothing computed). The same result as emulate_general(), without its checks.
	 */
	if (NVARM_LIKELY(
		id < NVARM_SR__COUNT && t->cls == NVARM_TC_SYSREG &&
		(nvarm__sysreg_plain[id] & (t->is_read ? NVARM__PLAIN_R : NVARM__PLAIN_W)))) {
		d = &nvarm__sysreg_tab[id];
		if ((d->feat & v->cfg->features) == d->feat) {
			slot = d->vncr != NVARM_VNCR_NONE ? &v->vncr[d->vncr / 8]
							  : (uint64_t *)&v->regs[id];
			if (!t->is_read)
				return emulate_write(v, id, slot, t->rt == 31 ? 0 : *gpr);
			if (t->rt != 31)
				*gpr = *slot;
			return NVARM_EMUL_OK;
		}
	}
	return emulate_general(v, t, gpr);
}

int nvarm_sysreg_plain_emulate(struct nvarm_vel2 *v, const struct nvarm_sysreg_plain *p,
			       uint64_t *gpr)
{
	if (!v || !p || !gpr)
		return NVARM_ERR_INVAL;
	if (!p->is_read)
		return emulate_write(v, p->reg, p->slot, p->rt == 31 ? 0 : *gpr);
	if (p->rt != 31)
		*gpr = *p->slot;
	return NVARM_EMUL_OK;
}

uint64_t nvarm_vel2_sve_trap_esr(const struct nvarm_vel2 *v)
{
	uint64_t cptr;

	if (!v || !(v->cfg->features & NVARM_VMF_SVE))
		return 0;
	cptr = *nvarm__vel2_slot(v, NVARM_SR_CPTR_EL2);
	/* DDI 0487 D24.2 ZCR_EL2 (and ZCR_EL1, ZCR_EL12) at EL2: the SVE control (E2H=0 TZ, E2H=1
	 * ZEN 0bx0), then the FP one (TFP, FPEN 0bx0); the ZEN/FPEN value 0b01 traps EL0 only */
	if (nvarm_vel2_is_vhe(v) ? !(cptr & NVARM_BIT(NVARM_CPTR_EL2_E2H1_ZEN_SHIFT))
				 : (cptr & NVARM_CPTR_EL2_E2H0_TZ))
		return ((uint64_t)NVARM_EC_SVE << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL;
	if (nvarm_vel2_is_vhe(v) ? !(cptr & NVARM_BIT(NVARM_CPTR_EL2_E2H1_FPEN_SHIFT))
				 : (cptr & NVARM_CPTR_EL2_E2H0_TFP))
		/* EC 0x07 from AArch64: CV = 1, COND = 0b1110 (as forward.c's K_FPLIKE) */
		return ((uint64_t)NVARM_EC_FP_ASIMD << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL |
		       NVARM_BIT(24) | (UINT64_C(0xe) << 20);
	return 0;
}

uint64_t nvarm_vel2_sme_trap_esr(const struct nvarm_vel2 *v)
{
	uint64_t cptr;

	if (!v || !(v->cfg->features & NVARM_VMF_SME))
		return 0;
	cptr = *nvarm__vel2_slot(v, NVARM_SR_CPTR_EL2);
	/* DDI 0487 D24.2 SMCR_EL2 (and SMCR_EL1, SMCR_EL12) at EL2: E2H=0 TSM, E2H=1 SMEN 0bx0,
	 * EC 0x1D with SMTC 0 (CheckSMEAccess); no FP control (unlike ZCR_EL2) */
	if (nvarm_vel2_is_vhe(v) ? !(cptr & NVARM_BIT(NVARM_CPTR_EL2_E2H1_SMEN_SHIFT))
				 : (cptr & NVARM_CPTR_EL2_E2H0_TSM))
		return ((uint64_t)NVARM_EC_SME << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL;
	return 0;
}

uint64_t nvarm_vel2_exc_esr(const struct nvarm_vel2 *v, unsigned reg)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(reg);

	if (!d || !nvarm__reg_under_cptr(reg))
		return 0;
	return (d->feat & NVARM_VMF_SVE) ? nvarm_vel2_sve_trap_esr(v) : nvarm_vel2_sme_trap_esr(v);
}
