#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paraboot through the PVH entry: QEMU -kernel given the kernel ELF
(build/ARCH/vmlinux) finds XEN_ELFNOTE_PHYS32_ENTRY, loads the segments
at their physical addresses and enters pvh_start in 32-bit protected mode
with %ebx = hvm_start_info (built by QEMU's pvh.bin option ROM).

- both vmlinux files, pc and q35, 128 MiB to 3.5 GiB, with and without
  an initrd: every report value checked (entry=pvh, loader 0xb0 as
  Linux's PVH entry sets it off Xen, the command line byte-exact, the
  initrd's CRC, entry_phys = pvh_start), and the power-off through the
  RSDP that start_info passes;
- the memory map PVH hands over is the one the same machine's BIOS gives
  a bzImage: ram_kib and the entry count match a bzImage boot;
- a start_info with a wrong magic, and one of version 0 (no memory map),
  end in their named errors: the test puts a four-instruction trampoline
  that damages start_info into a copy of vmlinux (in its hypercall page,
  which only Xen PV uses) and points the PVH note at it.
"""
import os
import re
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, Suite, parse_report, run_qemu  # noqa: E402
from paraboot import (ARCHES, BITS, PAGE_OFFSET, check_report,  # noqa: E402
                      elf_symbol, image, make_initrd, parallel, require,
                      vmlinux)

TIMEOUT = 90
CMDLINE = b'console=ttyS0 paraboot.test="pvh \\"quoted\\"" end'
XEN_ELFNOTE_PHYS32_ENTRY = 18


def qemu_argv(kernel, machine="pc", mem=256, append=CMDLINE, initrd=None):
    argv = ["qemu-system-x86_64", "-machine", machine, "-accel", "tcg",
            "-m", str(mem), "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-no-reboot", "-kernel", kernel,
            "-append", append.decode("latin-1")]
    return argv + (["-initrd", initrd] if initrd else [])


def boot(argv):
    return run_qemu(argv, timeout=TIMEOUT, until=REPORT_END, grace=10)


def pvh_start(arch):
    return elf_symbol(vmlinux(arch), "pvh_start") - PAGE_OFFSET[arch]


def expected(arch, initrd, mem):
    kib = mem * 1024
    return {
        "env": {"subarch": "pc", "ring": 0, "bits": BITS[arch],
                "entry": "pvh", "paging_at_entry": "none",
                "keep_segments": 0, "loader": "0xb0", "protocol": "2.15"},
        "cmdline": CMDLINE,
        "ram_kib": (kib - 1024, kib),
        "e820_entries": (3, 128),
        "initrd": initrd,
        "entry_phys": pvh_start(arch),
        "page_offset": PAGE_OFFSET[arch],
    }


def matrix(suite, tmp):
    path = os.path.join(tmp, "initrd.img")
    data = make_initrd(path, 200003, seed=7)
    cases = [(arch, machine, mem, rd) for arch in ARCHES
             for machine, mem in (("pc", 128), ("q35", 1024), ("pc", 3584))
             for rd in (True, False)]

    def one(case):
        arch, machine, mem, rd = case
        return case, boot(qemu_argv(vmlinux(arch), machine, mem,
                                    initrd=path if rd else None))

    for (arch, machine, mem, rd), run in parallel(one, cases):
        name = f"{arch} {machine} {mem}M {'initrd' if rd else 'no-initrd'}"
        check_report(suite, name, run, expected(arch, data if rd else None,
                                                mem))
        suite.check(f"{name}: powered off (QEMU exited by itself)",
                    run.returncode == 0 and not run.stopped, f"{run}")


def same_map_as_bios(suite):
    cases = [(arch, kind) for arch in ARCHES for kind in ("pvh", "bzImage")]

    def one(case):
        arch, kind = case
        kernel = vmlinux(arch) if kind == "pvh" else image(arch)
        return case, boot(qemu_argv(kernel, "q35", 2048))

    memory = {}
    for (arch, kind), run in parallel(one, cases):
        memory[arch, kind] = parse_report(run.output)["memory"]
    for arch in ARCHES:
        suite.equal(f"{arch}: PVH's memory map is the BIOS's E820",
                    memory[arch, "pvh"], memory[arch, "bzImage"])


def elf_file_offset(data, vaddr):
    """File offset of a virtual address, through the program headers."""
    is64 = data[4] == 2
    phoff = struct.unpack_from("<Q" if is64 else "<I", data,
                               0x20 if is64 else 0x1c)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36 if is64 else 0x2a)
    for i in range(phnum):
        off = phoff + i * phentsize
        if is64:
            p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from(
                "<IIQQQQ", data, off)
        else:
            p_type, p_offset, p_vaddr, _, p_filesz = struct.unpack_from(
                "<IIIII", data, off)
        if p_type == 1 and p_vaddr <= vaddr < p_vaddr + p_filesz:
            return p_offset + vaddr - p_vaddr
    raise ValueError(f"0x{vaddr:x} is in no PT_LOAD")


def damaging_copy(tmp, arch, name, damage):
    """A copy of vmlinux whose PVH entry first runs `damage` (32-bit code
    that may use %ebx = start_info), then jumps to pvh_start."""
    data = bytearray(open(vmlinux(arch), "rb").read())
    page = elf_symbol(vmlinux(arch), "hypercall_page")
    page_pa = page - PAGE_OFFSET[arch]
    jmp_from = page_pa + len(damage) + 5
    code = damage + b"\xe9" + struct.pack("<i", pvh_start(arch) - jmp_from)
    at = elf_file_offset(data, page)
    data[at:at + len(code)] = code
    width = 8 if data[4] == 2 else 4
    note = struct.pack("<III", 4, width, XEN_ELFNOTE_PHYS32_ENTRY) + b"Xen\0"
    at = data.index(note) + len(note)
    data[at:at + width] = page_pa.to_bytes(width, "little")
    path = os.path.join(tmp, f"{arch}-{name}.vmlinux")
    with open(path, "wb") as f:
        f.write(data)
    return path


def bad_start_info(suite, tmp):
    cases = []
    for arch in ARCHES:
        cases += [
            (arch, "wrong magic", damaging_copy(
                tmp, arch, "magic", b"\xc7\x03\x00\x00\x00\x00"),
             re.compile(r"^paraboot: error: PVH start_info at 0x[0-9a-f]+: "
                        r"magic 0x00000000, not 0x336ec578$")),
            (arch, "version 0", damaging_copy(
                tmp, arch, "version", b"\xc7\x43\x04\x00\x00\x00\x00"),
             re.compile(r"^paraboot: error: PVH start_info version 0 has no "
                        r"memory map \(\d+ entries\)$")),
        ]

    def one(case):
        return case, boot(qemu_argv(case[2]))

    for (arch, what, path, want), run in parallel(one, cases):
        errors = [l for l in run.output.splitlines()
                  if l.startswith("paraboot: error: ")]
        suite.check(f"{arch} {what}: the named error",
                    len(errors) == 1 and want.match(errors[0]) is not None,
                    f"want /{want.pattern}/, got {errors!r}; {run}\n"
                    f"{run.output[-500:]}")
        suite.check(f"{arch} {what}: no report, no hang",
                    "paraboot: ok" not in run.output and not run.timed_out,
                    f"{run}")


def main():
    suite = Suite("pvh")
    if require(suite, [vmlinux(a) for a in ARCHES] +
               [image(a) for a in ARCHES]):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-pvh-")
    try:
        matrix(suite, tmp)
        same_map_as_bios(suite)
        bad_start_info(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
