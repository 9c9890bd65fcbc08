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

#define MMFR0_F(v, f)                                                                              \
	((unsigned)NVARM_FIELD_GET(                                                                \
	    v, NVARM_ID_AA64MMFR0_EL1_##f##_SHIFT + NVARM_ID_AA64MMFR0_EL1_##f##_WIDTH - 1,        \
	    NVARM_ID_AA64MMFR0_EL1_##f##_SHIFT))

/*
 * Stage 2 translates 52-bit addresses with the granule 2^@gshift on a CPU whose
 * ID_AA64MMFR0_EL1 is @mmfr0 (Arm ARM D24.2 ID_AA64MMFR0_EL1): TGran4_2 0b0011 / TGran16_2
 * 0b0011 (FEAT_LPA2 at stage 2), or 0b0000 ("as stage 1") with TGran4 0b0001 / TGran16
 * 0b0010; with 64K pages a 52-bit PARange is FEAT_LPA, with TGran64_2 not 0b0001 (absent).
 * The PARange itself is not checked here.
 */
static bool s2_gran_52(uint64_t mmfr0, unsigned gshift)
{
	switch (gshift) {
	case 12:
		return MMFR0_F(mmfr0, TGran4_2) == 3 ||
		       (MMFR0_F(mmfr0, TGran4_2) == 0 && MMFR0_F(mmfr0, TGran4) == 1);
	case 14:
		return MMFR0_F(mmfr0, TGran16_2) == 3 ||
		       (MMFR0_F(mmfr0, TGran16_2) == 0 && MMFR0_F(mmfr0, TGran16) == 2);
	case 16:
		return MMFR0_F(mmfr0, TGran64_2) == 2 ||
		       (MMFR0_F(mmfr0, TGran64_2) == 0 && MMFR0_F(mmfr0, TGran64) == 0);
	default:
		return false;
	}
}

int nvarm_s2mmu_host_pa_range(uint64_t mmfr0, unsigned gshift)
{
	unsigned pa = MMFR0_F(mmfr0, PARange);

	if (gshift != 12 && gshift != 14 && gshift != 16)
		return NVARM_ERR_INVAL;
	if (pa > 6)
		pa = 6; /* beyond 52 bits (FEAT_D128's 56): the 52 a shadow can describe */
	if (pa == 6 && !s2_gran_52(mmfr0, gshift))
		pa = 5;
	return (int)pa;
}

int nvarm_s2mmu_guest_from_vm(const struct nvarm_vm_config *vm, struct nvarm_s2mmu_features *guest)
{
	/* ID_AA64MMFR0_EL1.PARange encodings 0-6 (Arm ARM D24.2) */
	static const uint8_t bits[] = {32, 36, 40, 42, 44, 48, 52};

	if (!vm || !guest || vm->pa_range >= sizeof(bits))
		return NVARM_ERR_INVAL;
	guest->pa_bits = bits[vm->pa_range];
	guest->granules = vm->granules & (NVARM_GRAN_4K | NVARM_GRAN_16K | NVARM_GRAN_64K);
	/* 52-bit output: with 64K pages from PARange 0b0110 alone (FEAT_LPA); with 4K/16K when
	 * stage 2 has FEAT_LPA2 with one of them (TGran4_2 / TGran16_2, or the stage-1 fields
	 * when those say "as stage 1"): VTCR_EL2.DS */
	guest->lpa = vm->pa_range == 6 && (guest->granules & NVARM_GRAN_64K);
	guest->lpa2 = vm->pa_range == 6 &&
		      (((guest->granules & NVARM_GRAN_4K) && s2_gran_52(vm->id.mmfr0, 12)) ||
		       ((guest->granules & NVARM_GRAN_16K) && s2_gran_52(vm->id.mmfr0, 14)));
	guest->ttst = MMFR(2, ST) != 0;
	guest->hafdbs = MMFR(1, HAFDBS) >= 1;
	guest->xnx = MMFR(1, XNX) != 0;
	return 0;
}
