// SPDX-License-Identifier: MIT
/*
 * Host decoder speed: paraboot's decoders against the reference libraries
 * on the payloads of real images, side by side, in one process.
 *
 *   bench-host [--runs N] --elf FILE [--gzip FILE] [--lz4 FILE] [--zstd FILE]
 *
 * --elf is what every payload decompresses to (mkbzimage's vmlinux.bin);
 * each other file is one payload (for lz4, the legacy frame `lz4 -l`
 * writes).  Prints one line per decoder:
 *
 *   row <codec> <decoder> <best MB/s> <median MB/s> <output bytes>
 *
 * tests/bench/run turns those into the table.  MB are 10^6 bytes of
 * output.  Every run of every decoder is checked byte for byte against
 * --elf; a decoder that fails prints `fail <codec> <decoder> <status>`
 * and the program exits 1.
 *
 * paraboot's decoders are linked from objects built with the stub's own
 * flags (tests/bench/bench.mk: scripts/build.mk's ZO_CFLAGS, x86_64);
 * this file, which needs libc and floating point, is built normally.
 * LZ4 and zstd rows appear when lib/unlz4.c / lib/unzstd.c exist
 * (bench.mk defines HAVE_UNLZ4 / HAVE_UNZSTD).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libdeflate.h>
#include <zlib.h>

#include <paraboot/inflate.h>
#ifdef HAVE_UNLZ4
#include <lz4.h>
#include <paraboot/unlz4.h>
#endif
#ifdef HAVE_UNZSTD
#include <zstd.h>
#include <paraboot/unzstd.h>
#endif

/* paraboot's crc32(), renamed by bench.mk: zlib.h declares its own. */
u32 paraboot_crc32(u32 crc, const void *buf, size_t len);

struct input {
	const char *path;
	u8 *data;
	size_t len;
};

static struct input elf, gz, lz, zs;
static u8 *out;
static size_t out_cap;

/*
 * The thread's CPU time, not the wall clock: the machine is shared, and
 * time spent descheduled is nobody's decoder.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int load(struct input *in)
{
	FILE *f = fopen(in->path, "rb");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	in->data = malloc(n ? n : 1);
	if (!in->data || fread(in->data, 1, n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	in->len = n;
	return 0;
}

/* Each decoder: decode its payload into out, return 0 or a status. */
typedef int (*decode_fn)(size_t *got);

static int do_memcpy(size_t *got)
{
	memcpy(out, elf.data, elf.len);
	*got = elf.len;
	return 0;
}

static struct inflate_workspace inflate_ws;

static int pb_gunzip(size_t *got)
{
	return gunzip(&inflate_ws, gz.data, gz.len, out, out_cap, got);
}

static int pb_inflate_raw(size_t *got)
{
	/* gunzip() without the header, the trailer and the CRC-32 */
	size_t used, hdr = 10;
	u8 flg = gz.data[3];

	if (flg & 0x04)
		hdr += 2 + (gz.data[10] | gz.data[11] << 8);
	if (flg & 0x08)
		hdr += strlen((char *)gz.data + hdr) + 1;
	if (flg & 0x10)
		hdr += strlen((char *)gz.data + hdr) + 1;
	if (flg & 0x02)
		hdr += 2;
	return inflate_raw(&inflate_ws, gz.data + hdr, gz.len - hdr - 8,
			   &used, out, out_cap, got);
}

static int pb_crc32(size_t *got)
{
	volatile u32 c = paraboot_crc32(0, elf.data, elf.len);

	(void)c;
	*got = elf.len;
	return 0;
}

static int zlib_gunzip(size_t *got)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 31) != Z_OK)
		return -1;
	z.next_in = gz.data;
	z.avail_in = gz.len;
	z.next_out = out;
	z.avail_out = out_cap;
	r = inflate(&z, Z_FINISH);
	*got = z.total_out;
	inflateEnd(&z);
	return r == Z_STREAM_END ? 0 : r;
}

static struct libdeflate_decompressor *ldd;

static int libdeflate_gunzip(size_t *got)
{
	return libdeflate_gzip_decompress(ldd, gz.data, gz.len, out, out_cap,
					  got);
}

static int libdeflate_crc(size_t *got)
{
	volatile u32 c = libdeflate_crc32(0, elf.data, elf.len);

	(void)c;
	*got = elf.len;
	return 0;
}

#ifdef HAVE_UNLZ4
static int pb_unlz4(size_t *got)
{
	return unlz4(lz.data, lz.len, out, out_cap, got);
}

/*
 * liblz4 has no reader for the legacy frame (its CLI does), so this is the
 * frame loop Linux's lib/decompress_unlz4.c runs: magic 0x184C2102, then
 * blocks each preceded by a 4-byte little-endian compressed size, each
 * decoding to at most 8 MiB, until the input ends or the magic recurs.
 */
static int liblz4_legacy(size_t *got)
{
	const u8 *p = lz.data + 4, *end = lz.data + lz.len;
	size_t done = 0;

	while (end - p >= 4) {
		u32 n = p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
		int r;

		p += 4;
		if (n == 0x184C2102)
			continue;
		if (n > (size_t)(end - p))
			return -1;
		r = LZ4_decompress_safe((const char *)p, (char *)out + done,
					(int)n, (int)MIN(out_cap - done,
							 (size_t)8 << 20));
		if (r < 0)
			return r;
		done += r;
		p += n;
	}
	*got = done;
	return 0;
}
#endif

#ifdef HAVE_UNZSTD
static struct unzstd_workspace unzstd_ws;
static ZSTD_DCtx *zdctx;

static int pb_unzstd(size_t *got)
{
	return unzstd(&unzstd_ws, zs.data, zs.len, out, out_cap, got);
}

static int libzstd(size_t *got)
{
	size_t r = ZSTD_decompressDCtx(zdctx, out, out_cap, zs.data, zs.len);

	if (ZSTD_isError(r))
		return -1;
	*got = r;
	return 0;
}
#endif

struct row {
	const char *codec, *decoder;
	decode_fn fn;
	const struct input *needs;
	bool checks_output;
};

#define MAX_RUNS 256
static double times[16][MAX_RUNS];

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct row rows[] = {
		{ "none", "memcpy", do_memcpy, &elf, true },
		{ "gzip", "paraboot", pb_gunzip, &gz, true },
		{ "gzip", "libdeflate", libdeflate_gunzip, &gz, true },
		{ "gzip", "zlib", zlib_gunzip, &gz, true },
		{ "deflate", "paraboot", pb_inflate_raw, &gz, true },
		{ "crc32", "paraboot", pb_crc32, &elf, false },
		{ "crc32", "libdeflate", libdeflate_crc, &elf, false },
#ifdef HAVE_UNLZ4
		{ "lz4", "paraboot", pb_unlz4, &lz, true },
		{ "lz4", "liblz4", liblz4_legacy, &lz, true },
#endif
#ifdef HAVE_UNZSTD
		{ "zstd", "paraboot", pb_unzstd, &zs, true },
		{ "zstd", "libzstd", libzstd, &zs, true },
#endif
	};
	struct input *const inputs[] = { &elf, &gz, &lz, &zs };
	const char *only = getenv("BENCH_ONLY");	/* "codec/decoder", for profilers */
	int runs = 10;
	unsigned int i;
	int a;

	_Static_assert(ARRAY_SIZE(rows) <= ARRAY_SIZE(times), "times[] too small");

	for (a = 1; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--runs"))
			runs = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--elf"))
			elf.path = argv[a + 1];
		else if (!strcmp(argv[a], "--gzip"))
			gz.path = argv[a + 1];
		else if (!strcmp(argv[a], "--lz4"))
			lz.path = argv[a + 1];
		else if (!strcmp(argv[a], "--zstd"))
			zs.path = argv[a + 1];
		else
			break;
	}
	if (a != argc || !elf.path || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: %s [--runs 1..256] --elf FILE [--gzip FILE]"
			" [--lz4 FILE] [--zstd FILE]\n", argv[0]);
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(inputs); i++)
		if (inputs[i]->path && load(inputs[i])) {
			fprintf(stderr, "%s: cannot read it\n", inputs[i]->path);
			return 2;
		}
	/* The images' lz4 and zstd payloads end in Linux's 4-byte size
	 * trailer (compressed/codec.h), which the codec glue takes off
	 * before the decoder runs. */
	if (lz.data && lz.len >= 4)
		lz.len -= 4;
	if (zs.data && zs.len >= 4)
		zs.len -= 4;
	out_cap = elf.len + 4096;
	out = malloc(out_cap);
	ldd = libdeflate_alloc_decompressor();
#ifdef HAVE_UNZSTD
	zdctx = ZSTD_createDCtx();
#endif
	if (!out || !ldd)
		return 2;
	/* Fault the output in before any timing. */
	memset(out, 0, out_cap);

	/* Round-robin, so that noise from other load hits every decoder. */
	for (int r = 0; r < runs; r++)
		for (i = 0; i < ARRAY_SIZE(rows); i++) {
			struct row *w = &rows[i];
			char name[64];
			size_t got = 0;
			double t;
			int st;

			snprintf(name, sizeof(name), "%s/%s", w->codec, w->decoder);
			if (!w->needs->data || (only && strcmp(only, name)))
				continue;
			if (w->checks_output)
				memset(out, 0x5a, 4096);	/* a stale output cannot pass */
			t = now();
			st = w->fn(&got);
			times[i][r] = now() - t;
			if (st || got != elf.len ||
			    (w->checks_output && memcmp(out, elf.data, elf.len))) {
				printf("fail %s %s %d\n", w->codec, w->decoder, st);
				return 1;
			}
		}
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct row *w = &rows[i];
		char name[64];

		snprintf(name, sizeof(name), "%s/%s", w->codec, w->decoder);
		if (!w->needs->data || (only && strcmp(only, name)))
			continue;
		qsort(times[i], runs, sizeof(double), cmp_double);
		printf("row %s %s %.1f %.1f %zu\n", w->codec, w->decoder,
		       elf.len / times[i][0] / 1e6,
		       elf.len / times[i][runs / 2] / 1e6,
		       elf.len);
	}
	return 0;
}
