// SPDX-License-Identifier: MIT
/*
 * A second copy of lib/inflate.c built with a 32-bit bit buffer and 4-byte
 * match copies: the i386 configuration, run on the x86-64 host so the
 * unit tests cover both fast-loop bit budgets.  Included by
 * test_inflate.c after the normal copy; every file-scope name of
 * inflate.c is renamed here (a name missing from this list shows up as a
 * redefinition error, never as a silent mix-up).  The public entry point
 * becomes inflate_raw_w32().
 */
#define INFLATE_BITBUF_TYPE	u32
#define bitbuf_t		w32_bitbuf_t
#define inflate_state		w32_inflate_state
#define code_kind		w32_code_kind
#define KIND_PRECODE		W32_KIND_PRECODE
#define KIND_LITLEN		W32_KIND_LITLEN
#define KIND_DIST		W32_KIND_DIST
#define len_base		w32_len_base
#define len_extra		w32_len_extra
#define dist_base		w32_dist_base
#define dist_extra		w32_dist_extra
#define precode_order		w32_precode_order
#define load_word		w32_load_word
#define store_word		w32_store_word
#define low_bits		w32_low_bits
#define refill_slow		w32_refill_slow
#define get_bits		w32_get_bits
#define symbol_entry		w32_symbol_entry
#define subtable_bits		w32_subtable_bits
#define build_table		w32_build_table
#define fill_primary		w32_fill_primary
#define load_fixed_codes	w32_load_fixed_codes
#define decode_checked		w32_decode_checked
#define read_dynamic_codes	w32_read_dynamic_codes
#define copy_match_fast		w32_copy_match_fast
#define decode_fast		w32_decode_fast
#define decode_slow		w32_decode_slow
#define decode_huffman_block	w32_decode_huffman_block
#define decode_stored_block	w32_decode_stored_block
#define inflate_raw		inflate_raw_w32
#define inflate_strerror	w32_inflate_strerror

#include "../../lib/inflate.c"

#undef INFLATE_BITBUF_TYPE
#undef bitbuf_t
#undef inflate_state
#undef code_kind
#undef KIND_PRECODE
#undef KIND_LITLEN
#undef KIND_DIST
#undef len_base
#undef len_extra
#undef dist_base
#undef dist_extra
#undef precode_order
#undef load_word
#undef store_word
#undef low_bits
#undef refill_slow
#undef get_bits
#undef symbol_entry
#undef subtable_bits
#undef build_table
#undef fill_primary
#undef load_fixed_codes
#undef decode_checked
#undef read_dynamic_codes
#undef copy_match_fast
#undef decode_fast
#undef decode_slow
#undef decode_huffman_block
#undef decode_stored_block
#undef inflate_raw
#undef inflate_strerror

_Static_assert(sizeof(w32_bitbuf_t) == 4, "the w32 copy must use a 32-bit buffer");
