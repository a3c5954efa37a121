// SPDX-License-Identifier: MIT
/*
 * LZ4 payloads (mkbzimage --compress=lz4): `lz4 -l -9` of the kernel ELF,
 * a legacy frame (lz4's doc/lz4_Frame_format.md) decoded by lib/unlz4.c.
 * What the lz4 tool writes, then the uncompressed size as Linux's
 * vmlinux.bin.lz4 has it (codec.h: Xen's builders read it).  The legacy
 * frame has no checksum: decompress.c checks the output's CRC-32 against
 * z_output_crc32.
 */
#include <paraboot/unlz4.h>
#include "codec.h"

const char payload_codec[] = "lz4";

int payload_decode(const u8 *in, size_t in_len, u8 *out, size_t cap,
		   size_t *out_len, u32 *crc, bool *crc_known)
{
	u32 size;
	int rc;

	*crc = 0;
	*crc_known = false;
	*out_len = 0;
	if (!payload_take_size(in, &in_len, &size))
		return PAYLOAD_ERR_NO_SIZE;
	rc = unlz4(in, in_len, out, cap, out_len);
	if (!rc && *out_len != size)
		rc = PAYLOAD_ERR_SIZE;
	return rc;
}

const char *payload_strerror(int status)
{
	const char *why = payload_size_strerror(status);

	return why ? why : unlz4_strerror(status);
}
