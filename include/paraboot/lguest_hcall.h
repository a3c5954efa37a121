/* SPDX-License-Identifier: MIT */
/* Making an lguest hypercall, 2.6.24 style: int $0x1f with %eax = call,
 * %edx, %ebx, %ecx = arguments.  Shared by the decompressor's error path
 * and the kernel's lguest support. */
#ifndef PARABOOT_LGUEST_HCALL_H
#define PARABOOT_LGUEST_HCALL_H

#include <paraboot/lguest.h>

static inline void lguest_hcall(u32 call, u32 arg1, u32 arg2, u32 arg3)
{
	asm volatile("int $0x1f"
		     : "+a"(call)
		     : "d"(arg1), "b"(arg2), "c"(arg3)
		     : "memory");
}

#endif
