// SPDX-License-Identifier: MIT
/*
 * Hypercalls, used right and wrong.  The first command-line word picks the
 * case; each either ends with the host's verdict (a kill message) or with
 * a report and LHCALL_CRASH("Power down").
 */
#include "lib.h"

static const char crash_end[] = "Power down";

/* --- wrong order, wrong numbers, wrong addresses --- */

static void before_init(void)
{
	print("too early\n");
}

static void init_twice(void)
{
	lguest_init();
	lguest_init();
}

static void bad_hcall(void)
{
	lguest_init();
	hcall(99, 0, 0, 0);
}

static void bad_notify(void)
{
	lguest_init();
	hcall(LHCALL_NOTIFY, guest_mem(), 0, 0);
}

/* A string running to the very end of guest memory, without a NUL: the
 * test's initrd ends in "tail". */
static void notify_end(void)
{
	lguest_init();
	print("bounded: ");
	hcall(LHCALL_NOTIFY, guest_mem() - 4, 0, 0);
	crash(crash_end);
}

static void data_beyond(void)
{
	lguest_data_setup();
	hcall(LHCALL_LGUEST_INIT, guest_mem() - 100, 0, 0);
}

static void syscall_vec_low(void)
{
	lguest_data_setup();
	lguest_data.syscall_vec = 0x10;
	hcall(LHCALL_LGUEST_INIT, pa(&lguest_data), 0, 0);
}

static void syscall_vec_1f(void)
{
	lguest_data_setup();
	lguest_data.syscall_vec = LGUEST_TRAP_ENTRY;
	hcall(LHCALL_LGUEST_INIT, pa(&lguest_data), 0, 0);
}

static void kernel_in_switcher(void)
{
	lguest_data_setup();
	lguest_data.kernel_address = LGUEST_SWITCHER_ADDR;
	hcall(LHCALL_LGUEST_INIT, pa(&lguest_data), 0, 0);
}

/* CRASH reads 128 bytes and keeps 127. */
static void long_crash(void)
{
	static char msg[200];

	lguest_init();
	for (u32 i = 0; i < sizeof(msg) - 1; i++)
		msg[i] = 'a' + i % 26;
	crash(msg);
}

static void crash_at_end(void)
{
	lguest_init();
	hcall(LHCALL_CRASH, guest_mem() - 10, 0, 0);
}

static void load_gdt(void)
{
	lguest_init();
	hcall(LHCALL_LOAD_GDT, 0x1100, 32, 0);
}

static void halt(void)
{
	lguest_init();
	hcall(LHCALL_HALT, 0, 0, 0);
}

static void bad_stack(void)
{
	lguest_init();
	hcall(LHCALL_SET_STACK, 0x68, 0x90000, 1);
}

/* --- used right --- */

/* 2.6.24 changed no register: %eax comes back as the call number. */
static void regs(void)
{
	static const char msg[] = "regs: notify\n";
	u32 a = LHCALL_NOTIFY, b = 0xb1b1b1b1, c = 0xc1c1c1c1, d = pa(msg);
	u32 si = 0x51515151, di = 0xd1d1d1d1;

	lguest_init();
	asm volatile("int $0x1f"
		     : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di)
		     : : "memory");
	print("regs eax=%#x ebx=%#x ecx=%#x edx=%s esi=%#x edi=%#x\n", a, b, c,
	      d == pa(msg) ? "same" : "changed", si, di);
	crash(crash_end);
}

/* Calls this host accepts without effect. */
static void accepted(void)
{
	lguest_init();
	hcall(LHCALL_TS, 1, 0, 0);
	hcall(LHCALL_SET_CLOCKEVENT, 1000000, 0, 0);
	hcall(LHCALL_SET_STACK, LGUEST_KERNEL_DS, 0x90000, 2);
	hcall(LHCALL_LOAD_IDT_ENTRY, 0x20, 0x00610000, 0x00108e00);
	hcall(LHCALL_FLUSH_ASYNC, 0, 0, 0);
	hcall(LHCALL_FLUSH_TLB, 0, 0, 0);
	hcall(LHCALL_FLUSH_TLB, 1, 0, 0);
	print("accepted ok\n");
	crash(crash_end);
}

/* --- the asynchronous ring --- */

static void queue(u32 slot, u32 nr, u32 arg1)
{
	struct lguest_hcall_args *h = &lguest_data.hcalls[slot];

	h->arg0 = nr;
	h->arg1 = arg1;
	h->arg2 = h->arg3 = 0;
	asm volatile("" : : : "memory");
	lguest_data.hcall_status[slot] = 0;
}

static u32 busy_slots(void)
{
	u32 n = 0;

	for (u32 i = 0; i < LHCALL_RING_SIZE; i++)
		n += lguest_data.hcall_status[i] != 0xff;
	return n;
}

static void async(void)
{
	static const char *const text[] = {
		"async 0\n", "async 1\n", "async 2\n", "async 3\n", "async 4\n",
	};
	static const char flushed[] = "flushed\n";
	static const char last[] = "async crash";

	lguest_init();
	for (u32 i = 0; i < 3; i++)
		queue(i, LHCALL_NOTIFY, pa(text[i]));
	print("sync after 3 queued\n");
	print("busy slots: %u\n", busy_slots());

	queue(3, LHCALL_NOTIFY, pa(text[3]));
	queue(4, LHCALL_NOTIFY, pa(text[4]));
	/* Slot 6 is not ready yet, so the host stops after slot 5. */
	queue(5, LHCALL_NOTIFY, pa(flushed));
	lguest_data.hcalls[6].arg0 = LHCALL_CRASH;
	lguest_data.hcalls[6].arg1 = pa(last);
	hcall(LHCALL_FLUSH_ASYNC, 0, 0, 0);
	print("busy slots: %u\n", busy_slots());

	lguest_data.hcall_status[6] = 0;
	hcall(LHCALL_FLUSH_ASYNC, 0, 0, 0);
	print("not reached\n");
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "before_init", before_init }, { "init_twice", init_twice },
	{ "bad_hcall", bad_hcall }, { "bad_notify", bad_notify },
	{ "notify_end", notify_end }, { "data_beyond", data_beyond },
	{ "syscall_vec_low", syscall_vec_low },
	{ "syscall_vec_1f", syscall_vec_1f },
	{ "kernel_in_switcher", kernel_in_switcher },
	{ "long_crash", long_crash }, { "crash_at_end", crash_at_end },
	{ "load_gdt", load_gdt }, { "halt", halt }, { "bad_stack", bad_stack },
	{ "regs", regs }, { "accepted", accepted }, { "async", async },
};

void guest_main(void)
{
	for (u32 i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (test_is(cases[i].name)) {
			cases[i].fn();
			crash("hcalls: the host let it pass");
		}
	}
	crash("hcalls: unknown case");
}
