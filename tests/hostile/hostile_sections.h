/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The adversarial guest hypervisor's attack list (issue #21; runtime: tests/conform). Each
 * section prints `H: <attack>: survived`; sanity runs last and prints `H: sanity: PASS`. */
// clang-format off
#define CONFORM_SECTIONS(X)                                                                        \
	X(boot) X(start) X(el2regs) X(sysregs) X(erets) X(calls) X(isolation) X(atdcic) X(tlbi)             \
	X(s2garbage) X(aarch32) X(lrflood) X(timers) X(sgis) X(mmio) X(cntpct) X(virq) X(idcheck) X(sanity)
// clang-format on
