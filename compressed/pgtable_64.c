// SPDX-License-Identifier: MIT
/*
 * The x86_64 decompressor's own page tables, built in its new home after
 * the move: identity for the low 4 GiB with 2 MiB pages, which covers the
 * work area, boot_params and the kernel head's first steps.
 */
#include <paraboot/x86.h>
#include "misc.h"

#define PTE_TABLE	(PTE_P | PTE_RW)
#define PTE_LARGE	(PTE_P | PTE_RW | PTE_PSE)

unsigned long build_identity_map(u64 *t)
{
	u64 *pml4 = t, *pdpt = t + 512, *pd = t + 1024;
	unsigned long cr4;

	/* Four-level tables cannot replace five-level ones in long mode. */
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & X86_CR4_LA57)
		fatal("entered with 5-level paging, which paraboot does not "
		      "support");

	memset(t, 0, 6 * 4096);
	pml4[0] = (uintptr_t)pdpt | PTE_TABLE;
	for (unsigned int i = 0; i < 4; i++)
		pdpt[i] = (uintptr_t)(pd + 512 * i) | PTE_TABLE;
	for (unsigned int i = 0; i < 2048; i++)
		pd[i] = ((u64)i << 21) | PTE_LARGE;
	return (uintptr_t)pml4;
}
