#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Xen as the guest hypervisor L1 with Debian's Linux as dom0 (L2): scripts/get-xen-l1
# (downloaded once into build/linux-l1) booted by the example L0 in the given mode. Exits 77
# (ctest skip) when the download is not possible.
#
#   xen-l1.sh nv|nv2 [SMP]
# dom0 gets 192 MiB, built 1:1 in large aligned chunks of L1's 512 MiB around Xen's image and
# the two modules; with 2 CPUs Xen's own allocations grow and that failed once ("Failed to
# allocate requested dom0 memory. 64MB unallocated"), so an SMP run gives dom0 128 MiB.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! dir=$("$root/scripts/get-xen-l1"); then
  echo "SKIP: scripts/get-xen-l1 could not fetch Debian's Xen, kernel and busybox-static"
  exit 77
fi
dom0_mem=192M
[ "${2:-1}" = 1 ] || dom0_mem=128M
exec "$root/scripts/nested-run" --mode "$1" --smp "${2:-1}" --timeout 300 --l1 "$dir/xen" \
  --l1-module "$dir/Image,multiboot,kernel" --l1-module "$dir/initramfs.gz,multiboot,ramdisk" \
  --l1-append "console=dtuart dtuart=/pl011@9000000 dom0_mem=$dom0_mem earlycon=xenboot"
