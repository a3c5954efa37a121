/* SPDX-License-Identifier: MIT */
/*
 * Ending the emulator.  QEMU's isa-debug-exit device (iobase=0xf4,
 * iosize=4) makes QEMU exit with status (value << 1) | 1, so value 0 gives
 * status 1 and value 1 gives status 3.  Without that device the write does
 * nothing; we then try the ACPI power-off QEMU's PC machines answer at
 * 0x604 (the PM1a control block SeaBIOS sets up) and finally stop the CPU.
 */
#ifndef HOSTLIB_EXIT_H
#define HOSTLIB_EXIT_H

#define DEBUG_EXIT_PORT	0xf4
#define EXIT_OK		0	/* QEMU exit status 1 */
#define EXIT_FAIL	1	/* QEMU exit status 3 */

#ifndef __ASSEMBLY__
#include <paraboot/types.h>

void __noreturn qemu_exit(u32 value);
#endif

#endif
