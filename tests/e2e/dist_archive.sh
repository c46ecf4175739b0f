# Sourced by the e2e tests of the release archive: builds it with
# scripts/dist.sh in the build folder under test (incrementally, one run at a
# time) and sets DIST_ARCHIVE, DIST_MANIFEST and DIST_VERSION.
# shellcheck shell=bash

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

dist_source_dir=${KGITOPS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Beside the build folder CTest runs in (the `dist-archive` fixture's), by hand
# scripts/dist.sh's own.
if [[ -n ${KGITOPS_BUILD_DIR:-} ]]; then
  dist_build_dir=${KGITOPS_BUILD_DIR%/}-dist-static
  dist_out_dir=$KGITOPS_BUILD_DIR/dist
else
  dist_build_dir=$dist_source_dir/build-dist-static
  dist_out_dir=$dist_build_dir/dist
fi

build_dist_archive() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/kgitops-dist-log.XXXXXX")
  # The manifest's uri is the default one: the tests compare it with krew/.krew.yaml.
  if ! env -u KGITOPS_RELEASE_URL "$dist_source_dir/scripts/dist.sh" --build-dir "$dist_build_dir" --out-dir "$dist_out_dir" \
    >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "FAIL: scripts/dist.sh failed" >&2
    exit 1
  fi
  DIST_ARCHIVE=$(grep '\.tar\.gz$' "$log" | tail -n 1)
  DIST_MANIFEST=$(grep '/gitops\.yaml$' "$log" | tail -n 1)
  rm -f "$log"
  [[ -f $DIST_ARCHIVE && -f $DIST_MANIFEST ]] || {
    echo "FAIL: scripts/dist.sh did not name its archive and manifest" >&2
    exit 1
  }
  DIST_VERSION=$(basename "$DIST_ARCHIVE")
  DIST_VERSION=${DIST_VERSION#kubectl-gitops_}
  DIST_VERSION=${DIST_VERSION%_linux_amd64.tar.gz}
}
