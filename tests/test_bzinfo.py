#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/bzinfo against the built images and against corrupted copies.

For $O/i386/bzImage and $O/x86_64/bzImage (O defaults to build/): bzinfo
accepts the image, every header value paraboot promises is exactly right,
the payload is gzip with the right ELF inside, and file(1) calls it a
bzImage.  Then every corruption in CORRUPTIONS, applied to a copy, must make
bzinfo exit 1 naming the specific problem.  The same runs against the
synthetic images of tests/fixtures/bzinfo/make_fixture.py, with and without
--generic, so bzinfo itself is tested before the real images exist.
"""

import json
import os
import struct
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "fixtures", "bzinfo"))

from harness import ROOT, Suite, build_dir, main_guard  # noqa: E402
from paraboot import payload_span  # noqa: E402
import make_fixture  # noqa: E402

BZINFO = os.path.join(ROOT, "scripts", "bzinfo")

# What the header must say, per architecture (bits of the ELF inside).
EXPECTED_COMMON = {
    "boot_flag": 0xaa55,
    "header": 0x53726448,
    "jump": 0x6aeb,                     # EB 6A: the header ends at 0x26c
    "version": 0x020f,
    "loadflags": 0x01,
    "code32_start": 0x100000,
    "relocatable_kernel": 1,
    "kernel_alignment": 0x100000,
    "min_alignment": 12,
    "pref_address": 0x100000,
    "cmdline_size": 2047,
    "hardware_subarch": 0,
    "hardware_subarch_data": 0,
}
EXPECTED_ARCH = {
    32: {"xloadflags": 0x4, "initrd_addr_max": 0x37ffffff},
    64: {"xloadflags": 0xb, "initrd_addr_max": 0x7fffffff},
}
# The PE/COFF view: what UEFI needs to start the image as an application.
EXPECTED_PE = {
    32: {"format": "PE32", "machine": 0x14c},
    64: {"format": "PE32+", "machine": 0x8664},
}
EXPECTED_PE_COMMON = {"subsystem": 10, "dll_characteristics": 0x100,
                      "section_align": 0x1000, "file_align": 0x200,
                      "image_base": 0}
ELF_ARCH = {32: ("ELF32", "i386"), 64: ("ELF64", "x86_64")}
FILE_TEXT = "Linux kernel x86 boot executable bzImage, version paraboot"


def bzinfo(path, *args):
    """Run bzinfo --json; return (rc, parsed JSON or None, stderr)."""
    p = subprocess.run([sys.executable, BZINFO, path, "--json", *args],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    try:
        js = json.loads(p.stdout)
    except ValueError:
        js = None
    return p.returncode, js, p.stderr


# --- Corruptions: each takes the image bytes and returns new bytes. -------

def put(fmt, off, value):
    def corrupt(data):
        data = bytearray(data)
        struct.pack_into(fmt, data, off, value)
        return bytes(data)
    return corrupt


def add(fmt, off, delta):
    def corrupt(data):
        data = bytearray(data)
        (v,) = struct.unpack_from(fmt, data, off)
        struct.pack_into(fmt, data, off, v + delta)
        return bytes(data)
    return corrupt


def in_payload(edit):
    """edit(bytearray payload) in place."""
    def corrupt(data):
        start, length = payload_span(data)
        data = bytearray(data)
        p = data[start:start + length]
        edit(p)
        data[start:start + length] = p
        return bytes(data)
    return corrupt


def flip_middle(p):
    p[len(p) // 2] ^= 0xff


def bump_isize(p):
    (isize,) = struct.unpack_from("<I", p, len(p) - 4)
    struct.pack_into("<I", p, len(p) - 4, (isize + 1) & 0xffffffff)


def damage_gzip_magic(p):
    p[0] = 0x00


def payload_offset_past_end(data):
    return put("<I", 0x248, len(data))(data)


def payload_length_past_end(data):
    return put("<I", 0x24c, len(data))(data)


def flip_trailer(data):
    return data[:-1] + bytes([data[-1] ^ 0xff])


def pe_offset(data):
    return struct.unpack_from("<I", data, 0x3c)[0]


def pe_section_field(off):
    """The .text section header's field at off, in the image's layout."""
    def at(data):
        pe = pe_offset(data)
        optsize = struct.unpack_from("<H", data, pe + 20)[0]
        return pe + 24 + optsize + off
    return at


def put_at(fmt, where, value):
    def corrupt(data):
        return put(fmt, where(data), value)(data)
    return corrupt


def pe_entry_out_of_text(data):
    return put_at("<I", lambda d: pe_offset(d) + 24 + 16, 0x10)(data)


def toggle_kernel_64(data):
    (x,) = struct.unpack_from("<H", data, 0x236)
    return put("<H", 0x236, x ^ 0x1)(data)


# (name, corruption, recompute CRC?, substring of the expected error line)
CORRUPTIONS = [
    ("bad CRC trailer", flip_trailer, False, "CRC32 trailer is"),
    ("boot_flag cleared", put("<H", 0x1fe, 0), True, "boot_flag is 0x0000"),
    ("HdrS damaged", put("<B", 0x203, ord("x")), True,
     'not "HdrS"'),
    ("setup_sects = 0", put("<B", 0x1f1, 0), True, "setup_sects is 0"),
    ("setup_sects = 65", put("<B", 0x1f1, 65), True, "setup_sects 65 > 64"),
    ("syssize off by one", add("<I", 0x1f4, 1), True,
     "!= (setup_sects+1)*512 + syssize*16"),
    ("payload_offset past the file end", payload_offset_past_end, True,
     "lies outside the file"),
    ("payload_length too long", payload_length_past_end, True,
     "too long: payload"),
    ("gzip magic damaged", in_payload(damage_gzip_magic), True,
     "payload is not gzip"),
    ("byte flipped in the gzip stream", in_payload(flip_middle), True,
     "payload: gzip"),
    ("ISIZE changed", in_payload(bump_isize), True, "gzip ISIZE"),
    ("kernel_alignment not a power of two", put("<I", 0x230, 0x180000), True,
     "kernel_alignment 0x180000 is not a power of two"),
    ("version 0x0207", put("<H", 0x206, 0x0207), True,
     "version 0x0207 is below 2.08"),
    ("ELF class mismatching xloadflags", toggle_kernel_64, True,
     "ELF class mismatch"),
    ("init_size too small", put("<I", 0x260, 0x1000), True,
     "init_size 0x1000 too small"),
    ("handover_offset past the end", put("<I", 0x264, 0x7ffff000), True,
     "handover entry"),
    ("PE signature damaged", put_at("<B", pe_offset, ord("X")), True,
     "no PE signature"),
    ("PE section past the file end",
     put_at("<I", pe_section_field(16), 0x100000), True,
     "runs past the end of the file"),
    ("PE section writable", put_at("<I", pe_section_field(36), 0xe0000020),
     True, "writable and executable"),
    ("PE entry outside .text", pe_entry_out_of_text, True,
     "in no executable section"),
]


def check_valid(suite, tag, path, bits, extra=()):
    """bzinfo accepts the image and reports paraboot's values."""
    rc, js, err = bzinfo(path, *extra)
    if not suite.check(f"{tag}: bzinfo exits 0", rc == 0 and js is not None,
                       f"rc={rc}: {err.strip()}"):
        if js is None:
            return
    want = dict(EXPECTED_COMMON)
    want.update(EXPECTED_ARCH[bits])
    for field, value in want.items():
        got = js.get(field)
        suite.check(f"{tag}: {field}", got == value,
                    f"got {got if not isinstance(got, int) else hex(got)}, "
                    f"want {value:#x}")
    kv = js.get("kernel_version_string") or ""
    suite.check(f"{tag}: kernel_version string starts with 'paraboot '",
                kv.startswith("paraboot "), f"got {kv!r}")
    ss = js.get("setup_sects", 0)
    suite.check(f"{tag}: setup_sects in 4..64", 4 <= ss <= 64, f"got {ss}")
    payload = js.get("payload") or {}
    suite.equal(f"{tag}: payload compression", payload.get("compression"),
                "gzip")
    elf = js.get("elf") or {}
    cls, mach = ELF_ARCH[bits]
    suite.equal(f"{tag}: ELF class", elf.get("class"), cls)
    suite.equal(f"{tag}: ELF machine", elf.get("machine"), mach)
    pe = js.get("pe") or {}
    for field, value in list(EXPECTED_PE[bits].items()) + \
            list(EXPECTED_PE_COMMON.items()):
        suite.equal(f"{tag}: PE {field}", pe.get(field), value)
    suite.equal(f"{tag}: no problems", js.get("problems"), [])


def check_file(suite, tag, path):
    try:
        out = subprocess.run(["file", "-b", path], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout
    except OSError as exc:
        suite.check(f"{tag}: file(1) says bzImage", False, f"file: {exc}")
        return
    suite.check(f"{tag}: file(1) says bzImage", FILE_TEXT in out,
                f"got {out.strip()!r}")


def check_corruptions(suite, tag, data, tmp, extra=()):
    for name, corrupt, fix_crc, want in CORRUPTIONS:
        bad = corrupt(data)
        if fix_crc:
            bad = make_fixture.recrc(bad)
        path = os.path.join(tmp, "bad-" + name.replace(" ", "_")
                            .replace("/", "_"))
        with open(path, "wb") as f:
            f.write(bad)
        rc, js, err = bzinfo(path, *extra)
        problems = js["problems"] if js else []
        shown = "; ".join(problems) or err.strip()
        ok = (rc == 1 and any(want in p for p in problems)
              and all(f"bzinfo: error: {p}" in err for p in problems))
        if fix_crc:
            ok = ok and not any("CRC32 trailer" in p for p in problems)
        elif ok:
            ok = len(problems) == 1          # the CRC is the only problem
        suite.check(f"{tag}: {name} -> error", ok,
                    f"rc={rc}, want an error containing {want!r}; "
                    f"got: {shown}")


def check_image(suite, tag, path, bits, tmp, extra=()):
    check_valid(suite, tag, path, bits, extra)
    check_file(suite, tag, path)
    with open(path, "rb") as f:
        data = f.read()
    check_corruptions(suite, tag, data, tmp, extra)


def check_cli(suite, path):
    """The text mode, --field and the usage exit codes."""
    def run(*args):
        return subprocess.run([sys.executable, BZINFO, *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    p = run(path)
    suite.check("cli: text mode exits 0 and names every field",
                p.returncode == 0 and "kernel_info_offset" in p.stdout
                and "Xen ELF notes" in p.stdout, f"rc={p.returncode}")
    p = run(path, "--field", "version")
    suite.equal("cli: --field version", (p.returncode, p.stdout.strip()),
                (0, "2.15"))
    p = run(path, "--field", "payload.compression")
    suite.equal("cli: --field payload.compression",
                (p.returncode, p.stdout.strip()), (0, "gzip"))
    p = run(path, "--field", "no_such_field")
    suite.equal("cli: unknown --field exits 2", p.returncode, 2)
    p = run(os.path.join(os.path.dirname(path), "does-not-exist"))
    suite.equal("cli: unreadable file exits 2", p.returncode, 2)
    p = run()
    suite.equal("cli: no arguments exits 2", p.returncode, 2)


def main():
    suite = Suite("bzinfo")
    out = build_dir()
    with tempfile.TemporaryDirectory(prefix="bzinfo-") as tmp:
        for arch, bits in (("i386", 32), ("x86_64", 64)):
            path = os.path.join(out, arch, "bzImage")
            if not os.path.isfile(path):
                suite.check(f"{arch}: {path} exists", False,
                            "build the images first (make)")
                continue
            check_image(suite, arch, path, bits, tmp)

        for bits in (32, 64):
            path = os.path.join(tmp, f"fixture{bits}")
            with open(path, "wb") as f:
                f.write(make_fixture.build(bits))
            for extra in ((), ("--generic",)):
                tag = f"fixture{bits}" + "".join(" " + e for e in extra)
                check_image(suite, tag, path, bits, tmp, extra)
        check_cli(suite, os.path.join(tmp, "fixture64"))
    return suite.finish()


if __name__ == "__main__":
    main_guard(main)
