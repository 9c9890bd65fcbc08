// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Boot: a minimal flattened-device-tree reader (PL011, GICv3, PSCI conduit, memory),
// the section runner and PSCI SYSTEM_OFF.
#include "conform.h"

struct platform plat;
void c_main(u64 dtb);
extern char _head[];

u64 c_base(void)
{
	u64 b;
	__asm__("adr %0, _head" : "=r"(b));
	return b;
}

static u32 be32(const void *p)
{
	const unsigned char *b = p;
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int str_prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

/* Does a "compatible" string list contain c? */
static int compat_has(const char *list, u32 len, const char *c)
{
	u32 i = 0;
	while (i < len) {
		if (str_eq(list + i, c))
			return 1;
		while (i < len && list[i])
			i++;
		i++;
	}
	return 0;
}

static u64 cells(const unsigned char *p, u32 n)
{
	u64 v = 0;
	for (u32 i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

/* PPI INTIDs from an "interrupts" property of 3-cell GIC specifiers (type 1 = PPI,
 * number, flags: INTID = 16 + number). */
static void fdt_intr(const char *compat, u32 clen, const unsigned char *v, u32 len)
{
	if (compat_has(compat, clen, "arm,gic-v3") && len >= 12 && be32(v) == 1)
		plat.gic_maint = 16 + be32(v + 4);
	if (compat_has(compat, clen, "arm,armv8-timer"))
		for (u32 i = 0; i < 5 && 12 * (i + 1) <= len; i++)
			if (be32(v + 12 * i) == 1)
				plat.timer_ppi[i] = 16 + be32(v + 12 * i + 4);
	if (compat_has(compat, clen, "arm,armv8-pmuv3") && len >= 12 && be32(v) == 1)
		plat.pmu_ppi = 16 + be32(v + 4);
}

/* Walk the structure block once (depth bounded); pick what the image needs. */
static void fdt_scan(u64 dtb)
{
	const unsigned char *f = (const unsigned char *)dtb;
	if (!dtb || be32(f) != 0xd00dfeed)
		return;
	const unsigned char *st = f + be32(f + 8);
	const char *strs = (const char *)f + be32(f + 12);
	u32 size = be32(f + 36);
	enum { MAXD = 16 };
	u32 acells[MAXD], scells[MAXD];
	const char *name[MAXD];
	const char *compat[MAXD];
	u32 compat_len[MAXD];
	const unsigned char *reg[MAXD];
	u32 reg_len[MAXD];
	const unsigned char *intr[MAXD];
	u32 intr_len[MAXD];
	int d = 0;
	acells[0] = 2, scells[0] = 1;
	for (u32 off = 0; off + 4 <= size;) {
		u32 tok = be32(st + off);
		off += 4;
		if (tok == 1) { /* FDT_BEGIN_NODE */
			const char *n = (const char *)st + off;
			u32 l = 0;
			while (n[l])
				l++;
			off += (l + 4) & ~3u;
			if (++d >= MAXD)
				return;
			name[d] = n, compat[d] = 0, compat_len[d] = 0, reg[d] = 0, reg_len[d] = 0;
			intr[d] = 0, intr_len[d] = 0;
			acells[d] = 2, scells[d] = 1;
		} else if (tok == 3) { /* FDT_PROP */
			u32 len = be32(st + off), nameoff = be32(st + off + 4);
			const unsigned char *v = st + off + 8;
			const char *pn = strs + nameoff;
			off += 8 + ((len + 3) & ~3u);
			if (d < 1)
				continue;
			if (str_eq(pn, "compatible"))
				compat[d] = (const char *)v, compat_len[d] = len;
			else if (str_eq(pn, "reg"))
				reg[d] = v, reg_len[d] = len;
			else if (str_eq(pn, "interrupts"))
				intr[d] = v, intr_len[d] = len;
			else if (str_eq(pn, "#address-cells"))
				acells[d] = be32(v);
			else if (str_eq(pn, "#size-cells"))
				scells[d] = be32(v);
			else if (str_eq(pn, "method") && str_eq(name[d], "psci"))
				plat.psci_hvc = str_eq((const char *)v, "hvc");
		} else if (tok == 2) { /* FDT_END_NODE: the node is complete */
			if (d >= 2 && compat[d] && intr[d])
				fdt_intr(compat[d], compat_len[d], intr[d], intr_len[d]);
			if (d >= 2 && reg[d]) {
				u32 a = acells[d - 1], s = scells[d - 1], e = 4 * (a + s);
				const unsigned char *r = reg[d];
				if (compat[d] &&
				    compat_has(compat[d], compat_len[d], "arm,pl011") &&
				    !plat.uart && reg_len[d] >= e)
					plat.uart = cells(r, a);
				if (compat[d] &&
				    compat_has(compat[d], compat_len[d], "arm,gic-v3") &&
				    reg_len[d] >= 2 * e)
					plat.gicd = cells(r, a), plat.gicr = cells(r + e, a);
				if (str_prefix(name[d], "memory") && !plat.mem_size &&
				    reg_len[d] >= e)
					plat.mem_base = cells(r, a),
					plat.mem_size = cells(r + 4 * a, s);
			}
			if (--d < 0)
				return;
		} else if (tok == 9) { /* FDT_END */
			return;
		}
	}
}

void c_poweroff(void)
{
	register u64 x0 __asm__("x0") = 0x84000008; /* PSCI SYSTEM_OFF */
	if (plat.psci_hvc)
		__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	for (;;)
		__asm__ volatile("wfi");
}

void c_secondary(void);

/* PSCI CPU_ON (DEN 0022) of the CPU with MPIDR affinity @p aff at c_secondary: 0 on success. */
static long cpu_on(u64 aff)
{
	register u64 x0 __asm__("x0") = 0xc4000003;
	register u64 x1 __asm__("x1") = aff;
	register u64 x2 __asm__("x2") = (u64)(uintptr_t)c_secondary;
	register u64 x3 __asm__("x3") = 0;
	if (plat.psci_hvc)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return (long)x0;
}

void sec_boot(void)
{
	u64 el = rd(CurrentEL);
	unsigned others = 0;

	/* The other CPUs of the machine (QEMU -smp: MPIDR Aff0 1..), if any, run c_secondary
	 * while this one runs every section: the transcript must not notice them. */
	while (others < 7 && cpu_on(others + 1) == 0)
		others++;
	if (others)
		t_line("boot: %u other CPUs started (c_secondary)", others);
	t_line("CurrentEL=EL%u", (unsigned)(el >> 2) & 3);
	t_line("dtb: pl011 %s, gic-v3 %s, memory %s", plat.uart ? "found" : "missing",
	       plat.gicd && plat.gicr ? "found" : "missing", plat.mem_size ? "found" : "missing");
	t_line("dtb: psci conduit %s", plat.psci_hvc ? "hvc" : "smc");
	/* The image runs inside the memory the DTB describes. */
	u64 b = c_base();
	t_line("image base inside /memory: %s",
	       b >= plat.mem_base && b < plat.mem_base + plat.mem_size ? "yes" : "no");
	t_line("image base 2MiB aligned: %s", (b & 0x1fffff) ? "no" : "yes");
}

void c_main(u64 dtb)
{
	fdt_scan(dtb);
#define SECTION(n)                                                                                 \
	t_section(#n);                                                                             \
	sec_##n();
	CONFORM_SECTIONS(SECTION)
#undef SECTION
	t_section("end");
	c_printf("T: end: %u lines\n", t_count() + 1);
	c_poweroff();
}
