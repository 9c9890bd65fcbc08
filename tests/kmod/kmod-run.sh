#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# nvarm in a real kernel (examples/kmod, issue #20).
#
#   kmod-run.sh build DIR        build nvarm_kmod.ko into DIR (scripts/kmod-build: no
#                                warning allowed) and print its .modinfo
#   kmod-run.sh native DIR       boot Debian's kernel (the Linux-L1 one) in the FEAT_NV2
#                                QEMU with an initramfs that insmods DIR's module
#   kmod-run.sh nv|nv2 DIR       the same kernel and initramfs as the Linux L1 under the
#                                example L0 (scripts/nested-run)
#
# Nothing is skipped: when the headers, the toolchain or the kernel cannot be fetched the
# test fails, saying so.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=$1
dir=$2
ko=$dir/stage/nvarm_kmod.ko

if [ "$mode" = build ]; then
  rm -f "$ko"
  "$root/scripts/kmod-build" "$dir"
  kh=$("$root/scripts/get-kernel-headers")
  # shellcheck disable=SC1091
  . "$kh/env"
  PATH=$PATH aarch64-linux-gnu-objcopy -O binary --only-section=.modinfo "$ko" "$dir/modinfo.bin"
  tr '\0' '\n' <"$dir/modinfo.bin" | sed '/^$/d; s/^/kmod-run: modinfo: /'
  exit 0
fi

if [ ! -f "$ko" ]; then
  echo "kmod-run: FAIL: no $ko (the kmod_build test builds it)"
  exit 1
fi
if ! l1=$("$root/scripts/get-linux-l1"); then
  echo "kmod-run: FAIL: scripts/get-linux-l1 could not fetch Debian's arm64 kernel"
  exit 1
fi
busybox=$l1/root/bin/busybox
[ -f "$busybox" ] || busybox=$l1/root/usr/bin/busybox
initrd=$dir/initramfs-$mode.gz
python3 "$root/tests/kmod/mkinitramfs-kmod.py" "$busybox" "$ko" "$initrd"
case "$mode" in
native)
  exec "$root/scripts/qemu-run" --timeout 150 -kernel "$l1/Image" -initrd "$initrd" \
    -append "console=ttyAMA0"
  ;;
nv | nv2)
  exec "$root/scripts/nested-run" --mode "$mode" --timeout 150 --l1 "$l1/Image" \
    --l1-initrd "$initrd" --l1-append "console=ttyAMA0"
  ;;
*)
  echo "kmod-run: unknown mode $mode" >&2
  exit 2
  ;;
esac
