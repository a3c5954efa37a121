#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""linux_initramfs.py BUSYBOX OUT [TOKEN]

An initramfs (gzip'ed cpio newc, scripts/newc.py) that shows what Linux
was given and powers off: a static busybox and an /init that prints, on
the console,

  linux-init: cmdline <text>      /proc/cmdline, for people
  linux-init: cmdline-hex <hex>   the same, every byte (with its closing
                                  newline) as two hex digits, for tests
  linux-init: marker <TOKEN>      a token only this archive holds, so the
                                  line proves Linux ran the initrd given

then `poweroff -f`.  TOKEN defaults to a random one; the token is printed.
tests/test_boot_linux.py and `make run-linux` boot it.
"""
import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import newc  # noqa: E402

MARKER = "linux-init: marker "
CMDLINE = "linux-init: cmdline-hex "
INIT = f"""#!/bin/busybox sh
# Applets through busybox itself: the archive needs no links.
bb=/bin/busybox
$bb mount -t proc proc /proc
echo "linux-init: cmdline $($bb cat /proc/cmdline)"
echo "{CMDLINE}$($bb od -An -v -tx1 /proc/cmdline | $bb tr -d ' \\n')"
echo "{MARKER}$($bb cat /etc/paraboot-token)"
$bb poweroff -f
"""


def archive(busybox, token):
    """The gzip'ed archive's bytes."""
    arc = newc.Archive()
    for d in ("bin", "dev", "etc", "proc"):
        arc.dir(d)
    # Where the kernel's stdio for /init comes from, devtmpfs or not.
    arc.chardev("dev/console", 5, 1)
    with open(busybox, "rb") as f:
        arc.file("bin/busybox", f.read(), 0o755)
    arc.file("etc/paraboot-token", token.encode())
    arc.file("init", INIT.encode(), 0o755)
    return arc.gzip(6)


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__.split("\n\n")[0] + "\n")
        return 2
    token = sys.argv[3] if len(sys.argv) == 4 else secrets.token_hex(8)
    with open(sys.argv[2], "wb") as f:
        f.write(archive(sys.argv[1], token))
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
