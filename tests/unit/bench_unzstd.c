// SPDX-License-Identifier: MIT
/*
 * Decompression speed: paraboot's unzstd() against libzstd's
 * ZSTD_decompressDCtx() on the same .zst files, and memcpy of the
 * output as the ceiling.  Not part of the test suite.
 *
 *   bench_unzstd [-r RUNS] [-o ONLY] FILE.zst...
 *
 * ONLY (0 = unzstd, 1 = libzstd) runs just one decoder, for perf or
 * callgrind.  Speeds are decompressed megabytes (10^6 bytes) per second
 * of thread CPU time, the best of RUNS round-robin runs.
 *
 * The decoder is linked in as the objects the stub would get: built
 * apart with the freestanding code generation flags (no SSE, general
 * registers only), e.g.
 *   for f in unzstd zstd_fse zstd_huf xxhash64; do
 *     gcc -O2 -std=gnu11 -DPARABOOT_HOSTED -ffreestanding -mno-sse \
 *         -mno-mmx -mno-80387 -mgeneral-regs-only -I include \
 *         -c lib/$f.c -o build/host/bench-$f.o; done
 *   gcc -O2 -std=gnu11 -DPARABOOT_HOSTED -I include \
 *       -o build/host/bench_unzstd tests/unit/bench_unzstd.c \
 *       build/host/bench-*.o -lzstd
 * (tests/unit/README.md; make bench-unzstd does the same).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>
#include <paraboot/unzstd.h>

static struct unzstd_workspace ws;

/* CPU time of this thread: on a shared machine, time spent descheduled
 * would otherwise count against whichever decoder was running. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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

int main(int argc, char **argv)
{
	int runs = 7, only = -1, opt;
	ZSTD_DCtx *dc = ZSTD_createDCtx();

	while ((opt = getopt(argc, argv, "r:o:")) != -1) {
		if (opt == 'r')
			runs = atoi(optarg);
		else if (opt == 'o')
			only = atoi(optarg);
		else
			return 2;
	}
	ZSTD_DCtx_setParameter(dc, ZSTD_d_windowLogMax, 31);
	printf("%-28s %10s %10s %10s %10s %7s\n", "file", "size", "unzstd",
	       "libzstd", "memcpy", "ratio");
	for (int a = optind; a < argc; a++) {
		size_t clen, olen, got;
		u8 *comp = read_file(argv[a], &clen), *out, *ref;
		unsigned long long fcs;
		double best[3] = { 1e9, 1e9, 1e9 };
		int rc;

		if (!comp) {
			fprintf(stderr, "%s: cannot read\n", argv[a]);
			return 1;
		}
		fcs = ZSTD_getFrameContentSize(comp, clen);
		if (fcs == ZSTD_CONTENTSIZE_ERROR ||
		    fcs == ZSTD_CONTENTSIZE_UNKNOWN) {
			fprintf(stderr, "%s: no content size\n", argv[a]);
			return 1;
		}
		olen = fcs;
		out = malloc(olen);
		ref = malloc(olen);
		got = ZSTD_decompressDCtx(dc, ref, olen, comp, clen);
		rc = unzstd(&ws, comp, clen, out, olen, &got);
		if (rc || got != olen || memcmp(out, ref, olen)) {
			fprintf(stderr, "%s: unzstd: %s\n", argv[a],
				unzstd_strerror(rc));
			return 1;
		}
		for (int r = 0; r < runs; r++) {
			for (int which = 0; which < 3; which++) {
				double t;

				if (only >= 0 && which != only)
					continue;
				t = now();
				if (which == 0)
					unzstd(&ws, comp, clen, out, olen, &got);
				else if (which == 1)
					ZSTD_decompressDCtx(dc, out, olen, comp, clen);
				else
					memcpy(out, ref, olen);
				t = now() - t;
				if (t < best[which])
					best[which] = t;
			}
		}
		printf("%-28s %10zu %10.0f %10.0f %10.0f %7.2f\n",
		       strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a],
		       olen, olen / best[0] / 1e6, olen / best[1] / 1e6,
		       olen / best[2] / 1e6, best[1] / best[0]);
		free(comp);
		free(out);
		free(ref);
	}
	ZSTD_freeDCtx(dc);
	return 0;
}
