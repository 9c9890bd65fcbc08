// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// A counting build of the example L0 (cmake -DNVARM_L0_MSR_COUNT=ON): every system
// register write the L0 makes (write_sysreg, hw_set, and the nvarm ops->hw_write the
// library's vGIC calls) first reads the register and notes whether the value changes.
// The counts of one trap are charged, as its time is (trap.c account), to the L2 exit the
// trap belongs to or to L1's own traps; the closing line `nvarm-msr:` gives, per register,
// the writes per L2 hypercall and per L2 MMIO exit, how many of those wrote the value the
// register already held, and the writes of L1's own traps. An emulator does work on some
// writes whatever the value (QEMU flushes its TLB on any TCR_EL1 write), so a write of an
// unchanged value is a cost to look at. One vCPU's figures (the table is shared: run with
// one CPU). Not for production: the extra reads change the timing.
#include "l0.h"

#define MSR_SLOTS 64

struct msr_slot {
	const char *name;
	uint64_t n[EXIT__COUNT], same[EXIT__COUNT]; /* EXIT_NONE: L1's own traps */
};

static struct msr_slot slots[MSR_SLOTS];
static unsigned nslots;
static uint16_t trap_n[MSR_SLOTS], trap_same[MSR_SLOTS]; /* this trap's, not yet charged */

static bool same_name(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void l0_msr_note(const char *name, bool same)
{
	unsigned i;

	for (i = 0; i < nslots && !same_name(slots[i].name, name); i++)
		;
	if (i == nslots) {
		if (nslots == MSR_SLOTS)
			return;
		slots[nslots++].name = name;
	}
	trap_n[i]++;
	trap_same[i] += same;
}

/* By encoding (hw_set, ops->hw_write): the database's name; write-only registers are
 * never "unchanged". */
void l0_msr_note_enc(uint32_t enc, uint64_t val)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(nvarm_sysreg_lookup(enc));
	bool wo = enc == NVARM_ENC_ICC_EOIR1_EL1 || enc == NVARM_ENC_ICC_SGI1R_EL1 ||
		  enc == NVARM_ENC_ICC_DIR_EL1;
	uint64_t old = 0;

	l0_msr_note(d ? d->name : "(unknown)",
		    !wo && nvarm_bm_sysreg_read(enc, &old) == 0 && old == val);
}

void l0_msr_account(enum exit_kind k)
{
	for (unsigned i = 0; i < nslots; i++) {
		slots[i].n[k] += trap_n[i];
		slots[i].same[k] += trap_same[i];
		trap_n[i] = trap_same[i] = 0;
	}
}

/* a/b with two decimals */
static void per(uint64_t a, uint64_t b)
{
	uint64_t q = b ? a * 100 / b : 0;

	con_printf("%lu.%02lu", q / 100, q % 100);
}

void l0_msr_print(const struct l0_stats *st)
{
	uint64_t tot[6] = {0};

	con_printf("nvarm-msr: per L2 hvc (%lu), per L2 mmio (%lu), per L1 trap (%lu): "
		   "writes/unchanged\n",
		   st->kind_exits[EXIT_HVC], st->kind_exits[EXIT_MMIO], st->l1_traps);
	for (unsigned i = 0; i < nslots; i++) {
		const struct msr_slot *s = &slots[i];

		con_printf("nvarm-msr: %s hvc ", s->name);
		per(s->n[EXIT_HVC], st->kind_exits[EXIT_HVC]);
		con_puts("/");
		per(s->same[EXIT_HVC], st->kind_exits[EXIT_HVC]);
		con_puts(" mmio ");
		per(s->n[EXIT_MMIO], st->kind_exits[EXIT_MMIO]);
		con_puts("/");
		per(s->same[EXIT_MMIO], st->kind_exits[EXIT_MMIO]);
		con_puts(" l1 ");
		per(s->n[EXIT_NONE], st->l1_traps);
		con_puts("/");
		per(s->same[EXIT_NONE], st->l1_traps);
		con_putc('\n');
		tot[0] += s->n[EXIT_HVC], tot[1] += s->same[EXIT_HVC];
		tot[2] += s->n[EXIT_MMIO], tot[3] += s->same[EXIT_MMIO];
		tot[4] += s->n[EXIT_NONE], tot[5] += s->same[EXIT_NONE];
	}
	/* the totals, for scripts/bench --msr's limits */
	con_puts("nvarm-msr-total: writes_per_l2_hvc=");
	per(tot[0], st->kind_exits[EXIT_HVC]);
	con_puts(" unchanged_per_l2_hvc=");
	per(tot[1], st->kind_exits[EXIT_HVC]);
	con_puts(" writes_per_l2_mmio=");
	per(tot[2], st->kind_exits[EXIT_MMIO]);
	con_puts(" unchanged_per_l2_mmio=");
	per(tot[3], st->kind_exits[EXIT_MMIO]);
	con_puts(" writes_per_l1_trap=");
	per(tot[4], st->l1_traps);
	con_puts(" unchanged_per_l1_trap=");
	per(tot[5], st->l1_traps);
	con_putc('\n');
}
