/* SPDX-License-Identifier: MIT */
/*
 * The parts of the ELF format (System V gABI, x86 and x86-64 psABI) that the
 * decompressor's loader and the Xen notes use.  Sizes are asserted below.
 */
#ifndef PARABOOT_ELF_H
#define PARABOOT_ELF_H

#include <paraboot/types.h>

#define EI_NIDENT	16
#define EI_MAG0		0
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6

#define ELFMAG0		0x7f
#define ELFMAG1		'E'
#define ELFMAG2		'L'
#define ELFMAG3		'F'
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1

#define ET_EXEC		2
#define EM_386		3
#define EM_X86_64	62

#define PT_NULL		0
#define PT_LOAD		1
#define PT_NOTE		4
#define PT_GNU_STACK	0x6474e551	/* GNU: the stack's permissions */

#define PF_X		(1 << 0)
#define PF_W		(1 << 1)
#define PF_R		(1 << 2)

#ifndef __ASSEMBLY__

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u32 e_entry;
	u32 e_phoff;
	u32 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_offset;
	u32 p_vaddr;
	u32 p_paddr;
	u32 p_filesz;
	u32 p_memsz;
	u32 p_flags;
	u32 p_align;
} Elf32_Phdr;

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

/* Note header: the same layout in both classes. */
typedef struct {
	u32 n_namesz;
	u32 n_descsz;
	u32 n_type;
} Elf_Nhdr;

ABI_SIZE(Elf32_Ehdr, 52);
ABI_SIZE(Elf32_Phdr, 32);
ABI_SIZE(Elf64_Ehdr, 64);
ABI_SIZE(Elf64_Phdr, 56);
ABI_SIZE(Elf_Nhdr, 12);
ABI_OFFSET(Elf32_Ehdr, e_entry, 24);
ABI_OFFSET(Elf32_Ehdr, e_phoff, 28);
ABI_OFFSET(Elf32_Ehdr, e_phentsize, 42);
ABI_OFFSET(Elf32_Ehdr, e_phnum, 44);
ABI_OFFSET(Elf64_Ehdr, e_entry, 24);
ABI_OFFSET(Elf64_Ehdr, e_phoff, 32);
ABI_OFFSET(Elf64_Ehdr, e_phentsize, 54);
ABI_OFFSET(Elf64_Ehdr, e_phnum, 56);
ABI_OFFSET(Elf64_Phdr, p_offset, 8);
ABI_OFFSET(Elf64_Phdr, p_paddr, 24);
ABI_OFFSET(Elf64_Phdr, p_memsz, 40);
ABI_OFFSET(Elf32_Phdr, p_paddr, 12);
ABI_OFFSET(Elf32_Phdr, p_flags, 24);

#endif /* !__ASSEMBLY__ */
#endif
