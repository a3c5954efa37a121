// SPDX-License-Identifier: MIT
/*
 * XXH64 (the xxHash specification, doc/xxhash_spec.md, "XXH64 algorithm
 * description"): four 64-bit accumulators over 32-byte stripes, then the
 * remaining 8-, 4- and 1-byte lanes and the final avalanche.
 */
#include <paraboot/xxhash64.h>

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static inline u64 rotl64(u64 v, unsigned int n)
{
	return (v << n) | (v >> (64 - n));
}

static inline u64 le64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, 8);	/* x86: little-endian, unaligned ok */
	return v;
}

static inline u32 le32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline u64 round64(u64 acc, u64 lane)
{
	acc += lane * P2;
	return rotl64(acc, 31) * P1;
}

static inline u64 merge64(u64 h, u64 acc)
{
	h ^= round64(0, acc);
	return h * P1 + P4;
}

void xxh64_init(struct xxh64_state *s, u64 seed)
{
	s->acc[0] = seed + P1 + P2;
	s->acc[1] = seed + P2;
	s->acc[2] = seed;
	s->acc[3] = seed - P1;
	s->seed = seed;
	s->stripes_len = 0;
}

size_t xxh64_stripes(struct xxh64_state *s, const u8 *p, size_t len)
{
	u64 a0 = s->acc[0], a1 = s->acc[1], a2 = s->acc[2], a3 = s->acc[3];
	size_t n = len & ~(size_t)31;

	for (size_t i = 0; i < n; i += 32) {
		a0 = round64(a0, le64(p + i));
		a1 = round64(a1, le64(p + i + 8));
		a2 = round64(a2, le64(p + i + 16));
		a3 = round64(a3, le64(p + i + 24));
	}
	s->acc[0] = a0;
	s->acc[1] = a1;
	s->acc[2] = a2;
	s->acc[3] = a3;
	s->stripes_len += n;
	return n;
}

u64 xxh64_finish(const struct xxh64_state *s, const u8 *tail, size_t len)
{
	u64 h;

	if (s->stripes_len) {
		h = rotl64(s->acc[0], 1) + rotl64(s->acc[1], 7) +
		    rotl64(s->acc[2], 12) + rotl64(s->acc[3], 18);
		for (int i = 0; i < 4; i++)
			h = merge64(h, s->acc[i]);
	} else {
		h = s->seed + P5;
	}
	h += s->stripes_len + len;
	for (; len >= 8; tail += 8, len -= 8)
		h = rotl64(h ^ round64(0, le64(tail)), 27) * P1 + P4;
	if (len >= 4) {
		h = rotl64(h ^ (u64)le32(tail) * P1, 23) * P2 + P3;
		tail += 4;
		len -= 4;
	}
	for (; len; tail++, len--)
		h = rotl64(h ^ *tail * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

u64 xxh64(const u8 *p, size_t len, u64 seed)
{
	struct xxh64_state s;
	size_t n;

	xxh64_init(&s, seed);
	n = xxh64_stripes(&s, p, len);
	return xxh64_finish(&s, p + n, len - n);
}
