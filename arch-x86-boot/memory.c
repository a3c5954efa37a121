// SPDX-License-Identifier: MIT
/*
 * How much memory is there: the BIOS E820 map, falling back to INT 15h
 * E801h and then 88h for old BIOSes.  The kernel reads all three results
 * from the zero page and uses the best one it finds.
 */
#include "boot.h"

#define SMAP	0x534d4150	/* "SMAP" */

static void detect_memory_e820(void)
{
	static struct boot_e820_entry buf;	/* the BIOS writes here */
	struct boot_e820_entry *table = boot_params.e820_table;
	struct biosregs ireg, oreg;
	int count = 0;

	initregs(&ireg);
	ireg.ax = 0xe820;
	ireg.cx = sizeof(buf);
	ireg.edx = SMAP;
	ireg.di = (u16)(u32)&buf;

	do {
		intcall(0x15, &ireg, &oreg);
		ireg.ebx = oreg.ebx;		/* continuation value */

		/*
		 * Some BIOSes end the list with CF set rather than %ebx == 0;
		 * others answer anything but "SMAP" when they have no E820.
		 * Either way, keep only what came before.
		 */
		if (oreg.eflags & X86_EFLAGS_CF)
			break;
		if (oreg.eax != SMAP) {
			count = 0;
			break;
		}
		table[count++] = buf;
	} while (ireg.ebx && count < E820_MAX_ENTRIES_ZEROPAGE);

	boot_params.e820_entries = count;
}

static void detect_memory_e801(void)
{
	struct biosregs ireg, oreg;

	initregs(&ireg);
	ireg.ax = 0xe801;
	intcall(0x15, &ireg, &oreg);
	if (oreg.eflags & X86_EFLAGS_CF)
		return;

	/* Some BIOSes answer in %ax/%bx, others in %cx/%dx. */
	if (oreg.cx || oreg.dx) {
		oreg.ax = oreg.cx;
		oreg.bx = oreg.dx;
	}
	/* %ax: KiB between 1 and 16 MiB (at most 15 MiB); %bx: 64 KiB above. */
	if (oreg.ax > 15 * 1024)
		return;
	boot_params.alt_mem_k = oreg.ax == 15 * 1024 ?
		((u32)oreg.bx << 6) + oreg.ax : oreg.ax;
}

static void detect_memory_88(void)
{
	struct biosregs ireg, oreg;

	initregs(&ireg);
	ireg.ah = 0x88;
	intcall(0x15, &ireg, &oreg);
	boot_params.screen_info.ext_mem_k = oreg.ax;
}

void detect_memory(void)
{
	detect_memory_e820();
	detect_memory_e801();
	detect_memory_88();
}
