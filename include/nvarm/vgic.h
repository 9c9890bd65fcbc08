/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file vgic.h
 * @brief Nested GICv3: L1's virtual ICH_* registers, L2 list-register switching,
 *        maintenance interrupts and the plain L1 injection helpers.
 *
 * One ::nvarm_vgic_cpu per vCPU of L1 (caller-owned, no allocation). Three jobs:
 *
 * 1. **Virtual ICH_* registers of L1** (::nvarm_vgic_vstate). The struct has exactly the
 *    layout of VNCR_EL2 page offsets 0x400-0x4cf, so an FEAT_NV2 L0 passes
 *    `(struct nvarm_vgic_vstate *)(vncr_page + NVARM_VGIC_VNCR_OFFSET)`; an NV-only L0 keeps
 *    one in its vEL2 register file. Trapped accesses go through nvarm_vgic_vreg_read() /
 *    nvarm_vgic_vreg_write() (masking per advertised LR count, priority and ID bits).
 *    ICH_VTR/MISR/EISR/ELRSR are computed, never stored. Values in the struct are treated
 *    as hostile: under NV2 L1 writes them unmasked, so every consumer masks them again.
 *
 * 2. **Running L2**. Call nvarm_vgic_nested_entry() just before entering L2 and
 *    nvarm_vgic_nested_exit() right after L2 exits. Entry saves L0's own list registers
 *    for L1 and L1's ICV state, then programs the hardware with L1's virtual LRs (HW=1
 *    LRs translated through nvarm_platform_ops::l1_intid_to_hw), ICH_HCR, ICH_VMCR and
 *    the APRs. Exit folds what L2 did back into L1's view, reports the L1 interrupts L2
 *    deactivated, decides L1's maintenance interrupt and parks the hardware
 *    (ICH_HCR_EL2 = 0). L1's own LRs and ICV state are written back by
 *    nvarm_vgic_l1_flush() before L1 runs again; when L0 handles an L2 exit itself and
 *    re-enters L2, neither the save nor the restore is repeated.
 *    Virtual LR i always runs in hardware LR i, so EOIcount, priority drop and the
 *    maintenance conditions behave exactly as in L1's view.
 *
 * 3. **Running L1** (plain helpers). nvarm_vgic_l1_inject() queues interrupts for L1;
 *    nvarm_vgic_l1_flush() (call before every entry into L1) puts the highest-priority
 *    ones into hardware LRs, keeps the rest in the caller's overflow queue and enables
 *    the underflow maintenance interrupt while the queue is not empty.
 *
 * Virtual LR count: L0 may advertise 1..hardware LRs to L1. More than the hardware has is
 * not supported (::NVARM_ERR_INVAL at init): software-queued virtual LRs cannot give L1
 * the architectural EOIcount and priority-drop behaviour for entries that were never
 * visible to L2, so nvarm refuses rather than approximates.
 *
 * Locking: none. A ::nvarm_vgic_cpu and its vstate belong to one vCPU and are only used
 * by the physical CPU currently running that vCPU.
 *
 * @par Concurrency contract (SMP guest hypervisors)
 * - **Per vCPU**: the ::nvarm_vgic_cpu (L1's virtual CPU interface: queue, pending and
 *   active bookkeeping, saved L0 LRs and ICV state) and its ::nvarm_vgic_vstate (L1's
 *   virtual ICH_* registers, in that vCPU's VNCR page under FEAT_NV2). Every function works
 *   on the one vCPU it is given and on the hardware CPU interface of the calling CPU
 *   (nvarm_platform_ops::hw_read / hw_write reach the *current* CPU's ICH_* registers), so
 *   it must run on the physical CPU that runs (or last ran, with nothing loaded since)
 *   that vCPU. Different vCPUs need no lock; nothing here takes nvarm_platform_ops::lock.
 * - **Shared, read-only**: the ::nvarm_platform_ops (callbacks act on the calling CPU; the
 *   bare-metal shim's error counters are then diagnostics of the last writer) and the
 *   mapping behind l1_intid_to_hw, which must be safe to call from several CPUs at once.
 * - **Not here**: L1's distributor and redistributors (the GIC L1 sees is the L0's
 *   emulation, one redistributor per vCPU) and SGI routing.
 * - **Cross-vCPU interrupts (SGIs, and SPIs routed to another vCPU)**: an L0 never calls
 *   nvarm_vgic_l1_inject() (or any function here) on another vCPU's ::nvarm_vgic_cpu from
 *   the sending CPU. When L1 writes ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 on vCPU A
 *   (at EL1 these writes trap to EL2 when HCR_EL2.IMO / FMO, which the L0 sets while L1
 *   runs, or ICH_HCR_EL2.TC is 1: there is no virtual SGI register; nvarm_sysreg_emulate()
 *   answers NVARM_EMUL_FORWARD for them), the L0 decodes the target list
 *   (TargetList with Aff3.Aff2.Aff1 and RS, or IRM=1: every vCPU but A) against the MPIDRs
 *   it gives L1's vCPUs, then for each target B: records the INTID as pending in B's
 *   software mailbox (an L0 structure with its own lock or atomics, per redistributor, as
 *   GICR_ISPENDR0 would hold it) and, if B runs on another physical CPU, kicks that CPU
 *   with a physical SGI (or a doorbell) so that it exits. B's
 *   CPU drains its mailbox into nvarm_vgic_l1_inject() on its own ::nvarm_vgic_cpu before
 *   its next nvarm_vgic_l1_flush() (and, while B runs L2, before deciding with
 *   nvarm_vgic_l1_would_signal() whether the new interrupt makes L1's vEL2 take an IRQ). An
 *   SGI to A itself is a direct nvarm_vgic_l1_inject(). SGIs between L2's vCPUs need nothing
 *   more: L1 emulates its GIC for L2 and writes them into its virtual list registers on the
 *   target vCPU (after its own IPI to that vCPU, which is the SGI path above), and
 *   nvarm_vgic_nested_entry() loads them on that vCPU's CPU.
 */
#ifndef NVARM_VGIC_H
#define NVARM_VGIC_H

#include "env.h"
#include "err.h"
#include "platform.h"
#include "arm/gicv3.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Most list registers GICv3 implements (ICH_VTR_EL2.ListRegs + 1 <= 16). */
#define NVARM_VGIC_MAX_LR 16
/** @brief Most active-priority registers per group (ICH_AP0R0..3_EL2). */
#define NVARM_VGIC_MAX_APR 4
/** @brief Offset of ::nvarm_vgic_vstate inside the VNCR_EL2 page. */
#define NVARM_VGIC_VNCR_OFFSET 0x400

/**
 * @brief L1's virtual ICH_* registers, laid out as VNCR_EL2 page offsets 0x400..0x4cf.
 *
 * Entries beyond the advertised LR / APR counts are ignored.
 */
struct nvarm_vgic_vstate {
	uint64_t lr[NVARM_VGIC_MAX_LR];	   /**< ICH_LR<n>_EL2 (VNCR 0x400 + 8n). */
	uint64_t ap0r[NVARM_VGIC_MAX_APR]; /**< ICH_AP0R<n>_EL2 (VNCR 0x480 + 8n). */
	uint64_t ap1r[NVARM_VGIC_MAX_APR]; /**< ICH_AP1R<n>_EL2 (VNCR 0x4a0 + 8n). */
	uint64_t hcr;			   /**< ICH_HCR_EL2 (VNCR 0x4c0). */
	uint64_t vmcr;			   /**< ICH_VMCR_EL2 (VNCR 0x4c8). */
};

/** @brief Flags of ::nvarm_vgic_irq. */
enum nvarm_vgic_irq_flags {
	NVARM_VGIC_IRQ_GROUP1 = 1u << 0, /**< Group 1 (else Group 0). */
	NVARM_VGIC_IRQ_HW = 1u << 1	 /**< Backed by hardware INTID nvarm_vgic_irq::hw_intid. */
};

/** @brief One interrupt for L1 (argument of nvarm_vgic_l1_inject(), overflow queue entry). */
struct nvarm_vgic_irq {
	uint32_t intid;	   /**< INTID in L1's world (vINTID of the LR). */
	uint32_t hw_intid; /**< Physical INTID when ::NVARM_VGIC_IRQ_HW is set. */
	uint8_t priority;  /**< Priority (only the implemented top bits are kept). */
	uint8_t flags;	   /**< ::nvarm_vgic_irq_flags. */
};

/**
 * @brief The ICV state of the hardware virtual CPU interface that a world switch between L1 and
 *        L2 saves (argument of nvarm_vgic_config::icv_read).
 */
struct nvarm_vgic_icv {
	uint64_t hcr;			   /**< ICH_HCR_EL2. */
	uint64_t vmcr;			   /**< ICH_VMCR_EL2. */
	uint64_t ap0r[NVARM_VGIC_MAX_APR]; /**< ICH_AP0R<n>_EL2 (the first nr_apr used). */
	uint64_t ap1r[NVARM_VGIC_MAX_APR]; /**< ICH_AP1R<n>_EL2 (the first nr_apr used). */
};

/** @brief Configuration handed to nvarm_vgic_cpu_init(). */
struct nvarm_vgic_config {
	/** List registers advertised to L1 (1..hardware count); 0 = as many as the hardware. */
	uint8_t nr_lr;
	/** Priority of the L1 maintenance interrupt when injected by nvarm. */
	uint8_t maint_priority;
	/** Capacity of @ref queue in entries (0 = no overflow queue). */
	uint16_t queue_len;
	/**
	 * L1's maintenance interrupt PPI (16-31, usually 25). When non-zero, nvarm injects it
	 * into L1 (level-sensitive, Group 1) whenever L1's maintenance condition holds; it
	 * never takes a queue entry. 0 leaves it to L0 (use nvarm_vgic_exit::maint /
	 * nvarm_vgic_maint_pending()).
	 */
	uint32_t maint_intid;
	/** Extra ICH_HCR_EL2 trap bits (TC, TALL0, TALL1, TDIR, TSEI) L0 wants while L2 runs. */
	uint64_t l2_hcr_set;
	/** Caller memory for interrupts waiting for a free LR (may be NULL with queue_len 0). */
	struct nvarm_vgic_irq *queue;
	/**
	 * Optional: read the calling CPU's ICH_HCR_EL2, ICH_VMCR_EL2 and its first @p napr
	 * ICH_AP0R<n>_EL2 and ICH_AP1R<n>_EL2 into @p out (the other entries are not used) in
	 * one call, with nvarm_platform_ops::ctx. Every nested entry from L1 and every nested
	 * exit reads these 2 + 2 * napr registers: an embedder with direct MRS instructions
	 * saves the per-register nvarm_platform_ops::hw_read calls. NULL: nvarm reads them
	 * through hw_read. Must read exactly what hw_read would.
	 */
	void (*icv_read)(void *ctx, struct nvarm_vgic_icv *out, unsigned napr);
};

struct nvarm_vm_config;

/**
 * @brief Set nvarm_vgic_config::nr_lr from the VM's configuration (the one feature set every
 *        subsystem derives from: nvarm_vm_request::gic_lrs, checked against the host by
 *        nvarm_vm_config_init()), so that ICH_VTR_EL2.ListRegs and the VM's view agree.
 * @param cfg Configuration to update; the other fields stay the caller's.
 * @param vm  The VM's configuration.
 * @return 0, or ::NVARM_ERR_INVAL for a NULL argument or a VM without GICv3
 *         (::NVARM_VMF_GICV3) or list registers.
 */
int nvarm_vgic_config_from_vm(struct nvarm_vgic_config *cfg, const struct nvarm_vm_config *vm);

/** @brief What nvarm_vgic_nested_exit() found. */
struct nvarm_vgic_exit {
	/** L1's maintenance interrupt condition (ICH_HCR.En && ICH_MISR != 0) after the exit. */
	bool maint;
	/** Number of entries in @ref deact. */
	uint8_t ndeact;
	/**
	 * L1 INTIDs (pINTIDs of L1's HW=1 LRs) that L2 deactivated: L0 must deactivate them in
	 * its model of L1's distributor (nvarm already cleared them in its own L1 LRs).
	 */
	uint32_t deact[NVARM_VGIC_MAX_LR];
};

/**
 * @brief Per-vCPU state. Initialise with nvarm_vgic_cpu_init(); fields are private to
 *        nvarm (documented for debugging only).
 */
struct nvarm_vgic_cpu {
	const struct nvarm_platform_ops *ops; /**< Embedder callbacks. */
	struct nvarm_vgic_irq *queue;	      /**< Overflow queue memory. */
	uint64_t vtr;			      /**< ICH_VTR_EL2 advertised to L1. */
	uint64_t lr_mask_hw0;		      /**< Writable LR bits when HW = 0. */
	uint64_t lr_mask_hw1;		      /**< Writable LR bits when HW = 1. */
	uint64_t hcr_mask;		      /**< Writable ICH_HCR_EL2 bits. */
	uint64_t vmcr_mask;		      /**< Writable ICH_VMCR_EL2 bits. */
	uint64_t apr_mask;		      /**< Writable ICH_AP{0,1}R<n>_EL2 bits. */
	uint64_t vmcr_res1;		      /**< ICH_VMCR_EL2 bits that read as one. */
	uint64_t l2_hcr_set;		      /**< From the config. */
	uint64_t l1_lr[NVARM_VGIC_MAX_LR];    /**< L0's list registers for L1 (image). */
	/** L1's ICV state saved while L2 runs (hcr: the hardware's at the nested entry). */
	struct nvarm_vgic_icv l1_icv;
	uint64_t l1_hcr; /**< ICH_HCR_EL2 for L1 while an LR is in use (0 with none). */
	uint64_t l2_orig[NVARM_VGIC_MAX_LR]; /**< L1's LRs as loaded for L2 (masked). */
	uint64_t l2_hw[NVARM_VGIC_MAX_LR];   /**< Hardware LR values while L2's set is in. */
	/** The hardware ICV state read at the last nested exit (L2's). */
	struct nvarm_vgic_icv l2_icv;
	uint64_t l2_hw_vmcr_v; /**< l2_icv.vmcr as L1 sees it. */
	uint64_t l2_vmcr;      /**< ICH_VMCR_EL2 last sanitised for L2 (a fixed point). */
	uint64_t l2_vhcr;      /**< L1's ICH_HCR_EL2 at the last exit. */
	/** ICV reader (nvarm_vgic_config::icv_read), or NULL. */
	void (*icv_read)(void *ctx, struct nvarm_vgic_icv *out, unsigned napr);
	uint32_t maint_intid;	/**< From the config. */
	uint16_t queue_len;	/**< Capacity of @ref queue. */
	uint16_t queue_count;	/**< Entries used in @ref queue. */
	uint16_t l1_used;	/**< Bit n: l1_lr[n] non-zero. */
	uint16_t hw_used;	/**< Bit n: hardware LR n may be non-zero. */
	uint16_t l2_loaded;	/**< Bit n: LR n loaded for L2. */
	uint16_t l2_fwd;	/**< Bit n: L1's LR n is HW=1 with a valid pINTID. */
	uint16_t l2_eoi;	/**< Bit n: L1's LR n has HW = 0 and EOI = 1. */
	uint16_t l2_valid;	/**< Bit n: LR n valid at the last exit. */
	uint16_t l2_set;	/**< Bit n: l2_orig[n] or l2_hw[n] may be non-zero. */
	uint8_t hw_nr_lr;	/**< Hardware list registers. */
	uint8_t nr_lr;		/**< List registers advertised to L1. */
	uint8_t nr_apr;		/**< APRs per group (1, 2 or 4). */
	uint8_t pri_bits;	/**< Implemented priority bits (5..8). */
	uint8_t pre_bits;	/**< Implemented preemption bits (5..7). */
	uint8_t maint_priority; /**< From the config. */
	uint8_t where;		/**< Internal: what the hardware holds. */
	bool l1_dirty;		/**< Image changed since written to hardware. */
	bool maint_level;	/**< Last maintenance level injected into L1. */
	bool maint_owed;	/**< Maintenance interrupt pending, not in an LR. */
};

/**
 * @brief Initialise a vCPU's vGIC state.
 *
 * Reads the hardware ICH_VTR_EL2 through nvarm_platform_ops::hw_read and derives the
 * ICH_VTR_EL2 advertised to L1: the hardware's PRIbits, PREbits, IDbits, SEIS, A3V and
 * TDS, ListRegs from nvarm_vgic_config::nr_lr, nV4 = 1 (no direct vLPI injection for
 * L1) and DVIM = 0. The hardware list registers are considered L1's (empty) afterwards.
 *
 * @param cpu State to initialise.
 * @param ops Platform ops; hw_read and hw_write are required, l1_intid_to_hw optional.
 * @param cfg Configuration (copied).
 * @return 0; ::NVARM_ERR_INVAL for a NULL argument, missing hw_read/hw_write, nr_lr larger
 *         than the hardware's LR count, a hardware VTR with fewer than 5 priority bits or
 *         PREbits > PRIbits, a queue_len without queue memory, or a maint_intid that is
 *         not a PPI.
 */
int nvarm_vgic_cpu_init(struct nvarm_vgic_cpu *cpu, const struct nvarm_platform_ops *ops,
			const struct nvarm_vgic_config *cfg);

/**
 * @brief Put L1's virtual ICH_* registers in their reset state.
 *
 * LRs, APRs and ICH_HCR_EL2 zero; ICH_VMCR_EL2 with VFIQEn = 1 and the minimum binary points.
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 */
void nvarm_vgic_vstate_reset(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v);

/**
 * @brief Emulate an MRS by L1 of an ICH_*_EL2 register (trapped under NV, and the
 *        computed ones under NV2).
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @param enc Packed encoding (arm/sysreg_enc.h).
 * @param val Receives the value.
 * @return 0; ::NVARM_ERR_NOENT when @p enc is not an ICH_*_EL2 register handled here;
 *         ::NVARM_ERR_BAD_ENCODING for an LR or APR beyond the advertised count (L0 should
 *         inject UNDEFINED).
 */
int nvarm_vgic_vreg_read(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v,
			 uint32_t enc, uint64_t *val);

/**
 * @brief Emulate an MSR by L1 to an ICH_*_EL2 register; RES0 and unimplemented bits are
 *        dropped, binary points are raised to their minimum.
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @param enc Packed encoding.
 * @param val Value L1 wrote.
 * @return 0; ::NVARM_ERR_NOENT when @p enc is not an ICH_*_EL2 register handled here;
 *         ::NVARM_ERR_BAD_ENCODING for a read-only register (VTR, MISR, EISR, ELRSR) or an
 *         LR/APR beyond the advertised count.
 */
int nvarm_vgic_vreg_write(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
			  uint32_t enc, uint64_t val);

struct nvarm_trap;

/**
 * @brief A trapped MRS/MSR of L1 (nvarm_trap_decode()) with the one emulate-result type:
 *        nvarm_vgic_vreg_read() / nvarm_vgic_vreg_write() for an ICH_*_EL2 register.
 * @param cpu The vCPU's vGIC state.
 * @param v   L1's virtual ICH registers.
 * @param t   The decoded trap (enc, direction, Rt).
 * @param gpr The transfer register: the value written (ignored for Rt = 31), or receives
 *            the value read.
 * @return ::NVARM_EMUL_OK; ::NVARM_EMUL_NOT_MINE when @p t is not an ICH_*_EL2 register;
 *         ::NVARM_EMUL_UNDEF for an LR/APR beyond those advertised or a write to a
 *         read-only register; ::NVARM_ERR_INVAL for a NULL argument.
 */
int nvarm_vgic_emulate(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
		       const struct nvarm_trap *t, uint64_t *gpr);

/**
 * @brief Mask one list register value as L1 may hold it.
 * @param cpu Initialised vGIC state.
 * @param lr Raw value.
 * @return The value with RES0 bits, unimplemented priority and vINTID bits cleared.
 */
uint64_t nvarm_vgic_lr_sanitize(const struct nvarm_vgic_cpu *cpu, uint64_t lr);

/**
 * @brief Mask every register of @p v in place (what entry does to NV2 memory values).
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 */
void nvarm_vgic_vstate_sanitize(const struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v);

/**
 * @brief L1's ICH_EISR_EL2: bit n set when LR n is invalid, HW = 0 and EOI = 1.
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @return The register value.
 */
uint32_t nvarm_vgic_eisr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

/**
 * @brief L1's ICH_ELRSR_EL2: bit n set when LR n is invalid and not waiting for EOI
 *        maintenance (HW = 1 or EOI = 0).
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @return The register value.
 */
uint32_t nvarm_vgic_elrsr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

/**
 * @brief L1's ICH_MISR_EL2, from its LRs, ICH_HCR_EL2 and ICH_VMCR_EL2 (IHI 0069
 *        "ICH_MISR_EL2"; independent of ICH_HCR_EL2.En).
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @return The register value.
 */
uint32_t nvarm_vgic_misr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

/**
 * @brief Whether L1's virtual maintenance interrupt is asserted (ICH_HCR_EL2.En == 1 and
 *        ICH_MISR_EL2 != 0).
 * @param cpu Initialised vGIC state.
 * @param v L1's virtual registers.
 * @return true when asserted.
 */
bool nvarm_vgic_maint_pending(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

/**
 * @brief Program the hardware for L2 from L1's virtual registers (call just before
 *        entering L2).
 *
 * Masks @p v in place, saves L0's list registers for L1 (reading them back from hardware
 * if L1 ran since the last flush) and L1's ICV VMCR/APRs, then writes hardware LR n for
 * every valid virtual LR n. An LR with HW = 1 and a pINTID in a physical range (16-1019,
 * 1056-1119, 4096-5119) is offered to nvarm_platform_ops::l1_intid_to_hw: when backed it
 * runs with HW = 1 and the real INTID, otherwise with HW = 0 and EOI = 1, and the
 * deactivation is reported by nvarm_vgic_nested_exit(). An HW = 1 LR with any other
 * pINTID (SGI numbers, special or out-of-range values: UNPREDICTABLE architecturally)
 * runs with HW = 0 and EOI = 0: it touches no physical interrupt and reports nothing.
 * ICH_HCR_EL2 gets L1's value (masked) plus nvarm_vgic_config::l2_hcr_set.
 *
 * Re-entry after nvarm_vgic_nested_exit() without running L1 writes only what changed;
 * when none of L1's registers changed, only ICH_HCR_EL2 is written and the previous
 * l1_intid_to_hw answers are reused. An L0 that changes what backs an L1 interrupt
 * calls nvarm_vgic_l1_flush() first (the next entry then translates again).
 *
 * @param cpu vGIC state.
 * @param v L1's virtual registers (VNCR page or register file).
 * @return 0; ::NVARM_ERR_STATE when already entered.
 */
int nvarm_vgic_nested_entry(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v);

/**
 * @brief Fold L2's interrupt state back into L1's view (call right after L2 exits).
 *
 * Copies the State of each loaded hardware LR into the matching virtual LR (every other
 * field stays as L1 wrote it), reads back EOIcount, ICH_VMCR_EL2 and the APRs, reports
 * deactivated HW = 1 interrupts (and clears their active state in L0's LRs for L1),
 * evaluates L1's maintenance interrupt (injecting or retracting
 * nvarm_vgic_config::maint_intid if set) and writes ICH_HCR_EL2 = 0 so that L2's
 * leftover state raises no maintenance interrupt while L0 runs. Call
 * nvarm_vgic_l1_flush() before entering L1, or nvarm_vgic_nested_entry() to go back
 * to L2. The injection helpers may be used in between.
 *
 * @param cpu vGIC state.
 * @param v L1's virtual registers.
 * @param res Receives the outcome (may be NULL).
 * @return 0; ::NVARM_ERR_STATE when nvarm_vgic_nested_entry() was not called first.
 */
int nvarm_vgic_nested_exit(struct nvarm_vgic_cpu *cpu, struct nvarm_vgic_vstate *v,
			   struct nvarm_vgic_exit *res);

/**
 * @brief Make an interrupt pending for L1.
 *
 * Already pending (in an LR or the queue): nothing changes. Active in an LR with HW = 0:
 * the LR becomes pending and active. Otherwise it waits in the queue until the next
 * nvarm_vgic_l1_flush(). Not valid while L2 is entered.
 *
 * With ::NVARM_VGIC_IRQ_HW the LR names hw_intid as its pINTID: L1's deactivation (or
 * L2's, through an HW = 1 LR of L1 that l1_intid_to_hw backs with the same interrupt)
 * deactivates that physical interrupt, so L0 must leave it active: priority drop only
 * (ICC_CTLR_EL1.EOImode = 1 at L0's EL2), or set active again through the GIC
 * (GICR_ISACTIVER0 / GICD_ISACTIVER<n>) after a full EOI.
 * @param cpu vGIC state.
 * @param irq The interrupt (INTID below 1020 or an LPI; hw_intid in a physical range
 *            when ::NVARM_VGIC_IRQ_HW is set).
 * @return 0; ::NVARM_ERR_INVAL for a bad INTID or for nvarm_vgic_config::maint_intid
 *         when set (nvarm raises and lowers that one itself); ::NVARM_ERR_NOMEM when no
 *         LR is free and the queue is full; ::NVARM_ERR_STATE while L2 is entered.
 */
int nvarm_vgic_l1_inject(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_irq *irq);

/**
 * @brief Number of L1 interrupts waiting in the overflow queue for a free list register
 *        (for statistics, or to decide whether an L0 should look for LR space sooner).
 * @param cpu vGIC state.
 * @return The queue length (0 with no queue).
 */
unsigned nvarm_vgic_l1_queued(const struct nvarm_vgic_cpu *cpu);

/**
 * @brief Withdraw the pending state of an interrupt for L1 (a level-sensitive line went
 *        low). An active instance stays active.
 * @param cpu vGIC state.
 * @param intid L1 INTID.
 * @return 0 when a pending state was removed; ::NVARM_ERR_NOENT when it was not pending;
 *         ::NVARM_ERR_STATE while L2 is entered.
 */
int nvarm_vgic_l1_retract(struct nvarm_vgic_cpu *cpu, uint32_t intid);

/**
 * @brief Clear the active state of an L1 interrupt held in L0's LRs for L1 (a
 *        deactivation that happened elsewhere, e.g. by L2 through an HW = 1 LR of L1).
 * @param cpu vGIC state.
 * @param intid L1 INTID.
 * @return 0; ::NVARM_ERR_NOENT when no LR holds it active; ::NVARM_ERR_STATE while L2 is
 *         entered.
 */
int nvarm_vgic_l1_deactivate(struct nvarm_vgic_cpu *cpu, uint32_t intid);

/**
 * @brief Read L0's LRs for L1 back from hardware after L1 ran and retire the finished
 *        ones. Called by the other helpers when needed; call it yourself only before
 *        migrating the vCPU.
 * @param cpu vGIC state.
 * @return 0; ::NVARM_ERR_STATE while L2 is entered.
 */
int nvarm_vgic_l1_sync(struct nvarm_vgic_cpu *cpu);

/**
 * @brief Is an interrupt pending for L1 (in L0's list registers for L1, in the overflow
 *        queue, or the maintenance interrupt owed)?
 *
 * What an L0 asks before it lets L1 return to L2: a hypervisor that routes its guest's
 * IRQs to itself (HCR_EL2.IMO = 1) takes a pending interrupt as soon as it ERETs to EL1,
 * so the L0 delivers it at the ERET instead. Syncs with the hardware first if L1 ran.
 * L1's priority mask, running priority and group enables are not considered. Call it
 * after nvarm_vgic_l1_flush() when L1 may have changed its ICH registers through NV2
 * memory (the maintenance interrupt is re-evaluated there).
 * @param cpu vGIC state.
 * @return 1 when an interrupt is pending (pending or pending-and-active LR, queued
 *         interrupt, owed maintenance interrupt), 0 when none; ::NVARM_ERR_STATE while L2
 *         is entered.
 */
int nvarm_vgic_l1_pending(struct nvarm_vgic_cpu *cpu);

/**
 * @brief Would nvarm_vgic_l1_flush() find nothing to do: L1's interface live in the
 *        hardware (flushed since L2 last ran), no list register in use, nothing queued or
 *        owed, the image written?
 *
 * For an L0's fast path after a trap of L1 that touched no interrupt state: when this says
 * 1 and the L0 raised nothing for L1 meanwhile, the flush before the ERET can be left out
 * (L1 cannot change an empty set of list registers without trapping). It reads no
 * hardware register and changes nothing.
 * @param cpu vGIC state.
 * @return 1 when idle, 0 when a flush may have work; ::NVARM_ERR_INVAL for NULL @p cpu.
 */
int nvarm_vgic_l1_idle(const struct nvarm_vgic_cpu *cpu);

/** @name nvarm_vgic_l1_irq_state() bits */
/**@{*/
#define NVARM_VGIC_ST_PENDING 0x1u /**< Pending for L1 (in an LR, queued, or owed maintenance). */
#define NVARM_VGIC_ST_ACTIVE  0x2u /**< Active in one of L0's list registers for L1. */
/**@}*/

/**
 * @brief Where an interrupt for L1 stands in its virtual CPU interface: pending and/or active
 *        in L0's list registers for L1 (read back from the hardware if L1 ran), pending in
 *        the overflow queue, or (the maintenance interrupt) owed.
 *
 * What an L0 that emulates L1's distributor and redistributor reads to keep GICR_ISPENDR0,
 * GICR_ISACTIVER0, GICD_ISPENDR<n>, ... true: an interrupt that L1 acknowledged is active
 * (no longer pending unless it was made pending again), one that L1 deactivated is gone.
 * @param cpu vGIC state.
 * @param intid L1 INTID.
 * @return A combination of ::NVARM_VGIC_ST_PENDING and ::NVARM_VGIC_ST_ACTIVE (0: neither);
 *         ::NVARM_ERR_INVAL for a NULL @p cpu; ::NVARM_ERR_STATE while L2 is entered (L0's
 *         list registers for L1 are not in the hardware then; the state is unchanged since
 *         the entry).
 */
int nvarm_vgic_l1_irq_state(struct nvarm_vgic_cpu *cpu, uint32_t intid);

/**
 * @brief Would L1's virtual CPU interface signal a pending interrupt of this priority and
 *        group now (IHI 0069, virtual CPU interface: the group is enabled in ICH_VMCR_EL2
 *        VENG0/VENG1, the priority is higher than the priority mask VPMR, and its group
 *        priority is higher than the running priority from ICH_AP0R/AP1R)? PSTATE.I/F are
 *        not considered.
 *
 * L1's ICV state is read from the hardware while L1 owns it, from the copy
 * nvarm_vgic_nested_entry() saved while L2 runs. An L0 asks this before it makes L2 exit for an
 * interrupt of L1: one that L1's own priority mask, running priority or group enable holds back
 * waits, as it would on hardware.
 * @param cpu vGIC state.
 * @param priority The interrupt's priority (only the implemented bits count).
 * @param group1 Group 1 (else Group 0).
 * @return 1 signalled, 0 held back; ::NVARM_ERR_INVAL for a NULL @p cpu.
 */
int nvarm_vgic_l1_would_signal(const struct nvarm_vgic_cpu *cpu, uint8_t priority, bool group1);

/**
 * @brief Prepare the hardware for running L1 (call before every entry into L1).
 *
 * Syncs if L1 ran, restores L1's ICV state (VMCR, APRs) after a nested exit,
 * re-evaluates L1's maintenance interrupt from @p v (L1 may have changed its ICH
 * registers through NV2 memory), moves queued interrupts into free LRs
 * (evicting pending-only LRs of lower priority back to the queue), asks for EOI maintenance
 * while interrupts wait, and writes what changed. L1's ICH_HCR_EL2.En is set only while one
 * of L0's list registers for L1 is in use (with none there is nothing to signal).
 * @param cpu vGIC state.
 * @param v L1's virtual registers, or NULL to skip the maintenance evaluation.
 * @return 0; ::NVARM_ERR_STATE while L2 is entered.
 */
int nvarm_vgic_l1_flush(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_VGIC_H */
