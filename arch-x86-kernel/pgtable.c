// SPDX-License-Identifier: MIT
/*
 * The early page-table builder (see include/paraboot/pgtable.h).  One walk
 * serves all three paging modes; a mode is a row of facts (Intel SDM
 * vol. 3A, 4.3-4.5): how many levels, how wide an entry is, how many
 * index bits each level takes from the address.
 *
 * Compiled -fPIE and checked by scripts/check-pic: it runs before paging
 * at physical addresses as well as at PAGE_OFFSET, so the mode table is
 * reached PC-relatively and holds no pointers.
 */
#include <paraboot/pgtable.h>
#include <paraboot/string.h>

#define PTE_TABLE	(PTE_P | PTE_RW)
#define PTE_LEAF	(PTE_P | PTE_RW)
#define MAX_LEVELS	4

struct paging_mode {
	u8 entry_size;			/* bytes */
	u8 shift[MAX_LEVELS];		/* address bit each level starts at */
	u8 bits[MAX_LEVELS];		/* index bits each level takes */
	u64 frame_mask;
};

static const struct paging_mode modes[] = {
	[PGT_2LEVEL] = { 4, { 22, 12 }, { 10, 10 }, 0xfffff000ULL },
	/* The PAE PDPT has four entries. */
	[PGT_PAE] = { 8, { 30, 21, 12 }, { 2, 9, 9 }, 0x000ffffffffff000ULL },
	[PGT_4LEVEL] = { 8, { 39, 30, 21, 12 }, { 9, 9, 9, 9 },
			 0x000ffffffffff000ULL },
};

static const struct paging_mode *mode(const struct pgt *t)
{
	return &modes[t->levels];
}

static void *table_at(const struct pgt *t, phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + t->table_offset);
}

static unsigned int index_at(const struct pgt *t, u64 virt,
			     unsigned int level)
{
	return (virt >> mode(t)->shift[level]) &
	       ((1U << mode(t)->bits[level]) - 1);
}

static u64 entry_get(const struct pgt *t, phys_addr_t table, unsigned int i)
{
	if (mode(t)->entry_size == 4)
		return ((const u32 *)table_at(t, table))[i];
	return ((const u64 *)table_at(t, table))[i];
}

static void entry_set(const struct pgt *t, phys_addr_t table, unsigned int i,
		      u64 e)
{
	if (mode(t)->entry_size == 4)
		((u32 *)table_at(t, table))[i] = (u32)e;
	else
		((u64 *)table_at(t, table))[i] = e;
}

static int alloc_table(struct pgt *t, phys_addr_t *pa)
{
	if (t->pool_next + PAGE_SIZE > t->pool_end)
		return -1;
	*pa = t->pool_next;
	t->pool_next += PAGE_SIZE;
	memset(table_at(t, *pa), 0, PAGE_SIZE);
	return 0;
}

/* A PAE PDPT entry may have only the present bit (and caching bits). */
static u64 table_entry(const struct pgt *t, phys_addr_t pa, unsigned int level)
{
	if (t->levels == PGT_PAE && level == 0)
		return pa | PTE_P;
	return pa | PTE_TABLE;
}

static bool read_only(const struct pgt *t, phys_addr_t pa, u64 size)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(t->read_only); i++) {
		const struct pgt_range *r = &t->read_only[i];

		if (pa < r->end && pa + size > r->start)
			return true;
	}
	return false;
}

int pgt_init(struct pgt *t, unsigned int levels, phys_addr_t pool_start,
	     phys_addr_t pool_end, uintptr_t table_offset, bool large_pages)
{
	memset(t, 0, sizeof(*t));
	t->levels = levels;
	t->pool_next = pool_start;
	t->pool_end = pool_end;
	t->table_offset = table_offset;
	t->large_pages = large_pages;
	return alloc_table(t, &t->root);
}

/* Map one page (or one large page, leaf_level == levels - 2). */
static int map_one(struct pgt *t, u64 virt, phys_addr_t phys,
		   unsigned int leaf_level)
{
	phys_addr_t table = t->root;
	u64 leaf;

	for (unsigned int level = 0; level < leaf_level; level++) {
		unsigned int i = index_at(t, virt, level);
		u64 e = entry_get(t, table, i);

		if (!(e & PTE_P)) {
			phys_addr_t next;

			if (alloc_table(t, &next))
				return -1;
			e = table_entry(t, next, level);
			entry_set(t, table, i, e);
		}
		table = e & mode(t)->frame_mask;
	}

	leaf = phys | PTE_LEAF;
	if (leaf_level != t->levels - 1)
		leaf |= PTE_PSE;
	if (read_only(t, phys, 1ULL << mode(t)->shift[leaf_level]))
		leaf &= ~(u64)PTE_RW;
	entry_set(t, table, index_at(t, virt, leaf_level), leaf);
	return 0;
}

/* Sizes, not end addresses: PAGE_OFFSET + size may be 2^64 on x86_64. */
int pgt_map(struct pgt *t, u64 virt, phys_addr_t phys, u64 size)
{
	u64 large = pgt_large_size(t->levels);

	while (size) {
		unsigned int level = t->levels - 1;
		u64 step;

		if (t->large_pages && !((virt | phys) & (large - 1)) &&
		    size >= large && !read_only(t, phys, large))
			level = t->levels - 2;
		if (map_one(t, virt, phys, level))
			return -1;
		step = 1ULL << mode(t)->shift[level];
		virt += step;
		phys += step;
		size = size > step ? size - step : 0;
	}
	return 0;
}

void pgt_unmap_top(struct pgt *t, u64 virt, u64 size)
{
	u64 step = 1ULL << mode(t)->shift[0];

	for (; size; virt += step, size = size > step ? size - step : 0)
		entry_set(t, t->root, index_at(t, virt, 0), 0);
}

void pgt_to_machine(struct pgt *t, const unsigned long *p2m)
{
	u64 mask = mode(t)->frame_mask;
	unsigned int entries = PAGE_SIZE / mode(t)->entry_size;

	/* Every table was allocated from the pool, in order, from the root. */
	for (phys_addr_t pa = t->root; pa < t->pool_next; pa += PAGE_SIZE) {
		for (unsigned int i = 0; i < entries; i++) {
			u64 e = entry_get(t, pa, i);

			if (e & PTE_P)
				entry_set(t, pa, i, (e & ~mask) |
					  ((u64)p2m[(e & mask) >> PAGE_SHIFT]
					   << PAGE_SHIFT));
		}
	}
}
