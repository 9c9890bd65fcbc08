/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file vtimer.h
 * @brief The four Generic Timers of a guest hypervisor's virtual EL2 CPU.
 *
 * A guest hypervisor (L1) at virtual EL2 expects the EL1 physical and virtual
 * timers (which it hands to its guest L2) and its own EL2 physical (CNTHP_*) and
 * EL2 virtual (CNTHV_*, FEAT_VHE) timers. The hardware gives the vCPU two timers
 * (the EL1 physical and virtual timers), so nvarm maps two of the four onto the
 * hardware depending on who runs, and emulates the other two:
 *
 * | context               | hardware EL1 physical | hardware EL1 virtual | emulated          |
 * |-----------------------|-----------------------|----------------------|-------------------|
 * | L1 runs (vEL2)        | L1's CNTHP            | L1's CNTHV           | L2's CNTP, CNTV   |
 * | L2 runs (vEL1/vEL0)   | L2's CNTP             | L2's CNTV            | L1's CNTHP, CNTHV |
 *
 * The map is the same for both values of L1's HCR_EL2.E2H: with E2H=1 L1's
 * CNTP_*_EL0 / CNTV_*_EL0 are redirected to CNTHP/CNTHV (so they hit the hardware
 * directly), and L2's timers are reached through the *_EL02 names (FEAT_NV2: the
 * VNCR page); with E2H=0 and FEAT_NV2 (NV1=1), L1's CNTP/CNTV CTL and CVAL go to
 * the same VNCR page slots, but TVAL has no slot and would reach the hardware timer
 * (which holds L1's CNTHP/CNTHV). So with E2H=0, with or without NV2,
 * nvarm_vtimer_hw_cnthctl() asks for the EL1 physical/virtual timer traps
 * (CNTHCTL_EL2.EL1PCEN=0, EL1TVT), which take priority over the VNCR redirection
 * (measured on QEMU 10: every CNTV_*_EL0 access of a non-VHE L1 traps); the
 * virtual timer trap needs FEAT_ECV in the hardware.
 *
 * **Counters and offsets.** All counts are derived from the hardware physical
 * count H (CNTPCT_EL0 as L0 reads it at EL2). L1's physical count is
 * `P1 = H - l0_offset` (mod 2^64); the EL2 timers of L1 compare against P1; L2's
 * virtual timer against `P1 - CNTVOFF_EL2`; L2's physical timer against
 * `P1 - CNTPOFF_EL2` when the VM has FEAT_ECV and L1 set CNTHCTL_EL2.ECV, else
 * P1. For each context the library computes the hardware CNTVOFF_EL2 /
 * CNTPOFF_EL2 so that each hardware timer counts exactly in the frame of the
 * virtual timer it backs, so compare values are saved and restored verbatim.
 * All arithmetic wraps modulo 2^64 as the architecture does.
 *
 * **QEMU note for the L0.** QEMU 10 treats a virtual count that wrapped (hardware
 * CNTVOFF_EL2 larger than the physical count) as "never fires"; the architecture
 * says the timer fires when the wrapped count is >= CVAL. nvarm computes the
 * architectural offset regardless; an L0 under QEMU should keep
 * `l0_offset + CNTVOFF_EL2` below the physical count when it needs the
 * hardware virtual timer to fire.
 *
 * **Hardware access: computed values.** The library never touches a register
 * and makes no callback. The vCPU's hardware timer registers are mirrored in a
 * caller-owned ::nvarm_vtimer_hw (the L0's save area for the vCPU, kept for its
 * lifetime). While the vCPU is loaded:
 * 1. before a call that takes `hw`, the *guest-writable* registers
 *    (::NVARM_VTIMER_HW_GUEST_MASK: the EL1 timers' CTL/CVAL and CNTKCTL_EL1)
 *    must hold the hardware's current values: the L0 reads them after the exit;
 * 2. after the call, the L0 writes every register flagged in
 *    nvarm_vtimer_hw::dirty to the hardware and clears `dirty`.
 * The hardware CNTKCTL_EL1 has this one owner in every context (the EL2->EL1 shadow of
 * nvarm/sysreg.h does not carry it): L2's CNTKCTL_EL1 while L2 runs and while an E2H=0 L1
 * runs (its untrapped CNTKCTL_EL1 accesses name L2's register), L1's CNTHCTL_EL2 [9:0] while
 * an E2H=1 L1 runs (its CNTKCTL_EL1 is CNTHCTL_EL2, L2's is CNTKCTL_EL12).
 * CNTVOFF_EL2, CNTPOFF_EL2 and CNTHCTL_EL2 belong to the library while the vCPU
 * is loaded: their slots in `hw` hold what the hardware has, and the library
 * flags them only when they change. nvarm_vtimer_hw_reg_enc() gives the packed
 * encoding (arm/sysreg_enc.h) of each slot: with ::NVARM_VTIMER_F_HOST_VHE (L0
 * runs with E2H=1) the *_EL02 / *_EL12 names, since the plain names would reach
 * L0's own EL2 timers. The hardware counter is never read by the library:
 * every function that needs the time takes it as `hw_now`.
 *
 * A world switch on the L0 side, for example:
 * @code
 * for (unsigned n = 0; n < NVARM_VTIMER_HWREG_COUNT; n++)      // after the exit
 *         if (NVARM_VTIMER_HW_GUEST_MASK & (1u << n))
 *                 hw.reg[n] = mrs(nvarm_vtimer_hw_reg_enc(&vt, n));
 * nvarm_vtimer_switch(&vt, &hw, NVARM_VTIMER_CTX_L2, mrs(CNTPCT_EL0));
 * for (unsigned n = 0; n < NVARM_VTIMER_HWREG_COUNT; n++)      // before the entry
 *         if (hw.dirty & (1u << n))
 *                 msr(nvarm_vtimer_hw_reg_enc(&vt, n), hw.reg[n]);
 * hw.dirty = 0;
 * @endcode
 *
 * **Calls from the L0.**
 * - vCPU load / put: nvarm_vtimer_activate() / nvarm_vtimer_deactivate().
 * - World switch: nvarm_vtimer_switch() (L1 to L2 on an emulated ERET into L2,
 *   L2 to L1 on an exception L1 must take), or nvarm_vtimer_switch_idle(), which also says
 *   whether nvarm_vtimer_resume() has anything to do after it. The switch remembers the last
 *   one: while nothing but switches runs, the next checks what a guest can change without
 *   trapping (its hardware timers, CNTKCTL_EL1, L1's VNCR page) and replays the last one's
 *   dirty set backwards.
 * - Trapped timer register access: nvarm_vtimer_sysreg_read() /
 *   nvarm_vtimer_sysreg_write(); for a trap taken from L2, first
 *   nvarm_vtimer_l2_trap_to_l1() to know whether L1 asked for it.
 * - Interrupts: the hardware timers fire their usual PPIs; inject
 *   nvarm_vtimer_hw_ppi() for them. For the emulated ones, nvarm_vtimer_pending()
 *   gives the asserted set (level), nvarm_vtimer_next_deadline() when to wake up.
 *   Timer interrupts are level-sensitive: after delivering one, nvarm_vtimer_ack()
 *   masks its timer until the guest re-arms it (so the line does not fire again
 *   while the guest handles it, nor count as pending). The mask is the L0's, not the
 *   guest's: reads through the library return CTL as the guest wrote it, and any
 *   re-arm unmasks: a CTL, CVAL or TVAL write (trapped, or seen in the VNCR page or
 *   the hardware registers by nvarm_vtimer_sync() after an exit), or the timer
 *   condition ceasing to hold.
 *
 * **Limits.** Physical-counter offsets (a non-zero l0_offset, or FEAT_ECV given
 * to the VM) need FEAT_ECV in the hardware (CNTPOFF_EL2) and an EL3 that enables
 * it (SCR_EL3.ECVEn=1): otherwise the hardware ignores CNTPOFF_EL2 and the guests
 * read the raw physical count while nvarm computes in the offset frame (QEMU's
 * virt machine without EL3 behaves so). An E2H=0 guest
 * hypervisor under FEAT_NV without NV2 needs the hardware's CNTHCTL_EL2.EL1TVT
 * (FEAT_ECV) so that its CNTV_* accesses trap. The EL2 event stream
 * (CNTHCTL_EL2.EVNT*) is stored, not generated. With E2H=1, L1's untrapped
 * CNTKCTL_EL1 accesses reach the hardware CNTKCTL_EL1, which carries only the
 * CNTKCTL-shaped bits of its CNTHCTL_EL2 ([9:0], EVNTIS); the trapped
 * CNTHCTL_EL2 (or a trapped CNTKCTL_EL1) reaches all of it. ISTATUS of a disabled timer
 * (architecturally UNKNOWN) reads 0.
 *
 * **Locking.** A ::nvarm_vtimer belongs to one vCPU; the caller serialises all
 * calls on it (normally by only calling from the physical CPU running the vCPU).
 * The library keeps no other state.
 *
 * **Concurrency contract (SMP guest hypervisors).** The four timers of a vCPU, its
 * ::nvarm_vtimer and its ::nvarm_vtimer_hw save area are **per vCPU** (the architecture
 * gives each PE its own timers); calls on different vCPUs share nothing and take no lock.
 * The only VM-wide input is the physical count: every vCPU of one VM uses the same
 * nvarm_vtimer_config::l0_offset (L1's CNTPCT_EL0 is the same on all its PEs) and passes
 * `hw_now` from the system counter, which is common to all physical CPUs. A timer of vCPU B
 * never needs another CPU to touch B's state: its emulated timers expire at B's
 * nvarm_vtimer_next_deadline(), which B's physical CPU arms in its own L0 timer (or, while B
 * is not running, a per-vCPU wake-up time the L0 checks when it schedules B); the L0 then
 * injects nvarm_vtimer_pending() on B's CPU. An L0 that wakes a halted vCPU B (WFI) from
 * another CPU only kicks B's CPU, as for an SGI (vgic.h).
 */
#ifndef NVARM_VTIMER_H
#define NVARM_VTIMER_H

#include "env.h"
#include "err.h"
#include "arm/timer.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The four timers of a virtual EL2 CPU. */
enum nvarm_vtimer_id {
	NVARM_VTIMER_EL1_PHYS = 0, /**< EL1 physical timer (CNTP_*), L2's. */
	NVARM_VTIMER_EL1_VIRT = 1, /**< EL1 virtual timer (CNTV_*), L2's. */
	NVARM_VTIMER_EL2_PHYS = 2, /**< EL2 physical timer (CNTHP_*), L1's. */
	NVARM_VTIMER_EL2_VIRT = 3, /**< EL2 virtual timer (CNTHV_*), L1's. */
	NVARM_VTIMER_COUNT = 4	   /**< Number of timers. */
};

/**
 * @brief Short name of a ::nvarm_vtimer_id value, e.g. "el2-phys" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_vtimer_id_name(unsigned v);

/** @brief Who runs on the vCPU. */
enum nvarm_vtimer_ctx {
	NVARM_VTIMER_CTX_L1 = 0, /**< The guest hypervisor, in virtual EL2. */
	NVARM_VTIMER_CTX_L2 = 1	 /**< Its guest, in virtual EL1/EL0. */
};

/** @brief The two hardware timers a vCPU owns. */
enum nvarm_vtimer_hwtimer {
	NVARM_VTIMER_HW_PHYS = 0, /**< Hardware EL1 physical timer (PPI 30 on the host). */
	NVARM_VTIMER_HW_VIRT = 1  /**< Hardware EL1 virtual timer (PPI 27 on the host). */
};

/** @brief Flags in nvarm_vtimer_config::flags. */
enum nvarm_vtimer_flags {
	/** The VM is given FEAT_ECV: CNTPOFF_EL2 and CNTHCTL_EL2.ECV/EL1TVT/... exist. */
	NVARM_VTIMER_F_ECV = 1u << 0,
	/** The hardware has FEAT_ECV: the library programs CNTPOFF_EL2 and CNTHCTL_EL2.ECV. */
	NVARM_VTIMER_F_HW_ECV = 1u << 1,
	/** L0 runs with HCR_EL2.E2H=1: use the EL02 and EL12 encodings and the E2H=1 CNTHCTL
	   layout. */
	NVARM_VTIMER_F_HOST_VHE = 1u << 2
};

/** @brief Slots of ::nvarm_vtimer_hw (the hardware registers of one vCPU's timers). */
enum nvarm_vtimer_hwreg {
	NVARM_VTIMER_HWREG_P_CTL = 0,	/**< EL1 physical timer CTL (CNTP_CTL_EL0 / _EL02). */
	NVARM_VTIMER_HWREG_P_CVAL = 1,	/**< EL1 physical timer CVAL (CNTP_CVAL_EL0 / _EL02). */
	NVARM_VTIMER_HWREG_V_CTL = 2,	/**< EL1 virtual timer CTL (CNTV_CTL_EL0 / _EL02). */
	NVARM_VTIMER_HWREG_V_CVAL = 3,	/**< EL1 virtual timer CVAL (CNTV_CVAL_EL0 / _EL02). */
	NVARM_VTIMER_HWREG_CNTKCTL = 4, /**< CNTKCTL_EL1 (CNTKCTL_EL12 under VHE). */
	NVARM_VTIMER_HWREG_CNTVOFF = 5, /**< CNTVOFF_EL2. */
	NVARM_VTIMER_HWREG_CNTPOFF = 6, /**< CNTPOFF_EL2 (only with ::NVARM_VTIMER_F_HW_ECV). */
	NVARM_VTIMER_HWREG_CNTHCTL = 7, /**< CNTHCTL_EL2. */
	NVARM_VTIMER_HWREG_COUNT = 8	/**< Number of slots. */
};

/** @brief The slots the guest changes without trapping: the L0 reads them after an exit. */
#define NVARM_VTIMER_HW_GUEST_MASK 0x1fu

/**
 * @brief The hardware timer registers of one vCPU, as values (caller-owned).
 *
 * See the file comment for the read-before / write-dirty-after contract.
 */
struct nvarm_vtimer_hw {
	uint64_t reg[NVARM_VTIMER_HWREG_COUNT]; /**< Values, indexed by ::nvarm_vtimer_hwreg. */
	uint32_t dirty; /**< Bit n set: write reg[n] to the hardware (then clear the bit). */
};

/** @brief Configuration for nvarm_vtimer_init(). */
struct nvarm_vtimer_config {
	/** L1's physical count is the hardware count minus this (0 for most L0s). */
	uint64_t l0_offset;
	/**
	 * The hardware CNTHCTL_EL2 value L0 wants while the vCPU runs, before the
	 * library adds its traps (normally EL1PCTEN|EL1PTEN set: nothing trapped). In the
	 * layout of the host's E2H.
	 */
	uint64_t host_cnthctl;
	/**
	 * The FEAT_NV2 VNCR page of this vCPU (L0's pointer to it), or NULL without NV2.
	 * Must be 8-byte aligned and at least 4 KiB. The library reads and writes only
	 * the NVARM_VNCR_* timer slots.
	 */
	void *vncr;
	/** PPI INTID of each timer as the DT describes it to L1 (16..31, distinct). */
	uint32_t ppi[NVARM_VTIMER_COUNT];
	/** ::nvarm_vtimer_flags. */
	uint32_t flags;
};

/** @brief Saved state of one timer. */
struct nvarm_vtimer_regs {
	uint64_t cval; /**< CompareValue. */
	uint64_t ctl;  /**< ENABLE and IMASK only (ISTATUS is always computed). */
};

/**
 * @brief Timer state of one vCPU (caller-owned; treat as opaque).
 *
 * Invariant: the state of a timer that is backed by a hardware timer in the
 * current context lives in the hardware while @ref loaded is set, and the copy
 * here is stale; all other timers live here.
 */
struct nvarm_vtimer {
	struct nvarm_vtimer_regs timer[NVARM_VTIMER_COUNT]; /**< Per-timer state. */
	uint64_t cntvoff;				    /**< L1's CNTVOFF_EL2. */
	uint64_t cntpoff;				    /**< L1's CNTPOFF_EL2. */
	uint64_t cnthctl;	/**< L1's CNTHCTL_EL2 (writable bits only). */
	uint64_t cntkctl;	/**< L2's CNTKCTL_EL1. */
	uint64_t l0_offset;	/**< From the configuration. */
	uint64_t host_cnthctl;	/**< From the configuration. */
	uint64_t hw_cnthctl[2]; /**< Hardware CNTHCTL_EL2 per context (derived). */
	uint64_t cnthctl_mask;	/**< Writable CNTHCTL_EL2 bits in L1's layout (derived). */
	uint64_t kshared_mask;	/**< CNTHCTL_EL2 (E2H=1) bits shared with CNTKCTL_EL1 (derived). */
	uint64_t cntkctl_mask;	/**< Writable CNTKCTL_EL1 bits (derived). */
	void *vncr;		/**< From the configuration. */
	uint32_t ppi[NVARM_VTIMER_COUNT]; /**< From the configuration. */
	uint32_t flags;			  /**< From the configuration. */
	uint8_t ctx;			  /**< ::nvarm_vtimer_ctx. */
	uint8_t e2h;			  /**< L1's HCR_EL2.E2H. */
	uint8_t loaded;			  /**< The hardware holds this vCPU's timers. */
	uint8_t l2_traps;		  /**< What L1's CNTHCTL_EL2 traps for L2 (derived). */
	/** Bit t: the L0 masked timer t after a delivery (nvarm_vtimer_ack()); not guest state. */
	uint8_t acked;
	/** The world switch's memo holds: no call but the switch changed this state or the hardware
	 *  since the last switch, whose outgoing timers the hardware held as saved. */
	uint8_t sw_memo;
	uint8_t sw_idle; /**< The last switch's nvarm_vtimer_switch_idle() answer. */
	/** While L1 runs, the hardware CNTHCTL_EL2 traps its every access to the hardware EL1
	 *  timers (derived: E2H=0 with FEAT_ECV's EL1TVT): only the library changes them. */
	uint8_t l1_hw_trapped;
	uint32_t sw_dirty; /**< The slots the last switch flagged (the way back flags the same). */
	/** CVAL of each acknowledged timer at the acknowledgement (its re-arm is a new CVAL). */
	uint64_t acked_cval[NVARM_VTIMER_COUNT];
};

/** @brief The earliest deadline among emulated timers (nvarm_vtimer_next_deadline()). */
struct nvarm_vtimer_deadline {
	uint64_t delta;	  /**< Hardware ticks from `hw_now` (0 = asserted now). */
	uint64_t hw_cval; /**< `hw_now + delta`, saturated at UINT64_MAX: a CVAL for L0's timer. */
	uint32_t timer;	  /**< The ::nvarm_vtimer_id that fires first. */
	uint32_t ppi;	  /**< Its PPI. */
};

/**
 * @brief Fill @p cfg with defaults: no offsets, no flags, no VNCR page, PPIs
 *        26/28/30/27, host CNTHCTL = EL1PCTEN|EL1PCEN (E2H=0 layout).
 * @param cfg Configuration to fill.
 */
void nvarm_vtimer_config_default(struct nvarm_vtimer_config *cfg);

struct nvarm_vm_config;

/**
 * @brief Set the flags of @p cfg that follow from the VM's configuration (the one feature
 *        set every subsystem derives from): ::NVARM_VTIMER_F_ECV exactly when the VM offers
 *        FEAT_ECV (::NVARM_VMF_ECV). The host-side flags (::NVARM_VTIMER_F_HW_ECV,
 *        ::NVARM_VTIMER_F_HOST_VHE), PPIs, offsets and the VNCR page stay the caller's.
 * @param cfg Configuration to update (e.g. after nvarm_vtimer_config_default()).
 * @param vm  The VM's configuration (nvarm_vm_config_init()).
 * @return 0, or ::NVARM_ERR_INVAL for a NULL argument.
 */
int nvarm_vtimer_config_from_vm(struct nvarm_vtimer_config *cfg, const struct nvarm_vm_config *vm);

/**
 * @brief Initialise the timer state of a vCPU: all timers disabled, offsets 0,
 *        L1 running with E2H=0, nothing loaded.
 * @param vt State to initialise.
 * @param cfg Configuration (copied).
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers, PPIs outside 16..31 or not distinct,
 *         or a misaligned VNCR page; ::NVARM_ERR_UNSUPPORTED when a non-zero
 *         l0_offset or ::NVARM_VTIMER_F_ECV is asked without ::NVARM_VTIMER_F_HW_ECV
 *         (physical offsets need the hardware CNTPOFF_EL2).
 */
int nvarm_vtimer_init(struct nvarm_vtimer *vt, const struct nvarm_vtimer_config *cfg);

/**
 * @brief Load the vCPU's timers into the hardware (vCPU load).
 *
 * Fills every slot of @p hw (all flagged dirty) for the current context; with a VNCR page and L1
 * running, also writes the page's timer slots.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (see the file comment).
 * @param hw_now Current hardware count (for ISTATUS in the VNCR page).
 * @return 0; ::NVARM_ERR_INVAL for NULL arguments;
 *         ::NVARM_ERR_STATE when already loaded.
 */
int nvarm_vtimer_activate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now);

/**
 * @brief Save the hardware timers from @p hw into @p vt (vCPU put); flags both
 *        hardware timers disabled. Afterwards every timer is
 *        emulated (pending/deadline queries cover all four). With a VNCR page and
 *        L1 running, first reads the page's timer slots.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (see the file comment).
 * @return 0; ::NVARM_ERR_INVAL; ::NVARM_ERR_STATE when not loaded.
 */
int nvarm_vtimer_deactivate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw);

/**
 * @brief World switch: change who runs and remap the hardware timers.
 *
 * L1 to L2: reads the VNCR slots (if any), saves L1's EL2 timers from the
 * hardware, loads L2's EL1 timers and the L2 offsets. L2 to L1: the reverse, then
 * writes L2's timers (with ISTATUS as of @p hw_now) into the VNCR slots. With
 * E2H=1 also swaps CNTKCTL_EL1 between L2's value and the EL0 controls of L1's
 * CNTHCTL_EL2. Works without the hardware (not loaded): then only the context
 * changes. Switching to the current context is a no-op. Needs the guest-writable slots of
 * @p hw current (pulled after the exit); flags dirty only the slots whose value changes (a
 * timer whose CTL/CVAL the hardware already holds is not rewritten).
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @param to New context (::nvarm_vtimer_ctx).
 * @param hw_now Current hardware count.
 * @return 0; ::NVARM_ERR_INVAL for a bad context, NULL @p vt, or NULL @p hw when loaded.
 */
int nvarm_vtimer_switch(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			enum nvarm_vtimer_ctx to, uint64_t hw_now);

/**
 * @brief nvarm_vtimer_switch(), and whether the timers are idle in the new context: what
 *        nvarm_vtimer_idle() would answer right after it.
 *
 * The switch sees every timer's CTL, so the answer costs it a few instructions where the
 * separate call re-reads them: an L0 that resumes the guest in the same exit (the guest has
 * not run, no other timer call came between) may take a 1 for nvarm_vtimer_idle()'s and,
 * with nothing of its own to do, skip nvarm_vtimer_resume().
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @param to New context (::nvarm_vtimer_ctx).
 * @param hw_now Current hardware count.
 * @return 1: switched (or already there), and no timer is enabled with IMASK clear and none
 *         acknowledged; 0: switched, and some timer is (or, loaded without @p hw, the answer is
 *         not known); the errors of nvarm_vtimer_switch().
 */
int nvarm_vtimer_switch_idle(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			     enum nvarm_vtimer_ctx to, uint64_t hw_now);

/**
 * @brief Set L1's HCR_EL2.E2H (call when L1 writes HCR_EL2 and E2H changes).
 *
 * Changes the CNTHCTL_EL2 layout and the CNTKCTL_EL1 shadowing; flags the hardware
 * CNTKCTL_EL1 and CNTHCTL_EL2 when loaded.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @param e2h New value.
 * @return 0; ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_set_e2h(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, bool e2h);

/**
 * @brief The packed encoding (arm/sysreg_enc.h) of a ::nvarm_vtimer_hw slot for
 *        this L0: the *_EL02 / *_EL12 names with ::NVARM_VTIMER_F_HOST_VHE.
 * @param vt Timer state.
 * @param reg A ::nvarm_vtimer_hwreg.
 * @return The encoding, or 0 for a bad @p reg.
 */
uint32_t nvarm_vtimer_hw_reg_enc(const struct nvarm_vtimer *vt, unsigned reg);

/**
 * @brief The offset of a timer's counter: its count is `hw_count - offset` (mod 2^64).
 * @param vt Timer state.
 * @param timer A ::nvarm_vtimer_id.
 * @return The offset (0 for an out-of-range @p timer).
 */
uint64_t nvarm_vtimer_offset(const struct nvarm_vtimer *vt, unsigned timer);

/**
 * @brief A timer's count at hardware count @p hw_now.
 * @param vt Timer state.
 * @param timer A ::nvarm_vtimer_id.
 * @param hw_now Hardware count.
 * @return `hw_now - nvarm_vtimer_offset()` modulo 2^64.
 */
uint64_t nvarm_vtimer_count(const struct nvarm_vtimer *vt, unsigned timer, uint64_t hw_now);

/**
 * @brief The hardware CNTVOFF_EL2 and CNTPOFF_EL2 for a context.
 * @param vt Timer state.
 * @param ctx The context.
 * @param cntvoff Receives the CNTVOFF_EL2 value (may be NULL).
 * @param cntpoff Receives the CNTPOFF_EL2 value (may be NULL); meaningful only with
 *        ::NVARM_VTIMER_F_HW_ECV (always 0 otherwise).
 */
void nvarm_vtimer_hw_offsets(const struct nvarm_vtimer *vt, enum nvarm_vtimer_ctx ctx,
			     uint64_t *cntvoff, uint64_t *cntpoff);

/**
 * @brief The hardware CNTHCTL_EL2 for the current context (host layout): the
 *        configured base with the traps nvarm needs added (what L1 asked to trap
 *        for L2; the EL1 timer/counter accesses L1 makes with E2H=0; the registers
 *        of a hardware timer masked by nvarm_vtimer_ack()).
 * @param vt Timer state.
 * @return The value (nvarm_vtimer_switch() and nvarm_vtimer_activate() put it in the
 *         CNTHCTL_EL2 slot of ::nvarm_vtimer_hw).
 */
uint64_t nvarm_vtimer_hw_cnthctl(const struct nvarm_vtimer *vt);

/**
 * @brief L1's CNTHCTL_EL2 as L1 reads it (its layout for the current HCR_EL2.E2H), in
 *        any context: the vtimer is the one owner of this register, so whatever else
 *        needs L1's value (the trap forwarding's view of L1's controls when L2 runs:
 *        nvarm_fwd_vstate's CNTHCTL_EL2 slot) takes it from here, never from a copy.
 * @param vt Timer state.
 * @param hw The hardware mirror, read when an E2H=1 L1 runs (its untrapped
 *        CNTKCTL_EL1 holds CNTHCTL_EL2's low bits); may be NULL otherwise.
 * @param val Receives the value.
 * @return ::NVARM_OK, or ::NVARM_ERR_INVAL (NULL @p vt or @p val, or @p hw needed).
 */
int nvarm_vtimer_l1_cnthctl(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw,
			    uint64_t *val);

/**
 * @brief The virtual timer a hardware timer backs in the current context.
 * @param vt Timer state.
 * @param hw A ::nvarm_vtimer_hwtimer.
 * @return A ::nvarm_vtimer_id, or ::NVARM_ERR_INVAL for a bad @p hw.
 */
int nvarm_vtimer_hw_backing(const struct nvarm_vtimer *vt, unsigned hw);

/**
 * @brief The PPI to inject when hardware timer @p hw fires in the current context.
 * @param vt Timer state.
 * @param hw A ::nvarm_vtimer_hwtimer.
 * @return The PPI INTID, or ::NVARM_ERR_INVAL for a bad @p hw.
 */
int nvarm_vtimer_hw_ppi(const struct nvarm_vtimer *vt, unsigned hw);

/**
 * @brief Whether a timer is emulated right now (its state is in @p vt, not in the hardware).
 * @param vt Timer state.
 * @param timer A ::nvarm_vtimer_id.
 * @return 1 emulated, 0 hardware-backed, ::NVARM_ERR_INVAL for a bad @p timer.
 */
int nvarm_vtimer_is_emulated(const struct nvarm_vtimer *vt, unsigned timer);

/**
 * @brief Read a timer's CTL (ISTATUS computed) and CVAL wherever they live.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (needed when the timer is in the hardware).
 * @param timer A ::nvarm_vtimer_id.
 * @param hw_now Hardware count (for ISTATUS).
 * @param out Receives the state.
 * @return 0; ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_get(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     uint64_t hw_now, struct nvarm_vtimer_regs *out);

/**
 * @brief Set a timer's CTL (ENABLE, IMASK; other bits ignored) and CVAL wherever they live.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (needed when the timer is in the hardware).
 * @param timer A ::nvarm_vtimer_id.
 * @param in The new state.
 * @return 0; ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_set(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     const struct nvarm_vtimer_regs *in);

/**
 * @brief Emulate a trapped MRS of a timer or counter register.
 *
 * Handles CNT{P,V}_{CTL,CVAL,TVAL}_EL0 and _EL02, CNTH{P,V}_*_EL2, CNTHCTL_EL2,
 * CNTKCTL_EL1/EL12, CNTVOFF_EL2, CNTPOFF_EL2, CNTPCT/CNTVCT_EL0 (and the SS forms
 * with FEAT_ECV), resolving the E2H redirections of the current context. TVAL
 * reads give `(CVAL - count)[31:0]`, zero-extended (TVAL is the signed 32-bit view).
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (needed when the register is in the hardware).
 * @param enc Packed encoding (arm/sysreg_enc.h) from the ESR.
 * @param hw_now Hardware count.
 * @param val Receives the value.
 * @return 0; ::NVARM_ERR_NOENT when @p enc is not a register this module emulates;
 *         ::NVARM_ERR_BAD_ENCODING when the access is UNDEFINED in the current
 *         context (an EL2 or *_EL02 register from L2, *_EL02 with E2H=0, a
 *         FEAT_ECV register without it): inject an UNDEF; ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_sysreg_read(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint32_t enc,
			     uint64_t hw_now, uint64_t *val);

/**
 * @brief Emulate a trapped MSR of a timer register (see nvarm_vtimer_sysreg_read()).
 *
 * TVAL writes set `CVAL = count + SignExtend(val[31:0])`; CTL writes keep ENABLE
 * and IMASK; CNTHCTL_EL2 and CNTKCTL writes drop reserved and unimplemented bits.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (needed while loaded).
 * @param enc Packed encoding.
 * @param hw_now Hardware count.
 * @param val Value written by the guest.
 * @return 0; ::NVARM_ERR_NOENT; ::NVARM_ERR_BAD_ENCODING (also for writes to the
 *         read-only counters); ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_sysreg_write(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint32_t enc,
			      uint64_t hw_now, uint64_t val);

/**
 * @brief For an access trapped while L2 runs: did L1 ask for the trap (through its
 *        CNTHCTL_EL2 in the current E2H layout)? If so, forward it to L1.
 * @param vt Timer state.
 * @param enc Packed encoding of the trapped access.
 * @return 1 forward to L1, 0 L0 handles it (nvarm_vtimer_sysreg_read/write),
 *         ::NVARM_ERR_NOENT when @p enc is not an EL0/EL1 timer or counter register,
 *         ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_l2_trap_to_l1(const struct nvarm_vtimer *vt, uint32_t enc);

struct nvarm_trap;

/**
 * @brief A trapped timer or counter register access (nvarm_trap_decode()) with the one
 *        emulate-result type: nvarm_vtimer_l2_trap_to_l1(), then
 *        nvarm_vtimer_sysreg_read() / nvarm_vtimer_sysreg_write().
 * @param vt      The vCPU's timers.
 * @param hw      The hardware mirror, current (the caller pulls the guest-writable registers
 *                first and writes the dirty ones after).
 * @param t       The decoded trap.
 * @param from_l2 The access came from L2 (else from L1 at vEL2).
 * @param hw_now  The hardware count.
 * @param gpr     The transfer register: the value written, or receives the value read.
 * @return ::NVARM_EMUL_OK; ::NVARM_EMUL_NOT_MINE for a register that is not a timer's;
 *         ::NVARM_EMUL_TO_L1 when L1's CNTHCTL_EL2 traps this access of L2;
 *         ::NVARM_EMUL_UNDEF for an encoding UNDEFINED in the current E2H/ECV state;
 *         a negative ::nvarm_err otherwise.
 */
int nvarm_vtimer_emulate(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw,
			 const struct nvarm_trap *t, bool from_l2, uint64_t hw_now, uint64_t *gpr);

/**
 * @brief The emulated timers whose interrupt is asserted at @p hw_now (level:
 *        ENABLE=1, IMASK=0, count >= CVAL). With a VNCR page and L1 running,
 *        first reads the page's timer slots.
 * @param vt Timer state.
 * @param hw_now Hardware count.
 * @return Bit mask over ::nvarm_vtimer_id (0 for NULL @p vt).
 */
uint32_t nvarm_vtimer_pending(struct nvarm_vtimer *vt, uint64_t hw_now);

/**
 * @brief The earliest hardware time an emulated timer's interrupt becomes
 *        asserted (now, if one already is). With a VNCR page and L1 running,
 *        first reads the page's timer slots.
 * @param vt Timer state.
 * @param hw_now Hardware count.
 * @param out Receives the deadline.
 * @return 0; ::NVARM_ERR_NOENT when no emulated timer is enabled and unmasked;
 *         ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_next_deadline(struct nvarm_vtimer *vt, uint64_t hw_now,
			       struct nvarm_vtimer_deadline *out);

/** @brief What nvarm_vtimer_resume() found and did. */
struct nvarm_vtimer_resume {
	/** Bit t (::nvarm_vtimer_id): timer t asserts its interrupt as its guest sees it
	 *  (ENABLE=1, IMASK=0, condition met; the L0's mask of nvarm_vtimer_ack() not applied):
	 *  the level of its line into the guest's interrupt controller. A clear bit is a line
	 *  that must be low (a re-armed or disabled timer withdraws its interrupt). */
	uint32_t level;
	/** Bit t: emulated timer t asserted its interrupt and this call acknowledged it (as
	 *  nvarm_vtimer_ack() returning 1): the L0 delivers its PPI. */
	uint32_t fired;
	/** The number of acknowledged timers unmasked by a re-arm (as nvarm_vtimer_sync()). */
	uint32_t rearmed;
	/** Non-zero when @ref deadline is valid: an emulated timer is enabled and unmasked. */
	uint32_t has_deadline;
	/** The earliest deadline of the emulated timers after this call's acknowledgements (as
	 *  nvarm_vtimer_next_deadline()); the L0 arms its own timer for `hw_cval`. */
	struct nvarm_vtimer_deadline deadline;
};

/**
 * @brief Everything the timers need before the L0 resumes a guest, in one call: the
 *        effect of nvarm_vtimer_sync(), then nvarm_vtimer_get() of every timer (the line
 *        levels), nvarm_vtimer_ack() of every emulated timer in nvarm_vtimer_pending(),
 *        and nvarm_vtimer_next_deadline(), with the VNCR page's timer slots read once.
 *
 * The separate calls each re-read the page while L1 runs with one; an L0 that resumes a
 * guest after every trap calls this instead. Needs the guest-writable slots of @p hw
 * current (pulled after the exit); flags what it changes dirty (a re-armed hardware timer's
 * CTL, CNTHCTL_EL2).
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @param hw_now Hardware count.
 * @param out Receives the levels, the timers to deliver and the deadline.
 * @return ::NVARM_OK; ::NVARM_ERR_INVAL for NULL @p vt or @p out, or NULL @p hw while
 *         loaded.
 */
int nvarm_vtimer_resume(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now,
			struct nvarm_vtimer_resume *out);

/**
 * @brief Is there nothing for nvarm_vtimer_resume() to do: no timer enabled with IMASK clear
 *        (as its guest programmed it, wherever it lives now: the hardware, the VNCR page
 *        while L1 runs with one, the saved copy) and none acknowledged?
 *
 * Then nvarm_vtimer_resume() finds no level, nothing to deliver and no deadline, and changes
 * nothing but its copy of the VNCR page's slots, which every call that needs them reads
 * again: an L0 whose own state needs no resume either (no timer line it raised still up, no
 * deadline timer armed) may skip the call. Reads only, a few loads and compares. Needs the
 * guest-writable slots of @p hw current (pulled after the exit).
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @return 1: nothing to do; 0: call nvarm_vtimer_resume(); ::NVARM_ERR_INVAL for NULL @p vt,
 *         or NULL @p hw while loaded.
 */
int nvarm_vtimer_idle(const struct nvarm_vtimer *vt, const struct nvarm_vtimer_hw *hw);

/**
 * @brief Acknowledge a delivered timer interrupt: if timer @p timer asserts its
 *        interrupt at @p hw_now (ENABLE=1, IMASK=0, condition met), mask it for the
 *        L0 until the guest re-arms it.
 *
 * The mask is not guest state: the guest-visible CTL stays as the guest wrote it (reads
 * through the library, the VNCR page, the saved copy). An emulated timer is left out of
 * nvarm_vtimer_pending() and nvarm_vtimer_next_deadline(); a hardware-backed one gets
 * CTL.IMASK in its hardware slot (flagged dirty) so that its line drops. Re-arming
 * unmasks (the architectural timer condition is re-evaluated from then on, Arm ARM D12
 * "timer condition met"): a CTL, CVAL or TVAL write through the library, a changed CTL or
 * CVAL in the VNCR page or the hardware (nvarm_vtimer_sync()), or the condition ceasing to
 * hold (offsets). While a hardware-backed timer is masked, the hardware CNTHCTL_EL2 of its
 * context (the ::NVARM_VTIMER_HWREG_CNTHCTL slot, flagged dirty; nvarm_vtimer_hw_cnthctl())
 * also traps the guest's accesses to it (EL1PCEN/EL1PTEN = 0 for the physical timer;
 * EL1TVT for the virtual one, with ::NVARM_VTIMER_F_HW_ECV): the L0 hands those traps to
 * nvarm_vtimer_sysreg_read()/_write(), so the guest never reads the L0's IMASK and its
 * first write re-arms at once. Without FEAT_ECV in the hardware a guest reading its
 * hardware virtual timer directly sees the IMASK while it is masked there. For a
 * hardware-backed timer whose PPI L0 took, a 0 return means the
 * line dropped before L0 looked (the timer was reprogrammed or switched out): nothing to
 * deliver.
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (needed when the timer is in the hardware).
 * @param timer A ::nvarm_vtimer_id.
 * @param hw_now Hardware count.
 * @return 1 the timer was asserting and is now masked; 0 it was not asserting (nothing
 *         changed); ::NVARM_ERR_INVAL for NULL @p vt, a bad @p timer, or NULL @p hw for a
 *         timer in the hardware.
 */
int nvarm_vtimer_ack(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned timer,
		     uint64_t hw_now);

/**
 * @brief After an exit: notice the re-arms of acknowledged timers that did not trap and
 *        unmask them (see nvarm_vtimer_ack()).
 *
 * A hardware-backed timer is re-armed when its hardware CVAL differs from the acknowledged
 * one or the guest rewrote CTL (the L0's IMASK is gone); its hardware CTL then gets the
 * guest's value back (flagged dirty). With a VNCR page and L1 running, L2's timers are read
 * from the page first. Needs the guest-writable slots of @p hw current (read after the exit).
 * @param vt Timer state.
 * @param hw The vCPU's hardware timer registers (may be NULL when not loaded).
 * @param hw_now Hardware count.
 * @return The number of timers unmasked (>= 0); ::NVARM_ERR_INVAL for NULL @p vt, or NULL
 *         @p hw while loaded.
 */
int nvarm_vtimer_sync(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t hw_now);

/**
 * @brief The PPI of a timer (from the configuration).
 * @param vt Timer state.
 * @param timer A ::nvarm_vtimer_id.
 * @return The INTID, or ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_ppi(const struct nvarm_vtimer *vt, unsigned timer);

/**
 * @brief Read the timer slots of a VNCR page into @p vt: CNTVOFF_EL2 (0x60),
 *        CNTPOFF_EL2 (0x1a8, with FEAT_ECV) and, for the EL1 timers that are not
 *        in the hardware, CNTV_CVAL/CTL (0x168/0x170) and CNTP_CVAL/CTL
 *        (0x178/0x180). Values are guest-controlled: CTL keeps ENABLE and IMASK.
 * @param vt Timer state.
 * @param page The page (8-byte aligned).
 * @return 0; ::NVARM_ERR_INVAL.
 */
int nvarm_vtimer_vncr_import(struct nvarm_vtimer *vt, const void *page);

/**
 * @brief Did the guest change a timer slot of the VNCR page given at configuration (the
 *        slots nvarm_vtimer_vncr_import() reads) since nvarm last imported or exported
 *        it?
 *
 * Under FEAT_NV2 L1 re-arms or offsets its guest's emulated timers by plain stores to
 * the page, without trapping; nvarm_vtimer_resume() picks such changes up. An L0's fast
 * path for a trap that touched no timer can leave out that call when this says 0 (time
 * alone moves nothing there that the L0's own deadline timer does not cover). Compares
 * only; reads no hardware register.
 * @param vt Timer state.
 * @return 1 when a slot differs from @p vt's copy, 0 when none does or there is no page
 *         (FEAT_NV) or L2's context is loaded (the page is not live); ::NVARM_ERR_INVAL
 *         for NULL @p vt.
 */
int nvarm_vtimer_vncr_dirty(const struct nvarm_vtimer *vt);

/**
 * @brief Write @p vt's timer state into the timer slots of a VNCR page (the
 *        inverse of nvarm_vtimer_vncr_import(); CTL slots carry ISTATUS as of
 *        @p hw_now). Uses the saved copies: call it when the EL1 timers are not in
 *        the hardware (L1 running, or not loaded).
 * @param vt Timer state.
 * @param page The page (8-byte aligned).
 * @param hw_now Hardware count.
 * @return 0; ::NVARM_ERR_INVAL; ::NVARM_ERR_STATE when L2 runs with the timers loaded.
 */
int nvarm_vtimer_vncr_export(const struct nvarm_vtimer *vt, void *page, uint64_t hw_now);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_VTIMER_H */
