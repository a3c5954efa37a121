# SPDX-License-Identifier: MIT
"""cpio archives in the "new ASCII" (newc) format, the one Linux unpacks
into its initramfs (Documentation/driver-api/early-userspace/
buffer-format.rst).  Written here rather than with cpio(1): no extra host
package, no root for device nodes, and the same bytes on every run
(owner root, mtime 0).

    a = Archive()
    a.dir("/guests")
    a.file("/guests/a.cfg", b"memory = 64\\n")
    data = a.gzip()        # Linux unpacks gzip'ed archives, concatenated too
"""
import gzip
import stat

_MAGIC = b"070701"


def _record(ino, name, mode, data=b"", nlink=1, rdev=(0, 0)):
    raw = name.encode() + b"\0"
    fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(raw), 0)
    head = _MAGIC + b"".join(b"%08x" % f for f in fields) + raw
    return _pad4(head) + _pad4(data)


def _pad4(data):
    return data + b"\0" * (-len(data) % 4)


class Archive:
    def __init__(self):
        self._out = bytearray()
        self._names = set()

    def _entry(self, name, mode, data=b"", nlink=1, rdev=(0, 0)):
        name = name.lstrip("/")
        if name in self._names:
            raise ValueError(f"{name} is already in the archive")
        self._names.add(name)
        self._out += _record(len(self._names), name, mode, data, nlink, rdev)

    def dir(self, name, perm=0o755):
        self._entry(name, stat.S_IFDIR | perm, nlink=2)

    def file(self, name, data, perm=0o644):
        self._entry(name, stat.S_IFREG | perm, data)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, perm=0o600):
        self._entry(name, stat.S_IFCHR | perm, rdev=(major, minor))

    def has(self, name):
        return name.lstrip("/") in self._names

    def bytes(self):
        """The archive, closed by its trailer entry."""
        return bytes(self._out) + _record(0, "TRAILER!!!", 0)

    def gzip(self, level=6):
        return gzip.compress(self.bytes(), compresslevel=level, mtime=0)
