/* SPDX-License-Identifier: MIT */
/*
 * The kernel's C side on the host, for the harnesses of the code that
 * takes in what a loader or hypervisor hands over (boot_params, Xen's
 * start_info, PVH's hvm_start_info).  kernel_host.c builds the kernel's
 * own report.c, bootinfo.c and console.c, and stands in for what a host
 * process lacks:
 *
 *  - physical memory is the model of physmem.h; __va/__pa map onto it;
 *  - the platform start_kernel() writes to is a buffer, its power_off
 *    and halt (after panic()) return to kernel_run() with longjmp, and
 *    fatal() (the decompressor's and the early code's last words) does
 *    the same: a named error is a clean refusal;
 *  - crc32() of the initrd checks that the range lies in what the
 *    kernel has mapped (kernel_mapped_end) instead of reading it: the
 *    fuzzer would otherwise spend its time on CRCs of gigabytes of
 *    zeros, and lib/crc32.c is tested against zlib in tests/unit.
 *
 * Include this before any project header: it sets the macros those
 * files look for.
 */
#ifndef FUZZ_KERNEL_HOST_H
#define FUZZ_KERNEL_HOST_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "physmem.h"

#define vsnprintf pb_vsnprintf	/* lib/printf.c's; libc's stay libFuzzer's */
#define snprintf pb_snprintf
#define __va(pa)	((void *)(phys_base + (uintptr_t)(pa)))
#define __pa(va)	((uintptr_t)((const uint8_t *)(va) - phys_base))

#include "../../arch-x86-kernel/kernel.h"

enum { KERNEL_RETURNED, KERNEL_OK, KERNEL_ERROR };

/* What the kernel printed (fatal() included) since kernel_reset(). */
extern char kernel_output[];
extern size_t kernel_output_len;

/* Physical memory the kernel's direct map reaches (crc32's check). */
extern u64 kernel_mapped_end;

/* Clear the kernel's bss (boot_params, the command line, the output). */
void kernel_reset(void);

/* head_{32,64}.S's copies into the kernel: the zero page, and the
 * command line from cmd_line_ptr, up to COMMAND_LINE_SIZE + 1 bytes or
 * its NUL.  (The heads are assembly; this is what they do.) */
void head_copy(const struct boot_params *bp);

/* Run fn(arg) until it returns (KERNEL_RETURNED), powers off
 * (KERNEL_OK) or stops with a named error (KERNEL_ERROR). */
int kernel_run(void (*fn)(void *), void *arg);

/* Make p the platform (its write, power_off and halt are the host's),
 * as a subarchitecture entry does before its C code runs. */
void kernel_install(struct platform *p);

/* start_kernel(), then kernel_check_report(). */
int kernel_boot(void);

/* The output must be a whole report ending "paraboot: ok", or end in
 * exactly one "paraboot: error: " line. */
void kernel_check_report(int end);

#endif
