#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paraboot as a Xen PV dom0, both bitnesses: Xen finds the ELF inside the
bzImage through payload_offset/length, reads its Xen notes and enters
startup_xen, 64-bit in ring 3 with 4-level tables, 32-bit in ring 1 with
PAE tables; paraboot remaps itself to PAGE_OFFSET and reports.

Two hypervisors: Debian's Xen 4.17 (scripts/fetch-xen), which has no
32-bit PV (CONFIG_PV32 off), and the same Xen built from Debian's source
with CONFIG_PV32=y (scripts/build-xen-pv32).

- the x86_64 image on Debian's Xen and the i386 image on the PV32 Xen,
  booted by QEMU's multiboot loader and by GRUB's multiboot2 (the ISO's
  shipped Xen entries, and test-only entries), with and without an
  initrd, dom0_mem 64 MiB and 512 MiB: every report value checked
  (ram_kib is exactly dom0_mem: Xen 4.17 answers XENMEM_memory_map for a
  PV dom0 with -ENOSYS, so paraboot reports nr_pages);
- the x86_64 image on the PV32 Xen too;
- the remap's self-tests, both bitnesses: a value written through the
  identity map reads back at PAGE_OFFSET; the identity map is gone
  (reading it faults); a refused hypercall ends in "paraboot: error:
  mmu_update failed";
- a 32-bit dom0 of exactly the i386 direct map (896 MiB) boots, a larger
  one ends in paraboot's named error;
- Debian's Xen refuses the i386 image with its own message (the limit is
  Xen's build, not paraboot's);
- a payload whose Xen notes are gone is not taken for a Xen kernel.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import Suite, build_dir, parse_report, run_qemu  # noqa: E402
from paraboot import (PAGE_OFFSET, check_report, elf_symbol,  # noqa: E402
                      expected_xen, grub_menu, image, make_initrd, make_iso,
                      parallel, repack_payload, require, vmlinux)

XEN_END = re.compile(r"^\(XEN\) (Hardware Dom0 (halted|crashed|shutdown)|"
                     r"Manual reset required)[^\n]*\n", re.M)
XEN_ARGS = "console=com1 com1=115200,8n1 dom0_max_vcpus=1 noreboot"
TIMEOUT = 120
# The hypervisor each image is tested on first, and what Xen calls it.
XEN_FOR = {"x86_64": "stock", "i386": "pv32"}


def xen_file(xen, name=None):
    """Debian's Xen (stock) or the PV32 build: the ELF QEMU loads, or
    (name="gz") the compressed file GRUB loads."""
    d = os.path.join(build_dir(), "xen" if xen == "stock" else "xen-pv32")
    if name == "gz":
        name = "xen-4.17-amd64.gz" if xen == "stock" else "xen.gz"
    return os.path.join(d, name or "xen")


def multiboot_argv(xen, bzimage, args, initrd, dom0_mb, ram_mb=None):
    mods = f"{bzimage} {args}" + (f",{initrd}" if initrd else "")
    return ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
            "-m", str(ram_mb or dom0_mb + 384), "-display", "none",
            "-serial", "stdio", "-monitor", "none", "-no-reboot",
            "-kernel", xen_file(xen), "-append",
            f"{XEN_ARGS} dom0_mem={dom0_mb}M", "-initrd", mods]


def boot(argv):
    return run_qemu(argv, timeout=TIMEOUT, until=XEN_END, grace=0)


def expected(arch, args, initrd, dom0_mb):
    return expected_xen(arch, args.encode(), initrd, dom0_mb)


def check_boot(suite, name, res, exp):
    check_report(suite, name, res, exp)
    suite.check(f"{name}: SCHEDOP_shutdown(poweroff) halted Xen",
                "(XEN) Hardware Dom0 halted: halting machine" in res.output,
                res.output[-300:])


def multiboot(suite, tmp):
    initrd = os.path.join(tmp, "initrd.img")
    data = make_initrd(initrd, 123457, seed=5)
    cases = [(arch, XEN_FOR[arch], mb, rd) for arch in ("x86_64", "i386")
             for mb in (64, 512) for rd in (True, False)]
    cases.append(("x86_64", "pv32", 64, True))

    def one(case):
        arch, xen, mb, rd = case
        args = f"console=hvc0 paraboot.test=xen-multiboot-{arch}"
        return case, args, boot(multiboot_argv(xen, image(arch), args,
                                               initrd if rd else None, mb))

    for (arch, xen, mb, rd), args, res in parallel(one, cases):
        check_boot(suite, f"{arch} on {xen} Xen, multiboot dom0_mem={mb}M "
                   f"{'initrd' if rd else 'no-initrd'}", res,
                   expected(arch, args, data if rd else None, mb))


def grub(suite, tmp):
    text = grub_menu("bios")
    titles = re.findall(r"^menuentry '([^']*)'", text, re.M)
    entries = re.findall(r"multiboot2 (\S+) (.*)\n\s*module2 /boot/(\S+)/"
                         r"bzImage (.*)\n", text)
    sample = open(os.path.join(build_dir(), "sample-initrd.img"), "rb").read()
    xen_gz = {"x86_64": "/boot/xen.gz", "i386": "/boot/xen-pv32.gz"}

    extra, cases = "", []
    for xen_path, xen_args, arch, dom0_args in entries:
        shipped = next(i for i, t in enumerate(titles)
                       if t.startswith("Xen") and f"paraboot {arch}" in t)
        dom0_mb = int(re.search(r"dom0_mem=(\d+)M", xen_args).group(1))
        cases.append((shipped, arch, dom0_mb, dom0_args, sample))
    for arch in ("x86_64", "i386"):
        for mb in (64, 512):
            for rd in (True, False):
                args = f"console=hvc0 paraboot.test=grub-{arch}-{mb}"
                extra += (f"menuentry 'test: Xen, {arch}, dom0_mem={mb}M' {{\n"
                          f"\tmultiboot2 {xen_gz[arch]} {XEN_ARGS} "
                          f"dom0_mem={mb}M\n"
                          f"\tmodule2 /boot/{arch}/bzImage {args}\n"
                          + ("\tmodule2 /boot/initrd.img\n" if rd else "")
                          + "}\n")
                cases.append((len(titles) + len(cases) - len(entries), arch,
                              mb, args, sample if rd else None))

    def one(case):
        index, arch, mb, args, rd = case
        cfg_text = re.sub(r"^set default=.*$", f"set default={index}",
                          text + extra, flags=re.M)
        cfg_text = re.sub(r"^set timeout=.*$", "set timeout=0", cfg_text,
                          flags=re.M)
        iso = make_iso(tmp, f"xen{index}", cfg_text)
        argv = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                "-m", str(mb + 384), "-display", "none", "-serial", "stdio",
                "-monitor", "none", "-no-reboot", "-cdrom", iso]
        return case, boot(argv)

    for (index, arch, mb, args, rd), res in parallel(one, cases):
        what = "shipped entry" if index < len(titles) else "test entry"
        name = (f"GRUB multiboot2 ({what}) {arch} dom0_mem={mb}M "
                f"{'initrd' if rd else 'no-initrd'}")
        check_boot(suite, name, res, expected(arch, args, rd, mb))
        suite.check(f"{name}: Xen saw GRUB", "Bootloader: GRUB 2"
                    in res.output, res.output[:300])


def selftests(suite):
    cases = [(arch, test) for arch in ("x86_64", "i386")
             for test in ("remap", "identity-gone", "bad-mmu-update")]

    def one(case):
        arch, test = case
        args = f"console=hvc0 paraboot.selftest={test}"
        return case, boot(multiboot_argv(XEN_FOR[arch], image(arch), args,
                                         None, 512))

    for (arch, test), res in parallel(one, cases):
        name = f"{arch} {test}"
        probe = elf_symbol(vmlinux(arch), "xen_remap_probe") \
            - PAGE_OFFSET[arch]
        lines = [l for l in res.output.splitlines() if "paraboot" in l]
        suite.check(f"{name}: Xen's last line came before the timeout",
                    not res.timed_out, f"{res}")
        if test == "remap":
            m = re.search(r"^paraboot: selftest remap: wrote (0x[0-9a-f]+) at "
                          r"identity (0x[0-9a-f]+), read (0x[0-9a-f]+) at "
                          r"(0x[0-9a-f]+)$", res.output, re.M)
            suite.check(f"{name}: the selftest ran", m is not None,
                        "\n".join(lines))
            if m:
                wrote, ident, read, alias = (int(g, 16) for g in m.groups())
                suite.equal(f"{name}: read back at PAGE_OFFSET what was "
                            "written through the identity map", read, wrote)
                suite.equal(f"{name}: the identity address", ident, probe)
                suite.equal(f"{name}: the PAGE_OFFSET alias", alias,
                            probe + PAGE_OFFSET[arch])
            suite.check(f"{name}: report ends in ok",
                        parse_report(res.output)["ok"], "\n".join(lines))
            continue
        if test == "identity-gone":
            want = re.compile(
                r"^paraboot: error: CPU exception 14 \(#PF page fault\) at "
                rf"ip 0x{PAGE_OFFSET[arch] >> 28:x}[0-9a-f]{{7}}, error code "
                rf"0x[0-9a-f]+, cr2 {hex(probe)}$")
            errs = [l for l in lines if l.startswith("paraboot: error: ")]
            suite.check(f"{name}: reading the identity map faults",
                        len(errs) == 1 and want.match(errs[0]) is not None,
                        "\n".join(lines))
        else:
            suite.check(f"{name}: the refusal is reported",
                        "paraboot: error: mmu_update failed: -22 (EINVAL)"
                        in lines, "\n".join(lines))
        suite.check(f"{name}: the domain crashed, as it should",
                    "Hardware Dom0 crashed" in res.output, res.output[-300:])


def direct_map_edge(suite):
    """A 32-bit dom0 as large as the i386 direct map (896 MiB at
    PAGE_OFFSET, which HV_START_LOW keeps below Xen's hole) boots; one
    larger ends in the named error."""
    args = "console=hvc0 paraboot.test=edge"
    cases = [896, 1024]

    def one(mb):
        return mb, boot(multiboot_argv("pv32", image("i386"), args, None, mb,
                                       ram_mb=mb + 512))

    for mb, res in parallel(one, cases):
        name = f"i386 dom0_mem={mb}M"
        if mb == 896:
            check_boot(suite, name, res, expected("i386", args, None, mb))
            continue
        errs = [l for l in res.output.splitlines()
                if l.startswith("paraboot: error: ")]
        suite.equal(f"{name}: the named error", errs,
                    [f"paraboot: error: the domain has {mb} MiB; paraboot "
                     "maps at most 896 MiB at PAGE_OFFSET"])
        suite.check(f"{name}: no report, a crash",
                    parse_report(res.output)["env"] is None and
                    "Hardware Dom0 crashed" in res.output, res.output[-300:])


def refusals(suite, tmp):
    img = os.path.join(tmp, "no-notes.bzImage")
    repack_payload(image("x86_64"), img,
                   lambda elf: elf.replace(b"Xen\0", b"Xxn\0"))
    cases = [
        ("no Xen notes", "stock", img,
         ["ERROR: Will only load images built for the generic loader or "
          "Linux images", "Could not construct domain 0"]),
        ("the i386 image on Debian's Xen (no CONFIG_PV32)", "stock",
         image("i386"), ["Found 32-bit PV kernel, but CONFIG_PV32 missing",
                         "Could not construct domain 0"]),
    ]

    def one(case):
        return case, boot(multiboot_argv(case[1], case[2], "console=hvc0",
                                         None, 64))

    for (what, xen, img, msgs), res in parallel(one, cases):
        suite.check(f"{what}: Xen refuses the kernel",
                    all(m in res.output for m in msgs), res.output[-600:])
        suite.check(f"{what}: paraboot never runs",
                    "paraboot:" not in res.output and not res.timed_out,
                    f"{res}\n{res.output[-300:]}")


def main():
    suite = Suite("xen")
    if require(suite, [image("x86_64"), image("i386")] +
               [xen_file(x, n) for x in ("stock", "pv32")
                for n in (None, "gz")] +
               [os.path.join(build_dir(), "sample-initrd.img")],
               "make test fetches and builds both Xens and the images"):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-xen-")
    try:
        multiboot(suite, tmp)
        grub(suite, tmp)
        selftests(suite)
        direct_map_edge(suite)
        refusals(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
