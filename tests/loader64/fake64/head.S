/* SPDX-License-Identifier: MIT */
/*
 * fake64: a bzImage-shaped test kernel with only a 64-bit entry.
 * File layout: boot sector + one setup sector (the header lives at
 * 0x1f1..0x26c), then the protected-mode part: its 32-bit entry at +0
 * (which only complains) and startup_64 at +0x200 (boot.rst's ABI).
 *
 * The header's fields come from macros so the Makefile can build the
 * variants the loader must refuse or handle (no XLF_KERNEL_64, an old
 * protocol, no 0xAA55, relocatable with a pref_address, odd init_size).
 */
#include <paraboot/bootparam.h>
#include <paraboot/x86.h>
#include "exit.h"

#ifndef VERSION
#define VERSION		BOOT_PROTOCOL_VERSION
#endif
#ifndef XLF
#define XLF		XLF_KERNEL_64
#endif
#ifndef BOOT_FLAG
#define BOOT_FLAG	BOOT_FLAG_MAGIC
#endif
#ifndef RELOCATABLE
#define RELOCATABLE	0
#endif
#ifndef PREF_ADDRESS
#define PREF_ADDRESS	0x100000
#endif
#ifndef INIT_SIZE
#define INIT_SIZE	fake64_init_size	/* from the linker script */
#endif

	.section .header, "a"
	.org BP_setup_sects
	.byte 1
	.org BP_boot_flag
	.word BOOT_FLAG
	.org BP_jump
jump:
	.byte 0xeb, header_end - jump - 2
	.org BP_header
	.long HDRS_MAGIC
	.org BP_version
	.word VERSION
	.org BP_loadflags
	.byte LOADED_HIGH
	.org BP_code32_start
	.long 0x100000
	.org BP_initrd_addr_max
	.long 0x7fffffff
	.org BP_kernel_alignment
	.long 0x200000
	.org BP_relocatable_kernel
	.byte RELOCATABLE
	.org BP_xloadflags
	.word XLF
	.org BP_cmdline_size
	.long 2047
	.org BP_pref_address
	.quad PREF_ADDRESS
	.org BP_init_size
	.long INIT_SIZE
	.org BP_hdr_end
header_end:
	.org 1024

/* The 32-bit entry: not ours to use. */
	.section .text.entry32, "ax"
	.code32
	.globl startup_32
startup_32:
	movl $1f, %esi
	movw $0x3f8, %dx
2:	lodsb
	testb %al, %al
	jz 3f
	outb %al, %dx
	jmp 2b
3:	movl $EXIT_FAIL, %eax
	outl %eax, $DEBUG_EXIT_PORT
4:	cli
	hlt
	jmp 4b
1:	.asciz "\r\nfake64: error: entered at the 32-bit entry\r\n"

/*
 * The 64-bit entry, +0x200.  boot.rst promises no stack, so save every
 * register with RIP-relative stores first (this code runs wherever it is
 * loaded), then take our own stack and clear our bss, which, like any
 * kernel, we cannot expect the loader to have zeroed.
 */
	.section .text.entry64, "ax"
	.code64
	.globl startup_64
startup_64:
	movq %rax, entry_regs + 0(%rip)
	movq %rbx, entry_regs + 8(%rip)
	movq %rcx, entry_regs + 16(%rip)
	movq %rdx, entry_regs + 24(%rip)
	movq %rsi, entry_regs + 32(%rip)
	movq %rdi, entry_regs + 40(%rip)
	movq %rbp, entry_regs + 48(%rip)
	movq %rsp, entry_regs + 56(%rip)
	movq %r8, entry_regs + 64(%rip)
	movq %r9, entry_regs + 72(%rip)
	movq %r10, entry_regs + 80(%rip)
	movq %r11, entry_regs + 88(%rip)
	movq %r12, entry_regs + 96(%rip)
	movq %r13, entry_regs + 104(%rip)
	movq %r14, entry_regs + 112(%rip)
	movq %r15, entry_regs + 120(%rip)
	movw %cs, entry_regs + 128(%rip)
	movw %ds, entry_regs + 136(%rip)
	movw %es, entry_regs + 144(%rip)
	movw %ss, entry_regs + 152(%rip)
	leaq stack_top(%rip), %rsp
	pushfq
	popq entry_regs + 160(%rip)
	cld
	leaq __bss_start(%rip), %rdi
	leaq _end(%rip), %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	call fake64_main
5:	cli
	hlt
	jmp 5b

	.data
	.balign 16
	.globl entry_regs
entry_regs:
	.space 168

	.section .bss
	.balign 16
	.space 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
