// SPDX-License-Identifier: MIT
/*
 * The setup's image check, the first thing main() does: is the image the
 * loader loaded the one that was built, whole?  In order:
 *
 * 1. setup_sects and syssize, the lengths the loader went by, against
 *    the ones this setup was linked with; and the two boot loader hooks
 *    (boot.rst, "Advanced Boot Loader Hooks"), which would run code
 *    nobody checked and which a damaged header makes up;
 * 2. the setup sectors: they end with their own CRC-32 register
 *    (scripts/crc32-append), so the register over them is 0, counting
 *    the header fields a loader writes at the values the file has there;
 * 3. the protected-mode part, where boot.rst has a loader put a bzImage's
 *    (0x100000): continuing from 2, the CRC-32 of the file up to its
 *    trailer must be the trailer.
 *
 * It cannot protect what runs before it ends (header.S's entry, main(),
 * this file, lib/crc32.c, lib/printf.c, tty.c, a20.c, pm.c's
 * reach_high_memory()), nor the loader's fields, which are the loader's.
 */
#include <paraboot/crc32.h>
#include <paraboot/image_check.h>
#include <paraboot/layout.h>
#include "boot.h"

#define SECTOR		512
#define PARAGRAPH	16

/* setup.ld: the setup sectors, from the boot sector to the CRC word,
 * and the protected-mode part's length. */
extern const u8 bootsect_start[], setup_end[], _end[], syssize_value[];

/*
 * The header fields boot.rst marks write or modify (and the pre-2.02
 * command-line words), in file order, with the value the image file
 * has there (header.S; bytes past the fourth are 0).  Their loaded
 * values are the loader's, so their file values cannot be checked.
 */
struct loader_field {
	u16 offset;		/* in the setup sectors, as in boot_params */
	u8 size;
	u8 bits;		/* the bits of each byte the loader owns */
	u32 value;
};

static const struct loader_field loader_fields[] = {
	{ BP_cl_magic, 4, 0xff, 0 },		/* and cl_offset */
	{ BP_root_flags, 2, 0xff, 0 },
	{ BP_vid_mode, 2, 0xff, VID_MODE_NORMAL },
	{ BP_root_dev, 2, 0xff, 0 },
	{ BP_type_of_loader, 1, 0xff, 0 },
	{ BP_loadflags, 1, QUIET_FLAG | KEEP_SEGMENTS | CAN_USE_HEAP, 0 },
	{ BP_setup_move_size, 2, 0xff, SETUP_MOVE_SIZE },
	{ BP_ramdisk_image, 8, 0xff, 0 },	/* and ramdisk_size */
	{ BP_heap_end_ptr, 2, 0xff, (uintptr_t)HEAP_END_PTR_DEFAULT },
	{ BP_ext_loader_ver, 2, 0xff, 0 },	/* and ext_loader_type */
	{ BP_cmd_line_ptr, 4, 0xff, 0 },
	{ BP_hardware_subarch, 12, 0xff, 0 },	/* and its _data */
	{ BP_setup_data, 8, 0xff, 0 },
};

/* Bytes above 1 MiB are read in pieces into here. */
static u32 chunk[1024];

static void check_lengths(void)
{
	u32 setup_sects = (uintptr_t)setup_end / SECTOR - 1;
	u32 syssize = (uintptr_t)syssize_value;

	if (hdr.setup_sects != setup_sects)
		die(IMAGE_DAMAGED "setup_sects is %u in the header, this image "
		    "has %u", hdr.setup_sects, setup_sects);
	if (hdr.syssize != syssize)
		die(IMAGE_DAMAGED "syssize is 0x%x paragraphs in the header, "
		    "this image has 0x%x", hdr.syssize, syssize);
	if (hdr.realmode_swtch)
		die(IMAGE_DAMAGED "realmode_swtch is 0x%08x, not 0: a damaged "
		    "header, or a boot loader hook, which paraboot does not "
		    "run", hdr.realmode_swtch);
	if (hdr.code32_start != LOAD_PHYSICAL_ADDR)
		die(IMAGE_DAMAGED "code32_start is 0x%08x, not 0x%08x: a "
		    "damaged header, or a boot loader hook, which paraboot "
		    "does not run", hdr.code32_start, LOAD_PHYSICAL_ADDR);
}

/* The CRC-32 of the setup sectors as the file has them. */
static u32 crc_setup_sectors(u32 size)
{
	const struct loader_field *f;
	u32 crc = 0, pos = 0;

	for (f = loader_fields; f < loader_fields + ARRAY_SIZE(loader_fields);
	     f++) {
		crc = crc32(crc, bootsect_start + pos, f->offset - pos);
		for (pos = f->offset; pos < f->offset + f->size; pos++) {
			u32 i = pos - f->offset;
			u8 file = i < sizeof(f->value) ? f->value >> (8 * i) : 0;
			u8 b = (bootsect_start[pos] & ~f->bits) |
			       (file & f->bits);

			crc = crc32(crc, &b, 1);
		}
	}
	return crc32(crc, bootsect_start + pos, size - pos);
}

/* n bytes from linear address src (reach_high_memory() made %fs reach
 * it) to dst in our segment, four at a time while it can. */
static void copy_from_linear(void *dst, u32 src, u32 n)
{
	u32 words = n / 4, bytes = n % 4;

	asm volatile("rep; movsl %%fs:(%%esi), %%es:(%%edi)\n\t"
		     "movl %3, %%ecx\n\t"
		     "rep; movsb %%fs:(%%esi), %%es:(%%edi)"
		     : "+S"(src), "+D"(dst), "+c"(words) : "r"(bytes)
		     : "memory");
}

void check_image(void)
{
	u32 setup_size = (uintptr_t)setup_end;
	u32 len = (uintptr_t)syssize_value * PARAGRAPH - CRC32_TRAILER_SIZE;
	u32 pos, n, crc, trailer;

	check_lengths();

	crc = crc_setup_sectors(setup_size);
	if (crc != CRC32_REGISTER_ZERO)
		die(IMAGE_DAMAGED "the setup sectors (0x%x bytes) fail their "
		    "CRC-32 check: register 0x%08x after them, 0 if whole",
		    setup_size, ~crc);

	if (enable_a20())
		die("A20 gate could not be enabled (BIOS, keyboard controller "
		    "and port 0x92 all failed)");
	reach_high_memory();
	for (pos = 0; pos < len; pos += n) {
		n = len - pos < sizeof(chunk) ? len - pos : sizeof(chunk);
		copy_from_linear(chunk, LOAD_PHYSICAL_ADDR + pos, n);
		crc = crc32(crc, chunk, n);
	}
	copy_from_linear(&trailer, LOAD_PHYSICAL_ADDR + len, sizeof(trailer));
	if (~crc != trailer)
		die(IMAGE_CRC_MISMATCH, ~crc,
		    (unsigned long)LOAD_PHYSICAL_ADDR + len, trailer);
}
