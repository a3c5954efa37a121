#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Debian's Linux, wrapped by scripts/mkbzimage, as a Xen PV domU that
Xen's toolstack starts (`xl create`, tests/lib/xendomu.py): the same
vmlinux, the same initramfs and the same checks as tests/test_boot_linux.py,
with Linux's own stub (Debian's vmlinuz, an xz payload) as the baseline.

A PV domain never runs paraboot's code: Xen's domain builder
(libxenguest's bzImage loader, xg_dom_bzimageloader.c) reads the setup
header (version 2.08 or later), takes the payload from payload_offset and
payload_length, decompresses it if it is not an ELF, and loads the ELF by
its Xen notes (Linux's startup_xen).  What this proves is that the images
mkbzimage makes are what that loader expects, for every codec: the header
fields, a payload Debian's libxenguest 4.17 can decompress (it links zlib,
liblzma and libzstd and carries its own LZ4 decoder; codecs other than
gzip need the uncompressed size in the payload's last 4 bytes, as Linux's
own build appends it), and an ELF with its notes intact.

Each guest: Linux's banner on its console (hvc0), /proc/cmdline
byte-exact (quotes and a backslash through xl's config quoting), the
initrd's token, and the domain ending in poweroff.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import xendomu  # noqa: E402
from paraboot import require  # noqa: E402
import test_boot_linux as linux  # noqa: E402

# Linux under TCG, as a PV guest of a Xen that itself runs under TCG.
GUEST_TIMEOUT = 90
MEMORY_MB = 256
# The dom0 keeps every guest's files in its initramfs (rootfs, a tmpfs of
# half its RAM): about 130 MB here, the stored 65 MB ELF the most.
DOM0_MB = 768
CMDLINE = ('console=hvc0 panic=-1 paraboot.test="a \\"quoted\\" value" '
           'back\\slash end')


def check_guest(suite, name, g, token):
    out = g.output
    ok = suite.check(f"{name}: Linux started", linux.BANNER in out,
                     f"no Linux banner (end={g.end}) {g.xl_errors}")
    got = linux.cmdline_seen(out)
    want = CMDLINE.encode() + b"\n"
    ok &= suite.check(f"{name}: /proc/cmdline byte-exact", got == want,
                      f"got {got!r}, want {want!r}")
    marker = f"{linux.linux_initramfs.MARKER}{token}"
    ok &= suite.check(f"{name}: the initrd given (its token)",
                      marker in out, f"no {marker!r}")
    ok &= suite.check(f"{name}: the domain powered off", g.end == "poweroff",
                      f"it ended: {g.end}")
    if not ok:
        suite.log(out[-3000:] + g.xl_errors)


def body(suite, tmp, images, initrd, token):
    if require(suite, xendomu.needed_files(),
               "make test fetches Xen and builds the test dom0"):
        return
    guests = [xendomu.Guest("debian", os.path.join(linux.linux_dir(),
                                                   "vmlinuz"),
                            CMDLINE, MEMORY_MB, ramdisk=initrd)]
    guests += [xendomu.Guest(f"paraboot-{codec}", image, CMDLINE, MEMORY_MB,
                             ramdisk=initrd)
               for codec, image in sorted(images.items())]
    boot = xendomu.boot_domus(guests, guest_timeout=GUEST_TIMEOUT,
                              dom0_mb=DOM0_MB)
    if not suite.check("the dom0 ran every guest", boot.done,
                       boot.error or f"{boot.run}"):
        suite.log(boot.run.output[-3000:])
    for g in guests:
        check_guest(suite, f"xl create {g.name}", boot.guests[g.name], token)


def main():
    return linux.with_linux("linux domu", body)


if __name__ == "__main__":
    sys.exit(main())
