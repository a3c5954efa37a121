/* SPDX-License-Identifier: MIT */
/*
 * What the EFI stub's files share.  The stub is linked into the
 * decompressor and runs inside the image the firmware (or a handover
 * loader) placed, with boot services up.  It keeps no state in its own
 * image, which is mapped read-only (arch-x86-boot/header.S): one
 * struct efi_boot on the stack carries a boot's state from step to step.
 */
#ifndef EFI_STUB_H
#define EFI_STUB_H

#include <paraboot/bootparam.h>
#include <paraboot/efi.h>
#include <paraboot/handoff.h>
#include <paraboot/string.h>

/* Kernel, boot_params, initrd. */
#define EFI_STUB_MAX_ALLOCS	3

struct efi_boot {
	efi_handle_t image;		/* the handle ExitBootServices names */
	efi_system_table_t *st;
	struct efi_boot_services *bs;
	struct efi_loaded_image *li;	/* of `image` */
	unsigned int entry;		/* ENTRY_EFI or ENTRY_EFI_HANDOVER */
	bool exiting;			/* ExitBootServices was tried: no ConOut */
	struct boot_params *bp;		/* what the kernel gets */
	const char *cmdline;		/* bp's command line */
	/* What the stub allocated, given back if the boot fails. */
	struct { u64 addr, pages; } allocs[EFI_STUB_MAX_ALLOCS];
	unsigned int nr_allocs;
	void *memmap;			/* pool */
};

/* The decompressor's first byte, wherever this copy of it runs. */
extern char startup_32[];

/* stub.c: pages, recorded in b->allocs */
efi_status_t efi_alloc_pages(struct efi_boot *b, int alloc_type,
			     int mem_type, u64 size, u64 *addr);
efi_status_t efi_alloc_below(struct efi_boot *b, u64 size, u64 max,
			     int mem_type, u64 *addr);

/* console.c: "paraboot: error: ...: <status>" on ConOut (until
 * ExitBootServices is tried) and COM1; returns status for the caller to
 * pass on. */
efi_status_t efi_fail(const struct efi_boot *b, efi_status_t status,
		      const char *fmt, ...) __printf(3, 4);

/* cmdline.c */
efi_status_t efi_cmdline_from_load_options(const struct efi_boot *b,
					   char *buf, size_t size);

/* initrd.c */
efi_status_t efi_load_initrd(struct efi_boot *b);

/* memmap.c: efi_memmap_to_e820() returns the entry count or one of: */
#define EFI_MEMMAP_TOO_MANY	(-1)	/* more E820 entries than max */
#define EFI_MEMMAP_BAD_DESC	(-2)	/* a descriptor past 2^64 - 1 */
int efi_memmap_to_e820(const void *map, size_t map_size, size_t desc_size,
		       struct boot_e820_entry *e820, unsigned int max,
		       size_t *bad);
efi_status_t efi_exit_boot_services(struct efi_boot *b);

/* enter_{32,64}.S: after ExitBootServices, into the decompressor at
 * LOAD_PHYSICAL_ADDR with PARABOOT_EFI_MAGIC and `observed`. */
void __noreturn efi_enter_kernel(struct boot_params *bp, u32 observed);

#endif
