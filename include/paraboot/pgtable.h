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
 * The paging mode is chosen per set of tables, at run time, so that one
 * i386 image serves every environment: 2-level on a PC and under lguest
 * (2.6.24 hosts shadow only non-PAE guests), PAE under Xen (64-bit Xen
 * runs 32-bit PV guests only with PAE); 4-level on x86_64.
 */
#ifndef PARABOOT_PGTABLE_H
#define PARABOOT_PGTABLE_H

#include <paraboot/types.h>
#include <paraboot/x86.h>

/* Paging modes, named by their number of levels. */
#define PGT_2LEVEL	2
#define PGT_PAE		3
#define PGT_4LEVEL	4

/* The mode the kernel uses when nothing forces another one. */
#ifdef __x86_64__
#define PGT_NATIVE	PGT_4LEVEL
#else
#define PGT_NATIVE	PGT_2LEVEL
#endif

struct pgt_range {
	phys_addr_t start, end;
};

struct pgt {
	unsigned int levels;		/* PGT_2LEVEL, PGT_PAE or PGT_4LEVEL */
	phys_addr_t root;		/* the top-level table */
	phys_addr_t pool_next;		/* next free frame */
	phys_addr_t pool_end;
	uintptr_t table_offset;		/* table at phys p is at (p + this) */
	bool large_pages;		/* 2/4 MiB pages where aligned */
	struct pgt_range read_only[2];	/* frames mapped without PTE_RW */
};

/* The size of a page mapped one level above the leaf: 4 MiB or 2 MiB. */
static inline u64 pgt_large_size(unsigned int levels)
{
	return levels == PGT_2LEVEL ? 1ULL << 22 : 1ULL << 21;
}

/*
 * Start a set of tables of the given mode in [pool_start, pool_end).
 * Returns 0, or -1 if the pool cannot hold even the top level.
 */
int pgt_init(struct pgt *t, unsigned int levels, phys_addr_t pool_start,
	     phys_addr_t pool_end, uintptr_t table_offset, bool large_pages);

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
