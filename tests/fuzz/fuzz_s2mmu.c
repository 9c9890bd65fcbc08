// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for the shadow stage-2: the input provides L1's VTCR_EL2/VTTBR_EL2, the
 * offered features, L0's map parameters and the contents of L1 memory holding its tables.
 * Checks: the walker and nvarm_s2mmu_translate agree with the reference model
 * (tests/s2mmu/ref.c) on fault type, level, output address and permissions; fault resolution
 * (with pools from the minimum up: reclaim), TLBIs, host unmaps, write-protection and aging
 * never crash and keep the lock balanced; every installed shadow leaf stays within guest &
 * host; after a host unmap or a clearing age no entry for the range remains, after a
 * write-protect none is writable; a second VMID gets its own MMU while the first runs. The
 * input also chooses nvarm_s2mmu_config::fault_around (0..64 pages), so the leaves checked
 * include those a fault installed around itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/arm/sysreg_enc.h>
#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>

#include "s2mmu/ref.c"

#define L1_BASE	   0x10000ull
#define L1_SIZE	   (128u << 10)
#define POOL_PAGES 64
#define RMAP	   256 /* most reverse-map entries (input-chosen: 32 to 256) */
/* Work per input, bounded so that the target runs >= 10^4 inputs per CPU second: walker/reference
 * comparisons, faults, and a TLBI + host unmap after every FAULT_ROUND faults. */
#define N_WALKS	    16
#define N_FAULTS    24
#define FAULT_ROUND 8

static uint8_t l1mem[L1_SIZE] __attribute__((aligned(4096)));
static uint8_t pool[POOL_PAGES << 16] __attribute__((aligned(65536)));
static uint8_t state[NVARM_S2MMU_MEM_BYTES(2, POOL_PAGES, RMAP)] __attribute__((aligned(64)));

struct hostcfg {
	uint8_t shift, perm, memattr, sh;
	uint64_t pa_off;
};
static struct hostcfg hc;

static int fz_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	(void)user;
	if (ipa.v >> 36)
		return NVARM_ERR_NOENT;
	out->pa = nvarm_pa(ipa.v + hc.pa_off);
	out->block_shift = hc.shift;
	out->perm = hc.perm;
	out->memattr = hc.memattr;
	out->sh = hc.sh;
	out->flags = 0;
	return 0;
}

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct rd *r, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		v = v << 8 | (r->n ? *r->p : 0);
		if (r->n) {
			r->p++;
			r->n--;
		}
	}
	return v;
}

/* dst[0, n) = src repeated (zeros when srcn == 0). */
static void tile(uint8_t *dst, size_t n, const uint8_t *src, size_t srcn)
{
	size_t have;

	if (!srcn) {
		memset(dst, 0, n);
		return;
	}
	have = srcn < n ? srcn : n;
	memcpy(dst, src, have);
	while (have < n) {
		size_t k = have < n - have ? have : n - have;

		memcpy(dst + have, dst, k);
		have += k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = {data, size};
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	struct nvarm_s2mmu s;
	struct nvarm_s2mmu_config cfg;
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_hw hw;
	struct ref_l1 ref;

	if (size < 24)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	uint64_t fl = take(&r, 2);
	static const uint8_t pab[] = {32, 36, 40, 42, 44, 48, 52, 48};
	cfg.guest.pa_bits = pab[fl & 7];
	cfg.guest.granules = (uint8_t)((fl >> 3) & 7) | 1;
	cfg.guest.lpa = fl >> 6 & 1;
	cfg.guest.lpa2 = fl >> 7 & 1;
	cfg.guest.ttst = fl >> 8 & 1;
	cfg.guest.hafdbs = fl >> 9 & 1;
	cfg.guest.xnx = fl >> 10 & 1;
	/* the fourth choice: 4K with a 40-bit input, a 2-page concatenated root (3 levels) */
	static const uint8_t hg[] = {12, 14, 16, 12}, hia[] = {48, 47, 48, 40};
	cfg.host_granule_shift = hg[fl >> 11 & 3];
	cfg.host_ia_bits = hia[fl >> 11 & 3];
	cfg.host_pa_bits = 48;
	cfg.host_fwb = fl >> 13 & 1;
	cfg.host_xnx = fl >> 14 & 1;
	cfg.max_mmus = 2;
	cfg.max_pool_pages = POOL_PAGES;
	cfg.mem = state;
	cfg.mem_size = sizeof(state);
	l1.vtcr = take(&r, 5);
	l1.vttbr = L1_BASE + (take(&r, 3) % L1_SIZE) | (take(&r, 1) << 48);
	l1.big_endian = fl >> 15 & 1;
	/* FWB and fault-around (0 = the seeds' byte: 16 pages, so they exercise it) */
	static const uint8_t fat[8] = {16, 0, 2, 64, 4, 1, 8, 32};
	uint64_t fb = take(&r, 1);
	l1.fwb = fb & 1;
	cfg.fault_around = fat[fb >> 1 & 7];
	/* 52-bit shadow descriptors (DS=1 with 4K/16K, FEAT_LPA's with 64K) and, but for the
	 * 40-bit choice, a 52-bit shadow input */
	bool wide = fb >> 4 & 1;
	if (wide) {
		cfg.host_pa_bits = 52;
		if (cfg.host_ia_bits != 40)
			cfg.host_ia_bits = 52;
	}
	l1.vm = true;
	hc.shift = (uint8_t)(12 + take(&r, 1) % 20);
	hc.perm = (uint8_t)take(&r, 1);
	hc.memattr = (uint8_t)take(&r, 1);
	hc.sh = hc.memattr >> 4 & 3;
	hc.pa_off = (take(&r, 2) << 16) + 0x100000000ull;
	/* pool pages (small pools make faults reclaim) and reverse-map entries */
	uint64_t xb = take(&r, 1);
	uint32_t npool = 1 + (uint32_t)(xb & 63);
	cfg.rmap_entries = 32u << (xb >> 6 & 3);

	/* L1 memory: the rest of the input, tiled (memcpy doubling: a byte loop here cost 85% of
	 * the run time under -fsanitize=fuzzer's comparison tracing). */
	tile(l1mem, L1_SIZE, r.p, r.n);

	nvarm_host_model_init(&hm, l1mem, L1_BASE, L1_SIZE);
	hm.s2_lookup = fz_lookup;
	nvarm_host_model_ops(&hm, &ops);
	cfg.ops = &ops;

	memset(&ref, 0, sizeof(ref));
	ref.pa_bits = cfg.guest.pa_bits;
	ref.granules = cfg.guest.granules;
	ref.lpa = cfg.guest.lpa;
	ref.lpa2 = cfg.guest.lpa2;
	ref.ttst = cfg.guest.ttst;
	ref.hafdbs = cfg.guest.hafdbs;
	ref.xnx = cfg.guest.xnx;
	ref.vttbr = l1.vttbr;
	ref.vtcr = l1.vtcr;
	ref.be = l1.big_endian;
	ref.fwb = l1.fwb;
	ref.mem = l1mem;
	ref.mem_base = L1_BASE;
	ref.mem_size = L1_SIZE;

	/* Walker vs reference on addresses derived from the input. */
	for (unsigned k = 0; k < N_WALKS; k++) {
		uint64_t ipa =
		    (uint64_t)k * 0x9e3779b97f4a7c15ull ^ ((uint64_t)data[k % size] << 12);
		ipa &= (k & 3) == 3 ? 0xfffffffffffffull
		       : (k & 1)    ? 0xffffffffffffull
				    : 0xffffffffull;
		unsigned acc = 1u << (k % 4);
		struct nvarm_s2_walk w;
		struct ref_walk rw;
		if (nvarm_s2_guest_walk(&cfg.guest, &l1, &ops, nvarm_ipa2(ipa), acc, false, &w))
			abort();
		ref_walk(&ref, ipa, acc, &rw);
		if (w.fault != rw.fault || (w.fault && w.level != rw.level))
			abort();
		if (!w.fault &&
		    (w.oa.v != rw.oa || w.perm != rw.perm || w.leaf_shift != rw.leaf_bits ||
		     w.memattr != rw.memattr || w.sh != rw.sh))
			abort();
	}

	if (nvarm_s2mmu_init(&s, &cfg))
		return 0;
	struct nvarm_s2mmu_stats st;
	if (nvarm_s2mmu_stats(&s, &st))
		abort();
	if (npool < st.min_pool_pages)
		npool = st.min_pool_pages;
	if (npool > POOL_PAGES)
		return 0;
	if (nvarm_s2mmu_pool_add(&s, nvarm_pa((uintptr_t)pool), npool))
		abort();
	int mmu = nvarm_s2mmu_get(&s, &l1, &hw);
	if (mmu < 0 || nvarm_s2mmu_set_running(&s, mmu, true))
		abort();
	uint64_t last2 = 0, last1 = 0; /* the last installed L2 IPA and the L1 IPA it maps */
	bool have_last = false;
	for (unsigned k = 0; k < N_FAULTS; k++) {
		uint64_t ipa =
		    ((uint64_t)k * 0x100003000ull ^ ((uint64_t)data[(k * 7) % size] << 21)) &
		    0xffffffffffull;
		if (wide && (k & 2)) /* L2 IPAs up to 2^52 */
			ipa |= (uint64_t)data[(k * 3) % size] << 44;
		unsigned acc = 1u << (k % 4);
		struct nvarm_s2mmu_fault f = {(uint64_t)((acc & 12) ? 0x20 : 0x24) << 26 |
						  (acc == 2 ? 1u << 6 : 0) | 0x07,
					      ipa & 0xfff, (ipa >> 12) << 4, acc == 8};
		struct nvarm_s2mmu_result res;
		struct ref_walk rw;
		if (k % 4 == 0) { /* AT S12: nvarm_s2mmu_translate agrees with the reference */
			struct nvarm_s2mmu_translation t;
			if (nvarm_s2mmu_translate(&s, &l1, nvarm_ipa2(ipa), acc, &t))
				abort();
			ref_walk(&ref, ipa, acc, &rw);
			if (t.fault != rw.fault || (t.fault && t.level != rw.level))
				abort();
			if (!t.fault && (t.ipa1.v != rw.oa || t.perm != rw.perm ||
					 t.leaf_shift != rw.leaf_bits || t.memattr != rw.memattr ||
					 t.sh != rw.sh))
				abort();
		}
		ref_walk(&ref, ipa, 0, &rw);
		int rc = nvarm_s2mmu_handle_fault(&s, mmu, &f, &res);
		if (rc) /* the pool is a cache: a fault never fails for want of memory */
			abort();
		if (!rc && res.action == NVARM_S2MMU_INSTALLED) {
			struct nvarm_s2mmu_entry e;
			struct nvarm_host_s2_map h;
			if (nvarm_s2mmu_lookup(&s, mmu, nvarm_ipa2(ipa), &e))
				abort();
			ref_walk(&ref, ipa, 0, &rw); /* after any AF/dirty update */
			if (rw.fault || fz_lookup(NULL, nvarm_ipa1(rw.oa), &h) ||
			    e.pa.v != h.pa.v || (e.perm & ~(rw.perm & h.perm)))
				abort();
			last2 = ipa;
			last1 = rw.oa;
			have_last = true;
		}
		if (have_last && k % FAULT_ROUND == 3) {
			/* dirty logging: no shadow entry for the range stays writable */
			struct nvarm_s2mmu_entry e;
			if (nvarm_s2mmu_host_wrprotect(&s, nvarm_ipa1(last1 & ~0x1fffffull),
						       1ull << 21) < 0)
				abort();
			if (!nvarm_s2mmu_lookup(&s, mmu, nvarm_ipa2(last2), &e) &&
			    (e.perm & NVARM_PERM_W))
				abort();
		}
		if (have_last && k % FAULT_ROUND == 5) {
			/* aging: clearing removes every shadow entry for the range */
			struct nvarm_s2mmu_entry e;
			bool clear = (k / FAULT_ROUND) & 1;
			if (nvarm_s2mmu_host_age(&s, nvarm_ipa1(last1 & ~0xfffull), 4096, clear) <
			    0)
				abort();
			if (clear && !nvarm_s2mmu_lookup(&s, mmu, nvarm_ipa2(last2), &e))
				abort();
		}
		if (k == N_FAULTS / 2) {
			/* a second VMID: another shadow MMU (the first is running: not recycled) */
			struct nvarm_s2mmu_l1_regs l1b = l1;
			struct nvarm_s2mmu_hw hwb;
			l1b.vttbr ^= 1ull << 48;
			int mmu2 = nvarm_s2mmu_get(&s, &l1b, &hwb);
			/* with one more root than one walk needs (the running MMU keeps its
			 * root: st.root_pages pages) */
			bool room = npool >= st.min_pool_pages + st.root_pages;
			if (mmu2 == mmu || (mmu2 < 0 && room))
				abort();
			if (mmu2 >= 0 && nvarm_s2mmu_handle_fault(&s, mmu2, &f, &res) && room)
				abort();
		}
		if (k % FAULT_ROUND == FAULT_ROUND - 1) {
			uint32_t enc = NVARM_SYSREG_ENC(1, 4, 8, (k & FAULT_ROUND) ? 4 : 7,
							(k & FAULT_ROUND) ? 1 : 6);
			if (nvarm_s2mmu_tlbi(&s, enc, ipa >> 12, &l1) < 0)
				abort();
			uint64_t base = rw.oa & ~0xfffull;
			struct nvarm_s2mmu_entry e;
			if (nvarm_s2mmu_host_unmap(&s, nvarm_ipa1(base), 1ull << 21) < 0)
				abort();
			/* nothing built from the old host mapping survives */
			if (have_last && last1 - base < (1ull << 21) &&
			    !nvarm_s2mmu_lookup(&s, mmu, nvarm_ipa2(last2), &e))
				abort();
		}
	}
	if (nvarm_s2mmu_set_running(&s, mmu, false) || hm.lock_depth != 0)
		abort();
	return 0;
}
