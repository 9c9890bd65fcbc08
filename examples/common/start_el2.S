// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Generic EL2 entry for small bare-metal test programs: keep x0, set the stack, clear
// .bss, install vectors that hand (vector index, ESR_EL2, ELR_EL2, FAR_EL2) to
// example_exception(), then call example_main(x0). Linker script provides
// __stack_top, __bss_start, __bss_end.
	.section .text.boot, "ax"
	.global _start
_start:
	mov	x19, x0
	ldr	x1, =__stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, example_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	example_main
3:	wfi
	b	3b

	.macro	vec idx
	.balign	0x80
	mov	x0, #\idx
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	example_exception
	.endm
	.balign	0x800
example_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vec	\i
	.endr
