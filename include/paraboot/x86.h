/* SPDX-License-Identifier: MIT */
/*
 * x86 architectural constants (Intel SDM vol. 3): control-register bits,
 * MSRs, page-table entry bits and paraboot's boot segment selectors.
 */
#ifndef PARABOOT_X86_H
#define PARABOOT_X86_H

#define X86_CR0_PE		(1 << 0)
#define X86_CR0_MP		(1 << 1)
#define X86_CR0_ET		(1 << 4)
#define X86_CR0_NE		(1 << 5)
#define X86_CR0_WP		(1 << 16)
#define X86_CR0_PG		(1 << 31)

#define X86_CR4_PSE		(1 << 4)
#define X86_CR4_PAE		(1 << 5)
#define X86_CR4_PGE		(1 << 7)
#define X86_CR4_LA57		(1 << 12)

#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_LMA		(1 << 10)
#define EFER_NX			(1 << 11)

#define X86_EFLAGS_IF		(1 << 9)
#define X86_EFLAGS_DF		(1 << 10)

/* CPUID */
#define CPUID_EXT_FEATURES	0x80000001
#define CPUID_EXT_EDX_LM	(1 << 29)
#define CPUID_EXT_EDX_NX	(1 << 20)
#define CPUID_EDX_PSE		(1 << 3)
#define CPUID_EDX_PAE		(1 << 6)

/* Page-table entry bits (all levels, all modes). */
#define PTE_P			(1 << 0)
#define PTE_RW			(1 << 1)
#define PTE_US			(1 << 2)
#define PTE_PWT			(1 << 3)
#define PTE_PCD			(1 << 4)
#define PTE_A			(1 << 5)
#define PTE_D			(1 << 6)
#define PTE_PSE			(1 << 7)	/* large page in a PDE/PDPTE */
#define PTE_G			(1 << 8)
#define PTE_NX			(1ULL << 63)

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1 << PAGE_SHIFT)

/*
 * The boot protocol's segments (boot.rst): a loader entering at 32 or 64
 * bits provides flat code at 0x10 and flat data at 0x18, and paraboot keeps
 * those selectors in its own GDTs.
 */
#define __BOOT_CS		0x10
#define __BOOT_DS		0x18

/* The exception whose report adds cr2. */
#define X86_TRAP_PF		14

#endif
