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

#endif
