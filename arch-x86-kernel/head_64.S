/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 kernel's entry (the ELF's e_entry, a physical address): long
 * mode on the decompressor's identity map, %rsi = boot_params, %rdi = the
 * boot record.  The code runs at its physical address; everything it
 * touches is reached RIP-relative, so the same bytes work there.
 *
 * The steps are head_32.S's: segments (KEEP_SEGMENTS with protocol 2.07+
 * keeps the loader's), bss, copies of boot_params, command line and boot
 * record, an early stack, then the hardware_subarch dispatch.
 */
#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/layout.h>
#include <paraboot/x86.h>

	.code64
	.section ".head.text", "ax"
	.globl	startup_64
startup_64:
	cld
	movq	%rsi, %r12			/* boot_params */
	movq	%rdi, %r13			/* boot record */
	leaq	early_stack_end(%rip), %rsp

	cmpw	$BOOT_PROTOCOL_PARAVIRT, BP_version(%r12)
	jb	1f
	testb	$KEEP_SEGMENTS, BP_loadflags(%r12)
	jnz	2f
1:	/* Our GDT (its descriptor built on the stack: we run anywhere). */
	leaq	boot_gdt(%rip), %rax
	subq	$16, %rsp
	movw	$(boot_gdt_end - boot_gdt - 1), (%rsp)
	movq	%rax, 2(%rsp)
	lgdt	(%rsp)
	addq	$16, %rsp
	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	leaq	2f(%rip), %rax
	pushq	$__BOOT_CS
	pushq	%rax
	lretq
2:
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx
	xorl	%eax, %eax
	rep	stosq

	/* boot_params, the whole zero page. */
	movq	%r12, %rsi
	leaq	boot_params(%rip), %rdi
	movl	$(BP_SIZE / 8), %ecx
	rep	movsq

	/* The command line, up to COMMAND_LINE_SIZE + 1 bytes or its NUL. */
	movl	BP_cmd_line_ptr(%r12), %esi
	testl	%esi, %esi
	jz	4f
	leaq	boot_command_line(%rip), %rdi
	movl	$(COMMAND_LINE_SIZE + 1), %ecx
3:	lodsb
	stosb
	testb	%al, %al
	jz	4f
	loop	3b
4:
	/* paraboot's boot record, if it is one. */
	testq	%r13, %r13
	jz	5f
	cmpl	$BOOT_RECORD_MAGIC, BR_magic(%r13)
	jne	5f
	movq	%r13, %rsi
	leaq	boot_record(%rip), %rdi
	movl	$BOOT_RECORD_SIZE, %ecx
	rep	movsb
5:
	/* hardware_subarch: a PC before 2.07; past the table is an error. */
	cmpw	$BOOT_PROTOCOL_PARAVIRT, boot_params + BP_version(%rip)
	jb	pc_entry
	movl	boot_params + BP_hardware_subarch(%rip), %edi
	cmpl	$((subarch_entries_end - subarch_entries) / 4), %edi
	jae	.Lunknown_subarch
	leaq	subarch_entries(%rip), %rdx
	movslq	(%rdx, %rdi, 4), %rax
	addq	%rdx, %rax
	jmp	*%rax

.Lunknown_subarch:
	call	early_unknown_subarch		/* does not return */

	.balign	4
subarch_entries:
	.long	pc_entry - subarch_entries	/* 0: X86_SUBARCH_PC */
	.long	lguest_entry - subarch_entries	/* 1: X86_SUBARCH_LGUEST */
	.long	xen_entry - subarch_entries	/* 2: X86_SUBARCH_XEN */
subarch_entries_end:

/* The PC: build the tables, switch to them, continue at PAGE_OFFSET. */
pc_entry:
	call	early_pc_pgtables		/* returns the CR3 value */
	movq	%rax, %cr3
	movabsq	$1f, %rax
	jmp	*%rax
1:	movabsq	$PAGE_OFFSET, %rax
	addq	%rax, %rsp
	call	pc_start			/* does not return */

/*
 * lguest is 32-bit only, and a Xen PV guest enters through its ELF note
 * (xen/), never through the boot protocol: both end with a message.
 */
lguest_entry:
	movl	$X86_SUBARCH_LGUEST, %edi
	call	early_subarch_refused
xen_entry:
	movl	$X86_SUBARCH_XEN, %edi
	call	early_subarch_refused

	.balign	8
	.globl	boot_gdt, boot_gdt_limit	/* pvh_entry.S uses it too */
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00af9a000000ffff		/* __BOOT_CS: 64-bit code */
	.quad	0x00cf92000000ffff		/* __BOOT_DS */
boot_gdt_end:
	.set	boot_gdt_limit, boot_gdt_end - boot_gdt - 1

	.bss
	.balign	16
	.globl	early_stack_end
early_stack:
	.fill	16384, 1, 0
early_stack_end:
