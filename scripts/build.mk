# SPDX-License-Identifier: MIT
#
# Build one architecture's bzImage (invoked by the top-level Makefile with
# ARCH, O, V and CROSS_COMPILE set).  In build order:
#
#   kernel objects   -> $(B)/vmlinux          the kernel ELF (arch-x86-kernel/,
#                                             lguest/, xen/, lib/)
#   decompressor     -> $(B)/stub/checker.o, decompressor.o (compressed/,
#                                             lib/: the image check apart),
#                       codec-{gzip,lz4,none}.o (one decoder each) and
#   real-mode setup  -> $(B)/stub/setup.o         (arch-x86-boot/): the stub,
#                                             the same for every kernel of
#                                             this bitness, with their
#                                             linker scripts
#   scripts/mkbzimage $(B)/vmlinux -> $(B)/bzImage: strip and gzip the
#                                             kernel (vmlinux.bin.gz), link
#                                             the stub and codec-gzip.o
#                                             around it, CRCs
#
# paraboot's own kernel is wrapped exactly as any other ELF kernel is;
# --work=$(B) keeps mkbzimage's intermediate files here (vmlinux.bin,
# vmlinux.bin.gz, compressed/vmlinux, compressed/zo.bin, setup.elf).
# Objects are named after their source: $(B)/<stage>/<dir>/<file>.o.

B := $(O)/$(ARCH)
STUB := $(B)/stub

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM := $(CROSS_COMPILE)nm
OBJDUMP := $(CROSS_COMPILE)objdump
export NM OBJDUMP

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

ifeq ($(ARCH),x86_64)
BITS := 64
ARCH_DEFS := -DCONFIG_X86_64
KERNEL_ARCH := -m64 -mcmodel=kernel -mno-red-zone
PIC_ARCH := -m64 -mno-red-zone
LD_EMUL := -m elf_x86_64
else ifeq ($(ARCH),i386)
BITS := 32
ARCH_DEFS :=
KERNEL_ARCH := -m32 -march=i686
PIC_ARCH := -m32 -march=i686
LD_EMUL := -m elf_i386
else
$(error ARCH must be i386 or x86_64, not '$(ARCH)')
endif

WARN := -Wall -Wextra -Werror -Wno-unused-parameter
FREESTANDING := -std=gnu11 -ffreestanding -nostdinc -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common \
	-fcf-protection=none -mno-sse -mno-mmx -mno-80387 -mgeneral-regs-only
INCLUDES := -I include
KERNEL_VERSION := paraboot $(VERSION) ($(ARCH))

# The kernel: linked at PAGE_OFFSET; its early code (see early.c) and the
# libraries it calls are position-independent, checked by check-pic.
KERNEL_CFLAGS := $(KERNEL_ARCH) -O2 -fno-pic $(FREESTANDING) $(WARN) \
	$(ARCH_DEFS) $(INCLUDES) -MMD -MP -DPARABOOT_VERSION='"$(VERSION)"'
KERNEL_PIC_CFLAGS := $(PIC_ARCH) -O2 -fPIE -include include/paraboot/hidden.h \
	$(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) -MMD -MP
# The decompressor: position-independent throughout.
# A section per function and object: mkbzimage's link drops what nothing
# uses (--gc-sections).
ZO_CFLAGS := $(PIC_ARCH) -O2 -fPIE -include include/paraboot/hidden.h \
	$(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) -I compressed -MMD -MP \
	-ffunction-sections -fdata-sections
# The real-mode setup: 16-bit code, every stage of the build is i386.
SETUP_CFLAGS := -m16 -march=i386 -mregparm=3 -mpreferred-stack-boundary=2 \
	-Os -fno-pic $(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) -DPRINTF_SMALL -DSTRING_SMALL \
	-ffunction-sections -fdata-sections \
	-I arch-x86-boot -MMD -MP \
	-DPARABOOT_KERNEL_VERSION='"$(KERNEL_VERSION)"'
LDFLAGS := --build-id=none -z noexecstack -z norelro --no-warn-rwx-segments

LIB := lib/string.c lib/printf.c lib/crc32.c lib/serial.c lib/fatal.c

# ---------------------------------------------------------------- kernel
KERNEL_SRC := arch-x86-kernel/head_$(BITS).S arch-x86-kernel/entry_$(BITS).S \
	arch-x86-kernel/pc.c arch-x86-kernel/traps.c arch-x86-kernel/acpi.c \
	arch-x86-kernel/console.c arch-x86-kernel/report.c \
	arch-x86-kernel/bootinfo.c arch-x86-kernel/conformance.c \
	arch-x86-kernel/pvh_entry.S
KERNEL_PIC_SRC := arch-x86-kernel/early.c arch-x86-kernel/pgtable.c \
	arch-x86-kernel/pvh.c $(LIB)
# Xen PV: both (64-bit, and 32-bit PAE on a Xen with CONFIG_PV32).
# lguest: i386 only (it never had a 64-bit guest).
KERNEL_SRC += xen/head.S xen/start.c xen/notes.c xen/traps.c
KERNEL_PIC_SRC += xen/early.c xen/console.c
ifeq ($(ARCH),x86_64)
KERNEL_SRC += xen/entry.S
else
KERNEL_SRC += lguest/head.S lguest/start.c
KERNEL_PIC_SRC += lguest/early.c
endif
KOBJS := $(patsubst %,$(B)/kernel/%.o,$(basename $(KERNEL_SRC)))
KPIC_OBJS := $(patsubst %,$(B)/kernel/%.o,$(basename $(KERNEL_PIC_SRC)))

$(B)/kernel/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(B)/kernel/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

# Position-independent early objects, verified after compiling.
$(KPIC_OBJS): $(B)/kernel/%.o: %.c
	$(quiet) CC-PIC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_PIC_CFLAGS) -c -o $@ $<
	$(Q)scripts/check-pic $@

$(B)/kernel/vmlinux.lds: arch-x86-kernel/vmlinux.lds.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m$(BITS) -E -P -x c -Ui386 $(ARCH_DEFS) $(INCLUDES) \
		-D__ASSEMBLY__ -o $@ $<

$(B)/vmlinux: $(KOBJS) $(KPIC_OBJS) $(B)/kernel/vmlinux.lds
	$(quiet) LD "$@"
	$(Q)$(LD) $(LD_EMUL) $(LDFLAGS) -T $(B)/kernel/vmlinux.lds -o $@ \
		$(KOBJS) $(KPIC_OBJS)

# ---------------------------------------------------------------- decompressor
# What the entries run before the image is known to be whole: the image
# check and the library code it calls, one object of its own, which the
# linker script puts ahead of the payload.
ZO_CHECK_SRC := compressed/image_check.c $(LIB)
ZO_SRC := compressed/head_$(BITS).S compressed/placement.c \
	compressed/decompress.c compressed/elf.c compressed/kernel_info.S
ifeq ($(ARCH),x86_64)
ZO_SRC += compressed/pgtable_64.c compressed/lower.c
endif
# The EFI stub: the image as an EFI application and the handover entry.
ZO_SRC += efi/stub.c efi/console.c efi/cmdline.c efi/initrd.c efi/memmap.c \
	efi/enter_$(BITS).S
ZO_OBJS := $(patsubst %,$(B)/compressed/%.o,$(basename $(ZO_SRC)))

# The payload codecs (compressed/codec.h): one object each,
# $(STUB)/codec-<name>.o, and scripts/mkbzimage links only the one its
# --compress names.  A new codec is its compressed/codec_<name>.c and lib/
# decoder listed here, and its name in mkbzimage's CODECS.
CODECS := gzip lz4 zstd none
CODEC_SRC_gzip := compressed/codec_gzip.c lib/inflate.c lib/gunzip.c
CODEC_SRC_lz4 := compressed/codec_lz4.c lib/unlz4.c
CODEC_SRC_zstd := compressed/codec_zstd.c lib/unzstd.c lib/zstd_fse.c \
	lib/zstd_huf.c lib/xxhash64.c
CODEC_SRC_none := compressed/codec_none.c
codec_objs = $(patsubst %,$(B)/compressed/%.o,$(basename $(CODEC_SRC_$(1))))
CODEC_OBJS := $(foreach c,$(CODECS),$(call codec_objs,$(c)))
CODEC_STUBS := $(foreach c,$(CODECS),$(STUB)/codec-$(c).o)
ZO_CHECK_OBJS := $(patsubst %,$(B)/compressed/%.o,$(basename $(ZO_CHECK_SRC)))
EFI_OBJS := $(filter $(B)/compressed/efi/%,$(ZO_OBJS))
# Code that runs once per boot is built for size (it is most of the stub's
# bytes and little of its time): the EFI stub, the ELF loader, the
# placement, the boot data's move below 4 GiB, the glue around the codec,
# the image check's driver, and the printf, serial and fatal-error code.
# What touches every byte of the kernel stays -O2: the decoders (lib/
# inflate.c, unlz4.c, unzstd*.c), crc32.c and string.c (memcpy/memmove).
ZO_ONCE_SRC := compressed/placement.c compressed/decompress.c \
	compressed/elf.c compressed/image_check.c compressed/pgtable_64.c \
	compressed/lower.c $(foreach c,$(CODECS),compressed/codec_$(c).c) \
	lib/printf.c lib/serial.c lib/fatal.c
ZO_ONCE_OBJS := $(patsubst %,$(B)/compressed/%.o,$(basename $(ZO_ONCE_SRC)))
$(EFI_OBJS) $(ZO_ONCE_OBJS): ZO_CFLAGS += -Os

$(B)/compressed/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ZO_CFLAGS) -c -o $@ $<

$(B)/compressed/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ZO_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(STUB)/decompressor.lds: compressed/vmlinux.lds.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m$(BITS) -E -P -x c -Ui386 $(ARCH_DEFS) $(INCLUDES) \
		-D__ASSEMBLY__ -o $@ $<

# One relocatable object; mkbzimage adds the payload (piggy.S) and links.
# The EFI stub's objects must have nothing to write: it runs in the
# firmware's read-only mapping of the image (check-readonly).
$(STUB)/decompressor.o: $(ZO_OBJS) scripts/check-readonly
	$(quiet) LD-R "$@"
	@mkdir -p $(dir $@)
	$(Q)scripts/check-readonly $(EFI_OBJS)
	$(Q)$(LD) $(LD_EMUL) -r -z noexecstack -o $@ $(ZO_OBJS)

define codec_rule
$(STUB)/codec-$(1).o: $(call codec_objs,$(1))
	$$(quiet) LD-R "$$@"
	@mkdir -p $$(dir $$@)
	$$(Q)$$(LD) $$(LD_EMUL) -r -z noexecstack -o $$@ \
		$(call codec_objs,$(1))
endef
$(foreach c,$(CODECS),$(eval $(call codec_rule,$(c))))

$(STUB)/checker.o: $(ZO_CHECK_OBJS)
	$(quiet) LD-R "$@"
	@mkdir -p $(dir $@)
	$(Q)$(LD) $(LD_EMUL) -r -z noexecstack -o $@ $(ZO_CHECK_OBJS)

# ---------------------------------------------------------------- setup
SETUP_SRC := arch-x86-boot/header.S arch-x86-boot/main.c \
	arch-x86-boot/image_check.c arch-x86-boot/memory.c \
	arch-x86-boot/a20.c arch-x86-boot/pm.c arch-x86-boot/pmjump.S \
	arch-x86-boot/bioscall.S arch-x86-boot/biosregs.c \
	arch-x86-boot/tty.c \
	lib/string.c lib/printf.c lib/crc32_small.c lib/serial.c
SETUP_OBJS := $(patsubst %,$(B)/setup/%.o,$(basename $(SETUP_SRC)))

$(B)/setup/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SETUP_CFLAGS) -c -o $@ $<

$(B)/setup/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SETUP_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(STUB)/setup.ld: arch-x86-boot/setup.ld.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m32 -E -P -x c -Ui386 $(INCLUDES) -D__ASSEMBLY__ -o $@ $<

# One relocatable object; mkbzimage adds the decompressor (zo.S) and links.
$(STUB)/setup.o: $(SETUP_OBJS)
	$(quiet) LD-R "$@"
	@mkdir -p $(dir $@)
	$(Q)$(LD) -m elf_i386 -r -z noexecstack -o $@ $(SETUP_OBJS)

# ---------------------------------------------------------------- bzImage
STUB_FILES := $(STUB)/checker.o $(STUB)/decompressor.o $(CODEC_STUBS) \
	$(STUB)/decompressor.lds $(STUB)/setup.o $(STUB)/setup.ld
stub: $(STUB_FILES)

$(B)/bzImage: $(B)/vmlinux $(STUB_FILES) scripts/mkbzimage scripts/elfkernel.py \
		scripts/crc32-append compressed/piggy.S arch-x86-boot/zo.S
	$(quiet) MKBZIMG "$@"
	$(Q)CROSS_COMPILE=$(CROSS_COMPILE) V=$(V) scripts/mkbzimage \
		--stub=$(STUB) --work=$(B) $(B)/vmlinux $@

# Flags live in this file: a change to it rebuilds everything.
$(KOBJS) $(KPIC_OBJS) $(ZO_OBJS) $(ZO_CHECK_OBJS) $(CODEC_OBJS) $(SETUP_OBJS) \
	$(B)/kernel/vmlinux.lds \
	$(STUB_FILES): scripts/build.mk

all: $(B)/bzImage
.PHONY: all stub
.DEFAULT_GOAL := all

-include $(shell find $(B) -name '*.d' 2>/dev/null)
