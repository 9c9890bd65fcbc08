// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Bare-metal AArch64 EL2 shim (include/nvarm/platform_baremetal.h).
//
// Design note
// - Owns: the hardware side of struct nvarm_platform_ops on a CPU at EL2: system
//   register access by packed encoding, stage-2 TLB maintenance, identity PA->VA.
// - Registers are data: sysreg_list.h lists them (one line each, ascending encoding);
//   the X-macros below turn each line into a tiny MRS and/or MSR stub, one row of a
//   table and one case of the switch that finds the row by encoding. An encoding
//   outside the table, a wrong direction (write to a read-only register) or a register
//   the CPU lacks (checked against the ID registers / ICH_VTR_EL2 before the access,
//   because an absent register is UNDEFINED at EL2) never reaches an instruction: it
//   returns an error.
// - No state but the caller's struct nvarm_bm_platform; no locking needed (the stubs
//   touch only the executing CPU's registers; TLBI broadcast is inner shareable).
#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/platform_baremetal.h>

#include "sysreg_list.h"

#define BM_STR_(x) #x
#define BM_STR(x)  BM_STR_(x)
/* The generic S<op0>_<op1>_C<n>_C<m>_<op2> name: the assembler needs no register names. */
#define BM_SREG(o0, o1, n, m, o2)                                                                  \
	"S" BM_STR(o0) "_" BM_STR(o1) "_C" BM_STR(n) "_C" BM_STR(m) "_" BM_STR(o2)

enum bm_access { BM_RW, BM_RO, BM_WO, BM_RS };

struct bm_reg {
	uint32_t enc;
	uint8_t access; /* enum bm_access */
	uint8_t guard;	/* enum nvarm_bm_guard */
	uint8_t arg;
	const char *name;
	uint64_t (*rd)(void);
	void (*wr)(uint64_t);
};

/* ---- stubs: one MRS and/or MSR function per table line ---- */
#define BM_RD_STUB(name, o0, o1, n, m, o2)                                                         \
	static uint64_t bm_rd_##name(void)                                                         \
	{                                                                                          \
		uint64_t v;                                                                        \
		__asm__ volatile("mrs %0, " BM_SREG(o0, o1, n, m, o2) : "=r"(v));                  \
		return v;                                                                          \
	}
#define BM_WR_STUB(name, o0, o1, n, m, o2)                                                         \
	static void bm_wr_##name(uint64_t v)                                                       \
	{                                                                                          \
		__asm__ volatile("msr " BM_SREG(o0, o1, n, m, o2) ", %0" ::"r"(v) : "memory");     \
	}
#define STUB_RW(name, o0, o1, n, m, o2, g, a)                                                      \
	BM_RD_STUB(name, o0, o1, n, m, o2) BM_WR_STUB(name, o0, o1, n, m, o2)
#define STUB_RO(name, o0, o1, n, m, o2, g, a) BM_RD_STUB(name, o0, o1, n, m, o2)
#define STUB_WO(name, o0, o1, n, m, o2, g, a) BM_WR_STUB(name, o0, o1, n, m, o2)
NVARM_BM_SYSREGS(STUB_RW, STUB_RO, STUB_WO, STUB_RO)

/* ---- the table ---- */
#define ROW(name, o0, o1, n, m, o2, g, a, acc, rd, wr)                                             \
	{NVARM_SYSREG_ENC(o0, o1, n, m, o2), acc, NVARM_BM_GUARD_##g, a, #name, rd, wr},
#define ROW_RW(name, o0, o1, n, m, o2, g, a)                                                       \
	ROW(name, o0, o1, n, m, o2, g, a, BM_RW, bm_rd_##name, bm_wr_##name)
#define ROW_RO(name, o0, o1, n, m, o2, g, a)                                                       \
	ROW(name, o0, o1, n, m, o2, g, a, BM_RO, bm_rd_##name, (void (*)(uint64_t))0)
#define ROW_WO(name, o0, o1, n, m, o2, g, a)                                                       \
	ROW(name, o0, o1, n, m, o2, g, a, BM_WO, (uint64_t(*)(void))0, bm_wr_##name)
#define ROW_RS(name, o0, o1, n, m, o2, g, a)                                                       \
	ROW(name, o0, o1, n, m, o2, g, a, BM_RS, bm_rd_##name, (void (*)(uint64_t))0)

static const struct bm_reg bm_regs[] = {NVARM_BM_SYSREGS(ROW_RW, ROW_RO, ROW_WO, ROW_RS)};

/* Each register's row in bm_regs[], by name (the same list in the same order). */
enum bm_idx {
#define IDX_(name, o0, o1, n, m, o2, g, a) BM_IDX_##name,
	NVARM_BM_SYSREGS(IDX_, IDX_, IDX_, IDX_)
#undef IDX_
	    BM_IDX__COUNT
};
NVARM_STATIC_ASSERT(BM_IDX__COUNT == NVARM_ARRAY_SIZE(bm_regs), "one row per list line");

/*
 * The row of an encoding: a switch made from the same list (one case per line; a duplicate
 * encoding does not compile), which the compiler turns into a branch tree with no memory
 * accesses, a few compares deep: every access of the world switch (list registers, timers,
 * SP_EL1) comes through here.
 */
static const struct bm_reg *bm_find(uint32_t enc)
{
	switch (enc) {
#define CASE_(name, o0, o1, n, m, o2, g, a)                                                        \
	case NVARM_SYSREG_ENC(o0, o1, n, m, o2):                                                   \
		return &bm_regs[BM_IDX_##name];
		NVARM_BM_SYSREGS(CASE_, CASE_, CASE_, CASE_)
#undef CASE_
	default:
		return (const struct bm_reg *)0;
	}
}

/* Does this CPU implement the register? (Reads ID registers: never UNDEFINED at EL2.) */
static bool bm_guard_ok(const struct bm_reg *r)
{
	uint64_t vtr, prebits;

	switch (r->guard) {
	case NVARM_BM_GUARD_ALWAYS:
		return true;
	case NVARM_BM_GUARD_VH:
		return NVARM_FIELD_GET(bm_rd_ID_AA64MMFR1_EL1(), 11, 8) >= 1;
	case NVARM_BM_GUARD_HCX:
		return NVARM_FIELD_GET(bm_rd_ID_AA64MMFR1_EL1(), 43, 40) >= 1;
	case NVARM_BM_GUARD_NV2:
		return NVARM_FIELD_GET(bm_rd_ID_AA64MMFR2_EL1(), 27, 24) >= 2;
	case NVARM_BM_GUARD_FGT:
		return NVARM_FIELD_GET(bm_rd_ID_AA64MMFR0_EL1(), 59, 56) >= 1;
	case NVARM_BM_GUARD_ECV:
		return NVARM_FIELD_GET(bm_rd_ID_AA64MMFR0_EL1(), 63, 60) >= 2;
	case NVARM_BM_GUARD_LR:
		return r->arg <= NVARM_FIELD_GET(bm_rd_ICH_VTR_EL2(), 4, 0);
	case NVARM_BM_GUARD_APR:
		/* ICH_VTR_EL2.PREbits [28:26] is the number of preemption bits minus 1:
		 * 5 bits -> AP{0,1}R0 only, 6 -> R0..R1, 7 -> R0..R3. */
		vtr = bm_rd_ICH_VTR_EL2();
		prebits = NVARM_FIELD_GET(vtr, 28, 26) + 1;
		return r->arg == 0 || (r->arg == 1 && prebits >= 6) || prebits >= 7;
	default:
		return false;
	}
}

int nvarm_bm_sysreg_read(uint32_t enc, uint64_t *val)
{
	const struct bm_reg *r = bm_find(enc);

	if (!val)
		return NVARM_ERR_INVAL;
	*val = 0;
	if (!r)
		return NVARM_ERR_NOENT;
	if (!r->rd)
		return NVARM_ERR_INVAL;
	if (!bm_guard_ok(r))
		return NVARM_ERR_UNSUPPORTED;
	*val = r->rd();
	return NVARM_OK;
}

int nvarm_bm_sysreg_write(uint32_t enc, uint64_t val)
{
	const struct bm_reg *r = bm_find(enc);

	if (!r)
		return NVARM_ERR_NOENT;
	if (!r->wr)
		return NVARM_ERR_INVAL;
	if (!bm_guard_ok(r))
		return NVARM_ERR_UNSUPPORTED;
	r->wr(val);
	return NVARM_OK;
}

const char *nvarm_bm_sysreg_name(uint32_t enc)
{
	const struct bm_reg *r = bm_find(enc);
	return r ? r->name : (const char *)0;
}

/* ---- TLB maintenance ---- */
#define VTTBR_VMID_SHIFT 48
#define VTCR_VS		 NVARM_BIT(19) /* 16-bit VMIDs in use */

void nvarm_bm_tlbi(enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa, int level)
{
	uint64_t vttbr = bm_rd_VTTBR_EL2();
	uint64_t want =
	    (vttbr & ~NVARM_GENMASK(63, VTTBR_VMID_SHIFT)) | ((uint64_t)vmid << VTTBR_VMID_SHIFT);

	(void)level;
	if (vmid > 0xff && !(bm_rd_VTCR_EL2() & VTCR_VS)) {
		/* The VMID cannot be selected: invalidate every VMID's EL1&0 entries. */
		__asm__ volatile("dsb ishst\n\ttlbi alle1is\n\tdsb ish\n\tisb" ::: "memory");
		return;
	}
	if (want != vttbr) {
		bm_wr_VTTBR_EL2(want);
		__asm__ volatile("isb" ::: "memory");
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	if (kind == NVARM_TLBI_S2_IPA) {
		/* TLBI IPAS2E1IS takes IPA[51:12] in bits [39:0]. It leaves combined
		 * stage-1+2 entries alone, so follow it with TLBI VMALLE1IS after the DSB
		 * (Arm ARM D8.17, "TLB maintenance of stage 2 translations"). */
		uint64_t arg = (ipa.v >> 12) & NVARM_GENMASK(39, 0);
		__asm__ volatile("tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is" ::"r"(arg)
				 : "memory");
	} else {
		/* NVARM_TLBI_S2_VMALL, and the safe superset for any unknown kind. */
		__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	}
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
	if (want != vttbr) {
		bm_wr_VTTBR_EL2(vttbr);
		__asm__ volatile("isb" ::: "memory");
	}
}

/* ---- the ops ---- */

static size_t bm_append(char *msg, size_t n, size_t cap, const char *s)
{
	while (*s && n + 1 < cap)
		msg[n++] = *s++;
	return n;
}

/* Record a failed access; log "nvarm-bm: <what> S<op0>_<op1>_C<n>_C<m>_<op2>: <error>". */
static void bm_report(struct nvarm_bm_platform *bm, const char *what, uint32_t enc, int err)
{
	static const char *const seps[5] = {"_", "_C", "_C", "_", ": "};
	char msg[96], num[3];
	size_t n = 0;
	uint32_t fields[5];

	bm->last_err = err;
	bm->last_err_enc = enc;
	bm->sysreg_errors++;
	if (!bm->hooks.log)
		return;
	fields[0] = NVARM_SYSREG_OP0(enc);
	fields[1] = NVARM_SYSREG_OP1(enc);
	fields[2] = NVARM_SYSREG_CRN(enc);
	fields[3] = NVARM_SYSREG_CRM(enc);
	fields[4] = NVARM_SYSREG_OP2(enc);
	n = bm_append(msg, n, sizeof(msg), "nvarm-bm: ");
	n = bm_append(msg, n, sizeof(msg), what);
	n = bm_append(msg, n, sizeof(msg), " S");
	for (size_t i = 0; i < 5; i++) {
		size_t k = 0;
		if (fields[i] >= 10)
			num[k++] = (char)('0' + fields[i] / 10);
		num[k++] = (char)('0' + fields[i] % 10);
		num[k] = '\0';
		n = bm_append(msg, n, sizeof(msg), num);
		n = bm_append(msg, n, sizeof(msg), seps[i]);
	}
	n = bm_append(msg, n, sizeof(msg), nvarm_strerror(err));
	msg[n] = '\0';
	bm->hooks.log(bm->hooks.ctx, NVARM_LOG_ERROR, msg);
}

static uint64_t bm_ops_hw_read(void *ctx, uint32_t enc)
{
	uint64_t v;
	int err = nvarm_bm_sysreg_read(enc, &v);
	if (err)
		bm_report(ctx, "hw_read", enc, err);
	return v;
}

static void bm_ops_hw_write(void *ctx, uint32_t enc, uint64_t val)
{
	int err = nvarm_bm_sysreg_write(enc, val);
	if (err)
		bm_report(ctx, "hw_write", enc, err);
}

static void bm_ops_tlbi(void *ctx, enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa,
			int level)
{
	struct nvarm_bm_platform *bm = ctx;
	bm->tlbi_count++;
	nvarm_bm_tlbi(kind, vmid, ipa, level);
}

static void *bm_ops_pa_to_va(void *ctx, nvarm_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa.v;
}

/* Forwarders: the ops' context is the shim; the embedder's hooks get their own. */
static void bm_ops_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	struct nvarm_bm_platform *bm = ctx;
	bm->hooks.log(bm->hooks.ctx, level, msg);
}

static void bm_ops_lock(void *ctx)
{
	struct nvarm_bm_platform *bm = ctx;
	bm->hooks.lock(bm->hooks.ctx);
}

static void bm_ops_unlock(void *ctx)
{
	struct nvarm_bm_platform *bm = ctx;
	bm->hooks.unlock(bm->hooks.ctx);
}

static int bm_ops_read_l1(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	struct nvarm_bm_platform *bm = ctx;
	return bm->hooks.read_l1(bm->hooks.ctx, ipa, buf, len);
}

static int bm_ops_cmpxchg_l1(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			     uint64_t *cur)
{
	struct nvarm_bm_platform *bm = ctx;
	return bm->hooks.cmpxchg_l1(bm->hooks.ctx, ipa, old, new_val, cur);
}

static int bm_ops_host_s2_lookup(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	struct nvarm_bm_platform *bm = ctx;
	return bm->hooks.host_s2_lookup(bm->hooks.ctx, ipa, out);
}

static int bm_ops_l1_intid_to_hw(void *ctx, uint32_t l1_intid, uint32_t *hw_intid)
{
	struct nvarm_bm_platform *bm = ctx;
	return bm->hooks.l1_intid_to_hw(bm->hooks.ctx, l1_intid, hw_intid);
}

int nvarm_bm_platform_init(struct nvarm_bm_platform *bm, const struct nvarm_bm_hooks *hooks,
			   struct nvarm_platform_ops *ops)
{
	if (!bm || !ops)
		return NVARM_ERR_INVAL;
	nvarm_memset(bm, 0, sizeof(*bm));
	if (hooks)
		nvarm_memcpy(&bm->hooks, hooks, sizeof(*hooks));
	nvarm_memset(ops, 0, sizeof(*ops));
	ops->ctx = bm;
	ops->hw_read = bm_ops_hw_read;
	ops->hw_write = bm_ops_hw_write;
	ops->tlbi = bm_ops_tlbi;
	ops->pa_to_va = bm_ops_pa_to_va;
	if (bm->hooks.log)
		ops->log = bm_ops_log;
	if (bm->hooks.lock && bm->hooks.unlock) {
		ops->lock = bm_ops_lock;
		ops->unlock = bm_ops_unlock;
	}
	if (bm->hooks.read_l1)
		ops->read_l1 = bm_ops_read_l1;
	if (bm->hooks.cmpxchg_l1)
		ops->cmpxchg_l1 = bm_ops_cmpxchg_l1;
	if (bm->hooks.host_s2_lookup)
		ops->host_s2_lookup = bm_ops_host_s2_lookup;
	if (bm->hooks.l1_intid_to_hw)
		ops->l1_intid_to_hw = bm_ops_l1_intid_to_hw;
	return NVARM_OK;
}
