// SPDX-License-Identifier: MIT
/*
 * Host tests of the early page-table builder (arch-x86-kernel/pgtable.c,
 * built in here unchanged), once per paging mode: the build passes
 * -DPGT_LEVELS=2, 3 or 4, the mode the builder is asked for and the
 * one this file's walker assumes.  A walker written here, independently of the
 * builder, translates addresses through the tables it produced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../arch-x86-kernel/pgtable.c"
#include "../../lib/printf.c"

static int passed, failed;

static void check(const char *name, int ok, const char *detail)
{
	if (ok) {
		passed++;
		printf("PASS: pgtable %d-level: %s\n", PGT_LEVELS, name);
	} else {
		failed++;
		printf("FAIL: pgtable %d-level: %s: %s\n", PGT_LEVELS, name,
		       detail);
	}
}

/* "Physical memory" for the tables: pool frames at POOL_PA. */
#define POOL_PA		0x200000ULL
#define POOL_PAGES	1100
static u8 *pool;

static const void *frame(u64 pa)
{
	return pool + (pa - POOL_PA);
}

/* Translate va; returns 1 and fills pa/rw/large if mapped. */
static int walk(const struct pgt *t, u64 va, u64 *pa, int *rw, int *large)
{
	u64 table = t->root;
#if PGT_LEVELS == 4
	static const int shifts[] = { 39, 30, 21, 12 }, bits[] = { 9, 9, 9, 9 };
#elif PGT_LEVELS == 3
	static const int shifts[] = { 30, 21, 12 }, bits[] = { 2, 9, 9 };
#else
	static const int shifts[] = { 22, 12 }, bits[] = { 10, 10 };
#endif
	*rw = 1;
	for (int level = 0; level < PGT_LEVELS; level++) {
		unsigned int idx = (va >> shifts[level]) & ((1u << bits[level]) - 1);
		u64 e;

		if (PGT_LEVELS == 2)
			e = ((const u32 *)frame(table))[idx];
		else
			e = ((const u64 *)frame(table))[idx];
		if (!(e & PTE_P))
			return 0;
		if (!(PGT_LEVELS == 3 && level == 0))
			*rw &= !!(e & PTE_RW);
		if (level == PGT_LEVELS - 1 || (e & PTE_PSE)) {
			u64 mask = (1ULL << shifts[level]) - 1;

			*large = level != PGT_LEVELS - 1;
			*pa = (e & 0x000ffffffffff000ULL & ~mask) | (va & mask);
			return 1;
		}
		table = e & 0x000ffffffffff000ULL;
	}
	return 0;
}

static char detail[256];

static int maps(const struct pgt *t, u64 va, u64 want_pa, int want_rw,
		int want_large)
{
	u64 pa = 0;
	int rw = 0, large = 0;

	if (!walk(t, va, &pa, &rw, &large)) {
		snprintf(detail, sizeof(detail), "0x%llx is not mapped", va);
		return 0;
	}
	snprintf(detail, sizeof(detail), "0x%llx -> 0x%llx rw=%d large=%d, "
		 "want 0x%llx rw=%d large=%d", va, pa, rw, large, want_pa,
		 want_rw, want_large);
	return pa == want_pa && rw == want_rw &&
	       (want_large < 0 || large == want_large);
}

#if PGT_LEVELS == 4
#define OFFSET	0xffffffff80000000ULL
#else
#define OFFSET	0xc0000000ULL
#endif

static void init(struct pgt *t, bool large, size_t pages)
{
	memset(pool, 0xa5, POOL_PAGES * PAGE_SIZE);	/* builder must zero */
	if (pgt_init(t, PGT_LEVELS, POOL_PA, POOL_PA + pages * PAGE_SIZE,
		     (uintptr_t)pool - POOL_PA, large))
		check("pgt_init", 0, "failed");
}

static void pc_layout(void)
{
	struct pgt t;
	u64 big = pgt_large_size(PGT_LEVELS);
	int ok;

	init(&t, true, POOL_PAGES);
	ok = !pgt_map(&t, 0, 0, 2 * big) &&
	     !pgt_map(&t, OFFSET, 0, 0x38000000);
	check("identity + PAGE_OFFSET with large pages", ok, "pgt_map failed");
	check("identity 0x1234", maps(&t, 0x1234, 0x1234, 1, 1), detail);
	check("identity end - 1", maps(&t, 2 * big - 1, 2 * big - 1, 1, 1),
	      detail);
	check("identity stops", !maps(&t, 2 * big, 2 * big, 1, -1),
	      "mapped past its end");
	check("PAGE_OFFSET + 0x100000", maps(&t, OFFSET + 0x100000, 0x100000,
					     1, 1), detail);
	check("PAGE_OFFSET + 895 MiB", maps(&t, OFFSET + 0x37f00123,
					    0x37f00123, 1, 1), detail);
	check("large pages keep the pool small",
	      t.pool_next - POOL_PA <= 8 * PAGE_SIZE, "used too many frames");

	pgt_unmap_top(&t, 0, 2 * big);
	check("identity removed", !maps(&t, 0x1234, 0x1234, 1, -1),
	      "still mapped");
	check("PAGE_OFFSET kept after removing identity",
	      maps(&t, OFFSET + 0x1234, 0x1234, 1, 1), detail);
}

static void small_pages(void)
{
	struct pgt t;

	init(&t, false, POOL_PAGES);
	t.read_only[0] = (struct pgt_range){ 0x300000, 0x302000 };
	check("4 KiB mapping of 64 MiB",
	      !pgt_map(&t, OFFSET, 0, 64 << 20), "pgt_map failed");
	check("4 KiB pages", maps(&t, OFFSET + 0x5000, 0x5000, 1, 0), detail);
	check("read-only range", maps(&t, OFFSET + 0x301000, 0x301000, 0, 0),
	      detail);
	check("read-only range ends", maps(&t, OFFSET + 0x302000, 0x302000,
					   1, 0), detail);
	check("last page", maps(&t, OFFSET + (64 << 20) - 1, (64 << 20) - 1,
				1, 0), detail);
}

static void exhaustion(void)
{
	struct pgt t;

	init(&t, false, 4);
	check("pool exhaustion is reported",
	      pgt_map(&t, OFFSET, 0, 256ULL << 20) == -1, "no error");
	check("no frame past the pool is used",
	      t.pool_next <= POOL_PA + 4 * PAGE_SIZE, "pool overrun");
}

static void machine_frames(void)
{
	static unsigned long p2m[0x10000];
	struct pgt t;

	for (unsigned long i = 0; i < ARRAY_SIZE(p2m); i++)
		p2m[i] = 0x8000 + (i ^ 0x55);
	init(&t, false, POOL_PAGES);
	pgt_map(&t, OFFSET, 0, 8 << 20);
	/* Table frames are pool frames: give them identity p2m entries
	 * so the walker can still follow the tree after translation. */
	for (u64 pa = POOL_PA; pa < POOL_PA + POOL_PAGES * PAGE_SIZE;
	     pa += PAGE_SIZE)
		p2m[pa >> PAGE_SHIFT] = pa >> PAGE_SHIFT;
	pgt_to_machine(&t, p2m);
	check("pgt_to_machine rewrites leaf frames",
	      maps(&t, OFFSET + 0x3000, (u64)p2m[3] << PAGE_SHIFT, 1, 0),
	      detail);
	check("pgt_to_machine keeps the offset in the page",
	      maps(&t, OFFSET + 0x7ff123, ((u64)p2m[0x7ff] << PAGE_SHIFT) |
		   0x123, 1, 0), detail);
}

int main(void)
{
	pool = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	pc_layout();
	small_pages();
	exhaustion();
	machine_frames();
	free(pool);
	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	return failed != 0;
}
