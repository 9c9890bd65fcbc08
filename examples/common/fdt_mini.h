/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * A tiny, bounded flattened-device-tree scanner for programs that run before (or
 * without) libfdt: finds the PL011, the GICv3, the first memory range and the PSCI conduit
 * among the top-level nodes,
 * the initrd, the bootargs and the multiboot modules (Xen convention) in /chosen.
 */
#ifndef EXAMPLES_FDT_MINI_H
#define EXAMPLES_FDT_MINI_H
#include <stdbool.h>
#include <stdint.h>

#define DT_MAX_MODULES 4

struct dt_info {
	uint64_t pl011;		     /* first "arm,pl011" reg (root #address-cells = 2), or 0 */
	uint64_t gicd, gicr;	     /* "arm,gic-v3" reg: distributor, first redistributor */
	uint64_t mem_base, mem_size; /* first device_type = "memory" node's first reg, or 0 */
	bool psci_hvc;		     /* psci method is "hvc" */
	bool psci_found;	     /* a psci node was seen */
	uint64_t initrd_start, initrd_end; /* /chosen linux,initrd-{start,end}, or 0 */
	char bootargs[128];		   /* /chosen bootargs (truncated), or "" */
	unsigned nmodules;		   /* /chosen/module@... "multiboot,module" nodes */
	struct {
		uint64_t addr, size;
		bool ramdisk; /* also "multiboot,ramdisk" */
	} modules[DT_MAX_MODULES];
};

/** Does @p addr hold an FDT header (magic, sane size)? */
bool fdt_mini_valid(uint64_t addr);
/** Fill @p out from the FDT at @p fdt (must be valid). */
void fdt_mini_scan(const uint8_t *fdt, struct dt_info *out);
#endif
