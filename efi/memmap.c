// SPDX-License-Identifier: MIT
/*
 * Leaving boot services, and the EFI memory map as the E820 map the
 * kernel reads from boot_params.
 *
 * ExitBootServices takes the key of the current memory map; a firmware
 * event may change the map between GetMemoryMap and the call, and the
 * call then fails with EFI_INVALID_PARAMETER.  After that the UEFI
 * specification (7.4) allows only GetMemoryMap and ExitBootServices, so
 * the map's buffer is allocated once, with room to spare, and the pair is
 * retried a few times.  The map is translated before the first try too:
 * one that does not fit the zero page is an error while the firmware's
 * console can still show it.
 */
#include <paraboot/io.h>
#include "stub.h"

/* Descriptors the map may grow by between the sizing call and the final
 * one: the buffer's own allocation splits one, a firmware event more. */
#define MAP_SLACK		8
#define EXIT_TRIES		4

/* EFI memory types as E820 types: what the kernel may use once boot
 * services are gone is RAM (as Linux's x86 stub maps them). */
static u32 e820_type(u32 efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return E820_TYPE_RAM;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	default:
		return E820_TYPE_RESERVED;
	}
}

/*
 * Add [addr, addr + size) to t[0..*n), kept sorted by address, joining it
 * with a neighbour of the same type that it touches.  False when that
 * would take more than max entries.
 */
static bool e820_add(struct boot_e820_entry *t, unsigned int *n,
		     unsigned int max, u64 addr, u64 size, u32 type)
{
	unsigned int i = *n;

	while (i && t[i - 1].addr > addr)
		i--;
	if (i && t[i - 1].type == type && t[i - 1].addr + t[i - 1].size == addr) {
		t[i - 1].size += size;
		/* It may now touch the next one too. */
		if (i < *n && t[i].type == type &&
		    t[i - 1].addr + t[i - 1].size == t[i].addr) {
			t[i - 1].size += t[i].size;
			memmove(&t[i], &t[i + 1], (*n - i - 1) * sizeof(*t));
			(*n)--;
		}
		return true;
	}
	if (i < *n && t[i].type == type && addr + size == t[i].addr) {
		t[i].addr = addr;
		t[i].size += size;
		return true;
	}
	if (*n == max)
		return false;
	memmove(&t[i + 1], &t[i], (*n - i) * sizeof(*t));
	t[i] = (struct boot_e820_entry){ addr, size, type };
	(*n)++;
	return true;
}

/*
 * The E820 entries for an EFI memory map (descriptors desc_size apart, as
 * the firmware says: it may be more than the structure), sorted, adjacent
 * entries of one type merged.  Returns how many, EFI_MEMMAP_TOO_MANY if
 * more than max, or EFI_MEMMAP_BAD_DESC (*bad: its index) for a
 * descriptor whose end is not below 2^64: its pages shifted into bytes,
 * or its end, would wrap into a small or empty E820 entry (the zero
 * page's entries are addr and size, and every reader adds them), which
 * no check after this one could tell from a real one.  desc_size is at least
 * sizeof(struct efi_memory_desc).
 */
int efi_memmap_to_e820(const void *map, size_t map_size, size_t desc_size,
		       struct boot_e820_entry *e820, unsigned int max,
		       size_t *bad)
{
	unsigned int n = 0;

	for (size_t off = 0; off + sizeof(struct efi_memory_desc) <= map_size;
	     off += desc_size) {
		const struct efi_memory_desc *d = (const void *)
						  ((const u8 *)map + off);
		u64 size = d->num_pages << EFI_PAGE_SHIFT;

		if (!d->num_pages)
			continue;
		if (d->num_pages >> (64 - EFI_PAGE_SHIFT) ||
		    size > ~d->phys_addr) {
			*bad = off / desc_size;
			return EFI_MEMMAP_BAD_DESC;
		}
		if (!e820_add(e820, &n, max, d->phys_addr, size,
			      e820_type(d->type)))
			return EFI_MEMMAP_TOO_MANY;
	}
	return n;
}

static void set_e820(struct efi_boot *b, void *map, efi_uintn_t size,
		     efi_uintn_t desc_size, u32 desc_version, int n)
{
	struct efi_info ei = b->bp->efi_info;

	ei.efi_memdesc_size = desc_size;
	ei.efi_memdesc_version = desc_version;
	ei.efi_memmap = (u32)(uintptr_t)map;
	ei.efi_memmap_hi = (u32)((u64)(uintptr_t)map >> 32);
	ei.efi_memmap_size = size;
	b->bp->efi_info = ei;
	b->bp->e820_entries = n;
}

efi_status_t efi_exit_boot_services(struct efi_boot *b)
{
	struct boot_e820_entry *e820 = b->bp->e820_table;
	efi_uintn_t size = 0, capacity, key, desc_size;
	efi_status_t status;
	u32 desc_version;
	void *map = NULL;
	size_t bad;
	int n;

	status = b->bs->get_memory_map(&size, NULL, &key, &desc_size,
				       &desc_version);
	if (status != EFI_BUFFER_TOO_SMALL)
		return efi_fail(b, status, "GetMemoryMap gives no map size");
	if (desc_size < sizeof(struct efi_memory_desc))
		return efi_fail(b, EFI_UNSUPPORTED, "the firmware's memory "
				"descriptors are %lu bytes, UEFI's %zu",
				(unsigned long)desc_size,
				sizeof(struct efi_memory_desc));
	capacity = size + MAP_SLACK * desc_size;
	status = b->bs->allocate_pool(EFI_LOADER_DATA, capacity, &map);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "cannot allocate %lu bytes for the "
				"memory map", (unsigned long)capacity);
	b->memmap = map;

	for (unsigned int tries = 1;; tries++) {
		size = capacity;
		status = b->bs->get_memory_map(&size, map, &key, &desc_size,
					       &desc_version);
		if (status != EFI_SUCCESS)
			return efi_fail(b, status, "GetMemoryMap fails");
		n = efi_memmap_to_e820(map, size, desc_size, e820,
				       E820_MAX_ENTRIES_ZEROPAGE, &bad);
		if (n == EFI_MEMMAP_BAD_DESC) {
			const struct efi_memory_desc *d = (const void *)
				((const u8 *)map + bad * desc_size);

			return efi_fail(b, EFI_UNSUPPORTED, "EFI memory "
					"descriptor %lu: 0x%llx pages at 0x%llx "
					"reach past 2^64", (unsigned long)bad,
					(unsigned long long)d->num_pages,
					(unsigned long long)d->phys_addr);
		}
		if (n < 0)
			return efi_fail(b, EFI_BUFFER_TOO_SMALL, "the EFI memory "
					"map (%lu descriptors) needs more than "
					"the zero page's %u E820 entries",
					(unsigned long)(size / desc_size),
					E820_MAX_ENTRIES_ZEROPAGE);
		if (tries == 1)
			b->exiting = true;	/* ConOut may go any moment */
		status = b->bs->exit_boot_services(b->image, key);
		if (status == EFI_SUCCESS)
			break;
		if (status != EFI_INVALID_PARAMETER || tries == EXIT_TRIES)
			return efi_fail(b, status, "ExitBootServices fails "
					"(try %u)", tries);
	}
	set_e820(b, map, size, desc_size, desc_version, n);
	return EFI_SUCCESS;
}
