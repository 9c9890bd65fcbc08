// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The nvarm calls of the example L0's world switch, in its order (examples/l0/switch.c,
 * world.c, trap.c, route.c, timer.c, nested_vgic.c), measured as one sequence per operation
 * under callgrind:
 *
 *   switch_l2_hvc_nv2  one L2 hypercall round trip under FEAT_NV2, the three traps the L0
 *                      takes for it: L2's HVC (exit L2, inject into vEL2, resume L1), L1's
 *                      trapped MRS HPFAR_EL2 in its handler, L1's ERET (fold back, enter L2)
 *   switch_l1_trap_nv2 one trapped L1 MRS SCTLR_EL2 (fold back its rows, emulate, resume)
 *
 * The vCPU is a realistic one: a non-VHE L1 on a FEAT_NV2 host (QEMU -cpu max ID registers)
 * with its stage 2 on, four valid list registers for L2 (one HW=1), L1's and L2's four timers
 * armed in the future, two of L0's list registers in use for L1. The hardware is plain
 * memory (the EL1 registers, the ICH_* registers, the timer registers): the figure is nvarm's
 * work plus the little glue an L0 has around each call (the copies and loops world.c and
 * timer.c make). Not in it: the shadow stage-2 lookup (nvarm_s2mmu_get, bench_s2mmu) and the
 * L0's own bookkeeping (statistics, its emulated distributor).
 *
 * The L0 spends on these paths (QEMU -icount, scripts/bench --icount) several times what is
 * measured here; each call below is a line of the callgrind profile
 * (callgrind_annotate --inclusive=yes), so a regression shows per call.
 */
#include "bench/bench.h"

#include <nvarm/forward.h>
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>
#include <nvarm/vtimer.h>

#define HCR_FMO		(1ull << 3)
#define HCR_IMO		(1ull << 4)
#define HCR_AMO		(1ull << 5)
#define HCR_VM		(1ull << 0)
#define HCR_SWIO	(1ull << 1)
#define HCR_TSC		(1ull << 19)
#define HCR_RW		(1ull << 31)

#define ESR_HVC_L2	0x5a000000ull /* EC 0x16, IL, imm16 0 */
#define ESR_ERET	0x6a000000ull /* EC 0x1a, IL */
#define PSTATE_EL1H	0x3c5ull      /* DAIF, EL1h */
#define PSTATE_VEL2H_HW 0x3c5ull      /* L1 at vEL2h runs as hardware EL1h */

struct sw {
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v2;
	struct nvarm_el1_regs l1_hw, l2_hw;
	bool l1_hw_current, l2_hw_current;
	uint64_t el1[NVARM_EL1__COUNT]; /* the hardware EL1 registers */
	/* vGIC */
	uint64_t ich[128]; /* ICH_*: op0 3, op1 4, CRn 12 -> index CRm:op2 */
	struct nvarm_platform_ops ops;
	struct nvarm_vgic_cpu cpu;
	struct nvarm_vgic_irq queue[8];
	struct nvarm_vgic_exit exit;
	bool maint_level;
	/* timers */
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw thw;
	uint64_t timer_regs[NVARM_VTIMER_HWREG_COUNT]; /* the hardware timer registers */
	uint64_t now, deadline;
	/* forwarding */
	struct nvarm_fwd_ctx fwd;
	struct nvarm_fwd_hw l0_own;
	/* the trap */
	struct nvarm_trap t_hpfar, t_sctlr;
	uint64_t x[32];
	uint64_t elr_el2, spsr_el2;
	bool in_l2;
	unsigned levels;
};

static uint64_t vncr_page[512] __attribute__((aligned(4096)));
static struct sw g_sw;
static volatile uint64_t sink;

/* ---------------------------------------------------------------- the hardware */

static uint64_t ich_read(void *ctx, uint32_t enc)
{
	return ((struct sw *)ctx)->ich[(enc >> 5) & 0x7f];
}

static void ich_write(void *ctx, uint32_t enc, uint64_t val)
{
	((struct sw *)ctx)->ich[(enc >> 5) & 0x7f] = val;
}

static int xlate(void *ctx, uint32_t l1, uint32_t *hw)
{
	(void)ctx;
	if (l1 >= 32 && l1 < 48) {
		*hw = l1 + 100;
		return NVARM_OK;
	}
	return NVARM_ERR_NOENT;
}

/* world.c hw_write / hw_read: the valid registers (with @p old, only the changed ones) */
static void hw_write(struct sw *s, const struct nvarm_el1_regs *hw,
		     const struct nvarm_el1_regs *old)
{
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if (((hw->valid >> i) & 1) &&
		    (!old || !((old->valid >> i) & 1) || old->r[i] != hw->r[i]))
			s->el1[i] = hw->r[i];
}

static void hw_read(struct sw *s, struct nvarm_el1_regs *hw)
{
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if ((hw->valid >> i) & 1)
			hw->r[i] = s->el1[i];
}

/* timer.c pull / push: the guest-writable timer registers in, nvarm's dirty ones out (the L0
 * asks nvarm_vtimer_hw_reg_enc() for each register's encoding; here slot n is register n) */
static void t_pull(struct sw *s)
{
	for (unsigned n = 0; n < NVARM_VTIMER_HWREG_COUNT; n++)
		if (NVARM_VTIMER_HW_GUEST_MASK & (1u << n)) {
			sink = nvarm_vtimer_hw_reg_enc(&s->vt, n);
			s->thw.reg[n] = s->timer_regs[n];
		}
}

static void t_push(struct sw *s)
{
	for (unsigned n = 0; s->thw.dirty && n < NVARM_VTIMER_HWREG_COUNT; n++)
		if (s->thw.dirty & (1u << n)) {
			sink = nvarm_vtimer_hw_reg_enc(&s->vt, n);
			s->timer_regs[n] = s->thw.reg[n];
		}
	s->thw.dirty = 0;
}

static void check(int r)
{
	if (r < 0)
		abort();
}

/* vcpu.c vel2_get */
static uint64_t vel2_get(struct sw *s, uint32_t enc)
{
	uint64_t val = 0;

	nvarm_vel2_read(&s->v2, nvarm_sysreg_lookup(enc), &val);
	return val;
}

/* --------------------------------------------------------------- world.c */

static void world_l1_load(struct sw *s)
{
	struct nvarm_el1_regs nw;
	const struct nvarm_el1_regs *held;

	check(nvarm_shadow_vel2_load_memo(&s->v2, &nw));
	/* hw_store: only what differs from what the hardware holds (L1's registers as last
	 * loaded, or L2's as read at its exit), kept in l1_hw */
	held = s->l1_hw_current && nw.flags == s->l1_hw.flags ? &s->l1_hw
	       : s->l2_hw_current			      ? &s->l2_hw
							      : NULL;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if ((nw.valid >> i) & 1) {
			if (!held || !((held->valid >> i) & 1) || held->r[i] != nw.r[i])
				s->el1[i] = nw.r[i];
			s->l1_hw.r[i] = nw.r[i];
		}
	s->l1_hw.valid = nw.valid;
	s->l1_hw.flags = nw.flags;
	s->l2_hw_current = false;
	s->l1_hw_current = true;
	sink = nvarm_shadow_hcr_bits(&s->v2) | nvarm_shadow_cptr_bits(&s->v2);
}

/* only the registers L1 changed since the last load or fold-back are saved */
static void world_l1_sync(struct sw *s)
{
	struct nvarm_el1_regs hw;
	uint32_t changed = 0;

	check(nvarm_vel2_sanitise(&s->v2));
	hw.flags = s->l1_hw.flags;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if (((s->l1_hw.valid >> i) & 1) && s->el1[i] != s->l1_hw.r[i]) {
			changed |= UINT32_C(1) << i;
			hw.r[i] = s->l1_hw.r[i] = s->el1[i];
		}
	hw.valid = changed;
	if (changed)
		check(nvarm_shadow_vel2_save(&s->v2, &hw));
	s->l1_hw_current = true;
}

static bool world_l1_sync_reg(struct sw *s, unsigned reg)
{
	struct nvarm_el1_regs hw = s->l1_hw;
	uint32_t src = nvarm_shadow_vel2_sources((s->l1_hw.flags & NVARM_EL1F_VHE) != 0, reg);

	if (!src || reg == NVARM_SR_HCR_EL2 || (src & ~s->l1_hw.valid))
		return false;
	hw.valid = src;
	hw_read(s, &hw);
	check(nvarm_shadow_vel2_save(&s->v2, &hw));
	return true;
}

/* ------------------------------------------------------- timer.c, nested_vgic.c */

static void vtimer_resume(struct sw *s)
{
	struct nvarm_vtimer_deadline d;

	t_pull(s);
	check(nvarm_vtimer_sync(&s->vt, &s->thw, s->now));
	t_push(s);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r;

		check(nvarm_vtimer_get(&s->vt, &s->thw, t, s->now, &r));
		if ((r.ctl & 7) != (NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_ISTATUS))
			s->levels += (unsigned)nvarm_vtimer_ppi(&s->vt, t); /* vgicd_line */
	}
	if (nvarm_vtimer_pending(&s->vt, s->now))
		abort(); /* armed in the future */
	if (nvarm_vtimer_next_deadline(&s->vt, s->now, &d) == 0)
		s->deadline = d.hw_cval;
}

static struct nvarm_vgic_vstate *vstate(void)
{
	return (struct nvarm_vgic_vstate *)(void *)((char *)vncr_page + NVARM_VGIC_VNCR_OFFSET);
}

static void vgic_l1_flush(struct sw *s)
{
	s->maint_level = nvarm_vgic_maint_pending(&s->cpu, vstate());
	check(nvarm_vgic_l1_flush(&s->cpu, NULL));
}

/* switch.c l0_resume */
static void l0_resume(struct sw *s)
{
	if (!s->in_l2 && nvarm_vel2_is_vhe(&s->v2))
		abort(); /* follow_e2h: the L1 is non-VHE */
	vtimer_resume(s);
	if (!s->in_l2)
		vgic_l1_flush(s);
}

/* ------------------------------------------------------------------ switch.c */

/* L2's HVC: route, l2_leave, vel2_take, l0_resume */
static void trap_l2_hvc(struct sw *s)
{
	struct nvarm_trap t;
	struct nvarm_fwd_result res;
	struct nvarm_vcpu_pstate ps = {.pc = s->elr_el2, .pstate = s->spsr_el2};
	struct nvarm_vel2_exc e = {.esr = ESR_HVC_L2};

	check(nvarm_trap_decode(ESR_HVC_L2, &t));
	if (nvarm_fwd_route(&s->fwd, ESR_HVC_L2, 1, &res) != NVARM_FWD_FORWARD)
		abort();
	sink = vel2_get(s, NVARM_ENC_HCR_EL2); /* l2_virq_exit */
	/* 1. L2's EL1 registers into L1's vEL1 state */
	hw_read(s, &s->l2_hw);
	s->l2_hw_current = true;
	check(nvarm_shadow_vel1_save(&s->v2, &s->l2_hw));
	/* 3. vGIC */
	check(nvarm_vgic_nested_exit(&s->cpu, vstate(), &s->exit));
	s->maint_level = s->exit.maint;
	/* 4. timers */
	t_pull(s);
	check(nvarm_vtimer_switch(&s->vt, &s->thw, NVARM_VTIMER_CTX_L1, s->now));
	t_push(s);
	/* 5. the exception into vEL2, L1's shadow */
	check(nvarm_vel2_inject(&s->v2, NVARM_EXC_SYNC, &e, &ps));
	world_l1_load(s);
	s->elr_el2 = ps.pc;
	s->spsr_el2 = nvarm_vel2_psr_to_hw(ps.pstate);
	s->in_l2 = false;
	l0_resume(s);
}

/* L1's trapped MRS (HPFAR_EL2 in its exit handler, SCTLR_EL2 in the L1 benchmark) */
static void trap_l1_sysreg(struct sw *s, const struct nvarm_trap *t)
{
	uint64_t val = 0;
	int r;

	if (nvarm_shadow_needs_sync(t->reg) && !(t->is_read && world_l1_sync_reg(s, t->reg)))
		world_l1_sync(s);
	r = nvarm_vgic_emulate(&s->cpu, vstate(), t, &val);
	if (r == NVARM_EMUL_NOT_MINE)
		r = nvarm_sysreg_emulate(&s->v2, t, &val);
	if (r != NVARM_EMUL_OK)
		abort();
	s->x[t->rt] = val;
	s->elr_el2 += 4;
	l0_resume(s);
}

/* L1's ERET into L2: l1_eret, l2_enter, l0_resume */
static void trap_l1_eret(struct sw *s)
{
	struct nvarm_trap t;
	struct nvarm_vcpu_pstate ps;
	struct nvarm_fwd_vstate vs;
	struct nvarm_fwd_hw traps;
	uint64_t cnthctl = 0;
	bool partial;

	check(nvarm_trap_decode(ESR_ERET, &t));
	ps.pc = s->el1[NVARM_EL1_ELR_EL1];
	ps.pstate = nvarm_vel2_psr_from_hw(s->el1[NVARM_EL1_SPSR_EL1]);
	partial = world_l1_sync_reg(s, NVARM_SR_ELR_EL2) && world_l1_sync_reg(s, NVARM_SR_SPSR_EL2);
	if (!partial)
		world_l1_sync(s);
	if (nvarm_vel2_eret(&s->v2, t.sub, NULL, &ps) != 1)
		abort(); /* to L2's EL1 */
	world_l1_sync(s);
	/* l2_enter: 1. would L1 take an interrupt at once */
	vgic_l1_flush(s);
	/* 2. L1's stage 2 (l1_s2_regs; nvarm_s2mmu_get is not measured here) */
	sink = vel2_get(s, NVARM_ENC_HCR_EL2) ^ vel2_get(s, NVARM_ENC_VTTBR_EL2) ^
	       vel2_get(s, NVARM_ENC_VTCR_EL2) ^ vel2_get(s, NVARM_ENC_SCTLR_EL2);
	/* 3. L2's EL1 registers */
	check(nvarm_shadow_vel1_load(&s->v2, &s->l2_hw));
	hw_write(s, &s->l2_hw, s->l1_hw_current ? &s->l1_hw : NULL);
	s->l1_hw_current = false;
	s->l2_hw_current = true;
	/* 4. vGIC */
	s->maint_level = nvarm_vgic_maint_pending(&s->cpu, vstate());
	check(nvarm_vgic_nested_entry(&s->cpu, vstate()));
	/* 5. timers */
	t_pull(s);
	check(nvarm_vtimer_switch(&s->vt, &s->thw, NVARM_VTIMER_CTX_L2, s->now));
	t_push(s);
	/* 6. forwarding */
	check(nvarm_fwd_vstate_from_vel2(&s->v2, 0, &vs));
	t_pull(s);
	check(nvarm_vtimer_l1_cnthctl(&s->vt, &s->thw, &cnthctl));
	vs.reg[NVARM_FWD_CNTHCTL_EL2] = cnthctl;
	check(nvarm_fwd_load(&s->fwd, &vs));
	traps = s->l0_own;
	traps.hcr = HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW;
	check(nvarm_fwd_hw_traps(&s->fwd, NVARM_FWD_HW_FGT, &traps));
	sink = traps.hcr ^ vel2_get(s, NVARM_ENC_HSTR_EL2);
	s->elr_el2 = ps.pc;
	s->spsr_el2 = ps.pstate;
	s->in_l2 = true;
	l0_resume(s);
}

/* ------------------------------------------------------------------- the vCPU */

/* ESR_EL2 of a trapped MRS (EC 0x18, IL; ISS Op0 [21:20] Op2 [19:17] Op1 [16:14] CRn [13:10]
 * Rt [9:5] CRm [4:1] Direction [0] = read) */
static uint64_t mrs_esr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
			unsigned rt)
{
	return (0x18ull << 26) | (1ull << 25) | ((uint64_t)op0 << 20) | ((uint64_t)op2 << 17) |
	       ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) | ((uint64_t)rt << 5) |
	       ((uint64_t)crm << 1) | 1;
}

static void w(struct sw *s, unsigned id, uint64_t val)
{
	check(nvarm_vel2_write(&s->v2, id, val));
}

static void *setup(void)
{
	struct sw *s = &g_sw;
	struct nvarm_id_regs h = {0};
	struct nvarm_vm_request req = {0};
	struct nvarm_vgic_config gc = {0};
	struct nvarm_vtimer_config tc;
	struct nvarm_vgic_irq l1a = {64, 0, 0x40, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_irq l1b = {65, 0, 0x50, NVARM_VGIC_IRQ_GROUP1};
	struct nvarm_vgic_vstate *vg = vstate();

	memset(s, 0, sizeof(*s));
	/* QEMU 10 -cpu max as the L0 sees it (examples/l0/vcpu.c vm_config_init) */
	h.midr = 0x000f0510;
	h.pfr0 = 0x1ull << 32 | 0x2ull << 28 | 0x1ull << 24 | 0x1ull << 12 | 0x1ull << 8 |
		 0x1ull << 4 | 0x1ull;
	h.isar0 = 0x2ull << 56;
	h.isar1 = 0x1ull << 56;
	h.mmfr0 = 0x2ull << 60 | 0x1ull << 56 | 0x1ull << 20 | 0x2ull << 4 | 0x5ull;
	h.mmfr1 = 0x1ull << 40 | 0x1ull << 8 | 0x2ull << 4;
	h.mmfr2 = 0x2ull << 24 | 0x2ull << 56;
	req.features = NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_GICV3 | NVARM_VMF_FGT |
		       NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS | NVARM_VMF_VMID16 |
		       NVARM_VMF_ECV | NVARM_VMF_EVT;
	req.host_nv = NVARM_HOST_NV2;
	req.pa_range = 5;
	req.granules = NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K;
	req.gic_lrs = 4;
	check(nvarm_vm_config_init(&s->cfg, &h, &req));
	check(nvarm_vel2_init(&s->v2, &s->cfg, vncr_page));
	check(nvarm_shadow_set_mpidr(&s->v2, 0x80000000));
	w(s, NVARM_SR_VPIDR_EL2, s->cfg.id.midr);
	w(s, NVARM_SR_VMPIDR_EL2, 0x80000000);

	/* L1: a non-VHE hypervisor with its EL2 stage 1 and its guest's stage 2 on */
	w(s, NVARM_SR_HCR_EL2, HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW);
	w(s, NVARM_SR_SCTLR_EL2, 0x30c5183dull);
	w(s, NVARM_SR_TCR_EL2, 0x80823519ull);
	w(s, NVARM_SR_TTBR0_EL2, 0x48010000ull);
	w(s, NVARM_SR_MAIR_EL2, 0x000000ff04000000ull);
	w(s, NVARM_SR_VBAR_EL2, 0x48000800ull);
	w(s, NVARM_SR_CPTR_EL2, 0x33ffull);
	w(s, NVARM_SR_VTCR_EL2, 0x80023559ull);
	w(s, NVARM_SR_VTTBR_EL2, (1ull << 48) | 0x48100000ull);
	w(s, NVARM_SR_MDCR_EL2, 0x4ull);
	/* L2's EL1 context, in L1's vEL1 registers */
	w(s, NVARM_SR_SCTLR_EL1, 0x30d0199dull);
	w(s, NVARM_SR_TCR_EL1, 0x5b5103510ull);
	w(s, NVARM_SR_TTBR0_EL1, 0x40200000ull);
	w(s, NVARM_SR_MAIR_EL1, 0xff44ull);
	w(s, NVARM_SR_VBAR_EL1, 0x40001000ull);
	w(s, NVARM_SR_CPACR_EL1, 0x300000ull);

	/* the vGIC: four LRs for L2 (one HW=1), two of L0's LRs in use for L1 */
	s->ops.ctx = s;
	s->ops.hw_read = ich_read;
	s->ops.hw_write = ich_write;
	s->ops.l1_intid_to_hw = xlate;
	s->ich[(NVARM_ENC_ICH_VTR >> 5) & 0x7f] = 0x90b80003; /* QEMU: 4 LRs, 5 bits */
	gc.maint_priority = 0x80;
	gc.queue = s->queue;
	gc.queue_len = 8;
	check(nvarm_vgic_config_from_vm(&gc, &s->cfg));
	check(nvarm_vgic_cpu_init(&s->cpu, &s->ops, &gc));
	nvarm_vgic_vstate_reset(&s->cpu, vg);
	check(nvarm_vgic_l1_inject(&s->cpu, &l1a));
	check(nvarm_vgic_l1_inject(&s->cpu, &l1b));
	vg->lr[0] = (1ull << 62) | (1ull << 60) | (0xa0ull << 48) | 27;
	vg->lr[1] = (1ull << 62) | (1ull << 60) | (0x80ull << 48) | 40;
	vg->lr[2] = (2ull << 62) | (1ull << 60) | (0x60ull << 48) | 41;
	vg->lr[3] =
	    (1ull << 62) | (1ull << 61) | (1ull << 60) | (33ull << 32) | (0x90ull << 48) | 42;
	vg->hcr = NVARM_ICH_HCR_EN;
	vg->vmcr = NVARM_ICH_VMCR_VENG1 | (0xffull << 24);
	check(nvarm_vgic_l1_flush(&s->cpu, NULL));

	/* the timers: all four enabled, their deadlines far ahead */
	s->now = 1000000;
	nvarm_vtimer_config_default(&tc);
	tc.vncr = vncr_page;
	tc.flags = NVARM_VTIMER_F_HW_ECV;
	check(nvarm_vtimer_config_from_vm(&tc, &s->cfg));
	check(nvarm_vtimer_init(&s->vt, &tc));
	check(nvarm_vtimer_set_e2h(&s->vt, NULL, false));
	check(nvarm_vtimer_activate(&s->vt, &s->thw, s->now));
	t_push(s);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		struct nvarm_vtimer_regs r = {.cval = (1ull << 40) + 1000 * t,
					      .ctl = NVARM_CNT_CTL_ENABLE};
		t_pull(s);
		check(nvarm_vtimer_set(&s->vt, &s->thw, t, &r));
		t_push(s);
	}

	/* L0's own trap controls for L2 (route.c route_l0_traps) */
	s->l0_own.mdcr = 0x4;
	s->l0_own.cptr = 0x33ff;

	/* L1 runs at vEL2 with its shadow loaded, then enters L2 once: the steady state */
	world_l1_load(s);
	s->el1[NVARM_EL1_ELR_EL1] = 0x40000000;
	s->el1[NVARM_EL1_SPSR_EL1] = PSTATE_EL1H; /* L2 at EL1h */
	trap_l1_eret(s);
	check(nvarm_trap_decode(mrs_esr(3, 4, 6, 0, 4, 1), &s->t_hpfar)); /* mrs x1, hpfar_el2 */
	if (s->t_hpfar.reg != NVARM_SR_HPFAR_EL2 || !s->t_hpfar.is_read)
		abort();
	check(nvarm_trap_decode(mrs_esr(3, 4, 1, 0, 0, 1), &s->t_sctlr)); /* mrs x1, sctlr_el2 */
	if (s->t_sctlr.reg != NVARM_SR_SCTLR_EL2 || !s->t_sctlr.is_read)
		abort();
	return s;
}

/* one L2 hypercall, as the L0 sees it: L2's HVC, L1's HPFAR_EL2 read, L1's ERET */
static void op_l2_hvc(void *st, unsigned i)
{
	struct sw *s = st;

	s->now += 1000;
	s->elr_el2 = 0x40000100 + 4 * (i & 15); /* L2's PC past its HVC */
	s->spsr_el2 = PSTATE_EL1H;
	trap_l2_hvc(s);
	/* L1's handler at vEL2: ELR_EL2/SPSR_EL2/ESR_EL2 in the hardware EL1 registers */
	sink = s->el1[NVARM_EL1_ESR_EL1];
	s->elr_el2 = 0x48000900;
	s->spsr_el2 = PSTATE_VEL2H_HW;
	trap_l1_sysreg(s, &s->t_hpfar);
	trap_l1_eret(s);
}

/* one trapped L1 MRS SCTLR_EL2 at vEL2 */
static void *setup_l1(void)
{
	struct sw *s = setup();

	s->elr_el2 = 0x40000100;
	s->spsr_el2 = PSTATE_EL1H;
	trap_l2_hvc(s); /* L1 runs */
	return s;
}

static void op_l1_trap(void *st, unsigned i)
{
	struct sw *s = st;

	(void)i;
	s->now += 1000;
	trap_l1_sysreg(s, &s->t_sctlr);
}

static const struct nvarm_bench table[] = {
    /* before the library work of issue #15: 19458 and 2599 */
    {"switch_l2_hvc_nv2", 2000, 10500, setup, op_l2_hvc},
    {"switch_l1_trap_nv2", 5000, 2000, setup_l1, op_l1_trap},
};

NVARM_BENCH_MAIN(table)
