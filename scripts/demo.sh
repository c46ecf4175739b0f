#!/usr/bin/env bash
# The GitOps workshop's story, narrated, on a local control plane built from
# upstream source: a repository of manifests becomes the cluster's state,
# drift is reverted, commits stick, and prune removes only what the app owns.
# Everything it starts is torn down when it ends.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
# kubectl of the control plane's release, built beside it: none is needed.
kubebins=$("$root/testenv/build.sh")
export PATH="$kubebins:$PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-demo.XXXXXX")
env_dir="$work/cluster"
watch_pid=
cleanup() {
  [[ -z $watch_pid ]] || { kill "$watch_pid" 2>/dev/null && wait "$watch_pid"; } || true
  "$root/testenv/down.sh" "$env_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() {
  printf '\033[2m$ %s\033[0m\n' "$*"
  "$@"
}

say "Starting a local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok)"
"$root/testenv/up.sh" "$env_dir" >/dev/null
# shellcheck source=/dev/null
source "$env_dir/env"
export KUBECONFIG
# kubectl finds the plugin on PATH, as after a krew install.
export PATH="$build/plugin:$PATH"
kubectl version 2>/dev/null | sed 's/^/  /'

repo="$work/gitops-repo"
mkdir -p "$repo"
git -C "$repo" init -q -b main
git -C "$repo" config user.name demo
git -C "$repo" config user.email demo@example.invalid
write_web() {
  cat >"$repo/web.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: $1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
YAML
}
commit() { git -C "$repo" add -A && git -C "$repo" commit -q -m "$1" && echo "  committed: $1"; }
sync() { run kubectl gitops sync --repo "$repo" --app web -n default "$@"; }

say "A git repository declares a Deployment 'web' with 2 replicas"
write_web 2
cat >"$repo/service.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
YAML
commit "web at 2 replicas"
say "sync --wait returns once the pods run (kwok's fake nodes make them Ready)"
sync --prune --wait --timeout 2m
run kubectl get deployment web
run kubectl gitops status --app web

say "Someone scales by hand: that is drift"
run kubectl scale deployment web --replicas=5
run kubectl gitops diff --repo "$repo" --app web -n default || true
say "The next sync reverts it to what git says"
sync
run kubectl get deployment web -o jsonpath='{.spec.replicas}{"\n"}'

say "Committing 5 replicas to git makes 5 stick"
write_web 5
commit "scale web to 5"
sync
run kubectl get deployment web -o jsonpath='{.spec.replicas}{"\n"}'

say "git revert, and the cluster follows: 2 again"
git -C "$repo" revert --no-edit HEAD >/dev/null && echo "  reverted"
sync
run kubectl get deployment web -o jsonpath='{.spec.replicas}{"\n"}'

say "kubectl delete deployment web: the next sync recreates it"
run kubectl delete deployment web
sync

say "kubectl gitops watch: the agent heals drift the moment it happens"
watch_log="$work/watch.log"
printf '\033[2m$ kubectl gitops watch --repo %s --app web -n default --interval 30s &\033[0m\n' "$repo"
kubectl gitops watch --repo "$repo" --app web -n default --interval 30s --listen 127.0.0.1:0 \
  >"$watch_log" 2>&1 &
watch_pid=$!
until grep -q "watch of Deployment established" "$watch_log"; do
  kill -0 "$watch_pid" 2>/dev/null || { cat "$watch_log"; exit 1; }
  sleep 0.2
done
replicas() { kubectl get deployment web -o jsonpath='{.spec.replicas}'; }
run kubectl scale deployment web --replicas=5
scaled_us=${EPOCHREALTIME/./}
while [[ $(replicas) != 2 ]]; do sleep 0.02; done
healed_ms=$(((${EPOCHREALTIME/./} - scaled_us) / 1000))
echo "  back to $(replicas) replicas ${healed_ms} ms after the scale, with no sync run by hand"
grep " healed " "$watch_log" | sed 's/^/  watch: /'
kill -TERM "$watch_pid" && wait "$watch_pid" && watch_pid=
echo "  SIGTERM: the watch stopped and took its kubectl watches with it"

say "A ConfigMap carries the app's label but was never applied by the app"
run kubectl create configmap not-ours --from-literal=owner=someone-else
run kubectl label configmap not-ours gitops.kubectl.dev/app=web

say "git rm the Service: prune removes it, and only it"
git -C "$repo" rm -q service.yaml
commit "remove the Service"
run kubectl gitops prune --dry-run --repo "$repo" --app web -n default
sync --prune
run kubectl get service,configmap -l gitops.kubectl.dev/app=web

say "What the cluster records about the app"
run kubectl gitops status
say "Done: the control plane is being torn down"
