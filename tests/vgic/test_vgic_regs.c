// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * vGIC register emulation: the field table, masking of L1's writes per hardware
 * configuration, the advertised ICH_VTR_EL2, and ICH_MISR/EISR/ELRSR against the
 * independent model (tests/vgic/gic_model.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vgic_fixture.h"
#include "vgic/vgic_internal.h"

#define LR_P   (1ull << 62)
#define LR_A   (1ull << 63)
#define LR_HW  (1ull << 61)
#define LR_G1  (1ull << 60)
#define LR_EOI (1ull << 41)

/* ---------------------------------------------------------------- the table */

/* Bits the architecture defines per register (IHI 0069 12.4/12.5), written independently. */
static uint64_t arch_defined(unsigned reg)
{
	switch (reg) {
	case VGIC_REG_LR: /* RES0: [59:56] except NMI (59), [47:45] */
		return ~((0x7ull << 56) | (0x7ull << 45));
	case VGIC_REG_HCR: /* RES0: [63:32], [26:16], [9] */
		return 0xf8000000ull | 0xfdffull;
	case VGIC_REG_VMCR: /* RES0: [63:32], [17:10], [8:5] */
		return 0xfffc0000ull | 0x200ull | 0x1full;
	case VGIC_REG_APR:
		return 0xffffffffull | (1ull << 63);
	case VGIC_REG_VTR: /* RES0: [63:32], [17:5] */
		return 0xfffc0000ull | 0x1full;
	case VGIC_REG_MISR:
		return 0xffull;
	}
	return 0;
}

static void test_table_no_overlap_and_complete(void **state)
{
	(void)state;
	for (unsigned r = 0; r < VGIC_REG__N; r++) {
		uint64_t seen = 0;
		for (unsigned i = 0; i < nvarm__vgic_nfields; i++) {
			const struct vgic_field *f = &nvarm__vgic_fields[i];
			uint64_t bits;

			if (f->reg != r)
				continue;
			if (f->hi < f->lo || f->hi > 63) {
				print_error("bad bit range in line %u (%s)\n", i, f->name);
				fail();
			}
			bits = ((f->hi == 63) ? ~0ull : ((1ull << (f->hi + 1)) - 1)) &
			       ~((1ull << f->lo) - 1);
			/* The only permitted overlap: LR EOI (HW=0) inside pINTID (HW=1). */
			if ((seen & bits) && !(r == VGIC_REG_LR && f->kind == VGIC_F_HW0)) {
				print_error("line %u (%s) overlaps an earlier field\n", i, f->name);
				fail();
			}
			if (bits & ~arch_defined(r)) {
				print_error("line %u (%s) covers RES0 bits %#llx\n", i, f->name,
					    (unsigned long long)(bits & ~arch_defined(r)));
				fail();
			}
			for (unsigned j = 0; j < i; j++)
				if (nvarm__vgic_fields[j].reg == r &&
				    !strcmp(nvarm__vgic_fields[j].name, f->name)) {
					print_error("duplicate field %s (line %u)\n", f->name, i);
					fail();
				}
			seen |= bits;
		}
		if (seen != arch_defined(r)) {
			print_error("reg %u: table covers %#llx, architecture defines %#llx\n", r,
				    (unsigned long long)seen, (unsigned long long)arch_defined(r));
			fail();
		}
	}
}

static void test_phys_ranges_disjoint(void **state)
{
	(void)state;
	for (unsigned i = 0; i < nvarm__vgic_nphys_ranges; i++) {
		assert_true(nvarm__vgic_phys_ranges[i].lo < nvarm__vgic_phys_ranges[i].end);
		for (unsigned j = i + 1; j < nvarm__vgic_nphys_ranges; j++)
			assert_true(
			    nvarm__vgic_phys_ranges[i].end <= nvarm__vgic_phys_ranges[j].lo ||
			    nvarm__vgic_phys_ranges[j].end <= nvarm__vgic_phys_ranges[i].lo);
	}
	assert_false(nvarm__vgic_intid_is_phys(0));
	assert_false(nvarm__vgic_intid_is_phys(15));
	assert_true(nvarm__vgic_intid_is_phys(16));
	assert_true(nvarm__vgic_intid_is_phys(1019));
	assert_false(nvarm__vgic_intid_is_phys(1020));
	assert_false(nvarm__vgic_intid_is_phys(1023));
	assert_true(nvarm__vgic_intid_is_phys(1056));
	assert_false(nvarm__vgic_intid_is_phys(1120));
	assert_true(nvarm__vgic_intid_is_phys(4096));
	assert_false(nvarm__vgic_intid_is_phys(8192));
}

/* ------------------------------------------------------------------ init */

static void test_init_errors(void **state)
{
	struct vfix *f = malloc(sizeof(*f));
	struct nvarm_vgic_config cfg = {0};

	(void)state;
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 0, 0), 0);
	assert_int_equal(f->cpu.nr_lr, 4);
	assert_int_equal(vfix_init(f, VTR_QEMU, 5, 0, 0), NVARM_ERR_INVAL); /* > hardware */
	assert_int_equal(vfix_init(f, mk_vtr(4, 4, 4, 1, 0, 0), 0, 0, 0), NVARM_ERR_INVAL);
	assert_int_equal(vfix_init(f, mk_vtr(4, 5, 6, 1, 0, 0), 0, 0, 0), NVARM_ERR_INVAL);
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 40, 4), NVARM_ERR_INVAL); /* not a PPI */
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 25, 4), 0);
	assert_int_equal(nvarm_vgic_cpu_init(NULL, &f->ops, &cfg), NVARM_ERR_INVAL);
	f->ops.hw_write = NULL;
	assert_int_equal(nvarm_vgic_cpu_init(&f->cpu, &f->ops, &cfg), NVARM_ERR_INVAL);
	nvarm_host_model_ops(&f->hm, &f->ops);
	cfg.queue_len = 4; /* without memory */
	assert_int_equal(nvarm_vgic_cpu_init(&f->cpu, &f->ops, &cfg), NVARM_ERR_INVAL);
	free(f);
}

static void test_vtr_advertised(void **state)
{
	struct vfix *f = malloc(sizeof(*f));
	uint64_t vtr;

	(void)state;
	/* Hardware: 8 LRs, 7 pri, 6 pre, 16 ID bits, SEIS, TDS, DVIM, nV4 = 0. */
	assert_int_equal(vfix_init(f, mk_vtr(8, 7, 6, 0, 1, 1) | (1 << 18), 3, 0, 0), 0);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_VTR, &vtr), 0);
	assert_int_equal(vtr & 0x1f, 2);      /* ListRegs = 3 - 1 */
	assert_int_equal((vtr >> 29) & 7, 6); /* PRIbits from hardware */
	assert_int_equal((vtr >> 26) & 7, 5); /* PREbits from hardware */
	assert_int_equal((vtr >> 23) & 7, 0); /* IDbits */
	assert_true(vtr & (1 << 22));	      /* SEIS */
	assert_true(vtr & (1 << 21));	      /* A3V */
	assert_true(vtr & (1 << 20));	      /* nV4: no direct vLPI for L1 */
	assert_true(vtr & (1 << 19));	      /* TDS */
	assert_false(vtr & (1 << 18));	      /* DVIM not offered */
	assert_int_equal(vtr & 0xfffffffc0003ffe0ull, 0);
	assert_int_equal(f->cpu.nr_apr, 2);
	free(f);
}

/* ---------------------------------------------------------------- accesses */

static void test_access_errors(void **state)
{
	struct vfix *f = malloc(sizeof(*f));
	uint64_t v;

	(void)state;
	assert_int_equal(vfix_init(f, VTR_QEMU, 2, 0, 0), 0);
	/* LR2 and up are not implemented for L1 (2 advertised). */
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_LR(1), 1), 0);
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_LR(2), 1),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_LR(15), &v),
			 NVARM_ERR_BAD_ENCODING);
	/* 5 preemption bits: only AP{0,1}R0. */
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_AP1R(0), 1), 0);
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_AP1R(1), 1),
			 NVARM_ERR_BAD_ENCODING);
	/* Read-only registers. */
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_VTR, 0),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_MISR, 0),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_EISR, 0),
			 NVARM_ERR_BAD_ENCODING);
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_ELRSR, 0),
			 NVARM_ERR_BAD_ENCODING);
	/* Not ours: ICC_SRE_EL2 (same CRm as AP1R), HCR_EL2, garbage bits. */
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICC_SRE_EL2, &v),
			 NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_SYSREG_ENC(3, 4, 1, 1, 0), &v),
			 NVARM_ERR_NOENT);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_HCR | 1, &v),
			 NVARM_ERR_NOENT);
	/* The LR encodings: LR9 is CRm 13, op2 1. */
	assert_int_equal(NVARM_ENC_ICH_LR(9), NVARM_SYSREG_ENC(3, 4, 12, 13, 1));
	free(f);
}

static const uint64_t vtr_configs[] = {
    VTR_QEMU, 0xb0b80003ull, /* 6 pri bits */
    0xf8800000ull | 15,	     /* 8 pri, 7 pre, 24 ID bits, 16 LRs */
};

static void check_masks_vs_model(uint64_t vtr, uint64_t *seed)
{
	struct vfix *f = malloc(sizeof(*f));
	struct gicm m;

	assert_int_equal(vfix_init(f, vtr, 0, 0, 0), 0);
	gicm_init(&m, vtr, 0);
	for (unsigned k = 0; k < 3000; k++) {
		uint64_t val = xrand(seed), got;
		unsigned lr = (unsigned)(val >> 7) % m.nlr;
		unsigned apr = (unsigned)(val >> 13) % gicm_napr(&m);

		if (k == 0)
			val = ~0ull;
		if (k == 1)
			val = 0;
		assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_LR(lr), val),
				 0);
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_LR(lr), &got),
				 0);
		assert_int_equal(got, gicm_lr_value(&m, val));
		assert_int_equal(f->v.lr[lr], got); /* trapped writes store the masked value */
		/* NV2: raw value in memory, masked on read. */
		f->v.lr[lr] = val;
		assert_int_equal(nvarm_vgic_lr_sanitize(&f->cpu, val), gicm_lr_value(&m, val));
		assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_HCR, val), 0);
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_HCR, &got), 0);
		assert_int_equal(got, gicm_hcr_value(&m, val));
		assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, val), 0);
		assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, &got), 0);
		assert_int_equal(got, gicm_vmcr_value(&m, val));
		assert_int_equal(
		    nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_AP0R(apr), val), 0);
		assert_int_equal(
		    nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_AP0R(apr), &got), 0);
		assert_int_equal(got, val & 0xffffffffull);
	}
	free(f);
}

static void test_masks_vs_model(void **state)
{
	uint64_t seed = test_seed(0x5eed1234);
	uint64_t s = seed;

	(void)state;
	print_message("seed %#llx (NVARM_SEED overrides)\n", (unsigned long long)seed);
	for (unsigned c = 0; c < NVARM_ARRAY_SIZE(vtr_configs); c++)
		check_masks_vs_model(vtr_configs[c], &s);
	for (unsigned c = 0; c < 40; c++) {
		unsigned pri = 5 + (unsigned)(xrand(&s) % 4);
		unsigned pre = 5 + (unsigned)(xrand(&s) % (pri - 4 > 3 ? 3 : pri - 4));
		uint64_t vtr = mk_vtr(1 + (unsigned)(xrand(&s) % 16), pri, pre,
				      (unsigned)(xrand(&s) & 1), xrand(&s) & 1, xrand(&s) & 1);
		check_masks_vs_model(vtr, &s);
	}
}

static void test_lr_mask_examples(void **state)
{
	struct vfix *f = malloc(sizeof(*f));

	(void)state;
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 0, 0), 0);
	/* 5 priority bits: priority 0xa7 keeps 0xa0; HW = 0 keeps only EOI of [44:32]. */
	assert_int_equal(nvarm_vgic_lr_sanitize(&f->cpu, LR_P | LR_G1 | (0xa7ull << 48) |
							     (0x1fffull << 32) | 27),
			 LR_P | LR_G1 | (0xa0ull << 48) | LR_EOI | 27);
	/* HW = 1 keeps pINTID[44:32], drops RES0 [47:45] and [59:56]. */
	assert_int_equal(nvarm_vgic_lr_sanitize(&f->cpu, LR_A | LR_HW | (0xfull << 56) |
							     (0x7ull << 45) | (0x1234ull << 32) |
							     40),
			 LR_A | LR_HW | (0x1234ull << 32) | 40);
	/* 24 ID bits: vINTID[31:24] RES0. */
	assert_int_equal(nvarm_vgic_lr_sanitize(&f->cpu, 0xff123456ull), 0x123456ull);
	free(f);
}

static void test_vmcr_minimum_bpr(void **state)
{
	struct vfix *f = malloc(sizeof(*f));
	uint64_t v;

	(void)state;
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 0, 0), 0); /* PREbits = 5: min BPR0 2 */
	nvarm_vgic_vstate_reset(&f->cpu, &f->v);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, &v), 0);
	assert_int_equal((v >> 21) & 7, 2);
	assert_int_equal((v >> 18) & 7, 3);
	assert_true(v & (1 << 3)); /* VFIQEn RES1 */
	assert_int_equal(nvarm_vgic_vreg_write(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR,
					       (5ull << 21) | (6ull << 18) | (0xffull << 24) | 4),
			 0);
	assert_int_equal(nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_VMCR, &v), 0);
	/* VAckCtl (bit 2) dropped; VPMR keeps 5 bits. */
	assert_int_equal(v, (5ull << 21) | (6ull << 18) | (0xf8ull << 24) | 8);
	free(f);
}

/* ----------------------------------------------------------- computed regs */

static void test_status_examples(void **state)
{
	struct vfix *f = malloc(sizeof(*f));
	struct nvarm_vgic_vstate *v;

	(void)state;
	assert_int_equal(vfix_init(f, VTR_QEMU, 0, 0, 0), 0);
	v = &f->v;
	nvarm_vgic_vstate_reset(&f->cpu, v);
	v->lr[0] = LR_EOI | 40;			/* invalid, EOI maintenance: EISR, not ELRSR */
	v->lr[1] = LR_HW | (0x2ull << 32) | 41; /* invalid HW = 1: ELRSR (bit 41 is pINTID) */
	v->lr[2] = LR_P | 42;			/* pending */
	v->lr[3] = 0;				/* empty */
	assert_int_equal(nvarm_vgic_eisr(&f->cpu, v), 0x1);
	assert_int_equal(nvarm_vgic_elrsr(&f->cpu, v), 0xa);
	v->hcr = NVARM_ICH_HCR_EN | NVARM_ICH_HCR_UIE | NVARM_ICH_HCR_NPIE;
	/* One valid LR: U; one pending: no NP; EISR: EOI. */
	assert_int_equal(nvarm_vgic_misr(&f->cpu, v), NVARM_ICH_MISR_EOI | NVARM_ICH_MISR_U);
	assert_true(nvarm_vgic_maint_pending(&f->cpu, v));
	v->lr[2] = LR_P | LR_A | 42; /* pending+active is not "pending" for NP */
	assert_int_equal(nvarm_vgic_misr(&f->cpu, v),
			 NVARM_ICH_MISR_EOI | NVARM_ICH_MISR_U | NVARM_ICH_MISR_NP);
	v->lr[0] = 0;
	v->lr[3] = LR_A | 43; /* two valid: no U */
	assert_int_equal(nvarm_vgic_misr(&f->cpu, v), NVARM_ICH_MISR_NP);
	v->hcr =
	    NVARM_ICH_HCR_LRENPIE | (3u << 27) | NVARM_ICH_HCR_VGRP0DIE | NVARM_ICH_HCR_VGRP1EIE;
	v->vmcr = NVARM_ICH_VMCR_VENG1;
	assert_int_equal(nvarm_vgic_misr(&f->cpu, v),
			 NVARM_ICH_MISR_LRENP | NVARM_ICH_MISR_VGRP0D | NVARM_ICH_MISR_VGRP1E);
	assert_false(nvarm_vgic_maint_pending(&f->cpu, v)); /* En = 0 */
	free(f);
}

static void test_status_random_vs_model(void **state)
{
	uint64_t seed = test_seed(0xabcdef01), s = seed;
	struct vfix *f = malloc(sizeof(*f));

	(void)state;
	print_message("seed %#llx (NVARM_SEED overrides)\n", (unsigned long long)seed);
	for (unsigned c = 0; c < 20; c++) {
		uint64_t vtr = mk_vtr(1 + (unsigned)(xrand(&s) % 16), 5, 5, 1, 0, 1);
		struct gicm m;

		assert_int_equal(vfix_init(f, vtr, 0, 0, 0), 0);
		gicm_init(&m, vtr, 0);
		for (unsigned k = 0; k < 2000; k++) {
			uint64_t got;

			for (unsigned i = 0; i < m.nlr; i++) {
				/* Raw (NV2) values: RES0 garbage allowed; bias state and EOI. */
				uint64_t r = xrand(&s);
				if (xrand(&s) & 1)
					r &= ~(3ull << 62);
				f->v.lr[i] = r;
				m.lr[i] = gicm_lr_value(&m, r);
			}
			f->v.hcr = xrand(&s);
			f->v.vmcr = xrand(&s);
			m.hcr = gicm_hcr_value(&m, f->v.hcr);
			m.vmcr = gicm_vmcr_value(&m, f->v.vmcr);
			assert_int_equal(
			    nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_MISR, &got), 0);
			if (got != gicm_misr(&m)) {
				print_error("seed %#llx: MISR %#llx model %#x\n",
					    (unsigned long long)seed, (unsigned long long)got,
					    gicm_misr(&m));
				fail();
			}
			assert_int_equal(
			    nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_EISR, &got), 0);
			assert_int_equal(got, gicm_eisr(&m));
			assert_int_equal(
			    nvarm_vgic_vreg_read(&f->cpu, &f->v, NVARM_ENC_ICH_ELRSR, &got), 0);
			assert_int_equal(got, gicm_elrsr(&m));
			assert_int_equal(nvarm_vgic_maint_pending(&f->cpu, &f->v), gicm_maint(&m));
		}
	}
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_no_overlap_and_complete),
	    cmocka_unit_test(test_phys_ranges_disjoint),
	    cmocka_unit_test(test_init_errors),
	    cmocka_unit_test(test_vtr_advertised),
	    cmocka_unit_test(test_access_errors),
	    cmocka_unit_test(test_masks_vs_model),
	    cmocka_unit_test(test_lr_mask_examples),
	    cmocka_unit_test(test_vmcr_minimum_bpr),
	    cmocka_unit_test(test_status_examples),
	    cmocka_unit_test(test_status_random_vs_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
