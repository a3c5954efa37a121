/* SPDX-License-Identifier: MIT */
/*
 * PE/COFF, as far as a bzImage that is also an EFI application needs it
 * (Microsoft's "PE Format" specification; the UEFI specification, 2.1.1,
 * says which subset firmware loads): the MS-DOS stub's two fields, the
 * COFF file header, the PE32 and PE32+ optional headers with their data
 * directories, and the section table.
 *
 * arch-x86-boot/header.S writes these structures in assembly; the PE_*
 * offsets below are what it checks its layout against, and the C
 * structures are checked against the same offsets here.
 */
#ifndef PARABOOT_PE_H
#define PARABOOT_PE_H

#include <paraboot/types.h>

/* MS-DOS stub: "MZ" at 0, the PE header's file offset at 0x3c. */
#define MZ_MAGIC			0x5a4d		/* "MZ" */
#define MZ_PE_OFFSET			0x3c
#define PE_MAGIC			0x00004550	/* "PE\0\0" */

/* COFF file header, after the PE signature. */
#define PE_COFF_machine			0
#define PE_COFF_nr_sections		2
#define PE_COFF_opt_hdr_size		16
#define PE_COFF_characteristics		18
#define PE_COFF_SIZE			20

#define IMAGE_FILE_MACHINE_I386		0x014c
#define IMAGE_FILE_MACHINE_AMD64	0x8664

#define IMAGE_FILE_EXECUTABLE_IMAGE	0x0002
#define IMAGE_FILE_LINE_NUMS_STRIPPED	0x0004
#define IMAGE_FILE_LOCAL_SYMS_STRIPPED	0x0008
#define IMAGE_FILE_32BIT_MACHINE	0x0100
#define IMAGE_FILE_DEBUG_STRIPPED	0x0200

/* Optional header: magic, then fields whose offsets depend on it. */
#define PE_OPT_MAGIC_PE32		0x010b
#define PE_OPT_MAGIC_PE32PLUS		0x020b

#define PE_OPT_magic			0
#define PE_OPT_code_size		4
#define PE_OPT_entry_point		16
#define PE_OPT_code_base		20
/* From here PE32 has BaseOfData and 32-bit ImageBase, PE32+ neither. */
#define PE32_OPT_image_base		28
#define PE32PLUS_OPT_image_base		24
#define PE_OPT_section_align		32
#define PE_OPT_file_align		36
#define PE_OPT_image_size		56
#define PE_OPT_headers_size		60
#define PE_OPT_subsystem		68
#define PE_OPT_dll_characteristics	70
#define PE32_OPT_nr_rva_and_sizes	92
#define PE32PLUS_OPT_nr_rva_and_sizes	108
#define PE32_OPT_data_dirs		96
#define PE32PLUS_OPT_data_dirs		112
#define PE_DATA_DIR_SIZE		8

#define IMAGE_SUBSYSTEM_EFI_APPLICATION	10
#define IMAGE_DLLCHARACTERISTICS_NX_COMPAT 0x0100

/* Data directories, in their fixed order; the last one paraboot lists
 * is the base relocation table (empty: the code is position-independent). */
#define IMAGE_DIRECTORY_ENTRY_EXPORT	0
#define IMAGE_DIRECTORY_ENTRY_IMPORT	1
#define IMAGE_DIRECTORY_ENTRY_RESOURCE	2
#define IMAGE_DIRECTORY_ENTRY_EXCEPTION	3
#define IMAGE_DIRECTORY_ENTRY_SECURITY	4
#define IMAGE_DIRECTORY_ENTRY_BASERELOC	5

/* Section table entries. */
#define PE_SECTION_name			0
#define PE_SECTION_virtual_size		8
#define PE_SECTION_virtual_address	12
#define PE_SECTION_raw_size		16
#define PE_SECTION_raw_offset		20
#define PE_SECTION_characteristics	36
#define PE_SECTION_SIZE			40

#define IMAGE_SCN_CNT_CODE		0x00000020
#define IMAGE_SCN_CNT_INITIALIZED_DATA	0x00000040
#define IMAGE_SCN_MEM_DISCARDABLE	0x02000000
#define IMAGE_SCN_MEM_EXECUTE		0x20000000
#define IMAGE_SCN_MEM_READ		0x40000000
#define IMAGE_SCN_MEM_WRITE		0x80000000

/* What paraboot uses, as Linux does: page-aligned sections in memory,
 * 512-byte aligned in the file. */
#define PE_SECTION_ALIGN		0x1000
#define PE_FILE_ALIGN			0x200

#ifndef __ASSEMBLY__

struct pe_coff_header {
	u16 machine;
	u16 nr_sections;
	u32 timestamp;
	u32 symbol_table;
	u32 nr_symbols;
	u16 opt_hdr_size;
	u16 characteristics;
} __packed;

struct pe_data_dir {
	u32 virtual_address;
	u32 size;
} __packed;

/* The fields both optional headers share, up to the code base. */
#define PE_OPT_STANDARD_FIELDS \
	u16 magic; \
	u8 linker_major, linker_minor; \
	u32 code_size; \
	u32 data_size; \
	u32 bss_size; \
	u32 entry_point; \
	u32 code_base;

/* The Windows-specific fields between ImageBase and the directories,
 * with the four stack and heap sizes of width w. */
#define PE_OPT_WINDOWS_FIELDS(w) \
	u32 section_align; \
	u32 file_align; \
	u16 os_major, os_minor; \
	u16 image_major, image_minor; \
	u16 subsystem_major, subsystem_minor; \
	u32 win32_version; \
	u32 image_size; \
	u32 headers_size; \
	u32 checksum; \
	u16 subsystem; \
	u16 dll_characteristics; \
	w stack_reserve, stack_commit, heap_reserve, heap_commit; \
	u32 loader_flags; \
	u32 nr_rva_and_sizes;

struct pe32_opt_header {
	PE_OPT_STANDARD_FIELDS
	u32 data_base;
	u32 image_base;
	PE_OPT_WINDOWS_FIELDS(u32)
	struct pe_data_dir data_dirs[];
} __packed;

struct pe32plus_opt_header {
	PE_OPT_STANDARD_FIELDS
	u64 image_base;
	PE_OPT_WINDOWS_FIELDS(u64)
	struct pe_data_dir data_dirs[];
} __packed;

struct pe_section_header {
	char name[8];
	u32 virtual_size;
	u32 virtual_address;
	u32 raw_size;
	u32 raw_offset;
	u32 relocs;
	u32 line_numbers;
	u16 nr_relocs;
	u16 nr_line_numbers;
	u32 characteristics;
} __packed;

ABI_SIZE(struct pe_coff_header, PE_COFF_SIZE);
ABI_OFFSET(struct pe_coff_header, machine, PE_COFF_machine);
ABI_OFFSET(struct pe_coff_header, nr_sections, PE_COFF_nr_sections);
ABI_OFFSET(struct pe_coff_header, opt_hdr_size, PE_COFF_opt_hdr_size);
ABI_OFFSET(struct pe_coff_header, characteristics, PE_COFF_characteristics);
ABI_SIZE(struct pe_data_dir, PE_DATA_DIR_SIZE);

#define PE_OPT_CHECKS(t, image_base_off, nr_off, dirs_off) \
	ABI_OFFSET(t, magic, PE_OPT_magic); \
	ABI_OFFSET(t, code_size, PE_OPT_code_size); \
	ABI_OFFSET(t, entry_point, PE_OPT_entry_point); \
	ABI_OFFSET(t, code_base, PE_OPT_code_base); \
	ABI_OFFSET(t, image_base, image_base_off); \
	ABI_OFFSET(t, section_align, PE_OPT_section_align); \
	ABI_OFFSET(t, file_align, PE_OPT_file_align); \
	ABI_OFFSET(t, image_size, PE_OPT_image_size); \
	ABI_OFFSET(t, headers_size, PE_OPT_headers_size); \
	ABI_OFFSET(t, subsystem, PE_OPT_subsystem); \
	ABI_OFFSET(t, dll_characteristics, PE_OPT_dll_characteristics); \
	ABI_OFFSET(t, nr_rva_and_sizes, nr_off); \
	ABI_OFFSET(t, data_dirs, dirs_off)
PE_OPT_CHECKS(struct pe32_opt_header, PE32_OPT_image_base,
	      PE32_OPT_nr_rva_and_sizes, PE32_OPT_data_dirs);
PE_OPT_CHECKS(struct pe32plus_opt_header, PE32PLUS_OPT_image_base,
	      PE32PLUS_OPT_nr_rva_and_sizes, PE32PLUS_OPT_data_dirs);
#undef PE_OPT_CHECKS

ABI_SIZE(struct pe_section_header, PE_SECTION_SIZE);
ABI_OFFSET(struct pe_section_header, virtual_size, PE_SECTION_virtual_size);
ABI_OFFSET(struct pe_section_header, virtual_address,
	   PE_SECTION_virtual_address);
ABI_OFFSET(struct pe_section_header, raw_size, PE_SECTION_raw_size);
ABI_OFFSET(struct pe_section_header, raw_offset, PE_SECTION_raw_offset);
ABI_OFFSET(struct pe_section_header, characteristics,
	   PE_SECTION_characteristics);

#endif /* !__ASSEMBLY__ */
#endif
