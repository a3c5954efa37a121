// SPDX-License-Identifier: MIT
/*
 * One gzip member (RFC 1952) through lib/gunzip.c, against zlib
 * (inflateInit2 with windowBits 31: gzip only).
 *
 *  - whenever zlib decodes a member completely and it is all of the
 *    input, gunzip() succeeds with byte-identical output;
 *  - gunzip() never accepts what zlib refuses;
 *  - where they differ on purpose, gunzip() gives its own named status:
 *      bytes after the trailer (zlib stops after the member and leaves
 *      them; the payload is exactly one member, so paraboot refuses):
 *      GUNZIP_ERR_TRAILING, with the member's output already identical;
 *      output larger than the capacity: INFLATE_ERR_OUTPUT_FULL.
 * The output ends where its allocation ends (ASan sees any write past
 * the capacity).  The capacity is larger than any payload the images
 * carry (the decompressor's own is the payload's ELF size).
 */
#include "fuzz.h"
#include "zref.h"

#define crc32 pb_crc32		/* zlib has one too */
#include "../../lib/crc32.c"
#include "../../lib/inflate.c"
#include "../../lib/gunzip.c"
#undef crc32

#define CAP	(256u << 10)

static struct inflate_workspace ws;
static uint8_t *out, *outz;

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	struct zref_result z;
	size_t produced = 0;
	int rc;

	if (!out) {
		out = malloc(CAP);
		outz = malloc(CAP + 1);
	}
	memset(&ws, 0, sizeof(ws));
	rc = gunzip(&ws, in, n, out, CAP, &produced);
	z = zref_inflate(31, in, n, outz, CAP + 1);

	if (!z.ok) {
		FUZZ_CHECK(rc != INFLATE_OK, "gunzip accepts (%zu bytes out), "
			   "zlib refuses: %s", produced, z.msg);
		return 0;
	}
	if (z.produced > CAP) {
		FUZZ_CHECK(rc == INFLATE_ERR_OUTPUT_FULL, "member of %zu bytes "
			   "> capacity %u: status %d, want output-full",
			   z.produced, CAP, rc);
		return 0;
	}
	if (z.consumed < n) {
		FUZZ_CHECK(rc == GUNZIP_ERR_TRAILING, "%zu bytes after the "
			   "member: status %d (%s), want trailing-bytes",
			   n - z.consumed, rc, inflate_strerror(rc));
	} else {
		FUZZ_CHECK(rc == INFLATE_OK, "zlib decodes the member (%zu "
			   "bytes), gunzip says %d (%s)", z.produced, rc,
			   inflate_strerror(rc));
	}
	FUZZ_CHECK(produced == z.produced && !memcmp(out, outz, produced),
		   "output differs from zlib's (%zu vs %zu bytes)", produced,
		   z.produced);
	return 0;
}
