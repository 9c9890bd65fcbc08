/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file sysreg.h
 * @brief System registers for nested virtualization: the register database, ESR_EL2 trap
 *        decoding, the virtual-EL2 register file (laid out as the VNCR_EL2 page), trapped
 *        MRS/MSR emulation, EL2-to-EL1 shadowing, virtual exception entry and ERET.
 *
 * Typical L0 flow at its EL2 trap entry (L1 = guest hypervisor running in virtual EL2):
 * @code
 *   struct nvarm_trap t;
 *   if (nvarm_trap_decode(esr, &t) < 0) -> inject UNDEF (or report)
 *   switch (t.cls) {
 *   case NVARM_TC_SYSREG: {
 *       uint64_t x = t.rt == 31 ? 0 : regs[t.rt];
 *       int r = nvarm_sysreg_emulate(&vel2, &t, &x);
 *       if (r == NVARM_EMUL_OK || r == NVARM_EMUL_RELOAD) {
 *           if (t.is_read && t.rt != 31) regs[t.rt] = x;
 *           pc += 4;   // and on NVARM_EMUL_RELOAD recompute the (stale) EL1 shadow
 *       } else if (r == NVARM_EMUL_UNDEF) -> nvarm_vel2_inject(... UNDEF ESR ...)
 *       else -> NVARM_EMUL_FORWARD: the owning subsystem or L0 handles t.reg
 *   }
 *   case NVARM_TC_ERET: nvarm_vel2_eret(...)
 *   ...
 * @endcode
 *
 * Memory: everything lives in caller memory. A VM owns one ::nvarm_vm_config; each vCPU owns
 * one ::nvarm_vel2 plus one 4 KiB, 4 KiB-aligned page (the VNCR page; with FEAT_NV2 the L0
 * points VNCR_EL2 at it while L1 runs in vEL2). No function allocates or keeps global state.
 *
 * Locking: a ::nvarm_vel2 belongs to one vCPU; the caller serialises calls on it. The
 * ::nvarm_vm_config is read-only after nvarm_vm_config_init() and may be shared.
 *
 * @par Concurrency contract (SMP guest hypervisors)
 * - **Per vCPU** (one per vCPU of L1, never shared): the ::nvarm_vel2 register file and its
 *   VNCR page, the ::nvarm_el1_regs shadow arrays, the ::nvarm_trap being decoded. Every
 *   function taking a ::nvarm_vel2 reads and writes only that vCPU's state (and the
 *   read-only VM configuration); the caller serialises the calls on one ::nvarm_vel2,
 *   normally by making them only from the physical CPU that runs the vCPU (under FEAT_NV2
 *   L1 writes the VNCR page directly while it runs, so nothing else may touch it then).
 *   Calls on different vCPUs' ::nvarm_vel2 run concurrently without any lock.
 * - **Per VM, shared**: the ::nvarm_vm_config, read-only after nvarm_vm_config_init(); any
 *   number of vCPUs read it at once. Changing it while a vCPU uses it is not supported
 *   (build a new one and switch every vCPU to it while none runs).
 * - **No shared mutable state**: nothing here takes nvarm_platform_ops::lock; the register
 *   database and decode tables are const. The only cross-vCPU effects of an L1 system
 *   instruction are the L0's to carry out: TLBIs (nvarm_s2mmu_tlbi(), see s2mmu.h, and the
 *   L0's own broadcast for L1's EL2 regime), ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1
 *   (an SGI to other vCPUs: see vgic.h) and the per-vCPU identity the L0 gives L1
 *   (MPIDR_EL1 / VMPIDR_EL2).
 *
 * Hardware access: this header never touches hardware. Shadow values are exchanged as
 * ::nvarm_el1_regs arrays; nvarm_el1_reg_id() and nvarm_sysreg_desc() give each slot's packed
 * encoding (arm/sysreg_enc.h) so an L0 can move them with MRS/MSR.
 */
#ifndef NVARM_SYSREG_H
#define NVARM_SYSREG_H

#include "env.h"
#include "err.h"
#include "types.h"
#include "arm/esr.h"
#include "arm/sysreg_enc.h"
#include "sysreg_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ features */

/** @brief Architecture features L1 sees (runtime, per VM). */
enum nvarm_vm_feature {
	NVARM_VMF_0 = 0,		/**< No feature needed (register-list column value). */
	NVARM_VMF_VHE = 1u << 0,	/**< FEAT_VHE: L1 may set HCR_EL2.E2H=1. */
	NVARM_VMF_E2H0 = 1u << 1,	/**< L1 may run non-VHE (E2H=0); absent: E2H is RES1. */
	NVARM_VMF_SVE = 1u << 2,	/**< FEAT_SVE (ZCR_ELx). */
	NVARM_VMF_FGT = 1u << 3,	/**< FEAT_FGT (HFG*TR_EL2, HDFG*TR_EL2, HAFGRTR_EL2). */
	NVARM_VMF_FGT2 = 1u << 4,	/**< FEAT_FGT2 (HDFG*TR2_EL2). */
	NVARM_VMF_HCRX = 1u << 5,	/**< FEAT_HCX (HCRX_EL2). */
	NVARM_VMF_ECV = 1u << 6,	/**< FEAT_ECV with CNTPOFF_EL2. */
	NVARM_VMF_RAS = 1u << 7,	/**< FEAT_RAS (VSESR_EL2, VDISR_EL2, HCR_EL2.TEA/TERR). */
	NVARM_VMF_VMID16 = 1u << 8,	/**< 16-bit VMIDs. */
	NVARM_VMF_GICV3 = 1u << 9,	/**< GICv3 system registers (ICH_*_EL2). */
	NVARM_VMF_TLBIOS = 1u << 10,	/**< FEAT_TLBIOS: Outer Shareable TLBI forms. */
	NVARM_VMF_TLBIRANGE = 1u << 11, /**< FEAT_TLBIRANGE: range TLBIs (needs TLBIOS). */
	NVARM_VMF_XS = 1u << 12,	/**< FEAT_XS: the nXS TLBI forms (CRn=9). */
	NVARM_VMF_EVT = 1u << 13, /**< FEAT_EVT (ID_AA64MMFR2_EL1.EVT = 2): HCR_EL2.TID4, TICAB,
				       TOCU, TTLBIS, TTLBOS for L1's guest. */
	NVARM_VMF_L1NV =
	    1u << 14, /**< L1 itself sees FEAT_NV (recursive nesting):
			   ID_AA64MMFR2_EL1.NV = 1, HCR_EL2.{NV, NV1, AT} for its guest (NV1
			   RES0 and ID_AA64MMFR4_EL1.E2H0 = 0b1110 without ::NVARM_VMF_E2H0). */
	NVARM_VMF_L1NV2 =
	    1u << 15 /**< L1 itself sees FEAT_NV2 (implies ::NVARM_VMF_L1NV):
			  ID_AA64MMFR2_EL1.NV = 2, HCR_EL2.NV2 and VNCR_EL2. Needs a host
			  with FEAT_NV2 (its guest's VNCR page is backed by hardware). */
	,
	NVARM_VMF_FWB =
	    1u << 16 /**< FEAT_S2FWB: HCR_EL2.FWB for L1's stage 2 (ID_AA64MMFR2_EL1.FWB). The
			  shadow stage-2 combines L1's FWB attributes (nvarm_s2mmu_l1_regs::fwb);
			  exact when L0 runs L2 with HCR_EL2.FWB (nvarm_s2mmu_config::host_fwb). */
	,
	NVARM_VMF_MOPS =
	    1u << 17 /**< FEAT_MOPS (ID_AA64ISAR2_EL1.MOPS): the CPY and SET instructions,
			  HCRX_EL2.MSCEn/MCE2 (needs ::NVARM_VMF_HCRX); L0 runs L1 with the
			  hardware HCRX_EL2.MSCEn set, as EL2 is never disabled by it. */
	,
	NVARM_VMF_NMI = 1u << 18 /**< FEAT_NMI, the PE side (ID_AA64PFR1_EL1.NMI): PSTATE.ALLINT
				    (set on exception entry to vEL2 from SCTLR_EL2.SPINTMASK,
				    restored by ERET from SPSR_EL2.ALLINT), SCTLR_EL2.NMI/SPINTMASK,
				    HCRX_EL2.TALLINT/VINMI/ VFNMI (needs ::NVARM_VMF_HCRX). The
				    GIC's own NMI support (FEAT_GICv3_NMI) is apart: the vGIC offers
				    none (ICH_LR<n>_EL2.NMI and ICH_AP1R0_EL2.NMI are RES0 for L1;
				    the example L0's GICD_TYPER.NMI is 0). */
	,
	NVARM_VMF_CSV2_2 =
	    1u << 19 /**< FEAT_CSV2_2 or FEAT_CSV2_1p2: SCXTNUM_EL2, SCXTNUM_EL1/EL12 (moved through
			  the hardware SCXTNUM_EL1 as the other shadowed EL1 registers),
			  HCR_EL2.EnSCXT for L1's guest. L0 sets its own HCR_EL2.EnSCXT for L1 and
			  for L2 (an enable: nvarm_fwd_hw_traps() ANDs L1's in). Without it L1
			  sees at most FEAT_CSV2_1p1. */
	,
	NVARM_VMF_MTE =
	    1u << 20 /**< FEAT_MTE, the instructions only (ID_AA64PFR1_EL1.MTE = 1, no tag
			  storage: no FEAT_MTE2 controls): PSTATE.TCO, set on exception entry to
			  vEL2 and restored by ERET from SPSR_EL2.TCO. */
	,
	NVARM_VMF_PMU =
	    1u << 21 /**< FEAT_PMUv3 as the host has it, at most FEAT_PMUv3p5
			  (ID_AA64DFR0_EL1.PMUVer, HPMN0): L1 uses the hardware PMU directly
			  (MDCR_EL2.HPMN = PMCR_EL0.N while it runs, as EL2 sees every counter),
			  its MDCR_EL2 TPM/TPMCR/HPME/HPMN/HPMD (HCCD/HLP with PMUv3p5) are stored
			  and apply to L2 (nvarm_fwd_hw_traps(), nvarm_pmu_hw_filter()). Without
			  it L1 sees no PMU, and nvarm_vm_config::l0_mdcr traps its registers. */
	,
	NVARM_VMF_SME = 1u << 22 /**< FEAT_SME as the host has it (ID_AA64PFR1_EL1.SME,
				    ID_AA64SMFR0_EL1): SMCR_EL2, SMCR_EL1/EL12 (moved through the
				    hardware SMCR_EL1 as ZCR), SMPRIMAP_EL2 (all RES0, as
				    HCRX_EL2.SMPME: no streaming priorities, SMIDR_EL1.SMPS 0),
				    CPTR_EL2.TSM/SMEN, CPACR_EL1.SMEN; L2's streaming vector length
				    bounded by L1's SMCR_EL2 (nvarm_shadow_smcr_hw()). */
};

/** @brief How L0's hardware runs L1 in virtual EL2. */
enum nvarm_host_nv {
	NVARM_HOST_NV = 1, /**< FEAT_NV only: every EL2 access traps. */
	NVARM_HOST_NV2 = 2 /**< FEAT_NV2: most EL2 accesses go to the VNCR_EL2 page. */
};

/** @brief Raw ID register values of the host CPU (read by L0 from hardware). */
struct nvarm_id_regs {
	uint64_t midr;	/**< MIDR_EL1. */
	uint64_t pfr0;	/**< ID_AA64PFR0_EL1. */
	uint64_t pfr1;	/**< ID_AA64PFR1_EL1. */
	uint64_t dfr0;	/**< ID_AA64DFR0_EL1. */
	uint64_t isar0; /**< ID_AA64ISAR0_EL1. */
	uint64_t isar1; /**< ID_AA64ISAR1_EL1. */
	uint64_t mmfr0; /**< ID_AA64MMFR0_EL1. */
	uint64_t mmfr1; /**< ID_AA64MMFR1_EL1. */
	uint64_t mmfr2; /**< ID_AA64MMFR2_EL1. */
	uint64_t mmfr4; /**< ID_AA64MMFR4_EL1. */
	uint64_t isar2; /**< ID_AA64ISAR2_EL1 (0 on a host without it). */
	uint64_t mmfr3; /**< ID_AA64MMFR3_EL1 (0 on a host without it). */
	uint64_t zfr0;	/**< ID_AA64ZFR0_EL1 (0 on a host without FEAT_SVE). */
	uint64_t smfr0; /**< ID_AA64SMFR0_EL1 (0 on a host without FEAT_SME). */
};

/** @brief What the embedder asks for a VM (intersected with the host by nvarm_vm_config_init()). */
struct nvarm_vm_request {
	uint32_t features;	    /**< Wanted ::nvarm_vm_feature flags. */
	enum nvarm_host_nv host_nv; /**< How L0 runs L1. */
	uint8_t pa_range;	    /**< Wanted ID_AA64MMFR0_EL1.PARange encoding (0-6). */
	uint8_t granules;	    /**< Wanted ::nvarm_granule flags. */
	uint8_t gic_lrs;	    /**< List registers L1 sees (1-16; ignored without GICV3). */
};

/** @brief The effective per-VM configuration. Read-only after init; shareable between vCPUs. */
struct nvarm_vm_config {
	uint32_t features;	    /**< Effective ::nvarm_vm_feature flags (request ∩ host). */
	enum nvarm_host_nv host_nv; /**< How L0 runs L1. */
	uint8_t pa_range;	    /**< Effective PARange encoding. */
	uint8_t granules;	    /**< Effective ::nvarm_granule flags. */
	uint8_t gic_lrs;	    /**< List registers L1 sees (0 without GICv3). */
	uint8_t hidden_fp;	    /**< FP-class features the host has and L1 does not (bit 0
					 SVE, bit 1 SME): nvarm_shadow_cptr_hidden(). */
	struct nvarm_id_regs id;    /**< Sanitised ID register values L1 reads. */
	/**
	 * MDCR_EL2 trap controls an L0 keeps set while the VM runs, in L1 and in its guests
	 * (ORed into the MDCR_EL2 it runs them with): TPM and TPMCR when the host has a PMU the
	 * VM is not given, TPMS when it has SPE, TTRF when it has the self-hosted trace filter.
	 * The registers of a hidden feature then trap to the L0, where nvarm finds the VM
	 * without the feature: UNDEFINED, as on a CPU that lacks it (DDI 0487 D24.3: "if
	 * !IsFeatureImplemented(...) then UNDEFINED"). (MDCR_EL2.E2PB and E2TB trap the SPE and
	 * trace buffer registers at 0b00, their reset value: an L0 leaves them 0.)
	 */
	uint64_t l0_mdcr;
};

/**
 * @brief Build a VM configuration: request ∩ host, and the sanitised ID registers.
 * @param cfg  Receives the configuration.
 * @param host Raw host ID registers.
 * @param req  What the VM should see. Features the host lacks are dropped silently; the
 *             result is in cfg->features.
 * @return 0; ::NVARM_ERR_INVAL on NULL pointers, pa_range > 6, no granule left, gic_lrs out of
 *         range with GICV3, or neither VHE nor E2H0 left; ::NVARM_ERR_UNSUPPORTED when the host
 *         lacks the requested host_nv mode. ::NVARM_VMF_L1NV2 implies ::NVARM_VMF_L1NV; it is
 *         dropped (like any feature the host lacks) when the host has no FEAT_NV2.
 *         ::NVARM_VMF_SVE is dropped for ::NVARM_HOST_NV with ::NVARM_VMF_E2H0: a non-VHE
 *         L1's ZCR_EL1 accesses would reach the hardware ZCR_EL1 holding its own vZCR_EL2,
 *         and only CPTR_EL2.TZ, which traps every SVE instruction, could stop them.
 *         ::NVARM_VMF_SME likewise (SMCR_EL1 and CPTR_EL2.TSM).
 */
int nvarm_vm_config_init(struct nvarm_vm_config *cfg, const struct nvarm_id_regs *host,
			 const struct nvarm_vm_request *req);

/* ------------------------------------------------------------ the database */

/** @brief Register ids: the index of each line of ::NVARM_SYSREG_LIST (sorted by encoding). */
enum nvarm_sysreg_id {
/** @cond NVARM_INTERNAL */
#define NVARM_X_(name, op0, op1, crn, crm, op2, vncr, link, feat, flags) NVARM_SR_##name,
	NVARM_SYSREG_LIST(NVARM_X_)
#undef NVARM_X_
	/** @endcond */
	NVARM_SR__COUNT,       /**< Number of registers in the database. */
	NVARM_SR_NONE = 0xffff /**< "No register". */
};

/** @brief One register database entry. */
struct nvarm_sysreg_desc {
	const char *name; /**< Architectural name, e.g. "HCR_EL2" (TLBI/AT/DC/IC with '_'). */
	uint32_t enc;	  /**< Packed encoding (NVARM_SYSREG_ENC). */
	uint16_t vncr;	  /**< VNCR_EL2 page byte offset, or NVARM_VNCR_NONE. */
	uint16_t link;	  /**< Alias target / E2H redirect target (see sysreg_regs.h), or NONE. */
	uint32_t feat;	  /**< ::nvarm_vm_feature flags required. */
	uint32_t flags;	  /**< NVARM_SRF_* flags (TLBI lines: kind in [18:16]). */
	uint8_t cls;	  /**< ::nvarm_trap_class of a trapped access. */
};

/**
 * @brief The database entry of a register id.
 * @param id A ::nvarm_sysreg_id.
 * @return The entry, or NULL when @p id is out of range.
 */
const struct nvarm_sysreg_desc *nvarm_sysreg_desc(unsigned id);

/**
 * @brief Find a register by packed encoding (O(1): a two-level index generated with the list by
 *        tools/gen-sysreg.py, checked against the list by the unit tests).
 * @param enc Packed encoding; bits outside NVARM_SYSREG_ENC_MASK are ignored.
 * @return The ::nvarm_sysreg_id, or ::NVARM_SR_NONE when the encoding is not in the database.
 */
unsigned nvarm_sysreg_lookup(uint32_t enc);

/**
 * @brief Check the database: strictly ascending encodings (hence no duplicates), encodings
 *        within the mask, no two VNCR offsets overlapping, offsets 8-byte aligned and inside the
 *        page, links pointing at registers of the right kind.
 * @param bad Optional: receives the id of the first offending entry.
 * @return 0; ::NVARM_ERR_STATE when a check fails.
 */
int nvarm_sysreg_table_check(unsigned *bad);

/* ------------------------------------------------------------ trap decoding */

/** @brief What kind of exception an ESR describes. */
enum nvarm_trap_kind {
	NVARM_TRAP_SYSREG = 1, /**< EC 0x18: MSR/MRS/SYS/SYSL. */
	NVARM_TRAP_ERET,       /**< EC 0x1A: ERET/ERETAA/ERETAB. */
	NVARM_TRAP_HVC,	       /**< EC 0x16. */
	NVARM_TRAP_SMC,	       /**< EC 0x17. */
	NVARM_TRAP_WFX,	       /**< EC 0x01. */
	NVARM_TRAP_FPSIMD,     /**< EC 0x07. */
	NVARM_TRAP_SVE,	       /**< EC 0x19. */
	NVARM_TRAP_SME,	       /**< EC 0x1D. */
	NVARM_TRAP_DABT,       /**< EC 0x24/0x25. */
	NVARM_TRAP_IABT,       /**< EC 0x20/0x21. */
	NVARM_TRAP_OTHER /**< Any other allocated EC (fields other than ec/iss not decoded). */
};

/**
 * @brief Short name of a ::nvarm_trap_kind value, e.g. "sysreg" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_trap_kind_name(unsigned v);

/** @brief How nvarm classifies a trap (what the L0 should do with it). */
enum nvarm_trap_class {
	NVARM_TC_UNDEF = 0, /**< Not a register/instruction L1 may use: inject UNDEFINED. */
	NVARM_TC_SYSREG,    /**< vEL2 register-file access: nvarm_sysreg_emulate(). */
	NVARM_TC_ID,	    /**< ID register read: sanitised value (nvarm_sysreg_emulate()). */
	NVARM_TC_GIC,	    /**< GIC system register (file-backed or vGIC-computed). */
	NVARM_TC_TIMER,	    /**< Generic timer register (file-backed or vtimer-computed). */
	NVARM_TC_TLBI,	    /**< TLB maintenance: shadow stage-2 / TLB subsystem. */
	NVARM_TC_AT,	    /**< Address translation instruction. */
	NVARM_TC_CMO,	    /**< Cache maintenance instruction. */
	NVARM_TC_HW,	    /**< A register that is always hardware (should not trap). */
	NVARM_TC_ERET,	    /**< ERET from vEL2: nvarm_vel2_eret(). */
	NVARM_TC_HVC,	    /**< HVC. */
	NVARM_TC_SMC,	    /**< SMC. */
	NVARM_TC_WFX,	    /**< WFI/WFE/WFIT/WFET. */
	NVARM_TC_FP,	    /**< FP/SIMD, SVE or SME access trap. */
	NVARM_TC_VNCR_ABT,  /**< Data abort on the VNCR_EL2 page (FEAT_NV2). */
	NVARM_TC_ABORT,	    /**< Other instruction/data abort (stage-2 handling). */
	NVARM_TC_OTHER,	    /**< Other exception class. */
	NVARM_TC__COUNT	    /**< Number of classes. */
};

/** @brief A decoded ESR_EL2. Fields not listed for a kind are zero. */
struct nvarm_trap {
	uint32_t iss; /**< ESR ISS [24:0]. */
	uint32_t enc; /**< SYSREG: packed encoding (NVARM_SYSREG_ENC). */
	uint16_t reg; /**< SYSREG: ::nvarm_sysreg_id, or ::NVARM_SR_NONE when unknown. */
	uint16_t imm; /**< HVC/SMC: imm16. */
	uint8_t ec;   /**< Exception class. */
	enum nvarm_trap_kind kind; /**< What trapped. */
	enum nvarm_trap_class cls; /**< Which owner serves it (system registers). */
	uint8_t rt;	 /**< SYSREG: Rt; WFxT: Rt; DABT with ISV: SRT (31 = XZR/SP per insn). */
	uint8_t is_read; /**< SYSREG: MRS/SYSL; DABT: WnR clear. */
	uint8_t sub;	 /**< WFX: TI (0 WFI, 1 WFE, 2 WFIT, 3 WFET); ERET: 0 ERET, 1 ERETAA,
			      2 ERETAB; SME: SMTC; aborts: FSC. */
	uint8_t il;	 /**< ESR.IL. */
	uint8_t flags;	 /**< NVARM_TRAPF_* flags. */
};

/** @name nvarm_trap::flags */
/**@{*/
#define NVARM_TRAPF_ISV	  0x01u /**< DABT: SAS/SSE/SRT/SF/AR valid. */
#define NVARM_TRAPF_VNCR  0x02u /**< DABT: the fault is on the VNCR_EL2 page. */
#define NVARM_TRAPF_FNV	  0x04u /**< Aborts: FAR not valid. */
#define NVARM_TRAPF_S1PTW 0x08u /**< Aborts: stage-2 fault on a stage-1 walk. */
#define NVARM_TRAPF_RV	  0x10u /**< WFX: Rt valid (WFIT/WFET). */
/**@}*/

/**
 * @brief Decode and classify an ESR_EL2 value. Pure, bounded, no side effects.
 *
 * Covered in detail: EC 0x18 (register lookup), 0x1A, 0x16, 0x17, 0x01, 0x07, 0x19, 0x1D,
 * 0x20/0x21, 0x24/0x25 (VNCR flag). Other allocated ECs decode as ::NVARM_TRAP_OTHER.
 * @param esr The 64-bit ESR_EL2.
 * @param out Receives the decoded trap (always fully written, also on error).
 * @return 0; ::NVARM_ERR_BAD_ENCODING for a reserved EC, a non-zero RES0 ISS/ISS2 field, a
 *         reserved ERET/fault-status encoding or IL=0 on an AArch64-only class.
 */
int nvarm_trap_decode(uint64_t esr, struct nvarm_trap *out);

/**
 * @brief Short name of a trap class (for logs and the nvarm-esr tool).
 * @param cls A ::nvarm_trap_class.
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_trap_class_name(unsigned cls);

/**
 * @brief Short name of an exception class, e.g. "SYS64".
 * @param ec ESR.EC (0-63).
 * @return A static string; "reserved" for unallocated ECs. Never NULL.
 */
const char *nvarm_ec_name(unsigned ec);

/** @brief What a fault status code (ESR DFSC/IFSC, nvarm_trap::sub of an abort) reports. */
enum nvarm_fsc_kind {
	NVARM_FSC_KIND_RESERVED = 0, /**< Not an allocated code (nvarm_trap_decode() refuses it). */
	NVARM_FSC_KIND_ADDR_SIZE,    /**< Address size fault (level -1..3). */
	NVARM_FSC_KIND_TRANSLATION,  /**< Translation fault (level -1..3). */
	NVARM_FSC_KIND_ACCESS,	     /**< Access flag fault (level 0..3). */
	NVARM_FSC_KIND_PERMISSION,   /**< Permission fault (level 0..3). */
	NVARM_FSC_KIND_SEA,	     /**< Synchronous External abort, not on a table walk. */
	NVARM_FSC_KIND_TAG_CHECK,    /**< Synchronous Tag Check fault (FEAT_MTE2). */
	NVARM_FSC_KIND_SEA_WALK,     /**< Synchronous External abort on a table walk (-1..3). */
	NVARM_FSC_KIND_ECC,	     /**< Synchronous parity/ECC error, not on a table walk. */
	NVARM_FSC_KIND_ECC_WALK,     /**< Synchronous parity/ECC error on a table walk (-1..3). */
	NVARM_FSC_KIND_ALIGNMENT,    /**< Alignment fault. */
	NVARM_FSC_KIND_GPF_WALK,     /**< Granule Protection Fault on a table walk (-1..3). */
	NVARM_FSC_KIND_GPF,	     /**< Granule Protection Fault, not on a table walk. */
	NVARM_FSC_KIND_TLB_CONFLICT, /**< TLB conflict abort. */
	NVARM_FSC_KIND_ATOMIC_UPDATE,	 /**< Unsupported atomic hardware update fault. */
	NVARM_FSC_KIND_IMPDEF_LOCKDOWN,	 /**< IMPLEMENTATION DEFINED fault (Lockdown). */
	NVARM_FSC_KIND_IMPDEF_EXCLUSIVE, /**< IMPLEMENTATION DEFINED fault (Unsupported Exclusive
					      or Atomic access). */
	NVARM_FSC_KIND__COUNT		 /**< Number of kinds. */
};

/** @brief nvarm_fsc_decode() level of a code that has none. */
#define NVARM_FSC_NO_LEVEL 127

/**
 * @brief Kind and translation level of a fault status code (ESR_ELx.DFSC/IFSC, 6 bits).
 * @param fsc The code (bits above 5 are ignored).
 * @param level Receives the lookup level (-1..3) or ::NVARM_FSC_NO_LEVEL; may be NULL.
 * @return The ::nvarm_fsc_kind (::NVARM_FSC_KIND_RESERVED, 0, for an unallocated code).
 */
int nvarm_fsc_decode(unsigned fsc, int *level);

/**
 * @brief Short name of a fault status kind, e.g. "translation".
 * @param kind A ::nvarm_fsc_kind.
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_fsc_kind_name(unsigned kind);

/* ------------------------------------------------------------ vEL2 register file */

/** @brief Bytes of the VNCR page each vCPU provides (it must also be aligned to this). */
#define NVARM_VNCR_PAGE_SIZE 4096u

/** @brief Private: room for the registers that have RES0/RES1 rules (struct nvarm_vel2). */
#define NVARM_VEL2_MASKED_MAX 48
/** @brief Private: room for the hardware EL1 registers of the shadow (struct nvarm_vel2). */
#define NVARM_VEL2_SHADOW_MAX 32
/** @brief Private: VNCR page words of registers of features a VM lacks, listed for the
 *  quick check (more fall back to the bitmap alone). */
#define NVARM_VEL2_HIDDEN_WORDS 40
/** @brief Private: room for L1's trap controls nvarm_fwd_vstate_from_vel2() reads (struct
 *  nvarm_vel2; at least NVARM_FWD_NR_VREGS of nvarm/forward.h). */
#define NVARM_VEL2_FWD_MAX 16

/**
 * @brief Per-vCPU virtual-EL2 state. Allocate it yourself and call nvarm_vel2_init().
 *
 * The fields are private to the library (they are visible only so that the caller can
 * allocate the structure).
 */
struct nvarm_vel2 {
	uint64_t *vncr;			   /**< Private: the VNCR page (caller memory). */
	const struct nvarm_vm_config *cfg; /**< Private: the VM configuration. */
	uint64_t regs[NVARM_SR__COUNT];	   /**< Private: registers kept outside the page. */
	uint8_t
	    mask_first[NVARM_SR__COUNT]; /**< Private: each register's first RES0/RES1 rule + 1. */
	uint8_t masks_indexed;	 /**< Private: mask_first and the mask_* slots are filled (init). */
	uint8_t san_valid;	 /**< Private: san[] holds the page after the last sanitise. */
	uint8_t san_vhe;	 /**< Private: the effective E2H san[] was sanitised with. */
	uint8_t mask_count;	 /**< Private: slots used in the mask_* arrays. */
	uint8_t mask_count_vncr; /**< Private: the first slots, of registers in the VNCR page. */
	uint8_t mask_slot[NVARM_SR__COUNT]; /**< Private: each register's mask slot + 1 (or 0). */
	uint16_t mask_vncr[NVARM_VEL2_MASKED_MAX]; /**< Private: its VNCR offset / 8, or 0xffff. */
	/** Private: each slot's RES0 and RES1 bits, for E2H = 0 and E2H = 1. */
	uint64_t mask_res[2][2][NVARM_VEL2_MASKED_MAX];
	/** Private: each slot's VNCR page value after the last nvarm_vel2_sanitise(). */
	uint64_t san[NVARM_VEL2_MASKED_MAX];
	/** Private: per shadow layout (non-VHE, VHE), the EL1 registers some row writes. */
	uint32_t shadow_idx[2];
	/** Private: per layout, the EL1 registers whose rows copy fields in place or set bits. */
	uint32_t shadow_simple[2];
	/** Private: for those, per layout and EL1 register, the bits copied in place... */
	uint64_t shadow_keep[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: ...and the constant bits set. */
	uint64_t shadow_set[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: per layout and EL1 register, its shadow rows [first, end) (init). */
	uint8_t shadow_run[2][NVARM_VEL2_SHADOW_MAX][2];
	/** Private: per layout and EL1 register, where its EL2 register is stored (init): VNCR
	 *  page word | 0x8000, regs[] index, or 0xffff for none. */
	uint16_t shadow_src[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: where each EL1 register of the vEL1 context is stored (init), as above. */
	uint16_t vel1_src[NVARM_VEL2_SHADOW_MAX];
	uint8_t shadow_indexed;	 /**< Private: shadow_idx and shadow_run are filled (init). */
	uint8_t fwd_feats_valid; /**< Private: fwd_feats is filled (init). */
	/** Private: every fwd_src word is its register's own slot (init: none without one). */
	uint8_t fwd_direct;
	/** Private: nvarm_fwd_vstate_from_vel2()'s feature bits, from the configuration (init). */
	uint64_t fwd_feats;
	/** Private: per layout, the EL1 registers whose shadow_mout is the rows' value for the
	 *  EL2 value in shadow_msrc (nvarm_shadow_vel2_load_memo()). */
	uint32_t shadow_mvalid[2];
	/** Private: per layout and EL1 register, the EL2 value last translated by rows... */
	uint64_t shadow_msrc[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: ...and the EL1 value the rows gave for it. */
	uint64_t shadow_mout[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: the world switch's tables (init): per layout and EL1 register, the word
	 *  its vEL2 value is computed from (a constant 0 for none)... */
	const uint64_t *sw_src[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: ...and, the bits of that word kept (0 for sw_rows)... */
	uint64_t sw_keep[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: ...and the bits set; for the others (sw_rows), keep is 0 and set is the
	 *  rows' value for the word's value in sw_msrc, plus sw_xset. */
	uint64_t sw_set[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: per layout and EL1 register of sw_rows, the bits set after the rows... */
	uint64_t sw_xset[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: ...and the word's value sw_set was computed for (valid: sw_mvalid). */
	uint64_t sw_msrc[2][NVARM_VEL2_SHADOW_MAX];
	/** Private: per layout, the EL1 registers that rows translate field by field. */
	uint32_t sw_rows[2];
	/** Private: per layout, the registers of sw_rows whose sw_set matches sw_msrc. */
	uint32_t sw_mvalid[2];
	/** Private: per EL1 register, the word of L1's virtual EL1 register (vEL1 context). */
	const uint64_t *sw_vel1[NVARM_VEL2_SHADOW_MAX];
	/** Private: the EL1 registers of the vEL1 context that have no storage. */
	uint32_t sw_vel1_none;
	/** Private: the EL1 registers a load gives for this VM's features, of the vEL1
	 *  context [0] and of the vEL2 shadow [1] (init: valid with the sw_* pointers). */
	uint32_t sw_valid[2];
	/** Private: the structure, VNCR page and configuration the sw_* pointers were made
	 *  for (a copied structure falls back to the index by slot code). */
	const struct nvarm_vel2 *sw_self;
	const uint64_t *sw_vncr;	      /**< Private: see sw_self. */
	const struct nvarm_vm_config *sw_cfg; /**< Private: see sw_self. */
	/** Private: per enum nvarm_fwd_vreg, the word nvarm_fwd_vstate_from_vel2() reads (init;
	 *  a constant 0 for none; NULL before init, valid as the sw_* pointers, see sw_self). */
	const uint64_t *fwd_src[NVARM_VEL2_FWD_MAX];
	/** Private: the VNCR page words of registers of features this VM is not given, one bit
	 *  per word (init); nvarm_vel2_sanitise() zeroes them. */
	uint64_t hidden[NVARM_VNCR_PAGE_SIZE / 8 / 64];
	/** Private: the same words as a list (init)... */
	uint16_t hidden_word[NVARM_VEL2_HIDDEN_WORDS];
	/** Private: ...how many; above NVARM_VEL2_HIDDEN_WORDS: only the bitmap holds them. */
	uint8_t hidden_nwords;
};

/**
 * @brief Initialise a vCPU's vEL2 state: zero the page and registers, then apply each register's
 *        RES1 bits (HCR_EL2.RW, E2H when the VM is VHE-only, VTCR_EL2[31], ...).
 * @param v    The state to initialise.
 * @param cfg  The VM configuration (kept by pointer; must outlive @p v and not change: what
 *             derives from it, the RES0/RES1 masks and the forwarding features, is computed
 *             here once).
 * @param vncr_page A 4 KiB, 4 KiB-aligned page (NVARM_VNCR_PAGE_SIZE).
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers or a misaligned page.
 */
int nvarm_vel2_init(struct nvarm_vel2 *v, const struct nvarm_vm_config *cfg, void *vncr_page);

/**
 * @brief Read a register of the vEL2 file by id (no access checks; aliases resolved).
 * @param v   The vEL2 state.
 * @param id  A ::nvarm_sysreg_id; EL12/EL02 accessor read the EL1/EL0 register they name; ID
 *            registers read the sanitised value.
 * @param val Receives the value.
 * @return 0; ::NVARM_ERR_INVAL for an id out of range or NULL; ::NVARM_ERR_NOENT for a register
 *         with no storage here (instructions, hardware-only and computed registers).
 */
int nvarm_vel2_read(const struct nvarm_vel2 *v, unsigned id, uint64_t *val);

/**
 * @brief Where the vEL2 file stores register @p id: the word nvarm_vel2_read() reads it from
 *        (aliases resolved), for a caller that reads the same registers on every world switch
 *        (a pointer kept, or asked again, instead of nvarm_vel2_read()'s checks and ID lookup).
 *
 * The word is a VNCR page word for the registers the page holds (under FEAT_NV2 L1 stores there
 * without trapping: the value read is the raw one, as nvarm_vel2_read()'s), the file's own
 * otherwise. It stays where it is while @p v and its page do; read it only: writes go through
 * nvarm_vel2_write() (masks, the shadow's memo keys on values and sees any write anyway).
 * @param v  The vEL2 state.
 * @param id A ::nvarm_sysreg_id.
 * @return The word; NULL for NULL @p v, an id out of range, ID registers (computed from the VM
 *         configuration: nvarm_vel2_read()) and registers without storage here.
 */
const uint64_t *nvarm_vel2_reg_word(const struct nvarm_vel2 *v, unsigned id);

/**
 * @brief Write a register of the vEL2 file by id, applying its RES0/RES1 masks (which depend on
 *        the VM features and, for some registers, on the current virtual HCR_EL2.E2H).
 * @param v   The vEL2 state.
 * @param id  A ::nvarm_sysreg_id (aliases resolved as for nvarm_vel2_read()).
 * @param val The value to write.
 * @return 0; ::NVARM_ERR_INVAL / ::NVARM_ERR_NOENT as for nvarm_vel2_read(); ::NVARM_ERR_RANGE
 *         for a read-only register.
 */
int nvarm_vel2_write(struct nvarm_vel2 *v, unsigned id, uint64_t val);

/**
 * @brief Re-apply RES0/RES1 masks to every register held in the VNCR page.
 *
 * With FEAT_NV2, L1's MSRs to VNCR-backed registers (HCR_EL2, VTTBR_EL2, the vEL1 registers...)
 * are plain memory stores that bypass nvarm. Call this after L1 ran on an NV2 host and before
 * using the file (emulation, shadow, inject/ERET), so guest-written reserved bits never reach
 * L0's decisions. The page words of registers the VM lacks (HCRX_EL2 without
 * ::NVARM_VMF_HCRX, CNTPOFF_EL2 without ::NVARM_VMF_ECV, VSESR/VDISR_EL2 without
 * ::NVARM_VMF_RAS, VNCR_EL2 without ::NVARM_VMF_L1NV2, the FGT registers without FGT...; an
 * NV2 PE that has the feature turns L1's MRS/MSR of them into page accesses, which no trap
 * control can make UNDEFINED) are zeroed: what L1 stored there reaches nothing.
 * @param v The vEL2 state.
 * @return The number of registers whose value changed (>= 0); ::NVARM_ERR_INVAL when @p v is
 *         NULL.
 */
int nvarm_vel2_sanitise(struct nvarm_vel2 *v);

/**
 * @brief The RES0 and RES1 masks a register has for this vCPU right now.
 * @param v    The vEL2 state.
 * @param id   A ::nvarm_sysreg_id (not an alias).
 * @param res0 Receives the bits that read as zero.
 * @param res1 Receives the bits that read as one.
 * @return 0; ::NVARM_ERR_INVAL for a bad id or NULL pointer.
 */
int nvarm_vel2_masks(const struct nvarm_vel2 *v, unsigned id, uint64_t *res0, uint64_t *res1);

/**
 * @brief Is the Effective value of virtual HCR_EL2.E2H 1 (L1 runs as a VHE hypervisor)?
 *
 * Without ::NVARM_VMF_VHE E2H is RES0 (false); without ::NVARM_VMF_E2H0 it is RES1 (true),
 * whatever L1 stored in the VNCR page under FEAT_NV2; otherwise the stored bit.
 * @param v The vEL2 state.
 * @return true when E2H is effectively 1; false for NULL.
 */
bool nvarm_vel2_is_vhe(const struct nvarm_vel2 *v);

/**
 * @brief Outcome of emulating one trapped access: the one result type of every owner of a
 *        register (nvarm_sysreg_emulate(), nvarm_vgic_emulate(), nvarm_vtimer_emulate();
 *        non-negative return values, errors are negative ::nvarm_err). An L0 asks the owners
 *        in turn until one says something other than ::NVARM_EMUL_NOT_MINE.
 */
enum nvarm_emul {
	NVARM_EMUL_OK = 0,	 /**< Done: for a read, *gpr holds the value; advance the PC. */
	NVARM_EMUL_RELOAD = 1,	 /**< Done, and the hardware EL1 shadow of vEL2 is now stale:
				      the write changed the stored value of a field some shadow
				      row carries (in either layout), or changed HCR_EL2.E2H (the
				      only HCR_EL2 bit nvarm_vel2_is_vhe(), nvarm_shadow_hcr_bits()
				      and nvarm_shadow_cptr_bits() read). Recompute the shadow
				      (nvarm_shadow_vel2_load()) and the nesting bits. A write
				      that stores the same value, or changes only other HCR_EL2
				      bits (TGE, VM, IMO...), returns ::NVARM_EMUL_OK. */
	NVARM_EMUL_NOT_MINE = 2, /**< Not this owner's (TLBI/AT/DC/IC, computed GIC/timer
				      registers, MPIDR, hardware registers): the owner of
				      trap->cls does it. */
	NVARM_EMUL_FORWARD = 2,	 /**< The former name of ::NVARM_EMUL_NOT_MINE. */
	NVARM_EMUL_UNDEF = 3,	 /**< The access is UNDEFINED for the guest that made it: an
				      Unknown-reason exception (EC 0) where it was made. */
	NVARM_EMUL_TO_L1 =
	    4,		   /**< An access of L2 that L1's own controls trap: a synchronous
			       exception into L1's vEL2 with the trap's ESR (nvarm_vel2_inject());
			       e.g. a timer register under L1's CNTHCTL_EL2. */
	NVARM_EMUL_EXC = 5 /**< L1's access at vEL2 takes a synchronous exception to vEL2 at
			    the instruction, as natively at EL2: an SVE register (ZCR_EL2,
			    ZCR_EL12) or an SME one (SMCR_EL2, SMCR_EL12) under L1's own
			    CPTR_EL2 (nvarm_vel2_exc_esr() gives the syndrome). */
};

/**
 * @brief Short name of a ::nvarm_emul value, e.g. "reload" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_emul_name(unsigned v);

/**
 * @brief Emulate an MRS/MSR that L1 executed in virtual EL2 and that trapped to L0.
 *
 * Applies the E2H rules: with virtual HCR_EL2.E2H=1 an EL1/EL0 name (SCTLR_EL1, CNTV_CTL_EL0...)
 * accesses its EL2 counterpart and EL12/EL02 accessor access the EL1/EL0 register; with E2H=0 the
 * EL12/EL02 accessor names are UNDEFINED. Reads of the ID space (op0=3, op1=0, CRn=0,
 * CRm=1..7) that the database does not hold return 0 (RAZ; nvarm_trap_decode() classes them
 * ::NVARM_TC_ID). The register file must be current: if the L0 keeps L1's
 * vEL2 state live in the hardware EL1 registers, it calls nvarm_shadow_vel2_save() first.
 * @param v   The vEL2 state.
 * @param t   A trap decoded by nvarm_trap_decode() with kind ::NVARM_TRAP_SYSREG.
 * @param gpr In: the value of X[Rt] for a write (ignored when Rt=31: XZR reads as 0).
 *            Out: the value read for a read (not written when Rt=31).
 * @return A ::nvarm_emul value; ::NVARM_ERR_INVAL for NULL pointers or a trap of another kind.
 */
int nvarm_sysreg_emulate(struct nvarm_vel2 *v, const struct nvarm_trap *t, uint64_t *gpr);

/**
 * @brief Emulate a trapped access to a register that is RES0 for the VM (::NVARM_SRF_ZERO).
 *
 * Those are FEAT_RAS's error-record registers (ERRIDR_EL1, ERRSELR_EL1, ERX*_EL1): the VM has
 * no error records (ERRIDR_EL1.NUM = 0) and takes the IMPLEMENTATION DEFINED choice that makes
 * ERRSELR_EL1 and the ERX* registers RES0 (DDI 0487 D24.2 ERRSELR_EL1), so that the host's own
 * records never reach a guest: an L0 traps them (HCR_EL2.TERR, and FIEN = 0 for the
 * FEAT_RASv1p1 fault-injection ones) while L1 and L2 run. nvarm_sysreg_emulate() calls this for
 * L1's accesses; an L0 calls it for an L2 access that nvarm_fwd_route() leaves to it
 * (::NVARM_FWD_HANDLE_IN_L0: L1 did not ask for the trap). The same model at every EL.
 * @param v   The vEL2 state (its VM's features).
 * @param t   A decoded ::NVARM_TRAP_SYSREG trap.
 * @param gpr Out: 0 for a read (not written when Rt=31).
 * @return ::NVARM_EMUL_OK, ::NVARM_EMUL_UNDEF (the VM lacks the register's feature, or an MSR
 *         to a read-only one), ::NVARM_ERR_NOENT when @p t is no such register,
 *         ::NVARM_ERR_INVAL for NULL pointers or a trap of another kind.
 */
int nvarm_sysreg_zero_access(const struct nvarm_vel2 *v, const struct nvarm_trap *t, uint64_t *gpr);

/**
 * @brief The syndrome L1's own CPTR_EL2 gives an access at vEL2 to an SVE register (ZCR_EL2,
 *        ZCR_EL1 with E2H=1, ZCR_EL12): ::NVARM_EMUL_EXC of nvarm_sysreg_emulate().
 *
 * DDI 0487 D24.2 ZCR_EL2 at EL2: with E2H=0 CPTR_EL2.TZ traps it (EC 0x19), else TFP (EC 0x07);
 * with E2H=1 ZEN = 0b00/0b10, else FPEN = 0b00/0b10. (L1's instructions at vEL2 need no such
 * help: the vEL2 shadow turns these controls into CPACR_EL1 enables.) The vEL2 file's
 * CPTR_EL2 must be current (nvarm_shadow_vel2_sources() names it for ZCR_EL2).
 * @param v The vEL2 state.
 * @return The ESR_EL2 (IL set), or 0 when neither control traps, the VM has no SVE or @p v is
 *         NULL.
 */
uint64_t nvarm_vel2_sve_trap_esr(const struct nvarm_vel2 *v);

/**
 * @brief The syndrome L1's own CPTR_EL2 gives an access at vEL2 to an SME register (SMCR_EL2,
 *        SMCR_EL1 with E2H=1, SMCR_EL12): ::NVARM_EMUL_EXC of nvarm_sysreg_emulate().
 *
 * DDI 0487 D24.2 SMCR_EL2 at EL2: with E2H=0 CPTR_EL2.TSM traps it, with E2H=1 SMEN = 0b00/0b10,
 * EC 0x1D with SMTC 0 (an SME access trap); unlike ZCR_EL2 no FP control is checked. The vEL2
 * file's CPTR_EL2 must be current (nvarm_shadow_vel2_sources() names it for SMCR_EL2).
 * @param v The vEL2 state.
 * @return The ESR_EL2 (IL set), or 0 when the control does not trap, the VM has no SME or @p v
 *         is NULL.
 */
uint64_t nvarm_vel2_sme_trap_esr(const struct nvarm_vel2 *v);

/**
 * @brief The syndrome of ::NVARM_EMUL_EXC for the register @p reg (an ::nvarm_sysreg_id) L1
 *        accessed at vEL2: nvarm_vel2_sve_trap_esr() for an SVE register,
 *        nvarm_vel2_sme_trap_esr() for an SME one.
 * @param v   The vEL2 state.
 * @param reg The register of the trapped access (nvarm_trap::reg).
 * @return The ESR_EL2, or 0 when the access takes no such exception.
 */
uint64_t nvarm_vel2_exc_esr(const struct nvarm_vel2 *v, unsigned reg);

/**
 * @brief A trapped MRS/MSR of a plain register of the vEL2 file, decoded for the lean path
 *        (nvarm_sysreg_plain_decode(), nvarm_sysreg_plain_emulate()).
 *
 * Plain: a register of the file (present by the VM's features) whose access is its own
 * storage and nothing else: no alias or E2H redirection, not computed, not an ID, GIC,
 * timer, hardware-only register or instruction; for an MSR, not read-only. E.g. SCTLR_EL2,
 * VBAR_EL2, TPIDR_EL2, HCR_EL2.
 */
struct nvarm_sysreg_plain {
	uint64_t *slot;	 /**< Private: the register's storage in the file. */
	uint16_t reg;	 /**< The register (::nvarm_sysreg_id). */
	uint8_t rt;	 /**< Rt (31: XZR). */
	uint8_t is_read; /**< 1: MRS; 0: MSR. */
};

/**
 * @brief Decode an ESR_EL2 as an MRS/MSR of a plain vEL2 file register (the trap a guest
 *        hypervisor makes most): the first half of nvarm_trap_decode() and
 *        nvarm_sysreg_emulate() for it, without the general path's work.
 *
 * An L0 tries it first at its EC 0x18 entry, then makes the file current for @p p->reg
 * (as for nvarm_sysreg_emulate(): nvarm_shadow_vel2_save() of what L1 may have changed in
 * the hardware EL1 registers) and calls nvarm_sysreg_plain_emulate(). Changes nothing.
 * @param v   The vEL2 state.
 * @param esr The 64-bit ESR_EL2.
 * @param p   Out: the access, when it is one.
 * @return 0 when it is one; ::NVARM_EMUL_NOT_MINE for any other ESR (another class, an
 *         unknown or not plain register, a malformed syndrome: nvarm_trap_decode() and
 *         nvarm_sysreg_emulate() handle it); ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_sysreg_plain_decode(struct nvarm_vel2 *v, uint64_t esr, struct nvarm_sysreg_plain *p);

/**
 * @brief Emulate an access nvarm_sysreg_plain_decode() decoded, with the same result and
 *        the same file as nvarm_sysreg_emulate() for the same trap.
 * @param v   The vEL2 state @p p was decoded with.
 * @param p   The access.
 * @param gpr In: X[Rt] for an MSR (ignored when Rt=31). Out: the value for an MRS (not
 *            written when Rt=31).
 * @return ::NVARM_EMUL_OK, or ::NVARM_EMUL_RELOAD (an MSR that changes what the EL2-to-EL1
 *         shadow carries); ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_sysreg_plain_emulate(struct nvarm_vel2 *v, const struct nvarm_sysreg_plain *p,
			       uint64_t *gpr);

/* ------------------------------------------------------------ exceptions and ERET */

/** @name PSTATE / SPSR_ELx bits (AArch64 format) */
/**@{*/
#define NVARM_PSR_M_MASK 0x1fu	      /**< M[4:0]. */
#define NVARM_PSR_M_EL0T 0x0u	      /**< EL0 with SP_EL0. */
#define NVARM_PSR_M_EL1T 0x4u	      /**< EL1 with SP_EL0. */
#define NVARM_PSR_M_EL1H 0x5u	      /**< EL1 with SP_EL1. */
#define NVARM_PSR_M_EL2T 0x8u	      /**< EL2 with SP_EL0. */
#define NVARM_PSR_M_EL2H 0x9u	      /**< EL2 with SP_EL2. */
#define NVARM_PSR_NRW	 (1u << 4)    /**< AArch32 state. */
#define NVARM_PSR_F	 (1u << 6)    /**< FIQ mask. */
#define NVARM_PSR_I	 (1u << 7)    /**< IRQ mask. */
#define NVARM_PSR_A	 (1u << 8)    /**< SError mask. */
#define NVARM_PSR_D	 (1u << 9)    /**< Debug mask. */
#define NVARM_PSR_BTYPE	 (3u << 10)   /**< Branch type. */
#define NVARM_PSR_SSBS	 (1u << 12)   /**< Speculative store bypass safe. */
#define NVARM_PSR_ALLINT (1u << 13)   /**< All IRQ/FIQ masked (FEAT_NMI). */
#define NVARM_PSR_TCO	 (1u << 25)   /**< Tag check override (FEAT_MTE). */
#define NVARM_PSR_IL	 (1u << 20)   /**< Illegal Execution state. */
#define NVARM_PSR_SS	 (1u << 21)   /**< Software step. */
#define NVARM_PSR_PAN	 (1u << 22)   /**< Privileged access never. */
#define NVARM_PSR_UAO	 (1u << 23)   /**< User access override. */
#define NVARM_PSR_NZCV	 (0xfu << 28) /**< Condition flags. */
/**@}*/

/** @brief PC and PSTATE of a vCPU (PSTATE in SPSR_ELx format, M[3:2] = virtual EL). */
struct nvarm_vcpu_pstate {
	uint64_t pc;	 /**< Program counter. */
	uint64_t pstate; /**< PSTATE as an SPSR value. */
};

/** @brief Kinds of exception (the order gives the vector offset: kind * 0x80). */
enum nvarm_exc_kind {
	NVARM_EXC_SYNC = 0,  /**< Synchronous. */
	NVARM_EXC_IRQ = 1,   /**< IRQ / vIRQ. */
	NVARM_EXC_FIQ = 2,   /**< FIQ / vFIQ. */
	NVARM_EXC_SERROR = 3 /**< SError / vSError. */
};

/**
 * @brief Short name of a ::nvarm_exc_kind value, e.g. "irq" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_exc_kind_name(unsigned v);

/** @brief Syndrome of an exception injected into vEL2. */
struct nvarm_vel2_exc {
	uint64_t esr;		/**< ESR_EL2 value (SYNC and SERROR). */
	uint64_t far;		/**< FAR_EL2 value (when NVARM_EXCF_FAR). */
	nvarm_ipa2_t fault_ipa; /**< Faulting L2 IPA for HPFAR_EL2 (when NVARM_EXCF_HPFAR). */
	uint32_t flags;		/**< NVARM_EXCF_* flags. */
};

/** @name nvarm_vel2_exc::flags */
/**@{*/
#define NVARM_EXCF_FAR	 0x1u /**< Write FAR_EL2. */
#define NVARM_EXCF_HPFAR 0x2u /**< Write HPFAR_EL2 from fault_ipa. */
/**@}*/

/**
 * @brief Take an exception to virtual EL2 (Arm ARM AArch64.TakeException, target EL2).
 *
 * Writes ELR_EL2 (= @p ps->pc, the preferred return address), SPSR_EL2 (= @p ps->pstate),
 * ESR_EL2 (SYNC/SERROR), FAR_EL2 / HPFAR_EL2 as flagged; computes the new PC
 * (VBAR_EL2 + vector offset for the source EL, SP and width) and PSTATE (EL2h, DAIF masked,
 * PAN per SCTLR_EL2.SPAN when E2H=TGE=1, SSBS per SCTLR_EL2.DSSBS, and with ::NVARM_VMF_NMI
 * ALLINT = NOT SCTLR_EL2.SPINTMASK). The register file must be
 * current (see nvarm_sysreg_emulate()); afterwards the L0 loads the vEL2 shadow.
 *
 * Registers used (a contract an L0's fast path may rely on): reads HCR_EL2, SCTLR_EL2 and
 * VBAR_EL2; writes ELR_EL2, SPSR_EL2, ESR_EL2, FAR_EL2 and HPFAR_EL2 only. For an exception
 * L1 takes while it stays in vEL2 (an HVC at vEL2), an L0 can therefore fold back only
 * SCTLR_EL2 and VBAR_EL2 (nvarm_shadow_vel2_sources()) and load only the hardware registers
 * carrying the written ones.
 * @param v    The vEL2 state.
 * @param kind A ::nvarm_exc_kind.
 * @param exc  The syndrome (may be NULL for IRQ/FIQ).
 * @param ps   In: the interrupted PC/PSTATE. Out: the vector PC and new PSTATE.
 * An exception from AArch32 User mode (an L2 whose EL1 returned to AArch32 EL0, which no trap
 * can prevent when the hardware has it) is taken too: lower-EL AArch64 vector (EL1 is AArch64),
 * SPSR_EL2 in the AArch32 layout.
 * @return 0; ::NVARM_ERR_INVAL for a bad kind, NULL pointers, or a PSTATE that is neither a
 *         valid AArch64 EL0/EL1/EL2 state nor AArch32 User mode.
 */
int nvarm_vel2_inject(struct nvarm_vel2 *v, enum nvarm_exc_kind kind,
		      const struct nvarm_vel2_exc *exc, struct nvarm_vcpu_pstate *ps);

/**
 * @brief Where an exception taken to virtual EL2 goes, without writing the register file:
 *        the vector PC and the new PSTATE of nvarm_vel2_inject(), nothing else.
 *
 * For an L0 that writes the interrupted PC, PSTATE and the syndrome itself where L1 reads
 * them: while L1 runs, its ELR_EL2, SPSR_EL2 and ESR_EL2 are the hardware ELR_EL1, SPSR_EL1
 * and ESR_EL1 in both shadow layouts (the same value, nvarm_shadow_vel2_sources()), and a
 * value L0 writes there is folded back into the file like one L1 wrote itself
 * (nvarm_shadow_vel2_save()). An HVC at vEL2 then costs no file write and no shadow load.
 * Reads HCR_EL2, SCTLR_EL2 and VBAR_EL2 (they must be current), writes nothing.
 * @param v    The vEL2 state.
 * @param kind A ::nvarm_exc_kind.
 * @param ps   In: the interrupted PC/PSTATE (as for nvarm_vel2_inject()). Out: VBAR_EL2 +
 *             the vector offset, and the PSTATE on entry.
 * @return 0; ::NVARM_ERR_INVAL for a bad kind, NULL pointers, or a PSTATE that is neither a
 *         valid AArch64 EL0/EL1/EL2 state nor AArch32 User mode.
 */
int nvarm_vel2_entry(const struct nvarm_vel2 *v, enum nvarm_exc_kind kind,
		     struct nvarm_vcpu_pstate *ps);

/**
 * @brief Where an ERET from virtual EL2 goes (non-negative nvarm_vel2_eret() results).
 *
 * The values 0-2 are the virtual EL now running; ::NVARM_ERET_HOST_EL0 is EL0 too (PSTATE.M =
 * EL0t) but in L1's own EL2&0 translation regime, not its guest's EL1&0 one.
 */
enum nvarm_eret_target {
	NVARM_ERET_EL0 = 0,	/**< L2's EL0 (L1's guest): world switch to L2. */
	NVARM_ERET_EL1 = 1,	/**< L2's EL1 (L1's guest): world switch to L2. */
	NVARM_ERET_EL2 = 2,	/**< Still vEL2 (an EL2 target or an illegal return): stay in L1. */
	NVARM_ERET_HOST_EL0 = 3 /**< EL0 with virtual HCR_EL2.E2H = TGE = 1: a VHE L1 returning
				     to its own host user space, which runs in L1's EL2&0 regime
				     (the vEL2 shadow the hardware already holds): stay in L1's
				     world, no world switch, no shadow stage-2. */
};

/**
 * @brief Short name of a ::nvarm_eret_target value, e.g. "el1" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_eret_target_name(unsigned v);

/**
 * @brief Emulate ERET/ERETAA/ERETAB executed by L1 in virtual EL2 (Arm ARM
 *        AArch64.ExceptionReturn, IllegalExceptionReturn).
 *
 * Legal returns set PC = ELR_EL2 and PSTATE = SPSR_EL2 (ALLINT too with ::NVARM_VMF_NMI; the
 * bit is RES0 without it). An illegal return (AArch32 or
 * reserved M, EL3, EL0 with SP_ELx, EL1 when TGE=1; AArch32 User mode is legal when L1's
 * ID_AA64PFR0_EL1.EL0 says AArch32 EL0 exists) keeps EL and SP, takes the other
 * PSTATE fields from SPSR_EL2, sets PSTATE.IL and PC = ELR_EL2, as the architecture does.
 * Registers used: reads SPSR_EL2, ELR_EL2 and HCR_EL2 only, writes none (so an L0 can fold
 * back just ELR_EL2 and SPSR_EL2 to learn the target, and the rest only for a world switch).
 * @param v        The vEL2 state.
 * @param sub      nvarm_trap::sub of the ERET trap (0 ERET, 1 ERETAA, 2 ERETAB).
 * @param auth_elr For ERETAA/ERETAB: ELR_EL2 already authenticated by L0 (nvarm holds no
 *                 keys); NULL otherwise.
 * @param ps       In: current PC/PSTATE (must be at EL2). Out: the new PC/PSTATE.
 * @return A ::nvarm_eret_target: ::NVARM_ERET_EL0 / ::NVARM_ERET_EL1 (enter L1's guest, L2),
 *         ::NVARM_ERET_EL2 (stay in vEL2, also for an illegal return) or
 *         ::NVARM_ERET_HOST_EL0 (L1's own EL0 under virtual HCR_EL2.{E2H,TGE} = {1,1}: no
 *         world switch); ::NVARM_ERR_INVAL for NULL pointers or a bad @p sub;
 *         ::NVARM_ERR_STATE when @p ps is not at EL2; ::NVARM_ERR_UNSUPPORTED for
 *         ERETAA/ERETAB without @p auth_elr.
 */
int nvarm_vel2_eret(struct nvarm_vel2 *v, unsigned sub, const uint64_t *auth_elr,
		    struct nvarm_vcpu_pstate *ps);

/**
 * @brief nvarm_vel2_eret() of a plain ERET with SPSR_EL2 and ELR_EL2 given by the caller.
 *
 * For an L0 that has them at hand where L1 keeps them (the hardware SPSR_EL1 and ELR_EL1
 * carry them in both shadow layouts): no fold-back is needed to learn where the ERET goes.
 * Reads HCR_EL2 from the file (it must be current), writes nothing.
 * @param v    The vEL2 state.
 * @param spsr L1's SPSR_EL2 now.
 * @param elr  L1's ELR_EL2 now.
 * @param ps   In: current PC/PSTATE (must be at EL2). Out: the new PC/PSTATE.
 * @return As nvarm_vel2_eret(): a ::nvarm_eret_target; ::NVARM_ERR_INVAL for NULL pointers,
 *         ::NVARM_ERR_STATE when @p ps is not at EL2.
 */
int nvarm_vel2_eret_regs(const struct nvarm_vel2 *v, uint64_t spsr, uint64_t elr,
			 struct nvarm_vcpu_pstate *ps);

/**
 * @brief PSTATE (as an SPSR value) of L1's virtual EL2 as the hardware holds it: vEL2 runs at
 *        hardware EL1, so AArch64 M = EL2t/EL2h becomes EL1t/EL1h; every other value and bit
 *        is unchanged.
 *
 * Use on ::nvarm_vcpu_pstate::pstate from nvarm_vel2_inject() / nvarm_vel2_eret() before
 * writing it to the hardware SPSR_EL2 that returns to L1.
 * @param vpsr The virtual PSTATE.
 * @return The PSTATE to run on the hardware.
 */
uint64_t nvarm_vel2_psr_to_hw(uint64_t vpsr);

/**
 * @brief The inverse of nvarm_vel2_psr_to_hw(): AArch64 M = EL1t/EL1h becomes EL2t/EL2h.
 *
 * Only meaningful while the hardware EL1 runs L1's virtual EL2 (not its EL1 guest): use it on
 * the hardware SPSR_EL2 of a trap from vEL2 to build the ::nvarm_vcpu_pstate that
 * nvarm_vel2_eret() (which requires EL2) and nvarm_vel2_inject() expect.
 * @param hwpsr The hardware PSTATE of a trap taken from vEL2.
 * @return The virtual PSTATE.
 */
uint64_t nvarm_vel2_psr_from_hw(uint64_t hwpsr);

/* ------------------------------------------------------------ RAS and External aborts */

/**
 * @brief Where a synchronous External abort of L2 is taken, and its syndrome: an abort the L0
 *        reports on L2's behalf because the access reached an L1 physical address nothing
 *        backs (natively, a location with no memory or device behind it).
 *
 * Routing (Arm ARM AArch64.Abort / "Routing of synchronous External aborts"): to L1's EL2 when
 * L1's HCR_EL2.TGE = 1, or when the VM has FEAT_RAS (::NVARM_VMF_RAS) and L1's HCR_EL2.TEA = 1;
 * otherwise to L2's own EL1. The syndrome is a Data Abort (EC 0x24, or 0x25 from L2's EL1
 * taken to its EL1) or an Instruction Abort (0x20 / 0x21), IL = 1, ISV = 0, DFSC 0x10
 * (synchronous External abort, not on a translation table walk), WnR and CM of a data access
 * from @p esr, FAR valid. Taken to L1's EL2 it is always "from a lower Exception level".
 * Registers used: reads HCR_EL2 only.
 * @param v     L1's vEL2 state.
 * @param esr   The L0's own syndrome of the access: EC 0x24 (data) or 0x20 (instruction).
 * @param l2_el L2's Exception level at the access (0 or 1).
 * @param far   The faulting virtual address (FAR).
 * @param[out] e The exception: esr, far and ::NVARM_EXCF_FAR (for nvarm_vel2_inject() or
 *               nvarm_el1_inject()).
 * @return 1: take it to L1's virtual EL2; 0: to L2's EL1; ::NVARM_ERR_INVAL for NULL pointers,
 *         an @p esr that is not a lower-EL abort or an @p l2_el above 1.
 */
int nvarm_l2_sea_route(const struct nvarm_vel2 *v, uint64_t esr, unsigned int l2_el, uint64_t far,
		       struct nvarm_vel2_exc *e);

/**
 * @brief The deferred-SError state of one vCPU across the L1 <-> L2 world switch (FEAT_RAS;
 *        caller memory, one per vCPU, filled by nvarm_ras_l2_enter()).
 *
 * The hardware runs L1 and L2 at EL1 with the L0's HCR_EL2.AMO = 1, so their DISR_EL1 accesses
 * reach the hardware VDISR_EL2, and an ESB at EL1 defers a pending virtual SError into it with
 * VSESR_EL2's syndrome (Arm ARM D24.2 DISR_EL1: with HCR_EL2.AMO = 1 an EL1 access is to
 * VDISR_EL2; C6.2 ESB). Natively L1 at EL2 has its own DISR_EL1 (AMO does not apply at EL2),
 * which is also its guest's when its AMO is 0, while its guest with its AMO = 1 reaches its
 * VDISR_EL2 and gets its VSESR_EL2. So the hardware VDISR_EL2 holds L1's DISR_EL1 while L1
 * runs and while L2 runs with L1's AMO = 0, L1's virtual VDISR_EL2 while L2 runs with AMO = 1;
 * the hardware VSESR_EL2 holds L1's VSESR_EL2 while L2 runs.
 */
struct nvarm_ras_switch {
	uint64_t l1_disr; /**< Private: L1's DISR_EL1 while L2 runs. */
	uint8_t l2_amo;	  /**< Private: L2 runs with L1's HCR_EL2.AMO = 1. */
};

/**
 * @brief The RAS part of the world switch from L1 to L2 (after L1's vEL2 registers are in the
 *        file, before L2 runs).
 * @param v        L1's vEL2 state (its HCR_EL2.AMO, VDISR_EL2, VSESR_EL2).
 * @param hw_vdisr The hardware VDISR_EL2 now (L1's DISR_EL1).
 * @param[out] s   The state nvarm_ras_l2_exit() needs.
 * @param[out] vdisr The value of the hardware VDISR_EL2 while L2 runs.
 * @param[out] vsesr The value of the hardware VSESR_EL2 while L2 runs.
 * @return 1: write the two registers (an L0 skips a write of the value already there); 0: the
 *         VM has no FEAT_RAS, nothing to switch (the host may lack the registers too: an L0
 *         checks ::NVARM_VMF_RAS before it reads @p hw_vdisr); ::NVARM_ERR_INVAL for NULL
 *         pointers.
 */
int nvarm_ras_l2_enter(const struct nvarm_vel2 *v, uint64_t hw_vdisr, struct nvarm_ras_switch *s,
		       uint64_t *vdisr, uint64_t *vsesr);

/**
 * @brief The RAS part of the world switch from L2 back to L1: an ESB of L2 may have written the
 *        hardware VDISR_EL2; with L1's AMO that is L1's VDISR_EL2 (written to the file),
 *        otherwise L1's DISR_EL1 (kept in the hardware).
 * @param v        L1's vEL2 state.
 * @param hw_vdisr The hardware VDISR_EL2 at L2's exit.
 * @param s        The state of nvarm_ras_l2_enter().
 * @param[out] vdisr The value of the hardware VDISR_EL2 while L1 runs.
 * @return 1: write it (when it differs); 0: no FEAT_RAS; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_ras_l2_exit(struct nvarm_vel2 *v, uint64_t hw_vdisr, const struct nvarm_ras_switch *s,
		      uint64_t *vdisr);

/**
 * @brief Has nvarm_ras_l2_exit() anything to do after the entry that filled @p s? Not when L2
 *        ran with L1's HCR_EL2.AMO = 0: the hardware VDISR_EL2 was L1's DISR_EL1 throughout
 *        and stays (the exit would give its value back), so an L0 may skip the call and its
 *        read of VDISR_EL2.
 * @param s The state of nvarm_ras_l2_enter() (a VM with FEAT_RAS).
 * @return True when nvarm_ras_l2_exit() must run.
 */
static inline bool nvarm_ras_l2_exit_needed(const struct nvarm_ras_switch *s)
{
	return s->l2_amo != 0;
}

/* ------------------------------------------------------------ shadow registers */

/**
 * @brief The hardware registers that carry vEL2 or vEL1 state (index list). MDSCR_EL1 is
 *        shared by both levels (no EL2 copy) but NV2 redirects L1's accesses to the page, so it
 *        moves like the others; SP_EL1 is L2's EL1 stack pointer (VNCR offset 0x240).
 *
 * CNTKCTL_EL1 is not in the list: it belongs to the vtimer (include/nvarm/vtimer.h,
 * ::NVARM_VTIMER_HWREG_CNTKCTL), which holds L2's value or L1's CNTHCTL_EL2 [9:0] as E2H says.
 *
 * The last two are hardware EL2 registers: a read of MIDR_EL1 / MPIDR_EL1 at EL1 returns
 * VPIDR_EL2 / VMPIDR_EL2 (Arm ARM D23.2 "VPIDR_EL2", "VMPIDR_EL2"; pseudocode of the MIDR_EL1 and
 * MPIDR_EL1 reads: EL2 enabled and not {E2H,TGE} = {1,1}). While L2 runs they hold L1's virtual
 * VPIDR_EL2 / VMPIDR_EL2 (what L1 programmed for its guest); while L1 runs, the identification
 * L1 itself reads at vEL2 (the VM's MIDR_EL1, the vCPU's MPIDR_EL1: nvarm_shadow_set_mpidr()).
 */
/* clang-format off */
#define NVARM_EL1_REG_LIST(X)                                                                      \
	X(SCTLR_EL1) X(CPACR_EL1) X(ZCR_EL1) X(TTBR0_EL1) X(TTBR1_EL1) X(TCR_EL1) X(SPSR_EL1)      \
	X(ELR_EL1) X(AFSR0_EL1) X(AFSR1_EL1) X(ESR_EL1) X(FAR_EL1) X(MAIR_EL1) X(AMAIR_EL1)        \
	X(VBAR_EL1) X(CONTEXTIDR_EL1) X(MDSCR_EL1) X(SP_EL1) X(VPIDR_EL2) X(VMPIDR_EL2)       \
	X(SCXTNUM_EL1) X(SMCR_EL1)
/* clang-format on */

/** @brief Indexes into nvarm_el1_regs::r. */
enum nvarm_el1_idx {
/** @cond NVARM_INTERNAL */
#define NVARM_X_(n) NVARM_EL1_##n,
	NVARM_EL1_REG_LIST(NVARM_X_)
#undef NVARM_X_
	/** @endcond */
	NVARM_EL1__COUNT /**< Number of shadowed EL1 registers. */
};

/**
 * @brief Values for the hardware EL1 registers (what L0 writes / reads back).
 *
 * Keep the structure a load filled and only replace r[] with the hardware values before the
 * matching save: @c valid and @c flags say what the load put there.
 */
struct nvarm_el1_regs {
	uint64_t r[NVARM_EL1__COUNT]; /**< Values, indexed by ::nvarm_el1_idx. */
	uint32_t valid;		      /**< Bit i set: r[i] is meaningful for this VM (ZCR_EL1
					   only with SVE, SMCR_EL1 only with SME); L0 must not
					   write the others. */
	uint32_t flags;		      /**< NVARM_EL1F_* flags, set by the loads. */
};

/**
 * @brief The EL1 registers every shadow load gives (bits of nvarm_el1_regs::valid), whatever
 * the VM's features and the context: all but SP_EL1 (L1's own stack pointer while it runs in
 * vEL2, not in those loads), ZCR_EL1 (FEAT_SVE), SCXTNUM_EL1 (FEAT_CSV2_2) and SMCR_EL1
 * (FEAT_SME). An L0 may read or write these without testing @c valid.
 */
#define NVARM_EL1_VALID_ALWAYS                                                                     \
	(((UINT32_C(1) << NVARM_EL1__COUNT) - 1) &                                                 \
	 ~((UINT32_C(1) << NVARM_EL1_SP_EL1) | (UINT32_C(1) << NVARM_EL1_ZCR_EL1) |                \
	   (UINT32_C(1) << NVARM_EL1_SCXTNUM_EL1) | (UINT32_C(1) << NVARM_EL1_SMCR_EL1)))

/** @name nvarm_el1_regs::flags */
/**@{*/
/** Set by nvarm_shadow_vel2_load(): the values are L1's vEL2 context (clear: vEL1). */
#define NVARM_EL1F_VEL2 0x1u
/**
 * Set by nvarm_shadow_vel2_load() when it used the VHE (E2H=1) layout. nvarm_shadow_vel2_save()
 * translates back with the layout the hardware holds, even when L1 changed HCR_EL2.E2H since the
 * load (under FEAT_NV2 that write goes to the VNCR page without trapping).
 */
#define NVARM_EL1F_VHE 0x2u
/**
 * Set by the vEL2 loads when the SCTLR_EL1 they give has SPAN = 1 where L1's SCTLR_EL2.SPAN is
 * 0 (a VHE L1 with HCR_EL2.TGE = 0: nvarm_shadow_vel2_sctlr_trap()); nvarm_shadow_vel2_save()
 * then keeps L1's SPAN. A property of the file at the load, so that the save translates back
 * what that load put in the hardware even when TGE changed since (FEAT_NV2: no trap), and an
 * L0 comparing the flags of two loads sees the hardware SCTLR_EL1 changed.
 */
#define NVARM_EL1F_SPAN1 0x20u
/**
 * Set by the caller of nvarm_el1_inject() when the PE running L2 has FEAT_NMI: exception entry
 * to EL1 then sets PSTATE.ALLINT to NOT SCTLR_EL1.SPINTMASK (Arm ARM D1.4 "Exception entry").
 */
#define NVARM_EL1F_NMI 0x4u
/**
 * Set by the caller of nvarm_el1_inject() when L2 runs with L1's HCR_EL2.{NV2, NV1, NV} in
 * {x01, 111}: L2 is a guest hypervisor at L1's virtual EL2 (recursive nesting), and an
 * exception from EL1 to EL1 records EL2 in SPSR_EL1.M[3:2] (Arm ARM AArch64.TakeException:
 * "if PSTATE.EL == EL1 && target_el == EL1 && EL2Enabled() then if EffectiveHCR_EL2_NVx() IN
 * {'x01', '111'} then spsr<3:2> = '10'"), so that its own ERET returns to its EL2.
 * nvarm_el1f_nv_el2() computes it from L1's HCR_EL2.
 */
#define NVARM_EL1F_NV_EL2 0x8u
/**
 * Set by the caller of nvarm_el1_inject() when the PE running L2 has FEAT_MTE: exception entry
 * sets PSTATE.TCO (Arm ARM AArch64.TakeException).
 */
#define NVARM_EL1F_MTE 0x10u
/**@}*/

/**
 * @brief ::NVARM_EL1F_NV_EL2 when L1's HCR_EL2 (@p l1_hcr, what the hardware applies while L2
 *        runs) has {NV2, NV1, NV} in {x01, 111}, else 0.
 * @param l1_hcr L1's virtual HCR_EL2 (any value: guest-controlled).
 * @return ::NVARM_EL1F_NV_EL2 or 0.
 */
static inline uint32_t nvarm_el1f_nv_el2(uint64_t l1_hcr)
{
	unsigned nvx = (unsigned)(((l1_hcr >> 45) & 1) << 2 | ((l1_hcr >> 43) & 1) << 1 |
				  ((l1_hcr >> 42) & 1));

	return (nvx & 3) == 1 || nvx == 7 ? NVARM_EL1F_NV_EL2 : 0;
}

/**
 * @brief The ::nvarm_sysreg_id of a shadow slot (its packed encoding is in the descriptor).
 * @param idx A ::nvarm_el1_idx.
 * @return The register id, or ::NVARM_SR_NONE when out of range.
 */
unsigned nvarm_el1_reg_id(unsigned idx);

/**
 * @brief Hardware EL1 values for "L1 runs in vEL2", from the vEL2 file.
 *
 * The VPIDR_EL2 / VMPIDR_EL2 slots get what L1 reads from MIDR_EL1 / MPIDR_EL1 at vEL2: the
 * VM's sanitised MIDR_EL1 (nvarm_vm_config::id) and the vCPU's MPIDR (nvarm_shadow_set_mpidr()).
 *
 * VHE (E2H=1): the EL2 registers map one to one onto the EL1 ones. Non-VHE: EL2 formats are
 * translated (SCTLR_EL2 RES1 bits become the EL1 controls that behave alike, TCR_EL2.PS ->
 * IPS, TBI -> TBI0, EPD1 set, TTBR1 zero, CPTR_EL2.TFP/TZ -> CPACR_EL1.FPEN/ZEN...). Run L1
 * with HCR_EL2 bits from nvarm_shadow_hcr_bits(). Sets hw->flags to ::NVARM_EL1F_VEL2, plus
 * ::NVARM_EL1F_VHE for the VHE layout.
 * @param v  The vEL2 state.
 * @param hw Receives the values.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_vel2_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw);

/**
 * @brief nvarm_shadow_vel2_load() of the EL1 registers in @p want only: after nvarm changed a
 *        few EL2 registers in the file (nvarm_vel2_inject() within vEL2: ELR, SPSR, ESR,
 *        FAR, HPFAR_EL2), the L0 rewrites just the EL1 registers carrying them
 *        (nvarm_shadow_vel2_sources()) instead of recomputing the whole shadow.
 *
 * r[i] of each register in @p want gets what nvarm_shadow_vel2_load() would give it; the
 * others are left as they were. hw->valid becomes @p want masked by what the full load marks
 * valid; hw->flags is set as the full load sets it (the layout: if it differs from the one
 * the hardware holds, the L0 must load everything).
 * @param v    The vEL2 state.
 * @param want Bit i: ::nvarm_el1_idx i is wanted.
 * @param hw   Receives the values.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_vel2_load_some(const struct nvarm_vel2 *v, uint32_t want,
				struct nvarm_el1_regs *hw);

/**
 * @brief The EL1 registers of the vEL2 shadow (layout @p vhe) whose value reads a word that may
 *        change without an nvarm call the L0 sees: a word of the VNCR page (under FEAT_NV2 L1
 *        writes it without a trap) or one of L1's virtual EL1 registers (written by
 *        nvarm_shadow_vel1_save(): MDSCR_EL1 is one register for EL2 and EL1).
 *
 * For an L0 that keeps the result of its last vEL2 load (as its fold-backs update it) while
 * L2 runs: at the world switch back to L1, nvarm_shadow_vel2_load_some() of these registers,
 * of those it folded back since that load (their file values may differ from the hardware's:
 * RES0/RES1 bits, fields the save does not take) and of those nvarm_vel2_inject() wrote
 * (nvarm_shadow_vel2_sources()), over the kept values of the others, gives exactly
 * nvarm_shadow_vel2_load()'s values, provided nothing else wrote an EL2 register the shadow
 * carries since that load (a write nvarm_sysreg_emulate() reports with ::NVARM_EMUL_RELOAD,
 * after which the L0 loads everything). A constant of the vCPU: L0s compute it once per layout.
 * @param v   The vEL2 state.
 * @param vhe The layout (::NVARM_EL1F_VHE of the load).
 * @return The mask (bit i: ::nvarm_el1_idx i); every register when @p v is NULL or built
 *         without init's index (then nothing may be kept).
 */
uint32_t nvarm_shadow_vel2_volatile(const struct nvarm_vel2 *v, bool vhe);

/**
 * @brief The hardware EL1 registers of the vEL2 shadow (layout @p vhe) that L1 can change
 *        while it runs without a trap to the L0: those an L0 folds back from the hardware
 *        (nvarm_shadow_vel2_save()) before it reads the vEL2 file or loads L2's registers.
 *
 * The others hold what the L0 last loaded or folded back, so an L0 that keeps those values
 * (and updates them with each write of its own) need not read them again. Always: the
 * registers an exception taken at vEL2 (hardware EL1) writes, ELR_EL1, SPSR_EL1, ESR_EL1,
 * FAR_EL1 and the IMPLEMENTATION DEFINED AFSR0_EL1/AFSR1_EL1 (DDI 0487 D1.x "Exception
 * entry"). Non-VHE under FEAT_NV2 (HCR_EL2.{NV,NV1,NV2} = {1,1,1}): those, which are also
 * where NV2 sends L1's ELR/SPSR/ESR/FAR_EL2 accesses (::NVARM_SRF_NV2EL1, DDI 0487 D8
 * "Enhanced support for nested virtualization"); its EL1-named accesses go to the VNCR page
 * and its other EL2 registers trap. VHE (HCR_EL2.NV1 = 0): its EL1-named accesses reach the
 * EL1 registers, all of them. Non-VHE under FEAT_NV alone: all (not narrowed). Never
 * VPIDR_EL2/VMPIDR_EL2, hardware EL2 registers. A constant of the vCPU per layout.
 * @param v   The vEL2 state (its VM's nvarm_vm_config::host_nv says FEAT_NV2).
 * @param vhe The layout (::NVARM_EL1F_VHE of the load).
 * @return The mask (bit i: ::nvarm_el1_idx i); every register when @p v is NULL.
 */
uint32_t nvarm_shadow_vel2_hw_volatile(const struct nvarm_vel2 *v, bool vhe);

/**
 * @brief Whether the hardware SCTLR_EL1 the vEL2 loads give may differ from L1's SCTLR_EL2
 * on purpose, so that the L0 should trap L1's own SCTLR_EL1 accesses.
 *
 * An exception taken to EL2 sets PSTATE.PAN (SCTLR_EL2.SPAN = 0) only when HCR_EL2.{E2H, TGE}
 * = {1, 1} (DDI 0487 AArch64.TakeException); at EL1, where L1's vEL2 runs, SCTLR_EL1.SPAN = 0
 * always sets it. So while L1 is VHE with TGE = 0 the loads (nvarm_shadow_vel2_load() and the
 * others) give the hardware SPAN = 1, and nvarm_shadow_vel2_save() keeps L1's own SPAN in the
 * file. L1's SCTLR_EL1 (its SCTLR_EL2) accesses do not trap in the VHE layout; an L0 that
 * traps them (FEAT_FGT: HFGRTR_EL2/HFGWTR_EL2.SCTLR_EL1) while this is true gives L1 its own
 * value to read and its write to the file, which the next load turns into the hardware's:
 * exact. Without the trap L1 reads SPAN = 1 there, and a SPAN = 0 it writes directly is the
 * hardware's until the next load.
 * @param v L1's vEL2 file.
 * @return True when L1 is VHE and its HCR_EL2.TGE is 0 (false for NULL).
 */
bool nvarm_shadow_vel2_sctlr_trap(const struct nvarm_vel2 *v);

/**
 * @brief nvarm_shadow_vel2_load(), faster on a world switch: the same values in @p hw, but an
 *        EL1 register that several rows translate field by field (SCTLR_EL1, TCR_EL1,
 *        CPACR_EL1 of a non-VHE L1) is taken from a memo in @p v when its EL2 register holds
 *        the value the memo was made from (per layout), and recomputed and remembered
 *        otherwise.
 *
 * The memo is keyed by the EL2 value itself, not by dirty bits, so every way the file
 * changes (nvarm_vel2_write(), L1's stores to the VNCR page under FEAT_NV2, an E2H flip) is
 * seen; nvarm_vel2_init() empties it.
 * @param v  The vEL2 state (its memo is updated).
 * @param hw Receives the values.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_vel2_load_memo(struct nvarm_vel2 *v, struct nvarm_el1_regs *hw);

/**
 * @brief nvarm_shadow_vel2_load_memo() for a world switch that writes only what changed: the
 *        same values into @p hw, and in @p *diff the registers of hw->valid whose new value
 *        differs from what @p held says the hardware holds.
 *
 * A register of hw->valid is in @p *diff when @p held is NULL, when it is not in
 * held->valid, or when held->r[i] differs from the new hw->r[i]; held->flags are not
 * compared (@p held may be the vEL1 context the hardware holds at L2's exit). Writing exactly
 * the registers of @p *diff leaves the hardware holding @p hw, with no register written with
 * the value it already holds (some, e.g. TCR_EL1, make an emulator flush its TLB on every
 * write). @p held may be @p hw itself (the previous load, updated in place).
 * @param v    The vEL2 state (its memo is updated).
 * @param held What the hardware EL1 registers hold (its valid registers), or NULL.
 * @param hw   Receives the values.
 * @param diff Receives the registers to write.
 * @return 0; ::NVARM_ERR_INVAL for NULL @p v, @p hw or @p diff.
 */
int nvarm_shadow_vel2_load_diff(struct nvarm_vel2 *v, const struct nvarm_el1_regs *held,
				struct nvarm_el1_regs *hw, uint32_t *diff);

/**
 * @brief Sync back after L1 ran in vEL2: fold hardware EL1 values into the vEL2 file (the
 *        inverse translation; EL2-only fields the EL1 format cannot hold are kept). With
 *        FEAT_NV and NV1=1 (non-VHE, no NV2) a changed SPSR_EL1 with M = EL1t/EL1h is turned
 *        back into EL2t/EL2h: only an exception L1 took in vEL2 can change it there (L1's own
 *        SPSR accesses trap), and the hardware recorded it as taken from EL1.
 *
 * The layout (VHE or not) is the one the load used (hw->flags), not the current virtual
 * HCR_EL2.E2H: after L1 flipped E2H, save then load again to change the layout.
 * @param v  The vEL2 state.
 * @param hw Values read from the hardware EL1 registers, in the structure
 *           nvarm_shadow_vel2_load() filled (its valid and flags fields).
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers or @p hw not from nvarm_shadow_vel2_load()
 *         (no ::NVARM_EL1F_VEL2 flag).
 */
int nvarm_shadow_vel2_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw);

/**
 * @brief Hardware EL1 values for "L2 runs": L1's virtual EL1 registers, unchanged (hw->flags
 *        is 0), and L1's virtual VPIDR_EL2 / VMPIDR_EL2 (RES0/RES1 bits applied: under FEAT_NV2
 *        L1 stores them to the VNCR page unchecked) in the VPIDR_EL2 / VMPIDR_EL2 slots, so
 *        that L2's MIDR_EL1 / MPIDR_EL1 reads return what L1 programmed.
 * @param v  The vEL2 state.
 * @param hw Receives the values.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_vel1_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw);

/**
 * @brief nvarm_shadow_vel1_load() for a world switch that writes only what changed: the same
 *        values into @p hw, and in @p *diff the registers of hw->valid whose new value differs
 *        from what @p held says the hardware holds (as nvarm_shadow_vel2_load_diff(): all of
 *        hw->valid for a NULL @p held, those not in held->valid, those of another value;
 *        @p held may be @p hw).
 * @param v    The vEL2 state.
 * @param held What the hardware EL1 registers hold (e.g. L1's vEL2 shadow), or NULL.
 * @param hw   Receives the values.
 * @param diff Receives the registers to write.
 * @return 0; ::NVARM_ERR_INVAL for NULL @p v, @p hw or @p diff.
 */
int nvarm_shadow_vel1_load_diff(const struct nvarm_vel2 *v, const struct nvarm_el1_regs *held,
				struct nvarm_el1_regs *hw, uint32_t *diff);

/**
 * @brief Sync back after L2 ran: store the hardware EL1 values as L1's virtual EL1 registers.
 *        The VPIDR_EL2 / VMPIDR_EL2 slots are not stored (L2 cannot change them).
 * @param v  The vEL2 state.
 * @param hw Values read from the hardware EL1 registers.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_vel1_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw);

/**
 * @brief Set the MPIDR_EL1 value L1's vCPU reads at vEL2 (its affinity). nvarm_shadow_vel2_load()
 *        puts it into the VMPIDR_EL2 slot (with MPIDR_EL1's RES1 bit 31 and RES0 bits applied);
 *        nvarm_shadow_vel1_load() puts L1's virtual VMPIDR_EL2 there instead. 0 after
 *        nvarm_vel2_init() (affinity 0.0.0.0, loaded as 0x80000000).
 * @param v     The vEL2 state.
 * @param mpidr The vCPU's MPIDR_EL1 as the L0 presents it to L1.
 * @return 0; ::NVARM_ERR_INVAL for a NULL pointer.
 */
int nvarm_shadow_set_mpidr(struct nvarm_vel2 *v, uint64_t mpidr);

/**
 * @brief Take an exception to L2's EL1 (Arm ARM AArch64.TakeException, target EL1): the
 *        UNDEFINED exception nvarm_fwd_route() asks for with target_el 1, for instance.
 *
 * Writes ELR_EL1 (= @p ps->pc), SPSR_EL1 (= @p ps->pstate), ESR_EL1 (SYNC/SERROR) and FAR_EL1
 * (when NVARM_EXCF_FAR) into @p el1 and marks them valid; computes the new PC (VBAR_EL1 +
 * 0x000/0x200 from EL1 with SP_EL0/SP_EL1, 0x400 from AArch64 EL0, 0x600 from AArch32 User
 * mode, + kind * 0x80) and PSTATE (EL1h,
 * DAIF masked, IL/SS/BTYPE/UAO cleared, NZCV/DIT kept, PAN set unless SCTLR_EL1.SPAN,
 * SSBS = SCTLR_EL1.DSSBS, ALLINT = NOT SCTLR_EL1.SPINTMASK with ::NVARM_EL1F_NMI in
 * @p el1's flags, TCO set with ::NVARM_EL1F_MTE). With ::NVARM_EL1F_NV_EL2 an exception from EL1
 * records EL2 in SPSR_EL1.M[3:2] (L2 is a guest hypervisor under L1's FEAT_NV). The caller makes
 * sure EL1 is the architectural target (L1's HCR_EL2.TGE = 0 for an exception from EL0) and moves
 * the four registers to wherever L2's EL1 context lives (the hardware while L2 runs).
 * @param el1  In: r[NVARM_EL1_VBAR_EL1], r[NVARM_EL1_SCTLR_EL1] and flags (::NVARM_EL1F_NMI,
 *             ::NVARM_EL1F_NV_EL2, ::NVARM_EL1F_MTE).
 *             Out: ELR/SPSR/ESR/FAR_EL1.
 * @param kind A ::nvarm_exc_kind.
 * @param exc  The syndrome (esr; far with NVARM_EXCF_FAR); may be NULL for IRQ/FIQ.
 * @param ps   In: L2's PC and PSTATE (AArch64 EL0t, EL1t or EL1h, or AArch32 User). Out: vector
 *             PC, new PSTATE.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers, a bad kind, a missing syndrome, the
 *         NVARM_EXCF_HPFAR flag (EL1 has no HPFAR) or a PSTATE that is not EL0/EL1 AArch64
 *         nor AArch32 User.
 */
int nvarm_el1_inject(struct nvarm_el1_regs *el1, enum nvarm_exc_kind kind,
		     const struct nvarm_vel2_exc *exc, struct nvarm_vcpu_pstate *ps);

/** @name HCR_EL2 bits returned by nvarm_shadow_hcr_bits() */
/**@{*/
#define NVARM_HCR_TVM  (UINT64_C(1) << 26) /**< Trap EL1 VM register writes. */
#define NVARM_HCR_TRVM (UINT64_C(1) << 30) /**< Trap EL1 VM register reads. */
#define NVARM_HCR_E2H  (UINT64_C(1) << 34) /**< EL2 host. */
#define NVARM_HCR_TGE  (UINT64_C(1) << 27) /**< Trap general exceptions. */
#define NVARM_HCR_NV   (UINT64_C(1) << 42) /**< Nested virtualization. */
#define NVARM_HCR_NV1  (UINT64_C(1) << 43) /**< Non-VHE nested virtualization. */
#define NVARM_HCR_NV2  (UINT64_C(1) << 45) /**< VNCR-backed nested virtualization. */
/**@}*/

/**
 * @brief The nesting bits L0 ORs into its HCR_EL2 while L1 runs in vEL2: NV always; NV1 for a
 *        non-VHE L1 (so stage-1 descriptors and ELR/SPSR/VBAR_EL1 behave as at EL2); NV2 with
 *        an NV2 host; TVM|TRVM for a non-VHE L1 on an NV-only host (its EL1 register
 *        accesses name vEL1 state, not the hardware shadow, so they must trap).
 * @param v The vEL2 state.
 * @return The bits (0 when @p v is NULL).
 */
uint64_t nvarm_shadow_hcr_bits(const struct nvarm_vel2 *v);

/**
 * @brief Whether a trapped access by L1 to register @p reg needs the hardware EL1 shadow folded
 *        back first (nvarm_shadow_vel2_save() before nvarm_sysreg_emulate()).
 *
 * False only for EL2 registers that no shadow row carries in either layout, other than
 * HCR_EL2 (whose E2H picks the layout): their value lives in the vEL2 file alone, and
 * emulating the access neither reads a mirrored register nor asks for a reload. An example
 * is TPIDR_EL2, which a VHE Linux reads on every per-CPU access and which traps under
 * FEAT_NV (FEAT_NV2 maps it to the VNCR page). True for every other id, including EL1, EL12
 * and EL0 names (a VHE L1's EL1-named access can be redirected to a mirrored EL2 register)
 * and ids outside the database.
 * @param reg A ::nvarm_sysreg_id (nvarm_trap::reg).
 * @return See above.
 */
bool nvarm_shadow_needs_sync(unsigned reg);

/**
 * @brief The hardware EL1 registers that carry one EL2 register in a shadow layout.
 *
 * A fast path for L1 reading one mirrored EL2 register (an MRS that trapped): instead of
 * folding back every hardware EL1 register, the L0 reads only the ones in the mask into a
 * copy of its ::nvarm_el1_regs, sets that copy's @c valid to the mask and calls
 * nvarm_shadow_vel2_save(), which then updates @p reg alone (rows whose EL1 register is not
 * valid are skipped). Other EL2 registers stay stale in the file until the next full save;
 * an L0 must still do a full save before anything else uses the file (a write, a RELOAD,
 * an ERET, a world switch).
 * @param vhe The layout the hardware holds (::NVARM_EL1F_VHE of the last load).
 * @param reg A ::nvarm_sysreg_id.
 * @return Bit mask of ::nvarm_el1_idx; 0 when no row carries @p reg in this layout (the file
 *         alone holds it) or @p reg is not an EL2 register.
 */
uint32_t nvarm_shadow_vel2_sources(bool vhe, unsigned reg);

/** @brief CPTR_EL2.TCPAC (bit 31 in both CPTR_EL2 layouts): trap EL1 accesses to CPACR_EL1. */
#define NVARM_CPTR_TCPAC (UINT64_C(1) << 31)

/**
 * @brief The CPTR_EL2 bits L0 ORs into its own CPTR_EL2 while L1 runs in vEL2 (and removes while
 *        L2 runs): TCPAC for a non-VHE L1 on an NV-only host. There CPACR_EL1 names L2's register
 *        but the hardware one holds L1's CPTR_EL2 shadow, and TVM/TRVM do not cover it (with NV2
 *        and NV1=1 the access goes to the VNCR page; a VHE L1 means its own CPTR_EL2).
 * @param v The vEL2 state.
 * @return The bits (0 when @p v is NULL).
 */
uint64_t nvarm_shadow_cptr_bits(const struct nvarm_vel2 *v);

/**
 * @brief How L0's own CPTR_EL2 traps the instructions of the FP-class features L1's CPU lacks
 *        (SVE, SME) while L1 runs in vEL2 and while L2 runs, so that they are UNDEFINED for it
 *        as on a PE without them.
 *
 * The vEL2 shadow (nvarm_shadow_vel2_load()) and L2's EL1 context (nvarm_shadow_vel1_load())
 * set CPACR_EL1.ZEN/SMEN to 0b11 for such a VM (no trap to L1's or L2's own EL1 vector, whose
 * syndrome would name a feature it does not have; nvarm_shadow_vel1_save() takes them out
 * again); L0's CPTR_EL2 then takes them (EC 0x19 / 0x1d), and L0 makes them UNDEFINED (for
 * L2, nvarm_fwd_route() says so: the feature is absent). L2's own CPACR_EL1 accesses are
 * then L0's to emulate: nvarm_shadow_cptr_l2_bits().
 * @param v      The vEL2 state.
 * @param l0_e2h L0's own HCR_EL2.E2H: the layout of its CPTR_EL2.
 * @param set    Out: bits L0 sets (E2H=0 layout: TZ, TSM).
 * @param clear  Out: bits L0 clears (E2H=1 layout: ZEN, SMEN).
 * @return 0, or ::NVARM_ERR_INVAL for NULL pointers.
 */
int nvarm_shadow_cptr_hidden(const struct nvarm_vel2 *v, bool l0_e2h, uint64_t *set,
			     uint64_t *clear);

/**
 * @brief The CPTR_EL2 bits L0 ORs into its own CPTR_EL2 while L2 runs: TCPAC when L2's
 *        CPACR_EL1 holds enables nvarm opened (nvarm_shadow_cptr_hidden()) and L2's accesses to
 *        it reach that hardware register, so that L0 emulates them (the opened fields read as
 *        the RES0 they are for L2 and stay open on a write).
 *
 * Not when the hardware runs L2 with HCR_EL2.{NV2,NV1,NV} = 0b111 (L1's guest hypervisor under
 * its FEAT_NV2, non-VHE): DDI 0487 D24.2 CPACR_EL1 (MRS/MSR at EL1) checks CPTR_EL2.TCPAC
 * before "EffectiveHCR_EL2_NVx() IN {'111'}" sends the access to NVMem[0x100], L1's VNCR page,
 * so L0's trap would take accesses that never reach the register. CPACR_EL12 is never trapped
 * by TCPAC at EL1. L1's own TCPAC for L2 is not this function's (nvarm_fwd_hw_traps()).
 * @param v      The vEL2 state.
 * @param hw_hcr The HCR_EL2 the hardware runs L2 with (its NV, NV1, NV2).
 * @return The bits (0 when @p v is NULL).
 */
uint64_t nvarm_shadow_cptr_l2_bits(const struct nvarm_vel2 *v, uint64_t hw_hcr);

/**
 * @brief The hardware ZCR_EL2 L0 runs L1 (@p l2 false) or L2 (@p l2 true) with (FEAT_SVE).
 *
 * The SVE vector length at an Exception level is the largest implemented one not above the
 * smallest ZCR_ELx.LEN that constrains it (DDI 0487 "Effective SVE vector length"): at EL2
 * ZCR_EL2 alone, at EL1 ZCR_EL1 and ZCR_EL2. L1's vEL2 runs at EL1 with its vZCR_EL2 in the
 * hardware ZCR_EL1 (the vEL2 shadow), so the hardware ZCR_EL2 is L0's own limit then; L2 runs
 * with its ZCR_EL1 and, in ZCR_EL2, the smaller of L0's limit and L1's vZCR_EL2. L0 writes the
 * result only when it differs from what the hardware holds (it changes only with L1's
 * ZCR_EL2). The vEL2 file must be current (L1's VHE writes of ZCR_EL1 at vEL2 folded back).
 * The value for L1 (@p l2 false) depends on the VM's configuration and @p l0_len only: an L0 may
 * take it once.
 * @param v      The vEL2 state.
 * @param l2     True for the value while L2 runs.
 * @param l0_len L0's limit, a ZCR_EL2.LEN (0xf: none).
 * @return The ZCR_EL2 value (@p l0_len's LEN for a VM without SVE or a NULL @p v).
 */
uint64_t nvarm_shadow_zcr_hw(const struct nvarm_vel2 *v, bool l2, uint64_t l0_len);

/**
 * @brief The hardware SMCR_EL2 L0 runs L1 (@p l2 false) or L2 (@p l2 true) with (FEAT_SME).
 *
 * As nvarm_shadow_zcr_hw() for the streaming vector length (DDI 0487 "Effective Streaming SVE
 * vector length": at EL2 SMCR_EL2.LEN alone, at EL1 the smaller of SMCR_EL1.LEN and
 * SMCR_EL2.LEN), and for FA64 and EZT0, which are enabled at EL1 only when SMCR_EL1's and
 * SMCR_EL2's both are (D24.2 SMCR_EL1.FA64, EZT0). L1's vEL2 runs at EL1 with its vSMCR_EL2 in
 * the hardware SMCR_EL1 (the vEL2 shadow), so the hardware SMCR_EL2 is L0's own limit then;
 * L2 runs with its SMCR_EL1 and, in SMCR_EL2, the smaller LEN of L0's limit and L1's
 * vSMCR_EL2, and the FA64/EZT0 that both have. L0 writes the result only when it differs from
 * what the hardware holds (it changes only with L1's SMCR_EL2). The vEL2 file must be current.
 * @param v      The vEL2 state.
 * @param l2     True for the value while L2 runs.
 * @param l0_lim L0's limit, an SMCR_EL2 value (LEN 0xf: no length limit; FA64, EZT0 as the
 *               host has them).
 * @return The SMCR_EL2 value (@p l0_lim's LEN, FA64 and EZT0 for a VM without SME or a NULL
 *         @p v).
 */
uint64_t nvarm_shadow_smcr_hw(const struct nvarm_vel2 *v, bool l2, uint64_t l0_lim);

/**
 * @brief Which world the hardware runs, for the PMU rules.
 */
enum nvarm_pmu_world {
	NVARM_PMU_WORLD_L1 = 1, /**< L1 (its virtual EL2 at the real EL1, its EL0 at EL0). */
	NVARM_PMU_WORLD_L2 = 2	/**< L2 (its EL1 and EL0 at the real EL1 and EL0). */
};

/** @brief The counter index of the cycle counter (PMCCNTR_EL0, filtered by PMCCFILTR_EL0). */
#define NVARM_PMU_CYCLE 31u

/**
 * @brief What the PMU rules read (FEAT_PMUv3 offered with ::NVARM_VMF_PMU): caller-filled,
 *        the L0 reads the hardware and L1's vEL2 file.
 */
struct nvarm_pmu_state {
	uint64_t l1_mdcr; /**< L1's MDCR_EL2 (vEL2 file): HPMN, HPME, HPMD, HCCD, HLP. */
	uint64_t pmcr;	  /**< PMCR_EL0 as L1 set it (the hardware's): DP. */
	uint8_t n;	  /**< PMCR_EL0.N at EL2: the hardware's event counters (0..31). */
	uint8_t pmuver;	  /**< ID_AA64DFR0_EL1.PMUVer L1 sees (0: no PMU). */
	uint8_t hpmn0;	  /**< ID_AA64DFR0_EL1.HPMN0 L1 sees: MDCR_EL2.HPMN may be 0. */
};

/**
 * @brief L1's effective MDCR_EL2.HPMN: the event counters of its guest.
 *
 * An HPMN above PMCR_EL0.N, or 0 without FEAT_HPMN0, is CONSTRAINED UNPREDICTABLE (DDI 0487
 * D24.3 MDCR_EL2.HPMN: as if an UNKNOWN value in 1..N); nvarm's choice is N.
 * @param p The PMU state.
 * @return The number of counters below HPMN (0 for NULL).
 */
unsigned int nvarm_pmu_hpmn(const struct nvarm_pmu_state *p);

/**
 * @brief The hardware MDCR_EL2 PMU fields (HPMN, HPME, HPMD, HCCD, HLP) for a world.
 *
 * L1's world: HPMN = N (EL2 sees every counter, and L1 reaches them from EL1), HPME 0 (no
 * counter at or above N), HPMD (FEAT_PMUv3p1) and HCCD (FEAT_PMUv3p5) set: nothing of the
 * VM counts at the real EL2, the L0's. L2's world: nvarm_pmu_hpmn(), L1's HPME and HLP,
 * HPMD/HCCD as for L1. TPM/TPMCR are not this function's (trap forwarding:
 * nvarm_fwd_hw_traps()).
 * @param p     The PMU state (@p p->pmuver 0: returns 0).
 * @param world The world the hardware runs next.
 * @return The field values; the caller replaces those fields of its MDCR_EL2
 *         (HPMN, HPME, HPMD, HCCD, HLP) with them. 0 for NULL.
 */
uint64_t nvarm_pmu_hw_mdcr(const struct nvarm_pmu_state *p, enum nvarm_pmu_world world);

/**
 * @brief The hardware value of an event filter (PMEVTYPER<n>_EL0, or PMCCFILTR_EL0 for
 *        ::NVARM_PMU_CYCLE) that makes counter @p idx count for a world as the Arm ARM's
 *        CountEvents rules say it counts natively.
 *
 * L1's world: L1 runs its EL2 at EL1, so the EL1 filter bit P of the result says whether the
 * counter counts at L1's EL2 (NSH, unless L1's MDCR_EL2.HPMD prohibits it for counters below
 * HPMN and the cycle counter with PMCR_EL0.DP, or HCCD for the cycle counter); U as L1 wrote
 * it; NSH, NSK, NSU 0 (the real EL2 is the L0's; L1 has no EL3). Counters at or above HPMN
 * without L1's HPME count nowhere (P and U set). L2's world: the raw value; L1's own counters
 * (HPMN and up) without NSH. The event number and other fields pass unchanged.
 * @param p      The PMU state.
 * @param world  The world the hardware runs next.
 * @param idx    The counter: 0..N-1, or ::NVARM_PMU_CYCLE.
 * @param filter The filter as L1 (or L2) wrote it.
 * @param[out] hw The value for the hardware register.
 * @return 0; ::NVARM_ERR_INVAL for NULL pointers or a bad @p world; ::NVARM_ERR_RANGE for
 *         an @p idx at or above N (other than the cycle counter).
 */
int nvarm_pmu_hw_filter(const struct nvarm_pmu_state *p, enum nvarm_pmu_world world,
			unsigned int idx, uint64_t filter, uint64_t *hw);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_SYSREG_H */
