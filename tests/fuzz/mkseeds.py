#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the committed seed corpora, tests/fuzz/corpus/<harness>/, from
scratch: small inputs of each harness's format, modelled on what real
loaders and hypervisors hand over (QEMU -kernel's 256 MiB E820 map, a
sloppy loader's sentinel, lguest's 2.07 zero page, a Xen dom0's and a
domU's start_info, QEMU's PVH start_info).  Deterministic: running it
again gives the same bytes.  The smoke test (test_fuzz.py) adds the
build's real payloads and kernel ELFs as further seeds.

  tests/fuzz/mkseeds.py [CORPUS_DIR]
"""
import gzip
import os
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = (b"paraboot: subarch=pc ring=0 bits=64 entry=16 paging_at_entry=none "
        b"keep_segments=0 loader=0xb0 protocol=2.15\n"
        b"paraboot: cmdline=\"console=ttyS0\"\nparaboot: ok\n")
BINARY = bytes((i * 37 + (i >> 3)) & 0xff for i in range(700))
RUNS = b"\0" * 300 + b"\xff" * 40 + b"ab" * 90


def write(corpus, harness, name, data):
    d = os.path.join(corpus, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def raw_deflate(data, level, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return c.compress(data) + c.flush()


def deflate_seeds(corpus):
    """RFC 1951 streams: stored, fixed, dynamic, RLE, Huffman-only."""
    kinds = [("stored", 0, zlib.Z_DEFAULT_STRATEGY),
             ("fixed", 9, zlib.Z_FIXED),
             ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY),
             ("rle", 6, zlib.Z_RLE),
             ("huffman", 6, zlib.Z_HUFFMAN_ONLY)]
    for kind, level, strategy in kinds:
        for dname, data in (("text", TEXT), ("binary", BINARY),
                            ("runs", RUNS)):
            write(corpus, "inflate", f"{kind}-{dname}",
                  raw_deflate(data, level, strategy))
    write(corpus, "inflate", "empty", raw_deflate(b"", 9))


def gzip_member(data, flags=0, extra=b"", name=b"", comment=b"",
                level=9):
    """RFC 1952: one member, every optional header field."""
    head = struct.pack("<BBBBIBB", 0x1f, 0x8b, 8, flags, 0, 2, 3)
    if flags & 4:
        head += struct.pack("<H", len(extra)) + extra
    if flags & 8:
        head += name + b"\0"
    if flags & 16:
        head += comment + b"\0"
    if flags & 2:
        head += struct.pack("<H", zlib.crc32(head) & 0xffff)
    return (head + raw_deflate(data, level) +
            struct.pack("<II", zlib.crc32(data), len(data) & 0xffffffff))


def gzip_seeds(corpus):
    write(corpus, "gunzip", "gzip-n-9-text", gzip.compress(TEXT, 9, mtime=0))
    write(corpus, "gunzip", "gzip-1-binary", gzip.compress(BINARY, 1, mtime=0))
    write(corpus, "gunzip", "stored-runs", gzip_member(RUNS, level=0))
    write(corpus, "gunzip", "all-header-fields",
          gzip_member(TEXT, flags=2 | 4 | 8 | 16, extra=b"AB\2\0xy",
                      name=b"vmlinux.bin", comment=b"paraboot"))
    write(corpus, "gunzip", "empty", gzip_member(b""))


def zstd_cli(data, *args):
    """The zstd command line tool's frame for data (zstd 1.5)."""
    return subprocess.run(["zstd", "-q", "-c", *args], input=data,
                          stdout=subprocess.PIPE, check=True).stdout


def zstd_seeds(corpus):
    """RFC 8878 frames: levels 1 to 22, with and without checksum and
    content size, many blocks (a 1 KiB window), a skippable frame and
    two concatenated frames, raw, RLE and Huffman literals."""
    big = (TEXT * 40 + BINARY + RUNS) * 3
    write(corpus, "unzstd", "l1-text", zstd_cli(TEXT, "-1"))
    write(corpus, "unzstd", "l19-binary", zstd_cli(BINARY, "-19"))
    write(corpus, "unzstd", "l22-mixed-nocheck",
          zstd_cli(big, "--ultra", "-22", "--no-check"))
    write(corpus, "unzstd", "l3-runs-nosize",
          zstd_cli(RUNS, "-3", "--no-content-size"))
    write(corpus, "unzstd", "l3-window1k-blocks",
          zstd_cli(big, "-3", "--zstd=wlog=10", "--no-content-size"))
    write(corpus, "unzstd", "fast-raw-literals",
          zstd_cli(BINARY * 4, "--fast=5"))
    write(corpus, "unzstd", "empty", zstd_cli(b"", "-3"))
    write(corpus, "unzstd", "skippable-and-two-frames",
          struct.pack("<II", 0x184D2A53, 3) + b"abc" +
          zstd_cli(TEXT, "-1") + zstd_cli(BINARY, "-9"))


# ELF gABI: a small kernel like tests/unit/test_elf.c's good case, at the
# real load address: text (R X), a note, data with bss (R W).
def lz4_legacy(data, level=9):
    """`lz4 -l` (Python has no LZ4 module): a legacy frame."""
    import subprocess
    return subprocess.run(["lz4", "-q", "-l", f"-{level}", "-c"], input=data,
                          capture_output=True, check=True).stdout


def lz4_seeds(corpus):
    """LZ4 legacy frames: text, binary, runs (overlapping matches), the
    empty frame, one literal, and two frames back to back."""
    write(corpus, "unlz4", "lz4-l-9-text", lz4_legacy(TEXT))
    write(corpus, "unlz4", "lz4-l-1-binary", lz4_legacy(BINARY, 1))
    write(corpus, "unlz4", "lz4-l-9-runs", lz4_legacy(RUNS))
    write(corpus, "unlz4", "empty", lz4_legacy(b""))
    write(corpus, "unlz4", "one-byte", lz4_legacy(b"p"))
    write(corpus, "unlz4", "two-frames",
          lz4_legacy(TEXT) + lz4_legacy(RUNS)[4:])


def elf(bits):
    ehsize, phsize = (64, 56) if bits == 64 else (52, 32)
    segs = [(1, 5, 0x1000, 0x100000, 0x80, 0x80),
            (4, 4, 0x1080, 0x101000, 0x20, 0x20),
            (1, 6, 0x10a0, 0x102000, 0x40, 0x2000)]
    entry = 0x100010
    ident = b"\x7fELF" + bytes([2 if bits == 64 else 1, 1, 1]) + bytes(9)
    machine = 62 if bits == 64 else 3
    if bits == 64:
        eh = ident + struct.pack("<HHIQQQIHHHHHH", 2, machine, 1, entry,
                                 ehsize, 0, 0, ehsize, phsize, len(segs),
                                 0, 0, 0)
    else:
        eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, machine, 1, entry,
                                 ehsize, 0, 0, ehsize, phsize, len(segs),
                                 0, 0, 0)
    out = bytearray(0x10e0)
    out[:len(eh)] = eh
    for i, (typ, flags, off, paddr, filesz, memsz) in enumerate(segs):
        if bits == 64:
            ph = struct.pack("<IIQQQQQQ", typ, flags, off, paddr, paddr,
                             filesz, memsz, 0x1000)
        else:
            ph = struct.pack("<IIIIIIII", typ, off, paddr, paddr, filesz,
                             memsz, flags, 0x1000)
        out[ehsize + i * phsize:ehsize + (i + 1) * phsize] = ph
        for j in range(filesz):
            out[off + j] = (i * 31 + j) & 0xff
    return bytes(out)


def elf_seeds(corpus):
    for bits in (32, 64):
        write(corpus, f"elf{bits}", "three-segments", elf(bits))


# boot.rst / zero-page.rst offsets.
def zero_page(e820=(), version=0x020f, loadflags=1, loader=0xb0,
              cmdline_ptr=0, initrd=(0, 0), subarch=0, sentinel=0,
              alt_mem_k=0):
    bp = bytearray(4096)
    struct.pack_into("<I", bp, 0x1e0, alt_mem_k)
    bp[0x1e8] = len(e820)
    bp[0x1ef] = sentinel
    struct.pack_into("<HH", bp, 0x1fe, 0xaa55, 0x63eb)     # boot_flag, jump
    bp[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", bp, 0x206, version)
    bp[0x210] = loader
    bp[0x211] = loadflags
    struct.pack_into("<III", bp, 0x214, 0x100000, *initrd)
    struct.pack_into("<II", bp, 0x228, cmdline_ptr, 0x7fffffff)
    struct.pack_into("<I", bp, 0x238, 2047)
    struct.pack_into("<I", bp, 0x23c, subarch)
    for i, (addr, size, typ) in enumerate(e820):
        struct.pack_into("<QQI", bp, 0x2d0 + 20 * i, addr, size, typ)
    return bytes(bp)


# QEMU 8 with SeaBIOS and -m 256: the map its boot report counts
# (ram_kib=261631, 7 entries), and a command line at 0x20000.
QEMU_E820 = [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0xf0000, 0x10000, 2),
             (0x100000, 0xfee0000, 1), (0xffe0000, 0x20000, 2),
             (0xfeffc000, 0x4000, 2), (0xfffc0000, 0x40000, 2)]
CMDLINE = b'console=ttyS0 paraboot.sample="make run"\0'


def bootparam_seeds(corpus):
    qemu = dict(e820=QEMU_E820, cmdline_ptr=0x20000,
                initrd=(0xffd0000, 6023))
    write(corpus, "bootparams", "qemu-kernel", zero_page(**qemu) + CMDLINE)
    write(corpus, "bootparams", "sloppy-sentinel",
          zero_page(sentinel=0xff, **qemu) + CMDLINE)
    write(corpus, "bootparams", "lguest-2.07",
          zero_page(e820=[(0, 0x4000000, 1)], version=0x0207,
                    loadflags=0x41, loader=0, subarch=1,
                    cmdline_ptr=0x3000) + b"console=lguest\0")
    write(corpus, "bootparams", "e801-no-e820",
          zero_page(alt_mem_k=0x3ff00, cmdline_ptr=0x20000) + b"\0")
    write(corpus, "bootparams", "unsorted-overlapping",
          zero_page(e820=[(0x100000, 0x400000, 1), (0, 0x9f000, 1),
                          (0x300000, 0x8000000, 1), (0x500000, 0x1000, 2)],
                    cmdline_ptr=0x9000) + b"a  b\tc\0")


# public/xen.h, struct start_info, x86_64 layout (1168 bytes).
def start_info(nr_pages, flags, mod_start, mod_len, cmdline):
    si = bytearray(1168)
    si[0:15] = b"xen-3.0-x86_64\0"
    struct.pack_into("<QQI", si, 32, nr_pages, 0x7fe000, flags)
    struct.pack_into("<QQQQQ", si, 88, 0x200000, 6, 0x180000, mod_start,
                     mod_len)
    si[128:128 + len(cmdline)] = cmdline
    return bytes(si)


def xen_seeds(corpus):
    # A dom0 of Xen 4.17: XENMEM_memory_map is -ENOSYS (answer byte 0).
    write(corpus, "xen", "dom0-enosys",
          start_info(0x10000, 3 | 8, 0x500, 6023, b"console=hvc0") + b"\0")
    # A domU: Xen answers with the domain's map.
    e820 = b"".join(struct.pack("<QQI", a, s, t)
                    for a, s, t in [(0, 0x8000000, 1),
                                    (0xfc000000, 0x1000, 2)])
    write(corpus, "xen", "domu-map",
          start_info(0x8000, 0, 0x2000000, 512, b"root=/dev/xvda") +
          b"\1" + e820)


# public/arch-x86/hvm/start_info.h: start_info, then the memory map,
# module list and command line the harness writes where it points.
def pvh(memmap, mod, cmdline, memmap_at=0x9000, modlist_at=0x8f00):
    cmdline_at = 0x20000
    si = struct.pack("<IIIIQQQQII", 0x336ec578, 1, 0, 1 if mod else 0,
                     modlist_at, cmdline_at, 0xf5a30, memmap_at,
                     len(memmap), 0)
    blob = b"".join(struct.pack("<QQII", a, s, t, 0) for a, s, t in memmap)
    modlist = struct.pack("<QQQQ", *(mod or (0, 0)), 0, 0)
    return si + blob + modlist + cmdline + b"\0"


def pvh_seeds(corpus):
    ram256 = [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0xf0000, 0x10000, 2),
              (0x100000, 0xfee0000, 1), (0xfffc0000, 0x40000, 2)]
    write(corpus, "pvh", "qemu-256m",
          pvh(ram256, (0xffd0000, 6023), b"console=ttyS0"))
    # 3 GiB: QEMU puts the initrd at the top of low RAM, above the
    # direct map, so pvh.c moves it.
    ram3g = [(0, 0x9fc00, 1), (0x100000, 0xbff00000, 1),
             (0x100000000, 0x40000000, 1)]
    write(corpus, "pvh", "qemu-3g-initrd-moved",
          pvh(ram3g, (0xbffd0000, 6023), b"console=ttyS0"))
    write(corpus, "pvh", "no-modules", pvh(ram256, None, b""))
    # start_info.h promises no alignment (pvh.c once read these in place).
    write(corpus, "pvh", "regress-unaligned-memmap-modlist",
          pvh(ram256, (0xffd0000, 6023), b"console=ttyS0",
              memmap_at=0x9004, modlist_at=0x8f02))


def efi_memmap(descs, desc_size=48, capacity=128):
    """fuzz_efi_memmap's input: the descriptor size and the table's
    capacity as the harness reads them, then EFI_MEMORY_DESCRIPTORs
    (UEFI 7.2: Type, PhysicalStart, VirtualStart, NumberOfPages,
    Attribute), padded to desc_size."""
    out = bytes([(desc_size - 40) // 8, capacity - 1])
    for typ, addr, pages in descs:
        d = struct.pack("<IIQQQQ", typ, 0, addr, 0, pages, 0xf)
        out += d + b"\xaf" * (desc_size - len(d))
    return out


def efi_memmap_seeds(corpus):
    """Maps shaped like OVMF's (x64, 256 MiB): boot services code and
    data, loader data, ACPI and NVS, MMIO; unsorted; one too fragmented
    for the zero page; pages whose byte count overflows 64 bits."""
    ovmf = [(3, 0x0, 0xa0), (7, 0x100000, 0x700), (10, 0x800000, 0x8),
            (7, 0x808000, 0x3), (10, 0x80b000, 0x1), (7, 0x80c000, 0x4),
            (10, 0x810000, 0xf0), (7, 0x900000, 0xe000), (4, 0xe900000, 0x20),
            (2, 0xe920000, 0x40), (1, 0xe960000, 0x10), (7, 0xe970000, 0x100),
            (6, 0xfa70000, 0x80), (9, 0xfaf0000, 0x10), (5, 0xfb00000, 0x80),
            (0, 0xfb80000, 0x4), (10, 0xfb84000, 0x7c), (11, 0xffc00000, 0x400)]
    write(corpus, "efi_memmap", "ovmf-256m", efi_memmap(ovmf))
    write(corpus, "efi_memmap", "ovmf-256m-40-byte-descriptors",
          efi_memmap(ovmf, desc_size=40))
    write(corpus, "efi_memmap", "ovmf-256m-unsorted",
          efi_memmap(ovmf[::-1]))
    # 129 runs that cannot merge (alternating types): one more than fits.
    frag = [(7 if i % 2 else 0, 0x100000 + i * 0x1000, 1) for i in range(129)]
    write(corpus, "efi_memmap", "fragmented-129", efi_memmap(frag))
    # 2^52 pages are 2^64 bytes: shifted, a size of 0 (found here).
    write(corpus, "efi_memmap", "regress-pages-past-2-64",
          efi_memmap([(7, 0x100000, 1 << 52), (7, 0, 0xa0),
                      (7, 0xffffffffff000, 0x10)]))


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    deflate_seeds(corpus)
    gzip_seeds(corpus)
    lz4_seeds(corpus)
    zstd_seeds(corpus)
    elf_seeds(corpus)
    bootparam_seeds(corpus)
    xen_seeds(corpus)
    pvh_seeds(corpus)
    efi_memmap_seeds(corpus)


if __name__ == "__main__":
    main()
