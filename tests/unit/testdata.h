/* SPDX-License-Identifier: MIT */
/*
 * The codec tests' generated data: random bytes, zeros, text, runs of one
 * byte, and a mix of all of them with copies of earlier data.  One
 * generator for every codec; its shape is what differs, so that each
 * suite's data reaches the lengths and distances its format can express:
 * DEFLATE's 32 KiB window and 258-byte matches, LZ4's overlapping copies a
 * few bytes back, zstd's long matches and repeat offsets up to 1 MiB back.
 *
 * Define DATA_SHAPE, an initializer of struct data_shape, before including
 * this.  The data is the same on every machine (rng.h).
 */
#ifndef TESTS_UNIT_TESTDATA_H
#define TESTS_UNIT_TESTDATA_H

#include "rng.h"

enum data_kind {
	DATA_RANDOM, DATA_ZEROS, DATA_TEXT, DATA_RUNS, DATA_MIXED, DATA_KINDS
};
static const char *const data_kind_name[DATA_KINDS] = {
	"random", "zeros", "text", "runs", "mixed",
};

struct data_shape {
	u32 long_run;		/* runs: 1 in 8 is up to this long, the rest up to 40 */
	u32 piece;		/* mixed: 3 pieces in 4 are up to this long */
	u32 long_piece;		/* mixed: and 1 in 4 up to this */
	u32 max_dist;		/* mixed: the farthest a copy reaches back */
	bool repeat_dist;	/* mixed: half the copies reuse the last distance */
};

static const struct data_shape data_shape = DATA_SHAPE;

static const char *const data_words[] = {
	"the", "kernel", "boot", "protocol", "paging", "of", "and", "a",
	"decompressor", "segment", "loader", "to", "in", "hypervisor", "ring",
	"page", "table", "entry", "is", "with", "for", "x86", "bzImage",
	"initrd", "console", "memory", "map", "e820", "ELF", "header", "0x",
	"paraboot", "lz4", "zstd",
};

static void gen_data(enum data_kind kind, u8 *p, size_t n)
{
	const struct data_shape *s = &data_shape;
	size_t i = 0, last_dist = 1;

	switch (kind) {
	case DATA_RANDOM:
		for (; i < n; i++)
			p[i] = (u8)rnd();
		break;
	case DATA_ZEROS:
		memset(p, 0, n);
		break;
	case DATA_TEXT:
		while (i < n) {
			const char *w = data_words[rnd_below(ARRAY_SIZE(data_words))];

			while (*w && i < n)
				p[i++] = (u8)*w++;
			if (i < n)
				p[i++] = rnd_below(12) ? ' ' : rnd_below(2) ? '\n' : ',';
		}
		break;
	case DATA_RUNS:
		while (i < n) {
			size_t run = 1 + rnd_below(rnd_below(8) ? 40 : s->long_run);
			u8 v = rnd_below(3) ? (u8)rnd_below(4) : (u8)rnd();

			while (run-- && i < n)
				p[i++] = v;
		}
		break;
	default:
		while (i < n) {
			size_t piece = 1 + rnd_below(rnd_below(4) ? s->piece :
						     s->long_piece);
			u32 what = rnd_below(5);

			if (piece > n - i)
				piece = n - i;
			if (what <= 1 && i > 0) {
				/* Never past the start: a new distance is at
				 * most i, a repeated one at most an earlier i. */
				size_t dist = what && s->repeat_dist ? last_dist :
					1 + rnd_below(i < s->max_dist ? (u32)i :
						      s->max_dist);

				last_dist = dist;
				for (size_t k = 0; k < piece; k++, i++)
					p[i] = p[i - dist];
			} else {
				gen_data(what == 2 ? DATA_TEXT : what == 3 ?
					 DATA_RUNS : DATA_RANDOM, p + i, piece);
				i += piece;
			}
		}
		break;
	}
}

#endif
