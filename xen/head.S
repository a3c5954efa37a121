/* SPDX-License-Identifier: MIT */
/*
 * startup_xen: where XEN_ELFNOTE_ENTRY points.  The domain builder enters
 * in ring 3, 64-bit, paging on with its own map (virtual == pseudo-
 * physical, VIRT_BASE 0), %rsi = start_info, a stack of its own.  Unlike
 * the boot-protocol heads there is no bss to clear: the builder zero-fills
 * every segment beyond p_filesz as it loads the ELF.
 */
#include <paraboot/layout.h>

	.text
	.globl	startup_xen
startup_xen:
	cld
	leaq	early_stack_end(%rip), %rsp
	movq	%rsi, %rdi			/* start_info */
	movl	%cs, %esi			/* the ring we were entered in */
	movq	%cr4, %rdx			/* emulated for PV: paging mode */
	call	xen_early_setup			/* the remap; see early.c */

	movabsq	$1f, %rax			/* on to the PAGE_OFFSET alias */
	jmp	*%rax
1:	movabsq	$PAGE_OFFSET, %rax
	addq	%rax, %rsp
	call	xen_start			/* does not return */

	/*
	 * XEN_ELFNOTE_HYPERCALL_PAGE: Xen writes 128 call stubs here while
	 * it builds the domain.  Until then it holds int3.
	 */
	.balign	4096
	.globl	hypercall_page
hypercall_page:
	.fill	4096, 1, 0xcc
