// SPDX-License-Identifier: MIT
/*
 * Xen PV intake: start_info (Xen's public/xen.h, struct start_info) and
 * the memory map XENMEM_memory_map answers (public/memory.h) through
 * xen/start.c's build_boot_params() and memory_map(), then the kernel's
 * start_kernel() as xen_start() runs it.
 *
 * Input: struct start_info (the x86_64 layout; shorter is zero-padded),
 * then one byte saying how XENMEM_memory_map answers (0: -ENOSYS, as
 * Xen 4.17 answers a PV dom0; else the map is the rest of the input, in
 * 20-byte E820 entries, as many as fit in what the guest offers).
 *
 * The hypercall is the real one: HYPERVISOR_memory_op() calls stub 12
 * of hypercall_page, which here is a page of int3 with that one stub
 * leading to host_memory_op() (a model of Xen's handler: it fills at
 * most nr_entries entries and says how many).
 *
 * xen/early.c refuses a domain larger than the direct map before any of
 * this runs (check_start_info), and maps the domain's memory, no more:
 * the harness skips what early.c refuses and lets the kernel read only
 * the domain's pages.  Beyond the report's own checks (kernel_host.c):
 * the zero page's initrd fields must be the module start_info names,
 * not a truncation of it.
 */
#include "kernel_host.h"

#include "../../xen/start.c"

/* What the rest of xen/ and the kernel provide to start.c's xen_start()
 * and selftests, none of which this harness runs. */
struct start_info *xen_start_info;
const unsigned long *xen_p2m;
unsigned long xen_root_mfn;
unsigned int xen_entry_ring, xen_entry_paging;
volatile u64 xen_remap_probe;
struct pgt kernel_pgt;
char startup_xen[1];
void xen_console_rebase(long offset) { abort(); }
void xen_write(const char *s, size_t n) { abort(); }
void xen_shutdown(unsigned int reason) { abort(); }
long xen_check(const char *hypercall, long rc) { abort(); }
void xen_traps_init(void) { abort(); }

/*
 * Stub 12 (__HYPERVISOR_memory_op): call host_memory_op(cmd, arg), which
 * the System V ABI receives in %rdi and %rsi, where the 64-bit hypercall
 * convention puts them.  A real stub keeps every register but %rax (and
 * the argument registers, which the caller treats as clobbered); a C
 * function may change %rcx, %r11 and the SSE registers too, so the stub
 * saves those, and aligns the stack for the call.
 */
__asm__(".pushsection .text\n"
	".balign 4096\n"
	".globl hypercall_page\n"
	"hypercall_page:\n"
	".org hypercall_page + 12 * 32, 0xcc\n"
	"	jmp memory_op_stub\n"
	".org hypercall_page + 4096, 0xcc\n"
	"memory_op_stub:\n"
	"	push %rbp\n"
	"	mov %rsp, %rbp\n"
	"	and $-16, %rsp\n"
	"	sub $272, %rsp\n"
	"	mov %rcx, 256(%rsp)\n"
	"	mov %r11, 264(%rsp)\n"
	"	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	movdqu %xmm\\n, \\n*16(%rsp)\n"
	"	.endr\n"
	"	call host_memory_op\n"
	"	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	movdqu \\n*16(%rsp), %xmm\\n\n"
	"	.endr\n"
	"	mov 256(%rsp), %rcx\n"
	"	mov 264(%rsp), %r11\n"
	"	leave\n"
	"	ret\n"
	".popsection");

#define XEN_ENOSYS	38

static const struct boot_e820_entry *xen_map;
static size_t xen_map_entries;
static bool xen_map_enosys;

long host_memory_op(long cmd, void *arg);
long host_memory_op(long cmd, void *arg)
{
	struct xen_memory_map *m = arg;
	size_t n = MIN((size_t)m->nr_entries, xen_map_entries);

	FUZZ_CHECK(cmd == XENMEM_memory_map, "memory_op %ld", cmd);
	if (xen_map_enosys)
		return -XEN_ENOSYS;
	memcpy(m->buffer, xen_map, n * sizeof(*xen_map));
	m->nr_entries = (u32)n;
	return 0;
}

static void build(void *si)
{
	build_boot_params(si);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct start_info si;
	static struct boot_e820_entry map[E820_MAX_ENTRIES_ZEROPAGE];
	static struct platform xen = {
		.subarch = "xen", .ring = 3, .entry = ENTRY_XEN,
		.paging = PAGING_4LEVEL, .entry_phys = LOAD_PHYSICAL_ADDR,
	};
	size_t head = MIN(n, sizeof(si));
	u64 memory, mod_start;

	phys_init();
	kernel_reset();
	memset(&si, 0, sizeof(si));
	memcpy(&si, data, head);
	xen_map_enosys = n <= head || !data[head];
	xen_map_entries = 0;
	if (n > head + 1) {
		xen_map_entries = MIN((n - head - 1) / sizeof(*map),
				      ARRAY_SIZE(map));
		memcpy(map, data + head + 1, xen_map_entries * sizeof(*map));
	}
	xen_map = map;

	/* xen/early.c, check_start_info(): the domain fits the direct map. */
	memory = (u64)si.nr_pages << PAGE_SHIFT;
	if (si.nr_pages > (DIRECT_MAP_SIZE >> PAGE_SHIFT))
		return 0;
	kernel_mapped_end = memory;
	kernel_install(&xen);	/* xen_start() does, before build_boot_params() */

	if (kernel_run(build, &si) == KERNEL_ERROR) {
		kernel_check_report(KERNEL_ERROR);
		return 0;
	}
	if (si.mod_len) {
		mod_start = (si.flags & SIF_MOD_START_PFN) ?
			    (u64)si.mod_start << PAGE_SHIFT : si.mod_start;
		FUZZ_CHECK(boot_params.hdr.ramdisk_image == mod_start &&
			   boot_params.hdr.ramdisk_size == si.mod_len,
			   "module 0x%llx+0x%lx became initrd 0x%x+0x%x",
			   mod_start, si.mod_len, boot_params.hdr.ramdisk_image,
			   boot_params.hdr.ramdisk_size);
	}
	kernel_boot();
	return 0;
}
