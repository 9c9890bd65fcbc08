/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The section registry: one X(name) per sec_<name>.c, run in this order. The E2H=0
 * sections first; then the VHE passes (vhe, l2vhe) and E2H=0 again (nvhe2): under FEAT_NV2
 * the example L0 misses E2H flips (known-diffs.txt), so they stay near the end; l2cnt and
 * nopa last (a nested run may stop on them).
 */
/* el0 and el0nvhe (HCR_EL2.TGE=1, this image's own EL0) are left out of the emulator embedding's
 * image (sections-emu.h): Unicorn runs L1 at EL1h only (examples/emu). */
#ifdef CONFORM_WITHOUT_EL0
#define CONFORM_SEC_EL0(X)
#define CONFORM_SEC_EL0NVHE(X)
#else
#define CONFORM_SEC_EL0(X)     X(el0)
#define CONFORM_SEC_EL0NVHE(X) X(el0nvhe)
#endif
// clang-format off
#define CONFORM_SECTIONS(X)                                                                        \
	X(boot) X(idregs) X(el2regs) X(probe) X(absent) X(el2exc) X(l2basic) X(l2hand) X(l2traps)   \
	X(nmi) X(s2fault) X(s2mmio) X(s2remap) X(s2rtlbi) X(s2s1ptw) X(s2at) X(s2nopa) X(ras) X(debug) X(pmu)      \
	X(sve) X(sme) X(gic) X(timer) X(vhe) CONFORM_SEC_EL0(X) X(pstate) X(l2vhe) X(nvhe2)              \
	X(l2cnt) X(nopa) CONFORM_SEC_EL0NVHE(X)
// clang-format on
