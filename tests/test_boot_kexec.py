#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kexec as paraboot's loader: Debian's own Linux (scripts/fetch-linux's
vmlinuz, the baseline of test_boot_linux.py) boots under QEMU TCG to an
initramfs holding Debian's kexec-tools (scripts/fetch-kexec: the package
and the libraries kexec needs), build/x86_64/bzImage and an initrd.  Its
/init loads paraboot with `kexec -l ... --initrd --append` and jumps with
`kexec -e`; paraboot's boot report is then checked value by value.  One
Linux boot per case:

- kexec_file_load (`kexec -s`, the only kexec under lockdown): Linux's
  bzImage64 loader (arch/x86/kernel/kexec-bzimage64.c) wants
  XLF_KERNEL_64 and XLF_CAN_BE_LOADED_ABOVE_4G, places the image
  (init_size, aligned to kernel_alignment), the zero page, the command
  line and the initrd top-down in the first RAM region that holds each
  (Linux 6.1 walks RAM bottom-up: below 4 GiB even with more RAM), and
  enters startup_32 + 0x200 in long mode;
- kexec_load (`kexec -c`): kexec-tools' bzImage64 loader, the same entry,
  the same checks in user space;
- kexec_load with kexec-tools' 32-bit path (`--entry-32bit`): paraboot's
  32-bit entry (code32_start's), paging off.

type_of_loader must be 0xd0 (boot.rst: kexec is ID 0xD; both loaders
write 0x0D << 4), the command line byte-exact, the initrd's size and
CRC-32 the file's, the memory Linux's firmware map, load_addr aligned to
kernel_alignment (1 MiB) high in RAM for the 64-bit loaders (kexec -d
prints where kexec-tools put it: the same address), and no
loader-warning.  paraboot loaded above 4 GiB is tests/test_boot_loader64.py's.
"""
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import (REPORT_END, ROOT, Suite, build_dir,  # noqa: E402
                     parse_report, run_qemu)
from paraboot import (PAGE_OFFSET, check_report, elf_entry, image,  # noqa: E402
                      make_initrd, require, vmlinux)
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import newc  # noqa: E402

# Linux under TCG reaches /init in 5-12 s here; kexec and paraboot add ~1 s.
TIMEOUT = 120
LINUX_CMDLINE = "console=ttyS0 panic=-1 quiet"
KERNEL_ALIGNMENT = 0x100000
INIT = """#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
echo "kexec-init: kexec {args} -l /boot/bzImage"
/sbin/kexec -d {args} -l /boot/bzImage --initrd=/boot/initrd.img \\
    --append="$($bb cat /etc/paraboot-cmdline)" 2>&1
echo "kexec-init: load rc=$?"
/sbin/kexec -e 2>&1
echo "kexec-init: kexec -e returned rc=$?"
$bb poweroff -f
"""
LOAD_FAILED = re.compile(r"^kexec-init: (load rc=[1-9]\d*|kexec -e returned.*)$",
                         re.M)
UNTIL = re.compile(REPORT_END.pattern + "|" + LOAD_FAILED.pattern, re.M)

# (name, kexec's options, the entry paraboot must see, where the image
# goes: "high", the top of the first RAM region that holds init_size,
# aligned to kernel_alignment; or the address)
CASES = [
    ("kexec_file_load", "-s", 64, "high"),
    ("kexec_load bzImage64", "-c", 64, "high"),
    # kexec-tools' 32-bit bzImage loader takes the lowest place from 1 MiB.
    ("kexec_load --entry-32bit", "-c --entry-32bit", 32, 0x100000),
]
MEM = 1024


def linux_dir():
    return os.path.join(build_dir(), "linux")


def kexec_dir():
    return os.path.join(build_dir(), "kexec-tools")


def initramfs(path, args, bzimage, initrd, cmdline):
    arc = newc.Archive()
    for d in ("bin", "dev", "etc", "proc", "sys", "boot", "sbin", "lib",
              "lib64", "lib/x86_64-linux-gnu"):
        arc.dir(d)
    arc.chardev("dev/console", 5, 1)
    with open(os.path.join(linux_dir(), "busybox"), "rb") as f:
        arc.file("bin/busybox", f.read(), 0o755)
    root = os.path.join(kexec_dir(), "root")
    for top, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            src = os.path.join(top, name)
            with open(src, "rb") as f:
                arc.file(os.path.relpath(src, root), f.read(), 0o755)
    for name, src in (("boot/bzImage", bzimage), ("boot/initrd.img", initrd)):
        with open(src, "rb") as f:
            arc.file(name, f.read(), 0o644)
    arc.file("etc/paraboot-cmdline", cmdline, 0o644)
    arc.file("init", INIT.format(args=args).encode(), 0o755)
    with open(path, "wb") as f:
        f.write(arc.gzip(6))


def argv(mem, initramfs_path):
    return ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
            "-cpu", "qemu64", "-m", str(mem), "-display", "none",
            "-serial", "stdio", "-monitor", "none", "-no-reboot",
            "-kernel", os.path.join(linux_dir(), "vmlinuz"),
            "-initrd", initramfs_path, "-append", LINUX_CMDLINE]


def main():
    suite = Suite("kexec")
    bz = image("x86_64")
    if require(suite, [bz, vmlinux("x86_64")]):
        return suite.finish()
    for script in ("fetch-linux", "fetch-kexec"):
        proc = subprocess.run([os.path.join(ROOT, "scripts", script)],
                              capture_output=True, text=True)
        if not suite.check(f"scripts/{script}", proc.returncode == 0,
                           (proc.stdout + proc.stderr)[-1500:]):
            return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-kexec-")
    try:
        initrd = os.path.join(tmp, "initrd.img")
        data = make_initrd(initrd, 54321, seed=11)
        for name, args, entry, where in CASES:
            mem = MEM
            token = secrets.token_hex(6)
            cmdline = (f'console=ttyS0 paraboot.test=kexec '
                       f'paraboot.token={token} quoted="two words"').encode()
            rd = os.path.join(tmp, "linux-initrd.img")
            initramfs(rd, args, bz, initrd, cmdline)
            res = run_qemu(argv(mem, rd), timeout=TIMEOUT, until=UNTIL,
                           grace=10)
            print(f"    {name}: QEMU ran {res.seconds:.1f}s", flush=True)
            ok = check_report(suite, name, res, {
                "env": {"subarch": "pc", "ring": 0, "bits": 64,
                        "entry": entry,
                        "paging_at_entry": "4level" if entry == 64 else "none",
                        "keep_segments": 0, "loader": "0xd0",
                        "protocol": "2.15"},
                "cmdline": cmdline,
                "ram_kib": (mem * 1024 - 2048, mem * 1024),
                "initrd": data,
                "entry_phys": elf_entry(vmlinux("x86_64")),
                "page_offset": PAGE_OFFSET["x86_64"],
            })
            kern = parse_report(res.output)["kernel"] or {}
            load = int(kern.get("load_addr", "0"), 16)
            if where == "high":
                suite.check(f"{name}: load_addr 0x{load:x} aligned to "
                            f"kernel_alignment, in the top half of RAM",
                            load % KERNEL_ALIGNMENT == 0 and
                            load >= mem << 19, f"kernel line {kern}")
            else:
                suite.check(f"{name}: load_addr 0x{where:x}",
                            load == where, f"kernel line {kern}")
            m = re.search(r"Loaded (?:64bit |32bit )?kernel at (0x[0-9a-f]+)",
                          res.output)
            if m:
                suite.check(f"{name}: load_addr is where kexec says it put "
                            f"the image ({m.group(1)})",
                            load == int(m.group(1), 16), f"0x{load:x}")
            suite.check(f"{name}: powered off (QEMU exited by itself)",
                        not res.stopped and not res.timed_out, f"{res}")
            if not ok:
                lines = [l for l in res.output.splitlines()
                         if "kexec" in l.lower()]
                suite.log("\n".join(lines[-40:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
