// SPDX-License-Identifier: MIT
#include "console.h"
#include "format.h"
#include "io.h"

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_IER	1
#define UART_DLL	0	/* divisor latch, with LCR.DLAB */
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_LCR_DLAB	0x80
#define UART_LCR_8N1	0x03

/* The firmware may have left its last line open. */
static bool at_line_start;

void console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, 1);		/* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);		/* FIFOs on, cleared */
	outb(COM1 + UART_MCR, 0x03);		/* DTR, RTS */
}

static void serial_putc(char c)
{
	for (int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1 + UART_THR, c);
	at_line_start = (c == '\n');
}

void console_write(const char *buf, size_t len)
{
	while (len--)
		serial_putc(*buf++);
}

void console_newline(void)
{
	if (!at_line_start) {
		serial_putc('\r');
		serial_putc('\n');
	}
}

static void text_out(char c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
}

void vprintf(const char *fmt, __builtin_va_list ap)
{
	vformat(text_out, NULL, fmt, ap);
}

void printf(const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
}

void print_quoted(const char *s)
{
	format_quoted(text_out, NULL, s);
}
