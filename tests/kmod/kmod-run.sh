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
# NVARM_KMOD_HOST_TESTS: the host builds of the tests the module runs; every line they
# print (fault counts, rule counts, seeds, property-test figures) must appear in the
# module's output too: the same sources compute the same results in kernel context.
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
log=$dir/run-$mode.log
set +e
case "$mode" in
native)
  "$root/scripts/qemu-run" --timeout 150 -kernel "$l1/Image" -initrd "$initrd" \
    -append "console=ttyAMA0" 2>&1 | tee "$log"
  ;;
nv | nv2)
  "$root/scripts/nested-run" --mode "$mode" --timeout 150 --l1 "$l1/Image" \
    --l1-initrd "$initrd" --l1-append "console=ttyAMA0" 2>&1 | tee "$log"
  ;;
*)
  echo "kmod-run: unknown mode $mode" >&2
  exit 2
  ;;
esac
rc=${PIPESTATUS[0]}
set -e

# The same tests built for the host (NVARM_KMOD_HOST_TESTS: their executables) print the
# same figures for the same seeds: every line they print must be in the kernel's output.
if [ -n "${NVARM_KMOD_HOST_TESTS:-}" ]; then
  same=0 differ=0
  for t in $NVARM_KMOD_HOST_TESTS; do
    if [ ! -x "$t" ]; then
      echo "kmod-run: FAIL: host test $t not built"
      differ=$((differ + 1))
      continue
    fi
    while IFS= read -r line; do
      if grep -qF -- "nvarm-kmod: $line" "$log"; then
        same=$((same + 1))
      else
        echo "kmod-run: FAIL: $(basename "$t") printed on the host, not in the kernel: $line"
        differ=$((differ + 1))
      fi
    done < <("$t" 2>/dev/null | grep -v '^\[' | grep -v '^ *$')
  done
  echo "kmod-run: host and kernel figures: $same lines the same, $differ different"
fi
exit "$rc"
