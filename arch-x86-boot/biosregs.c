// SPDX-License-Identifier: MIT
/* The registers a BIOS call (bioscall.S) starts from. */
#include "boot.h"

void initregs(struct biosregs *regs)
{
	memset(regs, 0, sizeof(*regs));
	regs->eflags |= 0x0200;		/* IF: BIOSes expect it */
	regs->ds = ds();
	regs->es = ds();
	regs->fs = ds();
	regs->gs = ds();
}
