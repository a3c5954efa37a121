# SPDX-License-Identifier: MIT
"""What the boot tests know about paraboot: where the images are, what
each architecture's report must say, and how to check a report value by
value.  Every environment's test (QEMU -kernel, GRUB, Xen, lguest, the
64-bit loader) checks its boots through check_report()."""

import os
import random
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

from harness import ROOT, build_dir, parse_report

PAGE_OFFSET = {"i386": 0xc0000000, "x86_64": 0xffffffff80000000}
BITS = {"i386": 32, "x86_64": 64}
ARCHES = ("i386", "x86_64")
# Two emulators at a time: this machine has two cores.
JOBS = int(os.environ.get("PARABOOT_TEST_JOBS", "2"))


def require(suite, paths, hint="build them first (make test)"):
    """FAIL (never skip) if anything a suite needs is missing; True if so."""
    missing = [p for p in paths if not os.path.exists(p)]
    for path in missing:
        suite.check(f"{path} exists", False, hint)
    return bool(missing)


def make_iso(tmp, name, cfg_text):
    """A GRUB ISO (scripts/mkiso) with this grub.cfg and everything the
    shipped one boots: both images, the sample initrd, both Xens."""
    import subprocess
    o = build_dir()
    cfg = os.path.join(tmp, f"{name}.cfg")
    with open(cfg, "w") as f:
        f.write(cfg_text)
    iso = os.path.join(tmp, f"{name}.iso")
    subprocess.run([os.path.join(ROOT, "scripts", "mkiso"), iso, cfg,
                    f"boot/i386/bzImage={image('i386')}",
                    f"boot/x86_64/bzImage={image('x86_64')}",
                    f"boot/initrd.img={os.path.join(o, 'sample-initrd.img')}",
                    f"boot/xen.gz={os.path.join(o, 'xen', 'xen-4.17-amd64.gz')}",
                    f"boot/xen-pv32.gz={os.path.join(o, 'xen-pv32', 'xen.gz')}"],
                   check=True)
    return iso


GRUB_CFG = os.path.join(ROOT, "scripts", "iso", "grub.cfg")
GRUB_PLATFORM_SWITCH = 'if [ "$grub_platform" != "efi" ]; then\n'


def grub_menu(platform, text=None):
    """What the shipped grub.cfg (or `text`, laid out like it) is on
    `platform`, "bios" or "efi": the shared head, then that platform's
    branch of its one `if [ "$grub_platform" != "efi" ]`, flattened, so
    entries number from 0 as GRUB numbers them there and test entries can
    be appended."""
    text = text if text is not None else open(GRUB_CFG).read()
    head, rest = text.split(GRUB_PLATFORM_SWITCH)
    bios, efi = rest.split("\nelse\n")
    efi = efi.rsplit("\nfi\n", 1)[0]
    return head + (bios if platform == "bios" else efi).strip("\n") + "\n"


def image(arch, o=None):
    return os.path.join(o or build_dir(), arch, "bzImage")


def vmlinux(arch, o=None):
    return os.path.join(o or build_dir(), arch, "vmlinux")


def elf_entry(path):
    """e_entry of an ELF file (paraboot's is a physical address)."""
    with open(path, "rb") as f:
        head = f.read(64)
    if head[:4] != b"\x7fELF":
        raise ValueError(f"{path} is not an ELF file")
    if head[4] == 2:
        return struct.unpack_from("<Q", head, 24)[0]
    return struct.unpack_from("<I", head, 24)[0]


def elf_symbol(path, name):
    """The value of a symbol, via nm."""
    import subprocess
    out = subprocess.run(["nm", path], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    raise KeyError(f"{path} has no symbol {name}")


def make_initrd(path, size, seed):
    """A deterministic initrd of `size` pseudo-random bytes."""
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(size))
    with open(path, "wb") as f:
        f.write(data)
    return data


def crc32(data):
    return zlib.crc32(data) & 0xffffffff


def parallel(fn, items, jobs=JOBS):
    """fn(item) for each item, `jobs` at a time, results in order."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items))


# A Xen PV guest's entry: 64-bit in ring 3 on 4-level tables, 32-bit in
# ring 1 on PAE ones.
XEN_ENTRY = {"x86_64": (3, "4level"), "i386": (1, "pae")}


def expected_xen(arch, cmdline, initrd, ram_mb):
    """What a Xen PV guest reports: Xen's loader ID, one RAM entry."""
    ring, paging = XEN_ENTRY[arch]
    return {
        "env": {"subarch": "xen", "ring": ring, "bits": BITS[arch],
                "entry": "xen", "paging_at_entry": paging,
                "keep_segments": 0, "loader": "0x90", "protocol": "2.15"},
        "cmdline": cmdline,
        "ram_kib": (ram_mb * 1024, ram_mb * 1024),
        "e820_entries": (1, 1),
        "initrd": initrd,
        "entry_phys": elf_symbol(vmlinux(arch), "startup_xen")
                      - PAGE_OFFSET[arch],
        "page_offset": PAGE_OFFSET[arch],
    }


def check_report(suite, name, run, expect):
    """Check one boot's report against `expect`, value by value.

    expect keys: env (dict of first-line values, all compared as strings),
    cmdline (bytes), ram_kib (a (low, high) range), e820_entries (a (low,
    high) range), initrd (None or bytes: size and CRC32 are checked),
    entry_phys (int), page_offset (int), warnings (the loader-warning
    lines expected, in order; none if not given: every loader the tests
    use is expected to follow the protocol).  Shows the output on failure.
    """
    rep = parse_report(run.output)
    ok = True

    def check(what, cond, detail):
        nonlocal ok
        ok &= suite.check(f"{name}: {what}", cond, detail)

    check("report ends in ok", rep["ok"] and not rep["errors"],
          f"errors={rep['errors']} ({run})")
    check("ended before the timeout", not run.timed_out, f"{run}")
    if not rep["ok"]:
        suite.log(run.output[-3000:])
        return False
    env = rep["env"] or {}
    for key, want in expect["env"].items():
        check(key, env.get(key) == str(want),
              f"got {env.get(key)!r}, want {want!r}")
    if "cmdline" in expect:
        check("cmdline byte-exact", rep["cmdline"] == expect["cmdline"],
              f"got {rep['cmdline']!r}, want {expect['cmdline']!r}")
    mem = rep["memory"] or {}
    if "ram_kib" in expect:
        lo, hi = expect["ram_kib"]
        got = int(mem.get("ram_kib", -1))
        check("ram_kib", lo <= got <= hi, f"got {got}, want {lo}..{hi}")
    if "e820_entries" in expect:
        lo, hi = expect["e820_entries"]
        got = int(mem.get("e820_entries", -1))
        check("e820_entries", lo <= got <= hi, f"got {got}, want {lo}..{hi}")
    if "initrd" in expect:
        want = expect["initrd"]
        if want is None:
            check("initrd none", rep["initrd"] is None,
                  f"got {rep['initrd']!r}")
        else:
            got = rep["initrd"] or {}
            check("initrd size", got.get("size") == str(len(want)),
                  f"got {got.get('size')}, want {len(want)}")
            check("initrd crc32", got.get("crc32") == f"0x{crc32(want):08x}",
                  f"got {got.get('crc32')}, want 0x{crc32(want):08x}")
    kern = rep["kernel"] or {}
    if "entry_phys" in expect:
        check("entry_phys", kern.get("entry_phys") == hex(expect["entry_phys"]),
              f"got {kern.get('entry_phys')}, want {hex(expect['entry_phys'])}")
    if "page_offset" in expect:
        check("page_offset",
              kern.get("page_offset") == hex(expect["page_offset"]),
              f"got {kern.get('page_offset')}, want {hex(expect['page_offset'])}")
    want = expect.get("warnings", [])
    check("loader-warnings", rep["warnings"] == want,
          f"got {rep['warnings']!r}, want {want!r}")
    if not ok:
        suite.log(run.output[-3000:])
    return ok


def glued_lines(output):
    """Lines where "paraboot: " follows other text: paraboot's first line
    must start a line of its own even after firmware that leaves its
    cursor mid-line (SeaBIOS's "Booting from ROM..")."""
    return [line for line in output.splitlines()
            if "paraboot: " in line and not line.startswith("paraboot: ")]


# What each `mkbzimage --compress=` payload starts with: a gzip member
# (RFC 1952: deflate, no flags), an LZ4 legacy frame, a zstd frame
# (RFC 8878), the ELF itself.
PAYLOAD_MAGIC = {"gzip": b"\x1f\x8b\x08\x00", "lz4": b"\x02\x21\x4c\x18",
                 "zstd": b"\x28\xb5\x2f\xfd", "none": b"\x7fELF"}


def payload_span(data):
    """(file offset, length) of the bzImage's payload, from its header."""
    setup = (data[0x1f1] + 1) * 512
    off, length = struct.unpack_from("<II", data, 0x248)
    return setup + off, length


def patched(tmp, arch, name, patch, crcs_again=False):
    """A copy of the `arch` image in tmp, changed in place by
    patch(data, payload start, payload length).  With crcs_again, its CRCs
    are written again (retrailer), so that the image check passes it on
    to the check behind it: the damage is then as if built in."""
    data = bytearray(open(image(arch), "rb").read())
    start, length = payload_span(data)
    patch(data, start, length)
    if crcs_again:
        data = retrailer(data)
    path = os.path.join(tmp, f"{arch}-{name}.bzImage")
    with open(path, "wb") as f:
        f.write(data)
    return path


def flip_payload_middle(data, start, length):
    """Damage the compressed stream itself."""
    data[start + length // 2] ^= 0x10


def flip_gzip_crc(data, start, length):
    """Damage only the gzip trailer's CRC-32: the stream still decodes."""
    data[start + length - 8] ^= 0x01


def repack_payload(src, dst, transform, same_length=False):
    """Write a copy of bzImage `src` whose payload ELF went through
    `transform` (bytes -> bytes) and was gzip'ed again.

    By default only the header's payload fields are kept true: enough for
    a loader that reads just the payload (Xen), not a bootable image.
    same_length=True keeps the payload's length (gzip_of_length), so
    nothing after it moves, and writes the image's CRCs again (retrailer):
    a bootable image that differs from `src` only in its ELF.  Returns
    False, writing nothing, if the ELF cannot be packed that small."""
    import gzip
    data = bytearray(open(src, "rb").read())
    start, length = payload_span(data)
    elf = transform(gzip.decompress(bytes(data[start:start + length])))
    if same_length:
        packed = gzip_of_length(elf, length)
        if packed is None:
            return False
        out = retrailer(data[:start] + packed + data[start + length:])
    else:
        packed = gzip.compress(elf, mtime=0)
        out = data[:start] + packed + data[start + length:]
        struct.pack_into("<I", out, 0x24c, len(packed))
    with open(dst, "wb") as f:
        f.write(out)
    return True


# RFC 1952: the fixed header (ID1 ID2 CM FLG MTIME XFL OS), FLG.FCOMMENT,
# and the trailer (CRC32 ISIZE).
GZIP_HEADER = b"\x1f\x8b\x08%c\x00\x00\x00\x00\x02\x03"
GZIP_FCOMMENT = 0x10
GZIP_TRAILER_SIZE = 8


def gzip_of_length(data, size):
    """A gzip member of `data` exactly `size` bytes long, or None: the
    first raw DEFLATE stream zlib makes of it (levels, memLevels and
    strategies tried, likeliest first) that fits, the gap filled with a
    header comment (FCOMMENT), which every gzip reader skips."""
    trailer = struct.pack("<II", crc32(data), len(data) & 0xffffffff)
    room = size - len(GZIP_HEADER % 0) - GZIP_TRAILER_SIZE
    for level in range(9, 0, -1):
        for mem in range(9, 0, -1):
            for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FILTERED):
                c = zlib.compressobj(level, zlib.DEFLATED, -15, mem, strategy)
                stream = c.compress(data) + c.flush()
                gap = room - len(stream)
                if gap == 0:
                    return GZIP_HEADER % 0 + stream + trailer
                if gap > 0:
                    comment = b"p" * (gap - 1) + b"\0"
                    return (GZIP_HEADER % GZIP_FCOMMENT + comment + stream +
                            trailer)
    return None


def retrailer(data):
    """The image `data` with its CRCs written again by the build's own
    scripts/crc32-append, as if it had been built this way."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory(prefix="paraboot-crc-") as tmp:
        src = os.path.join(tmp, "in")
        dst = os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(bytes(data[:-4]))
        subprocess.run([os.path.join(ROOT, "scripts", "crc32-append"), src,
                        dst], check=True)
        return bytearray(open(dst, "rb").read())
