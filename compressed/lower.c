// SPDX-License-Identifier: MIT
/*
 * XLF_CAN_BE_LOADED_ABOVE_4G (boot.rst) tells a 64-bit loader that the
 * zero page, the command line and the initrd may lie anywhere: kexec's
 * kexec_file_load puts them top-down in all of RAM (the zero-page.rst
 * ext_* fields carry the high halves), QEMU puts the initrd below 4 GiB
 * but past initrd_addr_max.  paraboot's kernel reaches the low 4 GiB and
 * its initrd through the direct map, so, still on the loader's identity
 * map (which boot.rst's 64-bit protocol says covers the zero page and the
 * command line; kexec maps all RAM), what lies out of reach is copied to
 * the "low area" right above the work area:
 *
 *   [low, low + 4 KiB)         the zero page, if it lies above 4 GiB
 *   [low + 4 KiB, low + 8 KiB) the command line, if above 4 GiB
 *   [low + 8 KiB, ...)         the initrd, if it ends past the direct map
 *
 * The kernel (paraboot's, or a wrapped Linux, which reserves its initrd
 * from ramdisk_image) never writes above its work area before it has
 * taken them.  The low area must be RAM and clear of the loaded image and
 * of what stays where it is: else a named error.
 */
#include <paraboot/layout.h>
#include "misc.h"

#define FOUR_GIB	((u64)1 << 32)
#define LOW_BP		0
#define LOW_CMDLINE	4096
#define LOW_INITRD	8192

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

struct span {
	const char *what;
	u64 addr, size;
};

/* The low area [dst, dst + size) must be RAM and touch none of keep[]. */
static void check_low_area(const struct boot_params *bp, u64 dst, u64 size,
			   const struct span *keep, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (overlaps(dst, size, keep[i].addr, keep[i].size))
			fatal("%s at 0x%llx-0x%llx is in the way of the low area "
			      "0x%llx-0x%llx, where paraboot copies what a "
			      "64-bit loader put out of its reach",
			      keep[i].what, keep[i].addr,
			      keep[i].addr + keep[i].size, dst, dst + size);
	if (first_non_ram(bp, dst, dst + size) < dst + size)
		fatal("no RAM for the low area 0x%llx-0x%llx, where paraboot "
		      "copies what a 64-bit loader put out of its reach", dst,
		      dst + size);
}

struct boot_params *lower_boot_data(struct boot_params *bp,
				    unsigned long load_addr)
{
	u64 low = PAGE_ALIGN(RELOCATED_START + SELF_SIZE);
	u64 bp_addr = (uintptr_t)bp, cmdline, initrd, size;
	bool sane = !bp->sentinel;	/* else ext_* hold boot-sector bytes */
	bool move_bp, move_cmdline, move_initrd;
	struct span keep[4];
	unsigned int n = 0;

	cmdline = bp->hdr.cmd_line_ptr |
		  (sane ? (u64)bp->ext_cmd_line_ptr << 32 : 0);
	initrd = bp->hdr.ramdisk_image |
		 (sane ? (u64)bp->ext_ramdisk_image << 32 : 0);
	size = bp->hdr.ramdisk_size;
	if (sane && bp->ext_ramdisk_size)
		fatal("the initrd's size has a high half (ext_ramdisk_size "
		      "0x%x): paraboot takes an initrd below 4 GiB in size",
		      bp->ext_ramdisk_size);

	move_bp = bp_addr + sizeof(*bp) > FOUR_GIB;
	move_cmdline = cmdline >= FOUR_GIB;
	/* An initrd that is not all RAM stays: the kernel names that error. */
	move_initrd = size && initrd + size > DIRECT_MAP_SIZE &&
		      first_non_ram(bp, initrd, initrd + size) == initrd + size;
	if (!move_bp && !move_cmdline && !move_initrd)
		return bp;

	keep[n++] = (struct span){ "the loaded image", load_addr,
				   PAGE_ALIGN(load_addr) + SELF_SIZE - load_addr };
	if (!move_bp)
		keep[n++] = (struct span){ "the boot_params page", bp_addr,
					   sizeof(*bp) };
	if (!move_cmdline && cmdline)
		keep[n++] = (struct span){ "the command line", cmdline,
					   COMMAND_LINE_SIZE };
	if (!move_initrd)
		keep[n++] = (struct span){ "the initrd", initrd, size };
	check_low_area(bp, low, LOW_INITRD + (move_initrd ? size : 0), keep, n);
	if (move_initrd && low + LOW_INITRD + size > DIRECT_MAP_SIZE)
		fatal("the initrd (%llu bytes) does not fit below 0x%llx "
		      "above the work area", size, (u64)DIRECT_MAP_SIZE);

	/* The initrd first: the zero page still says where it is. */
	if (move_initrd) {
		memmove((void *)(uintptr_t)(low + LOW_INITRD),
			(const void *)(uintptr_t)initrd, size);
		bp->hdr.ramdisk_image = low + LOW_INITRD;
		bp->ext_ramdisk_image = 0;
	}
	if (move_cmdline) {
		char *dst = (char *)(uintptr_t)(low + LOW_CMDLINE);
		const char *src = (const char *)(uintptr_t)cmdline;
		size_t len = strnlen(src, COMMAND_LINE_SIZE);

		/* Too long stays too long: the kernel names that error. */
		memcpy(dst, src, len);
		dst[len] = '\0';
		bp->hdr.cmd_line_ptr = low + LOW_CMDLINE;
		bp->ext_cmd_line_ptr = 0;
	}
	if (move_bp) {
		memcpy((void *)(uintptr_t)(low + LOW_BP), bp, sizeof(*bp));
		bp = (struct boot_params *)(uintptr_t)(low + LOW_BP);
	}
	return bp;
}
