/* SPDX-License-Identifier: MIT */
/* The few C library string functions the test programs use. */
#ifndef HOSTLIB_STRING_H
#define HOSTLIB_STRING_H

#include <paraboot/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);

/*
 * Parses the number in s[0..len): decimal, or hex with a 0x prefix.
 * Returns false unless all of it is a number that fits in 32 bits.
 */
bool parse_u32(const char *s, u32 len, u32 *val);

#endif
