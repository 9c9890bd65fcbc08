# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Recursive nesting (issue #19): scripts/nested-run --nest 3. The example L0 runs at EL2 and
# offers its L1 FEAT_NV or FEAT_NV2 (nvarm.l1nv=nv|nv2); its L1 is the example L0 again (l0nest.bin), at
# virtual EL2, which runs the example guest hypervisor as its L1 (our L2, at the virtual
# EL2 that L1 emulates with nvarm on top of the hardware NV the outer L0 composes) and the
# payload as L3. Included by tests/qemu/CMakeLists.txt (NVARM_NESTED_RUN, NVARM_EXPECT).
#
# What is checked: the offer and its ID register value, the inner L0's boot as a guest
# hypervisor (its DTB moved out of its L1's RAM), the guest hypervisor at virtual EL2 inside
# a virtual EL2, L3's own checks and verdict (64 hypercalls, 9 MMIO accesses, remaps with
# TLBI IPAS2E1IS and RIPAS2E1IS, 8 virtual timer interrupts through two HW=1 list register
# compositions, 4 software interrupts), both L0s seeing PSCI SYSTEM_OFF, and the outer L0's
# statistics: 66 hypercalls from below L1 (L3's 64, the guest hypervisor's own 2), each
# costing the outer L0 a bounded number of traps (l0_traps_per_l2_hvc: the traps charged to
# those exits, L1's and its guest's included).
# The guest hypervisor's AT S1E2R and AT S12E1R/W checks pass too: the L0 at virtual EL2
# emulates them with its own AT S1E1R/S12E1R, which the outer L0 traps (HCR_EL2.AT) and
# answers in the guest hypervisor's regime; its verdict is checked.
# Per mode: FEAT_NV at every level, or FEAT_NV2 at every level (the outer L0 points the
# hardware VNCR_EL2 at L1's page while L1's guest hypervisor runs with NV2: none of that
# guest hypervisor's HCR/VTTBR/ESR_EL2 or ICH_LR/HCR accesses traps, at either L0).
# Outer traps per L3 hypercall, measured: 69.39 (NV), 10.98 (NV2; 72.34 and 14.92 before the
# inner L0 read its timer registers once per trap (timer.c pull) and wrote only the EL1
# registers whose value changes (nvarm_shadow_vel*_load_diff); 16.89 before the inner L0
# left out the timer resume and list-register flush after a quiet trap of its L1, whose
# CNTHCTL/ICH reads trap to the outer one); before the world switch
# stopped rewriting timer registers the hardware already held 89.95 and 24.72, before it
# stopped rewriting any register with the value it holds 87.06 and 20.83: each such write of
# the inner L0 is a trap to the outer one. The bound allows about 10%.
foreach(variant "nv;1;6[3-9]|7[0-6]" "nv2;2;1[0-2]")
  list(GET variant 0 mode)
  list(GET variant 1 idnv)
  list(GET variant 2 per_hvc)
  string(TOUPPER "${mode}" MODE)
  set(t qemu_nest3_${mode})
  set(expect
    "+l0: L1 sees FEAT_${MODE} \\(ID_AA64MMFR2_EL1.NV=${idnv}\\): recursive nesting"
    "+l0: bootargs \"nvarm.mode=${mode} -- \""
    "+l0: entering L1 at vEL2 \\(FEAT_${MODE}, HCR_EL2=0x[0-9a-f]+\\) at 0x60080000"
    "+l0: entering L1 at vEL2 \\(FEAT_${MODE}, HCR_EL2=0x[0-9a-f]+\\) at 0x70000000"
    "+l0: DTB inside L1's RAM: moved to 0x[0-9a-f]+"
    "+l1: guest hypervisor \\(non-VHE\\) running, CurrentEL=EL2"
    "+l2: 64 hypercalls checked"
    "+l2: 9 MMIO accesses to L1's device checked"
    "+l2: page remapped by L1 \\(TLBI RIPAS2E1IS\\) reads its new contents"
    "+l2: 8 virtual timer interrupts taken and EOIed"
    "+l2: 4 software interrupts from L1 taken and EOIed"
    "+l2: verdict: PASS"
    "+l1: AT S1E2R 0x4000000000 -> PAR_EL1 0x[0-9a-f]*7000a[0-9a-f]+"
    "+l1: AT S12E1R/W checked: L2 RAM -> PAR_EL1 0x72001[0-9a-f]+, write to read-only -> FST 0xf"
    "+l1: verdict: PASS.*l0: L1 called PSCI SYSTEM_OFF"
    "+l1: timer forwarded to L2 with HW=1 \\(pINTID 27\\): 7 deactivations by L2 seen in ICH_LR0_EL2"
    "+l1: L2 asked for SYSTEM_OFF after 64 hypercalls, 9 MMIO accesses, 8 timer interrupts injected, 2 page\\(s\\) remapped"
    "+l0: L1 called PSCI SYSTEM_OFF.*l0: L1 called PSCI SYSTEM_OFF"
    # the outer L0's line comes last: L3's hypercalls and the traps each cost it
    "+nvarm-stats: mode=${mode} .*nvarm-stats: mode=${mode} .* l2_hvc=66 l0_traps_per_l2_hvc=(${per_hvc})\\.[0-9][0-9] "
    "-FAIL|PANIC|unhandled|unexpected exception|timed out|did not power off")
  if(mode STREQUAL "nv2")
    list(APPEND expect "- sr_(HCR|VTTBR|ESR)_EL2=| sr_ICH_(LR0|LR1|HCR)_EL2=")
  endif()
  list(JOIN expect "\n" expect)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect "${expect}\n")
  add_test(NAME ${t}
    COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
            -- ${NVARM_NESTED_RUN} --nest 3 --mode ${mode} --timeout 300)
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
    LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
endforeach()
