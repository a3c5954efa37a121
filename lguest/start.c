// SPDX-License-Identifier: MIT
/*
 * The lguest guest at PAGE_OFFSET: drop the identity map, install the
 * platform (console through LHCALL_NOTIFY, power-off and errors through
 * LHCALL_CRASH, as 2.6.24 guests did) and start the kernel.
 */
#include <paraboot/lguest_hcall.h>
#include "../arch-x86-kernel/early.h"
#include "../arch-x86-kernel/kernel.h"
#include "lguest.h"

extern char startup_32[];

/* NOTIFY takes the physical address of a NUL-terminated string. */
static void lguest_write(const char *s, size_t n)
{
	static char buf[256];

	while (n) {
		size_t chunk = MIN(n, sizeof(buf) - 1);

		memcpy(buf, s, chunk);
		buf[chunk] = '\0';
		lguest_hcall(LHCALL_NOTIFY, __pa(buf), 0, 0);
		s += chunk;
		n -= chunk;
	}
}

static void __noreturn lguest_crash(const char *why)
{
	for (;;)
		lguest_hcall(LHCALL_CRASH, __pa(why), 0, 0);
}

static void __noreturn lguest_power_off(void)
{
	lguest_crash("Power down");
}

static void __noreturn lguest_halt(void)
{
	lguest_crash("paraboot stopped after an error");
}

static struct platform lguest_platform = {
	.subarch = "lguest",
	.write = lguest_write,
	.power_off = lguest_power_off,
	.halt = lguest_halt,
};

void lguest_start(void)
{
	kernel_pgt.table_offset = PAGE_OFFSET;
	pgt_unmap_top(&kernel_pgt, 0, lguest_identity_end);
	lguest_hcall(LHCALL_FLUSH_TLB, 1, 0, 0);

	if (boot_record.magic == BOOT_RECORD_MAGIC) {
		lguest_platform.entry = boot_record.entry;
		lguest_platform.ring = boot_record.cpl;
		lguest_platform.load_addr = boot_record.load_addr;
	} else {
		lguest_platform.entry = ENTRY_32;
		lguest_platform.ring = LGUEST_GUEST_PL;
	}
	lguest_platform.paging = lguest_paging_at_entry;
	lguest_platform.entry_phys = __pa(startup_32);
	platform_install(&lguest_platform);
	start_kernel();
}
