// SPDX-License-Identifier: MIT
/*
 * A polled 16550 UART driver for COM1.  Used by the decompressor and the
 * PC kernel in ring 0; it never waits forever for a UART that is not
 * there, so a missing port costs time, not the boot.
 */
#include <paraboot/io.h>
#include <paraboot/serial.h>

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_DLL	0	/* divisor latch, with DLAB */
#define UART_IER	1
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_FCR_ON	0x07	/* enable and clear both FIFOs */
#define UART_MCR_DTR_RTS 0x03
#define UART_LSR_THRE	0x20
#define BAUD_DIVISOR	1	/* 115200 baud from the 1.8432 MHz clock */

/*
 * Set the UART up and start a fresh line: the firmware's last message
 * (SeaBIOS's "Booting from ROM..") ends without a newline, and a
 * paraboot line glued to it would not start with "paraboot: ".  Only one
 * stage ever opens the console (the others print nothing or stop), so a
 * boot's output has exactly one such line break.
 */
void serial_open(void)
{
	outb(0x00, COM1 + UART_IER);
	outb(UART_LCR_DLAB, COM1 + UART_LCR);
	outb(BAUD_DIVISOR & 0xff, COM1 + UART_DLL);
	outb(BAUD_DIVISOR >> 8, COM1 + UART_DLM);
	outb(UART_LCR_8N1, COM1 + UART_LCR);
	outb(UART_FCR_ON, COM1 + UART_FCR);
	outb(UART_MCR_DTR_RTS, COM1 + UART_MCR);
	serial_write("\n", 1);
}

void serial_putc(char c)
{
	unsigned int spins = 100000;

	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && --spins)
		;
	outb(c, COM1 + UART_THR);
}

void serial_write(const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}
