// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for the sysreg subsystem: ESR/ISS decoding, trapped MRS/MSR emulation,
 * register-file writes, exception entry/ERET and the shadow sync, driven by hostile bytes.
 * Input: byte 0 picks the VM features and host mode, then 10-byte records:
 *   [op:1][arg:1][value:8]
 * Invariants checked (abort on violation): decode returns 0 or BAD_ENCODING; emulate returns an
 * nvarm_emul value; a stored value always honours its RES0/RES1 masks; the PC after injection
 * lies in the VBAR_EL2 vector page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/sysreg.h>

static uint64_t page[512] __attribute__((aligned(4096)));
static struct nvarm_vm_config vmcfg;
static struct nvarm_vel2 vel2;

/* The VM configuration and initialised vEL2 state of each first input byte, made once: a copy
 * costs a fraction of nvarm_vel2_init (28% of the run time when called per input). */
static struct snap {
	uint8_t state; /* 0 not made, 1 made, 2 configuration refused */
	struct nvarm_vm_config cfg;
	struct nvarm_vel2 v;
	uint64_t page[512];
} snaps[256];

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void check_masks(struct nvarm_vel2 *v, unsigned id)
{
	const struct nvarm_sysreg_desc *d = nvarm_sysreg_desc(id);
	uint64_t val, r0, r1;

	if (d->flags & NVARM_SRF_ALIAS)
		id = d->link;
	if (nvarm_vel2_read(v, id, &val) != 0 || (nvarm_sysreg_desc(id)->flags & NVARM_SRF_ID))
		return;
	if (nvarm_vel2_masks(v, id, &r0, &r1) != 0)
		abort();
	/* masks that depend on E2H may have changed since the write: only check E2H-free ones */
	if (id != NVARM_SR_SCTLR_EL2 && id != NVARM_SR_CPTR_EL2 && id != NVARM_SR_TCR_EL2 &&
	    ((val & r0) || (val & r1) != r1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t feats[] = {
	    NVARM_VMF_VHE | NVARM_VMF_E2H0 | NVARM_VMF_SVE | NVARM_VMF_FGT | NVARM_VMF_HCRX |
		NVARM_VMF_ECV | NVARM_VMF_RAS | NVARM_VMF_VMID16 | NVARM_VMF_GICV3,
	    NVARM_VMF_VHE, NVARM_VMF_E2H0, NVARM_VMF_VHE | NVARM_VMF_GICV3};
	struct nvarm_id_regs host = {0};
	struct nvarm_vm_request req = {0};
	struct nvarm_el1_regs hw;
	struct nvarm_vcpu_pstate ps = {.pc = 0, .pstate = NVARM_PSR_M_EL2H};
	struct snap *sn;

	if (size < 1)
		return 0;
	sn = &snaps[data[0]];
	if (!sn->state) {
		host.pfr0 = 0x0000000121000111ull;
		host.mmfr0 = 0x2100000000100005ull;
		host.mmfr1 = 0x0000010000000120ull;
		host.mmfr2 = 0x0000000002000000ull;
		req.features = feats[data[0] & 3];
		req.host_nv = (data[0] & 4) ? NVARM_HOST_NV2 : NVARM_HOST_NV;
		req.pa_range = (data[0] >> 3) & 7;
		req.granules = NVARM_GRAN_4K;
		req.gic_lrs = 1 + ((data[0] >> 6) & 3) * 5;
		sn->state = 2;
		if (nvarm_vm_config_init(&vmcfg, &host, &req) == 0) {
			if (nvarm_vel2_init(&vel2, &vmcfg, page) != 0)
				abort();
			sn->state = 1;
			sn->cfg = vmcfg;
			sn->v = vel2;
			memcpy(sn->page, page, sizeof(page));
		}
	}
	if (sn->state != 1)
		return 0;
	/* the state nvarm_vel2_init left (its pointers name cfg and page, restored here) */
	vmcfg = sn->cfg;
	vel2 = sn->v;
	memcpy(page, sn->page, sizeof(page));

	for (size_t off = 1; off + 10 <= size; off += 10) {
		unsigned op = data[off] % 7, arg = data[off + 1];
		uint64_t val = get64(data + off + 2);
		struct nvarm_trap t;
		int r;

		switch (op) {
		case 0: /* decode + emulate an arbitrary ESR */
		case 1:
			r = nvarm_trap_decode(val, &t);
			if (r != 0 && r != NVARM_ERR_BAD_ENCODING)
				abort();
			if (r == 0 && t.kind == NVARM_TRAP_SYSREG) {
				uint64_t x = val ^ arg;

				r = nvarm_sysreg_emulate(&vel2, &t, &x);
				/* (the values nvarm_sysreg_emulate documents: NVARM_EMUL_EXC for an
				 * SVE register under L1's own CPTR_EL2; TO_L1 is the forwarding's)
				 */
				if (r < NVARM_EMUL_OK || r > NVARM_EMUL_EXC ||
				    r == NVARM_EMUL_TO_L1)
					abort();
				if (t.reg != NVARM_SR_NONE)
					check_masks(&vel2, t.reg);
			}
			break;
		case 2: { /* raw write by id */
			unsigned id = (arg | (unsigned)(val & 1) << 8) % (NVARM_SR__COUNT + 4);

			r = nvarm_vel2_write(&vel2, id, val);
			if (r == 0)
				check_masks(&vel2, id);
			break;
		}
		case 3: { /* inject */
			struct nvarm_vel2_exc e = {.esr = val,
						   .far = ~val,
						   .fault_ipa = nvarm_ipa2(val << 3),
						   .flags = arg & 3};

			ps.pstate = (uint64_t)arg << 24 ^ (val & 0x1f);
			if (nvarm_vel2_inject(&vel2, (enum nvarm_exc_kind)(arg & 7), &e, &ps) ==
			    0) {
				uint64_t vbar = 0;

				nvarm_vel2_read(&vel2, NVARM_SR_VBAR_EL2, &vbar);
				if (ps.pc - vbar >= 0x800 || (ps.pstate & 0x1f) != NVARM_PSR_M_EL2H)
					abort();
			}
			break;
		}
		case 4: /* eret */
			ps.pstate = NVARM_PSR_M_EL2H;
			r = nvarm_vel2_eret(&vel2, arg % 4, (arg & 4) ? &val : NULL, &ps);
			if (r > NVARM_ERET_HOST_EL0 ||
			    (r == NVARM_ERET_HOST_EL0 && (ps.pstate & 0x1f) != NVARM_PSR_M_EL0T))
				abort();
			break;
		case 5: /* shadow vel2 with hostile hardware values */
			nvarm_shadow_vel2_load(&vel2, &hw);
			for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
				hw.r[i] ^= val * (i + arg);
			nvarm_shadow_vel2_save(&vel2, &hw);
			break;
		default: /* shadow vel1 */
			nvarm_shadow_vel1_load(&vel2, &hw);
			hw.r[arg % NVARM_EL1__COUNT] = val;
			nvarm_shadow_vel1_save(&vel2, &hw);
			break;
		}
	}
	return 0;
}
