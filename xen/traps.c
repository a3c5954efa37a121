// SPDX-License-Identifier: MIT
/*
 * Exceptions in the Xen PV guest.  Xen bounces a fault to the handler in
 * our trap table (set_trap_table); without one it would just kill the
 * domain.  The handlers are the PC's (arch-x86-kernel/entry_*.S and
 * do_exception() in traps.c), which say which exception, where, and
 * for a page fault which address (Xen emulates the read of %cr2 for PV
 * kernels), then stop through the platform: a crash shutdown here.
 *
 * A 32-bit guest's bounce frame is the CPU's own {[error code,] eip,
 * cs, eflags} (Xen's compat_create_bounce_frame), so its entries are the
 * PC stubs themselves; a 64-bit guest's has %rcx and %r11 on top, which
 * xen/entry.S takes off first.
 */
#include <paraboot/trap_frame.h>
#include "../arch-x86-kernel/kernel.h"
#include "xen.h"

#define NR_XEN_TRAPS	20

#ifdef __x86_64__
extern const char xen_trap_stubs[];
#define TRAP_ENTRY(v)	((unsigned long)xen_trap_stubs + (v) * TRAP_STUB_SIZE)
#else
extern const char trap_stubs[];
#define TRAP_ENTRY(v)	((unsigned long)trap_stubs + (v) * TRAP_STUB_SIZE)
#endif

static struct xen_trap_info trap_table[NR_XEN_TRAPS + 1];

void xen_traps_init(void)
{
	unsigned int n = 0;

	for (unsigned int v = 0; v < NR_XEN_TRAPS; v++) {
		if (v == 2 || v == 15)	/* NMI comes as a callback; 15 is reserved */
			continue;
		trap_table[n++] = (struct xen_trap_info){
			.vector = v,
			.flags = 0,		/* DPL 0: not reachable by int */
			.cs = FLAT_KERNEL_CS,
			.address = TRAP_ENTRY(v),
		};
	}
	/* The entry after the last is all zero: the table's end. */
	xen_check("set_trap_table", HYPERVISOR_set_trap_table(trap_table));
}
