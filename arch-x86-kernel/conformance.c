// SPDX-License-Identifier: MIT
/*
 * Loader conformance: rules of the boot protocol (Linux's
 * Documentation/arch/x86/boot.rst and zero-page.rst) that a loader broke
 * in a way paraboot could boot around.  Each finding is one line,
 *
 *   paraboot: loader-warning: <rule>: <field> <value>
 *
 * before "paraboot: ok", so paraboot doubles as a probe of its loader.
 * Breaches paraboot cannot boot around (a command line past cmdline_size,
 * an initrd it cannot reach, no memory map) are errors, elsewhere.
 */
#include "kernel.h"

/* A walk of the setup_data list stops here: real lists hold a handful. */
#define SETUP_DATA_MAX_NODES	64
/*
 * Lines per E820 rule: 128 entries can overlap in 8128 pairs, a megabyte
 * of warnings, minutes on a 115200-baud console (found by fuzzing).
 * The rest of a rule's findings are counted on one more line.
 */
#define E820_WARN_MAX		8

struct setup_data {
	u64 next;
	u32 type;
	u32 len;
};
ABI_SIZE(struct setup_data, 16);

static void warn(const char *fmt, ...) __printf(1, 2);
static void warn(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk("paraboot: loader-warning: %s\n", line);
}

/*
 * boot.rst, "The Real-Mode Kernel Header": a loader copies the setup
 * header into a zeroed zero page; the image's 0xff at 0x1ef (the
 * "sentinel") shows up only when it copied more.  bootinfo.c has cleared
 * what such a copy brought along.
 */
static void check_sentinel(const struct boot_params *bp)
{
	if (bp->sentinel)
		warn("zero page not zeroed before the header was copied in "
		     "(boot.rst, sentinel): sentinel 0x%x", bp->sentinel);
}

/* boot.rst, loadflags bit 6 and hardware_subarch: both are 2.07 fields. */
static void check_version_fields(const struct boot_params *bp)
{
	const struct setup_header *h = &bp->hdr;

	if (h->version >= BOOT_PROTOCOL_PARAVIRT)
		return;
	if (h->loadflags & KEEP_SEGMENTS)
		warn("KEEP_SEGMENTS set with protocol %u.%02u, which predates "
		     "it (2.07; ignored): loadflags 0x%x", h->version >> 8,
		     h->version & 0xff, h->loadflags);
	if (h->hardware_subarch)
		warn("hardware_subarch set with protocol %u.%02u, which "
		     "predates it (2.07; a PC assumed): hardware_subarch %u",
		     h->version >> 8, h->version & 0xff, h->hardware_subarch);
}

/* boot.rst, ramdisk_image/ramdisk_size: no initrd is size 0 and image 0. */
static void check_initrd_fields(const struct boot_params *bp)
{
	if (!bp->hdr.ramdisk_size && bp->hdr.ramdisk_image)
		warn("initrd address without a size (boot.rst, ramdisk_image): "
		     "ramdisk_image 0x%x ramdisk_size 0", bp->hdr.ramdisk_image);
}

/*
 * zero-page.rst, e820_table: a memory map lists each byte of RAM once,
 * and only addresses a CPU can have (52 physical address bits at most,
 * Intel SDM vol. 3A, 4.1.4).
 */
#define MAX_PHYS_ADDR	(1ULL << 52)

/* An entry's end, saturated: a hostile size must not wrap around. */
static u64 e820_end(const struct boot_e820_entry *e)
{
	return e->addr + e->size < e->addr ? ~0ULL : e->addr + e->size;
}

static void check_e820(const struct boot_params *bp)
{
	unsigned int n = MIN((unsigned int)bp->e820_entries,
			     (unsigned int)E820_MAX_ENTRIES_ZEROPAGE);
	unsigned int past = 0, overlaps = 0;

	for (unsigned int i = 0; i < n; i++) {
		const struct boot_e820_entry *a = &bp->e820_table[i];

		if ((a->addr >= MAX_PHYS_ADDR ||
		     a->size > MAX_PHYS_ADDR - a->addr) &&
		    past++ < E820_WARN_MAX)
			warn("E820 entry past the 52-bit physical address space "
			     "(zero-page.rst, e820_table): entry %u 0x%llx "
			     "size 0x%llx", i, a->addr, a->size);
		for (unsigned int j = i + 1; j < n; j++) {
			const struct boot_e820_entry *b = &bp->e820_table[j];

			if (a->type != E820_TYPE_RAM || b->type != E820_TYPE_RAM ||
			    a->addr >= e820_end(b) || b->addr >= e820_end(a))
				continue;
			if (overlaps++ < E820_WARN_MAX)
				warn("E820 RAM entries overlap (zero-page.rst, "
				     "e820_table; counted once): entries %u and "
				     "%u 0x%llx-0x%llx 0x%llx-0x%llx", i, j,
				     a->addr, e820_end(a), b->addr,
				     e820_end(b));
		}
	}
	if (past > E820_WARN_MAX)
		warn("E820 entry past the 52-bit physical address space "
		     "(zero-page.rst, e820_table): %u more entries",
		     past - E820_WARN_MAX);
	if (overlaps > E820_WARN_MAX)
		warn("E820 RAM entries overlap (zero-page.rst, e820_table; "
		     "counted once): %u more pairs", overlaps - E820_WARN_MAX);
}

/*
 * boot.rst, setup_data: "a linked list of struct setup_data", ended by
 * next == 0.  paraboot uses none of it, but a list that loops or leaves
 * memory would hang or fault a kernel that walks it.
 */
static void check_setup_data(const struct boot_params *bp)
{
	u64 seen[SETUP_DATA_MAX_NODES];
	u64 pa = bp->hdr.setup_data;

	for (unsigned int n = 0; pa; n++) {
		struct setup_data sd;

		if (n == SETUP_DATA_MAX_NODES) {
			warn("setup_data list longer than %u nodes (boot.rst, "
			     "setup_data; not followed further): setup_data "
			     "0x%llx", SETUP_DATA_MAX_NODES, bp->hdr.setup_data);
			return;
		}
		for (unsigned int i = 0; i < n; i++) {
			if (seen[i] == pa) {
				warn("setup_data list loops (boot.rst, "
				     "setup_data): node %u points back to "
				     "0x%llx", n - 1, pa);
				return;
			}
		}
		if (pa + sizeof(sd) > DIRECT_MAP_SIZE || pa + sizeof(sd) < pa) {
			warn("setup_data node outside memory paraboot maps "
			     "(boot.rst, setup_data): node at 0x%llx", pa);
			return;
		}
		seen[n] = pa;
		/* boot.rst promises no alignment for a node: copy, then read. */
		memcpy(&sd, __va(pa), sizeof(sd));
		pa = sd.next;
	}
}

/*
 * boot.rst, min_alignment: a relocatable kernel goes at a multiple of
 * 2^min_alignment (paraboot's: MIN_LOAD_ALIGN_LG2).  The decompressor
 * moved itself to an aligned place anyway.
 */
static void check_load_alignment(void)
{
	u64 load = platform_get()->load_addr;

	if (load & ((1ULL << MIN_LOAD_ALIGN_LG2) - 1))
		warn("protected-mode part loaded below min_alignment "
		     "(boot.rst, min_alignment %u): load_addr 0x%llx",
		     MIN_LOAD_ALIGN_LG2, load);
}

void loader_conformance(const struct boot_params *bp)
{
	check_sentinel(bp);
	check_load_alignment();
	check_version_fields(bp);
	check_initrd_fields(bp);
	check_e820(bp);
	check_setup_data(bp);
}
