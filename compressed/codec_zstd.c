// SPDX-License-Identifier: MIT
/*
 * zstd payloads (mkbzimage --compress=zstd): what `zstd -19` or
 * `zstd --ultra -22` writes of the kernel ELF, one Zstandard frame
 * (RFC 8878), then the uncompressed size as Linux's vmlinux.bin.zst has
 * it (codec.h: Xen's builders read it), decoded by lib/unzstd.c (lib/zstd_fse.c, lib/zstd_huf.c,
 * lib/xxhash64.c).  The frame's Content_Checksum, if it has one, is
 * XXH64 and unzstd() verifies it; it is not the CRC-32 the image was
 * built with, so decompress.c computes that one from the output.
 *
 * The workspace (145 KiB, the literals buffer most of it) is in
 * .bss.  unzstd() may write up to 32 bytes past what it decoded, never
 * past cap: the ELF buffer ends on a page boundary anyway.
 */
#include <paraboot/unzstd.h>
#include "codec.h"

const char payload_codec[] = "zstd";

static struct unzstd_workspace unzstd_ws;

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
	rc = unzstd(&unzstd_ws, in, in_len, out, cap, out_len);
	if (!rc && *out_len != size)
		rc = PAYLOAD_ERR_SIZE;
	return rc;
}

const char *payload_strerror(int status)
{
	const char *why = payload_size_strerror(status);

	return why ? why : unzstd_strerror(status);
}
