/* SPDX-License-Identifier: MIT */
/*
 * The decompressor's ELF loader (compressed/elf.c), in two steps so the
 * host tests can run the checks alone: elf_check() validates everything
 * without side effects, elf_load() then copies the PT_LOAD segments to
 * their p_paddr and zeroes the rest of each segment's memory.
 */
#ifndef PARABOOT_ELF_LOADER_H
#define PARABOOT_ELF_LOADER_H

#include <paraboot/elf.h>

#define ELF_MAX_PHDRS	16

struct elf_limits {
	u8 elf_class;			/* ELFCLASS32 or ELFCLASS64 */
	u16 machine;			/* EM_386 or EM_X86_64 */
	u64 space_start, space_end;	/* where segments may be loaded */
	u64 buffer_start, buffer_end;	/* where the ELF file itself lies */
	u64 self_start, self_end;	/* the decompressor */
};

struct elf_segment {
	u64 offset, paddr, filesz, memsz;
	u32 flags;
	unsigned int index;		/* in the program header table */
};

struct elf_info {
	u64 entry;
	unsigned int nsegments;
	struct elf_segment seg[ELF_MAX_PHDRS];
};

/* NULL if the file is fit to load, else a message (written into msg). */
const char *elf_check(const void *elf, size_t len, const struct elf_limits *lim,
		      struct elf_info *info, char *msg, size_t msglen);

/* Copy and zero the checked segments.  Physical address p is written at
 * (u8 *)(p + phys_to_ptr): 0 in the decompressor, a host buffer in tests. */
void elf_load(const void *elf, const struct elf_info *info,
	      uintptr_t phys_to_ptr);

#endif
