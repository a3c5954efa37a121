// SPDX-License-Identifier: MIT
/*
 * The Xen PV guest at PAGE_OFFSET: remove the identity map the remap
 * left, turn start_info into the boot_params every subarchitecture hands
 * start_kernel (hardware_subarch 2), and install the platform: the Xen
 * console, SCHEDOP_shutdown for power-off (poweroff) and errors (crash).
 */
#include <paraboot/string.h>
#include "../arch-x86-kernel/early.h"
#include "../arch-x86-kernel/kernel.h"
#include "xen.h"

extern char startup_xen[];

/* Xen's loader ID in the boot protocol's table (boot.rst: 9 = Xen). */
#define LOADER_XEN	0x90

/* Entry 0 of the top level (the L4, or the PAE PDPT) holds all of it. */
static void remove_identity_map(void)
{
	struct mmu_update req = {
		.ptr = ((u64)xen_root_mfn << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE,
		.val = 0,
	};
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	xen_check("mmu_update", HYPERVISOR_mmu_update(&req, 1));
	xen_check("mmuext_op(TLB_FLUSH_LOCAL)", HYPERVISOR_mmuext_op(&flush, 1));
}

/* Xen's map of the domain's memory, or else nr_pages of RAM from 0. */
static void memory_map(const struct start_info *si)
{
	struct xen_memory_map map = {
		.nr_entries = E820_MAX_ENTRIES_ZEROPAGE,
		.buffer = boot_params.e820_table,
	};
	long rc = HYPERVISOR_memory_op(XENMEM_memory_map, &map);

	if (rc == 0 && map.nr_entries > 0) {
		boot_params.e820_entries = map.nr_entries;
		return;
	}
	boot_params.e820_entries = 1;
	boot_params.e820_table[0] = (struct boot_e820_entry){
		0, (u64)si->nr_pages << PAGE_SHIFT, E820_TYPE_RAM };
}

static void build_boot_params(const struct start_info *si)
{
	struct setup_header *h = &boot_params.hdr;
	size_t n = strnlen(si->cmd_line, MAX_GUEST_CMDLINE);

	memcpy(boot_command_line, si->cmd_line, MIN(n, (size_t)COMMAND_LINE_SIZE));
	h->version = BOOT_PROTOCOL_VERSION;
	h->type_of_loader = LOADER_XEN;
	h->hardware_subarch = X86_SUBARCH_XEN;
	h->cmd_line_ptr = __pa(boot_command_line);
	h->cmdline_size = COMMAND_LINE_SIZE - 1;
	if (si->mod_len) {
		/* VIRT_BASE 0: a module address is its pseudo-physical one.
		 * The kernel maps the domain's memory and no more (early.c
		 * checked that it fits the direct map, so 32 bits hold it). */
		u64 memory = (u64)si->nr_pages << PAGE_SHIFT;
		u64 start = si->mod_start;

		if (si->flags & SIF_MOD_START_PFN)
			start = start > memory >> PAGE_SHIFT ? ~0ULL :
				start << PAGE_SHIFT;
		if (start > memory || si->mod_len > memory - start)
			panic("the Xen module (mod_start 0x%lx%s, mod_len "
			      "0x%lx) lies outside the domain's memory "
			      "(0-0x%llx)", si->mod_start,
			      (si->flags & SIF_MOD_START_PFN) ? ", a pfn" : "",
			      si->mod_len, memory);
		h->ramdisk_image = start;
		h->ramdisk_size = si->mod_len;
	}
	memory_map(si);
}

static void xen_platform_write(const char *s, size_t n)
{
	xen_write(s, n);
}

static void __noreturn xen_power_off(void)
{
	xen_shutdown(SHUTDOWN_poweroff);
}

static void __noreturn xen_halt(void)
{
	xen_shutdown(SHUTDOWN_crash);
}

/*
 * A top-level entry Xen must refuse: 64-bit, L4 slot 256, which holds
 * Xen's M2P; 32-bit PAE, a PDPT entry with RW set, a bit PDPT entries may
 * not have ("Bad L3 flags").  Both are -EINVAL.
 */
#ifdef __x86_64__
#define REFUSED_SLOT	256
#define REFUSED_ENTRY	0
#else
#define REFUSED_SLOT	1
#define REFUSED_ENTRY	(PTE_P | PTE_RW)
#endif

/*
 * Tests of the remap itself, asked for on the command line:
 *  paraboot.selftest=remap           a value written through the identity
 *                                    map before the remap reads back at
 *                                    PAGE_OFFSET after it;
 *  paraboot.selftest=identity-gone   reading through the identity map
 *                                    now faults (and ends in an error);
 *  paraboot.selftest=bad-mmu-update  Xen refuses an update of the top
 *                                    level (REFUSED_SLOT), and the refusal
 *                                    is reported.
 */
static void xen_selftests(void)
{
	volatile u64 *identity = (volatile u64 *)__pa(&xen_remap_probe);

	if (cmdline_option("paraboot.selftest=remap"))
		printk("paraboot: selftest remap: wrote 0x%llx at identity "
		       "0x%lx, read 0x%llx at 0x%lx\n",
		       (u64)(XEN_REMAP_PROBE ^ xen_start_info->nr_pages),
		       (unsigned long)identity, xen_remap_probe,
		       (unsigned long)&xen_remap_probe);
	if (cmdline_option("paraboot.selftest=identity-gone")) {
		printk("paraboot: selftest identity-gone: reading identity "
		       "0x%lx\n", (unsigned long)identity);
		printk("paraboot: selftest identity-gone: read 0x%llx, the "
		       "identity map is still there\n", *identity);
	}
	if (cmdline_option("paraboot.selftest=bad-mmu-update")) {
		struct mmu_update req = {
			.ptr = ((u64)xen_root_mfn << PAGE_SHIFT) +
			       REFUSED_SLOT * 8,
			.val = REFUSED_ENTRY,
		};

		printk("paraboot: selftest bad-mmu-update: top-level slot "
		       "%u = 0x%x\n", REFUSED_SLOT, REFUSED_ENTRY);
		xen_check("mmu_update", HYPERVISOR_mmu_update(&req, 1));
		printk("paraboot: selftest bad-mmu-update: Xen accepted it\n");
	}
}

static struct platform xen_platform = {
	.subarch = "xen",
	.entry = ENTRY_XEN,
	.write = xen_platform_write,
	.power_off = xen_power_off,
	.halt = xen_halt,
	.selftests = xen_selftests,
};

void xen_start(void)
{
	/* Everything the early code saved is an identity address. */
	xen_start_info = __va(xen_start_info);
	xen_p2m = __va(xen_p2m);
	xen_console_rebase(PAGE_OFFSET);
	kernel_pgt.table_offset = PAGE_OFFSET;
	xen_platform.ring = xen_entry_ring;
	xen_platform.paging = xen_entry_paging;
	xen_platform.entry_phys = __pa(startup_xen);
	platform_install(&xen_platform);
	xen_traps_init();
	remove_identity_map();

	build_boot_params(xen_start_info);
	start_kernel();
}
