#!/usr/bin/env bash
# Builds the upstream control-plane programs (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler) from source through the Go module
# proxy, at the versions pinned in testenv/kubebins/go.mod, into a versioned
# cache folder outside the repository. Prints that folder. A second run finds
# the binaries there and returns at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=testenv/versions.sh
source "$here/versions.sh"

bin_dir="$KGITOPS_KUBEBINS_DIR/bin"
wanted=(etcd kube-apiserver kube-controller-manager kube-scheduler)

have_all=true
for name in "${wanted[@]}"; do
  [[ -x "$bin_dir/$name" ]] || have_all=false
done
if $have_all; then
  echo "$bin_dir"
  exit 0
fi

command -v go >/dev/null || { echo "build.sh: go is required to build the control plane" >&2; exit 1; }
mkdir -p "$bin_dir"
staging=$(mktemp -d "$KGITOPS_KUBEBINS_DIR/.build.XXXXXX")
trap 'rm -rf "$staging"' EXIT

cd "$here/kubebins"
minor=${KUBE_VERSION#v1.}
minor=${minor%%.*}
echo "build.sh: building Kubernetes $KUBE_VERSION and etcd $ETCD_VERSION (a cold build takes 10-25 minutes)" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w \
  -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
  -X k8s.io/component-base/version.gitMajor=1 \
  -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/component-base/version.gitTreeState=clean \
  -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION" \
  -o "$staging/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$staging/etcd" go.etcd.io/etcd/server/v3 >&2

# Move into place only once every binary was built, so a broken build never
# leaves a half-filled cache that later runs would trust.
for name in "${wanted[@]}"; do
  mv "$staging/$name" "$bin_dir/$name"
done
echo "$bin_dir"
