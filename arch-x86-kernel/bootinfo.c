// SPDX-License-Identifier: MIT
/*
 * The facts the boot report states, taken from the zero page the loader
 * (or a subarchitecture entry) filled in, and checked: a command line
 * longer than the header promised, or an initrd the kernel cannot reach,
 * is an error, not something to report around.
 */
#include <paraboot/crc32.h>
#include "kernel.h"

#define CMDLINE_MAX	(COMMAND_LINE_SIZE - 1)	/* header.S: cmdline_size */

/* Filled by head_{32,64}.S (or a subarchitecture entry) before any C. */
struct boot_params boot_params __aligned(16);
/* The zero page as the loader left it, before sanitize_boot_params(). */
struct boot_params loader_zero_page __aligned(16);
struct boot_record boot_record;
char boot_command_line[COMMAND_LINE_SIZE + 1];

/* The loader's own string, measured where it lies (bounded). */
static size_t loader_cmdline_length(void)
{
	u64 pa = boot_params.hdr.cmd_line_ptr;
	u64 limit = 1 << 20;

	if (!pa || pa >= DIRECT_MAP_SIZE)
		return sizeof(boot_command_line);
	if (limit > DIRECT_MAP_SIZE - pa)
		limit = DIRECT_MAP_SIZE - pa;
	return strnlen(__va(pa), limit);
}

static void gather_cmdline(struct boot_facts *f)
{
	f->cmdline = boot_command_line;
	f->cmdline_len = strnlen(boot_command_line, sizeof(boot_command_line));
	if (f->cmdline_len > CMDLINE_MAX)
		panic("command line is %zu bytes, longer than cmdline_size %u",
		      loader_cmdline_length(), CMDLINE_MAX);
}

/*
 * RAM in the E820 map, each byte once: a map may come unsorted and (from
 * a loader that breaks the rules, see conformance.c) with overlapping RAM
 * entries, so sort the RAM ranges and add up their union.
 */
static u64 e820_ram_bytes(unsigned int n)
{
	static struct { u64 start, end; } r[E820_MAX_ENTRIES_ZEROPAGE];
	unsigned int k = 0;
	u64 bytes = 0, covered = 0;

	for (unsigned int i = 0; i < n; i++) {
		const struct boot_e820_entry *e = &boot_params.e820_table[i];
		unsigned int j;

		if (e->type != E820_TYPE_RAM || !e->size)
			continue;
		for (j = k++; j && r[j - 1].start > e->addr; j--)
			r[j] = r[j - 1];	/* insertion sort by start */
		r[j].start = e->addr;
		r[j].end = e->addr + e->size < e->addr ? ~0ULL :
			   e->addr + e->size;
	}
	for (unsigned int i = 0; i < k; i++) {
		u64 start = MAX(r[i].start, covered);

		if (r[i].end > start)
			bytes += r[i].end - start;
		covered = MAX(covered, r[i].end);
	}
	return bytes;
}

/* Whether the E820 map's RAM covers all of [start, end). */
static bool e820_is_ram(u64 start, u64 end)
{
	unsigned int n = MIN((unsigned int)boot_params.e820_entries,
			     (unsigned int)E820_MAX_ENTRIES_ZEROPAGE);
	bool advanced = true;

	while (start < end && advanced) {
		advanced = false;
		for (unsigned int i = 0; i < n; i++) {
			const struct boot_e820_entry *e = &boot_params.e820_table[i];

			if (e->type == E820_TYPE_RAM && e->addr <= start &&
			    e->addr + e->size > start) {
				start = e->addr + e->size;
				advanced = true;
			}
		}
	}
	return start >= end;
}

static void gather_memory(struct boot_facts *f)
{
	unsigned int n = boot_params.e820_entries;
	u64 bytes;

	if (n > E820_MAX_ENTRIES_ZEROPAGE)
		panic("e820_entries is %u, the zero page holds at most %u", n,
		      E820_MAX_ENTRIES_ZEROPAGE);
	bytes = e820_ram_bytes(n);
	f->e820_entries = n;
	f->ram_kib = bytes >> 10;
	/* No E820 map: the BIOS's E801 or 88h answer, plus low memory. */
	if (!n && boot_params.alt_mem_k)
		f->ram_kib = 640 + boot_params.alt_mem_k;
	else if (!n && boot_params.screen_info.ext_mem_k)
		f->ram_kib = 640 + boot_params.screen_info.ext_mem_k;
	if (!f->ram_kib)
		panic("the loader gave no memory map (no E820 entries, E801 or "
		      "88h size)");
}

static void gather_initrd(struct boot_facts *f)
{
	u64 start = boot_params.hdr.ramdisk_image;
	u64 size = boot_params.hdr.ramdisk_size;

	f->have_initrd = size != 0;
	if (!f->have_initrd)
		return;
	if (start + size > DIRECT_MAP_SIZE || start + size < start)
		panic("initrd at 0x%llx-0x%llx lies outside the PAGE_OFFSET "
		      "mapping (physical 0-0x%llx)", start, start + size,
		      (u64)DIRECT_MAP_SIZE);
	if (boot_params.e820_entries && !e820_is_ram(start, start + size))
		panic("initrd at 0x%llx-0x%llx is not all RAM in the E820 map",
		      start, start + size);
	f->initrd_start = start;
	f->initrd_size = size;
	f->initrd_crc = crc32(0, __va(start), size);
}

/*
 * boot.rst: a loader should zero boot_params and copy only the setup
 * header into it.  One that copied the image's first page instead also
 * copied the header's 0xff "sentinel" byte at 0x1ef; then everything the
 * protocol does not let a loader set is the image's own bytes, not facts,
 * and is cleared (Linux's sanitize_boot_params() keeps the same fields).
 */
static void sanitize_boot_params(void)
{
	static const struct { u16 start, end; } keep[] = {
		{ 0x000, 0x054 },	/* screen_info, apm_bios_info */
		{ 0x058, 0x070 },	/* tboot_addr, ist_info */
		{ 0x080, 0x0c0 },	/* hd0/hd1_info, sys_desc_table, olpc */
		{ 0x13c, 0x140 },	/* cc_blob_address */
		{ 0x1c0, 0x1eb },	/* efi_info, alt_mem_k, scratch, e820/edd counts */
		{ 0x1ec, 0x1ed },	/* secure_boot */
		{ BP_hdr, BP_hdr_end },	/* the setup header */
		{ 0x290, 0xcd0 },	/* edd_mbr_sig_buffer, e820_table */
		{ 0xd00, 0xeec },	/* eddbuf */
	};
	u8 *bp = (u8 *)&boot_params;
	unsigned int pos = 0;

	if (!boot_params.sentinel)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(keep); i++) {
		memset(bp + pos, 0, keep[i].start - pos);
		pos = keep[i].end;
	}
	memset(bp + pos, 0, sizeof(boot_params) - pos);
}

bool cmdline_option(const char *word)
{
	size_t n = strlen(word);

	for (const char *p = boot_command_line; *p; p++) {
		if ((p == boot_command_line || p[-1] == ' ') &&
		    !strncmp(p, word, n) && (p[n] == ' ' || !p[n]))
			return true;
	}
	return false;
}

void boot_facts_gather(struct boot_facts *f)
{
	loader_zero_page = boot_params;
	sanitize_boot_params();
	gather_cmdline(f);
	gather_memory(f);
	gather_initrd(f);
}
