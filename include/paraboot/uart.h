/* SPDX-License-Identifier: MIT */
/*
 * The PC's first serial port, a 16550 at 0x3f8, as every stage that
 * writes to it directly sets it up: 115200 8n1.  For C and assembly
 * (lib/serial.c, the setup's tty.c and header.S, head_64.S).
 */
#ifndef PARABOOT_UART_H
#define PARABOOT_UART_H

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

#ifdef __ASSEMBLY__
/*
 * For the last words of code that has nothing else (16- or 32-bit): set
 * COM1 up, and send %ah once the transmitter is empty.  An absent UART
 * reads 0xff, THRE included, so the wait ends.  Both clobber %al, %dx.
 */
.macro UART_SETUP
	movw	$(COM1 + UART_LCR), %dx
	movb	$UART_LCR_DLAB, %al
	outb	%al, %dx
	movw	$(COM1 + UART_DLL), %dx
	movb	$BAUD_DIVISOR, %al
	outb	%al, %dx
	movw	$(COM1 + UART_DLM), %dx
	xorb	%al, %al
	outb	%al, %dx
	movw	$(COM1 + UART_LCR), %dx
	movb	$UART_LCR_8N1, %al
	outb	%al, %dx
.endm

.macro UART_PUTC
	movw	$(COM1 + UART_LSR), %dx
.Lthre\@:
	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	jz	.Lthre\@
	movb	%ah, %al
	movw	$COM1, %dx
	outb	%al, %dx
.endm
#endif

#endif
