/* SPDX-License-Identifier: MIT */
/*
 * What the test guests share: their entry state, the lguest_data page,
 * hypercalls, output through LHCALL_NOTIFY, and their command line (the
 * first word names the case a multi-case guest runs).  The guests run
 * identity-mapped, so a pointer is also the guest-physical address.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <paraboot/lguest.h>
#include <paraboot/bootparam.h>
#include <paraboot/x86.h>

struct entry_state {
	u32 eax, ebx, ecx, edx, esi, edi, ebp, esp;
	u32 cs, ds, es, fs, gs, ss;
	u32 eflags;
};
extern struct entry_state entry_state;
extern struct lguest_data lguest_data;

/* The zero page, at guest-physical 0, hidden from the compiler's idea
 * that nothing lives at address 0. */
static inline struct boot_params *zero_page(void)
{
	struct boot_params *p;

	asm("" : "=r"(p) : "0"(0));
	return p;
}

#define GUEST_PAGE_OFFSET	0xc0000000	/* kernel_address we announce */
#define SYSCALL_VECTOR		0x80

static inline u32 hcall(u32 nr, u32 arg1, u32 arg2, u32 arg3)
{
	asm volatile("int $0x1f"
		     : "+a"(nr) : "d"(arg1), "b"(arg2), "c"(arg3) : "memory");
	return nr;
}

static inline u32 pa(const volatile void *p)
{
	return (u32)(uintptr_t)p;
}

/* lguest_data as a 2.6.24 guest set it up (ring free, kernel_address,
 * syscall_vec), then LHCALL_LGUEST_INIT. */
void lguest_data_setup(void);
void lguest_init(void);
/* LHCALL_NOTIFY of a formatted line. */
void print(const char *fmt, ...) __printf(1, 2);
/* LHCALL_NOTIFY of prefix + quoted string + "\n". */
void print_quoted(const char *prefix, const char *s);
/* LHCALL_CRASH. */
void __noreturn crash(const char *msg);
/* Guest RAM size, from the zero page's e820 entry. */
u32 guest_mem(void);
/* True if the first command-line word is `name`. */
bool test_is(const char *name);

/* The guest's main program. */
void guest_main(void);

/*
 * FAULT_FN(name, insns) defines a function try_<name>(void) running insns;
 * FAULT_LABEL(name) inside them marks the instruction expected to fault
 * with the global symbol fault_<name>, which the tests find in
 * guests/<guest>.sym.  File-scope asm, so the compiler never copies it.
 */
#define FAULT_LABEL(name)	".globl fault_" name "\nfault_" name ":\n\t"
#define FAULT_FN(name, insns) \
	void try_##name(void); \
	asm(".pushsection .text\n\t.globl try_" #name "\ntry_" #name ":\n\t" \
	    insns "\n\tret\n\t.popsection")

/* A 32-bit read or write at addr, the access marked fault_read/write. */
u32 read_at(u32 addr);
void write_at(u32 addr, u32 v);

#endif
