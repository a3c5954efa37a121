# SPDX-License-Identifier: MIT
#
# paraboot: an x86 boot-protocol 2.15 bzImage that boots natively, under
# GRUB, as a Xen PV guest and under lguest.
#
#   make                  both images: build/i386/bzImage, build/x86_64/bzImage
#   make run [ARCH=i386]  boot one under QEMU -kernel and show its boot report
#   make iso              build/paraboot.iso: GRUB, both images (CD or USB stick)
#   make run-grub         boot that ISO under QEMU's BIOS
#   make run-grub-efi     the same under UEFI firmware (OVMF)
#   make run-efi [ARCH=i386]  UEFI firmware starts the image as an EFI application
#   make run-xen [ARCH=i386]  Xen 4.17 (QEMU multiboot), paraboot as PV dom0
#   make run-xen-domu [ARCH=i386]  the same as a domU started by xl create
#   make run-lguest       the i386 image under the test lguest host (ring 1)
#   make run-linux [COMPRESS=lz4|zstd|none]  Debian's Linux wrapped by paraboot, booted
#   make test             every test; the last line says "N passed, N failed"
#   make bench [BENCH_RUNS=N]  paraboot vs reference decoders and Linux's
#                         own stub, one table (README: Benchmarks); not in test
#   make clean
#
# Options, as in Linux: ARCH=i386|x86_64 (default: both), O=<build dir>,
# V=1 (show commands), CROSS_COMPILE=<tool prefix>.

ALL_ARCHES := i386 x86_64
ARCHES := $(if $(ARCH),$(ARCH),$(ALL_ARCHES))
O ?= build
override O := $(abspath $(O))
V ?= 0
VERSION := $(shell cat VERSION)
export O V CROSS_COMPILE VERSION

IMAGES := $(foreach a,$(ARCHES),$(O)/$(a)/bzImage)

all: $(ARCHES)

$(ALL_ARCHES): FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=$@

# Debian packages and the Xen hypervisor the tests boot, installed once.
deps: FORCE
	@scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

SAMPLE_INITRD := $(O)/sample-initrd.img
$(SAMPLE_INITRD): scripts/sample-initrd
	@mkdir -p $(dir $@)
	@scripts/sample-initrd $@

RUN_ARCH := $(if $(ARCH),$(ARCH),x86_64)
run: deps $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=$(RUN_ARCH)
	@scripts/run-qemu -kernel $(O)/$(RUN_ARCH)/bzImage $(SAMPLE_INITRD)

# Debian's Xen 4.17 hypervisor, unpacked (no install) into the machine's
# cache; $(O)/xen links to it.
XEN := $(O)/xen/xen
XEN_GZ := $(O)/xen/xen-4.17-amd64.gz
$(XEN) $(XEN_GZ):
	@scripts/fetch-xen $(O)/xen

# The same Xen built from Debian's source with 32-bit PV (CONFIG_PV32=y),
# cached outside the tree and linked here.
XEN_PV32 := $(O)/xen-pv32/xen
XEN_PV32_GZ := $(O)/xen-pv32/xen.gz
$(XEN_PV32) $(XEN_PV32_GZ):
	@scripts/build-xen-pv32

# Xen (QEMU multiboot) with paraboot as its PV dom0: the x86_64 image on
# Debian's Xen, or with ARCH=i386 the i386 image on the PV32 Xen.
RUN_XEN := $(if $(filter i386,$(RUN_ARCH)),$(XEN_PV32),$(XEN))
run-xen: deps $(RUN_XEN) $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=$(RUN_ARCH)
	@scripts/run-xen $(RUN_XEN) $(O)/$(RUN_ARCH)/bzImage $(SAMPLE_INITRD)

# The same, with paraboot as a PV domU that the Xen toolstack (xl create)
# starts from a Linux dom0 (scripts/build-xen-dom0, cached per machine).
run-xen-domu: deps $(RUN_XEN) $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=$(RUN_ARCH)
	@scripts/build-xen-dom0
	@scripts/run-xen-domu $(if $(filter i386,$(RUN_ARCH)),--pv32) \
		$(O)/$(RUN_ARCH)/bzImage $(SAMPLE_INITRD)

# The lguest host (a test-only ring-0 monitor) with the i386 image as guest.
run-lguest: deps $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=i386
	@$(MAKE) --no-print-directory -C tests/lguest-host O=$(O)/lguest-host
	@scripts/run-lguest $(O)/lguest-host/lguest-host.elf $(O)/i386/bzImage \
		$(SAMPLE_INITRD)

# Debian's current Linux (scripts/fetch-linux, cached per machine) wrapped
# by scripts/mkbzimage in paraboot's stub, booted under QEMU -kernel to an
# initramfs whose /init prints the command line and powers off.
LINUX_IMAGE := $(O)/linux.bzImage
LINUX_INITRD := $(O)/linux-initrd.img
run-linux: deps FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=x86_64 stub
	@scripts/fetch-linux
	@printf '  %-8s %s\n' MKBZIMG "$(LINUX_IMAGE)"
	@scripts/mkbzimage $(if $(COMPRESS),--compress=$(COMPRESS)) \
		$(O)/linux/vmlinux $(LINUX_IMAGE)
	@scripts/linux_initramfs.py $(O)/linux/busybox $(LINUX_INITRD) >/dev/null
	@scripts/run-qemu -kernel $(LINUX_IMAGE) $(LINUX_INITRD)

# The side-by-side benchmark (tests/bench/run): host decoders built from
# the x86_64 stub's own objects, then Debian's Linux under QEMU with its own
# stub and with paraboot's, each codec.  Not part of make test.
bench: deps FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=x86_64 stub
	@scripts/fetch-linux
	@$(MAKE) --no-print-directory -f tests/bench/bench.mk
	@tests/bench/run

# A hybrid GRUB image (BIOS and UEFI) for a CD or a USB stick: both images,
# linux and linux16 entries each, Xen with the x86_64 image as dom0, the sample
# initrd.
ISO := $(O)/paraboot.iso
iso: FORCE
	@$(MAKE) --no-print-directory all ARCH=
	@$(MAKE) --no-print-directory $(ISO)

$(ISO): scripts/iso/grub.cfg scripts/mkiso $(SAMPLE_INITRD) $(XEN_GZ) \
		$(XEN_PV32_GZ) $(O)/i386/bzImage $(O)/x86_64/bzImage
	@printf '  %-8s %s\n' MKISO "$@"
	@scripts/mkiso $@ scripts/iso/grub.cfg \
		boot/i386/bzImage=$(O)/i386/bzImage \
		boot/x86_64/bzImage=$(O)/x86_64/bzImage \
		boot/initrd.img=$(SAMPLE_INITRD) \
		boot/xen.gz=$(XEN_GZ) \
		boot/xen-pv32.gz=$(XEN_PV32_GZ)

run-grub: deps iso FORCE
	@scripts/run-qemu -cdrom $(ISO)

# The same ISO on a UEFI PC: Debian's OVMF firmware.
run-grub-efi: deps iso FORCE
	@scripts/run-qemu -bios /usr/share/ovmf/OVMF.fd -cdrom $(ISO)

# The bzImage as an EFI application: OVMF's -kernel starts its EFI stub
# (x64 firmware for the x86_64 image, IA32 firmware for the i386 one).
run-efi: deps $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory -f scripts/build.mk ARCH=$(RUN_ARCH)
	@scripts/run-qemu -efi $(if $(filter i386,$(RUN_ARCH)),ia32,x64) \
		$(O)/$(RUN_ARCH)/bzImage $(SAMPLE_INITRD)

# Host-side unit tests: each includes the code it tests, built with
# sanitizers; the page-table test once per paging mode.
HOSTCC ?= gcc
HOST_CFLAGS := -O1 -g -std=gnu11 -DPARABOOT_HOSTED -I include -Wall -Wextra \
	-Werror -Wno-unused-parameter -fsanitize=address,undefined \
	-fno-sanitize-recover=all -MMD -MP
HOST_TESTS := $(addprefix $(O)/host/,test_inflate test_unzstd test_elf \
	test_bootparam test_pgtable2 test_pgtable3 test_pgtable4 test_efi_memmap \
	test_unlz4 test_unlz4_w32)

host-tests: $(HOST_TESTS)

$(O)/host/test_pgtable%: tests/unit/test_pgtable.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' HOSTCC "$@"
	@$(HOSTCC) $(HOST_CFLAGS) -DPGT_LEVELS=$* -o $@ $<

# lib/unlz4.c against liblz4, with x86_64's 8-byte and i386's 4-byte copies.
$(O)/host/test_unlz4: tests/unit/test_unlz4.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' HOSTCC "$@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ $< -llz4

$(O)/host/test_unlz4_w32: tests/unit/test_unlz4.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' HOSTCC "$@"
	@$(HOSTCC) $(HOST_CFLAGS) -DUNLZ4_WORD=u32 -DUNLZ4_TEST_W32 -o $@ $< -llz4

# libzstd is the zstd decoder's reference (tests/unit/README.md).
$(O)/host/test_unzstd: tests/unit/test_unzstd.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' HOSTCC "$@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ $< -lzstd

$(O)/host/test_%: tests/unit/test_%.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' HOSTCC "$@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ $< -lz

-include $(wildcard $(O)/host/*.d)

# libFuzzer harnesses (tests/fuzz/README.md), built by clang into $(O)/fuzz
# with the images' generated headers.  make fuzz [FUZZ_SECONDS=N] fuzzes
# with each for N seconds, FUZZ_JOBS at a time (FUZZ_HARNESSES: only
# those); make test runs each briefly (tests/run: fuzz).
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_HARNESSES ?=
fuzz-build: deps FORCE
	@$(MAKE) --no-print-directory all ARCH=
	@$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk

fuzz: fuzz-build FORCE
	@FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run_fuzz.py $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

test: fuzz-build
.PHONY: fuzz fuzz-build

# What the tests use besides the two images: the test-only lguest host and 64-bit loader, and a second build of both
# images in another directory with CROSS_COMPILE set, which
# tests/test_build.py compares byte for byte.
test-images: $(XEN) $(XEN_GZ) $(XEN_PV32) $(XEN_PV32_GZ) $(SAMPLE_INITRD) FORCE
	@$(MAKE) --no-print-directory all ARCH=
	@$(MAKE) --no-print-directory -C tests/lguest-host O=$(O)/lguest-host
	@$(MAKE) --no-print-directory -C tests/loader64 O=$(O)/loader64
	@for a in $(ALL_ARCHES); do $(MAKE) --no-print-directory -f scripts/build.mk \
		ARCH=$$a O=$(O)/rebuild CROSS_COMPILE=x86_64-linux-gnu- V=0 \
		>/dev/null || exit 1; done

test: deps FORCE
	@$(MAKE) --no-print-directory test-images host-tests
	@tests/run

clean: FORCE
	rm -rf $(O)

FORCE:
.PHONY: all deps bench run run-efi iso run-grub run-grub-efi run-xen run-xen-domu run-lguest run-linux test test-images host-tests clean FORCE $(ALL_ARCHES)
