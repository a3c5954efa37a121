// SPDX-License-Identifier: MIT
/*
 * lguest-host: a strict lguest host, after Linux 2.6.24's launcher
 * (Documentation/lguest/lguest.c) and host (drivers/lguest/), run by QEMU:
 *
 *   qemu-system-x86_64 -machine pc -m <mem+64> -nographic -no-reboot \
 *     -monitor none -device isa-debug-exit,iobase=0xf4,iosize=4 \
 *     -kernel lguest-host.elf -append "mem=<MiB> [keep_segments=0|1]
 *     [subarch=N] [version=0xNNNN]" -initrd "<bzImage> <args...>[,<initrd>]"
 *
 * The sequence: read the Multiboot information, lay out guest memory as
 * the launcher did, set up the CPU, run the guest until it ends.
 */
#include "lg.h"
#include <paraboot/bootparam.h>
#include "console.h"
#include "multiboot.h"
#include "string.h"

static struct boot_info boot_info;

static bool option(const char *word, u32 len, const char *key, u32 *val)
{
	u32 klen = strlen(key);

	if (len <= klen || strncmp(word, key, klen) || word[klen] != '=')
		return false;
	if (!parse_u32(word + klen + 1, len - klen - 1, val))
		host_error("bad number in option '%s'", key);
	return true;
}

static void parse_options(const char *cmdline, struct host_options *opt)
{
	const char *word;
	u32 len, v;

	*opt = (struct host_options){
		.mem_mb = 64,
		.keep_segments = true,
		.subarch = X86_SUBARCH_LGUEST,
		.version = BOOT_PROTOCOL_PARAVIRT,
	};
	while ((word = next_word(&cmdline, &len))) {
		if (option(word, len, "mem", &v)) {
			opt->mem_mb = v;
		} else if (option(word, len, "keep_segments", &v)) {
			opt->keep_segments = v;
		} else if (option(word, len, "subarch", &v)) {
			opt->subarch = v;
		} else if (option(word, len, "version", &v)) {
			if (v > 0xffff)
				host_error("version=%#x: not a 16-bit value", v);
			opt->version = v;
		} else {
			char unknown[64];

			len = MIN(len, sizeof(unknown) - 1);
			memcpy(unknown, word, len);
			unknown[len] = '\0';
			host_error("unknown option '%s' (known: mem= "
				   "keep_segments= subarch= version=)", unknown);
		}
	}
}

void __noreturn main(u32 magic, const struct multiboot_info *mbi);
void main(u32 magic, const struct multiboot_info *mbi)
{
	struct host_options opt;
	const char *err;

	console_init();
	err = multiboot_parse(magic, mbi, &boot_info);
	if (err)
		host_error("%s", err);
	parse_options(boot_info.cmdline, &opt);

	launcher_setup(&boot_info, &opt);
	cpu_init();
	shadow_init(lg.pgdir);
	run_guest();
}
