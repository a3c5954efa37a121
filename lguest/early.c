// SPDX-License-Identifier: MIT
/*
 * The lguest guest's first steps, before the kernel runs at PAGE_OFFSET
 * (compiled -fPIE like arch-x86-kernel/early.c: we are at physical
 * addresses under the launcher's identity map, in ring 1).
 *
 * 1. LHCALL_LGUEST_INIT with the physical address of lguest_data: the
 *    first hypercall, or the host kills us.
 * 2. Find out what paging we were started with: the 2.6.24 host tells us
 *    its page directory in lguest_data.pgdir; walk it as a 2-level table.
 * 3. Build our own tables with the reusable builder (4 KiB pages: lguest
 *    refuses large ones) and switch with LHCALL_NEW_PGTABLE.
 */
#include <paraboot/lguest_hcall.h>
#include "../arch-x86-kernel/early.h"
#include "../arch-x86-kernel/kernel.h"
#include "lguest.h"

struct lguest_data lguest_data __aligned(16);
unsigned int lguest_paging_at_entry;
u64 lguest_identity_end;

/*
 * Does the 2-level table at pgdir map va to itself?  That is the state the
 * 2.6.24 launcher promises; if the walk says otherwise we report
 * "unknown" rather than guess.
 */
static bool maps_identity_2level(u32 pgdir, u32 va)
{
	const u32 *pd = (const u32 *)(uintptr_t)pgdir;
	const u32 *pt;
	u32 pde, pte;

	if (!pgdir)
		return false;
	pde = pd[va >> 22];
	if (!(pde & PTE_P) || (pde & PTE_PSE))
		return false;
	pt = (const u32 *)(uintptr_t)(pde & ~0xfffU);
	pte = pt[(va >> 12) & 0x3ff];
	return (pte & PTE_P) && (pte & ~0xfffU) == (va & ~0xfffU);
}

/* Top of RAM as the launcher's E820 map says, within our direct map and
 * below the host's Switcher. */
static u64 ram_to_map(void)
{
	u64 top = 0, limit = MIN((u64)DIRECT_MAP_SIZE,
				 LGUEST_SWITCHER_ADDR - (u64)PAGE_OFFSET);

	for (unsigned int i = 0; i < boot_params.e820_entries &&
	     i < E820_MAX_ENTRIES_ZEROPAGE; i++) {
		const struct boot_e820_entry *e = &boot_params.e820_table[i];

		if (e->type == E820_TYPE_RAM && e->addr + e->size > top)
			top = e->addr + e->size;
	}
	return MIN(ALIGN_DOWN(top, (u64)PAGE_SIZE), limit);
}

void lguest_early_setup(void)
{
	phys_addr_t pool = (uintptr_t)pgt_pool;
	u64 ram = ram_to_map();

	memset(lguest_data.hcall_status, 0xff, sizeof(lguest_data.hcall_status));
	lguest_data.kernel_address = PAGE_OFFSET;
	lguest_data.syscall_vec = 0x80;
	lguest_hcall(LHCALL_LGUEST_INIT, (uintptr_t)&lguest_data, 0, 0);

	lguest_paging_at_entry =
		maps_identity_2level(lguest_data.pgdir,
				     (uintptr_t)lguest_early_setup) ?
		PAGING_2LEVEL : PAGING_UNKNOWN;

	/* Identity for the code that makes the switch, whole 4 MiB slots. */
	lguest_identity_end = ALIGN_UP((u64)(uintptr_t)_end,
				       pgt_large_size(PGT_2LEVEL));
	if (pgt_init(&kernel_pgt, PGT_2LEVEL, pool, pool + sizeof(pgt_pool), 0,
		     false) ||
	    pgt_map(&kernel_pgt, 0, 0, lguest_identity_end) ||
	    pgt_map(&kernel_pgt, PAGE_OFFSET, 0, ram)) {
		static const char msg[] = "paraboot: error: the page-table "
			"pool is too small for this much guest memory\n";

		lguest_hcall(LHCALL_NOTIFY, (uintptr_t)msg, 0, 0);
		lguest_hcall(LHCALL_CRASH,
			     (uintptr_t)"paraboot stopped after an error", 0, 0);
	}
	lguest_hcall(LHCALL_NEW_PGTABLE, kernel_pgt.root, 0, 0);
}
