/* SPDX-License-Identifier: MIT */
/*
 * lguest_entry: hardware_subarch 1, reached from arch-x86-kernel/head_32.S
 * in ring 1 on the launcher's identity map, at physical addresses, on the
 * kernel's early stack.  early.c says hello to the host and installs our
 * own page tables; then on to PAGE_OFFSET and start.c.
 */
#include <paraboot/layout.h>

	.section ".head.text", "ax"
	.globl	lguest_entry
lguest_entry:
	call	lguest_early_setup
	movl	$1f, %eax
	jmp	*%eax
1:	addl	$PAGE_OFFSET, %esp
	call	lguest_start			/* does not return */
