/* SPDX-License-Identifier: MIT */
/*
 * Exception entry for the 64-bit Xen PV guest.  Xen's bounce frame is the
 * CPU's (ss, rsp, rflags, cs, rip, [error code]) with %rcx and %r11
 * pushed on top; each stub restores those two and goes on into the PC's
 * stub for its vector (arch-x86-kernel/entry_64.S).  A 32-bit guest's
 * frame needs no such step (see traps.c).
 */
#include <paraboot/trap_frame.h>

	.text
	.balign	TRAP_STUB_SIZE
	.globl	xen_trap_stubs
xen_trap_stubs:
	.irp	v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.balign	TRAP_STUB_SIZE
	popq	%rcx
	popq	%r11
	jmp	trap_stubs + \v * TRAP_STUB_SIZE
	.endr
