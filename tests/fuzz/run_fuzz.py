#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make fuzz: run every harness (or the ones named) for SECONDS each, on
FUZZ_JOBS cores (default 1: one after another), and print per harness
the executions, executions per second and coverage (libFuzzer's cov:
edges, ft: features), and any finding with its reproducer.  Totals over
all runs so far are kept in $(O)/fuzz/totals.json and printed too (the
issue's figures are counted across runs); each finished harness adds
its run there at once, under a lock, so that runs side by side and runs
cut short both count.  Exit status 1 if anything was found.

  tests/fuzz/run_fuzz.py SECONDS [HARNESS...]
"""
import concurrent.futures
import fcntl
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libfuzzer  # noqa: E402

print_lock = threading.Lock()


def add_to_totals(path, name, r):
    """Add run r of harness name to the totals file; returns its entry."""
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(path) as f:
                totals = json.load(f)
        except (OSError, ValueError):
            totals = {}
        t = totals.setdefault(name, {"execs": 0, "seconds": 0, "runs": 0})
        t["execs"] += r.execs
        t["seconds"] += round(r.seconds)
        t["runs"] += 1
        t["cov"], t["ft"] = r.cov, r.ft
        with open(path + ".tmp", "w") as f:
            json.dump(totals, f, indent=1, sort_keys=True)
        os.replace(path + ".tmp", path)
    return dict(t)


def fuzz_one(name, seconds, out, logs, totals_path):
    # Two runs of one harness (two make fuzz side by side) share its
    # working corpus, which libFuzzer allows, but not a log.
    with open(os.path.join(logs, name + ".running"), "w") as running:
        try:
            fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
            log = os.path.join(logs, name + ".log")
        except BlockingIOError:
            log = os.path.join(logs, f"{name}.{os.getpid()}.log")
        with print_lock:
            print(f"fuzz: {name}: {seconds} s ...", flush=True)
        r = libfuzzer.run(name, out, seconds, log,
                          max_len=libfuzzer.MAX_LEN.get(name))
    t = add_to_totals(totals_path, name, r)
    with print_lock:
        print(f"fuzz: {name}: {r.execs} execs, {r.exec_per_s}/s, cov {r.cov} "
              f"ft {r.ft}, corpus {r.corpus}", flush=True)
        if r.finding:
            print(f"fuzz: {name}: FINDING: {r.finding}")
            print(f"fuzz: {name}: reproducer {r.reproducer}, log {log}",
                  flush=True)
    return name, r, t


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    names = sys.argv[2:] or libfuzzer.HARNESSES
    unknown = [n for n in names if n not in libfuzzer.HARNESSES]
    if unknown:
        sys.exit(f"run_fuzz.py: no harness {', '.join(unknown)} (there are: "
                 f"{' '.join(libfuzzer.HARNESSES)})")
    jobs = max(1, int(os.environ.get("FUZZ_JOBS", "1")))
    out = os.path.abspath(os.environ.get("O", "build"))
    logs = os.path.join(out, "fuzz", "logs")
    totals_path = os.path.join(out, "fuzz", "totals.json")
    os.makedirs(logs, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        rows = list(pool.map(
            lambda n: fuzz_one(n, seconds, out, logs, totals_path), names))

    found = [name for name, r, _ in rows if r.finding]
    print(f"\n{'harness':<11} {'execs':>11} {'exec/s':>7} {'cov':>5} "
          f"{'ft':>6}   {'all runs: execs':>15} {'seconds':>8}")
    for name, r, t in rows:
        print(f"{name:<11} {r.execs:>11} {r.exec_per_s:>7} {r.cov or 0:>5} "
              f"{r.ft or 0:>6}   {t['execs']:>15} {t['seconds']:>8}")
    print(f"findings: {', '.join(found) or 'none'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
