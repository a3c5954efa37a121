#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The damaged-image campaign: both images, cut short and damaged in many
ways, booted under QEMU -kernel (the real-mode entry, SeaBIOS's serial
console on, as -nographic sets it), two at a time, each within a timeout.

Every boot must end in a named line: `paraboot: error: ...`, or QEMU's
own refusal when the file is too short to hold its setup sectors (QEMU
checks that before anything of paraboot runs), or `paraboot: ok` where
the damage is provably harmless (each such case says why).  A boot that
times out (a hang) or ends without such a line (a reset) fails.  Each
case also names the error it expects, and the error must start a line
of its own.  The outcome table (ok / each error / hang) ends the suite.

The damage, per image:
- truncations: in the setup (QEMU refuses), in the decompressor's head
  and its image check, in the payload, after it, just before the trailer;
- the CRC32 trailer and the setup's CRC word damaged;
- flipped bytes in the payload, as they are (the image check names them)
  and with the image's CRCs written again (gunzip names them);
- flipped bytes in the header fields paraboot and QEMU read, in the
  fields a loader writes, and in code and data of the setup and the
  decompressor outside the code that checks (which cannot check itself:
  README.md, "What the image checks");
- the ELF headers inside the payload (repacked to the same length, CRCs
  written again): p_type changed, and the fields the loader reads.

Beside the campaign: a truncated image through GRUB's `linux` (the
32-bit entry), loader64 (the 64-bit entry) and the lguest host (the
32-bit entry in ring 1), where the decompressor checks the image itself.
"""
import collections
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import ROOT, Suite, build_dir, run_qemu  # noqa: E402
from paraboot import (ARCHES, elf_symbol, glued_lines, image,  # noqa: E402
                      parallel, payload_span, repack_payload, require,
                      retrailer)
from testhosts import (LGUEST_END, LOADER64_END, lguest_argv,  # noqa: E402
                       loader64_argv)

# An ok boot takes about a second under TCG; an error stops at once.
TIMEOUT = 30
GRUB_TIMEOUT = 120
CMDLINE = "console=ttyS0 paraboot.damage"
QEMU_REFUSES = "qemu: invalid kernel header"
# The last line a boot can end in: paraboot's, or QEMU's refusal.
FINAL = re.compile(r"^(paraboot: (ok|error: [^\n]*)|" + QEMU_REFUSES + r")\n",
                   re.M)
HDR_TRAILER = 4

# What each named error is called in the table, by its message.
KINDS = [
    ("image: setup signature missing", r"image damaged or incomplete: the setup signature"),
    ("image: setup_sects", r"image damaged or incomplete: setup_sects"),
    ("image: syssize", r"image damaged or incomplete: syssize"),
    ("image: loader hook field", r"image damaged or incomplete: (realmode_swtch|code32_start)"),
    ("image: setup sectors CRC-32", r"image damaged or incomplete: the setup sectors"),
    ("image: CRC-32 trailer", r"image damaged or incomplete: the image's CRC-32"),
    ("payload: gzip/inflate", r"kernel payload: (?!ELF|the ELF)"),
    ("payload: ELF program header type", r"kernel payload: ELF program header \d+ has type"),
    ("payload: ELF header", r"kernel payload: ELF (?!program header \d+ has type)"),
    ("payload: ELF CRC-32", r"kernel payload: the ELF's CRC-32"),
    ("hardware_subarch", r"(unknown )?hardware_subarch"),
]


def kind_of(line):
    """The table's name for a final line."""
    if line == "paraboot: ok":
        return "ok"
    if line == QEMU_REFUSES:
        return "QEMU refuses: invalid kernel header"
    msg = line[len("paraboot: error: "):]
    for name, pattern in KINDS:
        if re.match(pattern, msg):
            return name
    return "other error: " + msg[:50]


def outcome(run):
    """(table name, final line) of one boot: its first final line, or a
    hang (the timeout) or a reset (QEMU ended without one)."""
    m = FINAL.search(run.output)
    if m:
        return kind_of(m.group(1)), m.group(1)
    return ("hang" if run.timed_out else "reset"), None


def qemu_argv(img, initrd=None):
    argv = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
            "-m", "256", "-nographic", "-monitor", "none", "-no-reboot",
            "-kernel", img, "-append", CMDLINE]
    if initrd:
        argv += ["-initrd", initrd]
    return argv


class Image:
    """One built image and where its parts lie in the file."""

    def __init__(self, arch):
        self.arch = arch
        self.path = image(arch)
        self.data = bytes(open(self.path, "rb").read())
        self.setup = (self.data[0x1f1] + 1) * 512
        self.payload, self.payload_len = payload_span(self.data)
        o = build_dir()
        self.setup_elf = os.path.join(o, arch, "setup.elf")
        self.zo_elf = os.path.join(o, arch, "compressed", "vmlinux")

    def setup_sym(self, name):
        """File offset of a setup symbol (the setup is linked at 0)."""
        return elf_symbol(self.setup_elf, name)

    def zo_sym(self, name):
        """File offset of a decompressor symbol (linked at 0, after the
        setup sectors in the file)."""
        return self.setup + elf_symbol(self.zo_elf, name)


def flip(data, offset, bits=0x01):
    out = bytearray(data)
    out[offset] ^= bits
    return out


def put32(data, offset, value):
    out = bytearray(data)
    struct.pack_into("<I", out, offset, value)
    return out


def elf_flip(field_offset, bits):
    """A transform flipping bits of the payload ELF at an offset computed
    from the ELF itself (field_offset(elf) -> offset)."""
    def transform(elf):
        out = bytearray(elf)
        out[field_offset(elf)] ^= bits
        return bytes(out)
    return transform


def phdr(elf, index, field):
    """Offset of a program header field, for either class."""
    is64 = elf[4] == 2
    phoff = struct.unpack_from("<Q" if is64 else "<I", elf,
                               32 if is64 else 28)[0]
    size = 56 if is64 else 32
    offsets = ({"type": 0, "flags": 4, "offset": 8, "paddr": 24,
                "filesz": 32, "memsz": 40} if is64 else
               {"type": 0, "offset": 4, "paddr": 12, "filesz": 16,
                "memsz": 20, "flags": 24})
    return phoff + index * size + offsets[field]


def ehdr(field):
    def at(elf):
        is64 = elf[4] == 2
        return {"class": 4, "machine": 18, "entry": 24,
                "phnum": 56 if is64 else 44,
                "shoff": 40 if is64 else 32}[field]
    return at


# A damaged ELF field elf_check() names if the value breaks its rules, and
# the ELF's CRC-32 catches if it does not: which one depends on the value.
ELF_FIELD = ("payload: ELF header", "payload: ELF CRC-32")


def cases_for(img, tmp):
    """(name, image bytes or path, expected kind(s), why it is ok, whether
    to boot with an initrd) for each case of one image."""
    d = img.data
    n = len(d)
    cases = []

    def add(name, data, want, why=None, initrd=None):
        cases.append((f"{img.arch} {name}", data, want, why, initrd))

    # Truncations.  QEMU refuses a file shorter than its setup sectors.
    for cut in (0x100, 0x1f0, 0x400, img.setup - 4, img.setup - 1):
        add(f"cut at 0x{cut:x} (in the setup)", d[:cut],
            "QEMU refuses: invalid kernel header")
    crc = "image: CRC-32 trailer"
    for what, cut in (
            ("the decompressor's first bytes", img.setup + 16),
            ("startup_32's middle", img.setup + 0x100),
            ("the decompressor's image check", img.zo_sym("check_image") + 8),
            ("just before the payload", img.payload - 1),
            ("the payload's gzip header", img.payload + 5),
            ("the payload's middle", img.payload + img.payload_len // 2),
            ("the payload's gzip trailer", img.payload + img.payload_len - 3),
            ("the inflate code", img.zo_sym("inflate_raw") + 0x40),
            ("the decompressor's rodata", img.zo_sym("z_input_len") + 2),
            ("8 bytes before the end", n - 8),
            ("just before the trailer", n - HDR_TRAILER),
            ("the trailer's last 3 bytes", n - 3),
            ("the trailer's last byte", n - 1)):
        add(f"cut in {what} (0x{cut:x})", d[:cut], crc)

    # The trailer and the setup's CRC word.
    for i in range(HDR_TRAILER):
        add(f"trailer byte {i} flipped", flip(d, n - HDR_TRAILER + i, 0x80),
            crc)
    add("trailer zeroed", put32(d, n - HDR_TRAILER, 0), crc)
    add("setup CRC word flipped", flip(d, img.setup - 4, 0x10),
        "image: setup sectors CRC-32")

    # Flipped payload bytes, the image's CRCs as built ...
    p, plen = img.payload, img.payload_len
    for what, off in (("gzip magic", p), ("gzip flags", p + 3),
                      ("deflate start", p + 10), ("payload middle", p + plen // 2),
                      ("gzip CRC32", p + plen - 8), ("gzip ISIZE", p + plen - 2)):
        add(f"{what} flipped", flip(d, off, 0x04), crc)
    # ... and written again, as if the image had been built damaged.
    for what, off in (("gzip flags", p + 3), ("deflate start", p + 10),
                      ("payload middle", p + plen // 2),
                      ("payload end", p + plen - 20), ("gzip CRC32", p + plen - 8),
                      ("gzip ISIZE", p + plen - 2)):
        add(f"{what} flipped, CRCs rewritten", retrailer(flip(d, off, 0x04)),
            "payload: gzip/inflate")

    # Header fields paraboot or QEMU reads.
    hdr = "image: setup sectors CRC-32"
    for what, off, bits, want in (
            ("setup_sects to 1", 0x1f1, d[0x1f1] ^ 1, "image: setup signature missing"),
            ("setup_sects one less", 0x1f1, d[0x1f1] ^ (d[0x1f1] - 1), "image: setup signature missing"),
            ("setup_sects bit 5", 0x1f1, 0x20, "image: setup_sects"),
            ("syssize", 0x1f4, 0x01, "image: syssize"),
            ("syssize high byte", 0x1f6, 0x01, "image: syssize"),
            ("boot_flag", 0x1fe, 0x01, hdr),
            ("version", 0x206, 0x08, hdr),
            ("kernel_version", 0x20e, 0x01, hdr),
            ("loadflags LOADED_HIGH", 0x211, 0x01, hdr),
            ("realmode_swtch", 0x208, 0x01, "image: loader hook field"),
            ("code32_start", 0x215, 0x01, "image: loader hook field"),
            ("initrd_addr_max", 0x22c, 0x01, hdr),
            ("kernel_alignment", 0x232, 0x01, hdr),
            ("relocatable_kernel", 0x234, 0x01, hdr),
            ("xloadflags", 0x236, 0x02, hdr),
            ("cmdline_size", 0x238, 0x01, hdr),
            ("payload_offset", 0x248, 0x01, hdr),
            ("payload_length", 0x24c, 0x01, hdr),
            ("pref_address", 0x259, 0x01, hdr),
            ("init_size", 0x262, 0x01, hdr),
            ("kernel_info_offset", 0x268, 0x01, hdr),
            ("the sentinel", 0x1ef, 0x01, hdr)):
        add(f"header {what} flipped", flip(d, off, bits), want)
    add("header hardware_subarch 0 -> 3", flip(d, 0x23c, 0x03),
        "hardware_subarch")

    # Fields a loader writes: the check counts them at the file's values.
    overwritten = "QEMU writes it on every boot (hw/i386/x86.c, x86_load_linux)"
    unread = "paraboot never reads it"
    for what, off, bits, why, initrd in (
            ("type_of_loader", 0x210, 0x5a, overwritten, None),
            ("loadflags CAN_USE_HEAP", 0x211, 0x80, overwritten, None),
            ("heap_end_ptr", 0x224, 0x33, overwritten, None),
            ("cmd_line_ptr", 0x229, 0x77, overwritten, None),
            ("ramdisk_image, with an initrd", 0x21a, 0x10, overwritten, True),
            ("ramdisk_size, with an initrd", 0x21c, 0x10, overwritten, True),
            ("vid_mode", 0x1fa, 0x0f, unread + " (QEMU writes it only "
             "for vga=)", None),
            ("root_flags", 0x1f2, 0x01, unread, None),
            ("root_dev", 0x1fc, 0x03, unread, None),
            ("ext_loader_ver", 0x226, 0x11, unread, None),
            ("hardware_subarch_data", 0x244, 0x80, unread, None),
            ("setup_data", 0x250, 0x08, "the kernel only walks it as the "
             "loader's list, bounded (arch-x86-kernel/conformance.c): at "
             "worst a loader-warning", None),
            ("loadflags QUIET_FLAG", 0x211, 0x20, unread, None),
            ("cl_magic (pre-2.02)", 0x20, 0x3f, unread + " while "
             "cmd_line_ptr is set, which QEMU does", None)):
        add(f"loader field {what} flipped", flip(d, off, bits), "ok", why,
            initrd)

    # Code and data of the setup and the decompressor, outside the code
    # that checks: the setup checks its sectors, then all of the rest.
    for what, off in (
            ("the boot sector's message", img.setup_sym("bootsect_msg") + 3),
            ("detect_memory()", img.setup_sym("detect_memory") + 4),
            ("enable_a20()", img.setup_sym("enable_a20") + 4),
            ("go_to_protected_mode()", img.setup_sym("go_to_protected_mode") + 4),
            ("protected_mode_jump()", img.setup_sym("protected_mode_jump") + 2),
            ("the kernel version string", img.setup_sym("kernel_version") + 1),
            ("the setup signature", img.setup_sym("setup_sig") + 1)):
        want = ("image: setup signature missing" if "signature" in what
                else hdr)
        add(f"setup: {what} flipped", flip(d, off, 0x02), want)
    for what, off in (
            ("startup_32", img.zo_sym("startup_32") + 1),
            ("the image check", img.zo_sym("check_image") + 3),
            ("crc32()", img.zo_sym("crc32") + 5),
            ("inflate_raw()", img.zo_sym("inflate_raw") + 7),
            ("elf_check()", img.zo_sym("elf_check") + 9),
            ("kernel_info", img.zo_sym("kernel_info") + 4)):
        add(f"decompressor: {what} flipped", flip(d, off, 0x02), crc)

    # ELF headers inside the payload: repacked to the same length, the
    # image's CRCs written again.
    for what, transform, want in (
            ("p_type of the text PT_LOAD to 0x14",
             elf_flip(lambda e: phdr(e, 0, "type"), 0x15), "payload: ELF program header type"),
            ("p_type of the data PT_LOAD to 0x14",
             elf_flip(lambda e: phdr(e, 1, "type"), 0x15), "payload: ELF program header type"),
            ("p_type of the data PT_LOAD to PT_NULL",
             elf_flip(lambda e: phdr(e, 1, "type"), 0x01), "payload: ELF program header type"),
            ("p_type of the PT_NOTE to 0x14",
             elf_flip(lambda e: phdr(e, 2, "type"), 0x10), "payload: ELF program header type"),
            ("p_offset", elf_flip(lambda e: phdr(e, 0, "offset") + 1, 0x01),
             ELF_FIELD),
            ("p_paddr", elf_flip(lambda e: phdr(e, 1, "paddr") + 1, 0x10),
             ELF_FIELD),
            ("p_filesz", elf_flip(lambda e: phdr(e, 0, "filesz") + 1, 0x01),
             ELF_FIELD),
            ("p_memsz", elf_flip(lambda e: phdr(e, 1, "memsz") + 2, 0x01),
             ELF_FIELD),
            ("p_flags PF_X of the text", elf_flip(lambda e: phdr(e, 0, "flags"), 0x01),
             "payload: ELF header"),
            ("e_entry", elf_flip(lambda e: ehdr("entry")(e), 0x10),
             ELF_FIELD),
            ("e_phnum 3 -> 1 (the data segment dropped)",
             elf_flip(lambda e: ehdr("phnum")(e), 0x02), "payload: ELF CRC-32"),
            ("e_machine", elf_flip(lambda e: ehdr("machine")(e), 0x01),
             "payload: ELF header"),
            ("e_shoff (a field nothing reads)",
             elf_flip(lambda e: ehdr("shoff")(e), 0x01), "payload: ELF CRC-32")):
        path = os.path.join(tmp, f"{img.arch}-elf-{len(cases)}.bzImage")
        if repack_payload(img.path, path, transform, same_length=True):
            add(f"ELF {what}", path, want)
        else:
            add(f"ELF {what}", None, want)
    return cases


def boot_cases(suite, tmp, initrd):
    cases = []
    for arch in ARCHES:
        cases += cases_for(Image(arch), tmp)

    def one(case):
        name, data, want, why, with_initrd = case
        if data is None:
            return case, None
        if isinstance(data, (bytes, bytearray)):
            path = os.path.join(tmp, re.sub(r"[^\w.-]+", "_", name) + ".bzImage")
            with open(path, "wb") as f:
                f.write(data)
        else:
            path = data
        return case, run_qemu(qemu_argv(path, initrd if with_initrd else None),
                              timeout=TIMEOUT, until=FINAL, grace=0)

    t0 = time.monotonic()
    results = parallel(one, cases)
    wall = time.monotonic() - t0
    table = collections.Counter()
    for (name, data, want, why, _), run in results:
        if run is None:
            suite.check(f"{name}: the ELF packs into the payload's length",
                        False, "gzip_of_length found no stream that small")
            continue
        kind, line = outcome(run)
        table[kind] += 1
        ended = kind not in ("hang", "reset")
        suite.check(f"{name}: ends in ok or a named error", ended,
                    f"{kind} after {run.seconds:.1f}s\n{run.output[-500:]}")
        if not ended:
            continue
        wants = (want,) if isinstance(want, str) else want
        suite.check(f"{name}: {' or '.join(wants)}" +
                    (f" ({why})" if why else ""), kind in wants,
                    f"got {line!r}")
        errors = [l for l in run.output.splitlines()
                  if l.startswith("paraboot: error: ")]
        suite.check(f"{name}: one error line, on a line of its own",
                    len(errors) <= 1 and not glued_lines(run.output),
                    f"errors {errors}, glued {glued_lines(run.output)}")
    return table, len(results), wall


def functions(elf, start, end):
    """(name, address, size) of the functions in [start, end), from nm."""
    out = subprocess.run(["nm", "-S", "--defined-only", elf],
                         capture_output=True, text=True, check=True).stdout
    funcs = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tT":
            addr, size = int(parts[0], 16), int(parts[1], 16)
            if start <= addr < end:
                funcs.append((parts[3], addr, size))
    return funcs


def check_code_ahead(suite):
    """What the 32/64-bit entries run before the image is known to be
    whole lies ahead of the payload (vmlinux.lds.S, .text.check); every
    call and jump in its functions must land there too, or a file cut in
    the payload would lose what they call (i386's PIC thunks did)."""
    for arch in ARCHES:
        zo = os.path.join(build_dir(), arch, "compressed", "vmlinux")
        start, end = elf_symbol(zo, "_check"), elf_symbol(zo, "_echeck")
        far = set()
        for name, addr, size in functions(zo, start, end):
            code = subprocess.run(
                ["objdump", "-d", f"--start-address={addr:#x}",
                 f"--stop-address={addr + size:#x}", zo],
                capture_output=True, text=True, check=True).stdout
            far |= {f"{name} -> {m.group(2)}" for m in re.finditer(
                r"\t(call|j[a-z]+)\s+([0-9a-f]+ <[^>]+>)", code)
                if int(m.group(2).split()[0], 16) >= end}
        suite.equal(f"{arch}: the image check calls nothing past the "
                    f"payload", sorted(far), [])


def cut_in_payload(tmp, arch):
    img = Image(arch)
    path = os.path.join(tmp, f"{arch}-cut-payload.bzImage")
    with open(path, "wb") as f:
        f.write(img.data[:img.payload + img.payload_len // 2])
    return path


def grub_linux_truncated(suite, tmp):
    """GRUB's `linux` (the 32-bit entry) loads only the protected-mode
    part; the decompressor's own check must name a file cut short."""
    cut = cut_in_payload(tmp, "x86_64")
    cfg = os.path.join(tmp, "cut.cfg")
    with open(cfg, "w") as f:
        f.write("serial --unit=0 --speed=115200\n"
                "terminal_input serial\nterminal_output serial\n"
                "set timeout=0\nset default=0\n"
                "menuentry 'cut x86_64, linux' {\n"
                f"\tlinux /boot/cut/bzImage {CMDLINE}\n}}\n")
    iso = os.path.join(tmp, "cut.iso")
    subprocess.run([os.path.join(ROOT, "scripts", "mkiso"), iso, cfg,
                    f"boot/cut/bzImage={cut}"], check=True)
    run = run_qemu(["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg",
                    "-m", "256", "-display", "none", "-serial", "stdio",
                    "-monitor", "none", "-no-reboot", "-cdrom", iso],
                   timeout=GRUB_TIMEOUT, until=FINAL)
    kind, line = outcome(run)
    suite.check("GRUB linux, x86_64 cut in the payload: image: CRC-32 "
                "trailer", kind == "image: CRC-32 trailer",
                f"{kind}: {line!r} ({run})\n{run.output[-600:]}")
    return kind


def other_entries_truncated(suite, tmp):
    """The 64-bit entry (loader64) and the 32-bit entry in ring 1 (the
    lguest host), each with an image cut in its payload."""
    o = build_dir()
    want = "paraboot: error: image damaged or incomplete: the image's CRC-32"
    cases = [("loader64, x86_64", loader64_argv(o, cut_in_payload(tmp, "x86_64"),
                                                 CMDLINE.split()), LOADER64_END),
             ("lguest, i386", lguest_argv(o, cut_in_payload(tmp, "i386"),
                                           CMDLINE.split()), LGUEST_END)]

    def one(case):
        name, argv, end = case
        until = re.compile(f"{FINAL.pattern}|{end.pattern}", re.M)
        return case, run_qemu(argv, timeout=TIMEOUT, until=until, grace=2)

    kinds = []
    for (name, argv, end), run in parallel(one, cases):
        suite.check(f"{name} cut in the payload: image: CRC-32 trailer",
                    want in run.output and not run.timed_out,
                    f"{run}\n{run.output[-600:]}")
        kinds.append(kind_of(want) if want in run.output else "hang")
    return kinds


def main():
    suite = Suite("damage")
    o = build_dir()
    need = [image(a) for a in ARCHES] + [
        os.path.join(o, a, f) for a in ARCHES
        for f in ("setup.elf", os.path.join("compressed", "vmlinux"))]
    if require(suite, need):
        return suite.finish()
    check_code_ahead(suite)
    tmp = tempfile.mkdtemp(prefix="paraboot-damage-")
    try:
        initrd = os.path.join(tmp, "initrd.img")
        with open(initrd, "wb") as f:
            f.write(bytes(range(256)) * 64)
        table, boots, wall = boot_cases(suite, tmp, initrd)
        suite.check(f"the campaign has at least 100 boots ({boots})",
                    boots >= 100, f"{boots}")
        extra = [grub_linux_truncated(suite, tmp)]
        extra += other_entries_truncated(suite, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"outcomes of {boots} QEMU -kernel boots ({wall:.0f} s, two at "
          f"a time):")
    for kind, count in sorted(table.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {count:4d}  {kind}")
    for kind in ("hang", "reset"):
        if kind not in table:
            print(f"    {0:4d}  {kind}")
    print(f"other entries, cut in the payload (GRUB linux, loader64, "
          f"lguest): {', '.join(extra)}")
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
