/* SPDX-License-Identifier: MIT */
/*
 * Where paraboot's kernel lives: its physical load address, the virtual
 * PAGE_OFFSET it runs at, and the sizes every stage agrees on.  Usable from
 * C, assembly and (preprocessed) linker scripts.
 */
#ifndef PARABOOT_LAYOUT_H
#define PARABOOT_LAYOUT_H

/*
 * The kernel proper is not relocatable: its PT_LOAD segments say 1 MiB, the
 * address every boot-protocol loader uses for a non-relocatable bzImage, so
 * the decompressor always moves itself out of the way before unpacking.
 */
#define LOAD_PHYSICAL_ADDR	0x100000

/*
 * The protected-mode part itself is relocatable (header.S): a loader may
 * put it at any multiple of 2^MIN_LOAD_ALIGN_LG2 (the header's
 * min_alignment; x86_64's startup_32 builds page tables inside it) and,
 * from the 64-bit entry, above 4 GiB.  LOAD_PHYSICAL_ADDR stays its
 * preferred address (pref_address), where init_size counts from.
 */
#define MIN_LOAD_ALIGN_LG2	12

#ifdef __x86_64__
/* Top 2 GiB, so -mcmodel=kernel code reaches everything it links. */
#define PAGE_OFFSET		0xffffffff80000000
/* Physical memory reachable through PAGE_OFFSET. */
#define DIRECT_MAP_SIZE		0x80000000
#else
#define PAGE_OFFSET		0xc0000000
/* 896 MiB: the 3G/1G split's low memory, as in Linux 2.6.24. */
#define DIRECT_MAP_SIZE		0x38000000
#endif

/* The command line buffer; the header says cmdline_size = this - 1. */
#define COMMAND_LINE_SIZE	2048

#endif
