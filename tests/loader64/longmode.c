// SPDX-License-Identifier: MIT
/*
 * What the 64-bit entry expects (boot.rst): long mode, paging on with an
 * identity map covering the kernel, the zero page and the command line
 * (here all of [0, 4 GiB) in 2 MiB pages, and the GiB of a kernel
 * loaded above 4 GiB), a GDT with __BOOT_CS (0x10)
 * 64-bit code and __BOOT_DS (0x18) flat data.
 */
#include "loader64.h"
#include <paraboot/x86.h>
#include "string.h"

#define TABLE_FLAGS	(PTE_P | PTE_RW)
#define LARGE_FLAGS	(PTE_P | PTE_RW | PTE_PSE)

static void build_identity_map(const struct kernel *k)
{
	u64 *pml4 = (u64 *)PML4_ADDR, *pdpt = (u64 *)PDPT_ADDR;
	u64 *pd = (u64 *)PD_ADDR;

	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	pml4[0] = PDPT_ADDR | TABLE_FLAGS;
	for (u32 i = 0; i < 4; i++)
		pdpt[i] = (PD_ADDR + i * PAGE_SIZE) | TABLE_FLAGS;
	for (u32 i = 0; i < 4 * 512; i++)
		pd[i] = ((u64)i << 21) | LARGE_FLAGS;
	if (k->load >= 0x100000000ULL) {
		u64 gib = k->load >> 30, *high = (u64 *)PD_HIGH_ADDR;

		if ((k->load + k->mem_size - 1) >> 30 != gib || gib >= 512)
			fail("the kernel's memory [%#llx, %#llx) must lie in one "
			     "GiB below 512 GiB", k->load,
			     k->load + k->mem_size);
		pdpt[gib] = PD_HIGH_ADDR | TABLE_FLAGS;
		for (u32 i = 0; i < 512; i++)
			high[i] = (gib << 30 | (u64)i << 21) | LARGE_FLAGS;
	}
}

static void build_gdt(void)
{
	u64 *gdt = (u64 *)GDT_ADDR;
	struct {
		u16 limit;
		u32 base;
	} __packed *desc = (void *)(GDT_ADDR + 4 * 8);

	gdt[0] = 0;
	gdt[1] = 0x00cf9a000000ffffULL;	/* 0x08: 32-bit code, for the switch */
	gdt[__BOOT_CS / 8] = 0x00af9a000000ffffULL;	/* 64-bit code */
	gdt[__BOOT_DS / 8] = 0x00cf92000000ffffULL;	/* flat data */
	desc->limit = 4 * 8 - 1;
	desc->base = GDT_ADDR;
}

void longmode_setup(const struct kernel *k)
{
	build_identity_map(k);
	build_gdt();
}
