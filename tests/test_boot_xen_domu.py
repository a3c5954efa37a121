#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paraboot as a Xen PV domU, started the way Xen starts guests: Xen 4.17
under QEMU (TCG), the test dom0 of scripts/build-xen-dom0 (Debian's
Linux, xenstored, xenconsoled), and "xl create" for each guest:
libxenguest finds the ELF inside the bzImage through
payload_offset/length, builds the domain, and paraboot reports through
its PV console ring.  Every guest of a bitness runs in one dom0 boot, one
after another (tests/lib/xendomu.py): the x86_64 image on Debian's Xen,
the i386 image (a 32-bit PAE guest, ring 1) on the Xen built with
CONFIG_PV32.

- each image with and without a ramdisk, memory= 64 and 256: every
  report value checked (the command line byte-exact as the guest config
  wrote it, quotes, backslash and tab included; ram_kib and e820_entries
  as Xen's memory map of the domain says: one RAM entry of memory= MiB)
  and the domain powered off, not crashed;
- memory=64 with maxmem=128: the report shows Xen's map (XENMEM_memory_map
  answers a domU: RAM up to maxmem), not the 64 MiB of nr_pages;
- a payload with a flipped byte, and one with a damaged gzip CRC: xl create
  fails with libxenguest's refusal, and the dom0 goes on to the next guest;
- at paraboot's limits: memory=2048 for x86_64, 856 for i386 (all it can
  map at PAGE_OFFSET) with a command line of 1023 bytes (all of
  start_info's) boots; one MiB more ends in paraboot's named error on the
  guest console and a crash shutdown, not a hang.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import ROOT, Suite, parse_report  # noqa: E402
from paraboot import (check_report, expected_xen,  # noqa: E402
                      flip_gzip_crc, flip_payload_middle, image, make_initrd,
                      patched, require)
from xendomu import Guest, boot_domus, needed_files  # noqa: E402

# What each kernel maps at PAGE_OFFSET: x86_64, DIRECT_MAP_SIZE
# (include/paraboot/layout.h); i386, up to where Xen's hole starts, which
# for a domU is Xen's default 0xF5800000 (the domU builder does not move
# it for HV_START_LOW, as the dom0 builder does): 0xF5800000 - PAGE_OFFSET.
DIRECT_MAP_MIB = {"x86_64": 2048, "i386": (0xf5800000 - 0xc0000000) >> 20}
XEN_FOR = {"x86_64": "stock", "i386": "pv32"}
# Xen's public/xen.h: start_info.cmd_line, NUL included.
MAX_GUEST_CMDLINE = 1024

# libxenguest's refusals (tools/libs/guest: xg_dom_core.c and
# xg_dom_bzimageloader.c), as xl prints them.
GUNZIP_FAILED = "xc_dom_do_gunzip: inflate failed (rc="
# zlib's Z_DATA_ERROR: the stream decoded, its CRC-32 did not match.
GUNZIP_BAD_CRC = "xc_dom_do_gunzip: inflate failed (rc=-3)"
PROBE_REFUSED = ("xc_dom_probe_bzimage_kernel: unable to gzip decompress "
                 "kernel: Invalid kernel")
NO_LOADER = "xc_dom_find_loader: no loader found: Invalid kernel"


def cmdline(name):
    return f'console=hvc0 paraboot.test="domU {name}" back\\slash tab\there'


def longest_cmdline(name):
    line = cmdline(name) + " fill="
    return line + "x" * (MAX_GUEST_CMDLINE - 1 - len(line))


def guests(tmp, arch):
    """(Guest, what the test expects): names give the dom0's order, so a
    good guest follows the refused ones."""
    img = image(arch)
    small = make_initrd(os.path.join(tmp, "small.img"), 123457, seed=9)
    big = make_initrd(os.path.join(tmp, "big.img"), 654321, seed=10)

    def good(name, mb, rd=None, extra=(), ram_mb=None, line=None):
        line = line or cmdline(name)
        return (Guest(name, img, line, mb, rd, extra),
                ("report", expected_xen(arch, line.encode(), rd, ram_mb or mb)))

    limit = DIRECT_MAP_MIB[arch]
    too_big = limit + 1
    return [
        good("a-64M-ramdisk", 64, small),
        (Guest("b-payload-byte-flipped",
               patched(tmp, arch, "flip", flip_payload_middle),
               "console=hvc0", 64),
         ("refused", [GUNZIP_FAILED, PROBE_REFUSED, NO_LOADER])),
        (Guest("c-gzip-crc-damaged",
               patched(tmp, arch, "crc", flip_gzip_crc),
               "console=hvc0", 64),
         ("refused", [GUNZIP_BAD_CRC, PROBE_REFUSED, NO_LOADER])),
        good("d-64M", 64),
        good("e-256M-ramdisk", 256, big),
        good("f-256M", 256),
        good("g-64M-maxmem-128M", 64, extra=["maxmem = 128"], ram_mb=128),
        good(f"h-{limit}M-longest-cmdline", limit,
             line=longest_cmdline("h")),
        (Guest(f"i-{too_big}M", img, "console=hvc0", too_big),
         ("error", f"paraboot: error: the domain has {too_big} MiB; "
                   f"paraboot maps at most {limit} MiB at PAGE_OFFSET")),
    ]


def check_good(suite, g, exp):
    check_report(suite, g.name, g, exp)
    suite.equal(f"{g.name}: the domain powered off", g.end, "poweroff")


def check_refused(suite, g, wants):
    name = g.name
    suite.equal(f"{name}: xl create failed", g.end, "create-failed")
    for want in wants:
        suite.check(f"{name}: libxenguest says {want!r}", want in g.xl_errors,
                    f"xl create printed:\n{g.xl_errors}")
    suite.check(f"{name}: paraboot never ran", not g.lines,
                f"console:\n{g.output}")


def check_error(suite, g, want):
    name = g.name
    rep = parse_report(g.output)
    suite.check(f"{name}: the named error and nothing else",
                rep["lines"] == [want[len("paraboot: "):]],
                f"want {want!r}, console:\n{g.output}")
    suite.equal(f"{name}: the domain crashed, as it should", g.end, "crash")


def one_dom0(suite, arch, xen):
    tmp = tempfile.mkdtemp(prefix="paraboot-domu-test-")
    try:
        cases = guests(tmp, arch)
        boot = boot_domus([g for g, _ in cases], xen=xen)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ok = suite.check(f"{arch} on {xen} Xen: the dom0 ran every guest and "
                     "said done", boot.done and not boot.run.timed_out,
                     f"{boot.run}; dom0 error: {boot.error}")
    failed = suite.failed
    for guest, (kind, want) in cases:
        g = boot.guests[guest.name]
        g.name = f"{arch} {g.name}"
        if kind == "report":
            check_good(suite, g, want)
        elif kind == "refused":
            check_refused(suite, g, want)
        else:
            check_error(suite, g, want)
    if not ok or suite.failed != failed:
        suite.log(boot.run.output[-6000:])
    print(f"    {arch}: one dom0 boot, {len(cases)} guests: "
          f"{boot.run.seconds:.0f} s", flush=True)


def main():
    suite = Suite("xen domU")
    build = subprocess.run([os.path.join(ROOT, "scripts", "build-xen-dom0")],
                           capture_output=True, text=True)
    if build.stdout:
        suite.log(build.stdout)
    if not suite.check("scripts/build-xen-dom0", build.returncode == 0,
                       build.stderr.strip()[-2000:]):
        return suite.finish()
    if require(suite, [image(a) for a in XEN_FOR] +
               [f for x in XEN_FOR.values() for f in needed_files(x)],
               "make test fetches and builds both Xens and the images"):
        return suite.finish()
    for arch, xen in XEN_FOR.items():
        one_dom0(suite, arch, xen)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
