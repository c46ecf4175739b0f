#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what is missing,
# builds the local control plane (cached outside the repository after the
# first run) and the plugin, then runs every unit and end-to-end test with
# CTest, then the fuzz targets briefly (scripts/fuzz.sh, in build-fuzz/).
# Extra arguments go to ctest (e.g. -L unit, -R e2e-sync) and leave the
# fuzz targets out.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
# The tests' kubectl is the control plane's release, built beside it.
kubebins=$("$root/testenv/build.sh")
export PATH="$kubebins:$PATH"
status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=$?
if (($# == 0)); then
  KGITOPS_FUZZ_BUILD_DIR=$build-fuzz "$root/scripts/fuzz.sh" || status=$?
fi
exit "$status"
