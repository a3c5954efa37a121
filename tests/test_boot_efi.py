#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests of the EFI stub (efi/): the bzImage started as an EFI
application by Debian's OVMF (x64 for the x86_64 image, the IA32 build for
the i386 image, a PE32), and through the EFI handover protocol by GRUB's
linuxefi.  Every run checks every report value, and QEMU must exit by
itself (power-off through the RSDP in the firmware's system table).

- OVMF's QEMU -kernel: -append as LoadOptions (OVMF adds " initrd=initrd"
  when there is an initrd), -initrd through LoadFile2 on
  LINUX_EFI_INITRD_MEDIA_GUID; pc and q35, 256 MiB and 2 GiB;
- the UEFI shell, from a startup.nsh on a FAT disk made with mtools: the
  shell's own `memmap` first, which the report's RAM and E820 entry count
  must match exactly once translated (Loader/BootServices/Conventional
  are RAM, adjacent entries of one type merged); then bad input, each a
  named error and an EFI status the shell gets back (%lasterror%) before
  it goes on: an initrd= that does not exist (EFI_NOT_FOUND), a non-ASCII
  command line and one a character longer than cmdline_size
  (EFI_INVALID_PARAMETER); then the image with arguments and
  initrd=\\initrd.img from the same volume, or without an initrd;
- \\EFI\\BOOT\\BOOTX64.EFI (BOOTIA32.EFI) on a FAT disk and no boot loader
  at all: the firmware's removable-media boot (no command line, no
  initrd), and a Boot#### option whose OptionalData is the command line
  with initrd= (the shell writes it with setvar, as efibootmgr would on a
  running system, and resets; the firmware's boot manager starts it);
- GRUB's linuxefi/initrdefi (grub-mkstandalone with Debian's x86_64-efi
  and i386-efi GRUB 2.06): entry=efi-handover, loader 0x21 as GRUB sets it;
- a memory map with no room for the kernel: a kernel with 32 MiB of bss,
  wrapped by mkbzimage, needs 0x100000 on, where OVMF keeps ACPI NVS at
  8 MiB: a named error, and the firmware goes on to its next boot option.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures",
                                "bzinfo"))
from harness import (REPORT_END, RunResult, Suite,  # noqa: E402
                     parse_report, run_qemu)
from paraboot import (ARCHES, BITS, PAGE_OFFSET, check_report,  # noqa: E402
                      elf_entry, image, make_initrd, parallel, require,
                      vmlinux)
import make_fixture  # noqa: E402

MKBZIMAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "scripts", "mkbzimage")

TIMEOUT = 150
OVMF = {  # code, variable store template, QEMU -machine extras
    "x86_64": ("/usr/share/OVMF/OVMF_CODE_4M.fd",
               "/usr/share/OVMF/OVMF_VARS_4M.fd", ""),
    # Debian's IA32 OVMF is the Secure Boot build: it needs SMM (q35 only);
    # no keys are enrolled, so nothing is enforced.
    "i386": ("/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd",
             "/usr/share/OVMF/OVMF32_VARS_4M.fd", ",smm=on"),
}
REMOVABLE = {"x86_64": "BOOTX64.EFI", "i386": "BOOTIA32.EFI"}
GRUB_PLATFORM = {"x86_64": "x86_64-efi", "i386": "i386-efi"}
# What the stub finds at its entry: x64 firmware runs in long mode on a
# 4-level identity map; IA32 OVMF pages with PAE on a CPU with NX (QEMU's
# x86_64 CPUs have it), to keep data non-executable.
PAGING = {"x86_64": "4level", "i386": "pae"}
# RAM the firmware keeps (runtime services, ACPI, its own reservations):
# x64 OVMF about 6 MiB, the IA32 SMM build 35 MiB more (TSEG).
FIRMWARE_KEEPS_KIB = {"x86_64": 16 * 1024, "i386": 48 * 1024}
LOADER_UNDEFINED = "0xff"           # the stub is the loader: no assigned ID
LOADER_GRUB_LINUXEFI = "0x21"

# Quotes and backslashes, exercising the report's quoting.  OVMF passes
# -append through unchanged, so a tab goes along there.
CMDLINE = b'console=ttyS0 paraboot.test="efi \\"quoted\\"" back\\slash \ttab end'
# The shell takes a line as typed (its escape character is ^, and % starts
# a variable): no tab, which it would take for a separator.
SHELL_CMDLINE = b'console=ttyS0 paraboot.test="shell \\"quoted\\"" back\\slash end'
GRUB_CMDLINE = b"console=ttyS0 paraboot.test=handover"
CMDLINE_SIZE = 2047
# One character more than the header's cmdline_size allows.
TOO_LONG = "console=ttyS0 " + "x" * (CMDLINE_SIZE + 1 - 14)
OK_LINE = re.compile(r"^paraboot: ok\n", re.M)
# bss enough to take the work area from 1 MiB past 8 MiB.
NO_ROOM_BSS = 32 << 20
EFI_INVALID_PARAMETER, EFI_NOT_FOUND = 2, 14


def shell_status(text):
    """%lasterror% as an EFI status code without its error bit (the x64
    shell prints 0xE, the IA32 one 0x8000000E)."""
    return int(text, 16) & 0x7fffffff


# ------------------------------------------------------------ machines
def qemu_argv(arch, tmp, name, machine="q35", mem=256, disk=None,
              kernel=None, append=None, initrd=None, reboot=False):
    code, vars_template, extra = OVMF[arch]
    nvram = os.path.join(tmp, f"{name}.vars.fd")
    shutil.copyfile(vars_template, nvram)
    argv = ["qemu-system-x86_64", "-machine", machine + extra, "-accel",
            "tcg", "-m", str(mem), "-display", "none", "-serial", "stdio",
            "-monitor", "none", "-net", "none",
            "-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={code}",
            "-drive", f"if=pflash,format=raw,unit=1,file={nvram}"]
    if arch == "i386":
        argv += ["-global", "driver=cfi.pflash01,property=secure,value=on"]
    if not reboot:
        argv += ["-no-reboot"]      # a reset ends the run
    if disk:
        argv += ["-drive", f"file={disk},format=raw,if=virtio"]
    if kernel:
        argv += ["-kernel", kernel, "-append", append.decode("latin-1")]
    if initrd:
        argv += ["-initrd", initrd]
    return argv


def boot(argv, until=REPORT_END):
    # Give the power-off 10 s to end QEMU by itself: that is tested too.
    return run_qemu(argv, timeout=TIMEOUT, until=until, grace=10)


def fat_disk(path, files):
    """A FAT file system on a whole disk (no partition table: OVMF reads
    it as one), made with mtools; files maps "dir/name" to a host file."""
    with open(path, "wb") as f:
        f.truncate(16 << 20)
    subprocess.run(["mformat", "-i", path, "-v", "PARABOOT", "::"],
                   check=True)
    made = set()
    for name, src in sorted(files.items()):
        parts = name.split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in made:
                subprocess.run(["mmd", "-i", path, "::/" + d], check=True)
                made.add(d)
        subprocess.run(["mcopy", "-i", path, src, "::/" + name], check=True)
    return path


def nsh(tmp, name, lines):
    """A shell script in UCS-2 with a byte-order mark (the shell reads
    ASCII too; UCS-2 carries the non-ASCII test character)."""
    path = os.path.join(tmp, name)
    text = "\r\n".join(["echo -off"] + lines) + "\r\n"
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def expected(arch, cmdline, initrd, mem, entry="efi",
             loader=LOADER_UNDEFINED):
    kib = mem * 1024
    return {
        "env": {"subarch": "pc", "ring": 0, "bits": BITS[arch],
                "entry": entry, "paging_at_entry": PAGING[arch],
                "keep_segments": 0, "loader": loader, "protocol": "2.15"},
        "cmdline": cmdline,
        "ram_kib": (kib - FIRMWARE_KEEPS_KIB[arch], kib),
        "e820_entries": (3, 128),
        "initrd": initrd,
        "entry_phys": elf_entry(vmlinux(arch)),
        "page_offset": PAGE_OFFSET[arch],
    }


def check_boot(suite, name, run, expect):
    check_report(suite, name, run, expect)
    suite.check(f"{name}: powered off (QEMU exited by itself)",
                run.returncode == 0 and not run.stopped, f"{run}")


def part_after(run, marker):
    """The output after a marker line, as a run of its own."""
    text = run.output.split(marker, 1)[-1]
    return RunResult(text, run.returncode, run.timed_out, run.stopped,
                     run.seconds)


# ------------------------------------------------- the firmware's map
# The UEFI shell's memmap names (ShellPkg) and how E820 sees each type.
MEMMAP_RAM = {"LoaderCode", "LoaderData", "BS_Code", "BS_Data",
              "Available"}
MEMMAP_E820 = {"ACPI_Recl": 3, "ACPI_NVS": 4, "Unusable": 5}
MEMMAP_LINE = re.compile(r"^(\w+)\s+([0-9A-F]{16})-([0-9A-F]{16})\s+"
                         r"([0-9A-F]{16})\s+[0-9A-F]{16}$", re.M)


def memmap_e820(text):
    """(RAM KiB, entry count) of the E820 map a memmap listing makes."""
    entries = []
    for typ, start, end, pages in MEMMAP_LINE.findall(text):
        e820 = 1 if typ in MEMMAP_RAM else MEMMAP_E820.get(typ, 2)
        entries.append((int(start, 16), int(pages, 16) * 4096, e820))
    entries.sort()
    merged = []
    for addr, size, typ in entries:
        if merged and merged[-1][2] == typ and \
                merged[-1][0] + merged[-1][1] == addr:
            merged[-1][1] += size
        else:
            merged.append([addr, size, typ])
    ram = sum(size for _, size, typ in merged if typ == 1)
    return ram // 1024, len(merged)


# ---------------------------------------------------------------- ways in
# Each way in has a runner (the disk or files it needs, then the boot) and
# a checker; all runs share one pool of two emulators.

def run_kernel(tmp, rd, arch, machine, mem, initrd):
    """OVMF's QEMU -kernel."""
    name = f"kernel-{arch}-{machine}-{mem}-{initrd}"
    return boot(qemu_argv(arch, tmp, name, machine, mem, kernel=image(arch),
                          append=CMDLINE, initrd=rd[0] if initrd else None))


def check_kernel(suite, run, rd, arch, machine, mem, initrd):
    name = (f"{arch} OVMF -kernel {machine} {mem}M "
            f"{'-initrd' if initrd else 'no initrd'}")
    cmdline = CMDLINE + (b" initrd=initrd" if initrd else b"")
    check_boot(suite, name, run, expected(arch, cmdline,
                                          rd[1] if initrd else None, mem))


def run_shell(tmp, rd, arch, initrd):
    """The UEFI shell: with an initrd, memmap and two bad starts first."""
    args = SHELL_CMDLINE.decode() + (" initrd=\\initrd.img" if initrd else "")
    lines = ["memmap", "fs0:",
             "\\paraboot.efi console=ttyS0 initrd=\\no\\such.img",
             "echo paraboot-test: missing initrd %lasterror%",
             "\\paraboot.efi console=ttyS0 caf\u00e9",
             "echo paraboot-test: non-ASCII %lasterror%",
             "\\paraboot.efi " + TOO_LONG,
             "echo paraboot-test: too long %lasterror%",
             "\\paraboot.efi " + args] if initrd else \
            ["fs0:", "\\paraboot.efi " + args]
    name = f"shell-{arch}-{initrd}"
    disk = fat_disk(os.path.join(tmp, name + ".img"), {
        "paraboot.efi": image(arch), "initrd.img": rd[0],
        "startup.nsh": nsh(tmp, name + ".nsh", lines)})
    return boot(qemu_argv(arch, tmp, name, disk=disk), until=OK_LINE)


def check_shell(suite, run, rd, arch, initrd):
    name = f"{arch} UEFI shell {'initrd=' if initrd else 'no initrd'}"
    cmdline = SHELL_CMDLINE + (b" initrd=\\initrd.img" if initrd else b"")
    if not initrd:
        check_boot(suite, name, run, expected(arch, cmdline, None, 256))
        return
    out = run.output
    for what, error, status in (
            ("missing initrd", "initrd=\\no\\such.img: cannot open it on "
             "the volume paraboot was loaded from: EFI_NOT_FOUND",
             EFI_NOT_FOUND),
            ("non-ASCII", "the command line has U+00E9 after 17 ASCII "
             "characters: paraboot takes an ASCII command line: "
             "EFI_INVALID_PARAMETER", EFI_INVALID_PARAMETER),
            ("too long", f"the command line is {len(TOO_LONG)} characters, "
             f"longer than cmdline_size {CMDLINE_SIZE}: "
             "EFI_INVALID_PARAMETER", EFI_INVALID_PARAMETER)):
        suite.check(f"{name}: {what}: the named error",
                    f"paraboot: error: {error}\n" in out,
                    f"{run}\n{out[-1500:]}")
        got = re.search(rf"^paraboot-test: {what} (0x[0-9A-F]+)$", out, re.M)
        suite.check(f"{name}: {what}: the status back to the shell, which "
                    f"goes on", got and shell_status(got.group(1)) == status,
                    f"{got and got.group(0)}")
    good = part_after(run, "paraboot-test: too long")
    check_boot(suite, name, good, expected(arch, cmdline, rd[1], 256))
    rep = parse_report(good.output)
    if rep["memory"]:
        kib, n = memmap_e820(out.split("paraboot: error:", 1)[0])
        suite.equal(f"{name}: ram_kib is the shell's memmap RAM",
                    int(rep["memory"]["ram_kib"]), kib)
        suite.equal(f"{name}: e820_entries is the shell's memmap, "
                    f"translated and merged",
                    int(rep["memory"]["e820_entries"]), n)


def load_option(path, optional_data):
    """An EFI_LOAD_OPTION (UEFI 3.1.3) for a short-form file path (the
    boot manager finds the file on any volume), as setvar's hex."""
    file_path = (path + "\0").encode("utf-16-le")
    dev_path = struct.pack("<BBH", 4, 4, 4 + len(file_path)) + file_path + \
        struct.pack("<BBH", 0x7f, 0xff, 4)
    data = struct.pack("<IH", 1, len(dev_path))   # LOAD_OPTION_ACTIVE
    data += "paraboot\0".encode("utf-16-le") + dev_path + optional_data
    return data.hex().upper()


def run_removable(tmp, rd, arch, initrd):
    """\\EFI\\BOOT\\BOOT{X64,IA32}.EFI, no boot loader."""
    name = f"removable-{arch}-{initrd}"
    boot_file = "EFI/BOOT/" + REMOVABLE[arch]
    if not initrd:
        disk = fat_disk(os.path.join(tmp, name + ".img"),
                        {boot_file: image(arch)})
        return boot(qemu_argv(arch, tmp, name, disk=disk))
    # The first boot (the shell: no BOOT*.EFI yet) writes Boot0100 and puts
    # the file in place; after the reset the boot manager starts Boot0100.
    # OptionalData: UCS-2 without a NUL, as efibootmgr -u writes it.
    win_path = "\\" + boot_file.replace("/", "\\")
    opt = (SHELL_CMDLINE + b" initrd=\\initrd.img").decode()
    lines = ["fs0:", "mkdir \\EFI", "mkdir \\EFI\\BOOT",
             f"cp \\paraboot.efi {win_path}",
             "setvar Boot0100 -nv -bs -rt =H" + load_option(
                 win_path, opt.encode("utf-16-le")),
             "setvar BootOrder =H0001", "reset"]
    disk = fat_disk(os.path.join(tmp, name + ".img"), {
        "paraboot.efi": image(arch), "initrd.img": rd[0],
        "startup.nsh": nsh(tmp, name + ".nsh", lines)})
    return boot(qemu_argv(arch, tmp, name, disk=disk, reboot=True))


def check_removable(suite, run, rd, arch, initrd):
    if initrd:
        check_boot(suite, f"{arch} Boot#### option for {REMOVABLE[arch]}",
                   run, expected(arch, SHELL_CMDLINE + b" initrd=\\initrd.img",
                                 rd[1], 256))
    else:
        # edk2's own boot options carry binary OptionalData (a GUID): not
        # a command line.
        check_boot(suite, f"{arch} {REMOVABLE[arch]}, no loader", run,
                   expected(arch, b"", None, 256))


def run_grub(tmp, rd, arch, initrd):
    """GRUB's linuxefi: the EFI handover protocol."""
    name = f"grub-{arch}-{initrd}"
    cfg = os.path.join(tmp, name + ".cfg")
    with open(cfg, "w") as f:
        f.write("set timeout=0\n"
                f"linuxefi (memdisk)/boot/bzImage {GRUB_CMDLINE.decode()}\n"
                + ("initrdefi (memdisk)/boot/initrd.img\n" if initrd else "")
                + "boot\n")
    grub = os.path.join(tmp, name + ".efi")
    subprocess.run(["grub-mkstandalone", "-O", GRUB_PLATFORM[arch], "-o",
                    grub, "--modules=linuxefi",
                    "--install-modules=linuxefi normal configfile memdisk "
                    "tar", "--locales=", "--fonts=", "--themes=",
                    f"boot/grub/grub.cfg={cfg}",
                    f"boot/bzImage={image(arch)}",
                    f"boot/initrd.img={rd[0]}"], check=True)
    disk = fat_disk(os.path.join(tmp, name + ".img"),
                    {"EFI/BOOT/" + REMOVABLE[arch]: grub})
    return boot(qemu_argv(arch, tmp, name, disk=disk))


def check_grub(suite, run, rd, arch, initrd):
    name = f"{arch} GRUB linuxefi {'initrdefi' if initrd else 'no initrd'}"
    check_boot(suite, name, run, expected(
        arch, b"BOOT_IMAGE=(memdisk)/boot/bzImage " + GRUB_CMDLINE,
        rd[1] if initrd else None, 256, entry="efi-handover",
        loader=LOADER_GRUB_LINUXEFI))


def run_no_room(tmp, rd, arch):
    """A kernel whose work area the firmware holds part of."""
    elf = bytearray(make_fixture.make_elf(BITS[arch]))
    if BITS[arch] == 64:
        phoff, memsz, fmt = struct.unpack_from("<Q", elf, 32)[0], 40, "<Q"
    else:
        phoff, memsz, fmt = struct.unpack_from("<I", elf, 28)[0], 20, "<I"
    struct.pack_into(fmt, elf, phoff + memsz, NO_ROOM_BSS)
    path = os.path.join(tmp, f"no-room-{arch}")
    with open(path + ".elf", "wb") as f:
        f.write(elf)
    subprocess.run([sys.executable, MKBZIMAGE, path + ".elf",
                    path + ".bzImage"], check=True)
    # The firmware goes on to its next boot option: stop at the error.
    return run_qemu(qemu_argv(arch, tmp, f"no-room-{arch}",
                              kernel=path + ".bzImage", append=CMDLINE),
                    timeout=TIMEOUT, until=REPORT_END, grace=1)


def check_no_room(suite, run, rd, arch):
    name = f"{arch} no room at 1 MiB (OVMF's ACPI NVS at 8 MiB)"
    errors = [l for l in run.output.splitlines()
              if l.startswith("paraboot: error: ")]
    want = re.compile(r"^paraboot: error: cannot allocate 0x100000-0x[0-9a-f]+ "
                      r"for the kernel, which is not relocatable \(the "
                      r"firmware uses that memory\): EFI_NOT_FOUND$")
    suite.check(f"{name}: the named error",
                errors and all(want.match(e) for e in errors),
                f"{errors!r}; {run}\n{run.output[-800:]}")
    suite.check(f"{name}: no report, no hang",
                "paraboot: ok" not in run.output and not run.timed_out,
                f"{run}")


WAYS = {"kernel": (run_kernel, check_kernel), "shell": (run_shell, check_shell),
        "removable": (run_removable, check_removable),
        "grub": (run_grub, check_grub), "no-room": (run_no_room, check_no_room)}


def plan():
    cases = [("kernel", arch, machine, mem, initrd) for arch in ARCHES
             for machine, mem in (("q35", 256), ("pc", 2048))
             if arch == "x86_64" or machine == "q35"
             for initrd in (False, True)]
    for way in ("shell", "removable", "grub"):
        cases += [(way, arch, initrd) for arch in ARCHES
                  for initrd in (False, True)]
    cases += [("no-room", arch) for arch in ARCHES]
    # The slow ones (two boots, the shell's 5 s pause) first.
    return sorted(cases, key=lambda c: c[0] not in ("removable", "shell"))


def main():
    suite = Suite("efi")
    firmware = [f for arch in ARCHES for f in OVMF[arch][:2]]
    if require(suite, [image(a) for a in ARCHES] +
               [vmlinux(a) for a in ARCHES] + firmware,
               "build the images and install ovmf, ovmf-ia32 "
               "(scripts/install-deps)"):
        return suite.finish()
    tmp = tempfile.mkdtemp(prefix="paraboot-efi-")
    try:
        rd_path = os.path.join(tmp, "initrd.img")
        rd = (rd_path, make_initrd(rd_path, 300007, seed=11))

        def one(case):
            return case, WAYS[case[0]][0](tmp, rd, *case[1:])

        for case, run in parallel(one, plan()):
            WAYS[case[0]][1](suite, run, rd, *case[1:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
