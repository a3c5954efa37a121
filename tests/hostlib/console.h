/* SPDX-License-Identifier: MIT */
/*
 * The serial console: COM1, a 16550 at 0x3f8, 115200 8n1, which QEMU's
 * -nographic puts on stdout.  Formatting: lib/printf.c.
 */
#ifndef HOSTLIB_CONSOLE_H
#define HOSTLIB_CONSOLE_H

#include <paraboot/types.h>

void console_init(void);
/* Raw bytes, exactly as given (the guest's own output). */
void console_write(const char *buf, size_t len);
/* Formatted text; "\n" goes out as "\r\n". */
void printf(const char *fmt, ...) __printf(1, 2);
void vprintf(const char *fmt, __builtin_va_list ap);
/* A string quoted as format_quoted() does. */
void print_quoted(const char *s);
/* Starts a new line unless the cursor is already at the start of one. */
void console_newline(void);

#endif
