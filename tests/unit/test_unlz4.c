// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/unlz4.c (LZ4 legacy frames).
 *
 * One translation unit (the decoder is included) with ASan/UBSan, linked
 * with liblz4, the reference: liblz4 compresses (LZ4_compress_HC, as
 * `lz4 -l -9` does, and the fast compressor), and decodes every stream
 * block by block as lz4's command line tool decodes a legacy frame.  A
 * second reference is model_unlz4() below: the block format read byte by
 * byte with no speed tricks, in the order the spec gives the fields,
 * which must agree with unlz4() on every input, error status included.
 * Built twice by the Makefile: test_unlz4 (word copies of unsigned long,
 * x86_64's 8 bytes) and test_unlz4_w32 (-DUNLZ4_WORD=u32, i386's 4).
 *
 * Usage: test_unlz4 [FILE...]   each FILE (the build passes the kernel
 *        ELFs and Debian's vmlinux when fetched) is round-tripped, through
 *        the real `lz4 -l -9` too; a missing FILE is a SKIP.
 * Output: one PASS/FAIL/SKIP line per check, then "N passed, N failed,
 * N skipped"; exit status 1 iff a check failed.
 */
#define _GNU_SOURCE
#include <lz4.h>
#include <lz4hc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/unlz4.c"
#include "lz4ref.h"

#ifdef UNLZ4_TEST_W32
#define TAG "unlz4 (4-byte words)"
#else
#define TAG "unlz4"
#endif

/* ------------------------------------------------------------------ */
/* Reporting                                                           */

#define CHECK_TAG TAG
#include "check.h"

/* ------------------------------------------------------------------ */
/* Streams                                                             */

struct buf {
	u8 *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_byte(struct buf *b, u8 v)
{
	put(b, &v, 1);
}

static void put_le32(struct buf *b, u32 v)
{
	u8 x[4] = { v, v >> 8, v >> 16, v >> 24 };

	put(b, x, 4);
}

/* A legacy frame as `lz4 -l` makes it: 8 MiB chunks, each compressed on
 * its own (level 0: the fast compressor, else LZ4_compress_HC). */
static struct buf lz4_legacy(const u8 *src, size_t n, int level)
{
	struct buf b = { 0 };
	int bound = LZ4_compressBound(LZ4_LEGACY_BLOCK_MAX);
	char *tmp = xmalloc(bound);

	put_le32(&b, LZ4_LEGACY_MAGIC);
	for (size_t pos = 0; pos < n; pos += LZ4_LEGACY_BLOCK_MAX) {
		int chunk = n - pos < LZ4_LEGACY_BLOCK_MAX ? (int)(n - pos) :
			    (int)LZ4_LEGACY_BLOCK_MAX;
		int got = level ?
			LZ4_compress_HC((const char *)src + pos, tmp, chunk,
					bound, level) :
			LZ4_compress_default((const char *)src + pos, tmp,
					     chunk, bound);

		if (got <= 0) {
			fprintf(stderr, "liblz4 cannot compress\n");
			exit(2);
		}
		put_le32(&b, got);
		put(&b, tmp, got);
	}
	free(tmp);
	return b;
}

/*
 * The block format, field by field, byte by byte (lz4_Block_format.md),
 * with unlz4.h's rules for the frame; the same statuses as unlz4().
 */
static int model_block(const u8 *in, size_t n, u8 *out, size_t cap,
		       size_t *op, int full)
{
	size_t ip = 0, start = *op;

	for (;;) {
		size_t lit, len, off;
		u8 token, b;

		if (ip == n)
			return UNLZ4_ERR_NO_LAST_LITERALS;
		token = in[ip++];
		lit = token >> 4;
		if (lit == 15)
			do {
				if (ip == n)
					return UNLZ4_ERR_LITERALS;
				b = in[ip++];
				lit += b;
			} while (b == 255);
		if (lit > n - ip)
			return UNLZ4_ERR_LITERALS;
		if (lit > cap - *op)
			return full;
		for (size_t i = 0; i < lit; i++)
			out[(*op)++] = in[ip++];
		if (ip == n)
			return UNLZ4_OK;
		if (n - ip < 2)
			return UNLZ4_ERR_MATCH_TRUNCATED;
		off = in[ip] | in[ip + 1] << 8;
		ip += 2;
		len = token & 15;
		if (len == 15)
			do {
				if (ip == n)
					return UNLZ4_ERR_MATCH_TRUNCATED;
				b = in[ip++];
				len += b;
			} while (b == 255);
		len += 4;
		if (off == 0)
			return UNLZ4_ERR_OFFSET_ZERO;
		if (off > *op - start)
			return UNLZ4_ERR_OFFSET;
		if (len > cap - *op)
			return full;
		for (size_t i = 0; i < len; i++, (*op)++)
			out[*op] = out[*op - off];
	}
}

static int model_unlz4(const u8 *in, size_t n, u8 *out, size_t cap,
		       size_t *out_len)
{
	size_t ip = 4, op = 0;
	int rc = 0;

	*out_len = 0;
	if (n < 4 || get_le32(in) != LZ4_LEGACY_MAGIC)
		return UNLZ4_ERR_MAGIC;
	while (ip < n) {
		u32 size;
		size_t lim;

		if (n - ip < 4)
			return UNLZ4_ERR_SIZE_FIELD;
		size = get_le32(in + ip);
		ip += 4;
		if (size == LZ4_LEGACY_MAGIC)
			continue;
		if (size == 0 || size > LZ4_LEGACY_CBLOCK_MAX)
			return UNLZ4_ERR_BLOCK_SIZE;
		if (size > n - ip)
			return UNLZ4_ERR_BLOCK_TRUNCATED;
		lim = cap - op > LZ4_LEGACY_BLOCK_MAX ?
		      op + LZ4_LEGACY_BLOCK_MAX : cap;
		rc = model_block(in + ip, size, out, lim, &op,
				 lim == cap ? UNLZ4_ERR_OUTPUT_FULL :
				 UNLZ4_ERR_BLOCK_OUTPUT);
		*out_len = op;
		if (rc)
			return rc;
		ip += size;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */

/*
 * unlz4() on stream (copied to the end of its allocation) into exactly
 * want_len bytes (also the end of an allocation): must give want, then
 * with one byte less of output, UNLZ4_ERR_OUTPUT_FULL.
 */
static void roundtrip(struct check *c, const char *what, const u8 *stream,
		      size_t n, const u8 *want, size_t want_len)
{
	u8 *in = dup_exact(stream, n), *out = xmalloc(want_len);
	size_t got = 12345;
	int rc = unlz4(in, n, out, want_len, &got);

	if (rc || got != want_len || (want_len && memcmp(out, want, want_len)))
		check_fail(c, "%s: status %d (%s), %zu of %zu bytes%s", what,
			   rc, unlz4_strerror(rc), got, want_len,
			   rc || got != want_len ? "" : ", wrong data");
	free(out);
	if (want_len) {
		out = xmalloc(want_len - 1);
		rc = unlz4(in, n, out, want_len - 1, &got);
		if (rc != UNLZ4_ERR_OUTPUT_FULL)
			check_fail(c, "%s: output one byte short: status %d "
				   "(%s)", what, rc, unlz4_strerror(rc));
		free(out);
	}
	free(in);
}

/* Short pieces copied a few bytes back: LZ4's overlapping copies. */
#define DATA_SHAPE { .long_run = 300, .piece = 100, .long_piece = 100, \
		     .max_dist = 40 }
#include "testdata.h"

static void test_generated(void)
{
	static const size_t sizes[] = {
		0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 31,
		32, 33, 63, 64, 65, 255, 256, 270, 271, 4096, 65535, 65536,
		65537, 1 << 20,
	};
	static const int levels[] = { 0, 1, 9, 12 };

	for (int k = 0; k < DATA_KINDS; k++) {
		struct check c;
		char name[80];

		snprintf(name, sizeof(name), "round trips, %s data, sizes 0 to "
			 "1 MiB, fast and HC compressors", data_kind_name[k]);
		check_init(&c, name);
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
			u8 *data = xmalloc(sizes[s]);

			gen_data(k, data, sizes[s]);
			for (size_t l = 0; l < ARRAY_SIZE(levels); l++) {
				struct buf b = lz4_legacy(data, sizes[s],
							  levels[l]);
				char what[64];

				snprintf(what, sizeof(what), "%zu bytes level "
					 "%d", sizes[s], levels[l]);
				roundtrip(&c, what, b.p, b.len, data, sizes[s]);
				free(b.p);
			}
			free(data);
		}
		check_done(&c);
	}
}

/* Over 8 MiB: several blocks, each independent, the last one short. */
static void test_multiblock(void)
{
	size_t n = 3 * LZ4_LEGACY_BLOCK_MAX + 12345;
	u8 *data = xmalloc(n);
	struct check c;
	struct buf b;

	check_init(&c, "round trips over 8 MiB (4 blocks): zeros, mixed, "
		   "random");
	for (int k = 0; k < 3; k++) {
		enum data_kind kind = k == 0 ? DATA_ZEROS :
				      k == 1 ? DATA_MIXED : DATA_RANDOM;

		gen_data(kind, data, n);
		b = lz4_legacy(data, n, k == 1 ? 9 : 0);
		roundtrip(&c, data_kind_name[kind], b.p, b.len, data, n);
		free(b.p);
	}
	/* Two frames back to back, as `cat a.lz4 b.lz4` makes them. */
	gen_data(DATA_TEXT, data, n);
	{
		struct buf one = lz4_legacy(data, 1000, 9);
		struct buf two = lz4_legacy(data + 1000, 5000, 9);

		put(&one, two.p, two.len);
		roundtrip(&c, "two concatenated frames", one.p, one.len, data,
			  6000);
		free(one.p);
		free(two.p);
	}
	check_done(&c);
	free(data);
}

/*
 * Hand-made blocks: literals, then a match at every offset 1..16 and
 * lengths 4..300, then 5..20 last literals; a block with nothing but one
 * long match near the output's end (the fast loop's exact tail).
 */
static void put_length(struct buf *b, size_t extra)
{
	while (extra >= 255) {
		put_byte(b, 255);
		extra -= 255;
	}
	put_byte(b, extra);
}

static void put_sequence(struct buf *b, const u8 *lit, size_t nlit,
			 size_t off, size_t mlen)
{
	u8 token = (nlit >= 15 ? 15 : nlit) << 4;

	if (off)
		token |= mlen - 4 >= 15 ? 15 : mlen - 4;
	put_byte(b, token);
	if (nlit >= 15)
		put_length(b, nlit - 15);
	put(b, lit, nlit);
	if (!off)
		return;
	put_byte(b, off);
	put_byte(b, off >> 8);
	if (mlen - 4 >= 15)
		put_length(b, mlen - 4 - 15);
}

/* Expand what put_sequence() encoded, the obvious way. */
static void expand(struct buf *out, const u8 *lit, size_t nlit, size_t off,
		   size_t mlen)
{
	put(out, lit, nlit);
	for (size_t i = 0; i < mlen; i++)
		put_byte(out, out->p[out->len - off]);
}

static struct buf frame_of_block(const struct buf *blk)
{
	struct buf f = { 0 };

	put_le32(&f, LZ4_LEGACY_MAGIC);
	put_le32(&f, blk->len);
	put(&f, blk->p, blk->len);
	return f;
}

static void test_overlaps(void)
{
	static const size_t lens[] = {
		4, 5, 7, 8, 9, 15, 16, 17, 18, 19, 20, 23, 24, 31, 32, 33, 64,
		100, 255, 270, 300, 1000, 4096,
	};
	u8 lit[64];
	struct check c;

	for (size_t i = 0; i < sizeof(lit); i++)
		lit[i] = 0x41 + i * 7;
	check_init(&c, "matches at offsets 1..16 (overlapping), lengths "
		   "4..4096, with 0..20 last literals");
	for (size_t off = 1; off <= 16; off++)
		for (size_t l = 0; l < ARRAY_SIZE(lens); l++)
			for (size_t tail = 0; tail <= 20; tail += 5) {
				struct buf blk = { 0 }, want = { 0 }, f;
				char what[64];
				size_t nlit = off + (l & 3), got;
				u8 *scratch;

				put_sequence(&blk, lit, nlit, off, lens[l]);
				expand(&want, lit, nlit, off, lens[l]);
				/* A second match, from further back. */
				put_sequence(&blk, lit, 3, off + 2, lens[l]);
				expand(&want, lit, 3, off + 2, lens[l]);
				put_sequence(&blk, lit + 10, tail, 0, 0);
				expand(&want, lit + 10, tail, 0, 0);
				f = frame_of_block(&blk);
				snprintf(what, sizeof(what), "offset %zu length "
					 "%zu tail %zu", off, lens[l], tail);
				roundtrip(&c, what, f.p, f.len, want.p,
					  want.len);
				/*
				 * liblz4 holds blocks to the spec's end
				 * conditions (the last match starts 12 bytes
				 * or more before the end, the last 5 bytes are
				 * literals) and wants room past the output.
				 */
				if (tail < 5 || lens[l] + tail < 12)
					goto next;
				scratch = xmalloc(want.len + 64);
				if (!lz4_ref_decode(f.p, f.len, scratch,
						    want.len + 64, &got) ||
				    got != want.len ||
				    memcmp(scratch, want.p, got))
					check_fail(&c, "%s: liblz4 decodes the "
						   "test's stream otherwise",
						   what);
				free(scratch);
next:
				free(blk.p);
				free(want.p);
				free(f.p);
			}
	check_done(&c);
}

/* Long literal runs: every length around the 15 and 255 steps. */
static void test_literal_runs(void)
{
	struct check c;
	u8 lit[1200];

	for (size_t i = 0; i < sizeof(lit); i++)
		lit[i] = rnd();
	check_init(&c, "literal runs of 0..1200 bytes, alone and before a "
		   "match");
	for (size_t n = 0; n <= sizeof(lit); n += n < 300 ? 1 : 37) {
		struct buf blk = { 0 }, want = { 0 }, f;
		char what[64];

		put_sequence(&blk, lit, n, 0, 0);
		expand(&want, lit, n, 0, 0);
		f = frame_of_block(&blk);
		snprintf(what, sizeof(what), "%zu literals", n);
		roundtrip(&c, what, f.p, f.len, want.p, want.len);
		free(blk.p);
		free(f.p);
		blk = (struct buf){ 0 };
		want.len = 0;
		put_sequence(&blk, lit, n + 1, 1, 4 + n);
		expand(&want, lit, n + 1, 1, 4 + n);
		put_sequence(&blk, lit, 7, 0, 0);
		expand(&want, lit, 7, 0, 0);
		f = frame_of_block(&blk);
		snprintf(what, sizeof(what), "%zu literals and a match", n + 1);
		roundtrip(&c, what, f.p, f.len, want.p, want.len);
		free(blk.p);
		free(want.p);
		free(f.p);
	}
	check_done(&c);
}

static void expect(struct check *c, const char *what, const struct buf *f,
		   size_t cap, int want)
{
	u8 *in = dup_exact(f->p, f->len), *out = xmalloc(cap);
	size_t got, mgot;
	int rc = unlz4(in, f->len, out, cap, &got);
	int mrc = model_unlz4(in, f->len, out, cap, &mgot);

	if (rc != want)
		check_fail(c, "%s: status %d (%s), want %d (%s)", what, rc,
			   unlz4_strerror(rc), want, unlz4_strerror(want));
	if (mrc != want)
		check_fail(c, "%s: the test's model says %d", what, mrc);
	if (got > cap)
		check_fail(c, "%s: *out_len %zu past the output", what, got);
	free(in);
	free(out);
}

static void test_errors(void)
{
	static const u8 lit[32] = "0123456789abcdefghijklmnopqrstu";
	struct check c;
	struct buf f = { 0 }, blk = { 0 };

	check_init(&c, "each damage gives its own status");
#define RESET() do { free(f.p); free(blk.p); f = (struct buf){ 0 }; \
		     blk = (struct buf){ 0 }; } while (0)

	expect(&c, "empty input", &f, 16, UNLZ4_ERR_MAGIC);
	put_le32(&f, 0x184D2204);	/* the modern frame's magic */
	expect(&c, "lz4 frame format", &f, 16, UNLZ4_ERR_MAGIC);
	RESET();
	put(&f, "\x02\x21\x4c", 3);
	expect(&c, "3-byte magic", &f, 16, UNLZ4_ERR_MAGIC);
	RESET();
	put_le32(&f, LZ4_LEGACY_MAGIC);
	expect(&c, "magic alone: empty output", &f, 0, UNLZ4_OK);
	put(&f, "\x05\x00", 2);
	expect(&c, "2 bytes of a size", &f, 16, UNLZ4_ERR_SIZE_FIELD);
	RESET();
	put_le32(&f, LZ4_LEGACY_MAGIC);
	put_le32(&f, 0);
	expect(&c, "block size 0", &f, 16, UNLZ4_ERR_BLOCK_SIZE);
	RESET();
	put_le32(&f, LZ4_LEGACY_MAGIC);
	put_le32(&f, LZ4_LEGACY_CBLOCK_MAX + 1);
	expect(&c, "block size above the bound", &f, 16,
	       UNLZ4_ERR_BLOCK_SIZE);
	RESET();
	put_le32(&f, LZ4_LEGACY_MAGIC);
	put_le32(&f, 10);
	put(&f, "\x90" "abcdefgh", 9);
	expect(&c, "block shorter than its size", &f, 16,
	       UNLZ4_ERR_BLOCK_TRUNCATED);
	RESET();
	put_byte(&blk, 0x50);
	put(&blk, "abcd", 4);
	f = frame_of_block(&blk);
	expect(&c, "5 literals, 4 there", &f, 16, UNLZ4_ERR_LITERALS);
	RESET();
	put_byte(&blk, 0xf0);
	put(&blk, "\xff\xff", 2);
	f = frame_of_block(&blk);
	expect(&c, "literal length runs off the block", &f, 1024,
	       UNLZ4_ERR_LITERALS);
	RESET();
	/* Long enough for the fast loop, then literals past the end. */
	put_byte(&blk, 0xf0);
	put_byte(&blk, 40);
	put(&blk, lit, 32);
	f = frame_of_block(&blk);
	expect(&c, "long literal run past the block", &f, 1024,
	       UNLZ4_ERR_LITERALS);
	RESET();
	put_sequence(&blk, lit, 4, 0, 0);
	put_byte(&blk, 3);
	f = frame_of_block(&blk);
	expect(&c, "1 byte of an offset", &f, 64, UNLZ4_ERR_MATCH_TRUNCATED);
	RESET();
	put_byte(&blk, 0x4f);
	put(&blk, "abcd\x02\x00\xff", 7);
	f = frame_of_block(&blk);
	expect(&c, "match length runs off the block", &f, 1024,
	       UNLZ4_ERR_MATCH_TRUNCATED);
	RESET();
	put_sequence(&blk, lit, 4, 4, 4);
	f = frame_of_block(&blk);
	expect(&c, "block ends with a match", &f, 64,
	       UNLZ4_ERR_NO_LAST_LITERALS);
	RESET();
	put_sequence(&blk, lit, 20, 4, 40);
	put_sequence(&blk, lit, 20, 4, 40);
	f = frame_of_block(&blk);
	expect(&c, "block ends with a match (fast loop)", &f, 1024,
	       UNLZ4_ERR_NO_LAST_LITERALS);
	RESET();
	put_sequence(&blk, lit, 4, 0x10000 - 1, 4);
	f = frame_of_block(&blk);
	f.p[4 + 4 + 5] = 0;	/* the offset's bytes: 0 */
	f.p[4 + 4 + 6] = 0;
	expect(&c, "offset 0", &f, 64, UNLZ4_ERR_OFFSET_ZERO);
	RESET();
	put_sequence(&blk, lit, 20, 0, 0);
	put_sequence(&blk, lit, 4, 5, 4);
	put_sequence(&blk, lit, 10, 0, 0);
	f = frame_of_block(&blk);
	/* Block 2 reaches back into block 1: independent blocks forbid it. */
	put_le32(&f, blk.len - 22);
	put(&f, blk.p + 22, blk.len - 22);
	expect(&c, "match into the block before", &f, 1024,
	       UNLZ4_ERR_OFFSET);
	RESET();
	put_sequence(&blk, lit, 30, 31, 4);
	put_sequence(&blk, lit, 30, 0, 0);
	f = frame_of_block(&blk);
	expect(&c, "offset one past the output (fast loop)", &f, 1024,
	       UNLZ4_ERR_OFFSET);
	RESET();
	put_sequence(&blk, lit, 30, 30, 4);
	put_sequence(&blk, lit, 30, 0, 0);
	f = frame_of_block(&blk);
	expect(&c, "64 bytes into 64", &f, 64, UNLZ4_OK);
	expect(&c, "output full in the last literals", &f, 63,
	       UNLZ4_ERR_OUTPUT_FULL);
	expect(&c, "output full in a match", &f, 33, UNLZ4_ERR_OUTPUT_FULL);
	RESET();
	/* One block of 8 MiB + 1 byte: a run the compressor never makes. */
	put_sequence(&blk, lit, 1, 1, LZ4_LEGACY_BLOCK_MAX - 5);
	put_sequence(&blk, lit, 5, 0, 0);
	f = frame_of_block(&blk);
	expect(&c, "a block of 8 MiB + 1", &f, LZ4_LEGACY_BLOCK_MAX + 64,
	       UNLZ4_ERR_BLOCK_OUTPUT);
	expect(&c, "the same into 8 MiB", &f, LZ4_LEGACY_BLOCK_MAX,
	       UNLZ4_ERR_OUTPUT_FULL);
	RESET();
	{
		size_t got = 7;
		u8 b[4];

		if (unlz4(NULL, 4, b, 4, &got) != UNLZ4_ERR_ARG || got != 0 ||
		    unlz4((const u8 *)"\x02\x21\x4c\x18", 4, NULL, 4, &got) !=
		    UNLZ4_ERR_ARG)
			check_fail(&c, "NULL buffers: not UNLZ4_ERR_ARG");
		if (unlz4((const u8 *)"\x02\x21\x4c\x18", 4, NULL, 0, NULL))
			check_fail(&c, "NULL output of size 0, empty frame: "
				   "refused");
	}
	for (int s = 1; s >= -13; s--)
		if (!unlz4_strerror(s)[0] || (s < 0 && s > -13 &&
		    !strcmp(unlz4_strerror(s), "lz4: unknown error")))
			check_fail(&c, "status %d has no name", s);
	check_done(&c);
#undef RESET
}

/*
 * unlz4() against the model (the same status, the same output) and
 * against liblz4 (whatever liblz4 accepts, unlz4 accepts, with the same
 * output).  liblz4 refuses some streams the format allows (a match that
 * ends in the last 5 bytes of its output buffer, say): those are counted.
 * And liblz4 1.9.4 accepts offset 0, which lz4_Block_format.md calls
 * invalid ("the presence of a 0 offset value denotes an invalid
 * (corrupted) block"): unlz4 refuses it, also counted.
 */
static unsigned long ref_refused, ref_offset_zero, accepted;

static void differential(struct check *c, const char *what, const u8 *stream,
			 size_t n, size_t cap)
{
	u8 *in = dup_exact(stream, n);
	u8 *out = xmalloc(cap), *mout = xmalloc(cap), *rout = xmalloc(cap);
	size_t got, mgot, rgot;
	int rc = unlz4(in, n, out, cap, &got);
	int mrc = model_unlz4(in, n, mout, cap, &mgot);
	bool ref_ok = lz4_ref_decode(in, n, rout, cap, &rgot);

	if (got > cap)
		check_fail(c, "%s: *out_len %zu > cap %zu", what, got, cap);
	if (rc != mrc)
		check_fail(c, "%s: status %d (%s), the model %d (%s)", what,
			   rc, unlz4_strerror(rc), mrc, unlz4_strerror(mrc));
	else if (!rc && (got != mgot || memcmp(out, mout, got)))
		check_fail(c, "%s: output differs from the model's", what);
	if (ref_ok && rc == UNLZ4_ERR_OFFSET_ZERO)
		ref_offset_zero++;	/* liblz4 1.9.4 copies from op itself */
	else if (ref_ok && (rc || got != rgot || memcmp(out, rout, got)))
		check_fail(c, "%s: liblz4 accepts (%zu bytes), unlz4 gives "
			   "status %d, %zu bytes%s", what, rgot, rc, got,
			   rc || got != rgot ? "" : ", other data");
	if (!rc) {
		accepted++;
		if (!ref_ok)
			ref_refused++;
	}
	free(in);
	free(out);
	free(mout);
	free(rout);
}

static void mutate(u8 *p, size_t *n, size_t max)
{
	size_t len = *n;

	switch (rnd_below(6)) {
	case 0:		/* bit flips */
		for (int i = 1 + rnd_below(4); i-- && len;)
			p[rnd_below(len)] ^= 1 << rnd_below(8);
		break;
	case 1:		/* truncate */
		*n = rnd_below(len + 1);
		break;
	case 2:		/* a byte overwritten with an interesting value */
		if (len) {
			static const u8 vals[] = { 0, 1, 4, 15, 16, 0xf0, 0xff,
						   0x0f, 0x1f, 0xff };
			p[rnd_below(len)] = vals[rnd_below(sizeof(vals))];
		}
		break;
	case 3:		/* a run moved */
		if (len > 8) {
			size_t a = rnd_below(len), b = rnd_below(len),
			       k = 1 + rnd_below(16);

			if (a + k <= len && b + k <= len)
				memmove(p + a, p + b, k);
		}
		break;
	case 4:		/* bytes appended */
		for (int i = 1 + rnd_below(8); i-- && *n < max;)
			p[(*n)++] = rnd();
		break;
	default:	/* garbage */
		for (size_t i = 8; i < len; i++)
			if (!rnd_below(8))
				p[i] = rnd();
		break;
	}
}

static void test_damage(void)
{
	struct check c;
	u8 *data = xmalloc(1 << 16), *m;
	size_t base_len[4];
	struct buf base[4];

	gen_data(DATA_MIXED, data, 1 << 16);
	base[0] = lz4_legacy(data, 5000, 9);
	base[1] = lz4_legacy(data, 1 << 16, 0);
	gen_data(DATA_TEXT, data, 1 << 16);
	base[2] = lz4_legacy(data, 3000, 12);
	base[3] = lz4_legacy(data, 300, 1);
	for (int i = 0; i < 4; i++)
		base_len[i] = i == 1 ? 1 << 16 : i == 0 ? 5000 : i == 2 ?
			      3000 : 300;

	check_init(&c, "every prefix of 4 streams: an error, or a shorter "
		   "frame at a block boundary");
	for (int i = 0; i < 4; i++)
		for (size_t k = 0; k < base[i].len; k += base[i].len > 4000 ?
		     1 + rnd_below(20) : 1) {
			char what[64];

			snprintf(what, sizeof(what), "stream %d cut at %zu",
				 i, k);
			differential(&c, what, base[i].p, k, base_len[i]);
		}
	check_done(&c);

	check_init(&c, "every bit of 3 streams flipped: unlz4 = model, and "
		   "= liblz4 where liblz4 accepts");
	for (int i = 0; i < 4; i++) {
		if (i == 1)
			continue;
		m = xmalloc(base[i].len);
		for (size_t bit = 0; bit < base[i].len * 8; bit++) {
			char what[64];

			memcpy(m, base[i].p, base[i].len);
			m[bit / 8] ^= 1 << (bit % 8);
			snprintf(what, sizeof(what), "stream %d bit %zu", i,
				 bit);
			differential(&c, what, m, base[i].len, base_len[i] + 64);
		}
		free(m);
	}
	check_done(&c);

	check_init(&c, "30000 seeded mutations (flips, cuts, overwrites, "
		   "moved runs, appended bytes, garbage), tight and roomy "
		   "outputs");
	for (int t = 0; t < 30000; t++) {
		int i = rnd_below(4);
		size_t n = base[i].len, max = n + 16;
		char what[64];

		m = xmalloc(max);
		memcpy(m, base[i].p, n);
		for (int k = 1 + rnd_below(3); k--;)
			mutate(m, &n, max);
		snprintf(what, sizeof(what), "mutation %d of stream %d", t, i);
		differential(&c, what, m, n, t & 1 ? base_len[i] :
			     base_len[i] + rnd_below(100));
		free(m);
	}
	check_done(&c);
	printf("  (%lu damaged streams decoded, liblz4 refused %lu of them; "
	       "liblz4 took %lu with offset 0)\n", accepted, ref_refused,
	       ref_offset_zero);
	for (int i = 0; i < 4; i++)
		free(base[i].p);
	free(data);
}

static u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	u8 *p;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st)) {
		fclose(f);
		return NULL;
	}
	p = xmalloc(st.st_size);
	if (fread(p, 1, st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		free(p);
		return NULL;
	}
	fclose(f);
	*len = st.st_size;
	return p;
}

/* A file through liblz4 HC level 9 and through the real `lz4 -l -9`. */
static void test_file(const char *path)
{
	char name[600], tmp[] = "/tmp/test_unlz4-XXXXXX", cmd[1400];
	size_t n, zn;
	u8 *data = read_file(path, &n), *z;
	struct check c;
	struct buf b;
	int fd;

	snprintf(name, sizeof(name), "%s: lz4 -l -9 and liblz4 HC round "
		 "trips", path);
	if (!data) {
		printf("SKIP: " TAG ": %s: cannot read it\n", name);
		n_skip++;
		return;
	}
	check_init(&c, name);
	b = lz4_legacy(data, n, 9);
	roundtrip(&c, "liblz4 HC 9", b.p, b.len, data, n);
	free(b.p);
	fd = mkstemp(tmp);
	if (fd < 0) {
		check_fail(&c, "mkstemp failed");
	} else {
		close(fd);
		snprintf(cmd, sizeof(cmd), "lz4 -q -l -9 -c '%s' > %s", path,
			 tmp);
		if (system(cmd) || !(z = read_file(tmp, &zn))) {
			check_fail(&c, "lz4 -l -9 failed");
		} else {
			roundtrip(&c, "lz4 -l -9", z, zn, data, n);
			free(z);
		}
		unlink(tmp);
	}
	check_done(&c);
	free(data);
}

int main(int argc, char **argv)
{
	test_errors();
	test_generated();
	test_overlaps();
	test_literal_runs();
	test_multiblock();
	test_damage();
	for (int i = 1; i < argc; i++)
		test_file(argv[i]);
	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
