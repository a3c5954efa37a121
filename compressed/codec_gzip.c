// SPDX-License-Identifier: MIT
/*
 * gzip payloads (mkbzimage --compress=gzip, the default): one gzip member
 * (RFC 1952) of the kernel ELF, decoded by lib/gunzip.c and
 * lib/inflate.c.  gunzip() checks the trailer's CRC-32 against what it
 * produced, so that CRC is the ELF's, with no second pass over it.
 */
#include <paraboot/inflate.h>
#include "codec.h"

const char payload_codec[] = "gzip";

static struct inflate_workspace inflate_ws;

int payload_decode(const u8 *in, size_t in_len, u8 *out, size_t cap,
		   size_t *out_len, u32 *crc, bool *crc_known)
{
	int rc = gunzip(&inflate_ws, in, in_len, out, cap, out_len);

	*crc_known = !rc;
	*crc = rc ? 0 : gunzip_trailer_crc32(in, in_len);
	return rc;
}

const char *payload_strerror(int status)
{
	return inflate_strerror(status);
}
