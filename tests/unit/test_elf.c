// SPDX-License-Identifier: MIT
/*
 * Host tests of the decompressor's ELF loader (compressed/elf.c, built
 * in here unchanged): good 32- and 64-bit images load byte-exact with
 * their bss zeroed, and each kind of malformed image is refused with its
 * own message, before anything is written.  Every ELF named on the
 * command line (tests/run passes the real kernels) must be accepted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compressed/elf.c"
#include "../../lib/printf.c"

static int passed, failed, skipped;

static void check(const char *name, int ok, const char *detail)
{
	if (ok) {
		passed++;
		printf("PASS: elf: %s\n", name);
	} else {
		failed++;
		printf("FAIL: elf: %s: %s\n", name, detail);
	}
}

/* A window like the decompressor's: kernel space, ELF buffer, itself. */
#define SPACE_START	0x100000ULL
#define SPACE_END	0x200000ULL
#define BUFFER_END	0x280000ULL
#define SELF_END	0x300000ULL

static struct elf_limits limits(u8 cls)
{
	struct elf_limits l = {
		.elf_class = cls,
		.machine = cls == ELFCLASS64 ? EM_X86_64 : EM_386,
		.space_start = SPACE_START, .space_end = SPACE_END,
		.buffer_start = SPACE_END, .buffer_end = BUFFER_END,
		.self_start = BUFFER_END, .self_end = SELF_END,
	};
	return l;
}

struct seg {
	u32 type, flags;
	u64 offset, paddr, filesz, memsz;
};

/* Build an ELF file of the given class with the given segments; segment
 * contents are filled with a pattern derived from their index. */
static size_t build(u8 *buf, size_t cap, u8 cls, u64 entry,
		    const struct seg *segs, unsigned int n)
{
	size_t eh = cls == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t ph = cls == ELFCLASS64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	size_t end = eh + n * ph;

	memset(buf, 0, cap);
	if (cls == ELFCLASS64) {
		Elf64_Ehdr h = { .e_type = ET_EXEC, .e_machine = EM_X86_64,
			.e_version = 1, .e_entry = entry, .e_phoff = eh,
			.e_ehsize = eh, .e_phentsize = ph, .e_phnum = n };
		memcpy(h.e_ident, "\x7f" "ELF\x02\x01\x01", 7);
		memcpy(buf, &h, sizeof(h));
	} else {
		Elf32_Ehdr h = { .e_type = ET_EXEC, .e_machine = EM_386,
			.e_version = 1, .e_entry = entry, .e_phoff = eh,
			.e_ehsize = eh, .e_phentsize = ph, .e_phnum = n };
		memcpy(h.e_ident, "\x7f" "ELF\x01\x01\x01", 7);
		memcpy(buf, &h, sizeof(h));
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct seg *s = &segs[i];

		if (cls == ELFCLASS64) {
			Elf64_Phdr p = { s->type, s->flags, s->offset, s->paddr,
					 s->paddr, s->filesz, s->memsz, 4096 };
			memcpy(buf + eh + i * ph, &p, sizeof(p));
		} else {
			Elf32_Phdr p = { s->type, s->offset, s->paddr, s->paddr,
					 s->filesz, s->memsz, s->flags, 4096 };
			memcpy(buf + eh + i * ph, &p, sizeof(p));
		}
		if (s->type == PT_LOAD && s->offset + s->filesz <= cap)
			for (u64 j = 0; j < s->filesz; j++)
				buf[s->offset + j] = (u8)(i * 31 + j);
		if (s->offset + s->filesz > end)
			end = s->offset + s->filesz;
	}
	return end < cap ? end : cap;
}

static u8 file[0x20000];
static u8 memory[SELF_END - SPACE_START];	/* physical SPACE_START.. */

/* A valid file, with PT_GNU_STACK as its fourth header or not. */
static void good(u8 cls, bool gnu_stack)
{
	char name[80], msg[200];
	struct seg segs[] = {
		{ PT_LOAD, PF_R | PF_X, 0x1000, 0x100000, 0x3000, 0x3000 },
		{ PT_NOTE, PF_R, 0x4000, 0x103000, 0x20, 0x20 },
		{ PT_LOAD, PF_R | PF_W, 0x5000, 0x105000, 0x1800, 0x9000 },
		{ PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0 },
	};
	struct elf_limits lim = limits(cls);
	struct elf_info info;
	size_t len = build(file, sizeof(file), cls, 0x100010, segs,
			   gnu_stack ? 4 : 3);
	const char *err;
	int ok = 1;

	memset(memory, 0xcc, sizeof(memory));
	err = elf_check(file, len, &lim, &info, msg, sizeof(msg));
	snprintf(name, sizeof(name), "class %u: valid file%s accepted", cls,
		 gnu_stack ? " with PT_GNU_STACK" : "");
	check(name, !err && info.nsegments == 2 && info.entry == 0x100010,
	      err ? err : "wrong segment count or entry");
	if (err)
		return;
	elf_load(file, &info, (uintptr_t)memory - SPACE_START);
	for (u64 j = 0; j < 0x3000; j++)
		ok &= memory[j] == (u8)j;
	for (u64 j = 0; j < 0x1800; j++)
		ok &= memory[0x5000 + j] == (u8)(2 * 31 + j);
	for (u64 j = 0x1800; j < 0x9000; j++)
		ok &= memory[0x5000 + j] == 0;
	ok &= memory[0x3000] == 0xcc && memory[0xe000] == 0xcc;
	snprintf(name, sizeof(name), "class %u%s: segments copied, bss "
		 "zeroed, nothing else written", cls,
		 gnu_stack ? " with PT_GNU_STACK" : "");
	check(name, ok, "memory contents differ");
}

/*
 * Each malformed case changes either the segments before the file is
 * built or the built file's bytes, and names a substring of the message.
 */
struct bad_case {
	const char *name;
	const char *want;
	void (*segs)(struct seg *s, u64 *entry, u8 cls);
	void (*bytes)(u8 *f, size_t *len, u8 cls);
};

static void b_magic(u8 *f, size_t *len, u8 c) { f[1] = 'X'; }
static void b_class(u8 *f, size_t *len, u8 c) { f[EI_CLASS] = c == ELFCLASS64 ? ELFCLASS32 : ELFCLASS64; }
static void b_endian(u8 *f, size_t *len, u8 c) { f[EI_DATA] = 2; }
static void b_type(u8 *f, size_t *len, u8 c) { f[16] = 3; /* ET_DYN */ }
static void b_machine(u8 *f, size_t *len, u8 c) { f[18] = 40; /* ARM */ }
static void b_phentsize(u8 *f, size_t *len, u8 c) { f[c == ELFCLASS64 ? 54 : 42]++; }
static void b_phnum0(u8 *f, size_t *len, u8 c) { f[c == ELFCLASS64 ? 56 : 44] = 0; }
static void b_phnum_big(u8 *f, size_t *len, u8 c) { f[c == ELFCLASS64 ? 56 : 44] = 200; }
static void b_short(u8 *f, size_t *len, u8 c) { *len = 30; }
static void b_phdrs_past(u8 *f, size_t *len, u8 c) { *len = c == ELFCLASS64 ? 64 + 56 : 52 + 32; }

static void s_filesz(struct seg *s, u64 *e, u8 c) { s[0].filesz = s[0].memsz + 1; }
static void s_past_file(struct seg *s, u64 *e, u8 c) { s[2].offset = sizeof(file) - 0x100; s[2].filesz = 0x200; }
static void s_below(struct seg *s, u64 *e, u8 c) { s[0].paddr = 0xff000; *e = 0xff010; }
static void s_above(struct seg *s, u64 *e, u8 c) { s[2].paddr = 0x400000; }
static void s_buffer(struct seg *s, u64 *e, u8 c) { s[2].paddr = 0x210000; }
static void s_self(struct seg *s, u64 *e, u8 c) { s[2].paddr = 0x290000; }
static void s_overlap(struct seg *s, u64 *e, u8 c) { s[2].paddr = 0x102000; }
static void s_wrap(struct seg *s, u64 *e, u8 c) { s[2].paddr = ~0ULL - 0x100; }
static void s_entry(struct seg *s, u64 *e, u8 c) { *e = 0x105010; /* data segment */ }
static void s_noload(struct seg *s, u64 *e, u8 c) { s[0].type = PT_NOTE; s[2].type = PT_NOTE; }
/* The census's case: the data segment's p_type 1 became 0x14. */
static void s_type_0x14(struct seg *s, u64 *e, u8 c) { s[2].type = 0x14; }
static void s_type_null(struct seg *s, u64 *e, u8 c) { s[2].type = PT_NULL; }
static void s_type_bitflip(struct seg *s, u64 *e, u8 c) { s[0].type = PT_LOAD | 0x80000000; }
static void s_type_note_flip(struct seg *s, u64 *e, u8 c) { s[1].type = PT_NOTE ^ 0x100; }
static void s_type_dynamic(struct seg *s, u64 *e, u8 c) { s[1].type = 2; /* PT_DYNAMIC */ }

static const struct bad_case bad_cases[] = {
	{ "bad magic", "not an ELF file", NULL, b_magic },
	{ "wrong class", "ELF class", NULL, b_class },
	{ "big-endian", "not little-endian", NULL, b_endian },
	{ "ET_DYN", "is not ET_EXEC", NULL, b_type },
	{ "wrong machine", "ELF machine 40", NULL, b_machine },
	{ "bad e_phentsize", "e_phentsize", NULL, b_phentsize },
	{ "e_phnum 0", "e_phnum 0 is not in", NULL, b_phnum0 },
	{ "e_phnum 200", "e_phnum 200 is not in", NULL, b_phnum_big },
	{ "truncated header", "ELF file is 30 bytes, shorter than its", NULL, b_short },
	{ "program headers past the end", "program headers at", NULL, b_phdrs_past },
	{ "p_filesz > p_memsz", "larger than p_memsz", s_filesz, NULL },
	{ "segment bytes past the end", "ELF segment 2: file bytes", s_past_file, NULL },
	{ "segment below the kernel space", "ELF segment 0 (0xff000-0x102000) lies outside", s_below, NULL },
	{ "segment beyond the work area", "ELF segment 2 (0x400000-0x409000) lies outside the kernel's space 0x100000-0x200000", s_above, NULL },
	{ "segment over the ELF buffer", "ELF segment 2 (0x210000-0x219000) overlaps the decompressed kernel file", s_buffer, NULL },
	{ "segment over the decompressor", "ELF segment 2 (0x290000-0x299000) overlaps the decompressor", s_self, NULL },
	{ "overlapping segments", "ELF segments 0 and 2 overlap", s_overlap, NULL },
	{ "entry in a data segment", "entry point 0x105010 is not inside an executable segment", s_entry, NULL },
	{ "no PT_LOAD", "no PT_LOAD segment", s_noload, NULL },
	{ "p_type 0x14", "ELF program header 2 has type 0x14", s_type_0x14, NULL },
	{ "PT_NULL", "ELF program header 2 has type 0x0", s_type_null, NULL },
	{ "p_type with bit 31 set", "ELF program header 0 has type 0x80000001", s_type_bitflip, NULL },
	{ "a damaged PT_NOTE", "ELF program header 1 has type 0x104", s_type_note_flip, NULL },
	{ "PT_DYNAMIC", "ELF program header 1 has type 0x2", s_type_dynamic, NULL },
};

static void bad_one(u8 cls, const char *label, const char *want,
		    void (*segs_fn)(struct seg *, u64 *, u8),
		    void (*bytes_fn)(u8 *, size_t *, u8))
{
	struct seg segs[] = {
		{ PT_LOAD, PF_R | PF_X, 0x1000, 0x100000, 0x3000, 0x3000 },
		{ PT_NOTE, PF_R, 0x4000, 0x103000, 0x20, 0x20 },
		{ PT_LOAD, PF_R | PF_W, 0x5000, 0x105000, 0x1800, 0x9000 },
	};
	u64 entry = 0x100010;
	struct elf_limits lim = limits(cls);
	struct elf_info info;
	char msg[200], name[160], detail[400];
	const char *err;
	size_t len;

	if (segs_fn)
		segs_fn(segs, &entry, cls);
	len = build(file, sizeof(file), cls, entry, segs, 3);
	if (bytes_fn)
		bytes_fn(file, &len, cls);
	err = elf_check(file, len, &lim, &info, msg, sizeof(msg));
	snprintf(name, sizeof(name), "class %u: %s is refused", cls, label);
	snprintf(detail, sizeof(detail), "message %s, want \"%s\"",
		 err ? err : "(accepted)", want);
	check(name, err && strstr(err, want), detail);
}

static void bad(u8 cls)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++)
		bad_one(cls, bad_cases[i].name, bad_cases[i].want,
			bad_cases[i].segs, bad_cases[i].bytes);
	/* In 32 bits the end lies past 4 GiB; in 64 it wraps. */
	bad_one(cls, "segment end past the address space",
		cls == ELFCLASS64 ? "wraps around" : "lies outside", s_wrap,
		NULL);
}

/*
 * A real kernel ELF (build/ARCH/vmlinux.bin, passed by tests/run) must be
 * accepted: every program header type it has is one elf_check() knows.
 * Its segments are allowed anywhere below 4 GiB; the buffer and the
 * decompressor are put above that.
 */
static void real_file(const char *path)
{
	static u8 buf[8 << 20];
	char name[300], msg[200];
	struct elf_limits lim;
	struct elf_info info;
	const char *err;
	FILE *f = fopen(path, "rb");
	size_t len;

	snprintf(name, sizeof(name), "%s is accepted", path);
	if (!f) {
		printf("SKIP: elf: %s: cannot open it\n", name);
		skipped++;
		return;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	lim = limits(len > EI_CLASS ? buf[EI_CLASS] : ELFCLASS32);
	lim.space_start = 0;
	lim.space_end = lim.buffer_start = 1ULL << 32;
	lim.buffer_end = lim.self_start = 2ULL << 32;
	lim.self_end = 3ULL << 32;
	err = elf_check(buf, len, &lim, &info, msg, sizeof(msg));
	check(name, !err, err ? err : "");
}

int main(int argc, char **argv)
{
	good(ELFCLASS32, false);
	good(ELFCLASS64, false);
	good(ELFCLASS32, true);
	good(ELFCLASS64, true);
	bad(ELFCLASS32);
	bad(ELFCLASS64);
	for (int i = 1; i < argc; i++)
		real_file(argv[i]);
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed != 0;
}
