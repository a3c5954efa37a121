/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables paraboot reads to power off (ACPI 6.x spec, sections
 * 5.2.5 RSDP, 5.2.6 table header, 5.2.9 FADT, 7.4.2 \_S5).
 */
#ifndef PARABOOT_ACPI_H
#define PARABOOT_ACPI_H

#include <paraboot/types.h>

#define ACPI_RSDP_SIG		"RSD PTR "
#define ACPI_RSDP_V1_LENGTH	20

struct acpi_rsdp {
	char signature[8];
	u8 checksum;		/* over the first 20 bytes */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0 (RSDT only), 2+: XSDT */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum;	/* over all `length` bytes */
	u8 reserved[3];
} __packed;

struct acpi_table_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

/* The FADT fields power-off needs, by offset from the table start. */
#define FADT_DSDT		40	/* u32 */
#define FADT_SMI_CMD		48	/* u32, an I/O port */
#define FADT_ACPI_ENABLE	52	/* u8 */
#define FADT_PM1A_CNT_BLK	64	/* u32, an I/O port */
#define FADT_PM1B_CNT_BLK	68	/* u32, an I/O port */
#define FADT_X_DSDT		140	/* u64, ACPI 2.0+ */

#define ACPI_PM1_SCI_EN		(1 << 0)
#define ACPI_PM1_SLP_TYP_SHIFT	10
#define ACPI_PM1_SLP_EN		(1 << 13)

/* AML opcodes around the \_S5 package. */
#define AML_NAME_OP		0x08
#define AML_PACKAGE_OP		0x12
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_BYTE_PREFIX		0x0a

ABI_SIZE(struct acpi_rsdp, 36);
ABI_OFFSET(struct acpi_rsdp, rsdt_address, 16);
ABI_OFFSET(struct acpi_rsdp, xsdt_address, 24);
ABI_SIZE(struct acpi_table_header, 36);

#endif
