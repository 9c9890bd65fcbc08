// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Entry, EL2 vectors and the L2 world switch of the conformance guest hypervisor.
// A Linux arm64 Image (boot protocol: entered at EL2, MMU off, x0 = DTB), linked at 0
// and position independent: only PC-relative addressing (adr/adrp).
	.section .text.head, "ax"
	.global _head
_head:
	b	c_entry			// code0
	.long	0			// code1
	.quad	0			// text_offset
	.quad	__image_size		// image_size
	.quad	0x2			// flags: little-endian, 4K pages, no placement constraint
	.quad	0, 0, 0
	.ascii	"ARM\x64"		// magic
	.long	0

	.text
c_entry:
	mov	x19, x0
	adr	x1, __bss_start
	adr	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, __stack_top
	mov	sp, x1
	adr	x1, c_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	c_main
3:	wfi
	b	3b

// A secondary CPU (PSCI CPU_ON from sec_boot, when the machine has more than one): busy
// with accesses that trap to an L0 (SCTLR_EL2, TPIDR_EL2 under FEAT_NV; the counter) and
// broadcast TLB maintenance, for as long as the run lasts; no stack, no memory of its own.
	.global	c_secondary
c_secondary:
	mrs	x1, sctlr_el2
	msr	tpidr_el2, x1
	mrs	x2, cntpct_el0
	tlbi	vmalle1is
	dsb	ish
	b	c_secondary

// Current EL (EL2) exception: full frame x0..x30 on the stack, c_exc_el2(frame, kind).
	.macro	cur kind
	.balign	0x80
	sub	sp, sp, #256
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	cur_common
	.endm
// Lower EL (L2) exception: back into run_l2's context.
	.macro	low kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	low_common
	.endm

	.balign	0x800
	.global	c_vectors
c_vectors:
	cur	0x10			// current EL, SP_EL0: sync, IRQ, FIQ, SError
	cur	0x11
	cur	0x12
	cur	0x13
	cur	0			// current EL, SP_ELx
	cur	1
	cur	2
	cur	3
	low	0			// lower EL, AArch64
	low	1
	low	2
	low	3
	cur	0x20			// lower EL, AArch32: never used
	cur	0x21
	cur	0x22
	cur	0x23

cur_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x0, sp
	bl	c_exc_el2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #256
	eret

// int l2_enter(u64 *gpr): run L2 with x0..x30 = gpr[0..30] (ELR/SPSR_EL2, SP_EL1 set by
// the caller). Returns the lower-EL vector kind with L2's registers saved into gpr.
	.global	l2_enter
l2_enter:
	sub	sp, sp, #112
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	str	x0, [sp, #96]
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

low_common:				// [sp] = L2's x0, x1; x1 = kind; [sp + 16 + 96] = gpr
	ldr	x0, [sp, #(16 + 96)]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mov	x0, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #112
	ret

// L2 side (EL1): x0 = fn, x1 = arg; fn(arg) then HVC #0 with the result in x0.
	.global	l2_stub
l2_stub:
	mov	x2, x0
	mov	x0, x1
	blr	x2
	hvc	#0
	b	.

// L2's own EL1 vectors (VBAR_EL1): any exception taken to L2's EL1 becomes
// HVC #(0xe100 + vector index), so L1 sees it as an exit and nothing hangs (x17 is
// lost). Entered at EL2 they mean VBAR_EL2 points here (an L1 register write went to
// the wrong register): stop with a transcript line instead of looping on the HVC.
	.macro	l2v idx
	.balign	0x80
	mrs	x17, CurrentEL
	cmp	x17, #8
	b.eq	1f
	hvc	#(0xe100 + \idx)
	b	.
1:	mov	x0, #\idx
	b	c_l2v_at_el2
	.endm
	.balign	0x800
	.global	l2_vectors
l2_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	l2v	\i
	.endr
