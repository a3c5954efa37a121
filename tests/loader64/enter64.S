/* SPDX-License-Identifier: MIT */
/*
 * void enter_64(u32 pml4, u32 gdt_desc, u32 boot_params, u64 entry)
 *
 * From 32-bit protected mode (paging off) to the kernel's 64-bit entry:
 * load the GDT, enable PAE, point %cr3 at the PML4, set EFER.LME, turn on
 * paging, far-jump to 64-bit code at __BOOT_CS, load __BOOT_DS into
 * %ds/%es/%ss, copy copy64_len bytes from copy64_src to copy64_dst (a
 * kernel loaded above 4 GiB, which 32-bit code cannot reach), and jump with %rsi = boot_params, every other general
 * register (%rsp too: boot.rst promises no stack) zero, interrupts off.
 */
#include <paraboot/x86.h>

	.text
	.code32
	.globl enter_64
enter_64:
	cli
	movl 4(%esp), %eax		/* pml4 */
	movl 8(%esp), %ebx		/* GDT descriptor */
	movl 12(%esp), %esi		/* boot_params */
	movl 16(%esp), %edi		/* entry, low half */
	movl %edi, entry64
	movl 20(%esp), %edi		/* high half */
	movl %edi, entry64 + 4
	pushl $0x2			/* EFLAGS: IF, DF and the rest clear */
	popfl
	lgdt (%ebx)
	movl %cr4, %ecx
	orl $X86_CR4_PAE, %ecx
	movl %ecx, %cr4
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmp $__BOOT_CS, $1f

	.code64
1:	movl $__BOOT_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %esi, %esi			/* zero-extend: upper halves are undefined */
	movq copy64_len(%rip), %rcx
	movq copy64_src(%rip), %r8
	movq copy64_dst(%rip), %rdi
	xchgq %r8, %rsi
	cld
	rep movsb
	movq %r8, %rsi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %esp, %esp
	xorq %r8, %r8
	xorq %r9, %r9
	xorq %r10, %r10
	xorq %r11, %r11
	xorq %r12, %r12
	xorq %r13, %r13
	xorq %r14, %r14
	xorq %r15, %r15
	jmp *entry64(%rip)

	.data
	.balign 8
entry64:
	.quad 0
	.globl copy64_dst, copy64_src, copy64_len
copy64_dst:
	.quad 0
copy64_src:
	.quad 0
copy64_len:
	.quad 0

	.section .note.GNU-stack, "", @progbits
