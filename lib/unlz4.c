// SPDX-License-Identifier: MIT
/*
 * LZ4 legacy-frame decoding (include/paraboot/unlz4.h), written from lz4's
 * doc/lz4_Block_format.md and doc/lz4_Frame_format.md.
 *
 * A block is a run of sequences.  Each sequence is a token (high nibble:
 * literal count, low nibble: match length - 4, 15 in either meaning "add
 * the bytes that follow, up to and including the first one below 255"),
 * the literals, then a 2-byte little-endian offset and the match length's
 * extra bytes.  The last sequence of a block has literals only and ends
 * the block.  An offset counts back from the current output position;
 * 0 is invalid, and a match may overlap its own output (offset < length
 * repeats a pattern).
 *
 * Speed comes from the fast loop, which runs while the block has at least
 * FAST_IN_MARGIN bytes of input and FAST_OUT_MARGIN bytes of output left:
 * there a short literal run is copied as 16 bytes whatever its length and
 * matches are copied a word at a time past their end, with no per-byte
 * bounds checks.  The last few sequences of each block go through the
 * exact loop, which checks everything and never writes past its end.
 * Variable-length copies are __builtin_memcpy: the stub links lib/string.c's
 * memcpy, the host tests the C library's.  UNLZ4_WORD sets the copy width: unsigned long, so 8 bytes on x86_64 and
 * 4 on i386 (tests/unit builds it both ways).
 */
#include <paraboot/unlz4.h>

#ifndef UNLZ4_WORD
#define UNLZ4_WORD	unsigned long
#endif
typedef UNLZ4_WORD lz4_word_t;
#define WSIZE		sizeof(lz4_word_t)

#define MIN_MATCH	4	/* a match length's token nibble counts from 4 */
#define RUN_MASK	15	/* nibble value: more length bytes follow */
/* Token, a 16-byte literal copy, and the offset after it. */
#define FAST_IN_MARGIN	(1 + 16 + 2)
/* A 16-byte literal copy of at most 14 literals, then a short match's
 * 24 bytes (three 8-byte words); other matches check their own room. */
#define FAST_OUT_MARGIN	(14 + 24)

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline lz4_word_t load_word(const u8 *p)
{
	lz4_word_t v;

	__builtin_memcpy(&v, p, WSIZE);
	return v;
}

static inline void copy_word(u8 *dst, const u8 *src)
{
	lz4_word_t v = load_word(src);

	__builtin_memcpy(dst, &v, WSIZE);
}

/*
 * Copy words from src to dst until dst reaches end: up to WSIZE - 1 bytes
 * more than asked.  Also right for overlapping copies with dst - src >=
 * WSIZE: each word read was written by an earlier step.
 */
static inline void wild_copy(u8 *dst, const u8 *src, const u8 *end)
{
	do {
		copy_word(dst, src);
		dst += WSIZE;
		src += WSIZE;
	} while (dst < end);
}

/*
 * A length's extra bytes: add each, stop after the first below 255.
 * False if the block ends first.  The sum cannot overflow: it is at most
 * 255 per input byte, and a block is at most LZ4_LEGACY_CBLOCK_MAX bytes.
 */
static inline bool read_length(const u8 **ipp, const u8 *iend, size_t *len)
{
	const u8 *ip = *ipp;
	size_t n = *len;
	u8 b;

	do {
		if (unlikely(ip >= iend))
			return false;
		b = *ip++;
		n += b;
	} while (b == 255);
	*ipp = ip;
	*len = n;
	return true;
}

/*
 * An offset below WSIZE repeats a pattern of `offset` bytes.  Copying it
 * from memory just written would wait on each store (store-to-load
 * forwarding, several cycles per word), so the pattern is built in a
 * register: the first `offset` bytes at match, repeated across a word
 * (a multiply by 0x..010101 spaced `offset` bytes apart), then each next
 * word is the last one moved on by WSIZE % offset bytes of the pattern.
 */
/* (Entries for offsets of WSIZE or more are unused: 0, and no shift
 * counts out of range for the compiler to warn about.) */
#define LOW_BYTES(n)	((n) < WSIZE ? \
			 (lz4_word_t)-1 >> (8 * (WSIZE - (n)) % (8 * WSIZE)) : 0)
/* 1 in the low byte of each o-byte group: sum of 2^(8ko) for ko < WSIZE. */
#define REPEAT_BIT(o, k) ((k) * (o) < WSIZE ? \
			  (lz4_word_t)1 << (8 * (k) * (o) % (8 * WSIZE)) : 0)
#define REPEAT(o)	(REPEAT_BIT(o, 0) | REPEAT_BIT(o, 1) | REPEAT_BIT(o, 2) | \
			 REPEAT_BIT(o, 3) | REPEAT_BIT(o, 4) | REPEAT_BIT(o, 5) | \
			 REPEAT_BIT(o, 6) | REPEAT_BIT(o, 7))
struct small_offset {
	lz4_word_t mask, repeat;
	u8 shift;		/* WSIZE % offset */
};
#define SMALL(o)	{ LOW_BYTES(o), (o) < WSIZE ? REPEAT(o) : 0, WSIZE % (o) }
static const struct small_offset small_offsets[8] = {
	{ 0, 0, 0 }, SMALL(1), SMALL(2), SMALL(3),
	SMALL(4), SMALL(5), SMALL(6), SMALL(7),
};

/*
 * A match with room for wild copies: oend - op >= len + 2 * WSIZE (it may
 * write up to there).  len may be below MIN_MATCH, even 0.
 */
static inline void copy_match_fast(u8 *op, size_t offset, size_t len)
{
	const u8 *match = op - offset;
	const u8 *end = op + len;
	const struct small_offset *s;
	lz4_word_t v, w, high;

	if (likely(offset >= 2 * WSIZE)) {
		/* Two words a step, both read before either is written. */
		do {
			v = load_word(match);
			w = load_word(match + WSIZE);
			__builtin_memcpy(op, &v, WSIZE);
			__builtin_memcpy(op + WSIZE, &w, WSIZE);
			op += 2 * WSIZE;
			match += 2 * WSIZE;
		} while (op < end);
		return;
	}
	if (offset >= WSIZE) {
		wild_copy(op, match, end);
		return;
	}
	/* The word at match holds the pattern in its low offset bytes (the
	 * rest lies at op and beyond, not written yet, and is masked off). */
	s = &small_offsets[offset];
	v = (load_word(match) & s->mask) * s->repeat;
	if (s->shift == 0) {
		/* 1, 2, 4 (and 8 on x86_64, above): one word over and over. */
		do {
			__builtin_memcpy(op, &v, WSIZE);
			__builtin_memcpy(op + WSIZE, &v, WSIZE);
			op += 2 * WSIZE;
		} while (op < end);
		return;
	}
	high = s->shift ? ~((lz4_word_t)-1 >> (8 * s->shift)) : 0;
	do {
		__builtin_memcpy(op, &v, WSIZE);
		op += WSIZE;
		v = (v >> (8 * s->shift)) |
		    ((v << (8 * (offset - s->shift))) & high);
	} while (op < end);
}

/*
 * Decode one block, in[ip..iend), into [*opp, oend); the block's output
 * starts at *opp, and no match may reach before it (legacy blocks are
 * independent).  full is the status for running out of output.  *opp is
 * advanced to the end of what was written, on error too.
 */
static int decode_block(const u8 *ip, const u8 *const iend, u8 **opp,
			u8 *const oend, int full)
{
	u8 *const ostart = *opp;
	u8 *op = ostart;
	const u8 *ilimit;
	u8 *olimit;
	size_t lit, len, offset, room;
	unsigned int token;
	int rc;

	/* The fast loop: wild copies, both ends far away. */
	if (iend - ip < FAST_IN_MARGIN || oend - op < FAST_OUT_MARGIN)
		goto exact;
	ilimit = iend - FAST_IN_MARGIN;
	olimit = oend - FAST_OUT_MARGIN;
	while (likely(ip <= ilimit && op <= olimit)) {
		token = *ip++;
		lit = token >> 4;
		if (likely(lit != RUN_MASK)) {
			/* At most 14: copy 16, the margins allow it. */
			for (unsigned int i = 0; i < 16; i += WSIZE)
				copy_word(op + i, ip + i);
			op += lit;
			ip += lit;
			/* ip + 2 <= iend still: a match follows. */
			offset = (size_t)ip[0] | (size_t)ip[1] << 8;
			ip += 2;
			len = token & RUN_MASK;
			/*
			 * The common sequence: a short match (at most 18
			 * bytes) from at least a word back, inside the
			 * block: three 8-byte copies, no loop, no room check
			 * (FAST_OUT_MARGIN covers 14 literals and 24 bytes).
			 */
			if (likely(len != RUN_MASK && offset >= WSIZE &&
				   offset <= (size_t)(op - ostart))) {
				const u8 *match = op - offset;

				for (unsigned int i = 0; i < 18; i += WSIZE)
					copy_word(op + i, match + i);
				op += len + MIN_MATCH;
				continue;
			}
			goto match;
		} else {
			if (unlikely(!read_length(&ip, iend, &lit)))
				goto literals_past_block;
			if (unlikely(lit > (size_t)(iend - ip)))
				goto literals_past_block;
			if (unlikely(lit > (size_t)(oend - op))) {
				rc = full;
				goto out;
			}
			if (likely((size_t)(iend - ip) - lit >= WSIZE &&
				   (size_t)(oend - op) - lit >= WSIZE))
				wild_copy(op, ip, op + lit);
			else
				__builtin_memcpy(op, ip, lit);
			op += lit;
			ip += lit;
			if (ip == iend) {
				rc = UNLZ4_OK;	/* the last sequence */
				goto out;
			}
			if (unlikely(iend - ip < 2)) {
				rc = UNLZ4_ERR_MATCH_TRUNCATED;
				goto out;
			}
		}

		offset = (size_t)ip[0] | (size_t)ip[1] << 8;
		ip += 2;
		len = token & RUN_MASK;
match:
		if (unlikely(len == RUN_MASK) &&
		    unlikely(!read_length(&ip, iend, &len))) {
			rc = UNLZ4_ERR_MATCH_TRUNCATED;
			goto out;
		}
		len += MIN_MATCH;
		/* One compare for both: offset 0 wraps around. */
		if (unlikely(offset - 1 >= (size_t)(op - ostart))) {
			rc = offset ? UNLZ4_ERR_OFFSET : UNLZ4_ERR_OFFSET_ZERO;
			goto out;
		}
		/* len + 2 * WSIZE cannot wrap: see read_length(). */
		room = oend - op;
		if (likely(len + 2 * WSIZE <= room)) {
			copy_match_fast(op, offset, len);
			op += len;
			continue;
		}
		if (unlikely(len > room)) {
			rc = full;
			goto out;
		}
		/*
		 * A match ending near the end of the output (a long run of
		 * zeros filling a block, say): words up to 2 * WSIZE before
		 * the end, then the exact tail from bytes already final.
		 */
		if (room >= 2 * WSIZE) {
			copy_match_fast(op, offset, room - 2 * WSIZE);
			op += room - 2 * WSIZE;
			len -= room - 2 * WSIZE;
		}
		for (const u8 *match = op - offset; len; len--)
			*op++ = *match++;
	}

	/* The exact loop: every length checked, byte copies. */
exact:
	for (;;) {
		if (unlikely(ip >= iend)) {
			rc = UNLZ4_ERR_NO_LAST_LITERALS;
			goto out;
		}
		token = *ip++;
		lit = token >> 4;
		if (lit == RUN_MASK && !read_length(&ip, iend, &lit))
			goto literals_past_block;
		if (lit > (size_t)(iend - ip))
			goto literals_past_block;
		if (lit > (size_t)(oend - op)) {
			rc = full;
			goto out;
		}
		__builtin_memcpy(op, ip, lit);
		op += lit;
		ip += lit;
		if (ip == iend) {
			rc = UNLZ4_OK;
			goto out;
		}
		if (iend - ip < 2) {
			rc = UNLZ4_ERR_MATCH_TRUNCATED;
			goto out;
		}
		offset = (size_t)ip[0] | (size_t)ip[1] << 8;
		ip += 2;
		len = token & RUN_MASK;
		if (len == RUN_MASK && !read_length(&ip, iend, &len)) {
			rc = UNLZ4_ERR_MATCH_TRUNCATED;
			goto out;
		}
		len += MIN_MATCH;
		if (offset == 0 || offset > (size_t)(op - ostart)) {
			rc = offset ? UNLZ4_ERR_OFFSET : UNLZ4_ERR_OFFSET_ZERO;
			goto out;
		}
		if (len > (size_t)(oend - op)) {
			rc = full;
			goto out;
		}
		for (const u8 *match = op - offset; len; len--)
			*op++ = *match++;
	}

literals_past_block:
	rc = UNLZ4_ERR_LITERALS;
out:
	*opp = op;
	return rc;
}

int unlz4(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	  size_t *out_len)
{
	const u8 *ip, *iend;
	u8 *op = out, *out_end;
	int rc = UNLZ4_OK;

	if ((!in && in_len) || (!out && out_cap)) {
		op = NULL;
		rc = UNLZ4_ERR_ARG;
		goto done;
	}
	if (in_len < 4 || get_le32(in) != LZ4_LEGACY_MAGIC) {
		rc = UNLZ4_ERR_MAGIC;
		goto done;
	}
	ip = in + 4;
	iend = in + in_len;
	out_end = out_cap ? out + out_cap : out;
	while (ip != iend) {
		u32 size;
		u8 *limit;

		if (iend - ip < 4) {
			rc = UNLZ4_ERR_SIZE_FIELD;
			break;
		}
		size = get_le32(ip);
		ip += 4;
		if (size == LZ4_LEGACY_MAGIC)
			continue;	/* another legacy frame follows */
		if (size == 0 || size > LZ4_LEGACY_CBLOCK_MAX) {
			rc = UNLZ4_ERR_BLOCK_SIZE;
			break;
		}
		if (size > (size_t)(iend - ip)) {
			rc = UNLZ4_ERR_BLOCK_TRUNCATED;
			break;
		}
		if ((size_t)(out_end - op) > LZ4_LEGACY_BLOCK_MAX)
			limit = op + LZ4_LEGACY_BLOCK_MAX;
		else
			limit = out_end;
		rc = decode_block(ip, ip + size, &op, limit,
				  limit == out_end ? UNLZ4_ERR_OUTPUT_FULL :
				  UNLZ4_ERR_BLOCK_OUTPUT);
		if (rc)
			break;
		ip += size;
	}
done:
	if (out_len)
		*out_len = op ? (size_t)(op - out) : 0;
	return rc;
}

const char *unlz4_strerror(int status)
{
	switch (status) {
	case UNLZ4_OK:
		return "ok";
	case UNLZ4_ERR_MAGIC:
		return "not an lz4 legacy frame (bad magic)";
	case UNLZ4_ERR_SIZE_FIELD:
		return "lz4 input ends inside a block size";
	case UNLZ4_ERR_BLOCK_SIZE:
		return "lz4 block size is zero or too large";
	case UNLZ4_ERR_BLOCK_TRUNCATED:
		return "lz4 block runs past the end of the input";
	case UNLZ4_ERR_LITERALS:
		return "lz4 literals run past the end of their block";
	case UNLZ4_ERR_MATCH_TRUNCATED:
		return "lz4 block ends inside a match";
	case UNLZ4_ERR_OFFSET_ZERO:
		return "lz4 match offset is zero";
	case UNLZ4_ERR_OFFSET:
		return "lz4 match reaches before the start of its block";
	case UNLZ4_ERR_NO_LAST_LITERALS:
		return "lz4 block ends with a match, not literals";
	case UNLZ4_ERR_BLOCK_OUTPUT:
		return "lz4 block decodes to more than 8 MiB";
	case UNLZ4_ERR_OUTPUT_FULL:
		return "lz4 output larger than its buffer";
	case UNLZ4_ERR_ARG:
		return "lz4: bad arguments";
	}
	return "lz4: unknown error";
}
