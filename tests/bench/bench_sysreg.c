// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Callgrind benchmarks: decode + classify per trap (target <= 60 instructions), the
 * emulation of a trapped MRS/MSR on the vEL2 register file, and the EL2->EL1 shadow calls of a
 * world switch (plus the NV2 re-sanitising pass). */
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

/*
 * The EL2->EL1 shadow on a world switch (what the example L0 calls per L2 exit and entry):
 * a non-VHE vEL2 load (translation rows), the save of hardware values back, the vEL1 load and
 * save, and the NV2 re-sanitising pass over the VNCR page.
 */
static struct nvarm_el1_regs shadow_hw;

static void *setup_shadow(void)
{
	struct emu_state *s = setup_emul();

	nvarm_vel2_write(&s->v, NVARM_SR_SCTLR_EL2, 0x30c5183dull);
	nvarm_vel2_write(&s->v, NVARM_SR_TCR_EL2, 0x80823519ull);
	if (nvarm_shadow_vel2_load(&s->v, &shadow_hw))
		abort();
	return s;
}

static void op_shadow_vel2_load(void *st, unsigned i)
{
	(void)i;
	sink = nvarm_shadow_vel2_load(&((struct emu_state *)st)->v, &shadow_hw);
}

/* The world switch's load (the example L0's): the same values, the rows' results remembered */
static void op_shadow_vel2_load_memo(void *st, unsigned i)
{
	(void)i;
	sink = nvarm_shadow_vel2_load_memo(&((struct emu_state *)st)->v, &shadow_hw);
}

static void op_shadow_vel2_save(void *st, unsigned i)
{
	shadow_hw.r[NVARM_EL1_ELR_EL1] = i; /* an exception L1 took changed ELR */
	sink = nvarm_shadow_vel2_save(&((struct emu_state *)st)->v, &shadow_hw);
}

static struct nvarm_el1_regs vel1_hw;

static void op_shadow_vel1_switch(void *st, unsigned i)
{
	struct emu_state *s = st;

	vel1_hw.r[NVARM_EL1_ELR_EL1] = i;
	sink = nvarm_shadow_vel1_save(&s->v, &vel1_hw) + nvarm_shadow_vel1_load(&s->v, &vel1_hw);
}

static void op_sanitise(void *st, unsigned i)
{
	(void)i;
	sink = nvarm_vel2_sanitise(&((struct emu_state *)st)->v);
}

static const struct nvarm_bench benches[] = {
    {"trap_decode_mix", 100000, 60, NULL, op_decode},
    {"trap_decode_sysreg", 100000, 60, NULL, op_decode_sysreg},
    {"sysreg_emulate_hcr", 100000, 250, setup_emul, op_emulate},
    {"shadow_vel2_load_nvhe", 20000, 850, setup_shadow, op_shadow_vel2_load},
    {"shadow_vel2_load_memo_nvhe", 20000, 600, setup_shadow, op_shadow_vel2_load_memo},
    {"shadow_vel2_save_nvhe", 20000, 1300, setup_shadow, op_shadow_vel2_save},
    {"shadow_vel1_save_load", 20000, 1100, setup_shadow, op_shadow_vel1_switch},
    {"vel2_sanitise", 2000, 400, setup_shadow, op_sanitise},
};

NVARM_BENCH_MAIN(benches)
