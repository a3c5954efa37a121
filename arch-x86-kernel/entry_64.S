/* SPDX-License-Identifier: MIT */
/*
 * Exception entry on the x86_64 PC: same-size stubs that make the frame
 * uniform (a zero error code where the CPU pushes none, then the vector),
 * and one common path that saves the registers and hands them to C.
 */
#include <paraboot/trap_frame.h>

	.text
	.balign	TRAP_STUB_SIZE
	.globl	trap_stubs
trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.balign	TRAP_STUB_SIZE
	.if	X86_HAS_ERROR_CODE(\v) == 0
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endr

trap_common:
	cld
	PUSH_GPRS
	movq	%rsp, %rdi
	andq	$~15, %rsp
	call	do_exception		/* reports and stops */
1:	cli
	hlt
	jmp	1b
