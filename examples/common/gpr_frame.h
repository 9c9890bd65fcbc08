/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Assembly macros for a 32-slot general-register frame on the stack (x0..x30 at
 * slot n = x<n>, slot 31 unused for 16-byte alignment). Shared by the L0's and the
 * example L1's exception vectors; `struct l0_frame` / L1's frame match this layout.
 */
#ifndef EXAMPLES_GPR_FRAME_H
#define EXAMPLES_GPR_FRAME_H

#define GPR_FRAME_SIZE (32 * 8)

#ifdef __ASSEMBLER__
/* Store x2..x17 into the frame at sp. */
	.macro	gpr_frame_save_x2_x17
	stp	x2, x3, [sp, #(2 * 8)]
	stp	x4, x5, [sp, #(4 * 8)]
	stp	x6, x7, [sp, #(6 * 8)]
	stp	x8, x9, [sp, #(8 * 8)]
	stp	x10, x11, [sp, #(10 * 8)]
	stp	x12, x13, [sp, #(12 * 8)]
	stp	x14, x15, [sp, #(14 * 8)]
	stp	x16, x17, [sp, #(16 * 8)]
	.endm

/* Reload x0..x17 from the frame at sp. */
	.macro	gpr_frame_load_x0_x17
	ldp	x0, x1, [sp, #(0 * 8)]
	ldp	x2, x3, [sp, #(2 * 8)]
	ldp	x4, x5, [sp, #(4 * 8)]
	ldp	x6, x7, [sp, #(6 * 8)]
	ldp	x8, x9, [sp, #(8 * 8)]
	ldp	x10, x11, [sp, #(10 * 8)]
	ldp	x12, x13, [sp, #(12 * 8)]
	ldp	x14, x15, [sp, #(14 * 8)]
	ldp	x16, x17, [sp, #(16 * 8)]
	.endm

/* Store x2..x30 into the frame at sp (x0/x1 already stored by the vector stub). */
	.macro	gpr_frame_save_x2_x30
	gpr_frame_save_x2_x17
	stp	x18, x19, [sp, #(18 * 8)]
	stp	x20, x21, [sp, #(20 * 8)]
	stp	x22, x23, [sp, #(22 * 8)]
	stp	x24, x25, [sp, #(24 * 8)]
	stp	x26, x27, [sp, #(26 * 8)]
	stp	x28, x29, [sp, #(28 * 8)]
	str	x30, [sp, #(30 * 8)]
	.endm

/* Push a whole frame: x0..x30. */
	.macro	gpr_frame_push
	sub	sp, sp, #GPR_FRAME_SIZE
	stp	x0, x1, [sp, #(0 * 8)]
	gpr_frame_save_x2_x30
	.endm

/* Reload x0..x30 from the frame at sp, drop it, and return from the exception. */
	.macro	gpr_frame_pop_eret
	gpr_frame_load_x0_x17
	ldp	x18, x19, [sp, #(18 * 8)]
	ldp	x20, x21, [sp, #(20 * 8)]
	ldp	x22, x23, [sp, #(22 * 8)]
	ldp	x24, x25, [sp, #(24 * 8)]
	ldp	x26, x27, [sp, #(26 * 8)]
	ldp	x28, x29, [sp, #(28 * 8)]
	ldr	x30, [sp, #(30 * 8)]
	add	sp, sp, #GPR_FRAME_SIZE
	eret
	.endm
#endif

#endif
