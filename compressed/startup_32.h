/* SPDX-License-Identifier: MIT */
/*
 * The first steps of both images' 32-bit entry (code32_start), as an
 * assembler macro that compressed/head_32.S and head_64.S begin with.
 *
 * On entry %esi = boot_params and nothing else is promised: no stack, and
 * with KEEP_SEGMENTS (lguest) not even ring 0.  On exit:
 *   %ebp = where startup_32 runs (the load address),
 *   %ebx = what the loader gave us: entry in bits 0-7 (ENTRY_16 if our own
 *          real-mode setup passed PARABOOT_SETUP_MAGIC in %edi, else
 *          ENTRY_32), privilege level in 8-15, paging in 16-23 (read from
 *          the control registers in ring 0 only: PAGING_UNKNOWN elsewhere);
 *          or, if our EFI stub passed PARABOOT_EFI_MAGIC in %edi, the
 *          same from %edx, as the stub observed it at its own entry,
 *   %esp = a scrap of boot_params, good for nothing but this macro's call.
 */
#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/x86.h>

.macro STARTUP_32_PROLOGUE
	cld
	/* KEEP_SEGMENTS: the loader's segments stand, and no cli either. */
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
	subl	$(2b - startup_32), %ebp

	/* Our EFI stub (efi/) says itself how it was entered. */
	movl	%edx, %ebx
	cmpl	$PARABOOT_EFI_MAGIC, %edi
	je	5f
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
5:
.endm
