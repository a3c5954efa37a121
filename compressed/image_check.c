// SPDX-License-Identifier: MIT
/*
 * The 32- and 64-bit entries' image check, the first C they run: is the
 * protected-mode part the loader placed here the one that was built,
 * whole?  (vmlinux.lds.S puts this file and what it calls ahead of the
 * payload, so a file cut short after them still gets here.)  Entered from
 * paraboot's own setup, which checked these very bytes before it jumped
 * here (arch-x86-boot/image_check.c), it does not read them again.
 *
 * A loader using these entries loads only the protected-mode part of the
 * file (boot.rst, "32-bit Boot Protocol"), the CRC32 trailer at its end
 * included; the setup sectors stay behind.  They do not need to be here:
 * the build leaves the CRC-32 register at 0 after them (their last word,
 * scripts/crc32-append), so the trailer, the register over the whole
 * file, is the register over this part started from 0.  What the check
 * cannot see: the setup sectors themselves, and the header fields the
 * loader copied into boot_params, except syssize.
 */
#include <paraboot/crc32.h>
#include <paraboot/image_check.h>
#include "misc.h"

#define PARAGRAPH	16

/* vmlinux.lds.S: where the trailer ends, in the file and here. */
extern const u8 image_end[];

void check_image(const struct boot_params *bp, unsigned long observed)
{
	const u8 *image = (const u8 *)startup_32;
	size_t len = image_end - image - CRC32_TRAILER_SIZE;
	u32 syssize = (image_end - image) / PARAGRAPH;
	u32 crc, trailer;

	if (OBSERVED_ENTRY(observed) == ENTRY_16)
		return;
	/*
	 * A loader that copied the header (boot.rst says to; lguest's
	 * launcher did not) copied the syssize it loaded by, if it used one.
	 */
	if (bp->hdr.header == HDRS_MAGIC && bp->hdr.syssize != syssize)
		fatal(IMAGE_DAMAGED "syssize is 0x%x paragraphs in the header "
		      "the loader copied, this image has 0x%x",
		      bp->hdr.syssize, syssize);

	memcpy(&trailer, image + len, sizeof(trailer));
	crc = ~crc32(CRC32_REGISTER_ZERO, image, len);
	if (crc != trailer)
		fatal(IMAGE_CRC_MISMATCH, crc, (unsigned long)(image + len),
		      trailer);
}
