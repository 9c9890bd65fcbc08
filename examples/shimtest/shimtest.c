// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// In-QEMU test of the bare-metal shim (include/nvarm/platform_baremetal.h), at EL2.
//
// Walks every line of the shim's register table (src/platform/baremetal/sysreg_list.h)
// and checks what happens on this CPU: registers that exist read (and write back) without
// an exception, registers the CPU lacks (per the ID registers and ICH_VTR_EL2, read here
// directly) return NVARM_ERR_UNSUPPORTED instead of taking an UNDEF, wrong directions
// return NVARM_ERR_INVAL, unknown encodings NVARM_ERR_NOENT (and, through the ops, are
// counted and logged). Values written through the shim are read back with direct MRS.
// TLBI calls restore VTTBR_EL2. Any exception is a failure. The ctest
// qemu_baremetal_shim checks the verdict line.
#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/platform_baremetal.h>

#include "arm.h"
#include "console.h"
#include "platform/baremetal/sysreg_list.h"

#define PL011 0x09000000u /* test program: the QEMU virt PL011 */

void example_main(uint64_t x0);
void example_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);

static unsigned checks, failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		checks++;                                                                          \
		if (!(cond)) {                                                                     \
			failures++;                                                                \
			con_printf("shimtest: FAILED %s:%d: ", __func__, __LINE__);                \
			con_printf(__VA_ARGS__);                                                   \
			con_putc('\n');                                                            \
		}                                                                                  \
	} while (0)

static void power_off(void)
{
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void example_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far)
{
	con_printf("shimtest: unexpected exception vector=%lu ESR_EL2=0x%lx ELR=0x%lx FAR=0x%lx\n",
		   idx, esr, elr, far);
	con_puts("shimtest: verdict: FAIL\n");
	power_off();
}

enum acc { A_RW, A_RO, A_WO, A_RS };
struct line {
	const char *name;
	uint32_t enc;
	enum acc acc;
	int guard;
	unsigned arg;
};
#define L(acc, name, o0, o1, n, m, o2, g, a)                                                       \
	{#name, NVARM_SYSREG_ENC(o0, o1, n, m, o2), acc, NVARM_BM_GUARD_##g, a},
#define L_RW(...) L(A_RW, __VA_ARGS__)
#define L_RO(...) L(A_RO, __VA_ARGS__)
#define L_WO(...) L(A_WO, __VA_ARGS__)
#define L_RS(...) L(A_RS, __VA_ARGS__)
static const struct line lines[] = {NVARM_BM_SYSREGS(L_RW, L_RO, L_WO, L_RS)};

/* The test's own, independent reading of whether a register exists. */
static int exists(const struct line *l)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1), mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t mmfr2 = read_sysreg(id_aa64mmfr2_el1), vtr = read_sysreg(S3_4_C12_C11_1);
	unsigned pre = (unsigned)FIELD(vtr, 28, 26) + 1;

	switch (l->guard) {
	case NVARM_BM_GUARD_VH:
		return FIELD(mmfr1, 11, 8) != 0;
	case NVARM_BM_GUARD_HCX:
		return FIELD(mmfr1, 43, 40) != 0;
	case NVARM_BM_GUARD_NV2:
		return FIELD(mmfr2, 27, 24) >= 2;
	case NVARM_BM_GUARD_FGT:
		return FIELD(mmfr0, 59, 56) != 0;
	case NVARM_BM_GUARD_ECV:
		return FIELD(mmfr0, 63, 60) >= 2;
	case NVARM_BM_GUARD_LR:
		return l->arg <= FIELD(vtr, 4, 0);
	case NVARM_BM_GUARD_APR:
		return l->arg < (pre == 7 ? 4u : pre == 6 ? 2u : 1u);
	default:
		return 1;
	}
}

static void test_every_line(void)
{
	unsigned ok = 0, unsupported = 0;
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const struct line *l = &lines[i];
		uint64_t v = 0x5a5a;
		int e;
		if (l->acc == A_RS)
			continue; /* reading acknowledges an interrupt */
		e = nvarm_bm_sysreg_read(l->enc, &v);
		if (l->acc == A_WO) {
			CHECK(e == NVARM_ERR_INVAL && v == 0, "%s: read of WO gave %d", l->name, e);
			continue;
		}
		if (!exists(l)) {
			CHECK(e == NVARM_ERR_UNSUPPORTED, "%s: absent register read gave %d",
			      l->name, e);
			CHECK(nvarm_bm_sysreg_write(l->enc, 0) == NVARM_ERR_UNSUPPORTED ||
				  l->acc == A_RO,
			      "%s: absent register write", l->name);
			unsupported++;
			continue;
		}
		CHECK(e == 0, "%s: read gave %d", l->name, e);
		if (l->acc == A_RW)
			CHECK(nvarm_bm_sysreg_write(l->enc, v) == 0, "%s: write-back failed",
			      l->name);
		else
			CHECK(nvarm_bm_sysreg_write(l->enc, v) == NVARM_ERR_INVAL,
			      "%s: write to RO not refused", l->name);
		const char *nm = nvarm_bm_sysreg_name(l->enc);
		CHECK(nm && nm == nvarm_bm_sysreg_name(l->enc), "%s: no name", l->name);
		ok++;
	}
	con_printf("shimtest: table: %u registers accessed, %u absent on this CPU (refused)\n", ok,
		   unsupported);
	CHECK(ok > 80, "only %u registers accessible", ok);
}

static void test_round_trips(void)
{
	uint64_t v;
	uint64_t old_tpidr = read_sysreg(tpidr_el2);

	CHECK(nvarm_bm_sysreg_write(NVARM_SYSREG_ENC(3, 4, 13, 0, 2), 0x1122334455667788) == 0,
	      "TPIDR_EL2 write");
	CHECK(read_sysreg(tpidr_el2) == 0x1122334455667788, "TPIDR_EL2 by MRS: 0x%lx",
	      read_sysreg(tpidr_el2));
	write_sysreg(tpidr_el2, 0xcafef00d);
	CHECK(nvarm_bm_sysreg_read(NVARM_SYSREG_ENC(3, 4, 13, 0, 2), &v) == 0 && v == 0xcafef00d,
	      "TPIDR_EL2 via shim: 0x%lx", v);
	write_sysreg(tpidr_el2, old_tpidr);

	/* ICH_LR0_EL2: State=pending (bits 63:62 = 01), Group1, vINTID 27 (a PPI). */
	uint64_t lr = (1ull << 62) | (1ull << 60) | 27;
	CHECK(nvarm_bm_sysreg_write(NVARM_SYSREG_ENC(3, 4, 12, 12, 0), lr) == 0, "ICH_LR0 write");
	CHECK(read_sysreg(S3_4_C12_C12_0) == lr, "ICH_LR0 by MRS: 0x%lx",
	      read_sysreg(S3_4_C12_C12_0));
	write_sysreg(S3_4_C12_C12_0, 0);

	/* CNTVOFF_EL2 by the shim, seen by MRS. */
	uint64_t off = read_sysreg(cntvoff_el2);
	CHECK(nvarm_bm_sysreg_write(NVARM_SYSREG_ENC(3, 4, 14, 0, 3), 0x1000) == 0, "CNTVOFF");
	CHECK(read_sysreg(cntvoff_el2) == 0x1000, "CNTVOFF by MRS");
	write_sysreg(cntvoff_el2, off);
}

static unsigned logs;
static char last_log[96];

static void hook_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	unsigned n = 0;
	(void)ctx;
	(void)level;
	logs++;
	while (msg[n] && n < sizeof(last_log) - 1) {
		last_log[n] = msg[n];
		n++;
	}
	last_log[n] = 0;
}

static int contains(const char *s, const char *sub)
{
	for (; *s; s++) {
		const char *a = s, *b = sub;
		while (*a && *b && *a == *b) {
			a++;
			b++;
		}
		if (!*b)
			return 1;
	}
	return 0;
}

static void test_errors_and_ops(void)
{
	struct nvarm_bm_platform bm;
	struct nvarm_platform_ops ops;
	struct nvarm_bm_hooks hooks = {.log = hook_log};
	uint64_t v = 1;
	uint32_t bogus = NVARM_SYSREG_ENC(3, 4, 15, 15, 7);

	CHECK(nvarm_bm_sysreg_read(bogus, &v) == NVARM_ERR_NOENT && v == 0, "unknown read");
	CHECK(nvarm_bm_sysreg_write(bogus, 1) == NVARM_ERR_NOENT, "unknown write");
	CHECK(nvarm_bm_sysreg_read(0xffffffffu, &v) == NVARM_ERR_NOENT, "bits outside mask");
	CHECK(nvarm_bm_sysreg_read(NVARM_SYSREG_ENC(3, 4, 1, 1, 0), (uint64_t *)0) ==
		  NVARM_ERR_INVAL,
	      "NULL out");
	CHECK(nvarm_bm_sysreg_name(bogus) == (const char *)0, "name of unknown");
	CHECK(nvarm_bm_platform_init((struct nvarm_bm_platform *)0, &hooks, &ops) ==
		  NVARM_ERR_INVAL,
	      "init NULL");

	CHECK(nvarm_bm_platform_init(&bm, &hooks, &ops) == 0, "init");
	CHECK(ops.ctx == &bm && ops.hw_read && ops.hw_write && ops.tlbi && ops.pa_to_va &&
		  ops.log && !ops.read_l1 && !ops.host_s2_lookup && !ops.lock,
	      "ops filled as documented");
	CHECK(ops.hw_read(ops.ctx, bogus) == 0, "ops read of unknown returns 0");
	CHECK(bm.sysreg_errors == 1 && bm.last_err == NVARM_ERR_NOENT && bm.last_err_enc == bogus,
	      "error recorded (%u, %d)", bm.sysreg_errors, bm.last_err);
	CHECK(logs == 1 && contains(last_log, "hw_read S3_4_C15_C15_7"), "logged: %s", last_log);
	ops.hw_write(ops.ctx, NVARM_SYSREG_ENC(3, 4, 12, 11, 1), 0); /* ICH_VTR_EL2 is RO */
	CHECK(bm.sysreg_errors == 2 && bm.last_err == NVARM_ERR_INVAL, "RO write refused");
	CHECK(logs == 2 && contains(last_log, "hw_write S3_4_C12_C11_1"), "logged: %s", last_log);
	CHECK(ops.hw_read(ops.ctx, NVARM_SYSREG_ENC(3, 0, 0, 7, 2)) ==
		  read_sysreg(id_aa64mmfr2_el1),
	      "ops read of ID_AA64MMFR2_EL1");
	CHECK(ops.pa_to_va(ops.ctx, nvarm_pa(0x40001000)) == (void *)0x40001000, "pa_to_va");

	/* TLBI: VTTBR_EL2 is switched to the VMID for the invalidation and restored. */
	uint64_t vttbr = read_sysreg(vttbr_el2);
	uint64_t mine = (5ull << 48) | 0x40100000;
	write_sysreg(vttbr_el2, mine);
	isb();
	ops.tlbi(ops.ctx, NVARM_TLBI_S2_IPA, 7, nvarm_ipa2(0x80042000), 3);
	CHECK(read_sysreg(vttbr_el2) == mine, "VTTBR restored after IPA tlbi");
	ops.tlbi(ops.ctx, NVARM_TLBI_S2_VMALL, 5, nvarm_ipa2(0), -1);
	CHECK(read_sysreg(vttbr_el2) == mine, "VTTBR kept for own VMID");
	ops.tlbi(ops.ctx, NVARM_TLBI_S2_VMALL, 0x1ff, nvarm_ipa2(0), -1);
	CHECK(read_sysreg(vttbr_el2) == mine, "VTTBR kept for a 16-bit VMID with VS=0");
	CHECK(bm.tlbi_count == 3, "tlbi counted");
	write_sysreg(vttbr_el2, vttbr);
	isb();
}

void example_main(uint64_t x0)
{
	(void)x0;
	con_init(PL011);
	con_printf("shimtest: at EL%lu, ICH_VTR_EL2=0x%lx\n", FIELD(read_sysreg(CurrentEL), 3, 2),
		   read_sysreg(S3_4_C12_C11_1));
	test_every_line();
	test_round_trips();
	test_errors_and_ops();
	con_printf("shimtest: %u checks, %u failed\n", checks, failures);
	con_printf("shimtest: verdict: %s\n", failures ? "FAIL" : "PASS");
	power_off();
}
