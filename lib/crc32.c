// SPDX-License-Identifier: MIT
/*
 * CRC-32 (gzip/zlib flavour): slicing-by-8 over interleaved streams.
 *
 * Slicing-by-8: table[k][b] is the CRC register contribution of byte b
 * followed by k zero bytes, so eight input bytes fold into the register
 * with eight independent lookups instead of eight dependent steps.
 *
 * That still leaves one long dependency chain (each step needs the
 * previous register).  Large inputs are therefore cut into rounds of four
 * CHUNK-byte pieces whose CRCs are computed side by side, then joined:
 * the register after piece A followed by piece B is reg(A) * x^(8|B|)
 * mod P xor reg(B from zero), because the CRC register is linear over
 * GF(2).  The chains keep the load ports busy instead of waiting.
 *
 * The 8 KiB of tables are computed on first use into .bss rather than kept
 * as 2048 literal constants.  Readiness is judged from the last entry
 * written, not from a separate flag, so a caller that runs before .bss is
 * cleared (or with it cleared late) can at worst cause a recomputation.
 */
#include <paraboot/crc32.h>

#define CRC32_POLY	0xedb88320u	/* x^32 + ... reflected: bit 31 is x^0 */
#define X0		0x80000000u	/* the polynomial 1 in that notation */
#define SLICES		8
#define LAST_ENTRY	0x264b06e6u	/* table[7][255], written last */
#define STREAMS		4
#define CHUNK		4096u		/* bytes per stream per round */

static u32 crc_table[SLICES][256];
static u32 chunk_shift;		/* x^(8 * CHUNK) mod P */

/* a * b mod P, in the reflected notation. */
static u32 gf2_mulmod(u32 a, u32 b)
{
	u32 prod = 0;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		if (a & (X0 >> i))
			prod ^= b;
		b = (b >> 1) ^ (CRC32_POLY & (0u - (b & 1)));	/* b *= x */
	}
	return prod;
}

/* x^(8 * nbytes) mod P: what running nbytes zero bytes multiplies by. */
static u32 zeros_shift(u32 nbytes)
{
	u32 result = X0, square = X0 >> 8;	/* x^8 */

	for (; nbytes; nbytes >>= 1) {
		if (nbytes & 1)
			result = gf2_mulmod(result, square);
		square = gf2_mulmod(square, square);
	}
	return result;
}

static void crc32_make_tables(void)
{
	unsigned int b, k, i;

	chunk_shift = zeros_shift(CHUNK);
	for (b = 0; b < 256; b++) {
		u32 c = b;

		for (i = 0; i < 8; i++)
			c = (c >> 1) ^ (CRC32_POLY & (0u - (c & 1)));
		crc_table[0][b] = c;
	}
	for (k = 1; k < SLICES; k++)
		for (b = 0; b < 256; b++) {
			u32 c = crc_table[k - 1][b];

			crc_table[k][b] = (c >> 8) ^ crc_table[0][c & 0xff];
		}
}

static inline u32 load_le32(const u8 *p)
{
	u32 v;

	/* x86 only: unaligned little-endian loads are native */
	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* Fold eight bytes into the register. */
static inline __attribute__((always_inline)) u32 step8(u32 reg, const u8 *p)
{
	const u32 (*t)[256] = crc_table;
	u32 lo = load_le32(p) ^ reg;
	u32 hi = load_le32(p + 4);

	return t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
	       t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
	       t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
	       t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
}

static inline u32 step1(u32 reg, u8 byte)
{
	return (reg >> 8) ^ crc_table[0][(reg ^ byte) & 0xff];
}

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 reg;

	if (unlikely(crc_table[SLICES - 1][255] != LAST_ENTRY))
		crc32_make_tables();

	reg = ~crc;

	while (len >= STREAMS * CHUNK) {
		u32 r1 = 0, r2 = 0, r3 = 0;
		const u8 *end = p + CHUNK;

		for (; p < end; p += 8) {
			reg = step8(reg, p);
			r1 = step8(r1, p + CHUNK);
			r2 = step8(r2, p + 2 * CHUNK);
			r3 = step8(r3, p + 3 * CHUNK);
		}
		reg = gf2_mulmod(reg, chunk_shift) ^ r1;
		reg = gf2_mulmod(reg, chunk_shift) ^ r2;
		reg = gf2_mulmod(reg, chunk_shift) ^ r3;
		p += (STREAMS - 1) * CHUNK;
		len -= STREAMS * CHUNK;
	}

	for (; len >= 8; len -= 8, p += 8)
		reg = step8(reg, p);
	while (len--)
		reg = step1(reg, *p++);

	return ~reg;
}
