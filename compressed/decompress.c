// SPDX-License-Identifier: MIT
/*
 * The decompressor's work, once it has moved above everything it writes:
 * gunzip the kernel ELF into its buffer (or, for a payload stored
 * uncompressed, take the ELF where it lies, inside us), check it is the
 * one this image was built with, load its segments at their physical
 * addresses, and tell head_{32,64}.S where to jump.
 */
#include <paraboot/crc32.h>
#include <paraboot/elf_loader.h>
#include <paraboot/inflate.h>
#include <paraboot/layout.h>
#include "misc.h"

#ifdef __x86_64__
#define KERNEL_CLASS	ELFCLASS64
#define KERNEL_MACHINE	EM_X86_64
#else
#define KERNEL_CLASS	ELFCLASS32
#define KERNEL_MACHINE	EM_386
#endif

/* For the kernel head (%edi/%rdi): how paraboot was entered. */
struct boot_record boot_record;

static struct inflate_workspace inflate_ws;
static struct elf_info kernel_elf;
static char elf_msg[200];

static void record_entry(unsigned long observed, unsigned long load_addr)
{
	boot_record.magic = BOOT_RECORD_MAGIC;
	boot_record.entry = OBSERVED_ENTRY(observed);
	boot_record.cpl = OBSERVED_CPL(observed);
	boot_record.paging = OBSERVED_PAGING(observed);
	boot_record.load_addr = load_addr;
}

unsigned long decompress_kernel(const struct boot_params *bp,
				unsigned long observed, unsigned long load_addr)
{
	const u8 *elf = input_data;
	size_t elf_len = z_input_len;
	struct elf_limits lim = {
		.elf_class = KERNEL_CLASS,
		.machine = KERNEL_MACHINE,
		.space_start = KERNEL_SPACE_START,
		.space_end = KERNEL_SPACE_END,
		.buffer_start = ELF_BUFFER_START,
		.buffer_end = ELF_BUFFER_END,
		.self_start = (uintptr_t)startup_32,
		.self_end = (uintptr_t)_end,
	};
	int rc;
	u32 crc;

	record_entry(observed, load_addr);

	if (!payload_is_elf()) {
		u8 *buf = (u8 *)(uintptr_t)ELF_BUFFER_START;

		rc = gunzip(&inflate_ws, input_data, z_input_len, buf,
			    ELF_BUFFER_END - ELF_BUFFER_START, &elf_len);
		if (rc)
			fatal("kernel payload: %s", inflate_strerror(rc));
		elf = buf;
	}
	if (elf_len != z_output_len)
		fatal("kernel payload: decompressed to %zu bytes, the image "
		      "was built for %u", elf_len, z_output_len);

	if (elf_check(elf, elf_len, &lim, &kernel_elf, elf_msg, sizeof(elf_msg)))
		fatal("kernel payload: %s", elf_msg);
	/*
	 * After the checks that name what is wrong: a payload gzip'ed again
	 * around a damaged ELF passes gunzip, and a wrong p_offset, p_filesz
	 * or e_entry can pass elf_check() and still load a broken kernel.
	 * Only the ELF this image was built with is loaded.  gunzip() has
	 * checked the ELF against the CRC-32 in the gzip trailer, so that
	 * one is the ELF's, without a second pass over it.
	 */
	crc = payload_is_elf() ? crc32(0, elf, elf_len) :
	      gunzip_trailer_crc32(input_data, z_input_len);
	if (crc != z_output_crc32)
		fatal("kernel payload: the ELF's CRC-32 is 0x%08x, the image was "
		      "built with 0x%08x", crc, z_output_crc32);
	elf_load(elf, &kernel_elf, 0);
	return kernel_elf.entry;
}
