/* SPDX-License-Identifier: MIT */
/* paraboot's lguest guest: early.c runs before paging is ours, start.c
 * after (see lguest/head.S for the order). */
#ifndef LGUEST_GUEST_H
#define LGUEST_GUEST_H

#include <paraboot/lguest.h>

extern struct lguest_data lguest_data;
extern unsigned int lguest_paging_at_entry;
extern u64 lguest_identity_end;

void lguest_early_setup(void);
void __noreturn lguest_start(void);

#endif
