// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
// Entry of the smoke program: QEMU's -kernel enters the ELF at EL2 with the MMU
// off. Keep x0 (a DTB pointer when the loader passes one), set a stack, clear
// .bss, install vectors that report any exception, and call smoke_main(x0).
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
2:	adr	x1, smoke_vectors
	mrs	x2, CurrentEL
	cmp	x2, #(2 << 2)
	b.ne	3f
	msr	vbar_el2, x1
	b	4f
3:	msr	vbar_el1, x1
4:	isb
	mov	x0, x19
	bl	smoke_main
5:	wfi
	b	5b

// Every vector reports its index and stops: the smoke program takes no exceptions.
	.macro	vec idx
	.balign	0x80
	mov	x0, #\idx
	b	smoke_exception
	.endm
	.balign	0x800
smoke_vectors:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vec	\i
	.endr
