# SPDX-License-Identifier: MIT
"""Shared pieces of paraboot's test programs.

Every test program reports through one Suite: a line per check
("PASS: name", "FAIL: name: detail", "SKIP: name: reason") and one closing
line "N passed, N failed, N skipped".  tests/run adds the closing lines up.

run_qemu() starts an emulator with a hard timeout and stops it as soon as
the output shows what the test waits for, so no boot test waits longer
than it must.
"""

import os
import re
import select
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def build_dir():
    """The build tree the tests read (make passes O=; default build/)."""
    return os.path.abspath(os.environ.get("O", os.path.join(ROOT, "build")))


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.verbose = os.environ.get("V", "0") not in ("", "0")

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS: {self.name}: {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL: {self.name}: {name}: {detail}", flush=True)
        return ok

    def equal(self, name, got, want):
        return self.check(name, got == want, f"got {got!r}, want {want!r}")

    def skip(self, name, reason):
        self.skipped += 1
        print(f"SKIP: {self.name}: {name}: {reason}", flush=True)

    def log(self, text):
        """Show emulator output: always for failures, otherwise with V=1."""
        for line in text.splitlines():
            print(f"    | {line}", flush=True)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed, "
              f"{self.skipped} skipped", flush=True)
        return 1 if self.failed else 0


class RunResult:
    def __init__(self, output, returncode, timed_out, stopped, seconds):
        self.output = output          # everything the emulator printed
        self.returncode = returncode  # None if we had to stop it
        self.timed_out = timed_out    # the hard timeout expired
        self.stopped = stopped        # `until` matched and we stopped it
        self.seconds = seconds

    def __repr__(self):
        return (f"RunResult(rc={self.returncode}, timed_out={self.timed_out}, "
                f"stopped={self.stopped}, {self.seconds:.1f}s)")


def run_qemu(argv, timeout=60, until=None, grace=0.0, echo=None):
    """Run argv (an emulator writing its serial console to stdout).

    until: a compiled regex or a callable(text) -> bool.  Once it matches,
    wait up to `grace` seconds for the emulator to exit by itself (a clean
    power-off), then stop it.  echo: a binary file that gets the output as
    it arrives (for run scripts that show a boot live).  Returns a
    RunResult.
    """
    if isinstance(until, str):
        until = re.compile(until, re.M)
    matches = (until.search if hasattr(until, "search") else until)
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    chunks = []

    def take(data):
        chunks.append(data)
        if echo is not None:
            echo.write(data)
            echo.flush()

    timed_out = stopped = False
    matched_at = None
    fd = proc.stdout.fileno()
    os.set_blocking(fd, False)
    while True:
        now = time.monotonic()
        if now - start > timeout:
            timed_out = True
            break
        if matched_at is not None and now - matched_at >= grace:
            stopped = True
            break
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                data = b""
            if data:
                take(data)
                if matched_at is None and matches is not None:
                    text = _text(chunks)
                    if matches(text):
                        matched_at = time.monotonic()
                continue
            # EOF: the emulator closed its output; it is exiting.
            proc.wait()
            break
        if proc.poll() is not None:
            # Drain whatever is left.
            try:
                while True:
                    data = os.read(fd, 65536)
                    if not data:
                        break
                    take(data)
            except (BlockingIOError, OSError):
                pass
            break
    rc = proc.poll()
    if rc is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        rc = None
    return RunResult(_text(chunks), rc, timed_out, stopped,
                     time.monotonic() - start)


# A terminal control sequence (ECMA-48 CSI): UEFI firmware draws its
# console on the serial line with them, and leaves them in front of the
# next line's text.
_CSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]")


def _text(chunks):
    """Serial output as text, without carriage returns and terminal
    control sequences: firmware and GRUB scatter bare \r's and cursor
    moves that would hide a line's start from ^ patterns."""
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
    return _CSI.sub("", text)


# The report's last line, complete: "$" alone would also match the end of
# a line the emulator has only half written yet.
REPORT_END = re.compile(r"^paraboot: (ok|error: [^\n]*)\n", re.M)


def report_lines(text):
    """The boot report's lines, in order, without the 'paraboot: ' prefix."""
    return [line[len("paraboot: "):] for line in text.splitlines()
            if line.startswith("paraboot: ")]


def parse_report(text):
    """Parse a boot report into a dict.

    Keys: 'env' (first line's key=value pairs), 'cmdline' (decoded bytes),
    'memory', 'initrd' (None or dict), 'kernel', 'ok' (bool), 'errors' and
    'warnings' (lists: the loader-warning lines).
    """
    rep = {"env": None, "cmdline": None, "memory": None, "initrd": "missing",
           "kernel": None, "ok": False, "errors": [], "warnings": [],
           "lines": []}
    for line in report_lines(text):
        rep["lines"].append(line)
        if line.startswith("subarch="):
            rep["env"] = dict(kv.split("=", 1) for kv in line.split())
        elif line.startswith("cmdline=\""):
            rep["cmdline"] = unquote_cmdline(line[len("cmdline="):])
        elif line.startswith("memory "):
            rep["memory"] = dict(kv.split("=", 1) for kv in line.split()[1:])
        elif line == "initrd none":
            rep["initrd"] = None
        elif line.startswith("initrd "):
            rep["initrd"] = dict(kv.split("=", 1) for kv in line.split()[1:])
        elif line.startswith("kernel "):
            rep["kernel"] = dict(kv.split("=", 1) for kv in line.split()[1:])
        elif line == "ok":
            rep["ok"] = True
        elif line.startswith("error: "):
            rep["errors"].append(line[len("error: "):])
        elif line.startswith("loader-warning: "):
            rep["warnings"].append(line[len("loader-warning: "):])
    return rep


def unquote_cmdline(quoted):
    """Undo the report's quoting: "..." with \\\\, \\" and \\xNN escapes."""
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(f"command line not quoted: {quoted!r}")
    body = quoted[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            nxt = body[i + 1]
            if nxt == "x":
                out.append(int(body[i + 2:i + 4], 16))
                i += 4
                continue
            out.append(ord(nxt))
            i += 2
            continue
        out += c.encode("latin-1")
        i += 1
    return bytes(out)


def main_guard(fn):
    """Run fn(suite-less) and exit with its status; Ctrl-C stops cleanly."""
    try:
        sys.exit(fn())
    except KeyboardInterrupt:
        sys.exit(130)
