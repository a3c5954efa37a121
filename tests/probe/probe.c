// SPDX-License-Identifier: MIT
/*
 * A foreign ELF kernel for tests/test_mkbzimage.py: not paraboot's, linked
 * at 16 MiB as Linux is, built with -m32 and -m64 (plain gcc, no paraboot
 * header).  It reports on COM1 the CPU state the hand-off gave it, in one
 * line, then ends QEMU through isa-debug-exit (port 0xf4):
 *
 *   probe: bits=64 paging=1 cs=0x10 ds=0x18 es=0x18 ss=0x18 if=0 cmdline="..."
 *
 * boot.rst promises, at a 32-bit kernel's entry: protected mode, paging
 * off, %esi = boot_params, CS = __BOOT_CS (0x10), DS = ES = SS =
 * __BOOT_DS (0x18), interrupts off; at a 64-bit kernel's: the same in long
 * mode with an identity map and %rsi = boot_params.  The command line is
 * read through boot_params.hdr.cmd_line_ptr (offset 0x228): that is the
 * loader's zero page.
 */
typedef unsigned long ulong;

#define COM1		0x3f8
#define DEBUG_EXIT	0xf4
#define CMD_LINE_PTR	0x228

/* Our own stack; then probe_main(boot_params, flags, cs, ds, es, ss). */
#ifdef __x86_64__
asm(".text\n.globl _start\n_start:\n"
    "	leaq stack_top(%rip), %rsp\n"
    "	pushfq\n	popq %rax\n"
    "	movq %rsi, %rdi\n	movq %rax, %rsi\n"
    "	movl %cs, %edx\n	movl %ds, %ecx\n	movl %es, %r8d\n"
    "	movl %ss, %r9d\n"
    "	call probe_main\n");
#else
asm(".text\n.globl _start\n_start:\n"
    "	movl $stack_top, %esp\n"
    "	pushfl\n	popl %eax\n"
    "	movl %ss, %ecx\n	pushl %ecx\n	movl %es, %ecx\n	pushl %ecx\n"
    "	movl %ds, %ecx\n	pushl %ecx\n	movl %cs, %ecx\n	pushl %ecx\n"
    "	pushl %eax\n	pushl %esi\n"
    "	call probe_main\n");
#endif

static unsigned char stack[4096] __attribute__((aligned(16), used));
asm(".globl stack_top\n.set stack_top, stack + 4096");

static void outb(unsigned short port, unsigned char v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char inb(unsigned short port)
{
	unsigned char v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void put(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, *s);
	}
}

static void put_hex(ulong v)
{
	char buf[2 + 2 * sizeof(ulong) + 1], *p = buf + sizeof(buf) - 1;

	*p = 0;
	do {
		*--p = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*--p = 'x';
	*--p = '0';
	put(p);
}

void probe_main(const unsigned char *bp, ulong flags, ulong cs, ulong ds,
		ulong es, ulong ss)
{
	const char *cmdline;
	ulong cr0;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	cmdline = (const char *)(ulong)*(const unsigned int *)(bp + CMD_LINE_PTR);
	put("probe: bits=");
	put(sizeof(ulong) == 8 ? "64" : "32");
	put(cr0 >> 31 ? " paging=1" : " paging=0");
	put(" cs=");
	put_hex(cs & 0xffff);
	put(" ds=");
	put_hex(ds & 0xffff);
	put(" es=");
	put_hex(es & 0xffff);
	put(" ss=");
	put_hex(ss & 0xffff);
	put(flags & 0x200 ? " if=1" : " if=0");
	put(" cmdline=\"");
	put(cmdline);
	put("\"\n");
	outb(DEBUG_EXIT, 0x10);		/* QEMU exits with (0x10 << 1) | 1 */
	for (;;)
		asm volatile("cli; hlt");
}
