#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""Write the initramfs scripts/get-linux-l1 gives the Linux L1: a gzip'd newc cpio with
busybox (static), /dev/console, and an /init shell script that prints the marker
"nvarm-linux-l1: /init reached", the start of /proc/cpuinfo and the kernel's KVM lines,
then powers off (poweroff -f: PSCI SYSTEM_OFF, answered by the example L0).

    mkinitramfs-l1.py BUSYBOX OUT.cpio.gz [KVM_MINI]

With KVM_MINI (a static arm64 program), /init also runs it as /bin/kvm-mini: a small KVM
user that runs an L2 guest under the L1 kernel's KVM.
"""
import gzip
import sys

INIT = b"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
echo "nvarm-linux-l1: /init reached, kernel $(uname -r), $(cut -d' ' -f1 /proc/uptime)s up"
cat /proc/cpuinfo | head -n 8
echo "nvarm-linux-l1: kvm lines:"
dmesg | grep -i kvm
if [ -x /bin/kvm-mini ]; then
    echo "nvarm-linux-l1: running an L2 guest with KVM"
    /bin/kvm-mini
    echo "nvarm-linux-l1: kvm-mini exited with status $?"
fi
echo "nvarm-linux-l1: powering off"
poweroff -f
"""


def entry(name, mode, data=b"", ino=1, rdev=(0, 0), nlink=1):
    """One newc record: the 110-byte header, the name, the data, each 4-byte aligned."""
    name_b = name.encode() + b"\0"
    fields = [
        ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0
    ]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: mkinitramfs-l1.py BUSYBOX OUT.cpio.gz [KVM_MINI]")
    with open(sys.argv[1], "rb") as f:
        busybox = f.read()
    recs = [
        entry("bin", 0o040755, ino=1, nlink=2),
        entry("dev", 0o040755, ino=2, nlink=2),
        entry("proc", 0o040755, ino=3, nlink=2),
        entry("sys", 0o040755, ino=4, nlink=2),
        entry("dev/console", 0o020600, ino=5, rdev=(5, 1)),
        entry("bin/busybox", 0o100755, busybox, ino=6),
        entry("bin/sh", 0o120777, b"busybox", ino=7),
        entry("init", 0o100755, INIT, ino=8),
        entry("TRAILER!!!", 0, ino=0),
    ]
    if len(sys.argv) == 4:
        with open(sys.argv[3], "rb") as f:
            recs.insert(-1, entry("bin/kvm-mini", 0o100755, f.read(), ino=9))
    blob = b"".join(recs)
    blob += b"\0" * (-len(blob) % 512)
    with open(sys.argv[2], "wb") as f:
        f.write(gzip.compress(blob, 9, mtime=0))


if __name__ == "__main__":
    main()
