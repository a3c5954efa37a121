/* SPDX-License-Identifier: MIT */
/*
 * intcall(int_no, ireg, oreg): run a BIOS interrupt with all registers
 * taken from *ireg and, if oreg is not NULL, all of them stored back.
 * The vector is patched into the int instruction, so one routine serves
 * every interrupt.
 */
	.code16
	.section ".inittext", "ax"
	.globl	intcall
intcall:
	/* regparm(3): %al = vector, %edx = ireg, %ecx = oreg */
	cmpb	%al, 3f
	je	1f
	movb	%al, 3f
	jmp	1f			/* drop the prefetched old vector */
1:
	pushfl
	pushw	%fs
	pushw	%gs
	pushal

	/* Copy *ireg onto the stack and pop it into the registers. */
	subw	$44, %sp
	movw	%dx, %si
	movw	%sp, %di
	movw	$11, %cx
	rep	movsl
	popal
	popw	%gs
	popw	%fs
	popw	%es
	popw	%ds
	popfl

	.byte	0xcd			/* int $imm8 */
3:	.byte	0

	/* Push the results and copy them to *oreg. */
	pushfl
	pushw	%ds
	pushw	%es
	pushw	%fs
	pushw	%gs
	pushal

	/* The BIOS may have changed %ds/%es: ours are still on the stack. */
	cld
	movzwl	%sp, %esp
	movw	%ss, %ax
	movw	%ax, %ds
	movw	%ax, %es

	movw	68(%esp), %di		/* oreg, saved by pushal above */
	andw	%di, %di
	jz	4f
	movw	%sp, %si
	movw	$11, %cx
	rep	movsl
4:	addw	$44, %sp

	popal
	popw	%gs
	popw	%fs
	popfl
	retl
