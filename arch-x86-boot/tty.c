// SPDX-License-Identifier: MIT
/*
 * Setup's only output is an error: one line on COM1 (lib/serial.c), where
 * the boot report would have gone, and on the screen through the BIOS.
 */
#include <paraboot/fatal.h>
#include <paraboot/serial.h>
#include "boot.h"

/* Where an INT 10h that is the video BIOS's own points: the PC's video
 * option ROM segment. */
#define VIDEO_ROM_SEG	0xc000
#define IVT_INT10	(0x10 * 4)

static char line[256];

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

static void bios_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			bios_putchar('\r');
		bios_putchar(*s);
	}
}

/*
 * The screen only through a video BIOS's own INT 10h: firmware that
 * hooks it to copy the screen to a serial port (SeaBIOS's sercon under
 * QEMU -nographic, server BIOSes' console redirection) would put a
 * second copy of the line on COM1.
 */
static bool bios_is_plain_video(void)
{
	set_fs(0);
	return rdfs32(IVT_INT10) >> 16 == VIDEO_ROM_SEG;
}

void die(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	/*
	 * No interrupts from here on: SeaBIOS's sercon writes the rest of
	 * its own output to COM1 from its timer interrupt, into our line.
	 */
	asm volatile("cli");
	va_start(ap, fmt);
	n = format_error_line(line, sizeof(line), fmt, ap);
	va_end(ap);
	serial_open();		/* on a fresh line */
	serial_write(line, n);
	if (bios_is_plain_video()) {
		bios_puts("\n");
		bios_puts(line);
	}
	for (;;)
		asm volatile("cli; hlt");
}
