/* SPDX-License-Identifier: MIT */
/*
 * startup_xen: where XEN_ELFNOTE_ENTRY points.  The domain builder enters
 * with paging on with its own map (virtual == pseudo-physical, VIRT_BASE
 * 0), a stack of its own and %esi/%rsi = start_info: 64-bit in ring 3
 * with 4-level tables, 32-bit in ring 1 with PAE tables (public/xen.h,
 * "Start-of-day memory layout").  Unlike the boot-protocol heads there is
 * no bss to clear: the builder zero-fills every segment beyond p_filesz
 * as it loads the ELF.
 *
 * xen_early_setup (early.c) gets start_info, %cs (the ring) and %cr4 (the
 * paging mode; Xen emulates the read for PV kernels), remaps the kernel,
 * and we go on at the PAGE_OFFSET alias.
 */
#include <paraboot/layout.h>

	.text
	.globl	startup_xen
startup_xen:
	cld
#ifdef __x86_64__
	leaq	early_stack_end(%rip), %rsp
	movq	%rsi, %rdi			/* start_info */
	movl	%cs, %esi
	movq	%cr4, %rdx
	call	xen_early_setup

	movabsq	$1f, %rax
	jmp	*%rax
1:	movabsq	$PAGE_OFFSET, %rax
	addq	%rax, %rsp
#else
	/* No PC-relative data addressing: use the physical address. */
	movl	$(early_stack_end - PAGE_OFFSET), %esp
	movl	%cr4, %eax
	pushl	%eax
	movl	%cs, %eax
	pushl	%eax
	pushl	%esi				/* start_info */
	call	xen_early_setup
	addl	$12, %esp

	movl	$1f, %eax
	jmp	*%eax
1:	addl	$PAGE_OFFSET, %esp
#endif
	call	xen_start			/* does not return */

	/*
	 * XEN_ELFNOTE_HYPERCALL_PAGE: Xen writes 128 call stubs here while
	 * it builds the domain.  Until then it holds int3.
	 */
	.balign	4096
	.globl	hypercall_page
hypercall_page:
	.fill	4096, 1, 0xcc
