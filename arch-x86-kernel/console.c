// SPDX-License-Identifier: MIT
/*
 * The kernel's console: whatever the subarchitecture entry installed
 * (16550 on a PC, console_io or the console ring on Xen, NOTIFY on
 * lguest).  panic() is the one way an error leaves the kernel: one
 * "paraboot: error: ..." line, then the platform's halt.
 */
#include "kernel.h"

static const struct platform *platform;

void platform_install(const struct platform *p)
{
	platform = p;
}

const struct platform *platform_get(void)
{
	return platform;
}

static void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (platform && platform->write)
		platform->write(buf, n);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("paraboot: error: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	platform->halt();
}
