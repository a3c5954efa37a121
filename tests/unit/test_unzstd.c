// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/unzstd.c, lib/zstd_fse.c, lib/zstd_huf.c and
 * lib/xxhash64.c (Zstandard, RFC 8878).
 *
 * Built as one translation unit (the library sources are included) with
 * ASan/UBSan and linked with libzstd, the reference throughout: it
 * writes the frames (levels 1 to 22, with and without checksum and
 * content size, small windows, many small blocks), checks the
 * hand-built ones, and is the oracle of the differential checks on
 * damaged and mutated frames.
 *
 * Usage: test_unzstd [FILE...]   each FILE is round-tripped (level 3,
 *                                and 19 if it is at most 8 MiB); a
 *                                FILE.zst is decoded as it is
 * Output: one PASS/FAIL/SKIP line per check, then "N passed, N failed,
 * N skipped"; exit status 1 iff a check failed.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "../../lib/xxhash64.c"
#include "../../lib/zstd_fse.c"
#include "../../lib/zstd_huf.c"
#include "../../lib/unzstd.c"

static struct unzstd_workspace ws;

/* ------------------------------------------------------------------ */
/* Reporting                                                           */

#define CHECK_TAG "unzstd"
#include "check.h"

/* ------------------------------------------------------------------ */
/* Deterministic data                                                  */

/* Long matches and runs, distances up to 1 MiB, repeat offsets. */
#define DATA_SHAPE { .long_run = 100000, .piece = 600, .long_piece = 70000, \
		     .max_dist = 1 << 20, .repeat_dist = true }
#include "testdata.h"

/* ------------------------------------------------------------------ */
/* libzstd                                                             */

struct zparams {
	int level;
	bool checksum;
	bool content_size;
	int window_log;		/* 0: the level's */
	size_t flush_every;	/* 0: one ZSTD_compress2 call */
};

/* Compress with libzstd; NULL on failure. */
static u8 *zcompress(const u8 *src, size_t n, const struct zparams *zp,
		     size_t *clen)
{
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	/* flushed blocks cost a 3-byte header each */
	size_t cap = ZSTD_compressBound(n) + (n / 16) + 1024 +
		     (zp->flush_every ? 4 * (n / zp->flush_every + 1) : 0), r;
	u8 *buf = xmalloc(cap);

	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, zp->level);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, zp->checksum);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, zp->content_size);
	if (zp->window_log)
		ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, zp->window_log);
	if (!zp->flush_every) {
		r = ZSTD_compress2(cc, buf, cap, src, n);
	} else {
		ZSTD_outBuffer ob = { buf, cap, 0 };
		size_t pos = 0;

		if (zp->content_size)
			ZSTD_CCtx_setPledgedSrcSize(cc, n);
		r = 0;
		do {
			size_t chunk = MIN(zp->flush_every, n - pos);
			ZSTD_inBuffer ib = { src + pos, chunk, 0 };
			bool end = pos + chunk == n;

			do {
				r = ZSTD_compressStream2(cc, &ob, &ib, end ?
							 ZSTD_e_end : ZSTD_e_flush);
			} while (!ZSTD_isError(r) && r && ob.pos < ob.size);
			pos += chunk;
		} while (!ZSTD_isError(r) && pos < n);
		if (!ZSTD_isError(r))
			r = ob.pos;
	}
	ZSTD_freeCCtx(cc);
	if (ZSTD_isError(r)) {
		free(buf);
		return NULL;
	}
	*clen = r;
	return buf;
}

/* libzstd's verdict: true iff it decodes all of in within cap bytes. */
static ZSTD_DCtx *zdctx;

static bool zdecode(const u8 *in, size_t n, u8 *out, size_t cap,
		    size_t *produced)
{
	static u8 dummy;
	size_t r;

	if (!zdctx) {
		zdctx = ZSTD_createDCtx();
		/* paraboot ignores the window: so must the reference */
		ZSTD_DCtx_setParameter(zdctx, ZSTD_d_windowLogMax, 31);
	}
	r = ZSTD_decompressDCtx(zdctx, cap ? out : &dummy, cap,
				n ? in : &dummy, n);
	if (ZSTD_isError(r))
		return false;
	*produced = r;
	return true;
}

/* ------------------------------------------------------------------ */
/* Round trips                                                         */

/*
 * Decode comp and compare with orig: input at the very end of its
 * allocation, output exactly sized; then one byte short, which must be
 * refused (output full, or the content size that does not fit).
 */
static void roundtrip(struct check *c, const char *what, const u8 *comp,
		      size_t clen, const u8 *orig, size_t olen)
{
	u8 *in = dup_exact(comp, clen);
	u8 *out = xmalloc(olen);
	size_t got = 12345;
	int r;

	r = unzstd(&ws, in, clen, out, olen, &got);
	if (r != UNZSTD_OK)
		check_fail(c, "%s: status %d (%s)", what, r, unzstd_strerror(r));
	else if (got != olen)
		check_fail(c, "%s: out_len %zu, want %zu", what, got, olen);
	else if (olen && memcmp(out, orig, olen))
		check_fail(c, "%s: output differs", what);
	free(out);
	if (olen) {
		out = xmalloc(olen - 1);
		r = unzstd(&ws, in, clen, out, olen - 1, &got);
		if (r != UNZSTD_ERR_OUTPUT_FULL &&
		    r != UNZSTD_ERR_CONTENT_TOO_BIG)
			check_fail(c, "%s: output short by one: status %d (%s)",
				   what, r, unzstd_strerror(r));
		else if (got > olen - 1)
			check_fail(c, "%s: output short by one: out_len %zu",
				   what, got);
		free(out);
	}
	free(in);
}

static const size_t sizes[] = {
	0, 1, 2, 3, 5, 7, 8, 15, 16, 31, 32, 33, 100, 1000, 4096, 65536,
	131071, 131072, 131073, 300000, 1 << 21,
};

static void test_levels(void)
{
	static const struct zparams zps[] = {
		{ 1, true, true, 0, 0 },
		{ 1, false, true, 0, 0 },
		{ 3, true, true, 0, 0 },
		{ 3, false, false, 0, 0 },
		{ 9, true, true, 0, 0 },
		{ 19, true, true, 0, 0 },
		{ 19, false, true, 0, 0 },
		{ 22, true, true, 0, 0 },
		{ 22, false, false, 0, 0 },
		{ -5, true, true, 0, 0 },		/* fast levels: raw literals */
		{ 3, true, false, 10, 0 },		/* 1 KiB window and blocks */
		{ 19, true, true, 12, 0 },
	};
	char name[200];

	for (size_t z = 0; z < ARRAY_SIZE(zps); z++) {
		const struct zparams *zp = &zps[z];
		struct check c;

		snprintf(name, sizeof(name), "libzstd level %d%s%s%s, window log %d, "
			 "every kind and size", zp->level,
			 zp->level >= 20 ? " (ultra)" : "",
			 zp->checksum ? ", checksum" : ", no checksum",
			 zp->content_size ? ", content size" : "", zp->window_log);
		check_init(&c, name);
		for (int k = 0; k < DATA_KINDS; k++) {
			for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
				size_t n = sizes[s], clen;
				u8 *data, *comp;
				char what[100];

				/* the slow levels on the big sizes: once */
				if (zp->level >= 19 && n > 300000 && k != DATA_MIXED)
					continue;
				data = xmalloc(n);
				gen_data(k, data, n);
				comp = zcompress(data, n, zp, &clen);
				snprintf(what, sizeof(what), "%s %zu", data_kind_name[k], n);
				if (!comp)
					check_fail(&c, "%s: libzstd cannot compress", what);
				else
					roundtrip(&c, what, comp, clen, data, n);
				free(comp);
				free(data);
			}
		}
		check_done(&c);
	}
}

/* Many small blocks: a flush after every few bytes. */
static void test_small_blocks(void)
{
	static const size_t every[] = { 1, 7, 100, 1000 };
	struct check c;

	check_init(&c, "many small blocks (flushed every 1, 7, 100, 1000 bytes), "
		   "levels 1 and 19");
	for (size_t e = 0; e < ARRAY_SIZE(every); e++)
		for (int k = 0; k < DATA_KINDS; k++)
			for (int lv = 1; lv <= 19; lv += 18) {
				struct zparams zp = { lv, e & 1, e & 2, 0, every[e] };
				size_t n = every[e] < 10 ? 3000 : 50000, clen;
				u8 *data = xmalloc(n), *comp;
				char what[100];

				gen_data(k, data, n);
				comp = zcompress(data, n, &zp, &clen);
				snprintf(what, sizeof(what), "%s, flush every %zu, "
					 "level %d", data_kind_name[k], every[e], lv);
				if (!comp)
					check_fail(&c, "%s: libzstd cannot compress", what);
				else
					roundtrip(&c, what, comp, clen, data, n);
				free(comp);
				free(data);
			}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* Hand-built frames                                                   */

struct buf {
	u8 d[4096];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void put_le(struct buf *b, u64 v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b->d[b->n++] = (u8)(v >> (8 * i));
}

/* A frame header: fcs_flag, single segment, dictionary id flag. */
static void put_header(struct buf *b, unsigned int fcs_flag, bool single,
		       unsigned int did_flag, u32 did, bool checksum,
		       u64 content)
{
	static const int did_bytes[4] = { 0, 1, 2, 4 };

	put_le(b, ZSTD_MAGIC, 4);
	put_le(b, fcs_flag << 6 | single << 5 | checksum << 2 | did_flag, 1);
	if (!single)
		put_le(b, 0x58, 1);	/* window 2^21 (11 << 3) */
	put_le(b, did, did_bytes[did_flag]);
	if (fcs_flag == 1)
		put_le(b, content - 256, 2);
	else if (fcs_flag || single)
		put_le(b, content, fcs_flag ? 1 << fcs_flag : 1);
}

/* block: last bit, type, size */
static void put_block(struct buf *b, bool last, int type, u32 size)
{
	put_le(b, last | type << 1 | size << 3, 3);
}

/*
 * One frame of n bytes: a raw block of data[0..n/2), then an RLE block
 * repeating data[n/2].  What it decodes to goes to want (if not NULL).
 */
static size_t frame_raw_rle(struct buf *b, unsigned int fcs_flag,
			    bool single, unsigned int did_flag, u32 did,
			    bool checksum, const u8 *data, size_t n, u8 *want)
{
	size_t half = n / 2, start = b->n;
	u8 content[70000];

	memcpy(content, data, half);
	memset(content + half, data[half], n - half);
	if (want)
		memcpy(want, content, n);
	put_header(b, fcs_flag, single, did_flag, did, checksum, n);
	put_block(b, false, 0, (u32)half);
	put(b, data, half);
	put_block(b, true, 1, (u32)(n - half));
	put(b, data + half, 1);
	if (checksum)
		put_le(b, (u32)xxh64(content, n, 0), 4);
	return b->n - start;
}

/* paraboot and libzstd both decode b into exactly want[0..n). */
static void both_decode(struct check *c, const char *what,
			const struct buf *b, const u8 *want, size_t n)
{
	u8 out[4096], zout[4096];
	size_t got = 0, zgot = 0;
	int r;

	if (!zdecode(b->d, b->n, zout, sizeof(zout), &zgot) || zgot != n ||
	    memcmp(zout, want, n))
		check_fail(c, "%s: libzstd does not decode the test's frame", what);
	r = unzstd(&ws, b->d, b->n, out, sizeof(out), &got);
	if (r || got != n || memcmp(out, want, n))
		check_fail(c, "%s: status %d (%s), %zu bytes", what, r,
			   unzstd_strerror(r), got);
}

/* unzstd refuses b with `want`, and libzstd refuses it too (unless
 * ref_accepts: where paraboot is stricter on purpose). */
static void both_refuse(struct check *c, const char *what,
			const struct buf *b, int want, bool ref_accepts)
{
	u8 out[4096];
	size_t got, zgot;
	int r;

	if (zdecode(b->d, b->n, out, sizeof(out), &zgot) != ref_accepts)
		check_fail(c, "%s: libzstd %s it", what,
			   ref_accepts ? "refuses" : "accepts");
	r = unzstd(&ws, b->d, b->n, out, sizeof(out), &got);
	if (r != want)
		check_fail(c, "%s: status %d (%s), want %d (%s)", what, r,
			   unzstd_strerror(r), want, unzstd_strerror(want));
}

static void test_headers(void)
{
	u8 data[600];
	struct check c;
	struct buf b;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + (i >> 4));

	check_init(&c, "frame header variants: FCS 0/1/2/4/8 bytes, single "
		   "segment, dictionary ID field 0/1/2/4 bytes of 0, checksum");
	for (unsigned int fcs = 0; fcs < 4; fcs++)
		for (int single = 0; single < 2; single++)
			for (unsigned int did = 0; did < 4; did++)
				for (int ck = 0; ck < 2; ck++)
					for (size_t n = 2; n <= 600; n += 299) {
						char what[100];

						/* FCS flag 1 holds 256..65791 */
						if (fcs == 1 && n < 256)
							continue;
						/* content size 0 bytes but 1-byte
						 * field in single segment only */
						if (single && n > 255 && fcs == 0)
							continue;
						u8 want[600];

						b.n = 0;
						frame_raw_rle(&b, fcs, single, did, 0,
							      ck, data, n, want);
						snprintf(what, sizeof(what), "fcs %u single %d "
							 "did %u checksum %d size %zu",
							 fcs, single, did, ck, n);
						both_decode(&c, what, &b, want, n);
					}
	check_done(&c);

	check_init(&c, "skippable frames (all 16 magics) and concatenated frames");
	{
		u8 want[2000];
		size_t wn = 0;

		b.n = 0;
		for (u32 m = 0; m < 16; m++) {
			put_le(&b, 0x184D2A50 + m, 4);
			put_le(&b, m * 3, 4);
			for (u32 i = 0; i < m * 3; i++)
				put_le(&b, 0xFD, 1);
			if (m % 3 == 0) {
				frame_raw_rle(&b, m & 3, false, 0, 0, m & 1,
					      data + m, 260 + m, want + wn);
				wn += 260 + m;
			}
		}
		both_decode(&c, "16 skippable frames among 6 frames", &b, want, wn);
		/* empty skippable frame at the very end */
		put_le(&b, 0x184D2A5F, 4);
		put_le(&b, 0, 4);
		both_decode(&c, "trailing empty skippable frame", &b, want, wn);
	}
	check_done(&c);

	check_init(&c, "refused frames, each with its status");
	b.n = 0;
	frame_raw_rle(&b, 2, false, 1, 7, false, data, 100, NULL);
	both_refuse(&c, "dictionary ID 7 (1 byte)", &b, UNZSTD_ERR_DICTIONARY, false);
	b.n = 0;
	frame_raw_rle(&b, 0, false, 3, 0x12345678, true, data, 100, NULL);
	both_refuse(&c, "dictionary ID 0x12345678", &b, UNZSTD_ERR_DICTIONARY, false);
	b.n = 0;
	frame_raw_rle(&b, 2, false, 0, 0, false, data, 100, NULL);
	b.d[4] |= 0x08;
	both_refuse(&c, "reserved bit", &b, UNZSTD_ERR_RESERVED, false);
	b.n = 0;
	frame_raw_rle(&b, 2, false, 0, 0, true, data, 100, NULL);
	b.d[b.n - 1] ^= 0x40;
	both_refuse(&c, "checksum", &b, UNZSTD_ERR_CHECKSUM, false);
	b.n = 0;
	frame_raw_rle(&b, 2, false, 0, 0, false, data, 100, NULL);
	b.d[6]++;			/* content size 101 */
	both_refuse(&c, "content size one more", &b, UNZSTD_ERR_CONTENT_SIZE, false);
	b.d[6] -= 2;
	both_refuse(&c, "content size one less", &b, UNZSTD_ERR_CONTENT_SIZE, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	b.d[5] = 22 << 3;		/* Window_Log 32 */
	put_block(&b, true, 0, 0);
	both_refuse(&c, "window log 32", &b, UNZSTD_ERR_WINDOW, false);
	b.d[5] = 21 << 3 | 7;		/* Window_Log 31, 2^31 + 7 * 2^28 */
	both_decode(&c, "window log 31 with the largest mantissa", &b, data, 0);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 3, 1);
	put_le(&b, 0, 1);
	both_refuse(&c, "reserved block type", &b, UNZSTD_ERR_BLOCK_TYPE, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	b.d[5] = 0;			/* window 1 KiB */
	put_block(&b, true, 1, 1025);
	put_le(&b, 0, 1);
	/* RFC 8878 3.1.1.2.3; libzstd 1.5 checks compressed blocks only */
	both_refuse(&c, "RLE block over a 1 KiB window", &b,
		    UNZSTD_ERR_BLOCK_SIZE, true);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 1, UNZSTD_BLOCK_MAX + 1);
	put_le(&b, 0, 1);
	both_refuse(&c, "RLE block of 128 KiB + 1", &b, UNZSTD_ERR_BLOCK_SIZE, false);
	b.n = 0;
	put_header(&b, 0, true, 0, 0, false, 10);
	put_block(&b, true, 1, 11);
	put_le(&b, 0, 1);
	both_refuse(&c, "single segment of 10, block of 11", &b,
		    UNZSTD_ERR_BLOCK_SIZE, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 2);	/* RLE literals, then 0 sequences... */
	put_le(&b, 1 | 3 << 3, 1);	/* ...but no sequences header byte */
	put_le(&b, 'x', 1);
	both_refuse(&c, "compressed block without a sequences header", &b,
		    UNZSTD_ERR_SEQ_HEADER, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 4);
	put_le(&b, 1 | 3 << 3, 1);
	put_le(&b, 'x', 1);
	put_le(&b, 0, 1);		/* 0 sequences, then a stray byte */
	put_le(&b, 0, 1);
	both_refuse(&c, "bytes after a block's 0-sequence header", &b,
		    UNZSTD_ERR_BLOCK_TRAILING, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 5);
	put_le(&b, 1 | 3 << 3, 1);
	put_le(&b, 'x', 1);
	put_le(&b, 0x80, 1);		/* 0 sequences in the 2-byte form... */
	put_le(&b, 0, 1);
	put_le(&b, 0, 1);		/* ...then a stray byte */
	both_refuse(&c, "bytes after a 2-byte 0-sequence header", &b,
		    UNZSTD_ERR_BLOCK_TRAILING, true);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 3);
	put_le(&b, 0, 1);		/* no literals */
	put_le(&b, 0x80, 1);		/* 0 sequences in the 2-byte form, */
	put_le(&b, 0, 1);		/* no Symbol_Compression_Modes after */
	both_refuse(&c, "2-byte 0-sequence header without modes", &b,
		    UNZSTD_ERR_SEQ_HEADER, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 4);
	put_le(&b, 3 | 0 << 2 | 8 << 4, 1);	/* treeless, 1 stream */
	put_le(&b, 0x10, 1);
	put_le(&b, 0, 1);
	put_le(&b, 0x80, 1);
	both_refuse(&c, "treeless literals first in the frame", &b,
		    UNZSTD_ERR_HUF_NO_TREE, false);
	b.n = 0;
	put_header(&b, 0, false, 0, 0, false, 0);
	put_block(&b, true, 2, 4);
	put_le(&b, 1 | 3 << 3, 1);
	put_le(&b, 'x', 1);
	put_le(&b, 1, 1);		/* 1 sequence, all repeat modes */
	put_le(&b, 0xfc, 1);
	both_refuse(&c, "repeat tables first in the frame", &b,
		    UNZSTD_ERR_SEQ_NO_TABLE, false);
	b.n = 0;
	put_le(&b, 0xFD2FB527, 4);
	both_refuse(&c, "bad magic", &b, UNZSTD_ERR_MAGIC, false);
	b.n = 0;
	both_refuse(&c, "empty input", &b, UNZSTD_ERR_NO_FRAME, true);
	put_le(&b, 0x184D2A50, 4);
	put_le(&b, 1, 4);
	put_le(&b, 1, 1);
	both_refuse(&c, "only a skippable frame", &b, UNZSTD_ERR_NO_FRAME, true);
	b.n--;
	both_refuse(&c, "skippable frame cut short", &b, UNZSTD_ERR_TRUNCATED, false);
	b.n = 0;
	frame_raw_rle(&b, 0, false, 0, 0, false, data, 100, NULL);
	put_le(&b, 0x28, 1);
	both_refuse(&c, "one byte after the frame", &b, UNZSTD_ERR_TRUNCATED, false);
	check_done(&c);

	check_init(&c, "content size larger than the output is refused at once");
	{
		u8 out[100];
		size_t got;
		int r;

		b.n = 0;
		frame_raw_rle(&b, 2, false, 0, 0, false, data, 101, NULL);
		r = unzstd(&ws, b.d, b.n, out, 100, &got);
		if (r != UNZSTD_ERR_CONTENT_TOO_BIG || got)
			check_fail(&c, "status %d, %zu bytes", r, got);
		b.n = 0;
		frame_raw_rle(&b, 0, false, 0, 0, false, data, 101, NULL);
		r = unzstd(&ws, b.d, b.n, out, 100, &got);
		if (r != UNZSTD_ERR_OUTPUT_FULL || got != 50)
			check_fail(&c, "without FCS: status %d, %zu bytes", r, got);
	}
	check_done(&c);
}

static void test_xxh64(void)
{
	struct check c;
	u8 buf[300];

	check_init(&c, "xxh64: empty input, and frames of every length 0..300 "
		   "whose checksum libzstd wrote");
	if (xxh64(NULL, 0, 0) != 0xEF46DB3751D8E999ull)
		check_fail(&c, "xxh64 of nothing is %016llx", xxh64(NULL, 0, 0));
	for (size_t n = 0; n <= sizeof(buf); n++) {
		struct zparams zp = { 1, true, true, 0, 0 };
		size_t clen;
		u8 *comp;

		gen_data(DATA_RANDOM, buf, n);
		comp = zcompress(buf, n, &zp, &clen);
		if (!comp || (u32)xxh64(buf, n, 0) != zstd_le32(comp + clen - 4))
			check_fail(&c, "length %zu", n);
		free(comp);
	}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* Damaged streams, differential against libzstd                       */

/*
 * Where paraboot refuses, as RFC 8878 says, what libzstd 1.5 accepts:
 *  - input with no zstd frame at all (libzstd: 0 bytes, success);
 *  - a repeat offset of zero (libzstd uses 1; 3.1.1.5);
 *  - blocks larger than Block_Maximum_Size (3.1.1.2.3: "applicable to
 *    both the decompressed size and the compressed size");
 *  - Huffman and sequence bitstreams not consumed exactly, bits left
 *    over or read past their beginning (4.2.2, and 3.1.1.3.2.2: "shall
 *    be entirely consumed"); libzstd's fast Huffman path checks only
 *    the count of literals, and its sequence decoder accepts reading
 *    past the start (it reads the final state updates too);
 *  - reserved bits of the Symbol compression modes byte set
 *    (3.1.1.3.2.1: "must be all-zeroes");
 *  - bytes after a block's sections when it has no sequences (libzstd
 *    refuses them after a 1-byte Number_of_Sequences, not a 2-byte 0).
 */
static bool stricter_on_purpose(int r)
{
	return r == UNZSTD_ERR_NO_FRAME || r == UNZSTD_ERR_ZERO_OFFSET ||
	       r == UNZSTD_ERR_BLOCK_SIZE || r == UNZSTD_ERR_HUF_INEXACT ||
	       r == UNZSTD_ERR_SEQ_INEXACT || r == UNZSTD_ERR_SEQ_RESERVED ||
	       r == UNZSTD_ERR_BLOCK_TRAILING;
}

/* One input through both; returns false (and reports) if they differ
 * in a way that matters. */
static bool differential(struct check *c, const char *what, const u8 *in,
			 size_t n, size_t cap, size_t *n_ok)
{
	u8 *out = xmalloc(cap), *zout = xmalloc(cap);
	u8 *inx = dup_exact(in, n);
	size_t got = 0, zgot = 0;
	bool zok = zdecode(inx, n, zout, cap, &zgot), ok = true;
	int r = unzstd(&ws, inx, n, out, cap, &got);

	if (got > cap) {
		check_fail(c, "%s: out_len %zu past the capacity", what, got);
		ok = false;
	} else if (!zok && r == UNZSTD_OK) {
		check_fail(c, "%s: paraboot accepts (%zu bytes), libzstd refuses",
			   what, got);
		ok = false;
	} else if (zok && r != UNZSTD_OK && !stricter_on_purpose(r)) {
		check_fail(c, "%s: libzstd decodes %zu bytes, paraboot says %d (%s)",
			   what, zgot, r, unzstd_strerror(r));
		ok = false;
	} else if (zok && r == UNZSTD_OK &&
		   (got != zgot || memcmp(out, zout, got))) {
		check_fail(c, "%s: output differs from libzstd's", what);
		ok = false;
	}
	if (r == UNZSTD_OK)
		(*n_ok)++;
	if (!ok && getenv("UNZSTD_DUMP")) {
		/* UNZSTD_DUMP=DIR: keep the input for a closer look */
		static int n_dumped;
		char path[600];
		FILE *f;

		snprintf(path, sizeof(path), "%s/diff-%d.zst",
			 getenv("UNZSTD_DUMP"), n_dumped++);
		f = fopen(path, "wb");
		if (f) {
			fwrite(in, 1, n, f);
			fclose(f);
		}
	}
	free(inx);
	free(out);
	free(zout);
	return ok;
}

static u8 *sample(enum data_kind k, size_t n, int level, bool ck, size_t *clen,
		  u8 **data)
{
	struct zparams zp = { level, ck, true, 0, 0 };

	*data = xmalloc(n);
	gen_data(k, *data, n);
	return zcompress(*data, n, &zp, clen);
}

static void test_damage(void)
{
	struct check c;
	size_t n_ok = 0;

	check_init(&c, "every proper prefix of frames is refused");
	for (int k = 0; k < DATA_KINDS; k++)
		for (int lv = 1; lv <= 19; lv += 9) {
			size_t clen;
			u8 *data, *comp = sample(k, 5000, lv, k & 1, &clen, &data);

			for (size_t cut = 0; cut < clen; cut++) {
				size_t got;
				u8 *in = dup_exact(comp, cut);
				u8 *out = xmalloc(5000);
				int r = unzstd(&ws, in, cut, out, 5000, &got);

				if (r == UNZSTD_OK)
					check_fail(&c, "%s level %d: prefix %zu of %zu "
						   "accepted", data_kind_name[k], lv, cut, clen);
				free(in);
				free(out);
			}
			free(comp);
			free(data);
		}
	check_done(&c);

	check_init(&c, "single bit flips agree with libzstd");
	for (int k = 0; k < DATA_KINDS; k++)
		for (int lv = 1; lv <= 22; lv += 7) {
			size_t clen;
			u8 *data, *comp = sample(k, 3000, lv, lv & 1, &clen, &data);
			u8 *m = xmalloc(clen);

			for (size_t bit = 0; bit < clen * 8; bit++) {
				/* all bits of small frames; a sample of big */
				if (clen > 400 && bit >= 800 &&
				    bit < clen * 8 - 320 && rnd_below(8))
					continue;
				memcpy(m, comp, clen);
				m[bit / 8] ^= 1 << (bit % 8);
				if (!differential(&c, "flip", m, clen, 4000, &n_ok))
					break;
			}
			free(m);
			free(comp);
			free(data);
		}
	check_done(&c);

	check_init(&c, "every output capacity from 0 to the exact size");
	{
		size_t clen;
		u8 *data, *comp = sample(DATA_MIXED, 2000, 19, false, &clen, &data);
		struct zparams zp = { 19, false, false, 0, 0 };
		u8 *comp2;
		size_t clen2;

		comp2 = zcompress(data, 2000, &zp, &clen2);
		for (size_t cap = 0; cap <= 2000; cap++) {
			u8 *out = xmalloc(cap);
			size_t got;
			int r = unzstd(&ws, comp, clen, out, cap, &got);
			int r2 = unzstd(&ws, comp2, clen2, out, cap, &got);

			if ((cap < 2000) != (r == UNZSTD_ERR_CONTENT_TOO_BIG) ||
			    (cap < 2000) != (r2 == UNZSTD_ERR_OUTPUT_FULL))
				check_fail(&c, "capacity %zu: status %d, %d", cap,
					   r, r2);
			free(out);
		}
		free(comp);
		free(comp2);
		free(data);
	}
	check_done(&c);

	check_init(&c, "20000 seeded mutations of 64 frames agree with libzstd");
	{
		enum { POOL = 64 };
		u8 *pool[POOL], *pdata[POOL];
		size_t plen[POOL], psize[POOL];

		for (int i = 0; i < POOL; i++) {
			int lv = i % 8 == 7 ? 22 : i % 4 == 3 ? 19 : 1 + i % 9;

			psize[i] = 1 + rnd_below(i % 8 ? 3000 : 200000);
			pool[i] = sample(i % DATA_KINDS, psize[i], lv, i & 16,
					 &plen[i], &pdata[i]);
		}
		for (int t = 0; t < 20000; t++) {
			int i = rnd_below(POOL);
			size_t clen = plen[i], mlen = clen;
			u8 *m = xmalloc(clen + 64);
			u32 how = rnd_below(6);

			memcpy(m, pool[i], clen);
			switch (how) {
			case 0:		/* a few bit flips */
				for (u32 j = 0, f = 1 + rnd_below(4); j < f; j++)
					m[rnd_below(mlen)] ^= 1 << rnd_below(8);
				break;
			case 1:		/* random bytes */
				for (u32 j = 0, f = 1 + rnd_below(8); j < f; j++)
					m[rnd_below(mlen)] = (u8)rnd();
				break;
			case 2:		/* truncate */
				mlen = rnd_below(mlen);
				break;
			case 3:		/* overwrite a run */
				{
					size_t at = rnd_below(mlen);
					size_t len = MIN(mlen - at, 1 + rnd_below(20));

					memset(m + at, (u8)rnd(), len);
				}
				break;
			case 4:		/* move a run */
				{
					size_t a = rnd_below(mlen), b = rnd_below(mlen);
					size_t len = MIN(MIN(mlen - a, mlen - b),
							 1 + rnd_below(40));

					memmove(m + a, m + b, len);
				}
				break;
			default:	/* append bytes */
				for (int j = 0, e = 1 + rnd_below(64); j < e; j++)
					m[mlen++] = (u8)rnd();
				break;
			}
			if (!differential(&c, "mutation", m, mlen, psize[i] + 100,
					  &n_ok))
				t = 20000;
			free(m);
		}
		for (int i = 0; i < POOL; i++) {
			free(pool[i]);
			free(pdata[i]);
		}
	}
	check_done(&c);
	printf("# damaged streams accepted by both: %zu\n", n_ok);
}

static void test_api(void)
{
	struct check c;
	size_t got = 99;
	u8 out[4];

	check_init(&c, "NULL arguments and strerror");
	if (unzstd(NULL, (const u8 *)"", 0, out, 4, &got) != UNZSTD_ERR_ARG ||
	    unzstd(&ws, NULL, 4, out, 4, &got) != UNZSTD_ERR_ARG ||
	    unzstd(&ws, (const u8 *)"", 0, NULL, 4, &got) != UNZSTD_ERR_ARG ||
	    got != 0)
		check_fail(&c, "NULL arguments accepted");
	for (int s = 0; s >= UNZSTD_ERR_LAST; s--)
		if (!strcmp(unzstd_strerror(s), "unknown zstd error"))
			check_fail(&c, "status %d has no description", s);
	if (strcmp(unzstd_strerror(-999), "unknown zstd error"))
		check_fail(&c, "unknown status");
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static void test_file(const char *path)
{
	char name[600];
	struct check c;
	FILE *f = fopen(path, "rb");
	u8 *data;
	long n;

	snprintf(name, sizeof(name), "file %s", path);
	if (!f) {
		skip(name, "not found");
		return;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc(n);
	if (fread(data, 1, n, f) != (size_t)n)
		n = -1;
	fclose(f);
	check_init(&c, name);
	/* A .zst file is decoded as it is, by both, with an exact output */
	if (n >= 0 && strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".zst")) {
		unsigned long long fcs = ZSTD_getFrameContentSize(data, n);
		size_t zgot = 0;
		u8 *ref;

		if (fcs >= ZSTD_CONTENTSIZE_ERROR) {
			check_fail(&c, "no content size in the first frame");
		} else {
			ref = xmalloc(fcs);
			if (!zdecode(data, n, ref, fcs, &zgot) || zgot != fcs)
				check_fail(&c, "libzstd does not decode it");
			else
				roundtrip(&c, "as it is", data, n, ref, fcs);
			free(ref);
		}
		n = -2;
	}
	for (int lv = 3; lv <= 19 && n >= 0; lv += 16) {
		struct zparams zp = { lv, lv == 3, true, 0, 0 };
		size_t clen;
		u8 *comp;
		char what[40];

		if (lv == 19 && n > 8 << 20)
			break;
		comp = zcompress(data, n, &zp, &clen);
		snprintf(what, sizeof(what), "level %d", lv);
		if (!comp)
			check_fail(&c, "%s: libzstd cannot compress", what);
		else
			roundtrip(&c, what, comp, clen, data, n);
		free(comp);
	}
	if (n == -1)
		check_fail(&c, "cannot read");
	check_done(&c);
	free(data);
}

int main(int argc, char **argv)
{
	test_api();
	test_xxh64();
	test_headers();
	test_levels();
	test_small_blocks();
	test_damage();
	for (int i = 1; i < argc; i++)
		test_file(argv[i]);
	if (zdctx)
		ZSTD_freeDCtx(zdctx);
	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
