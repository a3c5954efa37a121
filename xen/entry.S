/* SPDX-License-Identifier: MIT */
/*
 * Exception entry for the Xen PV guest.  Xen's bounce frame is the CPU's
 * (ss, rsp, rflags, cs, rip, [error code]) with %rcx and %r11 pushed on
 * top; each stub restores those two, evens out the error code, adds the
 * vector and joins the common path into C.
 */
#include <paraboot/trap_frame.h>

	.text
	.balign	16
	.globl	xen_trap_stubs
xen_trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.balign	16
	popq	%rcx
	popq	%r11
	.if	X86_HAS_ERROR_CODE(\v) == 0
	pushq	$0
	.endif
	pushq	$\v
	jmp	xen_trap_common
	.endr

xen_trap_common:
	cld
	PUSH_GPRS
	movq	%rsp, %rdi
	andq	$~15, %rsp
	call	xen_do_exception	/* reports and crashes the domain */
	ud2
