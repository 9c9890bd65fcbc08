#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Run the sysreg libFuzzer target for longer than CI does (default 1 hour).
#   tools/fuzz-sysreg-long.sh [seconds] [build-dir]
# Builds the fuzz tree (clang, ASan+UBSan) if needed; the corpus is kept in the build dir.
set -eu
secs=${1:-3600}
src=$(cd "$(dirname "$0")/.." && pwd)
bld=${2:-$src/build/fuzz-long}
if [ ! -x "$bld/tests/fuzz/fuzz_sysreg" ]; then
	cmake -S "$src" -B "$bld" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DNVARM_FUZZ=ON -DNVARM_BUILD_TESTS=OFF
	cmake --build "$bld" --target fuzz_sysreg -j2
fi
mkdir -p "$bld/corpus/fuzz_sysreg"
exec "$bld/tests/fuzz/fuzz_sysreg" -max_total_time="$secs" -print_final_stats=1 \
	"$bld/corpus/fuzz_sysreg"
