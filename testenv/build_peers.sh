#!/usr/bin/env bash
# Builds the peers scripts/bench.sh compares kubectl-gitops with: kapp
# (KAPP_VERSION) and testenv/fluxssa, a small driver of Flux's server-side
# apply engine (fluxcd/pkg/ssa at FLUX_SSA_VERSION), into versioned cache
# folders outside the repository, as testenv/build.sh builds kwok. Prints the
# folder holding both (as links). A second run finds them there and returns at
# once. The test suite never needs them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/versions.sh
source "$here/versions.sh"
command -v go >/dev/null || { echo "build_peers.sh: go is required" >&2; exit 1; }
# Two builds at once would compete for the same cores: one at a time, and
# each with few parallel jobs.
export GOMAXPROCS=${GOMAXPROCS:-2}

build_kapp() {
  [[ -x $KGITOPS_KAPP_DIR/bin/kapp ]] && return 0
  echo "build_peers.sh: building kapp $KAPP_VERSION" >&2
  mkdir -p "$KGITOPS_CACHE_DIR"
  local staging
  staging=$(mktemp -d "$KGITOPS_CACHE_DIR/.kapp-build.XXXXXX")
  # Not `go install kapp@version`: that asks the proxy for kapp's version
  # list (to warn of deprecation), which the proxy refuses for this module.
  # A throwaway module that requires kapp at the version builds the same
  # program (kapp's go.mod has no replace directives).
  (cd "$staging" && export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 &&
    go mod init kapp-build >/dev/null 2>&1 &&
    go get "carvel.dev/kapp/cmd/kapp@$KAPP_VERSION" &&
    go build -p 2 -trimpath -ldflags "-s -w" -o "$staging/bin/kapp" carvel.dev/kapp/cmd/kapp) >&2 || {
    rm -rf "$staging"
    return 1
  }
  rm -rf "$KGITOPS_KAPP_DIR"
  mkdir -p "$KGITOPS_KAPP_DIR"
  mv "$staging/bin" "$KGITOPS_KAPP_DIR/"
  rm -rf "$staging"
}

# The driver's sources are copied into a build folder in the cache; its
# go.sum is generated there, so the repository keeps only go.mod. The
# folder's name carries a hash of the sources: an edit rebuilds it.
build_fluxssa() {
  local sources_hash dir
  sources_hash=$(cat "$here/fluxssa/go.mod" "$here/fluxssa/main.go" | sha256sum | cut -c1-12)
  dir="$KGITOPS_FLUXSSA_DIR-$sources_hash"
  if [[ ! -x $dir/bin/fluxssa ]]; then
    echo "build_peers.sh: building the fluxcd/pkg/ssa $FLUX_SSA_VERSION driver" >&2
    mkdir -p "$KGITOPS_CACHE_DIR"
    local staging
    staging=$(mktemp -d "$KGITOPS_CACHE_DIR/.fluxssa-build.XXXXXX")
    cp "$here/fluxssa/go.mod" "$here/fluxssa/main.go" "$staging/"
    (cd "$staging" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go mod tidy &&
      GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
        go build -p 2 -trimpath -ldflags "-s -w" -o "$staging/bin/fluxssa" .) >&2 || {
      rm -rf "$staging"
      return 1
    }
    rm -rf "$KGITOPS_FLUXSSA_DIR"-* # builds of earlier sources
    mkdir -p "$dir"
    mv "$staging/bin" "$staging/go.mod" "$staging/go.sum" "$dir/"
    rm -rf "$staging"
  fi
  fluxssa_bin="$dir/bin/fluxssa"
}

build_kapp
build_fluxssa
peers="$KGITOPS_CACHE_DIR/peers/bin"
mkdir -p "$peers"
ln -sfn "$KGITOPS_KAPP_DIR/bin/kapp" "$peers/kapp"
ln -sfn "$fluxssa_bin" "$peers/fluxssa"
echo "$peers"
