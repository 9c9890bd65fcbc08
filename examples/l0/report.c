// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// Statistics of the example L0: counted on the way by every file (struct l0_stats of the
// vCPU), printed here as the closing `nvarm-stats:` line; nothing reads them to decide.
#include "l0.h"

/* Per-register counts of trapped MRS/MSR/SYS, keyed by the decoded nvarm register id
 * (NVARM_SR_NONE: not in nvarm's database, counted by encoding). */
void stats_sysreg(struct l0_stats *st, const struct nvarm_trap *t)
{
	bool known = t->reg < NVARM_SR__COUNT;

	if (known && st->sr_slot[t->reg]) {
		st->sr[st->sr_slot[t->reg] - 1].n++;
		return;
	}
	for (unsigned i = 0; !known && i < st->nsr; i++)
		if (st->sr[i].reg == t->reg && st->sr[i].enc == t->enc) {
			st->sr[i].n++;
			return;
		}
	if (st->nsr < sizeof(st->sr) / sizeof(st->sr[0])) {
		st->sr[st->nsr].reg = t->reg;
		st->sr[st->nsr].enc = t->enc;
		st->sr[st->nsr++].n = 1;
		if (known)
			st->sr_slot[t->reg] = (uint8_t)st->nsr;
	}
}

void print_sysreg_name(unsigned reg, uint32_t enc)
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

/* The lean EC 0x18 entry's traps (st->lean_sr, trap.c) into the counters they belong to:
 * each a trap of L1 (EC 0x18, a plain register's class, handled) and its MRS/MSR. */
static void stats_fold(struct l0_stats *st)
{
	st->traps += st->lean_sr;
	st->by_ec[EC_SYS64] += st->lean_sr;
	st->by_cls[NVARM_TC_SYSREG] += st->lean_sr;
	st->handled += st->lean_sr;
	st->l1_traps += st->lean_sr;
	st->l1_sr_traps += st->lean_sr;
	st->l1_ticks += st->lean_sr_ticks;
	st->l1_sr_ticks += st->lean_sr_ticks;
	st->lean_sr = st->lean_sr_ticks = 0;
}

static void stats_print(struct l0_vcpu *v)
{
	const struct l0_stats *st = &v->st;
	char buf[3][24];
	struct nvarm_s2mmu_stats ss = {0};

	nvarm_s2mmu_stats(&v->vm->s2mmu, &ss);

	con_printf(
	    "nvarm-stats: mode=%s l1=%s traps=%lu ec_sysreg=%lu ec_hvc=%lu ec_smc=%lu "
	    "ec_eret=%lu ec_wfx=%lu ec_dabt=%lu ec_iabt=%lu irqs=%lu handled=%lu "
	    "forwarded=%lu s2_faults=%lu shadow_faults=%lu shadow_inval=%lu l2_hvc=%lu "
	    "l0_traps_per_l2_hvc=%s l2_smc=%lu l2_mmio=%lu l0_traps_per_l2_mmio=%s "
	    "l2_timer_irqs=%lu "
	    "l0_traps_per_l2_timer_irq=%s l2_entries=%lu irq_at_eret=%lu other_irqs=%lu "
	    "shadow_installs=%lu shadow_injects=%lu shadow_l0=%lu shadow_removed=%lu "
	    "shadow_mmus=%u shadow_table_pages=%u shadow_leaves=%u vel2_reloads=%lu "
	    "vel2_tlbi=%lu",
	    v->vm->mode == MODE_NV2 ? "nv2" : "nv", v->vhe ? "vhe" : "nvhe", st->traps,
	    st->by_ec[EC_SYS64], st->by_ec[EC_HVC64], st->by_ec[EC_SMC64], st->by_ec[EC_ERET],
	    st->by_ec[EC_WFX], st->by_ec[EC_DABT_LOW], st->by_ec[EC_IABT_LOW], st->irqs,
	    st->handled, st->forwarded, st->s2_faults, st->shadow_faults, st->shadow_inval,
	    st->l2_hvc, ratio(st->kind_traps[EXIT_HVC], st->kind_exits[EXIT_HVC], buf[0]),
	    st->kind_exits[EXIT_SMC], st->kind_exits[EXIT_MMIO],
	    ratio(st->kind_traps[EXIT_MMIO], st->kind_exits[EXIT_MMIO], buf[1]), st->timer_irqs,
	    ratio(st->kind_traps[EXIT_IRQ], st->kind_exits[EXIT_IRQ], buf[2]), st->l2_entries,
	    st->irq_at_eret, st->other_irqs, st->shadow_installs, st->shadow_injects, st->shadow_l0,
	    st->shadow_removed, ss.mmus, ss.table_pages, ss.leaves, st->vel2_reloads,
	    st->vel2_tlbi);
	con_printf(" shadow_reclaims=%lu shadow_reclaimed_pages=%lu shadow_reclaimed_leaves=%lu",
		   (unsigned long)ss.reclaim_passes, (unsigned long)ss.reclaim_pages,
		   (unsigned long)ss.reclaim_leaves);
	con_printf(" l1_ext_aborts=%lu l1_excl_aborts=%lu l2_ext_aborts=%lu vncr_writes=%lu "
		   "vncr_aborts=%lu",
		   st->l1_ext_aborts, st->l1_excl_aborts, st->l2_ext_aborts, st->vncr_writes,
		   st->vncr_aborts);
	/* L0's own ticks (instructions under -icount shift=0) per L2 exit and per L1 trap */
	con_printf(
	    " l0_ticks_per_l2_hvc=%lu l0_ticks_per_l2_mmio=%lu l0_ticks_per_l1_trap=%lu"
	    " l0_ticks_per_l1_sysreg=%lu",
	    st->kind_exits[EXIT_HVC] ? st->kind_ticks[EXIT_HVC] / st->kind_exits[EXIT_HVC] : 0,
	    st->kind_exits[EXIT_MMIO] ? st->kind_ticks[EXIT_MMIO] / st->kind_exits[EXIT_MMIO] : 0,
	    st->l1_traps ? st->l1_ticks / st->l1_traps : 0,
	    st->l1_sr_traps ? st->l1_sr_ticks / st->l1_sr_traps : 0);
	con_printf(" l2_fwd=%lu l2_l0=%lu l2_undef=%lu l1_flat_entries=%lu at_s12=%lu "
		   "at_s12_walks=%lu",
		   st->l2_fwd, st->l2_l0, st->l2_undef, st->flat_entries, st->at_s12,
		   st->at_s12_walks);
	vgic_stats_print(v);
	for (unsigned c = 0; c < NVARM_TC__COUNT; c++)
		if (st->by_cls[c])
			con_printf(" tc_%s=%lu", nvarm_trap_class_name(c), st->by_cls[c]);
	for (unsigned i = 0; i < st->nsr; i++) {
		con_puts(" sr_");
		print_sysreg_name(st->sr[i].reg, st->sr[i].enc);
		con_printf("=%lu", st->sr[i].n);
	}
	l0_vtimer_stats_print(v);
	con_putc('\n');
}

/* An orderly end (L1 powered its machine off): the statistics of the vCPU, then off. */
void l0_shutdown(struct l0_vcpu *v, const char *why)
{
	con_printf("l0: %s\n", why);
	stats_fold(&v->st); /* (the others' lean traps are added below: they may still run) */
	vgicd_stats(v);
	/* the other vCPUs in one line each (their full statistics are counted the same way) */
	for (unsigned i = 0; v->vm->nvcpus > 1 && i < v->vm->nvcpus; i++) {
		const struct l0_vcpu *o = v->vm->vcpus[i];
		const struct l0_stats *s = &o->st;

		con_printf(
		    "l0: vcpu %u: power=%s traps=%lu irqs=%lu sysreg=%lu eret=%lu dabt=%lu "
		    "iabt=%lu smc=%lu wfx=%lu l2_entries=%lu sgis=%lu kicks=%lu injected=%lu\n",
		    i,
		    o->power == VCPU_ON	   ? "on"
		    : o->power == VCPU_OFF ? "off"
					   : "pending",
		    s->traps + s->lean_sr, s->irqs, s->by_ec[EC_SYS64] + s->lean_sr,
		    s->by_ec[EC_ERET], s->by_ec[EC_DABT_LOW], s->by_ec[EC_IABT_LOW],
		    s->by_ec[EC_SMC64], s->by_ec[EC_WFX], s->l2_entries, o->vgicd.sgis,
		    o->vgicd.kicks, o->vgicd.injected);
	}
	stats_print(v);
#ifdef L0_MSR_COUNT
	l0_msr_print(&v->st);
#endif
	power_off();
}
