// SPDX-License-Identifier: MIT
/*
 * The decompressor prints only when it fails.  Where that message goes
 * depends on where we run: ring 0 is a PC with COM1; ring 1 with
 * hardware_subarch 1 is lguest, where the only console is a hypercall.
 * Under lguest the first hypercall must be LGUEST_INIT, so this path makes
 * it (the kernel never runs after an error, so it cannot mind).
 */
#include <paraboot/io.h>
#include <paraboot/lguest_hcall.h>
#include <paraboot/serial.h>
#include "misc.h"

enum console_kind { CONSOLE_NONE, CONSOLE_SERIAL, CONSOLE_LGUEST };

static enum console_kind console;
static bool lguest_ready;
static struct lguest_data lguest_data __aligned(16);
static char line[256];

void console_init(const struct boot_params *bp)
{
	unsigned int cpl = current_cpl();

	if (cpl == 0) {
		console = CONSOLE_SERIAL;
		serial_init();
	} else if (cpl == 1 && bp->hdr.version >= BOOT_PROTOCOL_PARAVIRT &&
		   bp->hdr.hardware_subarch == X86_SUBARCH_LGUEST) {
		console = CONSOLE_LGUEST;
	} else {
		console = CONSOLE_NONE;
	}
}

/* The identity map lguest starts us on makes our addresses physical. */
static u32 lguest_pa(const void *p)
{
	return (u32)(uintptr_t)p;
}

static void lguest_init_once(void)
{
	if (lguest_ready)
		return;
	memset(lguest_data.hcall_status, 0xff, sizeof(lguest_data.hcall_status));
	lguest_data.syscall_vec = 0x80;
	lguest_hcall(LHCALL_LGUEST_INIT, lguest_pa(&lguest_data), 0, 0);
	lguest_ready = true;
}

void console_write(const char *s)
{
	switch (console) {
	case CONSOLE_SERIAL:
		serial_write(s, strlen(s));
		break;
	case CONSOLE_LGUEST:
		lguest_init_once();
		lguest_hcall(LHCALL_NOTIFY, lguest_pa(s), 0, 0);
		break;
	case CONSOLE_NONE:
		break;
	}
}

static void __noreturn halt(void)
{
	if (console == CONSOLE_LGUEST)
		lguest_hcall(LHCALL_CRASH,
			     lguest_pa("paraboot stopped after an error"), 0, 0);
	for (;;) {
		if (current_cpl() == 0)
			asm volatile("cli; hlt");
		else
			asm volatile("ud2");	/* the hypervisor stops us */
	}
}

void error(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	n = snprintf(line, sizeof(line), "paraboot: error: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = strlen(line);
	line[n] = '\n';
	line[n + 1] = '\0';
	console_write(line);
	halt();
}
