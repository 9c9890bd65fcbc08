// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// A tiny bounded FDT scanner (see fdt_mini.h).
#include "fdt_mini.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u
#define FDT_MAX_SIZE   (2u << 20)

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Does the string list @p list (@p len bytes) contain @p s? */
static bool strlist_has(const char *list, uint32_t len, const char *s)
{
	uint32_t i = 0;
	while (i < len) {
		if (str_eq(list + i, s))
			return true;
		while (i < len && list[i])
			i++;
		i++;
	}
	return false;
}

bool fdt_mini_valid(uint64_t addr)
{
	if (!addr || (addr & 7))
		return false;
	const uint8_t *p = (const uint8_t *)(uintptr_t)addr;
	return be32(p) == FDT_MAGIC && be32(p + 4) <= FDT_MAX_SIZE;
}

/*
 * A bounded walk over the structure block. Properties precede child nodes, so a
 * node's compatible/reg/method are complete when its first child or its end is seen.
 * Examined: the top-level nodes (where QEMU's virt puts the PL011, memory and psci; the root's
 * #address-cells is 2 there), /chosen's initrd properties and bootargs, and /chosen's children with
 * compatible "multiboot,module" (reg with 2+2 cells, the convention Xen uses).
 */
void fdt_mini_scan(const uint8_t *fdt, struct dt_info *out)
{
	uint32_t size = be32(fdt + 4);
	const uint8_t *st = fdt + be32(fdt + 8);
	const char *strs = (const char *)fdt + be32(fdt + 12);
	uint32_t st_size = be32(fdt + 36);
	uint32_t off = 0, depth = 0, chosen_depth = 0;
	bool is_pl011 = false, is_psci = false, hvc = false, is_mod = false, is_rd = false;
	bool is_mem = false, is_gic = false;
	uint64_t reg = 0, reg_size = 0, reg2 = 0;

	if (be32(fdt + 8) >= size || st_size > size)
		return;
	while (off + 4 <= st_size) {
		uint32_t tok = be32(st + off);
		off += 4;
		if (tok == FDT_BEGIN_NODE || tok == FDT_END_NODE) {
			if (depth == 2 && is_pl011 && !out->pl011)
				out->pl011 = reg;
			if (depth == 2 && is_gic && !out->gicd) {
				out->gicd = reg;
				out->gicr = reg2;
			}
			if (depth == 2 && is_mem && !out->mem_size) {
				out->mem_base = reg;
				out->mem_size = reg_size;
			}
			if (depth == 2 && is_psci) {
				out->psci_found = true;
				out->psci_hvc = hvc;
			}
			if (chosen_depth && depth == chosen_depth + 1 && is_mod &&
			    out->nmodules < DT_MAX_MODULES) {
				out->modules[out->nmodules].addr = reg;
				out->modules[out->nmodules].size = reg_size;
				out->modules[out->nmodules++].ramdisk = is_rd;
			}
			is_pl011 = is_psci = hvc = is_mod = is_rd = is_mem = is_gic = false;
			reg = reg_size = reg2 = 0;
		}
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)st + off;
			depth++;
			if (depth == 2 && str_eq(name, "chosen"))
				chosen_depth = depth;
			while (off < st_size && st[off])
				off++;
			off = (off + 4) & ~3u;
		} else if (tok == FDT_END_NODE) {
			if (!depth)
				return;
			if (depth == chosen_depth)
				chosen_depth = 0;
			depth--;
		} else if (tok == FDT_PROP) {
			if (off + 8 > st_size)
				return;
			uint32_t len = be32(st + off);
			const char *name = strs + be32(st + off + 4);
			const uint8_t *val = st + off + 8;
			off += 8;
			if (len > st_size - off)
				return;
			if (str_eq(name, "compatible")) {
				is_pl011 |= strlist_has((const char *)val, len, "arm,pl011");
				is_gic |= strlist_has((const char *)val, len, "arm,gic-v3");
				is_psci |= strlist_has((const char *)val, len, "arm,psci-0.2") ||
					   strlist_has((const char *)val, len, "arm,psci");
				is_mod |= strlist_has((const char *)val, len, "multiboot,module");
				is_rd |= strlist_has((const char *)val, len, "multiboot,ramdisk");
			} else if (str_eq(name, "reg") && len >= 8) {
				reg = (uint64_t)be32(val) << 32 | be32(val + 4);
				if (len >= 16)
					reg_size = (uint64_t)be32(val + 8) << 32 | be32(val + 12);
				if (len >= 32) /* a second region (2 + 2 cells each) */
					reg2 = (uint64_t)be32(val + 16) << 32 | be32(val + 20);
			} else if (str_eq(name, "device_type") && len >= 7) {
				is_mem = str_eq((const char *)val, "memory");
			} else if (str_eq(name, "method") && len >= 3) {
				hvc = str_eq((const char *)val, "hvc");
			} else if (depth == chosen_depth && (len == 4 || len == 8) &&
				   (str_eq(name, "linux,initrd-start") ||
				    str_eq(name, "linux,initrd-end"))) {
				uint64_t v = len == 4 ? be32(val)
						      : (uint64_t)be32(val) << 32 | be32(val + 4);
				if (name[13] == 's')
					out->initrd_start = v;
				else
					out->initrd_end = v;
			} else if (depth == chosen_depth && str_eq(name, "bootargs")) {
				uint32_t n = len < sizeof(out->bootargs)
						 ? len
						 : (uint32_t)sizeof(out->bootargs) - 1;
				for (uint32_t i = 0; i < n; i++)
					out->bootargs[i] = (char)val[i];
				out->bootargs[n] = 0;
			}
			off = (off + len + 3) & ~3u;
		} else if (tok == FDT_END) {
			return;
		} else if (tok != FDT_NOP) {
			return;
		}
	}
}
