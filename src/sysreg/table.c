// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The register database: generated from NVARM_SYSREG_LIST (include/nvarm/sysreg_regs.h), one
 * line per register. The enum order is the list order, which must be ascending by encoding:
 * nvarm_sysreg_table_check() proves it (and with it the absence of duplicates), so a binary
 * search over nvarm__sysreg_keys returns the register id directly (the reference the unit tests
 * compare the generated direct index in sysreg_index.h against).
 */
#include "sysreg_priv.h"

#define NVARM_X_(n, op0, op1, crn, crm, op2, vn, lk, ft, fl)                                       \
	{.name = #n,                                                                               \
	 .enc = NVARM_SYSREG_ENC(op0, op1, crn, crm, op2),                                         \
	 .vncr = (vn),                                                                             \
	 .link = NVARM_SR_##lk,                                                                    \
	 .feat = NVARM_VMF_##ft,                                                                   \
	 .flags = (fl),                                                                            \
	 .cls = NVARM_CLS_OF(fl)},
const struct nvarm_sysreg_desc nvarm__sysreg_tab[NVARM_SR__COUNT] = {NVARM_SYSREG_LIST(NVARM_X_)};
#undef NVARM_X_

#define NVARM_X_(n, op0, op1, crn, crm, op2, vn, lk, ft, fl)                                       \
	NVARM_SYSREG_ENC(op0, op1, crn, crm, op2),
const uint32_t nvarm__sysreg_keys[NVARM_SR__COUNT] = {NVARM_SYSREG_LIST(NVARM_X_)};
#undef NVARM_X_

/* (SVE's and SME's registers are never plain: L1's own CPTR_EL2 may trap their accesses at
 * EL2, emulate_general()) */
#define NVARM_X_(n, op0, op1, crn, crm, op2, vn, lk, ft, fl)                                       \
	(((NVARM_VMF_##ft) & (NVARM_VMF_SVE | NVARM_VMF_SME))                                      \
	     ? 0u                                                                                  \
	     : NVARM__PLAIN_OF(vn, NVARM_SR_##lk, fl)) |                                           \
	    ((NVARM_VMF_##ft) ? NVARM__PLAIN_FEAT : 0u),
const uint8_t nvarm__sysreg_plain[NVARM_SR__COUNT] = {NVARM_SYSREG_LIST(NVARM_X_)};
#undef NVARM_X_

const struct nvarm_sysreg_desc *nvarm_sysreg_desc(unsigned id)
{
	return id < NVARM_SR__COUNT ? &nvarm__sysreg_tab[id] : NULL;
}

static bool link_ok(const struct nvarm_sysreg_desc *tab, unsigned n, unsigned id)
{
	const struct nvarm_sysreg_desc *d = &tab[id];
	const struct nvarm_sysreg_desc *l;

	if (d->link == NVARM_SR_NONE)
		return !(d->flags & NVARM_SRF_ALIAS); /* an alias must name its register */
	if (d->link >= n || d->link == id)
		return false;
	l = &tab[d->link];
	if (d->flags & NVARM_SRF_ALIAS) /* EL12/EL02 -> an EL1/EL0 register with no alias */
		return (l->flags & NVARM_SRF_EL1) && !(l->flags & NVARM_SRF_ALIAS) &&
		       NVARM_SYSREG_OP1(d->enc) == 5 &&
		       (l->flags & NVARM_SRF_FWD) == (d->flags & NVARM_SRF_FWD);
	/* EL1/EL0 -> the EL2 register E2H redirects it to */
	return (d->flags & NVARM_SRF_EL1) && (l->flags & NVARM_SRF_EL2) &&
	       (l->flags & NVARM_SRF_FWD) == (d->flags & NVARM_SRF_FWD);
}

int nvarm__sysreg_check(const struct nvarm_sysreg_desc *tab, const uint32_t *keys, unsigned n,
			unsigned *bad)
{
	for (unsigned i = 0; i < n; i++) {
		const struct nvarm_sysreg_desc *d = &tab[i];
		bool ok = d->name && d->enc == keys[i] &&
			  (d->enc & ~(uint32_t)NVARM_SYSREG_ENC_MASK) == 0 && link_ok(tab, n, i);

		if (i > 0 && keys[i - 1] >= d->enc)
			ok = false; /* out of order or duplicate */
		if (d->vncr != NVARM_VNCR_NONE) {
			if ((d->vncr & 7) || d->vncr >= NVARM_VNCR_PAGE_SIZE ||
			    (d->flags & (NVARM_SRF_INSN | NVARM_SRF_ALIAS | NVARM_SRF_FWD)))
				ok = false;
			for (unsigned j = 0; j < i; j++)
				if (tab[j].vncr == d->vncr)
					ok = false; /* two registers in one 8-byte slot */
		}
		/* a TLBI line names what it invalidates (NVARM_TLBI_*); nothing else has a kind */
		if (!(d->flags & NVARM_SRF_TLBI) != !NVARM_SRF_TLBI_KIND_OF(d->flags) ||
		    (d->flags & ~(uint32_t)(NVARM_SRF_TLBI_KIND(7) | 0xffffu)))
			ok = false;
		/* instructions (exactly op0=1) are write-only; a register may be write-only
		 * (ICC_SGI1R_EL1) or read-only, not both */
		if (((d->flags & NVARM_SRF_INSN) && !(d->flags & NVARM_SRF_WO)) ||
		    ((d->flags & NVARM_SRF_RO) && (d->flags & NVARM_SRF_WO)) ||
		    (NVARM_SYSREG_OP0(d->enc) == 1) != !!(d->flags & NVARM_SRF_INSN))
			ok = false;
		if (!ok) {
			if (bad)
				*bad = i;
			return NVARM_ERR_STATE;
		}
	}
	return 0;
}

int nvarm_sysreg_table_check(unsigned *bad)
{
	return nvarm__sysreg_check(nvarm__sysreg_tab, nvarm__sysreg_keys, NVARM_SR__COUNT, bad);
}
