// SPDX-License-Identifier: MIT
/*
 * A polled 16550 UART driver for COM1.  Used by the decompressor and the
 * PC kernel in ring 0; it never waits forever for a UART that is not
 * there, so a missing port costs time, not the boot.
 */
#include <paraboot/io.h>
#include <paraboot/serial.h>
#include <paraboot/uart.h>

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
