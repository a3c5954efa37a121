// SPDX-License-Identifier: MIT
#include "bzimage.h"
#include <paraboot/bootparam.h>

u32 bz_read(const struct image *img, u32 off, u32 width)
{
	u32 v = 0;

	if (off > img->size || width > img->size - off)
		return 0;
	while (width--)
		v = (v << 8) | img->data[off + width];
	return v;
}

bool bz_has_header(const struct image *img)
{
	return bz_u32(img, BP_header) == HDRS_MAGIC;
}

u32 bz_pm_offset(const struct image *img, bool zero_means_four)
{
	u32 sects = bz_u8(img, BP_setup_sects);

	if (sects == 0 && zero_means_four)
		sects = 4;
	return (sects + 1) * 512;
}
