// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// The QEMU smoke program (issue #2 item 6): proves the rig emulates FEAT_NV2.
//
// Entered at EL2 by `qemu-run -kernel smoke.elf`. Finds the PL011 and the PSCI
// conduit in the DTB (x0 if the loader passed one, else the copy QEMU places at the
// base of RAM for ELF images; 0x09000000 and smc only as a last resort), prints the
// nested-virtualization ID fields and CurrentEL, a verdict line, and powers the
// machine off through PSCI SYSTEM_OFF.
#include <stdbool.h>
#include <stdint.h>

#include "arm.h"
#include "console.h"
#include "fdt_mini.h"

#define QEMU_VIRT_RAM_BASE 0x40000000u
#define FALLBACK_PL011	   0x09000000u

void smoke_main(uint64_t x0);
void smoke_exception(uint64_t idx);

static struct dt_info dt;

static void power_off(void)
{
	psci_system_off(dt.psci_hvc);
}

void smoke_exception(uint64_t idx)
{
	uint64_t el = FIELD(read_sysreg(CurrentEL), 3, 2);
	uint64_t esr = el == 2 ? read_sysreg(esr_el2) : read_sysreg(esr_el1);
	uint64_t elr = el == 2 ? read_sysreg(elr_el2) : read_sysreg(elr_el1);
	con_printf("smoke: unexpected exception vector=%lu esr=0x%lx elr=0x%lx\n", idx, esr, elr);
	con_puts("smoke: FAIL\n");
	power_off();
}

void smoke_main(uint64_t x0)
{
	const char *dtb_src = "x0";
	uint64_t dtb = x0;

	if (!fdt_mini_valid(dtb)) {
		dtb = QEMU_VIRT_RAM_BASE;
		dtb_src = "ram-base";
	}
	if (fdt_mini_valid(dtb))
		fdt_mini_scan((const uint8_t *)(uintptr_t)dtb, &dt);
	else
		dtb_src = "none";
	con_init(dt.pl011 ? dt.pl011 : FALLBACK_PL011);

	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t mmfr2 = read_sysreg(id_aa64mmfr2_el1);
	uint64_t el = FIELD(read_sysreg(CurrentEL), 3, 2);
	uint64_t nv = FIELD(mmfr2, 27, 24);
	uint64_t ecv = FIELD(mmfr0, 63, 60);
	uint64_t fgt = FIELD(mmfr0, 59, 56);
	uint64_t vh = FIELD(mmfr1, 11, 8);

	con_printf("smoke: dtb=0x%lx (from %s) pl011=0x%lx%s psci=%s\n", dtb, dtb_src,
		   dt.pl011 ? dt.pl011 : (uint64_t)FALLBACK_PL011, dt.pl011 ? "" : " (fallback)",
		   !dt.psci_found ? "smc (fallback)"
		   : dt.psci_hvc  ? "hvc"
				  : "smc");
	con_printf("smoke: ID_AA64MMFR0_EL1=0x%016lx ID_AA64MMFR1_EL1=0x%016lx "
		   "ID_AA64MMFR2_EL1=0x%016lx\n",
		   mmfr0, mmfr1, mmfr2);
	con_printf("smoke: CurrentEL=EL%lu MMFR2.NV=%lu (%s) MMFR0.ECV=%lu MMFR0.FGT=%lu "
		   "MMFR1.VH=%lu\n",
		   el, nv,
		   nv >= 2   ? "FEAT_NV2"
		   : nv == 1 ? "FEAT_NV"
			     : "none",
		   ecv, fgt, vh);
	if (el == 2 && nv >= 2 && vh >= 1)
		con_puts("smoke: verdict: PASS (EL2, FEAT_NV2, FEAT_VHE)\n");
	else
		con_printf("smoke: verdict: FAIL (need EL2 and FEAT_NV2: EL%lu NV=%lu VH=%lu)\n",
			   el, nv, vh);
	con_puts("smoke: PSCI SYSTEM_OFF\n");
	power_off();
}
