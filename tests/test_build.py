#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The build itself: reproducible (a second build of the same tree, in
another directory and through CROSS_COMPILE=x86_64-linux-gnu-, gives
byte-identical images, kernels, payloads and stubs), warnings fatal, and
the decompressor free of run-time relocations."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import ROOT, Suite, build_dir  # noqa: E402

ARTIFACTS = ["bzImage", "vmlinux", "vmlinux.bin.gz", "compressed/zo.bin",
             "stub/decompressor.o", "stub/setup.o"]


def main():
    suite = Suite("build")
    o = build_dir()
    for arch in ("i386", "x86_64"):
        for name in ARTIFACTS:
            a = os.path.join(o, arch, name)
            b = os.path.join(o, "rebuild", arch, name)
            if not (os.path.exists(a) and os.path.exists(b)):
                suite.check(f"{arch} {name}: both builds exist", False,
                            f"{a} or {b} missing (make test builds both)")
                continue
            suite.check(f"{arch} {name}: byte-identical in a second build",
                        open(a, "rb").read() == open(b, "rb").read(),
                        f"{a} and {b} differ")
        zo = os.path.join(o, arch, "compressed", "vmlinux")
        out = subprocess.run(["readelf", "-rW", zo], capture_output=True,
                             text=True).stdout
        suite.check(f"{arch} decompressor has no run-time relocations",
                    "There are no relocations" in out or not out.strip(),
                    out[:400])
    build_mk = open(os.path.join(ROOT, "scripts", "build.mk")).read()
    suite.check("warnings are errors", "-Wall -Wextra -Werror" in build_mk,
                "scripts/build.mk lost -Werror")
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
