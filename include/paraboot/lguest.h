/* SPDX-License-Identifier: MIT */
/*
 * The lguest guest/host ABI as Linux 2.6.24 defined it (include/linux/lguest.h,
 * include/asm-x86/lguest_hcall.h, Documentation/lguest/lguest.c), which is the
 * ABI paraboot's lguest guest speaks and tests/lguest-host implements.
 *
 * Shared by the guest (lguest/) and the test host (tests/lguest-host/).
 */
#ifndef PARABOOT_LGUEST_H
#define PARABOOT_LGUEST_H

#include <paraboot/types.h>

/* "int $LGUEST_TRAP_ENTRY" is the hypercall; only this vector is DPL 1. */
#define LGUEST_TRAP_ENTRY	0x1f

/*
 * Hypercalls, 2.6.24 numbering.  Registers: %eax = call, %edx = arg1,
 * %ebx = arg2, %ecx = arg3.  The first call must be LHCALL_LGUEST_INIT.
 */
#define LHCALL_FLUSH_ASYNC	0
#define LHCALL_LGUEST_INIT	1	/* arg1: guest-physical &lguest_data */
#define LHCALL_CRASH		2	/* arg1: guest-physical message */
#define LHCALL_LOAD_GDT		3
#define LHCALL_NEW_PGTABLE	4	/* arg1: guest-physical page directory */
#define LHCALL_FLUSH_TLB	5	/* arg1: 1 = include kernel mappings */
#define LHCALL_LOAD_IDT_ENTRY	6
#define LHCALL_SET_STACK	7
#define LHCALL_TS		8
#define LHCALL_SET_CLOCKEVENT	9
#define LHCALL_HALT		10
#define LHCALL_SET_PTE		14
#define LHCALL_SET_PMD		15
#define LHCALL_LOAD_TLS		16
#define LHCALL_NOTIFY		17	/* arg1: guest-physical NUL-terminated string */

#define LHCALL_RING_SIZE	64

/* Guest segments: GDT entries 12 and 13 at DPL 1, selectors with RPL 1. */
#define LGUEST_GDT_KERNEL_CS	12
#define LGUEST_GDT_KERNEL_DS	13
#define LGUEST_KERNEL_CS	((LGUEST_GDT_KERNEL_CS << 3) | 1)	/* 0x61 */
#define LGUEST_KERNEL_DS	((LGUEST_GDT_KERNEL_DS << 3) | 1)	/* 0x69 */
#define LGUEST_GUEST_PL		1
/* Host-reserved GDT entries the guest can never load. */
#define LGUEST_GDT_HOST_CS	10	/* selector 0x50 */
#define LGUEST_GDT_HOST_DS	11	/* selector 0x58 */
#define LGUEST_GDT_TSS		16
#define LGUEST_GDT_DOUBLEFAULT_TSS 31
#define LGUEST_GDT_ENTRIES	32

/* Guest-physical layout the 2.6.24 launcher builds. */
#define LGUEST_ZERO_PAGE	0x0
#define LGUEST_CMDLINE		0x1000
#define LGUEST_KERNEL_LOAD	0x100000

/* 2.6.24 hosts shadow a non-PAE guest: 2-level tables, no large pages. */
#define LGUEST_PDE_ALLOWED	0x67	/* _PAGE_TABLE: P|RW|US|A|D */
#define LGUEST_SWITCHER_ADDR	0xffc00000
#define LGUEST_RESERVE_MEM	(4 << 20)

/* struct lguest_data offsets, for assembly. */
#define LGUEST_DATA_hcall_status	20
#define LGUEST_DATA_syscall_vec		1132
#define LGUEST_DATA_SIZE		1136

#ifndef __ASSEMBLY__

/* One entry of the asynchronous hypercall ring (2.6.24: arg0, arg2, arg3, arg1). */
struct lguest_hcall_args {
	u32 arg0;
	u32 arg2;
	u32 arg3;
	u32 arg1;
};

/* The page the guest shares with the host (2.6.24 layout, 1136 bytes). */
struct lguest_data {
	u32 irq_enabled;		/* guest: 0x200 = interrupts on */
	u32 blocked_interrupts[1];	/* guest: bitmap of 32 irqs */
	u32 cr2;			/* host: fault address */
	struct {
		s32 tv_sec;
		s32 tv_nsec;
	} time;				/* host: wall clock */
	u8 hcall_status[LHCALL_RING_SIZE];	/* 0xff = slot free */
	struct lguest_hcall_args hcalls[LHCALL_RING_SIZE];
	u32 reserve_mem;		/* host: bytes reserved at the top of VA */
	u32 tsc_khz;			/* host */
	u32 pgdir;			/* host: guest-physical initial page directory */
	u32 noirq_start;		/* guest */
	u32 noirq_end;			/* guest */
	u32 kernel_address;		/* guest: PAGE_OFFSET */
	u32 syscall_vec;		/* guest: system call vector */
};

ABI_SIZE(struct lguest_hcall_args, 16);
ABI_OFFSET(struct lguest_data, irq_enabled, 0);
ABI_OFFSET(struct lguest_data, blocked_interrupts, 4);
ABI_OFFSET(struct lguest_data, cr2, 8);
ABI_OFFSET(struct lguest_data, time, 12);
ABI_OFFSET(struct lguest_data, hcall_status, 20);
ABI_OFFSET(struct lguest_data, hcalls, 84);
ABI_OFFSET(struct lguest_data, reserve_mem, 1108);
ABI_OFFSET(struct lguest_data, tsc_khz, 1112);
ABI_OFFSET(struct lguest_data, pgdir, 1116);
ABI_OFFSET(struct lguest_data, noirq_start, 1120);
ABI_OFFSET(struct lguest_data, noirq_end, 1124);
ABI_OFFSET(struct lguest_data, kernel_address, 1128);
ABI_OFFSET(struct lguest_data, syscall_vec, 1132);
ABI_SIZE(struct lguest_data, 1136);
ABI_OFFSET(struct lguest_data, hcall_status, LGUEST_DATA_hcall_status);
ABI_OFFSET(struct lguest_data, syscall_vec, LGUEST_DATA_syscall_vec);
ABI_SIZE(struct lguest_data, LGUEST_DATA_SIZE);

#endif /* !__ASSEMBLY__ */
#endif
