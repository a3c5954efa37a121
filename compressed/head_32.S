/* SPDX-License-Identifier: MIT */
/*
 * The i386 image's protected-mode entry, code32_start (boot.rst's 32-bit
 * protocol): %esi = boot_params, flat segments, no stack required.
 *
 * 1. STARTUP_32_PROLOGUE (startup_32.h): honour KEEP_SEGMENTS (lguest
 *    starts us in ring 1 with its own flat segments: no cli, no segment
 *    load at all), find where we run, note how we were entered.
 * 2. Let C check that the image is whole (before anything else of it
 *    runs) and the work area, move ourselves to its top, and unpack the
 *    kernel below; then enter it with %esi = boot_params and %edi = the
 *    boot record.
 *
 * Everything here is position-independent: the code runs first where the
 * loader put it and then at the address it moved itself to.
 */
#include "startup_32.h"

#define rva(x)	((x) - startup_32)

/* A zeroed bss and a stack in it, for the copy of us at %ebp. */
.macro CLEAN_BSS_AND_STACK
	leal	rva(_bss)(%ebp), %edi
	leal	rva(_end)(%ebp), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep	stosl
	leal	rva(boot_stack_end)(%ebp), %esp
.endm

	.code32
	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	STARTUP_32_PROLOGUE

	/* Our bss where we are, and a stack in it, for the checks. */
	CLEAN_BSS_AND_STACK

	pushl	%ebx				/* observed */
	pushl	%esi				/* boot_params */
	call	check_image			/* or never returns */
	addl	$8, %esp
	pushl	%ebp				/* load address */
	pushl	%esi				/* boot_params */
	call	choose_destination		/* checks, or never returns */
	addl	$8, %esp

	/*
	 * Move [startup_32, _bss) to %eax.  The destination lies above us,
	 * so copy from the top down.  The stack moves to the destination's
	 * bss first: the copy never writes there, and our own bss may be in
	 * the copy's path.
	 */
	leal	rva(boot_stack_end)(%eax), %esp
	pushl	%ebx
	pushl	%esi
	movl	%ebp, %edx			/* load address, for the record */
	movl	%eax, %ebp			/* from now on: where we run */
	leal	rva(_bss - 4)(%edx), %esi
	leal	rva(_bss - 4)(%ebp), %edi
	movl	$rva(_bss), %ecx
	shrl	$2, %ecx
	std
	rep	movsl
	cld
	leal	rva(.Lrelocated)(%ebp), %eax
	jmp	*%eax

.Lrelocated:
	popl	%esi				/* boot_params */
	popl	%ebx				/* what we observed */

	/* A clean bss and stack in our new home. */
	CLEAN_BSS_AND_STACK

	pushl	%edx				/* load address */
	pushl	%ebx				/* observed */
	pushl	%esi				/* boot_params */
	call	decompress_kernel		/* returns the kernel's entry */
	addl	$12, %esp

	/* Enter the kernel as boot.rst says, plus paraboot's record. */
	leal	rva(boot_record)(%ebp), %edi
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	jmp	*%eax

	.bss
	.balign	16
boot_stack:
	.fill	16384, 1, 0
boot_stack_end:
