/* SPDX-License-Identifier: MIT */
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding into one flat buffer.
 *
 * Written for the bzImage decompressor: no allocation, no libc, no pointer
 * tables, bounded reads and writes on any input.  The caller owns all state
 * through struct inflate_workspace (put it in .bss; about 12 KiB) and must
 * not share one workspace between concurrent calls.
 *
 * The whole output is one buffer, so back-references are resolved against
 * the output itself: there is no separate 32 KiB window and no streaming.
 */
#ifndef PARABOOT_INFLATE_H
#define PARABOOT_INFLATE_H

#include <paraboot/types.h>

enum inflate_status {			/* 0 = success, negative = error */
	INFLATE_OK = 0,
	INFLATE_ERR_TRUNCATED = -1,	/* input ended inside the stream */
	INFLATE_ERR_OUTPUT_FULL = -2,	/* output would exceed out_cap */
	INFLATE_ERR_BLOCK_TYPE = -3,	/* reserved block type 3 */
	INFLATE_ERR_STORED_LEN = -4,	/* LEN != ~NLEN */
	INFLATE_ERR_CODES = -5,		/* invalid/oversubscribed/incomplete code lengths, bad repeat */
	INFLATE_ERR_SYMBOL = -6,	/* invalid literal/length or distance symbol */
	INFLATE_ERR_DISTANCE = -7,	/* distance reaches before start of output */
	INFLATE_ERR_COUNTS = -8,	/* HLIT > 286 or HDIST > 30 */
	INFLATE_ERR_NO_EOB = -9,	/* dynamic block without an end-of-block code */
	INFLATE_ERR_ARG = -10,		/* NULL workspace or buffer with nonzero size */
	GUNZIP_ERR_MAGIC = -20,		/* not 1F 8B */
	GUNZIP_ERR_METHOD = -21,	/* CM != 8 */
	GUNZIP_ERR_FLAGS = -22,		/* reserved FLG bits set */
	GUNZIP_ERR_HEADER = -23,	/* header fields run past the input */
	GUNZIP_ERR_CRC = -24,		/* CRC32 of output != trailer */
	GUNZIP_ERR_ISIZE = -25,		/* output length mod 2^32 != trailer ISIZE */
	GUNZIP_ERR_TRAILING = -26,	/* bytes after the 8-byte trailer */
	GUNZIP_ERR_HCRC = -27,		/* FHCRC header checksum mismatch */
	GUNZIP_ERR_TRAILER = -28,	/* input ends inside the 8-byte trailer */
};

/* Primary lookup widths; longer codes go through one second-level table. */
#define INFLATE_LITLEN_TABLEBITS	11
#define INFLATE_DIST_TABLEBITS		8
#define INFLATE_PRECODE_TABLEBITS	7

/*
 * Worst-case table sizes (primary + all second-level tables) over every
 * valid code: 288 literal/length symbols at 11 bits and 32 distance
 * symbols at 8 bits, maximum code length 15.  Computed by exhaustive
 * search over canonical code shapes; the table builder still bounds-checks.
 */
#define INFLATE_LITLEN_ENOUGH		2342
#define INFLATE_DIST_ENOUGH		402

#define INFLATE_MAX_LITLEN_SYMS		288
#define INFLATE_MAX_DIST_SYMS		32

struct inflate_workspace {
	u32 litlen[INFLATE_LITLEN_ENOUGH];
	u32 dist[INFLATE_DIST_ENOUGH];
	u32 precode[1 << INFLATE_PRECODE_TABLEBITS];
	/* code lengths of one dynamic block: literal/length then distance */
	u8 lens[INFLATE_MAX_LITLEN_SYMS + INFLATE_MAX_DIST_SYMS];
	u16 sorted[INFLATE_MAX_LITLEN_SYMS];	/* table builder scratch */
	bool fixed_loaded;	/* litlen/dist currently hold the fixed codes */
};

/*
 * Decode one raw DEFLATE stream (up to and including its final block) from
 * in[0..in_len) into out[0..out_cap).  On success *in_used is the number of
 * whole bytes the stream occupies (the final partial byte counts as used)
 * and *out_len the number of bytes written.  On error both are still set to
 * how far decoding got.  Either length pointer may be NULL.
 *
 * Reads stay inside in[0..in_len) and writes inside out[0..out_cap), on
 * any input.  Within those bounds the decoder works in whole words: it may
 * read input bytes past the end of the stream, and store fewer than 32
 * bytes ahead of the current output position, so bytes after *out_len may
 * be overwritten (never bytes at or past out_cap).  An in-place scheme
 * that overlaps in and out must leave at least that much slack.
 */
int inflate_raw(struct inflate_workspace *ws, const u8 *in, size_t in_len,
		size_t *in_used, u8 *out, size_t out_cap, size_t *out_len);

/*
 * Decode a buffer holding exactly one gzip member (RFC 1952): header
 * checks, inflate, CRC32 and ISIZE checks, nothing after the trailer.
 */
int gunzip(struct inflate_workspace *ws, const u8 *in, size_t in_len,
	   u8 *out, size_t out_cap, size_t *out_len);

/* The CRC-32 a gzip member's trailer holds: after gunzip() has accepted
 * the member, the CRC-32 of what it decompressed to. */
u32 gunzip_trailer_crc32(const u8 *in, size_t in_len);

/* A short lowercase description of an enum inflate_status value. */
const char *inflate_strerror(int status);

#endif
