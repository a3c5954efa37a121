/* SPDX-License-Identifier: MIT */
/*
 * What every harness here shares.  A harness is one translation unit that
 * includes the project's own .c files (as tests/unit does), built with
 * -DPARABOOT_HOSTED and -fsanitize=fuzzer,address,undefined.
 *
 * A finding is an abort() with one "fuzz: finding: ..." line on stderr:
 * libFuzzer then keeps the input as a crash reproducer.  A refusal (the
 * code under test said no, with a named error) is a normal outcome.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noreturn, format(printf, 1, 2)))
static inline void fuzz_finding(const char *fmt, ...)
{
	/* No <stdarg.h>: paraboot's string.h defines the va_ macros. */
	__builtin_va_list ap;

	fputs("fuzz: finding: ", stderr);
	__builtin_va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	__builtin_va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) fuzz_finding(__VA_ARGS__); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
