// SPDX-License-Identifier: MIT
/*
 * The kernel command line from LoadedImage->LoadOptions, which UEFI leaves
 * to whoever starts the image (UEFI 2.10, 9.1).  What they pass:
 *
 * - OVMF's QEMU -kernel: the -append string as UCS-2, NUL-terminated,
 *   with " initrd=initrd" added when -initrd is given;
 * - the UEFI shell: the whole command as typed, the program's own name
 *   first (Argv[0] of the shell parameters protocol it installs);
 * - a boot manager: the Boot#### option's OptionalData, which may be
 *   anything (edk2 marks the options it creates with a GUID there).
 *
 * So LoadOptions are taken as text when they are whole UCS-2 characters,
 * NUL-terminated or all ASCII; anything else is a boot option's binary
 * data and gives an empty command line.  The shell's Argv[0] is dropped.
 * Text with a character outside ASCII is refused: the boot protocol's
 * command line is bytes, and paraboot's is ASCII.
 */
#include "stub.h"

static bool shell_started_us(const struct efi_boot *b)
{
	static const efi_guid_t shell_params =
		EFI_SHELL_PARAMETERS_PROTOCOL_GUID;
	void *p;

	return b->bs->handle_protocol(b->image, &shell_params, &p) ==
	       EFI_SUCCESS;
}

/* Where the shell's first word (the program, maybe "quoted") ends. */
static size_t skip_program_name(const efi_char16_t *s, size_t n)
{
	size_t i = 0;
	bool quoted = false;

	while (i < n && s[i] == ' ')
		i++;
	for (; i < n && (quoted || s[i] != ' '); i++)
		if (s[i] == '"')
			quoted = !quoted;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

efi_status_t efi_cmdline_from_load_options(const struct efi_boot *b,
					   char *buf, size_t size)
{
	const efi_char16_t *s = b->li->load_options;
	size_t n = b->li->load_options_size / sizeof(*s), len, i = 0;
	bool ascii = true;

	buf[0] = '\0';
	if (!s || b->li->load_options_size % sizeof(*s))
		return EFI_SUCCESS;
	for (len = 0; len < n && s[len]; len++)
		if (s[len] > 0x7f)
			ascii = false;
	if (len == n && !ascii)
		return EFI_SUCCESS;	/* binary OptionalData, no text */

	if (shell_started_us(b))
		i = skip_program_name(s, len);
	for (size_t out = 0; i < len; i++, out++) {
		if (s[i] > 0x7f)
			return efi_fail(b, EFI_INVALID_PARAMETER, "the command "
					"line has U+%04X after %zu ASCII "
					"characters: paraboot takes an ASCII "
					"command line", s[i], out);
		if (out >= size - 1)
			return efi_fail(b, EFI_INVALID_PARAMETER, "the command "
					"line is %zu characters, longer than "
					"cmdline_size %zu", len - (i - out),
					size - 1);
		buf[out] = (char)s[i];
		buf[out + 1] = '\0';
	}
	return EFI_SUCCESS;
}
