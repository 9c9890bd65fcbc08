// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The vEL2 file's storage (src/sysreg/vel2_file.c): nvarm_vel2_reg_word() against
 * nvarm_vel2_read() and nvarm_vel2_write().
 */
#include "sysreg_test.h"
#include "test_rng.h"

/* For every register id, in both hosts: the word nvarm_vel2_reg_word() gives is where
 * nvarm_vel2_read() reads (the same value, a new one after nvarm_vel2_write() and after a raw
 * store into the word, as L1's VNCR stores are); NULL exactly for the ids nvarm_vel2_read()
 * refuses and for the ID registers (computed); an EL12/EL02 accessor gives its register's
 * word; VNCR registers' words are in the page. */
static void test_reg_word(void **state)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned words = 0, vncr = 0, aliases = 0;

	(void)state;
	for (unsigned host = 0; host < 2; host++) {
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS, host ? NVARM_HOST_NV2 : NVARM_HOST_NV);
		for (unsigned id = 0; id < NVARM_SR__COUNT; id++) {
			const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
			const uint64_t *p = nvarm_vel2_reg_word(&f.v, id);
			uint64_t val = 0, x;
			int r = nvarm_vel2_read(&f.v, id, &val);

			if (!p) {
				/* refused by the read, or an ID register (its own or an alias's) */
				unsigned res = (d->flags & NVARM_SRF_ALIAS) ? d->link : id;

				if (r == 0 && !(nvarm_sysreg_desc(res)->flags & NVARM_SRF_ID))
					fail_msg("%s: no word, but read gives %d", d->name, r);
				continue;
			}
			words++;
			assert_int_equal(r, 0);
			if (val != *p)
				fail_msg("%s: word %#llx, read %#llx", d->name,
					 (unsigned long long)*p, (unsigned long long)val);
			if ((const unsigned char *)p >= (const unsigned char *)f.page &&
			    (const unsigned char *)p < (const unsigned char *)f.page + 4096) {
				unsigned res = (d->flags & NVARM_SRF_ALIAS) ? d->link : id;

				vncr++;
				assert_int_not_equal(nvarm_sysreg_desc(res)->vncr, NVARM_VNCR_NONE);
			}
			if (d->flags & NVARM_SRF_ALIAS) {
				aliases++;
				assert_ptr_equal(p, nvarm_vel2_reg_word(&f.v, d->link));
			}
			x = test_rng(&seed);
			if (nvarm_vel2_write(&f.v, id, x) == 0) {
				assert_int_equal(nvarm_vel2_read(&f.v, id, &val), 0);
				assert_true(val == *p);
			}
			*(uint64_t *)(uintptr_t)p ^= UINT64_C(1) << (x & 63);
			assert_int_equal(nvarm_vel2_read(&f.v, id, &val), 0);
			assert_true(val == *p);
		}
		fix_fini(&f);
	}
	/* the file has words, some in the page, aliases among them */
	assert_true(words > 100 && vncr > 20 && aliases > 10);
	assert_null(nvarm_vel2_reg_word(NULL, NVARM_SR_HCR_EL2));
	{
		struct vcpu_fix f;

		fix_init(&f, TEST_ALL_FEATS, NVARM_HOST_NV2);
		assert_null(nvarm_vel2_reg_word(&f.v, NVARM_SR__COUNT));
		assert_non_null(nvarm_vel2_reg_word(&f.v, NVARM_SR_HCR_EL2));
		fix_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reg_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
