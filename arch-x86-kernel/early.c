// SPDX-License-Identifier: MIT
/*
 * What the kernel does before it has paging of its own, called from
 * head_{32,64}.S: build the PC's page tables, and report a dispatch
 * failure.  This file (and everything it calls) is compiled -fPIE and
 * checked by scripts/check-pic: it runs at physical addresses, where a
 * pointer the compiler forms from a symbol is the physical one.
 */
#include <paraboot/io.h>
#include <paraboot/lguest_hcall.h>
#include <paraboot/pgtable.h>
#include <paraboot/serial.h>
#include "kernel.h"
#include "early.h"

struct pgt kernel_pgt;
u64 kernel_identity_end;
u8 pgt_pool[PGT_POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);

static u8 early_lguest_data[sizeof(struct lguest_data)] __aligned(16);
static char early_msg[256];

/*
 * Say one line on whatever console the privilege level implies, and
 * stop: ring 0 is a PC with COM1; ring 1 is lguest (its console is a
 * hypercall, after LGUEST_INIT); anything else has no console we know.
 */
static void __noreturn early_fatal(const char *fmt, ...) __printf(1, 2);
static void early_fatal(const char *fmt, ...)
{
	unsigned int cpl = current_cpl();
	va_list ap;
	size_t n;

	n = snprintf(early_msg, sizeof(early_msg), "paraboot: error: ");
	va_start(ap, fmt);
	vsnprintf(early_msg + n, sizeof(early_msg) - n - 1, fmt, ap);
	va_end(ap);
	n = strlen(early_msg);
	early_msg[n++] = '\n';
	early_msg[n] = '\0';

	if (cpl == 0) {
		serial_init();
		serial_write(early_msg, n);
		for (;;)
			asm volatile("cli; hlt");
	}
	if (cpl == 1) {
		struct lguest_data *ld = (void *)early_lguest_data;

		memset(ld->hcall_status, 0xff, sizeof(ld->hcall_status));
		ld->syscall_vec = 0x80;
		lguest_hcall(LHCALL_LGUEST_INIT, (uintptr_t)ld, 0, 0);
		lguest_hcall(LHCALL_NOTIFY, (uintptr_t)early_msg, 0, 0);
		lguest_hcall(LHCALL_CRASH,
			     (uintptr_t)"paraboot stopped after an error", 0, 0);
	}
	for (;;)
		asm volatile("ud2");
}

static const char *subarch_name(u32 subarch)
{
	switch (subarch) {
	case X86_SUBARCH_PC:		return "pc";
	case X86_SUBARCH_LGUEST:	return "lguest";
	case X86_SUBARCH_XEN:		return "xen";
	case X86_SUBARCH_INTEL_MID:	return "intel-mid";
	case X86_SUBARCH_CE4100:	return "ce4100";
	default:			return NULL;
	}
}

void early_unknown_subarch(u32 subarch)
{
	const char *name = subarch_name(subarch);

	if (name)
		early_fatal("unknown hardware_subarch %u (%s): paraboot has "
			    "no entry for it", subarch, name);
	early_fatal("unknown hardware_subarch %u", subarch);
}

void early_subarch_not_built(u32 subarch)
{
	const char *why = "";

#ifdef __x86_64__
	if (subarch == X86_SUBARCH_LGUEST)
		why = ": lguest is 32-bit only; boot the i386 image";
	else if (subarch == X86_SUBARCH_XEN)
		why = ": a Xen PV guest enters through XEN_ELFNOTE_ENTRY, "
		      "not the boot protocol";
#else
	if (subarch == X86_SUBARCH_LGUEST)
		why = ": 2.6.24 lguest runs 2-level guests; boot a build "
		      "without PAE";
	else if (subarch == X86_SUBARCH_XEN)
		why = ": Xen PV support is in the x86_64 image";
#endif
	early_fatal("hardware_subarch %u (%s) is not built in%s", subarch,
		    subarch_name(subarch), why);
}

/*
 * The PC's tables: the kernel's own physical range identity-mapped (the
 * code that turns paging on runs there) and physical memory at
 * PAGE_OFFSET, with large pages.  Returns the CR3 value.
 */
unsigned long early_pc_pgtables(void)
{
	phys_addr_t pool = (uintptr_t)pgt_pool;

	kernel_identity_end = ALIGN_UP((u64)(uintptr_t)_end, PGT_LARGE_SIZE);
	if (pgt_init(&kernel_pgt, pool, pool + sizeof(pgt_pool), 0, true) ||
	    pgt_map(&kernel_pgt, 0, 0, kernel_identity_end) ||
	    pgt_map(&kernel_pgt, PAGE_OFFSET, 0, DIRECT_MAP_SIZE))
		early_fatal("the early page-table pool (%u pages) is too small",
			    PGT_POOL_PAGES);
	return kernel_pgt.root;
}
