/* SPDX-License-Identifier: MIT */
/*
 * Exception entry on the i386 PC: every vector gets a stub of the same
 * size that makes the frame uniform (a zero error code where the CPU
 * pushes none, then the vector), and one common path hands it to C.
 */
#include <paraboot/trap_frame.h>

	.text
	.balign	TRAP_STUB_SIZE
	.globl	trap_stubs
trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.balign	TRAP_STUB_SIZE
	.if	X86_HAS_ERROR_CODE(\v) == 0
	pushl	$0
	.endif
	pushl	$\v
	jmp	trap_common
	.endr

trap_common:
	cld
	pushal
	pushl	%esp
	call	do_exception		/* reports and stops */
1:	cli
	hlt
	jmp	1b
