// SPDX-License-Identifier: MIT
/*
 * Setup's only output is an error: it goes to COM1, where the boot report
 * would have gone, and to the screen through the BIOS.
 */
#include "boot.h"

#define COM1		0x3f8
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_DLAB	0x80
#define BAUD_DIVISOR	1		/* 115200 */

static int serial_ready;

static void serial_init(void)
{
	outb(0x00, COM1 + UART_IER);
	outb(UART_DLAB, COM1 + UART_LCR);
	outb(BAUD_DIVISOR & 0xff, COM1 + 0);
	outb(BAUD_DIVISOR >> 8, COM1 + 1);
	outb(0x03, COM1 + UART_LCR);	/* 8n1 */
	outb(0x07, COM1 + UART_FCR);	/* FIFOs on and cleared */
	outb(0x03, COM1 + UART_MCR);	/* DTR, RTS */
	serial_ready = 1;
}

static void serial_putchar(char c)
{
	int loops = 0xffff;

	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && --loops)
		io_delay();
	outb(c, COM1 + UART_THR);
}

static void bios_putchar(char c)
{
	struct biosregs ireg;

	initregs(&ireg);
	ireg.bx = 0x0007;
	ireg.cx = 0x0001;
	ireg.ah = 0x0e;
	ireg.al = c;
	intcall(0x10, &ireg, NULL);
}

static void putchar(char c)
{
	if (c == '\n')
		putchar('\r');
	if (!serial_ready)
		serial_init();
	serial_putchar(c);
	bios_putchar(c);
}

void puts(const char *s)
{
	while (*s)
		putchar(*s++);
}

void die(const char *why)
{
	/* On a fresh line: the BIOS's "Booting from ROM.." ends without one. */
	puts("\nparaboot: error: ");
	puts(why);
	puts("\n");
	for (;;)
		asm volatile("cli; hlt");
}
