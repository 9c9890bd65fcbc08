/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Private: the architectural facts the vtimer subsystem works from, as tables.
 * Tests (tests/vtimer/test_vtimer_tables.c) check them for duplicates, overlaps
 * and reserved bits.
 */
#ifndef NVARM_SRC_VTIMER_TABLES_H
#define NVARM_SRC_VTIMER_TABLES_H

#include <nvarm/types.h>
#include <nvarm/vtimer.h>

/* What a trapped register access touches. */
enum vt_kind {
	VT_K_CTL = 0,
	VT_K_CVAL,
	VT_K_TVAL,
	VT_K_CNTHCTL,
	VT_K_CNTKCTL,	/* CNTKCTL_EL1: CNTHCTL_EL2 from vEL2 with E2H=1, else L2's CNTKCTL */
	VT_K_CNTKCTL12, /* CNTKCTL_EL12: L2's CNTKCTL */
	VT_K_CNTVOFF,
	VT_K_CNTPOFF,
	VT_K_CNTPCT,
	VT_K_CNTVCT
};

/* Which timer a CTL/CVAL/TVAL name selects (resolved against context and E2H). */
enum vt_sel {
	VT_SEL_NONE = 0,
	VT_SEL_EL0_P,  /* CNTP_*_EL0: CNTHP from vEL2 with E2H=1, else EL1 physical */
	VT_SEL_EL0_V,  /* CNTV_*_EL0: CNTHV from vEL2 with E2H=1, else EL1 virtual */
	VT_SEL_EL02_P, /* CNTP_*_EL02: EL1 physical */
	VT_SEL_EL02_V, /* CNTV_*_EL02: EL1 virtual */
	VT_SEL_EL2_P,  /* CNTHP_*_EL2 */
	VT_SEL_EL2_V   /* CNTHV_*_EL2 */
};

/* Semantic trap classes (bits of nvarm_vtimer::l2_traps). */
enum vt_trap {
	VT_TRAP_PTIMER = 1u << 0, /* EL0/EL1 physical timer registers */
	VT_TRAP_PCOUNT = 1u << 1, /* EL0/EL1 CNTPCT(SS)_EL0 */
	VT_TRAP_VTIMER = 1u << 2, /* EL0/EL1 virtual timer registers */
	VT_TRAP_VCOUNT = 1u << 3  /* EL0/EL1 CNTVCT(SS)_EL0 */
};

/* Register row flags. */
enum vt_reg_flags {
	VT_R_EL2 = 1u << 0, /* only from vEL2 (UNDEFINED at EL1/EL0) */
	VT_R_E2H = 1u << 1, /* only when L1's E2H == 1 */
	VT_R_ECV = 1u << 2, /* only with FEAT_ECV in the VM */
	VT_R_RO = 1u << 3   /* read-only */
};

/* One trapped timer/counter register. */
struct vt_reg_desc {
	const char *name;
	uint32_t enc;
	uint8_t kind;  /* enum vt_kind */
	uint8_t sel;   /* enum vt_sel */
	uint8_t trap;  /* enum vt_trap class for L2 accesses (0: none) */
	uint8_t flags; /* enum vt_reg_flags */
};

/* Layout bits of a CNTHCTL_EL2 field. */
enum vt_layout { VT_L_E2H0 = 1u << 0, VT_L_E2H1 = 1u << 1 };

/* Features a field needs. */
enum vt_feat {
	VT_F_NONE = 0,
	VT_F_ECV = 1,
	VT_F_RME = 2 /* never given to a VM by nvarm */
};

/* One CNTHCTL_EL2 field. */
struct vt_cnthctl_field {
	const char *name;
	uint8_t lsb;
	uint8_t width;
	uint8_t layouts;  /* enum vt_layout */
	uint8_t feat;	  /* enum vt_feat */
	uint8_t trap;	  /* enum vt_trap this field controls for EL0+EL1 (0: none) */
	uint8_t trap_val; /* field value that enables the trap */
	uint8_t kshared;  /* with E2H=1, the same bits as CNTKCTL_EL1 */
};

/* One CNTKCTL_EL1 field. */
struct vt_cntkctl_field {
	const char *name;
	uint8_t lsb;
	uint8_t width;
	uint8_t feat; /* enum vt_feat */
};

/* What a VNCR timer slot holds. */
enum vt_vncr_item { VT_V_CNTVOFF = 0, VT_V_CNTPOFF, VT_V_CVAL, VT_V_CTL };

/* One VNCR page slot; the timer slots come first (the switch copies only those). */
#define VT_NVNCR_SLOTS	     6
#define VT_NVNCR_TIMER_SLOTS 4
struct vt_vncr_slot {
	const char *name;
	uint16_t offset;
	uint8_t item;	/* enum vt_vncr_item */
	uint8_t timer;	/* for CVAL/CTL: enum nvarm_vtimer_id */
	uint16_t field; /* offsetof(struct nvarm_vtimer, the field it mirrors) */
};

/* Hardware registers the library computes (slots of struct nvarm_vtimer_hw). */
enum vt_hwreg {
	VT_HW_P_CTL = NVARM_VTIMER_HWREG_P_CTL,
	VT_HW_P_CVAL = NVARM_VTIMER_HWREG_P_CVAL,
	VT_HW_V_CTL = NVARM_VTIMER_HWREG_V_CTL,
	VT_HW_V_CVAL = NVARM_VTIMER_HWREG_V_CVAL,
	VT_HW_CNTKCTL = NVARM_VTIMER_HWREG_CNTKCTL,
	VT_HW_CNTVOFF = NVARM_VTIMER_HWREG_CNTVOFF,
	VT_HW_CNTPOFF = NVARM_VTIMER_HWREG_CNTPOFF,
	VT_HW_CNTHCTL = NVARM_VTIMER_HWREG_CNTHCTL,
	VT_HW__COUNT = NVARM_VTIMER_HWREG_COUNT
};

/* Which of L1's offsets a timer's counter subtracts (on top of L0's offset). */
enum vt_offset {
	VT_OFF_NONE = 0,   /* EL2 physical; EL2 virtual (CNTVOFF_EL2 is not applied to it) */
	VT_OFF_CNTVOFF,	   /* EL1 virtual */
	VT_OFF_CNTPOFF_ECV /* EL1 physical: CNTPOFF_EL2 when FEAT_ECV and CNTHCTL_EL2.ECV */
};

/* Per-timer facts. */
struct vt_timer_info {
	const char *name;
	uint32_t default_ppi;
	uint8_t offset;	    /* enum vt_offset */
	uint8_t ctx_backed; /* the context in which a hardware timer backs it */
	uint8_t hw;	    /* enum nvarm_vtimer_hwtimer that backs it then */
};

extern const struct vt_reg_desc nvarm__vt_regs[];
extern const size_t nvarm__vt_nregs;
extern const struct vt_cnthctl_field nvarm__vt_cnthctl_fields[];
extern const size_t nvarm__vt_ncnthctl_fields;
extern const struct vt_cntkctl_field nvarm__vt_cntkctl_fields[];
extern const size_t nvarm__vt_ncntkctl_fields;
extern const struct vt_vncr_slot nvarm__vt_vncr_slots[VT_NVNCR_SLOTS];
extern const size_t nvarm__vt_nvncr_slots;
extern const struct vt_timer_info nvarm__vt_timers[NVARM_VTIMER_COUNT];
/* [context][enum nvarm_vtimer_hw] -> enum nvarm_vtimer_id */
extern const uint8_t nvarm__vt_backing[2][2];
/* [host VHE][enum vt_hwreg] -> packed encoding */
extern const uint32_t nvarm__vt_hw_enc[2][VT_HW__COUNT];

/* Row for @enc, or NULL. */
const struct vt_reg_desc *nvarm__vt_reg_lookup(uint32_t enc);
/* Mask of a field. */
uint64_t nvarm__vt_field_mask(uint8_t lsb, uint8_t width);
/* Writable bits of CNTHCTL_EL2 in layout @layout given the features @feats (bit per vt_feat). */
uint64_t nvarm__vt_cnthctl_writable(unsigned layout, unsigned feats);
/* Bits of CNTHCTL_EL2 (E2H=1) shared with CNTKCTL_EL1. */
uint64_t nvarm__vt_cnthctl_kshared(unsigned feats);
/* Writable bits of CNTKCTL_EL1. */
uint64_t nvarm__vt_cntkctl_writable(unsigned feats);
/* The vt_trap classes that @val (CNTHCTL_EL2 in @layout) enables. */
unsigned nvarm__vt_cnthctl_traps(uint64_t val, unsigned layout, unsigned feats);
/* @val with the fields for @traps set to their trapping value (only those in @layout, @feats). */
uint64_t nvarm__vt_cnthctl_apply_traps(uint64_t val, unsigned traps, unsigned layout,
				       unsigned feats);

struct nvarm_vtimer;
struct nvarm_vtimer_hw;
/* The world switch's general path (every state; vtimer.c): the reference the fast path of
 * nvarm_vtimer_switch_idle() is tested against (tests/vtimer/test_vtimer_switch.c). Returns
 * NVARM_OK or a negative enum nvarm_err, as nvarm_vtimer_switch(). */
int nvarm__vt_switch_ref(struct nvarm_vtimer *vt, struct nvarm_vtimer_hw *hw, unsigned to,
			 uint64_t hw_now);

#endif /* NVARM_SRC_VTIMER_TABLES_H */
