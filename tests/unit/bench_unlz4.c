// SPDX-License-Identifier: MIT
/*
 * Decompression speed: paraboot's unlz4() against liblz4's
 * LZ4_decompress_safe() on the same LZ4 legacy frame (`lz4 -l -9`), and
 * memcpy of the output as the ceiling.  Not part of the test suite.
 *
 *   bench_unlz4 FILE.lz4 [RUNS [ONLY]]
 *
 * ONLY (0..2) runs just one row, for profilers (perf stat, cachegrind).
 *
 * `make bench-unlz4` (Makefile) builds it, and runs it on Debian's vmlinux, with paraboot's decoder
 * compiled as the stub compiles it (build.mk's freestanding flags: no
 * SSE, general registers only, -fPIE) and linked with paraboot's own
 * memcpy, renamed so the rest of the program keeps the C library's:
 * the figure is the decompressor's, not a hosted build's.  liblz4 is
 * called block by block exactly as lz4's command line tool decodes a
 * legacy frame (each block into at most 8 MiB).
 *
 * Speeds are uncompressed megabytes (10^6 bytes) per second of the best
 * of RUNS round-robin runs.
 */
#define _GNU_SOURCE
#include <lz4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PARABOOT_HOSTED
#include <paraboot/unlz4.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static unsigned int le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/* liblz4 over a legacy frame, block by block; -1 on any error. */
static long liblz4_legacy(const unsigned char *in, size_t n,
			  unsigned char *out, size_t cap)
{
	size_t ip = 4, op = 0;

	while (ip < n) {
		unsigned int size = le32(in + ip);
		size_t room = cap - op;
		int r;

		ip += 4;
		if (size == LZ4_LEGACY_MAGIC)
			continue;
		if (size > n - ip)
			return -1;
		r = LZ4_decompress_safe((const char *)in + ip,
					(char *)out + op, (int)size,
					room > LZ4_LEGACY_BLOCK_MAX ?
					(int)LZ4_LEGACY_BLOCK_MAX : (int)room);
		if (r < 0)
			return -1;
		op += r;
		ip += size;
	}
	return op;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
		"paraboot unlz4", "liblz4 decompress_safe", "memcpy (ceiling)",
	};
	double best[3] = { 1e9, 1e9, 1e9 }, total[3] = { 0 };
	int runs = argc > 2 ? atoi(argv[2]) : 20;
	int only = argc > 3 ? atoi(argv[3]) : -1;
	unsigned char *in, *out, *ref;
	size_t n, cap = 0, got;
	long r;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.lz4 [RUNS]\n", argv[0]);
		return 2;
	}
	in = read_file(argv[1], &n);
	if (!in || n < 4 || le32(in) != LZ4_LEGACY_MAGIC) {
		fprintf(stderr, "%s: not an lz4 legacy frame\n", argv[1]);
		return 2;
	}
	/* Every block but the last is 8 MiB: a bound for the output. */
	for (size_t ip = 4; ip + 4 <= n; ) {
		unsigned int size = le32(in + ip);

		ip += 4;
		if (size == LZ4_LEGACY_MAGIC)
			continue;
		cap += LZ4_LEGACY_BLOCK_MAX;
		ip += size;
	}
	out = malloc(cap + 1);
	ref = malloc(cap + 1);
	if (!out || !ref)
		return 2;
	r = liblz4_legacy(in, n, ref, cap);
	if (r < 0) {
		fprintf(stderr, "%s: liblz4 cannot decode it\n", argv[1]);
		return 2;
	}
	cap = r;
	printf("%s: %zu -> %zu bytes, best of %d runs\n", argv[1], n, cap,
	       runs);

	/* Untimed, so that no row pays for the output's first page faults. */
	memcpy(out, ref, cap);
	/* Round-robin, so that noise from other load hits every row. */
	for (int i = 0; i < runs; i++)
		for (int w = 0; w < 3; w++) {
			double t;
			int rc = 0;

			if (only >= 0 && w != only)
				continue;
			t = now();

			if (w == 0) {
				rc = unlz4(in, n, out, cap, &got);
			} else if (w == 1) {
				r = liblz4_legacy(in, n, out, cap);
				rc = r < 0;
				got = r;
			} else {
				memcpy(out, ref, cap);
				got = cap;
			}
			t = now() - t;
			if (rc || got != cap || memcmp(out, ref, cap)) {
				printf("%-24s FAILED (status %d)\n", names[w], rc);
				return 1;
			}
			total[w] += t;
			if (t < best[w])
				best[w] = t;
		}
	for (int w = 0; w < 3; w++)
		if (only < 0 || w == only)
			printf("%-24s %8.1f MB/s  %.2fx liblz4   (mean %8.1f MB/s, "
		       "%.2fx)\n", names[w], cap / best[w] / 1e6,
		       best[1] / best[w], cap / (total[w] / runs) / 1e6,
		       total[1] / total[w]);
	return 0;
}
