/* SPDX-License-Identifier: MIT */
/*
 * The image check's terms, shared by the setup (arch-x86-boot/) and the
 * 32/64-bit entries (compressed/): what scripts/crc32-append wrote into
 * the image, and the words every failure starts with.
 */
#ifndef PARABOOT_IMAGE_CHECK_H
#define PARABOOT_IMAGE_CHECK_H

/*
 * Bytes followed by their own CRC-32 register (as Linux's
 * arch/x86/boot/tools/build.c keeps it: initial value 0xffffffff, no
 * final inversion, little-endian) leave a register of 0, which crc32()
 * returns complemented.  crc32-append ends the setup sectors with their
 * register and the file with its trailer, so both are checked this way.
 */
#define CRC32_REGISTER_ZERO	0xffffffffu
#define CRC32_TRAILER_SIZE	4

#define IMAGE_DAMAGED		"image damaged or incomplete: "

/* The trailer check, in the same words from every entry.  The CRC is the
 * trailer's: of the whole file up to the trailer. */
#define IMAGE_CRC_MISMATCH	IMAGE_DAMAGED "the image's CRC-32 is 0x%08x, " \
	"its trailer (its last 4 bytes, at 0x%lx) says 0x%08x"

#endif
