// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The example L0's physical CPUs and L1's vCPUs: vCPU i runs on physical CPU i, which L0
// powers on (PSCI CPU_ON to the machine's firmware) when L1 powers vCPU i on (L1's PSCI
// CPU_ON, answered by L0: Arm DEN 0022 5.1.4). A secondary CPU enters at start.S's
// l0_secondary_entry with x0 = its struct l0_pcpu, brings up its EL2 (stage-1, vectors,
// GIC redistributor, CPU interface) and enters its vCPU at vEL2 where L1 asked, x0 = L1's
// context id. A vCPU that calls CPU_OFF powers its physical CPU off with it.
#include "l0.h"

#define PSCI_CPU_ON	      0xc4000003u
#define PSCI_AFFINITY_INFO    0xc4000004u
#define PSCI_CPU_SUSPEND      0xc4000001u
#define PSCI_SUCCESS	      0
#define PSCI_INVALID_PARAMS   (-2)
#define PSCI_ALREADY_ON	      (-4)
#define PSCI_ON_PENDING	      (-5)
#define PSCI_INTERNAL_FAILURE (-6)

#define SECONDARY_STACK	      (16u << 10)

static struct l0_pcpu pcpus[L0_MAX_CPUS];
static uint8_t stacks[L0_MAX_CPUS][SECONDARY_STACK] __attribute__((aligned(16)));

void l0_secondary_entry(void); /* start.S */
void l0_secondary_main(struct l0_pcpu *c) __attribute__((noreturn));

/* Physical CPU @p i (0 is the boot CPU, on its image stack). */
struct l0_pcpu *smp_pcpu(unsigned i, const struct machine *m)
{
	struct l0_pcpu *c = &pcpus[i];

	c->id = i;
	c->m = m;
	if (i)
		c->stack_top = (uint64_t)(uintptr_t)&stacks[i][SECONDARY_STACK];
	return c;
}

static uint64_t psci_conduit(const struct machine *m, uint64_t fn, uint64_t a1, uint64_t a2,
			     uint64_t a3)
{
	return m->psci_hvc ? hvc_call(fn, a1, a2, a3) : smc_call(fn, a1, a2, a3);
}

/* The vCPU whose MPIDR has @p target's affinity (Aff3 [39:32], Aff2..Aff0 [23:0]). */
static struct l0_vcpu *vcpu_by_mpidr(struct l0_vm *vm, uint64_t target)
{
	const uint64_t aff = 0xff00ffffffull;

	for (unsigned i = 0; i < vm->nvcpus; i++)
		if ((vm->vcpus[i]->mpidr & aff) == (target & aff))
			return vm->vcpus[i];
	return NULL;
}

/* L1's CPU_ON (@p v the caller): start @p target's vCPU at @p entry with x0 = @p ctx. */
static int64_t cpu_on(struct l0_vcpu *v, uint64_t target, uint64_t entry, uint64_t ctx)
{
	struct l0_vcpu *t = vcpu_by_mpidr(v->vm, target);

	if (!t)
		return PSCI_INVALID_PARAMS;
	l0_lock(&v->vm->gic_lock); /* power state changes under the VM's lock */
	int64_t r = t->power == VCPU_ON		  ? PSCI_ALREADY_ON
		    : t->power == VCPU_ON_PENDING ? PSCI_ON_PENDING
						  : PSCI_SUCCESS;
	if (r == PSCI_SUCCESS) {
		/* out of power-down: the vCPU's reset state, its redistributor too */
		vcpu_init(t, t->vm, t->id, t->mpidr);
		vgicd_init(t);
		t->power = VCPU_ON_PENDING;
		t->boot_entry = entry;
		t->boot_ctx = ctx;
	}
	l0_unlock(&v->vm->gic_lock);
	if (r != PSCI_SUCCESS)
		return r;
	struct l0_pcpu *c = &pcpus[t->id];
	c->vcpu = t;
	dsb(ish);
	r = (int64_t)psci_conduit(v->vm->m, PSCI_CPU_ON, t->mpidr & 0xff00ffffffull,
				  (uint64_t)(uintptr_t)l0_secondary_entry, (uint64_t)(uintptr_t)c);
	if (r != PSCI_SUCCESS) {
		con_printf("l0: physical CPU_ON of 0x%lx failed: %ld\n", t->mpidr, (long)r);
		t->power = VCPU_OFF;
		return PSCI_INTERNAL_FAILURE;
	}
	return PSCI_SUCCESS;
}

void l0_secondary_main(struct l0_pcpu *c)
{
	struct l0_vcpu *v = c->vcpu;

	el2_mmu_enable();
	gic_cpu_init(c, c->m);
	cpuif_init(v); /* L1's virtual CPU interface on this CPU's list registers */
	l1_first_entry(v, v->boot_entry);
	/* L1's registers at the entry: x0 = its context id, the rest 0 (DEN 0022 6.4.3), in a
	 * frame below this CPU's stack top (the trap path pushes its frames there) */
	struct l0_frame *f = (struct l0_frame *)(uintptr_t)(read_sp() - sizeof(*f) - 256);
	for (unsigned i = 0; i < 31; i++)
		f->x[i] = 0;
	f->x[0] = v->boot_ctx;
	v->power = VCPU_ON;
	l0_enter_guest(f);
}

/*
 * L1's PSCI calls about CPUs (Arm DEN 0022): CPU_ON, CPU_OFF, AFFINITY_INFO, CPU_SUSPEND.
 * True when @p fn is one of them (the result in x0; CPU_OFF does not return).
 */
bool smp_psci(struct l0_vcpu *v, struct l0_frame *f)
{
	uint32_t fn = (uint32_t)f->x[0];

	switch (fn) {
	case PSCI_CPU_ON:
		f->x[0] = (uint64_t)cpu_on(v, f->x[1], f->x[2], f->x[3]);
		return true;
	case PSCI_AFFINITY_INFO: {
		struct l0_vcpu *t = vcpu_by_mpidr(v->vm, f->x[1]);
		/* level 0 only (lowest affinity: one vCPU): ON 0, OFF 1, ON_PENDING 2 */
		f->x[0] = !t || f->x[2]		 ? (uint64_t)(int64_t)PSCI_INVALID_PARAMS
			  : t->power == VCPU_ON	 ? 0
			  : t->power == VCPU_OFF ? 1
						 : 2;
		return true;
	}
	case PSCI_CPU_SUSPEND:
		/* a standby or powerdown state woken at once (an allowed outcome: a wakeup
		 * event may arrive at any time, DEN 0022 5.4): success, execution goes on */
		f->x[0] = PSCI_SUCCESS;
		return true;
	case PSCI_CPU_OFF:
		if (v->id == 0) { /* the boot vCPU stays: L0's own boot CPU cannot power off */
			f->x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
			return true;
		}
		v->power = VCPU_OFF;
		l0_this_cpu()->vcpu = NULL;
		dsb(ish);
		psci_conduit(v->vm->m, PSCI_CPU_OFF, 0, 0, 0);
		panic("physical CPU_OFF returned");
	}
	return false;
}
