/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Callgrind benchmark harness. A bench program declares a table of benchmarks;
 * each has a setup (not measured) and an operation run `iters` times with
 * callgrind collection switched on only around the loop. The runner
 * (cmake/run-bench.cmake) also measures an empty operation through the same
 * harness and subtracts it, so the reported figure is instructions per call of
 * the operation itself (the indirect call and loop overhead removed).
 *
 *   bench_x --list          prints "name iters max_instr_per_op" lines
 *   bench_x --run NAME      runs one benchmark (under callgrind, by the runner)
 *   bench_x                 runs all once without valgrind (smoke)
 */
#ifndef NVARM_TESTS_BENCH_H
#define NVARM_TESTS_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

struct nvarm_bench {
	const char *name;
	unsigned iters;
	uint64_t max_instr_per_op; /* the target; the runner fails above it */
	void *(*setup)(void);      /* returns the state handed to op; not measured */
	void (*op)(void *state, unsigned i);
};

static void nvarm_bench_empty_op(void *state, unsigned i)
{
	(void)state;
	(void)i;
	__asm__ volatile("" ::: "memory");
}

static void *nvarm_bench_no_setup(void)
{
	return NULL;
}

static void nvarm_bench_run_one(const struct nvarm_bench *b)
{
	void *st = b->setup ? b->setup() : NULL;
	void (*volatile op)(void *, unsigned) = b->op;

	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	for (unsigned i = 0; i < b->iters; i++)
		op(st, i);
	CALLGRIND_TOGGLE_COLLECT;
}

static inline int nvarm_bench_main(const struct nvarm_bench *t, size_t n, int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < n; i++)
			printf("%s %u %llu\n", t[i].name, t[i].iters,
			       (unsigned long long)t[i].max_instr_per_op);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--run")) {
		if (!strncmp(argv[2], "__baseline:", 11)) {
			struct nvarm_bench e = {"__baseline", (unsigned)strtoul(argv[2] + 11, NULL, 0),
						0, nvarm_bench_no_setup, nvarm_bench_empty_op};
			nvarm_bench_run_one(&e);
			return 0;
		}
		for (size_t i = 0; i < n; i++)
			if (!strcmp(t[i].name, argv[2])) {
				nvarm_bench_run_one(&t[i]);
				return 0;
			}
		fprintf(stderr, "no benchmark %s\n", argv[2]);
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		nvarm_bench_run_one(&t[i]);
	return 0;
}

#define NVARM_BENCH_MAIN(table)                                                                     \
	int main(int argc, char **argv)                                                            \
	{                                                                                          \
		return nvarm_bench_main(table, sizeof(table) / sizeof((table)[0]), argc, argv);     \
	}

#endif
