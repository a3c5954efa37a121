# SPDX-License-Identifier: MIT
"""An ELF kernel as paraboot's decompressor will load it: the header and
PT_LOAD program headers of a static x86 ELF, checked the way
compressed/elf.c checks them at boot, so that scripts/mkbzimage refuses at
wrap time what could only fail at boot.

    k = elfkernel.parse(data)      # raises KernelError with the reason
    k.arch, k.entry, k.segments, k.lo, k.hi

Field layouts: the System V ABI's ELF chapter (the "gABI", Figure 4-3
ELF Header and Figure 5-1 Program Header), ELF32 and ELF64.
"""
import struct
from collections import namedtuple

ELFCLASS32, ELFCLASS64 = 1, 2
ELFDATA2LSB = 1
ET_EXEC = 2
PT_LOAD = 1
PF_X = 1
EM_386, EM_X86_64 = 3, 62
# The stub of each bitness: ELF32 i386 -> the i386 stub, ELF64 x86-64 ->
# the x86_64 stub (include/paraboot/elf.h names the same constants).
ARCHES = {(ELFCLASS32, EM_386): "i386", (ELFCLASS64, EM_X86_64): "x86_64"}
# Some e_machine values, only to name what is refused.
MACHINES = {2: "SPARC", 3: "i386", 8: "MIPS", 20: "PowerPC",
            21: "PowerPC64", 22: "S/390", 40: "ARM", 50: "IA-64",
            62: "x86-64", 183: "AArch64", 243: "RISC-V", 258: "LoongArch"}
# compressed/elf.c (include/paraboot/elf_loader.h ELF_MAX_PHDRS).
MAX_PHDRS = 16
# Below 1 MiB are the real-mode setup, boot_params, the command line and
# the BIOS's areas (boot.rst, "Memory layout"): no kernel goes there.
MIN_PADDR = 0x100000
FOUR_GIB = 1 << 32

Segment = namedtuple("Segment", "index offset paddr filesz memsz flags")


class KernelError(Exception):
    pass


class Kernel:
    def __init__(self, arch, entry, segments, shnum):
        self.arch = arch
        self.entry = entry
        self.shnum = shnum          # section headers (0: nothing to strip)
        self.segments = segments
        self.lo = min(s.paddr for s in segments)
        self.hi = max(s.paddr + s.memsz for s in segments)


def _span(s):
    return f"0x{s.paddr:x}-0x{s.paddr + s.memsz:x}"


def parse(data):
    """The kernel in `data` (bytes of an ELF file), or KernelError."""
    if data[:4] != b"\x7fELF":
        raise KernelError(f"not an ELF file (it starts "
                          f"{data[:4].hex(' ') or 'empty'})")
    if len(data) < 52:
        raise KernelError(f"ELF file is {len(data)} bytes, too short for "
                          f"an ELF header")
    cls, enc = data[4], data[5]
    if enc != ELFDATA2LSB:
        raise KernelError(f"ELF data encoding {enc} is not little-endian: "
                          f"not an x86 kernel")
    etype, machine = struct.unpack_from("<HH", data, 16)
    arch = ARCHES.get((cls, machine))
    if arch is None:
        name = MACHINES.get(machine, "an unknown machine")
        width = {ELFCLASS32: "ELF32", ELFCLASS64: "ELF64"}.get(cls, "ELF")
        raise KernelError(f"an {width} file for {name} (e_machine "
                          f"{machine}), not an x86 kernel: paraboot wraps "
                          f"ELF32 i386 and ELF64 x86-64 kernels")
    if etype != ET_EXEC:
        raise KernelError(f"ELF type {etype} is not ET_EXEC: paraboot loads "
                          f"static executables at their physical addresses")
    if cls == ELFCLASS64:
        if len(data) < 64:
            raise KernelError("ELF file too short for an ELF64 header")
        entry, phoff = struct.unpack_from("<QQ", data, 24)
        phentsize, phnum, _, shnum = struct.unpack_from("<HHHH", data, 54)
        fmt, want = "<IIQQQQQQ", 56
    else:
        entry, phoff = struct.unpack_from("<II", data, 24)
        phentsize, phnum, _, shnum = struct.unpack_from("<HHHH", data, 42)
        fmt, want = "<IIIIIIII", 32
    if phentsize != want:
        raise KernelError(f"ELF e_phentsize {phentsize}, expected {want}")
    if not 1 <= phnum <= MAX_PHDRS:
        raise KernelError(f"ELF e_phnum {phnum} is not in 1..{MAX_PHDRS} "
                          f"(what paraboot's loader reads)")
    if phoff + phnum * phentsize > len(data):
        raise KernelError(f"ELF program headers at 0x{phoff:x} run past the "
                          f"end of the file")
    segments = []
    for i in range(phnum):
        f = struct.unpack_from(fmt, data, phoff + i * phentsize)
        if cls == ELFCLASS64:
            ptype, flags, off, _, paddr, filesz, memsz, _ = f
        else:
            ptype, off, _, paddr, filesz, memsz, flags, _ = f
        if ptype == PT_LOAD:
            segments.append(Segment(i, off, paddr, filesz, memsz, flags))
    check_segments(segments, len(data))
    if not any(s.flags & PF_X and s.paddr <= entry < s.paddr + s.memsz
               for s in segments):
        raise KernelError(f"e_entry 0x{entry:x} is not inside an executable "
                          f"PT_LOAD segment by physical address (paraboot "
                          f"jumps to e_entry with paging off or identity-"
                          f"mapped)")
    return Kernel(arch, entry, segments, shnum)


def check_segments(segments, size):
    if not segments:
        raise KernelError("the ELF file has no PT_LOAD segment")
    for s in segments:
        if s.filesz > s.memsz:
            raise KernelError(f"segment {s.index}: p_filesz 0x{s.filesz:x} "
                              f"is larger than p_memsz 0x{s.memsz:x}")
        if s.offset + s.filesz > size:
            raise KernelError(f"segment {s.index}: file bytes 0x{s.offset:x}"
                              f"+0x{s.filesz:x} run past the end of the file")
        if s.paddr < MIN_PADDR:
            raise KernelError(f"segment {s.index} ({_span(s)}) lies below "
                              f"1 MiB, where the real-mode setup, "
                              f"boot_params and the BIOS live")
        if s.paddr + s.memsz > FOUR_GIB:
            raise KernelError(f"segment {s.index} ({_span(s)}) ends above "
                              f"4 GiB: too large for the boot protocol "
                              f"(init_size and pref_address + init_size are "
                              f"32-bit, the decompressor maps 4 GiB)")
    by_addr = sorted(segments, key=lambda s: s.paddr)
    for a, b in zip(by_addr, by_addr[1:]):
        if a.paddr + a.memsz > b.paddr:
            raise KernelError(f"segments {a.index} ({_span(a)}) and "
                              f"{b.index} ({_span(b)}) overlap")
