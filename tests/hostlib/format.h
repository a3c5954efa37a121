/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting to any byte sink: %s %c %d %u %x, the '0' and
 * width modifiers, '#' (which prefixes 0x, also to 0: "%#x" of 0 is "0x0")
 * and %llx.  Decimal is 32-bit only (no libgcc division helpers here).
 */
#ifndef HOSTLIB_FORMAT_H
#define HOSTLIB_FORMAT_H

#include <paraboot/types.h>

typedef void (*format_out)(char c, void *ctx);

void vformat(format_out out, void *ctx, const char *fmt, __builtin_va_list ap);
/* s quoted as the boot report quotes command lines: "..." with \\, \"
 * and \xNN escapes. */
void format_quoted(format_out out, void *ctx, const char *s);

#endif
