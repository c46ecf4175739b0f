#!/usr/bin/env bash
# Speed benchmark: kubectl-gitops against its peers, in one run, on one local
# control plane of its own (testenv/up.sh, auditing reads too, stopped on exit).
# Usage: scripts/bench.sh [N ...]     (default: 100 1000)
#
# For each N, a git repository holds N ConfigMaps, N/50 Deployments and N/50
# Services, one copy per peer, each with its own namespace, so the peers never
# touch each other's objects. The peers:
#   kubectl         kubectl apply --server-side --force-conflicts -f <dir>
#   kapp            kapp deploy -y --wait=false (an app of its own per copy)
#   flux-ssa        testenv/fluxssa: Flux's apply engine (fluxcd/pkg/ssa) as
#                   kustomize-controller runs it
#   gitops-kubectl  kubectl gitops sync --transport kubectl
#   gitops-http     kubectl gitops sync --transport http
# Per peer and run: the cold apply, a no-op apply, and the heal of one drifted
# ConfigMap (patched with kubectl, then the tool is run once, then the value is
# checked to be git's again), each timed, with the API requests and writes it
# sent counted from the audit log. Any step that fails stops the benchmark.
# Prints one markdown table per N, of medians over KGITOPS_BENCH_RUNS runs
# (default 3). KGITOPS_BENCH_SKIP_BUILD=1: do not rebuild the plugin.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}
sizes=("$@")
((${#sizes[@]})) || sizes=(100 1000)
runs=${KGITOPS_BENCH_RUNS:-3}
peers=(kubectl kapp flux-ssa gitops-kubectl gitops-http)
for n in "${sizes[@]}"; do
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 50)); then
    echo "bench.sh: N must be a number of at least 50, not '$n'" >&2
    exit 2
  fi
done

# shellcheck source=scripts/bench_lib.sh
source "$root/scripts/bench_lib.sh"
peer_bin=$("$root/testenv/build_peers.sh")
bench_start_cluster bench
# A signal ends the script through its EXIT trap, which stops the control
# plane (by the PIDs it recorded) and removes the work folder.
trap 'exit 130' INT TERM HUP
PATH="$peer_bin:$PATH"
results="$work/results"

fail() {
  echo "bench.sh: $*" >&2
  exit 1
}

# Writes N ConfigMaps, N/50 Deployments and N/50 Services into folder $1,
# all in namespace $2, one object a file.
generate() {
  python3 - "$1" "$2" "$3" <<'EOF'
import os, sys
folder, ns, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(folder)
def write(name, text):
    with open(os.path.join(folder, name + ".yaml"), "w") as f:
        f.write(text)
for i in range(1, n + 1):
    write(f"cm-{i:05d}", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{i:05d}
  namespace: {ns}
data:
  index: "{i}"
  payload: "bench-{i}"
""")
for i in range(1, n // 50 + 1):
    write(f"deploy-{i:05d}", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i:05d}
  namespace: {ns}
spec:
  replicas: 1
  selector:
    matchLabels: {{app: app-{i:05d}}}
  template:
    metadata:
      labels: {{app: app-{i:05d}}}
    spec:
      containers:
        - name: app
          image: registry.k8s.io/pause:3.10
""")
    write(f"svc-{i:05d}", f"""apiVersion: v1
kind: Service
metadata:
  name: app-{i:05d}
  namespace: {ns}
spec:
  selector: {{app: app-{i:05d}}}
  ports:
    - port: 80
      targetPort: 8080
""")
EOF
}

# Runs one peer's tool once on its folder $3 (of the repository $2), as app $4
# in namespace $5.
apply_with() {
  local peer=$1 repo=$2 folder=$3 app=$4 ns=$5
  case $peer in
    kubectl) kubectl apply --server-side --force-conflicts -f "$repo/$folder" ;;
    kapp) kapp deploy -y --wait=false --tty=false --kubeconfig-context "$KGITOPS_CONTEXT" \
      -a "$app" -n "$ns" -f "$repo/$folder" ;;
    flux-ssa) fluxssa --context "$KGITOPS_CONTEXT" --name "$app" --namespace "$ns" "$repo/$folder" ;;
    gitops-kubectl | gitops-http)
      "$gitops" sync --context "$KGITOPS_CONTEXT" --transport "${peer#gitops-}" \
        --repo "$repo" --path "$folder" --app "$app" ;;
    *) fail "unknown peer $peer" ;;
  esac
}

# Requests and writes (dry runs excluded) by the admin user in the audit log
# after line $1, as "requests writes".
count_requests() {
  tail -n "+$(($1 + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys
requests = writes = 0
for line in sys.stdin:
    e = json.loads(line)
    if e.get("user", {}).get("username") != sys.argv[1]:
        continue
    requests += 1
    if e.get("verb") in ("create", "update", "patch", "delete", "deletecollection") \
            and "dryRun=" not in e.get("requestURI", ""):
        writes += 1
print(requests, writes)' "$KGITOPS_ADMIN_USER"
}

# Times one step (`measure` of `peer` at size `n`) and records seconds,
# requests and writes in $results; stops the benchmark when the tool fails.
step() {
  local n=$1 peer=$2 measure=$3 before start end counts
  shift 3
  before=$(wc -l <"$KGITOPS_AUDIT_LOG")
  start=$EPOCHREALTIME
  if ! apply_with "$peer" "$@" >"$work/step.log" 2>&1; then
    tail -n 30 "$work/step.log" >&2
    fail "$peer failed its $measure step at N=$n (output above)"
  fi
  end=$EPOCHREALTIME
  sleep 1 # the audit log's last entries of the step
  counts=$(count_requests "$before")
  echo "$n $peer $measure $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $counts" >>"$results"
}

expect_value() { # namespace, ConfigMap, expected payload, when
  local got
  got=$(kubectl get configmap "$2" -n "$1" -o jsonpath='{.data.payload}') ||
    fail "ConfigMap $1/$2 cannot be read $4"
  [[ $got == "$3" ]] || fail "ConfigMap $1/$2 holds payload '$got' $4, not git's '$3'"
}

bench_size() {
  local n=$1 run peer repo ns app last
  last=$(printf 'cm-%05d' "$n")
  for run in $(seq 1 "$runs"); do
    repo="$work/repo-$n-$run"
    mkdir -p "$repo"
    for peer in "${peers[@]}"; do
      generate "$repo/$peer" "bench-$peer-$n-$run" "$n"
    done
    git -C "$repo" init -q -b main
    git -C "$repo" add -A
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m bench
    for peer in "${peers[@]}"; do
      ns="bench-$peer-$n-$run" app="bench-$peer-$n-$run"
      kubectl create namespace "$ns" >/dev/null
      step "$n" "$peer" cold "$repo" "$peer" "$app" "$ns"
      kubectl get configmap "$last" -n "$ns" >/dev/null || fail "$peer's cold apply left out $ns/$last"
      step "$n" "$peer" noop "$repo" "$peer" "$app" "$ns"
      kubectl patch configmap cm-00001 -n "$ns" --type=merge -p '{"data":{"payload":"drift"}}' >/dev/null
      expect_value "$ns" cm-00001 drift "after the drift"
      step "$n" "$peer" heal "$repo" "$peer" "$app" "$ns"
      expect_value "$ns" cm-00001 bench-1 "after $peer's heal"
    done
    # Gone before the next run, so the runs do not compete with the deletion.
    for peer in "${peers[@]}"; do
      kubectl delete namespace "bench-$peer-$n-$run" --wait=false >/dev/null
    done
    for peer in "${peers[@]}"; do
      kubectl wait --for=delete "namespace/bench-$peer-$n-$run" --timeout=300s >/dev/null 2>&1 || true
    done
    rm -rf "$repo"
  done
}

# Prints the table of size $1 from $results.
report() {
  python3 - "$1" "$results" "$runs" "${peers[@]}" <<'EOF'
import statistics, sys
n, path, runs, peers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
values = {}
for line in open(path):
    size, peer, measure, secs, requests, writes = line.split()
    if size != n:
        continue
    for kind, value in (("s", float(secs)), ("requests", int(requests)), ("writes", int(writes))):
        values.setdefault((measure, kind), {}).setdefault(peer, []).append(value)
names = {"cold": "cold apply", "noop": "no-op apply", "heal": "heal one drifted object"}
ours = [p for p in peers if p.startswith("gitops-")]
theirs = [p for p in peers if p not in ours]
print(f"N = {n} ({n} ConfigMaps, {int(n) // 50} Deployments, {int(n) // 50} Services); median of {runs} run(s)\n")
print("| measure | " + " | ".join(peers) + " | kubectl-gitops (best transport) vs best peer |")
print("|---" * (len(peers) + 2) + "|")
for measure in ("cold", "noop", "heal"):
    for kind in ("s", "requests", "writes"):
        medians = {p: statistics.median(values[(measure, kind)][p]) for p in peers}
        cells = [f"{medians[p]:.2f}" if kind == "s" else f"{medians[p]:g}" for p in peers]
        best_ours, best_theirs = min(medians[p] for p in ours), min(medians[p] for p in theirs)
        if best_ours == best_theirs:
            ratio = "same"
        elif best_ours == 0 or best_theirs == 0 or (kind != "s" and max(best_ours, best_theirs) < 1.1 * min(best_ours, best_theirs)):
            ratio = f"{best_ours:g} vs {best_theirs:g}"
        else:
            better = best_ours < best_theirs
            factor = best_theirs / best_ours if better else best_ours / best_theirs
            words = ("faster", "slower") if kind == "s" else ("fewer", "more")
            ratio = f"{factor:.{2 if factor < 1.1 else 1}f}x {words[0] if better else words[1]}"
        label = f"{names[measure]} ({'s' if kind == 's' else 'API ' + kind})"
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
print()
EOF
}

# kapp built from the module reports "develop"; the version is the one pinned.
# shellcheck source=testenv/versions.sh
source "$root/testenv/versions.sh"
echo "kubectl: $(kubectl version --client | head -n 1); kapp: $KAPP_VERSION; fluxcd/pkg/ssa: $FLUX_SSA_VERSION;" \
  "control plane: Kubernetes $KGITOPS_KUBE_VERSION; $(nproc) cores"
echo "API requests and writes: the admin user's entries in the audit log (reads audited too; dry runs are requests, not writes)"
echo
for n in "${sizes[@]}"; do
  bench_size "$n"
  report "$n"
done
