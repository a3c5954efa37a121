/* SPDX-License-Identifier: MIT */
/*
 * The i386 image's protected-mode entry, code32_start (boot.rst's 32-bit
 * protocol): %esi = boot_params, flat segments, no stack required.
 *
 * 1. Honour KEEP_SEGMENTS: with it set (lguest starts us in ring 1 with
 *    its own flat segments) there is no cli and no segment load at all.
 * 2. Note how we were entered, for the boot report.
 * 3. Let C check the work area, move ourselves to its top, and unpack
 *    the kernel below; then enter it with %esi = boot_params and
 *    %edi = the boot record.
 *
 * Everything here is position-independent: the code runs first where the
 * loader put it and then at the address it moved itself to.
 */
#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/x86.h>

#define rva(x)	((x) - startup_32)

	.code32
	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	cld
	testb	$KEEP_SEGMENTS, BP_loadflags(%esi)
	jnz	1f
	cli
	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
1:
	/* Where are we?  boot_params.scratch is a 4-byte stack for call. */
	leal	(BP_scratch + 4)(%esi), %esp
	call	2f
2:	popl	%ebp
	subl	$rva(2b), %ebp

	/*
	 * What the loader gave us, packed into %ebx: entry in bits 0-7,
	 * privilege level in 8-15, paging in 16-23.  The control registers
	 * can be read only in ring 0.
	 */
	movl	$ENTRY_32, %ebx
	cmpl	$PARABOOT_SETUP_MAGIC, %edi
	jne	3f
	movl	$ENTRY_16, %ebx
3:	movl	%cs, %eax
	andl	$3, %eax
	shll	$8, %eax
	orl	%eax, %ebx
	movl	$(PAGING_UNKNOWN << 16), %edx
	testl	%eax, %eax
	jnz	4f
	movl	$(PAGING_NONE << 16), %edx
	movl	%cr0, %eax
	testl	$X86_CR0_PG, %eax
	jz	4f
	movl	$(PAGING_2LEVEL << 16), %edx
	movl	%cr4, %eax
	testl	$X86_CR4_PAE, %eax
	jz	4f
	movl	$(PAGING_PAE << 16), %edx
4:	orl	%edx, %ebx

	/* Our bss where we are, and a stack in it, for the checks. */
	leal	rva(_bss)(%ebp), %edi
	leal	rva(_end)(%ebp), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep	stosl
	leal	rva(boot_stack_end)(%ebp), %esp

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
	leal	rva(_bss)(%ebp), %edi
	leal	rva(_end)(%ebp), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep	stosl
	leal	rva(boot_stack_end)(%ebp), %esp

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
