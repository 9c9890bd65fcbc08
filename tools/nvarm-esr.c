// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm-esr: decode ESR_EL2 values (hex, on the command line) with the library's own decoder
 * and print one line each:
 *   0x62310423 EC=0x18 SYS64 MRS x1, HCR_EL2 S3_4_C1_C1_0 class=vel2-sysreg
 *   0x93c08046 EC=0x24 DABT_LOW write FSC=0x06 translation level=2 WnR=1
 *              ISV SAS=3(doubleword) SSE=0 SRT=0(x0) SF=1 AR=0 class=abort
 * Registers and system instructions are named from the register database (tools/sysreg.db),
 * also those the library does not decode (printed as the S<op0>_<op1>_C<n>_C<m>_<op2> form
 * only when the database does not know the encoding).
 * Exit status: 0 when every value decoded, 1 when one was malformed or rejected, 2 on usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/sysreg.h>

/* Encodings the library does not decode (the "other" lines of tools/sysreg.db): the generated
 * NVARM_SYSREG_OTHER_LIST names them, so the tool knows every register of the database. */
static const struct {
	uint32_t enc;
	const char *name;
} other_regs[] = {
#define OTHER(name, op0, op1, crn, crm, op2) {NVARM_SYSREG_ENC(op0, op1, crn, crm, op2), #name},
    NVARM_SYSREG_OTHER_LIST(OTHER)
#undef OTHER
};

static void reg_name(const struct nvarm_trap *t, char *buf, size_t len)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(t->reg);

	if (d) {
		snprintf(buf, len, "%s", d->name);
		return;
	}
	for (size_t i = 0; i < sizeof(other_regs) / sizeof(other_regs[0]); i++) {
		if (other_regs[i].enc == t->enc) {
			snprintf(buf, len, "%s", other_regs[i].name);
			return;
		}
	}
	snprintf(buf, len, "S%u_%u_C%u_C%u_%u", NVARM_SYSREG_OP0(t->enc), NVARM_SYSREG_OP1(t->enc),
		 NVARM_SYSREG_CRN(t->enc), NVARM_SYSREG_CRM(t->enc), NVARM_SYSREG_OP2(t->enc));
}

/* Append to buf (bounded). */
static void add(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/*
 * Data/instruction abort ISS (DDI 0487 D24.2): the fault status (kind and level), WnR, and for
 * a data abort with ISV the access an MMIO emulator replays: SAS (size), SSE (sign-extend),
 * SRT (register), SF (64-bit register), AR (acquire/release); then the flags S1PTW, FnV, EA,
 * CM and VNCR.
 */
static void describe_abort(const struct nvarm_trap *t, char *buf, size_t len)
{
	static const char *const sas[] = {"byte", "halfword", "word", "doubleword"};
	const int dabt = t->kind == NVARM_TRAP_DABT;
	int level, kind = nvarm_fsc_decode(t->sub, &level);

	buf[0] = 0;
	add(buf, len, "%s FSC=0x%02x %s", dabt ? (t->is_read ? "read" : "write") : "fetch", t->sub,
	    nvarm_fsc_kind_name((unsigned)kind));
	if (level != NVARM_FSC_NO_LEVEL)
		add(buf, len, " level=%d", level);
	if (dabt) {
		add(buf, len, " WnR=%u", (t->iss & NVARM_ISS_DABT_WNR) ? 1u : 0u);
		if (t->flags & NVARM_TRAPF_ISV) {
			unsigned size = (t->iss >> NVARM_ISS_DABT_SAS_SHIFT) & 3u;
			unsigned sf = (t->iss & NVARM_ISS_DABT_SF) ? 1u : 0u;
			char reg[8];

			if (t->rt == 31)
				snprintf(reg, sizeof(reg), "%s", sf ? "xzr" : "wzr");
			else
				snprintf(reg, sizeof(reg), "%c%u", sf ? 'x' : 'w', t->rt);
			add(buf, len, " ISV SAS=%u(%s) SSE=%u SRT=%u(%s) SF=%u AR=%u", size,
			    sas[size], (t->iss & NVARM_ISS_DABT_SSE) ? 1u : 0u, t->rt, reg, sf,
			    (t->iss & NVARM_ISS_DABT_AR) ? 1u : 0u);
		} else {
			add(buf, len, " ISV=0");
		}
	}
	if (t->flags & NVARM_TRAPF_S1PTW)
		add(buf, len, " S1PTW");
	if (t->flags & NVARM_TRAPF_FNV)
		add(buf, len, " FnV");
	if (t->iss & NVARM_ISS_DABT_EA)
		add(buf, len, " EA");
	if (dabt && (t->iss & NVARM_ISS_DABT_CM))
		add(buf, len, " CM");
	if (t->flags & NVARM_TRAPF_VNCR)
		add(buf, len, " VNCR");
}

static void describe(const struct nvarm_trap *t, char *buf, size_t len)
{
	static const char *const wfx[] = {"WFI", "WFE", "WFIT", "WFET"};
	static const char *const eret[] = {"ERET", "ERETAA", "ERETAB"};
	char name[48], xt[8];

	switch (t->kind) {
	case NVARM_TRAP_SYSREG:
		reg_name(t, name, sizeof(name));
		if (t->rt == 31)
			snprintf(xt, sizeof(xt), "xzr");
		else
			snprintf(xt, sizeof(xt), "x%u", t->rt);
		if (NVARM_SYSREG_OP0(t->enc) == 1) /* SYS / SYSL: TLBI, AT, DC, IC */
			snprintf(buf, len, "%s %s%s%s", t->is_read ? "SYSL" : "SYS", name, ", ",
				 xt);
		else if (t->is_read)
			snprintf(buf, len, "MRS %s, %s", xt, name);
		else
			snprintf(buf, len, "MSR %s, %s", name, xt);
		snprintf(buf + strlen(buf), len - strlen(buf), " S%u_%u_C%u_C%u_%u",
			 NVARM_SYSREG_OP0(t->enc), NVARM_SYSREG_OP1(t->enc),
			 NVARM_SYSREG_CRN(t->enc), NVARM_SYSREG_CRM(t->enc),
			 NVARM_SYSREG_OP2(t->enc));
		break;
	case NVARM_TRAP_ERET:
		snprintf(buf, len, "%s", eret[t->sub]);
		break;
	case NVARM_TRAP_HVC:
	case NVARM_TRAP_SMC:
		snprintf(buf, len, "%s #0x%x", t->kind == NVARM_TRAP_HVC ? "HVC" : "SMC", t->imm);
		break;
	case NVARM_TRAP_WFX:
		if (t->flags & NVARM_TRAPF_RV)
			snprintf(buf, len, "%s x%u", wfx[t->sub & 3], t->rt);
		else
			snprintf(buf, len, "%s", wfx[t->sub & 3]);
		break;
	case NVARM_TRAP_DABT:
	case NVARM_TRAP_IABT:
		describe_abort(t, buf, len);
		break;
	default:
		snprintf(buf, len, "ISS=0x%07x", t->iss);
		break;
	}
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ESR_EL2-hex...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		struct nvarm_trap t;
		char what[192];
		uint64_t esr;
		int r;

		errno = 0;
		esr = strtoull(argv[i], &end, 16);
		if (errno || end == argv[i] || *end) {
			printf("%s: not a hex number\n", argv[i]);
			status = 1;
			continue;
		}
		r = nvarm_trap_decode(esr, &t);
		if (r < 0) {
			printf("0x%08" PRIx64 " EC=0x%02x %s invalid: %s\n", esr, t.ec,
			       nvarm_ec_name(t.ec), nvarm_strerror(r));
			status = 1;
			continue;
		}
		describe(&t, what, sizeof(what));
		printf("0x%08" PRIx64 " EC=0x%02x %s %s class=%s\n", esr, t.ec, nvarm_ec_name(t.ec),
		       what, nvarm_trap_class_name(t.cls));
	}
	return status;
}
