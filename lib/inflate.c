// SPDX-License-Identifier: MIT
/*
 * DEFLATE decoder (RFC 1951) for the decompressor.
 *
 * Design, in short:
 *
 *  - Bits are consumed LSB first from a bit buffer as wide as a machine
 *    word.  While at least a few words of input remain, the buffer is
 *    refilled with one unaligned word load and no branches; near the end of
 *    the input a byte-at-a-time refill that never reads past in_end takes
 *    over.
 *
 *  - Huffman codes are decoded through lookup tables indexed by the next
 *    TABLEBITS input bits.  A primary entry either is the answer (symbol,
 *    code length, and for lengths/distances the base value and the number
 *    of extra bits) or points at a second-level table for the few codes
 *    longer than TABLEBITS.  Literal, length and end-of-block share one
 *    table, so a literal costs one load, one test and one shift.
 *
 *  - The output is one flat buffer, so back-references are copied from the
 *    output itself.  The fast loop runs only while the output has room for
 *    the largest match plus copy overrun and the input has room for the
 *    unconditional refills, so it needs no per-symbol bounds checks; the
 *    checked loop finishes the last few hundred bytes.
 *
 * Everything lives in the caller's workspace or on the stack; the only
 * static data are small const arrays (no pointers, so no relocations).
 */
#include <paraboot/inflate.h>

/*
 * The bit buffer and the match copier work in machine words.  Host tests
 * define INFLATE_BITBUF_TYPE to u32 to run the i386 variant on x86-64.
 */
#ifdef INFLATE_BITBUF_TYPE
typedef INFLATE_BITBUF_TYPE bitbuf_t;
#else
typedef unsigned long bitbuf_t;
#endif

#define WORD_BYTES	((unsigned int)sizeof(bitbuf_t))
#define BITBUF_BITS	(8 * WORD_BYTES)

/*
 * Fast loop margins.  One iteration does at most three refills (32-bit
 * match: before the distance code, before its extra bits and before the
 * next lookup), each reading one word and advancing less than one.  It
 * writes at most three literals or one 258-byte match, and a match copy
 * may store up to four words past its end.
 */
#define FAST_IN_MARGIN	(4 * WORD_BYTES)
#define FAST_OUT_MARGIN	(2 + 258 + 4 * WORD_BYTES)

/*
 * Decode table entry (u32):
 *   bits  0..7   number of bits this code occupies in the input
 *   bits  8..11  extra bits following the code (length/distance), or the
 *                index width of the second-level table (ENT_LINK)
 *   bits 12..15  kind flags below; none set = length or distance
 *   bits 16..31  literal byte, length or distance base, precode symbol, or
 *                the start of the second-level table (ENT_LINK)
 */
#define ENT_LIT		0x8000u
#define ENT_LINK	0x4000u
#define ENT_EOB		0x2000u
#define ENT_BAD		0x1000u

#define ENT_NBITS(e)	((e) & 0xffu)
#define ENT_EXTRA(e)	(((e) >> 8) & 0xfu)
#define ENT_VALUE(e)	((e) >> 16)

#define MAX_CODE_LEN		15
#define MAX_PRECODE_LEN		7
#define NUM_PRECODE_SYMS	19
#define MAX_LITLEN_SYMS_DYN	286
#define MAX_DIST_SYMS_DYN	30
#define END_OF_BLOCK		256

/* RFC 1951 3.2.5: base values and extra bits of length codes 257..285 */
static const u16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};

/* ... and of distance codes 0..29 */
static const u16 dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577
};
static const u8 dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};

/* RFC 1951 3.2.7: the order in which code length code lengths are sent */
static const u8 precode_order[NUM_PRECODE_SYMS] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

/*
 * Decoder state.  Lives on the stack of inflate_raw(); the hot loop copies
 * the fields it needs into locals so they stay in registers.
 *
 * Invariant: the bit buffer holds cnt valid bits at the bottom; any bits
 * above them are either zero or the true following input bits (the
 * branch-free refill loads whole words), so OR-ing input bytes in at
 * position cnt is always correct.  `in` points just past the last byte
 * that contributed valid bits.
 */
struct inflate_state {
	const u8 *in;
	const u8 *in_end;
	bitbuf_t bb;
	unsigned int cnt;
	u8 *out;
	u8 *out_start;
	u8 *out_end;
};

static inline __attribute__((always_inline)) bitbuf_t load_word(const u8 *p)
{
	bitbuf_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline __attribute__((always_inline)) void store_word(u8 *p, bitbuf_t v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

static inline bitbuf_t low_bits(bitbuf_t v, unsigned int n)
{
	return v & (((bitbuf_t)1 << n) - 1);
}

/*
 * Branch-free refill to at least BITBUF_BITS - 8 valid bits.  Needs
 * WORD_BYTES readable bytes at *in.  It loads a whole word, keeps the bits
 * that fit above cnt and advances by the whole bytes that became valid.
 *
 * In the fast loop only the low bits of cnt are meaningful (BITCNT): it
 * subtracts whole table entries, whose low byte is the code length, to
 * save extracting that byte on every symbol.
 */
#define BITCNT(cnt)	((cnt) & (BITBUF_BITS - 1))

#define REFILL_FAST(in, bb, cnt)					\
	do {								\
		(bb) |= load_word(in) << BITCNT(cnt);			\
		(in) += (BITBUF_BITS - 1 - BITCNT(cnt)) >> 3;		\
		(cnt) |= BITBUF_BITS - 8;				\
	} while (0)

/* Bounded refill: byte by byte, never past in_end. */
static inline void refill_slow(struct inflate_state *s)
{
	while (s->cnt <= BITBUF_BITS - 8 && s->in < s->in_end) {
		s->bb |= (bitbuf_t)*s->in++ << s->cnt;
		s->cnt += 8;
	}
}

/* Read n <= 16 bits, or fail if the input ends first. */
static inline int get_bits(struct inflate_state *s, unsigned int n, u32 *val)
{
	if (s->cnt < n) {
		refill_slow(s);
		if (s->cnt < n)
			return INFLATE_ERR_TRUNCATED;
	}
	*val = (u32)low_bits(s->bb, n);
	s->bb >>= n;
	s->cnt -= n;
	return INFLATE_OK;
}

/* ------------------------------------------------------------------ */
/* Table construction                                                  */

enum code_kind {
	KIND_PRECODE,
	KIND_LITLEN,
	KIND_DIST,
};

/* The table entry of a symbol, without its code length. */
static u32 symbol_entry(enum code_kind kind, unsigned int sym)
{
	if (kind == KIND_PRECODE)
		return (u32)sym << 16;
	if (kind == KIND_LITLEN) {
		if (sym < 256)
			return ENT_LIT | (u32)sym << 16;
		if (sym == END_OF_BLOCK)
			return ENT_EOB;
		sym -= 257;
		if (sym < ARRAY_SIZE(len_base))
			return (u32)len_base[sym] << 16 | (u32)len_extra[sym] << 8;
		return ENT_BAD;		/* 286, 287: only in the fixed code */
	}
	if (sym < ARRAY_SIZE(dist_base))
		return (u32)dist_base[sym] << 16 | (u32)dist_extra[sym] << 8;
	return ENT_BAD;			/* 30, 31: only in the fixed code */
}

/*
 * Number of index bits a second-level table needs: the depth at which the
 * subtree under one primary slot is completely filled, which for a
 * complete canonical code is the longest code in that subtree.  `remain`
 * counts the codes of each length not yet placed (including this one);
 * canonical order places them all before any code of the next subtree.
 */
static unsigned int subtable_bits(const u16 *remain, unsigned int len,
				  unsigned int root)
{
	unsigned int bits = len - root;
	int left = 1 << bits;

	for (;;) {
		left -= remain[len];
		if (left <= 0 || len == MAX_CODE_LEN)
			return bits;
		left <<= 1;
		len++;
		bits++;
	}
}

/*
 * Put a code of len <= root bits into every primary slot it prefixes.
 * A length code whose extra bits also fit gets one entry per extra value
 * holding the final length, so the fast loop need not read extra bits.
 */
static void fill_primary(u32 *table, unsigned int root_size, unsigned int rcode,
			 unsigned int len, u32 ent)
{
	unsigned int j, v, extra = ENT_EXTRA(ent);

	if (!(ent & (ENT_LIT | ENT_EOB | ENT_BAD)) && extra &&
	    (1u << (len + extra)) <= root_size) {
		for (v = 0; v < (1u << extra); v++) {
			u32 ev = ((ENT_VALUE(ent) + v) << 16) | (len + extra);

			for (j = rcode | v << len; j < root_size;
			     j += 1u << (len + extra))
				table[j] = ev;
		}
		return;
	}
	for (j = rcode; j < root_size; j += 1u << len)
		table[j] = ent;
}

/*
 * Build a decode table for the code given by lens[0..nsyms).
 *
 * Codes must be complete, except that a literal/length or distance code
 * may consist of a single one-bit code, and a distance code may be empty
 * (a block of literals only); unused slots then decode as ENT_BAD.  This
 * is what RFC 1951 permits in practice and what zlib accepts.
 */
static int build_table(struct inflate_workspace *ws, u32 *table,
		       unsigned int table_size, unsigned int root,
		       const u8 *lens, unsigned int nsyms, enum code_kind kind)
{
	u16 count[MAX_CODE_LEN + 1], offs[MAX_CODE_LEN + 2];
	u16 *sorted = ws->sorted;
	unsigned int root_size = 1u << root;
	unsigned int len, sym, i, j, nsorted, maxlen = 0;
	unsigned int rcode, next_free, cur_prefix, sub_bits = 0;
	u32 *sub = table;
	int left;

	for (len = 0; len <= MAX_CODE_LEN; len++)
		count[len] = 0;
	for (sym = 0; sym < nsyms; sym++)
		count[lens[sym]]++;

	/* Kraft sum: left < 0 oversubscribed, left > 0 incomplete */
	left = 1;
	for (len = 1; len <= MAX_CODE_LEN; len++) {
		left = (left << 1) - count[len];
		if (left < 0)
			return INFLATE_ERR_CODES;
		if (count[len])
			maxlen = len;
	}
	if (left > 0) {
		bool single = maxlen == 1;	/* then count[1] == 1 */
		bool empty = maxlen == 0;

		if (kind == KIND_PRECODE || (empty && kind != KIND_DIST) ||
		    (!single && !empty))
			return INFLATE_ERR_CODES;
		/* Unused slots: invalid once one bit has been seen. */
		for (i = 0; i < root_size; i++)
			table[i] = ENT_BAD | 1;
		if (empty)
			return INFLATE_OK;
	}

	/* Counting sort of the used symbols by code length, then symbol. */
	offs[1] = 0;
	for (len = 1; len <= MAX_CODE_LEN; len++)
		offs[len + 1] = offs[len] + count[len];
	nsorted = offs[MAX_CODE_LEN + 1];
	for (sym = 0; sym < nsyms; sym++)
		if (lens[sym])
			sorted[offs[lens[sym]]++] = (u16)sym;

	/*
	 * Walk the canonical codes in order.  rcode is the current code bit
	 * reversed (the input is read LSB first, so that is the table index);
	 * making a code longer appends zero bits, which leaves rcode as is.
	 * count[] is reused as "codes of this length still to place".
	 */
	rcode = 0;
	next_free = root_size;
	cur_prefix = ~0u;
	for (i = 0; i < nsorted; i++) {
		u32 ent, bit;

		sym = sorted[i];
		len = lens[sym];
		ent = symbol_entry(kind, sym) | len;

		if (len <= root) {
			fill_primary(table, root_size, rcode, len, ent);
		} else {
			unsigned int prefix = rcode & (root_size - 1);

			if (prefix != cur_prefix) {
				sub_bits = subtable_bits(count, len, root);
				if (next_free + (1u << sub_bits) > table_size)
					return INFLATE_ERR_CODES;
				table[prefix] = ENT_LINK | (u32)next_free << 16 |
						sub_bits << 8 | root;
				sub = table + next_free;
				next_free += 1u << sub_bits;
				cur_prefix = prefix;
			}
			for (j = rcode >> root; j < (1u << sub_bits);
			     j += 1u << (len - root))
				sub[j] = ent;
		}
		count[len]--;

		/* Add one to the len-bit code, in bit-reversed form. */
		bit = 1u << (len - 1);
		while (rcode & bit)
			bit >>= 1;
		rcode = bit ? (rcode & (bit - 1)) | bit : 0;
	}
	return INFLATE_OK;
}

static int load_fixed_codes(struct inflate_workspace *ws)
{
	u8 *lens = ws->lens;
	unsigned int i;
	int err;

	if (ws->fixed_loaded)
		return INFLATE_OK;
	for (i = 0; i < 144; i++)
		lens[i] = 8;
	for (; i < 256; i++)
		lens[i] = 9;
	for (; i < 280; i++)
		lens[i] = 7;
	for (; i < 288; i++)
		lens[i] = 8;
	err = build_table(ws, ws->litlen, INFLATE_LITLEN_ENOUGH,
			  INFLATE_LITLEN_TABLEBITS, lens, 288, KIND_LITLEN);
	if (err)
		return err;
	for (i = 0; i < 32; i++)
		lens[i] = 5;
	err = build_table(ws, ws->dist, INFLATE_DIST_ENOUGH,
			  INFLATE_DIST_TABLEBITS, lens, 32, KIND_DIST);
	if (err)
		return err;
	ws->fixed_loaded = true;
	return INFLATE_OK;
}

/*
 * Checked decode of one symbol.  The lookup may use zero bits beyond the
 * end of the input; that is harmless because a prefix code's entry only
 * depends on its own bits, and the entry's length says whether all of
 * them were real.
 */
static int decode_checked(struct inflate_state *s, const u32 *table,
			  unsigned int root, u32 *entry)
{
	u32 e;

	if (s->cnt < MAX_CODE_LEN)
		refill_slow(s);
	e = table[low_bits(s->bb, root)];
	if (e & ENT_LINK)
		e = table[ENT_VALUE(e) +
			  low_bits(s->bb >> root, ENT_EXTRA(e))];
	if (ENT_NBITS(e) > s->cnt)
		return INFLATE_ERR_TRUNCATED;
	if (e & ENT_BAD)
		return INFLATE_ERR_SYMBOL;
	s->bb >>= ENT_NBITS(e);
	s->cnt -= ENT_NBITS(e);
	*entry = e;
	return INFLATE_OK;
}

/* Read the code lengths of a dynamic block and build its two tables. */
static int read_dynamic_codes(struct inflate_workspace *ws,
			      struct inflate_state *s)
{
	u8 *lens = ws->lens;
	u8 pre_lens[NUM_PRECODE_SYMS];
	u32 hlit, hdist, hclen, v, e;
	unsigned int i, n;
	int err;

	ws->fixed_loaded = false;
	if ((err = get_bits(s, 5, &hlit)) || (err = get_bits(s, 5, &hdist)) ||
	    (err = get_bits(s, 4, &hclen)))
		return err;
	hlit += 257;
	hdist += 1;
	hclen += 4;
	if (hlit > MAX_LITLEN_SYMS_DYN || hdist > MAX_DIST_SYMS_DYN)
		return INFLATE_ERR_COUNTS;

	for (i = 0; i < NUM_PRECODE_SYMS; i++)
		pre_lens[i] = 0;
	for (i = 0; i < hclen; i++) {
		if ((err = get_bits(s, 3, &v)))
			return err;
		pre_lens[precode_order[i]] = (u8)v;
	}
	err = build_table(ws, ws->precode, ARRAY_SIZE(ws->precode),
			  INFLATE_PRECODE_TABLEBITS, pre_lens, NUM_PRECODE_SYMS,
			  KIND_PRECODE);
	if (err)
		return err;

	/* One run of lengths; repeats may cross from litlen into dist. */
	n = hlit + hdist;
	i = 0;
	while (i < n) {
		unsigned int sym, rep;
		u8 fill;

		if ((err = decode_checked(s, ws->precode,
					  INFLATE_PRECODE_TABLEBITS, &e)))
			return err;
		sym = ENT_VALUE(e);
		if (sym < 16) {
			lens[i++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return INFLATE_ERR_CODES;
			fill = lens[i - 1];
			err = get_bits(s, 2, &v);
			rep = 3 + v;
		} else if (sym == 17) {
			fill = 0;
			err = get_bits(s, 3, &v);
			rep = 3 + v;
		} else {
			fill = 0;
			err = get_bits(s, 7, &v);
			rep = 11 + v;
		}
		if (err)
			return err;
		if (rep > n - i)
			return INFLATE_ERR_CODES;
		while (rep--)
			lens[i++] = fill;
	}

	if (lens[END_OF_BLOCK] == 0)
		return INFLATE_ERR_NO_EOB;
	err = build_table(ws, ws->litlen, INFLATE_LITLEN_ENOUGH,
			  INFLATE_LITLEN_TABLEBITS, lens, hlit, KIND_LITLEN);
	if (err)
		return err;
	return build_table(ws, ws->dist, INFLATE_DIST_ENOUGH,
			   INFLATE_DIST_TABLEBITS, lens + hlit, hdist, KIND_DIST);
}

/* ------------------------------------------------------------------ */
/* Block decoding                                                      */

/*
 * Copy a match of len bytes from dist bytes back.  May write up to
 * 4 * WORD_BYTES - 1 bytes past dst + len: whole words, four at a time for
 * the common case, so that most matches take one loop pass and one
 * predictable branch; the fast loop's output margin covers that.  Source and destination overlap whenever dist < len, which is how
 * DEFLATE expresses runs: every load must see the bytes stored before it.
 */
static inline __attribute__((always_inline)) void
copy_match_fast(u8 *dst, unsigned int dist, unsigned int len)
{
	const u8 *src = dst - dist;
	u8 *end = dst + len;

	if (likely(dist >= WORD_BYTES)) {
		/* Each load reads only bytes already final. */
		do {
			store_word(dst, load_word(src));
			store_word(dst + WORD_BYTES, load_word(src + WORD_BYTES));
			store_word(dst + 2 * WORD_BYTES,
				   load_word(src + 2 * WORD_BYTES));
			store_word(dst + 3 * WORD_BYTES,
				   load_word(src + 3 * WORD_BYTES));
			src += 4 * WORD_BYTES;
			dst += 4 * WORD_BYTES;
		} while (dst < end);
	} else if (dist == 1) {
		/* Run of one byte: splat it across a word. */
		bitbuf_t v = (bitbuf_t)*src * (~(bitbuf_t)0 / 0xff);

		do {
			store_word(dst, v);
			store_word(dst + WORD_BYTES, v);
			dst += 2 * WORD_BYTES;
		} while (dst < end);
	} else {
		/*
		 * Short period: lay down one word of the pattern bytewise,
		 * then copy words from the nearest whole number of periods
		 * back that is at least a word away.
		 */
		unsigned int i, stride = dist;

		for (i = 0; i < WORD_BYTES; i++)
			dst[i] = src[i];
		while (stride < WORD_BYTES)
			stride += dist;
		dst += WORD_BYTES;
		src = dst - stride;
		while (dst < end) {
			store_word(dst, load_word(src));
			src += WORD_BYTES;
			dst += WORD_BYTES;
		}
	}
}

#define CONSUME(bb, cnt, n)						\
	do {								\
		(bb) >>= (n);						\
		(cnt) -= (n);						\
	} while (0)

/* Consume a table entry's code: only the entry's low byte reaches BITCNT. */
#define CONSUME_ENTRY(bb, cnt, e)					\
	do {								\
		(bb) >>= ENT_NBITS(e);					\
		(cnt) -= (e);						\
	} while (0)

#define LROOT	INFLATE_LITLEN_TABLEBITS
#define DROOT	INFLATE_DIST_TABLEBITS

/*
 * The fast loop.  Returns 1 at end of block, 0 when it ran out of margin
 * (the checked loop continues from the saved state), or an error.
 *
 * At the top of each iteration the bit buffer has just been refilled and
 * `e` is the primary table entry for its low bits, looked up before the
 * previous match was copied so that the table load overlaps the copy.  A
 * refill never changes bits already valid, so it leaves `e` correct.
 *
 * Bit budget: after a refill there are at least BITBUF_BITS - 8 valid
 * bits (56 or 24).  A literal/length code plus extra bits is at most
 * 15 + 5 = 20 bits, a distance code 15 bits plus 13 extra.  On 64-bit one
 * refill covers three literals, or a length and its distance; on 32-bit
 * every code gets its own refill.  At most three refills happen per
 * iteration, each advancing less than a word.
 */
static int decode_fast(struct inflate_workspace *ws, struct inflate_state *s)
{
	const u32 *lt = ws->litlen, *dt = ws->dist;
	const u8 *in = s->in;
	const u8 *in_limit;
	bitbuf_t bb = s->bb;
	unsigned int cnt = s->cnt;
	u8 *out = s->out, *out_limit;
	const u8 *out_start = s->out_start;
	int ret = 0;
	u32 e;

	if ((size_t)(s->in_end - in) < FAST_IN_MARGIN ||
	    (size_t)(s->out_end - out) < FAST_OUT_MARGIN)
		return 0;
	in_limit = s->in_end - FAST_IN_MARGIN;
	out_limit = s->out_end - FAST_OUT_MARGIN;

	REFILL_FAST(in, bb, cnt);
	e = lt[low_bits(bb, LROOT)];

	while (in <= in_limit && out <= out_limit) {
		unsigned int len, dist, n;

		if (likely(e & ENT_LIT)) {
			CONSUME_ENTRY(bb, cnt, e);
			*out++ = (u8)ENT_VALUE(e);
			if (BITBUF_BITS >= 64) {
				/* >= 41 bits left: a second literal */
				e = lt[low_bits(bb, LROOT)];
				if (!(e & ENT_LIT)) {
					REFILL_FAST(in, bb, cnt);
					continue;
				}
				CONSUME_ENTRY(bb, cnt, e);
				*out++ = (u8)ENT_VALUE(e);
				/* >= 26 bits left: a third lookup is safe */
				e = lt[low_bits(bb, LROOT)];
				if (!(e & ENT_LIT)) {
					REFILL_FAST(in, bb, cnt);
					continue;
				}
				CONSUME_ENTRY(bb, cnt, e);
				*out++ = (u8)ENT_VALUE(e);
			}
			REFILL_FAST(in, bb, cnt);
			e = lt[low_bits(bb, LROOT)];
			continue;
		}

		/* One test keeps the common case, a length, fast. */
		if (unlikely(e & (ENT_LINK | ENT_EOB | ENT_BAD))) {
			if (e & ENT_LINK) {
				/* code longer than LROOT bits: second level */
				e = lt[ENT_VALUE(e) +
				       low_bits(bb >> LROOT, ENT_EXTRA(e))];
				if (e & ENT_LIT) {
					CONSUME_ENTRY(bb, cnt, e);
					*out++ = (u8)ENT_VALUE(e);
					REFILL_FAST(in, bb, cnt);
					e = lt[low_bits(bb, LROOT)];
					continue;
				}
			}
			if (e & ENT_BAD) {
				ret = INFLATE_ERR_SYMBOL;
				break;
			}
			if (e & ENT_EOB) {
				CONSUME_ENTRY(bb, cnt, e);
				ret = 1;
				break;
			}
		}

		/*
		 * Length.  Most length codes are short enough that the table
		 * holds the final length with the extra bits included.
		 */
		CONSUME_ENTRY(bb, cnt, e);
		len = ENT_VALUE(e);
		n = ENT_EXTRA(e);
		if (unlikely(n)) {
			len += (unsigned int)low_bits(bb, n);
			CONSUME(bb, cnt, n);
		}

		/* Distance: code, then extra bits. */
		if (BITBUF_BITS < 64)
			REFILL_FAST(in, bb, cnt);
		e = dt[low_bits(bb, DROOT)];
		if (unlikely(e & (ENT_LINK | ENT_BAD))) {
			if (e & ENT_LINK)
				e = dt[ENT_VALUE(e) +
				       low_bits(bb >> DROOT, ENT_EXTRA(e))];
			if (e & ENT_BAD) {
				ret = INFLATE_ERR_SYMBOL;
				break;
			}
		}
		CONSUME_ENTRY(bb, cnt, e);
		if (BITBUF_BITS < 64)
			REFILL_FAST(in, bb, cnt);
		n = ENT_EXTRA(e);
		dist = ENT_VALUE(e) + (unsigned int)low_bits(bb, n);
		CONSUME(bb, cnt, n);

		if (unlikely(dist > (size_t)(out - out_start))) {
			ret = INFLATE_ERR_DISTANCE;
			break;
		}

		/* Look up the next symbol before copying. */
		REFILL_FAST(in, bb, cnt);
		e = lt[low_bits(bb, LROOT)];

		copy_match_fast(out, dist, len);
		out += len;
	}

	s->in = in;
	s->bb = bb;
	s->cnt = BITCNT(cnt);
	s->out = out;
	return ret;
}

/* The checked loop: every read and write bounds-checked. */
static int decode_slow(struct inflate_workspace *ws, struct inflate_state *s)
{
	for (;;) {
		unsigned int len, dist;
		u32 e, v;
		u8 *out = s->out;
		const u8 *src;
		int err;

		if ((err = decode_checked(s, ws->litlen, LROOT, &e)))
			return err;
		if (e & ENT_LIT) {
			if (out == s->out_end)
				return INFLATE_ERR_OUTPUT_FULL;
			*out = (u8)ENT_VALUE(e);
			s->out = out + 1;
			continue;
		}
		if (e & ENT_EOB)
			return INFLATE_OK;

		if ((err = get_bits(s, ENT_EXTRA(e), &v)))
			return err;
		len = ENT_VALUE(e) + v;

		if ((err = decode_checked(s, ws->dist, DROOT, &e)))
			return err;
		if ((err = get_bits(s, ENT_EXTRA(e), &v)))
			return err;
		dist = ENT_VALUE(e) + v;

		if (dist > (size_t)(out - s->out_start))
			return INFLATE_ERR_DISTANCE;
		if (len > (size_t)(s->out_end - out))
			return INFLATE_ERR_OUTPUT_FULL;
		src = out - dist;
		s->out = out + len;
		while (len--)
			*out++ = *src++;
	}
}

static int decode_huffman_block(struct inflate_workspace *ws,
				struct inflate_state *s)
{
	int ret = decode_fast(ws, s);

	if (ret)
		return ret < 0 ? ret : INFLATE_OK;
	return decode_slow(ws, s);
}

static int decode_stored_block(struct inflate_state *s)
{
	u32 len, nlen;
	size_t avail;
	int err;

	/* Skip to a byte boundary, then LEN and NLEN. */
	s->bb >>= s->cnt & 7;
	s->cnt &= ~7u;
	if ((err = get_bits(s, 16, &len)) || (err = get_bits(s, 16, &nlen)))
		return err;
	if (len != (~nlen & 0xffff))
		return INFLATE_ERR_STORED_LEN;

	/* Give back whole bytes still in the bit buffer: copy from memory. */
	s->in -= s->cnt >> 3;
	s->bb = 0;
	s->cnt = 0;

	avail = (size_t)(s->in_end - s->in);
	if (len > avail)
		return INFLATE_ERR_TRUNCATED;
	if (len > (size_t)(s->out_end - s->out))
		return INFLATE_ERR_OUTPUT_FULL;
	while (len >= WORD_BYTES) {
		store_word(s->out, load_word(s->in));
		s->out += WORD_BYTES;
		s->in += WORD_BYTES;
		len -= WORD_BYTES;
	}
	while (len--)
		*s->out++ = *s->in++;
	return INFLATE_OK;
}

int inflate_raw(struct inflate_workspace *ws, const u8 *in, size_t in_len,
		size_t *in_used, u8 *out, size_t out_cap, size_t *out_len)
{
	struct inflate_state s;
	u32 final, type;
	int err;

	if (!ws || (!in && in_len) || (!out && out_cap)) {
		if (in_used)
			*in_used = 0;
		if (out_len)
			*out_len = 0;
		return INFLATE_ERR_ARG;
	}

	/* (NULL + 0 is not valid C, hence the conditionals) */
	s.in = in;
	s.in_end = in_len ? in + in_len : in;
	s.bb = 0;
	s.cnt = 0;
	s.out = out;
	s.out_start = out;
	s.out_end = out_cap ? out + out_cap : out;
	ws->fixed_loaded = false;

	do {
		if ((err = get_bits(&s, 1, &final)) ||
		    (err = get_bits(&s, 2, &type)))
			break;
		if (type == 0)
			err = decode_stored_block(&s);
		else if (type == 1)
			err = load_fixed_codes(ws);
		else if (type == 2)
			err = read_dynamic_codes(ws, &s);
		else
			err = INFLATE_ERR_BLOCK_TYPE;
		if (!err && type != 0)
			err = decode_huffman_block(ws, &s);
	} while (!err && !final);

	/* Whole bytes still in the bit buffer were not part of the stream. */
	if (in_used)
		*in_used = (size_t)(s.in - in) - (s.cnt >> 3);
	if (out_len)
		*out_len = (size_t)(s.out - out);
	return err;
}

const char *inflate_strerror(int status)
{
	switch (status) {
	case INFLATE_OK:
		return "success";
	case INFLATE_ERR_TRUNCATED:
		return "input truncated";
	case INFLATE_ERR_OUTPUT_FULL:
		return "output buffer too small";
	case INFLATE_ERR_BLOCK_TYPE:
		return "invalid block type 3";
	case INFLATE_ERR_STORED_LEN:
		return "stored block length does not match its complement";
	case INFLATE_ERR_CODES:
		return "invalid code lengths";
	case INFLATE_ERR_SYMBOL:
		return "invalid literal/length or distance symbol";
	case INFLATE_ERR_DISTANCE:
		return "invalid distance: reaches before the output start";
	case INFLATE_ERR_COUNTS:
		return "too many length or distance codes";
	case INFLATE_ERR_NO_EOB:
		return "dynamic block has no end-of-block code";
	case INFLATE_ERR_ARG:
		return "invalid argument";
	case GUNZIP_ERR_MAGIC:
		return "not gzip data: bad magic";
	case GUNZIP_ERR_METHOD:
		return "gzip compression method is not deflate";
	case GUNZIP_ERR_FLAGS:
		return "gzip header has reserved flags set";
	case GUNZIP_ERR_HEADER:
		return "gzip header truncated";
	case GUNZIP_ERR_CRC:
		return "gzip CRC mismatch";
	case GUNZIP_ERR_ISIZE:
		return "gzip ISIZE mismatch";
	case GUNZIP_ERR_TRAILING:
		return "trailing bytes after the gzip member";
	case GUNZIP_ERR_HCRC:
		return "gzip header CRC mismatch";
	case GUNZIP_ERR_TRAILER:
		return "gzip trailer truncated";
	default:
		return "unknown inflate error";
	}
}
