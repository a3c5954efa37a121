// SPDX-License-Identifier: MIT
/*
 * Leaving real mode: interrupts and NMI off, the PICs masked, a null IDT
 * and a flat GDT with the boot protocol's selectors, then pmjump.S
 * switches CR0.PE on and jumps to code32_start.  (A20 is on already:
 * the image check needed it, and the flat data segment, to read the
 * protected-mode part.)
 */
#include <paraboot/x86.h>
#include "boot.h"

/* A flat segment: base 0, limit 4 GiB, 4 KiB granularity. */
#define GDT_ENTRY_FLAT(flags) \
	((((u64)(flags) & 0xf0ff) << 40) | (0xfULL << 48) | 0xffffULL)

#define GDT_CODE_FLAGS	0xc09b	/* 32-bit, present, DPL 0, exec/read */
#define GDT_DATA_FLAGS	0xc093	/* 32-bit, present, DPL 0, read/write */

/* What boot.rst's realmode_swtch hook would replace; the image check
 * refuses hooks (it cannot tell one from a damaged field). */
static void interrupts_off(void)
{
	asm volatile("cli");
	outb(0x80, 0x70);	/* NMI off */
	io_delay();
}

static void reset_coprocessor(void)
{
	outb(0, 0xf0);
	io_delay();
	outb(0, 0xf1);
	io_delay();
}

static void mask_all_interrupts(void)
{
	outb(0xff, 0xa1);		/* slave PIC */
	io_delay();
	outb(0xfb, 0x21);		/* master PIC, all but the cascade */
	io_delay();
}

struct gdt_ptr {
	u16 len;
	u32 base;
} __packed;

static void setup_idt(void)
{
	static const struct gdt_ptr null_idt = { 0, 0 };

	asm volatile("lidtl %0" : : "m"(null_idt));
}

static void setup_gdt(void)
{
	static const u64 boot_gdt[] __aligned(16) = {
		[__BOOT_CS / 8] = GDT_ENTRY_FLAT(GDT_CODE_FLAGS),
		[__BOOT_DS / 8] = GDT_ENTRY_FLAT(GDT_DATA_FLAGS),
	};
	static struct gdt_ptr gdt;

	gdt.len = sizeof(boot_gdt) - 1;
	gdt.base = (u32)&boot_gdt + ((u32)ds() << 4);
	asm volatile("lgdtl %0" : : "m"(gdt));
}

/*
 * Big real mode for %fs, so the image check can read above 1 MiB before
 * leaving real mode: load the flat data segment in protected mode and
 * come straight back.  The CPU keeps a segment's 4 GiB limit when real
 * mode loads it again, so %fs = 0 reaches all of it (A20 must be on).
 * Interrupts stay off meanwhile: the real-mode IVT is no IDT.
 */
void reach_high_memory(void)
{
	u32 cr0;

	setup_gdt();
	asm volatile("pushfl; cli\n\t"
		     "movl %%cr0, %0\n\t"
		     "orl %2, %0\n\t"
		     "movl %0, %%cr0\n\t"
		     "jmp 1f\n"
		     "1:\tmovw %w1, %%fs\n\t"
		     "xorl %2, %0\n\t"
		     "movl %0, %%cr0\n\t"
		     "jmp 2f\n"
		     "2:\tmovw %w3, %%fs\n\t"
		     "popfl"
		     : "=&r"(cr0)
		     : "r"(__BOOT_DS), "ri"(X86_CR0_PE), "r"(0)
		     : "memory");
}

void go_to_protected_mode(void)
{
	interrupts_off();
	reset_coprocessor();
	mask_all_interrupts();
	setup_idt();
	setup_gdt();
	protected_mode_jump(boot_params.hdr.code32_start,
			    (u32)&boot_params + ((u32)ds() << 4));
}
