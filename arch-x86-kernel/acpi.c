// SPDX-License-Identifier: MIT
/*
 * Power-off on a PC: ACPI sleep state S5.  Find the RSDP (the loader's
 * boot_params.acpi_rsdp_addr; on UEFI the firmware's configuration table,
 * reached through boot_params.efi_info; else the EBDA or the BIOS area,
 * where a BIOS keeps it), the FADT
 * through the RSDT or XSDT, the \_S5 package in the DSDT, then write
 * SLP_TYP and SLP_EN to the PM1 control registers.  Every table is
 * checksummed before it is believed.
 */
#include <paraboot/acpi.h>
#include <paraboot/efi.h>
#include <paraboot/io.h>
#include "kernel.h"
#include "pc.h"

#define EFI_MAX_CONFIG_TABLES	256

static bool checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static bool rsdp_ok(const struct acpi_rsdp *r)
{
	if (memcmp(r->signature, ACPI_RSDP_SIG, 8) ||
	    !checksum_ok(r, ACPI_RSDP_V1_LENGTH))
		return false;
	return r->revision < 2 ||
	       (r->length >= sizeof(*r) && r->length < 4096 &&
		checksum_ok(r, r->length));
}

static phys_addr_t scan_rsdp(phys_addr_t start, size_t len)
{
	const u8 *p = pc_map_phys(start, len);

	for (size_t off = 0; p && off + sizeof(struct acpi_rsdp) <= len;
	     off += 16)
		if (rsdp_ok((const void *)(p + off)))
			return start + off;
	return 0;
}

static bool rsdp_at(phys_addr_t pa)
{
	const void *r = pa ? pc_map_phys(pa, sizeof(struct acpi_rsdp)) : NULL;

	return r && rsdp_ok(r);
}

/* Entry i of the firmware's configuration table, as (GUID, address). */
static bool efi_config_entry(u32 sig, phys_addr_t tables, u64 i,
			     efi_guid_t *guid, phys_addr_t *table)
{
	if (sig == EFI64_LOADER_SIGNATURE) {
		const struct efi_config_table_64 *t = pc_map_phys(
			tables + i * sizeof(*t), sizeof(*t));

		if (!t)
			return false;
		*guid = t->guid;
		*table = t->table;
	} else {
		const struct efi_config_table_32 *t = pc_map_phys(
			tables + i * sizeof(*t), sizeof(*t));

		if (!t)
			return false;
		*guid = t->guid;
		*table = t->table;
	}
	return true;
}

/*
 * The firmware lists the RSDP in its configuration table under the ACPI
 * 2.0 GUID, and the ACPI 1.0 one for old tables (UEFI spec 4.6): the first
 * wins.  The table's layout is the firmware's width, which efi_info names.
 */
static phys_addr_t efi_rsdp(void)
{
	static const efi_guid_t wanted[] = { ACPI_20_TABLE_GUID,
					     ACPI_TABLE_GUID };
	const struct efi_info ei = boot_params.efi_info;
	u32 sig = ei.efi_loader_signature;
	phys_addr_t systab = ei.efi_systab | (u64)ei.efi_systab_hi << 32;
	phys_addr_t tables;
	u64 n;

	if (sig == EFI64_LOADER_SIGNATURE) {
		const struct efi_system_table_64 *st =
			pc_map_phys(systab, sizeof(*st));

		if (!st || st->hdr.signature != EFI_SYSTEM_TABLE_SIGNATURE)
			return 0;
		n = st->nr_tables;
		tables = st->tables;
	} else if (sig == EFI32_LOADER_SIGNATURE) {
		const struct efi_system_table_32 *st =
			pc_map_phys(systab, sizeof(*st));

		if (!st || st->hdr.signature != EFI_SYSTEM_TABLE_SIGNATURE)
			return 0;
		n = st->nr_tables;
		tables = st->tables;
	} else {
		return 0;
	}
	/* Firmware lists a few dozen tables; a larger count is garbage. */
	n = MIN(n, (u64)EFI_MAX_CONFIG_TABLES);
	for (unsigned int w = 0; w < ARRAY_SIZE(wanted); w++) {
		for (u64 i = 0; i < n; i++) {
			efi_guid_t guid;
			phys_addr_t table;

			if (efi_config_entry(sig, tables, i, &guid, &table) &&
			    !memcmp(&guid, &wanted[w], sizeof(guid)) &&
			    rsdp_at(table))
				return table;
		}
	}
	return 0;
}

static phys_addr_t find_rsdp(void)
{
	phys_addr_t ebda, rsdp;

	if (rsdp_at(boot_params.acpi_rsdp_addr))
		return boot_params.acpi_rsdp_addr;
	rsdp = efi_rsdp();
	if (rsdp)
		return rsdp;
	/* The EBDA's segment is at 0x40e in the BIOS data area. */
	ebda = (phys_addr_t)*(const u16 *)pc_map_phys(0x40e, 2) << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000) {
		rsdp = scan_rsdp(ebda, 1024);
		if (rsdp)
			return rsdp;
	}
	return scan_rsdp(0xe0000, 0x20000);
}

/* A copy of a table's header, and its checksum verified in place. */
static bool table_ok(phys_addr_t pa, struct acpi_table_header *h)
{
	const void *p = pc_map_phys(pa, sizeof(*h));

	if (!p)
		return false;
	memcpy(h, p, sizeof(*h));
	if (h->length < sizeof(*h))
		return false;
	p = pc_map_phys(pa, h->length);
	return p && checksum_ok(p, h->length);
}

static phys_addr_t find_table(phys_addr_t rsdp_pa, const char *sig)
{
	struct acpi_rsdp rsdp;
	struct acpi_table_header h;
	phys_addr_t sdt;
	size_t entry_size;

	memcpy(&rsdp, pc_map_phys(rsdp_pa, sizeof(rsdp)), sizeof(rsdp));
	if (rsdp.revision >= 2 && rsdp.xsdt_address) {
		sdt = rsdp.xsdt_address;
		entry_size = 8;
	} else {
		sdt = rsdp.rsdt_address;
		entry_size = 4;
	}
	if (!table_ok(sdt, &h))
		return 0;
	for (size_t off = sizeof(h); off + entry_size <= h.length;
	     off += entry_size) {
		struct acpi_table_header t;
		phys_addr_t pa = 0;

		memcpy(&pa, (const u8 *)pc_map_phys(sdt, h.length) + off,
		       entry_size);
		if (table_ok(pa, &t) && !memcmp(t.signature, sig, 4))
			return pa;
	}
	return 0;
}

/* One element of the \_S5 package: a ByteConst, Zero or One. */
static int aml_small_int(const u8 **p, const u8 *end)
{
	if (*p >= end)
		return -1;
	switch (*(*p)++) {
	case AML_ZERO_OP:
		return 0;
	case AML_ONE_OP:
		return 1;
	case AML_BYTE_PREFIX:
		return *p < end ? *(*p)++ : -1;
	default:
		return -1;
	}
}

/* SLP_TYPa and SLP_TYPb from "Name(_S5, Package(){a, b, ...})". */
static bool find_s5(const u8 *aml, size_t len, int *a, int *b)
{
	const u8 *end = aml + len;

	for (const u8 *p = aml; p + 5 < end; p++) {
		const u8 *q = p + 4;
		unsigned int pkglen_bytes;

		if (memcmp(p, "_S5_", 4) || q >= end || *q != AML_PACKAGE_OP)
			continue;
		if (!(p[-1] == AML_NAME_OP ||
		      (p[-1] == '\\' && p[-2] == AML_NAME_OP)))
			continue;
		q++;				/* PkgLength, 1-4 bytes */
		pkglen_bytes = (*q >> 6) + 1;
		q += pkglen_bytes + 1;		/* and NumElements */
		*a = aml_small_int(&q, end);
		*b = aml_small_int(&q, end);
		return *a >= 0 && *b >= 0;
	}
	return false;
}

static u32 fadt_u32(const u8 *fadt, size_t len, size_t off)
{
	u32 v = 0;

	if (off + 4 <= len)
		memcpy(&v, fadt + off, 4);
	return v;
}

/* Returns only if the machine is still running; says why. */
void acpi_power_off(void)
{
	struct acpi_table_header h;
	phys_addr_t rsdp, fadt_pa, dsdt;
	const u8 *fadt;
	u32 pm1a, pm1b, smi_cmd;
	u8 acpi_enable = 0;
	int slp_a, slp_b;

	rsdp = find_rsdp();
	if (!rsdp) {
		printk("paraboot: power-off: no ACPI RSDP found\n");
		return;
	}
	fadt_pa = find_table(rsdp, "FACP");
	if (!fadt_pa || !table_ok(fadt_pa, &h)) {
		printk("paraboot: power-off: no valid ACPI FADT\n");
		return;
	}
	fadt = pc_map_phys(fadt_pa, h.length);
	pm1a = fadt_u32(fadt, h.length, FADT_PM1A_CNT_BLK);
	pm1b = fadt_u32(fadt, h.length, FADT_PM1B_CNT_BLK);
	smi_cmd = fadt_u32(fadt, h.length, FADT_SMI_CMD);
	if (FADT_ACPI_ENABLE < h.length)
		acpi_enable = fadt[FADT_ACPI_ENABLE];
	dsdt = fadt_u32(fadt, h.length, FADT_DSDT);
	if (h.length >= FADT_X_DSDT + 8) {
		u64 x;

		memcpy(&x, fadt + FADT_X_DSDT, 8);
		if (x)
			dsdt = x;
	}

	if (!pm1a || !dsdt || !table_ok(dsdt, &h)) {
		printk("paraboot: power-off: the FADT gives no PM1a control "
		       "block or DSDT\n");
		return;
	}
	if (!find_s5((const u8 *)pc_map_phys(dsdt, h.length) + sizeof(h),
		     h.length - sizeof(h), &slp_a, &slp_b)) {
		printk("paraboot: power-off: no \\_S5 package in the DSDT\n");
		return;
	}

	/* Firmware still in legacy mode: ask it to hand over. */
	if (smi_cmd && acpi_enable && !(inw(pm1a) & ACPI_PM1_SCI_EN)) {
		outb(acpi_enable, smi_cmd);
		for (unsigned int i = 0; i < 3000000 &&
		     !(inw(pm1a) & ACPI_PM1_SCI_EN); i++)
			;
	}
	outw((slp_a << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN, pm1a);
	if (pm1b)
		outw((slp_b << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SLP_EN, pm1b);
	for (unsigned int i = 0; i < 100000000; i++)
		asm volatile("pause");
	printk("paraboot: power-off: the machine ignored ACPI S5\n");
}
