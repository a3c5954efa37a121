#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the test-only 64-bit boot-protocol loader (tests/loader64).

fake64 is a bzImage-shaped kernel with a 64-bit entry that checks what
boot.rst's 64-bit protocol promises (long mode, __BOOT_CS/__BOOT_DS, no
interrupts, %rsi = a zeroed boot_params with the header copied in, every
other register zero, [0, 4 GiB) identity-mapped) and reports the rest as
"fake64: " lines.  Its variants carry headers the loader must refuse.

Run: O=<build dir> python3 tests/loader64/test_loader64.py
(loader64 and fake64 in $O/loader64/, as the top-level Makefile builds
them, or in $O itself.)
"""

import os
import re
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Suite, build_dir, main_guard, run_qemu  # noqa: E402
from testhosts import (EXIT_FAIL, EXIT_OK, LOADER64_END,  # noqa: E402
                       loader64_argv, program_dir)

O = build_dir()
LOADER_DIR = program_dir(O, "loader64")
END = re.compile(r"^fake64: (ok|error: [^\n]*)\n|" + LOADER64_END.pattern,
                 re.M)
MEM = 256 << 20
RAM_TOP = MEM - 0x20000         # QEMU's firmware keeps the last 128 KiB


def fake(variant="fake64"):
    return os.path.join(LOADER_DIR, "guests", variant + ".bin")


def boot(variant, args=(), initrd=None):
    return run_qemu(loader64_argv(O, fake(variant), args, initrd=initrd),
                    timeout=60, until=END, grace=5)


def facts(out):
    """fake64's report: the lines after 'fake64: ', in order."""
    return [l[len("fake64: "):] for l in out.splitlines()
            if l.startswith("fake64: ")]


def fact(out, key):
    """The value of key= in fake64's report."""
    for line in facts(out):
        for item in line.split(" "):
            if item.startswith(key + "="):
                return item[len(key) + 1:]
    return None


def entered(s, what, res, cmdline, load=0x100000):
    ok = s.equal(f"{what}: loader line", [
        l for l in res.output.splitlines() if l.startswith("loader64: ")],
        [f"loader64: entering 64-bit entry at {load + 0x200:#x}, "
         f'boot_params 0x10000, cmdline "{cmdline}"'])
    ok &= s.equal(f"{what}: fake64 verdict", facts(res.output)[-1:], ["ok"])
    ok &= s.equal(f"{what}: exit status", res.returncode, EXIT_OK)
    ok &= s.equal(f"{what}: loaded at", fact(res.output, "load"), hex(load))
    ok &= s.check(f"{what}: entry state", (
        "cs=0x10 ds=0x18 es=0x18 ss=0x18" in res.output and
        "registers zero except rsi" in res.output), res.output)
    ok &= s.check(f"{what}: identity map",
                  "fake64: identity map [0, 4 GiB)\n" in res.output)
    ok &= s.check(f"{what}: command line",
                  f'\nfake64: cmdline="{cmdline}"\n' in res.output)
    ok &= s.equal(f"{what}: boot_params", (fact(res.output, "boot_params"),
                  fact(res.output, "type_of_loader")), ("0x10000", "0xff"))
    if not ok:
        s.log(res.output)


def check_initrd(s, what, res, data, floor):
    m = re.search(r"^fake64: initrd image=(0x[0-9a-f]+) size=(0x[0-9a-f]+) "
                  r"crc32=(0x[0-9a-f]+)$", res.output, re.M)
    if not s.check(f"{what}: initrd reported", m is not None, res.output):
        return
    image, size, crc = (int(g, 16) for g in m.groups())
    s.equal(f"{what}: initrd size", size, len(data))
    s.equal(f"{what}: initrd bytes", crc, zlib.crc32(data))
    s.check(f"{what}: initrd page-aligned, above the kernel, at the top "
            f"of RAM", image % 4096 == 0 and image >= floor and
            RAM_TOP - 4096 < image + size <= RAM_TOP, hex(image))


def test_good(s, tmp):
    res = boot("fake64", "console=ttyS0  root=/dev/ram0 quiet")
    entered(s, "fake64", res, "console=ttyS0 root=/dev/ram0 quiet")
    s.check("fake64: no initrd", "fake64: initrd none\n" in res.output)
    e820 = re.findall(r"^fake64: e820 (0x[0-9a-f]+) (0x[0-9a-f]+) (\d+)$",
                      res.output, re.M)
    s.check("fake64: E820 from the multiboot map: RAM at 1 MiB up to the "
            "top", (hex(0x100000), hex(RAM_TOP - 0x100000), "1") in e820 and
            ("0x0", "0x9fc00", "1") in e820, e820)

    res = boot("fake64", [])
    entered(s, "fake64, no arguments", res, "")

    data = bytes((i * 13 + 5) & 0xff for i in range(5000))
    path = os.path.join(tmp, "initrd")
    with open(path, "wb") as f:
        f.write(data)
    res = boot("fake64", "initrd=yes", initrd=path)
    entered(s, "fake64, initrd", res, "initrd=yes")
    check_initrd(s, "fake64, initrd", res, data, 0x100000)


def test_relocatable(s, tmp):
    """Relocatable with pref_address 0x4100000: right where QEMU put the
    modules, above the loader (64 MiB), so they must move first."""
    data = bytes((i * 7 + 1) & 0xff for i in range(3 << 20))
    path = os.path.join(tmp, "initrd3m")
    with open(path, "wb") as f:
        f.write(data)
    res = boot("fake64-reloc", "x", initrd=path)
    entered(s, "fake64-reloc", res, "x", load=0x4100000)
    check_initrd(s, "fake64-reloc", res, data, 0x4100000)


REFUSED = {
    "fake64-no64": "the kernel has no 64-bit entry (xloadflags 0x0 lacks "
                   "XLF_KERNEL_64)",
    "fake64-old": "boot protocol 2.11 is older than 2.12: no 64-bit entry",
    "fake64-noflag": "not a bzImage: boot_flag is 0x0, not 0xaa55",
    "fake64-huge": "the kernel's memory [0x100000, 0x10100000) is not all "
                   "RAM",
    "fake64-overlap": "the kernel's memory [0x100000, 0x4100000) overlaps "
                      "this loader [0x4000000, 0x",
}


def test_refused(s):
    for variant, message in REFUSED.items():
        res = boot(variant, "x")
        lines = [l for l in res.output.splitlines()
                 if l.startswith(("loader64: ", "fake64: "))]
        ok = s.check(f"{variant}: refused", len(lines) == 1 and
                     lines[0].startswith("loader64: error: " + message),
                     lines)
        ok &= s.equal(f"{variant}: exit status", res.returncode, EXIT_FAIL)
        if not ok:
            s.log(res.output)

    argv = loader64_argv(O, fake(), [])
    res = run_qemu(argv[:argv.index("-initrd")], timeout=60, until=END,
                   grace=5)
    s.check("no module: refused", "\nloader64: error: no kernel: pass it as "
            'the first module, -initrd "<bzImage> <args...>[,<initrd>]"\n'
            in res.output, res.output)
    s.equal("no module: exit status", res.returncode, EXIT_FAIL)


def main():
    s = Suite("loader64")
    needed = [os.path.join(LOADER_DIR, "loader64.elf"), fake()]
    missing = [p for p in needed if not os.path.exists(p)]
    if not s.check("built", not missing, f"missing {missing}: build first "
                   f"(make -C tests/loader64 O={LOADER_DIR})"):
        return s.finish()
    with tempfile.TemporaryDirectory() as tmp:
        test_good(s, tmp)
        test_relocatable(s, tmp)
    test_refused(s)
    return s.finish()


if __name__ == "__main__":
    main_guard(main)
