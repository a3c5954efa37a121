// SPDX-License-Identifier: MIT
/*
 * What the kernel does before it has paging of its own, called from
 * head_{32,64}.S: build the PC's page tables, and report a dispatch
 * failure (through lib/fatal.c: no platform console exists yet).  This
 * file (and everything it calls) is compiled -fPIE and checked by
 * scripts/check-pic: it runs at physical addresses, where a pointer the
 * compiler forms from a symbol is the physical one.
 */
#include <paraboot/fatal.h>
#include <paraboot/pgtable.h>
#include "kernel.h"
#include "early.h"

struct pgt kernel_pgt;
u64 kernel_identity_end;
u8 pgt_pool[PGT_POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);

static const char *subarch_name(u32 subarch)
{
	switch (subarch) {
	case X86_SUBARCH_PC:		return "pc";
	case X86_SUBARCH_LGUEST:	return "lguest";
	case X86_SUBARCH_XEN:		return "xen";
	case X86_SUBARCH_INTEL_MID:	return "intel-mid";
	case X86_SUBARCH_CE4100:	return "ce4100";
	default:			return NULL;
	}
}

void early_unknown_subarch(u32 subarch)
{
	const char *name = subarch_name(subarch);

	if (name)
		fatal("unknown hardware_subarch %u (%s): paraboot has "
			    "no entry for it", subarch, name);
	fatal("unknown hardware_subarch %u", subarch);
}

/* A subarchitecture the boot protocol cannot enter in this image. */
void early_subarch_refused(u32 subarch)
{
	if (subarch == X86_SUBARCH_XEN)
		fatal("hardware_subarch 2 (xen) through the boot protocol: a "
		      "Xen PV guest enters through XEN_ELFNOTE_ENTRY");
	fatal("hardware_subarch %u (%s) is not built in: lguest is 32-bit "
	      "only; boot the i386 image", subarch, subarch_name(subarch));
}

/*
 * The PC's tables: the kernel's own physical range identity-mapped (the
 * code that turns paging on runs there) and physical memory at
 * PAGE_OFFSET, with large pages.  Returns the CR3 value.
 */
unsigned long early_pc_pgtables(void)
{
	phys_addr_t pool = (uintptr_t)pgt_pool;

	kernel_identity_end = ALIGN_UP((u64)(uintptr_t)_end,
				       pgt_large_size(PGT_NATIVE));
	if (pgt_init(&kernel_pgt, PGT_NATIVE, pool, pool + sizeof(pgt_pool), 0,
		     true) ||
	    pgt_map(&kernel_pgt, 0, 0, kernel_identity_end) ||
	    pgt_map(&kernel_pgt, PAGE_OFFSET, 0, DIRECT_MAP_SIZE))
		fatal("the early page-table pool (%u pages) is too small",
			    PGT_POOL_PAGES);
	return kernel_pgt.root;
}
