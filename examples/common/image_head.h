/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The Linux arm64 Image header (Documentation/arch/arm64/booting.rst) of the small images
 * that a boot-protocol loader (QEMU -kernel, the example L0) starts with x0 = DTB:
 * `image_head ENTRY` at the start of .text.head, the image position independent
 * (text_offset 0, little-endian, 4K pages), __image_size from the linker script.
 */
#ifndef EXAMPLES_IMAGE_HEAD_H
#define EXAMPLES_IMAGE_HEAD_H
#ifdef __ASSEMBLER__
	.macro	image_head entry
	.section .text.head, "ax"
	.global _head
_head:
	b	\entry			// code0
	.long	0			// code1
	.quad	0			// text_offset
	.quad	__image_size		// image_size
	.quad	0x2			// flags: little-endian, 4K pages
	.quad	0, 0, 0			// res2-res4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5
	.endm
#endif
#endif
