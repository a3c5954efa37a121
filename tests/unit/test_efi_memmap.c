// SPDX-License-Identifier: MIT
/*
 * Host tests of the EFI stub's memory-map translation (efi/memmap.c,
 * built in here unchanged): EFI memory types to E820 types, merging of
 * touching entries of one type, sorting, the firmware's descriptor size,
 * and the zero page's 128-entry limit, which only a real firmware with a
 * very fragmented map could reach.  Random maps are checked against a
 * second, simpler implementation (sort everything, then merge).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../efi/memmap.c"
#include "../../lib/printf.c"

/* memmap.c's boot-services half is not under test; it reports through
 * efi_fail(), which lives in console.c. */
efi_status_t efi_fail(const struct efi_boot *b, efi_status_t status,
		      const char *fmt, ...)
{
	return status;
}

static int passed, failed;

static void check(const char *name, int ok, const char *detail)
{
	if (ok) {
		passed++;
		printf("PASS: efi memmap: %s\n", name);
	} else {
		failed++;
		printf("FAIL: efi memmap: %s: %s\n", name, detail);
	}
}

#define MAX_DESC	1024
#define PAGE		4096ULL

/* A firmware map under construction; desc_size may exceed the struct. */
struct map {
	u8 buf[MAX_DESC * 64];
	size_t desc_size, n;
};

static void add(struct map *m, u32 type, u64 addr, u64 pages)
{
	struct efi_memory_desc d = { .type = type, .phys_addr = addr,
				     .num_pages = pages };

	memset(m->buf + m->n * m->desc_size, 0xa5, m->desc_size);
	memcpy(m->buf + m->n * m->desc_size, &d, sizeof(d));
	m->n++;
}

static int convert(const struct map *m, struct boot_e820_entry *t,
		   unsigned int max)
{
	size_t bad;

	return efi_memmap_to_e820(m->buf, m->n * m->desc_size, m->desc_size,
				  t, max, &bad);
}

static void expect_table(const char *name, int n,
			 const struct boot_e820_entry *got,
			 const struct boot_e820_entry *want, int want_n)
{
	char detail[256];
	int ok = n == want_n;

	for (int i = 0; ok && i < n; i++)
		ok = got[i].addr == want[i].addr &&
		     got[i].size == want[i].size &&
		     got[i].type == want[i].type;
	snprintf(detail, sizeof(detail), "%d entries (want %d)%s", n, want_n,
		 n == want_n ? ", an entry differs" : "");
	check(name, ok, detail);
}

static void test_types(void)
{
	/* EFI type -> E820 type, as the kernel's rules for boot services
	 * memory say (UEFI 2.10, 7.2) and Linux's stub maps them. */
	static const u32 want[] = {
		[EFI_RESERVED_MEMORY_TYPE] = E820_TYPE_RESERVED,
		[EFI_LOADER_CODE] = E820_TYPE_RAM,
		[EFI_LOADER_DATA] = E820_TYPE_RAM,
		[EFI_BOOT_SERVICES_CODE] = E820_TYPE_RAM,
		[EFI_BOOT_SERVICES_DATA] = E820_TYPE_RAM,
		[EFI_RUNTIME_SERVICES_CODE] = E820_TYPE_RESERVED,
		[EFI_RUNTIME_SERVICES_DATA] = E820_TYPE_RESERVED,
		[EFI_CONVENTIONAL_MEMORY] = E820_TYPE_RAM,
		[EFI_UNUSABLE_MEMORY] = E820_TYPE_UNUSABLE,
		[EFI_ACPI_RECLAIM_MEMORY] = E820_TYPE_ACPI,
		[EFI_ACPI_MEMORY_NVS] = E820_TYPE_NVS,
		[EFI_MEMORY_MAPPED_IO] = E820_TYPE_RESERVED,
		[EFI_MEMORY_MAPPED_IO_PORT_SPACE] = E820_TYPE_RESERVED,
		[EFI_PAL_CODE] = E820_TYPE_RESERVED,
		[EFI_PERSISTENT_MEMORY] = E820_TYPE_RESERVED,
		[EFI_UNACCEPTED_MEMORY] = E820_TYPE_RESERVED,
	};
	struct boot_e820_entry t[E820_MAX_ENTRIES_ZEROPAGE];
	static struct map m;
	char name[64];
	int n;

	m.desc_size = sizeof(struct efi_memory_desc);
	m.n = 0;
	/* A gap between any two, so nothing merges. */
	for (u32 type = 0; type < ARRAY_SIZE(want); type++)
		add(&m, type, type * 2 * PAGE, 1);
	n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
	check("one entry per separate descriptor", n == (int)ARRAY_SIZE(want),
	      "count");
	for (u32 type = 0; type < ARRAY_SIZE(want) && n > 0; type++) {
		snprintf(name, sizeof(name), "EFI type %u -> E820 type %u",
			 type, want[type]);
		check(name, t[type].type == want[type] &&
		      t[type].addr == type * 2 * PAGE && t[type].size == PAGE,
		      "wrong entry");
	}
}

static void test_merges(void)
{
	struct boot_e820_entry t[E820_MAX_ENTRIES_ZEROPAGE];
	static struct map m;
	int n;

	/* OVMF's descriptors are 48 bytes: the stub must step by desc_size. */
	m.desc_size = 48;
	m.n = 0;
	add(&m, EFI_CONVENTIONAL_MEMORY, 0, 0xa0);
	add(&m, EFI_LOADER_CODE, 0x100000, 0x10);
	add(&m, EFI_LOADER_DATA, 0x110000, 0x20);
	add(&m, EFI_BOOT_SERVICES_DATA, 0x130000, 0x30);
	add(&m, EFI_ACPI_RECLAIM_MEMORY, 0x160000, 1);	/* touches, differs */
	add(&m, EFI_CONVENTIONAL_MEMORY, 0x161000, 0x1f);
	add(&m, EFI_ACPI_MEMORY_NVS, 0x800000, 8);
	add(&m, EFI_CONVENTIONAL_MEMORY, 0x900000, 0);	/* empty: skipped */
	n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
	{
		const struct boot_e820_entry want[] = {
			{ 0, 0xa0000, E820_TYPE_RAM },
			{ 0x100000, 0x60000, E820_TYPE_RAM },
			{ 0x160000, 0x1000, E820_TYPE_ACPI },
			{ 0x161000, 0x1f000, E820_TYPE_RAM },
			{ 0x800000, 0x8000, E820_TYPE_NVS },
		};
		expect_table("touching RAM types merge, others do not, 48-byte "
			     "descriptors", n, t, want, ARRAY_SIZE(want));
	}

	/* Out of order; the last one bridges two entries into one. */
	m.desc_size = sizeof(struct efi_memory_desc);
	m.n = 0;
	add(&m, EFI_CONVENTIONAL_MEMORY, 0x300000, 0x100);
	add(&m, EFI_MEMORY_MAPPED_IO, 0xfec00000, 1);
	add(&m, EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100);
	add(&m, EFI_RESERVED_MEMORY_TYPE, 0, 1);
	add(&m, EFI_BOOT_SERVICES_CODE, 0x200000, 0x100);
	n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
	{
		const struct boot_e820_entry want[] = {
			{ 0, 0x1000, E820_TYPE_RESERVED },
			{ 0x100000, 0x300000, E820_TYPE_RAM },
			{ 0xfec00000, 0x1000, E820_TYPE_RESERVED },
		};
		expect_table("unsorted input sorted, a bridge joins three", n,
			     t, want, ARRAY_SIZE(want));
	}
}

static void test_limits(void)
{
	struct boot_e820_entry t[E820_MAX_ENTRIES_ZEROPAGE + 1];
	static struct map m;
	char detail[64];
	int n;

	/* 600 descriptors that merge into one: far more than 128 in, 1 out. */
	m.desc_size = sizeof(struct efi_memory_desc);
	m.n = 0;
	for (unsigned int i = 0; i < 600; i++)
		add(&m, i % 2 ? EFI_BOOT_SERVICES_DATA : EFI_CONVENTIONAL_MEMORY,
		    0x100000 + i * PAGE, 1);
	n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
	snprintf(detail, sizeof(detail), "got %d", n);
	check("600 touching RAM descriptors -> 1 entry",
	      n == 1 && t[0].addr == 0x100000 && t[0].size == 600 * PAGE,
	      detail);

	/* Alternating RAM and reserved: one entry each, no merging. */
	for (unsigned int count = 127; count <= 129; count++) {
		char name[80];

		m.n = 0;
		for (unsigned int i = 0; i < count; i++)
			add(&m, i % 2 ? EFI_RUNTIME_SERVICES_DATA :
				    EFI_CONVENTIONAL_MEMORY, i * PAGE, 1);
		t[E820_MAX_ENTRIES_ZEROPAGE].addr = 0x5a5a;	/* canary */
		n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
		snprintf(name, sizeof(name), "%u unmergeable descriptors -> %s",
			 count, count <= 128 ? "as many entries" :
			 "refused (the zero page holds 128)");
		snprintf(detail, sizeof(detail), "got %d", n);
		check(name, (count <= 128 ? n == (int)count : n == -1) &&
		      t[E820_MAX_ENTRIES_ZEROPAGE].addr == 0x5a5a, detail);
	}

	/* Descriptors whose end is not below 2^64: refused, by index. */
	{
		static const struct { u64 addr, pages; const char *name; } past[] = {
			{ 0x100000, 1ULL << 52, "2^52 pages (2^64 bytes)" },
			{ 0, 1ULL << 52, "2^52 pages at 0" },
			{ 0xfffffffffffff000ULL, 1, "the last page" },
			{ 0xffffffff00000000ULL, 0x100000, "4 GiB up to 2^64" },
			{ 0x1000, (1ULL << 63) + 1, "2^63 + 1 pages" },
		};

		for (unsigned int i = 0; i < sizeof(past) / sizeof(past[0]); i++) {
			size_t bad = 99;
			char name[96];

			m.n = 0;
			add(&m, EFI_CONVENTIONAL_MEMORY, 0, 0xa0);
			add(&m, EFI_CONVENTIONAL_MEMORY, past[i].addr,
			    past[i].pages);
			n = efi_memmap_to_e820(m.buf, m.n * m.desc_size,
					       m.desc_size, t,
					       E820_MAX_ENTRIES_ZEROPAGE, &bad);
			snprintf(name, sizeof(name), "a descriptor past 2^64 "
				 "(%s) -> refused, descriptor 1", past[i].name);
			snprintf(detail, sizeof(detail), "got %d, bad %zu", n,
				 bad);
			check(name, n == EFI_MEMMAP_BAD_DESC && bad == 1, detail);
		}
		m.n = 0;
		add(&m, EFI_CONVENTIONAL_MEMORY, 0xffffffffffffe000ULL, 1);
		n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
		snprintf(detail, sizeof(detail), "got %d", n);
		check("a descriptor ending at 2^64 - 4096 is kept", n == 1,
		      detail);
	}

	/* Many descriptors in, 128 out after merging: fits. */
	m.n = 0;
	for (unsigned int i = 0; i < 128; i++) {
		add(&m, EFI_CONVENTIONAL_MEMORY, i * 16 * PAGE, 4);
		add(&m, EFI_LOADER_DATA, i * 16 * PAGE + 4 * PAGE, 4);
	}
	n = convert(&m, t, E820_MAX_ENTRIES_ZEROPAGE);
	snprintf(detail, sizeof(detail), "got %d", n);
	check("256 descriptors merging into 128 entries fit", n == 128,
	      detail);
}

/* The second implementation: sort by address, then merge neighbours. */
static int cmp_addr(const void *a, const void *b)
{
	const struct boot_e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int reference(const struct map *m, struct boot_e820_entry *out)
{
	struct boot_e820_entry all[MAX_DESC];
	int n = 0, k = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct efi_memory_desc *d =
			(const void *)(m->buf + i * m->desc_size);

		if (d->num_pages)
			all[n++] = (struct boot_e820_entry){ d->phys_addr,
				d->num_pages * PAGE, e820_type(d->type) };
	}
	qsort(all, n, sizeof(all[0]), cmp_addr);
	for (int i = 0; i < n; i++) {
		if (k && out[k - 1].type == all[i].type &&
		    out[k - 1].addr + out[k - 1].size == all[i].addr)
			out[k - 1].size += all[i].size;
		else
			out[k++] = all[i];
	}
	return k;
}

static void test_random(void)
{
	static struct map m;
	unsigned int bad = 0, runs = 2000;
	char detail[64];

	srand(20261202);
	for (unsigned int run = 0; run < runs; run++) {
		struct boot_e820_entry got[MAX_DESC], want[MAX_DESC];
		struct { u64 addr, pages; } r[200];
		size_t count = 1 + rand() % 200;
		u64 at = 0;
		int n, k;

		/* Disjoint ranges, often touching, then shuffled. */
		for (size_t i = 0; i < count; i++) {
			at += (rand() % 3 ? 0 : 1 + rand() % 4) * PAGE;
			r[i].addr = at;
			r[i].pages = 1 + rand() % 8;
			at += r[i].pages * PAGE;
		}
		for (size_t i = count - 1; i > 0; i--) {
			size_t j = rand() % (i + 1);
			__typeof__(r[0]) x = r[i];

			r[i] = r[j];
			r[j] = x;
		}
		m.desc_size = rand() % 2 ? 40 : 48;
		m.n = 0;
		for (size_t i = 0; i < count; i++)
			add(&m, rand() % 16, r[i].addr, r[i].pages);
		k = reference(&m, want);
		n = convert(&m, got, MAX_DESC);
		if (n != k || memcmp(got, want, k * sizeof(got[0])))
			bad++;
	}
	snprintf(detail, sizeof(detail), "%u of %u maps differ", bad, runs);
	check("random maps agree with sort-then-merge", !bad, detail);
}

int main(void)
{
	test_types();
	test_merges();
	test_limits();
	test_random();
	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	return failed != 0;
}
