/* SPDX-License-Identifier: MIT */
/*
 * liblz4 as the reference decoder of LZ4 legacy frames, for the unit test
 * and the fuzz harness; include after lib/unlz4.c (its constants and
 * get_le32) and <lz4.h>.
 */
#ifndef TESTS_LZ4REF_H
#define TESTS_LZ4REF_H

/*
 * liblz4 as lz4's command line tool reads a legacy frame: each block by
 * LZ4_decompress_safe() into at most 8 MiB, a size field equal to the
 * magic starts another frame.  1 and *out_len on success, else 0.
 */
static bool lz4_ref_decode(const u8 *in, size_t n, u8 *out, size_t cap,
			   size_t *out_len)
{
	size_t ip = 4, op = 0;

	*out_len = 0;
	if (n < 4 || get_le32(in) != LZ4_LEGACY_MAGIC)
		return false;
	while (ip < n) {
		u32 size;
		size_t room = cap - op;
		int r;

		if (n - ip < 4)
			return false;
		size = get_le32(in + ip);
		ip += 4;
		if (size == LZ4_LEGACY_MAGIC)
			continue;
		if (size > LZ4_LEGACY_CBLOCK_MAX || size > n - ip)
			return false;
		if (room > LZ4_LEGACY_BLOCK_MAX)
			room = LZ4_LEGACY_BLOCK_MAX;
		r = LZ4_decompress_safe((const char *)in + ip, (char *)out + op,
					(int)size, (int)room);
		if (r < 0)
			return false;
		op += r;
		ip += size;
	}
	*out_len = op;
	return true;
}

#endif
