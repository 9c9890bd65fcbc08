#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""Write the initramfs scripts/get-linux-l1 gives the Linux L1: a gzip'd newc cpio with
busybox (static), /dev/console, and an /init shell script that prints the marker
"nvarm-linux-l1: /init reached", the start of /proc/cpuinfo and the kernel's KVM lines,
then powers off (poweroff -f: PSCI SYSTEM_OFF, answered by the example L0).

    mkinitramfs-l1.py BUSYBOX OUT.cpio.gz [KVM_MINI] [--l2 VMM IMAGE]
    mkinitramfs-l1.py BUSYBOX OUT.cpio.gz --workload VMM
    mkinitramfs-l1.py BUSYBOX OUT.cpio.gz --hyp VMM HYP_IMAGE

With KVM_MINI (a static arm64 program), /init also runs it as /bin/kvm-mini: a small KVM
user that runs an L2 guest under the L1 kernel's KVM.

With --l2, /init then boots an L2 Linux with VMM (examples/linux-l1/vmm.c) as /bin/vmm:
IMAGE (an arm64 Image) and an L2 initramfs made here (busybox, the same vmm as the
workload's timer, and L2_INIT below) go in as /l2/Image and /l2/initramfs.gz. Tokens
l2.touch=MB, l2.dd=MB, l2.procs=N on L1's command line are passed on to L2 (workload
sizes; defaults 128, 64, 10000); l2.mem=MB (L2's RAM, default 320) and l2.cpus=N (its vCPUs,
default 1, at most 8) go to vmm.

With --workload, OUT is that L2 initramfs alone (for Xen's dom0, an L2 too).

With --hyp (recursive nesting: L1 booted with kvm-arm.mode=nested), /init runs the guest
hypervisor HYP_IMAGE (e.g. the example L1, examples/l1, with its L2 payload) at virtual EL2
under L1's KVM: `vmm hyp /hyp/Image` (examples/linux-l1/vmm.c; hyp.limit=S on L1's command
line stops it after S seconds; each hyp.args=WORD becomes a word of the guest hypervisor's
/chosen bootargs), then powers off. L1's KVM's counters of the VM (debugfs) are
printed every 30 s; with l1.kvmtrace, the start of KVM's trace events when vmm ends.
"""
import gzip
import sys

# Every /init here (and tests/kmod's) starts so: busybox mounts the kernel's file systems and
# installs its applets.
SHELL_START = b"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
"""

INIT = SHELL_START + b"""echo "nvarm-linux-l1: /init reached, kernel $(uname -r), $(cut -d' ' -f1 /proc/uptime)s up"
cat /proc/cpuinfo | head -n 8
echo "nvarm-linux-l1: kvm lines:"
dmesg | grep -i kvm
if [ -x /bin/kvm-mini ]; then
    echo "nvarm-linux-l1: running an L2 guest with KVM"
    /bin/kvm-mini
    echo "nvarm-linux-l1: kvm-mini exited with status $?"
    # With kvm-arm.mode=nested (an L0 that offers FEAT_NV): the same guest at virtual EL2
    if grep -q "kvm-arm.mode=nested" /proc/cmdline; then
        echo "nvarm-linux-l1: running a guest at virtual EL2 with KVM"
        /bin/kvm-mini el2
        echo "nvarm-linux-l1: kvm-mini el2 exited with status $?"
    fi
fi
if [ -x /bin/vmm ] && [ -f /l2/Image ]; then
    mem=320 cpus=1 l2args=""
    for a in $(cat /proc/cmdline); do
        case "$a" in
        l2.mem=*) mem=${a#l2.mem=} ;;
        l2.cpus=*) cpus=${a#l2.cpus=} ;;
        l2.*) l2args="$l2args $a" ;;
        esac
    done
    echo "nvarm-linux-l1: booting an L2 Linux with vmm ($mem MiB, $cpus vCPUs)"
    /bin/vmm run /l2/Image /l2/initramfs.gz "$mem" \
        "console=ttyS0 earlycon=uart8250,mmio,0x9000000 loglevel=4$l2args" "$cpus"
    echo "nvarm-linux-l1: vmm exited with status $?"
fi
echo "nvarm-linux-l1: powering off"
[ -x /bin/vmm ] && /bin/vmm drain
poweroff -f
"""

HYP_INIT = SHELL_START + b"""echo "nvarm-linux-l1: /init reached, kernel $(uname -r), $(cut -d' ' -f1 /proc/uptime)s up"
echo "nvarm-linux-l1: kvm lines:"
dmesg | grep -i kvm
echo "nvarm-linux-l1: running a guest hypervisor at virtual EL2 with vmm"
# L1's KVM's own counters of the VM (debugfs), every 30 s while vmm runs
mount -t debugfs debugfs /sys/kernel/debug
kvmstats() {
    d=$(ls -d /sys/kernel/debug/kvm/$1-* 2>/dev/null | head -n 1)
    [ -n "$d" ] || return 0
    line=""
    for f in exits mmio_exit_user mmio_exit_kernel hvc_exit_stat wfi_exit_stat signal_exits; do
        [ -f "$d/$f" ] && line="$line $f=$(cat "$d/$f")"
    done
    echo "nvarm-linux-l1: L1's KVM:$line"
}
limit=0
args=""
for a in $(cat /proc/cmdline); do
    case "$a" in
    hyp.limit=*) limit=${a#hyp.limit=} ;;
    hyp.args=*) args="$args${args:+ }${a#hyp.args=}" ;;
    esac
done
/bin/vmm hyp /hyp/Image 64 "$limit" "$args" &
pid=$!
if grep -q "l1.kvmtrace" /proc/cmdline; then
    t=/sys/kernel/tracing
    mount -t tracefs tracefs $t
    for e in kvm_exit kvm_handle_sys_reg kvm_nested_eret kvm_inject_nested_exception kvm_set_way_flush kvm_toggle_cache kvm_sys_access; do
        [ -d $t/events/kvm/$e ] && echo 1 >$t/events/kvm/$e/enable
    done
fi
(while sleep 30; do kvmstats $pid; done) &
mon=$!
wait $pid
st=$?
kill $mon
if [ -n "${t:-}" ]; then
    echo 0 >$t/tracing_on
    echo "nvarm-linux-l1: kvm trace (the first 300 events but IRQ and data abort exits):"
    grep -v '^#' $t/trace | grep -v "kvm_exit: IRQ\\|DABT_LOW" | head -n 300
fi
echo "nvarm-linux-l1: vmm hyp exited with status $st"
echo "nvarm-linux-l1: powering off"
[ -x /bin/vmm ] && /bin/vmm drain
poweroff -f
"""

# The L2 Linux's /init: a marker, its CPUs (the online count and the kernel's own "smp:" line,
# which loglevel=4 keeps off the console), then the workload with its timings (the arch
# counter, read by vmm's helpers), then PSCI SYSTEM_OFF.
L2_INIT = SHELL_START + b"""t=$(vmm now)
echo "l2-linux: userspace, kernel $(uname -r), counter $((t / 1000)) ms, uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "l2-linux: $(grep -c ^processor /proc/cpuinfo) CPUs online ($(cat /sys/devices/system/cpu/online)); $(dmesg | grep -o 'smp: Brought up.*')"
touch=128 dd=64 procs=10000
for a in $(cat /proc/cmdline); do
    case "$a" in
    l2.touch=*) touch=${a#l2.touch=} ;;
    l2.dd=*) dd=${a#l2.dd=} ;;
    l2.procs=*) procs=${a#l2.procs=} ;;
    esac
done
echo "l2-linux: workload: touch $touch MiB, dd+md5sum $dd MiB, sleep 1 s, $procs processes"
vmm touch "$touch"
t0=$(vmm now)
sum=$(dd if=/dev/zero bs=1M count="$dd" 2>/dev/null | md5sum)
t1=$(vmm now)
echo "dd+md5sum: $dd MiB in $(((t1 - t0) / 1000)) ms, md5 ${sum%% *}"
vmm sleep 1000
vmm procs "$procs"
t=$(vmm now)
echo "l2-linux: workload done, counter $((t / 1000)) ms"
# poweroff -f does not wait for the console's queued output (the tty's transmit buffer,
# sent by the UART's interrupts); vmm drain (tcdrain) does
vmm drain
poweroff -f
"""


def cpio(files):
    """A gzip'd newc archive of (name, mode, data[, rdev]) records, directories first."""
    recs = [entry(f[0], f[1], f[2], ino=i + 1, rdev=f[3] if len(f) > 3 else (0, 0),
                  nlink=2 if f[1] & 0o040000 else 1) for i, f in enumerate(files)]
    recs.append(entry("TRAILER!!!", 0, ino=0))
    blob = b"".join(recs)
    blob += b"\0" * (-len(blob) % 512)
    return gzip.compress(blob, 6, mtime=0)


BASE = [
    ("bin", 0o040755, b""),
    ("dev", 0o040755, b""),
    ("proc", 0o040755, b""),
    ("sys", 0o040755, b""),
    ("dev/console", 0o020600, b"", (5, 1)),
]


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


def l2_initramfs(busybox, vmm):
    """The L2 Linux's files: busybox, vmm (the workload's timer) and L2_INIT."""
    return BASE + [
        ("bin/busybox", 0o100755, busybox),
        ("bin/sh", 0o120777, b"busybox"),
        ("bin/vmm", 0o100755, vmm),
        ("init", 0o100755, L2_INIT),
    ]


def main():
    args = sys.argv[1:]
    l2 = None
    if "--l2" in args:
        k = args.index("--l2")
        l2 = args[k + 1:k + 3]
        del args[k:k + 3]
        if len(l2) != 2:
            sys.exit("mkinitramfs-l1.py: --l2 takes VMM IMAGE")
    if "--hyp" in args:
        k = args.index("--hyp")
        files = [args[0], args[k + 1], args[k + 2]]
        data = []
        for name in files:
            with open(name, "rb") as f:
                data.append(f.read())
        with open(args[1], "wb") as f:
            f.write(cpio(BASE + [
                ("bin/busybox", 0o100755, data[0]),
                ("bin/sh", 0o120777, b"busybox"),
                ("bin/vmm", 0o100755, data[1]),
                ("hyp", 0o040755, b""),
                ("hyp/Image", 0o100644, data[2]),
                ("init", 0o100755, HYP_INIT),
            ]))
        return
    if "--workload" in args:
        k = args.index("--workload")
        with open(args[0], "rb") as f:
            busybox = f.read()
        with open(args[k + 1], "rb") as f:
            vmm = f.read()
        with open(args[1], "wb") as f:
            f.write(cpio(l2_initramfs(busybox, vmm)))
        return
    if len(args) not in (2, 3):
        sys.exit("usage: mkinitramfs-l1.py BUSYBOX OUT.cpio.gz [KVM_MINI] [--l2 VMM IMAGE]")
    with open(args[0], "rb") as f:
        busybox = f.read()
    files = BASE + [
        ("bin/busybox", 0o100755, busybox),
        ("bin/sh", 0o120777, b"busybox"),
        ("init", 0o100755, INIT),
    ]
    if len(args) == 3:
        with open(args[2], "rb") as f:
            files.append(("bin/kvm-mini", 0o100755, f.read()))
    if l2:
        with open(l2[0], "rb") as f:
            vmm = f.read()
        with open(l2[1], "rb") as f:
            image = f.read()
        l2_files = l2_initramfs(busybox, vmm)
        files += [
            ("bin/vmm", 0o100755, vmm),
            ("l2", 0o040755, b""),
            ("l2/Image", 0o100644, image),
            ("l2/initramfs.gz", 0o100644, cpio(l2_files)),
        ]
    with open(args[1], "wb") as f:
        f.write(cpio(files))


if __name__ == "__main__":
    main()
