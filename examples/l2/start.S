// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// L2 test payload entry (EL1h, MMU off). Position independent; x0 = PL011 address,
// x1 = address of L1's emulated device, x2 = RAM base, x3 = RAM size (from L1).
#include "gpr_frame.h"
	.section .text.head, "ax"
	.global _start
_start:
	mov	x19, x0
	adr	x4, __bss_start
	adr	x5, __bss_end
1:	cmp	x4, x5
	b.hs	2f
	str	xzr, [x4], #8
	b	1b
2:	adr	x4, __stack_top
	mov	sp, x4
	adr	x4, l2_vectors
	msr	vbar_el1, x4
	isb
	mov	x0, x19
	bl	l2_main
3:	wfi
	b	3b

	.macro	vec idx
	.balign	0x80
	mov	x0, #\idx
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	b	l2_exception
	.endm

	.balign	0x800
l2_vectors:
	.irp	i, 0,1,2,3		// current EL SP0
	vec	\i
	.endr
	.balign	0x80			// 0x200: current EL SPx, synchronous
	b	l2_sync_entry
	.balign	0x80			// 0x280: current EL SPx, IRQ
	b	l2_irq_entry
	.irp	i, 6,7,8,9,10,11,12,13,14,15
	vec	\i
	.endr

// A 20-slot frame: x0..x17 at their gpr_frame.h slots, then x18 and x30.
	.macro	save_caller_saved
	sub	sp, sp, #(20 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	gpr_frame_save_x2_x17
	stp	x18, x30, [sp, #(18 * 8)]
	.endm

	.macro	restore_caller_saved_eret
	gpr_frame_load_x0_x17
	ldp	x18, x30, [sp, #(18 * 8)]
	add	sp, sp, #(20 * 8)
	eret
	.endm

// IRQ: save the caller-saved registers, call l2_irq(), return.
l2_irq_entry:
	save_caller_saved
	bl	l2_irq
	restore_caller_saved_eret

// Synchronous exception at EL1: l2_sync(ESR, ELR, FAR) returns only for an exception the
// test expects (and then has set ELR_EL1 past the instruction).
l2_sync_entry:
	save_caller_saved
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	l2_sync
	restore_caller_saved_eret
