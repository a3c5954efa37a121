#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Hostile loaders: the test-only 64-bit loader (tests/loader64) builds the
zero page as boot.rst asks, then breaks it on purpose (its poke=, fill=,
e820= and setup_data= options, tests/loader64/hostile.c), and enters the
x86_64 image's 64-bit entry.  Every boot must end, within its timeout, in
"paraboot: ok" (with the loader-warning lines the breach deserves) or in
one named "paraboot: error:" line: never a hang, a reset or a wrong value.

- a fixed table of named cases, each with its expected outcome written
  here;
- a seeded random campaign (the seed is printed; PARABOOT_HOSTILE_SEED and
  PARABOOT_HOSTILE_BOOTS repeat or widen it): random values in the fields
  paraboot reads, random E820 shapes, random setup_data lists; each boot
  must end in ok or a named error;
- the outcome table: ok / each error / hang.
"""
import collections
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import REPORT_END, Suite, build_dir, parse_report, run_qemu  # noqa: E402
from paraboot import image, make_initrd, parallel, require  # noqa: E402
from testhosts import LOADER64_END, loader64_argv  # noqa: E402

TIMEOUT = 60
MEM_MB = 128
ARGS = ["console=ttyS0", "paraboot.test=hostile"]
END = re.compile(REPORT_END.pattern + "|" + LOADER64_END.pattern, re.M)

# Zero-page offsets (zero-page.rst; include/paraboot/bootparam.h).
E820_ENTRIES = 0x1e8
VERSION = 0x206
LOADFLAGS = 0x211
RAMDISK_IMAGE = 0x218
RAMDISK_SIZE = 0x21c
CMD_LINE_PTR = 0x228
HARDWARE_SUBARCH = 0x23c
SETUP_DATA = 0x250
KEEP_SEGMENTS = 0x40
LOADED_HIGH = 0x01
FILL = 0x20000          # hostile.c's scratch area


def poke(off, size, value):
    return f"poke={off:#x}:{size}:{value:#x}"


def boot(options, initrd=None):
    return run_qemu(loader64_argv(build_dir(), image("x86_64"), ARGS,
                                  initrd=initrd, mem_mb=MEM_MB,
                                  loader_options=options),
                    timeout=TIMEOUT, until=END, grace=3)


def outcome(run):
    """'ok', 'error: <the error, numbers out>', 'loader: <...>' or 'hang'."""
    rep = parse_report(run.output)
    if rep["ok"] and not rep["errors"]:
        return "ok"
    if len(rep["errors"]) == 1:
        return "error: " + re.sub(r"0x[0-9a-f]+|\b\d+\b", "N", rep["errors"][0])
    m = LOADER64_END.search(run.output)
    if m:
        return "loader: " + m.group(0).strip()
    return "hang" if run.timed_out else "no report (reset?)"


# (name, loader options, initrd?, "ok" or the error line's start,
#  the loader-warnings expected: patterns each matching one line)
NAMED = [
    ("E820 empty", ["e820=empty"], False,
     "the loader gave no memory map", []),
    ("E820 unsorted", ["e820=reverse"], True, "ok", []),
    ("E820 RAM listed twice", ["e820=overlap"], True, "ok",
     [r"E820 RAM entries overlap \(zero-page.rst, e820_table; counted "
      r"once\): entries \d+ and \d+ "]),
    ("E820 of 128 entries", ["e820=split128"], True, "ok", []),
    ("E820 absurd entry", ["e820=absurd"], False, "ok",
     [r"E820 RAM entries overlap .* 0x1000-0xfffffffffffff000$",
      r"E820 RAM entries overlap .* 0x1000-0xfffffffffffff000$",
      r"E820 entry past the 52-bit physical address space \(zero-page.rst, "
      r"e820_table\): entry 7 0x1000 size 0xffffffffffffe000"]),
    ("RAM only above 4 GiB", ["e820=high"], False,
     "too little memory: paraboot needs RAM at 0x100000-", []),
    ("e820_entries 200", [poke(E820_ENTRIES, 1, 200)], False,
     "e820_entries is 200, the zero page holds at most 128", []),
    ("command line pointer 0", [poke(CMD_LINE_PTR, 4, 0)], False, "ok", []),
    ("command line unterminated", [f"fill={FILL:#x}:4096:0x41",
                                   poke(CMD_LINE_PTR, 4, FILL)], False,
     "command line is 4096 bytes, longer than cmdline_size 2047", []),
    ("command line inside the kernel", [poke(CMD_LINE_PTR, 4, 0x100000)],
     False, "the command line at 0x100000-", []),
    ("initrd over the kernel", [poke(RAMDISK_IMAGE, 4, 0x100000),
                                poke(RAMDISK_SIZE, 4, 0x1000)], False,
     "the initrd at 0x100000-0x101000 overlaps paraboot's work area", []),
    ("initrd past RAM", [poke(RAMDISK_IMAGE, 4, 0x10000000),
                         poke(RAMDISK_SIZE, 4, 0x1000)], False,
     "initrd at 0x10000000-0x10001000 is not all RAM in the E820 map", []),
    ("initrd past initrd_addr_max", [poke(RAMDISK_IMAGE, 4, 0x80000000),
                                     poke(RAMDISK_SIZE, 4, 0x1000)], False,
     "initrd at 0x80000000-0x80001000 lies outside the PAGE_OFFSET "
     "mapping", []),
    ("initrd address, size 0", [poke(RAMDISK_IMAGE, 4, 0x2000000),
                                poke(RAMDISK_SIZE, 4, 0)], False, "ok",
     [r"initrd address without a size \(boot.rst, ramdisk_image\): "
      r"ramdisk_image 0x2000000 ramdisk_size 0"]),
    ("unknown hardware_subarch", [poke(HARDWARE_SUBARCH, 4, 9)], False,
     "unknown hardware_subarch 9", []),
    ("protocol 2.06 with KEEP_SEGMENTS", [poke(VERSION, 2, 0x206),
                                          poke(LOADFLAGS, 1, LOADED_HIGH |
                                               KEEP_SEGMENTS)], False, "ok",
     [r"KEEP_SEGMENTS set with protocol 2.06, which predates it \(2.07; "
      r"ignored\): loadflags 0x41"]),
    ("protocol 2.06 with hardware_subarch 1", [poke(VERSION, 2, 0x206),
                                               poke(HARDWARE_SUBARCH, 4, 1)],
     False, "ok",
     [r"hardware_subarch set with protocol 2.06, which predates it "
      r"\(2.07; a PC assumed\): hardware_subarch 1"]),
    ("setup_data list that loops", ["setup_data=loop"], False, "ok",
     [r"setup_data list loops \(boot.rst, setup_data\): node 0 points "
      r"back to 0x19000"]),
    ("setup_data list of two nodes", ["setup_data=chain"], False, "ok", []),
]


def named(suite, initrd):
    def one(case):
        return case, boot(case[1], initrd if case[2] else None)

    table = collections.Counter()
    for (name, options, rd, want, warnings), run in parallel(one, NAMED):
        rep = parse_report(run.output)
        table[outcome(run)] += 1
        if want == "ok":
            suite.check(f"{name}: ends in ok", rep["ok"] and not
                        rep["errors"], f"{run}\n{run.output[-800:]}")
            got = rep["warnings"]
            suite.check(f"{name}: loader-warnings", len(got) ==
                        len(warnings) and all(re.match(w, g) for w, g in
                                              zip(warnings, got)),
                        f"got {got!r}, want {warnings!r}")
        else:
            suite.check(f"{name}: ends in its error",
                        len(rep["errors"]) == 1 and
                        rep["errors"][0].startswith(want) and not rep["ok"],
                        f"want 'error: {want}...', got {rep['errors']!r}; "
                        f"{run}\n{run.output[-800:]}")
        suite.check(f"{name}: ended within its timeout", not run.timed_out,
                    f"{run}")
    return table


def random_options(rng):
    """A few breaches at once, drawn from what a careless loader does."""
    menu = [
        lambda: poke(E820_ENTRIES, 1, rng.choice([0, 1, 2, 127, 128, 129,
                                                  255])),
        lambda: f"e820={rng.choice(['reverse', 'overlap', 'split128', 'empty', 'absurd', 'high'])}",
        lambda: poke(CMD_LINE_PTR, 4, rng.choice(
            [0, 0x1000, FILL, 0x100000, 0x7ff000, 0xfffff000,
             rng.randrange(0, 1 << 32)])),
        lambda: f"fill={FILL:#x}:{rng.choice([16, 2047, 2048, 4096])}:"
                f"{rng.choice([0x41, 0x20, 0x22, 0x5c, 0xff])}",
        lambda: poke(RAMDISK_IMAGE, 4, rng.choice(
            [0, 0x1000, 0x100000, 0x2000000, 0x7f00000, 0x10000000,
             0x80000000, rng.randrange(0, 1 << 32) & ~0xfff])),
        lambda: poke(RAMDISK_SIZE, 4, rng.choice(
            [0, 1, 0x1000, 0x100000, 0x10000000, 0xffffffff,
             rng.randrange(0, 1 << 24)])),
        lambda: poke(HARDWARE_SUBARCH, 4, rng.choice([0, 1, 2, 3, 4, 5,
                                                      0xffffffff])),
        lambda: poke(VERSION, 2, rng.choice([0x200, 0x206, 0x207, 0x20f,
                                             0xffff])),
        lambda: poke(LOADFLAGS, 1, rng.choice([0, LOADED_HIGH, 0x41, 0xff])),
        lambda: f"setup_data={rng.choice(['loop', 'chain'])}",
        lambda: poke(SETUP_DATA, 4, rng.randrange(0, 1 << 32)),
    ]
    options = [rng.choice(menu)() for _ in range(rng.randint(1, 4))]
    # loader64 applies its options in order, and it cannot rewrite a
    # table that is full already (split128 twice, an entry added after
    # it, a poked count of 128): at most one e820= rewrite, first, on the
    # loader's own map, so that every boot reaches paraboot.
    rewrite = [o for o in options if o.startswith("e820=")][:1]
    return rewrite + [o for o in options if not o.startswith("e820=")]


def campaign(suite, initrd, seed, boots):
    rng = random.Random(seed)
    cases = [(i, random_options(rng), rng.random() < 0.5)
             for i in range(boots)]

    def one(case):
        i, options, rd = case
        return case, boot(options, initrd if rd else None)

    table = collections.Counter()
    bad = []
    for (i, options, rd), run in parallel(one, cases):
        result = outcome(run)
        table[result] += 1
        if result in ("hang", "no report (reset?)") or \
                result.startswith("loader: "):
            bad.append(f"boot {i} {' '.join(options)}"
                       f"{' +initrd' if rd else ''}: {result}; {run}")
    suite.check(f"random campaign (seed {seed}, {boots} boots): every boot "
                "reached paraboot and ended in ok or a named error", not bad,
                "\n".join(bad))
    return table


def main():
    suite = Suite("hostile loader")
    loader = os.path.join(build_dir(), "loader64", "loader64.elf")
    if require(suite, [image("x86_64"), loader]):
        return suite.finish()
    initrd = os.path.join(build_dir(), "hostile-initrd.img")
    make_initrd(initrd, 65537, seed=12)
    seed = int(os.environ.get("PARABOOT_HOSTILE_SEED",
                              random.randrange(1 << 32)))
    boots = int(os.environ.get("PARABOOT_HOSTILE_BOOTS", "200"))
    print(f"    random campaign seed: {seed} "
          f"(PARABOOT_HOSTILE_SEED={seed} repeats it)", flush=True)
    table = named(suite, initrd)
    table += campaign(suite, initrd, seed, boots)
    print("    outcomes (named cases and campaign):", flush=True)
    for result, count in table.most_common():
        print(f"    {count:5d}  {result}", flush=True)
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
