// SPDX-License-Identifier: MIT
/*
 * The launcher: what Documentation/lguest/lguest.c (Linux 2.6.24) did
 * before handing the guest to the host (Linux 2.6.24, Documentation/lguest/lguest.c):
 *
 *   guest-physical 0         zero page: e820 {0, mem, RAM}, version 0x207,
 *                            hardware_subarch 1, KEEP_SEGMENTS, cmd_line_ptr
 *   guest-physical 0x1000    the command line, each argument + ' ', NUL
 *   guest-physical 0x100000  the bzImage from (setup_sects + 1) * 512 on
 *                            (or a vmlinux's PT_LOAD segments at p_paddr)
 *   ...                      identity page tables for [0, mem), flags 0x7,
 *                            the page directory just below the initrd
 *   mem - page_align(size)   the initrd
 *
 * Guest RAM is zeroed host memory above the monitor and the modules.
 * Where 2.6.24 gave up with errx(), the same words end the run here
 * ("lguest: This doesn't look like a bzImage to me"); problems 2.6.24
 * did not check for are "lguest: error: ...".
 */
#include "lg.h"
#include <paraboot/bootparam.h>
#include <paraboot/elf.h>
#include <paraboot/x86.h>
#include "bzimage.h"
#include "console.h"
#include "multiboot.h"
#include "string.h"

#define GUEST_BASE_ALIGN	(4 << 20)
#define HOST_VA_LIMIT		0xffc00000ULL	/* the Switcher's 4 MiB above */
#define IDENT_FLAGS		(PTE_P | PTE_RW | PTE_US)	/* 0x7 */
#define PTES			1024

struct lguest lg;

extern u8 __host_end[];

static void *gp(u32 gpa)
{
	return lg.base + gpa;
}

/* Where guest RAM goes: the first 4 MiB boundary above the monitor and
 * everything the loader gave us, so loading never overwrites a module. */
static void place_guest_memory(const struct boot_info *bi, u32 mem_mb)
{
	u64 base = ALIGN_UP(MAX((u64)(uintptr_t)__host_end, (u64)bi->end),
			    GUEST_BASE_ALIGN);
	u64 mem = (u64)mem_mb << 20;

	if (mem_mb < 2)
		host_error("mem=%u: the guest needs at least 2 MiB", mem_mb);
	if (base + mem > HOST_VA_LIMIT || !memmap_is_ram(bi, base, mem))
		host_error("guest memory (%u MiB at host %#x) is larger than "
			   "host RAM: run QEMU with -m %u or more",
			   mem_mb, (u32)base, (u32)((base + mem) >> 20) + 1);
	lg.mem = mem;
	lg.base = (u8 *)(uintptr_t)base;
	memset(lg.base, 0, lg.mem);
}

static void copy_to_guest(u32 gpa, const void *src, u32 len, const char *what)
{
	if (!guest_range_ok(gpa, len))
		host_error("%s (%u bytes at %#x) does not fit in %u MiB of guest "
			   "memory", what, len, gpa, lg.mem >> 20);
	memcpy(gp(gpa), src, len);
}

/* 2.6.24 map_elf(): each PT_LOAD's file bytes at p_paddr; entry e_entry. */
static u32 map_elf(const struct image *img, u32 *end)
{
	const Elf32_Ehdr *eh = (const void *)img->data;
	u32 phsize = eh->e_phnum * sizeof(Elf32_Phdr);

	if (img->size < sizeof(*eh) || eh->e_type != ET_EXEC ||
	    eh->e_machine != EM_386 || eh->e_phentsize != sizeof(Elf32_Phdr) ||
	    eh->e_phnum < 1 || eh->e_phnum > 65536U / sizeof(Elf32_Phdr) ||
	    eh->e_phoff > img->size || phsize > img->size - eh->e_phoff)
		kill_guest("Malformed elf header");

	*end = 0;
	for (u32 i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const void *)(img->data + eh->e_phoff +
						      i * sizeof(*ph));

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset > img->size || ph->p_filesz > img->size - ph->p_offset)
			host_error("ELF segment %u lies outside the file", i);
		copy_to_guest(ph->p_paddr, img->data + ph->p_offset,
			      ph->p_filesz, "ELF segment");
		*end = MAX(*end, ph->p_paddr + ph->p_filesz);
	}
	return eh->e_entry;
}

/* 2.6.24 load_bzimage(): no setup_sects 0 rule, header not copied. */
static u32 load_bzimage(const struct image *img, u32 *end)
{
	u32 off;

	if (!bz_has_header(img))
		kill_guest("This doesn't look like a bzImage to me");
	off = bz_pm_offset(img, false);
	if (off > img->size)
		host_error("bzImage ends (%u bytes) before its protected-mode "
			   "part (file offset %#x)", img->size, off);
	copy_to_guest(LGUEST_KERNEL_LOAD, img->data + off, img->size - off,
		      "kernel");
	*end = LGUEST_KERNEL_LOAD + (img->size - off);
	return bz_u32(img, BP_code32_start);
}

static u32 load_kernel(const struct module *m, u32 *end)
{
	struct image img = { m->data, m->size };

	if (m->size >= 4 && !memcmp(m->data, "\177ELF", 4))
		return map_elf(&img, end);
	return load_bzimage(&img, end);
}

/* The initrd goes at the top of guest memory, page-aligned; the launcher
 * reported the aligned size as ramdisk_size. */
static u32 load_initrd(const struct module *m)
{
	u32 len;

	if (m->size > lg.mem)
		host_error("initrd (%u bytes) does not fit in %u MiB of guest "
			   "memory", m->size, lg.mem >> 20);
	len = ALIGN_UP(m->size, PAGE_SIZE);
	memcpy(gp(lg.mem - len), m->data, m->size);
	return len;
}

/* 2.6.24 setup_pagetables(): identity map of [0, mem), one page directory
 * below the initrd and the PTE pages right below it. */
static u32 setup_pagetables(u32 initrd_size, u32 kernel_end)
{
	u32 pages = lg.mem >> PAGE_SHIFT;
	u32 ptepages = (pages + PTES - 1) / PTES;
	u32 pgdir = lg.mem - initrd_size - PAGE_SIZE;
	u32 linear = pgdir - ptepages * PAGE_SIZE;
	u32 *pte = gp(linear), *pde = gp(pgdir);

	if (lg.mem - initrd_size < (ptepages + 1) * PAGE_SIZE + kernel_end)
		host_error("guest memory too small: the kernel ends at %#x, the "
			   "page tables would start at %#x",
			   kernel_end, lg.mem - initrd_size -
			   (ptepages + 1) * PAGE_SIZE);
	for (u32 i = 0; i < pages; i++)
		pte[i] = (i << PAGE_SHIFT) | IDENT_FLAGS;
	for (u32 i = 0; i < pages; i += PTES)
		pde[i / PTES] = (linear + i * 4) | IDENT_FLAGS;
	return pgdir;
}

/* 2.6.24 concat(): every argument followed by one space, then NUL. */
static void setup_cmdline(const char *args)
{
	char *dst = gp(LGUEST_CMDLINE);
	u32 room = LGUEST_KERNEL_LOAD - LGUEST_CMDLINE - 1, len;
	const char *word;

	while ((word = next_word(&args, &len))) {
		if (len + 1 > room)
			host_error("guest command line too long");
		memcpy(dst, word, len);
		dst[len] = ' ';
		dst += len + 1;
		room -= len + 1;
	}
	*dst = '\0';
}

void launcher_setup(const struct boot_info *bi, const struct host_options *opt)
{
	struct boot_params *boot;
	u32 kernel_end, initrd_size = 0;

	if (bi->nr_modules == 0)
		host_error("no guest kernel: pass it as the first module, "
			   "-initrd \"<bzImage> <args...>[,<initrd>]\"");
	if (bi->nr_modules > 2)
		host_error("%u modules: expected a kernel and at most one initrd",
			   bi->nr_modules);
	place_guest_memory(bi, opt->mem_mb);

	lg.entry = load_kernel(&bi->modules[0], &kernel_end);
	boot = gp(LGUEST_ZERO_PAGE);
	if (bi->nr_modules > 1) {
		initrd_size = load_initrd(&bi->modules[1]);
		boot->hdr.ramdisk_image = lg.mem - initrd_size;
		boot->hdr.ramdisk_size = initrd_size;
		boot->hdr.type_of_loader = LOADER_UNDEFINED;
	}
	lg.pgdir = setup_pagetables(initrd_size, kernel_end);

	boot->e820_entries = 1;
	boot->e820_table[0] = (struct boot_e820_entry){ 0, lg.mem, E820_TYPE_RAM };
	boot->hdr.cmd_line_ptr = LGUEST_CMDLINE;
	setup_cmdline(skip_word(bi->modules[0].cmdline));
	boot->hdr.version = opt->version;
	boot->hdr.hardware_subarch = opt->subarch;
	if (opt->keep_segments)
		boot->hdr.loadflags |= KEEP_SEGMENTS;

	console_newline();
	printf("lguest: starting guest: %u MiB, entry %#x, ",
	       lg.mem >> 20, lg.entry);
	if (initrd_size)
		printf("initrd %u bytes at %#x, ", bi->modules[1].size,
		       lg.mem - initrd_size);
	else
		printf("no initrd, ");
	printf("cmdline ");
	print_quoted(gp(LGUEST_CMDLINE));
	printf("\n");
}
