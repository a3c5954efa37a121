/* SPDX-License-Identifier: MIT */
/*
 * The UEFI structures paraboot reads (UEFI specification 2.10: 4.2
 * EFI_TABLE_HEADER, 4.3 EFI_SYSTEM_TABLE, 4.6 EFI_CONFIGURATION_TABLE and
 * its ACPI GUIDs).  Firmware of either width may have booted either image,
 * so both layouts are here in fixed-width types: EFI_SYSTEM_TABLE with
 * 64-bit pointers and UINTNs (x64 firmware, "EL64" in boot_params.efi_info)
 * and with 32-bit ones (IA32 firmware, "EL32").
 */
#ifndef PARABOOT_EFI_H
#define PARABOOT_EFI_H

#include <paraboot/types.h>

#define EFI_SYSTEM_TABLE_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */

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

#endif /* !__ASSEMBLY__ */
#endif
