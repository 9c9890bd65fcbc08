/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* The benchmark image's section list (the runtime is tests/conform's). */
#define CONFORM_SECTIONS(X) X(boot) X(perf)
