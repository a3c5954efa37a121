// SPDX-License-Identifier: MIT
/*
 * The host CPU's set-up: identity-mapped host page tables with the
 * Switcher at the top, the Switcher's GDT, IDT and TSS (the only ones
 * the guest ever runs under), the PICs masked, the FPU ready.
 */
#include "lg.h"
#include <paraboot/x86.h>
#include "io.h"
#include "string.h"

#define X86_CR0_EM		(1 << 2)
#define X86_CR0_TS		(1 << 3)
#define X86_CR4_OSFXSR		(1 << 9)
#define X86_CR4_OSXMMEXCPT	(1 << 10)
#define CPUID_EDX_FXSR		(1 << 24)

/* Descriptors: flat 4 GiB, accessed bit preset (the GDT is read-only to
 * the guest, so the CPU must never need to write it). */
#define DESC_CODE_DPL0	0x00cf9b000000ffffULL
#define DESC_DATA_DPL0	0x00cf93000000ffffULL
#define DESC_CODE_DPL1	0x00cfbb000000ffffULL	/* 2.6.24 FULL_EXEC_SEGMENT | DPL 1 */
#define DESC_DATA_DPL1	0x00cfb3000000ffffULL	/* 2.6.24 FULL_SEGMENT | DPL 1 */
#define TSS_LIMIT	103
#define TSS_IOMAP_NONE	104	/* I/O bitmap beyond the limit: every port faults */
#define GATE_INTR	0x8e00	/* present 32-bit interrupt gate */

struct tss {
	u16 link, _r0;
	u32 esp0;
	u16 ss0, _r1;
	u32 unused[22];
	u16 trace, iomap_base;
} __packed;
ABI_SIZE(struct tss, 104);

extern u64 switcher_gdt[LGUEST_GDT_ENTRIES];
extern u64 switcher_idt[256];
extern struct tss switcher_tss;
extern u32 switcher_host_cr3, switcher_guest_cr3;
extern u8 switcher_entries[], switcher_stack_top[];
extern struct guest_regs switcher_regs;
extern u8 __switcher_phys[], __switcher_start[], __switcher_stack[];
extern u8 __switcher_end[];
void switch_to_guest(void);

static u32 host_pgdir[1024] __aligned(4096);
static u32 host_switcher_pt[1024] __aligned(4096);
static u32 guest_switcher_pt[1024] __aligned(4096);

static inline u32 read_cr0(void)
{
	u32 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline u32 read_cr4(void)
{
	u32 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

u32 read_cr2(void)
{
	u32 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static void map_switcher(void)
{
	u32 phys = (uintptr_t)__switcher_phys;
	u32 stack = (__switcher_stack - __switcher_start) >> PAGE_SHIFT;
	u32 pages = (__switcher_end - __switcher_start) >> PAGE_SHIFT;

	for (u32 i = 0; i < 1023; i++)
		host_pgdir[i] = (i << 22) | PTE_P | PTE_RW | PTE_PSE;
	host_pgdir[SWITCHER_PGD_INDEX] = (uintptr_t)host_switcher_pt | PTE_P | PTE_RW;

	for (u32 i = 0; i < pages; i++) {
		u32 frame = phys + (i << PAGE_SHIFT);

		host_switcher_pt[i] = frame | PTE_P | PTE_RW;
		/* The guest gets the text and the descriptor page read-only,
		 * and only the trap stack writable. */
		guest_switcher_pt[i] = frame | PTE_P | (i == stack ? PTE_RW : 0);
	}
}

static void enable_paging(void)
{
	u32 eax, ebx, ecx, edx, cr4 = read_cr4() | X86_CR4_PSE;

	asm volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1));
	if (edx & CPUID_EDX_FXSR)
		cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	asm volatile("mov %0, %%cr4" : : "r"(cr4));
	asm volatile("mov %0, %%cr3" : : "r"(host_pgdir) : "memory");
	/* WP: ring 0 and ring 1 writes honour read-only pages too. */
	asm volatile("mov %0, %%cr0" : :
		     "r"((read_cr0() | X86_CR0_PG | X86_CR0_WP | X86_CR0_MP |
			  X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS)) : "memory");
	asm volatile("fninit");
}

static void load_descriptors(void)
{
	u32 tss = (uintptr_t)&switcher_tss;
	struct {
		u16 pad, limit;
		u32 base;
	} __packed __aligned(4) gdtr, idtr;

	memset(switcher_gdt, 0, sizeof(switcher_gdt));
	switcher_gdt[LGUEST_GDT_HOST_CS] = DESC_CODE_DPL0;
	switcher_gdt[LGUEST_GDT_HOST_DS] = DESC_DATA_DPL0;
	switcher_gdt[LGUEST_GDT_KERNEL_CS] = DESC_CODE_DPL1;
	switcher_gdt[LGUEST_GDT_KERNEL_DS] = DESC_DATA_DPL1;
	switcher_gdt[LGUEST_GDT_TSS] = (TSS_LIMIT & 0xffff) |
		((u64)(tss & 0xffffff) << 16) | (0x89ULL << 40) |
		((u64)(tss >> 24) << 56);

	memset(&switcher_tss, 0, sizeof(switcher_tss));
	switcher_tss.ss0 = HOST_DS;
	switcher_tss.esp0 = (uintptr_t)switcher_stack_top;
	switcher_tss.iomap_base = TSS_IOMAP_NONE;

	/* Every gate DPL 0, so "int n" from ring 1 is a #GP; only the
	 * hypercall vector can be raised by the guest. */
	for (u32 n = 0; n < 256; n++) {
		u32 off = (uintptr_t)switcher_entries + n * TRAP_STUB_SIZE;
		u32 dpl = n == LGUEST_TRAP_ENTRY ? LGUEST_GUEST_PL : 0;

		switcher_idt[n] = (off & 0xffff) | ((u32)HOST_CS << 16) |
			((u64)((off & 0xffff0000) | GATE_INTR | (dpl << 13)) << 32);
	}

	gdtr.limit = sizeof(switcher_gdt) - 1;
	gdtr.base = (uintptr_t)switcher_gdt;
	idtr.limit = sizeof(switcher_idt) - 1;
	idtr.base = (uintptr_t)switcher_idt;
	asm volatile("lgdt %0\n\t"
		     "ljmp %1, $1f\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "lidt %3\n\t"
		     "ltr %w4"
		     : : "m"(gdtr.limit), "i"(HOST_CS), "i"(HOST_DS),
		       "m"(idtr.limit), "r"(HOST_TSS) : "eax", "memory");
}

/* Remap the 8259s away from the exception vectors and mask every line:
 * no interrupt ever reaches the guest. */
static void mask_pics(void)
{
	outb(0x11, 0x20);
	outb(0x11, 0xa0);
	outb(0x20, 0x21);
	outb(0x28, 0xa1);
	outb(0x04, 0x21);
	outb(0x02, 0xa1);
	outb(0x01, 0x21);
	outb(0x01, 0xa1);
	outb(0xff, 0x21);
	outb(0xff, 0xa1);
}

void cpu_init(void)
{
	mask_pics();
	map_switcher();
	enable_paging();
	switcher_host_cr3 = (uintptr_t)host_pgdir;
	load_descriptors();
}

/* The last entry of every shadow page directory: the Switcher, as the
 * guest may see it. */
u32 switcher_pde(void)
{
	return (uintptr_t)guest_switcher_pt | PTE_P | PTE_RW;
}

struct guest_regs *guest_regs(void)
{
	return &switcher_regs;
}

void cpu_enter_guest(void)
{
	switcher_guest_cr3 = shadow_cr3();
	switch_to_guest();
}
