// SPDX-License-Identifier: MIT
/*
 * The real-mode setup, in the order it runs: check that the image the
 * loader loaded is whole, take the header the loader filled in, find out
 * how much memory there is, and leave for protected mode, where the
 * decompressor (code32_start) takes over.
 */
#include "boot.h"

struct boot_params boot_params __aligned(16);

/*
 * The kernel receives a zero page whose header is the one the loader
 * modified in place; the rest of the page starts out zero.  A pre-2.02
 * loader passes the command line as a magic and an offset in our segment.
 */
static void copy_boot_params(void)
{
	const struct screen_info *old = (const struct screen_info *)0;

	memcpy(&boot_params.hdr, &hdr, sizeof(hdr));

	if (!boot_params.hdr.cmd_line_ptr && old->cl_magic == OLD_CL_MAGIC) {
		u16 offset = old->cl_offset;

		/* Old loaders put it below 0x9000 in the 0x9000 segment. */
		if (offset >= boot_params.hdr.setup_move_size)
			offset = 0;
		boot_params.hdr.cmd_line_ptr = ((u32)ds() << 4) + offset;
	}
}

void main(void)
{
	check_image();
	copy_boot_params();
	detect_memory();
	go_to_protected_mode();
}
