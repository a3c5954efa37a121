#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make fuzz: run every harness for FUZZ_SECONDS each, one after another
on one core, and print per harness the executions, executions per
second and coverage (libFuzzer's cov: edges, ft: features), and any
finding with its reproducer.  Totals over all runs so far are kept in
$(O)/fuzz/totals.json and printed too (the issue's figures are counted
across runs).  Exit status 1 if anything was found.

  tests/fuzz/run_fuzz.py SECONDS [HARNESS...]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libfuzzer  # noqa: E402


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    names = sys.argv[2:] or libfuzzer.HARNESSES
    out = os.path.abspath(os.environ.get("O", "build"))
    logs = os.path.join(out, "fuzz", "logs")
    totals_path = os.path.join(out, "fuzz", "totals.json")
    os.makedirs(logs, exist_ok=True)
    try:
        with open(totals_path) as f:
            totals = json.load(f)
    except (OSError, ValueError):
        totals = {}
    found = []
    rows = []
    for name in names:
        print(f"fuzz: {name}: {seconds} s ...", flush=True)
        r = libfuzzer.run(name, out, seconds,
                          os.path.join(logs, name + ".log"))
        t = totals.setdefault(name, {"execs": 0, "seconds": 0, "runs": 0})
        t["execs"] += r.execs
        t["seconds"] += round(r.seconds)
        t["runs"] += 1
        t["cov"], t["ft"] = r.cov, r.ft
        rows.append((name, r, t))
        print(f"fuzz: {name}: {r.execs} execs, {r.exec_per_s}/s, cov {r.cov} "
              f"ft {r.ft}, corpus {r.corpus}", flush=True)
        if r.finding:
            found.append(name)
            print(f"fuzz: {name}: FINDING: {r.finding}")
            print(f"fuzz: {name}: reproducer {r.reproducer}, log "
                  f"{os.path.join(logs, name + '.log')}", flush=True)
    with open(totals_path, "w") as f:
        json.dump(totals, f, indent=1, sort_keys=True)

    print(f"\n{'harness':<11} {'execs':>11} {'exec/s':>7} {'cov':>5} "
          f"{'ft':>6}   {'all runs: execs':>15} {'seconds':>8}")
    for name, r, t in rows:
        print(f"{name:<11} {r.execs:>11} {r.exec_per_s:>7} {r.cov or 0:>5} "
              f"{r.ft or 0:>6}   {t['execs']:>15} {t['seconds']:>8}")
    print(f"findings: {', '.join(found) or 'none'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
