// SPDX-License-Identifier: MIT
/*
 * The PVH entry's C half, called by pvh_entry.S before anything else: at
 * physical addresses, paging off (i386) or on pvh_entry.S's identity map
 * (x86_64), and before bss is cleared, so what it builds lives in .data.
 * It turns struct hvm_start_info into the zero page and boot record the
 * boot-protocol entry takes, checking what it reads: a bad start_info is a
 * named error, not a guess.  Compiled -fPIE like early.c.
 */
#include <paraboot/fatal.h>
#include <paraboot/pvh.h>
#include <paraboot/x86.h>
#include "kernel.h"

struct boot_params pvh_boot_params __section(".data") __aligned(16);
struct boot_record pvh_boot_record __section(".data");

/*
 * This runs at physical addresses (paging off, or pvh_entry.S's identity
 * map): a physical address is a pointer, and _end is the kernel's
 * physical end.  Host harnesses (tests/fuzz) define both first, onto
 * their model of physical memory.
 */
#ifndef phys_ptr
#define phys_ptr(pa)		((void *)(uintptr_t)(pa))
#define kernel_end_phys()	((u64)(uintptr_t)_end)
#endif
/* Harnesses ask on_xen() once: under virtualization each of its 256
 * CPUIDs is a VM exit, which would be most of a fuzzing run's time. */
#ifndef hypervisor_is_xen
#define hypervisor_is_xen()	on_xen()
#endif

/* What the entry can reach before the kernel maps memory of its own. */
#define REACHABLE	0x100000000ULL

/* boot.rst's loader IDs, as Linux's own PVH entry chooses them: Xen's
 * when Xen's CPUID leaves are there, QEMU's (0xB) for other hypervisors. */
#define LOADER_PVH_XEN	0x90
#define LOADER_PVH	0xb0
#define CPUID_HYPERVISOR_BASE	0x40000000
#define CPUID_HYPERVISOR_END	0x40010000

static bool on_xen(void)
{
	for (u32 leaf = CPUID_HYPERVISOR_BASE; leaf < CPUID_HYPERVISOR_END;
	     leaf += 0x100) {
		u32 a, b, c, d;

		asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(leaf), "c"(0));
		if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e)
			return true;		/* "XenVMMXenVMM" */
	}
	return false;
}

static const void *reach(u64 pa, u64 size, const char *what)
{
	if (!pa || pa >= REACHABLE || size > REACHABLE - pa)
		fatal("PVH %s at 0x%llx (+0x%llx) is not below 4 GiB", what,
		      pa, size);
	return phys_ptr(pa);
}

static void copy_memory_map(struct boot_params *bp,
			    const struct hvm_start_info *si)
{
	const u8 *m;
	u32 n = si->memmap_entries;

	if (si->version < HVM_START_INFO_MEMMAP_VERSION || !n)
		fatal("PVH start_info version %u has no memory map (%u "
		      "entries)", si->version, n);
	if (n > E820_MAX_ENTRIES_ZEROPAGE)
		fatal("PVH memory map has %u entries; the zero page holds %u",
		      n, E820_MAX_ENTRIES_ZEROPAGE);
	m = reach(si->memmap_paddr,
		  (u64)n * sizeof(struct hvm_memmap_table_entry), "memory map");
	for (u32 i = 0; i < n; i++) {
		struct hvm_memmap_table_entry e;

		/* start_info.h promises no alignment: copy, then read. */
		memcpy(&e, m + i * sizeof(e), sizeof(e));
		bp->e820_table[i] = (struct boot_e820_entry){
			e.addr, e.size, e.type };
	}
	bp->e820_entries = n;
}

/*
 * Where the initrd can go: the kernel reads it through its direct map, but
 * a PVH loader puts it where it likes (QEMU: at the top of low RAM).  So
 * place it as a boot-protocol loader would below initrd_addr_max: as high
 * as possible in RAM, below the direct map's end and above the kernel,
 * and clear of the command line, which the kernel head copies later.
 */
static u64 highest_fit(u64 lo, u64 hi, u64 size)
{
	return hi >= lo && hi - lo >= size ?
	       ALIGN_DOWN(hi - size, (u64)PAGE_SIZE) : 0;
}

static u64 initrd_destination(const struct boot_params *bp, u64 size)
{
	u64 floor = ALIGN_UP(kernel_end_phys(), (u64)PAGE_SIZE);
	u64 limit = MIN((u64)DIRECT_MAP_SIZE, REACHABLE), best = 0;
	u64 cl = bp->hdr.cmd_line_ptr, cl_end = cl + COMMAND_LINE_SIZE + 1;

	for (u32 i = 0; i < bp->e820_entries; i++) {
		const struct boot_e820_entry *e = &bp->e820_table[i];
		u64 lo = MAX(e->addr, floor);
		u64 hi = MIN(e->addr + e->size, limit);
		u64 at;

		if (e->type != E820_TYPE_RAM || hi < lo)
			continue;
		at = highest_fit(lo, hi, size);
		if (cl && at < cl_end && at + size > cl)	/* under it, then */
			at = MAX(highest_fit(lo, MIN(hi, cl), size),
				 highest_fit(MAX(lo, cl_end), hi, size));
		if (at >= lo)
			best = MAX(best, at);
	}
	return best;
}

/* Module 0 is the initrd, as Linux takes it. */
static void take_initrd(struct boot_params *bp,
			const struct hvm_start_info *si)
{
	struct hvm_modlist_entry mod;
	u64 at;

	if (!si->nr_modules)
		return;
	/* start_info.h promises no alignment: copy, then read. */
	memcpy(&mod, reach(si->modlist_paddr, sizeof(mod), "module list"),
	       sizeof(mod));
	if (!mod.size)
		return;
	reach(mod.paddr, mod.size, "module 0 (the initrd)");
	at = mod.paddr;
	if (at + mod.size > DIRECT_MAP_SIZE) {
		at = initrd_destination(bp, mod.size);
		if (!at)
			fatal("PVH initrd of %llu bytes at 0x%llx: no RAM below "
			      "0x%llx to move it to", mod.size, mod.paddr,
			      (u64)DIRECT_MAP_SIZE);
		memmove(phys_ptr(at), phys_ptr(mod.paddr), mod.size);
	}
	bp->hdr.ramdisk_image = (u32)at;
	bp->hdr.ramdisk_size = (u32)mod.size;
}

void pvh_prepare(const struct hvm_start_info *si);
void pvh_prepare(const struct hvm_start_info *si)
{
	struct boot_params *bp = &pvh_boot_params;
	struct setup_header *h = &bp->hdr;

	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		fatal("PVH start_info at 0x%lx: magic 0x%08x, not 0x%08x",
		      (unsigned long)(uintptr_t)si, si->magic,
		      XEN_HVM_START_MAGIC_VALUE);
	memset(bp, 0, sizeof(*bp));
	h->version = BOOT_PROTOCOL_VERSION;
	h->type_of_loader = hypervisor_is_xen() ? LOADER_PVH_XEN : LOADER_PVH;
	h->hardware_subarch = X86_SUBARCH_PC;
	h->cmdline_size = COMMAND_LINE_SIZE - 1;
	if (si->cmdline_paddr) {
		reach(si->cmdline_paddr, 1, "command line");
		h->cmd_line_ptr = (u32)si->cmdline_paddr;
	}
	bp->acpi_rsdp_addr = si->rsdp_paddr;
	copy_memory_map(bp, si);
	take_initrd(bp, si);

	pvh_boot_record = (struct boot_record){
		.magic = BOOT_RECORD_MAGIC,
		.entry = ENTRY_PVH,
		.cpl = 0,
		.paging = PAGING_NONE,
		/* No protected-mode part was loaded: the ELF was. */
		.load_addr = 0,
	};
}
