// SPDX-License-Identifier: MIT
/*
 * A loader that breaks the rules on purpose, for paraboot's
 * hostile-loader tests: after the zero page is built as boot.rst asks,
 * loader64's own options change it.
 *
 *   poke=OFF:SIZE:VALUE  write VALUE (SIZE 1, 2 or 4 bytes) at offset OFF
 *                        of boot_params (any field: the header's, the
 *                        E820 table's, ...); repeat as needed
 *   e820=MODE            rewrite the E820 table:
 *                          reverse   the same entries, in reverse order
 *                          overlap   the largest RAM entry listed twice
 *                          split128  RAM cut into pieces: 128 entries
 *                          empty     no entries at all
 *                          absurd    one more RAM entry of 2^64 - 4 KiB
 *                          high      only RAM above 4 GiB
 *   setup_data=MODE      a setup_data list at SETUP_DATA_ADDR: loop (a node
 *                        pointing at itself) or chain (two good nodes)
 *   fill=ADDR:LEN:BYTE   LEN bytes of BYTE at physical ADDR, in the
 *                        scratch area [FILL_START, FILL_END) only
 */
#include "loader64.h"
#include <paraboot/bootparam.h>
#include "multiboot.h"
#include "string.h"

#define FOUR_GIB		0x100000000ULL
/* Free low memory, clear of the hand-off structures and the kernel. */
#define FILL_START		0x20000
#define FILL_END		0x90000

struct setup_data {
	u64 next;
	u32 type;
	u32 len;
};

static bool option(const char *word, u32 len, const char *name,
		   const char **value, u32 *vlen)
{
	u32 n = strlen(name);

	if (len <= n || strncmp(word, name, n))
		return false;
	*value = word + n;
	*vlen = len - n;
	return true;
}

static bool is(const char *v, u32 len, const char *s)
{
	return len == strlen(s) && !strncmp(v, s, len);
}

/* "A:B:C", three numbers. */
static bool triple(const char *v, u32 len, u32 n[3])
{
	const char *end = v + len, *b, *c;

	b = memchr(v, ':', len);
	c = b ? memchr(b + 1, ':', end - b - 1) : NULL;
	return c && parse_u32(v, b - v, &n[0]) &&
	       parse_u32(b + 1, c - b - 1, &n[1]) &&
	       parse_u32(c + 1, end - c - 1, &n[2]);
}

static void poke(struct boot_params *bp, const char *v, u32 len)
{
	u32 n[3];

	if (!triple(v, len, n) || (n[1] != 1 && n[1] != 2 && n[1] != 4) ||
	    n[0] + n[1] > sizeof(*bp))
		fail("poke=%.*s: want OFF:SIZE:VALUE inside boot_params",
		     (int)len, v);
	memcpy((u8 *)bp + n[0], &n[2], n[1]);
}

static void fill(const char *v, u32 len)
{
	u32 n[3];

	if (!triple(v, len, n) || n[0] < FILL_START || n[1] > FILL_END - n[0])
		fail("fill=%.*s: want ADDR:LEN:BYTE within 0x%x-0x%x",
		     (int)len, v, FILL_START, FILL_END);
	memset((void *)(uintptr_t)n[0], n[2], n[1]);
}

static void e820_add(struct boot_params *bp, u64 addr, u64 size, u32 type)
{
	if (bp->e820_entries >= E820_MAX_ENTRIES_ZEROPAGE)
		fail("e820: more than %u entries", E820_MAX_ENTRIES_ZEROPAGE);
	bp->e820_table[bp->e820_entries++] =
		(struct boot_e820_entry){ addr, size, type };
}

static const struct boot_e820_entry *largest_ram(const struct boot_params *bp)
{
	const struct boot_e820_entry *best = NULL;
	u32 n = MIN((u32)bp->e820_entries, (u32)E820_MAX_ENTRIES_ZEROPAGE);

	for (u32 i = 0; i < n; i++)
		if (bp->e820_table[i].type == E820_TYPE_RAM &&
		    (!best || bp->e820_table[i].size > best->size))
			best = &bp->e820_table[i];
	if (!best)
		fail("e820: no RAM entry to work with");
	return best;
}

static void e820(struct boot_params *bp, const char *v, u32 len)
{
	struct boot_e820_entry copy[E820_MAX_ENTRIES_ZEROPAGE];
	/* An earlier poke may have set any count: work on what the table holds. */
	u32 n = MIN((u32)bp->e820_entries, (u32)E820_MAX_ENTRIES_ZEROPAGE);

	memcpy(copy, bp->e820_table, sizeof(copy));
	bp->e820_entries = n;
	if (is(v, len, "reverse")) {
		for (u32 i = 0; i < n; i++)
			bp->e820_table[i] = copy[n - 1 - i];
	} else if (is(v, len, "overlap")) {
		const struct boot_e820_entry *r = largest_ram(bp);

		e820_add(bp, r->addr, r->size, E820_TYPE_RAM);
	} else if (is(v, len, "split128")) {
		/* The largest RAM entry cut into as many equal pieces as fill
		 * the table, the rest of the map unchanged. */
		struct boot_e820_entry r = *largest_ram(bp);
		u32 pieces = E820_MAX_ENTRIES_ZEROPAGE - (n - 1);

		if (n == E820_MAX_ENTRIES_ZEROPAGE)
			fail("e820=split128: the table is full already");
		/* 32-bit arithmetic: test machines have < 4 GiB. */
		u64 piece = ((u32)MIN(r.size, 0xffffffffULL) / pieces) & ~0xfffU;

		bp->e820_entries = 0;
		for (u32 i = 0; i < n; i++)
			if (copy[i].addr != r.addr)
				e820_add(bp, copy[i].addr, copy[i].size,
					 copy[i].type);
		for (u32 i = 0; i < pieces; i++)
			e820_add(bp, r.addr + i * piece,
				 i + 1 < pieces ? piece : r.size - i * piece,
				 E820_TYPE_RAM);
	} else if (is(v, len, "empty")) {
		bp->e820_entries = 0;
	} else if (is(v, len, "absurd")) {
		e820_add(bp, 0x1000, ~0ULL - 0x1fff, E820_TYPE_RAM);
	} else if (is(v, len, "high")) {
		bp->e820_entries = 0;
		e820_add(bp, FOUR_GIB, FOUR_GIB, E820_TYPE_RAM);
	} else {
		fail("e820=%.*s: unknown mode", (int)len, v);
	}
}

static void setup_data(struct boot_params *bp, const char *v, u32 len)
{
	struct setup_data *sd = (struct setup_data *)SETUP_DATA_ADDR;

	if (is(v, len, "loop")) {
		*sd = (struct setup_data){ SETUP_DATA_ADDR, 0x7fff0000, 0 };
	} else if (is(v, len, "chain")) {
		sd[0] = (struct setup_data){ SETUP_DATA_ADDR + 64, 0x7fff0000, 0 };
		sd[4] = (struct setup_data){ 0, 0x7fff0001, 0 };
	} else {
		fail("setup_data=%.*s: unknown mode", (int)len, v);
	}
	bp->hdr.setup_data = SETUP_DATA_ADDR;
}

void boot_params_hostile(struct boot_params *bp, const char *options)
{
	const char *word, *v;
	u32 len, vlen;

	while ((word = next_word(&options, &len))) {
		if (option(word, len, "poke=", &v, &vlen))
			poke(bp, v, vlen);
		else if (option(word, len, "e820=", &v, &vlen))
			e820(bp, v, vlen);
		else if (option(word, len, "setup_data=", &v, &vlen))
			setup_data(bp, v, vlen);
		else if (option(word, len, "fill=", &v, &vlen))
			fill(v, vlen);
	}
}
