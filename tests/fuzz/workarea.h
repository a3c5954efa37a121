/* SPDX-License-Identifier: MIT */
/*
 * The decompressor's work area as paraboot's own image has it, for the
 * harnesses that run compressed/ code (elf.c's limits, placement.c): what
 * piggy.S holds in the image (misc.h reads it), from layout.h (generated
 * from the build by layout.py), and the decompressor's own extent, which
 * placement.c measures as _end - startup_32: a block of ZO__end bytes
 * between two symbols, named by the includer (ZO_START, ZO_END).
 */
#ifndef FUZZ_WORKAREA_H
#define FUZZ_WORKAREA_H

#include "layout.h"

const u32 kernel_space_start = FUZZ_KERNEL_SPACE_START;
const u32 kernel_space_end = FUZZ_KERNEL_SPACE_END;
const u32 z_input_len = FUZZ_Z_INPUT_LEN;
const u32 z_output_len = FUZZ_Z_OUTPUT_LEN;
const u8 input_data[4] = { 0x1f, 0x8b, 0x08, 0x00 };	/* a gzip payload */

#define WORKAREA_STR_(x) #x
#define WORKAREA_STR(x) WORKAREA_STR_(x)
__asm__(".pushsection .bss\n"
	".globl " WORKAREA_STR(ZO_START) ", " WORKAREA_STR(ZO_END) "\n"
	WORKAREA_STR(ZO_START) ":\n"
	".zero " WORKAREA_STR(ZO__end) "\n"
	WORKAREA_STR(ZO_END) ":\n"
	".popsection");

#endif
