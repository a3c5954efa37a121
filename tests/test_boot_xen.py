#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paraboot as a Xen PV dom0: Debian's Xen 4.17 (unpacked by fetch-xen)
finds the ELF inside the x86_64 bzImage through payload_offset/length,
reads its Xen notes and enters startup_xen in ring 3; paraboot remaps
itself to PAGE_OFFSET and reports.

- Xen booted by QEMU's multiboot loader and by GRUB's multiboot2 (the
  ISO's shipped Xen entry, and test-only entries), with and without an
  initrd, dom0_mem 64 MiB and 512 MiB: every report value checked
  (ram_kib is exactly dom0_mem: Xen 4.17 answers XENMEM_memory_map for a
  PV dom0 with -ENOSYS, so paraboot reports nr_pages);
- the remap's self-tests: a value written through the identity map reads
  back at PAGE_OFFSET; the identity map is gone (reading it faults); a
  refused hypercall ends in "paraboot: error: mmu_update failed";
- a payload whose Xen notes are gone is not taken for a Xen kernel.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import ROOT, Suite, build_dir, parse_report, run_qemu  # noqa: E402
from paraboot import (PAGE_OFFSET, check_report, elf_symbol, image,  # noqa: E402
                      make_initrd, make_iso, parallel, repack_payload,
                      require, vmlinux)

XEN_END = re.compile(r"^\(XEN\) (Hardware Dom0 (halted|crashed|shutdown)|"
                     r"Manual reset required)[^\n]*\n", re.M)
XEN_ARGS = "console=com1 com1=115200,8n1 dom0_max_vcpus=1 noreboot"
TIMEOUT = 120


def xen_file(name):
    return os.path.join(build_dir(), "xen", name)


def multiboot_argv(bzimage, args, initrd, dom0_mb):
    mods = f"{bzimage} {args}" + (f",{initrd}" if initrd else "")
    return ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
            "-m", str(dom0_mb + 384), "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-no-reboot", "-kernel", xen_file("xen"),
            "-append", f"{XEN_ARGS} dom0_mem={dom0_mb}M",
            "-initrd", mods]


def boot(argv):
    return run_qemu(argv, timeout=TIMEOUT, until=XEN_END, grace=0)


def expected(args, initrd, dom0_mb):
    return {
        "env": {"subarch": "xen", "ring": 3, "bits": 64, "entry": "xen",
                "paging_at_entry": "4level", "keep_segments": 0,
                "loader": "0x90", "protocol": "2.15"},
        "cmdline": args.encode(),
        "ram_kib": (dom0_mb * 1024, dom0_mb * 1024),
        "e820_entries": (1, 1),
        "initrd": initrd,
        "entry_phys": elf_symbol(vmlinux("x86_64"), "startup_xen")
                      - PAGE_OFFSET["x86_64"],
        "page_offset": PAGE_OFFSET["x86_64"],
    }


def check_boot(suite, name, res, exp):
    check_report(suite, name, res, exp)
    suite.check(f"{name}: SCHEDOP_shutdown(poweroff) halted Xen",
                "(XEN) Hardware Dom0 halted: halting machine" in res.output,
                res.output[-300:])


def multiboot(suite, tmp):
    initrd = os.path.join(tmp, "initrd.img")
    data = make_initrd(initrd, 123457, seed=5)
    args = "console=hvc0 paraboot.test=xen-multiboot"
    cases = [(mb, rd) for mb in (64, 512) for rd in (True, False)]

    def one(case):
        mb, rd = case
        return case, boot(multiboot_argv(image("x86_64"), args,
                                         initrd if rd else None, mb))

    for (mb, rd), res in parallel(one, cases):
        check_boot(suite, f"multiboot dom0_mem={mb}M "
                   f"{'initrd' if rd else 'no-initrd'}", res,
                   expected(args, data if rd else None, mb))


def grub(suite, tmp):
    text = open(os.path.join(ROOT, "scripts", "iso", "grub.cfg")).read()
    titles = re.findall(r"^menuentry '([^']*)'", text, re.M)
    shipped = next(i for i, t in enumerate(titles) if t.startswith("Xen"))
    m = re.search(r"multiboot2 (\S+) (.*)\n\s*module2 (\S+) (.*)\n", text)
    xen_args, dom0_args = m.group(2), m.group(4)
    dom0_mb = int(re.search(r"dom0_mem=(\d+)M", xen_args).group(1))
    sample = open(os.path.join(build_dir(), "sample-initrd.img"), "rb").read()

    extra, cases = "", []
    for mb in (64, 512):
        for rd in (True, False):
            args = f"console=hvc0 paraboot.test=grub-{mb}"
            extra += (f"menuentry 'test: Xen, dom0_mem={mb}M' {{\n"
                      f"\tmultiboot2 /boot/xen.gz {XEN_ARGS} dom0_mem={mb}M\n"
                      f"\tmodule2 /boot/x86_64/bzImage {args}\n"
                      + ("\tmodule2 /boot/initrd.img\n" if rd else "") + "}\n")
            cases.append((len(titles) + len(cases), mb, args,
                          sample if rd else None))
    cases.append((shipped, dom0_mb, dom0_args, sample))

    def one(case):
        index, mb, args, rd = case
        cfg_text = re.sub(r"^set default=.*$", f"set default={index}",
                          text + extra, flags=re.M)
        cfg_text = re.sub(r"^set timeout=.*$", "set timeout=0", cfg_text,
                          flags=re.M)
        iso = make_iso(tmp, f"xen{index}", cfg_text)
        argv = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                "-m", str(mb + 384), "-display", "none", "-serial", "stdio",
                "-monitor", "none", "-no-reboot", "-cdrom", iso]
        return case, boot(argv)

    for (index, mb, args, rd), res in parallel(one, cases):
        what = "shipped entry" if index == shipped else "test entry"
        check_boot(suite, f"GRUB multiboot2 ({what}) dom0_mem={mb}M "
                   f"{'initrd' if rd else 'no-initrd'}", res,
                   expected(args, rd, mb))
        suite.check(f"GRUB multiboot2 ({what}) dom0_mem={mb}M: Xen saw GRUB",
                    "Bootloader: GRUB 2" in res.output, res.output[:300])


def selftests(suite):
    probe_identity = elf_symbol(vmlinux("x86_64"), "xen_remap_probe") \
        - PAGE_OFFSET["x86_64"]
    cases = ["remap", "identity-gone", "bad-mmu-update"]

    def one(test):
        args = f"console=hvc0 paraboot.selftest={test}"
        return test, boot(multiboot_argv(image("x86_64"), args, None, 512))

    for test, res in parallel(one, cases):
        lines = [l for l in res.output.splitlines() if "paraboot" in l]
        suite.check(f"{test}: Xen's last line came before the timeout",
                    not res.timed_out, f"{res}")
        if test == "remap":
            m = re.search(r"^paraboot: selftest remap: wrote (0x[0-9a-f]+) at "
                          r"identity (0x[0-9a-f]+), read (0x[0-9a-f]+) at "
                          r"(0x[0-9a-f]+)$", res.output, re.M)
            suite.check("remap: the selftest ran", m is not None,
                        "\n".join(lines))
            if m:
                wrote, ident, read, alias = (int(g, 16) for g in m.groups())
                suite.equal("remap: read back at PAGE_OFFSET what was written "
                            "through the identity map", read, wrote)
                suite.equal("remap: the identity address", ident,
                            probe_identity)
                suite.equal("remap: the PAGE_OFFSET alias", alias,
                            probe_identity + PAGE_OFFSET["x86_64"])
            suite.check("remap: report ends in ok",
                        parse_report(res.output)["ok"], "\n".join(lines))
        elif test == "identity-gone":
            want = (f"paraboot: error: CPU exception 14 (#PF page fault) at "
                    f"ip 0xffffffff8")
            addr = f"address {hex(probe_identity)}, "
            errs = [l for l in lines if l.startswith("paraboot: error: ")]
            suite.check("identity-gone: reading the identity map faults",
                        len(errs) == 1 and errs[0].startswith(want) and
                        addr in errs[0], "\n".join(lines))
            suite.check("identity-gone: the domain crashed, as it should",
                        "Hardware Dom0 crashed" in res.output,
                        res.output[-300:])
        else:
            suite.check("bad-mmu-update: the refusal is reported",
                        "paraboot: error: mmu_update failed: -22 (EINVAL)"
                        in lines, "\n".join(lines))
            suite.check("bad-mmu-update: the domain crashed, as it should",
                        "Hardware Dom0 crashed" in res.output,
                        res.output[-300:])


def no_notes(suite, tmp):
    img = os.path.join(tmp, "no-notes.bzImage")
    repack_payload(image("x86_64"), img,
                   lambda elf: elf.replace(b"Xen\0", b"Xxn\0"))
    res = boot(multiboot_argv(img, "console=hvc0", None, 64))
    suite.check("no Xen notes: Xen refuses the kernel",
                "ERROR: Will only load images built for the generic loader or "
                "Linux images" in res.output and
                "Could not construct domain 0" in res.output,
                res.output[-600:])
    suite.check("no Xen notes: paraboot never runs",
                "paraboot:" not in res.output and not res.timed_out,
                f"{res}\n{res.output[-300:]}")


def main():
    suite = Suite("xen")
    if require(suite, [image("x86_64"), xen_file("xen"),
                       xen_file("xen-4.17-amd64.gz"),
                       os.path.join(build_dir(), "sample-initrd.img")],
               "make test fetches Xen and builds the images"):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-xen-")
    try:
        multiboot(suite, tmp)
        grub(suite, tmp)
        selftests(suite)
        no_notes(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
