// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * libFuzzer target for the vtimer subsystem: the input is a configuration and a
 * program of guest-controlled actions (trapped timer register accesses with any
 * encoding and value, VNCR page contents, direct hardware register writes by the
 * guest, world switches, E2H flips, vCPU put/load, time jumps). After every step
 * the library's outputs must respect the architecture's register layouts and its
 * own documented contracts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvarm/vtimer.h>

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

#define REQUIRE(c)                                                                                 \
	do {                                                                                       \
		if (!(c))                                                                          \
			abort();                                                                   \
	} while (0)

static const uint32_t encs[] = {
    NVARM_ENC_CNTFRQ_EL0,     NVARM_ENC_CNTPCT_EL0,	NVARM_ENC_CNTVCT_EL0,
    NVARM_ENC_CNTPCTSS_EL0,   NVARM_ENC_CNTVCTSS_EL0,	NVARM_ENC_CNTKCTL_EL1,
    NVARM_ENC_CNTKCTL_EL12,   NVARM_ENC_CNTP_TVAL_EL0,	NVARM_ENC_CNTP_CTL_EL0,
    NVARM_ENC_CNTP_CVAL_EL0,  NVARM_ENC_CNTV_TVAL_EL0,	NVARM_ENC_CNTV_CTL_EL0,
    NVARM_ENC_CNTV_CVAL_EL0,  NVARM_ENC_CNTP_TVAL_EL02, NVARM_ENC_CNTP_CTL_EL02,
    NVARM_ENC_CNTP_CVAL_EL02, NVARM_ENC_CNTV_TVAL_EL02, NVARM_ENC_CNTV_CTL_EL02,
    NVARM_ENC_CNTV_CVAL_EL02, NVARM_ENC_CNTVOFF_EL2,	NVARM_ENC_CNTPOFF_EL2,
    NVARM_ENC_CNTHCTL_EL2,    NVARM_ENC_CNTHP_TVAL_EL2, NVARM_ENC_CNTHP_CTL_EL2,
    NVARM_ENC_CNTHP_CVAL_EL2, NVARM_ENC_CNTHV_TVAL_EL2, NVARM_ENC_CNTHV_CTL_EL2,
    NVARM_ENC_CNTHV_CVAL_EL2,
};

static bool is_ctl(uint32_t e)
{
	return NVARM_SYSREG_CRN(e) == 14 &&
	       (NVARM_SYSREG_CRM(e) == 2 || NVARM_SYSREG_CRM(e) == 3) && NVARM_SYSREG_OP2(e) == 1;
}

static bool is_tval(uint32_t e)
{
	return NVARM_SYSREG_CRN(e) == 14 &&
	       (NVARM_SYSREG_CRM(e) == 2 || NVARM_SYSREG_CRM(e) == 3) && NVARM_SYSREG_OP2(e) == 0;
}

static void check_outputs(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, uint64_t now)
{
	struct nvarm_vtimer_deadline d;
	uint32_t pend = nvarm_vtimer_pending(vt, now);
	int rc;

	REQUIRE((hw->dirty & ~0xffu) == 0);
	REQUIRE((hw->reg[NVARM_VTIMER_HWREG_P_CTL] & ~3ull) == 0 ||
		!(hw->dirty & (1u << NVARM_VTIMER_HWREG_P_CTL)));
	REQUIRE((hw->reg[NVARM_VTIMER_HWREG_V_CTL] & ~3ull) == 0 ||
		!(hw->dirty & (1u << NVARM_VTIMER_HWREG_V_CTL)));
	REQUIRE((pend & ~0xfu) == 0);
	for (unsigned t = 0; t < NVARM_VTIMER_COUNT; t++) {
		int em = nvarm_vtimer_is_emulated(vt, t);
		REQUIRE(em == 0 || em == 1);
		if (pend & (1u << t))
			REQUIRE(em == 1);
		REQUIRE(nvarm_vtimer_ppi(vt, t) >= 16 && nvarm_vtimer_ppi(vt, t) <= 31);
	}
	rc = nvarm_vtimer_next_deadline(vt, now, &d);
	REQUIRE(rc == 0 || rc == NVARM_ERR_NOENT);
	if (rc == 0) {
		REQUIRE(d.timer < NVARM_VTIMER_COUNT);
		REQUIRE(nvarm_vtimer_is_emulated(vt, d.timer) == 1);
		if (d.delta == 0)
			REQUIRE(pend & (1u << d.timer));
		if (pend)
			REQUIRE(d.delta == 0);
		REQUIRE(d.hw_cval >= now || d.hw_cval == UINT64_MAX);
	} else {
		REQUIRE(pend == 0);
	}
	for (unsigned h = 0; h < 2; h++) {
		int t = nvarm_vtimer_hw_backing(vt, h);
		REQUIRE(t >= 0 && t < NVARM_VTIMER_COUNT);
		REQUIRE(nvarm_vtimer_is_emulated(vt, (unsigned)t) == !vt->loaded);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	struct nvarm_vtimer vt;
	struct nvarm_vtimer_hw hw;
	struct nvarm_vtimer_config cfg;
	static _Alignas(8) uint64_t page[512];
	uint64_t now;
	uint8_t cfgb = (uint8_t)take(&in, 1);
	int rc;

	memset(&hw, 0, sizeof(hw));
	memset(page, 0, sizeof(page));
	nvarm_vtimer_config_default(&cfg);
	cfg.flags = cfgb & 7u;
	cfg.l0_offset = (cfgb & 8) ? take(&in, 8) : 0;
	cfg.vncr = (cfgb & 16) ? page : NULL;
	rc = nvarm_vtimer_init(&vt, &cfg);
	if (rc) {
		REQUIRE(rc == NVARM_ERR_UNSUPPORTED);
		return 0;
	}
	now = take(&in, 8);
	REQUIRE(nvarm_vtimer_activate(&vt, &hw, now) == 0);
	REQUIRE(hw.dirty == ((cfg.flags & NVARM_VTIMER_F_HW_ECV) ? 0xffu : 0xbfu));
	hw.dirty = 0;

	while (in.n) {
		uint8_t op = (uint8_t)take(&in, 1);
		uint64_t v = take(&in, 8);
		uint32_t enc = (op & 0x80) ? (uint32_t)(v >> 32) & NVARM_SYSREG_ENC_MASK
					   : encs[(v >> 40) % (sizeof(encs) / sizeof(encs[0]))];
		uint64_t val = 0;

		switch (op & 0x0f) {
		case 0:
		case 1:
			rc = nvarm_vtimer_sysreg_read(&vt, &hw, enc, now, &val);
			REQUIRE(rc == 0 || rc == NVARM_ERR_NOENT || rc == NVARM_ERR_BAD_ENCODING);
			if (rc == 0 && is_ctl(enc))
				REQUIRE((val & ~7ull) == 0);
			if (rc == 0 && is_tval(enc))
				REQUIRE(val <= 0xffffffffull);
			if (rc == 0 && enc == NVARM_ENC_CNTHCTL_EL2)
				REQUIRE((val & ~0x3ffffull) == 0);
			if (rc == 0 && enc == NVARM_ENC_CNTKCTL_EL12)
				REQUIRE((val & ~0x203ffull) == 0);
			break;
		case 2:
		case 3:
			rc = nvarm_vtimer_sysreg_write(&vt, &hw, enc, now, v);
			REQUIRE(rc == 0 || rc == NVARM_ERR_NOENT || rc == NVARM_ERR_BAD_ENCODING);
			break;
		case 4:
			rc = nvarm_vtimer_switch(&vt, vt.loaded ? &hw : NULL,
						 (enum nvarm_vtimer_ctx)(v & 1), now);
			REQUIRE(rc == 0);
			break;
		case 5:
			REQUIRE(nvarm_vtimer_set_e2h(&vt, &hw, v & 1) == 0);
			break;
		case 6:
			if (vt.loaded)
				REQUIRE(nvarm_vtimer_deactivate(&vt, &hw) == 0);
			else
				REQUIRE(nvarm_vtimer_activate(&vt, &hw, now) == 0);
			break;
		case 7:
			/* The guest writes a VNCR slot (any value). */
			page[(v >> 56) & 511] = v;
			break;
		case 8:
			/* The guest writes a hardware timer register directly. */
			hw.reg[(v >> 61) % 5] = v;
			break;
		case 9:
			now += v >> (op >> 4);
			break;
		case 10:
			REQUIRE(nvarm_vtimer_vncr_import(&vt, page) == 0);
			break;
		case 11:
			rc = nvarm_vtimer_vncr_export(&vt, page, now);
			REQUIRE(rc == 0 || rc == NVARM_ERR_STATE);
			break;
		case 12:
			rc = nvarm_vtimer_l2_trap_to_l1(&vt, enc);
			REQUIRE(rc == 0 || rc == 1 || rc == NVARM_ERR_NOENT);
			break;
		case 13: {
			/* Acknowledge: afterwards the timer does not assert for the L0 at this
			 * time (not pending; IMASK in its hardware CTL), while the guest still
			 * reads the CTL it wrote (ENABLE, no IMASK, ISTATUS). */
			unsigned t = (unsigned)(v >> 8) & 3u;
			struct nvarm_vtimer_regs r;
			rc = nvarm_vtimer_ack(&vt, &hw, t, now);
			REQUIRE(rc == 0 || rc == 1);
			REQUIRE(!(nvarm_vtimer_pending(&vt, now) & (1u << t)));
			REQUIRE(nvarm_vtimer_get(&vt, &hw, t, now, &r) == 0);
			if (rc == 1)
				REQUIRE((r.ctl & 7u) ==
					(NVARM_CNT_CTL_ENABLE | NVARM_CNT_CTL_ISTATUS));
			if (rc == 1 && nvarm_vtimer_is_emulated(&vt, t) == 0)
				REQUIRE(hw.reg[(t & 1u) ? NVARM_VTIMER_HWREG_V_CTL
							: NVARM_VTIMER_HWREG_P_CTL] &
					NVARM_CNT_CTL_IMASK);
			break;
		}
		case 14:
			/* After an exit: unmask what the guest re-armed without trapping. */
			rc = nvarm_vtimer_sync(&vt, vt.loaded ? &hw : NULL, now);
			REQUIRE(rc >= 0 && rc <= NVARM_VTIMER_COUNT);
			break;
		default: {
			struct nvarm_vtimer_regs r = {.cval = v, .ctl = v >> 60};
			unsigned t = (unsigned)(v >> 8) & 3u;
			REQUIRE(nvarm_vtimer_set(&vt, &hw, t, &r) == 0);
			REQUIRE(nvarm_vtimer_get(&vt, &hw, t, now, &r) == 0);
			REQUIRE((r.ctl & ~7ull) == 0);
			break;
		}
		}
		check_outputs(&vt, &hw, now);
		hw.dirty = 0; /* the L0 wrote them */
	}
	return 0;
}
