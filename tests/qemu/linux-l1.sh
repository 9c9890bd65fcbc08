#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# A real Linux as the guest hypervisor L1: Debian's arm64 kernel with a busybox initramfs
# (scripts/get-linux-l1, downloaded once into build/linux-l1) booted by the example L0 in
# the given mode. Exits 77 (ctest SKIP_RETURN_CODE) when the download is not possible.
#
#   linux-l1.sh nv|nv2 [SMP]
#   NVARM_L1_NEST=nv|nv2  recursive nesting: L0 offers L1 FEAT_NV or NV2 (nvarm.l1nv) and L1
#                         boots with kvm-arm.mode=nested (its KVM then also runs kvm-mini's
#                         guest at virtual EL2)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! dir=$("$root/scripts/get-linux-l1"); then
  echo "SKIP: scripts/get-linux-l1 could not fetch Debian's arm64 kernel and busybox-static"
  exit 77
fi
l0args=() append="console=ttyAMA0"
if [ -n "${NVARM_L1_NEST:-}" ]; then
  l0args=(--l0-append "nvarm.l1nv=$NVARM_L1_NEST")
  append+=" kvm-arm.mode=nested"
fi
exec "$root/scripts/nested-run" --mode "$1" --smp "${2:-1}" --timeout 300 "${l0args[@]}" \
  --l1 "$dir/Image" --l1-initrd "$dir/initramfs.gz" --l1-append "$append"
