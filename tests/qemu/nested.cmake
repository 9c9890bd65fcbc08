# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The nested stack through scripts/nested-run: the example L0 runs the example
# guest hypervisor L1 at vEL2, which runs the L2 payload. Each test checks L2's and
# L1's own verdicts, that L0 saw the PSCI SYSTEM_OFF, and the stats line.
set(NVARM_NESTED_RUN ${NVARM_SRC}/scripts/nested-run)
set(NVARM_NESTED_OK "l2: 64 hypercalls checked.*l2: 9 MMIO accesses to L1's device checked.*l2: 64 pages written and read back.*l2: page remapped by L1 reads its new contents.*l2: virtual count = physical count - 0x40000 \\(L1's CNTVOFF_EL2\\) checked.*l2: 8 virtual timer interrupts taken and EOIed.*l2: verdict: PASS.*l1: L2's virtual timer read back while L2 was out: fired, TVAL = CVAL - \\(CNTPCT - CNTVOFF_EL2\\).*l1: 4 EL2 physical timer \\(@HTIMER@\\) interrupts, [1-4] while L2 ran its timer.*@HVTIMER@l1: L2 asked for SYSTEM_OFF after 64 hypercalls, 9 MMIO accesses, 8 timer interrupts injected, 1 page\\(s\\) remapped.*l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF")
set(NVARM_NESTED_BAD "FAIL|PANIC|unhandled|unexpected exception|timed out|did not power off")

# Every mode with every stage-2 granule L1 uses for L2 (L0's shadow stays 4K) and both
# EL2 flavours of L1. Traps to L0 per L2 hypercall: the HVC and L1's ERET are the
# architectural floor of 2. Under FEAT_NV a non-VHE L1's ESR_EL2 read traps too (>= 3);
# a VHE L1 reads it as ESR_EL1 (no trap), and under FEAT_NV2 it is redirected: 2.
# Per L2 timer interrupt under FEAT_NV2: the IRQ and the ERET (L1's list register
# write goes to the VNCR page): 2 (windows in which L1 also handles or programs its own
# EL2 timer are left out and counted as l2_timer_windows_dropped).
# Timers (nvarm vtimer in L0): L2 checks that L1's CNTVOFF_EL2 reaches its virtual
# count; L1 reads L2's fired timer back (CNTV_*_EL02 or, E2H=0, CNTV_*_EL0: VNCR page or
# trapped, TVAL always computed by L0); while L2 runs its virtual timer, L1 runs 4 ticks of its EL2 physical timer
# (CNTHP_*_EL2, or CNTP_*_EL0 with E2H=1) and, when VHE, 3 of its EL2 virtual timer
# (CNTV_*_EL0 -> CNTHV); L0 delivered exactly those: 8 + 4 (+ 3).
# Variants: test suffix; L1 image; its stage-2 granule; its EL2 flavour.
foreach(variant "4k;l1;4K;non-VHE" "16k;l1-16k;16K;non-VHE" "64k;l1-64k;64K;non-VHE"
                "vhe_4k;l1-vhe;4K;VHE" "vhe_64k;l1-vhe-64k;64K;VHE")
  list(GET variant 0 gran)
  list(GET variant 1 image)
  list(GET variant 2 GRAN)
  list(GET variant 3 kind)
  set(NVARM_NESTED_L1 "l1: guest hypervisor \\(${kind}\\) running, CurrentEL=EL2.*stage-2 granule ${GRAN}")
  if(kind STREQUAL "VHE")
    set(nv_per_hvc "2\\.00")
    set(htimer "CNTP_\\*_EL0 -> CNTHP")
    set(hvtimer "l1: 3 EL2 virtual timer \\(CNTV_\\*_EL0 -> CNTHV\\) interrupts, [1-3] while L2 ran its timer.*")
    set(hv_irqs 3)
    string(PREPEND NVARM_NESTED_L1 "L1 switched its vEL2 to VHE.*")
  else()
    set(nv_per_hvc "([3-9]|[1-9][0-9]+)\\.[0-9][0-9]")
    set(htimer "CNTHP_\\*_EL2")
    set(hvtimer "")
    set(hv_irqs 0)
  endif()
  string(REPLACE "@HTIMER@" "${htimer}" nested_ok "${NVARM_NESTED_OK}")
  string(REPLACE "@HVTIMER@" "${hvtimer}" nested_ok "${nested_ok}")
  set(timer_stats " l2_vtimer_irqs=8 l2_ptimer_irqs=0 l1_el2_ptimer_irqs=4 l1_el2_vtimer_irqs=${hv_irqs} ")
  foreach(mode nv nv2)
    set(t qemu_nested_${mode}_${gran})
    add_test(NAME ${t}
      COMMAND ${NVARM_NESTED_RUN} --mode ${mode} --timeout 120 --l1-append "console=ttyAMA0"
              --l1 ${NVARM_A64_EXAMPLES}/l1/${image}.bin)
    set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
      LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
    if(mode STREQUAL "nv")
      set_tests_properties(${t} PROPERTIES
        PASS_REGULAR_EXPRESSION "FEAT_NV, HCR_EL2=.*${NVARM_NESTED_L1}.*${nested_ok}.*nvarm-stats: mode=nv .* l2_hvc=65 l0_traps_per_l2_hvc=${nv_per_hvc} l2_smc=1 l2_mmio=9 .* shadow_removed=[1-9][0-9]* .*sr_HCR_EL2=.*sr_CNTVOFF_EL2=.*${timer_stats}"
        FAIL_REGULAR_EXPRESSION "${NVARM_NESTED_BAD}")
    else()
      set_tests_properties(${t} PROPERTIES
        PASS_REGULAR_EXPRESSION "FEAT_NV2, HCR_EL2=.*${NVARM_NESTED_L1}.*${nested_ok}.*nvarm-stats: mode=nv2 .* l2_hvc=65 l0_traps_per_l2_hvc=2\\.00 l2_smc=1 l2_mmio=9 .* l2_timer_irqs=8 l0_traps_per_l2_timer_irq=2\\.00 .* shadow_removed=[1-9][0-9]* .*${timer_stats}"
        FAIL_REGULAR_EXPRESSION "${NVARM_NESTED_BAD}|sr_HCR_EL2|sr_VTTBR_EL2|sr_ESR_EL2|sr_ICH_LR0_EL2")
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
