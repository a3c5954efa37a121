/* SPDX-License-Identifier: MIT */
/* What the decompressor's files share. */
#ifndef COMPRESSED_MISC_H
#define COMPRESSED_MISC_H

#include <paraboot/bootparam.h>
#include <paraboot/fatal.h>
#include <paraboot/handoff.h>
#include <paraboot/string.h>
#include "payload.h"	/* generated: Z_OUTPUT_LEN, Z_OUTPUT_CRC32, VO_INIT_SIZE */

#define PAGE_ALIGN(x)	(((x) + 4095) & ~(u64)4095)

/*
 * The work area, from LOAD_PHYSICAL_ADDR up (header.S's init_size is its
 * size): the kernel's memory image, the decompressed ELF, then this
 * decompressor, moved there before it unpacks anything.
 */
#define KERNEL_SPACE_START	LOAD_PHYSICAL_ADDR
#define KERNEL_SPACE_END	(KERNEL_SPACE_START + PAGE_ALIGN(VO_INIT_SIZE))
#define ELF_BUFFER_START	KERNEL_SPACE_END
#define ELF_BUFFER_END		(ELF_BUFFER_START + PAGE_ALIGN(Z_OUTPUT_LEN))
#define RELOCATED_START		ELF_BUFFER_END

/* Linker symbols of the decompressor itself (vmlinux.lds.S, piggy.S). */
extern char startup_32[], _bss[], _end[];
extern const u8 input_data[];
extern const u32 z_input_len, z_output_len;

/* image_check.c, placement.c, decompress.c: called from head_{32,64}.S */
void check_image(const struct boot_params *bp);
unsigned long choose_destination(const struct boot_params *bp,
				 unsigned long load_addr);
unsigned long decompress_kernel(const struct boot_params *bp,
				unsigned long observed, unsigned long load_addr);
#ifdef __x86_64__
unsigned long build_identity_map(u64 *tables);
#endif

#endif
