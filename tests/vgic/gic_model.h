/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Reference model of one GICv3 virtual CPU interface (IHI 0069 chapter 6 and the
 * ICH_* / ICV_* register descriptions), written for the tests independently of
 * src/vgic: its own masks, its own MISR/EISR/ELRSR, and the list-register state machine
 * under acknowledge (ICV_IAR), priority drop + deactivate (ICV_EOIR, EOImode 0),
 * priority drop only (EOImode 1) and deactivate (ICV_DIR), with EOIcount.
 *
 * The same model plays two roles in the tests: the "hardware" (state loaded from and
 * stored to the host model's fake registers) and "what L1 should see" (state updated
 * from L1's writes). Both receive the same L2 actions.
 */
#ifndef NVARM_TESTS_GIC_MODEL_H
#define NVARM_TESTS_GIC_MODEL_H

#include <stdbool.h>
#include <stdint.h>

struct nvarm_host_model;

#define GICM_SPURIOUS 1023u

struct gicm {
	uint64_t lr[16];
	uint64_t ap[2][4]; /* [group][n] */
	uint64_t hcr, vmcr;
	unsigned nlr, pribits, prebits, idbits; /* idbits: 16 or 24 */
	bool seis, tds;
	/* pINTIDs of HW = 1 list registers deactivated (the "physical" deactivations). */
	uint32_t phys_deact[256];
	unsigned nphys;
};

/* Configure from an ICH_VTR_EL2 value (ListRegs overridden by nlr when non-zero). */
void gicm_init(struct gicm *m, uint64_t vtr, unsigned nlr);

/* What a write of @val to each register leaves in it (architectural masking). */
uint64_t gicm_lr_value(const struct gicm *m, uint64_t val);
uint64_t gicm_hcr_value(const struct gicm *m, uint64_t val);
uint64_t gicm_vmcr_value(const struct gicm *m, uint64_t val);
unsigned gicm_napr(const struct gicm *m);

uint32_t gicm_eisr(const struct gicm *m);
uint32_t gicm_elrsr(const struct gicm *m);
uint32_t gicm_misr(const struct gicm *m);
bool gicm_maint(const struct gicm *m);

/* L2's accesses. Return the INTID (ack) or nothing. */
uint32_t gicm_ack(struct gicm *m, int grp);
void gicm_eoir(struct gicm *m, int grp, uint32_t intid);
void gicm_dir(struct gicm *m, uint32_t intid);

/* Load/store the hardware instance from/to the host model's ICH_* registers. */
void gicm_load_hw(struct gicm *m, const struct nvarm_host_model *hm);
void gicm_store_hw(const struct gicm *m, struct nvarm_host_model *hm);

#endif
