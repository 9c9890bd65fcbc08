// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * ESR_EL2 decoding (Arm ARM D24.2 "ESR_EL2", ISS encodings per EC).
 *
 * One table row per exception class gives the kind, the default classification, the ISS bits
 * that are RES0 for that class and whether IL must be 1 (classes only AArch64 code raises).
 * The per-kind field extraction that follows is a short switch over ~10 kinds, not over
 * encodings. Everything from the ESR is guest-influenced: reserved values return
 * NVARM_ERR_BAD_ENCODING, never trap. Pure and re-entrant.
 */
#include "sysreg_priv.h"
#include "sysreg_index.h"

NVARM_STATIC_ASSERT(NVARM__SYSREG_INDEX_NREGS == NVARM_SR__COUNT,
		    "src/sysreg/sysreg_index.h is stale: run tools/gen-sysreg.py");

/* ESR bits a class may set: EC and IL always, ISS bits except the RES0 ones, ISS2 [55:32] only
 * where the class defines it; [63:56] never. */
#define OK_BASE	     UINT64_C(0xfe000000)
#define OK_ISS2	     UINT64_C(0x00ffffff00000000)
#define OK_ISS(res0) (UINT64_C(0x1ffffff) & ~(uint64_t)(res0))

struct ec_row {
	uint64_t ok;  /* ESR bits that may be set (0: reserved EC, or SYS64 off the fast path,
			 which is malformed; EC != 0 then always fails the check) */
	uint8_t kind; /* 0: reserved EC */
	uint8_t cls;
	uint8_t il; /* IL must be 1 (classes only AArch64 code raises) */
};

/* clang-format off */
static const struct ec_row ec_tab[64] = {
	[NVARM_EC_UNKNOWN] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_WFX] = {OK_BASE | OK_ISS(0x000ffc18u), NVARM_TRAP_WFX, NVARM_TC_WFX, 0},
	[NVARM_EC_CP15_32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_CP15_64] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_CP14_MR] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_CP14_LS] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_FP_ASIMD] = {OK_BASE | OK_ISS(0x000fffffu), NVARM_TRAP_FPSIMD, NVARM_TC_FP, 0},
	[NVARM_EC_CP10_ID] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_PAC] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_LS64] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_CP14_64] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_BTI] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_ILL] = {OK_BASE | OK_ISS(0x01ffffffu), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SVC32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_HVC32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SMC32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SVC64] = {OK_BASE | OK_ISS(0x01ff0000u), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_HVC64] = {OK_BASE | OK_ISS(0x01ff0000u), NVARM_TRAP_HVC, NVARM_TC_HVC, 1},
	[NVARM_EC_SMC64] = {OK_BASE | OK_ISS(0x01ff0000u), NVARM_TRAP_SMC, NVARM_TC_SMC, 1},
	[NVARM_EC_SYS64] = {0, NVARM_TRAP_SYSREG, NVARM_TC_UNDEF, 1},
	[NVARM_EC_SVE] = {OK_BASE | OK_ISS(0x01ffffffu), NVARM_TRAP_SVE, NVARM_TC_FP, 1},
	[NVARM_EC_ERET] = {OK_BASE | OK_ISS(0x01fffffcu), NVARM_TRAP_ERET, NVARM_TC_ERET, 1},
	[NVARM_EC_TSTART] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_FPAC] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_SME] = {OK_BASE | OK_ISS(0x01fffff8u), NVARM_TRAP_SME, NVARM_TC_FP, 1},
	[NVARM_EC_IMP_DEF] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_IABT_LOW] = {OK_BASE | OK_ISS(0x01ffe140u), NVARM_TRAP_IABT, NVARM_TC_ABORT, 0},
	[NVARM_EC_IABT_CUR] = {OK_BASE | OK_ISS(0x01ffe140u), NVARM_TRAP_IABT, NVARM_TC_ABORT, 0},
	[NVARM_EC_PC_ALIGN] = {OK_BASE | OK_ISS(0x01ffffffu), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_DABT_LOW] = {OK_BASE | OK_ISS(0) | OK_ISS2, NVARM_TRAP_DABT, NVARM_TC_ABORT, 0},
	[NVARM_EC_DABT_CUR] = {OK_BASE | OK_ISS(0) | OK_ISS2, NVARM_TRAP_DABT, NVARM_TC_ABORT, 0},
	[NVARM_EC_SP_ALIGN] = {OK_BASE | OK_ISS(0x01ffffffu), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_MOPS] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
	[NVARM_EC_FP_EXC32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_FP_EXC64] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SERROR] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_BREAKPT_LOW] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_BREAKPT_CUR] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SOFTSTP_LOW] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_SOFTSTP_CUR] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_WATCHPT_LOW] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_WATCHPT_CUR] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_BKPT32] = {OK_BASE | OK_ISS(0), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 0},
	[NVARM_EC_BRK64] = {OK_BASE | OK_ISS(0x01ff0000u), NVARM_TRAP_OTHER, NVARM_TC_OTHER, 1},
};
/* clang-format on */

static const char *const ec_names[64] = {
    [NVARM_EC_UNKNOWN] = "UNKNOWN",
    [NVARM_EC_WFX] = "WFX",
    [NVARM_EC_CP15_32] = "CP15_32",
    [NVARM_EC_CP15_64] = "CP15_64",
    [NVARM_EC_CP14_MR] = "CP14_MR",
    [NVARM_EC_CP14_LS] = "CP14_LS",
    [NVARM_EC_FP_ASIMD] = "FP_ASIMD",
    [NVARM_EC_CP10_ID] = "CP10_ID",
    [NVARM_EC_PAC] = "PAC",
    [NVARM_EC_LS64] = "LS64",
    [NVARM_EC_CP14_64] = "CP14_64",
    [NVARM_EC_BTI] = "BTI",
    [NVARM_EC_ILL] = "ILL",
    [NVARM_EC_SVC32] = "SVC32",
    [NVARM_EC_HVC32] = "HVC32",
    [NVARM_EC_SMC32] = "SMC32",
    [NVARM_EC_SVC64] = "SVC64",
    [NVARM_EC_HVC64] = "HVC64",
    [NVARM_EC_SMC64] = "SMC64",
    [NVARM_EC_SYS64] = "SYS64",
    [NVARM_EC_SVE] = "SVE",
    [NVARM_EC_ERET] = "ERET",
    [NVARM_EC_TSTART] = "TSTART",
    [NVARM_EC_FPAC] = "FPAC",
    [NVARM_EC_SME] = "SME",
    [NVARM_EC_IMP_DEF] = "IMP_DEF",
    [NVARM_EC_IABT_LOW] = "IABT_LOW",
    [NVARM_EC_IABT_CUR] = "IABT_CUR",
    [NVARM_EC_PC_ALIGN] = "PC_ALIGN",
    [NVARM_EC_DABT_LOW] = "DABT_LOW",
    [NVARM_EC_DABT_CUR] = "DABT_CUR",
    [NVARM_EC_SP_ALIGN] = "SP_ALIGN",
    [NVARM_EC_MOPS] = "MOPS",
    [NVARM_EC_FP_EXC32] = "FP_EXC32",
    [NVARM_EC_FP_EXC64] = "FP_EXC64",
    [NVARM_EC_SERROR] = "SERROR",
    [NVARM_EC_BREAKPT_LOW] = "BREAKPT_LOW",
    [NVARM_EC_BREAKPT_CUR] = "BREAKPT_CUR",
    [NVARM_EC_SOFTSTP_LOW] = "SOFTSTP_LOW",
    [NVARM_EC_SOFTSTP_CUR] = "SOFTSTP_CUR",
    [NVARM_EC_WATCHPT_LOW] = "WATCHPT_LOW",
    [NVARM_EC_WATCHPT_CUR] = "WATCHPT_CUR",
    [NVARM_EC_BKPT32] = "BKPT32",
    [NVARM_EC_BRK64] = "BRK64",
};

/*
 * Fault status codes (DDI 0487 D24.2, "ISS encoding for an exception from a Data Abort",
 * DFSC, and "... from an Instruction Abort", IFSC): kind and lookup level of every allocated
 * code; the rest are reserved. Level -1 needs FEAT_LPA2; the level -2 codes of FEAT_D128 are
 * not allocated here. One entry per code: kind in bits [4:0], level + 2 in bits [7:5] (0: none).
 */
#define FSC_L(kind, level) ((uint8_t)((kind) | (((level) + 2) << 5)))
#define FSC_N(kind)	   ((uint8_t)(kind))
static const uint8_t fsc_tab[64] = {
    [0x00] = FSC_L(NVARM_FSC_KIND_ADDR_SIZE, 0),
    [0x01] = FSC_L(NVARM_FSC_KIND_ADDR_SIZE, 1),
    [0x02] = FSC_L(NVARM_FSC_KIND_ADDR_SIZE, 2),
    [0x03] = FSC_L(NVARM_FSC_KIND_ADDR_SIZE, 3),
    [0x04] = FSC_L(NVARM_FSC_KIND_TRANSLATION, 0),
    [0x05] = FSC_L(NVARM_FSC_KIND_TRANSLATION, 1),
    [0x06] = FSC_L(NVARM_FSC_KIND_TRANSLATION, 2),
    [0x07] = FSC_L(NVARM_FSC_KIND_TRANSLATION, 3),
    [0x08] = FSC_L(NVARM_FSC_KIND_ACCESS, 0),
    [0x09] = FSC_L(NVARM_FSC_KIND_ACCESS, 1),
    [0x0a] = FSC_L(NVARM_FSC_KIND_ACCESS, 2),
    [0x0b] = FSC_L(NVARM_FSC_KIND_ACCESS, 3),
    [0x0c] = FSC_L(NVARM_FSC_KIND_PERMISSION, 0),
    [0x0d] = FSC_L(NVARM_FSC_KIND_PERMISSION, 1),
    [0x0e] = FSC_L(NVARM_FSC_KIND_PERMISSION, 2),
    [0x0f] = FSC_L(NVARM_FSC_KIND_PERMISSION, 3),
    [0x10] = FSC_N(NVARM_FSC_KIND_SEA),
    [0x11] = FSC_N(NVARM_FSC_KIND_TAG_CHECK),
    [0x13] = FSC_L(NVARM_FSC_KIND_SEA_WALK, -1),
    [0x14] = FSC_L(NVARM_FSC_KIND_SEA_WALK, 0),
    [0x15] = FSC_L(NVARM_FSC_KIND_SEA_WALK, 1),
    [0x16] = FSC_L(NVARM_FSC_KIND_SEA_WALK, 2),
    [0x17] = FSC_L(NVARM_FSC_KIND_SEA_WALK, 3),
    [0x18] = FSC_N(NVARM_FSC_KIND_ECC),
    [0x1b] = FSC_L(NVARM_FSC_KIND_ECC_WALK, -1),
    [0x1c] = FSC_L(NVARM_FSC_KIND_ECC_WALK, 0),
    [0x1d] = FSC_L(NVARM_FSC_KIND_ECC_WALK, 1),
    [0x1e] = FSC_L(NVARM_FSC_KIND_ECC_WALK, 2),
    [0x1f] = FSC_L(NVARM_FSC_KIND_ECC_WALK, 3),
    [0x21] = FSC_N(NVARM_FSC_KIND_ALIGNMENT),
    [0x23] = FSC_L(NVARM_FSC_KIND_GPF_WALK, -1),
    [0x24] = FSC_L(NVARM_FSC_KIND_GPF_WALK, 0),
    [0x25] = FSC_L(NVARM_FSC_KIND_GPF_WALK, 1),
    [0x26] = FSC_L(NVARM_FSC_KIND_GPF_WALK, 2),
    [0x27] = FSC_L(NVARM_FSC_KIND_GPF_WALK, 3),
    [0x28] = FSC_N(NVARM_FSC_KIND_GPF),
    [0x29] = FSC_L(NVARM_FSC_KIND_ADDR_SIZE, -1),
    [0x2b] = FSC_L(NVARM_FSC_KIND_TRANSLATION, -1),
    [0x30] = FSC_N(NVARM_FSC_KIND_TLB_CONFLICT),
    [0x31] = FSC_N(NVARM_FSC_KIND_ATOMIC_UPDATE),
    [0x34] = FSC_N(NVARM_FSC_KIND_IMPDEF_LOCKDOWN),
    [0x35] = FSC_N(NVARM_FSC_KIND_IMPDEF_EXCLUSIVE),
};
NVARM_STATIC_ASSERT(NVARM_FSC_KIND__COUNT <= 32, "fsc_tab packs the kind in 5 bits");

int nvarm_fsc_decode(unsigned fsc, int *level)
{
	uint8_t e = fsc_tab[fsc & NVARM_ISS_FSC_MASK];

	if (level)
		*level = e >> 5 ? (int)(e >> 5) - 2 : NVARM_FSC_NO_LEVEL;
	return e & 31u;
}

static const char *const fsc_kind_names[NVARM_FSC_KIND__COUNT] = {
    [NVARM_FSC_KIND_RESERVED] = "reserved",
    [NVARM_FSC_KIND_ADDR_SIZE] = "address-size",
    [NVARM_FSC_KIND_TRANSLATION] = "translation",
    [NVARM_FSC_KIND_ACCESS] = "access-flag",
    [NVARM_FSC_KIND_PERMISSION] = "permission",
    [NVARM_FSC_KIND_SEA] = "external-abort",
    [NVARM_FSC_KIND_TAG_CHECK] = "tag-check",
    [NVARM_FSC_KIND_SEA_WALK] = "external-abort-on-walk",
    [NVARM_FSC_KIND_ECC] = "parity-ecc",
    [NVARM_FSC_KIND_ECC_WALK] = "parity-ecc-on-walk",
    [NVARM_FSC_KIND_ALIGNMENT] = "alignment",
    [NVARM_FSC_KIND_GPF_WALK] = "granule-protection-on-walk",
    [NVARM_FSC_KIND_GPF] = "granule-protection",
    [NVARM_FSC_KIND_TLB_CONFLICT] = "tlb-conflict",
    [NVARM_FSC_KIND_ATOMIC_UPDATE] = "unsupported-atomic-update",
    [NVARM_FSC_KIND_IMPDEF_LOCKDOWN] = "impdef-lockdown",
    [NVARM_FSC_KIND_IMPDEF_EXCLUSIVE] = "impdef-exclusive-atomic",
};

const char *nvarm_fsc_kind_name(unsigned kind)
{
	return kind < NVARM_FSC_KIND__COUNT ? fsc_kind_names[kind] : "?";
}

static const char *const cls_names[NVARM_TC__COUNT] = {
    [NVARM_TC_UNDEF] = "undef",
    [NVARM_TC_SYSREG] = "vel2-sysreg",
    [NVARM_TC_ID] = "id-reg",
    [NVARM_TC_GIC] = "gic",
    [NVARM_TC_TIMER] = "timer",
    [NVARM_TC_TLBI] = "tlbi",
    [NVARM_TC_AT] = "at",
    [NVARM_TC_CMO] = "cmo",
    [NVARM_TC_HW] = "hw-reg",
    [NVARM_TC_ERET] = "eret",
    [NVARM_TC_HVC] = "hvc",
    [NVARM_TC_SMC] = "smc",
    [NVARM_TC_WFX] = "wfx",
    [NVARM_TC_FP] = "fp-trap",
    [NVARM_TC_VNCR_ABT] = "vncr-abort",
    [NVARM_TC_ABORT] = "abort",
    [NVARM_TC_OTHER] = "other",
};

const char *nvarm_trap_class_name(unsigned cls)
{
	return cls < NVARM_TC__COUNT ? cls_names[cls] : "?";
}

const char *nvarm_ec_name(unsigned ec)
{
	return ec < 64 && ec_tab[ec].kind ? ec_names[ec] : "reserved";
}

/* Packed encoding (sysreg_enc.h layout) from an EC 0x18 ISS. */
static inline uint32_t iss_to_enc(uint32_t iss)
{
	return (((iss >> NVARM_ISS_SYS_OP0_SHIFT) & 3u) << 19) |
	       (((iss >> NVARM_ISS_SYS_OP1_SHIFT) & 7u) << 16) |
	       (((iss >> NVARM_ISS_SYS_CRN_SHIFT) & 0xfu) << 12) |
	       (((iss >> NVARM_ISS_SYS_CRM_SHIFT) & 0xfu) << 8) |
	       (((iss >> NVARM_ISS_SYS_OP2_SHIFT) & 7u) << 5);
}

/* Register id (NVARM__SYSREG_INDEX_NONE: none) through the generated direct index, keyed by
 * ISS bit fields: ISS[21:10] = op0:op2:op1:CRn, then CRm. */
static inline unsigned index_lookup_iss(uint32_t iss)
{
	return nvarm__sysreg_l2[nvarm__sysreg_l1[(iss >> 10) & 0xfffu]][(iss >> 1) & 0xfu];
}

static inline unsigned index_lookup(uint32_t enc)
{
	uint32_t iss = ((uint32_t)NVARM_SYSREG_OP0(enc) << NVARM_ISS_SYS_OP0_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_OP2(enc) << NVARM_ISS_SYS_OP2_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_OP1(enc) << NVARM_ISS_SYS_OP1_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_CRN(enc) << NVARM_ISS_SYS_CRN_SHIFT) |
		       ((uint32_t)NVARM_SYSREG_CRM(enc) << NVARM_ISS_SYS_CRM_SHIFT);

	return index_lookup_iss(iss);
}

unsigned nvarm_sysreg_lookup(uint32_t enc)
{
	unsigned v = index_lookup(enc & NVARM_SYSREG_ENC_MASK);

	return v == NVARM__SYSREG_INDEX_NONE ? NVARM_SR_NONE : v;
}

/* Class of a trapped access by [register id][is_read]; NVARM__SYSREG_INDEX_NONE (unknown: the
 * zero row after the list) and the wrong direction (MSR to a read-only register, SYSL of a
 * write-only instruction) are UNDEF. */
#define NVARM_X_(n, op0, op1, crn, crm, op2, vn, lk, ft, fl)                                       \
	[NVARM_SR_##n] = {((fl)&NVARM_SRF_RO) ? NVARM_TC_UNDEF : NVARM_CLS_OF(fl),                 \
			  ((fl)&NVARM_SRF_WO) ? NVARM_TC_UNDEF : NVARM_CLS_OF(fl)},
static const uint8_t sys_cls[NVARM__SYSREG_INDEX_NONE + 1][2] = {NVARM_SYSREG_LIST(NVARM_X_)};
#undef NVARM_X_

/* EC 0x18 with IL=1, ISS[24:22] (RES0) clear and ESR[63:32] clear; ISS[21:0] free. */
#define SYS_FREE  UINT64_C(0x3fffff)
#define SYS_FIXED (((uint64_t)NVARM_EC_SYS64 << NVARM_ESR_EC_SHIFT) | NVARM_ESR_IL)

/* Every exception class except the EC 0x18 fast path. Kept out of line so the fast path's
 * frame stays minimal. */
static __attribute__((__noinline__)) int decode_other(uint64_t esr, struct nvarm_trap *out)
{
	unsigned ec = (unsigned)(esr >> NVARM_ESR_EC_SHIFT) & NVARM_ESR_EC_MASK;
	uint32_t iss = (uint32_t)esr & NVARM_ESR_ISS_MASK;
	const struct ec_row *row = &ec_tab[ec];

	out->iss = iss;
	out->imm = 0;
	out->sub = 0;
	out->flags = 0;
	out->ec = (uint8_t)ec;
	out->il = (esr & NVARM_ESR_IL) ? 1 : 0;
	out->enc = 0;
	out->reg = NVARM_SR_NONE;
	out->rt = 0;
	out->is_read = 0;
	out->kind = row->kind;
	out->cls = row->cls;
	/* reserved EC, RES0 ISS/ISS2 bits, IL=0 for an AArch64-only class; a SYS64 that missed
	 * the fast path is malformed (its row allows nothing) */
	if (NVARM_UNLIKELY((esr & ~row->ok) || row->il > out->il))
		return NVARM_ERR_BAD_ENCODING;

	switch (row->kind) {
	case NVARM_TRAP_ERET:
		/* ISS[1:0]: 00 ERET, 10 ERETAA, 11 ERETAB; 01 is not allocated */
		if (iss == 1)
			return NVARM_ERR_BAD_ENCODING;
		out->sub = (uint8_t)(iss ? 1 + (iss & 1) : 0);
		return 0;
	case NVARM_TRAP_HVC:
	case NVARM_TRAP_SMC:
		out->imm = (uint16_t)iss;
		return 0;
	case NVARM_TRAP_WFX:
		out->sub = iss & 3u;
		/* RV: only WFIT/WFET carry a register. The Arm ARM sets RV to 1 on their traps
		 * but defines RV = 0 ("Register field invalid", RN not valid) too, and QEMU 10
		 * reports them so (RV = 0, RN = 0): accepted, with no register. */
		if (iss & NVARM_BIT(2)) {
			if (out->sub < 2)
				return NVARM_ERR_BAD_ENCODING;
			out->flags |= NVARM_TRAPF_RV;
			out->rt = (iss >> 5) & 31u;
		}
		return 0;
	case NVARM_TRAP_SME:
		out->sub = iss & 7u;
		return out->sub > 4 ? NVARM_ERR_BAD_ENCODING : 0;
	case NVARM_TRAP_DABT:
		if (iss & NVARM_ISS_DABT_ISV) {
			out->flags |= NVARM_TRAPF_ISV;
			out->rt = (iss >> NVARM_ISS_DABT_SRT_SHIFT) & 31u;
		}
		out->is_read = !(iss & NVARM_ISS_DABT_WNR);
		if (iss & NVARM_ISS_DABT_VNCR) {
			out->flags |= NVARM_TRAPF_VNCR;
			out->cls = NVARM_TC_VNCR_ABT;
		}
		/* common abort fields follow */
		__attribute__((__fallthrough__));
	case NVARM_TRAP_IABT:
		out->sub = iss & NVARM_ISS_FSC_MASK;
		if (iss & NVARM_ISS_DABT_FNV)
			out->flags |= NVARM_TRAPF_FNV;
		if (iss & NVARM_ISS_DABT_S1PTW)
			out->flags |= NVARM_TRAPF_S1PTW;
		return fsc_tab[out->sub] ? 0 : NVARM_ERR_BAD_ENCODING;
	default:
		return 0;
	}
}

int nvarm_trap_decode(uint64_t esr, struct nvarm_trap *out)
{
	uint32_t iss = (uint32_t)esr & NVARM_ESR_ISS_MASK;

	/* Fast path: the trap a guest hypervisor causes most (one compare validates EC, IL,
	 * ISS[24:22] RES0 and ESR[63:32]). The direct index is keyed by ISS fields. */
	if (NVARM_LIKELY((esr & ~SYS_FREE) == SYS_FIXED)) {
		unsigned v = index_lookup_iss(iss);
		unsigned rd = iss & NVARM_ISS_SYS_READ;

		out->iss = iss;
		out->imm = 0;
		out->ec = NVARM_EC_SYS64;
		out->kind = NVARM_TRAP_SYSREG;
		out->cls = sys_cls[v][rd];
		out->rt = (iss >> NVARM_ISS_SYS_RT_SHIFT) & 31u;
		out->is_read = (uint8_t)rd;
		out->sub = 0;
		out->il = 1;
		out->flags = 0;
		if (NVARM_LIKELY(v != NVARM__SYSREG_INDEX_NONE)) {
			out->reg = (uint16_t)v;
			out->enc = nvarm__sysreg_keys[v];
		} else {
			out->reg = NVARM_SR_NONE;
			out->enc = iss_to_enc(iss);
			if (rd && nvarm__id_space(out->enc))
				out->cls = NVARM_TC_ID; /* RAZ (nvarm_sysreg_emulate) */
		}
		return 0;
	}
	return decode_other(esr, out);
}

int nvarm_sysreg_plain_decode(struct nvarm_vel2 *v, uint64_t esr, struct nvarm_sysreg_plain *p)
{
	uint32_t iss = (uint32_t)esr & NVARM_ESR_ISS_MASK;
	unsigned id, pl, rd = iss & NVARM_ISS_SYS_READ;
	const struct nvarm_sysreg_desc *d;

	if (!v || !p)
		return NVARM_ERR_INVAL;
	/* nvarm_trap_decode()'s EC 0x18 fast path, the register a plain one (its class is then
	 * NVARM_TC_SYSREG, the direction allowed) of a feature the VM has (most have none to
	 * check: PLAIN_FEAT) */
	if ((esr & ~SYS_FREE) != SYS_FIXED)
		return NVARM_EMUL_NOT_MINE;
	id = index_lookup_iss(iss);
	if (id == NVARM__SYSREG_INDEX_NONE)
		return NVARM_EMUL_NOT_MINE;
	pl = nvarm__sysreg_plain[id];
	if (!(pl & (rd ? NVARM__PLAIN_R : NVARM__PLAIN_W)))
		return NVARM_EMUL_NOT_MINE;
	d = &nvarm__sysreg_tab[id];
	if ((pl & NVARM__PLAIN_FEAT) && (d->feat & v->cfg->features) != d->feat)
		return NVARM_EMUL_NOT_MINE;
	p->slot = d->vncr != NVARM_VNCR_NONE ? &v->vncr[d->vncr / 8] : (uint64_t *)&v->regs[id];
	p->reg = (uint16_t)id;
	p->rt = (uint8_t)((iss >> NVARM_ISS_SYS_RT_SHIFT) & 31u);
	p->is_read = (uint8_t)(rd != 0);
	return 0;
}
