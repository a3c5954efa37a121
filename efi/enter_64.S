/* SPDX-License-Identifier: MIT */
/*
 * void efi_enter_kernel(struct boot_params *bp, u32 observed)
 *
 * The EFI stub's last step, after ExitBootServices: the decompressor's
 * 64-bit entry (startup_32 + 0x200, boot.rst's 64-bit protocol) of the
 * copy at LOAD_PHYSICAL_ADDR, with %rsi = boot_params, interrupts off,
 * still on the firmware's identity map, and PARABOOT_EFI_MAGIC in %edi
 * with what the stub observed at its own entry in %edx (handoff.h).
 * The firmware's GDT stays: long mode ignores the data segments, and
 * the kernel head loads its own GDT.
 */
#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/layout.h>

	.code64
	.text
	.globl	efi_enter_kernel
efi_enter_kernel:
	cli
	movl	%esi, %edx
	movq	%rdi, %rsi
	movl	$PARABOOT_EFI_MAGIC, %edi
	movl	$(LOAD_PHYSICAL_ADDR + BOOT_ENTRY_64_OFFSET), %eax
	jmp	*%rax
