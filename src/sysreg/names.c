// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Names of the sysreg and trap-forwarding result enums (nvarm/sysreg.h, nvarm/forward.h). */
#include <nvarm/forward.h>
#include <nvarm/sysreg.h>

const char *nvarm_trap_kind_name(unsigned v)
{
	switch ((enum nvarm_trap_kind)v) {
	case NVARM_TRAP_SYSREG:
		return "sysreg";
	case NVARM_TRAP_ERET:
		return "eret";
	case NVARM_TRAP_HVC:
		return "hvc";
	case NVARM_TRAP_SMC:
		return "smc";
	case NVARM_TRAP_WFX:
		return "wfx";
	case NVARM_TRAP_FPSIMD:
		return "fpsimd";
	case NVARM_TRAP_SVE:
		return "sve";
	case NVARM_TRAP_SME:
		return "sme";
	case NVARM_TRAP_DABT:
		return "data-abort";
	case NVARM_TRAP_IABT:
		return "instruction-abort";
	case NVARM_TRAP_OTHER:
		return "other";
	}
	return "?";
}

const char *nvarm_emul_name(unsigned v)
{
	switch ((enum nvarm_emul)v) {
	case NVARM_EMUL_OK:
		return "ok";
	case NVARM_EMUL_RELOAD:
		return "reload";
	case NVARM_EMUL_NOT_MINE:
		return "not-mine";
	case NVARM_EMUL_UNDEF:
		return "undef";
	case NVARM_EMUL_TO_L1:
		return "to-l1";
	case NVARM_EMUL_EXC:
		return "exc";
	}
	return "?";
}

const char *nvarm_exc_kind_name(unsigned v)
{
	switch ((enum nvarm_exc_kind)v) {
	case NVARM_EXC_SYNC:
		return "sync";
	case NVARM_EXC_IRQ:
		return "irq";
	case NVARM_EXC_FIQ:
		return "fiq";
	case NVARM_EXC_SERROR:
		return "serror";
	}
	return "?";
}

const char *nvarm_eret_target_name(unsigned v)
{
	switch ((enum nvarm_eret_target)v) {
	case NVARM_ERET_EL0:
		return "el0";
	case NVARM_ERET_EL1:
		return "el1";
	case NVARM_ERET_EL2:
		return "el2";
	case NVARM_ERET_HOST_EL0:
		return "host-el0";
	}
	return "?";
}

const char *nvarm_fwd_action_name(unsigned v)
{
	switch ((enum nvarm_fwd_action)v) {
	case NVARM_FWD_HANDLE_IN_L0:
		return "handle-in-l0";
	case NVARM_FWD_FORWARD:
		return "forward";
	case NVARM_FWD_UNDEF:
		return "undef";
	}
	return "?";
}

const char *nvarm_fwd_check_kind_name(unsigned v)
{
	switch ((enum nvarm_fwd_check_kind)v) {
	case NVARM_FWD_CHECK_OK:
		return "ok";
	case NVARM_FWD_CHECK_UNSORTED:
		return "unsorted";
	case NVARM_FWD_CHECK_OVERLAP:
		return "overlap";
	case NVARM_FWD_CHECK_BAD_RANGE:
		return "bad-range";
	case NVARM_FWD_CHECK_RES0_BIT:
		return "res0-bit";
	case NVARM_FWD_CHECK_BAD_COMPOSITE:
		return "bad-composite";
	case NVARM_FWD_CHECK_BAD_ID:
		return "bad-id";
	case NVARM_FWD_CHECK_FIELD_OVERLAP:
		return "field-overlap";
	case NVARM_FWD_CHECK_FGT_CONFLICT:
		return "fgt-conflict";
	}
	return "?";
}
