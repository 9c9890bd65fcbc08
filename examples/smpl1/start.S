// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include "gpr_frame.h"
#include "image_head.h"
// smpl1's entry: a Linux arm64 Image started at (v)EL2 with x0 = DTB on the boot CPU;
// secondary CPUs start at smp_secondary with x0 = their index (PSCI CPU_ON context id).
// Position independent (PC-relative addressing only). Its L2 part runs from the same
// image, mapped at the same addresses by L1's stage-2.
	image_head smp_start

	.text
smp_start:
	mov	x19, x0
	adr	x1, __bss_start
	adr	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, #0
	bl	smp_stack_top
	mov	sp, x0
	adr	x1, smp_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	smp_main
3:	wfi
	b	3b

	.global	smp_secondary
smp_secondary:
	mov	x19, x0
	bl	smp_stack_top		// (a leaf: no stack yet)
	mov	sp, x0
	adr	x1, smp_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	smp_secondary_main
4:	wfi
	b	4b

// smp_stack_top(x0 = CPU index): the top of that CPU's 8 KiB stack in smp_stacks (a leaf).
	.global	smp_stack_top
smp_stack_top:
	adrp	x1, smp_stacks
	add	x1, x1, :lo12:smp_stacks
	add	x0, x0, #1
	lsl	x0, x0, #13
	add	x0, x1, x0
	ret

// Exceptions: smp_exit(vector index, ESR_EL2, frame with x0-x30); it returns to the guest
// (ERET with the frame, possibly changed) or never.
	.macro	vec idx
	.balign	0x80
	sub	sp, sp, #GPR_FRAME_SIZE
	stp	x0, x1, [sp, #(0 * 8)]
	mov	x0, #\idx
	b	smp_vec
	.endm

	.balign	0x800
smp_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vec	\i
	.endr

smp_vec:
	gpr_frame_save_x2_x30
	mrs	x1, esr_el2
	mov	x2, sp
	bl	smp_exit
	gpr_frame_pop_eret

// smp_run_l2(x0 = index, x1 = shared page IPA, x2 = L2 stack): ELR/SPSR_EL2 and the
// stage-2 are set; L2 starts at smp_l2_entry.
	.global	smp_run_l2
smp_run_l2:
	eret

// L2 (EL1, stage-1 MMU off): its stack, then smp_l2_main(index, shared page).
	.global	smp_l2_entry
smp_l2_entry:
	mov	sp, x2
	bl	smp_l2_main
5:	b	5b

// L2's EL1 vectors: IRQs (current EL, SPx: offset 0x280) go to smp_l2_irq with the
// caller-saved registers kept; anything else spins.
	.balign	0x800
	.global	smp_l2_vectors
smp_l2_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign	0x80
	.if	\i == 5
	b	smp_l2_irq_entry
	.else
	b	.
	.endif
	.endr

smp_l2_irq_entry:
	sub	sp, sp, #GPR_FRAME_SIZE
	stp	x0, x1, [sp, #(0 * 8)]
	gpr_frame_save_x2_x30
	bl	smp_l2_irq
	gpr_frame_pop_eret

// L2's hypercall: x0 in and out, HVC #imm given by the function (one per code).
	.global	smp_hvc1, smp_hvc2, smp_hvc3
smp_hvc1:
	hvc	#1
	ret
smp_hvc2:
	hvc	#2
	ret
smp_hvc3:
	hvc	#3
	ret
