/* SPDX-License-Identifier: MIT */
/* What the kernel's files share: the boot data head_*.S copied in, the
 * platform a subarchitecture entry installs, and the common services. */
#ifndef KERNEL_H
#define KERNEL_H

#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/layout.h>
#include <paraboot/string.h>

/* head_{32,64}.S copy these before anything else runs. */
extern struct boot_params boot_params;
extern struct boot_record boot_record;
/* Up to COMMAND_LINE_SIZE bytes plus one, so an over-long line shows. */
extern char boot_command_line[COMMAND_LINE_SIZE + 1];

/* Linker symbols (vmlinux.lds.S). */
extern char _text[], _end[];

/* Host harnesses (tests/fuzz) define both first, onto their model of
 * physical memory: PAGE_OFFSET is not an address a host process has. */
#ifndef __va
#define __va(pa)	((void *)((uintptr_t)(pa) + PAGE_OFFSET))
#define __pa(va)	((uintptr_t)(va) - PAGE_OFFSET)
#endif

/*
 * What a subarchitecture entry found out and how it talks to the world.
 * The entry fills it in and hands it to start_kernel().
 */
struct platform {
	const char *subarch;		/* "pc", "lguest", "xen" */
	unsigned int ring;		/* privilege level paraboot was entered at */
	unsigned int entry;		/* ENTRY_* */
	unsigned int paging;		/* PAGING_* at that entry */
	phys_addr_t entry_phys;		/* the kernel entry point used */
	u64 load_addr;			/* where the loader put the protected-mode
					 * part, 0 if it loaded none (Xen, PVH) */
	void (*write)(const char *s, size_t n);
	void (*power_off)(void) __noreturn;
	void (*halt)(void) __noreturn;	/* after an error */
	void (*selftests)(void);	/* optional, before "paraboot: ok" */
};

/* console.c */
void platform_install(const struct platform *p);
const struct platform *platform_get(void);
void printk(const char *fmt, ...) __printf(1, 2);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

/* report.c: the boot report, then power-off. */
void __noreturn start_kernel(void);

/* bootinfo.c: the facts start_kernel reports, checked. */
struct boot_facts {
	const char *cmdline;
	size_t cmdline_len;
	u64 ram_kib;
	unsigned int e820_entries;
	bool have_initrd;
	u64 initrd_start, initrd_size;
	u32 initrd_crc;
};
void boot_facts_gather(struct boot_facts *f);
/* Whether the command line has this word (whitespace-separated). */
bool cmdline_option(const char *word);
/* The zero page as the loader left it (boot_facts_gather() copies it). */
extern struct boot_params loader_zero_page;

/* conformance.c: one "loader-warning" line per rule the loader broke. */
void loader_conformance(const struct boot_params *bp);

#endif
