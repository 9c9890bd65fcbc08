// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// L1's stage-2 maps an L2 page to a physical address with nothing behind it (4 GiB, above
// the RAM the DTB describes): L2's load is a synchronous External abort (DDI 0487 D8.x;
// whether a PA without memory aborts is IMPLEMENTATION DEFINED, QEMU aborts). With
// HCR_EL2.TEA = 0 it is taken to L2's own EL1 (routing of synchronous External aborts,
// D1.x), which this image's L2 vectors turn into an exit: L1 prints what L2's EL1 got.
#include "sec_s2.h"

u64 s2nopa_load(u64 a)
{
	return *(volatile u64 *)a;
}

int s2nopa_setup(struct s2t *t, struct l2_config *cfg, u64 *w)
{
	u64 W = 1ULL << 31, hole = 1ULL << 32;

	if (plat.mem_base + plat.mem_size > hole || s2t_init(t, 12, 1, 32, 2) || s2t_map_image(t) ||
	    s2t_map(t, W, hole, 3, S2D_NORMAL))
		return -1;
	s2t_cfg(t, cfg, 0);
	*w = W;
	return 0;
}

void sec_s2nopa(void)
{
	struct s2t t;
	struct l2_config cfg;
	struct l2_exit e;
	u64 W;

	if (s2nopa_setup(&t, &cfg, &W)) {
		t_line("RAM reaches 4 GiB or cannot build the tables");
		return;
	}
	int rc = run_l2(&cfg, s2nopa_load, W + 0x48, &e);
	if (rc < 0) {
		t_line("setup failed");
		return;
	}
	/* L2's EL1 took it (ESR_EL1, FAR_EL1 written by the exception; E2H=0 here). */
	u64 esr1 = rd(esr_el1), far1 = rd(far_el1);
	t_exit("L2 load from an IPA L1 maps to 4 GiB", &e, c_base());
	t_line("L2's EL1 took ESR_EL1=0x%lx FAR_EL1=W+0x%lx", (unsigned long)esr1,
	       (unsigned long)(far1 - W));
}
