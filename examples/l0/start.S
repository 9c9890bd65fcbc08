// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include "gpr_frame.h"
// L0 entry and exception vectors.
//
// L0 is a Linux arm64 "Image" (header below), so any boot protocol loader (QEMU's
// -kernel, U-Boot's booti) enters it at EL2 with x0 = the machine's DTB. It is linked
// at RAM base + text_offset of QEMU virt and checks that it runs where it was linked.
//
// Traps from L1 (lower EL, AArch64) save x0-x30 on L0's stack as a struct l0_frame,
// call the C handler, restore and ERET: this is the world-switch boundary (the
// "nvarm: world switch" comments in l0.c mark where EL1/vEL2 state is swapped).
	.section .text.head, "ax"
	.global _head
_head:
	b	l0_start		// code0
	.long	0			// code1
	.quad	0x80000			// text_offset
	.quad	__image_size		// image_size (loaded + bss)
	.quad	0x2			// flags: little-endian, 4K pages
	.quad	0, 0, 0			// res2-res4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5

	.text
l0_start:
	mov	x19, x0			// DTB
	adr	x1, _head
	ldr	x2, =_head
	cmp	x1, x2
	b.ne	.			// not loaded where linked: nothing sane to do
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	// FP/SIMD must not trap at EL2: the prebuilt libfdt uses SIMD registers.
	mrs	x1, cptr_el2
	bic	x1, x1, #(1 << 10)	// TFP
	msr	cptr_el2, x1
	adr	x1, l0_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	l0_main
3:	wfi
	b	3b

// A secondary CPU powered on by L0 (smp.c, PSCI CPU_ON): x0 = its struct l0_pcpu, whose
// first field is the top of its stack; MMU off, at EL2.
	.global	l0_secondary_entry
l0_secondary_entry:
	ldr	x1, [x0]
	mov	sp, x1
	msr	tpidr_el2, x0
	mrs	x1, cptr_el2
	bic	x1, x1, #(1 << 10)	// TFP
	msr	cptr_el2, x1
	adr	x1, l0_vectors
	msr	vbar_el2, x1
	isb
	bl	l0_secondary_main
4:	wfi
	b	4b

// Trap from a lower EL: build a struct l0_frame (x0..x30, 32 slots) on SP_EL2.
	.macro	trap_entry handler
	gpr_frame_push
	mov	x0, sp
	bl	\handler
	b	l0_trap_return
	.endm

	.macro	panic_entry idx
	mov	x0, #\idx
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	l0_panic_exception
	.endm

l0_trap_return:
	gpr_frame_pop_eret

// Lower EL, synchronous. L1's HVC (EC 0x16) and ERET (EC 0x1a) first try
// l0_trap_l1_exc(frame, ESR_EL2) with the same partial frame: L0_FAST_DONE or L0_FAST_NO
// (then as below). L1's MRS/MSR (EC 0x18) first tries the lean path,
// l0_trap_l1_sysreg(frame, ESR_EL2, full = 0), with only the registers a C call may change
// saved (x0..x18, x30: the callee keeps x19..x29 as they are). It says L0_FAST_DONE (1):
// handled; L0_FAST_FULL (2): Rt is one of x19..x29, again with the whole frame; L0_FAST_NO
// (0): anything else saves x19..x29 too and takes l0_trap_sync.
l0_sync_lower:
	sub	sp, sp, #GPR_FRAME_SIZE
	stp	x0, x1, [sp, #(0 * 8)]
	gpr_frame_save_x2_x17
	str	x18, [sp, #(18 * 8)]
	str	x30, [sp, #(30 * 8)]
	mrs	x1, esr_el2
	lsr	x2, x1, #26
	cmp	x2, #0x18		// EC 0x18 (and ESR_EL2[63:32] clear)
	b.eq	3f
	cmp	x2, #0x16		// EC 0x16 HVC64,
	ccmp	x2, #0x1a, #4, ne	// or EC 0x1a ERET: l0_trap_l1_exc, DONE or NO
	b.ne	1f
	mov	x0, sp
	bl	l0_trap_l1_exc
	cbz	w0, 1f
	b	4f
3:	mov	x0, sp
	mov	w2, #0
	bl	l0_trap_l1_sysreg
	cbz	w0, 1f
	cmp	w0, #2
	b.eq	2f
4:	gpr_frame_load_x0_x17
	ldr	x18, [sp, #(18 * 8)]
	ldr	x30, [sp, #(30 * 8)]
	add	sp, sp, #GPR_FRAME_SIZE
	eret
1:	// the rest of the frame (x19..x29 unchanged by the call), then the full path
	bl	l0_save_x19_x29
	mov	x0, sp
	bl	l0_trap_sync
	b	l0_trap_return
2:	// Rt in x19..x29: the lean path again with the whole frame
	bl	l0_save_x19_x29
	mov	x0, sp
	mrs	x1, esr_el2
	mov	w2, #1
	bl	l0_trap_l1_sysreg
	cbnz	w0, l0_trap_return
	mov	x0, sp
	bl	l0_trap_sync
	b	l0_trap_return

// x19..x29 into the frame at the caller's sp (x30 is already there)
l0_save_x19_x29:
	stp	x19, x20, [sp, #(19 * 8)]
	stp	x21, x22, [sp, #(21 * 8)]
	stp	x23, x24, [sp, #(23 * 8)]
	stp	x25, x26, [sp, #(25 * 8)]
	stp	x27, x28, [sp, #(27 * 8)]
	str	x29, [sp, #(29 * 8)]
	ret

// Enter L1 for the first time: x0 = frame with L1's initial x0..x30 (ELR_EL2,
// SPSR_EL2 and the EL1/vEL2 registers are already set by the caller).
	.global	l0_enter_guest
l0_enter_guest:
	mov	sp, x0
	b	l0_trap_return

	.balign	0x800
l0_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7	// current EL, SP0 and SPx: L0's own bugs
	.balign	0x80
	panic_entry \i
	.endr
	.balign	0x80			// 0x400: lower EL AArch64, synchronous
	b	l0_sync_lower
	.balign	0x80			// 0x480: lower EL AArch64, IRQ
	trap_entry l0_trap_irq
	.balign	0x80			// 0x500: FIQ
	panic_entry 10
	.balign	0x80			// 0x580: SError
	panic_entry 11
	.irp	i, 12, 13, 14, 15	// lower EL AArch32: L1 is AArch64 only
	.balign	0x80
	panic_entry \i
	.endr
