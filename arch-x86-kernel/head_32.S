/* SPDX-License-Identifier: MIT */
/*
 * The i386 kernel's entry (the ELF's e_entry, a physical address), where
 * the decompressor jumps with %esi = boot_params and %edi = its boot
 * record.  Paging is off on a PC and on (an identity map) under lguest;
 * either way this code runs at physical addresses: pa(x) is x's.
 *
 * 1. Segments: with boot protocol 2.07+ and KEEP_SEGMENTS the loader's
 *    stand (lguest runs us in ring 1, where lgdt would trap); otherwise
 *    load our GDT and flat segments.
 * 2. Clear bss, copy boot_params, the command line and the boot record
 *    into the kernel, and take our own early stack.
 * 3. Dispatch on hardware_subarch through a bounds-checked table.
 */
#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/layout.h>
#include <paraboot/x86.h>

#define pa(x)	((x) - PAGE_OFFSET)

	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	cld
	cmpw	$BOOT_PROTOCOL_PARAVIRT, BP_version(%esi)
	jb	1f
	testb	$KEEP_SEGMENTS, BP_loadflags(%esi)
	jnz	2f
1:	lgdt	pa(boot_gdt_desc)
	ljmp	$__BOOT_CS, $pa(1f)
1:	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
2:
	/* bss: boot_params and friends live there. */
	movl	%edi, %edx			/* the record, kept over stosl */
	movl	$pa(__bss_start), %edi
	movl	$pa(__bss_end), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep	stosl

	movl	$pa(early_stack_end), %esp

	/* boot_params, the whole zero page. */
	movl	%esi, %ebx
	movl	$pa(boot_params), %edi
	movl	$(BP_SIZE / 4), %ecx
	rep	movsl
	movl	%ebx, %esi

	/* The command line, up to COMMAND_LINE_SIZE + 1 bytes or its NUL. */
	movl	BP_cmd_line_ptr(%esi), %esi
	testl	%esi, %esi
	jz	4f
	movl	$pa(boot_command_line), %edi
	movl	$(COMMAND_LINE_SIZE + 1), %ecx
3:	lodsb
	stosb
	testb	%al, %al
	jz	4f
	loop	3b
4:
	/* paraboot's boot record, if it is one. */
	testl	%edx, %edx
	jz	5f
	cmpl	$BOOT_RECORD_MAGIC, BR_magic(%edx)
	jne	5f
	movl	%edx, %esi
	movl	$pa(boot_record), %edi
	movl	$(BOOT_RECORD_SIZE / 4), %ecx
	rep	movsl
5:
	/*
	 * Which subarchitecture?  Before 2.07 the field did not exist, so
	 * the machine is a PC.  An index past the table is an error.
	 */
	cmpw	$BOOT_PROTOCOL_PARAVIRT, pa(boot_params + BP_version)
	jb	pc_entry
	movl	pa(boot_params + BP_hardware_subarch), %eax
	cmpl	$((subarch_entries_end - subarch_entries) / 4), %eax
	jae	.Lunknown_subarch
	jmp	*pa(subarch_entries)(, %eax, 4)

.Lunknown_subarch:
	pushl	%eax
	call	early_unknown_subarch		/* does not return */

	.section ".head.rodata", "a"
	.balign	4
subarch_entries:
	.long	pa(pc_entry)			/* 0: X86_SUBARCH_PC */
	.long	pa(lguest_entry)		/* 1: X86_SUBARCH_LGUEST */
	.long	pa(xen_entry)			/* 2: X86_SUBARCH_XEN */
subarch_entries_end:

	.section ".head.text", "ax"
/*
 * The PC: build the tables, paging on, and continue at PAGE_OFFSET.
 * A near jump keeps %cs, which matters under KEEP_SEGMENTS.
 */
pc_entry:
	call	early_pc_pgtables		/* returns the CR3 value */
	movl	%eax, %cr3
	movl	%cr4, %eax
	/* 2-level with 4 MiB pages.  A loader may leave PAE set with paging
	 * off (IA32 UEFI firmware does): it would reread our tables as PAE. */
	andl	$~X86_CR4_PAE, %eax
	orl	$X86_CR4_PSE, %eax
	movl	%eax, %cr4
	movl	%cr0, %eax
	orl	$(X86_CR0_PG | X86_CR0_WP), %eax
	movl	%eax, %cr0
	movl	$1f, %eax
	jmp	*%eax
1:	addl	$PAGE_OFFSET, %esp
	call	pc_start			/* does not return */

/* Xen enters through its ELF note, never here: a clear message. */
xen_entry:
	pushl	$X86_SUBARCH_XEN
	call	early_subarch_refused

	/* The boot GDT: the protocol's flat 0x10/0x18, at physical addresses. */
	.section ".head.rodata", "a"
	.balign	8
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9a000000ffff		/* __BOOT_CS */
	.quad	0x00cf92000000ffff		/* __BOOT_DS */
boot_gdt_end:
	.balign	4
	.word	0
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	pa(boot_gdt)

	.bss
	.balign	16
	.globl	early_stack_end
early_stack:
	.fill	16384, 1, 0
early_stack_end:
