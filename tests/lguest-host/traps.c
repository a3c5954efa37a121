// SPDX-License-Identifier: MIT
/*
 * The run loop (2.6.24 run_guest() and lguest_arch_handle_trap()), and how
 * a run ends.  This host delivers no trap to the guest: a page fault its
 * own tables cannot satisfy, any other exception (a privileged instruction
 * in ring 1 is a #GP), is the end of the guest, reported the way 2.6.24's
 * kill_guest() worded it and the launcher printed it (errx: "lguest: ").
 */
#include "lg.h"
#include <paraboot/x86.h>
#include "console.h"
#include "exit.h"

#define X86_TRAP_NMI	2

static void begin_message(void)
{
	console_newline();	/* the guest may have left a line open */
	printf("lguest: ");
}

void host_message(const char *fmt, ...)
{
	__builtin_va_list ap;

	begin_message();
	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	printf("\n");
}

void kill_guest(const char *fmt, ...)
{
	__builtin_va_list ap;

	begin_message();
	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	printf("\n");
	qemu_exit(EXIT_FAIL);
}

/* LHCALL_CRASH: the guest's own end (power-off or panic), whatever it says. */
void guest_crashed(const char *msg)
{
	begin_message();
	printf("CRASH: %s\n", msg);
	qemu_exit(EXIT_OK);
}

void host_error(const char *fmt, ...)
{
	__builtin_va_list ap;

	begin_message();
	printf("error: ");
	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	printf("\n");
	qemu_exit(EXIT_FAIL);
}

/* Called by switcher.S for a trap taken in ring 0: a bug in this host. */
void __noreturn host_trap_report(const struct guest_regs *frame);
void host_trap_report(const struct guest_regs *frame)
{
	host_error("host trap %u at %#x (error %#x, cr2 %#x)",
		   frame->trapnum, frame->eip, frame->errcode, read_cr2());
}

static void handle_trap(struct guest_regs *regs)
{
	u32 cr2;

	switch (regs->trapnum) {
	case X86_TRAP_PF:
		cr2 = read_cr2();
		if (shadow_demand_page(cr2, regs->errcode))
			return;
		if (lg.initialized)
			guest_write_u32(lg.lguest_data +
					offsetof(struct lguest_data, cr2), cr2);
		kill_guest("unhandled trap %u at %#x (%#x)",
			   regs->trapnum, regs->eip, cr2);
	case LGUEST_TRAP_ENTRY:
		do_hypercall(regs);
		return;
	case X86_TRAP_NMI:
		return;
	default:
		/* Vectors from 32 up can only be external interrupts (every
		 * such gate is DPL 0): nothing the guest did. */
		if (regs->trapnum >= 32)
			return;
		kill_guest("unhandled trap %u at %#x (%#x)",
			   regs->trapnum, regs->eip, regs->errcode);
	}
}

/* The guest's first registers (2.6.24 lguest_arch_setup_regs()): ring 1,
 * flat segments 0x61/0x69, interrupts "on", everything else zero. */
static void setup_regs(struct guest_regs *regs)
{
	*regs = (struct guest_regs){
		.cs = LGUEST_KERNEL_CS,
		.ds = LGUEST_KERNEL_DS,
		.es = LGUEST_KERNEL_DS,
		.ss = LGUEST_KERNEL_DS,
		.eflags = 0x202,
		.eip = lg.entry,
	};
}

void run_guest(void)
{
	struct guest_regs *regs = guest_regs();

	setup_regs(regs);
	for (;;) {
		cpu_enter_guest();
		handle_trap(regs);
	}
}
