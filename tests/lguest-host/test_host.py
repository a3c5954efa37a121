#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the test-only lguest host (tests/lguest-host).

The host must do what the Linux 2.6.24 launcher and host did
(Linux 2.6.24's drivers/lguest and Documentation/lguest/lguest.c) and stop any
guest doing what lguest would not allow.  The guests are the tiny programs
in guests/, built into guests/ beside the host; the multi-case ones
(faults, hcalls, paging) take the case as their first argument.

Run: O=<build dir> python3 tests/lguest-host/test_host.py
(the host and guests in $O/lguest-host/, as the top-level Makefile builds
them, or in $O itself.)
"""

import os
import re
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from harness import Suite, build_dir, main_guard, run_qemu  # noqa: E402
from testhosts import (EXIT_FAIL, EXIT_OK, LGUEST_END,  # noqa: E402
                       lguest_argv, program_dir)

O = build_dir()
HOST_DIR = program_dir(O, "lguest-host")
GUESTS = os.path.join(HOST_DIR, "guests")
MEM = 64 << 20


def guest(name):
    return os.path.join(GUESTS, name + ".bin")


def symbol(name, sym):
    """Address of sym in guests/<name>.sym (nm -n output)."""
    with open(os.path.join(GUESTS, name + ".sym")) as f:
        for line in f:
            addr, _, s = line.split()
            if s == sym:
                return int(addr, 16)
    raise KeyError(f"{sym} not in {name}.sym")


def boot(name, args=(), **kw):
    return run_qemu(lguest_argv(O, guest(name), args, **kw), timeout=60,
                    until=LGUEST_END, grace=5)


def host_lines(out):
    return [l for l in out.splitlines() if l.startswith("lguest: ")]


def ends_with(suite, what, res, message, status):
    """The run ended with the host line 'lguest: <message>' and status."""
    lines = host_lines(res.output)
    last = lines[-1] if lines else None
    ok = suite.equal(f"{what}: final line", last, "lguest: " + message)
    ok &= suite.equal(f"{what}: exit status", res.returncode, status)
    if not ok:
        suite.log(res.output)
    return ok


def trap(n, eip, err):
    return f"unhandled trap {n} at {eip:#x} ({err:#x})"


def report(out, prefix):
    """key=value pairs of the guest's lines starting with prefix."""
    kv = {}
    for line in out.splitlines():
        if line.startswith(prefix + " "):
            for item in line[len(prefix) + 1:].split():
                k, _, v = item.partition("=")
                kv[k] = v
    return kv


# --- the good guest -------------------------------------------------------

def test_hello(s):
    res = boot("hello", "console=hvc0 paraboot.test=1")
    s.equal("hello: start line", host_lines(res.output)[:1],
            ['lguest: starting guest: 64 MiB, entry 0x100000, no initrd, '
             'cmdline "console=hvc0 paraboot.test=1 "'])
    s.check("hello: guest output", "\nhello from guest\n" in res.output,
            res.output)
    ends_with(s, "hello", res, "CRASH: Power down", EXIT_OK)
    s.check("hello: stopped by the host, not the timeout", not res.timed_out)


def test_vmlinux(s):
    """An ELF file is loaded by its PT_LOAD segments (2.6.24 map_elf)."""
    res = run_qemu(lguest_argv(O, os.path.join(GUESTS, "hello.elf"), "x"),
                   timeout=60, until=LGUEST_END, grace=5)
    s.check("vmlinux: guest output", "\nhello from guest\n" in res.output,
            res.output)
    ends_with(s, "vmlinux", res, "CRASH: Power down", EXIT_OK)


# --- entry state, zero page, page tables --------------------------------

ENTRY_REGS = dict(cs="0x61", ds="0x69", es="0x69", ss="0x69", fs="0x0",
                  gs="0x0", eflags="0x202", cpl="1", eax="0x0", ebx="0x0",
                  ecx="0x0", edx="0x0", esi="0x0", edi="0x0", ebp="0x0",
                  esp="0x0")


def check_entry(s, what, res, mem=MEM, initrd=None, loadflags=0x40,
                subarch=1, version=0x207, cmdline=""):
    out = res.output
    ramdisk = (len(initrd) + 4095) & ~4095 if initrd is not None else 0
    s.equal(f"{what}: entry registers", report(out, "entry"), ENTRY_REGS)
    s.equal(f"{what}: zero page", report(out, "zeropage"), {
        "version": hex(version), "loadflags": hex(loadflags),
        "subarch": hex(subarch),
        "type_of_loader": "0xff" if initrd is not None else "0x0",
        "cmd_line_ptr": "0x1000", "e820_entries": "1",
        "e820_0": f"0x0,{mem:#x},1",
        "ramdisk_image": hex(mem - ramdisk if ramdisk else 0),
        "ramdisk_size": hex(ramdisk),
        "other_nonzero": "0",
    })
    s.equal(f"{what}: command line", [l for l in out.splitlines()
                                     if l.startswith("cmdline=")],
            [f'cmdline="{cmdline}"'])
    data = report(out, "lguest_data")
    s.equal(f"{what}: lguest_data from LGUEST_INIT",
            {k: data.get(k) for k in ("reserve_mem", "tsc_khz", "pgdir")},
            {"reserve_mem": "0x400000", "tsc_khz": "0",
             "pgdir": hex(mem - ramdisk - 4096)})
    s.check(f"{what}: lguest_data.time is a wall clock",
            int(data.get("time", "0")) > 1_000_000_000, data)
    s.check(f"{what}: identity page tables, flags 0x7",
            "\npagetables ok\n" in out, out)
    if initrd is None:
        s.check(f"{what}: no initrd", "\ninitrd none\n" in out, out)
    else:
        padded = initrd + bytes(ramdisk - len(initrd))
        s.equal(f"{what}: initrd bytes at ramdisk_image",
                report(out, "initrd"), {"crc32": hex(zlib.crc32(padded))})
    if not ends_with(s, what, res, "CRASH: Power down", EXIT_OK):
        return


def test_entry_state(s, tmp):
    res = boot("entry_state", "console=hvc0 a=b")
    check_entry(s, "entry", res, cmdline="console=hvc0 a=b ")

    res = boot("entry_state", [])
    check_entry(s, "entry, no arguments", res, cmdline="")

    initrd = bytes((i * 7 + 3) & 0xff for i in range(5000))
    path = os.path.join(tmp, "initrd.img")
    with open(path, "wb") as f:
        f.write(initrd)
    res = boot("entry_state", "root=/dev/ram0", initrd=path)
    check_entry(s, "entry, initrd", res, initrd=initrd,
                cmdline="root=/dev/ram0 ")
    s.check("entry, initrd: start line names it",
            "initrd 5000 bytes at 0x3ffe000," in res.output, res.output)

    res = boot("entry_state", "x", mem_mb=6)
    check_entry(s, "entry, 6 MiB", res, mem=6 << 20, cmdline="x ")

    res = boot("entry_state", [], host_options=("keep_segments=0",))
    check_entry(s, "entry, keep_segments=0", res, loadflags=0)

    res = boot("entry_state", [],
               host_options=("subarch=2", "version=0x20a"))
    check_entry(s, "entry, subarch=2 version=0x20a", res, subarch=2,
                version=0x20a)


# --- instructions lguest never allowed ----------------------------------

FAULTS = {  # case: (trap, error code)
    "cli": (13, 0), "sti": (13, 0), "hlt": (13, 0), "lgdt": (13, 0),
    "lidt": (13, 0), "mov_cr3": (13, 0), "mov_to_cr0": (13, 0),
    "load_0x18": (13, 0x18), "load_0x58": (13, 0x58),
    "in": (13, 0), "out": (13, 0), "out_0x80": (13, 0),  # README: no emulation
    "int80": (13, 0x80 * 8 + 2), "int3": (13, 3 * 8 + 2),
    "ud2": (6, 0), "rdmsr": (13, 0),
}


def test_faults(s):
    for case, (n, err) in FAULTS.items():
        res = boot("faults", case)
        ends_with(s, f"faults {case}", res,
                  trap(n, symbol("faults", "fault_" + case), err), EXIT_FAIL)
        s.check(f"faults {case}: reached the instruction",
                f"faults: trying {case}\n" in res.output, res.output)


# --- hypercalls --------------------------------------------------------------

HCALL_KILLS = {
    "before_init": "hypercall 17 before INIT",
    "init_twice": "already have lguest_data",
    "bad_hcall": "Bad hypercall 99",
    "bad_notify": "Bad NOTIFY 0x4000000",
    "data_beyond": f"bad guest page {MEM - 100:#x}",
    "syscall_vec_low": "bad syscall vector",
    "syscall_vec_1f": "bad syscall vector",
    "kernel_in_switcher": "bad kernel address 0xffc00000",
    "crash_at_end": f"bad read address {MEM - 10:#x} len 128",
    "load_gdt": "unimplemented hypercall 3",
    "halt": "unimplemented hypercall 10",
    "bad_stack": "bad stack segment 104",
}


def test_hcalls(s, tmp):
    for case, message in HCALL_KILLS.items():
        ends_with(s, f"hcalls {case}", boot("hcalls", case), message,
                  EXIT_FAIL)

    res = boot("hcalls", "long_crash")
    msg = "".join(chr(ord("a") + i % 26) for i in range(127))
    ends_with(s, "hcalls long_crash: 127 bytes", res, "CRASH: " + msg,
              EXIT_OK)

    res = boot("hcalls", "regs")
    s.check("hcalls regs: nothing changed, eax = call number",
            "regs eax=0x11 ebx=0xb1b1b1b1 ecx=0xc1c1c1c1 edx=same "
            "esi=0x51515151 edi=0xd1d1d1d1\n" in res.output, res.output)
    ends_with(s, "hcalls regs", res, "CRASH: Power down", EXIT_OK)

    res = boot("hcalls", "accepted")
    s.check("hcalls accepted", "\naccepted ok\n" in res.output, res.output)
    ends_with(s, "hcalls accepted", res, "CRASH: Power down", EXIT_OK)

    res = boot("hcalls", "async")
    body = res.output[res.output.find("async 0"):]
    s.equal("hcalls async: ring runs in order before each call",
            body.splitlines()[:10],
            ["async 0", "async 1", "async 2", "sync after 3 queued",
             "busy slots: 0", "async 3", "async 4", "flushed",
             "busy slots: 0", "lguest: CRASH: async crash"])
    ends_with(s, "hcalls async", res, "CRASH: async crash", EXIT_OK)

    # NOTIFY stops at the end of guest memory; the host's next line still
    # starts on a line of its own.
    tail = os.path.join(tmp, "tail.img")
    with open(tail, "wb") as f:
        f.write(b"x" * 4092 + b"tail")
    res = boot("hcalls", "notify_end", initrd=tail)
    s.check("hcalls notify_end: bounded by guest memory",
            "\nbounded: tail\nlguest: CRASH: Power down\n" in res.output,
            res.output)
    ends_with(s, "hcalls notify_end", res, "CRASH: Power down", EXIT_OK)


# --- page tables ---------------------------------------------------------

def test_paging(s):
    read = symbol("paging", "fault_read")
    write = symbol("paging", "fault_write")
    kills = {
        "beyond_mem": trap(14, read, MEM),
        "not_present": trap(14, read, 0xc0000000),
        "ro_write": trap(14, write, 0xc0000000),
        "ro_pde_write": trap(14, write, 0xc0000000),
        "switcher_write": trap(14, write, 0xffc02000),
        "switcher_map": "attempt to access switcher pages",
        "pse_pde": "bad page directory entry",
        "pde_frame": "bad page directory entry",
        "pde_pwt": "bad page directory entry",
        "pte_frame": "bad page table entry",
        "pte_pse": "bad page table entry",
        "pte_pwt": "bad page table entry",
        "pgdir_beyond": f"bad read address {MEM:#x} len 4",
    }
    for case, message in kills.items():
        ends_with(s, f"paging {case}", boot("paging", case), message,
                  EXIT_FAIL)

    res = boot("paging", "ok")
    checks = [l for l in res.output.splitlines() if l.startswith("paging: ")]
    s.equal("paging ok: every step", [l.rsplit(" ", 1)[1] for l in checks],
            ["ok"] * 11)
    if any(not l.endswith(" ok") for l in checks):
        s.log(res.output)
    ends_with(s, "paging ok", res, "CRASH: Power down", EXIT_OK)


# --- the host's own errors -------------------------------------------------

def test_host_errors(s, tmp):
    argv = lguest_argv(O, guest("hello"), [])
    res = run_qemu(argv[:argv.index("-initrd")], timeout=60,
                   until=LGUEST_END, grace=5)
    ends_with(s, "no module", res,
              'error: no guest kernel: pass it as the first module, '
              '-initrd "<bzImage> <args...>[,<initrd>]"', EXIT_FAIL)

    text = os.path.join(tmp, "notakernel")
    with open(text, "w") as f:
        f.write("this is not a kernel\n" * 40)
    ends_with(s, "not a bzImage", run_qemu(
        lguest_argv(O, text, []), timeout=60, until=LGUEST_END, grace=5),
        "This doesn't look like a bzImage to me", EXIT_FAIL)

    short = os.path.join(tmp, "short")
    with open(guest("hello"), "rb") as f:
        head = bytearray(f.read(0x248))
    head[0x1f1] = 8                 # 9 sectors of setup, but 0x248 bytes
    with open(short, "wb") as f:
        f.write(head)
    ends_with(s, "truncated bzImage", run_qemu(
        lguest_argv(O, short, []), timeout=60, until=LGUEST_END, grace=5),
        "error: bzImage ends (584 bytes) before its protected-mode part "
        "(file offset 0x1200)", EXIT_FAIL)

    argv = lguest_argv(O, guest("hello"), [], mem_mb=200)
    argv[argv.index("-m") + 1] = "128"
    res = run_qemu(argv, timeout=60, until=LGUEST_END, grace=5)
    s.check("guest memory beyond host RAM", re.search(
        r"^lguest: error: guest memory \(200 MiB at host 0x[0-9a-f]+\) is "
        r"larger than host RAM: run QEMU with -m \d+ or more$",
        res.output, re.M) is not None, res.output)
    s.equal("guest memory beyond host RAM: exit status", res.returncode,
            EXIT_FAIL)

    big = os.path.join(tmp, "big.img")
    with open(big, "wb") as f:
        f.write(bytes(3 << 20))
    ends_with(s, "initrd beyond guest memory", boot(
        "hello", [], initrd=big, mem_mb=2),
        "error: initrd (3145728 bytes) does not fit in 2 MiB of guest memory",
        EXIT_FAIL)
    kernel_end = 0x100000 + os.path.getsize(guest("hello")) - 512
    ends_with(s, "no room for the page tables", boot(
        "hello", [], initrd=big, mem_mb=4),
        f"error: guest memory too small: the kernel ends at {kernel_end:#x}, "
        "the page tables would start at 0xfe000", EXIT_FAIL)

    ends_with(s, "unknown host option", boot(
        "hello", [], host_options=("bogus=1",)),
        "error: unknown option 'bogus=1' (known: mem= keep_segments= "
        "subarch= version=)", EXIT_FAIL)


def main():
    s = Suite("lguest-host")
    needed = [os.path.join(HOST_DIR, "lguest-host.elf"), guest("hello")]
    missing = [p for p in needed if not os.path.exists(p)]
    if not s.check("built", not missing, f"missing {missing}: build first "
                   f"(make -C tests/lguest-host O={HOST_DIR})"):
        return s.finish()
    with tempfile.TemporaryDirectory() as tmp:
        test_hello(s)
        test_vmlinux(s)
        test_entry_state(s, tmp)
        test_faults(s)
        test_hcalls(s, tmp)
        test_paging(s)
        test_host_errors(s, tmp)
    return s.finish()


if __name__ == "__main__":
    main_guard(main)
