/* SPDX-License-Identifier: MIT */
/*
 * zlib as the reference decoder of the two DEFLATE harnesses: one
 * z_stream kept across runs (inflateReset2 is cheap, inflateInit2 is not).
 */
#ifndef FUZZ_ZREF_H
#define FUZZ_ZREF_H

#include <stdbool.h>
#include <string.h>
#include <zlib.h>

struct zref_result {
	bool ok;		/* Z_STREAM_END: the stream is complete */
	size_t consumed;	/* input bytes zlib used */
	size_t produced;	/* output bytes it wrote */
	const char *msg;	/* zlib's reason when !ok, or "" */
};

/* wbits: -15 for raw DEFLATE (RFC 1951), 31 for one gzip member
 * (RFC 1952), as zlib's inflateInit2 documents them. */
static struct zref_result zref_inflate(int wbits, const uint8_t *in,
				       size_t in_len, uint8_t *out,
				       size_t out_cap)
{
	static z_stream zs;
	static int inited_wbits;
	static uint8_t dummy;
	struct zref_result r;
	int rc;

	if (!inited_wbits) {
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, wbits) != Z_OK)
			abort();
		inited_wbits = wbits;
	} else if (inflateReset2(&zs, wbits) != Z_OK) {
		abort();
	}
	zs.next_in = (Bytef *)(in_len ? in : &dummy);
	zs.avail_in = (uInt)in_len;
	zs.next_out = out_cap ? out : &dummy;
	zs.avail_out = (uInt)out_cap;
	rc = inflate(&zs, Z_FINISH);
	r.ok = rc == Z_STREAM_END;
	r.consumed = zs.total_in;
	r.produced = zs.total_out;
	r.msg = zs.msg ? zs.msg : (rc == Z_BUF_ERROR ? "buffer error" : "");
	return r;
}

#endif
