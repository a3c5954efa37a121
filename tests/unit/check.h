/* SPDX-License-Identifier: MIT */
/*
 * What the decoders' host tests share: one PASS/FAIL/SKIP line per
 * check, "TAG: name" as tests/run expects it, the first failure's detail
 * and how many more followed; allocation that exits on failure, and
 * copies that end exactly where their allocation ends, so ASan reports a
 * read one byte past the input.
 *
 * Define CHECK_TAG (the suite's word, e.g. "inflate") before including
 * this, after the code under test.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_pass, n_fail, n_skip;

struct check {
	const char *name;
	bool failed;
	unsigned long more;	/* failures after the first */
	char detail[512];
};

static inline void check_init(struct check *c, const char *name)
{
	c->name = name;
	c->failed = false;
	c->more = 0;
	c->detail[0] = 0;
}

static inline __attribute__((format(printf, 2, 3)))
void check_fail(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed) {
		c->more++;
		return;
	}
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static inline void check_done(struct check *c)
{
	if (c->failed) {
		printf("FAIL: " CHECK_TAG ": %s: %s", c->name, c->detail);
		if (c->more)
			printf(" (and %lu more failures)", c->more);
		printf("\n");
		n_fail++;
	} else {
		printf("PASS: " CHECK_TAG ": %s\n", c->name);
		n_pass++;
	}
	fflush(stdout);
}

static inline void skip(const char *name, const char *reason)
{
	printf("SKIP: " CHECK_TAG ": %s: %s\n", name, reason);
	n_skip++;
}

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

/* A copy of buf whose last byte is its allocation's last. */
static inline u8 *dup_exact(const u8 *buf, size_t n)
{
	u8 *p = xmalloc(n);

	if (n)
		memcpy(p, buf, n);
	return p;
}

#endif
