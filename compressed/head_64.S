/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 image's two entries.
 *
 * startup_32 (code32_start, the 32-bit protocol) honours KEEP_SEGMENTS
 * like the i386 entry, then must reach long mode to run the 64-bit
 * decompressor: identity page tables for the low 4 GiB, our own GDT (the
 * one thing KEEP_SEGMENTS cannot spare: long mode needs a 64-bit code
 * segment), PAE, EFER.LME and paging, and a far return into startup_64.
 * It refuses early, in plain assembly, what cannot work: ring 1 (lguest
 * is 32-bit only) and a CPU without long mode.
 *
 * startup_64 (startup_32 + 0x200, the 64-bit protocol, XLF_KERNEL_64):
 * long mode with an identity map over us, %rsi = boot_params; the EFI
 * stub enters here after ExitBootServices.  Both paths meet there: check
 * that the image is whole (before anything else of it runs) and the work
 * area, move ourselves to its top, switch to page tables in our new home,
 * unpack, and enter the kernel with %rsi = boot_params and %rdi = the
 * boot record.  Until the image check, nothing in the file is written: it
 * checks the file's bytes.
 */
#include <paraboot/lguest.h>
#include <paraboot/uart.h>
#include "startup_32.h"

#define rva(x)	((x) - startup_32)

#define PTE_TABLE	(PTE_P | PTE_RW)
#define PTE_LARGE	(PTE_P | PTE_RW | PTE_PSE)

/* A zeroed bss and a stack in it, for the copy of us that runs. */
.macro CLEAN_BSS_AND_STACK
	leaq	_bss(%rip), %rdi
	leaq	_ebss(%rip), %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx
	xorl	%eax, %eax
	rep	stosq
	leaq	boot_stack_end(%rip), %rsp
.endm

	.code32
	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	STARTUP_32_PROLOGUE
	/* Long mode needs ring 0.  Ring 1 is lguest, which can hear why. */
	movl	%ebx, %eax
	shrl	$8, %eax
	andl	$3, %eax
	cmpl	$1, %eax
	je	.Lring1
	testl	%eax, %eax
	jnz	.Lud2

	/* Long mode?  (cpuid clobbers %ebx) */
	movl	%ebx, %edi
	movl	$0x80000000, %eax
	cpuid
	cmpl	$CPUID_EXT_FEATURES, %eax
	jb	.Lno_long_mode
	movl	$CPUID_EXT_FEATURES, %eax
	cpuid
	testl	$CPUID_EXT_EDX_LM, %edx
	jz	.Lno_long_mode
	movl	%edi, %ebx

	/*
	 * Identity-map the low 4 GiB with 2 MiB pages: one PML4, one PDPT
	 * and four page directories in our .pgtable, where we are now.  A
	 * loader may have put us at a multiple of 4 KiB only (min_alignment)
	 * or, breaking that, at none: round the tables' place up to a page
	 * (the 4 KiB this may take lie inside what the loader reserved,
	 * init_size, which ends well past _end).
	 */
	leal	(rva(_pgtable) + 4095)(%ebp), %edx
	andl	$~4095, %edx
	movl	%edx, %edi
	xorl	%eax, %eax
	movl	$(6 * 4096 / 4), %ecx
	rep	stosl
	movl	%edx, %edi
	leal	(0x1000 + PTE_TABLE)(%edi), %eax
	movl	%eax, (%edi)			/* PML4[0] -> PDPT */
	leal	(0x2000 + PTE_TABLE)(%edi), %eax
	xorl	%ecx, %ecx
5:	movl	%eax, 0x1000(%edi, %ecx, 8)	/* PDPT[0..3] -> PD0..3 */
	addl	$0x1000, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jne	5b
	movl	$PTE_LARGE, %eax
	xorl	%ecx, %ecx
6:	movl	%eax, 0x2000(%edi, %ecx, 8)	/* PDn[i] -> 2 MiB pages */
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jne	6b

	/*
	 * Our GDT, wherever we are: its descriptor is built in the bss,
	 * not in the file, which the image check has yet to read.
	 */
	leal	rva(gdt64_desc)(%ebp), %edi
	movw	$(gdt64_end - gdt64 - 1), (%edi)
	leal	rva(gdt64)(%ebp), %eax
	movl	%eax, 2(%edi)
	lgdt	(%edi)

	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	%edx, %cr3			/* the tables, page-aligned */
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr

	pushl	$__BOOT_CS
	leal	rva(.Lfrom_32bit)(%ebp), %eax
	pushl	%eax
	movl	%cr0, %eax
	orl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movl	%eax, %cr0
	lret

	.code64
	.org	0x200
	.globl	startup_64
startup_64:
	/* The 64-bit protocol: long mode and interrupts off, %rsi = boot_params. */
	cld
	cli
	/* Our EFI stub (efi/) comes this way too and says how it came in. */
	movl	%edx, %ebx
	cmpl	$PARABOOT_EFI_MAGIC, %edi
	je	.Lfrom_startup_32
	movl	$ENTRY_64, %ebx
	movl	%cs, %eax
	andl	$3, %eax
	shll	$8, %eax
	orl	%eax, %ebx
	movq	%cr4, %rax
	movl	$(PAGING_4LEVEL << 16), %edx
	testl	$X86_CR4_LA57, %eax
	jz	1f
	movl	$(PAGING_5LEVEL << 16), %edx
1:	orl	%edx, %ebx

.Lfrom_startup_32:
	/* boot_params: anywhere from a 64-bit loader (placement.c checks) */
	movq	%rsi, %r12
	movl	%ebx, %r13d			/* what we observed */
	leaq	startup_32(%rip), %rbp		/* where we are */

	/* Our bss where we are, a stack in it, and the checks. */
	CLEAN_BSS_AND_STACK

	movq	%r12, %rdi
	movl	%r13d, %esi
	call	check_image			/* or never returns */
	movq	%r12, %rdi
	movq	%rbp, %rsi
	call	lower_boot_data			/* what lies out of reach */
	movq	%rax, %r12			/* boot_params, perhaps moved */
	movq	%r12, %rdi
	movq	%rbp, %rsi
	call	choose_destination		/* checks, or never returns */

	/* Move [startup_32, _bss) to %rax, top down (it lies above us). */
	movq	%rbp, %r14			/* load address, for the record */
	movq	%rax, %rbp
	leaq	(rva(_bss) - 8)(%r14), %rsi
	leaq	(rva(_bss) - 8)(%rbp), %rdi
	movq	$rva(_bss), %rcx
	shrq	$3, %rcx
	std
	rep	movsq
	cld
	leaq	rva(.Lrelocated)(%rbp), %rax
	jmp	*%rax

.Lrelocated:
	CLEAN_BSS_AND_STACK

	/* Page tables that the kernel's arrival cannot overwrite. */
	leaq	_pgtable(%rip), %rdi
	call	build_identity_map
	movq	%rax, %cr3

	/*
	 * And a GDT: the one loaded now is the loader's or the copy of ours
	 * we just left, which the kernel may land on.  The kernel gets
	 * CS = __BOOT_CS and DS, ES, SS = __BOOT_DS from this one (boot.rst,
	 * "64-bit Boot Protocol").
	 */
	leaq	gdt64(%rip), %rax
	movw	$(gdt64_end - gdt64 - 1), gdt64_desc(%rip)
	movq	%rax, (gdt64_desc + 2)(%rip)
	lgdt	gdt64_desc(%rip)
	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	pushq	$__BOOT_CS
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:

	movq	%r12, %rdi
	movl	%r13d, %esi
	movq	%r14, %rdx
	call	decompress_kernel		/* returns the kernel's entry */

	movq	%r12, %rsi
	leaq	boot_record(%rip), %rdi
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	jmp	*%rax

	/*
	 * From startup_32, now in long mode: the upper halves of the
	 * registers are undefined after the switch (SDM vol. 1, 3.4.1.1).
	 */
.Lfrom_32bit:
	movl	%esi, %esi
	jmp	.Lfrom_startup_32

	/* Cold 32-bit paths and data: kept out of the way of 0x200. */
	.code32
	/*
	 * Not ring 0.  Ring 1 is lguest (lib/fatal.c reasons the same way,
	 * in C, for the i386 image): say so on its hypercall console,
	 * LGUEST_INIT, NOTIFY, CRASH.  Anywhere else ud2 hands us to
	 * whatever hypervisor runs us.
	 */
.Lring1:
	leal	rva(lguest_data)(%ebp), %edi
	xorl	%eax, %eax
	movl	$(LGUEST_DATA_SIZE / 4), %ecx
	rep	stosl
	leal	rva(lguest_data + LGUEST_DATA_hcall_status)(%ebp), %edi
	movb	$0xff, %al
	movl	$LHCALL_RING_SIZE, %ecx
	rep	stosb
	movl	$0x80, rva(lguest_data + LGUEST_DATA_syscall_vec)(%ebp)
	movl	$LHCALL_LGUEST_INIT, %eax
	leal	rva(lguest_data)(%ebp), %edx
	int	$LGUEST_TRAP_ENTRY
	movl	$LHCALL_NOTIFY, %eax
	leal	rva(msg_not_ring0)(%ebp), %edx
	int	$LGUEST_TRAP_ENTRY
	movl	$LHCALL_CRASH, %eax
	leal	rva(msg_crash)(%ebp), %edx
	int	$LGUEST_TRAP_ENTRY
.Lud2:
	ud2
	jmp	.Lud2

	/* Ring 0 without long mode: say so on COM1 and stop. */
.Lno_long_mode:
	UART_SETUP
	leal	rva(msg_no_long_mode)(%ebp), %esi
7:	lodsb
	testb	%al, %al
	jz	9f
	movb	%al, %ah
	UART_PUTC
	jmp	7b
9:	cli
	hlt
	jmp	9b

msg_not_ring0:
	.ascii	"paraboot: error: the x86_64 image was entered in ring 1: "
	.asciz	"long mode needs ring 0 (lguest is 32-bit only; boot the i386 image)\n"
msg_crash:
	.asciz	"paraboot stopped after an error"
msg_no_long_mode:
	.asciz	"\r\nparaboot: error: this CPU has no long mode; boot the i386 image\r\n"

	.balign	8
gdt64:
	.quad	0
	.quad	0
	.quad	0x00af9a000000ffff		/* __BOOT_CS: 64-bit code */
	.quad	0x00cf92000000ffff		/* __BOOT_DS: flat data */
gdt64_end:

	/* Global: 64-bit rva() of another section needs a symbol. */
	.bss
	.balign	16
	.globl	boot_stack_end, lguest_data, gdt64_desc
boot_stack:
	.fill	16384, 1, 0
boot_stack_end:
lguest_data:
	.fill	LGUEST_DATA_SIZE, 1, 0
gdt64_desc:		/* limit, base; 32-bit lgdt reads 4 bytes of it */
	.fill	10, 1, 0

	.section ".pgtable", "aw", @nobits
	.balign	4096
	.fill	6 * 4096, 1, 0
