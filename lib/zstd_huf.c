// SPDX-License-Identifier: MIT
/*
 * Huffman-coded literals (RFC 8878 section 4.2): the tree description
 * (weights, direct or FSE-compressed), the decoding table it implies,
 * and the 1- or 4-stream bitstreams (3.1.1.3.1.6).
 */
#include "zstd_internal.h"

/* The FSE-compressed weights: one bitstream, two interleaved states
 * sharing one table of accuracy log at most 6 (4.2.1.2). */
static int read_fse_weights(struct unzstd_workspace *ws, const u8 *src,
			    size_t len, unsigned int *count)
{
	unsigned int nsym, log, s1, s2, n = 0;
	struct zstd_bits b;
	int used;

	used = zstd_fse_read_ncount(ws, src, len, 255, 6, &nsym, &log);
	if (used < 0 || zstd_fse_build(ws, nsym, log))
		return UNZSTD_ERR_HUF_TREE;
	if (!zstd_bits_init(&b, src + used, len - used))
		return UNZSTD_ERR_HUF_TREE;
	s1 = (unsigned int)zstd_bits_read(&b, log);
	s2 = (unsigned int)zstd_bits_read(&b, log);
	/*
	 * The weights end where a state update reads past the stream's
	 * beginning: then the other state's symbol is the last weight.
	 * At most 255 weights: each step needs room for two.
	 */
	for (;;) {
		const struct unzstd_fse_cell *e;

		if (n > 253)
			return UNZSTD_ERR_HUF_TREE;
		e = &ws->fse[s1];
		ws->weights[n++] = e->symbol;
		s1 = e->next + (unsigned int)zstd_bits_read(&b, e->nbits);
		zstd_bits_refill(&b);
		if (zstd_bits_overflowed(&b)) {
			ws->weights[n++] = ws->fse[s2].symbol;
			break;
		}
		if (n > 253)
			return UNZSTD_ERR_HUF_TREE;
		e = &ws->fse[s2];
		ws->weights[n++] = e->symbol;
		s2 = e->next + (unsigned int)zstd_bits_read(&b, e->nbits);
		zstd_bits_refill(&b);
		if (zstd_bits_overflowed(&b)) {
			ws->weights[n++] = ws->fse[s1].symbol;
			break;
		}
	}
	*count = n;
	return 0;
}

int zstd_huf_read_tree(struct unzstd_workspace *ws, const u8 *src,
		       size_t len)
{
	unsigned int n, rank[UNZSTD_HUF_LOG_MAX + 2] = { 0 };
	unsigned int start[UNZSTD_HUF_LOG_MAX + 2];
	unsigned int log, last;
	u32 total = 0, rest;
	size_t used;

	ws->huf_ok = false;
	if (!len)
		return UNZSTD_ERR_HUF_TREE;
	if (src[0] >= 128) {
		/* Direct: 4 bits per weight, the first in the high nibble */
		n = src[0] - 127;
		used = 1 + (n + 1) / 2;
		if (used > len)
			return UNZSTD_ERR_HUF_TREE;
		for (unsigned int i = 0; i < n; i++) {
			u8 byte = src[1 + i / 2];

			ws->weights[i] = i & 1 ? byte & 15 : byte >> 4;
		}
	} else {
		int rc;

		used = 1 + (size_t)src[0];
		if (used > len || !src[0])
			return UNZSTD_ERR_HUF_TREE;
		rc = read_fse_weights(ws, src + 1, src[0], &n);
		if (rc)
			return rc;
	}
	/* The last symbol's weight completes the sum of 2^(w-1) to a
	 * power of two, 2^Max_Number_of_Bits (4.2.1). */
	for (unsigned int i = 0; i < n; i++) {
		u8 w = ws->weights[i];

		if (w > UNZSTD_HUF_LOG_MAX)
			return UNZSTD_ERR_HUF_TREE;
		if (w)
			total += 1u << (w - 1);
	}
	if (!total)
		return UNZSTD_ERR_HUF_TREE;
	log = zstd_highbit(total) + 1;
	if (log > UNZSTD_HUF_LOG_MAX)
		return UNZSTD_ERR_HUF_TREE;
	rest = (1u << log) - total;
	if (rest & (rest - 1))
		return UNZSTD_ERR_HUF_TREE;
	last = zstd_highbit(rest) + 1;
	ws->weights[n++] = (u8)last;
	for (unsigned int i = 0; i < n; i++)
		rank[ws->weights[i]]++;
	if (rank[1] < 2)		/* the rarest symbols come in pairs */
		return UNZSTD_ERR_HUF_TREE;
	/*
	 * Codes go to symbols by increasing weight (longest first), in
	 * symbol order within a weight: a symbol of weight w owns 2^(w-1)
	 * consecutive entries of the table indexed by the next `log` bits.
	 */
	start[1] = 0;
	for (unsigned int w = 1; w <= log; w++)
		start[w + 1] = start[w] + (rank[w] << (w - 1));
	for (unsigned int s = 0; s < n; s++) {
		unsigned int w = ws->weights[s];
		u16 e;

		if (!w)
			continue;
		e = (u16)(s | (log + 1 - w) << 8);
		for (unsigned int i = 0; i < 1u << (w - 1); i++)
			ws->huf[start[w] + i] = e;
		start[w] += 1u << (w - 1);
	}
	ws->huf_log = (u8)log;
	ws->huf_ok = true;
	return (int)used;
}

#define HUF_DECODE(b, o) do {						\
	u32 e_ = t[zstd_bits_peek_fast(&(b), log)];			\
	*(o)++ = (u8)e_;						\
	(b).used += e_ >> 8;						\
} while (0)

/* The rest of one stream, symbol by symbol near its beginning; then it
 * must be consumed to the last bit (4.2.2). */
static int huf_tail(const u16 *t, unsigned int log, struct zstd_bits *b,
		    u8 *o, u8 *oend)
{
	while (o < oend) {
		zstd_bits_refill(b);
		if (zstd_bits_far(b) && oend - o >= 4) {
			HUF_DECODE(*b, o);
			HUF_DECODE(*b, o);
			HUF_DECODE(*b, o);
			HUF_DECODE(*b, o);
			continue;
		}
		if (b->used >= 64)	/* no bits left for this literal */
			return UNZSTD_ERR_HUF_INEXACT;
		HUF_DECODE(*b, o);
	}
	/* RFC 8878 4.2.2: "If a bitstream is not entirely and exactly
	 * consumed, ... the decoding process is considered faulty." */
	zstd_bits_refill(b);
	return zstd_bits_exhausted_exactly(b) ? 0 : UNZSTD_ERR_HUF_INEXACT;
}

int zstd_huf_decode(const struct unzstd_workspace *ws, const u8 *src,
		    size_t len, u8 *out, size_t n, bool four_streams)
{
	const u16 *t = ws->huf;
	unsigned int log = ws->huf_log;
	struct zstd_bits b0, b1, b2, b3;
	size_t l0, l1, l2, seg;
	u8 *o0, *o1, *o2, *o3;
	int rc;

	if (!four_streams) {
		if (!zstd_bits_init(&b0, src, len))
			return UNZSTD_ERR_HUF_STREAM;
		return huf_tail(t, log, &b0, out, out + n);
	}
	/* Jump table: the sizes of streams 1-3; stream 4 has the rest. */
	if (len < 6)
		return UNZSTD_ERR_HUF_STREAM;
	l0 = src[0] | src[1] << 8;
	l1 = src[2] | src[3] << 8;
	l2 = src[4] | src[5] << 8;
	if (6 + l0 + l1 + l2 >= len)
		return UNZSTD_ERR_HUF_STREAM;
	src += 6;
	if (!zstd_bits_init(&b0, src, l0) ||
	    !zstd_bits_init(&b1, src + l0, l1) ||
	    !zstd_bits_init(&b2, src + l0 + l1, l2) ||
	    !zstd_bits_init(&b3, src + l0 + l1 + l2, len - 6 - l0 - l1 - l2))
		return UNZSTD_ERR_HUF_STREAM;
	/* Each stream (n + 3) / 4 literals, the last up to 3 fewer; the
	 * caller guarantees n >= 6, so the last count is not negative. */
	seg = (n + 3) / 4;
	o0 = out;
	o1 = out + seg;
	o2 = out + 2 * seg;
	o3 = out + 3 * seg;
	/* All four in step while each has 4 literals left (stream 4 has
	 * the fewest) and can be refilled with a whole word. */
	while (out + n - o3 >= 4 && zstd_bits_far(&b0) && zstd_bits_far(&b1) &&
	       zstd_bits_far(&b2) && zstd_bits_far(&b3)) {
		zstd_bits_refill(&b0);
		zstd_bits_refill(&b1);
		zstd_bits_refill(&b2);
		zstd_bits_refill(&b3);
		for (int i = 0; i < 4; i++) {
			HUF_DECODE(b0, o0);
			HUF_DECODE(b1, o1);
			HUF_DECODE(b2, o2);
			HUF_DECODE(b3, o3);
		}
	}
	rc = huf_tail(t, log, &b0, o0, out + seg);
	if (!rc)
		rc = huf_tail(t, log, &b1, o1, out + 2 * seg);
	if (!rc)
		rc = huf_tail(t, log, &b2, o2, out + 3 * seg);
	if (!rc)
		rc = huf_tail(t, log, &b3, o3, out + n);
	return rc;
}
