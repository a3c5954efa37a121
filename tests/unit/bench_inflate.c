// SPDX-License-Identifier: MIT
/*
 * Decompression speed: paraboot's gunzip()/inflate_raw() against zlib's
 * inflate() on the same gzip file.  Not part of the test suite.
 *
 *   bench_inflate FILE.gz [RUNS [ONLY]]
 *
 * ONLY (0..5) runs just one row, for profilers such as cachegrind.
 *
 * Build without sanitizers, e.g.
 *   gcc -O2 -std=gnu11 -DPARABOOT_HOSTED -I include \
 *       -o build/host/bench_inflate tests/unit/bench_inflate.c -lz
 *
 * Speeds are uncompressed megabytes (10^6 bytes) per second of the best
 * run; "gzip" rows include header parsing and the CRC32/ISIZE check (zlib
 * computes its CRC while inflating), "raw" rows are the deflate data only.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define crc32 pb_crc32
#include "../../lib/crc32.c"
#include "../../lib/inflate.c"
#include "../../lib/gunzip.c"
#undef crc32

static struct inflate_workspace ws;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
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

static int zlib_decode(const u8 *in, size_t n, int wbits, u8 *out, size_t cap,
		       size_t *got)
{
	z_stream zs;
	int r;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, wbits) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)in;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	r = inflate(&zs, Z_FINISH);
	*got = zs.total_out;
	inflateEnd(&zs);
	return r == Z_STREAM_END ? 0 : -1;
}

enum which { PB_GZIP, ZLIB_GZIP, PB_RAW, ZLIB_RAW };

static int run(enum which w, const u8 *gz, size_t glen, size_t hdr, u8 *out,
	       size_t cap, size_t *got)
{
	size_t used;

	switch (w) {
	case PB_GZIP:
		return gunzip(&ws, gz, glen, out, cap, got);
	case ZLIB_GZIP:
		return zlib_decode(gz, glen, 31, out, cap, got);
	case PB_RAW:
		return inflate_raw(&ws, gz + hdr, glen - hdr - 8, &used, out, cap, got);
	default:
		return zlib_decode(gz + hdr, glen - hdr - 8, -15, out, cap, got);
	}
}

/* Where the deflate data start: skip the optional header fields. */
static size_t header_len(const u8 *gz, size_t glen)
{
	size_t p = 10;
	u8 flg = gz[3];

	if (flg & 4)
		p += 2 + (gz[10] | gz[11] << 8);
	if (flg & 8)
		while (p < glen && gz[p++])
			;
	if (flg & 16)
		while (p < glen && gz[p++])
			;
	if (flg & 2)
		p += 2;
	return p;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
		"paraboot gunzip", "zlib inflate (gzip)",
		"paraboot inflate_raw", "zlib inflate (raw)",
		"paraboot crc32", "zlib crc32",
	};
	double best[6] = { 1e9, 1e9, 1e9, 1e9, 1e9, 1e9 }, total[6] = { 0 };
	size_t glen, cap, got, hdr;
	int runs = argc > 2 ? atoi(argv[2]) : 20;
	int only = argc > 3 ? atoi(argv[3]) : -1;
	u8 *gz, *out, *ref;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.gz [RUNS]\n", argv[0]);
		return 2;
	}
	gz = read_file(argv[1], &glen);
	if (!gz || glen < 18) {
		fprintf(stderr, "%s: cannot read gzip file\n", argv[1]);
		return 2;
	}
	cap = gz[glen - 4] | gz[glen - 3] << 8 | gz[glen - 2] << 16 |
	      (size_t)gz[glen - 1] << 24;
	hdr = header_len(gz, glen);
	out = malloc(cap + 1);
	ref = malloc(cap + 1);
	if (!out || !ref)
		return 2;

	if (zlib_decode(gz, glen, 31, ref, cap, &got) || got != cap) {
		fprintf(stderr, "%s: zlib cannot decode it\n", argv[1]);
		return 2;
	}
	printf("%s: %zu -> %zu bytes, best of %d runs\n", argv[1], glen, cap, runs);

	/* Round-robin, so that noise from other load hits every decoder. */
	for (int i = 0; i < runs; i++)
		for (int w = 0; w < 6; w++) {
			double t;

			if (only >= 0 && w != only)
				continue;
			t = now();
			int r = 0;

			if (w < 4) {
				r = run(w, gz, glen, hdr, out, cap, &got);
			} else {
				volatile u32 c = w == 4 ? pb_crc32(0, ref, cap) :
						 (u32)crc32(0, ref, cap);
				(void)c;
				got = cap;
			}
			t = now() - t;
			if (r || got != cap || (w < 4 && memcmp(out, ref, cap))) {
				printf("%-22s FAILED (status %d)\n", names[w], r);
				return 1;
			}
			total[w] += t;
			if (t < best[w])
				best[w] = t;
		}
	for (int w = 0; w < 6; w++)
		if (only < 0 || w == only)
			printf("%-22s %8.1f MB/s  (mean %8.1f MB/s)\n", names[w],
			       cap / best[w] / 1e6, cap / (total[w] / runs) / 1e6);
	return 0;
}
