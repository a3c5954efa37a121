// SPDX-License-Identifier: MIT
/*
 * Zstandard frames (RFC 8878) through lib/unzstd.c, against libzstd's
 * ZSTD_decompressDCtx() (window limit raised to 2^31: paraboot decodes
 * into one flat buffer and ignores the window):
 *
 *  - unzstd() never accepts what libzstd refuses;
 *  - whenever libzstd decodes the input within the capacity, unzstd()
 *    succeeds with byte-identical output, unless it refuses with one of
 *    the statuses where it follows RFC 8878 more strictly than libzstd
 *    1.5 (tests/unit/README.md lists them: no frame, zero repeat
 *    offset, oversized block, bitstream not consumed exactly, reserved
 *    mode bits, bytes after a block without sequences), or, for
 *    libzstd's legacy pre-RFC frames, MAGIC;
 *  - output larger than the capacity is OUTPUT_FULL or, for a frame
 *    that states its size, CONTENT_TOO_BIG;
 *  - *out_len never exceeds the capacity.
 * The output ends where its allocation ends, so ASan sees any write
 * past the capacity; the input is libFuzzer's exactly sized copy.
 */
#include "fuzz.h"
#include <string.h>
#include <zstd.h>

#include "../../lib/xxhash64.c"
#include "../../lib/zstd_fse.c"
#include "../../lib/zstd_huf.c"
#include "../../lib/unzstd.c"

#define CAP	(256u << 10)

static struct unzstd_workspace ws;
static ZSTD_DCtx *dctx;
static uint8_t *out, *outz;

static bool stricter_on_purpose(int r)
{
	return r == UNZSTD_ERR_NO_FRAME || r == UNZSTD_ERR_ZERO_OFFSET ||
	       r == UNZSTD_ERR_BLOCK_SIZE || r == UNZSTD_ERR_HUF_INEXACT ||
	       r == UNZSTD_ERR_SEQ_INEXACT || r == UNZSTD_ERR_SEQ_RESERVED ||
	       r == UNZSTD_ERR_BLOCK_TRAILING;
}

/* libzstd also reads the pre-RFC formats of zstd 0.1 to 0.7 (magics
 * 0xFD2FB51E, 0xFD2FB522..27): paraboot refuses them as UNZSTD_ERR_MAGIC. */
static bool has_legacy_magic(const uint8_t *in, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		u32 m = zstd_le32(in + i);

		if (m == 0xFD2FB51E || (m >= 0xFD2FB522 && m <= 0xFD2FB527))
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	size_t produced = CAP + 1, zr;
	int rc;

	if (!out) {
		out = malloc(CAP);
		outz = malloc(CAP + 1);
		dctx = ZSTD_createDCtx();
		ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 31);
	}
	rc = unzstd(&ws, in, n, out, CAP, &produced);
	zr = ZSTD_decompressDCtx(dctx, outz, CAP + 1, in, n);

	FUZZ_CHECK(produced <= CAP, "out_len %zu past the capacity", produced);
	if (ZSTD_isError(zr)) {
		FUZZ_CHECK(rc != UNZSTD_OK, "unzstd accepts (%zu bytes out), "
			   "libzstd refuses: %s", produced,
			   ZSTD_getErrorName(zr));
		return 0;
	}
	if (zr > CAP) {
		FUZZ_CHECK(rc == UNZSTD_ERR_OUTPUT_FULL ||
			   rc == UNZSTD_ERR_CONTENT_TOO_BIG || stricter_on_purpose(rc),
			   "%zu bytes > capacity %u: status %d (%s)", zr, CAP,
			   rc, unzstd_strerror(rc));
		return 0;
	}
	if (rc != UNZSTD_OK) {
		FUZZ_CHECK(stricter_on_purpose(rc) ||
			   (rc == UNZSTD_ERR_MAGIC && has_legacy_magic(in, n)),
			   "libzstd decodes %zu bytes, "
			   "unzstd says %d (%s)", zr, rc, unzstd_strerror(rc));
		return 0;
	}
	FUZZ_CHECK(produced == zr && !memcmp(out, outz, produced),
		   "output differs from libzstd's (%zu vs %zu bytes)", produced,
		   zr);
	return 0;
}
