/* SPDX-License-Identifier: MIT */
/*
 * The UEFI structures paraboot uses (UEFI specification 2.10: 2.3 calling
 * conventions, 4 system table and configuration tables, 7 boot services,
 * 9 loaded image and device paths, 12.4 text output, 13 file protocols),
 * plus Linux's LoadFile2 initrd device path (LINUX_EFI_INITRD_MEDIA_GUID,
 * drivers/firmware/efi/libstub).
 *
 * The kernel reads the system table and its configuration table, and
 * firmware of either width may have booted either image, so both layouts
 * are here in fixed-width types: EFI_SYSTEM_TABLE with 64-bit pointers and
 * UINTNs (x64 firmware, "EL64" in boot_params.efi_info) and with 32-bit
 * ones (IA32 firmware, "EL32").
 *
 * The EFI stub (efi/) calls the firmware that runs it, built for that
 * firmware's width: its structures use the native width (UINTN and
 * pointers are 32 bits on IA32, 64 on x64), with UINT64 fields 8-byte
 * aligned on both (2.3.1: natural alignment, which i386's C ABI does not
 * give by itself, hence efi_u64), checked at W(x64 offset, IA32 offset).
 */
#ifndef PARABOOT_EFI_H
#define PARABOOT_EFI_H

#include <paraboot/types.h>

#define EFI_SYSTEM_TABLE_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */

/* EFI_STATUS: errors have the top bit of UINTN set (Appendix D). */
#define EFI_ERROR_BIT		(1UL << (sizeof(long) * 8 - 1))
#define EFI_SUCCESS		0
#define EFI_LOAD_ERROR		(EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER	(EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED		(EFI_ERROR_BIT | 3)
#define EFI_BAD_BUFFER_SIZE	(EFI_ERROR_BIT | 4)
#define EFI_BUFFER_TOO_SMALL	(EFI_ERROR_BIT | 5)
#define EFI_NOT_READY		(EFI_ERROR_BIT | 6)
#define EFI_DEVICE_ERROR	(EFI_ERROR_BIT | 7)
#define EFI_WRITE_PROTECTED	(EFI_ERROR_BIT | 8)
#define EFI_OUT_OF_RESOURCES	(EFI_ERROR_BIT | 9)
#define EFI_VOLUME_CORRUPTED	(EFI_ERROR_BIT | 10)
#define EFI_VOLUME_FULL		(EFI_ERROR_BIT | 11)
#define EFI_NO_MEDIA		(EFI_ERROR_BIT | 12)
#define EFI_MEDIA_CHANGED	(EFI_ERROR_BIT | 13)
#define EFI_NOT_FOUND		(EFI_ERROR_BIT | 14)
#define EFI_ACCESS_DENIED	(EFI_ERROR_BIT | 15)

/* EFI_MEMORY_TYPE (7.2) */
#define EFI_RESERVED_MEMORY_TYPE	0
#define EFI_LOADER_CODE			1
#define EFI_LOADER_DATA			2
#define EFI_BOOT_SERVICES_CODE		3
#define EFI_BOOT_SERVICES_DATA		4
#define EFI_RUNTIME_SERVICES_CODE	5
#define EFI_RUNTIME_SERVICES_DATA	6
#define EFI_CONVENTIONAL_MEMORY		7
#define EFI_UNUSABLE_MEMORY		8
#define EFI_ACPI_RECLAIM_MEMORY		9
#define EFI_ACPI_MEMORY_NVS		10
#define EFI_MEMORY_MAPPED_IO		11
#define EFI_MEMORY_MAPPED_IO_PORT_SPACE	12
#define EFI_PAL_CODE			13
#define EFI_PERSISTENT_MEMORY		14
#define EFI_UNACCEPTED_MEMORY		15

/* EFI_ALLOCATE_TYPE (7.2) */
#define EFI_ALLOCATE_ANY_PAGES		0
#define EFI_ALLOCATE_MAX_ADDRESS	1
#define EFI_ALLOCATE_ADDRESS		2

#define EFI_PAGE_SHIFT			12
#define EFI_PAGE_SIZE			(1UL << EFI_PAGE_SHIFT)

/* EFI_FILE_PROTOCOL.Open() mode, and SetPosition()'s "end of file". */
#define EFI_FILE_MODE_READ		1ULL
#define EFI_FILE_POSITION_END		0xffffffffffffffffULL

/* Device path nodes (10.3): the vendor media node and the end node. */
#define EFI_DEV_MEDIA			4
#define EFI_DEV_MEDIA_VENDOR		3
#define EFI_DEV_END_PATH		0x7f
#define EFI_DEV_END_ENTIRE		0xff

#ifndef __ASSEMBLY__

typedef struct {
	u32 data1;
	u16 data2, data3;
	u8 data4[8];
} efi_guid_t;

#define EFI_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) \
	((efi_guid_t){ a, b, c, { d0, d1, d2, d3, d4, d5, d6, d7 } })
#define ACPI_20_TABLE_GUID \
	EFI_GUID(0x8868e871, 0xe4f1, 0x11d3, \
		 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81)
#define ACPI_TABLE_GUID \
	EFI_GUID(0xeb9d2d30, 0x2d88, 0x11d3, \
		 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d)

struct efi_table_header {
	u64 signature;
	u32 revision;
	u32 header_size;
	u32 crc32;
	u32 reserved;
};

struct efi_system_table_64 {
	struct efi_table_header hdr;
	u64 fw_vendor;
	u32 fw_revision;
	u32 pad;
	u64 con_in_handle, con_in, con_out_handle, con_out;
	u64 stderr_handle, stderr;
	u64 runtime, boottime;
	u64 nr_tables;
	u64 tables;			/* struct efi_config_table_64[] */
};

struct efi_system_table_32 {
	struct efi_table_header hdr;
	u32 fw_vendor;
	u32 fw_revision;
	u32 con_in_handle, con_in, con_out_handle, con_out;
	u32 stderr_handle, stderr;
	u32 runtime, boottime;
	u32 nr_tables;
	u32 tables;			/* struct efi_config_table_32[] */
};

struct efi_config_table_64 {
	efi_guid_t guid;
	u64 table;
};

struct efi_config_table_32 {
	efi_guid_t guid;
	u32 table;
} __packed;

ABI_SIZE(efi_guid_t, 16);
ABI_SIZE(struct efi_table_header, 24);
ABI_OFFSET(struct efi_system_table_64, fw_revision, 32);
ABI_OFFSET(struct efi_system_table_64, nr_tables, 104);
ABI_OFFSET(struct efi_system_table_64, tables, 112);
ABI_SIZE(struct efi_system_table_64, 120);
ABI_OFFSET(struct efi_system_table_32, nr_tables, 64);
ABI_OFFSET(struct efi_system_table_32, tables, 68);
ABI_SIZE(struct efi_system_table_32, 72);
ABI_SIZE(struct efi_config_table_64, 24);
ABI_SIZE(struct efi_config_table_32, 20);

#ifdef __x86_64__
/* The x64 firmware calls and is called with Microsoft's convention. */
#define EFIAPI __attribute__((ms_abi))
#else
/* IA32: cdecl, arguments on the stack (paraboot builds without regparm). */
#define EFIAPI __attribute__((regparm(0)))
#endif

typedef unsigned long efi_status_t;	/* UINTN */
typedef unsigned long efi_uintn_t;
typedef void *efi_handle_t;
typedef u16 efi_char16_t;
typedef u64 efi_u64 __aligned(8);

#define EFI_LOADED_IMAGE_PROTOCOL_GUID \
	EFI_GUID(0x5b1b31a1, 0x9562, 0x11d2, \
		 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)
#define EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID \
	EFI_GUID(0x964e5b22, 0x6459, 0x11d2, \
		 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	EFI_GUID(0x4006c0c1, 0xfcb3, 0x403e, \
		 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d)
#define EFI_SHELL_PARAMETERS_PROTOCOL_GUID \
	EFI_GUID(0x752f3136, 0x4e16, 0x4fdc, \
		 0xa2, 0x2a, 0xe5, 0xf4, 0x68, 0x12, 0xf4, 0xca)
/* The vendor media device path whose LoadFile2 yields the initrd. */
#define LINUX_EFI_INITRD_MEDIA_GUID \
	EFI_GUID(0x5568e427, 0x68fc, 0x4f3d, \
		 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68)

struct efi_memory_desc {
	u32 type;			/* EFI_MEMORY_TYPE */
	efi_u64 phys_addr;
	efi_u64 virt_addr;
	efi_u64 num_pages;		/* of EFI_PAGE_SIZE */
	efi_u64 attribute;
};

struct efi_device_path {
	u8 type;
	u8 subtype;
	u16 length;			/* of this node, header included */
};

struct efi_vendor_device_path {
	struct efi_device_path header;
	efi_guid_t guid;
} __packed;

struct efi_simple_text_output {
	void *reset;
	efi_status_t (EFIAPI *output_string)(struct efi_simple_text_output *,
					     const efi_char16_t *);
	/* ... not used */
};

struct efi_file {
	efi_u64 revision;
	efi_status_t (EFIAPI *open)(struct efi_file *, struct efi_file **,
				    const efi_char16_t *name, u64 mode,
				    u64 attributes);
	efi_status_t (EFIAPI *close)(struct efi_file *);
	void *delete;
	efi_status_t (EFIAPI *read)(struct efi_file *, efi_uintn_t *size,
				    void *buf);
	void *write;
	efi_status_t (EFIAPI *get_position)(struct efi_file *, u64 *pos);
	efi_status_t (EFIAPI *set_position)(struct efi_file *, u64 pos);
	/* ... not used */
};

struct efi_simple_file_system {
	efi_u64 revision;
	efi_status_t (EFIAPI *open_volume)(struct efi_simple_file_system *,
					   struct efi_file **root);
};

struct efi_load_file2 {
	efi_status_t (EFIAPI *load_file)(struct efi_load_file2 *,
					 const struct efi_device_path *,
					 bool boot_policy, efi_uintn_t *size,
					 void *buf);
};

struct efi_shell_parameters {
	efi_char16_t **argv;
	efi_uintn_t argc;
	/* ... not used */
};

struct efi_loaded_image {
	u32 revision;
	efi_handle_t parent_handle;
	void *system_table;
	efi_handle_t device_handle;
	struct efi_device_path *file_path;
	void *reserved;
	u32 load_options_size;		/* bytes */
	void *load_options;
	void *image_base;
	efi_u64 image_size;
	u32 image_code_type;
	u32 image_data_type;
	void *unload;
};

struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl;
	void *restore_tpl;
	efi_status_t (EFIAPI *allocate_pages)(int type, int mem_type,
					      efi_uintn_t pages, u64 *addr);
	efi_status_t (EFIAPI *free_pages)(u64 addr, efi_uintn_t pages);
	efi_status_t (EFIAPI *get_memory_map)(efi_uintn_t *size, void *map,
					      efi_uintn_t *key,
					      efi_uintn_t *desc_size,
					      u32 *desc_version);
	efi_status_t (EFIAPI *allocate_pool)(int mem_type, efi_uintn_t size,
					     void **buf);
	efi_status_t (EFIAPI *free_pool)(void *buf);
	void *create_event;
	void *set_timer;
	void *wait_for_event;
	void *signal_event;
	void *close_event;
	void *check_event;
	void *install_protocol_interface;
	void *reinstall_protocol_interface;
	void *uninstall_protocol_interface;
	efi_status_t (EFIAPI *handle_protocol)(efi_handle_t,
					       const efi_guid_t *,
					       void **interface);
	void *reserved;
	void *register_protocol_notify;
	void *locate_handle;
	efi_status_t (EFIAPI *locate_device_path)(const efi_guid_t *,
						  struct efi_device_path **,
						  efi_handle_t *);
	void *install_configuration_table;
	void *load_image;
	void *start_image;
	efi_status_t (EFIAPI *exit)(efi_handle_t, efi_status_t,
				    efi_uintn_t data_size,
				    efi_char16_t *data);
	void *unload_image;
	efi_status_t (EFIAPI *exit_boot_services)(efi_handle_t,
						  efi_uintn_t map_key);
	/* ... not used */
};

/* Offsets (from the UEFI specification's definitions) for each width:
 * W(x64, ia32). */
#ifdef __x86_64__
#define W(o64, o32)	(o64)
#else
#define W(o64, o32)	(o32)
#endif
ABI_SIZE(struct efi_memory_desc, 40);
ABI_OFFSET(struct efi_memory_desc, phys_addr, 8);
ABI_OFFSET(struct efi_memory_desc, num_pages, 24);
ABI_SIZE(struct efi_vendor_device_path, 20);
ABI_OFFSET(struct efi_simple_text_output, output_string, W(8, 4));
ABI_OFFSET(struct efi_file, open, 8);
ABI_OFFSET(struct efi_file, close, W(16, 12));
ABI_OFFSET(struct efi_file, read, W(32, 20));
ABI_OFFSET(struct efi_file, get_position, W(48, 28));
ABI_OFFSET(struct efi_file, set_position, W(56, 32));
ABI_OFFSET(struct efi_simple_file_system, open_volume, 8);
ABI_OFFSET(struct efi_shell_parameters, argc, W(8, 4));
ABI_OFFSET(struct efi_loaded_image, device_handle, W(24, 12));
ABI_OFFSET(struct efi_loaded_image, load_options_size, W(48, 24));
ABI_OFFSET(struct efi_loaded_image, load_options, W(56, 28));
ABI_OFFSET(struct efi_loaded_image, image_base, W(64, 32));
ABI_OFFSET(struct efi_loaded_image, image_size, W(72, 40));
ABI_OFFSET(struct efi_boot_services, allocate_pages, W(40, 32));
ABI_OFFSET(struct efi_boot_services, get_memory_map, W(56, 40));
ABI_OFFSET(struct efi_boot_services, allocate_pool, W(64, 44));
ABI_OFFSET(struct efi_boot_services, handle_protocol, W(152, 88));
ABI_OFFSET(struct efi_boot_services, locate_device_path, W(184, 104));
ABI_OFFSET(struct efi_boot_services, exit, W(216, 120));
ABI_OFFSET(struct efi_boot_services, exit_boot_services, W(232, 128));
#undef W

/*
 * The stub's own system table is the layout of its width; its pointer
 * fields are fixed-width integers there, efi_ptr() makes them pointers.
 */
#ifdef __x86_64__
typedef struct efi_system_table_64 efi_system_table_t;
#else
typedef struct efi_system_table_32 efi_system_table_t;
#endif
#define efi_ptr(field)	((void *)(uintptr_t)(field))

#endif /* !__ASSEMBLY__ */
#endif
