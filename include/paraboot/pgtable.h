/* SPDX-License-Identifier: MIT */
/*
 * The reusable early page-table builder (arch-x86-kernel/pgtable.c).
 *
 * It runs wherever the kernel happens to execute: at physical addresses
 * before paging, under a hypervisor's identity map, or at PAGE_OFFSET
 * afterwards (the file is compiled position-independent), and it keeps no
 * state of its own: everything is in struct pgt.  Tables come from a pool
 * of page frames the caller provides.
 *
 * The paging mode is a build option: 4-level on x86_64, PAE on i386 with
 * CONFIG_X86_PAE, 2-level otherwise.
 */
#ifndef PARABOOT_PGTABLE_H
#define PARABOOT_PGTABLE_H

#include <paraboot/types.h>
#include <paraboot/x86.h>

#ifndef PGT_LEVELS		/* the host tests set it to try every mode */
#if defined(__x86_64__)
#define PGT_LEVELS	4
#elif defined(CONFIG_X86_PAE)
#define PGT_LEVELS	3
#else
#define PGT_LEVELS	2
#endif
#endif

#if PGT_LEVELS == 2
typedef u32 pte_t;
#else
typedef u64 pte_t;
#endif

/* The size of a page mapped one level above the leaf: 4 MiB or 2 MiB. */
#if PGT_LEVELS == 2
#define PGT_LARGE_SHIFT	22
#else
#define PGT_LARGE_SHIFT	21
#endif
#define PGT_LARGE_SIZE	(1UL << PGT_LARGE_SHIFT)

struct pgt_range {
	phys_addr_t start, end;
};

struct pgt {
	phys_addr_t root;		/* the top-level table */
	phys_addr_t pool_next;		/* next free frame */
	phys_addr_t pool_end;
	uintptr_t table_offset;		/* table at phys p is at (p + this) */
	bool large_pages;		/* 2/4 MiB pages where aligned */
	struct pgt_range read_only[2];	/* frames mapped without PTE_RW */
};

/*
 * Start a set of tables in [pool_start, pool_end).  Returns 0, or -1 if
 * the pool cannot hold even the top level.
 */
int pgt_init(struct pgt *t, phys_addr_t pool_start, phys_addr_t pool_end,
	     uintptr_t table_offset, bool large_pages);

/* Map [virt, virt + size) to [phys, ...); 0, or -1 when the pool runs out. */
int pgt_map(struct pgt *t, u64 virt, phys_addr_t phys, u64 size);

/* Remove the top-level entries covering [virt, virt + size), whole
 * top-level slots only (used to drop an identity map). */
void pgt_unmap_top(struct pgt *t, u64 virt, u64 size);

/* Replace every frame number in the tables built so far with p2m[frame]
 * (Xen PV: page tables hold machine frames). */
void pgt_to_machine(struct pgt *t, const unsigned long *p2m);

/* The frames used so far, for callers that must protect them. */
static inline phys_addr_t pgt_pool_used_end(const struct pgt *t)
{
	return t->pool_next;
}

#endif
