/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Reference model of the two-stage composition, written separately from src/s2mmu/ and
 * kept deliberately plain: one function per Arm ARM step, no tables shared with the library.
 */
#ifndef NVARM_TESTS_S2MMU_REF_H
#define NVARM_TESTS_S2MMU_REF_H

#include <stdbool.h>
#include <stdint.h>

enum { RF_NONE, RF_TRANS, RF_ADDRSIZE, RF_ACCESS, RF_PERM, RF_EXT };

/* Access bits (same meaning as the architecture: read, write, exec EL1, exec EL0). */
#define RA_R  1u
#define RA_W  2u
#define RA_XP 4u
#define RA_XU 8u

struct ref_l1 {
	/* guest features */
	unsigned pa_bits;
	unsigned granules; /* bit0 4K, bit1 16K, bit2 64K */
	bool lpa, lpa2, ttst, hafdbs, xnx;
	/* L1 registers */
	uint64_t vttbr, vtcr;
	bool be, fwb;
	/* L1 memory */
	uint8_t *mem;
	uint64_t mem_base, mem_size;
};

struct ref_walk {
	int fault; /* RF_* */
	int level;
	uint64_t oa;	    /* L1 IPA of the input */
	unsigned leaf_bits; /* log2 of the leaf size */
	unsigned perm;	    /* permissions the access would see (after HW updates) */
	unsigned memattr, sh;
	uint64_t desc;	    /* leaf descriptor as in memory */
	uint64_t desc_addr; /* L1 IPA of the last descriptor read */
	uint64_t path[5];   /* L1 IPAs of every descriptor read */
	int npath;
	bool af_update, dirty_update;
};

/* Walk L1's stage-2 for ipa with access bits acc (0: no permission check). No memory writes. */
void ref_walk(const struct ref_l1 *l1, uint64_t ipa, unsigned acc, struct ref_walk *w);

/* FSC the architecture reports for a fault type at a level. */
unsigned ref_fsc(int type, int level);

/* Attribute combination reference: returns shadow MemAttr for host layout. */
unsigned ref_memattr(unsigned guest, bool guest_fwb, unsigned host, bool host_fwb);
unsigned ref_sh(unsigned a, unsigned b);

#endif
