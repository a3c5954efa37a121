// SPDX-License-Identifier: MIT
/*
 * The zero page, as boot.rst asks of a 64-bit loader: zeroed, then the
 * setup header copied from the file (bytes 0x1f1 .. 0x202 + byte[0x201],
 * no more, so the sentinel stays 0), then the loader's fields.
 *
 * With the option "sloppy" it instead copies the file's whole first page,
 * boot sector and all, as boot.rst warns loaders not to: the image's 0xff
 * sentinel at 0x1ef comes along, and the kernel must then ignore the
 * boot-sector bytes that now sit where screen_info, acpi_rsdp_addr and
 * the like belong.
 */
#include "loader64.h"
#include <paraboot/bootparam.h>
#include "bzimage.h"
#include "multiboot.h"
#include "string.h"

#define OLD_INITRD_ADDR_MAX	0x37ffffff	/* before protocol 2.03 */
#define OLD_CMDLINE_SIZE	255		/* before protocol 2.06 */

static bool has_option(const char *args, const char *opt)
{
	const char *word;
	u32 len, n = strlen(opt);

	while ((word = next_word(&args, &len)))
		if (len == n && !strncmp(word, opt, n))
			return true;
	return false;
}

static void copy_header(struct boot_params *bp, const struct kernel *k,
			bool sloppy)
{
	struct image img = { k->file, k->size };
	u32 end = BP_jump + 2 + bz_u8(&img, BP_jump + 1);

	if (sloppy) {
		memcpy(bp, k->file, MIN(k->size, (u32)sizeof(*bp)));
		return;
	}
	end = MIN(end, (u32)sizeof(bp->hdr) + BP_hdr);
	end = MIN(end, k->size);
	memcpy((u8 *)bp + BP_hdr, k->file + BP_hdr, end - BP_hdr);
}

/* The module's arguments joined by single spaces. */
static void setup_cmdline(struct boot_params *bp, const char *args)
{
	char *dst = (char *)CMDLINE_ADDR;
	u32 limit = bp->hdr.version >= 0x206 ? bp->hdr.cmdline_size :
		OLD_CMDLINE_SIZE;
	u32 n = 0, len;
	const char *word;

	limit = MIN(limit, CMDLINE_MAX - 1);
	while ((word = next_word(&args, &len))) {
		if (n + !!n + len > limit)
			fail("command line too long: the kernel takes %u bytes",
			     limit);
		if (n)
			dst[n++] = ' ';
		memcpy(dst + n, word, len);
		n += len;
	}
	dst[n] = '\0';
	bp->hdr.cmd_line_ptr = CMDLINE_ADDR;
}

static void setup_e820(struct boot_params *bp, const struct boot_info *bi)
{
	u32 n = MIN(bi->nr_memmap, (u32)E820_MAX_ENTRIES_ZEROPAGE);

	for (u32 i = 0; i < n; i++) {
		bp->e820_table[i].addr = bi->memmap[i].addr;
		bp->e820_table[i].size = bi->memmap[i].len;
		bp->e820_table[i].type = bi->memmap[i].type;
	}
	bp->e820_entries = n;
}

static void setup_initrd(struct boot_params *bp, const struct boot_info *bi,
			 const struct kernel *k)
{
	const struct module *m = &bi->modules[1];
	u32 limit = bp->hdr.version >= 0x203 ? bp->hdr.initrd_addr_max :
		OLD_INITRD_ADDR_MAX;
	u32 addr;

	if (bi->nr_modules < 2)
		return;
	addr = memory_place_initrd(bi, k, m->size, limit);
	/* The image is still to be copied in long mode: keep it whole. */
	if (copy64_len && addr < copy64_src + copy64_len &&
	    copy64_src < (u64)addr + m->size)
		fail("the initrd's place %#x would cover the bzImage before "
		     "its copy above 4 GiB", addr);
	memmove((void *)(uintptr_t)addr, m->data, m->size);
	bp->hdr.ramdisk_image = addr;
	bp->hdr.ramdisk_size = m->size;
}

struct boot_params *boot_params_setup(const struct boot_info *bi,
				      const struct kernel *k)
{
	struct boot_params *bp = (struct boot_params *)BOOT_PARAMS_ADDR;

	memset(bp, 0, sizeof(*bp));
	copy_header(bp, k, has_option(bi->cmdline, "sloppy"));
	bp->hdr.type_of_loader = LOADER_UNDEFINED;
	setup_cmdline(bp, skip_word(bi->modules[0].cmdline));
	setup_e820(bp, bi);

	/* Only the file: the rest of init_size is the kernel's to clear.
	 * Above 4 GiB, enter64.S copies it once in long mode. */
	if (k->load + k->size - k->pm_offset > 0x100000000ULL) {
		copy64_dst = k->load;
		copy64_src = (uintptr_t)(k->file + k->pm_offset);
		copy64_len = k->size - k->pm_offset;
	} else {
		memmove((void *)(uintptr_t)k->load, k->file + k->pm_offset,
			k->size - k->pm_offset);
	}
	/* The bzImage module is dead now; the initrd may go anywhere. */
	setup_initrd(bp, bi, k);
	return bp;
}
