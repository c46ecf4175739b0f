#!/usr/bin/env bash
# Builds the plugin and its unit tests with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-sanitize/ (or $KGITOPS_SANITIZE_BUILD_DIR)
# and runs the unit tests; any report fails them. Extra arguments go to
# ctest (e.g. -L e2e runs the end-to-end tests against the sanitized binary).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_SANITIZE_BUILD_DIR:-$root/build-sanitize}

"$root/scripts/install-deps.sh"
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKGITOPS_SANITIZE=ON >/dev/null
fi
cmake --build "$build" -- -j"$(nproc)"
if (($# == 0)); then
  set -- -L unit
fi
ctest --test-dir "$build" --output-on-failure -j2 "$@"
