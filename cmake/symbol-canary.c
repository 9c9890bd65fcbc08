// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Proof that the symbol check (cmake/check-symbols.cmake) can fail: one global without the
 * nvarm_ prefix, one with it, one static. Never linked into anything. */
int canary_unprefixed(int x);
int nvarm_canary_prefixed(int x);

static int canary_static(int x)
{
	return x + 1;
}

int canary_unprefixed(int x)
{
	return canary_static(x) * 2;
}

int nvarm_canary_prefixed(int x)
{
	return canary_static(x) * 3;
}
