/* SPDX-License-Identifier: MIT */
/* CRC-32 (IEEE 802.3, as zlib.crc32 and paraboot's initrd report). */
#ifndef HOSTLIB_CRC32_H
#define HOSTLIB_CRC32_H

#include <paraboot/types.h>

u32 crc32(const void *p, size_t len);

#endif
