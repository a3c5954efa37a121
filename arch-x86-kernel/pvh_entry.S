/* SPDX-License-Identifier: MIT */
/*
 * pvh_start: where XEN_ELFNOTE_PHYS32_ENTRY points (xen/notes.c), for
 * hypervisors that load the kernel ELF itself and enter it the PVH way
 * (Xen's docs/misc/pvh.pandoc): 32-bit protected mode, paging off, flat
 * segments, %ebx = the physical address of struct hvm_start_info, no
 * stack, GDT or IDT promised.
 *
 * pvh_prepare() (pvh.c) turns start_info into a zero page and a boot
 * record; then the boot-protocol entry of this bitness takes over, and
 * from there a PVH boot is a PC boot.  i386 does that in 32-bit mode;
 * x86_64 first enters long mode on an identity map of the low 4 GiB,
 * which is where startup_64 expects to run.
 */
#include <paraboot/layout.h>
#include <paraboot/x86.h>

#define pa(x)		((x) - PAGE_OFFSET)

	.section ".head.text", "ax"
	.code32
	.globl	pvh_start
pvh_start:
	cld
#ifdef __x86_64__
	movl	%ebx, %esi			/* start_info, kept to 64-bit */
	lgdt	pa(pvh_gdt_desc)
	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss

	/* PML4[0] -> PDPT; PDPT[0..3] -> 4 PDs; each PD: 512 x 2 MiB. */
	movl	$pa(pvh_pgt), %edi
	leal	(PAGE_SIZE + PTE_P + PTE_RW)(%edi), %eax
	movl	%eax, (%edi)
	addl	$PAGE_SIZE, %edi		/* the PDPT */
	movl	$4, %ecx
1:	addl	$PAGE_SIZE, %eax
	movl	%eax, (%edi)
	addl	$8, %edi
	loop	1b
	movl	$pa(pvh_pgt) + 2 * PAGE_SIZE, %edi	/* the PDs */
	movl	$(PTE_P + PTE_RW + PTE_PSE), %eax
	movl	$(4 * 512), %ecx
2:	movl	%eax, (%edi)
	addl	$(1 << 21), %eax
	addl	$8, %edi
	loop	2b

	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pa(pvh_pgt), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$__BOOT_CS, $pa(3f)

	.code64
3:	leaq	early_stack_end(%rip), %rsp
	movl	%esi, %edi
	call	pvh_prepare
	leaq	pvh_boot_params(%rip), %rsi
	leaq	pvh_boot_record(%rip), %rdi
	jmp	startup_64
#else
	movl	$pa(early_stack_end), %esp
	pushl	%ebx
	call	pvh_prepare
	movl	$pa(pvh_boot_params), %esi
	movl	$pa(pvh_boot_record), %edi
	jmp	startup_32
#endif

#ifdef __x86_64__
	/* head_64.S's GDT: 64-bit code and data at the boot protocol's
	 * selectors, here at its physical address. */
	.section ".head.rodata", "a"
	.balign	4
	.word	0
pvh_gdt_desc:
	.word	boot_gdt_limit
	.long	pa(boot_gdt)

	/* Not bss: startup_64 clears bss while running on these tables. */
	.data
	.balign	PAGE_SIZE
pvh_pgt:
	.fill	6 * PAGE_SIZE, 1, 0
#endif
