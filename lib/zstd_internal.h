/* SPDX-License-Identifier: MIT */
/*
 * What lib/unzstd.c, lib/zstd_fse.c and lib/zstd_huf.c share: byte
 * loads, the backward bit reader of RFC 8878 (sections 4.1 and 4.2.2:
 * FSE and Huffman streams are read from their last byte towards their
 * first), and the table builders.
 */
#ifndef LIB_ZSTD_INTERNAL_H
#define LIB_ZSTD_INTERNAL_H

#include <paraboot/unzstd.h>

#define ZSTD_INLINE static inline __attribute__((always_inline))
/* Never on the way to the decoding loops: small rather than fast.  (A
 * call to a cold function makes GCC treat the code after it as cold too:
 * the table builders must not be, or the sequence loop goes with them.) */
#define ZSTD_COLD __attribute__((cold))

ZSTD_INLINE u64 zstd_le64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, 8);	/* x86: little-endian, unaligned ok */
	return v;
}

ZSTD_INLINE u32 zstd_le32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

ZSTD_INLINE u32 zstd_le24(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16;
}

ZSTD_INLINE unsigned int zstd_highbit(u32 v)	/* v != 0 */
{
	return 31 - __builtin_clz(v);
}

/*
 * The backward bit reader.  The stream is start[0..len); its last byte
 * holds a 1 bit above the last data bit (the padding marker).  `c` holds
 * the 8 bytes at p (or, for a stream shorter than 8 bytes, the stream in
 * its low bytes and zeros above); `used` counts the bits of c already
 * consumed, from the top.  Bits are consumed from the top of c downward,
 * and a refill moves p back towards start by whole bytes.
 *
 * The stream is consumed exactly when p == start and used == 64; used >
 * 64 there means the decoder read past the stream's beginning (those
 * bits read as garbage, never out of bounds: the callers only use them as
 * table indices bounded by construction, and check at the end).
 */
struct zstd_bits {
	u64 c;
	unsigned int used;
	const u8 *p;
	const u8 *start;
};

/* Returns false if the stream is empty or its last byte is 0. */
static inline bool zstd_bits_init(struct zstd_bits *b, const u8 *start,
				  size_t len)
{
	u8 last;

	if (!len || !(last = start[len - 1]))
		return false;
	b->start = start;
	if (len >= 8) {
		b->p = start + len - 8;
		b->c = zstd_le64(b->p);
		b->used = 0;
	} else {
		b->p = start;
		b->c = 0;
		for (size_t i = 0; i < len; i++)
			b->c |= (u64)start[i] << (8 * i);
		b->used = 8 * (8 - (unsigned int)len);
	}
	/* skip the zero padding and the marker bit */
	b->used += 8 - zstd_highbit(last);
	return true;
}

/* The next n bits (0 <= n <= 32), without consuming them. */
ZSTD_INLINE u64 zstd_bits_peek(const struct zstd_bits *b, unsigned int n)
{
	return ((b->c << (b->used & 63)) >> 1) >> (63 - n);
}

/* The same, where the caller knows used < 64 and 1 <= n. */
ZSTD_INLINE u64 zstd_bits_peek_fast(const struct zstd_bits *b,
				    unsigned int n)
{
	return (b->c << b->used) >> (64 - n);
}

ZSTD_INLINE u64 zstd_bits_read(struct zstd_bits *b, unsigned int n)
{
	u64 v = zstd_bits_peek(b, n);

	b->used += n;
	return v;
}

/* Refill: afterwards at least 57 bits are available, unless the stream's
 * beginning is within 8 bytes. */
ZSTD_INLINE void zstd_bits_refill(struct zstd_bits *b)
{
	size_t back = b->used >> 3;

	if (likely((size_t)(b->p - b->start) >= 8)) {
		b->p -= back;
		b->used &= 7;
	} else {
		if (back > (size_t)(b->p - b->start))
			back = b->p - b->start;
		if (!back)
			return;
		b->p -= back;
		b->used -= 8 * (unsigned int)back;
	}
	b->c = zstd_le64(b->p);
}

/* True while a refill guarantees 57 bits: p at least 8 bytes in. */
ZSTD_INLINE bool zstd_bits_far(const struct zstd_bits *b)
{
	return (size_t)(b->p - b->start) >= 8;
}

ZSTD_INLINE bool zstd_bits_exhausted_exactly(const struct zstd_bits *b)
{
	return b->p == b->start && b->used == 64;
}

ZSTD_INLINE bool zstd_bits_overflowed(const struct zstd_bits *b)
{
	return b->p == b->start && b->used > 64;
}

/*
 * lib/zstd_fse.c: read an FSE table description (RFC 8878 4.1.1) from
 * src[0..len) into ws->norm[0..*nsym) with accuracy log *log (at most
 * max_log, symbols at most max_sym); returns the bytes it used or a
 * negative status.
 */
int zstd_fse_read_ncount(struct unzstd_workspace *ws, const u8 *src,
			 size_t len, unsigned int max_sym,
			 unsigned int max_log, unsigned int *nsym,
			 unsigned int *log);
/* Build ws->fse[] from ws->norm[0..nsym) and log; 0 or a status. */
int zstd_fse_build(struct unzstd_workspace *ws, unsigned int nsym,
		   unsigned int log);

/* lib/zstd_huf.c: the Huffman tree description (4.2.1) at src[0..len)
 * into ws->huf; returns the bytes it used or a negative status. */
int zstd_huf_read_tree(struct unzstd_workspace *ws, const u8 *src,
		       size_t len);
/* Decode n literals from 1 or 4 streams in src[0..len) into out. */
int zstd_huf_decode(const struct unzstd_workspace *ws, const u8 *src,
		    size_t len, u8 *out, size_t n, bool four_streams);

#endif
