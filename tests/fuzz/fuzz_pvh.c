// SPDX-License-Identifier: MIT
/*
 * PVH intake: struct hvm_start_info and what it points to (Xen's
 * docs/misc/pvh.pandoc and public/arch-x86/hvm/start_info.h) through
 * arch-x86-kernel/pvh.c's pvh_prepare(), then the kernel as the
 * boot-protocol entry runs it on the zero page pvh_prepare() built.
 *
 * Input: the start_info (56 bytes; shorter is zero-padded), then the
 * memory map (memmap_entries entries of 24 bytes, at most 128, as far as
 * the input goes), one module list entry (32 bytes), and the command
 * line (the rest).  Each is written to the model of physical memory at
 * the address start_info gives it.
 *
 * A refusal (fatal()) is a named error.  An acceptance must mean: the
 * zero page's E820 table is the memory map, entry for entry; the command
 * line pointer is the start_info's; module 0 became the initrd with its
 * size, left where it was if the direct map reaches it, else moved to
 * page-aligned RAM between the kernel's end and the direct map's end
 * (the move is checked where pvh.c makes it, and not copied when larger
 * than a MiB: nothing reads the contents).  Then the kernel must end in
 * a whole report or one named error (kernel_host.c).
 */
#include "kernel_host.h"
#include <paraboot/layout.h>
#include <paraboot/pvh.h>
#include "layout.h"		/* generated (x86_64): the kernel's extent */

#define PAGE		4096ULL
#define KERNEL_END	((u64)FUZZ_KERNEL_SPACE_END)

static void *pvh_memmove(void *dst, const void *src, size_t n);
static bool on_xen_once(void);

#define phys_ptr(pa)		((void *)(phys_base + (pa)))
#define kernel_end_phys()	KERNEL_END
#define hypervisor_is_xen()	on_xen_once()
#define memmove pvh_memmove
#include "../../arch-x86-kernel/pvh.c"
#undef memmove

static bool moved;

/* pvh.c's own on_xen(), asked once: the answer is the machine's. */
static bool on_xen_once(void)
{
	static int answer = -1;

	if (answer < 0)
		answer = on_xen();
	return answer;
}

/* RAM in the zero page's E820 table holding all of [start, end). */
static bool in_one_ram_entry(u64 start, u64 end)
{
	for (unsigned int i = 0; i < pvh_boot_params.e820_entries; i++) {
		const struct boot_e820_entry *e = &pvh_boot_params.e820_table[i];

		if (e->type == E820_TYPE_RAM && e->addr <= start &&
		    end - e->addr <= e->size)
			return true;
	}
	return false;
}

/* take_initrd()'s move of the initrd below the direct map's end. */
static void *pvh_memmove(void *dst, const void *src, size_t n)
{
	u64 to = (u64)((u8 *)dst - phys_base);
	u64 from = (u64)((const u8 *)src - phys_base);

	FUZZ_CHECK(phys_inside(from, n), "initrd moved from 0x%llx+0x%zx, "
		   "outside physical memory below 4 GiB", from, n);
	FUZZ_CHECK(!(to % PAGE) && to >= KERNEL_END && to <= DIRECT_MAP_SIZE &&
		   n <= DIRECT_MAP_SIZE - to && in_one_ram_entry(to, to + n),
		   "initrd moved to 0x%llx+0x%zx: not page-aligned RAM between "
		   "the kernel's end 0x%llx and 0x%llx", to, n, KERNEL_END,
		   (u64)DIRECT_MAP_SIZE);
	if (n <= (1u << 20)) {
		phys_dirty(to, n);
		memmove(dst, src, n);
	}
	moved = true;
	return dst;
}

static void prepare(void *si)
{
	pvh_prepare(si);
}

/* What start_info pointed at, as it was before pvh_prepare(): moving
 * the initrd may overwrite what it has consumed already, but never the
 * command line, which the kernel head copies later. */
static struct hvm_memmap_table_entry map_before[128];
static struct hvm_modlist_entry mod;
static uint8_t cmdline_before[COMMAND_LINE_SIZE + 1];

static void snapshot(const struct hvm_start_info *si)
{
	memset(map_before, 0, sizeof(map_before));
	memset(&mod, 0, sizeof(mod));
	memset(cmdline_before, 0, sizeof(cmdline_before));
	if (phys_inside(si->memmap_paddr, MIN(si->memmap_entries, 128u) * 24ULL))
		memcpy(map_before, phys_base + si->memmap_paddr,
		       MIN(si->memmap_entries, 128u) * 24);
	if (phys_inside(si->modlist_paddr, sizeof(mod)))
		memcpy(&mod, phys_base + si->modlist_paddr, sizeof(mod));
	if (phys_inside(si->cmdline_paddr, sizeof(cmdline_before)))
		memcpy(cmdline_before, phys_base + si->cmdline_paddr,
		       sizeof(cmdline_before));
}

static void check_prepared(const struct hvm_start_info *si)
{
	const struct boot_params *bp = &pvh_boot_params;

	FUZZ_CHECK(bp->e820_entries == si->memmap_entries &&
		   phys_inside(si->memmap_paddr, si->memmap_entries * 24ULL),
		   "%u E820 entries from a map of %u", bp->e820_entries,
		   si->memmap_entries);
	for (unsigned int i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];
		const struct hvm_memmap_table_entry m = map_before[i];

		FUZZ_CHECK(e->addr == m.addr && e->size == m.size &&
			   e->type == m.type, "E820 entry %u differs", i);
	}
	FUZZ_CHECK(bp->hdr.cmd_line_ptr == si->cmdline_paddr,
		   "cmd_line_ptr 0x%x for a command line at 0x%llx",
		   bp->hdr.cmd_line_ptr, si->cmdline_paddr);
	FUZZ_CHECK(!si->cmdline_paddr ||
		   !phys_inside(si->cmdline_paddr, sizeof(cmdline_before)) ||
		   !memcmp(cmdline_before, phys_base + si->cmdline_paddr,
			   sizeof(cmdline_before)),
		   "the command line at 0x%llx changed under pvh_prepare()",
		   si->cmdline_paddr);
	if (!si->nr_modules) {
		FUZZ_CHECK(!bp->hdr.ramdisk_size, "an initrd without modules");
		return;
	}
	FUZZ_CHECK(bp->hdr.ramdisk_size == mod.size,
		   "module 0 of 0x%llx bytes became an initrd of 0x%x",
		   mod.size, bp->hdr.ramdisk_size);
	if (mod.size && mod.paddr + mod.size <= DIRECT_MAP_SIZE)
		FUZZ_CHECK(!moved && bp->hdr.ramdisk_image == mod.paddr,
			   "module 0 at 0x%llx, in the direct map, became an "
			   "initrd at 0x%x", mod.paddr, bp->hdr.ramdisk_image);
	else if (mod.size)
		FUZZ_CHECK(moved, "module 0 at 0x%llx+0x%llx, past the direct "
			   "map, was not moved", mod.paddr, mod.size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct hvm_start_info si;
	static struct platform pc = {
		.subarch = "pc", .ring = 0, .entry = ENTRY_PVH,
		.paging = PAGING_NONE, .entry_phys = LOAD_PHYSICAL_ADDR,
	};
	size_t pos = MIN(n, sizeof(si)), len;

	phys_init();
	phys_reset();
	kernel_reset();
	moved = false;
	memset(&si, 0, sizeof(si));
	memcpy(&si, data, pos);
	len = MIN(n - pos, MIN(si.memmap_entries, 128u) * 24);
	phys_write(si.memmap_paddr, data + pos, len);
	pos += len;
	len = MIN(n - pos, sizeof(struct hvm_modlist_entry));
	phys_write(si.modlist_paddr, data + pos, len);
	pos += len;
	phys_write(si.cmdline_paddr, data + pos, n - pos);

	snapshot(&si);
	if (kernel_run(prepare, &si) == KERNEL_ERROR) {
		kernel_check_report(KERNEL_ERROR);
		return 0;
	}
	check_prepared(&si);
	head_copy(&pvh_boot_params);
	kernel_install(&pc);
	kernel_boot();
	return 0;
}
