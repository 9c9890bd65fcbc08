#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Xen as the guest hypervisor L1 with a dom0 (L2) that speaks: the dom0 kernel module gets
# its own command line (nested-run --l1-module-args: console=hvc0, Xen's console), and its
# initramfs is scripts/get-linux-l1's initramfs-workload.gz, whose /init prints
# "l2-linux: userspace", runs the timed workload of an L2 Linux (touch, dd+md5sum, sleep,
# process creation) and powers off. Exits 77 (ctest skip) when the download is not possible.
#
#   xen-dom0.sh nv|nv2 [DOM0-ARGS...]
#   DOM0-ARGS  more of dom0's command line, e.g. l2.touch=MB l2.dd=MB l2.procs=N
#   NVARM_LINUX_L2_WORK  more of dom0's command line too (so ctest can shrink the workload)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=$1
shift
if ! dir=$("$root/scripts/get-xen-l1"); then
  echo "SKIP: scripts/get-xen-l1 could not fetch Debian's Xen, kernel and busybox-static"
  exit 77
fi
if [ ! -f "$dir/initramfs-workload.gz" ]; then
  echo "SKIP: scripts/get-linux-l1 could not build vmm (no aarch64-linux-gnu-gcc)"
  exit 77
fi
exec "$root/scripts/nested-run" --mode "$mode" --timeout 600 --mem 2048 --l1 "$dir/xen" \
  --l1-module "$dir/Image,multiboot,kernel" \
  --l1-module "$dir/initramfs-workload.gz,multiboot,ramdisk" \
  --l1-module-args 0 "console=hvc0 earlycon=xen loglevel=4 $* ${NVARM_LINUX_L2_WORK:-}" \
  --l1-append "console=dtuart dtuart=/pl011@9000000 dom0_mem=512M earlycon=xenboot"
