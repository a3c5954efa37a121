/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 as used by gzip, PNG and Ethernet: reflected polynomial 0xEDB88320,
 * initial value ~0, final complement.  The interface matches zlib's crc32():
 * start with crc = 0 and feed the previous result back in to continue, so
 * crc32(crc32(0, a, n), b, m) is the CRC of a followed by b.
 */
#ifndef PARABOOT_CRC32_H
#define PARABOOT_CRC32_H

#include <paraboot/types.h>

u32 crc32(u32 crc, const void *buf, size_t len);

/*
 * For callers that fold the CRC into their own loop (inflate): the
 * slicing-by-8 tables, valid once crc32_init() has run, and one 8-byte
 * step on the register (the complemented CRC: reg = ~crc).
 */
#define CRC32_SLICES	8
extern u32 crc32_table[CRC32_SLICES][256];
void crc32_init(void);

static inline __attribute__((always_inline)) u32
crc32_step8(u32 reg, const u8 *p)
{
	const u32 (*t)[256] = crc32_table;
	u32 lo, hi;

	/* x86 only: unaligned little-endian loads are native */
	__builtin_memcpy(&lo, p, 4);
	__builtin_memcpy(&hi, p + 4, 4);
	lo ^= reg;
	return t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
	       t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
	       t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
	       t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
}

#endif
