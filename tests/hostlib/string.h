/* SPDX-License-Identifier: MIT */
/* String functions (lib/string.c, shared with paraboot) and the one the
 * test programs add: parsing their numeric command-line options. */
#ifndef HOSTLIB_STRING_H
#define HOSTLIB_STRING_H

#include <paraboot/string.h>

/*
 * Parses the number in s[0..len): decimal, or hex with a 0x prefix.
 * Returns false unless all of it is a number that fits in 32 bits.
 */
bool parse_u32(const char *s, u32 len, u32 *val);

#endif
