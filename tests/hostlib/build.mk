# SPDX-License-Identifier: MIT
#
# Build rules shared by the test-only ring-0 programs (tests/lguest-host,
# tests/loader64): both are Multiboot 1 ELF32 images QEMU loads with -kernel,
# and both link the helpers in tests/hostlib.
#
# The including Makefile sets PROG (the program's name) and PROG_SRCS (its
# own sources, relative to its directory), then includes this file.
# Interface: make O=<absolute output dir> CROSS_COMPILE=<prefix> V=<0|1>

# No built-in rules: they would try to "remake" the included .d files.
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:

HOSTLIB_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
REPO := $(abspath $(HOSTLIB_DIR)/../..)
SRC := $(CURDIR)

O ?= $(REPO)/build
override O := $(abspath $(O))
V ?= 0
CROSS_COMPILE ?=

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM := $(CROSS_COMPILE)nm

# Objects live under $(O)/tests/<prog>/, hostlib's in a subdirectory of it,
# so the two programs never share (or race on) an object file.
OBJ := $(O)/tests/$(PROG)

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n' '$(1)' '$(2)';
endif

COMMON_CFLAGS := -ffreestanding -nostdlib -nostdinc -fno-pic \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-mno-sse -mno-mmx -O2 -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	-I $(REPO)/include -I $(HOSTLIB_DIR) -MMD -MP
CFLAGS32 := -m32 -march=i686 -mno-80387 $(COMMON_CFLAGS)
LDFLAGS32 := -m elf_i386 -nostdlib --build-id=none -z max-page-size=0x1000 \
	-z noexecstack $(shell $(LD) --help 2>/dev/null | grep -qe --no-warn-rwx-segments && \
		echo --no-warn-rwx-segments)

HOSTLIB_SRCS := entry.S console.c string.c multiboot.c exit.c bzimage.c
# What paraboot's own lib/ already does (strings, formatting, CRC-32, the
# 16550): the test programs link the same files.
PARABOOT_LIB := string printf crc32 serial
HOSTLIB_OBJS := $(addprefix $(OBJ)/hostlib/,$(addsuffix .o,$(basename $(HOSTLIB_SRCS)))) \
	$(patsubst %,$(OBJ)/hostlib/lib/%.o,$(PARABOOT_LIB))
PROG_OBJS := $(addprefix $(OBJ)/,$(addsuffix .o,$(basename $(PROG_SRCS))))

$(OBJ)/hostlib/%.o: $(HOSTLIB_DIR)/%.c
	$(call quiet,CC,$(patsubst $(REPO)/%,%,$<))
	$(Q)mkdir -p $(dir $@) && $(CC) $(CFLAGS32) -c -o $@ $<

$(OBJ)/hostlib/lib/%.o: $(REPO)/lib/%.c
	$(call quiet,CC,$(patsubst $(REPO)/%,%,$<))
	$(Q)mkdir -p $(dir $@) && $(CC) $(CFLAGS32) -c -o $@ $<

$(OBJ)/hostlib/%.o: $(HOSTLIB_DIR)/%.S
	$(call quiet,AS,$(patsubst $(REPO)/%,%,$<))
	$(Q)mkdir -p $(dir $@) && $(CC) $(CFLAGS32) -D__ASSEMBLY__ -c -o $@ $<

$(OBJ)/%.o: $(SRC)/%.c
	$(call quiet,CC,$(patsubst $(REPO)/%,%,$<))
	$(Q)mkdir -p $(dir $@) && $(CC) $(CFLAGS32) -I $(SRC) -c -o $@ $<

$(OBJ)/%.o: $(SRC)/%.S
	$(call quiet,AS,$(patsubst $(REPO)/%,%,$<))
	$(Q)mkdir -p $(dir $@) && $(CC) $(CFLAGS32) -I $(SRC) -D__ASSEMBLY__ -c -o $@ $<

$(O)/$(PROG).elf: $(PROG_OBJS) $(HOSTLIB_OBJS) $(SRC)/$(PROG).lds
	$(call quiet,LD,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(dir $@) && $(LD) $(LDFLAGS32) -T $(SRC)/$(PROG).lds \
		-o $@ $(PROG_OBJS) $(HOSTLIB_OBJS)

-include $(PROG_OBJS:.o=.d) $(HOSTLIB_OBJS:.o=.d)
