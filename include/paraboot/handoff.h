/* SPDX-License-Identifier: MIT */
/*
 * paraboot's own handoff from the decompressor to the kernel head, beside
 * the boot protocol's %esi = boot_params: %edi (%rdi) points at a
 * struct boot_record saying how paraboot itself was entered, which the
 * kernel cannot see any more (the decompressor changed the CPU state).
 */
#ifndef PARABOOT_HANDOFF_H
#define PARABOOT_HANDOFF_H

#include <paraboot/types.h>

#define BOOT_RECORD_MAGIC	0x44524250	/* "PBRD" */

/*
 * The real-mode setup enters the 32-bit entry with this in %edi (a loader
 * entering there directly has %edi = 0, as boot.rst requires), so the
 * decompressor knows the report should say entry=16.
 */
#define PARABOOT_SETUP_MAGIC	0x36314250	/* "PB16" */

/*
 * The EFI stub (efi/) enters the 64-bit entry (x86_64) or the 32-bit one
 * (i386) with this in %edi and, in %edx, how it was itself entered, in the
 * boot record's terms: entry in bits 0-7, privilege level in 8-15, paging
 * in 16-23.  The decompressor records that instead of what it sees.
 */
#define PARABOOT_EFI_MAGIC	0x46454250	/* "PBEF" */

/* How the loader entered paraboot. */
#define ENTRY_16		16	/* real-mode setup (arch-x86-boot) */
#define ENTRY_32		32	/* 32-bit protocol: code32_start */
#define ENTRY_64		64	/* 64-bit protocol: startup_32 + 0x200 */
#define ENTRY_XEN		0xe	/* Xen PV: XEN_ELFNOTE_ENTRY */
#define ENTRY_PVH		0x50	/* PVH: XEN_ELFNOTE_PHYS32_ENTRY */
#define ENTRY_EFI		0xef	/* UEFI: the PE entry point */
#define ENTRY_EFI_HANDOVER	0xe0	/* the EFI handover protocol's entry */

/* Paging at that entry, as observed. */
#define PAGING_NONE		0
#define PAGING_2LEVEL		1
#define PAGING_PAE		2
#define PAGING_4LEVEL		3
#define PAGING_5LEVEL		4
#define PAGING_UNKNOWN		0xff	/* not ring 0: control registers unreadable */

/* Offsets for assembly. */
#define BR_magic		0
#define BR_entry		4
#define BR_cpl			5
#define BR_paging		6
#define BR_load_addr		8
#define BOOT_RECORD_SIZE	16

#ifndef __ASSEMBLY__
struct boot_record {
	u32 magic;
	u8 entry;		/* ENTRY_* */
	u8 cpl;			/* privilege level at entry */
	u8 paging;		/* PAGING_* */
	u8 reserved;
	u64 load_addr;		/* where the loader put the protected-mode part
				 * (above 4 GiB from a 64-bit loader) */
};
ABI_OFFSET(struct boot_record, magic, BR_magic);
ABI_OFFSET(struct boot_record, entry, BR_entry);
ABI_OFFSET(struct boot_record, cpl, BR_cpl);
ABI_OFFSET(struct boot_record, paging, BR_paging);
ABI_OFFSET(struct boot_record, load_addr, BR_load_addr);
ABI_SIZE(struct boot_record, BOOT_RECORD_SIZE);
#endif

#endif
