/* SPDX-License-Identifier: MIT */
/*
 * paraboot's Xen PV guest, in boot order: head.S (startup_xen, the ELF
 * note's entry), early.c (console, checks, the remap to PAGE_OFFSET, at
 * the builder's addresses), start.c (boot_params from start_info, then
 * start_kernel), with console.c and traps.c serving both phases.
 */
#ifndef XEN_GUEST_H
#define XEN_GUEST_H

#include <paraboot/xen.h>
#include "hypercall.h"

/* early.c */
extern struct start_info *xen_start_info;
extern const unsigned long *xen_p2m;
extern unsigned long xen_root_mfn;	/* paraboot's own top level, pinned */
extern unsigned int xen_entry_ring, xen_entry_paging;
extern volatile u64 xen_remap_probe;
#define XEN_REMAP_PROBE	0x70617261626f6f74ULL	/* "paraboot" */
void xen_early_setup(struct start_info *si, unsigned long cs,
		     unsigned long cr4);

/* start.c */
void __noreturn xen_start(void);

/* console.c: usable before and after the remap (position-independent) */
void xen_console_init(struct start_info *si);
void xen_console_rebase(long offset);
void xen_write(const char *s, size_t n);
void __noreturn xen_fatal(const char *fmt, ...) __printf(1, 2);
void __noreturn xen_shutdown(unsigned int reason);
/* A hypercall's result: negative is an error, and fatal. */
long xen_check(const char *hypercall, long rc);

/* traps.c */
void xen_traps_init(void);

#endif
