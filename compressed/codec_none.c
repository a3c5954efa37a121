// SPDX-License-Identifier: MIT
/*
 * Stored payloads (mkbzimage --compress=none): the kernel ELF as it is.
 * decompress.c loads it where it lies, inside the decompressor, so the
 * work area has no ELF buffer (misc.h) and nothing here is called at
 * boot; payload_decode() is the contract's copy, for completeness.
 */
#include <paraboot/string.h>
#include "codec.h"

#define STORED_ERR_OUTPUT_FULL	(-1)

const char payload_codec[] = "none";

int payload_decode(const u8 *in, size_t in_len, u8 *out, size_t cap,
		   size_t *out_len, u32 *crc, bool *crc_known)
{
	*crc = 0;
	*crc_known = false;
	*out_len = 0;
	if (in_len > cap)
		return STORED_ERR_OUTPUT_FULL;
	memcpy(out, in, in_len);
	*out_len = in_len;
	return 0;
}

const char *payload_strerror(int status)
{
	return status == STORED_ERR_OUTPUT_FULL ?
	       "stored ELF larger than its buffer" : "unknown error";
}
