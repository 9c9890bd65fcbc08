/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The example L0's state and internal interfaces. Three kinds of state, no singletons:
 *   struct l0_vm    one guest hypervisor's VM: its RAM, L0's stage-2 for it, nvarm's VM
 *                   configuration, the shadow stage-2 (shared by its vCPUs), the emulated
 *                   GIC distributor, the platform ops nvarm calls back;
 *   struct l0_vcpu  one vCPU of L1: nvarm's per-vCPU objects (vEL2 file and VNCR page,
 *                   forwarding context, nested vGIC CPU interface, timers), the hardware
 *                   EL1 context of the world switch, statistics;
 *   struct l0_pcpu  one physical CPU: the vCPU loaded on it and L0's own deadline timer
 *                   (TPIDR_EL2 points at it; l0_this_cpu()).
 * Every function that works on a vCPU takes it as its first argument.
 *
 * Files, lowest first; a file calls only files above it in this list, never one below
 * (tools/objdeps.py checks the call graph of the objects: ctest l0_no_cycles):
 *   panic.c      power off, panic (what every other file may call)
 *   gic.c        the physical GICv3 and system-register access by encoding
 *   mmu.c        L0's EL2 stage-1, L1's stage-2
 *   vcpu.c       a vCPU and its vEL2 register file (nvarm_vm_config_init, nvarm_vel2_init)
 *   platform.c   nvarm's platform ops for a VM, and its shadow stage-2 (nvarm_s2mmu_init)
 *   cpuif.c      L1's virtual CPU interface: L0's list registers for L1 (nvarm vGIC, L1 side)
 *   vgicd.c      L1's emulated GIC distributor/redistributor (levels and edges in, list
 *                registers out)
 *   insn.c       L1's loads/stores without a syndrome to its GIC, decoded (LDP/STP, ...)
 *   nested_vgic.c  nvarm's nested vGIC: L1's virtual ICH_*_EL2, L2's interface at entry/exit
 *   timer.c      nvarm's vtimer: the four timers of L1's vEL2 CPU (raise lines only)
 *   world.c      the hardware EL1 registers of the world switch: nvarm's EL2->EL1 shadow
 *   route.c      L2's traps through nvarm's forwarding: a verdict, and L2's hardware traps
 *   switch.c     the world switch: entering and leaving L2, exceptions into vEL2, the
 *                return to a guest at the end of every trap (each nvarm call in order)
 *   exc.c        exceptions L0 makes for a guest: UNDEFINED, External aborts
 *   report.c     the statistics line, orderly shutdown
 *   smp.c        physical CPUs and L1's vCPUs: PSCI CPU_ON/OFF/AFFINITY_INFO, secondaries
 *   trap.c       trap entry and dispatch (by the register database's trap classes), PSCI
 *   boot.c       machine discovery, L1 loading and its DTB, l0_main
 */
#ifndef EXAMPLES_L0_H
#define EXAMPLES_L0_H

#include <stdbool.h>
#include <stdint.h>

#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/arm/sysreg_fields.h>
/* Field F of ID register value @p v (ID_AA64<R>_EL1), its position from the database. */
#define ID_FIELD(v, R, F) (((v) >> NVARM_ID_AA64##R##_EL1_##F##_SHIFT) & 0xf)
#include <nvarm/err.h>
#include <nvarm/platform_baremetal.h>
#include <nvarm/s2mmu.h>
#include <nvarm/sysreg.h>
#include <nvarm/forward.h>
#include <nvarm/vgic.h>
#include <nvarm/vtimer.h>

#include "arm.h"
#include "console.h"

/* A write only when the register holds something else: an emulator does work on every
 * system register write (QEMU ends its translation block, some registers flush its TLB),
 * a read costs it little. */
#define write_sysreg_changed(r, v)                                                                 \
	do {                                                                                       \
		uint64_t __c = (uint64_t)(v);                                                      \
		if (read_sysreg(r) != __c)                                                         \
			write_sysreg(r, __c);                                                      \
	} while (0)

#ifdef L0_MSR_COUNT
/* The counting build (msrcount.c): each write first reads the register, for the count of
 * writes of an unchanged value. */
void l0_msr_note(const char *name, bool same);
#undef write_sysreg
#define write_sysreg(r, v)                                                                         \
	do {                                                                                       \
		uint64_t __w = (uint64_t)(v);                                                      \
		l0_msr_note(#r, read_sysreg(r) == __w);                                            \
		__asm__ volatile("msr " #r ", %0" ::"r"(__w));                                     \
	} while (0)
#endif

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
#define HCR_ENSCXT     NVARM_HCR_EL2_EnSCXT
#define HCR_TERR       NVARM_HCR_EL2_TERR
#define HCR_TACR       NVARM_HCR_EL2_TACR
#define HCR_TIDCP      NVARM_HCR_EL2_TIDCP
#define HCR_TEA	       NVARM_HCR_EL2_TEA
#define HCR_FWB	       NVARM_HCR_EL2_FWB
#define HCR_E2H	       NVARM_HCR_EL2_E2H
#define HCR_TGE	       NVARM_HCR_EL2_TGE
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

#define L0_MAX_CPUS 8 /* physical CPUs L0 brings up; L1 gets one vCPU on each */

struct machine {
	uint64_t ram_base, ram_size;
	unsigned ncpus;			 /* CPUs in the host DTB (QEMU -smp) */
	uint64_t cpu_mpidr[L0_MAX_CPUS]; /* their MPIDR_EL1 affinity (the DTB's reg) */
	uint64_t pl011;
	uint64_t gicd, gicd_size, gicr, gicr_size;
	uint32_t timer_ppi[4];	/* secure phys, non-secure phys, virt, hyp (INTIDs) */
	uint32_t gic_maint_ppi; /* GIC maintenance interrupt (INTID, from the GIC node) */
	uint32_t pmu_ppi;	/* PMU overflow interrupt (INTID, arm,armv8-pmuv3 node; 0: none) */
	bool psci_hvc;
	const char *bootargs;
	uint64_t initrd_start, initrd_end;
};

struct l0_frame {
	uint64_t x[31];
	uint64_t pad;
};

enum l1_mode { MODE_NV, MODE_NV2 };

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

/* Statistics of one vCPU: counted on the way, never read by control flow (report.c
 * prints them). */
struct l0_stats {
	uint64_t traps, irqs, by_ec[64];
	uint64_t by_cls[NVARM_TC__COUNT]; /* by nvarm_trap_class */
	enum exit_kind cur;
	uint64_t kind_exits[EXIT__COUNT], kind_traps[EXIT__COUNT];
	uint64_t l1_ext_aborts;	 /* External aborts L1 took for L1 IPAs nothing backs */
	uint64_t l2_ext_aborts;	 /* ... and L2, for L1 IPAs its stage-2 maps it to */
	uint64_t l1_excl_aborts; /* exclusives/atomics L1 made to L0's devices (insn.c) */
	uint64_t vncr_writes;	 /* L1 stores to the read-only VNCR alias (nvarm.vncr=ro) */
	uint64_t vncr_aborts;	 /* L2's VNCR page accesses that fault for L1 (trap.c) */
	uint64_t undef_logged;	 /* guest-caused messages asked for (guest_msg): the first 8
				    printed */
	/* L0's own time (CNTPCT ticks at EL2 from trap entry to return; with QEMU -icount
	 * shift=0 a tick is one instruction): per L2 exit kind, and for L1's own traps. */
	uint64_t kind_ticks[EXIT__COUNT], l1_ticks, l1_traps;
	uint64_t l1_sr_ticks, l1_sr_traps; /* of L1's traps: its MRS/MSR (EC 0x18) */
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
	/* l0_traps_per_l2_timer_irq: a window in which L1 also worked on its own timers is
	 * dropped from the ratio (timer.c) */
	uint64_t win_traps, windows_dropped;
	/* The lean EC 0x18 entry's traps of L1 outside any L2 exit (trap.c, l0_trap_l1_sysreg)
	 * and their ticks: two adds per trap instead of the eight counters above it also
	 * belongs to (traps, by_ec, by_cls, handled, l1_traps/_ticks, l1_sr_traps/_ticks), which
	 * stats_fold (report.c) brings up to date before they are printed */
	uint64_t lean_sr, lean_sr_ticks;
};

/* An L2 exit of @p kind begins (its traps are charged to it until L2 resumes). */
static inline void stats_l2_exit(struct l0_stats *st, enum exit_kind kind)
{
	st->cur = kind;
	st->kind_exits[kind]++;
	st->kind_traps[kind]++; /* this trap */
}

/* ------------------------------------------------ per-vCPU state of each component */

/* world.c: the hardware EL1 context of the world switch. l1_hw is the structure of the
 * last vEL2 load (its valid/flags say which registers and layout the hardware holds);
 * l1_hw_current: it still holds them (a full sync or load since the trap began); l1_sp is
 * L1's own stack pointer (its SP_EL2, hardware SP_EL1) while L2 runs. */
/* world.c: nvarm_shadow_vel2_sources() of recently trapped registers (reg + 1, 0: empty). */
#define L0_SRC_MEMO 16
struct l0_src_memo {
	uint16_t reg;
	bool vhe, needs_sync;
	uint32_t src;
	uint8_t one; /* the one EL1 register carrying reg + 1 (src a single bit, not HCR_EL2) */
};

struct l0_world {
	struct l0_src_memo src_memo[L0_SRC_MEMO];
	struct nvarm_el1_regs l1_hw, l2_hw;
	/* The hardware holds l1_hw's valid registers (a load or fold-back since the last
	 * trap began) / l2_hw's (read at L2's exit, until the L1 load that follows). */
	bool l1_hw_current, l2_hw_current;
	uint64_t l1_sp;
	uint32_t hvc_src[2]; /* the EL1 registers vel2_hvc reloads, per layout (switch.c) */
	/* world_l1_load: nvarm's HCR_EL2 nesting bits and CPTR_EL2 bits set/cleared for L1, per
	 * vEL2 layout (they follow the layout and the VM only); nest_ok bit l: computed */
	uint64_t nest_hcr[2], nest_cptr_set[2], nest_cptr_clr[2];
	uint8_t nest_ok;
	bool e2h_followed; /* world_l1_load ran this trap: v->vhe is L1's E2H (follow_e2h) */
	/* follow_e2h's quick look (l1_first_entry): the word of L1's HCR_EL2 when its E2H bit is
	 * the effective E2H (a VM with FEAT_VHE and FEAT_E2H0), else NULL and e2h_fixed: the
	 * effective E2H never changes (nvarm_vel2_is_vhe) */
	const uint64_t *e2h_word;
	bool e2h_fixed;
	/* ... and the bits of that word followed (E2H; TGE too for a VHE-capable L1 whose
	 * SCTLR_EL1 trap follows it: route_l1_sctlr_sync), as at the last vEL2 load */
	uint64_t hcr_watch, hcr_seen;
	/* world_l1_load_kept: the EL1 registers whose l1_hw value is the vEL2 load of the file as
	 * it is now (all after a load; a fold-back that took L1's own value clears its bit), and
	 * per layout (kept_ok bit l) those it loads again anyway: the ones whose EL2 register can
	 * change without a call the L0 sees (nvarm_shadow_vel2_volatile), or that the switch from
	 * L2 writes (nvarm_vel2_inject's, HCR_EL2's; FAR_EL2's and HPFAR_EL2's only for an
	 * exception with an address, kept_reload[l * 2 + 1]) */
	uint32_t l1_exact, kept_reload[4];
	uint8_t kept_ok;
	/* world_l1_load_kept's compare of l1_hw with l2_hw, kept from world_l2_load (l12_ok):
	 * l12_neq has bit i set when l1_hw.r[i] != l2_hw.r[i] (for registers valid in both), and
	 * l2_chg the registers world_l2_read found changed since; l1_hw changes in between only
	 * where load_kept reloads (want): only those and l2_chg's are compared again */
	uint32_t l12_neq, l2_chg;
	bool l12_ok;
	/* world_l1_sync: the EL1 registers L1 can change without a trap, per layout
	 * (nvarm_shadow_vel2_hw_volatile; 0: not asked yet) */
	uint32_t sync_vol[2];
};

/* route.c: nvarm's forwarding context and L0's own trap controls while L1 runs. */
struct l0_route {
	struct nvarm_fwd_ctx fwd;
	struct nvarm_fwd_hw l0_own;
	/* What the hardware holds of the registers only route.c writes (MDCR, FGT, HCRX_EL2
	 * and hstr; not CPTR, which world.c writes too, nor HCR): valid once l0_own_saved */
	struct nvarm_fwd_hw hw;
	uint64_t hstr;
	uint8_t pmu_n; /* PMCR_EL0.N when the VM has the PMU (route_l1_init), else 0 */
	/* L2's MDCR_EL2 PMU fields (nvarm_pmu_hw_mdcr) for L1's MDCR_EL2 pmu_key */
	uint64_t pmu_key, pmu_l2;
	bool l0_own_saved, hw_fgt, hw_amu,
	    hw_hcx; /* FEAT_FGT, FEAT_AMUv1 (HAFGRTR_EL2), FEAT_HCX */
	/* The traps L1 runs with: l0_own, plus L1's own SCTLR_EL1 reads and writes while
	 * nvarm_shadow_vel2_sctlr_trap() (a VHE L1 with TGE=0: its SPAN is not the hardware's);
	 * sctlr_set/_clr[0] HFGWTR_EL2's bits for that, [1] HFGRTR_EL2's (nvarm_fwd_fgt_bit) */
	struct nvarm_fwd_hw l1_own;
	uint64_t sctlr_set[2], sctlr_clr[2];
	bool sctlr_fgt, sctlr_trapped; /* the bits are known (FEAT_FGT); l1_own has them */
};

/* pmu.c: the VM's PMU event filters as L1 wrote them (while the L0 moves them: shadow). */
struct l0_pmu {
	uint64_t flt[32]; /* PMEVTYPER<n>_EL0, [31] PMCCFILTR_EL0 */
	bool shadow, fgt;
	bool up; /* the overflow interrupt's line is up in L1's GIC (physical PPI held active) */
	uint64_t irqs;
};

/* cpuif.c and nested_vgic.c: nvarm's vGIC CPU object of the vCPU. */
#define VGIC_QUEUE_LEN 8
struct vgic_stats {
	uint64_t maint;	   /* maintenance interrupts raised for L1 (rising edges) */
	uint64_t hw_maint; /* physical maintenance interrupts L0 took */
	uint64_t deact;	   /* L1 interrupts L2 deactivated through HW=1 list registers */
	uint64_t overflow; /* injections that found no free LR (queued) */
	uint64_t dropped;  /* injections refused: no free LR and the queue full */
};
struct l0_vgic {
	struct nvarm_vgic_cpu cpu;
	struct nvarm_vgic_irq queue[VGIC_QUEUE_LEN]; /* L1's interrupts waiting for an LR */
	struct nvarm_vgic_exit exit;		     /* of the last nvarm_vgic_nested_exit */
	bool in_l2;				     /* between nvarm_vgic_nested_entry and _exit */
	bool maint_level;			     /* L1's maintenance interrupt, as last seen */
	bool maint_parked; /* the physical maintenance PPI held active while L2 runs */
	bool maint_line;   /* the level this file last gave the maintenance PPI (vgicd_line) */
	bool vtimer_held;  /* the physical EL1 virtual timer PPI held active while L2 runs */
	struct vgic_stats st;
};

/* timer.c: nvarm's vtimer for the vCPU. */
enum { L0_TIMER_FRESH = 1, L0_TIMER_FRESH_IDLE = 2 }; /* l0_timer::fresh */
struct l0_timer {
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	bool ready; /* l0_vtimer_init done */
	/* 0 (world_trap_entry: false), or L0_TIMER_FRESH: hw holds the guest-writable registers
	 * (pulled or pushed this trap), or L0_TIMER_FRESH_IDLE: and this trap's world switch found
	 * no timer live or acknowledged (timer.c, l0_vtimer_resume) */
	uint8_t fresh;
	uint64_t delivered[NVARM_VTIMER_COUNT]; /* interrupts delivered per vCPU timer */
	uint64_t emulated; /* ... of which by an emulated timer (the others: hardware-backed) */
	uint64_t hw_irqs, deadline_irqs, spurious;
	uint64_t masked_traps;	/* L2's accesses to a timer L0 masked (l0_vtimer_l2_trap) */
	uint64_t unmasked_held; /* ... unmasked for an interrupt held active (vgicd.c held_check) */
	uint32_t up;		/* bit t: timer t's line into L1's redistributor raised */
};

/* vgicd.c: L1's emulated distributor (per VM; with one vCPU its one redistributor too). */
#define VGICD_NR_IRQS 128 /* SGIs, PPIs and 96 SPIs (GICD_TYPER.ITLinesNumber = 3) */
struct l0_vgicd {
	uint8_t group[VGICD_NR_IRQS], enabled[VGICD_NR_IRQS];
	uint8_t latch[VGICD_NR_IRQS]; /* pending latch: edges, ISPENDR writes */
	uint8_t level[VGICD_NR_IRQS]; /* the input line of a level-sensitive source */
	uint8_t active[VGICD_NR_IRQS], prio[VGICD_NR_IRQS], cfg[VGICD_NR_IRQS];
	uint8_t grpmod[VGICD_NR_IRQS];
	uint8_t inflight[VGICD_NR_IRQS]; /* in L0's list registers for L1 (or nvarm's queue) */
	uint8_t lr_pend[VGICD_NR_IRQS];	 /* ... and pending there, as last read back */
	/* edges (SGIs, ISPENDR writes) counted, and the count when the pending state last went
	 * into a list register: an acknowledgment consumes only the edges injected */
	uint8_t edges[VGICD_NR_IRQS], edges_inj[VGICD_NR_IRQS];
	uint64_t irouter[VGICD_NR_IRQS];
	uint32_t waker;
	uint64_t mmio, sgis, injected, retracted, kicks;
	uint32_t taken[VGICD_NR_IRQS]; /* times L1 acknowledged each INTID */
	/* INTIDs that may have a latch, a level, or a list register entry (set when one of
	 * those is set, dropped lazily once all are clear): the loops that run on every trap
	 * visit only these, not all VGICD_NR_IRQS. */
	uint64_t busy[VGICD_NR_IRQS / 64];
};

/* ------------------------------------------------------------- VM, vCPU, CPU */

struct l0_vcpu;

/* A spinlock between the physical CPUs (panic.c). */
struct l0_lock {
	uint32_t v;
};
void l0_lock(struct l0_lock *l);
void l0_unlock(struct l0_lock *l);

struct l0_vm {
	const struct machine *m;	    /* the host machine (read-only after discovery) */
	struct l0_vcpu *vcpus[L0_MAX_CPUS]; /* vCPU i runs on physical CPU i */
	unsigned nvcpus;
	struct l0_lock gic_lock;   /* L1's emulated GIC (vgicd.c): every vCPU's redistributor */
	struct l0_lock s2mmu_lock; /* nvarm's ops->lock for the shadow stage-2 */
	uint32_t gicd_ctlr;	   /* L1's GICD_CTLR */
	enum l1_mode mode;
	uint64_t l1_base, l1_size; /* L1 RAM (IPA == PA for this range) */
	uint64_t *s2_root;	   /* L0's stage-2 for L1 (mmu.c), VMID 1 */
	uint64_t vtcr;		   /* ... its VTCR_EL2 (l0_vtcr(), made once: every L2 exit) */
	int e2h_fixed;		   /* nvarm.e2h=0|1: L1's E2H is RES0/RES1 (-1: L1 may change it) */
	bool trace;		   /* nvarm.trace: print the first trap of each exception class */
	uint32_t s2pool;	   /* nvarm.s2pool=N: shadow pool pages (0: sized from L1's RAM) */
	uint8_t s2ia;		   /* nvarm.s2ia=N: shadow input bits (0: the PA size, <= 48) */
	bool vncr_ro;		   /* nvarm.vncr=ro: VNCR_EL2 is VNCR_RO_ALIAS, a read-only alias */
	uint8_t l1nv; /* L1 sees FEAT_NV (1) or FEAT_NV2 (2): the CPU's, or nvarm.l1nv=off|nv|nv2 */
	bool sve_off; /* nvarm.sve=off: L1 does not see FEAT_SVE (the host's otherwise: sve.c) */
	bool sme_off; /* nvarm.sme=off: L1 does not see FEAT_SME (the host's otherwise: sve.c) */
	/* L1 has entered a guest with its HCR_EL2.NV set (switch.c l2_enter; never cleared): it
	 * is an L0 itself, and the real timer PPI's active state follows its GICR_ISACTIVER0
	 * writes from then on (vgicd.c hw_active_follows) */
	bool l1_nests;
	bool host_fwb; /* FEAT_S2FWB: L2 runs with L1's HCR_EL2.FWB, the shadow in its layout */
	struct nvarm_vm_config cfg; /* nvarm: the features L1 sees (nvarm_vm_config_init) */
	struct nvarm_platform_ops ops;
	struct nvarm_bm_platform bm;
	struct nvarm_s2mmu s2mmu; /* nvarm's shadow stage-2 for L2, shared by the vCPUs */
};

struct l0_vcpu {
	/*
	 * L1's virtual EL2 register file (nvarm sysreg subsystem). Registers with a VNCR
	 * offset live in vncr_page in both modes (under NV2 the hardware uses the same
	 * bytes, VNCR_EL2 points here); the others in v2.regs.
	 */
	uint8_t vncr_page[4096] __attribute__((aligned(4096)));
	struct l0_vm *vm;
	unsigned id;
	uint64_t mpidr; /* the MPIDR_EL1 L1 reads on this vCPU */
	uint64_t hcr;	/* HCR_EL2 while L1 runs */
	struct nvarm_vel2 v2;
	/* vcpu.c vel2_get_id: each register's word in the file by id (nvarm_vel2_reg_word, taken
	 * at its first read; NULL: not yet, or none) */
	const uint64_t *regw[NVARM_SR__COUNT];
	bool vhe;	/* the vEL2 shadow has the VHE layout (L1's HCR_EL2.E2H=1): NV1=0 */
	bool e2h_late;	/* an E2H change was seen only at a later trap (FEAT_NV2) */
	bool in_l2;	/* hardware EL1 currently runs L2 (else L1 at vEL2) */
	bool step_done; /* l0_skip_insn passed an L2 instruction under software step (l2_step_done)
			 */
	/* ... and that is L1's own EL0 under its HCR_EL2.{E2H,TGE} = {0,1} (switch.c l1_eret):
	 * run with the hardware's TGE, its exceptions L1's (route.c route_host_el0) */
	bool host_el0;
	int s2mmu_id;	  /* nvarm shadow MMU L2 last ran on (nvarm_s2mmu_get) */
	bool l2_flat;	  /* L1's HCR_EL2.VM=0: its EL1 runs on L0's stage-2 for L1 */
	bool l2_vncr;	  /* L2 runs with L1's NV2: the hardware VNCR_EL2 is L1's page (switch.c) */
	bool fast_resume; /* this trap resumes L2 with nothing but a new shadow entry */
	bool quiet_resume; /* this trap of L1 touched only its vEL2 file (l0_resume_l1_quiet) */
	bool vgic_quiet; /* vgic_l1_quiet held at the last such trap, none ended otherwise since */
	/* switch.c l2_mmu: s2mmu_id held running across L1's runs (s2_held) while L1's
	 * stage-2 registers stay s2_l1; its hardware VTTBR/VTCR_EL2 s2_hw */
	bool s2_held;
	struct nvarm_s2mmu_l1_regs s2_l1;
	struct nvarm_s2mmu_hw s2_hw;
	/* switch.c l2_traps: the last nvarm_fwd_vstate_from_vel2 result (its CNTHCTL_EL2 the
	 * file's word; nvarm_fwd_load had the vtimer's, fwd_cnthctl) and nvarm_fwd_hw_traps
	 * output (fwd_memo: valid), reused while L1's trap controls and L0's stay the same */
	bool fwd_memo;
	struct nvarm_fwd_vstate fwd_vs;
	uint64_t fwd_cnthctl;
	struct nvarm_fwd_hw fwd_out;
	/* L1's VNCR page for L2 (mmu.c, l1_vncr_hw): L1's VNCR_EL2 page address, the fault
	 * status L1 gets for a read / a write there (L0_VNCR_FAULT | DFSC, or 0: none), the
	 * hardware VNCR_EL2 page L0 chose (the page's PA, a read-only alias, or an unmapped
	 * poison page) */
	struct {
		uint64_t va, hw, ro_pa;
		uint8_t fsc_r, fsc_w;
	} l2vncr;
	/* Lines the timer or GIC models raised while L2 ran: the run loop decides at the
	 * end of the trap whether L2 exits to L1 for them (switch.c, l0_resume). */
	unsigned irq_req;
	/* PSCI power state of the vCPU (smp.c), and where CPU_ON starts it */
	enum { VCPU_OFF, VCPU_ON_PENDING, VCPU_ON } power;
	uint64_t boot_entry, boot_ctx;
	/* L1's redistributor of this vCPU (SGIs/PPIs); vCPU 0's also holds the SPIs, which
	 * go to vCPU 0 (vgicd.c) */
	struct l0_vgicd vgicd;
	struct l0_world world;
	struct l0_route route;
	struct l0_pmu pmu;
	struct l0_vgic vgic;
	struct l0_timer timer;
	struct nvarm_ras_switch ras; /* nvarm: FEAT_RAS across the world switch (ras.c) */
	uint64_t zcr_el2;	     /* the hardware ZCR_EL2 this vCPU's pCPU holds (sve.c) */
	uint64_t zcr_el2_l1;	     /* ... its value while L1 runs (sve.c: made once) */
	uint64_t smcr_el2;	     /* the hardware SMCR_EL2 this vCPU's pCPU holds (sve.c) */
	uint64_t smcr_el2_l1;	     /* ... its value while L1 runs, L0's limit (sve.c: once) */
	struct l0_stats st;
};
#define IRQ_REQ_L2_TIMER 1u /* an L2 timer (EL1 physical/virtual) asserted */
#define IRQ_REQ_OTHER	 2u /* another of L1's interrupts (its EL2 timers) asserted */
#define IRQ_REQ_MAINT	 4u /* the physical maintenance interrupt came */

/* L0's own deadline timer (CNTHP_EL2) on a physical CPU, as last programmed (timer.c). */
struct l0_deadline {
	bool on;
	uint64_t cval;
};

struct l0_pcpu {
	uint64_t stack_top;   /* first: start.S's secondary entry reads it */
	struct l0_vcpu *vcpu; /* loaded on this CPU */
	unsigned id;
	const struct machine *m;
	uint64_t gicr; /* this CPU's redistributor (RD frame) */
	unsigned nlr;  /* hardware list registers */
	struct l0_deadline deadline;
};

/* L1's virtual ICH_*_EL2 (nvarm's vGIC vstate) live in the VNCR page of the vCPU. */
static inline struct nvarm_vgic_vstate *l0_vgic_vstate(struct l0_vcpu *v)
{
	return (struct nvarm_vgic_vstate *)(void *)(v->vncr_page + NVARM_VGIC_VNCR_OFFSET);
}

static inline struct l0_pcpu *l0_this_cpu(void)
{
	return (struct l0_pcpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

static inline uint64_t read_sp(void)
{
	uint64_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

/* start.S */
void l0_trap_sync(struct l0_frame *f);
/* l0_trap_l1_sysreg (trap.c): handled; not the lean path's; Rt needs the whole frame */
#define L0_FAST_NO   0
#define L0_FAST_DONE 1
#define L0_FAST_FULL 2
int l0_trap_l1_sysreg(struct l0_frame *f, uint64_t esr, bool full);
/* l0_trap_l1_exc (trap.c): L1's HVC and ERET within vEL2; L0_FAST_DONE or L0_FAST_NO */
int l0_trap_l1_exc(struct l0_frame *f, uint64_t esr);
void l0_trap_irq(struct l0_frame *f);
void l0_panic_exception(uint64_t idx, uint64_t esr, uint64_t elr, uint64_t far);
void l0_enter_guest(struct l0_frame *f) __attribute__((noreturn));

/* panic.c */
void power_off(void) __attribute__((noreturn));
void panic(const char *why) __attribute__((noreturn));

/* gic.c */
uint64_t hw_get(uint32_t enc);
void hw_set(uint32_t enc, uint64_t v);
void gic_init(struct l0_pcpu *c, const struct machine *m);
void gic_ppi_enable(uint32_t ppi);
unsigned gic_ppi_active(uint32_t ppi);
void gic_ppi_activate(uint32_t ppi);
void gic_ppi_deactivate(uint32_t ppi);
void gic_kick(uint64_t mpidr);
void gic_cpu_init(struct l0_pcpu *c, const struct machine *m);
#define L0_KICK_SGI 8 /* the physical SGI that makes another CPU trap (vgicd.c) */

/* mmu.c */
void pt_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attr);
unsigned pa_range_bits(void);
uint64_t *el2_root_get(void);
uint64_t *pt_alloc(void);
/* nvarm.vncr=ro: VNCR_EL2 = a read-only alias of the vCPU's VNCR page in L0's EL2 space */
#define VNCR_RO_ALIAS 0x7000000000ull
#define vncr_alias(v) (VNCR_RO_ALIAS + (uint64_t)(v)->id * 4096)
/* L2 under L1's NV2 (mmu.c, l1_vncr_hw): per vCPU, a read-only alias of L1's VNCR page
 * (L1 maps it read-only) and a page L0 never maps (L1's VNCR_EL2 does not translate) */
#define VNCR_L1RO_ALIAS(v) (VNCR_RO_ALIAS + 0x200000ull + (uint64_t)(v)->id * 4096)
#define L0_VNCR_FAULT	   0x40u /* in l2vncr.fsc_r/fsc_w: a fault, DFSC in bits [5:0] */
#define VNCR_L1_POISON(v)  (VNCR_RO_ALIAS + 0x400000ull + (uint64_t)(v)->id * 4096)
void el2_mmu_on(const struct machine *m);
void el2_mmu_enable(void);
bool l1_ram(const struct l0_vm *vm, uint64_t ipa1, uint64_t len);
uint64_t l0_vtcr(void);
uint64_t l1_vttbr(const struct l0_vm *vm);
uint64_t l1_vncr_hw(struct l0_vcpu *v);
uint8_t l1_el2_fsc(uint64_t par);
void l1_vncr_slots(struct l0_vcpu *v);

/* vcpu.c */
void vm_config_init(struct l0_vm *vm);
void vcpu_init(struct l0_vcpu *v, struct l0_vm *vm, unsigned id, uint64_t mpidr);
uint64_t vel2_get(struct l0_vcpu *v, uint32_t enc);
/* The same by nvarm register id (no lookup: for the world switch's and traps' hot paths): the
 * file's word when v->regw has it (inline: the world switch reads several per entry), else
 * vel2_get_id_fill. */
uint64_t vel2_get_id_fill(struct l0_vcpu *v, unsigned id);
static inline uint64_t vel2_get_id(struct l0_vcpu *v, unsigned id)
{
	/* (the bound folds away for a constant id; vel2_get's lookup may give NVARM_SR_NONE) */
	const uint64_t *p = id < NVARM_SR__COUNT ? v->regw[id] : NULL;

	if (p)
		return *p;
	return vel2_get_id_fill(v, id);
}
void vel2_set(struct l0_vcpu *v, uint32_t enc, uint64_t val);
void l1_s2_regs(struct l0_vcpu *v, struct nvarm_s2mmu_l1_regs *l1);

/* platform.c */
void l0_platform_init(struct l0_vm *vm);
void shadow_init(struct l0_vm *vm);

/* cpuif.c: L1's virtual CPU interface (L0's list registers for L1) */
void cpuif_init(struct l0_vcpu *v);
bool cpuif_inject(struct l0_vcpu *v, uint32_t intid, uint8_t priority, bool group1);
int cpuif_state(struct l0_vcpu *v, uint32_t intid);
void cpuif_retract(struct l0_vcpu *v, uint32_t intid);
void cpuif_deactivate(struct l0_vcpu *v, uint32_t intid);
bool cpuif_hw_backed(struct l0_vcpu *v, uint32_t intid);
bool cpuif_would_signal(struct l0_vcpu *v, uint8_t priority, bool group1);
void cpuif_fail(const char *what, int r) __attribute__((noreturn));

/* vgicd.c: L1's emulated GICv3 distributor/redistributor */
void vgicd_init(struct l0_vcpu *v);
bool vgicd_owns(const struct l0_vm *vm, uint64_t ipa);
bool vgicd_mmio(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t ipa);
bool vgicd_sysreg(struct l0_vcpu *v, uint32_t enc, bool read, uint64_t val);
void vgicd_line(struct l0_vcpu *v, uint32_t intid, bool level);
void vgicd_present(struct l0_vcpu *v);
/*
 * Has L1's redistributor of @p v nothing for its CPU interface (no interrupt latched,
 * asserted, in flight or in a list register: the busy set empty after the last
 * vgicd_present)? Read without the lock: another CPU that makes one of this vCPU's
 * interrupts busy kicks it (gic_kick), and that IRQ's trap takes the full path. (Inline: every
 * world switch and every quiet trap of L1 asks.)
 */
static inline bool vgicd_idle(const struct l0_vcpu *v)
{
	uint64_t any = 0;

	for (unsigned w = 0; w < VGICD_NR_IRQS / 64; w++)
		any |= __atomic_load_n(&v->vgicd.busy[w], __ATOMIC_RELAXED);
	return !any;
}
bool vgicd_l2_wants_exit(struct l0_vcpu *v);
/* PPIs pending for L1 behind an active state only L2's deactivation through an HW=1 list
 * register ends (vgicd.c held): nested_vgic.c unmasks the timers behind them */
uint32_t vgicd_held_ppis(struct l0_vcpu *v);
bool vgicd_would_take(struct l0_vcpu *v, uint32_t intid);
bool vgicd_active(struct l0_vcpu *v, uint32_t intid);
void vgicd_hw_deactivated(struct l0_vcpu *v, uint32_t intid);
bool vgicd_l1_signalled(struct l0_vcpu *v);
uint64_t vgicd_taken(struct l0_vcpu *v, uint32_t intid);
void vgicd_stats(struct l0_vcpu *v);

/* insn.c: an L1 data abort without a valid syndrome on an emulated device (LDP/STP and
 * pre/post-index forms), decoded from the instruction at ELR_EL2 and emulated access by
 * access through vgicd_mmio; an exclusive or atomic one to the GIC gets l1_excl_abort
 * (true); false when the instruction is not one of those forms. */
bool insn_mmio_l1(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr, uint64_t far, uint64_t ipa);

/* nested_vgic.c: nvarm's nested vGIC for L1 (include/nvarm/vgic.h) */
void vgic_l1_reset(struct l0_vcpu *v);
int vgic_sysreg(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t *val);
void vgic_maint_refresh(struct l0_vcpu *v);
void vgic_l1_flush(struct l0_vcpu *v);
bool vgic_l1_quiet(struct l0_vcpu *v);
bool vgic_l1_maint_pending(struct l0_vcpu *v);
bool vgic_l1_irq_pending(struct l0_vcpu *v);
void vgic_l2_entered(struct l0_vcpu *v, bool maint);
void vgic_l2_exited(struct l0_vcpu *v);
void vgic_vtimer_phys_l2(struct l0_vcpu *v);
void vgic_vtimer_phys_l1(struct l0_vcpu *v);
bool vgic_l2_should_exit(struct l0_vcpu *v);
void vgic_maint_irq(struct l0_vcpu *v, uint64_t iar);
void vgic_stats_print(struct l0_vcpu *v);

/* timer.c */
void l0_vtimer_init(struct l0_vcpu *v);
void l0_vtimer_set_e2h(struct l0_vcpu *v, bool e2h);
void l0_vtimer_switch(struct l0_vcpu *v, enum nvarm_vtimer_ctx to);
int l0_vtimer_sysreg(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t *val);
uint64_t l0_vtimer_l1_cnthctl(struct l0_vcpu *v);
bool l0_vtimer_l2_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t);
bool l0_vtimer_irq(struct l0_vcpu *v, uint32_t intid, uint64_t iar);
void l0_vtimer_resume_slow(struct l0_vcpu *v);
/*
 * Before resuming a guest (the end of every exit): the timers' levels, deliveries and L0's
 * deadline (timer.c). Inline, the usual case after a world switch: it said the timers are idle
 * (L0_TIMER_FRESH_IDLE, for this trap's mirror: timer.c) and nothing of L0's own is up (no
 * line timer.c raised, L0's deadline timer off), so the resume would change nothing.
 */
static inline void l0_vtimer_resume(struct l0_vcpu *v)
{
	const struct l0_timer *t = &v->timer;

	if (t->fresh == L0_TIMER_FRESH_IDLE && !t->up && !l0_this_cpu()->deadline.on)
		return;
	l0_vtimer_resume_slow(v);
}
void l0_vtimer_unmask_ppi(struct l0_vcpu *v, uint32_t ppi);
/*
 * Would l0_vtimer_resume() change nothing after a trap of L1 that touched no timer? Time
 * alone moves nothing it would act on that an interrupt does not bring (a hardware timer's
 * PPI, L0's deadline timer for the emulated ones: their traps take the full path), and a
 * guest's re-arm of a masked hardware timer traps (CNTHCTL_EL2). What is left is L1's
 * stores to the VNCR page under NV2 (its guest's emulated timers, CNTVOFF):
 * nvarm_vtimer_vncr_dirty (inline: every such trap asks).
 */
static inline bool l0_vtimer_quiet(struct l0_vcpu *v)
{
	return !v->in_l2 && v->timer.ready &&
	       (v->vm->mode != MODE_NV2 || nvarm_vtimer_vncr_dirty(&v->timer.vt) == 0);
}
void l0_vtimer_stats_print(struct l0_vcpu *v);

/* msrcount.c (the counting build only, L0_MSR_COUNT) */
void l0_msr_note_enc(uint32_t enc, uint64_t val);
void l0_msr_account(enum exit_kind k);
void l0_msr_print(const struct l0_stats *st);

/* world.c */
bool world_l1_load(struct l0_vcpu *v);
bool world_l1_load_kept(struct l0_vcpu *v, bool addr);
void world_l1_sync(struct l0_vcpu *v);
bool world_l1_sync_reg(struct l0_vcpu *v, unsigned reg);
bool world_l1_sync_for(struct l0_vcpu *v, unsigned reg);
bool world_l1_load_regs(struct l0_vcpu *v, const unsigned *regs, unsigned n, uint32_t *src_cache);
void world_trap_entry(struct l0_vcpu *v);
void world_l2_load(struct l0_vcpu *v);
void world_l2_read(struct l0_vcpu *v, struct nvarm_el1_regs *chg);
void world_l1_sp_restore(struct l0_vcpu *v);
void world_l1_tlbi(struct l0_vcpu *v, uint32_t enc);
bool world_l1_at(uint32_t enc, uint64_t va);
bool world_l1_at_s12(struct l0_vcpu *v, uint32_t enc, uint64_t va);

/* route.c: the verdict for one of L2's traps */
enum route_verdict {
	ROUTE_L0,	/* L0's own, not a system register: trap.c's handlers take it */
	ROUTE_DONE,	/* emulated here (L0's own registers) */
	ROUTE_FORWARD,	/* L1's: a synchronous exception into its vEL2 with the ESR */
	ROUTE_UNDEF_L2, /* UNDEFINED at L2's EL1 with the ESR */
};
unsigned route_pmu_counters(const struct l0_vcpu *v);
void route_l1_init(struct l0_vcpu *v);
void l0_pmu_state(struct l0_vcpu *v, struct nvarm_pmu_state *p);
void l0_pmu_l1_init(struct l0_vcpu *v);
bool l0_pmu_filter_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t);
/* Is @t an access to one of the event filter registers pmu.c traps (PMEVTYPER<n>_EL0,
 * PMCCFILTR_EL0: op0 3, op1 3, CRn 14, CRm 12..15; PMXEVTYPER_EL0)? Registers nvarm's
 * database leaves to their owner (class undef) first: one compare on the trap paths. */
static inline bool l0_pmu_filter_acc(const struct nvarm_trap *t)
{
	uint32_t enc = t->enc;

	/* PMEVTYPER0..30_EL0 and PMCCFILTR_EL0 are one run of encodings (n = CRm[1:0]:op2). */
	return t->cls == NVARM_TC_UNDEF && t->kind == NVARM_TRAP_SYSREG &&
	       ((enc >= NVARM_ENC_PMEVTYPER0_EL0 && enc <= NVARM_ENC_PMCCFILTR_EL0) ||
		enc == NVARM_ENC_PMXEVTYPER_EL0);
}
void l0_pmu_l2_enter_slow(struct l0_vcpu *v);
void l0_pmu_l2_exit_slow(struct l0_vcpu *v);
/* World switch L1 -> L2 (route_hw_load): L2's event filters, once the L0 moves them. */
static inline void l0_pmu_l2_enter(struct l0_vcpu *v)
{
	if (v->pmu.shadow)
		l0_pmu_l2_enter_slow(v);
}
/* World switch L2 -> L1 (route_exit_l2): L1's event filters, once the L0 moves them or a
 * counter is enabled (pmu.c). */
static inline void l0_pmu_l2_exit(struct l0_vcpu *v)
{
	if (v->pmu.fgt && (v->pmu.shadow || read_sysreg(pmcntenset_el0) != 0))
		l0_pmu_l2_exit_slow(v);
}
bool l0_pmu_irq(struct l0_vcpu *v, uint32_t intid, uint64_t iar);
bool l0_pmu_resume_slow(struct l0_vcpu *v);
/* The end of every trap: the PMU overflow line, only while it is up (pmu.c). */
static inline bool l0_pmu_resume(struct l0_vcpu *v)
{
	return v->pmu.up && l0_pmu_resume_slow(v);
}
/*
 * Past a guest instruction L0 emulated (a trapped MRS/MSR, an MMIO access), as if the guest had
 * executed it: ELR_EL2 to the next instruction, PSTATE.BTYPE 0 (D24.2 SPSR_EL2.BTYPE: 0 after
 * any instruction that is not a branch) and PSTATE.SS 0. The trap left SS as the step state
 * machine stood before the instruction (1, "active-not-pending"); an instruction that completes
 * under software step is followed by the Software Step exception, syndrome ISV = 1 (DDI 0487
 * D2.12 "Software Step exceptions"): step_done asks l0_trap_sync to take it (l2_step_done).
 */
static inline void l0_skip_insn(struct l0_vcpu *v)
{
	uint64_t spsr = read_sysreg(spsr_el2);

	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
	if (NVARM_UNLIKELY(spsr & (NVARM_PSR_SS | NVARM_PSR_BTYPE))) {
		write_sysreg(spsr_el2, spsr & ~(uint64_t)(NVARM_PSR_SS | NVARM_PSR_BTYPE));
		/* (L1's own: only SS cleared, l2_step_done; its lean path never asks) */
		v->step_done = v->in_l2 && (spsr & NVARM_PSR_SS) != 0;
	}
}
void l2_step_done(struct l0_vcpu *v);
/* Whether to print one more message a guest caused (an UNDEFINED access, an abort L0 gives
 * it): the first 8 per vCPU, so that no guest can flood the console; the stats line counts
 * every event. */
static inline bool guest_msg(struct l0_vcpu *v)
{
	return ++v->st.undef_logged <= 8;
}
unsigned route_l0_traps(struct l0_vcpu *v, struct nvarm_fwd_hw *hw);
/* ras.c: VDISR_EL2/VSESR_EL2 at the world switch (FEAT_RAS offered) */
void ras_l2_enter(struct l0_vcpu *v);
void ras_l2_exit(struct l0_vcpu *v);
void sve_l1_init(struct l0_vcpu *v);
void sve_l2_enter(struct l0_vcpu *v);
void sve_l2_exit(struct l0_vcpu *v);
uint64_t route_hw_load(struct l0_vcpu *v, const struct nvarm_fwd_hw *hw);
void route_exit_l2(struct l0_vcpu *v);
/* L1's own SCTLR_EL1 accesses trapped (FGT) or not, as nvarm_shadow_vel2_sctlr_trap() says:
 * after every vEL2 load and TGE change (switch.c). */
void route_l1_sctlr_sync(struct l0_vcpu *v);
enum route_verdict route_l2_trap(struct l0_vcpu *v, struct l0_frame *f, const struct nvarm_trap *t,
				 uint64_t esr, uint64_t *fwd_esr);
/* An exception from L1's own EL0 under E2H=0 TGE=1 (v->host_el0): ROUTE_FORWARD to L1 with
 * *out_esr, ROUTE_DONE, or ROUTE_L0 for the L0's own (aborts: the shadow stage-2's; WFx that
 * executes natively). */
enum route_verdict route_host_el0(struct l0_vcpu *v, struct l0_frame *f, uint64_t esr,
				  uint64_t *out_esr);

/* switch.c: the world switch */
void l1_first_entry(struct l0_vcpu *v, uint64_t entry);
void vel2_take(struct l0_vcpu *v, enum nvarm_exc_kind kind, uint64_t pc, uint64_t pstate,
	       const struct nvarm_vel2_exc *e);
void vel2_take_here(struct l0_vcpu *v, const struct nvarm_vel2_exc *e);
void vel2_hvc(struct l0_vcpu *v, uint64_t esr);
void l2_leave(struct l0_vcpu *v, uint64_t vec, uint64_t esr, uint64_t far, uint64_t hpfar);
/* The shadow MMU held by l2_mmu (switch.c), given back (L1 runs its EL1 with stage 2 off,
 * or another guest, or the vCPU is reset: vcpu.c; inline, so that vcpu.c needs nothing of
 * switch.c, which needs vcpu.c) */
static inline void l2_mmu_release(struct l0_vcpu *v)
{
	if (!v->s2_held)
		return;
	v->s2_held = false;
	(void)nvarm_s2mmu_set_running(&v->vm->s2mmu, v->s2mmu_id, false);
}
bool l1_eret(struct l0_vcpu *v, const struct nvarm_trap *t, uint64_t esr);
void vel2_reload_after_write(struct l0_vcpu *v);
void follow_e2h(struct l0_vcpu *v);
void l0_resume(struct l0_vcpu *v);
void l0_resume_l1_quiet(struct l0_vcpu *v);

/* exc.c */
void l2_undef(struct l0_vcpu *v);
void vel2_undef(struct l0_vcpu *v);
void guest_undef(struct l0_vcpu *v);
void l2_el1_undef(struct l0_vcpu *v, uint64_t esr);
void l2_external_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far);
void l1_external_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far);
void l1_excl_abort(struct l0_vcpu *v, uint64_t esr, uint64_t far);
void l1_at_abort(struct l0_vcpu *v, uint64_t va, unsigned fsc);

/* report.c */
void stats_sysreg(struct l0_stats *st, const struct nvarm_trap *t);
void print_sysreg_name(unsigned reg, uint32_t enc);
void l0_shutdown(struct l0_vcpu *v, const char *why) __attribute__((noreturn));

/* smp.c */
struct l0_pcpu *smp_pcpu(unsigned i, const struct machine *m);
bool smp_psci(struct l0_vcpu *v, struct l0_frame *f);

/* boot.c */
void l0_main(uint64_t dtb);

#endif
