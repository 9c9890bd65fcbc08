// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Trap handling of the example L0: the trap entry and dispatch table, L1's virtual
// EL2 register state, the world switch between L1 (vEL2) and L2 (EL1), PSCI, and the
// statistics line.
#include <string.h>

#include "l0.h"

/* -------------------------------------------------------------- L1 vCPU */

struct vcpu vcpu;
uint8_t vncr_page[4096] __attribute__((aligned(4096)));

/* ------------------------------------------------------------- statistics */

struct l0_stats st;

/* Per-register counts of trapped MRS/MSR/SYS, keyed by the decoded nvarm register id
 * (NVARM_SR_NONE: not in nvarm's database, counted by encoding). */
static void stats_sysreg(const struct nvarm_trap *t)
{
	bool known = t->reg < NVARM_SR__COUNT;

	if (known && st.sr_slot[t->reg]) {
		st.sr[st.sr_slot[t->reg] - 1].n++;
		return;
	}
	for (unsigned i = 0; !known && i < st.nsr; i++)
		if (st.sr[i].reg == t->reg && st.sr[i].enc == t->enc) {
			st.sr[i].n++;
			return;
		}
	if (st.nsr < sizeof(st.sr) / sizeof(st.sr[0])) {
		st.sr[st.nsr].reg = t->reg;
		st.sr[st.nsr].enc = t->enc;
		st.sr[st.nsr++].n = 1;
		if (known)
			st.sr_slot[t->reg] = (uint8_t)st.nsr;
	}
}

static void print_sysreg_name(unsigned reg, uint32_t enc)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(reg);
	if (d)
		con_puts(d->name);
	else
		con_printf("S%u_%u_C%u_C%u_%u", NVARM_SYSREG_OP0(enc), NVARM_SYSREG_OP1(enc),
			   NVARM_SYSREG_CRN(enc), NVARM_SYSREG_CRM(enc), NVARM_SYSREG_OP2(enc));
}

/* "a.bb" for a/b, or "na". */
static const char *ratio(uint64_t a, uint64_t b, char *buf)
{
	if (!b)
		return "na";
	uint64_t q = a * 100 / b, n = 0;
	char tmp[24];
	uint64_t ip = q / 100;
	do {
		tmp[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	char *p = buf;
	while (n)
		*p++ = tmp[--n];
	*p++ = '.';
	*p++ = (char)('0' + (q / 10) % 10);
	*p++ = (char)('0' + q % 10);
	*p = 0;
	return buf;
}

static void stats_print(void)
{
	char buf[3][24];
	struct nvarm_s2mmu_stats ss = {0};

	nvarm_s2mmu_stats(&l0_s2mmu, &ss);

	con_printf("nvarm-stats: mode=%s l1=%s traps=%lu ec_sysreg=%lu ec_hvc=%lu ec_smc=%lu "
		   "ec_eret=%lu ec_wfx=%lu ec_dabt=%lu ec_iabt=%lu irqs=%lu handled=%lu "
		   "forwarded=%lu s2_faults=%lu shadow_faults=%lu shadow_inval=%lu l2_hvc=%lu "
		   "l0_traps_per_l2_hvc=%s l2_smc=%lu l2_mmio=%lu l0_traps_per_l2_mmio=%s "
		   "l2_timer_irqs=%lu "
		   "l0_traps_per_l2_timer_irq=%s l2_entries=%lu irq_at_eret=%lu other_irqs=%lu "
		   "shadow_installs=%lu shadow_injects=%lu shadow_l0=%lu shadow_removed=%lu "
		   "shadow_mmus=%u shadow_table_pages=%u shadow_leaves=%u vel2_reloads=%lu "
		   "vel2_tlbi=%lu",
		   vcpu.mode == MODE_NV2 ? "nv2" : "nv", vcpu.vhe ? "vhe" : "nvhe", st.traps,
		   st.by_ec[EC_SYS64], st.by_ec[EC_HVC64], st.by_ec[EC_SMC64], st.by_ec[EC_ERET],
		   st.by_ec[EC_WFX], st.by_ec[EC_DABT_LOW], st.by_ec[EC_IABT_LOW], st.irqs,
		   st.handled, st.forwarded, st.s2_faults, st.shadow_faults, st.shadow_inval,
		   st.l2_hvc, ratio(st.kind_traps[EXIT_HVC], st.kind_exits[EXIT_HVC], buf[0]),
		   st.kind_exits[EXIT_SMC], st.kind_exits[EXIT_MMIO],
		   ratio(st.kind_traps[EXIT_MMIO], st.kind_exits[EXIT_MMIO], buf[1]), st.timer_irqs,
		   ratio(st.kind_traps[EXIT_IRQ], st.kind_exits[EXIT_IRQ], buf[2]), st.l2_entries,
		   st.irq_at_eret, st.other_irqs, st.shadow_installs, st.shadow_injects,
		   st.shadow_l0, st.shadow_removed, ss.mmus, ss.table_pages, ss.leaves,
		   st.vel2_reloads, st.vel2_tlbi);
	con_printf(" shadow_reclaims=%lu shadow_reclaimed_pages=%lu shadow_reclaimed_leaves=%lu",
		   (unsigned long)ss.reclaim_passes, (unsigned long)ss.reclaim_pages,
		   (unsigned long)ss.reclaim_leaves);
	con_printf(" l1_ext_aborts=%lu l2_ext_aborts=%lu vncr_writes=%lu", st.l1_ext_aborts,
		   st.l2_ext_aborts, st.vncr_writes);
	/* L0's own ticks (instructions under -icount shift=0) per L2 exit and per L1 trap */
	con_printf(" l0_ticks_per_l2_hvc=%lu l0_ticks_per_l2_mmio=%lu l0_ticks_per_l1_trap=%lu",
		   st.kind_exits[EXIT_HVC] ? st.kind_ticks[EXIT_HVC] / st.kind_exits[EXIT_HVC] : 0,
		   st.kind_exits[EXIT_MMIO] ? st.kind_ticks[EXIT_MMIO] / st.kind_exits[EXIT_MMIO]
					    : 0,
		   st.l1_traps ? st.l1_ticks / st.l1_traps : 0);
	con_printf(" l2_fwd=%lu l2_l0=%lu l2_undef=%lu l1_flat_entries=%lu at_s12=%lu "
		   "at_s12_walks=%lu",
		   st.l2_fwd, st.l2_l0, st.l2_undef, st.flat_entries, st.at_s12, st.at_s12_walks);
	vgic_stats_print();
	for (unsigned c = 0; c < NVARM_TC__COUNT; c++)
		if (st.by_cls[c])
			con_printf(" tc_%s=%lu", nvarm_trap_class_name(c), st.by_cls[c]);
	for (unsigned i = 0; i < st.nsr; i++) {
		con_puts(" sr_");
		print_sysreg_name(st.sr[i].reg, st.sr[i].enc);
		con_printf("=%lu", st.sr[i].n);
	}
	l0_vtimer_stats_print();
	con_putc('\n');
}

void l0_shutdown(const char *why)
{
	con_printf("l0: %s\n", why);
	vgicd_stats();
	stats_print();
	power_off();
}

/* ------------------------------------------------------------- trap handlers */

static void advance_pc(void)
{
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
}

/* EC 0x18: MSR/MRS/SYS trapped from vEL2. ISS (Arm ARM D24.2.39): Op0 [21:20],
 * Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1=read). */
static void vel2_take(enum nvarm_exc_kind kind, uint64_t pc, uint64_t pstate,
		      const struct nvarm_vel2_exc *e);
static void l2_undef(void);
static void vel2_undef(void);
static void l2_virq_exit(uint64_t hw_hcr);

/* L1's stage-2 configuration (its virtual VTTBR_EL2/VTCR_EL2/HCR_EL2) for nvarm_s2mmu. */
static void l1_s2_regs(struct nvarm_s2mmu_l1_regs *l1)
{
	l1->vttbr = vel2_get(ENC_VTTBR_EL2);
	l1->vtcr = vel2_get(ENC_VTCR_EL2);
	/* SCTLR_EL2.EE [25] (both layouts) gives the byte order of L1's stage-2 tables */
	l1->big_endian = (vel2_get(NVARM_ENC_SCTLR_EL2) >> 25) & 1;
	l1->fwb = (vel2_get(ENC_HCR_EL2) & HCR_FWB) != 0;
	l1->vm = (vel2_get(ENC_HCR_EL2) & HCR_VM) != 0;
}

static void trap_sysreg(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	(void)esr;
	uint32_t enc = t->enc;
	unsigned rt = t->rt;
	bool read = t->is_read;

	stats_sysreg(t);
	/* A system instruction the database knows (unknown ones, and ones of a feature L1's ID
	 * registers hide, are UNDEFINED for L1 below). TLBI from L1 may change what L2 sees
	 * through L1's stage-2: nvarm removes the shadow entries the TLBI covers. */
	uint64_t x0 = 0;
	if (NVARM_SYSREG_OP0(enc) == 1 && t->cls != NVARM_TC_UNDEF &&
	    nvarm_sysreg_emulate(&vcpu.v2, t, &x0) == NVARM_EMUL_FORWARD) {
		if (t->cls == NVARM_TC_TLBI) {
			struct nvarm_s2mmu_l1_regs l1;
			l1_s2_regs(&l1);
			int n = nvarm_s2mmu_tlbi(&l0_s2mmu, enc, rt == 31 ? 0 : f->x[rt], &l1);
			if (n < 0)
				l0_shutdown("nvarm_s2mmu_tlbi failed");
			st.shadow_inval++;
			st.shadow_removed += (uint64_t)n;
			world_l1_tlbi(enc); /* and L1's own EL2 stage-1 */
		} else if (t->cls == NVARM_TC_AT && !vcpu.in_l2) {
			uint64_t va = rt == 31 ? 0 : f->x[rt];
			/* L1's own EL2 stage-1, or its guest's two stages */
			if (!world_l1_at(enc, va))
				world_l1_at_s12(enc, va);
		}
		st.handled++;
		advance_pc();
		return;
	}
	uint64_t v = rt == 31 ? 0 : f->x[rt];
	/* What L1 changed in the hardware EL1 shadow (world.c); not needed for EL2 state the
	 * shadow does not carry (TPIDR_EL2: a VHE Linux's per-CPU base, trapped under NV). */
	if (!vcpu.in_l2 && nvarm_shadow_needs_sync(t->reg) &&
	    !(read && world_l1_sync_reg(t->reg))) /* a read needs its own rows only */
		world_l1_sync();
	/* Timer and counter registers belong to nvarm's vtimer (timer.c). */
	int vt = l0_vtimer_sysreg(t, &v);
	if (vt == L0_VT_TO_L1) {
		forward_to_l1_vec(VEC_LOWER_SYNC, esr, 0, 0, 0);
		return;
	}
	if (vt == L0_VT_DONE) {
		if (read && rt != 31)
			f->x[rt] = v;
		st.handled++;
		advance_pc();
		return;
	}
	/*
	 * nvarm applies the access to the vEL2 register file (RES0/RES1, E2H redirection,
	 * EL12 aliases, feature checks), which first takes back what L1 changed in the
	 * hardware EL1 shadow (world.c). RELOAD: the shadow is stale (a mirrored field or
	 * HCR_EL2.E2H changed); other HCR_EL2 bits are read from the file when needed.
	 */
	/* nvarm vGIC: L1's ICH_*_EL2 (masked LRs/HCR/VMCR/APRs, computed VTR/MISR/EISR/ELRSR). */
	int r = vt == L0_VT_UNDEF ? NVARM_EMUL_UNDEF : vgic_sysreg(enc, read, &v);
	if (r == NVARM_EMUL_FORWARD)
		r = nvarm_sysreg_emulate(&vcpu.v2, t, &v);
	/* L1's SGIs (ICC_SGI1R_EL1 & co, trapped by HCR_EL2.IMO): nvarm forwards them to the
	 * GIC owner, L1's emulated GIC (vgicd.c). */
	if (r == NVARM_EMUL_FORWARD && t->cls == NVARM_TC_GIC)
		r = vgicd_sysreg(enc, read, v) ? NVARM_EMUL_OK : NVARM_EMUL_UNDEF;
	if (r == NVARM_EMUL_FORWARD) {
		/* Computed registers (timer state nvarm leaves to its owner): this L0 has no
		 * vtimer model for L1's EL2 view: plain storage. */
		int id = t->reg;
		r = read ? nvarm_vel2_read(&vcpu.v2, (unsigned)id, &v)
			 : nvarm_vel2_write(&vcpu.v2, (unsigned)id, v);
		r = r == 0 ? NVARM_EMUL_OK : NVARM_EMUL_UNDEF;
	}
	if (r != NVARM_EMUL_OK && r != NVARM_EMUL_RELOAD) {
		/* the first few on the console (a guest must not be able to flood it); all of
		 * them are counted in tc_undef / sr_<name> on the stats line */
		if (++st.undef_logged <= 8) {
			con_printf("l0: L1 %s ", read ? "read" : "wrote");
			print_sysreg_name(t->reg, enc);
			con_printf(": nvarm_sysreg_emulate says %d (UNDEFINED for L1)%s\n", r,
				   st.undef_logged == 8 ? "; further ones not printed" : "");
		}
		/* An Unknown-reason exception (EC 0x00, IL=1) taken where the access was made,
		 * at the instruction itself (ELR = the MRS/MSR, no PC advance): at vEL2, or at
		 * L2's EL1 for an L2 access routed to L0 that nothing here emulates. Whatever
		 * nvarm returned, the guest sees an UNDEFINED instruction, never a host stop. */
		if (vcpu.in_l2)
			l2_undef();
		else
			vel2_undef();
		return;
	}
	if (r == NVARM_EMUL_RELOAD)
		world_l1_reload();
	if (read && rt != 31)
		f->x[rt] = v;
	st.handled++;
	advance_pc();
}

/* PSCI (Arm DEN 0022) answered by L0 for L1. */
static void psci_call(struct l0_frame *f)
{
	uint32_t fn = (uint32_t)f->x[0];

	switch (fn) {
	case PSCI_VERSION:
		f->x[0] = 0x10001; /* 1.1 */
		break;
	case PSCI_FEATURES: {
		uint32_t q = (uint32_t)f->x[1];
		f->x[0] = (q == PSCI_VERSION || q == PSCI_FEATURES || q == PSCI_SYSTEM_OFF ||
			   q == PSCI_SYSTEM_RESET)
			      ? 0
			      : (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
		break;
	}
	case PSCI_SYSTEM_OFF:
		l0_shutdown("L1 called PSCI SYSTEM_OFF");
	case PSCI_SYSTEM_RESET:
		l0_shutdown("L1 called PSCI SYSTEM_RESET (powering off)");
	default:
		f->x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	}
	st.handled++;
}

/* ------------------------------------------------------- nested world switch */
/*
 * Where L1's virtual EL2 registers live, as L0 sees them:
 *  - FEAT_NV2: most in the VNCR page (offsets from the Arm ARM's VNCR_EL2 layout, also
 *    in /work/shared/notes/qemu-nv-facts.md); ELR/SPSR/ESR/FAR_EL2 in the hardware EL1
 *    registers (NV2 redirects them) while L1 runs; the rest trap and go through
 *    nvarm_sysreg_emulate() into nvarm's vEL2 file (vcpu.v2).
 *  - FEAT_NV: all trap; the same file, whose VNCR-offset registers live at the same
 *    offsets of vncr_page (so both modes share one layout).
 */

uint64_t *vncr_slot(int off)
{
	return (uint64_t *)(void *)(vncr_page + off);
}

/* L1's vEL2 register file: nvarm's configuration from the host's ID registers, and the
 * file over vncr_page (the page VNCR_EL2 points at under NV2; plain memory under NV). */
void vel2_init(void)
{
	struct nvarm_id_regs host = {
	    .midr = read_sysreg(midr_el1),
	    .pfr0 = read_sysreg(id_aa64pfr0_el1),
	    .pfr1 = read_sysreg(id_aa64pfr1_el1),
	    .dfr0 = read_sysreg(id_aa64dfr0_el1),
	    .isar0 = read_sysreg(id_aa64isar0_el1),
	    .isar1 = read_sysreg(id_aa64isar1_el1),
	    .mmfr0 = read_sysreg(id_aa64mmfr0_el1),
	    .mmfr1 = read_sysreg(id_aa64mmfr1_el1),
	    .mmfr2 = read_sysreg(id_aa64mmfr2_el1),
	    .mmfr4 = read_sysreg(S3_0_C0_C7_4), /* ID_AA64MMFR4_EL1 */
	};
	struct nvarm_vm_request req = {
	    /* TLBIOS/TLBIRANGE/XS: L1 sees (and may use) the TLBI forms the host has */
	    .features = (vcpu.e2h_fixed == 0 ? 0 : NVARM_VMF_VHE) |
			(vcpu.e2h_fixed == 1 ? 0 : NVARM_VMF_E2H0) | NVARM_VMF_GICV3 |
			NVARM_VMF_FGT | NVARM_VMF_TLBIOS | NVARM_VMF_TLBIRANGE | NVARM_VMF_XS |
			NVARM_VMF_VMID16 | NVARM_VMF_ECV | NVARM_VMF_EVT,
	    .host_nv = vcpu.mode == MODE_NV2 ? NVARM_HOST_NV2 : NVARM_HOST_NV,
	    /* 48 bits: what the shadow stage-2 translates (mmu.c, shadow_init); a larger
	     * range offered to L1 would have its 52-bit outputs refused (no FEAT_LPA2 either) */
	    .pa_range = 5,
	    .granules = NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K,
	    /* ICH_VTR_EL2.ListRegs + 1 */
	    .gic_lrs = (uint8_t)(FIELD(hw_get(ENC(3, 4, 12, 11, 1)), 4, 0) + 1),
	};
	int r = nvarm_vm_config_init(&vcpu.cfg, &host, &req);
	if (r == 0)
		r = nvarm_vel2_init(&vcpu.v2, &vcpu.cfg, vncr_page);
	/* nvarm: the MPIDR_EL1 L1 reads at vEL2 (the vEL2 shadow loads it into VMPIDR_EL2);
	 * L1's own VPIDR/VMPIDR_EL2 start as QEMU resets them at EL2: MIDR_EL1, MPIDR_EL1. */
	if (r == 0)
		r = nvarm_shadow_set_mpidr(&vcpu.v2, read_sysreg(mpidr_el1));
	if (r == 0)
		r = nvarm_vel2_write(&vcpu.v2, NVARM_SR_VPIDR_EL2, vcpu.cfg.id.midr);
	if (r == 0)
		r = nvarm_vel2_write(&vcpu.v2, NVARM_SR_VMPIDR_EL2, read_sysreg(mpidr_el1));
	if (r) {
		con_printf("l0: nvarm vEL2 setup failed: %d\n", r);
		panic("nvarm_vm_config_init/nvarm_vel2_init");
	}
	if (vcpu.e2h_fixed >= 0)
		con_printf("l0: L1's HCR_EL2.E2H is RES%d (ID_AA64MMFR1_EL1.VH=%lu "
			   "ID_AA64MMFR4_EL1.E2H0=0x%lx)\n",
			   vcpu.e2h_fixed, FIELD(vcpu.cfg.id.mmfr1, 11, 8),
			   FIELD(vcpu.cfg.id.mmfr4, 27, 24));
	if (vcpu.vhe && !(vcpu.cfg.features & NVARM_VMF_VHE))
		panic("nvarm.l1=vhe on a CPU without FEAT_VHE");
	if (!vcpu.vhe && !(vcpu.cfg.features & NVARM_VMF_E2H0))
		panic("non-VHE L1 on a CPU without FEAT_E2H0");
}

uint64_t vel2_get(uint32_t enc)
{
	uint64_t v = 0;
	nvarm_vel2_read(&vcpu.v2, nvarm_sysreg_lookup(enc), &v);
	return v;
}

void vel2_set(uint32_t enc, uint64_t v)
{
	nvarm_vel2_write(&vcpu.v2, nvarm_sysreg_lookup(enc), v);
}

/* ----------------------------------------------------- entering/leaving L2 */

/*
 * Take an exception into L1's vEL2 (nvarm_vel2_inject): from L2's @p pc/@p pstate (or
 * the ERET target L1 was about to enter). nvarm writes ELR/SPSR/ESR/FAR/HPFAR_EL2 into
 * the vEL2 file and computes the vector and PSTATE; the vEL2 shadow (world.c) then puts
 * ELR/SPSR/ESR/FAR_EL2 and the rest into the hardware EL1 registers.
 */
static void vel2_take(enum nvarm_exc_kind kind, uint64_t pc, uint64_t pstate,
		      const struct nvarm_vel2_exc *e)
{
	struct nvarm_vcpu_pstate ps = {.pc = pc, .pstate = pstate};
	int r = nvarm_vel2_inject(&vcpu.v2, kind, e, &ps);

	if (r) {
		con_printf("l0: nvarm_vel2_inject(%d) failed: %d (PSTATE 0x%lx)\n", kind, r,
			   pstate);
		l0_shutdown("exception injection into vEL2 failed");
	}
	world_l1_load();
	write_sysreg(elr_el2, ps.pc);
	write_sysreg(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
}

/* World switch L2 -> L1: L2's EL1 registers into nvarm's file (world.c), then take a
 * synchronous exception (@p vec == VEC_LOWER_SYNC) or an IRQ (an interrupt L1's emulated
 * GIC forwards, vgicd.c; it reaches L1's list registers at vgic_l1_flush before L1 runs)
 * into L1's vEL2 through nvarm_vel2_inject(). */
void forward_to_l1_vec(uint64_t vec, uint64_t esr, uint64_t far, uint64_t hpfar, uint32_t irq)
{
	uint64_t l2_pc = read_sysreg(elr_el2), l2_pstate = read_sysreg(spsr_el2);

	l2_virq_exit(read_sysreg(hcr_el2));
	world_l2_to_l1();
	route_exit_l2(); /* L0's own MDCR/CPTR/FGT traps, before world_l1_load adds L1's */
	vgic_l2_exit();	 /* nvarm_vgic_nested_exit (L1's LRs are flushed before L1 runs) */
	l0_vtimer_switch(false);
	(void)irq;
	if (vec == VEC_LOWER_SYNC) {
		/* HPFAR_EL2.FIPA [43:4] is IPA[51:12] */
		struct nvarm_vel2_exc e = {
		    .esr = esr,
		    .far = far,
		    .fault_ipa = nvarm_ipa2(FIELD(hpfar, 43, 4) << 12),
		    .flags = NVARM_EXCF_FAR | NVARM_EXCF_HPFAR,
		};
		vel2_take(NVARM_EXC_SYNC, l2_pc, l2_pstate, &e);
	} else {
		vel2_take(NVARM_EXC_IRQ, l2_pc, l2_pstate, NULL);
	}
	write_sysreg(hcr_el2, vcpu.hcr);
	write_sysreg(vtcr_el2, l0_vtcr());
	write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)s2_root | (1ull << 48));
	isb();
	vcpu.in_l2 = false;
	st.forwarded++;
}

static void forward_to_l1(uint64_t esr, uint64_t far, uint64_t hpfar)
{
	forward_to_l1_vec(VEC_LOWER_SYNC, esr, far, hpfar, 0);
}

/*
 * L1's virtual HCR_EL2.{VF, VI, VSE} (bits 6, 7, 8), a virtual FIQ, IRQ or SError for L2
 * (effective only with the matching FMO/IMO/AMO, DDI 0487 D1.x "Virtual interrupts"), reach
 * the hardware through nvarm_fwd_hw_traps() (route.c). Taking the virtual SError clears
 * HCR_EL2.VSE (the hardware one, while L2 runs): at L2's exit L1's copy follows.
 */
#define HCR_VSE (1ull << 8)

static void l2_virq_exit(uint64_t hw_hcr)
{
	uint64_t h = vel2_get(ENC_HCR_EL2);
	if ((h & HCR_VSE) && (h & HCR_AMO) && !(hw_hcr & HCR_VSE))
		vel2_set(ENC_HCR_EL2, h & ~HCR_VSE);
}

/* nvarm: world switch L1 -> L2 (L1's ERET to EL1/EL0). */
static void enter_l2(uint64_t pc, uint64_t pstate)
{
	if (vgic_l1_irq_pending()) {
		/* L1 (HCR_EL2.IMO=1 for its guest) would take its pending physical IRQ the
		 * moment it ERETs: deliver it now, as from L2 at the ERET target. */
		vel2_take(NVARM_EXC_IRQ, pc, pstate, NULL);
		isb();
		st.irq_at_eret++;
		return;
	}
	/* The shadow stage-2 for L1's current VTTBR_EL2/VTCR_EL2 (found or created). */
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw = {
	    .vttbr = (uint64_t)(uintptr_t)s2_root | (FLAT_VMID << 48),
	    .vtcr = l0_vtcr(),
	};
	l1_s2_regs(&l1);
	/* L1's stage-2 off (its HCR_EL2.VM=0): its EL1 sees L1's IPA space as it is. */
	vcpu.l2_flat = !(vel2_get(ENC_HCR_EL2) & HCR_VM);
	if (!vcpu.l2_flat)
		vcpu.s2mmu_id = nvarm_s2mmu_get(&l0_s2mmu, &l1, &hw);
	if (!vcpu.l2_flat && vcpu.s2mmu_id < 0) {
		con_printf("l0: nvarm_s2mmu_get: %d\n", vcpu.s2mmu_id);
		l0_shutdown("no shadow stage-2 for L2");
	}
	world_l1_to_l2();
	vgic_l2_enter(); /* nvarm_vgic_nested_entry: L1's virtual LRs for L2 */
	l0_vtimer_switch(true);
	/* L0's own traps plus every one L1 asked for (route.c, nvarm_fwd_hw_traps). */
	write_sysreg(hcr_el2, route_enter_l2());
	write_sysreg(vtcr_el2, hw.vtcr);
	write_sysreg(vttbr_el2, hw.vttbr);
	write_sysreg(elr_el2, pc);
	write_sysreg(spsr_el2, pstate);
	isb();
	vcpu.in_l2 = true;
	st.l2_entries++;
	st.flat_entries += vcpu.l2_flat;
	st.cur = EXIT_NONE;
}

void l2_exit(enum exit_kind kind)
{
	st.cur = kind;
	st.kind_exits[kind]++;
	st.kind_traps[kind]++; /* this trap */
}

/* ------------------------------------------------------------ trap handlers */

static void trap_smc(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	(void)t; /* PSCI function id is in x0; imm16 is not used */
	(void)esr;
	/* SMC trapped by HCR_EL2.TSC: ELR_EL2 is the SMC itself. From L2 it is here only when
	 * L1 does not trap SMCs (route.c): then it reaches the VM's firmware, L0's PSCI. */
	advance_pc();
	psci_call(f);
}

static void trap_hvc(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	(void)f;
	(void)t;
	/* An L2 hypercall belongs to L1: nvarm_fwd_route() forwards it (route.c). */
	if (vcpu.in_l2) { /* nvarm_fwd_route() always forwards these: not reached */
		con_printf("l0: HVC from L2 not routed to L1: UNDEFINED for L2\n");
		write_sysreg(elr_el2, read_sysreg(elr_el2) - 4); /* HVC: ELR is the next one */
		l2_undef();
		return;
	}
	/*
	 * An HVC at EL2 is taken to EL2 itself (Arm ARM D1.3, "HVC": from EL2 the target is
	 * EL2), so L1's HVC at vEL2 goes to its own vector for the current EL, with the same
	 * syndrome; ELR_EL2 already points past it. PSCI for L1 is SMC (L1's DTB), which L0
	 * answers. The hardware shadow is folded back first: the injection reloads it.
	 */
	struct nvarm_vel2_exc e = {.esr = esr};
	/* L1 stays in vEL2: fold back and load only what nvarm_vel2_inject() reads and writes
	 * (its documented contract), not the whole shadow. */
	static const unsigned written[] = {NVARM_SR_ELR_EL2, NVARM_SR_SPSR_EL2, NVARM_SR_ESR_EL2,
					   NVARM_SR_FAR_EL2, NVARM_SR_HPFAR_EL2};
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2),
				       .pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2))};
	if (!world_l1_sync_reg(NVARM_SR_SCTLR_EL2) || !world_l1_sync_reg(NVARM_SR_VBAR_EL2)) {
		world_l1_sync();
		vel2_take(NVARM_EXC_SYNC, ps.pc, ps.pstate, &e);
		st.forwarded++;
		return;
	}
	if (nvarm_vel2_inject(&vcpu.v2, NVARM_EXC_SYNC, &e, &ps))
		l0_shutdown("exception injection into vEL2 failed");
	world_l1_load_regs(written, sizeof(written) / sizeof(written[0]));
	write_sysreg(elr_el2, ps.pc);
	write_sysreg(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
	st.forwarded++;
}

static void trap_eret(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	(void)f;
	/*
	 * L1 returns from vEL2 with its ELR_EL2/SPSR_EL2 (held in the hardware EL1
	 * registers: the shadow is synced into nvarm's file first). nvarm_vel2_eret() checks
	 * the SPSR (IllegalExceptionReturn) and says where to: vEL2 itself (stay in L1, EL2
	 * modes map to hardware EL1) or L1's guest (world switch to L2 with the shadow
	 * stage-2).
	 */
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2),
				       .pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2))};
	/* nvarm_vel2_eret() reads ELR_EL2, SPSR_EL2 and HCR_EL2 only: fold back those two; the
	 * whole shadow only when the ERET is a world switch (below). */
	bool partial = world_l1_sync_reg(NVARM_SR_ELR_EL2) && world_l1_sync_reg(NVARM_SR_SPSR_EL2);
	if (!partial)
		world_l1_sync();
	int r = nvarm_vel2_eret(&vcpu.v2, t->sub, NULL, &ps);
	if (r < 0) {
		/* ERETAA/ERETAB: this L0 holds no pointer-authentication keys to check ELR_EL2
		 * with, so L1 gets them as UNDEFINED (as on a PE without FEAT_PAuth) */
		con_printf("l0: ERET form nvarm cannot emulate here (%d, ESR_EL2=0x%lx): UNDEFINED "
			   "for L1\n",
			   r, esr);
		vel2_undef();
		return;
	}
	st.handled++;
	/* NVARM_ERET_HOST_EL0: L1's own EL0 (host userspace of a VHE L1) runs in its EL2&0
	 * regime, which is the hardware EL1&0 one already loaded: no world switch. */
	if (r == NVARM_ERET_EL2 || r == NVARM_ERET_HOST_EL0) {
		write_sysreg(elr_el2, ps.pc);
		write_sysreg(spsr_el2, nvarm_vel2_psr_to_hw(ps.pstate));
		return;
	}
	uint64_t pc = ps.pc, pstate = ps.pstate;
	if (partial)
		world_l1_sync();
	enter_l2(pc, pstate);
}

/* A synchronous exception taken to L2's EL1 (its context live in the hardware EL1
 * registers), with nvarm_el1_inject; the caller has built the syndrome. */
static void l2_el1_take(const struct nvarm_vel2_exc *e)
{
	struct nvarm_el1_regs el1;
	struct nvarm_vcpu_pstate ps = {.pc = read_sysreg(elr_el2), .pstate = read_sysreg(spsr_el2)};

	memset(&el1, 0, sizeof(el1));
	el1.r[NVARM_EL1_VBAR_EL1] = read_sysreg(vbar_el1);
	el1.r[NVARM_EL1_SCTLR_EL1] = read_sysreg(sctlr_el1);
	if (nvarm_el1_inject(&el1, NVARM_EXC_SYNC, e, &ps))
		l0_shutdown("exception into L2's EL1 failed");
	write_sysreg(elr_el1, el1.r[NVARM_EL1_ELR_EL1]);
	write_sysreg(spsr_el1, el1.r[NVARM_EL1_SPSR_EL1]);
	write_sysreg(esr_el1, el1.r[NVARM_EL1_ESR_EL1]);
	write_sysreg(far_el1, el1.r[NVARM_EL1_FAR_EL1]);
	write_sysreg(elr_el2, ps.pc);
	write_sysreg(spsr_el2, ps.pstate);
	st.handled++;
}

/*
 * L2's access reached an L1 IPA that L0 neither backs nor emulates: on L1's machine, a
 * physical address with no memory or device, a synchronous External abort (QEMU's answer;
 * IMPLEMENTATION DEFINED, Arm ARM D1 "External aborts"), taken to L2's own EL1 (the
 * routing to EL2, HCR_EL2.TEA, needs FEAT_RAS, which L1 is not offered). EC 0x25 / 0x21
 * from EL1, 0x24 / 0x20 from EL0; IL=1, ISV=0, DFSC 0x10, WnR/CM from L0's syndrome
 * (none for a fetch).
 */
static void l2_external_abort(uint64_t esr, uint64_t far)
{
	bool iabt = (esr >> 26) == EC_IABT_LOW;
	bool from_el1 = ((read_sysreg(spsr_el2) >> 2) & 3) == 1;
	uint64_t ec = (iabt ? EC_IABT_LOW : EC_DABT_LOW) + (from_el1 ? 1 : 0);
	struct nvarm_vel2_exc e = {
	    .esr = (ec << 26) | (1ull << 25) | 0x10 |
		   (iabt ? 0 : esr & ((1ull << 8) | (1ull << 6))), /* CM, WnR */
	    .far = far,
	    .flags = NVARM_EXCF_FAR,
	};
	st.l2_ext_aborts++;
	l2_el1_take(&e);
}

/* An UNDEFINED exception (EC 0x00, IL=1) at L2's EL1, at the instruction itself: for an L2
 * trap this L0 cannot serve and nvarm does not route (DDI 0487 D1.x: an instruction the
 * implementation does not provide is UNDEFINED). */
static void l2_undef(void)
{
	const struct nvarm_vel2_exc e = {.esr = NVARM_BIT(25)};
	st.l2_undef++;
	l2_el1_take(&e);
}

/* The same at L1's vEL2 (taken to its own vector, ELR = the instruction). */
static void vel2_undef(void)
{
	const struct nvarm_vel2_exc e = {.esr = NVARM_BIT(25)};
	world_l1_sync();
	vel2_take(NVARM_EXC_SYNC, read_sysreg(elr_el2),
		  nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2)), &e);
}

/*
 * L2 faulted in the shadow stage-2: nvarm walks L1's stage-2 and L0's, and either installs
 * a shadow entry (resume L2), or hands back the syndrome L1's stage-2 gives (inject into
 * L1's vEL2: L1's MMIO emulation), or leaves it to L0.
 */
static void shadow_fault(struct l0_frame *f, uint64_t esr, uint64_t far, uint64_t hpfar)
{
	struct nvarm_s2mmu_fault in = {
	    .esr = esr,
	    .far = far,
	    .hpfar = hpfar,
	    .l2_el0 = (read_sysreg(spsr_el2) & SPSR_M_MASK) == 0,
	};
	struct nvarm_s2mmu_result r;
	unsigned fsc = (unsigned)(esr & 0x3f);

	if (fsc >= 0x0c && fsc <= 0x0f && !(esr & ESR_S1PTW)) {
		/* HPFAR_EL2 is not valid for a stage-2 permission fault outside a stage-1
		 * walk: resolve the faulting IPA with L2's stage-1 (PAR_EL1 is L2's). */
		uint64_t par_l2 = read_sysreg(par_el1), par;
		__asm__ volatile("at s1e1r, %0" ::"r"(far));
		isb();
		par = read_sysreg(par_el1);
		write_sysreg(par_el1, par_l2);
		if (!(par & 1))
			in.hpfar = FIELD(par, 47, 12) << 4;
	}
	int rc = nvarm_s2mmu_handle_fault(&l0_s2mmu, vcpu.s2mmu_id, &in, &r);
	if (rc < 0) {
		/* nvarm could not resolve it (e.g. no shadow page left even after reclaiming):
		 * L2's access cannot complete; the host goes on and L2 sees an External abort */
		con_printf("l0: nvarm_s2mmu_handle_fault says %d: External abort to L2\n", rc);
		l2_exit(EXIT_SHADOW);
		l2_external_abort(esr, far);
		st.cur = EXIT_NONE;
		return;
	}
	st.shadow_faults++;
	if (r.action == NVARM_S2MMU_INSTALLED) {
		l2_exit(EXIT_SHADOW);
		st.shadow_installs++;
		dsb(ishst); /* the new shadow descriptor before L2 walks it */
		st.cur = EXIT_NONE;
		/* L0 alone resolved it and resumes L2 at once: no timer work (an emulated
		 * deadline has L0's own timer armed; L2's timers are its hardware ones) */
		st.fast_resume = true;
		return;
	}
	if (r.action == NVARM_S2MMU_INJECT) {
		l2_exit(EXIT_MMIO);
		st.shadow_injects++;
		forward_to_l1(r.esr_el2, r.far_el2, r.hpfar_el2);
		return;
	}
	st.shadow_l0++;
	/* L1 mapped the L2 IPA to its GIC distributor/redistributor, which L0 emulates for L1
	 * (vgicd.c): natively L2's access reaches that device, so it is L1's device access
	 * (r.ipa1 holds the L1 IPA with the page offset; the syndrome is L2's own). */
	if (r.l0_reason == NVARM_S2MMU_L0_UNMAPPED) {
		if (vgicd_mmio(f, esr, r.ipa1.v))
			st.handled++;
		else
			l2_external_abort(esr, far); /* an L1 IPA nothing backs */
		l2_exit(EXIT_SHADOW);
		st.cur = EXIT_NONE;
		return;
	}
	/* Anything else L0 cannot serve for L2 (an L1 IPA beyond the shadow's range, a
	 * permission L0 itself denies): as for an unbacked L1 IPA, an External abort to L2. */
	con_printf("l0: L2 stage-2 abort for L0 (reason %u): IPA2 0x%lx -> IPA1 0x%lx "
		   "ESR_EL2=0x%lx: External abort to L2\n",
		   r.l0_reason, r.ipa2.v, r.ipa1.v, esr);
	l2_exit(EXIT_SHADOW);
	l2_external_abort(esr, far);
	st.cur = EXIT_NONE;
}

/*
 * L1 itself accessed an IPA that L0 neither backs nor emulates: on the machine L1 is given
 * that is a physical address with no memory or device, which QEMU (like most hardware;
 * IMPLEMENTATION DEFINED, Arm ARM D1 "External aborts") answers with a synchronous External
 * abort taken to the Exception level of the access (vEL2: EC 0x25 / 0x21) or, from L1's
 * own EL0/EL1, to vEL2 as from a lower EL (0x24 / 0x20). DFSC 0x10, IL=1, ISV=0, WnR and
 * CM as L0's syndrome says, FAR_EL2 the faulting address.
 */
static void l1_external_abort(uint64_t esr, uint64_t far)
{
	uint64_t pstate = nvarm_vel2_psr_from_hw(read_sysreg(spsr_el2));
	bool iabt = (esr >> 26) == EC_IABT_LOW;
	bool same = ((pstate >> 2) & 3) == 2; /* from vEL2 */
	uint64_t ec = (iabt ? EC_IABT_LOW : EC_DABT_LOW) + (same ? 1 : 0);
	struct nvarm_vel2_exc e = {
	    .esr = (ec << 26) | (1ull << 25) | (esr & ((1ull << 8) | (1ull << 6))) | 0x10,
	    .far = far,
	    .flags = NVARM_EXCF_FAR,
	};
	if (iabt)
		e.esr &= ~(uint64_t)((1ull << 8) | (1ull << 6)); /* no WnR/CM for fetches */
	world_l1_sync();
	vel2_take(NVARM_EXC_SYNC, read_sysreg(elr_el2), pstate, &e);
	st.forwarded++;
	st.l1_ext_aborts++;
}

/*
 * nvarm.vncr=ro (boot.c): VNCR_EL2 points at a read-only alias of the VNCR page, so each
 * store L1 makes to a vEL2 register there faults (EC 0x25 with ISS.VNCR, a Permission fault,
 * FAR = the slot; FEAT_NV2 gives no syndrome register, ISV = 0). L0 completes the store as
 * the hardware would have (the MSR's Xt, read from L1's instruction) and so sees every write
 * at once, HCR_EL2.E2H included (follow_e2h at the end of this trap): exact E2H switches at
 * the cost of a trap per vEL2 register write.
 */
static void trap_vncr_write(struct l0_frame *f, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2), off = far - VNCR_RO_ALIAS, elr = read_sysreg(elr_el2);
	uint64_t par_l1 = read_sysreg(par_el1), par, pa;
	uint32_t insn;

	if (off >= sizeof(vncr_page) || (off & 7) || !(esr & (1ull << 6)) || (esr & 0x3f) != 0x0f) {
		con_printf("l0: VNCR abort ESR_EL2=0x%lx FAR_EL2=0x%lx\n", esr, far);
		l0_shutdown("unexpected VNCR page abort");
	}
	/* the instruction: L1's EL2 regime is the hardware EL1&0 one while L1 runs */
	__asm__ volatile("at s1e1r, %0" ::"r"(elr));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, par_l1);
	pa = (par & 0x0000fffffffff000ull) | (elr & 0xfff);
	if ((par & 1) || !l1_ram(pa, 4))
		l0_shutdown("VNCR store: L1's instruction not readable");
	insn = *(volatile uint32_t *)(uintptr_t)pa;
	if ((insn & 0xfff00000u) != 0xd5100000u) /* MSR <sysreg>, Xt (L = 0, op0 = 2/3) */
		l0_shutdown("VNCR store by an instruction other than MSR");
	/*
	 * Emulate it as the trapped MSR it would be under FEAT_NV alone: the ESR_EL2 of EC 0x18
	 * built from the instruction (MSR: o0 [19] (op0 = 2 + o0), op1 [18:16], CRn [15:12],
	 * CRm [11:8], op2 [7:5], Rt [4:0]; ISS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn
	 * [13:10], Rt [9:5], CRm [4:1], Direction 0 = write). nvarm then applies the register's
	 * RES0/RES1 bits, its owner (vGIC, timers) and any shadow reload, as for NV.
	 */
	uint64_t iss = ((2ull + ((insn >> 19) & 1)) << 20) | (((insn >> 5) & 7ull) << 17) |
		       (((insn >> 16) & 7ull) << 14) | (((insn >> 12) & 0xfull) << 10) |
		       ((insn & 31ull) << 5) | (((insn >> 8) & 0xfull) << 1);
	uint64_t sys_esr = (0x18ull << 26) | (1ull << 25) | iss;
	struct nvarm_trap t;

	(void)off;
	if (nvarm_trap_decode(sys_esr, &t) < 0)
		l0_shutdown("VNCR store: undecodable MSR");
	st.vncr_writes++;
	trap_sysreg(f, &t, sys_esr);
}

static void trap_abort(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2), hpfar = read_sysreg(hpfar_el2);

	if (t->cls == NVARM_TC_VNCR_ABT && !vcpu.in_l2) {
		trap_vncr_write(f, esr);
		return;
	}

	st.s2_faults++;
	if (vcpu.in_l2 && !vcpu.l2_flat) {
		shadow_fault(f, esr, far, hpfar);
		return;
	}
	/* For L1 itself: its GIC distributor/redistributor (vgicd.c), or L0 paging. An access
	 * without a valid syndrome (LDP/STP, writeback forms) is decoded from the instruction
	 * first (insn.c), one device access per register. */
	if (!vcpu.in_l2 && insn_mmio_l1(f, esr, far, (FIELD(hpfar, 43, 4) << 12) | (far & 0xfff))) {
		st.handled++;
		return;
	}
	if (vgicd_mmio(f, esr, (FIELD(hpfar, 43, 4) << 12) | (far & 0xfff))) {
		st.handled++;
		return;
	}
	if (!vcpu.in_l2) {
		l1_external_abort(esr, far);
		return;
	}
	/*
	 * L2 with L1's stage-2 off (its HCR_EL2.VM=0: L2's IPA is L1's IPA) reached an L1 IPA
	 * nothing backs: as for an L2 access L1's stage-2 maps there (shadow_fault), a
	 * synchronous External abort taken to L2's own EL1.
	 */
	l2_external_abort(esr, far);
}

static void trap_wfx(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr)
{
	(void)f;
	(void)t;
	(void)esr;
	st.handled++;
	advance_pc();
}

/* Trap kinds L0 handles, as decoded by nvarm_trap_decode(): one line each. */
static const struct {
	uint8_t kind; /* enum nvarm_trap_kind */
	void (*handle)(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr);
} trap_table[] = {
    {NVARM_TRAP_WFX, trap_wfx},	      {NVARM_TRAP_HVC, trap_hvc},   {NVARM_TRAP_SMC, trap_smc},
    {NVARM_TRAP_SYSREG, trap_sysreg}, {NVARM_TRAP_ERET, trap_eret}, {NVARM_TRAP_IABT, trap_abort},
    {NVARM_TRAP_DABT, trap_abort},
};

/*
 * L1 chooses VHE or not by writing HCR_EL2.E2H (its vEL2 behaves like a CPU with
 * FEAT_E2H0). Under NV that write traps (RELOAD: the shadow changes layout there); under
 * NV2 it goes to the VNCR page without trapping, so L0 compares after every trap from vEL2
 * and reloads the shadow in the new layout (world_l1_load: NV1 = !E2H from then on).
 */
static void follow_e2h(void)
{
	if (nvarm_vel2_is_vhe(&vcpu.v2) == vcpu.vhe)
		return;
	/* Under FEAT_NV2 L1's HCR_EL2 write went to the VNCR page: between it and this trap
	 * L1 ran with the old layout (its EL1-named accesses meant the other registers). */
	if (vcpu.mode == MODE_NV2 && !vcpu.e2h_late) {
		vcpu.e2h_late = true;
		con_printf("l0: L1 changed HCR_EL2.E2H under FEAT_NV2: followed at its next trap "
			   "only (nvarm.e2h=0|1 fixes E2H, as FEAT_E2H0/FEAT_VHE allow)\n");
	}
	world_l1_sync(); /* in the layout the hardware still holds */
	world_l1_reload();
}

/* L0's own time for one trap, charged to the L2 exit it belongs to (the kind when the trap
 * began, or the one it started), else to L1's own traps. */
static void account(uint64_t t0, enum exit_kind at_entry)
{
	uint64_t d = read_sysreg(cntpct_el0) - t0;
	enum exit_kind k = at_entry != EXIT_NONE ? at_entry : st.cur;

	if (k != EXIT_NONE) {
		st.kind_ticks[k] += d;
	} else {
		st.l1_ticks += d;
		st.l1_traps++;
	}
}

/* nvarm: trap entry. Every synchronous exception from L1 (and later L2) lands here. */
void l0_trap_sync(struct l0_frame *f)
{
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st.cur;
	uint64_t esr = read_sysreg(esr_el2);
	struct nvarm_trap t;
	int r = nvarm_trap_decode(esr, &t);

	world_trap_entry();
	st.traps++;
	if (r < 0) {
		/* An exception class nvarm does not decode: UNDEFINED for whoever caused it */
		con_printf("l0: undecodable trap ESR_EL2=0x%lx ELR_EL2=0x%lx (%d): UNDEFINED for "
			   "%s\n",
			   esr, read_sysreg(elr_el2), r, vcpu.in_l2 ? "L2" : "L1");
		if (vcpu.in_l2)
			l2_undef();
		else
			vel2_undef();
		goto out;
	}
	if (!st.by_ec[t.ec]++ && vcpu.trace)
		con_printf("l0: trace: first EC 0x%02x (%s, class %s) trap from %s: ESR_EL2=0x%lx "
			   "ELR_EL2=0x%lx\n",
			   t.ec, nvarm_ec_name(t.ec), nvarm_trap_class_name(t.cls),
			   vcpu.in_l2 ? "L2" : "L1", esr, read_sysreg(elr_el2));
	st.by_cls[t.cls < NVARM_TC__COUNT ? t.cls : NVARM_TC_OTHER]++;
	if (st.cur != EXIT_NONE)
		st.kind_traps[st.cur]++;
	/* L2's traps: nvarm_fwd_route() first (forward to L1, UNDEFINED, or L0's own). */
	/* An AArch32 L2's MCR/MRC (EC 0x03) or MCRR/MRRC (EC 0x04) to CP15 trapped by L1's
	 * HSTR_EL2.T<CRn> (the hardware runs L2 with L1's HSTR, route.c): L1's trap, with the
	 * same syndrome (DDI 0487 D24.2 HSTR_EL2; ISS CRn [13:10] for EC 0x03, CRm [4:1] for
	 * EC 0x04). nvarm's routing covers AArch64 accesses only. */
	if (vcpu.in_l2 && (t.ec == 0x03 || t.ec == 0x04)) {
		unsigned crn =
		    t.ec == 0x03 ? (unsigned)FIELD(esr, 13, 10) : (unsigned)FIELD(esr, 4, 1);
		if ((vel2_get(NVARM_ENC_HSTR_EL2) >> crn) & 1) {
			st.l2_fwd++;
			forward_to_l1_vec(VEC_LOWER_SYNC, esr, 0, 0, 0);
			account(t0, at_entry);
			return;
		}
	}
	if (!vcpu.in_l2 || !route_l2_trap(f, &t, esr)) {
		unsigned i = 0;
		while (i < sizeof(trap_table) / sizeof(trap_table[0]) &&
		       trap_table[i].kind != t.kind)
			i++;
		if (i == sizeof(trap_table) / sizeof(trap_table[0])) {
			/* No handler for this class: UNDEFINED for the guest that caused it */
			con_printf(
			    "l0: trap EC=0x%x (%s) ESR_EL2=0x%lx ELR_EL2=0x%lx FAR_EL2=0x%lx "
			    "has no handler: UNDEFINED for %s\n",
			    t.ec, nvarm_ec_name(t.ec), esr, read_sysreg(elr_el2),
			    read_sysreg(far_el2), vcpu.in_l2 ? "L2" : "L1");
			if (vcpu.in_l2)
				l2_undef();
			else
				vel2_undef();
		} else {
			trap_table[i].handle(f, &t, esr);
		}
	}
out:
	/* Back to a guest: L1's vEL2 flavour, the timers (levels, deadline), L1's list
	 * registers (after the timers: a timer level that dropped is withdrawn first). */
	if (!vcpu.in_l2)
		follow_e2h();
	if (!st.fast_resume)
		l0_vtimer_resume();
	st.fast_resume = false;
	if (!vcpu.in_l2)
		vgic_l1_flush(); /* nvarm: before every entry into L1 */
	account(t0, at_entry);
}

static void trap_irq(void)
{
	uint64_t iar = hw_get(ENC_ICC_IAR1);
	uint32_t intid = (uint32_t)(iar & 0xffffff);

	world_trap_entry();
	st.irqs++;
	if (intid >= 1020)
		return; /* spurious */
	st.traps++;
	if (st.cur != EXIT_NONE)
		st.kind_traps[st.cur]++;
	if (intid == m.gic_maint_ppi) {
		vgic_maint_irq(iar); /* nvarm vGIC: L1's maintenance interrupt, EOIs it */
		l0_vtimer_resume();
		if (!vcpu.in_l2)
			vgic_l1_flush();
		return;
	}
	if (l0_vtimer_irq(intid, iar)) {
		/* A timer: nvarm's vtimer says whose (timer.c), L0 delivers it to L1. */
		l0_vtimer_resume();
		if (!vcpu.in_l2)
			vgic_l1_flush();
		return;
	}
	hw_set(ENC_ICC_EOIR1, iar);
	st.other_irqs++;
}

void l0_trap_irq(struct l0_frame *f)
{
	uint64_t t0 = read_sysreg(cntpct_el0);
	enum exit_kind at_entry = st.cur;

	(void)f;
	trap_irq();
	account(t0, at_entry);
}
