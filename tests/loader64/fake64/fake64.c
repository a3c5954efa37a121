// SPDX-License-Identifier: MIT
/*
 * fake64's 64-bit C: check what boot.rst's 64-bit protocol promises and
 * report it on COM1, one "fake64: " line per fact, then "fake64: ok" (or
 * "fake64: error: <what>") and end QEMU through isa-debug-exit.
 *
 * Built position-independent: a relocatable variant runs where the loader
 * put it, and reports that address.
 */
#include <paraboot/bootparam.h>
#include <paraboot/x86.h>
#include "console.h"
#include <paraboot/crc32.h>
#include "exit.h"

struct entry_regs {
	u64 rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 cs, ds, es, ss;
	u64 rflags;
};
extern struct entry_regs entry_regs;
extern u8 startup_64[];

void fake64_main(void);

static void __noreturn fail(const char *what, u64 value)
{
	printf("fake64: error: %s (%#llx)\n", what, value);
	qemu_exit(EXIT_FAIL);
}

static void expect(bool ok, const char *what, u64 value)
{
	if (!ok)
		fail(what, value);
}

static u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | (u64)hi << 32;
}

static u64 read_cr(int n)
{
	u64 v = 0;

	if (n == 0)
		asm volatile("mov %%cr0, %0" : "=r"(v));
	else if (n == 3)
		asm volatile("mov %%cr3, %0" : "=r"(v));
	else if (n == 4)
		asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void check_cpu(void)
{
	const struct entry_regs *r = &entry_regs;
	const u64 *gpr = &r->rax;

	expect(rdmsr(MSR_EFER) & EFER_LMA, "not in long mode: EFER", rdmsr(MSR_EFER));
	expect((read_cr(0) & X86_CR0_PG) && (read_cr(4) & X86_CR4_PAE),
	       "paging/PAE off: cr4", read_cr(4));
	expect(r->cs == __BOOT_CS, "cs is not __BOOT_CS", r->cs);
	expect(r->ds == __BOOT_DS && r->es == __BOOT_DS && r->ss == __BOOT_DS,
	       "ds/es/ss are not __BOOT_DS: ds", r->ds);
	expect(!(r->rflags & X86_EFLAGS_IF), "interrupts enabled: rflags", r->rflags);
	for (u32 i = 0; i < 16; i++)
		if (i != 4)	/* %rsi */
			expect(gpr[i] == 0, "a general register is not zero", i);
	printf("fake64: cs=%#llx ds=%#llx es=%#llx ss=%#llx rflags=%#llx "
	       "registers zero except rsi\n", r->cs, r->ds, r->es, r->ss,
	       r->rflags);
}

/* [0, 4 GiB) identity-mapped: walk the loader's tables (they are mapped
 * 1:1 themselves). */
static void check_identity_map(void)
{
	const u64 *pml4 = (const u64 *)(read_cr(3) & ~0xfffULL);
	const u64 *pdpt = (const u64 *)(pml4[0] & ~0xfffULL);

	expect(pml4[0] & PTE_P, "pml4[0] not present", pml4[0]);
	for (u64 gib = 0; gib < 4; gib++) {
		const u64 *pd = (const u64 *)(pdpt[gib] & ~0xfffULL);

		expect(pdpt[gib] & PTE_P, "pdpt entry not present", gib);
		for (u64 i = 0; i < 512; i++) {
			u64 va = (gib << 30) | (i << 21);

			if (pd[i] & PTE_PSE)
				expect((pd[i] & ~0x1fffffULL) == va && (pd[i] & PTE_P),
				       "not identity-mapped", va);
			else
				expect(pd[i] & PTE_P, "not mapped", va);
		}
	}
	printf("fake64: identity map [0, 4 GiB)\n");
}

static void check_boot_params(const struct boot_params *bp)
{
	const u8 *b = (const u8 *)bp;
	const struct setup_header *h = &bp->hdr;

	expect(h->boot_flag == BOOT_FLAG_MAGIC && h->header == HDRS_MAGIC,
	       "no setup header at rsi", (uintptr_t)bp);
	expect(h->type_of_loader == LOADER_UNDEFINED, "type_of_loader",
	       h->type_of_loader);
	expect(h->cmd_line_ptr && !bp->ext_cmd_line_ptr, "cmd_line_ptr",
	       h->cmd_line_ptr);
	for (u32 i = 0; i < BP_hdr; i++)
		expect(b[i] == 0 || i == BP_e820_entries,
		       "boot_params not zeroed below the header at", i);
	printf("fake64: boot_params=%#llx type_of_loader=%#x version=%#x\n",
	       (u64)(uintptr_t)bp, h->type_of_loader, h->version);
	printf("fake64: cmdline=");
	print_quoted((const char *)(uintptr_t)h->cmd_line_ptr);
	printf("\n");

	for (u32 i = 0; i < bp->e820_entries; i++)
		printf("fake64: e820 %#llx %#llx %u\n", bp->e820_table[i].addr,
		       bp->e820_table[i].size, bp->e820_table[i].type);
	if (h->ramdisk_size)
		printf("fake64: initrd image=%#x size=%#x crc32=%#x\n",
		       h->ramdisk_image, h->ramdisk_size,
		       crc32(0, (const void *)(uintptr_t)h->ramdisk_image,
			     h->ramdisk_size));
	else
		printf("fake64: initrd none\n");
}

void fake64_main(void)
{
	console_init();
	printf("fake64: load=%#llx\n", (u64)(uintptr_t)startup_64 - 0x200);
	check_cpu();
	check_identity_map();
	check_boot_params((const struct boot_params *)(uintptr_t)entry_regs.rsi);
	printf("fake64: ok\n");
	qemu_exit(EXIT_OK);
}
