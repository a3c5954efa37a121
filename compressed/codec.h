/* SPDX-License-Identifier: MIT */
/*
 * The codec contract: one file per payload format (codec_gzip.c,
 * codec_lz4.c, codec_none.c; a codec_zstd.c joins them the same way),
 * each built into its own build/<arch>/stub/codec-<name>.o.
 * scripts/mkbzimage links the one its --compress names, so an image
 * carries only the decoder its payload needs, as Linux's do.
 */
#ifndef COMPRESSED_CODEC_H
#define COMPRESSED_CODEC_H

#include <paraboot/types.h>

/*
 * Decode the payload into out; 0 or a negative codec status.  Sets *crc
 * to the CRC-32 of the output and *crc_known to true if the codec
 * already checked one (gzip's trailer), else *crc_known to false and
 * decompress.c computes it.  Reads only in[0..in_len), writes only
 * out[0..cap).
 */
int payload_decode(const u8 *in, size_t in_len, u8 *out, size_t cap,
		   size_t *out_len, u32 *crc, bool *crc_known);
/* A few lowercase words for a status payload_decode() returned. */
const char *payload_strerror(int status);
/* "gzip", "lz4", "zstd" or "none": what decompress.c matches against
 * the payload's magic. */
extern const char payload_codec[];

/*
 * Linux's size_append (arch/x86/boot/compressed/Makefile): every payload
 * but gzip's (its ISIZE says it) and the stored ELF ends in the
 * uncompressed size, 4 bytes little-endian.  Xen's domain builders
 * (libxenguest's bzImage loader, the hypervisor's dom0 builder) size
 * their output buffer from it, so a payload without it does not boot
 * there.  paraboot's codecs decode what comes before it and check it.
 */
#define PAYLOAD_ERR_NO_SIZE	(-200)	/* too short for its size trailer */
#define PAYLOAD_ERR_SIZE	(-201)	/* decoded length != its trailer */

/* Take the trailer off: false if the payload cannot hold one. */
static inline bool payload_take_size(const u8 *in, size_t *in_len, u32 *size)
{
	if (*in_len < 4)
		return false;
	*in_len -= 4;
	*size = in[*in_len] | in[*in_len + 1] << 8 | in[*in_len + 2] << 16 |
		(u32)in[*in_len + 3] << 24;
	return true;
}

/* The words for the two statuses above, or NULL for a codec's own. */
static inline const char *payload_size_strerror(int status)
{
	if (status == PAYLOAD_ERR_NO_SIZE)
		return "too short for its 4-byte size trailer";
	if (status == PAYLOAD_ERR_SIZE)
		return "decoded to a length its size trailer does not say";
	return NULL;
}

#endif
