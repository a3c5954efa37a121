// SPDX-License-Identifier: MIT
/*
 * Load the kernel ELF: the xv6 loop (check the header, walk the program
 * headers, copy p_filesz, zero up to p_memsz) with every field the loop
 * trusts checked first.  Nothing here knows it runs in a decompressor, so
 * tests/unit/test_elf.c runs the same code on the host.
 */
#include <paraboot/elf_loader.h>
#include <paraboot/string.h>

static const char *fail(char *msg, size_t msglen, const char *fmt, ...)
	__printf(3, 4);

static const char *fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return msg;
}

static bool overlaps(u64 a, u64 a_end, u64 b, u64 b_end)
{
	return a < b_end && b < a_end;
}

/* Read program header i into the class-neutral form. */
static void read_phdr(const u8 *elf, u64 phoff, unsigned int i, u8 elf_class,
		      u32 *type, struct elf_segment *s)
{
	if (elf_class == ELFCLASS64) {
		Elf64_Phdr ph;

		memcpy(&ph, elf + phoff + (u64)i * sizeof(ph), sizeof(ph));
		*type = ph.p_type;
		s->offset = ph.p_offset;
		s->paddr = ph.p_paddr;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
		s->flags = ph.p_flags;
	} else {
		Elf32_Phdr ph;

		memcpy(&ph, elf + phoff + (u64)i * sizeof(ph), sizeof(ph));
		*type = ph.p_type;
		s->offset = ph.p_offset;
		s->paddr = ph.p_paddr;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
		s->flags = ph.p_flags;
	}
	s->index = i;
}

/*
 * Program headers paraboot may skip: what its own kernel ELFs carry
 * besides PT_LOAD (readelf -l on both build/ARCH/vmlinux: PT_NOTE, for
 * Xen's notes) and what a linker may add (PT_GNU_STACK).  Any other
 * type, PT_NULL included, is refused rather than skipped: a PT_LOAD
 * whose p_type was damaged would otherwise leave its segment out
 * without a word.
 */
static bool skippable_phdr(u32 type)
{
	return type == PT_NOTE || type == PT_GNU_STACK;
}

static const char *check_segment(const struct elf_segment *s, size_t len,
				 const struct elf_limits *lim, char *msg,
				 size_t msglen)
{
	u64 end = s->paddr + s->memsz;

	if (s->filesz > s->memsz)
		return fail(msg, msglen, "ELF segment %u: p_filesz 0x%llx is "
			    "larger than p_memsz 0x%llx", s->index, s->filesz,
			    s->memsz);
	if (s->offset > len || s->filesz > len - s->offset)
		return fail(msg, msglen, "ELF segment %u: file bytes "
			    "0x%llx+0x%llx run past the end of the file (0x%zx)",
			    s->index, s->offset, s->filesz, len);
	if (end < s->paddr)
		return fail(msg, msglen, "ELF segment %u: p_paddr 0x%llx + "
			    "p_memsz 0x%llx wraps around", s->index, s->paddr,
			    s->memsz);
	if (overlaps(s->paddr, end, lim->self_start, lim->self_end))
		return fail(msg, msglen, "ELF segment %u (0x%llx-0x%llx) "
			    "overlaps the decompressor", s->index, s->paddr,
			    end);
	if (overlaps(s->paddr, end, lim->buffer_start, lim->buffer_end))
		return fail(msg, msglen, "ELF segment %u (0x%llx-0x%llx) "
			    "overlaps the decompressed kernel file", s->index,
			    s->paddr, end);
	if (s->paddr < lim->space_start || end > lim->space_end)
		return fail(msg, msglen, "ELF segment %u (0x%llx-0x%llx) lies "
			    "outside the kernel's space 0x%llx-0x%llx (init_size)",
			    s->index, s->paddr, end, lim->space_start,
			    lim->space_end);
	return NULL;
}

const char *elf_check(const void *file, size_t len, const struct elf_limits *lim,
		      struct elf_info *info, char *msg, size_t msglen)
{
	const u8 *elf = file;
	size_t ehsize, phentsize;
	u64 phoff;
	unsigned int phnum, i, j;
	u16 type, machine, ph_size;
	const char *err;
	bool entry_ok = false;

	if (len < EI_NIDENT)
		return fail(msg, msglen, "ELF file is %zu bytes, too short for "
			    "an ELF header", len);
	if (elf[EI_MAG0] != ELFMAG0 || elf[1] != ELFMAG1 ||
	    elf[2] != ELFMAG2 || elf[3] != ELFMAG3)
		return fail(msg, msglen, "the payload is not an ELF file (it "
			    "starts %02x %02x %02x %02x)", elf[0], elf[1],
			    elf[2], elf[3]);
	if (elf[EI_CLASS] != lim->elf_class)
		return fail(msg, msglen, "ELF class %u, but this image needs "
			    "class %u (%s)", elf[EI_CLASS], lim->elf_class,
			    lim->elf_class == ELFCLASS64 ? "64-bit" : "32-bit");
	if (elf[EI_DATA] != ELFDATA2LSB)
		return fail(msg, msglen, "ELF data encoding %u is not "
			    "little-endian", elf[EI_DATA]);
	if (elf[EI_VERSION] != EV_CURRENT)
		return fail(msg, msglen, "ELF version %u is not 1",
			    elf[EI_VERSION]);

	if (lim->elf_class == ELFCLASS64) {
		Elf64_Ehdr eh;

		ehsize = sizeof(eh);
		phentsize = sizeof(Elf64_Phdr);
		if (len < ehsize)
			goto short_header;
		memcpy(&eh, elf, sizeof(eh));
		type = eh.e_type;
		machine = eh.e_machine;
		info->entry = eh.e_entry;
		phoff = eh.e_phoff;
		phnum = eh.e_phnum;
		ph_size = eh.e_phentsize;
	} else {
		Elf32_Ehdr eh;

		ehsize = sizeof(eh);
		phentsize = sizeof(Elf32_Phdr);
		if (len < ehsize)
			goto short_header;
		memcpy(&eh, elf, sizeof(eh));
		type = eh.e_type;
		machine = eh.e_machine;
		info->entry = eh.e_entry;
		phoff = eh.e_phoff;
		phnum = eh.e_phnum;
		ph_size = eh.e_phentsize;
	}

	if (type != ET_EXEC)
		return fail(msg, msglen, "ELF type %u is not ET_EXEC", type);
	if (machine != lim->machine)
		return fail(msg, msglen, "ELF machine %u, but this image needs "
			    "%u", machine, lim->machine);
	if (ph_size != phentsize)
		return fail(msg, msglen, "ELF e_phentsize %u, expected %zu",
			    ph_size, phentsize);
	if (phnum == 0 || phnum > ELF_MAX_PHDRS)
		return fail(msg, msglen, "ELF e_phnum %u is not in 1..%u",
			    phnum, ELF_MAX_PHDRS);
	if (phoff > len || (u64)phnum * phentsize > len - phoff)
		return fail(msg, msglen, "ELF program headers at 0x%llx run "
			    "past the end of the file (0x%zx)", phoff, len);

	info->nsegments = 0;
	for (i = 0; i < phnum; i++) {
		struct elf_segment s;
		u32 ptype;

		read_phdr(elf, phoff, i, lim->elf_class, &ptype, &s);
		if (ptype != PT_LOAD) {
			if (!skippable_phdr(ptype))
				return fail(msg, msglen, "ELF program header %u "
					    "has type 0x%x: paraboot loads "
					    "PT_LOAD and skips only PT_NOTE "
					    "and PT_GNU_STACK", i, ptype);
			continue;
		}
		err = check_segment(&s, len, lim, msg, msglen);
		if (err)
			return err;
		for (j = 0; j < info->nsegments; j++) {
			const struct elf_segment *o = &info->seg[j];

			if (overlaps(s.paddr, s.paddr + s.memsz, o->paddr,
				     o->paddr + o->memsz))
				return fail(msg, msglen, "ELF segments %u and "
					    "%u overlap", o->index, s.index);
		}
		if ((s.flags & PF_X) && info->entry >= s.paddr &&
		    info->entry < s.paddr + s.memsz)
			entry_ok = true;
		info->seg[info->nsegments++] = s;
	}
	if (!info->nsegments)
		return fail(msg, msglen, "ELF file has no PT_LOAD segment");
	if (!entry_ok)
		return fail(msg, msglen, "ELF entry point 0x%llx is not inside "
			    "an executable segment", info->entry);
	return NULL;

short_header:
	return fail(msg, msglen, "ELF file is %zu bytes, shorter than its "
		    "%zu-byte header", len, ehsize);
}

void elf_load(const void *file, const struct elf_info *info,
	      uintptr_t phys_to_ptr)
{
	const u8 *elf = file;

	for (unsigned int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		u8 *dest = (u8 *)(uintptr_t)(s->paddr + phys_to_ptr);

		memmove(dest, elf + s->offset, s->filesz);
		memset(dest + s->filesz, 0, s->memsz - s->filesz);
	}
}
