/* SPDX-License-Identifier: MIT */
/*
 * loader64: a minimal 64-bit boot-protocol loader for the tests
 * (Linux's boot.rst, "64-bit boot protocol").
 *
 * The structures handed to the kernel live in low memory:
 */
#ifndef LOADER64_H
#define LOADER64_H

#define BOOT_PARAMS_ADDR	0x10000
#define CMDLINE_ADDR		0x11000		/* up to 4 KiB */
#define CMDLINE_MAX		0x1000
#define GDT_ADDR		0x12000
#define PML4_ADDR		0x13000
#define PDPT_ADDR		0x14000
#define PD_ADDR			0x15000		/* 4 pages: 4 GiB in 2 MiB pages */
#define SETUP_DATA_ADDR		0x19000		/* hostile.c's setup_data list */
#define PD_HIGH_ADDR		0x1a000		/* the GiB of a load above 4 GiB */
#define HANDOFF_END		0x1b000

#define KERNEL_LOAD		0x100000	/* non-relocatable bzImage */
#define ENTRY_64_OFFSET		0x200		/* startup_64 = startup_32 + 0x200 */
#define BOOT_PROTOCOL_64	0x020c		/* 2.12: xloadflags */

#ifndef __ASSEMBLY__

#include <paraboot/types.h>

struct boot_info;
struct module;

/* main.c */
void __noreturn fail(const char *fmt, ...) __printf(1, 2);

/* kernel.c: the checks and the load. */
struct kernel {
	const u8 *file;
	u32 size;
	u32 pm_offset;			/* protected-mode part in the file */
	u64 load;			/* where it goes (load=ADDR: anywhere) */
	u32 mem_size;			/* max(init_size, its file size) */
	u32 init_size;
};
void kernel_check(const struct module *m, const char *options,
		  struct kernel *k);

/* memory.c: where everything may go. */
void memory_make_room(struct boot_info *bi, const struct kernel *k);
u32 memory_place_initrd(const struct boot_info *bi, const struct kernel *k,
			u32 size, u32 limit);

/* bootparams.c: the zero page. */
struct boot_params *boot_params_setup(const struct boot_info *bi,
				      const struct kernel *k);
/* hostile.c: the zero page changed as the loader's options say. */
void boot_params_hostile(struct boot_params *bp, const char *options);

/* longmode.c: paging and GDT; enter64.S: the jump. */
void longmode_setup(const struct kernel *k);
/* enter64.S: what to copy in long mode first (a load above 4 GiB). */
extern u64 copy64_dst, copy64_src, copy64_len;
void __noreturn enter_64(u32 pml4, u32 gdt_desc, u32 boot_params, u64 entry);

#endif /* !__ASSEMBLY__ */
#endif
