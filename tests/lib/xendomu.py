# SPDX-License-Identifier: MIT
"""paraboot as a Xen PV domU, started by Xen's own toolstack.

QEMU (TCG) boots Debian's Xen 4.17 (scripts/fetch-xen) with the test dom0
of scripts/build-xen-dom0: Debian's Linux and an initramfs whose /init
brings up xenstored and xenconsoled and runs "xl create" for each guest in
/guests, one after another.  The guests come as a second cpio archive
appended to the dom0's initramfs (Linux unpacks both), so the cached dom0
is never rebuilt for a test.

    guests = [Guest("a-small", image("x86_64"), "console=hvc0", 64),
              Guest("b-big", image("x86_64"), "console=hvc0", 256,
                    ramdisk=data)]
    boot = boot_domus(guests)          # one dom0 boot for all of them
    boot.guests["a-small"].output      # its console, prefix removed
    boot.guests["a-small"].end         # "poweroff", "crash", "timeout", ...

The dom0 runs guests in name order; each DomU has what check_report()
reads (output, timed_out).
"""
import os
import re
import shutil
import sys
import tempfile

from harness import ROOT, build_dir, run_qemu

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import newc  # noqa: E402

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
DOM0_MB = 384
# bootscrub=false: scrubbing the free RAM, under TCG, costs seconds at boot
# and more when a large guest's memory is allocated before it was done.
XEN_ARGS = ("console=com1 com1=115200,8n1 dom0_mem={dom0_mb}M "
            "dom0_max_vcpus=1 bootscrub=false noreboot")
DOM0_ARGS = "console=hvc0 quiet rdinit=/init"
# The dom0's wait for one guest (its /init's guest_timeout=), and the
# whole run: the dom0 boots in about ten seconds under TCG.
GUEST_TIMEOUT = 30
BOOT_TIMEOUT = 90

LINE = re.compile(r"^(domu|domu-xl|domu-end) ([A-Za-z0-9_-]+): ?(.*)$")
# The dom0's last line, or its kernel's panic (an /init that died).
DOM0_END = re.compile(r"^(dom0: (done|error: [^\n]*)|"
                      r"\[ *[0-9.]+\] Kernel panic[^\n]*)\n", re.M)
NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def dom0_dir():
    return os.path.join(build_dir(), "xen-dom0")


def xen_image(xen="stock"):
    """Debian's Xen, or ("pv32") the same built with CONFIG_PV32, which
    also runs 32-bit PAE guests."""
    return os.path.join(build_dir(), "xen" if xen == "stock" else "xen-pv32",
                        "xen")


def needed_files(xen="stock"):
    """What boot_domus() reads (make test fetches and builds them)."""
    return [xen_image(xen)] + [os.path.join(dom0_dir(), f)
                               for f in ("vmlinuz", "initrd.img")]


class Guest:
    """One domU: name (the domain's name and its files' in /guests),
    the bzImage, its command line, memory= in MiB, an optional ramdisk
    (bytes or a path) and extra lines for its xl config."""

    def __init__(self, name, kernel, cmdline, memory, ramdisk=None,
                 extra=()):
        if not NAME.match(name):
            raise ValueError(f"guest name {name!r}: letters, digits, - _")
        self.name, self.kernel, self.cmdline = name, kernel, cmdline
        self.memory, self.ramdisk, self.extra = memory, ramdisk, list(extra)

    def config(self):
        lines = [f'kernel = "/guests/{self.name}.bzImage"',
                 f"cmdline = {xl_string(self.cmdline)}",
                 f"memory = {int(self.memory)}"]
        if self.ramdisk is not None:
            lines.append(f'ramdisk = "/guests/{self.name}.initrd"')
        return "\n".join(lines + self.extra) + "\n"


class DomU:
    """How one guest went: its console text, how its domain ended
    ("poweroff", "crash", "reboot", "timeout", "create-failed", ...; None
    if the dom0 never got to it) and what xl create printed if it failed."""

    def __init__(self, name, run):
        self.name = name
        self.lines, self.xl_lines = [], []
        self.end = None
        self.run = run

    @property
    def output(self):
        return "".join(f"{line}\n" for line in self.lines)

    @property
    def xl_errors(self):
        return "".join(f"{line}\n" for line in self.xl_lines)

    @property
    def timed_out(self):
        return self.end in (None, "timeout")

    def __repr__(self):
        return f"DomU({self.name}: end={self.end}, {self.run})"


class Dom0Boot:
    def __init__(self, run, names):
        self.run = run                  # harness.RunResult of the QEMU run
        self.guests = {n: DomU(n, run) for n in names}
        self.done = re.search(r"^dom0: done$", run.output, re.M) is not None
        m = re.search(r"^dom0: error: (.*)$", run.output, re.M)
        self.error = m.group(1) if m else None
        for line in run.output.splitlines():
            m = LINE.match(line)
            if not m or m.group(2) not in self.guests:
                continue
            g = self.guests[m.group(2)]
            if m.group(1) == "domu":
                g.lines.append(m.group(3))
            elif m.group(1) == "domu-xl":
                g.xl_lines.append(m.group(3))
            else:
                g.end = m.group(3)


def xl_string(text):
    """text as a quoted xl config string (libxlutil's dequoting rules:
    backslash escapes for \\ " \\n \\t \\r; its \\x and octal escapes are
    not usable)."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t",
               "\r": "\\r"}
    out = []
    for c in text:
        if c in escapes:
            out.append(escapes[c])
        elif " " <= c <= "~":
            out.append(c)
        else:
            raise ValueError(f"{c!r} cannot be written in an xl config")
    return '"' + "".join(out) + '"'


def guest_archive(guests):
    """The /guests archive (gzip'ed newc) the dom0 runs."""
    arc = newc.Archive()
    arc.dir("guests")
    for g in guests:
        arc.file(f"guests/{g.name}.cfg", g.config().encode())
        with open(g.kernel, "rb") as f:
            arc.file(f"guests/{g.name}.bzImage", f.read())
        if isinstance(g.ramdisk, (bytes, bytearray)):
            arc.file(f"guests/{g.name}.initrd", bytes(g.ramdisk))
        elif g.ramdisk is not None:
            with open(g.ramdisk, "rb") as f:
                arc.file(f"guests/{g.name}.initrd", f.read())
    return arc.gzip(1)


def qemu_argv(initrd, memory_mb, guest_timeout=GUEST_TIMEOUT, xen="stock",
              dom0_mb=DOM0_MB):
    """Xen with the dom0 and `initrd` (its initramfs and the guests)."""
    vmlinuz = os.path.join(dom0_dir(), "vmlinuz")
    modules = f"{vmlinuz} {DOM0_ARGS} guest_timeout={guest_timeout},{initrd}"
    # QEMU splits -initrd at commas: one more would cut a module in two.
    if modules.count(",") != 1:
        raise ValueError(f"a comma in a path: {modules}")
    return [QEMU, "-machine", "pc", "-accel", "tcg", "-m", str(memory_mb),
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-no-reboot", "-kernel", xen_image(xen),
            "-append", XEN_ARGS.format(dom0_mb=dom0_mb),
            "-initrd", modules]


def machine_mb(guests, dom0_mb=DOM0_MB):
    """RAM for Xen, the dom0 and the largest guest (one runs at a time)."""
    return dom0_mb + max([g.memory for g in guests] + [0]) + 512


def write_initrd(guests, path):
    """The dom0's initramfs with the guests' archive after it."""
    with open(path, "wb") as out:
        with open(os.path.join(dom0_dir(), "initrd.img"), "rb") as f:
            shutil.copyfileobj(f, out)
        out.write(guest_archive(guests))


def boot_domus(guests, guest_timeout=GUEST_TIMEOUT, echo=None, xen="stock",
               dom0_mb=DOM0_MB):
    """Boot one dom0 on `xen` (see xen_image) that runs every guest; a
    Dom0Boot.  echo: see harness.run_qemu.  dom0_mb: the dom0's memory,
    which holds the guests' files in its initramfs (half of it at most:
    Linux's rootfs is a tmpfs of half the RAM)."""
    names = [g.name for g in guests]
    if len(set(names)) != len(names):
        raise ValueError(f"guest names repeat: {names}")
    tmp = tempfile.mkdtemp(prefix="paraboot-domu-")
    try:
        initrd = os.path.join(tmp, "initrd.img")
        write_initrd(guests, initrd)
        timeout = BOOT_TIMEOUT + len(guests) * (guest_timeout + 10)
        run = run_qemu(qemu_argv(initrd, machine_mb(guests, dom0_mb),
                                 guest_timeout, xen, dom0_mb),
                       timeout=timeout, until=DOM0_END, grace=0, echo=echo)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Dom0Boot(run, names)
