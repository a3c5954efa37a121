#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paraboot under lguest: the i386 bzImage run in ring 1 by the test-only
host (tests/lguest-host), which plays the Linux 2.6.24 launcher and host.

- boots with and without an initrd at two memory sizes, every report
  value checked against what the 2.6.24 launcher passes: protocol 2.07,
  hardware_subarch 1, KEEP_SEGMENTS, E820 = one RAM entry of all memory,
  the command line as the launcher joins it (each argument followed by a
  space), an initrd whose size is rounded up to whole pages (zero-filled),
  type_of_loader 0xff with an initrd and 0 without;
- the host stops a guest that breaks lguest's rules: with KEEP_SEGMENTS
  cleared the decompressor's first cli traps; an unknown or unbuilt
  hardware_subarch ends in paraboot's error; the x86_64 image is refused
  with a clear message.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import Suite, build_dir, parse_report, run_qemu  # noqa: E402
from paraboot import (PAGE_OFFSET, check_report, elf_entry, image,  # noqa: E402
                      make_initrd, parallel, require, vmlinux)
from testhosts import LGUEST_END, lguest_argv  # noqa: E402

TIMEOUT = 90
ARGS = ["console=hvc0", "paraboot.test=lguest", "quiet"]


def run(img, args, initrd=None, mem=64, options=()):
    return run_qemu(lguest_argv(build_dir(), img, args, initrd, mem, options),
                    timeout=TIMEOUT, until=LGUEST_END, grace=2)


def launcher_cmdline(args):
    """2.6.24 lguest.c concat(): every argument followed by one space."""
    return "".join(a + " " for a in args).encode()


def boots(suite, tmp):
    initrd_path = os.path.join(tmp, "initrd.img")
    data = make_initrd(initrd_path, 10000, seed=3)
    padded = data + bytes(-len(data) % 4096)   # the launcher's page rounding
    cases = [(mem, rd) for mem in (32, 128) for rd in (True, False)]

    def one(case):
        mem, rd = case
        return case, run(image("i386"), ARGS, initrd_path if rd else None, mem)

    for (mem, rd), res in parallel(one, cases):
        name = f"i386 lguest {mem}M {'initrd' if rd else 'no-initrd'}"
        check_report(suite, name, res, {
            "env": {"subarch": "lguest", "ring": 1, "bits": 32,
                    "entry": 32, "paging_at_entry": "2level",
                    "keep_segments": 1, "loader": "0xff" if rd else "0x0",
                    "protocol": "2.07"},
            "cmdline": launcher_cmdline(ARGS),
            "ram_kib": (mem * 1024, mem * 1024),
            "e820_entries": (1, 1),
            "initrd": padded if rd else None,
            "entry_phys": elf_entry(vmlinux("i386")),
            "page_offset": PAGE_OFFSET["i386"],
        })
        suite.check(f"{name}: powered off through LHCALL_CRASH",
                    res.output.rstrip().endswith("lguest: CRASH: Power down"),
                    f"last lines: {res.output.strip().splitlines()[-2:]}")


def refusals(suite):
    cases = [
        ("KEEP_SEGMENTS cleared by the host", image("i386"),
         ("keep_segments=0",),
         re.compile(r"^lguest: unhandled trap 13 at 0x1000[0-9a-f]{2} \(0x0\)$",
                    re.M), False),
        ("hardware_subarch 7", image("i386"), ("subarch=7",),
         re.compile(r"^paraboot: error: unknown hardware_subarch 7$", re.M),
         True),
        ("hardware_subarch 2 (xen) in the i386 image", image("i386"),
         ("subarch=2",),
         re.compile(r"^paraboot: error: hardware_subarch 2 \(xen\) through "
                    r"the boot protocol: a Xen PV guest enters through "
                    r"XEN_ELFNOTE_ENTRY$", re.M), True),
        ("the x86_64 image", image("x86_64"), (),
         re.compile(r"^paraboot: error: the x86_64 image was entered in "
                    r"ring 1: long mode needs ring 0", re.M), True),
    ]

    def one(case):
        return case, run(case[1], ["console=hvc0"], options=case[2])

    for (what, img, opts, want, crashes), res in parallel(one, cases):
        suite.check(f"{what}: stopped with the right message",
                    want.search(res.output) is not None,
                    f"no /{want.pattern}/ in:\n{res.output[-700:]}")
        suite.check(f"{what}: no boot report", parse_report(res.output)["env"]
                    is None and not res.timed_out, f"{res}")
        if crashes:
            suite.check(f"{what}: ends in LHCALL_CRASH",
                        "lguest: CRASH: paraboot stopped after an error"
                        in res.output, res.output[-300:])


def main():
    suite = Suite("lguest")
    host = os.path.join(build_dir(), "lguest-host", "lguest-host.elf")
    if require(suite, [image("i386"), image("x86_64"), host]):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-lguest-")
    try:
        boots(suite, tmp)
        refusals(suite)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
