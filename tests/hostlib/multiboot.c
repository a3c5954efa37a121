// SPDX-License-Identifier: MIT
/*
 * Reading what QEMU's Multiboot 1 loader gives us: our command line, the
 * modules (-initrd "file args,file2") and the BIOS memory map.
 */
#include "multiboot.h"
#include "string.h"

static void note_end(struct boot_info *bi, u64 end)
{
	if (end > bi->end)
		bi->end = end > 0xffffffffULL ? 0xffffffff : (u32)end;
}

static void note_string(struct boot_info *bi, const char *s)
{
	note_end(bi, (uintptr_t)s + strlen(s) + 1);
}

const char *multiboot_parse(u32 magic, const struct multiboot_info *mbi,
			    struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->cmdline = "";
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		return "not started by a Multiboot loader (bad magic in %eax)";
	note_end(bi, (uintptr_t)mbi + sizeof(*mbi));

	if (mbi->flags & MULTIBOOT_INFO_CMDLINE) {
		const char *cmdline = (const char *)(uintptr_t)mbi->cmdline;

		note_string(bi, cmdline);
		bi->cmdline = skip_word(cmdline);
	}

	if ((mbi->flags & MULTIBOOT_INFO_MODS) && mbi->mods_count) {
		const struct multiboot_module *mod =
			(const void *)(uintptr_t)mbi->mods_addr;

		if (mbi->mods_count > MAX_MODULES)
			return "too many modules";
		note_end(bi, mbi->mods_addr + mbi->mods_count * sizeof(*mod));
		for (u32 i = 0; i < mbi->mods_count; i++, mod++) {
			struct module *m = &bi->modules[i];

			if (mod->mod_end < mod->mod_start)
				return "module ends before it starts";
			m->data = (const u8 *)(uintptr_t)mod->mod_start;
			m->size = mod->mod_end - mod->mod_start;
			m->cmdline = mod->cmdline ?
				(const char *)(uintptr_t)mod->cmdline : "";
			note_end(bi, mod->mod_end);
			note_string(bi, m->cmdline);
		}
		bi->nr_modules = mbi->mods_count;
	}

	if (!(mbi->flags & MULTIBOOT_INFO_MMAP))
		return "no memory map from the loader";
	for (u32 off = 0; off + sizeof(struct multiboot_mmap_entry) <= mbi->mmap_length;) {
		const struct multiboot_mmap_entry *e =
			(const void *)(uintptr_t)(mbi->mmap_addr + off);

		if (bi->nr_memmap == MAX_MEMMAP)
			return "memory map too long";
		bi->memmap[bi->nr_memmap].addr = e->addr;
		bi->memmap[bi->nr_memmap].len = e->len;
		bi->memmap[bi->nr_memmap].type = e->type;
		bi->nr_memmap++;
		off += e->size + sizeof(e->size);
	}
	note_end(bi, (u64)mbi->mmap_addr + mbi->mmap_length);
	return NULL;
}

bool memmap_is_ram(const struct boot_info *bi, u64 addr, u64 len)
{
	for (u32 i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];

		if (e->type == MULTIBOOT_MEMORY_AVAILABLE && addr >= e->addr &&
		    addr + len <= e->addr + e->len && addr + len >= addr)
			return true;
	}
	return false;
}

const char *skip_word(const char *s)
{
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

const char *next_word(const char **s, u32 *len)
{
	const char *p = *s, *start;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	start = p;
	while (*p && *p != ' ')
		p++;
	*len = p - start;
	*s = p;
	return start;
}
