/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* tools/objdeps.py's canary: a calls b and b calls a, a cycle it must report. */
int nvarm_objdeps_canary_b(int n);
int nvarm_objdeps_canary_a(int n);

int nvarm_objdeps_canary_a(int n)
{
	return n > 0 ? nvarm_objdeps_canary_b(n - 1) : 0;
}
