/* SPDX-License-Identifier: MIT */
/*
 * The last words of a boot stage that has no console of its own yet
 * (lib/fatal.c): the decompressor, and the kernel head before a
 * subarchitecture entry has installed its platform.
 */
#ifndef PARABOOT_FATAL_H
#define PARABOOT_FATAL_H

#include <paraboot/string.h>

/* "paraboot: error: <message>\n" into buf; returns its length
 * (lib/printf.c: the setup, which has no fatal(), prints it too). */
size_t format_error_line(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * Print one error line and stop, on the console the privilege level
 * implies: ring 0 is a PC (COM1, then cli; hlt); ring 1 is lguest (its
 * console is a hypercall after LGUEST_INIT, then LHCALL_CRASH); anything
 * else has no console paraboot knows (ud2 hands us to the hypervisor).
 */
void __noreturn fatal(const char *fmt, ...) __printf(1, 2);

#endif
