/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The example L0's shared state and internal interfaces (one CPU, one L1 vCPU):
 *   boot.c   machine discovery (libfdt), L1 loading and its DTB, l0_main
 *   mmu.c    L0's EL2 stage-1, L1's stage-2, nvarm's shadow stage-2 for L2 (setup)
 *   trap.c   trap entry, vEL2 register state, world switch L1 <-> L2, statistics
 *   route.c  L2's traps: nvarm's forwarding (L1's trap controls, hardware HCR for L2)
 *   world.c  the hardware EL1 registers of the world switch: nvarm's EL2->EL1 shadow
 *   vgic.c   the physical GIC, L1's virtual CPU interface, L2's list registers
 *   vgicd.c  L1's emulated GIC distributor and redistributor (MMIO from stage-2 aborts)
 *   nested_vgic.c  nvarm's nested vGIC: L1's virtual ICH_*_EL2, L2 entry/exit, maintenance
 *   timer.c  nvarm's vtimer: the four timers of L1's vEL2 CPU, L0's deadline timer
 *   platform.c  nvarm's platform ops: the bare-metal shim plus L0's memory hooks
 */
#ifndef EXAMPLES_L0_H
#define EXAMPLES_L0_H

#include <stdbool.h>
#include <stdint.h>

#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/arm/sysreg_fields.h>
#include <nvarm/err.h>
#include <nvarm/platform_baremetal.h>
#include <nvarm/s2mmu.h>
#include <nvarm/sysreg.h>

#include "arm.h"
#include "console.h"

/* Translation table descriptors (4K granule; mmu.c). */
#define PT_ENTRIES    512
#define DESC_VALID    1ull
#define DESC_TABLE    3ull /* or page at level 3 */
#define DESC_BLOCK    1ull
#define DESC_AF	      (1ull << 10)
#define DESC_SH_INNER (3ull << 8)
#define DESC_XN	      (1ull << 54)
#define DESC_ADDR(d)  ((d)&0x0000fffffffff000ull)

/* L0's EL2 stage-1 attributes (MAIR_EL2 indexes) and stage-2 ones (MemAttr, S2AP). */
#define MAIR_DEVICE_IDX 0
#define MAIR_NORMAL_IDX 1
#define MAIR_VALUE	0xff00ull /* idx0 Device-nGnRnE, idx1 Normal WB RAWA */
#define S1_NORMAL	((MAIR_NORMAL_IDX << 2) | DESC_SH_INNER | DESC_AF)
#define S1_DEVICE	((MAIR_DEVICE_IDX << 2) | DESC_AF | DESC_XN)
#define S2_NORMAL	((0xfull << 2) | (3ull << 6) | DESC_SH_INNER | DESC_AF)
#define S2_DEVICE	((0x1ull << 2) | (3ull << 6) | DESC_AF | DESC_XN)

/* ESR_EL2.EC values L0 handles (Arm ARM D24.2.39). */
#define EC_WFX	    0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYS64    0x18
#define EC_ERET	    0x1a
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define ESR_S1PTW   (1ull << 7) /* ISS.S1PTW of an abort */

/* HCR_EL2 bits (from nvarm's register database, arm/sysreg_fields.h), and the PSTATE/SCTLR
 * values L1 starts with. */
#define HCR_VM	       NVARM_HCR_EL2_VM
#define HCR_SWIO       NVARM_HCR_EL2_SWIO
#define HCR_FMO	       NVARM_HCR_EL2_FMO
#define HCR_IMO	       NVARM_HCR_EL2_IMO
#define HCR_AMO	       NVARM_HCR_EL2_AMO
#define HCR_DC	       NVARM_HCR_EL2_DC
#define HCR_TID3       NVARM_HCR_EL2_TID3
#define HCR_TSC	       NVARM_HCR_EL2_TSC
#define HCR_RW	       NVARM_HCR_EL2_RW
#define HCR_APK	       NVARM_HCR_EL2_APK
#define HCR_API	       NVARM_HCR_EL2_API
#define HCR_FWB	       NVARM_HCR_EL2_FWB
#define HCR_E2H	       NVARM_HCR_EL2_E2H
#define SPSR_EL1H_DAIF 0x3c5ull /* "EL2h" as L1 sees it: EL1h on the hardware */
#define SCTLR_EL1_RES1 0x30d00800ull

/* Packed system register encodings (arm/sysreg_enc.h; by name from nvarm's register
 * database, arm/sysreg_encs.h). */
#define ENC(o0, o1, n, m, o2) NVARM_SYSREG_ENC(o0, o1, n, m, o2)
#define ENC_HCR_EL2	      NVARM_ENC_HCR_EL2
#define ENC_VTTBR_EL2	      NVARM_ENC_VTTBR_EL2
#define ENC_VTCR_EL2	      NVARM_ENC_VTCR_EL2

/* The shadow stage-2 runs L2 under its own VMID (L1 has VMID 1). */
#define SHADOW_VMID 2ull
/* L1's own EL1 with its stage-2 off (HCR_EL2.VM=0, e.g. Linux before it turns to VHE):
 * L0's stage-2 for L1 under a VMID of its own (after the shadow ones). */
#define FLAT_VMID 8ull

/* Offsets in a vector table for exceptions from a lower EL (AArch64). */
#define VEC_LOWER_SYNC 0x400
#define VEC_LOWER_IRQ  0x480

/* GICv3 CPU interface registers L0 itself uses (acknowledge, end of interrupt). */
#define ENC_ICC_IAR1  NVARM_ENC_ICC_IAR1_EL1
#define ENC_ICC_EOIR1 NVARM_ENC_ICC_EOIR1_EL1

/* SPSR_EL2.M [3:0]: the exception level and stack pointer an exception came from. */
#define SPSR_M_MASK 0xfull

struct machine {
	uint64_t ram_base, ram_size;
	uint64_t pl011;
	uint64_t gicd, gicd_size, gicr, gicr_size;
	uint32_t timer_ppi[4];	/* secure phys, non-secure phys, virt, hyp (INTIDs) */
	uint32_t gic_maint_ppi; /* GIC maintenance interrupt (INTID, from the GIC node) */
	bool psci_hvc;
	const char *bootargs;
	uint64_t initrd_start, initrd_end;
};

struct l0_frame {
	uint64_t x[31];
	uint64_t pad;
};

void l0_main(uint64_t dtb);
void l0_trap_sync(struct l0_frame *f);
void l0_trap_irq(struct l0_frame *f);
void l0_panic_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);
void l0_enter_guest(struct l0_frame *f) __attribute__((noreturn));

enum l1_mode { MODE_NV, MODE_NV2 };

struct vcpu {
	enum l1_mode mode;
	uint64_t hcr;		   /* HCR_EL2 while L1 runs */
	uint64_t l1_base, l1_size; /* L1 RAM (IPA == PA for this range) */
	/*
	 * L1's virtual EL2 register file (nvarm sysreg subsystem). Registers with a VNCR
	 * offset live in vncr_page in both modes (under NV2 the hardware uses the same
	 * bytes); the others in v2.regs.
	 */
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v2;

	bool vhe;      /* the vEL2 shadow has the VHE layout (L1's HCR_EL2.E2H=1): NV1=0 */
	int e2h_fixed; /* nvarm.e2h=0|1: L1's E2H is RES0/RES1 (-1: L1 may change it) */
	bool e2h_late; /* an E2H change was seen only at a later trap (FEAT_NV2) */
	bool trace;    /* nvarm.trace: print the first trap of each exception class */
	bool in_l2;    /* hardware EL1 currently runs L2 (else L1 at vEL2) */
	int s2mmu_id;  /* nvarm shadow MMU L2 last ran on (nvarm_s2mmu_get) */
	bool l2_flat;  /* L1's HCR_EL2.VM=0: its EL1 runs on L0's stage-2 for L1 */

	uint32_t s2pool; /* nvarm.s2pool=N: shadow pool pages (0: sized from L1's RAM) */
};

/* Why L2 last exited to L0: every trap until L0 resumes L2 is charged to that exit. */
enum exit_kind {
	EXIT_NONE,
	EXIT_HVC,
	EXIT_SMC,
	EXIT_MMIO,
	EXIT_SHADOW,
	EXIT_IRQ,
	EXIT_MAINT,
	EXIT__COUNT
};

struct l0_stats {
	uint64_t traps, irqs, by_ec[64];
	uint64_t by_cls[NVARM_TC__COUNT]; /* by nvarm_trap_class */
	enum exit_kind cur;
	uint64_t kind_exits[EXIT__COUNT], kind_traps[EXIT__COUNT];
	uint64_t l1_ext_aborts; /* External aborts L1 took for L1 IPAs nothing backs */
	uint64_t l2_ext_aborts; /* ... and L2, for L1 IPAs its stage-2 maps it to */
	uint64_t vncr_writes;	/* L1 stores to the read-only VNCR alias (nvarm.vncr=ro) */
	uint64_t undef_logged;	/* UNDEFINED system register accesses printed (the first 8) */
	bool fast_resume;	/* this trap resumes L2 with nothing but a new shadow entry */
	/* L0's own time (CNTPCT ticks at EL2 from trap entry to return; with QEMU -icount
	 * shift=0 a tick is one instruction): per L2 exit kind, and for L1's own traps. */
	uint64_t kind_ticks[EXIT__COUNT], l1_ticks, l1_traps;
	uint64_t l2_entries, timer_irqs, other_irqs, irq_at_eret;
	uint64_t flat_entries; /* of l2_entries: L1's own EL1 with its stage-2 off */
	uint64_t handled, forwarded, s2_faults, shadow_faults, shadow_inval, l2_hvc;
	/* nvarm_fwd_route() verdicts for L2's traps: forwarded to L1, L0's own, UNDEFINED. */
	uint64_t l2_fwd, l2_l0, l2_undef;
	/* nvarm shadow stage-2 outcomes: entries installed, faults injected into L1, faults
	 * L0 had to handle, shadow entries removed by L1's TLBIs. */
	uint64_t shadow_installs, shadow_injects, shadow_l0, shadow_removed;
	/* nvarm EL2->EL1 shadow: reloads while L1 runs (RELOAD, E2H flips); L1's EL2 TLBIs */
	uint64_t vel2_reloads, vel2_tlbi;
	/* L1's AT S12E*: emulated, and of those answered by nvarm_s2mmu_translate() */
	uint64_t at_s12, at_s12_walks;
	struct {
		uint32_t enc;
		uint16_t reg; /* nvarm_sysreg_id or NVARM_SR_NONE */
		uint64_t n;
	} sr[128];
	uint8_t sr_slot[NVARM_SR__COUNT]; /* sr[] index + 1 of a database register (O(1)) */
	unsigned nsr;
};

static inline uint64_t read_sp(void)
{
	uint64_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

extern struct machine m;
extern struct vcpu vcpu;
extern struct l0_stats st;
extern uint8_t vncr_page[4096];
extern uint64_t s2_root[PT_ENTRIES];
extern struct nvarm_s2mmu l0_s2mmu;	 /* mmu.c */
extern struct nvarm_platform_ops l0_ops; /* platform.c */

/* boot.c */
void power_off(void) __attribute__((noreturn));
void panic(const char *why) __attribute__((noreturn));
void l0_main(uint64_t dtb);
void l0_panic_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);

/* platform.c */
void l0_platform_init(void);

/* mmu.c */
void pt_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attr);
unsigned pa_range_bits(void);
uint64_t *el2_root_get(void);
/* nvarm.vncr=ro: VNCR_EL2 = this read-only alias of vncr_page in L0's EL2 address space */
#define VNCR_RO_ALIAS 0x7000000000ull
void el2_mmu_on(void);
bool l1_ram(uint64_t ipa1, uint64_t len);
uint64_t l0_vtcr(void);
void shadow_init(void);

/* trap.c */
void l0_trap_sync(struct l0_frame *f);
void l0_trap_irq(struct l0_frame *f);
void l0_enter_guest(struct l0_frame *f) __attribute__((noreturn));
void l0_shutdown(const char *why) __attribute__((noreturn));
void vel2_init(void);
void vel2_set(uint32_t enc, uint64_t v);
uint64_t *vncr_slot(int off);
uint64_t vel2_get(uint32_t enc);
void l2_exit(enum exit_kind kind);
void forward_to_l1_vec(uint64_t vec, uint64_t esr, uint64_t far, uint64_t hpfar, uint32_t irq);

/* route.c */
uint64_t route_enter_l2(void);
void route_exit_l2(void);
bool route_l2_trap(struct l0_frame *f, const struct nvarm_trap *t, uint64_t esr);
/* world.c */
void world_l1_load(void);
void world_l1_sync(void);
bool world_l1_sync_reg(unsigned reg);
void world_l1_load_regs(const unsigned *regs, unsigned n);
void world_trap_entry(void);
void world_l1_reload(void);
void world_l1_to_l2(void);
void world_l2_to_l1(void);
void world_l1_tlbi(uint32_t enc);
bool world_l1_at(uint32_t enc, uint64_t va);
bool world_l1_at_s12(uint32_t enc, uint64_t va);

/* vgic.c */
uint64_t hw_get(uint32_t enc);
void hw_set(uint32_t enc, uint64_t v);
void gic_init(void);
void gic_ppi_enable(uint32_t ppi);
unsigned gic_ppi_active(uint32_t ppi);
void gic_ppi_activate(uint32_t ppi);
void gic_ppi_deactivate(uint32_t ppi);

/* nested_vgic.c: nvarm's nested vGIC for L1 (include/nvarm/vgic.h) */
struct vgic_stats {
	uint64_t maint;	   /* maintenance interrupts raised for L1 (rising edges) */
	uint64_t hw_maint; /* physical maintenance interrupts L0 took */
	uint64_t deact;	   /* L1 interrupts L2 deactivated through HW=1 list registers */
	uint64_t overflow; /* injections that found no free LR (queued) */
	uint64_t dropped;  /* injections refused: no free LR and the queue full */
};
extern struct vgic_stats vgic_st;
void vgic_nested_init(void);
void vgic_l1_reset(void);
int vgic_sysreg(uint32_t enc, bool read, uint64_t *val);
void vgic_l1_flush(void);
void vgic_maint_refresh(void);
bool vgic_l1_irq_pending(void);
bool vgic_l1_inject(uint32_t intid, uint8_t priority, bool group1);
int vgic_l1_state(uint32_t intid);
void vgic_l1_retract(uint32_t intid);
void vgic_l1_deactivate(uint32_t intid);
bool vgic_would_signal(uint8_t priority, bool group1);
bool vgic_l1_hw_backed(uint32_t intid);
void vgic_l2_enter(void);
bool vgic_l2_exit(void);
bool vgic_l2_should_exit(void);
void vgic_maint_irq(uint64_t iar);
void vgic_stats_print(void);

/* timer.c */
enum { L0_VT_NONE, L0_VT_DONE, L0_VT_UNDEF, L0_VT_TO_L1 }; /* l0_vtimer_sysreg() */
void l0_vtimer_init(void);
void l0_vtimer_set_e2h(bool e2h);
void l0_vtimer_switch(bool to_l2);
int l0_vtimer_sysreg(const struct nvarm_trap *t, uint64_t *val);
uint64_t l0_vtimer_l1_cnthctl(void);
bool l0_vtimer_l2_trap(struct l0_frame *f, const struct nvarm_trap *t);
bool l0_vtimer_irq(uint32_t intid, uint64_t iar);
void l0_vtimer_resume(void);
void l0_vtimer_stats_print(void);

/* vgicd.c: L1's emulated GICv3 distributor/redistributor */
bool vgicd_mmio(struct l0_frame *f, uint64_t esr, uint64_t ipa);
/* insn.c: an L1 data abort without a valid syndrome on an emulated device (LDP/STP and
 * pre/post-index forms), decoded from the instruction at ELR_EL2 and emulated access by
 * access through vgicd_mmio; false when the instruction is not one of those forms. */
bool insn_mmio_l1(struct l0_frame *f, uint64_t esr, uint64_t far, uint64_t ipa);
bool vgicd_sysreg(uint32_t enc, bool read, uint64_t v);
void vgicd_line(uint32_t intid, bool level);
void vgicd_present(void);
bool vgicd_l2_wants_exit(void);
bool vgicd_would_take(uint32_t intid);
bool vgicd_l1_signalled(void);
uint64_t vgicd_taken(uint32_t intid);
void vgicd_stats(void);

#endif
