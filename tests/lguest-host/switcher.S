/* SPDX-License-Identifier: MIT */
/*
 * The Switcher: the only code and data mapped in both the host's and the
 * guest's address space, at LGUEST_SWITCHER_ADDR (the linker script places
 * these sections there).  It switches %cr3 between the host's page tables
 * and the guest's shadow page tables, so it must live at the same address
 * in both.
 *
 * In the guest's view every Switcher page is read-only except the trap
 * stack: the CPU pushes the guest's trap frame there (TSS.esp0), and it
 * holds nothing but guest registers.  The host's own %esp and %cr3 live in
 * the read-only data page.
 */
#include "lg.h"

	.section .switcher.text, "ax"
	.code32

/*
 * void switch_to_guest(void): load the guest's registers from
 * switcher_regs and run it; returns once the guest traps, with its state
 * back in switcher_regs.
 */
	.globl switch_to_guest
switch_to_guest:
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %ebx
	movl %esp, switcher_host_esp
	movl switcher_guest_cr3, %eax
	movl %eax, %cr3
	movl $switcher_regs, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp			/* trap number, error code */
	iret

/*
 * Trap entry: one 16-byte stub per vector.  Vectors whose exceptions push
 * an error code do not push a dummy one.  Every IDT gate is an interrupt
 * gate, so the host always runs with interrupts off.
 */
	.balign TRAP_STUB_SIZE
	.globl switcher_entries
switcher_entries:
	vector = 0
	.rept 256
	.balign TRAP_STUB_SIZE
	.if vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30
	.else
	pushl $0
	.endif
	pushl $vector
	jmp trap_common
	vector = vector + 1
	.endr

trap_common:
	/*
	 * The guest's direction flag is its own business (paraboot's
	 * decompressor copies itself with std; rep movsl, and a page fault
	 * can land mid-copy): the frame keeps it for iret, the host's C code
	 * gets DF clear as its ABI demands.
	 */
	cld
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl $HOST_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	testb $3, REGS_CS(%esp)
	jz host_trap
	/* From the guest: back to the host's page tables and stack. */
	movl switcher_host_cr3, %eax
	movl %eax, %cr3
	movl switcher_host_esp, %esp
	popl %ebx
	popl %esi
	popl %edi
	popl %ebp
	ret

/*
 * A trap in ring 0: the host faulted, or the Switcher did while it still
 * ran on the guest's page tables.  Report it on a stack of our own.
 */
host_trap:
	movl %esp, %ebx
	movl switcher_host_cr3, %eax
	movl %eax, %cr3
	movl $host_trap_stack_top, %esp
	pushl %ebx
	call host_trap_report
1:	cli
	hlt
	jmp 1b

	.section .switcher.data, "aw"
	.balign 4096
	.globl switcher_gdt, switcher_idt, switcher_tss
	.globl switcher_host_cr3, switcher_host_esp, switcher_guest_cr3
switcher_gdt:
	.space LGUEST_GDT_ENTRIES * 8
switcher_idt:
	.space 256 * 8
switcher_tss:
	.space 104
	.balign 4
switcher_host_cr3:
	.long 0
switcher_host_esp:
	.long 0
switcher_guest_cr3:
	.long 0

	.section .switcher.stack, "aw"
	.balign 4096
	.globl switcher_regs, switcher_stack_top
	.space 4096 - REGS_SIZE
switcher_regs:
	.space REGS_SIZE
switcher_stack_top:

	.section .bss
	.balign 16
	.space 4096
host_trap_stack_top:

	.section .note.GNU-stack, "", @progbits
