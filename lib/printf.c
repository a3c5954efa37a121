// SPDX-License-Identifier: MIT
/*
 * A small vsnprintf: enough for boot messages, no floating point, and
 * position-independent (no tables of pointers), so the decompressor can
 * run it wherever it was moved.  And the error line every stage prints.
 */
#include <paraboot/fatal.h>
#include <paraboot/string.h>

#define ERROR_PREFIX	"paraboot: error: "

/*
 * PRINTF_SMALL (the 16-bit setup, scripts/build.mk) keeps only what the
 * setup's messages use: %u, %x and %lx, with a width and 0 padding, on
 * 32-bit values.  Any other conversion shows as written, as an unknown
 * one does.  In 16-bit code every 32-bit operation carries a prefix and
 * 64-bit ones are long sequences: the full printf is ~1.9 KiB there,
 * this one about a third of it, and the setup a sector or two shorter.
 */
#ifdef PRINTF_SMALL
typedef u32 uintmax;
typedef s32 intmax;
#else
typedef u64 uintmax;
typedef s64 intmax;
#endif

struct out {
	char *buf;
	size_t size;
	size_t len;		/* what the full output would need */
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void emit_padded(struct out *o, const char *s, size_t n, int width,
			bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			emit(o, pad);
	while (n--)
		emit(o, *s++);
	if (left)
		while (fill-- > 0)
			emit(o, ' ');
}

/* v /= base, returning the remainder, without libgcc's 64-bit division
 * (freestanding i386 code has no __udivdi3). */
static unsigned int divide(uintmax *v, unsigned int base)
{
#if defined(__i386__) && !defined(PRINTF_SMALL)
	u32 lo = (u32)*v, hi = (u32)(*v >> 32);
	u32 rem = hi % base;

	hi /= base;
	/* rem < base, so (rem:lo) / base fits in 32 bits */
	asm("divl %2" : "+a"(lo), "+d"(rem) : "rm"(base));
	*v = ((u64)hi << 32) | lo;
	return rem;
#else
	unsigned int rem = *v % base;

	*v /= base;
	return rem;
#endif
}

static void emit_number(struct out *o, uintmax v, unsigned int base, bool upper,
			bool negative, bool alt, int width, bool left, char pad)
{
	char digits[26];
	int n = 0;

	do {
		unsigned int d = divide(&v, base);

		digits[sizeof(digits) - 1 - n++] =
			d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10;
	} while (v);
	/* A sign or 0x goes before zero padding, after space padding. */
	if (pad == '0') {
		if (negative) {
			emit(o, '-');
			width--;
		}
		if (alt) {
			emit(o, '0');
			emit(o, upper ? 'X' : 'x');
			width -= 2;
		}
	} else {
		if (alt) {
			digits[sizeof(digits) - 1 - n++] = upper ? 'X' : 'x';
			digits[sizeof(digits) - 1 - n++] = '0';
		}
		if (negative)
			digits[sizeof(digits) - 1 - n++] = '-';
	}
	emit_padded(o, digits + sizeof(digits) - n, n, width, left, pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, is_signed = false, upper = false, alt = false;
		char pad = ' ';
		int width = 0, longs = 0;
#ifndef PRINTF_SMALL
		int precision = -1;
#endif
		unsigned int base = 10;
		uintmax v;

		if (*fmt != '%') {
			emit(&o, *fmt);
			continue;
		}
		fmt++;
#ifdef PRINTF_SMALL
		if (*fmt == '0')
			pad = '0';
#else
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
#endif
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
#ifndef PRINTF_SMALL
		if (*fmt == '.') {
			fmt++;
			precision = 0;
			if (*fmt == '*') {
				precision = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				precision = precision * 10 + (*fmt - '0');
		}
#endif
		for (; *fmt == 'l'; fmt++)
			longs++;
#ifndef PRINTF_SMALL
		if (*fmt == 'z') {
			longs = sizeof(size_t) == 8 ? 2 : 0;
			fmt++;
		}
#endif

		switch (*fmt) {
#ifndef PRINTF_SMALL
		case 'c':
			emit_padded(&o, &(char){ (char)va_arg(ap, int) }, 1,
				    width, left, ' ');
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			emit_padded(&o, s, precision < 0 ? strlen(s) :
				    strnlen(s, precision), width, left, ' ');
			continue;
		}
		case 'p':
			/* The alternate form is what gives it its 0x. */
			emit_number(&o, (uintptr_t)va_arg(ap, void *), 16,
				    false, false, true, width, left, pad);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
#endif
		case 'u':
			break;
#ifndef PRINTF_SMALL
		case 'X':
			upper = true;
			base = 16;
			break;
#endif
		case 'x':
			base = 16;
			break;
		case '%':
			emit(&o, '%');
			continue;
		default:		/* unknown: show it as written */
			emit(&o, '%');
			if (*fmt)
				emit(&o, *fmt);
			else
				fmt--;
			continue;
		}

		if (longs >= 2)
			v = (uintmax)va_arg(ap, u64);
		else if (longs == 1)
			v = is_signed ? (uintmax)(intmax)va_arg(ap, long) :
					(uintmax)va_arg(ap, unsigned long);
		else
			v = is_signed ? (uintmax)(intmax)va_arg(ap, int) :
					(uintmax)va_arg(ap, unsigned int);

		alt &= base == 16;
		if (is_signed && (intmax)v < 0)
			emit_number(&o, -(intmax)v, base, upper, true, alt, width,
				    left, pad);
		else
			emit_number(&o, v, base, upper, false, alt, width,
				    left, pad);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

size_t format_error_line(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = sizeof(ERROR_PREFIX) - 1;

	memcpy(buf, ERROR_PREFIX, n);
	vsnprintf(buf + n, size - n - 1, fmt, ap);	/* room for the \n */
	n = strlen(buf);
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

size_t quote_byte(char out[4], u8 c)
{
	static const char hex[] = "0123456789abcdef";

	if (c == '"' || c == '\\') {
		out[0] = '\\';
		out[1] = c;
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = c;
		return 1;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 15];
	return 4;
}
