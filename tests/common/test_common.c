// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* Errors, memory helpers and address-type helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <nvarm/err.h>
#include <nvarm/types.h>

static void test_strerror_every_code(void **state)
{
	(void)state;
	/* Every code in the enum has its own, distinct, non-fallback string. */
	for (int e = 0; e >= NVARM_ERR__MIN; e--) {
		const char *s = nvarm_strerror(e);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (int f = e + 1; f <= 0; f++)
			assert_string_not_equal(s, nvarm_strerror(f));
	}
	assert_string_equal(nvarm_strerror(1), "unknown error");
	assert_string_equal(nvarm_strerror(NVARM_ERR__MIN - 1), "unknown error");
	assert_string_equal(nvarm_strerror(-1000000), "unknown error");
}

static void test_memset_memcpy(void **state)
{
	(void)state;
	unsigned char a[64], b[64];
	/* All alignments and lengths, against the host libc. */
	for (size_t off = 0; off < 9; off++) {
		for (size_t len = 0; len + off <= 40; len++) {
			memset(a, 0x11, sizeof(a));
			memset(b, 0x11, sizeof(b));
			assert_ptr_equal(nvarm_memset(a + off, 0xa5, len), a + off);
			memset(b + off, 0xa5, len);
			assert_memory_equal(a, b, sizeof(a));

			unsigned char src[64];
			for (size_t i = 0; i < sizeof(src); i++)
				src[i] = (unsigned char)(i * 7 + off);
			for (size_t soff = 0; soff < 9; soff++) {
				memset(a, 0, sizeof(a));
				memset(b, 0, sizeof(b));
				assert_ptr_equal(nvarm_memcpy(a + off, src + soff, len), a + off);
				memcpy(b + off, src + soff, len);
				assert_memory_equal(a, b, sizeof(a));
			}
		}
	}
}

static void test_bit_helpers(void **state)
{
	(void)state;
	assert_int_equal(NVARM_GENMASK(63, 0), UINT64_MAX);
	assert_int_equal(NVARM_GENMASK(3, 0), 0xf);
	assert_int_equal(NVARM_GENMASK(47, 12), 0x0000fffffffff000ULL);
	assert_int_equal(NVARM_FIELD_GET(0x62310423ULL, 31, 26), 0x18);
	assert_int_equal(nvarm_guest64_to_cpu(0x0102030405060708ULL, false), 0x0102030405060708ULL);
	assert_int_equal(nvarm_guest64_to_cpu(0x0102030405060708ULL, true), 0x0807060504030201ULL);
	assert_int_equal(nvarm_ipa1(5).v + nvarm_ipa2(6).v + nvarm_pa(7).v, 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strerror_every_code),
		cmocka_unit_test(test_memset_memcpy),
		cmocka_unit_test(test_bit_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
