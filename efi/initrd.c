// SPDX-License-Identifier: MIT
/*
 * The initrd, the two ways Linux's EFI stub takes it (and in its order):
 *
 * 1. LoadFile2 on the vendor media device path LINUX_EFI_INITRD_MEDIA_GUID,
 *    which the loader installs when it has an initrd for us (OVMF for
 *    QEMU -initrd, systemd-boot);
 * 2. else every initrd=PATH in the command line, read from the file system
 *    the image was loaded from (its LoadedImage's DeviceHandle), paths from
 *    that volume's root, '/' or '\' between names; several are
 *    concatenated in order.
 *
 * A handover loader that already put an initrd in boot_params keeps it.
 * The initrd goes as high as it may below the header's initrd_addr_max,
 * where the kernel can read it through its direct map.
 */
#include "stub.h"

#define MAX_INITRDS	8
#define MAX_PATH	256		/* UCS-2 characters, NUL included */
/* Some firmware fails large reads; Linux's stub reads 1 MiB at a time. */
#define READ_CHUNK	(1UL << 20)

struct initrd_file {
	const char *name;		/* in the command line */
	size_t name_len;
	struct efi_file *file;
	u64 size;
};

static efi_status_t alloc_initrd(struct efi_boot *b, u64 size, u64 *addr)
{
	efi_status_t status = efi_alloc_below(b, size,
					      b->bp->hdr.initrd_addr_max,
					      EFI_LOADER_DATA, addr);

	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "cannot allocate %llu bytes for the "
				"initrd below initrd_addr_max 0x%x", size,
				b->bp->hdr.initrd_addr_max);
	b->bp->hdr.ramdisk_image = (u32)*addr;
	b->bp->hdr.ramdisk_size = (u32)size;
	return EFI_SUCCESS;
}

/* Way 1.  *found says whether the loader offers an initrd this way. */
static efi_status_t load_file2_initrd(struct efi_boot *b, bool *found)
{
	static const efi_guid_t lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	const struct {
		struct efi_vendor_device_path vendor;
		struct efi_device_path end;
	} __packed __aligned(8) path = {
		{ { EFI_DEV_MEDIA, EFI_DEV_MEDIA_VENDOR,
		    sizeof(struct efi_vendor_device_path) },
		  LINUX_EFI_INITRD_MEDIA_GUID },
		{ EFI_DEV_END_PATH, EFI_DEV_END_ENTIRE,
		  sizeof(struct efi_device_path) },
	};
	struct efi_device_path *rest = (struct efi_device_path *)&path;
	struct efi_load_file2 *lf2;
	efi_uintn_t size = 0;
	efi_handle_t handle;
	efi_status_t status;
	u64 addr;

	*found = false;
	status = b->bs->locate_device_path(&lf2_guid, &rest, &handle);
	if (status == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (status == EFI_SUCCESS)
		status = b->bs->handle_protocol(handle, &lf2_guid,
						(void **)&lf2);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "the initrd's LoadFile2 device path");
	*found = true;

	status = lf2->load_file(lf2, rest, false, &size, NULL);
	if (status != EFI_BUFFER_TOO_SMALL && status != EFI_SUCCESS)
		return efi_fail(b, status, "LoadFile2 gives no initrd size");
	if (!size)
		return EFI_SUCCESS;
	status = alloc_initrd(b, size, &addr);
	if (status != EFI_SUCCESS)
		return status;
	status = lf2->load_file(lf2, rest, false, &size,
				(void *)(uintptr_t)addr);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "LoadFile2 cannot load the initrd");
	b->bp->hdr.ramdisk_size = (u32)size;
	return EFI_SUCCESS;
}

/* The initrd=PATH options of the command line, in order. */
static size_t find_initrd_options(const struct efi_boot *b,
				  struct initrd_file *f, size_t max,
				  efi_status_t *status)
{
	static const char opt[] = "initrd=";
	const char *s = b->cmdline;
	size_t n = 0;

	*status = EFI_SUCCESS;
	for (size_t i = 0; s[i]; i++) {
		if ((i && s[i - 1] != ' ') || strncmp(s + i, opt,
						      sizeof(opt) - 1))
			continue;
		if (n == max) {
			*status = efi_fail(b, EFI_INVALID_PARAMETER, "more "
					   "than %zu initrd= options", max);
			return 0;
		}
		f[n].name = s + i + sizeof(opt) - 1;
		for (f[n].name_len = 0; f[n].name[f[n].name_len] &&
		     f[n].name[f[n].name_len] != ' '; f[n].name_len++)
			;
		n++;
	}
	return n;
}

static efi_status_t open_file(struct efi_boot *b, struct efi_file *root,
			      struct initrd_file *f)
{
	efi_char16_t path[MAX_PATH];
	efi_status_t status;
	u64 size;

	if (!f->name_len || f->name_len >= MAX_PATH)
		return efi_fail(b, EFI_INVALID_PARAMETER, "initrd=%.*s: a "
				"path of %zu characters (1 to %u)",
				(int)f->name_len, f->name, f->name_len,
				MAX_PATH - 1);
	for (size_t i = 0; i < f->name_len; i++)
		path[i] = f->name[i] == '/' ? '\\' : (u8)f->name[i];
	path[f->name_len] = 0;

	status = root->open(root, &f->file, path, EFI_FILE_MODE_READ, 0);
	if (status != EFI_SUCCESS) {
		f->file = NULL;
		return efi_fail(b, status, "initrd=%.*s: cannot open it on the "
				"volume paraboot was loaded from",
				(int)f->name_len, f->name);
	}
	status = f->file->set_position(f->file, EFI_FILE_POSITION_END);
	if (status == EFI_SUCCESS)
		status = f->file->get_position(f->file, &size);
	if (status == EFI_SUCCESS)
		status = f->file->set_position(f->file, 0);
	if (status != EFI_SUCCESS) {
		f->file->close(f->file);
		return efi_fail(b, status, "initrd=%.*s: cannot find its size",
				(int)f->name_len, f->name);
	}
	f->size = size;
	return EFI_SUCCESS;
}

static efi_status_t read_file(struct efi_boot *b, struct initrd_file *f,
			      u8 *dst)
{
	for (u64 done = 0; done < f->size;) {
		efi_uintn_t n = MIN(f->size - done, (u64)READ_CHUNK);
		efi_status_t status = f->file->read(f->file, &n, dst + done);

		if (status != EFI_SUCCESS || !n)
			return efi_fail(b, status ? status : EFI_DEVICE_ERROR,
					"initrd=%.*s: read stops at byte %llu "
					"of %llu", (int)f->name_len, f->name,
					done, f->size);
		done += n;
	}
	return EFI_SUCCESS;
}

/* Way 2. */
static efi_status_t file_initrds(struct efi_boot *b)
{
	static const efi_guid_t sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	struct initrd_file f[MAX_INITRDS];
	struct efi_simple_file_system *fs;
	struct efi_file *root = NULL;
	efi_status_t status;
	size_t n, opened = 0;
	u64 total = 0, addr;

	n = find_initrd_options(b, f, MAX_INITRDS, &status);
	if (!n)
		return status;
	status = b->bs->handle_protocol(b->li->device_handle, &sfs_guid,
					(void **)&fs);
	if (status == EFI_SUCCESS)
		status = fs->open_volume(fs, &root);
	if (status != EFI_SUCCESS)
		return efi_fail(b, status, "initrd=%.*s: the device paraboot "
				"was loaded from has no file system",
				(int)f[0].name_len, f[0].name);

	for (; opened < n; opened++) {
		status = open_file(b, root, &f[opened]);
		if (status != EFI_SUCCESS)
			goto close;
		total += f[opened].size;
	}
	if (!total)
		goto close;		/* empty files: no initrd */
	status = alloc_initrd(b, total, &addr);
	for (size_t i = 0; i < n && status == EFI_SUCCESS; i++) {
		status = read_file(b, &f[i], (u8 *)(uintptr_t)addr);
		addr += f[i].size;
	}
close:
	for (size_t i = 0; i < opened; i++)
		f[i].file->close(f[i].file);
	root->close(root);
	return status;
}

efi_status_t efi_load_initrd(struct efi_boot *b)
{
	efi_status_t status;
	bool found;

	if (b->bp->hdr.ramdisk_size)
		return EFI_SUCCESS;
	status = load_file2_initrd(b, &found);
	if (status != EFI_SUCCESS || found)
		return status;
	return file_initrds(b);
}
