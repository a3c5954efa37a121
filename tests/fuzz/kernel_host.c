// SPDX-License-Identifier: MIT
/* The kernel's C side on the host: see kernel_host.h. */
#include "kernel_host.h"

#include "../../arch-x86-kernel/bootinfo.c"
#include "../../arch-x86-kernel/console.c"
#include "../../arch-x86-kernel/report.c"
#include "../../arch-x86-kernel/conformance.c"
#include "../../lib/printf.c"
#include <paraboot/crc32.h>
#include <paraboot/fatal.h>

char kernel_output[32768];
size_t kernel_output_len;
u64 kernel_mapped_end = DIRECT_MAP_SIZE;

static jmp_buf kernel_exit;

void kernel_reset(void)
{
	memset(&boot_params, 0, sizeof(boot_params));
	memset(&boot_record, 0, sizeof(boot_record));
	memset(boot_command_line, 0, sizeof(boot_command_line));
	kernel_output_len = 0;
	kernel_output[0] = 0;
	kernel_mapped_end = DIRECT_MAP_SIZE;
	platform_install(NULL);
}

void head_copy(const struct boot_params *bp)
{
	const u8 *src = phys_base + bp->hdr.cmd_line_ptr;

	memcpy(&boot_params, bp, sizeof(boot_params));
	if (!bp->hdr.cmd_line_ptr)
		return;
	for (size_t i = 0; i < COMMAND_LINE_SIZE + 1; i++)
		if (!(boot_command_line[i] = (char)src[i]))
			break;
}

static void output(const char *s, size_t n)
{
	size_t room = sizeof(kernel_output) - 1 - kernel_output_len;

	if (n > room)
		fuzz_finding("the kernel printed more than %zu bytes; the last "
			     "of them: %s", sizeof(kernel_output) - 1,
			     kernel_output + kernel_output_len -
			     MIN(kernel_output_len, (size_t)600));
	memcpy(kernel_output + kernel_output_len, s, n);
	kernel_output_len += n;
	kernel_output[kernel_output_len] = 0;
}

void fatal(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	pb_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	output("paraboot: error: ", 17);
	output(line, strlen(line));
	output("\n", 1);
	longjmp(kernel_exit, KERNEL_ERROR);
}

static void __noreturn host_power_off(void)
{
	longjmp(kernel_exit, KERNEL_OK);
}

static void __noreturn host_halt(void)
{
	longjmp(kernel_exit, KERNEL_ERROR);
}

int kernel_run(void (*fn)(void *), void *arg)
{
	int end = setjmp(kernel_exit);

	if (end)
		return end;
	fn(arg);
	return KERNEL_RETURNED;
}

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	FUZZ_CHECK(p >= phys_base && p <= phys_base + kernel_mapped_end &&
		   len <= (size_t)(phys_base + kernel_mapped_end - p),
		   "crc32 of physical 0x%llx+0x%zx: outside the direct map "
		   "(0-0x%llx)", (u64)(p - phys_base), len, kernel_mapped_end);
	return crc ^ (u32)len;
}

static void start(void *p)
{
	(void)p;
	start_kernel();
}

void kernel_install(struct platform *p)
{
	p->write = output;
	p->power_off = host_power_off;
	p->halt = host_halt;
	platform_install(p);
}

int kernel_boot(void)
{
	int end = kernel_run(start, NULL);

	FUZZ_CHECK(end != KERNEL_RETURNED, "start_kernel() returned");
	kernel_check_report(end);
	return end;
}

/* ---------------------------------------------------------------- */
/* The report, checked against README.md's "The boot report".       */

/* The next line of the output from *pos, without its newline. */
static const char *next_line(size_t *pos, size_t *len)
{
	const char *s = kernel_output + *pos, *nl;

	if (*pos >= kernel_output_len)
		return NULL;
	nl = memchr(s, '\n', kernel_output_len - *pos);
	FUZZ_CHECK(nl, "output ends without a newline: \"%s\"", s);
	*len = (size_t)(nl - s);
	*pos += *len + 1;
	return s;
}

static bool starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}

/* The cmdline="..." line back to bytes (report.c, quote_byte). */
static size_t unquote(const char *q, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (q[i] != '\\') {
			out[len++] = q[i];
		} else if (i + 1 < n && (q[i + 1] == '"' || q[i + 1] == '\\')) {
			out[len++] = q[++i];
		} else {
			unsigned int v;

			FUZZ_CHECK(i + 3 < n && q[i + 1] == 'x' &&
				   sscanf(q + i + 2, "%2x", &v) == 1,
				   "bad escape in the cmdline line");
			out[len++] = (char)v;
			i += 3;
		}
	}
	return len;
}

static void check_cmdline_line(const char *line, size_t len)
{
	static char got[4 * COMMAND_LINE_SIZE];
	const char *pre = "paraboot: cmdline=\"";
	size_t want = strnlen(boot_command_line, sizeof(boot_command_line));
	size_t n;

	FUZZ_CHECK(starts(line, len, pre) && line[len - 1] == '"',
		   "second line is not the cmdline");
	n = unquote(line + strlen(pre), len - strlen(pre) - 1, got);
	FUZZ_CHECK(n == want && !memcmp(got, boot_command_line, n),
		   "the report's cmdline (%zu bytes) is not the command line "
		   "(%zu bytes)", n, want);
}

/*
 * "RAM in the E820 map, in KiB", without assuming how overlapping
 * entries count: at least the largest RAM entry (clipped at the top of
 * the address space), at most all of them added up (without overflow).
 */
static void check_memory_line(const char *line, size_t len)
{
	unsigned long long kib;
	unsigned int entries;
	unsigned __int128 sum = 0;
	u64 largest = 0;

	FUZZ_CHECK(sscanf(line, "paraboot: memory ram_kib=%llu e820_entries=%u",
			  &kib, &entries) == 2, "third line is not memory");
	if (!boot_params.e820_entries)
		return;		/* E801/88h sizes: nothing to add up */
	for (unsigned int i = 0; i < boot_params.e820_entries; i++) {
		const struct boot_e820_entry *e = &boot_params.e820_table[i];

		if (e->type != E820_TYPE_RAM)
			continue;
		sum += e->size;
		largest = MAX(largest, MIN(e->size, ~0ULL - e->addr));
	}
	FUZZ_CHECK(kib >= largest >> 10 && kib <= sum >> 10,
		   "ram_kib=%llu, but the E820 map's largest RAM entry has "
		   "0x%llx bytes and all add up to 0x%llx%016llx", kib,
		   largest, (unsigned long long)(sum >> 64),
		   (unsigned long long)sum);
}

static void check_initrd_line(const char *line, size_t len)
{
	unsigned long long size;

	if (!boot_params.hdr.ramdisk_size) {
		FUZZ_CHECK(starts(line, len, "paraboot: initrd none"),
			   "no initrd, but the report says one");
		return;
	}
	FUZZ_CHECK(sscanf(line, "paraboot: initrd size=%llu", &size) == 1 &&
		   size == boot_params.hdr.ramdisk_size,
		   "initrd of %u bytes, reported otherwise",
		   boot_params.hdr.ramdisk_size);
}

void kernel_check_report(int end)
{
	static int show = -1;
	size_t pos = 0, len, n = 0;
	const char *line, *last = NULL;
	unsigned int errors = 0, warnings = 0;

	/* FUZZ_SHOW=1 harness FILE...: what the kernel said about each. */
	if (show < 0)
		show = getenv("FUZZ_SHOW") != NULL;
	if (show)
		fputs(kernel_output, stderr);

	while ((line = next_line(&pos, &len))) {
		FUZZ_CHECK(starts(line, len, "paraboot: "),
			   "a line without \"paraboot: \": %.*s", (int)len, line);
		if (starts(line, len, "paraboot: error: "))
			errors++;
		/* conformance.c's findings come after the five facts. */
		if (starts(line, len, "paraboot: loader-warning: ")) {
			FUZZ_CHECK(n >= 5, "a loader-warning before the facts");
			warnings++;
		}
		if (end == KERNEL_OK && n == 1)
			check_cmdline_line(line, len);
		if (end == KERNEL_OK && n == 2)
			check_memory_line(line, len);
		if (end == KERNEL_OK && n == 3)
			check_initrd_line(line, len);
		last = line;
		n++;
	}
	if (end == KERNEL_ERROR) {
		FUZZ_CHECK(errors == 1 && starts(last, strlen(last),
						 "paraboot: error: "),
			   "an error ends with %u error lines, the last \"%s\"",
			   errors, last ? last : "");
		return;
	}
	FUZZ_CHECK(!errors && n == 6 + warnings &&
		   !strcmp(last, "paraboot: ok\n"),
		   "a report of %zu lines with %u errors, %u warnings ends "
		   "\"%s\"", n, errors, warnings, last ? last : "");
}
