# SPDX-License-Identifier: MIT
#
# The host half of `make bench` (tests/bench/README section of README.md):
# make -f tests/bench/bench.mk O=<abs build dir>  ->  $(O)/bench/bench-host
#
# paraboot's decoders are the x86_64 stub's own objects, built by
# scripts/build.mk's rule with its ZO_CFLAGS (-O2 -mno-sse
# -mgeneral-regs-only -ffreestanding -fPIE ...), so the bench times the code
# the stub runs.  A codec's rows join in when its decoder exists.

ARCH := x86_64
include scripts/build.mk

BENCH := $(O)/bench
BENCH_LIB := inflate gunzip crc32
BENCH_LIBS := -ldeflate -lz
BENCH_DEFS :=
ifneq ($(wildcard lib/unlz4.c),)
BENCH_LIB += unlz4
BENCH_LIBS += -llz4
BENCH_DEFS += -DHAVE_UNLZ4
endif
ifneq ($(wildcard lib/unzstd.c),)
BENCH_LIB += unzstd zstd_fse zstd_huf xxhash64
BENCH_LIBS += -lzstd
BENCH_DEFS += -DHAVE_UNZSTD
endif
BENCH_OBJS := $(patsubst %,$(B)/compressed/lib/%.o,$(BENCH_LIB))

HOSTCC ?= gcc
BENCH_CFLAGS := -O2 -std=gnu11 -DPARABOOT_HOSTED -I include -Wall -Wextra \
	-Werror -Wno-unused-parameter $(BENCH_DEFS)

# One object of them, crc32 renamed paraboot_crc32: zlib.h declares its own.
$(BENCH)/paraboot-decoders.o: $(BENCH_OBJS) tests/bench/bench.mk
	@mkdir -p $(dir $@)
	$(quiet) LD-R "$@"
	$(Q)$(LD) $(LD_EMUL) -r -o $@ $(BENCH_OBJS)
	$(Q)$(OBJCOPY) --redefine-sym crc32=paraboot_crc32 $@

$(BENCH)/bench-host: tests/bench/host.c $(BENCH)/paraboot-decoders.o
	$(quiet) HOSTCC "$@"
	$(Q)$(HOSTCC) $(BENCH_CFLAGS) -o $@ tests/bench/host.c \
		$(BENCH)/paraboot-decoders.o $(BENCH_LIBS)

.DEFAULT_GOAL := $(BENCH)/bench-host
