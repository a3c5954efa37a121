/* SPDX-License-Identifier: MIT */
/* The PC's first serial port, a 16550 at 0x3f8: 115200 8n1 (lib/serial.c). */
#ifndef PARABOOT_SERIAL_H
#define PARABOOT_SERIAL_H

#include <paraboot/types.h>

void serial_open(void);			/* set up, then start a fresh line */
void serial_write(const char *s, size_t n);	/* turns \n into \r\n */
void serial_putc(char c);			/* one byte, as it is */

#endif
