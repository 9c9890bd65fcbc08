/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file s2mmu.h
 * @brief Shadow stage-2: L2 IPA -> PA tables built from L1's stage-2 and L0's stage-2.
 *
 * L2 runs under two stage-2 translations the hardware cannot chain: L1's (L2 IPA -> L1 IPA,
 * in L1 memory, configured by L1's virtual VTTBR_EL2/VTCR_EL2) and L0's (L1 IPA -> PA). This
 * module builds shadow tables (L2 IPA -> PA) in a page pool the embedder hands in, fills them
 * on demand from stage-2 faults taken while L2 runs, and keeps them coherent with L1's TLB
 * maintenance and with changes to L0's own stage-2.
 *
 * Typical L0 use:
 * - at init: nvarm_s2mmu_init() with a state buffer of nvarm_s2mmu_mem_bytes() bytes and
 *   nvarm_s2mmu_pool_add() with pages of the host granule;
 * - before entering L2: nvarm_s2mmu_get() with L1's VTTBR_EL2/VTCR_EL2, program the returned
 *   VTTBR/VTCR;
 * - on a stage-2 abort from L2: nvarm_s2mmu_handle_fault(), then resume L2, inject the
 *   returned syndrome into L1's vEL2, or handle the fault itself;
 * - on a trapped TLBI from L1: nvarm_s2mmu_tlbi();
 * - when L0 changes its own stage-2 for an L1 IPA range: nvarm_s2mmu_host_unmap().
 *
 * @par Concurrency contract (SMP guest hypervisors)
 * One ::nvarm_s2mmu context per VM (per L1) and it is **shared**: its shadow MMUs (one per
 * L1 stage-2 configuration, used by every vCPU of L1 that runs an L2 with it), the reverse
 * map and the page pool belong to the VM, not to a vCPU. Nothing in it is per-vCPU: what a
 * vCPU owns is only the MMU id it runs on and its own fault records.
 * - **What may run at once.** Every function taking a context may be called from several
 *   physical CPUs at the same time, provided nvarm_platform_ops::lock /
 *   nvarm_platform_ops::unlock are a real mutual-exclusion lock (a spinlock in an L0; the
 *   same lock for the whole context, the *context lock*; it need not be recursive). Without
 *   them the context must be used from one CPU at a time. nvarm_s2mmu_init() must finish
 *   before any other call; nvarm_s2mmu_translate() and nvarm_s2_guest_walk() take no lock
 *   (they read only the configuration fixed at init, and L1 memory through read_l1). With a
 *   lock, the library also makes atomic read-modify-writes of its own on a few words of the
 *   state buffer (compiler builtins: LDXR/STXR, or LSE atomics, on AArch64), among them the
 *   ::NVARM_S2MMU_LANES *lane locks* (below), small spinlocks it spins on with YIELD, so
 *   nvarm_s2mmu_config::mem must then be Normal cacheable memory shared by the CPUs that call
 *   in (as any memory a spinlock lives in), and a CPU must not be preempted or interrupted
 *   into this module while inside a call (an L0's trap handlers run with interrupts masked;
 *   a kernel embedder calls with preemption disabled, as it would hold a spinlock); without
 *   one it makes none (only plain, acquire and release loads and stores).
 * - **Lanes.** The L2 IPA space is dealt out to ::NVARM_S2MMU_LANES lanes by the span of one
 *   last-level shadow table (2M with a 4K host granule; lane = (IPA / span) mod
 *   ::NVARM_S2MMU_LANES), so a last-level table and every page leaf in it belong to one
 *   lane. A translation fault whose outcome is a page leaf in a last-level table that already
 *   exists (the common case once L2 runs) installs it holding **only its lane's lock**: it
 *   writes the descriptor and takes a reverse-map node from its lane's reserve onto the lane's
 *   *pending* list; a holder of the context lock that takes every lane files the pending
 *   nodes in the reverse map (drains the lanes) before anything else. So faults on different
 *   lanes (different 2M regions, say, one per vCPU) share no lock and write no common cache
 *   line, whichever CPUs take them, while every other change (new tables, blocks, replacing
 *   a leaf, reclaim, fault-around, TLBIs, host_* calls, MMU creation and recycling) holds
 *   the context lock and, with it, the lock of every lane that may install (an *open* lane:
 *   one with a reserve, below), drained: the state such a holder sees is exactly what it
 *   would be had those installs held the context lock. Four holders take fewer lanes, as they
 *   touch nothing a lane install elsewhere reads or writes, and (but for a TLBI by IPA) leave
 *   the pending nodes of the lanes they take where they are: a TLBI by IPA or range (the
 *   lanes of its range, widened to the largest leaf the MMU holds; by range, a pending leaf
 *   it removes gives its node straight back to its lane's reserve, without ever reaching the
 *   reverse map, so a leaf made and unmade between two refills of its lane costs no
 *   reverse-map work); a TLBI by range over several 2M units when no leaf larger than one
 *   is held, which works in pieces, one unit (and its lane) at a time, dropping the context
 *   lock between pieces (its first piece bumps the
 *   generations of its whole range: see "no invalidation is ever lost" below), so other
 *   CPUs wait for one piece at most, not the whole range; the refill of one lane's reserve
 *   (that lane); and a translation fault that installs a page leaf into an empty slot of its
 *   own lane's tables with a node and a pool page free, no reclaim needed (its lane). A fault
 *   only tries its lane lock for a moment and otherwise installs with the context lock (whose
 *   holder may keep lane locks across callbacks: it is not spun on). A lane gets a reserve
 *   of free reverse-map nodes (reserve and pending list up to ::NVARM_S2MMU_LANE_NODES
 *   together, leaving a 256th of nvarm_s2mmu_config::rmap_entries on the free list) from
 *   a fault that could have installed under its lane lock but for the nodes (a refill files
 *   the lane's pending nodes only when they fill more than half of it); a fault that finds
 *   the free list empty takes every reserve back before it reclaims anything (held nodes
 *   never cause an eviction), and a lane idle while a few context lock holders came and went
 *   gives its reserve back (nvarm_s2mmu_stats::lane_installs counts the lane installs).
 * - **What the context lock protects**: every shadow table and its descriptors, the page
 *   metadata, the free pool, the reverse map, the MMU records (hash, LRU stamps, running
 *   counts, shadow table cache) and the statistics, but for a lane install's own writes
 *   above. nvarm_s2mmu_get(), nvarm_s2mmu_get_running() of an existing MMU and
 *   nvarm_s2mmu_set_running() take only the context lock (a world switch takes no lane lock);
 *   every other entry point also takes the open lanes' locks (or some of them, above). The platform
 * callbacks tlbi, pa_to_va and log may be called with it held (and lane locks: they must not sleep)
 * and must not call back into this module (read_l1, cmpxchg_l1 and host_s2_lookup are called with
 * and without it; a fault holding only its lane lock calls none).
 * - **What a fault reads without a lock** (read-mostly state, so that faults on several CPUs
 *   overlap in all but their install): the MMU record's parsed L1 registers (fixed while the
 *   record lives), its in-flight counts (one per lane) and live flag (atomics: a fault pins the
 *   record by counting itself in flight in its lane and then checking the flag; destroying a
 *   record clears the flag and then checks every lane's count, both sequentially consistent,
 *   so a pinned record is never destroyed), the two invalidation generations (per MMU: bumped
 *   by every TLBI reaching it; per context: by every L0 stage-2 change and MMU destruction;
 *   written with the context lock held, read with acquire) and the L1 walk caches (one entry
 *   per lane, tagged with the MMU and the generations it was noted under, and two per MMU,
 *   so that two vCPUs faulting in turn both hit; each under a sequence count). A
 *   *translation* fault in nvarm_s2mmu_handle_fault() takes one lock: pin and snapshot
 *   without it, walk L1's tables and look up L0's stage-2, then lock its lane (or the
 *   context), check the generations and install. A permission or Access flag fault (or one
 *   whose MMU is being created or destroyed) takes the context lock twice: first to check the
 *   shadow tables for a spurious fault. An invalidation (nvarm_s2mmu_tlbi(),
 *   nvarm_s2mmu_host_unmap() and the other host_* calls) that completes between the snapshot
 *   and the install makes that fault redo its walk under the context lock, so **no
 *   invalidation is ever lost** to a fault racing with it (nvarm_s2mmu_stats::fault_retries
 *   counts those): the generations (the MMU's, the context's, and one per lane, which a TLBI
 *   by IPA or range bumps for the lanes of its range instead of the MMU's) are bumped only
 *   with the context lock, whose holder also holds the lock of every open lane the
 *   invalidation can reach, so the bump is either seen by the install's check or comes after
 *   the install, which the invalidation then removes. (A TLBI in pieces holds only the first
 *   piece's lane when it bumps the lanes of its whole range; an install in a lane it takes
 *   later either comes before that piece takes the lane, and the piece removes it, or after
 *   the piece released it, and then sees the bump.)
 *   Faults installing under their lane lock write only their lane's lines, their leaf's
 *   table and their reserve's node; the others write the MMU's LRU stamp only when another
 *   MMU was stamped since, and the walk caches only when the walk changed them.
 * - **read_l1 / cmpxchg_l1 / host_s2_lookup** may run on several CPUs at once and while the
 *   guest writes its tables: read_l1 must read each aligned 64-bit descriptor single-copy
 *   atomically (Arm ARM B2.2.1; a plain 64-bit load), cmpxchg_l1 must be atomic (LDXR/STXR
 *   or CAS), host_s2_lookup must read L0's stage-2 consistently without the lock.
 * - **L0 changing its own stage-2**: update L0's tables (so host_s2_lookup gives the new
 *   answer) *before* calling nvarm_s2mmu_host_unmap() / nvarm_s2mmu_host_wrprotect().
 * - **TLB maintenance the library asks for** (nvarm_platform_ops::tlbi): a shadow MMU may be
 *   in use on every CPU that runs a vCPU of the VM, so every call is for all of them: the L0
 *   issues the broadcast form for the shadow VMID it is given (::NVARM_TLBI_S2_IPA: TLBI
 *   IPAS2E1IS with that VMID in VTTBR_EL2, DSB ISH, then TLBI VMALLE1IS, since IPAS2E1
 *   leaves combined stage 1+2 entries alone; ::NVARM_TLBI_S2_VMALL, VMID-wide: TLBI
 *   VMALLS12E1IS) and completes it (DSB ISH) before the callback returns: the library
 *   reuses the freed shadow table pages right after (nvarm_bm_tlbi() of the bare-metal shim
 *   does exactly this).
 * - **L1's TLBI ...IS from one vCPU**: nvarm_s2mmu_tlbi() removes the shadow entries of
 *   every MMU the TLBI's VMID selects, for all vCPUs at once (the tables are shared), and
 *   has invalidated every CPU's TLB through the callback above by the time it returns, so
 *   when the L0 resumes L1 after the trapped TLBI, L1's following DSB has nothing left to
 *   wait for. The non-broadcast forms are treated the same (more than required). The L0
 *   itself still invalidates what is not shadow stage 2 (L1's own EL2 regime).
 * - **MMU lifetime**: an MMU with a non-zero running count (nvarm_s2mmu_get_running(),
 *   nvarm_s2mmu_set_running()), or with a fault in flight on it, is never recycled and its
 *   root is never freed; reclaim may
 *   evict its lower tables (break-before-make, with the broadcast TLBI above) but prefers
 *   idle MMUs. A CPU that enters L2 on an MMU shared with other CPUs takes it with
 *   nvarm_s2mmu_get_running() (lookup and mark in one critical section: a plain
 *   nvarm_s2mmu_get() followed by nvarm_s2mmu_set_running() leaves a window in which another
 *   CPU's nvarm_s2mmu_get() may recycle it) and drops it with nvarm_s2mmu_set_running(false)
 *   when it stops running L2 on it (world switch to L1, or VTTBR change). An L0 may also keep
 *   it counted while L1 runs and L1's stage-2 registers stay the same, and enter L2 again
 *   with the nvarm_s2mmu_hw it was given, without a lookup (the example L0 does: one MMU per
 *   vCPU then stays out of recycling while its L1 runs).
 */
#ifndef NVARM_S2MMU_H
#define NVARM_S2MMU_H

#include "env.h"
#include "err.h"
#include "types.h"
#include "platform.h"
#include "arm/s2desc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Stage-2 features L1 sees (its view of ID_AA64MMFR0/1/2_EL1). */
struct nvarm_s2mmu_features {
	uint8_t pa_bits;  /**< L1's PARange in bits: 32, 36, 40, 42, 44, 48 or 52. */
	uint8_t granules; /**< Stage-2 granules offered: ::nvarm_granule bits. */
	bool lpa;	  /**< FEAT_LPA: 52-bit output with the 64K granule. */
	bool lpa2;	  /**< FEAT_LPA2: VTCR_EL2.DS may be 1 (4K/16K, 52-bit). */
	bool ttst;	  /**< FEAT_TTST: small translation tables (T0SZ up to 48/47). */
	bool hafdbs;	  /**< FEAT_HAFDBS: VTCR_EL2.HA/HD are honoured. */
	bool xnx;	  /**< FEAT_XNX: XN[0] distinguishes EL1 and EL0 execution. */
};

/**
 * @name Granule bits of nvarm_s2mmu_features::granules
 * The project's one granule vocabulary is ::nvarm_granule (types.h); these names are the
 * same bits, kept for existing embedders.
 * @{
 */
#define NVARM_S2MMU_G4K	 NVARM_GRAN_4K	/**< 4KB granule (= ::NVARM_GRAN_4K). */
#define NVARM_S2MMU_G16K NVARM_GRAN_16K /**< 16KB granule (= ::NVARM_GRAN_16K). */
#define NVARM_S2MMU_G64K NVARM_GRAN_64K /**< 64KB granule (= ::NVARM_GRAN_64K). */
/** @} */

struct nvarm_vm_config;

/**
 * @brief The stage-2 features L1 sees, from the VM's configuration: the one feature set
 *        every subsystem derives from (nvarm_vm_config_init()).
 *
 * pa_bits from the effective PARange, granules from the effective ::nvarm_granule set, and
 * LPA/LPA2/TTST/HAFDBS/XNX from the sanitised ID_AA64MMFR0/1/2_EL1 values L1 reads (Arm ARM
 * D24.2 ID_AA64MMFR0_EL1: TGran4 0b0001 and TGran16 0b0010 say 52-bit addresses with those
 * granules, FEAT_LPA2; a 64K granule with PARange 0b0110 is FEAT_LPA).
 * @param vm    The VM's configuration.
 * @param guest Receives the features (every field written).
 * @return 0, or ::NVARM_ERR_INVAL for a NULL argument or a PARange encoding above 6.
 */
int nvarm_s2mmu_guest_from_vm(const struct nvarm_vm_config *vm, struct nvarm_s2mmu_features *guest);

/**
 * @brief The PA range (ID_AA64MMFR0_EL1.PARange encoding) a shadow stage-2 with host granule
 *        2^@p gshift can translate on a CPU: what an L0 may offer L1 (nvarm_vm_request::pa_range)
 *        and set nvarm_s2mmu_config::host_pa_bits / host_ia_bits to.
 *
 * The CPU's PARange (above 0b0110 counts as 52 bits), but 48 bits (0b0101) in place of 52
 * unless stage 2 has 52-bit descriptors with that granule (Arm ARM D24.2 ID_AA64MMFR0_EL1:
 * FEAT_LPA2 at stage 2 for 4K/16K, TGran4_2 / TGran16_2 or their stage-1 fields; FEAT_LPA for
 * 64K): a 52-bit L1 IPA space needs 52-bit shadow inputs, and the IPA size may not exceed the
 * shadow's PS.
 * @param mmfr0 The CPU's ID_AA64MMFR0_EL1.
 * @param gshift nvarm_s2mmu_config::host_granule_shift: 12, 14 or 16.
 * @return The encoding, 0..6; ::NVARM_ERR_INVAL for another @p gshift.
 */
int nvarm_s2mmu_host_pa_range(uint64_t mmfr0, unsigned gshift);

/** @brief Configuration of a shadow stage-2 context. */
struct nvarm_s2mmu_config {
	const struct nvarm_platform_ops *ops; /**< Needs read_l1, host_s2_lookup, pa_to_va, tlbi. */
	struct nvarm_s2mmu_features guest;    /**< What L1 is told it has. */
	uint8_t host_granule_shift;	      /**< Granule of the shadow tables: 12, 14 or 16. */
	/** Shadow input size: 32..48 (47 max with the 16K granule); up to 52 with host_pa_bits
	 *  52 (and then at most host_pa_bits). */
	uint8_t host_ia_bits;
	/** PA size the shadow VTCR_EL2.PS is set to: 32..48, or 52 for 52-bit descriptors
	 *  (VTCR_EL2.DS=1 with 4K/16K, which needs FEAT_LPA2 at stage 2; FEAT_LPA with 64K:
	 *  nvarm_s2mmu_host_pa_range() says whether the CPU has them). With 52, only the MMUs
	 *  whose L1 stage 2 needs 52-bit addresses (L1's VTCR_EL2.DS=1, 64K with a 52-bit PS,
	 *  IPAs above 48 bits) use them; the others use the 48-bit format (PS 48, DS=0, inputs
	 *  up to 48 bits, 47 with 16K), whose descriptors keep each leaf's shareability, and map
	 *  only PAs below 2^48 (above: ::NVARM_S2MMU_L0_RANGE). Pool pages at or above 2^48 make
	 *  every later MMU 52-bit (nvarm_s2mmu_pool_add()). */
	uint8_t host_pa_bits;
	bool host_fwb;	       /**< L0 runs L2 with HCR_EL2.FWB=1: shadow MemAttr in FWB layout. */
	bool host_fwb_as_l1;   /**< L0 runs L2 with HCR_EL2.FWB = L1's (overrides host_fwb):
				    each shadow MMU's MemAttr in the layout of its L1 FWB, so both
				    layouts combine exactly (force Write-Back, Write-Through). */
	bool host_xnx;	       /**< The real CPU has FEAT_XNX. */
	uint16_t hw_vmid_base; /**< Shadow MMU i runs with hardware VMID hw_vmid_base + i. */
	uint16_t max_mmus;     /**< Shadow MMUs kept at once, 1..NVARM_S2MMU_MAX_MMUS. */
	uint32_t max_pool_pages; /**< Pool pages that may ever be added. */
	uint32_t rmap_entries;	 /**< Shadow leaf entries trackable, 2..NVARM_S2MMU_MAX_RMAP. */
	/**
	 * Most pages one MMU's shadow root may take: 0 (or 16) lets the shadow start at the
	 * level that gives the fewest walk levels with up to 16 concatenated root tables (Arm
	 * ARM D8.2 "Translation tables": concatenated tables at the stage-2 initial lookup
	 * level; e.g. a 4K granule with 40..43 input bits walks 3 levels, not 4); 1 keeps one
	 * root page per MMU (one level more, one page per root); 2, 4 or 8 cap the
	 * concatenation. The shadow VTCR_EL2.SL0 (nvarm_s2mmu_hw::vtcr) follows the choice, and
	 * nvarm_s2mmu_stats::root_pages / nvarm_s2mmu_stats::levels report it.
	 */
	uint8_t max_root_pages;
	/**
	 * Fault-around: 0 or 1 (off), or a power of two up to ::NVARM_S2MMU_MAX_FAULT_AROUND,
	 * the number of host-granule pages in the naturally aligned L2 IPA window around a
	 * fault that the fault also maps. When nvarm_s2mmu_handle_fault() resolves a
	 * translation fault by installing a shadow page (a leaf of the host granule, from an L1
	 * leaf at least that large), it also installs every absent page of the window (clipped
	 * to the L1 table its walk ended in) that a fault on it would install right now: with
	 * the rest of the fault's unlocked half, one nvarm_platform_ops::read_l1 of the
	 * window's L1 descriptors (up to 512 bytes), and per page a valid L1 leaf with AF set (a
	 * descriptor with AF = 0 is left to its own fault, so that L1's Access flag handling
	 * sees it), an output address L0 maps as RAM (host_s2_lookup, reused within an L0 block
	 * of nvarm_host_s2_map::block_shift) in range, permissions L1 ∩ L0 (without the
	 * dirty-state update a write fault would make) and the combined attributes; then, with
	 * the lock held and under the same invalidation check as the fault's own leaf, the
	 * install. The extra entries are tracked like any other (L1's TLBIs and
	 * nvarm_s2mmu_host_unmap() remove them); it leaves a quarter of the reverse map free
	 * for faults (it stops there, never reclaims, never fails the fault, and needs no pool
	 * page: the window is in the fault's shadow table). Each entry costs a reverse-map entry
	 * and some tens of instructions, and saves L2 a stage-2 fault (a trap round trip through
	 * L0) if it touches the page. read_l1 must read each aligned 64-bit word of a range
	 * single-copy atomically (a copy by 64-bit loads).
	 * nvarm_s2mmu_stats::fault_around_leaves counts the entries. At its largest, when the
	 * L1 table maps the whole aligned region of a shadow level-2 block (2M with a 4K host
	 * granule) linearly, every descriptor a valid leaf with AF set and the attributes of the
	 * fault's own, inside one L0 block, the fault installs that one block instead (L1's
	 * descriptors compared in read_l1 chunks of 64; a TLBI or L0 unmap of any page of it
	 * removes the block, after which its pages fault again).
	 */
	uint16_t fault_around;
	void *mem;	 /**< State buffer, 8-byte aligned. */
	size_t mem_size; /**< Bytes at nvarm_s2mmu_config::mem, at least nvarm_s2mmu_mem_bytes(). */
};

/** @brief Largest nvarm_s2mmu_config::max_mmus. */
#define NVARM_S2MMU_MAX_MMUS 256
/** @brief Largest nvarm_s2mmu_config::fault_around (pages per fault). */
#define NVARM_S2MMU_MAX_FAULT_AROUND 64
/** @brief Largest nvarm_s2mmu_config::rmap_entries (20-bit node indices). */
#define NVARM_S2MMU_MAX_RMAP (1u << 20)
/** @brief Largest number of pool regions (nvarm_s2mmu_pool_add() calls). */
#define NVARM_S2MMU_MAX_REGIONS 8
/**
 * @brief Smallest nvarm_s2mmu_config::max_pool_pages a configuration with a single root page
 *        accepts (nvarm_s2mmu_config::max_root_pages = 1): one walk's tables (root + one per
 *        lower level) with the shadow starting at level 0. A shadow starting at level 1 (e.g.
 *        4K granule, 39-bit input; 64K granule, 48-bit) needs 3. With a concatenated root the
 *        minimum is NVARM_S2MMU_ROOT_PAGES() + the levels below the root (at most 18:
 *        nvarm_s2mmu_stats::min_pool_pages says which).
 */
#define NVARM_S2MMU_MIN_POOL_PAGES 4

/** @cond NVARM_INTERNAL */
/* index bits of the root: ia - gshift - (levels - 1) * stride, levels = (ia - 8) / stride */
#define NVARM_S2MMU_ROOT_BITS_(gshift, ia_bits)                                                    \
	((unsigned)(ia_bits) - (gshift) -                                                          \
	 (((unsigned)(ia_bits)-8) / ((gshift)-3) - 1) * ((gshift)-3))
/** @endcond */

/**
 * @brief Pages of each MMU's shadow root with nvarm_s2mmu_config::max_root_pages = 0: the
 *        fewest walk levels, up to 16 concatenated root tables (compile-time usable).
 *
 * The walk resolves ia_bits - gshift bits above the page offset in n levels of gshift - 3
 * bits, the root up to 4 more: n = ceil((ia_bits - gshift - 4) / (gshift - 3)), which is
 * (ia_bits - 8) / (gshift - 3) rounded down, and the
 * root takes 2^(root bits - (gshift - 3)) pages when it resolves more than one page's worth.
 * E.g. 1 (4K granule, 48 bits: 4 levels), 2 (4K, 40 bits: 3 levels), 16 (64K, 46 bits: 2
 * levels).
 * @param gshift nvarm_s2mmu_config::host_granule_shift (12, 14, 16).
 * @param ia_bits nvarm_s2mmu_config::host_ia_bits.
 */
#define NVARM_S2MMU_ROOT_PAGES(gshift, ia_bits)                                                    \
	(NVARM_S2MMU_ROOT_BITS_(gshift, ia_bits) > (gshift)-3                                      \
	     ? 1u << (NVARM_S2MMU_ROOT_BITS_(gshift, ia_bits) - ((gshift)-3))                      \
	     : 1u)

/** @brief Bytes of reverse map per trackable shadow leaf entry. */
#define NVARM_S2MMU_RMAP_BYTES_PER_ENTRY 16
/** @brief Bytes of bookkeeping per pool page. */
#define NVARM_S2MMU_PAGE_META_BYTES 32
/** @brief Bytes of bookkeeping per shadow MMU. */
#define NVARM_S2MMU_MMU_BYTES 192

/**
 * @brief Fault lanes of a context: the L2 IPA space is split into lanes by the span of one
 *        last-level shadow table (2M with a 4K host granule, 32M with 16K, 512M with 64K;
 *        lane = (L2 IPA / span) mod NVARM_S2MMU_LANES), each with its own lock, so that
 *        translation faults on different lanes install without contending (see the
 *        concurrency contract above).
 */
#define NVARM_S2MMU_LANES 16
/**
 * @brief Cache-line multiple each lane is aligned and padded to (two 64-byte lines: no
 *        false sharing between lanes, also with 128-byte lines or adjacent-line prefetch).
 */
#define NVARM_S2MMU_LANE_ALIGN 128
/**
 * @brief Reverse-map nodes a lane holds at most (its reserve and its pending installs
 *        together): also the most pending installs a holder of the whole state files per lane.
 *        A whole last-level table's worth with the 4K granule, so that a vCPU filling a 2M
 *        region between two TLBIs of it neither refills nor files anything in the reverse map.
 */
#define NVARM_S2MMU_LANE_NODES 512
/**
 * @brief Bytes of one lane for @p mmus MMU records: its header, a 16-bit in-flight count per
 *        MMU, then its reserve (4 bytes per node) and its pending installs (16 bytes each),
 *        rounded up to ::NVARM_S2MMU_LANE_ALIGN.
 */
#define NVARM_S2MMU_LANE_BYTES(mmus)                                                               \
	(((size_t)NVARM_S2MMU_LANE_ALIGN + 2 * (size_t)(mmus) + 15 +                               \
	  20 * (size_t)NVARM_S2MMU_LANE_NODES + NVARM_S2MMU_LANE_ALIGN - 1) /                      \
	 NVARM_S2MMU_LANE_ALIGN * NVARM_S2MMU_LANE_ALIGN)

/**
 * @brief State buffer size for a configuration (compile-time usable): MMU records, page
 *        metadata, reverse map, the lanes and the slack that aligns them.
 * @param mmus nvarm_s2mmu_config::max_mmus.
 * @param pages nvarm_s2mmu_config::max_pool_pages.
 * @param rmap nvarm_s2mmu_config::rmap_entries.
 */
#define NVARM_S2MMU_MEM_BYTES(mmus, pages, rmap)                                                   \
	((size_t)(mmus)*NVARM_S2MMU_MMU_BYTES + (size_t)(pages)*NVARM_S2MMU_PAGE_META_BYTES +      \
	 (size_t)(rmap)*NVARM_S2MMU_RMAP_BYTES_PER_ENTRY +                                         \
	 (size_t)NVARM_S2MMU_LANES * NVARM_S2MMU_LANE_BYTES(mmus) + NVARM_S2MMU_LANE_ALIGN)

/**
 * @brief Shadow leaf entries that keep @p pct percent of @p l2_bytes of L2 memory resident
 *        when it is mapped with pages of the host granule 2^@p gshift (the worst case: L1 or
 *        L0 maps it with pages; blocks need fewer), plus the one node that is never used.
 *
 * @p pct = 100 is "fully resident" (no reclaim once L2 has touched all its memory); smaller
 * values trade reclaims (refaults) for memory: the shadow tables are a cache and any value
 * down to the minimum (nvarm_s2mmu_init()) works. Compile-time usable.
 * @param l2_bytes L2 memory (sum over the L2 VMs sharing the context).
 * @param gshift nvarm_s2mmu_config::host_granule_shift.
 * @param pct Percentage to keep resident, 1..100.
 */
#define NVARM_S2MMU_RMAP_FOR(l2_bytes, gshift, pct)                                                \
	((((uint64_t)(l2_bytes) >> (gshift)) / 100 * (pct) +                                       \
	  (((uint64_t)(l2_bytes) >> (gshift)) % 100 * (pct) + 99) / 100) +                         \
	 2)

/**
 * @brief Pool pages that hold the shadow tables for NVARM_S2MMU_RMAP_FOR() leaves of one
 *        contiguous L2 IPA range, plus a root per MMU and one table per upper level.
 *
 * Leaf tables: one per 2^(@p gshift - 3) leaves (+1 for an unaligned start); the level above:
 * one per 2^(@p gshift - 3) of those (+1); then one table each for the (at most two) levels
 * above that, and @p mmus roots of 16 pages each (the largest concatenated root: with a
 * known input size, NVARM_S2MMU_ROOT_PAGES() is the exact figure; the pool then also holds
 * the aligned runs the roots need). Never below the minimum of nvarm_s2mmu_init().
 * Compile-time usable; the state buffer is then NVARM_S2MMU_MEM_BYTES(@p mmus, this,
 * NVARM_S2MMU_RMAP_FOR(...)) bytes.
 * @param l2_bytes L2 memory.
 * @param gshift Host granule shift (12, 14, 16).
 * @param mmus nvarm_s2mmu_config::max_mmus.
 * @param pct Percentage to keep resident, 1..100.
 */
#define NVARM_S2MMU_POOL_PAGES_FOR(l2_bytes, gshift, mmus, pct)                                    \
	((NVARM_S2MMU_RMAP_FOR(l2_bytes, gshift, pct) >> ((gshift)-3)) + 1 +                       \
	 (NVARM_S2MMU_RMAP_FOR(l2_bytes, gshift, pct) >> (2 * ((gshift)-3))) + 1 + 2 +             \
	 16 * (mmus))

/** @brief One region of pool pages (internal bookkeeping). */
struct nvarm_s2mmu_region {
	uint64_t pa;	/**< PA of the first page. */
	void *va;	/**< Where it is mapped (pa_to_va of the first page). */
	uint32_t first; /**< Index of its first page in the page metadata. */
	uint32_t count; /**< Pages in the region. */
};

/** @brief Root geometry and descriptor format shared by a class of shadow MMUs. */
struct nvarm_s2mmu_geo {
	int8_t root_level;  /**< Start level of the MMU's shadow tables. */
	uint8_t root_bits;  /**< Index bits resolved at the root level (all its pages). */
	uint8_t root_pages; /**< Concatenated pages of the MMU's root (1..16). */
	uint8_t oa_fmt;	    /**< Descriptor format (NVARM_S2_OA_* in s2mmu_internal.h): 48-bit,
				 VTCR_EL2.DS=1 (4K/16K) or FEAT_LPA (64K). */
	uint8_t ia_bits;    /**< Input size (VTCR_EL2.T0SZ = 64 - ia_bits). */
	uint8_t pa_bits;    /**< Output size (VTCR_EL2.PS). */
	uint64_t oa_mask;   /**< Descriptor bits holding OA bits in place (OA[47 or 49:g]). */
};

/**
 * @brief A shadow stage-2 context: one per VM. Caller-owned; treat every member as private.
 */
struct nvarm_s2mmu {
	/* read by every fault: written at init, by nvarm_s2mmu_pool_add() or now and then */
	struct nvarm_s2mmu_config cfg; /**< Copy of the configuration. */
	struct nvarm_s2mmu_region regions[NVARM_S2MMU_MAX_REGIONS]; /**< Pool regions. */
	unsigned nregions;					    /**< Regions in use. */
	uint32_t npages;					    /**< Pool pages added so far. */
	uint8_t slots_shift; /**< log2 of descriptors per shadow table page. */
	uint8_t lshift[4];   /**< log2 of the size one descriptor maps, per level. */
	uint8_t leaf_levels; /**< Bit (level + 1) set where shadow leaves may be placed. */
	/**
	 * Shadow MMU geometries and descriptor formats: [0] the configured one (host_ia_bits,
	 * host_pa_bits); [1] with host_pa_bits 52, the 48-bit format (per-descriptor
	 * shareability, VTCR_EL2.DS=0, inputs up to 48 bits, 47 with 16K) for the MMUs whose
	 * L1 stage 2 needs no 52-bit address, else a copy of [0].
	 */
	struct nvarm_s2mmu_geo geo[2];
	uint8_t narrow_ok;    /**< 1: new MMUs may take geo[1] (a 52-bit host, pool below 2^48). */
	void *mmus;	      /**< Shadow MMU records (in cfg.mem). */
	void *pages;	      /**< Page metadata (in cfg.mem). */
	void *rmap;	      /**< Reverse-map nodes (in cfg.mem). */
	void *lanes;	      /**< The ::NVARM_S2MMU_LANES fault lanes (in cfg.mem, aligned). */
	uint32_t inval_gen;   /**< Bumped by every L0 stage-2 change and MMU destruction
				   (with the lock held; faults read it without). */
	uint32_t table_epoch; /**< Bumped whenever a shadow table page is freed (lanes' table
				   caches name pages only while it stands). */
	/**
	 * Keeps the fields above, which faults on every CPU read, off the cache lines of those
	 * below, which the lock holder writes (per removed leaf, in a long TLBI).
	 */
	uint8_t line_gap[128];
	uint32_t free_head;	      /**< First free pool page + 1 (0: none). */
	uint32_t free_pages;	      /**< Pages on the free list. */
	uint32_t rmap_free;	      /**< First free reverse-map node (0: none). */
	uint32_t rmap_used;	      /**< Reverse-map nodes in use (= shadow leaf entries). */
	uint32_t table_pages;	      /**< Pool pages in use as shadow tables. */
	uint32_t stamp;		      /**< LRU clock. */
	uint32_t lanes_open;	      /**< Bit per lane with a reserve of nodes (with the lock). */
	uint32_t lanes_held;	      /**< Bit per lane whose lock the lock holder holds. */
	uint32_t lane_nodes;	      /**< Free reverse-map nodes held in lanes' reserves. */
	uint64_t reclaim_passes;      /**< Reclaim passes (faults or roots that had to evict). */
	uint64_t reclaim_pages;	      /**< Table pages evicted by reclaim. */
	uint64_t reclaim_leaves;      /**< Shadow leaf entries evicted by reclaim. */
	uint64_t fault_retries;	      /**< Faults redone under the lock (an invalidation overtook
					   their unlocked walk). */
	uint64_t fault_around_leaves; /**< Shadow leaves installed by fault-around. */
};

/** @brief L1's stage-2 configuration that selects a shadow MMU. */
struct nvarm_s2mmu_l1_regs {
	uint64_t vttbr;	 /**< L1's VTTBR_EL2 (BADDR, VMID, CnP). */
	uint64_t vtcr;	 /**< L1's VTCR_EL2. */
	bool big_endian; /**< L1's SCTLR_EL2.EE: its tables are big-endian. */
	bool fwb;	 /**< L1's HCR_EL2.FWB: its MemAttr use the FWB layout. */
	/**
	 * L1's HCR_EL2.VM: its stage-2 translation for L2 is enabled. With false (VM=0) L1's
	 * stage 2 does nothing: an L2 IPA is the L1 IPA of the same value (VTTBR_EL2/VTCR_EL2
	 * are not used for translation), every access is permitted and the attributes are
	 * stage 1's (walks report MemAttr 0xf, or 0x7 in the FWB layout, and SH 0); a shadow
	 * MMU for it maps L2 IPA -> L0's stage-2 mapping of the same L1 IPA. A zero-initialised
	 * structure therefore means stage 2 off: set it from HCR_EL2.VM.
	 */
	bool vm;
};

/** @brief What L0 programs into the real registers to run L2 on a shadow MMU. */
struct nvarm_s2mmu_hw {
	uint64_t vttbr; /**< Root PA | hardware VMID << 48 (root PA[51:48] in bits [5:2]
			     with host_pa_bits 52). */
	uint64_t vtcr;	/**< T0SZ, SL0, TG0, PS, IRGN/ORGN WB, SH inner, VS, for the MMU's
			     own format and root geometry (nvarm_s2mmu_config::host_pa_bits);
			     with the 52-bit format and 4K/16K, DS=1 and SH every leaf's (L1's
			     VTCR_EL2.SH0 combined with inner when L1 runs DS=1, else inner). */
};

/**
 * @name Access kinds (bit set) for a walk
 * One vocabulary with the permissions (::nvarm_perm, platform.h): an access of a kind needs
 * the permission of the same bit, so these are those bits under the names walks use.
 * @{
 */
#define NVARM_S2_ACC_R	NVARM_PERM_R  /**< Data read (also cache maintenance, stage-1 walks). */
#define NVARM_S2_ACC_W	NVARM_PERM_W  /**< Data write. */
#define NVARM_S2_ACC_XP NVARM_PERM_XP /**< Instruction fetch at EL1. */
#define NVARM_S2_ACC_XU NVARM_PERM_XU /**< Instruction fetch at EL0. */
/** @} */

/** @brief Stage-2 fault types (the FSC families of arm/esr.h). */
enum nvarm_s2_fault {
	NVARM_S2_FAULT_NONE = 0,    /**< No fault. */
	NVARM_S2_FAULT_TRANSLATION, /**< Translation fault. */
	NVARM_S2_FAULT_ADDR_SIZE,   /**< Address size fault. */
	NVARM_S2_FAULT_ACCESS,	    /**< Access flag fault. */
	NVARM_S2_FAULT_PERMISSION,  /**< Permission fault. */
	NVARM_S2_FAULT_EXT_WALK	    /**< Synchronous external abort on a table walk. */
};

/**
 * @brief Short name of a ::nvarm_s2_fault value, e.g. "translation" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_s2_fault_name(unsigned v);

/** @brief Result of a guest stage-2 walk (nvarm_s2_guest_walk()). */
struct nvarm_s2_walk {
	nvarm_ipa1_t oa;	   /**< L1 IPA the input maps to (valid without fault). */
	uint8_t leaf_shift;	   /**< log2 of the leaf (page or block) size. */
	int8_t level;		   /**< Level of the leaf, or of the fault. */
	enum nvarm_s2_fault fault; /**< Whether, and how, the walk faults. */
	uint8_t perm;		   /**< ::nvarm_perm the descriptor grants now. */
	uint8_t memattr;	   /**< MemAttr[3:0] as L1 wrote it. */
	uint8_t sh;		   /**< Shareability (from VTCR_EL2.SH0 when DS=1). */
	bool dbm;		   /**< Descriptor has DBM set. */
	uint64_t desc;		   /**< Leaf (or faulting) descriptor, CPU byte order. */
	nvarm_ipa1_t desc_ipa;	   /**< L1 IPA of that descriptor. */
};

/**
 * @brief Walk L1's stage-2 for one L2 IPA, following AArch64.S2Walk.
 *
 * Every table read goes through nvarm_platform_ops::read_l1; the walk reads at most five
 * descriptors (none when nvarm_s2mmu_l1_regs::vm is false: the identity). With @p update, hardware
 * Access flag and dirty state updates L1 enabled (VTCR_EL2.HA/HD, when the feature is offered) are
 * made with nvarm_platform_ops::cmpxchg_l1.
 * @param feat L1's features.
 * @param regs L1's VTTBR_EL2/VTCR_EL2/endianness.
 * @param ops Platform ops (read_l1; cmpxchg_l1 when @p update).
 * @param ipa The L2 IPA.
 * @param access ::nvarm_perm bits of the access (0: translate only, no permission check).
 * @param update Perform hardware AF/dirty updates.
 * @param out Result; out->fault says whether L1's stage-2 faults.
 * @return 0 (also when the walk faults), ::NVARM_ERR_INVAL for NULL arguments,
 *         ::NVARM_ERR_PLATFORM when a callback failed other than by ::NVARM_ERR_GUEST_MEM.
 */
int nvarm_s2_guest_walk(const struct nvarm_s2mmu_features *feat,
			const struct nvarm_s2mmu_l1_regs *regs,
			const struct nvarm_platform_ops *ops, nvarm_ipa2_t ipa, unsigned access,
			bool update, struct nvarm_s2_walk *out);

/**
 * @brief Bytes of state buffer a configuration needs.
 * @param max_mmus nvarm_s2mmu_config::max_mmus.
 * @param max_pool_pages nvarm_s2mmu_config::max_pool_pages.
 * @param rmap_entries nvarm_s2mmu_config::rmap_entries.
 * @return The size (the same as NVARM_S2MMU_MEM_BYTES()).
 */
size_t nvarm_s2mmu_mem_bytes(unsigned max_mmus, uint32_t max_pool_pages, uint32_t rmap_entries);

/**
 * @brief Initialise a context.
 * @param s Context to initialise.
 * @param cfg Configuration (copied).
 *
 * Shadow geometry: the shadow starts at the level that needs the fewest walk levels with a
 * root of at most nvarm_s2mmu_config::max_root_pages concatenated pages (16 by default:
 * NVARM_S2MMU_ROOT_PAGES()); nvarm_s2mmu_hw::vtcr carries the matching VTCR_EL2.SL0 and
 * T0SZ, and nvarm_s2mmu_hw::vttbr a root aligned to its size.
 *
 * Minimum memory: one fault must be able to hold its whole shadow walk, the root and one
 * table per lower level, so nvarm_s2mmu_config::max_pool_pages must be at least
 * (root pages) + 3 - (shadow start level) pages (NVARM_S2MMU_MIN_POOL_PAGES = 4 suffices
 * with a single root page; 3 for a 4K granule with 39 input bits; 4 for 4K with 40 input
 * bits and a 2-page root: nvarm_s2mmu_stats::min_pool_pages), and
 * nvarm_s2mmu_config::rmap_entries at least 2 (one usable node). Above that minimum the
 * pool and the reverse map are a cache: a fault that finds them full evicts shadow tables
 * (nvarm_s2mmu_handle_fault()). Each further MMU that runs L2 on another CPU at the same
 * time holds its root's pages. NVARM_S2MMU_POOL_PAGES_FOR() and NVARM_S2MMU_RMAP_FOR() size
 * both for an amount of L2 memory.
 *
 * Diagnostics: each refused configuration names its field through ops->log (level
 * ::NVARM_LOG_ERROR, "nvarm_s2mmu_init: <field> ..."). Every other nvarm_s2mmu_* call on a
 * context this function did not set up (zeroed memory, or a failed init) returns
 * ::NVARM_ERR_STATE; nvarm_s2mmu_pool_add() refuses pages overlapping a region already
 * added (::NVARM_ERR_INVAL, logged).
 * @return 0; ::NVARM_ERR_INVAL for missing callbacks or bad sizes/granules;
 *         ::NVARM_ERR_NOMEM when cfg->mem_size is too small or max_pool_pages is below the
 *         minimum.
 */
int nvarm_s2mmu_init(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_config *cfg);

/**
 * @brief Hand pool pages (refill) to the context.
 * @param s Context.
 * @param pa PA of @p npages physically contiguous pages of the host granule, aligned to it;
 *        they must also be virtually contiguous: the region is used through
 *        pa_to_va(@p pa) + offset (one nvarm_platform_ops::pa_to_va call per region). A
 *        root of several concatenated pages (nvarm_s2mmu_stats::root_pages) is taken from
 *        a run of pages inside one region aligned to the run's size: the pool must hold at
 *        least one such run (a region of 2 x root pages - 1 pages always does).
 * @param npages Number of pages.
 * @return 0; ::NVARM_ERR_INVAL for misaligned/zero input or a NULL pa_to_va result;
 *         ::NVARM_ERR_RANGE when the region table or max_pool_pages would overflow, or
 *         when pages at or above 2^48 are added while a 48-bit-format shadow MMU lives
 *         (nvarm_s2mmu_config::host_pa_bits 52: its tables could be given them);
 *         ::NVARM_ERR_NOMEM (nothing added) when the pool would still be below the minimum
 *         (see nvarm_s2mmu_init()) or hold no aligned run for a root.
 */
int nvarm_s2mmu_pool_add(struct nvarm_s2mmu *s, nvarm_pa_t pa, uint32_t npages);

/**
 * @brief Find or create the shadow MMU for L1's current stage-2 configuration.
 *
 * Keyed by VTTBR_EL2 BADDR and VMID, VTCR_EL2, endianness and FWB, through a hash (O(1)).
 * When all MMUs are in use, the least recently used one not marked running
 * (nvarm_s2mmu_set_running()) is recycled: its pages return to the pool. When no pool page
 * is free for the root, shadow tables are reclaimed (see nvarm_s2mmu_handle_fault()); when
 * the free pages hold no aligned run for a concatenated root, the least recently used idle
 * MMU is destroyed, or, with none idle, the MMUs with tables in one run are emptied (a scan
 * of the pool: only a new MMU pays it).
 * @param s Context.
 * @param l1 L1's registers.
 * @param hw Receives the VTTBR_EL2/VTCR_EL2 values to run L2 with.
 * @return The MMU id (>= 0); ::NVARM_ERR_INVAL for NULL arguments; ::NVARM_ERR_AGAIN when no
 *         pool page is left for the root (refill and retry) or every MMU is running.
 */
int nvarm_s2mmu_get(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
		    struct nvarm_s2mmu_hw *hw);

/**
 * @brief nvarm_s2mmu_get(), and mark the MMU running on one more CPU in the same critical
 *        section (see the concurrency contract at the top of this file).
 *
 * What an L0 with several CPUs calls before entering L2; the matching release is
 * nvarm_s2mmu_set_running(s, id, false) once the CPU stops running L2 on that MMU.
 * @param s Context.
 * @param l1 L1's registers.
 * @param hw Receives the VTTBR_EL2/VTCR_EL2 values to run L2 with.
 * @return The MMU id (>= 0), now counted running; the errors of nvarm_s2mmu_get();
 *         ::NVARM_ERR_STATE when 255 CPUs already run it.
 */
int nvarm_s2mmu_get_running(struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
			    struct nvarm_s2mmu_hw *hw);

/** @brief A stage-2 abort taken to L0 while L2 ran on a shadow MMU. */
struct nvarm_s2mmu_fault {
	uint64_t esr;	/**< ESR_EL2 (EC 0x20 or 0x24). */
	uint64_t far;	/**< FAR_EL2. */
	uint64_t hpfar; /**< HPFAR_EL2 with the faulting L2 IPA page (for a permission fault not on
			     a stage-1 walk, L0 resolves it first, e.g. with AT S1E1R). */
	bool l2_el0;	/**< The access came from EL0 of L2 (selects XU vs XP for fetches). */
};

/** @brief Outcome of nvarm_s2mmu_handle_fault(). */
enum nvarm_s2mmu_action {
	NVARM_S2MMU_INSTALLED = 0, /**< A shadow entry now maps the address: resume L2. */
	NVARM_S2MMU_INJECT = 1,	   /**< L1's stage-2 faults: inject the given syndrome into vEL2. */
	NVARM_S2MMU_L0 = 2	   /**< L0 must handle (its own stage-2 miss, MMIO, permission). */
};

/**
 * @brief Short name of a ::nvarm_s2mmu_action value, e.g. "inject" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_s2mmu_action_name(unsigned v);

/** @brief Why L0 must handle a fault (nvarm_s2mmu_result::l0_reason). */
enum nvarm_s2mmu_l0_reason {
	NVARM_S2MMU_L0_NOT_ABORT = 0, /**< Not a stage-2 translation/access/permission abort. */
	NVARM_S2MMU_L0_UNMAPPED = 1,  /**< L0's stage-2 has no mapping for the L1 IPA. */
	NVARM_S2MMU_L0_MMIO = 2,      /**< L0 emulates the L1 IPA. */
	NVARM_S2MMU_L0_PERM = 3,      /**< L0's stage-2 denies the access (e.g. dirty logging). */
	NVARM_S2MMU_L0_GRANULE = 4,   /**< L1 maps at a finer grain than the host granule and the
					   surrounding host page is not uniformly mapped. */
	NVARM_S2MMU_L0_RANGE = 5      /**< The address does not fit the shadow tables. */
};

/**
 * @brief Short name of a ::nvarm_s2mmu_l0_reason value, e.g. "mmio" (logs, diagnostics).
 * @param v The value (result fields holding it have the enum type, so a switch on
 *        them lets -Wswitch check the cases).
 * @return A static string; "?" when out of range. Never NULL.
 */
const char *nvarm_s2mmu_l0_reason_name(unsigned v);

/** @brief Result of nvarm_s2mmu_handle_fault(). */
struct nvarm_s2mmu_result {
	enum nvarm_s2mmu_action action;	      /**< What the L0 does next. */
	enum nvarm_s2mmu_l0_reason l0_reason; /**< Why, when action is ::NVARM_S2MMU_L0. */
	uint8_t map_shift;		      /**< Installed: log2 of the shadow mapping size. */
	uint8_t perm;			      /**< Installed: ::nvarm_perm of the shadow entry. */
	nvarm_ipa2_t ipa2;		      /**< The faulting L2 IPA. */
	nvarm_ipa1_t ipa1;  /**< L1 IPA it maps to (installed, or L0 cases after the guest walk). */
	nvarm_pa_t pa;	    /**< Installed: PA of ipa2. */
	uint64_t esr_el2;   /**< Inject: ESR_EL2 for vEL2. */
	uint64_t hpfar_el2; /**< Inject: HPFAR_EL2 for vEL2. */
	uint64_t far_el2;   /**< Inject: FAR_EL2 for vEL2. */
};

/**
 * @brief Resolve a stage-2 abort from L2 (L0's stage-2 fault handler calls this).
 * @param s Context.
 * @param mmu MMU id from nvarm_s2mmu_get() that L2 ran on.
 * @param f The abort.
 * @param r Result.
 *
 * Running out of pool pages or reverse-map nodes is not an error: the fault pins its own
 * shadow path and evicts shadow tables (with break-before-make and TLB maintenance through
 * nvarm_platform_ops::tlbi), first from MMUs no CPU runs, then the oldest leaf tables of
 * this MMU, then of MMUs running elsewhere; the cost is proportional to what is evicted.
 * nvarm_s2mmu_stats() counts the reclaims.
 *
 * Concurrency: faults on different CPUs (same MMU or not) run concurrently with each other
 * and with TLBIs and L0 unmaps from other CPUs; L1's walk and L0's lookup run outside
 * nvarm_platform_ops::lock and are redone under it when an invalidation completed meanwhile.
 * A translation fault takes the lock once (for the install), a permission or Access flag
 * fault twice (see the concurrency contract at the top of this file).
 * The answer (installed, inject or L0) is one the L2 access could have had at some point
 * between the call and its return.
 * @return 0 with @p r filled; ::NVARM_ERR_INVAL for bad arguments/ids; ::NVARM_ERR_AGAIN when
 *         no pool page can be reclaimed (only possible when the pages left are the roots of
 *         MMUs running on other CPUs, or with a fault in flight on them: refill with
 *         nvarm_s2mmu_pool_add() and let L2 fault again); ::NVARM_ERR_NOMEM, kept for
 *         robustness, is not returned with a configuration nvarm_s2mmu_init() accepted (any
 *         leaf but the one being replaced can give its reverse-map node, even one in the
 *         root of a running MMU);
 *         ::NVARM_ERR_PLATFORM when a callback failed unexpectedly.
 */
int nvarm_s2mmu_handle_fault(struct nvarm_s2mmu *s, int mmu, const struct nvarm_s2mmu_fault *f,
			     struct nvarm_s2mmu_result *r);

/**
 * @brief Apply a TLBI instruction L1 executed (L0's TLBI trap handler calls this).
 *
 * Handles IPAS2E1, IPAS2LE1, RIPAS2E1, RIPAS2LE1, VMALLS12E1, ALLE1 and VMALLE1 with their
 * IS/OS/nXS variants: what each encoding does is its kind in the register database
 * (NVARM_TLBI_* in nvarm/sysreg_regs.h). Shadow entries derived from the invalidated L1
 * translations are removed in every shadow MMU whose VMID matches (all MMUs for ALLE1). The
 * range forms use the operand's TG, SCALE, NUM and BaseADDR (64K units when L1's VTCR_EL2.DS
 * is in effect); a reserved TG invalidates the whole VMID. Other TLBIs (stage 1 by VA, the
 * EL2 regime) return 0. Whether L1 may use the encoding at all (FEAT_TLBIOS, FEAT_TLBIRANGE,
 * FEAT_XS) is the caller's check (nvarm_sysreg_emulate() says UNDEF for a hidden feature).
 *
 * Concurrency: may be called by any vCPU while others fault or run L2 on the same MMUs. On
 * return, every shadow entry derived from the invalidated translations is gone from the
 * shared tables and from every CPU's TLB (the broadcast nvarm_platform_ops::tlbi calls are
 * made and completed inside), and faults that walked L1's tables before the TLBI will not
 * install their now stale result: the L0 may resume L1 right after.
 * @param s Context.
 * @param enc Packed encoding of the instruction (arm/sysreg_enc.h, op0 = 1).
 * @param xt The Xt operand.
 * @param l1 L1's current registers (VMID of the "current VMID" forms).
 * @return Number of shadow entries removed (>= 0); ::NVARM_ERR_INVAL for NULL arguments.
 */
int nvarm_s2mmu_tlbi(struct nvarm_s2mmu *s, uint32_t enc, uint64_t xt,
		     const struct nvarm_s2mmu_l1_regs *l1);

/**
 * @brief L0 changed its stage-2 for [ipa, ipa+size) (unmap, permission change, migration,
 *        start of dirty logging): remove every shadow entry that uses that range.
 *
 * Cost is proportional to the entries removed (per size class, at most the smaller of the
 * number of blocks in the range and the number of entries). Call it after L0's stage-2
 * says the new thing (host_s2_lookup): faults that looked it up earlier then redo their
 * lookup; on return no CPU can use a shadow entry built from the old mapping.
 * @param s Context.
 * @param ipa First L1 IPA.
 * @param size Bytes (> 0).
 * @return Number of entries removed; ::NVARM_ERR_INVAL for a zero size or NULL context.
 */
int nvarm_s2mmu_host_unmap(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size);

/**
 * @brief AF aging for L0: count shadow entries mapping [ipa, ipa+size) and, with @p clear,
 *        remove them so the next L2 access faults (and marks the range young again).
 * @param s Context.
 * @param ipa First L1 IPA.
 * @param size Bytes (> 0).
 * @param clear Remove the entries.
 * @return Number of entries found; ::NVARM_ERR_INVAL for a zero size or NULL context.
 */
int nvarm_s2mmu_host_age(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size, bool clear);

/**
 * @brief Dirty tracking for L0: remove write permission from every shadow entry that maps
 *        [ipa, ipa+size) (the entries stay for reads; the next L2 write faults).
 *
 * Use together with ::NVARM_HOST_S2_DIRTY_LOG in the host lookup, so that such writes come
 * back as ::NVARM_S2MMU_L0_PERM with the L1 IPA to mark dirty.
 * @param s Context.
 * @param ipa First L1 IPA.
 * @param size Bytes (> 0).
 * @return Number of entries write-protected; ::NVARM_ERR_INVAL for a zero size or NULL context.
 */
int nvarm_s2mmu_host_wrprotect(struct nvarm_s2mmu *s, nvarm_ipa1_t ipa, uint64_t size);

/**
 * @brief Mark a shadow MMU as in use by one more (or one fewer) CPU running L2 on it.
 *
 * MMUs marked running are never recycled (nor their roots reclaimed). L0 calls this with
 * false when a CPU stops running L2 on an MMU it took with nvarm_s2mmu_get_running() (or
 * marked with true). Marking an id from nvarm_s2mmu_get() with true is only safe when no
 * other CPU can call nvarm_s2mmu_get() in between: use nvarm_s2mmu_get_running().
 * @param s Context.
 * @param mmu MMU id.
 * @param running true: one more CPU runs on it; false: one fewer.
 * @return 0; ::NVARM_ERR_INVAL for a bad id; ::NVARM_ERR_STATE for an MMU that is not live,
 *         an unbalanced release, or more than 255 users.
 */
int nvarm_s2mmu_set_running(struct nvarm_s2mmu *s, int mmu, bool running);

/**
 * @brief Result of nvarm_s2mmu_translate(): what L1's stage-2 alone says about one L2 IPA.
 *
 * Without a fault, nvarm_s2mmu_translation::ipa1 and the attributes are L1's answer; with a
 * fault, nvarm_s2mmu_translation::fsc, nvarm_s2mmu_translation::hpfar_el2 (and
 * nvarm_s2mmu_translation::level) are what L1's vEL2 would be told, in the encodings
 * nvarm_s2mmu_result uses for ::NVARM_S2MMU_INJECT.
 */
struct nvarm_s2mmu_translation {
	nvarm_ipa2_t ipa2;	   /**< The L2 IPA translated. */
	nvarm_ipa1_t ipa1;	   /**< No fault: the L1 IPA it maps to (page offset included). */
	enum nvarm_s2_fault fault; /**< ::NVARM_S2_FAULT_NONE: translated. */
	int8_t level;		   /**< Level of the leaf, or of the fault (-1 with FEAT_LPA2). */
	uint8_t fsc;		   /**< Fault: ESR_EL2.ISS.DFSC/IFSC (= PAR_EL1.FST) with its level;
					0 without a fault. */
	uint8_t perm;		   /**< ::nvarm_perm L1's descriptor grants (also for a permission
					fault; 0 for other faults). */
	uint8_t memattr;	   /**< No fault: MemAttr[3:0] as L1 wrote it (L1's FWB layout when
					nvarm_s2mmu_l1_regs::fwb). */
	uint8_t sh;		   /**< No fault: SH[1:0] (VTCR_EL2.SH0 when VTCR_EL2.DS=1). */
	uint8_t leaf_shift;	   /**< No fault: log2 of L1's page or block size. */
	uint64_t hpfar_el2;	   /**< Fault: HPFAR_EL2 for vEL2 (FIPA = L2 IPA page); else 0. */
};

/**
 * @brief Translate one L2 IPA through L1's stage-2, as the hardware would for L2 (no shadow
 *        table is read or changed).
 *
 * For emulating L1's AT S12E1R/W and S12E0R/W (with AT S1E1* for the stage-1 part), for
 * diagnostics, or for L0 reading L2 memory on L1's behalf. Walks L1's tables with the
 * context's configured guest features (nvarm_s2mmu_config::guest) through
 * nvarm_platform_ops::read_l1, reading at most five descriptors. No Access flag or dirty
 * state is written back: with VTCR_EL2.HA (or HD and DBM) in effect the result is the one the
 * access would see after the hardware update. The context is only read (no lock taken); it
 * may be used concurrently with the other functions.
 * @param s Context (initialised with nvarm_s2mmu_init()).
 * @param l1 L1's VTTBR_EL2/VTCR_EL2/endianness/FWB, as for nvarm_s2mmu_get().
 * @param ipa The L2 IPA.
 * @param access ::nvarm_perm bits to check permissions for (0: translate only).
 * @param out Result (fully written on 0).
 * @return 0 with @p out filled (also when L1's stage-2 faults: see
 *         nvarm_s2mmu_translation::fault); ::NVARM_ERR_INVAL for NULL arguments or access
 *         bits outside ::nvarm_perm; ::NVARM_ERR_PLATFORM when read_l1 failed other than
 *         by ::NVARM_ERR_GUEST_MEM (that one is reported as ::NVARM_S2_FAULT_EXT_WALK).
 */
int nvarm_s2mmu_translate(const struct nvarm_s2mmu *s, const struct nvarm_s2mmu_l1_regs *l1,
			  nvarm_ipa2_t ipa, unsigned access, struct nvarm_s2mmu_translation *out);

/** @brief One shadow leaf as read back by nvarm_s2mmu_lookup(). */
struct nvarm_s2mmu_entry {
	nvarm_pa_t pa;	 /**< PA of the looked-up L2 IPA. */
	uint8_t shift;	 /**< log2 of the leaf size. */
	uint8_t level;	 /**< Level of the leaf. */
	uint8_t perm;	 /**< ::nvarm_perm. */
	uint8_t memattr; /**< MemAttr field as written (host FWB layout when host_fwb). */
	uint8_t sh;	 /**< SH field. */
};

/**
 * @brief Read the shadow translation of one L2 IPA (diagnostics, tests).
 * @param s Context.
 * @param mmu MMU id.
 * @param ipa L2 IPA.
 * @param out Leaf found.
 * @return 0; ::NVARM_ERR_NOENT when nothing is mapped; ::NVARM_ERR_INVAL for bad arguments.
 */
int nvarm_s2mmu_lookup(struct nvarm_s2mmu *s, int mmu, nvarm_ipa2_t ipa,
		       struct nvarm_s2mmu_entry *out);

/** @brief Memory statistics (nvarm_s2mmu_stats()). */
struct nvarm_s2mmu_stats {
	uint32_t mmus;		 /**< Live shadow MMUs. */
	uint32_t table_pages;	 /**< Pool pages used as shadow tables. */
	uint32_t free_pages;	 /**< Pool pages free. */
	uint32_t leaves;	 /**< Shadow leaf entries (= reverse-map nodes in use). */
	uint32_t rmap_bytes;	 /**< Bytes of reverse-map storage per entry. */
	uint32_t min_pool_pages; /**< Smallest pool a fault needs (nvarm_s2mmu_init()). */
	uint32_t root_pages; /**< Pages of the root (concatenated tables, 1..16) of an MMU of the
				  configured geometry (host_ia_bits, host_pa_bits); a 48-bit-format
				  MMU on a 52-bit host may have fewer. */
	uint32_t levels;     /**< Shadow translation levels walked (1..4), the same way. */
	uint64_t reclaim_passes;      /**< Faults (or nvarm_s2mmu_get() roots) that had to evict. */
	uint64_t reclaim_pages;	      /**< Table pages (and idle MMU roots) evicted. */
	uint64_t reclaim_leaves;      /**< Shadow leaf entries evicted. */
	uint64_t fault_retries;	      /**< Faults whose unlocked walk an invalidation overtook
					   (redone with the lock held; see nvarm_s2mmu_handle_fault()). */
	uint64_t fault_around_leaves; /**< Shadow leaves installed by fault-around
					   (nvarm_s2mmu_config::fault_around), not by their own
					   fault. */
	uint64_t lane_installs;	      /**< Translation faults installed holding only their
					   lane's lock (the fast path; see the concurrency
					   contract). */
};

/**
 * @brief Report memory use (a consistent snapshot: taken with nvarm_platform_ops::lock).
 * @param s Context.
 * @param st Receives the numbers.
 * @return 0, or ::NVARM_ERR_INVAL for NULL arguments.
 */
int nvarm_s2mmu_stats(const struct nvarm_s2mmu *s, struct nvarm_s2mmu_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* NVARM_S2MMU_H */
