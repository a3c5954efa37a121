/* SPDX-License-Identifier: MIT */
/* Port I/O and the privilege-level query every stage's console needs. */
#ifndef PARABOOT_IO_H
#define PARABOOT_IO_H

#include <paraboot/types.h>

#ifndef __ASSEMBLY__

static inline void outb(u8 v, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(v), "dN"(port));
}

static inline void outw(u16 v, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(v), "dN"(port));
}

static inline void outl(u32 v, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(v), "dN"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "dN"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "dN"(port));
	return v;
}

/* The privilege level we run at: the RPL of %cs. */
static inline unsigned int current_cpl(void)
{
	unsigned long cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

#endif /* !__ASSEMBLY__ */
#endif
