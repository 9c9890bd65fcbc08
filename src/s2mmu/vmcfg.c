// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The shadow stage-2's view of the VM: the stage-2 features L1 sees, derived from the one
 * per-VM configuration (nvarm_vm_config_init) rather than set apart by the embedder, so that
 * what L1 is told (its ID registers) and what the shadow assumes cannot disagree.
 */
#include "nvarm/arm/sysreg_fields.h"
#include "nvarm/s2mmu.h"
#include "nvarm/sysreg.h"

#define MMFR(n, f)                                                                                 \
	NVARM_FIELD_GET(vm->id.mmfr##n,                                                            \
			NVARM_ID_AA64MMFR##n##_EL1_##f##_SHIFT +                                   \
			    NVARM_ID_AA64MMFR##n##_EL1_##f##_WIDTH - 1,                            \
			NVARM_ID_AA64MMFR##n##_EL1_##f##_SHIFT)

int nvarm_s2mmu_guest_from_vm(const struct nvarm_vm_config *vm, struct nvarm_s2mmu_features *guest)
{
	/* ID_AA64MMFR0_EL1.PARange encodings 0-6 (Arm ARM D24.2) */
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};

	if (!vm || !guest || vm->pa_range >= sizeof(bits))
		return NVARM_ERR_INVAL;
	guest->pa_bits = bits[vm->pa_range];
	guest->granules = vm->granules & (NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K);
	/* 52-bit output: with 64K pages from PARange 0b0110 alone (FEAT_LPA); with 4K/16K when
	 * TGran4 = 0b0001 / TGran16 = 0b0010 (FEAT_LPA2, VTCR_EL2.DS) */
	guest->lpa = vm->pa_range == 6 && (guest->granules & NVARM_GRAN_64K);
	guest->lpa2 = vm->pa_range == 6 && (MMFR(0, TGran4) == 1 || MMFR(0, TGran16) == 2);
	guest->ttst = MMFR(2, ST) != 0;
	guest->hafdbs = MMFR(1, HAFDBS) >= 1;
	guest->xnx = MMFR(1, XNX) != 0;
	return 0;
}
