// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Callgrind benchmarks: decode + classify per trap (target <= 60 instructions), and the
 * emulation of a trapped MRS/MSR on the vEL2 register file. */
#include "bench/bench.h"

#include <nvarm/sysreg.h>

/* A realistic mix of traps from a guest hypervisor at vEL2 (FEAT_NV). */
static const uint64_t esr_mix[8] = {
    0x62310423, /* mrs x1, hcr_el2 */
    0x623147e0, /* msr sctlr_el12, xzr */
    0x621123ee, /* tlbi alle2 */
    0x62331001, /* mrs x0, elr_el2 */
    0x6a000000, /* eret */
    0x5a000000, /* hvc #0 */
    0x62373118, /* msr ich_lr3_el2, x8 */
    0x92002007, /* VNCR page abort */
};

static volatile int sink;
/* The decoded trap (kind, class, register id...) lands here; the op is just the call. */
static struct nvarm_trap out;

static void op_decode(void *st, unsigned i)
{
	(void)st;
	nvarm_trap_decode(esr_mix[i & 7], &out);
}

static void op_decode_sysreg(void *st, unsigned i)
{
	/* sysreg traps only (the register-lookup path) */
	static const uint64_t sys[4] = {0x62310423, 0x623147e0, 0x62331001, 0x62373118};

	(void)st;
	nvarm_trap_decode(sys[i & 3], &out);
}

struct emu_state {
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v;
	struct nvarm_trap t[2];
};

static uint64_t vncr_page[512] __attribute__((aligned(4096)));

static void *setup_emul(void)
{
	static struct emu_state s;
	struct nvarm_id_regs h = {0};
	struct nvarm_vm_request r = {0};

	h.mmfr0 = 0x5;
	h.mmfr1 = 0x100;
	h.mmfr2 = 0x2000000;
	r.features = NVARM_VMF_VHE | NVARM_VMF_E2H0;
	r.host_nv = NVARM_HOST_NV;
	r.pa_range = 5;
	r.granules = NVARM_GRAN_4K;
	if (nvarm_vm_config_init(&s.cfg, &h, &r) || nvarm_vel2_init(&s.v, &s.cfg, vncr_page) ||
	    nvarm_trap_decode(0x62310423, &s.t[0]) || nvarm_trap_decode(0x62310422, &s.t[1]))
		abort();
	return &s;
}

static void op_emulate(void *st, unsigned i)
{
	struct emu_state *s = st;
	uint64_t x = i;

	sink = nvarm_sysreg_emulate(&s->v, &s->t[i & 1], &x);
}

static const struct nvarm_bench benches[] = {
    {"trap_decode_mix", 100000, 60, NULL, op_decode},
    {"trap_decode_sysreg", 100000, 60, NULL, op_decode_sysreg},
    {"sysreg_emulate_hcr", 100000, 250, setup_emul, op_emulate},
};

NVARM_BENCH_MAIN(benches)
