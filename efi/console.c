// SPDX-License-Identifier: MIT
/*
 * The EFI stub's error lines: the firmware's text console (ConOut: the
 * screen, or the serial console a virtual machine gives it) and COM1,
 * where every other paraboot stage reports.  COM1 is written as the
 * firmware left it (115200 8n1 on PCs that have one); a PC without one
 * costs only time (lib/serial.c).  After ExitBootServices has been tried
 * the firmware's console may be gone, and only COM1 is used.
 */
#include <paraboot/fatal.h>
#include <paraboot/serial.h>
#include "stub.h"

/* No table of names: pointers in data would need run-time relocation. */
static const char *status_name(efi_status_t status)
{
	switch (status) {
	case EFI_LOAD_ERROR:		return "EFI_LOAD_ERROR";
	case EFI_INVALID_PARAMETER:	return "EFI_INVALID_PARAMETER";
	case EFI_UNSUPPORTED:		return "EFI_UNSUPPORTED";
	case EFI_BAD_BUFFER_SIZE:	return "EFI_BAD_BUFFER_SIZE";
	case EFI_BUFFER_TOO_SMALL:	return "EFI_BUFFER_TOO_SMALL";
	case EFI_NOT_READY:		return "EFI_NOT_READY";
	case EFI_DEVICE_ERROR:		return "EFI_DEVICE_ERROR";
	case EFI_WRITE_PROTECTED:	return "EFI_WRITE_PROTECTED";
	case EFI_OUT_OF_RESOURCES:	return "EFI_OUT_OF_RESOURCES";
	case EFI_VOLUME_CORRUPTED:	return "EFI_VOLUME_CORRUPTED";
	case EFI_VOLUME_FULL:		return "EFI_VOLUME_FULL";
	case EFI_NO_MEDIA:		return "EFI_NO_MEDIA";
	case EFI_MEDIA_CHANGED:		return "EFI_MEDIA_CHANGED";
	case EFI_NOT_FOUND:		return "EFI_NOT_FOUND";
	case EFI_ACCESS_DENIED:		return "EFI_ACCESS_DENIED";
	default:			return NULL;
	}
}

/* The firmware's console takes UCS-2 and wants \r\n. */
static void con_out(const struct efi_boot *b, const char *s)
{
	struct efi_simple_text_output *out = efi_ptr(b->st->con_out);
	efi_char16_t buf[64];
	size_t n = 0;

	if (!out)
		return;
	for (;; s++) {
		if (n >= ARRAY_SIZE(buf) - 3 || !*s) {
			buf[n] = 0;
			out->output_string(out, buf);
			n = 0;
		}
		if (!*s)
			return;
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (u8)*s;
	}
}

static size_t error_line(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_error_line(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

efi_status_t efi_fail(const struct efi_boot *b, efi_status_t status,
		      const char *fmt, ...)
{
	const char *name = status_name(status);
	char msg[200], line[256];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (name)
		n = error_line(line, sizeof(line), "%s: %s", msg, name);
	else
		n = error_line(line, sizeof(line), "%s: EFI status 0x%lx", msg,
			       status);
	if (!b->exiting)
		con_out(b, line);
	serial_write(line, n);
	return status;
}
