// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * nvarm-esr: decode ESR_EL2 values (hex, on the command line) with the library's own decoder
 * and print one line each:
 *   0x62310423 EC=0x18 SYS64 MRS x1, HCR_EL2 S3_4_C1_C1_0 class=vel2-sysreg
 * Exit status: 0 when every value decoded, 1 when one was malformed or rejected, 2 on usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/sysreg.h>

static void reg_name(const struct nvarm_trap *t, char *buf, size_t len)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(t->reg);

	if (d)
		snprintf(buf, len, "%s", d->name);
	else
		snprintf(buf, len, "S%u_%u_C%u_C%u_%u", NVARM_SYSREG_OP0(t->enc),
			 NVARM_SYSREG_OP1(t->enc), NVARM_SYSREG_CRN(t->enc),
			 NVARM_SYSREG_CRM(t->enc), NVARM_SYSREG_OP2(t->enc));
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
		snprintf(buf, len, "%s FSC=0x%02x%s%s",
			 t->kind == NVARM_TRAP_DABT ? (t->is_read ? "read" : "write") : "fetch",
			 t->sub, (t->flags & NVARM_TRAPF_VNCR) ? " VNCR" : "",
			 (t->flags & NVARM_TRAPF_S1PTW) ? " S1PTW" : "");
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
		char what[128];
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
