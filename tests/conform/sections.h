/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The section registry: one X(name) per sec_<name>.c, run in this order.
 */
#define CONFORM_SECTIONS(X)                                                                        \
	X(boot) X(idregs) X(el2regs) X(probe) X(l2basic) X(s2fault) X(s2mmio) X(s2remap) X(s2rtlbi) X(s2s1ptw) X(s2at) X(l2vhe) /* keep last: see sec_l2vhe.c */
