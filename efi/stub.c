// SPDX-License-Identifier: MIT
/*
 * The EFI stub: the bzImage as an EFI application (efi_pe_entry, the PE
 * header's AddressOfEntryPoint) and as the target of the EFI handover
 * protocol (efi_handover_entry, at handover_offset).  Either way it does
 * what a boot-protocol loader would, with boot services still up:
 *
 *   1. put the protected-mode part where the kernel must run:
 *      LOAD_PHYSICAL_ADDR, with init_size bytes of room (not relocatable);
 *   2. build boot_params: the image's setup header, the command line
 *      (LoadOptions, or the handover loader's), the initrd (initrd.c);
 *   3. exit boot services with the memory map turned into E820
 *      (memmap.c), and leave the firmware's system table in efi_info so
 *      the kernel finds the ACPI tables;
 *   4. enter the decompressor's usual entry, telling it how paraboot was
 *      entered (enter_{32,64}.S).
 *
 * Until step 3 every failure is a "paraboot: error:" line on the
 * firmware's console and COM1, and a status back to whoever started us.
 */
#include <paraboot/io.h>
#include <paraboot/layout.h>
#include <paraboot/x86.h>
#include "stub.h"

efi_status_t efi_alloc_pages(struct efi_boot *b, int alloc_type,
			     int mem_type, u64 size, u64 *addr)
{
	u64 pages = ALIGN_UP(size, (u64)EFI_PAGE_SIZE) >> EFI_PAGE_SHIFT;
	efi_status_t status;

	if (b->nr_allocs == ARRAY_SIZE(b->allocs))
		return EFI_OUT_OF_RESOURCES;
	status = b->bs->allocate_pages(alloc_type, mem_type, pages, addr);
	if (status == EFI_SUCCESS) {
		b->allocs[b->nr_allocs].addr = *addr;
		b->allocs[b->nr_allocs].pages = pages;
		b->nr_allocs++;
	}
	return status;
}

efi_status_t efi_alloc_below(struct efi_boot *b, u64 size, u64 max,
			     int mem_type, u64 *addr)
{
	*addr = max;
	return efi_alloc_pages(b, EFI_ALLOCATE_MAX_ADDRESS, mem_type, size,
			       addr);
}

/* A boot that fails gives back what it took: the shell may run us again. */
static void free_all(struct efi_boot *b)
{
	while (b->nr_allocs--)
		b->bs->free_pages(b->allocs[b->nr_allocs].addr,
				  b->allocs[b->nr_allocs].pages);
	if (b->memmap)
		b->bs->free_pool(b->memmap);
}

/* How the firmware (or the handover loader) entered us, for the report. */
static u32 observe_entry(unsigned int entry)
{
	unsigned long cr0, cr4;
	unsigned int paging;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
#ifdef __x86_64__
	/* UEFI x64 runs in long mode on an identity map (UEFI 2.3.4). */
	paging = (cr4 & X86_CR4_LA57) ? PAGING_5LEVEL : PAGING_4LEVEL;
#else
	paging = !(cr0 & X86_CR0_PG) ? PAGING_NONE :
		 (cr4 & X86_CR4_PAE) ? PAGING_PAE : PAGING_2LEVEL;
#endif
	return entry | current_cpl() << 8 | paging << 16;
}

/*
 * The setup header a loader reads from the image: at 0x1f1 of the image
 * the firmware loaded (the PE headers are the real-mode part), its length
 * from the jump at 0x200.  A handover loader has copied it (and filled in
 * its own fields) into its boot_params.
 */
static const struct setup_header *
image_header(const struct efi_boot *b, const struct boot_params *loader_bp,
	     size_t *len)
{
	const u8 *base = b->li->image_base;
	const struct setup_header *h;

	*len = sizeof(*h);
	if (loader_bp)
		return &loader_bp->hdr;
	h = (const void *)(base + BP_hdr);
	if (h->header != HDRS_MAGIC) {
		efi_fail(b, EFI_LOAD_ERROR, "the loaded image at %p has no "
			 "setup header", base);
		return NULL;
	}
	*len = MIN(*len, (size_t)BP_jump + 2 + base[BP_jump + 1] - BP_hdr);
	return h;
}

/*
 * Step 1, before any other allocation can take the range.  The firmware
 * put the image wherever it liked, so claim the kernel's range and copy
 * the protected-mode part (syssize paragraphs, as a loader copies it)
 * there.  A handover loader may already have put it there: then it holds
 * init_size bytes from there (boot.rst), for us.
 */
static efi_status_t place_kernel(struct efi_boot *b,
				 const struct setup_header *h)
{
	u64 addr = LOAD_PHYSICAL_ADDR;
	efi_status_t status;

	if ((uintptr_t)startup_32 == LOAD_PHYSICAL_ADDR)
		return EFI_SUCCESS;
	status = efi_alloc_pages(b, EFI_ALLOCATE_ADDRESS, EFI_LOADER_CODE,
				 h->init_size, &addr);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "cannot allocate 0x%x-0x%llx for "
				"the kernel, which is not relocatable (the "
				"firmware uses that memory)", LOAD_PHYSICAL_ADDR,
				(u64)LOAD_PHYSICAL_ADDR + h->init_size);
	memcpy((void *)(uintptr_t)LOAD_PHYSICAL_ADDR, startup_32,
	       (size_t)h->syssize * 16);
	return EFI_SUCCESS;
}

/*
 * The fields of the image's setup header that a loader writes (boot.rst
 * marks them "write" or "modify") describe a boot-protocol load that
 * never happened: QEMU -kernel patches its BIOS-path choices (initrd
 * address, command line at 0x20000, loader 0xb0, heap, setup_data) into
 * the file OVMF then loads as a PE image.  The stub is the loader now.
 */
static void clear_loader_fields(struct setup_header *h)
{
	h->type_of_loader = LOADER_UNDEFINED;	/* boot.rst: no assigned ID */
	h->loadflags &= ~(QUIET_FLAG | KEEP_SEGMENTS | CAN_USE_HEAP);
	h->heap_end_ptr = 0;
	h->ext_loader_ver = 0;
	h->ext_loader_type = 0;
	h->cmd_line_ptr = 0;
	h->ramdisk_image = 0;
	h->ramdisk_size = 0;
	h->setup_data = 0;
}

/*
 * Step 2's start: a zeroed boot_params page and, after it, room for the
 * command line, both below 4 GiB (the boot protocol's pointers are
 * 32-bit), with the setup header in it: the image's, without what a
 * loader writes, or the handover loader's, with it.
 */
static efi_status_t new_boot_params(struct efi_boot *b,
				    const struct setup_header *h, size_t len)
{
	efi_status_t status;
	u64 addr;

	status = efi_alloc_below(b, sizeof(struct boot_params) +
				 COMMAND_LINE_SIZE, 0xffffffff,
				 EFI_LOADER_DATA, &addr);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "cannot allocate boot_params below "
				"4 GiB");
	b->bp = (void *)(uintptr_t)addr;
	memset(b->bp, 0, sizeof(*b->bp) + COMMAND_LINE_SIZE);
	memcpy(&b->bp->hdr, h, len);
	if (b->entry == ENTRY_EFI)
		clear_loader_fields(&b->bp->hdr);
	return EFI_SUCCESS;
}

/* Step 2: the command line, from LoadOptions or the handover loader. */
static efi_status_t set_cmdline(struct efi_boot *b)
{
	struct setup_header *h = &b->bp->hdr;
	char *buf = (char *)(b->bp + 1);
	efi_status_t status;

	if (b->entry == ENTRY_EFI_HANDOVER) {
		/* boot.rst: the loader fills in cmd_line_ptr. */
		b->cmdline = (const char *)(uintptr_t)h->cmd_line_ptr;
		if (!b->cmdline)
			b->cmdline = buf;
		return EFI_SUCCESS;
	}
	status = efi_cmdline_from_load_options(b, buf, COMMAND_LINE_SIZE);
	if (status != EFI_SUCCESS)
		return status;
	h->cmd_line_ptr = (u32)(uintptr_t)buf;
	b->cmdline = buf;
	return EFI_SUCCESS;
}

static efi_status_t efi_boot(struct efi_boot *b,
			     const struct boot_params *loader_bp)
{
	static const efi_guid_t loaded_image = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	u32 observed = observe_entry(b->entry);
	const struct setup_header *hdr;
	size_t hdr_len;
	efi_status_t status;

	b->bs = efi_ptr(b->st->boottime);
	status = b->bs->handle_protocol(b->image, &loaded_image,
					(void **)&b->li);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "no loaded image protocol on the "
				"image handle");

	hdr = image_header(b, loader_bp, &hdr_len);
	if (!hdr)
		return EFI_LOAD_ERROR;
	status = place_kernel(b, hdr);
	if (status == EFI_SUCCESS)
		status = new_boot_params(b, hdr, hdr_len);
	if (status == EFI_SUCCESS)
		status = set_cmdline(b);
	if (status == EFI_SUCCESS)
		status = efi_load_initrd(b);
	if (status != EFI_SUCCESS) {
		free_all(b);
		return status;
	}

	b->bp->efi_info.efi_loader_signature = sizeof(long) == 8 ?
		EFI64_LOADER_SIGNATURE : EFI32_LOADER_SIGNATURE;
	b->bp->efi_info.efi_systab = (u32)(uintptr_t)b->st;
	b->bp->efi_info.efi_systab_hi = (u32)((u64)(uintptr_t)b->st >> 32);

	status = efi_exit_boot_services(b);
	if (status != EFI_SUCCESS) {
		if (!b->exiting)
			free_all(b);
		return status;
	}
	efi_enter_kernel(b->bp, observed);
}

/*
 * The PE entry: the firmware, the UEFI shell or a boot manager started
 * the image (UEFI 2.10, 4.1: image handle and system table).
 */
efi_status_t EFIAPI efi_pe_entry(efi_handle_t image,
				 efi_system_table_t *st);
efi_status_t EFIAPI efi_pe_entry(efi_handle_t image,
				 efi_system_table_t *st)
{
	struct efi_boot b = { .image = image, .st = st, .entry = ENTRY_EFI };

	return efi_boot(&b, NULL);
}

/*
 * The EFI handover protocol (boot.rst, "EFI Handover Protocol"): a loader
 * such as GRUB's linuxefi loaded the protected-mode part and filled in the
 * command line and initrd of its boot_params, and calls this with its own
 * image handle, the system table and that boot_params, in its own calling
 * convention, not the firmware's: System V at startup_32 + 0x200 +
 * handover_offset on x86_64, cdecl at startup_32 + handover_offset on
 * i386.  There is no way back: on failure, hand the loader's image back
 * to the firmware, as Linux's stub does.
 */
void efi_handover_entry(efi_handle_t image, efi_system_table_t *st,
			struct boot_params *loader_bp);
void efi_handover_entry(efi_handle_t image, efi_system_table_t *st,
			struct boot_params *loader_bp)
{
	struct efi_boot b = { .image = image, .st = st,
			      .entry = ENTRY_EFI_HANDOVER };
	efi_status_t status = efi_boot(&b, loader_bp);

	if (!b.exiting)
		b.bs->exit(image, status, 0, NULL);
}
