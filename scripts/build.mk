# SPDX-License-Identifier: MIT
#
# Build one architecture's bzImage (invoked by the top-level Makefile with
# ARCH, O, V and CROSS_COMPILE set).  In build order:
#
#   kernel objects   -> $(B)/vmlinux          the kernel ELF (arch-x86-kernel/,
#                                             lguest/, xen/, lib/)
#   strip, gzip -n   -> $(B)/vmlinux.bin.gz   the payload
#   decompressor     -> $(B)/compressed/vmlinux  (compressed/, lib/; .incbin
#                                             of the payload) -> zo.bin
#   real-mode setup  -> $(B)/setup.elf        (arch-x86-boot/; .incbin of
#                                             zo.bin) -> bzImage + CRC32
#
# Objects are named after their source: $(B)/<stage>/<dir>/<file>.o.

B := $(O)/$(ARCH)
GEN := $(B)/gen

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
INCLUDES := -I include -I $(GEN)
KERNEL_VERSION := paraboot $(VERSION) ($(ARCH))

# The kernel: linked at PAGE_OFFSET; its early code (see early.c) and the
# libraries it calls are position-independent, checked by check-pic.
KERNEL_CFLAGS := $(KERNEL_ARCH) -O2 -fno-pic $(FREESTANDING) $(WARN) \
	$(ARCH_DEFS) $(INCLUDES) -MMD -MP -DPARABOOT_VERSION='"$(VERSION)"'
KERNEL_PIC_CFLAGS := $(PIC_ARCH) -O2 -fPIE -include include/paraboot/hidden.h \
	$(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) -MMD -MP
# The decompressor: position-independent throughout.
ZO_CFLAGS := $(PIC_ARCH) -O2 -fPIE -include include/paraboot/hidden.h \
	$(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) -I compressed -MMD -MP
# The real-mode setup: 16-bit code, every stage of the build is i386.
SETUP_CFLAGS := -m16 -march=i386 -mregparm=3 -mpreferred-stack-boundary=2 \
	-Os -fno-pic $(FREESTANDING) $(WARN) $(ARCH_DEFS) $(INCLUDES) \
	-I arch-x86-boot -MMD -MP \
	-DPARABOOT_KERNEL_VERSION='"$(KERNEL_VERSION)"'
LDFLAGS := --build-id=none -z noexecstack -z norelro --no-warn-rwx-segments

LIB := lib/string.c lib/printf.c lib/crc32.c lib/serial.c lib/fatal.c

# ---------------------------------------------------------------- kernel
KERNEL_SRC := arch-x86-kernel/head_$(BITS).S arch-x86-kernel/entry_$(BITS).S \
	arch-x86-kernel/pc.c arch-x86-kernel/traps.c arch-x86-kernel/acpi.c \
	arch-x86-kernel/console.c arch-x86-kernel/report.c \
	arch-x86-kernel/bootinfo.c
KERNEL_PIC_SRC := arch-x86-kernel/early.c arch-x86-kernel/pgtable.c $(LIB)
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

# The payload: the kernel ELF without symbols, gzip'ed reproducibly.
$(B)/vmlinux.bin: $(B)/vmlinux
	$(quiet) OBJCOPY "$@"
	$(Q)$(OBJCOPY) -R .comment -S $< $@

$(B)/vmlinux.bin.gz: $(B)/vmlinux.bin
	$(quiet) GZIP "$@"
	$(Q)gzip -n -9 -c $< > $@

$(GEN)/payload.h: $(B)/vmlinux $(B)/vmlinux.bin.gz scripts/gen-payload-h
	@mkdir -p $(dir $@)
	$(Q)scripts/gen-payload-h $(B)/vmlinux $(B)/vmlinux.bin.gz > $@.tmp
	$(Q)mv $@.tmp $@

# ---------------------------------------------------------------- decompressor
ZO_SRC := compressed/head_$(BITS).S compressed/image_check.c \
	compressed/placement.c \
	compressed/decompress.c compressed/elf.c \
	compressed/piggy.S compressed/kernel_info.S \
	lib/inflate.c lib/gunzip.c $(LIB)
ifeq ($(ARCH),x86_64)
ZO_SRC += compressed/pgtable_64.c
endif
ZO_OBJS := $(patsubst %,$(B)/compressed/%.o,$(basename $(ZO_SRC)))

$(ZO_OBJS): $(GEN)/payload.h

$(B)/compressed/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ZO_CFLAGS) -c -o $@ $<

$(B)/compressed/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ZO_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

# piggy.S .incbin's the payload: rebuild it when the payload changes.
$(B)/compressed/compressed/piggy.o: $(B)/vmlinux.bin.gz

$(B)/compressed/vmlinux.lds: compressed/vmlinux.lds.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m$(BITS) -E -P -x c -Ui386 $(ARCH_DEFS) $(INCLUDES) \
		-D__ASSEMBLY__ -o $@ $<

$(B)/compressed/vmlinux: $(ZO_OBJS) $(B)/compressed/vmlinux.lds
	$(quiet) LD "$@"
	$(Q)$(LD) $(LD_EMUL) $(LDFLAGS) -pie --no-dynamic-linker \
		-T $(B)/compressed/vmlinux.lds -o $@ $(ZO_OBJS)

$(B)/compressed/zo.bin: $(B)/compressed/vmlinux
	$(quiet) OBJCOPY "$@"
	$(Q)$(OBJCOPY) -O binary $< $@

$(GEN)/zoffset.h: $(B)/compressed/vmlinux scripts/gen-offsets
	@mkdir -p $(dir $@)
	$(Q)scripts/gen-offsets ZO $< input_data input_data_end _end \
		kernel_info image_end > $@.tmp
	$(Q)mv $@.tmp $@

# ---------------------------------------------------------------- setup
SETUP_SRC := arch-x86-boot/header.S arch-x86-boot/main.c \
	arch-x86-boot/image_check.c arch-x86-boot/memory.c \
	arch-x86-boot/a20.c arch-x86-boot/pm.c arch-x86-boot/pmjump.S \
	arch-x86-boot/bioscall.S arch-x86-boot/biosregs.c \
	arch-x86-boot/tty.c arch-x86-boot/zo.S \
	lib/string.c lib/printf.c lib/crc32.c lib/serial.c
SETUP_OBJS := $(patsubst %,$(B)/setup/%.o,$(basename $(SETUP_SRC)))

$(SETUP_OBJS): $(GEN)/zoffset.h $(GEN)/payload.h

$(B)/setup/%.o: %.c
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SETUP_CFLAGS) -c -o $@ $<

$(B)/setup/%.o: %.S
	$(quiet) AS "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(SETUP_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(B)/setup/arch-x86-boot/zo.o: $(B)/compressed/zo.bin
$(B)/setup/arch-x86-boot/zo.o: SETUP_CFLAGS += -DZO_FILE='"$(B)/compressed/zo.bin"'

$(B)/setup/setup.ld: arch-x86-boot/setup.ld.S $(GEN)/zoffset.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m32 -E -P -x c -Ui386 $(INCLUDES) -D__ASSEMBLY__ -o $@ $<

$(B)/setup.elf: $(SETUP_OBJS) $(B)/setup/setup.ld
	$(quiet) LD "$@"
	$(Q)$(LD) -m elf_i386 $(LDFLAGS) -T $(B)/setup/setup.ld -o $@ $(SETUP_OBJS)

$(B)/bzImage: $(B)/setup.elf scripts/crc32-append
	$(quiet) BZIMAGE "$@"
	$(Q)$(OBJCOPY) -O binary $< $@.nocrc
	$(Q)scripts/crc32-append $@.nocrc $@
	$(Q)rm -f $@.nocrc

# Flags live in this file: a change to it rebuilds everything.
$(KOBJS) $(KPIC_OBJS) $(ZO_OBJS) $(SETUP_OBJS) $(B)/kernel/vmlinux.lds \
	$(B)/compressed/vmlinux.lds $(B)/setup/setup.ld: scripts/build.mk

all: $(B)/bzImage
.PHONY: all
.DEFAULT_GOAL := all

-include $(shell find $(B) -name '*.d' 2>/dev/null)
