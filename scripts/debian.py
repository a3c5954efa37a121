# SPDX-License-Identifier: MIT
"""Debian packages fetched into the per-machine cache, for the Python
scripts that do it (build-xen-dom0, fetch-linux): what apt-cache says a
package is, `apt-get download` (nothing is installed), the cache root and
the build tree's symlink into it.  scripts/cache.sh is the same cache for
the bash scripts: one directory per entry, filled beside it and renamed
into place, ${PARABOOT_CACHE:-/var/cache/paraboot}.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

# The package that always depends on Debian's current amd64 kernel.
KERNEL_META = "linux-image-amd64"
KERNEL_NAME = re.compile(r"^linux-image-.*-amd64$")


def die(msg, log=None):
    if log:
        sys.stderr.write(log)
    sys.exit(f"{os.path.basename(sys.argv[0])}: error: {msg}")


def run(argv, what, **kw):
    proc = subprocess.run(argv, capture_output=True, text=True, **kw)
    if proc.returncode:
        die(f"{what} failed", proc.stdout + proc.stderr)
    return proc.stdout


def apt_show(names):
    """Candidate Version, Section and dependency names of each package."""
    out = subprocess.run(["apt-cache", "show", "--no-all-versions", *names],
                         capture_output=True, text=True).stdout
    info = {}
    for para in out.split("\n\n"):
        fields = dict(re.findall(r"^([\w-]+): (.*)$", para, re.M))
        if "Package" not in fields:
            continue
        deps = []
        for key in ("Pre-Depends", "Depends"):
            for alt in fields.get(key, "").split(","):
                # The first alternative; no version, no ":any".
                dep = alt.split("|")[0].strip().split(" ")[0].split(":")[0]
                if dep:
                    deps.append(dep)
        info[fields["Package"]] = {"version": fields.get("Version"),
                                   "section": fields.get("Section"),
                                   "depends": deps}
    return info


def kernel_packages():
    """apt_show() of KERNEL_META and of the one linux-image-*-amd64 it
    depends on today, or None when apt-cache does not know KERNEL_META."""
    meta = apt_show([KERNEL_META]).get(KERNEL_META)
    if not meta:
        return None
    kernels = [d for d in meta["depends"] if KERNEL_NAME.match(d)]
    if len(kernels) != 1:
        die(f"{KERNEL_META} depends on {kernels or 'no'} linux-image-*-amd64")
    info = apt_show(kernels)
    if kernels[0] not in info:
        die(f"apt-cache knows no {kernels[0]}")
    info[KERNEL_META] = meta
    return info


def with_package_lists(resolve):
    """resolve(), again after `apt-get update` if it found nothing and we
    may update (a fresh machine has no package lists yet)."""
    found = resolve()
    if found is None and os.getuid() == 0:
        run(["apt-get", "-q", "update"], "apt-get update")
        found = resolve()
    return found


def cache_root():
    if os.environ.get("PARABOOT_CACHE"):
        return os.environ["PARABOOT_CACHE"]
    path = "/var/cache/paraboot"
    try:
        os.makedirs(path, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    home = os.environ.get("XDG_CACHE_HOME") or \
        os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(home, "paraboot")


def download(packages, tmp):
    """`apt-get download` each {package: version} into tmp/deb; the .debs."""
    debs = os.path.join(tmp, "deb")
    os.mkdir(debs)
    # As root, apt fetches as the unprivileged _apt user: let it write
    # here, or apt warns that the download is unsandboxed.
    if os.getuid() == 0:
        try:
            shutil.chown(debs, "_apt")
            os.chmod(tmp, 0o755)
        except (LookupError, OSError):
            pass
    run(["apt-get", "-q", "download",
         *(f"{p}={v}" for p, v in sorted(packages.items()))],
        "apt-get download", cwd=debs)
    return sorted(glob.glob(os.path.join(debs, "*.deb")))


def set_link(dest, link):
    """Make `link` (in the build tree) a symlink to the cache entry dest."""
    if os.path.islink(link) and os.readlink(link) == dest:
        return
    os.makedirs(os.path.dirname(link), exist_ok=True)
    tmp = f"{link}.tmp{os.getpid()}"
    os.symlink(dest, tmp)
    os.replace(tmp, link)
