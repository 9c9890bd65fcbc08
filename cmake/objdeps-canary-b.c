/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* tools/objdeps.py's canary: the other half of the cycle. */
int nvarm_objdeps_canary_a(int n);
int nvarm_objdeps_canary_b(int n);

int nvarm_objdeps_canary_b(int n)
{
	return n > 0 ? nvarm_objdeps_canary_a(n - 1) : 1;
}
