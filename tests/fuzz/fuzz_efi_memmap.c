// SPDX-License-Identifier: MIT
/*
 * The EFI stub's memory map translation (efi/memmap.c,
 * efi_memmap_to_e820()): what UEFI firmware's GetMemoryMap() returns
 * (UEFI 2.10, 7.2: EFI_MEMORY_DESCRIPTOR, descriptors DescriptorSize
 * apart) turned into the zero page's E820 table.
 *
 * Input: one byte for the descriptor size (40, UEFI's structure, up to
 * 64 in steps of 8: the firmware may append fields; OVMF's are 48), one
 * for the table's capacity (1 to 128, E820_MAX_ENTRIES_ZEROPAGE), then
 * the map itself, as many whole or partial descriptors as the input
 * holds.  The map is copied into a buffer of exactly its size, 8-aligned
 * as the firmware's pool is, so a read past it is an ASan report.
 *
 * What must hold: EFI_MEMMAP_TOO_MANY (more entries than the capacity),
 * EFI_MEMMAP_BAD_DESC exactly when a descriptor's pages reach past 2^64
 * (naming the first; the stub's named errors), or a count within the
 * capacity; the entries sorted by address,
 * no two neighbours of one type touching (they would have been merged),
 * no entry of size 0; and for every E820 type, the sizes of its entries
 * add up to the sizes of the descriptors of the EFI types that map to it
 * (merging adds sizes, nothing is dropped or counted twice).  The E820
 * table's consumers are the bootparams harness's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define vsnprintf pb_vsnprintf
#define snprintf pb_snprintf
#include "../../efi/memmap.c"
#include "../../lib/printf.c"

/* Only the translation is under test; the boot-services half of
 * memmap.c reports through console.c's efi_fail(). */
efi_status_t efi_fail(const struct efi_boot *b, efi_status_t status,
		      const char *fmt, ...)
{
	return status;
}

#define N_E820_TYPES	8	/* e820_type()'s answers are 1..5 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_e820_entry e820[E820_MAX_ENTRIES_ZEROPAGE + 1];
	u64 want[N_E820_TYPES] = { 0 }, got[N_E820_TYPES] = { 0 };
	size_t desc_size, map_size, bad = SIZE_MAX, first_bad = SIZE_MAX;
	unsigned int max;
	void *map;
	int n;

	if (size < 2)
		return 0;
	desc_size = sizeof(struct efi_memory_desc) + 8 * (data[0] % 4);
	max = 1 + data[1] % E820_MAX_ENTRIES_ZEROPAGE;
	map_size = size - 2;
	map = aligned_alloc(8, (map_size + 7) & ~(size_t)7);
	if (!map)
		abort();
	memcpy(map, data + 2, map_size);
	/* A canary past the table: the capacity is a promise too. */
	memset(&e820[max], 0xa5, sizeof(e820[0]));

	n = efi_memmap_to_e820(map, map_size, desc_size, e820, max, &bad);

	for (size_t off = 0, i = 0; off + sizeof(struct efi_memory_desc) <=
	     map_size; off += desc_size, i++) {
		const struct efi_memory_desc *d =
			(const void *)((const u8 *)map + off);
		unsigned __int128 end = (unsigned __int128)d->phys_addr +
					((unsigned __int128)d->num_pages << 12);

		if (d->num_pages && end > UINT64_MAX) {
			first_bad = i;
			break;
		}
	}
	if (first_bad != SIZE_MAX)
		FUZZ_CHECK(n == EFI_MEMMAP_BAD_DESC || n == EFI_MEMMAP_TOO_MANY,
			   "descriptor %zu reaches past 2^64, but the map was "
			   "translated (%d)", first_bad, n);
	if (n == EFI_MEMMAP_BAD_DESC)
		FUZZ_CHECK(bad == first_bad, "descriptor %zu named as the one "
			   "past 2^64, it is %zu", bad, first_bad);
	FUZZ_CHECK(n == EFI_MEMMAP_TOO_MANY || n == EFI_MEMMAP_BAD_DESC ||
		   (n >= 0 && (unsigned int)n <= max),
		   "%d entries for a table of %u", n, max);
	FUZZ_CHECK(((const u8 *)&e820[max])[0] == 0xa5,
		   "the entry after the table's %u was written", max);
	if (n < 0) {
		free(map);
		return 0;
	}
	for (size_t off = 0; off + sizeof(struct efi_memory_desc) <= map_size;
	     off += desc_size) {
		const struct efi_memory_desc *d =
			(const void *)((const u8 *)map + off);

		want[e820_type(d->type)] += d->num_pages << EFI_PAGE_SHIFT;
	}
	for (int i = 0; i < n; i++) {
		const struct boot_e820_entry *e = &e820[i];

		FUZZ_CHECK(e->type < N_E820_TYPES && e->type,
			   "entry %d has type %u", i, e->type);
		FUZZ_CHECK(e->size, "entry %d at 0x%llx has size 0", i,
			   (unsigned long long)e->addr);
		got[e->type] += e->size;
		if (!i)
			continue;
		FUZZ_CHECK(e[-1].addr <= e->addr, "entry %d at 0x%llx comes "
			   "after one at 0x%llx", i, (unsigned long long)e->addr,
			   (unsigned long long)e[-1].addr);
		FUZZ_CHECK(e[-1].type != e->type ||
			   e[-1].addr + e[-1].size != e->addr,
			   "entries %d and %d, both of type %u, touch at 0x%llx "
			   "and were not merged", i - 1, i, e->type,
			   (unsigned long long)e->addr);
	}
	for (int t = 0; t < N_E820_TYPES; t++)
		FUZZ_CHECK(got[t] == want[t], "E820 type %d: the entries hold "
			   "0x%llx bytes, the descriptors 0x%llx", t,
			   (unsigned long long)got[t],
			   (unsigned long long)want[t]);
	free(map);
	return 0;
}
