// SPDX-License-Identifier: MIT
#include "lib.h"
#include "string.h"

struct lguest_data lguest_data __aligned(PAGE_SIZE);

static char line[1024];
static u32 line_len;

static void line_out(const char *s, size_t n)
{
	for (; n && line_len < sizeof(line) - 1; n--)
		line[line_len++] = *s++;
}

static void notify_line(void)
{
	line[line_len] = '\0';
	line_len = 0;
	hcall(LHCALL_NOTIFY, pa(line), 0, 0);
}

void lguest_data_setup(void)
{
	for (u32 i = 0; i < LHCALL_RING_SIZE; i++)
		lguest_data.hcall_status[i] = 0xff;
	lguest_data.kernel_address = GUEST_PAGE_OFFSET;
	lguest_data.syscall_vec = SYSCALL_VECTOR;
}

void lguest_init(void)
{
	lguest_data_setup();
	hcall(LHCALL_LGUEST_INIT, pa(&lguest_data), 0, 0);
}

void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line_len = MIN((size_t)vsnprintf(line, sizeof(line), fmt, ap),
		       sizeof(line) - 1);
	va_end(ap);
	notify_line();
}

void print_quoted(const char *prefix, const char *s)
{
	char q[4];

	line_out(prefix, strlen(prefix));
	line_out("\"", 1);
	for (; *s; s++)
		line_out(q, quote_byte(q, *s));
	line_out("\"\n", 2);
	notify_line();
}

void crash(const char *msg)
{
	for (;;)
		hcall(LHCALL_CRASH, pa(msg), 0, 0);
}

u32 guest_mem(void)
{
	return (u32)zero_page()->e820_table[0].size;
}

bool test_is(const char *name)
{
	const char *cmdline = (const char *)(uintptr_t)zero_page()->hdr.cmd_line_ptr;
	size_t len = strlen(name);

	return !strncmp(cmdline, name, len) &&
		(cmdline[len] == ' ' || cmdline[len] == '\0');
}

asm(".pushsection .text\n\t"
    ".globl read_at\nread_at:\n\t"
    "movl 4(%esp), %eax\n\t"
    FAULT_LABEL("read") "movl (%eax), %eax\n\t"
    "ret\n\t"
    ".globl write_at\nwrite_at:\n\t"
    "movl 4(%esp), %eax\n\t"
    "movl 8(%esp), %edx\n\t"
    FAULT_LABEL("write") "movl %edx, (%eax)\n\t"
    "ret\n\t"
    ".popsection");
