// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// vmm: a small KVM virtual machine monitor for the Linux L1 initramfs (scripts/get-linux-l1)
// that boots an L2 Linux: N vCPUs (default 1) with PSCI 0.2, the in-kernel vGICv3, RAM at
// IPA 0x80000000, a generated device tree, and a 16550 UART emulated on MMIO exits (THR
// output to stdout, its THRE interrupt raised through KVM_IRQ_LINE). Static, no libc (raw
// syscalls, -nostdlib), like kvm-mini.c.
//
// SMP: vCPU 0 starts at the kernel's entry; the others are created powered off
// (KVM_ARM_VCPU_POWER_OFF), so KVM's in-kernel PSCI starts them at L2's CPU_ON. Each vCPU
// has its own thread (a raw clone(2) sharing the address space, files and signal handlers,
// on its own stack) in its own KVM_RUN loop; the UART's MMIO exits are serialised by a
// spinlock. The DTB lists every vCPU by the MPIDR_EL1 KVM gave it. The first vCPU that
// reports the system event ends the whole process (exit_group), stopping the others.
//
//   vmm run IMAGE INITRD [RAM_MB [BOOTARGS [CPUS]]]
//                                              boot an arm64 Image with CPUS vCPUs (1 to
//                                              8); exits when L2 powers off
//   vmm hyp IMAGE [RAM_MB [LIMIT_S]]           run a guest hypervisor (an arm64 Image that
//                                              expects EL2, e.g. examples/l1) at virtual
//                                              EL2: one vCPU with KVM_ARM_VCPU_HAS_EL2 (a
//                                              Linux L1 with kvm-arm.mode=nested), the
//                                              vGICv3 with its maintenance interrupt (PPI
//                                              9, INTID 25), PSCI by SMC (an HVC at vEL2
//                                              is the guest's own), a PL011 instead of the
//                                              16550 (DR output, FR never full), no initrd;
//                                              RAM_MB default 64; a status line every
//                                              30 s (PC, PSTATE, the guest hypervisor's
//                                              ELR/ESR/FAR_EL2), stopped (status 3) after
//                                              LIMIT_S seconds if given
//   vmm now                                    the arch counter in microseconds
//   vmm touch MB                               write one byte per page of MB fresh MB
//   vmm sleep MS                               nanosleep MS, measured against the counter
//   vmm procs N                                N fork+exec+exit+wait of "vmm true"
//   vmm true                                   exit 0
//   vmm drain                                  wait until the terminal on stdout has sent
//                                              all its output (tcdrain: TCSBRK with a
//                                              non-zero argument), so that a power-off
//                                              right after loses none of it
//
// The helpers (now, touch, sleep, procs) are the L2 workload's timers; they read
// CNTVCT_EL0 and CNTFRQ_EL0 directly.
#include <stddef.h>
#include <stdint.h>

#include "kvm_abi.h"
#include "sys.h"

#define sc(n, a, b, c) sc6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* The compiler may emit calls to these for structure copies and clears. */
void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

static size_t slen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static int seq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void out(const char *s)
{
	sc(SYS_write, 1, s, slen(s));
}

static void outu(uint64_t v)
{
	char b[24];
	int i = 23;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(b + i);
}

static void outx(uint64_t v)
{
	char b[19] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	b[18] = 0;
	out(b);
}

static uint64_t atou(const char *s)
{
	uint64_t v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

/* Ends the process, every thread of it (exit_group). */
static void __attribute__((noreturn)) quit(int code)
{
	sc(SYS_exit_group, code, 0, 0);
	for (;;)
		;
}

static void __attribute__((noreturn)) die(const char *what, long r)
{
	out("vmm: FAIL: ");
	out(what);
	out(" ");
	outx((uint64_t)r);
	out("\n");
	quit(1);
}

/* The arch counter in microseconds (CNTVCT_EL0 / CNTFRQ_EL0). */
static uint64_t now_us(void)
{
	uint64_t c, f;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(c));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return c / f * 1000000u + c % f * 1000000u / f;
}

static void *map_anon(uint64_t size)
{
	long p = sc6(SYS_mmap, 0, (long)size, 3, 0x22, -1, 0); /* RW, private|anonymous */
	if (p < 0 && p > -4096)
		die("mmap", p);
	return (void *)p;
}

/* --- KVM ------------------------------------------------------------------------- */

/* Guest physical layout (that of QEMU's virt machine for the devices). */
#define GICD_BASE 0x08000000ull
#define GICD_SIZE 0x10000ull
#define GICR_BASE 0x080a0000ull
#define GICR_SIZE 0x20000ull /* one redistributor (RD and SGI frames) per vCPU */
#define UART_BASE 0x09000000ull
#define UART_SIZE 0x1000ull
#define UART_SPI  1 /* INTID 33 */
#define RAM_BASE  0x80000000ull
#define MAX_CPUS  8

static long ioc(long fd, unsigned long req, void *arg, const char *what)
{
	long e = sc(29 /* ioctl */, fd, req, arg);
	if (e < 0)
		die(what, e);
	return e;
}

static void set_reg(long cpu, uint64_t core_off, uint64_t val)
{
	/* KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offset in kvm_regs / 4) */
	struct one_reg r = {0x6030000000100000ull | (core_off / 4), (uint64_t)&val};
	ioc(cpu, KVM_SET_ONE_REG, &r, "KVM_SET_ONE_REG");
}

/* MPIDR_EL1 of a vCPU as KVM set it: KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG
 * | (op0 3, op1 0, CRn 0, CRm 0, op2 5). */
static uint64_t get_mpidr(long cpu)
{
	uint64_t v = 0;
	struct one_reg r = {0x6030000000130000ull | (3u << 14) | 5u, (uint64_t)&v};
	ioc(cpu, KVM_GET_ONE_REG, &r, "KVM_GET_ONE_REG MPIDR_EL1");
	return v;
}

/* --- A flattened device tree, built front to back ---------------------------------- */

struct fdt {
	uint8_t *st; /* structure block */
	char *str;   /* strings block */
	uint32_t nst, nstr;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8),
	p[3] = (uint8_t)v;
}

static void st32(struct fdt *f, uint32_t v)
{
	be32(f->st + f->nst, v);
	f->nst += 4;
}

static void stbytes(struct fdt *f, const void *d, uint32_t n)
{
	memcpy(f->st + f->nst, d, n);
	f->nst += n;
	while (f->nst & 3)
		f->st[f->nst++] = 0;
}

static void node(struct fdt *f, const char *name)
{
	st32(f, 1); /* FDT_BEGIN_NODE */
	stbytes(f, name, (uint32_t)slen(name) + 1);
}

static void end(struct fdt *f)
{
	st32(f, 2); /* FDT_END_NODE */
}

static uint32_t stroff(struct fdt *f, const char *name)
{
	uint32_t i = 0, n = (uint32_t)slen(name);
	while (i < f->nstr) {
		if (seq(f->str + i, name))
			return i;
		i += (uint32_t)slen(f->str + i) + 1;
	}
	memcpy(f->str + f->nstr, name, n + 1);
	f->nstr += n + 1;
	return i;
}

static void prop(struct fdt *f, const char *name, const void *d, uint32_t n)
{
	st32(f, 3); /* FDT_PROP */
	st32(f, n);
	st32(f, stroff(f, name));
	stbytes(f, d, n);
}

static void prop_s(struct fdt *f, const char *name, const char *s)
{
	prop(f, name, s, (uint32_t)slen(s) + 1);
}

/* A property of N big-endian 32-bit cells. */
static void prop_c(struct fdt *f, const char *name, const uint32_t *c, uint32_t n)
{
	uint8_t b[64];
	for (uint32_t i = 0; i < n; i++)
		be32(b + 4 * i, c[i]);
	prop(f, name, b, 4 * n);
}

static void prop_u32(struct fdt *f, const char *name, uint32_t v)
{
	prop_c(f, name, &v, 1);
}

static void prop_u64(struct fdt *f, const char *name, uint64_t v)
{
	uint32_t c[2] = {(uint32_t)(v >> 32), (uint32_t)v};
	prop_c(f, name, c, 2);
}

/* Two (address, size) pairs with #address-cells = #size-cells = 2; n = 1 or 2. */
static void prop_reg(struct fdt *f, uint64_t a0, uint64_t s0, uint64_t a1, uint64_t s1, int n)
{
	uint32_t c[8] = {(uint32_t)(a0 >> 32), (uint32_t)a0, (uint32_t)(s0 >> 32), (uint32_t)s0,
			 (uint32_t)(a1 >> 32), (uint32_t)a1, (uint32_t)(s1 >> 32), (uint32_t)s1};
	prop_c(f, "reg", c, 4u * (uint32_t)n);
}

/* Writes the DTB at dst (at most max bytes); returns its size. */
static uint32_t make_dtb(uint8_t *dst, uint32_t max, uint64_t ram_size, const char *bootargs,
			 uint64_t initrd, uint64_t initrd_size, const uint64_t *mpidr, int ncpus,
			 int hyp)
{
	uint8_t *st = map_anon(0x10000);
	char *str = map_anon(0x10000);
	struct fdt f = {st, str, 0, 0};
	const uint32_t gic = 1;
	char cpus_compat[] = "arm,armv8";
	char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	node(&f, "");
	prop_u32(&f, "#address-cells", 2);
	prop_u32(&f, "#size-cells", 2);
	prop_s(&f, "compatible", "linux,dummy-virt");
	prop_s(&f, "model", "nvarm-vmm");
	prop_u32(&f, "interrupt-parent", gic);

	node(&f, "chosen");
	prop_s(&f, "stdout-path", hyp ? "/pl011@9000000" : "/uart@9000000");
	if (hyp && bootargs && bootargs[0])
		prop_s(&f, "bootargs", bootargs); /* the guest hypervisor's options */
	if (!hyp) {
		prop_s(&f, "bootargs", bootargs);
		prop_u64(&f, "linux,initrd-start", initrd);
		prop_u64(&f, "linux,initrd-end", initrd + initrd_size);
	}
	end(&f);

	node(&f, "memory@80000000");
	prop_s(&f, "device_type", "memory");
	prop_reg(&f, RAM_BASE, ram_size, 0, 0, 1);
	end(&f);

	node(&f, "cpus");
	prop_u32(&f, "#address-cells", 1);
	prop_u32(&f, "#size-cells", 0);
	for (int i = 0; i < ncpus; i++) {
		/* reg: the affinity fields Aff2..Aff0 (Aff3 is 0 for so few vCPUs) */
		uint32_t aff = (uint32_t)(mpidr[i] & 0xffffffu);
		char name[16] = "cpu@";
		int n = 4, d = 28;
		while (d > 0 && !((aff >> d) & 0xf))
			d -= 4;
		for (; d >= 0; d -= 4)
			name[n++] = "0123456789abcdef"[(aff >> d) & 0xf];
		name[n] = 0;
		node(&f, name);
		prop_s(&f, "device_type", "cpu");
		prop_s(&f, "compatible", cpus_compat);
		prop_u32(&f, "reg", aff);
		prop_s(&f, "enable-method", "psci");
		end(&f);
	}
	end(&f);

	node(&f, "psci");
	prop(&f, "compatible", psci_compat, sizeof(psci_compat));
	/* A guest at virtual EL2 takes its own HVCs: its PSCI calls are SMCs, which KVM answers */
	prop_s(&f, "method", hyp ? "smc" : "hvc");
	end(&f);

	node(&f, "intc@8000000");
	prop_s(&f, "compatible", "arm,gic-v3");
	prop_u32(&f, "#interrupt-cells", 3);
	prop(&f, "interrupt-controller", "", 0);
	prop_reg(&f, GICD_BASE, GICD_SIZE, GICR_BASE, GICR_SIZE * (uint64_t)ncpus, 2);
	prop_u32(&f, "phandle", gic);
	end(&f);

	/* PPIs 13, 14, 11, 10 (secure, non-secure physical, virtual, hypervisor), level high */
	node(&f, "timer");
	prop_s(&f, "compatible", "arm,armv8-timer");
	{
		const uint32_t irqs[12] = {1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4};
		prop_c(&f, "interrupts", irqs, 12);
	}
	prop(&f, "always-on", "", 0);
	end(&f);

	if (hyp) {
		char pl011_compat[] = "arm,pl011\0arm,primecell";
		node(&f, "pl011@9000000");
		prop(&f, "compatible", pl011_compat, sizeof(pl011_compat));
	} else {
		node(&f, "uart@9000000");
		prop_s(&f, "compatible", "ns16550a");
		prop_u32(&f, "clock-frequency", 1843200);
	}
	prop_reg(&f, UART_BASE, UART_SIZE, 0, 0, 1);
	{
		const uint32_t irq[3] = {0, UART_SPI, 4}; /* SPI, level high */
		prop_c(&f, "interrupts", irq, 3);
	}
	end(&f);

	end(&f);
	st32(&f, 9); /* FDT_END */

	uint32_t off_rsv = 40, off_st = off_rsv + 16, off_str = off_st + f.nst;
	uint32_t total = off_str + f.nstr;
	if (total > max)
		die("DTB too large", total);
	memset(dst, 0, off_st);
	uint32_t hdr[10] = {0xd00dfeed, total, off_st, off_str, off_rsv, 17, 16, 0, f.nstr, f.nst};
	for (int i = 0; i < 10; i++)
		be32(dst + 4 * i, hdr[i]);
	memcpy(dst + off_st, st, f.nst);
	memcpy(dst + off_str, str, f.nstr);
	sc(SYS_munmap, st, 0x10000, 0);
	sc(SYS_munmap, str, 0x10000, 0);
	return total;
}

/* --- 16550 UART -------------------------------------------------------------------- */

struct uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr, thre, line;
	uint8_t pl011; /* vmm hyp: a PL011 (uart_pl011) instead */
	uint32_t n;
	uint64_t t0, userspace; /* first KVM_RUN; when L2's /init marker was seen */
	uint64_t high_since, high_max; /* the line's current and longest stretch high (us) */
	uint64_t acks;		      /* THRE interrupts acknowledged (IIR reads) */
	char buf[256];
};

static int has(const char *s, uint32_t n, const char *pat)
{
	uint32_t m = (uint32_t)slen(pat);
	for (uint32_t i = 0; i + m <= n; i++) {
		uint32_t j = 0;
		while (j < m && s[i + j] == pat[j])
			j++;
		if (j == m)
			return 1;
	}
	return 0;
}

static void uart_flush(struct uart *u)
{
	if (!u->n)
		return;
	sc(SYS_write, 1, u->buf, u->n);
	/* Boot-to-userspace as L1 sees it: the first line L2's /init prints. */
	if (!u->userspace && has(u->buf, u->n, "l2-linux: userspace")) {
		u->userspace = now_us() - u->t0;
		out("vmm: L2 userspace ");
		outu(u->userspace / 1000);
		out(" ms after the first KVM_RUN\n");
	}
	u->n = 0;
}

/* The line level: THR-empty interrupt enabled and not yet acknowledged by an IIR read. */
static void uart_irq(struct uart *u, long vm)
{
	uint8_t lvl = (u->ier & 2) && u->thre;
	if (lvl == u->line)
		return;
	u->line = lvl;
	if (lvl) {
		u->high_since = now_us();
	} else if (u->high_since) {
		uint64_t d = now_us() - u->high_since;
		if (d > u->high_max)
			u->high_max = d;
		u->high_since = 0;
	}
	/* KVM_ARM_IRQ_TYPE_SPI << 24 | INTID */
	struct irq_level l = {(1u << 24) | (32 + UART_SPI), lvl};
	ioc(vm, KVM_IRQ_LINE, &l, "KVM_IRQ_LINE");
}

static uint8_t uart_read(struct uart *u, uint64_t off)
{
	uint8_t dlab = u->lcr & 0x80, fifo = (u->fcr & 1) ? 0xc0 : 0;
	switch (off) {
	case 0:
		return dlab ? u->dll : 0; /* RBR: no input */
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:
		if ((u->ier & 2) && u->thre) {
			u->thre = 0;
			u->acks++;
			return fifo | 0x02; /* THR empty */
		}
		return fifo | 0x01; /* no interrupt */
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		return 0x60; /* THRE | TEMT, no data */
	case 6:
		return (u->mcr & 0x10) ? 0 : 0xb0; /* DCD DSR CTS (none in loopback) */
	default:
		return u->scr;
	}
}

static void uart_write(struct uart *u, uint64_t off, uint8_t v)
{
	uint8_t dlab = u->lcr & 0x80;
	switch (off) {
	case 0:
		if (dlab) {
			u->dll = v;
			break;
		}
		u->buf[u->n++] = (char)v;
		if (v == '\n' || u->n == sizeof(u->buf))
			uart_flush(u);
		u->thre = 1; /* sent at once: the holding register is empty again */
		break;
	case 1:
		if (dlab) {
			u->dlm = v;
			break;
		}
		if ((v & 2) && !(u->ier & 2))
			u->thre = 1;
		u->ier = v & 0x0f;
		break;
	case 2:
		u->fcr = v & 0xc9;
		break;
	case 3:
		u->lcr = v;
		break;
	case 4:
		u->mcr = v & 0x1f;
		break;
	case 7:
		u->scr = v;
		break;
	default:
		break;
	}
}

/*
 * The PL011 of `vmm hyp`, as far as a polling console uses it: a byte written to DR (offset
 * 0) goes out (the CR of a CRLF dropped), FR (0x18) reads TXFE|RXFE (never full, nothing to
 * receive), every other register reads 0 and ignores writes. No interrupts.
 */
static void uart_pl011(struct uart *u, uint64_t off, int wr, volatile uint8_t *data)
{
	if (wr) {
		if (off == 0 && data[0] != '\r') {
			u->buf[u->n++] = (char)data[0];
			if (data[0] == '\n' || u->n == sizeof(u->buf))
				uart_flush(u);
		}
		return;
	}
	for (int j = 0; j < 8; j++)
		data[j] = 0;
	if (off == 0x18)
		data[0] = 0x90;
}

/* --- vCPU threads ------------------------------------------------------------------ */

/* A spinlock (the UART's state, stdout): acquire on take, release on drop; after a while
 * spinning the thread yields its CPU, as the holder may be a preempted thread of the same
 * (virtual) CPU. */
static void lock(int *l)
{
	for (unsigned spins = 0; __atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE);) {
		while (__atomic_load_n(l, __ATOMIC_RELAXED)) {
			if (++spins % 64 == 0)
				sc(SYS_sched_yield, 0, 0, 0);
			else
				__asm__ volatile("yield");
		}
	}
}

static void unlock(int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/*
 * long vmm_spawn(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):
 * clone(2) with FLAGS onto the 16-byte aligned STACK_TOP; the child calls fn(arg) there and
 * ends itself (exit, this thread only) if fn returns. Returns the child's id or -errno in
 * the parent. The child finds fn and arg on its own stack, so it needs no register state
 * of the parent's (and no libc).
 */
long vmm_spawn(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg);
__asm__(".text\n"
	".type vmm_spawn, %function\n"
	"vmm_spawn:\n"
	"\tstp x2, x3, [x1, #-16]!\n" /* fn, arg at the top of the child's stack */
	"\tmov x2, xzr\n"	      /* parent_tid */
	"\tmov x3, xzr\n"	      /* tls */
	"\tmov x4, xzr\n"	      /* child_tid */
	"\tmov x8, #220\n"	      /* clone(flags, stack, ...) */
	"\tsvc #0\n"
	"\tcbz x0, 1f\n"
	"\tret\n"
	"1:\tldp x1, x0, [sp], #16\n"
	"\tblr x1\n"
	"\tmov x0, xzr\n"
	"\tmov x8, #93\n" /* exit */
	"\tsvc #0\n"
	"\tb .\n"
	".size vmm_spawn, . - vmm_spawn\n");

#define CLONE_THREAD_FLAGS                                                                         \
	(0x100ul /* VM */ | 0x200ul /* FS */ | 0x400ul /* FILES */ | 0x800ul /* SIGHAND */ |       \
	 0x10000ul /* THREAD */ | 0x40000ul /* SYSVSEM */)

/* The VM, shared by its vCPU threads. */
struct vm {
	long vm;
	int ncpus;
	long cpu[MAX_CPUS];
	volatile uint8_t *run[MAX_CPUS]; /* each vCPU's struct kvm_run */
	int lock;			 /* the UART and stdout */
	struct uart u;
	uint64_t t1;		  /* the first KVM_RUN */
	uint64_t exits[MAX_CPUS]; /* KVM_RUN returns of each vCPU (atomic) */
	uint64_t mmio;		  /* MMIO exits of all (atomic) */
	uint64_t limit_s;	  /* vmm hyp: give up after this many seconds (0: never) */
};

/* A system register of a vCPU by its encoding (KVM_REG_ARM64_SYSREG) */
static uint64_t get_sysreg(long cpu, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
			   unsigned op2)
{
	uint64_t v = 0;
	struct one_reg r = {0x6030000000130000ull | op0 << 14 | op1 << 11 | crn << 7 | crm << 3 |
				op2,
			    (uint64_t)&v};
	if (sc(SYS_ioctl, cpu, KVM_GET_ONE_REG, &r) < 0)
		return ~0ull;
	return v;
}

static uint64_t get_core(long cpu, uint64_t off)
{
	uint64_t v = 0;
	struct one_reg r = {0x6030000000100000ull | (off / 4), (uint64_t)&v};
	if (sc(SYS_ioctl, cpu, KVM_GET_ONE_REG, &r) < 0)
		return ~0ull;
	return v;
}

/*
 * vmm hyp, every HYP_STATUS_S seconds (SIGALRM ends KVM_RUN with EINTR): where the vCPU is,
 * for a guest hypervisor that has gone quiet: PC and PSTATE, and the guest hypervisor's
 * ELR/ESR/FAR_EL2 and HCR_EL2 (its last exception from its guest).
 */
#define HYP_STATUS_S 30
static void hyp_status(struct vm *m, long cpu)
{
	out("vmm: status after ");
	outu((now_us() - m->t1) / 1000000);
	out(" s, ");
	outu(__atomic_load_n(&m->exits[0], __ATOMIC_RELAXED));
	out(" KVM_RUN returns: PC ");
	outx(get_core(cpu, 256));
	out(" PSTATE ");
	outx(get_core(cpu, 264));
	out(" ELR_EL2 ");
	outx(get_sysreg(cpu, 3, 4, 4, 0, 1));
	out(" ESR_EL2 ");
	outx(get_sysreg(cpu, 3, 4, 5, 2, 0));
	out(" FAR_EL2 ");
	outx(get_sysreg(cpu, 3, 4, 6, 0, 0));
	out(" HCR_EL2 ");
	outx(get_sysreg(cpu, 3, 4, 1, 1, 0));
	out(" ESR_EL1 ");
	outx(get_sysreg(cpu, 3, 0, 5, 2, 0));
	out(" ELR_EL1 ");
	outx(get_sysreg(cpu, 3, 0, 4, 0, 1));
	out("\n");
	if (m->limit_s && now_us() - m->t1 >= m->limit_s * 1000000u) {
		lock(&m->lock);
		uart_flush(&m->u);
		out("vmm: guest hypervisor still running after ");
		outu(m->limit_s);
		out(" s (the limit): stopped\n");
		quit(3);
	}
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM every HYP_STATUS_S seconds (rt_sigaction without SA_RESTORER: the kernel returns
 * through the vDSO's sigreturn trampoline) */
static void hyp_alarm(void)
{
	uint64_t act[4] = {(uint64_t)on_alarm, 0, 0, 0}; /* handler, flags, restorer, mask */
	long e = sc6(SYS_rt_sigaction, 14 /* SIGALRM */, (long)act, 0, 8, 0, 0);
	if (e < 0)
		die("rt_sigaction", e);
	uint64_t it[4] = {HYP_STATUS_S, 0, HYP_STATUS_S, 0}; /* interval, value */
	e = sc(SYS_setitimer, 0 /* ITIMER_REAL */, it, 0);
	if (e < 0)
		die("setitimer", e);
}

/* vCPU I's KVM_RUN loop; ends the process when L2 powers off (or on a failure). */
static void __attribute__((noreturn)) vcpu_loop(struct vm *m, int i)
{
	long cpu = m->cpu[i];
	volatile uint8_t *k = m->run[i];
	for (;;) {
		long e = sc(SYS_ioctl, cpu, KVM_RUN, 0);
		__atomic_fetch_add(&m->exits[i], 1, __ATOMIC_RELAXED);
		if (e == -4) { /* EINTR: vmm hyp's periodic alarm (hyp_status) */
			if (m->u.pl011)
				hyp_status(m, cpu);
			continue;
		}
		if (e < 0)
			die("KVM_RUN", e);
		uint32_t reason = *(volatile uint32_t *)(k + 8);
		if (reason == EXIT_MMIO) {
			uint64_t addr = *(volatile uint64_t *)(k + 32);
			volatile uint8_t *data = k + 40;
			uint8_t wr = k[52];
			__atomic_fetch_add(&m->mmio, 1, __ATOMIC_RELAXED);
			if (m->u.pl011 && addr >= UART_BASE && addr < UART_BASE + UART_SIZE) {
				lock(&m->lock);
				uart_pl011(&m->u, addr - UART_BASE, wr, data);
				unlock(&m->lock);
			} else if (addr >= UART_BASE && addr < UART_BASE + 8) {
				lock(&m->lock);
				if (wr)
					uart_write(&m->u, addr - UART_BASE, data[0]);
				else
					data[0] = uart_read(&m->u, addr - UART_BASE);
				uart_irq(&m->u, m->vm);
				unlock(&m->lock);
			} else if (!wr) {
				for (int j = 0; j < 8; j++)
					data[j] = 0;
			}
			continue;
		}
		/* The end: the lock stays taken, the other threads die with the process. */
		lock(&m->lock);
		uart_flush(&m->u);
		if (reason == EXIT_SYSTEM_EVENT) {
			uint32_t type = *(volatile uint32_t *)(k + 32);
			out(type != 1	 ? "vmm: L2 system event "
			    : m->u.pl011 ? "vmm: guest hypervisor powered off"
					 : "vmm: L2 powered off");
			if (type != 1)
				outu(type);
			out(" after ");
			outu((now_us() - m->t1) / 1000);
			out(" ms, ");
			uint64_t n[MAX_CPUS], all = 0;
			for (int j = 0; j < m->ncpus; j++)
				all += n[j] = __atomic_load_n(&m->exits[j], __ATOMIC_RELAXED);
			outu(all);
			out(" KVM_RUN returns, ");
			outu(__atomic_load_n(&m->mmio, __ATOMIC_RELAXED));
			out(" MMIO exits");
			if (m->ncpus > 1) {
				out("; by vCPU ");
				outu((uint64_t)i);
				out(", returns of each vCPU:");
				for (int j = 0; j < m->ncpus; j++) {
					out(" ");
					outu(n[j]);
				}
			}
			out("\n");
			/* The UART's interrupt state as L2 left it (a console that stopped mid-line
			 * with IER.ETBEI, THRE and the line all 1 waited for an interrupt that
			 * never came) */
			if (!m->u.pl011) {
				out("vmm: UART at power-off: IER.ETBEI ");
				outu((m->u.ier >> 1) & 1);
				out(" THRE ");
				outu(m->u.thre);
				out(" line ");
				outu(m->u.line);
				out(", line high at most ");
				outu(m->u.high_max / 1000);
				out(" ms at a stretch, ");
				outu(m->u.acks);
				out(" THRE interrupts taken\n");
			}
			quit(type == 1 ? 0 : 1);
		}
		die("unexpected exit reason", reason);
	}
}

/* A secondary vCPU's thread: its VM and index. */
struct vcpu_arg {
	struct vm *m;
	int i;
};

static void vcpu_thread(void *arg)
{
	struct vcpu_arg *a = arg;
	vcpu_loop(a->m, a->i);
}

/* --- vmm run ----------------------------------------------------------------------- */

static uint64_t load(const char *path, uint8_t *dst, uint64_t max)
{
	long fd = sc(SYS_openat, -100, path, 0);
	if (fd < 0) {
		out("vmm: cannot open ");
		out(path);
		out("\n");
		quit(1);
	}
	long size = sc(SYS_lseek, fd, 0, 2);
	if (size <= 0 || (uint64_t)size > max)
		die("file size", size);
	sc(SYS_lseek, fd, 0, 0);
	uint64_t got = 0;
	while (got < (uint64_t)size) {
		long r = sc(SYS_read, fd, dst + got, (uint64_t)size - got);
		if (r <= 0)
			die("read", r);
		got += (uint64_t)r;
	}
	sc(SYS_close, fd, 0, 0);
	return got;
}

/* PSTATE of a vCPU (KVM_REG_ARM_CORE, regs.pstate: offset 33 * 8) */
static uint64_t get_pstate(long cpu)
{
	uint64_t v = 0;
	struct one_reg r = {0x6030000000100000ull | (33 * 8 / 4), (uint64_t)&v};
	ioc(cpu, KVM_GET_ONE_REG, &r, "KVM_GET_ONE_REG PSTATE");
	return v;
}

/* vmm run IMAGE INITRD [RAM_MB [BOOTARGS [CPUS]]], or (hyp) vmm hyp IMAGE [RAM_MB [LIMIT_S
 * [BOOTARGS]]] */
static int run(int argc, char **argv, int hyp)
{
	if (argc < (hyp ? 3 : 4))
		die(hyp ? "usage: vmm hyp IMAGE [RAM_MB [LIMIT_S [BOOTARGS]]]"
			: "usage: vmm run IMAGE INITRD [RAM_MB [BOOTARGS [CPUS]]]",
		    0);
	uint64_t mb = hyp ? (argc > 3 ? atou(argv[3]) : 64) : argc > 4 ? atou(argv[4]) : 256;
	const char *bootargs = argc > 5 ? argv[5] : hyp ? "" : "console=ttyS0 earlycon";
	int ncpus = argc > 6 && !hyp ? (int)atou(argv[6]) : 1;
	if (ncpus < 1 || ncpus > MAX_CPUS)
		die("CPUS must be 1 to 8, not", ncpus);
	uint64_t ram_size = mb << 20;
	uint64_t t0 = now_us();
	static struct vm m; /* the threads' shared state (bss: no stack frame outlives it) */

	long kvm = sc(SYS_openat, -100, "/dev/kvm", 2);
	if (kvm < 0)
		die("open /dev/kvm", kvm);
	long vm = ioc(kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");
	m.vm = vm;
	m.ncpus = ncpus;
	uint8_t *ram = map_anon(ram_size);
	struct mem_region r = {0, 0, RAM_BASE, ram_size, (uint64_t)ram};
	ioc(vm, KVM_SET_USER_MEMORY_REG, &r, "KVM_SET_USER_MEMORY_REGION");

	/* The kernel at the start of RAM (2M aligned, text_offset from its header). */
	uint64_t ksize = load(argv[2], ram, ram_size / 2);
	uint64_t text_off = *(uint64_t *)(ram + 8), image_size = *(uint64_t *)(ram + 16);
	if (*(uint32_t *)(ram + 56) != 0x644d5241) /* "ARM\x64" */
		die("not an arm64 Image", *(uint32_t *)(ram + 56));
	if (text_off) { /* move it up to its text_offset */
		for (uint64_t i = ksize; i-- > 0;)
			ram[text_off + i] = ram[i];
	}
	/* The DTB in the last 64K, the initrd (not with hyp) just below it. */
	uint64_t dtb_off = ram_size - 0x10000, initrd_off = dtb_off;
	long isize = 0;
	if (text_off + image_size + 0x10000 > ram_size)
		die("the image does not fit", (long)image_size);
	if (!hyp) {
		long ifd = sc(SYS_openat, -100, argv[3], 0);
		if (ifd < 0)
			die("open initrd", ifd);
		isize = sc(SYS_lseek, ifd, 0, 2);
		sc(SYS_close, ifd, 0, 0);
		if (isize <= 0 || (uint64_t)isize + text_off + image_size + 0x10000 > ram_size)
			die("initrd does not fit", isize);
		initrd_off = (dtb_off - (uint64_t)isize) & ~0xfffull;
		load(argv[3], ram + initrd_off, (uint64_t)isize);
	}

	/* The vCPUs, all before the vGIC is initialised: vCPU 0 runs, the others wait
	 * powered off for L2's PSCI CPU_ON (answered in the kernel). */
	struct vcpu_init init;
	memset(&init, 0, sizeof(init));
	ioc(vm, KVM_ARM_PREFERRED_TARGET, &init, "KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (hyp) /* KVM's nested virtualization: the vCPU starts at virtual EL2 */
		init.features[0] |= 1u << KVM_ARM_VCPU_HAS_EL2;
	long sz = ioc(kvm, KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE");
	uint64_t mpidr[MAX_CPUS];
	for (int i = 0; i < ncpus; i++) {
		long cpu = ioc(vm, KVM_CREATE_VCPU, (void *)(long)i, "KVM_CREATE_VCPU");
		struct vcpu_init ci = init;
		if (i)
			ci.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
		ioc(cpu, KVM_ARM_VCPU_INIT, &ci, "KVM_ARM_VCPU_INIT");
		mpidr[i] = get_mpidr(cpu);
		long rp = sc6(SYS_mmap, 0, sz, 3, 1 /* shared */, cpu, 0);
		if (rp < 0 && rp > -4096)
			die("mmap kvm_run", rp);
		m.cpu[i] = cpu;
		m.run[i] = (volatile uint8_t *)rp;
	}
	uint32_t dtb_size = make_dtb(ram + dtb_off, 0x10000, ram_size, bootargs,
				     RAM_BASE + initrd_off, (uint64_t)isize, mpidr, ncpus, hyp);

	/* The in-kernel GICv3: distributor and one redistributor per vCPU, 64 SPIs + 32
	 * private; for a guest hypervisor its maintenance interrupt, PPI 9 (QEMU virt's). */
	const char *what;
	long e = kvm_vgic_v3(vm, GICD_BASE, GICR_BASE, 96, hyp ? 25 : 0, &what);
	if (e < 0)
		die(what, e);

	set_reg(m.cpu[0], 256 /* pc */, RAM_BASE + text_off);
	set_reg(m.cpu[0], 0 /* x0 */, RAM_BASE + dtb_off);

	m.u.pl011 = (uint8_t)hyp;
	if (hyp) {
		uint64_t ps = get_pstate(m.cpu[0]);
		out("vmm: guest hypervisor ");
		out(argv[2]);
		out(" (");
		outu(ksize >> 10);
		out(" KiB) at ");
		outx(RAM_BASE + text_off);
		out(", DTB ");
		outu(dtb_size);
		out(" bytes, ");
		outu(mb);
		out(" MiB RAM, 1 vCPU with KVM_ARM_VCPU_HAS_EL2, vGICv3; PSTATE ");
		outx(ps);
		out(" (EL");
		outu((ps >> 2) & 3);
		out(ps & 1 ? "h)\n" : "t)\n");
		if (((ps >> 2) & 3) != 2)
			die("the vCPU does not start at EL2, PSTATE", (long)ps);
		m.t1 = now_us();
		m.u.t0 = m.t1;
		m.limit_s = argc > 4 ? atou(argv[4]) : 0;
		hyp_alarm();
		vcpu_loop(&m, 0);
	}
	out("vmm: L2 kernel ");
	out(argv[2]);
	out(" (");
	outu(ksize >> 10);
	out(" KiB), initrd ");
	outu((uint64_t)isize >> 10);
	out(" KiB, DTB ");
	outu(dtb_size);
	out(" bytes, ");
	outu(mb);
	out(" MiB RAM, ");
	outu((uint64_t)ncpus);
	out(ncpus == 1 ? " vCPU" : " vCPUs");
	out(", vGICv3; set up in ");
	outu((now_us() - t0) / 1000);
	out(" ms\n");
	if (ncpus > 1) {
		out("vmm: vCPU MPIDRs");
		for (int i = 0; i < ncpus; i++) {
			out(" ");
			outx(mpidr[i]);
		}
		out(", one thread each\n");
	}

	m.t1 = now_us();
	m.u.t0 = m.t1;
	static struct vcpu_arg args[MAX_CPUS];
	for (int i = 1; i < ncpus; i++) {
		uint8_t *stack = map_anon(0x10000);
		args[i].m = &m;
		args[i].i = i;
		long t = vmm_spawn(CLONE_THREAD_FLAGS, stack + 0x10000, vcpu_thread, &args[i]);
		if (t < 0)
			die("clone", t);
	}
	vcpu_loop(&m, 0);
}

/* --- workload helpers -------------------------------------------------------------- */

static int touch(uint64_t mb, uint64_t page)
{
	uint64_t size = mb << 20, t0 = now_us();
	volatile uint8_t *p = map_anon(size);
	for (uint64_t i = 0; i < size; i += page)
		p[i] = 1;
	uint64_t t = now_us() - t0;
	sc(SYS_munmap, p, size, 0);
	out("touch: ");
	outu(mb);
	out(" MiB, ");
	outu(size / page);
	out(" pages of ");
	outu(page >> 10);
	out("K in ");
	outu(t / 1000);
	out(" ms (");
	outu(t * 1000 / (size / page));
	out(" ns/page)\n");
	return 0;
}

static int sleep_ms(uint64_t ms)
{
	uint64_t ts[2] = {ms / 1000, ms % 1000 * 1000000u};
	uint64_t t0 = now_us();
	sc(SYS_nanosleep, ts, 0, 0);
	uint64_t t = now_us() - t0;
	out("sleep: ");
	outu(ms);
	out(" ms asked, ");
	outu(t / 1000);
	out(".");
	outu(t / 100 % 10);
	outu(t / 10 % 10);
	outu(t % 10);
	out(" ms by the counter\n");
	return 0;
}

static int procs(uint64_t n, char **envp)
{
	char *args[] = {"vmm", "true", 0};
	uint64_t t0 = now_us();
	for (uint64_t i = 0; i < n; i++) {
		long pid = sc(SYS_clone, 17 /* SIGCHLD */, 0, 0);
		if (pid == 0) {
			sc(SYS_execve, "/proc/self/exe", args, envp);
			quit(127);
		}
		if (pid < 0)
			die("clone", pid);
		int st = 0;
		long w = sc6(SYS_wait4, pid, (long)&st, 0, 0, 0, 0);
		if (w != pid || st != 0)
			die("wait4", w < 0 ? w : st);
	}
	uint64_t t = now_us() - t0;
	out("procs: ");
	outu(n);
	out(" fork+exec+exit+wait in ");
	outu(t / 1000);
	out(" ms (");
	outu(n ? t / n : 0);
	out(" us each)\n");
	return 0;
}

int __attribute__((used)) vmm_main(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1, **ep = envp;
	const char *cmd = argc > 1 ? argv[1] : "";
	uint64_t page = 4096;
	while (*ep)
		ep++;
	for (uint64_t *av = (uint64_t *)(ep + 1); av[0]; av += 2)
		if (av[0] == 6) /* AT_PAGESZ */
			page = av[1];
	if (seq(cmd, "run") || seq(cmd, "hyp"))
		return run(argc, argv, seq(cmd, "hyp"));
	if (seq(cmd, "now")) {
		outu(now_us());
		out("\n");
		return 0;
	}
	if (seq(cmd, "touch") && argc > 2)
		return touch(atou(argv[2]), page);
	if (seq(cmd, "sleep") && argc > 2)
		return sleep_ms(atou(argv[2]));
	if (seq(cmd, "procs") && argc > 2)
		return procs(atou(argv[2]), envp);
	if (seq(cmd, "true"))
		return 0;
	if (seq(cmd, "drain")) /* TCSBRK (0x5409) with arg 1: no break, wait until sent */
		return sc(SYS_ioctl, 1, 0x5409, 1) < 0;
	out("usage: vmm run IMAGE INITRD [RAM_MB [BOOTARGS [CPUS]]] | hyp IMAGE [RAM_MB [LIMIT_S]] "
	    "| now | "
	    "touch MB | sleep MS | "
	    "procs N | true | drain\n");
	return 2;
}

/* exit_group: a thread left running (there is none once vmm_main returns) ends too. */
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl vmm_main\n\tmov x8, #94\n\tsvc #0\n");
