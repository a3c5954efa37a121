#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests on UEFI PCs: Debian's OVMF firmware (x64, and IA32 for
32-bit UEFI) starts GRUB EFI from the hybrid ISO (scripts/mkiso), GRUB's
`linux` loads paraboot through the 32-bit boot protocol after
ExitBootServices, and paraboot reports and powers off through the ACPI
RSDP it finds in the firmware's configuration table (boot_params.efi_info:
"EL64" from x64 firmware, "EL32" from IA32 firmware).

- the shipped ISO untouched: on SeaBIOS it boots the BIOS menu's first
  entry, on OVMF the UEFI menu's (the grub.cfg's platform switch);
- each shipped UEFI entry (both images) on pc and q35, 256 MiB and 2 GiB;
  test entries without an initrd and with a 2047-byte command line; both
  images on 32-bit UEFI: every report value checked, and QEMU must exit by
  itself (the power-off worked);
- the UEFI menu offers no linux16 (no BIOS to run its real-mode setup).
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, Suite, build_dir, run_qemu  # noqa: E402
from paraboot import (ARCHES, BITS, PAGE_OFFSET, check_report,  # noqa: E402
                      elf_entry, grub_menu, image, make_iso, parallel,
                      require, vmlinux)

TIMEOUT = 150
CMDLINE_SIZE = 2047
OVMF = "/usr/share/ovmf/OVMF.fd"
OVMF32_CODE = "/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd"
OVMF32_VARS = "/usr/share/OVMF/OVMF32_VARS_4M.fd"
# RAM the firmware keeps for itself (runtime services, ACPI tables,
# reserved pages): x64 OVMF about 6 MiB of -m, the IA32 Secure Boot build
# 35 MiB more (SMM's TSEG, on q35 taken from RAM); the BIOS under 1 MiB.
FIRMWARE_KEEPS_KIB = {"bios": 1024, "x64": 16 * 1024, "ia32": 48 * 1024}


def qemu_argv(iso, machine="q35", mem=256, firmware="x64", tmp=None):
    argv = ["qemu-system-x86_64", "-accel", "tcg", "-m", str(mem),
            "-display", "none", "-serial", "stdio", "-monitor", "none",
            "-no-reboot", "-cdrom", iso]
    if firmware == "bios":
        return argv + ["-machine", machine]
    if firmware == "x64":
        return argv + ["-machine", machine, "-bios", OVMF]
    # Debian's IA32 OVMF is the Secure Boot build: it needs SMM and its own
    # writable copy of the variable store (no keys enrolled: nothing is
    # enforced).
    vars_copy = os.path.join(tmp, f"vars32-{os.path.basename(iso)}.fd")
    shutil.copyfile(OVMF32_VARS, vars_copy)
    return argv + ["-machine", f"{machine},smm=on", "-global",
                   "driver=cfi.pflash01,property=secure,value=on",
                   "-drive", f"if=pflash,format=raw,unit=0,file={OVMF32_CODE},"
                   "readonly=on",
                   "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]


def expected(arch, path, args, initrd, mem, firmware="x64"):
    kib = mem * 1024
    return {
        "env": {"subarch": "pc", "ring": 0, "bits": BITS[arch], "entry": 32,
                "paging_at_entry": "none", "keep_segments": 0,
                "loader": "0x72", "protocol": "2.15"},
        "cmdline": f"BOOT_IMAGE={path} {args}".encode(),
        "ram_kib": (kib - FIRMWARE_KEEPS_KIB[firmware], kib),
        "e820_entries": (3, 128),
        "initrd": initrd,
        "entry_phys": elf_entry(vmlinux(arch)),
        "page_offset": PAGE_OFFSET[arch],
    }


def entries(menu):
    """(index, arch, kernel path, args, initrd?) per `linux` entry."""
    out = []
    for i, body in enumerate(re.findall(r"menuentry '[^']*' \{(.*?)\n\}",
                                        menu, re.S)):
        m = re.search(r"^\s*linux (\S+) (.*)$", body, re.M)
        if not m:
            continue
        arch = "x86_64" if "/x86_64/" in m.group(1) else "i386"
        out.append((i, arch, m.group(1), m.group(2), "initrd" in body))
    return out


def with_default(menu, index, extra=""):
    menu = re.sub(r"^set default=.*$", f"set default={index}", menu,
                  flags=re.M)
    return re.sub(r"^set timeout=.*$", "set timeout=0", menu,
                  flags=re.M) + extra


def boot(suite, name, argv, exp):
    run = run_qemu(argv, timeout=TIMEOUT, until=REPORT_END, grace=10)
    check_report(suite, name, run, exp)
    suite.check(f"{name}: powered off (QEMU exited by itself)",
                run.returncode == 0 and not run.stopped, f"{run}")


def main():
    suite = Suite("grub efi")
    sample_path = os.path.join(build_dir(), "sample-initrd.img")
    if require(suite, [image(a) for a in ARCHES] +
               [sample_path, OVMF, OVMF32_CODE, OVMF32_VARS]):
        return suite.finish()
    sample = open(sample_path, "rb").read()
    efi_menu = grub_menu("efi")
    shipped = entries(efi_menu)
    suite.equal("the UEFI menu: linux for both images, nothing else",
                sorted(e[1] for e in shipped), ["i386", "x86_64"])
    suite.check("the UEFI menu offers no linux16 or multiboot",
                not re.search(r"^\s*(linux16|multiboot)", efi_menu, re.M),
                efi_menu)

    tmp = tempfile.mkdtemp(prefix="paraboot-grub-efi-")
    try:
        cases = []
        # The real grub.cfg, its timeout and all: the platform switch.
        real = make_iso(tmp, "shipped", open(
            os.path.join(os.path.dirname(__file__), "..", "scripts", "iso",
                         "grub.cfg")).read())
        bios_first = entries(grub_menu("bios"))[0]
        for firmware, (_, arch, path, args, rd) in (
                ("bios", bios_first), ("x64", shipped[0])):
            cases.append((f"the shipped ISO as is on {firmware}",
                          qemu_argv(real, "pc", 256, firmware, tmp),
                          expected(arch, path, args, sample if rd else None,
                                   256, firmware)))

        for i, arch, path, args, rd in shipped:
            iso = make_iso(tmp, f"efi{i}", with_default(efi_menu, i))
            for machine, mem in (("pc", 256), ("q35", 2048)):
                cases.append((f"{arch} UEFI linux {machine} {mem}M",
                              qemu_argv(iso, machine, mem),
                              expected(arch, path, args,
                                       sample if rd else None, mem)))
            cases.append((f"{arch} 32-bit UEFI linux q35 512M",
                          qemu_argv(iso, "q35", 512, "ia32", tmp),
                          expected(arch, path, args, sample if rd else None,
                                   512, "ia32")))

        n = len(shipped)
        path = "/boot/x86_64/bzImage"
        long_args = "console=ttyS0 long "
        long_args += "z" * (CMDLINE_SIZE - len(f"BOOT_IMAGE={path} ")
                            - len(long_args))
        extra = ("menuentry 'test: i386, no initrd' {\n"
                 "\tlinux /boot/i386/bzImage console=ttyS0 no initrd\n}\n"
                 "menuentry 'test: x86_64, 2047-byte command line' {\n"
                 f"\tlinux {path} {long_args}\n"
                 "\tinitrd /boot/initrd.img\n}\n")
        for i, arch, p, args, rd, what in (
                (n, "i386", "/boot/i386/bzImage", "console=ttyS0 no initrd",
                 None, "no initrd"),
                (n + 1, "x86_64", path, long_args, sample,
                 "2047-byte command line")):
            iso = make_iso(tmp, f"test{i}", with_default(efi_menu, i, extra))
            cases.append((f"{arch} UEFI linux {what}", qemu_argv(iso),
                          expected(arch, p, args, rd, 256)))

        parallel(lambda c: boot(suite, *c), cases)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
