/* SPDX-License-Identifier: MIT */
/* String and memory functions (lib/string.c), and the small formatter
 * (lib/printf.c) every stage prints with. */
#ifndef PARABOOT_STRING_H
#define PARABOOT_STRING_H

#include <paraboot/types.h>

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* Formats like C's snprintf for %c %s %d %i %u %x %X %p %% with the
 * 0, - and # flags (# gives hex a 0x prefix, also for 0), a width, a
 * precision for %s (also .*), and the l, ll and z length modifiers.
 * Always NUL-terminates; returns the length the full output would have
 * had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* One byte as the boot report quotes command lines: itself if printable,
 * \" and \\ for those two, \xNN otherwise.  Returns 1, 2 or 4. */
size_t quote_byte(char out[4], u8 c);

#endif
