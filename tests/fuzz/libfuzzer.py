# SPDX-License-Identifier: MIT
"""Running the harnesses (tests/fuzz/README.md) and reading libFuzzer's
output: shared by run_fuzz.py (make fuzz) and test_fuzz.py (make test).

Each harness runs as one process on one core (no -jobs/-workers) over,
in this order: its working corpus (libFuzzer adds new inputs to the
first directory: for make fuzz $(O)/fuzz/corpus/<name>, which grows
across runs; make test uses a fresh one each time), the committed
seeds tests/fuzz/corpus/<name> (with the regression inputs of every
defect found), and the build's real payloads or kernel ELFs.  A finding
(crash, sanitizer report, timeout) leaves its reproducer in
$(O)/fuzz/crashes/<name>/.
"""
import os
import re
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

HARNESSES = ["gunzip", "inflate", "unlz4", "unzstd", "elf32", "elf64",
             "bootparams", "xen", "pvh", "efi_memmap"]

# make fuzz's longest input per harness (libFuzzer -max_len; it reads
# longer corpus files cut to that).  Without it libFuzzer takes the
# longest seed's length, and the build's real payloads and kernel ELFs
# (17 to 75 KB) made every mutation a whole-kernel decode or load:
# gunzip ran at 2,159 inputs/s in long runs, elf64 at 550.  Even 4 KiB
# was slow for DEFLATE: the corpus fills with inputs of dozens of dynamic
# blocks, each building three Huffman tables under comparison tracing
# (gunzip 10,700/s on one corpus, 32,600/s at 1 KiB, the same edges).
# 1 KiB holds every structure of the three formats several times over,
# and a few bits of a fixed-code block reach the whole 32 KiB window.
# The long files still run whole, every time, in make test's smoke run
# (max_len None: libFuzzer's default).
MAX_LEN = {"gunzip": 1024, "inflate": 1024, "unlz4": 1024, "unzstd": 1024,
           "elf32": 8192, "elf64": 8192}


def build_seeds(name, out, dest):
    """Copy into dest what the images' build has that makes good seeds:
    the real payloads (gunzip; inflate gets the DEFLATE data inside them,
    between gzip -n's 10-byte header and the 8-byte trailer), the real
    kernel ELFs (elf32, elf64), and those as `lz4 -l -9` makes them for
    mkbzimage --compress=lz4 (unlz4)."""
    os.makedirs(dest, exist_ok=True)
    for arch in ("i386", "x86_64"):
        payload = os.path.join(out, arch, "vmlinux.bin.gz")
        elf = os.path.join(out, arch, "vmlinux.bin")
        if name == "gunzip":
            copy(payload, os.path.join(dest, arch + ".gz"))
        elif name == "inflate":
            copy(payload, os.path.join(dest, arch + ".deflate"),
                 lambda d: d[10:-8] if len(d) > 18 and d[3] == 0 else None)
        elif name == "unlz4":
            copy(elf, os.path.join(dest, arch + ".lz4"), lz4_legacy)
        elif name == "elf" + ("32" if arch == "i386" else "64"):
            copy(elf, os.path.join(dest, arch + ".elf"))


def lz4_legacy(data):
    import subprocess
    proc = subprocess.run(["lz4", "-q", "-l", "-9", "-c"], input=data,
                          capture_output=True)
    return proc.stdout if proc.returncode == 0 else None


def copy(src, dst, transform=lambda d: d):
    if not os.path.exists(src):
        return
    with open(src, "rb") as f:
        data = transform(f.read())
    if data is not None:
        with open(dst, "wb") as f:
            f.write(data)


class Result:
    def __init__(self, name):
        self.name = name
        self.execs = 0
        self.exec_per_s = 0
        self.cov = None
        self.ft = None
        self.corpus = None
        self.seconds = 0.0      # wall time
        self.finding = None       # the first line that says what broke
        self.reproducer = None
        self.status = None
        self.interrupted = False


DONE = re.compile(r"^#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) "
                  r"ft: (\d+) corp: (\d+)/")
STAT = re.compile(r"^stat::(\w+):\s+(\d+)")
ARTIFACT = re.compile(r"Test unit written to (\S+)")
FINDING = re.compile(r"^(fuzz: finding: .*|==\d+==\s*ERROR: .*|"
                     r"SUMMARY: .*|.*runtime error: .*)$")


def run(name, out, seconds, log_path, work=None, max_len=None):
    """Fuzz harness `name` for `seconds`, adding new inputs to the
    directory `work` (default: the working corpus), inputs at most
    max_len bytes long if given; returns a Result.  Every output line
    goes to log_path."""
    fuzz = os.path.join(out, "fuzz")
    binary = os.path.join(fuzz, "fuzz_" + name)
    work = work or os.path.join(fuzz, "corpus", name)
    crashes = os.path.join(fuzz, "crashes", name)
    seeds = os.path.join(fuzz, "seeds", name)
    for d in (work, crashes):
        os.makedirs(d, exist_ok=True)
    build_seeds(name, out, seeds)
    argv = [binary, f"-max_total_time={seconds}", "-timeout=10",
            "-print_final_stats=1", f"-artifact_prefix={crashes}/",
            work, os.path.join(HERE, "corpus", name), seeds]
    if max_len:
        argv.insert(1, f"-max_len={max_len}")
    r = Result(name)
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, cwd=ROOT, text=True,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                errors="replace")
        for line in proc.stdout:
            log.write(line)
            line = line.rstrip("\n")
            m = DONE.match(line)
            if m:
                r.cov, r.ft, r.corpus = (int(m.group(2)), int(m.group(3)),
                                         int(m.group(4)))
            m = STAT.match(line)
            if m and m.group(1) == "number_of_executed_units":
                r.execs = int(m.group(2))
            if m and m.group(1) == "average_exec_per_sec":
                r.exec_per_s = int(m.group(2))
            m = ARTIFACT.search(line)
            if m:
                r.reproducer = m.group(1)
            if "libFuzzer: run interrupted" in line:
                r.interrupted = True
            if not r.finding and FINDING.match(line):
                r.finding = line.strip()
        r.status = proc.wait()
    r.seconds = time.monotonic() - start
    # SIGINT to the harness alone (kill -INT) ends a run early: libFuzzer
    # prints its statistics and exits with 72, and the run counts.
    if r.status and not r.finding and not (r.status == 72 and r.interrupted):
        r.finding = f"libFuzzer exited with status {r.status}"
    return r
