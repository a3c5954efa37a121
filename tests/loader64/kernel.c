// SPDX-License-Identifier: MIT
/*
 * Does this bzImage have a 64-bit entry we may use, and where does it go?
 * boot.rst: boot_flag 0xAA55, "HdrS", protocol 2.12+ with XLF_KERNEL_64;
 * the protected-mode part starts at (setup_sects + 1) * 512, where 0
 * setup sectors means 4; it is loaded at 1 MiB (the image is not
 * relocatable), or at pref_address if it is relocatable and says so.
 */
#include "loader64.h"
#include <paraboot/bootparam.h>
#include "bzimage.h"
#include "multiboot.h"

void kernel_check(const struct module *m, struct kernel *k)
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
	init_size = bz_u32(&img, BP_init_size);
	k->mem_size = MAX(init_size, m->size - k->pm_offset);
}
