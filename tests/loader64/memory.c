// SPDX-License-Identifier: MIT
/*
 * Where things may go.  QEMU put this loader at 64 MiB (its link address)
 * and the modules right above it; the kernel goes at 1 MiB and needs
 * init_size bytes of RAM there; the initrd goes as high as it can below
 * min(initrd_addr_max, 4 GiB), above the kernel.
 */
#include "loader64.h"
#include <paraboot/x86.h>
#include "multiboot.h"
#include "string.h"

extern u8 __loader_start[], __loader_end[];

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static bool hits_loader(u64 addr, u64 len)
{
	return overlaps(addr, len, (uintptr_t)__loader_start,
			__loader_end - __loader_start) ||
		overlaps(addr, len, BOOT_PARAMS_ADDR,
			 HANDOFF_END - BOOT_PARAMS_ADDR);
}

void memory_make_room(struct boot_info *bi, const struct kernel *k)
{
	u32 free = ALIGN_UP(bi->end, PAGE_SIZE);

	if (!memmap_is_ram(bi, BOOT_PARAMS_ADDR, HANDOFF_END - BOOT_PARAMS_ADDR))
		fail("no RAM at %#x for boot_params and page tables",
		     BOOT_PARAMS_ADDR);
	if (!memmap_is_ram(bi, k->load, k->mem_size))
		fail("the kernel's memory [%#llx, %#llx) is not all RAM", k->load,
		     k->load + k->mem_size);
	if (hits_loader(k->load, k->mem_size))
		fail("the kernel's memory [%#llx, %#llx) overlaps this loader "
		     "[%#x, %#x)", k->load, k->load + k->mem_size,
		     (u32)(uintptr_t)__loader_start, (u32)(uintptr_t)__loader_end);

	/* Copy modules the kernel would overwrite above everything else. */
	for (u32 i = 0; i < bi->nr_modules; i++) {
		struct module *m = &bi->modules[i];

		if (!overlaps((uintptr_t)m->data, m->size, k->load, k->mem_size))
			continue;
		if (!memmap_is_ram(bi, free, m->size))
			fail("no RAM to move module %u (%u bytes) out of the "
			     "kernel's way", i, m->size);
		memmove((void *)(uintptr_t)free, m->data, m->size);
		m->data = (const u8 *)(uintptr_t)free;
		free = ALIGN_UP(free + m->size, PAGE_SIZE);
	}
}

u32 memory_place_initrd(const struct boot_info *bi, const struct kernel *k,
			u32 size, u32 limit)
{
	/* Above the kernel, and above the fixed work area of a relocatable
	 * image loaded elsewhere (1 MiB + init_size: paraboot's). */
	u64 floor = MAX(k->load < limit ? k->load + k->mem_size : 0,
			(u64)KERNEL_LOAD + k->init_size), best = 0;

	for (u32 i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];
		u64 end = MIN(e->addr + e->len, (u64)limit + 1);
		u64 tops[2] = { end, (uintptr_t)__loader_start };

		if (e->type != MULTIBOOT_MEMORY_AVAILABLE)
			continue;
		for (u32 t = 0; t < 2; t++) {
			u64 addr;

			if (tops[t] > end || tops[t] < size)
				continue;
			addr = ALIGN_DOWN(tops[t] - size, PAGE_SIZE);
			if (addr < e->addr || addr < floor || addr <= best ||
			    hits_loader(addr, size))
				continue;
			best = addr;
		}
	}
	if (!best)
		fail("no room for the initrd (%u bytes) between %#x and %#x",
		     size, (u32)floor, limit);
	return best;
}
