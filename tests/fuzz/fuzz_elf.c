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
 * Then the load: the kernel's space is read-write memory with
 * inaccessible pages on both sides and over the ELF buffer and the
 * decompressor, so a stray write there faults.  Afterwards the pages the
 * load touched (mincore) must all belong to segments, every segment holds
 * its file bytes then zeros, and every other byte is still zero.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* Physical 0 .. MODEL_END, only the kernel's space accessible. */
#define MODEL_END	(PAGE_ALIGN(RELOCATED_START + ZO__end) + 16 * PAGE)
static uint8_t *phys;
static unsigned char *resident;

static void model_init(void)
{
	size_t space = KERNEL_SPACE_END - KERNEL_SPACE_START;

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
	if (phys == MAP_FAILED ||
	    mprotect(phys + KERNEL_SPACE_START, space, PROT_READ | PROT_WRITE))
		abort();
	resident = malloc(space / PAGE);
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

static void check_loaded(const uint8_t *file, const struct elf_info *info)
{
	size_t space = KERNEL_SPACE_END - KERNEL_SPACE_START;

	for (unsigned int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		const uint8_t *at = phys + s->paddr;

		FUZZ_CHECK(!memcmp(at, file + s->offset, s->filesz),
			   "segment %u: loaded bytes differ from the file",
			   s->index);
		FUZZ_CHECK(all_zero(at + s->filesz, s->memsz - s->filesz),
			   "segment %u: memory past p_filesz is not zero",
			   s->index);
	}
	/* Pages nobody wrote are not resident; the rest of a touched page
	 * outside every segment must still be zero. */
	if (mincore(phys + KERNEL_SPACE_START, space, resident))
		abort();
	for (size_t p = 0; p < space / PAGE; p++) {
		u64 pa = KERNEL_SPACE_START + p * PAGE, b = pa, end;

		if (!(resident[p] & 1))
			continue;
		while (b < pa + PAGE) {
			end = segment_end_at(info, b);
			if (end) {
				b = end;
				continue;
			}
			FUZZ_CHECK(!phys[b], "byte at 0x%llx written, outside "
				   "every segment", b);
			b++;
		}
	}
	madvise(phys + KERNEL_SPACE_START, space, MADV_DONTNEED);
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
	elf_load(data, &info, (uintptr_t)phys);
	check_loaded(data, &info);
	return 0;
}
