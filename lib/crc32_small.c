// SPDX-License-Identifier: MIT
/*
 * CRC-32 (gzip/zlib flavour, include/paraboot/crc32.h) a byte at a time
 * from one 256-entry table: the real-mode setup's.  The setup is read by
 * every loader and counted in every image, so its few hundred bytes of
 * code matter more there than lib/crc32.c's slicing-by-8 speed: this
 * loop is ~60 bytes where that one is ~1.4 KiB.
 *
 * table[b] is the register contribution of byte b (reflected polynomial
 * 0xEDB88320, RFC 1952 section 8).  The 1 KiB table is computed on first
 * use into .bss; readiness is judged from the last entry written, as in
 * lib/crc32.c, so a call before .bss is cleared can at worst recompute it.
 */
#include <paraboot/crc32.h>

#define CRC32_POLY	0xedb88320u
#define LAST_ENTRY	0x2d02ef8du	/* table[255], written last */

static u32 crc_table[256];

static void crc32_make_table(void)
{
	unsigned int b, i;

	for (b = 0; b < 256; b++) {
		u32 c = b;

		for (i = 0; i < 8; i++)
			c = (c >> 1) ^ (CRC32_POLY & (0u - (c & 1)));
		crc_table[b] = c;
	}
}

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 reg;

	if (unlikely(crc_table[255] != LAST_ENTRY))
		crc32_make_table();

	reg = ~crc;
	while (len--)
		reg = (reg >> 8) ^ crc_table[(reg ^ *p++) & 0xff];
	return ~reg;
}
