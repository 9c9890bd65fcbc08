// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for the vGIC: hostile L1 register writes (trapped and raw NV2
 * memory), hostile "hardware" exit states (whatever the LRs/HCR/VMCR/APRs read back as),
 * injections, and every call order. Checks, besides ASan/UBSan:
 *  - only the documented return codes come back;
 *  - L1 never reads back RES0/unimplemented bits;
 *  - after entry, a hardware LR with HW = 1 only ever names a real INTID that the host
 *    callback handed out for an L1 interrupt (L1 cannot reach other physical INTIDs);
 *  - hardware LRs beyond L1's count hold nothing while L2 runs;
 *  - exit reports at most one deactivation per LR.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvarm/platform_host.h>
#include <nvarm/vgic.h>

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c))                                                                          \
			__builtin_trap();                                                          \
	} while (0)

struct in {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct in *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->n; i++, in->n--, in->p++)
		v |= (uint64_t)in->p[0] << (8 * i);
	return v;
}

/* Backing: L1 INTIDs 32..63 map to 200 + (x - 32). */
static int xlate(void *ctx, uint32_t l1, uint32_t *hw)
{
	(void)ctx;
	if (l1 >= 32 && l1 < 64) {
		*hw = 200 + (l1 - 32);
		return NVARM_OK;
	}
	return NVARM_ERR_NOENT;
}

static const uint32_t encs[] = {
    NVARM_ENC_ICH_LR(0),   NVARM_ENC_ICH_LR(3),	  NVARM_ENC_ICH_LR(7),	 NVARM_ENC_ICH_LR(15),
    NVARM_ENC_ICH_AP0R(0), NVARM_ENC_ICH_AP0R(3), NVARM_ENC_ICH_AP1R(1), NVARM_ENC_ICH_HCR,
    NVARM_ENC_ICH_VMCR,	   NVARM_ENC_ICH_VTR,	  NVARM_ENC_ICH_MISR,	 NVARM_ENC_ICH_EISR,
    NVARM_ENC_ICH_ELRSR,   NVARM_ENC_ICC_SRE_EL2,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nvarm_host_model hm;
	static struct nvarm_vgic_cpu cpu;
	static struct nvarm_vgic_vstate v;
	static struct nvarm_vgic_irq queue[8];
	struct nvarm_platform_ops ops;
	struct nvarm_vgic_config cfg = {0};
	struct in in = {data, size};
	unsigned hw_nr, pri, pre;
	uint64_t vtr;
	bool in_l2 = false;

	hw_nr = 1 + (unsigned)take(&in, 1) % 16;
	pri = 5 + (unsigned)take(&in, 1) % 4;
	pre = 5 + (unsigned)take(&in, 1) % (pri - 4 > 3 ? 3 : pri - 4);
	vtr = ((uint64_t)(pri - 1) << 29) | ((uint64_t)(pre - 1) << 26) |
	      (take(&in, 1) & 0x7f8000) | (hw_nr - 1);
	nvarm_host_model_init(&hm, NULL, 0, 0);
	nvarm_host_model_ops(&hm, &ops);
	ops.l1_intid_to_hw = xlate;
	nvarm_host_model_set_reg(&hm, NVARM_ENC_ICH_VTR, vtr);
	cfg.nr_lr = (uint8_t)(take(&in, 1) % (hw_nr + 1));
	cfg.maint_intid = (take(&in, 1) & 1) ? 25 : 0;
	cfg.maint_priority = (uint8_t)take(&in, 1);
	cfg.queue_len = (uint16_t)(take(&in, 1) % 9);
	cfg.queue = cfg.queue_len ? queue : NULL;
	cfg.l2_hcr_set = take(&in, 8);
	if (nvarm_vgic_cpu_init(&cpu, &ops, &cfg))
		return 0;
	nvarm_vgic_vstate_reset(&cpu, &v);

	while (in.n) {
		unsigned op = (unsigned)take(&in, 1) % 12;
		uint64_t val = take(&in, 8), got;
		int rc;

		switch (op) {
		case 0: /* trapped write */
		case 1: {
			uint32_t enc = encs[(val >> 3) % (sizeof(encs) / sizeof(encs[0]))];

			rc = nvarm_vgic_vreg_write(&cpu, &v, enc, take(&in, 8));
			CHECK(rc == 0 || rc == NVARM_ERR_BAD_ENCODING || rc == NVARM_ERR_NOENT);
			rc = nvarm_vgic_vreg_read(&cpu, &v, enc, &got);
			CHECK(rc == 0 || rc == NVARM_ERR_BAD_ENCODING || rc == NVARM_ERR_NOENT);
			if (rc == 0 && enc >= NVARM_ENC_ICH_LR(0) && enc <= NVARM_ENC_ICH_LR(15))
				CHECK(got == nvarm_vgic_lr_sanitize(&cpu, got) &&
				      !(got & (0x7ull << 45)) && !(got & (0xfull << 56)));
			break;
		}
		case 2: /* raw NV2 memory write anywhere in the ICH block */
			((uint64_t *)&v)[val % (sizeof(v) / 8)] = take(&in, 8);
			break;
		case 3:
			rc = nvarm_vgic_nested_entry(&cpu, &v);
			CHECK(rc == 0 || (rc == NVARM_ERR_STATE && in_l2));
			if (rc == 0) {
				in_l2 = true;
				for (unsigned n = 0; n < hw_nr; n++) {
					uint64_t lr =
					    nvarm_host_model_get_reg(&hm, NVARM_ENC_ICH_LR(n));

					if (n >= cpu.nr_lr)
						CHECK(lr == 0);
					if ((lr >> 62) && (lr & NVARM_ICH_LR_HW)) {
						uint64_t p = (lr >> 32) & 0x1fff;
						CHECK(p >= 200 && p < 232);
					}
				}
			}
			break;
		case 4: /* the hardware reports something (anything) for L2's state */
			if (in_l2) {
				unsigned n = (unsigned)(val % hw_nr);
				uint64_t cur = nvarm_host_model_get_reg(&hm, NVARM_ENC_ICH_LR(n));

				/* Hardware only changes the State of a valid LR; any State. */
				if (cur >> 62)
					cur = (cur & ~(3ull << 62)) | (val << 62);
				nvarm_host_model_set_reg(&hm, NVARM_ENC_ICH_LR(n), cur);
				if (val & 0x200)
					nvarm_host_model_set_reg(&hm, NVARM_ENC_ICH_HCR,
								 take(&in, 8));
				if (val & 0x400)
					nvarm_host_model_set_reg(&hm, NVARM_ENC_ICH_VMCR,
								 take(&in, 8));
				if (val & 0x800)
					nvarm_host_model_set_reg(&hm, NVARM_ENC_ICH_AP1R(0),
								 take(&in, 8));
			}
			break;
		case 5: {
			struct nvarm_vgic_exit res;

			rc = nvarm_vgic_nested_exit(&cpu, &v, (val & 1) ? &res : NULL);
			CHECK(rc == 0 || (rc == NVARM_ERR_STATE && !in_l2));
			if (rc == 0 && (val & 1))
				CHECK(res.ndeact <= cpu.nr_lr);
			in_l2 = false;
			break;
		}
		case 6: {
			struct nvarm_vgic_irq irq = {(uint32_t)val, (uint32_t)(val >> 32),
						     (uint8_t)(val >> 16), (uint8_t)(val >> 24)};

			if (val & 0x8000)
				irq.intid &= 0x7f;
			rc = nvarm_vgic_l1_inject(&cpu, &irq);
			CHECK(rc == 0 || rc == NVARM_ERR_INVAL || rc == NVARM_ERR_NOMEM ||
			      (rc == NVARM_ERR_STATE && in_l2));
			break;
		}
		case 7:
			rc = nvarm_vgic_l1_retract(&cpu, (uint32_t)val & 0x7f);
			CHECK(rc == 0 || rc == NVARM_ERR_NOENT || (rc == NVARM_ERR_STATE && in_l2));
			break;
		case 8:
			rc = nvarm_vgic_l1_deactivate(&cpu, (uint32_t)val & 0x7f);
			CHECK(rc == 0 || rc == NVARM_ERR_NOENT || (rc == NVARM_ERR_STATE && in_l2));
			break;
		case 9:
			rc = nvarm_vgic_l1_flush(&cpu, (val & 1) ? &v : NULL);
			CHECK(rc == 0 || (rc == NVARM_ERR_STATE && in_l2));
			break;
		case 10: /* L1 ran: it acknowledged/deactivated some of its interrupts */
			if (cpu.where == 1 /* L1 live: only then can L1 have run */) {
				uint32_t enc = NVARM_ENC_ICH_LR(val % hw_nr);
				uint64_t cur = nvarm_host_model_get_reg(&hm, enc);

				if ((val >> 8) & 1) /* acknowledge: pending -> active */
					cur = (cur & NVARM_ICH_LR_PENDING)
						  ? (cur & ~NVARM_ICH_LR_PENDING) |
							NVARM_ICH_LR_ACTIVE
						  : cur;
				else /* deactivate */
					cur &= ~NVARM_ICH_LR_ACTIVE;
				nvarm_host_model_set_reg(&hm, enc, cur);
			}
			rc = nvarm_vgic_l1_sync(&cpu);
			CHECK(rc == 0 || (rc == NVARM_ERR_STATE && in_l2));
			break;
		default:
			(void)nvarm_vgic_misr(&cpu, &v);
			(void)nvarm_vgic_eisr(&cpu, &v);
			(void)nvarm_vgic_elrsr(&cpu, &v);
			(void)nvarm_vgic_maint_pending(&cpu, &v);
			nvarm_vgic_vstate_sanitize(&cpu, &v);
			break;
		}
		CHECK(cpu.queue_count <= cpu.queue_len);
	}
	return 0;
}
