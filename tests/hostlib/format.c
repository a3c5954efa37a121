// SPDX-License-Identifier: MIT
#include "format.h"

static void put_number(format_out out, void *ctx, u64 v, unsigned base,
		       int width, bool zero, bool alt, bool negative)
{
	char buf[24];
	u32 dec = (u32)v;	/* decimal is only ever asked for 32 bits */
	int n = 0;

	do {
		if (base == 16) {
			buf[n++] = "0123456789abcdef"[v & 15];
			v >>= 4;
		} else {
			buf[n++] = '0' + dec % 10;
			v = dec /= 10;
		}
	} while (v);
	if (negative)
		width--;
	if (alt)
		width -= 2;
	if (!zero)
		for (; width > n; width--)
			out(' ', ctx);
	if (negative)
		out('-', ctx);
	if (alt) {
		out('0', ctx);
		out('x', ctx);
	}
	if (zero)
		for (; width > n; width--)
			out('0', ctx);
	while (n)
		out(buf[--n], ctx);
}

void format_quoted(format_out out, void *ctx, const char *s)
{
	out('"', ctx);
	for (; *s; s++) {
		u8 c = *s;

		if (c == '"' || c == '\\') {
			out('\\', ctx);
			out(c, ctx);
		} else if (c >= 0x20 && c < 0x7f) {
			out(c, ctx);
		} else {
			out('\\', ctx);
			out('x', ctx);
			out("0123456789abcdef"[c >> 4], ctx);
			out("0123456789abcdef"[c & 15], ctx);
		}
	}
	out('"', ctx);
}

void vformat(format_out out, void *ctx, const char *fmt, __builtin_va_list ap)
{
	for (; *fmt; fmt++) {
		bool zero = false, alt = false;
		int width = 0, longs = 0;

		if (*fmt != '%') {
			out(*fmt, ctx);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			int v = __builtin_va_arg(ap, int);

			put_number(out, ctx, v < 0 ? -(unsigned)v : (unsigned)v,
				   10, width, zero, false, v < 0);
			break;
		}
		case 'u':
			put_number(out, ctx, __builtin_va_arg(ap, unsigned), 10,
				   width, zero, false, false);
			break;
		case 'x':
			put_number(out, ctx, longs == 2 ?
				   __builtin_va_arg(ap, unsigned long long) :
				   __builtin_va_arg(ap, unsigned),
				   16, width, zero, alt, false);
			break;
		case 'c':
			out(__builtin_va_arg(ap, int), ctx);
			break;
		case 's':
			for (const char *s = __builtin_va_arg(ap, const char *); *s; s++)
				out(*s, ctx);
			break;
		case '%':
			out('%', ctx);
			break;
		default:
			out('%', ctx);
			if (!*fmt)
				return;
			out(*fmt, ctx);
			break;
		}
	}
}
