// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include "gpr_frame.h"
#include "image_head.h"
// The example guest hypervisor's entry: a Linux arm64 Image (any boot-protocol loader
// can start it at EL2 with x0 = DTB). Position independent: only PC-relative
// addressing, so it runs wherever its loader put it (2M-aligned base + text_offset).
	image_head l1_start

	.text
l1_start:
	mov	x19, x0
	adr	x1, __bss_start
	adr	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, __stack_top
	mov	sp, x1
#if L1_VHE
	// A VHE hypervisor picks E2H=1 first thing (HCR_EL2.RW | E2H).
	mov	x1, #(1 << 31)
	orr	x1, x1, #(1 << 34)
	msr	hcr_el2, x1
	isb
#endif
	adr	x1, l1_vectors
	msr	vbar_el2, x1		// traps to L0 under NV and NV2: emulated there
	isb
	mov	x0, x19
	bl	l1_main
3:	wfi
	b	3b

	.macro	vec idx
	.balign	0x80
	mov	x0, #\idx
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	l1_exception
	.endm

	.balign	0x800
	.global	l1_vectors
l1_vectors:
	.irp	i, 0,1,2,3		// from vEL2 with SP_EL0: L1 never runs on it
	vec	\i
	.endr
	.balign	0x80			// 0x200: from vEL2 itself (SP_EL2), synchronous
	sub	sp, sp, #(32 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	adr	x1, l1_self_sync
	b	l1_guest_entry
	.irp	i, 5,6,7
	vec	\i
	.endr
	.balign	0x80			// 0x400: from L2 (lower EL, AArch64), synchronous
	sub	sp, sp, #(32 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	adr	x1, l1_guest_sync
	b	l1_guest_entry
	.balign	0x80			// 0x480: from L2, IRQ
	sub	sp, sp, #(32 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	adr	x1, l1_guest_irq
	b	l1_guest_entry
	.irp	i, 10,11,12,13,14,15
	vec	\i
	.endr

// L2 exit: the vector saved x0/x1 and put the handler in x1; save the rest of L2's
// x0-x30 as a struct l1_frame, call handler(frame), restore, ERET to L2.
l1_guest_entry:
	gpr_frame_save_x2_x30
	mov	x0, sp
	blr	x1
	gpr_frame_pop_eret

// l1_run_l2(x0..x3 = L2's boot arguments): ELR/SPSR_EL2, HCR/VTTBR already set.
	.global	l1_run_l2
l1_run_l2:
	eret

// The L2 payload, embedded.
	.section .rodata
	.balign	4096
	.global	l2_blob, l2_blob_end
l2_blob:
	.incbin	L2_BIN
l2_blob_end:
