// SPDX-License-Identifier: MIT
/*
 * Host unit tests for lib/inflate.c, lib/gunzip.c and lib/crc32.c.
 *
 * Built as one translation unit (the library sources are included) with
 * ASan/UBSan and linked with zlib, which serves as the reference: zlib
 * produces the streams, decodes the hand-built ones to validate the test's
 * own encoder, and is the oracle in the differential bit-flip and fuzz
 * checks.  A second copy of the decoder with a 32-bit bit buffer (the i386
 * configuration) is included from inflate_w32.c and run on most streams.
 *
 * Usage: test_inflate [FILE...]   extra files are gzip round-tripped.
 * Output: one PASS/FAIL/SKIP line per check, then "N passed, N failed,
 * N skipped"; exit status 1 iff a check failed.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* paraboot's crc32() would clash with zlib's: rename ours in this file. */
#define crc32 pb_crc32
#include "../../lib/crc32.c"
#include "../../lib/inflate.c"
#include "../../lib/gunzip.c"
#undef crc32
/* The setup's byte-at-a-time CRC-32, checked against the same zlib. */
#undef CRC32_POLY
#undef LAST_ENTRY
#define crc32 pb_crc32_small
#define crc_table crc_small_table
#include "../../lib/crc32_small.c"
#undef crc_table
#undef crc32
#include "inflate_w32.c"

static struct inflate_workspace ws;

/* ------------------------------------------------------------------ */
/* Reporting                                                           */

#define CHECK_TAG "inflate"
#include "check.h"

/* ------------------------------------------------------------------ */
/* Deterministic data                                                  */

/* Matches at every distance the 32 KiB window allows, and past it. */
#define DATA_SHAPE { .long_run = 3000, .piece = 600, .long_piece = 600, \
		     .max_dist = 40000 }
#include "testdata.h"

/* ------------------------------------------------------------------ */
/* zlib helpers                                                        */

/* Compress with deflateInit2; wbits -15 = raw, 31 = gzip. */
static u8 *zcompress(const u8 *src, size_t n, int level, int strategy,
		     int wbits, gz_header *head, size_t *clen)
{
	z_stream zs;
	size_t cap;
	u8 *buf;
	int r;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, level, Z_DEFLATED, wbits, 8, strategy) != Z_OK)
		return NULL;
	if (head && deflateSetHeader(&zs, head) != Z_OK)
		return NULL;
	cap = deflateBound(&zs, n) + 1024;
	buf = xmalloc(cap);
	zs.next_in = (Bytef *)src;
	zs.avail_in = (uInt)n;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	r = deflate(&zs, Z_FINISH);
	*clen = zs.total_out;
	deflateEnd(&zs);
	if (r != Z_STREAM_END) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * zlib's verdict on a stream: true iff it decodes to completion within
 * out_cap bytes; *consumed and *produced as zlib reports them.
 */
static bool zdecode(const u8 *in, size_t in_len, int wbits, u8 *out,
		    size_t out_cap, size_t *consumed, size_t *produced)
{
	static u8 dummy;
	z_stream zs;
	int r;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, wbits) != Z_OK)
		return false;
	zs.next_in = (Bytef *)(in_len ? in : &dummy);
	zs.avail_in = (uInt)in_len;
	zs.next_out = out_cap ? out : &dummy;
	zs.avail_out = (uInt)out_cap;
	r = inflate(&zs, Z_FINISH);
	*consumed = zs.total_in;
	*produced = zs.total_out;
	inflateEnd(&zs);
	return r == Z_STREAM_END;
}

/* ------------------------------------------------------------------ */
/* Round trips                                                         */

typedef int (*raw_fn)(struct inflate_workspace *, const u8 *, size_t,
		      size_t *, u8 *, size_t, size_t *);

/*
 * Decode a raw stream with `fn` and compare against `orig`:
 *  - input at the very end of its allocation, output exactly sized (one
 *    byte more in either direction is an ASan redzone);
 *  - output one byte short must give INFLATE_ERR_OUTPUT_FULL;
 *  - with junk after the stream, in_used must still be the stream length.
 */
static void raw_roundtrip_fn(struct check *c, const char *what, raw_fn fn,
			     const u8 *comp, size_t clen, const u8 *orig,
			     size_t olen)
{
	u8 *in = dup_exact(comp, clen);
	u8 *out = xmalloc(olen);
	size_t used = 12345, got = 12345;
	int r;

	r = fn(&ws, in, clen, &used, out, olen, &got);
	if (r != INFLATE_OK)
		check_fail(c, "%s: status %d (%s)", what, r, inflate_strerror(r));
	else if (got != olen)
		check_fail(c, "%s: out_len %zu, want %zu", what, got, olen);
	else if (used != clen)
		check_fail(c, "%s: in_used %zu, want %zu", what, used, clen);
	else if (olen && memcmp(out, orig, olen))
		check_fail(c, "%s: output differs", what);
	free(out);

	if (olen) {
		out = xmalloc(olen - 1);
		r = fn(&ws, in, clen, &used, out, olen - 1, &got);
		if (r != INFLATE_ERR_OUTPUT_FULL)
			check_fail(c, "%s: output short by one: status %d, want %d",
				   what, r, INFLATE_ERR_OUTPUT_FULL);
		else if (got > olen - 1)
			check_fail(c, "%s: output short by one: out_len %zu", what, got);
		free(out);
	}
	free(in);

	/* Junk after the stream, generous output buffer */
	in = xmalloc(clen + 16);
	memcpy(in, comp, clen);
	for (int i = 0; i < 16; i++)
		in[clen + i] = (u8)rnd();
	out = xmalloc(olen + 300);
	r = fn(&ws, in, clen + 16, &used, out, olen + 300, &got);
	if (r != INFLATE_OK || got != olen || used != clen ||
	    (olen && memcmp(out, orig, olen)))
		check_fail(c, "%s: with trailing junk: status %d out_len %zu in_used %zu (want %zu)",
			   what, r, got, used, clen);
	free(out);
	free(in);
}

static void raw_roundtrip(struct check *c, const char *what, const u8 *comp,
			  size_t clen, const u8 *orig, size_t olen)
{
	raw_roundtrip_fn(c, what, inflate_raw, comp, clen, orig, olen);
}

static void raw_roundtrip_w32(struct check *c, const char *what,
			      const u8 *comp, size_t clen, const u8 *orig,
			      size_t olen)
{
	raw_roundtrip_fn(c, what, inflate_raw_w32, comp, clen, orig, olen);
}

/* gunzip with exact buffers and with the output one byte short. */
static void gz_roundtrip(struct check *c, const char *what, const u8 *comp,
			 size_t clen, const u8 *orig, size_t olen)
{
	u8 *in = dup_exact(comp, clen);
	u8 *out = xmalloc(olen);
	size_t got = 12345;
	int r;

	r = gunzip(&ws, in, clen, out, olen, &got);
	if (r != INFLATE_OK)
		check_fail(c, "%s: status %d (%s)", what, r, inflate_strerror(r));
	else if (got != olen)
		check_fail(c, "%s: out_len %zu, want %zu", what, got, olen);
	else if (olen && memcmp(out, orig, olen))
		check_fail(c, "%s: output differs", what);
	else if (gunzip_trailer_crc32(in, clen) != crc32(0L, orig, olen))
		check_fail(c, "%s: gunzip_trailer_crc32() is not the output's "
			   "CRC-32", what);
	free(out);
	if (olen) {
		out = xmalloc(olen - 1);
		r = gunzip(&ws, in, clen, out, olen - 1, &got);
		if (r != INFLATE_ERR_OUTPUT_FULL)
			check_fail(c, "%s: output short by one: status %d", what, r);
		free(out);
	}
	free(in);
}

/* ------------------------------------------------------------------ */
/* CRC32                                                               */

static void test_crc32(void)
{
	static u8 buf[4096 + 16 + 64];
	struct check c;
	const char *v = "123456789";

	check_init(&c, "crc32 known vectors");
	if (pb_crc32(0, v, 9) != 0xcbf43926u)
		check_fail(&c, "crc32(\"123456789\") = %08x", pb_crc32(0, v, 9));
	if (pb_crc32(0, v, 0) != 0)
		check_fail(&c, "crc32 of nothing is not 0");
	if (pb_crc32(0, NULL, 0) != 0)
		check_fail(&c, "crc32(0, NULL, 0) is not 0");
	if (pb_crc32(0x12345678, v, 0) != 0x12345678)
		check_fail(&c, "crc32 of nothing does not keep the running value");
	check_done(&c);

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)rnd();

	check_init(&c, "crc32 vs zlib, lengths 0..4096 at offsets 0..15");
	for (unsigned off = 0; off < 16; off++)
		for (unsigned len = 0; len <= 4096; len++) {
			u32 a = pb_crc32(0, buf + off, len);
			u32 b = (u32)crc32(0, buf + off, len);

			if (a != b)
				check_fail(&c, "offset %u length %u: %08x, zlib %08x",
					   off, len, a, b);
		}
	check_done(&c);

	check_init(&c, "crc32_small (the setup's) vs zlib, lengths 0..4096 at offsets 0..15");
	for (unsigned off = 0; off < 16; off++)
		for (unsigned len = 0; len <= 4096; len += 1 + len / 64) {
			u32 a = pb_crc32_small(0x12345678, buf + off, len);
			u32 b = (u32)crc32(0x12345678, buf + off, len);

			if (a != b)
				check_fail(&c, "offset %u length %u: %08x, zlib %08x",
					   off, len, a, b);
		}
	if (pb_crc32_small(0, v, 9) != 0xcbf43926u)
		check_fail(&c, "crc32_small(\"123456789\") = %08x",
			   pb_crc32_small(0, v, 9));
	check_done(&c);

	check_init(&c, "crc32 vs zlib on long buffers (interleaved path), 16 KiB..1 MiB");
	{
		static const size_t lens[] = {
			16383, 16384, 16385, 16391, 32767, 32768, 32769, 49165,
			65536 * 3 + 5, 1 << 20, (1 << 20) + 4095,
		};
		size_t max = (1 << 20) + 4095 + 16;
		u8 *big = xmalloc(max);

		for (size_t i = 0; i < max; i++)
			big[i] = (u8)rnd();
		for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
			for (unsigned off = 0; off < 16; off += 5) {
				u32 a = pb_crc32(0x5a5a5a5a, big + off, lens[i]);
				u32 b = (u32)crc32(0x5a5a5a5a, big + off, lens[i]);

				if (a != b)
					check_fail(&c, "offset %u length %zu: %08x, zlib %08x",
						   off, lens[i], a, b);
			}
		free(big);
	}
	check_done(&c);

	check_init(&c, "crc32 chaining over random splits");
	for (int t = 0; t < 2000; t++) {
		unsigned len = rnd_below(4097), cut1 = rnd_below(len + 1);
		unsigned cut2 = cut1 + rnd_below(len - cut1 + 1);
		unsigned off = rnd_below(16);
		u32 whole = pb_crc32(0, buf + off, len), part;

		part = pb_crc32(0, buf + off, cut1);
		part = pb_crc32(part, buf + off + cut1, cut2 - cut1);
		part = pb_crc32(part, buf + off + cut2, len - cut2);
		if (part != whole)
			check_fail(&c, "len %u cuts %u,%u: %08x vs %08x",
				   len, cut1, cut2, part, whole);
		if (whole != (u32)crc32(0, buf + off, len))
			check_fail(&c, "len %u differs from zlib", len);
	}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* zlib matrix                                                         */

static const struct {
	int strategy;
	const char *name;
} strategies[] = {
	{ Z_DEFAULT_STRATEGY, "Z_DEFAULT_STRATEGY" },
	{ Z_FILTERED, "Z_FILTERED" },
	{ Z_HUFFMAN_ONLY, "Z_HUFFMAN_ONLY" },
	{ Z_RLE, "Z_RLE" },
	{ Z_FIXED, "Z_FIXED" },
};

static const size_t matrix_sizes[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 31, 32, 33,
	64, 100, 255, 256, 257, 300, 1000, 4095, 4096, 10000,
	65535, 65536, 65537, 1 << 20,
};

/* Data for every (kind, size) pair, generated once. */
static u8 *matrix_data[DATA_KINDS][ARRAY_SIZE(matrix_sizes)];

static void make_matrix_data(void)
{
	for (int k = 0; k < DATA_KINDS; k++)
		for (size_t s = 0; s < ARRAY_SIZE(matrix_sizes); s++) {
			matrix_data[k][s] = xmalloc(matrix_sizes[s]);
			gen_data(k, matrix_data[k][s], matrix_sizes[s]);
		}
}

static void test_zlib_matrix(bool gzip)
{
	static const int levels[] = { 0, 1, 6, 9 };
	char name[160], what[160];

	for (size_t l = 0; l < ARRAY_SIZE(levels); l++)
		for (size_t st = 0; st < ARRAY_SIZE(strategies); st++) {
			struct check c;

			/* Strategies do not apply to stored output. */
			if (levels[l] == 0 && st > 0)
				continue;
			snprintf(name, sizeof(name),
				 "zlib %s level %d %s: sizes 0..1 MiB x random/text/runs/mixed",
				 gzip ? "gzip" : "raw", levels[l], strategies[st].name);
			check_init(&c, name);
			for (int k = 0; k < DATA_KINDS; k++)
				for (size_t s = 0; s < ARRAY_SIZE(matrix_sizes); s++) {
					size_t n = matrix_sizes[s], clen;
					u8 *comp;

					/* 1 MiB: two kinds, to keep the run short */
					if (n >= (1 << 20) && (k == DATA_RANDOM || k == DATA_RUNS))
						continue;
					comp = zcompress(matrix_data[k][s], n, levels[l],
							 strategies[st].strategy,
							 gzip ? 31 : -15, NULL, &clen);
					snprintf(what, sizeof(what), "%s %zu bytes",
						 data_kind_name[k], n);
					if (!comp) {
						check_fail(&c, "%s: zlib deflate failed", what);
						continue;
					}
					if (gzip)
						gz_roundtrip(&c, what, comp, clen,
							     matrix_data[k][s], n);
					else
						raw_roundtrip(&c, what, comp, clen,
							      matrix_data[k][s], n);
					free(comp);
				}
			check_done(&c);
		}
}

/* The i386 configuration on a cross-section of the same data. */
static void test_zlib_w32(void)
{
	static const int levels[] = { 0, 1, 6, 9 };
	struct check c;
	char what[160];

	check_init(&c, "32-bit bit buffer variant: zlib raw levels 0/1/6/9 x all strategies");
	for (size_t l = 0; l < ARRAY_SIZE(levels); l++)
		for (size_t st = 0; st < ARRAY_SIZE(strategies); st++)
			for (int k = 0; k < DATA_KINDS; k++)
				for (size_t s = 0; s < ARRAY_SIZE(matrix_sizes); s++) {
					size_t n = matrix_sizes[s], clen;
					u8 *comp;

					if (levels[l] == 0 && st > 0)
						continue;
					if (n >= (1 << 20) && k != DATA_MIXED)
						continue;
					comp = zcompress(matrix_data[k][s], n, levels[l],
							 strategies[st].strategy, -15,
							 NULL, &clen);
					snprintf(what, sizeof(what), "level %d %s %s %zu bytes",
						 levels[l], strategies[st].name,
						 data_kind_name[k], n);
					if (!comp) {
						check_fail(&c, "%s: zlib deflate failed", what);
						continue;
					}
					raw_roundtrip_w32(&c, what, comp, clen,
							  matrix_data[k][s], n);
					free(comp);
				}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* A small DEFLATE encoder for hand-built streams                      */

struct bitw {
	u8 *buf;
	size_t cap, len;
	u64 acc;
	unsigned int n;
};

static void bw_init(struct bitw *w, size_t cap)
{
	w->buf = xmalloc(cap);
	w->cap = cap;
	w->len = 0;
	w->acc = 0;
	w->n = 0;
}

static void bw_put(struct bitw *w, u32 v, unsigned int nbits)
{
	w->acc |= (u64)v << w->n;
	w->n += nbits;
	while (w->n >= 8) {
		if (w->len == w->cap) {
			fprintf(stderr, "test encoder buffer overflow\n");
			exit(2);
		}
		w->buf[w->len++] = (u8)w->acc;
		w->acc >>= 8;
		w->n -= 8;
	}
}

static void bw_align(struct bitw *w)
{
	if (w->n & 7)
		bw_put(w, 0, 8 - (w->n & 7));
}

/* Huffman codes go out most significant bit first. */
static void bw_code(struct bitw *w, u32 code, unsigned int len)
{
	u32 r = 0;

	for (unsigned int i = 0; i < len; i++)
		r |= ((code >> i) & 1) << (len - 1 - i);
	bw_put(w, r, len);
}

/* RFC 1951 length/distance code tables, derived independently of lib/. */
static u16 t_len_base[29], t_dist_base[30];
static u8 t_len_extra[29], t_dist_extra[30];

static void init_encoder_tables(void)
{
	unsigned int base = 3, i;

	for (i = 0; i < 28; i++) {
		t_len_extra[i] = i < 8 ? 0 : (u8)((i - 4) / 4);
		t_len_base[i] = (u16)base;
		base += 1u << t_len_extra[i];
	}
	t_len_base[28] = 258;
	t_len_extra[28] = 0;
	base = 1;
	for (i = 0; i < 30; i++) {
		t_dist_extra[i] = i < 4 ? 0 : (u8)((i - 2) / 2);
		t_dist_base[i] = (u16)base;
		base += 1u << t_dist_extra[i];
	}
}

static unsigned int len_sym(unsigned int len)
{
	if (len == 258)
		return 28;
	for (unsigned int i = 28; i-- > 0;)
		if (len >= t_len_base[i])
			return i;
	return 0;
}

static unsigned int dist_sym(unsigned int dist)
{
	for (unsigned int i = 30; i-- > 0;)
		if (dist >= t_dist_base[i])
			return i;
	return 0;
}

/* A literal (len == 0) or a match */
struct tok {
	u16 len;
	u16 dist;
	u8 lit;
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static void tk_add(struct toks *ts, unsigned int len, unsigned int dist, u8 lit)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? 2 * ts->cap : 1024;
		ts->t = realloc(ts->t, ts->cap * sizeof(*ts->t));
		if (!ts->t)
			exit(2);
	}
	ts->t[ts->n].len = (u16)len;
	ts->t[ts->n].dist = (u16)dist;
	ts->t[ts->n].lit = lit;
	ts->n++;
}

static void tk_lit(struct toks *ts, u8 b)
{
	tk_add(ts, 0, 0, b);
}

static void tk_match(struct toks *ts, unsigned int len, unsigned int dist)
{
	tk_add(ts, len, dist, 0);
}

/* The output a token list stands for, appended to *out. */
static void tk_expand(const struct toks *ts, u8 *out, size_t *pos)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct tok *t = &ts->t[i];

		if (!t->len) {
			out[(*pos)++] = t->lit;
			continue;
		}
		for (unsigned int k = 0; k < t->len; k++, (*pos)++)
			out[*pos] = out[*pos - t->dist];
	}
}

struct huff {
	u8 lens[288];
	u16 codes[288];
	u8 dlens[32];
	u16 dcodes[32];
};

/* RFC 1951 3.2.2: canonical codes from code lengths */
static void canon_codes(const u8 *lens, unsigned int n, u16 *codes)
{
	u16 count[16] = { 0 }, next[16];
	unsigned int code = 0;

	for (unsigned int i = 0; i < n; i++)
		count[lens[i]]++;
	count[0] = 0;
	for (unsigned int b = 1; b < 16; b++) {
		code = (code + count[b - 1]) << 1;
		next[b] = (u16)code;
	}
	for (unsigned int i = 0; i < n; i++)
		if (lens[i])
			codes[i] = next[lens[i]]++;
}

static void put_tokens(struct bitw *w, const struct huff *h, const struct toks *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct tok *t = &ts->t[i];
		unsigned int s;

		if (!t->len) {
			bw_code(w, h->codes[t->lit], h->lens[t->lit]);
			continue;
		}
		s = len_sym(t->len);
		bw_code(w, h->codes[257 + s], h->lens[257 + s]);
		bw_put(w, t->len - t_len_base[s], t_len_extra[s]);
		s = dist_sym(t->dist);
		bw_code(w, h->dcodes[s], h->dlens[s]);
		bw_put(w, t->dist - t_dist_base[s], t_dist_extra[s]);
	}
	bw_code(w, h->codes[256], h->lens[256]);
}

static void put_fixed_block(struct bitw *w, const struct toks *ts, bool final)
{
	struct huff h;
	unsigned int i;

	for (i = 0; i < 288; i++)
		h.lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	for (i = 0; i < 32; i++)
		h.dlens[i] = 5;
	canon_codes(h.lens, 288, h.codes);
	canon_codes(h.dlens, 32, h.dcodes);
	bw_put(w, final, 1);
	bw_put(w, 1, 2);
	put_tokens(w, &h, ts);
}

static void put_stored_block(struct bitw *w, const u8 *data, unsigned int n,
			     bool final)
{
	bw_put(w, final, 1);
	bw_put(w, 0, 2);
	bw_align(w);
	bw_put(w, n, 16);
	bw_put(w, ~n & 0xffff, 16);
	for (unsigned int i = 0; i < n; i++)
		bw_put(w, data[i], 8);
}

/*
 * Complete code length sets ("shapes") for m symbols.  Splitting a leaf
 * of a complete code into two one bit longer keeps it complete.
 */
enum shape { SHAPE_BALANCED, SHAPE_SKEWED, SHAPE_RANDOM };

static void make_shape(enum shape shape, unsigned int m, u8 *lens)
{
	unsigned int n, i;

	if (m == 1) {
		lens[0] = 1;
		return;
	}
	if (shape == SHAPE_BALANCED || m < 16) {
		unsigned int k = 0;

		while ((1u << k) < m)
			k++;
		for (i = 0; i < m; i++)
			lens[i] = (u8)(i < (1u << k) - m ? k - 1 : k);
		return;
	}
	if (shape == SHAPE_SKEWED) {
		/* 1, 2, ..., 14, 15, 15: then split the shortest leaves */
		for (i = 0; i < 15; i++)
			lens[i] = (u8)(i + 1);
		lens[15] = 15;
		for (n = 16; n < m; n++) {
			unsigned int best = 0;

			for (i = 1; i < n; i++)
				if (lens[i] < lens[best])
					best = i;
			lens[best]++;
			lens[n] = lens[best];
		}
		return;
	}
	lens[0] = lens[1] = 1;
	for (n = 2; n < m; n++) {
		unsigned int pick;

		do {
			pick = rnd_below(n);
			/* Half the time walk to the longest splittable leaf
			 * so that 15-bit codes (second-level tables) appear. */
			if (rnd_below(2)) {
				for (i = 0; i < n; i++)
					if (lens[i] < 15 && lens[i] > lens[pick])
						pick = i;
			}
		} while (lens[pick] >= 15);
		lens[pick]++;
		lens[n] = lens[pick];
	}
}

/* Give the used symbols (used[i] != 0) lengths of the given shape. */
static void assign_lens(const u8 *used, unsigned int n, enum shape shape,
			bool shuffle, u8 *lens)
{
	unsigned int syms[288], m = 0;
	u8 shp[288];

	for (unsigned int i = 0; i < n; i++) {
		lens[i] = 0;
		if (used[i])
			syms[m++] = i;
	}
	if (!m)
		return;
	make_shape(shape, m, shp);
	if (shuffle)
		for (unsigned int i = m; i > 1; i--) {
			unsigned int j = rnd_below(i);
			unsigned int t = syms[i - 1];

			syms[i - 1] = syms[j];
			syms[j] = t;
		}
	for (unsigned int i = 0; i < m; i++)
		lens[syms[i]] = shp[i];
}

struct dyn_opts {
	enum shape shape;
	bool shuffle;
	bool no_rle;		/* send every code length as itself */
	bool full_hclen;	/* send all 19 precode lengths */
	unsigned int min_nlit, min_ndist;
	const u8 *force_lens;	/* litlen lengths (288), else from shape */
	const u8 *force_dlens;	/* distance lengths (32) */
	bool crossed;		/* out: a repeat crossed into distance lengths */
	unsigned int hclen;	/* out */
};

/* RLE of the code lengths into precode symbols (sym, extra bits, value). */
struct pre_item {
	u8 sym, nbits, val;
};

static unsigned int rle_lengths(const u8 *all, unsigned int n, bool no_rle,
				unsigned int nlit, struct pre_item *items,
				bool *crossed)
{
	unsigned int i = 0, k = 0;

	while (i < n) {
		unsigned int run = 1;

		while (i + run < n && all[i + run] == all[i])
			run++;
		if (no_rle) {
			items[k++] = (struct pre_item){ all[i], 0, 0 };
			i++;
			continue;
		}
		if (all[i] == 0 && run >= 3) {
			unsigned int r = run > 138 ? 138 : run;

			if (r >= 11)
				items[k++] = (struct pre_item){ 18, 7, (u8)(r - 11) };
			else
				items[k++] = (struct pre_item){ 17, 3, (u8)(r - 3) };
			if (i < nlit && i + r > nlit)
				*crossed = true;
			i += r;
		} else if (all[i] != 0 && run >= 4) {
			unsigned int r = run - 1 > 6 ? 6 : run - 1;

			items[k++] = (struct pre_item){ all[i], 0, 0 };
			items[k++] = (struct pre_item){ 16, 2, (u8)(r - 3) };
			if (i + 1 < nlit && i + 1 + r > nlit)
				*crossed = true;
			i += 1 + r;
		} else {
			items[k++] = (struct pre_item){ all[i], 0, 0 };
			i++;
		}
	}
	return k;
}

static const u8 t_precode_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static void put_dynamic_block(struct bitw *w, const struct toks *ts,
			      bool final, struct dyn_opts *o)
{
	u8 used[288] = { 0 }, dused[32] = { 0 }, all[320];
	u8 pused[19] = { 0 }, plens[19];
	u16 pcodes[19];
	struct pre_item items[320];
	struct huff h;
	unsigned int nlit = 257, ndist = 1, nitems, hclen, i;

	for (size_t t = 0; t < ts->n; t++) {
		if (!ts->t[t].len) {
			used[ts->t[t].lit] = 1;
		} else {
			used[257 + len_sym(ts->t[t].len)] = 1;
			dused[dist_sym(ts->t[t].dist)] = 1;
		}
	}
	used[256] = 1;
	if (o->force_lens)
		memcpy(h.lens, o->force_lens, 288);
	else
		assign_lens(used, 288, o->shape, o->shuffle, h.lens);
	if (o->force_dlens)
		memcpy(h.dlens, o->force_dlens, 32);
	else
		assign_lens(dused, 32, o->shape, o->shuffle, h.dlens);
	canon_codes(h.lens, 288, h.codes);
	canon_codes(h.dlens, 32, h.dcodes);

	for (i = 0; i < 286; i++)
		if (h.lens[i])
			nlit = i + 1 > 257 ? i + 1 : 257;
	for (i = 0; i < 30; i++)
		if (h.dlens[i])
			ndist = i + 1;
	if (nlit < o->min_nlit)
		nlit = o->min_nlit;
	if (ndist < o->min_ndist)
		ndist = o->min_ndist;
	memcpy(all, h.lens, nlit);
	memcpy(all + nlit, h.dlens, ndist);

	o->crossed = false;
	nitems = rle_lengths(all, nlit + ndist, o->no_rle, nlit, items, &o->crossed);
	for (i = 0; i < nitems; i++)
		pused[items[i].sym] = 1;
	/* A precode needs two codes to be complete. */
	if (pused[0] + pused[1] + pused[2] + pused[3] + pused[4] + pused[5] +
	    pused[6] + pused[7] + pused[8] + pused[9] + pused[10] + pused[11] +
	    pused[12] + pused[13] + pused[14] + pused[15] + pused[16] +
	    pused[17] + pused[18] < 2)
		pused[items[0].sym == 0 ? 1 : 0] = 1;
	assign_lens(pused, 19, o->shape == SHAPE_SKEWED ? SHAPE_RANDOM : SHAPE_BALANCED,
		    o->shuffle, plens);
	/* Precode lengths are 3 bits: cap at 7 by rebalancing if needed */
	for (i = 0; i < 19; i++)
		if (plens[i] > 7)
			break;
	if (i < 19)
		assign_lens(pused, 19, SHAPE_BALANCED, false, plens);
	canon_codes(plens, 19, pcodes);

	hclen = 19;
	if (!o->full_hclen)
		while (hclen > 4 && plens[t_precode_order[hclen - 1]] == 0)
			hclen--;
	o->hclen = hclen;

	bw_put(w, final, 1);
	bw_put(w, 2, 2);
	bw_put(w, nlit - 257, 5);
	bw_put(w, ndist - 1, 5);
	bw_put(w, hclen - 4, 4);
	for (i = 0; i < hclen; i++)
		bw_put(w, plens[t_precode_order[i]], 3);
	for (i = 0; i < nitems; i++) {
		bw_code(w, pcodes[items[i].sym], plens[items[i].sym]);
		bw_put(w, items[i].val, items[i].nbits);
	}
	put_tokens(w, &h, ts);
}

/*
 * Check a hand-built stream three ways: zlib must decode it to `want`
 * (validates the test encoder), then both decoder builds round-trip it.
 */
static void hand_roundtrip(struct check *c, const char *what,
			   const struct bitw *w, const u8 *want, size_t wlen)
{
	u8 *out = xmalloc(wlen + 64);
	size_t consumed, produced;

	if (!zdecode(w->buf, w->len, -15, out, wlen + 64, &consumed, &produced) ||
	    produced != wlen || consumed != w->len ||
	    (wlen && memcmp(out, want, wlen))) {
		check_fail(c, "%s: zlib does not decode the test stream as intended", what);
		free(out);
		return;
	}
	free(out);
	raw_roundtrip(c, what, w->buf, w->len, want, wlen);
	raw_roundtrip_w32(c, what, w->buf, w->len, want, wlen);
}

static void random_literals(struct toks *ts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tk_lit(ts, (u8)rnd());
}

static void test_hand_built(void)
{
	static u8 want[1 << 20];
	struct check c;
	struct bitw w;
	struct toks ts = { 0 };
	struct dyn_opts o;
	size_t pos;

	check_init(&c, "hand-built: empty stored block, final empty fixed block");
	{
		static const u8 stored[] = { 0x01, 0x00, 0x00, 0xff, 0xff };
		static const u8 fixed[] = { 0x03, 0x00 };
		struct bitw s = { (u8 *)stored, 0, sizeof(stored), 0, 0 };
		struct bitw f = { (u8 *)fixed, 0, sizeof(fixed), 0, 0 };

		hand_roundtrip(&c, "empty stored", &s, want, 0);
		hand_roundtrip(&c, "empty fixed", &f, want, 0);
	}
	check_done(&c);

	check_init(&c, "hand-built: stored block of 65535 bytes, then 0 bytes");
	bw_init(&w, 70000);
	gen_data(DATA_RANDOM, want, 65535);
	put_stored_block(&w, want, 65535, false);
	put_stored_block(&w, want, 0, true);
	hand_roundtrip(&c, "stored 65535", &w, want, 65535);
	free(w.buf);
	check_done(&c);

	check_init(&c, "hand-built: multiple blocks of mixed types, matches across blocks");
	for (int variant = 0; variant < 8; variant++) {
		bw_init(&w, 1 << 20);
		pos = 0;
		for (int b = 0; b < 12; b++) {
			bool final = b == 11;
			u32 type = rnd_below(3);

			ts.n = 0;
			if (type == 0) {
				unsigned int n = rnd_below(3) ? rnd_below(2000) : rnd_below(5);

				gen_data(DATA_TEXT, want + pos, n);
				/* stored bits start at the next byte boundary */
				put_stored_block(&w, want + pos, n, final);
				pos += n;
				continue;
			}
			random_literals(&ts, rnd_below(50));
			for (int k = 0; k < 300; k++) {
				size_t have = pos + ts.n;	/* lower bound */

				if (have > 3 && rnd_below(2))
					tk_match(&ts, 3 + rnd_below(256),
						 1 + rnd_below(have < 32768 ? (u32)have : 32768));
				else
					tk_lit(&ts, (u8)rnd_below(7));
			}
			if (type == 1) {
				put_fixed_block(&w, &ts, final);
			} else {
				memset(&o, 0, sizeof(o));
				o.shape = (enum shape)rnd_below(3);
				o.shuffle = true;
				put_dynamic_block(&w, &ts, final, &o);
			}
			tk_expand(&ts, want, &pos);
		}
		bw_align(&w);
		hand_roundtrip(&c, "mixed blocks", &w, want, pos);
		free(w.buf);
	}
	/* fixed, dynamic, fixed again: the cached fixed tables must reload */
	bw_init(&w, 1 << 16);
	pos = 0;
	ts.n = 0;
	random_literals(&ts, 100);
	tk_match(&ts, 50, 7);
	put_fixed_block(&w, &ts, false);
	tk_expand(&ts, want, &pos);
	memset(&o, 0, sizeof(o));
	o.shape = SHAPE_SKEWED;
	put_dynamic_block(&w, &ts, false, &o);
	tk_expand(&ts, want, &pos);
	put_fixed_block(&w, &ts, true);
	tk_expand(&ts, want, &pos);
	bw_align(&w);
	hand_roundtrip(&c, "fixed, dynamic, fixed", &w, want, pos);
	free(w.buf);
	check_done(&c);

	check_init(&c, "hand-built: dynamic block with a single distance code, and with none");
	for (int variant = 0; variant < 4; variant++) {
		u8 dl[32] = { 0 };

		bw_init(&w, 1 << 16);
		ts.n = 0;
		pos = 0;
		random_literals(&ts, 20);
		memset(&o, 0, sizeof(o));
		if (variant < 3) {
			/* one distance symbol, code length 1 (incomplete) */
			unsigned int d = variant == 0 ? 1 : variant == 1 ? 4 : 17;

			for (int k = 0; k < 200; k++)
				tk_match(&ts, 3 + rnd_below(200), d);
			dl[dist_sym(d)] = 1;
			o.force_dlens = dl;
		} else {
			/* literals only: HDIST = 1 with length zero */
			random_literals(&ts, 500);
			o.force_dlens = dl;
		}
		o.shape = SHAPE_BALANCED;
		put_dynamic_block(&w, &ts, true, &o);
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		hand_roundtrip(&c, variant < 3 ? "single distance code" : "no distance codes",
			       &w, want, pos);
		free(w.buf);
	}
	/* literal/length code with only end-of-block, code length 1 */
	{
		u8 ll[288] = { 0 }, dl[32] = { 0 };

		ll[256] = 1;
		bw_init(&w, 256);
		ts.n = 0;
		memset(&o, 0, sizeof(o));
		o.force_lens = ll;
		o.force_dlens = dl;
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		hand_roundtrip(&c, "only end-of-block", &w, want, 0);
		free(w.buf);
	}
	check_done(&c);

	check_init(&c, "hand-built: code-length alphabet edge cases");
	{
		/* HCLEN = 6: only 16,17,18,0,8,7 have precode lengths;
		 * 240 literals of length 8, end-of-block and 7 lengths of 7
		 * (240/256 + 8/128 = 1), no distance codes, literals only */
		u8 ll[288] = { 0 }, dl[32] = { 0 };

		for (int i = 0; i < 240; i++)
			ll[i] = 8;
		for (int i = 256; i < 264; i++)
			ll[i] = 7;
		bw_init(&w, 1 << 16);
		ts.n = 0;
		pos = 0;
		for (int i = 0; i < 500; i++)
			tk_lit(&ts, (u8)rnd_below(240));
		memset(&o, 0, sizeof(o));
		o.force_lens = ll;
		o.force_dlens = dl;
		put_dynamic_block(&w, &ts, true, &o);
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		if (o.hclen != 6)
			check_fail(&c, "test set-up: HCLEN %u, wanted 6", o.hclen);
		hand_roundtrip(&c, "HCLEN 6", &w, want, pos);
		free(w.buf);

		/* all 19 precode lengths sent, no run-length codes */
		bw_init(&w, 1 << 16);
		memset(&o, 0, sizeof(o));
		o.force_lens = ll;
		o.force_dlens = dl;
		o.full_hclen = true;
		o.no_rle = true;
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		hand_roundtrip(&c, "HCLEN 19, no repeats", &w, want, pos);
		free(w.buf);

		/*
		 * Repeat code 16 running from the literal/length lengths into
		 * the distance lengths.  Literal/length: 196 x 8 + 60 x 9 +
		 * 30 x 8 bits (512/512); distance: 4 x 8, 12 x 4, 1 x 5,
		 * 13 x 6 bits (256/256).  The run of 8s spans the boundary.
		 */
		for (int i = 0; i < 288; i++)
			ll[i] = i < 196 ? 8 : i < 256 ? 9 : i < 286 ? 8 : 0;
		for (int i = 0; i < 32; i++)
			dl[i] = i < 4 ? 8 : i < 16 ? 4 : i == 16 ? 5 : i < 30 ? 6 : 0;
		bw_init(&w, 1 << 18);
		ts.n = 0;
		pos = 0;
		random_literals(&ts, 4000);
		for (int i = 0; i < 2000; i++)
			tk_match(&ts, 3 + rnd_below(256), 1 + rnd_below(4000));
		memset(&o, 0, sizeof(o));
		o.force_lens = ll;
		o.force_dlens = dl;
		put_dynamic_block(&w, &ts, true, &o);
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		if (!o.crossed)
			check_fail(&c, "test set-up: no repeat crossed the boundary");
		hand_roundtrip(&c, "repeat 16 across litlen/dist boundary", &w, want, pos);
		free(w.buf);

		/* Zero run (code 18) across the boundary: literals only,
		 * 255 x 8 + 2 x 9 bits, HLIT = 286 with trailing zeros and
		 * HDIST = 30 all zero. */
		for (int i = 0; i < 288; i++)
			ll[i] = i < 255 ? 8 : i < 257 ? 9 : 0;
		for (int i = 0; i < 32; i++)
			dl[i] = 0;
		bw_init(&w, 1 << 16);
		ts.n = 0;
		pos = 0;
		for (int i = 0; i < 1000; i++)
			tk_lit(&ts, (u8)rnd_below(255));
		memset(&o, 0, sizeof(o));
		o.force_lens = ll;
		o.force_dlens = dl;
		o.min_nlit = 286;
		o.min_ndist = 30;
		put_dynamic_block(&w, &ts, true, &o);
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		if (!o.crossed)
			check_fail(&c, "test set-up: no zero run crossed the boundary");
		hand_roundtrip(&c, "zero run across litlen/dist boundary", &w, want, pos);
		free(w.buf);
	}
	check_done(&c);

	check_init(&c, "hand-built: random and skewed code shapes (15-bit codes, second-level tables)");
	for (int variant = 0; variant < 60; variant++) {
		bw_init(&w, 1 << 20);
		ts.n = 0;
		pos = 0;
		random_literals(&ts, 300 + rnd_below(3000));
		for (int i = 0; i < 3000; i++) {
			if (rnd_below(3))
				tk_lit(&ts, (u8)rnd());
			else
				tk_match(&ts, 3 + rnd_below(256), 1 + rnd_below(300));
		}
		/* make sure every length and distance symbol is used */
		for (unsigned int s = 0; s < 29; s++)
			tk_match(&ts, t_len_base[s], 1 + rnd_below(100));
		for (unsigned int s = 0; s < 14; s++)
			tk_match(&ts, 3, t_dist_base[s]);
		memset(&o, 0, sizeof(o));
		o.shape = variant % 3 == 0 ? SHAPE_SKEWED : SHAPE_RANDOM;
		o.shuffle = true;
		put_dynamic_block(&w, &ts, true, &o);
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		hand_roundtrip(&c, o.shape == SHAPE_SKEWED ? "skewed" : "random shape",
			       &w, want, pos);
		free(w.buf);
	}
	check_done(&c);
	free(ts.t);
}

/*
 * Every match length 3..258 at a sample of distances 1..32768, after
 * 32 KiB of random history; encoded with fixed and dynamic codes.
 */
static void test_lengths_distances(void)
{
	static const unsigned int dists[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 24,
		31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 1000, 1024, 1025,
		4096, 8191, 8192, 8193, 16384, 16385, 24576, 24577, 32767, 32768,
	};
	size_t cap = 32768 + ARRAY_SIZE(dists) * 258 * 131 + 300000;
	u8 *want = xmalloc(cap);
	struct toks ts = { 0 };
	struct check c;
	struct dyn_opts o;
	struct bitw w;
	size_t pos;

	check_init(&c, "all lengths 3..258 x distances 1..32768 sample (fixed and dynamic codes)");
	random_literals(&ts, 32768);
	for (size_t d = 0; d < ARRAY_SIZE(dists); d++)
		for (unsigned int len = 3; len <= 258; len++) {
			tk_match(&ts, len, dists[d]);
			if (rnd_below(4) == 0)
				tk_lit(&ts, (u8)rnd());
		}
	for (int type = 0; type < 3; type++) {
		bw_init(&w, 16 << 20);
		pos = 0;
		if (type == 0) {
			put_fixed_block(&w, &ts, true);
		} else {
			memset(&o, 0, sizeof(o));
			o.shape = type == 1 ? SHAPE_BALANCED : SHAPE_SKEWED;
			o.shuffle = true;
			put_dynamic_block(&w, &ts, true, &o);
		}
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		hand_roundtrip(&c, type == 0 ? "fixed" : type == 1 ? "dynamic" : "dynamic skewed",
			       &w, want, pos);
		free(w.buf);
	}
	check_done(&c);

	/*
	 * Overlapping copies at every distance 1..16 and every length,
	 * each preceded by fresh literals so the pattern differs, and at
	 * the very end of the output too (the checked tail loop).
	 */
	check_init(&c, "overlapping copies, distances 1..16 x lengths 3..258, also at the output end");
	ts.n = 0;
	for (unsigned int d = 1; d <= 16; d++)
		for (unsigned int len = 3; len <= 258; len++) {
			random_literals(&ts, d);
			tk_match(&ts, len, d);
		}
	for (int type = 0; type < 2; type++) {
		bw_init(&w, 16 << 20);
		pos = 0;
		if (type == 0) {
			put_fixed_block(&w, &ts, true);
		} else {
			memset(&o, 0, sizeof(o));
			o.shape = SHAPE_RANDOM;
			o.shuffle = true;
			put_dynamic_block(&w, &ts, true, &o);
		}
		tk_expand(&ts, want, &pos);
		bw_align(&w);
		hand_roundtrip(&c, "overlaps", &w, want, pos);
		free(w.buf);
	}
	for (unsigned int d = 1; d <= 16; d++)
		for (unsigned int len = 3; len <= 258; len += 17) {
			ts.n = 0;
			random_literals(&ts, d + rnd_below(3));
			tk_match(&ts, len, d);
			bw_init(&w, 4096);
			pos = 0;
			put_fixed_block(&w, &ts, true);
			tk_expand(&ts, want, &pos);
			bw_align(&w);
			hand_roundtrip(&c, "overlap at end", &w, want, pos);
			free(w.buf);
		}
	check_done(&c);
	free(ts.t);
	free(want);
}

/* ------------------------------------------------------------------ */
/* The table builder, directly                                         */

/* Every code of a complete code must look up to its own symbol. */
static void check_table(struct check *c, const char *what, const u8 *lens,
			unsigned int n, enum code_kind kind)
{
	u32 *table = kind == KIND_LITLEN ? ws.litlen : ws.dist;
	unsigned int size = kind == KIND_LITLEN ? INFLATE_LITLEN_ENOUGH : INFLATE_DIST_ENOUGH;
	unsigned int root = kind == KIND_LITLEN ? INFLATE_LITLEN_TABLEBITS : INFLATE_DIST_TABLEBITS;
	u16 codes[288];
	int r;

	ws.fixed_loaded = false;
	r = build_table(&ws, table, size, root, lens, n, kind);
	if (r != INFLATE_OK) {
		check_fail(c, "%s: build_table status %d", what, r);
		return;
	}
	canon_codes(lens, n, codes);
	for (unsigned int sym = 0; sym < n; sym++) {
		u32 rev = 0, e, want = symbol_entry(kind, sym);
		unsigned int len = lens[sym], x = ENT_EXTRA(want);

		if (!len)
			continue;
		for (unsigned int i = 0; i < len; i++)
			rev |= ((codes[sym] >> i) & 1u) << (len - 1 - i);
		e = table[rev & ((1u << root) - 1)];
		if (e & ENT_LINK)
			e = table[ENT_VALUE(e) + ((rev >> root) & ((1u << ENT_EXTRA(e)) - 1))];
		if ((e & 0xf000) != (want & 0xf000) || ENT_VALUE(e) != ENT_VALUE(want) ||
		    !((ENT_NBITS(e) == len && ENT_EXTRA(e) == x) ||
		      (ENT_EXTRA(e) == 0 && ENT_NBITS(e) == len + x))) {
			check_fail(c, "%s: symbol %u (length %u) decodes as entry %08x",
				   what, sym, len, e);
			return;
		}
	}
}

static void test_table_builder(void)
{
	/* Code length counts (lengths 1..15) that need the most table
	 * space: found by exhaustive search, they define *_ENOUGH. */
	static const u8 worst_litlen[15] = { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 229, 49, 2 };
	static const u8 worst_dist[15] = { 1, 1, 1, 1, 1, 1, 0, 0, 1, 9, 9, 1, 1, 1, 2 };
	struct check c;
	u8 lens[288], shape[288];

	check_init(&c, "table builder: worst-case sizes, 4000 random complete codes, broken codes");
	for (int kind = KIND_LITLEN; kind <= KIND_DIST; kind++) {
		const u8 *w = kind == KIND_LITLEN ? worst_litlen : worst_dist;
		unsigned int n = kind == KIND_LITLEN ? 286 : 30, k = 0;

		for (unsigned int l = 1; l <= 15; l++)
			for (unsigned int i = 0; i < w[l - 1]; i++)
				shape[k++] = (u8)l;
		if (k != n)
			check_fail(&c, "worst case has %u symbols", k);
		for (int t = 0; t < 20; t++) {
			memcpy(lens, shape, n);
			for (unsigned int i = n; t && i > 1; i--) {
				unsigned int j = rnd_below(i);
				u8 tmp = lens[i - 1];

				lens[i - 1] = lens[j];
				lens[j] = tmp;
			}
			check_table(&c, kind == KIND_LITLEN ? "worst litlen" : "worst dist",
				    lens, n, kind);
		}
	}
	for (int t = 0; t < 4000; t++) {
		enum code_kind kind = t & 1 ? KIND_LITLEN : KIND_DIST;
		unsigned int n = kind == KIND_LITLEN ? 257 + rnd_below(30) : 2 + rnd_below(29);
		unsigned int m = 2 + rnd_below(n - 1), used = 0;
		u8 flag[288] = { 0 };

		/* m used symbols, 256 always among them for litlen */
		if (kind == KIND_LITLEN) {
			flag[256] = 1;
			used = 1;
		}
		while (used < m) {
			unsigned int sym = rnd_below(n);

			used += !flag[sym];
			flag[sym] = 1;
		}
		assign_lens(flag, n, t % 3 ? SHAPE_RANDOM : SHAPE_SKEWED, true, lens);
		check_table(&c, "random code", lens, n, kind);

		/* lengthen or shorten one code: incomplete or oversubscribed */
		for (unsigned int sym = 0; sym < n; sym++)
			if (lens[sym] > 1 && lens[sym] < 15) {
				int r;

				lens[sym] += t & 2 ? 1 : -1;
				r = build_table(&ws, kind == KIND_LITLEN ? ws.litlen : ws.dist,
						kind == KIND_LITLEN ? INFLATE_LITLEN_ENOUGH :
						INFLATE_DIST_ENOUGH,
						kind == KIND_LITLEN ? INFLATE_LITLEN_TABLEBITS :
						INFLATE_DIST_TABLEBITS, lens, n, kind);
				if (r != INFLATE_ERR_CODES)
					check_fail(&c, "broken code accepted (status %d)", r);
				break;
			}
	}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* Invalid hand-built streams                                          */

/* Our status must be `want`, and zlib must reject the stream too. */
static void expect_bad(struct check *c, const char *name, const struct bitw *w,
		       int want, size_t out_cap)
{
	u8 *in = dup_exact(w->buf, w->len);
	u8 *out = xmalloc(out_cap);
	size_t used, got, consumed, produced;
	int r;

	r = inflate_raw(&ws, in, w->len, &used, out, out_cap, &got);
	if (r != want)
		check_fail(c, "%s: status %d (%s), want %d (%s)", name, r,
			   inflate_strerror(r), want, inflate_strerror(want));
	if (used > w->len || got > out_cap)
		check_fail(c, "%s: in_used %zu / out_len %zu out of range", name, used, got);
	r = inflate_raw_w32(&ws, in, w->len, &used, out, out_cap, &got);
	if (r != want)
		check_fail(c, "%s: 32-bit variant: status %d, want %d", name, r, want);
	if (zdecode(in, w->len, -15, out, out_cap, &consumed, &produced))
		check_fail(c, "%s: zlib accepts the stream", name);
	free(out);
	free(in);
}

static void put_header_only(struct bitw *w, u32 hlit, u32 hdist, u32 hclen,
			    const u8 *plens)
{
	bw_put(w, 1, 1);
	bw_put(w, 2, 2);
	bw_put(w, hlit, 5);
	bw_put(w, hdist, 5);
	bw_put(w, hclen, 4);
	for (u32 i = 0; i < hclen + 4; i++)
		bw_put(w, plens[i], 3);
}

static void test_hand_built_errors(void)
{
	struct check c;
	struct bitw w;
	struct toks ts = { 0 };
	struct dyn_opts o;
	u8 plens[19];

	check_init(&c, "hand-built invalid streams give their specific errors");

	/* block type 3 */
	bw_init(&w, 64);
	bw_put(&w, 1, 1);
	bw_put(&w, 3, 2);
	bw_put(&w, 0, 29);
	expect_bad(&c, "block type 3", &w, INFLATE_ERR_BLOCK_TYPE, 100);
	free(w.buf);

	/* stored LEN != ~NLEN */
	bw_init(&w, 64);
	bw_put(&w, 1, 1);
	bw_put(&w, 0, 2);
	bw_align(&w);
	bw_put(&w, 5, 16);
	bw_put(&w, 0xfffb, 16);
	bw_put(&w, 0, 32);
	bw_put(&w, 0, 32);
	expect_bad(&c, "stored LEN/NLEN", &w, INFLATE_ERR_STORED_LEN, 100);
	free(w.buf);

	/* stored block longer than the input */
	bw_init(&w, 64);
	bw_put(&w, 1, 1);
	bw_put(&w, 0, 2);
	bw_align(&w);
	bw_put(&w, 100, 16);
	bw_put(&w, ~100u & 0xffff, 16);
	bw_put(&w, 0x4141, 16);
	expect_bad(&c, "stored block past the input", &w, INFLATE_ERR_TRUNCATED, 200);
	free(w.buf);

	/* stored block larger than the output */
	bw_init(&w, 256);
	{
		u8 d[100];

		memset(d, 'x', sizeof(d));
		put_stored_block(&w, d, 100, true);
	}
	expect_bad(&c, "stored block past the output", &w, INFLATE_ERR_OUTPUT_FULL, 99);
	free(w.buf);

	/* HLIT 30 (287 codes), HDIST 31 / 32 codes */
	memset(plens, 2, sizeof(plens));
	bw_init(&w, 64);
	put_header_only(&w, 30, 0, 15, plens);
	bw_put(&w, 0, 32);
	expect_bad(&c, "HLIT 287", &w, INFLATE_ERR_COUNTS, 100);
	free(w.buf);
	bw_init(&w, 64);
	put_header_only(&w, 0, 30, 15, plens);
	bw_put(&w, 0, 32);
	expect_bad(&c, "HDIST 31", &w, INFLATE_ERR_COUNTS, 100);
	free(w.buf);

	/* precode oversubscribed: all 19 lengths 1 */
	memset(plens, 1, sizeof(plens));
	bw_init(&w, 64);
	put_header_only(&w, 0, 0, 15, plens);
	bw_put(&w, 0, 32);
	expect_bad(&c, "precode oversubscribed", &w, INFLATE_ERR_CODES, 100);
	free(w.buf);

	/* precode incomplete: one symbol of length 1 */
	memset(plens, 0, sizeof(plens));
	plens[3] = 1;		/* symbol 0 */
	bw_init(&w, 64);
	put_header_only(&w, 0, 0, 15, plens);
	bw_put(&w, 0, 32);
	expect_bad(&c, "precode incomplete", &w, INFLATE_ERR_CODES, 100);
	free(w.buf);

	/* precode all zero */
	memset(plens, 0, sizeof(plens));
	bw_init(&w, 64);
	put_header_only(&w, 0, 0, 15, plens);
	bw_put(&w, 0, 32);
	expect_bad(&c, "precode empty", &w, INFLATE_ERR_CODES, 100);
	free(w.buf);

	/*
	 * Code length sequences.  Precode: symbols 16,17,18,0,8,7 with
	 * lengths 3,3,3,3,2,2 (complete).  Canonical codes: 8=00 7=01... we
	 * let canon_codes work it out.
	 */
	{
		u8 pl[19] = { 0 };
		u16 pc[19];
		struct bitw *wp = &w;

#define PRE(sym) bw_code(wp, pc[sym], pl[sym])
		pl[16] = pl[17] = pl[18] = pl[0] = 3;
		pl[8] = pl[7] = 2;
		canon_codes(pl, 19, pc);
		{
			u8 hdr[6] = { 3, 3, 3, 3, 2, 2 };	/* order 16,17,18,0,8,7 */

			/* repeat 16 as the first code length */
			bw_init(&w, 64);
			put_header_only(&w, 0, 0, 2, hdr);
			PRE(16);
			bw_put(&w, 0, 2);
			bw_put(&w, 0, 32);
			expect_bad(&c, "repeat with no previous length", &w,
				   INFLATE_ERR_CODES, 100);
			free(w.buf);

			/* repeat running past HLIT + HDIST */
			bw_init(&w, 256);
			put_header_only(&w, 0, 0, 2, hdr);
			PRE(18);
			bw_put(&w, 127, 7);	/* 138 zeros */
			PRE(18);
			bw_put(&w, 127, 7);	/* 276 > 258 */
			bw_put(&w, 0, 32);
			expect_bad(&c, "repeat past the end of the lengths", &w,
				   INFLATE_ERR_CODES, 100);
			free(w.buf);

			/* ... by exactly one: 138 + 121 zeros for 258 lengths */
			bw_init(&w, 256);
			put_header_only(&w, 0, 0, 2, hdr);
			PRE(18);
			bw_put(&w, 127, 7);
			PRE(18);
			bw_put(&w, 121 - 11, 7);
			bw_put(&w, 0, 32);
			expect_bad(&c, "repeat one past the end of the lengths", &w,
				   INFLATE_ERR_CODES, 100);
			free(w.buf);

			/* no end-of-block code: 256 lengths of 8, then zeros */
			bw_init(&w, 512);
			put_header_only(&w, 0, 0, 2, hdr);
			for (int i = 0; i < 256; i++)
				PRE(8);
			PRE(0);		/* 256: EOB length 0 */
			PRE(8);		/* distance 0 */
			bw_put(&w, 0, 32);
			expect_bad(&c, "no end-of-block code", &w, INFLATE_ERR_NO_EOB, 100);
			free(w.buf);

			/* literal/length code oversubscribed: 257 x 8 bits */
			bw_init(&w, 512);
			put_header_only(&w, 0, 0, 2, hdr);
			for (int i = 0; i < 257; i++)
				PRE(8);
			PRE(8);
			bw_put(&w, 0, 32);
			expect_bad(&c, "literal/length code oversubscribed", &w,
				   INFLATE_ERR_CODES, 100);
			free(w.buf);

			/* literal/length code incomplete: 200 x 8 bits + EOB */
			bw_init(&w, 512);
			put_header_only(&w, 0, 0, 2, hdr);
			for (int i = 0; i < 200; i++)
				PRE(8);
			PRE(18);
			bw_put(&w, 56 - 11, 7);	/* 56 zeros: 200..255 */
			PRE(8);			/* EOB */
			PRE(8);			/* distance 0 */
			bw_put(&w, 0, 32);
			expect_bad(&c, "literal/length code incomplete", &w,
				   INFLATE_ERR_CODES, 100);
			free(w.buf);

		}
#undef PRE
	}

	/* distance code oversubscribed / incomplete via the encoder */
	{
		u8 ll[288] = { 0 }, dl[32] = { 0 };

		for (int i = 0; i < 256; i++)
			ll[i] = 9;
		for (int i = 256; i < 286; i++)
			ll[i] = 5;	/* 256/512 + 30/32 > 1: oversubscribed */
		ts.n = 0;
		tk_lit(&ts, 'a');
		bw_init(&w, 4096);
		memset(&o, 0, sizeof(o));
		dl[0] = dl[1] = 1;
		o.force_lens = ll;
		o.force_dlens = dl;
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		expect_bad(&c, "literal/length oversubscribed (encoder)", &w,
			   INFLATE_ERR_CODES, 100);
		free(w.buf);

		for (int i = 0; i < 256; i++)
			ll[i] = 8;
		ll[255] = 9;
		ll[256] = 9;
		for (int i = 257; i < 286; i++)
			ll[i] = 0;
		dl[0] = 1;
		dl[1] = 2;
		dl[2] = 2;
		dl[3] = 2;
		bw_init(&w, 4096);
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		expect_bad(&c, "distance code oversubscribed", &w, INFLATE_ERR_CODES, 100);
		free(w.buf);

		dl[0] = 2;
		dl[1] = 2;
		dl[2] = 2;
		dl[3] = 0;
		bw_init(&w, 4096);
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		expect_bad(&c, "distance code incomplete", &w, INFLATE_ERR_CODES, 100);
		free(w.buf);

		/* A match used with an empty distance code.  Literal/length:
		 * 254 x 8 + 4 x 9 bits (0..253, then 254, 255, 256, 257). */
		for (int i = 0; i < 32; i++)
			dl[i] = 0;
		for (int i = 0; i < 288; i++)
			ll[i] = i < 254 ? 8 : i < 258 ? 9 : 0;
		ts.n = 0;
		tk_lit(&ts, 'a');
		tk_match(&ts, 3, 1);
		bw_init(&w, 4096);
		put_dynamic_block(&w, &ts, true, &o);
		bw_align(&w);
		expect_bad(&c, "match with no distance codes", &w, INFLATE_ERR_SYMBOL, 100);
		free(w.buf);
	}

	/* fixed code: literal/length 286 and 287, distance 30 and 31 */
	for (unsigned int sym = 286; sym <= 287; sym++) {
		bw_init(&w, 64);
		bw_put(&w, 1, 1);
		bw_put(&w, 1, 2);
		bw_code(&w, 0xc0 + sym - 280, 8);
		bw_put(&w, 0, 32);
		expect_bad(&c, "fixed literal/length 286/287", &w, INFLATE_ERR_SYMBOL, 100);
		free(w.buf);
	}
	for (unsigned int sym = 30; sym <= 31; sym++) {
		bw_init(&w, 64);
		bw_put(&w, 1, 1);
		bw_put(&w, 1, 2);
		bw_code(&w, 0x30 + 'a', 8);
		bw_code(&w, 257 - 256, 7);	/* length 3 */
		bw_code(&w, sym, 5);
		bw_put(&w, 0, 32);
		expect_bad(&c, "fixed distance 30/31", &w, INFLATE_ERR_SYMBOL, 100);
		free(w.buf);
	}
	/* 286 deep into a long block: the fast loop must catch it */
	bw_init(&w, 8192);
	bw_put(&w, 1, 1);
	bw_put(&w, 1, 2);
	for (int i = 0; i < 3000; i++)
		bw_code(&w, 0x30 + (u32)rnd_below(144), 8);
	bw_code(&w, 0xc0 + 6, 8);
	bw_put(&w, 0, 32);
	bw_put(&w, 0, 32);
	expect_bad(&c, "fixed literal/length 286 in the fast loop", &w,
		   INFLATE_ERR_SYMBOL, 10000);
	free(w.buf);

	/* distances reaching before the output start: at the start, late
	 * in a long block (fast loop) and near the end (checked loop) */
	for (int where = 0; where < 3; where++) {
		unsigned int nlit = where == 0 ? 2 : 3000;

		ts.n = 0;
		random_literals(&ts, nlit);
		tk_match(&ts, 10, nlit + 1);
		if (where == 1)
			random_literals(&ts, 3000);
		bw_init(&w, 16384);
		put_fixed_block(&w, &ts, true);
		bw_put(&w, 0, 32);
		bw_put(&w, 0, 32);
		bw_align(&w);
		expect_bad(&c, "distance too far", &w, INFLATE_ERR_DISTANCE,
			   where == 2 ? nlit + 10 : nlit + 5000);
		free(w.buf);
	}
	check_done(&c);
	free(ts.t);
}

/* ------------------------------------------------------------------ */
/* gzip                                                                */

static u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		size_t r = fread(buf + n, 1, cap - n, f);

		if (!r)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Run the real gzip binary on a file; NULL if it cannot be run. */
static u8 *run_gzip(const char *args, const char *path, size_t *len)
{
	char cmd[4096];
	FILE *p;
	u8 *buf = NULL;
	size_t cap = 0, n = 0;

	snprintf(cmd, sizeof(cmd), "gzip %s -c '%s' 2>/dev/null", args, path);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		size_t r = fread(buf + n, 1, cap - n, p);

		if (!r)
			break;
		n += r;
	}
	if (pclose(p) != 0 || n < 18) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static bool write_temp(const u8 *data, size_t n, char *path, size_t path_size)
{
	int fd;

	snprintf(path, path_size, "/tmp/paraboot-test-inflate-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return false;
	if (write(fd, data, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	return true;
}

/* Header length of a gzip member produced without optional fields. */
#define PLAIN_GZ_HEADER 10

static void test_gzip_binary(void)
{
	static const struct {
		enum data_kind kind;
		size_t n;
		const char *args;
	} cases[] = {
		{ DATA_TEXT, 300000, "-n -9" },
		{ DATA_MIXED, 500000, "-n -9" },
		{ DATA_RUNS, 200000, "-n -9" },
		{ DATA_RANDOM, 70000, "-n -9" },
		{ DATA_TEXT, 0, "-n -9" },
		{ DATA_TEXT, 1, "-n -9" },
		{ DATA_MIXED, 300000, "-n -1" },
		{ DATA_MIXED, 100000, "-n -6" },
	};
	struct check c;
	char path[64], what[128];
	bool ran = false;

	check_init(&c, "real gzip binary output (gzip -n -9, -6, -1)");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = cases[i].n, glen;
		u8 *data = xmalloc(n), *gz;

		gen_data(cases[i].kind, data, n);
		if (!write_temp(data, n, path, sizeof(path))) {
			free(data);
			continue;
		}
		gz = run_gzip(cases[i].args, path, &glen);
		unlink(path);
		if (!gz) {
			free(data);
			continue;
		}
		ran = true;
		snprintf(what, sizeof(what), "gzip %s of %zu %s bytes",
			 cases[i].args, n, data_kind_name[cases[i].kind]);
		gz_roundtrip(&c, what, gz, glen, data, n);
		/* the deflate part alone, through both decoder builds */
		raw_roundtrip(&c, what, gz + PLAIN_GZ_HEADER,
			      glen - PLAIN_GZ_HEADER - 8, data, n);
		raw_roundtrip_w32(&c, what, gz + PLAIN_GZ_HEADER,
				  glen - PLAIN_GZ_HEADER - 8, data, n);
		free(gz);
		free(data);
	}
	if (ran)
		check_done(&c);
	else
		skip(c.name, "could not run the gzip binary");
}

/* Build a member by hand around raw deflate data. */
static u8 *make_member(u8 flg, const u8 *extra, size_t xlen, const char *name,
		       const char *comment, bool good_hcrc, const u8 *raw,
		       size_t rlen, const u8 *data, size_t n, size_t *len)
{
	u8 *m = xmalloc(64 + xlen + (name ? strlen(name) : 0) +
			(comment ? strlen(comment) : 0) + rlen);
	size_t p = 0;
	u32 crc;

	m[p++] = 0x1f;
	m[p++] = 0x8b;
	m[p++] = 8;
	m[p++] = flg;
	m[p++] = 0x12;
	m[p++] = 0x34;
	m[p++] = 0x56;
	m[p++] = 0x78;	/* MTIME */
	m[p++] = 2;	/* XFL */
	m[p++] = 3;	/* OS */
	if (flg & 4) {
		m[p++] = (u8)xlen;
		m[p++] = (u8)(xlen >> 8);
		memcpy(m + p, extra, xlen);
		p += xlen;
	}
	if (flg & 8) {
		memcpy(m + p, name, strlen(name) + 1);
		p += strlen(name) + 1;
	}
	if (flg & 16) {
		memcpy(m + p, comment, strlen(comment) + 1);
		p += strlen(comment) + 1;
	}
	if (flg & 2) {
		crc = (u32)crc32(0, m, p) ^ (good_hcrc ? 0 : 1);
		m[p++] = (u8)crc;
		m[p++] = (u8)(crc >> 8);
	}
	memcpy(m + p, raw, rlen);
	p += rlen;
	crc = (u32)crc32(0, data, n);
	for (int i = 0; i < 4; i++)
		m[p++] = (u8)(crc >> (8 * i));
	for (int i = 0; i < 4; i++)
		m[p++] = (u8)(n >> (8 * i));
	*len = p;
	return m;
}

static void expect_gz(struct check *c, const char *what, const u8 *gz,
		      size_t glen, size_t out_cap, int want)
{
	u8 *in = dup_exact(gz, glen);
	u8 *out = xmalloc(out_cap);
	size_t got;
	int r = gunzip(&ws, in, glen, out, out_cap, &got);

	if (r != want)
		check_fail(c, "%s: status %d (%s), want %d (%s)", what, r,
			   inflate_strerror(r), want, inflate_strerror(want));
	free(out);
	free(in);
}

static void test_gzip_members(void)
{
	static u8 data[20000];
	u8 extra[300];
	struct check c;
	size_t rlen, glen, zlen;
	u8 *raw, *gz, *zgz;
	gz_header head;

	gen_data(DATA_TEXT, data, sizeof(data));
	for (size_t i = 0; i < sizeof(extra); i++)
		extra[i] = (u8)rnd();
	raw = zcompress(data, sizeof(data), 9, Z_DEFAULT_STRATEGY, -15, NULL, &rlen);

	check_init(&c, "gzip members with FTEXT/FHCRC/FEXTRA/FNAME/FCOMMENT");
	for (unsigned int flg = 0; flg < 32; flg++) {
		char what[64];

		gz = make_member((u8)flg, extra, sizeof(extra), "vmlinux.bin",
				 "a comment", true, raw, rlen, data, sizeof(data), &glen);
		snprintf(what, sizeof(what), "FLG 0x%02x", flg);
		gz_roundtrip(&c, what, gz, glen, data, sizeof(data));
		free(gz);
	}
	/* empty name/comment and zero-length extra */
	gz = make_member(0x1e, extra, 0, "", "", true, raw, rlen, data,
			 sizeof(data), &glen);
	gz_roundtrip(&c, "empty optional fields", gz, glen, data, sizeof(data));
	free(gz);
	/* zlib's own header writer, including its header CRC */
	memset(&head, 0, sizeof(head));
	head.text = 1;
	head.time = 0x5a5a5a5a;
	head.os = 3;
	head.extra = extra;
	head.extra_len = 100;
	head.name = (Bytef *)"kernel.elf";
	head.comment = (Bytef *)"made by zlib";
	head.hcrc = 1;
	zgz = zcompress(data, sizeof(data), 6, Z_DEFAULT_STRATEGY, 31, &head, &zlen);
	if (!zgz || zgz[3] != 0x1f)
		check_fail(&c, "zlib did not write the optional header fields");
	else
		gz_roundtrip(&c, "zlib deflateSetHeader member", zgz, zlen, data,
			     sizeof(data));
	check_done(&c);

	check_init(&c, "gzip header errors: magic, method, flags, header CRC, truncated fields");
	gz = make_member(0, NULL, 0, NULL, NULL, true, raw, rlen, data,
			 sizeof(data), &glen);
	for (int bit = 0; bit < 16; bit++) {
		gz[bit / 8] ^= (u8)(1 << (bit % 8));
		expect_gz(&c, "bad magic", gz, glen, sizeof(data), GUNZIP_ERR_MAGIC);
		gz[bit / 8] ^= (u8)(1 << (bit % 8));
	}
	for (int cm = 0; cm < 256; cm++) {
		if (cm == 8)
			continue;
		gz[2] = (u8)cm;
		expect_gz(&c, "bad method", gz, glen, sizeof(data), GUNZIP_ERR_METHOD);
	}
	gz[2] = 8;
	for (int bit = 5; bit < 8; bit++) {
		gz[3] = (u8)(1 << bit);
		expect_gz(&c, "reserved flag", gz, glen, sizeof(data), GUNZIP_ERR_FLAGS);
	}
	gz[3] = 0;
	expect_gz(&c, "plain member", gz, glen, sizeof(data), INFLATE_OK);
	free(gz);
	gz = make_member(2, NULL, 0, NULL, NULL, false, raw, rlen, data,
			 sizeof(data), &glen);
	expect_gz(&c, "bad header CRC", gz, glen, sizeof(data), GUNZIP_ERR_HCRC);
	free(gz);
	if (zgz) {
		zgz[20] ^= 0x40;	/* inside the extra field: HCRC must catch it */
		expect_gz(&c, "zlib member, extra field corrupted", zgz, zlen,
			  sizeof(data), GUNZIP_ERR_HCRC);
		zgz[20] ^= 0x40;
	}
	/* optional fields that run past the end of the input */
	{
		u8 h[32] = { 0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 3, 0xff, 0x00, 1, 2 };

		expect_gz(&c, "FEXTRA longer than input", h, 14, 100, GUNZIP_ERR_HEADER);
		expect_gz(&c, "FEXTRA without XLEN", h, 11, 100, GUNZIP_ERR_HEADER);
		h[3] = 8;
		memset(h + 10, 'a', 22);
		expect_gz(&c, "unterminated FNAME", h, 32, 100, GUNZIP_ERR_HEADER);
		h[3] = 16;
		expect_gz(&c, "unterminated FCOMMENT", h, 32, 100, GUNZIP_ERR_HEADER);
		h[3] = 2;
		expect_gz(&c, "FHCRC past the input", h, 11, 100, GUNZIP_ERR_HEADER);
		for (size_t n = 0; n < 10; n++)
			expect_gz(&c, "short header", h, n, 100, GUNZIP_ERR_HEADER);
		expect_gz(&c, "header only", (const u8 *)"\x1f\x8b\x08\0\0\0\0\0\0\x03", 10,
			  100, INFLATE_ERR_TRUNCATED);
	}
	check_done(&c);

	check_init(&c, "gzip trailer errors: CRC, ISIZE, trailing bytes, truncated trailer");
	gz = make_member(0, NULL, 0, NULL, NULL, true, raw, rlen, data,
			 sizeof(data), &glen);
	for (int i = 0; i < 4; i++)
		for (int bit = 0; bit < 8; bit++) {
			gz[glen - 8 + i] ^= (u8)(1 << bit);
			expect_gz(&c, "CRC corrupted", gz, glen, sizeof(data), GUNZIP_ERR_CRC);
			gz[glen - 8 + i] ^= (u8)(1 << bit);
			gz[glen - 4 + i] ^= (u8)(1 << bit);
			expect_gz(&c, "ISIZE corrupted", gz, glen, sizeof(data),
				  GUNZIP_ERR_ISIZE);
			gz[glen - 4 + i] ^= (u8)(1 << bit);
		}
	for (size_t cut = 1; cut <= 8; cut++)
		expect_gz(&c, "truncated trailer", gz, glen - cut, sizeof(data),
			  GUNZIP_ERR_TRAILER);
	{
		u8 *big = xmalloc(2 * glen);

		memcpy(big, gz, glen);
		big[glen] = 0;
		expect_gz(&c, "one trailing zero byte", big, glen + 1, sizeof(data),
			  GUNZIP_ERR_TRAILING);
		memset(big + glen, 0, 8);
		expect_gz(&c, "eight trailing zero bytes", big, glen + 8, sizeof(data),
			  GUNZIP_ERR_TRAILING);
		memcpy(big + glen, gz, glen);
		expect_gz(&c, "second member", big, 2 * glen, 2 * sizeof(data),
			  GUNZIP_ERR_TRAILING);
		free(big);
	}
	expect_gz(&c, "output one byte short", gz, glen, sizeof(data) - 1,
		  INFLATE_ERR_OUTPUT_FULL);
	expect_gz(&c, "intact member", gz, glen, sizeof(data), INFLATE_OK);
	free(gz);
	check_done(&c);
	free(zgz);
	free(raw);
}

/* ------------------------------------------------------------------ */
/* Prefixes, bit flips, output capacities, fuzz                        */

struct sample {
	const char *name;
	bool gzip;
	u8 *comp;
	size_t clen;
	u8 *orig;
	size_t olen;
};

static struct sample samples[16];
static size_t n_samples;

static void add_sample(const char *name, bool gzip, enum data_kind kind,
		       size_t n, int level, int strategy)
{
	struct sample *s = &samples[n_samples++];

	s->name = name;
	s->gzip = gzip;
	s->orig = xmalloc(n);
	s->olen = n;
	gen_data(kind, s->orig, n);
	s->comp = zcompress(s->orig, n, level, strategy, gzip ? 31 : -15,
			    NULL, &s->clen);
	if (!s->comp) {
		fprintf(stderr, "zlib deflate failed\n");
		exit(2);
	}
}

static void make_samples(void)
{
	add_sample("raw text level 9", false, DATA_TEXT, 9000, 9, Z_DEFAULT_STRATEGY);
	add_sample("raw mixed level 6", false, DATA_MIXED, 6000, 6, Z_DEFAULT_STRATEGY);
	add_sample("raw runs fixed", false, DATA_RUNS, 8000, 6, Z_FIXED);
	add_sample("raw random stored", false, DATA_RANDOM, 1500, 0, Z_DEFAULT_STRATEGY);
	add_sample("raw text huffman-only", false, DATA_TEXT, 2500, 6, Z_HUFFMAN_ONLY);
	add_sample("gzip text level 9", true, DATA_TEXT, 9000, 9, Z_DEFAULT_STRATEGY);
	add_sample("gzip mixed level 1", true, DATA_MIXED, 6000, 1, Z_DEFAULT_STRATEGY);
	add_sample("gzip runs rle", true, DATA_RUNS, 8000, 6, Z_RLE);
	add_sample("gzip random stored", true, DATA_RANDOM, 1500, 0, Z_DEFAULT_STRATEGY);
}

/*
 * Differential check of one (possibly corrupt) raw stream against zlib:
 * success must agree, and so must the output and the bytes consumed.
 */
static void raw_vs_zlib(struct check *c, const char *what, raw_fn fn,
			const u8 *in, size_t n, size_t out_cap)
{
	u8 *out = xmalloc(out_cap), *zout = xmalloc(out_cap);
	size_t used, got, consumed, produced;
	int r = fn(&ws, in, n, &used, out, out_cap, &got);
	bool zok = zdecode(in, n, -15, zout, out_cap, &consumed, &produced);

	if (got > out_cap || used > n)
		check_fail(c, "%s: out_len %zu / in_used %zu out of range", what, got, used);
	else if ((r == INFLATE_OK) != zok)
		check_fail(c, "%s: status %d (%s) but zlib %s", what, r,
			   inflate_strerror(r), zok ? "succeeds" : "fails");
	else if (zok && (got != produced || used != consumed ||
			 memcmp(out, zout, got)))
		check_fail(c, "%s: success differs from zlib (out %zu/%zu, in %zu/%zu)",
			   what, got, produced, used, consumed);
	free(zout);
	free(out);
}

static void test_prefixes(void)
{
	struct check c;

	check_init(&c, "every proper prefix of raw and gzip streams is rejected");
	for (size_t i = 0; i < n_samples; i++) {
		const struct sample *s = &samples[i];

		for (size_t len = 0; len < s->clen; len++) {
			u8 *in = dup_exact(s->comp, len);
			u8 *out = xmalloc(s->olen);
			size_t used, got;
			int r;

			if (s->gzip) {
				r = gunzip(&ws, in, len, out, s->olen, &got);
				if (r == INFLATE_OK || got > s->olen)
					check_fail(&c, "%s: prefix of %zu bytes: status %d",
						   s->name, len, r);
			} else {
				r = inflate_raw(&ws, in, len, &used, out, s->olen, &got);
				if (r == INFLATE_OK || got > s->olen || used > len)
					check_fail(&c, "%s: prefix of %zu bytes: status %d",
						   s->name, len, r);
				r = inflate_raw_w32(&ws, in, len, &used, out, s->olen, &got);
				if (r == INFLATE_OK || got > s->olen || used > len)
					check_fail(&c, "%s: 32-bit variant, prefix of %zu bytes: status %d",
						   s->name, len, r);
			}
			free(out);
			free(in);
		}
	}
	check_done(&c);
}

static void test_bit_flips(void)
{
	struct check c;

	check_init(&c, "single bit flips: raw agrees with zlib, gzip never returns wrong data");
	for (size_t i = 0; i < n_samples; i++) {
		const struct sample *s = &samples[i];
		u8 *in = dup_exact(s->comp, s->clen);
		size_t nbits = s->clen * 8;
		char what[128];

		for (size_t k = 0; k < 2500; k++) {
			/* all bits of the first 160 and last 40 bytes, then random */
			size_t bit = k < 1280 ? k : k < 1600 ? nbits - 1 - (k - 1280) :
				     (size_t)(rnd() % nbits);

			if (bit >= nbits)
				continue;
			in[bit / 8] ^= (u8)(1 << (bit % 8));
			snprintf(what, sizeof(what), "%s bit %zu", s->name, bit);
			if (s->gzip) {
				size_t cap = s->olen + 512, got;
				u8 *out = xmalloc(cap);
				int r = gunzip(&ws, in, s->clen, out, cap, &got);

				if (r == INFLATE_OK &&
				    (got != s->olen || memcmp(out, s->orig, got)))
					check_fail(&c, "%s: INFLATE_OK with wrong output", what);
				free(out);
			} else {
				raw_vs_zlib(&c, what, inflate_raw, in, s->clen,
					    2 * s->olen + 512);
				if (k % 4 == 0)
					raw_vs_zlib(&c, what, inflate_raw_w32, in,
						    s->clen, 2 * s->olen + 512);
			}
			in[bit / 8] ^= (u8)(1 << (bit % 8));
		}
		free(in);
	}
	check_done(&c);
}

/* Every output capacity from 0 to the exact size: only the last fits. */
static void test_output_caps(void)
{
	struct check c;

	check_init(&c, "every output capacity 0..size+16, writes stay inside the buffer");
	for (size_t i = 0; i < n_samples; i++) {
		const struct sample *s = &samples[i];
		u8 *in = dup_exact(s->comp, s->clen);
		size_t step = s->olen > 3000 ? 7 : 1;

		for (size_t cap = 0; cap <= s->olen + 16; cap += (cap + 300 < s->olen ? step : 1)) {
			u8 *out = xmalloc(cap);
			size_t used, got;
			int r, want = cap >= s->olen ? INFLATE_OK : INFLATE_ERR_OUTPUT_FULL;

			r = s->gzip ? gunzip(&ws, in, s->clen, out, cap, &got) :
			    inflate_raw(&ws, in, s->clen, &used, out, cap, &got);
			if (r != want || got > cap)
				check_fail(&c, "%s: cap %zu: status %d out_len %zu",
					   s->name, cap, r, got);
			if (!s->gzip) {
				r = inflate_raw_w32(&ws, in, s->clen, &used, out, cap, &got);
				if (r != want || got > cap)
					check_fail(&c, "%s: 32-bit variant, cap %zu: status %d",
						   s->name, cap, r);
			}
			free(out);
		}
		free(in);
	}
	check_done(&c);
}

static void test_fuzz(void)
{
	struct check c;
	size_t n_ok = 0;

	check_init(&c, "fuzz: 20000 mutated/truncated/random inputs (seeded), raw checked against zlib");
	rng_state = 0x0123456789abcdefull;
	for (int iter = 0; iter < 20000; iter++) {
		const struct sample *s = &samples[rnd_below((u32)n_samples)];
		size_t n = s->clen, cap;
		u8 *buf = xmalloc(MAX(n, 300) + 64), *in, *out;
		u32 how = rnd_below(6);
		char what[96];

		memcpy(buf, s->comp, n);
		if (how == 0) {			/* random garbage */
			n = rnd_below(300);
			for (size_t k = 0; k < n; k++)
				buf[k] = (u8)rnd();
			if (rnd_below(2) && n >= 1)
				buf[0] = (buf[0] & ~6) | (u8)(rnd_below(3) << 1);
		} else if (how == 1) {		/* a few bit flips */
			for (u32 k = 1 + rnd_below(8); k; k--) {
				size_t bit = rnd() % (n * 8);

				buf[bit / 8] ^= (u8)(1 << (bit % 8));
			}
		} else if (how == 2) {		/* truncation */
			n = rnd_below((u32)n);
		} else if (how == 3) {		/* byte overwrites + truncation */
			for (u32 k = 1 + rnd_below(4); k; k--)
				buf[rnd_below((u32)n)] = (u8)rnd();
			if (rnd_below(2))
				n = rnd_below((u32)n + 1);
		} else if (how == 4) {		/* copy a run of bytes elsewhere */
			size_t from = rnd_below((u32)n), to = rnd_below((u32)n);
			size_t len = rnd_below(32);

			if (from + len > n)
				len = n - from;
			if (to + len > n)
				len = n - to;
			memmove(buf + to, buf + from, len);
		} else {			/* appended garbage */
			size_t extra = rnd_below(64);

			for (size_t k = 0; k < extra; k++)
				buf[n + k] = (u8)rnd();
			n += extra;
		}
		in = dup_exact(buf, n);
		free(buf);
		cap = rnd_below(4) ? 2 * s->olen + 100 : rnd_below((u32)s->olen + 1);
		snprintf(what, sizeof(what), "iteration %d", iter);
		if (s->gzip || rnd_below(4) == 0) {
			size_t got;
			int r;

			out = xmalloc(cap);
			r = gunzip(&ws, in, n, out, cap, &got);
			if (got > cap)
				check_fail(&c, "%s: out_len past the buffer", what);
			if (r == INFLATE_OK && s->gzip &&
			    (got != s->olen || memcmp(out, s->orig, got)) &&
			    how != 0)
				check_fail(&c, "%s: gunzip accepted altered data", what);
			n_ok += r == INFLATE_OK;
			free(out);
		}
		if (!s->gzip || rnd_below(4) == 0)
			raw_vs_zlib(&c, what, rnd_below(3) ? inflate_raw : inflate_raw_w32,
				    in, n, cap);
		free(in);
	}
	(void)n_ok;
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* API details                                                         */

static void test_api(void)
{
	struct check c;
	size_t used = 99, got = 99;
	int r;

	check_init(&c, "API: NULL arguments, optional length pointers, error strings");
	r = inflate_raw(NULL, (const u8 *)"\x03\x00", 2, &used, NULL, 0, &got);
	if (r != INFLATE_ERR_ARG)
		check_fail(&c, "NULL workspace: status %d", r);
	r = inflate_raw(&ws, NULL, 5, &used, NULL, 0, &got);
	if (r != INFLATE_ERR_ARG)
		check_fail(&c, "NULL input with length: status %d", r);
	r = inflate_raw(&ws, NULL, 0, &used, NULL, 0, &got);
	if (r != INFLATE_ERR_TRUNCATED || used != 0 || got != 0)
		check_fail(&c, "empty input: status %d used %zu got %zu", r, used, got);
	r = inflate_raw(&ws, (const u8 *)"\x03\x00", 2, NULL, NULL, 0, NULL);
	if (r != INFLATE_OK)
		check_fail(&c, "empty fixed block, NULL out pointers: status %d", r);
	r = inflate_raw(&ws, (const u8 *)"\x03\x00", 2, &used, NULL, 0, &got);
	if (r != INFLATE_OK || used != 2 || got != 0)
		check_fail(&c, "empty fixed block: status %d used %zu", r, used);
	r = gunzip(&ws, NULL, 0, NULL, 0, &got);
	if (r != GUNZIP_ERR_HEADER)
		check_fail(&c, "gunzip of nothing: status %d", r);
	r = gunzip(&ws, NULL, 0, NULL, 0, NULL);
	if (r != GUNZIP_ERR_HEADER)
		check_fail(&c, "gunzip of nothing, NULL out_len: status %d", r);

	{
		static const int all[] = {
			INFLATE_OK, INFLATE_ERR_TRUNCATED, INFLATE_ERR_OUTPUT_FULL,
			INFLATE_ERR_BLOCK_TYPE, INFLATE_ERR_STORED_LEN, INFLATE_ERR_CODES,
			INFLATE_ERR_SYMBOL, INFLATE_ERR_DISTANCE, INFLATE_ERR_COUNTS,
			INFLATE_ERR_NO_EOB, INFLATE_ERR_ARG, GUNZIP_ERR_MAGIC,
			GUNZIP_ERR_METHOD, GUNZIP_ERR_FLAGS, GUNZIP_ERR_HEADER,
			GUNZIP_ERR_CRC, GUNZIP_ERR_ISIZE, GUNZIP_ERR_TRAILING,
			GUNZIP_ERR_HCRC, GUNZIP_ERR_TRAILER,
		};
		const char *unknown = inflate_strerror(-1000);

		for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
			const char *a = inflate_strerror(all[i]);

			if (!a || !*a || !strcmp(a, unknown))
				check_fail(&c, "status %d has no message", all[i]);
			/* lowercase, apart from the acronyms CRC and ISIZE */
			for (const char *p = a; p && *p; p++) {
				if (!strncmp(p, "CRC", 3))
					p += 2;
				else if (!strncmp(p, "ISIZE", 5))
					p += 4;
				else if (*p >= 'A' && *p <= 'Z')
					check_fail(&c, "message for %d is not lowercase: %s",
						   all[i], a);
			}
			for (size_t j = 0; j < i; j++)
				if (!strcmp(a, inflate_strerror(all[j])))
					check_fail(&c, "statuses %d and %d share a message",
						   all[i], all[j]);
		}
		if (strcmp(inflate_strerror(GUNZIP_ERR_CRC), "gzip CRC mismatch") ||
		    strcmp(inflate_strerror(GUNZIP_ERR_ISIZE), "gzip ISIZE mismatch") ||
		    strcmp(inflate_strerror(INFLATE_ERR_TRUNCATED), "input truncated") ||
		    strcmp(inflate_strerror(INFLATE_ERR_OUTPUT_FULL), "output buffer too small"))
			check_fail(&c, "documented messages changed");
	}
	check_done(&c);
}

/* ------------------------------------------------------------------ */
/* Files named on the command line (the built kernel ELFs)             */

static void test_file(const char *path)
{
	char name[600];
	struct check c;
	struct stat st;
	size_t n, glen, zlen;
	u8 *data, *gz, *zgz;

	snprintf(name, sizeof(name), "file round trip %s", path);
	if (stat(path, &st) != 0) {
		skip(name, "file does not exist");
		return;
	}
	data = read_file(path, &n);
	if (!data) {
		skip(name, "cannot read file");
		return;
	}
	check_init(&c, name);
	gz = run_gzip("-n -9", path, &glen);
	if (gz) {
		gz_roundtrip(&c, "gzip -n -9", gz, glen, data, n);
		free(gz);
	} else {
		check_fail(&c, "could not run gzip -n -9");
	}
	zgz = zcompress(data, n, 9, Z_DEFAULT_STRATEGY, 31, NULL, &zlen);
	if (zgz) {
		gz_roundtrip(&c, "zlib level 9", zgz, zlen, data, n);
		raw_roundtrip_w32(&c, "zlib level 9, 32-bit variant", zgz + PLAIN_GZ_HEADER,
				  zlen - PLAIN_GZ_HEADER - 8, data, n);
		free(zgz);
	}
	check_done(&c);
	free(data);
}

int main(int argc, char **argv)
{
	init_encoder_tables();
	make_matrix_data();
	make_samples();

	test_api();
	test_crc32();
	test_table_builder();
	test_hand_built();
	test_hand_built_errors();
	test_lengths_distances();
	test_gzip_members();
	test_gzip_binary();
	test_zlib_matrix(false);
	test_zlib_matrix(true);
	test_zlib_w32();
	test_prefixes();
	test_bit_flips();
	test_output_caps();
	test_fuzz();
	for (int i = 1; i < argc; i++)
		test_file(argv[i]);

	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
