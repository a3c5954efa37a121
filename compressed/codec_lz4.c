// SPDX-License-Identifier: MIT
/*
 * LZ4 payloads (mkbzimage --compress=lz4): `lz4 -l -9` of the kernel ELF,
 * a legacy frame (lz4's doc/lz4_Frame_format.md) decoded by lib/unlz4.c.
 * Exactly what the lz4 tool writes: unlike Linux's vmlinux.bin.lz4, no
 * uncompressed size is appended, since piggy.S's z_output_len already
 * says it.  The legacy frame has no checksum: decompress.c checks the
 * output's CRC-32 against z_output_crc32.
 */
#include <paraboot/unlz4.h>
#include "codec.h"

const char payload_codec[] = "lz4";

int payload_decode(const u8 *in, size_t in_len, u8 *out, size_t cap,
		   size_t *out_len, u32 *crc, bool *crc_known)
{
	*crc = 0;
	*crc_known = false;
	return unlz4(in, in_len, out, cap, out_len);
}

const char *payload_strerror(int status)
{
	return unlz4_strerror(status);
}
