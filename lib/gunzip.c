// SPDX-License-Identifier: MIT
/*
 * gzip (RFC 1952) member decoding on top of inflate_raw().
 *
 * The decompressor's payload is exactly one member and any corruption must
 * fail loudly, so this is strict: reserved flags, a bad header CRC, a CRC32
 * or ISIZE mismatch and anything after the trailer are all errors, each
 * with its own status.
 */
#include <paraboot/crc32.h>
#include <paraboot/inflate.h>

#define GZ_ID1		0x1f
#define GZ_ID2		0x8b
#define GZ_CM_DEFLATE	8

#define GZ_FTEXT	0x01
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FRESERVED	0xe0

#define GZ_FIXED_HEADER	10	/* ID1 ID2 CM FLG MTIME(4) XFL OS */
#define GZ_TRAILER	8	/* CRC32 ISIZE, both little endian */

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* Skip a zero-terminated header string; false if it runs off the input. */
static bool skip_string(const u8 *in, size_t in_len, size_t *pos)
{
	size_t i;

	for (i = *pos; i < in_len; i++)
		if (in[i] == 0) {
			*pos = i + 1;
			return true;
		}
	return false;
}

/* Parse the member header; on success *hdr_len is where deflate data start. */
static int parse_header(const u8 *in, size_t in_len, size_t *hdr_len)
{
	size_t pos = GZ_FIXED_HEADER;
	u8 flg;

	if (in_len < 2)
		return GUNZIP_ERR_HEADER;
	if (in[0] != GZ_ID1 || in[1] != GZ_ID2)
		return GUNZIP_ERR_MAGIC;
	if (in_len < GZ_FIXED_HEADER)
		return GUNZIP_ERR_HEADER;
	if (in[2] != GZ_CM_DEFLATE)
		return GUNZIP_ERR_METHOD;
	flg = in[3];
	if (flg & GZ_FRESERVED)
		return GUNZIP_ERR_FLAGS;

	if (flg & GZ_FEXTRA) {
		size_t xlen;

		if (in_len - pos < 2)
			return GUNZIP_ERR_HEADER;
		xlen = (size_t)in[pos] | (size_t)in[pos + 1] << 8;
		pos += 2;
		if (in_len - pos < xlen)
			return GUNZIP_ERR_HEADER;
		pos += xlen;
	}
	if ((flg & GZ_FNAME) && !skip_string(in, in_len, &pos))
		return GUNZIP_ERR_HEADER;
	if ((flg & GZ_FCOMMENT) && !skip_string(in, in_len, &pos))
		return GUNZIP_ERR_HEADER;
	if (flg & GZ_FHCRC) {
		u32 want;

		if (in_len - pos < 2)
			return GUNZIP_ERR_HEADER;
		/* The low 16 bits of the CRC32 of all header bytes before it */
		want = (u32)in[pos] | (u32)in[pos + 1] << 8;
		if ((crc32(0, in, pos) & 0xffff) != want)
			return GUNZIP_ERR_HCRC;
		pos += 2;
	}
	*hdr_len = pos;
	return INFLATE_OK;
}

int gunzip(struct inflate_workspace *ws, const u8 *in, size_t in_len,
	   u8 *out, size_t out_cap, size_t *out_len)
{
	size_t hdr_len, used, produced = 0, rest;
	const u8 *trailer;
	int err;

	if (out_len)
		*out_len = 0;
	if (!in && in_len)
		return INFLATE_ERR_ARG;
	err = parse_header(in, in_len, &hdr_len);
	if (err)
		return err;

	err = inflate_raw(ws, in + hdr_len, in_len - hdr_len, &used,
			  out, out_cap, &produced);
	if (out_len)
		*out_len = produced;
	if (err)
		return err;

	rest = in_len - hdr_len - used;
	if (rest < GZ_TRAILER)
		return GUNZIP_ERR_TRAILER;
	trailer = in + hdr_len + used;
	if (crc32(0, out, produced) != get_le32(trailer))
		return GUNZIP_ERR_CRC;
	if ((u32)produced != get_le32(trailer + 4))
		return GUNZIP_ERR_ISIZE;
	if (rest > GZ_TRAILER)
		return GUNZIP_ERR_TRAILING;
	return INFLATE_OK;
}

u32 gunzip_trailer_crc32(const u8 *in, size_t in_len)
{
	return in_len < GZ_TRAILER ? 0 : get_le32(in + in_len - GZ_TRAILER);
}
