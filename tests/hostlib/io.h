/* SPDX-License-Identifier: MIT */
/* Port I/O (include/paraboot/io.h) and stopping for good. */
#ifndef HOSTLIB_IO_H
#define HOSTLIB_IO_H

#include <paraboot/io.h>

static inline void __noreturn halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif
