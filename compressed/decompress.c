// SPDX-License-Identifier: MIT
/*
 * The decompressor's work, once it has moved above everything it writes:
 * check the payload's magic names the codec linked into this image
 * (codec.h), decode the kernel ELF into its buffer (or, for a payload
 * stored uncompressed, take the ELF where it lies, inside us), check it
 * is the one this image was built with, load its segments at their
 * physical addresses, and tell head_{32,64}.S where to jump.
 */
#include <paraboot/crc32.h>
#include <paraboot/elf_loader.h>
#include <paraboot/layout.h>
#include "codec.h"
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

/*
 * Which codec wrote the payload, by its magic: gzip (RFC 1952), the LZ4
 * legacy frame (lz4_Frame_format.md), zstd (RFC 8878), or the ELF itself.
 */
static const char *payload_magic_codec(void)
{
	static const struct {
		char codec[5];
		u8 len, magic[4];
	} magics[] = {
		{ "gzip", 2, { 0x1f, 0x8b } },
		{ "lz4", 4, { 0x02, 0x21, 0x4c, 0x18 } },
		{ "zstd", 4, { 0x28, 0xb5, 0x2f, 0xfd } },
		{ "none", 4, { 0x7f, 'E', 'L', 'F' } },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(magics); i++)
		if (z_input_len >= magics[i].len &&
		    !memcmp(input_data, magics[i].magic, magics[i].len))
			return magics[i].codec;
	return NULL;
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
	const char *codec;
	bool crc_known = false;
	int rc;
	u32 crc = 0;

	record_entry(observed, load_addr);

	codec = payload_magic_codec();
	if (!codec)
		fatal("kernel payload: unknown format (it starts %02x %02x %02x "
		      "%02x; this image decodes %s)", input_data[0],
		      input_data[1], input_data[2], input_data[3],
		      payload_codec);
	if (strcmp(codec, payload_codec))
		fatal("kernel payload: a %s payload, but this image's "
		      "decompressor decodes %s", codec, payload_codec);
	if (!payload_is_elf()) {
		u8 *buf = (u8 *)(uintptr_t)ELF_BUFFER_START;

		rc = payload_decode(input_data, z_input_len, buf,
				    ELF_BUFFER_END - ELF_BUFFER_START, &elf_len,
				    &crc, &crc_known);
		if (rc)
			fatal("kernel payload: %s", payload_strerror(rc));
		elf = buf;
	}
	if (elf_len != z_output_len)
		fatal("kernel payload: decompressed to %zu bytes, the image "
		      "was built for %u", elf_len, z_output_len);

	if (elf_check(elf, elf_len, &lim, &kernel_elf, elf_msg, sizeof(elf_msg)))
		fatal("kernel payload: %s", elf_msg);
	/*
	 * After the checks that name what is wrong: a payload compressed
	 * again around a damaged ELF passes its decoder, and a wrong
	 * p_offset, p_filesz or e_entry can pass elf_check() and still load
	 * a broken kernel.
	 * Only the ELF this image was built with is loaded.  A codec that
	 * checked a CRC-32 of its output (gzip's trailer) gives that one,
	 * without a second pass over the ELF; for the others (lz4, none)
	 * it is computed here.
	 */
	if (!crc_known)
		crc = crc32(0, elf, elf_len);
	if (crc != z_output_crc32)
		fatal("kernel payload: the ELF's CRC-32 is 0x%08x, the image was "
		      "built with 0x%08x", crc, z_output_crc32);
	elf_load(elf, &kernel_elf, 0);
	return kernel_elf.entry;
}
