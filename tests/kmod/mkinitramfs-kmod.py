#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""Write an initramfs that loads nvarm's kernel module (examples/kmod) and powers off: a
gzip'd newc cpio (records from scripts/mkinitramfs-l1.py) with busybox, the module as
/nvarm_kmod.ko, and an /init that prints its modinfo, insmods it (its self-test runs at
load and prints "nvarm-kmod: N passed, F failed"), repeats the module's lines from the
kernel log (so they are seen whatever the console log level) and runs poweroff -f.

    mkinitramfs-kmod.py BUSYBOX MODULE.ko OUT.cpio.gz
"""
import gzip
import importlib.util
import os
import sys

INIT_BODY = b"""echo "nvarm-kmod-init: kernel $(uname -r), $(cut -d' ' -f1 /proc/uptime)s up"
# busybox's modinfo reads modules.dep before it looks at a file given by path.
mkdir -p /lib/modules/$(uname -r) && : >/lib/modules/$(uname -r)/modules.dep
modinfo /nvarm_kmod.ko | sed 's/^/nvarm-kmod-init: modinfo: /'
dmesg -n 1
t0=$(cut -d' ' -f1 /proc/uptime)
insmod /nvarm_kmod.ko
echo "nvarm-kmod-init: insmod status $? ($t0 -> $(cut -d' ' -f1 /proc/uptime)s up)"
dmesg | grep -E 'nvarm|Call trace|BUG|WARNING' | sed 's/^\\[[ 0-9.]*\\] //'
rmmod nvarm_kmod && echo "nvarm-kmod-init: rmmod ok"
echo "nvarm-kmod-init: powering off"
poweroff -f
"""


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: mkinitramfs-kmod.py BUSYBOX MODULE.ko OUT.cpio.gz")
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "scripts", "mkinitramfs-l1.py")
    spec = importlib.util.spec_from_file_location("mkinitramfs_l1", path)
    l1 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(l1)
    entry = l1.entry
    init = l1.SHELL_START + INIT_BODY
    with open(sys.argv[1], "rb") as f:
        busybox = f.read()
    with open(sys.argv[2], "rb") as f:
        ko = f.read()
    recs = [
        entry("bin", 0o040755, ino=1, nlink=2),
        entry("dev", 0o040755, ino=2, nlink=2),
        entry("proc", 0o040755, ino=3, nlink=2),
        entry("sys", 0o040755, ino=4, nlink=2),
        entry("dev/console", 0o020600, ino=5, rdev=(5, 1)),
        entry("bin/busybox", 0o100755, busybox, ino=6),
        entry("bin/sh", 0o120777, b"busybox", ino=7),
        entry("init", 0o100755, init, ino=8),
        entry("nvarm_kmod.ko", 0o100644, ko, ino=9),
        entry("TRAILER!!!", 0, ino=0),
    ]
    blob = b"".join(recs)
    blob += b"\0" * (-len(blob) % 512)
    with open(sys.argv[3] + ".tmp", "wb") as f:
        f.write(gzip.compress(blob, 6, mtime=0))
    os.replace(sys.argv[3] + ".tmp", sys.argv[3])


if __name__ == "__main__":
    main()
