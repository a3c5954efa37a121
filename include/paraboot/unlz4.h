/* SPDX-License-Identifier: MIT */
/*
 * LZ4 legacy frames (what `lz4 -l` writes, and what Linux and Xen read)
 * decoded from one flat buffer into another.
 *
 * Format (lz4's doc/lz4_Frame_format.md, "Legacy frame", and
 * doc/lz4_Block_format.md for the blocks):
 *
 *   magic 0x184C2102, 4 bytes little-endian
 *   then blocks, each a 4-byte little-endian compressed size followed by
 *   that many bytes of one LZ4 block; every block is independent (no
 *   match reaches into an earlier block) and decodes to at most 8 MiB.
 *
 * There is no end mark and no checksum: the frame ends where the input
 * ends.  A size field holding the magic again starts another legacy frame
 * (concatenated `lz4 -l` output), as lz4's own command line tool reads it.
 * A frame with no block at all is the empty output.  Unlike Linux's
 * payloads (lz4 output with the uncompressed size appended), nothing may
 * follow the last block: the caller knows the size it expects.
 *
 * No allocation, no workspace, no libc.  Reads stay inside in[0..in_len)
 * and writes inside out[0..out_cap) on any input; within those bounds the
 * decoder copies in whole words and may store up to 32 bytes past the
 * current output position (never at or past out_cap), so bytes after
 * *out_len may have been overwritten, as with inflate_raw().
 */
#ifndef PARABOOT_UNLZ4_H
#define PARABOOT_UNLZ4_H

#include <paraboot/types.h>

#define LZ4_LEGACY_MAGIC	0x184C2102u
/* Output of one legacy block at most (lz4's LEGACY_BLOCKSIZE). */
#define LZ4_LEGACY_BLOCK_MAX	(8u << 20)
/* LZ4_COMPRESSBOUND(8 MiB) in lz4.h: the largest a block can compress to. */
#define LZ4_LEGACY_CBLOCK_MAX	(LZ4_LEGACY_BLOCK_MAX + \
				 LZ4_LEGACY_BLOCK_MAX / 255 + 16)

enum unlz4_status {			/* 0 = success, negative = error */
	UNLZ4_OK = 0,
	UNLZ4_ERR_MAGIC = -1,		/* not 02 21 4C 18 */
	UNLZ4_ERR_SIZE_FIELD = -2,	/* input ends inside a block size */
	UNLZ4_ERR_BLOCK_SIZE = -3,	/* block size 0 or above the bound */
	UNLZ4_ERR_BLOCK_TRUNCATED = -4,	/* block runs past the input */
	UNLZ4_ERR_LITERALS = -5,	/* literals run past the block */
	UNLZ4_ERR_MATCH_TRUNCATED = -6,	/* block ends inside a match */
	UNLZ4_ERR_OFFSET_ZERO = -7,	/* match offset 0 */
	UNLZ4_ERR_OFFSET = -8,		/* match reaches before the block */
	UNLZ4_ERR_NO_LAST_LITERALS = -9,/* block ends with a match */
	UNLZ4_ERR_BLOCK_OUTPUT = -10,	/* a block decodes past 8 MiB */
	UNLZ4_ERR_OUTPUT_FULL = -11,	/* output would exceed out_cap */
	UNLZ4_ERR_ARG = -12,		/* NULL buffer with nonzero size */
};

/*
 * Decode one or more concatenated legacy frames filling in[0..in_len)
 * exactly into out[0..out_cap).  *out_len (if not NULL) is set to the
 * bytes written, also on error (how far decoding got).
 */
int unlz4(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	  size_t *out_len);

/* A short lowercase description of an enum unlz4_status value. */
const char *unlz4_strerror(int status);

#endif
