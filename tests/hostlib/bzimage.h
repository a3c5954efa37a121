/* SPDX-License-Identifier: MIT */
/*
 * Reading a bzImage's setup header straight from the file, bounds-checked:
 * a field beyond the end of the file reads as 0.  Offsets are the BP_*
 * constants of <paraboot/bootparam.h> (file offset == boot_params offset).
 */
#ifndef HOSTLIB_BZIMAGE_H
#define HOSTLIB_BZIMAGE_H

#include <paraboot/types.h>

struct image {
	const u8 *data;
	u32 size;
};

u32 bz_read(const struct image *img, u32 off, u32 width);
#define bz_u8(img, off)		((u8)bz_read(img, off, 1))
#define bz_u16(img, off)	((u16)bz_read(img, off, 2))
#define bz_u32(img, off)	bz_read(img, off, 4)

/* True if the file carries "HdrS" at 0x202. */
bool bz_has_header(const struct image *img);

/*
 * File offset of the protected-mode part, (setup_sects + 1) * 512.
 * boot.rst says setup_sects 0 means 4; the 2.6.24 lguest launcher did not
 * know that rule, so the caller chooses.
 */
u32 bz_pm_offset(const struct image *img, bool zero_means_four);

#endif
