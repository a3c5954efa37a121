// SPDX-License-Identifier: MIT
/* The model of physical memory: see physmem.h. */
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"
#include "physmem.h"

#define PAGE		4096ULL
#define MAX_DIRTY	32

uint8_t *phys_base;

static struct { uint64_t start, end; } dirty[MAX_DIRTY];
static unsigned int n_dirty;
static bool dirty_overflow;

void phys_init(void)
{
	void *p;

	if (phys_base)
		return;
	p = mmap(NULL, PHYS_SIZE + PHYS_SLACK, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("fuzz: mmap of the physical memory model");
		exit(2);
	}
	phys_base = p;
}

void phys_dirty(uint64_t pa, uint64_t n)
{
	if (pa >= PHYS_SIZE || !n)
		return;
	if (n > PHYS_SIZE - pa)
		n = PHYS_SIZE - pa;
	if (n_dirty == MAX_DIRTY) {
		dirty_overflow = true;
		return;
	}
	dirty[n_dirty].start = pa & ~(PAGE - 1);
	dirty[n_dirty].end = (pa + n + PAGE - 1) & ~(PAGE - 1);
	n_dirty++;
}

void phys_write(uint64_t pa, const void *src, size_t n)
{
	if (pa >= PHYS_SIZE)
		return;
	if (n > PHYS_SIZE - pa)
		n = PHYS_SIZE - pa;
	phys_dirty(pa, n);
	memcpy(phys_base + pa, src, n);
}

/* Small ranges are zeroed in place: the next run most likely touches the
 * same pages (the zero page, the command line, the initrd), and dropping
 * them made every run fault them in again, which took most of a run's
 * time.  Large ones are dropped (MADV_DONTNEED on a private anonymous
 * mapping returns them to zero), so the model stays small. */
#define ZERO_IN_PLACE	(256ULL << 10)

void phys_reset(void)
{
	if (dirty_overflow)
		madvise(phys_base, PHYS_SIZE + PHYS_SLACK, MADV_DONTNEED);
	else
		for (unsigned int i = 0; i < n_dirty; i++) {
			uint64_t n = dirty[i].end - dirty[i].start;

			if (n <= ZERO_IN_PLACE)
				memset(phys_base + dirty[i].start, 0, n);
			else
				madvise(phys_base + dirty[i].start, n,
					MADV_DONTNEED);
		}
	n_dirty = 0;
	dirty_overflow = false;
}
