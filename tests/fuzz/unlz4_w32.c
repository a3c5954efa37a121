// SPDX-License-Identifier: MIT
/*
 * A second copy of lib/unlz4.c with i386's 4-byte copy word, so that
 * fuzz_unlz4 holds both stubs' decoders to each other and to liblz4 on
 * the same input (the i386 pattern table and wild-copy margins differ).
 * Included after the normal copy; every file-scope name of unlz4.c is
 * renamed (a missing one is a redefinition error, never a silent mix-up),
 * and unlz4() becomes unlz4_w32().
 */
#undef UNLZ4_WORD
#define UNLZ4_WORD		u32
#define lz4_word_t		w32_lz4_word_t
#define get_le32		w32_get_le32
#define load_word		w32_load_word
#define copy_word		w32_copy_word
#define wild_copy		w32_wild_copy
#define read_length		w32_read_length
#define small_offset		w32_small_offset
#define small_offsets		w32_small_offsets
#define copy_match_fast		w32_copy_match_fast
#define decode_block		w32_decode_block
#define unlz4			unlz4_w32
#define unlz4_strerror		unlz4_strerror_w32

#include "../../lib/unlz4.c"

#undef lz4_word_t
#undef get_le32
#undef load_word
#undef copy_word
#undef wild_copy
#undef read_length
#undef small_offset
#undef small_offsets
#undef copy_match_fast
#undef decode_block
#undef unlz4
#undef unlz4_strerror

_Static_assert(sizeof(w32_lz4_word_t) == 4, "the w32 copy must use 4-byte words");
