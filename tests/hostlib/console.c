// SPDX-License-Identifier: MIT
/*
 * The test programs' console: COM1 through paraboot's own 16550 driver
 * (lib/serial.c) and formatter (lib/printf.c).  Guest output is written
 * as it is; the programs' own text gets \r\n line ends.
 */
#include <paraboot/serial.h>
#include <paraboot/string.h>
#include "console.h"

static bool at_line_start;

void console_init(void)
{
	serial_open();		/* it starts a fresh line */
	at_line_start = true;
}

static void putc_raw(char c)
{
	serial_putc(c);
	at_line_start = (c == '\n');
}

void console_write(const char *buf, size_t len)
{
	while (len--)
		putc_raw(*buf++);
}

void console_newline(void)
{
	if (!at_line_start) {
		putc_raw('\r');
		putc_raw('\n');
	}
}

static void text_out(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			putc_raw('\r');
		putc_raw(*s);
	}
}

void vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	text_out(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void print_quoted(const char *s)
{
	char q[4];

	text_out("\"", 1);
	for (; *s; s++)
		text_out(q, quote_byte(q, *s));
	text_out("\"", 1);
}
