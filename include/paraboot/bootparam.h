/* SPDX-License-Identifier: MIT */
/*
 * The x86 boot protocol, version 2.15: the setup header a loader reads from
 * the image at file offset 0x1f1, and the zero page ("boot_params") it hands
 * to the kernel.  Offsets are from Documentation/arch/x86/boot.rst and
 * zero-page.rst (Linux, Documentation/arch/x86/); each is asserted below.
 *
 * The BP_* constants are the same offsets for assembly and linker scripts;
 * the C part checks that they agree with the structures.
 */
#ifndef PARABOOT_BOOTPARAM_H
#define PARABOOT_BOOTPARAM_H

#include <paraboot/types.h>

/* --- Offsets into boot_params (== file offsets for the setup header) --- */
#define BP_ext_mem_k		0x002
#define BP_cl_magic		0x020
#define BP_cl_offset		0x022
#define BP_acpi_rsdp_addr	0x070
#define BP_ext_ramdisk_image	0x0c0
#define BP_ext_ramdisk_size	0x0c4
#define BP_ext_cmd_line_ptr	0x0c8
#define BP_alt_mem_k		0x1e0
#define BP_scratch		0x1e4
#define BP_e820_entries		0x1e8
#define BP_sentinel		0x1ef
#define BP_hdr			0x1f1
#define BP_setup_sects		0x1f1
#define BP_root_flags		0x1f2
#define BP_syssize		0x1f4
#define BP_ram_size		0x1f8
#define BP_vid_mode		0x1fa
#define BP_root_dev		0x1fc
#define BP_boot_flag		0x1fe
#define BP_jump			0x200
#define BP_header		0x202
#define BP_version		0x206
#define BP_realmode_swtch	0x208
#define BP_start_sys_seg	0x20c
#define BP_kernel_version	0x20e
#define BP_type_of_loader	0x210
#define BP_loadflags		0x211
#define BP_setup_move_size	0x212
#define BP_code32_start		0x214
#define BP_ramdisk_image	0x218
#define BP_ramdisk_size		0x21c
#define BP_bootsect_kludge	0x220
#define BP_heap_end_ptr		0x224
#define BP_ext_loader_ver	0x226
#define BP_ext_loader_type	0x227
#define BP_cmd_line_ptr		0x228
#define BP_initrd_addr_max	0x22c
#define BP_kernel_alignment	0x230
#define BP_relocatable_kernel	0x234
#define BP_min_alignment	0x235
#define BP_xloadflags		0x236
#define BP_cmdline_size		0x238
#define BP_hardware_subarch	0x23c
#define BP_hardware_subarch_data 0x240
#define BP_payload_offset	0x248
#define BP_payload_length	0x24c
#define BP_setup_data		0x250
#define BP_pref_address		0x258
#define BP_init_size		0x260
#define BP_handover_offset	0x264
#define BP_kernel_info_offset	0x268
#define BP_hdr_end		0x26c	/* first byte after the 2.15 header */
#define BP_e820_table		0x2d0
#define BP_SIZE			0x1000

/* The 64-bit protocol's entry: the protected-mode part's start + 0x200. */
#define BOOT_ENTRY_64_OFFSET	0x200

/* --- Values --- */
#define BOOT_FLAG_MAGIC		0xaa55
#define HDRS_MAGIC		0x53726448	/* "HdrS" */
#define SETUP_SIGNATURE		0x5a5aaa55	/* end of real-mode setup */
#define BOOT_PROTOCOL_VERSION	0x020f		/* 2.15 */
#define BOOT_PROTOCOL_PARAVIRT	0x0207		/* hardware_subarch, KEEP_SEGMENTS */

/* loadflags */
#define LOADED_HIGH		(1 << 0)
#define KASLR_FLAG		(1 << 1)
#define QUIET_FLAG		(1 << 5)
#define KEEP_SEGMENTS		(1 << 6)
#define CAN_USE_HEAP		(1 << 7)

/* xloadflags */
#define XLF_KERNEL_64			(1 << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G	(1 << 1)
#define XLF_EFI_HANDOVER_32		(1 << 2)
#define XLF_EFI_HANDOVER_64		(1 << 3)

/* hardware_subarch (enum x86_hardware_subarch) */
#define X86_SUBARCH_PC		0
#define X86_SUBARCH_LGUEST	1
#define X86_SUBARCH_XEN		2
#define X86_SUBARCH_INTEL_MID	3
#define X86_SUBARCH_CE4100	4

/* Pre-2.02 command line: magic at 0x20 plus an offset at 0x22. */
#define OLD_CL_MAGIC		0xa33f

/* type_of_loader: "undefined" (0xff), what a loader without an ID sets. */
#define LOADER_UNDEFINED	0xff

/* E820 */
#define E820_MAX_ENTRIES_ZEROPAGE 128
#define E820_TYPE_RAM		1
#define E820_TYPE_RESERVED	2
#define E820_TYPE_ACPI		3
#define E820_TYPE_NVS		4
#define E820_TYPE_UNUSABLE	5

#ifndef __ASSEMBLY__

struct setup_header {
	u8 setup_sects;
	u16 root_flags;
	u32 syssize;
	u16 ram_size;
	u16 vid_mode;
	u16 root_dev;
	u16 boot_flag;
	u16 jump;
	u32 header;
	u16 version;
	u32 realmode_swtch;
	u16 start_sys_seg;
	u16 kernel_version;
	u8 type_of_loader;
	u8 loadflags;
	u16 setup_move_size;
	u32 code32_start;
	u32 ramdisk_image;
	u32 ramdisk_size;
	u32 bootsect_kludge;
	u16 heap_end_ptr;
	u8 ext_loader_ver;
	u8 ext_loader_type;
	u32 cmd_line_ptr;
	u32 initrd_addr_max;
	u32 kernel_alignment;
	u8 relocatable_kernel;
	u8 min_alignment;
	u16 xloadflags;
	u32 cmdline_size;
	u32 hardware_subarch;
	u64 hardware_subarch_data;
	u32 payload_offset;
	u32 payload_length;
	u64 setup_data;
	u64 pref_address;
	u32 init_size;
	u32 handover_offset;
	u32 kernel_info_offset;
} __packed;

/* The part of boot_params before 0x1f1 that paraboot reads by name. */
struct screen_info {
	u8 orig_x;			/* 0x00 */
	u8 orig_y;			/* 0x01 */
	u16 ext_mem_k;			/* 0x02: INT 15h AH=88h, KiB above 1 MiB */
	u8 _unused1[0x20 - 0x04];
	u16 cl_magic;			/* 0x20: pre-2.02 command line */
	u16 cl_offset;			/* 0x22 */
	u8 _unused2[0x40 - 0x24];
} __packed;

struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

/*
 * What an EFI loader leaves about the firmware (zero-page.rst; Linux's
 * struct efi_info): which firmware ("EL64" x64, "EL32" IA32) and where its
 * system table and the memory map it handed over are.
 */
#define EFI64_LOADER_SIGNATURE	0x34364c45	/* "EL64" */
#define EFI32_LOADER_SIGNATURE	0x32334c45	/* "EL32" */
struct efi_info {
	u32 efi_loader_signature;
	u32 efi_systab;
	u32 efi_memdesc_size;
	u32 efi_memdesc_version;
	u32 efi_memmap;
	u32 efi_memmap_size;
	u32 efi_systab_hi;
	u32 efi_memmap_hi;
};
ABI_SIZE(struct efi_info, 0x20);

struct boot_params {
	struct screen_info screen_info;		/* 0x000 */
	u8 apm_bios_info[0x14];			/* 0x040 */
	u8 _pad2[4];				/* 0x054 */
	u64 tboot_addr;				/* 0x058 */
	u8 ist_info[0x10];			/* 0x060 */
	u64 acpi_rsdp_addr;			/* 0x070 */
	u8 _pad3[8];				/* 0x078 */
	u8 hd0_info[16];			/* 0x080 */
	u8 hd1_info[16];			/* 0x090 */
	u8 sys_desc_table[0x10];		/* 0x0a0 */
	u8 olpc_ofw_header[0x10];		/* 0x0b0 */
	u32 ext_ramdisk_image;			/* 0x0c0 */
	u32 ext_ramdisk_size;			/* 0x0c4 */
	u32 ext_cmd_line_ptr;			/* 0x0c8 */
	u8 _pad4[112];				/* 0x0cc */
	u32 cc_blob_address;			/* 0x13c */
	u8 edid_info[0x80];			/* 0x140 */
	struct efi_info efi_info;		/* 0x1c0 */
	u32 alt_mem_k;				/* 0x1e0: INT 15h E801h, KiB above 1 MiB */
	u32 scratch;				/* 0x1e4 */
	u8 e820_entries;			/* 0x1e8 */
	u8 eddbuf_entries;			/* 0x1e9 */
	u8 edd_mbr_sig_buf_entries;		/* 0x1ea */
	u8 kbd_status;				/* 0x1eb */
	u8 secure_boot;				/* 0x1ec */
	u8 _pad5[2];				/* 0x1ed */
	u8 sentinel;				/* 0x1ef */
	u8 _pad6[1];				/* 0x1f0 */
	struct setup_header hdr;		/* 0x1f1 */
	u8 _pad7[0x290 - BP_hdr_end];
	u32 edd_mbr_sig_buffer[16];		/* 0x290 */
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE]; /* 0x2d0 */
	u8 _pad8[48];				/* 0xcd0 */
	u8 eddbuf[0x1ec];			/* 0xd00 */
	u8 _pad9[276];				/* 0xeec */
} __packed;

ABI_SIZE(struct screen_info, 0x40);
ABI_SIZE(struct boot_e820_entry, 20);
ABI_SIZE(struct setup_header, BP_hdr_end - BP_hdr);
ABI_SIZE(struct boot_params, BP_SIZE);

ABI_OFFSET(struct boot_params, screen_info.ext_mem_k, BP_ext_mem_k);
ABI_OFFSET(struct boot_params, screen_info.cl_magic, BP_cl_magic);
ABI_OFFSET(struct boot_params, screen_info.cl_offset, BP_cl_offset);
ABI_OFFSET(struct boot_params, acpi_rsdp_addr, BP_acpi_rsdp_addr);
ABI_OFFSET(struct boot_params, ext_ramdisk_image, BP_ext_ramdisk_image);
ABI_OFFSET(struct boot_params, ext_ramdisk_size, BP_ext_ramdisk_size);
ABI_OFFSET(struct boot_params, ext_cmd_line_ptr, BP_ext_cmd_line_ptr);
ABI_OFFSET(struct boot_params, alt_mem_k, BP_alt_mem_k);
ABI_OFFSET(struct boot_params, scratch, BP_scratch);
ABI_OFFSET(struct boot_params, e820_entries, BP_e820_entries);
ABI_OFFSET(struct boot_params, sentinel, BP_sentinel);
ABI_OFFSET(struct boot_params, hdr, BP_hdr);
ABI_OFFSET(struct boot_params, edd_mbr_sig_buffer, 0x290);
ABI_OFFSET(struct boot_params, e820_table, BP_e820_table);
ABI_OFFSET(struct boot_params, eddbuf, 0xd00);

#define HDR_OFFSET(member, off) \
	ABI_OFFSET(struct boot_params, hdr.member, off)
HDR_OFFSET(setup_sects, BP_setup_sects);
HDR_OFFSET(root_flags, BP_root_flags);
HDR_OFFSET(syssize, BP_syssize);
HDR_OFFSET(ram_size, BP_ram_size);
HDR_OFFSET(vid_mode, BP_vid_mode);
HDR_OFFSET(root_dev, BP_root_dev);
HDR_OFFSET(boot_flag, BP_boot_flag);
HDR_OFFSET(jump, BP_jump);
HDR_OFFSET(header, BP_header);
HDR_OFFSET(version, BP_version);
HDR_OFFSET(realmode_swtch, BP_realmode_swtch);
HDR_OFFSET(start_sys_seg, BP_start_sys_seg);
HDR_OFFSET(kernel_version, BP_kernel_version);
HDR_OFFSET(type_of_loader, BP_type_of_loader);
HDR_OFFSET(loadflags, BP_loadflags);
HDR_OFFSET(setup_move_size, BP_setup_move_size);
HDR_OFFSET(code32_start, BP_code32_start);
HDR_OFFSET(ramdisk_image, BP_ramdisk_image);
HDR_OFFSET(ramdisk_size, BP_ramdisk_size);
HDR_OFFSET(bootsect_kludge, BP_bootsect_kludge);
HDR_OFFSET(heap_end_ptr, BP_heap_end_ptr);
HDR_OFFSET(ext_loader_ver, BP_ext_loader_ver);
HDR_OFFSET(ext_loader_type, BP_ext_loader_type);
HDR_OFFSET(cmd_line_ptr, BP_cmd_line_ptr);
HDR_OFFSET(initrd_addr_max, BP_initrd_addr_max);
HDR_OFFSET(kernel_alignment, BP_kernel_alignment);
HDR_OFFSET(relocatable_kernel, BP_relocatable_kernel);
HDR_OFFSET(min_alignment, BP_min_alignment);
HDR_OFFSET(xloadflags, BP_xloadflags);
HDR_OFFSET(cmdline_size, BP_cmdline_size);
HDR_OFFSET(hardware_subarch, BP_hardware_subarch);
HDR_OFFSET(hardware_subarch_data, BP_hardware_subarch_data);
HDR_OFFSET(payload_offset, BP_payload_offset);
HDR_OFFSET(payload_length, BP_payload_length);
HDR_OFFSET(setup_data, BP_setup_data);
HDR_OFFSET(pref_address, BP_pref_address);
HDR_OFFSET(init_size, BP_init_size);
HDR_OFFSET(handover_offset, BP_handover_offset);
HDR_OFFSET(kernel_info_offset, BP_kernel_info_offset);
#undef HDR_OFFSET

#endif /* !__ASSEMBLY__ */
#endif
