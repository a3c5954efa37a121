// SPDX-License-Identifier: MIT
/*
 * The PC kernel's descriptor tables: a GDT of its own (the boot GDT lived
 * at a physical address, and the identity map is about to go), and an
 * IDT whose only job is to turn any CPU exception into one clear
 * "paraboot: error:" line instead of a triple fault.
 */
#include <paraboot/trap_frame.h>
#include <paraboot/x86.h>
#include "pc.h"

#ifdef __x86_64__
#define GDT_CODE	0x00af9a000000ffffULL	/* 64-bit, DPL 0 */
#else
#define GDT_CODE	0x00cf9a000000ffffULL	/* 32-bit flat, DPL 0 */
#endif
#define GDT_DATA	0x00cf92000000ffffULL
#define IDT_INTERRUPT_GATE 0x8e			/* present, DPL 0 */
#define NR_EXCEPTIONS	32

struct desc_ptr {
	u16 limit;
	unsigned long base;
} __packed;

#ifdef __x86_64__
struct idt_gate {
	u16 offset_low, selector;
	u8 ist, type;
	u16 offset_mid;
	u32 offset_high, reserved;
};
ABI_SIZE(struct idt_gate, 16);

#else
struct idt_gate {
	u16 offset_low, selector;
	u8 reserved, type;
	u16 offset_high;
};
ABI_SIZE(struct idt_gate, 8);

#endif

static const u64 gdt[] __aligned(16) = {
	[__BOOT_CS / 8] = GDT_CODE,
	[__BOOT_DS / 8] = GDT_DATA,
};
static struct idt_gate idt[NR_EXCEPTIONS] __aligned(16);

/* entry_{32,64}.S: one stub per vector, all the same size. */
extern const char trap_stubs[];

static const char *const exception_names[NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

void do_exception(struct trap_frame *f);
void do_exception(struct trap_frame *f)
{
	const char *name = f->vector < NR_EXCEPTIONS &&
			   exception_names[f->vector] ?
			   exception_names[f->vector] : "reserved";
	unsigned long cr2 = 0;

	if (f->vector == X86_TRAP_PF)
		asm volatile("mov %%cr2, %0" : "=r"(cr2));
	panic("CPU exception %lu (%s) at ip 0x%lx, error code 0x%lx, cr2 0x%lx",
	      f->vector, name, f->ip, f->error_code, cr2);
}

static void set_gate(unsigned int vector, unsigned long handler)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = __BOOT_CS;
	g->type = IDT_INTERRUPT_GATE;
#ifdef __x86_64__
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
#else
	g->offset_high = handler >> 16;
#endif
}

static void load_gdt(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (unsigned long)gdt };

	asm volatile("lgdt %0" : : "m"(p));
#ifdef __x86_64__
	asm volatile("pushq %0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:"
		     : : "i"(__BOOT_CS) : "rax", "memory");
#else
	asm volatile("ljmp %0, $1f\n1:" : : "i"(__BOOT_CS) : "memory");
#endif
	asm volatile("mov %0, %%ds\n\t"
		     "mov %0, %%es\n\t"
		     "mov %0, %%ss"
		     : : "r"((unsigned long)__BOOT_DS));
}

void cpu_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (unsigned long)idt };

	load_gdt();
	for (unsigned int v = 0; v < NR_EXCEPTIONS; v++)
		set_gate(v, (unsigned long)trap_stubs + v * TRAP_STUB_SIZE);
	asm volatile("lidt %0" : : "m"(p));
}
