// SPDX-License-Identifier: MIT
/*
 * Hypercalls, as drivers/lguest/hypercalls.c handled them in 2.6.24:
 * "int $0x1f" with %eax = call, %edx = arg1, %ebx = arg2, %ecx = arg3;
 * %eax comes back unchanged.  LHCALL_LGUEST_INIT must come first.  Before
 * each synchronous call the host runs the guest's pending asynchronous
 * calls (lguest_data.hcall_status / hcalls), in ring order.
 */
#include "lg.h"
#include "console.h"
#include "string.h"

#define CRASH_MSG_LEN	128	/* 2.6.24: read 128 bytes, keep 127 */
#define HCALL_FREE	0xff	/* hcall_status: slot empty */

struct hcall_args {
	u32 nr, arg1, arg2, arg3;
};

#define DATA_FIELD(field)	(lg.lguest_data + offsetof(struct lguest_data, field))

/* LHCALL_NOTIFY on an address no device claims: the launcher wrote the
 * NUL-terminated string there to its stdout (handle_output()). */
static void notify(u32 addr)
{
	const char *s = (const char *)lg.base + addr;

	if (addr >= lg.mem)
		kill_guest("Bad NOTIFY %#x", addr);
	console_write(s, strnlen(s, lg.mem - addr));
}

static void __noreturn crash(u32 addr)
{
	char msg[CRASH_MSG_LEN];

	guest_read(msg, addr, sizeof(msg));
	msg[sizeof(msg) - 1] = '\0';
	guest_crashed(msg);
}

/* LHCALL_LOAD_IDT_ENTRY: checked and accepted, but never used, since this
 * host delivers no trap to the guest (README: deviations). */
static void load_idt_entry(u32 num, u32 lo, u32 hi)
{
	u32 type = (hi >> 8) & 0xf;

	(void)lo;
	if (num == 2 || num == 8 || num == 15 || num == LGUEST_TRAP_ENTRY)
		return;
	if (num >= 256)
		kill_guest("Setting idt entry %u", num);
	if ((hi & 0x8000) && type != 0xe && type != 0xf)
		kill_guest("bad IDT type %d", type);
}

static void set_stack(u32 seg, u32 esp, u32 pages)
{
	(void)esp;
	if ((seg & 3) != LGUEST_GUEST_PL)
		kill_guest("bad stack segment %d", seg);
	if (pages > 2)
		kill_guest("bad stack pages %u", pages);
}

static void do_hcall(const struct hcall_args *args)
{
	switch (args->nr) {
	case LHCALL_FLUSH_ASYNC:
		break;
	case LHCALL_LGUEST_INIT:
		kill_guest("already have lguest_data");
	case LHCALL_CRASH:
		crash(args->arg1);
	case LHCALL_NEW_PGTABLE:
		shadow_new_pgtable(args->arg1);
		break;
	case LHCALL_FLUSH_TLB:
		if (args->arg1)
			shadow_clear_all();
		else
			shadow_flush_user();
		break;
	case LHCALL_LOAD_IDT_ENTRY:
		load_idt_entry(args->arg1, args->arg2, args->arg3);
		break;
	case LHCALL_SET_STACK:
		set_stack(args->arg1, args->arg2, args->arg3);
		break;
	case LHCALL_TS:
		lg.ts = args->arg1;
		break;
	case LHCALL_SET_CLOCKEVENT:
		/* Accepted; no timer interrupt is ever delivered. */
		break;
	case LHCALL_SET_PTE:
		shadow_set_pte(args->arg1, args->arg2, args->arg3);
		break;
	case LHCALL_SET_PMD:
		shadow_set_pmd(args->arg1, args->arg2);
		break;
	case LHCALL_NOTIFY:
		notify(args->arg1);
		break;
	case LHCALL_LOAD_GDT:
	case LHCALL_HALT:
	case LHCALL_LOAD_TLS:
		kill_guest("unimplemented hypercall %u", args->nr);
	default:
		kill_guest("Bad hypercall %d", (int)args->nr);
	}
}

static void do_async_hcalls(void)
{
	u8 status[LHCALL_RING_SIZE];

	guest_read(status, DATA_FIELD(hcall_status), sizeof(status));
	for (u32 i = 0; i < LHCALL_RING_SIZE; i++) {
		u32 n = lg.next_hcall;
		struct lguest_hcall_args ring;
		struct hcall_args args;
		u8 done = HCALL_FREE;

		if (status[n] == HCALL_FREE)
			break;
		lg.next_hcall = (n + 1) % LHCALL_RING_SIZE;
		guest_read(&ring, DATA_FIELD(hcalls[n]), sizeof(ring));
		args.nr = ring.arg0;
		args.arg1 = ring.arg1;
		args.arg2 = ring.arg2;
		args.arg3 = ring.arg3;
		do_hcall(&args);
		guest_write(DATA_FIELD(hcall_status[n]), &done, 1);
	}
}

/* The wall clock, as write_timestamp() put it in lguest_data.time. */
static void write_timestamp(void)
{
	s32 time[2] = { (s32)rtc_unix_time(), 0 };

	guest_write(DATA_FIELD(time), time, sizeof(time));
}

/* LHCALL_LGUEST_INIT (2.6.24 initialize(), lguest_arch_init_hypercalls(),
 * page_table_guest_data_init()). */
static void initialize(const struct hcall_args *args)
{
	if (args->nr != LHCALL_LGUEST_INIT)
		kill_guest("hypercall %d before INIT", (int)args->nr);
	if (!guest_range_ok(args->arg1, sizeof(struct lguest_data)))
		kill_guest("bad guest page %#x", args->arg1);
	lg.lguest_data = args->arg1;
	lg.initialized = true;

	guest_write_u32(DATA_FIELD(tsc_khz), 0);	/* no stable TSC offered */
	lg.syscall_vec = guest_read_u32(DATA_FIELD(syscall_vec));
	if (lg.syscall_vec < 0x20 || lg.syscall_vec == LGUEST_TRAP_ENTRY)
		kill_guest("bad syscall vector");
	write_timestamp();

	lg.kernel_address = guest_read_u32(DATA_FIELD(kernel_address));
	guest_write_u32(DATA_FIELD(reserve_mem), LGUEST_RESERVE_MEM);
	guest_write_u32(DATA_FIELD(pgdir), lg.pgdir);
	if ((lg.kernel_address >> 22) >= SWITCHER_PGD_INDEX)
		kill_guest("bad kernel address %#x", lg.kernel_address);
	shadow_clear_all();
}

void do_hypercall(struct guest_regs *regs)
{
	struct hcall_args args = {
		.nr = regs->eax, .arg1 = regs->edx,
		.arg2 = regs->ebx, .arg3 = regs->ecx,
	};

	if (!lg.initialized) {
		initialize(&args);
		return;
	}
	do_async_hcalls();
	do_hcall(&args);
}
