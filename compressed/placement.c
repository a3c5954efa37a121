// SPDX-License-Identifier: MIT
/*
 * Before touching any memory beyond the image the loader placed: check
 * that paraboot's work area (misc.h) is RAM the loader left free, and say
 * where the decompressor moves itself.  Runs where the loader put us.
 */
#include <paraboot/layout.h>
#include "misc.h"

#define MiB(x)	((u64)(x) << 20)

static u64 work_area_end(void)
{
	return RELOCATED_START + SELF_SIZE;
}

/*
 * The first address in [start, end) that no E820 RAM entry covers, or end
 * if they cover it all.  Entries may come unsorted and overlapping.
 */
u64 first_non_ram(const struct boot_params *bp, u64 start, u64 end)
{
	u64 cur = start;
	bool advanced = true;

	while (cur < end && advanced) {
		advanced = false;
		for (unsigned int i = 0; i < bp->e820_entries &&
		     i < E820_MAX_ENTRIES_ZEROPAGE; i++) {
			const struct boot_e820_entry *e = &bp->e820_table[i];

			if (e->type == E820_TYPE_RAM && e->addr <= cur &&
			    e->addr + e->size > cur) {
				cur = e->addr + e->size;
				advanced = true;
			}
		}
	}
	return cur < end ? cur : end;
}

/* Memory above 1 MiB per the best answer the loader gave us. */
static void check_ram(const struct boot_params *bp, u64 start, u64 end)
{
	u64 hole, top;

	if (bp->e820_entries) {
		hole = first_non_ram(bp, start, end);
		if (hole < end)
			fatal("too little memory: paraboot needs RAM at "
			      "0x%llx-0x%llx, the E820 map has none at 0x%llx",
			      start, end, hole);
		return;
	}
	/* No E820: E801 (alt_mem_k) or 88h (ext_mem_k), both KiB above 1 MiB. */
	if (bp->alt_mem_k)
		top = MiB(1) + ((u64)bp->alt_mem_k << 10);
	else if (bp->screen_info.ext_mem_k)
		top = MiB(1) + ((u64)bp->screen_info.ext_mem_k << 10);
	else
		return;		/* nothing to check against */
	if (top < end)
		fatal("too little memory: paraboot needs RAM at 0x%llx-0x%llx, "
		      "the BIOS reports RAM up to 0x%llx", start, end, top);
}

static void check_clear(const char *what, u64 addr, u64 size, u64 start,
			u64 end)
{
	if (size && addr < end && addr + size > start)
		fatal("%s at 0x%llx-0x%llx overlaps paraboot's work area "
		      "0x%llx-0x%llx (too little memory below it?)",
		      what, addr, addr + size, start, end);
}

/*
 * The image is relocatable (header.S): the loader put this decompressor at
 * load_addr, 1 MiB (pref_address) or any other address, above 4 GiB too
 * from the 64-bit entry.  Only the kernel's place is fixed: the work area
 * from kernel_space_start, which the move below and the kernel then fill.
 * Loaded at 1 MiB, the copy lies where the work area was laid out around
 * it (mkbzimage: the moved decompressor never lands on it); loaded
 * anywhere else, it must lie outside the work area, or the move and the
 * kernel would overwrite the code that is doing them.
 */
unsigned long choose_destination(const struct boot_params *bp,
				 unsigned long load_addr)
{
	u64 start = KERNEL_SPACE_START, end = work_area_end();
	/* x86_64's startup_32 rounds its page tables up to a page. */
	u64 load = load_addr, load_end = PAGE_ALIGN(load) + SELF_SIZE;

	if (load != LOAD_PHYSICAL_ADDR && load < end && load_end > start)
		fatal("loaded at 0x%llx-0x%llx, across paraboot's work area "
		      "0x%llx-0x%llx, where the kernel goes (its place is "
		      "fixed): load the image at 0x%x or outside that area",
		      load, load_end, start, end, LOAD_PHYSICAL_ADDR);
	check_ram(bp, start, end);
	check_clear("the boot_params page", (uintptr_t)bp, sizeof(*bp),
		    start, end);
	check_clear("the initrd", bp->hdr.ramdisk_image, bp->hdr.ramdisk_size,
		    start, end);
	if (bp->hdr.cmd_line_ptr)
		check_clear("the command line", bp->hdr.cmd_line_ptr,
			    COMMAND_LINE_SIZE, start, end);
	return RELOCATED_START;
}
