/* SPDX-License-Identifier: MIT */
/*
 * void efi_enter_kernel(struct boot_params *bp, u32 observed)
 *
 * The EFI stub's last step on IA32 firmware, after ExitBootServices: the
 * decompressor's 32-bit entry (startup_32, boot.rst's 32-bit protocol)
 * of the copy at LOAD_PHYSICAL_ADDR, with %esi = boot_params, interrupts
 * and paging off, and flat __BOOT_CS/__BOOT_DS from a GDT of our own (the
 * firmware's has other selectors); PARABOOT_EFI_MAGIC in %edi and what
 * the stub observed at its own entry in %edx (handoff.h).
 */
#include <paraboot/handoff.h>
#include <paraboot/layout.h>
#include <paraboot/x86.h>

	.code32
	.text
	.globl	efi_enter_kernel
efi_enter_kernel:
	cli
	movl	4(%esp), %esi
	movl	8(%esp), %edx
	call	1f
1:	popl	%ebp

	/* The descriptor on the stack: lgdt needs the table's address. */
	leal	(efi_gdt - 1b)(%ebp), %eax
	pushl	%eax
	pushw	$(efi_gdt_end - efi_gdt - 1)
	lgdt	(%esp)
	addl	$6, %esp
	pushl	$__BOOT_CS
	leal	(2f - 1b)(%ebp), %eax
	pushl	%eax
	lret
2:	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss

	/* Firmware may page (identity): we run identity-mapped, so off. */
	movl	%cr0, %eax
	andl	$~X86_CR0_PG, %eax
	movl	%eax, %cr0

	movl	$PARABOOT_EFI_MAGIC, %edi
	movl	$LOAD_PHYSICAL_ADDR, %eax
	jmp	*%eax

	/*
	 * Flat 4 GiB segments at the boot protocol's selectors, with the
	 * accessed bit already set: the CPU would otherwise set it when the
	 * selectors are loaded, a write into our read-only image.
	 */
	.section ".rodata", "a"
	.balign	8
efi_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9b000000ffff		/* __BOOT_CS: 32-bit code */
	.quad	0x00cf93000000ffff		/* __BOOT_DS: data */
efi_gdt_end:
