/* SPDX-License-Identifier: MIT */
/*
 * A model of a machine's physical address space below 4 GiB, for the
 * harnesses of code that reads what a loader or hypervisor left in
 * memory.  It is one reserved mapping (MAP_NORESERVE): memory nobody
 * wrote reads as zero and costs nothing, as on a freshly booted machine
 * whose loader wrote only its own structures.  What a run writes is
 * recorded and dropped before the next run, so runs are independent.
 */
#ifndef FUZZ_PHYSMEM_H
#define FUZZ_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHYS_SIZE	(1ULL << 32)
/* Mapped past PHYS_SIZE, zero: reads that start below 4 GiB may run on. */
#define PHYS_SLACK	(64ULL << 10)

extern uint8_t *phys_base;

/* Map the model (once; later calls do nothing). */
void phys_init(void);

/* Whether [pa, pa + n) lies inside the model. */
static inline bool phys_inside(uint64_t pa, uint64_t n)
{
	return pa <= PHYS_SIZE && n <= PHYS_SIZE - pa;
}

/* Copy n bytes to physical address pa, clipped to the model. */
void phys_write(uint64_t pa, const void *src, size_t n);

/* Say that [pa, pa + n) was written by other means (clipped). */
void phys_dirty(uint64_t pa, uint64_t n);

/* Make every byte written since the last reset zero again. */
void phys_reset(void);

#endif
