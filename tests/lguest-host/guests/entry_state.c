// SPDX-License-Identifier: MIT
/*
 * Reports what the guest found at its first instruction and in the zero
 * page, in key=value lines the test compares with the 2.6.24 launcher's
 * and host's behaviour: registers, selectors, EFLAGS, CPL; the zero-page
 * fields (and that nothing else in it is set, e.g. no copied setup
 * header); the command line; the initial page tables; what LGUEST_INIT
 * wrote into lguest_data; the initrd's checksum.
 */
#include "lib.h"
#include <paraboot/crc32.h>

#define IDENT_FLAGS	(PTE_P | PTE_RW | PTE_US)
#define AD_BITS		(PTE_A | PTE_D)	/* the host sets these, as a CPU would */

static void report_entry(void)
{
	const struct entry_state *e = &entry_state;

	print("entry cs=%#x ds=%#x es=%#x ss=%#x fs=%#x gs=%#x eflags=%#x cpl=%u\n",
	      e->cs, e->ds, e->es, e->ss, e->fs, e->gs, e->eflags, e->cs & 3);
	print("entry eax=%#x ebx=%#x ecx=%#x edx=%#x esi=%#x edi=%#x ebp=%#x esp=%#x\n",
	      e->eax, e->ebx, e->ecx, e->edx, e->esi, e->edi, e->ebp, e->esp);
}

/* Nonzero bytes of the zero page outside the fields the launcher sets. */
static u32 other_nonzero_bytes(const struct boot_params *bp)
{
	static const struct { u32 off, len; } set[] = {
		{ BP_e820_entries, 1 },
		{ BP_e820_table, sizeof(struct boot_e820_entry) },
		{ BP_version, 2 },
		{ BP_type_of_loader, 1 },
		{ BP_loadflags, 1 },
		{ BP_ramdisk_image, 4 },
		{ BP_ramdisk_size, 4 },
		{ BP_cmd_line_ptr, 4 },
		{ BP_hardware_subarch, 4 },
	};
	const u8 *b = (const u8 *)bp;
	u32 n = 0;

	for (u32 off = 0; off < BP_SIZE; off++) {
		bool known = false;

		for (u32 i = 0; i < sizeof(set) / sizeof(set[0]); i++)
			if (off >= set[i].off && off < set[i].off + set[i].len)
				known = true;
		if (!known && b[off])
			n++;
	}
	return n;
}

static void report_zero_page(void)
{
	const struct boot_params *bp = zero_page();
	const struct setup_header *h = &bp->hdr;
	const struct boot_e820_entry *e = &bp->e820_table[0];

	print("zeropage version=%#x loadflags=%#x subarch=%#x type_of_loader=%#x "
	      "cmd_line_ptr=%#x e820_entries=%u\n", h->version, h->loadflags,
	      h->hardware_subarch, h->type_of_loader, h->cmd_line_ptr,
	      bp->e820_entries);
	print("zeropage e820_0=%#llx,%#llx,%u ramdisk_image=%#x ramdisk_size=%#x "
	      "other_nonzero=%u\n", e->addr, e->size, e->type, h->ramdisk_image,
	      h->ramdisk_size, other_nonzero_bytes(bp));
	print_quoted("cmdline=", (const char *)(uintptr_t)h->cmd_line_ptr);
}

/* The launcher's page tables: identity for [0, mem), flags 0x7, the PTE
 * pages directly below the page directory.  Returns NULL or what is off. */
static const char *check_pagetables(u32 pgdir, u32 mem, u32 *where)
{
	const u32 *pde = (const u32 *)(uintptr_t)pgdir;
	u32 ptepages = (mem / PAGE_SIZE + 1023) / 1024;
	u32 linear = pgdir - ptepages * PAGE_SIZE;

	for (u32 i = 0; i < 1024; i++) {
		u32 va = i << 22;
		const u32 *pte = (const u32 *)(uintptr_t)(pde[i] & ~0xfffu);

		*where = va;
		if (va >= mem) {
			if (pde[i])
				return "pde beyond mem";
			continue;
		}
		if ((pde[i] & ~AD_BITS) != ((linear + i * PAGE_SIZE) | IDENT_FLAGS))
			return "pde";
		for (u32 j = 0; j < 1024; j++) {
			u32 addr = va + (j << 12);

			*where = addr;
			if (addr >= mem ? pte[j] != 0 :
			    (pte[j] & ~AD_BITS) != (addr | IDENT_FLAGS))
				return "pte";
		}
	}
	return NULL;
}

static void report_lguest_data(void)
{
	const char *bad;
	u32 where;

	print("lguest_data reserve_mem=%#x tsc_khz=%u pgdir=%#x time=%u\n",
	      lguest_data.reserve_mem, lguest_data.tsc_khz, lguest_data.pgdir,
	      (u32)lguest_data.time.tv_sec);
	bad = check_pagetables(lguest_data.pgdir, guest_mem(), &where);
	if (bad)
		print("pagetables bad %s at %#x\n", bad, where);
	else
		print("pagetables ok\n");
}

static void report_initrd(void)
{
	const struct setup_header *h = &zero_page()->hdr;

	if (h->ramdisk_size)
		print("initrd crc32=%#x\n",
		      crc32(0, (const void *)(uintptr_t)h->ramdisk_image,
			    h->ramdisk_size));
	else
		print("initrd none\n");
}

void guest_main(void)
{
	lguest_init();
	report_entry();
	report_zero_page();
	report_lguest_data();
	report_initrd();
	crash("Power down");
}
