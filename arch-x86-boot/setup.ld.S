/* SPDX-License-Identifier: MIT */
/*
 * The whole bzImage, laid out by the linker: the real-mode setup sectors
 * (boot sector, header at 0x1f1, 16-bit code and data, signature), then the
 * protected-mode part, which is the decompressor with the compressed kernel
 * inside it (zo.S pulls it in with .incbin).  objcopy -O binary turns this
 * into the image; scripts/crc32-append fills in the setup's own CRC word
 * and adds the CRC32 trailer that syssize already counts.
 */
#include <paraboot/bootparam.h>
#include <paraboot/layout.h>

OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

SECTIONS
{
	/* Real-mode setup: addresses are offsets in the setup segment. */
	. = 0;
	.bstext		: { *(.bstext) }
	.bsdata		: { *(.bsdata) }

	. = BP_sentinel;
	.sentinel	: { *(.sentinel) }
	. = BP_hdr;
	.header		: { *(.header) }
	.entrytext	: { *(.entrytext) }
	.inittext	: { *(.inittext) }
	.text		: { *(.text .text.*) }
	.rodata		: { *(.rodata .rodata.*) }
	.data		: { *(.data .data.*) }
	.signature	: { *(.signature) }

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
	 * with the 4-byte CRC32 trailer, it is a whole number of paragraphs.
	 */
	.zo LOAD_PHYSICAL_ADDR : AT(setup_end) {
		zo_start = .;
		*(.zo)
		. += (12 - (. - zo_start)) & 15;
		zo_end = .;
	}

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame) }
}

setup_sects_value = setup_end / 512 - 1;
syssize_value = (zo_end - zo_start + 4) / 16;

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
