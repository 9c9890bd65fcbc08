// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include "gpr_frame.h"
#include "image_head.h"
// s2touch's entry: a Linux arm64 Image started at EL2 with x0 = DTB, position independent
// (PC-relative addressing only). Its L2 part (s2t_l2_entry) runs from the same image,
// mapped at the same addresses by L1's stage-2.
	image_head s2t_start

	.text
s2t_start:
	mov	x19, x0
	adr	x1, __bss_start
	adr	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, __stack_top
	mov	sp, x1
	adr	x1, s2t_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	s2t_main
3:	wfi
	b	3b

// Every exception ends the run: s2t_exit(vector index, ESR_EL2, frame with L2's x0-x30).
	.macro	vec idx
	.balign	0x80
	sub	sp, sp, #GPR_FRAME_SIZE
	stp	x0, x1, [sp, #(0 * 8)]
	mov	x0, #\idx
	b	s2t_vec
	.endm

	.balign	0x800
s2t_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vec	\i
	.endr

s2t_vec:
	gpr_frame_save_x2_x30
	mrs	x1, esr_el2
	mov	x2, sp
	bl	s2t_exit
4:	wfi
	b	4b

// s2t_run_l2(x0 = L2's stack, x1 = first page IPA, x2 = pages): ELR/SPSR_EL2, HCR_EL2,
// VTTBR_EL2 and VTCR_EL2 are set; L2 starts at s2t_l2_entry with these arguments.
	.global	s2t_run_l2
s2t_run_l2:
	eret

// L2 (EL1, stage-1 MMU off): stack, touch the pages, report with HVC #0 (never returns).
	.global	s2t_l2_entry
s2t_l2_entry:
	mov	sp, x0
	mov	x0, x1
	mov	x1, x2
	bl	s2t_l2_touch
	hvc	#0
5:	b	5b
