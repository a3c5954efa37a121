/* SPDX-License-Identifier: MIT */
/* The kernel's early page tables and the calls head_*.S makes into C
 * before paging (early.c); subarchitecture entries share the pool. */
#ifndef EARLY_H
#define EARLY_H

#include <paraboot/pgtable.h>

/*
 * Frames for page tables.  A PC maps with large pages and needs a handful;
 * lguest and Xen PV map with 4 KiB pages and need one table per 4 MiB
 * (2-level) or 2 MiB (PAE, 4-level) mapped, up to the direct map: on
 * x86_64, 2 GiB under Xen: 1024 L1s, 2 L2s, L3s and the L4, and the
 * kernel's identity map; on i386, 896 MiB under 32-bit Xen: 448 L1s, the
 * L2 of PAGE_OFFSET's slot and the PDPT, and the kernel's identity map
 * (lguest's 2-level tables need 226).
 */
#if defined(__x86_64__)
#define PGT_POOL_PAGES	1056
#else
#define PGT_POOL_PAGES	464
#endif

extern struct pgt kernel_pgt;
extern u64 kernel_identity_end;	/* [0, this) is identity-mapped at first */
extern u8 pgt_pool[PGT_POOL_PAGES][PAGE_SIZE];

unsigned long early_pc_pgtables(void);
void __noreturn early_unknown_subarch(u32 subarch);
void __noreturn early_subarch_refused(u32 subarch);

#endif
