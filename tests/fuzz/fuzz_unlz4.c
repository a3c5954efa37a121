// SPDX-License-Identifier: MIT
/*
 * LZ4 legacy frames through lib/unlz4.c, against liblz4: each block by
 * LZ4_decompress_safe() into at most 8 MiB, a size field equal to the
 * magic starting another frame, as lz4's command line tool reads it.
 *
 *  - whenever liblz4 decodes every block and the blocks fill the input,
 *    unlz4() succeeds with byte-identical output, except where liblz4
 *    1.9.4 takes a match offset of 0, which lz4_Block_format.md calls a
 *    corrupted block: unlz4() then gives UNLZ4_ERR_OFFSET_ZERO;
 *  - unlz4() may accept what liblz4 refuses (liblz4 also holds blocks to
 *    the format's end-of-block conditions and wants room past a match),
 *    never the other way round;
 *  - *out_len never exceeds the capacity;
 *  - the i386 build (4-byte copy words, unlz4_w32.c) gives the same
 *    status, length and output as the x86_64 one, on every input.
 * The input and the output each end where their allocation ends (libFuzzer
 * and malloc), so ASan sees any read or write past them.
 */
#include "fuzz.h"
#include <lz4.h>
#include <string.h>

#include "../../lib/unlz4.c"
#include "../unit/lz4ref.h"
#include "unlz4_w32.c"

#define CAP	(256u << 10)

static uint8_t *out, *out32, *ref;

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	size_t produced = 0, produced32 = 0, want;
	bool ok;
	int rc, rc32;

	if (!out) {
		out = malloc(CAP);
		out32 = malloc(CAP);
		ref = malloc(CAP);
	}
	rc = unlz4(in, n, out, CAP, &produced);
	FUZZ_CHECK(produced <= CAP, "*out_len %zu past the capacity %u",
		   produced, CAP);
	FUZZ_CHECK(unlz4_strerror(rc)[0], "status %d has no name", rc);
	rc32 = unlz4_w32(in, n, out32, CAP, &produced32);
	FUZZ_CHECK(rc32 == rc && produced32 == produced, "the 4-byte-word "
		   "build gives status %d and %zu bytes, the 8-byte one %d and "
		   "%zu", rc32, produced32, rc, produced);
	FUZZ_CHECK(!memcmp(out, out32, produced), "the 4- and 8-byte-word "
		   "builds differ in %zu bytes of output", produced);
	ok = lz4_ref_decode(in, n, ref, CAP, &want);
	if (!ok)
		return 0;
	if (rc == UNLZ4_ERR_OFFSET_ZERO)
		return 0;
	FUZZ_CHECK(rc == UNLZ4_OK, "liblz4 decodes %zu bytes, unlz4 refuses: "
		   "%d (%s)", want, rc, unlz4_strerror(rc));
	FUZZ_CHECK(produced == want, "unlz4 gives %zu bytes, liblz4 %zu",
		   produced, want);
	FUZZ_CHECK(!memcmp(out, ref, want), "unlz4 and liblz4 differ in "
		   "%zu bytes of output", want);
	return 0;
}
