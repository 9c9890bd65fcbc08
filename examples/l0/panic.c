// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// The bottom of the example L0: powering the machine off (PSCI SYSTEM_OFF through the
// conduit the host DTB names) and giving up on an L0 bug. Guest behaviour never ends here:
// a guest's mistakes become exceptions for that guest (exc.c).
#include "l0.h"

void power_off(void)
{
	const struct l0_pcpu *c = l0_this_cpu();

	if (c && c->m && c->m->psci_hvc)
		hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	else
		smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void panic(const char *why)
{
	con_printf("l0: PANIC: %s\n", why);
	power_off();
}

void l0_panic_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far)
{
	con_printf("l0: exception in L0 itself: vector %lu ESR_EL2=0x%lx ELR=0x%lx FAR=0x%lx\n",
		   idx, esr, elr, far);
	panic("L0 bug");
}

/* A test-and-set spinlock between the physical CPUs (exclusives: L0's RAM is Normal
 * write-back, inner shareable, so they work across CPUs). */
void l0_lock(struct l0_lock *l)
{
	while (__atomic_exchange_n(&l->v, 1u, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->v, __ATOMIC_RELAXED))
			__asm__ volatile("yield");
}

void l0_unlock(struct l0_lock *l)
{
	__atomic_store_n(&l->v, 0u, __ATOMIC_RELEASE);
}
