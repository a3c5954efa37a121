// SPDX-License-Identifier: MIT
/* The few string functions the real-mode setup needs, kept small. */
#include "boot.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = c;
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void initregs(struct biosregs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->eflags |= 0x0200;		/* IF: BIOSes expect it */
	regs->ds = ds();
	regs->es = ds();
	regs->fs = ds();
	regs->gs = ds();
}
