// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Deliberately NOT freestanding: global state (see freestanding-canary.c). */
static unsigned long nvarm_canary_counter;

unsigned long nvarm_canary_tick(void);
unsigned long nvarm_canary_tick(void)
{
	return ++nvarm_canary_counter;
}
