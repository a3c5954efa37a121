/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 entry shared by the test programs.  The loader leaves us in
 * 32-bit protected mode with paging off, %eax = the bootloader magic,
 * %ebx = the info structure, and a GDT we must not rely on: load our own,
 * take a stack, and call main(magic, info).
 */
#include "multiboot.h"

#define BOOT_CS	0x08
#define BOOT_DS	0x10

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

	.text
	.code32
	.globl _start
_start:
	cli
	cld
	lgdt boot_gdt_desc
	ljmp $BOOT_CS, $1f
1:	movl $BOOT_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	movl %ecx, %ss
	xorl %ecx, %ecx
	movl %ecx, %fs
	movl %ecx, %gs
	movl $boot_stack_top, %esp
	pushl $0			/* eflags: IF, DF, IOPL all clear */
	popfl
	pushl %ebx
	pushl %eax
	call main
	/* main() does not return; if it does, stop here. */
2:	cli
	hlt
	jmp 2b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: flat 32-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: flat data, DPL 0 */
boot_gdt_end:
	.balign 4
	.word 0
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss
	.balign 16
	.space 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
