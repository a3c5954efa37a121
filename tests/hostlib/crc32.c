// SPDX-License-Identifier: MIT
#include "crc32.h"

u32 crc32(const void *p, size_t len)
{
	const u8 *b = p;
	u32 crc = 0xffffffff;

	while (len--) {
		crc ^= *b++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}
