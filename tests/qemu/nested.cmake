# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The nested stack through scripts/nested-run: the example L0 runs the example
# guest hypervisor L1 at vEL2, which runs the L2 payload. Each test checks L2's and
# L1's own verdicts, that L0 saw the PSCI SYSTEM_OFF, and the stats line.
set(NVARM_NESTED_RUN ${NVARM_SRC}/scripts/nested-run)
# L2's traps through nvarm_fwd_route (examples/l0/route.c): L1 asks for TWI, TID3 and
# the FGT trap of REVIDR_EL1 and sees exactly one WFI, one ID register read and one
# REVIDR_EL1 read (emulated: L2 checks/prints the values); L0
# keeps its own ACTLR_EL1 trap (RAZ/WI, never reaches L1) and makes ERRIDR_EL1 (FEAT_RAS
# hidden from the VM) UNDEFINED at L2's EL1. Verdicts in the stats: 65 HVCs + 1 SMC +
# WFI + ID read + REVIDR_EL1 forwarded, 2 ACTLR_EL1 accesses for L0, 1 UNDEFINED.
set(NVARM_NESTED_TRAPS_L2 "l2: traps checked: WFI to L1, ID_AA64PFR0_EL1=0x[0-9a-f]*0011 from L1, REVIDR_EL1=0x4c31, ACTLR_EL1 kept by L0, ERRIDR_EL1 UNDEFINED \\(ESR_EL1=0x2000000\\)")
set(NVARM_NESTED_TRAPS_L1 "l1: traps we asked for: 1 WFI \\(TWI\\), 1 ID register read\\(s\\) \\(TID3\\), 1 REVIDR_EL1 read\\(s\\) \\(FGT\\), 0 we did not ask for")
set(NVARM_NESTED_FWD "l2_fwd=69 l2_l0=2 l2_undef=1")
set(NVARM_NESTED_OK "l2: CONTEXTIDR_EL1=0x4c32 CPACR_EL1=0x100000 \\(set by L1\\).*l2: 64 hypercalls checked.*${NVARM_NESTED_TRAPS_L2}.*l2: 9 MMIO accesses to L1's device checked.*l2: 64 pages written and read back.*l2: page remapped by L1 reads its new contents.*l2: 8 virtual timer interrupts taken and EOIed.*l2: 4 software interrupts from L1 taken and EOIed.*l2: verdict: PASS.*l1: L2 asked for SYSTEM_OFF after 64 hypercalls, 9 MMIO accesses, 8 timer interrupts injected, 1 page\\(s\\) remapped.*l1: timer forwarded to L2 with HW=1 \\(pINTID 27\\): 7 deactivations by L2 seen in ICH_LR0_EL2.*l1: maintenance interrupts checked: 1 underflow \\(ICH_MISR_EL2\\.U\\), 4 EOI \\(ICH_MISR_EL2\\.EOI, ICH_EISR_EL2=0x2\\) for 4 software interrupts.*${NVARM_NESTED_TRAPS_L1}.*l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF")
set(NVARM_NESTED_BAD "FAIL|PANIC|unhandled|unexpected exception|timed out|did not power off")

# Every mode with every stage-2 granule L1 uses for L2 (L0's shadow stays 4K) and both
# EL2 flavours of L1. Traps to L0 per L2 hypercall: the HVC and L1's ERET are the
# architectural floor of 2. Under FEAT_NV a non-VHE L1's ESR_EL2 read traps too (>= 3);
# a VHE L1 reads it as ESR_EL1 (no trap), and under FEAT_NV2 it is redirected: 2.
# Per L2 timer interrupt under FEAT_NV2: the IRQ and the ERET (L1's list register
# write goes to the VNCR page): 2.
# nvarm's nested vGIC: L1 gets 5 maintenance interrupts (an underflow one from
# ICH_HCR_EL2.UIE at its first ERET to L2, then one EOI maintenance interrupt for each of
# the 4 software interrupts it sends L2 with LR.EOI = 1: 4 physical maintenance
# interrupts taken by L0 while L2 runs). Under FEAT_NV2 each of those costs the IRQ,
# L1's reads of ICH_MISR/EISR/ELRSR/EISR/ELRSR_EL2 (computed by nvarm: they always trap)
# and the ERET: 7.
# HW=1: L1 forwards the timer with an HW=1 list register naming the EL1 virtual timer PPI,
# which L0's l1_intid_to_hw backs with the real one (made active again by L0): nvarm
# reports all 8 of L2's deactivations (vgic_deact) and the physical PPI ends inactive.
set(NVARM_NESTED_VGIC " vgic_maint=5 vgic_hw_maint=4 l2_maint=4 ")
set(NVARM_NESTED_VGIC_END " vgic_deact=8 vgic_lr_overflow=0 vgic_dropped=0 vgic_vtimer_active=0 ")
# L1 turns on its own EL2 stage-1 (identity map in its stage-2 granule, caches on) and
# checks an alias mapping both ways and with AT S1E2R (L0 emulates it with AT S1E1R on
# the hardware EL1&0 regime; L1 checks PAR_EL1.PA). No IPA backs that VA, so the checks
# pass only if L0's nvarm EL2->EL1 shadow put L1's SCTLR/TCR/TTBR0/MAIR_EL2 (translated
# to the EL1 formats for a non-VHE L1) into the hardware. Then L1 sets L2's SCTLR_EL1,
# CONTEXTIDR_EL1 and CPACR_EL1 (EL1 names, EL12 for VHE) and checks its own MMU and
# CPTR_EL2 are unchanged: under FEAT_NV that needs L0's TVM/TRVM and CPTR_EL2.TCPAC
# traps (those names are the hardware registers holding L1's own shadow); L2 checks the
# values. vel2_reloads counts the shadow reloads (L1 wrote a mirrored EL2 register, or
# flipped E2H), vel2_tlbi L1's TLBI ALLE2.
# Variants: test suffix; L1 image; its stage-2 granule; its EL2 flavour.
foreach(variant "4k;l1;4K;non-VHE" "16k;l1-16k;16K;non-VHE" "64k;l1-64k;64K;non-VHE"
                "vhe_4k;l1-vhe;4K;VHE" "vhe_64k;l1-vhe-64k;64K;VHE")
  list(GET variant 0 gran)
  list(GET variant 1 image)
  list(GET variant 2 GRAN)
  list(GET variant 3 kind)
  set(NVARM_NESTED_MMU "l1: AT S1E2R 0x[0-9a-f]+ -> PAR_EL1 0x[0-9a-f]+.*l1: EL2 MMU on \\(${GRAN} granule, [0-9]+ tables, RAM 0x[0-9a-f]+\\+0x[0-9a-f]+ identity, caches on, alias VA 0x[0-9a-f]+ checked\\)")
  set(NVARM_NESTED_L1 "l1: guest hypervisor \\(${kind}\\) running, CurrentEL=EL2.*${NVARM_NESTED_MMU}.*l1: L2's SCTLR_EL1/CONTEXTIDR_EL1/CPACR_EL1 set, own EL2 MMU and CPTR_EL2 unchanged.*stage-2 granule ${GRAN}")
  if(kind STREQUAL "VHE")
    set(nv_per_hvc "2\\.00")
    string(PREPEND NVARM_NESTED_L1 "L1 switched its vEL2 to VHE.*")
  else()
    set(nv_per_hvc "([3-9]|[1-9][0-9]+)\\.[0-9][0-9]")
  endif()
  foreach(mode nv nv2)
    set(t qemu_nested_${mode}_${gran})
    add_test(NAME ${t}
      COMMAND ${NVARM_NESTED_RUN} --mode ${mode} --timeout 120 --l1-append "console=ttyAMA0"
              --l1 ${NVARM_A64_EXAMPLES}/l1/${image}.bin)
    set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
      LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
    if(mode STREQUAL "nv")
      set_tests_properties(${t} PROPERTIES
        PASS_REGULAR_EXPRESSION "FEAT_NV, HCR_EL2=.*${NVARM_NESTED_L1}.*${NVARM_NESTED_OK}.*nvarm-stats: mode=nv .* l2_hvc=65 l0_traps_per_l2_hvc=${nv_per_hvc} l2_smc=1 l2_mmio=9 .* shadow_removed=[1-9][0-9]* .* vel2_reloads=[1-9][0-9]* vel2_tlbi=1 .*${NVARM_NESTED_FWD}${NVARM_NESTED_VGIC}.*${NVARM_NESTED_VGIC_END}.*sr_HCR_EL2="
        FAIL_REGULAR_EXPRESSION "${NVARM_NESTED_BAD}")
    else()
      set_tests_properties(${t} PROPERTIES
        PASS_REGULAR_EXPRESSION "FEAT_NV2, HCR_EL2=.*${NVARM_NESTED_L1}.*${NVARM_NESTED_OK}.*nvarm-stats: mode=nv2 .* l2_hvc=65 l0_traps_per_l2_hvc=2\\.00 l2_smc=1 l2_mmio=9 .* l2_timer_irqs=8 l0_traps_per_l2_timer_irq=2\\.00 .* shadow_removed=[1-9][0-9]* .* vel2_reloads=[1-9][0-9]* vel2_tlbi=1 .*${NVARM_NESTED_FWD}${NVARM_NESTED_VGIC}l0_traps_per_l2_maint=7\\.00${NVARM_NESTED_VGIC_END}.*sr_ICH_MISR_EL2=5 "
        FAIL_REGULAR_EXPRESSION "${NVARM_NESTED_BAD}|sr_HCR_EL2|sr_VTTBR_EL2|sr_ESR_EL2|sr_ICH_LR0_EL2|sr_ICH_LR1_EL2|sr_ICH_HCR_EL2")
    endif()
  endforeach()
endforeach()

# Extra images for L1: an initrd and two multiboot modules reach L1's RAM and DTB
# (/chosen/module@... with their compatibles, linux,initrd-* for the ramdisk).
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/l1-ramdisk.bin "nvarm-initrd-data-0123456789")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/l1-kernel.bin "xen-dom0-kernel-image")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/l1-extra.bin "a-third-module")
add_test(NAME qemu_nested_modules
  COMMAND ${NVARM_NESTED_RUN} --mode nv2 --timeout 120 --l1-append "console=ttyAMA0 root=/dev/ram"
          --l1-initrd ${CMAKE_CURRENT_BINARY_DIR}/l1-ramdisk.bin
          --l1-module ${CMAKE_CURRENT_BINARY_DIR}/l1-kernel.bin,multiboot,kernel
          --l1-module ${CMAKE_CURRENT_BINARY_DIR}/l1-extra.bin)
set_tests_properties(qemu_nested_modules PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
  LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64
  PASS_REGULAR_EXPRESSION "bootargs \"console=ttyAMA0 root=/dev/ram\".*l1: DTB /chosen: initrd 0x[0-9a-f]+-0x[0-9a-f]+, 3 multiboot module\\(s\\).*: \"a-third-module\".*\\+0x15: \"xen-dom0-kernel-\".*\\+0x1c \\(ramdisk\\): \"nvarm-initrd-dat\".*l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF"
  FAIL_REGULAR_EXPRESSION "${NVARM_NESTED_BAD}")

# nested-run must fail when the guest does not power off through PSCI: hand L0 an
# "L1" that is not an arm64 Image (L0 refuses it and stops).
add_test(NAME qemu_nested_run_rejects
  COMMAND sh -c "\"$0\" --l1 \"$1\" --timeout 60 >/dev/null 2>&1; rc=$?; echo \"nested-run status $rc\"; test $rc -ne 0"
          ${NVARM_NESTED_RUN} ${NVARM_A64_EXAMPLES}/smoke/smoke.elf)
set_tests_properties(qemu_nested_run_rejects PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
  LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
