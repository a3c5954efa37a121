#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The fuzz smoke test (a tests/run suite): every harness over its
committed corpus (the regression inputs of every defect found included)
and the build's real payloads and ELFs, then FUZZ_SMOKE_SECONDS (default
5) of fuzzing from a fresh working corpus.  One PASS/FAIL line per
harness, then "N passed, N failed, N skipped".  A failure names the
finding and keeps its reproducer under $(O)/fuzz/crashes/<harness>/.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libfuzzer  # noqa: E402


def main():
    seconds = int(os.environ.get("FUZZ_SMOKE_SECONDS", "5"))
    out = os.path.abspath(os.environ.get("O", "build"))
    logs = os.path.join(out, "fuzz", "smoke-logs")
    passed = failed = 0
    os.makedirs(logs, exist_ok=True)
    for name in libfuzzer.HARNESSES:
        binary = os.path.join(out, "fuzz", "fuzz_" + name)
        if not os.path.exists(binary):
            print(f"FAIL: fuzz: {name}: {binary} is not built "
                  f"(make -f tests/fuzz/fuzz.mk)", flush=True)
            failed += 1
            continue
        work = os.path.join(out, "fuzz", "smoke", name)
        shutil.rmtree(work, ignore_errors=True)
        log = os.path.join(logs, name + ".log")
        r = libfuzzer.run(name, out, seconds, log, work=work)
        if r.finding:
            print(f"FAIL: fuzz: {name}: {r.finding} (reproducer "
                  f"{r.reproducer}, log {log})", flush=True)
            failed += 1
        else:
            print(f"PASS: fuzz: {name}: {r.execs} execs in {r.seconds:.0f} s, "
                  f"cov {r.cov} ft {r.ft}", flush=True)
            passed += 1
    print(f"{passed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
