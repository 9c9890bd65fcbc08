# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Classification of the known conformance differences (mkledger): g(regex on the line
# after "T: ", the reason, mode=None|"nv"|"nv2"). First match wins.
g(r'^T: (l2vhe|nvhe2|l2cnt|unexpected|end): ', '''
BUG (nv2): L0 does not see this image's HCR_EL2.E2H flips (HCR_EL2 is in the VNCR page, no
trap), so after returning from an E2H=1 run to E2H=0 its VBAR_EL1 write for L2 lands in
its own VBAR_EL2 (L0 still shadows a VHE vEL2): the next exit enters L2's vectors at EL2
and the run stops (examples/l0 E2H switch detection, "L1 switched its vEL2" on traps only).
Everything from the first L2 run after a flip back to E2H=0 is lost under nv2 (the
sections l2vhe, nvhe2, l2cnt; the vhe section keeps E2H=1 from start to end and is compared). What the L0 should do: fix E2H per VM under NV2 (ID_AA64MMFR4_EL1
.E2H0 negative = E2H RES1 for a VHE VM, or no FEAT_VHE = E2H RES0), which the architecture
allows and the image then honours (it skips its VHE passes), or re-check the VNCR page's
HCR_EL2.E2H on every L1 exit before touching EL1 state (too late for an untrapped VBAR_EL1
write, so fixing E2H is the sound option).''', mode='nv2')

g(r'^T: idregs: ', '''
ID registers: the L0 hides features from L1 on purpose (nvarm src/sysreg/features.c ID
policy, applied by examples/l0 to TID3 traps): PFR0 EL0/EL1/EL2 AArch32 (2 -> 1), RAS,
SVE, SEL2, CSV2 capped at 1 (no SCXTNUM model: HCR_EL2.EnSCXT is RES0 for L1); PFR1 MTE,
SME, NMI; ZFR0/SMFR0 zero; DFR0 PMUVer, HPMN0; ISAR2 WFxT, RPRES, MOPS, BC; MMFR0 ECV;
MMFR1 VMIDBits (16 -> 8), HCX, TWED; MMFR2 NV (2 -> 0), FWB, EVT; MMFR3 [63:60]. Each one
a guest hypervisor can observe; shrink this list as the L0 offers more.''')
g(r'^T: el2regs: HCR_EL2 <- 0xffffff', '''
HCR_EL2 with every bit but TGE (and E2H) written, read back with the bits defined for the
features the image sees (masks.h def_hcr): native keeps TERR/TEA (RAS), NV/NV1/AT/NV2
(FEAT_NV2), FWB, TID4/TICAB/TOCU/TTLBIS/TTLBOS (EVT), EnSCXT (CSV2_2); nested, L1 sees
none of those features (ID policy above), so they are masked. Feature policy, not a bug.''')
g(r'^T: el2regs: CPTR_EL2 ', '''
CPTR_EL2, both layouts: TZ/ZEN (SVE) and TSM/SMEN (SME) are defined natively; L1 sees
neither feature, so they are RES1/RES0 and masked. Feature policy.''')
g(r'^T: el2regs: CNTHCTL_EL2 ', '''
CNTHCTL_EL2 non-VHE: the FEAT_ECV controls [17:12] are defined natively; the L0 hides
FEAT_ECV (ID_AA64MMFR0_EL1.ECV = 0 for L1), so they are masked. Feature policy.''')
g(r'^T: el2regs: MDCR_EL2 ', '''
MDCR_EL2: TPMCR/TPM/HPME and HPMD are PMU controls; the L0 hides the PMU (DFR0.PMUVer = 0),
so they are RES0 and masked for L1. Feature policy.''')
g(r'^T: el2regs: VTCR_EL2 ', '''
VTCR_EL2.VS (19) is defined with 16-bit VMIDs; L1 sees VMIDBits = 8, so it is masked.
Feature policy.''')
g(r'^T: el2regs: VTTBR_EL2 ', '''
VTTBR_EL2.VMID[15:8] is defined with 16-bit VMIDs (read back as written even with VS = 0);
L1 sees VMIDBits = 8, so it is masked. Feature policy.''')
g(r'^T: el2regs: SPSR_EL2 ', '''
SPSR_EL2.TCO (25) is defined with FEAT_MTE; the L0 hides MTE (PFR1.MTE = 0), so L1 masks
it. Feature policy.''')
g(r'^T: el2regs: HPFAR_EL2 ', '''
HPFAR_EL2.NS (63) is defined with FEAT_SEL2; the L0 hides SEL2 (PFR0.SEL2 = 0), so L1
masks it. Feature policy.''')
g(r'^T: el2regs: (ID_AA64MMFR0_EL1.FGT|HCRX_EL2)', '''
ID_AA64MMFR1_EL1.HCX reads 0 under L0: L0 hides FEAT_HCX from L1 (ID register policy),
so the HCRX_EL2 lines are not printed.''')
g(r'^T: el2regs: ICH_VMCR_EL2 ', '''
nv2: ICH_VMCR_EL2 lives in the VNCR page: the raw value reads back; QEMU raises VBPR0/
VBPR1 to their minimum (ICH_VTR_EL2.PREbits). Under nv the trap lets nvarm's vgic apply the
same rule (identical). Inherent to FEAT_NV2 memory-backed registers.''')
g(r'^T: (el2exc|vhe|nvhe2): (ldr x0, \[buf\+1\]|str w0, \[buf\+2\]|ldxr x0, \[buf\+4\])', '''
BUG (unresolved; most likely QEMU under FEAT_NV): with SCTLR_EL2.M=0 every EL2 data access
is Device-nGnRnE (DDI 0487 D8.2 "The effects of disabling an address translation stage"),
so an unaligned access gives an Alignment fault (EC 0x25, DFSC 0x21). Under the L0 the image
runs at EL1 with HCR_EL2.NV=1, stage 1 off and the L0's stage 2 on: no fault at all, not even
for the unaligned LDXR, which faults whatever the memory type; nothing reaches the L0 either
(checked with a debug print in examples/l0 trap_abort). With SCTLR_EL2.A=1 the fault is taken
identically. Native L2 (EL1, NV=0, stage 1 off, stage 2 on) shows QEMU faults the unaligned
LDXR there (with HCR_EL2.DC 0 or 1), but not the plain unaligned LDR, which it should (Device
memory: a QEMU departure; lines "unaligned load, stage 1 off"). So with NV=1 QEMU seems to skip
the alignment checks of EL1 stage-1-off accesses; the L0 cannot see it.''')
g(r'^T: (l2hand|nvhe2): CNTKCTL_EL1', '''
BUG: CNTKCTL_EL1 written by a non-VHE L1 (_EL1 name, E2H=0) is L2's register: L2 reads 0
and L1 reads back 0x44, not L2's value (DDI 0487 D24.2 CNTKCTL_EL1; under NV/NV2 the name
reaches the hardware register, which the L0 must hand to L2 at the world switch and take
back on exit). Likely examples/l0 timer.c / nvarm vtimer (CNTKCTL_EL1 used for L1's
CNTHCTL_EL2 controls).''')
g(r'^T: (l2hand|vhe|nvhe2): MDSCR_EL1', '''
BUG (nv only): MDSCR_EL1 written by L1 at vEL2 (not trapped under FEAT_NV, hardware) is
not handed to L2 (L2 reads 0, or the value L2 itself wrote in an earlier run) nor taken
back (L1 reads 0). Under NV2 it is in the VNCR
page (0x158) and works. Likely the L0's EL1 register handover (nvarm_el1_regs list in
src/sysreg/shadow.c / examples/l0 world.c) lacking MDSCR_EL1 for NV.''')
g(r'^T: (l2hand|vhe|nvhe2): (MIDR|MPIDR)_EL1', '''
BUG: L2 reads MIDR_EL1/MPIDR_EL1 as the hardware's, not L1's VPIDR_EL2/VMPIDR_EL2 (DDI 0487
D24.2 MIDR_EL1/MPIDR_EL1: reads at EL1 return VPIDR_EL2/VMPIDR_EL2). The L0 must load L1's
virtual VPIDR/VMPIDR into the hardware ones while L2 runs (examples/l0 world switch; being
fixed by another helper).''')


g(r'^T: (vhe|nvhe2): .*SPSR_EL2=0x[0-9a-f]*[02][37b]c9$', '''
SPSR_EL2.ALLINT (13, FEAT_NMI): natively PSTATE.ALLINT is 1 after the first exception from
L2 (exception entry sets it to NOT SCTLR_EL2.SPINTMASK, and the image returns from the
lower-EL vector without an ERET); the L0 hides FEAT_NMI (PFR1.NMI = 0) so L1 masks the bit.
Feature policy.''')
g(r'^T: (l2traps|vhe|nvhe2): (TOCU|MDCR_EL2.TPM)', '''
Traps of hidden features: HCR_EL2.TOCU needs FEAT_EVT, MDCR_EL2.TPM/TPMCR a PMU; L1 sees
neither (ID policy), so those cases are not run nested. Feature policy.''')
g(r'^T: nopa: ', '''
BUG: a load by L1 at vEL2 (MMU off) from a PA with nothing behind it: natively a
synchronous external abort (EC 0x25, DFSC 0x10, FAR = the address); under the L0 the
stage-2 fault on that IPA ends the run ("l0: unhandled stage-2 abort from L1"). The L0
should inject the external abort into L1's vEL2 (examples/l0 trap.c L1 stage-2 abort path,
nvarm_vel2_inject with ESR 0x96000010 and FAR). Under nv2 the line is lost anyway (above).''')
