/* SPDX-License-Identifier: MIT */
/*
 * The test guests' header and 32-bit entry.  setup_sects is 0, so the
 * protected-mode part starts at file offset 512: the 2.6.24 launcher read
 * it from (setup_sects + 1) * 512 without boot.rst's "0 means 4" rule.
 * That part therefore begins with the setup header's own "jmp" at 0x200,
 * which, run in 32-bit mode at code32_start (0x100000), jumps over the
 * rest of the header to the code.
 *
 * At entry there is no stack (%esp = 0): the registers and segment
 * selectors go straight to entry_state, then we take a stack and call
 * guest_main().
 */
#include <paraboot/bootparam.h>

	.section .header, "ax"
	.org BP_setup_sects
	.byte 0
	.org BP_boot_flag
	.word BOOT_FLAG_MAGIC
	.org BP_jump
	.globl startup_32
startup_32:
	.byte 0xeb, header_end - startup_32 - 2
	.org BP_header
	.long HDRS_MAGIC
	.org BP_version
	.word BOOT_PROTOCOL_PARAVIRT
	.org BP_loadflags
	.byte LOADED_HIGH
	.org BP_code32_start
	.long 0x100000
	.org BP_initrd_addr_max
	.long 0x37ffffff
	.org BP_cmdline_size
	.long 255
	.org BP_payload_offset		/* the 2.07 header ends here */
header_end:

	.section .text.entry, "ax"
	.code32
entry:
	movl %eax, entry_state + 0
	movl %ebx, entry_state + 4
	movl %ecx, entry_state + 8
	movl %edx, entry_state + 12
	movl %esi, entry_state + 16
	movl %edi, entry_state + 20
	movl %ebp, entry_state + 24
	movl %esp, entry_state + 28
	movw %cs, entry_state + 32
	movw %ds, entry_state + 36
	movw %es, entry_state + 40
	movw %fs, entry_state + 44
	movw %gs, entry_state + 48
	movw %ss, entry_state + 52
	movl $stack_top, %esp
	pushfl
	popl entry_state + 56
	call guest_main
	pushl $returned
	call crash

	.section .rodata
returned:
	.asciz "guest_main returned"

	.section .bss
	.balign 16
	.globl entry_state
entry_state:
	.space 60
	.balign 16
	.space 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
