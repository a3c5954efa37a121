/* SPDX-License-Identifier: MIT */
/*
 * The decompressor ("ZO"), linked position-independent at 0: startup_32
 * first (and on x86_64 startup_64 at 0x200), the image check, the
 * compressed kernel, code, data, bss, then the x86_64 page tables.  It
 * must need no run-time relocations: it runs wherever the loader put it
 * and then wherever it moved itself, and nobody relocates it in between.
 */
#include <paraboot/pe.h>

#ifdef CONFIG_X86_64
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
#else
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
#endif
ENTRY(startup_32)

/*
 * scripts/mkbzimage links with --gc-sections: what nothing refers to is
 * left out.  The roots are startup_32 (the entry), .head.text, the
 * payload, kernel_info, the page tables, and the EFI entries the PE header names
 * (mkbzimage's --require-defined).
 */

SECTIONS
{
	. = 0;
	.head.text : {
		_head = .;
		KEEP(*(.head.text))
		_ehead = .;
	}
	/*
	 * What the entries run before the image is known to be whole: the
	 * image check and the library code it calls, ahead of everything it
	 * checks, so that an image cut short anywhere after here still
	 * names its damage.
	 */
	.text.check : {
		_check = .;
		*checker.o(.text .text.* .rodata .rodata.*)
		/* i386 PIC's helpers, which all of it calls */
		*(.text.__x86.get_pc_thunk.*)
		_echeck = .;
	}
	.rodata..compressed : { KEEP(*(.rodata..compressed)) }
	.text : {
		_text = .;
		*(.text .text.*)
		_etext = .;
	}
	.rodata : {
		/* Read by loaders through kernel_info_offset only. */
		KEEP(*(.rodata.kernel_info))
		*(.rodata .rodata.*)
	}
	.got.plt : { *(.got.plt) }
	.got : { *(.got) }
	.data : { *(.data .data.*) }
	_edata = .;

	/*
	 * The file goes on where the ZO ends: setup.ld pads it to whole PE
	 * file-alignment units less 4 bytes (the image is a PE file too), and
	 * scripts/crc32-append adds the image's CRC32 trailer.  A loader
	 * loads them with us, so they end here too.
	 */
	image_end = ALIGN(_edata + 4, PE_FILE_ALIGN);

	. = ALIGN(image_end, 64);
	.bss : {
		_bss = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		_ebss = .;
	}
#ifdef CONFIG_X86_64
	/* Outside .bss: startup_32's page tables must survive its zeroing. */
	. = ALIGN(4096);
	.pgtable : {
		_pgtable = .;
		/* Reached through _pgtable only: kept by name. */
		KEEP(*(.pgtable))
		_epgtable = .;
	}
#endif
	. = ALIGN(4096);
	_end = .;

	/* Collected only to prove they are empty. */
	.plt : { *(.plt) *(.plt.*) }
	.rel.dyn : { *(.rel.*) *(.rel_*) }
	.rela.dyn : { *(.rela.*) *(.rela_*) }

	/DISCARD/ : {
		*(.dynamic) *(.dynsym) *(.dynstr) *(.dynbss)
		*(.hash) *(.gnu.hash) *(.interp)
		*(.note*) *(.comment) *(.eh_frame*)
	}
}

ASSERT(SIZEOF(.rel.dyn) == 0, "the decompressor needs run-time relocations (.rel): it must be position-independent")
ASSERT(SIZEOF(.rela.dyn) == 0, "the decompressor needs run-time relocations (.rela): it must be position-independent")
ASSERT(SIZEOF(.plt) == 0, "the decompressor must not call through a PLT")
ASSERT(SIZEOF(.got) == 0, "the decompressor must not load addresses from a GOT")
ASSERT(_bss >= image_end, "the bss would clear the CRC32 trailer before it is checked")
#ifdef CONFIG_X86_64
ASSERT(startup_64 == 0x200, "the 64-bit entry must be at startup_32 + 0x200 (boot.rst)")
#endif
