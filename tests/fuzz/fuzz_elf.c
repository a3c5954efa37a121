// SPDX-License-Identifier: MIT
/*
 * The decompressor's ELF loader (compressed/elf.c): elf_check() with the
 * limits decompress_kernel() gives it in the real image, then elf_load()
 * into a model of the work area.  Built twice, FUZZ_ELF_BITS=32 with the
 * i386 image's layout (layout.py), 64 with x86_64's.
 *
 * What an accepted file must satisfy (ELF gABI, "Program Header"; the
 * work area of compressed/misc.h): every PT_LOAD segment has
 * p_filesz <= p_memsz, its file bytes inside the file, its memory inside
 * the kernel's space and clear of the ELF buffer, the decompressor and
 * the other segments, and the entry point is in an executable segment.
 * That is checked on elf_check()'s answer before anything is loaded.
 *
 * Then the load: only the pages of the accepted segments are accessible
 * during it, so a write anywhere else faults at once.  Afterwards every
 * segment holds its file bytes then zeros, and the bytes of those pages
 * outside every segment are still zero.  The pages are zeroed again and
 * made inaccessible for the next input (not dropped: refaulting them made
 * a third of each run, and the load itself zeroes up to the whole space).
 */
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

#define vsnprintf pb_vsnprintf	/* the C library's stay libFuzzer's */
#define snprintf pb_snprintf
#include "../../compressed/elf.c"
#include "../../lib/printf.c"
#include <paraboot/layout.h>
#include "misc.h"		/* compressed/: the work area's layout */

#define ZO_START	startup_32
#define ZO_END		_end
#include "workarea.h"

#define PAGE		4096ULL

/* As decompress_kernel() fills it in, the decompressor moved to
 * RELOCATED_START and running there (startup_32 .. _end).  (A copy:
 * decompress.c builds it from the running decompressor's symbols.) */
static struct elf_limits lim;

/* Physical 0 .. MODEL_END, inaccessible but during a load. */
#define MODEL_END	(PAGE_ALIGN(RELOCATED_START + ZO__end) + 16 * PAGE)
static uint8_t *phys;

static void model_init(void)
{
	lim = (struct elf_limits){
		.elf_class = FUZZ_ELF_BITS == 64 ? ELFCLASS64 : ELFCLASS32,
		.machine = FUZZ_ELF_BITS == 64 ? EM_X86_64 : EM_386,
		.space_start = KERNEL_SPACE_START,
		.space_end = KERNEL_SPACE_END,
		.buffer_start = ELF_BUFFER_START,
		.buffer_end = ELF_BUFFER_END,
		.self_start = RELOCATED_START,
		.self_end = RELOCATED_START + ZO__end,
	};
	phys = mmap(NULL, MODEL_END, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (phys == MAP_FAILED)
		abort();
}

/* The pages segment s lies on: [*first, *end). */
static void segment_pages(const struct elf_segment *s, u64 *first, u64 *end)
{
	*first = s->paddr & ~(PAGE - 1);
	*end = PAGE_ALIGN(s->paddr + s->memsz);
}

/* Make the pages of every segment read-write, or, after check_loaded(),
 * zero them and make them inaccessible again (two passes: segments may
 * share a page).  check_loaded() found every byte but the segments' file
 * bytes zero, so only those are cleared: a kernel's bss is megabytes. */
static void segments_open(const struct elf_info *info, bool open)
{
	u64 first, end;
	unsigned int i;

	if (!open)
		for (i = 0; i < info->nsegments; i++)
			memset(phys + info->seg[i].paddr, 0,
			       info->seg[i].filesz);
	for (i = 0; i < info->nsegments; i++) {
		segment_pages(&info->seg[i], &first, &end);
		if (end > first &&
		    mprotect(phys + first, end - first,
			     open ? PROT_READ | PROT_WRITE : PROT_NONE))
			abort();
	}
}

static bool ranges_meet(u64 a, u64 a_end, u64 b, u64 b_end)
{
	return a < b_end && b < a_end;
}

static void check_accepted(const struct elf_info *info, size_t len)
{
	bool entry_ok = false;

	FUZZ_CHECK(info->nsegments >= 1 && info->nsegments <= ELF_MAX_PHDRS,
		   "accepted with %u segments", info->nsegments);
	for (unsigned int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		u64 end = s->paddr + s->memsz;

		FUZZ_CHECK(s->filesz <= s->memsz && s->offset <= len &&
			   s->filesz <= len - s->offset,
			   "segment %u: file bytes 0x%llx+0x%llx (memsz 0x%llx) "
			   "of a %zu-byte file accepted", s->index, s->offset,
			   s->filesz, s->memsz, len);
		FUZZ_CHECK(end >= s->paddr && s->paddr >= lim.space_start &&
			   end <= lim.space_end,
			   "segment %u at 0x%llx-0x%llx accepted outside the "
			   "space 0x%llx-0x%llx", s->index, s->paddr, end,
			   lim.space_start, lim.space_end);
		FUZZ_CHECK(!ranges_meet(s->paddr, end, lim.buffer_start,
				     lim.buffer_end) &&
			   !ranges_meet(s->paddr, end, lim.self_start,
				     lim.self_end),
			   "segment %u at 0x%llx-0x%llx accepted over the ELF "
			   "buffer or the decompressor", s->index, s->paddr, end);
		for (unsigned int j = 0; j < i; j++)
			FUZZ_CHECK(!ranges_meet(s->paddr, end, info->seg[j].paddr,
					     info->seg[j].paddr +
					     info->seg[j].memsz),
				   "segments %u and %u accepted overlapping",
				   info->seg[j].index, s->index);
		if ((s->flags & PF_X) && info->entry >= s->paddr &&
		    info->entry < end)
			entry_ok = true;
	}
	FUZZ_CHECK(entry_ok, "entry 0x%llx accepted outside every executable "
		   "segment", info->entry);
}

/* The end of the segment holding physical address pa, or 0. */
static u64 segment_end_at(const struct elf_info *info, u64 pa)
{
	for (unsigned int i = 0; i < info->nsegments; i++)
		if (pa >= info->seg[i].paddr &&
		    pa < info->seg[i].paddr + info->seg[i].memsz)
			return info->seg[i].paddr + info->seg[i].memsz;
	return 0;
}

static bool all_zero(const uint8_t *p, u64 n)
{
	static const uint8_t zero[PAGE];

	for (; n >= PAGE; p += PAGE, n -= PAGE)
		if (memcmp(p, zero, PAGE))
			return false;
	return !memcmp(p, zero, n);
}

/* The lowest segment start in (pa, limit], or limit. */
static u64 next_segment_start(const struct elf_info *info, u64 pa, u64 limit)
{
	for (unsigned int i = 0; i < info->nsegments; i++)
		if (info->seg[i].paddr > pa && info->seg[i].paddr < limit)
			limit = info->seg[i].paddr;
	return limit;
}

/* No byte of page pa outside every segment was written. */
static void check_page_outside(const struct elf_info *info, u64 pa)
{
	u64 b = pa, end;

	while (b < pa + PAGE) {
		end = segment_end_at(info, b);
		if (!end) {
			end = next_segment_start(info, b, pa + PAGE);
			FUZZ_CHECK(all_zero(phys + b, end - b), "bytes in "
				   "0x%llx-0x%llx written, outside every "
				   "segment", b, end);
		}
		b = end;
	}
}

static void check_loaded(const uint8_t *file, const struct elf_info *info)
{
	for (unsigned int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		const uint8_t *at = phys + s->paddr;
		u64 first, end;

		FUZZ_CHECK(!memcmp(at, file + s->offset, s->filesz),
			   "segment %u: loaded bytes differ from the file",
			   s->index);
		FUZZ_CHECK(all_zero(at + s->filesz, s->memsz - s->filesz),
			   "segment %u: memory past p_filesz is not zero",
			   s->index);
		/* Only a segment's first and last page can hold bytes of no
		 * segment; every other page is inaccessible. */
		segment_pages(s, &first, &end);
		if (end > first) {
			check_page_outside(info, first);
			check_page_outside(info, end - PAGE);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct elf_info info;
	char msg[200];

	if (!phys)
		model_init();
	/* The decompressor's ELF buffer holds at most this much. */
	if (n > ELF_BUFFER_END - ELF_BUFFER_START)
		return 0;
	if (elf_check(data, n, &lim, &info, msg, sizeof(msg))) {
		FUZZ_CHECK(msg[0], "refused without a message");
		return 0;
	}
	check_accepted(&info, n);
	segments_open(&info, true);
	elf_load(data, &info, (uintptr_t)phys);
	check_loaded(data, &info);
	segments_open(&info, false);
	return 0;
}
