# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The nested stack through scripts/nested-run: the example L0 runs the example
# guest hypervisor L1 at vEL2, which runs the L2 payload. Each test checks L2's and
# L1's own verdicts, that L0 saw the PSCI SYSTEM_OFF, and the stats line, one
# expectation at a time (tests/qemu/expect.cmake: "+RE" must match, "-RE" must not).
set(NVARM_NESTED_RUN ${NVARM_SRC}/scripts/nested-run)
set(NVARM_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/expect.cmake)

# What the payload and the guest hypervisor check and print, in every variant.
set(nested_common
  # L1 sets L2's SCTLR_EL1, CONTEXTIDR_EL1, CPACR_EL1 (EL12 names when VHE): through
  # nvarm's EL2->EL1 shadow they reach L2, and L1's own EL2 MMU and CPTR_EL2 stay.
  "l2: CONTEXTIDR_EL1=0x4c32 CPACR_EL1=0x100000 \\(set by L1\\)"
  "l1: L2's SCTLR_EL1/CONTEXTIDR_EL1/CPACR_EL1 set, own EL2 MMU and CPTR_EL2 unchanged"
  # L1's VPIDR_EL2/VMPIDR_EL2 are what L2 reads as MIDR_EL1/MPIDR_EL1 (nvarm's vEL1 shadow
  # load puts them in the hardware ones); L1 itself keeps reading the real ones.
  "l1: VPIDR_EL2/VMPIDR_EL2 set for L2 \\(read back 0x4e0fd4c2/0x80010203\\), own MIDR_EL1 0x[0-9a-f]+, MPIDR_EL1 0x80000000 unchanged"
  "l2: MIDR_EL1=0x4e0fd4c2 MPIDR_EL1=0x80010203 \\(L1's VPIDR_EL2/VMPIDR_EL2\\)"
  # L2's CNTKCTL_EL1 (E2H=0: L1's CNTKCTL_EL1, E2H=1: CNTKCTL_EL12; hardware CNTKCTL_EL1 owned
  # by nvarm's vtimer alone) reaches L2, and L2's own write reaches L1 unchanged.
  "l2: CNTKCTL_EL1=0x2a6 \\(set by L1\\)"
  "l1: L2's CNTKCTL_EL1 read back as L2 wrote it: 0x103"
  # An HVC at vEL2 is taken to L1's own EL2 vector (L0 injects it, same syndrome).
  "l1: HVC #0x4e56 at EL2 taken by our own EL2 vector"
  "l2: 64 hypercalls checked"
  "l2: 9 MMIO accesses to L1's device checked"
  "l2: 64 pages written and read back"
  # L1 remaps a page under L2 (break-before-make, TLBI IPAS2E1IS), then a second one with
  # the range form TLBI RIPAS2E1IS (QEMU's max CPU has FEAT_TLBIRANGE, which L1 sees):
  # nvarm_s2mmu_tlbi drops L0's shadow of each old mapping.
  "l2: page remapped by L1 \\(TLBI IPAS2E1IS\\) reads its new contents"
  "l2: page remapped by L1 \\(TLBI RIPAS2E1IS\\) reads its new contents"
  "l1: L2 asked for SYSTEM_OFF after 64 hypercalls, 9 MMIO accesses, 8 timer interrupts injected, 2 page\\(s\\) remapped"
  # L2's traps through nvarm_fwd_route (examples/l0/route.c): L1 asks for TWI, TID3 and
  # the FGT trap of REVIDR_EL1 and sees exactly one of each (emulated: L2 checks the
  # values); L0 keeps its own ACTLR_EL1 trap (RAZ/WI, never reaches L1); PMCR_EL0 (the
  # PMU offered to the VM, no trap asked for) reads at L2's EL1 with N = L1's MDCR_EL2.HPMN
  # at its reset value PMCR_EL0.N.
  "l2: traps checked: WFI to L1, ID_AA64PFR0_EL1=0x[0-9a-f]*0011 from L1, REVIDR_EL1=0x4c31, ACTLR_EL1 kept by L0, PMCR_EL0 read \\(N=[1-9][0-9]*\\)"
  "l1: traps we asked for: 1 WFI \\(TWI\\), 1 ID register read\\(s\\) \\(TID3\\), 1 REVIDR_EL1 read\\(s\\) \\(FGT\\), 0 we did not ask for"
  # nvarm's nested vGIC: L1 gets 5 maintenance interrupts (an underflow one from
  # ICH_HCR_EL2.UIE at its first ERET to L2, then one EOI maintenance interrupt for each
  # of the 4 software interrupts it sends L2 with LR.EOI = 1). HW=1: L1 forwards the
  # timer with an HW=1 list register naming the EL1 virtual timer PPI, which L0's
  # l1_intid_to_hw backs with the real one: L2's deactivations reach it.
  "l2: 8 virtual timer interrupts taken and EOIed"
  "l2: 4 software interrupts from L1 taken and EOIed"
  "l1: timer forwarded to L2 with HW=1 \\(pINTID 27\\): 7 deactivations by L2 seen in ICH_LR0_EL2"
  "l1: maintenance interrupts checked: 1 underflow \\(ICH_MISR_EL2\\.U\\), 4 EOI \\(ICH_MISR_EL2\\.EOI, ICH_EISR_EL2=0x2\\) for 4 software interrupts"
  # L1's maintenance PPI is a line into its emulated redistributor (examples/l0/vgicd.c): L2
  # first runs with it disabled there and the underflow condition on; L1 takes no IRQ for it
  # (L0 holds the physical one active while L2 runs) and finds it pending in GICR_ISPENDR0
  # at L2's first WFI; the pending state goes with the condition.
  "l1: maintenance interrupt with its PPI disabled: pending in GICR_ISPENDR0 \\(0x[0-9a-f]*[2367abef][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]\\), no IRQ \\(0 taken\\), handled by polling"
  "l0: vgicd: [1-9][0-9]* MMIO accesses, 0 SGIs, [1-9][0-9]* interrupts injected, [0-9]+ withdrawn"
  # Timers (nvarm vtimer in L0): L1's CNTVOFF_EL2 reaches L2's virtual count; L1 reads
  # L2's fired timer back while L2 is out (TVAL computed by L0); while L2 runs its
  # virtual timer, L1 runs 4 ticks of its EL2 physical timer (and 3 of its EL2 virtual
  # timer when VHE), emulated by L0 on its own timer while L2 runs.
  "l2: virtual count = physical count - 0x40000 \\(L1's CNTVOFF_EL2\\) checked"
  "l1: L2's virtual timer read back while L2 was out: fired, TVAL = CVAL - \\(CNTPCT - CNTVOFF_EL2\\)"
  # L1's AT S12E1R/W on L2 addresses before L2 runs (L1's stage-2 granule; a read-only
  # page; L2_DEV unmapped: level 2, or 3 with 64K tables): L0's shadow is empty but for what
  # the first one's walk installed with its fault-around (nvarm_s2mmu_config::fault_around),
  # which answers one of the others, so three are answered by a walk (at_s12_walks).
  "l1: AT S12E1R/W checked: L2 RAM -> PAR_EL1 0x[0-9a-f]+, write to read-only -> FST 0xf, L2_DEV -> FST 0x[67] \\(stage 2\\)"
  " at_s12=4 at_s12_walks=3"
  "l2: verdict: PASS"
  "l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF"
  # The stats line: shadow stage-2 invalidations, shadow reloads (L1 wrote a mirrored
  # EL2 register or flipped E2H) and L1's one TLBI ALLE2, L2's routed traps (65 HVCs + 2
  # SMCs + WFI + ID read + REVIDR_EL1 forwarded, 2 ACTLR_EL1 accesses and, under nv, L2's 2
  # CPACR_EL1 reads for L0, which emulates CPACR_EL1 for a VM without the host's SVE/SME
  # (hidden under FEAT_NV alone from an L1 that may be non-VHE; offered under nv2); none
  # UNDEFINED: the PMU is the VM's), the vGIC's maintenance and deactivation counts, the timers' interrupts.
  # Each remap removes at least one shadow entry; the range TLBI reached nvarm as a TLBI.
  " l2_hvc=65 l0_traps_per_l2_hvc=@PER_HVC@ l2_smc=2 l2_mmio=9 "
  " shadow_removed=([2-9]|[1-9][0-9]+) "
  " sr_TLBI_IPAS2E1IS=1 " " sr_TLBI_RIPAS2E1IS=1 "
  " vel2_reloads=[1-9][0-9]* vel2_tlbi=1 "
  " l2_fwd=70 l2_l0=@L2_L0@ l2_undef=0 "
  " vgic_maint=5 vgic_hw_maint=4 l2_maint=4 "
  " vgic_deact=8 vgic_lr_overflow=0 vgic_dropped=0 vgic_vtimer_active=0 "
  " l2_vtimer_irqs=8 l2_ptimer_irqs=0 l1_el2_ptimer_irqs=4 l1_el2_vtimer_irqs=@HV_IRQS@ ")
set(nested_bad "FAIL|PANIC|unhandled|unexpected exception|timed out|did not power off")

# Per mode. Traps to L0 per L2 hypercall: the HVC and L1's ERET are the architectural
# floor of 2. Under FEAT_NV a non-VHE L1's ESR_EL2 read traps too (>= 3); a VHE L1 reads
# it as ESR_EL1 (no trap), and under FEAT_NV2 it is redirected: 2. Per L2 timer
# interrupt under FEAT_NV2: the IRQ and the ERET (L1's list register write goes to the
# VNCR page): 2 (windows in which L1 also handles its own EL2 timer are left out and
# counted as l2_timer_windows_dropped). Per vGIC maintenance exit under FEAT_NV2: the
# IRQ, L1's reads of ICH_MISR/EISR/ELRSR_EL2 (computed by nvarm: they always trap) and
# the ERET: 7. Under FEAT_NV2 none of L1's HCR/VTTBR/ESR/ICH_LR/ICH_HCR accesses trap.
# Under FEAT_NV every HCR_EL2 write and every ELR/SPSR_EL2 write traps; nvarm asks for a
# shadow reload only when the shadow changes (a mirrored field, or E2H): 20 for a non-VHE
# L1, 4 for a VHE one (about 120 when every such write reloaded).
set(nested_nv "FEAT_NV, HCR_EL2=" "nvarm-stats: mode=nv " " sr_HCR_EL2=" " sr_CNTVOFF_EL2="
  " vel2_reloads=([1-9]|[1-3][0-9]) ")
set(nested_nv2 "FEAT_NV2, HCR_EL2=" "nvarm-stats: mode=nv2 "
  " l2_timer_irqs=8 l0_traps_per_l2_timer_irq=2\\.00 " "l0_traps_per_l2_maint=7\\.00"
  " sr_ICH_MISR_EL2=5 ")
set(nested_nv2_bad " sr_(HCR|VTTBR|ESR)_EL2=| sr_ICH_(LR0|LR1|HCR)_EL2=")

# Every mode with every stage-2 granule L1 uses for L2 (L0's shadow stays 4K) and both
# EL2 flavours of L1. Variants: test suffix, L1 image, its stage-2 granule, EL2 flavour.
foreach(variant "4k;l1;4K;non-VHE" "16k;l1-16k;16K;non-VHE" "64k;l1-64k;64K;non-VHE"
                "vhe_4k;l1-vhe;4K;VHE" "vhe_64k;l1-vhe-64k;64K;VHE")
  list(GET variant 0 gran)
  list(GET variant 1 image)
  list(GET variant 2 GRAN)
  list(GET variant 3 kind)
  # L1 turns on its own EL2 stage-1 and checks an alias mapping both ways and with AT
  # S1E2R: only if L0's EL2->EL1 shadow put L1's SCTLR/TCR/TTBR0/MAIR_EL2 (translated
  # for a non-VHE L1) into the hardware.
  set(variant_req
    "l1: guest hypervisor \\(${kind}\\) running, CurrentEL=EL2"
    "l1: AT S1E2R 0x[0-9a-f]+ -> PAR_EL1 0x[0-9a-f]+"
    "l1: EL2 MMU on \\(${GRAN} granule, [0-9]+ tables, RAM 0x[0-9a-f]+\\+0x[0-9a-f]+ identity, caches on, alias VA 0x[0-9a-f]+ checked\\)"
    "stage-2 granule ${GRAN}")
  if(kind STREQUAL "VHE")
    set(nv_per_hvc "2\\.00")
    set(hv_irqs 3)
    list(APPEND variant_req "L1 switched its vEL2 to VHE"
      "l1: 4 EL2 physical timer \\(CNTP_\\*_EL0 -> CNTHP\\) interrupts, [1-4] while L2 ran its timer"
      "l1: 3 EL2 virtual timer \\(CNTV_\\*_EL0 -> CNTHV\\) interrupts, [1-3] while L2 ran its timer")
  else()
    set(nv_per_hvc "([3-9]|[1-9][0-9]+)\\.[0-9][0-9]")
    set(hv_irqs 0)
    list(APPEND variant_req
      "l1: 4 EL2 physical timer \\(CNTHP_\\*_EL2\\) interrupts, [1-4] while L2 ran its timer")
  endif()
  foreach(mode nv nv2)
    set(t qemu_nested_${mode}_${gran})
    set(per_hvc ${nv_per_hvc})
    set(l2_l0 4)
    if(mode STREQUAL "nv2")
      set(per_hvc "2\\.00")
      set(l2_l0 2)
    endif()
    set(expect "")
    foreach(re IN LISTS nested_common variant_req nested_${mode})
      string(REPLACE "@PER_HVC@" "${per_hvc}" re "${re}")
      string(REPLACE "@HV_IRQS@" "${hv_irqs}" re "${re}")
      string(REPLACE "@L2_L0@" "${l2_l0}" re "${re}")
      string(APPEND expect "+${re}\n")
    endforeach()
    string(APPEND expect "-${nested_bad}\n")
    if(mode STREQUAL "nv2")
      string(APPEND expect "-${nested_nv2_bad}\n")
    endif()
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect "${expect}")
    add_test(NAME ${t}
      COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
              -- ${NVARM_NESTED_RUN} --mode ${mode} --timeout 120 --l1-append "console=ttyAMA0"
              --l1 ${NVARM_A64_EXAMPLES}/l1/${image}.bin)
    set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
      LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
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
  FAIL_REGULAR_EXPRESSION "${nested_bad}")

# nested-run must fail when the guest does not power off through PSCI: hand L0 an
# "L1" that is not an arm64 Image (L0 refuses it and stops).
add_test(NAME qemu_nested_run_rejects
  COMMAND sh -c "\"$0\" --l1 \"$1\" --timeout 60 >/dev/null 2>&1; rc=$?; echo \"nested-run status $rc\"; test $rc -ne 0"
          ${NVARM_NESTED_RUN} ${NVARM_A64_EXAMPLES}/smoke/smoke.elf)
set_tests_properties(qemu_nested_run_rejects PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
  LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)

# Shadow stage-2 under memory pressure (issue #14): examples/s2touch's L2 writes one word
# in each of 65,536 distinct 4K pages (256 MB) through L1's 4K stage-2, then reads them all
# back. With the L0's default sizing (L1's RAM fully resident) and fault-around, each 2M of
# L1's linear 4K mapping faults once (one shadow 2M block: 128 regions + 1) and nothing is
# reclaimed; with nvarm.s2pool=8 (8 pool pages, 4,096 reverse-map entries; the example L0
# then turns fault-around off) every page faults, nvarm reclaims all along and the second
# pass refaults every page, still reading what it wrote.
# s2touch_concat: a 40-bit shadow input (nvarm.s2ia=40): nvarm concatenates a 2-page root
# at level 1 and the L0 programs VTCR_EL2.SL0 for 3 levels (the default 48 bits walk 4); the
# hardware (QEMU) walks that shadow for every L2 access.
# The default input is the PA size L1 is offered: 52 bits with FEAT_LPA2 (QEMU max; a 16-page
# root at level 0, VTCR_EL2.DS=1), else 48; a pool of 8 pages keeps it at 48 (1-page root).
foreach(variant "s2touch;nv2;;shadow_faults=1[0-9][0-9] .* shadow_reclaims=0 ;(48-bit input, 4 levels, 1-page|52-bit input, 4 levels, 16-page)"
                "s2touch_tiny;nv;nvarm.s2pool=8;shadow_faults=13[0-9][0-9][0-9][0-9] .* shadow_reclaims=[1-9][0-9]* shadow_reclaimed_pages=[1-9][0-9]* shadow_reclaimed_leaves=[1-9][0-9][0-9][0-9][0-9]+ ;48-bit input, 4 levels, 1-page"
                "s2touch_concat;nv2;nvarm.s2ia=40;shadow_faults=1[0-9][0-9] .* shadow_reclaims=0 ;40-bit input, 3 levels, 2-page")
  list(GET variant 0 name)
  list(GET variant 1 mode)
  list(GET variant 2 l0args)
  list(GET variant 3 stats)
  list(GET variant 4 geometry)
  set(t qemu_nested_${name})
  set(pool_re "L1 RAM resident")
  set(l0opt "")
  if(l0args MATCHES "s2pool")
    set(pool_re "nvarm.s2pool")
  endif()
  if(l0args)
    set(l0opt --l0-append ${l0args})
  endif()
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect
    "+l0: shadow stage-2: [0-9]+ pool pages, [0-9]+ reverse-map entries \\(${pool_re}\\)\n"
    "+l0: shadow stage-2: ${geometry} root\n"
    "+s2touch: L2 wrote and read back 65536 pages \\(256 MB\\) through L1's 4K stage-2: 0 mismatches\n"
    "+s2touch: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF\n"
    "+nvarm-stats: mode=${mode} .* ${stats}\n"
    "-${nested_bad}\n")
  add_test(NAME ${t}
    COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
            -- ${NVARM_NESTED_RUN} --mode ${mode} --timeout 300 ${l0opt}
            --l1 ${NVARM_A64_EXAMPLES}/s2touch/s2touch.bin)
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
    LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
endforeach()

# SMP guest hypervisor (issue #17): examples/smpl1 powers on 4 vCPUs (PSCI CPU_ON to the
# L0), each runs a vCPU of one L2 VM on one shared stage-2; every L2 vCPU reads a shared
# page (faulting it into the L0's one shadow MMU), L1's vCPU 0 remaps it with TLBI
# IPAS2E1IS + VMALLE1IS and every L2 vCPU must then read the new page. Then L2 vCPU 1 sends
# L2 vCPU 2 an SGI: its ICC_SGI1R_EL1 write traps to L1 (HCR_EL2.IMO), L1's vCPU 1 sends its
# own SGI to L1's vCPU 2 (through the L0's emulated GIC and a physical kick), which takes
# it while L2 runs and puts the SGI into its list register for L2 vCPU 2.
foreach(mode nv nv2)
  set(t qemu_nested_smpl1_${mode})
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect
    "+l0: 4 vCPUs for L1, one per CPU \\(PSCI CPU_ON\\)\n"
    "+smpl1: 4 vCPUs up, each running one vCPU of the L2 VM\n"
    "+smpl1: L2 vCPU 3 saw 0x5a5a0000aaaaaaaa then 0x5a5a0000bbbbbbbb\n"
    "+smpl1: L2 vCPU 1 -> L2 vCPU 2: SGI 5 taken as vINTID 5\n"
    "+smpl1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF\n"
    "+l0: vcpu 2: power=on .* irqs=[1-9][0-9]* .* injected=[1-9][0-9]*\n"
    "+nvarm-stats: mode=${mode} .* shadow_inval=[1-9][0-9]* .* shadow_removed=[1-9][0-9]* \n"
    "-${nested_bad}\n")
  add_test(NAME ${t}
    COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
            -- ${NVARM_NESTED_RUN} --mode ${mode} --smp 4 --timeout 300
            --l1 ${NVARM_A64_EXAMPLES}/smpl1/smpl1.bin)
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
    LABELS "qemu;smp" ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
endforeach()

# L1's HCR_EL2.E2H fixed by the VM configuration (nvarm.e2h=0|1), as the architecture allows
# (no FEAT_VHE: RES0; ID_AA64MMFR4_EL1.E2H0 negative: RES1). Under FEAT_NV2 an L1 that may
# change E2H does so in the VNCR page without a trap; with E2H fixed nothing is followed
# late. The example L1 of the matching flavour passes, and L1's ID registers say so (E2H0
# 0b1110 with E2H RES1: L1 is offered FEAT_NV, whose HCR_EL2.NV1 is then RES0 too).
foreach(variant "e2h_res0;0;l1;0;0x0" "e2h_res1;1;l1-vhe;1;0xe")
  list(GET variant 0 name)
  list(GET variant 1 e2h)
  list(GET variant 2 image)
  list(GET variant 3 vh)
  list(GET variant 4 e2h0)
  set(t qemu_nested_${name})
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect
    "+l0: L1's HCR_EL2.E2H is RES${e2h} \\(ID_AA64MMFR1_EL1.VH=${vh} ID_AA64MMFR4_EL1.E2H0=${e2h0}\\)\n"
    "+l2: verdict: PASS\n"
    "+l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF\n"
    "-changed HCR_EL2.E2H\n"
    "-${nested_bad}\n")
  add_test(NAME ${t}
    COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
            -- ${NVARM_NESTED_RUN} --mode nv2 --timeout 120 --l0-append nvarm.e2h=${e2h}
            --l1 ${NVARM_A64_EXAMPLES}/l1/${image}.bin)
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
    LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
endforeach()
