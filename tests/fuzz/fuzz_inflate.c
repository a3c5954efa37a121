// SPDX-License-Identifier: MIT
/*
 * Raw DEFLATE (RFC 1951): lib/inflate.c, in both configurations the
 * images use (the x86_64 one with a 64-bit bit buffer, and the i386 one,
 * a 32-bit buffer, as tests/unit/inflate_w32.c builds it), against zlib.
 *
 *  - the two configurations agree on everything: status, bytes consumed,
 *    bytes produced, output;
 *  - whenever zlib decodes the input completely within the capacity,
 *    paraboot does too, byte-identical, consuming the same bytes; and
 *    paraboot never accepts an input zlib refuses;
 *  - a stream whose output is larger than the capacity is refused with
 *    INFLATE_ERR_OUTPUT_FULL (the decompressor's size limit);
 *  - decoding again into a buffer of exactly the output's size succeeds,
 *    and one byte less gives INFLATE_ERR_OUTPUT_FULL.
 * Outputs end where their allocation ends, so ASan sees any write past
 * the capacity; the input is libFuzzer's exact-size copy.  The 64-bit
 * copy starts from a zeroed workspace, as in the decompressor's bss; the
 * 32-bit copy reuses its workspace from the previous input, which must
 * not matter (the fixed-code cache).
 */
#include "fuzz.h"
#include "zref.h"

#define crc32 pb_crc32		/* zlib has one too */
#include "../../lib/inflate.c"
#include "../unit/inflate_w32.c"
#undef crc32

#define CAP	(256u << 10)

static struct inflate_workspace ws64, ws32;
static uint8_t *out64, *out32, *outz, *outx;

struct pb_result {
	int status;
	size_t used, produced;
	const uint8_t *out;
};

/* The output at the end of its CAP-byte allocation, cap bytes long. */
static struct pb_result pb_decode(bool w32, const uint8_t *in, size_t n,
				  uint8_t *buf, size_t cap)
{
	struct pb_result r = { 0, 0, 0, buf + CAP - cap };
	uint8_t *out = buf + CAP - cap;

	if (w32) {
		r.status = inflate_raw_w32(&ws32, in, n, &r.used, out, cap,
					   &r.produced);
	} else {
		memset(&ws64, 0, sizeof(ws64));
		r.status = inflate_raw(&ws64, in, n, &r.used, out, cap,
				       &r.produced);
	}
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	struct pb_result a, b, x;
	struct zref_result z;

	if (!out64) {
		out64 = malloc(CAP);
		out32 = malloc(CAP);
		outz = malloc(CAP + 1);
		outx = malloc(CAP);
	}
	a = pb_decode(false, in, n, out64, CAP);
	b = pb_decode(true, in, n, out32, CAP);
	FUZZ_CHECK(a.status == b.status && a.used == b.used &&
		   a.produced == b.produced &&
		   !memcmp(a.out, b.out, a.produced),
		   "64-bit and 32-bit inflate differ: status %d/%d used %zu/%zu "
		   "produced %zu/%zu", a.status, b.status, a.used, b.used,
		   a.produced, b.produced);

	/* One byte more room than paraboot: zlib shows a stream too big. */
	z = zref_inflate(-15, in, n, outz, CAP + 1);
	if (z.ok && z.produced > CAP) {
		FUZZ_CHECK(a.status == INFLATE_ERR_OUTPUT_FULL,
			   "output of %zu bytes > capacity %u: status %d, "
			   "want output-full", z.produced, CAP, a.status);
		return 0;
	}
	if (z.ok) {
		FUZZ_CHECK(a.status == INFLATE_OK,
			   "zlib decodes (%zu -> %zu bytes), paraboot says %d "
			   "(%s)", z.consumed, z.produced, a.status,
			   inflate_strerror(a.status));
		FUZZ_CHECK(a.produced == z.produced &&
			   !memcmp(a.out, outz, z.produced),
			   "output differs from zlib's (%zu vs %zu bytes)",
			   a.produced, z.produced);
		FUZZ_CHECK(a.used == z.consumed,
			   "consumed %zu bytes, zlib %zu", a.used, z.consumed);
	} else {
		FUZZ_CHECK(a.status != INFLATE_OK,
			   "paraboot accepts (%zu -> %zu bytes), zlib refuses: "
			   "%s", a.used, a.produced, z.msg);
		return 0;
	}

	/* Exactly sized, then one byte short. */
	x = pb_decode(false, in, n, outx, z.produced);
	FUZZ_CHECK(x.status == INFLATE_OK && x.produced == z.produced &&
		   !memcmp(x.out, outz, z.produced),
		   "into exactly %zu bytes: status %d", z.produced, x.status);
	if (z.produced) {
		x = pb_decode(false, in, n, outx, z.produced - 1);
		FUZZ_CHECK(x.status == INFLATE_ERR_OUTPUT_FULL,
			   "into %zu bytes, one short: status %d",
			   z.produced - 1, x.status);
	}
	return 0;
}
