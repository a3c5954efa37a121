/* SPDX-License-Identifier: MIT */
/*
 * The exception frame paraboot's entry stubs build (arch-x86-kernel/
 * entry_{32,64}.S for the PC, xen/entry.S for Xen PV): the general
 * registers, the vector, an error code (zero where the CPU pushes none),
 * then what the CPU pushed.
 */
#ifndef PARABOOT_TRAP_FRAME_H
#define PARABOOT_TRAP_FRAME_H

/* Every vector's entry stub has this size: entry n is at trap_stubs + n * it. */
#define TRAP_STUB_SIZE	16

/* Vectors for which the CPU pushes an error code (SDM vol. 3, 6.13). */
#define X86_HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21)

#ifdef __ASSEMBLY__
#ifdef __x86_64__
/* Save the general registers in struct trap_frame's order. */
.macro PUSH_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm
#endif
#else
#ifdef __x86_64__
struct trap_frame {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error_code, ip, cs, flags, sp, ss;
};
#else
struct trap_frame {
	unsigned long edi, esi, ebp, esp, ebx, edx, ecx, eax;	/* pushal */
	unsigned long vector, error_code, ip, cs, flags;
};
#endif
#endif

#endif
