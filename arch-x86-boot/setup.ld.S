/* SPDX-License-Identifier: MIT */
/*
 * The whole bzImage, laid out by the linker: the real-mode setup sectors
 * (boot sector with the PE/COFF header, header at 0x1f1, 16-bit code and
 * data, signature), then the protected-mode part, which is the
 * decompressor with the compressed kernel and the EFI stub inside it
 * (zo.S pulls it in with .incbin).  objcopy -O binary turns this into the
 * image; scripts/crc32-append fills in the setup's own CRC word and adds
 * the CRC32 trailer that syssize and the PE section already count.
 */
#include <paraboot/bootparam.h>
#include <paraboot/layout.h>
#include <paraboot/pe.h>

OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

SECTIONS
{
	/* Real-mode setup: addresses are offsets in the setup segment. */
	/*
	 * The link drops sections nothing refers to (--gc-sections,
	 * scripts/mkbzimage): the code and data of the C files, each in a
	 * section of its own.  What loaders and firmware read, and the code
	 * they jump to, is kept by name.
	 */
	. = 0;
	.bstext		: { KEEP(*(.bstext)) }
	.bsdata		: { KEEP(*(.bsdata)) }
	.pehdr		: { KEEP(*(.pehdr)) }
	pe_header_end = .;

	. = BP_sentinel;
	.sentinel	: { KEEP(*(.sentinel)) }
	. = BP_hdr;
	.header		: { KEEP(*(.header)) }
	.entrytext	: { KEEP(*(.entrytext)) }
	.inittext	: { KEEP(*(.inittext)) }
	.text		: { *(.text .text.*) }
	.rodata		: { *(.rodata .rodata.*) }
	.data		: { *(.data .data.*) }
	.signature	: { KEEP(*(.signature)) }

	/*
	 * The setup sectors' last word: scripts/crc32-append makes it their
	 * CRC-32 register, so that the register over all of them is 0.  The
	 * setup checks itself by that alone, and the 32/64-bit entries,
	 * which never see these sectors, know the register they leave.
	 */
	.setup_crc ALIGN(. + 4, 512) - 4 : {
		setup_crc = .;
		LONG(0)
	}
	setup_end = .;

	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		_end = .;
	}

	/*
	 * The protected-mode part.  Its addresses are those it is loaded at;
	 * in the file it follows the setup sectors.  It is padded so that,
	 * with the 4-byte CRC32 trailer, it fills whole PE file-alignment
	 * units (512 bytes, a whole number of paragraphs for syssize too).
	 */
	.zo LOAD_PHYSICAL_ADDR : AT(setup_end) {
		zo_start = .;
		KEEP(*(.zo))
		. += (PE_FILE_ALIGN - 4 - (. - zo_start)) & (PE_FILE_ALIGN - 1);
		zo_end = .;
	}

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame) }
}

setup_sects_value = setup_end / 512 - 1;
syssize_value = (zo_end - zo_start + 4) / 16;

/*
 * The PE/COFF view (header.S): the headers are the real-mode part; the
 * one section is the protected-mode part with its CRC32 trailer, in
 * memory at the first page boundary after the headers.
 */
pe_headers_size = setup_end;
pe_text_offset = setup_end;
pe_text_size = zo_end - zo_start + 4;
pe_text_start = ALIGN(pe_headers_size, PE_SECTION_ALIGN);
/* The EFI stub's entry, at its offset in the decompressor (mkbzimage). */
pe_entry_point = pe_text_start + hdr_efi_pe_entry;
pe_image_size = pe_text_start + ALIGN(pe_text_size, PE_SECTION_ALIGN);

/* The layout rules of boot.rst, checked when the image is linked. */
ASSERT(hdr == BP_hdr, "the setup header must start at 0x1f1")
ASSERT(ADDR(.sentinel) == BP_sentinel, "the sentinel must be at 0x1ef")
ASSERT(start_of_setup == BP_hdr_end, "the header must end where its jump lands")
ASSERT(setup_sects_value >= 4, "setup_sects must be at least 4")
ASSERT(setup_sects_value <= 64, "GRUB refuses more than 64 setup sectors")
ASSERT(_end <= 0x8000, "setup plus bss must fit below 32 KiB")
ASSERT(((zo_end - zo_start) + 4) % 16 == 0, "protected-mode part is not padded to paragraphs")
ASSERT(setup_end % 512 == 0, "the setup's CRC word must end its last sector")
ASSERT(setup_short_end <= 2 * 512, "setup_short must lie in the two sectors every loader reads")

/* The PE/COFF rules UEFI loaders check (edk2's BasePeCoffLib). */
ASSERT(pe_header_end <= BP_sentinel, "the PE/COFF header must end before the sentinel at 0x1ef")
ASSERT(pe_headers_size % PE_FILE_ALIGN == 0, "SizeOfHeaders must be a multiple of FileAlignment")
ASSERT(pe_text_size % PE_FILE_ALIGN == 0, "the .text section must fill whole FileAlignment units")
ASSERT(pe_text_start >= pe_headers_size, "the .text section must not overlap the headers")
ASSERT(hdr_efi_pe_entry < pe_text_size, "AddressOfEntryPoint must lie in the .text section")
