# Pinned versions of the local control plane; sourced by the testenv scripts.
# Changing them also needs testenv/kubebins/go.mod to move.
KUBE_VERSION=v1.34.3
ETCD_VERSION=v3.6.4
# kwok fakes nodes and pod status (there is no kubelet); built in its own
# module, so its Kubernetes libraries never meet the control plane's.
KWOK_VERSION=v0.8.0
# helm renders charts; the e2e tests run it from the control plane's folder.
HELM_VERSION=v4.3.2
KGITOPS_CACHE_DIR=${KGITOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-gitops}
KGITOPS_KUBEBINS_DIR="$KGITOPS_CACHE_DIR/kubebins-$KUBE_VERSION-etcd-$ETCD_VERSION"
KGITOPS_KWOK_DIR="$KGITOPS_CACHE_DIR/kwok-$KWOK_VERSION"
KGITOPS_HELM_DIR="$KGITOPS_CACHE_DIR/helm-$HELM_VERSION"
# Peers of the speed benchmark (scripts/bench.sh), built by
# testenv/build_peers.sh only: kapp, and Flux's server-side apply engine
# (fluxcd/pkg/ssa, the library kustomize-controller applies with) driven by
# testenv/fluxssa.
KAPP_VERSION=v0.64.2
FLUX_SSA_VERSION=v0.78.0
KGITOPS_KAPP_DIR="$KGITOPS_CACHE_DIR/kapp-$KAPP_VERSION"
KGITOPS_FLUXSSA_DIR="$KGITOPS_CACHE_DIR/fluxssa-$FLUX_SSA_VERSION"
