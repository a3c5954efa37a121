// SPDX-License-Identifier: MIT
/*
 * The PC subarchitecture, from head_*.S's pc_entry on: running at
 * PAGE_OFFSET on the tables early.c built.  Install our descriptor
 * tables, drop the identity map, and start the kernel with COM1 as the
 * console and ACPI for power-off.
 */
#include <paraboot/io.h>
#include <paraboot/serial.h>
#include "early.h"
#include "pc.h"

#define LARGE_PAGE	pgt_large_size(PGT_NATIVE)

extern char pvh_start[];
#ifdef __x86_64__
extern char startup_64[];
#define KERNEL_ENTRY	startup_64
#define OWN_ENTRY	ENTRY_64
/* Below PAGE_OFFSET, in the same top-level slot. */
#define MAP_WINDOW	(PAGE_OFFSET - 2 * LARGE_PAGE)
#else
extern char startup_32[];
#define KERNEL_ENTRY	startup_32
#define OWN_ENTRY	ENTRY_32
/* Right after the direct map. */
#define MAP_WINDOW	(PAGE_OFFSET + DIRECT_MAP_SIZE)
#endif

static inline void write_cr3(unsigned long v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

const void *pc_map_phys(phys_addr_t pa, size_t len)
{
	phys_addr_t base = ALIGN_DOWN(pa, (phys_addr_t)LARGE_PAGE);

	if (pa + len <= DIRECT_MAP_SIZE)
		return __va(pa);
	if (pa - base + len > 2 * LARGE_PAGE)
		return NULL;
	if (pgt_map(&kernel_pgt, MAP_WINDOW, base, 2 * LARGE_PAGE))
		return NULL;
	write_cr3(kernel_pgt.root);		/* flush the old window */
	return (const void *)(uintptr_t)(MAP_WINDOW + (pa - base));
}

static void pc_write(const char *s, size_t n)
{
	serial_write(s, n);
}

static void __noreturn pc_halt(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

static void __noreturn pc_power_off(void)
{
	acpi_power_off();
	printk("paraboot: power-off failed; halting\n");
	pc_halt();
}

static struct platform pc_platform = {
	.subarch = "pc",
	.write = pc_write,
	.power_off = pc_power_off,
	.halt = pc_halt,
};

void __noreturn pc_start(void);
void pc_start(void)
{
	cpu_init();

	/* The tables are reached through the direct map from now on. */
	kernel_pgt.table_offset = PAGE_OFFSET;
	pgt_unmap_top(&kernel_pgt, 0, kernel_identity_end);
	write_cr3(kernel_pgt.root);

	serial_open();
	if (boot_record.magic == BOOT_RECORD_MAGIC) {
		pc_platform.entry = boot_record.entry;
		pc_platform.ring = boot_record.cpl;
		pc_platform.paging = boot_record.paging;
		pc_platform.load_addr = boot_record.load_addr;
	} else {
		/* Entered without paraboot's decompressor. */
		pc_platform.entry = OWN_ENTRY;
		pc_platform.ring = current_cpl();
		pc_platform.paging = PAGING_UNKNOWN;
	}
	pc_platform.entry_phys = pc_platform.entry == ENTRY_PVH ?
				 __pa(pvh_start) : __pa(KERNEL_ENTRY);
	platform_install(&pc_platform);
	start_kernel();
}
