#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/mkbzimage: what it makes and what it refuses.

- paraboot's own vmlinux files wrapped again give the build's images byte
  for byte (the build uses the same path);
- --compress=none stores the ELF (the payload starts with \\x7fELF),
  --compress=lz4 carries `lz4 -l -9` of it (an LZ4 legacy frame that
  `lz4 -d` turns back into the ELF) and --compress=zstd a zstd frame
  (`zstd -d`); bzinfo accepts and names each, and both bitnesses boot
  each under QEMU -kernel with a full report; an LZ4
  payload whose first block size is 0 (CRCs written again) ends in
  "paraboot: error: kernel payload: lz4 block size is zero or too large";
- a foreign kernel (tests/probe/probe.c, linked at 16 MiB), 32- and 64-bit,
  gzip, lz4 and none, under QEMU -kernel, and the 64-bit one through the 64-bit
  entry (tests/loader64): it must be entered as boot.rst says (paging off
  or on, __BOOT_CS/__BOOT_DS, interrupts off) with the loader's zero page
  (its command line);
- bad input fails at wrap time, exit status 1, a "mkbzimage: error:" line
  naming the reason, and no output file: not an ELF, an ARM ELF, a shared
  object, segments that overlap, a segment below 1 MiB, an entry outside
  the executable segments, a segment past 4 GiB, and a work area that
  would end past 4 GiB.  The bad kernels are built here with struct.
"""
import os
import struct
import subprocess
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, ROOT, Suite, build_dir, run_qemu  # noqa: E402
from paraboot import (ARCHES, BITS, PAGE_OFFSET, PAYLOAD_MAGIC,  # noqa: E402
                      check_report, elf_entry, image, parallel, payload_span,
                      require, retrailer, vmlinux)
from testhosts import loader64_argv  # noqa: E402

MKBZIMAGE = os.path.join(ROOT, "scripts", "mkbzimage")
PF_X, PF_W, PF_R = 1, 2, 4


def elf64(segments, entry, machine=62, etype=2):
    """A little ELF64 kernel: segments are (paddr, filesz, memsz, flags);
    file bytes are 0x90 (nop) from offset 0x1000 on, one page each."""
    phoff, n = 64, len(segments)
    head = struct.pack("<4sBBBB8xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0,
                       etype, machine, 1, entry, phoff, 0, 0, 64, 56, n,
                       64, 0, 0)
    phdrs, body = b"", b""
    for i, (paddr, filesz, memsz, flags) in enumerate(segments):
        off = 0x1000 * (i + 1)
        phdrs += struct.pack("<IIQQQQQQ", 1, flags, off,
                             paddr, paddr, filesz, memsz,
                             0x1000)
    data = head + phdrs
    data += b"\0" * (0x1000 - len(data))
    for paddr, filesz, memsz, flags in segments:
        body += b"\x90" * filesz + b"\0" * (-filesz % 0x1000)
    return data + body


def elf32_arm():
    """An ELF32 header for ARM (e_machine 40), one PT_LOAD."""
    head = struct.pack("<4sBBBB8xHHIIIIIHHHHHH", b"\x7fELF", 1, 1, 1, 0,
                       2, 40, 1, 0x100000, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    ph = struct.pack("<IIIIIIII", 1, 0x1000, 0x100000, 0x100000, 16, 16,
                     PF_R | PF_X, 0x1000)
    data = head + ph
    return data + b"\0" * (0x1000 - len(data)) + b"\x00" * 16


MiB = 1 << 20
GOOD = (0x1000000, 0x1000, 0x2000, PF_R | PF_X)
BAD = [
    ("not an ELF", b"#!/bin/sh\necho this is no kernel\n",
     "not an ELF file"),
    ("an ARM ELF", elf32_arm(),
     "ELF32 file for ARM (e_machine 40), not an x86 kernel"),
    ("a shared object (ET_DYN)", elf64([GOOD], 0x1000000, etype=3),
     "is not ET_EXEC"),
    ("overlapping segments",
     elf64([GOOD, (0x1001000, 0x1000, 0x1000, PF_R | PF_W)], 0x1000000),
     "segments 0 (0x1000000-0x1002000) and 1 (0x1001000-0x1002000) overlap"),
    ("a segment below 1 MiB",
     elf64([(0x80000, 0x1000, 0x1000, PF_R | PF_X)], 0x80000),
     "segment 0 (0x80000-0x81000) lies below 1 MiB"),
    ("the entry outside the executable segments",
     elf64([GOOD, (0x2000000, 0x1000, 0x1000, PF_R | PF_W)], 0x2000000),
     "e_entry 0x2000000 is not inside an executable PT_LOAD"),
    ("a segment past 4 GiB",
     elf64([(0xf0000000, 0x1000, 0x20000000, PF_R | PF_X)], 0xf0000000),
     "ends above 4 GiB: too large for the boot protocol"),
    ("a work area past 4 GiB",
     elf64([(0xff000000, 0x1000, 0xfff000, PF_R | PF_X)], 0xff000000),
     "too large for the boot protocol: the work area"),
]


def mkbzimage(*args):
    return subprocess.run([MKBZIMAGE, *args], capture_output=True, text=True)


def refusals(suite, tmp):
    for name, data, want in BAD:
        src = os.path.join(tmp, "bad.elf")
        out = os.path.join(tmp, "bad.bzImage")
        with open(src, "wb") as f:
            f.write(data)
        proc = mkbzimage(src, out)
        suite.check(f"refuses {name}: exit status 1, {want!r}",
                    proc.returncode == 1 and want in proc.stderr and
                    proc.stderr.startswith("mkbzimage: error: "),
                    f"status {proc.returncode}, stderr {proc.stderr!r}")
        suite.check(f"refuses {name}: no output file",
                    not os.path.exists(out), f"{out} was written")
    proc = mkbzimage("--stub=/nonexistent", vmlinux("x86_64"),
                     os.path.join(tmp, "x.bzImage"))
    suite.check("a missing stub is named",
                proc.returncode == 1 and "no x86_64 stub" in proc.stderr,
                proc.stderr)


def rewrap(suite, tmp):
    for arch in ARCHES:
        out = os.path.join(tmp, f"{arch}.bzImage")
        proc = mkbzimage(vmlinux(arch), out)
        same = (proc.returncode == 0 and
                open(out, "rb").read() == open(image(arch), "rb").read())
        suite.check(f"{arch}: vmlinux wrapped again is the build's bzImage",
                    same, proc.stderr or f"{out} differs from {image(arch)}")


# Each codec's frame, and the tool that turns it back into the ELF.
FRAMES = {"lz4": ("an LZ4 legacy frame", ["lz4", "-d", "-c"]),
          "zstd": ("a zstd frame", ["zstd", "-d", "-c"])}


def payload_of(path):
    data = open(path, "rb").read()
    setup = (data[0x1f1] + 1) * 512
    off, length = struct.unpack_from("<II", data, 0x248)
    return data[setup + off:setup + off + length]


def lz4_block_size_zero(data, start, length):
    """The first LZ4 block's size field (after the 4-byte magic) set to 0."""
    data[start + 4:start + 8] = b"\0\0\0\0"


def codecs(suite, tmp):
    """--compress=none, lz4 and zstd (gzip is the build's own): the payload is
    what it should be, bzinfo accepts it, both bitnesses boot; and a
    damaged LZ4 payload (its CRCs made whole again) ends in a named
    error."""
    cases = []
    for arch in ARCHES:
        elf = open(os.path.join(build_dir(), arch, "vmlinux.bin"), "rb").read()
        for codec in ("none", "lz4", "zstd"):
            out = os.path.join(tmp, f"{arch}-{codec}.bzImage")
            proc = mkbzimage(f"--compress={codec}", vmlinux(arch), out)
            if not suite.check(f"{arch} --compress={codec}: wrapped",
                               proc.returncode == 0, proc.stderr):
                continue
            payload = payload_of(out)
            if codec == "none":
                suite.check(f"{arch} --compress=none: the payload is the "
                            f"stripped ELF", payload == elf,
                            f"payload starts {payload[:4]!r}")
            else:
                frame, undo = FRAMES[codec]
                got = subprocess.run(undo, input=payload,
                                     capture_output=True).stdout
                suite.check(f"{arch} --compress={codec}: the payload is "
                            f"{frame} of the stripped ELF",
                            payload.startswith(PAYLOAD_MAGIC[codec]) and
                            got == elf,
                            f"payload starts {payload[:4]!r}, "
                            f"{' '.join(undo[:2])} gives {len(got)} bytes")
            info = subprocess.run([os.path.join(ROOT, "scripts", "bzinfo"),
                                   "--field", "payload.compression", out],
                                  capture_output=True, text=True)
            want = "uncompressed ELF" if codec == "none" else codec
            suite.check(f"{arch} --compress={codec}: bzinfo finds it valid "
                        f"and names {want!r}", info.returncode == 0 and
                        info.stdout.strip() == want,
                        f"{info.stdout!r} {info.stderr!r}")
            cases.append((arch, codec, out, None))
            if codec == "lz4":
                data = bytearray(open(out, "rb").read())
                start, length = payload_span(data)
                lz4_block_size_zero(data, start, length)
                bad = os.path.join(tmp, f"{arch}-lz4-bad.bzImage")
                with open(bad, "wb") as f:
                    f.write(retrailer(data))
                cases.append((arch, codec, bad, "paraboot: error: kernel "
                              "payload: lz4 block size is zero or too "
                              "large"))

    def one(case):
        arch, codec, out, error = case
        argv = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                "-m", "64", "-display", "none", "-serial", "stdio",
                "-monitor", "none", "-no-reboot", "-kernel", out,
                "-append", f"console=ttyS0 {codec}"]
        return case, run_qemu(argv, timeout=90, until=REPORT_END, grace=10)

    for (arch, codec, out, error), run in parallel(one, cases):
        if error:
            errors = [line for line in run.output.splitlines()
                      if line.startswith("paraboot: error: ")]
            suite.check(f"{arch} damaged LZ4 payload: one named error",
                        errors == [error] and "paraboot: ok" not in
                        run.output, f"want [{error!r}], got {errors!r}; "
                        f"{run}")
            continue
        check_report(suite, f"{arch} --compress={codec} boots", run, {
            "env": {"subarch": "pc", "bits": BITS[arch], "entry": 16},
            "cmdline": f"console=ttyS0 {codec}".encode(), "initrd": None,
            "entry_phys": elf_entry(vmlinux(arch)),
            "page_offset": PAGE_OFFSET[arch]})


# loader64 splits a module's command line on spaces: no quoted spaces.
PROBE_ARGS = ["console=ttyS0", 'probe="quoted"', "back\\slash"]
PROBE_LINE = ("probe: bits={bits} paging={paging} cs=0x10 ds=0x18 es=0x18 "
              "ss=0x18 if=0 cmdline=\"{cmdline}\"\n")
PROBE_EXIT = (0x10 << 1) | 1        # probe.c's isa-debug-exit value


def build_probe(tmp, bits):
    """probe.c linked at 16 MiB, as a -m32 or -m64 static ELF."""
    out = os.path.join(tmp, f"probe{bits}.elf")
    proc = subprocess.run(
        ["gcc", f"-m{bits}", "-O2", "-ffreestanding", "-nostdlib", "-static",
         "-fno-pic", "-no-pie", "-fno-stack-protector", "-fcf-protection=none",
         "-fno-asynchronous-unwind-tables", "-mgeneral-regs-only",
         "-Wall", "-Wextra", "-Werror", "-Wl,--build-id=none",
         "-Wl,-Ttext-segment=0x1000000", "-Wl,-z,noexecstack", "-o", out,
         os.path.join(ROOT, "tests", "probe", "probe.c")],
        capture_output=True, text=True)
    return out, proc


def probes(suite, tmp):
    cases = []
    for bits in (32, 64):
        elf, proc = build_probe(tmp, bits)
        if not suite.check(f"probe{bits}: built", proc.returncode == 0,
                           proc.stderr[-800:]):
            continue
        for codec in ("gzip", "lz4", "none"):
            out = os.path.join(tmp, f"probe{bits}-{codec}.bzImage")
            proc = mkbzimage(f"--compress={codec}", elf, out)
            if not suite.check(f"probe{bits} {codec}: wrapped",
                               proc.returncode == 0, proc.stderr):
                continue
            pref, = struct.unpack_from("<Q", open(out, "rb").read(0x270),
                                       0x258)
            # The image is relocatable: pref_address is where init_size
            # counts from (1 MiB), not the kernel's 16 MiB.
            suite.equal(f"probe{bits} {codec}: pref_address", pref, 0x100000)
            cmdline = " ".join(PROBE_ARGS)
            argv = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                    "-m", "128", "-display", "none", "-serial", "stdio",
                    "-monitor", "none", "-no-reboot", "-device",
                    "isa-debug-exit,iobase=0xf4,iosize=1", "-kernel", out,
                    "-append", cmdline]
            cases.append((f"probe{bits} {codec} qemu -kernel", bits, argv,
                          cmdline))
            if bits == 64 and codec == "gzip":
                cases.append((f"probe{bits} {codec} 64-bit entry (loader64)",
                              bits, loader64_argv(build_dir(), out,
                                                  PROBE_ARGS), cmdline))

    def one(case):
        return case, run_qemu(case[2], timeout=90)

    for (name, bits, argv, cmdline), run in parallel(one, cases):
        want = PROBE_LINE.format(bits=bits, paging=int(bits == 64),
                                 cmdline=cmdline)
        suite.check(f"{name}: entered as boot.rst says", want in run.output,
                    f"no {want!r} in:\n{run.output[-800:]}")
        suite.equal(f"{name}: QEMU ended by the probe", run.returncode,
                    PROBE_EXIT)


def main():
    suite = Suite("mkbzimage")
    if require(suite, [vmlinux(a) for a in ARCHES] +
               [image(a) for a in ARCHES] +
               [os.path.join(build_dir(), "loader64", "loader64.elf")]):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-mkbzimage-")
    try:
        refusals(suite, tmp)
        rewrap(suite, tmp)
        codecs(suite, tmp)
        probes(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
