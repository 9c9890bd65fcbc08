/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The VNCR abort image's sections (issue #19; runtime: tests/conform): vncr.c. */
// clang-format off
#define CONFORM_SECTIONS(X) X(boot) X(vncr)
// clang-format on
