# SPDX-License-Identifier: MIT
"""QEMU command lines for paraboot's test-only boot environments.

- tests/lguest-host: a ring-0 monitor that plays the Linux 2.6.24 lguest
  launcher and host, and runs an i386 bzImage in ring 1 (lguest_argv).
- tests/loader64: a minimal 64-bit boot-protocol loader that enters a
  bzImage at its 64-bit entry, load address + 0x200 (loader64_argv).

Both are Multiboot ELF images QEMU loads with -kernel; the bzImage and its
arguments are the first -initrd module ("<file> <args...>"), the initrd the
second.  Both end QEMU through isa-debug-exit (port 0xf4): exit status 1
after a normal end (for lguest: the guest's LHCALL_CRASH, e.g. "Power
down"), 3 after an error or a guest the host killed.

    res = run_qemu(lguest_argv(o, bzimage, ["console=hvc0"]),
                   until=LGUEST_END, grace=5)
"""

import os
import re

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")

# Every line the lguest host prints starts "lguest: "; all but the first
# ("lguest: starting guest: ...") end the run: "lguest: CRASH: <message>",
# "lguest: unhandled trap N at 0xEIP (0xERR)", "lguest: error: ...", or
# another kill message ("lguest: bad page table entry", ...).
LGUEST_END = re.compile(r"^lguest: (?!starting guest: )[^\n]*\n", re.M)

# loader64 prints one line before it jumps to the kernel; after that the
# kernel owns the console.  Its only final line is an error.
LOADER64_END = re.compile(r"^loader64: error: [^\n]*\n", re.M)

# The emulator's exit status for each way a run ends (isa-debug-exit).
EXIT_OK = 1
EXIT_FAIL = 3


def program_dir(o_dir, prog):
    """The directory holding <prog>.elf and its guests/: o_dir/<prog> (the
    top-level Makefile builds each test program into a subdirectory of the
    build directory) or else o_dir itself (make -C tests/<prog> O=o_dir)."""
    sub = os.path.join(o_dir, prog)
    if os.path.exists(os.path.join(sub, prog + ".elf")):
        return sub
    if os.path.exists(os.path.join(o_dir, prog + ".elf")):
        return o_dir
    return sub


def _words(args):
    if isinstance(args, str):
        return args.split()
    words = [str(a) for a in args]
    for w in words:
        if not w or any(c.isspace() for c in w):
            raise ValueError(f"argument {w!r}: a module command line is "
                             "split on spaces, so no argument can hold one")
    return words


def _module(path, args=()):
    """One -initrd module: "<file> <args...>"; QEMU reads ",," as ","."""
    return " ".join(w.replace(",", ",,")
                    for w in [os.path.abspath(path)] + _words(args))


def _modules(bzimage, cmdline_args, initrd):
    mods = [_module(bzimage, cmdline_args)]
    if initrd is not None:
        mods.append(_module(initrd))
    return ",".join(mods)


def _machine(mem_mb):
    return [QEMU, "-machine", "pc", "-m", str(mem_mb), "-nographic",
            "-no-reboot", "-monitor", "none", "-net", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]


def lguest_argv(o_dir, bzimage, cmdline_args, initrd=None, mem_mb=64,
                host_options=()):
    """QEMU argv running bzimage as an lguest guest with mem_mb of RAM.

    o_dir: the build directory (or the host's own output directory).
    cmdline_args: the guest's kernel arguments (a string or a list), which
    the host joins the 2.6.24 way, each followed by one space.
    host_options: extra host options, e.g. ("keep_segments=0",
    "subarch=2", "version=0x20a").  The host itself needs 64 MiB beside
    the guest's memory.
    """
    host_args = " ".join([f"mem={mem_mb}"] + _words(host_options))
    return _machine(mem_mb + 64) + [
        "-kernel", os.path.join(program_dir(o_dir, "lguest-host"),
                                "lguest-host.elf"),
        "-append", host_args,
        "-initrd", _modules(bzimage, cmdline_args, initrd)]


def loader64_argv(o_dir, bzimage, cmdline_args, initrd=None, mem_mb=256,
                  loader_options=()):
    """QEMU argv entering bzimage at its 64-bit entry through loader64.

    o_dir: the build directory (or loader64's own output directory).
    cmdline_args become the kernel's command line, joined by single
    spaces.  loader64 itself is linked at 64 MiB, so mem_mb must leave room
    for it and for the kernel below it (256 MiB is the usual value).
    loader_options: loader64's own, e.g. ("sloppy",): copy the image's
    whole first page into boot_params, as boot.rst tells loaders not to.
    """
    return _machine(mem_mb) + [
        "-kernel", os.path.join(program_dir(o_dir, "loader64"),
                                "loader64.elf"),
        "-append", " ".join(_words(loader_options)),
        "-initrd", _modules(bzimage, cmdline_args, initrd)]
