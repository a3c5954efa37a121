/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 (the GNU Multiboot Specification 0.6.96): the header a
 * test program carries and the information structure QEMU's -kernel loader
 * hands it in %ebx.  QEMU passes "<file> <append>" as the command line and,
 * for each -initrd module, the whole "<file> <args...>" string.
 */
#ifndef HOSTLIB_MULTIBOOT_H
#define HOSTLIB_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC		0x1badb002
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002
/* Header flags: page-align modules, give us the memory map. */
#define MULTIBOOT_PAGE_ALIGN		(1 << 0)
#define MULTIBOOT_MEMORY_INFO		(1 << 1)
#define MULTIBOOT_HEADER_FLAGS		(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

/* Info flags. */
#define MULTIBOOT_INFO_CMDLINE		(1 << 2)
#define MULTIBOOT_INFO_MODS		(1 << 3)
#define MULTIBOOT_INFO_MMAP		(1 << 6)

/* Memory map types; the same numbers as E820. */
#define MULTIBOOT_MEMORY_AVAILABLE	1

#ifndef __ASSEMBLY__

#include <paraboot/types.h>

struct multiboot_info {
	u32 flags;
	u32 mem_lower;
	u32 mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count;
	u32 mods_addr;
	u32 syms[4];
	u32 mmap_length;
	u32 mmap_addr;
} __packed;

struct multiboot_module {
	u32 mod_start;
	u32 mod_end;
	u32 cmdline;
	u32 reserved;
} __packed;

/* An entry of the map; `size` does not count itself. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
} __packed;

/* What a program needs from the loader, checked and in plain types. */
struct module {
	const u8 *data;
	u32 size;
	const char *cmdline;		/* "<file> <args...>" */
};

#define MAX_MODULES	8
#define MAX_MEMMAP	64

struct memmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_info {
	const char *cmdline;		/* our own arguments, file name skipped */
	u32 nr_modules;
	struct module modules[MAX_MODULES];
	u32 nr_memmap;
	struct memmap_entry memmap[MAX_MEMMAP];
	u32 end;			/* first byte above every loader structure */
};

/*
 * Reads the loader's structures into *bi.  Returns NULL on success, else
 * a description of what is wrong.
 */
const char *multiboot_parse(u32 magic, const struct multiboot_info *mbi,
			    struct boot_info *bi);

/* True if [addr, addr+len) lies inside one RAM entry of the memory map. */
bool memmap_is_ram(const struct boot_info *bi, u64 addr, u64 len);

/* Skips the first word (the file name) of a command line. */
const char *skip_word(const char *s);

/*
 * Splits off the next space-separated word of *s: returns its start and
 * sets *len, advancing *s; returns NULL at the end.
 */
const char *next_word(const char **s, u32 *len);

#endif /* !__ASSEMBLY__ */
#endif
