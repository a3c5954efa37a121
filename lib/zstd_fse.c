// SPDX-License-Identifier: MIT
/*
 * FSE table descriptions and decoding tables (RFC 8878 section 4.1.1):
 * the normalized distribution read from its variable-width encoding,
 * then spread over the table and given each cell's Number_of_Bits and
 * Baseline.  Used for the sequence codes and the Huffman weights.
 */
#include "zstd_internal.h"

/*
 * 32 bits of src starting at bit `pos` (least significant bit first);
 * bytes past len read as zero, and the caller checks afterwards that the
 * description ended inside src.
 */
static u32 forward_bits(const u8 *src, size_t len, size_t pos)
{
	size_t byte = pos >> 3;
	u64 v = 0;

	for (unsigned int i = 0; i < 5 && byte + i < len; i++)
		v |= (u64)src[byte + i] << (8 * i);
	return (u32)(v >> (pos & 7));
}

int zstd_fse_read_ncount(struct unzstd_workspace *ws, const u8 *src,
			 size_t len, unsigned int max_sym,
			 unsigned int max_log, unsigned int *nsym,
			 unsigned int *log)
{
	unsigned int sym = 0, nbits, al;
	int remaining, threshold;
	size_t pos, bytes;

	if (!len)
		return UNZSTD_ERR_FSE_TABLE;
	al = (src[0] & 15) + 5;			/* Accuracy_Log */
	if (al > max_log)
		return UNZSTD_ERR_FSE_TABLE;
	pos = 4;
	remaining = (1 << al) + 1;
	threshold = 1 << al;
	nbits = al + 1;
	while (remaining > 1) {
		u32 v = forward_bits(src, len, pos);
		int max = 2 * threshold - 1 - remaining;
		int count;

		if (sym > max_sym)
			return UNZSTD_ERR_FSE_TABLE;
		/* Small values take one bit less (4.1.1's example). */
		if ((int)(v & (threshold - 1)) < max) {
			count = v & (threshold - 1);
			pos += nbits - 1;
		} else {
			count = v & (2 * threshold - 1);
			if (count >= threshold)
				count -= max;
			pos += nbits;
		}
		count--;		/* -1: "less than 1", takes one cell */
		remaining -= count < 0 ? -count : count;
		if (remaining < 1)
			return UNZSTD_ERR_FSE_TABLE;
		ws->norm[sym++] = (s16)count;
		if (!count) {
			/* 2-bit repeat flags: more zero-probability symbols */
			for (;;) {
				unsigned int r = forward_bits(src, len, pos) & 3;

				pos += 2;
				if (sym + r > max_sym + 1)
					return UNZSTD_ERR_FSE_TABLE;
				for (unsigned int i = 0; i < r; i++)
					ws->norm[sym++] = 0;
				if (r != 3)
					break;
			}
		}
		while (remaining < threshold) {
			nbits--;
			threshold >>= 1;
		}
	}
	bytes = (pos + 7) >> 3;
	if (bytes > len)
		return UNZSTD_ERR_FSE_TABLE;
	*nsym = sym;
	*log = al;
	return (int)bytes;
}

int zstd_fse_build(struct unzstd_workspace *ws, unsigned int nsym,
		   unsigned int log)
{
	unsigned int size = 1u << log, mask = size - 1;
	unsigned int step = (size >> 1) + (size >> 3) + 3;
	unsigned int pos = 0;
	int high = (int)size - 1;

	/* "Less than 1" symbols take the last cells, one each. */
	for (unsigned int s = 0; s < nsym; s++) {
		if (ws->norm[s] == -1) {
			if (high < 0)
				return UNZSTD_ERR_FSE_TABLE;
			ws->fse[high--].symbol = (u8)s;
			ws->next_state[s] = 1;
		} else {
			ws->next_state[s] = (u16)ws->norm[s];
		}
	}
	/* The others are spread with a step coprime to the table size. */
	for (unsigned int s = 0; s < nsym; s++) {
		for (int i = 0; i < ws->norm[s]; i++) {
			ws->fse[pos].symbol = (u8)s;
			do
				pos = (pos + step) & mask;
			while ((int)pos > high);
		}
	}
	if (pos)
		return UNZSTD_ERR_FSE_TABLE;
	/* A symbol's cells in state order: the lower ones read one more
	 * bit; baselines rise from the higher states (4.1.1). */
	for (unsigned int u = 0; u < size; u++) {
		unsigned int s = ws->fse[u].symbol;
		unsigned int ns = ws->next_state[s]++;
		unsigned int nb = log - zstd_highbit(ns);

		ws->fse[u].nbits = (u8)nb;
		ws->fse[u].next = (u16)((ns << nb) - size);
	}
	return 0;
}
