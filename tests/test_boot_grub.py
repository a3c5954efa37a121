#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests under GRUB 2 (Debian's grub-pc) as a user boots a PC from the
ISO: QEMU's BIOS (SeaBIOS) starts GRUB from a CD or a hard disk, GRUB
loads paraboot with `linux` (the 32-bit protocol entry) or `linux16` (the
real-mode entry), and each report is checked value by value.

Each entry of the shipped scripts/iso/grub.cfg's BIOS menu is chosen by
editing `set default=` in a test copy (never by typing into the menu), on
-machine pc and q35 with 64 MiB and 2 GiB.  Test-only entries add a boot
without an initrd and 2047-byte command lines.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, Suite, build_dir, run_qemu  # noqa: E402
from paraboot import (BITS, PAGE_OFFSET, check_report, elf_entry,  # noqa: E402
                      grub_menu, image, make_iso, parallel, require, vmlinux)
CMDLINE_SIZE = 2047
TIMEOUT = 120


def shipped_entries():
    """(index, arch, command, kernel path, args, initrd?) per menu entry."""
    text = grub_menu("bios")
    entries = []
    for i, body in enumerate(re.findall(r"menuentry '[^']*' \{(.*?)\n\}", text,
                                        re.S)):
        m = re.search(r"^\s*(linux16|linux) (\S+) (.*)$", body, re.M)
        if not m:       # the Xen entry: tests/test_boot_xen.py boots it
            continue
        arch = "x86_64" if "/x86_64/" in m.group(2) else "i386"
        entries.append((i, arch, m.group(1), m.group(2), m.group(3),
                        "initrd" in body))
    return text, entries


def with_default(text, index, extra=""):
    """The shipped grub.cfg, booting entry `index` at once."""
    text = re.sub(r"^set default=.*$", f"set default={index}", text, flags=re.M)
    text = re.sub(r"^set timeout=.*$", "set timeout=0", text, flags=re.M)
    return text + extra


def qemu_argv(iso, machine, mem, disk=False):
    media = (["-drive", f"file={iso},format=raw,if=ide,media=disk"] if disk
             else ["-cdrom", iso])
    return (["qemu-system-x86_64", "-machine", machine, "-accel", "tcg",
             "-m", str(mem), "-display", "none", "-serial", "stdio",
             "-monitor", "none", "-no-reboot"] + media)


def expected(arch, command, path, args, initrd, mem):
    return {
        "env": {"subarch": "pc", "ring": 0, "bits": BITS[arch],
                "entry": 16 if command == "linux16" else 32,
                "paging_at_entry": "none", "keep_segments": 0,
                "loader": "0x72", "protocol": "2.15"},
        "cmdline": f"BOOT_IMAGE={path} {args}".encode(),
        "ram_kib": (mem * 1024 - 1024, mem * 1024),
        "e820_entries": (3, 128),
        "initrd": initrd,
        "entry_phys": elf_entry(vmlinux(arch)),
        "page_offset": PAGE_OFFSET[arch],
    }


def boot_and_check(suite, name, argv, exp):
    run = run_qemu(argv, timeout=TIMEOUT, until=REPORT_END, grace=10)
    check_report(suite, name, run, exp)
    suite.check(f"{name}: powered off (QEMU exited by itself)",
                run.returncode == 0 and not run.stopped, f"{run}")


def too_small(suite, tmp, entries):
    """Below what init_size asks for: GRUB's `linux` reads init_size and
    refuses to load; `linux16` does not look, so paraboot's own check
    must stop the boot with a clear error."""
    mem = 5
    for i, arch, command, path, args, _ in entries:
        if arch != "x86_64":
            continue
        iso = os.path.join(tmp, f"entry{i}.iso")
        if command == "linux":
            want = "error: out of memory."
            run = run_qemu(qemu_argv(iso, "pc", mem), timeout=TIMEOUT,
                           until="error: you need to load the kernel first[.]\n")
            ok = want in run.output and "paraboot:" not in run.output
        else:
            want = ("paraboot: error: too little memory: paraboot needs RAM "
                    "at 0x100000-")
            run = run_qemu(qemu_argv(iso, "pc", mem), timeout=TIMEOUT,
                           until=REPORT_END)
            ok = want in run.output and "paraboot: ok" not in run.output
        suite.check(f"{arch} {command} {mem}M: too little memory is refused "
                    f"({want!r})", ok and not run.timed_out,
                    f"{run}\n{run.output[-500:]}")


def main():
    suite = Suite("grub")
    if require(suite, [image("i386"), image("x86_64"),
                       os.path.join(build_dir(), "sample-initrd.img"),
                       os.path.join(build_dir(), "xen", "xen-4.17-amd64.gz")]):
        return suite.finish()
    initrd = open(os.path.join(build_dir(), "sample-initrd.img"), "rb").read()
    text, entries = shipped_entries()
    suite.check("grub.cfg has linux and linux16 entries for both images",
                sorted((e[1], e[2]) for e in entries) ==
                [("i386", "linux"), ("i386", "linux16"),
                 ("x86_64", "linux"), ("x86_64", "linux16")],
                f"entries {[(e[1], e[2]) for e in entries]}")
    suite.check("grub.cfg boots its default without a keypress",
                re.search(r"^set timeout=[0-9]+$", text, re.M) is not None
                and re.search(r"^set default=0$", text, re.M) is not None,
                "no numeric timeout / default")

    tmp = tempfile.mkdtemp(prefix="paraboot-grub-")
    try:
        cases = []
        for (i, arch, command, path, args, has_initrd) in entries:
            iso = make_iso(tmp, f"entry{i}", with_default(text, i))
            for machine in ("pc", "q35"):
                for mem in (64, 2048):
                    cases.append((f"{arch} {command} {machine} {mem}M",
                                  qemu_argv(iso, machine, mem),
                                  expected(arch, command, path, args,
                                           initrd if has_initrd else None,
                                           mem)))

        # Test-only entries, appended after the shipped ones.
        n = len(re.findall(r"^menuentry ", text, re.M))
        prefix = {"linux": "BOOT_IMAGE=/boot/x86_64/bzImage ",
                  "linux16": "BOOT_IMAGE=/boot/x86_64/bzImage "}
        long_args = {}
        for command in ("linux", "linux16"):
            args = "console=ttyS0 long "
            args += "z" * (CMDLINE_SIZE - len(prefix[command]) - len(args))
            assert len(prefix[command] + args) == CMDLINE_SIZE
            long_args[command] = args
        extra = (
            "menuentry 'test: x86_64 linux, no initrd' {\n"
            "\tlinux /boot/x86_64/bzImage console=ttyS0 no initrd\n}\n"
            "menuentry 'test: i386 linux16, no initrd' {\n"
            "\tlinux16 /boot/i386/bzImage console=ttyS0 no initrd\n}\n"
            "menuentry 'test: x86_64 linux, 2047-byte command line' {\n"
            f"\tlinux /boot/x86_64/bzImage {long_args['linux']}\n"
            "\tinitrd /boot/initrd.img\n}\n"
            "menuentry 'test: x86_64 linux16, 2047-byte command line' {\n"
            f"\tlinux16 /boot/x86_64/bzImage {long_args['linux16']}\n"
            "\tinitrd16 /boot/initrd.img\n}\n")
        tests = [
            (n, "x86_64", "linux", "/boot/x86_64/bzImage",
             "console=ttyS0 no initrd", None, "no initrd"),
            (n + 1, "i386", "linux16", "/boot/i386/bzImage",
             "console=ttyS0 no initrd", None, "no initrd"),
            (n + 2, "x86_64", "linux", "/boot/x86_64/bzImage",
             long_args["linux"], initrd, "2047-byte command line"),
            (n + 3, "x86_64", "linux16", "/boot/x86_64/bzImage",
             long_args["linux16"], initrd, "2047-byte command line"),
        ]
        for (i, arch, command, path, args, rd, what) in tests:
            iso = make_iso(tmp, f"test{i}", with_default(text, i, extra))
            cases.append((f"{arch} {command} {what}",
                          qemu_argv(iso, "pc", 64),
                          expected(arch, command, path, args, rd, 64)))

        # Little memory: 8 MiB is plenty for both entries of the x86_64
        # image (the larger one, with its 4 MiB page-table pool).
        for i, arch, command, path, args, _ in entries:
            if arch == "x86_64":
                cases.append((f"{arch} {command} 8M",
                              qemu_argv(os.path.join(tmp, f"entry{i}.iso"),
                                        "pc", 8),
                              expected(arch, command, path, args, initrd, 8)))

        # The ISO as a USB stick would present it: a hard disk.
        iso0 = os.path.join(tmp, "entry0.iso")
        i, arch, command, path, args, _ = entries[0]
        cases.append((f"{arch} {command} from a hard disk",
                      qemu_argv(iso0, "pc", 64, disk=True),
                      expected(arch, command, path, args, initrd, 64)))

        parallel(lambda c: boot_and_check(suite, *c), cases)
        too_small(suite, tmp, entries)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
