// SPDX-License-Identifier: MIT
/*
 * Zstandard decoding (RFC 8878) into one flat buffer: frames and blocks
 * (section 3.1.1), literals (3.1.1.3.1) and sequences (3.1.1.3.2), their
 * execution with repeat offsets (3.1.1.4, 3.1.1.5), and the content
 * checksum.  The entropy coders are in zstd_fse.c and zstd_huf.c.
 *
 * Speed: a compressed block's literals are decoded into the workspace
 * first; then each sequence is decoded and executed at once.  While the
 * output has 32 bytes of room beyond a sequence, literals and matches are
 * copied in whole words, rounding up (the "wild" copies the header
 * mentions); the last bytes of the buffer are written byte by byte.
 */
#include <paraboot/xxhash64.h>
#include "zstd_internal.h"

#define ZSTD_MAGIC		0xFD2FB528u
#define SKIPPABLE_MAGIC		0x184D2A50u	/* low 4 bits: any */
#define WILD			32	/* output slack for word copies */

/* Literals_Length_Code and Match_Length_Code: Baseline, Number_of_Bits
 * (3.1.1.3.2.1.1). */
static const u32 ll_base[36] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048,
	4096, 8192, 16384, 32768, 65536,
};
static const u8 ll_bits[36] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};
static const u32 ml_base[53] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
	35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027,
	2051, 4099, 8195, 16387, 32771, 65539,
};
static const u8 ml_bits[53] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

/* Default distributions (3.1.1.3.2.2). */
static const s16 ll_default[36] = {
	4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
	-1, -1, -1, -1,
};
static const s16 ml_default[53] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
	-1, -1, -1, -1, -1,
};
static const s16 of_default[29] = {
	1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
};

/* Where one frame's decoding stands. */
struct frame {
	u8 *start;		/* the frame's first output byte */
	u8 *op;			/* next output byte */
	u8 *oend;		/* out + out_cap */
	size_t block_max;	/* Block_Maximum_Size */
	u32 rep[3];		/* Repeated_Offset1..3 */
};

/* One kind of sequence code: its table and what describes it. */
struct seq_kind {
	struct unzstd_seq_cell *table;
	u8 *log;
	bool *ok;
	const s16 *def;
	unsigned int def_n, def_log, max_sym, max_log;
	const u32 *base;	/* NULL: offsets, base 1 << code */
	const u8 *bits;
};

ZSTD_COLD const char *unzstd_strerror(int status)
{
	switch (status) {
	case UNZSTD_OK: return "ok";
	case UNZSTD_ERR_ARG: return "invalid arguments";
	case UNZSTD_ERR_NO_FRAME: return "no zstd frame in the input";
	case UNZSTD_ERR_MAGIC: return "not a zstd frame (bad magic)";
	case UNZSTD_ERR_TRUNCATED: return "input ends inside a zstd frame";
	case UNZSTD_ERR_RESERVED: return "reserved frame header bit set";
	case UNZSTD_ERR_DICTIONARY: return "frame needs a dictionary";
	case UNZSTD_ERR_CONTENT_TOO_BIG:
		return "frame content size exceeds the output buffer";
	case UNZSTD_ERR_OUTPUT_FULL: return "output buffer full";
	case UNZSTD_ERR_CONTENT_SIZE:
		return "frame size differs from its frame content size";
	case UNZSTD_ERR_CHECKSUM: return "content checksum mismatch";
	case UNZSTD_ERR_BLOCK_TYPE: return "reserved block type";
	case UNZSTD_ERR_BLOCK_SIZE: return "block larger than the maximum";
	case UNZSTD_ERR_LITERALS: return "bad literals section header";
	case UNZSTD_ERR_HUF_TREE: return "bad huffman tree description";
	case UNZSTD_ERR_HUF_NO_TREE:
		return "treeless literals without an earlier tree";
	case UNZSTD_ERR_HUF_STREAM: return "bad huffman stream sizes";
	case UNZSTD_ERR_FSE_TABLE: return "bad fse table description";
	case UNZSTD_ERR_SEQ_HEADER: return "bad sequences section header";
	case UNZSTD_ERR_SEQ_NO_TABLE:
		return "repeated sequence table without an earlier one";
	case UNZSTD_ERR_SEQ_STREAM: return "bad sequence bitstream end";
	case UNZSTD_ERR_LITERAL_OVERRUN:
		return "sequences use more literals than decoded";
	case UNZSTD_ERR_OFFSET: return "match offset before the frame start";
	case UNZSTD_ERR_ZERO_OFFSET: return "repeat offset of zero";
	case UNZSTD_ERR_HUF_INEXACT:
		return "huffman stream not consumed exactly";
	case UNZSTD_ERR_SEQ_INEXACT:
		return "sequence bitstream not consumed exactly";
	case UNZSTD_ERR_SEQ_RESERVED:
		return "reserved sequence modes bits set";
	case UNZSTD_ERR_WINDOW: return "window log larger than 31";
	case UNZSTD_ERR_BLOCK_TRAILING:
		return "bytes after a block without sequences";
	default: return "unknown zstd error";
	}
}

/* ------------------------------------------------------------------ */
/* Copies                                                              */

ZSTD_INLINE void copy8(u8 *dst, const u8 *src)
{
	u64 v;

	__builtin_memcpy(&v, src, 8);
	__builtin_memcpy(dst, &v, 8);
}

/* 16 bytes: both loads before both stores, so src may end where dst
 * begins (src + 16 <= dst) or lie in another buffer. */
ZSTD_INLINE void copy16(u8 *dst, const u8 *src)
{
	u64 a, b;

	__builtin_memcpy(&a, src, 8);
	__builtin_memcpy(&b, src + 8, 8);
	__builtin_memcpy(dst, &a, 8);
	__builtin_memcpy(dst + 8, &b, 8);
}

/* Copy n bytes (src and dst apart by at least 16 or in different
 * buffers) in 16-byte steps: writes up to 15 bytes past dst + n. */
ZSTD_INLINE void wild_copy16(u8 *dst, const u8 *src, size_t n)
{
	u8 *end = dst + n;

	do {
		copy16(dst, src);
		dst += 16;
		src += 16;
	} while (dst < end);
}

/*
 * A match of n >= 1 bytes from off bytes back, in whole words: writes up
 * to 15 bytes past dst + n.
 *  - off >= 16: 16-byte steps, each reading only bytes already final;
 *  - off 1, 2, 4, 8: the first 8 bytes hold the whole pattern, which is
 *    then stored again and again (no load waits on the store before);
 *  - off 3, 5, 6, 7 and 9..15: 8-byte steps; below 8, the first 8 bytes
 *    go one by one, and since they repeat the pattern the rest can copy
 *    from a distance that is a multiple of off and at least 8 (at most
 *    off + 8 back: inside what is already written).
 */
static const u8 near_distance[8] = { 0, 8, 8, 9, 8, 10, 12, 14 };

ZSTD_INLINE void wild_match(u8 *dst, size_t off, size_t n)
{
	u8 *end = dst + n;
	const u8 *src = dst - off;

	if (likely(off >= 16)) {
		do {
			copy16(dst, src);
			dst += 16;
			src += 16;
		} while (dst < end);
		return;
	}
	if (off < 8) {
		u64 v;

		/* 1, 2, 4: the pattern spread by one multiplication */
		if (off == 1) {
			v = src[0] * 0x0101010101010101ull;
		} else if (off == 2) {
			v = (src[0] | (u64)src[1] << 8) * 0x0001000100010001ull;
		} else if (off == 4) {
			v = zstd_le32(src) * 0x0000000100000001ull;
		} else {
			for (int i = 0; i < 8; i++)
				dst[i] = src[i];
			dst += 8;
			src = dst - near_distance[off];
			goto steps;
		}
		src = dst;
		__builtin_memcpy(dst, &v, 8);
		dst += 8;
	}
	if (dst - src == 8) {
		u64 v;

		__builtin_memcpy(&v, src, 8);
		while (dst < end) {
			__builtin_memcpy(dst, &v, 8);
			__builtin_memcpy(dst + 8, &v, 8);
			dst += 16;
		}
		return;
	}
steps:
	while (dst < end) {
		copy8(dst, src);
		dst += 8;
		src += 8;
	}
}

/* ------------------------------------------------------------------ */
/* Literals section (3.1.1.3.1)                                        */

static int decode_literals(struct unzstd_workspace *ws, struct frame *f,
			   const u8 *src, size_t len, size_t *used,
			   size_t *nlit)
{
	unsigned int type, sf;
	size_t hs, n, csize;
	bool four;
	int rc;

	if (!len)
		return UNZSTD_ERR_LITERALS;
	type = src[0] & 3;
	sf = (src[0] >> 2) & 3;
	if (type < 2) {
		/* Raw or RLE: Regenerated_Size only, in 5, 12 or 20 bits */
		if (!(sf & 1)) {
			hs = 1;
			n = src[0] >> 3;
		} else if (sf == 1) {
			hs = 2;
			if (len < hs)
				return UNZSTD_ERR_LITERALS;
			n = (src[0] >> 4) | (size_t)src[1] << 4;
		} else {
			hs = 3;
			if (len < hs)
				return UNZSTD_ERR_LITERALS;
			n = (src[0] >> 4) | (size_t)src[1] << 4 |
			    (size_t)src[2] << 12;
		}
		if (n > f->block_max)
			return UNZSTD_ERR_LITERALS;
		if (type == 0) {
			if (len - hs < n)
				return UNZSTD_ERR_LITERALS;
			__builtin_memcpy(ws->lit, src + hs, n);
			*used = hs + n;
		} else {
			if (len - hs < 1)
				return UNZSTD_ERR_LITERALS;
			__builtin_memset(ws->lit, src[hs], n);
			*used = hs + 1;
		}
		*nlit = n;
		return 0;
	}
	/* Compressed or treeless: Regenerated_Size then Compressed_Size,
	 * 10, 10, 14 or 18 bits each; Size_Format 0 is one stream. */
	{
		static const u8 hsize[4] = { 3, 3, 4, 5 };
		static const u8 fbits[4] = { 10, 10, 14, 18 };
		u64 v = 0;

		hs = hsize[sf];
		if (len < hs)
			return UNZSTD_ERR_LITERALS;
		for (size_t i = 0; i < hs; i++)
			v |= (u64)src[i] << (8 * i);
		v >>= 4;
		n = (size_t)(v & ((1u << fbits[sf]) - 1));
		csize = (size_t)((v >> fbits[sf]) & ((1u << fbits[sf]) - 1));
		four = sf != 0;
	}
	if (n > f->block_max || csize > len - hs || (four && n < 6))
		return UNZSTD_ERR_LITERALS;
	src += hs;
	*used = hs + csize;
	if (type == 2) {
		rc = zstd_huf_read_tree(ws, src, csize);
		if (rc < 0)
			return rc;
		src += rc;
		csize -= rc;
	} else if (!ws->huf_ok) {
		return UNZSTD_ERR_HUF_NO_TREE;
	}
	rc = zstd_huf_decode(ws, src, csize, ws->lit, n, four);
	if (rc)
		return rc;
	*nlit = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sequences section (3.1.1.3.2)                                       */

/* One code's table by its Compression_Mode: src/len advance past the
 * table's description. */
static int seq_table(struct unzstd_workspace *ws, const struct seq_kind *k,
		     unsigned int mode, const u8 **src, size_t *len)
{
	unsigned int nsym, log;
	int rc;

	switch (mode) {
	case 0:			/* Predefined_Mode */
		for (unsigned int s = 0; s < k->def_n; s++)
			ws->norm[s] = k->def[s];
		nsym = k->def_n;
		log = k->def_log;
		break;
	case 1:			/* RLE_Mode: one symbol, no state bits */
		if (!*len)
			return UNZSTD_ERR_SEQ_HEADER;
		nsym = **src;
		if (nsym > k->max_sym)
			return UNZSTD_ERR_SEQ_HEADER;
		(*src)++;
		(*len)--;
		k->table[0].base = k->base ? k->base[nsym] : 1u << nsym;
		k->table[0].extra = k->base ? k->bits[nsym] : (u8)nsym;
		k->table[0].next = 0;
		k->table[0].nbits = 0;
		*k->log = 0;
		return 0;
	case 2:			/* FSE_Compressed_Mode */
		rc = zstd_fse_read_ncount(ws, *src, *len, k->max_sym,
					  k->max_log, &nsym, &log);
		if (rc < 0)
			return rc;
		*src += rc;
		*len -= rc;
		break;
	default:		/* Repeat_Mode */
		return *k->ok ? 0 : UNZSTD_ERR_SEQ_NO_TABLE;
	}
	rc = zstd_fse_build(ws, nsym, log);
	if (rc)
		return rc;
	for (unsigned int u = 0; u < 1u << log; u++) {
		struct unzstd_seq_cell *c = &k->table[u];
		unsigned int s = ws->fse[u].symbol;

		c->next = ws->fse[u].next;
		c->nbits = ws->fse[u].nbits;
		c->base = k->base ? k->base[s] : 1u << s;
		c->extra = k->base ? k->bits[s] : (u8)s;
	}
	*k->log = (u8)log;
	return 0;
}

/* The offset a sequence uses, with the repeat offsets kept up to date
 * (3.1.1.5); 0 if the offset would be zero. */
ZSTD_INLINE size_t resolve_offset(u32 *rep, u32 ofv, size_t ll)
{
	u32 off;

	if (ofv > 3) {
		off = ofv - 3;
	} else {
		unsigned int idx = ofv - 1 + (ll == 0);

		if (idx == 0)
			return rep[0];
		if (idx == 1) {
			off = rep[1];
			rep[1] = rep[0];
			rep[0] = off;
			return off;
		}
		off = idx == 2 ? rep[2] : rep[0] - 1;
	}
	rep[2] = rep[1];
	rep[1] = rep[0];
	rep[0] = off;
	return off;
}

/* Bytes one by one: the last WILD bytes of the output. */
static void copy_bytes(u8 *dst, const u8 *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

static int decode_sequences(struct unzstd_workspace *ws, struct frame *f,
			    const u8 *src, size_t len, size_t nlit)
{
	const struct seq_kind ll_kind = {
		ws->ll, &ws->ll_log, &ws->ll_ok, ll_default, 36, 6, 35,
		UNZSTD_LL_LOG_MAX, ll_base, ll_bits,
	}, of_kind = {
		ws->of, &ws->of_log, &ws->of_ok, of_default, 29, 5, 31,
		UNZSTD_OF_LOG_MAX, NULL, NULL,
	}, ml_kind = {
		ws->ml, &ws->ml_log, &ws->ml_ok, ml_default, 53, 6, 52,
		UNZSTD_ML_LOG_MAX, ml_base, ml_bits,
	};
	const u8 *lit = ws->lit, *lit_end = ws->lit + nlit;
	u8 *op = f->op, *const oend = f->oend;
	unsigned int lls, ofs, mls;
	u32 nseq, modes, byte0;
	struct zstd_bits br;
	bool reading = false;
	int rc;

	/* Number_of_Sequences: 1 to 3 bytes */
	if (len < 1)
		return UNZSTD_ERR_SEQ_HEADER;
	nseq = byte0 = src[0];
	if (nseq < 128) {
		src += 1;
		len -= 1;
	} else if (nseq < 255) {
		if (len < 2)
			return UNZSTD_ERR_SEQ_HEADER;
		nseq = ((nseq - 128) << 8) + src[1];
		src += 2;
		len -= 2;
	} else {
		if (len < 3)
			return UNZSTD_ERR_SEQ_HEADER;
		nseq = src[1] + ((u32)src[2] << 8) + 0x7F00;
		src += 3;
		len -= 3;
	}
	if (!nseq) {
		/* Only a 1-byte 0 ends the section: "if (byte0 == 0): there
		 * are no sequences.  The sequence section stops here"
		 * (3.1.1.3.2.1).  After 0 in the 2-byte form the section goes
		 * on with Symbol_Compression_Modes, which libzstd requires
		 * too; paraboot takes no tables for no sequences, so a block
		 * ends after either form or is refused. */
		if (len)
			return UNZSTD_ERR_BLOCK_TRAILING;
		if (byte0)
			return UNZSTD_ERR_SEQ_HEADER;
		goto last_literals;
	}
	if (len < 1)
		return UNZSTD_ERR_SEQ_HEADER;
	if (src[0] & 3)		/* "must be all-zeroes" (3.1.1.3.2.1) */
		return UNZSTD_ERR_SEQ_RESERVED;
	modes = src[0];
	src++;
	len--;
	rc = seq_table(ws, &ll_kind, modes >> 6, &src, &len);
	if (!rc)
		rc = seq_table(ws, &of_kind, (modes >> 4) & 3, &src, &len);
	if (!rc)
		rc = seq_table(ws, &ml_kind, (modes >> 2) & 3, &src, &len);
	if (rc)
		return rc;
	ws->ll_ok = ws->of_ok = ws->ml_ok = true;

	if (!zstd_bits_init(&br, src, len))
		return UNZSTD_ERR_SEQ_STREAM;
	reading = true;
	lls = (unsigned int)zstd_bits_read(&br, ws->ll_log);
	ofs = (unsigned int)zstd_bits_read(&br, ws->of_log);
	mls = (unsigned int)zstd_bits_read(&br, ws->ml_log);

	/*
	 * Sequences are decoded SEQ_AHEAD ahead of their execution, and the
	 * source of each match prefetched when it is decoded: a kernel's
	 * matches reach megabytes back, out of the caches.
	 */
#define SEQ_AHEAD 16
#define DECODE_SEQ(s) do {						\
	const struct unzstd_seq_cell *lc = &ws->ll[lls],		\
				     *oc = &ws->of[ofs],		\
				     *mc = &ws->ml[mls];		\
	__typeof__(&(s)) sp_ = &(s);	/* before ndec moves on */	\
	size_t ll_, ml_, off_, at_;					\
	u32 ofv_;							\
									\
	/* Offset, match length, literal length bits, in that order;	\
	 * at most 31 + 16 bits, then 16 + 26 bits. */			\
	zstd_bits_refill(&br);						\
	ofv_ = oc->base + (u32)zstd_bits_read(&br, oc->extra);		\
	ml_ = mc->base + (size_t)zstd_bits_read(&br, mc->extra);	\
	zstd_bits_refill(&br);						\
	ll_ = lc->base + (size_t)zstd_bits_read(&br, lc->extra);	\
	off_ = resolve_offset(f->rep, ofv_, ll_);			\
	if (++ndec < nseq) {						\
		/* States: literal lengths, match lengths, offsets */	\
		lls = lc->next + (unsigned int)zstd_bits_read(&br, lc->nbits); \
		mls = mc->next + (unsigned int)zstd_bits_read(&br, mc->nbits); \
		ofs = oc->next + (unsigned int)zstd_bits_read(&br, oc->nbits); \
	}								\
	sp_->ll = ll_;							\
	sp_->ml = ml_;							\
	sp_->off = off_;						\
	at_ = ahead + ll_;						\
	if (off_ <= at_ && at_ <= room)					\
		__builtin_prefetch(f->start + (at_ - off_));		\
	ahead = at_ + ml_;						\
} while (0)

	{
		struct seq { size_t ll, ml, off; } ring[SEQ_AHEAD];
		size_t ahead = op - f->start, room = oend - f->start;
		u32 ndec = 0;

		for (u32 done = 0; done < nseq; done++) {
			size_t ll, ml, off;

			/* Decode until SEQ_AHEAD are pending (or all are),
			 * then execute the oldest: one expansion of the
			 * decoder for the start and the steady state. */
			while (ndec < nseq) {
				DECODE_SEQ(ring[ndec % SEQ_AHEAD]);
				if (ndec - done >= SEQ_AHEAD)
					break;
			}
			ll = ring[done % SEQ_AHEAD].ll;
			ml = ring[done % SEQ_AHEAD].ml;
			off = ring[done % SEQ_AHEAD].off;
			if (unlikely(ll > (size_t)(lit_end - lit))) {
				rc = UNZSTD_ERR_LITERAL_OVERRUN;
				goto out;
			}
			if (unlikely(off > (size_t)(op - f->start) + ll)) {
				rc = UNZSTD_ERR_OFFSET;
				goto out;
			}
			if (unlikely(!off)) {
				rc = UNZSTD_ERR_ZERO_OFFSET;
				goto out;
			}
			if (likely(ll + ml + WILD <= (size_t)(oend - op))) {
				wild_copy16(op, lit, ll);
				op += ll;
				lit += ll;
				wild_match(op, off, ml);
				op += ml;
			} else {
				if (ll + ml > (size_t)(oend - op)) {
					rc = UNZSTD_ERR_OUTPUT_FULL;
					goto out;
				}
				copy_bytes(op, lit, ll);
				op += ll;
				lit += ll;
				copy_bytes(op, op - off, ml);
				op += ml;
			}
		}
	}
	/* "At the end, the bitstream shall be entirely consumed"
	 * (3.1.1.3.2.2.3's last paragraph). */
	zstd_bits_refill(&br);
	if (!zstd_bits_exhausted_exactly(&br)) {
		rc = UNZSTD_ERR_SEQ_INEXACT;
		goto out;
	}

last_literals:
	nlit = lit_end - lit;
	if (nlit > (size_t)(oend - op)) {
		rc = UNZSTD_ERR_OUTPUT_FULL;
		goto out;
	}
	if (nlit + WILD <= (size_t)(oend - op) && nlit)
		wild_copy16(op, lit, nlit);
	else
		copy_bytes(op, lit, nlit);
	op += nlit;
	rc = 0;
out:
	/* Past the stream's beginning the sequences are garbage: whatever
	 * went wrong with them, the stream was not consumed exactly. */
	if (rc && reading && zstd_bits_overflowed(&br))
		rc = UNZSTD_ERR_SEQ_INEXACT;
	f->op = op;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Frames and blocks (3.1.1)                                           */

static int decode_block(struct unzstd_workspace *ws, struct frame *f,
			const u8 *src, size_t len)
{
	size_t used, nlit;
	int rc;

	rc = decode_literals(ws, f, src, len, &used, &nlit);
	if (rc)
		return rc;
	return decode_sequences(ws, f, src + used, len - used, nlit);
}

/*
 * One Zstandard frame at in[0..len) (after its magic) into f->op
 * onwards; *used is the frame's length.
 */
static int decode_frame(struct unzstd_workspace *ws, struct frame *f,
			const u8 *in, size_t len, size_t *used)
{
	static const u8 did_size[4] = { 0, 1, 2, 4 };
	const u8 *p = in, *end = in + len;
	unsigned int fhd, fcs_flag, did_flag;
	bool single, has_fcs, checksum;
	u64 window = 0, fcs = 0;
	struct xxh64_state hash;
	u8 *hashed;
	size_t hs;
	u32 did = 0;

	/* Frame_Header_Descriptor (3.1.1.1.1) */
	if (!len)
		return UNZSTD_ERR_TRUNCATED;
	fhd = *p++;
	fcs_flag = fhd >> 6;
	single = fhd & 0x20;
	checksum = fhd & 0x04;
	did_flag = fhd & 3;
	if (fhd & 0x08)
		return UNZSTD_ERR_RESERVED;
	has_fcs = fcs_flag || single;
	hs = !single + did_size[did_flag] +
	     (fcs_flag ? 1u << fcs_flag : single);
	if ((size_t)(end - p) < hs)
		return UNZSTD_ERR_TRUNCATED;
	if (!single) {
		/* Window_Descriptor (3.1.1.1.2): 2^(10 + e) * (1 + m / 8) */
		unsigned int e = *p >> 3, m = *p & 7;

		if (10 + e > UNZSTD_WINDOW_LOG_MAX)
			return UNZSTD_ERR_WINDOW;
		window = (1ull << (10 + e)) + ((1ull << (10 + e)) >> 3) * m;
		p++;
	}
	for (unsigned int i = 0; i < did_size[did_flag]; i++)
		did |= (u32)*p++ << (8 * i);
	if (did)
		return UNZSTD_ERR_DICTIONARY;
	if (has_fcs) {
		unsigned int n = fcs_flag ? 1u << fcs_flag : 1;

		for (unsigned int i = 0; i < n; i++)
			fcs |= (u64)*p++ << (8 * i);
		if (fcs_flag == 1)
			fcs += 256;
		if (fcs > (u64)(f->oend - f->op))
			return UNZSTD_ERR_CONTENT_TOO_BIG;
	}
	if (single)
		window = fcs;
	f->block_max = window < UNZSTD_BLOCK_MAX ? (size_t)window :
			UNZSTD_BLOCK_MAX;
	f->start = f->op;
	f->rep[0] = 1;
	f->rep[1] = 4;
	f->rep[2] = 8;
	ws->ll_ok = ws->of_ok = ws->ml_ok = ws->huf_ok = false;
	xxh64_init(&hash, 0);
	hashed = f->op;

	/* Blocks (3.1.1.2) */
	for (;;) {
		u32 bh;
		unsigned int type;
		size_t bsize;
		u8 *block_start = f->op;
		int rc = 0;

		if (end - p < 3)
			return UNZSTD_ERR_TRUNCATED;
		bh = zstd_le24(p);
		p += 3;
		type = (bh >> 1) & 3;
		bsize = bh >> 3;
		if (type == 3)
			return UNZSTD_ERR_BLOCK_TYPE;
		if (bsize > f->block_max)
			return UNZSTD_ERR_BLOCK_SIZE;
		if ((size_t)(end - p) < (type == 1 ? 1 : bsize))
			return UNZSTD_ERR_TRUNCATED;
		if (type == 2) {
			rc = decode_block(ws, f, p, bsize);
			if (rc)
				return rc;
			if ((size_t)(f->op - block_start) > f->block_max)
				return UNZSTD_ERR_BLOCK_SIZE;
			p += bsize;
		} else {
			if (bsize > (size_t)(f->oend - f->op))
				return UNZSTD_ERR_OUTPUT_FULL;
			if (type == 0) {
				__builtin_memcpy(f->op, p, bsize);
				p += bsize;
			} else {
				__builtin_memset(f->op, *p, bsize);
				p++;
			}
			f->op += bsize;
		}
		/* Hash what this block made while it is in the cache. */
		if (checksum)
			hashed += xxh64_stripes(&hash, hashed, f->op - hashed);
		if (bh & 1)
			break;
	}
	if (has_fcs && (u64)(f->op - f->start) != fcs)
		return UNZSTD_ERR_CONTENT_SIZE;
	if (checksum) {
		if (end - p < 4)
			return UNZSTD_ERR_TRUNCATED;
		if ((u32)xxh64_finish(&hash, hashed, f->op - hashed) !=
		    zstd_le32(p))
			return UNZSTD_ERR_CHECKSUM;
		p += 4;
	}
	*used = p - in;
	return 0;
}

int unzstd(struct unzstd_workspace *ws, const u8 *in, size_t in_len,
	   u8 *out, size_t out_cap, size_t *out_len)
{
	struct frame f;
	size_t pos = 0;
	bool frames = false;
	int rc = 0;

	if (out_len)
		*out_len = 0;
	if (!ws || (!in && in_len) || (!out && out_cap))
		return UNZSTD_ERR_ARG;
	f.op = out;
	f.oend = out + out_cap;
	while (pos < in_len) {
		size_t left = in_len - pos, used;
		u32 magic;

		if (left < 4) {
			rc = UNZSTD_ERR_TRUNCATED;
			break;
		}
		magic = zstd_le32(in + pos);
		if ((magic & ~15u) == SKIPPABLE_MAGIC) {
			/* Skippable frame (3.1.2): magic, size, data */
			if (left < 8 || zstd_le32(in + pos + 4) > left - 8) {
				rc = UNZSTD_ERR_TRUNCATED;
				break;
			}
			pos += 8 + zstd_le32(in + pos + 4);
			continue;
		}
		if (magic != ZSTD_MAGIC) {
			rc = UNZSTD_ERR_MAGIC;
			break;
		}
		rc = decode_frame(ws, &f, in + pos + 4, left - 4, &used);
		if (rc)
			break;
		frames = true;
		pos += 4 + used;
	}
	if (!rc && !frames)
		rc = UNZSTD_ERR_NO_FRAME;
	if (out_len)
		*out_len = f.op - out;
	return rc;
}
