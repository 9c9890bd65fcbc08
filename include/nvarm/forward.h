/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file forward.h
 * @brief Trap forwarding: route a trap taken while L2 ran to L1 (vEL2), to L0, or UNDEFINED.
 *
 * While L2 runs at EL1/EL0, the hardware traps to L0 for two reasons: L0's own trap
 * configuration and L1's virtual trap configuration (which L0 must honour, because
 * L1 believes it owns EL2). For each such trap, nvarm_fwd_route() answers what the
 * architecture would have done had L1 really been at EL2:
 *
 * - ::NVARM_FWD_FORWARD: one of L1's controls traps the instruction. Inject a
 *   synchronous exception into vEL2 with nvarm_fwd_result::esr as ESR_EL2.
 * - ::NVARM_FWD_UNDEF: the instruction is UNDEFINED for L1's VM (feature hidden from
 *   L1, EL2 access without HCR_EL2.NV, counter beyond HPMN, ...). Inject an
 *   UNDEFINED exception (EC 0x00) at nvarm_fwd_result::target_el.
 * - ::NVARM_FWD_HANDLE_IN_L0: none of L1's controls applies; the trap is L0's own
 *   (emulate the instruction for L2 as L0 normally would).
 *
 * Use: whenever L0 is about to enter L2, L1's virtual EL2 controls are fixed until the
 * next exit, so L0 calls nvarm_fwd_load() once with them (a few hundred instructions)
 * and nvarm_fwd_route() for every trap taken before L2 is next entered (tens of
 * instructions: a branch-free binary search over a sorted table plus bit tests).
 *
 * Contract with L0's own trap configuration: when running L2, L0 must program the
 * hardware so that everything L1 traps is also trapped to L0 (host traps are a
 * superset of guest traps, FGT included). Otherwise an exception that L1 wants
 * would be taken by L2's EL1 directly and never reach L0. Under that contract the
 * routing below is exact, including the FP/SVE/SME priority rewrites.
 *
 * Recursive nesting (L1 offered FEAT_NV/NV2: ::NVARM_VMF_L1NV, ::NVARM_VMF_L1NV2): when L1
 * sets HCR_EL2.{NV, NV1, NV2, AT} for its own guest (which then runs at L1's virtual EL2),
 * nvarm_fwd_hw_traps() passes those bits to the hardware and nvarm_fwd_route() answers as
 * the Arm ARM's EffectiveHCR_EL2_NVx() rules do: the guest's accesses to EL2 registers,
 * EL12/EL02 accessors and TLBI/AT at EL2, and its ERET, are forwarded with their ESR
 * unchanged; with L1's NV2
 * the registers the VNCR page (or, for ELR/SPSR/ESR/FAR_EL2, an EL1 register) holds are not
 * L1's traps (::NVARM_FWD_HANDLE_IN_L0): L0 runs such a guest with hardware NV2 and its
 * VNCR_EL2 pointing at L0's own mapping of the page L1's VNCR_EL2 names, so that they never
 * trap.
 *
 * No function here allocates, blocks or keeps global state. ::nvarm_fwd_ctx is
 * owned by the caller (one per vCPU); nvarm_fwd_route() only reads it, so it may run
 * concurrently with itself but not with nvarm_fwd_load() on the same context.
 *
 * @par Concurrency contract (SMP guest hypervisors)
 * The forwarding state (::nvarm_fwd_ctx, loaded from that vCPU's vEL2 trap controls) is
 * **per vCPU**: L1 programs HCR_EL2, MDCR_EL2, the FGT registers etc. per vCPU, and each
 * vCPU's L2 traps are routed with its own. Contexts of different vCPUs are independent (no
 * lock, nothing shared but the const rule tables); the VM-wide input, the feature set in
 * nvarm_fwd_load()'s arguments, is read-only. A trap is routed on the physical CPU that
 * took it, with the context of the vCPU that CPU was running.
 */
#ifndef NVARM_FORWARD_H
#define NVARM_FORWARD_H

#include "env.h"
#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief L1's virtual EL2 registers that control trapping (index into nvarm_fwd_vstate::reg). */
enum nvarm_fwd_vreg {
	NVARM_FWD_HCR_EL2 = 0, /**< HCR_EL2. */
	NVARM_FWD_HCRX_EL2,    /**< HCRX_EL2 (FEAT_HCX). */
	NVARM_FWD_MDCR_EL2,    /**< MDCR_EL2. */
	NVARM_FWD_CPTR_EL2,    /**< CPTR_EL2, in the layout selected by HCR_EL2.E2H. */
	NVARM_FWD_CNTHCTL_EL2, /**< CNTHCTL_EL2, in the layout selected by HCR_EL2.E2H. */
	NVARM_FWD_HSTR_EL2,    /**< HSTR_EL2 (AArch32 CP15 traps). */
	NVARM_FWD_ICH_HCR_EL2, /**< ICH_HCR_EL2 (GICv3 CPU interface traps). */
	NVARM_FWD_HFGRTR_EL2,  /**< HFGRTR_EL2 (FEAT_FGT). */
	NVARM_FWD_HFGWTR_EL2,  /**< HFGWTR_EL2 (FEAT_FGT). */
	NVARM_FWD_HFGITR_EL2,  /**< HFGITR_EL2 (FEAT_FGT). */
	NVARM_FWD_HDFGRTR_EL2, /**< HDFGRTR_EL2 (FEAT_FGT). */
	NVARM_FWD_HDFGWTR_EL2, /**< HDFGWTR_EL2 (FEAT_FGT). */
	NVARM_FWD_HAFGRTR_EL2, /**< HAFGRTR_EL2 (FEAT_FGT with FEAT_AMUv1). */
	NVARM_FWD_NR_VREGS     /**< Number of registers. */
};

/**
 * @brief Features L1's virtual CPU has: bit numbers for nvarm_fwd_vstate::features.
 *
 * A feature L1 does not have makes its registers and instructions UNDEFINED for L1's
 * VM and its trap-control bits RES0. Bit 0 is reserved (always treated as set).
 */
enum nvarm_fwd_feature {
	NVARM_FWD_FEAT_FGT = 1, /**< FEAT_FGT: HFG*TR/HDFG*TR/HAFGRTR. */
	NVARM_FWD_FEAT_ECV = 2, /**< FEAT_ECV: CNTHCTL_EL2.EL1TVT/EL1TVCT/EL1NVPCT/EL1NVVCT. */
	NVARM_FWD_FEAT_SVE = 3, /**< FEAT_SVE. */
	NVARM_FWD_FEAT_SME = 4, /**< FEAT_SME. */
	NVARM_FWD_FEAT_VHE = 5, /**< FEAT_VHE: HCR_EL2.E2H is writable. */
	NVARM_FWD_FEAT_E2H1_ONLY = 6,  /**< FEAT_E2H0 absent: HCR_EL2.E2H is RES1 (needs VHE). */
	NVARM_FWD_FEAT_NV = 7,	       /**< FEAT_NV: HCR_EL2.NV/NV1/AT (recursive nesting). */
	NVARM_FWD_FEAT_NV2 = 8,	       /**< FEAT_NV2: HCR_EL2.NV2. */
	NVARM_FWD_FEAT_PAUTH = 9,      /**< FEAT_PAuth: key registers, HCR_EL2.APK/API. */
	NVARM_FWD_FEAT_RAS = 10,       /**< FEAT_RAS: ERR* registers, HCR_EL2.TERR/TEA. */
	NVARM_FWD_FEAT_LOR = 11,       /**< FEAT_LOR: LOR* registers, HCR_EL2.TLOR. */
	NVARM_FWD_FEAT_PMU = 12,       /**< FEAT_PMUv3: PM* registers, MDCR_EL2.TPM/TPMCR/HPMN. */
	NVARM_FWD_FEAT_SPE = 13,       /**< FEAT_SPE: PMS*, PMB* registers, MDCR_EL2.TPMS/E2PB. */
	NVARM_FWD_FEAT_TRF = 14,       /**< FEAT_TRF: TRFCR_EL1, MDCR_EL2.TTRF. */
	NVARM_FWD_FEAT_TRBE = 15,      /**< FEAT_TRBE: TRB* registers, MDCR_EL2.E2TB. */
	NVARM_FWD_FEAT_AMU = 16,       /**< FEAT_AMUv1: AM* registers, CPTR_EL2.TAM, HAFGRTR_EL2. */
	NVARM_FWD_FEAT_GICV3 = 17,     /**< GICv3 system register interface, ICH_HCR_EL2. */
	NVARM_FWD_FEAT_WFXT = 18,      /**< FEAT_WFxT: WFIT/WFET. */
	NVARM_FWD_FEAT_MTE2 = 19,      /**< FEAT_MTE2: GMID_EL1, DC *G* ops, HCR_EL2.TID5. */
	NVARM_FWD_FEAT_HCX = 20,       /**< FEAT_HCX: HCRX_EL2. */
	NVARM_FWD_FEAT_EVT = 21,       /**< FEAT_EVT: HCR_EL2.TID4/TICAB/TOCU/TTLBIS/TTLBOS. */
	NVARM_FWD_FEAT_TLBIOS = 22,    /**< FEAT_TLBIOS: TLBI *OS. */
	NVARM_FWD_FEAT_TLBIRANGE = 23, /**< FEAT_TLBIRANGE: TLBI R*. */
	NVARM_FWD_FEAT_DPB = 24,       /**< FEAT_DPB: DC CVAP. */
	NVARM_FWD_FEAT_DPB2 = 25,      /**< FEAT_DPB2: DC CVADP. */
	NVARM_FWD_FEAT_CSV2_SCXT = 26, /**< FEAT_CSV2_2: SCXTNUM_ELx, HCR_EL2.EnSCXT. */
	NVARM_FWD_FEAT_LS64 = 27, /**< FEAT_LS64/LS64_V: LD64B/ST64B/ST64BV, HCRX EnALS/EnASR. */
	NVARM_FWD_FEAT_LS64_ACCDATA = 28, /**< FEAT_LS64_ACCDATA: ST64BV0, ACCDATA_EL1. */
	NVARM_FWD_FEAT_S1PIE = 29,	  /**< FEAT_S1PIE: PIR_EL1/PIRE0_EL1. */
	NVARM_FWD_FEAT_S1POE = 30,	  /**< FEAT_S1POE: POR_EL0/POR_EL1. */
	NVARM_FWD_FEAT_BRBE = 31,	  /**< FEAT_BRBE: BRB IALL/INJ. */
	NVARM_FWD_FEAT_SPECRES = 32,	  /**< FEAT_SPECRES: CFP/DVP/CPP RCTX. */
	NVARM_FWD_FEAT_XS = 33,		  /**< FEAT_XS: TLBI *nXS. */
	NVARM_FWD_FEAT_TCR2 = 34,	  /**< FEAT_TCR2: TCR2_EL1, HCRX_EL2.TCR2En. */
	NVARM_FWD_FEAT_SCTLR2 = 35,	  /**< FEAT_SCTLR2: SCTLR2_EL1, HCRX_EL2.SCTLR2En. */
	NVARM_FWD_FEAT_AA32EL1 = 36,	  /**< AArch32 at EL1/EL0 (HSTR_EL2 applies). */
	NVARM_FWD_FEAT_TRACE = 37,   /**< System-register trace unit (ETE/ETM): CPTR_EL2.TTA. */
	NVARM_FWD_FEAT_MOPS = 38,    /**< FEAT_MOPS: HCRX_EL2.MCE2/MSCEn, EC 0x27 exceptions. */
	NVARM_FWD_FEAT_LS64_V = 39,  /**< FEAT_LS64_V: ST64BV, HCRX_EL2.EnASR. */
	NVARM_FWD_FEAT_CMOW = 40,    /**< FEAT_CMOW: HCRX_EL2.CMOW. */
	NVARM_FWD_FEAT_NMI = 41,     /**< FEAT_NMI: MSR ALLINT, HCRX_EL2.TALLINT/VINMI/VFNMI. */
	NVARM_FWD_FEAT_PMUV3P1 = 42, /**< FEAT_PMUv3p1: MDCR_EL2.HPMD. */
	NVARM_FWD_FEAT_PMUV3P5 = 43, /**< FEAT_PMUv3p5: MDCR_EL2.HCCD, HLP. */
	NVARM_FWD_FEAT_RASV1P1 = 44, /**< FEAT_RASv1p1: ERXPFG*, ERXMISC2/3, HCR_EL2.FIEN. */
	NVARM_FWD_FEAT__COUNT = 45   /**< Number of feature bits in use (table checks). */
};

/** @brief Feature bit @p f (an ::nvarm_fwd_feature) as a mask for nvarm_fwd_vstate::features. */
#define NVARM_FWD_F(f) (UINT64_C(1) << (f))

/** @brief L1's virtual EL2 trap controls and feature set: the input of nvarm_fwd_load(). */
struct nvarm_fwd_vstate {
	uint64_t reg[NVARM_FWD_NR_VREGS]; /**< Raw values L1 wrote, indexed by ::nvarm_fwd_vreg. */
	uint64_t features;		  /**< NVARM_FWD_F() bits of the features L1 has. */
	uint8_t pmu_counters;		  /**< PMCR_EL0.N L1 sees (event counters, 0..31). */
};

/** @brief Number of trap-condition ids (size of nvarm_fwd_ctx::cgt). */
#define NVARM_FWD_CGT_IDS 128
/** @brief Room for per-rule verdicts in ::nvarm_fwd_ctx (>= the built-in rule count). */
#define NVARM_FWD_RULE_SLOTS 576
/** @brief Number of fine-grained trap slots (trap group x read/write). */
#define NVARM_FWD_FGT_SLOTS 10

/**
 * @brief Per-vCPU routing context (caller-owned, about 1 KiB).
 *
 * Filled by nvarm_fwd_load(); treat every field as private. Valid until L1's virtual
 * EL2 controls change (in practice: for one run of L2). Holds one verdict byte per
 * routing rule so that a trap costs a table search and one byte test.
 */
struct nvarm_fwd_ctx {
	uint8_t rule[NVARM_FWD_RULE_SLOTS];    /**< Per sysreg rule: bit c = forward access
						    class c; bit 4 = UNDEF unless forwarded;
						    bit 5 = HPMN check. */
	uint8_t cgt[NVARM_FWD_CGT_IDS];	       /**< Per trap condition: bit c set when it traps
						    access class c (c bit 0: read, bit 1: EL1). */
	uint64_t fgt[NVARM_FWD_FGT_SLOTS];     /**< Effective fine-grained traps, 1 = trap. */
	uint64_t features;		       /**< Effective feature bits (bit 0 set). */
	uint16_t hstr;			       /**< Effective HSTR_EL2.T<n> bits. */
	uint8_t hpmn;			       /**< Event counters accessible below EL2. */
	uint8_t tge;			       /**< Effective HCR_EL2.TGE. */
	uint32_t magic;			       /**< Set once loaded. */
	struct nvarm_fwd_vstate src;	       /**< Inputs of the last load (reload check). */
	uint64_t relevant[NVARM_FWD_NR_VREGS]; /**< Input bits that matter (reload check). */
	/** nvarm_fwd_hw_traps() per L0 layout (E2H 0, 1): HCR/MDCR/CPTR/HCRX_EL2 = (L0's & keep)
	 *  | set (L1's trap rules folded at load). */
	uint64_t hw_keep[2][4];
	uint64_t hw_set[2][4]; /**< See hw_keep. */
	uint64_t fgt_keep[6]; /**< nvarm_fwd_hw_traps(): each FGT register = (L0's & keep) | set. */
	uint64_t fgt_set[6];  /**< See fgt_keep. */
};

/** @brief What L0 must do with a trap (return value of nvarm_fwd_route()). */
enum nvarm_fwd_action {
	NVARM_FWD_HANDLE_IN_L0 = 0, /**< None of L1's controls applies: L0 handles it. */
	NVARM_FWD_FORWARD = 1,	    /**< Inject into vEL2 with nvarm_fwd_result::esr. */
	NVARM_FWD_UNDEF = 2	    /**< Inject UNDEFINED (ESR in nvarm_fwd_result::esr) at
					 nvarm_fwd_result::target_el. */
};

/**
 * @brief Short name of a ::nvarm_fwd_action value, e.g. "forward" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_fwd_action_name(unsigned v);

/** @brief The full answer of nvarm_fwd_route(). */
struct nvarm_fwd_result {
	uint64_t esr;		      /**< FORWARD: ESR_EL2 L1 must see. UNDEF: ESR of the UNDEFINED
					   exception (EC 0x00, IL copied). HANDLE_IN_L0: the input ESR. */
	enum nvarm_fwd_action action; /**< What to do. */
	uint8_t target_el;	      /**< Exception level the injection goes to: 2 = L1's vEL2,
					   1 = L2's EL1 (UNDEF only), 0 = none (HANDLE_IN_L0). */
	uint16_t line; /**< Source line of the table rule that decided (diagnostics), or 0. */
};

/**
 * @brief Compute the routing context for one vCPU from L1's virtual EL2 state.
 *
 * Sanitises every register against the features L1 has (bits of absent features are
 * RES0), folds the architectural interactions (HCR_EL2.TGE forces MDCR_EL2.TDE;
 * E2H selects the CPTR_EL2/CNTHCTL_EL2 layout; FGT is disabled when {E2H,TGE} =
 * {1,1}; HPMN is clamped to the counters L1 has) and evaluates every trap condition.
 * Calling it again with unchanged inputs only compares them (so L0 may call it on
 * every entry to L2, e.g. when L1's controls live in its VNCR page under FEAT_NV2).
 *
 * @param ctx Caller-owned context to fill: zero-filled or previously loaded (a loaded
 *            context is recognised and reused when the inputs did not change).
 * @param vs  L1's virtual EL2 controls and features (any values: guest-controlled).
 * @return ::NVARM_OK, or ::NVARM_ERR_INVAL if @p ctx or @p vs is NULL.
 */
int nvarm_fwd_load(struct nvarm_fwd_ctx *ctx, const struct nvarm_fwd_vstate *vs);

/**
 * @brief Route one trap taken from L2 to L1, L0 or UNDEFINED.
 *
 * Handles the exception classes L1's EL2 controls can cause: MSR/MRS/SYS (0x18),
 * WFx (0x01), AArch32 CP15 (0x03/0x04, HSTR_EL2), FP/SIMD (0x07), PAC (0x09),
 * LD64B/ST64B (0x0A), SVC (0x15, FGT), HVC (0x12/0x16), SMC (0x13/0x17), SVE (0x19),
 * ERET (0x1A), SME (0x1D), and debug exceptions from a lower EL (0x30, 0x32, 0x34,
 * 0x38, 0x3C; MDCR_EL2.TDE / HCR_EL2.TGE). Runs in bounded time without loops over
 * the rule table (a fixed-depth binary search).
 *
 * @param ctx    Context filled by nvarm_fwd_load().
 * @param esr    ESR_EL2 value of the trap L0 took (bits 63:56 must be zero).
 * @param src_el Exception level L2 was at (0 or 1), from SPSR_EL2.M.
 * @param res    Filled with the decision.
 * @return The ::nvarm_fwd_action (>= 0, also stored in @p res), or
 *         ::NVARM_ERR_INVAL (NULL pointer, @p src_el > 1, @p ctx not loaded),
 *         ::NVARM_ERR_BAD_ENCODING (an ESR that cannot describe a trap from EL0/EL1
 *         to EL2: reserved bits set, an HVC/SMC from EL0, a reserved SME trap code),
 *         ::NVARM_ERR_UNSUPPORTED (an exception class this module does not route, e.g.
 *         aborts, which belong to the stage-2 subsystem).
 */
int nvarm_fwd_route(const struct nvarm_fwd_ctx *ctx, uint64_t esr, unsigned int src_el,
		    struct nvarm_fwd_result *res);

/**
 * @brief The fine-grained trap of one system register or instruction: which FGT register and
 *        bit trap an EL1 access to it (DDI 0487 D24.2 HFGRTR_EL2, HFGWTR_EL2, HFGITR_EL2,
 *        HDFGRTR_EL2, HDFGWTR_EL2, HAFGRTR_EL2), from the forwarding rules themselves.
 *
 * For an L0 that traps an L1 register for its own reasons (e.g. SCTLR_EL1 of a VHE L1 with
 * TGE = 0: nvarm_shadow_vel2_sctlr_trap()) and wants no second copy of the FGT layout.
 * @param enc The register's packed encoding (NVARM_SYSREG_ENC(), or a register's NVARM_ENC_
 * constant).
 * @param is_read True for the read trap (MRS), false for the write trap (MSR, SYS).
 * @param[out] reg ::nvarm_fwd_vreg of the FGT register (::NVARM_FWD_HFGRTR_EL2 ...).
 * @param[out] bit The bit in it.
 * @param[out] negative True for an nXXX bit, which traps when 0.
 * @return 0; ::NVARM_ERR_NOENT when no fine-grained trap covers that access;
 *         ::NVARM_ERR_INVAL for a NULL output.
 */
int nvarm_fwd_fgt_bit(uint32_t enc, bool is_read, unsigned int *reg, unsigned int *bit,
		      bool *negative);

struct nvarm_vel2;

/**
 * @brief Build the input of nvarm_fwd_load() from L1's vEL2 register file (sysreg.h).
 *
 * Copies HCR, HCRX, MDCR, CPTR, CNTHCTL, HSTR, ICH_HCR and the fine-grained trap
 * registers out of the file (CPTR_EL2 and CNTHCTL_EL2 as stored, i.e. in the layout
 * of L1's current HCR_EL2.E2H) and derives the feature bits from the VM configuration
 * and the sanitised ID registers L1 reads (features whose ID field nvarm does not
 * model, e.g. FEAT_S1PIE, count as absent). Under FEAT_NV2 call
 * nvarm_vel2_sanitise() first: L1 writes its VNCR-backed controls without trapping.
 *
 * @param v            L1's vEL2 state (nvarm_vel2_init()).
 * @param pmu_counters PMCR_EL0.N L1 sees (event counters; values above 31 are clamped).
 * @param vs           Filled completely.
 * @return ::NVARM_OK, or ::NVARM_ERR_INVAL if @p v (or its configuration) or @p vs is NULL.
 */
int nvarm_fwd_vstate_from_vel2(const struct nvarm_vel2 *v, unsigned int pmu_counters,
			       struct nvarm_fwd_vstate *vs);

/**
 * @brief Which registers of nvarm_fwd_vstate_from_vel2()'s result differ from @p last now.
 *
 * The check before reusing the routing of the last entry into L2 (nvarm_fwd_load() and
 * nvarm_fwd_hw_traps() are functions of their input): one pass over the file's words, no
 * vstate built. Call nvarm_vel2_sanitise() first under FEAT_NV2, as for the build.
 *
 * @param v            L1's vEL2 state (nvarm_vel2_init()).
 * @param pmu_counters PMCR_EL0.N L1 sees, as for nvarm_fwd_vstate_from_vel2().
 * @param last         A vstate nvarm_fwd_vstate_from_vel2() filled (the caller may have
 *                     replaced registers of @p ignore in it since).
 * @param ignore       Bits (1 << ::nvarm_fwd_vreg) of registers not compared: those the
 *                     caller supplies itself (e.g. CNTHCTL_EL2 from its timer owner).
 * @return A mask of 1 << ::nvarm_fwd_vreg of the registers that differ, with bit
 *         ::NVARM_FWD_NR_VREGS set when the features or @p pmu_counters do; 0 when the
 *         build would give @p last (outside @p ignore); ::NVARM_ERR_INVAL for a NULL
 *         pointer.
 */
int nvarm_fwd_vstate_diff(const struct nvarm_vel2 *v, unsigned int pmu_counters,
			  const struct nvarm_fwd_vstate *last, uint32_t ignore);

/** @brief Hardware trap controls L0 runs L2 with (in/out of nvarm_fwd_hw_traps()). */
struct nvarm_fwd_hw {
	uint64_t hcr;	  /**< HCR_EL2. */
	uint64_t mdcr;	  /**< MDCR_EL2 (HPMN included). */
	uint64_t cptr;	  /**< CPTR_EL2, in the layout of L0's own HCR_EL2.E2H. */
	uint64_t hfgrtr;  /**< HFGRTR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hfgwtr;  /**< HFGWTR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hfgitr;  /**< HFGITR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hdfgrtr; /**< HDFGRTR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hdfgwtr; /**< HDFGWTR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hafgrtr; /**< HAFGRTR_EL2 (only with ::NVARM_FWD_HW_FGT). */
	uint64_t hcrx;	  /**< HCRX_EL2 (only with ::NVARM_FWD_HW_HCX). */
};

/** @brief nvarm_fwd_hw_traps() flag: L0 runs with HCR_EL2.E2H = 1 (CPTR_EL2 VHE layout). */
#define NVARM_FWD_HW_E2H 0x1u
/** @brief nvarm_fwd_hw_traps() flag: the hardware has FEAT_FGT, merge the FGT registers. */
#define NVARM_FWD_HW_FGT 0x2u
/** @brief nvarm_fwd_hw_traps() flag: the hardware has FEAT_HCX, merge HCRX_EL2. */
#define NVARM_FWD_HW_HCX 0x4u

/**
 * @brief Merge L1's trap controls into the hardware controls L0 runs L2 with.
 *
 * The contract of this header (host traps are a superset of L1's): @p hw holds L0's own
 * values on entry and, on return, those values with every control that makes L1 trap
 * something also set: HCR_EL2 (TID*, TIDCP, TACR, TSW, TPC, TPU, TICAB, TOCU, TTLB*,
 * TVM, TRVM, TDZ, TLOR, TERR, TWI, TWE, TSC, IMO/FMO for the GIC SGI registers; APK,
 * API, FIEN, EnSCXT cleared when L1 clears them), MDCR_EL2 (TPM, TPMCR, TDE, TDA,
 * TDOSA, TDRA, TDCC, TPMS, TTRF, E2PB/E2TB given to EL2, HPMN lowered to L1's),
 * CPTR_EL2 (FP, SVE, SME, trace, AMU, TCPAC, in either layout) and, with
 * ::NVARM_FWD_HW_FGT and FEAT_FGT for L1, the fine-grained trap registers (positive
 * bits ORed, nXXX bits cleared). Controls of features L1 lacks are never added, and
 * nothing L0 traps is ever removed, so L0 keeps every trap of its own; nvarm_fwd_route()
 * then answers ::NVARM_FWD_HANDLE_IN_L0 for those. Where the hardware control is
 * coarser than L1's (an EL0-only condition, a read-only FGT), L0 traps more than L1
 * asked for and the extra traps also come back as ::NVARM_FWD_HANDLE_IN_L0.
 * HCR_EL2 controls that change how L2 runs rather than what traps are L1's: DC, CD, ID,
 * PTW and FB are ORed in, BSU is the stronger of the two, and VI/VF/VSE (virtual IRQ, FIQ,
 * SError pending for L2) are passed while L1's IMO/FMO/AMO route that class to it.
 * HCR_EL2.{NV, NV1, AT, NV2} (recursive nesting) are ORed in as L1 set them, for the features
 * L1 has (NV1 not without FEAT_E2H0; NV1 and NV2 only with NV); with NV2 the L0 also points
 * the hardware VNCR_EL2 at its mapping of L1's VNCR page.
 * With ::NVARM_FWD_HW_HCX (the hardware has FEAT_HCX), HCRX_EL2: its enables (EnAS0, EnALS,
 * EnASR, TCR2En, SCTLR2En, MSCEn, and FGTnXS, whose 1 means fewer traps) are L0's AND L1's,
 * its traps (MCE2, TALLINT) L0's OR L1's, FnXS and CMOW are L1's, and so are VINMI/VFNMI while
 * L1's IMO/FMO pass its VI/VF (0 otherwise); an L1 without FEAT_HCX is taken as HCRX_EL2 = 0.
 * L0's own value for L1 itself is the caller's (HCRX_EL2 controls EL1 and EL0: the hardware's
 * while L1 runs at EL1 must be neutral for it, so no TALLINT). Not covered: CNTHCTL_EL2 and
 * ICH_HCR_EL2 (owned by the timer and GIC code), HSTR_EL2 (AArch32 only).
 *
 * @param ctx   Context filled by nvarm_fwd_load().
 * @param flags ::NVARM_FWD_HW_E2H, ::NVARM_FWD_HW_FGT, ::NVARM_FWD_HW_HCX.
 * @param hw    In: L0's own controls for running L2. Out: merged with L1's.
 * @return ::NVARM_OK; ::NVARM_ERR_INVAL for NULL pointers, an unloaded @p ctx or unknown
 *         @p flags (then @p hw is unchanged).
 */
int nvarm_fwd_hw_traps(const struct nvarm_fwd_ctx *ctx, unsigned int flags,
		       struct nvarm_fwd_hw *hw);

/** @brief Which table check failed (nvarm_fwd_table_error::kind). */
enum nvarm_fwd_check_kind {
	NVARM_FWD_CHECK_OK = 0,	       /**< No error. */
	NVARM_FWD_CHECK_UNSORTED,      /**< Sysreg rules not sorted by first encoding. */
	NVARM_FWD_CHECK_OVERLAP,       /**< Two encoding ranges overlap or repeat. */
	NVARM_FWD_CHECK_BAD_RANGE,     /**< A range is empty or uses bits outside an encoding. */
	NVARM_FWD_CHECK_RES0_BIT,      /**< A rule names a reserved bit of a register. */
	NVARM_FWD_CHECK_BAD_COMPOSITE, /**< A composite names an unknown or composite id. */
	NVARM_FWD_CHECK_BAD_ID,	       /**< A rule names an unknown condition or feature. */
	NVARM_FWD_CHECK_FIELD_OVERLAP, /**< Two register field lines overlap. */
	NVARM_FWD_CHECK_FGT_CONFLICT   /**< An FGT bit named with inconsistent polarity. */
};

/**
 * @brief Short name of a ::nvarm_fwd_check_kind value, e.g. "overlap" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_fwd_check_kind_name(unsigned v);

/** @brief Where nvarm_fwd_check_tables() found a problem. */
struct nvarm_fwd_table_error {
	enum nvarm_fwd_check_kind kind; /**< What is wrong. */
	uint8_t table;			/**< Internal table number (diagnostics). */
	uint16_t line;			/**< Source line of the offending table entry. */
	uint32_t index;			/**< Index of the offending entry in its table. */
};

/**
 * @brief Check the built-in rule tables (what the build cannot check statically).
 *
 * Sorted and non-overlapping encoding ranges, no rule naming a RES0 bit of the
 * register it tests (per E2H layout), every composite made of known simple
 * conditions, every fine-grained trap bit declared with one polarity.
 *
 * @param err Filled with the first problem found (may be NULL).
 * @return ::NVARM_OK when the tables are consistent, ::NVARM_ERR_STATE otherwise.
 */
int nvarm_fwd_check_tables(struct nvarm_fwd_table_error *err);

/**
 * @brief Number of sysreg/sys-instruction routing rules in the built-in table.
 * @return The count (always > 0).
 */
unsigned int nvarm_fwd_rule_count(void);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_FORWARD_H */
