/* SPDX-License-Identifier: MIT */
/* What the decompressor's files share. */
#ifndef COMPRESSED_MISC_H
#define COMPRESSED_MISC_H

#include <paraboot/bootparam.h>
#include <paraboot/fatal.h>
#include <paraboot/handoff.h>
#include <paraboot/layout.h>
#include <paraboot/string.h>

#define PAGE_ALIGN(x)	(((x) + 4095) & ~(u64)4095)

/*
 * The work area, from kernel_space_start up (scripts/mkbzimage lays it
 * out the same way, and header.S's init_size covers it from
 * LOAD_PHYSICAL_ADDR): the kernel's memory image, the decompressed ELF
 * (none if the payload is the ELF itself), then this decompressor, moved
 * there before it unpacks anything, and never below the copy the loader
 * put at LOAD_PHYSICAL_ADDR, whose page tables (x86_64) are live while
 * the move runs.
 */
#define KERNEL_SPACE_START	((u64)kernel_space_start)
#define KERNEL_SPACE_END	((u64)kernel_space_end)
#define ELF_BUFFER_START	KERNEL_SPACE_END
#define ELF_BUFFER_END		(ELF_BUFFER_START + \
				 (payload_is_elf() ? 0 : PAGE_ALIGN(z_output_len)))
#define SELF_SIZE		PAGE_ALIGN((u64)(_end - startup_32))
#define RELOCATED_START		MAX(ELF_BUFFER_END, \
				     PAGE_ALIGN(LOAD_PHYSICAL_ADDR + SELF_SIZE))

/* Linker symbols of the decompressor itself (vmlinux.lds.S). */
extern char startup_32[], _bss[], _end[];

/* What scripts/mkbzimage says about the kernel it wrapped (piggy.S). */
extern const u8 input_data[];
extern const u32 z_input_len, z_output_len, z_output_crc32;
extern const u32 kernel_space_start, kernel_space_end;

/* The payload is either gzip or the kernel ELF stored as it is. */
static inline bool payload_is_elf(void)
{
	return z_input_len >= 4 && input_data[0] == 0x7f &&
	       input_data[1] == 'E' && input_data[2] == 'L' &&
	       input_data[3] == 'F';
}

/* What head_{32,64}.S observed at entry (startup_32.h): the entry in
 * bits 0-7, the privilege level in 8-15, paging in 16-23. */
#define OBSERVED_ENTRY(observed)	((observed) & 0xff)
#define OBSERVED_CPL(observed)		(((observed) >> 8) & 0xff)
#define OBSERVED_PAGING(observed)	(((observed) >> 16) & 0xff)

/* image_check.c, placement.c, decompress.c: called from head_{32,64}.S */
void check_image(const struct boot_params *bp, unsigned long observed);
unsigned long choose_destination(const struct boot_params *bp,
				 unsigned long load_addr);
unsigned long decompress_kernel(const struct boot_params *bp,
				unsigned long observed, unsigned long load_addr);
u64 first_non_ram(const struct boot_params *bp, u64 start, u64 end);
#ifdef __x86_64__
unsigned long build_identity_map(u64 *tables);
struct boot_params *lower_boot_data(struct boot_params *bp,
				    unsigned long load_addr);
#endif

#endif
