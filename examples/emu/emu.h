/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The emulator embedding (examples/emu): a guest hypervisor image (L1) runs on the host
 * inside the Unicorn CPU emulator, which has EL2 but no FEAT_NV; nvarm gives L1 its virtual
 * EL2 and runs L1's guest (L2) on a shadow stage-2, as the bare-metal L0 (examples/l0) does on
 * hardware. Unicorn hooks are the trap entry:
 *   emu.c     machine, memory, DTB, the run loop, exception entry/return, world switch
 *   sysreg.c  MRS/MSR/SYS of L1 (vEL2) and L2 (nvarm decode, vEL2 file, forwarding)
 *   mmu.c     the TLB-fill hook: L1's EL2 stage-1, L2's stage-1 + nvarm's shadow stage-2
 *   gic.c     L1's GICv3 (distributor, redistributor, ICC registers), L2's virtual CPU
 *             interface over the list registers nvarm's nested vGIC programs
 *   timer.c   the counter (instructions, deterministic) and nvarm's vtimer over two emulated
 *             hardware EL1 timers
 *   fuzz_l2.c a libFuzzer target: the example L1 from a snapshot at its first ERET, the input
 *             as L2's code (built in the fuzz tree)
 * Unicorn is GPL-2.0: this program links it; the nvarm library itself links nothing.
 */
#ifndef NVARM_EMU_H
#define NVARM_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <unicorn/unicorn.h>

#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/forward.h>
#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>
#include <nvarm/sysreg.h>
#include <nvarm/vgic.h>

/* The machine L1 sees (QEMU virt-like addresses). */
#define RAM_BASE  0x40000000ull
#define RAM_SIZE  (128ull << 20)
#define DTB_ADDR  RAM_BASE
#define L1_LOAD	  (RAM_BASE + (2ull << 20))
#define UART_BASE 0x09000000ull
#define GICD_BASE 0x08000000ull
#define GICD_SIZE 0x10000ull
#define GICR_BASE 0x080a0000ull
#define GICR_SIZE 0x20000ull

/* ERET from vEL2: the hardware ELR_EL1 holds this address while L1 runs, so L1's ERET (a
 * plain EL1 ERET to Unicorn) fetches from it and the TLB-fill hook sees the return. */
#define ERET_SENTINEL 0x0000fffffffff000ull
/* uc_emu_start's "until" address (Unicorn looks its page up at every start; never run). */
#define UNTIL_SENTINEL 0x0000fffffff08000ull

#define PPI_MAINT      25
#define PPI_HTIMER     26
#define PPI_VTIMER     27
#define PPI_PTIMER     30
#define PPI_HVTIMER    28

enum emu_mode { MODE_NV, MODE_NV2 };

/* What a hook asks the run loop to do after Unicorn stopped. */
enum pend_kind {
	PEND_NONE,
	PEND_EXC_L1, /* synchronous exception into vEL2 (esr, far, ipa, pc = return address) */
	PEND_EXC_L2, /* synchronous exception into L2's EL1 (esr, far) */
	PEND_ERET,   /* L1 executed ERET */
	PEND_INTR,   /* Unicorn's interrupt hook (intno, pc) */
	PEND_RESUME, /* set the PC and go on (pc) */
	PEND_OFF,    /* PSCI SYSTEM_OFF */
	PEND_FATAL,  /* stop with an error message */
	PEND_TIMER,  /* the next timer deadline passed */
};

struct pend {
	enum pend_kind kind;
	uint64_t esr, far, pc;
	uint64_t ipa; /* PEND_EXC_L1 from a stage-2 abort: L2 IPA (HPFAR) */
	bool has_ipa, has_far;
	uint32_t intno;
	const char *why;
};

struct emu_stats {
	uint64_t sysreg_l1, sysreg_l2, l1_traps, l2_exits, l2_entries, shadow_installs,
	    shadow_injects, tlbi, erets, irqs_l1, irqs_l2, wfi_skips, tlb_fills, mmio, vncr;
};

struct emu {
	uc_engine *uc;
	uint8_t *ram;
	enum emu_mode mode;
	bool in_l2;
	bool quiet;
	bool trace;
	bool silent;	    /* no diagnostics on stderr (the fuzzer) */
	uint64_t resume_pc; /* where emu_run() goes on */
	bool stopping;	    /* a hook asked Unicorn to stop: do not count the next instruction */
	bool pc_written;    /* a sysreg hook moved the PC: the next instruction may be seen twice */
	uint64_t last_pc;   /* the last instruction counted */
	struct pend pend;

	/* nvarm */
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v2;
	uint8_t *vncr; /* the VNCR page (4K aligned) */
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	struct nvarm_s2mmu s2;
	int mmu_id;
	struct nvarm_fwd_ctx fwd;
	struct nvarm_vgic_cpu vgic;
	struct nvarm_vgic_vstate *vgic_v; /* L1's virtual ICH_* (in the VNCR page) */

	uint64_t l1_sp;	     /* L1's SP_EL2 while L2 runs */
	uint64_t icount;     /* instructions executed */
	uint64_t skipped;    /* counter ticks skipped by WFI */
	uint64_t next_event; /* counter value at which the run loop must look at the timers */
	bool irq_poll;	     /* an interrupt is pending but masked: the code hook looks again */
	uint64_t max_insns;  /* stop (failure) after this many instructions */

	/* console */
	char line[512];
	unsigned linelen;
	int l1_verdict, l2_verdict; /* -1 none, 0 FAIL, 1 PASS */
	bool off;

	struct emu_stats st;
};

extern struct emu E;

/* Diagnostics on stderr (none in the fuzzer). */
#define EMU_LOG(...)                                                                               \
	do {                                                                                       \
		if (!E.silent)                                                                     \
			fprintf(stderr, __VA_ARGS__);                                              \
	} while (0)

/* emu.c */
void emu_setup(const char *image);
const char *emu_run(bool stop_at_l2);
uint64_t reg_x(unsigned n);
void set_x(unsigned n, uint64_t v);
uint64_t reg_pc(void);
void set_pc(uint64_t pc);
uint64_t reg_pstate(void);
void set_pstate(uint64_t v);
uint64_t cp_read(uint32_t enc);
bool cp_write(uint32_t enc, uint64_t v);
bool cp_exists(uint32_t enc);
uint64_t vel2_get(uint32_t enc);
void vel2_set(uint32_t enc, uint64_t v);
void pend_set(const struct pend *p);
void fatal(const char *why);
void l1_shadow_load(void);
bool guest_read(uint64_t va, void *buf, unsigned len, bool fetch);
uint32_t insn_at(uint64_t va);

/* sysreg.c */
void sysreg_hooks_install(void);
void fwd_load_l2(void);
uint64_t sysreg_esr(uint32_t enc, bool read, unsigned rt);

/* mmu.c */
bool tlb_fill_cb(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e, void *user);
bool s1_walk(bool vhe, uint64_t sctlr, uint64_t tcr, uint64_t ttbr0, uint64_t va, uint64_t *pa,
	     unsigned *fault_level);
void l1_s2_regs(struct nvarm_s2mmu_l1_regs *l1);
void mmu_init(void);
void mmu_reset(void);
void tlb_flush(void);
bool ls_decode(uint32_t insn, uint64_t *addr, uint64_t *iss, bool *write);

/* gic.c */
void gic_init(void);
uint64_t gicd_read(uc_engine *uc, uint64_t off, unsigned size, void *user);
void gicd_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user);
uint64_t gicr_read(uc_engine *uc, uint64_t off, unsigned size, void *user);
void gicr_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user);
int gic_icc_l1(uint32_t enc, bool read, uint64_t *v);
int gic_icv_l2(uint32_t enc, bool read, uint64_t *v);
void gic_ppi_level(unsigned ppi, bool level);
bool gic_l1_irq_pending(void);
bool gic_l2_virq_pending(void);
void gic_l2_enter(void);
void gic_l2_exit(void);
bool gic_l2_maint_check(void);
void gic_l1_maint_sync(void);
void gic_stats(void);
void gic_dump(void);
void *gic_state(size_t *n);

/* timer.c */
uint64_t now(void);
void timer_init(void);
int timer_sysreg(uint32_t enc, bool read, uint64_t *v);
void timer_update(void);
uint64_t timer_next_deadline(void);
void *timer_state(size_t *n);
void timer_switch(bool to_l2);
uint64_t timer_l1_cnthctl(void);

#endif
