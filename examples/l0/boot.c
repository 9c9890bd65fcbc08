// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// L0: a small bare-metal host hypervisor that runs one guest hypervisor (L1) at
// virtual EL2 with FEAT_NV (HCR_EL2.NV, Armv8.3) or FEAT_NV2 (NV + NV2 + a VNCR page,
// Armv8.4), chosen by `nvarm.mode=nv|nv2` on L0's command line (/chosen/bootargs,
// QEMU -append); L1 may be VHE or not (it picks by writing HCR_EL2.E2H), and runs its
// own guest (L2). Reference for porters: the places where an L0 calls nvarm are marked
// `nvarm:` (trap entry, world switch, stage-2 fault handler, ERET, vGIC, timers).
//
// Boot flow (l0_main):
//   1. discover the machine from the DTB in x0 with libfdt: RAM, PL011, GICv3
//      distributor/redistributor, timer PPIs, PSCI conduit, bootargs, initrd;
//   2. build L0's EL2 stage-1 (identity, RAM Normal write-back, MMIO Device) and turn
//      the MMU and caches on; bring up the GIC (the EL1 virtual timer PPI comes to L0);
//   3. give L1 the top half of RAM through a stage-2 (identity IPA = PA for that range
//      only; L0's memory is never mapped) plus the PL011 page (passed through);
//   4. load L1 (the image QEMU passed as -initrd) per the Linux arm64 boot protocol
//      (Image header, text_offset) and generate its DTB with libfdt (memory node for
//      L1's RAM only, bootargs after " -- " on L0's command line, psci via smc);
//   5. enter L1 at vEL2h with x0 = its DTB and serve its traps until it powers off.
//
// Running L2 (L1's ERET to EL1): L0 switches the EL1 registers between L1's vEL2 shadow
// and L2's EL1 context (world.c, nvarm's EL2->EL1 shadow), loads L1's virtual list
// registers for L2 (nested_vgic.c, nvarm/vgic.h), programs the traps L1 asked for
// (route.c, nvarm/forward.h), runs L2 on nvarm's shadow stage-2 (nvarm/s2mmu.h: L1's
// stage-2 of any granule composed with L0's, filled on fault, trimmed by L1's TLBIs), and
// routes L2's traps (hypercalls, L1-owned stage-2 faults, interrupts) to L1's vEL2
// vectors or L0. Every trap is counted; the closing `nvarm-stats:` line charges traps to
// the L2 exit that caused them.
//
// Devices for L1: the PL011 is passed through; PSCI is answered by L0 (VERSION,
// FEATURES, SYSTEM_OFF, SYSTEM_RESET); the GIC CPU interface is virtual (list
// registers); the distributor/redistributor are emulated (vgicd.c: L1's accesses fault
// in its stage-2, see l1_stage2_build); other devices leave L1's DTB (l1_dtb_prune).
//
// State: this file owns the instances (the host machine description, one VM, its one vCPU,
// one physical CPU; l0.h says what each holds) and hands the other files pointers;
// TPIDR_EL2 points at the physical CPU's struct l0_pcpu, whose vcpu is the one loaded.
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "l0.h"

/* ------------------------------------------------------------------ machine */

static struct machine m;
static const void *host_fdt;
static uint8_t host_fdt_copy[64 << 10] __attribute__((aligned(8))); /* see l0_main */
static struct l0_vm l1_vm;
static struct l0_vcpu l1_vcpus[L0_MAX_CPUS];

static uint64_t fdt_read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;
	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/* reg entry @p idx of the node at @p off (cells from its parent). */
static bool fdt_reg(const void *fdt, int off, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, off), len;
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, off, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (idx + 1) * (ac + sc) * 4)
		return false;
	reg += idx * (ac + sc);
	*addr = fdt_read_cells(reg, ac);
	*size = sc ? fdt_read_cells(reg + ac, sc) : 0;
	return true;
}

static uint64_t chosen_u64(const void *fdt, int chosen, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, chosen, name, &len);
	if (!p || (len != 4 && len != 8))
		return 0;
	return fdt_read_cells(p, len / 4);
}

static void discover(const void *fdt)
{
	int off, len;
	uint64_t sz;

	if (fdt_check_header(fdt))
		panic("no valid DTB in x0");
	/* The PL011 first, so everything after can be reported. */
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (off < 0 || !fdt_reg(fdt, off, 0, &m.pl011, &sz))
		for (;;)
			wfi(); /* no console, nothing to say it with */
	con_init(m.pl011);
	con_puts("l0: nvarm example L0 hypervisor\n");

	off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));
	if (off < 0 || !fdt_reg(fdt, off, 0, &m.ram_base, &m.ram_size))
		panic("no memory node");
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (off < 0 || !fdt_reg(fdt, off, 0, &m.gicd, &m.gicd_size) ||
	    !fdt_reg(fdt, off, 1, &m.gicr, &m.gicr_size))
		panic("no GICv3 node");
	const fdt32_t *gi = fdt_getprop(fdt, off, "interrupts", &len); /* <PPI n flags> */
	m.gic_maint_ppi = 25; /* the recommended PPI, if the node does not say */
	if (gi && len >= 12 && fdt32_to_cpu(gi[0]) == 1)
		m.gic_maint_ppi = 16 + fdt32_to_cpu(gi[1]);
	/* The CPUs: each /cpus/cpu@N node's reg is its MPIDR_EL1 affinity (one cell, or two). */
	int cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus >= 0) {
		fdt_for_each_subnode(off, fdt, cpus)
		{
			const char *type = fdt_getprop(fdt, off, "device_type", &len);
			uint64_t aff;

			if (!type || strcmp(type, "cpu") || m.ncpus == L0_MAX_CPUS ||
			    !fdt_reg(fdt, off, 0, &aff, &sz))
				continue;
			m.cpu_mpidr[m.ncpus++] = aff;
		}
	}
	if (!m.ncpus)
		panic("no cpu nodes");
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *irq = off >= 0 ? fdt_getprop(fdt, off, "interrupts", &len) : NULL;
	if (!irq || len < 4 * 12)
		panic("no timer node");
	for (int i = 0; i < 4; i++) /* <type number flags>: PPI n is INTID 16 + n */
		m.timer_ppi[i] = 16 + fdt32_to_cpu(irq[i * 3 + 1]);
	/* the PMU's overflow PPI (<PPI n flags>), when QEMU's CPU has a PMU */
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-pmuv3");
	const fdt32_t *pi = off >= 0 ? fdt_getprop(fdt, off, "interrupts", &len) : NULL;
	m.pmu_ppi = pi && len >= 12 && fdt32_to_cpu(pi[0]) == 1 ? 16 + fdt32_to_cpu(pi[1]) : 0;
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (off < 0)
		off = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
	const char *method = off >= 0 ? fdt_getprop(fdt, off, "method", &len) : NULL;
	if (!method)
		panic("no psci node");
	m.psci_hvc = !strcmp(method, "hvc");
	int chosen = fdt_path_offset(fdt, "/chosen");
	m.bootargs = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", &len) : NULL;
	if (!m.bootargs)
		m.bootargs = "";
	if (chosen >= 0) {
		m.initrd_start = chosen_u64(fdt, chosen, "linux,initrd-start");
		m.initrd_end = chosen_u64(fdt, chosen, "linux,initrd-end");
	}
	con_printf("l0: RAM 0x%lx+0x%lx, PL011 0x%lx, GICD 0x%lx, GICR 0x%lx+0x%lx\n", m.ram_base,
		   m.ram_size, m.pl011, m.gicd, m.gicr, m.gicr_size);
	con_printf("l0: timer PPIs sec-phys %u phys %u virt %u hyp %u; GIC maintenance PPI %u; "
		   "PSCI via %s\n",
		   m.timer_ppi[0], m.timer_ppi[1], m.timer_ppi[2], m.timer_ppi[3], m.gic_maint_ppi,
		   m.psci_hvc ? "hvc" : "smc");
	con_printf("l0: bootargs \"%s\", initrd 0x%lx-0x%lx\n", m.bootargs, m.initrd_start,
		   m.initrd_end);
}

/* ------------------------------------------------------------- L1 setup */

static void l1_stage2_build(void)
{
	pt_map(l1_vm.s2_root, l1_vm.l1_base, l1_vm.l1_base, l1_vm.l1_size, S2_NORMAL);
	/* The PL011 is passed through (one page). The GIC distributor/redistributor are
	 * not mapped: vgicd.c emulates them from the stage-2 faults (trap_abort). */
	pt_map(l1_vm.s2_root, m.pl011 & ~0xfffull, m.pl011 & ~0xfffull, 0x1000, S2_DEVICE);
	/* VTCR_EL2: 4K granule, 39-bit IPA, start at level 1 (mmu.c, l0_vtcr). */
	write_sysreg(vtcr_el2, l0_vtcr());
	write_sysreg(vttbr_el2, l1_vttbr(&l1_vm));
	isb();
	dsb(ish);
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
}

/* Linux arm64 Image header (Documentation/arch/arm64/booting.rst). */
struct image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags, res2, res3, res4;
	uint32_t magic, res5;
};
#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" */

static uint64_t l1_load(void)
{
	const struct image_header *h = (const void *)(uintptr_t)m.initrd_start;
	uint64_t len = m.initrd_end - m.initrd_start;

	if (!m.initrd_start || len < sizeof(*h) || h->magic != IMAGE_MAGIC)
		panic("no L1 Image (pass it as QEMU -initrd)");
	uint64_t off = h->image_size ? h->text_offset : 0x80000;
	uint64_t need = h->image_size > len ? h->image_size : len;
	if (off + need > l1_vm.l1_size / 2)
		panic("L1 Image too large");
	memmove((void *)(uintptr_t)(l1_vm.l1_base + off), h, len);
	con_printf("l1 image: %lu bytes at IPA 0x%lx (text_offset 0x%lx)\n", len,
		   l1_vm.l1_base + off, off);
	return l1_vm.l1_base + off;
}

/* L1's command line: whatever follows " -- " on L0's. */
static const char *l1_bootargs(void)
{
	for (const char *p = m.bootargs; *p; p++)
		if (!strncmp(p, " -- ", 4))
			return p + 4;
	return "";
}

static bool bootarg_has(const char *word)
{
	size_t n = strlen(word);
	for (const char *p = m.bootargs; *p; p++) {
		if (!strncmp(p, " -- ", 4))
			break;
		if ((p == m.bootargs || p[-1] == ' ') && !strncmp(p, word, n) &&
		    (p[n] == ' ' || p[n] == 0))
			return true;
	}
	return false;
}

#define FDT_TRY(x)                                                                                 \
	do {                                                                                       \
		int __e = (x);                                                                     \
		if (__e < 0) {                                                                     \
			con_printf("l0: libfdt: %s: %s\n", #x, fdt_strerror(__e));                 \
			panic("building L1's DTB");                                                \
		}                                                                                  \
	} while (0)

#define L1_DTB_SPACE (2ull << 20)

/*
 * Extra images for L1 (nested-run --l1-initrd / --l1-module): QEMU's generic loader
 * puts each one in L0's RAM and L0's command line says where, one token per image:
 * nvarm.module=ADDR,SIZE,COMPATIBLE. L0 copies them into L1's RAM and describes them
 * in L1's DTB as /chosen/module@ADDR nodes (the multiboot-on-DT convention Xen uses),
 * with a bootargs property when nvarm.module-args= gives one (module_args); a
 * "multiboot,ramdisk" also becomes linux,initrd-start/end.
 */
#define L1_MAX_MODULES	  4
#define L1_MODULES_OFFSET (128ull << 20) /* in L1's RAM, above its image */
#define MB_MODULE	  "multiboot,module"
#define MB_KERNEL	  "multiboot,kernel"

static struct {
	uint64_t src, size, dst;
	char compat[40];
} mods[L1_MAX_MODULES];
static unsigned nmods;
extern char __image_start[], __image_end[];

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

static void modules_load(void)
{
	uint64_t dst = l1_vm.l1_base + L1_MODULES_OFFSET;
	uint64_t img = (uint64_t)(uintptr_t)__image_start;
	uint64_t img_len = (uint64_t)(__image_end - __image_start);

	for (const char *p = m.bootargs; *p && strncmp(p, " -- ", 4); p++) {
		if ((p != m.bootargs && p[-1] != ' ') || strncmp(p, "nvarm.module=", 13))
			continue;
		char *e;
		uint64_t src = strtoul(p + 13, &e, 0), size;
		if (*e != ',' || nmods == L1_MAX_MODULES)
			panic("bad nvarm.module= (ADDR,SIZE,COMPATIBLE), or too many");
		size = strtoul(e + 1, &e, 0);
		if (*e != ',' || !size || size > l1_vm.l1_size / 4)
			panic("bad nvarm.module= size");
		unsigned n = 0;
		for (e++; *e && *e != ' ' && n < sizeof(mods[0].compat) - 1; e++)
			mods[nmods].compat[n++] = *e;
		mods[nmods].compat[n] = 0;
		if (src < m.ram_base || src + size > m.ram_base + m.ram_size ||
		    overlaps(src, size, l1_vm.l1_base, l1_vm.l1_size) ||
		    overlaps(src, size, img, img_len) || !n)
			panic("nvarm.module= outside L0's free RAM");
		dst = (dst + (2ull << 20) - 1) & ~((2ull << 20) - 1);
		if (dst + size > l1_vm.l1_base + l1_vm.l1_size - L1_DTB_SPACE)
			panic("modules do not fit in L1's RAM");
		memmove((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, size);
		mods[nmods].src = src;
		mods[nmods].size = size;
		mods[nmods].dst = dst;
		con_printf("l1 module: %s, %lu bytes at IPA 0x%lx\n", mods[nmods].compat, size,
			   dst);
		dst += size;
		nmods++;
	}
}

/*
 * A module's own command line (nested-run --l1-module-args): the token
 * nvarm.module-args=INDEX,TEXT, INDEX counting nvarm.module= tokens from 0, TEXT with
 * %XX escapes (%20 for a space, since tokens end at one). Written to buf (max bytes).
 */
static bool module_args(unsigned i, char *buf, unsigned max)
{
	for (const char *p = m.bootargs; *p && strncmp(p, " -- ", 4); p++) {
		if ((p != m.bootargs && p[-1] != ' ') || strncmp(p, "nvarm.module-args=", 18))
			continue;
		char *e;
		if (strtoul(p + 18, &e, 0) != i || *e != ',')
			continue;
		unsigned n = 0;
		for (e++; *e && *e != ' '; e++) {
			char c = *e, hex[3] = {0};
			if (c == '%' && e[1] && e[2]) {
				hex[0] = e[1], hex[1] = e[2];
				c = (char)strtoul(hex, NULL, 16);
				e += 2;
			}
			if (n + 1 >= max)
				panic("nvarm.module-args= too long");
			buf[n++] = c;
		}
		buf[n] = 0;
		return true;
	}
	return false;
}

/* Add /chosen/module@... nodes (and the initrd properties) to L1's DTB. */
static void modules_describe(void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	FDT_TRY(chosen);
	if (!nmods)
		return;
	FDT_TRY(fdt_setprop_u32(fdt, chosen, "#address-cells", 2));
	FDT_TRY(fdt_setprop_u32(fdt, chosen, "#size-cells", 2));
	for (unsigned i = 0; i < nmods; i++) {
		char name[32] = "module@", compat[64];
		unsigned n = 7, len = 0;
		for (int sh = 60; sh >= 0; sh -= 4) { /* unit address in hex, no leading 0s */
			unsigned d = (unsigned)(mods[i].dst >> sh) & 0xf;
			if (d || n > 7 || sh == 0)
				name[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		}
		name[n] = 0;
		/* compatible: the given one, then "multiboot,module" unless that was it */
		len = (unsigned)strlen(mods[i].compat) + 1;
		memcpy(compat, mods[i].compat, len);
		if (strcmp(mods[i].compat, MB_MODULE)) {
			memcpy(compat + len, MB_MODULE, sizeof(MB_MODULE));
			len += sizeof(MB_MODULE);
		}
		chosen = fdt_path_offset(fdt, "/chosen");
		int node = fdt_add_subnode(fdt, chosen, name);
		FDT_TRY(node);
		FDT_TRY(fdt_setprop(fdt, node, "compatible", compat, (int)len));
		fdt32_t reg[4] = {cpu_to_fdt32((uint32_t)(mods[i].dst >> 32)),
				  cpu_to_fdt32((uint32_t)mods[i].dst),
				  cpu_to_fdt32((uint32_t)(mods[i].size >> 32)),
				  cpu_to_fdt32((uint32_t)mods[i].size)};
		FDT_TRY(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)));
		char args[256];
		if (module_args(i, args, sizeof(args)))
			FDT_TRY(fdt_setprop_string(fdt, node, "bootargs", args));
		if (!strcmp(mods[i].compat, MB_KERNEL)) {
			/* With a dom0 kernel, Xen reads its own command line from
			 * xen,xen-bootargs only (bootargs is then the kernel's). */
			chosen = fdt_path_offset(fdt, "/chosen");
			FDT_TRY(fdt_setprop_string(fdt, chosen, "xen,xen-bootargs", l1_bootargs()));
		}
		if (!strcmp(mods[i].compat, "multiboot,ramdisk")) {
			chosen = fdt_path_offset(fdt, "/chosen");
			FDT_TRY(fdt_setprop_u64(fdt, chosen, "linux,initrd-start", mods[i].dst));
			FDT_TRY(fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
						mods[i].dst + mods[i].size));
		}
	}
}

/*
 * Devices of QEMU's machine that L0 gives L1 neither by pass-through nor by emulation:
 * their nodes leave L1's DTB (L1 would fault on their MMIO). L1 keeps the PL011, the GIC
 * (distributor and redistributor emulated in vgicd.c, no ITS), the timer, PSCI, memory.
 */
static const char *const l1_dtb_hidden[] = {
    "arm,gic-v3-its", "virtio,mmio", "qemu,fw-cfg-mmio", "arm,pl031",
    "arm,pl061",      "gpio-keys",   "cfi-flash",	 "pci-host-ecam-generic",
};

static void l1_dtb_prune(void *fdt)
{
	for (unsigned i = 0; i < sizeof(l1_dtb_hidden) / sizeof(l1_dtb_hidden[0]); i++)
		for (int off;
		     (off = fdt_node_offset_by_compatible(fdt, -1, l1_dtb_hidden[i])) >= 0;)
			FDT_TRY(fdt_del_node(fdt, off));
}

/* L1's DTB: QEMU's, with memory = L1's RAM only, L1's bootargs, no initrd, psci via smc
 * (answered by L0). Built in place in the last 2M of L1's RAM. */
static uint64_t l1_dtb_build(void)
{
	uint64_t ipa = l1_vm.l1_base + l1_vm.l1_size - L1_DTB_SPACE;
	void *fdt = (void *)(uintptr_t)ipa; /* IPA == PA == L0 VA for L1's RAM */
	int off;
	fdt32_t reg[4];

	FDT_TRY(fdt_open_into(host_fdt, fdt, (int)L1_DTB_SPACE));
	off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));
	FDT_TRY(off);
	reg[0] = cpu_to_fdt32((uint32_t)(l1_vm.l1_base >> 32));
	reg[1] = cpu_to_fdt32((uint32_t)l1_vm.l1_base);
	reg[2] = cpu_to_fdt32((uint32_t)(l1_vm.l1_size >> 32));
	reg[3] = cpu_to_fdt32((uint32_t)l1_vm.l1_size);
	FDT_TRY(fdt_setprop(fdt, off, "reg", reg, sizeof(reg)));
	off = fdt_path_offset(fdt, "/chosen");
	FDT_TRY(off);
	fdt_delprop(fdt, off, "linux,initrd-start");
	fdt_delprop(fdt, off, "linux,initrd-end");
	FDT_TRY(fdt_setprop_string(fdt, off, "bootargs", l1_bootargs()));
	/* modules of this L0's own (an L0 that is itself an L1 got its guest's image so):
	 * not L1's */
	for (int m_off; (m_off = fdt_node_offset_by_compatible(fdt, -1, MB_MODULE)) >= 0;)
		FDT_TRY(fdt_del_node(fdt, m_off));
	modules_describe(fdt);
	l1_dtb_prune(fdt);
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (off >= 0)
		FDT_TRY(fdt_setprop_string(fdt, off, "method", "smc"));
	FDT_TRY(fdt_pack(fdt));

	uint64_t size = fdt_totalsize(fdt);
	con_printf("l1 dtb: %lu bytes at IPA 0x%lx, bootargs \"%s\"\n", size, ipa, l1_bootargs());
	return ipa;
}

static struct l0_frame l1_boot_frame;

/* nvarm: world switch, first entry: the hardware EL1 registers get L1's vEL2 state. */
static void __attribute__((noreturn)) l1_enter(struct l0_vcpu *v, uint64_t entry, uint64_t dtb)
{
	/* A non-VHE guest hypervisor: NV1 makes its EL1-named accesses trap too (FEAT_NV),
	 * or go to the VNCR page (FEAT_NV2). A VHE one (E2H=1): NV1=0, its EL1-named
	 * accesses are its own EL2 registers and reach the hardware EL1 ones directly. */
	if (v->vm->vncr_ro) {
		/* exact E2H (and every vEL2 write) seen at once: L1's stores to the page fault
		 * (trap.c, trap_vncr_write); L0 keeps its own read-write identity mapping */
		for (unsigned i = 0; i < v->vm->nvcpus; i++)
			pt_map(el2_root_get(), vncr_alias(v->vm->vcpus[i]),
			       (uint64_t)(uintptr_t)v->vm->vcpus[i]->vncr_page, 4096,
			       S1_NORMAL | (1ull << 7) /* AP[2]: read-only */);
		dsb(ish);
		__asm__ volatile("tlbi alle2" ::: "memory");
		dsb(ish);
		isb();
		con_printf("l0: VNCR_EL2 = a read-only alias of the VNCR page (nvarm.vncr=ro)\n");
	}
	l0_this_cpu()->vcpu = v; /* vcpu load: this CPU runs it from now on */
	v->power = VCPU_ON;
	l1_first_entry(v, entry);
	memset(&l1_boot_frame, 0, sizeof(l1_boot_frame));
	l1_boot_frame.x[0] = dtb;
	/* Enter on a copy on L0's stack: the trap path pushes frames there. */
	struct l0_frame *f = (struct l0_frame *)(uintptr_t)(read_sp() - sizeof(*f) - 256);
	*f = l1_boot_frame;
	l0_enter_guest(f);
}

void l0_main(uint64_t dtb)
{
	struct l0_vm *vm = &l1_vm;
	struct l0_vcpu *v = &l1_vcpus[0];
	struct l0_pcpu *cpu0 = smp_pcpu(0, &m);

	write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)cpu0); /* l0_this_cpu() */
	host_fdt = (const void *)(uintptr_t)dtb;
	discover(host_fdt);
	if (FIELD(read_sysreg(id_aa64mmfr2_el1), 27, 24) < 1)
		panic("CPU without FEAT_NV");
	vm->m = &m;
	vm->mode = bootarg_has("nvarm.mode=nv") ? MODE_NV : MODE_NV2;
	v->vhe = bootarg_has("nvarm.l1=vhe");
	/* nvarm.e2h=0|1: L1's HCR_EL2.E2H fixed, as the architecture allows (0: no FEAT_VHE,
	 * E2H RES0; 1: ID_AA64MMFR4_EL1.E2H0 negative, E2H RES1). Without it L1 may change
	 * E2H; under FEAT_NV2 that write goes to the VNCR page without a trap, so the L0 can
	 * follow it only at L1's next trap (follow_e2h in switch.c). */
	vm->e2h_fixed = bootarg_has("nvarm.e2h=0") ? 0 : bootarg_has("nvarm.e2h=1") ? 1 : -1;
	if (vm->e2h_fixed >= 0)
		v->vhe = vm->e2h_fixed == 1;
	vm->trace = bootarg_has("nvarm.trace");
	vm->vncr_ro = vm->mode == MODE_NV2 && bootarg_has("nvarm.vncr=ro");
	vm->sve_off = bootarg_has("nvarm.sve=off"); /* (sve.c) */
	vm->sme_off = bootarg_has("nvarm.sme=off"); /* (sve.c) */
	/* Recursive nesting: L1 itself may run a guest hypervisor at its virtual EL2 (nvarm
	 * offers it FEAT_NV or FEAT_NV2; its guest's NV traps are routed to it by
	 * nvarm_fwd_route, the hardware runs that guest with L1's NV bits). By default L1 gets
	 * what the CPU has, as at EL2 natively (ID_AA64MMFR2_EL1.NV: 2 FEAT_NV2, 1 FEAT_NV);
	 * nvarm.l1nv=nv offers FEAT_NV alone, nvarm.l1nv=off neither. */
	vm->l1nv = bootarg_has("nvarm.l1nv=off")   ? 0
		   : bootarg_has("nvarm.l1nv=nv2") ? 2
		   : bootarg_has("nvarm.l1nv=nv")
		       ? 1
		       : (int)FIELD(read_sysreg(id_aa64mmfr2_el1), 27, 24);
	if (vm->l1nv > 2)
		vm->l1nv = 2;
	for (const char *p = m.bootargs; *p && strncmp(p, " -- ", 4); p++)
		if ((p == m.bootargs || p[-1] == ' ') && !strncmp(p, "nvarm.s2pool=", 13))
			vm->s2pool = (uint32_t)strtoul(p + 13, NULL, 0);
		else if ((p == m.bootargs || p[-1] == ' ') && !strncmp(p, "nvarm.s2ia=", 11))
			vm->s2ia = (uint8_t)strtoul(p + 11, NULL, 0);
	if (vm->mode == MODE_NV2 && FIELD(read_sysreg(id_aa64mmfr2_el1), 27, 24) < 2)
		panic("nvarm.mode=nv2 on a CPU without FEAT_NV2");
	el2_mmu_on(&m);
	l0_platform_init(vm);
	gic_init(cpu0, &m);

	/* L1 gets the top half of RAM (2M aligned); L0, QEMU's DTB and initrd stay below. */
	vm->l1_size = (m.ram_size / 2) & ~((2ull << 20) - 1);
	vm->l1_base = m.ram_base + m.ram_size - vm->l1_size;
	/* Run as another L0's L1 (recursive nesting), this L0 finds its DTB at the top of its
	 * RAM, where its own L1's RAM (and DTB) go: keep a copy below (bootargs point into it). */
	if (dtb + fdt_totalsize(host_fdt) > vm->l1_base &&
	    fdt_totalsize(host_fdt) <= sizeof(host_fdt_copy)) {
		uint64_t args_off = (uint64_t)(uintptr_t)m.bootargs - dtb;
		bool args_in = (uintptr_t)m.bootargs >= dtb && args_off < fdt_totalsize(host_fdt);

		memmove(host_fdt_copy, host_fdt, fdt_totalsize(host_fdt));
		host_fdt = host_fdt_copy;
		dtb = (uint64_t)(uintptr_t)host_fdt_copy;
		if (args_in)
			m.bootargs = (const char *)host_fdt_copy + args_off;
		con_printf("l0: DTB inside L1's RAM: moved to 0x%lx\n", dtb);
	}
	if (dtb + fdt_totalsize(host_fdt) > vm->l1_base || m.initrd_end > vm->l1_base)
		panic("DTB or initrd inside L1's RAM: give QEMU more memory");
	con_printf("l0: L1 RAM IPA=PA 0x%lx+0x%lx\n", vm->l1_base, vm->l1_size);
	vm->s2_root = pt_alloc();
	vm->vtcr = l0_vtcr();
	l1_stage2_build();
	vm_config_init(vm); /* nvarm: the features every subsystem of the VM derives from */
	shadow_init(vm);
	/* One vCPU per CPU of the machine, each reading that CPU's MPIDR_EL1 (U = 0, bit 31
	 * RES1); vCPU i runs on CPU i (smp.c), vCPU 0 on this boot CPU. */
	if ((read_sysreg(mpidr_el1) & 0xff00ffffffull) != m.cpu_mpidr[0])
		panic("the boot CPU is not the first cpu node");
	for (unsigned i = 0; i < m.ncpus; i++) {
		vm->vcpus[i] = &l1_vcpus[i];
		l1_vcpus[i].vhe = v->vhe;
		vcpu_init(&l1_vcpus[i], vm, i, m.cpu_mpidr[i] | (1ull << 31));
		if (vm->cfg.features & NVARM_VMF_L1NV2) /* L1's VNCR page for its guest: */
			l1_vncr_slots(&l1_vcpus[i]);	/* L0's EL2 slots (mmu.c), once */
		vgicd_init(&l1_vcpus[i]);
		smp_pcpu(i, &m);
	}
	vm->nvcpus = m.ncpus;
	if (m.ncpus > 1)
		con_printf("l0: %u vCPUs for L1, one per CPU (PSCI CPU_ON)\n", m.ncpus);
	cpuif_init(v); /* L1's virtual CPU interface on (nvarm vGIC) */
	uint64_t entry = l1_load();
	modules_load();
	uint64_t l1_dtb = l1_dtb_build();
	l1_enter(v, entry, l1_dtb);
}
