#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Debian's Linux booted through paraboot: scripts/fetch-linux's vmlinux
(the ELF inside Debian's current linux-image-*-amd64) wrapped by
scripts/mkbzimage with each codec (gzip, lz4, none), booted to an initramfs
(scripts/linux_initramfs.py) whose /init prints /proc/cmdline and a
marker holding a token only that initrd has, then powers off.

- QEMU -kernel (SeaBIOS's linuxboot, paraboot's real-mode setup), -machine
  pc and q35, a command line with quotes, a backslash and a tab;
- GRUB `linux` (the 32-bit protocol entry) from an ISO, -machine pc;
- Debian's own vmlinuz the same way under QEMU -kernel, as the baseline.

Each boot: Linux's banner, the command line byte-exact (BOOT_IMAGE= and
all under GRUB), the marker's token, and QEMU ending by itself (Linux's
ACPI power-off).  Every boot prints its times from QEMU's start to Linux's
first console line and to the marker.

  tests/test_boot_linux.py --times N   no checks: make bench with
      BENCH_RUNS=N (tests/bench/run), the side-by-side table of decoders,
      boot times, sizes and stub overhead.
"""
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import ROOT, Suite, build_dir, run_qemu  # noqa: E402
from paraboot import PAYLOAD_MAGIC, parallel, require  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import linux_initramfs  # noqa: E402

# Linux under TCG reaches the marker in 5-12 s here; GRUB adds a few.
TIMEOUT = 120
MEM = "1024"
CODECS = ("gzip", "lz4", "zstd", "none")
# earlycon: Linux's first line as soon as it parses its command line,
# not when the serial driver comes up.  panic=-1: a panic ends QEMU.
BASE = b"console=ttyS0 earlycon=uart8250,io,0x3f8,115200 panic=-1"
CMDLINE = BASE + b' paraboot.test="a \\"quoted\\" value" back\\slash \ttab end'
BANNER = "Linux version "


def linux_dir():
    return os.path.join(build_dir(), "linux")


class Stamps:
    """run_qemu's `until`: notes when each pattern first shows up, done
    when the marker line is complete."""

    def __init__(self, token):
        self.start = time.monotonic()
        # No newline: Linux's own printk may cut into /init's line on the
        # console (seen: the token, then "[    2.14] clocksource: ...").
        # The token is the whole proof; it has a fixed length.
        self.marker = f"{linux_initramfs.MARKER}{token}"
        self.at = {}

    def __call__(self, text):
        now = time.monotonic() - self.start
        for name, pat in (("banner", BANNER), ("marker", self.marker)):
            if name not in self.at and pat in text:
                self.at[name] = now
        return "marker" in self.at

    def show(self):
        return " ".join(f"{k}={self.at[k]:.2f}s" if k in self.at else f"{k}=-"
                        for k in ("banner", "marker"))


def boot(argv, token):
    stamps = Stamps(token)
    run = run_qemu(argv, timeout=TIMEOUT, until=stamps, grace=15)
    return run, stamps


def qemu(machine, media):
    return ["qemu-system-x86_64", "-machine", machine, "-accel", "tcg",
            "-m", MEM, "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-no-reboot"] + media


def kernel_argv(image, initrd, machine, cmdline=CMDLINE):
    return qemu(machine, ["-kernel", image, "-initrd", initrd,
                          "-append", cmdline.decode("latin-1")])


# A printk line that cut into /init's output on the console (the kernel
# and /init share it): "[    2.143901] clocksource: ...".
PRINTK = re.compile(r"\[ *\d+\.\d+\] [^\n]*\n")


def cmdline_seen(output):
    output = PRINTK.sub("", output)
    m = re.search(rf"^{linux_initramfs.CMDLINE}([0-9a-f]*)$", output, re.M)
    return bytes.fromhex(m.group(1)) if m else None


def check_boot(suite, name, run, stamps, cmdline):
    print(f"    {name}: {stamps.show()} (QEMU ran {run.seconds:.1f}s)",
          flush=True)
    ok = suite.check(f"{name}: Linux started", BANNER in run.output,
                     "no Linux banner")
    got, want = cmdline_seen(run.output), cmdline + b"\n"
    ok &= suite.check(f"{name}: /proc/cmdline byte-exact", got == want,
                      f"got {got!r}, want {want!r}")
    ok &= suite.check(f"{name}: the initrd given (its token)",
                      "marker" in stamps.at, f"no {stamps.marker!r}")
    ok &= suite.check(f"{name}: powered off (QEMU exited by itself)",
                      run.returncode == 0 and not run.timed_out, f"{run}")
    if not ok:
        suite.log(run.output[-3000:])


# What a wrapped image is made of, besides the stub: a newer one makes
# wrap() wrap again.
WRAP_INPUTS = ["scripts/mkbzimage", "scripts/elfkernel.py",
               "scripts/crc32-append", "compressed/piggy.S",
               "arch-x86-boot/zo.S"]


def wrap(codec):
    """build/linux-wrapped/linux-<codec>.bzImage, wrapped again only when
    older than what it is made of (zstd -22 of Debian's 65 MB vmlinux takes
    20 s; the linux, linux domu and bench runs share the images).  The
    image and mkbzimage's CompletedProcess, or None if it was current."""
    out_dir = os.path.join(build_dir(), "linux-wrapped")
    out = os.path.join(out_dir, f"linux-{codec}.bzImage")
    stub = os.path.join(build_dir(), "x86_64", "stub")
    inputs = [os.path.join(linux_dir(), "vmlinux")] + \
        [os.path.join(ROOT, p) for p in WRAP_INPUTS] + \
        [os.path.join(stub, f) for f in os.listdir(stub)]
    if os.path.exists(out) and os.path.getmtime(out) >= max(
            os.path.getmtime(p) for p in inputs):
        return out, None
    os.makedirs(out_dir, exist_ok=True)
    proc = subprocess.run([os.path.join(ROOT, "scripts", "mkbzimage"),
                           f"--compress={codec}", inputs[0], out + ".tmp"],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        os.replace(out + ".tmp", out)
    return out, proc


def header(path):
    with open(path, "rb") as f:
        data = f.read(0x270)
    setup = (data[0x1f1] + 1) * 512
    payload_off, payload_len = struct.unpack_from("<II", data, 0x248)
    init_size, = struct.unpack_from("<I", data, 0x260)
    with open(path, "rb") as f:
        f.seek(setup + payload_off)
        magic = f.read(4)
    return {"size": os.path.getsize(path), "payload": payload_len,
            "init_size": init_size, "magic": magic}


def grub_cfg(entries):
    text = ("serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1\n"
            "terminal_input serial\nterminal_output serial\n"
            "set timeout=0\nset default=0\n")
    for path, args in entries:
        text += (f"menuentry '{path}' {{\n\tlinux {path} {args}\n"
                 "\tinitrd /boot/initrd.img\n}\n")
    return text


def grub_boots(suite, tmp, images, initrd, token):
    """One ISO per image (its only entry is the default)."""
    args = (BASE + b" linux.test=grub").decode()
    cases = []
    for codec, image in images.items():
        path = f"/boot/linux-{codec}.bzImage"
        iso = os.path.join(tmp, f"grub-{codec}.iso")
        cfg = os.path.join(tmp, f"grub-{codec}.cfg")
        with open(cfg, "w") as f:
            f.write(grub_cfg([(path, args)]))
        proc = subprocess.run([os.path.join(ROOT, "scripts", "mkiso"), iso,
                               cfg, f"{path[1:]}={image}",
                               f"boot/initrd.img={initrd}"],
                              capture_output=True, text=True)
        if not suite.check(f"grub {codec}: ISO made", proc.returncode == 0,
                           proc.stderr[-500:]):
            continue
        cases.append((codec, iso, f"BOOT_IMAGE={path} {args}".encode()))

    def one(case):
        codec, iso, want = case
        return case, boot(qemu("pc", ["-cdrom", iso]), token)

    for (codec, iso, want), (run, stamps) in parallel(one, cases):
        check_boot(suite, f"grub linux {codec} pc", run, stamps, want)


def prepare(suite, tmp):
    """(images by name, initrd, token), or None after a failed check."""
    fetch = subprocess.run([os.path.join(ROOT, "scripts", "fetch-linux")],
                           capture_output=True, text=True)
    if not suite.check("scripts/fetch-linux", fetch.returncode == 0,
                       (fetch.stdout + fetch.stderr)[-1500:]):
        return None
    if require(suite, [os.path.join(build_dir(), "x86_64", "stub",
                                    "decompressor.o")]):
        return None
    images = {}
    for codec in CODECS:
        image, proc = wrap(codec)
        if suite.check(f"mkbzimage --compress={codec} wraps Debian's vmlinux",
                       proc is None or proc.returncode == 0,
                       proc and proc.stderr[-800:]):
            images[codec] = image
    token = secrets.token_hex(8)
    initrd = os.path.join(tmp, "initrd.img")
    with open(initrd, "wb") as f:
        f.write(linux_initramfs.archive(os.path.join(linux_dir(), "busybox"),
                                        token))
    return images, initrd, token


def sizes(images):
    """Size, stub overhead and init_size of Debian's vmlinuz and ours."""
    rows = [("Debian vmlinuz (xz)", os.path.join(linux_dir(), "vmlinuz"))]
    rows += [(f"paraboot {c}", p) for c, p in images.items()]
    lines = [f"    {'image':<22}{'file':>12}{'payload':>12}"
             f"{'stub':>10}{'init_size':>14}"]
    for name, path in rows:
        h = header(path)
        lines.append(f"    {name:<22}{h['size']:>12}{h['payload']:>12}"
                     f"{h['size'] - h['payload']:>10}"
                     f"{h['init_size']:>10} ({h['init_size'] >> 20} MiB)")
    return "\n".join(lines)


def with_linux(name, body):
    """A suite: fetch, wrap and make the initrd, then body(suite, tmp,
    images, initrd, token); its closing line and exit status."""
    suite = Suite(name)
    tmp = tempfile.mkdtemp(prefix="paraboot-linux-")
    try:
        prepared = prepare(suite, tmp)
        if prepared:
            body(suite, tmp, *prepared)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


def checks(suite, tmp, images, initrd, token):
    for codec, image in images.items():
        h = header(image)
        want = PAYLOAD_MAGIC[codec]
        suite.check(f"{codec}: the payload is {want!r}",
                    h["magic"] == want, f"starts {h['magic']!r}")
        proc = subprocess.run([os.path.join(ROOT, "scripts", "bzinfo"),
                               "--generic", image],
                              capture_output=True, text=True)
        suite.check(f"{codec}: bzinfo --generic finds it valid",
                    proc.returncode == 0, proc.stderr[-800:])
    print(sizes(images), flush=True)

    cases = [("debian", os.path.join(linux_dir(), "vmlinuz"), "pc")]
    cases += [(c, images[c], m) for c in images for m in ("pc", "q35")]

    def one(case):
        name, image, machine = case
        return case, boot(kernel_argv(image, initrd, machine), token)

    for (name, image, machine), (run, stamps) in parallel(one, cases):
        check_boot(suite, f"qemu -kernel {name} {machine}", run, stamps,
                   CMDLINE)
    grub_boots(suite, tmp, images, initrd, token)


def main():
    if sys.argv[1:2] == ["--times"]:
        # The timing table is make bench's (tests/bench/run, which boots
        # through this file's functions): one implementation.
        os.environ["BENCH_RUNS"] = sys.argv[2]
        bench = os.path.join(ROOT, "tests", "bench", "run")
        os.execv(bench, [bench])
    return with_linux("linux", checks)

if __name__ == "__main__":
    sys.exit(main())
