/* SPDX-License-Identifier: MIT */
/*
 * The PVH direct-boot ABI (Xen's docs/misc/pvh.pandoc and
 * public/arch-x86/hvm/start_info.h), which QEMU -kernel with an ELF,
 * Firecracker and cloud-hypervisor speak: the ELF note
 * XEN_ELFNOTE_PHYS32_ENTRY names a 32-bit entry point, entered in
 * protected mode with paging off and %ebx = the physical address of a
 * struct hvm_start_info.  Every field is little-endian and fixed-width.
 */
#ifndef PARABOOT_PVH_H
#define PARABOOT_PVH_H

#include <paraboot/types.h>

#define XEN_HVM_START_MAGIC_VALUE	0x336ec578	/* "xEn3", bit 7 set in 'E' */
/* Version 1 added the memory map. */
#define HVM_START_INFO_MEMMAP_VERSION	1

#ifndef __ASSEMBLY__

struct hvm_start_info {
	u32 magic;
	u32 version;
	u32 flags;			/* SIF_* */
	u32 nr_modules;
	u64 modlist_paddr;		/* struct hvm_modlist_entry[] */
	u64 cmdline_paddr;		/* NUL-terminated */
	u64 rsdp_paddr;			/* ACPI RSDP, or 0 */
	u64 memmap_paddr;		/* version 1: struct hvm_memmap_table_entry[] */
	u32 memmap_entries;		/* version 1 */
	u32 reserved;
};

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
};

/* Types are E820's: 1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 unusable, ... */
struct hvm_memmap_table_entry {
	u64 addr;
	u64 size;
	u32 type;
	u32 reserved;
};

ABI_OFFSET(struct hvm_start_info, version, 4);
ABI_OFFSET(struct hvm_start_info, nr_modules, 12);
ABI_OFFSET(struct hvm_start_info, modlist_paddr, 16);
ABI_OFFSET(struct hvm_start_info, cmdline_paddr, 24);
ABI_OFFSET(struct hvm_start_info, rsdp_paddr, 32);
ABI_OFFSET(struct hvm_start_info, memmap_paddr, 40);
ABI_OFFSET(struct hvm_start_info, memmap_entries, 48);
ABI_SIZE(struct hvm_start_info, 56);
ABI_OFFSET(struct hvm_modlist_entry, cmdline_paddr, 16);
ABI_SIZE(struct hvm_modlist_entry, 32);
ABI_OFFSET(struct hvm_memmap_table_entry, type, 16);
ABI_SIZE(struct hvm_memmap_table_entry, 24);

#endif /* !__ASSEMBLY__ */
#endif
