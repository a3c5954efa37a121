#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The x86_64 image's 64-bit entry (startup_32 + 0x200, XLF_KERNEL_64),
entered by the test-only 64-bit loader (tests/loader64) the way kexec or
GRUB 2.12 on EFI would: long mode, an identity map, %rsi = boot_params.
Every report value is checked, also after a "sloppy" loader copied the
image's whole first page (boot.rst's sentinel case); the i386 image,
which has no 64-bit entry, must be refused by the loader.  The image is relocatable: loaded at
16 MiB, above 4 GiB (6 GiB of RAM), below min_alignment (a
loader-warning) and across the work area (a named error)."""
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import (REPORT_END, Suite, build_dir, parse_report,  # noqa: E402
                     run_qemu)
from paraboot import (PAGE_OFFSET, check_report, elf_entry, image,  # noqa: E402
                      make_initrd, parallel, require, vmlinux)
from testhosts import LOADER64_END, loader64_argv  # noqa: E402

ARGS = ["console=ttyS0", "paraboot.test=loader64"]
# (what, load address, MiB of RAM, loader-warnings, or the error's start)
RELOCATED = [
    ("16 MiB", 0x1000000, 256, [], None),
    ("above 4 GiB", 0x100000000, 6144, [], None),
    # boot.rst: min_alignment is the least a loader may use; paraboot
    # boots (it moves itself to an aligned place) and says so.
    ("below min_alignment", 0x1000200, 256,
     ["protected-mode part loaded below min_alignment (boot.rst, "
      "min_alignment 12): load_addr 0x1000200"], None),
    # Inside the work area (1 MiB + init_size), where the kernel goes.
    ("across the work area", 0x200000, 256, [],
     "loaded at 0x200000-"),
]


def main():
    suite = Suite("loader64 boot")
    loader = os.path.join(build_dir(), "loader64", "loader64.elf")
    if require(suite, [image("x86_64"), image("i386"), loader]):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-loader64-")
    try:
        initrd = os.path.join(tmp, "initrd.img")
        data = make_initrd(initrd, 77777, seed=4)
        cases = [(mem, rd) for mem in (128, 1024) for rd in (True, False)]

        def one(case):
            mem, rd = case
            argv = loader64_argv(build_dir(), image("x86_64"), ARGS,
                                 initrd if rd else None, mem)
            return case, run_qemu(argv, timeout=90, until=REPORT_END, grace=10)

        for (mem, rd), res in parallel(one, cases):
            name = f"x86_64 64-bit entry {mem}M {'initrd' if rd else 'no-initrd'}"
            check_report(suite, name, res, {
                "env": {"subarch": "pc", "ring": 0, "bits": 64, "entry": 64,
                        "paging_at_entry": "4level", "keep_segments": 0,
                        "loader": "0xff", "protocol": "2.15"},
                "cmdline": " ".join(ARGS).encode(),
                "ram_kib": (mem * 1024 - 1024, mem * 1024),
                "e820_entries": (3, 128),
                "initrd": data if rd else None,
                "entry_phys": elf_entry(vmlinux("x86_64")),
                "page_offset": PAGE_OFFSET["x86_64"],
            })
            suite.check(f"{name}: powered off (QEMU exited by itself)",
                        not res.stopped and not res.timed_out, f"{res}")

        # A loader that copies the image's whole first page into
        # boot_params: the sentinel tells paraboot to drop what it
        # copied beyond the header (boot-sector bytes where screen_info
        # and acpi_rsdp_addr live), and the boot must not notice beyond
        # saying so in a loader-warning.
        res = run_qemu(loader64_argv(build_dir(), image("x86_64"), ARGS,
                                     mem_mb=128, loader_options=("sloppy",)),
                       timeout=90, until=REPORT_END, grace=10)
        name = "x86_64 64-bit entry, sloppy loader (sentinel set)"
        check_report(suite, name, res, {
            "env": {"subarch": "pc", "ring": 0, "bits": 64, "entry": 64,
                    "paging_at_entry": "4level", "keep_segments": 0,
                    "loader": "0xff", "protocol": "2.15"},
            "cmdline": " ".join(ARGS).encode(),
            "ram_kib": (127 * 1024, 128 * 1024),
            "initrd": None,
            "warnings": ["zero page not zeroed before the header was copied "
                         "in (boot.rst, sentinel): sentinel 0xff"],
        })
        suite.check(f"{name}: powered off (ACPI found despite the junk)",
                    not res.stopped and not res.timed_out, f"{res}")

        # The image is relocatable (relocatable_kernel 1, min_alignment
        # 4 KiB, XLF_CAN_BE_LOADED_ABOVE_4G): loader64's load=ADDR puts
        # the protected-mode part elsewhere than 1 MiB.
        for name, addr, mem, warnings, error in RELOCATED:
            res = run_qemu(loader64_argv(build_dir(), image("x86_64"), ARGS,
                                         initrd, mem,
                                         loader_options=(f"load={addr:#x}",)),
                           timeout=90, until=REPORT_END, grace=10)
            name = f"x86_64 loaded at {addr:#x} ({name})"
            if error:
                rep = parse_report(res.output)
                suite.check(f"{name}: the named error", len(rep["errors"]) == 1
                            and rep["errors"][0].startswith(error) and
                            not rep["ok"], res.output[-800:])
                continue
            check_report(suite, name, res, {
                "env": {"subarch": "pc", "ring": 0, "bits": 64, "entry": 64,
                        "paging_at_entry": "4level", "keep_segments": 0,
                        "loader": "0xff", "protocol": "2.15"},
                "cmdline": " ".join(ARGS).encode(),
                "ram_kib": (mem * 1024 - 1024, mem * 1024),
                "initrd": data,
                "entry_phys": elf_entry(vmlinux("x86_64")),
                "page_offset": PAGE_OFFSET["x86_64"],
                "warnings": warnings,
            })
            kern = parse_report(res.output)["kernel"] or {}
            suite.check(f"{name}: the report's load_addr",
                        kern.get("load_addr") == hex(addr), f"{kern}")

        res = run_qemu(loader64_argv(build_dir(), image("i386"), ARGS),
                       timeout=60, until=LOADER64_END, grace=2)
        with open(image("i386"), "rb") as f:
            xlf = struct.unpack_from("<H", f.read(0x238), 0x236)[0]
        want = ("loader64: error: the kernel has no 64-bit entry "
                f"(xloadflags {xlf:#x} lacks XLF_KERNEL_64)")
        suite.check("the i386 image has no 64-bit entry: refused",
                    want in res.output and "paraboot:" not in res.output,
                    res.output[-400:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
