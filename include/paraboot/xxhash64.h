/* SPDX-License-Identifier: MIT */
/*
 * XXH64, the hash of a Zstandard frame's Content_Checksum (RFC 8878
 * 3.1.1; the algorithm is the xxHash specification, doc/xxhash_spec.md
 * of the xxHash project).  Incremental over a flat buffer: the caller
 * feeds whole 32-byte stripes as they become final and hands the tail to
 * xxh64_finish(), so no bytes are buffered here.
 */
#ifndef PARABOOT_XXHASH64_H
#define PARABOOT_XXHASH64_H

#include <paraboot/types.h>

struct xxh64_state {
	u64 acc[4];
	u64 seed;
	u64 stripes_len;	/* bytes consumed by xxh64_stripes() */
};

void xxh64_init(struct xxh64_state *s, u64 seed);
/* Consume the whole 32-byte stripes of p[0..len); returns their length. */
size_t xxh64_stripes(struct xxh64_state *s, const u8 *p, size_t len);
/* The hash of everything consumed followed by tail[0..len), len < 32. */
u64 xxh64_finish(const struct xxh64_state *s, const u8 *tail, size_t len);
/* One call: the hash of p[0..len). */
u64 xxh64(const u8 *p, size_t len, u64 seed);

#endif
