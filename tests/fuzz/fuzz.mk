# SPDX-License-Identifier: MIT
#
# The libFuzzer harnesses (README.md here), built into $(O)/fuzz apart
# from the images' build: make -f tests/fuzz/fuzz.mk O=<abs build dir>.
# The ELF and boot_params harnesses take the work area's real limits
# from the images themselves (layout.py), so both images are built first.

O ?= build
FUZZ := $(O)/fuzz
CLANG ?= clang

FUZZ_CFLAGS := -g -O1 -std=gnu11 -DPARABOOT_HOSTED -I include -I tests/fuzz \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -MMD -MP
# clang's <stdarg.h>, which <stdio.h> pulls in, defines the va_ macros
# include/paraboot/string.h defines too (the same builtins).
FUZZ_CFLAGS += -Wno-macro-redefined
# No coverage or comparison tracing in the checksum loops (branch-free but
# for the loop itself, nothing for the fuzzer to learn): they ran over every
# output byte and took a quarter of gunzip's time.  ASan still checks them.
FUZZ_CFLAGS += -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt

HARNESSES := gunzip inflate unlz4 unzstd elf32 elf64 bootparams xen pvh efi_memmap
KERNEL_HOST := $(FUZZ)/kernel_host.o $(FUZZ)/physmem.o

all: $(addprefix $(FUZZ)/fuzz_,$(HARNESSES))

# What the intake harnesses share: the kernel's C side on the host.
$(FUZZ)/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ)/fuzz_gunzip $(FUZZ)/fuzz_inflate: $(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -o $@ $< -lz

$(FUZZ)/fuzz_unlz4: tests/fuzz/fuzz_unlz4.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -o $@ $< -llz4

$(FUZZ)/fuzz_unzstd: tests/fuzz/fuzz_unzstd.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -o $@ $< -lzstd

# The work area of paraboot's own images, as mkbzimage laid it out.
$(FUZZ)/%/layout.h: $(O)/%/bzImage tests/fuzz/layout.py
	@mkdir -p $(dir $@)
	@tests/fuzz/layout.py $(O)/$* > $@.tmp
	@mv $@.tmp $@

$(FUZZ)/fuzz_elf32: tests/fuzz/fuzz_elf.c $(FUZZ)/i386/layout.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -DFUZZ_ELF_BITS=32 -I compressed \
		-I $(FUZZ)/i386 -o $@ $<

$(FUZZ)/fuzz_elf64: tests/fuzz/fuzz_elf.c $(FUZZ)/x86_64/layout.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -DFUZZ_ELF_BITS=64 -I compressed \
		-I $(FUZZ)/x86_64 -o $@ $<

$(FUZZ)/fuzz_bootparams: tests/fuzz/fuzz_bootparams.c $(KERNEL_HOST) \
		$(FUZZ)/x86_64/layout.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -I compressed -I $(FUZZ)/x86_64 -o $@ \
		$< $(KERNEL_HOST)

# -mno-red-zone: the hypercall is an asm "call" the compiler cannot see,
# so no leaf function may keep data below %rsp (the kernel's own flag).
$(FUZZ)/fuzz_xen: tests/fuzz/fuzz_xen.c $(KERNEL_HOST)
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -mno-red-zone -o $@ $< $(KERNEL_HOST)

$(FUZZ)/fuzz_pvh: tests/fuzz/fuzz_pvh.c $(KERNEL_HOST) \
		$(FUZZ)/x86_64/layout.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -I $(FUZZ)/x86_64 -o $@ $< $(KERNEL_HOST)

$(FUZZ)/fuzz_efi_memmap: tests/fuzz/fuzz_efi_memmap.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CLANG "$@"
	@$(CLANG) $(FUZZ_CFLAGS) -o $@ $<

# Flags and the ignorelist are not in the .d files.
$(addprefix $(FUZZ)/fuzz_,$(HARNESSES)) $(KERNEL_HOST): tests/fuzz/fuzz.mk \
	tests/fuzz/coverage-ignore.txt

-include $(wildcard $(FUZZ)/*.d)

.PHONY: all
