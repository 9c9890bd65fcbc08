#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# An L2 Linux under a Linux L1: Debian's arm64 kernel boots as L1 with
# scripts/get-linux-l1's initramfs-l2.gz, whose /init boots the same kernel again as L2 with
# L1's KVM (examples/linux-l1/vmm.c); L2's /init prints "l2-linux: userspace" and runs a
# timed workload (touch, dd+md5sum, sleep, process creation), then both power off.
# nv and nv2 run L1 under the example L0 (scripts/nested-run); native boots L1 directly at
# EL2 in the same QEMU, for reference figures. Exits 77 (ctest skip) when the download is
# not possible.
#
#   linux-l2.sh nv|nv2|native [--smp N] [L1-ARGS...]
#   --smp N  CPUs of the machine, so L1 has N CPUs (default 1)
#   L1-ARGS  more of L1's command line, e.g. the workload sizes l2.touch=MB l2.dd=MB
#            l2.procs=N, L2's RAM l2.mem=MB and its vCPUs l2.cpus=N (defaults 128, 64,
#            10000, 320, 1)
#   NVARM_LINUX_L2_WORK  more of L1's command line too (so ctest can shrink the workload)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=$1
shift
smp=1
if [ "${1:-}" = --smp ]; then
  smp=$2
  shift 2
fi
if ! dir=$("$root/scripts/get-linux-l1"); then
  echo "SKIP: scripts/get-linux-l1 could not fetch Debian's arm64 kernel and busybox-static"
  exit 77
fi
if [ ! -f "$dir/initramfs-l2.gz" ]; then
  echo "SKIP: scripts/get-linux-l1 could not build vmm (no aarch64-linux-gnu-gcc)"
  exit 77
fi
append="console=ttyAMA0 $* ${NVARM_LINUX_L2_WORK:-}"
# L1 gets half of nested-run's RAM: 1 GiB for L1, as in the native run.
if [ "$mode" = native ]; then
  exec "$root/scripts/qemu-run" --timeout 600 --mem 1024 -smp "$smp" -kernel "$dir/Image" \
    -initrd "$dir/initramfs-l2.gz" -append "$append"
fi
exec "$root/scripts/nested-run" --mode "$mode" --smp "$smp" --timeout 600 --mem 2048 --l1 "$dir/Image" \
  --l1-initrd "$dir/initramfs-l2.gz" --l1-append "$append"
