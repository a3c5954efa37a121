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

#endif
