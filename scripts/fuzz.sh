#!/usr/bin/env bash
# Builds the fuzz targets with clang under ASan and UBSan into build-fuzz/
# (or $KGITOPS_FUZZ_BUILD_DIR) and runs each briefly from its seed corpus
# (the `fuzz` CTest label). Extra arguments go to ctest. docs/fuzzing.md
# tells how to run one for hours.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_FUZZ_BUILD_DIR:-$root/build-fuzz}

"$root/scripts/install-deps.sh"
if [[ ! -f $build/build.ninja ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKGITOPS_FUZZ=ON >/dev/null
fi
cmake --build "$build" -- -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -L fuzz -j2 "$@"
