// SPDX-License-Identifier: MIT
/*
 * The Xen PV guest before it runs at PAGE_OFFSET.  The domain builder
 * loaded the kernel ELF with VIRT_BASE 0: virtual addresses equal
 * pseudo-physical ones, and this file (compiled -fPIE, like
 * arch-x86-kernel/early.c) runs there, in ring 3 (64-bit) or ring 1
 * (32-bit PAE).
 *
 * The remap, in the order Xen's rules demand (public/xen.h, "MMU rules"):
 *  1. build new tables with the reusable builder in pgt_pool, in the
 *     paging mode Xen runs us in (4-level, or PAE for 32-bit): the kernel
 *     identity-mapped (we are running there) and all of the domain's
 *     memory at PAGE_OFFSET, 4 KiB pages only, every page-table frame
 *     (ours and the builder's) mapped read-only;
 *  2. turn the frame numbers into machine frames through the p2m;
 *  3. make each table frame read-only in the builder's mapping too, so no
 *     writable mapping of it remains anywhere;
 *  4. pin the new top level (Xen validates the whole tree: an L4, or for
 *     32-bit the PDPT as an L3) and make it the base pointer; unpin the
 *     builder's tables.
 * startup_xen then jumps to the PAGE_OFFSET alias and start.c removes the
 * identity map.  Every hypercall's result is checked.
 */
#include <paraboot/string.h>
#include "../arch-x86-kernel/early.h"
#include "../arch-x86-kernel/kernel.h"
#include "xen.h"

struct start_info *xen_start_info;
const unsigned long *xen_p2m;
unsigned long xen_root_mfn;
unsigned int xen_entry_ring, xen_entry_paging;
/* Written through the identity map here, read at PAGE_OFFSET later. */
volatile u64 xen_remap_probe;

/* The paging mode of a PV guest is the hypervisor's, not ours to pick. */
#define XEN_PGT_MODE	(sizeof(long) == 8 ? PGT_4LEVEL : PGT_PAE)

static unsigned long pfn_to_mfn(unsigned long pfn)
{
	return xen_p2m[pfn];
}

static void mmuext(unsigned int cmd, unsigned long mfn, const char *what)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	xen_check(what, HYPERVISOR_mmuext_op(&op, 1));
}

/*
 * How much of the domain PAGE_OFFSET can map: the direct map, and for a
 * 32-bit guest no further than the start of the hypervisor's hole at the
 * top of the address space (the builder keeps our image below it, but
 * PAGE_OFFSET + memory must stay below it too).
 */
static u64 direct_map_limit(void)
{
	struct xen_platform_parameters p;
	u64 limit = DIRECT_MAP_SIZE;

	if (sizeof(long) == 4) {
		xen_check("xen_version(platform_parameters)",
			  HYPERVISOR_xen_version(XENVER_platform_parameters, &p));
		if ((u64)p.virt_start < PAGE_OFFSET)
			xen_fatal("the hypervisor starts at 0x%lx, below "
				  "PAGE_OFFSET", p.virt_start);
		limit = MIN(limit, (u64)p.virt_start - PAGE_OFFSET);
	}
	return limit;
}

static void check_start_info(const struct start_info *si)
{
	u64 limit;

	if (memcmp(si->magic, XEN_START_INFO_MAGIC,
		   sizeof(XEN_START_INFO_MAGIC) - 1))
		xen_fatal("start_info magic is \"%.32s\", not %s...", si->magic,
			  XEN_START_INFO_MAGIC);
	limit = direct_map_limit();
	if ((u64)si->nr_pages << PAGE_SHIFT > limit)
		xen_fatal("the domain has %lu MiB; paraboot maps at most "
			  "%llu MiB at PAGE_OFFSET", si->nr_pages >> 8,
			  limit >> 20);
}

/* Steps 1 and 2: the tables, in pool frames, holding machine frames. */
static void build_tables(const struct start_info *si)
{
	phys_addr_t pool = (uintptr_t)pgt_pool;
	u64 memory = (u64)si->nr_pages << PAGE_SHIFT;
	/* The kernel, identity-mapped: start.c drops it with all of the
	 * first top-level slot. */
	u64 identity_end = MIN(ALIGN_UP((u64)(uintptr_t)_end,
					pgt_large_size(XEN_PGT_MODE)), memory);

	if (pgt_init(&kernel_pgt, XEN_PGT_MODE, pool, pool + sizeof(pgt_pool),
		     0, false))
		xen_fatal("the page-table pool is empty");
	kernel_pgt.read_only[0] = (struct pgt_range){ pool, pool + sizeof(pgt_pool) };
	kernel_pgt.read_only[1] = (struct pgt_range){
		si->pt_base, si->pt_base + (si->nr_pt_frames << PAGE_SHIFT) };
	if (pgt_map(&kernel_pgt, 0, 0, identity_end) ||
	    pgt_map(&kernel_pgt, PAGE_OFFSET, 0, memory))
		xen_fatal("the page-table pool (%u pages) cannot map %llu MiB",
			  PGT_POOL_PAGES, memory >> 20);
	pgt_to_machine(&kernel_pgt, xen_p2m);
}

/* Step 3: no writable mapping of a table frame may remain anywhere. */
static void protect_tables(void)
{
	for (phys_addr_t pa = kernel_pgt.root; pa < pgt_pool_used_end(&kernel_pgt);
	     pa += PAGE_SIZE) {
		u64 pte = ((u64)pfn_to_mfn(pa >> PAGE_SHIFT) << PAGE_SHIFT) |
			  XEN_PTE_KERNEL;

		xen_check("update_va_mapping",
			  HYPERVISOR_update_va_mapping(pa, pte, UVMF_INVLPG));
	}
}

/* Step 4.  A 64-bit guest has a second base pointer for user mode. */
static void switch_tables(const struct start_info *si)
{
	unsigned long old_root = pfn_to_mfn(si->pt_base >> PAGE_SHIFT);

	xen_root_mfn = pfn_to_mfn(kernel_pgt.root >> PAGE_SHIFT);
	mmuext(MMUEXT_PIN_ROOT_TABLE, xen_root_mfn,
	       sizeof(long) == 8 ? "mmuext_op(PIN_L4_TABLE)" :
				   "mmuext_op(PIN_L3_TABLE)");
	mmuext(MMUEXT_NEW_BASEPTR, xen_root_mfn, "mmuext_op(NEW_BASEPTR)");
	if (sizeof(long) == 8)
		mmuext(MMUEXT_NEW_USER_BASEPTR, xen_root_mfn,
		       "mmuext_op(NEW_USER_BASEPTR)");
	mmuext(MMUEXT_UNPIN_TABLE, old_root, "mmuext_op(UNPIN_TABLE)");
}

static unsigned int paging_mode(unsigned long cr4)
{
	if (sizeof(long) == 8)
		return (cr4 & X86_CR4_LA57) ? PAGING_5LEVEL : PAGING_4LEVEL;
	return (cr4 & X86_CR4_PAE) ? PAGING_PAE : PAGING_2LEVEL;
}

void xen_early_setup(struct start_info *si, unsigned long cs,
		     unsigned long cr4)
{
	xen_start_info = si;
	xen_entry_ring = cs & 3;
	xen_entry_paging = paging_mode(cr4);
	if ((u8)hypercall_page[0] == XEN_HYPERCALL_PAGE_FILLER)
		asm volatile("ud2");	/* Xen did not fill it: no console */
	xen_console_init(si);
	check_start_info(si);
	xen_p2m = (const unsigned long *)si->mfn_list;

	xen_remap_probe = XEN_REMAP_PROBE ^ si->nr_pages;
	build_tables(si);
	protect_tables();
	switch_tables(si);
}
