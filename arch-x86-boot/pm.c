// SPDX-License-Identifier: MIT
/*
 * Leaving real mode: interrupts and NMI off, A20 on, the PICs masked, a
 * null IDT and a flat GDT with the boot protocol's selectors, then
 * pmjump.S switches CR0.PE on and jumps to code32_start.
 */
#include <paraboot/x86.h>
#include "boot.h"

/* A flat segment: base 0, limit 4 GiB, 4 KiB granularity. */
#define GDT_ENTRY_FLAT(flags) \
	((((u64)(flags) & 0xf0ff) << 40) | (0xfULL << 48) | 0xffffULL)

#define GDT_CODE_FLAGS	0xc09b	/* 32-bit, present, DPL 0, exec/read */
#define GDT_DATA_FLAGS	0xc093	/* 32-bit, present, DPL 0, read/write */

static void realmode_switch_hook(void)
{
	if (hdr.realmode_swtch) {
		asm volatile("lcallw *%0" : : "m"(hdr.realmode_swtch)
			     : "eax", "ebx", "ecx", "edx");
	} else {
		asm volatile("cli");
		outb(0x80, 0x70);	/* NMI off */
		io_delay();
	}
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

void go_to_protected_mode(void)
{
	realmode_switch_hook();
	if (enable_a20())
		die("A20 gate could not be enabled (BIOS, keyboard controller "
		    "and port 0x92 all failed)");
	reset_coprocessor();
	mask_all_interrupts();
	setup_idt();
	setup_gdt();
	protected_mode_jump(boot_params.hdr.code32_start,
			    (u32)&boot_params + ((u32)ds() << 4));
}
