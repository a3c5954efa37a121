/* SPDX-License-Identifier: MIT */
/*
 * The unit tests' deterministic random numbers (xorshift64*, Marsaglia
 * 2003 and Vigna 2016): the same data on every machine and run.  A test
 * that wants another sequence sets rng_state.
 */
#ifndef TESTS_RNG_H
#define TESTS_RNG_H

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* 0 .. n-1 from the high half (the better bits), 0 for n == 0. */
static u32 rnd_below(u32 n)
{
	return n ? (u32)((rnd() >> 32) % n) : 0;
}

#endif
