/* SPDX-License-Identifier: MIT */
/*
 * The kernel ELF.  It runs at PAGE_OFFSET + its physical address; the
 * program headers give both, and e_entry is the physical entry, where
 * the decompressor (and lguest's launcher loading an ELF) jump with
 * paging off or identity-mapped.
 */
#include <paraboot/layout.h>

#ifdef CONFIG_X86_64
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
#define KERNEL_ENTRY	startup_64
#else
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
#define KERNEL_ENTRY	startup_32
#endif

ENTRY(phys_entry)
phys_entry = KERNEL_ENTRY - PAGE_OFFSET;

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R-X */
	data PT_LOAD FLAGS(6);		/* RW- */
	note PT_NOTE FLAGS(4);		/* Xen ELF notes */
}

#define PHYS(sec)	AT(ADDR(sec) - PAGE_OFFSET)

SECTIONS
{
	. = PAGE_OFFSET + LOAD_PHYSICAL_ADDR;
	_text = .;
	.text : PHYS(.text) {
		KEEP(*(.head.text))
		*(.text .text.*)
	} :text
	.rodata : PHYS(.rodata) {
		*(.head.rodata)
		*(.rodata .rodata.*)
	} :text
	.notes : PHYS(.notes) {
		KEEP(*(.note.Xen))
	} :text :note
	_etext = .;

	. = ALIGN(4096);
	.data : PHYS(.data) {
		*(.data .data.*)
		*(.got.plt) *(.got)
	} :data
	.bss : PHYS(.bss) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data
	_end = .;

	.rel.dyn : { *(.rel.*) }
	.rela.dyn : { *(.rela.*) }
	/DISCARD/ : {
		*(.comment) *(.eh_frame*) *(.note.GNU-stack) *(.note.gnu.*)
		*(.dynamic) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash) *(.interp)
	}
}

ASSERT(SIZEOF(.rel.dyn) == 0, "the kernel must need no run-time relocations")
ASSERT(SIZEOF(.rela.dyn) == 0, "the kernel must need no run-time relocations")
