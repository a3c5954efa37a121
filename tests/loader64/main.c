// SPDX-License-Identifier: MIT
/*
 * loader64: enters a bzImage at its 64-bit entry (load address + 0x200),
 * the way 64-bit loaders such as kexec do; run by QEMU:
 *
 *   qemu-system-x86_64 -machine pc -m 256 -nographic -no-reboot \
 *     -monitor none [-device isa-debug-exit,iobase=0xf4,iosize=4] \
 *     -kernel loader64.elf -initrd "<bzImage> <args...>[,<initrd>]"
 *
 * It prints one line, "loader64: entering 64-bit entry at 0x100200,
 * boot_params 0x10000, cmdline "..."", and jumps; on a problem it prints
 * "loader64: error: <what>" and ends QEMU (exit status 3).
 */
#include "loader64.h"
#include <paraboot/bootparam.h>
#include "console.h"
#include "exit.h"
#include "multiboot.h"

static struct boot_info boot_info;

void fail(const char *fmt, ...)
{
	__builtin_va_list ap;

	console_newline();
	printf("loader64: error: ");
	__builtin_va_start(ap, fmt);
	vprintf(fmt, ap);
	__builtin_va_end(ap);
	printf("\n");
	qemu_exit(EXIT_FAIL);
}

void __noreturn main(u32 magic, const struct multiboot_info *mbi);
void main(u32 magic, const struct multiboot_info *mbi)
{
	struct kernel k;
	struct boot_params *bp;
	const char *err;

	console_init();
	err = multiboot_parse(magic, mbi, &boot_info);
	if (err)
		fail("%s", err);
	if (boot_info.nr_modules == 0)
		fail("no kernel: pass it as the first module, "
		     "-initrd \"<bzImage> <args...>[,<initrd>]\"");
	if (boot_info.nr_modules > 2)
		fail("%u modules: expected a kernel and at most one initrd",
		     boot_info.nr_modules);

	kernel_check(&boot_info.modules[0], boot_info.cmdline, &k);
	memory_make_room(&boot_info, &k);
	bp = boot_params_setup(&boot_info, &k);
	boot_params_hostile(bp, boot_info.cmdline);
	longmode_setup(&k);

	console_newline();
	printf("loader64: entering 64-bit entry at %#llx, boot_params %#x, cmdline ",
	       k.load + ENTRY_64_OFFSET, (u32)(uintptr_t)bp);
	print_quoted((const char *)(uintptr_t)bp->hdr.cmd_line_ptr);
	printf("\n");
	enter_64(PML4_ADDR, GDT_ADDR + 4 * 8, (uintptr_t)bp,
		 k.load + ENTRY_64_OFFSET);
}
