/* SPDX-License-Identifier: MIT */
/*
 * Zstandard (RFC 8878) decoding into one flat buffer, for the bzImage
 * decompressor: no allocation, no libc, bounded reads and writes on any
 * input, every malformed input a named negative status.
 *
 * The input is a sequence of frames: Zstandard frames (magic 0xFD2FB528)
 * decoded one after another into the output, and skippable frames
 * (0x184D2A50..5F, RFC 8878 section 3.1.2) skipped.  Back-references
 * resolve against the output of their own frame; the Window_Descriptor
 * only bounds the block size (Block_Maximum_Size, section 3.1.1.2.3),
 * since the whole output is one buffer (Window_Log above 31 is refused).  Frames that need a dictionary
 * are refused.  A frame's Content_Checksum (low 32 bits of XXH64) is
 * verified when the frame has one.
 *
 * All state lives in struct unzstd_workspace: 145 KiB (148,776 bytes), of which
 * 128 KiB is the literals buffer (a block's literals are decoded there
 * before its sequences are executed).  Put it in .bss; one workspace per
 * concurrent call.
 */
#ifndef PARABOOT_UNZSTD_H
#define PARABOOT_UNZSTD_H

#include <paraboot/types.h>

enum unzstd_status {			/* 0 = success, negative = error */
	UNZSTD_OK = 0,
	UNZSTD_ERR_ARG = -1,		/* NULL workspace or buffer with a nonzero size */
	UNZSTD_ERR_NO_FRAME = -2,	/* input empty or holding only skippable frames */
	UNZSTD_ERR_MAGIC = -3,		/* a frame starts with neither magic */
	UNZSTD_ERR_TRUNCATED = -4,	/* input ends inside a frame */
	UNZSTD_ERR_RESERVED = -5,	/* reserved frame header bit set */
	UNZSTD_ERR_DICTIONARY = -6,	/* frame needs a dictionary */
	UNZSTD_ERR_CONTENT_TOO_BIG = -7, /* Frame_Content_Size > room in the output */
	UNZSTD_ERR_OUTPUT_FULL = -8,	/* output would exceed out_cap */
	UNZSTD_ERR_CONTENT_SIZE = -9,	/* frame decoded to a size != Frame_Content_Size */
	UNZSTD_ERR_CHECKSUM = -10,	/* Content_Checksum differs from the output's */
	UNZSTD_ERR_BLOCK_TYPE = -11,	/* reserved block type 3 */
	UNZSTD_ERR_BLOCK_SIZE = -12,	/* block larger than Block_Maximum_Size */
	UNZSTD_ERR_LITERALS = -13,	/* literals header sizes outside the block */
	UNZSTD_ERR_HUF_TREE = -14,	/* invalid Huffman tree description */
	UNZSTD_ERR_HUF_NO_TREE = -15,	/* treeless literals with no earlier tree */
	UNZSTD_ERR_HUF_STREAM = -16,	/* bad jump table, or a 0 last byte */
	UNZSTD_ERR_FSE_TABLE = -17,	/* invalid FSE table description */
	UNZSTD_ERR_SEQ_HEADER = -18,	/* sequences header invalid or past the block */
	UNZSTD_ERR_SEQ_NO_TABLE = -19,	/* Repeat_Mode with no earlier table */
	UNZSTD_ERR_SEQ_STREAM = -20,	/* sequence bitstream empty or its last byte 0 */
	UNZSTD_ERR_LITERAL_OVERRUN = -21, /* sequences use more literals than the block has */
	UNZSTD_ERR_OFFSET = -22,	/* match reaches before the frame's output */
	UNZSTD_ERR_ZERO_OFFSET = -23,	/* repeat offset 1 minus one is zero */
	UNZSTD_ERR_HUF_INEXACT = -24,	/* Huffman stream not consumed exactly */
	UNZSTD_ERR_SEQ_INEXACT = -25,	/* sequence bitstream not consumed exactly */
	UNZSTD_ERR_SEQ_RESERVED = -26,	/* reserved bits of the compression modes set */
	UNZSTD_ERR_WINDOW = -27,	/* Window_Log over UNZSTD_WINDOW_LOG_MAX */
	UNZSTD_ERR_BLOCK_TRAILING = -28, /* bytes after a block without sequences */
};
#define UNZSTD_ERR_LAST UNZSTD_ERR_BLOCK_TRAILING

/* The largest Window_Log (10 + Exponent) accepted: RFC 8878 3.1.1.1.2
 * lets a decoder set a limit, this is libzstd's on 64-bit hosts.  The
 * window is otherwise unused: no payload needs more, a larger one is
 * damage. */
#define UNZSTD_WINDOW_LOG_MAX		31

/* RFC 8878 3.1.1.2.3: no block's content or output exceeds 128 KiB. */
#define UNZSTD_BLOCK_MAX		(128u << 10)
/* Bytes a wild copy may read past a block's last literal. */
#define UNZSTD_LIT_SLACK		32

/* Accuracy logs (RFC 8878 4.1.1) and largest symbols (3.1.1.3.2.1). */
#define UNZSTD_LL_LOG_MAX		9
#define UNZSTD_ML_LOG_MAX		9
#define UNZSTD_OF_LOG_MAX		8
#define UNZSTD_HUF_LOG_MAX		11	/* RFC 8878 4.2.1: 11 bits */

/* A sequence decoding table cell: the code's value base and extra bits
 * folded in, so a sequence costs one load per field. */
struct unzstd_seq_cell {
	u32 base;		/* Baseline of the symbol's code (3.1.1.3.2.1) */
	u16 next;		/* FSE: next state = next + read(nbits) */
	u8 nbits;		/* FSE state bits */
	u8 extra;		/* the code's Number_of_Bits */
};

/* A decoded FSE table (4.1.1) before it becomes a sequence table. */
struct unzstd_fse_cell {
	u16 next;
	u8 nbits;
	u8 symbol;
};

struct unzstd_workspace {
	struct unzstd_seq_cell ll[1 << UNZSTD_LL_LOG_MAX];
	struct unzstd_seq_cell ml[1 << UNZSTD_ML_LOG_MAX];
	struct unzstd_seq_cell of[1 << UNZSTD_OF_LOG_MAX];
	/* Huffman: symbol | nbits << 8, indexed by the next huf_log bits */
	u16 huf[1 << UNZSTD_HUF_LOG_MAX];
	/* Scratch for table building */
	struct unzstd_fse_cell fse[1 << UNZSTD_LL_LOG_MAX];
	s16 norm[256];
	u16 next_state[256];
	u8 weights[256];
	u8 ll_log, ml_log, of_log, huf_log;
	/* Which tables a later block may repeat (reset at each frame) */
	bool ll_ok, ml_ok, of_ok, huf_ok;
	u8 lit[UNZSTD_BLOCK_MAX + UNZSTD_LIT_SLACK];
};

/*
 * Decode every frame of in[0..in_len) into out[0..out_cap), frames one
 * after another.  Returns 0 or an enum unzstd_status; *out_len (if not
 * NULL) is the number of bytes written, on error how far decoding got.
 *
 * Reads stay inside in[0..in_len) and writes inside out[0..out_cap) on
 * any input.  Within those bounds the decoder copies in whole words and
 * may store up to 32 bytes beyond the current output position, so bytes
 * after *out_len may be overwritten (never bytes at or past out_cap).
 */
int unzstd(struct unzstd_workspace *ws, const u8 *in, size_t in_len,
	   u8 *out, size_t out_cap, size_t *out_len);

/* A short lowercase description of an enum unzstd_status value. */
const char *unzstd_strerror(int status);

#endif
