# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Classification of the known conformance differences (mkledger): g(regex on the line
# after "T: ", the reason, mode=None|"nv"|"nv2"). First match wins.
g(r'^T: (l2vhe|nvhe2|l2cnt|nopa|el0nvhe|unexpected|end): ', '''
nv2: L1's HCR_EL2.E2H changes are stores to the VNCR page (FEAT_NV2: no trap), so no L0 can
see one until L1's next trap; this image writes VBAR_EL1 for L2 right after returning to
E2H=0, untrapped, which lands in its own VBAR_EL2 (the L0 still shadows a VHE vEL2), and
the run stops at the next exit. Everything from the first L2 run after a flip back to
E2H=0 is lost under nv2 (l2vhe, nvhe2, l2cnt, nopa, el0nvhe; the vhe section keeps E2H=1 throughout and is
compared). The architectural answer is a CPU whose E2H is fixed: the example L0's
nvarm.e2h=0|1 offers that (no FEAT_VHE: E2H RES0; ID_AA64MMFR4_EL1.E2H0 negative: E2H RES1,
tested by qemu_nested_e2h_res0/res1), and an image written to the Arm ARM then skips its
flips; natively QEMU's E2H is switchable, so the transcripts differ either way. The exact
follow is the example L0's nvarm.vncr=ro (VNCR_EL2 a read-only alias: every vEL2 register
store traps and is emulated as the MSR it is): the conform_nv2ro test shows no such line.''', mode='nv2')

g(r'^T: (sve|sme|vhe): ', '''
Feature policy, nv only: under FEAT_NV alone nvarm offers SVE and SME only to an L1 whose E2H
cannot be 0 (src/sysreg/features.c): a non-VHE L1's ZCR_EL1 / SMCR_EL1 accesses (its guest's
registers) reach the hardware ZCR_EL1 / SMCR_EL1 that hold its own (streaming) vector length,
and no EL2 control traps them short of CPTR_EL2.TZ / TSM, which trap every SVE / SME
instruction too. This image may run non-VHE, so it sees neither under nv, as the nvoff run's
native CPU without them (no nvoff lines). Under nv2/nv2ro (ZCR_EL1 and SMCR_EL1 of a non-VHE
L1 are in the VNCR page, NVMem[0x1E0] and [0x1F0]) the sve and sme sections and the VHE pass
are identical.''', mode='nv')
g(r'^T: absent: ', '''
Feature policy: the features the L0 hides (SVE and SME under nv, see the sve group) are
present natively; nested they are absent, and their registers and instructions (RDVL,
RDSVL) UNDEFINED at L1's EL2 and at L2 (the nvoff run shows it for SVE and SME against a
native CPU without them: examples/l0 traps them with its CPTR_EL2.TZ/TSM, nvarm opens the
EL1 enables they would otherwise trap on first, nvarm_shadow_cptr_hidden). (An L0 that
hid FEAT_NMI could not do as much for MRS ALLINT: no control traps it, HCRX_EL2.TALLINT
traps the MSR forms only.)''')
g(r'^T: idregs: ', '''
Feature policy. ID registers: the L0 offers L1 a smaller CPU on purpose (nvarm
src/sysreg/features.c ID policy, the example L0's request): PFR0 EL1/EL2 AArch32
(2 -> 1: under FEAT_NV L1's EL2 is AArch64 only; nvarm does not run an AArch32 EL1 for
L2), SVE under nv only (offered under nv2 with ZFR0 as the host has it: examples/l0/sve.c);
PFR1 SME and SMFR0 under nv only (offered under nv2 as the host has them, likewise; NMI and
MTE 1 are offered: PSTATE.ALLINT and TCO, the HCRX_EL2 NMI controls). (PFR0.RAS is
identical: FEAT_RASv1p1 is offered, HCR_EL2.FIEN with the ras section's lines; FEAT_RASv2
would be capped to it.) (MMFR2 is identical: FEAT_NV2 is offered to
L1 as the host has it, nvarm.l1nv=off|nv to offer less.) (MMFR0 is identical: the L0 offers the host's
52-bit PA range and FEAT_LPA2, which its shadow stage-2 translates with VTCR_EL2.DS=1.)
(PFR0.SEL2 is identical: FEAT_SEL2 is offered as the host has it; at Non-secure EL2 it
defines only stored fields, VTCR_EL2.NSW/NSA and HPFAR_EL2.NS, and registers UNDEFINED in
Non-secure state: the probe section's VSTTBR/VSTCR/CNTHPS/CNTHVS lines.) (DFR0 is
identical: FEAT_PMUv3 is offered as the host has it, up to PMUv3p5, with HPMN0.)
Each one a guest hypervisor
can observe; shrink this list as the L0 offers more.''')
g(r'^T: el2regs: HCR_EL2 <- 0xffffff', '''
QEMU departure (native side): HCR_EL2 with every bit but TGE (and E2H) written, read back
with the bits defined for the features the image sees (masks.h def_hcr). QEMU 10 says
FEAT_RASv1p1 (ID_AA64PFR0_EL1.RAS = 2) but keeps HCR_EL2.FIEN [47] RES0 (its HCR_EL2 write
mask has TERR/TEA only) and implements none of ERXPFGF/ERXPFGCTL/ERXPFGCDN_EL1 or
ERXMISC2/3_EL1: they are UNDEFINED at EL1 and EL2, with no FIEN or TERR trap (the ras
section's lines, identical on both sides: the hardware answers L2 directly). DDI 0487 D24.2
HCR_EL2.FIEN defines the bit whenever FEAT_RASv1p1 is implemented; nvarm follows the Arm
ARM, so L1 reads its FIEN back (src/sysreg/features.c, forward_rules.c).''')
g(r'^T: el2regs: CPTR_EL2 ', '''
CPTR_EL2, both layouts: TZ/ZEN (SVE) and TSM/SMEN (SME) are defined natively; L1 sees
no SVE and no SME under nv, so they are RES1/RES0 and masked. Feature policy; exact: the
nvoff run (native -cpu without SVE and SME) reads them as L1 does.''')
g(r'^T: el2regs: CNTHCTL_EL2 ', '''
CNTHCTL_EL2 non-VHE: the FEAT_ECV controls [17:12] are defined natively; the L0 hides
FEAT_ECV (ID_AA64MMFR0_EL1.ECV = 0 for L1), so they are masked. Feature policy.''')
g(r'^T: el2regs: VTCR_EL2 ', '''
VTCR_EL2.VS (19) is defined with 16-bit VMIDs; L1 sees VMIDBits = 8, so it is masked.
Feature policy.''')
g(r'^T: el2regs: VTTBR_EL2 ', '''
VTTBR_EL2.VMID[15:8] is defined with 16-bit VMIDs (read back as written even with VS = 0);
L1 sees VMIDBits = 8, so it is masked. Feature policy.''')
g(r'^T: el2regs: ICH_VMCR_EL2 ', '''
nv2: ICH_VMCR_EL2 lives in the VNCR page: the raw value reads back; QEMU raises VBPR0/
VBPR1 to their minimum (ICH_VTR_EL2.PREbits). Under nv the trap lets nvarm's vgic apply the
same rule (identical). Inherent to FEAT_NV2 memory-backed registers.''')
g(r'^T: (el2exc|vhe|nvhe2): (ldr x0, \[buf\+1\]|str w0, \[buf\+2\]|ldxr x0, \[buf\+4\])', '''
QEMU departure (nested side): with SCTLR_EL2.M=0 every EL2 data access is Device-nGnRnE
(DDI 0487 D8.2 "The effects of disabling an address translation stage"), so an unaligned
access gives an Alignment fault (EC 0x25, DFSC 0x21), as natively. Under the L0 the image runs
at EL1 with stage 1 off and the L0's stage 2 on, where the Arm ARM still gives Device (stage 1
Device-nGnRnE combined with any stage-2 type is Device: the fault stays). QEMU 10 enforces the
MMU-off alignment at EL0/EL1 only while HCR_EL2.DC and HCR_EL2.VM are both 0 (its hflags
rule: with either set it takes the memory type from the stage-2 entry), so the plain LDR/STR
do not fault, and nothing reaches the L0 (checked with a debug print in examples/l0
trap_abort). Native L2 (EL1, NV=0, stage 1 off, stage 2 on) shows the same for the plain LDR
("unaligned load, stage 1 off" lines, identical on both sides). The unaligned LDXR, which
faults whatever the memory type, faults natively at L2 but not at EL1 with HCR_EL2.NV=1: also
QEMU (no trap, no L0 involvement), not traced further in its source. With SCTLR_EL2.A=1 the
image's faults are taken identically. An L0 could give an MMU-off L1 the hardware
SCTLR_EL1.A = 1 (no change on a PE that follows the Arm ARM): tried, and left out, because
L1's SCTLR_EL1 then differs from its guest's and QEMU flushes its whole TLB at each such
write, twice per world switch (scripts/bench: an MMU-off L1's L2 hypercall 35x -> 62x native).''')
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


g(r'^T: (l2traps|vhe|nvhe2): TOCU', '''
Traps of hidden features: HCR_EL2.TOCU needs FEAT_EVT; L1 does not see it (ID policy), so
that case is not run nested. Feature policy.''')


g(r'^T: timer: (EL2 E2H=1: CNTPCT - CNTVCT|CNTP_CVAL_EL02 -> CNTP_CVAL_EL0|CNTV_CVAL_EL02 -> CNTV_CVAL_EL0)', '''
nv2: after this image changes HCR_EL2.E2H (a VNCR page store, no trap: see the E2H group),
the L0 keeps the timer redirection of the old layout until L1's next trap: at E2H=1 the
EL2 view of CNTVCT still has CNTVOFF applied, and *_EL02 values written at E2H=1 are not in
the EL1 timers after the flip back. Same root cause as the E2H group.''', mode='nv2')
g(r'^T: s2at: E2H=0 TGE=1, AT ', '''
QEMU departure (native side): with HCR_EL2.TGE=1 the EL1&0 regime's stage 1 is disabled,
SCTLR_EL1.M being treated as 0 for all purposes but a direct read (DDI 0487 D24.2
HCR_EL2.TGE; pseudocode AArch64.S1Enabled: Regime_EL10 needs HCR_EL2.<DC,TGE> == '00'), so
this image's AT S1E1R/S12E1R at EL2 with E2H=0 TGE=1 see stage 1 off: the VA, Device-nGnRnE
(ATTR 0x00, SH 0b10). QEMU 10 checks only HCR_EL2.DC for an AT S1E1* from EL2 and applies
stage 1 (ATTR 0xff from MAIR_EL1). The example L0 follows the Arm ARM (world.c
world_l1_at_s12 clears L2's SCTLR_EL1.M for the AT when L1's TGE is 1).''')
g(r'^T: ras: TEA: ', '''
QEMU departure (native side): HCR_EL2.TEA = 1 routes a synchronous External abort from EL0/EL1
to EL2 (DDI 0487 D24.2 HCR_EL2.TEA, with FEAT_RAS); QEMU 10 keeps the bit but ignores it and
takes L2's abort at L2's EL1 (ESR_EL1 0x96000010). The example L0 follows the Arm ARM: L1 gets
a Data Abort from a lower Exception level, DFSC 0x10 (examples/l0/exc.c l2_external_abort).''')
g(r'^T: gic: misr (VGrp\*IE|VGrp0DIE), ', '''
QEMU departure (native side): QEMU computes ICH_MISR_EL2.VGrp0D from ICH_VMCR_EL2.VENG1;
IHI 0069 (ICH_MISR_EL2.VGrp0D: "VGrp0DIE == 1 and VENG0 == 0") says VENG0, which nvarm's
vgic follows. The maintenance PPI's pending state follows the MISR value in each.''')
