// SPDX-License-Identifier: MIT
/*
 * fatal(): see include/paraboot/fatal.h.  Position-independent like the
 * rest of lib/: the decompressor runs it wherever it was moved, and the
 * kernel before paging, at physical addresses.
 */
#include <paraboot/fatal.h>
#include <paraboot/io.h>
#include <paraboot/lguest_hcall.h>
#include <paraboot/serial.h>

static char fatal_line[256];
static struct lguest_data fatal_lguest_data __aligned(16);

/*
 * Under lguest the first hypercall must be LGUEST_INIT; a stage that
 * fails has made none, so it makes it here, with a lguest_data of its own.
 * The identity map lguest starts us on makes pointers physical addresses.
 */
static void lguest_say(const char *line)
{
	memset(fatal_lguest_data.hcall_status, 0xff,
	       sizeof(fatal_lguest_data.hcall_status));
	fatal_lguest_data.syscall_vec = 0x80;
	lguest_hcall(LHCALL_LGUEST_INIT, (uintptr_t)&fatal_lguest_data, 0, 0);
	lguest_hcall(LHCALL_NOTIFY, (uintptr_t)line, 0, 0);
	lguest_hcall(LHCALL_CRASH, (uintptr_t)"paraboot stopped after an error",
		     0, 0);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_error_line(fatal_line, sizeof(fatal_line), fmt, ap);
	va_end(ap);

	switch (current_cpl()) {
	case 0:
		serial_open();
		serial_write(fatal_line, n);
		for (;;)
			asm volatile("cli; hlt");
	case 1:
		lguest_say(fatal_line);
		break;
	}
	for (;;)
		asm volatile("ud2");
}
