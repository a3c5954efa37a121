/* SPDX-License-Identifier: MIT */
/*
 * protected_mode_jump(entry, boot_params): the last steps of setup.  Set
 * CR0.PE, load the boot protocol's flat segments and enter the 32-bit
 * entry with %esi = boot_params, as boot.rst's 32-bit protocol describes.
 * The one addition: %edi carries PARABOOT_SETUP_MAGIC so the decompressor
 * can tell the report it came through the real-mode entry.
 */
#include <paraboot/x86.h>
#include "boot.h"

	.code16
	.section ".inittext", "ax"
	.globl	protected_mode_jump
protected_mode_jump:
	/* regparm(3): %eax = entry, %edx = boot_params (linear) */
	movl	%edx, %esi

	/* Our segment's base turns near addresses into linear ones. */
	xorl	%ebx, %ebx
	movw	%cs, %bx
	shll	$4, %ebx
	addl	%ebx, 2f		/* patch the far jump below */
	jmp	1f			/* and flush the prefetched copy */
1:
	movw	$__BOOT_DS, %cx
	movl	%cr0, %edx
	orb	$X86_CR0_PE, %dl
	movl	%edx, %cr0

	/* ljmpl $__BOOT_CS, $in_pm32 (linear) */
	.byte	0x66, 0xea
2:	.long	.Lin_pm32
	.word	__BOOT_CS

	.code32
.Lin_pm32:
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	%ecx, %fs
	movl	%ecx, %gs
	movl	%ecx, %ss
	addl	%ebx, %esp		/* the stack, linear */

	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	movl	$PARABOOT_SETUP_MAGIC, %edi
	jmpl	*%eax
