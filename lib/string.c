// SPDX-License-Identifier: MIT
/*
 * Memory and string functions for freestanding code.  Compilers emit calls
 * to memcpy/memset/memmove themselves, so every stage links these.  The
 * bulk copies go a word at a time; the decompressor's ELF loader copies
 * the whole kernel with them.
 */
#include <paraboot/string.h>

typedef unsigned long word_t;

#ifdef STRING_SMALL
/*
 * The 16-bit setup (scripts/build.mk): its copies are a few KiB once per
 * boot, and each 32-bit operation there carries a prefix, so the string
 * instructions do it in a tenth of the bytes.  %ds = %es there and the
 * direction flag is clear (arch-x86-boot/header.S); the 32-bit index
 * registers are named so that gas adds the address-size prefix.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep; movsb (%%esi), %%es:(%%edi)"
		     : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	asm volatile("rep; stosb %%al, %%es:(%%edi)"
		     : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}
#else
void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	/* Word copies only need both pointers aligned alike. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & (sizeof(word_t) - 1)) == 0) {
		while (n && ((uintptr_t)d & (sizeof(word_t) - 1))) {
			*d++ = *s++;
			n--;
		}
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	word_t pattern = (u8)c;

	pattern |= pattern << 8;
	pattern |= pattern << 16;
	if (sizeof(word_t) > 4)
		pattern |= (pattern << 16) << 16;
	while (n && ((uintptr_t)d & (sizeof(word_t) - 1))) {
		*d++ = c;
		n--;
	}
	for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
		*(word_t *)d = pattern;
		d += sizeof(word_t);
	}
	while (n--)
		*d++ = c;
	return dst;
}
#endif

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlapping with dst above src: copy from the end down. */
	d += n;
	s += n;
	while (n--)
		*--d = *--s;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}
