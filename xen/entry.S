/* SPDX-License-Identifier: MIT */
/*
 * Exception entry for the Xen PV guest.  Xen's bounce frame is the CPU's
 * (ss, rsp, rflags, cs, rip, [error code]) with %rcx and %r11 pushed on
 * top; each stub restores those two, evens out the error code, adds the
 * vector and joins the common path into C.
 */
#define HAS_ERROR(v)	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17)

	.text
	.balign	16
	.globl	xen_trap_stubs
xen_trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.balign	16
	popq	%rcx
	popq	%r11
	.if	HAS_ERROR(\v) == 0
	pushq	$0
	.endif
	pushq	$\v
	jmp	xen_trap_common
	.endr

xen_trap_common:
	cld
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	andq	$~15, %rsp
	call	xen_do_exception	/* reports and crashes the domain */
	ud2
