// SPDX-License-Identifier: MIT
/*
 * The early page-table builder (see include/paraboot/pgtable.h).  One walk
 * serves all three paging modes: only the number of levels, the width of
 * an entry and the index bits per level differ.
 *
 * Compiled -fPIE and checked by scripts/check-pic: it runs before paging
 * at physical addresses as well as at PAGE_OFFSET.
 */
#include <paraboot/pgtable.h>
#include <paraboot/string.h>

#define PTE_TABLE	(PTE_P | PTE_RW)
#define PTE_LEAF	(PTE_P | PTE_RW)
#if PGT_LEVELS == 4
#define PTE_FRAME_MASK	0x000ffffffffff000ULL
static const unsigned int level_shift[PGT_LEVELS] = { 39, 30, 21, 12 };
#define INDEX_BITS	9
#elif PGT_LEVELS == 3
#define PTE_FRAME_MASK	0x000ffffffffff000ULL
static const unsigned int level_shift[PGT_LEVELS] = { 30, 21, 12 };
#define INDEX_BITS	9
#else
#define PTE_FRAME_MASK	0xfffff000U
static const unsigned int level_shift[PGT_LEVELS] = { 22, 12 };
#define INDEX_BITS	10
#endif

#define ENTRIES_PER_TABLE	(1U << INDEX_BITS)
#define LARGE_LEVEL		(PGT_LEVELS - 2)

static pte_t *table_at(const struct pgt *t, phys_addr_t pa)
{
	return (pte_t *)(uintptr_t)(pa + t->table_offset);
}

static unsigned int index_at(u64 virt, unsigned int level)
{
	unsigned int bits = INDEX_BITS;

#if PGT_LEVELS == 3
	if (level == 0)
		bits = 2;		/* the PDPT has four entries */
#endif
	return (virt >> level_shift[level]) & ((1U << bits) - 1);
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
static pte_t table_entry(phys_addr_t pa, unsigned int level)
{
#if PGT_LEVELS == 3
	if (level == 0)
		return (pte_t)pa | PTE_P;
#endif
	(void)level;
	return (pte_t)pa | PTE_TABLE;
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

int pgt_init(struct pgt *t, phys_addr_t pool_start, phys_addr_t pool_end,
	     uintptr_t table_offset, bool large_pages)
{
	memset(t, 0, sizeof(*t));
	t->pool_next = pool_start;
	t->pool_end = pool_end;
	t->table_offset = table_offset;
	t->large_pages = large_pages;
	return alloc_table(t, &t->root);
}

/* Map one page (or one large page, level == LARGE_LEVEL). */
static int map_one(struct pgt *t, u64 virt, phys_addr_t phys,
		   unsigned int leaf_level)
{
	phys_addr_t table = t->root;
	pte_t leaf;

	for (unsigned int level = 0; level < leaf_level; level++) {
		pte_t *e = &table_at(t, table)[index_at(virt, level)];

		if (!(*e & PTE_P)) {
			phys_addr_t next;

			if (alloc_table(t, &next))
				return -1;
			*e = table_entry(next, level);
		}
		table = *e & PTE_FRAME_MASK;
	}

	leaf = (pte_t)phys | PTE_LEAF;
	if (leaf_level != PGT_LEVELS - 1)
		leaf |= PTE_PSE;
	if (read_only(t, phys, 1ULL << level_shift[leaf_level]))
		leaf &= ~(pte_t)PTE_RW;
	table_at(t, table)[index_at(virt, leaf_level)] = leaf;
	return 0;
}

/* Sizes, not end addresses: PAGE_OFFSET + size may be 2^64 on x86_64. */
int pgt_map(struct pgt *t, u64 virt, phys_addr_t phys, u64 size)
{
	while (size) {
		unsigned int level = PGT_LEVELS - 1;
		u64 step;

		if (t->large_pages &&
		    !((virt | phys) & (PGT_LARGE_SIZE - 1)) &&
		    size >= PGT_LARGE_SIZE &&
		    !read_only(t, phys, PGT_LARGE_SIZE))
			level = LARGE_LEVEL;
		if (map_one(t, virt, phys, level))
			return -1;
		step = 1ULL << level_shift[level];
		virt += step;
		phys += step;
		size = size > step ? size - step : 0;
	}
	return 0;
}

void pgt_unmap_top(struct pgt *t, u64 virt, u64 size)
{
	pte_t *top = table_at(t, t->root);
	u64 step = 1ULL << level_shift[0];

	for (; size; virt += step, size = size > step ? size - step : 0)
		top[index_at(virt, 0)] = 0;
}

void pgt_to_machine(struct pgt *t, const unsigned long *p2m)
{
	/* Every table was allocated from the pool, in order, from the root. */
	for (phys_addr_t pa = t->root; pa < t->pool_next; pa += PAGE_SIZE) {
		pte_t *e = table_at(t, pa);

		for (unsigned int i = 0; i < ENTRIES_PER_TABLE; i++) {
			unsigned long pfn;

			if (!(e[i] & PTE_P))
				continue;
			pfn = (e[i] & PTE_FRAME_MASK) >> PAGE_SHIFT;
			e[i] = (e[i] & ~PTE_FRAME_MASK) |
			       ((pte_t)p2m[pfn] << PAGE_SHIFT);
		}
	}
}
