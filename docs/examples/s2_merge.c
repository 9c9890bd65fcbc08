// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Worked example: a host-run test of shadow stage-2 page-table merging against the host model
 * of the platform. Build it against the installed package:
 *
 *   find_package(nvarm REQUIRED)
 *   add_executable(s2_merge s2_merge.c)
 *   target_link_libraries(s2_merge PRIVATE nvarm::nvarm nvarm::platform_host)
 *
 * or: cc s2_merge.c $(pkg-config --cflags --libs nvarm-platform-host) -o s2_merge
 *
 * L1 (the guest hypervisor) keeps its stage-2 tables for L2 in its own RAM, here a buffer the
 * host model serves as "L1 RAM". L0's own stage-2 (L1 IPA -> PA) is the host model's default:
 * PA = L1 IPA + pa_offset, read/write/execute. The shadow stage-2 merges both into one
 * L2 IPA -> PA table that the hardware walks while L2 runs. The program exits 0 when every
 * check holds and prints the first failing one otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/arm/esr.h>
#include <nvarm/arm/s2desc.h>
#include <nvarm/arm/sysreg_encs.h>
#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>

#define L1_BASE	   0x40000000ull /* L1 IPA of the first byte of L1 RAM */
#define L1_SIZE	   0x100000ull	 /* 1 MiB of L1 RAM */
#define PA_OFFSET  0x800000000ull
#define POOL_PAGES 16

static int failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("s2_merge: FAILED %s (line %d)\n", #cond, __LINE__);                \
			failures++;                                                                \
		}                                                                                  \
	} while (0)

/* Write one little-endian descriptor of L1's tables at L1 IPA @ipa1. */
static void l1_write(struct nvarm_host_model *m, uint64_t ipa1, uint64_t desc)
{
	memcpy(nvarm_host_model_l1_ptr(m, nvarm_ipa1(ipa1), 8), &desc, 8);
}

/* A stage-2 data abort from L2, as L0 reads it from ESR_EL2/FAR_EL2/HPFAR_EL2. */
static struct nvarm_s2mmu_fault dabt(uint64_t ipa2, unsigned fsc, int write)
{
	struct nvarm_s2mmu_fault f;

	memset(&f, 0, sizeof(f));
	f.esr = (uint64_t)NVARM_EC_DABT_LOW << 26 | 1u << 25 /* IL */ | fsc |
		(write ? NVARM_ISS_DABT_WNR : 0);
	f.far = 0xffff000000001000ull; /* L2's VA: not used by the shadow */
	f.hpfar = (ipa2 >> 12) << 4;   /* HPFAR_EL2.FIPA = IPA[47:12] */
	return f;
}

int main(void)
{
	/* 1. The host model: L1 RAM and the platform callbacks nvarm needs. */
	void *l1_ram = aligned_alloc(4096, L1_SIZE);
	void *pool = aligned_alloc(4096, POOL_PAGES * 4096);
	static struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;

	if (!l1_ram || !pool)
		return 2;
	memset(l1_ram, 0, L1_SIZE);
	nvarm_host_model_init(&hm, l1_ram, L1_BASE, L1_SIZE);
	hm.pa_offset = PA_OFFSET;
	nvarm_host_model_ops(&hm, &ops);

	/* 2. A shadow stage-2 context: 4K shadow tables, 40-bit shadow input. */
	struct nvarm_s2mmu_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.ops = &ops;
	cfg.guest.pa_bits = 40;
	cfg.guest.granules = NVARM_S2MMU_G4K | NVARM_S2MMU_G16K | NVARM_S2MMU_G64K;
	cfg.host_granule_shift = 12;
	cfg.host_ia_bits = 40;
	cfg.host_pa_bits = 48;
	cfg.hw_vmid_base = 1;
	cfg.max_mmus = 2;
	cfg.max_pool_pages = POOL_PAGES;
	cfg.rmap_entries = 64;
	cfg.mem_size = nvarm_s2mmu_mem_bytes(cfg.max_mmus, cfg.max_pool_pages, cfg.rmap_entries);
	cfg.mem = aligned_alloc(64, (cfg.mem_size + 63) & ~(size_t)63);

	static struct nvarm_s2mmu s2;
	CHECK(nvarm_s2mmu_init(&s2, &cfg) == NVARM_OK);
	/* The host model's pa_to_va is the identity: pool "PAs" are our pointers. */
	CHECK(nvarm_s2mmu_pool_add(&s2, nvarm_pa((uintptr_t)pool), POOL_PAGES) == NVARM_OK);

	/*
	 * 3. L1's stage-2 for L2, in L1 RAM: 4K granule, 32-bit L2 IPA (T0SZ = 32), start at
	 *    level 1 (SL0 = 1). L2 IPA 0x80000000 -> L1 IPA 0x40010000 read-only,
	 *    L2 IPA 0x80001000 -> L1 IPA 0x40011000 read/write, 0x80002000 unmapped.
	 */
	const uint64_t root = L1_BASE, l2t = L1_BASE + 0x1000, l3t = L1_BASE + 0x2000;
	const uint64_t attrs = NVARM_S2D_VALID | NVARM_S2D_TABLE | NVARM_S2D_AF |
			       (uint64_t)NVARM_S2_MEMATTR_NORMAL_WB << NVARM_S2D_MEMATTR_SHIFT |
			       3ull << NVARM_S2D_SH_SHIFT;
	l1_write(&hm, root + 2 * 8, l2t | NVARM_S2D_VALID | NVARM_S2D_TABLE); /* 2G..3G */
	l1_write(&hm, l2t + 0 * 8, l3t | NVARM_S2D_VALID | NVARM_S2D_TABLE);
	l1_write(&hm, l3t + 0 * 8, (L1_BASE + 0x10000) | attrs | NVARM_S2D_S2AP_R);
	l1_write(&hm, l3t + 1 * 8,
		 (L1_BASE + 0x11000) | attrs | NVARM_S2D_S2AP_R | NVARM_S2D_S2AP_W);

	struct nvarm_s2mmu_l1_regs l1;
	memset(&l1, 0, sizeof(l1));
	l1.vm = true; /* L1's HCR_EL2.VM */
	l1.vttbr = root | 5ull << NVARM_VTTBR_VMID_SHIFT;
	l1.vtcr = 32 /* T0SZ */ | 1u << NVARM_VTCR_SL0_SHIFT | 3u << 12 /* SH0 */ |
		  (uint64_t)NVARM_VTCR_TG0_4K << NVARM_VTCR_TG0_SHIFT | 2u << NVARM_VTCR_PS_SHIFT;

	/* 4. The shadow MMU L2 runs on: L0 writes hw.vttbr/hw.vtcr to VTTBR_EL2/VTCR_EL2. */
	struct nvarm_s2mmu_hw hw;
	int mmu = nvarm_s2mmu_get(&s2, &l1, &hw);
	CHECK(mmu >= 0);
	CHECK((hw.vttbr >> NVARM_VTTBR_VMID_SHIFT) == cfg.hw_vmid_base + (unsigned)mmu);

	/* 5. L2 reads 0x80000000: the shadow maps it read-only to PA = L1 IPA + offset. */
	struct nvarm_s2mmu_fault f = dabt(0x80000000, NVARM_FSC_TRANS_L0 + 1, 0);
	struct nvarm_s2mmu_result r;
	CHECK(nvarm_s2mmu_handle_fault(&s2, mmu, &f, &r) == NVARM_OK);
	CHECK(r.action == NVARM_S2MMU_INSTALLED);
	CHECK(r.pa.v == L1_BASE + 0x10000 + PA_OFFSET);
	CHECK((r.perm & NVARM_PERM_R) && !(r.perm & NVARM_PERM_W)); /* L1 said read-only */

	struct nvarm_s2mmu_entry e;
	CHECK(nvarm_s2mmu_lookup(&s2, mmu, nvarm_ipa2(0x80000000), &e) == NVARM_OK);
	CHECK(e.pa.v == r.pa.v && e.shift == 12);

	/* 6. L2 writes it: L1's stage-2 denies, so L1 gets a permission fault at level 3. */
	f = dabt(0x80000000, NVARM_FSC_PERM_L0 + 3, 1);
	CHECK(nvarm_s2mmu_handle_fault(&s2, mmu, &f, &r) == NVARM_OK);
	CHECK(r.action == NVARM_S2MMU_INJECT);
	CHECK((r.esr_el2 & NVARM_ISS_FSC_MASK) == NVARM_FSC_PERM_L0 + 3);
	CHECK(r.hpfar_el2 == f.hpfar);

	/* 7. The read/write page merges to read/write; the unmapped one faults to L1. */
	f = dabt(0x80001000, NVARM_FSC_TRANS_L0 + 1, 1);
	CHECK(nvarm_s2mmu_handle_fault(&s2, mmu, &f, &r) == NVARM_OK);
	CHECK(r.action == NVARM_S2MMU_INSTALLED && (r.perm & NVARM_PERM_W));
	f = dabt(0x80002000, NVARM_FSC_TRANS_L0 + 1, 0);
	CHECK(nvarm_s2mmu_handle_fault(&s2, mmu, &f, &r) == NVARM_OK);
	CHECK(r.action == NVARM_S2MMU_INJECT);
	CHECK((r.esr_el2 & NVARM_ISS_FSC_MASK) == NVARM_FSC_TRANS_L0 + 3);

	/* 8. L1 remaps 0x80000000 and invalidates (TLBI IPAS2E1IS, Xt = IPA >> 12): the shadow
	 *    entry goes, and the next fault installs the new mapping. */
	l1_write(&hm, l3t + 0 * 8, (L1_BASE + 0x12000) | attrs | NVARM_S2D_S2AP_R);
	CHECK(nvarm_s2mmu_tlbi(&s2, NVARM_ENC_TLBI_IPAS2E1IS, 0x80000000 >> 12, &l1) == 1);
	CHECK(nvarm_s2mmu_lookup(&s2, mmu, nvarm_ipa2(0x80000000), &e) == NVARM_ERR_NOENT);
	f = dabt(0x80000000, NVARM_FSC_TRANS_L0 + 1, 0);
	CHECK(nvarm_s2mmu_handle_fault(&s2, mmu, &f, &r) == NVARM_OK);
	CHECK(r.action == NVARM_S2MMU_INSTALLED && r.pa.v == L1_BASE + 0x12000 + PA_OFFSET);
	CHECK(hm.tlbi_count > 0); /* L0 was asked to invalidate the hardware TLB */

	free(cfg.mem);
	free(pool);
	free(l1_ram);
	if (failures)
		return 1;
	printf("s2_merge: all checks passed\n");
	return 0;
}
