#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests under QEMU -kernel (the real-mode entry through SeaBIOS's
linuxboot option ROM), both images, every report value checked.

- the matrix: i386/x86_64 x pc/q35 x initrd or none x 32 MiB/1 GiB/3.5 GiB,
  each report on lines of its own (SeaBIOS leaves "Booting from ROM.."
  unterminated);
- a command line of exactly cmdline_size bytes (ok, byte-exact) and one
  byte more (an error);
- damaged images: a flipped payload byte, a damaged gzip CRC and ISIZE
  (with the image's CRCs written again, so that they reach gunzip; the
  image check itself is tested by test_boot_damage.py), hardware_subarch
  patched to 7, and a machine too small for the image;
- KEEP_SEGMENTS set by the image's own header (the PC path then keeps
  the loader's segments).
"""
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, Suite, run_qemu  # noqa: E402
from paraboot import (ARCHES, BITS, PAGE_OFFSET, check_report,  # noqa: E402
                      elf_entry, flip_gzip_crc, flip_payload_middle,
                      glued_lines, image, make_initrd, parallel, patched,
                      require, vmlinux)

TIMEOUT = 90
# Quotes, backslashes and a tab, so the report's quoting is exercised.
CMDLINE = b'console=ttyS0 paraboot.test="a \\"quoted\\" value" back\\slash \ttab end'
CMDLINE_SIZE = 2047


def qemu_argv(img, machine="pc", mem="256", append=None, initrd=None):
    argv = ["qemu-system-x86_64", "-machine", machine, "-accel", "tcg",
            "-m", mem, "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-no-reboot", "-kernel", img]
    if append is not None:
        argv += ["-append", append.decode("latin-1")]
    if initrd:
        argv += ["-initrd", initrd]
    return argv


def boot(argv):
    # Stop at the report's last line, but give the power-off 10 s to end
    # QEMU by itself: that is part of what is tested.
    return run_qemu(argv, timeout=TIMEOUT, until=REPORT_END, grace=10)


def ram_range(mem_mib):
    """RAM the E820 map may report for -m: all of it less the BIOS's
    areas (at most 1 MiB here: the 640K-1M hole and a few reserved pages)."""
    kib = mem_mib * 1024
    return (kib - 1024, kib)


def expected(arch, cmdline, initrd_data, mem_mib, entry=16, keep=0):
    return {
        "env": {"subarch": "pc", "ring": 0, "bits": BITS[arch],
                "entry": entry, "paging_at_entry": "none",
                "keep_segments": keep, "loader": "0xb0",
                "protocol": "2.15"},
        "cmdline": cmdline,
        "ram_kib": ram_range(mem_mib),
        "e820_entries": (3, 128),
        "initrd": initrd_data,
        "entry_phys": elf_entry(vmlinux(arch)),
        "page_offset": PAGE_OFFSET[arch],
    }


def matrix(suite, tmp):
    initrd_path = os.path.join(tmp, "initrd.img")
    initrd_data = make_initrd(initrd_path, 150001, seed=1)
    cases = []
    for arch in ARCHES:
        for machine in ("pc", "q35"):
            for mem in (32, 1024, 3584):
                for with_initrd in (True, False):
                    cases.append((arch, machine, mem, with_initrd))

    def one(case):
        arch, machine, mem, with_initrd = case
        argv = qemu_argv(image(arch), machine, str(mem), CMDLINE,
                         initrd_path if with_initrd else None)
        return case, boot(argv)

    for (arch, machine, mem, with_initrd), run in parallel(one, cases):
        name = (f"{arch} {machine} {mem}M "
                f"{'initrd' if with_initrd else 'no-initrd'}")
        check_report(suite, name, run,
                     expected(arch, CMDLINE,
                              initrd_data if with_initrd else None, mem))
        suite.check(f"{name}: powered off (QEMU exited by itself)",
                    run.returncode == 0 and not run.stopped,
                    f"{run}")
        suite.equal(f"{name}: the report starts on a fresh line",
                    glued_lines(run.output), [])


def cmdline_limits(suite):
    exact = b"console=ttyS0 " + b"x" * (CMDLINE_SIZE - 14)
    over = exact + b"y"
    assert len(exact) == CMDLINE_SIZE

    def one(case):
        arch, line = case
        return case, boot(qemu_argv(image(arch), append=line))

    cases = [(a, line) for a in ARCHES for line in (exact, over)]
    for (arch, line), run in parallel(one, cases):
        if line is exact:
            check_report(suite, f"{arch} cmdline of {len(line)} bytes", run,
                         expected(arch, line, None, 256))
        else:
            want = (f"paraboot: error: command line is {len(line)} bytes, "
                    f"longer than cmdline_size {CMDLINE_SIZE}")
            suite.check(f"{arch} cmdline of {len(line)} bytes is refused",
                        want in run.output, f"no {want!r} in:\n"
                        f"{run.output[-800:]}")


def too_small_mib(arch):
    """A memory size just below what the image's work area needs: RAM
    from 1 MiB up to 1 MiB + init_size."""
    init_size, = struct.unpack_from("<I", open(image(arch), "rb").read(), 0x260)
    return str((0x100000 + init_size - 1) >> 20)


def bad_images(suite, tmp):
    def flip_isize(d, start, length):
        d[start + length - 4] ^= 0x01

    def subarch_7(d, start, length):
        struct.pack_into("<I", d, 0x23c, 7)

    cases = []
    for arch in ARCHES:
        cases += [
            (arch, "payload byte flipped",
             patched(tmp, arch, "flip", flip_payload_middle, crcs_again=True),
             "256", r"paraboot: error: kernel payload: "),
            (arch, "gzip CRC damaged",
             patched(tmp, arch, "crc", flip_gzip_crc, crcs_again=True),
             "256", "paraboot: error: kernel payload: gzip CRC mismatch"),
            (arch, "gzip ISIZE damaged",
             patched(tmp, arch, "isize", flip_isize, crcs_again=True),
             "256", "paraboot: error: kernel payload: gzip ISIZE mismatch"),
            (arch, "hardware_subarch 7", patched(tmp, arch, "sub7", subarch_7),
             "256", "paraboot: error: unknown hardware_subarch 7"),
            (arch, "machine too small", image(arch), too_small_mib(arch),
             "paraboot: error: too little memory: paraboot needs RAM at "),
        ]

    def one(case):
        arch, what, img, mem, want = case
        return case, boot(qemu_argv(img, mem=mem, append=b"console=ttyS0"))

    for (arch, what, img, mem, want), run in parallel(one, cases):
        errors = [l for l in run.output.splitlines()
                  if l.startswith("paraboot: error: ")]
        suite.check(f"{arch} {what}: ends in the right error",
                    len(errors) == 1 and errors[0].startswith(want),
                    f"want one line starting {want!r}, got {errors!r}; "
                    f"{run}\n{run.output[-600:]}")
        suite.check(f"{arch} {what}: no report", "paraboot: ok" not in
                    run.output and not run.timed_out, f"{run}")
        suite.equal(f"{arch} {what}: the error starts on a fresh line",
                    glued_lines(run.output), [])


def keep_segments(suite, tmp):
    def set_keep(d, start, length):
        d[0x211] |= 0x40

    cases = [(a, patched(tmp, a, "keep", set_keep)) for a in ARCHES]

    def one(case):
        return case, boot(qemu_argv(case[1], append=b"console=ttyS0 keep"))

    for (arch, img), run in parallel(one, cases):
        check_report(suite, f"{arch} KEEP_SEGMENTS in the header", run,
                     expected(arch, b"console=ttyS0 keep", None, 256, keep=1))


def main():
    suite = Suite("qemu -kernel")
    if require(suite, [image(a) for a in ARCHES]):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-qemu-")
    try:
        matrix(suite, tmp)
        cmdline_limits(suite)
        bad_images(suite, tmp)
        keep_segments(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
