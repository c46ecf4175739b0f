#!/usr/bin/env bash
# Benchmark: kubectl-gitops against `kubectl apply --server-side` on the same
# N generated objects, in the same run, on a local control plane.
# Usage: scripts/bench.sh [N ...]     (default: 100 1000)
# Reports, per N, the median of KGITOPS_BENCH_RUNS runs (default 3 for
# N <= 200, else 1) of: cold apply, no-op apply, heal of one drifted object;
# and the number of API writes each no-op sends (from the audit log).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KGITOPS_BUILD_DIR:-$root/build}
sizes=("$@")
((${#sizes[@]})) || sizes=(100 1000)

"$root/scripts/build.sh" >/dev/null
"$root/testenv/build.sh" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-gitops-bench.XXXXXX")
trap '"$root/testenv/down.sh" "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$root/testenv/up.sh" "$work/cluster" >/dev/null
# shellcheck source=/dev/null
source "$work/cluster/env"
export KUBECONFIG
gitops="$build/plugin/kubectl-gitops"

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
median() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }
writes_since() { # audit log writes after line $1 by the admin user, dry runs excluded
  tail -n "+$(($1 + 1))" "$KGITOPS_AUDIT_LOG" | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    e = json.loads(line)
    if e.get("user", {}).get("username") == sys.argv[1] and e.get("verb") in ("create", "update", "patch", "delete") and "dryRun=" not in e.get("requestURI", ""):
        n += 1
print(n)' "$KGITOPS_ADMIN_USER"
}
timed() { local start end; start=$(now); "$@" >/dev/null 2>&1; end=$(now); elapsed "$start" "$end"; }

printf '%-6s %-22s %12s %12s %8s\n' N measure kubectl-ssa kubectl-gitops ratio
for n in "${sizes[@]}"; do
  runs=${KGITOPS_BENCH_RUNS:-$((n <= 200 ? 3 : 1))}
  declare -a k_cold=() g_cold=() k_noop=() g_noop=() k_heal=() g_heal=()
  for run in $(seq 1 "$runs"); do
    repo="$work/repo-$n-$run"
    mkdir -p "$repo/manifests"
    git -C "$repo" init -q -b main
    for i in $(seq 1 "$n"); do
      printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%05d\ndata:\n  index: "%d"\n  payload: "%s"\n' \
        "$i" "$i" "bench-$i" >"$repo/manifests/cm-$i.yaml"
    done
    git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@b commit -q -m bench
    kns="bench-k-$n-$run" gns="bench-g-$n-$run"
    kubectl create namespace "$kns" >/dev/null
    kubectl create namespace "$gns" >/dev/null
    ssa() { kubectl apply --server-side --field-manager=bench -n "$kns" -f "$repo/manifests"; }
    sync() { "$gitops" sync --repo "$repo" --path manifests --app "bench-$n-$run" -n "$gns"; }

    k_cold+=("$(timed ssa)")
    g_cold+=("$(timed sync)")
    line=$(wc -l <"$KGITOPS_AUDIT_LOG"); k_noop+=("$(timed ssa)"); k_noop_writes=$(writes_since "$line")
    line=$(wc -l <"$KGITOPS_AUDIT_LOG"); g_noop+=("$(timed sync)"); g_noop_writes=$(writes_since "$line")
    kubectl patch configmap cm-00001 -n "$kns" --type=merge -p '{"data":{"payload":"drift"}}' >/dev/null
    kubectl patch configmap cm-00001 -n "$gns" --type=merge -p '{"data":{"payload":"drift"}}' >/dev/null
    k_heal+=("$(timed ssa)")
    g_heal+=("$(timed sync)")
    kubectl delete namespace "$kns" "$gns" --wait=false >/dev/null
  done
  report() { printf '%-6s %-22s %12s %12s %7sx\n' "$n" "$1" "$2" "$3" "$(python3 -c "import sys; print(f'{float(sys.argv[1]) / max(float(sys.argv[2]), 0.01):.1f}')" "$2" "$3")"; }
  report "cold apply (s)" "$(median "${k_cold[@]}")" "$(median "${g_cold[@]}")"
  report "no-op apply (s)" "$(median "${k_noop[@]}")" "$(median "${g_noop[@]}")"
  report "heal one object (s)" "$(median "${k_heal[@]}")" "$(median "${g_heal[@]}")"
  printf '%-6s %-22s %12s %12s\n' "$n" "no-op API writes" "$k_noop_writes" "$g_noop_writes"
  echo "($runs run(s) each; ratio = kubectl time / kubectl-gitops time, higher is faster)"
done
