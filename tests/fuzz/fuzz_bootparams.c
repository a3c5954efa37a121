// SPDX-License-Identifier: MIT
/*
 * The boot protocol's intake (boot.rst, zero-page.rst): what a loader
 * hands over in boot_params, through every piece of C that reads it.
 *
 * Input: the zero page (4096 bytes; shorter is zero-padded), then the
 * bytes a loader left at cmd_line_ptr (in the model of physical memory).
 *
 * 1. The decompressor: choose_destination() (compressed/placement.c) with
 *    the x86_64 image's real work area: its E820 walk (unsorted,
 *    overlapping, absurd entries), the initrd and command line overlap
 *    checks.  A refusal is a named error.  An acceptance must mean that
 *    the work area is RAM by the E820 map (when there is one) and that
 *    neither the initrd nor the command line lies in it.
 * 2. The kernel: head_{32,64}.S's copies (kernel_host.c), then
 *    start_kernel() on a PC platform: sanitize_boot_params() (the
 *    sentinel), the command line's length, the E820 table, the initrd
 *    fields, the boot report (version, loadflags, type_of_loader).  It
 *    must end in a whole report or one named error (kernel_host.c), and
 *    read nothing of the initrd outside the direct map.
 *
 * hardware_subarch and the protocol version choose the entry in
 * head_{32,64}.S (assembly, not run here): the harness takes the PC
 * entry, which is what a subarch of 0, or a version before 2.07, gets.
 */
#include "kernel_host.h"
#include <paraboot/layout.h>

/*
 * The decompressor's own symbols: placement.c measures itself as
 * _end - startup_32, which is ZO__end (layout.h).
 */
#define ZO_START	zo_startup_32
#define ZO_END		zo_end
#include "workarea.h"
#define startup_32 zo_startup_32
#define _end zo_end
#include "../../compressed/placement.c"
#undef startup_32
#undef _end

#define MiB(x)	((u64)(x) << 20)

struct range {
	u64 start, end;
};

static bool meet(struct range a, u64 start, u64 end)
{
	return a.start < end && start < a.end;
}

/* Whether E820 RAM covers [start, end): sorted coverage, no shortcut
 * shared with placement.c's walk. */
static bool ram_covers(const struct boot_params *bp, u64 start, u64 end)
{
	u64 cur = start;

	for (;;) {
		u64 best = cur;

		for (unsigned int i = 0; i < bp->e820_entries &&
		     i < E820_MAX_ENTRIES_ZEROPAGE; i++) {
			const struct boot_e820_entry *e = &bp->e820_table[i];
			u64 e_end = e->addr + e->size;

			if (e_end < e->addr)
				e_end = ~0ULL;	/* runs to the top */
			if (e->type == E820_TYPE_RAM && e->addr <= cur &&
			    e_end > best)
				best = e_end;
		}
		if (best >= end)
			return true;
		if (best == cur)
			return false;
		cur = best;
	}
}

static void check_placement(const struct boot_params *bp)
{
	struct range work = { KERNEL_SPACE_START, work_area_end() };
	const struct setup_header *h = &bp->hdr;

	if (bp->e820_entries)
		FUZZ_CHECK(ram_covers(bp, work.start, work.end),
			   "work area 0x%llx-0x%llx accepted, not all RAM",
			   work.start, work.end);
	if (h->ramdisk_size)
		FUZZ_CHECK(!meet(work, h->ramdisk_image,
				 (u64)h->ramdisk_image + h->ramdisk_size),
			   "initrd at 0x%x+0x%x accepted in the work area",
			   h->ramdisk_image, h->ramdisk_size);
	if (h->cmd_line_ptr)
		FUZZ_CHECK(!meet(work, h->cmd_line_ptr,
				 (u64)h->cmd_line_ptr + COMMAND_LINE_SIZE),
			   "command line at 0x%x accepted in the work area",
			   h->cmd_line_ptr);
}

static void decompressor(void *bp)
{
	choose_destination(bp, LOAD_PHYSICAL_ADDR);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct boot_params bp;
	static struct platform pc = {
		.subarch = "pc", .ring = 0, .entry = ENTRY_32,
		.paging = PAGING_NONE, .entry_phys = LOAD_PHYSICAL_ADDR,
	};
	size_t page = n < sizeof(bp) ? n : sizeof(bp);

	phys_init();
	phys_reset();
	kernel_reset();
	memset(&bp, 0, sizeof(bp));
	memcpy(&bp, data, page);
	if (bp.hdr.cmd_line_ptr)
		phys_write(bp.hdr.cmd_line_ptr, data + page, n - page);

	if (kernel_run(decompressor, &bp) == KERNEL_ERROR) {
		kernel_check_report(KERNEL_ERROR);
		return 0;
	}
	check_placement(&bp);

	kernel_reset();
	head_copy(&bp);
	kernel_install(&pc);
	kernel_boot();
	return 0;
}
