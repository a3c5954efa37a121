// SPDX-License-Identifier: MIT
/*
 * Does this bzImage have a 64-bit entry we may use, and where does it go?
 * boot.rst: boot_flag 0xAA55, "HdrS", protocol 2.12+ with XLF_KERNEL_64;
 * the protected-mode part starts at (setup_sects + 1) * 512, where 0
 * setup sectors means 4; it is loaded at 1 MiB (the image is not
 * relocatable), or at pref_address if it is relocatable and says so;
 * the option load=ADDR puts it at ADDR whatever the image says (above
 * 4 GiB too, misaligned too: the tests' way to place it anywhere).
 */
#include "loader64.h"
#include <paraboot/bootparam.h>
#include "bzimage.h"
#include "multiboot.h"
#include "string.h"

/* "load=0x..." among the loader's options, as a 64-bit number. */
static bool load_option(const char *options, u64 *addr)
{
	const char *word;
	u32 len;

	while ((word = next_word(&options, &len))) {
		u64 v = 0;

		if (len < 8 || strncmp(word, "load=0x", 7))
			continue;
		for (u32 i = 7; i < len; i++) {
			char c = word[i];
			u32 d = c >= '0' && c <= '9' ? c - '0' :
				c >= 'a' && c <= 'f' ? c - 'a' + 10 : 16;

			if (d == 16 || v >> 60)
				fail("load=%.*s: want a hex address", (int)len,
				     word);
			v = v << 4 | d;
		}
		*addr = v;
		return true;
	}
	return false;
}

void kernel_check(const struct module *m, const char *options,
		  struct kernel *k)
{
	struct image img = { m->data, m->size };
	u32 version, xlf, init_size;
	u64 pref;

	if (bz_u16(&img, BP_boot_flag) != BOOT_FLAG_MAGIC)
		fail("not a bzImage: boot_flag is %#x, not 0xaa55",
		     bz_u16(&img, BP_boot_flag));
	if (!bz_has_header(&img))
		fail("not a bzImage: no \"HdrS\" at 0x202");
	version = bz_u16(&img, BP_version);
	if (version < BOOT_PROTOCOL_64)
		fail("boot protocol %u.%02u is older than 2.12: no 64-bit entry",
		     version >> 8, version & 0xff);
	xlf = bz_u16(&img, BP_xloadflags);
	if (!(xlf & XLF_KERNEL_64))
		fail("the kernel has no 64-bit entry (xloadflags %#x lacks "
		     "XLF_KERNEL_64)", xlf);

	k->file = m->data;
	k->size = m->size;
	k->pm_offset = bz_pm_offset(&img, true);
	if (k->pm_offset >= m->size)
		fail("bzImage ends (%u bytes) before its protected-mode part "
		     "(file offset %#x)", m->size, k->pm_offset);

	k->load = KERNEL_LOAD;
	pref = bz_u32(&img, BP_pref_address) |
		(u64)bz_u32(&img, BP_pref_address + 4) << 32;
	if (bz_u8(&img, BP_relocatable_kernel) && pref && pref != KERNEL_LOAD) {
		if (pref >= 0x100000000ULL - 0x100000)
			fail("pref_address %#llx is above 4 GiB", pref);
		k->load = pref;
	}
	load_option(options, &k->load);
	init_size = bz_u32(&img, BP_init_size);
	k->init_size = init_size;
	k->mem_size = MAX(init_size, m->size - k->pm_offset);
}
