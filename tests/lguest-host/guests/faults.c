// SPDX-License-Identifier: MIT
/*
 * Instructions lguest never let a guest kernel run: each is a #GP (or the
 * named trap) in ring 1, and the host must stop the guest on it.  The
 * first command-line word picks one; the instruction carries the symbol
 * fault_<name>.  LGUEST_INIT comes first, so the trap is the only problem.
 */
#include "lib.h"

FAULT_FN(cli, FAULT_LABEL("cli") "cli");
FAULT_FN(sti, FAULT_LABEL("sti") "sti");
FAULT_FN(hlt, FAULT_LABEL("hlt") "hlt");
FAULT_FN(lgdt, FAULT_LABEL("lgdt") "lgdt 0x1100");
FAULT_FN(lidt, FAULT_LABEL("lidt") "lidt 0x1100");
FAULT_FN(mov_cr3, FAULT_LABEL("mov_cr3") "mov %cr3, %eax");
FAULT_FN(mov_to_cr0, "mov $0x80000011, %eax\n\t"
	 FAULT_LABEL("mov_to_cr0") "mov %eax, %cr0");
/* The boot protocol's __BOOT_DS: a null descriptor in lguest's GDT. */
FAULT_FN(load_0x18, "mov $0x18, %ax\n\t" FAULT_LABEL("load_0x18") "mov %ax, %ds");
/* The host's own data segment (DPL 0). */
FAULT_FN(load_0x58, "mov $0x58, %ax\n\t" FAULT_LABEL("load_0x58") "mov %ax, %es");
/* COM1's line status register, then a byte to COM1. */
FAULT_FN(in, "mov $0x3fd, %dx\n\t" FAULT_LABEL("in") "inb %dx, %al");
FAULT_FN(out, "mov $0x3f8, %dx\n\tmov $0x78, %al\n\t" FAULT_LABEL("out") "outb %al, %dx");
/* A low port, whose bit would lie inside the TSS if it had an I/O bitmap. */
FAULT_FN(out_0x80, "mov $0, %al\n\t" FAULT_LABEL("out_0x80") "outb %al, $0x80");
FAULT_FN(int80, FAULT_LABEL("int80") "int $0x80");
FAULT_FN(int3, FAULT_LABEL("int3") "int3");
FAULT_FN(ud2, FAULT_LABEL("ud2") "ud2");
FAULT_FN(rdmsr, "mov $0xc0000080, %ecx\n\t" FAULT_LABEL("rdmsr") "rdmsr");

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "cli", try_cli }, { "sti", try_sti }, { "hlt", try_hlt },
	{ "lgdt", try_lgdt }, { "lidt", try_lidt }, { "mov_cr3", try_mov_cr3 },
	{ "mov_to_cr0", try_mov_to_cr0 }, { "load_0x18", try_load_0x18 },
	{ "load_0x58", try_load_0x58 }, { "in", try_in }, { "out", try_out },
	{ "out_0x80", try_out_0x80 },
	{ "int80", try_int80 }, { "int3", try_int3 }, { "ud2", try_ud2 },
	{ "rdmsr", try_rdmsr },
};

void guest_main(void)
{
	lguest_init();
	for (u32 i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!test_is(cases[i].name))
			continue;
		print("faults: trying %s\n", cases[i].name);
		cases[i].fn();
		print("faults: %s did not fault\n", cases[i].name);
		crash("no fault");
	}
	crash("faults: unknown case");
}
