// SPDX-License-Identifier: MIT
/*
 * Exceptions in the Xen PV guest.  Xen bounces a fault to the handler in
 * our trap table (set_trap_table); without one it would just kill the
 * domain.  These handlers say which exception, where, and for a page
 * fault which address (Xen leaves cr2 in vcpu_info, so shared_info is
 * mapped), then crash the domain.
 */
#include <paraboot/trap_frame.h>
#include <paraboot/x86.h>
#include "../arch-x86-kernel/kernel.h"
#include "xen.h"

#define NR_XEN_TRAPS	20

/* xen/entry.S: one 16-byte stub per vector. */
extern const char xen_trap_stubs[];

static u8 shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct xen_trap_info trap_table[NR_XEN_TRAPS + 1];

void xen_do_exception(struct trap_frame *f);
void xen_do_exception(struct trap_frame *f)
{
	const struct xen_vcpu_info *vcpu = (const void *)shared_info_page;

	if (f->vector == 14)
		panic("CPU exception 14 (#PF page fault) at ip 0x%lx, address "
		      "0x%lx, error code 0x%lx", f->ip, vcpu->cr2,
		      f->error_code);
	panic("CPU exception %lu at ip 0x%lx, error code 0x%lx", f->vector,
	      f->ip, f->error_code);
}

void xen_traps_init(void)
{
	unsigned int n = 0;

	/* shared_info is a machine page: map it over our placeholder. */
	xen_check("update_va_mapping(shared_info)",
		  HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
			xen_start_info->shared_info | PTE_P | PTE_RW | PTE_US |
			PTE_A | PTE_D, UVMF_INVLPG));

	for (unsigned int v = 0; v < NR_XEN_TRAPS; v++) {
		if (v == 2 || v == 15)	/* NMI comes as a callback; 15 is reserved */
			continue;
		trap_table[n++] = (struct xen_trap_info){
			.vector = v,
			.flags = 0,		/* DPL 0: not reachable by int */
			.cs = FLAT_KERNEL_CS64,
			.address = (unsigned long)xen_trap_stubs + v * 16,
		};
	}
	/* The entry after the last is all zero: the table's end. */
	xen_check("set_trap_table", HYPERVISOR_set_trap_table(trap_table));
}
