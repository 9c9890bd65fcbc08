// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Install consumer in C++: links nvarm::nvarm + nvarm::platform_host from the installed package
// and checks how the shadow stage-2 merges L1's stage-2 with L0's (the host model's) for three
// L2 addresses: an L1 block over L0 pages, an L1 page L0 does not map, an L1 execute-never page.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <nvarm/arm/esr.h>
#include <nvarm/arm/s2desc.h>
#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>

namespace
{

constexpr uint64_t l1_base = 0x40000000, l1_size = 4ull << 20, pa_offset = 0x1000000000;
constexpr uint32_t pool_pages = 16;

struct aligned_free {
	void operator()(void *p) const
	{
		std::free(p);
	}
};
using buffer = std::unique_ptr<uint8_t, aligned_free>;

buffer make_buffer(size_t align, size_t size)
{
	buffer b(
	    static_cast<uint8_t *>(std::aligned_alloc(align, (size + align - 1) / align * align)));
	if (b)
		std::memset(b.get(), 0, size);
	return b;
}

class merge_rig
{
      public:
	merge_rig() : ram_(make_buffer(4096, l1_size)), pool_(make_buffer(4096, pool_pages * 4096))
	{
		nvarm_host_model_init(&hm_, ram_.get(), l1_base, l1_size);
		hm_.pa_offset = pa_offset;
		nvarm_host_model_ops(&hm_, &ops_);
		nvarm_s2mmu_config cfg{};
		cfg.ops = &ops_;
		cfg.guest.pa_bits = 40;
		cfg.guest.granules = NVARM_S2MMU_G4K;
		cfg.host_granule_shift = 12;
		cfg.host_ia_bits = 40;
		cfg.host_pa_bits = 48;
		cfg.max_mmus = 1;
		cfg.max_pool_pages = pool_pages;
		cfg.rmap_entries = 32;
		cfg.mem_size = nvarm_s2mmu_mem_bytes(1, pool_pages, 32);
		state_ = make_buffer(64, cfg.mem_size);
		cfg.mem = state_.get();
		ok_ = nvarm_s2mmu_init(&s2_, &cfg) == NVARM_OK &&
		      nvarm_s2mmu_pool_add(&s2_, nvarm_pa(reinterpret_cast<uintptr_t>(pool_.get())),
					   pool_pages) == NVARM_OK;
	}
	bool ok() const
	{
		return ok_;
	}
	void write_desc(uint64_t ipa1, uint64_t d)
	{
		std::memcpy(nvarm_host_model_l1_ptr(&hm_, nvarm_ipa1(ipa1), 8), &d, 8);
	}
	int get(const nvarm_s2mmu_l1_regs &l1)
	{
		nvarm_s2mmu_hw hw{};
		return nvarm_s2mmu_get(&s2_, &l1, &hw);
	}
	nvarm_s2mmu_result fault(int mmu, uint64_t ipa2, bool fetch)
	{
		nvarm_s2mmu_fault f{};
		f.esr = uint64_t(fetch ? NVARM_EC_IABT_LOW : NVARM_EC_DABT_LOW) << 26 | 1u << 25 |
			(NVARM_FSC_TRANS_L0 + 2);
		f.hpfar = (ipa2 >> 12) << 4;
		nvarm_s2mmu_result r{};
		if (nvarm_s2mmu_handle_fault(&s2_, mmu, &f, &r) != NVARM_OK) {
			/* an answer no check below accepts (the field is the enum type) */
			r.action = NVARM_S2MMU_L0;
			r.l0_reason = NVARM_S2MMU_L0_NOT_ABORT;
		}
		return r;
	}

      private:
	buffer ram_, pool_, state_;
	nvarm_host_model hm_{};
	nvarm_platform_ops ops_{};
	nvarm_s2mmu s2_{};
	bool ok_ = false;
};

} // namespace

int main()
{
	std::unique_ptr<merge_rig> rig(new merge_rig);
	std::vector<const char *> failed;
	auto check = [&](bool c, const char *what) {
		if (!c)
			failed.push_back(what);
	};
	check(rig->ok(), "init");

	// L1's stage-2: 4K granule, T0SZ 32, start level 1; its tables at the start of L1 RAM.
	const uint64_t root = l1_base, l2t = l1_base + 0x1000, l3t = l1_base + 0x2000;
	const uint64_t leaf = NVARM_S2D_VALID | NVARM_S2D_AF | NVARM_S2D_S2AP_R | NVARM_S2D_S2AP_W |
			      uint64_t(NVARM_S2_MEMATTR_NORMAL_WB) << NVARM_S2D_MEMATTR_SHIFT;
	rig->write_desc(root + 2 * 8, l2t | NVARM_S2D_VALID | NVARM_S2D_TABLE);
	// L2 IPA 0x80200000: a 2M block over L1 IPA 0x40200000 (L0 maps 4K pages there).
	rig->write_desc(l2t + 1 * 8, (l1_base + 0x200000) | leaf);
	// L2 IPA 0x80000000: a page of L1 IPA 0x7f000000, outside L1 RAM (L0 has no mapping).
	rig->write_desc(l2t + 0 * 8, l3t | NVARM_S2D_VALID | NVARM_S2D_TABLE);
	rig->write_desc(l3t + 0 * 8, 0x7f000000 | leaf | NVARM_S2D_TABLE);
	// L2 IPA 0x80001000: execute-never page (XN = 0b10) of L1 IPA 0x40003000.
	rig->write_desc(l3t + 1 * 8,
			(l1_base + 0x3000) | leaf | NVARM_S2D_TABLE | 2ull << NVARM_S2D_XN_SHIFT);

	nvarm_s2mmu_l1_regs l1{};
	l1.vm = true;
	l1.vttbr = root | 7ull << NVARM_VTTBR_VMID_SHIFT;
	l1.vtcr = 32 | 1u << NVARM_VTCR_SL0_SHIFT | 2u << NVARM_VTCR_PS_SHIFT;
	int mmu = rig->get(l1);
	check(mmu >= 0, "get");

	nvarm_s2mmu_result r = rig->fault(mmu, 0x80234000, false);
	check(r.action == NVARM_S2MMU_INSTALLED, "block: installed");
	check(r.map_shift == 12, "block: L0's 4K pages bound the shadow leaf");
	check(r.pa.v == l1_base + 0x234000 + pa_offset, "block: PA");

	r = rig->fault(mmu, 0x80000000, false);
	check(r.action == NVARM_S2MMU_L0 && r.l0_reason == NVARM_S2MMU_L0_UNMAPPED,
	      "L0 unmapped: L0 handles");
	check(r.ipa1.v == 0x7f000000, "L0 unmapped: L1 IPA reported");

	r = rig->fault(mmu, 0x80001000, true);
	check(r.action == NVARM_S2MMU_INJECT, "XN: fetch faults to L1");
	check((r.esr_el2 >> 26) == NVARM_EC_IABT_LOW, "XN: instruction abort");
	check((r.esr_el2 & NVARM_ISS_FSC_MASK) == NVARM_FSC_PERM_L0 + 3, "XN: permission, level 3");

	for (const char *w : failed)
		std::printf("nvarm C++ consumer: FAILED %s\n", w);
	if (!failed.empty())
		return 1;
	std::printf("nvarm C++ consumer: shadow stage-2 merge checks passed\n");
	return 0;
}
