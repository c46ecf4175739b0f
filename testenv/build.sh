#!/usr/bin/env bash
# Builds the upstream control-plane programs (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) and kubectl from source through the Go module
# proxy, at the versions pinned in testenv/kubebins/go.mod, kwok (fake
# nodes and pods, at KWOK_VERSION, with the stages it is run with) and helm
# (HELM_VERSION, for the chart tests; linked into the control plane's folder)
# into versioned cache folders outside the repository. Prints the control
# plane's folder. A second run finds the binaries there and returns at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/versions.sh
source "$here/versions.sh"

bin_dir="$KGITOPS_KUBEBINS_DIR/bin"
# kubectl too: the tests and the demo talk to the cluster with the client of
# the same release, so a machine needs none of its own.
wanted=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl)
command -v go >/dev/null || { echo "build.sh: go is required to build the control plane" >&2; exit 1; }

# The stages kwok runs with (kwok's own "fast" set): nodes become Ready and
# keep their lease, pods become Ready (Job pods complete), deleted pods go.
kwok_stages=(
  node/fast/node-initialize.yaml
  node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  pod/fast/pod-ready.yaml
  pod/fast/pod-complete.yaml
  pod/fast/pod-delete.yaml
)

build_kwok() {
  [[ -x $KGITOPS_KWOK_DIR/bin/kwok && -f $KGITOPS_KWOK_DIR/stages.yaml ]] && return 0
  echo "build.sh: building kwok $KWOK_VERSION" >&2
  mkdir -p "$KGITOPS_CACHE_DIR"
  local staging source stage
  staging=$(mktemp -d "$KGITOPS_CACHE_DIR/.kwok-build.XXXXXX")
  # `go install module@version` builds with kwok's own go.mod, apart from
  # the control plane's module; a caller's workspace or flags must not leak in.
  (cd "$staging" && GOWORK=off GOFLAGS= CGO_ENABLED=0 GOBIN="$staging/bin" \
    go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION") >&2 || {
    rm -rf "$staging"
    return 1
  }
  source=$(GOFLAGS= go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage
  for stage in "${kwok_stages[@]}"; do
    [[ -f $source/$stage ]] || { echo "build.sh: kwok $KWOK_VERSION has no stage $stage" >&2; rm -rf "$staging"; return 1; }
    printf -- '---\n' >>"$staging/stages.yaml"
    cat "$source/$stage" >>"$staging/stages.yaml"
  done
  rm -rf "$KGITOPS_KWOK_DIR"
  mkdir -p "$KGITOPS_KWOK_DIR"
  mv "$staging/bin" "$staging/stages.yaml" "$KGITOPS_KWOK_DIR/"
  rm -rf "$staging"
}

build_control_plane() {
  local name have_all=true
  for name in "${wanted[@]}"; do
    [[ -x "$bin_dir/$name" ]] || have_all=false
  done
  $have_all && return 0
  mkdir -p "$bin_dir"
  local staging
  staging=$(mktemp -d "$KGITOPS_KUBEBINS_DIR/.build.XXXXXX")
  # shellcheck disable=SC2064 # the folder is known now
  trap "rm -rf '$staging'" EXIT

  local minor=${KUBE_VERSION#v1.}
  minor=${minor%%.*}
  echo "build.sh: building Kubernetes $KUBE_VERSION and etcd $ETCD_VERSION (a cold build takes 10-25 minutes)" >&2
  (
    cd "$here/kubebins"
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w \
      -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
      -X k8s.io/component-base/version.gitMajor=1 \
      -X k8s.io/component-base/version.gitMinor=$minor \
      -X k8s.io/component-base/version.gitTreeState=clean \
      -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION" \
      -o "$staging/" \
      k8s.io/kubernetes/cmd/kube-apiserver \
      k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler \
      k8s.io/kubernetes/cmd/kubectl >&2
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3 >&2
  )

  # Move into place only once every binary was built, so a broken build never
  # leaves a half-filled cache that later runs would trust.
  for name in "${wanted[@]}"; do
    mv "$staging/$name" "$bin_dir/$name"
  done
}

# helm, for the chart tests: built in its own module like kwok, kept in its
# versioned folder and linked into the control plane's, so the one folder
# this script prints gives kubectl and helm together.
build_helm() {
  if [[ ! -x $KGITOPS_HELM_DIR/bin/helm ]]; then
    echo "build.sh: building helm $HELM_VERSION" >&2
    mkdir -p "$KGITOPS_CACHE_DIR"
    local staging
    staging=$(mktemp -d "$KGITOPS_CACHE_DIR/.helm-build.XXXXXX")
    (cd "$staging" && GOWORK=off GOFLAGS= CGO_ENABLED=0 GOBIN="$staging/bin" \
      go install -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
      "helm.sh/helm/v4/cmd/helm@$HELM_VERSION") >&2 || {
      rm -rf "$staging"
      return 1
    }
    rm -rf "$KGITOPS_HELM_DIR"
    mkdir -p "$KGITOPS_HELM_DIR"
    mv "$staging/bin" "$KGITOPS_HELM_DIR/"
    rm -rf "$staging"
  fi
  [[ $(readlink "$bin_dir/helm" 2>/dev/null) == "$KGITOPS_HELM_DIR/bin/helm" ]] ||
    ln -sfn "$KGITOPS_HELM_DIR/bin/helm" "$bin_dir/helm"
}

build_control_plane
build_kwok
build_helm
echo "$bin_dir"
