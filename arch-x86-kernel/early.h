/* SPDX-License-Identifier: MIT */
/* The kernel's early page tables and the calls head_*.S makes into C
 * before paging (early.c); subarchitecture entries share the pool. */
#ifndef EARLY_H
#define EARLY_H

#include <paraboot/pgtable.h>

/*
 * Frames for page tables.  A PC maps with large pages and needs a handful;
 * lguest (i386, 4 KiB pages, up to the 896 MiB direct map) and Xen PV
 * (x86_64, 4 KiB pages, up to the 2 GiB direct map) need one table per
 * 4 or 2 MiB mapped.
 */
#if defined(__x86_64__)
#define PGT_POOL_PAGES	1056
#elif defined(CONFIG_X86_PAE)
#define PGT_POOL_PAGES	16
#else
#define PGT_POOL_PAGES	240
#endif

extern struct pgt kernel_pgt;
extern u64 kernel_identity_end;	/* [0, this) is identity-mapped at first */
extern u8 pgt_pool[PGT_POOL_PAGES][PAGE_SIZE];

unsigned long early_pc_pgtables(void);
void __noreturn early_unknown_subarch(u32 subarch);
void __noreturn early_subarch_not_built(u32 subarch);

#endif
